//! The reader's use of the corpus scan: the pairs screen, the picker's counterpart column
//! and coverage strips, driven through the pure `update` with the scan run on the seeds.

mod common;
use common::{articles_dir, drive, scan_into, tui_app};
use parallax::tui::action::Action;
use parallax::tui::state::*;
use parallax::tui::update::{update, Effect};
use parallax_core::engine::score::Verdict as Scored;

fn entry<'a>(app: &'a App, prefix: &str) -> &'a Entry {
    app.picker
        .entries
        .iter()
        .find(|e| e.article.id.starts_with(prefix))
        .expect("seed in the picker")
}

fn cursor_to(app: &mut App, prefix: &str) {
    let k = app
        .picker
        .visible
        .iter()
        .position(|&i| app.picker.entries[i].article.id.starts_with(prefix))
        .expect("seed visible");
    drive(app, [Action::Top]);
    drive(app, std::iter::repeat_n(Action::Down, k));
}

#[test]
fn the_scan_gives_each_seed_its_likely_counterpart() {
    let mut app = tui_app(160, 45);
    assert_eq!(app.scan.status, ScanStatus::Idle);
    scan_into(&mut app, &articles_dir());
    assert_eq!(app.scan.status, ScanStatus::Done);
    // The DW article is nearly all inside the forum thread; the thread is mostly other text.
    let dw = entry(&app, "004").counterpart.clone().expect("004 has one");
    assert!(dw.id.starts_with("002"), "{dw:?}");
    assert!(dw.share > 0.9 && dw.back < 0.3, "{dw:?}");
    let thread = entry(&app, "002").counterpart.clone().expect("002 has one");
    assert!(thread.id.starts_with("004"), "{thread:?}");
    assert!((thread.share - dw.back).abs() < 1e-9);
    // 003 is related but independent: no counterpart.
    assert_eq!(entry(&app, "003").counterpart, None);
    // The status bar says what was found and where to see it.
    let s = app.status.clone().expect("a status");
    assert!(s.text.contains("pair") && s.text.contains(" p "), "{s:?}");
}

#[test]
fn a_left_pick_shows_its_shares_with_every_other_article() {
    let mut app = tui_app(160, 45);
    scan_into(&mut app, &articles_dir());
    cursor_to(&mut app, "004");
    drive(&mut app, [Action::Pick]);
    let thread = entry(&app, "002").article.id.clone();
    let (it_in_left, left_in_it) = app.picker.with_left[&thread];
    assert!(left_in_it > 0.9 && it_in_left < 0.3);
    assert!(!app
        .picker
        .with_left
        .contains_key(&entry(&app, "003").article.id));
    drive(&mut app, [Action::Back]);
    assert!(app.picker.left.is_none() && app.picker.with_left.is_empty());
}

#[test]
fn pairs_screen_lists_pairs_and_opens_them() {
    let mut app = tui_app(160, 45);
    drive(&mut app, [Action::OpenPairs]);
    assert_eq!(app.screen, Screen::Pairs);
    assert!(app.scan.visible.is_empty());
    // Enter before the scan ends does nothing.
    assert!(drive(&mut app, [Action::Pick]).is_empty());
    assert!(app.compare.is_none());

    scan_into(&mut app, &articles_dir());
    let top = app.scan.current().expect("a pair").clone();
    assert!(top.left.starts_with("004") && top.right.starts_with("002"));
    assert_eq!(top.verdict, Scored::LeftContainedInRight);
    // 003/004 and 000/003 are not listed.
    for p in &app.scan.pairs {
        let ids = [&p.left[..3], &p.right[..3]];
        assert!(ids != ["003", "004"] && ids != ["004", "003"], "{p:?}");
        assert!(ids != ["000", "003"] && ids != ["003", "000"], "{p:?}");
    }

    // Enter opens the pair, the article with the larger share on the left; q comes back.
    drive(&mut app, [Action::Pick]);
    assert_eq!(app.screen, Screen::Compare);
    let cv = app.compare.as_ref().expect("open");
    assert_eq!(cv.left.id, top.left);
    assert_eq!(cv.right.id, top.right);
    assert!(cv.comparison.is_some());
    drive(&mut app, [Action::Quit]);
    assert_eq!(app.screen, Screen::Pairs);
    assert!(app.compare.is_none());

    // Moving, then q back to the list.
    drive(&mut app, [Action::Bottom]);
    assert_eq!(app.scan.cursor, app.scan.visible.len() - 1);
    drive(&mut app, [Action::Quit]);
    assert_eq!(app.screen, Screen::Picker);
    assert!(!app.quit);
}

