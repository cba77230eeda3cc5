//! The marks store: one SQLite file, by default `<corpus>/.parallax/parallax.db`.
//!
//! Durability: the database is in WAL mode with `synchronous=FULL`, and every change (a mark,
//! a note, a deletion, an undo, a whole import) is one `BEGIN IMMEDIATE` transaction, committed
//! — and so fsynced to the write-ahead log — before the call returns `Ok`. A process killed at
//! any moment leaves either the whole change or none of it. Several processes may write at
//! once: SQLite serialises them (each waits up to [`BUSY_TIMEOUT`] for the lock).
//!
//! History: a mark is never deleted from the file. Each change is a row of `changes` holding
//! the mark's state before and after it (JSON); deleting sets the mark's `deleted` flag; undo
//! puts back the state before an author's last change not yet undone (all changes of one
//! import at once; never another author's, nor one another author has built on since) and is
//! itself recorded.
//!
//! Safety of what is there: a file at the store path that is not SQLite, an SQLite database of
//! another application, a store of a newer schema, or a damaged store is refused with a clear
//! error before anything is written to it.
//!
//! Schema versions are SQLite's `user_version`; [`MIGRATIONS`] lists the steps from an empty
//! file to the current version, applied in order in one transaction. `application_id` tells a
//! parallax store from other SQLite files.

use crate::corpus::article::Article;
use crate::corpus::{self, Corpus};
use crate::marks::{self, ArticleAnchor, Mark, Target};
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

