//! The parse cache and full-text index (`<corpus>/.parallax/cache.db`): same articles as a
//! fresh parse, re-parses only changed files, FTS5 search over paragraphs.

mod common;
use parallax_core::corpus::cache::{Cache, Stats};
use parallax_core::corpus::Corpus;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn corpus_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&common::articles_dir(), dir.path());
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats"),
        dir.path(),
    );
    std::fs::write(dir.path().join("junk.txt"), b"\x00\x01binary").unwrap();
    dir
}

fn summary(a: &parallax_core::Article) -> String {
    let paras: Vec<String> = a
        .paragraphs
        .iter()
        .map(|p| {
            format!(
                "{}-{}:{:?}:{}:{}",
                p.start,
                p.end,
                p.role,
                p.words,
                p.tokens.len()
            )
        })
        .collect();
    format!(
        "{}|{}|{}|{:?}|{}|{}",
        a.id,
        a.hash,
        a.encoding,
        a.meta,
        a.words,
        paras.join(",")
    )
}

fn load(dir: &Path) -> (Vec<String>, Vec<String>, Stats) {
    let corpus = Corpus::open(dir).unwrap();
    let mut cache = Cache::open(&Cache::default_path(dir)).unwrap();
    let (articles, skipped, stats) = cache.load_all(&corpus).unwrap();
    (
        articles.iter().map(summary).collect(),
        skipped.iter().map(|s| s.reason.clone()).collect(),
        stats,
    )
}

#[test]
fn warm_open_gives_the_same_articles_without_parsing() {
    let dir = corpus_copy();
    let d = dir.path();
    let corpus = Corpus::open(d).unwrap();
    let (fresh, fresh_skipped) = corpus.load_all();
    let fresh: Vec<String> = fresh.iter().map(summary).collect();

    let (cold, cold_skipped, stats) = load(d);
    assert_eq!(
        stats,
        Stats {
            cached: 0,
            parsed: 10
        }
    );
    assert_eq!(cold, fresh);
    let (warm, warm_skipped, stats) = load(d);
    assert_eq!(
        stats,
        Stats {
            cached: 10,
            parsed: 0
        }
    );
    assert_eq!(warm, fresh);
    let reasons: Vec<String> = fresh_skipped.iter().map(|s| s.reason.clone()).collect();
    assert_eq!(cold_skipped, reasons);
    assert_eq!(warm_skipped, reasons);
    assert!(reasons[0].contains("binary"));

    // Seeds compared from the cache score exactly as parsed from their files.
    let mut cache = Cache::open(&Cache::default_path(d)).unwrap();
    let (cached, _, _) = cache.load_all(&corpus).unwrap();
    let pick = |id: &str| {
        cached
            .iter()
            .find(|a| a.id.starts_with(id))
            .unwrap()
            .clone()
    };
    let c = parallax_core::compare(&pick("004"), &pick("002"));
    let f = parallax_core::compare(&common::seed("004"), &common::seed("002"));
    assert_eq!(format!("{:?}", c.scores), format!("{:?}", f.scores));
}

#[test]
fn a_listing_load_leaves_tokens_out_and_compares_the_same() {
    let dir = corpus_copy();
    let d = dir.path();
    let corpus = Corpus::open(d).unwrap();
    let (fresh, _) = corpus.load_all();
    let mut cache = Cache::open(&Cache::default_path(d)).unwrap();
    cache.load_all(&corpus).unwrap();
    let (listed, _, stats) = cache
        .load(&corpus, parallax_core::corpus::cache::Tokens::No)
        .unwrap();
    assert_eq!(stats.cached, 10);
    assert!(listed
        .iter()
        .flat_map(|a| &a.paragraphs)
        .all(|p| p.tokens.is_empty()));
    // Everything but the tokens is as parsed; tokenised on demand, they are too.
    let no_tokens = |a: &parallax_core::Article| {
        let mut a = a.clone();
        a.paragraphs.iter_mut().for_each(|p| p.tokens.clear());
        summary(&a)
    };
    let listed_summary: Vec<String> = listed.iter().map(no_tokens).collect();
    assert_eq!(
        listed_summary,
        fresh.iter().map(no_tokens).collect::<Vec<_>>()
    );
    let tokenised: Vec<String> = listed.iter().map(|a| summary(&a.tokenised())).collect();
    assert_eq!(tokenised, fresh.iter().map(summary).collect::<Vec<_>>());
    let pick = |id: &str| listed.iter().find(|a| a.id.starts_with(id)).unwrap();
    let c = parallax_core::compare(pick("004"), pick("002"));
    let f = parallax_core::compare(&common::seed("004"), &common::seed("002"));
    assert_eq!(format!("{:?}", c.scores), format!("{:?}", f.scores));
    assert_eq!(c.rows.len(), f.rows.len());
    // Marks anchor on the same paragraph hashes.
    for (l, a) in listed.iter().zip(&fresh) {
        for (p, q) in l.paragraphs.iter().zip(&a.paragraphs) {
            assert_eq!(
                parallax_core::marks::para_hash(p),
                parallax_core::marks::para_hash(q)
            );
        }
    }
}

