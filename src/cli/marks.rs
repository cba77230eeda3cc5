//! The marks commands of the command line: `mark`, `marks`, `unmark`, `note`, `undo`,
//! `export`, `import`.

use anyhow::{bail, Context, Result};
use parallax_core::corpus::Corpus;
use parallax_core::marks::export::{self, Format};
use parallax_core::marks::store::Store;
use parallax_core::marks::{self, AnchorStatus, CopySource, PairLabel, ParaLabel, Target};
use parallax_core::text::sanitize::{sanitize, sanitize_multiline};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where the corpus and the store are.
#[derive(clap::Args, Debug, Clone)]
pub struct StoreArgs {
    /// Corpus folder.
    #[arg(long, default_value = "articles")]
    pub corpus: PathBuf,
    /// Marks store (default: <corpus>/.parallax/parallax.db).
    #[arg(long, value_name = "PATH")]
    pub store: Option<PathBuf>,
}

impl StoreArgs {
    pub fn store_path(&self) -> PathBuf {
        self.store
            .clone()
            .unwrap_or_else(|| Store::default_path(&self.corpus))
    }

    /// Open (or create) the store. (Listing and exporting find the articles in the corpus.)
    fn open(&self) -> Result<Store> {
        Ok(Store::open(&self.store_path())?)
    }

    /// Open the store if there is one; `None` when the file does not exist (nothing is created).
    fn open_existing(&self) -> Result<Option<Store>> {
        let path = self.store_path();
        if !path.exists() {
            return Ok(None);
        }
        self.open().map(Some)
    }

    /// The store opened read-only, for reading commands (an empty one in memory when there
    /// is no store file): nothing is created or written, so they work on a read-only or
    /// full disk.
    fn open_for_reading(&self) -> Result<Store> {
        match Store::open_read_only(&self.store_path())? {
            Some(s) => Ok(s),
            None => Ok(Store::in_memory()?),
        }
    }

    /// The store, for a command on mark `id`: a missing store holds no mark.
    fn store_holding(&self, id: i64) -> Result<Store> {
        self.open_existing()?.ok_or_else(|| {
            anyhow::anyhow!(
                "no mark #{id}: there is no store at {}",
                self.store_path().display()
            )
        })
    }
}

/// Every label, for article pairs and for paragraphs.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelArg {
    Duplicate,
    Copy,
    SameStory,
    Unrelated,
    NearDuplicate,
    Paraphrase,
    Distinct,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceArg {
    Left,
    Right,
    Unknown,
}

/// `export --format`: the export formats, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Json,
    Jsonl,
    Csv,
    Md,
    W3c,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Md => Format::Md,
            FormatArg::W3c => Format::W3c,
        }
    }
}

/// `export --csv-separator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SeparatorArg {
    /// `,`
    Comma,
    /// `;`
    Semicolon,
    /// a tab
    Tab,
}

