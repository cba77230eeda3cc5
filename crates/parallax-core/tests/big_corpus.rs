//! Big corpora (issue #16): the cache keeps what is needed to skip re-parsing and no more,
//! listings come from its heads, the corpus is brought up to date in chunks, and every path
//! (fresh parse, cold cache, warm cache, listing) gives the same articles.

mod common;
use parallax_core::corpus::cache::{self, Cache, Listed, Tokens};
use parallax_core::corpus::Corpus;
use parallax_core::Article;
use std::path::Path;

/// A generated corpus of `n` articles (seed 42, as `gen_corpus` writes it), with the seed
/// articles and the format fixtures (HTML, JSON, JSONL, encodings) beside it.
fn corpus_dir(n: usize) -> tempfile::TempDir {
    common::generated_corpus(n, 42)
}

/// Everything an article holds, tokens included.
fn whole(a: &Article) -> String {
    let paras: Vec<String> = a
        .paragraphs
        .iter()
        .map(|p| {
            let tokens: Vec<String> = p
                .tokens
                .iter()
                .map(|w| format!("{}@{}", w.norm(&p.text), w.start()))
                .collect();
            format!(
                "{}:{}-{}:{:?}:{}:{:?}:[{}]",
                p.index,
                p.start,
                p.end,
                p.role,
                p.words,
                p.text,
                tokens.join(" ")
            )
        })
        .collect();
    format!(
        "{}|{}|{}|{}|{:?}|{}|{:?}|{}",
        a.id,
        a.path.display(),
        a.hash,
        a.encoding,
        a.meta,
        a.words,
        a.text,
        paras.join("\n")
    )
}

fn wholes(v: &[Article]) -> Vec<String> {
    v.iter().map(whole).collect()
}

fn untokenised(v: &[Article]) -> Vec<String> {
    v.iter()
        .map(|a| {
            let mut a = a.clone();
            for p in &mut a.paragraphs {
                p.tokens.clear();
            }
            whole(&a)
        })
        .collect()
}

fn cache_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir.join(".parallax"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("cache.db"))
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

fn text_bytes(dir: &Path) -> u64 {
    walkdir(dir)
}

fn walkdir(dir: &Path) -> u64 {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()) {
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let t = e.file_type().unwrap();
        if t.is_dir() {
            n += walkdir(&e.path());
        } else if t.is_file() {
            n += e.metadata().unwrap().len();
        }
    }
    n
}

#[test]
fn fresh_parse_cold_cache_warm_cache_and_listing_give_the_same_articles() {
    let dir = corpus_dir(300);
    let corpus = Corpus::open(dir.path()).unwrap();
    assert!(corpus.entries.len() > 300);
    // The old path: every file parsed, no cache.
    let (fresh, fresh_skipped) = corpus.load_all();
    let listed_fresh: Vec<Listed> = fresh.iter().map(Listed::of).collect();

    // A listing first (cold): the listing of every article, nothing else.
    let (listed_cold, skipped, note) = cache::listing(&corpus);
    assert_eq!(note, None);
    assert_eq!(listed_cold, listed_fresh);
    assert_eq!(skipped, fresh_skipped);
    // Warm: from the heads alone.
    let (listed_warm, skipped, note) = cache::listing(&corpus);
    assert_eq!(note, None);
    assert_eq!(listed_warm, listed_fresh);
    assert_eq!(skipped, fresh_skipped);
    // Whole articles from the cache the listing wrote: text, paragraphs and tokens.
    let mut c = Cache::open(&Cache::default_path(dir.path())).unwrap();
    let (warm, skipped, stats) = c.load_all(&corpus).unwrap();
    assert_eq!(stats.parsed, 0, "every file served from the cache");
    assert_eq!(wholes(&warm), wholes(&fresh));
    assert_eq!(skipped, fresh_skipped);
    let (warm_untok, _, _) = c.load(&corpus, Tokens::No).unwrap();
    assert_eq!(untokenised(&warm_untok), untokenised(&fresh));
    drop(c);

    // A cold load of whole articles (no listing first) gives the same too.
    std::fs::remove_dir_all(dir.path().join(".parallax")).unwrap();
    let (cold, skipped, _) = cache::load_all(&corpus);
    assert_eq!(wholes(&cold), wholes(&fresh));
    assert_eq!(skipped, fresh_skipped);
    let (cold_untok, _, _) = cache::load_listing(&corpus);
    assert_eq!(untokenised(&cold_untok), untokenised(&fresh));
}

