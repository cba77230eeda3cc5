//! `update(app, action) -> effects`: the only place the UI state changes. It does no I/O:
//! work for the outside world (aligning, the store, exports) is returned as [`Effect`]s, whose
//! results come back as actions.

use super::action::Action;
use super::layout::{self, body_height};
use super::state::*;
use parallax_core::Article;
use std::sync::Arc;

/// Work for the runtime.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Compare two articles off the UI thread; answer with [`Action::Aligned`].
    Align {
        generation: u64,
        left: Arc<Article>,
        right: Arc<Article>,
    },
    /// Load the marks of the pair on screen; answer with [`Action::PairMarks`].
    LoadPairMarks {
        left: Arc<Article>,
        right: Arc<Article>,
    },
    MarkRow {
        left: Arc<Article>,
        right: Arc<Article>,
        left_paras: Vec<usize>,
        right_paras: Vec<usize>,
        label: RowLabel,
    },
    MarkPair {
        left: Arc<Article>,
        right: Arc<Article>,
        verdict: Verdict,
    },
    SetNote {
        mark_id: i64,
        note: Option<String>,
    },
    Undo,
    /// Load all marks of the corpus; answer with [`Action::MarksList`].
    LoadMarksList,
    /// Delete a mark (a recorded change this reader can undo).
    DeleteMark(i64),
    /// Record this session's marks under this author (asked for when none was known).
    SetAuthor(String),
    /// Redo what this reader last undid.
    Redo,
    /// Reload the number of marks per article; answer with [`Action::MarkCounts`].
    LoadCounts,
    /// Reload the pair verdicts for the pairs screen; answer with [`Action::PairLabels`].
    LoadPairLabels,
    Export {
        format: ExportFormat,
        path: String,
    },
    /// Ctrl-Z: give the terminal back and stop, until the shell continues the reader.
    Suspend,
    /// Put this text (already sanitised: no control characters) on the clipboard of the
    /// terminal the reader runs in, by OSC 52.
    Copy {
        text: String,
    },
    /// Search the corpus's full-text index for the picker; answer with [`Action::TextHits`]
    /// (or [`Action::Failed`]).
    FullText {
        generation: u64,
        query: String,
    },
    /// Load the marks of the corpus that touch this article; answer with
    /// [`Action::ArticleMarks`].
    LoadArticleMarks {
        id: String,
    },
    /// The coverage of these articles by the scanned corpus, off the UI thread; answer with
    /// one [`Action::CoverageReady`] each. A newer request may replace this one unanswered.
    Coverage {
        articles: Vec<Arc<Article>>,
        docs: Arc<Vec<parallax_core::scan::Doc>>,
    },
    /// Read the whole articles of these ids (each with its place in the corpus listing,
    /// [`super::state::Head::entry`]) from the parse cache, one row each; answer with
    /// [`Action::Bodies`], which does `then` again once they are held.
    LoadBodies {
        ids: Vec<(String, Option<usize>)>,
        then: Option<Box<Action>>,
    },
    /// Work out the families of these pairs off the UI thread
    /// ([`super::families::work_out`]); answer with [`Action::Families`].
    Families {
        generation: u64,
        links: Vec<super::families::FamilyLink>,
        dates: std::collections::HashMap<String, String>,
    },
}

/// Coverage results kept at most.
const COVERAGE_CACHE: usize = 256;

/// The status line while the marks list or an export waits for the corpus folder's listing
/// (the runtime holds them back until [`Action::Listed`], which clears it).
pub const WAITING_FOR_LISTING: &str =
    "the corpus folder is being listed: the marks come once it is";

fn status(app: &mut App, text: impl Into<String>, error: bool) {
    app.status = Some(Status {
        text: text.into(),
        error,
    });
}

/// Apply an action to the state; return the work it asks of the outside world.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut effects = apply(app, action);
    if !super::keymap::typing(super::keymap::context(app)) {
        app.field_back = 0;
    }
    effects.extend(want_bodies(app));
    effects.extend(want_coverage(app));
    effects
}

/// The text field that has the focus, if any (the one [`super::keymap::typing`] reads keys
/// into).
fn focused_field(app: &mut App) -> Option<&mut String> {
    match app.popup.as_mut() {
        Some(Popup::Help { filter, .. }) => Some(filter),
        Some(Popup::Note { input, .. } | Popup::Author { input, .. }) => Some(input),
        Some(Popup::Marks {
            filter,
            filtering: true,
            ..
        }) => Some(filter),
        Some(Popup::Export {
            path,
            editing_path: true,
            ..
        }) => Some(path),
        Some(_) => None,
        None => match app.screen {
            Screen::Picker if app.picker.filtering => Some(&mut app.picker.filter),
            Screen::Pairs if app.scan.filtering => Some(&mut app.scan.filter),
            Screen::Compare => app
                .compare
                .as_mut()
                .filter(|cv| cv.search.editing)
                .map(|cv| &mut cv.search.query),
            Screen::Article => app
                .article
                .as_mut()
                .filter(|av| av.search.editing)
                .map(|av| &mut av.search.query),
            _ => None,
        },
    }
}

/// Typing and cursor keys, for every text field at once: insert at the cursor, delete
/// before or under it, move it. `None` when the action is not one of these or no field has
/// the focus.
fn edit_field(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    if !matches!(
        action,
        Action::Input(_)
            | Action::Backspace
            | Action::DeleteForward
            | Action::CursorLeft
            | Action::CursorRight
            | Action::CursorHome
            | Action::CursorEnd
    ) {
        return None;
    }
    let back = app.field_back;
    let text = focused_field(app)?;
    let len = text.chars().count();
    let mut back = back.min(len);
    let at = len - back;
    let byte = |t: &str, i: usize| t.char_indices().nth(i).map_or(t.len(), |(b, _)| b);
    let changed = match *action {
        Action::Input(c) => {
            text.insert(byte(text, at), c);
            true
        }
        Action::Backspace if at > 0 => {
            text.remove(byte(text, at - 1));
            true
        }
        Action::DeleteForward if back > 0 => {
            text.remove(byte(text, at));
            back -= 1;
            true
        }
        Action::CursorLeft => {
            back = (back + 1).min(len);
            false
        }
        Action::CursorRight => {
            back = back.saturating_sub(1);
            false
        }
        Action::CursorHome => {
            back = len;
            false
        }
        Action::CursorEnd => {
            back = 0;
            false
        }
        _ => false,
    };
    app.field_back = back;
    Some(if changed { edited(app) } else { Vec::new() })
}

/// The focused field's text changed: refilter, search again.
fn edited(app: &mut App) -> Vec<Effect> {
    match app.popup.as_mut() {
        Some(Popup::Help { scroll, .. }) => {
            *scroll = 0;
            Vec::new()
        }
        Some(Popup::Marks { .. }) => {
            refilter_marks(app);
            Vec::new()
        }
        Some(_) => Vec::new(),
        None => match app.screen {
            Screen::Picker => refilter(&mut app.picker),
            Screen::Pairs => {
                filter_pairs(&mut app.scan, &app.picker.entries);
                Vec::new()
            }
            Screen::Compare => {
                if let Some(cv) = app.compare.as_mut() {
                    find_hits(cv);
                }
                Vec::new()
            }
            Screen::Article => {
                if let Some(av) = app.article.as_mut() {
                    find_article_hits(av);
                }
                Vec::new()
            }
            Screen::Families => Vec::new(),
        },
    }
}

