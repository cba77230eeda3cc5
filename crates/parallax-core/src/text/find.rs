//! Finding a typed query in a text as a reader expects: case, accents, quotes and dashes do
//! not matter, and a word may be matched by its spelling or transliteration variant.
//!
//! The rule (the same for the reader's `/` search and, through [`variant_forms`], for
//! `parallax search`):
//! - **normal forms, always**: letters compare lower-cased and without accents (`é` = `e`),
//!   typographic quotes compare as `'` and `"`, every dash as `-` ([`super::tokens`]'s folding);
//! - **variants, whole words**: a word of the query also matches a word of the text that is
//!   its spelling or transliteration variant by [`super::tokens::is_variant`] — the rule the
//!   comparison engine uses (both words at least 6 letters, one or two edits, not an
//!   inflection): `Defence` finds `Defense`, `Sergei` finds `Sergey`, `colour`… is too short to
//!   be a variant of `color` (5 letters), `organise` finds `organize`.

use super::tokens::is_variant;

/// One folded character: the folded char and the byte range of the original it came from.
fn fold(text: &str) -> Vec<(char, usize, usize)> {
    let mut out = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        out.push((fold_char(c), i, end));
    }
    out
}

/// Lower case, the base letter of an accented one, unified quotes and dashes.
pub fn fold_char(c: char) -> char {
    let l = c.to_lowercase().next().unwrap_or(c);
    let mut base = l;
    if !l.is_ascii() {
        let mut first = None;
        unicode_normalization::char::decompose_canonical(l, |d| {
            if first.is_none() {
                first = Some(d);
            }
        });
        base = first.unwrap_or(l);
    }
    // Quotes, dashes and spaces as the words' normal form has them.
    crate::text::tokens::fold_punct(base)
}

/// The folded words of a folded text: (word, first index, last index + 1) into the chars.
fn words(chars: &[(char, usize, usize)]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].0.is_alphanumeric() {
            let s = i;
            while i < chars.len() && chars[i].0.is_alphanumeric() {
                i += 1;
            }
            out.push((chars[s..i].iter().map(|c| c.0).collect(), s, i));
        } else {
            i += 1;
        }
    }
    out
}

/// A text folded once for finding many queries in it: a reader types a query a key at a
/// time, and folding the article again for every key is work done twice.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Folded {
    chars: Vec<(char, usize, usize)>,
    words: Vec<(String, usize, usize)>,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        let chars = fold(text);
        let words = words(&chars);
        Folded { chars, words }
    }
}

/// The matches of `query` in `text`, as byte ranges of `text`, in order, not overlapping:
/// the folded query anywhere in the folded text, and the query's words as a run of whole
/// words of which some are variants (see the module's rule).
pub fn find_matches(text: &str, query: &str) -> Vec<(usize, usize)> {
    find_in(&Folded::new(text), query)
}

/// [`find_matches`] in a text folded beforehand.
pub fn find_in(folded: &Folded, query: &str) -> Vec<(usize, usize)> {
    let q: Vec<char> = query.chars().map(fold_char).collect();
    if q.iter().all(|c| c.is_whitespace()) {
        return Vec::new();
    }
    let t = &folded.chars;
    let mut found: Vec<(usize, usize)> = Vec::new();
    // Folded substring.
    let mut i = 0;
    while i + q.len() <= t.len() {
        if t[i..i + q.len()].iter().zip(&q).all(|(a, b)| a.0 == *b) {
            found.push((t[i].1, t[i + q.len() - 1].2));
            i += q.len();
        } else {
            i += 1;
        }
    }
    // Whole words with variants.
    let qw: Vec<String> = {
        let qc: Vec<(char, usize, usize)> = q.iter().map(|&c| (c, 0, 0)).collect();
        words(&qc).into_iter().map(|w| w.0).collect()
    };
    if !qw.is_empty() && qw.iter().any(|w| w.chars().count() >= 6) {
        let tw = &folded.words;
        let mut k = 0;
        while k + qw.len() <= tw.len() {
            let run = &tw[k..k + qw.len()];
            let same = run.iter().zip(&qw).all(|(a, b)| a.0 == *b);
            let close = run
                .iter()
                .zip(&qw)
                .all(|(a, b)| a.0 == *b || is_variant(&a.0, b));
            if close && !same {
                found.push((t[run[0].1].1, t[run[run.len() - 1].2 - 1].2));
                k += qw.len();
            } else {
                k += 1;
            }
        }
    }
    found.sort();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(found.len());
    for m in found {
        match out.last() {
            Some(&(_, e)) if m.0 < e => {}
            _ => out.push(m),
        }
    }
    out
}

/// The forms a query word may take in an index of folded words: itself, then the words of
/// `vocabulary` that are its variants (closest first, at most `max` in all).
pub fn variant_forms<'a>(
    word: &str,
    vocabulary: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Vec<String> {
    let w: String = word.chars().map(fold_char).collect();
    let mut v: Vec<(usize, String)> = vocabulary
        .into_iter()
        .filter(|t| is_variant(&w, t))
        .map(|t| (strsim::levenshtein(&w, t), t.to_string()))
        .collect();
    v.sort();
    v.dedup();
    let mut out = vec![w];
    out.extend(v.into_iter().map(|x| x.1).take(max.saturating_sub(1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits<'a>(text: &'a str, q: &str) -> Vec<&'a str> {
        find_matches(text, q)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn normal_forms_and_variants() {
        assert_eq!(
            hits("The Defense Ministry said", "Defence Ministry"),
            ["Defense Ministry"]
        );
        assert_eq!(
            hits("Sergey Lavrov, SERGEI", "Sergei"),
            ["Sergey", "SERGEI"]
        );
        assert_eq!(
            hits("a “quoted” — dash", "\"quoted\" - dash"),
            ["“quoted” — dash"]
        );
        assert_eq!(hits("Café crème", "cafe creme"), ["Café crème"]);
        assert_eq!(hits("expects", "expect"), ["expect"]);
        assert!(
            hits("the expects", "expected").is_empty(),
            "an inflection is no variant"
        );
        assert!(hits("abc", "   ").is_empty());
        assert_eq!(
            variant_forms("Defence", ["defense", "defend", "offence"], 4),
            ["defence", "defense"]
        );
    }
}
