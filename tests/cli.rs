//! The `parallax` binary as a user runs it: list, show, compare, errors, hostile files.

mod common;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn parallax(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .output()
        .expect("runs")
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 output")
}

#[test]
fn list_defaults_to_the_shipped_articles() {
    let v = json(&parallax(&["list", "--json"], root()));
    assert_eq!(v["schema_version"], 2);
    let ids: Vec<&str> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "000_98ce6655202eba47",
            "001_9d38928ece2fabb9",
            "002_74ca31117742919c",
            "003_fd675ad7baefdf4f",
            "004_930046805f83b52a"
        ]
    );
    let dw = &v["articles"][4];
    for key in ["id", "path", "title", "source", "paragraphs", "words"] {
        assert!(!dw[key].is_null(), "{key}");
    }
    assert_eq!(dw["paragraphs"], 21);
    assert_eq!(dw["source"], "Deutsche Welle");
    let text = stdout(&parallax(&["list"], root()));
    assert!(text.contains("004_930046805f83b52a"));
    assert!(text.contains("5 articles"));
}

#[test]
fn show_gives_offsets_into_the_file() {
    let v = json(&parallax(&["show", "004", "--json"], root()));
    let path = root().join(v["path"].as_str().unwrap());
    let raw = std::fs::read_to_string(path).unwrap();
    let paras = v["paragraphs"].as_array().unwrap();
    assert_eq!(paras.len(), 21);
    for p in paras {
        let (s, e) = (
            p["start"].as_u64().unwrap() as usize,
            p["end"].as_u64().unwrap() as usize,
        );
        let fold = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(fold(&raw[s..e]), fold(p["text"].as_str().unwrap()));
    }
    let text = stdout(&parallax(&["show", "004"], root()));
    assert!(text.contains("source   Deutsche Welle"));
    assert!(text.contains("¶20"));
}

#[test]
fn compare_json_contract() {
    let v = json(&parallax(&["compare", "004", "002", "--json"], root()));
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["verdict"], "left_contained_in_right");
    for side in ["left", "right"] {
        for key in ["id", "path", "title", "paragraphs"] {
            assert!(!v[side][key].is_null(), "{side}.{key}");
        }
    }
    let scores = &v["scores"];
    assert!(scores["left_in_right"].as_f64().unwrap() >= 0.85);
    assert!(scores["right_in_left"].as_f64().unwrap() <= 0.35);
    assert!(scores["similarity"].as_f64().is_some());
    assert!(scores["longest_run"].as_u64().unwrap() >= 20);
    let rows = v["rows"].as_array().unwrap();
    let kinds: std::collections::HashSet<&str> =
        rows.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    for k in ["identical", "near", "left-only", "right-only"] {
        assert!(kinds.contains(k), "{k} in {kinds:?}");
    }
    let left_paras = v["left"]["paragraphs"].as_array().unwrap();
    for r in rows {
        assert!(r["left"].is_array() && r["right"].is_array());
        assert!(r["similarity"].is_number());
        for s in r["spans"]["left"].as_array().unwrap() {
            let p = left_paras[s["para"].as_u64().unwrap() as usize]
                .as_str()
                .unwrap();
            let (a, b) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert!(p.is_char_boundary(a) && p.is_char_boundary(b) && a < b);
        }
    }
    for m in v["moves"].as_array().unwrap() {
        assert!(m["left"].is_array() && m["right"].is_array() && m["similarity"].is_number());
    }
    assert_eq!(v["verdict_v1"], "left_contained_in_right");
    // Passages: byte and character offsets into each file's text, word counts, a kind.
    let texts = [
        std::fs::read_to_string(root().join("articles/004_930046805f83b52a.txt")).unwrap(),
        std::fs::read_to_string(root().join("articles/002_74ca31117742919c.txt")).unwrap(),
    ];
    let passages = v["passages"].as_array().unwrap();
    assert!(!passages.is_empty());
    for p in passages {
        for (side, text) in ["left", "right"].into_iter().zip(&texts) {
            let e = &p[side];
            let n = |k: &str| e[k].as_u64().unwrap() as usize;
            let (start, end) = (n("start"), n("end"));
            assert!(start < end && end <= text.len(), "{e}");
            assert_eq!(text[..start].chars().count(), n("char_start"));
            assert_eq!(text[..end].chars().count(), n("char_end"));
            assert!(n("words") > 0);
        }
        assert!(["verbatim", "edited", "reordered", "quote"].contains(&p["kind"].as_str().unwrap()));
        assert!(p["similarity"].as_f64().unwrap() > 0.0);
    }
    // The DW article is one passage of the thread, nearly whole.
    let dw = &passages[0]["left"];
    assert!(
        dw["words"].as_u64().unwrap() as f64
            >= 0.9 * scores["left_counted_words"].as_f64().unwrap()
    );
}

