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

/// Words per seed: shared runs of this many words are found exactly.
pub const SEED_WORDS: usize = 3;
/// A word n-gram the other side holds at most this many times is paired with each of them;
/// beyond, only with the one nearest the diagonal of the last match, so repetitive text costs
/// linear time and still aligns with itself.
pub const MAX_GRAM_OCCURRENCES: usize = 8;
/// Sentences longer than this are cut into pieces of this many words for seeding.
pub const MAX_SENTENCE_WORDS: usize = 60;
/// Sentence seeds: at least this many content words shared…
pub const SENTENCE_MIN_SHARED: usize = 3;
/// …and a Dice coefficient over content words of at least this…
pub const SENTENCE_DICE: f64 = 0.5;
/// …or at least this much of the smaller sentence's content words (a sentence merged into or
/// split from a longer one), with one more word shared.
pub const SENTENCE_CONTAINMENT: f64 = 0.7;
/// Content-word runs and similar sentences are looked for unless runs of equal words already
/// match this share of the shorter text.
pub const COVERED_TEXT: f64 = 0.9;
/// A sentence with at least this share of its words matched by runs needs no sentence seed,
/// nor one with [`COVERED_LOOSE`] of them matched and no three unmatched words in a row.
pub const COVERED_LOOSE: f64 = 0.7;
/// A sentence with at least this share of its words matched by runs needs no sentence seed.
pub const COVERED_SENTENCE: f64 = 0.9;
/// Sentences further than this from one holding a matched word get no sentence seed.
pub const NEAR_ANCHOR: usize = 2;
/// A content word in more of the other side's sentences than this is too common to find
/// similar sentences by.
pub const MAX_SENTENCE_POSTINGS: usize = 32;
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
        sort_pairs(&mut pairs);
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
    // Content-word runs and similar sentences add what editing broke up: not needed where
    // equal runs already hold nearly all of the shorter text (`a` is the shorter).
    let covered = {
        let mut seen = vec![false; a.len()];
        points.iter().for_each(|p| seen[p.0 as usize] = true);
        seen.iter().filter(|&&x| x).count()
    };
    let sa = sentences(a);
    let sb = sentences(b);
    if (covered as f64) < COVERED_TEXT * a.len() as f64 {
        content_points(a, b, &mut points);
        sentence_points(a, b, &sa, &sb, &mut points);
    }
    // Grown by doubling: the room left over is given back (on two 10 MB texts the points
    // hold 16 MB in a list of 32).
    points.shrink_to_fit();
    sort_pairs(&mut points);
    points.dedup();

    let (map_a, map_b) = (
        SentenceMap::new(a.len(), &sa),
        SentenceMap::new(b.len(), &sb),
    );
    let mut found: Vec<Found> = Vec::new();
    let mut stack: Vec<(Vec<(u32, u32)>, usize)> = vec![(points, MAX_GAP)];
    while let Some((pts, gap)) = stack.pop() {
        for c in clusters(pts, gap as u32) {
            let c = trim_edges(one_to_one(c), &map_a, &map_b);
            match judge(a, b, &c, &runs) {
                Judgement::Passage => found.push(to_found(a, b, c, &map_a, &map_b)),
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

/// Sort pairs by their first then second member, in place (no second list: on two 10 MB
/// texts the points hold 16 MB).
fn sort_pairs(pairs: &mut [(u32, u32)]) {
    if !pairs.is_sorted() {
        sort_pairs_by(pairs, by_a);
    }
}

/// A pair's order by its first member, then its second.
#[inline]
fn by_a(p: &(u32, u32)) -> u64 {
    u64::from(p.0) << 32 | u64::from(p.1)
}

/// A pair's order by its second member, then its first.
#[inline]
fn by_b(p: &(u32, u32)) -> u64 {
    u64::from(p.1) << 32 | u64::from(p.0)
}

/// Sort pairs in place by `key` (one number a pair, different for different pairs): a
/// most-significant-digit radix sort, [`RADIX_BITS`] of the keys' range a pass (each pair
/// swapped straight into its bucket, whose next free place stays in the cache: an American
/// flag sort), stretches of up to 64 pairs sorted by comparison. Linear in the pairs for the
/// few passes a text's positions take, and no second list (on two 10 MB texts the points
/// hold 16 MB).
fn sort_pairs_by(v: &mut [(u32, u32)], key: impl Fn(&(u32, u32)) -> u64 + Copy) {
    if v.len() <= 64 {
        v.sort_unstable_by_key(key);
        return;
    }
    let (lo, hi) = v.iter().fold((u64::MAX, 0), |(lo, hi), p| {
        let k = key(p);
        (lo.min(k), hi.max(k))
    });
    if lo == hi {
        return;
    }
    let shift = (64 - (hi - lo).leading_zeros()).saturating_sub(RADIX_BITS);
    let digit = |p: &(u32, u32)| ((key(p) - lo) >> shift) as usize & (RADIX - 1);
    let mut end = [0usize; RADIX];
    for p in v.iter() {
        end[digit(p)] += 1;
    }
    let mut next = [0usize; RADIX];
    let mut total = 0;
    for (e, x) in end.iter_mut().zip(next.iter_mut()) {
        *x = total;
        total += *e;
        *e = total;
    }
    for d in 0..RADIX {
        while next[d] < end[d] {
            let mut p = v[next[d]];
            loop {
                let t = digit(&p);
                if t == d {
                    break;
                }
                std::mem::swap(&mut p, &mut v[next[t]]);
                next[t] += 1;
            }
            v[next[d]] = p;
            next[d] += 1;
        }
    }
    let mut start = 0;
    for &e in &end {
        if e - start > 1 {
            sort_pairs_by(&mut v[start..e], key);
        }
        start = e;
    }
}

/// Bits of the keys' range [`sort_pairs_by`] reads a pass, and its buckets (their next free
/// places stay in the cache; wider digits, tried, cost more in the many small buckets).
const RADIX_BITS: u32 = 8;
const RADIX: usize = 1 << RADIX_BITS;

/// Three keys as one number.
#[inline]
fn gram(w: &[u32]) -> u128 {
    (w[0] as u128) << 64 | (w[1] as u128) << 32 | w[2] as u128
}

/// The 3-gram of `keys` at `at`.
#[inline]
fn gram_at(keys: &[u32], at: u32) -> u128 {
    let at = at as usize;
    gram(&keys[at..at + SEED_WORDS])
}

#[inline]
fn gram_hash(g: u128) -> usize {
    let x = (g as u64) ^ ((g >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let x = (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (x ^ (x >> 32)) as usize
}

/// The word 3-grams of one side, grouped: an open-addressing table from a 3-gram to its
/// group, and the positions of each group in increasing order.
#[derive(Default)]
struct Grams {
    mask: usize,
    /// Per slot: group number + 1 (0: empty).
    slots: Vec<u32>,
    /// Per group: where its 3-gram first is in the keys (4 bytes, not the 16 of the 3-gram
    /// itself: a long text's table is a third smaller).
    firsts: Vec<u32>,
    positions: Vec<u32>,
    /// Per group: its count, then its next free position, then (once the positions are
    /// placed) where its positions end, which is where the next group's start.
    ends: Vec<u32>,
    /// Buffer: per position its group.
    group: Vec<u32>,
}

thread_local! {
    /// One table per thread, rebuilt for each text: no allocation once warm.
    static GRAMS: std::cell::RefCell<Grams> = std::cell::RefCell::new(Grams::default());
}

impl Grams {
    /// The table of the 3-grams of `keys`, replacing what it held.
    fn build(&mut self, keys: &[u32]) {
        let n = (keys.len() + 1).saturating_sub(SEED_WORDS);
        let size = (2 * n).next_power_of_two().max(16);
        self.mask = size - 1;
        self.slots.clear();
        self.slots.resize(size, 0);
        self.firsts.clear();
        self.group.clear();
        self.ends.clear();
        // Sized once (a long text's table is not grown by doubling, nor copied while it grows).
        self.group.reserve(n);
        self.firsts.reserve(n);
        self.ends.reserve(n);
        for i in 0..n {
            let w = gram(&keys[i..i + SEED_WORDS]);
            let mut slot = gram_hash(w) & self.mask;
            let id = loop {
                match self.slots[slot] {
                    0 => {
                        let id = self.firsts.len() as u32;
                        self.firsts.push(i as u32);
                        self.ends.push(0);
                        self.slots[slot] = id + 1;
                        break id;
                    }
                    x if gram_at(keys, self.firsts[(x - 1) as usize]) == w => break x - 1,
                    _ => slot = (slot + 1) & self.mask,
                }
            };
            self.ends[id as usize] += 1;
            self.group.push(id);
        }
        // Positions grouped by group, in increasing order (a counting sort).
        let mut total = 0;
        for c in self.ends.iter_mut() {
            let start = total;
            total += *c;
            *c = start; // from here on: the next free position of the group
        }
        self.positions.clear();
        self.positions.resize(n, 0);
        for (i, &id) in self.group.iter().enumerate() {
            let at = &mut self.ends[id as usize];
            self.positions[*at as usize] = i as u32;
            *at += 1;
        }
    }

    /// The group of a 3-gram, if this side has it.
    #[inline]
    fn find(&self, keys: &[u32], w: u128) -> Option<u32> {
        let mut slot = gram_hash(w) & self.mask;
        loop {
            match self.slots[slot] {
                0 => return None,
                x if gram_at(keys, self.firsts[(x - 1) as usize]) == w => return Some(x - 1),
                _ => slot = (slot + 1) & self.mask,
            }
        }
    }

    fn positions(&self, g: u32) -> &[u32] {
        let g = g as usize;
        let start = if g == 0 { 0 } else { self.ends[g - 1] as usize };
        &self.positions[start..self.ends[g] as usize]
    }
}

/// Maximal runs of equal words of at least [`SEED_WORDS`], found from shared word n-grams.
pub fn exact_runs(a: &[u32], b: &[u32]) -> Vec<Run> {
    let k = SEED_WORDS;
    if a.len() < k || b.len() < k {
        return Vec::new();
    }
    GRAMS.with(|g| {
        let mut g = g.borrow_mut();
        let runs = runs_with(a, b, &mut g);
        if b.len() > KEEP_GRAMS_WORDS {
            // A table this big is not kept for the next text: it would hold ~25 bytes a word
            // of `b` for the rest of the process (a compare of two 10 MB texts: 50 MB).
            *g = Grams::default();
        }
        runs
    })
}

/// The thread's 3-gram table is kept warm for texts of up to this many words (the corpus
/// scan's articles), and freed after a longer one.
pub const KEEP_GRAMS_WORDS: usize = 1 << 16;

fn runs_with(a: &[u32], b: &[u32], gb: &mut Grams) -> Vec<Run> {
    let k = SEED_WORDS;
    gb.build(b);
    let mut runs: Vec<Run> = Vec::new();
    // Runs still ahead: (end in a). A position inside one is not looked up: the run was
    // followed word by word, and every other copy of its text in `b` was found where it starts.
    let mut ahead: Vec<usize> = Vec::new();
    // The diagonal of the last run: where a frequent 3-gram is looked for.
    let mut diag: i64 = 0;
    for i in 0..=a.len() - k {
        ahead.retain(|&end| end > i);
        if !ahead.is_empty() {
            continue;
        }
        let Some(g) = gb.find(b, gram(&a[i..i + k])) else {
            continue;
        };
        let occ = gb.positions(g);
        // A frequent 3-gram (repetitive text): only the occurrence nearest the diagonal of
        // the last run, so that such text aligns with itself in linear time.
        let want = (i as i64 + diag).max(0) as u32;
        let mut start = |j: usize| {
            // Follow the run both ways, word by word.
            let (mut i0, mut j0) = (i, j);
            while i0 > 0 && j0 > 0 && a[i0 - 1] == b[j0 - 1] {
                i0 -= 1;
                j0 -= 1;
            }
            let mut len = i - i0 + k;
            while i0 + len < a.len() && j0 + len < b.len() && a[i0 + len] == b[j0 + len] {
                len += 1;
            }
            runs.push(Run {
                a: i0 as u32,
                b: j0 as u32,
                len: len as u32,
            });
            ahead.push(i0 + len);
            diag = j0 as i64 - i0 as i64;
        };
        if occ.len() <= MAX_GRAM_OCCURRENCES {
            occ.iter().for_each(|&j| start(j as usize));
        } else {
            let at = occ.partition_point(|&j| j < want);
            let near = [at.checked_sub(1), Some(at)]
                .into_iter()
                .flatten()
                .filter(|&x| x < occ.len())
                .min_by_key(|&x| occ[x].abs_diff(want))
                .expect("occ is never empty");
            start(occ[near] as usize);
        }
    }
    // Runs followed back into one another on one diagonal are one run.
    // Merged in place (no second list of runs).
    runs.sort_unstable_by_key(|r| (r.b as i64 - r.a as i64, r.a));
    let mut kept: usize = 0;
    for k in 0..runs.len() {
        let r = runs[k];
        match kept.checked_sub(1).map(|l| &mut runs[l]) {
            Some(last)
                if last.b as i64 - last.a as i64 == r.b as i64 - r.a as i64
                    && last.a + last.len >= r.a =>
            {
                let end = (r.a + r.len).max(last.a + last.len);
                last.len = end - last.a;
            }
            _ => {
                runs[kept] = r;
                kept += 1;
            }
        }
    }
    runs.truncate(kept);
    runs.sort_unstable_by_key(|r| (r.a, r.b));
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

/// Content keys of each sentence (sorted, distinct), in one flat buffer: sentence `k` is
/// `keys[ranges[k].0..ranges[k].1]`; skipped sentences get an empty range.
fn content_keys(
    s: &Stream,
    sents: &[(usize, usize)],
    skip: impl Fn(usize) -> bool,
) -> (Vec<u32>, Vec<(u32, u32)>) {
    let mut keys: Vec<u32> = Vec::with_capacity(s.len() / 2);
    let mut ranges = Vec::with_capacity(sents.len());
    for (k, &(start, end)) in sents.iter().enumerate() {
        let from = keys.len();
        if !skip(k) {
            keys.extend((start..end).filter(|&i| !s.is_stop(i)).map(|i| s.keys[i]));
            keys[from..].sort_unstable();
            let mut w = from;
            for r in from..keys.len() {
                if r == from || keys[r] != keys[w - 1] {
                    keys[w] = keys[r];
                    w += 1;
                }
            }
            keys.truncate(w);
        }
        ranges.push((from as u32, keys.len() as u32));
    }
    (keys, ranges)
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
/// subsequence, then content words left over paired by order). Sentences whose words are
/// already mostly matched (by the runs in `points`) are left out on both sides, so text
/// copied nearly verbatim costs nothing here.
/// Whether a sentence is matched already: [`COVERED_SENTENCE`] of its words, or
/// [`COVERED_LOOSE`] of them with no more than two unmatched words in a row (a word or two
/// changed by an editor between stretches of equal words).
fn covered(has: &[bool], matched: usize) -> bool {
    let n = has.len() as f64;
    if matched as f64 >= COVERED_SENTENCE * n {
        return true;
    }
    if (matched as f64) < COVERED_LOOSE * n {
        return false;
    }
    let mut gap = 0;
    for &x in has {
        gap = if x { 0 } else { gap + 1 };
        if gap > 2 {
            return false;
        }
    }
    true
}

fn sentence_points(
    a: &Stream,
    b: &Stream,
    sa: &[(usize, usize)],
    sb: &[(usize, usize)],
    points: &mut Vec<(u32, u32)>,
) {
    let mut has_a = vec![false; a.len()];
    let mut has_b = vec![false; b.len()];
    for &(i, j) in points.iter() {
        has_a[i as usize] = true;
        has_b[j as usize] = true;
    }
    // Per sentence: the share of its words matched already, and whether it lies within
    // NEAR_ANCHOR sentences of one holding a matched word. Only sentences near a match and
    // not already matched are looked at: a reused passage leaves some equal words (a run of
    // three, or of three content words), and the rest of two unrelated texts costs nothing.
    let eligible = |has: &[bool], sents: &[(usize, usize)]| -> Vec<bool> {
        let matched: Vec<usize> = sents
            .iter()
            .map(|&(s, e)| has[s..e].iter().filter(|&&x| x).count())
            .collect();
        let mut near = vec![false; sents.len()];
        for (k, &m) in matched.iter().enumerate() {
            if m > 0 {
                let lo = k.saturating_sub(NEAR_ANCHOR);
                let hi = (k + NEAR_ANCHOR + 1).min(sents.len());
                near[lo..hi].fill(true);
            }
        }
        sents
            .iter()
            .zip(matched)
            .zip(near)
            .map(|((&(s, e), m), near)| near && !covered(&has[s..e], m))
            .collect()
    };
    let (ea, eb) = (eligible(&has_a, sa), eligible(&has_b, sb));
    let (ka, ra) = content_keys(a, sa, |k| !ea[k]);
    let (kb, rb) = content_keys(b, sb, |k| !eb[k]);
    if ka.is_empty() || kb.is_empty() {
        return;
    }
    // Postings of the right side's sentences, sorted by key.
    let mut index: Vec<(u32, u32)> = Vec::with_capacity(kb.len());
    for (t, &(x, y)) in rb.iter().enumerate() {
        index.extend(kb[x as usize..y as usize].iter().map(|&k| (k, t as u32)));
    }
    index.sort_unstable();
    let mut counts = vec![0u32; sb.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut cands: Vec<(f64, u32)> = Vec::new();
    for (s, &(x, y)) in ra.iter().enumerate() {
        let keys = &ka[x as usize..y as usize];
        if keys.len() < SENTENCE_MIN_SHARED {
            continue;
        }
        for &t in &touched {
            counts[t as usize] = 0;
        }
        touched.clear();
        for &k in keys {
            let from = index.partition_point(|e| e.0 < k);
            let to = from + index[from..].partition_point(|e| e.0 == k);
            if to - from > MAX_SENTENCE_POSTINGS {
                continue;
            }
            for e in &index[from..to] {
                let t = e.1;
                if counts[t as usize] == 0 {
                    touched.push(t);
                }
                counts[t as usize] += 1;
            }
        }
        cands.clear();
        for &t in &touched {
            if (counts[t as usize] as usize) < 2 {
                continue;
            }
            let (u, v) = rb[t as usize];
            let other = &kb[u as usize..v as usize];
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
        for &(_, t) in cands.iter().take(3) {
            align_words(a, b, sa[s], sb[t as usize], points);
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
/// splits. Points of one group may be in any order (reordered sentences). `points` is
/// sorted; each group comes out sorted, the groups in the order of their first points.
///
/// The groups are stretches of `points` itself, rearranged in place (on two 10 MB texts the
/// points hold 16 MB: no copy of them while they are split); a small one is sorted by the
/// right side in a copy (cheaper than sorting it there and back).
fn clusters(mut points: Vec<(u32, u32)>, gap: u32) -> Vec<Vec<(u32, u32)>> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    // Stretches still to split, each sorted by a.
    let mut stack: Vec<(usize, usize)> = vec![(0, points.len())];
    let mut copy: Vec<(u32, u32)> = Vec::new();
    while let Some((from, to)) = stack.pop() {
        // Split by gaps on the left side (sorted already).
        let mut start = from;
        for k in from + 1..=to {
            if k < to && points[k].0 <= points[k - 1].0 + gap {
                continue;
            }
            let (pf, pt) = (start, k);
            start = k;
            let part = &mut points[pf..pt];
            // Then on the right side (in order already when the part runs down a diagonal).
            let in_b_order = part.windows(2).all(|w| w[0].1 < w[1].1);
            if in_b_order {
                if !part.windows(2).any(|w| w[1].1 > w[0].1 + gap) {
                    out.push((pf, pt));
                    continue;
                }
            } else if part.len() >= BIG_GROUP {
                if !splits_on_b(part, gap) {
                    out.push((pf, pt));
                    continue;
                }
                sort_pairs_by(part, by_b);
            } else {
                copy.clear();
                copy.extend_from_slice(part);
                sort_pairs_by(&mut copy, by_b);
                if !copy.windows(2).any(|w| w[1].1 > w[0].1 + gap) {
                    out.push((pf, pt));
                    continue;
                }
                part.copy_from_slice(&copy);
            }
            // In the order of b now: pieces between gaps, each sorted by a again.
            let mut piece = pf;
            for j in pf + 1..=pt {
                if j == pt || points[j].1 > points[j - 1].1 + gap {
                    if !in_b_order {
                        sort_pairs_by(&mut points[piece..j], by_a);
                    }
                    stack.push((piece, j));
                    piece = j;
                }
            }
        }
    }
    // The groups copied out from the last stretch of `points` back, each stretch given back
    // once copied (the first is `points` itself): never two copies of every point.
    out.sort_unstable_by_key(|&(from, _)| std::cmp::Reverse(from));
    let mut groups = Vec::with_capacity(out.len());
    for (from, to) in out {
        debug_assert_eq!(to, points.len());
        if from == 0 {
            groups.push(std::mem::take(&mut points));
            break;
        }
        groups.push(points[from..].to_vec());
        points.truncate(from);
        if points.capacity() - points.len() >= 1 << 16 {
            points.shrink_to_fit();
        }
    }
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// Groups of at least this many points are checked for a split on the right side without a
/// sorted copy ([`splits_on_b`]); smaller ones are sorted (cheaper for a few hundred points).
const BIG_GROUP: usize = 1 << 14;

/// Whether the right-side positions of `part` (in any order) hold a gap of more than `gap`
/// between consecutive values: read off a bit per position of their range when that range
/// is not much wider than the part (no sorted copy), else from a sorted copy.
fn splits_on_b(part: &[(u32, u32)], gap: u32) -> bool {
    let (lo, hi) = part
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let range = (hi - lo) as usize + 1;
    if range > 64 * part.len() {
        let mut b: Vec<u32> = part.iter().map(|p| p.1).collect();
        b.sort_unstable();
        return b.windows(2).any(|w| w[1] > w[0] + gap);
    }
    let mut bits = vec![0u64; range.div_ceil(64)];
    for p in part {
        let x = (p.1 - lo) as usize;
        bits[x / 64] |= 1 << (x % 64);
    }
    // Consecutive set bits further apart than `gap`.
    let mut last = 0usize;
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            let x = w * 64 + word.trailing_zeros() as usize;
            if x > last + gap as usize {
                return true;
            }
            last = x;
            word &= word - 1;
        }
    }
    false
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
    // Distinct words matched on each side, and the first and last of them.
    let (ma, a_lo, a_hi) = distinct(c.iter().map(|p| p.0));
    let (mb, b_lo, b_hi) = distinct(c.iter().map(|p| p.1));
    // A short text found nearly whole in the other is reused, however short.
    let shorter = a.len().min(b.len());
    if ma.min(mb) >= SHORT_TEXT_MIN && ma.min(mb) as f64 >= SHORT_TEXT_SHARE * shorter as f64 {
        return Judgement::Passage;
    }
    if ma < MIN_MATCHED || mb < MIN_MATCHED {
        return Judgement::Drop;
    }
    let mut last = u32::MAX;
    let content = c
        .iter()
        .filter(|p| {
            let new = p.0 != last;
            last = p.0;
            new && !a.is_stop(p.0 as usize)
        })
        .count();
    if content < MIN_CONTENT {
        return Judgement::Drop;
    }
    let la = (a_hi - a_lo + 1) as f64;
    let lb = (b_hi - b_lo + 1) as f64;
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

/// How many distinct values, and the least and greatest.
fn distinct(values: impl Iterator<Item = u32> + Clone) -> (usize, u32, u32) {
    let (lo, hi) = values
        .clone()
        .fold((u32::MAX, 0), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo > hi {
        return (0, 0, 0);
    }
    let mut seen = vec![false; (hi - lo + 1) as usize];
    let mut n = 0;
    for v in values {
        let s = &mut seen[(v - lo) as usize];
        n += usize::from(!*s);
        *s = true;
    }
    (n, lo, hi)
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

/// The sentence of each word, and the start and length of each sentence. A word's sentence
/// is the number of sentence starts up to it: a bit a word and a count every 64 words (under
/// a quarter of a byte a word, not the 4 of a number a word: on two 10 MB texts, 1 MB, not 14).
struct SentenceMap {
    /// Bit `i % 64` of word `i / 64`: word `i` starts a sentence.
    starts: Vec<u64>,
    /// Sentence starts before each 64 words.
    before: Vec<u32>,
    start: Vec<u32>,
    len: Vec<u32>,
}

impl SentenceMap {
    fn new(n: usize, sents: &[(usize, usize)]) -> SentenceMap {
        let mut starts = vec![0u64; n.div_ceil(64)];
        for &(s, _) in sents {
            starts[s / 64] |= 1 << (s % 64);
        }
        let mut before = Vec::with_capacity(starts.len());
        let mut total = 0;
        for w in &starts {
            before.push(total);
            total += w.count_ones();
        }
        SentenceMap {
            starts,
            before,
            start: sents.iter().map(|&(s, _)| s as u32).collect(),
            len: sents.iter().map(|&(s, e)| (e - s) as u32).collect(),
        }
    }

    /// The sentence of word `i` (sentences cover every word from the first).
    #[inline]
    fn of(&self, i: usize) -> u32 {
        let (w, bit) = (i / 64, i % 64);
        let upto = self.starts[w] & (u64::MAX >> (63 - bit));
        self.before[w] + upto.count_ones() - 1
    }

    /// The range of the sentence of word `i`.
    fn bounds(&self, i: usize) -> (usize, usize) {
        let k = self.of(i) as usize;
        let s = self.start[k] as usize;
        (s, s + self.len[k] as usize)
    }
}

/// A group without the weakly matched sentences at its edges: on each side, the first and
/// last sentence holding points are dropped while less than [`EDGE_SENTENCE_SHARE`] of
/// their words are matched (chance matches next to a passage). `c` is sorted by `a`, and
/// so is the result.
fn trim_edges(mut c: Vec<(u32, u32)>, ma: &SentenceMap, mb: &SentenceMap) -> Vec<(u32, u32)> {
    let weak = |n: usize, len: u32| (n as f64) < EDGE_SENTENCE_SHARE * len as f64;
    for _ in 0..4 {
        let before = c.len();
        // Left side: the group is sorted by a, so edge sentences are a prefix and a suffix.
        while let Some(first) = c.first() {
            let s = ma.of(first.0 as usize);
            let n = c.iter().take_while(|p| ma.of(p.0 as usize) == s).count();
            if n == c.len() || !weak(n, ma.len[s as usize]) {
                break;
            }
            c.drain(..n);
        }
        while let Some(last) = c.last() {
            let s = ma.of(last.0 as usize);
            let n = c
                .iter()
                .rev()
                .take_while(|p| ma.of(p.0 as usize) == s)
                .count();
            if n == c.len() || !weak(n, ma.len[s as usize]) {
                break;
            }
            c.truncate(c.len() - n);
        }
        // Right side: the first and last sentence among the points.
        for front in [true, false] {
            loop {
                let edge = c.iter().map(|p| mb.of(p.1 as usize));
                let Some(s) = (if front { edge.min() } else { edge.max() }) else {
                    break;
                };
                let n = c.iter().filter(|p| mb.of(p.1 as usize) == s).count();
                if n == c.len() || !weak(n, mb.len[s as usize]) {
                    break;
                }
                c.retain(|p| mb.of(p.1 as usize) != s);
            }
        }
        if c.len() == before {
            break;
        }
    }
    c
}

/// A passage from a group: its extents (widened to sentence bounds when little is left
/// out), its pairs and its kind.
fn to_found(
    a: &Stream,
    b: &Stream,
    pairs: Vec<(u32, u32)>,
    sents_a: &SentenceMap,
    sents_b: &SentenceMap,
) -> Found {
    debug_assert!(pairs.windows(2).all(|w| w[0] < w[1]));
    let a0 = pairs[0].0 as usize;
    let a1 = pairs[pairs.len() - 1].0 as usize + 1;
    let b0 = pairs.iter().map(|p| p.1).min().expect("pairs") as usize;
    let b1 = pairs.iter().map(|p| p.1).max().expect("pairs") as usize + 1;
    let snap = |(s, e): (usize, usize), bounds: &SentenceMap| {
        let (ss, se) = bounds.bounds(s);
        let (es, ee) = bounds.bounds(e - 1);
        let head = s - ss;
        let tail = ee - e;
        let s = if head as f64 <= SNAP_SHARE * (se - ss) as f64 {
            ss
        } else {
            s
        };
        let e = if tail as f64 <= SNAP_SHARE * (ee - es) as f64 {
            ee
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
fn one_to_one(pairs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    // `pairs` is sorted by a (then b) and distinct. Runs along diagonals, found in that
    // order: a pair continues the run of (a - 1, b - 1) when that pair is there.
    if pairs.is_empty() {
        return pairs;
    }
    // Each word once already (text copied once, in any order): nothing to choose.
    if pairs.windows(2).all(|w| w[0].0 < w[1].0) {
        let (lo, hi) = pairs
            .iter()
            .fold((u32::MAX, 0), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
        let mut seen = vec![false; (hi - lo + 1) as usize];
        let once = pairs.iter().all(|p| {
            let s = &mut seen[(p.1 - lo) as usize];
            !std::mem::replace(s, true)
        });
        if once {
            return pairs;
        }
    }
    let mut run_of: Vec<u32> = vec![0; pairs.len()];
    let mut runs: Vec<(u32, u32)> = Vec::new(); // (first pair index, length)
    let mut prev_start = 0; // pairs at a - 1: prev_start..cur_start
    let mut cur_start = 0;
    for k in 0..pairs.len() {
        let (i, j) = pairs[k];
        if k > 0 && i != pairs[k - 1].0 {
            prev_start = if pairs[k - 1].0 + 1 == i {
                cur_start
            } else {
                k
            };
            cur_start = k;
        }
        let before = &pairs[prev_start..cur_start];
        let cont = (i > 0 && j > 0)
            .then(|| before.binary_search(&(i - 1, j - 1)).ok())
            .flatten();
        match cont {
            Some(x) => {
                let r = run_of[prev_start + x];
                runs[r as usize].1 += 1;
                run_of[k] = r;
            }
            None => {
                run_of[k] = runs.len() as u32;
                runs.push((k as u32, 1));
            }
        }
    }
    let mut order: Vec<u32> = (0..runs.len() as u32).collect();
    order.sort_unstable_by_key(|&r| (std::cmp::Reverse(runs[r as usize].1), runs[r as usize].0));
    let (a0, a1) = (pairs[0].0, pairs[pairs.len() - 1].0);
    let (b0, b1) = pairs
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let mut taken_a = vec![false; (a1 - a0 + 1) as usize];
    let mut taken_b = vec![false; (b1 - b0 + 1) as usize];
    let mut keep = vec![false; pairs.len()];
    // A run's pairs are at increasing indices with increasing a: walk them by a from the
    // first pair, following the run's diagonal.
    // Each run's pairs, by run (a counting sort of the pairs by run).
    let mut starts: Vec<u32> = Vec::with_capacity(runs.len() + 1);
    starts.push(0);
    for r in &runs {
        starts.push(starts[starts.len() - 1] + r.1);
    }
    let mut members: Vec<u32> = vec![0; pairs.len()];
    let mut next: Vec<u32> = starts[..runs.len()].to_vec();
    for (k, &r) in run_of.iter().enumerate() {
        members[next[r as usize] as usize] = k as u32;
        next[r as usize] += 1;
    }
    for r in order {
        let r = r as usize;
        for &k in &members[starts[r] as usize..starts[r + 1] as usize] {
            let (i, j) = pairs[k as usize];
            let (x, y) = ((i - a0) as usize, (j - b0) as usize);
            if !taken_a[x] && !taken_b[y] {
                taken_a[x] = true;
                taken_b[y] = true;
                keep[k as usize] = true;
            }
        }
    }
    pairs
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

/// The share of pairs (sorted by `a`) in the longest chain increasing in `b` as well.
fn in_order_share(pairs: &[(u32, u32)]) -> f64 {
    if pairs.windows(2).all(|w| w[0].1 < w[1].1) {
        return 1.0;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The radix sort in place orders pairs as a comparison sort does, by either member
        /// first: positions spread over a text's length, bunched in a few, or all equal.
        #[test]
        fn radix_sort_orders_as_a_comparison_sort(
            pairs in proptest::collection::vec((0u32..3_000_000, 0u32..3_000_000), 0..3_000),
            bunched in proptest::collection::vec((0u32..4, 0u32..300), 0..3_000),
            spread in 0u32..=32,
        ) {
            for v in [&pairs, &bunched] {
                // Wide and narrow ranges of keys both.
                let v: Vec<(u32, u32)> = v.iter().map(|&(x, y)| (x >> spread.min(31), y)).collect();
                for key in [by_a, by_b] {
                    let mut got = v.clone();
                    sort_pairs_by(&mut got, key);
                    let mut want = v.clone();
                    want.sort_by_key(key);
                    proptest::prop_assert_eq!(got, want);
                }
                let mut got = v.clone();
                sort_pairs(&mut got);
                let mut want = v.clone();
                want.sort();
                proptest::prop_assert_eq!(got, want);
            }
        }

        /// A word's sentence read off the bits and counts is the sentence whose range holds
        /// it, also across 64-word blocks.
        #[test]
        fn sentence_of_a_word_is_the_sentence_that_holds_it(
            lens in proptest::collection::vec(1usize..150, 1..60),
        ) {
            let mut sents = Vec::new();
            let mut at = 0;
            for l in lens {
                sents.push((at, at + l));
                at += l;
            }
            let map = SentenceMap::new(at, &sents);
            for (k, &(s, e)) in sents.iter().enumerate() {
                for i in s..e {
                    proptest::prop_assert_eq!(map.of(i), k as u32);
                    proptest::prop_assert_eq!(map.bounds(i), (s, e));
                }
            }
        }
    }

    proptest::proptest! {
        /// The groups split in place hold every point exactly once, each sorted, in the
        /// order of their first points, none with a gap wider than `gap` on either side:
        /// diagonals (copied text, with words skipped), and scattered points.
        #[test]
        fn clusters_cover_every_point_once_without_wide_gaps(
            diagonals in proptest::collection::vec(
                (0u32..5_000, 0u32..5_000, 1u32..400, 1u32..4), 1..8),
            scattered in proptest::collection::vec((0u32..6_000, 0u32..6_000), 0..50),
            gap in 1u32..40,
        ) {
            let mut points: Vec<(u32, u32)> = scattered;
            for (a0, b0, len, step) in diagonals {
                points.extend((0..len).map(|t| (a0 + t * step, b0 + t)));
            }
            points.sort();
            points.dedup();
            let groups = clusters(points.clone(), gap);
            let mut all: Vec<(u32, u32)> = groups.iter().flatten().copied().collect();
            all.sort();
            proptest::prop_assert_eq!(all, points);
            proptest::prop_assert!(groups.windows(2).all(|w| w[0][0] < w[1][0]));
            for g in &groups {
                proptest::prop_assert!(g.windows(2).all(|w| w[0] < w[1]));
                proptest::prop_assert!(g.windows(2).all(|w| w[1].0 <= w[0].0 + gap));
                let mut b: Vec<u32> = g.iter().map(|p| p.1).collect();
                b.sort();
                proptest::prop_assert!(b.windows(2).all(|w| w[1] <= w[0] + gap));
            }
        }
    }
}
