//! Text reports for a terminal: `list`, `show` and the aligned `compare` report (this file),
//! the `scan` and `coverage` reports ([`scan`]), and the styled segments the report and the
//! reader share ([`styled`]).
//!
//! Everything taken from a file passes through [`parallax_core::text::sanitize`] before it is written.
//! Colour is ANSI SGR, used only when asked for (by default: stdout is a terminal and
//! `NO_COLOR` is unset). Without colour the word diff is marked in text, as `git diff
//! --word-diff` does: `[-deleted-]`, `{+inserted+}`, `[~variant~]`, and changed words `[-…-]` on
//! the left and `{+…+}` on the right, so the meaning survives a pipe or NO_COLOR.

pub mod scan;
pub mod styled;

use parallax_core::corpus::Skipped;
use parallax_core::engine::compare::{Comparison, Row, RowKind};
use parallax_core::text::sanitize::sanitize;
use parallax_core::Article;
use std::io::{self, Write};
use styled::{kind_mark, link_note, pad, para_list, pct, row_spans, truncate, Markers, Seg, Tone};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Layout {
    /// Side by side when the width allows (100 columns or more), else stacked.
    Auto,
    /// Two panes, left and right.
    Side,
    /// Left paragraph above right paragraph.
    Stacked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour: `auto` means on a terminal and `NO_COLOR` unset or empty.
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

/// How to lay out a comparison report.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub width: usize,
    pub layout: Layout,
    pub color: bool,
    /// Show every row; otherwise runs of more than [`COLLAPSE_RUN`] one-sided rows without
    /// links are folded into one summary line.
    pub full: bool,
}

/// Longest run of one-sided rows shown in full when not asked for everything.
pub const COLLAPSE_RUN: usize = 3;

/// Width of a side-by-side report from which `auto` picks side by side.
pub const SIDE_BY_SIDE_MIN: usize = 100;

/// The narrowest report width: narrower asks are widened to it.
pub const MIN_WIDTH: usize = 40;
/// The widest report width: wider asks (`--width`, `$COLUMNS`) are narrowed to it, so that an
/// absurd width never sizes a line or a buffer.
pub const MAX_WIDTH: usize = 1000;

/// A width brought into `MIN_WIDTH..=MAX_WIDTH`.
pub fn clamp_width(w: usize) -> usize {
    w.clamp(MIN_WIDTH, MAX_WIDTH)
}

/// A width as typed (`--width`, `$COLUMNS`): a whole number of columns, clamped to
/// `MIN_WIDTH..=MAX_WIDTH`; numbers too large for the machine are the widest width.
pub fn parse_width(s: &str) -> Result<usize, String> {
    let t = s.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{s}' is not a width in columns (a whole number)"));
    }
    Ok(clamp_width(t.parse::<usize>().unwrap_or(usize::MAX)))
}

/// Report width: the explicit one, else the terminal's (when stdout is one), else `$COLUMNS`,
/// else the width of the terminal stderr goes to (`parallax compare A B | less`: the pipe's
/// reader shows it there); `None` when output goes to a pipe or file with no terminal at all
/// and no width asked for. Always within `MIN_WIDTH..=MAX_WIDTH`.
pub fn width(explicit: Option<usize>) -> Option<usize> {
    explicit
        .or_else(|| stream_width(Stream::Stdout))
        .or_else(|| parse_width(&std::env::var("COLUMNS").ok()?).ok())
        .or_else(|| stream_width(Stream::Stderr))
        .map(clamp_width)
}

enum Stream {
    Stdout,
    Stderr,
}

/// The width of the terminal a standard stream writes to, if it writes to one.
#[cfg(unix)]
fn stream_width(s: Stream) -> Option<usize> {
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    let size = match s {
        Stream::Stdout => (std::io::stdout().is_terminal())
            .then(|| terminal_size::terminal_size_of(std::io::stdout().as_fd()))?,
        Stream::Stderr => (std::io::stderr().is_terminal())
            .then(|| terminal_size::terminal_size_of(std::io::stderr().as_fd()))?,
    };
    size.map(|(w, _)| w.0 as usize)
}

#[cfg(not(unix))]
fn stream_width(s: Stream) -> Option<usize> {
    use std::io::IsTerminal;
    match s {
        Stream::Stdout if std::io::stdout().is_terminal() => {
            terminal_size::terminal_size().map(|(w, _)| w.0 as usize)
        }
        _ => None,
    }
}

