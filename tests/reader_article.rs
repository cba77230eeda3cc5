//! Reading one article (issue #18): the article view's keys, its jump into a comparison,
//! "compare with…", the picker's preview, zoom in the comparison; an empty article and one
//! of 100k paragraphs (only what is on screen is laid out: a work counter, not a clock).

mod common;
use common::{articles_dir, cursor_on, drive, scan_into, tui_app};
use parallax::tui::action::Action;
use parallax::tui::keymap::{self, Context};
use parallax::tui::layout;
use parallax::tui::state::{App, Screen};
use parallax::tui::update::Effect;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;
use std::sync::Arc;

fn screen(app: &App) -> String {
    common::screen_lines(app).join("\n") + "\n"
}

/// Press a key as the runtime does: through the keymap.
fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    let ev = KeyEvent::new(code, KeyModifiers::NONE);
    match keymap::dispatch(app, ev) {
        Some(a) => drive(app, [a]),
        None => Vec::new(),
    }
}

fn keys(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn open(app: &mut App, prefix: &str) -> Vec<Effect> {
    cursor_on(app, prefix);
    press(app, KeyCode::Char('v'))
}

fn av(app: &App) -> &parallax::tui::state::ArticleView {
    app.article.as_ref().expect("an article view")
}

fn article(id: &str, text: &str) -> Arc<parallax_core::Article> {
    Arc::new(parallax_core::corpus::from_text(
        id,
        Path::new(id),
        text.to_string(),
        "UTF-8",
        parallax_core::corpus::content_hash(text.as_bytes()),
    ))
}

#[test]
fn v_opens_the_article_under_the_cursor_and_q_goes_back_with_the_cursor_kept() {
    let mut app = tui_app(80, 24);
    let effects = open(&mut app, "002");
    let at = app.picker.cursor;
    assert_eq!(app.screen, Screen::Article);
    assert!(av(&app).article.id.starts_with("002"));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadArticleMarks { id } if id.starts_with("002"))),
        "the marks touching the article are asked for: {effects:?}"
    );
    let s = screen(&app);
    let a = &av(&app).article;
    assert!(s.contains(&a.meta.title[..30]), "{s}");
    assert!(s.contains("byline"), "{s}");
    assert!(
        s.contains(&format!("{} paragraphs", a.paragraphs.len())),
        "{s}"
    );
    assert!(s.contains("¶0"), "{s}");
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, Screen::Picker);
    assert_eq!(app.picker.cursor, at);
    assert!(app.article.is_none());
    // Esc goes back too.
    open(&mut app, "003");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Picker);
}

#[test]
fn j_and_k_move_the_paragraph_cursor_and_keep_it_on_screen() {
    let mut app = tui_app(80, 24);
    open(&mut app, "002");
    for k in 1..=30 {
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(av(&app).cursor, k);
        let s = screen(&app);
        assert!(
            s.lines().any(|l| l.starts_with(&format!("¶{k} "))),
            "¶{k} on screen after j:\n{s}"
        );
    }
    press(&mut app, KeyCode::Down);
    assert_eq!(av(&app).cursor, 31);
    for _ in 0..5 {
        press(&mut app, KeyCode::Char('k'));
    }
    press(&mut app, KeyCode::Up);
    assert_eq!(av(&app).cursor, 25);
    assert!(screen(&app).lines().any(|l| l.starts_with("¶25 ")));
    // k on ¶0 brings the header back into view.
    keys(&mut app, "40G");
    assert!(!screen(&app).contains("byline"));
    for _ in 0..40 {
        press(&mut app, KeyCode::Char('k'));
    }
    assert_eq!(av(&app).cursor, 0);
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(av(&app).top, parallax::tui::state::DocPos::default());
    assert!(screen(&app).contains("byline"));
}

