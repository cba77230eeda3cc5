//! Words, their normalised form, and spelling variants.
//!
//! Words are found by Unicode word boundaries (UAX #29, `unicode-segmentation`); a segment is a
//! word when it holds a letter or a digit, so numbers such as `6,500` are words. Matching uses
//! a normalised form: NFKC, lower case, curly and straight quotes and apostrophes unified,
//! dashes unified, no-break spaces as spaces.

use compact_str::CompactString;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A word of a paragraph: byte offsets into the paragraph text and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub norm: CompactString,
}

/// A word of a paragraph as articles keep it: its byte offsets into the paragraph text,
/// 8 bytes. Its normal form is computed from the text where it is needed ([`WordSpan::norm`],
/// [`WordSpan::push_norm`], [`WordSpan::norm_hash`]): an ASCII word's is its lower case, any
/// other's [`normalize`] gives.
///
/// Offsets are `u32`: a paragraph comes from one file of at most
/// [`crate::corpus::MAX_FILE_BYTES`] (64 MB); an offset past `u32::MAX` is clamped to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordSpan {
    start: u32,
    end: u32,
}

impl WordSpan {
    pub fn new(start: usize, end: usize) -> WordSpan {
        let at = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        WordSpan {
            start: at(start),
            end: at(end),
        }
    }

    /// Byte offset of the word's first character in the paragraph text.
    #[inline]
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// Byte offset just past the word in the paragraph text.
    #[inline]
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// The word as written in `text` (the paragraph text it was found in).
    #[inline]
    pub fn text(self, text: &str) -> &str {
        &text[self.start()..self.end()]
    }

    /// The word's normal form ([`normalize`]).
    pub fn norm(self, text: &str) -> CompactString {
        normalize_compact(self.text(text))
    }

    /// The word's normal form appended to `out` (no allocation of its own).
    pub fn push_norm(self, text: &str, out: &mut String) {
        normalize_into(self.text(text), out)
    }

    /// [`word_hash`] of the word's normal form, without building it for ASCII words and
    /// words of ASCII and curly apostrophes (most words of news text).
    pub fn norm_hash(self, text: &str) -> u64 {
        norm_hash_at(text, self.start(), self.end())
    }
}

/// [`word_hash`] of the normal form of the word `text[start..end]`, without building it for
/// ASCII words (hashed in place, [`ascii_word_hash`]) and words of ASCII and curly
/// apostrophes ([`apostrophe_word_hash`]): the one definition the streams, the paragraphs'
/// words and the marks' anchors hash words by.
pub fn norm_hash_at(text: &str, start: usize, end: usize) -> u64 {
    let w = &text[start..end];
    if w.is_ascii() && !w.contains('`') {
        ascii_word_hash(text.as_bytes(), start, end)
    } else {
        apostrophe_word_hash(w).unwrap_or_else(|| word_hash(normalize(w).as_bytes()))
    }
}

/// The words of `text` as [`WordSpan`]s, in order (the spans of [`word_spans`]).
pub fn word_spans_compact(text: &str) -> Vec<WordSpan> {
    let mut out = Vec::new();
    for_each_word_span(text, &mut SpanScratch::default(), |s, e| {
        out.push(WordSpan::new(s, e))
    });
    out
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Vec<Word> {
    word_spans(text)
        .into_iter()
        .map(|(start, end)| Word {
            start,
            end,
            norm: normalize_compact(&text[start..end]),
        })
        .collect()
}

/// Byte ranges of the words of `text`: UAX #29 word segments holding a letter or a digit.
///
/// Text made only of ASCII and common typographic punctuation (curly quotes, dashes, ellipsis,
/// no-break space) — most news text — takes a fast path that applies the UAX #29 rules for
/// those characters directly; anything else goes through `unicode-segmentation`. A property
/// test checks that both give the same words.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    if text.chars().all(|c| class(c).is_some()) {
        fast_word_spans(text)
    } else {
        uax29_word_spans(text)
    }
}

