//! An analyst's work in the reader is never lost or mislabelled: text fields take every
//! printable key as text, a repeated mark is no change and `u` names and undoes the change
//! just made (`Ctrl-r` redoes it), an export is written in the format its file name names.
//! The data-loss cases run the real binary in a pseudo-terminal, read through a terminal
//! emulator (vt100); the rest drive `keymap::dispatch` and `update`.

mod common;
use common::{drive, open_pair, tui_app};
use parallax::tui::action::Action;
use parallax::tui::keymap;
use parallax::tui::state::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The screen as text (TestBackend at the app's size).
fn render(app: &App) -> String {
    common::screen_lines(app).join("\n") + "\n"
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

/// Type `text` as key presses through the keymap, as the runtime does.
fn type_keys(app: &mut App, text: &str) {
    for c in text.chars() {
        if let Some(a) = keymap::dispatch(app, key(c)) {
            drive(app, [a]);
        }
    }
}

fn press(app: &mut App, code: KeyCode) {
    if let Some(a) = keymap::dispatch(app, KeyEvent::new(code, KeyModifiers::NONE)) {
        drive(app, [a]);
    }
}

fn help_filter(app: &App) -> Option<&str> {
    match &app.popup {
        Some(Popup::Help { filter, .. }) => Some(filter),
        _ => None,
    }
}

#[test]
fn every_printable_key_is_text_in_the_help_filter() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    type_keys(&mut app, "?");
    assert_eq!(help_filter(&app), Some(""));
    // q, u, j, k, ?, G, d, m, e: keys that act elsewhere.
    type_keys(&mut app, "quit mark jk?Gdme");
    assert_eq!(help_filter(&app), Some("quit mark jk?Gdme"));
    // Only Esc closes.
    press(&mut app, KeyCode::Esc);
    assert!(app.popup.is_none());
    assert_eq!(app.screen, Screen::Compare);
}

#[test]
fn every_printable_key_is_text_in_each_text_field() {
    let mut app = tui_app(80, 24);
    // The picker's filter.
    type_keys(&mut app, "/");
    type_keys(&mut app, "q?e");
    assert_eq!(app.picker.filter, "q?e");
    assert!(!app.quit);
    press(&mut app, KeyCode::Esc);
    // The pairs screen's filter (no scan: the filter still types).
    type_keys(&mut app, "p/");
    type_keys(&mut app, "qpm");
    assert_eq!(app.scan.filter, "qpm");
    assert_eq!(app.screen, Screen::Pairs);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Picker);
    // The search of a comparison.
    open_pair(&mut app, "004", "002");
    type_keys(&mut app, "/");
    type_keys(&mut app, "undo?q");
    assert_eq!(app.compare.as_ref().unwrap().search.query, "undo?q");
    assert_eq!(app.screen, Screen::Compare);
    press(&mut app, KeyCode::Esc);
    // The export path.
    type_keys(&mut app, "e");
    press(&mut app, KeyCode::Tab);
    type_keys(&mut app, "qj");
    match &app.popup {
        Some(Popup::Export { path, .. }) => assert_eq!(path, "parallax-marks.jsonqj"),
        p => panic!("export menu closed: {p:?}"),
    }
}

#[test]
fn left_right_home_end_move_the_cursor_and_typing_inserts_there() {
    let mut app = tui_app(80, 24);
    type_keys(&mut app, "/");
    type_keys(&mut app, "Defnce");
    for _ in 0..3 {
        press(&mut app, KeyCode::Left);
    }
    type_keys(&mut app, "e");
    assert_eq!(app.picker.filter, "Defence");
    press(&mut app, KeyCode::Home);
    type_keys(&mut app, "[");
    press(&mut app, KeyCode::End);
    type_keys(&mut app, "]");
    assert_eq!(app.picker.filter, "[Defence]");
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(app.picker.filter, "[Defenc]");
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Delete);
    assert_eq!(app.picker.filter, "Defenc]");
    // The cursor never leaves the text; a new field opens with it at the end.
    for _ in 0..20 {
        press(&mut app, KeyCode::Right);
    }
    type_keys(&mut app, "x");
    assert_eq!(app.picker.filter, "Defenc]x");
    for _ in 0..20 {
        press(&mut app, KeyCode::Left);
    }
    type_keys(&mut app, "é");
    assert_eq!(app.picker.filter, "éDefenc]x");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.field_back, 0,
        "no field has the focus: the cursor is reset"
    );
}

