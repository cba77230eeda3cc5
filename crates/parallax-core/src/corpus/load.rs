//! One file to articles: read (size limit first), decode, import by format, segment and
//! extract metadata; the format's own fields win over what the text says.

use super::article::{Article, Role};
use super::{decode, file_stem, formats, meta, segment, Entry, Error, Format, MAX_FILE_BYTES};
use std::collections::HashMap;
use std::path::Path;

/// Read and parse a single file outside any corpus; its id is its file stem.
pub fn load_file(path: &Path) -> Result<Article, Error> {
    let format = Format::of(path).unwrap_or(Format::Text);
    load_as(path, &file_stem(path), format)
}

fn load_as(path: &Path, id: &str, format: Format) -> Result<Article, Error> {
    let fail = |reason: String| Error::Load {
        path: path.to_path_buf(),
        reason,
    };
    let file = read_docs(path, format).map_err(fail)?;
    let first = file.docs.first().ok_or_else(|| {
        fail(match file.bad.first() {
            Some(b) => bad_item_reason(format, b),
            None => "no article in the file".into(),
        })
    })?;
    let mut a = file.build(id, first);
    a.path = path.to_path_buf();
    Ok(a)
}

pub(super) fn bad_item_reason(format: Format, b: &formats::BadItem) -> String {
    let what = if format == Format::Jsonl {
        "line"
    } else {
        "item"
    };
    format!("{what} {}: {}", b.item, b.reason)
}

/// A file read and split into documents, not yet segmented.
#[derive(Debug, Clone)]
pub struct FileDocs {
    /// Content hash of the file's bytes.
    pub hash: String,
    pub encoding: &'static str,
    pub docs: Vec<formats::Doc>,
    /// Documents of a multi-document file that could not be read.
    pub bad: Vec<formats::BadItem>,
    /// Position in `docs` of each item, built on the first [`FileDocs::article`] (a file of a
    /// million JSONL lines is looked up a million times: never a search per entry).
    by_item: std::sync::OnceLock<HashMap<Option<String>, usize>>,
}

impl FileDocs {
    /// The article of a corpus entry, when the file holds its item.
    pub fn article(&self, e: &Entry) -> Option<Article> {
        let d = self.doc(e.item.as_deref())?;
        let mut a = self.build(&e.id, d);
        a.path = e.path.clone();
        Some(a)
    }

    /// The document of an item (`None`: the file's only document), looked up in a map.
    pub fn doc(&self, item: Option<&str>) -> Option<&formats::Doc> {
        let map = self.by_item.get_or_init(|| {
            let mut m = HashMap::with_capacity(self.docs.len());
            for (i, d) in self.docs.iter().enumerate() {
                m.entry(d.item.clone()).or_insert(i);
            }
            m
        });
        // One allocation per look-up, against a scan of every document.
        self.docs.get(*map.get(&item.map(str::to_string))?)
    }

    /// Segment a document into an article; the format's metadata wins over the text's.
    pub fn build(&self, id: &str, d: &formats::Doc) -> Article {
        // A document of a multi-document file gets the hash of its own text.
        let hash = match d.item {
            Some(_) => content_hash(d.text.as_bytes()),
            None => self.hash.clone(),
        };
        let mut a = from_text(id, Path::new(""), d.text.clone(), self.encoding, hash);
        apply_fields(&mut a, &d.fields);
        a
    }
}

fn apply_fields(a: &mut Article, f: &formats::Fields) {
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(t) = &f.title {
        a.meta.title = meta::bound_title(&clean(t));
    }
    if let Some(s) = &f.source {
        a.meta.source = Some(clean(s));
    }
    if let Some(d) = f.date.as_deref().and_then(meta::field_date) {
        a.meta.date = Some(d);
    }
    if let Some(b) = &f.author {
        a.meta.byline = Some(clean(b));
    }
    if let Some(u) = &f.url {
        a.meta.url = Some(u.trim().to_string());
    }
}

/// Read a file and split it into documents: size limit before reading, decoding, then the
/// format's importer. Errors are the one-line reason shown to the user.
pub fn read_docs(path: &Path, format: Format) -> Result<FileDocs, String> {
    parse_docs(&read_bytes(path)?, format)
}

