//! A copy whose paragraphs merge sentences of several paragraphs of the source, in another
//! order, drawn by the text report: one row holds the merged paragraphs of both sides, and no
//! sentence copied word for word is drawn as deleted on one side and inserted on the other.

mod common;
use parallax::report::{self, ColorChoice, Layout, Options};
use parallax_core::engine::compare::RowKind;
use parallax_core::engine::diff::SpanKind;

/// The DW seed with paragraphs 4 to 7 (four paragraphs of one or two sentences) merged into
/// two, their sentences shuffled across them.
fn merged_copy() -> (parallax_core::Article, parallax_core::Article) {
    let dw = common::seed("004");
    let p = |k: usize| dw.paragraphs[k].text.clone();
    let mut out: Vec<String> = Vec::new();
    for (k, para) in dw.paragraphs.iter().enumerate() {
        match k {
            4 => out.push(format!("{} {}", p(5), p(4))),
            5 => out.push(format!("{} {}", p(7), p(6))),
            6 | 7 => {}
            _ => out.push(para.text.clone()),
        }
    }
    let copy = common::article("copy", &out.join("\n\n"));
    (dw, copy)
}

#[test]
fn merged_and_reordered_paragraphs_are_one_row_with_nothing_deleted() {
    let (dw, copy) = merged_copy();
    let c = parallax_core::compare(&dw, &copy);
    // Each merged paragraph is one row with the two source paragraphs it holds.
    let merged: Vec<(&[usize], &[usize])> = c
        .rows
        .iter()
        .filter(|r| r.left.len() > 1 || r.right.len() > 1)
        .map(|r| (r.left.as_slice(), r.right.as_slice()))
        .collect();
    assert_eq!(
        merged,
        [(&[4, 5][..], &[4][..]), (&[6, 7][..], &[5][..])],
        "{:?}",
        c.rows
    );
    // Every word of them is found on the other side: none drawn as deleted or inserted; the
    // sentences out of order are `moved`.
    for row in c.rows.iter().filter(|r| r.left.len() > 1) {
        for s in row.spans.left.iter().chain(&row.spans.right) {
            assert!(s.kind.matched(), "{s:?} in {row:?}");
        }
        assert!(row.spans.left.iter().any(|s| s.kind == SpanKind::Moved));
        assert_eq!(row.similarity, 1.0);
    }
    assert!(c.rows.iter().all(|r| matches!(
        r.kind,
        RowKind::Identical | RowKind::Near | RowKind::Changed | RowKind::LeftOnly
    )));
    assert!(c.scores.left_in_right > 0.95 && c.scores.right_in_left > 0.95);

    let mut out = Vec::new();
    let o = Options {
        width: 120,
        layout: Layout::Side,
        color: ColorChoice::Never.enabled(false),
        full: true,
    };
    report::compare(&mut out, &dw, &copy, &c, &o).unwrap();
    let text = String::from_utf8(out).unwrap();
    // No word marked deleted or inserted below the legend.
    let body = text.split_once("\nlegend ").expect("legend").1;
    let body = body.split_once('\n').expect("rows").1;
    assert!(!body.contains("[-") && !body.contains("{+"), "{text}");
    insta::assert_snapshot!("merged_paragraphs_report", text);
}
