//! The scan for big corpora (issue #16): `scan_corpus` keeps only fingerprints per article
//! and reads the articles of candidate pairs again for verification. It must give exactly
//! what the straightforward path (`scan_corpus_docs`, every article's words kept) gives, on
//! the seeds and on generated corpora with every kind of file, whatever the thread count.

mod common;
use parallax_core::corpus::Corpus;
use parallax_core::scan::{self, Options, Quiet, Scan};
use parallax_synth::corpus as synth_corpus;
use std::path::Path;

/// Everything a scan reports, as the JSON does.
fn summary(s: &Scan) -> String {
    let skipped: Vec<String> = s
        .skipped
        .iter()
        .map(|k| format!("{} {}", k.path.display(), k.reason))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "stats": s.stats,
        "pairs": s.pairs,
        "repeats": s.repeats,
        "identical": s.identical,
        "skipped": skipped,
    }))
    .unwrap()
}

fn both_paths(dir: &Path, o: &Options) -> (Scan, Scan) {
    let c = Corpus::open(dir).unwrap();
    let compact = scan::scan_corpus(&c, o, &Quiet);
    let (plain, _) = scan::scan_corpus_docs(&c, o, &Quiet);
    (compact, plain)
}

/// A generated corpus of `n` articles with planted reuse and boilerplate, plus copies
/// (identical groups, one of them bigger than `max_group_pairs`), a JSON Lines feed and a web
/// page holding generated articles, front matter, an empty file, broken JSON, a folder named like an
/// article and a file that is not UTF-8.
fn write_mixed(dir: &Path, n: usize) -> synth_corpus::Generated {
    let g = synth_corpus::corpus(n, 7);
    for (i, t) in g.texts.iter().enumerate() {
        std::fs::write(dir.join(format!("{}.txt", synth_corpus::id(i))), t).unwrap();
    }
    for k in 0..3 {
        std::fs::write(dir.join(format!("copy{k}.txt")), &g.texts[5]).unwrap();
    }
    for k in 0..12 {
        std::fs::write(dir.join(format!("many{k:02}.txt")), &g.texts[9]).unwrap();
    }
    let line =
        |i: usize| serde_json::json!({"title": format!("t{i}"), "text": g.texts[i]}).to_string();
    let feed: Vec<String> = [3, 40, 41, 7, 120].iter().map(|&i| line(i)).collect();
    std::fs::write(dir.join("feed.jsonl"), feed.join("\n")).unwrap();
    let mut page = String::from("<html><head><title>Repost</title></head><body><article>");
    for p in g.texts[11].split("\n\n") {
        page.push_str(&format!("<p>{p}</p>"));
    }
    page.push_str("</article></body></html>");
    std::fs::write(dir.join("page.html"), page).unwrap();
    std::fs::write(
        dir.join("front.md"),
        format!("---\ntitle: x\n---\n{}", g.texts[13]),
    )
    .unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("broken.json"), "{\"text\": \"cut off").unwrap();
    std::fs::create_dir(dir.join("folder.txt")).unwrap();
    let latin1: Vec<u8> = g.texts[17]
        .replace('\u{2019}', "'")
        .chars()
        .map(|ch| if (ch as u32) < 256 { ch as u8 } else { b'?' })
        .chain("\ncaf\u{e9} \u{a3}3".chars().map(|ch| ch as u8))
        .collect();
    std::fs::write(dir.join("latin1.txt"), latin1).unwrap();
    g
}

#[test]
fn compact_scan_is_the_straightforward_scan_on_the_seeds() {
    let (compact, plain) = both_paths(&common::articles_dir(), &Options::default());
    assert!(!plain.pairs.is_empty());
    assert_eq!(summary(&compact), summary(&plain));
}

#[test]
fn compact_scan_is_the_straightforward_scan_on_a_mixed_generated_corpus() {
    let dir = tempfile::tempdir().unwrap();
    write_mixed(dir.path(), 1500);
    for o in [Options::default(), Options::with_min_run(Some(8))] {
        let (compact, plain) = both_paths(dir.path(), &o);
        // The corpus holds what the comparison needs to mean something.
        assert!(plain.pairs.len() > 100, "{}", plain.pairs.len());
        assert!(plain.stats.boilerplate_fingerprints > 0);
        assert!(plain
            .identical
            .iter()
            .any(|g| g.ids.len() > o.max_group_pairs));
        assert!(plain
            .identical
            .iter()
            .any(|g| g.ids.len() <= o.max_group_pairs));
        assert!(plain
            .pairs
            .iter()
            .any(|p| p.left.starts_with("feed#") || p.right.starts_with("feed#")));
        assert!(plain
            .pairs
            .iter()
            .any(|p| p.left == "page" || p.right == "page"));
        assert!(!plain.skipped.is_empty());
        assert_eq!(summary(&compact), summary(&plain));
    }
}

#[test]
fn compact_scan_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    write_mixed(dir.path(), 600);
    let c = Corpus::open(dir.path()).unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| summary(&scan::scan_corpus(&c, &Options::default(), &Quiet)))
    };
    let one = run(1);
    assert!(one.contains("\"left\""));
    assert_eq!(one, run(3));
    assert_eq!(one, run(8));
}

/// A file removed after the corpus was listed is skipped with its reason, never a panic,
/// and the other pairs are still found.
#[test]
fn compact_scan_skips_a_file_gone_since_listing() {
    let dir = tempfile::tempdir().unwrap();
    write_mixed(dir.path(), 300);
    let c = Corpus::open(dir.path()).unwrap();
    let (before, _) = scan::scan_corpus_docs(&c, &Options::default(), &Quiet);
    let gone = &before.pairs[0].left;
    let path = c.resolve(gone).unwrap().path.clone();
    std::fs::remove_file(&path).unwrap();
    let s = scan::scan_corpus(&c, &Options::default(), &Quiet);
    assert!(s.skipped.iter().any(|k| k.path == path), "{:?}", s.skipped);
    assert!(s.pairs.iter().all(|p| &p.left != gone && &p.right != gone));
    assert!(s.pairs.len() > before.pairs.len() / 2);
}

/// The scan's provenance (`with_provenance`: each paired article parsed and tokenised once)
/// is, pair by pair, what the provenance of the two articles alone gives.
#[test]
fn scan_provenance_is_each_pairs_own() {
    use parallax_core::provenance::{infer_shared, Shared};
    let dir = tempfile::tempdir().unwrap();
    write_mixed(dir.path(), 400);
    let c = Corpus::open(dir.path()).unwrap();
    let mut s = scan::scan_corpus(&c, &Options::default(), &Quiet);
    scan::with_provenance(&c, &mut s.pairs, &[]);
    assert!(s.pairs.len() > 20, "{}", s.pairs.len());
    for p in &s.pairs {
        let load = |id: &str| c.load(c.resolve(id).unwrap()).unwrap();
        let (a, b) = (load(&p.left), load(&p.right));
        let alone = infer_shared(&a, &b, &Shared::find(&a, &b));
        assert_eq!(
            p.provenance.as_ref(),
            Some(&alone),
            "{} {}",
            p.left,
            p.right
        );
    }
}