impl From<SeparatorArg> for export::CsvSeparator {
    fn from(s: SeparatorArg) -> export::CsvSeparator {
        match s {
            SeparatorArg::Comma => export::CsvSeparator::Comma,
            SeparatorArg::Semicolon => export::CsvSeparator::Semicolon,
            SeparatorArg::Tab => export::CsvSeparator::Tab,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct MarkArgs {
    /// Left article: id, unique id prefix or file path.
    pub a: String,
    /// Right article: id, unique id prefix or file path.
    pub b: String,
    /// Article pair: duplicate, copy, same-story, unrelated. Paragraphs (with --para):
    /// duplicate, near-duplicate, paraphrase, distinct.
    #[arg(long, value_enum)]
    pub label: LabelArg,
    /// For --label copy: which article is the original (the other reposts it).
    #[arg(long, value_enum)]
    pub source: Option<SourceArg>,
    /// Mark paragraphs instead of the pair: LEFT:RIGHT, each an index or a range (3:5, 3-4:5),
    /// numbered as `show` and `compare` number them.
    #[arg(long, value_name = "LEFT:RIGHT")]
    pub para: Option<String>,
    /// A note on the mark (it may begin with -: --note -1).
    #[arg(long, allow_hyphen_values = true)]
    pub note: Option<String>,
    /// Author to record (default: $PARALLAX_AUTHOR, the config file, the login name).
    #[arg(long, allow_hyphen_values = true)]
    pub author: Option<String>,
    #[command(flatten)]
    pub at: StoreArgs,
}

fn author(flag: Option<String>) -> Result<String> {
    match flag {
        Some(a) if !a.trim().is_empty() => Ok(a.trim().to_string()),
        Some(_) => bail!("--author is empty"),
        None => marks::author(),
    }
}

/// `3:5`, `3-4:5`, `3:5-7` → `([3], [5])`, `([3, 4], [5])`, `([3], [5, 6, 7])`.
pub fn parse_para_spec(spec: &str) -> Result<(Vec<usize>, Vec<usize>)> {
    let bad = || {
        anyhow::anyhow!(
            "--para '{spec}': expected LEFT:RIGHT, each a paragraph number or a range (3:5, 3-4:5)"
        )
    };
    let (l, r) = spec.split_once(':').ok_or_else(bad)?;
    let side = |s: &str| -> Result<Vec<usize>> {
        let num = |n: &str| n.trim().parse::<usize>().map_err(|_| bad());
        match s.split_once('-') {
            None => Ok(vec![num(s)?]),
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if a > b {
                    bail!("--para '{spec}': the range {a}-{b} runs backwards");
                }
                if b - a >= 10_000 {
                    return Err(bad());
                }
                Ok((a..=b).collect())
            }
        }
    };
    Ok((side(l)?, side(r)?))
}

/// The target the flags describe.
pub fn target(label: LabelArg, source: Option<SourceArg>, para: Option<&str>) -> Result<Target> {
    let source = source.map(|s| match s {
        SourceArg::Left => CopySource::Left,
        SourceArg::Right => CopySource::Right,
        SourceArg::Unknown => CopySource::Unknown,
    });
    let name = clap::ValueEnum::to_possible_value(&label)
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    match para {
        None => PairLabel::parse(&name, source)
            .map(Target::Pair)
            .map_err(|e| anyhow::anyhow!("{e}; for paragraphs give --para LEFT:RIGHT")),
        Some(spec) => {
            if source.is_some() {
                bail!("--source applies to an article-pair 'copy' mark, not to paragraphs");
            }
            let label = ParaLabel::parse(&name).map_err(|e| {
                anyhow::anyhow!("{e}; '{name}' applies to an article pair (leave out --para)")
            })?;
            let (left, right) = parse_para_spec(spec)?;
            Ok(Target::Paragraphs { left, right, label })
        }
    }
}

/// `parallax mark`.
pub fn mark(args: MarkArgs, out: &mut dyn Write) -> Result<()> {
    let target = target(args.label, args.source, args.para.as_deref())?;
    let author = author(args.author)?;
    let (left, right, _) = super::load::load_two(&args.a, &args.b, &args.at.corpus)?;
    let mut store = args.at.open()?;
    let m = store.add(&left, &right, target, args.note.as_deref(), &author)?;
    writeln!(out, "saved mark #{}: {}", m.id, what(&m))?;
    Ok(())
}

/// `004_… ↔ 002_…  near-duplicate ¶2 : ¶5`, safe for a terminal.
fn what(m: &marks::Mark) -> String {
    sanitize(&format!(
        "{} ↔ {}  {}",
        m.left_id,
        m.right_id,
        m.target.describe()
    ))
}

/// `parallax marks`.
pub fn list(at: &StoreArgs, json: bool, out: &mut dyn Write, tty: bool) -> Result<()> {
    let corpus = Corpus::open(&at.corpus)?;
    let store = at.open_for_reading()?;
    let items = export::items(&store, &corpus, false)?;
    let mut buf = Vec::new();
    if json {
        parallax_core::json::to_writer_pretty(&mut buf, &export::json_doc(&items, &corpus))?;
        writeln!(buf)?;
        return emit(out, buf, tty);
    }
    for item in &items {
        let m = &item.mark;
        let status = match m.anchor_status {
            AnchorStatus::Ok => String::new(),
            s => format!(
                "  [{}{}]",
                s.as_str(),
                m.anchor_detail
                    .as_deref()
                    .map(|d| format!(": {}", sanitize(d)))
                    .unwrap_or_default()
            ),
        };
        writeln!(
            out,
            "#{:<4} {}  {}  {}{}",
            m.id,
            what(m),
            sanitize(&m.author),
            m.created_at,
            status
        )?;
        if let Some(n) = &m.note {
            writeln!(out, "      note: {}", sanitize(n))?;
        }
    }
    let orphaned = items
        .iter()
        .filter(|i| i.mark.anchor_status == AnchorStatus::Orphaned)
        .count();
    write!(out, "{}", export::count(items.len(), "mark", "marks"))?;
    if orphaned > 0 {
        write!(out, " ({orphaned} orphaned)")?;
    }
    writeln!(out)?;
    Ok(())
}

/// `parallax unmark`.
pub fn unmark(at: &StoreArgs, id: i64, who: Option<String>, out: &mut dyn Write) -> Result<()> {
    let who = author(who)?;
    let mut store = at.store_holding(id)?;
    store.delete(id, &who)?;
    writeln!(out, "deleted mark #{id} (`parallax undo` brings it back)")?;
    Ok(())
}

/// `parallax note`.
pub fn note(
    at: &StoreArgs,
    id: i64,
    text: Option<String>,
    who: Option<String>,
    out: &mut dyn Write,
) -> Result<()> {
    let who = author(who)?;
    let mut store = at.store_holding(id)?;
    let m = store.set_note(id, text.as_deref(), &who)?;
    match &m.note {
        Some(n) => writeln!(out, "note of mark #{id}: {}", sanitize(n))?,
        None => writeln!(out, "mark #{id} has no note")?,
    }
    Ok(())
}

/// `parallax undo`.
pub fn undo(at: &StoreArgs, who: Option<String>, out: &mut dyn Write) -> Result<()> {
    let who = author(who)?;
    let done = match at.open_existing()? {
        Some(mut store) => store.undo_by(&who)?,
        None => None,
    };
    match done {
        Some(d) => writeln!(out, "{}", sanitize(&d))?,
        None => writeln!(out, "nothing to undo for {}", sanitize(&who))?,
    }
    Ok(())
}

/// `parallax export`.
pub fn export(
    at: &StoreArgs,
    format: Option<Format>,
    output: Option<&Path>,
    force: bool,
    options: &export::Options,
    out: &mut dyn Write,
    tty: bool,
) -> Result<()> {
    let format = format
        .or_else(|| output.and_then(Format::from_path))
        .unwrap_or(Format::Json);
    let corpus = Corpus::open(&at.corpus)?;
    let store = at.open_for_reading()?;
    let dest = match output {
        Some(path) => export::destination(path, &corpus, Some(&at.store_path()), force)?,
        None => export::Destination::Stdout,
    };
    if dest == export::Destination::Stdout {
        let mut buf = Vec::new();
        export::write_with(&store, &corpus, format, options, &mut buf)?;
        return emit(out, buf, tty);
    }
    remove_temp_files_on_signal();
    export::write_to(&dest, |w| {
        export::write_with(&store, &corpus, format, options, w)
    })?;
    let n = store.current_in(&corpus)?.len();
    writeln!(
        out,
        "exported {} to {} ({format})",
        export::count(n, "mark", "marks"),
        sanitize(&dest.describe())
    )?;
    Ok(())
}

/// From now on SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the temporary file of
/// the export under way before they end the process as they would have.
#[cfg(unix)]
fn remove_temp_files_on_signal() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])
    else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            export::remove_pending_temp_files();
            let _ = signal_hook::low_level::emulate_default_handler(sig);
            std::process::exit(128 + sig);
        }
    });
}

