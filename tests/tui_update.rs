//! `update(state, action)` is pure: each action's effect on the state and the work it asks for.

mod common;
use common::{drive, open_pair, tui_app};
use parallax::tui::action::Action;
use parallax::tui::state::*;
use parallax::tui::update::{update, Effect};
use parallax_core::engine::compare::RowKind;

fn cv(app: &App) -> &CompareView {
    app.compare.as_ref().expect("a comparison is open")
}

#[test]
fn picker_moves_filters_and_picks() {
    let mut app = tui_app(160, 45);
    assert_eq!(app.screen, Screen::Picker);
    assert_eq!(app.picker.visible.len(), 5);
    drive(&mut app, [Action::Down, Action::Down]);
    assert_eq!(app.picker.cursor, 2);
    drive(&mut app, [Action::Up]);
    assert_eq!(app.picker.cursor, 1);
    drive(&mut app, [Action::Bottom]);
    assert_eq!(app.picker.cursor, 4);
    drive(&mut app, [Action::Top]);
    assert_eq!(app.picker.cursor, 0);
    drive(&mut app, [Action::PageDown]);
    assert_eq!(app.picker.cursor, 4, "a page is longer than five articles");
    drive(
        &mut app,
        [Action::PageUp, Action::HalfPageDown, Action::HalfPageUp],
    );
    assert_eq!(app.picker.cursor, 0);
    drive(&mut app, [Action::ScrollLines(2)]);
    assert_eq!(app.picker.cursor, 2);
    drive(&mut app, [Action::Click(3, 2)]);
    assert_eq!(app.picker.cursor, 0, "a click on the first list line");

    // Filter as you type: title, source and path.
    drive(&mut app, [Action::StartFilter]);
    assert!(app.picker.filtering);
    for c in "welle".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    assert_eq!(app.picker.visible.len(), 1);
    assert!(app.picker.entries[app.picker.visible[0]]
        .article
        .id
        .starts_with("004"));
    drive(
        &mut app,
        [
            Action::Backspace,
            Action::Backspace,
            Action::Backspace,
            Action::Backspace,
            Action::Backspace,
        ],
    );
    assert_eq!(app.picker.visible.len(), 5);
    for c in "nagorno".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    assert_eq!(app.picker.visible.len(), 2, "002 and 004 share the title");
    drive(&mut app, [Action::Submit]);
    assert!(!app.picker.filtering);
    assert_eq!(app.picker.filter, "nagorno");
    drive(&mut app, [Action::Back]);
    assert!(app.picker.filter.is_empty());
    assert_eq!(app.picker.visible.len(), 5);

    // Pick left, then the same again (refused), then right: the comparison opens, aligning.
    drive(&mut app, [Action::Bottom, Action::Pick]);
    assert_eq!(app.picker.left, Some(4));
    drive(&mut app, [Action::Pick]);
    assert!(app.status.as_ref().unwrap().error);
    drive(&mut app, [Action::Back]);
    assert_eq!(app.picker.left, None, "Esc clears the left pick");
    drive(&mut app, [Action::Pick, Action::Up, Action::Up]);
    let effects = update(&mut app, Action::Pick);
    assert_eq!(app.screen, Screen::Compare);
    assert!(cv(&app).comparison.is_none(), "aligning");
    assert!(matches!(effects[0], Effect::Align { .. }));
    assert!(matches!(effects[1], Effect::LoadPairMarks { .. }));
    assert!(cv(&app).left.id.starts_with("004"));
    assert!(cv(&app).right.id.starts_with("002"));
}

#[test]
fn aligned_results_are_taken_only_for_the_open_comparison() {
    let mut app = tui_app(160, 45);
    drive(
        &mut app,
        [Action::Bottom, Action::Pick, Action::Up, Action::Up],
    );
    let effects = update(&mut app, Action::Pick);
    let Effect::Align {
        generation,
        left,
        right,
    } = effects[0].clone()
    else {
        panic!("align first")
    };
    let c = parallax_core::compare(&left, &right);
    update(
        &mut app,
        Action::Aligned {
            generation: generation + 7,
            comparison: Box::new(c.clone()),
        },
    );
    assert!(cv(&app).comparison.is_none(), "a stale result is dropped");
    update(
        &mut app,
        Action::Aligned {
            generation,
            comparison: Box::new(c),
        },
    );
    let v = cv(&app);
    assert!(v.comparison.is_some());
    assert_eq!(v.rows.len(), v.comparison.as_ref().unwrap().rows.len());
    assert_eq!(v.layout.heights.len(), v.rows.len());
    assert!(app
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("the left article is contained in the right"));
}

