//! Passages: the stretches of text one article reuses from the other, wherever they sit.
//!
//! A passage is a pair of extents, one in each article's text, with byte and character
//! offsets, so that other tools can use parallax as a text-alignment engine
//! (`compare --json` lists them).

use serde::Serialize;

/// A stretch of one article's text: offsets into [`Article::text`](crate::Article::text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Extent {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The same, in characters (Unicode code points) from the start of the text.
    pub char_start: usize,
    pub char_end: usize,
    /// Words in the extent.
    pub words: usize,
}

impl Extent {
    /// An extent from byte offsets into `text`, with its character offsets and word count.
    pub fn new(text: &str, start: usize, end: usize, words: usize) -> Extent {
        let char_start = text[..start].chars().count();
        let char_end = char_start + text[start..end].chars().count();
        Extent {
            start,
            end,
            char_start,
            char_end,
            words,
        }
    }
}

/// How a passage was reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// The same words in the same order (after normalisation).
    Verbatim,
    /// Words replaced, inserted, dropped or locally shuffled.
    Edited,
    /// Sentences in another order, merged or split.
    Reordered,
    /// A quotation both articles carry (inside quotation marks on both sides) and nothing
    /// around it: what independent reports of one statement share. Not counted in shares.
    Quote,
}

/// A passage of the left article reused in the right one (or the other way round).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    pub left: Extent,
    pub right: Extent,
    pub kind: PassageKind,
    /// 2 × matched words / words of both extents.
    pub similarity: f64,
}

impl Passage {
    /// The same passage seen from the other side.
    pub fn mirrored(&self) -> Passage {
        Passage {
            left: self.right,
            right: self.left,
            ..self.clone()
        }
    }
}

// ---------------------------------------------------------------------------------------
// Finding passages between two word streams.
// ---------------------------------------------------------------------------------------

use crate::engine::stream::{Stream, QUOTED, SENTENCE_END};
use std::collections::HashMap;

/// Words per seed: shared runs of this many words are found exactly.
pub const SEED_WORDS: usize = 3;
/// A word n-gram held this many times on both sides (product) is paired in full; beyond,
/// its occurrences are paired by rank (the t-th with the t-th), so repetitive text costs
/// linear time and still aligns with itself.
pub const MAX_GRAM_PAIRS: usize = 64;
/// Sentences longer than this are cut into pieces of this many words for seeding.
pub const MAX_SENTENCE_WORDS: usize = 60;
/// Sentence seeds: at least this many content words shared…
pub const SENTENCE_MIN_SHARED: usize = 3;
/// …and a Dice coefficient over content words of at least this…
pub const SENTENCE_DICE: f64 = 0.5;
/// …or at least this much of the smaller sentence's content words (a sentence merged into or
/// split from a longer one), with one more word shared.
pub const SENTENCE_CONTAINMENT: f64 = 0.7;
/// Largest gap, in words on either side, between matched words of one passage.
pub const MAX_GAP: usize = 24;
/// A passage has at least this many matched words on each side…
pub const MIN_MATCHED: usize = 10;
/// …of which at least this many are content words (not function words)…
pub const MIN_CONTENT: usize = 5;
/// …and at least this share of each extent's words matched.
pub const MIN_DENSITY: f64 = 0.35;
/// A summary: one side at least [`SUMMARY_DENSITY`] matched and this much shorter than the
/// other may have the other side only this dense.
pub const SUMMARY_MIN_DENSITY: f64 = 0.15;
pub const SUMMARY_DENSITY: f64 = 0.5;
pub const SUMMARY_RATIO: f64 = 2.0;
/// An extent is widened to the start (end) of its sentence when no more than this share of
/// the sentence lies outside it.
pub const SNAP_SHARE: f64 = 0.4;
/// Shared runs of at least this many words outside passages are quotes (WCopyfind's default
/// shortest phrase).
pub const QUOTE_RUN: usize = 6;
/// A passage with at least this many matched words inside quotation marks on both sides…
pub const QUOTE_MIN_WORDS: usize = 5;
/// …and fewer than this many outside them is a shared quotation, not reused text.
pub const NARRATIVE_MIN_WORDS: usize = 12;
/// A shared quotation of at least this many matched words is listed with the passages
/// (kind [`PassageKind::Quote`]); a shorter one with the quotes.
pub const QUOTE_PASSAGE_WORDS: usize = 20;
/// A passage's first and last sentences (on either side) with less than this share of
/// their words matched are left out of it: chance matches next to a passage.
pub const EDGE_SENTENCE_SHARE: f64 = 0.25;
/// Without a run of this many equal words inside, a passage needs
/// [`MIN_MATCHED_LOOSE`] matched words.
pub const STRONG_RUN: usize = 6;
pub const MIN_MATCHED_LOOSE: usize = 16;
/// …and, when one side is less than [`SPARSE_DENSITY`] matched, this many.
pub const MIN_MATCHED_SPARSE: usize = 18;
pub const SPARSE_DENSITY: f64 = 0.5;
/// A group matching at least this share of the shorter text's words (and at least
/// [`SHORT_TEXT_MIN`] of them) is a passage however short: a short text reused whole.
pub const SHORT_TEXT_SHARE: f64 = 0.8;
pub const SHORT_TEXT_MIN: usize = 3;

