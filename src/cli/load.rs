//! Articles named on the command line: a file path, or an id or unique id prefix in the corpus.

use anyhow::{Context, Result};
use parallax_core::corpus::{self, Corpus};
use parallax_core::Article;
use std::path::Path;

/// Load an article named by a path (when it names an existing file) or by id in the corpus.
pub fn load_one(key: &str, corpus: &Path) -> Result<Article> {
    let p = Path::new(key);
    // Any existing file that is not a folder, so that a FIFO or a device gets its reason
    // (`corpus::read_bytes` refuses them before opening).
    if p.metadata().is_ok_and(|m| !m.is_dir()) {
        return Ok(corpus::load_file(p)?);
    }
    let c = Corpus::open(corpus).with_context(|| {
        format!("'{key}' is not a file, and the corpus to look it up in cannot be opened")
    })?;
    let e = c.resolve(key)?;
    Ok(c.load(e)?)
}

pub fn load_two(a: &str, b: &str, corpus: &Path) -> Result<(Article, Article)> {
    Ok((load_one(a, corpus)?, load_one(b, corpus)?))
}
