//! The words that scores are computed on: one stream per article, built from its text by one
//! function, so that `compare`, `scan` and `coverage` count the same words the same way.
//!
//! The text is read line by line. Page chrome is left out: lines that match the chrome phrase
//! lists ([`crate::corpus::segment::chrome_phrase`]) and one-line blocks of three words or
//! fewer (a button, a byline, a date). Each other word gets
//! - a key: the top 32 bits of the hash of its normal form ([`tokens::word_hash`]), so two
//!   words with the same normal form have the same key;
//! - its byte offsets in the text;
//! - flags: [`SENTENCE_END`] (the last word of a sentence:
//!   followed by `.`, `!`, `?` or `…`, or the last word of a block), [`QUOTED`] (inside
//!   quotation marks), [`UNCOUNTED`] (on a line that repeats an earlier line of the text word
//!   for word: a caption under every photo counts once).
//!
//! Paragraph boundaries play no part: a passage may start in the middle of one line and run
//! over the next four.

use crate::text::tokens;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The word ends a sentence.
pub const SENTENCE_END: u8 = 2;
/// The word is inside quotation marks.
pub const QUOTED: u8 = 4;
/// The word is on a line that repeats an earlier line: not counted in shares.
pub const UNCOUNTED: u8 = 8;

/// The key of a word's normal form.
pub fn key_of_hash(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// The key of a word (any form: it is normalised first).
pub fn key(word: &str) -> u32 {
    key_of_norm(&tokens::normalize(word))
}

/// The key of a word already in its normal form ([`tokens::normalize`]).
pub fn key_of_norm(norm: &str) -> u32 {
    key_of_hash(tokens::word_hash(norm.as_bytes()))
}

fn stop_keys() -> &'static [u32] {
    static KEYS: OnceLock<Vec<u32>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut k: Vec<u32> = tokens::stopwords().iter().map(|w| key(w)).collect();
        k.sort_unstable();
        k
    })
}

/// Whether a key is a function word's ([`tokens::is_stopword`]).
pub fn is_stop_key(k: u32) -> bool {
    stop_keys().binary_search(&k).is_ok()
}

/// An article's words as scores see them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stream {
    pub keys: Vec<u32>,
    pub flags: Vec<u8>,
    /// Byte offsets of each word in the text.
    pub spans: Vec<(u32, u32)>,
}

