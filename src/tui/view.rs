//! Widgets that draw the state. Nothing here changes the state; drawing the comparison costs
//! in proportion to the rows on screen (heights come from the cached [`super::state::Layout`]).

use super::keymap::{self, Context};
use super::layout::{self, body_height, GUTTER_W, NUM_W};
use super::state::*;
use crate::report::styled::{self, kind_mark, para_list, pct, truncate, Tone};
use parallax_core::text::sanitize::sanitize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

/// Styles of the theme, from its table of colours ([`super::theme::Palette`]); without colour
/// only modifiers (bold, underline, strike, reverse) remain, so every meaning is still told
/// apart and the cursor row is drawn in reverse video. Nothing is dimmed.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    pub plain: Style,
    /// Quieter text that must still be read (text without counterpart, headers, hints).
    pub dim: Style,
    pub deleted: Style,
    pub inserted: Style,
    pub variant: Style,
    pub hit: Style,
    pub cursor: Style,
    pub title: Style,
    pub accent: Style,
    pub error: Style,
    pub key: Style,
    /// The coverage strip's sources.
    pub strip: [Style; 6],
    pub color: bool,
}

impl Styles {
    pub fn new(theme: Theme, color: bool) -> Styles {
        let p = super::theme::Palette::of(theme);
        let rgb = |(r, g, b): super::theme::Rgb| Color::Rgb(r, g, b);
        let m = |s: Style, c: super::theme::Rgb| if color { s.fg(rgb(c)) } else { s };
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let cursor = if color {
            Style::default().bg(rgb(p.cursor_bg))
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        };
        let strip = std::array::from_fn(|k| {
            let (fg, bg) = p.strip[k];
            if color {
                Style::default()
                    .fg(rgb(fg))
                    .bg(rgb(bg))
                    .add_modifier(Modifier::BOLD)
            } else {
                Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
            }
        });
        Styles {
            plain: m(Style::default(), p.text),
            dim: m(Style::default(), p.quiet),
            deleted: m(bold.add_modifier(Modifier::CROSSED_OUT), p.deleted),
            inserted: m(bold, p.inserted),
            variant: m(
                Style::default().add_modifier(Modifier::UNDERLINED),
                p.variant,
            ),
            hit: Style::default().add_modifier(Modifier::REVERSED),
            cursor,
            title: m(bold, p.text),
            accent: m(bold, p.accent),
            error: m(bold, p.error),
            key: m(bold, p.accent),
            strip,
            color,
        }
    }

    /// Every style, by name (for the contrast test).
    pub fn all(&self) -> Vec<(&'static str, Style)> {
        let mut v = vec![
            ("plain", self.plain),
            ("quiet", self.dim),
            ("deleted", self.deleted),
            ("inserted", self.inserted),
            ("variant", self.variant),
            ("hit", self.tone(Tone::Plain, true)),
            ("title", self.title),
            ("accent", self.accent),
            ("error", self.error),
            ("key", self.key),
        ];
        v.extend(self.strip.iter().map(|&s| ("strip", s)));
        v
    }

    fn tone(&self, t: Tone, hit: bool) -> Style {
        let s = match t {
            Tone::Plain => self.plain,
            Tone::Dim => self.dim,
            Tone::Deleted => self.deleted,
            Tone::Inserted => self.inserted,
            Tone::Variant => self.variant,
        };
        if hit {
            s.patch(self.hit)
        } else {
            s
        }
    }
}

/// Draw the whole UI.
pub fn draw(frame: &mut Frame, app: &App) {
    let st = Styles::new(app.theme, app.color);
    let area = frame.area();
    match app.screen {
        Screen::Picker if layout::preview_shown(app) => {
            // The list on the left, the preview on the right, the status bar across.
            let (list, pw) = layout::preview_split(area.width);
            let buf = frame.buffer_mut();
            draw_picker(
                buf,
                Rect {
                    width: list,
                    ..area
                },
                app,
                &st,
            );
            let pane = Rect::new(area.x + list, area.y, pw + 1, area.height.saturating_sub(1));
            draw_preview(buf, pane, app, &st);
            let p = &app.picker;
            let bottom = area.bottom().saturating_sub(1);
            for x in area.left()..area.right() {
                buf[(x, bottom)].reset();
            }
            status_bar(
                buf,
                area,
                app,
                &st,
                &list_position(p.cursor, p.visible.len()),
            );
        }
        Screen::Picker => draw_picker(frame.buffer_mut(), area, app, &st),
        Screen::Pairs => draw_pairs(frame.buffer_mut(), area, app, &st),
        Screen::Compare => draw_compare(frame.buffer_mut(), area, app, &st),
        Screen::Article => draw_article(frame.buffer_mut(), area, app, &st),
        Screen::Families => draw_families(frame.buffer_mut(), area, app, &st),
    }
    if let Some(p) = &app.popup {
        draw_popup(frame, area, app, p, &st);
    }
    code_point_cells(frame.buffer_mut());
}

/// Lay the buffer out as a terminal does, a cell per character that takes columns: ratatui
/// puts a whole grapheme cluster in one cell, so a cluster of several such characters (the
/// Devanagari conjunct क्ष: 2 columns, 2 terminal cells) would be one wide cell for ratatui
/// and two narrow cells on the terminal, and overwriting it would leave its second cell stale.
/// A cluster whose cells do not add up to its width (text that did not go through
/// `sanitize`) becomes `�`.
fn code_point_cells(buf: &mut Buffer) {
    use parallax_core::text::sanitize::{cells, cluster_columns};
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let sym = buf[(x, y)].symbol().to_string();
            let w = if sym.len() == 1 {
                1
            } else {
                cluster_columns(&sym)
            };
            let pieces = cells(&sym);
            if pieces.len() > 1 || pieces.first().is_some_and(|&(_, pw)| pw != w) {
                let style = buf[(x, y)].style();
                let fits = pieces.iter().map(|&(_, pw)| pw).sum::<usize>() == w
                    && pieces.iter().all(|&(_, pw)| pw > 0)
                    && x as usize + w <= area.right() as usize;
                if fits {
                    let mut at = x;
                    for (p, pw) in pieces {
                        buf[(at, y)].set_symbol(p).set_style(style);
                        at += pw as u16;
                    }
                } else {
                    buf[(x, y)].set_symbol("\u{FFFD}");
                }
            }
            x += w.max(1) as u16;
        }
    }
}

fn put(buf: &mut Buffer, x: u16, y: u16, s: &str, width: usize, style: Style) -> usize {
    if width == 0 || y >= buf.area.bottom() || x >= buf.area.right() {
        return 0;
    }
    let (end, _) = buf.set_stringn(x, y, s, width, style);
    (end - x) as usize
}

/// The counter of the status bar, shortened to fit half the width: `row 7/97 · all rows`,
/// then `row 7/97`, then `7/97`.
fn counter_text(right: &str, room: usize) -> String {
    if right.width() <= room {
        return right.to_string();
    }
    let first = right.split(" · ").next().unwrap_or(right);
    if first.width() <= room {
        return first.to_string();
    }
    let bare = first.strip_prefix("row ").unwrap_or(first);
    truncate(bare, room)
}