/// The coverage the screen shows and does not have yet: asked for once per change of what
/// is under the cursor.
fn want_coverage(app: &mut App) -> Vec<Effect> {
    if app.scan.status != ScanStatus::Done || app.popup.is_some() {
        return Vec::new();
    }
    let ids: Vec<String> = match app.screen {
        Screen::Picker if !app.picker.show_skipped => app
            .picker
            .visible
            .get(app.picker.cursor)
            .map(|&i| vec![app.picker.entries[i].article.id.clone()])
            .unwrap_or_default(),
        Screen::Pairs => app
            .scan
            .current()
            .map(|p| vec![p.left.clone(), p.right.clone()])
            .unwrap_or_default(),
        Screen::Article => app
            .article
            .as_ref()
            .map(|av| vec![av.article.id.clone()])
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let missing: Vec<String> = ids
        .into_iter()
        .filter(|id| !app.scan.coverage.contains_key(id))
        .collect();
    if missing.is_empty() || missing == app.scan.wanted {
        return Vec::new();
    }
    let articles: Vec<Arc<Article>> = missing
        .iter()
        .filter_map(|id| article_of(app, id))
        .collect();
    if articles.len() < missing.len()
        && missing
            .iter()
            .any(|id| app.bodies.asked.contains(id) && app.scan.entry_of.contains_key(id))
    {
        // Asked for once their bodies are read (want_bodies asked for them).
        return Vec::new();
    }
    app.scan.wanted = missing;
    if articles.is_empty() {
        return Vec::new();
    }
    vec![Effect::Coverage {
        articles,
        docs: app.scan.docs.0.clone(),
    }]
}

/// A scanned article, by id, when its body is held ([`super::state::Bodies`], or the article
/// view's own).
fn article_of(app: &App, id: &str) -> Option<Arc<Article>> {
    app.scan.entry_of.get(id)?;
    app.bodies.get(id).cloned().or_else(|| {
        app.article
            .as_ref()
            .filter(|av| av.article.id == id)
            .map(|av| av.article.clone())
    })
}

/// The picker entry of an article id: the scan's map, else a walk of the entries.
fn entry_by_id(app: &App, id: &str) -> Option<usize> {
    match app.scan.entry_of.get(id) {
        Some(&i)
            if app
                .picker
                .entries
                .get(i)
                .is_some_and(|e| e.article.id == id) =>
        {
            Some(i)
        }
        _ => app.picker.entries.iter().position(|e| e.article.id == id),
    }
}

/// Whole articles a screen needs, by id.
pub(crate) enum Whole {
    /// All held, in the order asked.
    Held(Vec<Arc<Article>>),
    /// Some are being read: the effect that reads them and does the action again.
    Reading(Vec<Effect>),
    /// One of them is neither held nor an article of the list.
    Gone,
}

/// The whole articles of these ids: held ([`super::state::Bodies`]), or read from the cache
/// first ([`Effect::LoadBodies`]) and `then` done again once they are.
pub(crate) fn whole(app: &mut App, ids: &[&str], then: Action) -> Whole {
    let mut held = Vec::new();
    let mut read = Vec::new();
    for &id in ids {
        match app.bodies.get(id) {
            Some(a) => held.push(a.clone()),
            None => match entry_by_id(app, id) {
                Some(i) => read.push((id.to_string(), app.picker.entries[i].article.entry)),
                None => return Whole::Gone,
            },
        }
    }
    if read.is_empty() {
        // Used again: kept longest.
        for a in &held {
            app.bodies.put(a.clone());
        }
        return Whole::Held(held);
    }
    for (id, _) in &read {
        if !app.bodies.asked.contains(id) {
            app.bodies.asked.push(id.clone());
        }
    }
    Whole::Reading(vec![Effect::LoadBodies {
        ids: read,
        then: Some(Box::new(then)),
    }])
}

/// The bodies the screen shows and does not hold: the article under the picker's cursor
/// (its preview, its coverage) and the pair under the pairs screen's cursor (its coverage,
/// Enter), read once each.
fn want_bodies(app: &mut App) -> Vec<Effect> {
    if app.popup.is_some() {
        return Vec::new();
    }
    let entries: Vec<usize> = match app.screen {
        Screen::Picker if !app.picker.show_skipped => {
            let preview = layout::preview_shown(app);
            let scanned = app.scan.status == ScanStatus::Done;
            match app.picker.visible.get(app.picker.cursor) {
                Some(&i) if preview || scanned => vec![i],
                _ => Vec::new(),
            }
        }
        Screen::Pairs => match app.scan.current() {
            Some(p) => [&p.left, &p.right]
                .iter()
                .filter_map(|id| app.scan.entry_of.get(id.as_str()).copied())
                .collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    let ids: Vec<(String, Option<usize>)> = entries
        .into_iter()
        .filter_map(|i| app.picker.entries.get(i))
        .filter(|e| !app.bodies.has(&e.article.id) && !app.bodies.asked.contains(&e.article.id))
        .map(|e| (e.article.id.clone(), e.article.entry))
        .collect();
    if ids.is_empty() {
        return Vec::new();
    }
    app.bodies
        .asked
        .extend(ids.iter().map(|(id, _)| id.clone()));
    vec![Effect::LoadBodies { ids, then: None }]
}

/// Bodies read on demand arrived: kept, and the action that waited for them done again.
fn bodies_read(
    app: &mut App,
    read: Vec<Arc<Article>>,
    failed: Vec<(String, String)>,
    then: Option<Box<Action>>,
) -> Vec<Effect> {
    for a in read {
        app.bodies.put(a);
    }
    app.bodies
        .asked
        .retain(|id| !failed.iter().any(|(f, _)| f == id));
    if let Some((id, why)) = failed.first() {
        status(app, format!("cannot read {id}: {why}"), true);
        return Vec::new();
    }
    match then {
        Some(a) => apply(app, *a),
        None => Vec::new(),
    }
}

/// The articles of the pair under the pairs screen's cursor (left: the larger share), or the effect that reads it and does `then` again (`Err`; empty when
/// its articles are no longer in the list).
fn current_pair_or_read(
    app: &mut App,
    then: Action,
) -> Result<(Arc<Article>, Arc<Article>), Vec<Effect>> {
    let Some(p) = app.scan.current() else {
        return Err(Vec::new());
    };
    let (l, r) = (p.left.clone(), p.right.clone());
    match whole(app, &[&l, &r], then) {
        Whole::Held(v) => Ok((v[0].clone(), v[1].clone())),
        Whole::Reading(e) => Err(e),
        Whole::Gone => Err(Vec::new()),
    }
}

fn apply(app: &mut App, action: Action) -> Vec<Effect> {
    let pending = app.pending.take();
    let is_result = matches!(
        action,
        Action::Aligned { .. }
            | Action::PairMarks(_)
            | Action::MarkCounts(_)
            | Action::PairLabels(_)
            | Action::TextHits { .. }
            | Action::ScanProgress { .. }
            | Action::Scanned { .. }
            | Action::PairsProvenance(_)
            | Action::Families { .. }
            | Action::ScanSkipped(_)
            | Action::CoverageReady(_)
            | Action::ArticleMarks { .. }
            | Action::ArticlesLoaded { .. }
            | Action::Listed(_)
            | Action::LoadDone { .. }
            | Action::Bodies { .. }
            | Action::Done(_)
            | Action::MarksList(_)
            | Action::Failed(_)
            | Action::Resize(..)
    );
    if !is_result {
        app.status = None;
    }
    match action {
        Action::Pending(c) => {
            app.pending = Some(c);
            Vec::new()
        }
        Action::Nothing => {
            let _ = pending;
            Vec::new()
        }
        Action::ForceQuit => {
            app.quit = true;
            Vec::new()
        }
        Action::Suspend => vec![Effect::Suspend],
        Action::Resize(w, h) => {
            app.size = (w, h);
            relayout(app);
            Vec::new()
        }
        Action::Help => {
            app.popup = Some(Popup::Help {
                filter: String::new(),
                scroll: 0,
            });
            Vec::new()
        }
        Action::Aligned {
            generation,
            comparison,
        } => {
            if let Some(cv) = app.compare.as_mut() {
                if cv.generation == generation {
                    let c = *comparison;
                    cv.left_row = para_rows(&c, true, cv.left.paragraphs.len());
                    cv.right_row = para_rows(&c, false, cv.right.paragraphs.len());
                    let s = &c.scores;
                    let text = format!(
                        "aligned: {} · {} of left in right, {} of right in left",
                        c.verdict.describe(),
                        crate::report::styled::pct(s.left_in_right),
                        crate::report::styled::pct(s.right_in_left)
                    );
                    cv.provenance = Some(parallax_core::provenance::infer(&cv.left, &cv.right, &c));
                    cv.comparison = Some(c);
                    cv.cursor = 0;
                    cv.top = [0, 0];
                    relayout(app);
                    goto_marked_para(app);
                    status(app, text, false);
                }
            }
            Vec::new()
        }
        Action::PairMarks(marks) => {
            if let Some(cv) = app.compare.as_mut() {
                cv.marks = marks;
            }
            Vec::new()
        }
        Action::TextHits { generation, hits } => {
            text_hits(&mut app.picker, generation, hits);
            Vec::new()
        }
        Action::MarkCounts(counts) => {
            for e in app.picker.entries.iter_mut() {
                e.marks = counts
                    .iter()
                    .find(|(id, _)| *id == e.article.id)
                    .map_or(0, |c| c.1);
            }
            Vec::new()
        }
        Action::PairLabels(labels) => {
            app.scan.labels = labels
                .into_iter()
                .map(|(a, b, label)| {
                    if a <= b {
                        ((a, b), label)
                    } else {
                        ((b, a), label)
                    }
                })
                .collect();
            // A copy mark sets a family's direction: its families again.
            super::families::request(app)
        }
        Action::ScanProgress { stage, done, total } => {
            app.scan.status = ScanStatus::Running { stage, done, total };
            Vec::new()
        }
        Action::Scanned { pairs, docs } => {
            super::families::reset(app);
            scanned(app, pairs, docs);
            Vec::new()
        }
        Action::PairsProvenance(found) => {
            // Taken pair by pair where the ids still match (a newer scan may have replaced
            // the pairs).
            for (p, (l, r, prov)) in app.scan.pairs.iter_mut().zip(found) {
                if p.left == l && p.right == r {
                    p.provenance = prov;
                }
            }
            app.families.ready = true;
            super::families::request(app)
        }
        Action::Families {
            generation,
            families,
        } => {
            super::families::arrived(app, generation, families);
            Vec::new()
        }
        Action::ScanSkipped(found) => {
            // Files the listing already skipped are there once, with the listing's reason.
            let p = &mut app.picker;
            let known: std::collections::HashSet<std::path::PathBuf> =
                p.skipped.iter().map(|k| k.path.clone()).collect();
            let new: Vec<_> = found
                .into_iter()
                .filter(|s| !known.contains(&s.path))
                .collect();
            p.skipped.extend(new);
            Vec::new()
        }
        Action::CoverageReady(cov) => {
            let s = &mut app.scan;
            s.wanted.retain(|id| *id != cov.article);
            if s.coverage.len() >= COVERAGE_CACHE {
                s.coverage.clear();
            }
            s.coverage.insert(cov.article.clone(), cov);
            Vec::new()
        }
        Action::ArticleMarks { id, marks } => {
            if let Some(av) = app.article.as_mut().filter(|av| av.article.id == id) {
                av.marks = marks;
            }
            Vec::new()
        }
        Action::ArticlesLoaded {
            articles,
            read,
            total,
            rate,
        } => {
            app.add_articles(articles.0);
            app.picker.loading = Some((read, total, rate));
            Vec::new()
        }
        Action::Bodies { read, failed, then } => bodies_read(app, read.0, failed, then),
        Action::Listed(l) => {
            app.picker.listing = false;
            if app
                .status
                .as_ref()
                .is_some_and(|s| s.text == WAITING_FOR_LISTING)
            {
                app.status = None;
            }
            let (read, _, rate) = app.picker.loading.unwrap_or_default();
            app.picker.loading = Some((read, l.0.entries.len(), rate));
            Vec::new()
        }
        Action::LoadDone { skipped, note } => {
            app.picker.loading = None;
            app.picker.listing = false;
            let p = &mut app.picker;
            let known: std::collections::HashSet<std::path::PathBuf> =
                p.skipped.iter().map(|k| k.path.clone()).collect();
            p.skipped
                .extend(skipped.into_iter().filter(|s| !known.contains(&s.path)));
            if let Some(n) = note {
                status(app, n, false);
            }
            // The marks counted before the articles arrived.
            vec![Effect::LoadCounts]
        }
        Action::OpenMarks => vec![Effect::LoadMarksList],
        Action::MarksList(items) => {
            marks_list(app, items);
            Vec::new()
        }
        Action::Done(text) => {
            status(app, text, false);
            Vec::new()
        }
        Action::Failed(text) => {
            status(app, text, true);
            Vec::new()
        }
        action => {
            if let Some(effects) = edit_field(app, &action) {
                return effects;
            }
            if app.popup.is_some() {
                popup(app, action)
            } else {
                match app.screen {
                    Screen::Picker => picker(app, action),
                    Screen::Pairs => pairs(app, action),
                    Screen::Compare => compare(app, action),
                    Screen::Article => article(app, action),
                    Screen::Families => super::families::update(app, action),
                }
            }
        }
    }
}

/// Row of each paragraph of one side.
fn para_rows(c: &parallax_core::Comparison, left: bool, n: usize) -> Vec<usize> {
    let mut out = vec![0; n];
    for (k, r) in c.rows.iter().enumerate() {
        for &p in if left { &r.left } else { &r.right } {
            if let Some(slot) = out.get_mut(p) {
                *slot = k;
            }
        }
    }
    out
}

fn relayout(app: &mut App) {
    if let Some(cv) = app.compare.as_mut() {
        let pane = layout::compare_pane_width(app.size.0, cv.zoom);
        let anchor = cv.rows.get(cv.cursor).copied();
        layout::relayout(cv, pane);
        // Keep the cursor on the same comparison row when it is still shown.
        cv.cursor = match anchor {
            Some(k) => cv
                .rows
                .iter()
                .position(|&r| r == k)
                .or_else(|| cv.rows.iter().position(|&r| r >= k))
                .unwrap_or(cv.rows.len().saturating_sub(1)),
            None => 0,
        };
        let body = body_height(app.size.1);
        for t in cv.top.iter_mut() {
            *t = (*t).min(cv.layout.total.saturating_sub(1));
        }
        reveal(cv, body);
    }
}

/// Scroll so that the cursor row is on screen.
fn reveal(cv: &mut CompareView, body: usize) {
    let Some(&start) = cv.layout.starts.get(cv.cursor) else {
        return;
    };
    let h = cv.layout.heights[cv.cursor];
    for (i, t) in cv.top.iter_mut().enumerate() {
        if !cv.lock && i != cv.focus.index() {
            continue;
        }
        if start < *t {
            *t = start;
        } else if start + h > *t + body {
            *t = if h > body { start } else { start + h - body };
        }
    }
    if cv.lock {
        cv.top[1] = cv.top[0];
    }
}

fn move_cursor(cv: &mut CompareView, to: usize, body: usize) {
    if cv.rows.is_empty() {
        return;
    }
    cv.cursor = to.min(cv.rows.len() - 1);
    reveal(cv, body);
}

/// Lines of context a jump leaves above its target: a quarter of the view, at most 3.
pub fn jump_context(body: usize) -> usize {
    (body / 4).min(3)
}

/// Move the cursor to a row far away (`n`, a search hit, `o`, `:N`): unless the row is
/// already on screen with room around it, scroll so that a few lines of context stand above
/// it (never on the last line).
fn jump_cursor(cv: &mut CompareView, to: usize, body: usize) {
    if cv.rows.is_empty() {
        return;
    }
    cv.cursor = to.min(cv.rows.len() - 1);
    let ctx = jump_context(body);
    let start = cv.layout.starts[cv.cursor];
    let h = cv.layout.heights[cv.cursor].max(1);
    let max = cv.layout.total.saturating_sub(body);
    for (i, t) in cv.top.iter_mut().enumerate() {
        if !cv.lock && i != cv.focus.index() {
            continue;
        }
        let fits = start >= *t + ctx && start + h.min(body - ctx) <= *t + body;
        if !fits {
            *t = start.saturating_sub(ctx).min(max).min(start);
        }
    }
    if cv.lock {
        cv.top[1] = cv.top[0];
    }
}

/// Scroll the focused pane (both when locked) by `lines`, and keep the cursor on screen.
fn scroll(cv: &mut CompareView, lines: isize, body: usize) {
    let max = cv.layout.total.saturating_sub(body);
    for (i, t) in cv.top.iter_mut().enumerate() {
        if cv.lock || i == cv.focus.index() {
            *t = (*t as isize + lines).clamp(0, max as isize) as usize;
        }
    }
    let top = cv.top[cv.focus.index()];
    let first = cv.layout.row_at(top);
    let first = if cv.layout.starts.get(first).is_some_and(|&s| s < top) {
        first + 1
    } else {
        first
    };
    let last = cv.layout.row_at(top + body.saturating_sub(1));
    if cv.cursor < first || cv.cursor > last {
        cv.cursor = if lines > 0 { first.min(last) } else { last };
        cv.cursor = cv.cursor.min(cv.rows.len().saturating_sub(1));
    }
}

fn picker_move(p: &mut Picker, to: isize, page: usize) {
    list_move(&mut p.cursor, &mut p.top, p.visible.len(), to, page);
}

/// Where a movement key takes a list's cursor at `cur` with `page` lines on screen (clamped
/// by the list); `None` for any other action. One table for the picker, the pairs screen and
/// the families screen.
pub fn list_target(action: &Action, cur: usize, page: usize) -> Option<isize> {
    let (cur, page) = (cur as isize, page as isize);
    Some(match *action {
        Action::Up => cur - 1,
        Action::Down => cur + 1,
        Action::PageUp | Action::HalfPageUp => cur - page,
        Action::PageDown | Action::HalfPageDown => cur + page,
        Action::Top => 0,
        Action::Bottom => isize::MAX / 2,
        Action::ScrollLines(n) => cur + n as isize,
        _ => return None,
    })
}

/// Move a list's cursor to `to` (clamped to `len` items) and scroll so that it is on a page
/// of `page` lines starting at `top`.
fn list_move(cursor: &mut usize, top: &mut usize, len: usize, to: isize, page: usize) {
    if len == 0 {
        *cursor = 0;
        return;
    }
    *cursor = to.clamp(0, len as isize - 1) as usize;
    if *cursor < *top {
        *top = *cursor;
    } else if *cursor >= *top + page {
        *top = *cursor + 1 - page;
    }
}

/// Recompute the picker's visible entries from its filter (title, source, id, path).
pub fn apply_filter(p: &mut Picker) {
    let f = p.filter.to_lowercase();
    p.visible = (0..p.entries.len())
        .filter(|&i| p.entries[i].search.contains(&f))
        .collect();
    p.cursor = 0;
    p.top = 0;
}

fn picker(app: &mut App, action: Action) -> Vec<Effect> {
    let page = layout::picker_rows(app.size.1);
    // The list's width: a click right of it is on the preview pane.
    let list_cols = if layout::preview_shown(app) {
        layout::preview_split(app.size.0).0
    } else {
        app.size.0
    };
    let p = &mut app.picker;
    if let Some(to) = list_target(&action, p.cursor, page) {
        picker_move(p, to, page);
        return Vec::new();
    }
    match action {
        Action::Click(x, y) => {
            // The list starts on line 2 (title, column header) and is `page` lines long; a
            // click on the preview pane, a header or the status bar moves nothing.
            let line = (y as usize).checked_sub(2).filter(|&l| l < page);
            if let Some(line) = line.filter(|_| x < list_cols) {
                if p.top + line < p.visible.len() {
                    picker_move(p, (p.top + line) as isize, page);
                }
            }
        }
        Action::StartFilter => p.filtering = true,
        Action::ToggleFullText => {
            p.fulltext = !p.fulltext;
            p.filtering = true;
            p.show_skipped = false;
            return refilter(p);
        }
        Action::ToggleSkipped => p.show_skipped = !p.show_skipped,
        Action::Submit if p.filtering => p.filtering = false,
        Action::Back if p.show_skipped => p.show_skipped = false,
        Action::Back => {
            if p.filtering || !p.filter.is_empty() || p.fulltext {
                p.filtering = false;
                p.fulltext = false;
                p.filter.clear();
                p.text_hits.clear();
                apply_filter(p);
            } else if p.left.is_some() {
                p.left = None;
                p.with_left.clear();
                natural_order(p, page);
                status(app, "left pick cleared", false);
            }
        }
        Action::Pick => return pick(app),
        Action::OpenFamilies => super::families::open(app, Screen::Picker),
        Action::OpenPairs => {
            app.screen = Screen::Pairs;
            if app.scan.status != ScanStatus::Done {
                status(
                    app,
                    "the corpus scan is still running; pairs appear when it ends",
                    false,
                );
            }
        }
        Action::Quit => app.quit = true,
        Action::OpenExport => open_export(app),
        Action::OpenArticle if !p.show_skipped => {
            if let Some(&i) = p.visible.get(p.cursor) {
                let id = p.entries[i].article.id.clone();
                return match whole(app, &[&id], Action::OpenArticle) {
                    Whole::Held(a) => {
                        open_article(app, a[0].clone(), Some(i), Some(Screen::Picker))
                    }
                    Whole::Reading(e) => e,
                    Whole::Gone => Vec::new(),
                };
            }
        }
        Action::TogglePreview => {
            let shown = layout::preview_shown(app);
            app.preview = Some(!shown);
        }
        _ => {}
    }
    Vec::new()
}

/// The scan finished: keep its pairs, give each article its likeliest counterpart.
fn scanned(app: &mut App, pairs: Vec<parallax_core::scan::Pair>, docs: ScanDocs) {
    let entry_of: std::collections::HashMap<String, usize> = app
        .picker
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.article.id.clone(), i))
        .collect();
    for e in app.picker.entries.iter_mut() {
        e.counterpart = None;
    }
    let mut partners = vec![0usize; app.picker.entries.len()];
    for p in &pairs {
        for (me, other, share, back) in [
            (&p.left, &p.right, p.left_in_right, p.right_in_left),
            (&p.right, &p.left, p.right_in_left, p.left_in_right),
        ] {
            let Some(&i) = entry_of.get(me) else { continue };
            partners[i] += 1;
            let e = &mut app.picker.entries[i];
            if e.counterpart.as_ref().is_none_or(|c| share > c.share) {
                e.counterpart = Some(Counterpart {
                    id: other.clone(),
                    share,
                    back,
                    others: 0,
                });
            }
        }
    }
    for (e, n) in app.picker.entries.iter_mut().zip(partners) {
        if let Some(c) = e.counterpart.as_mut() {
            c.others = n - 1;
        }
    }
    let n = pairs.len();
    let s = &mut app.scan;
    s.status = ScanStatus::Done;
    s.visible = (0..n).collect();
    s.pairs = pairs;
    s.docs = docs;
    s.entry_of = entry_of;
    s.cursor = 0;
    s.top = 0;
    s.coverage.clear();
    s.wanted.clear();
    filter_pairs(s, &app.picker.entries);
    left_shares(app);
    if app.status.is_none() {
        let text = match n {
            0 => "scan: no two articles share text".to_string(),
            1 => "scan: 1 pair of articles shares text · p lists it".to_string(),
            n => format!("scan: {n} pairs of articles share text · p lists them"),
        };
        status(app, text, false);
    }
}

/// With a left pick: the shares of the articles that share text with it.
fn left_shares(app: &mut App) {
    let p = &mut app.picker;
    p.with_left.clear();
    let Some(left) = p.left else { return };
    let id = &p.entries[left].article.id;
    for pair in &app.scan.pairs {
        if &pair.left == id {
            p.with_left
                .insert(pair.right.clone(), (pair.right_in_left, pair.left_in_right));
        } else if &pair.right == id {
            p.with_left
                .insert(pair.left.clone(), (pair.left_in_right, pair.right_in_left));
        }
    }
}

/// Recompute the visible pairs from the filter (either article's id, title, source or
/// path, as the picker's filter matches them).
fn filter_pairs(s: &mut ScanView, entries: &[Entry]) {
    let f = s.filter.to_lowercase();
    let matches = |id: &str| match s.entry_of.get(id) {
        Some(&i) => entries[i].search.contains(&f),
        None => id.to_lowercase().contains(&f),
    };
    s.visible = (0..s.pairs.len())
        .filter(|&k| f.is_empty() || matches(&s.pairs[k].left) || matches(&s.pairs[k].right))
        .collect();
    s.cursor = 0;
    s.top = 0;
}

fn pairs(app: &mut App, action: Action) -> Vec<Effect> {
    let page = layout::pairs_rows(app.size.1);
    let s = &mut app.scan;
    if s.filtering {
        match action {
            Action::Submit => s.filtering = false,
            Action::Back => {
                s.filtering = false;
                s.filter.clear();
            }
            _ => return Vec::new(),
        }
        filter_pairs(s, &app.picker.entries);
        return Vec::new();
    }
    let mv = |s: &mut ScanView, to: isize| {
        list_move(&mut s.cursor, &mut s.top, s.visible.len(), to, page);
    };
    if let Some(to) = list_target(&action, s.cursor, page) {
        mv(s, to);
        return Vec::new();
    }
    match action {
        Action::Click(_, y) => {
            if let Some(line) = (y as usize).checked_sub(2) {
                if s.top + line < s.visible.len() && line < page {
                    mv(s, (s.top + line) as isize);
                }
            }
        }
        Action::StartFilter => s.filtering = true,
        Action::MarkScannedPair => {
            if let Some(pair) = s.current() {
                app.popup = Some(Popup::Verdict {
                    selected: suggested_verdict(Some(pair.verdict)),
                });
            }
        }
        Action::SetVerdict(v) => return mark_pair(app, v),
        Action::OpenArticle | Action::OpenArticleRight => {
            let Some(pair) = s.current() else {
                return Vec::new();
            };
            let id = if action == Action::OpenArticle {
                pair.left.clone()
            } else {
                pair.right.clone()
            };
            let entry = s.entry_of.get(&id).copied();
            return match article_of(app, &id) {
                Some(a) => open_article(app, a, entry, Some(Screen::Pairs)),
                None => {
                    status(app, "this article is no longer in the list", true);
                    Vec::new()
                }
            };
        }
        Action::Back if !s.filter.is_empty() => {
            s.filter.clear();
            filter_pairs(s, &app.picker.entries);
        }
        Action::Back | Action::Quit => app.screen = Screen::Picker,
        Action::OpenFamilies => super::families::open(app, Screen::Pairs),
        Action::OpenExport => open_export(app),
        Action::Pick => {
            if s.current().is_none() {
                return Vec::new();
            }
            let (a, b) = match current_pair_or_read(app, Action::Pick) {
                Ok(pair) => pair,
                Err(e) if !e.is_empty() => return e,
                Err(_) => {
                    status(app, "this pair's articles are no longer in the list", true);
                    return Vec::new();
                }
            };
            let effects = open_compare(app, a, b);
            if let Some(cv) = app.compare.as_mut() {
                cv.back = Screen::Pairs;
            }
            return effects;
        }
        _ => {}
    }
    Vec::new()
}

/// After the filter text or mode changed: filter titles at once, or ask for a full-text query.
fn refilter(p: &mut Picker) -> Vec<Effect> {
    if !p.fulltext {
        p.text_hits.clear();
        apply_filter(p);
        return Vec::new();
    }
    p.text_generation += 1;
    if parallax_core::corpus::cache::fts_phrase(&p.filter).is_none() {
        // No words yet: every article, as with an empty title filter.
        p.text_hits.clear();
        let filter = std::mem::take(&mut p.filter);
        apply_filter(p);
        p.filter = filter;
        return Vec::new();
    }
    vec![Effect::FullText {
        generation: p.text_generation,
        query: p.filter.clone(),
    }]
}

/// Full-text hits arrived: the picker lists the articles hit, best first, one line each
/// (the best paragraph of each).
fn text_hits(p: &mut Picker, generation: u64, hits: Vec<TextHit>) {
    if !p.fulltext || generation != p.text_generation {
        return;
    }
    let mut seen = std::collections::HashSet::new();
    p.visible.clear();
    p.text_hits.clear();
    for h in hits {
        if let Some(i) = p.entries.iter().position(|e| e.article.id == h.id) {
            if seen.insert(i) {
                p.visible.push(i);
                p.text_hits.push(h);
            }
        }
    }
    p.cursor = 0;
    p.top = 0;
}

fn pick(app: &mut App) -> Vec<Effect> {
    let page = layout::picker_rows(app.size.1);
    let p = &mut app.picker;
    let Some(&entry) = p.visible.get(p.cursor) else {
        return Vec::new();
    };
    match p.left {
        None => {
            p.left = Some(entry);
            let id = p.entries[entry].article.id.clone();
            left_shares(app);
            let n = app.picker.with_left.len();
            let hint = match n {
                0 => String::new(),
                1 => " · 1 article shares text with it (% column)".to_string(),
                n => format!(" · {n} articles share text with it (% column)"),
            };
            status(
                app,
                format!("left: {id} · now pick the right article{hint}"),
                false,
            );
            Vec::new()
        }
        Some(left) if left == entry => {
            status(
                app,
                "that is the left article (a duplicate of itself): pick a different one for the right side",
                true,
            );
            Vec::new()
        }
        Some(left) => {
            let (l, r) = (
                p.entries[left].article.id.clone(),
                p.entries[entry].article.id.clone(),
            );
            let (a, b) = match whole(app, &[&l, &r], Action::Pick) {
                Whole::Held(v) => (v[0].clone(), v[1].clone()),
                Whole::Reading(e) => return e,
                Whole::Gone => return Vec::new(),
            };
            let p = &mut app.picker;
            p.left = None;
            p.with_left.clear();
            natural_order(p, page);
            open_compare(app, a, b)
        }
    }
}

/// Open the comparison of two articles (aligning starts at once, off the UI thread).
pub fn open_compare(app: &mut App, left: Arc<Article>, right: Arc<Article>) -> Vec<Effect> {
    let generation = app.next_generation;
    app.next_generation += 1;
    app.compare = Some(CompareView::new(left.clone(), right.clone(), generation));
    app.screen = Screen::Compare;
    vec![
        Effect::Align {
            generation,
            left: left.clone(),
            right: right.clone(),
        },
        Effect::LoadPairMarks { left, right },
    ]
}

fn open_export(app: &mut App) {
    let f = ExportFormat::Json;
    app.popup = Some(Popup::Export {
        selected: 0,
        path: f.default_path(),
        editing_path: false,
    });
}

fn compare(app: &mut App, action: Action) -> Vec<Effect> {
    let body = body_height(app.size.1);
    let Some(cv) = app.compare.as_mut() else {
        app.screen = Screen::Picker;
        return Vec::new();
    };
    // Typing a search.
    if cv.search.editing {
        match action {
            Action::Submit => {
                cv.search.editing = false;
                if cv.search.active() {
                    match next_hit(cv, true, body, true) {
                        Some(text) => status(app, text, false),
                        None => {
                            let text = format!("no match for “{}”", cv.search.query);
                            status(app, text, true);
                        }
                    }
                }
            }
            Action::Back => {
                cv.search = Search::default();
            }
            _ => {}
        }
        return Vec::new();
    }
    // Typing a paragraph number (`:`).
    if let Some(g) = cv.goto.as_mut() {
        match action {
            Action::Input(c) if c.is_ascii_digit() && g.len() < 9 => g.push(c),
            Action::Input(_) => {}
            Action::Backspace => {
                g.pop();
            }
            Action::Submit => {
                let n = g.parse::<usize>().ok();
                cv.goto = None;
                if let Some(n) = n {
                    goto_para(app, n, body);
                }
            }
            Action::Back => cv.goto = None,
            _ => {}
        }
        return Vec::new();
    }
    let count = cv.count.take();
    let aligned = cv.comparison.is_some();
    let cur = cv.cursor;
    match action {
        Action::Count(d) => {
            let n = count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(d as usize);
            cv.count = Some(n.min(1_000_000_000));
        }
        Action::Top | Action::Bottom if count.is_some() => {
            goto_para(app, count.unwrap_or(0), body);
        }
        Action::StartGoto => cv.goto = Some(String::new()),
        Action::CopyPair => return copy_pair(app),
        Action::Up => move_cursor(cv, cur.saturating_sub(1), body),
        Action::Down => move_cursor(cv, cur + 1, body),
        Action::PageDown => scroll(cv, body as isize, body),
        Action::PageUp => scroll(cv, -(body as isize), body),
        Action::HalfPageDown => scroll(cv, (body / 2).max(1) as isize, body),
        Action::HalfPageUp => scroll(cv, -((body / 2).max(1) as isize), body),
        Action::ScrollLines(n) => scroll(cv, n as isize, body),
        Action::Top => move_cursor(cv, 0, body),
        Action::Bottom => move_cursor(cv, usize::MAX / 2, body),
        Action::Click(_, y) => {
            let line = (y as usize).checked_sub(layout::HEADER_H);
            if let Some(line) = line.filter(|&l| l < body) {
                let k = cv.layout.row_at(cv.top[0] + line);
                move_cursor(cv, k, body);
            }
        }
        Action::Next | Action::Prev if cv.search.active() && !cv.search.hits.is_empty() => {
            if let Some(text) = next_hit(cv, action == Action::Next, body, false) {
                status(app, text, false);
            }
        }
        Action::Next | Action::NextChange | Action::Prev | Action::PrevChange => {
            let forward = matches!(action, Action::Next | Action::NextChange);
            if !next_stop(cv, forward, body) && aligned {
                let text = if forward {
                    "no further difference or unmatched block"
                } else {
                    "no earlier difference or unmatched block"
                };
                status(app, text, false);
            }
        }
        Action::JumpToLink => match jump_to_link(cv, body) {
            Ok(text) => status(app, text, false),
            Err(e) => status(app, e, true),
        },
        Action::SwitchPane => {
            cv.focus = match cv.focus {
                Pane::Left => Pane::Right,
                Pane::Right => Pane::Left,
            };
            if cv.zoom {
                relayout(app);
            }
        }
        Action::Zoom => {
            cv.zoom = !cv.zoom;
            let text = if cv.zoom {
                let side = match cv.focus {
                    Pane::Left => "left",
                    Pane::Right => "right",
                };
                format!("zoom: the {side} pane alone · Tab: the other one · z: both")
            } else {
                "both panes".to_string()
            };
            relayout(app);
            status(app, text, false);
        }
        Action::ToggleLock => {
            cv.lock = !cv.lock;
            if cv.lock {
                cv.top = [cv.top[cv.focus.index()]; 2];
                reveal(cv, body);
            }
            let text = if cv.lock {
                "scrolling locked"
            } else {
                "scrolling unlocked: Tab picks the pane that scrolls"
            };
            status(app, text, false);
        }
        Action::SwapSides => {
            std::mem::swap(&mut cv.left, &mut cv.right);
            std::mem::swap(&mut cv.left_row, &mut cv.right_row);
            cv.comparison = cv.comparison.as_ref().map(|c| c.mirrored());
            cv.provenance = cv.provenance.as_ref().map(|p| p.mirrored());
            cv.marks = cv.marks.iter().map(ShownMark::mirrored).collect();
            for h in cv.search.hits.iter_mut() {
                h.side = match h.side {
                    Pane::Left => Pane::Right,
                    Pane::Right => Pane::Left,
                };
            }
            relayout(app);
        }
        Action::ToggleWrap => {
            cv.wrap = !cv.wrap;
            relayout(app);
        }
        Action::CycleView => {
            cv.view = match cv.view {
                ViewFilter::All => ViewFilter::Shared,
                ViewFilter::Shared => ViewFilter::Differences,
                ViewFilter::Differences => ViewFilter::All,
            };
            let text = format!("view: {}", cv.view.name());
            relayout(app);
            status(app, text, false);
        }
        Action::StartFilter => {
            cv.search = Search {
                editing: true,
                ..Search::default()
            };
        }
        Action::Back => {
            if cv.search.active() {
                cv.search = Search::default();
            } else {
                return close_compare(app);
            }
        }
        Action::Quit => return close_compare(app),
        Action::MarkRow(label) => return mark_row(app, label),
        Action::OpenVerdict => {
            if !aligned {
                status(app, "still aligning", true);
            } else {
                // The menu opens on the verdict marked, else on what the scores suggest.
                let marked = cv
                    .pair_mark()
                    .and_then(|m| Verdict::of_shown(&m.label))
                    .and_then(|v| VERDICTS.iter().position(|(w, _)| *w == v));
                app.popup = Some(Popup::Verdict {
                    selected: marked.unwrap_or_else(|| default_verdict(cv)),
                });
            }
        }
        Action::SetVerdict(v) => return mark_pair(app, v),
        Action::OpenNote => open_note(app),
        Action::Undo | Action::Redo => {
            let mut effects = vec![if action == Action::Undo {
                Effect::Undo
            } else {
                Effect::Redo
            }];
            effects.extend(reload(app));
            return effects;
        }
        Action::OpenExport => open_export(app),
        _ => {}
    }
    Vec::new()
}

/// Close the comparison: back to the screen it was opened from (the article view: its marks
/// reloaded, as they may have changed).
fn close_compare(app: &mut App) -> Vec<Effect> {
    app.screen = app.compare.take().map_or(Screen::Picker, |cv| cv.back);
    if app.screen == Screen::Article {
        match app.article.as_ref() {
            Some(av) => {
                return vec![Effect::LoadArticleMarks {
                    id: av.article.id.clone(),
                }]
            }
            None => app.screen = Screen::Picker,
        }
    }
    Vec::new()
}

/// The menu entry `m` opens on: the verdict the scores suggest.
fn default_verdict(cv: &CompareView) -> usize {
    suggested_verdict(cv.comparison.as_ref().map(|c| c.verdict))
}

/// The verdict menu entry for a scored verdict. An article contained in another is taken as
/// the source that the longer page reposts.
fn suggested_verdict(v: Option<parallax_core::engine::score::Verdict>) -> usize {
    use parallax_core::engine::score::Verdict as V;
    let want = match v {
        Some(V::LeftContainedInRight) => Verdict::CopyLeftIsSource,
        Some(V::RightContainedInLeft) => Verdict::CopyRightIsSource,
        Some(V::Duplicate) => Verdict::Duplicate,
        Some(V::PartialOverlap | V::SharedQuotes) => Verdict::SameStory,
        _ => Verdict::Unrelated,
    };
    VERDICTS.iter().position(|(v, _)| *v == want).unwrap_or(0)
}

/// Move to the next (or previous) row that is a stop for `n`/`N`. False when there is none.
fn next_stop(cv: &mut CompareView, forward: bool, body: usize) -> bool {
    let Some(c) = cv.comparison.as_ref() else {
        return false;
    };
    let found = if forward {
        (cv.cursor + 1..cv.rows.len()).find(|&i| is_stop(c, cv.rows[i]))
    } else {
        (0..cv.cursor).rev().find(|&i| is_stop(c, cv.rows[i]))
    };
    match found {
        Some(i) => {
            jump_cursor(cv, i, body);
            true
        }
        None => false,
    }
}

/// The hits in screen order (row as shown, left before right, then place), as indices into
/// `hits`; hits on rows the view hides are left out.
pub fn hit_order(cv: &CompareView) -> Vec<usize> {
    let pos: std::collections::HashMap<usize, usize> =
        cv.rows.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let mut order: Vec<(usize, usize, usize, usize, usize)> = cv
        .search
        .hits
        .iter()
        .enumerate()
        .filter_map(|(i, h)| Some((*pos.get(&h.row)?, h.side.index(), h.para, h.start, i)))
        .collect();
    order.sort();
    order.into_iter().map(|o| o.4).collect()
}

/// Go to the next (or previous) search hit, one hit at a time (several hits of one row are
/// visited in turn); past the last, wrap to the first and say so. `inclusive`: the first
/// hit at or after the cursor's row (a new search). Returns the status text.
fn next_hit(cv: &mut CompareView, forward: bool, body: usize, inclusive: bool) -> Option<String> {
    let order = hit_order(cv);
    if order.is_empty() {
        return None;
    }
    let place = |cv: &CompareView, i: usize| -> usize {
        let h = &cv.search.hits[i];
        cv.rows.iter().position(|&r| r == h.row).unwrap_or(0)
    };
    let at = cv
        .search
        .current
        .and_then(|c| order.iter().position(|&i| i == c))
        .filter(|_| !inclusive && cv.search.current.is_some_and(|c| place(cv, c) == cv.cursor));
    let (k, wrapped) = match (at, forward) {
        (Some(a), true) if a + 1 < order.len() => (a + 1, None),
        (Some(_), true) => (0, Some("search wrapped to the top")),
        (Some(0), false) => (order.len() - 1, Some("search wrapped to the bottom")),
        (Some(a), false) => (a - 1, None),
        (None, true) => {
            let from = cv.cursor + usize::from(!inclusive);
            match order.iter().position(|&i| place(cv, i) >= from) {
                Some(k) => (k, None),
                None => (0, Some("search wrapped to the top")),
            }
        }
        (None, false) => match order.iter().rposition(|&i| place(cv, i) < cv.cursor) {
            Some(k) => (k, None),
            None => (order.len() - 1, Some("search wrapped to the bottom")),
        },
    };
    let hit = order[k];
    cv.search.current = Some(hit);
    let to = place(cv, hit);
    if to != cv.cursor || inclusive {
        jump_cursor(cv, to, body);
    }
    let h = &cv.search.hits[hit];
    let side = match h.side {
        Pane::Left => "left",
        Pane::Right => "right",
    };
    let what = format!(
        "hit {} of {} · ¶{} {side} · “{}”",
        k + 1,
        order.len(),
        h.para,
        cv.search.query
    );
    Some(match wrapped {
        Some(w) => format!("{w} · {what}"),
        None => what,
    })
}

fn find_hits(cv: &mut CompareView) {
    cv.search.hits.clear();
    cv.search.current = None;
    if cv.search.query.is_empty() {
        return;
    }
    for (side, article, rows) in [
        (Pane::Left, &cv.left, &cv.left_row),
        (Pane::Right, &cv.right, &cv.right_row),
    ] {
        let folded = folded_paragraphs(&mut cv.folded, article);
        for (p, f) in article.paragraphs.iter().zip(folded.iter()) {
            for (start, end) in parallax_core::text::find::find_in(f, &cv.search.query) {
                cv.search.hits.push(SearchHit {
                    row: rows.get(p.index).copied().unwrap_or(0),
                    side,
                    para: p.index,
                    start,
                    end,
                });
            }
        }
    }
}

/// The article's paragraphs folded for search, from the comparison's cache or folded now.
fn folded_paragraphs(
    cache: &mut Vec<(String, Arc<Vec<parallax_core::text::find::Folded>>)>,
    article: &parallax_core::Article,
) -> Arc<Vec<parallax_core::text::find::Folded>> {
    if let Some((_, f)) = cache.iter().find(|(hash, _)| *hash == article.hash) {
        return Arc::clone(f);
    }
    let f: Arc<Vec<_>> = Arc::new(
        article
            .paragraphs
            .iter()
            .map(|p| parallax_core::text::find::Folded::new(&p.text))
            .collect(),
    );
    cache.push((article.hash.clone(), Arc::clone(&f)));
    f
}

fn jump_to_link(cv: &mut CompareView, body: usize) -> Result<String, String> {
    let c = cv.comparison.as_ref().ok_or("still aligning")?;
    let row = cv.cursor_row().ok_or("no row here")?;
    let links = crate::report::styled::row_links(c, row);
    let link = links
        .first()
        .ok_or("this row has no moved, repeated or quoted partner")?;
    let (target, side, paras) = match row.kind {
        parallax_core::engine::compare::RowKind::LeftOnly => (
            link.right.first().map(|&p| cv.right_row[p]),
            "right",
            &link.right,
        ),
        _ => (
            link.left.first().map(|&p| cv.left_row[p]),
            "left",
            &link.left,
        ),
    };
    let target = target.ok_or("no partner")?;
    let what = format!(
        "jumped to {} {side} ({}, {})",
        crate::report::styled::para_list(paras),
        link_word(link),
        crate::report::styled::pct(link.similarity)
    );
    if !cv.rows.contains(&target) {
        cv.view = ViewFilter::All;
        cv.rows = layout::visible_rows(c, cv.view);
        let pane = cv.layout.pane;
        layout::relayout(cv, pane);
    }
    let i = cv
        .rows
        .iter()
        .position(|&r| r == target)
        .ok_or("partner not shown")?;
    jump_cursor(cv, i, body);
    Ok(what)
}

/// What a link is, in a word (`moved`, `repeated`, `quoted`).
fn link_word(m: &parallax_core::engine::compare::Move) -> &'static str {
    crate::report::styled::link_name(m.kind)
}

