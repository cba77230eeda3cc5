//! Styled text shared by every front end: the segments of a comparison row with their
//! meaning (shared, deleted, inserted, variant, no counterpart, search hit), wrapped to a width.
//!
//! The text report ([`crate::report`]) paints the segments with ANSI SGR codes; the terminal UI
//! (`crate::tui`) turns them into ratatui spans. Neither decides what a word means: that is
//! decided here once, from the word diff's spans. All text is sanitised here, and measured
//! and broken by grapheme cluster ([`columns`]), as ratatui and the terminal lay it out.

use parallax_core::engine::align::LinkKind;
use parallax_core::engine::compare::{Comparison, Row, RowKind};
use parallax_core::engine::diff::{Span, SpanKind, Spans};
use parallax_core::text::sanitize::{cluster_columns, columns, sanitize};
use parallax_core::Article;
use unicode_segmentation::UnicodeSegmentation;

/// What a piece of text is, for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    /// Shared text, or text with no diff information.
    Plain,
    /// Text without counterpart, page chrome, or a separator.
    Dim,
    /// Left-side words not in the right (deleted or replaced).
    Deleted,
    /// Right-side words not in the left (inserted or replaced).
    Inserted,
    /// A spelling or transliteration variant of the word on the other side.
    Variant,
}

/// A piece of sanitised text of one tone; `hit` marks a search match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    pub tone: Tone,
    pub hit: bool,
}

impl Seg {
    pub fn new(text: impl Into<String>, tone: Tone) -> Seg {
        Seg {
            text: text.into(),
            tone,
            hit: false,
        }
    }
}

/// One wrapped line: its segments and its width in columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub segs: Vec<Seg>,
    pub width: usize,
}

impl Line {
    fn push(&mut self, text: &str, tone: Tone, hit: bool) {
        if text.is_empty() {
            return;
        }
        self.width += columns(text);
        if let Some(last) = self.segs.last_mut() {
            if last.tone == tone && last.hit == hit {
                last.text.push_str(text);
                return;
            }
        }
        self.segs.push(Seg {
            text: text.to_string(),
            tone,
            hit,
        });
    }

    /// The line's text without styles.
    pub fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }
}

/// How markers are written for a reader without colour: `[-…-]`, `{+…+}`, `[~…~]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markers {
    /// Colour (or other styling) carries the meaning: no marker text.
    None,
    /// git-style text markers around changed words.
    Text,
}

/// Opening and closing text markers, e.g. `("[-", "-]")`.
type Marker = (&'static str, &'static str);

/// A search hit: paragraph index and byte range in that paragraph's text.
pub type Hit = (usize, usize, usize);