impl Stream {
    /// The stream of a decoded text.
    pub fn of_text(text: &str) -> Stream {
        let mut s = Stream {
            keys: Vec::with_capacity(text.len() / 6),
            flags: Vec::with_capacity(text.len() / 6),
            spans: Vec::with_capacity(text.len() / 6),
        };
        for_each_word::<true>(text, &mut Scratch::default(), |start, end, hash, flags| {
            s.keys.push(key_of_hash(hash));
            s.flags.push(flags);
            s.spans.push((start as u32, end as u32));
        });
        s
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn is(&self, i: usize, flag: u8) -> bool {
        self.flags[i] & flag != 0
    }

    /// Whether word `i` is a function word.
    pub fn is_stop(&self, i: usize) -> bool {
        is_stop_key(self.keys[i])
    }

    /// Words that count in shares.
    pub fn counted(&self) -> usize {
        self.flags.iter().filter(|&&f| f & UNCOUNTED == 0).count()
    }
}

/// Reusable buffers for tokenising many texts on one thread.
#[derive(Debug, Default)]
pub struct Scratch {
    lines: Vec<(usize, usize, bool)>,
    line_words: Vec<(usize, usize, u64)>,
    spans: tokens::SpanScratch,
    /// Hashes of the lines seen so far (already hashes: no hashing again).
    seen_lines: HashSet<u64, std::hash::BuildHasherDefault<Identity>>,
    /// Tests: every word through the character path.
    #[cfg(test)]
    by_chars: bool,
}

/// A hasher for keys that are hashes already.
#[derive(Debug, Default)]
struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// Characters that open a quotation.
fn opens_quote(c: char) -> bool {
    matches!(c, '“' | '„' | '«' | '‹' | '"' | '‘' | '「' | '『')
}

/// Characters that close a quotation.
fn closes_quote(c: char) -> bool {
    matches!(c, '”' | '»' | '›' | '"' | '’' | '」' | '』')
}

/// Words that end with a full stop without ending a sentence.
fn abbreviation(word: &str) -> bool {
    const ABBR: &[&str] = &[
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "sgt", "gov", "sen",
        "rep", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e", "a.m", "p.m",
    ];
    // The list's words are short; longer words end sentences unless they hold a full stop.
    if word.len() > 4 && !word.contains('.') {
        return false;
    }
    let w = word.trim_end_matches('.');
    // Initials: "J." in "J. Smith".
    (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
        || ABBR.iter().any(|a| w.eq_ignore_ascii_case(a))
}

/// Whether the text after a word (up to the next word) ends a sentence.
fn ends_sentence(word: &str, after: &str) -> bool {
    let mut chars = after.chars();
    let mut stop = false;
    for c in chars.by_ref() {
        match c {
            '.' | '!' | '?' | '…' => stop = true,
            c if closes_quote(c) || matches!(c, ')' | ']' | '\'') => {}
            _ => {
                return stop
                    && (c.is_whitespace() || opens_quote(c))
                    && !(after.starts_with('.') && abbreviation(word));
            }
        }
    }
    stop && !(after.starts_with('.') && abbreviation(word))
}

/// Whether a quotation opens before the word `line[ws..we]`, closes after it, and whether it
/// ends a sentence: `line[from..ws]` is before the word (from the previous word, or the line's
/// start for the first), `line[we..next]` after it.
fn marks(
    line: &str,
    from: usize,
    ws: usize,
    we: usize,
    next: usize,
    first: bool,
) -> (bool, bool, bool) {
    let before = &line[from..ws];
    let after = &line[we..next];
    (
        before
            .chars()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .any(opens_quote)
            || (first && before.chars().any(opens_quote)),
        after
            .chars()
            .take_while(|c| !c.is_whitespace())
            .any(closes_quote),
        ends_sentence(&line[ws..we], after),
    )
}

/// [`marks`] of a word of an ASCII line, on bytes: `line[from..ws]` is before the word `line[ws..we]`, `line[we..next]` after it.
#[inline]
fn ascii_marks(
    line: &[u8],
    from: usize,
    ws: usize,
    we: usize,
    next: usize,
    first: bool,
) -> (bool, bool, bool) {
    // Most words sit between spaces: nothing to look at.
    let spaced_before = !first && (ws == from || line[ws - 1].is_ascii_whitespace());
    let spaced_after = we == next || line[we].is_ascii_whitespace();
    if spaced_before && spaced_after {
        return (false, false, false);
    }
    let before = &line[from..ws];
    let opens = if first {
        before.contains(&b'"')
    } else {
        before
            .iter()
            .rev()
            .take_while(|c| !c.is_ascii_whitespace())
            .any(|&c| c == b'"')
    };
    let after = &line[we..next];
    let closes = after
        .iter()
        .take_while(|c| !c.is_ascii_whitespace())
        .any(|&c| c == b'"');
    let mut stop = false;
    let mut ends = None;
    for &c in after {
        match c {
            b'.' | b'!' | b'?' => stop = true,
            b'"' | b')' | b']' | b'\'' => {}
            c => {
                ends = Some(stop && (c.is_ascii_whitespace() || c == b'"'));
                break;
            }
        }
    }
    let ends = ends.unwrap_or(stop)
        && !(after.first() == Some(&b'.')
            && abbreviation(std::str::from_utf8(&line[ws..we]).unwrap_or("")));
    (opens, closes, ends)
}

/// The words of a text with chrome lines left out, as `(start, end, hash, flags)` to `f`, in
/// order. With `FLAGS` false the flags are 0 and cost nothing (the corpus scan's fast path).
pub fn for_each_word<const FLAGS: bool>(
    text: &str,
    scratch: &mut Scratch,
    mut f: impl FnMut(usize, usize, u64, u8),
) {
    // Lines as (start, end, blank).
    let lines = &mut scratch.lines;
    lines.clear();
    // Lines as `split_inclusive('\n')` gives them, each without its line ends; newlines
    // found by `memchr` (SIMD), not a char searcher.
    let mut at = 0;
    let bytes = text.as_bytes();
    let ends = memchr::memchr_iter(b'\n', bytes).map(|nl| nl + 1);
    let last = (!bytes.ends_with(b"\n") && !bytes.is_empty()).then_some(bytes.len());
    for end in ends.chain(last) {
        let body = text[at..end].trim_end_matches(['\n', '\r']);
        lines.push((at, at + body.len(), body.trim().is_empty()));
        at = end;
    }
    if FLAGS {
        scratch.seen_lines.clear();
    }
    let mut quoted = false;
    let words = &mut scratch.line_words;
    for (k, &(s, e, blank)) in lines.iter().enumerate() {
        if blank {
            quoted = false;
            continue;
        }
        let line = &text[s..e];
        let b = line.as_bytes();
        let ascii = b.is_ascii();
        let chrome = if ascii {
            crate::corpus::segment::chrome_phrase_ascii(b)
        } else {
            crate::corpus::segment::chrome_phrase(line)
        };
        if chrome {
            continue;
        }
        // One-line blocks of three words or fewer are chrome.
        let alone = (k == 0 || lines[k - 1].2) && lines.get(k + 1).is_none_or(|l| l.2);
        if !FLAGS && ascii && !alone {
            // Nothing to wait for: each word straight to `f`, no list of the line's words.
            tokens::ascii_word_spans(b, |ws, we| {
                f(s + ws, s + we, tokens::ascii_word_hash(b, ws, we), 0)
            });
            continue;
        }
        words.clear();
        if ascii {
            tokens::ascii_word_spans(b, |ws, we| {
                words.push((ws, we, tokens::ascii_word_hash(b, ws, we)))
            });
        } else {
            tokens::for_each_word_span(line, &mut scratch.spans, |ws, we| {
                words.push((ws, we, tokens::norm_hash_at(line, ws, we)))
            });
        }
        if alone && words.len() <= 3 {
            continue;
        }
        if !FLAGS {
            for &(ws, we, hash) in words.iter() {
                f(s + ws, s + we, hash, 0);
            }
            continue;
        }
        // A line of four words or more seen before, word for word, is not counted.
        let repeat = words.len() >= 4 && {
            let h = words.iter().fold(words.len() as u64, |h, w| {
                (h.rotate_left(29) ^ w.2).wrapping_mul(0x9e37_79b9_7f4a_7c15)
            });
            !scratch.seen_lines.insert(h)
        };
        let block_end = lines.get(k + 1).is_none_or(|l| l.2);
        #[cfg(test)]
        let ascii = ascii && !scratch.by_chars;
        for (n, &(ws, we, hash)) in words.iter().enumerate() {
            let from = if n == 0 { 0 } else { words[n - 1].1 };
            let next = words.get(n + 1).map_or(line.len(), |w| w.0);
            let (opens, closes, ends) = if !ascii {
                marks(line, from, ws, we, next, n == 0)
            } else {
                // A word with only white space around it (most words) opens, closes and ends
                // nothing: no look at it.
                let b = line.as_bytes();
                let plain = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_whitespace);
                if plain(from..ws) && plain(we..next) {
                    (false, false, false)
                } else {
                    ascii_marks(b, from, ws, we, next, n == 0)
                }
            };
            if opens {
                quoted = true;
            }
            let mut flags = 0;
            if quoted {
                flags |= QUOTED;
            }
            if closes {
                quoted = false;
            }
            if (n + 1 == words.len() && block_end) || ends {
                flags |= SENTENCE_END;
            }
            if repeat {
                flags |= UNCOUNTED;
            }
            f(s + ws, s + we, hash, flags);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_with(text: &str, flag: u8) -> Vec<&str> {
        let s = Stream::of_text(text);
        (0..s.len())
            .filter(|&i| s.is(i, flag))
            .map(|i| &text[s.spans[i].0 as usize..s.spans[i].1 as usize])
            .collect()
    }

    #[test]
    fn keys_are_the_normal_forms_hashes() {
        let s = Stream::of_text("The Defence Ministry’s “statement” said 6,500 troops.\n");
        let words: Vec<&str> = s
            .spans
            .iter()
            .map(|&(a, b)| {
                &"The Defence Ministry’s “statement” said 6,500 troops.\n"[a as usize..b as usize]
            })
            .collect();
        assert_eq!(
            words,
            [
                "The",
                "Defence",
                "Ministry’s",
                "statement",
                "said",
                "6,500",
                "troops"
            ]
        );
        assert_eq!(s.keys[0], key("the"));
        assert_eq!(s.keys[2], key("ministry's"));
    }

    #[test]
    fn sentence_ends_quotes_and_function_words() {
        let text = "Mr. Lavrov said: “We will act. Now.” He left at 5 p.m. on Monday.\nThe talks go on\n\nThe next block is here";
        assert_eq!(
            words_with(text, SENTENCE_END),
            ["act", "Now", "Monday", "on", "here"]
        );
        assert_eq!(words_with(text, QUOTED), ["We", "will", "act", "Now"]);
        let s = Stream::of_text(text);
        assert!(s.is_stop(2) && !s.is_stop(1), "said, Lavrov");
    }

    #[test]
    fn chrome_lines_are_left_out_and_repeated_lines_not_counted() {
        let text = "Read more: the other story\n\nA caption under the photo of the place\n\nBody text of the article goes here.\n\nA caption under the photo of the place\n\nShare\n";
        let s = Stream::of_text(text);
        let all = words_with(text, 0xff);
        assert!(!all.contains(&"Share") && !all.contains(&"other"));
        assert_eq!(
            words_with(text, UNCOUNTED).len(),
            8,
            "the second caption only"
        );
        assert_eq!(s.counted(), s.len() - 8);
    }

    proptest::proptest! {
        /// On ASCII lines the byte path marks quotes and sentence ends as the character
        /// path does.
        #[test]
        fn ascii_marks_as_by_characters(line in "([A-Za-z]{1,6}|[0-9]{1,3}|Mr|U\\.S|p\\.m)([ .,!?;:'\"()\\[\\]-]{0,3}([A-Za-z]{1,6}|[0-9]{1,3}|Mr)){0,12}[ .!?\"')]{0,3}") {
            let spans = tokens::word_spans(&line);
            for (n, &(ws, we)) in spans.iter().enumerate() {
                let from = if n == 0 { 0 } else { spans[n - 1].1 };
                let next = spans.get(n + 1).map_or(line.len(), |w| w.0);
                proptest::prop_assert_eq!(
                    ascii_marks(line.as_bytes(), from, ws, we, next, n == 0),
                    marks(&line, from, ws, we, next, n == 0),
                    "word {} of {:?}", n, line
                );
            }
        }
    }

    proptest::proptest! {
        /// The flags of ASCII text, marked from the punctuation bytes, are those every word
        /// gets through the character path.
        #[test]
        fn ascii_flags_as_by_characters(text in "(([A-Za-z]{1,6}|[0-9]{1,3}|Mr)([ .,!?;:'\"()-]{1,3})){0,14}(\n{1,2}(([A-Za-z]{1,6}|[0-9]{1,3})([ .,!?;:'\"()-]{1,3})){0,14}){0,4}") {
            let mut fast = Vec::new();
            for_each_word::<true>(&text, &mut Scratch::default(), |s, e, h, f| fast.push((s, e, h, f)));
            let mut slow = Vec::new();
            let mut scratch = Scratch { by_chars: true, ..Scratch::default() };
            for_each_word::<true>(&text, &mut scratch, |s, e, h, f| slow.push((s, e, h, f)));
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    /// The words of `text` by the definition, slowly: lines split at `\n`, chrome lines and
    /// one-line blocks of three words or fewer left out, each word's hash the hash of its
    /// normal form.
    fn reference_words(text: &str) -> Vec<(usize, usize, u64)> {
        let mut lines = Vec::new();
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            lines.push((at, body));
            at += line.len();
        }
        let blank = |k: usize| {
            lines
                .get(k)
                .is_none_or(|l: &(usize, &str)| l.1.trim().is_empty())
        };
        let mut out = Vec::new();
        for (k, &(s, line)) in lines.iter().enumerate() {
            if line.trim().is_empty() || crate::corpus::segment::chrome_phrase(line) {
                continue;
            }
            let spans = tokens::word_spans(line);
            let alone = (k == 0 || blank(k - 1)) && blank(k + 1);
            if alone && spans.len() <= 3 {
                continue;
            }
            for (ws, we) in spans {
                let norm = tokens::normalize(&line[ws..we]);
                out.push((s + ws, s + we, tokens::word_hash(norm.as_bytes())));
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The streaming tokeniser (newlines by `memchr`, chrome answered from ASCII lines'
        /// first bytes, words and hashes on bytes) gives the words and hashes of the
        /// definition on hostile text: any script, controls, lone CRs, blank lines of white
        /// space, chrome phrases in any case, backticks, typography, long ASCII lines.
        #[test]
        fn streaming_words_as_by_definition(
            text in "((\\PC|[\r\n\t\u{0}\u{b}\u{c}\u{1b}\u{a0}\u{2019}\u{201c}\u{2014}`_.,:;' ]|[a-zA-Z]{1,12}|Read more:|SHARE|Top Bottom|What`s new|Loading…|© |\n\n|\r\n){0,60})",
        ) {
            let mut got = Vec::new();
            for_each_word::<false>(&text, &mut Scratch::default(), |s, e, h, _| got.push((s, e, h)));
            proptest::prop_assert_eq!(&got, &reference_words(&text));
            let mut flagged = Vec::new();
            for_each_word::<true>(&text, &mut Scratch::default(), |s, e, h, _| flagged.push((s, e, h)));
            proptest::prop_assert_eq!(got, flagged);
        }
    }

    #[test]
    fn flags_or_not_the_same_words() {
        let text = "Title line here\n\nOne “two three” four. Five six seven eight!\nnine ten eleven twelve\n";
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for_each_word::<true>(text, &mut Scratch::default(), |s, e, h, _| {
            a.push((s, e, h))
        });
        for_each_word::<false>(text, &mut Scratch::default(), |s, e, h, _| {
            b.push((s, e, h))
        });
        assert_eq!(a, b);
    }
}
