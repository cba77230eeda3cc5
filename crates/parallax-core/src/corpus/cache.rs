//! The document store's cache: parsed articles and a full-text index, in
//! `<corpus>/.parallax/cache.db` (SQLite, next to the marks store but a separate file).
//!
//! A file is re-parsed only when it changed: its row holds its path (relative to the corpus),
//! size, modification time (nanoseconds) and content hash. Same size and mtime: the cached
//! articles are used without reading the file. Otherwise the file is read and hashed; same
//! hash (a `touch`, a copy back): the cached articles are used and the row updated; a new hash:
//! the file is parsed again and its articles and index rows replaced. Files gone from the
//! corpus lose their rows. Files that could not be read are cached with their reason.
//!
//! The cache is disposable: deleting `cache.db` costs one cold open. A damaged file (not a
//! database, or corrupt) is moved aside to `cache.db.corrupt` with a message and built anew.
//! A row whose paragraphs do not fit its text is not used (the file is parsed again). When the
//! cache cannot be written (a read-only corpus, a full disk) it is read as it is
//! ([`Cache::open_read_only`]: unchanged files served, nothing written); when it cannot be
//! opened at all parallax parses without it. `search` then builds its index in memory.

//!
//! What a row keeps (version 8): the listing's fields as a small JSON head (title, metadata,
//! counts: a listing reads nothing else), and the article's text with its paragraphs'
//! boundaries, roles and word counts as one zstd-compressed body (a paragraph's text is stored
//! only when it is not the text between its offsets), in a table of its own so that reading
//! the heads reads no text. The full-text index is contentless
//! (FTS5 `content=''`): it holds the index, not a second copy of every paragraph; a hit's
//! paragraph is taken from its body. A corpus is brought up to date in chunks of files, each
//! written in its own transaction and handed on before the next is read, so that memory holds
//! one chunk of parsed articles, not the corpus.

use crate::corpus::article::{Article, Meta, Paragraph, Role};
use crate::corpus::{self, Corpus, Entry, Skipped};
use crate::text::snippet::SNIPPET_COLS;
use rayon::prelude::*;
use rusqlite::{params, Connection};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The cache's version (SQLite `user_version`): raised when its layout changes, and when
/// parsing changes what an article holds (decoding, segmentation, metadata), so that no
/// cache serves articles an older parser made. A cache of another version is emptied and
/// rebuilt, with a message: it holds nothing that cannot be parsed again. 4: Western text no
/// longer read as Windows-1250, HTML read in its declared charset, metadata of long
/// paragraphs from their edges. 5: a page's declared address (canonical link, og:url).
/// 6: publisher apart from credits (an agency credited in the text is no longer the source),
/// credits per paragraph. 7: HTML figures, captions, credits and other chrome removed before
/// extraction, listing pages skipped, declared titles without the site suffix, placeholder
/// dates refused, short headlines as titles, the URL's domain as an encoding hint. 8: heads
/// and compressed bodies, a contentless index. 9: the full-text index built on the first
/// search rather than while the corpus is read (the articles not yet indexed in `unindexed`).
pub const CACHE_VERSION: i32 = 9;

const SCHEMA: &str = "
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    hash TEXT,
    error TEXT
);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    item TEXT,
    title TEXT NOT NULL DEFAULT '',
    head TEXT NOT NULL
);
CREATE INDEX docs_path ON docs (path);
CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    body BLOB NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(
    text, content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE unindexed (id INTEGER PRIMARY KEY);
";

/// Index rows are numbered `doc id × PARA_SLOTS + paragraph index`.
const PARA_SLOTS: i64 = 1 << 20;

/// zstd's level for the bodies: about 2.1x on articles, and fast both ways. Level 1: on 3 KB
/// articles its bodies are 0.2% larger than level 3's, and a cold list costs ~8% less CPU
/// (docs/benchmarks.md, "Opening faster").
const ZSTD_LEVEL: i32 = 1;

/// Files brought up to date per transaction (and handed on together).
const CHUNK_FILES: usize = 1024;

/// A body larger than this once decompressed is not believed (a damaged row).
const MAX_BODY_BYTES: usize = 4 * corpus::MAX_FILE_BYTES as usize;

/// The parse cache and full-text index of one corpus.
pub struct Cache {
    conn: Connection,
    path: PathBuf,
    /// Opened read-only ([`Cache::open_read_only`]): served from, never written.
    read_only: bool,
    /// What opening it found worth saying (a cache of another version, rebuilt).
    note: Option<String>,
}

/// The listing's part of a cached article: everything but its text and paragraphs.
#[doc(hidden)]
#[derive(Serialize, Deserialize)]
pub struct Head<'a> {
    hash: Cow<'a, str>,
    encoding: Cow<'a, str>,
    meta: Cow<'a, Meta>,
    paragraphs: usize,
    words: usize,
}

/// The rest of a cached article, compressed: its text and its paragraphs' boundaries. The
/// tokens are recomputed from the paragraph text; a paragraph's text is kept only when it is
/// not the article text between its offsets (a hard-wrapped paragraph, joined). Borrowed when
/// written, owned when read.
#[doc(hidden)]
#[derive(Serialize, Deserialize)]
pub struct Body<'a> {
    text: Cow<'a, str>,
    paragraphs: Vec<CachedPara<'a>>,
}

#[derive(Serialize, Deserialize)]
struct CachedPara<'a> {
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<Cow<'a, str>>,
    words: usize,
    role: Role,
}

/// An article as `parallax list` shows it: no text, no paragraphs, their count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub id: String,
    pub path: PathBuf,
    pub hash: String,
    pub encoding: String,
    pub meta: Meta,
    /// Number of paragraphs.
    pub paragraphs: usize,
    pub words: usize,
}

impl Listed {
    /// The listing of a loaded article.
    pub fn of(a: &Article) -> Listed {
        Listed {
            id: a.id.clone(),
            path: a.path.clone(),
            hash: a.hash.clone(),
            encoding: a.encoding.clone(),
            meta: a.meta.clone(),
            paragraphs: a.paragraphs.len(),
            words: a.words,
        }
    }
}

/// One full-text search hit.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Article id.
    pub id: String,
    pub path: PathBuf,
    pub title: String,
    /// Paragraph index, as `show` numbers paragraphs.
    pub para: usize,
    /// The paragraph cut to [`SNIPPET_COLS`] columns around the first match, matched words
    /// between `«` and `»` ([`crate::text::snippet::centre`]).
    pub snippet: String,
    /// The whole paragraph, matches between [`crate::text::snippet::MATCH_START`] and
    /// [`crate::text::snippet::MATCH_END`], for fitting a snippet to another width.
    #[serde(skip)]
    pub marked: String,
}

/// Whether [`Cache::load`] tokenises the paragraphs of the articles it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokens {
    Yes,
    /// Leave [`Paragraph::tokens`] empty.
    No,
}

/// Counts of the last [`Cache::load_all`]: files served from the cache, re-parsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub cached: usize,
    pub parsed: usize,
}

