//! The one keymap table: it drives key dispatch, the status-bar hints and the `?` help screen.

use super::action::Action;
use super::state::{App, Popup, RowLabel, Screen};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// Everywhere, unless text is being typed.
    Global,
    Picker,
    /// The pairs screen (corpus scan).
    Pairs,
    Compare,
    /// Typing a filter, a search, a note or a path.
    TextEntry,
    Help,
    /// A menu popup (pair verdict, export format).
    Menu,
    /// The list of all marks (`M`).
    Marks,
    /// One article read alone.
    Article,
    /// The families screen.
    Families,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Picker => "Article list",
            Context::Pairs => "Pairs that share text (corpus scan)",
            Context::Compare => "Comparison",
            Context::TextEntry => "Typing (filter, search, note, export path)",
            Context::Help => "Help",
            Context::Menu => "Menus (pair verdict, export)",
            Context::Marks => "Marks list (M)",
            Context::Article => "Reading one article (v)",
            Context::Families => "Families of copies (f)",
        }
    }
}

/// A key: a code with modifiers, or a two-key sequence such as `]c`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chord {
    Key(KeyCode, KeyModifiers),
    Seq(char, char),
}

const fn ch(c: char) -> Chord {
    Chord::Key(KeyCode::Char(c), KeyModifiers::NONE)
}
const fn key(k: KeyCode) -> Chord {
    Chord::Key(k, KeyModifiers::NONE)
}
const fn ctrl(c: char) -> Chord {
    Chord::Key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// One row of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub chords: &'static [Chord],
    /// How the keys are written in help and hints.
    pub keys: &'static str,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status bar (short form: `hint`).
    pub hint: Option<&'static str>,
}

macro_rules! bind {
    ($ctx:ident, [$($c:expr),+], $keys:expr, $action:expr, $help:expr) => {
        Binding { context: Context::$ctx, chords: const { &[$($c),+] }, keys: $keys, action: $action, help: $help, hint: None }
    };
    ($ctx:ident, [$($c:expr),+], $keys:expr, $action:expr, $help:expr, $hint:expr) => {
        Binding { context: Context::$ctx, chords: const { &[$($c),+] }, keys: $keys, action: $action, help: $help, hint: Some($hint) }
    };
}