/// Word spans by `unicode-segmentation`.
pub fn uax29_word_spans(text: &str) -> Vec<(usize, usize)> {
    text.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(start, w)| (start, start + w.len()))
        .collect()
}

/// UAX #29 word-break classes of the characters the fast path handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNum,
    MidNumLet,
    Other,
}

fn class(c: char) -> Option<Class> {
    Some(match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Numeric,
        '_' => Class::ExtendNumLet,
        ':' => Class::MidLetter,
        ',' | ';' => Class::MidNum,
        '.' | '\'' | '\u{2018}' | '\u{2019}' => Class::MidNumLet,
        '\u{0}'..='\u{7f}' => Class::Other,
        '\u{a0}' | '\u{2013}' | '\u{2014}' | '\u{201c}' | '\u{201d}' | '\u{2026}' | '\u{2022}' => {
            Class::Other
        }
        _ => return None,
    })
}

fn fast_word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    classify(text, &mut buf);
    fast_spans_of(text, &buf, |s, e| out.push((s, e)));
    out
}

/// Reusable buffers for [`for_each_word_span`].
#[derive(Debug, Default)]
pub struct SpanScratch(Vec<(usize, Class)>);

/// The spans [`word_spans`] gives, passed to `f` in order, without allocating per call once
/// `scratch` has grown: for the corpus scan, which tokenises every line of every file.
pub fn for_each_word_span(text: &str, scratch: &mut SpanScratch, mut f: impl FnMut(usize, usize)) {
    if text.is_ascii() {
        byte_spans::<false>(text.as_bytes(), f);
    } else if typographic(text) {
        byte_spans::<true>(text.as_bytes(), f);
    } else if classify(text, &mut scratch.0) {
        fast_spans_of(text, &scratch.0, f);
    } else {
        for (s, e) in uax29_word_spans(text) {
            f(s, e);
        }
    }
}

/// [`for_each_word_span`] of ASCII text (the caller has checked it is ASCII).
pub fn ascii_word_spans(b: &[u8], f: impl FnMut(usize, usize)) {
    debug_assert!(b.is_ascii());
    byte_spans::<false>(b, f);
}

/// Whether every character of `text` outside ASCII is one of the typographic characters
/// of the fast path (curly quotes and apostrophes, dashes, ellipsis, bullet, no-break
/// space): most news text. Such text is segmented on bytes (`byte_spans`).
pub fn typographic(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(k) = b[i..].iter().position(|&x| x >= 0x80) {
        let at = i + k;
        let Some(c) = text[at..].chars().next() else {
            return false;
        };
        if class(c).is_none() {
            return false;
        }
        i = at + c.len_utf8();
    }
    true
}

/// Byte classes of the ASCII characters (`class` for `0..0x80`).
const ASCII_CLASS: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Numeric,
            b'_' => Class::ExtendNumLet,
            b':' => Class::MidLetter,
            b',' | b';' => Class::MidNum,
            b'.' | b'\'' => Class::MidNumLet,
            _ => Class::Other,
        };
        b += 1;
    }
    t
};

/// The class of every character of `text` into `buf`; false (and `buf` incomplete) when a
/// character is outside the fast path.
fn classify(text: &str, buf: &mut Vec<(usize, Class)>) -> bool {
    buf.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            buf.push((i, ASCII_CLASS[b as usize]));
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("char boundary");
        match class(c) {
            Some(k) => buf.push((i, k)),
            None => return false,
        }
        i += c.len_utf8();
    }
    true
}

/// Masks of 64 bytes (bit `i` for byte `i`): word characters (ASCII letters, digits,
/// `_`), ASCII joiner candidates, and 0xE2 (the lead byte of the typographic characters,
/// among them the curly apostrophes, which join letters).
///
/// Written as a loop over the bytes into byte arrays, which the compiler turns into vector
/// compares, then packed eight bytes at a time with a multiply (the high bits of eight
/// bytes gathered into one byte).
#[cfg(not(target_arch = "x86_64"))]
fn block_masks<const TYPO: bool>(c: &[u8; 64]) -> (u64, u64, u64) {
    block_masks_portable::<TYPO>(c)
}

