//! Measures for text alignment: PAN's character-level precision, recall, granularity and
//! plagdet; ROC AUC; a confusion matrix.
//!
//! # PAN measures
//!
//! As defined by Potthast, Stein, Barrón-Cedeño and Rosso, "An Evaluation Framework for
//! Plagiarism Detection" (COLING 2010), for external detection (both documents known). A case
//! `s` (a [`Truth`]) and a detection `r` are each a pair of ranges, one in the suspicious
//! document and one in the source, of one document pair. `r` *detects* `s` when they belong to
//! the same pair and overlap on both sides. `s ⊓ r` is then the character-wise intersection on
//! each side (and nothing when `r` does not detect `s`); `|x|` counts the characters of both
//! sides. Over all cases `S` and detections `R` of a collection:
//!
//! - recall `rec = 1/|S| · Σ_s |⋃_r (s ⊓ r)| / |s|`;
//! - precision `prec = 1/|R| · Σ_r |⋃_s (s ⊓ r)| / |r|`;
//! - granularity `gran = 1/|S_R| · Σ_{s ∈ S_R} |R_s|`, where `S_R` are the cases detected by at
//!   least one detection and `R_s` the detections that detect `s`;
//! - `plagdet = F1(prec, rec) / log2(1 + gran)`.
//!
//! Characters are Unicode code points: byte ranges are converted with the texts (a byte
//! offset inside a character counts that character as after it).
//!
//! Conventions for empty sets (the measures are averages over them): recall is 1 when there is
//! no case (nothing was missed), precision 1 when there is no detection (nothing wrong was
//! claimed), granularity 1 when no case is detected, and F1 is 0 when precision and recall are
//! both 0. PAN's reference script instead returns 0 for both when exactly one of `S` and `R` is
//! empty (and 1 for both when both are); plagdet is the same under both conventions, only the
//! printed precision or recall of such a collection differs. A detection with an empty side
//! detects nothing; one that is empty on both sides counts as precision 0.

use crate::pan::Truth;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

/// One document pair: its texts, its cases and the detections made on it. Detections are in
/// the same shape as cases: `suspicious` and `source` byte ranges.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    pub source: &'a str,
    pub suspicious: &'a str,
    pub cases: &'a [Truth],
    pub detections: &'a [Truth],
}

/// PAN measures of a collection, with the counts they were computed from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pan {
    pub precision: f64,
    pub recall: f64,
    pub granularity: f64,
    pub plagdet: f64,
    /// |S|, |R|, |S_R|.
    pub cases: usize,
    pub detections: usize,
    pub detected_cases: usize,
}

/// `F1(precision, recall) / log2(1 + granularity)` (0 when both are 0).
pub fn plagdet(precision: f64, recall: f64, granularity: f64) -> f64 {
    if precision + recall <= 0.0 {
        return 0.0;
    }
    let f1 = 2.0 * precision * recall / (precision + recall);
    f1 / (1.0 + granularity).log2()
}

/// Byte offset → character offset, for one text.
struct Chars(Vec<usize>);

impl Chars {
    fn new(text: &str) -> Chars {
        Chars(text.char_indices().map(|(i, _)| i).collect())
    }

    fn at(&self, byte: usize) -> usize {
        self.0.partition_point(|&b| b < byte)
    }

    fn range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.at(r.start);
        start..self.at(r.end).max(start)
    }
}

/// A case or detection in characters: (suspicious, source).
type Span = (Range<usize>, Range<usize>);

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn detects(a: &Span, b: &Span) -> bool {
    overlaps(&a.0, &b.0) && overlaps(&a.1, &b.1)
}

fn intersect(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    a.start.max(b.start)..a.end.min(b.end).max(a.start.max(b.start))
}

/// Characters covered by a set of ranges (overlaps counted once).
fn union_len(mut ranges: Vec<Range<usize>>) -> usize {
    ranges.retain(|r| r.start < r.end);
    ranges.sort_by_key(|r| r.start);
    let mut total = 0;
    let mut current: Option<Range<usize>> = None;
    for r in ranges {
        match &mut current {
            Some(c) if r.start <= c.end => c.end = c.end.max(r.end),
            _ => {
                if let Some(c) = current.take() {
                    total += c.end - c.start;
                }
                current = Some(r);
            }
        }
    }
    total + current.map_or(0, |c| c.end - c.start)
}