/// A file's bytes, refused (before opening) when it is a folder, a FIFO, a device or a
/// socket, or over [`MAX_FILE_BYTES`].
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a folder, not an article file".into());
    }
    if !meta.is_file() {
        // Checked before opening: opening a FIFO blocks until a writer comes.
        return Err(super::not_regular(meta.file_type()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "too large ({} MB; the limit is {} MB)",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

/// Split a file's bytes into documents (see [`read_docs`]).
pub fn parse_docs(bytes: &[u8], format: Format) -> Result<FileDocs, String> {
    if bytes.is_empty() {
        return Err("empty file (0 bytes)".into());
    }
    let (text, encoding) = match format {
        Format::Html => super::decode::decode_html(bytes)?,
        Format::Text | Format::Markdown => {
            super::decode::decode_hinted(bytes, front_matter_tld(bytes).as_deref())?
        }
        _ => decode(bytes)?,
    };
    let one = |d: formats::Doc| (vec![d], vec![]);
    let (docs, bad) = match format {
        Format::Text | Format::Markdown => {
            let (fields, text) = formats::front_matter(&text);
            one(formats::Doc {
                item: None,
                text,
                fields,
            })
        }
        Format::Html => one(formats::html(&text)?),
        Format::Json => formats::json(&text)?,
        Format::Jsonl => {
            let (docs, bad) = formats::jsonl(&text);
            if docs.is_empty() {
                return Err(match bad.first() {
                    Some(b) => format!("no article could be read (line {}: {})", b.item, b.reason),
                    None => "no articles (only blank lines)".into(),
                });
            }
            (docs, bad)
        }
    };
    Ok(FileDocs {
        hash: content_hash(bytes),
        encoding,
        docs,
        bad,
        by_item: std::sync::OnceLock::new(),
    })
}

/// The top-level domain of the `url:` (or `source_url:`, `link:`) a text file's front matter
/// states, read from its first 4 KiB as ASCII (an encoding hint before the file is decoded).
fn front_matter_tld(bytes: &[u8]) -> Option<String> {
    if !(bytes.starts_with(b"---") || bytes.starts_with(b"+++")) {
        return None;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    head.lines()
        .skip(1)
        .take_while(|l| !matches!(l.trim_end(), "---" | "+++"))
        .find_map(|l| {
            let (k, v) = l.split_once([':', '='])?;
            let k = k.trim().to_ascii_lowercase();
            matches!(k.as_str(), "url" | "source_url" | "link")
                .then(|| super::decode::tld_of_url(v.trim().trim_matches(['"', '\''])))
                .flatten()
        })
}

/// Parse an article from its bytes (the first document, for a multi-document file).
pub fn parse(id: &str, path: &Path, bytes: &[u8], format: Format) -> Result<Article, String> {
    let file = parse_docs(bytes, format)?;
    let d = file.docs.first().ok_or("no article in the file")?;
    let mut a = file.build(id, d);
    a.path = path.to_path_buf();
    Ok(a)
}

/// The content hash of a file's bytes: xxh3-64, 16 hex digits.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Build an article from decoded text: segment, extract metadata, flag metadata lines.
pub fn from_text(id: &str, path: &Path, text: String, encoding: &str, hash: String) -> Article {
    let mut paragraphs = segment::segment(&text);
    let (mut meta, meta_lines) = meta::extract(&paragraphs);
    // A date line is kept only when it is a possible publication date.
    meta.date = meta
        .date
        .and_then(|d| meta::plausible_date(&d, meta::latest_date()));
    for i in meta_lines {
        if let Some(p) = paragraphs.get_mut(i) {
            p.role = Role::Chrome;
        }
    }
    // A short headline at the top is the title, a heading rather than chrome.
    if let Some(i) = meta::short_headline(&paragraphs) {
        if meta.title == paragraphs[i].text.trim() {
            paragraphs[i].role = Role::Heading;
        }
    }
    if meta.title.is_empty() {
        if let Some(p) = paragraphs.first() {
            meta.title = meta::bound_title(&p.text);
        }
    }
    let words = paragraphs.iter().map(|p| p.words).sum();
    Article {
        id: id.to_string(),
        path: path.to_path_buf(),
        hash,
        encoding: encoding.to_string(),
        text,
        meta,
        paragraphs,
        words,
    }
}
