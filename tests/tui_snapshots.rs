//! Screens of the reader drawn into ratatui's TestBackend, at 80x24 and 160x45.

mod common;
use common::{drive, open_pair, tui_app};
use parallax::tui::action::Action;
use parallax::tui::state::App;
use parallax::tui::view;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 45)];

#[test]
fn picker() {
    for (w, h) in SIZES {
        let mut app = tui_app(w, h);
        drive(&mut app, [Action::Down, Action::Down]);
        insta::assert_snapshot!(format!("picker_{w}x{h}"), render(&app).backend());
    }
}

#[test]
fn picker_with_a_left_pick_and_a_filter() {
    let mut app = tui_app(80, 24);
    drive(
        &mut app,
        [Action::Bottom, Action::Pick, Action::StartFilter],
    );
    for c in "karabakh".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    insta::assert_snapshot!("picker_filter_80x24", render(&app).backend());
}

#[test]
fn comparison_dw_in_forum_thread() {
    for (w, h) in SIZES {
        let mut app = tui_app(w, h);
        open_pair(&mut app, "004", "002");
        // Move to the first edited row, so the screen shows changes and the cursor.
        drive(
            &mut app,
            [Action::NextChange, Action::NextChange, Action::NextChange],
        );
        insta::assert_snapshot!(format!("compare_004_002_{w}x{h}"), render(&app).backend());
    }
}

#[test]
fn comparison_while_aligning() {
    let mut app = tui_app(80, 24);
    drive(&mut app, [Action::Bottom, Action::Pick, Action::Top]);
    // The alignment effect is not carried out: the view says it is aligning.
    let effects = parallax::tui::update::update(&mut app, Action::Pick);
    assert!(matches!(
        effects[0],
        parallax::tui::update::Effect::Align { .. }
    ));
    let screen = render(&app).backend().to_string();
    assert!(screen.contains("aligning…"), "{screen}");
}

#[test]
fn help() {
    for (w, h) in SIZES {
        let mut app = tui_app(w, h);
        open_pair(&mut app, "004", "002");
        drive(&mut app, [Action::Help]);
        insta::assert_snapshot!(format!("help_{w}x{h}"), render(&app).backend());
    }
    let mut app = tui_app(80, 24);
    drive(&mut app, [Action::Help]);
    for c in "mark".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    insta::assert_snapshot!("help_filtered_80x24", render(&app).backend());
}

#[test]
fn meaning_survives_without_colour() {
    let mut app = tui_app(160, 45);
    assert!(!app.color);
    open_pair(&mut app, "004", "002");
    // Show the row with Defence / Defense.
    let c = app.compare.as_ref().unwrap().comparison.clone().unwrap();
    let k = c
        .rows
        .iter()
        .position(|r| {
            r.spans
                .left
                .iter()
                .any(|s| s.other.as_deref() == Some("Defense"))
        })
        .unwrap();
    let pos = app
        .compare
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .position(|&r| r == k)
        .unwrap();
    drive(&mut app, std::iter::repeat_n(Action::Down, pos));
    let t = render(&app);
    let buf = t.backend().buffer();
    let find = |word: &str| -> (u16, u16) {
        for y in 0..buf.area.height {
            let line: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            if let Some(i) = line.find(word) {
                let x = line[..i].chars().count() as u16;
                return (x, y);
            }
        }
        panic!("{word} not on screen");
    };
    let (x, y) = find("Defence");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::UNDERLINED),
        "variant underlined"
    );
    assert_eq!(buf[(x, y)].fg, ratatui::style::Color::Reset, "no colour");
    let (x, y) = find("has refuted");
    assert!(
        buf[(x, y)].modifier.contains(Modifier::BOLD),
        "inserted word bold"
    );
    assert!(
        !buf[(x + 4, y)].modifier.contains(Modifier::BOLD),
        "shared word plain"
    );
}

