//! The UI state: plain data, changed only by [`super::update::update`].

use parallax_core::corpus::Skipped;
use parallax_core::engine::compare::{Comparison, Row, RowKind};
use parallax_core::Article;
use std::sync::Arc;

/// A paragraph-pair label (the store's `ParaLabel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowLabel {
    Duplicate,
    NearDuplicate,
    Paraphrase,
    Distinct,
}

impl RowLabel {
    pub fn name(self) -> &'static str {
        match self {
            RowLabel::Duplicate => "duplicate",
            RowLabel::NearDuplicate => "near-duplicate",
            RowLabel::Paraphrase => "paraphrase",
            RowLabel::Distinct => "distinct",
        }
    }
}

/// An article-pair verdict (the store's `PairLabel`), relative to the sides on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The right article reposts the left one: left is the source.
    CopyLeftIsSource,
    /// The left article reposts the right one: right is the source.
    CopyRightIsSource,
    CopyUnknown,
    Duplicate,
    SameStory,
    Unrelated,
}

impl Verdict {
    /// The verdict of a pair mark as the comparison shows it ([`ShownMark::label`]).
    pub fn of_shown(label: &str) -> Option<Verdict> {
        Some(match label {
            "copy (left is the source)" => Verdict::CopyLeftIsSource,
            "copy (right is the source)" => Verdict::CopyRightIsSource,
            "copy (direction unknown)" => Verdict::CopyUnknown,
            "duplicate" => Verdict::Duplicate,
            "same-story" => Verdict::SameStory,
            "unrelated" => Verdict::Unrelated,
            _ => return None,
        })
    }
}

/// The verdicts of the `m` menu, in order, with their descriptions.
pub const VERDICTS: [(Verdict, &str); 6] = [
    (
        Verdict::CopyLeftIsSource,
        "copy: right reposts left (left is the source)",
    ),
    (
        Verdict::CopyRightIsSource,
        "copy: left reposts right (right is the source)",
    ),
    (Verdict::CopyUnknown, "copy: direction unknown"),
    (Verdict::Duplicate, "duplicate: the same text"),
    (Verdict::SameStory, "same story: independent reports"),
    (Verdict::Unrelated, "unrelated"),
];

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Jsonl,
    Csv,
    Md,
    W3c,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Json,
        ExportFormat::Jsonl,
        ExportFormat::Csv,
        ExportFormat::Md,
        ExportFormat::W3c,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Md => "md",
            ExportFormat::W3c => "w3c",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            ExportFormat::Json => "JSON document (round-trips through `parallax import`)",
            ExportFormat::Jsonl => "JSON Lines, one mark per line",
            ExportFormat::Csv => "CSV for spreadsheets (formula injection neutralised)",
            ExportFormat::Md => "Markdown report to read",
            ExportFormat::W3c => "W3C Web Annotation JSON-LD",
        }
    }

    /// The default file name for this format.
    pub fn default_path(self) -> String {
        let ext = match self {
            ExportFormat::W3c => "jsonld",
            f => f.name(),
        };
        format!("parallax-marks.{ext}")
    }
}

/// A mark as the comparison view shows it, oriented to the sides on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownMark {
    pub id: i64,
    /// True for an article-pair mark.
    pub pair: bool,
    /// The label as written ("duplicate", "copy", …), with the copy direction for pairs.
    pub label: String,
    pub left: Vec<usize>,
    pub right: Vec<usize>,
    pub note: Option<String>,
    /// "ok", "reanchored" or "orphaned".
    pub anchor: String,
}

impl ShownMark {
    /// The mark seen with sides swapped.
    pub fn mirrored(&self) -> ShownMark {
        let label = match self.label.as_str() {
            "copy (left is the source)" => "copy (right is the source)".to_string(),
            "copy (right is the source)" => "copy (left is the source)".to_string(),
            l => l.to_string(),
        };
        ShownMark {
            left: self.right.clone(),
            right: self.left.clone(),
            label,
            ..self.clone()
        }
    }

    /// Whether this paragraph mark covers a paragraph of the row.
    pub fn covers(&self, row: &Row) -> bool {
        !self.pair
            && (row.left.iter().any(|p| self.left.contains(p))
                || row.right.iter().any(|p| self.right.contains(p)))
    }
}

