//! The article commands: `list`, `show`, `search` and `compare`, as text or JSON.

use super::load::{load_one, load_two};
use crate::report;
use anyhow::{Context, Result};
use parallax_core::corpus::cache::{self, Cache};
use parallax_core::corpus::Corpus;
use parallax_core::engine;
use parallax_core::json;
use parallax_core::text::sanitize::sanitize;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// `parallax list`.
pub fn list(corpus: &Path, json: bool, out: &mut impl Write) -> Result<()> {
    let c = Corpus::open(corpus)?;
    // From the cache's heads: no article text is read or held.
    let (articles, skipped, warning) = cache::listing(&c);
    if let Some(w) = warning {
        eprintln!("parallax: {}", sanitize(&w));
    }
    if json {
        let doc = json::List {
            schema_version: json::SCHEMA_VERSION,
            corpus: &c.root,
            articles: articles.iter().map(json::ListEntry::of).collect(),
            skipped: &skipped,
        };
        json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        report::list(
            &mut *out,
            &articles,
            &skipped,
            report::width(None).unwrap_or(report::UNLIMITED),
        )?;
    }
    // The process ends here: the listing and the corpus are not freed one entry at a time
    // (a few per cent of a warm list of 100k articles).
    std::mem::forget(articles);
    std::mem::forget(c);
    Ok(())
}

/// `parallax show`.
pub fn show(article: &str, corpus: &Path, json: bool, out: &mut impl Write) -> Result<()> {
    let a = load_one(article, corpus)?;
    if json {
        json::to_writer_pretty(&mut *out, &json::Show::new(&a))?;
        writeln!(out)?;
    } else {
        report::show(
            &mut *out,
            &a,
            report::width(None).unwrap_or(report::UNLIMITED),
        )?;
    }
    Ok(())
}

/// How `parallax compare` prints.
#[derive(Debug, Clone, Copy)]
pub struct CompareView {
    pub json: bool,
    pub layout: report::Layout,
    pub color: report::ColorChoice,
    pub width: Option<usize>,
    pub full: bool,
}

/// Words of a pair above which `compare` frees the articles' words before comparing them
/// (two 10 MB texts: 28 MB less at the peak). Below, finding them again would cost more time
/// (a tenth of a short compare) than their memory is worth.
const LONG_PAIR_WORDS: usize = 1 << 16;

/// `parallax compare`.
pub fn compare(
    a: &str,
    b: &str,
    corpus: &Path,
    view: &CompareView,
    marks: &[parallax_core::provenance::CopyMark],
    out: &mut impl Write,
) -> Result<()> {
    let (mut a, mut b, _) = load_two(a, b, corpus)?;
    if a.words + b.words > LONG_PAIR_WORDS {
        // The comparison finds each paragraph's words when it reads them, rather than hold
        // every word of two long texts from start to end (8 bytes a word).
        a.drop_tokens();
        b.drop_tokens();
    }
    if a.path == b.path || (a.id == b.id && a.hash == b.hash) {
        // The reader refuses such a pick; here the comparison is shown, and said for what it is.
        eprintln!(
            "parallax: note: left and right are the same article ({}): an article is a duplicate of itself",
            parallax_core::text::sanitize::sanitize(&a.id)
        );
    }
    let c = engine::compare(&a, &b);
    if view.json {
        let doc = json::Compare::new(&a, &b, &c).with_marks(&a, &b, &c, marks);
        json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        let colored = view.color.enabled(std::io::stdout().is_terminal());
        let opts = report::Options {
            width: report::width(view.width).unwrap_or(80),
            layout: view.layout,
            color: colored,
            full: view.full,
        };
        let p = parallax_core::provenance::of_pair(&a, &b, &c, marks);
        report::compare_with(&mut *out, &a, &b, &c, &opts, Some(&p))?;
    }
    Ok(())
}

/// `parallax search`.
pub fn search(
    query: &str,
    corpus: &Path,
    limit: usize,
    json: bool,
    out: &mut impl Write,
) -> Result<()> {
    let c = Corpus::open(corpus)?;
    let path = Cache::default_path(&c.root);
    let (cache, note) = cache::for_search(&c);
    if let Some(n) = note {
        eprintln!("parallax: {}", sanitize(&n));
    }
    let cache = cache.with_context(|| format!("search needs the index in {}", path.display()))?;
    // `list` and the reader leave the full-text index to the first search: say so when
    // building it takes a while.
    let pending = cache.pending().unwrap_or(0);
    if pending >= cache::INDEX_NOTE {
        eprintln!("parallax: indexing {pending} articles for full-text search (once)");
    }
    let hits = cache.search(&c, query, limit).map_err(anyhow::Error::msg)?;
    if json {
        let doc = json::Search {
            schema_version: json::SCHEMA_VERSION,
            corpus: &c.root,
            query,
            hits: &hits,
        };
        json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    let clean = sanitize;
    // Snippets are centred on the match and fit the line after their 4-space indent: the
    // terminal's width, or 80 columns in a pipe.
    let cols = report::width(None).unwrap_or(80).saturating_sub(4);
    for h in &hits {
        writeln!(out, "{}  ¶{}  {}", clean(&h.id), h.para, clean(&h.title))?;
        writeln!(
            out,
            "    {}",
            parallax_core::text::snippet::centre(&h.marked, cols)
        )?;
    }
    let n = hits.len();
    writeln!(out, "{n} {}", if n == 1 { "hit" } else { "hits" })?;
    Ok(())
}
