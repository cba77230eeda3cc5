#![allow(dead_code)]
//! Helpers shared by the integration tests.

#[cfg(unix)]
pub mod pty;

use parallax_core::corpus::Corpus;
use std::path::Path;
use std::process::{Command, Output, Stdio};

pub use parallax_synth::fixtures::*;

/// A reader state on the five seeds, at a terminal size, with colour off.
pub fn tui_app(w: u16, h: u16) -> parallax::tui::state::App {
    tui_app_on(&articles_dir(), "articles", w, h)
}

/// A reader on the corpus in `dir` (shown as `name`), every article read, at `w`x`h`,
/// without colour.
pub fn tui_app_on(dir: &Path, name: &str, w: u16, h: u16) -> parallax::tui::state::App {
    use std::sync::Arc;
    let c = Corpus::open(dir).unwrap();
    let (articles, skipped) = c.load_all();
    let mut app =
        parallax::tui::state::App::new(articles.into_iter().map(Arc::new).collect(), skipped, name);
    app.color = false;
    parallax::tui::update::update(&mut app, parallax::tui::action::Action::Resize(w, h));
    app
}

/// Apply actions; carry out the effects the engine can (alignment, synchronously); return
/// the other effects.
pub fn drive(
    app: &mut parallax::tui::state::App,
    actions: impl IntoIterator<Item = parallax::tui::action::Action>,
) -> Vec<parallax::tui::update::Effect> {
    use parallax::tui::action::Action;
    use parallax::tui::update::{update, Effect};
    let mut rest = Vec::new();
    let mut queue: Vec<Action> = actions.into_iter().collect();
    queue.reverse();
    while let Some(a) = queue.pop() {
        for e in update(app, a) {
            match e {
                Effect::Align {
                    generation,
                    left,
                    right,
                } => queue.push(Action::Aligned {
                    generation,
                    comparison: Box::new(parallax_core::compare(&left, &right)),
                }),
                Effect::Coverage { articles, docs } => {
                    let o = parallax_core::scan::Options::default();
                    for a in articles {
                        let cov = parallax_core::scan::coverage(&a, &docs, &o);
                        queue.push(Action::CoverageReady(std::sync::Arc::new(cov)));
                    }
                }
                other => rest.push(other),
            }
        }
    }
    rest
}

/// Scan a corpus as the reader's worker does, and hand the result to the reader.
pub fn scan_into(app: &mut parallax::tui::state::App, corpus: &Path) {
    use parallax_core::scan;
    let c = Corpus::open(corpus).expect("corpus opens");
    let o = scan::Options::default();
    let (docs, _, _) = scan::load_corpus(&c, &o, &scan::Quiet);
    let s = scan::scan_docs(&docs, &o, &scan::Quiet);
    drive(
        app,
        [parallax::tui::action::Action::Scanned {
            pairs: s.pairs,
            docs: parallax::tui::state::ScanDocs(std::sync::Arc::new(docs)),
        }],
    );
}

/// Open the comparison of two seeds (by id prefix) through the picker, as a user does.
pub fn open_pair(app: &mut parallax::tui::state::App, left: &str, right: &str) {
    use parallax::tui::action::Action;
    let pos = |app: &parallax::tui::state::App, p: &str| {
        app.picker
            .visible
            .iter()
            .position(|&i| app.picker.entries[i].article.id.starts_with(p))
            .unwrap()
    };
    let l = pos(app, left);
    drive(app, [Action::Top]);
    drive(app, std::iter::repeat_n(Action::Down, l));
    drive(app, [Action::Pick, Action::Top]);
    let r = pos(app, right);
    drive(app, std::iter::repeat_n(Action::Down, r));
    drive(app, [Action::Pick]);
}

/// The `parallax` binary run as a user would, in `cwd`, as `author` (`PARALLAX_AUTHOR`), with
/// no input and without the caller's `NO_COLOR` and `PARALLAX_NO_CACHE`.
pub fn run_as(author: &str, args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(cwd)
        .env("PARALLAX_AUTHOR", author)
        .env_remove("NO_COLOR")
        .env_remove("PARALLAX_NO_CACHE")
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

/// The standard output of a run that must have succeeded (else its status and stderr).
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// The reader's screen drawn into a test terminal of the app's size, one string per line.
pub fn screen_lines(app: &parallax::tui::state::App) -> Vec<String> {
    use ratatui::{backend::TestBackend, Terminal};
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| parallax::tui::view::draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

/// Move the picker's cursor to the article whose id starts with `prefix`.
pub fn cursor_on(app: &mut parallax::tui::state::App, prefix: &str) {
    use parallax::tui::action::Action;
    let pos = app
        .picker
        .visible
        .iter()
        .position(|&i| app.picker.entries[i].article.id.starts_with(prefix))
        .expect("an article with that id prefix");
    drive(app, [Action::Top]);
    drive(app, std::iter::repeat_n(Action::Down, pos));
}