#[test]
fn the_export_format_follows_the_file_name() {
    use parallax::tui::update::export_format;
    assert_eq!(
        export_format(ExportFormat::Json, "out.md"),
        ExportFormat::Md
    );
    assert_eq!(
        export_format(ExportFormat::Json, "a/b.CSV"),
        ExportFormat::Csv
    );
    assert_eq!(
        export_format(ExportFormat::Md, "out.jsonl"),
        ExportFormat::Jsonl
    );
    assert_eq!(
        export_format(ExportFormat::Csv, "notes.markdown"),
        ExportFormat::Md
    );
    // No known extension: the menu's choice.
    assert_eq!(
        export_format(ExportFormat::Csv, "out.txt"),
        ExportFormat::Csv
    );
    assert_eq!(export_format(ExportFormat::Csv, "out"), ExportFormat::Csv);
    // W3C annotations are JSON-LD: `.json` keeps them.
    assert_eq!(
        export_format(ExportFormat::W3c, "a.json"),
        ExportFormat::W3c
    );

    // The menu's Enter asks for the format of the name, and the menu says so.
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    type_keys(&mut app, "e");
    press(&mut app, KeyCode::Tab);
    for _ in 0.."parallax-marks.json".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_keys(&mut app, "out.md");
    let screen = render(&app);
    assert!(
        screen.contains("writes md: the file name's extension names it"),
        "{screen}"
    );
    let effects = drive(&mut app, [Action::Submit]);
    assert!(
        effects.iter().any(|e| matches!(
            e,
            parallax::tui::update::Effect::Export { format: ExportFormat::Md, path } if path == "out.md"
        )),
        "{effects:?}"
    );
}

#[test]
fn ctrl_r_is_redo_in_a_comparison() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    let a = keymap::dispatch(
        &app,
        KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
    );
    assert_eq!(a, Some(Action::Redo));
    let effects = drive(&mut app, [Action::Redo]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, parallax::tui::update::Effect::Redo)),
        "{effects:?}"
    );
}

/// The store: a preview of what undo would undo changes nothing; redo puts back what an undo
/// reverted, as a new change that can be undone again; a redo over a later change is refused.
#[test]
fn store_undo_preview_and_redo() {
    use parallax_core::corpus::Corpus;
    use parallax_core::marks::store::Store;
    use parallax_core::marks::{ParaLabel, Target};
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::open(&common::articles_dir()).unwrap();
    let (articles, _) = corpus.load_all();
    let find = |p: &str| articles.iter().find(|a| a.id.starts_with(p)).unwrap();
    let (l, r) = (find("004"), find("002"));
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    let mut session = Vec::new();
    let target = Target::Paragraphs {
        left: vec![1],
        right: vec![4],
        label: ParaLabel::Duplicate,
    };
    let m = store.add(l, r, target.clone(), None, "ana").unwrap();
    session.push(store.last_change().unwrap());
    store.set_note(m.id, Some("first"), "ana").unwrap();
    session.push(store.last_change().unwrap());
    let seen = store.undo_preview_among(&session).unwrap().unwrap();
    assert!(seen.starts_with("the note on duplicate"), "{seen}");
    assert_eq!(store.undo_preview_among(&session).unwrap().unwrap(), seen);
    // Marking the same again is no change: last_change stays.
    let before = store.last_change();
    store.add(l, r, target, None, "ana").unwrap();
    assert_eq!(store.last_change(), before);
    // Undo undoes the note, then the mark; redo brings back the mark, then the note.
    let undid = store.undo_among(&session, "ana").unwrap().unwrap();
    assert!(undid.contains("the note"), "{undid}");
    let undo_note = store.last_change().unwrap();
    assert_eq!(store.get(m.id).unwrap().unwrap().0.note, None);
    store.undo_among(&session, "ana").unwrap().unwrap();
    let undo_add = store.last_change().unwrap();
    assert!(store.current().unwrap().is_empty());
    assert_eq!(store.undo_preview_among(&session).unwrap(), None);
    let redid = store.redo(undo_add, "ana").unwrap();
    assert!(redid.starts_with("redid: marked duplicate"), "{redid}");
    session.push(store.last_change().unwrap());
    assert_eq!(store.current().unwrap().len(), 1);
    store.redo(undo_note, "ana").unwrap();
    session.push(store.last_change().unwrap());
    assert_eq!(
        store.get(m.id).unwrap().unwrap().0.note.as_deref(),
        Some("first")
    );
    // The redo is itself undoable.
    let undid = store.undo_among(&session, "ana").unwrap().unwrap();
    assert!(undid.contains("the note"), "{undid}");
    assert_eq!(store.get(m.id).unwrap().unwrap().0.note, None);
    // A redo over a change made since is refused, and changes nothing.
    store.set_note(m.id, Some("other"), "ana").unwrap();
    let err = store.redo(undo_note, "ana").unwrap_err().to_string();
    assert!(err.contains("changed since"), "{err}");
    assert_eq!(
        store.get(m.id).unwrap().unwrap().0.note.as_deref(),
        Some("other")
    );
}

