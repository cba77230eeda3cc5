//! JSON that is safe to print on a terminal, as every parallax JSON document is written
//! (`--json`, exports): besides what JSON requires, C1 controls (U+0080–U+009F: U+009B is a
//! terminal's CSI), bidirectional controls and the line and paragraph separators are written
//! as `\uXXXX` escapes. Any JSON reader gets the original text back.
//!
//! It lives here, below every layer that writes JSON (marks exports, the command line's
//! documents in `crate::json`), so that there is one way to write it.

use serde::Serialize;
use std::io::{self, Write};

/// Whether a character is written as a `\uXXXX` escape in parallax's JSON: C1 controls
/// (U+0080–U+009F: `U+009B` is a terminal's CSI), bidirectional overrides, embeddings,
/// isolates and marks (they reorder what a terminal shows), and the line and paragraph
/// separators. serde_json already escapes C0 controls, `"` and `\\`.
pub fn escaped_in_json(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9F}' | '\u{2028}' | '\u{2029}')
        || super::sanitize::is_bidi_control(c)
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
        // Every escaped character starts with one of three bytes (U+0080–U+009F: 0xC2,
        // U+061C: 0xD8, the rest: 0xE2): only the characters there are looked at.
        let bytes = fragment.as_bytes();
        if bytes.is_ascii() {
            return w.write_all(bytes);
        }
        let mut start = 0;
        for i in memchr::memchr3_iter(0xC2, 0xD8, 0xE2, bytes) {
            let Some(c) = fragment[i..].chars().next() else {
                continue;
            };
            if escaped_in_json(c) {
                w.write_all(&bytes[start..i])?;
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&bytes[start..])
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

    /// The reference: every character looked at.
    fn escaped_char_by_char(s: &str) -> String {
        s.chars()
            .map(|c| match escaped_in_json(c) {
                true => format!("\\u{:04x}", c as u32),
                false => c.to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn only_the_escaped_characters_are_escaped(s in "(\\PC|[\u{80}-\u{9f}\u{2028}\u{2029}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{200e}\u{200f}\u{61c}—é“ab])*") {
            use serde_json::ser::Formatter as _;
            let mut out = Vec::new();
            TerminalSafe(serde_json::ser::CompactFormatter)
                .write_string_fragment(&mut out, &s)
                .unwrap();
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), escaped_char_by_char(&s));
        }
    }
}
