//! Provenance in the reader (issue #17): the comparison's header names each side's publisher
//! and credits and says who copied whom in one line; the pairs screen's SRC column shows the
//! likely original once the worker's provenance arrives; a person's copy mark wins.

mod common;
use common::{articles_dir, drive, open_pair, scan_into, tui_app};
use parallax::tui::action::Action;
use parallax::tui::state::App;

fn screen(app: &App) -> Vec<String> {
    common::screen_lines(app)
}

#[test]
fn comparison_header_names_publisher_credits_and_origin() {
    for (w, h) in [(80, 24), (160, 45)] {
        let mut app = tui_app(w, h);
        open_pair(&mut app, "004", "002");
        let s = screen(&app);
        assert!(s[0].contains("Deutsche Wel"), "{}", s[0]);
        if w >= 120 {
            assert!(s[1].contains(" - (credits AFP, Reuters)"), "{}", s[1]);
        } else {
            assert!(s[1].contains(" · - · Nagorno"), "{}", s[1]);
        }
        assert!(
            !s[1].contains("· AFP ·"),
            "002's publisher is not AFP: {}",
            s[1]
        );
        assert!(s[3].contains("copied 004"), "{w}x{h}: {}", s[3]);
        assert!(s[3].contains("containment, sign-off"), "{w}x{h}: {}", s[3]);
        assert!(s[3].starts_with("──"), "over the rule: {}", s[3]);
        // Swapping sides keeps the story straight.
        drive(&mut app, [Action::SwapSides]);
        let s = screen(&app);
        assert!(s[3].contains("copied 004"), "{}", s[3]);
    }
}

#[test]
fn pairs_screen_shows_the_original_once_worked_out() {
    let mut app = tui_app(160, 45);
    scan_into(&mut app, &articles_dir());
    drive(&mut app, [Action::OpenPairs]);
    let s = screen(&app);
    let head = s.iter().find(|l| l.contains("VERDICT")).unwrap();
    assert!(head.contains(" SRC "), "{head}");
    let row = s
        .iter()
        .find(|l| l.contains("004_930046805f83b52a"))
        .unwrap()
        .clone();
    // Not worked out yet: blank.
    assert!(!row.contains("   L  "), "{row}");
    let pair = app.scan.pairs[0].clone();
    let c = parallax_core::corpus::Corpus::open(&articles_dir()).unwrap();
    let found = parallax_core::provenance::for_pairs(&c, &[(&pair.left, &pair.right)], &[]);
    drive(
        &mut app,
        [Action::PairsProvenance(vec![(
            pair.left.clone(),
            pair.right.clone(),
            found[0].clone(),
        )])],
    );
    let s = screen(&app);
    let row = s
        .iter()
        .find(|l| l.contains("004_930046805f83b52a"))
        .unwrap();
    let origin = if pair.left.starts_with("004") {
        "L"
    } else {
        "R"
    };
    assert!(row.contains(&format!("   {origin}  ")), "{row}");
    // A result for other pairs (an older scan) changes nothing.
    drive(
        &mut app,
        [Action::PairsProvenance(vec![(
            "x".into(),
            "y".into(),
            None,
        )])],
    );
    assert!(app.scan.pairs[0].provenance.is_some());
}

#[test]
fn a_persons_copy_mark_wins_in_the_pairs_column() {
    use parallax::tui::state::copy_label;
    let mut app = tui_app(160, 45);
    scan_into(&mut app, &articles_dir());
    drive(&mut app, [Action::OpenPairs]);
    let pair = app.scan.pairs[0].clone();
    // The analyst says the right one is the original (against the evidence, if need be).
    drive(
        &mut app,
        [Action::PairLabels(vec![(
            pair.left.clone(),
            pair.right.clone(),
            copy_label(&pair.right),
        )])],
    );
    let s = screen(&app);
    let row = s.iter().find(|l| l.contains(&pair.left)).unwrap();
    assert!(row.contains("  R*  "), "{row}");
    assert!(row.contains("is the original"), "{row}");
}
