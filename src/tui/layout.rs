//! Geometry of the comparison view, and the wrapped lines of its rows.
//!
//! Row heights of the whole comparison are computed once per pane width and setting (wrap,
//! view filter, sides) and kept in [`Layout`]; drawing then wraps only the rows on screen.

use super::state::{CompareView, Layout, Pane, SearchHit, ViewFilter};
use crate::report::styled::{self, Hit, Line, Markers, Seg, Tone};
use parallax_core::engine::compare::{Comparison, Row, RowKind};

/// Columns of a paragraph-number column (`¶123 `).
pub const NUM_W: usize = 5;
/// Columns of the middle gutter: space, similarity (4), kind sign, mark sign, `│`, space.
pub const GUTTER_W: usize = 9;
/// Lines above the rows (titles, scores) and below (status bar).
pub const HEADER_H: usize = 4;
pub const FOOTER_H: usize = 1;

/// Width of each text pane for a terminal this wide.
pub fn pane_width(cols: u16) -> usize {
    ((cols as usize).saturating_sub(2 * NUM_W + GUTTER_W) / 2).max(8)
}

/// Width of the text pane of a comparison: both panes side by side, or, zoomed (`z`), the
/// focused one alone beside its number column and the gutter.
pub fn compare_pane_width(cols: u16, zoom: bool) -> usize {
    if zoom {
        (cols as usize).saturating_sub(NUM_W + GUTTER_W).max(8)
    } else {
        pane_width(cols)
    }
}

/// Lines available to rows on a terminal this tall.
pub fn body_height(lines: u16) -> usize {
    (lines as usize).saturating_sub(HEADER_H + FOOTER_H).max(1)
}

/// Lines of the coverage strip under the article list (strip, legend), when there is room.
pub fn picker_strip_lines(lines: u16) -> usize {
    if lines >= 12 {
        2
    } else {
        0
    }
}

/// Lines of the article list on a terminal this tall (title, column header, coverage strip,
/// status bar).
pub fn picker_rows(lines: u16) -> usize {
    (lines as usize)
        .saturating_sub(3 + picker_strip_lines(lines))
        .max(1)
}

/// Lines of the selected pair's details under the pairs list (a title, a coverage strip and
/// its legend for each article), when there is room.
pub fn pairs_detail_lines(lines: u16) -> usize {
    if lines >= 16 {
        6
    } else {
        0
    }
}

/// Lines of the pairs list on a terminal this tall.
pub fn pairs_rows(lines: u16) -> usize {
    (lines as usize)
        .saturating_sub(3 + pairs_detail_lines(lines))
        .max(1)
}

/// Which comparison rows a view filter shows.
pub fn visible_rows(c: &Comparison, view: ViewFilter) -> Vec<usize> {
    (0..c.rows.len())
        .filter(|&k| {
            let r = &c.rows[k];
            let one_sided = matches!(r.kind, RowKind::LeftOnly | RowKind::RightOnly);
            match view {
                ViewFilter::All => true,
                ViewFilter::Shared => !one_sided || !styled::row_links(c, r).is_empty(),
                ViewFilter::Differences => r.kind != RowKind::Identical,
            }
        })
        .collect()
}

/// The search hits of one side of a row, as styled hits.
fn side_hits(hits: &[SearchHit], row: usize, side: Pane) -> Vec<Hit> {
    hits.iter()
        .filter(|h| h.row == row && h.side == side)
        .map(|h| (h.para, h.start, h.end))
        .collect()
}

