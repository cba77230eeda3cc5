//! Compare two articles: align paragraphs, diff each row word by word, score, and judge.
//!
//! The work is always done in one canonical orientation (the article with the smaller content
//! hash on the left) and mirrored when asked the other way round, so `compare(a, b)` is exactly
//! the mirror of `compare(b, a)`.

use crate::corpus::article::Article;
use crate::engine::align::{self, LinkKind, ParaFeatures};
use crate::engine::diff::{self, Span, SpanKind, Spans, Tok};
use crate::engine::passage::{Extent, Passage, PassageKind};
use crate::engine::score::{self, Scores, Verdict};
use crate::text::tokens::{self, Interner, Word};
use serde::Serialize;

/// Row similarity from which a row is `near` rather than `changed`.
pub const NEAR: f64 = 0.75;
/// A link outside the rows is kept when its similarity is at least this…
pub const LINK_SIMILARITY: f64 = 0.5;
/// …or when it holds a shared run of at least this many words (a quote).
pub const LINK_RUN: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowKind {
    /// Same words on both sides (after normalisation).
    Identical,
    /// Similarity ≥ [`NEAR`].
    Near,
    /// Aligned, but with less in common.
    Changed,
    LeftOnly,
    RightOnly,
}

impl RowKind {
    pub fn mirrored(self) -> RowKind {
        match self {
            RowKind::LeftOnly => RowKind::RightOnly,
            RowKind::RightOnly => RowKind::LeftOnly,
            k => k,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Identical => "identical",
            RowKind::Near => "near",
            RowKind::Changed => "changed",
            RowKind::LeftOnly => "left-only",
            RowKind::RightOnly => "right-only",
        }
    }
}

/// One aligned row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Paragraph indices of the left article in this row (empty for a right-only row).
    pub left: Vec<usize>,
    pub right: Vec<usize>,
    pub kind: RowKind,
    /// 2 × matched words / words of both sides.
    pub similarity: f64,
    /// Longest run of consecutive matched words in the row.
    pub longest_run: usize,
    pub spans: Spans,
}

/// A link between a paragraph of a one-sided row and its counterpart elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub left: Vec<usize>,
    pub right: Vec<usize>,
    pub kind: LinkKind,
    pub similarity: f64,
    pub spans: Spans,
}

/// The full comparison of two articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub rows: Vec<Row>,
    pub moves: Vec<Move>,
    /// Reused passages, in the left article's order.
    pub passages: Vec<Passage>,
    pub scores: Scores,
    pub verdict: Verdict,
}

impl Comparison {
    /// The same comparison seen from the other side.
    pub fn mirrored(&self) -> Comparison {
        let spans = |s: &Spans| Spans {
            left: mirror_spans(&s.right),
            right: mirror_spans(&s.left),
        };
        Comparison {
            rows: self
                .rows
                .iter()
                .map(|r| Row {
                    left: r.right.clone(),
                    right: r.left.clone(),
                    kind: r.kind.mirrored(),
                    similarity: r.similarity,
                    longest_run: r.longest_run,
                    spans: spans(&r.spans),
                })
                .collect(),
            moves: {
                let mut m: Vec<Move> = self
                    .moves
                    .iter()
                    .map(|m| Move {
                        left: m.right.clone(),
                        right: m.left.clone(),
                        kind: m.kind,
                        similarity: m.similarity,
                        spans: spans(&m.spans),
                    })
                    .collect();
                m.sort_by(|x, y| (&x.left, &x.right).cmp(&(&y.left, &y.right)));
                m
            },
            passages: {
                let mut p: Vec<Passage> = self.passages.iter().map(Passage::mirrored).collect();
                p.sort_by_key(|p| (p.left.start, p.left.end, p.right.start, p.right.end));
                p
            },
            scores: self.scores.mirrored(),
            verdict: self.verdict.mirrored(),
        }
    }
}

fn mirror_spans(s: &[Span]) -> Vec<Span> {
    s.iter()
        .map(|s| Span {
            kind: s.kind.mirrored(),
            ..s.clone()
        })
        .collect()
}

/// An article's words, interned.
struct Side<'a> {
    article: &'a Article,
    words: Vec<&'a [Word]>,
    ids: Vec<Vec<u32>>,
}

