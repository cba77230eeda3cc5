//! Scores and verdict of a comparison, from its passages: one definition for `compare`,
//! `scan`, `coverage` and every screen of the reader.
//!
//! Words are those of the articles' [streams](crate::engine::stream): page chrome left out,
//! lines repeating an earlier line not counted (unless nothing else is).
//!
//! - `left_in_right`: counted words of the left article inside its passages / its counted
//!   words. A passage is reused text, edits included: a word replaced by an editor inside a
//!   copied paragraph is still part of the copy. Shared quotations are not passages.
//! - `right_in_left`: likewise for the right article;
//! - `similarity`: counted words inside passages on both sides / counted words of both;
//! - `longest_run`: the longest run of consecutive equal words in document order, across
//!   paragraph boundaries;
//! - `passages`, `quotes`: how many of each.
//!
//! Verdict, first rule that holds:
//! 1. `duplicate`: both shares ≥ [`DUPLICATE`];
//! 2. `left_contained_in_right`: `left_in_right` ≥ [`CONTAINED`] and > `right_in_left` (most
//!    of the left article is found in the right one: a copy or a rewrite, or an article
//!    embedded in a longer page);
//! 3. `right_contained_in_left`: the same the other way;
//! 4. `partial_overlap`: at least one passage;
//! 5. `shared_quotes`: no passage, but shared quotations or runs of at least
//!    [`crate::engine::passage::QUOTE_RUN`] words (two reports of one event quoting the same
//!    statement);
//! 6. `no_shared_text`.

use crate::engine::passage::{PassageKind, Reuse};
use crate::engine::stream::{Stream, UNCOUNTED};
use serde::Serialize;

/// Both shares at least this: duplicate.
pub const DUPLICATE: f64 = 0.8;
/// One share at least this: contained.
pub const CONTAINED: f64 = 0.6;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    pub left_in_right: f64,
    pub right_in_left: f64,
    pub similarity: f64,
    pub longest_run: usize,
    /// Shared words of the left article (counted paragraphs only).
    pub left_shared_words: usize,
    /// Counted words of the left article.
    pub left_counted_words: usize,
    pub right_shared_words: usize,
    pub right_counted_words: usize,
    /// Reused passages found (shared quotations aside).
    pub passages: usize,
    /// Shared quotations, and short shared runs outside passages.
    pub quotes: usize,
}

impl Scores {
    /// Scores from (shared, counted) words of each side and the longest run; `passages` and
    /// `quotes` are 0 (set them for the verdict).
    pub fn new(left: (usize, usize), right: (usize, usize), longest_run: usize) -> Scores {
        let share = |(s, n): (usize, usize)| if n == 0 { 0.0 } else { s as f64 / n as f64 };
        let total = left.1 + right.1;
        Scores {
            left_in_right: share(left),
            right_in_left: share(right),
            similarity: if total == 0 {
                0.0
            } else {
                (left.0 + right.0) as f64 / total as f64
            },
            longest_run,
            left_shared_words: left.0,
            left_counted_words: left.1,
            right_shared_words: right.0,
            right_counted_words: right.1,
            passages: 0,
            quotes: 0,
        }
    }

    /// The scores of two streams and what they share.
    pub fn of_reuse(a: &Stream, b: &Stream, r: &Reuse) -> Scores {
        let side = |s: &Stream, extents: &mut dyn Iterator<Item = (usize, usize)>| {
            let mut inside = vec![false; s.len()];
            for (x, y) in extents {
                inside[x..y].fill(true);
            }
            let counted = |i: usize| !s.is(i, UNCOUNTED);
            let any = (0..s.len()).any(counted);
            let (mut shared, mut n) = (0, 0);
            for (i, &x) in inside.iter().enumerate() {
                if any && !counted(i) {
                    continue;
                }
                n += 1;
                shared += usize::from(x);
            }
            (shared, n)
        };
        let reused = || r.passages.iter().filter(|p| p.kind != PassageKind::Quote);
        let left = side(a, &mut reused().map(|p| p.a));
        let right = side(b, &mut reused().map(|p| p.b));
        let mut s = Scores::new(left, right, r.longest_run());
        s.passages = reused().count();
        s.quotes = r.quotes.len() + (r.passages.len() - s.passages);
        s
    }

