//! Benchmarks of the corpus scan's per-article work (criterion): what `parallax scan`
//! spends most of its CPU on after the system calls (docs/benchmarks.md, "Corpus scan").
//!
//! - `tokenise/seeds`: `scan::for_each_word` (lines, chrome lines, word spans, word
//!   hashes) over the five sample articles of `articles/`: real news typography (curly
//!   quotes and apostrophes, dashes), mixed paragraph styles.
//! - `tokenise/generated`: the same over 200 articles of the scan benchmark's generator
//!   (`synth_corpus::corpus(200, 42)`, mostly ASCII).
//! - `doc/seeds`, `doc/generated`: `scan::doc_from_text_with` (words, shingles and
//!   repeated passages) over the same texts.
//!
//! Throughput is in words of the texts. Run with `cargo bench --bench scan`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use parallax_core::scan::{self, Options, Scratch};
use std::path::Path;
use std::time::Duration;

fn seeds() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../articles");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 5, "the five sample articles");
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 sample"))
        .collect()
}

fn words(texts: &[String]) -> u64 {
    let mut scratch = Scratch::default();
    let mut n = 0;
    for t in texts {
        scan::for_each_word(t, &mut scratch, |_, _, _| n += 1);
    }
    n
}

fn bench(c: &mut Criterion) {
    let sets = [
        ("seeds", seeds()),
        ("generated", parallax_synth::corpus::corpus(200, 42).texts),
    ];
    let o = Options::default();
    for (name, texts) in &sets {
        let mut g = c.benchmark_group("tokenise");
        g.throughput(Throughput::Elements(words(texts)));
        g.bench_function(*name, |b| {
            let mut scratch = Scratch::default();
            b.iter(|| {
                let mut h = 0u64;
                for t in texts {
                    scan::for_each_word(t, &mut scratch, |_, _, x| h ^= x);
                }
                black_box(h)
            })
        });
        g.finish();
        let mut g = c.benchmark_group("doc");
        g.throughput(Throughput::Elements(words(texts)));
        g.bench_function(*name, |b| {
            let mut scratch = Scratch::default();
            b.iter(|| {
                for t in texts {
                    black_box(scan::doc_from_text_with(
                        "x",
                        Path::new("x"),
                        t,
                        &o,
                        &mut scratch,
                    ));
                }
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().measurement_time(Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
