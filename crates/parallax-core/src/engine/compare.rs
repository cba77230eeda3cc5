//! Compare two articles: find the passages they share, score them, and lay the result out as
//! rows of paragraphs with a word diff for display.
//!
//! 1. Each article's [`Stream`] (its words as scores see them) → [`passage::find`]: reused
//!    passages, shared quotes, shared runs.
//! 2. [`Scores::of_reuse`] and [`Verdict::of`]: the same numbers `scan` and `coverage` give.
//! 3. Display: the stream's words are mapped to the paragraphs' words; the matched words of
//!    passages and quotes, gathered per pair of paragraphs, give the rows and links
//!    ([`align::align`]); each row and link gets a word diff anchored on those matched words
//!    ([`diff::diff_anchored`]).
//!
//! The work is always done in one canonical orientation (the article with the smaller content
//! hash on the left) and mirrored when asked the other way round, so `compare(a, b)` is exactly
//! the mirror of `compare(b, a)`.

use crate::corpus::article::Article;
use crate::engine::align::{self, LinkKind};
use crate::engine::diff::{self, Span, SpanKind, Spans, Tok};
use crate::engine::passage::{self, Extent, Found, Passage};
use crate::engine::score::{Scores, Verdict};
use crate::engine::stream::Stream;
use crate::text::tokens::{self, WordSpan};
use serde::Serialize;

/// Row similarity from which a row is `near` rather than `changed`.
pub const NEAR: f64 = 0.75;
/// Matched words that tie two paragraphs into a row (or fewer, when they are half of the
/// shorter paragraph).
pub const MIN_EDGE_WORDS: usize = 3;

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

/// The paragraph of a stream word that no paragraph word matches (8 bytes a word, not the
/// 12 of an `Option`).
const UNMAPPED: u32 = u32::MAX;

/// A matched word in paragraph terms: (paragraph, position) on each side, and whether it
/// belongs to a passage (else to a quote).
type WordPair = ((u32, u32), (u32, u32), bool);

/// An article, and the keys of its paragraphs' words. The words themselves are the
/// paragraphs' own, or found again each time they are read when the article was loaded
/// without them ([`crate::corpus::article::Article::drop_tokens`]: two long texts' words are
/// then not held through a comparison).
struct Side<'a> {
    article: &'a Article,
    ids: Vec<Vec<u32>>,
}

impl<'a> Side<'a> {
    /// The article's words and their keys. A paragraph that is one line of the text as it
    /// stands, whose words the stream holds at the same offsets, takes its keys from the
    /// stream (the same hash of the same normal form); any other is hashed word by word.
    fn new(article: &'a Article, stream: &Stream) -> Side<'a> {
        let ids = article
            .paragraphs
            .iter()
            .map(|p| {
                let ws = p.word_tokens();
                let ws: &[WordSpan] = &ws;
                let from = stream.spans.partition_point(|s| (s.0 as usize) < p.start);
                let to = from + ws.len();
                let same = to <= stream.len()
                    && article.text.get(p.start..p.end) == Some(p.text.as_str())
                    && stream.spans[from..to].iter().zip(ws).all(|(s, w)| {
                        s.0 as usize == p.start + w.start() && s.1 as usize == p.start + w.end()
                    });
                if same {
                    stream.keys[from..to].to_vec()
                } else {
                    ws.iter()
                        .map(|w| crate::engine::stream::key_of_hash(w.norm_hash(&p.text)))
                        .collect()
                }
            })
            .collect();
        Side { article, ids }
    }

    fn toks(&self, paras: &[usize]) -> Vec<Tok<'_>> {
        // Sized once: no copies while the list grows.
        let mut out = Vec::with_capacity(paras.iter().map(|&p| self.ids[p].len()).sum());
        for &p in paras {
            let para = &self.article.paragraphs[p];
            let text = &para.text;
            let ws = para.word_tokens();
            let words = ws.iter().zip(&self.ids[p]);
            out.extend(words.enumerate().map(|(pos, (w, &id))| Tok {
                para: p,
                pos,
                start: w.start(),
                end: w.end(),
                id,
                text: w.text(text),
            }));
        }
        out
    }

