//! Exports of the current marks in five formats, and reading the `json` export back (import).
//!
//! - [`Format::Json`]: one document `{"schema_version", "corpus", "generated_at", "marks"}`;
//!   each mark with its anchors, quotes, the articles' titles and paths, its anchor status,
//!   and the scores of the pair at export time. This is what `parallax import` reads.
//! - [`Format::Jsonl`]: the same mark objects, one per line.
//! - [`Format::Csv`]: RFC 4180 in UTF-8 (header row, CRLF, `,` or the [`CsvSeparator`] asked
//!   for, an optional BOM; fields quoted when they hold a comma, a semicolon, a tab, a quote or
//!   a line break); a cell that would start a formula (`=`, `+`, `-`, `@`, full-width `＝＋－＠`,
//!   also after white space, zero-width characters or quotes; a leading tab or carriage
//!   return) gets a leading `'` so that spreadsheets read it as text, and so does one after a
//!   split point inside the cell — another separator than the file's, a tab, a line break —
//!   where a spreadsheet set to another separator starts a field ([`csv_cell_for`]).
//! - [`Format::Md`]: a report for a person, per article pair; text from files and notes
//!   renders as itself in CommonMark, GFM and pandoc ([`md_text`]).
//! - [`Format::W3c`]: W3C Web Annotation JSON-LD: a collection and its page with IRIs, one
//!   annotation per mark, each with its own `@context`, targets as `SpecificResource`s.
//!
//! The shapes are documented in `docs/marks.md` and `docs/json.md`.

use crate::corpus::article::Article;
use crate::corpus::Corpus;
use crate::engine::score::{Scores, Verdict};
use crate::marks::store::{Loader, Store};
use crate::marks::{
    self, AnchorStatus, ArticleAnchor, CopySource, Mark, PairLabel, ParaAnchor, Quote, Target,
};
use crate::text::sanitize::sanitize_controls;
use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;

pub use crate::marks::default_author;

/// Version of the marks JSON (`json`, `jsonl`, `marks --json`).
pub const SCHEMA_VERSION: u32 = 1;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Md,
    W3c,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::Jsonl,
        Format::Csv,
        Format::Md,
        Format::W3c,
    ];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Md => "md",
            Format::W3c => "jsonld",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Md => "md",
            Format::W3c => "w3c",
        }
    }

    /// The format a file name suggests (`marks.csv` → csv, `marks.jsonld` → w3c).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == ext)
            .or(match ext.as_str() {
                "markdown" => Some(Format::Md),
                "ndjson" => Some(Format::Jsonl),
                _ => None,
            })
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown export format '{s}' (json, jsonl, csv, md, w3c)"))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The marks JSON document (`json` export, `marks --json`).
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonDoc {
    pub schema_version: u32,
    #[serde(default)]
    pub corpus: String,
    #[serde(default)]
    pub generated_at: String,
    pub marks: Vec<JsonMark>,
}

/// A mark in JSON. Fields marked "export time" are recomputed on each export and ignored by
/// import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonMark {
    /// Local to the store that exported it (export time).
    #[serde(default)]
    pub id: i64,
    pub uid: String,
    /// `pair` or `paragraphs`.
    pub kind: String,
    pub label: String,
    /// For `copy`: `left`, `right` or `unknown` — which article is the original.
    #[serde(default)]
    pub source: Option<String>,
    pub left: JsonSide,
    pub right: JsonSide,
    #[serde(default)]
    pub note: Option<String>,
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
    /// `ok`, `reanchored` or `orphaned` (export time).
    #[serde(default = "ok_status")]
    pub anchor_status: String,
    #[serde(default)]
    pub anchor_detail: Option<String>,
    /// Scores of the pair at export time; null when an article is missing.
    #[serde(default)]
    pub scores: Option<JsonScores>,
}

