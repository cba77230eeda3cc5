//! The corpus scan on the seeds, on a small generated corpus with planted truth, and on
//! edge cases (empty corpus, one article, many identical articles).

mod common;
use parallax_core::corpus::Corpus;
use parallax_core::engine::score::Verdict;
use parallax_core::scan::{self, Options, Quiet};
use parallax_synth::corpus as synth_corpus;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn seeds_scan() -> scan::Scan {
    let c = Corpus::open(&common::articles_dir()).unwrap();
    scan::scan_corpus(&c, &Options::default(), &Quiet)
}

fn short(id: &str) -> &str {
    &id[..3]
}

#[test]
fn seeds_top_pair_is_the_dw_article_inside_the_thread() {
    let s = seeds_scan();
    let top = &s.pairs[0];
    assert_eq!((short(&top.left), short(&top.right)), ("004", "002"));
    assert_eq!(top.verdict, Verdict::LeftContainedInRight);
    assert!(top.left_in_right >= 0.85, "{top:?}");
    assert!(top.right_in_left < 0.3, "{top:?}");
    for p in &s.pairs {
        let ids: BTreeSet<&str> = [short(&p.left), short(&p.right)].into();
        for pair in [["003", "004"], ["000", "003"]] {
            if ids == pair.into() {
                assert!(
                    matches!(p.verdict, Verdict::PartialOverlap),
                    "{pair:?} reported as a copy: {p:?}"
                );
            }
        }
    }
}

#[test]
fn seeds_repeats_hold_the_reuters_quotes_and_the_caption() {
    let s = seeds_scan();
    let thread: Vec<_> = s
        .repeats
        .iter()
        .filter(|r| short(&r.article) == "002" && r.words >= 20)
        .collect();
    assert!(thread.len() >= 2, "{thread:?}");
    assert!(thread.iter().any(|r| r
        .text
        .starts_with("There has been no change in the positions")));
    let caption: Vec<_> = s
        .repeats
        .iter()
        .filter(|r| short(&r.article) == "003")
        .collect();
    assert_eq!(
        caption.len(),
        2,
        "the caption is there three times: {caption:?}"
    );
    let text = common::seed_text("003");
    for r in &s.repeats {
        assert!(r.first.end <= r.second.start, "occurrences overlap: {r:?}");
        let t = if short(&r.article) == "003" {
            Some(&text)
        } else {
            None
        };
        if let Some(t) = t {
            assert_eq!(
                parallax_core::text::tokens::words(&t[r.first.start..r.first.end]),
                parallax_core::text::tokens::words(&t[r.second.start..r.second.end])
            );
        }
    }
}

#[test]
fn seeds_coverage_of_the_thread_is_dw_then_unsourced() {
    let c = Corpus::open(&common::articles_dir()).unwrap();
    let cov = scan::coverage_of(&c, "002", &Quiet).unwrap();
    assert_eq!(short(&cov.sources[0].id), "004");
    let mains: Vec<Option<&str>> = cov
        .paragraphs
        .iter()
        .filter(|p| p.words >= 10)
        .map(|p| p.main_source().map(short))
        .collect();
    // DW over a first stretch, then no source to the end.
    let first_none = mains.iter().position(Option::is_none).unwrap();
    assert!(first_none >= 5, "{mains:?}");
    let last_dw = mains.iter().rposition(|m| *m == Some("004")).unwrap();
    assert!(last_dw < mains.len() / 2, "{mains:?}");
    assert!(
        cov.unsourced_share > 0.7 && cov.unsourced_share < 0.9,
        "{cov:?}"
    );
    let strip = cov.strip(40);
    assert_eq!(strip[0], Some(0));
    assert_eq!(*strip.last().unwrap(), None);
}