#[cfg(not(unix))]
fn remove_temp_files_on_signal() {}

/// Files larger than this are not read by `import`.
pub const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

/// `parallax import`.
pub fn import(at: &StoreArgs, file: &Path, who: Option<String>, out: &mut dyn Write) -> Result<()> {
    let who = author(who)?;
    let shown = file.display().to_string();
    let meta = std::fs::metadata(file).with_context(|| format!("cannot read {shown}"))?;
    if meta.len() > MAX_IMPORT_BYTES {
        bail!("{shown}: too large to import ({} MB)", meta.len() >> 20);
    }
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {shown}"))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| anyhow::anyhow!("{shown}: not UTF-8 text, so not a parallax export"))?;
    let marks = export::read_json(text).with_context(|| shown.clone())?;
    let mut store = at.open()?;
    let r = store.import(&marks, &who)?;
    write!(
        out,
        "imported {}: {} added, {} updated, {} unchanged",
        sanitize(&shown),
        r.added,
        r.updated,
        r.unchanged
    )?;
    if !r.skipped.is_empty() {
        write!(out, ", {} skipped", r.skipped.len())?;
    }
    writeln!(out)?;
    for why in &r.skipped {
        writeln!(out, "  skipped {}", sanitize(why))?;
    }
    Ok(())
}

