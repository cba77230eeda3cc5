//! What `compare` costs in memory (issues #12 "Bounded cost" and #16: peak memory of a compare
//! within a few times the two texts), counted, never timed: a counting allocator gives the
//! bytes live at any point and the peak since a mark, so every figure here is the same on an
//! idle and on a loaded machine.
//!
//! The tests of this file take turns (the counts are process-wide).

mod common;
use common::article;
use parallax_core::engine::compare::compare;
use std::sync::atomic::Ordering::Relaxed;

#[path = "common/counting.rs"]
mod counting;
use counting::{mark, LIVE, PEAK, TURN};

#[global_allocator]
static ALLOC: counting::Counting = counting::Counting;

/// The generated pair (an article and its lightly edited copy) of about `bytes` each.
fn pair(bytes: usize) -> (parallax_core::Article, parallax_core::Article) {
    let (a, b) = parallax_synth::pair(42, bytes);
    (article("a", &a), article("b", &b))
}

/// Bytes `compare` holds at its peak beyond the two loaded articles, and bytes it leaves
/// behind once its result is dropped.
fn compare_memory(a: &parallax_core::Article, b: &parallax_core::Article) -> (usize, usize) {
    let before = mark();
    let c = compare(a, b);
    let peak = PEAK.load(Relaxed) - before;
    drop(c);
    let after = LIVE.load(Relaxed).saturating_sub(before);
    (peak, after)
}

/// The working memory of a compare of two texts is a small multiple of the two texts (the
/// loaded articles not counted): no list of every matched word in 40-byte entries, the
/// streams and the passages' word pairs freed before the rows are built, and it stays so at
/// twice the size.
#[test]
fn compare_working_memory_is_a_small_multiple_of_the_texts() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    // Warm up: thread-locals and tables built once.
    let (a, b) = pair(20_000);
    compare_memory(&a, &b);
    for bytes in [400_000, 800_000] {
        let (a, b) = pair(bytes);
        let texts = a.text.len() + b.text.len();
        let (peak, _) = compare_memory(&a, &b);
        let ratio = peak as f64 / texts as f64;
        eprintln!("{bytes}: peak {peak} bytes over the articles, {ratio:.2}× the texts");
        assert!(
            ratio <= 5.5,
            "compare of two {bytes}-byte texts peaks at {peak} bytes over the articles, {ratio:.2}× the texts"
        );
    }
}

/// Once a compare of two long texts is over, it leaves nothing of their size behind (the
/// thread's 3-gram table of a long text is freed, not kept for the next one).
#[test]
fn a_long_compare_leaves_no_table_behind() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let (a, b) = pair(20_000);
    compare_memory(&a, &b);
    let (a, b) = pair(800_000);
    let texts = a.text.len() + b.text.len();
    let (_, left) = compare_memory(&a, &b);
    eprintln!("left behind: {left} bytes");
    assert!(
        left * 100 <= texts,
        "a compare of two 800 kB texts leaves {left} bytes behind ({:.2}× the texts)",
        left as f64 / texts as f64
    );
}

/// Short texts still reuse the thread's table: a second compare of the same short pair
/// leaves nothing behind either, and its results do not depend on what came before.
#[test]
fn short_compares_after_a_long_one_give_the_same_result() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let (a, b) = pair(30_000);
    let first = compare(&a, &b);
    let (x, y) = pair(300_000);
    drop(compare(&x, &y));
    assert_eq!(compare(&a, &b), first);
    let (_, left) = compare_memory(&a, &b);
    assert!(
        left * 100 <= a.text.len() + b.text.len(),
        "{left} bytes left"
    );
}

/// Articles without their words (`Article::drop_tokens`, as `parallax compare` holds the two
/// files it loads) compare the same, and the comparison finds their words paragraph by
/// paragraph when it reads them: at its peak it holds much less than the words it was
/// spared (8 bytes a word), so articles and comparison together take less.
#[test]
fn articles_without_their_words_compare_the_same_in_less_memory() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let (a, b) = pair(800_000);
    let words: usize = [&a, &b]
        .iter()
        .flat_map(|x| &x.paragraphs)
        .map(|p| std::mem::size_of_val(p.tokens.as_slice()))
        .sum();
    assert!(words > 0, "loaded articles hold their words");
    let (mut a2, mut b2) = (a.clone(), b.clone());
    a2.drop_tokens();
    b2.drop_tokens();
    assert!(a2.paragraphs.iter().all(|p| p.tokens.is_empty()));
    assert_eq!(compare(&a2, &b2), compare(&a, &b));
    let (with, _) = compare_memory(&a, &b);
    let (without, _) = compare_memory(&a2, &b2);
    eprintln!(
        "peak over the articles: {with} bytes with their words ({words} bytes), {without} without"
    );
    assert!(
        without <= with + words / 4,
        "without their words ({words} bytes) the compare peaks at {without} bytes, with them at {with}"
    );
}
