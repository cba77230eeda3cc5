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
