//! Provenance on the command line: the analysts' copy marks (which override the inferred
//! direction everywhere), and the families of `scan --clusters` as text, JSON, CSV, an edge
//! list or GraphML.

use anyhow::Result;
use parallax_core::marks::store::Store;
use parallax_core::provenance::families::Family;
use parallax_core::provenance::{CopyMark, Direction, SetBy};
use parallax_core::text::sanitize::sanitize;
use std::io::Write;
use std::path::Path;

/// The current `copy` marks that name an original, from the store (`store`, else the corpus's
/// default store), opened read-only: nothing is created. A store that cannot be read is said
/// on stderr and gives no marks.
pub fn copy_marks(corpus: &Path, store: Option<&Path>) -> Vec<CopyMark> {
    let path = store.map_or_else(|| Store::default_path(corpus), Path::to_path_buf);
    let read = Store::open_read_only(&path).and_then(|s| match s {
        Some(s) => s.copy_sources(),
        None => Ok(Vec::new()),
    });
    match read {
        Ok(rows) => rows
            .into_iter()
            .map(|(left, right, source, author)| CopyMark {
                left,
                right,
                source: if source == "left" {
                    Direction::LeftIsSource
                } else {
                    Direction::RightIsSource
                },
                author,
            })
            .collect(),
        Err(e) => {
            eprintln!(
                "parallax: note: the marks in {} could not be read ({}); directions are inferred only",
                path.display(),
                sanitize(&e.to_string())
            );
            Vec::new()
        }
    }
}

fn set_by(s: SetBy) -> &'static str {
    match s {
        SetBy::Person => "person",
        SetBy::Inferred => "inferred",
    }
}

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{:.0}%", x * 100.0))
}

/// Families as text: per family its id, original and members in order, then its links.
pub fn families_text(out: &mut dyn Write, fams: &[Family]) -> Result<()> {
    for f in fams {
        writeln!(
            out,
            "{}  {} members, original {}",
            f.id,
            f.members.len(),
            sanitize(f.original.as_deref().unwrap_or("unknown"))
        )?;
        for m in &f.members {
            let what = if f.original.as_deref() == Some(m.id.as_str()) {
                "the original".to_string()
            } else {
                format!("{} from the original", share(m.share_from_original))
            };
            writeln!(out, "  {:>2}. {}  {what}", m.rank + 1, sanitize(&m.id))?;
        }
        for e in &f.edges {
            let arrow = if e.direction == Direction::Unknown {
                "—"
            } else {
                "→"
            };
            writeln!(
                out,
                "     {} {arrow} {}  {} ({}, confidence {:.0}%)",
                sanitize(&e.source),
                sanitize(&e.copy),
                share(Some(e.share)),
                if e.set_by == SetBy::Person {
                    "set by a person"
                } else if e.direction == Direction::Unknown {
                    "direction unknown"
                } else {
                    "inferred"
                },
                e.confidence * 100.0
            )?;
        }
    }
    writeln!(
        out,
        "{} {}",
        fams.len(),
        if fams.len() == 1 {
            "family"
        } else {
            "families"
        }
    )?;
    Ok(())
}

/// One CSV field (RFC 4180), a formula start defused with a leading `'`.
fn csv(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Families as CSV: a row per member.
pub fn families_csv(out: &mut dyn Write, fams: &[Family]) -> Result<()> {
    writeln!(out, "family_id,size,original,rank,id,share_from_original")?;
    for f in fams {
        for m in &f.members {
            writeln!(
                out,
                "{},{},{},{},{},{}",
                f.id,
                f.members.len(),
                csv(f.original.as_deref().unwrap_or("")),
                m.rank,
                csv(&m.id),
                m.share_from_original
                    .map_or_else(String::new, |x| format!("{x:.3}"))
            )?;
        }
    }
    Ok(())
}

/// Families as an edge list (CSV): a row per link, source then copy.
pub fn families_edges(out: &mut dyn Write, fams: &[Family]) -> Result<()> {
    writeln!(
        out,
        "family_id,source,copy,direction,confidence,set_by,share"
    )?;
    for f in fams {
        for e in &f.edges {
            writeln!(
                out,
                "{},{},{},{},{},{},{:.3}",
                f.id,
                csv(&e.source),
                csv(&e.copy),
                e.direction.as_str(),
                e.confidence,
                set_by(e.set_by),
                e.share
            )?;
        }
    }
    Ok(())
}
