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
//! The cache is disposable: deleting `cache.db` costs one cold open. When it cannot be opened
//! or written (a read-only corpus, a corrupt file) parallax parses without it.

use crate::article::{Article, Meta, Paragraph};
use crate::corpus::{self, Corpus, Entry, Skipped};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The cache's layout version (SQLite `user_version`). A cache of another version is
/// emptied and rebuilt: it holds nothing that cannot be parsed again.
pub const CACHE_VERSION: i32 = 1;

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
    article TEXT NOT NULL
);
CREATE INDEX docs_path ON docs (path);
CREATE VIRTUAL TABLE fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
";

/// Index rows are numbered `doc id × PARA_SLOTS + paragraph index`.
const PARA_SLOTS: i64 = 1 << 20;

/// The parse cache and full-text index of one corpus.
pub struct Cache {
    conn: Connection,
    path: PathBuf,
}

/// What is kept of a parsed article (the tokens are recomputed from the paragraph text).
#[derive(Serialize, Deserialize)]
struct Cached {
    hash: String,
    encoding: String,
    text: String,
    meta: Meta,
    paragraphs: Vec<Paragraph>,
    words: usize,
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
    /// The matching part of the paragraph, matched words between `«` and `»`.
    pub snippet: String,
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
        conn.pragma_update(None, "synchronous", "NORMAL")?;
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
        })
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
        let mut articles = Vec::with_capacity(corpus.entries.len());
        let mut skipped = corpus.skipped.clone();
        let mut stats = Stats::default();
        let tx = self.conn.transaction()?;
        let mut seen: HashSet<String> = HashSet::new();
        {
            let mut get_file =
                tx.prepare_cached("SELECT size, mtime_ns, hash, error FROM files WHERE path = ?1")?;
            let mut get_docs =
                tx.prepare_cached("SELECT item, article FROM docs WHERE path = ?1")?;
            for group in corpus.files() {
                let path = &group[0].path;
                let rel = path
                    .strip_prefix(&corpus.root)
                    .unwrap_or(path)
                    .to_string_lossy()
                    .into_owned();
                seen.insert(rel.clone());
                let fs_meta = std::fs::metadata(path);
                let (size, mtime) = match &fs_meta {
                    Ok(m) => (m.len() as i64, mtime_ns(m)),
                    Err(_) => (-1, 0),
                };
                type FileRow = (i64, i64, Option<String>, Option<String>);
                let row: Option<FileRow> = get_file
                    .query_row([&rel], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .optional()?;
                let unchanged =
                    fs_meta.is_ok() && row.as_ref().is_some_and(|r| r.0 == size && r.1 == mtime);
                if unchanged {
                    let row = row.as_ref().expect("checked");
                    if let Some(reason) = &row.3 {
                        skipped.push(Skipped {
                            path: path.clone(),
                            reason: reason.clone(),
                        });
                        stats.cached += 1;
                        continue;
                    }
                    if let Some(found) = from_rows(&mut get_docs, &rel, group)? {
                        articles.extend(found);
                        stats.cached += 1;
                        continue;
                    }
                }
                // Changed, new, or cached without its articles: read (and maybe parse).
                stats.parsed += 1;
                let read = corpus::read_bytes(path);
                let bytes = match read {
                    Ok(b) => b,
                    Err(reason) => {
                        put_file(&tx, &rel, size, mtime, None, Some(&reason))?;
                        skipped.push(Skipped {
                            path: path.clone(),
                            reason,
                        });
                        continue;
                    }
                };
                let hash = corpus::content_hash(&bytes);
                if row.as_ref().is_some_and(|r| r.2.as_deref() == Some(&hash)) {
                    if let Some(found) = from_rows(&mut get_docs, &rel, group)? {
                        put_file(&tx, &rel, size, mtime, Some(&hash), None)?;
                        articles.extend(found);
                        continue;
                    }
                }
                delete_docs(&tx, &rel)?;
                match corpus::parse_docs(&bytes, group[0].format) {
                    Ok(file) => {
                        put_file(&tx, &rel, size, mtime, Some(&hash), None)?;
                        for d in &file.docs {
                            let a = file.build("", d);
                            insert_doc(&tx, &rel, d.item.as_deref(), &a)?;
                        }
                        articles.extend(group.iter().filter_map(|e| file.article(e)));
                    }
                    Err(reason) => {
                        put_file(&tx, &rel, size, mtime, Some(&hash), Some(&reason))?;
                        skipped.push(Skipped {
                            path: path.clone(),
                            reason,
                        });
                    }
                }
            }
        }
        let known: Vec<String> = {
            let mut st = tx.prepare("SELECT path FROM files")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for gone in known.iter().filter(|p| !seen.contains(*p)) {
            delete_docs(&tx, gone)?;
            tx.execute("DELETE FROM files WHERE path = ?1", [gone])?;
        }
        tx.commit()?;
        Ok((articles, skipped, stats))
    }

    /// Full-text search over every paragraph of the corpus (call [`Cache::load_all`] first so
    /// the index is current). The query is matched as a phrase: its words in this order,
    /// case, accents and punctuation ignored. Best matches first.
    pub fn search(&self, corpus: &Corpus, query: &str, limit: usize) -> Result<Vec<Hit>, String> {
        let phrase = fts_phrase(query).ok_or("nothing to search for: the query has no words")?;
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
                "SELECT fts.rowid, snippet(fts, 0, '«', '»', '…', 24), docs.path, docs.item,
                        json_extract(docs.article, '$.meta.title')
                 FROM fts JOIN docs ON docs.id = fts.rowid / ?3
                 WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2",
            )
            .map_err(err)?;
        let rows = st
            .query_map(params![phrase, limit as i64, PARA_SLOTS], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .map_err(err)?;
        let mut hits = Vec::new();
        for row in rows {
            let (rowid, snippet, path, item, title) = row.map_err(err)?;
            if let Some(e) = ids.get(&(path, item)) {
                hits.push(Hit {
                    id: e.id.clone(),
                    path: e.path.clone(),
                    title: title.unwrap_or_default(),
                    para: (rowid % PARA_SLOTS) as usize,
                    snippet,
                });
            }
        }
        Ok(hits)
    }
}