#[test]
fn comparison_navigation() {
    let mut app = tui_app(160, 45);
    open_pair(&mut app, "004", "002");
    let total = cv(&app).rows.len();
    drive(&mut app, [Action::Down, Action::Down]);
    assert_eq!(cv(&app).cursor, 2);
    drive(&mut app, [Action::Up]);
    assert_eq!(cv(&app).cursor, 1);
    drive(&mut app, [Action::Bottom]);
    assert_eq!(cv(&app).cursor, total - 1);
    assert!(cv(&app).top[0] > 0, "the view followed the cursor");
    drive(&mut app, [Action::Top]);
    assert_eq!((cv(&app).cursor, cv(&app).top), (0, [0, 0]));
    drive(&mut app, [Action::PageDown]);
    let after_page = cv(&app).top[0];
    assert!(after_page > 0);
    drive(&mut app, [Action::PageUp]);
    assert_eq!(cv(&app).top[0], 0);
    drive(&mut app, [Action::HalfPageDown]);
    assert!(cv(&app).top[0] > 0 && cv(&app).top[0] < after_page);
    drive(&mut app, [Action::HalfPageUp]);
    assert_eq!(cv(&app).top[0], 0);
    drive(&mut app, [Action::ScrollLines(3)]);
    assert_eq!(cv(&app).top, [3, 3], "locked panes scroll together");

    // n / N and ]c / [c stop at edits, links and the start of unmatched blocks.
    drive(&mut app, [Action::Top, Action::NextChange]);
    let c = cv(&app).comparison.clone().unwrap();
    let first = cv(&app).cursor;
    assert!(first > 0 && is_stop(&c, cv(&app).rows[first]));
    drive(&mut app, [Action::Next]);
    let second = cv(&app).cursor;
    assert!(second > first);
    drive(&mut app, [Action::Prev]);
    assert_eq!(cv(&app).cursor, first);
    drive(&mut app, [Action::NextChange, Action::PrevChange]);
    assert_eq!(cv(&app).cursor, first);
    // Every edited row is a stop.
    let near = cv(&app)
        .rows
        .iter()
        .position(|&k| c.rows[k].kind == RowKind::Near)
        .unwrap();
    drive(&mut app, [Action::Top]);
    let mut guard = 0;
    while cv(&app).cursor < near && guard < 200 {
        drive(&mut app, [Action::Next]);
        guard += 1;
    }
    assert_eq!(cv(&app).cursor, near);

    // A click lands on the row drawn at that line.
    drive(&mut app, [Action::Top, Action::Click(10, 4 + 2)]);
    assert_eq!(cv(&app).cursor, cv(&app).layout.row_at(2));
}

#[test]
fn two_key_sequences() {
    let mut app = tui_app(160, 45);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::Pending(']')]);
    assert_eq!(app.pending, Some(']'));
    drive(&mut app, [Action::NextChange]);
    assert_eq!(app.pending, None);
    drive(&mut app, [Action::Pending('['), Action::Nothing]);
    assert_eq!(app.pending, None, "an unknown sequence is dropped");
}

#[test]
fn panes_lock_swap_wrap_and_views() {
    let mut app = tui_app(160, 45);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::SwitchPane]);
    assert_eq!(cv(&app).focus, Pane::Right);
    drive(&mut app, [Action::ToggleLock]);
    assert!(!cv(&app).lock);
    drive(&mut app, [Action::ScrollLines(5)]);
    assert_eq!(cv(&app).top, [0, 5], "only the focused pane scrolls");
    drive(&mut app, [Action::ToggleLock]);
    assert_eq!(cv(&app).top, [5, 5], "locking aligns on the focused pane");

    let before = cv(&app).comparison.clone().unwrap();
    drive(&mut app, [Action::SwapSides]);
    assert!(cv(&app).left.id.starts_with("002"));
    assert_eq!(cv(&app).comparison.as_ref().unwrap(), &before.mirrored());
    drive(&mut app, [Action::SwapSides]);
    assert_eq!(cv(&app).comparison.as_ref().unwrap(), &before);

    let lines = cv(&app).layout.total;
    drive(&mut app, [Action::ToggleWrap]);
    assert!(!cv(&app).wrap);
    assert_eq!(cv(&app).layout.total, cv(&app).rows.len(), "one line a row");
    drive(&mut app, [Action::ToggleWrap]);
    assert_eq!(cv(&app).layout.total, lines);

    let all = cv(&app).rows.len();
    drive(&mut app, [Action::CycleView]);
    assert_eq!(cv(&app).view, ViewFilter::Shared);
    let shared = cv(&app).rows.len();
    assert!(shared < all);
    let c = cv(&app).comparison.clone().unwrap();
    assert!(cv(&app).rows.iter().all(|&k| !matches!(
        c.rows[k].kind,
        RowKind::LeftOnly | RowKind::RightOnly
    ) || !parallax::report::styled::row_links(
        &c, &c.rows[k]
    )
    .is_empty()));
    drive(&mut app, [Action::CycleView]);
    assert_eq!(cv(&app).view, ViewFilter::Differences);
    assert!(cv(&app)
        .rows
        .iter()
        .all(|&k| c.rows[k].kind != RowKind::Identical));
    drive(&mut app, [Action::CycleView]);
    assert_eq!(cv(&app).rows.len(), all);
}

