//! Corpus scan: every pair of articles that shares text, repeated passages inside one
//! article, and the coverage of one article by the rest of the corpus.
//!
//! The method (docs/architecture.md, "Corpus scan"):
//!
//! 1. **Words.** Each file is read (plain UTF-8 used in place, else
//!    [`crate::corpus::decode`]); its lines are tokenised by the rules of
//!    [`crate::tokens::word_spans`] (ASCII lines and lines of news typography on bytes, 64
//!    at a time as class masks, [`crate::tokens::for_each_word_span`]; others by
//!    classes or by Unicode segmentation)
//!    and each word's normalised form (ASCII lower case, else [`crate::tokens::normalize`])
//!    is hashed ([`crate::tokens::word_hash`]). Page chrome is left out: lines matching the
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
//! 6. **Verification.** Exact containment on the full shingle sets: a word of the left
//!    article is shared when a shingle that covers it is also a shingle of the right article
//!    (and not boilerplate). Shares, shared words and the longest run come from there; the
//!    verdict from [`crate::score::Verdict`] with the thresholds `compare` uses. Pairs whose
//!    longest shared run is under [`Options::min_run`] (12 words) are not reported: shorter
//!    runs are shared by chance.
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
    let mut out = Vec::with_capacity(text.len() / 6);
    for_each_word(text, &mut Scratch::default(), |start, end, hash| {
        out.push(Token { start, end, hash })
    });
    out
}

/// Reusable buffers for tokenising many texts on one thread.
#[derive(Debug, Default)]
pub struct Scratch {
    lines: Vec<(usize, usize, bool)>,
    line_words: Vec<(usize, usize, u64)>,
    spans: crate::tokens::SpanScratch,
    table: Vec<u32>,
    prev: Vec<u32>,
    words: Vec<u64>,
    bytes: Vec<u8>,
}

/// The words [`tokenize`] gives, as `(start, end, hash)` to `f`, in order.
pub fn for_each_word(text: &str, scratch: &mut Scratch, mut f: impl FnMut(usize, usize, u64)) {
    // Lines as (start, end, blank).
    let lines = &mut scratch.lines;
    lines.clear();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        lines.push((at, at + body.len(), body.trim().is_empty()));
        at += line.len();
    }
    let words = &mut scratch.line_words;
    for (k, &(s, e, blank)) in lines.iter().enumerate() {
        let line = &text[s..e];
        if blank || crate::segment::chrome_phrase(line) {
            continue;
        }
        words.clear();
        let b = line.as_bytes();
        if line.is_ascii() {
            crate::tokens::ascii_word_spans(b, |ws, we| {
                words.push((ws, we, crate::tokens::ascii_word_hash(b, ws, we)))
            });
        } else {
            crate::tokens::for_each_word_span(line, &mut scratch.spans, |ws, we| {
                let w = &line[ws..we];
                let hash = match w.is_ascii() {
                    true => crate::tokens::ascii_word_hash(b, ws, we),
                    false => crate::tokens::apostrophe_word_hash(w).unwrap_or_else(|| {
                        crate::tokens::word_hash(crate::tokens::normalize(w).as_bytes())
                    }),
                };
                words.push((ws, we, hash))
            });
        }
        // One-line blocks of three words or fewer are chrome.
        let alone = (k == 0 || lines[k - 1].2) && lines.get(k + 1).is_none_or(|l| l.2);
        if alone && words.len() <= 3 {
            continue;
        }
        for &(ws, we, hash) in words.iter() {
            f(s + ws, s + we, hash);
        }
    }
}

/// Shingle hashes of a word sequence.
pub fn shingles(tokens: &[Token], n: usize) -> Vec<u32> {
    let hashes: Vec<u64> = tokens.iter().map(|t| t.hash).collect();
    shingles_of(&hashes, n)
}

