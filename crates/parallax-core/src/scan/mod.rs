//! Corpus scan: every pair of articles that shares text, repeated passages inside one
//! article, and the coverage of one article by the rest of the corpus.
//!
//! The method (docs/architecture.md, "Corpus scan"):
//!
//! 1. **Words.** Each file is read (plain UTF-8 used in place, else
//!    [`crate::corpus::decode`]); its lines are tokenised by the rules of
//!    [`crate::text::tokens::word_spans`] (ASCII lines and lines of news typography on bytes, 64
//!    at a time as class masks, [`crate::text::tokens::for_each_word_span`]; others by
//!    classes or by Unicode segmentation)
//!    and each word's normalised form (ASCII lower case, else [`crate::text::tokens::normalize`])
//!    is hashed ([`crate::text::tokens::word_hash`]). Page chrome is left out: lines matching the
//!    chrome phrase lists, and one-line blocks of three words or fewer. This is a fast path:
//!    it does not run the full segmenter or metadata extraction, and keeps only word hashes
//!    (offsets are found again for the few articles with repeated passages).
//! 2. **Shingles.** Every run of [`Options::ngram`] consecutive words gets a 32-bit hash.
//! 3. **Fingerprints.** Winnowing ([`Options::window`] shingles per window, the minimum hash
//!    kept): any passage of `ngram + window - 1` words shared by two articles shares at least
//!    one fingerprint.
//! 4. **Index.** All fingerprints of all articles, as `(hash, article)` in one sorted vector
//!    (radix-bucketed by the hash's top bits per chunk of articles, buckets gathered and
//!    sorted in parallel). A fingerprint held
//!    by more than [`Options::max_df`] articles is boilerplate: it makes no pair, and the
//!    passage it belongs to is not counted as shared ([`Index::boilerplate_mask`]).
//! 5. **Candidates.** Pairs of articles that share at least [`Options::min_fingerprints`]
//!    fingerprints (2 by default: every shared run of 20 words is found; 1 with
//!    `--min-run N`: every run of N words).
//! 6. **Verification.** [`scan_corpus`] reads the articles of candidate pairs again for their
//!    streams (it keeps only fingerprints per article; [`scan_corpus_docs`] keeps the
//!    streams). Exact containment on the full shingle sets: a word of the left
//!    article is shared when a shingle that covers it is also a shingle of the right article
//!    (and not boilerplate). Shares, shared words and the longest run come from there; the
//!    verdict from [`crate::engine::score::Verdict`] with the thresholds `compare` uses. Pairs whose
//!    longest shared run is under [`Options::min_run`] (12 words) are not reported: shorter
//!    runs are shared by chance.
//!
//! Articles with the same word sequence are grouped first ([`Scan::identical`]); the index
//! holds one article per group, so thousands of copies of one article cost one.

mod coverage;
mod index;
mod load;
mod repeats;
mod verify;
mod words;

pub use coverage::{
    coverage, coverage_in, coverage_in_with, coverage_index, coverage_of, Coverage, CoverageJson,
    ParaCoverage, ParaSource, Source,
};
pub use index::{fingerprints, winnow, Index};
pub use load::{doc_from_text, doc_from_text_with, load_corpus, load_doc, load_doc_with};
pub use repeats::repeats;
pub use verify::{cover, shared_shingles, verify, verify_streams, ShingleSet};
pub use words::{for_each_word, shingles, shingles_of, tokenize, Scratch};

use crate::engine;
use crate::engine::score::Verdict;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The version of the scan and coverage JSON documents.
/// Version 2: shares, runs and verdicts from passages, the numbers `compare` gives.
pub const SCHEMA_VERSION: u32 = 2;

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
    /// Files larger than this (bytes) are skipped with a reason rather than read: the
    /// corpus's limit ([`crate::corpus::MAX_FILE_BYTES`]) by default, less for the reader's
    /// background scan ([`READER_MAX_FILE_BYTES`]), so that one huge file never holds the
    /// pairs and coverage of all the others. A bound by size, never by time.
    #[serde(skip)]
    pub max_file_bytes: u64,
}

