//! Opening a big corpus fast (issue #16): reading a corpus (a listing, the reader's load)
//! leaves the full-text index to the first search, and every search finds exactly the
//! paragraphs that hold the phrase, after a cold listing, after a file is changed (before or
//! after it was indexed), added or removed.

mod common;
use parallax_core::corpus::cache::{self, Cache, Listed, Tokens};
use parallax_core::corpus::Corpus;
use std::collections::BTreeSet;
use std::path::Path;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `n` generated articles (seed 7) in `gen/`, the seed articles and format fixtures beside.
fn corpus_dir(n: usize) -> tempfile::TempDir {
    common::generated_corpus(n, 7)
}

/// The index's words of a text as FTS5's `unicode61 remove_diacritics 2` makes them: runs of
/// letters and digits, lower case, without diacritics.
fn index_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect()
        })
        .collect()
}

/// Every (article id, paragraph) whose text holds the words of `query` in a row, read from
/// the articles parsed afresh: what a search must find.
fn expected(corpus: &Corpus, query: &str) -> BTreeSet<(String, usize)> {
    let q = index_words(query);
    let (articles, _) = corpus.load_all();
    let mut out = BTreeSet::new();
    for a in &articles {
        for p in &a.paragraphs {
            if index_words(&p.text).windows(q.len()).any(|w| w == q) {
                out.insert((a.id.clone(), p.index));
            }
        }
    }
    out
}

fn found(c: &Cache, corpus: &Corpus, query: &str) -> BTreeSet<(String, usize)> {
    c.search(corpus, query, 100_000)
        .unwrap()
        .into_iter()
        .map(|h| (h.id, h.para))
        .collect()
}

/// Two-word phrases of short words (under 6 letters: no spelling variants are searched for
/// them) taken from the generated articles, and one phrase of the seed articles'.
fn queries(corpus: &Corpus) -> Vec<String> {
    let (articles, _) = corpus.load_all();
    let mut out = vec!["peace deal".to_string()];
    for a in articles
        .iter()
        .filter(|a| a.id.starts_with("gen/"))
        .step_by(7)
    {
        let p = &a.paragraphs[a.paragraphs.len() / 2];
        let words: Vec<&str> = p
            .text
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        if let Some(w) = words
            .windows(2)
            .find(|w| w.iter().all(|x| (3..6).contains(&x.len())))
        {
            out.push(w.join(" "));
        }
    }
    assert!(out.len() >= 4, "{out:?}");
    out
}

/// Rows of the full-text index (one per indexed paragraph).
fn indexed_rows(dir: &Path) -> i64 {
    let conn = rusqlite::Connection::open(Cache::default_path(dir)).unwrap();
    conn.query_row("SELECT count(*) FROM fts_docsize", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_listing_leaves_the_full_text_index_to_the_first_search() {
    let dir = corpus_dir(40);
    let corpus = Corpus::open(dir.path()).unwrap();
    let (listed, _, note) = cache::listing(&corpus);
    assert_eq!(note, None);
    assert!(listed.len() >= 40);
    assert_eq!(indexed_rows(dir.path()), 0, "a listing indexes nothing");
    // The reader's load neither.
    let mut c = Cache::open(&Cache::default_path(dir.path())).unwrap();
    let (articles, _, _) = c.load(&corpus, Tokens::No).unwrap();
    assert_eq!(indexed_rows(dir.path()), 0);
    assert_eq!(c.pending().unwrap(), articles.len());
    drop(c);
    // The first search indexes every paragraph, once.
    let (c, note) = cache::for_search(&corpus);
    assert_eq!(note, None);
    let c = c.unwrap();
    let q = "peace deal";
    assert_eq!(found(&c, &corpus, q), expected(&corpus, q));
    let paragraphs: usize = articles.iter().map(|a| a.paragraphs.len()).sum();
    assert_eq!(indexed_rows(dir.path()), paragraphs as i64);
    assert_eq!(c.pending().unwrap(), 0);
    assert_eq!(c.index_pending().unwrap(), 0, "nothing indexed twice");
}

#[test]
fn search_finds_every_paragraph_holding_the_phrase_after_a_listing_an_edit_and_a_removal() {
    let dir = corpus_dir(60);
    let corpus = Corpus::open(dir.path()).unwrap();
    let qs = queries(&corpus);
    let check = |corpus: &Corpus, when: &str| {
        let (c, note) = cache::for_search(corpus);
        assert_eq!(note, None, "{when}");
        let c = c.unwrap();
        for q in &qs {
            let want = expected(corpus, q);
            assert_eq!(found(&c, corpus, q), want, "{when}: {q}");
        }
    };
    // A cold listing, then searches.
    let _: (Vec<Listed>, _, _) = cache::listing(&corpus);
    check(&corpus, "after a cold listing");

    let gen = dir.path().join("gen");
    let first = gen.join(format!("{}.txt", parallax_synth::corpus::id(0)));
    let second = gen.join(format!("{}.txt", parallax_synth::corpus::id(1)));
    let third = gen.join(format!("{}.txt", parallax_synth::corpus::id(2)));
    // Changed after it was indexed: the first file takes the second's text and a query's
    // words; the second file is removed; a new file holds another query's words.
    let mut text = std::fs::read_to_string(&second).unwrap();
    text.push_str(&format!("\n\nA closing line on the {}.\n", qs[1]));
    std::fs::write(&first, &text).unwrap();
    std::fs::remove_file(&second).unwrap();
    std::fs::write(
        gen.join("zz_new.txt"),
        format!(
            "A new notice\n\nThe {} was noted again today by the council.\n",
            qs[2]
        ),
    )
    .unwrap();
    let corpus = Corpus::open(dir.path()).unwrap();
    let _: (Vec<Listed>, _, _) = cache::listing(&corpus);
    check(&corpus, "after an edit, a removal and an addition");

    // Changed twice before any search: the rows of an article never indexed go too.
    std::fs::write(
        &third,
        format!("Third notice\n\nOnly the {} here now.\n", qs[3]),
    )
    .unwrap();
    let corpus = Corpus::open(dir.path()).unwrap();
    let _: (Vec<Listed>, _, _) = cache::listing(&corpus);
    std::fs::write(
        &third,
        "Third notice\n\nNothing to find in this one any more.\n",
    )
    .unwrap();
    std::fs::remove_file(gen.join("zz_new.txt")).unwrap();
    let corpus = Corpus::open(dir.path()).unwrap();
    let _: (Vec<Listed>, _, _) = cache::listing(&corpus);
    check(&corpus, "after edits and a removal before indexing");
}