/// `PRAGMA application_id` of a parallax store: "PRLX".
pub const APPLICATION_ID: i32 = 0x5052_4C58;
/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Schema migrations: `MIGRATIONS[v]` takes a store from version `v` to `v + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: marks and the history of their changes.
    "CREATE TABLE marks (
        id          INTEGER PRIMARY KEY,
        uid         TEXT NOT NULL UNIQUE,
        left_id     TEXT NOT NULL,
        right_id    TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('pair', 'paragraphs')),
        label       TEXT NOT NULL,
        source      TEXT,
        left_anchor  TEXT NOT NULL,
        right_anchor TEXT NOT NULL,
        note        TEXT,
        author      TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        deleted     INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
    );
    CREATE INDEX marks_left ON marks (left_id);
    CREATE INDEX marks_right ON marks (right_id);
    CREATE TABLE changes (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        batch       INTEGER NOT NULL,
        mark_id     INTEGER NOT NULL REFERENCES marks (id),
        op          TEXT NOT NULL
                    CHECK (op IN ('add', 'relabel', 'note', 'delete', 'import', 'undo')),
        author      TEXT NOT NULL,
        at          TEXT NOT NULL,
        before      TEXT,
        after       TEXT NOT NULL,
        undone_by   INTEGER REFERENCES changes (seq)
    );
    CREATE INDEX changes_mark ON changes (mark_id);
    CREATE INDEX changes_batch ON changes (batch);",
];

/// The schema version this parallax writes.
pub fn schema_version() -> i32 {
    MIGRATIONS.len() as i32
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: not a parallax store ({reason}); it was left untouched — move it away or choose another file with --store", .path.display())]
    Foreign { path: PathBuf, reason: String },
    #[error("{}: the store is damaged ({detail}); it was left untouched — restore it from a backup or re-import an export", .path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{}: store schema version {found} is newer than this parallax reads (up to {known}); use a newer parallax", .path.display())]
    TooNew {
        path: PathBuf,
        found: i32,
        known: i32,
    },
    #[error("{}: the store is busy (another process held it for more than {} s)", .path.display(), BUSY_TIMEOUT.as_secs())]
    Busy { path: PathBuf },
    #[error("cannot open store {}: {reason}", .path.display())]
    Open { path: PathBuf, reason: String },
    #[error("store {}: {source}", .path.display())]
    Db {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("no mark #{0}")]
    NoMark(i64),
    #[error("mark #{0} is deleted")]
    Deleted(i64),
    #[error("{0}")]
    Invalid(String),
}

/// What goes wrong inside a transaction: SQLite's errors get the store's path when they
/// leave it ([`Store::in_tx`]).
enum Fail {
    Db(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Fail {
        Fail::Db(e)
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Fail {
        Fail::Store(e)
    }
}

/// One change in a mark's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub seq: i64,
    pub mark_id: i64,
    /// `add`, `relabel`, `note`, `delete`, `import` or `undo`.
    pub op: String,
    pub author: String,
    pub at: String,
    /// Whether a later undo reverted it.
    pub undone: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Marks the store did not have.
    pub added: usize,
    /// Marks the store had in an older state (the imported one was changed later).
    pub updated: usize,
    /// Marks the store already had as imported, or had changed later itself.
    pub unchanged: usize,
    /// Marks not imported, each with the reason.
    pub skipped: Vec<String>,
}

/// The stored state of a mark (a row of `marks`, and the before/after of a change).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Row {
    uid: String,
    kind: String,
    label: String,
    source: Option<String>,
    left: ArticleAnchor,
    right: ArticleAnchor,
    note: Option<String>,
    author: String,
    created_at: String,
    updated_at: String,
    deleted: bool,
}

impl Row {
    fn of(mark: &Mark) -> Row {
        Row {
            uid: mark.uid.clone(),
            kind: mark.target.kind().to_string(),
            label: mark.target.label().to_string(),
            source: mark.target.source().map(|s| s.as_str().to_string()),
            left: mark.left.clone(),
            right: mark.right.clone(),
            note: mark.note.clone(),
            author: mark.author.clone(),
            created_at: mark.created_at.clone(),
            updated_at: mark.updated_at.clone(),
            deleted: false,
        }
    }

    fn mark(&self, id: i64) -> Result<Mark, String> {
        let indices = |a: &ArticleAnchor| a.paragraphs.iter().map(|p| p.index).collect();
        let target = Target::from_parts(
            &self.kind,
            &self.label,
            self.source.as_deref(),
            indices(&self.left),
            indices(&self.right),
        )
        .map_err(|e| format!("mark #{id}: {e}"))?;
        Ok(Mark {
            id,
            uid: self.uid.clone(),
            left_id: self.left.id.clone(),
            right_id: self.right.id.clone(),
            target,
            note: self.note.clone(),
            author: self.author.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            anchor_status: marks::AnchorStatus::Ok,
            anchor_detail: None,
            left: self.left.clone(),
            right: self.right.clone(),
        })
    }

    /// The same mark with left and right swapped.
    fn mirrored(&self) -> Row {
        let source = self.source.as_deref().map(|s| match s {
            "left" => "right".to_string(),
            "right" => "left".to_string(),
            other => other.to_string(),
        });
        Row {
            left: self.right.clone(),
            right: self.left.clone(),
            source,
            ..self.clone()
        }
    }

    /// Same judgement, ignoring times.
    fn same_content(&self, other: &Row) -> bool {
        Row {
            created_at: String::new(),
            updated_at: String::new(),
            ..self.clone()
        } == Row {
            created_at: String::new(),
            updated_at: String::new(),
            ..other.clone()
        }
    }

    /// `duplicate 004_… ¶3 ↔ 002_… ¶5`, `copy (left is the original) 004_… ↔ 002_…`.
    fn told(&self, id: i64) -> String {
        match self.mark(id) {
            Ok(Mark {
                target: Target::Paragraphs { left, right, label },
                ..
            }) => format!(
                "{} {} {} ↔ {} {}",
                label.as_str(),
                self.left.id,
                marks::para_list(&left),
                self.right.id,
                marks::para_list(&right)
            ),
            Ok(m) => format!(
                "{} {} ↔ {}",
                m.target.describe(),
                self.left.id,
                self.right.id
            ),
            Err(_) => format!("{} {} ↔ {}", self.label, self.left.id, self.right.id),
        }
    }
}

const ROW_COLUMNS: &str = "id, uid, kind, label, source, left_anchor, right_anchor, note, author, \
                           created_at, updated_at, deleted";

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Row)> {
    let anchor = |i: usize| -> rusqlite::Result<ArticleAnchor> {
        let s: String = r.get(i)?;
        serde_json::from_str(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    Ok((
        r.get(0)?,
        Row {
            uid: r.get(1)?,
            kind: r.get(2)?,
            label: r.get(3)?,
            source: r.get(4)?,
            left: anchor(5)?,
            right: anchor(6)?,
            note: r.get(7)?,
            author: r.get(8)?,
            created_at: r.get(9)?,
            updated_at: r.get(10)?,
            deleted: r.get(11)?,
        },
    ))
}

/// The marks store. See the module documentation for its guarantees.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Where to find marked articles by id: set (shared with the caller, not copied), or the
    /// corpus the store's default location names, opened when first needed.
    corpus: std::cell::OnceCell<Option<Arc<Corpus>>>,
    corpus_root: Option<PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Where the store of a corpus lives: `<corpus>/.parallax/parallax.db`.
    pub fn default_path(corpus: &Path) -> PathBuf {
        corpus.join(".parallax").join("parallax.db")
    }

    /// Open the store at `path`, creating it (and its folder) when there is none. A file that
    /// is not a parallax store, or is damaged, is refused and left as it is.
    ///
    /// When `path` is the default location of a corpus (`<corpus>/.parallax/parallax.db`), that
    /// corpus is used to find the marked articles by id ([`Store::set_corpus`] sets another).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let mut created = false;
        let fresh = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(open_err("it is a folder".into())),
            Ok(m) => {
                let mut len = m.len();
                if check_header(path, len).is_err() && len < 4096 {
                    // Perhaps another parallax is writing a new store's first page right now.
                    std::thread::sleep(Duration::from_millis(100));
                    len = std::fs::metadata(path).map_or(len, |m| m.len());
                }
                check_header(path, len)?;
                len == 0
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !dir.exists() {
                    std::fs::create_dir_all(dir)
                        .map_err(|e| open_err(format!("cannot create {}: {e}", dir.display())))?;
                    created = true;
                }
                true
            }
            Err(e) => return Err(open_err(e.to_string())),
        };
        let conn = Connection::open(path).map_err(|e| classify(path, e))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            corpus: std::cell::OnceCell::new(),
            corpus_root: inferred_corpus(path),
        };
        // SQLite answers "busy" without waiting in a few moments of another connection's
        // life (switching a new file to WAL, recovering the log): try again until the
        // timeout. Preparing is idempotent.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        let mut wait = Duration::from_millis(5);
        loop {
            match store.prepare(fresh) {
                Err(StoreError::Busy { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(wait);
                    wait = (wait * 2).min(Duration::from_millis(200));
                }
                r => break r?,
            }
        }
        if fresh {
            // The new file's name (and its new folder's) must survive a power cut too.
            sync_dir(dir).map_err(|e| open_err(e.to_string()))?;
            if created {
                if let Some(up) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
                    sync_dir(up).map_err(|e| open_err(e.to_string()))?;
                }
            }
        }
        Ok(store)
    }

    /// Open the store at `path` for reading only: nothing is created or written (no folder,
    /// no file, no migration), so that reading commands work on a read-only or full disk.
    /// `None` when there is no store there (or an empty file): it holds no mark. The same
    /// checks as [`Store::open`] refuse a foreign, damaged or newer store. When SQLite cannot
    /// set up its shared-memory file next to the store (a read-only folder, a full disk), the
    /// file is read as immutable.
    pub fn open_read_only(path: &Path) -> Result<Option<Store>, StoreError> {
        let open_err = |reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        let len = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => return Err(open_err("it is a folder".into())),
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(open_err(e.to_string())),
        };
        if len == 0 {
            return Ok(None);
        }
        check_header(path, len)?;
        let first = Store::read_only_conn(path, false);
        let (conn, has_marks) = match first {
            Ok(found) => found,
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(
                        ErrorCode::CannotOpen
                            | ErrorCode::ReadOnly
                            | ErrorCode::SystemIoFailure
                            | ErrorCode::DiskFull
                    )
                ) =>
            {
                // Immutable reading ignores the write-ahead log: refuse rather than show a
                // store without its latest changes.
                let mut wal = path.as_os_str().to_owned();
                wal.push("-wal");
                if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
                    return Err(open_err(format!(
                        "its write-ahead log cannot be read without writing next to it ({e})"
                    )));
                }
                Store::read_only_conn(path, true).map_err(|_| classify(path, e))?
            }
            Err(e) => return Err(classify(path, e)),
        };
        let store = Store {
            conn,
            path: path.to_path_buf(),
            corpus: std::cell::OnceCell::new(),
            corpus_root: inferred_corpus(path),
        };
        store.check_read_only(has_marks)?;
        Ok(has_marks.then_some(store))
    }

    /// A read-only connection to `path` (as immutable: without locks or shared memory), and
    /// whether the file holds the marks table (a file just created by another process may
    /// not yet).
    fn read_only_conn(path: &Path, immutable: bool) -> rusqlite::Result<(Connection, bool)> {
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = if immutable {
            Connection::open_with_flags(
                format!("{}?immutable=1", crate::corpus::cache::sqlite_uri(path)),
                flags,
            )?
        } else {
            Connection::open_with_flags(path, flags)?
        };
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let has: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'marks'",
            [],
            |r| r.get(0),
        )?;
        Ok((conn, has > 0))
    }

    /// SQLite's `quick_check` of the file: anything but "ok" is a corrupt store.
    fn quick_check(&self, path: &Path) -> Result<(), StoreError> {
        let check: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| classify(path, e))?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                detail: check,
            });
        }
        Ok(())
    }

    /// The file's application id, schema version and number of schema objects, read in one
    /// statement (one snapshot: another process may be creating the store right now).
    fn identity(&self) -> rusqlite::Result<(i32, i32, i64)> {
        self.conn.query_row(
            "SELECT (SELECT application_id FROM pragma_application_id),
                    (SELECT user_version FROM pragma_user_version),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    /// [`Store::prepare`]'s checks, for a store opened read-only (no migration).
    fn check_read_only(&self, has_marks: bool) -> Result<(), StoreError> {
        let path = self.path.clone();
        let db = |e| classify(&path, e);
        let (app, version, objects) = self.identity().map_err(db)?;
        check_identity(&path, app, version, objects)?;
        if objects == 0 {
            return Ok(());
        }
        if version < schema_version() || !has_marks {
            return Err(StoreError::Open {
                path,
                reason: format!(
                    "store schema version {version} is older than this parallax's ({}); a \
                     writing command (mark, import) upgrades it",
                    schema_version()
                ),
            });
        }
        self.quick_check(&path)
    }

    /// An empty store in memory (nothing is saved): for reading when there is no store file.
    pub fn in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| classify(&path, e))?;
        let mut store = Store {
            conn,
            path,
            corpus: std::cell::OnceCell::new(),
            corpus_root: None,
        };
        store.prepare(true)?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Find marked articles by id in this corpus (before trying the paths they had when marked).
    /// An `Arc<Corpus>` is shared, not copied (a listing of a million articles is 200 MB).
    pub fn set_corpus(&mut self, corpus: impl Into<Arc<Corpus>>) {
        self.corpus = std::cell::OnceCell::from(Some(corpus.into()));
    }

    fn corpus(&self) -> Option<&Corpus> {
        self.corpus
            .get_or_init(|| {
                self.corpus_root
                    .as_deref()
                    .and_then(|root| Corpus::open(root).ok())
                    .map(Arc::new)
            })
            .as_deref()
    }

    fn db(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |e| classify(&self.path, e)
    }

    /// Check what is in the file, set the connection up, migrate.
    fn prepare(&mut self, fresh: bool) -> Result<(), StoreError> {
        let path = self.path.clone();
        let db = |e| classify(&path, e);
        self.conn.busy_timeout(BUSY_TIMEOUT).map_err(db)?;
        // Read-only checks first: nothing is written to a file that is not ours. One
        // statement, so one snapshot: another process may be creating the store right now.
        let (app, version, objects) = self.identity().map_err(db)?;
        check_identity(&path, app, version, objects)?;
        if !fresh && objects > 0 {
            self.quick_check(&path)?;
        }
        let mode: String = self
            .conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(db)?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            return Err(StoreError::Open {
                path,
                reason: format!("cannot use write-ahead logging (journal mode {mode})"),
            });
        }
        self.conn
            .execute_batch("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
            .map_err(db)?;
        self.migrate()
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        self.in_tx(|tx| {
            // Read again under the lock: another process may have migrated meanwhile.
            let version: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version > schema_version() || version < 0 {
                return Err(bad_version(&path, version).into());
            }
            for step in &MIGRATIONS[version as usize..] {
                tx.execute_batch(step)?;
            }
            if version < schema_version() {
                tx.execute_batch(&format!(
                    "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {};",
                    schema_version()
                ))?;
            }
            Ok(())
        })
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction, committed (and so on disk) when it
    /// returns `Ok`, rolled back otherwise.
    fn in_tx<T>(
        &mut self,
        f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T, Fail>,
    ) -> Result<T, StoreError> {
        let path = self.path.clone();
        let db = |e| classify(&path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let out = f(&tx).map_err(|e| match e {
            Fail::Db(e) => classify(&path, e),
            Fail::Store(e) => e,
        })?;
        tx.commit().map_err(db)?;
        Ok(out)
    }

    /// `PRAGMA integrity_check`: `ok`, or the first problem found.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(self.db())
    }

    /// Record a mark on the pair (left, right) — the Article values give hashes, paragraph
    /// texts and quotes for the anchors. Committed when it returns Ok.
    ///
    /// An author has one verdict per article pair and one label per paragraph pair: marking
    /// again what the same author already marked (in either order) changes that mark — a
    /// recorded, undoable change that keeps the old note unless a new one is given — rather
    /// than adding a second one.
    pub fn add(
        &mut self,
        left: &Article,
        right: &Article,
        target: Target,
        note: Option<&str>,
        author: &str,
    ) -> Result<Mark, StoreError> {
        let author = check_author(author)?;
        let (lp, rp) = target.paragraphs();
        if let Target::Paragraphs { .. } = target {
            marks::check_paragraphs(left, lp).map_err(StoreError::Invalid)?;
            marks::check_paragraphs(right, rp).map_err(StoreError::Invalid)?;
        }
        let now = marks::now_rfc3339();
        let mut row = Row {
            uid: String::new(),
            kind: target.kind().to_string(),
            label: target.label().to_string(),
            source: target.source().map(|s| s.as_str().to_string()),
            left: marks::anchor(left, lp),
            right: marks::anchor(right, rp),
            note: clean_note(note),
            author,
            created_at: now.clone(),
            updated_at: now,
            deleted: false,
        };
        let id = self.in_tx(|tx| match same_slot(tx, &row)? {
            Some((id, old)) => {
                row.uid = old.uid.clone();
                row.created_at = old.created_at.clone();
                if row.note.is_none() {
                    row.note = old.note.clone();
                }
                // The same judgement, perhaps seen from the other side: nothing to record.
                if !row.same_content(&old) && !row.mirrored().same_content(&old) {
                    write_row(tx, Some(id), &row)?;
                    record(tx, id, "relabel", &row.author, Some(&old), &row, None)?;
                }
                Ok(id)
            }
            None => {
                row.uid = new_uid(tx)?;
                let id = write_row(tx, None, &row)?;
                record(tx, id, "add", &row.author, None, &row, None)?;
                Ok(id)
            }
        })?;
        self.get_resolved(id, left, right)
    }

    fn get_resolved(&self, id: i64, left: &Article, right: &Article) -> Result<Mark, StoreError> {
        let row = self.row(id)?.ok_or(StoreError::NoMark(id))?;
        let mut m = row.mark(id).map_err(|e| self.corrupt(e))?;
        // The mark keeps its own orientation (a repeat from the other side changes nothing).
        let (l, r) = if m.left_id == left.id {
            (left, right)
        } else {
            (right, left)
        };
        marks::resolve(&mut m, Some(l), Some(r));
        Ok(m)
    }

    fn corrupt(&self, detail: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            detail,
        }
    }

    fn row(&self, id: i64) -> Result<Option<Row>, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {ROW_COLUMNS} FROM marks WHERE id = ?1"),
                [id],
                read_row,
            )
            .optional()
            .map(|r| r.map(|(_, row)| row))
            .map_err(self.db())
    }

    /// Change a current mark inside one transaction; `edit` returns the new row.
    fn change(
        &mut self,
        mark_id: i64,
        op: &str,
        author: &str,
        edit: impl FnOnce(&Row) -> Row,
    ) -> Result<Row, StoreError> {
        let author = check_author(author)?;
        self.in_tx(|tx| {
            let old = load_row(tx, mark_id)?.ok_or(StoreError::NoMark(mark_id))?;
            if old.deleted {
                return Err(StoreError::Deleted(mark_id).into());
            }
            let mut new = edit(&old);
            if new == old {
                return Ok(old);
            }
            new.updated_at = marks::now_rfc3339();
            write_row(tx, Some(mark_id), &new)?;
            record(tx, mark_id, op, &author, Some(&old), &new, None)?;
            Ok(new)
        })
    }

    /// Set or replace the note of a mark (a recorded change, undoable). An empty note clears it.
    pub fn set_note(
        &mut self,
        mark_id: i64,
        note: Option<&str>,
        author: &str,
    ) -> Result<Mark, StoreError> {
        let note = clean_note(note);
        let row = self.change(mark_id, "note", author, |old| Row {
            note,
            ..old.clone()
        })?;
        let mut m = row.mark(mark_id).map_err(|e| self.corrupt(e))?;
        self.resolve_all(std::slice::from_mut(&mut m), self.corpus());
        Ok(m)
    }

    /// Delete a mark: a recorded change (the row stays, flagged), undoable.
    pub fn delete(&mut self, mark_id: i64, author: &str) -> Result<(), StoreError> {
        self.change(mark_id, "delete", author, |old| Row {
            deleted: true,
            ..old.clone()
        })
        .map(|_| ())
    }

    /// Revert the last change of [`marks::default_author`]: [`Store::undo_by`].
    pub fn undo(&mut self) -> Result<Option<String>, StoreError> {
        self.undo_by(&marks::default_author())
    }

    /// Revert the last change `author` made and has not undone (all changes of one import
    /// together), recorded under `author`; returns what it undid (`undid: marked duplicate
    /// 004_… ¶3 ↔ 002_… ¶5 (#4)`), `None` when the author has nothing to undo. Other authors'
    /// changes are never undone: a change another author has built on since (a note on the
    /// mark, a relabel) is refused with an error naming them, and nothing is changed.
    pub fn undo_by(&mut self, author: &str) -> Result<Option<String>, StoreError> {
        let author = check_author(author)?;
        let who = author.clone();
        self.undo_batch(&author, move |tx| {
            tx.query_row(
                "SELECT batch FROM changes WHERE op != 'undo' AND undone_by IS NULL
                 AND author = ?1 ORDER BY seq DESC LIMIT 1",
                [&who],
                |r| r.get(0),
            )
            .optional()
        })
    }

    /// Revert the last of `changes` (the [`Change::seq`]s of changes this caller made, as
    /// [`Store::last_change`] gave them, oldest first) not yet undone, recorded under `author`:
    /// how the reader undoes only what it did itself. `None` when all are undone.
    pub fn undo_among(
        &mut self,
        changes: &[i64],
        author: &str,
    ) -> Result<Option<String>, StoreError> {
        let author = check_author(author)?;
        let seqs = changes.to_vec();
        self.undo_batch(&author, move |tx| {
            for seq in seqs.iter().rev() {
                let batch: Option<i64> = tx
                    .query_row(
                        "SELECT batch FROM changes WHERE seq = ?1 AND op != 'undo'
                         AND undone_by IS NULL",
                        [seq],
                        |r| r.get(0),
                    )
                    .optional()?;
                if batch.is_some() {
                    return Ok(batch);
                }
            }
            Ok(None)
        })
    }

    /// What [`Store::undo_among`] would undo now, in the words of what was done (`marked
    /// duplicate 004_… ¶3 ↔ 002_… ¶5 (#4)`, `the note on …`); `None` when nothing is left.
    /// Changes nothing.
    pub fn undo_preview_among(&self, changes: &[i64]) -> Result<Option<String>, StoreError> {
        for &seq in changes.iter().rev() {
            let found: Option<(i64, String, Option<String>, String)> = self
                .conn
                .query_row(
                    "SELECT mark_id, op, before, after FROM changes WHERE seq = ?1
                     AND op != 'undo' AND undone_by IS NULL",
                    [seq],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()
                .map_err(self.db())?;
            let Some((mark_id, op, before, after)) = found else {
                continue;
            };
            let parse = |json: &str| {
                serde_json::from_str::<Row>(json)
                    .map_err(|e| self.corrupt(format!("change {seq}: {e}")))
            };
            let after = parse(&after)?;
            let restored = match before {
                Some(json) => parse(&json)?,
                None => Row {
                    deleted: true,
                    ..after.clone()
                },
            };
            let told = describe_undo(&[(mark_id, op, after, restored)]);
            return Ok(Some(
                told.strip_prefix("undid: ").unwrap_or(&told).to_string(),
            ));
        }
        Ok(None)
    }

    /// Redo the change that the undo `undo_seq` (a [`Change::seq`] of an undo, as
    /// [`Store::last_change`] gave it after [`Store::undo_among`]) reverted: the mark is put
    /// back as that change left it, recorded under `author` as a new change of the same kind
    /// (so that it can be undone again). Refused when the mark changed since the undo, or when
    /// bringing back a mark would give its slot a second current mark.
    pub fn redo(&mut self, undo_seq: i64, author: &str) -> Result<String, StoreError> {
        let author = check_author(author)?;
        let path = self.path.clone();
        self.in_tx(|tx| {
            let (mark_id, before, after): (i64, Option<String>, String) = tx
                .query_row(
                    "SELECT mark_id, before, after FROM changes WHERE seq = ?1 AND op = 'undo'",
                    [undo_seq],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?
                .ok_or_else(|| StoreError::Invalid(format!("no undo {undo_seq} to redo")))?;
            let op: String = tx
                .query_row(
                    "SELECT op FROM changes WHERE undone_by = ?1",
                    [undo_seq],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or_else(|| "redo".to_string());
            let corrupt = |e: serde_json::Error| StoreError::Corrupt {
                path: path.clone(),
                detail: format!("change {undo_seq}: {e}"),
            };
            let undone: Row = serde_json::from_str(&after).map_err(corrupt)?;
            let redone: Row = serde_json::from_str(
                before
                    .as_deref()
                    .ok_or_else(|| StoreError::Invalid("nothing to redo".into()))?,
            )
            .map_err(corrupt)?;
            let current = load_row(tx, mark_id)?.ok_or(StoreError::NoMark(mark_id))?;
            if !current.same_content(&undone) {
                return Err(StoreError::Invalid(format!(
                    "cannot redo: mark #{mark_id} changed since it was undone"
                ))
                .into());
            }
            if current.deleted && !redone.deleted {
                if let Some((other, _)) = same_slot(tx, &redone)? {
                    return Err(StoreError::Invalid(format!(
                        "cannot redo: mark #{other} now holds the same paragraphs"
                    ))
                    .into());
                }
            }
            let mut redone = redone;
            redone.updated_at = marks::now_rfc3339();
            write_row(tx, Some(mark_id), &redone)?;
            record(tx, mark_id, &op, &author, Some(&current), &redone, None)?;
            Ok(match op.as_str() {
                "add" | "relabel" | "import" => {
                    format!("redid: marked {} (#{mark_id})", redone.told(mark_id))
                }
                "note" => format!("redid: the note on {} (#{mark_id})", redone.told(mark_id)),
                "delete" => format!("redid: deleted {} (#{mark_id})", current.told(mark_id)),
                _ => format!("redid: the {op} of mark #{mark_id}"),
            })
        })
    }

    /// Undo the changes of the batch `which` finds, in one transaction.
    fn undo_batch(
        &mut self,
        author: &str,
        which: impl FnOnce(&Connection) -> rusqlite::Result<Option<i64>>,
    ) -> Result<Option<String>, StoreError> {
        let path = self.path.clone();
        let corrupt = move |seq: i64, e: serde_json::Error| StoreError::Corrupt {
            path: path.clone(),
            detail: format!("change {seq}: {e}"),
        };
        self.in_tx(|tx| {
            let Some(batch) = which(tx)? else {
                return Ok(None);
            };
            type Todo = (i64, i64, String, Option<String>, String);
            let todo: Vec<Todo> = tx
                .prepare(
                    "SELECT seq, mark_id, op, before, after FROM changes
                     WHERE batch = ?1 AND op != 'undo' AND undone_by IS NULL ORDER BY seq DESC",
                )?
                .query_map([batch], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut done = Vec::new();
            for (seq, mark_id, op, before, after) in todo {
                let current = load_row(tx, mark_id)?.ok_or(StoreError::NoMark(mark_id))?;
                let after: Row = serde_json::from_str(&after).map_err(|e| corrupt(seq, e))?;
                if current != after {
                    // Changed since by someone else: undoing would throw their change away.
                    let (by, what): (String, String) = tx.query_row(
                        "SELECT author, op FROM changes WHERE mark_id = ?1 AND seq > ?2
                         ORDER BY seq DESC LIMIT 1",
                        params![mark_id, seq],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    return Err(StoreError::Invalid(format!(
                        "cannot undo the {op} of mark #{mark_id}: {by} changed it since ({what}); \
                         undo that first (parallax undo --author {by:?})"
                    ))
                    .into());
                }
                let restored = match before {
                    Some(json) => {
                        serde_json::from_str::<Row>(&json).map_err(|e| corrupt(seq, e))?
                    }
                    None => Row {
                        deleted: true,
                        ..current.clone()
                    },
                };
                write_row(tx, Some(mark_id), &restored)?;
                record(
                    tx,
                    mark_id,
                    "undo",
                    author,
                    Some(&current),
                    &restored,
                    Some(seq),
                )?;
                done.push((mark_id, op, current, restored));
            }
            Ok(Some(describe_undo(&done)))
        })
    }

    /// The current (not deleted) marks, oldest first, resolved against the files: articles are
    /// found by id in the store's corpus, else at the paths they had when marked.
    pub fn current(&self) -> Result<Vec<Mark>, StoreError> {
        self.current_in_opt(self.corpus())
    }

    /// [`Store::current`], finding articles by id in `corpus`.
    pub fn current_in(&self, corpus: &Corpus) -> Result<Vec<Mark>, StoreError> {
        self.current_in_opt(Some(corpus))
    }

    fn current_in_opt(&self, corpus: Option<&Corpus>) -> Result<Vec<Mark>, StoreError> {
        self.current_with(&mut Loader::new(corpus))
    }

    /// [`Store::current`], loading articles through `loader` (which keeps them for the caller).
    pub fn current_with(&self, loader: &mut Loader) -> Result<Vec<Mark>, StoreError> {
        let mut marks = self.query(
            &format!("SELECT {ROW_COLUMNS} FROM marks WHERE deleted = 0 ORDER BY id"),
            &[],
        )?;
        resolve_all(&mut marks, loader);
        Ok(marks)
    }

    /// Current marks between these two articles, in either order (the Mark keeps its own
    /// left/right), resolved against the files.
    pub fn for_pair(&self, a_id: &str, b_id: &str) -> Result<Vec<Mark>, StoreError> {
        let mut marks = self.pair_rows(a_id, b_id)?;
        self.resolve_all(&mut marks, self.corpus());
        Ok(marks)
    }

    /// [`Store::for_pair`] resolved against articles already loaded (no file is read).
    pub fn for_articles(&self, a: &Article, b: &Article) -> Result<Vec<Mark>, StoreError> {
        let mut marks = self.pair_rows(&a.id, &b.id)?;
        let mut anchoring = marks::Anchoring::default();
        for m in &mut marks {
            let (l, r) = if m.left_id == a.id { (a, b) } else { (b, a) };
            marks::resolve_in(m, Some(l), Some(r), &mut anchoring);
        }
        Ok(marks)
    }

    fn pair_rows(&self, a_id: &str, b_id: &str) -> Result<Vec<Mark>, StoreError> {
        self.query(
            &format!(
                "SELECT {ROW_COLUMNS} FROM marks WHERE deleted = 0
                 AND ((left_id = ?1 AND right_id = ?2) OR (left_id = ?2 AND right_id = ?1))
                 ORDER BY id"
            ),
            &[&a_id, &b_id],
        )
    }

    /// A mark by id, deleted or not (`None` when there is no such mark), resolved.
    pub fn get(&self, mark_id: i64) -> Result<Option<(Mark, bool)>, StoreError> {
        let Some(row) = self.row(mark_id)? else {
            return Ok(None);
        };
        let mut m = row.mark(mark_id).map_err(|e| self.corrupt(e))?;
        self.resolve_all(std::slice::from_mut(&mut m), self.corpus());
        Ok(Some((m, row.deleted)))
    }

    /// The current pair verdicts, oldest first: `(left id, right id, label)`, the label as the
    /// store writes it (`copy`, `duplicate`, `same-story`, `unrelated`).
    pub fn pair_labels(&self) -> Result<Vec<(String, String, String)>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT left_id, right_id, label FROM marks
                 WHERE deleted = 0 AND kind = 'pair' ORDER BY id",
            )
            .map_err(self.db())?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(self.db())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.db())
    }

    /// The current `copy` marks that name the original: `(left id, right id, source, author)`
    /// with source `left` or `right`, oldest first (a later mark of a pair overrides).
    pub fn copy_sources(&self) -> Result<Vec<(String, String, String, String)>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT left_id, right_id, source, author FROM marks
                 WHERE deleted = 0 AND kind = 'pair' AND label = 'copy'
                   AND source IN ('left', 'right') ORDER BY id",
            )
            .map_err(self.db())?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .map_err(self.db())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.db())
    }

    /// Number of current marks per article id (for the picker).
    pub fn counts_by_article(&self) -> Result<HashMap<String, usize>, StoreError> {
        let mut st = self
            .conn
            .prepare("SELECT left_id, right_id FROM marks WHERE deleted = 0")
            .map_err(self.db())?;
        let pairs = st
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.db())?;
        let mut counts = HashMap::new();
        for p in pairs {
            let (l, r) = p.map_err(self.db())?;
            if l != r {
                *counts.entry(r).or_insert(0) += 1;
            }
            *counts.entry(l).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// The last change this store (this connection) recorded: a [`Change::seq`]. A call that
    /// changed nothing (marking again what is marked, the same note) leaves it as it was.
    pub fn last_change(&self) -> Option<i64> {
        let seq = self.conn.last_insert_rowid();
        self.conn
            .query_row("SELECT seq FROM changes WHERE seq = ?1", [seq], |r| {
                r.get(0)
            })
            .optional()
            .ok()
            .flatten()
    }

    /// The changes of a mark, oldest first.
    pub fn history(&self, mark_id: i64) -> Result<Vec<Change>, StoreError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT seq, mark_id, op, author, at, undone_by IS NOT NULL FROM changes
                 WHERE mark_id = ?1 ORDER BY seq",
            )
            .map_err(self.db())?;
        let rows = st
            .query_map([mark_id], |r| {
                Ok(Change {
                    seq: r.get(0)?,
                    mark_id: r.get(1)?,
                    op: r.get(2)?,
                    author: r.get(3)?,
                    at: r.get(4)?,
                    undone: r.get(5)?,
                })
            })
            .map_err(self.db())?;
        rows.collect::<rusqlite::Result<_>>().map_err(self.db())
    }

    /// Merge marks (from another analyst's export) into the store, in one transaction, matched
    /// by [`Mark::uid`]: an unknown mark is added; a known one is replaced when the imported
    /// one was changed later (`updated_at`), else kept. Importing the same marks again changes
    /// nothing. The import is one undoable change, recorded under `author`.
    ///
    /// A mark whose `created_at` or `updated_at` is more than [`MAX_FUTURE`] ahead of this
    /// machine's clock is skipped (listed in [`ImportReport::skipped`]): it would win every
    /// later merge.
    pub fn import(&mut self, marks: &[Mark], author: &str) -> Result<ImportReport, StoreError> {
        let author = check_author(author)?;
        for m in marks {
            check_imported(m).map_err(StoreError::Invalid)?;
        }
        let limit = marks::rfc3339_millis(&marks::now_rfc3339()).unwrap_or(i64::MAX)
            + MAX_FUTURE.as_millis() as i64;
        let mut skipped = Vec::new();
        let mut taken = Vec::with_capacity(marks.len());
        for m in marks {
            let ahead = [("created_at", &m.created_at), ("updated_at", &m.updated_at)]
                .into_iter()
                .find(|(_, t)| marks::rfc3339_millis(t).is_some_and(|t| t > limit));
            match ahead {
                Some((name, t)) => skipped.push(format!(
                    "mark {} ({} {} ↔ {}): {name} {t} is more than a day in the future",
                    m.uid,
                    m.target.label(),
                    m.left.id,
                    m.right.id
                )),
                None => taken.push(m),
            }
        }
        self.in_tx(|tx| {
            let mut report = ImportReport {
                skipped,
                ..ImportReport::default()
            };
            let mut batch = None;
            for m in taken {
                let row = Row::of(m);
                let existing: Option<(i64, Row)> = tx
                    .query_row(
                        &format!("SELECT {ROW_COLUMNS} FROM marks WHERE uid = ?1"),
                        [&row.uid],
                        read_row,
                    )
                    .optional()?;
                let (id, before, added) = match existing {
                    None => (None, None, true),
                    // Its adding was undone: the store does not have it.
                    Some((id, old)) if old.deleted && add_undone(tx, id)? => {
                        (Some(id), Some(old), true)
                    }
                    Some((_, old)) if old == row || !later(&row.updated_at, &old.updated_at) => {
                        report.unchanged += 1;
                        continue;
                    }
                    Some((id, old)) => (Some(id), Some(old), false),
                };
                let id = write_row(tx, id, &row)?;
                if added {
                    report.added += 1;
                } else {
                    report.updated += 1;
                }
                let (seq, own) = record(tx, id, "import", &author, before.as_ref(), &row, None)?;
                // All changes of the import share the batch of its first change.
                let b = *batch.get_or_insert(own);
                tx.execute("UPDATE changes SET batch = ?1 WHERE seq = ?2", [b, seq])?;
            }
            Ok(report)
        })
    }

    fn query(&self, sql: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<Mark>, StoreError> {
        let mut st = self.conn.prepare(sql).map_err(self.db())?;
        let rows = st.query_map(args, read_row).map_err(self.db())?;
        let mut out = Vec::new();
        for r in rows {
            let (id, row) = r.map_err(self.db())?;
            out.push(row.mark(id).map_err(|e| self.corrupt(e))?);
        }
        Ok(out)
    }

    fn resolve_all(&self, marks: &mut [Mark], corpus: Option<&Corpus>) {
        resolve_all(marks, &mut Loader::new(corpus));
    }
}

