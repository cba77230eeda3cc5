//! The article view and the picker's preview pane drawn into ratatui's TestBackend, at 80x24
//! and 160x45 (issue #18), after the corpus scan and the article's coverage.

mod common;
use common::{articles_dir, drive, scan_into, tui_app};
use parallax::tui::action::Action;
use parallax::tui::state::App;
use parallax::tui::view;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t
}

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 45)];

/// The reader on the seeds, scanned, the picker's cursor on `prefix`.
fn on(prefix: &str, w: u16, h: u16) -> App {
    let mut app = tui_app(w, h);
    scan_into(&mut app, &articles_dir());
    common::cursor_on(&mut app, prefix);
    app
}

#[test]
fn article_view_at_the_top() {
    for (w, h) in SIZES {
        let mut app = on("002", w, h);
        drive(&mut app, [Action::OpenArticle]);
        insta::assert_snapshot!(format!("article_002_top_{w}x{h}"), render(&app).backend());
    }
}

#[test]
fn article_view_on_covered_paragraphs_with_a_search() {
    for (w, h) in SIZES {
        let mut app = on("002", w, h);
        drive(&mut app, [Action::OpenArticle, Action::StartFilter]);
        for c in "peacekeep".chars() {
            drive(&mut app, [Action::Input(c)]);
        }
        drive(&mut app, [Action::Submit, Action::Next, Action::Next]);
        insta::assert_snapshot!(
            format!("article_002_search_{w}x{h}"),
            render(&app).backend()
        );
    }
}

#[test]
fn picker_preview() {
    for (w, h) in SIZES {
        let mut app = on("004", w, h);
        if w < 140 {
            drive(&mut app, [Action::TogglePreview]);
        }
        insta::assert_snapshot!(
            format!("picker_preview_004_{w}x{h}"),
            render(&app).backend()
        );
    }
}

#[test]
fn comparison_zoomed() {
    let mut app = tui_app(80, 24);
    common::open_pair(&mut app, "004", "002");
    drive(
        &mut app,
        [
            Action::NextChange,
            Action::NextChange,
            Action::NextChange,
            Action::Zoom,
        ],
    );
    insta::assert_snapshot!("compare_004_002_zoom_80x24", render(&app).backend());
}
