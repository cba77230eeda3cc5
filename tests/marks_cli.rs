//! The marks commands as a user runs them: mark, marks, note, unmark, undo, export, import.

mod common;
use common::{ok, temp_corpus, HOSTILE};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn parallax(args: &[&str], cwd: &Path) -> Output {
    common::run_as("tester", args, cwd)
}

/// `parallax mark 004 002 ARGS… --corpus DIR` in the corpus folder `d`; must succeed.
fn mark_dw(d: &Path, args: &[&str]) -> String {
    let mut all = vec!["mark", "004", "002"];
    all.extend_from_slice(args);
    all.extend(["--corpus", d.to_str().unwrap()]);
    ok(&parallax(&all, d))
}

/// A failure: exit 1, one line on stderr starting `parallax: error:`, nothing on stdout.
fn fails(o: &Output, want: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.starts_with("parallax: error: "), "{err}");
    assert!(err.contains(want), "wanted {want:?} in {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn mark_list_note_unmark_undo() {
    let (dir, _) = temp_corpus(&["004", "002", "003"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    let out = mark_dw(
        d,
        &["--label", "copy", "--source", "left", "--note", "reposted"],
    );
    assert_eq!(
        out,
        "saved mark #1: 004_930046805f83b52a ↔ 002_74ca31117742919c  copy (left is the original)\n"
    );
    assert!(
        d.join(".parallax/parallax.db").is_file(),
        "default store in the corpus"
    );
    ok(&parallax(
        &[
            "mark",
            "004",
            "002",
            "--para",
            "3-4:6-7",
            "--label",
            "paraphrase",
            "--corpus",
            c,
            "--author",
            "bob",
        ],
        d,
    ));
    ok(&parallax(
        &["mark", "003", "004", "--label", "unrelated", "--corpus", c],
        d,
    ));

    let v: Value =
        serde_json::from_str(&ok(&parallax(&["marks", "--json", "--corpus", c], d))).unwrap();
    let marks = v["marks"].as_array().unwrap();
    assert_eq!(marks.len(), 3);
    assert_eq!(marks[0]["label"], "copy");
    assert_eq!(marks[0]["source"], "left");
    assert_eq!(marks[0]["author"], "tester");
    assert_eq!(marks[1]["author"], "bob");
    assert_eq!(marks[1]["left"]["paragraphs"][1]["index"], 4);
    assert_eq!(marks[1]["right"]["paragraphs"][0]["index"], 6);
    assert_eq!(marks[2]["anchor_status"], "ok");

    let text = ok(&parallax(&["marks", "--corpus", c], d));
    assert!(text.contains(
        "#1    004_930046805f83b52a ↔ 002_74ca31117742919c  copy (left is the original)  tester"
    ));
    assert!(text.contains("paraphrase ¶3-4 : ¶6-7  bob"));
    assert!(text.contains("note: reposted"));
    assert!(text.ends_with("3 marks\n"));

    assert!(ok(&parallax(
        &["note", "1", "on second thought", "--corpus", c],
        d
    ))
    .contains("on second thought"));
    assert!(ok(&parallax(&["unmark", "3", "--corpus", c], d)).contains("deleted mark #3"));
    assert!(ok(&parallax(&["marks", "--corpus", c], d)).ends_with("2 marks\n"));
    let undone = ok(&parallax(&["undo", "--corpus", c], d));
    assert!(undone.starts_with("undid: deleted unrelated") && undone.contains("(#3)"));
    let undone = ok(&parallax(&["undo", "--corpus", c], d));
    assert!(undone.starts_with("undid: the note on copy") && undone.contains("(#1)"));
    let text = ok(&parallax(&["marks", "--corpus", c], d));
    assert!(text.contains("note: reposted") && text.ends_with("3 marks\n"));
    // tester's two marks; bob's is bob's to undo.
    for _ in 0..2 {
        ok(&parallax(&["undo", "--corpus", c], d));
    }
    assert_eq!(
        ok(&parallax(&["undo", "--corpus", c], d)),
        "nothing to undo for tester\n"
    );
    let text = ok(&parallax(&["marks", "--corpus", c], d));
    assert!(text.starts_with("#2 ") && text.contains("bob") && text.ends_with("1 mark\n"));
    ok(&parallax(&["undo", "--author", "bob", "--corpus", c], d));
    assert_eq!(ok(&parallax(&["marks", "--corpus", c], d)), "0 marks\n");
}

#[test]
fn reading_commands_create_no_store() {
    let (dir, _) = temp_corpus(&["004"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    assert_eq!(ok(&parallax(&["marks", "--corpus", c], d)), "0 marks\n");
    assert_eq!(
        ok(&parallax(&["undo", "--corpus", c], d)),
        "nothing to undo for tester\n"
    );
    let v: Value = serde_json::from_str(&ok(&parallax(&["export", "--corpus", c], d))).unwrap();
    assert_eq!(v["marks"].as_array().unwrap().len(), 0);
    assert!(!d.join(".parallax").exists());
}

#[test]
fn errors_are_one_clear_line() {
    let (dir, _) = temp_corpus(&["004", "002"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "mark", "004", "002", "--para", "99:1", "--label", "distinct",
            ],
            "paragraph 99 is out of range: 004_930046805f83b52a has 21 paragraphs (¶0-¶20)",
        ),
        (
            &["mark", "004", "002", "--para", "3", "--label", "distinct"],
            "expected LEFT:RIGHT",
        ),
        (
            &[
                "mark", "004", "002", "--para", "5-3:1", "--label", "distinct",
            ],
            "runs backwards",
        ),
        (
            &["mark", "004", "002", "--para", "3:5", "--label", "copy"],
            "is not a paragraph label",
        ),
        (
            &["mark", "004", "002", "--label", "paraphrase"],
            "is not an article-pair label",
        ),
        (
            &[
                "mark",
                "004",
                "002",
                "--label",
                "same-story",
                "--source",
                "left",
            ],
            "applies to 'copy'",
        ),
        (
            &["mark", "004", "nope", "--label", "duplicate"],
            "no article 'nope'",
        ),
        (
            &[
                "mark",
                "004",
                "002",
                "--label",
                "duplicate",
                "--author",
                " ",
            ],
            "--author is empty",
        ),
        (&["note", "7", "x"], "no mark #7"),
        (&["unmark", "7"], "no mark #7"),
        (
            &["import", "/no/such/file.json"],
            "cannot read /no/such/file.json",
        ),
    ];
    for (args, want) in cases {
        let mut all = args.to_vec();
        all.extend(["--corpus", c]);
        fails(&parallax(&all, d), want);
    }
    // Nothing was saved by the failures but the store the note/unmark ones found missing.
    let v: Value =
        serde_json::from_str(&ok(&parallax(&["marks", "--json", "--corpus", c], d))).unwrap();
    assert!(v["marks"].as_array().unwrap().is_empty());

    // Unknown label: clap's usage error (exit 2).
    let o = parallax(
        &["mark", "004", "002", "--label", "stolen", "--corpus", c],
        d,
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_bad_store_is_reported_and_not_overwritten() {
    let (dir, _) = temp_corpus(&["004", "002"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    std::fs::create_dir(d.join(".parallax")).unwrap();
    let store = d.join(".parallax/parallax.db");
    let junk = b"this is my thesis, not a database\n".repeat(200);
    std::fs::write(&store, &junk).unwrap();
    for args in [
        vec!["mark", "004", "002", "--label", "duplicate"],
        vec!["marks"],
        vec!["undo"],
        vec!["export", "--format", "csv"],
    ] {
        let mut all = args.clone();
        all.extend(["--corpus", c]);
        fails(&parallax(&all, d), "not a parallax store");
        assert_eq!(
            std::fs::read(&store).unwrap(),
            junk,
            "{args:?} changed the file"
        );
    }
    // --store picks another file; the junk stays as it is.
    let other = d.join("other.db");
    ok(&parallax(
        &[
            "mark",
            "004",
            "002",
            "--label",
            "duplicate",
            "--corpus",
            c,
            "--store",
            other.to_str().unwrap(),
        ],
        d,
    ));
    assert_eq!(std::fs::read(&store).unwrap(), junk);
}

#[test]
fn export_to_files_and_import_them() {
    let (dir, _) = temp_corpus(&["004", "002", "000", "001"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    let note = HOSTILE.replace('\0', "");
    mark_dw(d, &["--label", "copy", "--source", "left", "--note", &note]);
    mark_dw(
        d,
        &[
            "--para",
            "2:5",
            "--label",
            "near-duplicate",
            "--note",
            &note,
        ],
    );
    ok(&parallax(
        &["mark", "000", "001", "--label", "same-story", "--corpus", c],
        d,
    ));

    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    for (format, file) in [
        ("json", "m.json"),
        ("jsonl", "m.jsonl"),
        ("csv", "m.csv"),
        ("md", "m.md"),
        ("w3c", "m.jsonld"),
    ] {
        let path = out.join(file);
        let said = ok(&parallax(
            &[
                "export",
                "--format",
                format,
                "-o",
                path.to_str().unwrap(),
                "--corpus",
                c,
            ],
            d,
        ));
        assert!(said.contains("exported 3 marks"), "{said}");
        let written = std::fs::read(&path).unwrap();
        // The same bytes as stdout (into a pipe), but for the generation time.
        let piped = parallax(&["export", "--format", format, "--corpus", c], d);
        let strip = |b: &[u8]| {
            String::from_utf8_lossy(b)
                .lines()
                .filter(|l| !l.contains("generated"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(strip(&written), strip(&ok(&piped).into_bytes()), "{format}");
        // The format is taken from the extension when not given.
        let guessed = out.join(format!("guess-{file}"));
        ok(&parallax(
            &["export", "-o", guessed.to_str().unwrap(), "--corpus", c],
            d,
        ));
        assert_eq!(
            strip(&std::fs::read(&guessed).unwrap()),
            strip(&written),
            "{format}"
        );
    }
    let csv = std::fs::read_to_string(out.join("m.csv")).unwrap();
    assert!(
        csv.contains("\"'=cmd|' /C calc'!A0, \"\"quoted\"\""),
        "{csv}"
    );
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Into a folder that does not exist: an error, and no file.
    let missing = d.join("no/such/dir/m.json");
    fails(
        &parallax(
            &["export", "-o", missing.to_str().unwrap(), "--corpus", c],
            d,
        ),
        "cannot write",
    );
    assert!(!missing.exists());
    // Never over the store itself.
    let store = d.join(".parallax/parallax.db");
    let before = std::fs::read(&store).unwrap();
    fails(
        &parallax(&["export", "-o", store.to_str().unwrap(), "--corpus", c], d),
        "is the marks store itself",
    );
    assert_eq!(std::fs::read(&store).unwrap(), before);

    // Another analyst imports the json export twice into their own store.
    let theirs = d.join("theirs.db");
    let s = theirs.to_str().unwrap();
    let json = out.join("m.json");
    let j = json.to_str().unwrap();
    assert!(
        ok(&parallax(&["import", j, "--corpus", c, "--store", s], d))
            .contains("3 added, 0 updated, 0 unchanged")
    );
    assert!(
        ok(&parallax(&["import", j, "--corpus", c, "--store", s], d))
            .contains("0 added, 0 updated, 3 unchanged")
    );
    let again = d.join("again.json");
    ok(&parallax(
        &[
            "export",
            "-o",
            again.to_str().unwrap(),
            "--corpus",
            c,
            "--store",
            s,
        ],
        d,
    ));
    let marks = |p: &Path| -> Vec<Value> {
        let v: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
        v["marks"].as_array().unwrap().clone()
    };
    assert_eq!(marks(&json), marks(&again));
    assert_eq!(marks(&again)[0]["note"].as_str().unwrap(), note);

    // Other exports are not importable, and say so.
    fails(
        &parallax(
            &[
                "import",
                out.join("m.jsonld").to_str().unwrap(),
                "--corpus",
                c,
            ],
            d,
        ),
        "W3C export",
    );
    fails(
        &parallax(
            &["import", out.join("m.csv").to_str().unwrap(), "--corpus", c],
            d,
        ),
        "not JSON",
    );
}

#[test]
fn notes_never_reach_the_terminal_raw() {
    let (dir, _) = temp_corpus(&["004", "002"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    let note = HOSTILE.replace('\0', "");
    let o = parallax(
        &[
            "mark",
            "004",
            "002",
            "--label",
            "duplicate",
            "--note",
            &note,
            "--author",
            "eve\u{1b}]0;pwned\u{7}",
            "--corpus",
            c,
        ],
        d,
    );
    ok(&o);
    let text = ok(&parallax(&["marks", "--corpus", c], d));
    for bad in ['\u{1b}', '\u{7}', '\u{202E}', '\r'] {
        assert!(!text.contains(bad), "{bad:?} in {text}");
    }
    assert!(text.contains("␛[2J") && text.contains("مرحبا"));
    // Into a pipe, an export is exact.
    let csv = ok(&parallax(&["export", "--format", "csv", "--corpus", c], d));
    assert!(csv.contains("\u{1b}[2J") && csv.contains('\u{202E}'));
}

#[test]
fn the_author_comes_from_the_flag_env_config_or_login() {
    let (dir, _) = temp_corpus(&["004", "002"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    let config = d.join("config.toml");
    std::fs::write(&config, "# parallax\nauthor = \"Config Person\"\n").unwrap();
    let run = |extra: &[&str], env: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_parallax"));
        cmd.args(["mark", "004", "002", "--label", "duplicate", "--corpus", c])
            .args(extra)
            .current_dir(d)
            .env_remove("PARALLAX_AUTHOR")
            .env("PARALLAX_CONFIG", &config)
            .env("USER", "login-name");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let author = || -> String {
        let v: Value =
            serde_json::from_str(&ok(&parallax(&["marks", "--json", "--corpus", c], d))).unwrap();
        let marks = v["marks"].as_array().unwrap();
        marks.last().unwrap()["author"]
            .as_str()
            .unwrap()
            .to_string()
    };
    ok(&run(&[], &[]));
    assert_eq!(author(), "Config Person");
    ok(&run(&[], &[("PARALLAX_AUTHOR", "Env Person")]));
    assert_eq!(author(), "Env Person");
    ok(&run(
        &["--author", "Flag Person"],
        &[("PARALLAX_AUTHOR", "Env Person")],
    ));
    assert_eq!(author(), "Flag Person");
    ok(&run(&[], &[("PARALLAX_CONFIG", "/no/such/config.toml")]));
    assert_eq!(author(), "login-name");
    // A config file that cannot be parsed is an error, not a silently wrong author.
    std::fs::write(&config, "author = \"unterminated\n").unwrap();
    fails(&run(&[], &[]), "config file");
}

#[test]
fn marks_shows_when_an_edited_file_moved_or_lost_a_marked_paragraph() {
    let (dir, files) = temp_corpus(&["004", "002"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    mark_dw(d, &["--para", "10:15", "--label", "near-duplicate"]);
    mark_dw(d, &["--para", "2:5", "--label", "near-duplicate"]);
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let p10 = "Azerbaijan's Defence Ministry refuted";
    let start = text.find(p10).unwrap();
    let end = start + text[start..].find("\n\n").unwrap();
    let edited = format!(
        "Correction appended.\n\n{}Something else entirely.{}",
        &text[..start],
        &text[end..]
    );
    std::fs::write(&files[0], edited).unwrap();
    let out = ok(&parallax(&["marks", "--corpus", c], d));
    assert!(
        out.contains("near-duplicate ¶10 : ¶15") && out.contains("[orphaned: left ¶10 not found"),
        "{out}"
    );
    assert!(
        out.contains("near-duplicate ¶3 : ¶5")
            && out.contains("[reanchored: left file changed since marked: ¶2→¶3]"),
        "{out}"
    );
    assert!(out.ends_with("2 marks (1 orphaned)\n"), "{out}");
}
