//! Corpus scan: every pair of articles that shares text, repeated passages inside one
//! article, and the coverage of one article by the rest of the corpus.
//!
//! The method (docs/architecture.md, "Corpus scan"):
//!
//! 1. **Words.** Each file is read and decoded ([`crate::corpus::decode`]); its lines are
//!    tokenised with [`crate::tokens::word_spans`] and each word's normalised form (ASCII
//!    lower case, else [`crate::tokens::normalize`]) is hashed with xxh3. Page chrome is left
//!    out: lines matching the chrome phrase lists, and one-line blocks of three words or
//!    fewer. This is a fast path: it does not run the full segmenter or metadata extraction.
//! 2. **Shingles.** Every run of [`Options::ngram`] consecutive words gets a 32-bit hash.
//! 3. **Fingerprints.** Winnowing ([`Options::window`] shingles per window, the minimum hash
//!    kept): any passage of `ngram + window - 1` words shared by two articles shares at least
//!    one fingerprint.
//! 4. **Index.** All fingerprints of all articles, as `(hash, article)` in one sorted vector.
//!    A fingerprint held by more than [`Options::max_df`] articles is boilerplate: it makes no
//!    pair, and the text around it is not counted as shared.
//! 5. **Candidates.** Pairs of articles that share at least [`Options::min_fingerprints`]
//!    fingerprints.
//! 6. **Verification.** Exact containment on the full shingle sets: a word of the left
//!    article is shared when a shingle that covers it is also a shingle of the right article
//!    (and not boilerplate). Shares, shared words and the longest run come from there; the
//!    verdict from [`crate::score::Verdict`] with the thresholds `compare` uses.
//!
//! Articles with the same word sequence are grouped first ([`Scan::identical`]); the index
//! holds one article per group, so thousands of copies of one article cost one.

use crate::score::{Scores, Verdict};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The version of the scan and coverage JSON documents.
pub const SCHEMA_VERSION: u32 = 1;

/// Settings of a scan. The defaults were chosen by measurement (docs/benchmarks.md).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Options {
    /// Words per shingle.
    pub ngram: usize,
    /// Shingles per winnowing window.
    pub window: usize,
    /// Articles a fingerprint may be in before it counts as boilerplate.
    pub max_df: usize,
    /// Fingerprints two articles must share to be verified.
    pub min_fingerprints: usize,
    /// Pairs whose larger share is below this are not reported.
    pub min_share: f64,
    /// Pairs whose longest shared run is shorter than this (words) are not reported: the
    /// index finds every run of `ngram + window - 1` words, shorter ones only by chance.
    pub min_run: usize,
    /// Repeated passages shorter than this (words) are not reported.
    pub min_repeat_words: usize,
    /// Identical groups up to this size also get their pairs listed.
    pub max_group_pairs: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            ngram: 5,
            window: 4,
            max_df: 64,
            min_fingerprints: 2,
            min_share: 0.0,
            min_run: 8,
            min_repeat_words: 8,
            max_group_pairs: 8,
        }
    }
}

/// One article as the scan sees it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub path: PathBuf,
    /// Counted words (chrome left out).
    pub words: usize,
    /// Shingle hashes in reading order (`words - ngram + 1` of them).
    pub shingles: Vec<u32>,
}

/// A word found while tokenising: byte offsets into the decoded text and its hash.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub hash: u64,
}

/// A byte range of an article's decoded text (as in `parallax show --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A passage that occurs twice in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeat {
    pub article: String,
    pub words: usize,
    pub first: Span,
    pub second: Span,
    /// The repeated text (at most 120 characters; sanitise before printing).
    pub text: String,
}

/// A pair of articles that share text. `left` is the article with the larger share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    pub left: String,
    pub right: String,
    pub left_in_right: f64,
    pub right_in_left: f64,
    /// Words of the left article found in the right one.
    pub shared_words: usize,
    /// Words of the right article found in the left one.
    pub right_shared_words: usize,
    pub left_words: usize,
    pub right_words: usize,
    /// Longest run of consecutive shared words (of the left article).
    pub longest_run: usize,
    pub verdict: Verdict,
}

