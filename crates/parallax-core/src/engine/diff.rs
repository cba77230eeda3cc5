//! Word diff of aligned paragraphs, for display.
//!
//! The words of a row's left paragraphs are set against the words of its right paragraphs.
//! The passages already matched some of them ([`diff_anchored`]'s anchors): the longest
//! chain of anchors in order on both sides is kept, anchors out of that order are shared
//! text in another order (`moved`), and between two kept anchors the words left over are
//! diffed (longest common subsequence, Myers, on interned normalised words) when the gap is
//! small enough ([`MAX_GAP_CELLS`]) and the diff's budget of cells is not spent
//! ([`GAP_CELLS_PER_WORD`]), else shown as replaced. Replaced words that are
//! spelling or transliteration variants of each other ([`crate::text::tokens::is_variant`])
//! are paired up and reported as `variant`. The result gives spans with byte offsets into
//! each paragraph's text, the matched word pairs, and the shared runs.
//!
//! The work is bounded by the input's size, never by a clock: the same input gives the same
//! diff on any machine under any load.

use serde::Serialize;
use similar::{Algorithm, DiffOp};

/// A gap between two anchors is diffed word by word when its two sides' lengths multiplied
/// are at most this; a larger gap is shown as replaced words.
pub const MAX_GAP_CELLS: usize = 250_000;