/// `coverage_of` reads the corpus once and keeps only the docs that share a fingerprint with
/// the article: the same coverage as over every doc of the corpus, boilerplate (text in more
/// than `max_df` files) and multi-article files included.
#[test]
fn coverage_of_one_article_equals_coverage_over_every_doc() {
    let dir = common::generated_corpus(160, 31);
    let gen = dir.path().join("gen");
    let o = Options::default();
    // A site's footer under more than `max_df` articles: boilerplate, never a source.
    let footer = "\n\nThis article is published under the editorial standards of our newsroom \
                  and may not be reproduced without the written permission of the publisher \
                  or its syndication partners in any country or language whatsoever.\n";
    let mut names: Vec<_> = std::fs::read_dir(&gen)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() > o.max_df + 10);
    for p in names.iter().take(o.max_df + 10) {
        let mut t = std::fs::read_to_string(p).unwrap();
        t.push_str(footer);
        std::fs::write(p, t).unwrap();
    }
    let c = Corpus::open(dir.path()).unwrap();
    let (docs, _, _) = scan::load_corpus(&c, &o, &Quiet);
    let mut sourced = 0;
    for e in c.entries.iter().step_by(3) {
        let a = c.load(e).unwrap();
        let want = scan::coverage(&a, &docs, &o);
        let got = scan::coverage_of(&c, &a.id, &Quiet).unwrap();
        assert_eq!(got, want, "{}", a.id);
        sourced += usize::from(!got.sources.is_empty());
    }
    assert!(sourced >= 10, "{sourced} articles with sources");
}

/// The reader keeps the scan's fingerprints only and makes the streams of the few docs it
/// compares from the articles it read: the same coverage as over docs with their streams.
#[test]
fn coverage_from_fingerprints_and_articles_equals_coverage_over_full_docs() {
    let dir = common::generated_corpus(120, 47);
    let c = Corpus::open(dir.path()).unwrap();
    let o = Options::default();
    let (full_scan, full) = scan::scan_corpus_docs(&c, &o, &Quiet);
    let (kept_scan, kept) = scan::scan_corpus_kept(&c, &o, &Quiet);
    assert_eq!(kept_scan.pairs, full_scan.pairs);
    assert!(
        kept.iter().all(|d| d.stream.is_empty()),
        "fingerprints only"
    );
    let (articles, _) = c.load_all();
    let by_id: std::collections::HashMap<&str, &parallax_core::Article> =
        articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let stream_of = |d: usize| {
        by_id
            .get(kept[d].id.as_str())
            .map(|a| parallax_core::engine::stream::Stream::of_text(&a.text))
    };
    let full_index = scan::coverage_index(&full, &o);
    let kept_index = scan::coverage_index(&kept, &o);
    let mut sourced = 0;
    for a in articles.iter().step_by(2) {
        let want = scan::coverage_in(a, &full, &full_index, &o);
        let got = scan::coverage_in_with(a, &kept, &kept_index, &o, &stream_of);
        assert_eq!(got, want, "{}", a.id);
        sourced += usize::from(!got.sources.is_empty());
    }
    assert!(sourced >= 10, "{sourced} articles with sources");
}

#[test]
fn one_shared_coverage_index_gives_each_seed_the_same_coverage() {
    // The reader builds the index once and asks for article after article.
    let c = Corpus::open(&common::articles_dir()).unwrap();
    let o = Options::default();
    let (docs, _, _) = scan::load_corpus(&c, &o, &Quiet);
    let index = scan::coverage_index(&docs, &o);
    let mut sourced = 0;
    for e in &c.entries {
        let a = c.load(e).unwrap();
        let alone = scan::coverage(&a, &docs, &o);
        assert_eq!(scan::coverage_in(&a, &docs, &index, &o), alone, "{}", a.id);
        assert!(
            alone.sources.iter().all(|s| s.id != a.id),
            "never its own source"
        );
        sourced += usize::from(!alone.sources.is_empty());
    }
    assert!(sourced >= 2, "004 and 002 cover each other");
}

/// Scan generated texts in memory, as the loader would.
fn scan_generated(g: &synth_corpus::Generated, o: &Options) -> scan::Scan {
    let docs: Vec<scan::Doc> = g
        .texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let id = synth_corpus::id(i);
            scan::doc_from_text(&id, Path::new(&id), t, o).0
        })
        .collect();
    scan::scan_docs(&docs, o, &Quiet)
}