#[test]
fn space_and_b_page_down_and_up_the_cursor_following() {
    let mut app = tui_app(80, 24);
    open(&mut app, "002");
    let first = screen(&app);
    press(&mut app, KeyCode::Char(' '));
    let second = screen(&app);
    assert_ne!(first, second);
    let top = av(&app).top;
    assert!(top.block > 1, "{top:?}");
    // The cursor is on a paragraph that starts on screen.
    let c = av(&app).cursor;
    assert!(
        second.lines().any(|l| l.starts_with(&format!("¶{c} "))),
        "{second}"
    );
    press(&mut app, KeyCode::PageDown);
    assert!(av(&app).top > top);
    press(&mut app, KeyCode::Char('b'));
    assert_eq!(av(&app).top, top);
    press(&mut app, KeyCode::PageUp);
    assert_eq!(av(&app).top, parallax::tui::state::DocPos::default());
    // The cursor came up with the page: on its last paragraph.
    let s = screen(&app);
    let c = av(&app).cursor;
    assert!(c < top.block, "{c}");
    assert!(s.lines().any(|l| l.starts_with(&format!("¶{c} "))), "{s}");
    assert_eq!(s.lines().next(), first.lines().next());
}

#[test]
fn g_and_capital_g_go_to_the_top_and_the_last_paragraph() {
    let mut app = tui_app(80, 24);
    open(&mut app, "002");
    let last = av(&app).article.paragraphs.len() - 1;
    press(&mut app, KeyCode::Char('G'));
    assert_eq!(av(&app).cursor, last);
    let s = screen(&app);
    assert!(s.contains(&format!("¶{last} ")), "{s}");
    // Nothing below the end: pressing Space there changes nothing.
    let top = av(&app).top;
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(av(&app).top, top);
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(av(&app).cursor, 0);
    assert!(screen(&app).contains("source"));
    press(&mut app, KeyCode::End);
    assert_eq!(av(&app).cursor, last);
    press(&mut app, KeyCode::Home);
    assert_eq!(av(&app).cursor, 0);
}

#[test]
fn a_count_then_g_goes_to_that_paragraph() {
    let mut app = tui_app(80, 24);
    open(&mut app, "002");
    keys(&mut app, "42G");
    assert_eq!(av(&app).cursor, 42);
    assert!(screen(&app).lines().any(|l| l.starts_with("¶42 ")));
    // Past the end: said, and the cursor stays.
    keys(&mut app, "9999G");
    assert_eq!(av(&app).cursor, 42);
    assert!(app.status.as_ref().is_some_and(|s| s.error));
    keys(&mut app, "0G");
    assert_eq!(av(&app).cursor, 0);
}

#[test]
fn slash_searches_the_article_and_n_and_capital_n_go_from_hit_to_hit() {
    let mut app = tui_app(80, 24);
    open(&mut app, "002");
    let a = av(&app).article.clone();
    let q = "peacekeep";
    let expected: usize = a
        .paragraphs
        .iter()
        .map(|p| p.text.to_lowercase().matches(q).count())
        .sum();
    assert!(expected > 2);
    let with: Vec<usize> = a
        .paragraphs
        .iter()
        .filter(|p| p.text.to_lowercase().contains(q))
        .map(|p| p.index)
        .collect();
    press(&mut app, KeyCode::Char('/'));
    assert_eq!(keymap::context(&app), Context::TextEntry);
    keys(&mut app, q);
    press(&mut app, KeyCode::Enter);
    assert_eq!(av(&app).search.hits.len(), expected);
    assert_eq!(av(&app).cursor, with[0]);
    // n visits each hit in turn; N comes back.
    press(&mut app, KeyCode::Char('n'));
    let second = av(&app).search.hits[1].0;
    assert_eq!(av(&app).cursor, second);
    assert!(screen(&app)
        .lines()
        .any(|l| l.starts_with(&format!("¶{second} "))));
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(av(&app).cursor, with[0]);
    // Backwards past the first: wraps to the last.
    press(&mut app, KeyCode::Char('N'));
    assert_eq!(av(&app).cursor, *with.last().unwrap());
    assert!(app.status.as_ref().unwrap().text.contains("wrapped"));
    // Esc clears the search first, then goes back.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Article);
    assert!(av(&app).search.hits.is_empty());
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Picker);
}