/// [`block_masks`] with SSE2 (part of every x86_64): 16 bytes a compare, and each compare's
/// high bits gathered by `pmovmskb` instead of multiplies.
#[cfg(target_arch = "x86_64")]
fn block_masks<const TYPO: bool>(c: &[u8; 64]) -> (u64, u64, u64) {
    use std::arch::x86_64::*;
    let (mut word, mut punct, mut lead) = (0u64, 0u64, 0u64);
    // SAFETY: SSE2 is part of the x86_64 baseline, so its intrinsics are always there; each
    // load reads the 16 bytes of one chunk of `c` and has no alignment requirement.
    unsafe {
        for (k, chunk) in c.chunks_exact(16).enumerate() {
            let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
            let eq = |b: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8));
            // `x - lo < n` unsigned: the minimum of the difference and `n - 1` is the difference.
            let below = |x: __m128i, lo: u8, n: u8| {
                let d = _mm_sub_epi8(x, _mm_set1_epi8(lo as i8));
                _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((n - 1) as i8)), d)
            };
            let letter = below(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', 26);
            let w = _mm_or_si128(_mm_or_si128(letter, below(v, b'0', 10)), eq(b'_'));
            let p = _mm_or_si128(
                _mm_or_si128(
                    _mm_or_si128(eq(b'.'), eq(b'\'')),
                    _mm_or_si128(eq(b':'), eq(b',')),
                ),
                eq(b';'),
            );
            let mask = |m: __m128i| (_mm_movemask_epi8(m) as u32 & 0xffff) as u64;
            word |= mask(w) << (16 * k);
            punct |= mask(p) << (16 * k);
            if TYPO {
                lead |= mask(eq(0xe2)) << (16 * k);
            }
        }
    }
    (word, punct, lead)
}

/// [`block_masks`] in portable code.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn block_masks_portable<const TYPO: bool>(c: &[u8; 64]) -> (u64, u64, u64) {
    let mut word = [0u8; 64];
    let mut punct = [0u8; 64];
    let mut lead = [0u8; 64];
    for i in 0..64 {
        let b = c[i];
        let lower = b | 0x20;
        let w = (lower.wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'_');
        // The ASCII joiners: MidLetter `:`, MidNum `,` `;`, MidNumLet `.` `'`.
        let p = (b == b'.') | (b == b'\'') | (b == b':') | (b == b',') | (b == b';');
        word[i] = (w as u8) << 7;
        punct[i] = (p as u8) << 7;
        lead[i] = ((b == 0xe2) as u8) << 7;
    }
    let lead = if TYPO { pack(&lead) } else { 0 };
    (pack(&word), pack(&punct), lead)
}

