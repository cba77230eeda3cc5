//! The reader is readable in every theme and at every size (issue 14, "Readable in every
//! theme"): the contrast of every cell drawn in colour, the cursor row without colour, the
//! legend of the help, hints from the first frame, the verdict in words, and a sweep of
//! terminal sizes on every screen.

mod common;
use common::{articles_dir, drive, open_pair, scan_into, tui_app};
use parallax::tui::action::Action;
use parallax::tui::state::{App, Status, Theme};
use parallax::tui::theme::{contrast, Palette, Rgb};
use parallax::tui::view;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;

fn render(app: &App) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| view::draw(f, app)).unwrap();
    t.backend().buffer().clone()
}

fn line(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol())
        .collect::<String>()
}

fn text(buf: &Buffer) -> String {
    (0..buf.area.height)
        .map(|y| line(buf, y))
        .collect::<Vec<_>>()
        .join("\n")
}

fn resize(app: &mut App, w: u16, h: u16) {
    drive(app, [Action::Resize(w, h)]);
}

/// xterm's default colours for the 16 named ones (what a terminal shows for them when the
/// user has not changed them); `Reset` is the theme's assumed foreground or background.
fn rgb(c: Color, default: Rgb) -> Rgb {
    match c {
        Color::Reset => default,
        Color::Rgb(r, g, b) => (r, g, b),
        Color::Black => (0, 0, 0),
        Color::Red => (205, 0, 0),
        Color::Green => (0, 205, 0),
        Color::Yellow => (205, 205, 0),
        Color::Blue => (0, 0, 238),
        Color::Magenta => (205, 0, 205),
        Color::Cyan => (0, 205, 205),
        Color::Gray => (229, 229, 229),
        Color::DarkGray => (127, 127, 127),
        Color::LightRed => (255, 0, 0),
        Color::LightGreen => (0, 255, 0),
        Color::LightYellow => (255, 255, 0),
        Color::LightBlue => (92, 92, 255),
        Color::LightMagenta => (255, 0, 255),
        Color::LightCyan => (0, 255, 255),
        Color::White => (255, 255, 255),
        other => panic!("colour {other:?} has no known RGB value"),
    }
}

/// The screens of the reader, each as a state: picker (after a scan, with a left pick),
/// pairs, comparison with a search hit on the cursor row, help over the comparison.
fn screens(theme: Theme, color: bool, w: u16, h: u16) -> Vec<(&'static str, App)> {
    let base = || {
        let mut app = tui_app(w, h);
        app.theme = theme;
        app.color = color;
        scan_into(&mut app, &articles_dir());
        app
    };
    let mut out = Vec::new();
    let mut picker = base();
    drive(&mut picker, [Action::Down]);
    out.push(("picker", picker.clone()));
    drive(&mut picker, [Action::Bottom, Action::Pick, Action::Top]);
    out.push(("picker with a left pick", picker));
    let mut pairs = base();
    drive(&mut pairs, [Action::OpenPairs]);
    out.push(("pairs", pairs));
    let mut cmp = base();
    open_pair(&mut cmp, "004", "002");
    out.push(("comparison, first frame", cmp.clone()));
    drive(&mut cmp, [Action::StartFilter]);
    for c in "Moscow".chars() {
        drive(&mut cmp, [Action::Input(c)]);
    }
    drive(&mut cmp, [Action::Submit, Action::NextChange]);
    out.push(("comparison with hits", cmp.clone()));
    let mut zoom = cmp.clone();
    drive(&mut zoom, [Action::Zoom]);
    out.push(("comparison zoomed", zoom));
    let mut help = cmp;
    drive(&mut help, [Action::Help]);
    out.push(("help", help));
    let mut article = base();
    drive(
        &mut article,
        [Action::Down, Action::Down, Action::OpenArticle],
    );
    drive(&mut article, [Action::StartFilter]);
    for c in "Moscow".chars() {
        drive(&mut article, [Action::Input(c)]);
    }
    drive(&mut article, [Action::Submit]);
    out.push(("article view with a hit", article));
    let mut preview = base();
    drive(&mut preview, [Action::Down, Action::TogglePreview]);
    out.push(("picker with its preview", preview));
    out
}