#[test]
fn brackets_and_j_k_capitals_read_the_next_and_previous_article_of_the_filtered_list() {
    let mut app = tui_app(80, 24);
    // A filter: only the articles whose title names Nagorno-Karabakh.
    drive(&mut app, [Action::StartFilter]);
    for c in "nagorno".chars() {
        drive(&mut app, [Action::Input(c)]);
    }
    drive(&mut app, [Action::Submit]);
    let ids: Vec<String> = app
        .picker
        .visible
        .iter()
        .map(|&i| app.picker.entries[i].article.id.clone())
        .collect();
    assert!(ids.len() >= 2 && ids.len() < 5, "{ids:?}");
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(av(&app).article.id, ids[0]);
    let effects = press(&mut app, KeyCode::Char(']'));
    assert_eq!(av(&app).article.id, ids[1]);
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::LoadArticleMarks { .. })));
    press(&mut app, KeyCode::Char('['));
    assert_eq!(av(&app).article.id, ids[0]);
    press(&mut app, KeyCode::Char('J'));
    assert_eq!(av(&app).article.id, ids[1]);
    press(&mut app, KeyCode::Char('K'));
    assert_eq!(av(&app).article.id, ids[0]);
    // Before the first: said, nothing changes.
    press(&mut app, KeyCode::Char('K'));
    assert_eq!(av(&app).article.id, ids[0]);
    for _ in 0..ids.len() + 2 {
        press(&mut app, KeyCode::Char(']'));
    }
    assert_eq!(&av(&app).article.id, ids.last().unwrap());
    // Back in the list, the cursor is on the article read last.
    press(&mut app, KeyCode::Char('q'));
    let at = app.picker.visible[app.picker.cursor];
    assert_eq!(&app.picker.entries[at].article.id, ids.last().unwrap());
}

/// The first paragraph of `id` that the corpus scan finds in another article, and that
/// article (worked out here from the scan, as the view should).
fn covered_paragraph(app: &App, id: &str) -> (usize, String) {
    // The picker holds heads; the whole article from the articles the reader holds.
    let a = app
        .bodies
        .get(&app.picker.entries[app.scan.entry_of[id]].article.id)
        .unwrap();
    let cov = parallax_core::scan::coverage(
        a,
        &app.scan.docs.0,
        &parallax_core::scan::Options::default(),
    );
    let pc = cov
        .paragraphs
        .iter()
        .find(|p| !p.sources.is_empty())
        .expect("a covered paragraph");
    (pc.index, pc.sources[0].id.clone())
}

#[test]
fn enter_on_a_covered_paragraph_opens_the_comparison_at_its_row_and_q_comes_back() {
    let mut app = tui_app(80, 24);
    scan_into(&mut app, &articles_dir());
    open(&mut app, "002");
    let id = av(&app).article.id.clone();
    let (p, other) = covered_paragraph(&app, &id);
    // The view names the article the paragraph is found in.
    keys(&mut app, &format!("{p}G"));
    let s = screen(&app);
    assert!(s.contains(&format!("found in {other}")), "{s}");
    // A paragraph found nowhere else says so.
    keys(&mut app, "0G");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Article);
    assert!(app.status.as_ref().is_some_and(|s| s.error));
    keys(&mut app, &format!("{p}G"));
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Compare, "{effects:?}");
    let cv = app.compare.as_ref().unwrap();
    assert_eq!(cv.left.id, id);
    assert_eq!(cv.right.id, other);
    assert!(cv.cursor_row().unwrap().left.contains(&p), "at ¶{p}'s row");
    // q: back in the article, on the same paragraph.
    let effects = press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, Screen::Article);
    assert_eq!(av(&app).cursor, p);
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::LoadArticleMarks { .. })));
    // And q again to the list.
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, Screen::Picker);
}