#[test]
fn the_cache_is_at_most_one_and_a_half_times_the_text() {
    let dir = corpus_dir(400);
    let corpus = Corpus::open(dir.path()).unwrap();
    let text = text_bytes(dir.path());
    let (listed, _, _) = cache::listing(&corpus);
    assert_eq!(listed.len(), corpus.entries.len());
    let db = cache_bytes(dir.path());
    if std::env::var_os("BIG_DBSTAT").is_some() {
        let conn = rusqlite::Connection::open(Cache::default_path(dir.path())).unwrap();
        let mut st = conn
            .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")
            .unwrap();
        let rows: Vec<(String, i64)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        eprintln!("{rows:?}");
        let avg: (f64, f64, f64, i64) = conn
            .query_row(
                "SELECT avg(length(head)), (SELECT avg(length(body)) FROM bodies), avg(length(title)), count(*) FROM docs",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        eprintln!("head, body, title, rows: {avg:?}");
    }
    assert!(
        db * 2 <= text * 3,
        "cache {db} bytes for {text} bytes of text: more than 1.5x"
    );
}

#[test]
fn articles_arrive_in_chunks_in_corpus_order() {
    let dir = corpus_dir(2100);
    let corpus = Corpus::open(dir.path()).unwrap();
    let ids: Vec<&str> = corpus.entries.iter().map(|e| e.id.as_str()).collect();
    for pass in ["cold", "warm"] {
        let mut chunks: Vec<Vec<String>> = Vec::new();
        let (skipped, note) = cache::load_each::<Listed>(&corpus, Tokens::No, &mut |c| {
            chunks.push(c.into_iter().map(|l| l.id).collect())
        });
        assert_eq!(note, None, "{pass}");
        assert!(skipped.len() < 10, "{pass}: {skipped:?}");
        assert!(chunks.len() >= 3, "{pass}: {} chunks", chunks.len());
        let max = chunks.iter().map(Vec::len).max().unwrap();
        assert!(max <= 1100, "{pass}: a chunk of {max} articles");
        let got: Vec<String> = chunks.concat();
        // Every listed article, once, in corpus order (the skipped ones left out).
        let mut expect = ids.iter().map(|s| s.to_string());
        for g in &got {
            assert!(expect.any(|e| &e == g), "{pass}: {g} out of order");
        }
        let (all, _, _) = cache::listing(&corpus);
        let all: Vec<String> = all.into_iter().map(|l| l.id).collect();
        assert_eq!(got, all, "{pass}");
    }
}

#[test]
fn an_older_cache_is_rebuilt_with_a_message_and_its_space_given_back() {
    let dir = corpus_dir(200);
    let corpus = Corpus::open(dir.path()).unwrap();
    let path = Cache::default_path(dir.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        // A cache of version 5's layout, full of rows (and lies).
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, hash TEXT, error TEXT);
             CREATE TABLE docs (id INTEGER PRIMARY KEY, path TEXT NOT NULL, item TEXT, title TEXT NOT NULL DEFAULT '', article TEXT NOT NULL);
             PRAGMA user_version = 5;",
        )
        .unwrap();
        let filler = "x".repeat(4000);
        for e in &corpus.entries {
            let rel = e.path.strip_prefix(dir.path()).unwrap().to_string_lossy();
            let m = std::fs::metadata(&e.path).unwrap();
            let mtime = m
                .modified()
                .unwrap()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as i64;
            conn.execute(
                "INSERT OR REPLACE INTO files VALUES (?1, ?2, ?3, 'x', NULL)",
                rusqlite::params![rel, m.len() as i64, mtime],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO docs (path, item, title, article) VALUES (?1, ?2, 'LIE', ?3)",
                rusqlite::params![rel, e.item, filler],
            )
            .unwrap();
        }
    }
    let before = std::fs::metadata(&path).unwrap().len();
    let (fresh, _) = corpus.load_all();
    let (listed, _, note) = cache::listing(&corpus);
    let note = note.expect("a message says the cache was rebuilt");
    assert!(note.contains("another version"), "{note}");
    assert_eq!(
        listed,
        fresh.iter().map(Listed::of).collect::<Vec<_>>(),
        "nothing of the old cache trusted"
    );
    // Next time: no message.
    let (_, _, again) = cache::listing(&corpus);
    assert_eq!(again, None);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let free: i64 = conn
        .pragma_query_value(None, "freelist_count", |r| r.get(0))
        .unwrap();
    let pages: i64 = conn
        .pragma_query_value(None, "page_count", |r| r.get(0))
        .unwrap();
    assert!(
        free * 20 < pages,
        "old rows' space kept: {free} of {pages} pages free"
    );
    assert!(before > 0);
}