/// A header line (with SGR colour codes, which take no columns) wrapped at spaces to `width`
/// columns, continuation lines indented by `indent` spaces; a word wider than a line is left
/// whole. Header lines run from a label to facts ("verdict …", "legend …"): none is cut.
fn wrap_header(line: &str, width: usize, indent: usize) -> Vec<String> {
    fn visible(s: &str) -> usize {
        let mut w = 0;
        let mut rest = s;
        while let Some(esc) = rest.find('\u{1b}') {
            w += UnicodeWidthStr::width(&rest[..esc]);
            let after = &rest[esc..];
            rest = after.find('m').map_or("", |m| &after[m + 1..]);
        }
        w + UnicodeWidthStr::width(rest)
    }
    if visible(line) <= width {
        return vec![line.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_w = 0;
    for word in line.split(' ') {
        let w = visible(word);
        if cur_w > indent && cur_w + 1 + w > width {
            out.push(std::mem::take(&mut cur));
            cur.push_str(&" ".repeat(indent));
            cur_w = indent;
        } else if !cur.is_empty() {
            cur.push(' ');
            cur_w += 1;
        }
        cur.push_str(word);
        cur_w += w;
    }
    out.push(cur);
    out
}

/// Width for text that is not wrapped.
pub const UNLIMITED: usize = usize::MAX / 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Dim,
    Bold,
    Header,
}

/// The SGR codes of a tone: colour plus a non-colour cue (bold, underline) so that meaning
/// survives a terminal without colour.
fn tone_sgr(t: Tone, hit: bool) -> String {
    let base = match t {
        Tone::Plain => "",
        Tone::Dim => "2",
        Tone::Deleted => "31;1",
        Tone::Inserted => "32;1",
        Tone::Variant => "33;4",
    };
    match (base.is_empty(), hit) {
        (true, false) => String::new(),
        (true, true) => "\x1b[7m".into(),
        (false, false) => format!("\x1b[{base}m"),
        (false, true) => format!("\x1b[{base};7m"),
    }
}

fn paint(out: &mut String, s: &str, style: Style, color: bool) {
    let sgr = match style {
        Style::Dim => "\x1b[2m",
        Style::Bold => "\x1b[1m",
        Style::Header => "\x1b[1;36m",
    };
    if color && !sgr.is_empty() && !s.is_empty() {
        out.push_str(sgr);
        out.push_str(s);
        out.push_str("\x1b[0m");
    } else {
        out.push_str(s);
    }
}

fn paint_tone(out: &mut String, s: &str, tone: Tone) {
    out.push_str(&tone_sgr(tone, false));
    out.push_str(s);
    out.push_str("\x1b[0m");
}

fn markers(o: &Options) -> Markers {
    if o.color {
        Markers::None
    } else {
        Markers::Text
    }
}

fn side_segs(
    x: &Article,
    paras: &[usize],
    spans: &[parallax_core::engine::diff::Span],
    kind: RowKind,
    right: bool,
    markers: Markers,
) -> Vec<Seg> {
    styled::side_segs(x, paras, spans, kind, right, markers, &[])
}

/// Wrap segments and paint each line: (text with SGR when colour, width).
fn wrap_painted(segs: &[Seg], width: usize, color: bool) -> Vec<(String, usize)> {
    styled::wrap(segs, width)
        .into_iter()
        .map(|line| {
            let mut out = String::new();
            for seg in &line.segs {
                let sgr = if color {
                    tone_sgr(seg.tone, seg.hit)
                } else {
                    String::new()
                };
                if sgr.is_empty() {
                    out.push_str(&seg.text);
                } else {
                    out.push_str(&sgr);
                    out.push_str(&seg.text);
                    out.push_str("\x1b[0m");
                }
            }
            (out, line.width)
        })
        .collect()
}

/// `parallax list`.
pub fn list(
    out: &mut impl Write,
    articles: &[parallax_core::corpus::cache::Listed],
    skipped: &[Skipped],
    width: usize,
) -> io::Result<()> {
    let idw = articles
        .iter()
        .map(|a| sanitize(&a.id).width())
        .max()
        .unwrap_or(2)
        .max(2);
    let srcw = articles
        .iter()
        .map(|a| a.meta.source.as_deref().map_or(1, |s| sanitize(s).width()))
        .max()
        .unwrap_or(6)
        .clamp(6, 18);
    writeln!(
        out,
        "{}  {:>6}  {:>5}  {}  {:<10}  TITLE",
        pad("ID", idw),
        "WORDS",
        "PARAS",
        pad("SOURCE", srcw),
        "DATE"
    )?;
    for a in articles {
        let fixed = idw + 2 + 6 + 2 + 5 + 2 + srcw + 2 + 10 + 2;
        let title = truncate(
            &sanitize(&a.meta.title),
            width.saturating_sub(fixed).max(10),
        );
        let source = truncate(&sanitize(a.meta.source.as_deref().unwrap_or("-")), srcw);
        writeln!(
            out,
            "{}  {:>6}  {:>5}  {}  {:<10}  {}",
            pad(&sanitize(&a.id), idw),
            a.words,
            a.paragraphs,
            pad(&source, srcw),
            a.meta.date.as_deref().unwrap_or("-"),
            title
        )?;
    }
    writeln!(out, "{}", styled::count(articles.len(), "article"))?;
    for s in skipped {
        writeln!(
            out,
            "skipped {}: {}",
            sanitize(&s.path.display().to_string()),
            sanitize(&s.reason)
        )?;
    }
    Ok(())
}

/// `parallax show`.
pub fn show(out: &mut impl Write, a: &Article, width: usize) -> io::Result<()> {
    let m = &a.meta;
    let field = |v: Option<&str>| sanitize(v.unwrap_or("-"));
    writeln!(out, "{}", sanitize(&a.id))?;
    writeln!(out, "  title    {}", sanitize(&m.title))?;
    writeln!(out, "  source   {}", field(m.source.as_deref()))?;
    if !m.credits.is_empty() {
        writeln!(out, "  credits  {}", sanitize(&m.credits.join(", ")))?;
    }
    writeln!(out, "  byline   {}", field(m.byline.as_deref()))?;
    writeln!(out, "  date     {}", field(m.date.as_deref()))?;
    writeln!(
        out,
        "  path     {}",
        sanitize(&a.path.display().to_string())
    )?;
    writeln!(
        out,
        "  file     {}, {}, {}, hash {}",
        styled::count(a.words, "word"),
        styled::count(a.paragraphs.len(), "paragraph"),
        a.encoding,
        a.hash
    )?;
    writeln!(out)?;
    let numw = format!("¶{}", a.paragraphs.len().saturating_sub(1)).width() + 1;
    for p in &a.paragraphs {
        let tag = match p.role {
            parallax_core::Role::Body => "",
            parallax_core::Role::Heading => "[heading] ",
            parallax_core::Role::Chrome => "[chrome] ",
            parallax_core::Role::Repeated => "[repeated] ",
        };
        let segs = [Seg::new(format!("{tag}{}", sanitize(&p.text)), Tone::Plain)];
        let lines = wrap_painted(&segs, width.saturating_sub(numw + 1), false);
        for (k, (line, _)) in lines.iter().enumerate() {
            let num = if k == 0 {
                format!("¶{}", p.index)
            } else {
                String::new()
            };
            writeln!(out, "{} {}", pad(&num, numw), line)?;
        }
    }
    Ok(())
}

/// "Deutsche Welle", "-; credits AFP, Reuters": the publisher (`-` when unknown) and the
/// credits, sanitised.
pub fn publisher_and_credits(m: &parallax_core::corpus::article::Meta) -> String {
    let publisher = sanitize(m.source.as_deref().unwrap_or("-"));
    if m.credits.is_empty() {
        publisher
    } else {
        format!("{publisher}; credits {}", sanitize(&m.credits.join(", ")))
    }
}

/// `parallax compare`: header with titles, shares and verdict, then the aligned rows.
pub fn compare(
    out: &mut impl Write,
    a: &Article,
    b: &Article,
    c: &Comparison,
    o: &Options,
) -> io::Result<()> {
    compare_with(out, a, b, c, o, None)
}

/// [`compare`] with the pair's provenance as worked out by the caller (with the analysts'
/// marks); `None`: inferred here from the two articles.
pub fn compare_with(
    out: &mut impl Write,
    a: &Article,
    b: &Article,
    c: &Comparison,
    o: &Options,
    provenance: Option<&parallax_core::provenance::Provenance>,
) -> io::Result<()> {
    let inferred;
    let provenance = match provenance {
        Some(p) => p,
        None => {
            inferred = parallax_core::provenance::infer(a, b, c);
            &inferred
        }
    };
    let mut head = String::new();
    let side_line = |label: &str, x: &Article| {
        let src = format!(" ({})", publisher_and_credits(&x.meta));
        format!(
            "{label}  {}  {}{src}",
            sanitize(&x.id),
            sanitize(&x.meta.title)
        )
    };
    paint(
        &mut head,
        &truncate(&side_line("left ", a), o.width),
        Style::Bold,
        o.color,
    );
    head.push('\n');
    paint(
        &mut head,
        &truncate(&side_line("right", b), o.width),
        Style::Bold,
        o.color,
    );
    head.push('\n');
    let s = &c.scores;
    head.push_str("verdict: ");
    paint(&mut head, c.verdict.describe(), Style::Header, o.color);
    head.push_str(&format!(
        "  {} of left is in right, {} of right is in left, similarity {}, longest shared run {} words\n",
        pct(s.left_in_right),
        pct(s.right_in_left),
        pct(s.similarity),
        s.longest_run
    ));
    if c.verdict != parallax_core::engine::score::Verdict::NoSharedText {
        head.push_str(&format!(
            "origin  {}\n",
            sanitize(&provenance.summary(&a.id, &b.id))
        ));
    }
    let shared_rows = c
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Identical | RowKind::Near))
        .count();
    head.push_str(&format!(
        "rows    {} ({} identical or near, {} changed, {} left only, {} right only), {} outside rows\n",
        c.rows.len(),
        shared_rows,
        c.rows.iter().filter(|r| r.kind == RowKind::Changed).count(),
        c.rows.iter().filter(|r| r.kind == RowKind::LeftOnly).count(),
        c.rows.iter().filter(|r| r.kind == RowKind::RightOnly).count(),
        styled::count(c.moves.len(), "link")
    ));
    if o.color {
        head.push_str("legend  shared text plain, ");
        paint_tone(&mut head, "deleted/changed", Tone::Deleted);
        head.push_str(" left, ");
        paint_tone(&mut head, "inserted/changed", Tone::Inserted);
        head.push_str(" right, ");
        paint_tone(&mut head, "spelling variant", Tone::Variant);
        head.push_str(", ");
        paint(&mut head, "no counterpart", Style::Dim, true);
        head.push_str("; = identical ≈ near ~ changed < left only > right only\n");
    } else {
        head.push_str("legend  [-left only-] {+right only+} [~spelling variant~]; = identical ≈ near ~ changed < left only > right only\n");
    }
    for line in head.lines() {
        for part in wrap_header(line, o.width, 8) {
            writeln!(out, "{part}")?;
        }
    }
    writeln!(out)?;

    let side = match o.layout {
        Layout::Side => true,
        Layout::Stacked => false,
        Layout::Auto => o.width >= SIDE_BY_SIDE_MIN,
    };
    let mut k = 0;
    while k < c.rows.len() {
        let quiet = |r: &Row| {
            matches!(r.kind, RowKind::LeftOnly | RowKind::RightOnly) && link_note(c, r).is_none()
        };
        let run = c.rows[k..].iter().take_while(|r| quiet(r)).count();
        if !o.full && run > COLLAPSE_RUN {
            let rows = &c.rows[k..k + run];
            let l: Vec<usize> = rows.iter().flat_map(|r| r.left.iter().copied()).collect();
            let r: Vec<usize> = rows.iter().flat_map(|r| r.right.iter().copied()).collect();
            let mut what = Vec::new();
            if !l.is_empty() {
                what.push(format!("{} left only ({})", l.len(), para_list(&l)));
            }
            if !r.is_empty() {
                what.push(format!("{} right only ({})", r.len(), para_list(&r)));
            }
            let text = format!(
                "⋯ {} paragraphs without counterpart: {} (--full shows them)",
                run,
                what.join(", ")
            );
            // Wrapped at words under a two-column indent, never cut.
            let segs = [Seg::new(text, Tone::Dim)];
            for l in styled::wrap(&segs, o.width.saturating_sub(2)) {
                let mut line = String::new();
                paint(&mut line, &format!("  {}", l.text()), Style::Dim, o.color);
                writeln!(out, "{line}")?;
            }
            k += run;
            continue;
        }
        let row = &c.rows[k];
        let note = link_note(c, row);
        let spans = row_spans(c, row);
        if side {
            side_row(out, (a, b), row, spans, note.as_deref(), o)?;
        } else {
            stacked_row(out, (a, b), row, spans, note.as_deref(), o)?;
        }
        k += 1;
    }
    Ok(())
}