#[test]
fn c_picks_the_article_as_left_and_lists_its_likeliest_counterparts_first() {
    let mut app = tui_app(80, 24);
    scan_into(&mut app, &articles_dir());
    open(&mut app, "002");
    let id = av(&app).article.id.clone();
    let entry = av(&app).entry.unwrap();
    // The article that shares most text with it, from the scan's pairs.
    let best = app
        .scan
        .pairs
        .iter()
        .filter(|p| p.left == id || p.right == id)
        .max_by(|a, b| {
            let s = |p: &parallax_core::scan::Pair| p.left_in_right.max(p.right_in_left);
            s(a).total_cmp(&s(b))
        })
        .map(|p| {
            if p.left == id {
                p.right.clone()
            } else {
                p.left.clone()
            }
        })
        .expect("002 shares text");
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.screen, Screen::Picker);
    assert_eq!(app.picker.left, Some(entry));
    assert_eq!(app.picker.cursor, 0);
    let first = app.picker.visible[0];
    assert_eq!(app.picker.entries[first].article.id, best);
    assert_eq!(app.picker.visible.len(), app.picker.entries.len());
    // Enter opens the comparison with it on the right.
    press(&mut app, KeyCode::Enter);
    let cv = app.compare.as_ref().unwrap();
    assert_eq!(
        (cv.left.id.as_str(), cv.right.id.as_str()),
        (id.as_str(), best.as_str())
    );
    // Back in the list: its order again.
    press(&mut app, KeyCode::Char('q'));
    let ids: Vec<&str> = app
        .picker
        .visible
        .iter()
        .map(|&i| app.picker.entries[i].article.id.as_str())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted);
}

#[test]
fn v_and_capital_v_in_the_pairs_screen_read_either_article() {
    let mut app = tui_app(80, 24);
    scan_into(&mut app, &articles_dir());
    drive(&mut app, [Action::OpenPairs]);
    let pair = app.scan.current().unwrap().clone();
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.screen, Screen::Article);
    assert_eq!(av(&app).article.id, pair.left);
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.screen, Screen::Pairs);
    press(&mut app, KeyCode::Char('V'));
    assert_eq!(av(&app).article.id, pair.right);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Pairs);
}

#[test]
fn z_zooms_the_focused_pane_to_full_width_and_back_keeping_the_row() {
    let mut app = tui_app(80, 24);
    common::open_pair(&mut app, "004", "002");
    drive(
        &mut app,
        [Action::NextChange, Action::NextChange, Action::NextChange],
    );
    let row = |app: &App| {
        let cv = app.compare.as_ref().unwrap();
        cv.rows[cv.cursor]
    };
    let before = row(&app);
    let normal = app.compare.as_ref().unwrap().layout.pane;
    press(&mut app, KeyCode::Char('z'));
    let cv = app.compare.as_ref().unwrap();
    assert!(cv.zoom);
    assert_eq!(cv.layout.pane, layout::compare_pane_width(80, true));
    assert!(cv.layout.pane > 2 * normal);
    assert_eq!(row(&app), before);
    // Only the focused (left) article's text is drawn.
    let s = screen(&app);
    let cv = app.compare.as_ref().unwrap();
    let c = cv.comparison.as_ref().unwrap();
    let r = &c.rows[before];
    let right_only: Vec<String> = r
        .right
        .iter()
        .map(|&p| cv.right.paragraphs[p].text.clone())
        .collect();
    let left_words: Vec<String> = r
        .left
        .iter()
        .flat_map(|&p| {
            cv.left.paragraphs[p]
                .text
                .split(' ')
                .take(3)
                .map(String::from)
        })
        .collect();
    assert!(!right_only.is_empty() && !left_words.is_empty());
    assert!(s.contains(&left_words.join(" ")), "{s}");
    // Tab: the other one.
    press(&mut app, KeyCode::Tab);
    assert_eq!(row(&app), before);
    let s = screen(&app);
    let right_words: Vec<&str> = right_only[0].split(' ').take(3).collect();
    assert!(s.contains(&right_words.join(" ")), "{s}");
    press(&mut app, KeyCode::Char('z'));
    let cv = app.compare.as_ref().unwrap();
    assert!(!cv.zoom);
    assert_eq!(cv.layout.pane, normal);
    assert_eq!(row(&app), before);
}

