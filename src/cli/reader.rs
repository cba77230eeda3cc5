//! The terminal reader, started from the command line (no subcommand, or `parallax tui`).

use super::{ThemeArg, TuiArgs};
use anyhow::Result;
use std::io::IsTerminal;
use std::path::PathBuf;

/// `parallax A B`: the reader on the comparison of two articles (ids, unique id prefixes or
/// paths). The corpus is `--corpus`, else the folder of A when A is a file, else ./articles.
pub fn run_pair(a: &str, b: &str, corpus: Option<PathBuf>, args: TuiArgs) -> Result<()> {
    let corpus = corpus.unwrap_or_else(|| {
        let p = std::path::Path::new(a);
        match p.parent() {
            Some(dir) if p.is_file() => {
                if dir.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    dir.to_path_buf()
                }
            }
            _ => PathBuf::from("articles"),
        }
    });
    let (left, right, listed) = super::load::load_two(a, b, &corpus)?;
    if left.id == right.id {
        anyhow::bail!("'{a}' and '{b}' are the same article; name two different ones");
    }
    open(
        corpus,
        args,
        Some((left.into(), right.into())),
        None,
        listed,
    )
}

/// Whether `parallax show` pages through the article view: both ends of the terminal are
/// one (a pipe or a file gets the text report, as scripts and tests expect) and the corpus
/// folder exists (the view reads the article among its corpus).
pub fn can_page(corpus: &std::path::Path) -> bool {
    std::io::stdout().is_terminal() && std::io::stdin().is_terminal() && corpus.is_dir()
}

/// `parallax show ARTICLE` on a terminal: the reader's article view on it, as a pager
/// (`q` quits; `]`/`[` read on through the corpus).
pub fn run_page(article: &str, corpus: PathBuf, args: TuiArgs) -> Result<()> {
    let a = super::load::load_one(article, &corpus)?;
    open(corpus, args, None, Some(a.into()), None)
}

/// Open the reader on a corpus folder.
pub fn run(corpus: PathBuf, args: TuiArgs) -> Result<()> {
    open(corpus, args, None, None, None)
}

fn open(
    corpus: PathBuf,
    args: TuiArgs,
    pair: Option<(
        std::sync::Arc<parallax_core::Article>,
        std::sync::Arc<parallax_core::Article>,
    )>,
    page: Option<std::sync::Arc<parallax_core::Article>>,
    listed: Option<parallax_core::corpus::Corpus>,
) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the reader needs a terminal; for a report in a pipe use `parallax list` or `parallax compare A B`"
        );
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let opts = crate::tui::Options {
        corpus,
        store: args.store,
        mouse: args.mouse,
        theme: match args.theme {
            ThemeArg::Dark => crate::tui::state::Theme::Dark,
            ThemeArg::Light => crate::tui::state::Theme::Light,
        },
        color,
        author: args.author,
        open: pair,
        page,
        // The folder listed to find the two articles by id, if it was: not walked again.
        listed,
    };
    // The first frame does not wait for the folder walk (a million files take seconds): the
    // reader's loader walks it, and the marks store gets the listing then. A folder that is
    // not there is said here, before the terminal is taken.
    if let Err(e) = std::fs::read_dir(&opts.corpus) {
        return Err(parallax_core::corpus::Error::NoCorpus {
            path: opts.corpus.clone(),
            reason: e.to_string(),
        }
        .into());
    }
    let path = opts
        .store
        .clone()
        .unwrap_or_else(|| parallax_core::marks::store::Store::default_path(&opts.corpus));
    let author = opts
        .author
        .clone()
        .unwrap_or_else(parallax_core::marks::default_author);
    // The reader opens without marks when the store cannot be opened (and says why). A store
    // that cannot be written (a read-only folder, a full disk) is still read.
    use crate::tui::store_marks::StoreMarks;
    match StoreMarks::unlisted(&path, author.clone()) {
        Ok(m) => crate::tui::run(opts, Some(Box::new(m)), None),
        Err(e) => match StoreMarks::open_read_only(&path, author) {
            Ok(Some(m)) => crate::tui::run(opts, Some(Box::new(m)), Some(format!("{e:#}"))),
            _ => crate::tui::run(opts, None, Some(format!("{e:#}"))),
        },
    }
}