/// Each file's size and modification time (ns), stated on all cores. On Unix a file is
/// stated relative to its folder, opened once for the files of it that follow one another
/// (the folder's path is not looked up again for every file).
// `stat`'s field types differ between platforms: the casts are not the same type everywhere.
#[allow(clippy::unnecessary_cast)]
fn stat_all(paths: &[&Path]) -> Vec<Stat> {
    let by_path = |p: &&Path| -> Stat {
        std::fs::metadata(p)
            .ok()
            .map(|m| (m.len() as i64, mtime_ns(&m)))
    };
    #[cfg(unix)]
    {
        use rustix::fs::{AtFlags, Mode, OFlags};
        use std::os::unix::ffi::OsStrExt;
        // A path's folder and name, split at its last `/` (`Path::parent` and
        // `Path::file_name` parse components: a few per cent of a warm list). A name that is
        // empty, `.` or `..` is stated by its whole path.
        fn split(p: &Path) -> Option<(&[u8], &std::ffi::OsStr)> {
            let b = p.as_os_str().as_bytes();
            let cut = b.iter().rposition(|&c| c == b'/')?;
            let name = &b[cut + 1..];
            let dir = if cut == 0 { &b[..1] } else { &b[..cut] };
            (!matches!(name, b"" | b"." | b"..")).then(|| (dir, std::ffi::OsStr::from_bytes(name)))
        }
        fn folder(p: &Path) -> Option<&[u8]> {
            split(p).map(|(d, _)| d)
        }
        let mut out = Vec::with_capacity(paths.len());
        for run in paths.chunk_by(|a, b| folder(a) == folder(b)) {
            // A folder of one file: stated by its path (an open and a close would cost more).
            let dir = folder(run[0]).filter(|_| run.len() > 1).and_then(|d| {
                let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
                rustix::fs::open(std::ffi::OsStr::from_bytes(d), flags, Mode::empty()).ok()
            });
            out.par_extend(run.par_iter().map(|p| {
                match (&dir, split(p)) {
                    (Some(d), Some((_, name))) => rustix::fs::statat(d, name, AtFlags::empty())
                        .ok()
                        .map(|st| {
                            let (secs, nanos) = (st.st_mtime as i64, st.st_mtime_nsec as i64);
                            // As `mtime_ns` of std's metadata: 0 before 1970.
                            let ns = if secs >= 0 {
                                secs.saturating_mul(1_000_000_000).saturating_add(nanos)
                            } else {
                                0
                            };
                            (st.st_size as i64, ns)
                        }),
                    _ => by_path(p),
                }
            }));
        }
        out
    }
    #[cfg(not(unix))]
    {
        paths.par_iter().map(by_path).collect()
    }
}

fn mtime_ns(m: &std::fs::Metadata) -> i64 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64)
}

impl Cache {
    /// Where a corpus's cache lives.
    pub fn default_path(corpus: &Path) -> PathBuf {
        corpus.join(".parallax").join("cache.db")
    }

