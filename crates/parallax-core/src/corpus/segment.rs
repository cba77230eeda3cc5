//! Paragraph segmentation and the role of each paragraph.
//!
//! Input styles handled: blank-line separated paragraphs; one paragraph per line (forum
//! threads); hard-wrapped text where a paragraph spans several lines of ~30–100 columns; text
//! broken into lines mid-sentence at no particular width (copied out of a PDF or a narrow
//! column); CRLF and lone CR line ends; a leading BOM; lines blank but for no-break spaces;
//! indented first lines; bullet and numbered lists ("•", "-", "*", "–", "1.", "2)", "(3)",
//! "A.", "b)", "(iv)"), with hanging or first-line indents.
//!
//! A block of consecutive non-blank lines is one paragraph per line unless it is hard-wrapped.
//! A block of three or more lines is hard-wrapped when it is no wider than 100 columns and at
//! least 70% of its line breaks (not counting explicit paragraph starts: bullets, deeper
//! indents) look like wraps: the line is long and either the next word would not have fitted
//! on it (greedy wrapping) or it fills four fifths of the width (balanced wrapping). Once one
//! block shows the wrap width, the other blocks are judged against it too. Inside a wrapped
//! block a bullet, a deeper indent or a line ending short of the width starts a new paragraph.
//!
//! Whatever the widths, a line that does not end a sentence continues onto the next line when
//! the text says so (`soft_continues`): the next line starts with a lower-case word, or this
//! line ends mid-phrase ("…talks with" / "Vladimir Putin", "…more than" / "6,500"). A list item
//! keeps the lines indented deeper than its marker, and a first-line-indented item ("  0. These
//! terms apply…") the lines that continue it at the margin.
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

/// How a line ends: whether the sentence, or the phrase, it holds goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// A sentence end: `.`, `!`, `?`, `…` or `:`, also inside closing quotes or brackets
    /// (`."`, `?)`) — but not the full stop of an abbreviation ("Dr.", "U.S.").
    Stop,
    /// Mid-phrase: a word that never ends one (an article, a preposition, a conjunction, a
    /// possessive: "the", "of", "than", "and", "their"), a title ("Dr.") or an initial ("W."),
    /// a hyphen, a dash, an opening bracket or quote, or a separator ("•", "|", "&").
    Open,
    /// A comma.
    Comma,
    /// A month name, which a day of the month may follow ("March" / "26, 2022").
    Month,
    /// Any other word (or an initialism such as "U.S.", or a semicolon).
    Word,
    /// Anything else: a closing bracket or a quote without a sentence end inside, a symbol.
    Other,
}

/// How a line starts, past opening quotes and brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    /// A lower-case word ("these fields", "copyright notice"); not "iPhone", nor "eBay".
    Lower,
    /// A digit.
    Digit,
    /// A capital letter, a symbol, a letter of a script without case.
    Other,
}

