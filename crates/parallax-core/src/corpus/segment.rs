//! Paragraph segmentation and the role of each paragraph.
//!
//! Input styles handled: blank-line separated paragraphs; one paragraph per line (forum
//! threads); hard-wrapped text where a paragraph spans several lines of ~30–100 columns; CRLF
//! and lone CR line ends; a leading BOM; lines blank but for no-break spaces; indented first
//! lines and bullet lines ("•", "-", "*", "–", "1.", "2)").
//!
//! A block of consecutive non-blank lines is one paragraph per line unless it is hard-wrapped.
//! A block of three or more lines is hard-wrapped when it is no wider than 100 columns and at
//! least 70% of its line breaks (not counting explicit paragraph starts: bullets, deeper
//! indents) look like wraps: the line is long and either the next word would not have fitted
//! on it (greedy wrapping) or it fills four fifths of the width (balanced wrapping). Once one block shows the wrap
//! width, the other blocks are judged against it too. Inside a wrapped block a bullet, a deeper
//! indent or a line ending short of the width starts a new paragraph.
//!
//! Roles ([`Role`]): page chrome (a phrase list: "Top Bottom", "Loading...", "READ MORE: …";
//! lines of three words or fewer; metadata lines named by [`crate::corpus::meta`]) and repeats of an
//! earlier paragraph are kept but flagged so that scores discount them.

use crate::corpus::article::{Paragraph, Role};
use crate::text::tokens;
use std::collections::HashSet;

/// Widest column count at which a text is taken as hard-wrapped.
pub const MAX_WRAP_WIDTH: usize = 100;
/// Narrowest.
pub const MIN_WRAP_WIDTH: usize = 30;

#[derive(Debug, Clone)]
struct Line {
    /// Byte range of the trimmed content in the text.
    start: usize,
    end: usize,
    /// Columns the line takes: leading indent plus the trimmed content, in characters.
    width: usize,
    /// Leading white space, in columns (a tab counts 4).
    indent: usize,
    /// Width of the first word (up to the first space).
    first_word: usize,
    bullet: bool,
    /// Page chrome such as "Credits: archive": starts its own paragraph.
    hard_end: bool,
    /// A headline in title case; only more title-case words can continue it.
    title_case: bool,
    /// Every word starts with a capital letter or a digit.
    capitalised: bool,
    /// Ends with a full stop, question or exclamation mark, or a closing quote.
    ends_sentence: bool,
    /// A short capitalised line without closing punctuation, such as a photo credit
    /// ("Reuters Archive") under a caption.
    credit_like: bool,
}

fn capitalised(s: &str) -> bool {
    s.split_whitespace().all(|w| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    })
}

/// A headline in title case: at least three words, no closing punctuation, and every word
/// capitalised ("Russia Tells Azerbaijan To Withdraw Troops From Garabagh Village").
fn title_like(s: &str) -> bool {
    s.split_whitespace().count() >= 3 && !s.ends_with(['.', ',', ';', ':', '-']) && capitalised(s)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

/// Split `text` into lines (`\n`, `\r\n` or lone `\r`); a blank line is `None`.
fn lines(text: &str) -> Vec<Option<Line>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push(make_line(text, start, i));
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push(make_line(text, start, bytes.len()));
    }
    out
}

fn make_line(text: &str, start: usize, end: usize) -> Option<Line> {
    let raw = &text[start..end];
    let trimmed_start = raw.trim_start_matches(is_space);
    let lead = &raw[..raw.len() - trimmed_start.len()];
    let content = trimmed_start.trim_end_matches(is_space);
    if content.is_empty() {
        return None;
    }
    let cstart = start + lead.len();
    let indent = lead.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
    let first_word = content
        .split(is_space)
        .next()
        .map_or(0, |w| w.chars().count());
    Some(Line {
        start: cstart,
        end: cstart + content.len(),
        width: indent + content.chars().count(),
        indent,
        first_word,
        bullet: is_bullet(content),
        hard_end: chrome_phrase(content),
        title_case: title_like(content),
        capitalised: capitalised(content),
        ends_sentence: content.ends_with(['.', '!', '?', '"', '”', '’', '»']),
        credit_like: capitalised(content)
            && content.split_whitespace().count() <= 4
            && !content.ends_with(['.', '!', '?', ',', ';', ':']),
    })
}

fn is_bullet(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some('•' | '◦' | '▪' | '‣' | '●' | '·' | '–' | '—') => true,
        Some('-' | '*' | '+') => chars.next().is_some_and(is_space),
        Some(c) if c.is_ascii_digit() => {
            let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
            let rest = &s[digits..];
            digits <= 3 && (rest.starts_with(". ") || rest.starts_with(") ")) && rest.len() > 2
        }
        _ => false,
    }
}

