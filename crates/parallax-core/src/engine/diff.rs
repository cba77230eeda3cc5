//! Word diff of aligned paragraphs, with `similar`.
//!
//! The words of a row's left paragraphs are diffed against the words of its right paragraphs
//! (Myers, on interned normalised words). Replaced words that are spelling or transliteration
//! variants of each other ([`crate::text::tokens::is_variant`]) are paired up and reported as
//! `variant` rather than as a change. The result gives spans with byte offsets into each
//! paragraph's text, the matched word pairs, and the shared runs.

use serde::Serialize;
use similar::{Algorithm, DiffOp};
use std::time::{Duration, Instant};

/// How long one row's diff may take before `similar` settles for a coarser answer.
pub const DIFF_DEADLINE: Duration = Duration::from_millis(300);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    /// The same word(s) on both sides.
    Equal,
    /// Words only on the right.
    Insert,
    /// Words only on the left.
    Delete,
    /// Words replaced by other words.
    Replace,
    /// A spelling or transliteration variant of the word on the other side.
    Variant,
}

impl SpanKind {
    /// The same span seen from the other side.
    pub fn mirrored(self) -> SpanKind {
        match self {
            SpanKind::Insert => SpanKind::Delete,
            SpanKind::Delete => SpanKind::Insert,
            k => k,
        }
    }

    /// Whether the words are found on the other side (equal or as a variant).
    pub fn matched(self) -> bool {
        matches!(self, SpanKind::Equal | SpanKind::Variant)
    }
}

/// A run of words of one kind in one paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The paragraph index in its article.
    pub para: usize,
    /// Byte offsets into the paragraph's text.
    pub start: usize,
    pub end: usize,
    pub kind: SpanKind,
    /// For a variant: the word on the other side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
}

/// Spans of both sides of a row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Spans {
    pub left: Vec<Span>,
    pub right: Vec<Span>,
}

/// A word as the diff sees it.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    pub para: usize,
    /// Position of the word within its paragraph's words.
    pub pos: usize,
    pub start: usize,
    pub end: usize,
    pub id: u32,
    /// The word as written.
    pub text: &'a str,
    /// The normalised word.
    pub norm: &'a str,
}

/// The diff of one row.
#[derive(Debug, Clone, Default)]
pub struct RowDiff {
    pub spans: Spans,
    /// Matched word pairs (left index, right index) into the token lists, in order.
    pub pairs: Vec<(usize, usize)>,
    /// Shared runs: (first pair index, length in words); consecutive on both sides.
    pub runs: Vec<(usize, usize)>,
}

impl RowDiff {
    /// 2 × matched words / all words of both sides.
    pub fn similarity(&self, left_len: usize, right_len: usize) -> f64 {
        if left_len + right_len == 0 {
            return 0.0;
        }
        2.0 * self.pairs.len() as f64 / (left_len + right_len) as f64
    }

    pub fn longest_run(&self) -> usize {
        self.runs.iter().map(|r| r.1).max().unwrap_or(0)
    }
}