impl<'a> Side<'a> {
    fn new(article: &'a Article, interner: &mut Interner) -> Side<'a> {
        let words: Vec<&[Word]> = article
            .paragraphs
            .iter()
            .map(|p| p.tokens.as_slice())
            .collect();
        let ids = words
            .iter()
            .map(|ws| ws.iter().map(|w| interner.id(&w.norm)).collect())
            .collect();
        Side {
            article,
            words,
            ids,
        }
    }

    fn features(&self, stopwords: &[bool]) -> Vec<ParaFeatures> {
        let stop = |id: u32| stopwords[id as usize];
        self.ids
            .iter()
            .zip(&self.article.paragraphs)
            .map(|(ids, p)| ParaFeatures::new(ids, &p.text, stop))
            .collect()
    }

    fn toks(&self, paras: &[usize]) -> Vec<Tok<'_>> {
        paras
            .iter()
            .flat_map(|&p| {
                let text = &self.article.paragraphs[p].text;
                self.words[p].iter().enumerate().map(move |(pos, w)| Tok {
                    para: p,
                    pos,
                    start: w.start,
                    end: w.end,
                    id: self.ids[p][pos],
                    text: &text[w.start..w.end],
                    norm: &w.norm,
                })
            })
            .collect()
    }

    /// (shared, counted) words, counting only paragraphs whose role is not discounted unless
    /// there are none such.
    fn tally(&self, shared: &[Vec<bool>]) -> (usize, usize) {
        let paras = &self.article.paragraphs;
        let any_counted = paras
            .iter()
            .zip(&self.words)
            .any(|(p, w)| !p.role.discounted() && !w.is_empty());
        let mut s = 0;
        let mut n = 0;
        for (p, marks) in paras.iter().zip(shared) {
            if any_counted && p.role.discounted() {
                continue;
            }
            n += marks.len();
            s += marks.iter().filter(|&&m| m).count();
        }
        (s, n)
    }
}

/// Compare two articles.
pub fn compare(a: &Article, b: &Article) -> Comparison {
    // Articles loaded for a listing have no tokens yet.
    let (a, b) = (&*a.tokenised(), &*b.tokenised());
    if (&a.hash, &a.text) <= (&b.hash, &b.text) {
        compare_oriented(a, b)
    } else {
        compare_oriented(b, a).mirrored()
    }
}

fn compare_oriented(a: &Article, b: &Article) -> Comparison {
    // Distinct words grow slower than words: a third of the larger article is room enough.
    let mut interner = Interner::with_capacity(a.words.max(b.words) / 3 + 16);
    let left = Side::new(a, &mut interner);
    let right = Side::new(b, &mut interner);
    let stopwords: Vec<bool> = (0..interner.len() as u32)
        .map(|id| tokens::is_stopword(interner.word(id)))
        .collect();
    let alignment = align::align(&left.features(&stopwords), &right.features(&stopwords));

    let mut shared_l: Vec<Vec<bool>> = left.words.iter().map(|w| vec![false; w.len()]).collect();
    let mut shared_r: Vec<Vec<bool>> = right.words.iter().map(|w| vec![false; w.len()]).collect();
    let mut longest = 0;

    let mut rows = Vec::with_capacity(alignment.rows.len());
    for (l, r) in alignment.rows {
        let row = match (l.is_empty(), r.is_empty()) {
            (false, true) => one_sided(&left, l, Vec::new(), RowKind::LeftOnly, SpanKind::Delete),
            (true, false) => one_sided(&right, Vec::new(), r, RowKind::RightOnly, SpanKind::Insert),
            _ => {
                let (d, sim) = diff_marked(&left, &right, &l, &r, &mut shared_l, &mut shared_r);
                longest = longest.max(d.longest_run());
                let identical = left
                    .toks(&l)
                    .iter()
                    .map(|t| t.id)
                    .eq(right.toks(&r).iter().map(|t| t.id))
                    && (sim > 0.0 || same_text(a, &l, b, &r));
                let kind = if identical {
                    RowKind::Identical
                } else if sim >= NEAR {
                    RowKind::Near
                } else {
                    RowKind::Changed
                };
                Row {
                    similarity: if identical { 1.0 } else { sim },
                    longest_run: d.longest_run(),
                    left: l,
                    right: r,
                    kind,
                    spans: d.spans,
                }
            }
        };
        rows.push(row);
    }

    let mut moves = Vec::with_capacity(alignment.links.len());
    for (i, j, kind) in alignment.links {
        let (lt, rt) = (left.toks(&[i]), right.toks(&[j]));
        let d = diff::diff(&lt, &rt);
        let sim = d.similarity(lt.len(), rt.len());
        // A link must show shared text, not just shared vocabulary.
        if sim < LINK_SIMILARITY && d.longest_run() < LINK_RUN {
            continue;
        }
        mark_shared(&d, sim, &lt, &rt, &mut shared_l, &mut shared_r);
        longest = longest.max(d.longest_run());
        moves.push(Move {
            left: vec![i],
            right: vec![j],
            kind,
            similarity: sim,
            spans: d.spans,
        });
    }

    let (ls, rs) = (left.tally(&shared_l), right.tally(&shared_r));
    let mut scores = Scores::new(ls, rs, longest);
    if ls.1 == 0 && rs.1 == 0 && a.text.trim() == b.text.trim() {
        // Two articles without words, with the same text: nothing tells them apart.
        scores.left_in_right = 1.0;
        scores.right_in_left = 1.0;
        scores.similarity = 1.0;
    }
    let passages = row_passages(a, b, &rows, &moves);
    Comparison {
        rows,
        moves,
        passages,
        verdict: Verdict::of(&scores),
        scores,
    }
}

