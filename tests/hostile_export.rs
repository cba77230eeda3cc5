//! Hostile destinations and stores for the marks export, CSV cells that would be formulas,
//! damaged stores and caches, read-only and full corpus folders (issue #13).

mod common;
use common::{ok, temp_corpus};
use serde_json::Value;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_parallax")
}

fn parallax(args: &[&str], cwd: &Path) -> Output {
    common::run_as("tester", args, cwd)
}

/// A failure with a message (exit 1, not a panic's 101).
fn fails(o: &Output, want: &str) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.starts_with("parallax: error: "), "{err}");
    assert!(err.contains(want), "wanted {want:?} in {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// A corpus of three seeds with two marks; returns (dir, corpus path string).
fn marked_corpus() -> (tempfile::TempDir, String) {
    let (dir, _) = temp_corpus(&["004", "002", "003"]);
    let c = dir.path().to_str().unwrap().to_string();
    let d = dir.path();
    ok(&parallax(
        &[
            "mark", "004", "002", "--label", "copy", "--source", "left", "--corpus", &c,
        ],
        d,
    ));
    ok(&parallax(
        &[
            "mark",
            "004",
            "003",
            "--para",
            "2:3",
            "--label",
            "paraphrase",
            "--note",
            "x;=cmd|' /C calc'!A0;y",
            "--corpus",
            &c,
        ],
        d,
    ));
    (dir, c)
}

fn export_to(c: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["export", "--corpus", c, "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    parallax(&args, Path::new(c))
}

fn is_marks_json(text: &str) -> bool {
    serde_json::from_str::<Value>(text)
        .is_ok_and(|v| v["marks"].as_array().map(Vec::len) == Some(2))
}

fn temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".parallax-export-") && n.ends_with(".tmp"))
        .collect()
}

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

fn is_root() -> bool {
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn export_to_a_fifo_writes_through_it() {
    let (dir, c) = marked_corpus();
    let out = tempfile::tempdir().unwrap();
    let fifo = out.path().join("pipe.json");
    mkfifo(&fifo);
    // Held open for reading and writing, so that neither side blocks and the test cannot
    // hang: the export lands in the pipe's buffer.
    use std::os::unix::fs::OpenOptionsExt;
    let mut reader = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .unwrap();
    let o = export_to(&c, &fifo, &[]);
    ok(&o);
    let mut got = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        use std::io::Read;
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "the FIFO is still a FIFO"
    );
    assert!(is_marks_json(&String::from_utf8_lossy(&got)), "{got:?}");
    assert!(temp_files(out.path()).is_empty());
    drop(dir);
}

#[test]
fn export_through_a_symlink_replaces_its_target() {
    let (_dir, c) = marked_corpus();
    let out = tempfile::tempdir().unwrap();
    let real = out.path().join("real.json");
    std::fs::write(&real, "old").unwrap();
    let link = out.path().join("link.json");
    std::os::unix::fs::symlink("real.json", &link).unwrap();
    ok(&export_to(&c, &link, &[]));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(is_marks_json(&std::fs::read_to_string(&real).unwrap()));

    // A dangling link: the file it names is created, the link stays.
    let dangling = out.path().join("dangling.json");
    std::os::unix::fs::symlink(out.path().join("sub/new.json"), &dangling).unwrap();
    std::fs::create_dir(out.path().join("sub")).unwrap();
    ok(&export_to(&c, &dangling, &[]));
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(is_marks_json(
        &std::fs::read_to_string(out.path().join("sub/new.json")).unwrap()
    ));
    assert!(temp_files(out.path()).is_empty());
}

