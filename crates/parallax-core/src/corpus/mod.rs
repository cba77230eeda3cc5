//! The document store: find the articles under a folder, read and decode them, and parse
//! each into an [`Article`] with its paragraphs, roles and metadata.
//!
//! Listing a corpus ([`Corpus::open`], this file) walks the folder (recursively, links
//! followed, loops reported) and names each article; it reads only JSON and JSONL files, whose
//! articles it must count. Reading happens per article ([`Corpus::load`], [`load_file`]), so
//! that `compare` on a large corpus reads two files. Hidden files and folders (such as
//! `.parallax/`) are not articles.
//!
//! - [`decode`]: bytes to text (BOMs, UTF-8, legacy encodings);
//! - [`formats`]: the importers, chosen by file extension ([`Format`]);
//! - [`segment`]: text to paragraphs with roles; [`meta`]: title, outlet, date, byline;
//! - [`load_file`], [`Corpus::load`]: a file read, decoded, imported, segmented: an
//!   [`Article`] ([`article`]);
//! - [`cache`]: a whole corpus loaded through the parse cache and its full-text index.
//!
//! This layer may use [`crate::text`] and nothing above it (engine, scan, marks).

pub mod article;
pub mod cache;
mod decode;
pub mod formats;
mod load;
pub mod meta;
mod page;
pub mod segment;

pub use decode::{decode, decode_hinted, decode_html, page_tld, tld_of_url};
use load::bad_item_reason;
pub use load::{
    content_hash, from_text, load_file, parse, parse_docs, read_bytes, read_docs, FileDocs,
};

use crate::corpus::article::Article;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Files larger than this are skipped with a message rather than read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// An article file found in a corpus, not yet read.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    pub path: PathBuf,
    pub format: Format,
    /// Which document of a file holding several (a JSONL line number, a JSON array
    /// position, from 1); `None` for a file that is one article.
    pub item: Option<String>,
}

/// A file that could not be loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// The input formats parallax reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: `.txt`.
    Text,
    /// Markdown, read as text: `.md`, `.markdown`.
    Markdown,
    /// A web page: `.html`, `.htm`; the main text is extracted.
    Html,
    /// One article object or an array of them: `.json`.
    Json,
    /// One article object per line: `.jsonl`, `.ndjson`.
    Jsonl,
}

impl Format {
    /// The format of a file, from its extension; `None` for files that are not articles.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        let is = |names: &[&str]| names.iter().any(|n| ext.eq_ignore_ascii_case(n));
        if is(&["txt", "text"]) {
            Some(Format::Text)
        } else if is(&["md", "markdown"]) {
            Some(Format::Markdown)
        } else if is(&["html", "htm"]) {
            Some(Format::Html)
        } else if is(&["json"]) {
            Some(Format::Json)
        } else if is(&["jsonl", "ndjson"]) {
            Some(Format::Jsonl)
        } else {
            None
        }
    }

    /// Whether a file of this format can hold several articles.
    pub fn multi(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl)
    }
}

/// Errors a user can get from naming a corpus or an article.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot open corpus folder {}: {reason}", .path.display())]
    NoCorpus { path: PathBuf, reason: String },
    #[error("no article '{key}' in {} ({count} articles); `parallax list` shows their ids", .corpus.display())]
    Unknown {
        key: String,
        corpus: PathBuf,
        count: usize,
    },
    #[error("'{key}' matches several articles: {}", .candidates.join(", "))]
    Ambiguous {
        key: String,
        candidates: Vec<String>,
    },
    #[error("cannot read {}: {reason}", .path.display())]
    Load { path: PathBuf, reason: String },
}

/// A folder of articles.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub root: PathBuf,
    pub entries: Vec<Entry>,
    /// Files and folders that could not even be listed (unreadable folder, link loop).
    pub skipped: Vec<Skipped>,
}

fn hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != "." && n != "..")
}

