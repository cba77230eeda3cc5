//! The JSON contract of the command line (documented in `docs/json.md`).
//!
//! Names here are read by other tools and later parts of parallax: add fields freely, never
//! rename or remove one without raising [`SCHEMA_VERSION`].

use crate::corpus::article::{Article, Meta, Paragraph};
use crate::corpus::Skipped;
use crate::engine::compare::{Comparison, Move, Row};
use crate::engine::passage::Passage;
use crate::engine::score::{Scores, Verdict};
use serde::Serialize;
use std::path::Path;

/// Every JSON document is written terminal-safe: C1 and bidi controls escaped
/// ([`crate::text::safe_json`], below every layer that writes JSON).
pub use crate::text::safe_json::{escaped_in_json, to_writer, to_writer_pretty, TerminalSafe};

/// Version 2: verdicts `shared_quotes` and `no_shared_text` (was `unrelated`), scores from
/// passages, `passages` in `compare`; `verdict_v1` gives the verdict in version 1's words.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
pub struct ListEntry<'a> {
    pub id: &'a str,
    pub path: &'a Path,
    pub title: &'a str,
    /// The publisher (never an agency merely credited in the text).
    pub source: Option<&'a str>,
    /// Agencies and outlets the text credits (sign-offs, datelines, "Source: …", mentions).
    pub credits: &'a [String],
    pub date: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub hash: &'a str,
    pub encoding: &'a str,
    /// Number of paragraphs.
    pub paragraphs: usize,
    pub words: usize,
}

impl<'a> ListEntry<'a> {
    pub fn new(a: &'a Article) -> ListEntry<'a> {
        ListEntry::with(
            &a.id,
            &a.path,
            &a.hash,
            &a.encoding,
            &a.meta,
            a.paragraphs.len(),
            a.words,
        )
    }

    /// The entry of an article listed from the cache's head ([`crate::corpus::cache::listing`]).
    pub fn of(a: &'a crate::corpus::cache::Listed) -> ListEntry<'a> {
        ListEntry::with(
            &a.id,
            &a.path,
            &a.hash,
            &a.encoding,
            &a.meta,
            a.paragraphs,
            a.words,
        )
    }

    fn with(
        id: &'a str,
        path: &'a Path,
        hash: &'a str,
        encoding: &'a str,
        meta: &'a crate::corpus::article::Meta,
        paragraphs: usize,
        words: usize,
    ) -> ListEntry<'a> {
        ListEntry {
            id,
            path,
            title: &meta.title,
            source: meta.source.as_deref(),
            credits: &meta.credits,
            date: meta.date.as_deref(),
            byline: meta.byline.as_deref(),
            hash,
            encoding,
            paragraphs,
            words,
        }
    }
}

#[derive(Serialize)]
pub struct List<'a> {
    pub schema_version: u32,
    pub corpus: &'a Path,
    pub articles: Vec<ListEntry<'a>>,
    pub skipped: &'a [Skipped],
}

/// `parallax search --json`.
#[derive(Serialize)]
pub struct Search<'a> {
    pub schema_version: u32,
    pub corpus: &'a Path,
    pub query: &'a str,
    pub hits: &'a [crate::corpus::cache::Hit],
}

#[derive(Serialize)]
pub struct Show<'a> {
    pub schema_version: u32,
    pub id: &'a str,
    pub path: &'a Path,
    pub hash: &'a str,
    pub encoding: &'a str,
    pub title: &'a str,
    pub meta: &'a Meta,
    pub words: usize,
    /// Each paragraph with its byte offsets into the decoded file and its role.
    pub paragraphs: &'a [Paragraph],
}

impl<'a> Show<'a> {
    pub fn new(a: &'a Article) -> Show<'a> {
        Show {
            schema_version: SCHEMA_VERSION,
            id: &a.id,
            path: &a.path,
            hash: &a.hash,
            encoding: &a.encoding,
            title: &a.meta.title,
            meta: &a.meta,
            words: a.words,
            paragraphs: &a.paragraphs,
        }
    }
}

#[derive(Serialize)]
pub struct CompareSide<'a> {
    pub id: &'a str,
    pub path: &'a Path,
    pub title: &'a str,
    /// The publisher (never an agency merely credited in the text).
    pub source: Option<&'a str>,
    /// Agencies and outlets the text credits.
    pub credits: &'a [String],
    /// Publication date (ISO 8601) when known.
    pub date: Option<&'a str>,
    pub hash: &'a str,
    /// Paragraph texts; row and span indices point here.
    pub paragraphs: Vec<&'a str>,
    /// Paragraph roles, parallel to `paragraphs` ("body", "heading", "chrome", "repeated").
    pub roles: Vec<crate::Role>,
}

impl<'a> CompareSide<'a> {
    pub fn new(a: &'a Article) -> CompareSide<'a> {
        CompareSide {
            id: &a.id,
            path: &a.path,
            title: &a.meta.title,
            source: a.meta.source.as_deref(),
            credits: &a.meta.credits,
            date: a.meta.date.as_deref(),
            hash: &a.hash,
            paragraphs: a.paragraphs.iter().map(|p| p.text.as_str()).collect(),
            roles: a.paragraphs.iter().map(|p| p.role).collect(),
        }
    }
}

#[derive(Serialize)]
pub struct Compare<'a> {
    pub schema_version: u32,
    pub left: CompareSide<'a>,
    pub right: CompareSide<'a>,
    pub rows: &'a [Row],
    pub moves: &'a [Move],
    /// Reused passages, with byte and character offsets into each article's text.
    pub passages: &'a [Passage],
    pub scores: &'a Scores,
    pub verdict: Verdict,
    /// The verdict as schema version 1 named it (`unrelated`; shared quotes were
    /// `partial_overlap`). Kept for one version.
    pub verdict_v1: &'static str,
    /// Who copied whom, why, and whether the copy credits its source (docs/provenance.md).
    pub provenance: crate::provenance::Provenance,
}

impl<'a> Compare<'a> {
    pub fn new(a: &'a Article, b: &'a Article, c: &'a Comparison) -> Compare<'a> {
        Compare {
            schema_version: SCHEMA_VERSION,
            left: CompareSide::new(a),
            right: CompareSide::new(b),
            rows: &c.rows,
            moves: &c.moves,
            passages: &c.passages,
            scores: &c.scores,
            verdict: c.verdict,
            verdict_v1: c.verdict.as_v1_str(),
            provenance: crate::provenance::infer(a, b, c),
        }
    }

    /// The document with the provenance worked out with the analysts' copy marks (a mark
    /// overrides the inferred direction).
    pub fn with_marks(
        mut self,
        a: &Article,
        b: &Article,
        c: &Comparison,
        marks: &[crate::provenance::CopyMark],
    ) -> Compare<'a> {
        self.provenance = crate::provenance::of_pair(a, b, c, marks);
        self
    }
}