/// The status bar: on the left a message (or the text being typed) and the key hints, on
/// the right the counter. The two never overlap: the left part is cut with `…` a column
/// before the counter. `? help` stays on screen beside a message, so the way to the help is
/// shown from the first frame.
fn status_bar(buf: &mut Buffer, area: Rect, app: &App, st: &Styles, right: &str) {
    let y = area.bottom().saturating_sub(1);
    let w = area.width as usize;
    buf.set_style(Rect::new(area.x, y, area.width, 1), st.cursor);
    // The counter gives up its detail (`row 7/97 · all rows` → `row 7/97` → `7/97`) before a
    // message would be cut: the message says what just happened, or what `u` will undo.
    // The message: what just happened, else the note of the mark on the cursor's row.
    let message = app
        .status
        .as_ref()
        .map(|s| (s.text.clone(), s.error))
        .or_else(|| row_note(app).map(|n| (n, false)));
    let message_w = message.as_ref().map_or(0, |(m, _)| m.width());
    let room = if message_w > 0 {
        (w / 2).min(w.saturating_sub(message_w + "? help  ".len() + 1))
    } else {
        w / 2
    };
    // Never less than the bare count (`7/97`) when half the line holds it.
    let bare = right.split(" · ").next().unwrap_or(right);
    let bare_w = bare.strip_prefix("row ").unwrap_or(bare).width();
    let right = counter_text(right, room.max(bare_w.min(w / 2)));
    let rw = right.width();
    let left_w = w.saturating_sub(rw + usize::from(rw > 0));
    let ctx = keymap::context(app);
    // A text being typed shows as the status line.
    let typing = match (&app.popup, app.screen) {
        (None, Screen::Picker) if app.picker.filtering => Some(format!(
            "{}{}",
            if app.picker.fulltext {
                "full text: "
            } else {
                "/"
            },
            field(&app.picker.filter, app.field_back)
        )),
        (None, Screen::Pairs) if app.scan.filtering => {
            Some(format!("/{}", field(&app.scan.filter, app.field_back)))
        }
        (None, Screen::Compare) => app
            .compare
            .as_ref()
            .filter(|c| c.search.editing)
            .map(|c| format!("search: {}", field(&c.search.query, app.field_back)))
            .or_else(|| {
                app.compare
                    .as_ref()
                    .and_then(|c| c.goto.as_ref())
                    .map(|g| format!("go to ¶: {g}▏"))
            }),
        (None, Screen::Article) => app
            .article
            .as_ref()
            .filter(|a| a.search.editing)
            .map(|a| format!("search: {}", field(&a.search.query, app.field_back))),
        _ => None,
    };
    let hints = keymap::hints(ctx);
    let mut x = area.x;
    let mut left = left_w;
    let hint = |buf: &mut Buffer, x: &mut u16, left: &mut usize, k: &str, h: &str| -> bool {
        let need = k.width() + h.width() + 3;
        if need > *left {
            return false;
        }
        *x += put(buf, *x, y, k, *left, st.key.patch(st.cursor)) as u16;
        *x += put(
            buf,
            *x,
            y,
            &format!(" {h}  "),
            *left,
            st.dim.patch(st.cursor),
        ) as u16;
        *left -= need;
        true
    };
    let mut rest = &hints[..];
    if let Some(t) = typing {
        let t = truncate(&sanitize(&t), left);
        put(buf, x, y, &t, left, st.title.patch(st.cursor));
        rest = &[];
    } else if let Some((text, error)) = message {
        // `? help` first when the message leaves room for it.
        if let Some(&(k, h)) = hints.first() {
            let text_w = text.width();
            if left >= text_w.min(24) + k.width() + h.width() + 3
                && hint(buf, &mut x, &mut left, k, h)
            {
                rest = &hints[1..];
            }
        }
        // A message in the text colour, keys in the accent: the two never look alike.
        let style = if error { st.error } else { st.title };
        let t = truncate(&sanitize(&text), left);
        let used = put(buf, x, y, &t, left, style.patch(st.cursor));
        x += used as u16;
        left -= used.min(left);
        if left >= 2 {
            x += 2;
            left -= 2;
        } else {
            rest = &[];
        }
    }
    for &(k, h) in rest {
        if !hint(buf, &mut x, &mut left, k, h) {
            break;
        }
    }
    let rx = area.right().saturating_sub(rw as u16);
    put(buf, rx, y, &right, rw, st.dim.patch(st.cursor));
}

/// In a comparison without a popup: the note of the mark on the cursor's row, if it has one
/// (`note on duplicate #3: …`).
fn row_note(app: &App) -> Option<String> {
    if app.popup.is_some() || app.screen != Screen::Compare {
        return None;
    }
    let cv = app.compare.as_ref()?;
    let m = cv.row_mark(cv.cursor_row()?)?;
    let note = m.note.as_deref()?;
    Some(format!("note on {} #{}: {note}", m.label, m.id))
}

/// The files that could not be read, with the reason (picker, `s`).
fn draw_skipped(buf: &mut Buffer, area: Rect, app: &App, st: &Styles) {
    let p = &app.picker;
    let w = area.width as usize;
    put(
        buf,
        area.x,
        area.y + 1,
        &format!(
            "{} files skipped (s or Esc: back to the articles)",
            p.skipped.len()
        ),
        w,
        st.dim,
    );
    let rows = (area.height as usize).saturating_sub(3);
    for (k, s) in p.skipped.iter().take(rows).enumerate() {
        let y = area.y + 2 + k as u16;
        let path = s.path.strip_prefix(&p.corpus).unwrap_or(&s.path);
        let line = sanitize(&format!("{}: {}", path.display(), s.reason));
        put(
            buf,
            area.x + 1,
            y,
            &truncate(&line, w.saturating_sub(1)),
            w,
            st.plain,
        );
    }
    if p.skipped.is_empty() {
        put(
            buf,
            area.x + 2,
            area.y + 3,
            "Every file was read.",
            w,
            st.dim,
        );
    }
    status_bar(buf, area, app, st, "");
}

fn draw_picker(buf: &mut Buffer, area: Rect, app: &App, st: &Styles) {
    let p = &app.picker;
    let w = area.width as usize;
    let mut title = format!(
        "parallax · {} · {}",
        p.corpus,
        crate::report::styled::count(p.entries.len(), "article")
    );
    if p.listing {
        title.push_str(" · listing the folder…");
    } else if let Some((read, total, rate)) = p.loading {
        title.push_str(&format!(" · reading {read}/{total} ({rate}/s)"));
    }
    if !p.skipped.is_empty() {
        title.push_str(&format!(
            " · {} skipped",
            crate::report::styled::count(p.skipped.len(), "file")
        ));
    }
    title.push_str(&scan_summary(&app.scan));
    if let Some(l) = p.left {
        title.push_str(&format!(
            " · left: {} · pick the right article",
            p.entries[l].article.id
        ));
    }
    put(buf, area.x, area.y, &sanitize(&title), w, st.title);
    if p.show_skipped {
        draw_skipped(buf, area, app, st);
        return;
    }
    // Columns: marks, id, date, words, paragraphs, source, title.
    // The widest id, measured once (not over every entry at every frame).
    let idw = p.id_width.clamp(6, if w < 100 { 10 } else { 22 });
    // The title keeps a fair share: on a narrow terminal the id and source shrink first.
    let srcw = if w < 100 { 8 } else { 16 };
    // The counterpart column: the article that holds most of this one (or, with a left
    // pick, the shares with the left article).
    let narrow = w < 100;
    let cpw = if narrow { 13 } else { 20 };
    // Headers in words (the help's legend says more).
    let cp_head = if p.left.is_some() {
        if narrow {
            "SHARE W/ LEFT"
        } else {
            "IN LEFT · LEFT IN IT"
        }
    } else {
        "FOUND IN"
    };
    let header = format!(
        "{:>2} {} {:<10} {:>6} {}{} {} TITLE",
        "✎",
        styled::pad("ID", idw),
        "DATE",
        "WORDS",
        if narrow { "" } else { "   ¶ " },
        styled::pad(cp_head, cpw),
        styled::pad("SOURCE", srcw)
    );
    put(buf, area.x, area.y + 1, &header, w, st.dim);
    let rows = layout::picker_rows(area.height);
    for (line, &i) in p.visible.iter().enumerate().skip(p.top).take(rows) {
        let e = &p.entries[i];
        let a = &e.article;
        let y = area.y + 2 + (line - p.top) as u16;
        let base = list_row(buf, area, y, line == p.cursor, st);
        let marks = if e.marks > 0 {
            e.marks.to_string()
        } else {
            String::new()
        };
        let pick = if p.left == Some(i) { "L" } else { " " };
        let cp = counterpart_cell(app, e, cpw);
        let fixed = format!(
            "{:>2}{}{} {:<10} {:>6} {}{} {} ",
            marks,
            pick,
            styled::pad(&truncate(&sanitize(&a.id), idw), idw),
            a.meta.date.as_deref().unwrap_or("-"),
            a.words,
            if narrow {
                String::new()
            } else {
                format!("{:>4} ", a.paragraphs)
            },
            styled::pad(&cp, cpw),
            styled::pad(
                &truncate(&sanitize(a.meta.source.as_deref().unwrap_or("-")), srcw),
                srcw
            ),
        );
        let used = put(buf, area.x, y, &fixed, w, base);
        let room = w.saturating_sub(used);
        let title = match p.text_hits.get(line) {
            Some(h) if p.fulltext => {
                let para = format!("¶{} ", h.para);
                let cols = room.saturating_sub(para.width());
                format!(
                    "{para}{}",
                    parallax_core::text::snippet::centre(&h.snippet, cols)
                )
            }
            _ => sanitize(&a.meta.title),
        };
        put(
            buf,
            area.x + used as u16,
            y,
            &truncate(&title, w.saturating_sub(used)),
            w - used.min(w),
            base,
        );
    }
    if p.visible.is_empty() {
        let msg = if p.entries.is_empty() && p.loading.is_some() {
            "Reading the articles…".to_string()
        } else if p.entries.is_empty() {
            "No articles here. Put .txt, .md, .html, .json or .jsonl files in the folder and start again.".to_string()
        } else {
            format!(
                "No article {} “{}”. Esc clears the filter.",
                if p.fulltext { "contains" } else { "matches" },
                p.filter
            )
        };
        empty_message(buf, area, &msg, st);
    }
    if layout::picker_strip_lines(area.height) > 0 {
        let y = area.bottom().saturating_sub(3);
        let id = p.visible.get(p.cursor).map(|&i| &p.entries[i].article.id);
        coverage_lines(buf, Rect::new(area.x, y, area.width, 2), app, id, st);
    }
    status_bar(
        buf,
        area,
        app,
        st,
        &list_position(p.cursor, p.visible.len()),
    );
}