/// Go to paragraph ¶n of the focused pane's article (as numbered on screen).
fn goto_para(app: &mut App, n: usize, body: usize) {
    let Some(cv) = app.compare.as_mut() else {
        return;
    };
    let Some(c) = cv.comparison.as_ref() else {
        status(app, "still aligning", true);
        return;
    };
    let (rows, side) = match cv.focus {
        Pane::Left => (&cv.left_row, "left"),
        Pane::Right => (&cv.right_row, "right"),
    };
    let Some(&target) = rows.get(n) else {
        let last = rows.len().saturating_sub(1);
        let text = format!("the {side} article has no ¶{n} (¶0-{last})");
        status(app, text, true);
        return;
    };
    if !cv.rows.contains(&target) {
        cv.view = ViewFilter::All;
        cv.rows = layout::visible_rows(c, cv.view);
        let pane = cv.layout.pane;
        layout::relayout(cv, pane);
    }
    if let Some(i) = cv.rows.iter().position(|&r| r == target) {
        jump_cursor(cv, i, body);
        status(app, format!("¶{n} of the {side} article"), false);
    }
}

/// `y`: the row's paragraphs, both sides, sanitised, for the clipboard.
fn copy_pair(app: &mut App) -> Vec<Effect> {
    let Some(cv) = app.compare.as_ref() else {
        return Vec::new();
    };
    let Some(row) = cv.cursor_row() else {
        status(app, "nothing to copy yet", true);
        return Vec::new();
    };
    let side = |a: &Article, ps: &[usize]| -> Vec<String> {
        ps.iter()
            .filter_map(|&p| a.paragraphs.get(p))
            .map(|p| {
                format!(
                    "¶{} {}",
                    p.index,
                    parallax_core::text::sanitize::sanitize(&p.text)
                )
            })
            .collect()
    };
    let l = side(&cv.left, &row.left);
    let r = side(&cv.right, &row.right);
    let mut parts = Vec::new();
    if !l.is_empty() {
        parts.push(format!("{} (left):\n{}", cv.left.id, l.join("\n")));
    }
    if !r.is_empty() {
        parts.push(format!("{} (right):\n{}", cv.right.id, r.join("\n")));
    }
    let text: String = parts.join("\n\n");
    // No control character but the line breaks reaches the terminal.
    let text: String = text
        .chars()
        .filter(|&c| c == '\n' || !c.is_control())
        .collect();
    let what = format!(
        "copied {} ↔ {} ({} characters, by OSC 52)",
        if row.left.is_empty() {
            "–".to_string()
        } else {
            crate::report::styled::para_list(&row.left)
        },
        if row.right.is_empty() {
            "–".to_string()
        } else {
            crate::report::styled::para_list(&row.right)
        },
        text.chars().count()
    );
    status(app, what, false);
    vec![Effect::Copy { text }]
}