#[test]
fn export_refuses_to_overwrite_an_article_unless_forced() {
    let (dir, c) = marked_corpus();
    let article = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .unwrap();
    let before = std::fs::read(&article).unwrap();
    let err = fails(&export_to(&c, &article, &[]), "--force");
    assert!(err.contains("corpus"), "{err}");
    assert_eq!(
        std::fs::read(&article).unwrap(),
        before,
        "article untouched"
    );

    // Through a link from outside the corpus: still the article.
    let out = tempfile::tempdir().unwrap();
    let link = out.path().join("x.json");
    std::os::unix::fs::symlink(&article, &link).unwrap();
    fails(&export_to(&c, &link, &[]), "--force");
    assert_eq!(std::fs::read(&article).unwrap(), before);

    // The cache, like the store, is never an export's destination.
    ok(&parallax(&["list", "--corpus", &c], dir.path()));
    let cache = dir.path().join(".parallax/cache.db");
    assert!(cache.is_file());
    let cache_before = std::fs::read(&cache).unwrap();
    fails(&export_to(&c, &cache, &["--force"]), "cache");
    assert_eq!(std::fs::read(&cache).unwrap(), cache_before);

    ok(&export_to(&c, &article, &["--force"]));
    assert!(is_marks_json(&std::fs::read_to_string(&article).unwrap()));
}

#[test]
fn export_to_dash_writes_stdout() {
    let (dir, c) = marked_corpus();
    let o = parallax(&["export", "--corpus", &c, "-o", "-"], dir.path());
    assert!(is_marks_json(&ok(&o)));
    assert!(!dir.path().join("-").exists(), "no file named -");
    // A file really named -: ./-
    ok(&parallax(
        &["export", "--corpus", &c, "-o", "./-"],
        dir.path(),
    ));
    assert!(is_marks_json(
        &std::fs::read_to_string(dir.path().join("-")).unwrap()
    ));
}

/// Run `script` with `sh` in a private mount namespace; `None` when that is not possible here.
fn in_private_mounts(script: &str, envs: &[(&str, &str)]) -> Option<Output> {
    if !is_root() {
        eprintln!("skipped: needs root for a private mount namespace");
        return None;
    }
    let probe = Command::new("unshare")
        .args(["-m", "sh", "-c", "mount -t tmpfs none /mnt"])
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: `unshare -m` with a tmpfs mount is not available");
        return None;
    }
    let mut cmd = Command::new("unshare");
    cmd.args(["-m", "sh", "-c", script]).env("PARALLAX", bin());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    Some(cmd.output().expect("unshare runs"))
}

#[test]
fn export_to_character_devices_and_dev_stdout_writes_through() {
    let (_dir, c) = marked_corpus();
    // A private /dev (tmpfs) holding its own null device and stdout link, so that nothing of
    // the machine's /dev can be harmed even by a broken build.
    let script = r#"set -e
        mount -t tmpfs none /dev
        mknod -m 666 /dev/null c 1 3
        ln -s /proc/self/fd /dev/fd
        ln -s /proc/self/fd/1 /dev/stdout
        "$PARALLAX" export --corpus "$C" -o /dev/null
        test -c /dev/null && echo NULL-IS-DEVICE
        "$PARALLAX" export --corpus "$C" -o /dev/stdout | cat > /tmp/out-$$.json
        test -L /dev/stdout && echo STDOUT-IS-LINK
        cat /tmp/out-$$.json
        rm -f /tmp/out-$$.json
    "#;
    let Some(o) = in_private_mounts(script, &[("C", &c)]) else {
        return;
    };
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("NULL-IS-DEVICE"), "{out}");
    assert!(out.contains("STDOUT-IS-LINK"), "{out}");
    let json = out.split_once("STDOUT-IS-LINK\n").unwrap().1;
    assert!(is_marks_json(json), "{json}");
}

