//! The reader's memory is bounded by what is on screen, not by the corpus (issue #16): after
//! reading every article of a corpus its state holds their heads, not their texts. Counted
//! with a counting allocator (the bytes the reader's state keeps), not timed; alone in its
//! test binary so that no other test allocates meanwhile.

use parallax::tui::action::Action;
use parallax::tui::state::App;
use parallax::tui::update::update;
use parallax_core::corpus::Corpus;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

/// Bytes allocated and not freed, over every thread.
static LIVE: AtomicIsize = AtomicIsize::new(0);

struct Counting;

// SAFETY: every call is passed on to the system allocator unchanged; only counts are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            LIVE.fetch_add(l.size() as isize, Ordering::SeqCst);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size() as isize, Ordering::SeqCst);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, size) };
        if !q.is_null() {
            LIVE.fetch_add(size as isize - l.size() as isize, Ordering::SeqCst);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

#[test]
fn after_reading_every_article_the_reader_holds_heads_not_texts() {
    let dir = tempfile::tempdir().unwrap();
    let n = 1500;
    let mut text = 0usize;
    for i in 0..n {
        let t = parallax_synth::article(i as u64, 3000);
        text += t.len();
        std::fs::write(dir.path().join(format!("a{i:05}.txt")), t).unwrap();
    }
    let corpus = Corpus::open(dir.path()).unwrap();
    // A first read builds the cache (and whatever stays allocated for good: thread pools).
    parallax::tui::read_articles(&corpus, &mut |_| {});
    let before = LIVE.load(Ordering::SeqCst);
    let mut app = App::new(Vec::new(), Vec::new(), "c");
    parallax::tui::read_articles(&corpus, &mut |a| {
        let _ = update(&mut app, a);
    });
    let _ = update(&mut app, Action::Resize(160, 45));
    let held = LIVE.load(Ordering::SeqCst) - before;
    assert_eq!(app.picker.entries.len(), n);
    // The whole articles would be ~3x their text (paragraphs hold it again); their heads
    // (id, path, metadata, counts, the filter's key) are a fraction of it.
    assert!(
        (held as usize) < text / 2,
        "the reader holds {held} bytes after reading {n} articles of {text} bytes of text"
    );
    drop(app);
}