/// A list marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// "•", "◦", "–", "—", and "-", "*", "+" followed by a space.
    Bullet,
    /// One to three digits then ". ", ") ", or in brackets: "1. ", "2) ", "(3) ".
    Number,
    /// A letter or a roman numeral then ". " or ") ", or in brackets: "A. ", "b) ", "(iv) ".
    /// It is a marker only where the document also holds its neighbour in the same style
    /// ("B. ", "a) ", "(iii) "), so that an initial ("J. Smith said…") is not.
    Ordinal {
        /// Case and punctuation: bit 0 upper case; bits 1–2: `.`, `)`, `( )`.
        style: u8,
        /// 1 for "a", 26 for "z"; 0 when not a single letter.
        letter: u8,
        /// The roman numeral's value (1–39); 0 when not one.
        roman: u8,
    },
}

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
    /// Words (runs of non-space characters).
    words: usize,
    /// The list marker the line starts with, if any (see [`Marker::Ordinal`]).
    marker: Option<Marker>,
    /// Starts with a list marker (an ordinal one only once confirmed).
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
    tail: Tail,
    head: Head,
    /// The first word is one that continues a phrase ("of study.", "and their guests").
    starts_function: bool,
    /// A sentence ends inside the line ("…of study. The authors…"): prose, not a headline.
    inner_stop: bool,
    /// "by Jane Smith": a byline, which may stand under a headline without punctuation.
    byline: bool,
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
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            // The `\n` of a `\r\n`.
            continue;
        }
        out.push(make_line(text, start, i));
        start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
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
    let ascii = content.is_ascii();
    let (first, count, last, inner_stop) = if ascii {
        ascii_words(content)
    } else {
        let mut words = content.split(is_space).filter(|w| !w.is_empty());
        let first = words.next().unwrap_or("");
        let mut count = 1;
        let mut last = first;
        let mut inner_stop = false;
        for w in words {
            inner_stop = inner_stop || ends_sentence_inside(last);
            last = w;
            count += 1;
        }
        (first, count, last, inner_stop)
    };
    let marker = marker(content);
    let tail = word_tail(last);
    let capitalised = capitalised(content);
    Some(Line {
        start: cstart,
        end: cstart + content.len(),
        width: indent
            + if ascii {
                content.len()
            } else {
                content.chars().count()
            },
        indent,
        first_word,
        words: count,
        marker,
        bullet: matches!(marker, Some(Marker::Bullet | Marker::Number)),
        hard_end: chrome_phrase(content),
        title_case: capitalised && title_like(content),
        capitalised,
        ends_sentence: content.ends_with(['.', '!', '?', '"', '”', '’', '»']),
        credit_like: capitalised
            && content.split_whitespace().nth(4).is_none()
            && !content.ends_with(['.', '!', '?', ',', ';', ':']),
        tail,
        head: head(first),
        starts_function: ascii_lower_in(first, CONTINUING_WORDS),
        inner_stop,
        byline: byline(content),
    })
}

/// The words of an ASCII line as `make_line` splits them (at `is_space`, which on ASCII is
/// `char::is_whitespace`), on bytes: the first, their count, the last, and whether a sentence
/// ends at a word before the last.
fn ascii_words(content: &str) -> (&str, usize, &str, bool) {
    let b = content.as_bytes();
    let space = |x: u8| matches!(x, b'\t'..=b'\r' | b' ');
    let (mut first, mut last) = ("", "");
    let mut count = 0;
    let mut inner_stop = false;
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        if i == b.len() {
            break;
        }
        let start = i;
        while i < b.len() && !space(b[i]) {
            i += 1;
        }
        let w = &content[start..i];
        if count == 0 {
            first = w;
        } else {
            inner_stop = inner_stop || ends_sentence_inside(last);
        }
        last = w;
        count += 1;
    }
    (first, count.max(1), last, inner_stop)
}

/// Opening quotes and brackets, skipped to find how a line starts.
fn opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '„' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡'
    )
}

fn head(first_word: &str) -> Head {
    let word = first_word.trim_start_matches(opener);
    match word.chars().next() {
        Some(c) if c.is_lowercase() && !word.chars().any(char::is_uppercase) => Head::Lower,
        Some(c) if c.is_numeric() => Head::Digit,
        _ => Head::Other,
    }
}

/// Whether `word`, as ASCII lower case, is one of `list`.
fn ascii_lower_in(word: &str, list: &[&str]) -> bool {
    word.len() <= 12 && list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Words that never end a phrase: a line ending with one goes on ("…talks with" / "Putin").
const OPEN_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "onto",
    "upon", "than", "via", "per", "between", "among", "against", "toward", "towards", "across",
    "through", "within", "without", "during", "until", "and", "or", "nor", "but", "my", "your",
    "its", "our", "their", "whose",
];

/// Words that continue a phrase at the start of a line ("these fields" / "of study.").
const CONTINUING_WORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "into", "than",
    "and", "or", "nor", "but", "as", "that", "which", "who", "whose", "where", "when", "while",
    "because", "is", "are", "was", "were", "has", "have", "had", "will", "would", "said", "says",
];

/// Month names and their short forms, space-separated.
const MONTHS: &str = "january february march april may june july august september october \
                      november december jan feb mar apr jun jul aug sep sept oct nov dec";