/// A run of words equal on both sides: `len` words from `a` and from `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    pub a: u32,
    pub b: u32,
    pub len: u32,
}

/// A passage in word positions: words `a.0..a.1` of the first stream, `b.0..b.1` of the
/// second, and the matched word pairs inside, sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub a: (usize, usize),
    pub b: (usize, usize),
    pub pairs: Vec<(u32, u32)>,
    pub kind: PassageKind,
}

impl Found {
    pub fn similarity(&self) -> f64 {
        let words = (self.a.1 - self.a.0) + (self.b.1 - self.b.0);
        if words == 0 {
            0.0
        } else {
            (2.0 * self.pairs.len() as f64 / words as f64).min(1.0)
        }
    }

    fn mirrored(&self) -> Found {
        let mut pairs: Vec<(u32, u32)> = self.pairs.iter().map(|&(i, j)| (j, i)).collect();
        pairs.sort_unstable();
        Found {
            a: self.b,
            b: self.a,
            pairs,
            kind: self.kind,
        }
    }
}

/// What two streams share.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reuse {
    /// Reused passages, in the first stream's order.
    pub passages: Vec<Found>,
    /// Shared quotes and short shared runs outside passages.
    pub quotes: Vec<Found>,
    /// Maximal runs of equal words (at least [`SEED_WORDS`]), by position in the first
    /// stream.
    pub runs: Vec<Run>,
}

impl Reuse {
    /// The longest run of consecutive equal words, across paragraph boundaries.
    pub fn longest_run(&self) -> usize {
        self.runs.iter().map(|r| r.len as usize).max().unwrap_or(0)
    }

    /// The same reuse seen from the other stream.
    pub fn mirrored(&self) -> Reuse {
        let mut passages: Vec<Found> = self.passages.iter().map(Found::mirrored).collect();
        passages.sort_by_key(|p| (p.a, p.b));
        let mut quotes: Vec<Found> = self.quotes.iter().map(Found::mirrored).collect();
        quotes.sort_by_key(|p| (p.a, p.b));
        let mut runs: Vec<Run> = self
            .runs
            .iter()
            .map(|r| Run {
                a: r.b,
                b: r.a,
                len: r.len,
            })
            .collect();
        runs.sort_by_key(|r| (r.a, r.b));
        Reuse {
            passages,
            quotes,
            runs,
        }
    }
}

/// The reused passages, quotes and shared runs of two streams. Computed in one orientation
/// (the stream that sorts first by length and keys is the first) and mirrored, so the
/// answer does not depend on the order of the arguments.
pub fn find(a: &Stream, b: &Stream) -> Reuse {
    if (a.len(), &a.keys) <= (b.len(), &b.keys) {
        find_oriented(a, b)
    } else {
        find_oriented(b, a).mirrored()
    }
}