/// One mark of the corpus, as the marks list (`M`) shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedMark {
    pub id: i64,
    pub left_id: String,
    pub right_id: String,
    /// `duplicate ¶3 ↔ ¶5`, `copy (left is the source)`.
    pub what: String,
    /// The first left paragraph of a paragraph mark: where Enter opens the pair.
    pub left_para: Option<usize>,
    pub note: Option<String>,
    pub author: String,
    /// "ok", "reanchored" or "orphaned".
    pub anchor: String,
}

impl ListedMark {
    /// Whether the filter (lower-cased) matches: ids, label, note, author.
    pub fn matches(&self, f: &str) -> bool {
        f.is_empty()
            || [
                self.left_id.as_str(),
                &self.right_id,
                &self.what,
                self.note.as_deref().unwrap_or(""),
                &self.author,
                &format!("#{}", self.id),
            ]
            .iter()
            .any(|t| t.to_lowercase().contains(f))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Picker,
    /// The pairs the corpus scan found.
    Pairs,
    Compare,
    /// One article alone, full width ([`ArticleView`]).
    Article,
    /// Families of articles copied from one another ([`super::families`]).
    Families,
}

/// What the reader holds of every article of the corpus: its head (id, path, metadata,
/// counts: what the picker, its sort and filters, the preview's header, the pairs and
/// families screens show), never its text or paragraphs. Bodies are read from the parse cache
/// when a screen needs one, and a few are kept ([`Bodies`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub listed: parallax_core::corpus::cache::Listed,
    /// Its place in the corpus listing (`Corpus::entries`), where the body is read from;
    /// `None` for an article given whole ([`App::new`]).
    pub entry: Option<usize>,
}

impl std::ops::Deref for Head {
    type Target = parallax_core::corpus::cache::Listed;
    fn deref(&self) -> &Self::Target {
        &self.listed
    }
}

impl Head {
    /// The head of an article given whole.
    pub fn of(a: &Article) -> Head {
        Head {
            listed: parallax_core::corpus::cache::Listed::of(a),
            entry: None,
        }
    }
}

/// How many bodies read on demand the reader keeps ([`Bodies`]): the article under the
/// picker's cursor, the left pick, the pair under the pairs screen's cursor and a few read
/// just before (going back and forth costs no read). The article and comparison on screen
/// hold their own articles besides.
pub const BODIES_KEPT: usize = 8;

/// Whole articles the reader holds: those given whole when it started (a comparison or an
/// article named on the command line, or every article a test hands to [`App::new`]), and
/// the last [`BODIES_KEPT`] read on demand, never the corpus.
#[derive(Debug, Clone, Default)]
pub struct Bodies {
    given: std::collections::HashMap<String, Arc<Article>>,
    /// Read on demand, the most recently used last.
    recent: std::collections::VecDeque<Arc<Article>>,
    /// Ids asked for and not answered yet (not asked again meanwhile).
    pub asked: Vec<String>,
}

impl Bodies {
    /// The whole article of this id, if held.
    pub fn get(&self, id: &str) -> Option<&Arc<Article>> {
        self.given
            .get(id)
            .or_else(|| self.recent.iter().rev().find(|a| a.id == id))
    }

    /// Whether the article of this id is held.
    pub fn has(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// Keep an article given whole (not counted against [`BODIES_KEPT`]).
    pub fn give(&mut self, a: Arc<Article>) {
        self.given.insert(a.id.clone(), a);
    }

    /// Keep an article read on demand (or used again): the oldest beyond [`BODIES_KEPT`] go.
    pub fn put(&mut self, a: Arc<Article>) {
        self.asked.retain(|id| *id != a.id);
        if self.given.contains_key(&a.id) {
            return;
        }
        self.recent.retain(|b| b.id != a.id);
        self.recent.push_back(a);
        while self.recent.len() > BODIES_KEPT {
            self.recent.pop_front();
        }
    }

    /// How many articles read on demand are held (at most [`BODIES_KEPT`]).
    pub fn kept(&self) -> usize {
        self.recent.len()
    }

    /// Every whole article held (given and read on demand).
    pub fn all(&self) -> impl Iterator<Item = &Arc<Article>> {
        self.given.values().chain(self.recent.iter())
    }
}

/// One article of the picker.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The article's head: no text ([`Head`]).
    pub article: Arc<Head>,
    /// What the filters match, lower-cased once: title, source, id and path.
    pub search: String,
    pub marks: usize,
    /// The article of the corpus that holds most of this one, from the scan.
    pub counterpart: Option<Counterpart>,
}

/// An article's likeliest counterpart, from the corpus scan.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterpart {
    pub id: String,
    /// Share of this article found in the counterpart.
    pub share: f64,
    /// Share of the counterpart found in this article.
    pub back: f64,
    /// Other articles that share text with this one.
    pub others: usize,
}