/// A list row's base style; the selected row is highlighted across the screen.
fn list_row(buf: &mut Buffer, area: Rect, y: u16, selected: bool, st: &Styles) -> Style {
    if selected {
        buf.set_style(Rect::new(area.x, y, area.width, 1), st.cursor);
        st.cursor.patch(st.plain).add_modifier(Modifier::BOLD)
    } else {
        st.plain
    }
}

/// `3/5`: the cursor's place in a list, for the status bar.
fn list_position(cursor: usize, len: usize) -> String {
    format!("{}/{len}", (cursor + 1).min(len))
}

/// The message of an empty list, under its column header.
fn empty_message(buf: &mut Buffer, area: Rect, msg: &str, st: &Styles) {
    let w = (area.width as usize).saturating_sub(2);
    put(buf, area.x + 2, area.y + 3, &sanitize(msg), w, st.dim);
}

/// The scan's state for a title line: " · scanning 40%", " · 7 pairs share text".
fn scan_summary(s: &ScanView) -> String {
    match &s.status {
        ScanStatus::Idle => String::new(),
        ScanStatus::Running { stage, done, total } => {
            if *total > 0 {
                format!(" · scan: {stage} {}%", (100 * done / total).min(100))
            } else {
                format!(" · scan: {stage}…")
            }
        }
        ScanStatus::Done => match s.pairs.len() {
            1 => " · 1 pair shares text (p)".to_string(),
            n => format!(" · {n} pairs share text (p)"),
        },
    }
}

/// The picker's counterpart cell: `004_93 94% +1` (94% of this article is in 004_93, one
/// other article shares text with it), or with a left pick `94%·18%` (94% of this article
/// is in the left one, 18% of the left one is in this).
fn counterpart_cell(app: &App, e: &Entry, width: usize) -> String {
    let p = &app.picker;
    if let Some(l) = p.left {
        if p.entries[l].article.id == e.article.id {
            return "left".to_string();
        }
        return match p.with_left.get(&e.article.id) {
            Some((this, left)) if width >= 20 => format!("{} · {}", pct(*this), pct(*left)),
            Some((this, left)) => format!("{}·{}", pct(*this), pct(*left)),
            None => String::new(),
        };
    }
    let Some(c) = &e.counterpart else {
        return String::new();
    };
    let more = if c.others > 0 {
        format!(" +{}", c.others)
    } else {
        String::new()
    };
    let share = format!(" {}", pct(c.share));
    let idw = width.saturating_sub(share.width() + more.width());
    format!("{}{share}{more}", truncate(&sanitize(&c.id), idw))
}

/// Style of the `k`-th source of a coverage strip.
fn source_style(k: usize, st: &Styles, _color: bool) -> Style {
    st.strip[k % st.strip.len()]
}

/// Two lines for one article's coverage by the rest of the corpus: a strip in reading order
/// (a letter per source, `·` for text found nowhere else) and its legend.
fn coverage_lines(buf: &mut Buffer, area: Rect, app: &App, id: Option<&String>, st: &Styles) {
    let w = area.width as usize;
    let (x, y) = (area.x, area.y);
    let Some(id) = id else { return };
    let cov = match app.scan.status {
        ScanStatus::Done => app.scan.coverage.get(id),
        _ => {
            put(
                buf,
                x,
                y,
                "coverage: waiting for the corpus scan…",
                w,
                st.dim,
            );
            return;
        }
    };
    let label = format!("{} ", truncate(&sanitize(id), 14));
    let lw = put(buf, x, y, &label, w, st.dim);
    let Some(cov) = cov else {
        put(buf, x + lw as u16, y, "coverage…", w - lw.min(w), st.dim);
        return;
    };
    let strip_w = w.saturating_sub(lw + 2);
    let mut cx = x + lw as u16;
    cx += put(buf, cx, y, "▕", 1, st.dim) as u16;
    for cell in cov.strip(strip_w) {
        let (ch, style) = match cell {
            Some(k) => (
                crate::report::scan::strip_letter(Some(k)).to_string(),
                source_style(k, st, app.color),
            ),
            None => ("·".to_string(), st.dim),
        };
        cx += put(buf, cx, y, &ch, 1, style) as u16;
    }
    put(buf, cx, y, "▏", 1, st.dim);
    // Legend: each source with the share of this article it holds, then what has no source.
    let mut lx = x;
    let mut left = w;
    for (k, s) in cov.sources.iter().enumerate() {
        let letter = crate::report::scan::strip_letter(Some(k)).to_string();
        let text = format!(" {} {}  ", truncate(&sanitize(&s.id), 14), pct(s.share));
        let need = letter.width() + text.width();
        if need > left {
            break;
        }
        lx += put(buf, lx, y + 1, &letter, 1, source_style(k, st, app.color)) as u16;
        lx += put(buf, lx, y + 1, &text, left, st.plain) as u16;
        left -= need;
    }
    let tail = if cov.sources.is_empty() {
        format!("· {} words, none found elsewhere in the corpus", cov.words)
    } else {
        format!("· {} no other source", pct(cov.unsourced_share))
    };
    put(buf, lx, y + 1, &tail, left, st.dim);
}