impl Corpus {
    /// List the articles under `root` without reading them.
    pub fn open(root: &Path) -> Result<Corpus, Error> {
        let meta = std::fs::metadata(root).map_err(|e| Error::NoCorpus {
            path: root.to_path_buf(),
            reason: e.to_string(),
        })?;
        if !meta.is_dir() {
            return Err(Error::NoCorpus {
                path: root.to_path_buf(),
                reason: "not a folder".into(),
            });
        }
        let mut found: Vec<(PathBuf, Format)> = Vec::new();
        let mut skipped = Vec::new();
        // Unsorted walk (walkdir's per-folder sort compares paths it parses on every
        // comparison: a third of a second for 100k files), sorted once below.
        let walker = WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !hidden(e.file_name()));
        for item in walker {
            match item {
                Ok(e) if e.file_type().is_file() => {
                    if let Some(format) = Format::of(e.path()) {
                        found.push((e.into_path(), format));
                    } else if let Some(reason) = unreadable_document(e.path()) {
                        skipped.push(Skipped {
                            path: e.into_path(),
                            reason,
                        });
                    }
                }
                // A FIFO or a device named like an article: never opened (a FIFO would
                // block the listing until something writes to it).
                Ok(e) if !e.file_type().is_dir() && Format::of(e.path()).is_some() => {
                    skipped.push(Skipped {
                        reason: not_regular(e.file_type()),
                        path: e.into_path(),
                    });
                }
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let reason = if err.loop_ancestor().is_some() {
                        "link loop: the folder contains itself".to_string()
                    } else {
                        err.io_error()
                            .map_or_else(|| err.to_string(), |io| io.to_string())
                    };
                    skipped.push(Skipped { path, reason });
                }
            }
        }
        sort_as_walked(&mut found);
        let mut entries = Vec::with_capacity(found.len());
        for e in assign_ids(root, found) {
            if !e.format.multi() {
                entries.push(e);
                continue;
            }
            match read_docs(&e.path, e.format) {
                Ok(file) => {
                    for b in &file.bad {
                        skipped.push(Skipped {
                            path: e.path.clone(),
                            reason: bad_item_reason(e.format, b),
                        });
                    }
                    for d in file.docs {
                        entries.push(Entry {
                            id: item_id(&e.id, d.item.as_deref()),
                            item: d.item,
                            ..e.clone()
                        });
                    }
                }
                Err(reason) => skipped.push(Skipped {
                    path: e.path.clone(),
                    reason,
                }),
            }
        }
        // The walk is unsorted: the skipped files are listed in path order, as the articles.
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Corpus {
            root: root.to_path_buf(),
            entries,
            skipped,
        })
    }

    /// Find an article by id, by unique id prefix (`004`), or by path.
    pub fn resolve(&self, key: &str) -> Result<&Entry, Error> {
        if let Some(e) = self.entries.iter().find(|e| e.id == key) {
            return Ok(e);
        }
        let as_path = Path::new(key);
        if let Ok(canon) = as_path.canonicalize() {
            if let Some(e) = self
                .entries
                .iter()
                .find(|e| e.path.canonicalize().is_ok_and(|p| p == canon))
            {
                return Ok(e);
            }
        }
        let matches: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| e.id.starts_with(key) || file_stem(&e.path).starts_with(key))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(Error::Unknown {
                key: key.to_string(),
                corpus: self.root.clone(),
                count: self.entries.len(),
            }),
            many => Err(Error::Ambiguous {
                key: key.to_string(),
                candidates: many.iter().take(8).map(|e| e.id.clone()).collect(),
            }),
        }
    }

    /// Read and parse one article of the corpus.
    pub fn load(&self, entry: &Entry) -> Result<Article, Error> {
        let fail = |reason: String| Error::Load {
            path: entry.path.clone(),
            reason,
        };
        let file = read_docs(&entry.path, entry.format).map_err(fail)?;
        file.article(entry).ok_or_else(|| {
            fail(format!(
                "no item {} in the file any more",
                entry.item.as_deref().unwrap_or("-")
            ))
        })
    }

    /// Read and parse every article; files that fail are returned as skipped, with the reason.
    pub fn load_all(&self) -> (Vec<Article>, Vec<Skipped>) {
        let mut articles = Vec::with_capacity(self.entries.len());
        let mut skipped = self.skipped.clone();
        for group in self.files() {
            match read_docs(&group[0].path, group[0].format) {
                Ok(file) => articles.extend(group.iter().filter_map(|e| file.article(e))),
                Err(reason) => skipped.push(Skipped {
                    path: group[0].path.clone(),
                    reason,
                }),
            }
        }
        (articles, skipped)
    }

    /// The entries grouped by file (the entries of one file are adjacent).
    pub fn files(&self) -> Vec<&[Entry]> {
        self.entries.chunk_by(|a, b| a.path == b.path).collect()
    }
}