#[test]
fn stale_temp_files_of_dead_exports_are_removed_live_ones_kept() {
    let (_dir, c) = marked_corpus();
    let out = tempfile::tempdir().unwrap();
    let mut dead = Command::new("true").spawn().unwrap();
    let dead_pid = dead.id();
    dead.wait().unwrap();
    let mut live = Command::new("sleep").arg("60").spawn().unwrap();
    let stale = out
        .path()
        .join(format!(".parallax-export-{dead_pid}-a1b2c3.tmp"));
    let busy = out
        .path()
        .join(format!(".parallax-export-{}-d4e5f6.tmp", live.id()));
    std::fs::write(&stale, "half").unwrap();
    std::fs::write(&busy, "half").unwrap();
    let other = out.path().join(".parallax-export-notapid.tmp.keep");
    std::fs::write(&other, "mine").unwrap();
    ok(&export_to(&c, &out.path().join("m.json"), &[]));
    live.kill().unwrap();
    live.wait().unwrap();
    assert!(
        !stale.exists(),
        "a dead process's temporary file is removed"
    );
    assert!(busy.exists(), "a live process's temporary file is kept");
    assert!(other.exists());
}

/// A corpus whose export takes a while (many large articles, every pair marked).
fn slow_corpus() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let n = 6;
    for i in 0..n {
        let text = parallax_synth::article_on(7, i as u64, 200_000);
        std::fs::write(dir.path().join(format!("a{i}.txt")), text).unwrap();
    }
    let c = dir.path().to_str().unwrap().to_string();
    for i in 0..n {
        for j in i + 1..n {
            ok(&parallax(
                &[
                    "mark",
                    &format!("a{i}"),
                    &format!("a{j}"),
                    "--label",
                    "same-story",
                    "--corpus",
                    &c,
                ],
                dir.path(),
            ));
        }
    }
    (dir, c)
}

#[test]
fn an_interrupted_export_leaves_no_temporary_file() {
    let (_dir, c) = slow_corpus();
    for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
        let out = tempfile::tempdir().unwrap();
        let dest = out.path().join("m.json");
        std::fs::write(&dest, "old").unwrap();
        let mut child = Command::new(bin())
            .args(["export", "--corpus", &c, "-o", dest.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut seen = false;
        for _ in 0..20_000 {
            if !temp_files(out.path()).is_empty() {
                seen = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert!(seen, "the export's temporary file was never seen");
        unsafe { libc::kill(child.id() as i32, sig) };
        let status = child.wait().unwrap();
        assert!(!status.success(), "signal {sig}: {status:?}");
        assert_eq!(temp_files(out.path()), Vec::<String>::new(), "signal {sig}");
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "old");
    }
}

#[test]
fn the_readers_export_follows_the_same_rules() {
    use parallax::tui::state::ExportFormat;
    use parallax::tui::store_marks::StoreMarks;
    use parallax::tui::Marks;
    let (dir, _c) = marked_corpus();
    let corpus = parallax_core::corpus::Corpus::open(dir.path()).unwrap();
    let article = corpus.entries[0].path.clone();
    let before = std::fs::read(&article).unwrap();
    let m = StoreMarks::open(
        &dir.path().join(".parallax/parallax.db"),
        corpus,
        "tester".into(),
    )
    .unwrap();
    let err = m
        .export(ExportFormat::Json, article.to_str().unwrap())
        .unwrap_err();
    assert!(format!("{err:#}").contains("corpus"), "{err:#}");
    assert_eq!(std::fs::read(&article).unwrap(), before);
    assert!(
        m.export(ExportFormat::Json, "-").is_err(),
        "no stdout under the reader"
    );

    let out = tempfile::tempdir().unwrap();
    let real = out.path().join("real.csv");
    std::fs::write(&real, "old").unwrap();
    let link = out.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    m.export(ExportFormat::Csv, link.to_str().unwrap()).unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real).unwrap().starts_with("id,"));
}

/// Where a spreadsheet would see a formula: after white space, quotes, no-break and
/// zero-width spaces, a formula character (ASCII or full width).
fn formula_start(cell: &str) -> bool {
    let rest = cell.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\u{a0}' | '\u{200b}' | '\u{feff}')
    });
    rest.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']) || cell.starts_with(['\t', '\r'])
}

