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

use crate::corpus::article::{Article, Meta, Paragraph, Role};
use crate::corpus::{self, Corpus, Entry, Skipped};
use crate::text::snippet::{MATCH_END, MATCH_START, SNIPPET_COLS};
use rayon::prelude::*;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The cache's version (SQLite `user_version`): raised when its layout changes, and when
/// parsing changes what an article holds (decoding, segmentation, metadata), so that no
/// cache serves articles an older parser made. A cache of another version is emptied and
/// rebuilt: it holds nothing that cannot be parsed again. 4: Western text no longer read as
/// Windows-1250, HTML read in its declared charset, metadata of long paragraphs from their
/// edges. 5: a page's declared address (canonical link, og:url). 6: publisher apart from
/// credits (an agency credited in the text is no longer the source), credits per paragraph.
/// 7: HTML figures, captions, credits and other chrome removed before extraction, listing
/// pages skipped, declared titles without the site suffix, placeholder dates refused, short
/// headlines as titles, the URL's domain as an encoding hint.
pub const CACHE_VERSION: i32 = 7;

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
    article TEXT NOT NULL
);
CREATE INDEX docs_path ON docs (path);
CREATE VIRTUAL TABLE fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
";

/// Paragraphs longer than this (in bytes) are marked by [`crate::text::snippet::mark_phrase`]
/// rather than by FTS5's `highlight()`, whose time grows with the paragraph's length times its
/// matches (8 MB: seconds).
const HIGHLIGHT_MAX_BYTES: i64 = 16 * 1024;

/// Index rows are numbered `doc id × PARA_SLOTS + paragraph index`.
const PARA_SLOTS: i64 = 1 << 20;

/// The parse cache and full-text index of one corpus.
pub struct Cache {
    conn: Connection,
    path: PathBuf,
    /// Opened read-only ([`Cache::open_read_only`]): served from, never written.
    read_only: bool,
}

/// What is kept of a parsed article. The tokens are recomputed from the paragraph text; a
/// paragraph's text is kept only when it is not the article text between its offsets (a
/// hard-wrapped paragraph, joined). Borrowed when written, owned when read.
#[derive(Serialize, Deserialize)]
struct Cached<'a> {
    hash: Cow<'a, str>,
    encoding: Cow<'a, str>,
    text: Cow<'a, str>,
    meta: Cow<'a, Meta>,
    paragraphs: Vec<CachedPara<'a>>,
    words: usize,
}

#[derive(Serialize, Deserialize)]
struct CachedPara<'a> {
    index: usize,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<Cow<'a, str>>,
    words: usize,
    role: Role,
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

/// Whether [`Cache::load`] tokenises the paragraphs of cached articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokens {
    Yes,
    /// Leave [`Paragraph::tokens`] empty (articles parsed afresh still have them).
    No,
}

