//! The reader's start on a corpus whose folder walk takes long (issue #16): the picker is on
//! screen before the corpus folder is walked, keys work while it is, and marks stay right.
//!
//! The walk is held back by a test hook, `PARALLAX_TEST_WALK_GATE=FILE`: the reader's walk of
//! the corpus folder waits until FILE exists. Nothing here depends on timing: while the gate
//! is shut the folder cannot have been walked, so whatever is on screen then was drawn before
//! the walk (a reader that walks first shows nothing until the gate opens, and the test fails).

#![cfg(unix)]

mod common;
use common::pty::{self, Term};
use std::path::Path;

/// The reader on `articles` in `dir`, its walk held until `gate` exists.
fn gated(dir: &Path, gate: &Path, extra: &[&str], size: (u16, u16)) -> Term {
    let mut args = vec!["articles"];
    args.extend_from_slice(extra);
    let mut cmd = pty::parallax(&args, dir);
    cmd.env("PARALLAX_AUTHOR", "tester");
    cmd.env("PARALLAX_TEST_WALK_GATE", gate);
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("PARALLAX_NO_CACHE");
    Term::start(cmd, size)
}

/// Wait (30 s at most) until the screen no longer shows `what` (a key after an Esc read in
/// the same read would be Alt and that key).
fn wait_gone(t: &Term, what: &str) {
    t.wait_until(&format!("{what} to go"), |s| !s.contains(what));
}

fn seed_count(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("articles"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_file())
        .count()
}

#[test]
fn the_picker_is_drawn_before_the_folder_is_walked_and_keys_work_meanwhile() {
    for size in [(80, 24), (160, 45)] {
        let dir = pty::seed_copy();
        let n = seed_count(dir.path());
        let gate = dir.path().join("gate");
        let mut t = gated(dir.path(), &gate, &[], size);
        // The title line, with the walk still held: nothing read, the folder being listed.
        t.wait_for("parallax · articles · 0 articles");
        t.wait_for("listing the folder");
        // Keys work meanwhile: the help screen and back, moving, the filter.
        t.type_keys("?");
        t.wait_for("Esc closes");
        t.type_keys("\u{1b}");
        wait_gone(&t, "Esc closes");
        t.type_keys("jk/zz");
        t.wait_for("zz");
        t.type_keys("\u{1b}");
        assert!(
            t.screen().contains("0 articles"),
            "nothing can have been read while the walk is held:\n{}",
            t.screen()
        );
        // The walk goes on: every article arrives, and the title's progress goes.
        std::fs::write(&gate, "").unwrap();
        t.wait_for(&format!("· {n} articles"));
        t.wait_for("text (p)");
        let s = t.screen();
        assert!(!s.contains("listing the folder"), "{s}");
        assert!(!s.contains("reading "), "{s}");
        t.type_keys("q");
        t.ends_restored();
    }
}

/// A mark on articles the reader has not read yet (items of a JSON Lines file, which the
/// file's path alone cannot tell apart), in a store outside the corpus: asked for while the
/// folder is being walked, the marks list waits for the listing and then shows the mark
/// found again, on the right articles (not orphaned, not lost).
#[test]
fn marks_asked_for_while_the_folder_is_walked_come_right_once_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("articles");
    std::fs::create_dir(&corpus).unwrap();
    let item = |title: &str, words: &str| {
        serde_json::json!({
            "title": title,
            "text": format!("{title}\n\n{words} first paragraph of the story, long enough to count.\n\n{words} second paragraph, which says something else entirely."),
        })
        .to_string()
    };
    std::fs::write(
        corpus.join("wire.jsonl"),
        format!(
            "{}\n{}\n",
            item("Harbour closes", "Ships wait outside the harbour;"),
            item("Bridge reopens", "Traffic crosses the old bridge again;")
        ),
    )
    .unwrap();
    std::fs::write(
        corpus.join("copy.txt"),
        "Bridge reopens\n\nTraffic crosses the old bridge again; first paragraph of the story, long enough to count.\n\nA paragraph of its own.\n",
    )
    .unwrap();
    let store = dir.path().join("elsewhere.db");
    let store_s = store.to_str().unwrap();
    let listed = common::ok(&common::run_as(
        "tester",
        &["list", "--json", "--corpus", "articles"],
        dir.path(),
    ));
    let ids: Vec<String> = serde_json::from_str::<serde_json::Value>(&listed).unwrap()["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_string())
        .collect();
    let second = ids.iter().find(|i| i.ends_with("#2")).expect("item 2");
    let copy = ids.iter().find(|i| i.starts_with("copy")).expect("copy");
    common::ok(&common::run_as(
        "tester",
        &[
            "mark",
            second,
            copy,
            "--para",
            "1:1",
            "--label",
            "duplicate",
            "--corpus",
            "articles",
            "--store",
            store_s,
        ],
        dir.path(),
    ));
    let gate = dir.path().join("gate");
    let mut t = gated(dir.path(), &gate, &["--store", store_s], (120, 30));
    t.wait_for("listing the folder");
    t.type_keys("M");
    // The marks list waits for the listing (a mark cannot be found again without it).
    assert!(
        !t.screen().contains("duplicate ¶1"),
        "the marks list came before the listing:\n{}",
        t.screen()
    );
    std::fs::write(&gate, "").unwrap();
    t.wait_for("duplicate ¶1");
    // The message that the list waited goes with the listing (waited for: the frame that
    // draws the list may still be arriving, the status line last).
    wait_gone(&t, "being listed");
    let s = t.screen();
    assert!(
        !s.contains("orphaned"),
        "the mark was not found again:\n{s}"
    );
    assert!(s.contains(second.as_str()), "{s}");
    // Esc closes the list (waited for: an Esc and a q read together are Alt-q), q quits.
    t.type_keys("\u{1b}");
    wait_gone(&t, "marks of the corpus");
    t.type_keys("q");
    t.ends_restored();
}

/// The title while the folder is walked, then once its listing comes: `listing the folder…`,
/// then `reading 0/N` with the number of articles it holds.
#[test]
fn the_title_says_listing_until_the_listing_comes() {
    use parallax::tui::action::Action;
    use parallax::tui::state::{App, Listing};
    use std::sync::Arc;
    let mut app = App::new(Vec::new(), Vec::new(), "articles");
    app.color = false;
    parallax::tui::update::update(&mut app, Action::Resize(100, 24));
    app.picker.loading = Some((0, 0, 0));
    app.picker.listing = true;
    let title = |app: &App| common::screen_lines(app)[0].clone();
    assert!(
        title(&app).contains("0 articles · listing the folder…"),
        "{}",
        title(&app)
    );
    let corpus = parallax_core::corpus::Corpus::open(&common::articles_dir()).unwrap();
    let n = corpus.entries.len();
    assert!(n > 1);
    parallax::tui::update::update(&mut app, Action::Listed(Listing(Arc::new(corpus))));
    let t = title(&app);
    assert!(!t.contains("listing"), "{t}");
    assert!(t.contains(&format!("reading 0/{n} (0/s)")), "{t}");
}