/// Abbreviations a full stop ends without ending the sentence: titles ("Dr." / "Helen Marsh"),
/// "e.g.", "vs.", and the short forms of months ("Jan." / "12").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cmdr", "sgt", "cpl",
    "sen", "rep", "gov", "pres", "rev", "hon", "st", "mt", "ft", "vs", "fig", "figs", "vol", "pp",
    "approx", "e.g", "i.e", "cf", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
];

/// Closing quotes and brackets.
const CLOSERS: [char; 9] = ['"', '\'', '”', '’', '»', '›', ')', ']', '}'];

/// How a line whose last word is `word` ends.
fn word_tail(word: &str) -> Tail {
    let bare = word.trim_end_matches(CLOSERS);
    let Some(c) = bare.chars().next_back() else {
        return Tail::Other;
    };
    if bare.len() < word.len() {
        // Closing quotes or brackets: a sentence end inside them ends the sentence.
        return match c {
            '.' | '!' | '?' | '…' | ':' => Tail::Stop,
            ',' => Tail::Comma,
            _ => Tail::Other,
        };
    }
    match c {
        '.' => {
            let stem = &bare[..bare.len() - 1];
            let initial = stem.len() == 1 && stem.chars().all(|c| c.is_ascii_uppercase());
            if initial || ascii_lower_in(stem, ABBREVIATIONS) {
                Tail::Open
            } else if stem.contains('.') && stem.chars().any(char::is_alphabetic) {
                Tail::Word
            } else {
                Tail::Stop
            }
        }
        '!' | '?' | '…' | ':' => Tail::Stop,
        ',' => Tail::Comma,
        ';' => Tail::Word,
        '-' | '–' | '—' | '•' | '·' | '|' | '&' | '+' | '(' | '[' | '“' | '‘' | '«' => {
            Tail::Open
        }
        c if c.is_alphanumeric() => {
            if ascii_lower_in(bare, OPEN_WORDS) {
                Tail::Open
            } else if bare.len() <= 9 && MONTHS.split(' ').any(|m| m.eq_ignore_ascii_case(bare)) {
                Tail::Month
            } else {
                Tail::Word
            }
        }
        _ => Tail::Other,
    }
}

/// Whether a word inside a line ends a sentence ("study." in "…of study. The authors…"); a
/// colon does not (headlines hold them: "Nagorno-Karabakh: Russia says…").
fn ends_sentence_inside(word: &str) -> bool {
    word.trim_end_matches(CLOSERS)
        .ends_with(['.', '!', '?', '…'])
        && word_tail(word) == Tail::Stop
        && word.chars().any(char::is_alphanumeric)
}

/// "by Jane Smith", "By Vafa Ismayilova": "by" and one to five capitalised names.
fn byline(s: &str) -> bool {
    let mut words = s.split_whitespace();
    if !words.next().is_some_and(|w| w.eq_ignore_ascii_case("by")) {
        return false;
    }
    let mut n = 0;
    for w in words {
        n += 1;
        if !(w == "and" || w.chars().next().is_some_and(char::is_uppercase)) {
            return false;
        }
    }
    (1..=5).contains(&n) && s.chars().next_back().is_some_and(char::is_alphabetic)
}

/// The list marker a line starts with ("•", "- ", "1. ", "2) ", "(3) ", "A. ", "b) ", "(iv) ").
fn marker(s: &str) -> Option<Marker> {
    let mut chars = s.chars();
    match chars.next()? {
        '•' | '◦' | '▪' | '‣' | '●' | '·' | '–' | '—' => {
            return Some(Marker::Bullet)
        }
        '-' | '*' | '+' => return chars.next().is_some_and(is_space).then_some(Marker::Bullet),
        _ => {}
    }
    let (inner, rest, form) = if let Some(r) = s.strip_prefix('(') {
        let close = r.bytes().take(6).position(|b| b == b')')?;
        (&r[..close], &r[close + 1..], 2)
    } else {
        let k = s.bytes().take(6).position(|b| b == b'.' || b == b')')?;
        (
            &s[..k],
            &s[k + 1..],
            if s.as_bytes()[k] == b'.' { 0 } else { 1 },
        )
    };
    let text_follows = rest.starts_with(is_space) && !rest.trim_start_matches(is_space).is_empty();
    if inner.is_empty() || !text_follows {
        return None;
    }
    if inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Marker::Number);
    }
    let upper = inner.bytes().all(|b| b.is_ascii_uppercase());
    if !upper && !inner.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let letter = match inner.as_bytes() {
        [b] => b.to_ascii_lowercase() - b'a' + 1,
        _ => 0,
    };
    let roman = roman(inner);
    (letter > 0 || roman > 0).then_some(Marker::Ordinal {
        style: u8::from(upper) | (form << 1),
        letter,
        roman,
    })
}