/// All marks arrived: open the marks list, or refresh it (its filter kept).
fn marks_list(app: &mut App, new: Vec<ListedMark>) {
    match app.popup.as_mut() {
        Some(Popup::Marks { items, .. }) => *items = new,
        Some(_) => return,
        None => {
            app.popup = Some(Popup::Marks {
                items: new,
                visible: Vec::new(),
                cursor: 0,
                filter: String::new(),
                filtering: false,
                confirm: None,
            })
        }
    }
    refilter_marks(app);
}

/// The marks list's visible marks from its filter.
fn refilter_marks(app: &mut App) {
    if let Some(Popup::Marks {
        items,
        visible,
        cursor,
        filter,
        ..
    }) = app.popup.as_mut()
    {
        let f = filter.to_lowercase();
        *visible = (0..items.len()).filter(|&i| items[i].matches(&f)).collect();
        *cursor = (*cursor).min(visible.len().saturating_sub(1));
    }
}

/// Open the pair of a listed mark, the cursor on its row once aligned.
fn open_marked(app: &mut App, m: &ListedMark) -> Vec<Effect> {
    let found = match whole(app, &[&m.left_id, &m.right_id], Action::Pick) {
        Whole::Held(v) => Some((v[0].clone(), v[1].clone())),
        Whole::Reading(e) => return e,
        Whole::Gone => None,
    };
    let Some((l, r)) = found else {
        status(
            app,
            format!("mark #{}: its articles are not both in this corpus", m.id),
            true,
        );
        return Vec::new();
    };
    app.popup = None;
    let back = app.compare.as_ref().map_or(app.screen, |cv| cv.back);
    let mut effects = open_compare(app, l, r);
    if let Some(cv) = app.compare.as_mut() {
        cv.goto_para = m.left_para;
        cv.back = back;
    }
    effects.extend(reload(app));
    effects
}