/// Segments of one paragraph, from the word-diff spans that fall in it and the search hits.
pub fn para_segs(
    text: &str,
    para: usize,
    spans: &[Span],
    base: Tone,
    right: bool,
    markers: Markers,
    hits: &[Hit],
) -> Vec<Seg> {
    // Cut points: span bounds and hit bounds; every piece gets its tone and hit flag.
    let mut pieces: Vec<(usize, usize, Tone, Option<Marker>)> = Vec::new();
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
            pieces.push((at, s.start, base, None));
        }
        let (tone, mark) = match s.kind {
            SpanKind::Equal => (base, None),
            SpanKind::Replace if right && base != Tone::Dim => (Tone::Inserted, Some(("{+", "+}"))),
            SpanKind::Replace | SpanKind::Delete if base != Tone::Dim => {
                (Tone::Deleted, Some(("[-", "-]")))
            }
            SpanKind::Insert if base != Tone::Dim => (Tone::Inserted, Some(("{+", "+}"))),
            SpanKind::Variant => (Tone::Variant, Some(("[~", "~]"))),
            _ => (base, None),
        };
        pieces.push((s.start, s.end, tone, mark));
        at = s.end;
    }
    if at < text.len() {
        pieces.push((at, text.len(), base, None));
    }
    let my_hits: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| h.0 == para)
        .map(|h| (h.1, h.2))
        .collect();
    let mut segs = Vec::new();
    for (start, end, tone, mark) in pieces {
        let marked = markers == Markers::Text && mark.is_some();
        if marked {
            segs.push(Seg::new(mark.map_or("", |m| m.0), tone));
        }
        // Split the piece at hit bounds.
        let mut cuts = vec![start, end];
        for &(hs, he) in &my_hits {
            for c in [hs, he] {
                if c > start && c < end && text.is_char_boundary(c) {
                    cuts.push(c);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let hit = my_hits.iter().any(|&(hs, he)| hs <= w[0] && w[1] <= he);
            segs.push(Seg {
                text: sanitize(&text[w[0]..w[1]]),
                tone,
                hit,
            });
        }
        if marked {
            segs.push(Seg::new(mark.map_or("", |m| m.1), tone));
        }
    }
    segs
}

/// Segments of one side of a row: its paragraphs, a dim `¶` between merged paragraphs.
/// Text without counterpart (a one-sided row without link) and discounted paragraphs are dim.
pub fn side_segs(
    x: &Article,
    paras: &[usize],
    spans: &[Span],
    kind: RowKind,
    right: bool,
    markers: Markers,
    hits: &[Hit],
) -> Vec<Seg> {
    let mut segs = Vec::new();
    let one_sided = matches!(kind, RowKind::LeftOnly | RowKind::RightOnly)
        && spans.iter().all(|s| !s.kind.matched());
    for (k, &p) in paras.iter().enumerate() {
        if k > 0 {
            segs.push(Seg::new(" ¶ ", Tone::Dim));
        }
        let Some(para) = x.paragraphs.get(p) else {
            continue;
        };
        let base = if one_sided || para.role.discounted() {
            Tone::Dim
        } else {
            Tone::Plain
        };
        segs.extend(para_segs(&para.text, p, spans, base, right, markers, hits));
    }
    segs
}

/// Wrap segments to `width` columns (at least 8) at spaces; words longer than a line are
/// broken. Always at least one line.
pub fn wrap(segs: &[Seg], width: usize) -> Vec<Line> {
    let width = width.max(8);
    // Atoms: words with their styled pieces, separated by single spaces.
    let mut atoms: Vec<Vec<(&str, Tone, bool)>> = vec![Vec::new()];
    for seg in segs {
        for (k, part) in seg.text.split(' ').enumerate() {
            if k > 0 {
                atoms.push(Vec::new());
            }
            if !part.is_empty() {
                atoms
                    .last_mut()
                    .expect("never empty")
                    .push((part, seg.tone, seg.hit));
            }
        }
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut line = Line::default();
    for atom in atoms.into_iter().filter(|a| !a.is_empty()) {
        let aw: usize = atom.iter().map(|(t, _, _)| columns(t)).sum();
        if line.width > 0 && line.width + 1 + aw > width {
            lines.push(std::mem::take(&mut line));
        }
        if line.width > 0 {
            let (_, tone, hit) = atom[0];
            // The space takes the style of what it joins only when both sides share it.
            let joined = line
                .segs
                .last()
                .is_some_and(|s| s.tone == tone && s.hit == hit);
            line.push(" ", if joined { tone } else { Tone::Plain }, joined && hit);
        }
        for (text, tone, hit) in atom {
            let mut start = 0;
            let mut w = line.width;
            for (i, g) in text.grapheme_indices(true) {
                let cw = cluster_columns(g);
                if w + cw > width && w > 0 {
                    line.push(&text[start..i], tone, hit);
                    lines.push(std::mem::take(&mut line));
                    start = i;
                    w = 0;
                }
                w += cw;
            }
            line.push(&text[start..], tone, hit);
        }
    }
    if line.width > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The number of lines [`wrap`] makes of segments whose texts join to `text`, without building
/// them (used to lay out long comparisons quickly).
pub fn count_lines(text: &str, width: usize) -> usize {
    let width = width.max(8);
    let mut lines = 0;
    let mut w = 0;
    for atom in text.split(' ').filter(|a| !a.is_empty()) {
        let aw = columns(atom);
        if w > 0 && w + 1 + aw > width {
            lines += 1;
            w = 0;
        }
        if w > 0 {
            w += 1;
        }
        for g in atom.graphemes(true) {
            let cw = cluster_columns(g);
            if w + cw > width && w > 0 {
                lines += 1;
                w = 0;
            }
            w += cw;
        }
    }
    if w > 0 || lines == 0 {
        lines += 1;
    }
    lines
}

/// `s` cut to `width` columns with a trailing `…` when it is longer.
pub fn truncate(s: &str, width: usize) -> String {
    if columns(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for g in s.graphemes(true) {
        let cw = cluster_columns(g);
        if w + cw + 1 > width {
            break;
        }
        w += cw;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// `s` padded with spaces to `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let w = columns(s);
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// A count with its noun, singular for one: `1 article`, `5 articles`, `0 words`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// A share as a whole percentage: `0.944` → `94%`.
pub fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Paragraph numbers as shown: `¶3`, `¶3-4`.
pub fn para_list(ps: &[usize]) -> String {
    match ps {
        [] => String::new(),
        [one] => format!("¶{one}"),
        [first, .., last] => format!("¶{first}-{last}"),
    }
}

/// The gutter sign of a row kind: `=` identical, `≈` near, `~` changed, `<`, `>` one-sided.
pub fn kind_mark(k: RowKind) -> &'static str {
    match k {
        RowKind::Identical => "=",
        RowKind::Near => "≈",
        RowKind::Changed => "~",
        RowKind::LeftOnly => "<",
        RowKind::RightOnly => ">",
    }
}

/// A row's similarity for the gutter (`96%`), empty for a one-sided row: the report and the
/// reader both show it next to [`kind_mark`].
pub fn row_similarity(row: &parallax_core::engine::compare::Row) -> String {
    if matches!(row.kind, RowKind::LeftOnly | RowKind::RightOnly) {
        String::new()
    } else {
        pct(row.similarity)
    }
}

/// The name of a link kind.
pub fn link_name(k: LinkKind) -> &'static str {
    match k {
        LinkKind::Moved => "moved",
        LinkKind::Repeated => "repeated",
        LinkKind::Quote => "quote",
    }
}

/// The links of a one-sided row: (partner paragraphs, kind, similarity), best first.
pub fn row_links<'a>(
    c: &'a Comparison,
    row: &Row,
) -> Vec<&'a parallax_core::engine::compare::Move> {
    let mut links: Vec<&parallax_core::engine::compare::Move> = c
        .moves
        .iter()
        .filter(|m| {
            (row.kind == RowKind::LeftOnly && m.left == row.left)
                || (row.kind == RowKind::RightOnly && m.right == row.right)
        })
        .collect();
    links.sort_by(|x, y| y.similarity.total_cmp(&x.similarity));
    links
}

/// For a one-sided row: its links as text, e.g. `↔ ¶11 moved, 82%`.
pub fn link_note(c: &Comparison, row: &Row) -> Option<String> {
    let notes: Vec<String> = row_links(c, row)
        .iter()
        .map(|m| {
            let theirs = if row.kind == RowKind::LeftOnly {
                &m.right
            } else {
                &m.left
            };
            format!(
                "↔ {} {}, {}",
                para_list(theirs),
                link_name(m.kind),
                pct(m.similarity)
            )
        })
        .collect();
    (!notes.is_empty()).then(|| notes.join("; "))
}

/// The spans to draw a row with: a one-sided row with a link is drawn with its best link's
/// word diff, so a moved paragraph shows what it shares.
pub fn row_spans<'a>(c: &'a Comparison, row: &'a Row) -> &'a Spans {
    row_links(c, row).first().map_or(&row.spans, |m| &m.spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrap_keeps_text_and_width() {
        let segs = vec![
            Seg::new("Moscow ", Tone::Plain),
            Seg::new("has said", Tone::Inserted),
            Seg::new(
                " soldiers from Azerbaijan have violated a peace deal",
                Tone::Plain,
            ),
        ];
        let lines = wrap(&segs, 20);
        for l in &lines {
            assert!(l.width <= 20, "{l:?}");
            assert_eq!(l.width, l.text().width());
        }
        let joined: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(
            joined.join(" "),
            "Moscow has said soldiers from Azerbaijan have violated a peace deal"
        );
        assert_eq!(lines[0].segs[1].tone, Tone::Inserted);
    }

    proptest::proptest! {
        #[test]
        fn count_lines_agrees_with_wrap(text in "[a-z ¶—’\\u{4e00}]{0,200}", width in 1usize..40) {
            let segs = [Seg::new(text.clone(), Tone::Plain)];
            proptest::prop_assert_eq!(count_lines(&text, width), wrap(&segs, width).len());
        }

        /// With grapheme clusters (emoji sequences, flags, marks, conjuncts), sanitised: lines
        /// fit, their widths are what a terminal advances per code point, and the count agrees.
        #[test]
        fn clusters_wrap_within_the_width(
            raw in "([a-z ]|👨\u{200d}👩\u{200d}👧|🇺🇦|❤\u{fe0f}|👍🏽|e\u{301}\u{302}|क्षि|中){0,60}",
            width in 8usize..40,
        ) {
            let text = sanitize(&raw);
            let segs = [Seg::new(text.clone(), Tone::Plain)];
            let lines = wrap(&segs, width);
            proptest::prop_assert_eq!(count_lines(&text, width), lines.len());
            for l in &lines {
                let per_code_point: usize = l
                    .text()
                    .chars()
                    .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                    .sum();
                proptest::prop_assert!(l.width <= width, "{:?}", l);
                proptest::prop_assert_eq!(l.width, per_code_point);
            }
        }
    }

    #[test]
    fn long_words_are_broken() {
        let lines = wrap(&[Seg::new("x".repeat(30), Tone::Plain)], 10);
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.width == 10));
    }

    #[test]
    fn hits_split_segments() {
        let spans = [Span {
            para: 0,
            start: 0,
            end: 11,
            kind: SpanKind::Equal,
            other: None,
        }];
        let segs = para_segs(
            "Hello world",
            0,
            &spans,
            Tone::Plain,
            false,
            Markers::None,
            &[(0, 6, 11)],
        );
        assert_eq!(
            segs,
            [
                Seg::new("Hello ", Tone::Plain),
                Seg {
                    text: "world".into(),
                    tone: Tone::Plain,
                    hit: true
                }
            ]
        );
    }
}