/// Articles with the same words (chrome aside).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub ids: Vec<String>,
    pub words: usize,
}

/// Counters of one scan.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub articles: usize,
    pub fingerprints: usize,
    pub boilerplate_fingerprints: usize,
    pub candidates: usize,
}

/// The result of a scan.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub pairs: Vec<Pair>,
    pub repeats: Vec<Repeat>,
    pub identical: Vec<Group>,
    pub skipped: Vec<crate::corpus::Skipped>,
    pub stats: Stats,
}

/// Progress reports: a stage name and its total, then steps done.
pub trait Progress: Sync {
    fn stage(&self, _name: &'static str, _total: usize) {}
    fn step(&self, _n: usize) {}
}

/// No progress reports.
pub struct Quiet;
impl Progress for Quiet {}

/// The words of a decoded text with chrome lines left out.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        lines.push((at, at + body.len()));
        at += line.len();
    }
    let blank = |&(s, e): &(usize, usize)| text[s..e].trim().is_empty();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut buf = [0u8; 64];
    for (k, &(s, e)) in lines.iter().enumerate() {
        let line = &text[s..e];
        if line.trim().is_empty() || crate::segment::chrome_phrase(line) {
            continue;
        }
        let alone = (k == 0 || blank(&lines[k - 1])) && lines.get(k + 1).is_none_or(blank);
        let spans = crate::tokens::word_spans(line);
        if alone && spans.len() <= 3 {
            continue;
        }
        for (ws, we) in spans {
            let w = &line[ws..we];
            let hash = if w.is_ascii() && w.len() <= buf.len() {
                let b = &mut buf[..w.len()];
                b.copy_from_slice(w.as_bytes());
                b.make_ascii_lowercase();
                xxhash_rust::xxh3::xxh3_64(b)
            } else {
                xxhash_rust::xxh3::xxh3_64(crate::tokens::normalize(w).as_bytes())
            };
            out.push(Token {
                start: s + ws,
                end: s + we,
                hash,
            });
        }
    }
    out
}

/// Shingle hashes of a word sequence.
pub fn shingles(tokens: &[Token], n: usize) -> Vec<u32> {
    if n == 0 || tokens.len() < n {
        return Vec::new();
    }
    tokens
        .windows(n)
        .map(|w| {
            let mut h: u64 = 0x243f_6a88_85a3_08d3;
            for t in w {
                h = (h.rotate_left(23) ^ t.hash).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            }
            h ^= h >> 31;
            (h >> 32) as u32
        })
        .collect()
}

/// Winnowing: positions of the fingerprints (rightmost minimum of each window), increasing.
pub fn winnow(sh: &[u32], w: usize) -> Vec<usize> {
    let w = w.max(1);
    let mut out: Vec<usize> = Vec::with_capacity(sh.len() * 2 / (w + 1) + 1);
    if sh.is_empty() {
        return out;
    }
    if sh.len() <= w {
        let m = (0..sh.len()).rev().min_by_key(|&i| sh[i]).unwrap_or(0);
        out.push(m);
        return out;
    }
    for j in 0..=sh.len() - w {
        let mut m = j;
        for i in j..j + w {
            if sh[i] <= sh[m] {
                m = i;
            }
        }
        if out.last() != Some(&m) {
            out.push(m);
        }
    }
    out
}