/// Passages from aligned rows and links: the paragraphs of each side, whole.
fn row_passages(a: &Article, b: &Article, rows: &[Row], moves: &[Move]) -> Vec<Passage> {
    let extent = |x: &Article, ps: &[usize]| {
        let start = ps.iter().map(|&p| x.paragraphs[p].start).min().unwrap_or(0);
        let end = ps.iter().map(|&p| x.paragraphs[p].end).max().unwrap_or(0);
        let words = ps.iter().map(|&p| x.paragraphs[p].words).sum();
        Extent::new(&x.text, start, end.max(start), words)
    };
    let mut out: Vec<Passage> = rows
        .iter()
        .filter(|r| !r.left.is_empty() && !r.right.is_empty() && r.similarity > 0.0)
        .map(|r| (&r.left, &r.right, r.kind == RowKind::Identical, r.similarity))
        .chain(
            moves
                .iter()
                .map(|m| (&m.left, &m.right, m.similarity >= 1.0, m.similarity)),
        )
        .map(|(l, r, same, similarity)| Passage {
            left: extent(a, l),
            right: extent(b, r),
            kind: if same {
                PassageKind::Verbatim
            } else {
                PassageKind::Edited
            },
            similarity,
        })
        .collect();
    out.sort_by_key(|p| (p.left.start, p.left.end, p.right.start, p.right.end));
    out
}

fn same_text(a: &Article, l: &[usize], b: &Article, r: &[usize]) -> bool {
    let t = |x: &Article, ps: &[usize]| -> Vec<String> {
        ps.iter()
            .map(|&p| tokens::normalize(&x.paragraphs[p].text))
            .collect()
    };
    t(a, l) == t(b, r)
}

fn one_sided(side: &Side, l: Vec<usize>, r: Vec<usize>, kind: RowKind, span: SpanKind) -> Row {
    let paras = if l.is_empty() { &r } else { &l };
    let spans: Vec<Span> = paras
        .iter()
        .filter_map(|&p| {
            let ws = &side.words[p];
            Some(Span {
                para: p,
                start: ws.first()?.start,
                end: ws.last()?.end,
                kind: span,
                other: None,
            })
        })
        .collect();
    let spans = if l.is_empty() {
        Spans {
            left: Vec::new(),
            right: spans,
        }
    } else {
        Spans {
            left: spans,
            right: Vec::new(),
        }
    };
    Row {
        left: l,
        right: r,
        kind,
        similarity: 0.0,
        longest_run: 0,
        spans,
    }
}

/// Diff the given paragraphs and mark the shared words on both sides.
fn diff_marked(
    left: &Side,
    right: &Side,
    l: &[usize],
    r: &[usize],
    shared_l: &mut [Vec<bool>],
    shared_r: &mut [Vec<bool>],
) -> (diff::RowDiff, f64) {
    let (lt, rt) = (left.toks(l), right.toks(r));
    let d = diff::diff(&lt, &rt);
    let sim = d.similarity(lt.len(), rt.len());
    mark_shared(&d, sim, &lt, &rt, shared_l, shared_r);
    (d, sim)
}

/// Mark the words of `d` that count as shared (see [`crate::engine::score`]).
fn mark_shared(
    d: &diff::RowDiff,
    sim: f64,
    lt: &[Tok],
    rt: &[Tok],
    shared_l: &mut [Vec<bool>],
    shared_r: &mut [Vec<bool>],
) {
    for &(first, len) in &d.runs {
        if sim >= score::NEAR_ROW || len >= score::MIN_RUN {
            for &(x, y) in &d.pairs[first..first + len] {
                shared_l[lt[x].para][lt[x].pos] = true;
                shared_r[rt[y].para][rt[y].pos] = true;
            }
        }
    }
}