fn resolve_all(marks: &mut [Mark], loader: &mut Loader) {
    let mut anchoring = marks::Anchoring::default();
    for m in marks {
        let l = loader.get(&m.left);
        let r = loader.get(&m.right);
        marks::resolve_in(m, l.as_deref(), r.as_deref(), &mut anchoring);
    }
}

/// Loads marked articles once each: by id in a corpus, else at their recorded path.
pub struct Loader<'a> {
    corpus: Option<&'a Corpus>,
    cache: HashMap<(String, String), Option<Rc<Article>>>,
}

impl<'a> Loader<'a> {
    pub fn new(corpus: Option<&'a Corpus>) -> Loader<'a> {
        Loader {
            corpus,
            cache: HashMap::new(),
        }
    }

    /// The current article an anchor names, `None` when it cannot be found or read.
    pub fn get(&mut self, anchor: &ArticleAnchor) -> Option<Rc<Article>> {
        let key = (anchor.id.clone(), anchor.path.clone());
        if let Some(a) = self.cache.get(&key) {
            return a.clone();
        }
        let by_id = self.corpus.and_then(|c| {
            let e = c.entries.iter().find(|e| e.id == anchor.id)?;
            c.load(e).ok()
        });
        let found = by_id.or_else(|| {
            let p = Path::new(&anchor.path);
            if !p.is_file() {
                return None;
            }
            let mut a = corpus::load_file(p).ok()?;
            a.id = anchor.id.clone();
            Some(a)
        });
        let found = found.map(Rc::new);
        self.cache.insert(key, found.clone());
        found
    }
}

/// fsync a folder, so that the names created in it are on disk.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The corpus folder of a store at its default location (`<corpus>/.parallax/parallax.db`).
fn inferred_corpus(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?;
    if dir.file_name()? != ".parallax" {
        return None;
    }
    Some(dir.parent()?.to_path_buf())
}

/// Refuse a database of another application, or of a schema version this parallax does not
/// know (newer, or negative: no parallax writes one).
fn check_identity(path: &Path, app: i32, version: i32, objects: i64) -> Result<(), StoreError> {
    if app != APPLICATION_ID && (app != 0 || objects > 0) {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            reason: "an SQLite database of another application".into(),
        });
    }
    if version > schema_version() || version < 0 {
        return Err(bad_version(path, version));
    }
    Ok(())
}