/// After aligning a pair opened from the marks list: the cursor on the marked row.
fn goto_marked_para(app: &mut App) {
    let body = body_height(app.size.1);
    let Some(cv) = app.compare.as_mut() else {
        return;
    };
    let Some(p) = cv.goto_para.take() else {
        return;
    };
    let Some(&row) = cv.left_row.get(p) else {
        return;
    };
    if !cv.rows.contains(&row) {
        cv.view = ViewFilter::All;
        relayout(app);
    }
    let Some(cv) = app.compare.as_mut() else {
        return;
    };
    if let Some(i) = cv.rows.iter().position(|&r| r == row) {
        move_cursor(cv, i, body);
    }
}

/// When no author is known: ask for one before the first mark, which `then` makes.
fn ask_author(app: &mut App, then: Action) -> bool {
    if !app.author_needed {
        return false;
    }
    app.popup = Some(Popup::Author {
        input: String::new(),
        then: Box::new(then),
    });
    true
}

fn mark_row(app: &mut App, label: RowLabel) -> Vec<Effect> {
    if ask_author(app, Action::MarkRow(label)) {
        return Vec::new();
    }
    let Some(cv) = app.compare.as_ref() else {
        return Vec::new();
    };
    let Some(c) = cv.comparison.as_ref() else {
        status(app, "still aligning", true);
        return Vec::new();
    };
    let Some(row) = cv.cursor_row() else {
        return Vec::new();
    };
    // A one-sided row with a partner elsewhere is marked with that partner.
    let (l, r) = if row.left.is_empty() || row.right.is_empty() {
        match crate::report::styled::row_links(c, row).first() {
            Some(m) => (m.left.clone(), m.right.clone()),
            None => {
                status(
                    app,
                    "a paragraph mark needs paragraphs on both sides; this row has one side only",
                    true,
                );
                return Vec::new();
            }
        }
    } else {
        (row.left.clone(), row.right.clone())
    };
    let mut effects = vec![Effect::MarkRow {
        left: cv.left.clone(),
        right: cv.right.clone(),
        left_paras: l,
        right_paras: r,
        label,
    }];
    effects.extend(reload(app));
    effects
}