/// The pairs screen: every pair of articles that shares text, best first, and the coverage
/// of the pair's two articles.
fn draw_pairs(buf: &mut Buffer, area: Rect, app: &App, st: &Styles) {
    let s = &app.scan;
    let w = area.width as usize;
    let title = format!(
        "parallax · {} · pairs that share text{}",
        app.picker.corpus,
        match s.status {
            ScanStatus::Done if !s.filter.is_empty() => format!(
                " · {} of {} match “{}”",
                s.visible.len(),
                s.pairs.len(),
                s.filter
            ),
            ScanStatus::Done => format!(
                " · {} among {}",
                crate::report::styled::count(s.pairs.len(), "pair"),
                crate::report::styled::count(s.docs.0.len(), "article")
            ),
            _ => scan_summary(s),
        }
    );
    put(buf, area.x, area.y, &sanitize(&title), w, st.title);
    let narrow = w < 100;
    // Ids get what the other columns (numbers 40, verdict 24, mark 14) leave.
    let idw = if narrow {
        12
    } else {
        (w.saturating_sub(78) / 2).clamp(12, 24)
    };
    let nw = if narrow { 6 } else { 7 };
    // The origin column (SRC): one letter on a narrow screen.
    let sw = if narrow { 1 } else { 3 };
    let verdict = |v: parallax_core::engine::score::Verdict| {
        use parallax_core::engine::score::Verdict as V;
        match (v, narrow) {
            (V::LeftContainedInRight, true) => "left inside right",
            (V::RightContainedInLeft, true) => "right inside left",
            (V::PartialOverlap, true) => "overlap",
            (V::LeftContainedInRight, false) => "left contained in right",
            (V::RightContainedInLeft, false) => "right contained in left",
            (V::PartialOverlap, false) => "partial overlap",
            (V::Duplicate, _) => "duplicate",
            (V::SharedQuotes, true) => "quotes",
            (V::SharedQuotes, false) => "shared quotes",
            (V::NoSharedText, true) => "none",
            (V::NoSharedText, false) => "no shared text",
        }
    };
    let header = format!(
        "{:>4}  {} {}  {:>nw$} {:>nw$} {:>nw$} {:>5} {:>sw$}  {}{}",
        "#",
        styled::pad("LEFT", idw),
        styled::pad("RIGHT", idw),
        "L IN R",
        "R IN L",
        "SHARED",
        "RUN",
        if narrow { "S" } else { "SRC" },
        styled::pad("VERDICT", 24),
        if narrow { "" } else { "MARKED" }
    );
    put(buf, area.x, area.y + 1, &header, w, st.dim);
    let rows = layout::pairs_rows(area.height);
    let entry_title = |id: &str| {
        s.entry_of
            .get(id)
            .map(|&i| app.picker.entries[i].article.meta.title.clone())
            .unwrap_or_default()
    };
    for (line, &k) in s.visible.iter().enumerate().skip(s.top).take(rows) {
        let pair = &s.pairs[k];
        let y = area.y + 2 + (line - s.top) as u16;
        let base = list_row(buf, area, y, line == s.cursor, st);
        let label = s.label(&pair.left, &pair.right);
        let text = format!(
            "{}{:>3}  {} {}  {:>nw$} {:>nw$} {:>nw$} {:>5} {:>sw$}  {}{}",
            if label.is_some() { "✎" } else { " " },
            k + 1,
            styled::pad(&truncate(&sanitize(&pair.left), idw), idw),
            styled::pad(&truncate(&sanitize(&pair.right), idw), idw),
            pct(pair.left_in_right),
            pct(pair.right_in_left),
            pair.shared_words,
            pair.longest_run,
            {
                // One letter on a narrow screen (the mark's `*` shows in wide ones).
                let o = pair_origin(pair, label);
                if narrow {
                    &o[..o.len().min(1)]
                } else {
                    o
                }
            },
            styled::pad(verdict(pair.verdict), 24),
            match label {
                Some(l) if !narrow => format!("✎ {l}"),
                _ => String::new(),
            }
        );
        put(buf, area.x, y, &text, w, base);
    }
    let empty = match s.status {
        ScanStatus::Done if s.pairs.is_empty() => Some(format!(
            "No two of the {} articles share a passage of {} words or more.",
            app.picker.entries.len(),
            parallax_core::scan::Options::default().min_run
        )),
        ScanStatus::Done if s.visible.is_empty() => Some(format!(
            "No pair matches “{}”. Esc clears the filter.",
            s.filter
        )),
        ScanStatus::Done => None,
        _ => Some("Scanning the corpus for shared text…".to_string()),
    };
    if let Some(msg) = empty {
        empty_message(buf, area, &msg, st);
    }
    if layout::pairs_detail_lines(area.height) > 0 {
        if let Some(pair) = s.current() {
            let y = area.bottom().saturating_sub(7);
            for (k, id) in [&pair.left, &pair.right].into_iter().enumerate() {
                let y = y + 3 * k as u16;
                let t = sanitize(&format!(
                    "{} {} · {}",
                    if k == 0 { "left: " } else { "right:" },
                    id,
                    entry_title(id)
                ));
                put(buf, area.x, y, &truncate(&t, w), w, st.title);
                coverage_lines(
                    buf,
                    Rect::new(area.x, y + 1, area.width, 2),
                    app,
                    Some(id),
                    st,
                );
            }
        }
    }
    status_bar(
        buf,
        area,
        app,
        st,
        &list_position(s.cursor, s.visible.len()),
    );
}

/// The families screen: per family its id, size and likely original, then its members in
/// likely order with the share each took from the original (`✎`: a person's copy mark set
/// the direction to it).
fn draw_families(buf: &mut Buffer, area: Rect, app: &App, st: &Styles) {
    use super::families::{reference, set_by_person, Row};
    let v = &app.families;
    let w = area.width as usize;
    let members: usize = v
        .families
        .as_ref()
        .map_or(0, |f| f.iter().map(|f| f.members.len()).sum());
    let title = format!(
        "parallax · {} · families of copies{}",
        app.picker.corpus,
        match &v.families {
            Some(f) => format!(
                " · {} of {}",
                if f.len() == 1 {
                    "1 family".to_string()
                } else {
                    format!("{} families", f.len())
                },
                styled::count(members, "article")
            ),
            None => " · working out…".to_string(),
        }
    );
    put(buf, area.x, area.y, &sanitize(&title), w, st.title);
    let title_of = |id: &str| {
        app.scan
            .entry_of
            .get(id)
            .and_then(|&i| app.picker.entries.get(i))
            .map(|e| e.article.meta.title.clone())
            .unwrap_or_default()
    };
    let Some(fams) = v.families.as_ref().filter(|f| !f.is_empty()) else {
        let msg = match (&app.scan.status, &v.families) {
            (ScanStatus::Done, Some(_)) => {
                "No families: no two articles share half their text or more, and no copy mark links two of them."
            }
            (ScanStatus::Done, None) => "Working out families…",
            _ => "Working out families… (the corpus scan is still running)",
        };
        empty_message(buf, area, msg, st);
        status_bar(buf, area, app, st, &list_position(0, 0));
        return;
    };
    // Members are articles of the corpus: the picker measured their ids once.
    let idw = app.picker.id_width.clamp(8, if w < 100 { 20 } else { 28 });
    let header = format!(
        "{:>4}  {}  {:>13}  TITLE",
        "#",
        styled::pad("ARTICLE", idw),
        "FROM ORIGINAL"
    );
    put(buf, area.x, area.y + 1, &header, w, st.dim);
    let legend = "✎ direction set by a person";
    if w >= header.width() + legend.width() + 4 {
        put(
            buf,
            area.x + (w - legend.width()) as u16,
            area.y + 1,
            legend,
            legend.width(),
            st.dim,
        );
    }
    let page = super::families::page(area.height);
    for (line, &row) in v.rows.iter().enumerate().skip(v.top).take(page) {
        let y = area.y + 2 + (line - v.top) as u16;
        match row {
            Row::Gap => {}
            Row::Family(f) => {
                let fam = &fams[f];
                let orig = match (&fam.original, reference(fam)) {
                    (Some(o), _) => format!("original {o} · {}", title_of(o)),
                    (None, Some(first)) => {
                        format!("original unknown (no link has a direction); compared with {first}")
                    }
                    (None, None) => "original unknown".to_string(),
                };
                let text = sanitize(&format!(
                    "{} · {} · {orig}",
                    fam.id,
                    styled::count(fam.members.len(), "member")
                ));
                put(buf, area.x, y, &truncate(&text, w), w, st.title);
            }
            Row::Member(f, m, n) => {
                let fam = &fams[f];
                let mem = &fam.members[m];
                let base = list_row(buf, area, y, n == v.cursor, st);
                let share = if fam.original.as_deref() == Some(mem.id.as_str()) {
                    "original".to_string()
                } else {
                    mem.share_from_original.map_or("-".to_string(), pct)
                };
                let text = format!(
                    "{}{:>3}. {}  {:>13}  {}",
                    if set_by_person(fam, &mem.id) {
                        "✎"
                    } else {
                        " "
                    },
                    mem.rank + 1,
                    styled::pad(&truncate(&sanitize(&mem.id), idw), idw),
                    share,
                    sanitize(&title_of(&mem.id))
                );
                put(buf, area.x, y, &truncate(&text, w), w, base);
            }
        }
    }
    status_bar(buf, area, app, st, &list_position(v.cursor, members));
}