#[test]
fn csv_cells_are_quoted_and_never_formulas_in_any_locale() {
    let (dir, c) = marked_corpus();
    let notes = [
        "x;=cmd|' /C calc'!A0;y",
        " =1+1",
        "\u{a0}=HYPERLINK(\"http://x\")",
        "\u{200b}+1",
        "\"=1\"",
        "＝1+1",
        "＋1",
        "－1",
        "＠SUM(A1)",
        "\t=1",
        "\r=1",
        " \u{3000}@x",
        "a,b;=1",
    ];
    for (i, n) in notes.iter().enumerate().skip(1) {
        let para = format!("{i}:{i}");
        ok(&parallax(
            &[
                "mark", "002", "003", "--para", &para, "--label", "distinct", "--note", n,
                "--corpus", &c,
            ],
            dir.path(),
        ));
    }
    let csv = ok(&parallax(
        &["export", "--format", "csv", "--corpus", &c],
        dir.path(),
    ));
    assert!(
        csv.contains(",\"x;'=cmd|' /C calc'!A0;y\","),
        "a cell with ; is quoted: {csv}"
    );
    // Read as RFC 4180 (comma): each note back, neutralised.
    let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = header.iter().position(|h| h == "note").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    for row in &rows {
        for cell in row {
            assert!(!formula_start(cell), "formula cell {cell:?}");
        }
    }
    // Each note is there, changed only by the apostrophes that neutralise formula starts.
    let got: Vec<String> = rows.iter().map(|r| r[col].replace('\'', "")).collect();
    for n in &notes {
        assert!(
            got.contains(&n.replace('\'', "")),
            "note {n:?} not found in {got:?}"
        );
    }
    // Read as a locale that splits on ';' (and on ',' for good measure, unquoted): no field
    // may start a formula.
    for delim in [b';', b','] {
        let mut r = csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(true)
            .has_headers(false)
            .from_reader(csv.as_bytes());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !formula_start(cell),
                    "with {:?} as separator: formula cell {cell:?}",
                    delim as char
                );
            }
        }
    }
}