/// Whether the break after `a` looks like a wrap at `width`: `a` is long, and either `b`'s first
/// word would not have fitted after it (greedy wrapping, as most wire copy) or `a` fills at
/// least four fifths of the width (balanced wrapping, as `fmt` or optimal-fit wrappers do).
fn wraps(a: &Line, b: &Line, width: usize) -> bool {
    if b.hard_end
        || a.width > width
        || (a.title_case && !b.capitalised)
        || (a.ends_sentence && b.credit_like)
    {
        return false;
    }
    let long = a.width * 10 >= width * 6;
    let greedy = a.width + 1 + b.first_word > width;
    let full = a.width * 5 >= width * 4;
    long && (greedy || full)
}

/// An explicit paragraph start: a bullet, or a line indented deeper than the block's base
/// indent (wire copy that marks paragraphs by indenting their first line).
fn starts_paragraph(b: &Line, base_indent: usize) -> bool {
    b.bullet || b.indent > base_indent
}

fn base_indent(block: &[Line]) -> usize {
    block.iter().map(|l| l.indent).min().unwrap_or(0)
}

/// Whether `b` continues the paragraph `current` (whose last line is `a`) in a text wrapped at
/// `width`. A bullet item continues on lines indented at least as deep as its bullet.
fn continues(current: &[&Line], a: &Line, b: &Line, width: usize, base: usize) -> bool {
    if b.bullet || !wraps(a, b, width) {
        return false;
    }
    if current[0].bullet {
        b.indent >= current[0].indent
    } else {
        !starts_paragraph(b, base)
    }
}

fn block_wrap_width(block: &[Line]) -> Option<usize> {
    if block.len() < 3 {
        return None;
    }
    let width = block.iter().map(|l| l.width).max()?;
    if !(MIN_WRAP_WIDTH..=MAX_WRAP_WIDTH).contains(&width) {
        return None;
    }
    // Explicit paragraph starts say nothing about wrapping either way.
    let base = base_indent(block);
    let joints: Vec<&[Line]> = block
        .windows(2)
        .filter(|w| !starts_paragraph(&w[1], base))
        .collect();
    let wrapped = joints.iter().filter(|w| wraps(&w[0], &w[1], width)).count();
    (wrapped >= 2 && wrapped * 10 >= joints.len() * 7).then_some(width)
}

/// Cut `text` into paragraphs with byte offsets into `text`, and set each paragraph's role.
pub fn segment(text: &str) -> Vec<Paragraph> {
    let mut blocks: Vec<Vec<Line>> = vec![Vec::new()];
    for line in lines(text) {
        match line {
            Some(l) => blocks.last_mut().expect("never empty").push(l),
            None => blocks.push(Vec::new()),
        }
    }
    blocks.retain(|b| !b.is_empty());

    let widths: Vec<Option<usize>> = blocks.iter().map(|b| block_wrap_width(b)).collect();
    let doc_width = widths.iter().flatten().max().copied();

    let mut paragraphs = Vec::new();
    for (block, width) in blocks.iter().zip(&widths) {
        let width = width.or(doc_width);
        let base = base_indent(block);
        let mut current: Vec<&Line> = vec![&block[0]];
        for pair in block.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if width.is_some_and(|w| continues(&current, a, b, w, base)) {
                current.push(b);
            } else {
                paragraphs.push(join(text, &current, paragraphs.len()));
                current = vec![b];
            }
        }
        paragraphs.push(join(text, &current, paragraphs.len()));
    }
    assign_roles(&mut paragraphs);
    paragraphs
}

fn join(text: &str, lines: &[&Line], index: usize) -> Paragraph {
    let mut joined = String::new();
    for l in lines {
        let part = &text[l.start..l.end];
        if !joined.is_empty() {
            // "Nagorno-" + "Karabakh": a line broken at a hyphen keeps the hyphen, no space.
            let hyphenated = joined.ends_with('-')
                && joined[..joined.len() - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphabetic)
                && part.chars().next().is_some_and(char::is_alphabetic);
            if !hyphenated {
                joined.push(' ');
            }
        }
        joined.push_str(part);
    }
    Paragraph {
        index,
        start: lines[0].start,
        end: lines[lines.len() - 1].end,
        text: joined,
        words: 0,
        tokens: Vec::new(),
        role: Role::Body,
    }
}