/// The digits that start a count (`NG`: go to paragraph N).
const DIGITS: &[Chord] = &[
    ch('0'),
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

/// The binding of the digits in one context.
fn count(context: Context, help: &'static str) -> Binding {
    Binding {
        context,
        chords: DIGITS,
        keys: "NG",
        action: Action::Count(0),
        help,
        hint: None,
    }
}

/// The keymap. Order matters only for display.
pub fn bindings() -> &'static [Binding] {
    use Action::*;
    static TABLE: std::sync::OnceLock<Vec<Binding>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        vec![
            bind!(
                Global,
                [ch('?'), key(KeyCode::F(1))],
                "? F1",
                Help,
                "help (type to filter it)",
                "help"
            ),
            bind!(Global, [ctrl('c')], "Ctrl-c", ForceQuit, "quit at once"),
            bind!(
                Global,
                [ctrl('z')],
                "Ctrl-z",
                Suspend,
                "suspend to the shell (fg comes back)"
            ),
            bind!(
                Picker,
                [ch('j'), key(KeyCode::Down)],
                "j ↓",
                Down,
                "next article"
            ),
            bind!(
                Picker,
                [ch('k'), key(KeyCode::Up)],
                "k ↑",
                Up,
                "previous article"
            ),
            bind!(
                Picker,
                [key(KeyCode::PageDown), ctrl('d')],
                "PgDn Ctrl-d",
                PageDown,
                "page down"
            ),
            bind!(
                Picker,
                [key(KeyCode::PageUp), ctrl('u')],
                "PgUp Ctrl-u",
                PageUp,
                "page up"
            ),
            bind!(
                Picker,
                [ch('g'), key(KeyCode::Home)],
                "g Home",
                Top,
                "first article"
            ),
            bind!(
                Picker,
                [ch('G'), key(KeyCode::End)],
                "G End",
                Bottom,
                "last article"
            ),
            bind!(
                Picker,
                [ch('/')],
                "/",
                StartFilter,
                "filter by title, source or path",
                "filter"
            ),
            bind!(
                Picker,
                [ch('F')],
                "F",
                ToggleFullText,
                "full-text search: find articles containing the words typed (a pasted quote); F again: titles",
                "full text"
            ),
            bind!(
                Picker,
                [ch('s')],
                "s",
                ToggleSkipped,
                "show (or hide) the files that could not be read, with the reason"
            ),
            bind!(
                Picker,
                [key(KeyCode::Enter)],
                "Enter",
                Pick,
                "pick as left, then as right: opens the comparison",
                "pick"
            ),
            bind!(
                Picker,
                [ch('e')],
                "e",
                OpenExport,
                "export all marks",
                "export"
            ),
            bind!(
                Picker,
                [key(KeyCode::Esc)],
                "Esc",
                Back,
                "clear the filter or the left pick"
            ),
            bind!(
                Picker,
                [ch('p')],
                "p",
                OpenPairs,
                "pairs of articles that share text, found by scanning the corpus",
                "pairs"
            ),
            bind!(
                Picker,
                [ch('M')],
                "M",
                OpenMarks,
                "all marks of the corpus (open, edit the note, delete)"
            ),
            bind!(Picker, [ch('q')], "q", Quit, "quit", "quit"),
            bind!(
                Picker,
                [ch('v')],
                "v",
                OpenArticle,
                "read the article alone, full width (header, numbered paragraphs, coverage, marks)",
                "read"
            ),
            bind!(
                Picker,
                [ch('P')],
                "P",
                TogglePreview,
                "show or hide the preview pane (shown by itself at 140 columns or more)"
            ),
            bind!(
                Picker,
                [ch('f')],
                "f",
                OpenFamilies,
                "families: groups of articles copied from one another, with the likely original"
            ),
            bind!(
                Pairs,
                [ch('j'), key(KeyCode::Down)],
                "j ↓",
                Down,
                "next pair",
                "move"
            ),
            bind!(
                Pairs,
                [ch('k'), key(KeyCode::Up)],
                "k ↑",
                Up,
                "previous pair"
            ),
            bind!(
                Pairs,
                [key(KeyCode::PageDown), ctrl('d')],
                "PgDn Ctrl-d",
                PageDown,
                "page down"
            ),
            bind!(
                Pairs,
                [key(KeyCode::PageUp), ctrl('u')],
                "PgUp Ctrl-u",
                PageUp,
                "page up"
            ),
            bind!(
                Pairs,
                [ch('g'), key(KeyCode::Home)],
                "g Home",
                Top,
                "first pair"
            ),
            bind!(
                Pairs,
                [ch('G'), key(KeyCode::End)],
                "G End",
                Bottom,
                "last pair"
            ),
            bind!(
                Pairs,
                [key(KeyCode::Enter)],
                "Enter",
                Pick,
                "open the comparison of the pair (the article with the larger share on the left)",
                "open"
            ),
            bind!(
                Pairs,
                [ch('/')],
                "/",
                StartFilter,
                "filter pairs by either article's id, title, source or path",
                "filter"
            ),
            bind!(
                Pairs,
                [ch('m')],
                "m",
                MarkScannedPair,
                "mark the pair (copy and direction, duplicate, same story, unrelated) without opening it",
                "verdict"
            ),
            bind!(Pairs, [ch('e')], "e", OpenExport, "export all marks"),
            bind!(
                Pairs,
                [ch('M')],
                "M",
                OpenMarks,
                "all marks of the corpus (open, edit the note, delete)"
            ),
            bind!(
                Pairs,
                [ch('v')],
                "v",
                OpenArticle,
                "read the left article alone"
            ),
            bind!(
                Pairs,
                [ch('V')],
                "V",
                OpenArticleRight,
                "read the right article alone"
            ),
            bind!(
                Pairs,
                [key(KeyCode::Esc)],
                "Esc",
                Back,
                "clear the filter, or back to the article list"
            ),
            bind!(
                Pairs,
                [ch('q'), ch('p')],
                "q p",
                Quit,
                "back to the article list",
                "back"
            ),
            bind!(
                Pairs,
                [ch('f')],
                "f",
                OpenFamilies,
                "families: groups of articles copied from one another, with the likely original"
            ),
            bind!(
                Families,
                [ch('j'), key(KeyCode::Down)],
                "j ↓",
                Down,
                "next member",
                "move"
            ),
            bind!(
                Families,
                [ch('k'), key(KeyCode::Up)],
                "k ↑",
                Up,
                "previous member"
            ),
            bind!(
                Families,
                [key(KeyCode::PageDown), ctrl('d')],
                "PgDn Ctrl-d",
                PageDown,
                "page down"
            ),
            bind!(
                Families,
                [key(KeyCode::PageUp), ctrl('u')],
                "PgUp Ctrl-u",
                PageUp,
                "page up"
            ),
            bind!(
                Families,
                [ch('g'), key(KeyCode::Home)],
                "g Home",
                Top,
                "first member of the first family"
            ),
            bind!(
                Families,
                [ch('G'), key(KeyCode::End)],
                "G End",
                Bottom,
                "last member of the last family"
            ),
            bind!(
                Families,
                [key(KeyCode::Enter)],
                "Enter",
                Pick,
                "compare the member with its family's likely original (the original on the left)",
                "compare"
            ),
            bind!(
                Families,
                [ch('q'), key(KeyCode::Esc)],
                "q Esc",
                Back,
                "back where the families were opened from",
                "back"
            ),
            bind!(
                Compare,
                [ch('j'), key(KeyCode::Down)],
                "j ↓",
                Down,
                "next row",
                "move"
            ),
            bind!(
                Compare,
                [ch('k'), key(KeyCode::Up)],
                "k ↑",
                Up,
                "previous row"
            ),
            bind!(
                Compare,
                [key(KeyCode::PageDown), ch(' '), ctrl('f')],
                "Space PgDn",
                PageDown,
                "page down (also Ctrl-f)"
            ),
            bind!(
                Compare,
                [key(KeyCode::PageUp), ctrl('b')],
                "PgUp Ctrl-b",
                PageUp,
                "page up"
            ),
            bind!(
                Compare,
                [ctrl('d')],
                "Ctrl-d",
                HalfPageDown,
                "half a page down"
            ),
            bind!(Compare, [ctrl('u')], "Ctrl-u", HalfPageUp, "half a page up"),
            bind!(
                Compare,
                [ch('g'), key(KeyCode::Home)],
                "g Home",
                Top,
                "first row"
            ),
            bind!(
                Compare,
                [ch('G'), key(KeyCode::End)],
                "G End",
                Bottom,
                "last row"
            ),
            count(Context::Compare, "go to paragraph ¶N (focused pane): N, then G"),
            bind!(
                Compare,
                [ch(':')],
                ":N",
                StartGoto,
                "go to paragraph ¶N (focused pane): type N, Enter"
            ),
            bind!(
                Compare,
                [ch('y')],
                "y",
                CopyPair,
                "copy the row's paragraphs, both sides (OSC 52)"
            ),
            bind!(
                Compare,
                [ch('n')],
                "n",
                Next,
                "next difference or unmatched block (or search hit)",
                "next change"
            ),
            bind!(
                Compare,
                [ch('N')],
                "N",
                Prev,
                "previous difference or unmatched block (or search hit)"
            ),
            bind!(
                Compare,
                [Chord::Seq(']', 'c')],
                "]c",
                NextChange,
                "next difference or unmatched block"
            ),
            bind!(
                Compare,
                [Chord::Seq('[', 'c')],
                "[c",
                PrevChange,
                "previous difference or unmatched block"
            ),
            bind!(
                Compare,
                [ch('o'), key(KeyCode::Enter)],
                "o Enter",
                JumpToLink,
                "jump to a moved, repeated or quoted paragraph's partner"
            ),
            bind!(
                Compare,
                [ch('/')],
                "/",
                StartFilter,
                "search both articles",
                "search"
            ),
            bind!(
                Compare,
                [key(KeyCode::Tab)],
                "Tab",
                SwitchPane,
                "switch the focused pane"
            ),
            bind!(
                Compare,
                [ch('l')],
                "l",
                ToggleLock,
                "lock or unlock synchronised scrolling"
            ),
            bind!(Compare, [ch('s')], "s", SwapSides, "swap left and right"),
            bind!(
                Compare,
                [ch('w')],
                "w",
                ToggleWrap,
                "wrap long paragraphs or cut them"
            ),
            bind!(
                Compare,
                [ch('v')],
                "v",
                CycleView,
                "view: all rows, shared text only, differences only",
                "view"
            ),
            bind!(
                Compare,
                [ch('d')],
                "d",
                MarkRow(RowLabel::Duplicate),
                "mark the row: duplicate",
                "dup"
            ),
            bind!(
                Compare,
                [ch('a')],
                "a",
                MarkRow(RowLabel::NearDuplicate),
                "mark the row: near-duplicate"
            ),
            bind!(
                Compare,
                [ch('p')],
                "p",
                MarkRow(RowLabel::Paraphrase),
                "mark the row: paraphrase"
            ),
            bind!(
                Compare,
                [ch('x')],
                "x",
                MarkRow(RowLabel::Distinct),
                "mark the row: distinct"
            ),
            bind!(
                Compare,
                [ch('m')],
                "m",
                OpenVerdict,
                "mark the article pair (copy and direction, duplicate, same story, unrelated)",
                "verdict"
            ),
            bind!(
                Compare,
                [ch('c')],
                "c",
                OpenNote,
                "note on the row's mark (or the pair's)",
                "note"
            ),
            bind!(
                Compare,
                [ch('u')],
                "u",
                Undo,
                "undo this reader's last mark change",
                "undo"
            ),
            bind!(
                Compare,
                [ch('M')],
                "M",
                OpenMarks,
                "all marks of the corpus (open, edit the note, delete)"
            ),
            bind!(
                Compare,
                [ctrl('r')],
                "Ctrl-r",
                Redo,
                "redo what u undid in this reader"
            ),
            bind!(
                Compare,
                [ch('e')],
                "e",
                OpenExport,
                "export marks",
                "export"
            ),
            bind!(
                Compare,
                [ch('z')],
                "z",
                Zoom,
                "zoom: the focused pane alone, full width (Tab shows the other; z again: both)"
            ),
            bind!(
                Compare,
                [key(KeyCode::Esc)],
                "Esc",
                Back,
                "clear the search, or back to the list"
            ),
            bind!(
                Compare,
                [ch('q')],
                "q",
                Quit,
                "back to the article list",
                "back"
            ),
            bind!(
                Article,
                [ch('j'), key(KeyCode::Down)],
                "j ↓",
                Down,
                "next paragraph"
            ),
            bind!(
                Article,
                [ch('k'), key(KeyCode::Up)],
                "k ↑",
                Up,
                "previous paragraph"
            ),
            bind!(
                Article,
                [ch(' '), key(KeyCode::PageDown), ctrl('f')],
                "Space PgDn",
                PageDown,
                "page down (also Ctrl-f)"
            ),
            bind!(
                Article,
                [ch('b'), key(KeyCode::PageUp), ctrl('b')],
                "b PgUp",
                PageUp,
                "page up (also Ctrl-b)"
            ),
            bind!(
                Article,
                [ctrl('d')],
                "Ctrl-d",
                HalfPageDown,
                "half a page down"
            ),
            bind!(Article, [ctrl('u')], "Ctrl-u", HalfPageUp, "half a page up"),
            bind!(
                Article,
                [ch('g'), key(KeyCode::Home)],
                "g Home",
                Top,
                "top of the article"
            ),
            bind!(
                Article,
                [ch('G'), key(KeyCode::End)],
                "G End",
                Bottom,
                "last paragraph"
            ),
            count(Context::Article, "go to paragraph ¶N: N, then G"),
            bind!(
                Article,
                [ch('/')],
                "/",
                StartFilter,
                "search the article",
                "search"
            ),
            bind!(Article, [ch('n')], "n", Next, "next search hit"),
            bind!(Article, [ch('N')], "N", Prev, "previous search hit"),
            bind!(
                Article,
                [key(KeyCode::Enter), ch('o')],
                "Enter o",
                CompareSource,
                "compare with the article the paragraph is found in, at this paragraph (N o: the N-th named)",
                "compare here"
            ),
            bind!(
                Article,
                [ch('c')],
                "c",
                CompareWith,
                "compare with…: this article on the left, then pick the right (likeliest first)",
                "compare with"
            ),
            bind!(
                Article,
                [ch(']'), ch('J')],
                "] J",
                NextArticle,
                "next article of the list",
                "next"
            ),
            bind!(
                Article,
                [ch('['), ch('K')],
                "[ K",
                PrevArticle,
                "previous article of the list"
            ),
            bind!(
                Article,
                [key(KeyCode::Esc)],
                "Esc",
                Back,
                "clear the search, or back"
            ),
            bind!(
                Article,
                [ch('q')],
                "q",
                Quit,
                "back to where the article was opened from",
                "back"
            ),
            bind!(
                TextEntry,
                [key(KeyCode::Enter)],
                "Enter",
                Submit,
                "confirm",
                "confirm"
            ),
            bind!(
                TextEntry,
                [key(KeyCode::Esc)],
                "Esc",
                Back,
                "cancel",
                "cancel"
            ),
            bind!(
                TextEntry,
                [key(KeyCode::Backspace)],
                "Backspace",
                Backspace,
                "delete a character"
            ),
            bind!(
                TextEntry,
                [key(KeyCode::Delete)],
                "Delete",
                DeleteForward,
                "delete the character under the cursor"
            ),
            bind!(
                TextEntry,
                [key(KeyCode::Left)],
                "←",
                CursorLeft,
                "move the cursor left (type to insert there)"
            ),
            bind!(
                TextEntry,
                [key(KeyCode::Right)],
                "→",
                CursorRight,
                "move the cursor right"
            ),
            bind!(
                TextEntry,
                [key(KeyCode::Home), ctrl('a')],
                "Home Ctrl-a",
                CursorHome,
                "cursor to the start"
            ),
            bind!(
                TextEntry,
                [key(KeyCode::End), ctrl('e')],
                "End Ctrl-e",
                CursorEnd,
                "cursor to the end"
            ),
            bind!(Help, [key(KeyCode::Down)], "↓", Down, "scroll down"),
            bind!(Help, [key(KeyCode::Up)], "↑", Up, "scroll up"),
            bind!(
                Help,
                [key(KeyCode::Esc), key(KeyCode::Enter), key(KeyCode::F(1))],
                "Esc Enter F1",
                Back,
                "close help (every other key types into the filter)",
                "close"
            ),
            bind!(
                Marks,
                [ch('j'), key(KeyCode::Down)],
                "j ↓",
                Down,
                "next mark"
            ),
            bind!(
                Marks,
                [ch('k'), key(KeyCode::Up)],
                "k ↑",
                Up,
                "previous mark"
            ),
            bind!(
                Marks,
                [key(KeyCode::Enter)],
                "Enter",
                Pick,
                "open the pair at the marked row",
                "open"
            ),
            bind!(Marks, [ch('/')], "/", StartFilter, "filter the marks", "filter"),
            bind!(Marks, [ch('c')], "c", OpenNote, "edit the mark's note", "note"),
            bind!(
                Marks,
                [ch('D'), key(KeyCode::Delete)],
                "D Delete",
                DeleteMark,
                "delete the mark (y confirms; u undoes)",
                "delete"
            ),
            bind!(Marks, [ch('y')], "y", Confirm, "yes: delete"),
            bind!(
                Marks,
                [key(KeyCode::Esc), ch('q'), ch('M')],
                "Esc q M",
                Back,
                "close the list",
                "close"
            ),
            bind!(
                Menu,
                [ch('j'), key(KeyCode::Down)],
                "j ↓",
                Down,
                "next choice"
            ),
            bind!(
                Menu,
                [ch('k'), key(KeyCode::Up)],
                "k ↑",
                Up,
                "previous choice"
            ),
            bind!(
                Menu,
                [key(KeyCode::Enter)],
                "Enter",
                Submit,
                "choose",
                "choose"
            ),
            bind!(
                Menu,
                [key(KeyCode::Tab)],
                "Tab",
                SwitchPane,
                "edit the export path"
            ),
            bind!(
                Menu,
                [key(KeyCode::Esc), ch('q')],
                "Esc q",
                Back,
                "cancel",
                "cancel"
            ),
        ]
    })
}