/// After a change to the marks: reload the open pair's marks and the counts.
fn reload(app: &App) -> Vec<Effect> {
    let mut out = Vec::new();
    if let Some(cv) = app.compare.as_ref() {
        out.push(Effect::LoadPairMarks {
            left: cv.left.clone(),
            right: cv.right.clone(),
        });
    }
    out.push(Effect::LoadCounts);
    out.push(Effect::LoadPairLabels);
    out
}

/// Mark the pair on screen: the open comparison, or the pair under the cursor of the pairs
/// screen (its left article is the one with the larger share).
fn mark_pair(app: &mut App, verdict: Verdict) -> Vec<Effect> {
    if ask_author(app, Action::SetVerdict(verdict)) {
        return Vec::new();
    }
    let (left, right) = match (app.screen, app.compare.as_ref()) {
        (Screen::Compare, Some(cv)) => (cv.left.clone(), cv.right.clone()),
        (Screen::Pairs, _) => match current_pair_or_read(app, Action::SetVerdict(verdict)) {
            Ok(pair) => pair,
            Err(e) => return e,
        },
        _ => return Vec::new(),
    };
    let mut effects = vec![Effect::MarkPair {
        left,
        right,
        verdict,
    }];
    effects.extend(reload(app));
    effects
}

fn open_note(app: &mut App) {
    let Some(cv) = app.compare.as_ref() else {
        return;
    };
    let row_mark = cv.cursor_row().and_then(|r| cv.row_mark(r));
    let target = row_mark.or_else(|| cv.pair_mark());
    match target {
        Some(m) => {
            let what = if m.pair {
                format!("note on the pair mark ({})", m.label)
            } else {
                format!(
                    "note on {} {} ↔ {}",
                    m.label,
                    crate::report::styled::para_list(&m.left),
                    crate::report::styled::para_list(&m.right)
                )
            };
            app.popup = Some(Popup::Note {
                input: m.note.clone().unwrap_or_default(),
                mark_id: m.id,
                what,
            });
        }
        None => status(
            app,
            "nothing to annotate: mark the row (d a p x) or the pair (m) first",
            true,
        ),
    }
}

