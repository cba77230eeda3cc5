//! Passages repeated inside one article.

use super::words::Scratch;
use super::{Options, Repeat, Span, Token};

/// Passages of an article's words that occur twice (non-overlapping), first occurrence first.
pub fn repeats(id: &str, text: &str, tokens: &[Token], sh: &[u32], o: &Options) -> Vec<Repeat> {
    repeat_runs(sh, o, &mut Scratch::default())
        .into_iter()
        .map(|(i0, j0, len)| repeat_at(id, text, tokens, i0, j0, len))
        .collect()
}

/// The longest excerpt of a repeat shown, in characters.
const EXCERPT_CHARS: usize = 120;

/// `text` with its white space collapsed, cut at a word boundary to at most `max` characters
/// with `…` when it is longer (never in the middle of a word: `sovereign te`).
fn excerpt(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    let mut chars = 0;
    for (k, w) in words.iter().enumerate() {
        let n = w.chars().count() + usize::from(k > 0);
        if chars + n > max {
            if out.is_empty() {
                // One word longer than the excerpt: its first characters.
                out = w.chars().take(max).collect();
            }
            out.push('…');
            return out;
        }
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w);
        chars += n;
    }
    out
}

pub(super) fn repeat_at(
    id: &str,
    text: &str,
    tokens: &[Token],
    i0: usize,
    j0: usize,
    len: usize,
) -> Repeat {
    let first = Span {
        start: tokens[i0].start,
        end: tokens[i0 + len - 1].end,
    };
    let second = Span {
        start: tokens[j0].start,
        end: tokens[j0 + len - 1].end,
    };
    Repeat {
        article: id.to_string(),
        words: len,
        first,
        second,
        text: excerpt(&text[first.start..first.end], EXCERPT_CHARS),
    }
}

/// Repeated passages as `(first word, second word, words)`: a shingle seen earlier, at
/// least `ngram` words before, starts or continues a repeat; runs of such shingles are the
/// passages. A hash table of first positions (in `scratch`), so no sort per article.
pub(super) fn repeat_runs(
    sh: &[u32],
    o: &Options,
    scratch: &mut Scratch,
) -> Vec<(usize, usize, usize)> {
    let n = o.ngram;
    let mut out = Vec::new();
    if sh.len() < 2 {
        return out;
    }
    let size = (sh.len() * 2).next_power_of_two();
    let mask = size - 1;
    let table = &mut scratch.table;
    table.clear();
    table.resize(size, 0);
    // prev[j]: the first earlier position with the same shingle, at least n words before.
    let prev = &mut scratch.prev;
    prev.clear();
    prev.resize(sh.len(), u32::MAX);
    let mut any = false;
    for (j, &h) in sh.iter().enumerate() {
        let mut slot = (h as usize).wrapping_mul(0x9e37_79b9) >> 7 & mask;
        loop {
            let at = table[slot];
            if at == 0 {
                table[slot] = j as u32 + 1;
                break;
            }
            let first = (at - 1) as usize;
            if sh[first] == h {
                if j - first >= n {
                    prev[j] = first as u32;
                    any = true;
                }
                break;
            }
            slot = (slot + 1) & mask;
        }
    }
    if !any {
        return out;
    }
    let mut j = 0;
    while j < sh.len() {
        if prev[j] == u32::MAX {
            j += 1;
            continue;
        }
        let (j0, i0) = (j, prev[j] as usize);
        while j + 1 < sh.len() && prev[j + 1] as usize == prev[j] as usize + 1 {
            j += 1;
        }
        // Overlapping occurrences ("a b a b a b") keep only their non-overlapping part.
        let len = (j - j0 + n).min(j0 - i0);
        if len >= o.min_repeat_words {
            out.push((i0, j0, len));
        }
        j += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_end_at_a_word() {
        let text = "the sovereign territory   of the republic\nand its people";
        assert_eq!(
            excerpt(text, 200),
            "the sovereign territory of the republic and its people"
        );
        for max in 1..60 {
            let e = excerpt(text, max);
            assert!(e.chars().count() <= max + 1, "{max}: {e}");
            let body = e.trim_end_matches('…');
            let last = body.rsplit(' ').next().unwrap();
            assert!(
                text.split_whitespace().any(|w| w == last) || !body.contains(' '),
                "{max}: cut inside a word: {e}"
            );
        }
        assert_eq!(excerpt(text, 15), "the sovereign…");
    }
}