/// Diff two word lists.
pub fn diff(left: &[Tok], right: &[Tok]) -> RowDiff {
    let l: Vec<u32> = left.iter().map(|t| t.id).collect();
    let r: Vec<u32> = right.iter().map(|t| t.id).collect();
    let ops = similar::capture_diff_slices_deadline(
        Algorithm::Myers,
        &l,
        &r,
        Some(Instant::now() + DIFF_DEADLINE),
    );
    let mut lk = vec![SpanKind::Delete; left.len()];
    let mut rk = vec![SpanKind::Insert; right.len()];
    let mut l_other: Vec<Option<usize>> = vec![None; left.len()];
    let mut pairs = Vec::new();
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    lk[old_index + k] = SpanKind::Equal;
                    rk[new_index + k] = SpanKind::Equal;
                    pairs.push((old_index + k, new_index + k));
                }
            }
            DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                lk[old_index..old_index + old_len].fill(SpanKind::Replace);
                rk[new_index..new_index + new_len].fill(SpanKind::Replace);
                // Pair variants from the front, then from the back.
                let n = old_len.min(new_len);
                let mut front = 0;
                while front < n
                    && crate::text::tokens::is_variant(
                        left[old_index + front].norm,
                        right[new_index + front].norm,
                    )
                {
                    front += 1;
                }
                let mut back = 0;
                while back < n - front
                    && crate::text::tokens::is_variant(
                        left[old_index + old_len - 1 - back].norm,
                        right[new_index + new_len - 1 - back].norm,
                    )
                {
                    back += 1;
                }
                let front_pairs = (0..front).map(|k| (old_index + k, new_index + k));
                let back_pairs = (0..back)
                    .rev()
                    .map(|k| (old_index + old_len - 1 - k, new_index + new_len - 1 - k));
                for (x, y) in front_pairs.chain(back_pairs) {
                    lk[x] = SpanKind::Variant;
                    rk[y] = SpanKind::Variant;
                    l_other[x] = Some(y);
                    pairs.push((x, y));
                }
            }
        }
    }
    pairs.sort_unstable();
    let mut r_other: Vec<Option<usize>> = vec![None; right.len()];
    for (x, y) in l_other.iter().enumerate() {
        if let Some(y) = y {
            r_other[*y] = Some(x);
        }
    }
    let runs = runs(&pairs);
    let spans = Spans {
        left: spans(left, &lk, &l_other, right),
        right: spans(right, &rk, &r_other, left),
    };
    RowDiff { spans, pairs, runs }
}

fn runs(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for k in 1..=pairs.len() {
        let continues =
            k < pairs.len() && pairs[k].0 == pairs[k - 1].0 + 1 && pairs[k].1 == pairs[k - 1].1 + 1;
        if !continues && !pairs.is_empty() {
            out.push((start, k - start));
            start = k;
        }
    }
    out
}

fn spans(toks: &[Tok], kinds: &[SpanKind], other: &[Option<usize>], others: &[Tok]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        let kind = kinds[k];
        if kind != SpanKind::Variant {
            if let Some(last) = out.last_mut() {
                if last.kind == kind && last.para == t.para {
                    last.end = t.end;
                    continue;
                }
            }
        }
        out.push(Span {
            para: t.para,
            start: t.start,
            end: t.end,
            kind,
            other: other[k].map(|o| others[o].text.to_string()),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokens::{words, Interner};

    fn toks<'a>(
        text: &'a str,
        words: &'a [crate::text::tokens::Word],
        interner: &mut Interner,
    ) -> Vec<Tok<'a>> {
        words
            .iter()
            .enumerate()
            .map(|(pos, w)| Tok {
                para: 0,
                pos,
                start: w.start,
                end: w.end,
                id: interner.id(&w.norm),
                text: &text[w.start..w.end],
                norm: &w.norm,
            })
            .collect()
    }

    #[test]
    fn variants_equal_and_changes() {
        let a = "Azerbaijan's Defence Ministry refuted Moscow's version of events near Farukh.";
        let b =
            "Azerbaijan’s Defense Ministry has refuted Moscow's version of events near Farrukh.";
        let (wa, wb) = (words(a), words(b));
        let mut i = Interner::default();
        let (ta, tb) = (toks(a, &wa, &mut i), toks(b, &wb, &mut i));
        let d = diff(&ta, &tb);
        let kinds: Vec<(&str, SpanKind)> = d
            .spans
            .right
            .iter()
            .map(|s| (&b[s.start..s.end], s.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("Azerbaijan’s", SpanKind::Equal),
                ("Defense", SpanKind::Variant),
                ("Ministry", SpanKind::Equal),
                ("has", SpanKind::Insert),
                ("refuted Moscow's version of events near", SpanKind::Equal),
                ("Farrukh", SpanKind::Variant),
            ]
        );
        assert_eq!(d.spans.right[1].other.as_deref(), Some("Defence"));
        assert_eq!(d.pairs.len(), 10);
        assert_eq!(d.longest_run(), 7);
    }
}