/// The largest file the reader's background scan reads; larger ones are listed as skipped
/// ("too large … compare it directly") and can still be compared on their own.
pub const READER_MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

impl Options {
    /// The defaults, or settings that report pairs sharing a run of `min_run` words. Up to
    /// the default (12), the winnowing window is `min_run - ngram + 1` and one shared
    /// fingerprint makes a candidate, so that every such run is found (at a cost in time:
    /// docs/architecture.md, "Corpus scan"); the defaults need two shared fingerprints, so
    /// a pair sharing a single run of 12–19 words may be missed.
    pub fn with_min_run(min_run: Option<usize>) -> Options {
        let d = Options::default();
        match min_run {
            None => d,
            Some(n) if n > d.min_run => Options { min_run: n, ..d },
            Some(n) => {
                let n = n.max(d.ngram);
                Options {
                    min_run: n,
                    window: (n + 1 - d.ngram).min(d.window),
                    min_fingerprints: 1,
                    min_repeat_words: d.min_repeat_words.min(n),
                    ..d
                }
            }
        }
    }
}

impl Default for Options {
    fn default() -> Options {
        Options {
            ngram: 5,
            window: 8,
            max_df: 64,
            min_fingerprints: 2,
            min_share: 0.0,
            min_run: 12,
            min_repeat_words: 8,
            max_group_pairs: 8,
            max_file_bytes: crate::corpus::MAX_FILE_BYTES,
        }
    }
}

/// One article as the scan sees it.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub path: PathBuf,
    /// Words (chrome left out).
    pub words: usize,
    /// Its words as scores see them (keys and flags; no offsets): the stream `compare`
    /// builds from the same text ([`crate::engine::stream`]).
    pub stream: crate::engine::stream::Stream,
    /// Its fingerprints: winnowed shingles, sorted and distinct ([`index::fingerprints`]).
    pub fingerprints: Vec<u32>,
    /// A 128-bit hash of its word keys, when the stream is not kept ([`scan_corpus`]).
    pub(crate) ident: u128,
}

impl Doc {
    /// Shingle hashes in reading order (`words - n + 1` of them).
    pub fn shingles(&self, n: usize) -> Vec<u32> {
        shingles_of(&self.stream.keys, n)
    }
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
    /// Who copied whom ([`crate::provenance`]), when worked out ([`with_provenance`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::provenance::Provenance>,
}

impl Pair {
    /// The pair as families read it ([`crate::provenance::families`]).
    pub fn link(&self) -> crate::provenance::families::Link<'_> {
        crate::provenance::families::Link {
            left: &self.left,
            right: &self.right,
            left_in_right: self.left_in_right,
            right_in_left: self.right_in_left,
            provenance: self.provenance.as_ref(),
        }
    }
}

