//! The `scan` and `coverage` commands: the scan with a progress bar, then a report for a
//! terminal or a pipe ([`crate::report::scan`]), or JSON.

use super::provenance;
use crate::report;
use anyhow::Result;
use parallax_core::corpus::Corpus;
use parallax_core::scan::{self, Options, Progress};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// A progress bar on stderr while the scan works, when stderr is a terminal; with
/// `PARALLAX_SCAN_TIMINGS` set, the time each stage starts, on stderr (for benchmarks).
pub struct Bar(Option<indicatif::ProgressBar>, Option<std::time::Instant>);

impl Bar {
    pub fn new() -> Bar {
        let timed = std::env::var_os("PARALLAX_SCAN_TIMINGS").map(|_| std::time::Instant::now());
        if !std::io::stderr().is_terminal() || timed.is_some() {
            return Bar(None, timed);
        }
        let pb = indicatif::ProgressBar::new(0);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{msg:10} [{bar:40}] {pos}/{len} ({eta})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        Bar(Some(pb), None)
    }

    /// With timings on: the time since the bar was made, and what starts now.
    pub fn mark(&self, what: &str) {
        if let Some(t) = self.1 {
            eprintln!("{:8.3} s  {what}", t.elapsed().as_secs_f64());
        }
    }

    pub fn finish(&self) {
        if let Some(pb) = &self.0 {
            pb.finish_and_clear();
        }
    }
}

impl Default for Bar {
    fn default() -> Bar {
        Bar::new()
    }
}

impl Progress for Bar {
    fn stage(&self, name: &'static str, total: usize) {
        self.mark(name);
        if let Some(pb) = &self.0 {
            pb.set_message(name);
            pb.set_length(total as u64);
            pb.set_position(0);
        }
    }
    fn step(&self, n: usize) {
        if let Some(pb) = &self.0 {
            pb.inc(n as u64);
        }
    }
}

/// What `parallax scan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The pairs (text or JSON), with each pair's provenance when asked (JSON only).
    Pairs { json: bool, provenance: bool },
    /// `--clusters`: the families (text or JSON).
    Families { json: bool },
    /// `--clusters --csv`.
    FamiliesCsv,
    /// `--clusters --edges`.
    FamilyEdges,
    /// `--clusters --graphml`.
    FamiliesGraphml,
}

/// `parallax scan`.
pub fn scan(
    corpus: &Path,
    output: Output,
    o: Options,
    marks: &[parallax_core::provenance::CopyMark],
    out: &mut dyn Write,
) -> Result<()> {
    let bar = Bar::new();
    bar.mark("listing");
    let c = Corpus::open(corpus)?;
    let o = bench_options(o);
    // Only fingerprints are held per article; the articles of candidate pairs are read
    // again for verification (memory: docs/benchmarks.md, "Scan at 100k and 1M").
    let mut s = scan::scan_corpus(&c, &o, &bar);
    if !matches!(
        output,
        Output::Pairs {
            provenance: false,
            ..
        }
    ) {
        // The text list of pairs does not show it: worked out for JSON and families only.
        bar.mark("provenance");
        scan::with_provenance(&c, &mut s.pairs, marks);
    }
    bar.mark("writing");
    bar.finish();
    match output {
        Output::Pairs { json: true, .. } => {
            let doc = scan::ScanJson {
                schema_version: scan::SCHEMA_VERSION,
                corpus: &c.root,
                settings: &o,
                stats: &s.stats,
                pairs: &s.pairs,
                repeats: &s.repeats,
                identical: &s.identical,
                skipped: &s.skipped,
            };
            parallax_core::json::to_writer_pretty(&mut *out, &doc)?;
            writeln!(out)?;
        }
        Output::Pairs { json: false, .. } => report::scan::scan_report(out, &s)?,
        _ => {
            let fams = families(&c, &s.pairs);
            match output {
                Output::Families { json: true } => {
                    let doc = parallax_core::provenance::families::FamiliesJson {
                        schema_version: scan::SCHEMA_VERSION,
                        corpus: &c.root,
                        families: &fams,
                        skipped: &s.skipped,
                    };
                    parallax_core::json::to_writer_pretty(&mut *out, &doc)?;
                    writeln!(out)?;
                }
                Output::FamiliesCsv => provenance::families_csv(out, &fams)?,
                Output::FamilyEdges => provenance::families_edges(out, &fams)?,
                Output::FamiliesGraphml => {
                    out.write_all(parallax_core::provenance::families::graphml(&fams).as_bytes())?
                }
                _ => provenance::families_text(out, &fams)?,
            }
        }
    }
    bar.mark("done");
    drop_elsewhere((c, s));
    Ok(())
}

/// The families of a scan's pairs (dates from the corpus's articles break ties).
fn families(c: &Corpus, pairs: &[scan::Pair]) -> Vec<parallax_core::provenance::families::Family> {
    use parallax_core::provenance::families::{self, Link};
    let links: Vec<Link> = pairs.iter().map(|p| p.link()).collect();
    let mut dates = std::collections::HashMap::new();
    for p in pairs {
        for id in [&p.left, &p.right] {
            if dates.contains_key(id) {
                continue;
            }
            if let Some(d) = c
                .resolve(id)
                .ok()
                .and_then(|e| c.load(e).ok())
                .and_then(|a| a.meta.date)
            {
                dates.insert(id.clone(), d);
            }
        }
    }
    families::families(&links, &dates)
}

/// Drop `x` on a thread of its own.
fn drop_elsewhere<T: Send + 'static>(x: T) {
    std::thread::spawn(move || drop(x));
}

/// Settings overridden by `PARALLAX_SCAN_OPTIONS` ("window=8,min_run=12"; unknown names and
/// bad values are ignored): for choosing the defaults by measurement (docs/benchmarks.md),
/// not a user interface.
fn bench_options(mut o: Options) -> Options {
    let Ok(spec) = std::env::var("PARALLAX_SCAN_OPTIONS") else {
        return o;
    };
    for kv in spec.split(',') {
        let Some((k, v)) = kv.split_once('=') else {
            continue;
        };
        let Ok(v) = v.trim().parse::<usize>() else {
            continue;
        };
        match k.trim() {
            "ngram" if v > 0 => o.ngram = v,
            "window" if v > 0 => o.window = v,
            "max_df" => o.max_df = v,
            "min_fingerprints" => o.min_fingerprints = v,
            "min_run" => o.min_run = v,
            _ => {}
        }
    }
    o
}

/// `parallax coverage`.
pub fn coverage(key: &str, corpus: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let c = Corpus::open(corpus)?;
    let bar = Bar::new();
    let cov = scan::coverage_of(&c, key, &bar);
    bar.finish();
    let cov = cov?;
    if json {
        let doc = scan::CoverageJson {
            schema_version: scan::SCHEMA_VERSION,
            corpus: &c.root,
            coverage: &cov,
        };
        parallax_core::json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        report::scan::coverage_report(out, &cov)?;
    }
    Ok(())
}
