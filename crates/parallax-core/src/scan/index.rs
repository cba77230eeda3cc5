//! Steps 3 to 5: winnowed fingerprints, the corpus index of them, boilerplate, and the
//! candidate pairs.

use super::verify::ShingleSet;
use super::{Doc, Options};
use rayon::prelude::*;

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
    // The minimum of the window is kept while it stays in the window and no new shingle is
    // as small (a new shingle equal to it is further right: it wins); when it leaves, the
    // window is searched again from the right. A leaving minimum is rare for hashes
    // (about 2 in `w + 1` windows), so this costs a comparison or two a shingle.
    let rightmost_min = |lo: usize, hi: usize| {
        let mut m = hi;
        for i in (lo..hi).rev() {
            if sh[i] < sh[m] {
                m = i;
            }
        }
        m
    };
    let mut m = rightmost_min(0, w - 1);
    out.push(m);
    for i in w..sh.len() {
        let lo = i + 1 - w;
        if sh[i] <= sh[m] {
            m = i;
        } else if m < lo {
            m = rightmost_min(lo, i);
        } else {
            continue;
        }
        if *out.last().unwrap_or(&usize::MAX) != m {
            out.push(m);
        }
    }
    out
}

/// The fingerprint index of a set of docs.
pub struct Index {
    /// `hash << 32 | doc`, sorted; only fingerprints in 2..=max_df docs.
    pub(super) postings: Vec<u64>,
    /// Fingerprint hashes held by more than `max_df` docs, sorted.
    pub(super) boilerplate: Vec<u32>,
    /// The same, for membership tests.
    pub(super) boilerplate_set: ShingleSet,
    pub(super) fingerprints: usize,
}

/// The fingerprints of a doc: its winnowed shingles (window `o.window`), sorted, distinct.
pub fn fingerprints(shingles: &[u32], o: &Options) -> Vec<u32> {
    let mut f: Vec<u32> = winnow(shingles, o.window)
        .into_iter()
        .map(|i| shingles[i])
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
    /// among the indexed docs, 1 for lookups of a doc that is not indexed ([`coverage`](super::coverage)).
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
                    flat.extend(
                        docs[d]
                            .fingerprints
                            .iter()
                            .map(|&h| (h as u64) << 32 | d as u64),
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
        for &h in &d.fingerprints {
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
