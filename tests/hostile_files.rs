//! Hostile files (issue #13, "no file stalls the corpus"): each input is generated at a size N
//! and 2N in a temporary folder, and the work on it must grow near-linearly: the least of 3
//! runs at 2N takes at most 2.5 times the least of 3 runs at N (a ratio of CPU times, never
//! an absolute time). Then the files that are no articles at all (FIFOs, devices) and titles that are
//! whole articles.

use parallax_core::corpus::cache::{Cache, Tokens};
use parallax_core::corpus::Corpus;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use parallax_synth::growth::{assert_near_linear, one_at_a_time};

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Run the binary with a watchdog: a command that blocks (on a FIFO) fails the test after a
/// minute instead of hanging the suite.
fn parallax(args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(out) => out.expect("waits"),
        Err(_) => {
            // SAFETY: kill(2) on the pid of the child this test started.
            unsafe { libc::kill(id as i32, libc::SIGKILL) };
            panic!("parallax {args:?} did not finish in a minute (blocked?)");
        }
    }
}

fn json_of(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

// ---- growth ----

/// An HTML page `n` elements deep, text at the bottom: the parser and the extractor took time
/// quadratic in the depth (16k deep: 15 s; 100k: over 40 minutes) and overflowed the stack.
#[test]
fn html_nested_deep_grows_near_linearly() {
    let _one = one_at_a_time();
    let make = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let page = format!(
            "<html><head><title>Deep</title></head><body>{}<p>The text at the bottom of a \
             very deep page is still the article.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        write(dir.path(), "deep.html", &page);
        dir
    };
    assert_near_linear("HTML nested N deep", 1000, make, |dir| {
        let a = parallax_core::corpus::load_file(&dir.path().join("deep.html")).unwrap();
        assert!(a.text.contains("still the article"), "{}", a.text);
    });
}

/// A JSONL file of `n` articles: each was found by a search through all the file's documents
/// (25k lines: 1.8 s; 1M: over 30 minutes) in `scan`, `coverage`, the reader's background
/// scan and an uncached `list`.
#[test]
fn jsonl_items_grow_near_linearly() {
    let _one = one_at_a_time();
    let make = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let lines: String = (0..n)
            .map(|i| format!("{{\"title\":\"T{i}\",\"text\":\"Item {i} is here.\"}}\n"))
            .collect();
        write(dir.path(), "feed.jsonl", &lines);
        let c = Corpus::open(dir.path()).unwrap();
        assert_eq!(c.entries.len(), n);
        (dir, c)
    };
    let o = parallax_core::scan::Options::default();
    assert_near_linear("JSONL items, scan", 8000, make, |(_, c)| {
        let (docs, _, skipped) =
            parallax_core::scan::load_corpus(c, &o, &parallax_core::scan::Quiet);
        assert_eq!((docs.len(), skipped.len()), (c.entries.len(), 0));
    });
}

/// `search` on one long paragraph: FTS5's `highlight()` took time growing with the
/// paragraph's length times its matches (8 MB: 4.3 s, 16 MB: 16.8 s).
#[test]
fn search_in_one_long_paragraph_grows_near_linearly() {
    let _one = one_at_a_time();
    let make = |mb: usize| {
        let dir = tempfile::tempdir().unwrap();
        let words = [
            "alpha", "beta", "gamma", "delta", "peace", "deal", "moscow", "troops",
        ];
        let mut text = String::with_capacity(mb << 20);
        let mut k = 0usize;
        while text.len() < mb << 20 {
            text.push_str(words[k % 8]);
            text.push(' ');
            k = (k * 7 + 3) % 1_000_003;
        }
        write(dir.path(), "long.txt", &text);
        let c = Corpus::open(dir.path()).unwrap();
        let mut cache = Cache::open(&dir.path().join("cache.db")).unwrap();
        cache.load(&c, Tokens::No).unwrap();
        (dir, c, cache)
    };
    assert_near_linear("search, one paragraph of N MB", 1, make, |(_, c, cache)| {
        let hits = cache.search(c, "peace deal", 10).unwrap();
        assert_eq!(hits.len(), 1);
        assert!(
            hits[0].snippet.contains("«peace deal»"),
            "{}",
            hits[0].snippet
        );
    });
}

