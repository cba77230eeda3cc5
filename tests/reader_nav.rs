//! Navigation like a pager (issue #14): `n`/`N` stops, jumps with context, search (hit k of
//! N, wrapping, several hits in a row, spelling variants), paging keys, counts and `:N`, `y`,
//! `o`, pairs with nothing aligned read side by side, the gutter of an unlocked pane, and
//! `parallax A B` opening the comparison.

mod common;
use common::{drive, open_pair, tui_app};
use parallax::tui::action::Action;
use parallax::tui::keymap;
use parallax::tui::layout::body_height;
use parallax::tui::state::*;
use parallax::tui::update::{self, update, Effect};
use parallax::tui::view;
use parallax_core::engine::compare::RowKind;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use std::sync::Arc;

fn cv(app: &App) -> &CompareView {
    app.compare.as_ref().expect("a comparison is open")
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t
}

fn screen_lines(app: &App) -> Vec<String> {
    common::screen_lines(app)
}

/// A reader on articles written into a temporary folder (title line, blank line, paragraphs
/// separated by blank lines), with the comparison of the first two open and aligned.
fn app_on(texts: &[&str], size: (u16, u16)) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut articles = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        let p = dir.path().join(format!("{i:03}_doc.txt"));
        std::fs::write(&p, t).unwrap();
        articles.push(Arc::new(parallax_core::corpus::load_file(&p).unwrap()));
    }
    let mut app = App::new(articles.clone(), Vec::new(), "test");
    app.color = false;
    update(&mut app, Action::Resize(size.0, size.1));
    let effects = update::open_compare(&mut app, articles[0].clone(), articles[1].clone());
    for e in effects {
        if let Effect::Align {
            generation,
            left,
            right,
        } = e
        {
            drive(
                &mut app,
                [Action::Aligned {
                    generation,
                    comparison: Box::new(parallax_core::compare(&left, &right)),
                }],
            );
        }
    }
    (app, dir)
}

/// Where the cursor row stands on screen: (its first line minus the pane's top line, body).
fn cursor_place(app: &App) -> (isize, usize) {
    let c = cv(app);
    let start = c.layout.starts[c.cursor] as isize;
    (start - c.top[0] as isize, body_height(app.size.1))
}

#[test]
fn n_stops_only_where_rows_differ_and_at_blocks_without_counterpart() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::Top]);
    let c = cv(&app).comparison.clone().unwrap();
    assert!(
        c.rows.iter().any(|r| r.kind == RowKind::Identical),
        "the pair has identical rows to skip"
    );
    let mut visited = Vec::new();
    for _ in 0..200 {
        let before = cv(&app).cursor;
        drive(&mut app, [Action::Next]);
        let now = cv(&app).cursor;
        if now == before {
            break;
        }
        let k = cv(&app).rows[now];
        assert_ne!(
            c.rows[k].kind,
            RowKind::Identical,
            "n stopped on a 100%= row"
        );
        visited.push(k);
        // A jump leaves context above and never lands on the last line.
        let (at, body) = cursor_place(&app);
        let start = cv(&app).layout.starts[now];
        assert!(
            at >= update::jump_context(body).min(start) as isize,
            "row {k} at line {at} of the view: no context above"
        );
        assert!((at as usize) < body - 1, "row {k} on the last line");
    }
    // Every differing row and every block without counterpart is visited.
    for (k, r) in c.rows.iter().enumerate() {
        let one = |r: &parallax_core::engine::compare::Row| {
            matches!(r.kind, RowKind::LeftOnly | RowKind::RightOnly)
        };
        let first_unique = one(r) && (k == 0 || !one(&c.rows[k - 1]));
        if (matches!(r.kind, RowKind::Near | RowKind::Changed) || first_unique) && k > 0 {
            assert!(visited.contains(&k), "n skipped row {k} ({:?})", r.kind);
        }
    }
    // N goes back through the same stops.
    let mut back = Vec::new();
    for _ in 0..200 {
        let before = cv(&app).cursor;
        drive(&mut app, [Action::Prev]);
        if cv(&app).cursor == before {
            break;
        }
        back.push(cv(&app).rows[cv(&app).cursor]);
    }
    for k in &back {
        assert_ne!(c.rows[*k].kind, RowKind::Identical);
    }
}

