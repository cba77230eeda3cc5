//! The `scan` and `coverage` commands: reports for a terminal or a pipe, or JSON.

use crate::corpus::Corpus;
use crate::sanitize::sanitize;
use crate::scan::{self, Coverage, Options, Progress, Scan};
use anyhow::Result;
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

/// `parallax scan`.
pub fn scan(corpus: &Path, json: bool, o: Options, out: &mut dyn Write) -> Result<()> {
    let bar = Bar::new();
    bar.mark("listing");
    let c = Corpus::open(corpus)?;
    let o = bench_options(o);
    let (s, docs) = scan::scan_corpus_docs(&c, &o, &bar);
    // Freeing 100k articles' words takes ~30 ms: on another thread, while the report is
    // written (at exit, the process simply ends).
    drop_elsewhere(docs);
    bar.mark("writing");
    bar.finish();
    if json {
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
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        scan_report(out, &s)?;
    }
    bar.mark("done");
    drop_elsewhere((c, s));
    Ok(())
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

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The scan as text: pairs, identical groups, repeats, skipped files.
pub fn scan_report(out: &mut dyn Write, s: &Scan) -> Result<()> {
    if s.pairs.is_empty() {
        writeln!(out, "no pairs share text ({} articles)", s.stats.articles)?;
    } else {
        let w = s
            .pairs
            .iter()
            .map(|p| p.left.chars().count().max(p.right.chars().count()))
            .max()
            .unwrap_or(4)
            .max(5);
        writeln!(
            out,
            "{:w$}  {:w$}  {:>6}  {:>6}  {:>6}  {:>4}  VERDICT",
            "LEFT", "RIGHT", "L IN R", "R IN L", "SHARED", "RUN"
        )?;
        for p in &s.pairs {
            writeln!(
                out,
                "{:w$}  {:w$}  {:>6}  {:>6}  {:>6}  {:>4}  {}",
                sanitize(&p.left),
                sanitize(&p.right),
                pct(p.left_in_right),
                pct(p.right_in_left),
                p.shared_words,
                p.longest_run,
                p.verdict.as_str()
            )?;
        }
        writeln!(
            out,
            "{} pair{} in {} articles",
            s.pairs.len(),
            if s.pairs.len() == 1 { "" } else { "s" },
            s.stats.articles
        )?;
    }
    for g in &s.identical {
        let ids: Vec<String> = g.ids.iter().take(6).map(|i| sanitize(i)).collect();
        let more = g.ids.len().saturating_sub(6);
        writeln!(
            out,
            "identical ({} articles, {} words): {}{}",
            g.ids.len(),
            g.words,
            ids.join(", "),
            if more > 0 {
                format!(", … {more} more")
            } else {
                String::new()
            }
        )?;
    }
    for r in &s.repeats {
        writeln!(
            out,
            "repeat in {}: {} words at bytes {}-{} and {}-{}: \"{}\"",
            sanitize(&r.article),
            r.words,
            r.first.start,
            r.first.end,
            r.second.start,
            r.second.end,
            sanitize(&r.text)
        )?;
    }
    for k in &s.skipped {
        writeln!(
            out,
            "skipped {}: {}",
            sanitize(&k.path.display().to_string()),
            sanitize(&k.reason)
        )?;
    }
    Ok(())
}

/// Load the corpus as scan docs and the coverage of one of its articles.
pub fn coverage_of(c: &Corpus, key: &str, p: &dyn Progress) -> Result<Coverage> {
    let e = c.resolve(key)?;
    let a = c.load(e)?;
    let o = Options::default();
    let (docs, _, _) = scan::load_corpus(c, &o, p);
    Ok(scan::coverage(&a, &docs, &o))
}

/// `parallax coverage`.
pub fn coverage(key: &str, corpus: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let c = Corpus::open(corpus)?;
    let bar = Bar::new();
    let cov = coverage_of(&c, key, &bar);
    bar.finish();
    let cov = cov?;
    if json {
        let doc = scan::CoverageJson {
            schema_version: scan::SCHEMA_VERSION,
            corpus: &c.root,
            coverage: &cov,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
    } else {
        coverage_report(out, &cov)?;
    }
    Ok(())
}

/// The letter of the `k`-th source in a strip ('·' for text with no source).
pub fn strip_letter(k: Option<usize>) -> char {
    match k {
        Some(k) if k < 26 => (b'A' + k as u8) as char,
        Some(_) => '+',
        None => '·',
    }
}

/// The coverage as text: summary, strip, legend, one line per paragraph.
pub fn coverage_report(out: &mut dyn Write, cov: &Coverage) -> Result<()> {
    writeln!(
        out,
        "{}: {} words, {} with no other source in the corpus",
        sanitize(&cov.article),
        cov.words,
        pct(cov.unsourced_share)
    )?;
    let strip: String = cov.strip(60).into_iter().map(strip_letter).collect();
    writeln!(out, "[{strip}]")?;
    for (k, s) in cov.sources.iter().enumerate() {
        writeln!(
            out,
            "  {}  {:>4} of it  {} words, longest run {}",
            strip_letter(Some(k)),
            pct(s.share),
            s.words,
            s.longest_run
        )
        .and_then(|()| writeln!(out, "     {}", sanitize(&s.id)))?;
    }
    writeln!(out, "  ·  {:>4} no source", pct(cov.unsourced_share))?;
    for p in &cov.paragraphs {
        if p.words == 0 {
            continue;
        }
        let srcs: Vec<String> = p
            .sources
            .iter()
            .take(3)
            .map(|s| {
                let k = cov.sources.iter().position(|x| x.id == s.id);
                format!(
                    "{} {}",
                    strip_letter(k),
                    pct(s.words as f64 / p.words as f64)
                )
            })
            .collect();
        writeln!(
            out,
            "¶{:<4} {:>4} words  {}",
            p.index,
            p.words,
            if srcs.is_empty() {
                "no source".to_string()
            } else {
                srcs.join(", ")
            }
        )?;
    }
    Ok(())
}
