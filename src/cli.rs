//! The `parallax` command line.

use crate::corpus::{self, Corpus};
use crate::{compare, export, json, marks_cli, report, Article};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "parallax",
    version,
    args_conflicts_with_subcommands = true,
    about = "Compare news articles side by side: aligned paragraphs, word-level reuse, containment scores"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Without a subcommand: the corpus folder the reader opens (default: ./articles).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Without a subcommand: the reader on ./articles.
    #[command(flatten)]
    pub tui: TuiArgs,
}

/// Options of the terminal reader.
#[derive(clap::Args, Debug, Clone)]
pub struct TuiArgs {
    /// The marks store (default: <corpus>/.parallax/parallax.db).
    #[arg(long)]
    pub store: Option<PathBuf>,
    /// Mouse wheel scrolling and clicks (off by default so that text stays selectable).
    #[arg(long)]
    pub mouse: bool,
    /// Colours for a dark or a light terminal background.
    #[arg(long, value_enum, default_value_t = ThemeArg::Dark)]
    pub theme: ThemeArg,
    /// Author recorded with marks (default: $PARALLAX_AUTHOR, else the login name).
    #[arg(long)]
    pub author: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Dark,
    Light,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open the reader: pick two articles, read them aligned, mark duplicates (the default).
    Tui {
        /// Corpus folder.
        #[arg(default_value = "articles")]
        dir: PathBuf,
        #[command(flatten)]
        tui: TuiArgs,
    },
    /// List the articles of a corpus.
    List {
        /// Corpus folder.
        #[arg(long, default_value = "articles")]
        corpus: PathBuf,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Full-text search: every paragraph containing the words of QUERY in order (a pasted
    /// quote), with article id, paragraph index and a snippet.
    Search {
        /// Words to find, as a phrase; case, accents and punctuation are ignored.
        query: String,
        #[arg(long, default_value = "articles")]
        corpus: PathBuf,
        /// At most this many hits, best first.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Show one article: metadata and numbered paragraphs.
    Show {
        /// Article id, unique id prefix (e.g. 004) or file path.
        article: String,
        #[arg(long, default_value = "articles")]
        corpus: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Compare two articles: aligned paragraphs, word diff, shares and verdict.
    Compare {
        /// Left article: id, unique id prefix or file path.
        a: String,
        /// Right article: id, unique id prefix or file path.
        b: String,
        #[arg(long, default_value = "articles")]
        corpus: PathBuf,
        #[arg(long)]
        json: bool,
        /// Layout of the text report (auto: side by side when the terminal is 100 columns or wider).
        #[arg(long, value_enum, default_value_t = report::Layout::Auto)]
        layout: report::Layout,
        /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
        #[arg(long, value_enum, default_value_t = report::ColorChoice::Auto)]
        color: report::ColorChoice,
        /// Report width in columns (default: the terminal's, or $COLUMNS, or 80).
        #[arg(long)]
        width: Option<usize>,
        /// Show every row; by default long runs of paragraphs without counterpart are folded.
        #[arg(long)]
        full: bool,
    },
    /// Find every pair of articles that shares text, and passages repeated inside an article.
    Scan {
        #[arg(long, default_value = "articles")]
        corpus: PathBuf,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
        /// Leave out pairs whose larger share is below X (0 to 1).
        #[arg(long, value_name = "X", default_value_t = 0.0, value_parser = parse_share)]
        min_share: f64,
        /// Report pairs whose longest shared run is at least N words, and find every such
        /// run (a finer index, slower). Without it: runs of 12 words or more, every run of
        /// 20 words found, shorter ones most of the time. Below 12, chance matches of stock
        /// phrases appear: use it to find shared quotes.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(6..=200))]
        min_run: Option<u16>,
    },
    /// Which other articles of the corpus cover which paragraphs of one article.
    Coverage {
        /// Article id, unique id prefix (e.g. 002) or file path in the corpus.
        article: String,
        #[arg(long, default_value = "articles")]
        corpus: PathBuf,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Mark a pair of articles (--label duplicate|copy|same-story|unrelated) or of paragraphs
    /// (--para 3:5 --label duplicate|near-duplicate|paraphrase|distinct).
    Mark(marks_cli::MarkArgs),
    /// List the current marks, with their anchor status.
    Marks {
        #[command(flatten)]
        at: marks_cli::StoreArgs,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Delete a mark (a recorded change: `parallax undo` brings it back).
    Unmark {
        /// Mark number, as `parallax marks` shows it.
        id: i64,
        #[arg(long)]
        author: Option<String>,
        #[command(flatten)]
        at: marks_cli::StoreArgs,
    },
    /// Set, replace or (without TEXT) clear the note of a mark.
    Note {
        /// Mark number, as `parallax marks` shows it.
        id: i64,
        text: Option<String>,
        #[arg(long)]
        author: Option<String>,
        #[command(flatten)]
        at: marks_cli::StoreArgs,
    },
    /// Undo the last change to the marks (a mark, note, deletion or import).
    Undo {
        #[arg(long)]
        author: Option<String>,
        #[command(flatten)]
        at: marks_cli::StoreArgs,
    },
    /// Export the current marks (stdout, or FILE written whole or not at all).
    Export {
        /// json, jsonl, csv, md or w3c (default: from the -o file's extension, else json).
        #[arg(long, value_enum)]
        format: Option<export::Format>,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        at: marks_cli::StoreArgs,
    },
    /// Merge the marks of a json export (another analyst's) into the store.
    Import {
        file: PathBuf,
        #[arg(long)]
        author: Option<String>,
        #[command(flatten)]
        at: marks_cli::StoreArgs,
    },
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            if is_broken_pipe(&e) {
                return 0;
            }
            let msg = format!("{e:#}");
            eprintln!("parallax: error: {}", crate::sanitize::sanitize(&msg));
            1
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

pub fn run(cli: Cli) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let command = match cli.command {
        Some(c) => c,
        None => Command::Tui {
            dir: cli.dir.unwrap_or_else(|| PathBuf::from("articles")),
            tui: cli.tui,
        },
    };
    match command {
        Command::Tui { dir, tui } => {
            drop(out);
            return run_tui(dir, tui);
        }
        Command::List { corpus, json } => {
            let c = Corpus::open(&corpus)?;
            let (articles, skipped, warning) = crate::cache::load_listing(&c);
            if let Some(w) = warning {
                eprintln!("parallax: {}", crate::sanitize::sanitize(&w));
            }
            if json {
                let doc = json::List {
                    schema_version: json::SCHEMA_VERSION,
                    corpus: &c.root,
                    articles: articles.iter().map(json::ListEntry::new).collect(),
                    skipped: &skipped,
                };
                serde_json::to_writer_pretty(&mut out, &doc)?;
                writeln!(out)?;
            } else {
                report::list(
                    &mut out,
                    &articles,
                    &skipped,
                    report::width(None).unwrap_or(report::UNLIMITED),
                )?;
            }
        }
        Command::Search {
            query,
            corpus,
            limit,
            json,
        } => search(&query, &corpus, limit, json, &mut out)?,
        Command::Show {
            article,
            corpus,
            json,
        } => {
            let a = load_one(&article, &corpus)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &json::Show::new(&a))?;
                writeln!(out)?;
            } else {
                report::show(
                    &mut out,
                    &a,
                    report::width(None).unwrap_or(report::UNLIMITED),
                )?;
            }
        }
        Command::Compare {
            a,
            b,
            corpus,
            json,
            layout,
            color,
            width,
            full,
        } => {
            let (a, b) = load_two(&a, &b, &corpus)?;
            let c = compare::compare(&a, &b);
            if json {
                serde_json::to_writer_pretty(&mut out, &json::Compare::new(&a, &b, &c))?;
                writeln!(out)?;
            } else {
                let colored = color.enabled(std::io::stdout().is_terminal());
                let opts = report::Options {
                    width: report::width(width).unwrap_or(80),
                    layout,
                    color: colored,
                    full,
                };
                report::compare(&mut out, &a, &b, &c, &opts)?;
            }
        }
        Command::Scan {
            corpus,
            json,
            min_share,
            min_run,
        } => {
            let o = crate::scan::Options {
                min_share,
                ..crate::scan::Options::with_min_run(min_run.map(usize::from))
            };
            crate::scan_cli::scan(&corpus, json, o, &mut out)?
        }
        Command::Coverage {
            article,
            corpus,
            json,
        } => crate::scan_cli::coverage(&article, &corpus, json, &mut out)?,
        Command::Mark(args) => marks_cli::mark(args, &mut out)?,
        Command::Marks { at, json } => marks_cli::list(&at, json, &mut out, tty())?,
        Command::Unmark { id, author, at } => marks_cli::unmark(&at, id, author, &mut out)?,
        Command::Note {
            id,
            text,
            author,
            at,
        } => marks_cli::note(&at, id, text, author, &mut out)?,
        Command::Undo { author, at } => marks_cli::undo(&at, author, &mut out)?,
        Command::Export { format, output, at } => {
            marks_cli::export(&at, format, output.as_deref(), &mut out, tty())?
        }
        Command::Import { file, author, at } => marks_cli::import(&at, &file, author, &mut out)?,
    }
    out.flush()?;
    Ok(())
}

fn run_tui(corpus: PathBuf, args: TuiArgs) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the reader needs a terminal; for a report in a pipe use `parallax list` or `parallax compare A B`"
        );
    }
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let opts = crate::tui::Options {
        corpus,
        store: args.store,
        mouse: args.mouse,
        theme: match args.theme {
            ThemeArg::Dark => crate::tui::state::Theme::Dark,
            ThemeArg::Light => crate::tui::state::Theme::Light,
        },
        color,
        author: args.author,
    };
    // The reader opens without marks when the store cannot be opened (and says why).
    let corpus = crate::corpus::Corpus::open(&opts.corpus)?;
    let path = opts
        .store
        .clone()
        .unwrap_or_else(|| crate::store::Store::default_path(&opts.corpus));
    let author = opts
        .author
        .clone()
        .unwrap_or_else(crate::marks::default_author);
    match crate::tui::store_marks::StoreMarks::open(&path, corpus, author) {
        Ok(m) => crate::tui::run(opts, Some(Box::new(m)), None),
        Err(e) => crate::tui::run(opts, None, Some(format!("{e:#}"))),
    }
}

fn search(
    query: &str,
    corpus: &Path,
    limit: usize,
    json: bool,
    out: &mut impl Write,
) -> Result<()> {
    let c = Corpus::open(corpus)?;
    let path = crate::cache::Cache::default_path(&c.root);
    let cache = crate::cache::Cache::open(&path)
        .and_then(|mut cache| cache.load(&c, crate::cache::Tokens::No).map(|_| cache))
        .with_context(|| format!("search needs the index in {}", path.display()))?;
    let hits = cache.search(&c, query, limit).map_err(anyhow::Error::msg)?;
    if json {
        let doc = json::Search {
            schema_version: json::SCHEMA_VERSION,
            corpus: &c.root,
            query,
            hits: &hits,
        };
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)?;
        return Ok(());
    }
    let clean = crate::sanitize::sanitize;
    // Snippets are centred on the match and fit the line after their 4-space indent: the
    // terminal's width, or 80 columns in a pipe.
    let cols = report::width(None).unwrap_or(80).saturating_sub(4);
    for h in &hits {
        writeln!(out, "{}  ¶{}  {}", clean(&h.id), h.para, clean(&h.title))?;
        writeln!(out, "    {}", crate::snippet::centre(&h.marked, cols))?;
    }
    let n = hits.len();
    writeln!(out, "{n} {}", if n == 1 { "hit" } else { "hits" })?;
    Ok(())
}

fn parse_share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!("'{s}' is not a share between 0 and 1")),
    }
}

fn tty() -> bool {
    std::io::stdout().is_terminal()
}

/// Load an article named by a path (when it names an existing file) or by id in the corpus.
pub fn load_one(key: &str, corpus: &Path) -> Result<Article> {
    let p = Path::new(key);
    if p.is_file() {
        return Ok(corpus::load_file(p)?);
    }
    let c = Corpus::open(corpus).with_context(|| {
        format!("'{key}' is not a file, and the corpus to look it up in cannot be opened")
    })?;
    let e = c.resolve(key)?;
    Ok(c.load(e)?)
}

fn load_two(a: &str, b: &str, corpus: &Path) -> Result<(Article, Article)> {
    Ok((load_one(a, corpus)?, load_one(b, corpus)?))
}