/// Where the corpus scan is.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum ScanStatus {
    /// Not started (the runtime starts it with the reader).
    #[default]
    Idle,
    /// Working: stage name, steps done, steps in the stage.
    Running {
        stage: &'static str,
        done: usize,
        total: usize,
    },
    Done,
}

/// The scanned articles, shared with the coverage worker. Two are equal when they are the
/// same scan.
#[derive(Debug, Clone, Default)]
pub struct ScanDocs(pub Arc<Vec<parallax_core::scan::Doc>>);

impl PartialEq for ScanDocs {
    fn eq(&self, other: &ScanDocs) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The corpus listing (its folder walked), shared by the runtime, the loader, the scan and the
/// marks store (one copy). Two are equal when they are the same listing.
#[derive(Debug, Clone)]
pub struct Listing(pub Arc<parallax_core::corpus::Corpus>);

impl PartialEq for Listing {
    fn eq(&self, other: &Listing) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Articles read at start-up, on their way to the picker: their heads. Two are equal when
/// they hold the same heads (by identity).
#[derive(Debug, Clone, Default)]
pub struct Loaded(pub Vec<Arc<Head>>);

impl Loaded {
    /// The heads of articles given whole (tests).
    pub fn of(articles: &[Arc<Article>]) -> Loaded {
        Loaded(articles.iter().map(|a| Arc::new(Head::of(a))).collect())
    }
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Loaded) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// Whole articles read on demand ([`super::update::Effect::LoadBodies`]), on their way to
/// [`Bodies`]. Two are equal when they hold the same articles (by identity).
#[derive(Debug, Clone, Default)]
pub struct BodiesRead(pub Vec<Arc<Article>>);

impl PartialEq for BodiesRead {
    fn eq(&self, other: &BodiesRead) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// The corpus scan as the reader holds it: the pairs screen and the coverage strips.
#[derive(Debug, Clone, Default)]
pub struct ScanView {
    pub status: ScanStatus,
    /// Pairs that share text, best first.
    pub pairs: Vec<parallax_core::scan::Pair>,
    /// The scanned articles, for coverage.
    pub docs: ScanDocs,
    /// Indices into `pairs` that pass the filter.
    pub visible: Vec<usize>,
    pub cursor: usize,
    pub top: usize,
    pub filter: String,
    pub filtering: bool,
    /// Coverage of articles by the rest of the corpus, by article id (computed on demand,
    /// off the UI thread; a bounded cache).
    pub coverage: std::collections::HashMap<String, Arc<parallax_core::scan::Coverage>>,
    /// Article ids of the latest coverage request (older requests may be dropped unanswered).
    pub wanted: Vec<String>,
    /// Picker entry of each scanned article id.
    pub entry_of: std::collections::HashMap<String, usize>,
    /// The newest pair verdict in the marks store for each pair of ids (in either order; see
    /// [`ScanView::label`]).
    pub labels: std::collections::HashMap<(String, String), String>,
}

impl ScanView {
    /// The pair verdict marked on these two articles, if any.
    pub fn label(&self, a: &str, b: &str) -> Option<&str> {
        let key = if a <= b { (a, b) } else { (b, a) };
        self.labels
            .get(&(key.0.to_string(), key.1.to_string()))
            .map(String::as_str)
    }