/// The context keys are read in now.
pub fn context(app: &App) -> Context {
    match &app.popup {
        Some(Popup::Help { .. }) => Context::Help,
        Some(Popup::Note { .. } | Popup::Author { .. }) => Context::TextEntry,
        Some(Popup::Export { editing_path, .. }) => {
            if *editing_path {
                Context::TextEntry
            } else {
                Context::Menu
            }
        }
        Some(Popup::Verdict { .. }) => Context::Menu,
        Some(Popup::Marks { filtering, .. }) => {
            if *filtering {
                Context::TextEntry
            } else {
                Context::Marks
            }
        }
        None => match app.screen {
            Screen::Picker if app.picker.filtering => Context::TextEntry,
            Screen::Pairs if app.scan.filtering => Context::TextEntry,
            Screen::Compare
                if app
                    .compare
                    .as_ref()
                    .is_some_and(|c| c.search.editing || c.goto.is_some()) =>
            {
                Context::TextEntry
            }
            Screen::Article if app.article.as_ref().is_some_and(|a| a.search.editing) => {
                Context::TextEntry
            }
            Screen::Picker => Context::Picker,
            Screen::Pairs => Context::Pairs,
            Screen::Compare => Context::Compare,
            Screen::Article => Context::Article,
            Screen::Families => Context::Families,
        },
    }
}