const DEFENSE_L: &str = "Left report\n\nThe Defence Ministry said on Monday that the talks went on. The talks went on, the talks.\n\nForeign Minister Sergei Lavrov spoke.\n\nNothing else here at all today.\n";
const DEFENSE_R: &str = "Right report\n\nA spokesman of the “Defense Ministry” said the talks would resume.\n\nSergey Lavrov told reporters the talks went on.\n";

#[test]
fn search_matches_variants_counts_hits_steps_within_a_row_and_wraps() {
    let (mut app, _d) = app_on(&[DEFENSE_L, DEFENSE_R], (80, 24));
    drive(&mut app, [Action::StartFilter]);
    for c in "defence ministry".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    drive(&mut app, [Action::Submit]);
    let hits = cv(&app).search.hits.clone();
    assert!(
        hits.iter().any(|h| h.side == Pane::Right),
        "Defence Ministry finds Defense Ministry: {hits:?}"
    );
    assert!(hits.iter().any(|h| h.side == Pane::Left));
    assert!(status(&app).starts_with("hit 1 of 2"), "{}", status(&app));

    // Sergei finds Sergey.
    drive(&mut app, [Action::Back, Action::StartFilter]);
    for c in "Sergei".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    drive(&mut app, [Action::Submit]);
    assert_eq!(cv(&app).search.hits.len(), 2, "{:?}", cv(&app).search.hits);

    // "the talks": several hits in one row, visited one by one, then wrapped.
    drive(&mut app, [Action::Back, Action::Top, Action::StartFilter]);
    for c in "the talks".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    drive(&mut app, [Action::Submit]);
    let n = cv(&app).search.hits.len();
    assert!(n >= 4, "{n} hits");
    assert!(
        status(&app).starts_with(&format!("hit 1 of {n}")),
        "{}",
        status(&app)
    );
    let row = cv(&app).cursor;
    let counter = |app: &App| {
        let t = render(app);
        let buf = t.backend().buffer();
        let y = buf.area.height - 1;
        (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect::<String>()
    };
    assert!(
        counter(&app).contains(&format!("hit 1 of {n}")),
        "{}",
        counter(&app)
    );
    drive(&mut app, [Action::Next]);
    assert!(
        counter(&app).contains(&format!("hit 2 of {n}")),
        "{}",
        counter(&app)
    );
    assert!(
        status(&app).starts_with(&format!("hit 2 of {n}")),
        "{}",
        status(&app)
    );
    assert_eq!(cv(&app).cursor, row, "the second hit of the same row");
    for _ in 2..n {
        drive(&mut app, [Action::Next]);
        assert!(!status(&app).contains("wrapped"), "{}", status(&app));
    }
    assert!(status(&app).starts_with(&format!("hit {n} of {n}")));
    drive(&mut app, [Action::Next]);
    assert!(
        status(&app).starts_with(&format!("search wrapped to the top · hit 1 of {n}")),
        "{}",
        status(&app)
    );
    drive(&mut app, [Action::Prev]);
    assert!(
        status(&app).starts_with(&format!("search wrapped to the bottom · hit {n} of {n}")),
        "{}",
        status(&app)
    );
}

#[test]
fn o_says_where_it_jumped() {
    let a = "A\n\nFirst paragraph about the summit in the capital city today.\n\nSecond paragraph about the weather which was cold and wet.\n\nThird paragraph about the markets which fell sharply overnight again.\n\nFourth paragraph on the football results of the weekend games.\n";
    let b = "B\n\nThird paragraph about the markets which fell sharply overnight again.\n\nSecond paragraph about the weather which was cold and wet.\n\nFourth paragraph on the football results of the weekend games.\n\nFirst paragraph about the summit in the capital city today.\n";
    let (mut app, _d) = app_on(&[a, b], (80, 24));
    let c = cv(&app).comparison.clone().unwrap();
    assert!(!c.moves.is_empty(), "a moved paragraph: {:?}", c.rows);
    let k = c
        .rows
        .iter()
        .position(|r| {
            matches!(r.kind, RowKind::LeftOnly | RowKind::RightOnly)
                && c.moves
                    .iter()
                    .any(|m| m.left == r.left || m.right == r.right)
        })
        .unwrap();
    let at = cv(&app).rows.iter().position(|&r| r == k).unwrap();
    drive(&mut app, [Action::Top]);
    for _ in 0..at {
        drive(&mut app, [Action::Down]);
    }
    drive(&mut app, [Action::JumpToLink]);
    let s = status(&app);
    assert!(s.starts_with("jumped to ¶"), "{s}");
    assert!(s.contains("moved"), "{s}");
    assert_ne!(cv(&app).cursor, at);
}

fn key(c: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(c, m)
}

#[test]
fn paging_keys_counts_and_goto_paragraph() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    assert_eq!(
        keymap::dispatch(&app, key(KeyCode::Char(' '), none)),
        Some(Action::PageDown)
    );
    assert_eq!(
        keymap::dispatch(&app, key(KeyCode::Char('f'), ctrl)),
        Some(Action::PageDown)
    );
    assert_eq!(
        keymap::dispatch(&app, key(KeyCode::Char('b'), ctrl)),
        Some(Action::PageUp)
    );
    assert_eq!(
        keymap::dispatch(&app, key(KeyCode::Char('7'), none)),
        Some(Action::Count(7))
    );
    // 12G: paragraph ¶12 of the focused (left) article.
    let want = cv(&app).left_row[12];
    drive(
        &mut app,
        [Action::Count(1), Action::Count(2), Action::Bottom],
    );
    assert_eq!(cv(&app).rows[cv(&app).cursor], want);
    assert!(status(&app).contains("¶12"), "{}", status(&app));
    let (at, body) = cursor_place(&app);
    assert!(
        at >= 1 && (at as usize) < body - 1,
        "context above ¶12: {at}"
    );
    // G alone still goes to the last row (the count is used once).
    drive(&mut app, [Action::Bottom]);
    assert_eq!(cv(&app).cursor, cv(&app).rows.len() - 1);
    // :3 Enter, typed through the keymap as a person would.
    for k in [':', '3'] {
        let a = keymap::dispatch(&app, key(KeyCode::Char(k), none)).unwrap();
        drive(&mut app, [a]);
    }
    assert_eq!(keymap::context(&app), keymap::Context::TextEntry);
    let a = keymap::dispatch(&app, key(KeyCode::Enter, none)).unwrap();
    drive(&mut app, [a]);
    assert_eq!(cv(&app).rows[cv(&app).cursor], cv(&app).left_row[3]);
    // A paragraph that does not exist says so.
    drive(&mut app, [Action::StartGoto]);
    for c in "999".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    drive(&mut app, [Action::Submit]);
    assert!(app.status.as_ref().unwrap().error);
    assert!(status(&app).contains("no ¶999"), "{}", status(&app));
    // Space pages down.
    drive(&mut app, [Action::Top]);
    let top = cv(&app).top[0];
    let space = keymap::dispatch(&app, key(KeyCode::Char(' '), none)).unwrap();
    drive(&mut app, [space]);
    assert!(cv(&app).top[0] > top);
}