// ---------------------------------------------------------------------------------------
// The real binary in a pseudo-terminal.

#[cfg(unix)]
mod pty {
    use super::common::pty::{parallax, Term};
    use std::path::Path;
    use std::time::Duration;

    /// The reader in a pseudo-terminal at 80x24 (tests/common/pty.rs), typed into key by key.
    pub struct Reader(Term);

    impl Reader {
        /// The reader on `dir/articles` with the store `dir/marks.db`, at 80x24.
        pub fn start(dir: &Path) -> Reader {
            Reader::start_with(dir, &["--author", "ana"], &[])
        }

        /// The reader with these extra arguments and environment (`None`: removed).
        pub fn start_with(dir: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> Reader {
            let mut cmd = parallax(&["tui", "articles", "--store", "marks.db"], dir);
            cmd.args(args);
            for (k, v) in env {
                match v {
                    Some(v) => cmd.env(k, v),
                    None => cmd.env_remove(k),
                }
            }
            Reader(Term::start(cmd, (80, 24)))
        }

        pub fn screen(&self) -> String {
            self.0.screen()
        }

        /// Wait until the screen shows `what`.
        pub fn wait_for(&self, what: &str) {
            self.0.wait_for(what)
        }

        pub fn send(&mut self, keys: &str) {
            self.0.type_keys(keys)
        }

        /// Open 004 (left) and 002 (right) and wait for the alignment.
        pub fn open_pair(&mut self) {
            self.wait_for("5 articles");
            self.send("G\rgjj\r");
            self.wait_for("aligned");
        }

        /// Quit from a comparison; the reader must end by itself.
        pub fn quit(mut self) {
            self.send("\x1b");
            self.send("q");
            std::thread::sleep(Duration::from_millis(200));
            self.send("q");
            self.0.ends();
        }
    }
}

/// The marks of the store, as `parallax marks --json` gives them.
#[cfg(unix)]
fn stored_marks(dir: &std::path::Path) -> Vec<serde_json::Value> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args([
            "marks", "--json", "--corpus", "articles", "--store", "marks.db",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["marks"].as_array().cloned().unwrap_or_default()
}

#[cfg(unix)]
use common::pty::seed_copy;

/// In a comparison, `?` then `quit` used to close help on `q` and undo on `u` (a note gone);
/// `mark` showed `filter: mar` (`k` scrolled). Now the filter shows what was typed and the
/// note stays.
#[cfg(unix)]
#[test]
fn pty_help_filter_typing_quit_and_mark_changes_nothing() {
    let dir = seed_copy();
    let mut r = pty::Reader::start(dir.path());
    r.open_pair();
    r.send("nnnd");
    r.wait_for("· saved");
    r.send("c");
    r.wait_for("Enter saves");
    r.send("keep me\r");
    r.wait_for("note saved");
    r.send("?");
    r.wait_for("filter:");
    r.send("quit");
    r.wait_for("filter: quit");
    assert!(!r.screen().contains("undid"), "{}", r.screen());
    r.send("\x7f\x7f\x7f\x7fmark");
    r.wait_for("filter: mark");
    r.send("\x1b");
    // Back in the comparison: the row's note shows where the mark is.
    r.wait_for("note on duplicate #1: keep me");
    r.quit();
    let marks = stored_marks(dir.path());
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert_eq!(marks[0]["note"], "keep me", "{marks:?}");
}

/// `d` on a row already marked duplicate said "saved" and the next `u` undid an older change
/// without saying so. Now: "already marked duplicate", nothing recorded, `u` names what it
/// undoes (the note, the change just made) and `Ctrl-r` redoes it.
#[cfg(unix)]
#[test]
fn pty_repeated_mark_is_no_change_and_undo_names_what_it_undoes() {
    let dir = seed_copy();
    let mut r = pty::Reader::start(dir.path());
    r.open_pair();
    r.send("nnnd");
    r.wait_for("· saved");
    r.send("c");
    r.wait_for("Enter saves");
    r.send("first\r");
    r.wait_for("note saved on #1 · u undoes: the note on #1");
    r.send("d");
    r.wait_for("already marked duplicate (#1) · u undoes: the note on #1");
    r.send("u");
    r.wait_for("undid: the note on duplicate ¶2 ↔ ¶5 (#1)");
    // The mark stays; its note is gone.
    let marks = stored_marks(dir.path());
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert!(marks[0]["note"].is_null(), "{marks:?}");
    // Marking again records nothing: `u` then undoes the mark itself.
    r.send("d");
    r.wait_for("already marked duplicate (#1) · u undoes: marking #1");
    r.send("\x12");
    r.wait_for("redid: the note on duplicate");
    r.quit();
    let marks = stored_marks(dir.path());
    assert_eq!(marks[0]["note"], "first", "{marks:?}");
}

/// With json selected, the path `out.md` wrote JSON into `out.md`. Now it writes Markdown and
/// the menu says so.
#[cfg(unix)]
#[test]
fn pty_export_path_names_the_format() {
    let dir = seed_copy();
    let mut r = pty::Reader::start(dir.path());
    r.open_pair();
    r.send("nnnd");
    r.wait_for("· saved");
    r.send("e");
    r.wait_for("export all marks");
    r.send("\t");
    r.send(&"\x7f".repeat("parallax-marks.json".len()));
    r.send("out.md");
    r.wait_for("writes md");
    r.send("\r");
    r.wait_for("exported");
    r.quit();
    let text = std::fs::read_to_string(dir.path().join("out.md")).unwrap();
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "out.md holds JSON:\n{text}"
    );
    assert!(text.starts_with('#'), "not a Markdown report:\n{text}");
    assert!(text.contains("duplicate"), "{text}");
    assert!(!dir.path().join("parallax-marks.json").exists());
}

/// With no author known, the first mark asks for a name (once), and the mark is recorded
/// under it instead of `unknown`.
#[cfg(unix)]
#[test]
fn pty_the_first_mark_asks_for_an_author_when_none_is_known() {
    let dir = seed_copy();
    let config = dir.path().join("no-config.toml");
    let mut r = pty::Reader::start_with(
        dir.path(),
        &[],
        &[
            ("PARALLAX_AUTHOR", None),
            ("USER", None),
            ("LOGNAME", None),
            ("PARALLAX_CONFIG", Some(config.to_str().unwrap())),
        ],
    );
    r.open_pair();
    r.send("nnnd");
    r.wait_for("who is marking?");
    r.wait_for("PARALLAX_AUTHOR");
    r.send("Ana Q");
    r.send("\r");
    r.wait_for("· saved");
    // Asked once: the next mark is made at once (two rows down: past the right-only caption,
    // on the next pair of paragraphs).
    r.send("jjx");
    r.wait_for("marked distinct");
    assert!(!r.screen().contains("who is marking?"), "{}", r.screen());
    r.quit();
    let marks = stored_marks(dir.path());
    assert_eq!(marks.len(), 2, "{marks:?}");
    for m in &marks {
        assert_eq!(m["author"], "Ana Q", "{m}");
    }
}

#[test]
fn the_author_prompt_asks_then_marks() {
    use parallax::tui::update::Effect;
    let mut app = tui_app(80, 24);
    app.author_needed = true;
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::Next, Action::Next, Action::Next]);
    let effects = drive(&mut app, [Action::MarkRow(RowLabel::Duplicate)]);
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::MarkRow { .. })),
        "{effects:?}"
    );
    assert!(matches!(app.popup, Some(Popup::Author { .. })));
    insta::assert_snapshot!("author_prompt_80x24", render(&app));
    // Esc: no mark, and it says why.
    drive(&mut app, [Action::Back]);
    assert!(app.popup.is_none());
    assert!(app.status.as_ref().unwrap().text.contains("not marked"));
    // Enter with no name is refused; a name makes the mark.
    drive(&mut app, [Action::MarkRow(RowLabel::Duplicate)]);
    let effects = drive(&mut app, [Action::Submit]);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(app.popup, Some(Popup::Author { .. })));
    type_keys(&mut app, "ana");
    let effects = drive(&mut app, [Action::Submit]);
    assert!(
        matches!(effects.first(), Some(Effect::SetAuthor(n)) if n == "ana"),
        "{effects:?}"
    );
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::MarkRow {
                label: RowLabel::Duplicate,
                ..
            }
        )),
        "{effects:?}"
    );
    assert!(!app.author_needed);
    // The pair verdict goes straight through now.
    let effects = drive(&mut app, [Action::SetVerdict(Verdict::Duplicate)]);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::MarkPair { .. })),
        "{effects:?}"
    );
}

