//! The article model shared by every step of the engine.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What a paragraph is, as far as scoring is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Ordinary article text.
    Body,
    /// A short line without closing punctuation: a title, subhead or caption. Counted.
    Heading,
    /// Page chrome or metadata: "Top Bottom", "Loading...", "READ MORE: …", bylines,
    /// date lines, very short lines. Kept in the text, discounted from scores.
    Chrome,
    /// The same text already appeared earlier in the article (a repeated caption or quote).
    /// Discounted from scores.
    Repeated,
}

impl Role {
    /// Whether scores leave this paragraph out.
    pub fn discounted(self) -> bool {
        matches!(self, Role::Chrome | Role::Repeated)
    }
}

/// One paragraph of an article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Paragraph {
    /// Position in the article, from 0.
    pub index: usize,
    /// Byte offset of the paragraph's first character in [`Article::text`].
    pub start: usize,
    /// Byte offset just past the paragraph's last character in [`Article::text`].
    pub end: usize,
    /// The paragraph as displayed: its lines trimmed and joined by single spaces.
    pub text: String,
    /// Number of words (see [`crate::text::tokens`]).
    pub words: usize,
    /// The words as offsets into `text`, 8 bytes each (not serialised); their normal forms
    /// are computed from `text` where needed ([`crate::text::tokens::WordSpan`]).
    /// Empty in articles loaded for a listing ([`crate::corpus::cache::Tokens::No`]); read them
    /// through [`Paragraph::word_tokens`] where that can happen.
    #[serde(skip)]
    pub tokens: Vec<crate::text::tokens::WordSpan>,
    pub role: Role,
}

impl Paragraph {
    /// [`Paragraph::tokens`], or, when they were not loaded, the words found now.
    pub fn word_tokens(&self) -> std::borrow::Cow<'_, [crate::text::tokens::WordSpan]> {
        if self.tokens.is_empty() && self.words > 0 {
            std::borrow::Cow::Owned(crate::text::tokens::word_spans_compact(&self.text))
        } else {
            std::borrow::Cow::Borrowed(&self.tokens)
        }
    }
}

impl Article {
    /// Free every paragraph's [`Paragraph::tokens`], as an article loaded for a listing has
    /// none: whatever needs them finds them again ([`Paragraph::word_tokens`]). A comparison
    /// of two long texts then does not hold their words from start to end (two 10 MB texts:
    /// 28 MB).
    pub fn drop_tokens(&mut self) {
        for p in &mut self.paragraphs {
            p.tokens = Vec::new();
        }
    }

    /// The article with every paragraph's [`Paragraph::tokens`] present: itself, or a copy
    /// tokenised now when it was loaded without them.
    pub fn tokenised(&self) -> std::borrow::Cow<'_, Article> {
        if self
            .paragraphs
            .iter()
            .all(|p| !p.tokens.is_empty() || p.words == 0)
        {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut a = self.clone();
        for p in &mut a.paragraphs {
            if p.tokens.is_empty() {
                p.tokens = crate::text::tokens::word_spans_compact(&p.text);
            }
        }
        std::borrow::Cow::Owned(a)
    }
}

/// Metadata the text itself states. Everything but the title is best effort.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// First meaningful line (chrome such as "What's new" skipped). Empty for an empty article.
    pub title: String,
    /// The publisher: the site or outlet that put the document out, e.g. "Deutsche Welle" from
    /// an outlet line "Deutsche Welle, Germany" at the top, or from the file's own fields. Never
    /// an agency merely credited in the text: a forum thread reposting a DW article that ends
    /// "mm/wd (AFP, Reuters)" has no publisher unless its own page names one.
    pub source: Option<String>,
    /// Agencies or outlets credited in the text, e.g. ["AFP", "Reuters"] from "mm/wd (AFP, Reuters)".
    pub credits: Vec<String>,
    /// Each credit where the text gives it: the paragraph, the kind and the words, so that a
    /// sign-off ending a reposted block of a compound page credits that block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credit_items: Vec<Credit>,
    /// Author line, e.g. "Vafa Ismayilova" from "By Vafa Ismayilova".
    pub byline: Option<String>,
    /// Publication date as ISO 8601 (YYYY-MM-DD) when the text states one.
    pub date: Option<String>,
    /// Where the article was published, when the file states it (front matter, HTML, JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// How a text credits an agency or outlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditKind {
    /// A closing sign-off, "mm/wd (AFP, Reuters)".
    SignOff,
    /// A reporting credit, "(Reporting by Reuters; editing by …)".
    Reporting,
    /// A wire dateline, "MOSCOW (AP) — …".
    Dateline,
    /// An agency as the author, "By AFP".
    Byline,
    /// A credit line, "Source: Reuters".
    SourceLine,
    /// An outlet line below the top of the page, "Reuters, London".
    OutletLine,
    /// A mention in the text: "as reported by Deutsche Welle", "according to Reuters",
    /// "first published by …", "courtesy of …", "via …".
    Mention,
    /// A link to a known outlet's site ("https://www.dw.com/…").
    Link,
}

impl CreditKind {
    /// Whether the credit closes the block it credits (sign-offs and reporting credits end a
    /// story) rather than opening it (datelines, bylines) or standing anywhere (mentions).
    pub fn closes(self) -> bool {
        matches!(self, CreditKind::SignOff | CreditKind::Reporting)
    }
}

/// One credit in an article's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// The agency or outlet, in the gazetteer's spelling where known ("AFP"); for a link, the
    /// outlet its address names.
    pub name: String,
    /// The paragraph ([`Paragraph::index`]) that carries it.
    pub paragraph: usize,
    pub kind: CreditKind,
    /// The crediting words as written (at most about 120 characters; sanitise before printing).
    pub text: String,
}

/// A loaded, segmented article.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// Stable, readable id derived from the path relative to the corpus root.
    pub id: String,
    pub path: PathBuf,
    /// xxh3-64 of the file's bytes, 16 hex digits.
    pub hash: String,
    /// The encoding the file was decoded from ("UTF-8", "UTF-16LE", "windows-1252", …).
    pub encoding: String,
    /// The decoded text (BOM removed, line ends as in the file). Paragraph offsets point here.
    #[serde(skip)]
    pub text: String,
    pub meta: Meta,
    pub paragraphs: Vec<Paragraph>,
    /// Number of words (see [`crate::text::tokens`]) over all paragraphs.
    pub words: usize,
}
