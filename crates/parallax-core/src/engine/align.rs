//! Rows of paragraphs for display, from the words the passages match.
//!
//! The passages ([`crate::engine::passage`]) say which words of one article are found in the
//! other, wherever they sit. The reader and the report show paragraphs side by side, so the
//! matched words are gathered per pair of paragraphs (an *edge*, weighted by its matched
//! words) and the rows are read off the edges:
//!
//! 1. **Chain.** The heaviest chain of edges that never goes back on either side (each next
//!    edge is at or after the previous one on both sides), found in O(e log e) with a
//!    Fenwick tree. An edge at the same paragraph as the one before it on one side continues
//!    the same row, so a paragraph made of sentences of two or three paragraphs (or cut into
//!    several) gives one N:M row, and sentences reordered between neighbouring paragraphs
//!    stay in one row.
//! 2. **Rows.** Consecutive chain edges that share a paragraph form one row, widened to whole
//!    ranges of paragraphs on each side. The paragraphs in no row become left-only and
//!    right-only rows in reading order, so each paragraph is in exactly one row.
//! 3. **Links.** A paragraph of a one-sided row with an edge is linked to its heaviest
//!    partner: *moved* when the partner is one-sided too (the text changed place),
//!    *repeated* when the partner is in a row (the other article holds the text twice), a
//!    *quote* when the matched words are only a shared quotation.

use serde::Serialize;
use std::collections::HashMap;

/// Maps keyed by small integers: xxh3, not the default (DoS-resistant, slower) hasher.
type Map<K, V> = HashMap<K, V, xxhash_rust::xxh3::Xxh3DefaultBuilder>;

/// A link between paragraphs outside the row structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// Both paragraphs are in one-sided rows: the text changed place.
    Moved,
    /// One side is aligned elsewhere: the other article holds the text twice.
    Repeated,
    /// The paragraphs differ but share a quotation.
    Quote,
}

/// Matched words between a paragraph of each side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub left: usize,
    pub right: usize,
    /// Matched words (of passages and quotes).
    pub words: usize,
    /// Matched words that belong to passages (the rest are quotes).
    pub passage_words: usize,
    /// First and last matched word positions in the left paragraph, and in the right one.
    pub left_span: (usize, usize),
    pub right_span: (usize, usize),
}

/// The structure of an alignment, before word spans.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// Monotone rows: the paragraphs of each side they hold (one side may be empty).
    pub rows: Vec<(Vec<usize>, Vec<usize>)>,
    /// Links from paragraphs of one-sided rows to their counterparts.
    pub links: Vec<(usize, usize, LinkKind)>,
}

/// A word matched between the two articles: `(left paragraph, position)`, `(right
/// paragraph, position)`, and whether it belongs to a passage (else to a quote).
pub type Matched = ((usize, usize), (usize, usize), bool);

/// Edges from the matched words.
pub fn edges(matched: impl IntoIterator<Item = Matched>) -> Vec<Edge> {
    // Words come in runs of one pair of paragraphs: the last pair's edge is looked up first.
    let mut by: Map<(usize, usize), usize> = Map::default();
    let mut out: Vec<Edge> = Vec::new();
    let mut last: Option<((usize, usize), usize)> = None;
    for ((l, lp), (r, rp), passage) in matched {
        let at = match last {
            Some((key, at)) if key == (l, r) => at,
            _ => {
                let at = *by.entry((l, r)).or_insert_with(|| {
                    out.push(Edge {
                        left: l,
                        right: r,
                        words: 0,
                        passage_words: 0,
                        left_span: (lp, lp),
                        right_span: (rp, rp),
                    });
                    out.len() - 1
                });
                last = Some(((l, r), at));
                at
            }
        };
        let e = &mut out[at];
        e.words += 1;
        e.passage_words += usize::from(passage);
        e.left_span = (e.left_span.0.min(lp), e.left_span.1.max(lp));
        e.right_span = (e.right_span.0.min(rp), e.right_span.1.max(rp));
    }
    out.sort_by_key(|e| (e.left, e.right));
    out
}

/// Whether two spans of positions overlap on more than half of the shorter.
fn same_words(x: (usize, usize), y: (usize, usize)) -> bool {
    let overlap = (x.1.min(y.1) + 1).saturating_sub(x.0.max(y.0));
    let shorter = (x.1 - x.0 + 1).min(y.1 - y.0 + 1);
    overlap * 2 > shorter
}