/// The value of a roman numeral of one case from 1 to 39 ("iv" = 4, "XII" = 12); 0 otherwise.
fn roman(s: &str) -> u8 {
    const NUMERALS: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    let lower = s.to_ascii_lowercase();
    let tens = lower.bytes().take_while(|&b| b == b'x').count();
    let units = &lower[tens..];
    match NUMERALS.iter().position(|n| *n == units) {
        Some(u) if tens <= 3 && tens + u > 0 => (tens * 10 + u) as u8,
        _ => 0,
    }
}

/// Confirm the ordinal markers ("A.", "b)", "(iv)") that have a neighbour of the same style
/// somewhere in the document ("B.", "a)", "(iii)").
fn confirm_ordinals(lines: &mut [Option<Line>]) {
    let mut seen: HashSet<(u8, bool, u8)> = HashSet::new();
    for l in lines.iter().flatten() {
        if let Some(Marker::Ordinal {
            style,
            letter,
            roman,
        }) = l.marker
        {
            seen.insert((style, false, letter));
            seen.insert((style, true, roman));
        }
    }
    let has = |style: u8, is_roman: bool, n: u8| {
        n > 0
            && (seen.contains(&(style, is_roman, n - 1)) && n > 1
                || seen.contains(&(style, is_roman, n + 1)))
    };
    for l in lines.iter_mut().flatten() {
        if let Some(Marker::Ordinal {
            style,
            letter,
            roman,
        }) = l.marker
        {
            l.bullet = has(style, false, letter) || has(style, true, roman);
        }
    }
}

/// Whether the break after `a` looks like a wrap at `width`: `a` is long, and either `b`'s first
/// word would not have fitted after it (greedy wrapping, as most wire copy) or `a` fills at
/// least four fifths of the width (balanced wrapping, as `fmt` or optimal-fit wrappers do).
/// Page chrome on `b` ends the paragraph, unless `b` is a lower-case continuation ("…the
/// original" / "copyright notice and this permission notice…").
fn wraps(a: &Line, b: &Line, width: usize) -> bool {
    if (b.hard_end && !lower_continuation(a, b))
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

/// Whether `b` goes on with the sentence `a` leaves open, by a lower-case start: `a` does not
/// end a sentence, `b` starts with a lower-case word, and either `a` ends mid-phrase, `b` starts
/// with a word that continues one ("of study."), or one of them is longer than a menu item
/// ("news" / "sport" stay apart).
fn lower_continuation(a: &Line, b: &Line) -> bool {
    a.tail != Tail::Stop
        && b.head == Head::Lower
        && !b.bullet
        && (matches!(a.tail, Tail::Open | Tail::Comma)
            || b.starts_function
            || a.words >= 4
            || b.words >= 4)
}

/// A paragraph being built.
struct Para<'a> {
    lines: Vec<&'a Line>,
    /// The indent of the list marker the paragraph starts with, if it does.
    item: Option<usize>,
    /// The indent of a list item's continuation lines, once it has one.
    cont: Option<usize>,
    /// A sentence ends inside the paragraph: it is prose, not a headline or a caption.
    stop_inside: bool,
}

impl<'a> Para<'a> {
    fn new(l: &'a Line) -> Self {
        Para {
            lines: vec![l],
            item: l.bullet.then_some(l.indent),
            cont: None,
            stop_inside: l.inner_stop,
        }
    }

