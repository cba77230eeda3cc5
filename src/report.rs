//! Text reports for a terminal.
use crate::compare::Comparison;
use crate::corpus::Skipped;
use crate::Article;
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    Auto,
    Side,
    Stacked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    pub fn enabled(self, is_tty: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

pub struct Options {
    pub width: usize,
    pub layout: Layout,
    pub color: bool,
}

pub fn width(explicit: Option<usize>) -> usize {
    80.max(explicit.unwrap_or(80))
}

pub fn list(out: &mut impl Write, a: &[Article], _s: &[Skipped], _w: usize) -> io::Result<()> {
    for a in a {
        writeln!(out, "{} {}", a.id, a.meta.title)?;
    }
    Ok(())
}

pub fn show(out: &mut impl Write, a: &Article, _w: usize) -> io::Result<()> {
    for p in &a.paragraphs {
        writeln!(out, "{} {:?} {}", p.index, p.role, p.text)?;
    }
    Ok(())
}

pub fn compare(
    out: &mut impl Write,
    _a: &Article,
    _b: &Article,
    c: &Comparison,
    _o: &Options,
) -> io::Result<()> {
    writeln!(out, "{:?} {:?}", c.scores, c.verdict)?;
    for r in &c.rows {
        writeln!(
            out,
            "{:?} {:?} {:?} {:.2}",
            r.left, r.right, r.kind, r.similarity
        )?;
    }
    for m in &c.moves {
        writeln!(
            out,
            "move {:?} {:?} {:?} {:.2}",
            m.left, m.right, m.kind, m.similarity
        )?;
    }
    Ok(())
}