#[test]
fn a_damaged_body_or_head_is_parsed_again_not_trusted() {
    let dir = corpus_dir(50);
    let corpus = Corpus::open(dir.path()).unwrap();
    let (fresh, _) = corpus.load_all();
    cache::listing(&corpus);
    let path = Cache::default_path(dir.path());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        // A body that is not LZ4, one that claims 4 GB, a head that is not JSON.
        conn.execute_batch(
            "UPDATE bodies SET body = x'00' WHERE id = 1;
             UPDATE bodies SET body = x'FFFFFFFF00000000' WHERE id = 2;
             UPDATE docs SET head = 'not json' WHERE id = 3;",
        )
        .unwrap();
    }
    let mut c = Cache::open(&path).unwrap();
    let (articles, _, stats) = c.load_all(&corpus).unwrap();
    assert_eq!(wholes(&articles), wholes(&fresh));
    assert!(stats.parsed >= 3, "{stats:?}");
    let (again, _, stats) = c.load_all(&corpus).unwrap();
    assert_eq!(wholes(&again), wholes(&fresh));
    assert_eq!(stats.parsed, 0, "the rows were replaced");
}

#[test]
fn search_sees_changed_and_removed_files_and_marks_variants() {
    let dir = corpus_dir(20);
    let a = dir.path().join("zz_a.txt");
    let b = dir.path().join("zz_b.txt");
    std::fs::write(
        &a,
        "Quilted harbour notice\n\nThe quizzical ptarmigan defence ministry spoke today.\n",
    )
    .unwrap();
    std::fs::write(
        &b,
        "Second notice\n\nA report on the ptarmigan defense of the habitat.\n",
    )
    .unwrap();
    let corpus = Corpus::open(dir.path()).unwrap();
    let (c, _) = cache::for_search(&corpus);
    let c = c.unwrap();
    let hits = c.search(&corpus, "quizzical ptarmigan", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, "zz_a");
    assert_eq!(hits[0].para, 1);
    assert!(
        hits[0].snippet.contains("«quizzical ptarmigan»"),
        "{}",
        hits[0].snippet
    );
    // A spelling variant found in the index is matched and marked.
    let hits = c.search(&corpus, "ptarmigan defense", 100).unwrap();
    let mut ids: Vec<&str> = hits.iter().map(|h| h.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["zz_a", "zz_b"]);
    for h in &hits {
        assert!(h.snippet.contains('«'), "unmarked: {}", h.snippet);
    }
    drop(c);
    // Changed: the old text is gone from the index; removed: its rows too.
    std::fs::write(&a, "Quilted harbour notice\n\nNothing about birds now.\n").unwrap();
    std::fs::remove_file(&b).unwrap();
    let corpus = Corpus::open(dir.path()).unwrap();
    let (c, note) = cache::for_search(&corpus);
    assert_eq!(note, None);
    let c = c.unwrap();
    assert!(c
        .search(&corpus, "quizzical ptarmigan", 10)
        .unwrap()
        .is_empty());
    assert!(c.search(&corpus, "ptarmigan", 10).unwrap().is_empty());
    let hits = c.search(&corpus, "about birds", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id, "zz_a");
}