/// Every cell with text, drawn in colour, has a contrast of at least 4.5 between its
/// foreground and background (the theme's assumed ones where the terminal's are used), and
/// nothing is dimmed (a dimmed colour has no known contrast).
#[test]
fn every_text_cell_reads_in_both_themes() {
    for theme in [Theme::Dark, Theme::Light] {
        let p = Palette::of(theme);
        for (name, app) in screens(theme, true, 100, 40) {
            let buf = render(&app);
            let mut worst: Option<(f64, String)> = None;
            for y in 0..buf.area.height {
                for x in 0..buf.area.width {
                    let cell = &buf[(x, y)];
                    if cell.symbol().trim().is_empty() {
                        continue;
                    }
                    assert!(
                        !cell.modifier.contains(Modifier::DIM),
                        "{theme:?} {name}: dimmed text at {x},{y} ({:?})\n{}",
                        cell.symbol(),
                        text(&buf)
                    );
                    let (mut fg, mut bg) = (rgb(cell.fg, p.text), rgb(cell.bg, p.background));
                    if cell.modifier.contains(Modifier::REVERSED) {
                        std::mem::swap(&mut fg, &mut bg);
                    }
                    let c = contrast(fg, bg);
                    if worst.as_ref().is_none_or(|(w, _)| c < *w) {
                        worst = Some((
                            c,
                            format!("{:?} on {:?} at {x},{y} «{}»", fg, bg, line(&buf, y)),
                        ));
                    }
                }
            }
            let (c, at) = worst.expect("something is drawn");
            assert!(c >= 4.5, "{theme:?} {name}: contrast {c:.2} < 4.5: {at}");
        }
    }
}

/// Every style of both themes, on the theme's background and on the cursor row's tint.
#[test]
fn every_style_of_both_themes_has_contrast() {
    for theme in [Theme::Dark, Theme::Light] {
        let p = Palette::of(theme);
        let st = view::Styles::new(theme, true);
        for (name, s) in st.all() {
            let fg = rgb(s.fg.unwrap_or(Color::Reset), p.text);
            // A style without a background of its own is drawn on the terminal's and on the
            // cursor row's tint.
            let bgs = match s.bg {
                Some(c) => vec![rgb(c, p.background)],
                None => vec![p.background, p.cursor_bg],
            };
            for bg in bgs {
                let c = contrast(fg, bg);
                assert!(
                    c >= 4.5,
                    "{theme:?} {name}: {fg:?} on {bg:?} has contrast {c:.2}"
                );
            }
        }
        // The two themes assume opposite backgrounds.
        assert!(contrast(p.background, p.text) >= 7.0, "{theme:?} body text");
    }
    assert!(contrast((0, 0, 0), (255, 255, 255)) > 20.9);
    assert!((contrast((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.01);
}

/// Without colour the cursor row is drawn in reverse video, in the lists and the comparison.
#[test]
fn no_color_cursor_row_is_reversed() {
    for (name, app) in screens(Theme::Dark, false, 80, 24) {
        if name == "help" {
            continue;
        }
        let buf = render(&app);
        let reversed = |y: u16| {
            (0..buf.area.width / 3).all(|x| buf[(x, y)].modifier.contains(Modifier::REVERSED))
        };
        let rows: Vec<u16> = (2..buf.area.height - 1).filter(|&y| reversed(y)).collect();
        assert!(
            !rows.is_empty(),
            "{name}: no reversed cursor row\n{}",
            text(&buf)
        );
        // Only the cursor's row (its wrapped lines in the comparison) is reversed.
        assert!(
            rows.windows(2).all(|p| p[1] == p[0] + 1),
            "{name}: reversed rows {rows:?}\n{}",
            text(&buf)
        );
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                let c = &buf[(x, y)];
                assert_eq!(c.fg, Color::Reset, "{name}: colour without colour");
                assert_eq!(c.bg, Color::Reset, "{name}: colour without colour");
            }
        }
    }
}

/// The comparison's header says the verdict in words, as the text report does.
#[test]
fn verdict_in_words() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    let buf = render(&app);
    let head = line(&buf, 2);
    assert!(
        head.starts_with("the left article is contained in the right"),
        "{head}"
    );
    assert!(!text(&buf).contains("left_contained_in_right"));
    use parallax_core::engine::score::Verdict as V;
    for v in [
        V::Duplicate,
        V::LeftContainedInRight,
        V::RightContainedInLeft,
        V::PartialOverlap,
        V::SharedQuotes,
        V::NoSharedText,
    ] {
        assert!(!v.describe().contains('_'), "{v:?}");
        assert_ne!(v.describe(), v.as_str());
    }
}