fn key(a: &str, b: &str) -> (String, String) {
    (a.min(b).to_string(), a.max(b).to_string())
}

/// Checks a scan of the generated corpus against its truth: every planted near-duplicate
/// and containment found with the right verdict and direction; quotes found with a run of
/// at least `min_run` words (all of them when `all_quotes`, else those whose run in
/// `must` is this long); and above a share of 0.1 nothing unplanted. Returns the quotes
/// found, with their longest shared run.
fn check_against_truth(
    g: &synth_corpus::Generated,
    o: &Options,
    all_quotes: bool,
    must: &BTreeMap<(String, String), usize>,
) -> BTreeMap<(String, String), usize> {
    let s = scan_generated(g, o);
    assert!(
        s.stats.boilerplate_fingerprints > 0,
        "boilerplate recognised"
    );
    let found: std::collections::BTreeMap<_, _> = s
        .pairs
        .iter()
        .map(|p| (key(&p.left, &p.right), p))
        .collect();
    let mut quotes = BTreeMap::new();
    for (kind, a, b) in &g.truth {
        let (a, b) = (synth_corpus::id(*a), synth_corpus::id(*b));
        if *kind == "quote_edited" {
            // Part of a quote (a copy's edits fell inside it): found when a run of at least
            // `min_run` words survived, else rightly not reported.
            if let Some(p) = found.get(&key(&a, &b)) {
                assert!(p.longest_run >= o.min_run, "{p:?}");
            }
            continue;
        }
        if *kind == "quote" {
            match found.get(&key(&a, &b)) {
                Some(p) => {
                    assert!(p.longest_run >= 12, "{p:?}");
                    quotes.insert(key(&a, &b), p.longest_run);
                }
                None => {
                    let run = must.get(&key(&a, &b));
                    assert!(
                        !all_quotes && run.is_none(),
                        "planted quote {a} {b} not found (shared run {run:?})"
                    );
                }
            }
            continue;
        }
        let p = found
            .get(&key(&a, &b))
            .unwrap_or_else(|| panic!("planted {kind} {a} {b} not found"));
        match *kind {
            "near" => assert_eq!(p.verdict, Verdict::Duplicate, "{p:?}"),
            "contained" => {
                assert_eq!(p.verdict, Verdict::LeftContainedInRight, "{p:?}");
                assert_eq!(p.left, a, "the embedded article is the left one");
            }
            _ => assert!(p.longest_run >= 12, "{p:?}"),
        }
    }
    // Above a share of 0.1 (quotes are a few percent of an article), nothing unplanted.
    let planted: BTreeSet<_> = g
        .truth
        .iter()
        .map(|(_, a, b)| key(&synth_corpus::id(*a), &synth_corpus::id(*b)))
        .collect();
    for p in &s.pairs {
        if p.left_in_right.max(p.right_in_left) >= 0.1 {
            assert!(planted.contains(&key(&p.left, &p.right)), "unplanted {p:?}");
        }
    }
    quotes
}

#[test]
fn generated_corpus_every_planted_pair_found_no_unplanted_above_threshold() {
    let g = synth_corpus::corpus(300, 11);
    let kinds: BTreeSet<&str> = g.truth.iter().map(|t| t.0).collect();
    assert!(kinds.contains("near") && kinds.contains("contained") && kinds.contains("quote"));
    // Each boilerplate block is in ~19 of these 300 articles: boilerplate at this size.
    // `--min-run 12`: one shared fingerprint makes a candidate, so every run of 12 words
    // (every planted quote) is found.
    let every_run = Options {
        max_df: 12,
        ..Options::with_min_run(Some(12))
    };
    assert_eq!(every_run.min_fingerprints, 1);
    let quotes = check_against_truth(&g, &every_run, true, &BTreeMap::new());
    assert!(quotes.len() >= 10, "{} quotes", quotes.len());
    // The defaults (two shared fingerprints): every near-duplicate and containment; a
    // quote when it shares a run of ngram + 2 windows - 1 = 20 words or more (two whole
    // windows, two fingerprints), shorter ones only by chance.
    let defaults = Options {
        max_df: 12,
        ..Options::default()
    };
    let sure = defaults.ngram + 2 * defaults.window - 1;
    let long: BTreeMap<_, _> = quotes.into_iter().filter(|q| q.1 >= sure).collect();
    assert!(!long.is_empty());
    check_against_truth(&g, &defaults, false, &long);
}