    /// The pair under the cursor.
    pub fn current(&self) -> Option<&parallax_core::scan::Pair> {
        self.pairs.get(*self.visible.get(self.cursor)?)
    }
}

/// The pairs screen's label of a copy mark that names the original.
pub fn copy_label(original: &str) -> String {
    format!("copy: {original} is the original")
}

/// The original named by a [`copy_label`].
pub fn copy_label_original(label: &str) -> Option<&str> {
    label
        .strip_prefix("copy: ")?
        .strip_suffix(" is the original")
}

/// The article list.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub entries: Vec<Entry>,
    /// Indices into `entries` that pass the filter, in order.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub cursor: usize,
    /// First visible line of the list.
    pub top: usize,
    pub filter: String,
    pub filtering: bool,
    /// The entry picked as the left article.
    pub left: Option<usize>,
    pub skipped: Vec<Skipped>,
    pub corpus: String,
    /// The filter searches the articles' full text (FTS5) instead of titles and ids.
    pub fulltext: bool,
    /// Full-text hits: per visible entry (same order as `visible`), the best paragraph and
    /// its snippet. Empty unless `fulltext` and a result has arrived.
    pub text_hits: Vec<TextHit>,
    /// Generation of the last full-text query asked for; older answers are dropped.
    pub text_generation: u64,
    /// The list of files that could not be read is shown instead of the articles.
    pub show_skipped: bool,
    /// With a left pick and a finished scan: shares of each article that shares text with
    /// the left pick, by id (this one's share in the left article, the left one's in it).
    pub with_left: std::collections::HashMap<String, (f64, f64)>,
    /// Columns of the widest article id (the id column's width), measured once.
    pub id_width: usize,
    /// While the articles are read at start-up: articles read, articles in the corpus,
    /// articles read per second.
    pub loading: Option<(usize, usize, usize)>,
    /// The corpus folder is being walked (after the first frame): how many articles it holds
    /// is not known yet.
    pub listing: bool,
}

/// A full-text search hit, as the picker shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextHit {
    pub id: String,
    pub para: usize,
    /// The paragraph, matches between [`parallax_core::text::snippet::MATCH_START`] and `MATCH_END`; the
    /// view cuts it to the row's width around the match ([`parallax_core::text::snippet::centre`]).
    pub snippet: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Left,
    Right,
}

impl Pane {
    pub fn index(self) -> usize {
        match self {
            Pane::Left => 0,
            Pane::Right => 1,
        }
    }
}

/// Which rows the comparison shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewFilter {
    All,
    /// Rows whose text is found on the other side (aligned rows, linked paragraphs).
    Shared,
    /// Rows that are not identical.
    Differences,
}

impl ViewFilter {
    pub fn name(self) -> &'static str {
        match self {
            ViewFilter::All => "all rows",
            ViewFilter::Shared => "shared text",
            ViewFilter::Differences => "differences",
        }
    }
}

/// A search match: row (index into the comparison's rows), side, paragraph, byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchHit {
    pub row: usize,
    pub side: Pane,
    pub para: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    pub query: String,
    pub editing: bool,
    pub hits: Vec<SearchHit>,
    /// The hit `n`/`N` last went to (index into `hits`).
    pub current: Option<usize>,
}

impl Search {
    pub fn active(&self) -> bool {
        !self.query.is_empty()
    }
}

/// Line heights of the visible rows for one pane width and settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub pane: usize,
    pub wrap: bool,
    /// Height of each visible row, in lines (a blank line after each row included).
    pub heights: Vec<usize>,
    /// First line of each visible row; `starts[k] + heights[k] == starts[k + 1]`.
    pub starts: Vec<usize>,
    pub total: usize,
    /// Rows drawn on the same lines as the row before them: a right-only row beside the
    /// left-only row before it (unmatched paragraphs read side by side); `starts` and
    /// `heights` are the pair's.
    pub beside: Vec<bool>,
}

impl Layout {
    /// The visible row at a line.
    pub fn row_at(&self, line: usize) -> usize {
        let mut k = self
            .starts
            .partition_point(|&s| s <= line)
            .saturating_sub(1);
        // Of two rows side by side, the first.
        while k > 0 && self.beside.get(k).copied().unwrap_or(false) {
            k -= 1;
        }
        k
    }
}

/// The open comparison.
#[derive(Debug, Clone)]
pub struct CompareView {
    pub left: Arc<Article>,
    pub right: Arc<Article>,
    /// Which alignment request a result must answer to be taken.
    pub generation: u64,
    /// `None` while aligning.
    pub comparison: Option<Comparison>,
    /// Who copied whom, inferred when the comparison arrives (`None` while aligning).
    pub provenance: Option<parallax_core::provenance::Provenance>,
    /// Row of each left / right paragraph (indices into the comparison's rows).
    pub left_row: Vec<usize>,
    pub right_row: Vec<usize>,
    /// Indices into the comparison's rows that the view filter shows.
    pub rows: Vec<usize>,
    /// Position in `rows`.
    pub cursor: usize,
    /// First shown line of each pane.
    pub top: [usize; 2],
    pub lock: bool,
    pub focus: Pane,
    pub wrap: bool,
    pub view: ViewFilter,
    pub search: Search,
    /// Each article's paragraphs folded for search, by the article's hash: built at the first
    /// search of the comparison and kept, so that typing a query does not fold the articles
    /// again at every key.
    pub folded: Vec<(String, Arc<Vec<parallax_core::text::find::Folded>>)>,
    pub marks: Vec<ShownMark>,
    pub layout: Layout,
    /// The screen `q` goes back to.
    pub back: Screen,
    /// Once aligned, put the cursor on this left paragraph's row (opened from the marks list).
    pub goto_para: Option<usize>,
    /// A count typed before a key (`12G`).
    pub count: Option<usize>,
    /// `:` typing a paragraph number to go to.
    pub goto: Option<String>,
    /// `z`: the focused pane alone, full width (the other hidden).
    pub zoom: bool,
}