/// Passages of an article's words that occur twice (non-overlapping), first occurrence first.
pub fn repeats(id: &str, text: &str, tokens: &[Token], sh: &[u32], o: &Options) -> Vec<Repeat> {
    let n = o.ngram;
    let mut keyed: Vec<(u32, u32)> = sh.iter().enumerate().map(|(i, &h)| (h, i as u32)).collect();
    keyed.sort_unstable();
    // prev[j]: the first earlier position with the same shingle, at least n words before.
    let mut prev: Vec<u32> = vec![u32::MAX; sh.len()];
    let mut any = false;
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        let first = run[0].1;
        for &(_, j) in &run[1..] {
            if j - first >= n as u32 {
                prev[j as usize] = first;
                any = true;
            }
        }
    }
    if !any {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut j = 0;
    while j < sh.len() {
        if prev[j] == u32::MAX {
            j += 1;
            continue;
        }
        let (j0, i0) = (j, prev[j] as usize);
        while j + 1 < sh.len() && prev[j + 1] as usize == prev[j] as usize + 1 {
            j += 1;
        }
        // Overlapping occurrences ("a b a b a b") keep only their non-overlapping part.
        let len = (j - j0 + n).min(j0 - i0);
        if len >= o.min_repeat_words {
            let first = Span {
                start: tokens[i0].start,
                end: tokens[i0 + len - 1].end,
            };
            let second = Span {
                start: tokens[j0].start,
                end: tokens[j0 + len - 1].end,
            };
            let excerpt: String = text[first.start..first.end].chars().take(120).collect();
            out.push(Repeat {
                article: id.to_string(),
                words: len,
                first,
                second,
                text: excerpt.split_whitespace().collect::<Vec<_>>().join(" "),
            });
        }
        j += 1;
    }
    out
}