#[test]
fn the_preview_pane_follows_the_cursor_and_p_toggles_it() {
    let mut app = tui_app(160, 45);
    assert!(layout::preview_shown(&app));
    for k in 0..app.picker.visible.len() {
        let id = &app.picker.entries[app.picker.visible[k]].article.id;
        let a = app.bodies.get(id).unwrap().clone();
        let s = screen(&app);
        let (list, _) = layout::preview_split(160);
        let pane: String = s
            .lines()
            .map(|l| l.chars().skip(list as usize).collect::<String>() + "\n")
            .collect();
        assert!(pane.contains(&a.id), "{pane}");
        let words: Vec<&str> = a.paragraphs[0].text.split(' ').take(2).collect();
        assert!(pane.contains(&words.join(" ")), "{pane}");
        press(&mut app, KeyCode::Char('j'));
    }
    press(&mut app, KeyCode::Char('P'));
    assert!(!layout::preview_shown(&app));
    assert!(!screen(&app).contains("│ "));
    // At 80 columns: off by itself, on with P.
    let mut app = tui_app(80, 24);
    assert!(!layout::preview_shown(&app));
    press(&mut app, KeyCode::Char('P'));
    assert!(layout::preview_shown(&app));
    let a = app.picker.entries[app.picker.visible[0]].article.clone();
    assert!(screen(&app).contains(&a.id[..12]));
}

#[test]
fn the_article_keys_are_in_the_one_keymap_with_help_and_hints() {
    let help = keymap::help_lines("", Context::Article);
    for keys in [
        "j ↓",
        "Space PgDn",
        "b PgUp",
        "g Home",
        "G End",
        "NG",
        "/",
        "n",
        "N",
        "] J",
        "[ K",
        "Enter o",
        "c",
        "q",
    ] {
        assert!(
            help.iter()
                .any(|(c, k, _)| *c == Context::Article && *k == keys),
            "{keys} in the help"
        );
    }
    let hints = keymap::hints(Context::Article);
    assert!(hints.iter().any(|(k, _)| *k == "/"), "{hints:?}");
    assert!(help
        .iter()
        .any(|(c, k, _)| *c == Context::Picker && *k == "v"));
    assert!(help
        .iter()
        .any(|(c, k, _)| *c == Context::Picker && *k == "P"));
    assert!(help
        .iter()
        .any(|(c, k, _)| *c == Context::Compare && *k == "z"));
    assert!(help
        .iter()
        .any(|(c, k, _)| *c == Context::Pairs && *k == "V"));
}

