//! The terminal UI: plain state ([`state`]), an [`action::Action`] enum, a pure
//! [`update::update`], one keymap table ([`keymap`]) and widgets that draw the state
//! ([`view`]). This module is the runtime: terminal setup and restore, the event loop, and the
//! effects (alignment on a worker thread, the marks store, exports).

pub mod action;
pub mod families;
pub mod keymap;
pub mod layout;
pub mod state;
pub mod store_marks;
pub mod theme;
pub mod update;
pub mod view;

use action::Action;
use anyhow::{Context as _, Result};
use parallax_core::corpus::Corpus;
use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use ratatui::crossterm::{cursor, execute, terminal};
use state::{App, ExportFormat, RowLabel, ShownMark, Theme, Verdict};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use update::{update, Effect};

/// How the UI was asked to start.
#[derive(Debug, Clone)]
pub struct Options {
    pub corpus: PathBuf,
    /// The marks store; `None` for the corpus's default.
    pub store: Option<PathBuf>,
    pub mouse: bool,
    pub theme: Theme,
    /// Colour on (NO_COLOR unset or empty).
    pub color: bool,
    pub author: Option<String>,
    /// Open the comparison of these two articles at once (`parallax A B`).
    pub open: Option<(Arc<parallax_core::Article>, Arc<parallax_core::Article>)>,
    /// Open this article alone at once, as a pager: `q` quits (`parallax show` on a
    /// terminal).
    pub page: Option<Arc<parallax_core::Article>>,
    /// The corpus folder already listed by the caller, if it has one; else the loader thread
    /// walks it after the first frame ([`Action::Listed`]): the picker never waits for a walk.
    pub listed: Option<Corpus>,
}

/// What the UI needs of the marks store, in the terms of the sides on screen.
pub trait Marks {
    fn pair_marks(
        &self,
        left: &parallax_core::Article,
        right: &parallax_core::Article,
    ) -> Result<Vec<ShownMark>>;
    fn counts(&self) -> Result<Vec<(String, usize)>>;
    /// The current pair verdicts: `(left id, right id, label)`, oldest first.
    fn pair_labels(&self) -> Result<Vec<(String, String, String)>>;
    fn mark_row(
        &mut self,
        left: &parallax_core::Article,
        right: &parallax_core::Article,
        left_paras: &[usize],
        right_paras: &[usize],
        label: RowLabel,
    ) -> Result<String>;
    fn mark_pair(
        &mut self,
        left: &parallax_core::Article,
        right: &parallax_core::Article,
        verdict: Verdict,
    ) -> Result<String>;
    fn set_note(&mut self, mark_id: i64, note: Option<&str>) -> Result<String>;
    fn undo(&mut self) -> Result<String>;
    /// Redo what [`Marks::undo`] last undid in this reader.
    fn redo(&mut self) -> Result<String>;
    /// Whether an author is known (else the reader asks before the first mark).
    fn author_known(&self) -> bool {
        true
    }
    /// Record this session's changes under `name`.
    fn set_author(&mut self, _name: String) {}
    /// All current marks of the corpus, oldest first.
    fn list(&self) -> Result<Vec<state::ListedMark>>;
    /// Delete a mark (undoable with `u`).
    fn delete(&mut self, mark_id: i64) -> Result<String>;
    fn export(&self, format: ExportFormat, path: &str) -> Result<String>;
    /// The corpus listing, once the folder is walked: the marks find their articles by id in
    /// it. Until then the runtime holds back what needs it ([`needs_listing`]).
    fn listed(&mut self, _corpus: Arc<Corpus>) {}
}

/// Whether an effect needs the corpus listing (marks found again by article id, the export's
/// corpus, the full-text search): held back until the folder is walked, rather than resolved
/// against the paths marks had (which cannot tell the items of a JSON Lines file apart) or
/// walked on the UI thread.
fn needs_listing(e: &Effect) -> bool {
    matches!(
        e,
        Effect::LoadMarksList
            | Effect::LoadArticleMarks { .. }
            | Effect::SetNote { .. }
            | Effect::Export { .. }
            | Effect::FullText { .. }
    )
}

/// Whether an effect waits for the listing (not `listed` yet): it needs it, or it must stay
/// behind one that does (`waiting`), in order.
fn held_back(listed: bool, waiting: &[Effect], e: &Effect) -> bool {
    !listed && (needs_listing(e) || !waiting.is_empty() && !independent(e))
}

