//! Benchmarks of the comparison engine (criterion).
//!
//! - `seeds/002_vs_003`, `seeds/004_vs_002`: `compare` of two pre-loaded sample articles
//!   (002 and 003 are the two largest of `articles/`).
//! - `seeds_pipeline/…`: the same pairs read from `articles/`, parsed and compared.
//! - `synth_1mb/compare`: `compare` of a generated ~1 MiB pair ([`parallax_synth::pair`],
//!   seed 42, an article and its lightly edited copy), pre-loaded.
//! - `synth_1mb/segment`: building the article (`corpus::from_text`: segmentation, metadata,
//!   word count) from one side's ~1 MiB text.
//!
//! Run with `cargo bench --bench compare`; `docs/benchmarks.md` has figures.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use parallax_core::{compare, corpus, Article};
use parallax_synth as synth;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

/// The sample article whose file name starts with `prefix` (e.g. "002_").
fn seed_path(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../articles");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .collect();
    found.sort();
    assert_eq!(found.len(), 1, "one article {prefix}* in {}", dir.display());
    found.remove(0)
}

fn load(p: &Path) -> Article {
    corpus::load_file(p).unwrap_or_else(|e| panic!("{e}"))
}

fn from_text(id: &str, text: &str) -> Article {
    let hash = corpus::content_hash(text.as_bytes());
    corpus::from_text(id, Path::new(id), text.to_string(), "UTF-8", hash)
}

fn seeds(c: &mut Criterion) {
    let pairs = [
        ("002_vs_003", "002_", "003_"),
        ("004_vs_002", "004_", "002_"),
    ];

    let mut g = c.benchmark_group("seeds");
    for (name, l, r) in pairs {
        let (a, b) = (load(&seed_path(l)), load(&seed_path(r)));
        g.bench_function(name, |bench| {
            bench.iter(|| compare(black_box(&a), black_box(&b)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("seeds_pipeline");
    for (name, l, r) in pairs {
        let (pl, pr) = (seed_path(l), seed_path(r));
        g.bench_function(name, |bench| {
            bench.iter(|| {
                let (a, b) = (load(black_box(&pl)), load(black_box(&pr)));
                compare(&a, &b)
            })
        });
    }
    g.finish();
}

/// The generated pair and its articles, built on first use (not when a filter skips the group).
struct Synth {
    text_a: String,
    a: Article,
    b: Article,
}

fn synth_data() -> Synth {
    let (ta, tb) = synth::pair(42, 1 << 20);
    let (a, b) = (from_text("synth_a", &ta), from_text("synth_b", &tb));
    Synth { text_a: ta, a, b }
}

fn synth_1mb(c: &mut Criterion) {
    let data: OnceLock<Synth> = OnceLock::new();
    let mut g = c.benchmark_group("synth_1mb");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    g.bench_function("compare", |bench| {
        let d = data.get_or_init(synth_data);
        bench.iter(|| compare(black_box(&d.a), black_box(&d.b)))
    });
    g.bench_function("segment", |bench| {
        let d = data.get_or_init(synth_data);
        bench.iter(|| from_text("synth_a", black_box(&d.text_a)))
    });
    g.finish();
}

criterion_group!(benches, seeds, synth_1mb);
criterion_main!(benches);