fn find_oriented(a: &Stream, b: &Stream) -> Reuse {
    if a.is_empty() || b.is_empty() {
        return Reuse::default();
    }
    if a.keys == b.keys {
        // The same words: one passage, whatever they are (even all function words).
        let n = a.len() as u32;
        return Reuse {
            passages: vec![Found {
                a: (0, a.len()),
                b: (0, b.len()),
                pairs: (0..n).map(|i| (i, i)).collect(),
                kind: PassageKind::Verbatim,
            }],
            quotes: Vec::new(),
            runs: vec![Run { a: 0, b: 0, len: n }],
        };
    }
    let runs = exact_runs(&a.keys, &b.keys);
    let mut points: Vec<(u32, u32)> = Vec::new();
    for r in &runs {
        // Three equal words are evidence only with two content words among them.
        let content = (r.a..r.a + r.len)
            .filter(|&i| !a.is_stop(i as usize))
            .count();
        if r.len as usize > SEED_WORDS || content >= 2 {
            points.extend((0..r.len).map(|t| (r.a + t, r.b + t)));
        }
    }
    content_points(a, b, &mut points);
    let sa = sentences(a);
    let sb = sentences(b);
    sentence_points(a, b, &sa, &sb, &runs, &mut points);
    points.sort_unstable();
    points.dedup();

    let starts_a = sentence_bounds(a.len(), &sa);
    let starts_b = sentence_bounds(b.len(), &sb);
    let mut found: Vec<Found> = Vec::new();
    let mut stack: Vec<(Vec<(u32, u32)>, usize)> = vec![(points, MAX_GAP)];
    while let Some((pts, gap)) = stack.pop() {
        for c in clusters(pts, gap as u32) {
            let c = trim_edges(one_to_one(c), &starts_a, &starts_b);
            match judge(a, b, &c, &runs) {
                Judgement::Passage => found.push(to_found(a, b, c, &starts_a, &starts_b)),
                Judgement::Split if gap > 3 => stack.push((c, gap / 2)),
                _ => {}
            }
        }
    }
    found.sort_by(|x, y| y.pairs.len().cmp(&x.pairs.len()).then(x.a.cmp(&y.a)));
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        let both = kept.iter().any(|k| {
            overlap(k.a, f.a) * 2 > f.a.1 - f.a.0 && overlap(k.b, f.b) * 2 > f.b.1 - f.b.0
        });
        if !both {
            kept.push(f);
        }
    }
    let (mut passages, mut quotes): (Vec<Found>, Vec<Found>) = kept
        .into_iter()
        .map(|mut f| {
            if is_quote(a, b, &f) {
                f.kind = PassageKind::Quote;
            }
            f
        })
        .partition(|f| f.kind != PassageKind::Quote || f.pairs.len() >= QUOTE_PASSAGE_WORDS);
    passages.sort_by_key(|p| (p.a, p.b));

    // Shared runs outside passages long enough to be a quote.
    let mut inside = vec![false; a.len()];
    for p in &passages {
        inside[p.a.0..p.a.1].fill(true);
    }
    for r in &runs {
        let (i, len) = (r.a as usize, r.len as usize);
        if len >= QUOTE_RUN && !inside[i..i + len].iter().any(|&x| x) {
            let already = quotes.iter().any(|q| overlap(q.a, (i, i + len)) > 0);
            if !already {
                quotes.push(Found {
                    a: (i, i + len),
                    b: (r.b as usize, r.b as usize + len),
                    pairs: (0..r.len).map(|t| (r.a + t, r.b + t)).collect(),
                    kind: PassageKind::Verbatim,
                });
            }
        }
    }
    quotes.sort_by_key(|p| (p.a, p.b));
    Reuse {
        passages,
        quotes,
        runs,
    }
}

fn overlap(x: (usize, usize), y: (usize, usize)) -> usize {
    x.1.min(y.1).saturating_sub(x.0.max(y.0))
}