/// Write output meant for stdout: as is into a pipe or file, with control characters made
/// visible on a terminal (exports hold text from files and notes).
fn emit(out: &mut dyn Write, bytes: Vec<u8>, tty: bool) -> Result<()> {
    if !tty {
        out.write_all(&bytes)?;
        return Ok(());
    }
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    out.write_all(sanitize_multiline(&lines.join("\n")).as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn para_specs() {
        assert_eq!(parse_para_spec("3:5").unwrap(), (vec![3], vec![5]));
        assert_eq!(parse_para_spec("3-4:5").unwrap(), (vec![3, 4], vec![5]));
        assert_eq!(parse_para_spec("0:5-7").unwrap(), (vec![0], vec![5, 6, 7]));
        for bad in [
            "3",
            "3:",
            ":5",
            "a:b",
            "3:5:7",
            "-1:2",
            "4-3:1",
            "3--4:1",
            "0-99999:1",
        ] {
            assert!(parse_para_spec(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn exports_to_a_terminal_are_made_safe_and_to_a_pipe_are_exact() {
        let data = "a,\"x\u{1b}[2J\u{202e}\"\r\nb\u{7},c\r\n"
            .as_bytes()
            .to_vec();
        let mut piped = Vec::new();
        emit(&mut piped, data.clone(), false).unwrap();
        assert_eq!(piped, data);
        let mut shown = Vec::new();
        emit(&mut shown, data, true).unwrap();
        assert_eq!(String::from_utf8(shown).unwrap(), "a,\"x␛[2J\"\nb␇,c\n");
    }

    #[test]
    fn labels_fit_their_target() {
        assert_eq!(
            target(LabelArg::Copy, Some(SourceArg::Left), None).unwrap(),
            Target::Pair(PairLabel::Copy(CopySource::Left))
        );
        assert!(target(LabelArg::NearDuplicate, None, None).is_err());
        assert!(target(LabelArg::Copy, None, Some("1:2")).is_err());
        assert!(target(LabelArg::Duplicate, Some(SourceArg::Left), Some("1:2")).is_err());
        assert!(target(LabelArg::SameStory, Some(SourceArg::Left), None).is_err());
        assert_eq!(
            target(LabelArg::Duplicate, None, Some("1:2")).unwrap(),
            Target::Paragraphs {
                left: vec![1],
                right: vec![2],
                label: ParaLabel::Duplicate
            }
        );
    }
}
