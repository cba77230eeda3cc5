//! Provenance on a generated corpus with planted sources, copies, credits, dates and families
//! ([`parallax_synth::provenance`]): direction accuracy, credit accuracy, family equality.
//!
//! `cargo run --release -p parallax-synth --example provenance_bench -- [FAMILIES] [SEED]`
//! (defaults: 60 families, seed 1). The figures are recorded in docs/benchmarks.md.

use parallax_core::corpus::Corpus;
use parallax_core::engine::compare::compare;
use parallax_core::provenance::{self, families, Credited, Direction, Shared};
use parallax_synth::provenance::{corpus, Credit};
use std::collections::{BTreeSet, HashMap};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(60);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let planted = corpus(n, seed);
    let dir = tempfile::tempdir().expect("temp dir");
    planted.write(dir.path()).expect("write corpus");
    let c = Corpus::open(dir.path()).expect("corpus opens");
    let load = |i: usize| {
        let id = planted.id(i);
        c.load(c.resolve(&id).expect("id")).expect("loads")
    };

    let (mut right, mut wrong, mut unknown, mut confident_wrong) = (0, 0, 0, 0);
    let (mut credit_ok, mut credit_all) = (0, 0);
    let mut confusion: HashMap<(&str, &str), usize> = HashMap::new();
    let mut by_kind: HashMap<&str, (usize, usize)> = HashMap::new();
    for cp in &planted.copies {
        let (src, copy) = (load(cp.source), load(cp.copy));
        let cmp = compare(&src, &copy);
        let p = provenance::infer(&src, &copy, &cmp);
        let kind = if cp.compound { "compound" } else { "full copy" };
        let e = by_kind.entry(kind).or_default();
        e.1 += 1;
        match p.direction {
            Direction::LeftIsSource => {
                right += 1;
                e.0 += 1;
            }
            Direction::RightIsSource => {
                wrong += 1;
                if p.confidence >= provenance::CONFIDENT {
                    confident_wrong += 1;
                }
            }
            Direction::Unknown => unknown += 1,
        }
        if std::env::var_os("PROVENANCE_DEBUG").is_some() && p.direction != Direction::LeftIsSource
        {
            eprintln!(
                "{kind} {} → {}: {:?} {:.2}/{:.2} dates {:?} {:?}; {:#?}",
                src.id,
                copy.id,
                p.direction,
                cmp.scores.left_in_right,
                cmp.scores.right_in_left,
                src.meta.date,
                copy.meta.date,
                p.evidence
            );
        }
        // Credit, given the true direction.
        let s = Shared::of(&src, &copy, &cmp);
        let (got, _) = provenance::credited(&src, &copy, &s.right);
        let want = match cp.credit {
            Credit::Yes => Credited::Yes,
            Credit::Partial => Credited::Partial,
            Credit::No => Credited::No,
        };
        credit_all += 1;
        if got == want {
            credit_ok += 1;
        } else if std::env::var_os("PROVENANCE_DEBUG").is_some() {
            eprintln!(
                "credit {} → {}: planted {want:?}, found {got:?}; source {:?} credits {:?}; copy credits {:?}",
                src.id, copy.id, src.meta.source, src.meta.credits, copy.meta.credit_items
            );
        }
        *confusion.entry((name(want), name(got))).or_default() += 1;
    }
    let total = planted.copies.len();
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "corpus: {} files, {} families, {} planted copies (seed {seed})",
        planted.files.len(),
        planted.families.len(),
        total
    );
    println!(
        "direction: {right} right, {wrong} wrong ({confident_wrong} of them confident), {unknown} unknown: accuracy {:.1}% of all pairs, {:.1}% of pairs given a direction",
        pct(right, total),
        pct(right, right + wrong)
    );
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort();
    for (k, (ok, all)) in kinds {
        println!("  {k}: {ok}/{all} right ({:.1}%)", pct(ok, all));
    }
    println!(
        "credit (given the true direction): {credit_ok}/{credit_all} right ({:.1}%)",
        pct(credit_ok, credit_all)
    );
    let mut conf: Vec<_> = confusion.into_iter().collect();
    conf.sort();
    for ((w, g), k) in conf {
        println!("  planted {w:7} → found {g:7} {k}");
    }

    // Families through the scan, as `parallax scan --clusters` finds them.
    let o = parallax_core::scan::Options::default();
    let mut scan = parallax_core::scan::scan_corpus(&c, &o, &parallax_core::scan::Quiet);
    parallax_core::scan::with_provenance(&c, &mut scan.pairs, &[]);
    let links: Vec<families::Link> = scan.pairs.iter().map(|p| p.link()).collect();
    let found = families::families(&links, &HashMap::new());
    let want: BTreeSet<BTreeSet<String>> = planted
        .families
        .iter()
        .map(|f| f.iter().map(|&i| planted.id(i)).collect())
        .collect();
    let got: BTreeSet<BTreeSet<String>> = found
        .iter()
        .map(|f| f.members.iter().map(|m| m.id.clone()).collect())
        .collect();
    let same = want.intersection(&got).count();
    if std::env::var_os("PROVENANCE_DEBUG").is_some() {
        for f in want.difference(&got) {
            eprintln!("planted, not found: {f:?}");
        }
        for f in got.difference(&want) {
            eprintln!("found, not planted: {f:?}");
        }
        for p in &scan.pairs {
            eprintln!(
                "pair {} {} {:.2} {:.2}",
                p.left, p.right, p.left_in_right, p.right_in_left
            );
        }
    }
    let originals = found
        .iter()
        .filter(|f| {
            planted
                .families
                .iter()
                .any(|p| f.original.as_deref() == Some(planted.id(p[0]).as_str()))
        })
        .count();
    println!(
        "families: {} planted, {} found, {same} equal ({}), {originals} with the planted original",
        want.len(),
        got.len(),
        if want == got {
            "all equal"
        } else {
            "not all equal"
        }
    );
}

fn name(c: Credited) -> &'static str {
    c.as_str()
}