/// Whether a text field has the focus (a filter, the search, a note, the export path, a
/// prompt, the help filter): then every printable key is text.
pub fn typing(ctx: Context) -> bool {
    matches!(ctx, Context::TextEntry | Context::Help)
}

/// The action a key press means now, if any. `pending` is the first key of a sequence.
pub fn dispatch(app: &App, ev: KeyEvent) -> Option<Action> {
    let ctx = context(app);
    // Shift is part of the character for printable keys ('G', '?').
    let mods = if matches!(ev.code, KeyCode::Char(_)) {
        ev.modifiers - KeyModifiers::SHIFT
    } else {
        ev.modifiers
    };
    let chord = Chord::Key(ev.code, mods);
    if typing(ctx) {
        // A text field has the focus: printable keys are text, whatever they mean elsewhere;
        // only the field's own keys (Enter, Esc, editing, scrolling) and Ctrl-c / Ctrl-z act.
        if let KeyCode::Char(c) = ev.code {
            if !mods.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
                return Some(Action::Input(c));
            }
        }
        return find(ctx, chord)
            .or_else(|| find(Context::TextEntry, chord))
            .or_else(|| {
                find(Context::Global, chord)
                    .filter(|a| matches!(a, Action::ForceQuit | Action::Suspend))
            });
    }
    if let (Some(first), KeyCode::Char(c)) = (app.pending, ev.code) {
        let seq = Chord::Seq(first, c);
        // An unknown sequence is dropped (update clears the pending key on any action).
        return Some(find(ctx, seq).unwrap_or(Action::Nothing));
    }
    if let Some(a) = find(ctx, chord) {
        // The count row stands for every digit: the action carries the one typed.
        if let (Action::Count(_), KeyCode::Char(c)) = (&a, ev.code) {
            return c.to_digit(10).map(|d| Action::Count(d as u8));
        }
        return Some(a);
    }
    if let KeyCode::Char(c) = ev.code {
        if mods.is_empty() && starts_sequence(ctx, c) {
            return Some(Action::Pending(c));
        }
    }
    find(Context::Global, chord)
}