/// The high bit of each of 64 bytes as one bit each.
fn pack(a: &[u8; 64]) -> u64 {
    let mut m = 0u64;
    for (g, chunk) in a.chunks_exact(8).enumerate() {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        m |= ((x >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * g);
    }
    m
}

/// Whether the ASCII byte `mid` joins `prev` and `next` into one word (WB6/7, WB11/12);
/// a byte outside ASCII joins nothing.
fn joins(prev: u8, mid: u8, next: u8) -> bool {
    use Class::*;
    let class = |c: u8| ASCII_CLASS.get(c as usize).copied().unwrap_or(Other);
    matches!(
        (class(prev), class(mid), class(next)),
        (Letter, MidLetter | MidNumLet, Letter) | (Numeric, MidNum | MidNumLet, Numeric)
    )
}

/// [`fast_spans_of`] on the bytes of ASCII or [`typographic`] text: runs of word
/// characters, joined across one MidLetter/MidNumLet between letters or one
/// MidNum/MidNumLet between digits (a curly apostrophe, three bytes, is a MidNumLet; the
/// other typographic characters are neither words nor joiners).
///
/// Branch-light, since word boundaries in text are unpredictable branches: each block of
/// 64 bytes becomes bit masks ([`block_masks`]), joiners are checked only where a joiner
/// sits after a word character, and the loop runs once per word boundary rather than once
/// per byte.
fn byte_spans<const TYPO: bool>(b: &[u8], mut f: impl FnMut(usize, usize)) {
    let n = b.len();
    let blocks = n.div_ceil(64);
    let masks = |k: usize| match b.get(64 * k..64 * k + 64) {
        Some(full) => block_masks::<TYPO>(full.try_into().expect("64 bytes")),
        None if k < blocks => {
            let mut padded = [0u8; 64];
            padded[..n - 64 * k].copy_from_slice(&b[64 * k..]);
            block_masks::<TYPO>(&padded)
        }
        None => (0, 0, 0),
    };
    let (mut word, mut punct, mut lead) = masks(0);
    // Bit 63 of the previous block's word mask and of its word-or-joiner mask; joiner bits
    // of a curly apostrophe that run on into this block.
    let (mut w_top, mut e_top, mut carry) = (0u64, 0u64, 0u64);
    let mut start = 0usize;
    for k in 0..blocks {
        let (next_word, next_punct, next_lead) = masks(k + 1);
        let before = word << 1 | w_top;
        let after = word >> 1 | next_word << 63;
        let mut joiner = carry;
        carry = 0;
        let mut candidates = punct & before & after;
        while candidates != 0 {
            let i = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            let at = 64 * k + i;
            if joins(b[at - 1], b[at], b[at + 1]) {
                joiner |= 1 << i;
            }
        }
        // A curly apostrophe (E2 80 98/99) after a word character: MidNumLet.
        let mut leads = if TYPO { lead & before } else { 0 };
        while leads != 0 {
            let i = leads.trailing_zeros() as usize;
            leads &= leads - 1;
            let at = 64 * k + i;
            if matches!(b.get(at + 1..at + 4), Some(&[0x80, 0x98 | 0x99, next]) if joins(b[at - 1], b'\'', next))
            {
                joiner |= 0b111 << i;
                if i > 61 {
                    carry = 0b111 >> (64 - i);
                }
            }
        }
        let e = word | joiner;
        // Bits where the word-or-joiner mask changes: a word starts (bit set) or ends.
        let mut t = e ^ (e << 1 | e_top);
        while t != 0 {
            let i = t.trailing_zeros() as usize;
            t &= t - 1;
            let at = 64 * k + i;
            if e >> i & 1 == 1 {
                start = at;
            } else if has_alnum(b, start, at) {
                f(start, at);
            }
        }
        w_top = word >> 63;
        e_top = e >> 63;
        (word, punct, lead) = (next_word, next_punct, next_lead);
    }
    if e_top == 1 && has_alnum(b, start, n) {
        f(start, n);
    }
}

/// Whether the word `b[start..end]` holds a letter or a digit (a run of underscores alone
/// is no word); a word rarely starts with `_`, so the first byte almost always answers.
#[inline]
fn has_alnum(b: &[u8], start: usize, end: usize) -> bool {
    b[start] != b'_' || b[start..end].iter().any(u8::is_ascii_alphanumeric)
}

const K0: u64 = 0xa076_1d64_78bd_642f;
const K1: u64 = 0xe703_7ed1_a0b4_28db;
const K2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// 128-bit multiply, folded (as wyhash does).
#[inline]
fn mum(a: u64, b: u64) -> u64 {
    let m = (a as u128).wrapping_mul(b as u128);
    (m as u64) ^ (m >> 64) as u64
}

/// Upper-case ASCII letters of eight ASCII bytes to lower case.
#[inline]
fn lower8(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Bytes >= `A` and bytes > `Z` (no byte is over 0x7f, so no carries between bytes).
    let ge_a = x.wrapping_add(ONES * (0x80 - b'A') as u64) & HIGH;
    let gt_z = x.wrapping_add(ONES * (0x80 - b'Z' - 1) as u64) & HIGH;
    x | (ge_a & !gt_z) >> 2
}

/// Up to eight bytes as a little-endian `u64`, zero-padded.
#[inline]
fn load8(chunk: &[u8]) -> u64 {
    match <[u8; 8]>::try_from(chunk) {
        Ok(a) => u64::from_le_bytes(a),
        Err(_) => {
            let mut a = [0u8; 8];
            a[..chunk.len()].copy_from_slice(chunk);
            u64::from_le_bytes(a)
        }
    }
}

/// The hash of a word's normalised bytes, for the corpus scan: eight bytes at a time,
/// zero-padded, folded with 128-bit multiplies.
pub fn word_hash(w: &[u8]) -> u64 {
    let mut h = K2;
    for chunk in w.chunks(8) {
        h = mum(load8(chunk) ^ K0, h ^ K1);
    }
    mum(h ^ K0, w.len() as u64 ^ K2)
}

/// [`word_hash`] of the normal form of a word made of ASCII and curly apostrophes (`’`
/// `‘`, which normalise to `'`), as news text writes "Russia’s", without allocating;
/// `None` for any other word (or one over 64 bytes).
pub fn apostrophe_word_hash(w: &str) -> Option<u64> {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for c in w.chars() {
        let b = match c {
            '\u{2018}' | '\u{2019}' | '`' => b'\'',
            c if c.is_ascii() => (c as u8).to_ascii_lowercase(),
            _ => return None,
        };
        *buf.get_mut(n)? = b;
        n += 1;
    }
    Some(word_hash(&buf[..n]))
}

/// [`word_hash`] of the lower-case form of the ASCII word `line[start..end]`. A word of up
/// to eight bytes with eight bytes of the line from its start is read in one load.
#[inline]
pub fn ascii_word_hash(line: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    if (1..=8).contains(&len) {
        if let Some(x) = line.get(start..start + 8) {
            let x = u64::from_le_bytes(x.try_into().expect("eight bytes"));
            let x = x & (u64::MAX >> (64 - 8 * len));
            let h = mum(lower8(x) ^ K0, K2 ^ K1);
            return mum(h ^ K0, len as u64 ^ K2);
        }
    }
    let mut h = K2;
    for chunk in line[start..end].chunks(8) {
        h = mum(lower8(load8(chunk)) ^ K0, h ^ K1);
    }
    mum(h ^ K0, len as u64 ^ K2)
}

/// The UAX #29 word rules over classified characters.
fn fast_spans_of(text: &str, chars: &[(usize, Class)], mut f: impl FnMut(usize, usize)) {
    use Class::*;
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let end_of = |k: usize| chars.get(k).map_or(text.len(), |c| c.0);
    let word = |c: Class| matches!(c, Letter | Numeric | ExtendNumLet);
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k].1;
        if !word(c) {
            k += 1;
            continue;
        }
        let start = k;
        let mut has_alnum = c != ExtendNumLet;
        loop {
            let (cur, next) = (at(k), at(k + 1));
            let Some(next) = next else { break };
            let cur = cur.expect("k in range");
            // WB5, WB8–WB10, WB13a/b: word characters run together.
            if word(next) {
                has_alnum |= next != ExtendNumLet;
                k += 1;
                continue;
            }
            // WB6/7 (letters around MidLetter or MidNumLet), WB11/12 (digits around MidNum
            // or MidNumLet).
            let after = at(k + 2);
            let joins = matches!(
                (cur, next, after),
                (Letter, MidLetter | MidNumLet, Some(Letter))
                    | (Numeric, MidNum | MidNumLet, Some(Numeric))
            );
            if joins {
                k += 2;
                continue;
            }
            break;
        }
        if has_alnum {
            f(chars[start].0, end_of(k + 1));
        }
        k += 1;
    }
}

