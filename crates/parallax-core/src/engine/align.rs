//! Paragraph alignment between two articles.
//!
//! 1. Features: each paragraph's word bigrams (as xxh3 hashes of the interned word pair),
//!    leaving out bigrams made only of stop words, and a hash of its whole normalised text.
//! 2. Candidates: an inverted index of the right article's bigrams gives, for each left
//!    paragraph, the right paragraphs sharing bigrams with it. A pair is *similar* when its
//!    texts are equal, or it shares at least [`MIN_SHARED`] bigrams and the shared bigrams are
//!    at least [`MIN_CONTAINMENT`] of the *smaller* paragraph's. Containment, not Jaccard: a
//!    paragraph shortened or extended by an editor, or a short article inside a long page,
//!    still aligns. A pair that is not similar but shares at least [`MIN_SHARED_QUOTE`]
//!    bigrams is a *quote* candidate (a passage shared by otherwise different paragraphs).
//! 3. Chain: the heaviest strictly monotone chain of similar candidates (weight: shared
//!    bigrams times `0.5 + containment`), found in O(k log k) with a Fenwick tree over the
//!    right index. These are the anchors: one-to-one rows in reading order.
//! 4. Splits and merges: an unaligned paragraph next to an anchor and at least
//!    [`MERGE_CONTAINMENT`] contained in the anchor's partner joins the anchor's row
//!    (one-to-many, many-to-one).
//! 5. Everything else becomes a left-only or right-only row, in order.
//! 6. Links: a paragraph in a one-sided row is linked to its best candidate when that is
//!    similar with containment ≥ [`MOVE_CONTAINMENT`] — a *move* when both ends sit in
//!    one-sided rows (the paragraph changed place), a *repeat* when the partner is aligned
//!    elsewhere (the article holds the text twice) — or else to its best quote candidate
//!    (a *quote*).

use crate::text::tokens::is_stopword;
use serde::Serialize;
use std::collections::HashMap;

/// Fewest shared bigrams for a candidate pair (unless the texts are equal).
pub const MIN_SHARED: u32 = 2;
/// Shared bigrams that make a candidate whatever the containment: a quote of about this many
/// words shared by two otherwise different paragraphs.
pub const MIN_SHARED_QUOTE: u32 = 5;
/// Least share of the smaller paragraph's bigrams found in the other, for a candidate.
pub const MIN_CONTAINMENT: f64 = 0.3;
/// Least containment of a neighbour in an anchor's partner to join its row.
pub const MERGE_CONTAINMENT: f64 = 0.5;
/// Least containment for a link between a one-sided paragraph and its counterpart.
pub const MOVE_CONTAINMENT: f64 = 0.5;
/// Candidates kept per left paragraph, best first.
pub const MAX_CANDIDATES: usize = 16;
/// A bigram found in more right paragraphs than this is too common to index.
pub const MAX_POSTINGS: usize = 64;

/// What the aligner needs to know of one paragraph.
#[derive(Debug, Clone, Default)]
pub struct ParaFeatures {
    /// Distinct bigram hashes, sorted.
    pub grams: Vec<u64>,
    /// Hash of the normalised words (or of the trimmed text when it has none).
    pub exact: u64,
}

impl ParaFeatures {
    /// Features from a paragraph's interned word ids; `words` gives each id's normalised form
    /// so that stop-word bigrams can be left out.
    pub fn new(ids: &[u32], text: &str, word: impl Fn(u32) -> bool) -> ParaFeatures {
        let mut grams: Vec<u64> = ids
            .windows(2)
            .filter(|w| !(word(w[0]) && word(w[1])))
            .map(|w| pair_hash(w[0], w[1]))
            .collect();
        grams.sort_unstable();
        grams.dedup();
        let exact = if ids.is_empty() {
            xxhash_rust::xxh3::xxh3_64(text.trim().as_bytes())
        } else {
            let bytes: Vec<u8> = ids.iter().flat_map(|i| i.to_le_bytes()).collect();
            xxhash_rust::xxh3::xxh3_64(&bytes) ^ 0x9e37_79b9_7f4a_7c15
        };
        ParaFeatures { grams, exact }
    }
}

/// Stop-word test for interned ids, given the interner's words.
pub fn stop_test<'a>(words: impl Fn(u32) -> &'a str) -> impl Fn(u32) -> bool {
    move |id| is_stopword(words(id))
}

fn pair_hash(a: u32, b: u32) -> u64 {
    let mut buf = [0u8; 8];
    buf[..4].copy_from_slice(&a.to_le_bytes());
    buf[4..].copy_from_slice(&b.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&buf)
}