/// `|⋃_{o ∈ others, o detects x} (x ⊓ o)| / |x|`: recall of a case, or precision of a
/// detection; and how many of `others` detect `x`.
fn covered(x: &Span, others: &[Span]) -> (f64, usize) {
    let len = x.0.len() + x.1.len();
    let hits: Vec<&Span> = others.iter().filter(|o| detects(x, o)).collect();
    if len == 0 {
        return (0.0, hits.len());
    }
    let plg = union_len(hits.iter().map(|o| intersect(&x.0, &o.0)).collect());
    let src = union_len(hits.iter().map(|o| intersect(&x.1, &o.1)).collect());
    ((plg + src) as f64 / len as f64, hits.len())
}

/// PAN's macro-averaged precision and recall, granularity and plagdet over a collection of
/// document pairs (see the module doc).
pub fn pan(pairs: &[Pair]) -> Pan {
    let (mut rec_sum, mut prec_sum, mut gran_sum) = (0.0, 0.0, 0usize);
    let (mut n_cases, mut n_dets, mut detected) = (0, 0, 0);
    for p in pairs {
        let (cs, cp) = (Chars::new(p.source), Chars::new(p.suspicious));
        let span = |t: &Truth| (cp.range(&t.suspicious), cs.range(&t.source));
        let cases: Vec<Span> = p.cases.iter().map(span).collect();
        let dets: Vec<Span> = p.detections.iter().map(span).collect();
        for s in &cases {
            let (rec, hits) = covered(s, &dets);
            rec_sum += rec;
            if hits > 0 {
                detected += 1;
                gran_sum += hits;
            }
        }
        for r in &dets {
            prec_sum += covered(r, &cases).0;
        }
        n_cases += cases.len();
        n_dets += dets.len();
    }
    let recall = if n_cases == 0 {
        1.0
    } else {
        rec_sum / n_cases as f64
    };
    let precision = if n_dets == 0 {
        1.0
    } else {
        prec_sum / n_dets as f64
    };
    let granularity = if detected == 0 {
        1.0
    } else {
        gran_sum as f64 / detected as f64
    };
    Pan {
        precision,
        recall,
        granularity,
        plagdet: plagdet(precision, recall, granularity),
        cases: n_cases,
        detections: n_dets,
        detected_cases: detected,
    }
}

/// The area under the ROC curve of a score that should be higher for `positives` than for
/// `negatives`: the Mann–Whitney probability that a random positive scores above a random
/// negative, ties counting 1/2. `None` when either side is empty. NaN scores are not allowed
/// (they sort above everything).
pub fn roc_auc(positives: &[f64], negatives: &[f64]) -> Option<f64> {
    if positives.is_empty() || negatives.is_empty() {
        return None;
    }
    // Rank all scores (average ranks for ties); U = rank sum of the positives − n(n+1)/2.
    let mut all: Vec<(f64, bool)> = positives
        .iter()
        .map(|&x| (x, true))
        .chain(negatives.iter().map(|&x| (x, false)))
        .collect();
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < all.len() {
        let mut j = i;
        while j < all.len() && all[j].0.total_cmp(&all[i].0).is_eq() {
            j += 1;
        }
        // Ranks i+1 ..= j share their average.
        let avg = (i + 1 + j) as f64 / 2.0;
        rank_sum += avg * all[i..j].iter().filter(|x| x.1).count() as f64;
        i = j;
    }
    let (np, nn) = (positives.len() as f64, negatives.len() as f64);
    Some((rank_sum - np * (np + 1.0) / 2.0) / (np * nn))
}

/// Counts of (expected label, predicted label). Rows and columns keep the order in which their
/// labels were first seen (or given to [`Confusion::with_rows`]); [`fmt::Display`] writes a
/// markdown table with a total column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confusion {
    rows: Vec<String>,
    cols: Vec<String>,
    counts: BTreeMap<(usize, usize), usize>,
}

impl Confusion {
    pub fn new() -> Confusion {
        Confusion::default()
    }

    /// A matrix whose rows are listed in this order (even when they get no count).
    pub fn with_rows<S: AsRef<str>>(rows: &[S]) -> Confusion {
        Confusion {
            rows: rows.iter().map(|r| r.as_ref().to_string()).collect(),
            ..Confusion::default()
        }
    }

    fn index(labels: &mut Vec<String>, label: &str) -> usize {
        labels.iter().position(|l| l == label).unwrap_or_else(|| {
            labels.push(label.to_string());
            labels.len() - 1
        })
    }

    pub fn add(&mut self, expected: &str, predicted: &str) {
        let r = Confusion::index(&mut self.rows, expected);
        let c = Confusion::index(&mut self.cols, predicted);
        *self.counts.entry((r, c)).or_default() += 1;
    }