/// The error for a schema version outside 0..=[`schema_version`].
fn bad_version(path: &Path, version: i32) -> StoreError {
    if version > schema_version() {
        StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: schema_version(),
        }
    } else {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            detail: format!("schema version {version}, which no parallax writes"),
        }
    }
}

/// Refuse a file that is not an SQLite database before SQLite opens it.
fn check_header(path: &Path, len: u64) -> Result<(), StoreError> {
    if len == 0 {
        return Ok(());
    }
    let mut head = [0u8; 16];
    let read = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    if len < 100 || read < 16 || &head != b"SQLite format 3\0" {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            reason: "not an SQLite database".into(),
        });
    }
    Ok(())
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path,
            detail: e.to_string(),
        },
        Some(ErrorCode::NotADatabase) => StoreError::Foreign {
            path,
            reason: "not an SQLite database".into(),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        _ => StoreError::Db { path, source: e },
    }
}

fn check_author(author: &str) -> Result<String, StoreError> {
    let a = author.trim();
    if a.is_empty() {
        return Err(StoreError::Invalid("the author name is empty".into()));
    }
    Ok(a.to_string())
}

fn clean_note(note: Option<&str>) -> Option<String> {
    note.filter(|n| !n.trim().is_empty()).map(str::to_string)
}

/// How far ahead of this machine's clock an imported time may be (clocks differ a little).
pub const MAX_FUTURE: Duration = Duration::from_secs(24 * 3600);

