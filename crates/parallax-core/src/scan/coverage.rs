//! Coverage: which articles of the corpus hold which paragraphs of one article.

use super::index::Index;
use super::verify::round3;
use super::{Doc, Options};
use crate::engine::passage::{self, PassageKind};
use crate::engine::score::Scores;
use crate::engine::stream::{Stream, UNCOUNTED};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::path::Path;

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

/// The coverage of one article of the corpus (by id, id prefix or path, as
/// [`Corpus::resolve`](crate::corpus::Corpus::resolve) takes it) by the rest of it: the same
/// result as [`coverage`] over every doc of the corpus, in memory for the article and the
/// docs that share a fingerprint with it only. Every other file is read once, its
/// fingerprints compared with the article's and dropped; the docs that share enough of them
/// (after leaving out fingerprints held by more than `max_df` docs, as the index does) are
/// read again for their streams.
pub fn coverage_of(
    c: &crate::corpus::Corpus,
    key: &str,
    p: &dyn super::Progress,
) -> Result<Coverage, crate::corpus::Error> {
    let e = c.resolve(key)?;
    let a = c.load(e)?;
    let o = Options::default();
    let stream = Stream::of_text(&a.text);
    let mine = super::index::fingerprints(&super::shingles_of(&stream.keys, o.ngram), &o);
    let set = super::verify::ShingleSet::new(&mine);
    let shares = |d: &Doc| d.id != a.id && d.fingerprints.iter().any(|&h| set.contains(h));
    let read = super::load::load_corpus_kept(c, &o, p, true, &shares);
    // How many docs hold each of the article's fingerprints; more than `max_df`: boilerplate.
    let held: Vec<Vec<usize>> = read
        .docs
        .iter()
        .map(|d| {
            d.fingerprints
                .iter()
                .filter_map(|h| mine.binary_search(h).ok())
                .collect()
        })
        .collect();
    let mut df = vec![0usize; mine.len()];
    for k in held.iter().flatten() {
        df[*k] += 1;
    }
    let near: Vec<usize> = (0..read.docs.len())
        .filter(|&d| {
            held[d].iter().filter(|&&k| df[k] <= o.max_df).count() >= o.min_fingerprints.max(1)
        })
        .collect();
    let places: Vec<super::load::Place> = near.iter().map(|&d| read.places[d]).collect();
    let streams = super::load::reload_streams(c, &places, &o);
    let docs: Vec<Doc> = near
        .iter()
        .zip(streams)
        .filter_map(|(&d, s)| {
            let s = s.ok()?;
            let d = &read.docs[d];
            Some(Doc {
                id: d.id.clone(),
                path: d.path.clone(),
                words: d.words,
                stream: s,
                fingerprints: Vec::new(),
                ident: 0,
            })
        })
        .collect();
    let all: Vec<u32> = (0..docs.len() as u32).collect();
    Ok(coverage_among(&a, stream, &docs, all, &|d| {
        Some(Cow::Borrowed(&docs[d].stream))
    }))
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

/// The article's stream and the indexed docs that share enough fingerprints with it.
fn neighbours_of(article: &crate::Article, index: &Index, o: &Options) -> (Stream, Vec<u32>) {
    let stream = Stream::of_text(&article.text);
    let me = Doc {
        id: article.id.clone(),
        path: article.path.clone(),
        words: stream.len(),
        fingerprints: super::index::fingerprints(&super::shingles_of(&stream.keys, o.ngram), o),
        stream: Stream::default(),
        ident: 0,
    };
    let near = index.neighbours(&me, o);
    (stream, near)
}

/// [`coverage`] with an index already built: the article's own doc, if indexed, is left
/// out of the sources. With [`coverage_index`] the article counts towards the number of
/// docs holding its own fingerprints, so text in exactly `max_df` other docs is taken as
/// boilerplate here and not by [`coverage`]; otherwise the two agree.
pub fn coverage_in(article: &crate::Article, docs: &[Doc], index: &Index, o: &Options) -> Coverage {
    let (stream, near) = neighbours_of(article, index, o);
    coverage_among(article, stream, docs, near, &|d| {
        Some(Cow::Borrowed(&docs[d].stream))
    })
}

/// [`coverage_in`] over docs that hold no streams (as [`scan_corpus_kept`](super::scan_corpus_kept)
/// returns them): `stream_of` gives the stream of doc `d` (the article's
/// [`Stream::of_text`], `None` when it is not at hand and the doc is left out), asked only
/// of the docs that share enough fingerprints with the article. A doc that holds its stream
/// is read from it. The same coverage as [`coverage_in`] over docs with their streams.
pub fn coverage_in_with(
    article: &crate::Article,
    docs: &[Doc],
    index: &Index,
    o: &Options,
    stream_of: &(dyn Fn(usize) -> Option<Stream> + Sync),
) -> Coverage {
    let (stream, near) = neighbours_of(article, index, o);
    coverage_among(article, stream, docs, near, &|d| {
        if docs[d].stream.is_empty() && docs[d].words > 0 {
            stream_of(d).map(Cow::Owned)
        } else {
            Some(Cow::Borrowed(&docs[d].stream))
        }
    })
}

/// The coverage of `article` (its stream `stream`) by the docs `near` of `docs`, the docs
/// that share enough fingerprints with it to be compared.
fn coverage_among<'d>(
    article: &crate::Article,
    stream: Stream,
    docs: &'d [Doc],
    near: Vec<u32>,
    other: &(dyn Fn(usize) -> Option<Cow<'d, Stream>> + Sync),
) -> Coverage {
    let me = Doc {
        id: article.id.clone(),
        path: article.path.clone(),
        words: stream.len(),
        fingerprints: Vec::new(),
        stream: Stream {
            keys: stream.keys.clone(),
            flags: stream.flags.clone(),
            spans: Vec::new(),
        },
        ident: 0,
    };
    // Each source with the words of the article inside the passages it shares with it, and
    // its scores: the numbers `compare` gives for the pair.
    let mut found: Vec<(usize, Vec<bool>, Scores)> = near
        .into_par_iter()
        .filter(|&d| docs[d as usize].id != me.id)
        .filter_map(|d| {
            let other = other(d as usize)?;
            let reuse = passage::find(&me.stream, &other);
            let scores = Scores::of_reuse(&me.stream, &other, &reuse);
            if scores.passages == 0 {
                return None;
            }
            let mut inside = vec![false; me.words];
            for p in reuse
                .passages
                .iter()
                .filter(|p| p.kind != PassageKind::Quote)
            {
                inside[p.a.0..p.a.1].fill(true);
            }
            Some((d as usize, inside, scores))
        })
        .collect();
    found.sort_by(|a, b| {
        b.2.left_shared_words
            .cmp(&a.2.left_shared_words)
            .then_with(|| docs[a.0].id.cmp(&docs[b.0].id))
    });
    let counted = |i: usize| !me.stream.is(i, UNCOUNTED);
    let all_uncounted = !(0..me.words).any(counted);
    let counts = |i: usize| all_uncounted || counted(i);
    let total = (0..me.words).filter(|&i| counts(i)).count();
    let share = |w: usize| {
        if total == 0 {
            0.0
        } else {
            round3(w as f64 / total as f64)
        }
    };
    let sources: Vec<Source> = found
        .iter()
        .map(|(d, _, s)| Source {
            id: docs[*d].id.clone(),
            words: s.left_shared_words,
            share: round3(s.left_in_right),
            longest_run: s.longest_run,
        })
        .collect();
    // Paragraph of each word, by byte offset.
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
    for (k, &(start, _)) in stream.spans.iter().enumerate() {
        if !counts(k) {
            continue;
        }
        let Some(pc) = paragraphs.get_mut(para_of(start as usize)) else {
            continue;
        };
        pc.words += 1;
        let mut hit = false;
        for (d, inside, _) in &found {
            if inside[k] {
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
        words: total,
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