#[test]
fn y_copies_the_row_sanitised_and_says_what() {
    let a = "A\n\nShared \u{1b}]52;c;ZXZpbA==\u{7}paragraph \u{1b}[31mabout the summit in the capital city today.\n";
    let b = "B\n\nShared paragraph about the summit in the capital city today.\n";
    let (mut app, _d) = app_on(&[a, b], (80, 24));
    // The row of the shared paragraph.
    while !cv(&app).cursor_row().is_some_and(|r| {
        r.left
            .iter()
            .any(|&p| cv(&app).left.paragraphs[p].text.contains("summit"))
    }) {
        let before = cv(&app).cursor;
        drive(&mut app, [Action::Down]);
        assert_ne!(cv(&app).cursor, before, "no row holds the shared paragraph");
    }
    let effects = drive(&mut app, [Action::CopyPair]);
    let text = effects
        .iter()
        .find_map(|e| match e {
            Effect::Copy { text } => Some(text.clone()),
            _ => None,
        })
        .expect("y asks to copy");
    assert!(text.contains("about the summit"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "raw controls in the copy: {text:?}"
    );
    assert!(status(&app).starts_with("copied ¶"), "{}", status(&app));
}

#[test]
fn nothing_aligned_pair_fills_both_panes() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "000", "003");
    let c = cv(&app).comparison.clone().unwrap();
    let shared = c
        .rows
        .iter()
        .filter(|r| !r.left.is_empty() && !r.right.is_empty())
        .count();
    assert!(
        shared <= 1,
        "a pair with (almost) nothing aligned: {shared}"
    );
    // On every page, both panes show text on most body lines.
    let body = body_height(24);
    let mut pages = 0;
    loop {
        let lines = screen_lines(&app);
        let (mut l, mut r) = (0, 0);
        for line in &lines[4..4 + body] {
            let chars: Vec<char> = line.chars().collect();
            let left: String = chars[5..35].iter().collect();
            let right: String = chars[49..].iter().collect();
            l += usize::from(!left.trim().is_empty());
            r += usize::from(!right.trim().is_empty());
        }
        if pages == 0 {
            insta::assert_snapshot!("nothing_aligned_000_003_80x24", render(&app).backend());
        }
        let total = cv(&app).layout.total;
        let top = cv(&app).top[0];
        if top + body >= total {
            break;
        }
        // A pane may run out of text only when its article has ended.
        let end = |left: bool| {
            let c = cv(&app);
            let rows = &c.comparison.as_ref().unwrap().rows;
            (0..c.rows.len())
                .filter(|&i| {
                    let r = &rows[c.rows[i]];
                    !(if left { &r.left } else { &r.right }).is_empty()
                })
                .map(|i| c.layout.starts[i] + c.layout.heights[i])
                .max()
                .unwrap_or(0)
        };
        let ended = |left: bool| end(left) <= top + body;
        assert!(
            (l >= body / 3 || ended(true)) && (r >= body / 3 || ended(false)),
            "page {pages}: left {l} lines, right {r} lines of text:\n{}",
            lines.join("\n")
        );
        drive(&mut app, [Action::PageDown]);
        pages += 1;
        assert!(pages < 100);
    }
    assert!(pages >= 1);
}