const CHROME_EXACT: &[&str] = &[
    "advertisement",
    "author of the article:",
    "bottom",
    "comments",
    "home",
    "join the conversation",
    "last edited:",
    "loading",
    "loading...",
    "loading…",
    "log in",
    "menu",
    "publishing date:",
    "read more",
    "related",
    "share",
    "share this",
    "sign up",
    "skip to content",
    "subscribe",
    "top",
    "top bottom",
    "what's new",
];

const CHROME_PREFIX: &[&str] = &[
    "read more:",
    "also read:",
    "see also:",
    "related:",
    "watch:",
    "users who are viewing this thread",
    "click here",
    "follow us",
    "sign up for",
    "subscribe to",
    "copyright",
    "©",
    "all rights reserved",
    "credits:",
    "image:",
    "photo:",
    "share this article",
];

/// Whether a paragraph's text is page chrome by the phrase lists or its shortness.
pub fn is_chrome(text: &str) -> bool {
    chrome_phrase(text) || tokens::count_words(text) <= 3
}

/// Whether a text is page chrome by the phrase lists ("Top Bottom", "READ MORE: …").
///
/// The lists are compared with the text's normal form (`chrome_phrase_by_normal_form`);
/// most lines are answered without normalising: an ASCII text's normal form is its lower
/// case (a backtick aside, which normalises to `'`), and a phrase whose first letters
/// already differ from the text's ASCII head cannot match, whatever follows.
pub fn chrome_phrase(text: &str) -> bool {
    let text = text.trim();
    let b = text.as_bytes();
    if text.is_ascii() && !text.contains('`') {
        let Some(first) = b.first().map(u8::to_ascii_lowercase) else {
            return false;
        };
        let starts = |p: &&str| {
            p.as_bytes()[0] == first
                && b.len() >= p.len()
                && b[..p.len()].eq_ignore_ascii_case(p.as_bytes())
        };
        let exact = |e: &&str| e.len() == b.len() && starts(e);
        return (b.len() <= CHROME_HEAD && CHROME_EXACT.iter().any(exact))
            || CHROME_PREFIX.iter().any(starts);
    }
    let Some(c) = text.chars().next() else {
        return false;
    };
    let initial = match c.is_ascii() {
        true => c.to_ascii_lowercase() as u8,
        false => {
            let norm = tokens::normalize(c.encode_utf8(&mut [0; 4]));
            norm.as_bytes().first().copied().unwrap_or(0)
        }
    };
    // The text's ASCII head without a backtick: where its normal form is its lower case
    // (the last byte before anything else may still compose with what follows).
    let plain = b
        .iter()
        .position(|&x| x >= 0x80 || x == b'`')
        .map_or(b.len(), |k| k.saturating_sub(1));
    let head = &b[..plain];
    // Could `p` match, as far as the head shows?
    let may = |p: &str| {
        let p = p.as_bytes();
        let n = p.len().min(head.len());
        p[0] == initial && head[..n].eq_ignore_ascii_case(&p[..n])
    };
    let short = b.len() <= CHROME_HEAD
        || (b.len() <= 4 * CHROME_HEAD && text.chars().count() <= CHROME_HEAD);
    let candidate =
        (short && CHROME_EXACT.iter().any(|e| may(e))) || CHROME_PREFIX.iter().any(|p| may(p));
    candidate && chrome_phrase_by_normal_form(text)
}

/// [`chrome_phrase`] of trimmed text, comparing the lists with its normal form.
fn chrome_phrase_by_normal_form(text: &str) -> bool {
    // Fast answer for most lines of text: longer than any exact phrase (more than 4 bytes a
    // character), and an ASCII first letter that starts no prefix.
    if text.len() > 4 * CHROME_HEAD
        && text.as_bytes()[0].is_ascii_alphanumeric()
        && !CHROME_PREFIX
            .iter()
            .any(|p| p.as_bytes()[0] == text.as_bytes()[0].to_ascii_lowercase())
    {
        return false;
    }
    // Every phrase is short: only the head of a long line needs normalising.
    let head_end = text
        .char_indices()
        .nth(CHROME_HEAD)
        .map_or(text.len(), |(i, _)| i);
    let norm = tokens::normalize(&text[..head_end]);
    (head_end == text.len() && CHROME_EXACT.contains(&norm.as_str()))
        || CHROME_PREFIX.iter().any(|p| norm.starts_with(p))
}

/// Characters of a line compared with the chrome phrase lists (longer than any phrase).
const CHROME_HEAD: usize = 40;