    pub fn mirrored(&self) -> Scores {
        Scores {
            left_in_right: self.right_in_left,
            right_in_left: self.left_in_right,
            left_shared_words: self.right_shared_words,
            left_counted_words: self.right_counted_words,
            right_shared_words: self.left_shared_words,
            right_counted_words: self.left_counted_words,
            ..*self
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The same text, give or take edits.
    Duplicate,
    /// Most of the left article is found in the right one (a copy or rewrite of it, or an
    /// article embedded in a longer page).
    LeftContainedInRight,
    RightContainedInLeft,
    /// Some passages reused, neither article mostly made of the other.
    PartialOverlap,
    /// No reused passage, but the same quotations (or short runs of words): independent
    /// reports of one event, as a rule.
    SharedQuotes,
    /// Nothing shared beyond chance.
    NoSharedText,
}

impl Verdict {
    pub fn of(s: &Scores) -> Verdict {
        if s.left_in_right >= DUPLICATE && s.right_in_left >= DUPLICATE {
            Verdict::Duplicate
        } else if s.left_in_right >= CONTAINED && s.left_in_right > s.right_in_left {
            Verdict::LeftContainedInRight
        } else if s.right_in_left >= CONTAINED && s.right_in_left > s.left_in_right {
            Verdict::RightContainedInLeft
        } else if s.passages > 0 {
            Verdict::PartialOverlap
        } else if s.quotes > 0 || s.longest_run >= crate::engine::passage::QUOTE_RUN {
            Verdict::SharedQuotes
        } else {
            Verdict::NoSharedText
        }
    }

    pub fn mirrored(self) -> Verdict {
        match self {
            Verdict::LeftContainedInRight => Verdict::RightContainedInLeft,
            Verdict::RightContainedInLeft => Verdict::LeftContainedInRight,
            v => v,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Duplicate => "duplicate",
            Verdict::LeftContainedInRight => "left_contained_in_right",
            Verdict::RightContainedInLeft => "right_contained_in_left",
            Verdict::PartialOverlap => "partial_overlap",
            Verdict::SharedQuotes => "shared_quotes",
            Verdict::NoSharedText => "no_shared_text",
        }
    }

    /// The verdict in words, for a person (the reader's header, the text report); the JSON
    /// documents keep [`Verdict::as_str`].
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Duplicate => "the two articles are duplicates",
            Verdict::LeftContainedInRight => "the left article is contained in the right",
            Verdict::RightContainedInLeft => "the right article is contained in the left",
            Verdict::PartialOverlap => "the articles share some passages",
            Verdict::SharedQuotes => "only quotations are shared",
            Verdict::NoSharedText => "no shared text",
        }
    }

    /// The verdict in the words of schema version 1 (`unrelated` for no shared text, shared
    /// quotes as `partial_overlap`), for readers of the old JSON.
    pub fn as_v1_str(self) -> &'static str {
        match self {
            Verdict::SharedQuotes => "partial_overlap",
            Verdict::NoSharedText => "unrelated",
            v => v.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_thresholds() {
        let v = |l: usize, r: usize, run: usize, passages: usize, quotes: usize| {
            let mut s = Scores::new((l, 100), (r, 100), run);
            s.passages = passages;
            s.quotes = quotes;
            Verdict::of(&s)
        };
        assert_eq!(v(90, 85, 50, 1, 0), Verdict::Duplicate);
        assert_eq!(v(95, 30, 50, 1, 0), Verdict::LeftContainedInRight);
        assert_eq!(v(95, 75, 50, 1, 0), Verdict::LeftContainedInRight);
        assert_eq!(v(20, 90, 50, 2, 0), Verdict::RightContainedInLeft);
        assert_eq!(v(20, 10, 5, 1, 0), Verdict::PartialOverlap);
        assert_eq!(v(0, 0, 7, 0, 1), Verdict::SharedQuotes);
        assert_eq!(v(0, 0, 6, 0, 0), Verdict::SharedQuotes);
        assert_eq!(v(0, 0, 5, 0, 0), Verdict::NoSharedText);
        assert_eq!(v(75, 75, 50, 1, 0), Verdict::PartialOverlap);
        for (l, r) in [(90, 85), (95, 30), (20, 90), (5, 5), (75, 75), (80, 79)] {
            let s = Scores::new((l, 100), (r, 100), 3);
            assert_eq!(Verdict::of(&s.mirrored()), Verdict::of(&s).mirrored());
        }
    }
}