/// The pairs screen's origin column: `L` (left is the source), `R`, `?` (cannot tell), ` `
/// (not worked out); `L*`/`R*` when a person's copy mark (its `label`) names the original,
/// which wins.
fn pair_origin(pair: &parallax_core::scan::Pair, label: Option<&str>) -> &'static str {
    use parallax_core::provenance::Direction;
    match label.and_then(copy_label_original) {
        Some(o) if o == pair.left => return "L*",
        Some(o) if o == pair.right => return "R*",
        _ => {}
    }
    match pair.provenance.as_ref().map(|p| p.direction) {
        Some(Direction::LeftIsSource) => "L",
        Some(Direction::RightIsSource) => "R",
        Some(Direction::Unknown) => "?",
        None => "",
    }
}

/// The publisher (`-` when unknown) and, with `credits`, the credits, for a header: " · DW",
/// " · - (credits AFP, Reuters)", sanitised and each cut to `small` cells.
fn header_source(m: &parallax_core::corpus::article::Meta, small: usize, credits: bool) -> String {
    let publisher = truncate(&sanitize(m.source.as_deref().unwrap_or("-")), small);
    if m.credits.is_empty() || !credits {
        return format!(" · {publisher}");
    }
    let credits = truncate(&sanitize(&m.credits.join(", ")), small);
    format!(" · {publisher} (credits {credits})")
}

fn header(buf: &mut Buffer, area: Rect, cv: &CompareView, st: &Styles) {
    let w = area.width as usize;
    for (k, (label, a)) in [("L ", &cv.left), ("R ", &cv.right)]
        .into_iter()
        .enumerate()
    {
        let y = area.y + k as u16;
        let focus = (k == 0 && cv.focus == Pane::Left) || (k == 1 && cv.focus == Pane::Right);
        let mut x = area.x;
        x += put(
            buf,
            x,
            y,
            label,
            w,
            if focus && !cv.lock { st.accent } else { st.dim },
        ) as u16;
        // The title keeps a fair share: the id and the source shrink first.
        let small = (w / 6).max(6);
        // Credits only where the title still gets its third of the line.
        let src = header_source(&a.meta, small, w >= 120);
        let text = format!(
            "{}{} · {}",
            truncate(&sanitize(&a.id), small),
            src,
            a.meta.title
        );
        put(
            buf,
            x,
            y,
            &truncate(&sanitize(&text), w.saturating_sub(2)),
            w.saturating_sub(2),
            st.title,
        );
    }
    let y = area.y + 2;
    match &cv.comparison {
        None => {
            put(buf, area.x, y, "aligning…", w, st.accent);
        }
        Some(c) => {
            let s = &c.scores;
            let mut x = area.x;
            x += put(buf, x, y, c.verdict.describe(), w, st.accent) as u16;
            // The long form when it fits, else a short one: a number is never cut.
            let room = w.saturating_sub((x - area.x) as usize);
            let long = format!(
                " · left in right {} · right in left {} · longest run {} words",
                pct(s.left_in_right),
                pct(s.right_in_left),
                s.longest_run
            );
            let text = if long.width() <= room {
                long
            } else {
                format!(
                    " · L in R {} · R in L {} · run {}",
                    pct(s.left_in_right),
                    pct(s.right_in_left),
                    s.longest_run
                )
            };
            x += put(
                buf,
                x,
                y,
                &text,
                w.saturating_sub((x - area.x) as usize),
                st.plain,
            ) as u16;
            if let Some(m) = cv.pair_mark() {
                let t = match &m.note {
                    Some(n) => format!(" · marked: {} · “{n}”", m.label),
                    None => format!(" · marked: {}", m.label),
                };
                put(
                    buf,
                    x,
                    y,
                    &sanitize(&t),
                    w.saturating_sub((x - area.x) as usize),
                    st.inserted,
                );
            }
        }
    }
    let rule = "─".repeat(w);
    put(buf, area.x, area.y + 3, &rule, w, st.dim);
    if let Some(line) = origin_line(cv, (w / 10).max(8)) {
        // Over the rule, so that the layout keeps its lines: "─ 002 copied 004 · … ─────".
        put(
            buf,
            area.x + 2,
            area.y + 3,
            &truncate(&format!(" {} ", sanitize(&line)), w.saturating_sub(4)),
            w.saturating_sub(4),
            st.dim,
        );
    }
}

/// One short line on who copied whom: "002 copied 004 · containment, sign-off · 94% ·
/// credited: partial"; a person's copy mark wins ("… · set by a person"). Ids cut to `small`.
fn origin_line(cv: &CompareView, small: usize) -> Option<String> {
    use parallax_core::provenance::Direction;
    let c = cv.comparison.as_ref()?;
    if c.verdict == parallax_core::engine::score::Verdict::NoSharedText {
        return None;
    }
    let p = cv.provenance.as_ref()?;
    let (l, r) = (truncate(&cv.left.id, small), truncate(&cv.right.id, small));
    let marked = cv.pair_mark().and_then(|m| match m.label.as_str() {
        "copy (left is the source)" => Some(Direction::LeftIsSource),
        "copy (right is the source)" => Some(Direction::RightIsSource),
        _ => None,
    });
    let (dir, why) = match marked {
        Some(d) => (d, "set by a person".to_string()),
        None => {
            let kinds: Vec<&str> = p
                .evidence
                .iter()
                .filter(|e| e.favours == p.direction)
                .map(|e| match e.kind {
                    parallax_core::provenance::EvidenceKind::Credit => "credit",
                    parallax_core::provenance::EvidenceKind::Containment => "containment",
                    parallax_core::provenance::EvidenceKind::SignOff => "sign-off",
                    parallax_core::provenance::EvidenceKind::Date => "dates",
                    parallax_core::provenance::EvidenceKind::Mark => "mark",
                })
                .fold(Vec::new(), |mut v, k| {
                    if !v.contains(&k) {
                        v.push(k);
                    }
                    v
                });
            (
                p.direction,
                format!("{} · {}", kinds.join(", "), pct(p.confidence)),
            )
        }
    };
    let (orig, copy) = match dir {
        Direction::LeftIsSource => (l, r),
        Direction::RightIsSource => (r, l),
        Direction::Unknown => {
            return Some("origin unknown: no dates, credits or containment decide".into())
        }
    };
    let credited = match (marked, p.credited) {
        (None, Some(c)) => format!(" · credited: {}", c.as_str()),
        _ => String::new(),
    };
    Some(format!("{copy} copied {orig} · {why}{credited}"))
}

fn mark_sign(label: &str) -> &'static str {
    match label {
        "duplicate" => "D",
        "near-duplicate" => "N",
        "paraphrase" => "P",
        "distinct" => "X",
        _ => "•",
    }
}

