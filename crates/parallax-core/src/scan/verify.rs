//! Step 6: verification of a candidate pair: a cheap bound on shared shingles first, then
//! the passages of the two streams, scored as `compare` scores them.

use super::{Doc, Pair};
use crate::engine::score::{Scores, Verdict};
use crate::engine::stream::Stream;

/// A set of shingle hashes, for membership tests in verification: open addressing on the
/// hash's low bits (shingle hashes are already mixed), so a test is one or two probes where
/// a binary search over a sorted set would be a dozen unpredictable branches.
pub struct ShingleSet {
    slots: Vec<u32>,
    mask: usize,
    /// Slot value 0 means empty; the hash 0 has the extra slot `slots.len()`.
    has_zero: bool,
}

impl ShingleSet {
    pub fn new(items: &[u32]) -> ShingleSet {
        let size = (items.len() * 2).next_power_of_two().max(16);
        let mut set = ShingleSet {
            slots: vec![0; size],
            mask: size - 1,
            has_zero: false,
        };
        for &h in items {
            if h == 0 {
                set.has_zero = true;
                continue;
            }
            let mut i = h as usize & set.mask;
            while set.slots[i] != 0 && set.slots[i] != h {
                i = (i + 1) & set.mask;
            }
            set.slots[i] = h;
        }
        set
    }

    /// Where `h` is in the set (a slot index below [`ShingleSet::slot_count`]), if it is.
    pub fn slot(&self, h: u32) -> Option<usize> {
        if h == 0 {
            return self.has_zero.then_some(self.slots.len());
        }
        let mut i = h as usize & self.mask;
        loop {
            match self.slots[i] {
                s if s == h => return Some(i),
                0 => return None,
                _ => i = (i + 1) & self.mask,
            }
        }
    }

    pub fn contains(&self, h: u32) -> bool {
        self.slot(h).is_some()
    }

    pub fn slot_count(&self) -> usize {
        self.slots.len() + 1
    }
}

/// Which shingles of `a` are shingles of `b`, and which of `b` are of `a`: one hash set,
/// of the shorter, and one pass over each (a page ten times longer than the article it
/// holds is read once, never put in a set).
pub fn shared_shingles(a: &[u32], b: &[u32]) -> (Vec<bool>, Vec<bool>) {
    if a.len() > b.len() {
        let (in_b, in_a) = shared_shingles(b, a);
        return (in_a, in_b);
    }
    let set = ShingleSet::new(a);
    let mut seen = vec![false; set.slot_count()];
    let b_in_a: Vec<bool> = b
        .iter()
        .map(|&h| match set.slot(h) {
            Some(k) => {
                seen[k] = true;
                true
            }
            None => false,
        })
        .collect();
    let a_in_b = a
        .iter()
        .map(|&h| set.slot(h).is_some_and(|k| seen[k]))
        .collect();
    (a_in_b, b_in_a)
}

/// Which shingles of `a` are shingles of `b`: the first half of [`shared_shingles`], all
/// that verification's bound reads (one hash set, of the shorter; no list for `b`).
pub fn shingles_in(a: &[u32], b: &[u32]) -> Vec<bool> {
    if b.len() <= a.len() {
        let set = ShingleSet::new(b);
        return a.iter().map(|&h| set.contains(h)).collect();
    }
    let set = ShingleSet::new(a);
    let mut seen = vec![false; set.slot_count()];
    for &h in b {
        if let Some(k) = set.slot(h) {
            seen[k] = true;
        }
    }
    a.iter()
        .map(|&h| set.slot(h).is_some_and(|k| seen[k]))
        .collect()
}

/// The longest run of consecutive words covered by shared shingles, boilerplate aside:
/// [`cover`]'s second half, without its mask.
pub fn longest_covered_run(shared: &[bool], bp: &[bool], n: usize) -> usize {
    let (mut run, mut best) = (0usize, 0usize);
    for (&s, &b) in shared.iter().zip(bp) {
        if s && !b {
            run += 1;
            best = best.max(run + n - 1);
        } else {
            run = 0;
        }
    }
    best
}

/// Words covered by shared shingles (`shared[i]`: shingle `i` is in the other article),
/// boilerplate aside: a mask over the words, and the longest run of consecutive shared
/// words.
pub fn cover(shared: &[bool], words: usize, bp: &[bool], n: usize) -> (Vec<bool>, usize) {
    let mut mask = vec![false; words];
    let (mut run, mut best) = (0usize, 0usize);
    for (i, &s) in shared.iter().enumerate() {
        if s && !bp[i] {
            mask[i..i + n].iter_mut().for_each(|m| *m = true);
            run += 1;
            best = best.max(run + n - 1);
        } else {
            run = 0;
        }
    }
    (mask, best)
}

/// The pair two docs make: shares, longest run and verdict from the passages they share
/// ([`crate::engine::passage::find`] on their streams), the numbers `compare` gives. `left`
/// is the doc with the larger share.
pub fn verify(a: &Doc, b: &Doc) -> Pair {
    verify_streams(&a.id, &a.stream, &b.id, &b.stream)
}

/// [`verify`] of two articles given by id and stream.
pub fn verify_streams(a_id: &str, a: &Stream, b_id: &str, b: &Stream) -> Pair {
    let reuse = crate::engine::passage::find(a, b);
    let scores = Scores::of_reuse(a, b, &reuse);
    let swap = scores.right_in_left > scores.left_in_right
        || (scores.right_in_left == scores.left_in_right && b_id < a_id);
    let (scores, (l, r)) = if swap {
        (scores.mirrored(), (b_id, a_id))
    } else {
        (scores, (a_id, b_id))
    };
    Pair {
        left: l.to_string(),
        right: r.to_string(),
        left_in_right: round3(scores.left_in_right),
        right_in_left: round3(scores.right_in_left),
        shared_words: scores.left_shared_words,
        right_shared_words: scores.right_shared_words,
        left_words: scores.left_counted_words,
        right_words: scores.right_counted_words,
        longest_run: scores.longest_run,
        verdict: Verdict::of(&scores),
        provenance: None,
    }
}

pub(super) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