/// Whether time `a` is later than `b` (RFC 3339, offsets applied).
fn later(a: &str, b: &str) -> bool {
    match (marks::rfc3339_millis(a), marks::rfc3339_millis(b)) {
        (Some(a), Some(b)) => a > b,
        _ => a > b,
    }
}

fn check_imported(m: &Mark) -> Result<(), String> {
    let what = format!("mark {}", m.uid);
    if m.uid.trim().is_empty() {
        return Err("a mark without uid".into());
    }
    for (name, t) in [("created_at", &m.created_at), ("updated_at", &m.updated_at)] {
        if !marks::is_rfc3339(t) {
            return Err(format!("{what}: {name} '{t}' is not an RFC 3339 time"));
        }
    }
    if m.author.trim().is_empty() {
        return Err(format!("{what}: no author"));
    }
    for side in [&m.left, &m.right] {
        if side.id.is_empty() {
            return Err(format!("{what}: an article without id"));
        }
    }
    Ok(())
}

fn load_row(tx: &Connection, id: i64) -> rusqlite::Result<Option<Row>> {
    tx.query_row(
        &format!("SELECT {ROW_COLUMNS} FROM marks WHERE id = ?1"),
        [id],
        read_row,
    )
    .optional()
    .map(|r| r.map(|(_, row)| row))
}