impl CompareView {
    pub fn new(left: Arc<Article>, right: Arc<Article>, generation: u64) -> CompareView {
        CompareView {
            left,
            right,
            generation,
            comparison: None,
            provenance: None,
            left_row: Vec::new(),
            right_row: Vec::new(),
            rows: Vec::new(),
            cursor: 0,
            top: [0, 0],
            lock: true,
            focus: Pane::Left,
            wrap: true,
            view: ViewFilter::All,
            search: Search::default(),
            folded: Vec::new(),
            marks: Vec::new(),
            layout: Layout::default(),
            back: Screen::Picker,
            goto_para: None,
            count: None,
            goto: None,
            zoom: false,
        }
    }

    /// The comparison row under the cursor.
    pub fn cursor_row(&self) -> Option<&Row> {
        let c = self.comparison.as_ref()?;
        c.rows.get(*self.rows.get(self.cursor)?)
    }

    /// The pair mark, if any (the newest).
    pub fn pair_mark(&self) -> Option<&ShownMark> {
        self.marks.iter().rev().find(|m| m.pair)
    }

    /// The newest paragraph mark covering a row.
    pub fn row_mark(&self, row: &Row) -> Option<&ShownMark> {
        self.marks.iter().rev().find(|m| m.covers(row))
    }
}

/// Whether a row is a stop for `n`/`N`: a row that differs (near or changed), a one-sided row
/// with a partner elsewhere (moved, repeated, quoted), or the first row of a block without
/// counterpart. Identical rows are never stops.
pub fn is_stop(c: &Comparison, k: usize) -> bool {
    let row = &c.rows[k];
    let one_sided = |r: &Row| matches!(r.kind, RowKind::LeftOnly | RowKind::RightOnly);
    match row.kind {
        RowKind::Near | RowKind::Changed => true,
        RowKind::Identical => false,
        RowKind::LeftOnly | RowKind::RightOnly => {
            !crate::report::styled::row_links(c, row).is_empty()
                || k == 0
                || !one_sided(&c.rows[k - 1])
        }
    }
}

/// A popup over the current screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help {
        filter: String,
        scroll: usize,
    },
    Verdict {
        selected: usize,
    },
    Note {
        input: String,
        mark_id: i64,
        what: String,
    },
    Export {
        selected: usize,
        path: String,
        editing_path: bool,
    },
    /// All marks of the corpus: filter, open the pair at the mark, edit the note, delete.
    Marks {
        items: Vec<ListedMark>,
        /// Indices into `items` that pass the filter.
        visible: Vec<usize>,
        cursor: usize,
        filter: String,
        filtering: bool,
        /// A delete asked for, waiting for `y`.
        confirm: Option<i64>,
    },
    /// No author is known: the first mark asks for a name, then makes the mark (`then`).
    Author {
        input: String,
        then: Box<super::action::Action>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// Display settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
}

/// The whole UI state.
#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    pub picker: Picker,
    pub scan: ScanView,
    pub compare: Option<CompareView>,
    pub popup: Option<Popup>,
    pub status: Option<Status>,
    pub pending: Option<char>,
    /// Terminal size (columns, lines).
    pub size: (u16, u16),
    pub quit: bool,
    pub next_generation: u64,
    pub theme: Theme,
    pub color: bool,
    /// The cursor of the focused text field, in characters from the field's end (0: at the
    /// end, where a field opens); reset whenever no text field has the focus.
    pub field_back: usize,
    /// No author is known (no --author, PARALLAX_AUTHOR or config): the first mark asks.
    pub author_needed: bool,
    /// The article read alone (kept while a comparison opened from it is on screen).
    pub article: Option<ArticleView>,
    /// The picker's preview pane: `None` shows it on terminals of
    /// [`super::layout::PREVIEW_MIN_COLS`] columns or more; `P` sets it either way.
    pub preview: Option<bool>,
    /// The families screen.
    pub families: super::families::FamiliesView,
    /// The whole articles held: given, and the few read on demand ([`Bodies`]).
    pub bodies: Bodies,
}