#[test]
fn search_highlights_and_jumps() {
    let mut app = tui_app(160, 45);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::StartFilter]);
    assert!(cv(&app).search.editing);
    for ch in "farrukh".chars() {
        drive(&mut app, [Action::Input(ch)]);
    }
    let hits = cv(&app).search.hits.clone();
    assert!(
        hits.len() >= 4,
        "Farrukh is in the Reuters items and the op-ed"
    );
    assert!(
        hits.iter().any(|h| h.side == Pane::Left),
        "DW spells it Farukh: a spelling variant, found too"
    );
    drive(&mut app, [Action::Backspace]);
    assert_eq!(cv(&app).search.query, "farruk");
    drive(&mut app, [Action::Input('h'), Action::Submit]);
    assert!(!cv(&app).search.editing);
    let row = cv(&app).rows[cv(&app).cursor];
    assert!(
        hits.iter().any(|h| h.row == row),
        "Enter jumps to the first hit"
    );
    drive(&mut app, [Action::Next]);
    let row2 = cv(&app).rows[cv(&app).cursor];
    // The next hit: on this row (its other side or a later place) or a later one.
    assert!(hits.iter().any(|h| h.row == row2));
    assert!(
        cv(&app).rows.iter().position(|&r| r == row2)
            >= cv(&app).rows.iter().position(|&r| r == row)
    );
    drive(&mut app, [Action::Prev]);
    assert_eq!(cv(&app).rows[cv(&app).cursor], row);
    drive(&mut app, [Action::Back]);
    assert!(!cv(&app).search.active(), "Esc clears the search");
    drive(
        &mut app,
        [Action::StartFilter, Action::Input('x'), Action::Back],
    );
    assert!(!cv(&app).search.active() && !cv(&app).search.editing);
    assert_eq!(app.screen, Screen::Compare);
}

#[test]
fn jump_to_a_moved_paragraphs_partner() {
    let mut app = tui_app(160, 45);
    open_pair(&mut app, "004", "002");
    // Row 1 is 002's first copy of the title: a repeat of DW ¶0, aligned at 002 ¶4.
    let c = cv(&app).comparison.clone().unwrap();
    let linked = cv(&app)
        .rows
        .iter()
        .position(|&k| !parallax::report::styled::row_links(&c, &c.rows[k]).is_empty())
        .unwrap();
    drive(&mut app, std::iter::repeat_n(Action::Down, linked));
    drive(&mut app, [Action::JumpToLink]);
    let row = &c.rows[cv(&app).rows[cv(&app).cursor]];
    assert!(row.left.contains(&0), "the partner row holds DW ¶0");
    drive(&mut app, [Action::JumpToLink]);
    assert!(
        app.status.as_ref().unwrap().error,
        "an aligned row has no link"
    );
}