    pub fn get(&self, expected: &str, predicted: &str) -> usize {
        let r = self.rows.iter().position(|l| l == expected);
        let c = self.cols.iter().position(|l| l == predicted);
        match (r, c) {
            (Some(r), Some(c)) => self.counts.get(&(r, c)).copied().unwrap_or(0),
            _ => 0,
        }
    }

    pub fn rows(&self) -> &[String] {
        &self.rows
    }

    pub fn columns(&self) -> &[String] {
        &self.cols
    }
}

impl fmt::Display for Confusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "| expected \\ predicted |")?;
        for c in &self.cols {
            write!(f, " {c} |")?;
        }
        writeln!(f, " total |")?;
        write!(f, "|:---|")?;
        for _ in &self.cols {
            write!(f, "---:|")?;
        }
        writeln!(f, "---:|")?;
        for (r, row) in self.rows.iter().enumerate() {
            write!(f, "| {row} |")?;
            let mut total = 0;
            for c in 0..self.cols.len() {
                let n = self.counts.get(&(r, c)).copied().unwrap_or(0);
                total += n;
                write!(f, " {n} |")?;
            }
            writeln!(f, " {total} |")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(susp: Range<usize>, src: Range<usize>) -> Truth {
        Truth {
            source: src,
            suspicious: susp,
        }
    }

    const TEN: &str = "0123456789";

    fn one(cases: &[Truth], dets: &[Truth]) -> Pan {
        pan(&[Pair {
            source: TEN,
            suspicious: TEN,
            cases,
            detections: dets,
        }])
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn exact_detection() {
        let m = one(&[t(0..4, 2..6)], &[t(0..4, 2..6)]);
        assert_eq!(
            (m.precision, m.recall, m.granularity, m.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
        assert_eq!((m.cases, m.detections, m.detected_cases), (1, 1, 1));
    }

    #[test]
    fn granularity_two() {
        // The case split into two detections, each exact on its half.
        let m = one(&[t(0..4, 2..6)], &[t(0..2, 2..4), t(2..4, 4..6)]);
        assert_eq!((m.precision, m.recall, m.granularity), (1.0, 1.0, 2.0));
        assert!(close(m.plagdet, 1.0 / 3f64.log2()), "{m:?}");
    }

    #[test]
    fn partial_overlap() {
        // Case 0..4 / 0..4 (8 chars), detection 2..6 / 2..6 (8 chars): 2 + 2 shared.
        let m = one(&[t(0..4, 0..4)], &[t(2..6, 2..6)]);
        assert!(close(m.recall, 0.5) && close(m.precision, 0.5), "{m:?}");
        assert!(close(m.plagdet, 0.5), "{m:?}");
    }

    #[test]
    fn overlapping_detections_count_once() {
        // Two detections covering 0..3 and 1..4 on both sides of a 0..4 / 0..4 case:
        // union 0..4 on each side, recall 1; each detection is wholly inside: precision 1.
        let m = one(&[t(0..4, 0..4)], &[t(0..3, 0..3), t(1..4, 1..4)]);
        assert!(close(m.recall, 1.0) && close(m.precision, 1.0) && close(m.granularity, 2.0));
    }

    #[test]
    fn detection_detecting_nothing() {
        // Second detection: overlaps the case in the suspicious document only, so it detects
        // nothing (precision 0 for it); third: overlaps nothing.
        let cases = [t(0..4, 0..4)];
        let dets = [t(0..4, 0..4), t(2..6, 6..10), t(8..10, 8..10)];
        let m = one(&cases, &dets);
        assert!(close(m.recall, 1.0), "{m:?}");
        assert!(close(m.precision, 1.0 / 3.0), "{m:?}");
        assert!(close(m.granularity, 1.0), "{m:?}");
        assert!(close(m.plagdet, 0.5), "{m:?}");
    }

    #[test]
    fn two_cases_one_missed() {
        // Recall averages per case: 1 and 0 → 0.5; granularity over detected cases only.
        let m = one(&[t(0..2, 0..2), t(5..9, 5..9)], &[t(0..2, 0..2)]);
        assert!(close(m.recall, 0.5) && close(m.precision, 1.0) && close(m.granularity, 1.0));
        assert_eq!(m.detected_cases, 1);
    }

    #[test]
    fn only_within_a_pair() {
        let a = [t(0..4, 0..4)];
        let none: [Truth; 0] = [];
        let pairs = [
            Pair {
                source: TEN,
                suspicious: TEN,
                cases: &a,
                detections: &none,
            },
            Pair {
                source: TEN,
                suspicious: TEN,
                cases: &none,
                detections: &a,
            },
        ];
        let m = pan(&pairs);
        assert_eq!((m.recall, m.precision, m.plagdet), (0.0, 0.0, 0.0));
    }

    #[test]
    fn characters_not_bytes() {
        // "é" is 2 bytes: suspicious "ééééx" — case bytes 0..8 = 4 chars, detection bytes
        // 4..9 = 3 chars ("ééx"); source ASCII.
        let susp = "ééééx";
        let cases = [t(0..8, 0..4)];
        let dets = [t(4..9, 0..4)];
        let m = pan(&[Pair {
            source: "abcdefgh",
            suspicious: susp,
            cases: &cases,
            detections: &dets,
        }]);
        // Case: 4 + 4 chars, covered 2 + 4 → 0.75. Detection: 3 + 4 chars, 2 + 4 → 6/7.
        assert!(close(m.recall, 0.75), "{m:?}");
        assert!(close(m.precision, 6.0 / 7.0), "{m:?}");
    }

    #[test]
    fn empty_conventions() {
        let none: [Truth; 0] = [];
        let m = one(&none, &none);
        assert_eq!(
            (m.precision, m.recall, m.granularity, m.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
        // Detections on a pair without reuse: recall 1 (vacuous), precision 0.
        let m = one(&none, &[t(0..2, 0..2)]);
        assert_eq!((m.precision, m.recall, m.plagdet), (0.0, 1.0, 0.0));
        // Cases and no detection: precision 1 (vacuous), recall 0.
        let m = one(&[t(0..2, 0..2)], &none);
        assert_eq!(
            (m.precision, m.recall, m.granularity, m.plagdet),
            (1.0, 0.0, 1.0, 0.0)
        );
    }

    #[test]
    fn the_truth_as_detections_is_perfect() {
        let cases = crate::pan::all(3, 9);
        let pairs: Vec<Pair> = cases
            .iter()
            .map(|c| Pair {
                source: &c.source,
                suspicious: &c.suspicious,
                cases: &c.truth,
                detections: &c.truth,
            })
            .collect();
        let m = pan(&pairs);
        assert_eq!(
            (m.precision, m.recall, m.granularity, m.plagdet),
            (1.0, 1.0, 1.0, 1.0)
        );
        assert_eq!(m.detected_cases, m.cases);
    }

    #[test]
    fn auc() {
        // Pairs: 0.9>0.1, 0.9>0.8, 0.8>0.1, 0.8=0.8 (½) → 3.5 / 4.
        assert_eq!(roc_auc(&[0.9, 0.8], &[0.1, 0.8]), Some(0.875));
        assert_eq!(roc_auc(&[2.0, 3.0], &[0.0, 1.0]), Some(1.0));
        assert_eq!(roc_auc(&[0.0, 1.0], &[2.0, 3.0]), Some(0.0));
        assert_eq!(roc_auc(&[1.0, 1.0], &[1.0]), Some(0.5));
        assert_eq!(roc_auc(&[], &[1.0]), None);
        assert_eq!(roc_auc(&[1.0], &[]), None);
        // Against the pairwise definition on a bigger example with ties.
        let p = [0.3, 0.5, 0.5, 0.9, 0.1, 0.7];
        let n = [0.5, 0.2, 0.1, 0.0, 0.7];
        let mut u = 0.0;
        for a in p {
            for b in n {
                u += if a > b {
                    1.0
                } else if a == b {
                    0.5
                } else {
                    0.0
                };
            }
        }
        let want = u / (p.len() * n.len()) as f64;
        assert!(close(roc_auc(&p, &n).unwrap(), want));
    }

    #[test]
    fn confusion() {
        let mut c = Confusion::with_rows(&["verbatim", "negative", "summary"]);
        c.add("verbatim", "duplicate");
        c.add("verbatim", "duplicate");
        c.add("negative", "unrelated");
        c.add("verbatim", "unrelated");
        c.add("other", "duplicate");
        assert_eq!(c.get("verbatim", "duplicate"), 2);
        assert_eq!(c.get("verbatim", "unrelated"), 1);
        assert_eq!(c.get("summary", "duplicate"), 0);
        assert_eq!(c.get("nope", "duplicate"), 0);
        assert_eq!(c.columns(), ["duplicate", "unrelated"]);
        assert_eq!(c.rows(), ["verbatim", "negative", "summary", "other"]);
        let table = c.to_string();
        assert_eq!(
            table,
            "| expected \\ predicted | duplicate | unrelated | total |\n\
             |:---|---:|---:|---:|\n\
             | verbatim | 2 | 1 | 3 |\n\
             | negative | 0 | 1 | 1 |\n\
             | summary | 0 | 0 | 0 |\n\
             | other | 1 | 0 | 1 |\n"
        );
    }
}