fn ok_status() -> String {
    "ok".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonSide {
    pub id: String,
    #[serde(default)]
    pub title: String,
    /// The article's file: where the corpus has it now, else where it was when marked.
    #[serde(default)]
    pub path: String,
    /// Content hash when marked.
    pub hash: String,
    /// Content hash now; null when the article is missing (export time).
    #[serde(default)]
    pub current_hash: Option<String>,
    #[serde(default)]
    pub paragraphs: Vec<JsonPara>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonPara {
    /// Index when marked.
    pub index: usize,
    /// Index now; null when the mark is orphaned (export time).
    #[serde(default)]
    pub current_index: Option<usize>,
    /// Hash of the paragraph's normalised words.
    pub hash: String,
    pub quote: Quote,
    /// Code-point offsets of `quote.exact` in the file's text when marked.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JsonScores {
    pub left_in_right: f64,
    pub right_in_left: f64,
    pub similarity: f64,
    pub longest_run: usize,
    /// The engine's verdict (`left_contained_in_right`, …; see docs/json.md).
    pub verdict: String,
}

impl JsonScores {
    fn new(s: &Scores, v: Verdict) -> JsonScores {
        JsonScores {
            left_in_right: round3(s.left_in_right),
            right_in_left: round3(s.right_in_left),
            similarity: round3(s.similarity),
            longest_run: s.longest_run,
            verdict: verdict_name(v).to_string(),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// A mark with what an export shows about it.
pub struct Item {
    pub mark: Mark,
    pub left: Option<Rc<Article>>,
    pub right: Option<Rc<Article>>,
    /// Scores and engine verdict of (left, right) now; `None` when an article is missing.
    pub scores: Option<(Scores, Verdict)>,
}

impl Item {
    pub fn json(&self) -> JsonMark {
        let m = &self.mark;
        let (lt, rt) = m.target.paragraphs();
        let resolved = m.anchor_status != AnchorStatus::Orphaned;
        let side = |a: &ArticleAnchor, art: &Option<Rc<Article>>, now: &[usize]| JsonSide {
            id: a.id.clone(),
            title: art
                .as_ref()
                .map_or_else(|| a.title.clone(), |x| x.meta.title.clone()),
            path: art
                .as_ref()
                .map_or_else(|| a.path.clone(), |x| x.path.to_string_lossy().into_owned()),
            hash: a.hash.clone(),
            current_hash: art.as_ref().map(|x| x.hash.clone()),
            paragraphs: a
                .paragraphs
                .iter()
                .enumerate()
                .map(|(k, p)| JsonPara {
                    index: p.index,
                    current_index: if resolved { now.get(k).copied() } else { None },
                    hash: p.hash.clone(),
                    quote: p.quote.clone(),
                    start: p.start,
                    end: p.end,
                })
                .collect(),
        };
        JsonMark {
            id: m.id,
            uid: m.uid.clone(),
            kind: m.target.kind().into(),
            label: m.target.label().into(),
            source: m.target.source().map(|s| s.as_str().into()),
            left: side(&m.left, &self.left, lt),
            right: side(&m.right, &self.right, rt),
            note: m.note.clone(),
            author: m.author.clone(),
            created_at: m.created_at.clone(),
            updated_at: m.updated_at.clone(),
            anchor_status: m.anchor_status.as_str().into(),
            anchor_detail: m.anchor_detail.clone(),
            scores: self.scores.map(|(s, v)| JsonScores::new(&s, v)),
        }
    }
}

/// The current marks with their articles, and the scores of each pair (when `scores`).
pub fn items(store: &Store, corpus: &Corpus, scores: bool) -> Result<Vec<Item>> {
    let mut loader = Loader::new(Some(corpus));
    let marks = store.current_with(&mut loader)?;
    let mut cache: HashMap<(String, String), Option<(Scores, Verdict)>> = HashMap::new();
    let mut out = Vec::with_capacity(marks.len());
    for mark in marks {
        let left = loader.get(&mark.left);
        let right = loader.get(&mark.right);
        let s = match (&left, &right) {
            (Some(a), Some(b)) if scores => *cache
                .entry((mark.left_id.clone(), mark.right_id.clone()))
                .or_insert_with(|| {
                    let c = crate::engine::compare(a, b);
                    Some((c.scores, c.verdict))
                }),
            _ => None,
        };
        out.push(Item {
            mark,
            left,
            right,
            scores: s,
        });
    }
    Ok(out)
}

/// The marks JSON document of these items.
pub fn json_doc(items: &[Item], corpus: &Corpus) -> JsonDoc {
    JsonDoc {
        schema_version: SCHEMA_VERSION,
        corpus: corpus.root.to_string_lossy().into_owned(),
        generated_at: marks::now_rfc3339(),
        marks: items.iter().map(Item::json).collect(),
    }
}

/// The separator of a CSV export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CsvSeparator {
    /// `,` (RFC 4180; the default).
    #[default]
    Comma,
    /// `;`, what spreadsheets expect in locales with a decimal comma.
    Semicolon,
    /// A tab.
    Tab,
}

impl CsvSeparator {
    pub fn char(self) -> char {
        match self {
            CsvSeparator::Comma => ',',
            CsvSeparator::Semicolon => ';',
            CsvSeparator::Tab => '\t',
        }
    }
}

/// Choices of an export beyond its format.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// CSV: the field separator.
    pub csv_separator: CsvSeparator,
    /// CSV: start the file with a UTF-8 byte order mark, so that Excel reads it as UTF-8.
    pub csv_bom: bool,
    /// W3C: the collection's IRI (its page is this IRI with `#page-1`); by default a
    /// `urn:uuid:` derived from the store and the export's content ([`w3c_collection_id`]).
    pub w3c_id: Option<String>,
}

/// Write the current marks of `store` in `format`. Articles are found in `corpus`.
pub fn write(store: &Store, corpus: &Corpus, format: Format, out: &mut dyn Write) -> Result<()> {
    write_with(store, corpus, format, &Options::default(), out)
}

/// [`write`](fn@write) with [`Options`].
pub fn write_with(
    store: &Store,
    corpus: &Corpus,
    format: Format,
    options: &Options,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(id) = &options.w3c_id {
        check_iri(id).map_err(|e| anyhow::anyhow!("--w3c-id '{id}': {e}"))?;
    }
    let items = items(store, corpus, true)?;
    let corpus_name = corpus.root.to_string_lossy().into_owned();
    match format {
        Format::Json => {
            crate::text::safe_json::to_writer_pretty(&mut *out, &json_doc(&items, corpus))?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for item in &items {
                crate::text::safe_json::to_writer(&mut *out, &item.json())?;
                writeln!(out)?;
            }
        }
        Format::Csv => csv(&items, options, out)?,
        Format::Md => md(&items, &corpus_name, out)?,
        Format::W3c => {
            let store_id =
                std::fs::canonicalize(store.path()).unwrap_or_else(|_| store.path().to_path_buf());
            w3c(
                &items,
                &corpus_name,
                &store_id.to_string_lossy(),
                options.w3c_id.as_deref(),
                out,
            )?
        }
    }
    out.flush()?;
    Ok(())
}

/// Where an export goes ([`destination`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `-`, `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`: the process's standard output.
    Stdout,
    /// A character device, a FIFO or a socket (reached directly or through links): written
    /// straight through, never replaced.
    Stream(PathBuf),
    /// A regular file (the final target of any symbolic links) or a new path: replaced
    /// atomically ([`write_atomically`]).
    File(PathBuf),
}

impl Destination {
    /// The path written, as a person would name it.
    pub fn describe(&self) -> String {
        match self {
            Destination::Stdout => "standard output".into(),
            Destination::Stream(p) | Destination::File(p) => p.display().to_string(),
        }
    }
}

/// The most symbolic links followed from an export path.
const MAX_LINKS: usize = 40;

/// Where writing to `path` goes, and whether it may: `-` is standard output; character
/// devices, FIFOs and sockets are written through; symbolic links are followed to their
/// target (a regular file there is replaced atomically, a missing one created); a folder or a
/// block device is refused. The marks store and the parse cache are never a destination, and a
/// file of the corpus (an article, or a file the corpus skipped) only when `force`.
pub fn destination(
    path: &Path,
    corpus: &Corpus,
    store: Option<&Path>,
    force: bool,
) -> Result<Destination> {
    let shown = path.display();
    if path.as_os_str().is_empty() {
        bail!("the export path is empty");
    }
    if path.as_os_str() == "-"
        || ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]
            .iter()
            .any(|p| path == Path::new(p))
    {
        return Ok(Destination::Stdout);
    }
    let target = match std::fs::metadata(path) {
        Ok(m) => {
            let t = m.file_type();
            if t.is_dir() {
                bail!("cannot write {shown}: it is a folder");
            }
            if !t.is_file() {
                #[cfg(unix)]
                {
                    use std::os::unix::fs::FileTypeExt;
                    if t.is_block_device() {
                        bail!(
                            "cannot write {shown}: it is a block device (parallax writes no disks)"
                        );
                    }
                }
                return Ok(Destination::Stream(path.to_path_buf()));
            }
            std::fs::canonicalize(path).with_context(|| format!("cannot write {shown}"))?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => follow_links(path)?,
        Err(e) => return Err(e).with_context(|| format!("cannot write {shown}")),
    };
    check_not_ours(&target, corpus, store, force)?;
    Ok(Destination::File(target))
}

/// The path a chain of symbolic links ends at (for a path that does not exist yet: the file a
/// dangling link names is created where it points).
fn follow_links(path: &Path) -> Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    bail!(
        "cannot write {}: more than {MAX_LINKS} symbolic links",
        path.display()
    )
}

/// Identity of an existing file (device and inode on Unix, the canonical path elsewhere).
fn file_id(path: &Path) -> Option<(u64, u64, PathBuf)> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = &m;
        Some((m.dev(), m.ino(), PathBuf::new()))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        Some((0, 0, std::fs::canonicalize(path).ok()?))
    }
}