/// Whether the last change of a mark undid the change that created it (an add or an import
/// of a mark the store did not have).
fn add_undone(tx: &Connection, mark_id: i64) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT u.op = 'undo' AND c.before IS NULL FROM changes u
         LEFT JOIN changes c ON c.undone_by = u.seq
         WHERE u.mark_id = ?1 ORDER BY u.seq DESC LIMIT 1",
        [mark_id],
        |r| r.get::<_, Option<bool>>(0),
    )
    .optional()
    .map(|v| v.flatten().unwrap_or(false))
}

/// The current mark of this author on the same article pair (a pair mark) or the same
/// paragraphs (a paragraph mark), in either order.
fn same_slot(tx: &Connection, row: &Row) -> rusqlite::Result<Option<(i64, Row)>> {
    let mut st = tx.prepare(&format!(
        "SELECT {ROW_COLUMNS} FROM marks WHERE deleted = 0 AND kind = ?1 AND author = ?2
         AND ((left_id = ?3 AND right_id = ?4) OR (left_id = ?4 AND right_id = ?3))
         ORDER BY id"
    ))?;
    let rows = st.query_map(
        params![row.kind, row.author, row.left.id, row.right.id],
        read_row,
    )?;
    let indices =
        |a: &ArticleAnchor| -> Vec<usize> { a.paragraphs.iter().map(|p| p.index).collect() };
    let (l, r) = (indices(&row.left), indices(&row.right));
    for found in rows {
        let (id, old) = found?;
        let (ol, or) = (indices(&old.left), indices(&old.right));
        let same = if old.left.id == row.left.id && (ol == l && or == r) {
            true
        } else {
            old.left.id == row.right.id && ol == r && or == l
        };
        if same {
            return Ok(Some((id, old)));
        }
    }
    Ok(None)
}