#[test]
fn compare_accepts_paths_and_reports_side_by_side() {
    let a = root().join("articles/004_930046805f83b52a.txt");
    let b = root().join("articles/002_74ca31117742919c.txt");
    let o = parallax(
        &[
            "compare",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--width",
            "140",
        ],
        Path::new("/"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("verdict: the left article is contained in the right"));
    assert!(out.contains("│"), "side by side at 140 columns");
    assert!(
        out.contains("[~Defence~]"),
        "variants marked without colour"
    );
    assert!(!out.contains('\u{1b}'), "no colour when piped");
    let stacked = stdout(&parallax(
        &["compare", "004", "002", "--width", "80"],
        root(),
    ));
    assert!(!stacked.contains("│"));
    assert!(stacked.contains("{+has said+}"));
    let colored = stdout(&parallax(
        &["compare", "004", "002", "--color", "always"],
        root(),
    ));
    assert!(colored.contains("\u{1b}[33;4mDefence"));
}

#[test]
fn errors_are_one_clear_line() {
    let cases: &[(&[&str], &str)] = &[
        (&["show", "999"], "no article '999'"),
        (&["compare", "004", "nope"], "no article 'nope'"),
        (&["show", "00"], "matches several articles"),
        (
            &["list", "--corpus", "/no/such/folder"],
            "cannot open corpus folder",
        ),
        (
            &["show", "x", "--corpus", "/no/such/folder"],
            "cannot open corpus folder",
        ),
    ];
    for (args, want) in cases {
        let o = parallax(args, root());
        assert!(!o.status.success(), "{args:?} should fail");
        let err = stderr(&o);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn hostile_and_odd_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(
        d.join("escape.txt"),
        "Title \x1b]8;;http://evil\x07with link\x1b]8;;\x07\n\nBody \x1b[2J\x1b[31mred\u{202e}txt and more words here.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("latin1.txt"),
        b"Caf\xe9 au lait co\xfbte \xa31.\n\nSecond paragraph here.\n",
    )
    .unwrap();
    std::fs::write(d.join("binary.txt"), b"\x00\x01\x02binary\x00").unwrap();
    std::fs::create_dir(d.join(".parallax")).unwrap();
    std::fs::write(d.join(".parallax/hidden.txt"), "not an article").unwrap();
    std::fs::write(d.join("notes.pdf"), "not an article either").unwrap();
    let corpus = d.to_str().unwrap();

    let v = json(&parallax(&["list", "--corpus", corpus, "--json"], root()));
    let ids: Vec<&str> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["escape", "latin1"]);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3);
    let reason = |name: &str| {
        skipped
            .iter()
            .find(|s| s["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not skipped: {skipped:?}"))["reason"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(reason("binary.txt").contains("binary"));
    assert_eq!(reason("empty.txt"), "empty file (0 bytes)");
    // A document parallax does not read is said to be skipped, not passed over in silence.
    assert!(reason("notes.pdf").starts_with("a PDF document"));

    // The empty file is refused with its reason.
    let e = parallax(&["show", "empty", "--corpus", corpus], root());
    assert!(!e.status.success());
    assert!(stderr(&e).contains("empty file"), "{}", stderr(&e));

    // Latin-1 decoded, not mangled.
    let l = json(&parallax(
        &["show", "latin1", "--corpus", corpus, "--json"],
        root(),
    ));
    assert_eq!(l["paragraphs"][0]["text"], "Café au lait coûte £1.");

    // Escape sequences never reach the terminal raw, in any command.
    for args in [
        vec!["show", "escape", "--corpus", corpus],
        vec!["list", "--corpus", corpus],
        vec!["compare", "escape", "latin1", "--corpus", corpus],
        vec![
            "compare", "escape", "escape", "--corpus", corpus, "--color", "always",
        ],
    ] {
        let o = parallax(&args, root());
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let out = stdout(&o);
        assert_eq!(
            out.matches('\u{1b}').count(),
            out.matches("\u{1b}[").count(),
            "{args:?}"
        );
        for bad in ["\u{1b}]", "\u{1b}[2J", "\u{1b}[31m", "\u{7}", "\u{202e}"] {
            assert!(!out.contains(bad), "{args:?} leaked {bad:?}");
        }
        assert!(out.contains('␛'), "{args:?}: escapes are made visible");
    }
    let bin = parallax(&["show", "binary", "--corpus", corpus], root());
    assert!(!bin.status.success());
    assert!(stderr(&bin).contains("binary"));
}

#[test]
fn search_and_skipped_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in ["harbour.html", "wire.jsonl", "latin1.txt"] {
        std::fs::copy(common::formats_dir().join(f), d.join(f)).unwrap();
    }
    std::fs::write(d.join("bad.json"), "[{\"text\": ").unwrap();
    let corpus = d.to_str().unwrap();
    let v = json(&parallax(&["list", "--corpus", corpus, "--json"], root()));
    assert_eq!(v["articles"].as_array().unwrap().len(), 5);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0]["path"].as_str().unwrap().ends_with("bad.json"));
    assert!(skipped[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("invalid JSON"));
    assert!(d.join(".parallax/cache.db").is_file());

    let s = json(&parallax(
        &[
            "search",
            "rail strike was CALLED off",
            "--corpus",
            corpus,
            "--json",
        ],
        root(),
    ));
    assert_eq!(s["schema_version"], 2);
    let hits = s["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["id"], "wire#2");
    assert_eq!(hits[0]["para"], 0);
    assert_eq!(hits[0]["title"], "Rail strike called off after late offer");
    assert!(hits[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("«rail strike was called off»"));
    let text = stdout(&parallax(&["search", "crane", "--corpus", corpus], root()));
    assert!(text.starts_with("harbour  ¶"), "{text}");
    assert!(
        text.ends_with("hits\n") || text.ends_with("hit\n"),
        "{text}"
    );
    let none = stdout(&parallax(
        &["search", "zeppelin", "--corpus", corpus],
        root(),
    ));
    assert_eq!(none, "0 hits\n");
    let bad = parallax(&["search", "--corpus", corpus, "***"], root());
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("no words"));
}

#[test]
fn a_match_deep_in_a_long_paragraph_is_in_the_snippet_at_80_columns() {
    use unicode_width::UnicodeWidthStr;
    let dir = tempfile::tempdir().unwrap();
    let filler = "The committee met again on Tuesday and discussed the budget at length. ";
    let text = format!(
        "Budget talks\n\n{}The minister promised a «référendum» on the harbour crane before spring. {}\n",
        filler.repeat(12),
        filler.repeat(12)
    );
    std::fs::write(dir.path().join("long.txt"), text).unwrap();
    let corpus = parallax_core::corpus::Corpus::open(dir.path()).unwrap();
    use parallax_core::corpus::cache::Cache;
    let mut cache = Cache::open(&Cache::default_path(dir.path())).unwrap();
    cache.load_all(&corpus).unwrap();
    let hits = cache.search(&corpus, "harbour crane", 5).unwrap();
    assert_eq!(hits.len(), 1);
    let s = &hits[0].snippet;
    assert!(s.contains("«harbour crane»"), "{s}");
    assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
    assert!(
        s.width() <= parallax_core::text::snippet::SNIPPET_COLS,
        "{s}"
    );
    // Centred: about as much text before the match as after it.
    let (before, after) = s.split_once("«harbour crane»").unwrap();
    let (b, a) = (before.width() as i64, after.width() as i64);
    assert!((b - a).abs() <= 14, "{b} columns before, {a} after: {s}");
    // The terminal output fits 80 columns with its indent.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["search", "harbour crane", "--corpus"])
        .arg(dir.path())
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let line = out.lines().nth(1).unwrap();
    assert!(
        line.width() <= 80 && line.contains("«harbour crane»"),
        "{out}"
    );
}

#[test]
fn a_reader_that_closes_the_pipe_early_is_not_an_error() {
    // `parallax compare --json … | head -c 100`: the JSON (of a pair larger than a pipe's
    // buffer) meets a closed pipe. That is the reader's choice, not a failure to report.
    use std::io::Read;
    let dir = tempfile::tempdir().unwrap();
    let text = parallax_synth::article(5, 300_000);
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    std::fs::write(dir.path().join("b.txt"), &text).unwrap();
    for args in [
        &["compare", "--json", "a.txt", "b.txt"][..],
        &["show", "--json", "a.txt"][..],
        &["compare", "--color", "always", "a.txt", "b.txt"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(args)
            .current_dir(dir.path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("runs");
        let mut head = [0u8; 100];
        child
            .stdout
            .take()
            .unwrap()
            .read_exact(&mut head)
            .expect("output starts");
        let out = child.wait_with_output().expect("ends");
        assert!(out.status.success(), "{args:?}: {:?}", out.status);
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn an_article_compared_with_itself_is_shown_as_its_own_duplicate_and_said_so() {
    let o = parallax(&["compare", "--json", "004", "004"], root());
    let v = json(&o);
    assert_eq!(v["verdict"], "duplicate");
    assert!(
        stderr(&o).contains("same article"),
        "the reader refuses this pick; the command line says what it is: {}",
        stderr(&o)
    );
    let o = parallax(&["compare", "004", "002"], root());
    assert!(!stderr(&o).contains("same article"));
}

#[test]
fn documents_parallax_cannot_read_are_listed_as_skipped_and_counts_read_right() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::articles_dir().join("004_930046805f83b52a.txt"),
        dir.path().join("004.txt"),
    )
    .unwrap();
    std::fs::write(dir.path().join("report.pdf"), b"%PDF-1.4 ...").unwrap();
    std::fs::write(dir.path().join("note.rtf"), b"{\\rtf1 hello}").unwrap();
    std::fs::write(dir.path().join("memo.DOCX"), b"PK\x03\x04").unwrap();
    std::fs::write(dir.path().join("photo.png"), b"\x89PNG").unwrap();
    let o = parallax(&["list", "--corpus", "."], dir.path());
    let text = stdout(&o);
    assert!(text.contains("\n1 article\n"), "{text}");
    for name in ["report.pdf", "note.rtf", "memo.DOCX"] {
        let line = text
            .lines()
            .find(|l| l.starts_with("skipped") && l.contains(name))
            .unwrap_or_else(|| panic!("{name} not listed as skipped:\n{text}"));
        assert!(line.contains("convert it"), "{line}");
    }
    assert!(
        !text.contains("photo.png"),
        "images are not documents: {text}"
    );
    let v = json(&parallax(&["list", "--json", "--corpus", "."], dir.path()));
    assert_eq!(v["skipped"].as_array().unwrap().len(), 3, "{v}");
    let shown = stdout(&parallax(&["show", "--corpus", ".", "004"], dir.path()));
    assert!(shown.contains("439 words, 21 paragraphs"), "{shown}");
}

#[test]
fn coverage_merges_paragraphs_without_a_source_into_ranges() {
    let o = parallax(&["coverage", "002"], root());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with('¶')).collect();
    for w in lines.windows(2) {
        assert!(
            !(w[0].ends_with("no source") && w[1].ends_with("no source")),
            "two lines for one run without a source:\n{}\n{}",
            w[0],
            w[1]
        );
    }
    let range = lines
        .iter()
        .find(|l| l.ends_with("no source") && l.contains('-'))
        .expect("the forum thread's own posts make one range");
    // The range's words add up: the thread's words less those with a source.
    let words: usize = range.split_whitespace().nth(1).unwrap().parse().unwrap();
    assert!(words > 1000, "{range}");
}