fn popup(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(popup) = app.popup.as_mut() else {
        return Vec::new();
    };
    match popup {
        Popup::Help { scroll, .. } => match action {
            Action::Back | Action::Help => app.popup = None,
            Action::Down => *scroll += 1,
            Action::Up => *scroll = scroll.saturating_sub(1),
            _ => {}
        },
        Popup::Verdict { selected } => match action {
            Action::Down => *selected = (*selected + 1).min(VERDICTS.len() - 1),
            Action::Up => *selected = selected.saturating_sub(1),
            Action::Submit => {
                let v = VERDICTS[*selected].0;
                app.popup = None;
                return mark_pair(app, v);
            }
            Action::Back | Action::Quit => app.popup = None,
            _ => {}
        },
        Popup::Note { input, mark_id, .. } => match action {
            Action::Submit => {
                let note = input.trim().to_string();
                let id = *mark_id;
                app.popup = None;
                let mut effects = vec![Effect::SetNote {
                    mark_id: id,
                    note: (!note.is_empty()).then_some(note),
                }];
                effects.extend(reload(app));
                return effects;
            }
            Action::Back => app.popup = None,
            _ => {}
        },
        Popup::Marks {
            items,
            visible,
            cursor,
            filter,
            filtering,
            confirm,
        } => {
            if let Some(id) = confirm.take() {
                if action == Action::Confirm {
                    let mut effects = vec![Effect::DeleteMark(id), Effect::LoadMarksList];
                    effects.extend(reload(app));
                    return effects;
                }
                status(app, format!("kept mark #{id}"), false);
                return Vec::new();
            }
            let current = visible.get(*cursor).and_then(|&i| items.get(i)).cloned();
            match action {
                Action::Down => *cursor = (*cursor + 1).min(visible.len().saturating_sub(1)),
                Action::Up => *cursor = cursor.saturating_sub(1),
                Action::StartFilter => *filtering = true,
                Action::Submit if *filtering => *filtering = false,
                Action::Back if *filtering => {
                    *filtering = false;
                    filter.clear();
                    refilter_marks(app);
                }
                Action::Back | Action::Quit => app.popup = None,
                Action::DeleteMark => {
                    if let Some(m) = current {
                        *confirm = Some(m.id);
                        status(
                            app,
                            format!(
                                "delete mark #{} ({})? y deletes, any other key keeps it",
                                m.id, m.what
                            ),
                            true,
                        );
                    }
                }
                Action::OpenNote => {
                    if let Some(m) = current {
                        app.popup = Some(Popup::Note {
                            input: m.note.clone().unwrap_or_default(),
                            mark_id: m.id,
                            what: format!("note on #{} {}", m.id, m.what),
                        });
                    }
                }
                Action::Pick => {
                    if let Some(m) = current {
                        return open_marked(app, &m);
                    }
                }
                _ => {}
            }
        }
        Popup::Author { input, then } => match action {
            Action::Submit => {
                let name = input.trim().to_string();
                if name.is_empty() {
                    status(app, "type your name (or Esc: no mark)", true);
                    return Vec::new();
                }
                let then = (**then).clone();
                app.popup = None;
                app.author_needed = false;
                let mut effects = vec![Effect::SetAuthor(name)];
                effects.extend(apply(app, then));
                return effects;
            }
            Action::Back => {
                app.popup = None;
                status(app, "not marked: a mark needs an author's name", true);
            }
            _ => {}
        },
        Popup::Export {
            selected,
            path,
            editing_path,
        } => match action {
            Action::Down | Action::Up if !*editing_path => {
                let was_default = *path == ExportFormat::ALL[*selected].default_path();
                *selected = if action == Action::Down {
                    (*selected + 1).min(ExportFormat::ALL.len() - 1)
                } else {
                    selected.saturating_sub(1)
                };
                if was_default {
                    *path = ExportFormat::ALL[*selected].default_path();
                }
            }
            Action::SwitchPane => *editing_path = !*editing_path,
            Action::Submit => {
                if path.trim().is_empty() {
                    app.status = Some(Status {
                        text: "give a file path (Tab edits it)".into(),
                        error: true,
                    });
                    return Vec::new();
                }
                let path = path.trim().to_string();
                let effect = Effect::Export {
                    format: export_format(ExportFormat::ALL[*selected], &path),
                    path,
                };
                app.popup = None;
                return vec![effect];
            }
            Action::Back | Action::Quit => {
                if *editing_path {
                    *editing_path = false;
                } else {
                    app.popup = None;
                }
            }
            _ => {}
        },
    }
    Vec::new()
}

/// The format an export to `path` is written in: the one its extension names (`.md`,
/// `.csv`, … as `parallax export -o` reads it), else the one chosen in the menu.
pub fn export_format(chosen: ExportFormat, path: &str) -> ExportFormat {
    use parallax_core::marks::export::Format;
    match Format::from_path(std::path::Path::new(path)) {
        // W3C annotations are JSON(-LD): a `.json` name does not overrule them.
        Some(Format::Json) if chosen == ExportFormat::W3c => chosen,
        Some(Format::Json) => ExportFormat::Json,
        Some(Format::Jsonl) => ExportFormat::Jsonl,
        Some(Format::Csv) => ExportFormat::Csv,
        Some(Format::Md) => ExportFormat::Md,
        Some(Format::W3c) => ExportFormat::W3c,
        None => chosen,
    }
}

// ---------------------------------------------------------------------------------------
// Reading one article.

/// The picker's visible entries back in list order (after a left pick sorted them by
/// share), the cursor on the same entry. Full-text hits keep their order.
fn natural_order(p: &mut Picker, page: usize) {
    if p.fulltext {
        return;
    }
    let at = p.visible.get(p.cursor).copied();
    let f = p.filter.to_lowercase();
    p.visible = (0..p.entries.len())
        .filter(|&i| p.entries[i].search.contains(&f))
        .collect();
    let to = at
        .and_then(|e| p.visible.iter().position(|&i| i == e))
        .unwrap_or(0);
    picker_move(p, to as isize, page);
}

/// Open the article view on an article (`entry`: its picker entry, if any; `back`: the
/// screen `q` returns to, `None` to quit).
pub fn open_article(
    app: &mut App,
    article: Arc<Article>,
    entry: Option<usize>,
    back: Option<Screen>,
) -> Vec<Effect> {
    let id = article.id.clone();
    app.article = Some(ArticleView::new(article, entry, back));
    app.screen = Screen::Article;
    vec![Effect::LoadArticleMarks { id }]
}

/// The article view's document at the terminal's width.
fn doc<'a>(app: &'a App, av: &'a ArticleView) -> layout::Doc<'a> {
    layout::Doc {
        av,
        cov: app.scan.coverage.get(&av.article.id).map(|c| &**c),
        cols: app.size.0 as usize,
        marks: true,
        corpus: &app.picker.corpus,
        clip: None,
    }
}

/// Scroll so that the cursor's paragraph is on screen (at its first line when it is taller
/// than the screen); paragraph ¶0 brings the header into view when both fit.
fn article_reveal(app: &App, av: &ArticleView) -> DocPos {
    let body = layout::article_body(app.size.1);
    let d = doc(app, av);
    let b = av.cursor + 1;
    let top = av.top;
    if av.article.paragraphs.is_empty() {
        return top;
    }
    let above = b < top.block || (b == top.block && top.line > 0);
    if above {
        if av.cursor == 0 && d.height(0) + d.height(1) <= body {
            return DocPos::default();
        }
        return DocPos { block: b, line: 0 };
    }
    let h = d.height(b);
    match d.lines_to(top, b, body) {
        Some(y) if y + h <= body => top,
        _ if h >= body => DocPos { block: b, line: 0 },
        _ => d.up(DocPos { block: b, line: h }, body),
    }
}

/// Scroll for a jump (a search hit, `NG`): unless the paragraph is on screen, a few lines of
/// context stand above it.
fn article_jump(app: &App, av: &ArticleView) -> DocPos {
    let body = layout::article_body(app.size.1);
    let d = doc(app, av);
    let b = av.cursor + 1;
    if let Some(y) = d.lines_to(av.top, b, body) {
        if y + d.height(b).min(body) <= body {
            return av.top;
        }
    }
    d.up(DocPos { block: b, line: 0 }, jump_context(body))
        .min(d.max_top(body))
}

/// After scrolling: the cursor on a paragraph that starts on screen.
fn article_settle(app: &App, av: &ArticleView) -> usize {
    let body = layout::article_body(app.size.1);
    let (first, last) = doc(app, av).on_screen(av.top, body);
    av.cursor.clamp(first, last.max(first))
}

fn find_article_hits(av: &mut ArticleView) {
    av.search.hits.clear();
    av.search.current = None;
    if av.search.query.is_empty() {
        return;
    }
    let folded = match &av.folded {
        Some(f) => Arc::clone(f),
        None => {
            let f: Arc<Vec<_>> = Arc::new(
                av.article
                    .paragraphs
                    .iter()
                    .map(|p| parallax_core::text::find::Folded::new(&p.text))
                    .collect(),
            );
            av.folded = Some(Arc::clone(&f));
            f
        }
    };
    for (p, f) in folded.iter().enumerate() {
        for (start, end) in parallax_core::text::find::find_in(f, &av.search.query) {
            av.search.hits.push((p, start, end));
        }
    }
}

/// The next (or previous) search hit from the cursor, wrapping; the status text.
fn article_next_hit(av: &mut ArticleView, forward: bool, inclusive: bool) -> Option<String> {
    let hits = &av.search.hits;
    if hits.is_empty() {
        return None;
    }
    let n = hits.len();
    let on_cursor = av
        .search
        .current
        .filter(|&c| !inclusive && hits.get(c).is_some_and(|h| h.0 == av.cursor));
    let (k, wrapped) = match (on_cursor, forward) {
        (Some(c), true) if c + 1 < n => (c + 1, None),
        (Some(_), true) => (0, Some("search wrapped to the top")),
        (Some(0), false) => (n - 1, Some("search wrapped to the bottom")),
        (Some(c), false) => (c - 1, None),
        (None, true) => {
            let from = av.cursor + usize::from(!inclusive);
            match hits.iter().position(|h| h.0 >= from) {
                Some(k) => (k, None),
                None => (0, Some("search wrapped to the top")),
            }
        }
        (None, false) => match hits.iter().rposition(|h| h.0 < av.cursor) {
            Some(k) => (k, None),
            None => (n - 1, Some("search wrapped to the bottom")),
        },
    };
    av.search.current = Some(k);
    av.cursor = hits[k].0;
    let what = format!(
        "hit {} of {n} · ¶{} · “{}”",
        k + 1,
        hits[k].0,
        av.search.query
    );
    Some(match wrapped {
        Some(w) => format!("{w} · {what}"),
        None => what,
    })
}

