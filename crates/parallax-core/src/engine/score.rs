//! Scores and verdict of a comparison.
//!
//! A word of an article is *shared* when the word diff matched it (equal or variant) with a
//! word of the other article and either
//! - it lies in a shared run of at least [`MIN_RUN`] consecutive words, or
//! - its row (or link) has a similarity of at least [`NEAR_ROW`], so that single unchanged
//!   words between the edits of a near-duplicate paragraph count too.
//!
//! Scattered common words ("the", "Russia") in loosely related paragraphs are not shared.
//! Paragraphs whose role is discounted (page chrome, repeats; see [`crate::Role`]) count
//! neither in the numerator nor in the denominator, unless the article has nothing else.
//!
//! - `left_in_right`: shared words of the left article / its counted words;
//! - `right_in_left`: likewise for the right article;
//! - `similarity`: all shared words / all counted words of both (symmetric);
//! - `longest_run`: the longest run of consecutive matched words, in words.
//!
//! Verdict, first rule that holds:
//! 1. `duplicate`: both shares ≥ [`DUPLICATE`];
//! 2. `left_contained_in_right`: `left_in_right` ≥ [`CONTAINED`] and > `right_in_left`;
//! 3. `right_contained_in_left`: `right_in_left` ≥ [`CONTAINED`] and > `left_in_right`;
//! 4. `partial_overlap`: the larger share ≥ [`PARTIAL`], or `longest_run` ≥ [`PARTIAL_RUN`];
//! 5. `unrelated`.

use serde::Serialize;

/// Shortest run of matched words that counts as shared text in a loosely matched row.
pub const MIN_RUN: usize = 3;
/// Row similarity from which every matched word of the row counts as shared.
pub const NEAR_ROW: f64 = 0.6;
/// Both shares at least this: duplicate.
pub const DUPLICATE: f64 = 0.8;
/// One share at least this: contained.
pub const CONTAINED: f64 = 0.7;
/// Larger share at least this: partial overlap.
pub const PARTIAL: f64 = 0.15;
/// A shared run at least this long (words): partial overlap, whatever the shares. Six words is
/// also WCopyfind's default shortest matching phrase.
pub const PARTIAL_RUN: usize = 6;

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
}

impl Scores {
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
        }
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
    Duplicate,
    LeftContainedInRight,
    RightContainedInLeft,
    PartialOverlap,
    Unrelated,
}

impl Verdict {
    pub fn of(s: &Scores) -> Verdict {
        if s.left_in_right >= DUPLICATE && s.right_in_left >= DUPLICATE {
            Verdict::Duplicate
        } else if s.left_in_right >= CONTAINED && s.left_in_right > s.right_in_left {
            Verdict::LeftContainedInRight
        } else if s.right_in_left >= CONTAINED && s.right_in_left > s.left_in_right {
            Verdict::RightContainedInLeft
        } else if s.left_in_right.max(s.right_in_left) >= PARTIAL || s.longest_run >= PARTIAL_RUN {
            Verdict::PartialOverlap
        } else {
            Verdict::Unrelated
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
            Verdict::Unrelated => "unrelated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdict_thresholds() {
        let v = |l: usize, r: usize, run: usize| Verdict::of(&Scores::new((l, 100), (r, 100), run));
        assert_eq!(v(90, 85, 50), Verdict::Duplicate);
        assert_eq!(v(95, 30, 50), Verdict::LeftContainedInRight);
        assert_eq!(v(95, 75, 50), Verdict::LeftContainedInRight);
        assert_eq!(v(20, 90, 50), Verdict::RightContainedInLeft);
        assert_eq!(v(20, 10, 5), Verdict::PartialOverlap);
        assert_eq!(v(5, 5, 6), Verdict::PartialOverlap);
        assert_eq!(v(5, 5, 5), Verdict::Unrelated);
        assert_eq!(v(0, 0, 0), Verdict::Unrelated);
        assert_eq!(v(75, 75, 50), Verdict::PartialOverlap);
        for (l, r) in [(90, 85), (95, 30), (20, 90), (5, 5), (75, 75), (80, 79)] {
            let s = Scores::new((l, 100), (r, 100), 3);
            assert_eq!(Verdict::of(&s.mirrored()), Verdict::of(&s).mirrored());
        }
    }
}