    /// For each word of the stream, its paragraph and position among the paragraph's words
    /// (paragraph [`UNMAPPED`] when it cannot be matched). The stream's words in a
    /// paragraph's stretch of the text are its words in order (its lines trimmed and joined
    /// by spaces), less those on chrome lines: matched by key, walking both in order.
    fn map_stream(&self, stream: &Stream) -> Vec<(u32, u32)> {
        let a = self.article;
        let mut out = vec![(UNMAPPED, 0); stream.len()];
        let mut i = 0;
        for (k, p) in a.paragraphs.iter().enumerate() {
            while i < stream.len() && (stream.spans[i].0 as usize) < p.start {
                i += 1;
            }
            let mut pos = 0;
            let ids = &self.ids[k];
            while i < stream.len() && (stream.spans[i].0 as usize) < p.end {
                let key = stream.keys[i];
                while pos < ids.len() && ids[pos] != key {
                    pos += 1;
                }
                if pos < ids.len() {
                    out[i] = (k as u32, pos as u32);
                    pos += 1;
                }
                i += 1;
            }
        }
        out
    }
}

/// Compare two articles.
pub fn compare(a: &Article, b: &Article) -> Comparison {
    if (&a.hash, &a.text) <= (&b.hash, &b.text) {
        compare_oriented(a, b)
    } else {
        compare_oriented(b, a).mirrored()
    }
}