    /// Open (or create) the cache at `path`. A cache of another version is emptied (and its
    /// space given back) and built anew; [`Cache::note`] says so.
    pub fn open(path: &Path) -> rusqlite::Result<Cache> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // Pages of 16 KB hold a body of a few KB with little left over (a new file only:
        // an existing one keeps its page size).
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // The cache is disposable: no fsync (WAL still keeps it whole if parallax itself
        // crashes; an OS crash can at worst cost a rebuild), and room for a cold open's
        // inserts in the page cache.
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let mut note = None;
        if version != CACHE_VERSION {
            let tables: i64 =
                conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
            conn.execute_batch(
                "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS fts;
                 DROP TABLE IF EXISTS bodies; DROP TABLE IF EXISTS unindexed;",
            )?;
            if tables > 0 {
                // The old rows' pages back to the file system.
                conn.execute_batch("VACUUM")?;
                note = Some(format!(
                    "cache {} was written by another version of parallax (cache version {version}, this one reads {CACHE_VERSION}); rebuilt",
                    path.display()
                ));
            }
            // One transaction: a process ended half-way leaves no tables without a version.
            conn.execute_batch(&format!(
                "BEGIN; {SCHEMA} PRAGMA user_version = {CACHE_VERSION}; COMMIT;"
            ))?;
        }
        Ok(Cache {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            note,
        })
    }

    /// What opening the cache found worth saying: a cache of another version rebuilt.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Open an existing cache at `path` read-only (a read-only folder, a full disk): unchanged
    /// files are served from it, changed ones parsed, nothing is written. Without SQLite's
    /// shared-memory file (it cannot be created), the file is read as immutable.
    pub fn open_read_only(path: &Path) -> rusqlite::Result<Cache> {
        use rusqlite::OpenFlags;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let attempt = |immutable: bool| -> rusqlite::Result<Connection> {
            let conn = if immutable {
                Connection::open_with_flags(format!("{}?immutable=1", sqlite_uri(path)), flags)?
            } else {
                Connection::open_with_flags(path, flags)?
            };
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version != CACHE_VERSION {
                return Err(rusqlite::Error::InvalidQuery);
            }
            Ok(conn)
        };
        let conn = attempt(false).or_else(|e| match e {
            rusqlite::Error::InvalidQuery => Err(e),
            _ if is_damaged(&e) => Err(e),
            _ => attempt(true),
        })?;
        Ok(Cache {
            conn,
            path: path.to_path_buf(),
            read_only: true,
            note: None,
        })
    }

    /// An empty cache in memory: for searching a corpus whose cache cannot be written (a
    /// read-only folder, a full disk).
    pub fn in_memory() -> rusqlite::Result<Cache> {
        let conn = Connection::open_in_memory()?;
        conn.execute_batch(SCHEMA)?;
        conn.pragma_update(None, "user_version", CACHE_VERSION)?;
        Ok(Cache {
            conn,
            path: PathBuf::from(":memory:"),
            read_only: false,
            note: None,
        })
    }

    /// Open the cache at `path` and bring it up to date with the corpus. A damaged cache file
    /// is moved aside (to `cache.db.corrupt`) and built anew; the second value says so. When
    /// the cache cannot be opened or written at all (a read-only folder, a full disk), the
    /// error.
    pub fn open_and_load(
        path: &Path,
        corpus: &Corpus,
        tokens: Tokens,
    ) -> (rusqlite::Result<Loaded>, Option<String>) {
        let mut articles = Vec::new();
        let (found, note) =
            Cache::open_and_sync(path, corpus, tokens, &mut |chunk| articles.extend(chunk));
        (found.map(|(c, s, n)| (c, articles, s, n)), note)
    }

    /// [`Cache::open_and_load`], each chunk of articles handed to `emit` (in corpus order) as
    /// soon as it is read, and never twice: when the cache turns out damaged half-way and is
    /// rebuilt, the articles already handed on are not handed on again.
    pub fn open_and_sync<T: Kept>(
        path: &Path,
        corpus: &Corpus,
        tokens: Tokens,
        emit: &mut dyn FnMut(Vec<T>),
    ) -> (rusqlite::Result<Synced>, Option<String>) {
        let mut emitted = 0usize;
        let mut attempt = |open: &dyn Fn() -> rusqlite::Result<Cache>| {
            let already = emitted;
            let mut seen = 0usize;
            let mut once = |mut chunk: Vec<T>| {
                let skip = already.saturating_sub(seen).min(chunk.len());
                seen += chunk.len();
                if skip < chunk.len() {
                    let rest = chunk.split_off(skip);
                    emitted += rest.len();
                    emit(rest);
                }
            };
            open().and_then(|mut c| {
                let (s, n) = c.sync(corpus, tokens, &mut once)?;
                Ok((c, s, n))
            })
        };
        let writable = || Cache::open(path);
        let read_only = || Cache::open_read_only(path);
        let with_note = |r: rusqlite::Result<Synced>, note: Option<String>| {
            let opened = r.as_ref().ok().and_then(|(c, _, _)| c.note.clone());
            let note = match (note, opened) {
                (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                (a, b) => a.or(b),
            };
            (r, note)
        };
        match attempt(&writable) {
            Err(e) if !is_damaged(&e) && path.is_file() => {
                // Cannot be written (a read-only folder, a full disk): read what it holds.
                let found = attempt(&read_only);
                let note = found.is_ok().then(|| {
                    format!(
                        "cache {} cannot be written ({e}); used read-only",
                        path.display()
                    )
                });
                (found.map_err(|_| e), note)
            }
            Err(e) if is_damaged(&e) => {
                let aside = aside_path(path);
                let moved = std::fs::rename(path, &aside);
                for suffix in ["-wal", "-shm"] {
                    let mut f = path.as_os_str().to_owned();
                    f.push(suffix);
                    let _ = std::fs::remove_file(f);
                }
                let note = match moved {
                    Ok(()) => format!(
                        "cache {} was damaged ({e}); moved to {} and rebuilt",
                        path.display(),
                        aside.display()
                    ),
                    Err(m) => format!(
                        "cache {} is damaged ({e}) and could not be moved aside ({m})",
                        path.display()
                    ),
                };
                let r = attempt(&writable);
                with_note(r, Some(note))
            }
            r => with_note(r, None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every article of the corpus, from the cache where the file is unchanged, parsed (and
    /// cached, and indexed) otherwise. Same result as [`Corpus::load_all`].
    pub fn load_all(
        &mut self,
        corpus: &Corpus,
    ) -> rusqlite::Result<(Vec<Article>, Vec<Skipped>, Stats)> {
        self.load(corpus, Tokens::Yes)
    }

    /// [`Cache::load_all`], and whether the articles get their paragraphs'
    /// [`Paragraph::tokens`] (with [`Tokens::No`] they are left empty: for the reader, which
    /// tokenises the articles it compares; tokenising is most of a warm open).
    pub fn load(
        &mut self,
        corpus: &Corpus,
        tokens: Tokens,
    ) -> rusqlite::Result<(Vec<Article>, Vec<Skipped>, Stats)> {
        let mut articles = Vec::with_capacity(corpus.entries.len());
        let (skipped, stats) = self.sync(corpus, tokens, &mut |chunk| articles.extend(chunk))?;
        Ok((articles, skipped, stats))
    }

    /// The corpus as `parallax list` shows it: each article's listing from its cached head
    /// (no text is read from the cache), the files that changed parsed, cached and indexed.
    pub fn listing(
        &mut self,
        corpus: &Corpus,
    ) -> rusqlite::Result<(Vec<Listed>, Vec<Skipped>, Stats)> {
        let mut listed = Vec::with_capacity(corpus.entries.len());
        let (skipped, stats) = self.sync(corpus, Tokens::No, &mut |chunk| listed.extend(chunk))?;
        Ok((listed, skipped, stats))
    }

    /// Bring the cache up to date with the corpus, in chunks of [`CHUNK_FILES`] files (each
    /// one transaction), handing each chunk's articles (or listings) to `emit` in corpus
    /// order. Returns the files that could not be read (the corpus's own first) and counts.
    ///
    /// The file rows and the article heads are read in one query each; reading, hashing and
    /// parsing files, decoding cached bodies and tokenising run on all cores.
    pub fn sync<T: Kept>(
        &mut self,
        corpus: &Corpus,
        tokens: Tokens,
        emit: &mut dyn FnMut(Vec<T>),
    ) -> rusqlite::Result<(Vec<Skipped>, Stats)> {
        let groups = corpus.files();
        let root = corpus.root.to_str();
        let rels: Vec<String> = groups
            .par_iter()
            .map(|g| relative_to(corpus, root, &g[0].path))
            .collect();
        let writable = !self.read_only;
        // Each cached path's file row and article rows, in one map (taken out as the corpus's
        // files are met: what is left at the end is gone from the corpus).
        let mut cached: FxHashMap<String, CachedFile> =
            FxHashMap::with_capacity_and_hasher(groups.len(), Default::default());
        {
            let tx = self.conn.transaction()?;
            {
                let mut st = tx.prepare("SELECT path, size, mtime_ns, hash, error FROM files")?;
                let mut q = st.query([])?;
                while let Some(r) = q.next()? {
                    let row = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
                    cached.entry(r.get(0)?).or_default().file = Some(row);
                }
            }
            {
                let mut st = tx.prepare("SELECT path, id, item, head FROM docs")?;
                let mut q = st.query([])?;
                while let Some(r) = q.next()? {
                    let doc = DocRow {
                        id: r.get(1)?,
                        item: r.get(2)?,
                        // As bytes: `serde_json` checks the strings it decodes.
                        head: r.get_ref(3)?.as_bytes()?.to_vec(),
                        body: None,
                    };
                    // Looked up by the borrowed path: a key is allocated for a new path only.
                    let path = r.get_ref(0)?.as_str()?;
                    match cached.get_mut(path) {
                        Some(c) => c.docs.push(doc),
                        None => cached.entry(path.to_string()).or_default().docs.push(doc),
                    }
                }
            }
            tx.commit()?;
        }
        let mut skipped = corpus.skipped.clone();
        let mut stats = Stats::default();
        let all: Vec<usize> = (0..groups.len()).collect();
        // Three stages, the middle one on its own thread so that the chunks overlap: the
        // next chunk is read and parsed (on all cores) while this one is written to SQLite
        // (one writer) and handed on.
        // 1. (SQLite) the chunk's files stated, their cached rows (and bodies) looked up;
        let conn = &self.conn;
        let mut prepare = |chunk: &[usize]| -> rusqlite::Result<Vec<Work>> {
            let paths: Vec<&Path> = chunk.iter().map(|&i| groups[i][0].path.as_path()).collect();
            let stat = stat_all(&paths);
            let mut work: Vec<Work> = chunk
                .iter()
                .zip(stat)
                .map(|(&i, s)| (i, s, cached.remove(&rels[i]).unwrap_or_default()))
                .collect();
            if T::BODY {
                let mut st = conn.prepare_cached("SELECT body FROM bodies WHERE id = ?1")?;
                for (_, _, found) in &mut work {
                    for d in &mut found.docs {
                        d.body = st.query_row([d.id], |r| r.get(0)).ok();
                    }
                }
            }
            Ok(work)
        };
        // 2. (all cores) each file's articles from its cached rows, or read and parsed;
        let groups = &groups;
        let rels = &rels;
        let process = |work: Vec<Work>| -> Vec<(usize, Stat, Outcome<T>)> {
            work.into_par_iter()
                .map(|(i, stat, found)| {
                    let CachedFile { file, docs: cached } = found;
                    let row = file.as_ref();
                    let unchanged =
                        matches!((stat, row), (Some((s, m)), Some(r)) if r.0 == s && r.1 == m);
                    let out = match row {
                        Some((_, _, _, Some(reason))) if unchanged => Outcome::Skip(reason.clone()),
                        _ => match unchanged.then(|| from_rows(&cached, groups[i], tokens)) {
                            Some(Some(found)) => Outcome::Cached(found),
                            _ => {
                                let old_hash = row.and_then(|r| r.2.as_deref());
                                read_and_parse(groups[i], old_hash, &cached, tokens)
                            }
                        },
                    };
                    (i, stat, out)
                })
                .collect()
        };
        // 3. (SQLite) written in one transaction, and handed on.
        let mut write = |done: Vec<(usize, Stat, Outcome<T>)>| -> rusqlite::Result<()> {
            let tx = conn.unchecked_transaction()?;
            let mut out_chunk: Vec<T> = Vec::with_capacity(done.len());
            for (i, stat, out) in done {
                let rel = &rels[i];
                let path = &groups[i][0].path;
                // As stated before the file was read: a change while it was read is seen at
                // the next open.
                let (size, mtime) = stat.unwrap_or((-1, 0));
                match &out {
                    _ if !writable => {}
                    Outcome::Unreadable(reason) => {
                        put_file(&tx, rel, size, mtime, None, Some(reason))?
                    }
                    Outcome::Rehashed(hash, _) => {
                        put_file(&tx, rel, size, mtime, Some(hash), None)?
                    }
                    Outcome::Parsed { hash, rows } => {
                        delete_docs(&tx, rel)?;
                        put_file(&tx, rel, size, mtime, Some(hash), None)?;
                        for r in rows {
                            insert_doc(&tx, rel, r)?;
                        }
                    }
                    Outcome::Unparsable(hash, reason) => {
                        delete_docs(&tx, rel)?;
                        put_file(&tx, rel, size, mtime, Some(hash), Some(reason))?;
                    }
                    Outcome::Cached(_) | Outcome::Skip(_) => {}
                }
                match out {
                    Outcome::Cached(found) => {
                        stats.cached += 1;
                        out_chunk.extend(found);
                    }
                    Outcome::Skip(reason) => {
                        stats.cached += 1;
                        skipped.push(Skipped {
                            path: path.clone(),
                            reason,
                        });
                    }
                    Outcome::Rehashed(_, found) => {
                        stats.parsed += 1;
                        out_chunk.extend(found);
                    }
                    Outcome::Parsed { rows, .. } => {
                        stats.parsed += 1;
                        // Written: keep only the articles of the corpus entries.
                        let mut by_item: HashMap<Option<String>, Article> =
                            rows.into_iter().map(|r| (r.item, r.article)).collect();
                        out_chunk.extend(groups[i].iter().filter_map(|e| {
                            let mut a = by_item.remove(&e.item)?;
                            a.id = e.id.clone();
                            a.path = e.path.clone();
                            if tokens == Tokens::No {
                                for p in &mut a.paragraphs {
                                    p.tokens = Vec::new();
                                }
                            }
                            Some(T::from_parse(a))
                        }));
                    }
                    Outcome::Unreadable(reason) | Outcome::Unparsable(_, reason) => {
                        stats.parsed += 1;
                        skipped.push(Skipped {
                            path: path.clone(),
                            reason,
                        });
                    }
                }
            }
            tx.commit()?;
            emit(out_chunk);
            Ok(())
        };
        let chunks: Vec<&[usize]> = all.chunks(CHUNK_FILES).collect();
        std::thread::scope(|scope| -> rusqlite::Result<()> {
            let (work_tx, work_rx) = std::sync::mpsc::sync_channel::<Vec<_>>(1);
            let (done_tx, done_rx) = std::sync::mpsc::sync_channel::<Vec<_>>(1);
            scope.spawn(move || {
                for work in work_rx {
                    if done_tx.send(process(work)).is_err() {
                        break;
                    }
                }
            });
            if let Some(first) = chunks.first() {
                let _ = work_tx.send(prepare(first)?);
            }
            for k in 0..chunks.len() {
                if let Some(next) = chunks.get(k + 1) {
                    let _ = work_tx.send(prepare(next)?);
                }
                let done = done_rx
                    .recv()
                    .expect("the parsing thread hands back every chunk");
                write(done)?;
            }
            Ok(())
        })?;
        if writable && !cached.is_empty() {
            // The paths cached but no longer in the corpus (a file's rows were taken out of
            // `cached` when the file was met).
            let tx = self.conn.transaction()?;
            for (gone, c) in &cached {
                if c.file.is_some() {
                    delete_docs(&tx, gone)?;
                    tx.execute("DELETE FROM files WHERE path = ?1", [gone])?;
                }
            }
            tx.commit()?;
        }
        Ok((skipped, stats))
    }

    /// One article of the corpus from its cached rows, when its file is cached and unchanged
    /// (same size and modification time): one row of each table read, its body decoded. `None`
    /// when it is not cached, changed, or its rows do not decode; [`load_one`] parses the file
    /// then. For the reader, which holds the heads of the corpus and reads a body when it
    /// needs one.
    pub fn article(&self, corpus: &Corpus, entry: &Entry, tokens: Tokens) -> Option<Article> {
        let rel = relative_to(corpus, corpus.root.to_str(), &entry.path);
        // Stated here (not by `stat_all`, which hands its work to the thread pool).
        let m = std::fs::metadata(&entry.path).ok()?;
        let (size, mtime) = (m.len() as i64, mtime_ns(&m));
        let file: FileRow = self
            .conn
            .prepare_cached("SELECT size, mtime_ns, hash, error FROM files WHERE path = ?1")
            .ok()?
            .query_row([&rel], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .ok()?;
        if file.0 != size || file.1 != mtime || file.3.is_some() {
            return None;
        }
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.head, b.body FROM docs d JOIN bodies b ON b.id = d.id \
                 WHERE d.path = ?1 AND d.item IS ?2",
            )
            .ok()?;
        let row = st
            .query_row(rusqlite::params![rel, entry.item], |r| {
                Ok(DocRow {
                    id: r.get(0)?,
                    item: entry.item.clone(),
                    head: r.get_ref(1)?.as_bytes()?.to_vec(),
                    body: Some(r.get(2)?),
                })
            })
            .ok()?;
        from_rows::<Article>(&[row], std::slice::from_ref(entry), tokens)?.pop()
    }

    /// How many articles wait to be indexed for full-text search: read and cached since the
    /// last search ([`Cache::index_pending`]).
    pub fn pending(&self) -> rusqlite::Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM unindexed", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
    }

    /// Index the articles that wait for it ([`Cache::pending`]) for full-text search, a chunk
    /// of articles per transaction (their paragraphs taken from their cached bodies, decoded
    /// on all cores); returns how many were indexed. Reading a corpus does not index it: its
    /// first search (or the reader, once its articles are read) does. Safe to run from two
    /// processes at once: each chunk is taken and indexed in one write transaction.
    pub fn index_pending(&self) -> rusqlite::Result<usize> {
        if self.read_only {
            return Ok(0);
        }
        let mut done = 0;
        loop {
            let tx = rusqlite::Transaction::new_unchecked(
                &self.conn,
                rusqlite::TransactionBehavior::Immediate,
            )?;
            let rows: Vec<(i64, Option<Vec<u8>>)> = tx
                .prepare_cached(
                    "SELECT unindexed.id, bodies.body FROM unindexed
                     LEFT JOIN bodies ON bodies.id = unindexed.id
                     ORDER BY unindexed.id LIMIT ?1",
                )?
                .query_map([INDEX_CHUNK as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            if rows.is_empty() {
                tx.commit()?;
                return Ok(done);
            }
            // A body that cannot be decoded (a damaged row) indexes nothing; the article is
            // parsed again when its file is next read with its text.
            let paragraphs: Vec<(i64, Vec<String>)> = rows
                .into_par_iter()
                .map(|(id, blob)| {
                    let texts = blob
                        .as_deref()
                        .and_then(decode_body)
                        .map(|b| {
                            (0..b.paragraphs.len().min(PARA_SLOTS as usize))
                                .map(|i| paragraph_text(&b, i).unwrap_or_default())
                                .collect()
                        })
                        .unwrap_or_default();
                    (id, texts)
                })
                .collect();
            {
                let mut ins = tx.prepare_cached("INSERT INTO fts (rowid, text) VALUES (?1, ?2)")?;
                let mut del = tx.prepare_cached("DELETE FROM unindexed WHERE id = ?1")?;
                for (id, texts) in &paragraphs {
                    for (i, t) in texts.iter().enumerate() {
                        ins.execute(params![id * PARA_SLOTS + i as i64, t])?;
                    }
                    del.execute([id])?;
                }
            }
            tx.commit()?;
            done += paragraphs.len();
        }
    }

    /// Full-text search over every paragraph of the corpus (bring the cache up to date first,
    /// [`Cache::load_all`] or [`for_search`], so that the index is current; the articles not
    /// yet indexed are indexed first, [`Cache::index_pending`]). The query is matched as a phrase: its words in this order,
    /// case, accents and punctuation ignored, and each word of 6 letters or more also as its
    /// spelling or transliteration variants found in the index (`Defence` finds `Defense`;
    /// the rule of [`crate::text::find`]). Best matches first.
    pub fn search(&self, corpus: &Corpus, query: &str, limit: usize) -> Result<Vec<Hit>, String> {
        let plain = fts_phrase(query).ok_or("nothing to search for: the query has no words")?;
        self.index_pending()
            .map_err(|e| format!("indexing for search failed: {e}"))?;
        let phrases = self.variant_phrases(query);
        let fts_query = match &phrases {
            Some(p) => p
                .iter()
                .map(|p| format!("\"{p}\""))
                .collect::<Vec<_>>()
                .join(" OR "),
            None => plain,
        };
        let ids: HashMap<(String, Option<String>), &Entry> = corpus
            .entries
            .iter()
            .map(|e| {
                let rel = e
                    .path
                    .strip_prefix(&corpus.root)
                    .unwrap_or(&e.path)
                    .to_string_lossy()
                    .into_owned();
                ((rel, e.item.clone()), e)
            })
            .collect();
        let err = |e: rusqlite::Error| format!("search failed: {e}");
        let mut st = self
            .conn
            .prepare(
                "SELECT fts.rowid, docs.id, docs.path, docs.item, docs.title
                 FROM fts JOIN docs ON docs.id = fts.rowid / ?3
                 WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2",
            )
            .map_err(err)?;
        let rows = st
            .query_map(params![fts_query, limit as i64, PARA_SLOTS], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .map_err(err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(err)?;
        let mut bodies: HashMap<i64, Option<Body<'static>>> = HashMap::new();
        let mut body_of = self
            .conn
            .prepare("SELECT body FROM bodies WHERE id = ?1")
            .map_err(err)?;
        let forms: Vec<&str> = match &phrases {
            Some(p) => p.iter().map(String::as_str).collect(),
            None => vec![query],
        };
        let mut hits = Vec::new();
        for (rowid, doc, path, item, title) in rows {
            let Some(e) = ids.get(&(path, item)) else {
                continue;
            };
            let body = bodies.entry(doc).or_insert_with(|| {
                body_of
                    .query_row([doc], |r| r.get::<_, Vec<u8>>(0))
                    .ok()
                    .and_then(|b| decode_body(&b))
            });
            let para = (rowid % PARA_SLOTS) as usize;
            let text = body
                .as_ref()
                .and_then(|b| paragraph_text(b, para))
                .unwrap_or_default();
            // The phrase the index matched: the first form that marks something.
            let marked = forms
                .iter()
                .map(|f| crate::text::snippet::mark_phrase(&text, f))
                .find(|m| *m != text)
                .unwrap_or_else(|| text.to_string());
            hits.push(Hit {
                id: e.id.clone(),
                path: e.path.clone(),
                title,
                para,
                snippet: crate::text::snippet::centre(&marked, SNIPPET_COLS),
                marked,
            });
        }
        Ok(hits)
    }
}

type FileRow = (i64, i64, Option<String>, Option<String>);
/// What the cache holds for one path: its file row and its articles' rows.
#[derive(Default)]
struct CachedFile {
    file: Option<FileRow>,
    docs: Vec<DocRow>,
}
/// A file of a chunk to bring up to date: its group, how it was stated, what was cached.
type Work = (usize, Stat, CachedFile);
/// A file's size and modification time (ns), when it could be stated.
type Stat = Option<(i64, i64)>;
/// A cache brought up to date, with the corpus's articles, skipped files and counts.
pub type Loaded = (Cache, Vec<Article>, Vec<Skipped>, Stats);
/// A cache brought up to date by [`Cache::open_and_sync`], with skipped files and counts.
pub type Synced = (Cache, Vec<Skipped>, Stats);

/// A cached article row: its row id, item (`None` for a one-article file), head, and its
/// compressed body when it was asked for.
struct DocRow {
    id: i64,
    item: Option<String>,
    head: Vec<u8>,
    body: Option<Vec<u8>>,
}

/// A parsed document to be written: its item, head, compressed body and article.
struct NewDoc {
    item: Option<String>,
    head: String,
    body: Vec<u8>,
    article: Article,
}

/// What [`Cache::sync`] hands on for each article: a whole [`Article`], or a [`Listed`]
/// (built from the head alone; no body is read).
pub trait Kept: Sized + Send {
    /// Whether it needs the cached body (the text and paragraphs).
    #[doc(hidden)]
    const BODY: bool;
    #[doc(hidden)]
    fn from_cache(
        e: &Entry,
        head: Head<'static>,
        body: Option<Body<'static>>,
        tokens: Tokens,
    ) -> Option<Self>;
    #[doc(hidden)]
    fn from_parse(a: Article) -> Self;
}

impl Kept for Article {
    const BODY: bool = true;
    fn from_cache(
        e: &Entry,
        head: Head<'static>,
        body: Option<Body<'static>>,
        tokens: Tokens,
    ) -> Option<Article> {
        let body = body?;
        if body.paragraphs.len() != head.paragraphs {
            return None;
        }
        let text = body.text.into_owned();
        let paragraphs = body
            .paragraphs
            .into_iter()
            .enumerate()
            .map(|(index, p)| {
                let t = match p.text {
                    Some(t) => t.into_owned(),
                    None => text.get(p.start..p.end)?.to_string(),
                };
                Some(Paragraph {
                    tokens: match tokens {
                        Tokens::Yes => crate::text::tokens::word_spans_compact(&t),
                        Tokens::No => Vec::new(),
                    },
                    index,
                    start: p.start,
                    end: p.end,
                    text: t,
                    words: p.words,
                    role: p.role,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Article {
            id: e.id.clone(),
            path: e.path.clone(),
            hash: head.hash.into_owned(),
            encoding: head.encoding.into_owned(),
            text,
            meta: head.meta.into_owned(),
            paragraphs,
            words: head.words,
        })
    }
    fn from_parse(a: Article) -> Article {
        a
    }
}

impl Kept for Listed {
    const BODY: bool = false;
    fn from_cache(
        e: &Entry,
        head: Head<'static>,
        _: Option<Body<'static>>,
        _: Tokens,
    ) -> Option<Listed> {
        Some(Listed {
            id: e.id.clone(),
            path: e.path.clone(),
            hash: head.hash.into_owned(),
            encoding: head.encoding.into_owned(),
            meta: head.meta.into_owned(),
            paragraphs: head.paragraphs,
            words: head.words,
        })
    }
    fn from_parse(a: Article) -> Listed {
        Listed {
            paragraphs: a.paragraphs.len(),
            words: a.words,
            id: a.id,
            path: a.path,
            hash: a.hash,
            encoding: a.encoding,
            meta: a.meta,
        }
    }
}

/// What became of one file in [`Cache::sync`].
enum Outcome<T> {
    /// Unchanged: its articles from the cache.
    Cached(Vec<T>),
    /// Unchanged and cached as unreadable: the reason.
    Skip(String),
    /// Read again, same content hash (a `touch`): the cached articles.
    Rehashed(String, Vec<T>),
    /// Parsed: every document's row and article, to be written.
    Parsed { hash: String, rows: Vec<NewDoc> },
    /// Could not be read.
    Unreadable(String),
    /// Read but not parsed: its hash and the reason.
    Unparsable(String, String),
}

/// A file's path relative to the corpus folder, as the cache keys it; `root` is the corpus
/// folder's path as text (`None`: not UTF-8).
fn relative_to(corpus: &Corpus, root: Option<&str>, path: &Path) -> String {
    // Most paths: UTF-8, the corpus folder's path and a `/` before the rest (a slice, as
    // `Path::strip_prefix` would give; its component walk was a few per cent of a warm list).
    if std::path::MAIN_SEPARATOR == '/' {
        if let Some(rest) = root.zip(path.to_str()).and_then(|(r, p)| {
            let rest = p.strip_prefix(r)?;
            (r.ends_with('/') || rest.starts_with('/')).then_some(rest)
        }) {
            let rest = rest.trim_start_matches('/');
            if !rest.contains("/./") && !rest.contains("//") && !rest.starts_with("./") {
                return rest.to_string();
            }
        }
    }
    path.strip_prefix(&corpus.root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Read a file; when its hash is the cached one, use the cached rows; else parse it.
fn read_and_parse<T: Kept>(
    group: &[Entry],
    old_hash: Option<&str>,
    cached: &[DocRow],
    tokens: Tokens,
) -> Outcome<T> {
    let bytes = match corpus::read_bytes(&group[0].path) {
        Ok(b) => b,
        Err(reason) => return Outcome::Unreadable(reason),
    };
    let hash = corpus::content_hash(&bytes);
    if old_hash == Some(hash.as_str()) {
        if let Some(found) = from_rows(cached, group, tokens) {
            return Outcome::Rehashed(hash, found);
        }
    }
    match corpus::parse_docs(&bytes, group[0].format) {
        Ok(file) => {
            drop(bytes);
            let rows: Vec<NewDoc> = file
                .docs
                .iter()
                .map(|d| {
                    let a = file.build("", d);
                    let (head, body) = encode(&a);
                    NewDoc {
                        item: d.item.clone(),
                        head,
                        body,
                        article: a,
                    }
                })
                .collect();
            Outcome::Parsed { hash, rows }
        }
        Err(reason) => Outcome::Unparsable(hash, reason),
    }
}

/// The articles of a file's entries from its cached rows; `None` when one is missing or
/// cannot be decoded, or its paragraphs do not fit its text (a damaged or tampered cache:
/// the file is parsed again and the row replaced).
fn from_rows<T: Kept>(rows: &[DocRow], group: &[Entry], tokens: Tokens) -> Option<Vec<T>> {
    let mut out = Vec::with_capacity(group.len());
    for e in group {
        let row = rows.iter().find(|r| r.item == e.item)?;
        let head: Head<'static> = serde_json::from_slice::<Head>(&row.head)
            .ok()
            .map(|h| Head {
                hash: Cow::Owned(h.hash.into_owned()),
                encoding: Cow::Owned(h.encoding.into_owned()),
                meta: Cow::Owned(h.meta.into_owned()),
                paragraphs: h.paragraphs,
                words: h.words,
            })?;
        let body = match T::BODY {
            true => Some(decode_body(row.body.as_deref()?)?),
            false => None,
        };
        out.push(T::from_cache(e, head, body, tokens)?);
    }
    Some(out)
}

/// A compressed body, decoded and checked: every paragraph's offsets within the text, on
/// character boundaries. `None` for anything else.
fn decode_body(blob: &[u8]) -> Option<Body<'static>> {
    let size = u32::from_le_bytes(blob.get(..4)?.try_into().ok()?) as usize;
    if size > MAX_BODY_BYTES {
        return None;
    }
    let json = DECOMPRESSOR.with(|d| {
        d.borrow_mut()
            .as_mut()
            .ok()?
            .decompress(blob.get(4..)?, size)
            .ok()
    })?;
    if json.len() != size {
        return None;
    }
    let b: Body = serde_json::from_slice(&json).ok()?;
    let text = b.text.into_owned();
    let fits = b.paragraphs.iter().all(|p| {
        p.start <= p.end
            && p.end <= text.len()
            && text.is_char_boundary(p.start)
            && text.is_char_boundary(p.end)
    });
    if !fits {
        return None;
    }
    Some(Body {
        text: Cow::Owned(text),
        paragraphs: b
            .paragraphs
            .into_iter()
            .map(|p| CachedPara {
                text: p.text.map(|t| Cow::Owned(t.into_owned())),
                ..p
            })
            .collect(),
    })
}

/// A paragraph's text from a decoded body.
fn paragraph_text(b: &Body, index: usize) -> Option<String> {
    let p = b.paragraphs.get(index)?;
    Some(match &p.text {
        Some(t) => t.to_string(),
        None => b.text.get(p.start..p.end)?.to_string(),
    })
}

/// An article as the cache keeps it: its head (JSON) and its body (JSON, zstd-compressed,
/// its size first).
fn encode(a: &Article) -> (String, Vec<u8>) {
    let head = serde_json::to_string(&Head {
        hash: Cow::Borrowed(&a.hash),
        encoding: Cow::Borrowed(&a.encoding),
        meta: Cow::Borrowed(&a.meta),
        paragraphs: a.paragraphs.len(),
        words: a.words,
    })
    .expect("a head serialises");
    let paragraphs = a
        .paragraphs
        .iter()
        .map(|p| CachedPara {
            start: p.start,
            end: p.end,
            text: (a.text.get(p.start..p.end) != Some(p.text.as_str()))
                .then_some(Cow::Borrowed(p.text.as_str())),
            words: p.words,
            role: p.role,
        })
        .collect();
    let json = serde_json::to_vec(&Body {
        text: Cow::Borrowed(&a.text),
        paragraphs,
    })
    .expect("a body serialises");
    let mut body = (json.len() as u32).to_le_bytes().to_vec();
    let packed = COMPRESSOR.with(|c| match c.borrow_mut().as_mut() {
        Ok(c) => c.compress(&json),
        Err(_) => zstd::bulk::compress(&json, ZSTD_LEVEL),
    });
    body.extend(packed.expect("zstd compresses in memory"));
    (head, body)
}

thread_local! {
    /// One zstd context per thread, reused for every body (making one per article was a
    /// few per cent of a cold open).
    static COMPRESSOR: std::cell::RefCell<std::io::Result<zstd::bulk::Compressor<'static>>> =
        std::cell::RefCell::new(zstd::bulk::Compressor::new(ZSTD_LEVEL));
    static DECOMPRESSOR: std::cell::RefCell<std::io::Result<zstd::bulk::Decompressor<'static>>> =
        std::cell::RefCell::new(zstd::bulk::Decompressor::new());
}

fn put_file(
    tx: &Connection,
    rel: &str,
    size: i64,
    mtime: i64,
    hash: Option<&str>,
    error: Option<&str>,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO files (path, size, mtime_ns, hash, error) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![rel, size, mtime, hash, error])?;
    Ok(())
}

fn delete_docs(tx: &Connection, rel: &str) -> rusqlite::Result<()> {
    let ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM docs WHERE path = ?1")?
        .query_map([rel], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in ids {
        // An article not indexed yet has no index rows.
        let waiting = tx
            .prepare_cached("DELETE FROM unindexed WHERE id = ?1")?
            .execute([id])?;
        if waiting == 0 {
            tx.prepare_cached("DELETE FROM fts WHERE rowid >= ?1 AND rowid < ?2")?
                .execute([id * PARA_SLOTS, (id + 1) * PARA_SLOTS])?;
        }
        tx.prepare_cached("DELETE FROM docs WHERE id = ?1")?
            .execute([id])?;
        tx.prepare_cached("DELETE FROM bodies WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

fn insert_doc(tx: &Connection, rel: &str, d: &NewDoc) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO docs (path, item, title, head) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![rel, d.item, d.article.meta.title, d.head])?;
    let id = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO bodies (id, body) VALUES (?1, ?2)")?
        .execute(params![id, d.body])?;
    // Indexed for full-text search on the first search ([`Cache::index_pending`]).
    tx.prepare_cached("INSERT INTO unindexed (id) VALUES (?1)")?
        .execute([id])?;
    Ok(())
}

/// Articles indexed per transaction by [`Cache::index_pending`].
const INDEX_CHUNK: usize = 1024;

/// From how many articles waiting to be indexed `parallax search` says that it is indexing
/// (fewer take a moment).
pub const INDEX_NOTE: usize = 1000;

/// Forms kept per query word (itself and its closest variants).
const VARIANT_FORMS: usize = 4;
/// Phrases a query expands to at most (the product of its words' forms is cut to this).
const VARIANT_PHRASES: usize = 32;

impl Cache {
    /// The query's phrases (words joined by spaces): every combination of its words' forms
    /// (each word itself and the index's terms that are its variants), at most
    /// [`VARIANT_PHRASES`]. `None` when the index's vocabulary cannot be read (the plain
    /// phrase is searched).
    fn variant_phrases(&self, query: &str) -> Option<Vec<String>> {
        let words: Vec<String> = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.chars().map(crate::text::find::fold_char).collect())
            .collect();
        if words.is_empty() {
            return None;
        }
        self.conn
            .execute_batch(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.parallax_vocab USING fts5vocab(main, fts, row);",
            )
            .ok()?;
        let mut st = self
            .conn
            .prepare("SELECT term FROM temp.parallax_vocab WHERE length(term) BETWEEN ?1 AND ?2")
            .ok()?;
        let mut forms: Vec<Vec<String>> = Vec::with_capacity(words.len());
        let mut product = 1usize;
        for w in &words {
            let n = w.chars().count();
            let mut f = vec![w.clone()];
            if n >= 6 && product < VARIANT_PHRASES {
                let terms: Vec<String> = st
                    .query_map(params![n as i64 - 2, n as i64 + 2], |r| {
                        r.get::<_, String>(0)
                    })
                    .ok()?
                    .filter_map(|t| t.ok())
                    .filter(|t| t.chars().all(char::is_alphanumeric))
                    .collect();
                let room = (VARIANT_PHRASES / product).clamp(1, VARIANT_FORMS);
                f = crate::text::find::variant_forms(w, terms.iter().map(String::as_str), room);
            }
            product = product.saturating_mul(f.len());
            forms.push(f);
        }
        let mut phrases: Vec<Vec<&str>> = vec![Vec::new()];
        for f in &forms {
            let mut next = Vec::new();
            for p in &phrases {
                for w in f {
                    let mut q = p.clone();
                    q.push(w.as_str());
                    next.push(q);
                }
            }
            next.truncate(VARIANT_PHRASES);
            phrases = next;
        }
        Some(phrases.iter().map(|p| p.join(" ")).collect())
    }
}

/// A pasted quote as an FTS5 phrase: its words (letters and digits) in order, quoted, so
/// that punctuation and FTS5 operators in the text mean nothing.
pub fn fts_phrase(query: &str) -> Option<String> {
    let words: Vec<&str> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| format!("\"{}\"", words.join(" ")))
}

/// Load every article of a corpus through its cache; without the cache (it cannot be opened
/// or written) the articles are parsed, and the second value says why the cache was not used.
pub fn load_all(corpus: &Corpus) -> (Vec<Article>, Vec<Skipped>, Option<String>) {
    load_with(corpus, Tokens::Yes)
}

/// [`load_all`] without tokens ([`Tokens::No`]): for the reader, which tokenises the
/// articles it compares.
pub fn load_listing(corpus: &Corpus) -> (Vec<Article>, Vec<Skipped>, Option<String>) {
    load_with(corpus, Tokens::No)
}

fn load_with(corpus: &Corpus, tokens: Tokens) -> (Vec<Article>, Vec<Skipped>, Option<String>) {
    let mut articles = Vec::with_capacity(corpus.entries.len());
    let (skipped, note) = load_each(corpus, tokens, &mut |chunk| articles.extend(chunk));
    (articles, skipped, note)
}

/// What `parallax list` shows of a corpus: each article's [`Listed`], from the cache's heads
/// where the file is unchanged (no text is read), parsed and cached otherwise; memory holds
/// the listing and one chunk of parsed articles. Without the cache, parsed.
pub fn listing(corpus: &Corpus) -> (Vec<Listed>, Vec<Skipped>, Option<String>) {
    let mut listed = Vec::with_capacity(corpus.entries.len());
    let (skipped, note) = load_each(corpus, Tokens::No, &mut |chunk| listed.extend(chunk));
    (listed, skipped, note)
}

/// Every article (or listing) of a corpus through its cache, handed to `emit` a chunk at a
/// time in corpus order as soon as it is read (the reader fills its picker so); without the
/// cache (it cannot be opened or written) the articles are parsed, and the second value says
/// why the cache was not used. Returns the files that could not be read.
pub fn load_each<T: Kept>(
    corpus: &Corpus,
    tokens: Tokens,
    emit: &mut dyn FnMut(Vec<T>),
) -> (Vec<Skipped>, Option<String>) {
    let emitted = std::cell::Cell::new(0usize);
    let mut counted = |chunk: Vec<T>| {
        emitted.set(emitted.get() + chunk.len());
        emit(chunk)
    };
    if std::env::var_os("PARALLAX_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return (parse_each(corpus, tokens, 0, &mut counted), None);
    }
    let path = Cache::default_path(&corpus.root);
    match Cache::open_and_sync(&path, corpus, tokens, &mut counted) {
        (Ok((_, s, _)), note) => (s, note),
        (Err(e), note) => {
            // The articles handed on before the cache failed are not handed on again.
            let skipped = parse_each(corpus, tokens, emitted.get(), &mut counted);
            let mut why = format!("cache {} not used: {e}", path.display());
            if let Some(n) = note {
                why = format!("{n}; {why}");
            }
            (skipped, Some(why))
        }
    }
}

/// One article of the corpus: from `cache` when its file is cached and unchanged
/// ([`Cache::article`]), else read and parsed ([`Corpus::load`]).
pub fn load_one(
    cache: Option<&Cache>,
    corpus: &Corpus,
    entry: &Entry,
    tokens: Tokens,
) -> Result<Article, corpus::Error> {
    if let Some(a) = cache.and_then(|c| c.article(corpus, entry, tokens)) {
        return Ok(a);
    }
    let a = corpus.load(entry)?;
    Ok(match tokens {
        Tokens::Yes => a,
        Tokens::No => {
            let mut a = a;
            for p in &mut a.paragraphs {
                p.tokens = Vec::new();
            }
            a
        }
    })
}

/// The corpus's cache opened for reading single articles ([`Cache::article`]), unless
/// `PARALLAX_NO_CACHE` is set or there is none yet.
pub fn for_reading(corpus: &Corpus) -> Option<Cache> {
    if std::env::var_os("PARALLAX_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    let path = Cache::default_path(&corpus.root);
    path.is_file()
        .then(|| Cache::open_read_only(&path).ok())
        .flatten()
}

/// The articles of a corpus parsed without a cache, in chunks, the first `skip` not handed on.
fn parse_each<T: Kept>(
    corpus: &Corpus,
    tokens: Tokens,
    mut skip: usize,
    emit: &mut dyn FnMut(Vec<T>),
) -> Vec<Skipped> {
    let mut skipped = corpus.skipped.clone();
    for chunk in corpus.files().chunks(CHUNK_FILES) {
        let read: Vec<Result<Vec<T>, Skipped>> = chunk
            .par_iter()
            .map(
                |group| match corpus::read_docs(&group[0].path, group[0].format) {
                    Ok(file) => Ok(group
                        .iter()
                        .filter_map(|e| file.article(e))
                        .map(|mut a| {
                            if tokens == Tokens::No {
                                for p in &mut a.paragraphs {
                                    p.tokens = Vec::new();
                                }
                            }
                            T::from_parse(a)
                        })
                        .collect()),
                    Err(reason) => Err(Skipped {
                        path: group[0].path.clone(),
                        reason,
                    }),
                },
            )
            .collect();
        let mut out = Vec::new();
        for r in read {
            match r {
                Ok(found) => out.extend(found),
                Err(s) => skipped.push(s),
            }
        }
        let drop_n = skip.min(out.len());
        skip -= drop_n;
        out.drain(..drop_n);
        if !out.is_empty() {
            emit(out);
        }
    }
    skipped
}

/// The cache of a corpus for a search: its file, brought up to date; when that cannot be
/// written, one built in memory for this search. The second value says what happened.
pub fn for_search(corpus: &Corpus) -> (rusqlite::Result<Cache>, Option<String>) {
    let path = Cache::default_path(&corpus.root);
    let (found, note) = Cache::open_and_sync::<Listed>(&path, corpus, Tokens::No, &mut |_| {});
    let with = |note: Option<String>, why: String| {
        Some(match note {
            Some(n) => format!("{n}; {why}"),
            None => why,
        })
    };
    let in_memory = |e: String, note: Option<String>| {
        let built = Cache::in_memory().and_then(|mut c| {
            c.sync::<Listed>(corpus, Tokens::No, &mut |_| {})?;
            Ok(c)
        });
        let why = format!(
            "cache {} not used ({e}); searched an index built in memory",
            path.display()
        );
        (built, with(note, why))
    };
    match found {
        // A cache used read-only serves only the files it held unchanged, indexed.
        Ok((c, _, stats)) if !c.read_only || stats.parsed == 0 => {
            if !c.read_only || c.pending().is_ok_and(|n| n == 0) {
                return (Ok(c), note);
            }
            // Current but not (wholly) indexed, and the index cannot be saved in it: its
            // articles indexed in memory for this search, from its bodies (no file parsed).
            drop(c);
            match Cache::indexed_copy(&path) {
                Ok(copy) => {
                    let why = format!(
                        "its articles indexed for this search only (cache {} is not indexed yet)",
                        path.display()
                    );
                    (Ok(copy), with(note, why))
                }
                Err(e) => in_memory(format!("not indexed yet: {e}"), note),
            }
        }
        Ok(_) => in_memory("files changed since it was written".to_string(), note),
        Err(e) => in_memory(e.to_string(), note),
    }
}

impl Cache {
    /// A copy in memory of the cache at `path` (read, never written) with every article
    /// indexed: for searching a current cache that is not indexed and cannot be written.
    fn indexed_copy(path: &Path) -> rusqlite::Result<Cache> {
        let c = Cache::in_memory()?;
        let attach = |query: &str| {
            c.conn.execute(
                "ATTACH DATABASE ?1 AS src",
                [format!("{}?{query}", sqlite_uri(path))],
            )
        };
        attach("mode=ro").or_else(|_| attach("mode=ro&immutable=1"))?;
        let version: i32 = c
            .conn
            .query_row("PRAGMA src.user_version", [], |r| r.get(0))?;
        if version != CACHE_VERSION {
            return Err(rusqlite::Error::InvalidQuery);
        }
        c.conn.execute_batch(
            "BEGIN;
             INSERT INTO files SELECT path, size, mtime_ns, hash, error FROM src.files;
             INSERT INTO docs SELECT id, path, item, title, head FROM src.docs;
             INSERT INTO bodies SELECT id, body FROM src.bodies;
             INSERT INTO unindexed SELECT id FROM src.docs;
             COMMIT;
             DETACH DATABASE src;",
        )?;
        c.index_pending()?;
        Ok(c)
    }
}

/// Whether SQLite says the file is damaged or not a database at all.
fn is_damaged(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

/// A `file:` URI for SQLite (bytes other than unreserved ones and `/` percent-encoded): for
/// opening a database with URI parameters (`?immutable=1`). The marks store uses it too.
pub(crate) fn sqlite_uri(path: &Path) -> String {
    let mut out = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where a damaged cache is moved: `cache.db.corrupt` next to it (replacing an older one).
fn aside_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".corrupt");
    PathBuf::from(p)
}
