//! Everything that can happen to the UI state: keys mapped through the keymap, and results
//! coming back from work done off the UI thread or by the store.

use super::state::{RowLabel, ShownMark, Verdict};
use parallax_core::engine::compare::Comparison;

/// An action for [`super::update::update`].
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Moving around.
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    NextChange,
    PrevChange,
    /// `n`: next search hit when a search is active, else next change.
    Next,
    /// `N`: previous search hit when a search is active, else previous change.
    Prev,
    /// Jump to the partner of a moved, repeated or quoted paragraph.
    JumpToLink,
    /// A digit of a count typed before a key (`12G`).
    Count(u8),
    /// `:`: type a paragraph number to go to.
    StartGoto,
    /// `y`: copy the row's paragraphs to the clipboard (OSC 52).
    CopyPair,
    // Picker.
    /// Pick the highlighted article (left first, then right: opens the comparison).
    Pick,
    // Comparison view toggles.
    SwitchPane,
    SwapSides,
    ToggleWrap,
    ToggleLock,
    CycleView,
    /// Picker: switch the filter between titles and full text (then type the quote).
    ToggleFullText,
    /// Picker: show or hide the files that could not be read.
    ToggleSkipped,
    /// Picker: the pairs screen (pairs of articles that share text, from the corpus scan).
    OpenPairs,
    /// Picker and pairs screen: the families screen (groups of articles copied from one
    /// another, with the likely original).
    OpenFamilies,
    // Text entry: filters, search, notes, export path.
    StartFilter,
    Input(char),
    Backspace,
    /// Delete the character under the cursor of a text field.
    DeleteForward,
    /// Move the cursor of a text field.
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    Submit,
    // Marks.
    MarkRow(RowLabel),
    OpenVerdict,
    OpenNote,
    OpenExport,
    Undo,
    /// Redo the change this reader last undid.
    Redo,
    /// The list of all marks of the corpus.
    OpenMarks,
    /// Marks list: delete the mark under the cursor (asks first).
    DeleteMark,
    /// `y`: confirm what was asked.
    Confirm,
    /// All marks of the corpus, for the marks list.
    MarksList(Vec<super::state::ListedMark>),
    // Popups and screens.
    Help,
    /// Esc: close the popup, clear the search or filter, go back.
    Back,
    /// `q`: back to the picker from a comparison, quit from the picker.
    Quit,
    /// Ctrl-C: quit from anywhere.
    ForceQuit,
    /// Ctrl-Z: suspend the reader (the shell's `fg` resumes it), from anywhere.
    Suspend,
    Resize(u16, u16),
    /// The first key of a two-key sequence (`]` of `]c`).
    Pending(char),
    /// Does nothing (an unknown key sequence); clears a pending key like any action.
    Nothing,
    /// Mouse wheel.
    ScrollLines(i32),
    /// Mouse click on a screen line.
    Click(u16, u16),
    // Results.
    Aligned {
        generation: u64,
        comparison: Box<Comparison>,
    },
    /// Marks of the open pair, reloaded after a change.
    PairMarks(Vec<ShownMark>),
    /// Number of marks per article, for the picker.
    MarkCounts(Vec<(String, usize)>),
    /// The current pair verdicts `(left id, right id, label)`, oldest first, for the pairs
    /// screen.
    PairLabels(Vec<(String, String, String)>),
    /// Pairs screen: mark the pair under the cursor (opens the verdict menu).
    MarkScannedPair,
    /// A store or export operation finished: a message for the status bar.
    Done(String),
    Failed(String),
    /// Full-text hits for the picker's query of this generation, best first.
    TextHits {
        generation: u64,
        hits: Vec<super::state::TextHit>,
    },
    /// A pair verdict chosen in the popup (also reachable directly for tests).
    SetVerdict(Verdict),
    /// The corpus scan progressed: stage, steps done, steps in the stage.
    ScanProgress {
        stage: &'static str,
        done: usize,
        total: usize,
    },
    /// The corpus scan finished: its pairs (best first) and the scanned articles.
    Scanned {
        pairs: Vec<parallax_core::scan::Pair>,
        docs: super::state::ScanDocs,
    },
    /// Who copied whom for the scan's pairs, worked out after them: `(left id, right id,
    /// provenance)` in the pairs' order.
    PairsProvenance(
        Vec<(
            String,
            String,
            Option<parallax_core::provenance::Provenance>,
        )>,
    ),
    /// Files the background scan left out, with the reason (too large to scan here): those
    /// the picker does not list as skipped yet are added.
    ScanSkipped(Vec<parallax_core::corpus::Skipped>),
    /// The coverage of one article by the rest of the corpus.
    CoverageReady(std::sync::Arc<parallax_core::scan::Coverage>),
    // Reading one article (the article view, the preview, zoom).
    /// Picker: read the article under the cursor alone; pairs screen: the left article.
    OpenArticle,
    /// Pairs screen: read the right article alone.
    OpenArticleRight,
    /// Article view: the next / previous article of the (filtered) picker list.
    NextArticle,
    PrevArticle,
    /// Article view: pick this article as the left side, back to the picker for the right.
    CompareWith,
    /// Article view: the comparison with the article the cursor's paragraph is found in
    /// (with a count N, the N-th one named), at that paragraph's row.
    CompareSource,
    /// Picker: show or hide the preview pane.
    TogglePreview,
    /// Comparison: the focused pane alone, full width, and back.
    Zoom,
    /// The marks of the corpus that touch an article, for the article view.
    ArticleMarks {
        id: String,
        marks: Vec<super::state::ListedMark>,
    },
    /// Articles read at start-up (in corpus order, after those already listed), with the
    /// loading's progress: articles read, articles in the corpus, articles read per second.
    ArticlesLoaded {
        articles: super::state::Loaded,
        read: usize,
        total: usize,
        rate: usize,
    },
    /// The corpus folder is listed (walked after the first frame, on the loader thread): the
    /// articles to read from now on; the runtime gives the listing to the marks store.
    Listed(super::state::Listing),
    /// Start-up loading finished: the files that could not be read, and what there is to say
    /// about the cache (rebuilt, not used).
    LoadDone {
        skipped: Vec<parallax_core::corpus::Skipped>,
        note: Option<String>,
    },
    /// The families of the scan's pairs, worked out for the request of this generation.
    Families {
        generation: u64,
        families: Vec<parallax_core::provenance::families::Family>,
    },
    /// Bodies read on demand ([`super::update::Effect::LoadBodies`]), those that could not be
    /// read (id, reason), and the action to do again now that they are held.
    Bodies {
        read: super::state::BodiesRead,
        failed: Vec<(String, String)>,
        then: Option<Box<Action>>,
    },
}