/// Shingle hashes of a sequence of word hashes.
pub fn shingles_of(words: &[u64], n: usize) -> Vec<u32> {
    if n == 0 || words.len() < n {
        return Vec::new();
    }
    words
        .windows(n)
        .map(|w| {
            let mut h: u64 = 0x243f_6a88_85a3_08d3;
            for &t in w {
                h = (h.rotate_left(23) ^ t).wrapping_mul(0x9e37_79b9_7f4a_7c15);
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
    // Branch-light sliding minimum (van Herk / Gil-Werman): with the shingles cut into
    // blocks of `w`, a window is the tail of one block and the head of the next, so its
    // minimum is the smaller of a suffix minimum (stored) and a prefix minimum (running).
    // Keys order by hash, then by position from the right: the rightmost minimum wins.
    let n = sh.len();
    let key = |i: usize| (sh[i] as u64) << 32 | (u32::MAX - i as u32) as u64;
    let pos = |k: u64| (u32::MAX - k as u32) as usize;
    let mut suffix = vec![0u64; n];
    for start in (0..n).step_by(w) {
        let mut m = u64::MAX;
        for i in (start..(start + w).min(n)).rev() {
            m = m.min(key(i));
            suffix[i] = m;
        }
    }
    let mut prefix = u64::MAX;
    for i in 0..w - 1 {
        prefix = prefix.min(key(i));
    }
    // `out` grows by one where the minimum moves: written unconditionally, kept or not.
    out.resize(n - w + 2, 0);
    let mut len = 0;
    let mut last = usize::MAX;
    let mut in_block = (w - 1) % w;
    for i in w - 1..n {
        if in_block == 0 {
            prefix = u64::MAX;
        }
        in_block += 1;
        if in_block == w {
            in_block = 0;
        }
        prefix = prefix.min(key(i));
        let m = pos(suffix[i + 1 - w].min(prefix));
        out[len] = m;
        len += usize::from(m != last);
        last = m;
    }
    out.truncate(len);
    out
}

/// Passages of an article's words that occur twice (non-overlapping), first occurrence first.
pub fn repeats(id: &str, text: &str, tokens: &[Token], sh: &[u32], o: &Options) -> Vec<Repeat> {
    repeat_runs(sh, o, &mut Scratch::default())
        .into_iter()
        .map(|(i0, j0, len)| repeat_at(id, text, tokens, i0, j0, len))
        .collect()
}

fn repeat_at(id: &str, text: &str, tokens: &[Token], i0: usize, j0: usize, len: usize) -> Repeat {
    let first = Span {
        start: tokens[i0].start,
        end: tokens[i0 + len - 1].end,
    };
    let second = Span {
        start: tokens[j0].start,
        end: tokens[j0 + len - 1].end,
    };
    let excerpt: String = text[first.start..first.end].chars().take(120).collect();
    Repeat {
        article: id.to_string(),
        words: len,
        first,
        second,
        text: excerpt.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Repeated passages as `(first word, second word, words)`: a shingle seen earlier, at
/// least `ngram` words before, starts or continues a repeat; runs of such shingles are the
/// passages. A hash table of first positions (in `scratch`), so no sort per article.
fn repeat_runs(sh: &[u32], o: &Options, scratch: &mut Scratch) -> Vec<(usize, usize, usize)> {
    let n = o.ngram;
    let mut out = Vec::new();
    if sh.len() < 2 {
        return out;
    }
    let size = (sh.len() * 2).next_power_of_two();
    let mask = size - 1;
    let table = &mut scratch.table;
    table.clear();
    table.resize(size, 0);
    // prev[j]: the first earlier position with the same shingle, at least n words before.
    let prev = &mut scratch.prev;
    prev.clear();
    prev.resize(sh.len(), u32::MAX);
    let mut any = false;
    for (j, &h) in sh.iter().enumerate() {
        let mut slot = (h as usize).wrapping_mul(0x9e37_79b9) >> 7 & mask;
        loop {
            let at = table[slot];
            if at == 0 {
                table[slot] = j as u32 + 1;
                break;
            }
            let first = (at - 1) as usize;
            if sh[first] == h {
                if j - first >= n {
                    prev[j] = first as u32;
                    any = true;
                }
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    if !any {
        return out;
    }
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
            out.push((i0, j0, len));
        }
        j += 1;
    }
    out
}

/// Read, decode and tokenise one file; the doc and its repeated passages.
pub fn load_doc(id: &str, path: &Path, o: &Options) -> Result<(Doc, Vec<Repeat>), String> {
    load_doc_with(id, path, o, &mut Scratch::default())
}

/// [`load_doc`] with reusable buffers.
pub fn load_doc_with(
    id: &str,
    path: &Path,
    o: &Options,
    scratch: &mut Scratch,
) -> Result<(Doc, Vec<Repeat>), String> {
    use std::io::Read;
    let limit = crate::corpus::MAX_FILE_BYTES;
    let too_large = |len: u64| {
        format!(
            "too large ({} MB; the limit is {} MB)",
            len / (1024 * 1024),
            limit / (1024 * 1024)
        )
    };
    // No `stat` per file: the read says whether it is a folder, and reading stops one
    // byte past the size limit. The buffer is the thread's, reused from file to file.
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = std::mem::take(&mut scratch.bytes);
    bytes.clear();
    let read = f.take(limit + 1).read_to_end(&mut bytes);
    let result = match read {
        Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
            Err("is a folder, not an article file".to_string())
        }
        Err(e) => Err(e.to_string()),
        Ok(n) if n as u64 > limit => Err(too_large(
            std::fs::metadata(path).map_or(n as u64, |m| m.len()),
        )),
        Ok(_) => Ok(doc_from_bytes(id, path, &bytes, o, scratch)),
    };
    scratch.bytes = bytes;
    result?
}

/// A doc from a file's bytes: plain UTF-8 (no BOM, no NUL) is used as read; anything else
/// goes through `decode`.
fn doc_from_bytes(
    id: &str,
    path: &Path,
    bytes: &[u8],
    o: &Options,
    scratch: &mut Scratch,
) -> Result<(Doc, Vec<Repeat>), String> {
    let plain = encoding_rs::Encoding::for_bom(bytes).is_none() && !bytes.contains(&0);
    let decoded;
    let text = match plain.then(|| std::str::from_utf8(bytes)) {
        Some(Ok(t)) => t,
        _ => {
            decoded = crate::corpus::decode(bytes)?.0;
            decoded.as_str()
        }
    };
    // Front matter is metadata, not text (as the corpus loader reads it).
    if text.starts_with("---") || text.starts_with("+++") {
        let (_, body) = crate::formats::front_matter(text);
        return Ok(doc_from_text_with(id, path, &body, o, scratch));
    }
    Ok(doc_from_text_with(id, path, text, o, scratch))
}

/// The docs of one file of the corpus: plain text and Markdown by the fast path
/// ([`load_doc_with`]); web pages and scraper JSON/JSONL through the corpus's importers, once
/// per file, so that only the article text is scanned (never markup, scripts or JSON) and
/// each JSONL line is its own doc.
fn load_file(
    entries: &[crate::corpus::Entry],
    o: &Options,
    scratch: &mut Scratch,
) -> Vec<Result<(Doc, Vec<Repeat>), crate::corpus::Skipped>> {
    use crate::corpus::{Format, Skipped};
    let first = &entries[0];
    let skip = |reason: String| Skipped {
        path: first.path.clone(),
        reason,
    };
    if matches!(first.format, Format::Text | Format::Markdown) && first.item.is_none() {
        return vec![load_doc_with(&first.id, &first.path, o, scratch).map_err(skip)];
    }
    let file = match crate::corpus::read_docs(&first.path, first.format) {
        Ok(f) => f,
        Err(reason) => return vec![Err(skip(reason))],
    };
    entries
        .iter()
        .map(|e| match file.article(e) {
            Some(a) => Ok(doc_from_text_with(&e.id, &e.path, &a.text, o, scratch)),
            None => Err(Skipped {
                path: e.path.clone(),
                reason: format!(
                    "item {} is no longer in the file",
                    e.item.as_deref().unwrap_or("-")
                ),
            }),
        })
        .collect()
}

/// A doc and its repeated passages from decoded text.
pub fn doc_from_text(id: &str, path: &Path, text: &str, o: &Options) -> (Doc, Vec<Repeat>) {
    doc_from_text_with(id, path, text, o, &mut Scratch::default())
}

/// [`doc_from_text`] with reusable buffers: word hashes only; word offsets (a second pass)
/// only for an article with repeated passages.
pub fn doc_from_text_with(
    id: &str,
    path: &Path,
    text: &str,
    o: &Options,
    scratch: &mut Scratch,
) -> (Doc, Vec<Repeat>) {
    let mut words = std::mem::take(&mut scratch.words);
    words.clear();
    for_each_word(text, scratch, |_, _, h| words.push(h));
    let sh = shingles_of(&words, o.ngram);
    let n_words = words.len();
    scratch.words = words;
    let runs = repeat_runs(&sh, o, scratch);
    let reps = if runs.is_empty() {
        Vec::new()
    } else {
        let tokens = tokenize(text);
        runs.into_iter()
            .map(|(i0, j0, len)| repeat_at(id, text, &tokens, i0, j0, len))
            .collect()
    };
    let doc = Doc {
        id: id.to_string(),
        path: path.to_path_buf(),
        words: n_words,
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
        .files()
        .par_iter()
        .map_init(Scratch::default, |scratch, entries| {
            let r = load_file(entries, o, scratch);
            let before = done.fetch_add(entries.len(), Ordering::Relaxed);
            let crossed = (before + entries.len()) / 256 - before / 256;
            if crossed > 0 {
                p.step(crossed * 256);
            }
            r
        })
        .flatten_iter()
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
    scan_corpus_docs(c, o, p).0
}

/// [`scan_corpus`], and the docs it read (for coverage, or to free elsewhere).
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

/// The fingerprint index of a set of docs.
pub struct Index {
    /// `hash << 32 | doc`, sorted; only fingerprints in 2..=max_df docs.
    postings: Vec<u64>,
    /// Fingerprint hashes held by more than `max_df` docs, sorted.
    boilerplate: Vec<u32>,
    /// The same, for membership tests.
    boilerplate_set: ShingleSet,
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
    ///
    /// Radix first, then sort: each chunk of docs groups its `(hash, doc)` entries into
    /// 4,096 buckets by the top bits of the hash, and the buckets (a few thousand entries
    /// each, in cache) are gathered, sorted and read, all in parallel.
    pub fn build(docs: &[Doc], members: &[usize], o: &Options) -> Index {
        Index::build_min(docs, members, o, 2)
    }

    /// [`Index::build`] keeping fingerprints held by at least `min_df` docs: 2 for pairs
    /// among the indexed docs, 1 for lookups of a doc that is not indexed ([`coverage`]).
    pub fn build_min(docs: &[Doc], members: &[usize], o: &Options, min_df: usize) -> Index {
        const BITS: u32 = 12;
        const BUCKETS: usize = 1 << BITS;
        let bucket = |x: u64| (x >> (64 - BITS)) as usize;
        // Each chunk of docs: its `(hash, doc)` entries, grouped by bucket (a counting sort
        // by the hash's top bits), with where each bucket starts. All in parallel.
        let chunk = members
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(256);
        let chunks: Vec<(Vec<u64>, Vec<usize>)> = members
            .par_chunks(chunk)
            .map(|ds| {
                let mut flat: Vec<u64> = Vec::new();
                for &d in ds {
                    let sh = &docs[d].shingles;
                    flat.extend(
                        winnow(sh, o.window)
                            .into_iter()
                            .map(|i| (sh[i] as u64) << 32 | d as u64),
                    );
                }
                let mut starts = vec![0usize; BUCKETS + 1];
                for &x in &flat {
                    starts[bucket(x) + 1] += 1;
                }
                for k in 1..starts.len() {
                    starts[k] += starts[k - 1];
                }
                let mut grouped = vec![0u64; flat.len()];
                let mut next = starts.clone();
                for &x in &flat {
                    let b = &mut next[bucket(x)];
                    grouped[*b] = x;
                    *b += 1;
                }
                (grouped, starts)
            })
            .collect();
        // Each bucket: its entries from every chunk, sorted (a doc's repeated fingerprint
        // is one entry), cut into runs of one hash.
        let parts: Vec<(Vec<u64>, Vec<u32>, usize)> = (0..BUCKETS)
            .into_par_iter()
            .map(|k| {
                let mut entries: Vec<u64> = Vec::new();
                for (grouped, starts) in &chunks {
                    entries.extend_from_slice(&grouped[starts[k]..starts[k + 1]]);
                }
                entries.sort_unstable();
                entries.dedup();
                let mut postings = Vec::new();
                let mut boilerplate = Vec::new();
                for run in entries.chunk_by(|a, b| a >> 32 == b >> 32) {
                    if run.len() > o.max_df {
                        boilerplate.push((run[0] >> 32) as u32);
                    } else if run.len() >= min_df {
                        postings.extend_from_slice(run);
                    }
                }
                (postings, boilerplate, entries.len())
            })
            .collect();
        drop(chunks);
        let fingerprints = parts.iter().map(|p| p.2).sum();
        let postings = parts.iter().flat_map(|p| p.0.iter().copied()).collect();
        let boilerplate: Vec<u32> = parts.iter().flat_map(|p| p.1.iter().copied()).collect();
        Index {
            postings,
            boilerplate_set: ShingleSet::new(&boilerplate),
            boilerplate,
            fingerprints,
        }
    }

    fn is_boilerplate(&self, h: u32) -> bool {
        self.boilerplate_set.contains(h)
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

    /// Which shingles of `sh` are boilerplate. Boilerplate fingerprints (held by more than
    /// `max_df` articles) at most `window` shingles apart are one block, and a block is
    /// masked from its first to its last fingerprint; a block of two or more fingerprints
    /// (a passage, not one common phrase) also `window - 1` shingles beyond each end, since
    /// the first and last window inside a passage may pick a fingerprint up to that far in.
    /// A lone boilerplate fingerprint masks only itself: a common phrase (in a small or
    /// formulaic vocabulary, "the World Health Organization earlier in the day") should not
    /// hide the text around it.
    pub fn boilerplate_mask(&self, sh: &[u32], o: &Options) -> Vec<bool> {
        let mut mask = vec![false; sh.len()];
        // Most articles hold no boilerplate shingle at all: no winnowing for them.
        if !sh.iter().any(|&h| self.is_boilerplate(h)) {
            return mask;
        }
        let w = o.window.max(1);
        let reach = w - 1;
        let hits: Vec<usize> = winnow(sh, w)
            .into_iter()
            .filter(|&i| self.is_boilerplate(sh[i]))
            .collect();
        for block in hits.chunk_by(|a, b| b - a <= w) {
            let (first, last) = (block[0], block[block.len() - 1]);
            let (lo, hi) = if block.len() >= 2 {
                (
                    first.saturating_sub(reach),
                    (last + reach + 1).min(sh.len()),
                )
            } else {
                (first, last + 1)
            };
            mask[lo..hi].iter_mut().for_each(|m| *m = true);
        }
        mask
    }
}

/// A set of shingle hashes, for membership tests in verification: open addressing on the
/// hash's low bits (shingle hashes are already mixed), so a test is one or two probes where
/// a binary search over a sorted set would be a dozen unpredictable branches.
pub struct ShingleSet {
    slots: Vec<u32>,
    mask: usize,
    /// Slot value 0 means empty; the hash 0 has the extra slot `slots.len()`.
    has_zero: bool,
}

impl ShingleSet {
    pub fn new(items: &[u32]) -> ShingleSet {
        let size = (items.len() * 2).next_power_of_two().max(16);
        let mut set = ShingleSet {
            slots: vec![0; size],
            mask: size - 1,
            has_zero: false,
        };
        for &h in items {
            if h == 0 {
                set.has_zero = true;
                continue;
            }
            let mut i = h as usize & set.mask;
            while set.slots[i] != 0 && set.slots[i] != h {
                i = (i + 1) & set.mask;
            }
            set.slots[i] = h;
        }
        set
    }

    /// Where `h` is in the set (a slot index below [`ShingleSet::slot_count`]), if it is.
    pub fn slot(&self, h: u32) -> Option<usize> {
        if h == 0 {
            return self.has_zero.then_some(self.slots.len());
        }
        let mut i = h as usize & self.mask;
        loop {
            match self.slots[i] {
                s if s == h => return Some(i),
                0 => return None,
                _ => i = (i + 1) & self.mask,
            }
        }
    }

    pub fn contains(&self, h: u32) -> bool {
        self.slot(h).is_some()
    }

    pub fn slot_count(&self) -> usize {
        self.slots.len() + 1
    }
}

/// Which shingles of `a` are shingles of `b`, and which of `b` are of `a`: one hash set,
/// of the shorter, and one pass over each (a page ten times longer than the article it
/// holds is read once, never put in a set).
pub fn shared_shingles(a: &[u32], b: &[u32]) -> (Vec<bool>, Vec<bool>) {
    if a.len() > b.len() {
        let (in_b, in_a) = shared_shingles(b, a);
        return (in_a, in_b);
    }
    let set = ShingleSet::new(a);
    let mut seen = vec![false; set.slot_count()];
    let b_in_a: Vec<bool> = b
        .iter()
        .map(|&h| match set.slot(h) {
            Some(k) => {
                seen[k] = true;
                true
            }
            None => false,
        })
        .collect();
    let a_in_b = a
        .iter()
        .map(|&h| set.slot(h).is_some_and(|k| seen[k]))
        .collect();
    (a_in_b, b_in_a)
}

/// Words covered by shared shingles (`shared[i]`: shingle `i` is in the other article),
/// boilerplate aside: a mask over the words, and the longest run of consecutive shared
/// words.
pub fn cover(shared: &[bool], words: usize, bp: &[bool], n: usize) -> (Vec<bool>, usize) {
    let mut mask = vec![false; words];
    let (mut run, mut best) = (0usize, 0usize);
    for (i, &s) in shared.iter().enumerate() {
        if s && !bp[i] {
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
    let (ba, bb) = (
        index.boilerplate_mask(&a.shingles, o),
        index.boilerplate_mask(&b.shingles, o),
    );
    verify_prepared((a, &ba), (b, &bb), o)
}

/// A doc with its boilerplate mask, made once for all its pairs.
type Prepared<'a> = (&'a Doc, &'a [bool]);

fn verify_prepared((a, ba): Prepared, (b, bb): Prepared, o: &Options) -> Pair {
    let n = o.ngram;
    let (sa, sb) = shared_shingles(&a.shingles, &b.shingles);
    let (ma, run_a) = cover(&sa, a.words, ba, n);
    let (mb, run_b) = cover(&sb, b.words, bb, n);
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
            let h = d.shingles.iter().fold(d.shingles.len() as u64, |h, &x| {
                (h.rotate_left(29) ^ x as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            });
            (h, i)
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
    p.stage("indexing", members.len());
    let index = Index::build(docs, &members, o);
    p.stage("candidates", 0);
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
    // Boilerplate masks, once per doc that is in a candidate pair.
    let mut involved: Vec<u32> = cands.iter().flat_map(|&(a, b)| [a, b]).collect();
    involved.par_sort_unstable();
    involved.dedup();
    let prepared: Vec<Vec<bool>> = involved
        .par_iter()
        .map(|&d| index.boilerplate_mask(&docs[d as usize].shingles, o))
        .collect();
    let prep = |d: u32| {
        let k = involved.binary_search(&d).expect("prepared");
        (&docs[d as usize], prepared[k].as_slice())
    };
    let done = AtomicUsize::new(0);
    let mut pairs: Vec<Pair> = cands
        .par_iter()
        .filter_map(|&(a, b)| {
            let pair = verify_prepared(prep(a), prep(b), o);
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
    let others: Vec<usize> = (0..docs.len())
        .filter(|&i| docs[i].id != article.id)
        .collect();
    // Every fingerprint of the others, even one held by a single doc: the article itself
    // is not indexed, so a passage it shares with one other doc is a posting of one.
    let index = Index::build_min(docs, &others, o, 1);
    coverage_in(article, docs, &index, o)
}

/// An index of every fingerprint of every doc, built once for the coverage of many of
/// their articles ([`coverage_in`]), as the reader does while the cursor moves.
pub fn coverage_index(docs: &[Doc], o: &Options) -> Index {
    let all: Vec<usize> = (0..docs.len()).collect();
    Index::build_min(docs, &all, o, 1)
}

/// [`coverage`] with an index already built: the article's own doc, if indexed, is left
/// out of the sources. With [`coverage_index`] the article counts towards the number of
/// docs holding its own fingerprints, so text in exactly `max_df` other docs is taken as
/// boilerplate here and not by [`coverage`]; otherwise the two agree.
pub fn coverage_in(article: &crate::Article, docs: &[Doc], index: &Index, o: &Options) -> Coverage {
    let n = o.ngram;
    let tokens = tokenize(&article.text);
    let sh = shingles(&tokens, n);
    let me = Doc {
        id: article.id.clone(),
        path: article.path.clone(),
        words: tokens.len(),
        shingles: sh,
    };
    let bp = index.boilerplate_mask(&me.shingles, o);
    let min_run = n + o.window - 1;
    // (source doc, its mask over the words, longest run, words covered)
    let mut masks: Vec<(usize, Vec<bool>, usize, usize)> = index
        .neighbours(&me, o)
        .into_par_iter()
        .filter(|&d| docs[d as usize].id != me.id)
        .filter_map(|d| {
            let set = ShingleSet::new(&docs[d as usize].shingles);
            let shared: Vec<bool> = me.shingles.iter().map(|&h| set.contains(h)).collect();
            let (mask, run) = cover(&shared, me.words, &bp, n);
            let covered = mask.iter().filter(|&&x| x).count();
            (run >= min_run).then_some((d as usize, mask, run, covered))
        })
        .collect();
    masks.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| docs[a.0].id.cmp(&docs[b.0].id)));
    let share = |w: usize| {
        if me.words == 0 {
            0.0
        } else {
            round3(w as f64 / me.words as f64)
        }
    };
    let sources: Vec<Source> = masks
        .iter()
        .map(|&(d, _, run, covered)| Source {
            id: docs[d].id.clone(),
            words: covered,
            share: share(covered),
            longest_run: run,
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
        for (d, m, _, _) in &masks {
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
                let norm = crate::tokens::normalize(&text[t.start..t.end]);
                proptest::prop_assert_eq!(t.hash, crate::tokens::word_hash(norm.as_bytes()));
                last = t.end;
            }
            let (doc, _) = doc_from_text("x", Path::new("x"), &text, &Options::default());
            proptest::prop_assert_eq!(doc.words, tokens.len());
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
            proptest::prop_assert_eq!(in_b, want_in_b);
            proptest::prop_assert_eq!(in_a, want_in_a);
        }
    }

    #[test]
    fn winnow_keeps_the_rightmost_minimum_of_every_window() {
        let mut rng = crate::synth::Rng::new(7);
        for len in [0, 1, 3, 8, 9, 40, 500] {
            for w in [1, 2, 4, 8] {
                // Small values, so ties are common.
                let sh: Vec<u32> = (0..len).map(|_| rng.below(20) as u32).collect();
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
        let text = crate::synth::article(3, 3000)
            + "\nRead more: elsewhere\n\nShort line\n\n“Quoted,” she said — café 3,400.\n";
        let (doc, _) = doc_from_text("x", Path::new("x"), &text, &Options::default());
        let tokens = tokenize(&text);
        assert_eq!(doc.words, tokens.len());
        assert_eq!(doc.shingles, shingles(&tokens, Options::default().ngram));
    }
}