    fn push(&mut self, l: &'a Line) {
        let last = self.lines[self.lines.len() - 1];
        self.stop_inside |= last.tail == Tail::Stop || l.inner_stop;
        if self.item.is_some() && self.cont.is_none() {
            self.cont = Some(l.indent);
        }
        self.lines.push(l);
    }
}

/// Whether `b` continues the paragraph `p`, whose last line is `a`, whatever the line widths
/// (`broken`: the block, or the document, is broken into lines mid-sentence; `explicit_start`:
/// `b` is indented deeper than the block's base).
///
/// - `b` goes on with a lower-case word ([`lower_continuation`]) — even "copyright …", not
///   page chrome there — unless it is a byline ("by Jane Smith") under what may be a headline;
/// - else `b` starts with a capital, a digit, a quote or a symbol, is not an explicit start, and
///   `a` is no two-word chrome line ("Log in" / "Sign up"); it continues after a line ending
///   mid-phrase ("…talks with" / "Vladimir Putin", "Dr." / "Helen Marsh", "… •" / "Join the
///   conversation"); before any other chrome line, never; after a comma, when `b` starts with a
///   digit ("Dec 25," / "2019") or the text is `broken`; after a month, when `b` starts with a
///   digit ("March" / "26"); after any other word, when the text is `broken`, a sentence has
///   already ended inside the paragraph (prose, not a headline or caption: those hold no full
///   stop) and `a` is not a title-case line.
fn soft_continues(p: &Para, a: &Line, b: &Line, broken: bool, explicit_start: bool) -> bool {
    if lower_continuation(a, b) {
        return !(b.byline && !matches!(a.tail, Tail::Open | Tail::Comma) && !p.stop_inside);
    }
    // A menu item ("Log in" / "Sign up") stands alone.
    let chrome = a.hard_end && a.words <= 2;
    if a.tail == Tail::Stop || b.head == Head::Lower || chrome || explicit_start {
        return false;
    }
    match a.tail {
        // "… • 1 minute read •" / "Join the conversation": mid-phrase, even before chrome.
        Tail::Open => true,
        _ if b.hard_end => false,
        Tail::Comma => broken || b.head == Head::Digit,
        Tail::Month if b.head == Head::Digit => true,
        Tail::Word | Tail::Month => broken && p.stop_inside && !a.title_case,
        Tail::Stop | Tail::Other => false,
    }
}