fn ends_like_sentence(text: &str) -> bool {
    text.trim_end().chars().next_back().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ':' | ';' | ')' | '…'
        )
    })
}

fn assign_roles(paragraphs: &mut [Paragraph]) {
    let mut seen: HashSet<u64> = HashSet::new();
    let mut buf = String::new();
    for p in paragraphs.iter_mut() {
        p.tokens = tokens::words(&p.text);
        p.words = p.tokens.len();
        buf.clear();
        for w in &p.tokens {
            buf.push_str(&w.norm);
            buf.push(' ');
        }
        let key = xxhash_rust::xxh3::xxh3_64(buf.as_bytes());
        p.role = if chrome_phrase(&p.text) || p.words <= 3 {
            Role::Chrome
        } else if !seen.insert(key) {
            Role::Repeated
        } else if !ends_like_sentence(&p.text) && p.words <= 25 {
            Role::Heading
        } else {
            Role::Body
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        segment(t).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn blank_line_and_one_per_line() {
        let t = "Title here\n\nFirst para line one is long enough to be a sentence of text.\nSecond line is its own paragraph.\n\n\nThird.";
        assert_eq!(
            texts(t),
            [
                "Title here",
                "First para line one is long enough to be a sentence of text.",
                "Second line is its own paragraph.",
                "Third."
            ]
        );
    }

    #[test]
    fn offsets_point_into_text() {
        let t = "\u{feff}  Indented line\r\n\u{a0}\u{a0}\r\nNext\rLast one\n";
        for p in segment(t) {
            assert!(t[p.start..p.end].starts_with(p.text.split(' ').next().unwrap()));
        }
        assert_eq!(texts(t), ["Indented line", "Next", "Last one"]);
    }

    #[test]
    fn bullets_split() {
        let t = "Point 1:\n  – Complete cessation of all military operations and fires, completed in detail.\n  – Come to a halt at occupied positions, this point was completely fulfilled by all.";
        assert_eq!(segment(t).len(), 3);
    }

    #[test]
    fn chrome_phrases_any_case_any_apostrophe() {
        for line in [
            "What`s new",
            "WHAT'S NEW",
            "what’s new",
            "  Read more: elsewhere",
        ] {
            assert!(chrome_phrase(line), "{line}");
        }
        assert!(!chrome_phrase("What is new in Yerevan"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Lines compared with the lists without normalising (ASCII, or by their ASCII
        /// head) get the same answer as by their normal form.
        #[test]
        fn ascii_chrome_phrases_as_by_normal_form(
            head in "(\u{201c}Read more: |\u{2019}|Re\u{301}ad more:|Read\u{a0}more:|\u{212a}|\u{ff32}ead more:|Loading\u{2026}|© 2022|What`s new|What\u{2019}s new|what's New|Read more:|READ MORE:|Share this article|Advertisement|Top|Bottom|Photo:|Copyright|Follow us|Sign up for|Related:|Watch:|Credits:|Image:|[A-Za-z]{1,12})?",
            tail in "[ A-Za-z0-9.,:'`\u{2019}\u{201c}\u{e9}\u{301}]{0,30}|[ A-Za-z0-9.,:'`\u{2019}\u{201c}\u{e9}\u{301}]{30,200}",
        ) {
            let line = format!("{head}{tail}");
            let line = line.trim();
            proptest::prop_assert_eq!(chrome_phrase(line), chrome_phrase_by_normal_form(line), "{}", line);
        }
    }

    #[test]
    fn chrome_and_repeats_flagged() {
        let t = "What's new\n\nA real headline about the Karabakh events\n\nTop Bottom\n\nA caption repeated under a photo of the place\n\nBody text here, with a full stop at the end of it.\n\nA caption repeated under a photo of the place\n\nLoading...\n\nREAD MORE: Something else entirely happened today";
        let roles: Vec<Role> = segment(t).into_iter().map(|p| p.role).collect();
        assert_eq!(
            roles,
            [
                Role::Chrome,
                Role::Heading,
                Role::Chrome,
                Role::Heading,
                Role::Body,
                Role::Repeated,
                Role::Chrome,
                Role::Chrome
            ]
        );
    }

    #[test]
    fn hyphen_at_wrap_joins() {
        let t = "The Russian defence ministry said on Saturday that its peace-\nkeepers had set up their positions along the line of contact and\nthe road through the corridor, a spokesman told the reporters in\nMoscow on Saturday.";
        let ps = texts(t);
        assert_eq!(ps.len(), 1, "{ps:?}");
        assert!(ps[0].contains(" its peace-keepers had set up "));
    }
}
