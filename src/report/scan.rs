//! The `scan` and `coverage` reports for a terminal or a pipe.

use super::styled::count;
use anyhow::Result;
use parallax_core::scan::{Coverage, Scan};
use parallax_core::text::sanitize::sanitize;
use std::io::Write;

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The scan as text: pairs, identical groups, repeats, skipped files.
pub fn scan_report(out: &mut dyn Write, s: &Scan) -> Result<()> {
    if s.pairs.is_empty() {
        writeln!(
            out,
            "no pairs share text ({})",
            count(s.stats.articles, "article")
        )?;
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
            "{} in {}",
            count(s.pairs.len(), "pair"),
            count(s.stats.articles, "article")
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
    // Paragraphs with a source one line each; a run of paragraphs with none, one line for
    // the run (`¶28-95   1,904 words  no source`).
    let mut unsourced: Option<(usize, usize, usize)> = None;
    let flush = |out: &mut dyn Write, run: &mut Option<(usize, usize, usize)>| -> Result<()> {
        if let Some((first, last, words)) = run.take() {
            let at = if first == last {
                format!("¶{first}")
            } else {
                format!("¶{first}-{last}")
            };
            writeln!(out, "{at:<9} {words:>4} words  no source")?;
        }
        Ok(())
    };
    for p in &cov.paragraphs {
        if p.words == 0 {
            continue;
        }
        if p.sources.is_empty() {
            unsourced = Some(match unsourced {
                Some((first, _, words)) => (first, p.index, words + p.words),
                None => (p.index, p.index, p.words),
            });
            continue;
        }
        flush(out, &mut unsourced)?;
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
        let at = format!("¶{}", p.index);
        writeln!(out, "{at:<9} {:>4} words  {}", p.words, srcs.join(", "))?;
    }
    flush(out, &mut unsourced)?;
    Ok(())
}