fn draw_compare(buf: &mut Buffer, area: Rect, app: &App, st: &Styles) {
    let Some(cv) = app.compare.as_ref() else {
        return;
    };
    header(buf, area, cv, st);
    // The rows never reach the status bar, however small the terminal.
    let body = body_height(area.height)
        .min((area.height as usize).saturating_sub(layout::HEADER_H + layout::FOOTER_H));
    let pane = layout::compare_pane_width(area.width, cv.zoom);
    let right_info;
    match &cv.comparison {
        None => {
            put(
                buf,
                area.x + 2,
                area.y + layout::HEADER_H as u16 + 1,
                "aligning the paragraphs… (Esc goes back)",
                pane,
                st.dim,
            );
            right_info = String::new();
        }
        Some(c) => {
            let xl = area.x;
            let xlt = xl + NUM_W as u16;
            let xg = xlt + pane as u16;
            let xr = xg + GUTTER_W as u16;
            let xrt = xr + NUM_W as u16;
            // Each pane from its own top line (the same when scrolling is locked). Zoomed:
            // the focused pane alone, where the left one stands, its gutter at its right.
            let gutter_side = if cv.lock && !cv.zoom {
                Pane::Left
            } else {
                cv.focus
            };
            let sides: &[Pane] = if cv.zoom {
                std::slice::from_ref(&cv.focus)
            } else {
                &[Pane::Left, Pane::Right]
            };
            // Number column, text, and the span the cursor highlights, of each pane.
            let cols = |side: Pane| match (side, cv.zoom) {
                (Pane::Left, _) | (Pane::Right, true) => (xl, xlt, xl, xg),
                (Pane::Right, false) => (xr, xrt, xr, area.right()),
            };
            for &side in sides {
                let top = cv.top[side.index()];
                let mut k = cv.layout.row_at(top);
                let mut y = 0usize;
                let mut skip = top.saturating_sub(cv.layout.starts.get(k).copied().unwrap_or(0));
                while y < body && k < cv.rows.len() {
                    let ri = cv.rows[k];
                    let row = &c.rows[ri];
                    let beside = &cv.layout.beside;
                    let paired = beside.get(k).copied().unwrap_or(false)
                        || beside.get(k + 1).copied().unwrap_or(false);
                    let empty = match side {
                        Pane::Left => row.left.is_empty(),
                        Pane::Right => row.right.is_empty(),
                    };
                    if paired && empty {
                        // The row beside it fills these lines of this pane.
                        k += 1;
                        continue;
                    }
                    let lines = layout::side_lines(cv, c, ri, side, pane);
                    let h = cv.layout.heights[k];
                    let is_cursor = k == cv.cursor;
                    for line_no in skip..h {
                        if y >= body {
                            break;
                        }
                        let sy = area.y + (layout::HEADER_H + y) as u16;
                        let (xn, xt, x0, x1) = cols(side);
                        if is_cursor && line_no < h - usize::from(cv.wrap) {
                            buf.set_style(Rect::new(x0, sy, x1.saturating_sub(x0), 1), st.cursor);
                        }
                        if line_no == 0 {
                            let paras = if side == Pane::Left {
                                &row.left
                            } else {
                                &row.right
                            };
                            let num_style = if is_cursor {
                                st.accent.patch(st.cursor)
                            } else {
                                st.dim
                            };
                            put(buf, xn, sy, &para_list(paras), NUM_W - 1, num_style);
                        }
                        if let Some(line) = lines.get(line_no) {
                            let mut x = xt;
                            for seg in &line.segs {
                                let mut s = st.tone(seg.tone, seg.hit);
                                if is_cursor {
                                    s = st.cursor.patch(s);
                                    if seg.hit && !st.color {
                                        // A hit on the reversed cursor row stands out the
                                        // other way round.
                                        s = s.remove_modifier(Modifier::REVERSED);
                                    }
                                }
                                x += put(
                                    buf,
                                    x,
                                    sy,
                                    &seg.text,
                                    (xt as usize + pane).saturating_sub(x as usize),
                                    s,
                                ) as u16;
                            }
                        }
                        if side == gutter_side {
                            // The gutter follows the rows of the pane that scrolls (the
                            // left one while scrolling is locked).
                            let g = if line_no == 0 {
                                let sim = styled::row_similarity(row);
                                let mark = cv.row_mark(row).map_or(" ", |m| mark_sign(&m.label));
                                format!(" {sim:>4}{}{mark}", kind_mark(row.kind))
                            } else {
                                " ".repeat(GUTTER_W - 2)
                            };
                            let gs = if is_cursor {
                                st.accent.patch(st.cursor)
                            } else {
                                st.dim
                            };
                            let used = put(buf, xg, sy, &g, GUTTER_W - 2, gs);
                            if line_no == 0 && cv.row_mark(row).is_some() {
                                // The mark sign stands out.
                                put(
                                    buf,
                                    xg + used as u16 - 1,
                                    sy,
                                    &g[g.len() - 1..],
                                    1,
                                    st.inserted,
                                );
                            }
                        }
                        y += 1;
                    }
                    skip = 0;
                    k += 1;
                }
            }
            for y in 0..body {
                put(
                    buf,
                    xg + GUTTER_W as u16 - 2,
                    area.y + (layout::HEADER_H + y) as u16,
                    "│",
                    1,
                    st.dim,
                );
            }
            let shown = cv.cursor.min(cv.rows.len().saturating_sub(1));
            let mut flags = vec![cv.view.name().to_string()];
            if !cv.lock {
                flags.push("unlocked".into());
            }
            if !cv.wrap {
                flags.push("no wrap".into());
            }
            if cv.zoom {
                flags.push(
                    match cv.focus {
                        Pane::Left => "zoom: left",
                        Pane::Right => "zoom: right",
                    }
                    .into(),
                );
            }
            if cv.search.active() {
                let order = super::update::hit_order(cv);
                match cv
                    .search
                    .current
                    .and_then(|c| order.iter().position(|&i| i == c))
                {
                    Some(k) => flags.push(format!("hit {} of {}", k + 1, order.len())),
                    None => flags.push(format!("{} hits", cv.search.hits.len())),
                }
            }
            right_info = format!(
                "row {}/{} · {}",
                shown + 1,
                cv.rows.len(),
                flags.join(" · ")
            );
        }
    }
    status_bar(buf, area, app, st, &right_info);
}

/// A text field's text with the cursor drawn (`▏`), `back` characters before its end.
fn field(text: &str, back: usize) -> String {
    let n = text.chars().count();
    let at = n - back.min(n);
    let mut out: String = text.chars().take(at).collect();
    out.push('▏');
    out.extend(text.chars().skip(at));
    out
}

/// Columns before a help line's text (indent and keys).
const HELP_KEY_W: usize = 16;

/// `text` broken at spaces into lines of at most `width` columns (a longer word is cut).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let need = line.width() + usize::from(!line.is_empty()) + word.width();
        if !line.is_empty() && need > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        while line.width() > width {
            let head = truncate(&line, width);
            let cut = head.trim_end_matches('…').len();
            out.push(line[..cut].to_string());
            line = line[cut..].to_string();
            if cut == 0 {
                break;
            }
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// How a legend sample is drawn.
#[derive(Debug, Clone, Copy)]
enum LegendStyle {
    Quiet,
    Deleted,
    Inserted,
    Variant,
    Hit,
    Key,
}

/// The help's legend: what the signs, colours and lines of the reader mean (sample, meaning,
/// style of the sample), filtered as the keys are.
fn legend_lines(filter: &str) -> Vec<(&'static str, &'static str, LegendStyle)> {
    use LegendStyle::*;
    const LEGEND: &[(&str, &str, LegendStyle)] = &[
        ("96% =", "gutter: the two paragraphs have the same words (and how similar they are)", Quiet),
        ("96% ≈", "gutter: nearly the same paragraph, a few words changed", Quiet),
        ("40% ~", "gutter: the same paragraph, much rewritten", Quiet),
        ("<", "gutter: a left paragraph with no counterpart on the right", Quiet),
        (">", "gutter: a right paragraph with no counterpart on the left", Quiet),
        ("D N P X", "gutter: marked duplicate, near-duplicate, paraphrase, distinct (• other)", Inserted),
        ("↔ ¶11 moved", "the partner of a paragraph found elsewhere (moved, repeated, quoted); o jumps to it", Quiet),
        ("struck", "left words not in the right (deleted or replaced)", Deleted),
        ("bold", "right words not in the left (inserted or replaced)", Inserted),
        ("underlined", "a spelling variant of the word on the other side", Variant),
        ("quiet", "text without counterpart, page chrome (read it: only its colour is quieter)", Quiet),
        ("reversed", "a search hit", Hit),
        ("▕AAB··▏", "coverage strip: a letter per source of each stretch of text, · found nowhere else", Quiet),
        ("FOUND IN", "picker: the article that holds most of this one, that share, +N other articles", Key),
        ("IN LEFT…", "picker after a left pick: how much of this article is in the left one · how much of the left one is in this", Key),
        ("L IN R", "pairs: how much of the left article is in the right (R IN L: the other way)", Key),
        ("SRC", "pairs (S when narrow): the likely original, L left, R right, ? cannot tell, * set by a person's copy mark (the comparison's rule line says who copied whom and why)", Key),
    ];
    let f = filter.to_lowercase();
    LEGEND
        .iter()
        .copied()
        .filter(|(a, b, _)| {
            f.is_empty()
                || a.to_lowercase().contains(&f)
                || b.to_lowercase().contains(&f)
                || "legend colours signs".contains(&f)
        })
        .collect()
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clear `r` and draw a popup's accent border with `title`; the area inside it.
fn popup_box<'a>(frame: &mut Frame, r: Rect, title: impl Into<Line<'a>>, st: &Styles) -> Rect {
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title)
        .border_style(st.accent);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    inner
}