/// Number of words in `text`.
pub fn count_words(text: &str) -> usize {
    word_spans(text).len()
}

/// The matching form of a word or a text: NFKC, lower case, unified quotes and dashes.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_each(s, |c| out.push(c));
    out
}

/// [`normalize`] into a string that keeps up to 24 bytes inline (most words): a word's
/// normal form costs no allocation of its own.
pub fn normalize_compact(s: &str) -> CompactString {
    if s.is_ascii() && s.len() <= 24 {
        // The common case, lower-cased on the stack: of ASCII, only '`' folds to another sign.
        let mut buf = [0u8; 24];
        for (d, &b) in buf.iter_mut().zip(s.as_bytes()) {
            *d = if b == b'`' {
                b'\''
            } else {
                b.to_ascii_lowercase()
            };
        }
        let ascii = std::str::from_utf8(&buf[..s.len()]).expect("ASCII is UTF-8");
        return CompactString::new(ascii);
    }
    let mut out = CompactString::with_capacity(s.len());
    normalize_each(s, |c| out.push(c));
    out
}

/// [`normalize`] appended to `out`.
pub fn normalize_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        // Of ASCII, only '`' folds to another sign.
        out.extend(s.bytes().map(|b| match b {
            b'`' => '\'',
            b => b.to_ascii_lowercase() as char,
        }));
        return;
    }
    normalize_each(s, |c| out.push(c));
}