/// Refuse the store's and the cache's files always, the corpus's files unless `force`.
fn check_not_ours(target: &Path, corpus: &Corpus, store: Option<&Path>, force: bool) -> Result<()> {
    let Some(id) = file_id(target) else {
        return Ok(()); // a new file
    };
    let shown = target.display();
    let mut own = vec![
        Store::default_path(&corpus.root),
        crate::corpus::cache::Cache::default_path(&corpus.root),
    ];
    own.extend(store.map(Path::to_path_buf));
    for db in own {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut f = db.clone().into_os_string();
            f.push(suffix);
            if file_id(Path::new(&f)).as_ref() == Some(&id) {
                let what = if db.ends_with("cache.db") {
                    "parallax's parse cache"
                } else {
                    "the marks store itself"
                };
                bail!("{shown} is {what}; export to another file");
            }
        }
    }
    if force {
        return Ok(());
    }
    let corpus_files = corpus
        .entries
        .iter()
        .map(|e| &e.path)
        .chain(corpus.skipped.iter().map(|s| &s.path));
    for f in corpus_files {
        if file_id(f).as_ref() == Some(&id) {
            bail!(
                "{shown} is a file of the corpus ({}); export to another file, or give --force to overwrite it",
                f.display()
            );
        }
    }
    Ok(())
}

/// [`write`](fn@write) to `path` by the rules of [`destination`]: a regular file appears whole
/// or not at all; a device or FIFO is written through. Standard output (`-`) is refused here:
/// a caller that has one writes there itself.
pub fn write_file(
    store: &Store,
    corpus: &Corpus,
    format: Format,
    path: &Path,
    force: bool,
) -> Result<Destination> {
    let dest = destination(path, corpus, Some(store.path()), force)?;
    if dest == Destination::Stdout {
        bail!(
            "'{}' is standard output, which cannot be written here; name a file (./- for a file named -)",
            path.display()
        );
    }
    write_to(&dest, |w| write(store, corpus, format, w))?;
    Ok(dest)
}

/// Write through `fill` to a destination: a [`Destination::File`] atomically, a
/// [`Destination::Stream`] straight through, [`Destination::Stdout`] to standard output.
pub fn write_to(dest: &Destination, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    match dest {
        Destination::File(p) => write_atomically(p, fill),
        Destination::Stream(p) => {
            let fail = || format!("cannot write {}", p.display());
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .with_context(fail)?;
            let mut w = std::io::BufWriter::new(f);
            fill(&mut w)?;
            w.flush().with_context(fail)?;
            Ok(())
        }
        Destination::Stdout => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            fill(&mut w)?;
            w.flush().context("cannot write standard output")?;
            Ok(())
        }
    }
}

/// Temporary files of exports under way in this process (removed by
/// [`remove_pending_temp_files`] when a signal ends it).
static PENDING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove the temporary files of the exports this process has under way: for a signal
/// handler, before the process ends.
pub fn remove_pending_temp_files() {
    for p in pending().drain(..) {
        let _ = std::fs::remove_file(p);
    }
}

/// Keeps a temporary file on the pending list while it lives.
struct PendingGuard(PathBuf);

impl Drop for PendingGuard {
    fn drop(&mut self) {
        pending().retain(|p| p != &self.0);
    }
}

/// The prefix of an export's temporary file; the full name is
/// `.parallax-export-<pid>-<random>.tmp`.
pub const TEMP_PREFIX: &str = ".parallax-export-";