#[test]
fn boilerplate_alone_makes_no_pair() {
    // 100 unrelated articles, all ending with the same 40-word sign-off.
    let sign_off = "Reporting by our correspondents in the region; additional reporting by the news desk. Editing by the evening team. Our standards: the Trust Principles apply to every story we publish, and corrections are listed on our website every day.";
    let texts: Vec<String> = (0..100)
        .map(|i| format!("{}\n{sign_off}\n", parallax_synth::article(1000 + i, 2500)))
        .collect();
    let g = synth_corpus::Generated {
        texts,
        truth: Vec::new(),
    };
    let s = scan_generated(&g, &Options::default());
    assert!(s.stats.boilerplate_fingerprints > 0);
    let big: Vec<_> = s.pairs.iter().filter(|p| p.shared_words >= 20).collect();
    assert!(big.is_empty(), "{big:?}");
}

#[test]
fn thousands_of_identical_articles_make_one_group() {
    let one = parallax_synth::article(5, 3000);
    let mut texts = vec![one.clone(); 1000];
    texts.push(parallax_synth::reworded_copy(6, &one, 0.05));
    texts.push(parallax_synth::article(7, 3000));
    let g = synth_corpus::Generated {
        texts,
        truth: Vec::new(),
    };
    let s = scan_generated(&g, &Options::default());
    assert_eq!(s.identical.len(), 1);
    assert_eq!(s.identical[0].ids.len(), 1000);
    // One pair: the group's first article and the reworded copy.
    assert_eq!(s.pairs.len(), 1, "{:?}", s.pairs);
    assert_eq!(s.pairs[0].verdict, Verdict::Duplicate);
}

#[test]
fn web_pages_and_scraper_exports_are_scanned_as_their_article_text() {
    let dir = tempfile::tempdir().unwrap();
    let dw = common::seed("004");
    std::fs::write(dir.path().join("dw.txt"), &dw.text).unwrap();
    // A web page reposting the DW article among navigation, a tracking script and comments.
    let mut page = String::from(
        "<!DOCTYPE html><html><head><title>Repost</title>\
         <script>var tracking = 'the quick brown fox jumps over the lazy dog again and again';</script>\
         </head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main><article><h1>Repost</h1>",
    );
    for p in dw.paragraphs.iter().skip(1) {
        page.push_str(&format!("<p>{}</p>", p.text));
    }
    page.push_str("</article></main><footer>Comments are closed.</footer></body></html>");
    std::fs::write(dir.path().join("page.html"), page).unwrap();
    // A scraper export: the DW text, then two unrelated reports, one per line.
    let line = |title: &str, text: &str| {
        serde_json::json!({"title": title, "text": text, "url": format!("https://example.org/{title}")})
            .to_string()
    };
    let feed = [
        line("a", &dw.text),
        line("b", &common::seed_text("003")),
        line("c", &common::seed_text("000")),
    ]
    .join("\n");
    std::fs::write(dir.path().join("feed.jsonl"), feed).unwrap();

    let c = parallax_core::corpus::Corpus::open(dir.path()).unwrap();
    let s = scan::scan_corpus(&c, &Options::default(), &scan::Quiet);
    assert!(s.skipped.is_empty(), "{:?}", s.skipped);
    assert_eq!(s.stats.articles, 5, "each JSONL line is its own article");
    let found = |a: &str, b: &str| {
        s.pairs
            .iter()
            .find(|p| (p.left == a && p.right == b) || (p.left == b && p.right == a))
    };
    let dw_page = found("dw", "page")
        .or_else(|| found("feed#1", "page"))
        .expect("the repost page is found");
    assert!(
        dw_page.left_in_right.min(dw_page.right_in_left) > 0.85,
        "{dw_page:?}"
    );
    // The text file and the first line hold the same words: one identical group, listed.
    assert!(found("dw", "feed#1").is_some());
    assert_eq!(s.identical.len(), 1, "{:?}", s.identical);
    assert_eq!(s.identical[0].ids, ["dw", "feed#1"]);
    // The two other lines are not copies of anything, and not of each other (reading the
    // file whole made every line an identical copy of the file).
    for p in &s.pairs {
        for id in [&p.left, &p.right] {
            assert!(id != "feed#2" && id != "feed#3", "{p:?}");
        }
    }
    // Markup and scripts are not text: the page has no more words than the article.
    let (docs, _, _) = scan::load_corpus(&c, &Options::default(), &scan::Quiet);
    let words = |id: &str| docs.iter().find(|d| d.id == id).unwrap().words;
    assert!(
        words("page") <= words("dw"),
        "{} > {}",
        words("page"),
        words("dw")
    );
}