/// The hash of the `k` keys from each position (none when the stream is shorter).
fn gram_hashes(keys: &[u32], k: usize) -> Vec<(u64, u32)> {
    if keys.len() < k {
        return Vec::new();
    }
    let mut out: Vec<(u64, u32)> = keys
        .windows(k)
        .enumerate()
        .map(|(i, w)| {
            let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
            for &x in w {
                h = (h ^ x as u64)
                    .wrapping_mul(0xff51_afd7_ed55_8ccd)
                    .rotate_left(29);
            }
            (h, i as u32)
        })
        .collect();
    out.sort_unstable();
    out
}

/// Maximal runs of equal words of at least [`SEED_WORDS`], found from shared word n-grams.
pub fn exact_runs(a: &[u32], b: &[u32]) -> Vec<Run> {
    let k = SEED_WORDS;
    let (ha, hb) = (gram_hashes(a, k), gram_hashes(b, k));
    let mut seeds: Vec<(i64, u32)> = Vec::new(); // (diagonal j - i, i)
    let (mut x, mut y) = (0, 0);
    while x < ha.len() && y < hb.len() {
        let (h1, h2) = (ha[x].0, hb[y].0);
        if h1 < h2 {
            x += 1;
            continue;
        }
        if h2 < h1 {
            y += 1;
            continue;
        }
        let x1 = x + ha[x..].iter().take_while(|e| e.0 == h1).count();
        let y1 = y + hb[y..].iter().take_while(|e| e.0 == h1).count();
        let (p, q) = (x1 - x, y1 - y);
        let mut pair = |i: u32, j: u32| {
            let (iu, ju) = (i as usize, j as usize);
            if a[iu..iu + k] == b[ju..ju + k] {
                seeds.push((j as i64 - i as i64, i));
            }
        };
        if p * q <= MAX_GRAM_PAIRS {
            for e in &ha[x..x1] {
                for f in &hb[y..y1] {
                    pair(e.1, f.1);
                }
            }
        } else if p >= q {
            for (t, e) in ha[x..x1].iter().enumerate() {
                pair(e.1, hb[y + t * q / p].1);
            }
        } else {
            for (t, f) in hb[y..y1].iter().enumerate() {
                pair(ha[x + t * p / q].1, f.1);
            }
        }
        x = x1;
        y = y1;
    }
    seeds.sort_unstable();
    let mut runs: Vec<Run> = Vec::new();
    let mut s = 0;
    while s < seeds.len() {
        let (d, i0) = seeds[s];
        let mut e = s + 1;
        while e < seeds.len() && seeds[e].0 == d && seeds[e].1 <= seeds[e - 1].1 + 1 {
            e += 1;
        }
        let i1 = seeds[e - 1].1 as usize + k; // exclusive end in a
        let (mut i0, mut i1) = (i0 as usize, i1);
        let j = |i: usize| (i as i64 + d) as usize;
        // Widen over equal words the pairing left out.
        while i0 > 0 && j(i0) > 0 && a[i0 - 1] == b[j(i0) - 1] {
            i0 -= 1;
        }
        while i1 < a.len() && j(i1) < b.len() && a[i1] == b[j(i1)] {
            i1 += 1;
        }
        match runs.last_mut() {
            // Overlapping runs on one diagonal (widening reached the next) are one run.
            Some(last)
                if (last.b as i64 - last.a as i64) == d
                    && last.a as usize + last.len as usize >= i0 =>
            {
                let end = i1.max(last.a as usize + last.len as usize);
                last.len = (end - last.a as usize) as u32;
            }
            _ => runs.push(Run {
                a: i0 as u32,
                b: j(i0) as u32,
                len: (i1 - i0) as u32,
            }),
        }
        s = e;
    }
    runs.sort_by_key(|r| (r.a, r.b));
    runs
}