#[test]
fn the_verdict_menu_opens_on_the_verdict_marked() {
    let mut app = tui_app(160, 45);
    open_pair(&mut app, "004", "002");
    let shown = ShownMark {
        id: 7,
        pair: true,
        label: "same-story".into(),
        left: Vec::new(),
        right: Vec::new(),
        note: Some("two reports".into()),
        anchor: "ok".into(),
    };
    drive(&mut app, [Action::PairMarks(vec![shown])]);
    let header = render(&app);
    assert!(
        header.contains("marked: same-story · “two reports”"),
        "{header}"
    );
    drive(&mut app, [Action::OpenVerdict]);
    let at = VERDICTS
        .iter()
        .position(|(v, _)| *v == Verdict::SameStory)
        .unwrap();
    assert_eq!(app.popup, Some(Popup::Verdict { selected: at }));
    let screen = render(&app);
    assert!(screen.contains("marked now: same-story"), "{screen}");
    assert!(
        screen.contains("same story: independent reports  ◂ now"),
        "{screen}"
    );
}

#[test]
fn a_row_mark_note_shows_on_its_row() {
    let mut app = tui_app(80, 24);
    open_pair(&mut app, "004", "002");
    drive(&mut app, [Action::Next, Action::Next, Action::Next]);
    let row = app.compare.as_ref().unwrap().cursor_row().unwrap().clone();
    let shown = ShownMark {
        id: 3,
        pair: false,
        label: "duplicate".into(),
        left: row.left.clone(),
        right: row.right.clone(),
        note: Some("same wording".into()),
        anchor: "ok".into(),
    };
    drive(&mut app, [Action::PairMarks(vec![shown])]);
    app.status = None;
    let screen = render(&app);
    assert!(
        screen.contains("note on duplicate #3: same wording"),
        "{screen}"
    );
    // Elsewhere, not.
    drive(&mut app, [Action::Top]);
    app.status = None;
    assert!(!render(&app).contains("same wording"));
}