fn normalize_each(s: &str, mut push: impl FnMut(char)) {
    if s.is_ascii() {
        for c in s.chars() {
            push(fold_punct(c.to_ascii_lowercase()));
        }
        return;
    }
    let mut push_lower = |c: char| {
        for l in c.to_lowercase() {
            push(fold_punct(l));
        }
    };
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        s.chars().for_each(&mut push_lower);
    } else {
        s.nfkc().for_each(&mut push_lower);
    }
}

/// Typographic quotes, apostrophes, dashes and spaces folded to their ASCII forms.
pub(crate) fn fold_punct(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        c => c,
    }
}

/// Whether two normalised words differ only as a spelling or transliteration variant
/// (Defense/Defence, Sergei/Sergey, Farukh/Farrukh, Parukh/Farukh): both at least 6 characters,
/// not numbers, neither a prefix of the other (expect/expects is an inflection), and a
/// Levenshtein distance of 1 (2 when both have 9 characters or more).
pub fn is_variant(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let shorter = la.min(lb);
    if shorter < 6 || la.abs_diff(lb) > 2 {
        return false;
    }
    if a.chars().any(|c| c.is_ascii_digit()) || b.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // An inflection (expect/expects, Russia/Russian) is another word form, not a spelling.
    if a.starts_with(b) || b.starts_with(a) {
        return false;
    }
    let allowed = if shorter >= 9 { 2 } else { 1 };
    strsim::levenshtein(a, b) <= allowed
}

/// Interns normalised words as small integers so that alignment and diff compare integers.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<String, u32, xxhash_rust::xxh3::Xxh3DefaultBuilder>,
    words: Vec<String>,
}

impl Interner {
    /// An interner with room for about `n` distinct words.
    pub fn with_capacity(n: usize) -> Interner {
        Interner {
            ids: HashMap::with_capacity_and_hasher(n, Default::default()),
            words: Vec::with_capacity(n),
        }
    }

    pub fn id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(w.to_string(), id);
        self.words.push(w.to_string());
        id
    }

    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Number of distinct words interned.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Common English function words. A word pair made only of these does not make two
/// paragraphs similar (see [`crate::engine::align`]).
pub fn is_stopword(w: &str) -> bool {
    STOPWORDS.binary_search(&w).is_ok()
}