/// The provenance of each pair of a scan of corpus `c` (pairs whose articles cannot be read
/// again keep none), with the analysts' copy marks applied.
pub fn with_provenance(
    c: &crate::corpus::Corpus,
    pairs: &mut [Pair],
    marks: &[crate::provenance::CopyMark],
) {
    let ids: Vec<(&str, &str)> = pairs
        .iter()
        .map(|p| (p.left.as_str(), p.right.as_str()))
        .collect();
    let found = crate::provenance::for_pairs(c, &ids, marks);
    for (p, f) in pairs.iter_mut().zip(found) {
        p.provenance = f;
    }
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

/// Scan a corpus folder: every article read once for its fingerprints (its words are not
/// kept), the index and candidates, then the articles of the candidate pairs read again
/// for verification. The same result as [`scan_corpus_docs`] (which keeps every article's
/// words), in a fraction of its memory: per article, its fingerprints and a few numbers.
pub fn scan_corpus(c: &crate::corpus::Corpus, o: &Options, p: &dyn Progress) -> Scan {
    scan_corpus_kept(c, o, p).0
}

/// [`scan_corpus`], and its docs as it holds them: id, path, word count and fingerprints,
/// no stream (for [`coverage_index`] and [`coverage_in_with`], which take the streams of
/// the few docs they compare from elsewhere).
pub fn scan_corpus_kept(
    c: &crate::corpus::Corpus,
    o: &Options,
    p: &dyn Progress,
) -> (Scan, Vec<Doc>) {
    let load::Read {
        docs,
        places,
        repeats,
        mut skipped,
    } = load::load_corpus_with(c, o, p, true);
    let keyed: Vec<(u128, usize)> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.words > 0)
        .map(|(i, d)| (d.ident, i))
        .collect();
    let (groups, first) = groups_of(docs.len(), keyed, |_, _| true);
    let mut streams: Vec<(u32, Option<engine::stream::Stream>)> = Vec::new();
    let (held, skipped_too) = (&mut streams, &mut skipped);
    let mut s = scan_with(&docs, groups, first, o, p, move |involved| {
        p.stage("re-reading", involved.len());
        let at: Vec<load::Place> = involved.iter().map(|&d| places[d as usize]).collect();
        *held = involved
            .iter()
            .zip(load::reload_streams(c, &at, o))
            .map(|(&d, r)| match r {
                Ok(st) => (d, Some(st)),
                Err(e) => {
                    skipped_too.push(e);
                    (d, None)
                }
            })
            .collect();
        held
    });
    s.repeats = repeats;
    s.skipped = skipped;
    (s, docs)
}

/// [`scan_corpus`] by the straightforward path: every doc keeps its words, and the docs
/// are returned (for coverage, or to free elsewhere).
pub fn scan_corpus_docs(
    c: &crate::corpus::Corpus,
    o: &Options,
    p: &dyn Progress,
) -> (Scan, Vec<Doc>) {
    let (docs, repeats, skipped) = load_corpus(c, o, p);
    let mut s = scan_docs(&docs, o, p);
    s.repeats = repeats;
    s.skipped = skipped;
    (s, docs)
}