#[test]
fn marking_asks_the_store() {
    let mut app = tui_app(160, 45);
    open_pair(&mut app, "004", "002");
    // On a one-sided row with a partner, the mark takes the link's paragraphs.
    drive(&mut app, [Action::NextChange]);
    let effects = drive(&mut app, [Action::MarkRow(RowLabel::Duplicate)]);
    assert!(
        matches!(&effects[0], Effect::MarkRow { left_paras, right_paras, .. } if left_paras == &vec![0] && right_paras == &vec![1])
    );
    // On an aligned row, its paragraphs.
    drive(&mut app, [Action::NextChange, Action::NextChange]);
    let row = cv(&app).cursor_row().unwrap().clone();
    assert!(!row.left.is_empty() && !row.right.is_empty());
    let effects = drive(&mut app, [Action::MarkRow(RowLabel::Duplicate)]);
    match &effects[0] {
        Effect::MarkRow {
            left_paras,
            right_paras,
            label,
            ..
        } => {
            assert_eq!((left_paras, right_paras), (&row.left, &row.right));
            assert_eq!(*label, RowLabel::Duplicate);
        }
        e => panic!("{e:?}"),
    }
    assert!(matches!(effects[1], Effect::LoadPairMarks { .. }));
    assert!(matches!(effects[2], Effect::LoadCounts));
    for label in [
        RowLabel::NearDuplicate,
        RowLabel::Paraphrase,
        RowLabel::Distinct,
    ] {
        let e = drive(&mut app, [Action::MarkRow(label)]);
        assert!(matches!(&e[0], Effect::MarkRow { label: l, .. } if *l == label));
    }
    // A one-sided row without partner cannot take a paragraph mark.
    let lone = cv(&app)
        .comparison
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .position(|r| r.kind == RowKind::LeftOnly)
        .unwrap();
    let pos = cv(&app).rows.iter().position(|&k| k == lone).unwrap();
    drive(&mut app, [Action::Top]);
    drive(&mut app, std::iter::repeat_n(Action::Down, pos));
    assert!(drive(&mut app, [Action::MarkRow(RowLabel::Duplicate)]).is_empty());
    assert!(app.status.as_ref().unwrap().error);

    // The pair verdict menu opens on what the scores suggest: DW (left) is the source.
    drive(&mut app, [Action::OpenVerdict]);
    let Some(Popup::Verdict { selected }) = app.popup else {
        panic!("verdict menu")
    };
    assert_eq!(VERDICTS[selected].0, Verdict::CopyLeftIsSource);
    drive(&mut app, [Action::Down, Action::Up]);
    let effects = drive(&mut app, [Action::Submit]);
    assert!(app.popup.is_none());
    assert!(
        matches!(&effects[0], Effect::MarkPair { verdict, .. } if *verdict == VERDICTS[selected].0)
    );
    drive(&mut app, [Action::OpenVerdict, Action::Back]);
    assert!(app.popup.is_none());
    let effects = drive(&mut app, [Action::SetVerdict(Verdict::SameStory)]);
    assert!(matches!(
        &effects[0],
        Effect::MarkPair {
            verdict: Verdict::SameStory,
            ..
        }
    ));

    let effects = drive(&mut app, [Action::Undo]);
    assert!(matches!(effects[0], Effect::Undo));
}

fn shown(id: i64, pair: bool, label: &str, left: Vec<usize>, right: Vec<usize>) -> ShownMark {
    ShownMark {
        id,
        pair,
        label: label.into(),
        left,
        right,
        note: None,
        anchor: "ok".into(),
    }
}

#[test]
fn notes_go_to_the_rows_mark_or_the_pairs() {
    let mut app = tui_app(160, 45);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::OpenNote]);
    assert!(app.popup.is_none());
    assert!(app.status.as_ref().unwrap().text.contains("mark the row"));

    drive(&mut app, [Action::NextChange]);
    let row = cv(&app).cursor_row().unwrap().clone();
    drive(
        &mut app,
        [Action::PairMarks(vec![
            shown(7, true, "copy (left is the source)", vec![], vec![]),
            shown(9, false, "duplicate", row.left.clone(), row.right.clone()),
        ])],
    );
    assert_eq!(cv(&app).marks.len(), 2);
    drive(&mut app, [Action::OpenNote]);
    let Some(Popup::Note { mark_id, .. }) = &app.popup else {
        panic!("note popup")
    };
    assert_eq!(*mark_id, 9, "the row's mark first");
    for c in "reworded".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    drive(&mut app, [Action::Backspace]);
    let effects = drive(&mut app, [Action::Submit]);
    match &effects[0] {
        Effect::SetNote { mark_id, note } => {
            assert_eq!((*mark_id, note.as_deref()), (9, Some("reworde")));
        }
        e => panic!("{e:?}"),
    }
    drive(&mut app, [Action::Top, Action::OpenNote]);
    let Some(Popup::Note { mark_id, .. }) = &app.popup else {
        panic!("note popup")
    };
    assert_eq!(*mark_id, 7, "else the pair's mark");
    drive(&mut app, [Action::Back]);
    assert!(app.popup.is_none());

    // Swapping sides mirrors the marks.
    drive(&mut app, [Action::SwapSides]);
    assert_eq!(
        cv(&app).pair_mark().unwrap().label,
        "copy (right is the source)"
    );
    assert_eq!(cv(&app).marks[1].left, row.right);
}