/// Matched content words in the same order on both sides with function words left out:
/// runs of [`SEED_WORDS`] content words equal on both sides (function words inserted,
/// dropped or changed around them, as editors and summaries do).
fn content_points(a: &Stream, b: &Stream, points: &mut Vec<(u32, u32)>) {
    let content = |s: &Stream| -> (Vec<u32>, Vec<u32>) {
        (0..s.len())
            .filter(|&i| !s.is_stop(i))
            .map(|i| (s.keys[i], i as u32))
            .unzip()
    };
    let (ka, pa) = content(a);
    let (kb, pb) = content(b);
    for r in exact_runs(&ka, &kb) {
        for t in 0..r.len {
            points.push((pa[(r.a + t) as usize], pb[(r.b + t) as usize]));
        }
    }
}

/// Sentences as word ranges: ends at [`SENTENCE_END`], pieces of at most
/// [`MAX_SENTENCE_WORDS`].
fn sentences(s: &Stream) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..s.len() {
        if s.is(i, SENTENCE_END) || i + 1 - start == MAX_SENTENCE_WORDS || i + 1 == s.len() {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    out
}

/// For each word, the range of its sentence.
fn sentence_bounds(n: usize, sents: &[(usize, usize)]) -> Vec<(u32, u32)> {
    let mut out = vec![(0, 0); n];
    for &(s, e) in sents {
        out[s..e].fill((s as u32, e as u32));
    }
    out
}

/// Content keys of a sentence, sorted and distinct.
fn content(s: &Stream, (start, end): (usize, usize)) -> Vec<u32> {
    let mut v: Vec<u32> = (start..end)
        .filter(|&i| !s.is_stop(i))
        .map(|i| s.keys[i])
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn shared_count(x: &[u32], y: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Matched words of similar sentences (edited, merged, split, reordered text): pairs of
/// sentences sharing enough content words, aligned word by word (longest common
/// subsequence, then content words left over paired by order).
fn sentence_points(
    a: &Stream,
    b: &Stream,
    sa: &[(usize, usize)],
    sb: &[(usize, usize)],
    runs: &[Run],
    points: &mut Vec<(u32, u32)>,
) {
    let ca: Vec<Vec<u32>> = sa.iter().map(|&r| content(a, r)).collect();
    let cb: Vec<Vec<u32>> = sb.iter().map(|&r| content(b, r)).collect();
    // Words of `a` already in an exact run, and where their partner is.
    let mut partner: Vec<u32> = vec![u32::MAX; a.len()];
    for r in runs {
        for t in 0..r.len {
            let i = (r.a + t) as usize;
            if partner[i] == u32::MAX {
                partner[i] = r.b + t;
            }
        }
    }
    let mut index: HashMap<u32, Vec<u32>> = HashMap::new();
    for (s, keys) in cb.iter().enumerate() {
        for &k in keys {
            index.entry(k).or_default().push(s as u32);
        }
    }
    let max_postings = (sb.len() / 10).max(16);
    let mut counts = vec![0u32; sb.len()];
    let mut touched: Vec<u32> = Vec::new();
    for (s, keys) in ca.iter().enumerate() {
        if keys.len() < SENTENCE_MIN_SHARED {
            continue;
        }
        for &t in &touched {
            counts[t as usize] = 0;
        }
        touched.clear();
        for k in keys {
            let Some(list) = index.get(k) else { continue };
            if list.len() > max_postings {
                continue;
            }
            for &t in list {
                if counts[t as usize] == 0 {
                    touched.push(t);
                }
                counts[t as usize] += 1;
            }
        }
        let mut cands: Vec<(f64, u32)> = Vec::new();
        for &t in &touched {
            if (counts[t as usize] as usize) < 2 {
                continue;
            }
            let other = &cb[t as usize];
            let shared = shared_count(keys, other);
            if shared < SENTENCE_MIN_SHARED {
                continue;
            }
            let dice = 2.0 * shared as f64 / (keys.len() + other.len()) as f64;
            let contained = shared as f64 / keys.len().min(other.len()) as f64;
            if dice >= SENTENCE_DICE
                || (contained >= SENTENCE_CONTAINMENT && shared > SENTENCE_MIN_SHARED)
            {
                cands.push((dice.max(contained * 0.9), t));
            }
        }
        cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let (s0, s1) = sa[s];
        for &(_, t) in cands.iter().take(3) {
            let (t0, t1) = sb[t as usize];
            // Already matched word for word by exact runs: nothing to add.
            let covered = (s0..s1)
                .filter(|&i| (t0 as u32..t1 as u32).contains(&partner[i]))
                .count();
            if covered * 10 >= (s1 - s0) * 9 {
                continue;
            }
            align_words(a, b, (s0, s1), (t0, t1), points);
        }
    }
}

/// Word pairs of two sentences: their longest common subsequence, then the content words
/// left over paired in order (locally shuffled words).
fn align_words(
    a: &Stream,
    b: &Stream,
    (s0, s1): (usize, usize),
    (t0, t1): (usize, usize),
    points: &mut Vec<(u32, u32)>,
) {
    let (x, y) = (&a.keys[s0..s1], &b.keys[t0..t1]);
    let mut used_a = vec![false; x.len()];
    let mut used_b = vec![false; y.len()];
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, x, y) {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            // A lone function word in common is no evidence.
            if len == 1 && a.is_stop(s0 + old_index) {
                continue;
            }
            for k in 0..len {
                used_a[old_index + k] = true;
                used_b[new_index + k] = true;
                points.push(((s0 + old_index + k) as u32, (t0 + new_index + k) as u32));
            }
        }
    }
    for (p, &kx) in x.iter().enumerate() {
        if used_a[p] || a.is_stop(s0 + p) {
            continue;
        }
        if let Some(q) = (0..y.len()).find(|&q| !used_b[q] && y[q] == kx) {
            used_a[p] = true;
            used_b[q] = true;
            points.push(((s0 + p) as u32, (t0 + q) as u32));
        }
    }
}

/// Groups of points close on both sides: split wherever consecutive points (in the order of
/// one side) are more than `gap` words apart, on one side then the other, until no group
/// splits. Points of one group may be in any order (reordered sentences).
fn clusters(points: Vec<(u32, u32)>, gap: u32) -> Vec<Vec<(u32, u32)>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Vec<(u32, u32)>, bool)> = vec![(points, true)];
    while let Some((mut pts, by_a)) = stack.pop() {
        if pts.is_empty() {
            continue;
        }
        let key = |p: &(u32, u32)| if by_a { p.0 } else { p.1 };
        pts.sort_unstable_by_key(|p| (key(p), if by_a { p.1 } else { p.0 }));
        let mut parts: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut start = 0;
        for k in 1..=pts.len() {
            if k == pts.len() || key(&pts[k]) > key(&pts[k - 1]) + gap {
                parts.push(pts[start..k].to_vec());
                start = k;
            }
        }
        if parts.len() == 1 {
            // Unsplit on this side: done if the other side did not split it either.
            let p = parts.pop().expect("one part");
            if by_a {
                stack.push((p, false));
            } else {
                // Sorted by b: check a once more cheaply by re-sorting at the end.
                let mut q = p;
                q.sort_unstable();
                let splits_a = q.windows(2).any(|w| w[1].0 > w[0].0 + gap);
                if splits_a {
                    stack.push((q, true));
                } else {
                    out.push(q);
                }
            }
        } else {
            for p in parts {
                stack.push((p, !by_a));
            }
        }
    }
    out.sort();
    out
}