/// Counts of the last [`Cache::load_all`]: files served from the cache, re-parsed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub cached: usize,
    pub parsed: usize,
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

    /// Open (or create) the cache at `path`.
    pub fn open(path: &Path) -> rusqlite::Result<Cache> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // The cache is disposable: no fsync (WAL still keeps it whole if parallax itself
        // crashes; an OS crash can at worst cost a rebuild), and room for a cold open's
        // inserts in the page cache.
        conn.pragma_update(None, "synchronous", "OFF")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version != CACHE_VERSION {
            conn.execute_batch(
                "DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS fts;",
            )?;
            conn.execute_batch(SCHEMA)?;
            conn.pragma_update(None, "user_version", CACHE_VERSION)?;
        }
        Ok(Cache {
            conn,
            path: path.to_path_buf(),
            read_only: false,
        })
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
        let attempt = || {
            Cache::open(path).and_then(|mut c| {
                let (a, s, n) = c.load(corpus, tokens)?;
                Ok((c, a, s, n))
            })
        };
        let read_only = |e: rusqlite::Error| {
            // Cannot be written (a read-only folder, a full disk): read what it holds.
            let found = Cache::open_read_only(path).and_then(|mut c| {
                let (a, s, n) = c.load(corpus, tokens)?;
                Ok((c, a, s, n))
            });
            let note = found.is_ok().then(|| {
                format!(
                    "cache {} cannot be written ({e}); used read-only",
                    path.display()
                )
            });
            (found.map_err(|_| e), note)
        };
        match attempt() {
            Err(e) if !is_damaged(&e) && path.is_file() => read_only(e),
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
                (attempt(), Some(note))
            }
            r => (r, None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every article of the corpus, from the cache where the file is unchanged, parsed (and
    /// cached, and indexed) otherwise. Same result as [`Corpus::load_all`].
    ///
    /// The file and article rows are read in one query each; decoding cached articles,
    /// reading, hashing and parsing files, and tokenising paragraphs run on all cores; the
    /// writes are one transaction.
    pub fn load_all(
        &mut self,
        corpus: &Corpus,
    ) -> rusqlite::Result<(Vec<Article>, Vec<Skipped>, Stats)> {
        self.load(corpus, Tokens::Yes)
    }

    /// [`Cache::load_all`], and whether the articles served from the cache get their
    /// paragraphs' [`Paragraph::tokens`] (with [`Tokens::No`] they are left empty: for
    /// listings, which only need the metadata and counts; tokenising is most of a warm open).
    pub fn load(
        &mut self,
        corpus: &Corpus,
        tokens: Tokens,
    ) -> rusqlite::Result<(Vec<Article>, Vec<Skipped>, Stats)> {
        let groups = corpus.files();
        let rels: Vec<String> = groups
            .iter()
            .map(|g| relative(corpus, &g[0].path))
            .collect();
        let stat: Vec<Option<(i64, i64)>> = groups
            .par_iter()
            .map(|g| {
                std::fs::metadata(&g[0].path)
                    .ok()
                    .map(|m| (m.len() as i64, mtime_ns(&m)))
            })
            .collect();
        let writable = !self.read_only;
        let tx = self.conn.transaction()?;
        let mut rows: HashMap<String, FileRow> = HashMap::with_capacity(groups.len());
        {
            let mut st = tx.prepare("SELECT path, size, mtime_ns, hash, error FROM files")?;
            let mut q = st.query([])?;
            while let Some(r) = q.next()? {
                rows.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
            }
        }
        let mut docs: HashMap<String, Vec<DocRow>> = HashMap::with_capacity(groups.len());
        {
            let mut st = tx.prepare("SELECT path, item, article FROM docs")?;
            let mut q = st.query([])?;
            while let Some(r) = q.next()? {
                docs.entry(r.get(0)?)
                    .or_default()
                    .push((r.get(1)?, r.get(2)?));
            }
        }
        // Unchanged files (same size and mtime) are served from their rows.
        let mut outcome: Vec<Option<Outcome>> = Vec::with_capacity(groups.len());
        let mut cached_docs: Vec<(usize, Vec<DocRow>)> = Vec::new();
        for (i, rel) in rels.iter().enumerate() {
            let row = rows.get(rel);
            let unchanged =
                matches!((stat[i], row), (Some((s, m)), Some(r)) if r.0 == s && r.1 == m);
            match row {
                Some((_, _, _, Some(reason))) if unchanged => {
                    outcome.push(Some(Outcome::Skip(reason.clone())));
                }
                _ if unchanged => {
                    outcome.push(None);
                    cached_docs.push((i, docs.remove(rel).unwrap_or_default()));
                }
                _ => outcome.push(None),
            }
        }
        let decoded: Vec<(usize, Option<Vec<Article>>)> = cached_docs
            .into_par_iter()
            .map(|(i, rows)| (i, from_rows(rows, groups[i], tokens)))
            .collect();
        for (i, found) in decoded {
            outcome[i] = found.map(Outcome::Cached);
        }
        // Changed, new, or cached without its articles: read (and maybe parse), in batches
        // (a batch's parsed articles and rows are held in memory until written).
        let todo: Vec<usize> = (0..groups.len())
            .filter(|&i| outcome[i].is_none())
            .collect();
        for batch in todo.chunks(512) {
            let work: Vec<(usize, Vec<DocRow>)> = batch
                .iter()
                .map(|&i| (i, docs.remove(&rels[i]).unwrap_or_default()))
                .collect();
            let read: Vec<(usize, Outcome)> = work
                .into_par_iter()
                .map(|(i, cached)| {
                    let old_hash = rows.get(&rels[i]).and_then(|r| r.2.as_deref());
                    (i, read_and_parse(groups[i], old_hash, cached, tokens))
                })
                .collect();
            for (i, mut out) in read {
                let rel = &rels[i];
                let (size, mtime) = stat[i].unwrap_or((-1, 0));
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
                        for (item, json, a) in rows {
                            insert_doc(&tx, rel, item.as_deref(), json, a)?;
                        }
                    }
                    Outcome::Unparsable(hash, reason) => {
                        delete_docs(&tx, rel)?;
                        put_file(&tx, rel, size, mtime, Some(hash), Some(reason))?;
                    }
                    Outcome::Cached(_) | Outcome::Skip(_) | Outcome::Fresh(_) => {}
                }
                if let Outcome::Parsed { rows, .. } = out {
                    // Written: keep only the articles of the corpus entries.
                    let mut by_item: HashMap<Option<String>, Article> =
                        rows.into_iter().map(|(item, _, a)| (item, a)).collect();
                    out = Outcome::Fresh(
                        groups[i]
                            .iter()
                            .filter_map(|e| {
                                let mut a = by_item.remove(&e.item)?;
                                a.id = e.id.clone();
                                a.path = e.path.clone();
                                Some(a)
                            })
                            .collect(),
                    );
                }
                outcome[i] = Some(out);
            }
        }
        let mut articles = Vec::with_capacity(corpus.entries.len());
        let mut skipped = corpus.skipped.clone();
        let mut stats = Stats::default();
        for (group, out) in groups.iter().zip(outcome) {
            let path = &group[0].path;
            match out.expect("every file has an outcome") {
                Outcome::Cached(found) => {
                    stats.cached += 1;
                    articles.extend(found);
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
                    articles.extend(found);
                }
                Outcome::Fresh(found) => {
                    stats.parsed += 1;
                    articles.extend(found);
                }
                Outcome::Parsed { .. } => {
                    unreachable!("parsed files are written and kept as Fresh")
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
        let seen: HashSet<&String> = rels.iter().collect();
        for gone in rows.keys().filter(|p| writable && !seen.contains(p)) {
            delete_docs(&tx, gone)?;
            tx.execute("DELETE FROM files WHERE path = ?1", [gone])?;
        }
        tx.commit()?;
        Ok((articles, skipped, stats))
    }

    /// Full-text search over every paragraph of the corpus (call [`Cache::load_all`] first so
    /// the index is current). The query is matched as a phrase: its words in this order,
    /// case, accents and punctuation ignored, and each word of 6 letters or more also as its
    /// spelling or transliteration variants found in the index (`Defence` finds `Defense`;
    /// the rule of [`crate::text::find`]). Best matches first.
    pub fn search(&self, corpus: &Corpus, query: &str, limit: usize) -> Result<Vec<Hit>, String> {
        let phrase = fts_phrase(query).ok_or("nothing to search for: the query has no words")?;
        let phrase = self.variant_phrases(query).unwrap_or(phrase);
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
                "SELECT fts.rowid,
                        CASE WHEN length(CAST(fts.text AS BLOB)) <= ?6
                             THEN highlight(fts, 0, ?4, ?5) END,
                        docs.path, docs.item, docs.title,
                        CASE WHEN length(CAST(fts.text AS BLOB)) > ?6 THEN fts.text END
                 FROM fts JOIN docs ON docs.id = fts.rowid / ?3
                 WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2",
            )
            .map_err(err)?;
        let rows = st
            .query_map(
                params![
                    phrase,
                    limit as i64,
                    PARA_SLOTS,
                    MATCH_START.to_string(),
                    MATCH_END.to_string(),
                    HIGHLIGHT_MAX_BYTES
                ],
                |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Option<String>>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<String>>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, Option<String>>(5)?,
                    ))
                },
            )
            .map_err(err)?;
        let mut hits = Vec::new();
        for row in rows {
            let (rowid, marked, path, item, title, long) = row.map_err(err)?;
            let marked = match (marked, long) {
                (Some(m), _) => m,
                (None, Some(text)) => crate::text::snippet::mark_phrase(&text, query),
                (None, None) => String::new(),
            };
            if let Some(e) = ids.get(&(path, item)) {
                hits.push(Hit {
                    id: e.id.clone(),
                    path: e.path.clone(),
                    title,
                    para: (rowid % PARA_SLOTS) as usize,
                    snippet: crate::text::snippet::centre(&marked, SNIPPET_COLS),
                    marked,
                });
            }
        }
        Ok(hits)
    }
}