/// One choice of a popup's menu: `▸` and the cursor's style when it is the one selected.
fn menu_item(chosen: bool, text: String, st: &Styles) -> Line<'static> {
    let s = if chosen {
        st.cursor.add_modifier(Modifier::BOLD)
    } else {
        st.plain
    };
    Line::from(Span::styled(
        format!("{} {text}", if chosen { "▸" } else { " " }),
        s,
    ))
}

fn draw_popup(frame: &mut Frame, area: Rect, app: &App, popup: &Popup, st: &Styles) {
    match popup {
        Popup::Help { filter, scroll } => {
            let r = centered(
                area,
                area.width.saturating_sub(4).min(96),
                area.height.saturating_sub(2),
            );
            let inner = popup_box(frame, r, " help · type to filter · Esc closes ", st);
            let mut lines: Vec<Line> = vec![Line::from(vec![
                Span::styled("filter: ", st.dim),
                Span::styled(sanitize(&field(filter, app.field_back)), st.title),
            ])];
            let mut last: Option<Context> = None;
            let first = match app.screen {
                Screen::Picker => Context::Picker,
                Screen::Pairs => Context::Pairs,
                Screen::Compare => Context::Compare,
                Screen::Article => Context::Article,
                Screen::Families => Context::Families,
            };
            let entries = keymap::help_lines(filter, first);
            if entries.is_empty() {
                lines.push(Line::from(Span::styled("no key matches", st.dim)));
            }
            // Lines wrap under their text instead of being cut at the frame.
            let text_w = (inner.width as usize).saturating_sub(HELP_KEY_W).max(8);
            for (ctx, keys, help) in entries {
                if last != Some(ctx) {
                    lines.push(Line::from(Span::styled(ctx.title(), st.accent)));
                    last = Some(ctx);
                }
                for (k, part) in wrap_words(help, text_w).into_iter().enumerate() {
                    let key = if k == 0 { keys } else { "" };
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {:<14}", key), st.key),
                        Span::styled(part, st.plain),
                    ]));
                }
            }
            let legend = legend_lines(filter);
            if !legend.is_empty() {
                lines.push(Line::from(Span::styled("What the reader shows", st.accent)));
            }
            for (sample, what, style) in legend {
                let style = match style {
                    LegendStyle::Quiet => st.dim,
                    LegendStyle::Deleted => st.deleted,
                    LegendStyle::Inserted => st.inserted,
                    LegendStyle::Variant => st.variant,
                    LegendStyle::Hit => st.hit.patch(st.plain),
                    LegendStyle::Key => st.key,
                };
                for (k, part) in wrap_words(what, text_w).into_iter().enumerate() {
                    let lead = if k == 0 { sample } else { "" };
                    lines.push(Line::from(vec![
                        Span::raw("  "),
                        Span::styled(lead, style),
                        Span::raw(" ".repeat(14usize.saturating_sub(lead.width()))),
                        Span::styled(part, st.plain),
                    ]));
                }
            }
            let max_scroll = lines.len().saturating_sub(inner.height as usize);
            let scroll = (*scroll).min(max_scroll) as u16;
            frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
        }
        Popup::Verdict { selected } => {
            let r = centered(area, 60, VERDICTS.len() as u16 + 6);
            let inner = popup_box(frame, r, " mark the article pair ", st);
            let sides = match (app.screen, &app.compare, app.scan.current()) {
                (Screen::Compare, Some(cv), _) => Some((cv.left.id.clone(), cv.right.id.clone())),
                (Screen::Pairs, _, Some(p)) => Some((p.left.clone(), p.right.clone())),
                _ => None,
            };
            let mut lines: Vec<Line> = Vec::new();
            if let Some((l, r)) = sides {
                lines.push(Line::from(Span::styled(
                    sanitize(&format!(
                        "left {} · right {}",
                        truncate(&l, 24),
                        truncate(&r, 24)
                    )),
                    st.dim,
                )));
            }
            // The verdict marked now: on the pair open, or on the pair of the pairs screen.
            let now: Option<String> = match (app.screen, &app.compare, app.scan.current()) {
                (Screen::Compare, Some(cv), _) => cv.pair_mark().map(|m| m.label.clone()),
                (Screen::Pairs, _, Some(p)) => app.scan.label(&p.left, &p.right).map(String::from),
                _ => None,
            };
            let current = now.as_deref().and_then(Verdict::of_shown);
            lines.push(Line::from(Span::styled(
                match &now {
                    Some(l) => sanitize(&format!("marked now: {l}")),
                    None => "not marked yet".to_string(),
                },
                st.accent,
            )));
            lines.extend(VERDICTS.iter().enumerate().map(|(i, (v, d))| {
                let now = if current == Some(*v) { "  ◂ now" } else { "" };
                menu_item(i == *selected, format!("{d}{now}"), st)
            }));
            lines.push(Line::from(Span::styled(
                "Enter marks · Esc cancels",
                st.dim,
            )));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Note { input, what, .. } => {
            let r = centered(area, area.width.saturating_sub(6).min(80), 6);
            let inner = popup_box(
                frame,
                r,
                format!(
                    " {} ",
                    truncate(&sanitize(what), r.width.saturating_sub(4) as usize)
                ),
                st,
            );
            let lines = vec![
                Line::from(Span::styled(
                    sanitize(&field(input, app.field_back)),
                    st.title,
                )),
                Line::from(""),
                Line::from(Span::styled(
                    "Enter saves (empty removes the note) · Esc cancels",
                    st.dim,
                )),
            ];
            frame.render_widget(
                Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
                inner,
            );
        }
        Popup::Marks {
            items,
            visible,
            cursor,
            filter,
            filtering,
            ..
        } => {
            let r = centered(
                area,
                area.width.saturating_sub(2).min(120),
                area.height.saturating_sub(2),
            );
            let inner = popup_box(
                frame,
                r,
                format!(
                    " marks of the corpus: {} of {} ",
                    visible.len(),
                    items.len()
                ),
                st,
            );
            let w = inner.width as usize;
            let mut lines: Vec<Line> = vec![Line::from(vec![
                Span::styled("filter: ", st.dim),
                Span::styled(
                    if *filtering {
                        sanitize(&field(filter, app.field_back))
                    } else if filter.is_empty() {
                        "(/ filters)".to_string()
                    } else {
                        sanitize(filter)
                    },
                    st.title,
                ),
            ])];
            if items.is_empty() {
                lines.push(Line::from(Span::styled(
                    "no marks yet: d a p x mark a row, m the pair",
                    st.dim,
                )));
            }
            let page = (inner.height as usize).saturating_sub(1).max(1);
            let top = cursor.saturating_sub(page - 1);
            for (k, &i) in visible.iter().enumerate().skip(top).take(page) {
                let m = &items[i];
                let short = |id: &str| truncate(id, 8);
                let mut text = format!(
                    "#{:<4} {} ↔ {}  {}",
                    m.id,
                    short(&m.left_id),
                    short(&m.right_id),
                    m.what
                );
                if m.anchor != "ok" {
                    text.push_str(&format!(" [{}]", m.anchor));
                }
                if let Some(n) = &m.note {
                    text.push_str(&format!(" · “{n}”"));
                }
                text.push_str(&format!(" · {}", m.author));
                let style = if k == *cursor {
                    st.cursor.add_modifier(Modifier::BOLD)
                } else {
                    st.plain
                };
                lines.push(Line::from(Span::styled(
                    truncate(&sanitize(&text), w),
                    style,
                )));
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Popup::Author { input, .. } => {
            let r = centered(area, area.width.saturating_sub(4).min(76), 10);
            let inner = popup_box(frame, r, " who is marking? ", st);
            let lines = vec![
                Line::from(Span::styled(
                    "No author is set: each mark records who made it. Your name (for this session):",
                    st.plain,
                )),
                Line::from(vec![
                    Span::styled("name: ", st.dim),
                    Span::styled(
                        sanitize(&field(input, app.field_back)),
                        st.title.add_modifier(Modifier::UNDERLINED),
                    ),
                ]),
                Line::from(""),
                Line::from(Span::styled(
                    "To set it for good: parallax --author NAME, PARALLAX_AUTHOR=NAME, or author = \"NAME\" in ~/.config/parallax/config.toml",
                    st.dim,
                )),
                Line::from(Span::styled("Enter marks · Esc cancels", st.dim)),
            ];
            frame.render_widget(
                Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
                inner,
            );
        }
        Popup::Export {
            selected,
            path,
            editing_path,
        } => {
            let r = centered(
                area,
                area.width.saturating_sub(6).min(76),
                ExportFormat::ALL.len() as u16 + 6,
            );
            let inner = popup_box(frame, r, " export all marks ", st);
            let mut lines: Vec<Line> = ExportFormat::ALL
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    menu_item(
                        i == *selected,
                        format!("{:<6} {}", f.name(), f.describe()),
                        st,
                    )
                })
                .collect();
            lines.push(Line::from(vec![
                Span::styled("file: ", st.dim),
                Span::styled(
                    if *editing_path {
                        sanitize(&field(path, app.field_back))
                    } else {
                        sanitize(path)
                    },
                    if *editing_path {
                        st.title.add_modifier(Modifier::UNDERLINED)
                    } else {
                        st.title
                    },
                ),
            ]));
            let chosen = ExportFormat::ALL[*selected];
            let writes = crate::tui::update::export_format(chosen, path.trim());
            if writes != chosen {
                lines.push(Line::from(Span::styled(
                    format!(
                        "writes {}: the file name's extension names it",
                        writes.name()
                    ),
                    st.accent,
                )));
            }
            lines.push(Line::from(Span::styled(
                "Enter writes · Tab edits the file name · Esc cancels",
                st.dim,
            )));
            frame.render_widget(Paragraph::new(lines), inner);
        }
    }
    let _ = app;
}