fn listed(id: i64, left: &str, right: &str, para: Option<usize>, note: Option<&str>) -> ListedMark {
    ListedMark {
        id,
        left_id: left.into(),
        right_id: right.into(),
        what: match para {
            Some(p) => format!("duplicate ¶{p} ↔ ¶{}", p + 3),
            None => "same-story".into(),
        },
        left_para: para,
        note: note.map(String::from),
        author: "ana".into(),
        anchor: "ok".into(),
    }
}

fn marks_popup(app: &App) -> (Vec<i64>, usize, Option<i64>) {
    match &app.popup {
        Some(Popup::Marks {
            items,
            visible,
            cursor,
            confirm,
            ..
        }) => (
            visible.iter().map(|&i| items[i].id).collect(),
            *cursor,
            *confirm,
        ),
        p => panic!("no marks list: {p:?}"),
    }
}

/// The marks list (`M`): every mark of the corpus, filtered by typing after `/`; Enter opens
/// the pair at the marked row; `c` edits the note; `D` deletes after `y`.
#[test]
fn the_marks_list_filters_opens_edits_and_deletes() {
    use parallax::tui::update::Effect;
    let ids: Vec<String> = {
        let app = tui_app(80, 24);
        app.picker
            .entries
            .iter()
            .map(|e| e.article.id.clone())
            .collect()
    };
    let id = |p: &str| ids.iter().find(|i| i.starts_with(p)).unwrap().clone();
    let items = vec![
        listed(
            1,
            &id("004"),
            &id("002"),
            Some(9),
            Some("Defence → Defense"),
        ),
        listed(2, &id("004"), &id("002"), None, None),
        listed(3, &id("000"), &id("001"), Some(0), Some("same lede")),
    ];
    let mut app = tui_app(80, 24);
    let effects = drive(&mut app, [Action::OpenMarks]);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::LoadMarksList)),
        "{effects:?}"
    );
    assert_eq!(
        keymap::dispatch(&app, key('M')),
        Some(Action::OpenMarks),
        "M opens the list from the article list"
    );
    drive(&mut app, [Action::MarksList(items.clone())]);
    assert_eq!(marks_popup(&app), (vec![1, 2, 3], 0, None));
    insta::assert_snapshot!("marks_list_80x24", render(&app));

    // Filter by typing (q and j are text there).
    type_keys(&mut app, "/");
    type_keys(&mut app, "lede");
    assert_eq!(marks_popup(&app).0, vec![3]);
    press(&mut app, KeyCode::Esc);
    assert_eq!(marks_popup(&app).0, vec![1, 2, 3], "Esc clears the filter");
    type_keys(&mut app, "/defen");
    press(&mut app, KeyCode::Enter);
    assert_eq!(marks_popup(&app).0, vec![1]);
    type_keys(&mut app, "/");
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Enter);

    // Delete asks first; any other key keeps the mark.
    type_keys(&mut app, "jD");
    assert_eq!(marks_popup(&app), (vec![1, 2, 3], 1, Some(2)));
    let effects = drive(&mut app, [Action::Down]);
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(marks_popup(&app).2, None);
    assert!(app.status.as_ref().unwrap().text.contains("kept mark #2"));
    type_keys(&mut app, "k");
    type_keys(&mut app, "D");
    let yes = keymap::dispatch(&app, key('y')).unwrap();
    let effects = drive(&mut app, [yes]);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::DeleteMark(1))),
        "{effects:?}"
    );

    // c edits the note of the mark under the cursor.
    type_keys(&mut app, "jj");
    type_keys(&mut app, "c");
    match &app.popup {
        Some(Popup::Note { input, mark_id, .. }) => {
            assert_eq!((input.as_str(), *mark_id), ("same lede", 3));
        }
        p => panic!("no note editor: {p:?}"),
    }
    press(&mut app, KeyCode::Esc);

    // Enter opens the pair with the cursor on the marked row (left ¶9).
    drive(&mut app, [Action::MarksList(items)]);
    let effects = drive(&mut app, [Action::Pick]);
    assert!(app.popup.is_none());
    assert_eq!(app.screen, Screen::Compare, "{effects:?}");
    let cv = app.compare.as_ref().unwrap();
    assert!(cv.left.id.starts_with("004") && cv.right.id.starts_with("002"));
    let row = cv.cursor_row().unwrap();
    assert!(row.left.contains(&9), "cursor on {row:?}");
}