/// Each screen shows its key hints on the first frame, `? help` at least, even beside a
/// message such as the comparison's "aligned: …".
#[test]
fn hints_from_the_first_frame() {
    for (name, app) in screens(Theme::Dark, false, 80, 24) {
        if name == "help" {
            continue;
        }
        let buf = render(&app);
        let last = line(&buf, 23);
        assert!(last.starts_with("? help"), "{name}: «{last}»");
    }
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    assert!(app.status.is_some(), "the comparison opens with a message");
    let last = line(&render(&app), 23);
    assert!(last.contains("aligned"), "«{last}»");
}

/// The help carries a legend of the gutter signs, marks and text styles, and its lines wrap
/// at 80 columns instead of being cut.
#[test]
fn help_legend_and_wrapping() {
    let mut app = tui_app(80, 200);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::Help]);
    let buf = render(&app);
    let all = text(&buf);
    for want in [
        "96% =",
        "≈",
        "no counterpart on the right",
        "D N P X",
        "near-duplicate",
        "↔",
        "struck",
        "underlined",
        "spelling variant",
        "search hit",
        "FOUND IN",
    ] {
        assert!(all.contains(want), "legend lacks {want:?}\n{all}");
    }
    // Every help text of the keymap is there in full, its words in order across wrapped lines
    // (inside the frame: from the column after `┌` to the one before `┐`).
    let top = (0..buf.area.height)
        .find(|&y| line(&buf, y).contains('┌'))
        .unwrap();
    let x0 = (0..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┌")
        .unwrap();
    let x1 = (0..buf.area.width)
        .find(|&x| buf[(x, top)].symbol() == "┐")
        .unwrap();
    let inside: String = (top + 1..buf.area.height)
        .map(|y| {
            (x0 + 1..x1)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<&str> = inside.split_whitespace().collect();
    let joined = words.join(" ");
    for (_, _, help) in
        parallax::tui::keymap::help_lines("", parallax::tui::keymap::Context::Compare)
    {
        let want = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(joined.contains(&want), "cut help line: {help}\n{all}");
    }
}

/// The picker's counterpart column says in words what it holds.
#[test]
fn picker_headers_in_words() {
    for w in [80, 160] {
        let screens = screens(Theme::Dark, false, w, 24);
        let head = |i: usize| line(&render(&screens[i].1), 1);
        assert!(head(0).contains("FOUND IN"), "{}", head(0));
        let h = head(1);
        assert!(h.contains("LEFT"), "{h}");
        assert!(!h.contains("IT IN L ") && !h.contains("IN L·L IN"), "{h}");
    }
}

/// The counter the status bar must show in full at width `w` (shortened forms allowed).
fn counter_forms(app: &App) -> Vec<String> {
    match app.screen {
        parallax::tui::state::Screen::Compare => {
            let cv = app.compare.as_ref().unwrap();
            let n = cv.rows.len();
            let k = cv.cursor.min(n.saturating_sub(1)) + 1;
            vec![format!("row {k}/{n}"), format!("{k}/{n}")]
        }
        parallax::tui::state::Screen::Pairs => {
            let s = &app.scan;
            vec![format!(
                "{}/{}",
                (s.cursor + 1).min(s.visible.len()),
                s.visible.len()
            )]
        }
        parallax::tui::state::Screen::Picker => {
            let p = &app.picker;
            vec![format!(
                "{}/{}",
                (p.cursor + 1).min(p.visible.len()),
                p.visible.len()
            )]
        }
        parallax::tui::state::Screen::Article => {
            let av = app.article.as_ref().unwrap();
            vec![format!(
                "¶{}/{}",
                av.cursor,
                av.article.paragraphs.len().saturating_sub(1)
            )]
        }
        parallax::tui::state::Screen::Families => {
            let v = &app.families;
            let n: usize = v
                .families
                .as_ref()
                .map_or(0, |f| f.iter().map(|f| f.members.len()).sum());
            vec![format!("{}/{n}", (v.cursor + 1).min(n))]
        }
    }
}

/// From 20x5 to 200x60, on every screen, with a long message in the status bar: nothing
/// panics, the counter is drawn in full at the right end with a blank before it, the message
/// is cut with `…` before it, no line is wider than the terminal, and the comparison's title
/// lines keep a fair share of the width for the titles.
#[test]
fn every_size_every_screen() {
    let apps = screens(Theme::Dark, false, 80, 24);
    let message = "exported 12 marks to /home/analyst/cases/2026/very/long/folder/marks.md";
    for w in (20..=200u16).step_by(30) {
        for h in (5..=60u16).step_by(11) {
            for (name, app) in &apps {
                for with_message in [false, true] {
                    let mut app = app.clone();
                    resize(&mut app, w, h);
                    if with_message {
                        app.status = Some(Status {
                            text: message.to_string(),
                            error: false,
                        });
                    }
                    let buf = render(&app);
                    for y in 0..h {
                        assert!(line(&buf, y).width() <= w as usize, "{name} {w}x{h}");
                    }
                    if *name == "help" {
                        continue;
                    }
                    let last = line(&buf, h - 1);
                    let trimmed = last.trim_end();
                    let forms = counter_forms(&app);
                    // The counter, maybe followed by the view's flags (` · all rows`).
                    let at = forms.iter().find_map(|f| {
                        let at = trimmed.rfind(f.as_str())?;
                        let after = &trimmed[at + f.len()..];
                        (after.is_empty() || after.starts_with(" · ")).then_some(at)
                    });
                    let Some(at) = at else {
                        panic!("{name} {w}x{h}: counter {forms:?} not intact: «{last}»");
                    };
                    let before = &trimmed[..at];
                    assert!(
                        before.is_empty() || before.ends_with(' '),
                        "{name} {w}x{h}: text runs into the counter: «{last}»"
                    );
                    if with_message && !before.contains(message) {
                        assert!(
                            before.trim_end().ends_with('…') || before.trim().is_empty(),
                            "{name} {w}x{h}: message cut without …: «{last}»"
                        );
                    }
                    if name.starts_with("comparison") && w >= 40 && h >= 3 {
                        // The title gets at least a third of the line.
                        let l0 = line(&buf, 0);
                        let title = app.compare.as_ref().unwrap().left.meta.title.clone();
                        let shown = l0.rsplit(" · ").next().unwrap().trim_end();
                        let shown = shown.trim_end_matches('…');
                        assert!(title.starts_with(shown), "{w}x{h}: «{l0}»");
                        assert!(
                            shown.width() + 1 >= (w as usize / 3).min(title.width()),
                            "{w}x{h}: title squeezed: «{l0}»"
                        );
                    }
                }
            }
        }
    }
}

/// The comparison at 80x24 in the dark and light themes and without colour: the text, then
/// per line the runs of one style (columns, foreground, background, modifiers).
#[test]
fn theme_snapshots() {
    for (name, theme, color) in [
        ("dark", Theme::Dark, true),
        ("light", Theme::Light, true),
        ("no_color", Theme::Dark, false),
    ] {
        let mut app = tui_app(80, 24);
        app.theme = theme;
        app.color = color;
        open_pair(&mut app, "004", "002");
        drive(
            &mut app,
            [Action::NextChange, Action::NextChange, Action::NextChange],
        );
        let buf = render(&app);
        let mut out = text(&buf);
        out.push_str("\n\nstyles:\n");
        for y in 0..buf.area.height {
            let mut runs: Vec<(u16, u16, String)> = Vec::new();
            for x in 0..buf.area.width {
                let c = &buf[(x, y)];
                let key = format!("{:?}/{:?} {:?}", c.fg, c.bg, c.modifier);
                match runs.last_mut() {
                    Some(r) if r.2 == key => r.1 = x,
                    _ => runs.push((x, x, key)),
                }
            }
            let runs: Vec<String> = runs
                .into_iter()
                .map(|(a, b, k)| format!("{a}-{b} {k}"))
                .collect();
            out.push_str(&format!("{y:>2}: {}\n", runs.join(" | ")));
        }
        insta::assert_snapshot!(format!("compare_80x24_{name}"), out);
    }
}