// ---------------------------------------------------------------------------------------
// Reading one article: the article view and the picker's preview pane.

/// Draw an article's document from `top` into `area` (only the blocks on screen are laid
/// out); `cursor`: the paragraph to highlight, if any. Returns the lines drawn.
fn draw_doc(
    buf: &mut Buffer,
    area: Rect,
    d: &layout::Doc,
    top: DocPos,
    cursor: Option<usize>,
    st: &Styles,
    color: bool,
) -> usize {
    let body = area.height as usize;
    let gutter = d.gutter();
    let tw = d.text_width();
    let mut y = 0usize;
    let mut b = top.block;
    let mut skip = top.line;
    while y < body && b < d.blocks() {
        let lines = d.lines(b);
        let para = b.checked_sub(1);
        let is_cursor = para.is_some() && para == cursor;
        let letter = para.and_then(|p| layout::para_source(d.cov, p));
        let text_lines = lines.len().saturating_sub(usize::from(para.is_some()));
        for (k, line) in lines.iter().enumerate().skip(skip) {
            if y >= body {
                break;
            }
            let sy = area.y + y as u16;
            if is_cursor && k < text_lines {
                // The cursor's paragraph, as the comparison's cursor row (reverse video
                // without colour).
                buf.set_style(Rect::new(area.x, sy, area.width, 1), st.cursor);
            }
            if let (Some(p), 0) = (para, k) {
                let num_style = if is_cursor {
                    st.accent.patch(st.cursor)
                } else {
                    st.dim
                };
                put(buf, area.x, sy, &format!("¶{p}"), gutter - 3, num_style);
                if let Some(l) = letter {
                    put(
                        buf,
                        area.x + (gutter - 2) as u16,
                        sy,
                        &crate::report::scan::strip_letter(Some(l)).to_string(),
                        1,
                        source_style(l, st, color),
                    );
                }
            }
            // The header block spans the width; paragraphs stand right of their numbers.
            let x0 = if para.is_some() { gutter } else { 0 };
            let end = if para.is_some() {
                area.x as usize + gutter + tw
            } else {
                area.right() as usize
            };
            let mut x = area.x + x0 as u16;
            for seg in &line.segs {
                let mut s = st.tone(seg.tone, seg.hit);
                if is_cursor && k < text_lines {
                    s = st.cursor.patch(s);
                    if seg.hit && !st.color {
                        // A hit on the reversed cursor stands out the other way round.
                        s = s.remove_modifier(Modifier::REVERSED);
                    }
                }
                x += put(buf, x, sy, &seg.text, end.saturating_sub(x as usize), s) as u16;
            }
            y += 1;
        }
        skip = 0;
        b += 1;
    }
    y
}

/// The article's title line: id and title.
fn article_title(buf: &mut Buffer, area: Rect, a: &parallax_core::Article, st: &Styles) {
    head_title(buf, area, &a.id, &a.meta, st);
}

/// [`article_title`] from an article's id and metadata (its head).
fn head_title(
    buf: &mut Buffer,
    area: Rect,
    id: &str,
    meta: &parallax_core::corpus::article::Meta,
    st: &Styles,
) {
    let w = area.width as usize;
    let title = if meta.title.is_empty() {
        "(no title)".to_string()
    } else {
        meta.title.clone()
    };
    let text = sanitize(&format!("{id} · {title}"));
    put(buf, area.x, area.y, &truncate(&text, w), w, st.title);
}

fn draw_article(buf: &mut Buffer, area: Rect, app: &App, st: &Styles) {
    let Some(av) = app.article.as_ref() else {
        return;
    };
    let a = &av.article;
    article_title(buf, area, a, st);
    coverage_lines(
        buf,
        Rect::new(area.x, area.y + 1, area.width, 2),
        app,
        Some(&a.id),
        st,
    );
    let body = layout::article_body(area.height)
        .min((area.height as usize).saturating_sub(layout::ARTICLE_HEADER_H + layout::FOOTER_H));
    let d = layout::Doc {
        av,
        cov: app.scan.coverage.get(&a.id).map(|c| &**c),
        cols: area.width as usize,
        marks: true,
        corpus: &app.picker.corpus,
        clip: None,
    };
    let rect = Rect::new(
        area.x,
        area.y + layout::ARTICLE_HEADER_H as u16,
        area.width,
        body as u16,
    );
    let cursor = (!a.paragraphs.is_empty()).then_some(av.cursor);
    draw_doc(buf, rect, &d, av.top, cursor, st, app.color);
    let mut flags = Vec::new();
    if av.search.active() {
        match av.search.current {
            Some(k) => flags.push(format!("hit {} of {}", k + 1, av.search.hits.len())),
            None => flags.push(format!("{} hits", av.search.hits.len())),
        }
    }
    if let Some(c) = av.count {
        flags.push(format!("{c}"));
    }
    let right = if a.paragraphs.is_empty() {
        "no ¶".to_string()
    } else {
        let mut r = format!("¶{}/{}", av.cursor, a.paragraphs.len() - 1);
        for f in flags {
            r.push_str(" · ");
            r.push_str(&f);
        }
        r
    };
    status_bar(buf, area, app, st, &right);
}

/// The picker's preview pane: the article under the cursor, its header and first
/// paragraphs (only as many as the pane holds are laid out).
fn draw_preview(buf: &mut Buffer, area: Rect, app: &App, st: &Styles) {
    let p = &app.picker;
    if area.width < 10 || area.height < 3 {
        return;
    }
    buf.set_style(area, Style::default());
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            buf[(x, y)].reset();
        }
        put(buf, area.x, y, "│", 1, st.dim);
    }
    let inner = Rect::new(area.x + 2, area.y, area.width - 2, area.height);
    let Some(&i) = p.visible.get(p.cursor).filter(|_| !p.show_skipped) else {
        return;
    };
    let head = &p.entries[i].article;
    head_title(buf, inner, &head.id, &head.meta, st);
    // The body: read when the cursor came here ([`crate::tui::update::Effect::LoadBodies`]).
    let Some(a) = app.bodies.get(&head.id) else {
        return;
    };
    let av = ArticleView::new(a.clone(), Some(i), None);
    let d = layout::Doc {
        av: &av,
        cov: app.scan.coverage.get(&a.id).map(|c| &**c),
        cols: inner.width as usize,
        marks: false,
        corpus: &app.picker.corpus,
        // A pane's worth of each paragraph, however long it is.
        clip: Some(inner.width as usize * inner.height as usize),
    };
    let rect = Rect::new(inner.x, inner.y + 1, inner.width, inner.height - 1);
    draw_doc(buf, rect, &d, DocPos::default(), None, st, app.color);
}