enum Judgement {
    Passage,
    Split,
    Drop,
}

/// Whether a group of matched words is a passage, might hold one when split, or is chance.
fn judge(a: &Stream, b: &Stream, c: &[(u32, u32)], runs: &[Run]) -> Judgement {
    if c.is_empty() {
        return Judgement::Drop;
    }
    let mut ia: Vec<u32> = c.iter().map(|p| p.0).collect();
    ia.dedup(); // c is sorted by a
    let mut jb: Vec<u32> = c.iter().map(|p| p.1).collect();
    jb.sort_unstable();
    jb.dedup();
    let (ma, mb) = (ia.len(), jb.len());
    // A short text found nearly whole in the other is reused, however short.
    let shorter = a.len().min(b.len());
    if ma.min(mb) >= SHORT_TEXT_MIN && ma.min(mb) as f64 >= SHORT_TEXT_SHARE * shorter as f64 {
        return Judgement::Passage;
    }
    if ma < MIN_MATCHED || mb < MIN_MATCHED {
        return Judgement::Drop;
    }
    let content = ia.iter().filter(|&&i| !a.is_stop(i as usize)).count();
    if content < MIN_CONTENT {
        return Judgement::Drop;
    }
    let la = (ia[ma - 1] - ia[0] + 1) as f64;
    let lb = (jb[mb - 1] - jb[0] + 1) as f64;
    let (da, db) = (ma as f64 / la, mb as f64 / lb);
    // Without a stretch of equal words, a small group needs to be dense on both sides.
    let run = longest_inside(c, runs);
    let loose = ma < MIN_MATCHED_LOOSE || (ma < MIN_MATCHED_SPARSE && da.min(db) < SPARSE_DENSITY);
    if run < STRONG_RUN && loose {
        return Judgement::Drop;
    }
    let dense = da >= MIN_DENSITY && db >= MIN_DENSITY;
    let summary = (da >= SUMMARY_DENSITY && lb >= SUMMARY_RATIO * la && db >= SUMMARY_MIN_DENSITY)
        || (db >= SUMMARY_DENSITY && la >= SUMMARY_RATIO * lb && da >= SUMMARY_MIN_DENSITY);
    if dense || summary {
        Judgement::Passage
    } else {
        Judgement::Split
    }
}