/// The lines of one side of comparison row `k` at pane width `pane`: its wrapped text, or,
/// for the empty side of a one-sided row, the link to the partner (`↔ ¶11 moved, 82%`).
pub fn side_lines(
    cv: &CompareView,
    c: &Comparison,
    k: usize,
    side: Pane,
    pane: usize,
) -> Vec<Line> {
    let row: &Row = &c.rows[k];
    let (article, paras) = match side {
        Pane::Left => (&cv.left, &row.left),
        Pane::Right => (&cv.right, &row.right),
    };
    if paras.is_empty() {
        return match styled::link_note(c, row) {
            Some(note) => styled::wrap(&[Seg::new(note, Tone::Dim)], pane),
            None => vec![Line::default()],
        };
    }
    let spans = styled::row_spans(c, row);
    let spans = match side {
        Pane::Left => &spans.left,
        Pane::Right => &spans.right,
    };
    let hits = side_hits(&cv.search.hits, k, side);
    let segs = styled::side_segs(
        article,
        paras,
        spans,
        row.kind,
        side == Pane::Right,
        Markers::None,
        &hits,
    );
    let mut lines = styled::wrap(&segs, pane);
    if !cv.wrap && lines.len() > 1 {
        // Cut: the first line, and `…` says that the paragraph goes on.
        lines.truncate(1);
        let line = &mut lines[0];
        let used: usize = line
            .segs
            .iter()
            .map(|s| parallax_core::text::sanitize::columns(&s.text))
            .sum();
        if used >= pane {
            if let Some(last) = line.segs.last_mut() {
                last.text.pop();
            }
        }
        line.segs.push(Seg::new("…".to_string(), Tone::Dim));
    }
    lines
}

/// The number of lines of one side of comparison row `k`: the same as
/// `side_lines(…).len()`, counted without building the lines.
pub fn side_height(cv: &CompareView, c: &Comparison, k: usize, side: Pane, pane: usize) -> usize {
    let row: &Row = &c.rows[k];
    let (article, paras) = match side {
        Pane::Left => (&cv.left, &row.left),
        Pane::Right => (&cv.right, &row.right),
    };
    if paras.is_empty() {
        return styled::link_note(c, row).map_or(1, |n| styled::count_lines(&n, pane));
    }
    let text: Vec<String> = paras
        .iter()
        .filter_map(|&p| article.paragraphs.get(p))
        .map(|p| parallax_core::text::sanitize::sanitize(&p.text))
        .collect();
    styled::count_lines(&text.join(" ¶ "), pane)
}

/// Rows without counterpart read side by side: in each run of one-sided rows, the left-only
/// and the right-only rows without a partner elsewhere are interleaved (first left beside
/// first right, …), so that both panes fill instead of one pane staying blank while the other
/// lists its paragraphs. Returns the reordered rows and, for each, whether it is drawn beside
/// the row before it.
pub fn interleave(c: &Comparison, rows: &[usize]) -> (Vec<usize>, Vec<bool>) {
    // One pass over the links (not one per row): the paragraph lists that have a partner.
    let linked_left: std::collections::HashSet<&[usize]> =
        c.moves.iter().map(|m| m.left.as_slice()).collect();
    let linked_right: std::collections::HashSet<&[usize]> =
        c.moves.iter().map(|m| m.right.as_slice()).collect();
    let free = |k: usize| {
        let r = &c.rows[k];
        match r.kind {
            RowKind::LeftOnly => !linked_left.contains(r.left.as_slice()),
            RowKind::RightOnly => !linked_right.contains(r.right.as_slice()),
            _ => false,
        }
    };
    let mut out = Vec::with_capacity(rows.len());
    let mut beside = Vec::with_capacity(rows.len());
    let mut i = 0;
    while i < rows.len() {
        if !free(rows[i]) {
            out.push(rows[i]);
            beside.push(false);
            i += 1;
            continue;
        }
        let s = i;
        while i < rows.len() && free(rows[i]) {
            i += 1;
        }
        let run = &rows[s..i];
        let lefts: Vec<usize> = run
            .iter()
            .copied()
            .filter(|&k| c.rows[k].kind == RowKind::LeftOnly)
            .collect();
        let rights: Vec<usize> = run
            .iter()
            .copied()
            .filter(|&k| c.rows[k].kind == RowKind::RightOnly)
            .collect();
        for j in 0..lefts.len().max(rights.len()) {
            if let Some(&l) = lefts.get(j) {
                out.push(l);
                beside.push(false);
            }
            if let Some(&r) = rights.get(j) {
                out.push(r);
                beside.push(j < lefts.len());
            }
        }
    }
    (out, beside)
}

