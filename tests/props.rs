//! Properties of the engine on generated inputs (proptest).

mod common;
use common::article;
use parallax::report::{self, Layout, Options};
use parallax_core::engine::compare::{compare, RowKind};
use parallax_core::engine::score::Verdict;
use proptest::prelude::*;

const VOCAB: &[&str] = &[
    "Russia",
    "Azerbaijan",
    "Armenia",
    "peacekeepers",
    "said",
    "the",
    "of",
    "in",
    "troops",
    "Defense",
    "Defence",
    "ministry",
    "village",
    "Farukh",
    "Farrukh",
    "ceasefire",
    "2020",
    "6,500",
    "Moscow",
    "Baku",
    "Yerevan",
    "statement",
    "drones",
    "strike",
    "withdraw",
    "Nagorno-Karabakh",
    "“quote”",
    "zone",
    "a",
    "to",
    "and",
    "Sergei",
    "Sergey",
    "war",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => proptest::sample::select(VOCAB).prop_map(str::to_string),
        1 => "\\PC{1,8}",
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    proptest::collection::vec(word(), 1..30).prop_map(|w| {
        let mut s = w.join(" ");
        s.push('.');
        s
    })
}

/// Articles as paragraphs, joined by blank lines.
fn paragraphs() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(paragraph(), 0..12)
}

/// An edited copy: some paragraphs dropped, swapped, changed or added.
fn edited(ps: &[String], ops: &[(u8, usize, String)]) -> Vec<String> {
    let mut out = ps.to_vec();
    for (op, at, text) in ops {
        if out.is_empty() {
            out.push(text.clone());
            continue;
        }
        let i = at % out.len();
        match op % 4 {
            0 => {
                out.remove(i);
            }
            1 => {
                let j = (i + 1) % out.len();
                out.swap(i, j);
            }
            2 => out[i] = format!("{} {}", out[i], text),
            _ => out.insert(i, text.clone()),
        }
    }
    out
}

fn check_rows_partition(c: &parallax_core::Comparison, nl: usize, nr: usize) {
    let mut seen_l = vec![0; nl];
    let mut seen_r = vec![0; nr];
    let (mut last_l, mut last_r) = (None, None);
    for r in &c.rows {
        for &i in &r.left {
            seen_l[i] += 1;
            assert!(last_l < Some(i), "left indices increase");
            last_l = Some(i);
        }
        for &j in &r.right {
            seen_r[j] += 1;
            assert!(last_r < Some(j), "right indices increase");
            last_r = Some(j);
        }
        match r.kind {
            RowKind::LeftOnly => assert!(r.right.is_empty() && !r.left.is_empty()),
            RowKind::RightOnly => assert!(r.left.is_empty() && !r.right.is_empty()),
            _ => assert!(!r.left.is_empty() && !r.right.is_empty()),
        }
        assert!((0.0..=1.0).contains(&r.similarity));
    }
    assert!(seen_l.iter().all(|&n| n == 1), "left {seen_l:?}");
    assert!(seen_r.iter().all(|&n| n == 1), "right {seen_r:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn identity_is_a_duplicate(ps in paragraphs()) {
        let a = article("a", &ps.join("\n\n"));
        let c = compare(&a, &a);
        prop_assert_eq!(c.rows.len(), a.paragraphs.len());
        for (k, r) in c.rows.iter().enumerate() {
            prop_assert_eq!(&r.left, &vec![k]);
            prop_assert_eq!(&r.right, &vec![k]);
            prop_assert_eq!(r.kind, RowKind::Identical);
        }
        prop_assert!(c.moves.is_empty());
        prop_assert_eq!(c.verdict, Verdict::Duplicate);
    }

    #[test]
    fn rows_partition_both_sides(ps in paragraphs(), ops in proptest::collection::vec((any::<u8>(), any::<usize>(), paragraph()), 0..6)) {
        let a = article("a", &ps.join("\n\n"));
        let b = article("b", &edited(&ps, &ops).join("\n\n"));
        let c = compare(&a, &b);
        check_rows_partition(&c, a.paragraphs.len(), b.paragraphs.len());
        for s in [&c.scores.left_in_right, &c.scores.right_in_left, &c.scores.similarity] {
            prop_assert!((0.0..=1.0).contains(s));
        }
    }

    #[test]
    fn compare_mirrors(ps in paragraphs(), ops in proptest::collection::vec((any::<u8>(), any::<usize>(), paragraph()), 0..6)) {
        let a = article("a", &ps.join("\n\n"));
        let b = article("b", &edited(&ps, &ops).join("\n\n"));
        prop_assert_eq!(compare(&a, &b), compare(&b, &a).mirrored());
    }

    #[test]
    fn arbitrary_unicode_never_panics(x in "\\PC{0,400}|(.|\\n|\\r|\\x1b|\\u{202e}){0,200}", y in "\\PC{0,60}") {
        let a = article("x", &x);
        let b = article("y", &y);
        let c = compare(&a, &b);
        check_rows_partition(&c, a.paragraphs.len(), b.paragraphs.len());
        for p in &a.paragraphs {
            prop_assert!(a.text.is_char_boundary(p.start) && a.text.is_char_boundary(p.end));
        }
        for (layout, color) in [(Layout::Side, false), (Layout::Stacked, true)] {
            let mut out = Vec::new();
            let o = Options { width: 90, layout, color, full: true };
            report::compare(&mut out, &a, &b, &c, &o).unwrap();
            let s = String::from_utf8(out).unwrap();
            // Only our own SGR sequences may hold ESC, and none at all without colour.
            let escapes = s.matches('\u{1b}').count();
            let sgr = s.matches("\u{1b}[").count();
            prop_assert_eq!(escapes, sgr);
            if !color {
                prop_assert_eq!(escapes, 0);
            }
            prop_assert!(!s.contains('\u{202e}'), "bidi override reached the output");
        }
    }

    #[test]
    fn empty_and_one_word(w in "\\PC{0,12}") {
        let empty = article("e", "");
        let one = article("w", &w);
        let c = compare(&empty, &one);
        check_rows_partition(&c, 0, one.paragraphs.len());
        let c = compare(&one, &one);
        prop_assert_eq!(c.verdict, Verdict::Duplicate);
    }
}