/// Whether `b` continues the paragraph `p` (whose last line is `a`) in a block with this wrap
/// `width` (if any) and `base` indent.
///
/// A list marker starts a new paragraph (a number not, after a line ending mid-phrase: "…more
/// than" / "15. "). A list item keeps the lines indented deeper than its marker (hanging
/// indent); a line at or left of the marker continues it when the text or the wrapping says
/// so, and then the item's further lines stay at that indent (a first-line indented item: "  0.
/// These terms apply…" / "placed by the rights holder…").
fn continues(
    p: &Para,
    a: &Line,
    b: &Line,
    width: Option<usize>,
    base: usize,
    broken: bool,
) -> bool {
    let number_goes_on = b.marker == Some(Marker::Number) && a.tail == Tail::Open;
    if b.bullet && !number_goes_on {
        return false;
    }
    let wrapped = width.is_some_and(|w| wraps(a, b, w));
    if let Some(marker) = p.item {
        match p.cont {
            Some(c) if c <= marker && b.indent != c => return false,
            Some(c) if c <= marker => {}
            _ if b.indent > marker => return !b.hard_end || lower_continuation(a, b),
            Some(_) => return false,
            None if b.indent < marker => return soft_continues(p, a, b, broken, false),
            None => {}
        }
        return wrapped || soft_continues(p, a, b, broken, false);
    }
    let explicit = b.indent > base;
    (wrapped && !explicit) || soft_continues(p, a, b, broken, explicit)
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

/// Line breaks of a block that leave a sentence open, and how many of those go on with a
/// lower-case word.
fn open_breaks(block: &[Line]) -> (usize, usize) {
    let open = block
        .windows(2)
        .filter(|w| w[0].tail != Tail::Stop && !w[1].bullet);
    open.fold((0, 0), |(n, lower), w| {
        (n + 1, lower + usize::from(lower_continuation(&w[0], &w[1])))
    })
}

/// Whether text is broken into lines mid-sentence: of the line breaks that leave a sentence
/// open, at least two and two in five go on with a lower-case word. (In one-paragraph-per-line
/// text next to none do: its headlines, captions and list items are followed by capitals.)
fn line_broken((open, lower): (usize, usize)) -> bool {
    lower >= 2 && lower * 5 >= open * 2
}

/// Cut `text` into paragraphs with byte offsets into `text`, and set each paragraph's role.
pub fn segment(text: &str) -> Vec<Paragraph> {
    let mut all = lines(text);
    confirm_ordinals(&mut all);
    let mut blocks: Vec<Vec<Line>> = vec![Vec::new()];
    for line in all {
        match line {
            Some(l) => blocks.last_mut().expect("never empty").push(l),
            None => blocks.push(Vec::new()),
        }
    }
    blocks.retain(|b| !b.is_empty());

    let widths: Vec<Option<usize>> = blocks.iter().map(|b| block_wrap_width(b)).collect();
    let doc_width = widths.iter().flatten().max().copied();
    let breaks: Vec<(usize, usize)> = blocks.iter().map(|b| open_breaks(b)).collect();
    let doc_broken = line_broken(
        breaks
            .iter()
            .fold((0, 0), |(n, l), (bn, bl)| (n + bn, l + bl)),
    );

    let mut paragraphs = Vec::new();
    for ((block, width), breaks) in blocks.iter().zip(&widths).zip(&breaks) {
        let width = width.or(doc_width);
        let base = base_indent(block);
        // Where the lines are wrapped to a width, the width tells a paragraph's last line.
        let broken = width.is_none() && (doc_broken || line_broken(*breaks));
        let mut current = Para::new(&block[0]);
        for pair in block.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if continues(&current, a, b, width, base, broken) {
                current.push(b);
            } else {
                paragraphs.push(join(text, &current.lines, paragraphs.len()));
                current = Para::new(b);
            }
        }
        paragraphs.push(join(text, &current.lines, paragraphs.len()));
    }
    paragraphs.shrink_to_fit();
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

/// Whether a text is page chrome by the phrase lists ("Top Bottom", "READ MORE: …"). ASCII
/// text is answered by [`chrome_phrase_ascii`] (most of it from its first two bytes).
pub fn chrome_phrase(text: &str) -> bool {
    if text.is_ascii() {
        chrome_phrase_ascii(text.as_bytes())
    } else {
        chrome_phrase_listed(text)
    }
}

/// [`chrome_phrase`] by the lists, compared with the text's normal form
/// (`chrome_phrase_by_normal_form`); most lines are answered without normalising: an ASCII
/// text's normal form is its lower case (a backtick aside, which normalises to `'`), and a
/// phrase whose first letters already differ from the text's ASCII head cannot match,
/// whatever follows.
fn chrome_phrase_listed(text: &str) -> bool {
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

/// [`chrome_phrase`] of a line known to be ASCII, answering most lines from their first two
/// bytes: every phrase of the lists has at least two bytes, neither of them a quote or
/// an apostrophe, so a line whose first two bytes (trimmed, lower case, a backtick folded as
/// the normal form folds it) start no phrase is not chrome. The rest goes to the lists. The
/// corpus scan calls this once per line.
pub fn chrome_phrase_ascii(line: &[u8]) -> bool {
    debug_assert!(line.is_ascii());
    // `str::trim`'s white space, on ASCII.
    let ws = |c: &u8| matches!(c, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ');
    let Some(at) = line.iter().position(|c| !ws(c)) else {
        return false;
    };
    let fold = |c: u8| {
        if c == b'`' {
            b'\''
        } else {
            c.to_ascii_lowercase()
        }
    };
    let (Some(&x), Some(&y)) = (line.get(at), line.get(at + 1)) else {
        // One byte: shorter than any phrase.
        return false;
    };
    let head = u16::from_le_bytes([fold(x), fold(y)]);
    chrome_heads().contains(&head) && chrome_phrase_listed(std::str::from_utf8(line).unwrap_or(""))
}

/// The first two bytes of every phrase of the lists (see [`chrome_phrase_ascii`]).
fn chrome_heads() -> &'static [u16] {
    static HEADS: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    HEADS.get_or_init(|| {
        let mut h: Vec<u16> = CHROME_EXACT
            .iter()
            .chain(CHROME_PREFIX)
            .map(|p| p.as_bytes())
            .filter(|p| p.len() >= 2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        h.sort_unstable();
        h.dedup();
        h
    })
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
    // The words of `tokens::words`, by the streaming spans (the same spans, without a buffer
    // allocated per paragraph).
    let mut scratch = tokens::SpanScratch::default();
    // The words of each paragraph are gathered here and copied out at their exact size.
    let mut words = Vec::new();
    for p in paragraphs.iter_mut() {
        let text = p.text.as_str();
        words.clear();
        tokens::for_each_word_span(text, &mut scratch, |start, end| {
            words.push(tokens::WordSpan::new(start, end))
        });
        p.tokens = words.as_slice().to_vec();
        p.words = p.tokens.len();
        // The paragraph's normal forms in order, hashed word by word (the hash of each
        // normal form, `tokens::word_hash`, without building it for ASCII words).
        let key = p.tokens.iter().fold(p.tokens.len() as u64, |h, w| {
            (h.rotate_left(29) ^ w.norm_hash(text)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        });
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
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "a\r\nb\r\r c\n\r\nd\n";
        let got: Vec<Option<&str>> = lines(text)
            .into_iter()
            .map(|l| l.map(|l| &text[l.start..l.end]))
            .collect();
        assert_eq!(
            got,
            [Some("a"), Some("b"), None, Some("c"), None, Some("d")]
        );
        let last: Vec<_> = lines("x\ry")
            .into_iter()
            .flatten()
            .map(|l| l.start)
            .collect();
        assert_eq!(last, [0, 2]);
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
    fn a_paragraph_repeated_in_other_case_and_typography_is_repeated() {
        let t = "The minister’s “caption” under the photo, said Ｒeuters in Café Nord.\n\n\
                 A body paragraph that is long enough to be read as a sentence of text.\n\n\
                 THE MINISTER'S \"CAPTION\" UNDER THE PHOTO, SAID REUTERS IN CAFÉ NORD.\n\n\
                 The minister's caption under the photo, said Reuters in Café Sud.";
        let roles: Vec<Role> = segment(t).into_iter().map(|p| p.role).collect();
        assert_eq!(
            roles,
            [Role::Body, Role::Body, Role::Repeated, Role::Body],
            "the same words in their normal forms repeat; one word more or less does not"
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
        /// The ASCII answer is the lists' on any ASCII line: the phrases in any
        /// case, cut short, with a backtick for the apostrophe, white space (vertical tab and
        /// form feed too) around them, and text after them.
        #[test]
        fn ascii_chrome_phrase_as_chrome_phrase(
            pre in "[ \t\u{b}\u{c}\r]{0,2}",
            k in 0usize..CHROME_EXACT.len() + CHROME_PREFIX.len(),
            cut in 0usize..40,
            upper in proptest::collection::vec(proptest::bool::ANY, 40),
            tail in "[ -~\t\u{b}\u{c}]{0,12}",
            other in "[ -~\t\u{b}\u{c}\r]{0,50}",
            which in 0u8..3,
        ) {
            let phrase = CHROME_EXACT.iter().chain(CHROME_PREFIX).nth(k).copied().unwrap_or("");
            let cased: String = phrase
                .chars()
                .zip(upper.iter().cycle())
                .map(|(c, &u)| match (c, u) {
                    ('\'', true) => '`',
                    (c, true) => c.to_ascii_uppercase(),
                    (c, false) => c,
                })
                .collect();
            let line = match which {
                0 => format!("{pre}{cased}{tail}"),
                1 => format!("{pre}{}", cased.get(..cut.min(cased.len())).unwrap_or("")),
                _ => other,
            };
            proptest::prop_assume!(line.is_ascii());
            proptest::prop_assert_eq!(chrome_phrase_ascii(line.as_bytes()), chrome_phrase_listed(&line), "{:?}", line);
        }
    }

    proptest::proptest! {
        /// An ASCII line's words on bytes are its words split at `is_space`.
        #[test]
        fn ascii_words_as_split_at_spaces(s in "[a-zA-Z.!?\"') \t\u{b}\u{c}\r]{1,40}") {
            let content = s.trim_matches(is_space);
            proptest::prop_assume!(!content.is_empty());
            let mut words = content.split(is_space).filter(|w| !w.is_empty());
            let first = words.next().unwrap_or("");
            let (mut count, mut last, mut inner_stop) = (1, first, false);
            for w in words {
                inner_stop = inner_stop || ends_sentence_inside(last);
                last = w;
                count += 1;
            }
            proptest::prop_assert_eq!(ascii_words(content), (first, count, last, inner_stop));
        }
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
            proptest::prop_assert_eq!(chrome_phrase_listed(line), chrome_phrase_by_normal_form(line), "{}", line);
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
    fn line_ends_and_starts() {
        let tail = |l: &str| make_line(l, 0, l.len()).unwrap().tail;
        assert_eq!(tail("said the agency."), Tail::Stop);
        assert_eq!(tail("called it “one-sided.”"), Tail::Stop);
        assert_eq!(tail("Point 1:"), Tail::Stop);
        assert_eq!(tail("said Dr."), Tail::Open);
        assert_eq!(tail("George W."), Tail::Open);
        assert_eq!(tail("outcomes in"), Tail::Open);
        assert_eq!(tail("peace-"), Tail::Open);
        assert_eq!(tail("the situation,”"), Tail::Comma);
        assert_eq!(tail("follow in March"), Tail::Month);
        assert_eq!(tail("imposed by the U.S."), Tail::Word);
        assert_eq!(tail("(AFP, Reuters)"), Tail::Other);
        let head = |l: &str| make_line(l, 0, l.len()).unwrap().head;
        assert_eq!(head("these fields"), Head::Lower);
        assert_eq!(head("“extremely concerned” about"), Head::Lower);
        assert_eq!(head("iPhone sales"), Head::Other);
        assert_eq!(head("6,500 people"), Head::Digit);
        let inner_stop = |l: &str| make_line(l, 0, l.len()).unwrap().inner_stop;
        assert!(inner_stop("of study. The authors"));
        assert!(!inner_stop("Nagorno-Karabakh: Russia says"));
        assert!(!inner_stop("said Dr. Helen Marsh"));
    }

    #[test]
    fn list_markers() {
        for (line, want) in [
            ("• item", Some(Marker::Bullet)),
            ("- item", Some(Marker::Bullet)),
            ("-5 degrees", None),
            ("12. item", Some(Marker::Number)),
            ("(3) item", Some(Marker::Number)),
            ("2020. The year", None),
            ("15.", None),
            ("U.S. officials", None),
            ("(AFP) Russia", None),
        ] {
            assert_eq!(marker(line), want, "{line}");
        }
        let ordinal = |l: &str| match marker(l) {
            Some(Marker::Ordinal { letter, roman, .. }) => (letter, roman),
            other => panic!("{l}: {other:?}"),
        };
        assert_eq!(ordinal("A. Use"), (1, 0));
        assert_eq!(ordinal("c) Keep"), (3, 0));
        assert_eq!(ordinal("(iv) the"), (0, 4));
        assert_eq!(ordinal("(i) the"), (9, 1));
        assert_eq!(ordinal("XII. Final"), (0, 12));
        assert_eq!(roman("xl"), 0);
        assert_eq!(roman("iiii"), 0);
    }

    #[test]
    fn a_number_after_a_line_ending_mid_phrase_is_no_list_item() {
        let t = "The drones had killed three people and wounded more than\n15. The ministry gave no names.\n1. First point of the list.\n2. Second point of the list.";
        assert_eq!(
            texts(t),
            [
                "The drones had killed three people and wounded more than 15. The ministry gave no names.",
                "1. First point of the list.",
                "2. Second point of the list."
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