fn write_row(tx: &Connection, id: Option<i64>, row: &Row) -> rusqlite::Result<i64> {
    let json = |a: &ArticleAnchor| serde_json::to_string(a).expect("anchors serialise");
    let values = params![
        row.uid,
        row.left.id,
        row.right.id,
        row.kind,
        row.label,
        row.source,
        json(&row.left),
        json(&row.right),
        row.note,
        row.author,
        row.created_at,
        row.updated_at,
        row.deleted,
    ];
    match id {
        None => {
            tx.execute(
                "INSERT INTO marks (uid, left_id, right_id, kind, label, source, left_anchor,
                 right_anchor, note, author, created_at, updated_at, deleted)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                values,
            )?;
            Ok(tx.last_insert_rowid())
        }
        Some(id) => {
            let n = tx.execute(
                "UPDATE marks SET uid = ?1, left_id = ?2, right_id = ?3, kind = ?4, label = ?5,
                 source = ?6, left_anchor = ?7, right_anchor = ?8, note = ?9, author = ?10,
                 created_at = ?11, updated_at = ?12, deleted = ?13 WHERE id = ?14",
                rusqlite::params_from_iter(
                    values
                        .iter()
                        .copied()
                        .chain(std::iter::once(&id as &dyn rusqlite::ToSql)),
                ),
            )?;
            debug_assert_eq!(n, 1);
            Ok(id)
        }
    }
}