fn side_row(
    out: &mut impl Write,
    (a, b): (&Article, &Article),
    row: &Row,
    spans: &parallax_core::engine::diff::Spans,
    note: Option<&str>,
    o: &Options,
) -> io::Result<()> {
    let numw = 6;
    let gutter = 6; // " 96%≈ "
    let pane = (o.width.saturating_sub(numw * 2 + gutter + 3)) / 2;
    let left = side_segs(a, &row.left, &spans.left, row.kind, false, markers(o));
    let right = side_segs(b, &row.right, &spans.right, row.kind, true, markers(o));
    let mut l = wrap_painted(&left, pane, o.color);
    let mut r = wrap_painted(&right, pane, o.color);
    if row.left.is_empty() {
        l = vec![(String::new(), 0)];
    }
    if row.right.is_empty() {
        r = vec![(String::new(), 0)];
    }
    if let Some(n) = note {
        let n = truncate(n, pane);
        let mut s = String::new();
        paint(&mut s, &n, Style::Dim, o.color);
        let target = if row.left.is_empty() { &mut l } else { &mut r };
        *target = vec![(s, n.width())];
    }
    let n = l.len().max(r.len());
    let sim = styled::row_similarity(row);
    for k in 0..n {
        let (lnum, rnum, g) = if k == 0 {
            (
                para_list(&row.left),
                para_list(&row.right),
                format!("{sim:>4}{}", kind_mark(row.kind)),
            )
        } else {
            (String::new(), String::new(), String::new())
        };
        let empty = (String::new(), 0);
        let (lt, lw) = l.get(k).unwrap_or(&empty);
        let (rt, _) = r.get(k).unwrap_or(&empty);
        let mut line = String::new();
        line.push_str(&pad(&lnum, numw));
        line.push_str(lt);
        line.push_str(&" ".repeat(pane.saturating_sub(*lw)));
        line.push(' ');
        line.push_str(&pad(&g, gutter - 1));
        line.push_str("│ ");
        line.push_str(&pad(&rnum, numw));
        line.push_str(rt);
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn stacked_row(
    out: &mut impl Write,
    (a, b): (&Article, &Article),
    row: &Row,
    spans: &parallax_core::engine::diff::Spans,
    note: Option<&str>,
    o: &Options,
) -> io::Result<()> {
    let sim = match styled::row_similarity(row) {
        s if s.is_empty() => s,
        s => format!(" {s}"),
    };
    let title = format!(
        "{} {} {}{} {}{}",
        kind_mark(row.kind),
        if row.left.is_empty() {
            "-".to_string()
        } else {
            para_list(&row.left)
        },
        if row.right.is_empty() {
            "-".to_string()
        } else {
            para_list(&row.right)
        },
        sim,
        row.kind.as_str(),
        note.map(|n| format!("  {n}")).unwrap_or_default()
    );
    let mut line = String::new();
    paint(&mut line, &truncate(&title, o.width), Style::Bold, o.color);
    writeln!(out, "{line}")?;
    let body = o.width.saturating_sub(2);
    let print = |out: &mut dyn Write, prefix: &str, segs: &[Seg]| -> io::Result<()> {
        for (k, (l, _)) in wrap_painted(segs, body, o.color).iter().enumerate() {
            writeln!(out, "{} {}", if k == 0 { prefix } else { " " }, l)?;
        }
        Ok(())
    };
    if row.kind == RowKind::Identical {
        print(
            out,
            "=",
            &side_segs(a, &row.left, &spans.left, row.kind, false, markers(o)),
        )?;
    } else {
        if !row.left.is_empty() {
            print(
                out,
                "-",
                &side_segs(a, &row.left, &spans.left, row.kind, false, markers(o)),
            )?;
        }
        if !row.right.is_empty() {
            print(
                out,
                "+",
                &side_segs(b, &row.right, &spans.right, row.kind, true, markers(o)),
            )?;
        }
    }
    writeln!(out)?;
    Ok(())
}