/// Groups of two or more docs with the same key (`keyed`: key and doc index) that `same`
/// agrees are the same as the first of their key (indices, in corpus order), and per doc,
/// whether it is the first of its group (or alone).
fn groups_of<K: Ord + Copy + Send>(
    n: usize,
    mut keyed: Vec<(K, usize)>,
    same: impl Fn(usize, usize) -> bool,
) -> (Vec<Vec<usize>>, Vec<bool>) {
    keyed.par_sort_unstable();
    let mut first = vec![true; n];
    let mut groups = Vec::new();
    for run in keyed.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        // Hash collisions aside: only docs equal to the run's first count as its group.
        let head = run[0].1;
        let g: Vec<usize> = run.iter().map(|x| x.1).filter(|&i| same(i, head)).collect();
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

/// Group docs by identical shingle sequences; returns the groups of two or more (indices,
/// in corpus order) and, per doc, whether it is the first of its group (or alone).
fn identical_groups(docs: &[Doc]) -> (Vec<Vec<usize>>, Vec<bool>) {
    let keyed: Vec<(u64, usize)> = docs
        .par_iter()
        .enumerate()
        .filter(|(_, d)| !d.stream.is_empty())
        .map(|(i, d)| {
            let keys = &d.stream.keys;
            let h = keys.iter().fold(keys.len() as u64, |h, &x| {
                (h.rotate_left(29) ^ x as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            });
            (h, i)
        })
        .collect();
    groups_of(docs.len(), keyed, |i, head| {
        docs[i].stream.keys == docs[head].stream.keys
    })
}

/// Scan loaded docs: identical groups, the index, candidates, verification. Repeats are
/// found while loading ([`load_corpus`]).
pub fn scan_docs(docs: &[Doc], o: &Options, p: &dyn Progress) -> Scan {
    let (groups, first) = identical_groups(docs);
    scan_with(docs, groups, first, o, p, |_| &[])
}

/// The scan of `docs` grouped as given: the index of the first of each group, candidates,
/// verification. `fetch` gives the streams of the docs of candidate pairs (sorted doc
/// indices) that the docs do not hold, as `(doc, stream)` sorted by doc (`None`: it could
/// not be read again, and its pairs are not reported); docs not in it are read from
/// `docs`.
fn scan_with<'s>(
    docs: &[Doc],
    groups: Vec<Vec<usize>>,
    first: Vec<bool>,
    o: &Options,
    p: &dyn Progress,
    fetch: impl FnOnce(&[u32]) -> &'s [(u32, Option<engine::stream::Stream>)],
) -> Scan {
    let members: Vec<usize> = (0..docs.len()).filter(|&i| first[i]).collect();
    p.stage("indexing", members.len());
    let mut index = Index::build(docs, &members, o);
    p.stage("candidates", 0);
    let mut cands = index.candidates(o.min_fingerprints);
    // The postings are done with: only the boilerplate is read from here on.
    index.postings = Vec::new();
    for g in &groups {
        if g.len() <= o.max_group_pairs {
            for (k, &a) in g.iter().enumerate() {
                for &b in &g[k + 1..] {
                    cands.push((a as u32, b as u32));
                }
            }
        }
    }
    let mut involved: Vec<u32> = cands.iter().flat_map(|&(a, b)| [a, b]).collect();
    involved.par_sort_unstable();
    involved.dedup();
    let fetched = fetch(&involved);
    let stream = |d: u32| -> Option<&engine::stream::Stream> {
        match fetched.binary_search_by_key(&d, |x| x.0) {
            Ok(k) => fetched[k].1.as_ref(),
            Err(_) => Some(&docs[d as usize].stream),
        }
    };
    p.stage("verifying", cands.len());
    let done = AtomicUsize::new(0);
    let mut pairs: Vec<Pair> = cands
        .par_iter()
        .filter_map(|&(a, b)| {
            if done.fetch_add(1, Ordering::Relaxed) % 256 == 255 {
                p.step(256);
            }
            let (sa, sb) = (stream(a)?, stream(b)?);
            // Reported: a run of `min_run` words shared outside boilerplate (a sign-off
            // thousands of articles carry makes no pair).
            let (sha, shb) = (
                shingles_of(&sa.keys, o.ngram),
                shingles_of(&sb.keys, o.ngram),
            );
            let ba = index.boilerplate_mask(&sha, o);
            let in_b = verify::shingles_in(&sha, &shb);
            if verify::longest_covered_run(&in_b, &ba, o.ngram) < o.min_run {
                return None;
            }
            // Its numbers: those of the passages, as `compare` gives them.
            let pair = verify::verify_streams(&docs[a as usize].id, sa, &docs[b as usize].id, sb);
            let top = pair.left_in_right.max(pair.right_in_left);
            (top >= o.min_share).then_some(pair)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn naive_winnow(sh: &[u32], w: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        if sh.len() <= w {
            return winnow(sh, w);
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

    proptest::proptest! {
        /// Any text (control characters, lone CRs, scripts, long ASCII lines) tokenises
        /// without a panic into words on character boundaries, in order, with the hashes of
        /// their normal form.
        #[test]
        fn any_text_tokenises_on_char_boundaries(
            text in "(\\PC|[\r\n\t\u{0}\u{1b}\u{a0}\u{2019}_.,:;' ]|[a-zA-Z]{1,12}){0,120}",
        ) {
            let tokens = tokenize(&text);
            let mut last = 0;
            for t in &tokens {
                proptest::prop_assert!(last <= t.start && t.start < t.end && t.end <= text.len());
                proptest::prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                let norm = crate::text::tokens::normalize(&text[t.start..t.end]);
                proptest::prop_assert_eq!(t.hash, crate::text::tokens::word_hash(norm.as_bytes()));
                last = t.end;
            }
            let (doc, _) = doc_from_text("x", Path::new("x"), &text, &Options::default());
            proptest::prop_assert_eq!(doc.words, tokens.len());
        }

        /// Shingles of five keys (the default, unrolled) and of any other length hash as
        /// the fold written out here does.
        #[test]
        fn shingles_as_by_fold(keys in proptest::collection::vec(proptest::num::u32::ANY, 0..40)) {
            for n in [1usize, 4, 5, 6] {
                let want: Vec<u32> = keys
                    .windows(n)
                    .map(|w| {
                        let h = w.iter().fold(0x243f_6a88_85a3_08d3u64, |h, &t| {
                            (h.rotate_left(23) ^ t as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                        });
                        ((h ^ h >> 31) >> 32) as u32
                    })
                    .collect();
                proptest::prop_assert_eq!(shingles_of(&keys, n), want);
            }
        }

        /// Shared shingles by one hash set as by searching both lists (small values, so
        /// repeats and the hash 0 are common; either list may be the longer).
        #[test]
        fn shared_shingles_as_by_search(
            a in proptest::collection::vec(0u32..24, 0..60),
            b in proptest::collection::vec(0u32..24, 0..60),
        ) {
            let (in_b, in_a) = shared_shingles(&a, &b);
            let want_in_b: Vec<bool> = a.iter().map(|h| b.contains(h)).collect();
            let want_in_a: Vec<bool> = b.iter().map(|h| a.contains(h)).collect();
            proptest::prop_assert_eq!(&in_b, &want_in_b);
            proptest::prop_assert_eq!(in_a, want_in_a);
            // The bound verification reads: one direction, and the longest covered run.
            proptest::prop_assert_eq!(&verify::shingles_in(&a, &b), &in_b);
            let bp: Vec<bool> = a.iter().map(|&h| h % 7 == 0).collect();
            for n in [1, 5] {
                proptest::prop_assert_eq!(
                    verify::longest_covered_run(&in_b, &bp, n),
                    cover(&in_b, a.len() + n - 1, &bp, n).1
                );
            }
        }
    }

    #[test]
    fn winnow_keeps_the_rightmost_minimum_of_every_window() {
        // A xorshift generator: the test needs varied values, not good randomness.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut below = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for len in [0, 1, 3, 8, 9, 40, 500] {
            for w in [1, 2, 4, 8] {
                // Small values, so ties are common.
                let sh: Vec<u32> = (0..len).map(|_| below(20) as u32).collect();
                assert_eq!(winnow(&sh, w), naive_winnow(&sh, w), "{sh:?} w={w}");
            }
        }
    }

    #[test]
    fn repeats_by_hash_table_as_by_sorting() {
        // "a b c d e f g h i j" twice, then part of it a third time.
        let text = "one two three four five six seven eight nine ten x one two three four \
                    five six seven eight nine ten y one two three four five six";
        let o = Options::default();
        let tokens = tokenize(text);
        let sh = shingles(&tokens, o.ngram);
        let r = repeats("t", text, &tokens, &sh, &o);
        // The third occurrence is 6 words: under `min_repeat_words`.
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].words, 10);
        assert_eq!(
            r[0].text,
            "one two three four five six seven eight nine ten"
        );
        assert!(r[0].first.end < r[0].second.start);
    }

    #[test]
    fn word_hashes_are_the_tokens_hashes() {
        let text = include_str!("../../../../articles/001_9d38928ece2fabb9.txt").to_string()
            + "\nRead more: elsewhere\n\nShort line\n\n“Quoted,” she said — café 3,400.\n";
        let (doc, _) = doc_from_text("x", Path::new("x"), &text, &Options::default());
        let tokens = tokenize(&text);
        assert_eq!(doc.words, tokens.len());
        assert_eq!(doc.shingles(5), shingles(&tokens, Options::default().ngram));
    }
}
