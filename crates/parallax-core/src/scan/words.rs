//! Step 1 and 2 of the scan: the words of a text (chrome lines left out) as hashes, and
//! their shingles.

use super::Token;

/// The words of a decoded text with chrome lines left out.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    for_each_word(text, &mut Scratch::default(), |start, end, hash| {
        out.push(Token { start, end, hash })
    });
    out
}

/// Reusable buffers for tokenising many texts on one thread.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(super) lines: Vec<(usize, usize, bool)>,
    pub(super) line_words: Vec<(usize, usize, u64)>,
    pub(super) spans: crate::text::tokens::SpanScratch,
    pub(super) table: Vec<u32>,
    pub(super) prev: Vec<u32>,
    pub(super) words: Vec<u64>,
    pub(super) bytes: Vec<u8>,
}

/// The words [`tokenize`] gives, as `(start, end, hash)` to `f`, in order.
pub fn for_each_word(text: &str, scratch: &mut Scratch, mut f: impl FnMut(usize, usize, u64)) {
    // Lines as (start, end, blank).
    let lines = &mut scratch.lines;
    lines.clear();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        lines.push((at, at + body.len(), body.trim().is_empty()));
        at += line.len();
    }
    let words = &mut scratch.line_words;
    for (k, &(s, e, blank)) in lines.iter().enumerate() {
        let line = &text[s..e];
        if blank || crate::corpus::segment::chrome_phrase(line) {
            continue;
        }
        words.clear();
        let b = line.as_bytes();
        if line.is_ascii() {
            crate::text::tokens::ascii_word_spans(b, |ws, we| {
                words.push((ws, we, crate::text::tokens::ascii_word_hash(b, ws, we)))
            });
        } else {
            crate::text::tokens::for_each_word_span(line, &mut scratch.spans, |ws, we| {
                let w = &line[ws..we];
                let hash = match w.is_ascii() {
                    true => crate::text::tokens::ascii_word_hash(b, ws, we),
                    false => crate::text::tokens::apostrophe_word_hash(w).unwrap_or_else(|| {
                        crate::text::tokens::word_hash(crate::text::tokens::normalize(w).as_bytes())
                    }),
                };
                words.push((ws, we, hash))
            });
        }
        // One-line blocks of three words or fewer are chrome.
        let alone = (k == 0 || lines[k - 1].2) && lines.get(k + 1).is_none_or(|l| l.2);
        if alone && words.len() <= 3 {
            continue;
        }
        for &(ws, we, hash) in words.iter() {
            f(s + ws, s + we, hash);
        }
    }
}

/// Shingle hashes of a word sequence.
pub fn shingles(tokens: &[Token], n: usize) -> Vec<u32> {
    let hashes: Vec<u64> = tokens.iter().map(|t| t.hash).collect();
    shingles_of(&hashes, n)
}

/// Shingle hashes of a sequence of word hashes.
pub fn shingles_of(words: &[u64], n: usize) -> Vec<u32> {
    if n == 0 || words.len() < n {
        return Vec::new();
    }
    words
        .windows(n)
        .map(|w| {
            let mut h: u64 = 0x243f_6a88_85a3_08d3;
            for &t in w {
                h = (h.rotate_left(23) ^ t).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            }
            h ^= h >> 31;
            (h >> 32) as u32
        })
        .collect()
}