fn compare_oriented(a: &Article, b: &Article) -> Comparison {
    let (sa, sb) = (Stream::of_text(&a.text), Stream::of_text(&b.text));
    let reuse = passage::find(&sa, &sb);
    let mut scores = Scores::of_reuse(&sa, &sb, &reuse);
    if sa.is_empty() && sb.is_empty() && a.text.trim() == b.text.trim() {
        // Two articles without words, with the same text: nothing tells them apart.
        scores.left_in_right = 1.0;
        scores.right_in_left = 1.0;
        scores.similarity = 1.0;
    }

    // Distinct words grow slower than words: a third of the larger article is room enough.
    // Words are compared by key (the hash of their normal form), as the stream compares them.
    // One side at a time: its words, the map from its stream, the passages' offsets on its
    // side, and its stream freed before the other side's are taken (on two 10 MB texts
    // the streams hold 46 MB, the maps 28 MB).
    let left = Side::new(a, &sa);
    let map_l = left.map_stream(&sa);
    let ext_l = side_extents(a, &sa, &reuse.passages, |f| f.a);
    drop(sa);
    let right = Side::new(b, &sb);
    let map_r = right.map_stream(&sb);
    let ext_r = side_extents(b, &sb, &reuse.passages, |f| f.b);
    drop(sb);
    let passages: Vec<Passage> = reuse
        .passages
        .iter()
        .zip(ext_l.into_iter().zip(ext_r))
        .map(|(f, (left, right))| Passage {
            left,
            right,
            kind: f.kind,
            similarity: f.similarity(),
        })
        .collect();

    // Matched words in paragraph terms: ((para, pos), (para, pos), in a passage), sized
    // once (no copies while it grows, no room left unused but for unmapped words).
    let mut matched: Vec<WordPair> = Vec::with_capacity(
        reuse
            .passages
            .iter()
            .chain(&reuse.quotes)
            .map(|f| f.pairs.len())
            .sum(),
    );
    // Passages and quotes in the left text's order, each sorted: the list comes out sorted
    // unless two overlap.
    let mut all: Vec<(&Found, bool)> = reuse
        .passages
        .iter()
        .map(|f| (f, f.kind != passage::PassageKind::Quote))
        .chain(reuse.quotes.iter().map(|f| (f, false)))
        .collect();
    all.sort_by_key(|(f, _)| (f.a, f.b));
    for (f, in_passage) in all {
        for &(i, j) in &f.pairs {
            let (x, y) = (map_l[i as usize], map_r[j as usize]);
            if x.0 != UNMAPPED && y.0 != UNMAPPED {
                matched.push((x, y, in_passage));
            }
        }
    }
    // The passages' word pairs and the maps are not needed past this point: freed before
    // the rows are built.
    drop((map_l, map_r, reuse));
    if !matched.is_sorted() {
        // By left paragraph (a counting sort), then within each paragraph.
        let mut starts = vec![0usize; a.paragraphs.len() + 1];
        for m in &matched {
            starts[m.0 .0 as usize + 1] += 1;
        }
        for k in 1..starts.len() {
            starts[k] += starts[k - 1];
        }
        let mut next = starts.clone();
        let mut sorted = vec![((0, 0), (0, 0), false); matched.len()];
        for &m in &matched {
            let at = &mut next[m.0 .0 as usize];
            sorted[*at] = m;
            *at += 1;
        }
        for w in starts.windows(2) {
            let para = &mut sorted[w[0]..w[1]];
            if !para.is_sorted() {
                para.sort_unstable();
            }
        }
        matched = sorted;
    }
    matched.dedup_by_key(|m| (m.0, m.1));
    // The matched words and, for each pair of equal paragraphs, each of their words: streamed
    // into the edges, never gathered in one list (the edges do not depend on the order).
    let pairs = matched
        .iter()
        .map(|&(x, y, p)| {
            (
                (x.0 as usize, x.1 as usize),
                (y.0 as usize, y.1 as usize),
                p,
            )
        })
        .chain(
            equal_paragraphs(&left, &right)
                .into_iter()
                .flat_map(|(l, r, words)| (0..words).map(move |k| ((l, k), (r, k), true))),
        );
    // An edge of one or two words between longer paragraphs is a stray match, not a row.
    let edges: Vec<align::Edge> = align::edges(pairs)
        .into_iter()
        .filter(|e| {
            let shorter = left.ids[e.left].len().min(right.ids[e.right].len());
            e.words >= MIN_EDGE_WORDS || e.words * 2 >= shorter
        })
        .collect();
    let alignment = align::align(&edges, a.paragraphs.len(), b.paragraphs.len());

    let mut rows = Vec::with_capacity(alignment.rows.len());
    for (l, r) in alignment.rows {
        let row = match (l.is_empty(), r.is_empty()) {
            (false, true) => one_sided(&left, l, Vec::new(), RowKind::LeftOnly, SpanKind::Delete),
            (true, false) => one_sided(&right, Vec::new(), r, RowKind::RightOnly, SpanKind::Insert),
            _ => {
                let (lt, rt) = (left.toks(&l), right.toks(&r));
                let d = diff::diff_anchored(&lt, &rt, &anchors(&matched, &l, &r, &lt, &rt));
                let sim = d.similarity(lt.len(), rt.len());
                let identical = lt.iter().map(|t| t.id).eq(rt.iter().map(|t| t.id))
                    && (!lt.is_empty() || same_text(a, &l, b, &r));
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
        let d = diff::diff_anchored(&lt, &rt, &anchors(&matched, &[i], &[j], &lt, &rt));
        moves.push(Move {
            left: vec![i],
            right: vec![j],
            kind,
            similarity: d.similarity(lt.len(), rt.len()),
            spans: d.spans,
        });
    }

    Comparison {
        rows,
        moves,
        passages,
        verdict: Verdict::of(&scores),
        scores,
    }
}

/// Paragraphs equal on both sides (the same normalised words, or the same text when they have
/// none), paired in order (the t-th of one side's copies with the t-th of the other's), as
/// `(left, right, words)`: each of their words is a matched word, so page chrome and short
/// lines, which scores leave out, still align with their twins.
fn equal_paragraphs(left: &Side, right: &Side) -> Vec<(usize, usize, usize)> {
    use std::borrow::Cow;
    // A paragraph's words are its key, borrowed (no copy of every paragraph's words).
    fn key<'s>(s: &'s Side, p: usize) -> Cow<'s, [u32]> {
        if s.ids[p].is_empty() {
            let t = s.article.paragraphs[p].text.trim();
            Cow::Owned(vec![
                u32::MAX,
                xxhash_rust::xxh3::xxh3_64(t.as_bytes()) as u32,
            ])
        } else {
            Cow::Borrowed(&s.ids[p])
        }
    }
    type Twins = (Vec<usize>, Vec<usize>);
    let mut by_key: std::collections::HashMap<
        Cow<[u32]>,
        Twins,
        xxhash_rust::xxh3::Xxh3DefaultBuilder,
    > = Default::default();
    for p in 0..left.ids.len() {
        by_key.entry(key(left, p)).or_default().0.push(p);
    }
    for p in 0..right.ids.len() {
        if let Some(e) = by_key.get_mut(&key(right, p)) {
            e.1.push(p);
        }
    }
    let mut out = Vec::new();
    for (ls, rs) in by_key.values() {
        if rs.is_empty() {
            continue;
        }
        let n = ls.len().max(rs.len());
        for t in 0..n {
            let (l, r) = (ls[t * ls.len() / n], rs[t * rs.len() / n]);
            out.push((l, r, left.ids[l].len().max(1)));
        }
    }
    out
}