/// Recompute the visible rows and their heights for pane width `pane`.
pub fn relayout(cv: &mut CompareView, pane: usize) {
    let Some(c) = cv.comparison.as_ref() else {
        cv.rows.clear();
        cv.layout = Layout::default();
        return;
    };
    let (rows, beside) = interleave(c, &visible_rows(c, cv.view));
    cv.rows = rows;
    let mut heights = Vec::with_capacity(cv.rows.len());
    for (i, &k) in cv.rows.iter().enumerate() {
        let h = if !cv.wrap {
            1
        } else if cv.zoom {
            // Zoomed: the focused pane alone sets the height (its row of a pair side by
            // side, the other row of the pair taking its lines).
            let own = |k: usize| match cv.focus {
                Pane::Left => !c.rows[k].left.is_empty(),
                Pane::Right => !c.rows[k].right.is_empty(),
            };
            if beside.get(i + 1).copied().unwrap_or(false) {
                let k2 = cv.rows[i + 1];
                let shown = if own(k) || !own(k2) { k } else { k2 };
                side_height(cv, c, shown, cv.focus, pane) + 1
            } else if beside[i] {
                heights[i - 1]
            } else {
                side_height(cv, c, k, cv.focus, pane) + 1
            }
        } else if beside.get(i + 1).copied().unwrap_or(false) {
            // A left-only row with a right-only row beside it: the taller of the two.
            let l = side_height(cv, c, k, Pane::Left, pane);
            let r = side_height(cv, c, cv.rows[i + 1], Pane::Right, pane);
            l.max(r) + 1
        } else if beside[i] {
            heights[i - 1]
        } else {
            let l = side_height(cv, c, k, Pane::Left, pane);
            let r = side_height(cv, c, k, Pane::Right, pane);
            l.max(r) + 1
        };
        heights.push(h);
    }
    let mut starts = Vec::with_capacity(heights.len());
    let mut total = 0;
    for (i, h) in heights.iter().enumerate() {
        if beside[i] {
            starts.push(starts[i - 1]);
            continue;
        }
        starts.push(total);
        total += h;
    }
    cv.layout = Layout {
        pane,
        wrap: cv.wrap,
        heights,
        starts,
        total,
        beside,
    };
}

// ---------------------------------------------------------------------------------------
// The article view and the picker's preview: one article as a document of blocks (block 0:
// metadata and marks; block 1 + p: paragraph ¶p). Blocks are laid out one at a time, only
// those on screen: nothing is computed for the whole article.

use super::state::{ArticleView, DocPos};
use parallax_core::scan::Coverage;

/// Terminals this wide show the picker's preview pane unless `P` hid it.
pub const PREVIEW_MIN_COLS: u16 = 140;

/// Lines above the article text (title, coverage strip and its legend) and below (status
/// bar).
pub const ARTICLE_HEADER_H: usize = 3;

/// Lines of article text on a terminal this tall.
pub fn article_body(lines: u16) -> usize {
    (lines as usize)
        .saturating_sub(ARTICLE_HEADER_H + FOOTER_H)
        .max(1)
}

/// Columns of the picker's list and of its preview pane (the pane starts a column after
/// the list, behind a rule).
pub fn preview_split(cols: u16) -> (u16, u16) {
    let list = if cols >= PREVIEW_MIN_COLS {
        (cols * 3 / 5).max(100).min(cols)
    } else {
        cols / 2
    };
    (list, cols.saturating_sub(list + 1))
}