/// The function words of [`is_stopword`], sorted.
pub fn stopwords() -> &'static [&'static str] {
    STOPWORDS
}

const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
    "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "it's", "its", "more", "no",
    "not", "of", "on", "one", "or", "other", "our", "out", "over", "said", "says", "she", "so",
    "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "to", "two", "up", "was", "we", "were", "what", "when", "where", "which", "who",
    "will", "with", "would", "you",
];

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The spans [`for_each_word_span`] streams.
    fn streamed(s: &str) -> Vec<(usize, usize)> {
        let mut got = Vec::new();
        for_each_word_span(s, &mut SpanScratch::default(), |a, b| got.push((a, b)));
        got
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast path gives exactly the words of UAX #29.
        #[test]
        fn fast_path_matches_uax29(s in "[a-zA-Z0-9_ .,;:'\u{2018}\u{2019}\u{201c}\u{201d}\u{2013}\u{2014}\u{2026}\u{a0}\u{2022}\n\t\"()!?$%/-]{0,60}") {
            prop_assert_eq!(fast_word_spans(&s), uax29_word_spans(&s));
        }

        /// The scan's streaming spans (ASCII byte path, classified path, fallback) are
        /// those of `word_spans`.
        #[test]
        fn streaming_spans_match_word_spans(s in "[a-zA-Z0-9_ .,;:'\u{2019}\u{201c}\u{2014}\u{e9}\u{a0}\n\"()!?-]{0,60}") {
            prop_assert_eq!(streamed(&s), word_spans(&s));
        }

        /// The inline normal form is the normal form, on ASCII (short and long, with the
        /// backtick fold) and on any text.
        #[test]
        fn compact_normal_form_is_the_normal_form(s in "[a-zA-Z`'0-9]{0,40}|\\PC{0,30}") {
            prop_assert_eq!(normalize_compact(&s).to_string(), normalize(&s));
        }

        #[test]
        fn ascii_byte_spans_match_word_spans(s in "([a-zA-Z]{0,3}|[0-9]{0,3}|_{0,2})([ .,;:'_-]{0,2}([a-z]{1,3}|[0-9]{1,3}|_)){0,10}[ .,;:'_]?") {
            prop_assert_eq!(streamed(&s), word_spans(&s));
        }

        /// Long ASCII lines: words and joiners across the 64-byte blocks of the byte path.
        #[test]
        fn ascii_byte_spans_across_blocks(s in "([a-zA-Z]{0,9}|[0-9]{0,5}|_{0,2})([ .,;:'_-]{0,2}([a-zA-Z]{1,9}|[0-9]{1,5}|_)){0,60}[ .,;:'_]?") {
            prop_assert_eq!(streamed(&s), uax29_word_spans(&s));
        }

        /// Words with curly apostrophes hash as their normal form does.
        #[test]
        fn apostrophe_word_hash_is_word_hash_of_the_normal_form(w in "[a-zA-Z0-9_'`\u{2018}\u{2019}]{1,70}") {
            let want = word_hash(normalize(&w).as_bytes());
            match apostrophe_word_hash(&w) {
                Some(h) => prop_assert_eq!(h, want),
                None => prop_assert!(w.len() > 64),
            }
        }

        /// Long lines of news typography (curly quotes and apostrophes, dashes, no-break
        /// spaces) on the byte path, across its 64-byte blocks: the words of UAX #29.
        #[test]
        fn typographic_byte_spans_across_blocks(s in "([a-zA-Z]{0,9}|[0-9]{0,5}|_{0,2})(([ .,;:'_-]|\u{2019}|\u{2018}|\u{201c}|\u{201d}|\u{2014}|\u{2013}|\u{2026}|\u{a0}){0,2}([a-zA-Z]{1,9}|[0-9]{1,5}|_)){0,60}[ .,;:'_\u{2019}]?") {
            prop_assert!(typographic(&s));
            prop_assert_eq!(streamed(&s), uax29_word_spans(&s));
        }

        /// The in-place hash of an ASCII word is the hash of its lower-case form, wherever
        /// the word sits in the line (a single load, or the tail of the line).
        #[test]
        fn ascii_word_hash_is_word_hash_of_the_lower_case(line in "[ -~]{1,40}", a in 0usize..40, len in 0usize..20) {
            let a = a % line.len();
            let b = (a + len).min(line.len());
            let lower = line[a..b].to_ascii_lowercase();
            prop_assert_eq!(ascii_word_hash(line.as_bytes(), a, b), word_hash(lower.as_bytes()));
        }

        #[test]
        fn fast_path_matches_uax29_on_words(s in "(([A-Z]?[a-z]{1,6}|[0-9]{1,4}|_)([.,;:'\u{2019}_ -]|\u{a0}|\u{2014}){0,2}){0,12}") {
            prop_assert_eq!(fast_word_spans(&s), uax29_word_spans(&s));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The block masks of any 64 bytes (every byte value, the class boundaries around
        /// letters, digits and the joiners, the typographic lead byte) are the portable ones.
        #[test]
        fn block_masks_as_portable(
            bytes in proptest::collection::vec(
                prop_oneof![
                    proptest::num::u8::ANY,
                    Just(b'@'), Just(b'['), Just(b'`'), Just(b'{'), Just(b'/'), Just(b':'),
                    Just(b'_'), Just(b'.'), Just(b'\''), Just(b','), Just(b';'), Just(0xe2),
                    Just(0xc0), Just(0xfa), Just(0x80), Just(0x7f),
                ],
                64,
            ),
        ) {
            let c: [u8; 64] = bytes.try_into().expect("64 bytes");
            prop_assert_eq!(block_masks::<true>(&c), block_masks_portable::<true>(&c));
            prop_assert_eq!(block_masks::<false>(&c), block_masks_portable::<false>(&c));
        }
    }

    #[test]
    fn fast_path_on_the_seeds() {
        for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../articles")).unwrap()
        {
            let path = e.unwrap().path();
            if !path.is_file() {
                continue; // articles/.parallax (marks store, cache)
            }
            let text = std::fs::read_to_string(path).unwrap();
            for line in text
                .lines()
                .filter(|l| l.chars().all(|c| class(c).is_some()))
            {
                assert_eq!(fast_word_spans(line), uax29_word_spans(line), "{line}");
            }
        }
    }

    #[test]
    fn stopwords_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn words_and_numbers() {
        let t = "Russia’s army, “6,500” people — Nagorno-Karabakh 2020.";
        let w: Vec<_> = words(t).into_iter().map(|w| w.norm).collect();
        assert_eq!(
            w,
            ["russia's", "army", "6,500", "people", "nagorno", "karabakh", "2020"]
        );
        for w in words(t) {
            assert!(t.is_char_boundary(w.start) && t.is_char_boundary(w.end));
        }
    }

    #[test]
    fn quotes_and_nbsp_unified() {
        assert_eq!(normalize("Moscow’s"), normalize("Moscow's"));
        assert_eq!(normalize("A\u{a0}B"), "a b");
        assert_eq!(normalize("ＡＢＣ"), "abc");
    }

    #[test]
    fn variants_from_the_seeds() {
        for (a, b) in [
            ("defense", "defence"),
            ("sergei", "sergey"),
            ("farukh", "farrukh"),
            ("parukh", "farukh"),
            ("pashinian", "pashinyan"),
        ] {
            assert!(is_variant(a, b), "{a} ~ {b}");
        }
        for (a, b) in [
            ("2020", "2021"),
            ("state", "stage"),
            ("russia", "russia"),
            ("azeri", "azerbaijan"),
            ("moscow", "yerevan"),
            ("expect", "expects"),
            ("russia", "russian"),
        ] {
            assert!(!is_variant(a, b), "{a} !~ {b}");
        }
    }
}
