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
    pub(super) stream: crate::engine::stream::Scratch,
    pub(super) table: Vec<u32>,
    pub(super) prev: Vec<u32>,
    pub(super) bytes: Vec<u8>,
    pub(super) keys: Vec<u32>,
    pub(super) flags: Vec<u8>,
    /// What is read from each text.
    pub(super) mode: Mode,
}

/// What [`super::doc_from_text_with`] keeps of a text.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// The stream (keys and flags), the fingerprints and the repeats.
    #[default]
    Full,
    /// The fingerprints, the repeats and the stream's [`super::load::ident`], not the
    /// stream (no flags worked out): the first read of [`super::scan_corpus`].
    Signature,
    /// The stream only: the second read, for verification.
    StreamOnly,
}

/// The words [`tokenize`] gives, as `(start, end, hash)` to `f`, in order: the words of
/// [`crate::engine::stream`], without their flags.
pub fn for_each_word(text: &str, scratch: &mut Scratch, mut f: impl FnMut(usize, usize, u64)) {
    crate::engine::stream::for_each_word::<false>(text, &mut scratch.stream, |s, e, h, _| {
        f(s, e, h)
    });
}

/// Shingle hashes of a word sequence.
pub fn shingles(tokens: &[Token], n: usize) -> Vec<u32> {
    let keys: Vec<u32> = tokens
        .iter()
        .map(|t| crate::engine::stream::key_of_hash(t.hash))
        .collect();
    shingles_of(&keys, n)
}

/// Shingle hashes of a sequence of word keys ([`crate::engine::stream::key_of_hash`]).
pub fn shingles_of(keys: &[u32], n: usize) -> Vec<u32> {
    if n == 0 || keys.len() < n {
        return Vec::new();
    }
    if n == 5 {
        // The default: five keys a shingle, the loop unrolled.
        return keys
            .windows(5)
            .map(|w| shingle_hash(<&[u32; 5]>::try_from(w).expect("five keys")))
            .collect();
    }
    keys.windows(n).map(shingle_hash).collect()
}

/// The hash of one shingle (its words' keys, in order).
#[inline(always)]
fn shingle_hash(w: &[u32]) -> u32 {
    let mut h: u64 = 0x243f_6a88_85a3_08d3;
    for &t in w {
        h = (h.rotate_left(23) ^ t as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    h ^= h >> 31;
    (h >> 32) as u32
}
