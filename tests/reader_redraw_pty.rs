//! What the terminal shows is what the reader drew: no text of an earlier frame is left on
//! screen. Checked by forcing a full redraw (a resize away and back) and comparing screens.

mod common;
use common::pty::{parallax, Term};
use std::time::Duration;

/// After the articles are read, the title line loses its `reading N/N (R/s)` progress; that
/// text must not stay on screen once a shorter title is drawn over it.
#[test]
fn the_screen_after_loading_is_what_a_full_redraw_shows() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    // Enough articles for the loader to report progress in chunks; each its own text, so
    // that the scan's title (`N pairs share text`) stays short.
    for i in 0..1500u64 {
        std::fs::write(
            corpus.join(format!("a{i:04}.txt")),
            parallax_synth::article(1000 + i, 600),
        )
        .unwrap();
    }
    let size = (160, 45);
    let mut t = Term::start(parallax(&["c"], dir.path()), size);
    t.wait_for("share text (p)");
    std::thread::sleep(Duration::from_millis(500));
    let before = t.screen();
    let title = before.lines().next().unwrap_or_default().to_string();
    assert!(!title.contains("reading"), "{title}");
    // A full redraw: ratatui clears the screen when the size changes.
    t.resize((150, 45));
    t.resize(size);
    let after = t.screen();
    assert_eq!(
        before.lines().next(),
        after.lines().next(),
        "the title line before and after a full redraw"
    );
    assert_eq!(before, after);
    t.send("q");
    t.ends_restored();
}