/// The scan reads files itself (not through `corpus::load`): a file over the size limit, a
/// binary file and a file removed after listing are skipped with a reason; Latin-1 and CRLF
/// text is scanned as the words it holds.
#[test]
fn scan_reader_skips_bad_files_with_a_reason_and_decodes_legacy_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let dw = common::seed("004");
    std::fs::write(d.join("dw.txt"), &dw.text).unwrap();
    // The same article as Windows-1252 with CRLF line ends (curly quotes become 0x93/0x94).
    let crlf = dw.text.replace('\n', "\r\n");
    let (latin, _, bad) = encoding_rs::WINDOWS_1252.encode(&crlf);
    assert!(!bad, "the seed is representable in Windows-1252");
    std::fs::write(d.join("latin.txt"), &latin).unwrap();
    let huge = std::fs::File::create(d.join("huge.txt")).unwrap();
    huge.set_len(100 * 1024 * 1024).unwrap();
    drop(huge);
    std::fs::write(d.join("binary.txt"), b"ELF\x00\x01\x02 not text").unwrap();
    std::fs::write(d.join("gone.txt"), "listed, then removed").unwrap();

    let c = parallax_core::corpus::Corpus::open(d).unwrap();
    std::fs::remove_file(d.join("gone.txt")).unwrap();
    let s = scan::scan_corpus(&c, &Options::default(), &scan::Quiet);
    let reason = |name: &str| -> String {
        let hits: Vec<_> = s
            .skipped
            .iter()
            .filter(|k| k.path.ends_with(name))
            .collect();
        assert_eq!(hits.len(), 1, "{name}: {:?}", s.skipped);
        hits[0].reason.clone()
    };
    assert!(
        reason("huge.txt").starts_with("too large (100 MB"),
        "{:?}",
        s.skipped
    );
    assert!(reason("binary.txt").contains("binary"), "{:?}", s.skipped);
    assert!(
        reason("gone.txt").contains("No such file"),
        "{:?}",
        s.skipped
    );
    assert_eq!(s.skipped.len(), 3, "{:?}", s.skipped);
    // The Latin-1 CRLF copy holds the same words as the UTF-8 original.
    assert_eq!(s.identical.len(), 1, "{:?}", s.identical);
    assert_eq!(s.identical[0].ids, ["dw", "latin"]);
}