/// Effects that touch nothing the listing orders (worker threads, the terminal): never held
/// back behind one that waits for the listing.
fn independent(e: &Effect) -> bool {
    matches!(
        e,
        Effect::Align { .. }
            | Effect::Coverage { .. }
            | Effect::Families { .. }
            | Effect::Suspend
            | Effect::Copy { .. }
    )
}

fn restore_terminal() {
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Puts the terminal in raw mode on the alternate screen, and back however the UI ends:
/// normal exit, error (drop), panic (hook) or a signal (flags checked by the loop).
struct TerminalGuard;

impl TerminalGuard {
    fn enter(mouse: bool) -> Result<TerminalGuard> {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            hook(info);
        }));
        terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
        let guard = TerminalGuard;
        resume(mouse)?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// What the signal thread tells the event loop.
#[derive(Default)]
struct SignalFlags {
    /// The signal that ends the reader (SIGTERM, SIGHUP, SIGINT, SIGQUIT), 0 for none.
    end: AtomicI32,
    /// SIGTSTP came: restore the terminal and stop.
    suspend: AtomicBool,
    /// SIGCONT came: take the terminal back and draw everything again.
    resumed: AtomicBool,
}

impl SignalFlags {
    fn ended(&self) -> Option<i32> {
        Some(self.end.load(Ordering::SeqCst)).filter(|&s| s != 0)
    }
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT end the reader: the event loop sees the flag, restores
/// the terminal and exits with 128 + the signal (130 for SIGINT, 131 for SIGQUIT). SIGTSTP
/// suspends it as Ctrl-Z does ([`suspend`]); SIGCONT (the shell's `fg`, or `kill -CONT` after
/// a `kill -STOP`) takes the terminal back and redraws.
///
/// When the terminal itself is gone (its window closed, tmux killed, ssh dropped), crossterm's
/// event poll can spin on the dead tty, which reads as end-of-file forever, and never come
/// back to the loop (crossterm issue #793). So if the loop has not ended half a second after
/// a signal, the signal thread restores what it can of the terminal and exits; and a second
/// thread watches the terminal for a hangup, which comes with no signal at all when the
/// reader is not in the terminal's session. Marks are already saved: each one is committed
/// when it is made.
fn watch_signals(flags: Arc<SignalFlags>) -> Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])
            .context("cannot watch for signals")?;
    std::thread::spawn(move || {
        for sig in signals.forever() {
            match sig {
                SIGTSTP => flags.suspend.store(true, Ordering::SeqCst),
                SIGCONT => flags.resumed.store(true, Ordering::SeqCst),
                sig => {
                    flags.end.store(sig, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(500));
                    // An export under way leaves no temporary file behind.
                    parallax_core::marks::export::remove_pending_temp_files();
                    restore_terminal();
                    std::process::exit(128 + sig);
                }
            }
        }
    });
    #[cfg(unix)]
    std::thread::spawn(|| loop {
        std::thread::sleep(Duration::from_millis(250));
        if terminal_hung_up() {
            // Nothing can be written to a dead terminal; leave as on SIGHUP.
            parallax_core::marks::export::remove_pending_temp_files();
            std::process::exit(128 + SIGHUP);
        }
    });
    Ok(())
}

/// Ctrl-Z or SIGTSTP: give the terminal back as it was (main screen, cursor, cooked mode,
/// mouse off), stop the process group (the shell sees the job stopped; SIGSTOP because a
/// SIGTSTP would come back to this process's handler, and is discarded in an orphaned group),
/// then, once continued, take the terminal again.
#[cfg(unix)]
fn suspend(mouse: bool) -> Result<()> {
    restore_terminal();
    // SAFETY: kill(2) on this process's own group; no memory is involved.
    if unsafe { libc::kill(0, libc::SIGSTOP) } != 0 {
        // SAFETY: as above, this process alone.
        unsafe { libc::kill(libc::getpid(), libc::SIGSTOP) };
    }
    resume(mouse)
}

#[cfg(not(unix))]
fn suspend(mouse: bool) -> Result<()> {
    resume(mouse)
}

/// Take the terminal (again): raw mode, alternate screen cleared, cursor hidden, mouse
/// reporting when asked for. Safe to repeat.
fn resume(mouse: bool) -> Result<()> {
    terminal::enable_raw_mode().context("cannot put the terminal in raw mode")?;
    let mut out = std::io::stdout();
    execute!(
        out,
        terminal::EnterAlternateScreen,
        terminal::Clear(terminal::ClearType::All),
        cursor::Hide
    )?;
    if mouse {
        execute!(out, event::EnableMouseCapture)?;
    }
    Ok(())
}