/// Whether process `pid` is alive (on other systems than Unix: assumed so).
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(p) = i32::try_from(pid) else {
            return true;
        };
        if p <= 0 {
            return true;
        }
        // SAFETY: signal 0 only checks that the process exists; nothing is sent.
        let r = unsafe { libc::kill(p, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Remove the temporary files that exports of processes no longer alive left in `dir`
/// (killed with SIGKILL, or by a power cut). Files of live processes are left alone.
pub fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(TEMP_PREFIX)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some((pid, random)) = rest.split_once('-') else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if random.is_empty() || pid == std::process::id() || alive(pid) {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Write a file through `fill` so that it appears whole or not at all: a temporary file in
/// the same folder (named with this process's id, so that one left by a killed process can be
/// told from one under way, and removed by the next export), written, fsynced, then renamed
/// over `path` (and the folder fsynced). `path` should be a regular file or a new path (see
/// [`destination`]).
pub fn write_atomically(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let fail = || format!("cannot write {}", path.display());
    if path.is_dir() {
        bail!("cannot write {}: it is a folder", path.display());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    remove_stale_temp_files(dir);
    // The file is created and put on the pending list under the list's lock, so a signal
    // that ends the process in between (its handler takes the same lock) still finds it.
    let mut tmp = {
        let mut list = pending();
        let tmp = tempfile::Builder::new()
            .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
            .suffix(".tmp")
            .tempfile_in(dir)
            .with_context(fail)?;
        list.push(tmp.path().to_path_buf());
        tmp
    };
    let _guard = PendingGuard(tmp.path().to_path_buf());
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush().with_context(fail)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))
            .with_context(fail)?;
    }
    tmp.as_file().sync_all().with_context(fail)?;
    tmp.persist(path).map_err(|e| e.error).with_context(fail)?;
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(fail)?;
    Ok(())
}

/// Read the marks of a `json` export (for `parallax import`).
pub fn read_json(text: &str) -> Result<Vec<Mark>> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| anyhow::anyhow!("not JSON ({e})"))?;
    if v.get("@context").is_some() {
        bail!("a W3C export; import reads parallax's json export (export --format json)");
    }
    let Some(version) = v.get("schema_version").and_then(|s| s.as_u64()) else {
        bail!("not a parallax marks export (no schema_version)");
    };
    if version > u64::from(SCHEMA_VERSION) {
        bail!(
            "marks schema version {version} is newer than this parallax reads ({SCHEMA_VERSION})"
        );
    }
    if !v.get("marks").is_some_and(|m| m.is_array()) {
        bail!("not a parallax marks export (no marks list)");
    }
    let doc: JsonDoc = serde_json::from_value(v).map_err(|e| anyhow::anyhow!("{e}"))?;
    doc.marks
        .iter()
        .enumerate()
        .map(|(i, m)| from_json(m).with_context(|| format!("mark {} ({})", i + 1, m.uid)))
        .collect()
}

fn from_json(m: &JsonMark) -> Result<Mark> {
    let anchor = |s: &JsonSide| ArticleAnchor {
        id: s.id.clone(),
        path: s.path.clone(),
        title: s.title.clone(),
        hash: s.hash.clone(),
        paragraphs: s
            .paragraphs
            .iter()
            .map(|p| ParaAnchor {
                index: p.index,
                hash: p.hash.clone(),
                quote: p.quote.clone(),
                start: p.start,
                end: p.end,
            })
            .collect(),
    };
    let (left, right) = (anchor(&m.left), anchor(&m.right));
    if m.kind == "pair" && !(left.paragraphs.is_empty() && right.paragraphs.is_empty()) {
        bail!("an article-pair mark with paragraphs");
    }
    let indices = |a: &ArticleAnchor| a.paragraphs.iter().map(|p| p.index).collect();
    let target = Target::from_parts(
        &m.kind,
        &m.label,
        m.source.as_deref(),
        indices(&left),
        indices(&right),
    )
    .map_err(|e| anyhow::anyhow!(e))?;
    Ok(Mark {
        id: 0,
        uid: m.uid.clone(),
        left_id: left.id.clone(),
        right_id: right.id.clone(),
        target,
        note: m.note.clone(),
        author: m.author.clone(),
        created_at: m.created_at.clone(),
        updated_at: m.updated_at.clone(),
        anchor_status: AnchorStatus::Ok,
        anchor_detail: None,
        left,
        right,
    })
}

/// A CSV cell made safe for spreadsheets, in a file separated by commas
/// ([`csv_cell_for`]).
pub fn csv_cell(s: &str) -> String {
    csv_cell_for(s, CsvSeparator::Comma)
}

/// A CSV cell made safe for spreadsheets. A formula starts with `=`, `+`, `-`, `@` (or their
/// full-width forms `＝＋－＠`), also after white space (no-break and ideographic spaces
/// included), zero-width characters and quotes; a cell starting with a tab or a carriage
/// return counts too. Such a cell gets a leading `'`, so that spreadsheets read it as text.
/// A spreadsheet that splits on another separator than the file's (`;` in much of Europe,
/// `,`, a tab), or a paste split on tabs or lines, starts a field after each such character
/// or line break inside the cell, where quoting does not help (its quote is not at the start
/// of that field): a formula start, a tab or a carriage return there gets a `'` too.
pub fn csv_cell_for(s: &str, sep: CsvSeparator) -> String {
    let own = sep.char();
    let splits = |c: char| matches!(c, ',' | ';' | '\t' | '\n' | '\r') && (c != own || c == '\t');
    let mut out = String::with_capacity(s.len() + 2);
    let mut start = true;
    for (i, c) in s.char_indices() {
        if start && (s[i..].starts_with(['\t', '\r']) || starts_formula(&s[i..])) {
            out.push('\'');
        }
        start = splits(c);
        out.push(c);
    }
    out
}

