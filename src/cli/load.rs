//! Articles named on the command line: a file path, or an id or unique id prefix in the corpus.

use anyhow::{Context, Result};
use parallax_core::corpus::{self, Corpus};
use parallax_core::Article;
use std::path::Path;

/// Load an article named by a path (when it names an existing file) or by id in the corpus.
pub fn load_one(key: &str, corpus: &Path) -> Result<Article> {
    load_in(key, corpus, &mut None)
}

/// [`load_one`], the corpus walked only when `key` is not a file, and at most once for all
/// the keys that share `listed`.
fn load_in(key: &str, corpus: &Path, listed: &mut Option<Corpus>) -> Result<Article> {
    let p = Path::new(key);
    // Any existing file that is not a folder, so that a FIFO or a device gets its reason
    // (`corpus::read_bytes` refuses them before opening).
    if p.metadata().is_ok_and(|m| !m.is_dir()) {
        return Ok(corpus::load_file(p)?);
    }
    if listed.is_none() {
        *listed = Some(Corpus::open(corpus).with_context(|| {
            format!("'{key}' is not a file, and the corpus to look it up in cannot be opened")
        })?);
    }
    let c = listed.as_ref().expect("listed just now");
    let e = c.resolve(key)?;
    Ok(c.load(e)?)
}

/// Two articles, each by path or by id: the corpus folder is walked once at most (not at
/// all when both are files), and its listing is handed back for the caller to reuse.
pub fn load_two(a: &str, b: &str, corpus: &Path) -> Result<(Article, Article, Option<Corpus>)> {
    let mut listed = None;
    let left = load_in(a, corpus, &mut listed)?;
    let right = load_in(b, corpus, &mut listed)?;
    Ok((left, right, listed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_ids_walk_the_folder_once_and_hand_the_listing_on() {
        let dir = tempfile::tempdir().unwrap();
        let text = "A paragraph of words long enough to be an article's body text here.";
        for name in ["alpha.txt", "beta.txt", "gamma.md"] {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let (a, b, listed) = load_two("alpha", "gamma", dir.path()).unwrap();
        assert_eq!((a.id.as_str(), b.id.as_str()), ("alpha", "gamma"));
        let listed = listed.expect("ids are looked up in the listing");
        assert_eq!(listed.entries.len(), 3);
        // Two files by path: no walk, no listing.
        let (pa, pb) = (dir.path().join("alpha.txt"), dir.path().join("beta.txt"));
        let (_, _, none) = load_two(
            pa.to_str().unwrap(),
            pb.to_str().unwrap(),
            Path::new("/no/such/folder"),
        )
        .unwrap();
        assert!(none.is_none());
        // An unknown id still says so.
        assert!(load_two("alpha", "zeta", dir.path()).is_err());
    }
}
