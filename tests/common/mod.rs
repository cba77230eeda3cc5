#![allow(dead_code)]
//! Helpers shared by the integration tests.

use parallax::corpus::{self, Corpus};
use parallax::Article;
use std::path::{Path, PathBuf};

pub fn articles_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("articles")
}

/// Load a seed article by id prefix ("004").
pub fn seed(prefix: &str) -> Article {
    let c = Corpus::open(&articles_dir()).expect("articles/ opens");
    let e = c.resolve(prefix).expect("seed exists");
    c.load(e).expect("seed loads")
}

/// The raw text of a seed article.
pub fn seed_text(prefix: &str) -> String {
    seed(prefix).text
}

/// An article from text, as the loader would build it.
pub fn article(id: &str, text: &str) -> Article {
    corpus::from_text(
        id,
        Path::new(id),
        text.to_string(),
        "UTF-8",
        corpus::content_hash(text.as_bytes()),
    )
}

/// A reader state on the five seeds, at a terminal size, with colour off.
pub fn tui_app(w: u16, h: u16) -> parallax::tui::state::App {
    use std::sync::Arc;
    let c = Corpus::open(&articles_dir()).unwrap();
    let (articles, skipped) = c.load_all();
    let mut app = parallax::tui::state::App::new(
        articles.into_iter().map(Arc::new).collect(),
        skipped,
        "articles",
    );
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
                    comparison: Box::new(parallax::compare(&left, &right)),
                }),
                Effect::Coverage { articles, docs } => {
                    let o = parallax::scan::Options::default();
                    for a in articles {
                        let cov = parallax::scan::coverage(&a, &docs, &o);
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
    use parallax::scan;
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
/// A temporary corpus holding copies of the named seed articles (by id prefix), and the path
/// of each copy in the same order.
pub fn temp_corpus(prefixes: &[&str]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let c = Corpus::open(&articles_dir()).expect("articles/ opens");
    let paths = prefixes
        .iter()
        .map(|p| {
            let e = c.resolve(p).expect("seed exists");
            let to = dir.path().join(e.path.file_name().expect("file name"));
            std::fs::copy(&e.path, &to).expect("copy seed");
            to
        })
        .collect();
    (dir, paths)
}

/// Load an article of a corpus folder by id prefix.
pub fn load(corpus: &Path, prefix: &str) -> Article {
    let c = Corpus::open(corpus).expect("corpus opens");
    let e = c.resolve(prefix).expect("article exists");
    c.load(e).expect("article loads")
}

/// Note text that tries everything: quotes, commas, line breaks, a spreadsheet formula, RTL
/// text with a bidi override, emoji, terminal escapes, a bell and a NUL.
pub const HOSTILE: &str = "=cmd|' /C calc'!A0, \"quoted\", semi;colon\nsecond line\r\nthird \
     <script>alert(1)</script> | pipe *star* `tick` مرحبا بالعالم \u{202E}desrever\u{202C} \
     🙂👍🏽 e\u{301} \u{1b}[2J\u{1b}]8;;http://x\u{7}link\u{7} nul\u{0}end \t tab";