/// The matched words that fall in two token lists (the words of the paragraphs `left` and
/// `right`, in order), as positions into them, sorted by left position, each position once.
/// `matched` is sorted, so the row's words are one slice of it.
fn anchors(
    matched: &[WordPair],
    left: &[usize],
    right: &[usize],
    lt: &[Tok],
    rt: &[Tok],
) -> Vec<(usize, usize)> {
    // Where each paragraph's first word is in the token list.
    let starts = |paras: &[usize], toks: &[Tok]| -> Vec<(u32, usize)> {
        let mut out = Vec::with_capacity(paras.len());
        for (k, t) in toks.iter().enumerate() {
            if t.pos == 0 {
                out.push((t.para as u32, k));
            }
        }
        debug_assert!(out.len() <= paras.len());
        out
    };
    let (ls, rs) = (starts(left, lt), starts(right, rt));
    let at = |starts: &[(u32, usize)], (p, pos): (u32, u32)| {
        starts
            .binary_search_by_key(&p, |s| s.0)
            .ok()
            .map(|k| starts[k].1 + pos as usize)
    };
    let (lo, hi) = match (left.iter().min(), left.iter().max()) {
        (Some(&l0), Some(&l1)) => (
            matched.partition_point(|m| (m.0 .0 as usize) < l0),
            matched.partition_point(|m| (m.0 .0 as usize) <= l1),
        ),
        _ => (0, 0),
    };
    let mut out: Vec<(usize, usize)> = matched[lo..hi]
        .iter()
        .filter_map(|&(x, y, _)| Some((at(&ls, x)?, at(&rs, y)?)))
        .collect();
    if !out.is_sorted() {
        out.sort_unstable();
    }
    out.dedup_by_key(|p| p.0);
    let mut seen = vec![false; rt.len()];
    out.retain(|p| !std::mem::replace(&mut seen[p.1], true));
    out
}

/// The passages' extents on one side: their offsets in that article's text.
fn side_extents(
    x: &Article,
    s: &Stream,
    found: &[Found],
    pick: impl Fn(&Found) -> (usize, usize),
) -> Vec<Extent> {
    // Byte ranges first, then every character offset of the side in one pass over its text.
    let bytes: Vec<(usize, usize)> = found
        .iter()
        .map(|f| {
            let (i, j) = pick(f);
            widen(&x.text, s.spans[i].0 as usize, s.spans[j - 1].1 as usize)
        })
        .collect();
    let flat: Vec<usize> = bytes.iter().flat_map(|&(s, e)| [s, e]).collect();
    let chars = char_offsets(&x.text, &flat);
    bytes
        .iter()
        .zip(chars.chunks(2))
        .zip(found)
        .map(|((&(start, end), c), f)| {
            let (i, j) = pick(f);
            Extent {
                start,
                end,
                char_start: c[0],
                char_end: c[1],
                words: j - i,
            }
        })
        .collect()
}

/// The character offsets of byte offsets into `text` (each on a character boundary), in the
/// order given: one pass over the text, whatever the number of offsets.
fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_unstable_by_key(|&k| bytes[k]);
    let mut out = vec![0; bytes.len()];
    let (mut at, mut chars) = (0usize, 0usize);
    for k in order {
        let to = bytes[k];
        chars += text[at..to].chars().count();
        at = to;
        out[k] = chars;
    }
    out
}

/// A passage's byte range widened over the punctuation that sticks to its first and last
/// words (an opening quotation mark, a closing one, the full stop).
fn widen(text: &str, start: usize, end: usize) -> (usize, usize) {
    let head = text[..start]
        .char_indices()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace() && !c.is_alphanumeric())
        .last()
        .map_or(start, |(i, _)| i);
    let tail = text[end..]
        .char_indices()
        .take_while(|(_, c)| !c.is_whitespace() && !c.is_alphanumeric())
        .last()
        .map_or(end, |(i, c)| end + i + c.len_utf8());
    (head, tail)
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
            let ws = side.article.paragraphs[p].word_tokens();
            Some(Span {
                para: p,
                start: ws.first()?.start(),
                end: ws.last()?.end(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys a paragraph takes from the stream are those its words hash to.
    #[test]
    fn keys_from_the_stream_are_the_words_keys() {
        let texts = [
            "The Defence Ministry’s “statement” said 6,500 troops. Dr. Müller left at 5 p.m.\n\nRead more: the other story\n\nA wrapped line that goes\non here and ends.\n\nShare\n\nNagorno-\nKarabakh talks, naïve café 東京 — and ‘quotes’ `ticks`.\n",
            "  indented line with words\n\tand a tab line here too\n\nÅngström’s ﬁne ligature words ２０２６ here\n",
        ];
        for text in texts {
            let a = crate::corpus::from_text(
                "a",
                std::path::Path::new("a"),
                text.to_string(),
                "UTF-8",
                crate::corpus::content_hash(text.as_bytes()),
            );
            let s = Stream::of_text(&a.text);
            let side = Side::new(&a, &s);
            for (k, p) in a.paragraphs.iter().enumerate() {
                let hashed: Vec<u32> = p
                    .tokens
                    .iter()
                    .map(|w| crate::engine::stream::key_of_norm(&w.norm(&p.text)))
                    .collect();
                assert_eq!(side.ids[k], hashed, "paragraph {k}: {:?}", p.text);
            }
        }
    }
}