/// Read, decode and tokenise one file; the doc and its repeated passages.
pub fn load_doc(id: &str, path: &Path, o: &Options) -> Result<(Doc, Vec<Repeat>), String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a folder, not an article file".into());
    }
    if meta.len() > crate::corpus::MAX_FILE_BYTES {
        return Err(format!(
            "too large ({} MB; the limit is {} MB)",
            meta.len() / (1024 * 1024),
            crate::corpus::MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let (text, _) = crate::corpus::decode(&bytes)?;
    Ok(doc_from_text(id, path, &text, o))
}

/// A doc and its repeated passages from decoded text.
pub fn doc_from_text(id: &str, path: &Path, text: &str, o: &Options) -> (Doc, Vec<Repeat>) {
    let tokens = tokenize(text);
    let sh = shingles(&tokens, o.ngram);
    let reps = repeats(id, text, &tokens, &sh, o);
    let doc = Doc {
        id: id.to_string(),
        path: path.to_path_buf(),
        words: tokens.len(),
        shingles: sh,
    };
    (doc, reps)
}

/// Load every article of a corpus as docs, in parallel.
pub fn load_corpus(
    c: &crate::corpus::Corpus,
    o: &Options,
    p: &dyn Progress,
) -> (Vec<Doc>, Vec<Repeat>, Vec<crate::corpus::Skipped>) {
    p.stage("reading", c.entries.len());
    let done = AtomicUsize::new(0);
    let loaded: Vec<Result<(Doc, Vec<Repeat>), crate::corpus::Skipped>> = c
        .entries
        .par_iter()
        .map(|e| {
            let r = load_doc(&e.id, &e.path, o).map_err(|reason| crate::corpus::Skipped {
                path: e.path.clone(),
                reason,
            });
            if done.fetch_add(1, Ordering::Relaxed) % 256 == 255 {
                p.step(256);
            }
            r
        })
        .collect();
    let mut docs = Vec::with_capacity(loaded.len());
    let mut reps = Vec::new();
    let mut skipped = c.skipped.clone();
    for r in loaded {
        match r {
            Ok((d, r)) => {
                docs.push(d);
                reps.extend(r);
            }
            Err(s) => skipped.push(s),
        }
    }
    (docs, reps, skipped)
}

/// Scan a corpus folder: read every article, then [`scan_docs`].
pub fn scan_corpus(c: &crate::corpus::Corpus, o: &Options, p: &dyn Progress) -> Scan {
    let (docs, repeats, skipped) = load_corpus(c, o, p);
    let mut s = scan_docs(&docs, o, p);
    s.repeats = repeats;
    s.skipped = skipped;
    s
}

/// The fingerprint index of a set of docs.
pub struct Index {
    /// `hash << 32 | doc`, sorted; only fingerprints in 2..=max_df docs.
    postings: Vec<u64>,
    /// Fingerprint hashes held by more than `max_df` docs, sorted.
    boilerplate: Vec<u32>,
    fingerprints: usize,
}

fn fingerprint_set(d: &Doc, o: &Options) -> Vec<u32> {
    let mut f: Vec<u32> = winnow(&d.shingles, o.window)
        .into_iter()
        .map(|i| d.shingles[i])
        .collect();
    f.sort_unstable();
    f.dedup();
    f
}

impl Index {
    /// Index the docs whose indices are in `members`.
    pub fn build(docs: &[Doc], members: &[usize], o: &Options) -> Index {
        let mut all: Vec<u64> = members
            .par_iter()
            .flat_map_iter(|&d| {
                fingerprint_set(&docs[d], o)
                    .into_iter()
                    .map(move |h| (h as u64) << 32 | d as u64)
            })
            .collect();
        let fingerprints = all.len();
        all.par_sort_unstable();
        let mut postings = Vec::with_capacity(all.len() / 2);
        let mut boilerplate = Vec::new();
        for run in all.chunk_by(|a, b| a >> 32 == b >> 32) {
            if run.len() > o.max_df {
                boilerplate.push((run[0] >> 32) as u32);
            } else if run.len() >= 2 {
                postings.extend_from_slice(run);
            }
        }
        Index {
            postings,
            boilerplate,
            fingerprints,
        }
    }

    fn is_boilerplate(&self, h: u32) -> bool {
        self.boilerplate.binary_search(&h).is_ok()
    }

    /// Pairs of docs (a < b) sharing at least `min` fingerprints.
    pub fn candidates(&self, min: usize) -> Vec<(u32, u32)> {
        let runs: Vec<&[u64]> = self.postings.chunk_by(|a, b| a >> 32 == b >> 32).collect();
        let mut keys: Vec<u64> = runs
            .par_iter()
            .flat_map_iter(|run| {
                run.iter().enumerate().flat_map(move |(k, a)| {
                    run[k + 1..]
                        .iter()
                        .map(move |b| (a & 0xffff_ffff) << 32 | (b & 0xffff_ffff))
                })
            })
            .collect();
        keys.par_sort_unstable();
        keys.chunk_by(|a, b| a == b)
            .filter(|r| r.len() >= min.max(1))
            .map(|r| ((r[0] >> 32) as u32, r[0] as u32))
            .collect()
    }

    /// Docs sharing at least `min` fingerprints with `d` (which need not be indexed).
    pub fn neighbours(&self, d: &Doc, o: &Options) -> Vec<u32> {
        let mut hits: Vec<u32> = Vec::new();
        for h in fingerprint_set(d, o) {
            let lo = self.postings.partition_point(|&x| (x >> 32) < h as u64);
            let mut k = lo;
            while k < self.postings.len() && self.postings[k] >> 32 == h as u64 {
                hits.push(self.postings[k] as u32);
                k += 1;
            }
        }
        hits.sort_unstable();
        hits.chunk_by(|a, b| a == b)
            .filter(|r| r.len() >= o.min_fingerprints.max(1))
            .map(|r| r[0])
            .collect()
    }

    /// Which shingles of `sh` are boilerplate: those within `window - 1` shingles of a
    /// fingerprint held by more than `max_df` articles.
    pub fn boilerplate_mask(&self, sh: &[u32], o: &Options) -> Vec<bool> {
        let mut mask = vec![false; sh.len()];
        if self.boilerplate.is_empty() {
            return mask;
        }
        // Every window inside a boilerplate block picks a boilerplate fingerprint, so the
        // shingles of the block are those within a window of one.
        let reach = o.window.saturating_sub(1);
        for i in winnow(sh, o.window) {
            if self.is_boilerplate(sh[i]) {
                let hi = (i + reach + 1).min(sh.len());
                mask[i.saturating_sub(reach)..hi]
                    .iter_mut()
                    .for_each(|m| *m = true);
            }
        }
        mask
    }
}

fn sorted_set(sh: &[u32]) -> Vec<u32> {
    let mut s = sh.to_vec();
    s.sort_unstable();
    s.dedup();
    s
}

/// Words of `a` covered by shingles in `other` (sorted), boilerplate aside: a mask over
/// the words, and the longest run of consecutive shared words.
pub fn cover(a: &[u32], words: usize, other: &[u32], bp: &[bool], n: usize) -> (Vec<bool>, usize) {
    let mut mask = vec![false; words];
    let (mut run, mut best) = (0usize, 0usize);
    for (i, h) in a.iter().enumerate() {
        if !bp[i] && other.binary_search(h).is_ok() {
            mask[i..i + n].iter_mut().for_each(|m| *m = true);
            run += 1;
            best = best.max(run + n - 1);
        } else {
            run = 0;
        }
    }
    (mask, best)
}

/// Verify one candidate pair exactly on the shingle sets.
pub fn verify(a: &Doc, b: &Doc, index: &Index, o: &Options) -> Pair {
    let n = o.ngram;
    let (sa, sb) = (sorted_set(&a.shingles), sorted_set(&b.shingles));
    let (ba, bb) = (
        index.boilerplate_mask(&a.shingles, o),
        index.boilerplate_mask(&b.shingles, o),
    );
    let (ma, run_a) = cover(&a.shingles, a.words, &sb, &ba, n);
    let (mb, run_b) = cover(&b.shingles, b.words, &sa, &bb, n);
    let ca = ma.iter().filter(|&&m| m).count();
    let cb = mb.iter().filter(|&&m| m).count();
    let scores = Scores::new((ca, a.words), (cb, b.words), run_a.max(run_b));
    let swap = scores.right_in_left > scores.left_in_right
        || (scores.right_in_left == scores.left_in_right && b.id < a.id);
    let (scores, (l, r)) = if swap {
        (scores.mirrored(), (b, a))
    } else {
        (scores, (a, b))
    };
    Pair {
        left: l.id.clone(),
        right: r.id.clone(),
        left_in_right: round3(scores.left_in_right),
        right_in_left: round3(scores.right_in_left),
        shared_words: scores.left_shared_words,
        right_shared_words: scores.right_shared_words,
        left_words: scores.left_counted_words,
        right_words: scores.right_counted_words,
        longest_run: scores.longest_run,
        verdict: Verdict::of(&scores),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Group docs by identical shingle sequences; returns the groups of two or more (indices,
/// in corpus order) and, per doc, whether it is the first of its group (or alone).
fn identical_groups(docs: &[Doc]) -> (Vec<Vec<usize>>, Vec<bool>) {
    let mut keyed: Vec<(u64, usize)> = docs
        .par_iter()
        .enumerate()
        .filter(|(_, d)| !d.shingles.is_empty())
        .map(|(i, d)| {
            let bytes: Vec<u8> = d.shingles.iter().flat_map(|h| h.to_le_bytes()).collect();
            (xxhash_rust::xxh3::xxh3_64(&bytes), i)
        })
        .collect();
    keyed.par_sort_unstable();
    let mut first = vec![true; docs.len()];
    let mut groups = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        // Hash collisions aside: only docs equal to the run's first count as its group.
        let head = run[0].1;
        let g: Vec<usize> = run
            .iter()
            .map(|x| x.1)
            .filter(|&i| docs[i].shingles == docs[head].shingles)
            .collect();
        if g.len() < 2 {
            continue;
        }
        for &i in &g[1..] {
            first[i] = false;
        }
        groups.push(g);
    }
    groups.sort();
    (groups, first)
}

/// Scan loaded docs: identical groups, the index, candidates, verification. Repeats are
/// found while loading ([`load_corpus`]).
pub fn scan_docs(docs: &[Doc], o: &Options, p: &dyn Progress) -> Scan {
    let (groups, first) = identical_groups(docs);
    let members: Vec<usize> = (0..docs.len()).filter(|&i| first[i]).collect();
    let index = Index::build(docs, &members, o);
    let mut cands = index.candidates(o.min_fingerprints);
    for g in &groups {
        if g.len() <= o.max_group_pairs {
            for (k, &a) in g.iter().enumerate() {
                for &b in &g[k + 1..] {
                    cands.push((a as u32, b as u32));
                }
            }
        }
    }
    p.stage("verifying", cands.len());
    let done = AtomicUsize::new(0);
    let mut pairs: Vec<Pair> = cands
        .par_iter()
        .filter_map(|&(a, b)| {
            let pair = verify(&docs[a as usize], &docs[b as usize], &index, o);
            if done.fetch_add(1, Ordering::Relaxed) % 256 == 255 {
                p.step(256);
            }
            let top = pair.left_in_right.max(pair.right_in_left);
            let keep = pair.verdict != Verdict::Unrelated
                && top >= o.min_share
                && pair.longest_run >= o.min_run;
            keep.then_some(pair)
        })
        .collect();
    pairs.sort_by(|x, y| {
        let kx = x.left_in_right.max(x.right_in_left);
        let ky = y.left_in_right.max(y.right_in_left);
        ky.total_cmp(&kx)
            .then(y.shared_words.cmp(&x.shared_words))
            .then_with(|| (&x.left, &x.right).cmp(&(&y.left, &y.right)))
    });
    let identical = groups
        .iter()
        .map(|g| Group {
            ids: g.iter().map(|&i| docs[i].id.clone()).collect(),
            words: docs[g[0]].words,
        })
        .collect();
    Scan {
        stats: Stats {
            articles: docs.len(),
            fingerprints: index.fingerprints,
            boilerplate_fingerprints: index.boilerplate.len(),
            candidates: cands.len(),
        },
        pairs,
        repeats: Vec::new(),
        identical,
        skipped: Vec::new(),
    }
}

/// The scan JSON document (docs/json.md).
#[derive(Serialize)]
pub struct ScanJson<'a> {
    pub schema_version: u32,
    pub corpus: &'a Path,
    pub settings: &'a Options,
    pub stats: &'a Stats,
    pub pairs: &'a [Pair],
    pub repeats: &'a [Repeat],
    pub identical: &'a [Group],
    pub skipped: &'a [crate::corpus::Skipped],
}

/// How much of one article another article holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub id: String,
    /// Words of the article found in this source.
    pub words: usize,
    /// `words` / the article's counted words.
    pub share: f64,
    pub longest_run: usize,
}

/// One paragraph of the article and the sources of its words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParaCoverage {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    /// Counted words of the paragraph (chrome has none).
    pub words: usize,
    /// Words found in at least one source.
    pub covered_words: usize,
    /// Sources with words of this paragraph, most words first: `{id, words}`.
    pub sources: Vec<ParaSource>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParaSource {
    pub id: String,
    pub words: usize,
}

impl ParaCoverage {
    /// The source holding most of this paragraph, when it holds at least half of it.
    pub fn main_source(&self) -> Option<&str> {
        self.sources
            .first()
            .filter(|s| self.words > 0 && s.words * 2 >= self.words)
            .map(|s| s.id.as_str())
    }
}

/// Which articles of the corpus cover which paragraphs of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub article: String,
    pub words: usize,
    /// Words found in no other article of the corpus, and their share.
    pub unsourced_words: usize,
    pub unsourced_share: f64,
    /// Sources, largest share first.
    pub sources: Vec<Source>,
    pub paragraphs: Vec<ParaCoverage>,
}

/// The coverage of `article` (already loaded) by the docs of the corpus. Docs with the
/// article's own id are left out. Sources must share a run of at least `ngram + window - 1`
/// words (the length winnowing guarantees to find).
pub fn coverage(article: &crate::Article, docs: &[Doc], o: &Options) -> Coverage {
    let n = o.ngram;
    let tokens = tokenize(&article.text);
    let sh = shingles(&tokens, n);
    let me = Doc {
        id: article.id.clone(),
        path: article.path.clone(),
        words: tokens.len(),
        shingles: sh,
    };
    let others: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].id != me.id).collect();
    let index = Index::build(docs, &others, o);
    let bp = index.boilerplate_mask(&me.shingles, o);
    let min_run = n + o.window - 1;
    let mut masks: Vec<(usize, Vec<bool>, usize)> = index
        .neighbours(&me, o)
        .into_par_iter()
        .filter(|&d| docs[d as usize].id != me.id)
        .filter_map(|d| {
            let set = sorted_set(&docs[d as usize].shingles);
            let (mask, run) = cover(&me.shingles, me.words, &set, &bp, n);
            (run >= min_run).then_some((d as usize, mask, run))
        })
        .collect();
    let count = |m: &[bool]| m.iter().filter(|&&x| x).count();
    masks.sort_by(|a, b| {
        count(&b.1)
            .cmp(&count(&a.1))
            .then_with(|| docs[a.0].id.cmp(&docs[b.0].id))
    });
    let share = |w: usize| {
        if me.words == 0 {
            0.0
        } else {
            round3(w as f64 / me.words as f64)
        }
    };
    let sources: Vec<Source> = masks
        .iter()
        .map(|(d, m, run)| Source {
            id: docs[*d].id.clone(),
            words: count(m),
            share: share(count(m)),
            longest_run: *run,
        })
        .collect();
    // Paragraph of each token, by byte offset.
    let para_of = |start: usize| {
        article
            .paragraphs
            .partition_point(|p| p.end <= start)
            .min(article.paragraphs.len().saturating_sub(1))
    };
    let mut paragraphs: Vec<ParaCoverage> = article
        .paragraphs
        .iter()
        .map(|p| ParaCoverage {
            index: p.index,
            start: p.start,
            end: p.end,
            words: 0,
            covered_words: 0,
            sources: Vec::new(),
        })
        .collect();
    let mut unsourced = 0;
    for (k, t) in tokens.iter().enumerate() {
        let Some(pc) = paragraphs.get_mut(para_of(t.start)) else {
            continue;
        };
        pc.words += 1;
        let mut hit = false;
        for (d, m, _) in &masks {
            if m[k] {
                hit = true;
                match pc.sources.iter_mut().find(|s| s.id == docs[*d].id) {
                    Some(s) => s.words += 1,
                    None => pc.sources.push(ParaSource {
                        id: docs[*d].id.clone(),
                        words: 1,
                    }),
                }
            }
        }
        if hit {
            pc.covered_words += 1;
        } else {
            unsourced += 1;
        }
    }
    for pc in &mut paragraphs {
        pc.sources
            .sort_by(|a, b| b.words.cmp(&a.words).then_with(|| a.id.cmp(&b.id)));
    }
    Coverage {
        article: me.id,
        words: me.words,
        unsourced_words: unsourced,
        unsourced_share: share(unsourced),
        sources,
        paragraphs,
    }
}