#[test]
fn picker_full_text_hits() {
    let mut app = tui_app(80, 24);
    drive(&mut app, [Action::ToggleFullText]);
    for c in "peace deal".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    let generation = app.picker.text_generation;
    // Matches deep in long paragraphs (as the index returns them: the whole paragraph, the
    // match between private-use markers): the row shows the text around the match.
    let (open, close) = (
        parallax_core::text::snippet::MATCH_START,
        parallax_core::text::snippet::MATCH_END,
    );
    let long = "The talks went on through the night while officials from both sides met again. ";
    let hits = vec![
        parallax::tui::state::TextHit {
            id: "004_930046805f83b52a".into(),
            para: 2,
            snippet: format!(
                "{}Moscow says soldiers from Azerbaijan have violated a {open}peace deal{close} with Armenia.",
                long.repeat(6)
            ),
        },
        parallax::tui::state::TextHit {
            id: "002_74ca31117742919c".into(),
            para: 5,
            snippet: format!(
                "{}Moscow has said soldiers have violated a {open}peace deal{close}\u{1b}[2J in the region. {}",
                long.repeat(4),
                long.repeat(4)
            ),
        },
    ];
    drive(&mut app, [Action::TextHits { generation, hits }]);
    let t = render(&app);
    let screen = t.backend().to_string();
    assert_eq!(screen.matches("«peace deal»").count(), 2, "{screen}");
    insta::assert_snapshot!("picker_fulltext_80x24", t.backend());
}

#[test]
fn picker_skipped_files() {
    let mut app = tui_app(80, 24);
    app.picker.skipped = vec![
        parallax_core::corpus::Skipped {
            path: "articles/photo.txt".into(),
            reason: "binary file (holds NUL bytes), not text".into(),
        },
        parallax_core::corpus::Skipped {
            path: "articles/feed.jsonl".into(),
            reason: "line 2: invalid JSON: key must be a string at line 1 column 2\u{1b}]8;;"
                .into(),
        },
    ];
    drive(&mut app, [Action::ToggleSkipped]);
    insta::assert_snapshot!("picker_skipped_80x24", render(&app).backend());
}

#[test]
fn picker_after_the_scan() {
    for (w, h) in SIZES {
        let mut app = tui_app(w, h);
        common::scan_into(&mut app, &common::articles_dir());
        // On the forum thread: its coverage strip shows the DW article, then no source.
        drive(&mut app, [Action::Down, Action::Down]);
        insta::assert_snapshot!(format!("picker_scanned_{w}x{h}"), render(&app).backend());
        // Pick the DW article as left: the column shows the shares with it.
        drive(&mut app, [Action::Bottom, Action::Pick]);
        insta::assert_snapshot!(
            format!("picker_scanned_left_{w}x{h}"),
            render(&app).backend()
        );
    }
}

#[test]
fn pairs_screen() {
    for (w, h) in SIZES {
        let mut app = tui_app(w, h);
        drive(&mut app, [Action::OpenPairs]);
        insta::assert_snapshot!(format!("pairs_scanning_{w}x{h}"), render(&app).backend());
        common::scan_into(&mut app, &common::articles_dir());
        drive(&mut app, [Action::Nothing]);
        insta::assert_snapshot!(format!("pairs_{w}x{h}"), render(&app).backend());
    }
}

#[test]
fn popups() {
    use parallax::tui::state::Popup;
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    let popups = [
        ("popup_verdict", Popup::Verdict { selected: 1 }),
        (
            "popup_note",
            Popup::Note {
                input: "reposted \u{1b}[31mwith\u{202e} edits".into(),
                mark_id: 1,
                what: "note on ¶3 of 002".into(),
            },
        ),
        (
            "popup_author",
            Popup::Author {
                input: "ana".into(),
                then: Box::new(Action::Quit),
            },
        ),
        (
            "popup_export",
            Popup::Export {
                selected: 2,
                path: "marks-export.csv".into(),
                editing_path: false,
            },
        ),
    ];
    for (name, p) in popups {
        app.popup = Some(p);
        insta::assert_snapshot!(format!("{name}_80x24"), render(&app).backend());
    }
}
