//! Passages: the stretches of text one article reuses from the other, wherever they sit.
//!
//! A passage is a pair of extents, one in each article's text, with byte and character
//! offsets, so that other tools can use parallax as a text-alignment engine
//! (`compare --json` lists them).

use serde::Serialize;

/// A stretch of one article's text: offsets into [`Article::text`](crate::Article::text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Extent {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
    /// The same, in characters (Unicode code points) from the start of the text.
    pub char_start: usize,
    pub char_end: usize,
    /// Words in the extent.
    pub words: usize,
}

impl Extent {
    /// An extent from byte offsets into `text`, with its character offsets and word count.
    pub fn new(text: &str, start: usize, end: usize, words: usize) -> Extent {
        let char_start = text[..start].chars().count();
        let char_end = char_start + text[start..end].chars().count();
        Extent {
            start,
            end,
            char_start,
            char_end,
            words,
        }
    }
}

/// How a passage was reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageKind {
    /// The same words in the same order (after normalisation).
    Verbatim,
    /// Words replaced, inserted, dropped or locally shuffled.
    Edited,
    /// Sentences in another order, merged or split.
    Reordered,
}

/// A passage of the left article reused in the right one (or the other way round).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    pub left: Extent,
    pub right: Extent,
    pub kind: PassageKind,
    /// 2 × matched words / words of both extents.
    pub similarity: f64,
}

impl Passage {
    /// The same passage seen from the other side.
    pub fn mirrored(&self) -> Passage {
        Passage {
            left: self.right,
            right: self.left,
            ..self.clone()
        }
    }
}