type FileRow = (i64, i64, Option<String>, Option<String>);
/// A cache brought up to date, with the corpus's articles, skipped files and counts.
pub type Loaded = (Cache, Vec<Article>, Vec<Skipped>, Stats);
/// A cached article row: its item (`None` for a one-article file) and JSON.
type DocRow = (Option<String>, String);

/// What became of one file in [`Cache::load_all`].
enum Outcome {
    /// Unchanged: its articles from the cache.
    Cached(Vec<Article>),
    /// Unchanged and cached as unreadable: the reason.
    Skip(String),
    /// Read again, same content hash (a `touch`): the cached articles.
    Rehashed(String, Vec<Article>),
    /// Parsed: every document's row (item, JSON, article), to be written.
    Parsed {
        hash: String,
        rows: Vec<(Option<String>, String, Article)>,
    },
    /// Parsed and written: the articles of the corpus entries.
    Fresh(Vec<Article>),
    /// Could not be read.
    Unreadable(String),
    /// Read but not parsed: its hash and the reason.
    Unparsable(String, String),
}

fn relative(corpus: &Corpus, path: &Path) -> String {
    path.strip_prefix(&corpus.root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// Read a file; when its hash is the cached one, use the cached rows; else parse it.
fn read_and_parse(
    group: &[Entry],
    old_hash: Option<&str>,
    cached: Vec<DocRow>,
    tokens: Tokens,
) -> Outcome {
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
            let rows: Vec<(Option<String>, String, Article)> = file
                .docs
                .iter()
                .map(|d| {
                    let a = file.build("", d);
                    (d.item.clone(), to_json(&a), a)
                })
                .collect();
            Outcome::Parsed { hash, rows }
        }
        Err(reason) => Outcome::Unparsable(hash, reason),
    }
}