std::thread_local! {
    static LAID_OUT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Blocks of article documents laid out on this thread so far (a work counter for tests:
/// a view of a 100k-paragraph article must lay out only what is on screen).
pub fn laid_out() -> usize {
    LAID_OUT.with(|c| c.get())
}

/// One article as the view lays it out at a width.
pub struct Doc<'a> {
    pub av: &'a ArticleView,
    /// The article's coverage by the rest of the corpus, once computed.
    pub cov: Option<&'a Coverage>,
    /// Columns of the whole view (number column and text).
    pub cols: usize,
    /// List the marks in the header (the view loads them; the preview does not).
    pub marks: bool,
    /// The corpus folder, left out of the article's path.
    pub corpus: &'a str,
    /// Lay out at most this many characters of a paragraph (the preview shows a pane's
    /// worth of a paragraph however long it is); `None`: all of it.
    pub clip: Option<usize>,
}

/// The coverage source letter of paragraph `p` (A, B, … as the strip draws them).
pub fn para_source(cov: Option<&Coverage>, p: usize) -> Option<usize> {
    let pc = cov?.paragraphs.get(p)?;
    let id = pc.main_source()?;
    cov?.sources.iter().position(|s| s.id == id)
}

impl Doc<'_> {
    /// Number of blocks: the header block and one per paragraph.
    pub fn blocks(&self) -> usize {
        1 + self.av.article.paragraphs.len()
    }

    /// Columns before a paragraph's text: `¶123` padded, the source letter, a space.
    pub fn gutter(&self) -> usize {
        let n = self.av.article.paragraphs.len().saturating_sub(1);
        format!("¶{n}").chars().count() + 1 + 2
    }

    /// Columns of the text.
    pub fn text_width(&self) -> usize {
        self.cols.saturating_sub(self.gutter() + 1).max(8)
    }

    /// The lines of a block (a blank line closes each paragraph).
    pub fn lines(&self, b: usize) -> Vec<Line> {
        LAID_OUT.with(|c| c.set(c.get() + 1));
        if b == 0 {
            return self.front(self.cols.saturating_sub(1).max(8 + 9));
        }
        let w = self.text_width();
        let p = b - 1;
        let a = &self.av.article;
        let Some(para) = a.paragraphs.get(p) else {
            return Vec::new();
        };
        use parallax_core::Role;
        let tag = match para.role {
            Role::Body => None,
            Role::Heading => Some("[heading] "),
            Role::Chrome => Some("[chrome] "),
            Role::Repeated => Some("[repeated] "),
        };
        let tone = if tag.is_some() {
            Tone::Dim
        } else {
            Tone::Plain
        };
        let hits = &self.av.search.hits;
        let from = hits.partition_point(|h| h.0 < p);
        let to = hits.partition_point(|h| h.0 <= p);
        let mut segs = Vec::new();
        if let Some(t) = tag {
            segs.push(Seg::new(t, Tone::Dim));
        }
        let text = match self.clip {
            Some(n) => para
                .text
                .char_indices()
                .nth(n)
                .map_or(para.text.as_str(), |(i, _)| &para.text[..i]),
            None => para.text.as_str(),
        };
        segs.extend(styled::para_segs(
            text,
            p,
            &[],
            tone,
            false,
            Markers::None,
            &hits[from..to],
        ));
        let mut lines = styled::wrap(&segs, w);
        if let Some(pc) = self.cov.and_then(|c| c.paragraphs.get(p)) {
            if !pc.sources.is_empty() {
                let names: Vec<String> = pc
                    .sources
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        format!(
                            "{}{} ({} of {} words)",
                            if pc.sources.len() > 1 {
                                format!("{} ", k + 1)
                            } else {
                                String::new()
                            },
                            parallax_core::text::sanitize::sanitize(&s.id),
                            s.words,
                            pc.words
                        )
                    })
                    .collect();
                let text = format!("↳ found in {}", names.join(", "));
                lines.extend(styled::wrap(&[Seg::new(text, Tone::Dim)], w));
            }
        }
        lines.push(Line::default());
        lines
    }

    /// The height of a block, in lines.
    pub fn height(&self, b: usize) -> usize {
        self.lines(b).len().max(1)
    }

    /// The header block: source, credits, date, byline, address, file, marks.
    fn front(&self, w: usize) -> Vec<Line> {
        use parallax_core::text::sanitize::sanitize;
        let a = &self.av.article;
        let m = &a.meta;
        let mut out = Vec::new();
        // `label    value`, the value wrapped under itself.
        const LABEL: usize = 9;
        let mut field = |name: &str, value: String, tone: Tone| {
            let lines = styled::wrap(&[Seg::new(sanitize(&value), tone)], w.saturating_sub(LABEL));
            for (k, mut line) in lines.into_iter().enumerate() {
                let label = if k == 0 { name } else { "" };
                line.segs
                    .insert(0, Seg::new(format!("{label:<LABEL$}"), Tone::Dim));
                line.width += LABEL;
                out.push(line);
            }
        };
        let or_dash = |v: Option<&str>| v.unwrap_or("-").to_string();
        field("source", or_dash(m.source.as_deref()), Tone::Plain);
        if !m.credits.is_empty() {
            field("credits", m.credits.join(", "), Tone::Plain);
        }
        field("date", or_dash(m.date.as_deref()), Tone::Plain);
        field("byline", or_dash(m.byline.as_deref()), Tone::Plain);
        if let Some(u) = &m.url {
            field("url", u.clone(), Tone::Plain);
        }
        field(
            "file",
            format!(
                "{} · {} · {} · {}",
                styled::count(a.words, "word"),
                styled::count(a.paragraphs.len(), "paragraph"),
                a.encoding,
                // In the corpus folder (else the file's name): its id says the rest.
                a.path
                    .strip_prefix(self.corpus)
                    .ok()
                    .or_else(|| a.path.file_name().map(std::path::Path::new))
                    .unwrap_or(&a.path)
                    .display()
            ),
            Tone::Plain,
        );
        if self.marks && self.av.marks.is_empty() {
            field("marks", "none".into(), Tone::Dim);
        }
        for (k, mk) in self.av.marks.iter().enumerate().filter(|_| self.marks) {
            let other = if mk.left_id == a.id {
                &mk.right_id
            } else {
                &mk.left_id
            };
            let mut t = format!("#{} {} · with {}", mk.id, mk.what, other);
            if mk.anchor != "ok" {
                t.push_str(&format!(" [{}]", mk.anchor));
            }
            if let Some(n) = &mk.note {
                t.push_str(&format!(" · “{n}”"));
            }
            t.push_str(&format!(" · {}", mk.author));
            field(if k == 0 { "marks" } else { "" }, t, Tone::Inserted);
        }
        if a.paragraphs.is_empty() {
            out.push(Line::default());
            out.extend(styled::wrap(
                &[Seg::new("(this article has no paragraphs)", Tone::Dim)],
                w,
            ));
        }
        out.push(Line::default());
        out
    }

    /// The position `n` lines further down (clamped to the last position, see [`Doc::max_top`]).
    pub fn down(&self, mut at: DocPos, mut n: usize, body: usize) -> DocPos {
        let max = self.max_top(body);
        while n > 0 && at < max {
            let h = self.height(at.block);
            let left = h - at.line.min(h);
            if n < left {
                at.line += n;
                n = 0;
            } else {
                n -= left;
                at = DocPos {
                    block: at.block + 1,
                    line: 0,
                };
            }
        }
        at.min(max)
    }

    /// The position `n` lines further up (at most to the top).
    pub fn up(&self, mut at: DocPos, mut n: usize) -> DocPos {
        while n > 0 {
            if at.line >= n {
                at.line -= n;
                return at;
            }
            n -= at.line;
            if at.block == 0 {
                return DocPos::default();
            }
            at.block -= 1;
            at.line = self.height(at.block);
        }
        at
    }

    /// The last top position: the end of the document on the last line of the screen (the
    /// top when the document is shorter than the screen).
    pub fn max_top(&self, body: usize) -> DocPos {
        let end = DocPos {
            block: self.blocks() - 1,
            line: self.height(self.blocks() - 1),
        };
        self.up(end, body)
    }

    /// The first and last paragraphs whose first line is on screen from `top` (the
    /// paragraph at the top when none starts there).
    pub fn on_screen(&self, top: DocPos, body: usize) -> (usize, usize) {
        let n = self.av.article.paragraphs.len();
        let mut y = 0usize;
        let mut b = top.block;
        let (mut first, mut last) = (None, None);
        while y < body && b < self.blocks() {
            let h = self.height(b);
            let start = if b == top.block { top.line } else { 0 };
            if b > 0 && start == 0 {
                first.get_or_insert(b - 1);
                last = Some(b - 1);
            }
            y += h - start.min(h);
            b += 1;
        }
        let here = top.block.saturating_sub(1).min(n.saturating_sub(1));
        (first.unwrap_or(here), last.unwrap_or(here))
    }

    /// Lines from `top` to the start of block `b` (`None` when `b` is above `top`, or more
    /// than `limit` lines below it).
    pub fn lines_to(&self, top: DocPos, b: usize, limit: usize) -> Option<usize> {
        if b < top.block || (b == top.block && top.line > 0) {
            return None;
        }
        let mut y = 0;
        for k in top.block..b {
            let h = self.height(k);
            y += h - if k == top.block { top.line.min(h) } else { 0 };
            if y > limit {
                return None;
            }
        }
        Some(y)
    }
}

/// Whether the picker shows its preview pane now.
pub fn preview_shown(app: &super::state::App) -> bool {
    app.preview.unwrap_or(app.size.0 >= PREVIEW_MIN_COLS)
}
