//! The `parallax` command line: the arguments (clap) and the dispatch to one file per command
//! group. Errors are one line on stderr, exit 1 (2 for usage).
//!
//! - [`articles`]: `list`, `show`, `search`, `compare`;
//! - [`scan`]: `scan`, `coverage`;
//! - [`marks`]: `mark`, `marks`, `unmark`, `note`, `undo`, `export`, `import`;
//! - [`reader`]: the terminal reader (no subcommand, or `tui`);
//! - [`load`]: articles named on the command line (id, id prefix or path).
//!
//! The text the commands print is drawn by [`crate::report`]; the JSON documents are
//! `parallax_core::json`'s.

pub mod articles;
pub mod load;
pub mod marks;
pub mod provenance;
pub mod reader;
pub mod scan;

pub use load::load_one;

use crate::report;
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

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
    /// Without a subcommand: one argument is the corpus folder the reader opens (default:
    /// ./articles); two are articles A and B (id, unique id prefix or file path), and the
    /// reader opens on their comparison.
    #[arg(value_name = "DIR | A B", num_args = 0..=2)]
    pub args: Vec<String>,
    /// With `parallax A B`: the corpus the ids are looked up in (default: the folder of A
    /// when A is a file, else ./articles).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
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
    #[arg(long, allow_hyphen_values = true)]
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
        /// Words to find, as a phrase; case, accents and punctuation are ignored (it may
        /// begin with -).
        #[arg(allow_hyphen_values = true)]
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
    /// Show one article: metadata and numbered paragraphs. On a terminal it opens in the
    /// reader's article view (a pager: q quits); --plain, --json or a pipe print it.
    Show {
        /// Article id, unique id prefix (e.g. 004) or file path.
        article: String,
        #[arg(long, default_value = "articles")]
        corpus: PathBuf,
        #[arg(long)]
        json: bool,
        /// Print the text report even on a terminal (as in a pipe).
        #[arg(long)]
        plain: bool,
        #[command(flatten)]
        tui: TuiArgs,
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
        /// Report width in columns, 40 to 1000 (others are clamped to that range; default:
        /// the terminal's, or $COLUMNS, or 80).
        #[arg(long, value_parser = report::parse_width)]
        width: Option<usize>,
        /// Show every row; by default long runs of paragraphs without counterpart are folded.
        #[arg(long)]
        full: bool,
        /// The marks store whose `copy --source` marks override the inferred direction
        /// (default: <corpus>/.parallax/parallax.db; read only).
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
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
        /// Families instead of pairs: connected groups linked by copy or containment, each
        /// with a stable id, its likely original and its members in likely order (with
        /// --json: JSON; see also --csv, --edges, --graphml; docs/provenance.md).
        #[arg(long)]
        clusters: bool,
        /// With --clusters: CSV, a row per member.
        #[arg(long, requires = "clusters", conflicts_with_all = ["json", "edges", "graphml"])]
        csv: bool,
        /// With --clusters: the edge list as CSV (source, copy, direction, who set it).
        #[arg(long, requires = "clusters", conflicts_with_all = ["json", "graphml"])]
        edges: bool,
        /// With --clusters: GraphML for graph tools.
        #[arg(long, requires = "clusters", conflicts_with = "json")]
        graphml: bool,
        /// The marks store whose `copy --source` marks override the inferred direction
        /// (default: <corpus>/.parallax/parallax.db; read only).
        #[arg(long, value_name = "PATH")]
        store: Option<PathBuf>,
        /// With --json: leave out each pair's provenance (each pair's articles are read again
        /// and their passages found: on a large corpus, about as long as the scan itself).
        #[arg(long, conflicts_with = "clusters")]
        no_provenance: bool,
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
    Mark(marks::MarkArgs),
    /// List the current marks, with their anchor status.
    Marks {
        #[command(flatten)]
        at: marks::StoreArgs,
        /// Print JSON (see docs/json.md).
        #[arg(long)]
        json: bool,
    },
    /// Delete a mark (a recorded change: `parallax undo` brings it back).
    Unmark {
        /// Mark number, as `parallax marks` shows it.
        id: i64,
        #[arg(long, allow_hyphen_values = true)]
        author: Option<String>,
        #[command(flatten)]
        at: marks::StoreArgs,
    },
    /// Set, replace or (without TEXT) clear the note of a mark.
    Note {
        /// Mark number, as `parallax marks` shows it.
        id: i64,
        /// The note (it may begin with -).
        #[arg(allow_hyphen_values = true)]
        text: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        author: Option<String>,
        #[command(flatten)]
        at: marks::StoreArgs,
    },
    /// Undo your last change to the marks (a mark, note, deletion or import). Each author
    /// undoes their own changes; one another author has built on since is refused.
    Undo {
        /// Whose last change to undo (default: $PARALLAX_AUTHOR, the config file, the login
        /// name); the undo is recorded under this name.
        #[arg(long, allow_hyphen_values = true)]
        author: Option<String>,
        #[command(flatten)]
        at: marks::StoreArgs,
    },
    /// Export the current marks (stdout, or FILE written whole or not at all).
    Export {
        /// json, jsonl, csv, md or w3c (default: from the -o file's extension, else json).
        #[arg(long, value_enum)]
        format: Option<marks::FormatArg>,
        /// Where to write: a file (replaced whole or not at all; through symbolic links, the
        /// file they point to), a device or FIFO (written through), or - for stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Overwrite FILE even when it is a file of the corpus (an article).
        #[arg(long)]
        force: bool,
        /// csv: the field separator: comma (RFC 4180, the default), semicolon (what
        /// spreadsheets expect where the decimal point is a comma) or tab.
        #[arg(long, value_enum, default_value_t = marks::SeparatorArg::Comma)]
        csv_separator: marks::SeparatorArg,
        /// csv: start the file with a UTF-8 byte order mark, so that Excel reads it as UTF-8.
        #[arg(long)]
        csv_bom: bool,
        /// w3c: the IRI of the annotation collection (its page is IRI#page-1); default: a
        /// urn:uuid: derived from the store and the marks exported.
        #[arg(long, value_name = "IRI")]
        w3c_id: Option<String>,
        #[command(flatten)]
        at: marks::StoreArgs,
    },
    /// Merge the marks of a json export (another analyst's) into the store.
    Import {
        file: PathBuf,
        #[arg(long, allow_hyphen_values = true)]
        author: Option<String>,
        #[command(flatten)]
        at: marks::StoreArgs,
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
            eprintln!(
                "parallax: error: {}",
                parallax_core::text::sanitize::sanitize(&msg)
            );
            1
        }
    }
}

