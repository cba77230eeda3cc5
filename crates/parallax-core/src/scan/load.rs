//! Reading files as scan docs: the fast path (no segmenter, no metadata), in parallel.

use super::repeats::{repeat_at, repeat_runs};
use super::words::{shingles_of, tokenize, Mode, Scratch};
use super::{Doc, Options, Progress, Repeat};
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    let limit = o.max_file_bytes.min(crate::corpus::MAX_FILE_BYTES);
    let too_large = |len: u64| too_large(len, limit);
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

/// Why a file of `len` bytes over the scan's `limit` is skipped.
fn too_large(len: u64, limit: u64) -> String {
    let mb = |n: u64| n / (1024 * 1024);
    if limit < crate::corpus::MAX_FILE_BYTES {
        format!(
            "too large to scan here ({} MB; the limit is {} MB) — compare it directly",
            mb(len),
            mb(limit)
        )
    } else {
        format!("too large ({} MB; the limit is {} MB)", mb(len), mb(limit))
    }
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
    let plain =
        encoding_rs::Encoding::for_bom(bytes).is_none() && memchr::memchr(0, bytes).is_none();
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
        let (_, body) = crate::corpus::formats::front_matter(text);
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
    let limit = o.max_file_bytes;
    if limit < crate::corpus::MAX_FILE_BYTES {
        // The importers read the whole file: its size first (a `stat`, no open).
        if let Some(len) = std::fs::metadata(&first.path)
            .ok()
            .map(|m| m.len())
            .filter(|&len| len > limit)
        {
            return vec![Err(skip(too_large(len, limit)))];
        }
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

/// [`doc_from_text`] with reusable buffers: the stream's keys and flags only; word offsets (a
/// second pass) only for an article with repeated passages.
pub fn doc_from_text_with(
    id: &str,
    path: &Path,
    text: &str,
    o: &Options,
    scratch: &mut Scratch,
) -> (Doc, Vec<Repeat>) {
    let (mut keys, mut flags) = (
        std::mem::take(&mut scratch.keys),
        std::mem::take(&mut scratch.flags),
    );
    keys.clear();
    flags.clear();
    let mode = scratch.mode;
    if mode == Mode::Signature {
        // The same words and keys; the flags are only needed for verification.
        crate::engine::stream::for_each_word::<false>(text, &mut scratch.stream, |_, _, h, _| {
            keys.push(crate::engine::stream::key_of_hash(h));
        });
    } else {
        crate::engine::stream::for_each_word::<true>(text, &mut scratch.stream, |_, _, h, f| {
            keys.push(crate::engine::stream::key_of_hash(h));
            flags.push(f);
        });
    }
    let (stream, ident) = if mode == Mode::Signature {
        (crate::engine::stream::Stream::default(), ident(&keys))
    } else {
        let s = crate::engine::stream::Stream {
            keys: keys.to_vec(),
            flags: flags.to_vec(),
            spans: Vec::new(),
        };
        (s, 0)
    };
    let words = keys.len();
    if mode == Mode::StreamOnly {
        (scratch.keys, scratch.flags) = (keys, flags);
        let doc = Doc {
            id: id.to_string(),
            path: path.to_path_buf(),
            words,
            stream,
            fingerprints: Vec::new(),
            ident,
        };
        return (doc, Vec::new());
    }
    let sh = shingles_of(&keys, o.ngram);
    (scratch.keys, scratch.flags) = (keys, flags);
    let fingerprints = super::index::fingerprints(&sh, o);
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
        words,
        stream,
        fingerprints,
        ident,
    };
    (doc, reps)
}

/// Load every article of a corpus as docs, in parallel.
pub fn load_corpus(
    c: &crate::corpus::Corpus,
    o: &Options,
    p: &dyn Progress,
) -> (Vec<Doc>, Vec<Repeat>, Vec<crate::corpus::Skipped>) {
    let r = load_corpus_with(c, o, p, false);
    (r.docs, r.repeats, r.skipped)
}

/// Where a doc was read from: the index of its file in [`Corpus::files`] and its place
/// among the docs of that file.
///
/// [`Corpus::files`]: crate::corpus::Corpus::files
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Place {
    pub file: u32,
    pub item: u32,
}

/// A 128-bit hash of a word sequence: docs with equal sequences have equal hashes (and
/// different ones, equal hashes only by a 2^-128 chance).
pub(super) fn ident(keys: &[u32]) -> u128 {
    let (mut h1, mut h2) = (keys.len() as u64, !(keys.len() as u64));
    for &x in keys {
        h1 = (h1.rotate_left(29) ^ x as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h2 = (h2.rotate_left(31) ^ x as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    (h1 as u128) << 64 | h2 as u128
}

/// What [`load_corpus_with`] read.
pub(super) struct Read {
    pub docs: Vec<Doc>,
    /// Where each doc was read from (`compact` only).
    pub places: Vec<Place>,
    pub repeats: Vec<Repeat>,
    pub skipped: Vec<crate::corpus::Skipped>,
}

/// Every article of a corpus as docs, in parallel, with where each was read from. `compact`:
/// each doc keeps its fingerprints and word count but not its stream (its [`ident`] is
/// given instead; [`reload_streams`] reads the streams again).
pub(super) fn load_corpus_with(
    c: &crate::corpus::Corpus,
    o: &Options,
    p: &dyn Progress,
    compact: bool,
) -> Read {
    load_corpus_kept(c, o, p, compact, &|_| true)
}

/// [`load_corpus_with`] keeping only the docs for which `keep` is true (the others are read
/// and dropped at once: memory for the kept ones only).
pub(super) fn load_corpus_kept(
    c: &crate::corpus::Corpus,
    o: &Options,
    p: &dyn Progress,
    compact: bool,
    keep: &(dyn Fn(&Doc) -> bool + Sync),
) -> Read {
    p.stage("reading", c.entries.len());
    let done = AtomicUsize::new(0);
    type Loaded = Result<(Doc, Place, Vec<Repeat>), crate::corpus::Skipped>;
    let loaded: Vec<Loaded> = c
        .files()
        .par_iter()
        .enumerate()
        .map_init(
            || Scratch {
                mode: if compact { Mode::Signature } else { Mode::Full },
                ..Scratch::default()
            },
            |scratch, (file, entries)| {
                let r: Vec<Loaded> = load_file(entries, o, scratch)
                    .into_iter()
                    .enumerate()
                    .filter(|(_, r)| r.as_ref().map_or(true, |(d, _)| keep(d)))
                    .map(|(item, r)| {
                        r.map(|(d, reps)| {
                            let place = Place {
                                file: file as u32,
                                item: item as u32,
                            };
                            (d, place, reps)
                        })
                    })
                    .collect();
                let before = done.fetch_add(entries.len(), Ordering::Relaxed);
                let crossed = (before + entries.len()) / 256 - before / 256;
                if crossed > 0 {
                    p.step(crossed * 256);
                }
                r
            },
        )
        .flatten_iter()
        .collect();
    let mut docs = Vec::with_capacity(loaded.len());
    let mut places = Vec::with_capacity(if compact { loaded.len() } else { 0 });
    let mut reps = Vec::new();
    let mut skipped = c.skipped.clone();
    for r in loaded {
        match r {
            Ok((d, place, r)) => {
                docs.push(d);
                if compact {
                    places.push(place);
                }
                reps.extend(r);
            }
            Err(s) => skipped.push(s),
        }
    }
    Read {
        docs,
        places,
        repeats: reps,
        skipped,
    }
}

/// The streams of the docs at `places` (sorted), read again from their files: in the
/// order of `places`; a file that cannot be read again (removed or changed into something
/// unreadable since) gives its reason.
pub(super) fn reload_streams(
    c: &crate::corpus::Corpus,
    places: &[Place],
    o: &Options,
) -> Vec<Result<crate::engine::stream::Stream, crate::corpus::Skipped>> {
    let files = c.files();
    let by_file: Vec<&[Place]> = places.chunk_by(|a, b| a.file == b.file).collect();
    by_file
        .par_iter()
        .map_init(
            || Scratch {
                mode: Mode::StreamOnly,
                ..Scratch::default()
            },
            |scratch, wanted| {
                let entries = files[wanted[0].file as usize];
                let mut got = load_file(entries, o, scratch);
                wanted
                    .iter()
                    .map(|w| {
                        let r = got.get_mut(w.item as usize).map(|r| {
                            std::mem::replace(
                                r,
                                Err(crate::corpus::Skipped {
                                    path: entries[0].path.clone(),
                                    reason: String::new(),
                                }),
                            )
                        });
                        match r {
                            Some(Ok((d, _))) => Ok(d.stream),
                            Some(Err(mut s)) => {
                                s.reason = format!("changed while it was scanned: {}", s.reason);
                                Err(s)
                            }
                            None => Err(crate::corpus::Skipped {
                                path: entries[0].path.clone(),
                                reason: "changed while it was scanned".to_string(),
                            }),
                        }
                    })
                    .collect::<Vec<_>>()
            },
        )
        .flatten_iter()
        .collect()
}