/// Whether the terminal on standard input has hung up (poll reports POLLHUP or an error; a
/// live terminal never does).
#[cfg(unix)]
fn terminal_hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: 0,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd, no timeout; poll only writes `revents`.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

/// Put `text` on the clipboard of the terminal the reader runs in (its standard output):
/// OSC 52, the text base64-encoded, so that nothing of it is read as a control sequence.
fn copy_osc52(text: &str) {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{b64}\x07");
    let _ = out.flush();
}

/// List the corpus folder (the walk, [`Corpus::open`]) for the reader. Test hook:
/// `PARALLAX_TEST_WALK_GATE=FILE` holds the walk until FILE exists, so that a test can see what
/// the reader does before its folder is walked (`tests/reader_start.rs`).
pub fn walk_corpus(root: &std::path::Path) -> Result<Corpus, parallax_core::corpus::Error> {
    if let Some(gate) = std::env::var_os("PARALLAX_TEST_WALK_GATE").filter(|g| !g.is_empty()) {
        while !std::path::Path::new(&gate).exists() {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    Corpus::open(root)
}

/// Run the UI until the user quits.
pub fn run(
    mut opts: Options,
    mut marks: Option<Box<dyn Marks>>,
    store_error: Option<String>,
) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the reader needs a terminal; for a report in a pipe use `parallax list` or `parallax compare A B`"
        );
    }
    // The picker is drawn at once, before the folder is walked: the loader thread walks it,
    // then reads the articles in chunks (`start_loading`), its progress in the title line.
    let mut corpus: Option<Arc<Corpus>> = opts.listed.take().map(Arc::new);
    if let (Some(c), Some(m)) = (&corpus, marks.as_mut()) {
        m.listed(Arc::clone(c));
    }
    let mut app = App::new(Vec::new(), Vec::new(), &opts.corpus.display().to_string());
    app.picker.loading = Some((0, corpus.as_ref().map_or(0, |c| c.entries.len()), 0));
    app.picker.listing = corpus.is_none();
    app.theme = opts.theme;
    app.color = opts.color;
    app.author_needed = marks.as_ref().is_some_and(|m| !m.author_known());
    if let Ok((w, h)) = terminal::size() {
        app.size = (w, h);
    }
    let mut queue: Vec<Action> = Vec::new();
    let mut first_effects = Vec::new();
    if let Some((a, b)) = opts.open.clone() {
        // Given whole: held as long as the reader runs (two articles).
        app.bodies.give(a.clone());
        app.bodies.give(b.clone());
        first_effects = update::open_compare(&mut app, a, b);
    }
    if let Some(a) = opts.page.clone() {
        let entry = app.picker.entries.iter().position(|e| e.article.id == a.id);
        app.bodies.give(a.clone());
        if let Some(i) = entry {
            // `]`/`[` go on from here; the list's cursor is on it.
            app.picker.cursor = app.picker.visible.iter().position(|&v| v == i).unwrap_or(0);
            app.picker.top = app.picker.cursor;
        }
        first_effects = update::open_article(&mut app, a, entry, None);
    }
    let signals = Arc::new(SignalFlags::default());
    watch_signals(Arc::clone(&signals))?;

    let guard = TerminalGuard::enter(opts.mouse)?;
    let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
    // No `Terminal::clear`: it asks the terminal for the cursor position, which not every
    // terminal answers; the guard cleared the alternate screen.
    let mut terminal = ratatui::Terminal::new(backend)?;

    let (tx, rx) = mpsc::channel::<Action>();
    // The loader starts once the first frame is on screen: reading a corpus whose cache is
    // cold takes every core, and the picker comes first.
    let mut loading_started = false;
    // The scan starts when the articles are read (both read every file).
    let mut scan_started = false;
    let mut coverage_tx: Option<mpsc::Sender<CoverageRequest>> = None;
    // The parse cache, opened read-only for the bodies read on demand ([`load_bodies`]).
    let mut bodies_cache: Option<parallax_core::corpus::cache::Cache> = None;
    // Effects held back until the folder is listed ([`needs_listing`]), in order; an effect
    // on the store after one held back waits behind it.
    let mut waiting: Vec<Effect> = Vec::new();
    let mut listed_now = false;
    for e in first_effects {
        if held_back(corpus.is_some(), &waiting, &e) {
            waiting.push(e);
        } else if let Some(a) = execute(e, &mut marks, &tx) {
            queue.push(a);
        }
    }
    match (&marks, store_error) {
        (Some(m), _) => {
            if let Ok(c) = m.counts() {
                queue.push(Action::MarkCounts(c));
            }
            if let Ok(v) = m.pair_labels() {
                queue.push(Action::PairLabels(v));
            }
        }
        (None, Some(e)) => queue.push(Action::Failed(format!("marks are unavailable: {e}"))),
        (None, None) => {}
    }
    // Test hook for the terminal-restore test: a key that panics (`tests/tui_e2e.rs`).
    let panic_key: Option<char> = std::env::var("PARALLAX_TEST_PANIC_KEY")
        .ok()
        .and_then(|v| v.chars().next());
    let mut dirty = true;
    let mut suspend_now = false;
    loop {
        if signals.ended().is_some() {
            break;
        }
        if std::mem::take(&mut suspend_now) || signals.suspend.swap(false, Ordering::SeqCst) {
            suspend(opts.mouse)?;
            signals.resumed.store(true, Ordering::SeqCst);
        }
        if signals.resumed.swap(false, Ordering::SeqCst) {
            resume(opts.mouse)?;
            // Everything is drawn again: both of ratatui's buffers are blank, as the screen.
            terminal.swap_buffers();
            terminal.swap_buffers();
            if let Ok((w, h)) = terminal::size() {
                queue.push(Action::Resize(w, h));
            }
            dirty = true;
        }
        for a in std::mem::take(&mut queue) {
            let mut effects = update(&mut app, a);
            if std::mem::take(&mut listed_now) {
                // What waited for the listing, first.
                effects.splice(0..0, std::mem::take(&mut waiting));
            }
            for e in effects {
                if held_back(corpus.is_some(), &waiting, &e) {
                    if matches!(e, Effect::LoadMarksList | Effect::Export { .. }) {
                        queue.push(Action::Done(update::WAITING_FOR_LISTING.into()));
                    }
                    waiting.push(e);
                    continue;
                }
                match e {
                    Effect::Suspend => suspend_now = true,
                    Effect::Copy { text } => copy_osc52(&text),
                    Effect::FullText { generation, query } => {
                        if let Some(c) = &corpus {
                            fulltext(c, generation, query, &tx)
                        }
                    }
                    Effect::Families {
                        generation,
                        links,
                        dates,
                    } => {
                        let tx = tx.clone();
                        std::thread::spawn(move || {
                            let families = families::work_out(&links, &dates);
                            let _ = tx.send(Action::Families {
                                generation,
                                families,
                            });
                        });
                    }
                    Effect::Coverage { articles, docs } => {
                        // Docs come from the scan, which starts once the articles are read.
                        if let (true, Some(c)) = (scan_started, &corpus) {
                            let worker = coverage_tx.get_or_insert_with(|| coverage_worker(&tx));
                            let _ = worker.send((articles, docs, Arc::clone(c)));
                        }
                    }
                    Effect::LoadBodies { ids, then } => {
                        queue.push(load_bodies(corpus.as_deref(), &mut bodies_cache, ids, then));
                    }
                    e => {
                        if let Some(a) = execute(e, &mut marks, &tx) {
                            queue.push(a);
                        }
                    }
                }
            }
            dirty = true;
        }
        if !queue.is_empty() || suspend_now {
            continue;
        }
        if app.quit {
            break;
        }
        if dirty {
            terminal.draw(|f| view::draw(f, &app))?;
            dirty = false;
        }
        if !std::mem::replace(&mut loading_started, true) {
            start_loading(&opts.corpus, corpus.clone(), &tx);
        }
        if let Ok(a) = rx.try_recv() {
            if let Action::Listed(l) = &a {
                corpus = Some(Arc::clone(&l.0));
                if let Some(m) = marks.as_mut() {
                    m.listed(Arc::clone(&l.0));
                }
                listed_now = true;
            }
            let scan_now = matches!(a, Action::LoadDone { .. }) && !scan_started;
            if let (true, Some(corpus)) = (scan_now, &corpus) {
                scan_started = true;
                start_scan(corpus, &tx);
                // The whole screen drawn again once the articles are in (not only the cells
                // that changed): cleared first, so that no text of the loading frames stays
                // where the next frame is blank (blank buffers alone left the title's
                // `(R/s)` on screen).
                // (`Terminal::clear` would ask the terminal where its cursor is, and fail
                // where no answer comes.)
                ratatui::backend::Backend::clear_region(
                    terminal.backend_mut(),
                    ratatui::backend::ClearType::All,
                )?;
                terminal.swap_buffers();
                terminal.swap_buffers();
            }
            queue.push(a);
            continue;
        }
        if event::poll(Duration::from_millis(50))? {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    if panic_key.is_some()
                        && k.code == event::KeyCode::Char(panic_key.unwrap_or(' '))
                    {
                        panic!("test panic on key {:?}", k.code);
                    }
                    if let Some(a) = keymap::dispatch(&app, k) {
                        queue.push(a);
                    }
                }
                Event::Resize(w, h) => queue.push(Action::Resize(w, h)),
                Event::Mouse(m) => match m.kind {
                    MouseEventKind::ScrollDown => queue.push(Action::ScrollLines(3)),
                    MouseEventKind::ScrollUp => queue.push(Action::ScrollLines(-3)),
                    MouseEventKind::Down(_) => queue.push(Action::Click(m.column, m.row)),
                    _ => {}
                },
                _ => {}
            }
        }
    }
    drop(terminal);
    drop(guard);
    if let Some(sig) = signals.ended() {
        // The terminal is restored and every mark was committed when it was made.
        drop(marks);
        parallax_core::marks::export::remove_pending_temp_files();
        std::process::exit(128 + sig);
    }
    drop(marks);
    // The articles read (a million of them are gigabytes) are not freed one by one on the way
    // out, which took seconds after the terminal was given back: the process ends now and the
    // system takes the memory back at once.
    std::mem::forget(app);
    std::mem::forget(rx);
    Ok(())
}