/// Why a file that is not a regular file is not read: `not a regular file (a FIFO)`.
/// Why a document of a kind parallax does not read (a PDF, a word processor's file, an
/// e-book) is skipped, with what to do instead; `None` for files that are not documents
/// (images, data, code), which a folder of articles may hold and which are passed over.
pub fn unreadable_document(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    let kind = match ext.as_str() {
        "pdf" => "a PDF document",
        "rtf" => "an RTF document",
        "doc" | "docx" | "odt" | "pages" | "wpd" => "a word processor's document",
        "epub" | "mobi" | "azw" | "azw3" => "an e-book",
        "eml" | "msg" | "mbox" => "an e-mail file",
        "xml" | "rss" | "atom" => "an XML feed or document",
        "mht" | "mhtml" | "webarchive" | "warc" => "a web archive",
        _ => return None,
    };
    Some(format!(
        "{kind}: parallax reads .txt, .md, .html, .json and .jsonl files; convert it to one of them first"
    ))
}

pub fn not_regular(t: std::fs::FileType) -> String {
    let kind = if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a broken link"
    } else {
        special_kind(t)
    };
    format!("not a regular file ({kind}); not read")
}

#[cfg(unix)]
fn special_kind(t: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: std::fs::FileType) -> &'static str {
    "a special file"
}

pub(crate) fn file_stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Files in the order of a walk that visits each folder's entries by file name: paths
/// compared component by component, as bytes (a separator sorts before any byte of a name,
/// so `a/b` comes before `a.txt`, as in the walk). Every path starts with the corpus
/// folder's, so whole paths compare as their relative parts do.
fn sort_as_walked(found: &mut [(PathBuf, Format)]) {
    found.par_sort_by_cached_key(|(path, _)| {
        let mut key = path.as_os_str().as_encoded_bytes().to_vec();
        for b in &mut key {
            if b.is_ascii() && std::path::is_separator(*b as char) {
                *b = 0;
            }
        }
        key
    });
}

/// A found file's path under the corpus folder.
fn relative<'a>(root: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(root).unwrap_or(path)
}

/// Ids are the relative path without extension, `/`-separated (`004_930046805f83b52a`,
/// `dw/2022/karabakh`). Where two files would share an id, both keep their extension.
fn assign_ids(root: &Path, found: Vec<(PathBuf, Format)>) -> Vec<Entry> {
    let root_str = root.to_str();
    let id_of = |path: &Path, with_ext: bool| -> String {
        // Most paths: UTF-8 under a UTF-8 root, `/`-separated, nothing to sanitise; the
        // relative part is a slice of the path (every path is the root joined with more).
        let simple = root_str
            .zip(path.to_str())
            .filter(|_| std::path::MAIN_SEPARATOR == '/')
            .and_then(|(r, p)| p.strip_prefix(r));
        if let Some(s) = simple.map(|s| s.trim_start_matches('/')) {
            if !s.is_empty() && !crate::text::sanitize::has_controls(s) {
                let name = s.rsplit('/').next().unwrap_or(s);
                let ext = match with_ext {
                    true => None,
                    false => name.rsplit_once('.').filter(|(stem, _)| !stem.is_empty()),
                };
                return match ext {
                    Some((_, ext)) => s[..s.len() - ext.len() - 1].to_string(),
                    None => s.to_string(),
                };
            }
        }
        let rel = relative(root, path);
        let p = if with_ext {
            rel.to_path_buf()
        } else {
            rel.with_extension("")
        };
        let parts: Vec<String> = p
            .components()
            .map(|c| crate::text::sanitize::sanitize_controls(&c.as_os_str().to_string_lossy()))
            .collect();
        parts.join("/")
    };
    // Each short id is built once (building one walks the path's components).
    let shorts: Vec<String> = found
        .par_iter()
        .map(|(path, _)| id_of(path, false))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::with_capacity(shorts.len());
    for short in &shorts {
        *counts.entry(short.as_str()).or_default() += 1;
    }
    let dup: Vec<bool> = shorts.iter().map(|s| counts[s.as_str()] > 1).collect();
    drop(counts);
    found
        .into_par_iter()
        .zip(shorts.into_par_iter().zip(dup))
        .map(|((path, format), (short, dup))| {
            let id = if dup { id_of(&path, true) } else { short };
            Entry {
                id,
                path,
                format,
                item: None,
            }
        })
        .collect()
}

/// The id of a document of a file: the file's id, then `#` and the item for files holding
/// several (`feeds/dw#3` for line 3 of `feeds/dw.jsonl`).
pub fn item_id(file_id: &str, item: Option<&str>) -> String {
    match item {
        Some(i) => format!("{file_id}#{i}"),
        None => file_id.to_string(),
    }
}