/// A chain without the second copies: where consecutive edges share a paragraph and match the
/// same words of it (the other side holds that text twice, as a thread repeats its title
/// over its first post), only the copy nearest the rest of the chain stays; the others are
/// repeats, linked from their one-sided rows.
fn drop_twins(chain: Vec<Edge>) -> Vec<Edge> {
    let twins = |x: &Edge, y: &Edge| {
        (x.left == y.left && same_words(x.left_span, y.left_span))
            || (x.right == y.right && same_words(x.right_span, y.right_span))
    };
    let mut out: Vec<Edge> = Vec::with_capacity(chain.len());
    let mut k = 0;
    while k < chain.len() {
        let mut e = k + 1;
        while e < chain.len() && twins(&chain[e - 1], &chain[e]) {
            e += 1;
        }
        if e - k == 1 {
            out.push(chain[k]);
        } else {
            // Distance to the chain around the group, on the side where the copies differ.
            let near = |c: &Edge| {
                let d = |o: &Edge| c.left.abs_diff(o.left) + c.right.abs_diff(o.right);
                match (out.last(), chain.get(e)) {
                    (_, Some(next)) => d(next),
                    (Some(prev), None) => d(prev),
                    (None, None) => 0,
                }
            };
            let best = chain[k..e]
                .iter()
                .min_by_key(|c| (near(c), std::cmp::Reverse(c.words)))
                .expect("a group is never empty");
            out.push(*best);
        }
        k = e;
    }
    out
}

/// The heaviest chain of edges non-decreasing on both sides (no edge twice).
pub fn heaviest_chain(edges: &[Edge], right_len: usize) -> Vec<Edge> {
    // Sorted by (left, right): when an edge is reached, every edge before it is strictly
    // before on the left, or at the same left paragraph and before on the right.
    let mut order: Vec<usize> = (0..edges.len()).collect();
    order.sort_by_key(|&k| (edges[k].left, edges[k].right));
    // Fenwick tree over right positions 1..=n: the best chain ending at or before, as
    // (weight, right paragraph of its last edge, edge). Between chains of equal weight the one
    // ending further right wins: a paragraph that occurs twice on the right (a thread's title
    // over its first post) joins the copy that sits next to the rest of the chain.
    let n = right_len;
    let none = (0usize, 0usize, usize::MAX);
    let mut tree: Vec<(usize, usize, usize)> = vec![none; n + 1];
    let mut pred: Vec<usize> = vec![usize::MAX; edges.len()];
    let mut best = none;
    for &c in &order {
        let j = edges[c].right + 1; // 1-based; prefix up to and including j
        let mut q = none;
        let mut k = j;
        while k > 0 {
            if (tree[k].0, tree[k].1) > (q.0, q.1) {
                q = tree[k];
            }
            k &= k - 1;
        }
        let w = q.0 + edges[c].words;
        pred[c] = q.2;
        let here = (w, edges[c].right, c);
        if (w, edges[c].right) > (best.0, best.1) {
            best = here;
        }
        let mut k = j;
        while k <= n {
            if (w, edges[c].right) > (tree[k].0, tree[k].1) {
                tree[k] = here;
            }
            k += k & k.wrapping_neg();
        }
    }
    let mut chain = Vec::new();
    let mut c = best.2;
    while c != usize::MAX {
        chain.push(edges[c]);
        c = pred[c];
    }
    chain.reverse();
    chain
}

