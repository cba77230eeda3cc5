//! The sample articles shipped in `articles/` (the seeds) and other fixtures, as the tests of
//! every crate of the workspace load them.

use parallax_core::corpus::{self, Corpus};
use parallax_core::Article;
use std::path::{Path, PathBuf};

/// The repository's `articles/` folder: the five seed articles.
pub fn articles_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../articles")
}

/// The importers' fixture files (`crates/parallax-core/tests/fixtures/formats`).
pub fn formats_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../parallax-core/tests/fixtures/formats")
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