#[test]
fn pairs_filter_by_id_and_title() {
    let mut app = tui_app(80, 24);
    scan_into(&mut app, &articles_dir());
    let all = app.scan.pairs.len();
    assert!(all >= 1);
    let dw_pairs = |app: &App| {
        app.scan
            .visible
            .iter()
            .filter(|&&k| {
                let p = &app.scan.pairs[k];
                p.left.starts_with("004") || p.right.starts_with("004")
            })
            .count()
    };
    let with_dw = dw_pairs(&app);
    assert!(with_dw >= 1);
    drive(&mut app, [Action::OpenPairs, Action::StartFilter]);
    drive(&mut app, "004".chars().map(Action::Input));
    assert_eq!(
        app.scan.visible.len(),
        with_dw,
        "only the DW article's pairs"
    );
    assert_eq!(dw_pairs(&app), with_dw);
    drive(&mut app, [Action::Submit]);
    assert!(!app.scan.filtering);
    // 003 shares no 12-word run with anything.
    drive(&mut app, [Action::Back, Action::StartFilter]);
    assert_eq!(app.scan.visible.len(), all);
    drive(&mut app, "003".chars().map(Action::Input));
    assert!(app.scan.visible.is_empty());
    // A title word: the DW/AFP headline.
    drive(&mut app, [Action::Back, Action::StartFilter]);
    drive(&mut app, "peacekeeping".chars().map(Action::Input));
    assert!(app.scan.visible.iter().any(|&k| {
        let p = &app.scan.pairs[k];
        p.left.starts_with("004") && p.right.starts_with("002")
    }));
    drive(&mut app, "zzzz".chars().map(Action::Input));
    assert!(app.scan.visible.is_empty());
    assert!(drive(&mut app, [Action::Submit, Action::Pick]).is_empty());
    drive(&mut app, [Action::Back]);
    assert_eq!(app.scan.visible.len(), all);
    assert_eq!(app.screen, Screen::Pairs);
}

#[test]
fn coverage_is_asked_for_what_is_under_the_cursor_once() {
    let mut app = tui_app(160, 45);
    // Before the scan: nothing to ask.
    assert!(update(&mut app, Action::Down)
        .iter()
        .all(|e| !matches!(e, Effect::Coverage { .. })));
    scan_into(&mut app, &articles_dir()); // drive computes the coverage asked for
    let here = app.picker.entries[app.picker.visible[app.picker.cursor]]
        .article
        .id
        .clone();
    assert!(app.scan.coverage.contains_key(&here));
    // Moving to another article asks for its coverage, once, however often it is redrawn.
    let effects = update(&mut app, Action::Down);
    let asked: Vec<String> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Coverage { articles, .. } => Some(articles[0].id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(asked.len(), 1);
    assert!(update(&mut app, Action::Nothing).is_empty());
    // Coming back to an article whose coverage is known asks nothing.
    assert!(update(&mut app, Action::Up).is_empty());

    // The forum thread: the DW article over its first part, then no source.
    cursor_to(&mut app, "002");
    let id = entry(&app, "002").article.id.clone();
    let cov = app.scan.coverage.get(&id).expect("computed").clone();
    assert!(cov.sources[0].id.starts_with("004"));
    let strip = cov.strip(40);
    assert_eq!(strip[0], Some(0), "starts with the DW article");
    assert!(strip[30..].iter().all(|c| c.is_none()), "{strip:?}");

    // The pairs screen asks for both articles of the pair.
    app.scan.coverage.clear();
    let effects = update(&mut app, Action::OpenPairs);
    let n = effects
        .iter()
        .map(|e| match e {
            Effect::Coverage { articles, .. } => articles.len(),
            _ => 0,
        })
        .sum::<usize>();
    assert_eq!(n, 2);
}

#[test]
fn an_empty_scan_and_a_corpus_of_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("only.txt"),
        "One article alone.\n\nIt has nothing to share with anybody at all here.\n",
    )
    .unwrap();
    let mut app = common::tui_app_on(dir.path(), "one", 80, 24);
    scan_into(&mut app, dir.path());
    assert!(app.scan.pairs.is_empty());
    assert_eq!(entry(&app, "only").counterpart, None);
    let cov = app
        .scan
        .coverage
        .values()
        .next()
        .expect("the one article's");
    assert!(cov.sources.is_empty());
    drive(&mut app, [Action::OpenPairs, Action::Down, Action::Pick]);
    assert_eq!(app.screen, Screen::Pairs);
}

#[test]
fn marking_a_pair_from_the_pairs_screen() {
    let mut app = tui_app(160, 45);
    scan_into(&mut app, &articles_dir());
    drive(&mut app, [Action::OpenPairs, Action::MarkScannedPair]);
    // The menu opens on what the scan suggests: 004 is inside 002, so 002 reposts 004.
    assert_eq!(
        app.popup,
        Some(Popup::Verdict {
            selected: VERDICTS
                .iter()
                .position(|(v, _)| *v == Verdict::CopyLeftIsSource)
                .unwrap()
        })
    );
    let effects = drive(&mut app, [Action::Submit]);
    assert!(app.popup.is_none());
    match &effects[0] {
        Effect::MarkPair {
            left,
            right,
            verdict,
        } => {
            assert!(left.id.starts_with("004") && right.id.starts_with("002"));
            assert_eq!(*verdict, Verdict::CopyLeftIsSource);
        }
        e => panic!("expected a pair mark, got {e:?}"),
    }
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadCounts)));
    assert_eq!(app.screen, Screen::Pairs);
    // The store's answer: the pair shows as marked, whichever order the store has it in.
    let (l, r) = {
        let p = app.scan.current().unwrap();
        (p.left.clone(), p.right.clone())
    };
    drive(
        &mut app,
        [Action::PairLabels(vec![(
            r.clone(),
            l.clone(),
            "copy".into(),
        )])],
    );
    assert_eq!(app.scan.label(&l, &r), Some("copy"));
    assert_eq!(app.scan.label(&r, &l), Some("copy"));
    // Esc closes the menu without marking.
    let effects = drive(&mut app, [Action::MarkScannedPair, Action::Back]);
    assert!(effects.is_empty() && app.popup.is_none());
}