/// Rows and links from the edges of two articles of `left_len` and `right_len` paragraphs.
pub fn align(edges: &[Edge], left_len: usize, right_len: usize) -> Alignment {
    let chain = drop_twins(heaviest_chain(edges, right_len));
    // Group chain edges sharing a paragraph; each group is a row over whole ranges.
    let mut rows: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for e in &chain {
        match rows.last_mut() {
            Some((l, r)) if l.1 == e.left || r.1 == e.right => {
                l.1 = l.1.max(e.left);
                r.1 = r.1.max(e.right);
            }
            _ => rows.push(((e.left, e.left), (e.right, e.right))),
        }
    }
    let mut left_row = vec![false; left_len];
    let mut right_row = vec![false; right_len];
    for ((l0, l1), (r0, r1)) in &rows {
        left_row[*l0..=*l1].fill(true);
        right_row[*r0..=*r1].fill(true);
    }
    let mut out: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    for ((l0, l1), (r0, r1)) in rows {
        out.extend((i..l0).map(|x| (vec![x], vec![])));
        out.extend((j..r0).map(|y| (vec![], vec![y])));
        out.push(((l0..=l1).collect(), (r0..=r1).collect()));
        i = l1 + 1;
        j = r1 + 1;
    }
    out.extend((i..left_len).map(|x| (vec![x], vec![])));
    out.extend((j..right_len).map(|y| (vec![], vec![y])));

    // Links of one-sided paragraphs: the heaviest edge of each.
    let mut best_left: Map<usize, Edge> = Map::default();
    let mut best_right: Map<usize, Edge> = Map::default();
    for e in edges {
        if !left_row[e.left] {
            let b = best_left.entry(e.left).or_insert(*e);
            if (e.words, std::cmp::Reverse(e.right)) > (b.words, std::cmp::Reverse(b.right)) {
                *b = *e;
            }
        }
        if !right_row[e.right] {
            let b = best_right.entry(e.right).or_insert(*e);
            if (e.words, std::cmp::Reverse(e.left)) > (b.words, std::cmp::Reverse(b.left)) {
                *b = *e;
            }
        }
    }
    let kind = |e: &Edge| {
        if e.passage_words == 0 {
            LinkKind::Quote
        } else if !left_row[e.left] && !right_row[e.right] {
            LinkKind::Moved
        } else {
            LinkKind::Repeated
        }
    };
    let mut links: Vec<(usize, usize, LinkKind)> = best_left
        .values()
        .chain(best_right.values())
        .map(|e| (e.left, e.right, kind(e)))
        .collect();
    links.sort_by_key(|l| (l.0, l.1));
    links.dedup();
    Alignment { rows: out, links }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(left: usize, right: usize, words: usize) -> Edge {
        Edge {
            left,
            right,
            words,
            passage_words: words,
            left_span: (0, words - 1),
            right_span: (0, words - 1),
        }
    }

    /// Left 1 cut into right 1 and 2: different words of it in each.
    fn split(left: usize, right: usize, words: usize, first: bool) -> Edge {
        let at = if first {
            (0, words - 1)
        } else {
            (words, 2 * words - 1)
        };
        Edge {
            left_span: at,
            ..edge(left, right, words)
        }
    }

    #[test]
    fn merged_and_split_paragraphs_make_one_row() {
        // Left 1 was cut into right 1 and 2; left 3 and 4 were merged into right 4.
        let e = [
            edge(0, 0, 10),
            split(1, 1, 8, true),
            split(1, 2, 7, false),
            Edge {
                right_span: (0, 8),
                ..edge(3, 4, 9)
            },
            Edge {
                right_span: (9, 14),
                ..edge(4, 4, 6)
            },
        ];
        let a = align(&e, 5, 5);
        assert_eq!(
            a.rows,
            vec![
                (vec![0], vec![0]),
                (vec![1], vec![1, 2]),
                (vec![2], vec![]),
                (vec![], vec![3]),
                (vec![3, 4], vec![4]),
            ]
        );
        assert!(a.links.is_empty());
    }

    #[test]
    fn a_title_twice_on_the_right_aligns_with_the_copy_next_to_the_body() {
        // Right 1 and 4 are the same title; the body follows right 4.
        let e = [edge(0, 1, 6), edge(0, 4, 6), edge(1, 5, 20), edge(2, 6, 20)];
        let a = align(&e, 3, 7);
        assert_eq!(
            a.rows[0..4],
            [
                (vec![], vec![0]),
                (vec![], vec![1]),
                (vec![], vec![2]),
                (vec![], vec![3]),
            ]
        );
        assert_eq!(a.rows[4], (vec![0], vec![4]));
        assert_eq!(a.links, vec![(0, 1, LinkKind::Repeated)]);
    }

    #[test]
    fn a_paragraph_out_of_order_is_a_moved_link() {
        let e = [edge(0, 0, 10), edge(1, 3, 8), edge(2, 1, 9), edge(3, 2, 9)];
        let a = align(&e, 4, 4);
        assert_eq!(a.links, vec![(1, 3, LinkKind::Moved)]);
        assert!(a.rows.contains(&(vec![1], vec![])));
        assert!(a.rows.contains(&(vec![], vec![3])));
    }

    #[test]
    fn every_paragraph_in_exactly_one_row() {
        let e = [edge(2, 5, 3), edge(0, 6, 2), edge(4, 1, 7), edge(5, 5, 1)];
        let a = align(&e, 7, 8);
        let mut l: Vec<usize> = a.rows.iter().flat_map(|r| r.0.clone()).collect();
        let mut r: Vec<usize> = a.rows.iter().flat_map(|r| r.1.clone()).collect();
        l.sort();
        r.sort();
        assert_eq!(l, (0..7).collect::<Vec<_>>());
        assert_eq!(r, (0..8).collect::<Vec<_>>());
    }
}