/// The coverage JSON document (docs/json.md).
#[derive(Serialize)]
pub struct CoverageJson<'a> {
    pub schema_version: u32,
    pub corpus: &'a Path,
    #[serde(flatten)]
    pub coverage: &'a Coverage,
}

impl Coverage {
    /// The coverage as `width` cells in reading order, each cell proportional to words: the
    /// index (into [`Coverage::sources`]) of the main source of the paragraph under the cell,
    /// or `None` where the paragraph has no main source.
    pub fn strip(&self, width: usize) -> Vec<Option<usize>> {
        let counted: Vec<&ParaCoverage> = self.paragraphs.iter().filter(|p| p.words > 0).collect();
        let total: usize = counted.iter().map(|p| p.words).sum();
        if width == 0 || total == 0 {
            return vec![None; width];
        }
        let mut cells = Vec::with_capacity(width);
        let (mut k, mut upto) = (0usize, counted[0].words);
        for c in 0..width {
            let at = (2 * c + 1) * total / (2 * width);
            while at >= upto && k + 1 < counted.len() {
                k += 1;
                upto += counted[k].words;
            }
            cells.push(
                counted[k]
                    .main_source()
                    .and_then(|id| self.sources.iter().position(|s| s.id == id)),
            );
        }
        cells
    }
}