#[test]
fn a_store_with_a_negative_schema_version_is_refused_not_a_panic() {
    let (dir, c) = marked_corpus();
    let db = dir.path().join(".parallax/parallax.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", -1).unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    for args in [
        vec!["marks", "--corpus", &c],
        vec!["export", "--corpus", &c],
        vec!["mark", "004", "002", "--label", "duplicate", "--corpus", &c],
        vec!["undo", "--corpus", &c],
    ] {
        let err = fails(&parallax(&args, dir.path()), "parallax.db");
        assert!(err.contains("version -1"), "{err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "left untouched");
}

#[test]
fn a_tampered_cache_is_validated_and_rebuilt() {
    use parallax_core::corpus::{cache, Corpus};
    let (dir, _c) = temp_corpus(&["004", "002"]);
    let corpus = Corpus::open(dir.path()).unwrap();
    let (fresh, _, warn) = cache::load_all(&corpus);
    assert_eq!(warn, None);
    let db = dir.path().join(".parallax/cache.db");
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        // Since cache version 8: a body is its JSON's length (4 bytes, little-endian), then the
        // JSON compressed with zstd.
        let rows: Vec<(i64, Vec<u8>)> = conn
            .prepare("SELECT id, body FROM bodies")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert!(!rows.is_empty());
        for (id, blob) in rows {
            let size = u32::from_le_bytes(blob[..4].try_into().unwrap()) as usize;
            let json = zstd::bulk::decompress(&blob[4..], size).unwrap();
            let mut v: Value = serde_json::from_slice(&json).unwrap();
            let len = v["text"].as_str().unwrap().len();
            let paras = v["paragraphs"].as_array_mut().unwrap();
            // Offsets past the text, with the paragraph's own text kept; one start after
            // its end; one inside a multi-byte character is hard to place, so not tried.
            paras[1]["start"] = (len + 100).into();
            paras[1]["end"] = (len + 200).into();
            paras[1]["text"] = "tampered".into();
            paras[2]["start"] = 50.into();
            paras[2]["end"] = 10.into();
            paras[2]["text"] = "tampered".into();
            let json = v.to_string();
            let mut blob = (json.len() as u32).to_le_bytes().to_vec();
            blob.extend(zstd::bulk::compress(json.as_bytes(), 3).unwrap());
            conn.execute(
                "UPDATE bodies SET body = ?1 WHERE id = ?2",
                rusqlite::params![blob, id],
            )
            .unwrap();
        }
    }
    let (articles, _, _) = cache::load_all(&corpus);
    assert_eq!(articles.len(), fresh.len());
    for (a, f) in articles.iter().zip(&fresh) {
        for (p, q) in a.paragraphs.iter().zip(&f.paragraphs) {
            assert!(p.start <= p.end && p.end <= a.text.len(), "{}", a.id);
            assert_eq!((p.start, p.end, &p.text), (q.start, q.end, &q.text));
        }
    }
    // Marking every paragraph of the cached articles works (this panicked on bad offsets).
    let mut store = parallax_core::marks::store::Store::in_memory().unwrap();
    let (a, b) = (&articles[0], &articles[1]);
    for i in 0..a.paragraphs.len().min(b.paragraphs.len()) {
        store
            .add(
                a,
                b,
                parallax_core::marks::Target::Paragraphs {
                    left: vec![i],
                    right: vec![i],
                    label: parallax_core::marks::ParaLabel::Distinct,
                },
                None,
                "t",
            )
            .unwrap();
    }
}

#[test]
fn a_corrupt_cache_is_moved_aside_and_rebuilt() {
    let (dir, _) = temp_corpus(&["004", "002"]);
    let c = dir.path().to_str().unwrap();
    let db = dir.path().join(".parallax/cache.db");
    std::fs::create_dir_all(db.parent().unwrap()).unwrap();
    let mut junk = b"SQLite format 3\0".to_vec();
    junk.extend((0..8192u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    std::fs::write(&db, &junk).unwrap();
    let o = parallax(&["list", "--corpus", c], dir.path());
    let listed = ok(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("rebuilt") || err.contains("moved"), "{err}");
    assert!(listed.contains("004_"));
    // The cache is now whole: the next run uses it without a word.
    let o = parallax(&["list", "--corpus", c], dir.path());
    assert_eq!(ok(&o), listed);
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM docs", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 2);
    let aside: Vec<PathBuf> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("cache.db.corrupt"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept aside");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), junk);
    // search works too.
    ok(&parallax(&["search", "the", "--corpus", c], dir.path()));
}

#[test]
fn marks_on_a_corpus_without_a_store_read_nothing_and_create_nothing() {
    let (dir, _) = temp_corpus(&["004", "002"]);
    let c = dir.path().to_str().unwrap();
    assert_eq!(
        ok(&parallax(&["marks", "--corpus", c], dir.path())),
        "0 marks\n"
    );
    let v: Value =
        serde_json::from_str(&ok(&parallax(&["export", "--corpus", c], dir.path()))).unwrap();
    assert_eq!(v["marks"].as_array().unwrap().len(), 0);
    assert!(!dir.path().join(".parallax/parallax.db").exists());
}

/// The reading commands on a corpus folder mounted read-only (as root, in a private mount
/// namespace), each with its output in the file `$OUT/NAME`.
const READING: &str = r#"
    "$PARALLAX" marks --corpus "$C" > "$OUT/marks" 2> "$OUT/marks.err" || echo "marks failed" >> "$OUT/failed"
    "$PARALLAX" export --corpus "$C" > "$OUT/export" 2> "$OUT/export.err" || echo "export failed" >> "$OUT/failed"
    "$PARALLAX" export --format csv --corpus "$C" > "$OUT/csv" 2> "$OUT/csv.err" || echo "csv failed" >> "$OUT/failed"
    "$PARALLAX" list --corpus "$C" > "$OUT/list" 2> "$OUT/list.err" || echo "list failed" >> "$OUT/failed"
    "$PARALLAX" show 004 --corpus "$C" > "$OUT/show" 2> "$OUT/show.err" || echo "show failed" >> "$OUT/failed"
    "$PARALLAX" search "the" --corpus "$C" > "$OUT/search" 2> "$OUT/search.err" || echo "search failed" >> "$OUT/failed"
    "$PARALLAX" compare 004 002 --corpus "$C" > "$OUT/compare" 2> "$OUT/compare.err" || echo "compare failed" >> "$OUT/failed"
"#;

fn check_reading(out: &Path, expect_marks: usize) {
    let failed = std::fs::read_to_string(out.join("failed")).unwrap_or_default();
    let errs: String = [
        "marks", "export", "csv", "list", "show", "search", "compare",
    ]
    .iter()
    .map(|n| {
        format!(
            "{n}: {}\n",
            std::fs::read_to_string(out.join(format!("{n}.err"))).unwrap_or_default()
        )
    })
    .collect();
    assert_eq!(failed, "", "{errs}");
    let marks = std::fs::read_to_string(out.join("marks")).unwrap();
    assert!(
        marks.ends_with(&format!("{expect_marks} marks\n")),
        "{marks}"
    );
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("export")).unwrap()).unwrap();
    assert_eq!(v["marks"].as_array().unwrap().len(), expect_marks);
    assert!(std::fs::read_to_string(out.join("list"))
        .unwrap()
        .contains("004_"));
    assert!(std::fs::read_to_string(out.join("search"))
        .unwrap()
        .contains(" hit"));
}

#[test]
fn reading_commands_work_on_a_read_only_corpus() {
    for with_cache in [false, true] {
        let (dir, c) = marked_corpus();
        if with_cache {
            ok(&parallax(&["list", "--corpus", &c], dir.path()));
        }
        let out = tempfile::tempdir().unwrap();
        let script = format!(
            "set -e; mount --bind \"$C\" \"$C\"; mount -o remount,ro,bind \"$C\"; \
             if touch \"$C/probe\" 2>/dev/null; then echo WRITABLE; exit 3; fi; set +e; {READING}"
        );
        let Some(o) =
            in_private_mounts(&script, &[("C", &c), ("OUT", out.path().to_str().unwrap())])
        else {
            return;
        };
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        check_reading(out.path(), 2);
        if with_cache {
            // The cache it cannot write is read: no file is parsed again for list or search.
            for name in ["list.err", "search.err"] {
                let err = std::fs::read_to_string(out.path().join(name)).unwrap();
                assert!(err.contains("used read-only"), "{name}: {err}");
                assert!(!err.contains("in memory"), "{name}: {err}");
            }
        }
    }
}

#[test]
fn reading_commands_work_on_a_full_disk() {
    let out = tempfile::tempdir().unwrap();
    let mnt = tempfile::tempdir().unwrap();
    let m = mnt.path().to_str().unwrap();
    let (seeds, _) = temp_corpus(&["004", "002", "003"]);
    // Marks made on the tmpfs, then the disk filled up, the cache removed (so it must be
    // built anew, and cannot be), then every reading command.
    let script = format!(
        r#"set -e
        mount -t tmpfs -o size=4m none "$M"
        mkdir "$M/c"
        cp "$SEEDS"/*.txt "$M/c/"
        C="$M/c"
        "$PARALLAX" mark 004 002 --label copy --source left --corpus "$C" > /dev/null
        "$PARALLAX" mark 004 003 --para 2:3 --label paraphrase --corpus "$C" > /dev/null
        rm -f "$C/.parallax/cache.db"*
        dd if=/dev/zero of="$M/filler" bs=64k 2>/dev/null || true
        if echo x > "$M/probe" 2>/dev/null; then echo NOT-FULL; exit 3; fi
        set +e
        {READING}"#
    );
    let Some(o) = in_private_mounts(
        &script,
        &[
            ("M", m),
            ("SEEDS", seeds.path().to_str().unwrap()),
            ("OUT", out.path().to_str().unwrap()),
            ("PARALLAX_AUTHOR", "tester"),
        ],
    ) else {
        return;
    };
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    check_reading(out.path(), 2);
}