#[test]
fn an_empty_article_takes_every_key() {
    let a = article("empty", "");
    assert!(a.paragraphs.is_empty());
    let mut app = App::new(vec![a.clone()], Vec::new(), "c");
    app.color = false;
    drive(&mut app, [Action::Resize(80, 24)]);
    press(&mut app, KeyCode::Char('v'));
    assert_eq!(app.screen, Screen::Article);
    assert!(screen(&app).contains("no paragraphs"));
    for k in [
        KeyCode::Char('j'),
        KeyCode::Char('k'),
        KeyCode::Char(' '),
        KeyCode::Char('b'),
        KeyCode::Char('G'),
        KeyCode::Char('g'),
        KeyCode::Char('5'),
        KeyCode::Char('G'),
        KeyCode::Char('n'),
        KeyCode::Char('N'),
        KeyCode::Char(']'),
        KeyCode::Char('['),
        KeyCode::Enter,
        KeyCode::Char('/'),
        KeyCode::Char('x'),
        KeyCode::Enter,
        KeyCode::Char('n'),
    ] {
        press(&mut app, k);
        assert_eq!(app.screen, Screen::Article, "{k:?}");
        screen(&app);
    }
    for (w, h) in [(1, 1), (20, 5), (160, 45)] {
        drive(&mut app, [Action::Resize(w, h)]);
        screen(&app);
    }
    press(&mut app, KeyCode::Char('c'));
    assert_eq!(app.screen, Screen::Picker);
}

/// An article of `n` short paragraphs.
fn long_article(n: usize) -> Arc<parallax_core::Article> {
    let mut text = String::new();
    for k in 0..n {
        text.push_str(&format!(
            "Paragraph {k} of the long article says a few words, enough to wrap at eighty columns on most terminals when the text is this long.\n\n"
        ));
    }
    article("long", &text)
}

/// Blocks laid out to open the article, read it with every moving key and draw each screen.
fn work_to_read(a: Arc<parallax_core::Article>) -> usize {
    let n = a.paragraphs.len();
    let mut app = App::new(vec![a], Vec::new(), "c");
    app.color = false;
    drive(&mut app, [Action::Resize(80, 24)]);
    let before = layout::laid_out();
    press(&mut app, KeyCode::Char('v'));
    screen(&app);
    let mid = (n / 2).to_string();
    for k in ["j", "j", " ", " ", "b", "G", "k", "k", "b", "g", "j"] {
        keys(&mut app, k);
        screen(&app);
    }
    keys(&mut app, &format!("{mid}G"));
    assert_eq!(app.article.as_ref().unwrap().cursor, n / 2);
    let s = screen(&app);
    assert!(s.contains(&format!("¶{mid} ")), "{s}");
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Char('k'));
    screen(&app);
    layout::laid_out() - before
}

#[test]
fn a_100k_paragraph_article_lays_out_only_what_is_on_screen() {
    let small = work_to_read(long_article(1_000));
    let big = work_to_read(long_article(100_000));
    // A few screens' worth of blocks, whatever the length: the same work for 100 times the
    // paragraphs (laying the article out would be 100 000 blocks at each key).
    assert!(big < 3_000, "{big} blocks laid out");
    assert!(big <= small + small / 4, "1k: {small} blocks, 100k: {big}");
}

#[test]
fn hostile_text_reaches_the_screen_sanitised_in_the_view_and_the_preview() {
    let nasty = "Title \u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J bidi \u{202e}gnp.exe \u{9b}31m";
    let text = format!(
        "---\ntitle: {nasty}\nsource: {nasty}\nauthor: {nasty}\nurl: https://e.test/\u{1b}[31mx\ndate: 2024-01-02\n---\n\n{nasty} first paragraph.\n\n\u{1b}[1mSecond\u{1b}[0m paragraph \u{0}\u{7f} with controls.\n"
    );
    let a = article("hostile", &text);
    let mut app = App::new(vec![a], Vec::new(), "c");
    app.color = false;
    drive(&mut app, [Action::Resize(160, 45)]);
    let check = |s: &str| {
        for c in s.chars() {
            assert!(
                c == '\n' || !(c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
                "{c:?} reached the screen:\n{s}"
            );
        }
    };
    // The preview, then the view; a search for text in it.
    check(&screen(&app));
    press(&mut app, KeyCode::Char('v'));
    check(&screen(&app));
    keys(&mut app, "/second");
    press(&mut app, KeyCode::Enter);
    check(&screen(&app));
    assert!(!app.article.as_ref().unwrap().search.hits.is_empty());
}