#[test]
fn unlocked_gutter_follows_the_focused_pane() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::ToggleLock, Action::SwitchPane]);
    drive(&mut app, [Action::ScrollLines(7)]);
    let c = cv(&app);
    assert_ne!(c.top[0], c.top[1], "the right pane scrolled alone");
    // On every line where a row of the right pane starts, the gutter shows that row.
    let lines = screen_lines(&app);
    let comparison = c.comparison.as_ref().unwrap();
    let body = body_height(24);
    let mut checked = 0;
    for (i, &start) in c.layout.starts.iter().enumerate() {
        if start < c.top[1] || start >= c.top[1] + body {
            continue;
        }
        let row = &comparison.rows[c.rows[i]];
        let want = format!(
            " {:>4}{}",
            parallax::report::styled::row_similarity(row),
            parallax::report::styled::kind_mark(row.kind)
        );
        let y = 4 + start - c.top[1];
        let gutter: String = lines[y]
            .chars()
            .skip(35)
            .take(want.chars().count())
            .collect();
        assert_eq!(gutter, want, "line {y}:\n{}", lines.join("\n"));
        checked += 1;
    }
    assert!(checked >= 2);
}

#[test]
fn no_wrap_marks_cut_paragraphs() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::ToggleWrap]);
    let lines = screen_lines(&app);
    assert!(
        lines[4..23].iter().any(|l| l.contains('…')),
        "{}",
        lines.join("\n")
    );
}

/// `parallax search` finds a spelling variant through the full-text index.
#[test]
fn cli_search_finds_spelling_variants() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), DEFENSE_R).unwrap();
    std::fs::write(corpus.join("b.txt"), "Other\n\nNothing about ministries.\n").unwrap();
    let out = common::run_as(
        "t",
        &["search", "Defence Ministry", "--corpus", "c", "--json"],
        dir.path(),
    );
    let text = common::ok(&out);
    assert!(text.contains("Defense"), "{text}");
    let out = common::run_as(
        "t",
        &["search", "Sergei Lavrov", "--corpus", "c"],
        dir.path(),
    );
    let text = common::ok(&out);
    assert!(text.contains("Sergey"), "{text}");
}