#[test]
fn export_menu() {
    let mut app = tui_app(160, 45);
    drive(&mut app, [Action::OpenExport]);
    assert!(
        matches!(&app.popup, Some(Popup::Export { selected: 0, path, .. }) if path == "parallax-marks.json")
    );
    drive(&mut app, [Action::Down, Action::Down]);
    assert!(
        matches!(&app.popup, Some(Popup::Export { selected: 2, path, .. }) if path == "parallax-marks.csv")
    );
    drive(&mut app, [Action::SwitchPane]);
    for _ in 0.."parallax-marks.csv".len() {
        drive(&mut app, [Action::Backspace]);
    }
    for c in "out/x.csv".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    let effects = drive(&mut app, [Action::Submit]);
    assert!(app.popup.is_none());
    assert!(
        matches!(&effects[0], Effect::Export { format: ExportFormat::Csv, path } if path == "out/x.csv")
    );
    drive(
        &mut app,
        [
            Action::OpenExport,
            Action::SwitchPane,
            Action::Back,
            Action::Back,
        ],
    );
    assert!(app.popup.is_none(), "Esc leaves the path, then the menu");
}

#[test]
fn help_quit_and_results() {
    let mut app = tui_app(160, 45);
    drive(&mut app, [Action::Help]);
    assert!(matches!(app.popup, Some(Popup::Help { .. })));
    drive(
        &mut app,
        [
            Action::Input('m'),
            Action::Input('a'),
            Action::Input('r'),
            Action::Down,
        ],
    );
    assert!(matches!(&app.popup, Some(Popup::Help { filter, scroll: 1 }) if filter == "mar"));
    drive(&mut app, [Action::Backspace, Action::Up, Action::Back]);
    assert!(app.popup.is_none());

    drive(
        &mut app,
        [Action::MarkCounts(vec![("004_930046805f83b52a".into(), 3)])],
    );
    assert_eq!(app.picker.entries[4].marks, 3);
    drive(&mut app, [Action::Done("saved".into())]);
    assert_eq!(
        app.status,
        Some(Status {
            text: "saved".into(),
            error: false
        })
    );
    drive(&mut app, [Action::Failed("disk full".into())]);
    assert!(app.status.as_ref().unwrap().error);
    drive(&mut app, [Action::Down]);
    assert!(app.status.is_none(), "a key clears the message");

    drive(&mut app, [Action::Resize(80, 24)]);
    assert_eq!(app.size, (80, 24));

    open_pair(&mut app, "004", "002");
    let wide = cv(&app).layout.total;
    drive(&mut app, [Action::Resize(200, 50)]);
    assert!(cv(&app).layout.total < wide, "wider panes, fewer lines");
    drive(&mut app, [Action::Quit]);
    assert_eq!(app.screen, Screen::Picker);
    assert!(app.compare.is_none());
    assert!(!app.quit);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::Back]);
    assert_eq!(app.screen, Screen::Picker, "Esc goes back too");
    drive(&mut app, [Action::Quit]);
    assert!(app.quit);
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "001", "003");
    drive(&mut app, [Action::ForceQuit]);
    assert!(app.quit);
}

#[test]
fn counted_heights_match_drawn_lines() {
    for (a, b, w) in [
        ("004", "002", 160u16),
        ("001", "003", 80),
        ("002", "000", 100),
    ] {
        let mut app = tui_app(w, 40);
        open_pair(&mut app, a, b);
        let v = cv(&app);
        let c = v.comparison.as_ref().unwrap();
        let pane = v.layout.pane;
        for &k in &v.rows {
            for side in [Pane::Left, Pane::Right] {
                assert_eq!(
                    parallax::tui::layout::side_height(v, c, k, side, pane),
                    parallax::tui::layout::side_lines(v, c, k, side, pane).len(),
                    "{a}/{b} row {k} {side:?}"
                );
            }
        }
    }
}