/// `search` with a hit in each of `n` paragraphs of one article: the title was looked up in
/// the article's cached JSON once per hit (15 s for 50 hits on an article of 1M paragraphs).
#[test]
fn search_hits_in_one_article_grow_near_linearly() {
    let _one = one_at_a_time();
    let make = |n: usize| {
        let dir = tempfile::tempdir().unwrap();
        let text: String = std::iter::once("Many paragraphs\n\n".to_string())
            .chain((0..n).map(|i| format!("Paragraph {i} mentions the peace deal again.\n\n")))
            .collect();
        write(dir.path(), "many.txt", &text);
        let c = Corpus::open(dir.path()).unwrap();
        let mut cache = Cache::open(&dir.path().join("cache.db")).unwrap();
        cache.load(&c, Tokens::No).unwrap();
        let title = parallax_core::corpus::load_file(&dir.path().join("many.txt"))
            .unwrap()
            .meta
            .title;
        (dir, c, cache, n, title)
    };
    assert_near_linear(
        "search, N hits in one article",
        2000,
        make,
        |(_, c, cache, n, title)| {
            let hits = cache.search(c, "peace deal", *n).unwrap();
            assert_eq!(hits.len(), *n);
            assert!(hits.iter().all(|h| &h.title == title), "{:?}", hits[0]);
        },
    );
}

// ---- titles ----

/// A one-line article of 1 MB was listed with a 1 MB title: titles are at most 200
/// characters, cut at a word with `…`, whatever gives them (text, JSON field, HTML).
#[test]
fn titles_are_bounded() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    let line = "word ".repeat(200_000);
    write(dir.path(), "line.txt", &line);
    write(
        dir.path(),
        "field.json",
        &serde_json::json!({"title": line, "text": "Some text.\nMore text."}).to_string(),
    );
    write(
        dir.path(),
        "page.html",
        &format!(
            "<html><head><title>{line}</title></head><body><article><p>{}</p></article></body></html>",
            "A paragraph of the page with enough words to be the article text. ".repeat(5)
        ),
    );
    let corpus = dir.path().to_str().unwrap();
    // Parsed, then from the cache.
    for _ in 0..2 {
        let v = json_of(&parallax(&["list", "--json", "--corpus", corpus]));
        let articles = v["articles"].as_array().unwrap();
        assert_eq!(articles.len(), 3, "{v}");
        for a in articles {
            let title = a["title"].as_str().unwrap();
            assert!(
                title.chars().count() <= 200 && title.ends_with("word…"),
                "{}: title of {} characters: {}",
                a["id"],
                title.chars().count(),
                &title[..title.len().min(80)]
            );
        }
    }
}

// ---- files that are not articles ----

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

/// A FIFO named `.txt` was silently left out of the listing (and opening one blocks until a
/// writer comes): it is listed under skipped with a reason in `list`, `scan` and the reader's
/// list (the corpus's skipped files), and reading it directly fails at once.
#[test]
fn fifos_named_like_articles_are_skipped_with_a_reason() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "real.txt",
        "A real article.\n\nWith two paragraphs of text.\n",
    );
    let fifo = dir.path().join("pipe.txt");
    mkfifo(&fifo);
    let corpus = dir.path().to_str().unwrap();
    let is_fifo_skip = |s: &Value| {
        s["path"].as_str().is_some_and(|p| p.ends_with("pipe.txt"))
            && s["reason"].as_str().is_some_and(|r| r.contains("FIFO"))
    };
    let list = json_of(&parallax(&["list", "--json", "--corpus", corpus]));
    assert_eq!(list["articles"].as_array().unwrap().len(), 1, "{list}");
    assert!(
        list["skipped"].as_array().unwrap().iter().any(is_fifo_skip),
        "{list}"
    );
    let scan = json_of(&parallax(&["scan", "--json", "--corpus", corpus]));
    assert!(
        scan["skipped"].as_array().unwrap().iter().any(is_fifo_skip),
        "{scan}"
    );
    // The reader lists the corpus's skipped files.
    let c = Corpus::open(dir.path()).unwrap();
    assert!(c
        .skipped
        .iter()
        .any(|s| s.path == fifo && s.reason.contains("FIFO")));
    // Named directly: an error, not a wait for a writer.
    let out = parallax(&["show", fifo.to_str().unwrap(), "--corpus", corpus]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("FIFO"), "{err}");
}