#[test]
fn changed_files_are_parsed_again_and_gone_files_forgotten() {
    let dir = corpus_copy();
    let d = dir.path();
    load(d);
    // Same bytes, new mtime: read and hashed, not parsed; the cache answers.
    let f = d.join("front.md");
    let bytes = std::fs::read(&f).unwrap();
    std::fs::write(&f, &bytes).unwrap();
    let t = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&f)
        .unwrap()
        .set_modified(t)
        .unwrap();
    let (_, _, stats) = load(d);
    assert_eq!(
        stats,
        Stats {
            cached: 9,
            parsed: 1
        }
    );
    // New content: parsed and indexed.
    std::fs::write(
        d.join("latin1.txt"),
        "Quayside gulls protest the new bin lids.\n\nMore text.\n",
    )
    .unwrap();
    std::fs::remove_file(d.join("harbour.html")).unwrap();
    let corpus = Corpus::open(d).unwrap();
    let mut cache = Cache::open(&Cache::default_path(d)).unwrap();
    let (articles, _, stats) = cache.load_all(&corpus).unwrap();
    assert_eq!(
        stats,
        Stats {
            cached: 8,
            parsed: 1
        }
    );
    let latin = articles.iter().find(|a| a.id == "latin1").unwrap();
    assert_eq!(latin.meta.title, "Quayside gulls protest the new bin lids.");
    let hits = cache.search(&corpus, "gulls protest", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].id.as_str(), hits[0].para), ("latin1", 0));
    assert!(cache.search(&corpus, "café prices", 10).unwrap().is_empty());
    assert!(
        cache.search(&corpus, "crane", 10).unwrap().is_empty(),
        "removed file"
    );
}

#[test]
fn fts5_is_built_in_and_search_finds_a_pasted_quote() {
    let dir = corpus_copy();
    let d = dir.path();
    let corpus = Corpus::open(d).unwrap();
    let mut cache = Cache::open(&Cache::default_path(d)).unwrap();
    cache.load_all(&corpus).unwrap();
    // A quote as pasted from a browser: curly quotes, other case, punctuation.
    let hits = cache
        .search(&corpus, "“violated a PEACE deal with Armenia”", 50)
        .unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    assert!(ids.contains(&"004_930046805f83b52a"), "{ids:?}");
    assert!(ids.contains(&"002_74ca31117742919c"), "{ids:?}");
    let dw = hits.iter().find(|h| h.id.starts_with("004")).unwrap();
    let a = common::seed("004");
    assert!(a.paragraphs[dw.para]
        .text
        .contains("violated a peace deal with Armenia"));
    assert!(
        dw.snippet.contains("«violated a peace deal with Armenia»"),
        "{}",
        dw.snippet
    );
    // Accents ignored; JSONL items found by their ids.
    let lib = cache.search(&corpus, "Library reopened", 5).unwrap();
    assert_eq!(lib[0].id, "wire#3");
    let cafe = cache.search(&corpus, "elegant terrace", 5).unwrap();
    assert_eq!(cafe[0].id, "latin1");
    // FTS5 syntax in the query is only words.
    assert!(cache
        .search(&corpus, "NEAR(\"x\" OR *", 5)
        .unwrap()
        .is_empty());
    assert!(cache.search(&corpus, "  ?! ", 5).is_err());
}

#[test]
fn a_corrupt_cache_is_not_fatal() {
    let dir = corpus_copy();
    let d = dir.path();
    std::fs::create_dir_all(d.join(".parallax")).unwrap();
    std::fs::write(
        Cache::default_path(d),
        b"this is not a database, just junk bytes",
    )
    .unwrap();
    let corpus = Corpus::open(d).unwrap();
    let (articles, _, warning) = parallax_core::corpus::cache::load_all(&corpus);
    assert_eq!(articles.len(), 11);
    // Moved aside and rebuilt, never left broken: the next load is silent.
    assert!(warning.unwrap().contains("rebuilt"));
    let (again, _, warning) = parallax_core::corpus::cache::load_all(&corpus);
    assert_eq!((again.len(), warning), (11, None));
}