/// Whether the error is a closed pipe (`parallax … | head`): the reader left, not a failure.
/// serde_json's error hides the I/O error from the source chain, so it is asked directly.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = |k: Option<std::io::ErrorKind>| k == Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|c| {
        broken(c.downcast_ref::<std::io::Error>().map(std::io::Error::kind))
            || broken(
                c.downcast_ref::<serde_json::Error>()
                    .and_then(|j| j.io_error_kind()),
            )
    })
}

pub fn run(cli: Cli) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let command = match cli.command {
        Some(c) => c,
        None => match cli.args.as_slice() {
            [a, b] => {
                drop(out);
                return reader::run_pair(a, b, cli.corpus, cli.tui);
            }
            [dir] => Command::Tui {
                dir: PathBuf::from(dir),
                tui: cli.tui,
            },
            _ => Command::Tui {
                dir: cli.corpus.unwrap_or_else(|| PathBuf::from("articles")),
                tui: cli.tui,
            },
        },
    };
    match command {
        Command::Tui { dir, tui } => {
            drop(out);
            return reader::run(dir, tui);
        }
        Command::List { corpus, json } => articles::list(&corpus, json, &mut out)?,
        Command::Search {
            query,
            corpus,
            limit,
            json,
        } => articles::search(&query, &corpus, limit, json, &mut out)?,
        Command::Show {
            article,
            corpus,
            json,
            plain,
            tui,
        } => {
            if !json && !plain && reader::can_page(&corpus) {
                drop(out);
                return reader::run_page(&article, corpus, tui);
            }
            articles::show(&article, &corpus, json, &mut out)?
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
            store,
        } => {
            let view = articles::CompareView {
                json,
                layout,
                color,
                width,
                full,
            };
            let marks = provenance::copy_marks(&corpus, store.as_deref());
            articles::compare(&a, &b, &corpus, &view, &marks, &mut out)?
        }
        Command::Scan {
            corpus,
            json,
            min_share,
            min_run,
            clusters,
            csv,
            edges,
            graphml,
            store,
            no_provenance,
        } => {
            let o = parallax_core::scan::Options {
                min_share,
                ..parallax_core::scan::Options::with_min_run(min_run.map(usize::from))
            };
            let marks = provenance::copy_marks(&corpus, store.as_deref());
            let output = if !clusters {
                scan::Output::Pairs {
                    json,
                    provenance: json && !no_provenance,
                }
            } else if csv {
                scan::Output::FamiliesCsv
            } else if edges {
                scan::Output::FamilyEdges
            } else if graphml {
                scan::Output::FamiliesGraphml
            } else {
                scan::Output::Families { json }
            };
            scan::scan(&corpus, output, o, &marks, &mut out)?
        }
        Command::Coverage {
            article,
            corpus,
            json,
        } => scan::coverage(&article, &corpus, json, &mut out)?,
        Command::Mark(args) => marks::mark(args, &mut out)?,
        Command::Marks { at, json } => marks::list(&at, json, &mut out, tty())?,
        Command::Unmark { id, author, at } => marks::unmark(&at, id, author, &mut out)?,
        Command::Note {
            id,
            text,
            author,
            at,
        } => marks::note(&at, id, text, author, &mut out)?,
        Command::Undo { author, at } => marks::undo(&at, author, &mut out)?,
        Command::Export {
            format,
            output,
            force,
            csv_separator,
            csv_bom,
            w3c_id,
            at,
        } => {
            let options = parallax_core::marks::export::Options {
                csv_separator: csv_separator.into(),
                csv_bom,
                w3c_id,
            };
            marks::export(
                &at,
                format.map(Into::into),
                output.as_deref(),
                force,
                &options,
                &mut out,
                tty(),
            )?
        }
        Command::Import { file, author, at } => marks::import(&at, &file, author, &mut out)?,
    }
    out.flush()?;
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