/// A character device named `.txt` (a link to `/dev/null`, followed like any link) is
/// skipped with a reason too.
#[test]
fn devices_named_like_articles_are_skipped_with_a_reason() {
    let _one = one_at_a_time();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "real.txt",
        "A real article.\n\nWith two paragraphs of text.\n",
    );
    std::os::unix::fs::symlink("/dev/null", dir.path().join("null.txt")).unwrap();
    let c = Corpus::open(dir.path()).unwrap();
    assert_eq!(c.entries.len(), 1);
    assert!(
        c.skipped
            .iter()
            .any(|s| s.path.ends_with("null.txt") && s.reason.contains("character device")),
        "{:?}",
        c.skipped
    );
}

// ---- the reader's background scan ----

/// One huge file held the reader's background scan (pairs, coverage) for all the others: with
/// a bound by size (the reader's is `READER_MAX_FILE_BYTES`), larger files are skipped with a
/// reason, whatever their format, the others are scanned, and the reader lists the skipped
/// ones with the listing's.
#[test]
fn files_too_large_for_the_background_scan_are_skipped_with_a_reason() {
    let _one = one_at_a_time();
    use parallax::tui::action::Action;
    let dir = tempfile::tempdir().unwrap();
    let small = "A small article about the peace deal.\n\nIt has two paragraphs.\n";
    write(dir.path(), "small.txt", small);
    let big_text = "A sentence of a very long article. ".repeat(70_000); // 2.3 MiB
    write(dir.path(), "big.txt", &big_text);
    let line = serde_json::json!({"title": "Big", "text": big_text}).to_string();
    write(dir.path(), "big.jsonl", &format!("{line}\n"));
    let c = Corpus::open(dir.path()).unwrap();
    assert_eq!(c.entries.len(), 3);
    let o = parallax_core::scan::Options {
        max_file_bytes: 1024 * 1024,
        ..Default::default()
    };
    let (docs, _, skipped) = parallax_core::scan::load_corpus(&c, &o, &parallax_core::scan::Quiet);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["small"]);
    for name in ["big.txt", "big.jsonl"] {
        assert!(
            skipped.iter().any(|s| s.path.ends_with(name)
                && s.reason.contains("too large")
                && s.reason.contains("(2 MB")
                && s.reason.contains("compare it directly")),
            "{name}: {skipped:?}"
        );
    }
    // The default bound is the corpus's: everything is scanned.
    let (docs, _, skipped) = parallax_core::scan::load_corpus(
        &c,
        &parallax_core::scan::Options::default(),
        &parallax_core::scan::Quiet,
    );
    assert_eq!((docs.len(), skipped.len()), (3, 0));
    // The reader adds them to its skipped files, once each.
    let mut app = parallax::tui::state::App::new(Vec::new(), c.skipped.clone(), "corpus");
    for _ in 0..2 {
        parallax::tui::update::update(&mut app, Action::ScanSkipped(skipped_of(&c, &o)));
    }
    assert_eq!(app.picker.skipped.len(), 2, "{:?}", app.picker.skipped);
    assert!(app
        .picker
        .skipped
        .iter()
        .all(|s| s.reason.contains("compare it directly")));
}

fn skipped_of(c: &Corpus, o: &parallax_core::scan::Options) -> Vec<parallax_core::corpus::Skipped> {
    parallax_core::scan::load_corpus(c, o, &parallax_core::scan::Quiet).2
}