/// An article's title, source, id and path, lower-cased and joined by NUL (which no filter
/// holds, so no match runs from one into the next).
fn search_key(a: &parallax_core::corpus::cache::Listed) -> String {
    [
        a.meta.title.as_str(),
        a.meta.source.as_deref().unwrap_or(""),
        a.id.as_str(),
        &a.path.to_string_lossy(),
    ]
    .join("\0")
    .to_lowercase()
}

impl App {
    /// Articles read at start-up, added after those listed: shown at once, filtered by the
    /// current title filter (a full-text filter is answered by the index later).
    pub fn add_articles(&mut self, articles: Vec<Arc<Head>>) {
        let p = &mut self.picker;
        let f = p.filter.to_lowercase();
        for article in articles {
            p.id_width = p
                .id_width
                .max(unicode_width::UnicodeWidthStr::width(article.id.as_str()));
            let e = Entry {
                search: search_key(&article),
                article,
                marks: 0,
                counterpart: None,
            };
            if !p.fulltext && e.search.contains(&f) {
                p.visible.push(p.entries.len());
            }
            p.entries.push(e);
        }
    }

    /// The reader on articles given whole (all of them kept, in [`App::bodies`]); the
    /// runtime starts it empty and adds heads as they are read ([`App::add_articles`]).
    pub fn new(articles: Vec<Arc<Article>>, skipped: Vec<Skipped>, corpus: &str) -> App {
        let mut bodies = Bodies::default();
        let entries: Vec<Entry> = articles
            .into_iter()
            .map(|article| {
                let head = Arc::new(Head::of(&article));
                bodies.give(article);
                Entry {
                    search: search_key(&head),
                    article: head,
                    marks: 0,
                    counterpart: None,
                }
            })
            .collect();
        let visible = (0..entries.len()).collect();
        let id_width = entries
            .iter()
            .map(|e| unicode_width::UnicodeWidthStr::width(e.article.id.as_str()))
            .max()
            .unwrap_or(2);
        App {
            screen: Screen::Picker,
            picker: Picker {
                entries,
                visible,
                skipped,
                corpus: corpus.to_string(),
                id_width,
                ..Picker::default()
            },
            scan: ScanView::default(),
            compare: None,
            popup: None,
            status: None,
            pending: None,
            size: (80, 24),
            quit: false,
            next_generation: 1,
            theme: Theme::Dark,
            color: true,
            field_back: 0,
            author_needed: false,
            article: None,
            preview: None,
            families: Default::default(),
            bodies,
        }
    }
}

/// `/` in the article view: the query, its hits (paragraph, byte range in its text) and the
/// hit `n`/`N` last went to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleSearch {
    pub query: String,
    pub editing: bool,
    pub hits: Vec<(usize, usize, usize)>,
    pub current: Option<usize>,
}

impl ArticleSearch {
    pub fn active(&self) -> bool {
        !self.query.is_empty()
    }
}

/// Where the article view's text starts on screen: a block of the document (0: the header
/// block of metadata, coverage and marks; `1 + p`: paragraph ¶p) and lines of it scrolled off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocPos {
    pub block: usize,
    pub line: usize,
}

/// One article read alone, full width (`v` in the picker, `v`/`V` in the pairs screen,
/// `parallax show` on a terminal). Nothing of the article is laid out ahead: heights of the
/// blocks on screen are counted when drawn or scrolled, so a 100k-paragraph article costs
/// what a short one does.
#[derive(Debug, Clone)]
pub struct ArticleView {
    pub article: Arc<Article>,
    /// The picker entry of the article, when it is one of the corpus's.
    pub entry: Option<usize>,
    /// The paragraph under the cursor.
    pub cursor: usize,
    pub top: DocPos,
    /// The screen `q` goes back to; `None`: `q` quits (`parallax show` paging).
    pub back: Option<Screen>,
    pub search: ArticleSearch,
    /// The paragraphs folded for search, built at the first search and kept.
    pub folded: Option<Arc<Vec<parallax_core::text::find::Folded>>>,
    /// A count typed before a key (`12G`, `2o`).
    pub count: Option<usize>,
    /// The marks of the corpus that touch this article (loaded when the view opens).
    pub marks: Vec<ListedMark>,
}

impl ArticleView {
    pub fn new(article: Arc<Article>, entry: Option<usize>, back: Option<Screen>) -> ArticleView {
        ArticleView {
            article,
            entry,
            cursor: 0,
            top: DocPos::default(),
            back,
            search: ArticleSearch::default(),
            folded: None,
            count: None,
            marks: Vec::new(),
        }
    }
}