/// Record a change; returns (seq, batch). `undoes`: the change an undo reverts.
fn record(
    tx: &Connection,
    mark_id: i64,
    op: &str,
    author: &str,
    before: Option<&Row>,
    after: &Row,
    undoes: Option<i64>,
) -> rusqlite::Result<(i64, i64)> {
    let json = |r: &Row| serde_json::to_string(r).expect("rows serialise");
    let batch: i64 = tx.query_row("SELECT coalesce(max(batch), 0) + 1 FROM changes", [], |r| {
        r.get(0)
    })?;
    tx.execute(
        "INSERT INTO changes (batch, mark_id, op, author, at, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            batch,
            mark_id,
            op,
            author,
            marks::now_rfc3339(),
            before.map(json),
            json(after)
        ],
    )?;
    let seq = tx.last_insert_rowid();
    if let Some(undone) = undoes {
        tx.execute(
            "UPDATE changes SET undone_by = ?1 WHERE seq = ?2",
            [seq, undone],
        )?;
    }
    Ok((seq, batch))
}

/// A random UUID (version 4) from SQLite's generator.
fn new_uid(tx: &Connection) -> rusqlite::Result<String> {
    let mut b: Vec<u8> = tx.query_row("SELECT randomblob(16)", [], |r| r.get(0))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}

/// What an undo undid, in the words of what was done: `undid: marked duplicate 004_… ¶3 ↔
/// 002_… ¶5 (#4)`.
fn describe_undo(done: &[(i64, String, Row, Row)]) -> String {
    match done {
        [(id, op, current, restored)] => match op.as_str() {
            "add" => format!("undid: marked {} (#{id})", current.told(*id)),
            "relabel" => format!(
                "undid: marked {} (#{id}); it is back to {}",
                current.told(*id),
                restored.told(*id)
            ),
            "note" => format!("undid: the note on {} (#{id})", current.told(*id)),
            "delete" => format!(
                "undid: deleted {} (#{id}); the mark is back",
                restored.told(*id)
            ),
            "import" if restored.deleted => {
                format!("undid: imported {} (#{id})", current.told(*id))
            }
            "import" => format!(
                "undid: imported {} (#{id}); it is back to what it was",
                current.told(*id)
            ),
            _ => format!("undid: the {op} of mark #{id}"),
        },
        many => format!("undid: the import of {} marks", many.len()),
    }
}