/// The articles of a file's entries from its cached rows; `None` when one is missing or
/// cannot be decoded.
fn from_rows(rows: Vec<DocRow>, group: &[Entry], tokens: Tokens) -> Option<Vec<Article>> {
    let mut by_item: HashMap<Option<String>, String> = rows.into_iter().collect();
    let mut out = Vec::with_capacity(group.len());
    for e in group {
        let json = by_item.remove(&e.item)?;
        let c: Cached = serde_json::from_str(&json).ok()?;
        // A row that does not fit its text (a damaged or tampered cache) is not used: the
        // file is parsed again and the row replaced.
        let fits = c.paragraphs.iter().enumerate().all(|(i, p)| {
            p.index == i
                && p.start <= p.end
                && p.end <= c.text.len()
                && c.text.is_char_boundary(p.start)
                && c.text.is_char_boundary(p.end)
        });
        if !fits {
            return None;
        }
        let paragraphs = c
            .paragraphs
            .into_iter()
            .map(|p| {
                let text = match p.text {
                    Some(t) => t.into_owned(),
                    None => c.text.get(p.start..p.end)?.to_string(),
                };
                Some(Paragraph {
                    tokens: match tokens {
                        Tokens::Yes => crate::text::tokens::words(&text),
                        Tokens::No => Vec::new(),
                    },
                    index: p.index,
                    start: p.start,
                    end: p.end,
                    text,
                    words: p.words,
                    role: p.role,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        out.push(Article {
            id: e.id.clone(),
            path: e.path.clone(),
            hash: c.hash.into_owned(),
            encoding: c.encoding.into_owned(),
            text: c.text.into_owned(),
            meta: c.meta.into_owned(),
            paragraphs,
            words: c.words,
        });
    }
    Some(out)
}

/// An article as the cache keeps it.
fn to_json(a: &Article) -> String {
    let paragraphs = a
        .paragraphs
        .iter()
        .map(|p| CachedPara {
            index: p.index,
            start: p.start,
            end: p.end,
            text: (a.text.get(p.start..p.end) != Some(p.text.as_str()))
                .then_some(Cow::Borrowed(p.text.as_str())),
            words: p.words,
            role: p.role,
        })
        .collect();
    serde_json::to_string(&Cached {
        hash: Cow::Borrowed(&a.hash),
        encoding: Cow::Borrowed(&a.encoding),
        text: Cow::Borrowed(&a.text),
        meta: Cow::Borrowed(&a.meta),
        paragraphs,
        words: a.words,
    })
    .expect("an article serialises")
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
        tx.prepare_cached("DELETE FROM fts WHERE rowid >= ?1 AND rowid < ?2")?
            .execute([id * PARA_SLOTS, (id + 1) * PARA_SLOTS])?;
        tx.prepare_cached("DELETE FROM docs WHERE id = ?1")?
            .execute([id])?;
    }
    Ok(())
}

fn insert_doc(
    tx: &Connection,
    rel: &str,
    item: Option<&str>,
    json: &str,
    a: &Article,
) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO docs (path, item, title, article) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![rel, item, a.meta.title, json])?;
    let id = tx.last_insert_rowid();
    let mut ins = tx.prepare_cached("INSERT INTO fts (rowid, text) VALUES (?1, ?2)")?;
    for p in a.paragraphs.iter().take(PARA_SLOTS as usize) {
        ins.execute(params![id * PARA_SLOTS + p.index as i64, p.text])?;
    }
    Ok(())
}

/// Forms kept per query word (itself and its closest variants).
const VARIANT_FORMS: usize = 4;
/// Phrases a query expands to at most (the product of its words' forms is cut to this).
const VARIANT_PHRASES: usize = 32;

impl Cache {
    /// The query as FTS5 phrases joined by OR: every combination of its words' forms (each
    /// word itself and the index's terms that are its variants), at most [`VARIANT_PHRASES`].
    /// `None` when the index's vocabulary cannot be read (the plain phrase is searched).
    fn variant_phrases(&self, query: &str) -> Option<String> {
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
        Some(
            phrases
                .iter()
                .map(|p| format!("\"{}\"", p.join(" ")))
                .collect::<Vec<_>>()
                .join(" OR "),
        )
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

/// [`load_all`] for a listing: articles served from the cache are not tokenised
/// ([`Tokens::No`]).
pub fn load_listing(corpus: &Corpus) -> (Vec<Article>, Vec<Skipped>, Option<String>) {
    load_with(corpus, Tokens::No)
}

fn load_with(corpus: &Corpus, tokens: Tokens) -> (Vec<Article>, Vec<Skipped>, Option<String>) {
    if std::env::var_os("PARALLAX_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        let (a, s) = corpus.load_all();
        return (a, s, None);
    }
    let path = Cache::default_path(&corpus.root);
    match Cache::open_and_load(&path, corpus, tokens) {
        (Ok((_, a, s, _)), note) => (a, s, note),
        (Err(e), note) => {
            let (a, s) = corpus.load_all();
            let mut why = format!("cache {} not used: {e}", path.display());
            if let Some(n) = note {
                why = format!("{n}; {why}");
            }
            (a, s, Some(why))
        }
    }
}

/// The cache of a corpus for a search: its file, brought up to date; when that cannot be
/// written, one built in memory for this search. The second value says what happened.
pub fn for_search(corpus: &Corpus) -> (rusqlite::Result<Cache>, Option<String>) {
    let path = Cache::default_path(&corpus.root);
    let (found, note) = Cache::open_and_load(&path, corpus, Tokens::No);
    match found {
        // A cache used read-only indexes only the files it held unchanged.
        Ok((c, _, _, stats)) if !c.read_only || stats.parsed == 0 => (Ok(c), note),
        found => {
            let e = match found {
                Ok(_) => "files changed since it was written".to_string(),
                Err(e) => e.to_string(),
            };
            let built = Cache::in_memory().and_then(|mut c| {
                c.load(corpus, Tokens::No)?;
                Ok(c)
            });
            let mut why = format!(
                "cache {} not used ({e}); searched an index built in memory",
                path.display()
            );
            if let Some(n) = note {
                why = format!("{n}; {why}");
            }
            (built, Some(why))
        }
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