/// A candidate pair of paragraphs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub left: usize,
    pub right: usize,
    pub shared: u32,
    /// Shared bigrams over the smaller paragraph's bigrams (1.0 for equal texts).
    pub containment: f64,
    /// Shared bigrams over the left paragraph's.
    pub left_contained: f64,
    /// Shared bigrams over the right paragraph's.
    pub right_contained: f64,
    pub exact: bool,
    /// Equal, or similar enough to align as a row (not only a shared quote).
    pub similar: bool,
    pub weight: f64,
}

/// A link between paragraphs outside the row structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Both paragraphs are in one-sided rows: the text changed place.
    Moved,
    /// One side is aligned elsewhere: the other article holds the text twice.
    Repeated,
    /// The paragraphs differ but share a passage (a quote).
    Quote,
}

/// The structure of an alignment, before word diffs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// Monotone rows: the paragraphs of each side they hold (one side may be empty).
    pub rows: Vec<(Vec<usize>, Vec<usize>)>,
    /// Links from paragraphs of one-sided rows to their counterparts.
    pub links: Vec<(usize, usize, LinkKind)>,
}

/// All candidate pairs between `a` and `b`.
pub fn candidates(a: &[ParaFeatures], b: &[ParaFeatures]) -> Vec<Candidate> {
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut exact: HashMap<u64, Vec<u32>> = HashMap::new();
    for (j, p) in b.iter().enumerate() {
        for &g in &p.grams {
            index.entry(g).or_default().push(j as u32);
        }
        exact.entry(p.exact).or_default().push(j as u32);
    }
    let mut out = Vec::new();
    // Dense counters over the right paragraphs, reset through the list of those touched.
    let mut counts: Vec<u32> = vec![0; b.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut seen: Vec<bool> = vec![false; b.len()];
    for (i, p) in a.iter().enumerate() {
        for &j in &touched {
            counts[j as usize] = 0;
            seen[j as usize] = false;
        }
        touched.clear();
        let mut touch = |j: u32, add: u32, counts: &mut Vec<u32>| {
            if !seen[j as usize] {
                seen[j as usize] = true;
                touched.push(j);
            }
            counts[j as usize] += add;
        };
        for g in &p.grams {
            if let Some(list) = index.get(g) {
                if list.len() <= MAX_POSTINGS {
                    for &j in list {
                        touch(j, 1, &mut counts);
                    }
                }
            }
        }
        let same: &[u32] = exact.get(&p.exact).map_or(&[], |v| v.as_slice());
        for &j in same.iter().take(MAX_POSTINGS) {
            touch(j, 0, &mut counts);
        }
        let mut mine: Vec<Candidate> = touched
            .iter()
            .map(|&j| (j, counts[j as usize]))
            .filter_map(|(j, shared)| {
                let q = &b[j as usize];
                let is_exact = q.exact == p.exact;
                let smaller = p.grams.len().min(q.grams.len()).max(1) as f64;
                let containment = if is_exact {
                    1.0
                } else {
                    shared as f64 / smaller
                };
                let similar = shared >= MIN_SHARED && containment >= MIN_CONTAINMENT;
                if !is_exact && !similar && shared < MIN_SHARED_QUOTE {
                    return None;
                }
                let weight = shared as f64 * (0.5 + containment) + if is_exact { 1.0 } else { 0.0 };
                Some(Candidate {
                    left: i,
                    right: j as usize,
                    shared,
                    containment,
                    left_contained: ratio(shared, p.grams.len(), is_exact),
                    right_contained: ratio(shared, q.grams.len(), is_exact),
                    exact: is_exact,
                    similar: is_exact || similar,
                    weight,
                })
            })
            .collect();
        mine.sort_by(|x, y| {
            y.weight
                .total_cmp(&x.weight)
                .then(x.right.abs_diff(i).cmp(&y.right.abs_diff(i)))
                .then(x.right.cmp(&y.right))
        });
        mine.truncate(MAX_CANDIDATES);
        out.extend(mine);
    }
    out
}

fn ratio(shared: u32, of: usize, exact: bool) -> f64 {
    if exact {
        1.0
    } else if of == 0 {
        0.0
    } else {
        (shared as f64 / of as f64).min(1.0)
    }
}

/// The heaviest chain of candidates strictly increasing on both sides.
pub fn heaviest_chain(cands: &[Candidate], right_len: usize) -> Vec<Candidate> {
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by(|&x, &y| {
        cands[x]
            .left
            .cmp(&cands[y].left)
            .then(cands[y].right.cmp(&cands[x].right))
    });
    // Fenwick tree over right positions 1..=n holding (best chain weight ending there, candidate).
    let n = right_len;
    let mut tree: Vec<(f64, usize)> = vec![(0.0, usize::MAX); n + 1];
    let mut pred: Vec<usize> = vec![usize::MAX; cands.len()];
    let mut total: Vec<f64> = vec![0.0; cands.len()];
    let mut best = (0.0f64, usize::MAX);
    for &c in &order {
        let j = cands[c].right;
        // max over positions < j, i.e. Fenwick prefix 1..=j
        let mut q = (0.0f64, usize::MAX);
        let mut k = j;
        while k > 0 {
            if tree[k].0 > q.0 {
                q = tree[k];
            }
            k &= k - 1;
        }
        let w = q.0 + cands[c].weight;
        pred[c] = q.1;
        total[c] = w;
        if w > best.0 {
            best = (w, c);
        }
        let mut k = j + 1;
        while k <= n {
            if w > tree[k].0 {
                tree[k] = (w, c);
            }
            k += k & k.wrapping_neg();
        }
    }
    let mut chain = Vec::new();
    let mut c = best.1;
    while c != usize::MAX {
        chain.push(cands[c]);
        c = pred[c];
    }
    chain.reverse();
    chain
}

/// Align two articles' paragraphs.
pub fn align(a: &[ParaFeatures], b: &[ParaFeatures]) -> Alignment {
    let cands = candidates(a, b);
    let by_pair: HashMap<(usize, usize), Candidate> =
        cands.iter().map(|c| ((c.left, c.right), *c)).collect();
    let similar: Vec<Candidate> = cands.iter().filter(|c| c.similar).copied().collect();
    let chain = heaviest_chain(&similar, b.len());

    // Anchor rows, each a contiguous range on both sides, grown by merges.
    let mut rows: Vec<(Vec<usize>, Vec<usize>)> = chain
        .iter()
        .map(|c| (vec![c.left], vec![c.right]))
        .collect();
    let mut left_taken = vec![false; a.len()];
    let mut right_taken = vec![false; b.len()];
    for c in &chain {
        left_taken[c.left] = true;
        right_taken[c.right] = true;
    }
    grow_rows(&mut rows, &mut left_taken, &by_pair, a.len(), true);
    grow_rows(&mut rows, &mut right_taken, &by_pair, b.len(), false);

    // Interleave one-sided rows in reading order.
    let mut out: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (l, r) in rows {
        let (l0, r0) = (l[0], r[0]);
        while i < l0 {
            if !left_taken[i] {
                out.push((vec![i], vec![]));
            }
            i += 1;
        }
        while j < r0 {
            if !right_taken[j] {
                out.push((vec![], vec![j]));
            }
            j += 1;
        }
        i = l[l.len() - 1] + 1;
        j = r[r.len() - 1] + 1;
        out.push((l, r));
    }
    out.extend(
        (i..a.len())
            .filter(|&x| !left_taken[x])
            .map(|x| (vec![x], vec![])),
    );
    out.extend(
        (j..b.len())
            .filter(|&y| !right_taken[y])
            .map(|y| (vec![], vec![y])),
    );

    let links = links(&cands, &left_taken, &right_taken);
    Alignment { rows: out, links }
}

/// Grow anchor rows by adjacent unaligned paragraphs contained in the anchor's partner.
/// `left` says which side grows.
fn grow_rows(
    rows: &mut [(Vec<usize>, Vec<usize>)],
    taken: &mut [bool],
    by_pair: &HashMap<(usize, usize), Candidate>,
    len: usize,
    left: bool,
) {
    let contained = |grow: usize, partner: usize| -> bool {
        let key = if left {
            (grow, partner)
        } else {
            (partner, grow)
        };
        by_pair.get(&key).is_some_and(|c| {
            let share = if left {
                c.left_contained
            } else {
                c.right_contained
            };
            share >= MERGE_CONTAINMENT
        })
    };
    for row in rows.iter_mut() {
        let (grow, partner) = if left {
            (&mut row.0, &row.1)
        } else {
            (&mut row.1, &row.0)
        };
        let p = partner[0];
        // forward
        let mut next = grow[grow.len() - 1] + 1;
        while next < len && !taken[next] && contained(next, p) {
            taken[next] = true;
            grow.push(next);
            next += 1;
        }
        // backward
        let mut prev = grow[0];
        while prev > 0 && !taken[prev - 1] && contained(prev - 1, p) {
            prev -= 1;
            taken[prev] = true;
            grow.insert(0, prev);
        }
    }
}

fn links(
    cands: &[Candidate],
    left_taken: &[bool],
    right_taken: &[bool],
) -> Vec<(usize, usize, LinkKind)> {
    let kind = |c: &Candidate| {
        if !(c.similar && c.containment >= MOVE_CONTAINMENT) {
            LinkKind::Quote
        } else if !left_taken[c.left] && !right_taken[c.right] {
            LinkKind::Moved
        } else {
            LinkKind::Repeated
        }
    };
    // Best partner of each unaligned paragraph: a move or repeat before a quote, then weight.
    let rank = |c: &Candidate| (u8::from(kind(c) != LinkKind::Quote), c.weight);
    let mut best_left: HashMap<usize, Candidate> = HashMap::new();
    let mut best_right: HashMap<usize, Candidate> = HashMap::new();
    let better = |new: &Candidate, old: &Candidate| {
        let (a, b) = (rank(new), rank(old));
        a.0 > b.0 || (a.0 == b.0 && a.1 > b.1)
    };
    for c in cands {
        for (taken, at, best) in [
            (left_taken[c.left], c.left, &mut best_left),
            (right_taken[c.right], c.right, &mut best_right),
        ] {
            if !taken {
                let e = best.entry(at).or_insert(*c);
                if better(c, e) {
                    *e = *c;
                }
            }
        }
    }
    let mut out: Vec<(usize, usize, LinkKind)> = best_left
        .values()
        .chain(best_right.values())
        .map(|c| (c.left, c.right, kind(c)))
        .collect();
    out.sort_by_key(|l| (l.0, l.1));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Features of two articles, interned together as `compare` does.
    fn feats2(a: &[&str], b: &[&str]) -> (Vec<ParaFeatures>, Vec<ParaFeatures>) {
        let mut interner = crate::text::tokens::Interner::default();
        let mut side = |texts: &[&str]| -> Vec<(Vec<u32>, String)> {
            texts
                .iter()
                .map(|t| {
                    let ids = crate::text::tokens::words(t)
                        .iter()
                        .map(|w| interner.id(&w.norm))
                        .collect();
                    (ids, t.to_string())
                })
                .collect()
        };
        let (ia, ib) = (side(a), side(b));
        let f = |v: &[(Vec<u32>, String)]| -> Vec<ParaFeatures> {
            v.iter()
                .map(|(ids, t)| ParaFeatures::new(ids, t, |id| is_stopword(interner.word(id))))
                .collect()
        };
        (f(&ia), f(&ib))
    }

    fn feats(texts: &[&str]) -> Vec<ParaFeatures> {
        feats2(texts, &[]).0
    }

    const P: [&str; 4] = [
        "Russia on Saturday claimed that soldiers from Azerbaijan entered a zone policed by peacekeepers.",
        "Turkish-made drones were used to strike at Karabakh troops near the village of Farukh.",
        "The Defense Ministry of Nagorno-Karabakh said the drones had killed three people.",
        "Moscow called on the government in Baku to withdraw its troops from the area.",
    ];

    #[test]
    fn identity() {
        let f = feats(&P);
        let al = align(&f, &f);
        let rows: Vec<_> = (0..4).map(|i| (vec![i], vec![i])).collect();
        assert_eq!(al.rows, rows);
        assert!(al.links.is_empty());
    }

    #[test]
    fn swap_is_a_move() {
        let (a, b) = feats2(&[P[0], P[1], P[2], P[3]], &[P[0], P[2], P[1], P[3]]);
        let al = align(&a, &b);
        assert_eq!(al.rows.len(), 5, "{:?}", al.rows);
        assert_eq!(al.links.len(), 1);
        assert_eq!(al.links[0].2, LinkKind::Moved);
    }

    #[test]
    fn split_paragraph_is_one_to_many() {
        let joined = format!("{} {}", P[1], P[2]);
        let (a, b) = feats2(&[P[0], &joined, P[3]], &P);
        let al = align(&a, &b);
        assert!(al.rows.contains(&(vec![1], vec![1, 2])), "{:?}", al.rows);
    }

    #[test]
    fn unrelated_is_one_sided() {
        let (a, b) = feats2(
            &[P[0], P[1]],
            &["Completely different words about the weather and football results."],
        );
        let al = align(&a, &b);
        assert_eq!(
            al.rows,
            vec![(vec![0], vec![]), (vec![1], vec![]), (vec![], vec![0])]
        );
    }
}