/// The gaps of one diff are diffed word by word while their cost, added up, stays within
/// [`MAX_GAP_CELLS`] or this many per word of the two sides, whichever is more; later gaps
/// are shown as replaced words. A gap of `n` and `m` words costs `(n + m)² / 4` (Myers takes
/// up to `(n + m) × d` steps for `d` differences; at least `n × m`). A row of ordinary
/// paragraphs never comes near it; a row of two long texts of random words from a small
/// vocabulary (hundreds of gaps each just under [`MAX_GAP_CELLS`]) took two billion
/// instructions of diff per megabyte without it.
pub const GAP_CELLS_PER_WORD: usize = 2;

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
    /// Words found on the other side, in another order (a sentence moved within the row or
    /// to another part of the article).
    Moved,
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

    /// Whether the words are found on the other side (equal, as a variant, or moved).
    pub fn matched(self) -> bool {
        matches!(self, SpanKind::Equal | SpanKind::Variant | SpanKind::Moved)
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
    /// The word as written (its normal form is computed from it where needed).
    pub text: &'a str,
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

/// Diff two word lists, without anchors.
pub fn diff(left: &[Tok], right: &[Tok]) -> RowDiff {
    diff_anchored(left, right, &[])
}

/// Diff two word lists around `anchors`, pairs of positions known to match (from the
/// passages), sorted by left position, each position at most once.
pub fn diff_anchored(left: &[Tok], right: &[Tok], anchors: &[(usize, usize)]) -> RowDiff {
    if left.len() == right.len()
        && anchors.iter().all(|&(x, y)| x == y)
        && left.iter().zip(right).all(|(l, r)| l.id == r.id)
    {
        // The same words, anchored in place (or not at all): every word equal to its twin,
        // as the general path below finds it, without its work.
        let pairs: Vec<(usize, usize)> = (0..left.len()).map(|i| (i, i)).collect();
        let runs = runs(&pairs);
        let equal = vec![SpanKind::Equal; left.len()];
        let none = vec![None; left.len()];
        let spans = Spans {
            left: spans(left, &equal, &none, right),
            right: spans(right, &equal, &none, left),
        };
        return RowDiff { spans, pairs, runs };
    }
    general(left, right, anchors)
}

/// [`diff_anchored`] of any two word lists.
fn general(left: &[Tok], right: &[Tok], anchors: &[(usize, usize)]) -> RowDiff {
    let mut lk = vec![SpanKind::Delete; left.len()];
    let mut rk = vec![SpanKind::Insert; right.len()];
    let mut l_other: Vec<Option<usize>> = vec![None; left.len()];
    let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(left.len().min(right.len()));
    let chain = in_order(anchors);
    let mut taken_l = vec![false; left.len()];
    let mut taken_r = vec![false; right.len()];
    for (k, &(x, y)) in anchors.iter().enumerate() {
        taken_l[x] = true;
        taken_r[y] = true;
        let kind = if chain[k] {
            SpanKind::Equal
        } else {
            SpanKind::Moved
        };
        lk[x] = kind;
        rk[y] = kind;
        pairs.push((x, y));
    }
    // Gaps between consecutive in-order anchors, and before the first and after the last.
    let kept: Vec<(usize, usize)> = anchors
        .iter()
        .zip(&chain)
        .filter(|(_, &c)| c)
        .map(|(&p, _)| p)
        .collect();
    let mut prev = (0usize, 0usize);
    let (mut gl, mut gr): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut budget = MAX_GAP_CELLS.max(GAP_CELLS_PER_WORD.saturating_mul(left.len() + right.len()));
    for k in 0..=kept.len() {
        let next = kept.get(k).copied().unwrap_or((left.len(), right.len()));
        if next.0 > prev.0 && next.1 > prev.1 {
            gl.clear();
            gl.extend((prev.0..next.0).filter(|&x| !taken_l[x]));
            gr.clear();
            gr.extend((prev.1..next.1).filter(|&y| !taken_r[y]));
            diff_gap(
                left,
                right,
                &gl,
                &gr,
                &mut budget,
                &mut lk,
                &mut rk,
                &mut l_other,
                &mut pairs,
            );
        }
        prev = (next.0 + 1, next.1 + 1);
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

/// For each anchor, whether it is in the longest chain increasing on both sides.
fn in_order(anchors: &[(usize, usize)]) -> Vec<bool> {
    // Patience: tails[k] = index of the anchor ending the best chain of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut pred: Vec<usize> = vec![usize::MAX; anchors.len()];
    for (k, &(_, y)) in anchors.iter().enumerate() {
        let at = tails.partition_point(|&t| anchors[t].1 < y);
        if at > 0 {
            pred[k] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut out = vec![false; anchors.len()];
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        out[k] = true;
        k = pred[k];
    }
    out
}

/// Diff the words `gl` of the left and `gr` of the right (positions, in order) that lie
/// between two anchors.
#[allow(clippy::too_many_arguments)]
fn diff_gap(
    left: &[Tok],
    right: &[Tok],
    gl: &[usize],
    gr: &[usize],
    budget: &mut usize,
    lk: &mut [SpanKind],
    rk: &mut [SpanKind],
    l_other: &mut [Option<usize>],
    pairs: &mut Vec<(usize, usize)>,
) {
    if gl.is_empty() || gr.is_empty() {
        return; // Delete / Insert already
    }
    let cells = gl.len().saturating_mul(gr.len());
    let cost = (gl.len() + gr.len()).pow(2) / 4;
    let ops = if cells <= MAX_GAP_CELLS && cost <= *budget {
        *budget -= cost;
        #[cfg(test)]
        tests::CELLS.with(|c| c.set(c.get() + cost));
        let l: Vec<u32> = gl.iter().map(|&x| left[x].id).collect();
        let r: Vec<u32> = gr.iter().map(|&y| right[y].id).collect();
        similar::capture_diff_slices(Algorithm::Myers, &l, &r)
    } else {
        vec![DiffOp::Replace {
            old_index: 0,
            old_len: gl.len(),
            new_index: 0,
            new_len: gr.len(),
        }]
    };
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (x, y) = (gl[old_index + k], gr[new_index + k]);
                    lk[x] = SpanKind::Equal;
                    rk[y] = SpanKind::Equal;
                    pairs.push((x, y));
                }
            }
            DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let ol = &gl[old_index..old_index + old_len];
                let nr = &gr[new_index..new_index + new_len];
                for &x in ol {
                    lk[x] = SpanKind::Replace;
                }
                for &y in nr {
                    rk[y] = SpanKind::Replace;
                }
                // Pair variants from the front, then from the back.
                let n = old_len.min(new_len);
                let variant = |x: usize, y: usize| {
                    let norm = |t: &Tok| crate::text::tokens::normalize_compact(t.text);
                    crate::text::tokens::is_variant(&norm(&left[x]), &norm(&right[y]))
                };
                let mut front = 0;
                while front < n && variant(ol[front], nr[front]) {
                    front += 1;
                }
                let mut back = 0;
                while back < n - front && variant(ol[old_len - 1 - back], nr[new_len - 1 - back]) {
                    back += 1;
                }
                let front_pairs = (0..front).map(|k| (ol[k], nr[k]));
                let back_pairs = (0..back)
                    .rev()
                    .map(|k| (ol[old_len - 1 - k], nr[new_len - 1 - k]));
                for (x, y) in front_pairs.chain(back_pairs) {
                    lk[x] = SpanKind::Variant;
                    rk[y] = SpanKind::Variant;
                    l_other[x] = Some(y);
                    pairs.push((x, y));
                }
            }
        }
    }
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

    thread_local! {
        /// Cost of the gaps diffed word by word on this thread.
        pub(super) static CELLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Two long rows of random words from a small vocabulary, anchored every few hundred
    /// words (gaps each just under [`MAX_GAP_CELLS`]): the gaps diffed word by word add up to
    /// a few per word (or [`MAX_GAP_CELLS`]; [`GAP_CELLS_PER_WORD`]), not a gap's worth per
    /// gap (1 MB of such text took 2 billion instructions of Myers diff).
    #[test]
    fn gap_cells_are_bounded_per_word() {
        let mut rng = 7u64;
        let mut next = || {
            rng = rng
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (rng >> 33) as usize
        };
        let n = 40_000;
        let text_of = |next: &mut dyn FnMut() -> usize| -> String {
            (0..n)
                .map(|_| format!("w{}", next() % 50))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (ta, tb) = (text_of(&mut next), text_of(&mut next));
        let (wa, wb) = (words(&ta), words(&tb));
        let mut interner = Interner::with_capacity(64);
        let (l, r) = (toks(&ta, &wa, &mut interner), toks(&tb, &wb, &mut interner));
        let step = 450;
        let anchors: Vec<(usize, usize)> = (1..n / step).map(|k| (k * step, k * step)).collect();
        CELLS.with(|c| c.set(0));
        let d = diff_anchored(&l, &r, &anchors);
        let cells = CELLS.with(|c| c.get());
        // Without the budget: every gap, ~88 × 202,500.
        assert!(
            cells <= MAX_GAP_CELLS.max(4 * 2 * n),
            "{cells} cells diffed for {} words",
            2 * n
        );
        assert!(cells > 0, "the first gaps are still diffed");
        assert!(d.pairs.len() >= anchors.len());
    }

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
            })
            .collect()
    }

    #[test]
    fn same_words_take_the_short_path_to_the_general_result() {
        // Paragraph breaks at different places, repeated words, anchors in place or not at all.
        let texts = [
            "the cat sat on the mat the end",
            "Moscow said on Friday that Moscow said it",
            "one",
            "",
        ];
        for text in texts {
            let w = words(text);
            let mut i = Interner::default();
            let mut l = toks(text, &w, &mut i);
            let r = toks(text, &w, &mut i);
            if l.len() > 3 {
                // The left's words in two paragraphs.
                for t in &mut l[3..] {
                    t.para = 1;
                }
            }
            let n = l.len();
            let every: Vec<(usize, usize)> = (0..n).map(|k| (k, k)).collect();
            let some: Vec<(usize, usize)> = (0..n).step_by(3).map(|k| (k, k)).collect();
            for anchors in [Vec::new(), every, some] {
                let (fast, slow) = (diff_anchored(&l, &r, &anchors), general(&l, &r, &anchors));
                assert_eq!(fast.spans, slow.spans, "{text:?} {anchors:?}");
                assert_eq!(fast.pairs, slow.pairs, "{text:?} {anchors:?}");
                assert_eq!(fast.runs, slow.runs, "{text:?} {anchors:?}");
            }
        }
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