/// The articles of a file's entries from its cached rows; `None` when one is missing.
fn from_rows(
    get_docs: &mut rusqlite::CachedStatement<'_>,
    rel: &str,
    group: &[Entry],
) -> rusqlite::Result<Option<Vec<Article>>> {
    let mut by_item: HashMap<Option<String>, String> = get_docs
        .query_map([rel], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(group.len());
    for e in group {
        let Some(json) = by_item.remove(&e.item) else {
            return Ok(None);
        };
        let Ok(c) = serde_json::from_str::<Cached>(&json) else {
            return Ok(None);
        };
        let mut paragraphs = c.paragraphs;
        for p in &mut paragraphs {
            p.tokens = crate::tokens::words(&p.text);
        }
        out.push(Article {
            id: e.id.clone(),
            path: e.path.clone(),
            hash: c.hash,
            encoding: c.encoding,
            text: c.text,
            meta: c.meta,
            paragraphs,
            words: c.words,
        });
    }
    Ok(Some(out))
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

fn insert_doc(tx: &Connection, rel: &str, item: Option<&str>, a: &Article) -> rusqlite::Result<()> {
    let cached = Cached {
        hash: a.hash.clone(),
        encoding: a.encoding.clone(),
        text: a.text.clone(),
        meta: a.meta.clone(),
        paragraphs: a.paragraphs.clone(),
        words: a.words,
    };
    let json = serde_json::to_string(&cached).expect("an article serialises");
    tx.prepare_cached("INSERT INTO docs (path, item, article) VALUES (?1, ?2, ?3)")?
        .execute(params![rel, item, json])?;
    let id = tx.last_insert_rowid();
    let mut ins = tx.prepare_cached("INSERT INTO fts (rowid, text) VALUES (?1, ?2)")?;
    for p in a.paragraphs.iter().take(PARA_SLOTS as usize) {
        ins.execute(params![id * PARA_SLOTS + p.index as i64, p.text])?;
    }
    Ok(())
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
    if std::env::var_os("PARALLAX_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        let (a, s) = corpus.load_all();
        return (a, s, None);
    }
    let path = Cache::default_path(&corpus.root);
    match Cache::open(&path).and_then(|mut c| c.load_all(corpus)) {
        Ok((a, s, _)) => (a, s, None),
        Err(e) => {
            let (a, s) = corpus.load_all();
            (
                a,
                s,
                Some(format!("cache {} not used: {e}", path.display())),
            )
        }
    }
}