/// Hits for a query from a real full-text index over a copy of the seeds.
fn seed_hits(query: &str) -> Vec<TextHit> {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(common::articles_dir()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    let corpus = parallax_core::corpus::Corpus::open(dir.path()).unwrap();
    let mut cache = parallax_core::corpus::cache::Cache::open(
        &parallax_core::corpus::cache::Cache::default_path(dir.path()),
    )
    .unwrap();
    cache.load_all(&corpus).unwrap();
    cache
        .search(&corpus, query, 100)
        .unwrap()
        .into_iter()
        .map(|h| TextHit {
            id: h.id,
            para: h.para,
            snippet: h.marked,
        })
        .collect()
}

#[test]
fn picker_full_text_asks_the_index_and_lists_the_hits() {
    let mut app = tui_app(160, 45);
    let effects = update(&mut app, Action::ToggleFullText);
    assert!(app.picker.fulltext && app.picker.filtering);
    assert!(effects.is_empty(), "no words yet: no query");
    assert_eq!(app.picker.visible.len(), 5);
    let mut last = Vec::new();
    for c in "peace deal".chars() {
        last = update(&mut app, Action::Input(c));
    }
    let gen = app.picker.text_generation;
    match last.as_slice() {
        [Effect::FullText { generation, query }] => {
            assert_eq!((*generation, query.as_str()), (gen, "peace deal"))
        }
        other => panic!("expected one FullText effect, got {other:?}"),
    }
    // An answer to an older query is dropped.
    update(
        &mut app,
        Action::TextHits {
            generation: gen - 1,
            hits: seed_hits("peace"),
        },
    );
    assert_eq!(app.picker.visible.len(), 5);
    let hits = seed_hits("peace deal");
    assert!(hits.len() >= 2);
    update(
        &mut app,
        Action::TextHits {
            generation: gen,
            hits,
        },
    );
    let ids: Vec<&str> = app
        .picker
        .visible
        .iter()
        .map(|&i| app.picker.entries[i].article.id.as_str())
        .collect();
    assert!(ids.contains(&"004_930046805f83b52a") && ids.contains(&"002_74ca31117742919c"));
    assert!(ids.len() < 5, "only articles holding the words: {ids:?}");
    assert_eq!(
        app.picker.text_hits.len(),
        ids.len(),
        "one line per article"
    );
    // Enter picks among the hits; Esc returns to the title filter with every article.
    drive(&mut app, [Action::Submit, Action::Pick]);
    assert_eq!(app.picker.left, Some(app.picker.visible[0]));
    drive(&mut app, [Action::Back]);
    assert!(!app.picker.fulltext && app.picker.filter.is_empty());
    assert_eq!(app.picker.visible.len(), 5);
    // F twice: back to filtering titles, at once, with no query.
    drive(
        &mut app,
        [
            Action::ToggleFullText,
            Action::Input('q'),
            Action::Input('q'),
        ],
    );
    assert!(update(&mut app, Action::ToggleFullText).is_empty());
    assert!(!app.picker.fulltext);
    assert!(
        app.picker.visible.is_empty(),
        "no title, id or path contains qq"
    );
}

#[test]
fn picker_shows_and_hides_the_skipped_files() {
    let mut app = tui_app(80, 24);
    drive(&mut app, [Action::ToggleSkipped]);
    assert!(app.picker.show_skipped);
    drive(&mut app, [Action::Back]);
    assert!(!app.picker.show_skipped);
    assert!(app.picker.left.is_none());
    drive(&mut app, [Action::ToggleSkipped, Action::ToggleSkipped]);
    assert!(!app.picker.show_skipped);
}

#[test]
fn a_click_moves_the_picker_only_on_its_list() {
    let mut app = tui_app(160, 45);
    assert!(parallax::tui::layout::preview_shown(&app));
    let (list, _) = parallax::tui::layout::preview_split(160);
    drive(&mut app, [Action::Top]);
    // On the preview pane, beside the third article's line: nothing moves.
    drive(&mut app, [Action::Click(list + 5, 4)]);
    assert_eq!(app.picker.cursor, 0, "a click on the preview pane");
    // On the status bar and the column header: nothing moves.
    drive(&mut app, [Action::Click(3, 44), Action::Click(3, 1)]);
    assert_eq!(app.picker.cursor, 0, "a click off the list");
    // On the list: the article drawn there.
    drive(&mut app, [Action::Click(3, 4)]);
    assert_eq!(app.picker.cursor, 2);
    // Without the preview, the whole width is the list.
    drive(
        &mut app,
        [Action::TogglePreview, Action::Click(list + 5, 3)],
    );
    assert!(!parallax::tui::layout::preview_shown(&app));
    assert_eq!(app.picker.cursor, 1);
}
