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
