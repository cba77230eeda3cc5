//! Hostile inputs for the comparison engine (issue "Hardening"): an article compared with
//! itself is a duplicate whatever it holds, the same pair gives the same JSON on an idle and on
//! a loaded machine, and the cost of degenerate shapes (one huge line, a million short
//! paragraphs, one word repeated) grows near-linearly with their size.
//!
//! Growth is asserted as a ratio of CPU times (`parallax_synth::growth`: the best of three
//! runs at 2N against the best of three at N), never as an absolute time; the tests of this
//! file take turns (one of them loads every core on purpose).

mod common;
use common::article;
use parallax_core::engine::compare::compare;
use parallax_core::engine::score::Verdict;
use parallax_core::json;
use parallax_synth::growth::{self, one_at_a_time};

/// `n` words drawn from a vocabulary of `vocab` made-up words, deterministically from `seed`.
fn words(n: usize, vocab: usize, seed: u64) -> Vec<String> {
    let mut rng = parallax_synth::Rng::new(seed);
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    let lexicon: Vec<String> = (0..vocab)
        .map(|_| {
            let len = rng.range(2, 10);
            (0..len).map(|_| letters[rng.below(26)] as char).collect()
        })
        .collect();
    (0..n).map(|_| lexicon[rng.below(vocab)].clone()).collect()
}

fn one_line(n: usize) -> String {
    words(n, 5_000, 7).join(" ") + ".\n"
}

fn many_paragraphs(n: usize) -> String {
    let w = words(n * 5, 5_000, 9);
    w.chunks(5)
        .map(|c| {
            let mut p = c.join(" ");
            p.push('.');
            p
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn assert_identity(name: &str, text: &str) {
    let a = article(name, text);
    let c = compare(&a, &a);
    assert_eq!(
        c.verdict,
        Verdict::Duplicate,
        "{name} compared with itself: {:?} at {:.3}/{:.3}",
        c.verdict,
        c.scores.left_in_right,
        c.scores.right_in_left
    );
    assert!(
        c.scores.left_in_right >= 0.999 && c.scores.right_in_left >= 0.999,
        "{name} compared with itself shares {:.3}/{:.3}",
        c.scores.left_in_right,
        c.scores.right_in_left
    );
}

#[test]
fn an_article_compared_with_itself_is_a_duplicate_whatever_it_holds() {
    let _turn = one_at_a_time();
    let read_more = vec!["Read more here."; 1000].join("\n\n");
    let the = vec!["the"; 100_000].join(" ");
    let cases: Vec<(&str, String)> = vec![
        ("read-more-x1000", read_more),
        ("the-x100k", the.clone()),
        ("one-word", "Reuters".into()),
        ("punctuation", "... --- !!! ???\n\n* * *".into()),
        ("empty", String::new()),
        ("nul-and-controls", "a\u{0}b\u{1b}[31m c\u{202e}d".into()),
        ("one-line", one_line(5_000)),
        ("many-paragraphs", many_paragraphs(2_000)),
        ("seed-002", common::seed_text("002")),
    ];
    for (name, text) in &cases {
        assert_identity(name, text);
    }
}

#[test]
fn a_repeated_word_and_one_more_word_is_still_a_copy() {
    let _turn = one_at_a_time();
    // Issue: 1M x "the" against itself plus one word scored 0%.
    let the = vec!["the"; 100_000].join(" ");
    let plus = format!("{the} word");
    let c = compare(&article("a", &the), &article("b", &plus));
    assert!(
        c.scores.left_in_right >= 0.99,
        "left in right {:.4}",
        c.scores.left_in_right
    );
    assert!(
        matches!(
            c.verdict,
            Verdict::Duplicate | Verdict::LeftContainedInRight | Verdict::RightContainedInLeft
        ),
        "{:?}",
        c.verdict
    );
}

/// A 60k-word article and a copy with about 5% of its words edited, as one paragraph each (the
/// shape on which a wall-clock deadline used to give up under load) and as paragraphs.
fn edited_pair(one_paragraph: bool) -> (String, String) {
    let text = parallax_synth::article(3, 400_000);
    let copy = parallax_synth::edited_copy(4, &text, 0.05);
    if one_paragraph {
        let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        (flat(&text), flat(&copy))
    } else {
        (text, copy)
    }
}

fn compare_json(a: &str, b: &str) -> String {
    let (a, b) = (article("a", a), article("b", b));
    let c = compare(&a, &b);
    serde_json::to_string(&json::Compare::new(&a, &b, &c)).expect("serialises")
}

#[test]
fn the_same_pair_gives_the_same_json_on_an_idle_and_a_loaded_machine() {
    let _turn = one_at_a_time();
    for one_paragraph in [true, false] {
        let (a, b) = edited_pair(one_paragraph);
        let idle = compare_json(&a, &b);
        let loaded = {
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let hogs: Vec<_> = (0..4)
                .map(|_| {
                    let stop = std::sync::Arc::clone(&stop);
                    std::thread::spawn(move || {
                        let mut x = 1u64;
                        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                            x = std::hint::black_box(x.wrapping_mul(6364136223846793005) + 1);
                        }
                    })
                })
                .collect();
            let out = compare_json(&a, &b);
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            for h in hogs {
                h.join().unwrap();
            }
            out
        };
        assert!(idle == loaded, "same pair, different JSON under load");
        let v: serde_json::Value = serde_json::from_str(&idle).unwrap();
        let share = v["scores"]["left_in_right"].as_f64().unwrap();
        assert!(
            share >= 0.9,
            "a 5%-edited copy (one paragraph: {one_paragraph}) shares {share:.3}"
        );
        assert_eq!(v["verdict"], "duplicate", "one paragraph: {one_paragraph}");
    }
}

fn assert_near_linear(name: &str, make: impl Fn(usize) -> String, n: usize) {
    growth::assert_near_linear(
        name,
        n,
        |n| article("a", &make(n)),
        |a| {
            std::hint::black_box(compare(a, a));
        },
    );
}

#[test]
fn one_huge_line_compared_with_itself_grows_near_linearly() {
    let _turn = one_at_a_time();
    assert_near_linear("one line of words", one_line, 40_000);
}

#[test]
fn many_short_paragraphs_compared_with_themselves_grow_near_linearly() {
    let _turn = one_at_a_time();
    assert_near_linear("short paragraphs", many_paragraphs, 8_000);
}

#[test]
fn one_word_repeated_grows_near_linearly() {
    let _turn = one_at_a_time();
    assert_near_linear("one word repeated", |n| vec!["the"; n].join(" "), 40_000);
}
