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
use std::io::{self, Write};
use std::path::Path;

/// Whether a character is written as a `\uXXXX` escape in parallax's JSON: C1 controls
/// (U+0080–U+009F: `U+009B` is a terminal's CSI), bidirectional overrides, embeddings,
/// isolates and marks (they reorder what a terminal shows), and the line and paragraph
/// separators. serde_json already escapes C0 controls, `"` and `\\`.
pub fn escaped_in_json(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9F}' | '\u{2028}' | '\u{2029}')
        || crate::text::sanitize::is_bidi_control(c)
}

/// A serde_json formatter that writes [`escaped_in_json`] characters as `\uXXXX` escapes
/// and leaves the layout to the formatter it wraps: the JSON is the same document, safe to
/// print on a terminal.
pub struct TerminalSafe<F>(pub F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for TerminalSafe<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if escaped_in_json(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Write `value` as indented JSON, terminal-safe ([`TerminalSafe`]): the one way parallax
/// writes a JSON document (`--json`, exports).
pub fn to_writer_pretty<W: Write, T: ?Sized + Serialize>(
    w: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(
        w,
        TerminalSafe(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser)
}

/// Write `value` as JSON on one line (JSON Lines), terminal-safe ([`TerminalSafe`]).
pub fn to_writer<W: Write, T: ?Sized + Serialize>(w: W, value: &T) -> serde_json::Result<()> {
    let mut ser =
        serde_json::Serializer::with_formatter(w, TerminalSafe(serde_json::ser::CompactFormatter));
    value.serialize(&mut ser)
}

/// Version 2: verdicts `shared_quotes` and `no_shared_text` (was `unrelated`), scores from
/// passages, `passages` in `compare`; `verdict_v1` gives the verdict in version 1's words.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
pub struct ListEntry<'a> {
    pub id: &'a str,
    pub path: &'a Path,
    pub title: &'a str,
    pub source: Option<&'a str>,
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
        ListEntry {
            id: &a.id,
            path: &a.path,
            title: &a.meta.title,
            source: a.meta.source.as_deref(),
            date: a.meta.date.as_deref(),
            byline: a.meta.byline.as_deref(),
            hash: &a.hash,
            encoding: &a.encoding,
            paragraphs: a.paragraphs.len(),
            words: a.words,
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
    pub source: Option<&'a str>,
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_safe_json_escapes_and_round_trips() {
        let hostile =
            "a\u{9b}31m\u{80}\u{9f}b\u{202e}c\u{2066}d\u{2069}\u{200f}\u{61c}\u{2028}é—“x”\u{1b}";
        let doc = serde_json::json!({ hostile: [hostile, {"k": hostile}] });
        for compact in [false, true] {
            let mut out = Vec::new();
            if compact {
                to_writer(&mut out, &doc).unwrap();
            } else {
                to_writer_pretty(&mut out, &doc).unwrap();
            }
            let text = String::from_utf8(out).unwrap();
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
            assert!(!text.chars().any(escaped_in_json), "{text}");
            assert!(
                text.contains("\\u009b") && text.contains("\\u202e"),
                "{text}"
            );
            assert!(text.contains("é—“x”"), "other text stays as it is: {text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back, doc);
            assert_eq!(compact, !text.contains('\n'));
        }
    }
}