/// Whether text read from here would be a formula: past white space (not a tab or a line
/// break, which start a field of their own), zero-width characters and quotes, a formula
/// character.
fn starts_formula(s: &str) -> bool {
    let rest = s.trim_start_matches(|c: char| {
        (c.is_whitespace() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(
                c,
                '"' | '\'' | '\u{200b}'
                    ..='\u{200f}'
                        | '\u{2060}'
                        | '\u{feff}'
                        | '\u{00ad}'
                        | '“'
                        | '”'
                        | '‘'
                        | '’'
                        | '„'
                        | '«'
                        | '»'
                        | '＂'
                        | '＇'
            )
    });
    rest.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠'])
}

/// A CSV field: quoted (quotes doubled) when it holds a separator of any locale (`,` `;`),
/// a tab, a quote or a line break, so that a spreadsheet splitting on `;` keeps it whole.
fn csv_field(s: &str, out: &mut String) {
    if s.contains([',', ';', '\t', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// One CSV record (RFC 4180, CRLF), each cell made safe by [`csv_cell_for`].
fn csv_record<S: AsRef<str>>(cells: &[S], sep: CsvSeparator, out: &mut dyn Write) -> Result<()> {
    let mut line = String::new();
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            line.push(sep.char());
        }
        csv_field(&csv_cell_for(c.as_ref(), sep), &mut line);
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())?;
    Ok(())
}

/// Paragraph indices for CSV: `3`, `3-4`, `1;3`.
fn csv_paras(ix: &[usize]) -> String {
    marks::para_list(ix).replace('¶', "").replace(", ", ";")
}

fn quotes(a: &ArticleAnchor) -> String {
    a.paragraphs
        .iter()
        .map(|p| p.quote.exact.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn csv(items: &[Item], options: &Options, out: &mut dyn Write) -> Result<()> {
    let sep = options.csv_separator;
    if options.csv_bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    csv_record(
        &[
            "id",
            "uid",
            "kind",
            "label",
            "source",
            "left_id",
            "left_title",
            "left_paragraphs",
            "left_quote",
            "right_id",
            "right_title",
            "right_paragraphs",
            "right_quote",
            "note",
            "author",
            "created_at",
            "updated_at",
            "anchor_status",
            "anchor_detail",
            "left_in_right",
            "right_in_left",
            "verdict",
        ],
        sep,
        out,
    )?;
    for item in items {
        let j = item.json();
        let m = &item.mark;
        let (lp, rp) = m.target.paragraphs();
        let score = |f: fn(&JsonScores) -> String| j.scores.as_ref().map(f).unwrap_or_default();
        let row = [
            m.id.to_string(),
            j.uid.clone(),
            j.kind.clone(),
            j.label.clone(),
            j.source.clone().unwrap_or_default(),
            j.left.id.clone(),
            j.left.title.clone(),
            csv_paras(lp),
            quotes(&m.left),
            j.right.id.clone(),
            j.right.title.clone(),
            csv_paras(rp),
            quotes(&m.right),
            j.note.clone().unwrap_or_default(),
            j.author.clone(),
            j.created_at.clone(),
            j.updated_at.clone(),
            j.anchor_status.clone(),
            j.anchor_detail.clone().unwrap_or_default(),
            score(|s| format!("{:.3}", s.left_in_right)),
            score(|s| format!("{:.3}", s.right_in_left)),
            score(|s| s.verdict.clone()),
        ];
        csv_record(&row, sep, out)?;
    }
    Ok(())
}

fn verdict_name(v: Verdict) -> &'static str {
    v.as_str()
}

/// Text for Markdown that renders as itself in CommonMark, GitHub-flavoured Markdown and
/// pandoc's Markdown: control characters made visible, bidi overrides dropped, line breaks as
/// `<br>` so a table cell stays one line, and every ASCII punctuation character but `,` `;`
/// `?` `/` backslash-escaped (CommonMark lets any of them be escaped). So no emphasis, code,
/// link, image, HTML, entity, heading, list or table syntax, no autolink (GFM's bare
/// `https:` URLs, `www.` and e-mail addresses need an unescaped `:`, `.` or `@`), no pandoc
/// citation (`@A1`), math (`$`), sub- or superscript (`~` `^`) or smart punctuation (`"`
/// `'` `--` `...`) comes from the text.
pub fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let lines: Vec<&str> = s
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in sanitize_controls(line).chars() {
            if c.is_ascii_punctuation() && !matches!(c, ',' | ';' | '?' | '/') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A paragraph's text for a report: its lines joined by single spaces.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `1 mark`, `3 marks`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn md(items: &[Item], corpus: &str, out: &mut dyn Write) -> Result<()> {
    // Group by article pair (either order), in order of first mark.
    let mut groups: Vec<(String, String, Vec<&Item>)> = Vec::new();
    for item in items {
        let (l, r) = (&item.mark.left_id, &item.mark.right_id);
        match groups
            .iter_mut()
            .find(|(a, b, _)| (a == l && b == r) || (a == r && b == l))
        {
            Some(g) => g.2.push(item),
            None => groups.push((l.clone(), r.clone(), vec![item])),
        }
    }
    writeln!(out, "# parallax marks\n")?;
    writeln!(
        out,
        "Corpus {}, generated {}: {} on {}.",
        md_text(corpus),
        marks::now_rfc3339(),
        count(items.len(), "mark", "marks"),
        count(groups.len(), "article pair", "article pairs")
    )?;
    for (lid, rid, group) in &groups {
        let first = group[0];
        let (la, ra) = (&first.left, &first.right);
        let title = |a: &Option<Rc<Article>>, anchor: &ArticleAnchor| {
            a.as_ref()
                .map_or_else(|| anchor.title.clone(), |x| x.meta.title.clone())
        };
        writeln!(out, "\n## {} ↔ {}\n", md_text(lid), md_text(rid))?;
        writeln!(
            out,
            "- **Left:** {} — {}",
            md_text(lid),
            md_text(&title(la, &first.mark.left))
        )?;
        writeln!(
            out,
            "- **Right:** {} — {}",
            md_text(rid),
            md_text(&title(ra, &first.mark.right))
        )?;
        match first.scores {
            Some((s, v)) => writeln!(
                out,
                "- **Shares now:** {} of left is in right, {} of right is in left; longest shared run {} words (engine: {})",
                pct(s.left_in_right),
                pct(s.right_in_left),
                s.longest_run,
                verdict_name(v).replace('_', " ")
            )?,
            None => writeln!(out, "- **Shares now:** unavailable (an article is missing)")?,
        }
        let pair_marks: Vec<&&Item> = group
            .iter()
            .filter(|i| matches!(i.mark.target, Target::Pair(_)))
            .collect();
        if pair_marks.is_empty() {
            writeln!(out, "- **Verdict:** not marked")?;
        }
        for item in pair_marks {
            let m = &item.mark;
            let Target::Pair(label) = m.target else {
                continue;
            };
            let label = if m.left_id == *lid {
                label
            } else {
                label.mirrored()
            };
            let verdict = match label {
                PairLabel::Copy(CopySource::Left) => {
                    "copy — left is the original, right reposts it".to_string()
                }
                PairLabel::Copy(CopySource::Right) => {
                    "copy — right is the original, left reposts it".to_string()
                }
                PairLabel::Copy(CopySource::Unknown) => {
                    "copy — which is the original is unknown".to_string()
                }
                l => l.as_str().to_string(),
            };
            writeln!(out, "- **Verdict:** {verdict} ({})", md_byline(m))?;
            if let Some(n) = &m.note {
                writeln!(out, "  - Note: {}", md_text(n))?;
            }
        }
        let para_marks: Vec<&&Item> = group
            .iter()
            .filter(|i| matches!(i.mark.target, Target::Paragraphs { .. }))
            .collect();
        if para_marks.is_empty() {
            continue;
        }
        writeln!(out, "\n### Marked paragraphs")?;
        for item in para_marks {
            let m = &item.mark;
            let Target::Paragraphs { left, right, label } = &m.target else {
                continue;
            };
            let swapped = m.left_id != *lid;
            let (lq, rq, li, ri) = if swapped {
                (&m.right, &m.left, right, left)
            } else {
                (&m.left, &m.right, left, right)
            };
            writeln!(
                out,
                "\n**{}**: left {} : right {} ({})\n",
                label.as_str(),
                marks::para_list(li),
                marks::para_list(ri),
                md_byline(m)
            )?;
            writeln!(
                out,
                "| left {} | right {} |\n| --- | --- |",
                marks::para_list(li),
                marks::para_list(ri)
            )?;
            writeln!(
                out,
                "| {} | {} |",
                md_text(&flat(&quotes(lq))),
                md_text(&flat(&quotes(rq)))
            )?;
            if let Some(n) = &m.note {
                writeln!(out, "\nNote: {}", md_text(n))?;
            }
        }
    }
    Ok(())
}

fn md_byline(m: &Mark) -> String {
    let status = match (&m.anchor_status, &m.anchor_detail) {
        (AnchorStatus::Ok, _) => "anchors ok".to_string(),
        (s, Some(d)) => format!("anchors {}: {}", s.as_str(), d),
        (s, None) => format!("anchors {}", s.as_str()),
    };
    md_text(&format!(
        "mark #{} by {}, {}; {}",
        m.id, m.author, m.created_at, status
    ))
}

/// A `file:` URI for a path (percent-encoded; relative paths made absolute when possible).
pub fn file_uri(path: &str) -> String {
    let p = Path::new(path);
    let abs = p
        .canonicalize()
        .ok()
        .or_else(|| std::env::current_dir().ok().map(|d| d.join(p)))
        .unwrap_or_else(|| p.to_path_buf());
    let s = abs.to_string_lossy();
    let mut out = String::from("file://");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The W3C selectors of one target: a quote and code-point positions.
fn selectors(q: &Quote, start: usize, end: usize) -> serde_json::Value {
    serde_json::json!([
        {"type": "TextQuoteSelector", "exact": q.exact, "prefix": q.prefix, "suffix": q.suffix},
        {"type": "TextPositionSelector", "start": start, "end": end}
    ])
}

/// Targets for one side: the whole text for a pair mark, else one per run of consecutive
/// paragraphs, taken from the current file when the mark resolves, else from its record.
fn w3c_targets(
    anchor: &ArticleAnchor,
    article: &Option<Rc<Article>>,
    indices: &[usize],
    pair: bool,
    resolved: bool,
) -> Vec<serde_json::Value> {
    let path = article.as_ref().map_or_else(
        || anchor.path.clone(),
        |a| a.path.to_string_lossy().into_owned(),
    );
    let source = file_uri(&path);
    // With selectors: a SpecificResource (a segment of the file); without: the file itself.
    let target = |sel: Option<serde_json::Value>| match sel {
        Some(s) => serde_json::json!({"type": "SpecificResource", "source": source, "selector": s}),
        None => serde_json::json!({"id": source, "type": "Text"}),
    };
    match (article, pair) {
        (Some(a), true) => {
            let q = marks::quote(&a.text, 0, a.text.len());
            vec![target(Some(selectors(&q, 0, marks::code_points(&a.text))))]
        }
        (None, true) => vec![target(None)],
        (Some(a), false) if resolved => runs(indices)
            .into_iter()
            .map(|(i, j)| {
                let (s, e) = (a.paragraphs[i].start, a.paragraphs[j].end);
                let q = marks::quote(&a.text, s, e);
                let (cs, ce) = (
                    marks::code_points(&a.text[..s]),
                    marks::code_points(&a.text[..e]),
                );
                target(Some(selectors(&q, cs, ce)))
            })
            .collect(),
        _ => anchor
            .paragraphs
            .iter()
            .map(|p| target(Some(selectors(&p.quote, p.start, p.end))))
            .collect(),
    }
}

/// Runs of consecutive indices: [3, 4, 7] → [(3, 4), (7, 7)].
fn runs(ix: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in ix {
        match out.last_mut() {
            Some((_, e)) if *e + 1 == i => *e = i,
            _ => out.push((i, i)),
        }
    }
    out
}

/// The W3C context, which every annotation and the collection name.
const ANNO_CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// A `urn:uuid:` IRI made from a hash of `parts` (a UUID of version 8, for names chosen here):
/// the same parts give the same IRI.
fn hashed_urn(parts: &[&str]) -> String {
    let mut bytes = Vec::new();
    for p in parts {
        bytes.extend_from_slice(&(p.len() as u64).to_le_bytes());
        bytes.extend_from_slice(p.as_bytes());
    }
    let mut b = xxhash_rust::xxh3::xxh3_128(&bytes).to_be_bytes();
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// Whether `s` is a UUID in its usual text form (8-4-4-4-12 hexadecimal digits).
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// The IRI of a mark: `urn:uuid:<uid>`; a uid that is not a UUID (an import may bring one)
/// gets a UUID derived from it, so that the IRI is valid and the same in every export.
pub fn mark_iri(uid: &str) -> String {
    if is_uuid(uid) {
        format!("urn:uuid:{}", uid.to_ascii_lowercase())
    } else {
        hashed_urn(&["parallax mark uid", uid])
    }
}

/// The default IRI of a W3C export's collection: derived from the store (its path) and the
/// annotations, so that exporting the same marks of the same store again gives the same IRI,
/// and any change to a mark gives another.
pub fn w3c_collection_id(store: &str, annotations: &[serde_json::Value]) -> String {
    let content = serde_json::to_string(annotations).unwrap_or_default();
    hashed_urn(&["parallax w3c collection", store, &content])
}

/// Why `s` is not an absolute IRI without a fragment (RFC 3987: a scheme, `:`, then no
/// white space, control character or `<>"{}|\^`` ` and no `#`).
pub fn check_iri(s: &str) -> std::result::Result<(), String> {
    let Some((scheme, rest)) = s.split_once(':') else {
        return Err("not an absolute IRI (no scheme, as in https://… or urn:…)".into());
    };
    let mut sc = scheme.chars();
    if !sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        || !sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    {
        return Err("not an absolute IRI (no scheme, as in https://… or urn:…)".into());
    }
    if rest.is_empty() {
        return Err("nothing after the scheme".into());
    }
    if let Some(c) = rest.chars().find(|&c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    }) {
        return Err(format!("{c:?} is not allowed in an IRI"));
    }
    if rest.contains('#') {
        return Err("give it without a fragment (#…): the page is the IRI with #page-1".into());
    }
    Ok(())
}

/// An RFC 3339 time as the W3C model wants it: `xsd:dateTime` in UTC, written with `Z`.
fn utc_z(t: &str) -> String {
    match marks::rfc3339_millis(t) {
        Some(ms) => marks::rfc3339_of_millis(ms),
        None => t.to_string(),
    }
}

/// One mark as a W3C Annotation that stands on its own (with its `@context`).
fn w3c_annotation(item: &Item) -> serde_json::Value {
    let m = &item.mark;
    let (lp, rp) = m.target.paragraphs();
    let pair = matches!(m.target, Target::Pair(_));
    let resolved = m.anchor_status != AnchorStatus::Orphaned;
    let mut target = w3c_targets(&m.left, &item.left, lp, pair, resolved);
    target.extend(w3c_targets(&m.right, &item.right, rp, pair, resolved));
    let status = match &m.anchor_detail {
        Some(d) => format!("{} ({d})", m.anchor_status.as_str()),
        None => m.anchor_status.as_str().to_string(),
    };
    let mut body = vec![
        serde_json::json!({
            "type": "TextualBody", "purpose": "classifying",
            "value": m.target.label(), "format": "text/plain"
        }),
        serde_json::json!({
            "type": "TextualBody", "purpose": "describing", "format": "text/plain",
            "value": format!(
                "parallax {} mark: {} — left {}, right {}; anchors {}",
                m.target.kind(), m.target.describe(), m.left_id, m.right_id, status
            )
        }),
    ];
    if let Some(n) = &m.note {
        body.push(serde_json::json!({
            "type": "TextualBody", "purpose": "commenting",
            "value": n, "format": "text/plain"
        }));
    }
    serde_json::json!({
        "@context": ANNO_CONTEXT,
        "id": mark_iri(&m.uid),
        "type": "Annotation",
        "motivation": "classifying",
        "created": utc_z(&m.created_at),
        "modified": utc_z(&m.updated_at),
        "creator": {"type": "Person", "name": m.author},
        "body": body,
        "target": target,
    })
}

/// The W3C export: an `AnnotationCollection` with an IRI (`base`, else
/// [`w3c_collection_id`]), and when there are marks one embedded `AnnotationPage` (its own
/// IRI, `partOf` the collection) holding one Annotation per mark.
fn w3c(
    items: &[Item],
    corpus: &str,
    store: &str,
    base: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let annotations: Vec<serde_json::Value> = items.iter().map(w3c_annotation).collect();
    let (id, page_id) = match base {
        Some(b) => (b.to_string(), format!("{b}#page-1")),
        None => {
            let id = w3c_collection_id(store, &annotations);
            let page = hashed_urn(&["parallax w3c page 1", &id]);
            (id, page)
        }
    };
    let mut doc = serde_json::json!({
        "@context": ANNO_CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": format!("parallax marks of {corpus}"),
        "generator": {"type": "Software", "name": format!("parallax {}", env!("CARGO_PKG_VERSION"))},
        "generated": marks::now_rfc3339(),
        "total": annotations.len(),
    });
    // A page holds 1 or more annotations: an empty collection has none.
    if !annotations.is_empty() {
        doc["first"] = serde_json::json!({
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": id,
            "startIndex": 0,
            "items": annotations,
        });
        doc["last"] = serde_json::json!(page_id);
    }
    crate::text::safe_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_name_their_files() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            let file = format!("marks.{}", f.extension());
            assert_eq!(Format::from_path(Path::new(&file)), Some(f));
        }
        assert!("xml"
            .parse::<Format>()
            .unwrap_err()
            .contains("unknown export format"));
        assert_eq!(Format::from_path(Path::new("x.txt")), None);
    }

    #[test]
    fn csv_cells_that_would_be_formulas_are_neutralised() {
        for bad in [
            "=cmd|' /C calc'!A0",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            " =spaced",
            "\u{a0}=1",
            "\u{200b}+1",
            "\u{feff}@x",
            "\u{3000}-1",
            "\"=1\"",
            "'=1",
            " \" '=1",
            "＝1+1",
            "＋1",
            "－1",
            "＠A1",
        ] {
            assert_eq!(csv_cell(bad), format!("'{bad}"), "{bad:?}");
        }
        for ok in ["plain", "", "'quoted", "3-4", "a=b", "1;3", "a\tb", "x, =y"] {
            assert_eq!(csv_cell(ok), ok);
        }
        // Where a locale splitting on ';' (or a paste on tabs, lines) starts a field.
        assert_eq!(
            csv_cell("x;=cmd|' /C calc'!A0;y"),
            "x;'=cmd|' /C calc'!A0;y"
        );
        assert_eq!(csv_cell("a; \u{a0}+1\n@x\t－1"), "a;' \u{a0}+1\n'@x\t'－1");
        assert_eq!(csv_cell("a\r\n=x"), "a\r\n'=x");
        assert_eq!(csv_cell("\n=x"), "\n'=x");
        assert_eq!(csv_cell(" \t=x"), " \t'=x");
    }

    #[test]
    fn csv_cells_are_safe_after_any_other_separator() {
        // A tab or CR after a split point starts a field with it: neutralised too.
        assert_eq!(csv_cell("a;\t=1"), "a;'\t'=1");
        assert_eq!(csv_cell("a;\r+1"), "a;'\r'+1");
        // In a file separated by ';', a ',' splits for a reader set to ','; not its own ';'.
        let semi = |s: &str| csv_cell_for(s, CsvSeparator::Semicolon);
        assert_eq!(semi("a,=1"), "a,'=1");
        assert_eq!(semi("a, @x"), "a,' @x");
        assert_eq!(semi("x;=1"), "x;=1");
        assert_eq!(csv_cell("x, =y"), "x, =y");
        let tab = |s: &str| csv_cell_for(s, CsvSeparator::Tab);
        assert_eq!(tab("a,=1;-2\t+3"), "a,'=1;'-2\t'+3");
    }

    #[test]
    fn csv_records_use_the_separator_asked_for() {
        let mut out = Vec::new();
        csv_record(&["a", "b;c", "d,e"], CsvSeparator::Semicolon, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a;\"b;c\";\"d,e\"\r\n");
        let mut out = Vec::new();
        csv_record(&["a", "b c"], CsvSeparator::Tab, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a\tb c\r\n");
    }

    #[test]
    fn markdown_escapes_autolinks_citations_and_smart_punctuation() {
        assert_eq!(md_text("https://x.example"), "https\\://x\\.example");
        assert_eq!(md_text("www.x.example"), "www\\.x\\.example");
        assert_eq!(md_text("a@b.example"), "a\\@b\\.example");
        assert_eq!(md_text("@A1 [-@A2]"), "\\@A1 \\[\\-\\@A2\\]");
        assert_eq!(
            md_text("\"q\" -- ... $x$"),
            "\\\"q\\\" \\-\\- \\.\\.\\. \\$x\\$"
        );
        assert_eq!(md_text("a, b; c? d/e"), "a, b; c? d/e");
    }

    #[test]
    fn w3c_iris_are_valid_and_stable() {
        let uid = "0F3E8C1A-1B2C-4D5E-8F90-A1B2C3D4E5F6";
        assert_eq!(
            mark_iri(uid),
            format!("urn:uuid:{}", uid.to_ascii_lowercase())
        );
        let odd = mark_iri("not a uuid <x>");
        assert!(odd.starts_with("urn:uuid:") && odd.len() == 45, "{odd}");
        assert!(check_iri(&odd).is_ok());
        assert_eq!(odd, mark_iri("not a uuid <x>"));
        assert_ne!(odd, mark_iri("not a uuid <y>"));
        let a = [serde_json::json!({"id": "urn:uuid:1"})];
        assert_eq!(w3c_collection_id("s", &a), w3c_collection_id("s", &a));
        assert_ne!(w3c_collection_id("s", &a), w3c_collection_id("t", &a));
        assert_ne!(w3c_collection_id("s", &a), w3c_collection_id("s", &[]));
        for ok in [
            "https://example.org/marks",
            "urn:x:y",
            "file:///tmp/m.jsonld",
        ] {
            assert!(check_iri(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "marks",
            ":x",
            "1http://x",
            "https://a b",
            "https://x/#f",
            "urn:x\u{202e}",
        ] {
            assert!(check_iri(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn csv_fields_with_any_separator_are_quoted() {
        let mut out = Vec::new();
        csv_record(
            &["a", "x;y", "b,c", "q\"q", "l\nm", "t\tu", "'=1"],
            CsvSeparator::Comma,
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"x;y\",\"b,c\",\"q\"\"q\",\"l\nm\",\"t\tu\",''=1\r\n"
        );
    }

    #[test]
    fn stale_temp_files_are_told_by_pid() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let names = [
            format!("{TEMP_PREFIX}{dead}-abc.tmp"),
            format!("{TEMP_PREFIX}{}-abc.tmp", std::process::id()),
            format!("{TEMP_PREFIX}{dead}-.tmp"),
            format!("{TEMP_PREFIX}abc.tmp"),
            format!("{TEMP_PREFIX}{dead}-abc.tmp.bak"),
        ];
        for n in &names {
            std::fs::write(dir.path().join(n), "x").unwrap();
        }
        remove_stale_temp_files(dir.path());
        let left: Vec<bool> = names.iter().map(|n| dir.path().join(n).exists()).collect();
        assert_eq!(left, [false, true, true, true, true]);
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(
            md_text("a|b *c* <script>\r\nnext\u{1b}[2J\u{202e}"),
            "a\\|b \\*c\\* \\<script\\><br>next␛\\[2J"
        );
    }

    #[test]
    fn atomic_write_leaves_old_file_when_filling_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomically(&path, |w| {
            w.write_all(b"half of the new")?;
            bail!("disk on fire")
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk on fire"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left behind");

        write_atomically(&path, |w| Ok(w.write_all(b"new")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let fresh = dir.path().join("fresh.md");
        let err = write_atomically(&fresh, |_| bail!("nope")).unwrap_err();
        assert!(err.to_string().contains("nope"));
        assert!(!fresh.exists());
    }

    #[test]
    fn file_uris_are_percent_encoded() {
        assert_eq!(file_uri("/a b/ü#?.txt"), "file:///a%20b/%C3%BC%23%3F.txt");
    }

    #[test]
    fn runs_of_paragraphs() {
        assert_eq!(runs(&[3, 4, 7]), [(3, 4), (7, 7)]);
        assert_eq!(runs(&[]), []);
    }
}