/// Listing sorts once after an unsorted walk: the order is that of a walk visiting each
/// folder's entries by name, in byte order (so `a/…` comes before `a-b.txt` and `a.txt`).
#[test]
fn listing_order_is_a_walk_by_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for f in [
        "a.txt",
        "a/b.txt",
        "a/a/z.txt",
        "a-b.txt",
        "B.txt",
        "a/B.md",
        "a0/x.txt",
        "zz.txt",
        "é.txt",
    ] {
        let p = d.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, format!("Text of {f}, long enough to count as words.\n")).unwrap();
    }
    let c = parallax_core::corpus::Corpus::open(d).unwrap();
    let got: Vec<&str> = c.entries.iter().map(|e| e.id.as_str()).collect();
    // What walkdir's own sorted walk lists, files only, relative, without extension.
    let want: Vec<String> = walkdir::WalkDir::new(d)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(d).unwrap().with_extension("");
            rel.to_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(got, want);
    assert_eq!(
        got,
        ["B", "a/B", "a/a/z", "a/b", "a-b", "a", "a0/x", "zz", "é"]
    );
}

/// Asserts that a scanned pair has the shares, run and verdict `compare` gives the two
/// articles (the left one first: the one with the larger share).
fn assert_as_compare(
    p: &scan::Pair,
    left: &parallax_core::Article,
    right: &parallax_core::Article,
) {
    let c = parallax_core::compare(left, right);
    let s = c.scores;
    assert!(
        (p.left_in_right - s.left_in_right).abs() <= 0.01
            && (p.right_in_left - s.right_in_left).abs() <= 0.01,
        "{} / {}: scan {:.3} / {:.3}, compare {:.3} / {:.3}",
        p.left,
        p.right,
        p.left_in_right,
        p.right_in_left,
        s.left_in_right,
        s.right_in_left
    );
    assert_eq!(p.longest_run, s.longest_run, "{} / {}", p.left, p.right);
    assert_eq!(p.verdict, c.verdict, "{} / {}", p.left, p.right);
    assert_eq!(
        (p.shared_words, p.left_words),
        (s.left_shared_words, s.left_counted_words)
    );
}

#[test]
fn every_scanned_pair_has_the_numbers_compare_gives() {
    // The seeds, with quote-length runs reported too.
    let c = Corpus::open(&common::articles_dir()).unwrap();
    let s = scan::scan_corpus(&c, &Options::with_min_run(Some(7)), &Quiet);
    assert!(s.pairs.len() >= 4, "{:?}", s.pairs);
    for p in &s.pairs {
        let load = |id: &str| c.load(c.resolve(id).unwrap()).unwrap();
        assert_as_compare(p, &load(&p.left), &load(&p.right));
    }
    // A generated corpus with planted near-duplicates, containments and quotes, written to
    // files and scanned from them.
    let g = synth_corpus::corpus(150, 23);
    let dir = tempfile::tempdir().unwrap();
    for (i, t) in g.texts.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{}.txt", synth_corpus::id(i))), t).unwrap();
    }
    let c = Corpus::open(dir.path()).unwrap();
    let s = scan::scan_corpus(&c, &Options::with_min_run(Some(12)), &Quiet);
    let kinds: BTreeSet<&str> = s.pairs.iter().map(|p| p.verdict.as_str()).collect();
    assert!(s.pairs.len() >= 20 && kinds.len() >= 3, "{kinds:?}");
    for p in &s.pairs {
        let load = |id: &str| c.load(c.resolve(id).unwrap()).unwrap();
        assert_as_compare(p, &load(&p.left), &load(&p.right));
    }
    // Coverage gives each source the share of the article compare gives.
    let article = c.load(&c.entries[g.truth[0].1]).unwrap();
    let cov = scan::coverage_of(&c, &article.id, &Quiet).unwrap();
    assert!(!cov.sources.is_empty());
    for src in &cov.sources {
        let other = c.load(c.resolve(&src.id).unwrap()).unwrap();
        let cmp = parallax_core::compare(&article, &other);
        assert!(
            (src.share - cmp.scores.left_in_right).abs() <= 0.01,
            "{}: coverage {:.3}, compare {:.3}",
            src.id,
            src.share,
            cmp.scores.left_in_right
        );
        assert_eq!(src.words, cmp.scores.left_shared_words);
    }
}