/// Scan progress sent to the UI, at most every 100 ms.
struct ScanProgress {
    tx: mpsc::Sender<Action>,
    stage: std::sync::Mutex<(&'static str, usize)>,
    done: std::sync::atomic::AtomicUsize,
    last: std::sync::Mutex<std::time::Instant>,
}

impl parallax_core::scan::Progress for ScanProgress {
    fn stage(&self, name: &'static str, total: usize) {
        if let Ok(mut s) = self.stage.lock() {
            *s = (name, total);
        }
        self.done.store(0, Ordering::Relaxed);
        let _ = self.tx.send(Action::ScanProgress {
            stage: name,
            done: 0,
            total,
        });
    }

    fn step(&self, n: usize) {
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        let Ok(mut last) = self.last.try_lock() else {
            return;
        };
        if last.elapsed() < Duration::from_millis(100) {
            return;
        }
        *last = std::time::Instant::now();
        let (stage, total) = self.stage.lock().map(|s| *s).unwrap_or(("scanning", 0));
        let _ = self.tx.send(Action::ScanProgress { stage, done, total });
    }
}

/// Walk the corpus folder (unless `listed` already is its listing) and read its articles on a
/// worker thread, through the cache, a chunk at a time (untokenised: comparisons and marks
/// tokenise the articles they use). The listing comes back as [`Action::Listed`], each chunk
/// as [`Action::ArticlesLoaded`] with the progress, the end as [`Action::LoadDone`].
fn start_loading(root: &std::path::Path, listed: Option<Arc<Corpus>>, tx: &mpsc::Sender<Action>) {
    use parallax_core::corpus::cache;
    let root = root.to_path_buf();
    let tx = tx.clone();
    std::thread::spawn(move || {
        let corpus = match listed {
            Some(c) => c,
            None => match walk_corpus(&root) {
                Ok(c) => {
                    let c = Arc::new(c);
                    let _ = tx.send(Action::Listed(state::Listing(Arc::clone(&c))));
                    c
                }
                Err(e) => {
                    let _ = tx.send(Action::Failed(e.to_string()));
                    let _ = tx.send(Action::LoadDone {
                        skipped: Vec::new(),
                        note: None,
                    });
                    return;
                }
            },
        };
        read_articles(&corpus, &mut |a| {
            let _ = tx.send(a);
        });
        // Then the full-text index of what was read (reading leaves it to the first search),
        // so that the first search need not build it.
        let path = cache::Cache::default_path(&corpus.root);
        let cached = std::env::var_os("PARALLAX_NO_CACHE").is_none_or(|v| v.is_empty());
        if cached && path.is_file() {
            if let Ok(c) = cache::Cache::open(&path) {
                let _ = c.index_pending();
            }
        }
    });
}

/// Read the articles of a listed corpus as the reader's loader thread does, through the
/// cache: each chunk handed to `emit` as [`Action::ArticlesLoaded`] (heads only: no body is
/// read from the cache), the end as [`Action::LoadDone`].
pub fn read_articles(corpus: &Corpus, emit: &mut dyn FnMut(Action)) {
    use parallax_core::corpus::cache::{self, Tokens};
    let started = std::time::Instant::now();
    let total = corpus.entries.len();
    let mut read = 0usize;
    // Each head with its place in the listing, found by walking the listing alongside (both
    // are in corpus order).
    let mut at = 0usize;
    let (skipped, note) = cache::load_each::<cache::Listed>(corpus, Tokens::No, &mut |chunk| {
        read += chunk.len();
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let heads = chunk
            .into_iter()
            .map(|listed| {
                let entry = entry_at(corpus, &mut at, &listed.id);
                Arc::new(state::Head { listed, entry })
            })
            .collect();
        emit(Action::ArticlesLoaded {
            articles: state::Loaded(heads),
            read,
            total,
            rate: (read as f64 / secs) as usize,
        });
    });
    emit(Action::LoadDone { skipped, note });
}

/// The place of article `id` in the corpus listing, looked for from `at` on (the articles
/// come in listing order, some skipped): `at` moves past it. `None` if it is not there.
fn entry_at(corpus: &Corpus, at: &mut usize, id: &str) -> Option<usize> {
    let k = corpus.entries[*at..].iter().position(|e| e.id == id)? + *at;
    *at = k + 1;
    Some(k)
}

/// The whole article of a listed id: from the parse cache (opened on first use, read-only),
/// else parsed from its file. `entry` is its place in the listing when known.
fn read_body(
    corpus: &Corpus,
    cache: &mut Option<parallax_core::corpus::cache::Cache>,
    id: &str,
    entry: Option<usize>,
) -> Result<parallax_core::Article, String> {
    use parallax_core::corpus::cache;
    let e = entry
        .and_then(|k| corpus.entries.get(k))
        .filter(|e| e.id == id)
        .or_else(|| corpus.entries.iter().find(|e| e.id == id))
        .ok_or_else(|| "no longer in the corpus listing".to_string())?;
    if cache.is_none() {
        *cache = cache::for_reading(corpus);
    }
    cache::load_one(cache.as_ref(), corpus, e, cache::Tokens::No).map_err(|e| e.to_string())
}

/// [`Effect::LoadBodies`]: one cache row per article (milliseconds), on the UI thread.
pub fn load_bodies(
    corpus: Option<&Corpus>,
    cache: &mut Option<parallax_core::corpus::cache::Cache>,
    ids: Vec<(String, Option<usize>)>,
    then: Option<Box<Action>>,
) -> Action {
    let mut read = Vec::new();
    let mut failed = Vec::new();
    for (id, entry) in ids {
        let found = match corpus {
            Some(c) => read_body(c, cache, &id, entry),
            None => Err("the corpus folder is not listed yet".to_string()),
        };
        match found {
            Ok(a) => read.push(Arc::new(a)),
            Err(why) => failed.push((id, why)),
        }
    }
    Action::Bodies {
        read: state::BodiesRead(read),
        failed,
        then,
    }
}

/// Each listed id's place in the listing.
fn places(corpus: &Corpus) -> std::collections::HashMap<&str, usize> {
    corpus
        .entries
        .iter()
        .enumerate()
        .map(|(k, e)| (e.id.as_str(), k))
        .collect()
}

/// Scan the corpus on a worker thread (the `parallax scan` method and settings); its
/// progress and result come back as actions.
fn start_scan(corpus: &Arc<Corpus>, tx: &mpsc::Sender<Action>) {
    let corpus = Arc::clone(corpus);
    let tx = tx.clone();
    std::thread::spawn(move || {
        // A file too large for the background scan is skipped with its reason, rather
        // than holding the pairs and coverage of every other article.
        let o = parallax_core::scan::Options {
            max_file_bytes: parallax_core::scan::READER_MAX_FILE_BYTES,
            ..Default::default()
        };
        let progress = ScanProgress {
            tx: tx.clone(),
            stage: std::sync::Mutex::new(("reading", 0)),
            done: std::sync::atomic::AtomicUsize::new(0),
            last: std::sync::Mutex::new(std::time::Instant::now()),
        };
        // Fingerprints only are kept per article (not its words): the coverage worker
        // makes the streams it needs from the articles read.
        let (scan, docs) = parallax_core::scan::scan_corpus_kept(&corpus, &o, &progress);
        let ids: Vec<(String, String)> = scan
            .pairs
            .iter()
            .map(|p| (p.left.clone(), p.right.clone()))
            .collect();
        if !scan.skipped.is_empty() {
            let _ = tx.send(Action::ScanSkipped(scan.skipped));
        }
        let _ = tx.send(Action::Scanned {
            pairs: scan.pairs,
            docs: state::ScanDocs(Arc::new(docs)),
        });
        // Then who copied whom, for the pairs screen's SRC column (a person's copy marks
        // show in MARKED): after the pairs, so that they are not kept waiting. The pairs'
        // articles are read from the cache a batch at a time, never all at once.
        let mut cache = None;
        let place = places(&corpus);
        let refs: Vec<(&str, &str)> = ids.iter().map(|(l, r)| (l.as_str(), r.as_str())).collect();
        // Batches of connected articles, as `scan --json` takes them: each article read once
        // however many pairs name it, at most `BATCH_ARTICLES` held.
        let found = parallax_core::provenance::for_pairs_read(
            &refs,
            &[],
            parallax_core::provenance::BATCH_ARTICLES,
            |batch| {
                batch
                    .iter()
                    .filter_map(|&id| {
                        let a = read_body(&corpus, &mut cache, id, place.get(id).copied());
                        a.ok().map(|a| (id, a))
                    })
                    .collect()
            },
        );
        drop(place);
        let _ = tx.send(Action::PairsProvenance(
            ids.into_iter()
                .zip(found)
                .map(|((l, r), p)| (l, r, p))
                .collect(),
        ));
    });
}

/// Articles whose coverage is wanted, the scanned corpus (fingerprints), and the corpus
/// listing (the docs compared are read from the cache for their streams).
type CoverageRequest = (
    Vec<Arc<parallax_core::Article>>,
    Arc<Vec<parallax_core::scan::Doc>>,
    Arc<Corpus>,
);

/// The scan's docs, their fingerprint index, and for each doc the place of its article in
/// the corpus listing (where its stream is read from): built once per scan by the coverage
/// worker.
type ScanIndex = (
    Arc<Vec<parallax_core::scan::Doc>>,
    parallax_core::scan::Index,
    Vec<Option<usize>>,
);

/// A thread that computes coverage. Requests that a newer one overtook while it worked are
/// dropped: only what is under the cursor now matters. The fingerprint index of the scanned
/// corpus is built on the first request and kept for the next ones of the same scan.
fn coverage_worker(tx: &mpsc::Sender<Action>) -> mpsc::Sender<CoverageRequest> {
    let (req_tx, req_rx) = mpsc::channel::<CoverageRequest>();
    let tx = tx.clone();
    std::thread::spawn(move || {
        let o = parallax_core::scan::Options::default();
        let mut index: Option<ScanIndex> = None;
        let cache = std::sync::Mutex::new(None);
        while let Ok(mut req) = req_rx.recv() {
            while let Ok(newer) = req_rx.try_recv() {
                req = newer;
            }
            let (articles, docs, corpus) = req;
            if !index
                .as_ref()
                .is_some_and(|(d, _, _)| Arc::ptr_eq(d, &docs))
            {
                let at = places(&corpus);
                let slots = docs
                    .iter()
                    .map(|d| at.get(d.id.as_str()).copied())
                    .collect();
                index = Some((
                    Arc::clone(&docs),
                    parallax_core::scan::coverage_index(&docs, &o),
                    slots,
                ));
            }
            let Some((_, idx, slots)) = index.as_ref() else {
                return;
            };
            for a in articles {
                // One cache row for each doc compared (a few per article).
                let stream_of = |d: usize| {
                    let k = slots[d]?;
                    let a = {
                        let mut c = cache.lock().ok()?;
                        read_body(&corpus, &mut c, &corpus.entries[k].id, Some(k)).ok()?
                    };
                    Some(parallax_core::engine::stream::Stream::of_text(&a.text))
                };
                let cov = parallax_core::scan::coverage_in_with(&a, &docs, idx, &o, &stream_of);
                if tx.send(Action::CoverageReady(Arc::new(cov))).is_err() {
                    return;
                }
            }
        }
    });
    req_tx
}

/// Run a full-text query on a worker thread; its hits (or failure) come back as an action.
fn fulltext(corpus: &Arc<Corpus>, generation: u64, query: String, tx: &mpsc::Sender<Action>) {
    let corpus = Arc::clone(corpus);
    let tx = tx.clone();
    std::thread::spawn(move || {
        let path = parallax_core::corpus::cache::Cache::default_path(&corpus.root);
        let result = parallax_core::corpus::cache::Cache::open(&path)
            .map_err(|e| format!("full-text search unavailable ({}): {e}", path.display()))
            .and_then(|c| c.search(&corpus, &query, 500));
        let _ = tx.send(match result {
            Ok(hits) => Action::TextHits {
                generation,
                hits: hits
                    .into_iter()
                    .map(|h| crate::tui::state::TextHit {
                        id: h.id,
                        para: h.para,
                        snippet: h.marked,
                    })
                    .collect(),
            },
            Err(e) => Action::Failed(e),
        });
    });
}

/// Carry out an effect. Alignment goes to a worker thread (its result arrives on `tx`);
/// store work is quick and done here.
fn execute(
    e: Effect,
    marks: &mut Option<Box<dyn Marks>>,
    tx: &mpsc::Sender<Action>,
) -> Option<Action> {
    let unavailable = || {
        Some(Action::Failed(
            "marks are unavailable (see the first message)".into(),
        ))
    };
    let report = |r: Result<String>| match r {
        Ok(msg) => Action::Done(msg),
        Err(err) => Action::Failed(format!("{err:#}")),
    };
    match e {
        Effect::Align {
            generation,
            left,
            right,
        } => {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let c = parallax_core::engine::compare::compare(&left, &right);
                let _ = tx.send(Action::Aligned {
                    generation,
                    comparison: Box::new(c),
                });
            });
            None
        }
        Effect::LoadPairMarks { left, right } => {
            let m = marks.as_ref()?;
            match m.pair_marks(&left, &right) {
                Ok(v) => Some(Action::PairMarks(v)),
                Err(err) => Some(Action::Failed(format!("{err:#}"))),
            }
        }
        Effect::MarkRow {
            left,
            right,
            left_paras,
            right_paras,
            label,
        } => {
            let Some(m) = marks.as_mut() else {
                return unavailable();
            };
            Some(report(m.mark_row(
                &left,
                &right,
                &left_paras,
                &right_paras,
                label,
            )))
        }
        Effect::MarkPair {
            left,
            right,
            verdict,
        } => {
            let Some(m) = marks.as_mut() else {
                return unavailable();
            };
            Some(report(m.mark_pair(&left, &right, verdict)))
        }
        Effect::SetNote { mark_id, note } => {
            let Some(m) = marks.as_mut() else {
                return unavailable();
            };
            Some(report(m.set_note(mark_id, note.as_deref())))
        }
        Effect::LoadCounts => {
            let m = marks.as_ref()?;
            m.counts().ok().map(Action::MarkCounts)
        }
        Effect::LoadPairLabels => {
            let m = marks.as_ref()?;
            m.pair_labels().ok().map(Action::PairLabels)
        }
        Effect::Undo => {
            let Some(m) = marks.as_mut() else {
                return unavailable();
            };
            Some(report(m.undo()))
        }
        Effect::LoadArticleMarks { id } => {
            // Without a store the view says "none"; no message for a view that only reads.
            let m = marks.as_ref()?;
            let marks = m
                .list()
                .ok()?
                .into_iter()
                .filter(|l| l.left_id == id || l.right_id == id)
                .collect();
            Some(Action::ArticleMarks { id, marks })
        }
        Effect::LoadMarksList => {
            let Some(m) = marks.as_ref() else {
                return unavailable();
            };
            match m.list() {
                Ok(v) => Some(Action::MarksList(v)),
                Err(err) => Some(Action::Failed(format!("{err:#}"))),
            }
        }
        Effect::DeleteMark(id) => {
            let Some(m) = marks.as_mut() else {
                return unavailable();
            };
            Some(report(m.delete(id)))
        }
        Effect::SetAuthor(name) => {
            if let Some(m) = marks.as_mut() {
                m.set_author(name);
            }
            None
        }
        Effect::Redo => {
            let Some(m) = marks.as_mut() else {
                return unavailable();
            };
            Some(report(m.redo()))
        }
        // Run on their own threads, or by the event loop itself.
        Effect::FullText { .. }
        | Effect::LoadBodies { .. }
        | Effect::Coverage { .. }
        | Effect::Families { .. }
        | Effect::Suspend
        | Effect::Copy { .. } => None,
        Effect::Export { format, path } => {
            let Some(m) = marks.as_ref() else {
                return unavailable();
            };
            Some(report(m.export(format, &path)))
        }
    }
}