/// The longest exact run whose words are all pairs of the group (sorted by `a`).
fn longest_inside(c: &[(u32, u32)], runs: &[Run]) -> usize {
    let (lo, hi) = (c[0].0, c[c.len() - 1].0);
    let start = runs.partition_point(|r| r.a + r.len <= lo);
    runs[start..]
        .iter()
        .take_while(|r| r.a <= hi)
        .map(|r| {
            // Count the run's words paired as the run pairs them.
            (0..r.len)
                .filter(|&t| c.binary_search(&(r.a + t, r.b + t)).is_ok())
                .count()
        })
        .max()
        .unwrap_or(0)
}

/// A group without the weakly matched sentences at its edges: on each side, the first and
/// last sentence holding points are dropped while less than [`EDGE_SENTENCE_SHARE`] of
/// their words are matched (chance matches next to a passage). Sorted by `a`.
fn trim_edges(
    mut c: Vec<(u32, u32)>,
    sents_a: &[(u32, u32)],
    sents_b: &[(u32, u32)],
) -> Vec<(u32, u32)> {
    for _ in 0..4 {
        let before = c.len();
        for by_a in [true, false] {
            let pos = |p: &(u32, u32)| if by_a { p.0 } else { p.1 };
            let bounds = if by_a { sents_a } else { sents_b };
            c.sort_unstable_by_key(|p| (pos(p), if by_a { p.1 } else { p.0 }));
            // Front.
            while let Some(first) = c.first() {
                let (s, e) = bounds[pos(first) as usize];
                let n = c.iter().take_while(|p| pos(p) < e).count();
                if n as f64 >= EDGE_SENTENCE_SHARE * (e - s) as f64 || n == c.len() {
                    break;
                }
                c.drain(..n);
            }
            // Back.
            while let Some(last) = c.last() {
                let (s, e) = bounds[pos(last) as usize];
                let n = c.iter().rev().take_while(|p| pos(p) >= s).count();
                if n as f64 >= EDGE_SENTENCE_SHARE * (e - s) as f64 || n == c.len() {
                    break;
                }
                c.truncate(c.len() - n);
            }
        }
        if c.len() == before {
            break;
        }
    }
    c.sort_unstable();
    c
}

