//! A word 3-gram containment baseline for text alignment: the simplest detector worth
//! beating, measured in the same harness as the engine ([`crate::measure`]).
//!
//! Words are [`parallax_core::text::tokens::words`] (UAX #29 words, normalised: NFKC, lower
//! case, quotes and dashes unified), and a 3-gram is three consecutive words of one text
//! (across sentence and paragraph ends).
//!
//! - [`share`]`(a, b)`: the share of `a`'s 3-gram positions whose 3-gram occurs anywhere in
//!   `b` (0 when `a` has fewer than three words).
//! - [`passages`]`(a, b)`: a word of `a` is *covered* when it lies in a 3-gram of `a` that
//!   occurs in `b`. Maximal runs of covered words are merged when at most 5 uncovered words
//!   separate them, and runs (so merged) of fewer than 8 words are dropped. Each run is mapped
//!   to `b` like this: its *anchor* is the run's shared 3-gram with the fewest occurrences in
//!   `b` (the first such on ties) at its first occurrence; every shared 3-gram of the run at
//!   offset `d` words from the anchor in `a` takes its occurrence in `b` nearest to the anchor's
//!   occurrence + `d`, and is kept if that occurrence lies within the run's length (in words) of
//!   that predicted position; the range in `b` spans the kept occurrences (first word of the
//!   earliest to last word of the latest).

use parallax_core::text::tokens::{words, Word};
use std::collections::HashMap;
use std::ops::Range;

/// A passage of `a` found in `b`, in the shape of the engine's
/// [`Passage`](parallax_core::engine::passage::Passage): `left` in the first text, `right` in
/// the second, byte ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub left: Range<usize>,
    pub right: Range<usize>,
    /// Words of `a` in the run.
    pub words: usize,
}

type Gram<'a> = [&'a str; 3];

fn grams(w: &[Word]) -> Vec<Gram<'_>> {
    w.windows(3)
        .map(|g| [g[0].norm.as_str(), g[1].norm.as_str(), g[2].norm.as_str()])
        .collect()
}

fn positions<'a>(grams: &[Gram<'a>]) -> HashMap<Gram<'a>, Vec<usize>> {
    let mut m: HashMap<Gram<'a>, Vec<usize>> = HashMap::with_capacity(grams.len());
    for (i, g) in grams.iter().enumerate() {
        m.entry(*g).or_default().push(i);
    }
    m
}

/// The share of `a`'s 3-gram positions whose 3-gram occurs in `b`.
pub fn share(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    let (ga, gb) = (grams(&wa), grams(&wb));
    if ga.is_empty() {
        return 0.0;
    }
    let inb: std::collections::HashSet<Gram> = gb.into_iter().collect();
    ga.iter().filter(|g| inb.contains(*g)).count() as f64 / ga.len() as f64
}

/// Runs of merged covered words shorter than this are dropped.
pub const MIN_WORDS: usize = 8;
/// Covered runs separated by at most this many uncovered words are merged.
pub const MAX_GAP: usize = 5;

/// The passages of `a` found in `b` (see the module doc), in `a`'s order.
pub fn passages(a: &str, b: &str) -> Vec<Passage> {
    let (wa, wb) = (words(a), words(b));
    let (ga, gb) = (grams(&wa), grams(&wb));
    let inb = positions(&gb);
    let shared: Vec<bool> = ga.iter().map(|g| inb.contains_key(g)).collect();
    let mut covered = vec![false; wa.len()];
    for (j, _) in shared.iter().enumerate().filter(|(_, &s)| s) {
        covered[j..j + 3].fill(true);
    }
    // Maximal runs of covered words, merged across gaps of ≤ MAX_GAP words.
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < wa.len() {
        if !covered[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < wa.len() && covered[i] {
            i += 1;
        }
        match runs.last_mut() {
            Some(r) if start - r.end <= MAX_GAP => r.end = i,
            _ => runs.push(start..i),
        }
    }
    runs.retain(|r| r.len() >= MIN_WORDS);

    let mut out = Vec::new();
    for run in runs {
        // Shared 3-grams starting in the run (they lie inside it).
        let js: Vec<usize> = (run.start..run.end.saturating_sub(2))
            .filter(|&j| shared[j])
            .collect();
        let Some(&anchor) = js.iter().min_by_key(|&&j| (inb[&ga[j]].len(), j)) else {
            continue;
        };
        let base = inb[&ga[anchor]][0] as i64;
        let tolerance = run.len() as i64;
        let (mut lo, mut hi) = (usize::MAX, 0);
        for &j in &js {
            let want = base + j as i64 - anchor as i64;
            let occ = &inb[&ga[j]];
            let best = *occ
                .iter()
                .min_by_key(|&&o| ((o as i64 - want).abs(), o))
                .expect("a shared 3-gram occurs in b");
            if (best as i64 - want).abs() <= tolerance {
                lo = lo.min(best);
                hi = hi.max(best + 2);
            }
        }
        out.push(Passage {
            left: wa[run.start].start..wa[run.end - 1].end,
            right: wb[lo].start..wb[hi].end,
            words: run.len(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_counts_positions() {
        // a: "x y z w" has 3-grams (x y z), (y z w); b holds only the first.
        assert_eq!(share("x y z w", "q x y z q"), 0.5);
        assert_eq!(share("x y", "x y"), 0.0);
        assert_eq!(share("X, y. Z", "x y z"), 1.0);
        assert_eq!(share("one two three", "four five six"), 0.0);
    }

    #[test]
    fn finds_a_copied_passage_with_offsets() {
        let copied =
            "the minister said that the talks would resume in Geneva next week after a long pause";
        let a = format!(
            "Completely different opening words here. {copied}. More unrelated text follows now."
        );
        let b = format!("Another text begins like this one. Then: {copied}! And it ends.");
        let p = passages(&a, &b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(&a[p[0].left.clone()], copied);
        assert_eq!(&b[p[0].right.clone()], copied);
        assert_eq!(p[0].words, 16);
    }

    #[test]
    fn merges_small_gaps_and_drops_short_runs() {
        // Two 6-word runs separated by 3 changed words merge into one run of 15 words.
        let a = "alpha beta gamma delta epsilon zeta X1 X2 X3 eta theta iota kappa lambda mu";
        let b = "alpha beta gamma delta epsilon zeta Y1 Y2 Y3 eta theta iota kappa lambda mu";
        let p = passages(a, b);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(
            (p[0].left.clone(), p[0].right.clone()),
            (0..a.len(), 0..b.len())
        );
        // A 6-word run alone is dropped.
        assert!(passages(
            "alpha beta gamma delta epsilon zeta",
            "alpha beta gamma delta epsilon zeta"
        )
        .is_empty());
    }

    #[test]
    fn maps_to_the_nearest_occurrence() {
        // A frequent 3-gram ("in the city") also occurs far away in b: the run maps to the
        // copy, not to the stray occurrence.
        let copy = "officials in the city reported heavy damage to the bridge and the harbour";
        let a = format!("Start. {copy}. End.");
        let b = format!("in the city. Filler words one two three four five six seven eight nine ten eleven twelve. {copy}.");
        let p = passages(&a, &b);
        assert_eq!(p.len(), 1);
        assert_eq!(&b[p[0].right.clone()], copy);
    }
}
