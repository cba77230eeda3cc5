//! Text reports for a terminal: `list`, `show` and the aligned `compare` report.
//!
//! Everything taken from a file passes through [`crate::sanitize`] before it is written.
//! Colour is ANSI SGR, used only when asked for (by default: stdout is a terminal and
//! `NO_COLOR` is unset). Without colour the word diff is marked in text, as `git diff
//! --word-diff` does: `[-deleted-]`, `{+inserted+}`, `[~variant~]`, and changed words `[-…-]` on
//! the left and `{+…+}` on the right, so the meaning survives a pipe or NO_COLOR.

use crate::align::LinkKind;
use crate::compare::{Comparison, Row, RowKind};
use crate::corpus::Skipped;
use crate::diff::{Span, SpanKind};
use crate::sanitize::sanitize;
use crate::Article;
use std::io::{self, Write};
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

/// Report width: the explicit one, else the terminal's (when stdout is one), else `$COLUMNS`;
/// `None` when output goes to a pipe or file with no width asked for. Never below 40.
pub fn width(explicit: Option<usize>) -> Option<usize> {
    use std::io::IsTerminal;
    explicit
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| terminal_size::terminal_size().map(|(w, _)| w.0 as usize))
                .flatten()
        })
        .or_else(|| std::env::var("COLUMNS").ok()?.trim().parse().ok())
        .map(|w| w.max(40))
}

/// Width for text that is not wrapped.
pub const UNLIMITED: usize = usize::MAX / 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Dim,
    Bold,
    Deleted,
    Inserted,
    Variant,
    Header,
}

impl Style {
    fn sgr(self) -> &'static str {
        match self {
            Style::Plain => "",
            Style::Dim => "\x1b[2m",
            Style::Bold => "\x1b[1m",
            Style::Deleted => "\x1b[31;1m",
            Style::Inserted => "\x1b[32;1m",
            Style::Variant => "\x1b[33;4m",
            Style::Header => "\x1b[1;36m",
        }
    }
}

/// A piece of text with one style; text is already sanitised.
#[derive(Debug, Clone)]
struct Seg {
    text: String,
    style: Style,
}

fn paint(out: &mut String, s: &str, style: Style, color: bool) {
    if color && style != Style::Plain && !s.is_empty() {
        out.push_str(style.sgr());
        out.push_str(s);
        out.push_str("\x1b[0m");
    } else {
        out.push_str(s);
    }
}

fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(s: &str, width: usize) -> String {
    let w = s.width();
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// Wrap styled segments to `width` columns; each line is (text with SGR if colour, width).
fn wrap(segs: &[Seg], width: usize, color: bool) -> Vec<(String, usize)> {
    let width = width.max(8);
    // Atoms: words with their style pieces, separated by single spaces.
    let mut atoms: Vec<Vec<(String, Style)>> = vec![Vec::new()];
    for seg in segs {
        let mut first = true;
        for part in seg.text.split(' ') {
            if !first {
                atoms.push(Vec::new());
            }
            first = false;
            if !part.is_empty() {
                atoms
                    .last_mut()
                    .expect("never empty")
                    .push((part.to_string(), seg.style));
            }
        }
    }
    atoms.retain(|a| !a.is_empty());
    let mut lines: Vec<(String, usize)> = Vec::new();
    let mut line = String::new();
    let mut lw = 0;
    for atom in atoms {
        let aw: usize = atom.iter().map(|(t, _)| t.width()).sum();
        if lw > 0 && lw + 1 + aw > width {
            lines.push((std::mem::take(&mut line), lw));
            lw = 0;
        }
        if lw > 0 {
            line.push(' ');
            lw += 1;
        }
        for (text, style) in atom {
            // Break words longer than a line.
            let mut chunk = String::new();
            for c in text.chars() {
                let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if lw + cw > width && lw > 0 {
                    paint(&mut line, &chunk, style, color);
                    chunk.clear();
                    lines.push((std::mem::take(&mut line), lw));
                    lw = 0;
                }
                chunk.push(c);
                lw += cw;
            }
            paint(&mut line, &chunk, style, color);
        }
    }
    if lw > 0 || lines.is_empty() {
        lines.push((line, lw));
    }
    lines
}

/// Styled segments of one paragraph, from the spans that fall in it.
fn para_segs(
    text: &str,
    para: usize,
    spans: &[Span],
    base: Style,
    right: bool,
    color: bool,
) -> Vec<Seg> {
    let mut segs = Vec::new();
    let mut at = 0;
    for s in spans.iter().filter(|s| s.para == para) {
        if s.start < at
            || s.end > text.len()
            || !text.is_char_boundary(s.start)
            || !text.is_char_boundary(s.end)
        {
            continue;
        }
        if s.start > at {
            segs.push(Seg {
                text: sanitize(&text[at..s.start]),
                style: base,
            });
        }
        let body = sanitize(&text[s.start..s.end]);
        let (style, open, close) = match s.kind {
            SpanKind::Equal => (base, "", ""),
            SpanKind::Replace if right => (Style::Inserted, "{+", "+}"),
            SpanKind::Replace | SpanKind::Delete if base != Style::Dim => {
                (Style::Deleted, "[-", "-]")
            }
            SpanKind::Insert if base != Style::Dim => (Style::Inserted, "{+", "+}"),
            SpanKind::Variant => (Style::Variant, "[~", "~]"),
            _ => (base, "", ""),
        };
        if color || open.is_empty() {
            segs.push(Seg { text: body, style });
        } else {
            segs.push(Seg {
                text: format!("{open}{body}{close}"),
                style,
            });
        }
        at = s.end;
    }
    if at < text.len() {
        segs.push(Seg {
            text: sanitize(&text[at..]),
            style: base,
        });
    }
    segs
}

/// `parallax list`.
pub fn list(
    out: &mut impl Write,
    articles: &[Article],
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
            a.paragraphs.len(),
            pad(&source, srcw),
            a.meta.date.as_deref().unwrap_or("-"),
            title
        )?;
    }
    writeln!(out, "{} articles", articles.len())?;
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
        "  file     {} words, {} paragraphs, {}, hash {}",
        a.words,
        a.paragraphs.len(),
        a.encoding,
        a.hash
    )?;
    writeln!(out)?;
    let numw = format!("¶{}", a.paragraphs.len().saturating_sub(1)).width() + 1;
    for p in &a.paragraphs {
        let tag = match p.role {
            crate::Role::Body => "",
            crate::Role::Heading => "[heading] ",
            crate::Role::Chrome => "[chrome] ",
            crate::Role::Repeated => "[repeated] ",
        };
        let segs = [Seg {
            text: format!("{tag}{}", sanitize(&p.text)),
            style: Style::Plain,
        }];
        let lines = wrap(&segs, width.saturating_sub(numw + 1), false);
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

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn para_list(ps: &[usize]) -> String {
    match ps {
        [] => String::new(),
        [one] => format!("¶{one}"),
        [first, .., last] => format!("¶{first}-{last}"),
    }
}

fn kind_mark(k: RowKind) -> &'static str {
    match k {
        RowKind::Identical => "=",
        RowKind::Near => "≈",
        RowKind::Changed => "~",
        RowKind::LeftOnly => "<",
        RowKind::RightOnly => ">",
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
    let mut head = String::new();
    let side_line = |label: &str, x: &Article| {
        let src = x
            .meta
            .source
            .as_deref()
            .map(|s| format!(" ({})", sanitize(s)))
            .unwrap_or_default();
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
    head.push_str("verdict ");
    paint(&mut head, c.verdict.as_str(), Style::Header, o.color);
    head.push_str(&format!(
        "  {} of left is in right, {} of right is in left, similarity {}, longest shared run {} words\n",
        pct(s.left_in_right),
        pct(s.right_in_left),
        pct(s.similarity),
        s.longest_run
    ));
    let shared_rows = c
        .rows
        .iter()
        .filter(|r| matches!(r.kind, RowKind::Identical | RowKind::Near))
        .count();
    head.push_str(&format!(
        "rows    {} ({} identical or near, {} changed, {} left only, {} right only), {} links outside rows\n",
        c.rows.len(),
        shared_rows,
        c.rows.iter().filter(|r| r.kind == RowKind::Changed).count(),
        c.rows.iter().filter(|r| r.kind == RowKind::LeftOnly).count(),
        c.rows.iter().filter(|r| r.kind == RowKind::RightOnly).count(),
        c.moves.len()
    ));
    if o.color {
        head.push_str("legend  shared text plain, ");
        paint(&mut head, "deleted/changed", Style::Deleted, true);
        head.push_str(" left, ");
        paint(&mut head, "inserted/changed", Style::Inserted, true);
        head.push_str(" right, ");
        paint(&mut head, "spelling variant", Style::Variant, true);
        head.push_str(", ");
        paint(&mut head, "no counterpart", Style::Dim, true);
        head.push_str("; = identical ≈ near ~ changed < left only > right only\n");
    } else {
        head.push_str("legend  [-left only-] {+right only+} [~spelling variant~]; = identical ≈ near ~ changed < left only > right only\n");
    }
    out.write_all(head.as_bytes())?;
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
            let mut line = String::new();
            let text = format!(
                "  ⋯ {} paragraphs without counterpart: {} (--full shows them)",
                run,
                what.join(", ")
            );
            paint(&mut line, &truncate(&text, o.width), Style::Dim, o.color);
            writeln!(out, "{line}")?;
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

/// For a one-sided row: the link to its counterpart, e.g. "↔ ¶11 moved, 82%".
fn link_note(c: &Comparison, row: &Row) -> Option<String> {
    let notes: Vec<String> = c
        .moves
        .iter()
        .filter_map(|m| {
            let (mine, theirs) = match row.kind {
                RowKind::LeftOnly => (&m.left, &m.right),
                RowKind::RightOnly => (&m.right, &m.left),
                _ => return None,
            };
            let here = if row.kind == RowKind::LeftOnly {
                &row.left
            } else {
                &row.right
            };
            (mine == here).then(|| {
                let what = match m.kind {
                    LinkKind::Moved => "moved",
                    LinkKind::Repeated => "repeated",
                    LinkKind::Quote => "quote",
                };
                format!("↔ {} {what}, {}", para_list(theirs), pct(m.similarity))
            })
        })
        .collect();
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// The spans to draw a one-sided row with: those of its link when it has one.
fn row_spans<'a>(c: &'a Comparison, row: &'a Row) -> &'a crate::diff::Spans {
    c.moves
        .iter()
        .filter(|m| {
            (row.kind == RowKind::LeftOnly && m.left == row.left)
                || (row.kind == RowKind::RightOnly && m.right == row.right)
        })
        .max_by(|x, y| x.similarity.total_cmp(&y.similarity))
        .map_or(&row.spans, |m| &m.spans)
}

fn side_segs(
    x: &Article,
    paras: &[usize],
    spans: &[Span],
    row: &Row,
    right: bool,
    color: bool,
) -> Vec<Seg> {
    let mut segs = Vec::new();
    for (k, &p) in paras.iter().enumerate() {
        if k > 0 {
            segs.push(Seg {
                text: " ¶ ".into(),
                style: Style::Dim,
            });
        }
        let para = &x.paragraphs[p];
        let one_sided = matches!(row.kind, RowKind::LeftOnly | RowKind::RightOnly)
            && spans.iter().all(|s| !s.kind.matched());
        let base = if one_sided || para.role.discounted() {
            Style::Dim
        } else {
            Style::Plain
        };
        segs.extend(para_segs(&para.text, p, spans, base, right, color));
    }
    segs
}

fn side_row(
    out: &mut impl Write,
    (a, b): (&Article, &Article),
    row: &Row,
    spans: &crate::diff::Spans,
    note: Option<&str>,
    o: &Options,
) -> io::Result<()> {
    let numw = 6;
    let gutter = 6; // " 96%≈ "
    let pane = (o.width.saturating_sub(numw * 2 + gutter + 3)) / 2;
    let left = side_segs(a, &row.left, &spans.left, row, false, o.color);
    let right = side_segs(b, &row.right, &spans.right, row, true, o.color);
    let mut l = wrap(&left, pane, o.color);
    let mut r = wrap(&right, pane, o.color);
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
    let sim = if matches!(row.kind, RowKind::LeftOnly | RowKind::RightOnly) {
        String::new()
    } else {
        pct(row.similarity)
    };
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
    spans: &crate::diff::Spans,
    note: Option<&str>,
    o: &Options,
) -> io::Result<()> {
    let sim = if matches!(row.kind, RowKind::LeftOnly | RowKind::RightOnly) {
        String::new()
    } else {
        format!(" {}", pct(row.similarity))
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
        for (k, (l, _)) in wrap(segs, body, o.color).iter().enumerate() {
            writeln!(out, "{} {}", if k == 0 { prefix } else { " " }, l)?;
        }
        Ok(())
    };
    if row.kind == RowKind::Identical {
        print(
            out,
            "=",
            &side_segs(a, &row.left, &spans.left, row, false, o.color),
        )?;
    } else {
        if !row.left.is_empty() {
            print(
                out,
                "-",
                &side_segs(a, &row.left, &spans.left, row, false, o.color),
            )?;
        }
        if !row.right.is_empty() {
            print(
                out,
                "+",
                &side_segs(b, &row.right, &spans.right, row, true, o.color),
            )?;
        }
    }
    writeln!(out)?;
    Ok(())
}