/// A passage from a group: its extents (widened to sentence bounds when little is left
/// out), its pairs and its kind.
fn to_found(
    a: &Stream,
    b: &Stream,
    mut pairs: Vec<(u32, u32)>,
    sents_a: &[(u32, u32)],
    sents_b: &[(u32, u32)],
) -> Found {
    pairs.sort_unstable();
    let a0 = pairs[0].0 as usize;
    let a1 = pairs[pairs.len() - 1].0 as usize + 1;
    let b0 = pairs.iter().map(|p| p.1).min().expect("pairs") as usize;
    let b1 = pairs.iter().map(|p| p.1).max().expect("pairs") as usize + 1;
    let snap = |(s, e): (usize, usize), bounds: &[(u32, u32)]| {
        let (ss, se) = bounds[s];
        let (es, ee) = bounds[e - 1];
        let head = s - ss as usize;
        let tail = ee as usize - e;
        let s = if head as f64 <= SNAP_SHARE * (se - ss) as f64 {
            ss as usize
        } else {
            s
        };
        let e = if tail as f64 <= SNAP_SHARE * (ee - es) as f64 {
            ee as usize
        } else {
            e
        };
        (s, e)
    };
    let ra = snap((a0, a1), sents_a);
    let rb = snap((b0, b1), sents_b);
    let verbatim = a.keys[ra.0..ra.1] == b.keys[rb.0..rb.1];
    let kind = if verbatim {
        PassageKind::Verbatim
    } else if in_order_share(&pairs) < 0.9 {
        PassageKind::Reordered
    } else {
        PassageKind::Edited
    };
    Found {
        a: ra,
        b: rb,
        pairs,
        kind,
    }
}

/// Each word matched once: the pairs are cut into runs along diagonals (consecutive words
/// on both sides), and the longest runs claim their words first, so that where a word has
/// several partners (text the other side holds twice, a name inside a quote and again in its
/// attribution) it keeps the one in the longest stretch of equal text. Sorted by `a`.
fn one_to_one(mut pairs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    pairs.sort_unstable_by_key(|&(i, j)| (j as i64 - i as i64, i));
    pairs.dedup();
    let mut runs: Vec<(usize, usize)> = Vec::new(); // (start, len) in `pairs`
    let mut k = 0;
    while k < pairs.len() {
        let d = pairs[k].1 as i64 - pairs[k].0 as i64;
        let mut e = k + 1;
        while e < pairs.len()
            && pairs[e].1 as i64 - pairs[e].0 as i64 == d
            && pairs[e].0 == pairs[e - 1].0 + 1
        {
            e += 1;
        }
        runs.push((k, e - k));
        k = e;
    }
    runs.sort_unstable_by_key(|&(start, len)| (std::cmp::Reverse(len), pairs[start]));
    let mut taken_a = std::collections::HashSet::with_capacity(pairs.len());
    let mut taken_b = std::collections::HashSet::with_capacity(pairs.len());
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
    for (start, len) in runs {
        for &(i, j) in &pairs[start..start + len] {
            if !taken_a.contains(&i) && !taken_b.contains(&j) {
                taken_a.insert(i);
                taken_b.insert(j);
                out.push((i, j));
            }
        }
    }
    out.sort_unstable();
    out
}

/// The share of pairs (sorted by `a`) in the longest chain increasing in `b` as well.
fn in_order_share(pairs: &[(u32, u32)]) -> f64 {
    let mut tails: Vec<u32> = Vec::new();
    for &(_, j) in pairs {
        match tails.binary_search(&j) {
            Ok(_) => {}
            Err(k) if k == tails.len() => tails.push(j),
            Err(k) => tails[k] = j,
        }
    }
    tails.len() as f64 / pairs.len().max(1) as f64
}

/// Whether a passage is a shared quotation rather than reused text: at least
/// [`QUOTE_MIN_WORDS`] of its matched words inside quotation marks on both sides, and fewer
/// than [`NARRATIVE_MIN_WORDS`] outside them (what is left is the attribution: "Prime
/// Minister X said").
fn is_quote(a: &Stream, b: &Stream, f: &Found) -> bool {
    let quoted = f
        .pairs
        .iter()
        .filter(|p| a.is(p.0 as usize, QUOTED) && b.is(p.1 as usize, QUOTED))
        .count();
    quoted >= QUOTE_MIN_WORDS && f.pairs.len() - quoted < NARRATIVE_MIN_WORDS
}