fn find(ctx: Context, chord: Chord) -> Option<Action> {
    bindings()
        .iter()
        .find(|b| b.context == ctx && b.chords.contains(&chord))
        .map(|b| b.action.clone())
}

fn starts_sequence(ctx: Context, c: char) -> bool {
    bindings().iter().any(|b| {
        b.context == ctx
            && b.chords
                .iter()
                .any(|ch| matches!(ch, Chord::Seq(first, _) if *first == c))
    })
}

/// The status-bar hints for a context: `key hint` pairs.
pub fn hints(ctx: Context) -> Vec<(&'static str, &'static str)> {
    bindings()
        .iter()
        .filter(|b| b.context == ctx || (b.context == Context::Global && ctx != Context::TextEntry))
        .filter_map(|b| {
            b.hint
                .map(|h| (b.keys.split(' ').next().unwrap_or(b.keys), h))
        })
        .collect()
}

/// Help lines grouped by context — the screen's own context first, after the global keys —
/// filtered by `filter` (case-insensitive, on keys, text and group).
pub fn help_lines(filter: &str, first: Context) -> Vec<(Context, &'static str, &'static str)> {
    let f = filter.to_lowercase();
    let rank = |c: Context| match c {
        Context::Global => 0,
        c if c == first => 1,
        _ => 2,
    };
    let mut ordered: Vec<&Binding> = bindings().iter().collect();
    ordered.sort_by_key(|b| rank(b.context));
    ordered
        .into_iter()
        .filter(|b| {
            f.is_empty()
                || b.help.to_lowercase().contains(&f)
                || b.keys.to_lowercase().contains(&f)
                || b.context.title().to_lowercase().contains(&f)
        })
        .map(|b| (b.context, b.keys, b.help))
        .collect()
}