fn article(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(mut av) = app.article.take() else {
        app.screen = Screen::Picker;
        return Vec::new();
    };
    let effects = article_key(app, &mut av, action);
    // Kept while its screen is on, or a comparison opened from it (`q` comes back).
    if matches!(app.screen, Screen::Article | Screen::Compare) {
        app.article = Some(av);
    }
    effects
}

/// One key of the article view. `av` is out of `app` while it runs (put back by
/// [`article`] unless the view closed).
fn article_key(app: &mut App, av: &mut ArticleView, action: Action) -> Vec<Effect> {
    let body = layout::article_body(app.size.1);
    if av.search.editing {
        match action {
            Action::Submit => {
                av.search.editing = false;
                if !av.search.query.is_empty() {
                    match article_next_hit(av, true, true) {
                        Some(text) => {
                            av.top = article_jump(app, av);
                            status(app, text, false);
                        }
                        None => {
                            let text = format!("no match for “{}”", av.search.query);
                            status(app, text, true);
                        }
                    }
                }
            }
            Action::Back => av.search = ArticleSearch::default(),
            _ => {}
        }
        return Vec::new();
    }
    let n = av.article.paragraphs.len();
    let count = av.count.take();
    let last = n.saturating_sub(1);
    match action {
        Action::Count(d) => {
            let c = count
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(d as usize);
            av.count = Some(c.min(1_000_000_000));
        }
        Action::Top | Action::Bottom if count.is_some() => {
            let k = count.unwrap_or(0);
            if k >= n {
                let text = if n == 0 {
                    "this article has no paragraphs".to_string()
                } else {
                    format!("no ¶{k}: the article has ¶0-{last}")
                };
                status(app, text, true);
            } else {
                av.cursor = k;
                av.top = article_jump(app, av);
                status(app, format!("¶{k}"), false);
            }
        }
        Action::Down if n > 0 => {
            av.cursor = (av.cursor + 1).min(last);
            av.top = article_reveal(app, av);
        }
        Action::Up if n > 0 && av.cursor == 0 => av.top = DocPos::default(),
        Action::Up if n > 0 => {
            av.cursor -= 1;
            av.top = article_reveal(app, av);
        }
        Action::PageDown
        | Action::PageUp
        | Action::HalfPageDown
        | Action::HalfPageUp
        | Action::ScrollLines(_) => {
            let lines = match action {
                Action::PageDown => body as isize,
                Action::PageUp => -(body as isize),
                Action::HalfPageDown => (body / 2).max(1) as isize,
                Action::HalfPageUp => -((body / 2).max(1) as isize),
                Action::ScrollLines(k) => k as isize,
                _ => 0,
            };
            let d = doc(app, av);
            let top = if lines >= 0 {
                d.down(av.top, lines as usize, body)
            } else {
                d.up(av.top, lines.unsigned_abs())
            };
            av.top = top;
            if n > 0 {
                av.cursor = article_settle(app, av);
            }
        }
        Action::Top => {
            av.cursor = 0;
            av.top = DocPos::default();
        }
        Action::Bottom => {
            av.cursor = last;
            av.top = doc(app, av).max_top(body);
        }
        Action::Click(_, y) => {
            if let Some(line) = (y as usize)
                .checked_sub(layout::ARTICLE_HEADER_H)
                .filter(|&l| l < body)
            {
                let d = doc(app, av);
                let mut at = av.top;
                let mut y = 0;
                loop {
                    let h = d.height(at.block) - at.line.min(d.height(at.block));
                    if line < y + h || at.block + 1 >= d.blocks() {
                        break;
                    }
                    y += h;
                    at = DocPos {
                        block: at.block + 1,
                        line: 0,
                    };
                }
                if at.block > 0 {
                    av.cursor = at.block - 1;
                }
            }
        }
        Action::StartFilter => {
            av.search = ArticleSearch {
                editing: true,
                ..ArticleSearch::default()
            };
        }
        Action::Next | Action::Prev => match article_next_hit(av, action == Action::Next, false) {
            Some(text) => {
                av.top = article_jump(app, av);
                status(app, text, false);
            }
            None if av.search.query.is_empty() => {
                status(app, "no search: / searches the article", false)
            }
            None => {
                let text = format!("no match for “{}”", av.search.query);
                status(app, text, true);
            }
        },
        Action::NextArticle | Action::PrevArticle => {
            return next_article(app, av, action == Action::NextArticle);
        }
        Action::CompareWith => return compare_with(app, av),
        Action::CompareSource => return compare_source(app, av, count.unwrap_or(1)),
        Action::Back if av.search.active() => av.search = ArticleSearch::default(),
        Action::Back | Action::Quit => match av.back {
            Some(screen) => app.screen = screen,
            None => app.quit = true,
        },
        Action::OpenExport => open_export(app),
        _ => {}
    }
    Vec::new()
}

/// `]`/`[`: the next or previous article of the picker's (filtered) list; the picker's cursor
/// follows, so that going back lands on the article read last.
fn next_article(app: &mut App, av: &mut ArticleView, forward: bool) -> Vec<Effect> {
    let p = &app.picker;
    let Some(at) = av
        .entry
        .and_then(|e| p.visible.iter().position(|&i| i == e))
    else {
        status(
            app,
            "this article is not in the article list (its filter)",
            true,
        );
        return Vec::new();
    };
    let to = if forward {
        at + 1
    } else {
        match at.checked_sub(1) {
            Some(t) => t,
            None => {
                status(app, "first article of the list", false);
                return Vec::new();
            }
        }
    };
    let Some(&e) = p.visible.get(to) else {
        status(app, "last article of the list", false);
        return Vec::new();
    };
    let id = app.picker.entries[e].article.id.clone();
    let then = if forward {
        Action::NextArticle
    } else {
        Action::PrevArticle
    };
    let a = match whole(app, &[&id], then) {
        Whole::Held(v) => v[0].clone(),
        Whole::Reading(e) => return e,
        Whole::Gone => return Vec::new(),
    };
    let page = layout::picker_rows(app.size.1);
    picker_move(&mut app.picker, to as isize, page);
    *av = ArticleView::new(a, Some(e), av.back);
    status(
        app,
        format!("{} of {}", to + 1, app.picker.visible.len()),
        false,
    );
    vec![Effect::LoadArticleMarks { id }]
}

/// "compare with…": this article as the left pick, back to the picker for the right, the
/// articles that share most text with it first.
fn compare_with(app: &mut App, av: &mut ArticleView) -> Vec<Effect> {
    let Some(entry) = av.entry else {
        status(
            app,
            "this article is not in the corpus list: it cannot be compared here",
            true,
        );
        return Vec::new();
    };
    let p = &mut app.picker;
    p.show_skipped = false;
    p.left = Some(entry);
    left_shares(app);
    let p = &mut app.picker;
    let n = p.with_left.len();
    if !p.fulltext && n > 0 {
        let share = |i: usize| {
            p.with_left
                .get(&p.entries[i].article.id)
                .map(|&(a, b)| a.max(b))
        };
        let mut likely: Vec<(usize, f64)> = p
            .visible
            .iter()
            .filter_map(|&i| share(i).map(|s| (i, s)))
            .collect();
        likely.sort_by(|a, b| b.1.total_cmp(&a.1));
        let rest: Vec<usize> = p
            .visible
            .iter()
            .copied()
            .filter(|&i| share(i).is_none())
            .collect();
        p.visible = likely.into_iter().map(|(i, _)| i).chain(rest).collect();
        p.cursor = 0;
        p.top = 0;
    }
    let id = p.entries[entry].article.id.clone();
    let hint = match (n, app.scan.status == ScanStatus::Done) {
        (_, false) => " (the corpus scan is still running: no shares yet)".to_string(),
        (0, true) => " · no article shares text with it".to_string(),
        (1, true) => " · the 1 article that shares text with it is first".to_string(),
        (n, true) => format!(" · the {n} articles that share text with it are first"),
    };
    app.screen = Screen::Picker;
    status(
        app,
        format!("left: {id} · now pick the right article{hint}"),
        false,
    );
    Vec::new()
}

/// `o`/Enter: the comparison with the `nth` (from 1) article the cursor's paragraph is
/// found in, the cursor on that paragraph's row; `q` there comes back here.
fn compare_source(app: &mut App, av: &mut ArticleView, nth: usize) -> Vec<Effect> {
    if app.scan.status != ScanStatus::Done {
        status(
            app,
            "waiting for the corpus scan to find where paragraphs are found",
            true,
        );
        return Vec::new();
    }
    let Some(cov) = app.scan.coverage.get(&av.article.id).cloned() else {
        status(app, "coverage: still computing", true);
        return Vec::new();
    };
    let p = av.cursor;
    let Some(pc) = cov.paragraphs.get(p).filter(|pc| !pc.sources.is_empty()) else {
        status(
            app,
            format!("¶{p} is found in no other article of the corpus"),
            true,
        );
        return Vec::new();
    };
    let Some(src) = pc.sources.get(nth.max(1) - 1) else {
        status(
            app,
            format!("¶{p} is found in {} articles only", pc.sources.len()),
            true,
        );
        return Vec::new();
    };
    let src_id = src.id.clone();
    let other = match whole(app, &[&src_id], Action::CompareSource) {
        Whole::Held(v) => v[0].clone(),
        Whole::Reading(e) => {
            // The count (`2o`) again when the action is done again.
            av.count = Some(nth);
            return e;
        }
        Whole::Gone => {
            status(app, "that article is no longer in the list", true);
            return Vec::new();
        }
    };
    let mut effects = open_compare(app, av.article.clone(), other);
    if let Some(cv) = app.compare.as_mut() {
        cv.goto_para = Some(p);
        cv.back = Screen::Article;
    }
    effects.extend(reload(app));
    effects
}
