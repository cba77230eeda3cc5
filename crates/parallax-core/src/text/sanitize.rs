//! Make text from files safe to write to a terminal.
//!
//! Article text, titles and even file names can hold control characters and escape sequences
//! (`ESC [ 2 J`, OSC 8 hyperlinks, bidi overrides). Nothing from a file may reach the terminal
//! raw: C0 controls become their visible Unicode "control picture" (`ESC` → `␛`), DEL → `␡`,
//! C1 controls → `�`, bidirectional overrides and isolates are dropped, tabs become a space.
//!
//! Nor may text whose width terminals disagree on: a terminal that advances per code point
//! (xterm, VTE, tmux, glibc's `wcwidth`) draws an emoji ZWJ sequence such as 👨‍👩‍👧 over 6
//! columns where ratatui and newer terminals give it 2, and the difference overwrites the
//! reader's gutter and leaves stale cells. So grapheme clusters are made unambiguous: the
//! joiners of emoji sequences, presentation selectors (U+FE0E, U+FE0F), skin-tone modifiers
//! and tag characters are dropped (👨‍👩‍👧 → 👨👩👧, ❤️ → ❤, 👍🏽 → 👍), flags become their two
//! letters (🇺🇦 → `UA`), halfwidth katakana voiced marks their standalone forms, runs of more than
//! [`MAX_MARKS`] combining marks are cut, and any other cluster whose width as a whole differs
//! from the sum of its characters' widths keeps only its characters that take columns. After
//! [`sanitize`], every cluster is as wide as its characters, on every terminal: [`columns`]
//! measures it. Devanagari conjuncts and other complex-script clusters already are, and stay
//! as they are.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Combining marks kept in a row after one character (Vietnamese and Hebrew use up to 3 or
/// 4); "zalgo" text stacks dozens, which some terminals spill into the next cells.
pub const MAX_MARKS: usize = 4;

/// The columns sanitized text takes on a terminal: per grapheme cluster, as ratatui lays
/// clusters out, which for [`sanitize`]d text is the sum of its characters' widths too.
pub fn columns(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    s.graphemes(true).map(cluster_columns).sum()
}

/// The columns of one grapheme cluster (0 for a lone combining mark).
pub fn cluster_columns(g: &str) -> usize {
    g.width()
}

/// The cells a terminal puts text in, with their widths: each character that takes columns
/// starts a cell, and the zero-width characters after it (combining marks, viramas, joiners)
/// stay in its cell. A cluster such as the Devanagari conjunct क्ष is one cluster of 2 columns
/// but two cells (क् and ष): a screen that holds it as one wide cell leaves the second cell
/// stale when it is overwritten. Zero-width characters with nothing before them make a cell of
/// width 0.
pub fn cells(s: &str) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    let mut start = 0;
    let mut width = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if w > 0 && i > start {
            out.push((&s[start..i], width));
            start = i;
            width = 0;
        }
        width += w;
    }
    if start < s.len() {
        out.push((&s[start..], width));
    }
    out
}

/// Return `s` with every control or escape character made visible or dropped.
pub fn sanitize(s: &str) -> String {
    if !needs_sanitizing(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    let mut marks = 0;
    for c in s.chars() {
        let zero = c.width() == Some(0);
        if zero && !is_joiner(c) {
            marks += 1;
            if marks > MAX_MARKS {
                continue;
            }
        } else if !zero {
            marks = 0;
        }
        if let Some(k) = push_safe(&mut out, c, prev) {
            prev = Some(k);
        }
    }
    if out.is_ascii() || !out.graphemes(true).any(ambiguous) {
        return out;
    }
    settle_clusters(&out)
}

/// Whether a grapheme cluster is as wide as a whole (ratatui, grapheme-aware terminals) as
/// its characters one by one (per-code-point terminals).
fn ambiguous(g: &str) -> bool {
    let mut chars = g.chars();
    chars.next();
    chars.next().is_some()
        && cluster_columns(g) != g.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>()
}

/// Replace each ambiguous cluster by its characters that take columns (each as wide on
/// every terminal), or by as many `�` when even these join into an ambiguous cluster.
fn settle_clusters(s: &str) -> String {
    let mut fixed = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        if !ambiguous(g) {
            fixed.push_str(g);
            continue;
        }
        let kept: String = g.chars().filter(|c| c.width().unwrap_or(0) > 0).collect();
        if kept.graphemes(true).any(ambiguous) {
            let w = kept.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>();
            fixed.extend(std::iter::repeat_n('\u{FFFD}', w.max(1)));
        } else {
            fixed.push_str(&kept);
        }
    }
    fixed
}

/// Only the controls of [`sanitize`]: control characters made visible, bidi controls
/// dropped, every grapheme cluster kept as it is. For text that must stay what the file
/// says but may not carry escape sequences: article ids (marks are anchored by them) and
/// files written for people (the Markdown export), which no terminal lays out as a grid.
pub fn sanitize_controls(s: &str) -> String {
    if !has_controls(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push(' '),
            '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            '\u{7F}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9F}' => out.push('\u{FFFD}'),
            c if is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether [`sanitize_controls`] would change `s`.
pub fn has_controls(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || is_bidi_control(c))
}

/// Like [`sanitize`], but keeps line breaks (`\n`) so multi-line text stays multi-line.
pub fn sanitize_multiline(s: &str) -> String {
    s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// Whether [`sanitize`] would change `s`.
pub fn needs_sanitizing(s: &str) -> bool {
    if s.is_ascii() {
        return s.bytes().any(|b| b.is_ascii_control());
    }
    let mut marks = 0;
    let mut prev = None;
    // Below U+0300 (Latin, with its accents precomposed) no two characters form a cluster.
    let mut clusters = false;
    for c in s.chars() {
        if needs_care(c) || (c == '\u{200D}' && !in_word(prev)) {
            return true;
        }
        prev = Some(c);
        clusters |= c >= '\u{300}';
        let zero = c.width() == Some(0);
        if zero && !is_joiner(c) {
            marks += 1;
            if marks > MAX_MARKS {
                return true;
            }
        } else if !zero {
            marks = 0;
        }
    }
    clusters && s.graphemes(true).any(ambiguous)
}

fn needs_care(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_cluster_hazard(c)
}

/// Characters that make a cluster's width differ between terminals, or that no terminal
/// needs: variation selectors 15 and 16, skin-tone modifiers, regional indicators, tag
/// characters, halfwidth katakana voiced marks. (And zero width joiners outside words.)
fn is_cluster_hazard(c: char) -> bool {
    matches!(c,
        '\u{FE0E}'
        | '\u{FE0F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{1F1E6}'..='\u{1F1FF}'
        | '\u{E0000}'..='\u{E007F}'
        | '\u{FF9E}'
        | '\u{FF9F}')
}

/// Whether a zero width joiner after `prev` is inside a word (an Indic half form: after a
/// letter or a mark), where it stays, rather than in an emoji sequence.
fn in_word(prev: Option<char>) -> bool {
    prev.is_some_and(|p| p.is_alphabetic() || p.width() == Some(0))
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Bidirectional formatting characters: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069), and the left-to-right, right-to-left and Arabic letter marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Push `c` made safe after the kept character `prev`; the character pushed, if any.
fn push_safe(out: &mut String, c: char, prev: Option<char>) -> Option<char> {
    let safe = match c {
        '\t' => ' ',
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
        '\u{7F}' => '\u{2421}',
        '\u{80}'..='\u{9F}' => '\u{FFFD}',
        c if is_bidi_control(c) => return None,
        // A joiner stays inside a word (Indic half forms) and goes after anything else (an
        // emoji sequence, whose parts then stand alone).
        '\u{200D}' if !in_word(prev) => return None,
        '\u{FE0E}' | '\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0000}'..='\u{E007F}' => {
            return None
        }
        // Regional indicator A-Z: the letter.
        '\u{1F1E6}'..='\u{1F1FF}' => char::from(b'A' + (c as u32 - 0x1F1E6) as u8),
        '\u{FF9E}' => '\u{309B}',
        '\u{FF9F}' => '\u{309C}',
        c => c,
    };
    out.push(safe);
    Some(safe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        let s = sanitize("a\x1b[2Jb\x07c\u{9b}31md");
        assert_eq!(s, "a␛[2Jb␇c\u{FFFD}31md");
        assert!(!s.chars().any(|c| c.is_control()));
    }

    #[test]
    fn bidi_overrides_dropped_and_text_kept() {
        assert_eq!(sanitize("x\u{202E}abc\u{2069}y"), "xabcy");
        assert_eq!(sanitize("Türkiye — “ok”"), "Türkiye — “ok”");
    }

    /// Every cluster as wide as a whole as its characters one by one.
    fn unambiguous(s: &str) -> bool {
        s.graphemes(true)
            .all(|g| cluster_columns(g) == g.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>())
    }

    #[test]
    fn clusters_terminals_disagree_on_are_made_unambiguous() {
        let cases = [
            ("👨\u{200d}👩\u{200d}👧 family", "👨👩👧 family"),
            ("🏳\u{fe0f}\u{200d}🌈", "🏳🌈"),
            ("👍🏽 ❤\u{fe0f} 1\u{fe0f}\u{20e3}", "👍 ❤ 1\u{20e3}"),
            ("🇺🇦🇬🇧 and 🇫", "UAGB and F"),
            (
                "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}",
                "🏴",
            ),
            ("ｶﾞ", "ｶ\u{309b}"),
        ];
        for (raw, want) in cases {
            assert!(needs_sanitizing(raw), "{raw}");
            let got = sanitize(raw);
            assert_eq!(got, want, "{}", raw.escape_unicode());
            assert!(unambiguous(&got), "{}", got.escape_unicode());
        }
        // Stacked marks: at most MAX_MARKS after a character.
        let zalgo = format!("z{}x", "\u{301}\u{302}\u{303}".repeat(5));
        let got = sanitize(&zalgo);
        assert_eq!(
            got.chars().count(),
            2 + MAX_MARKS,
            "{}",
            got.escape_unicode()
        );
        assert_eq!(columns(&got), 2);
        // What terminals agree on stays as it is: Devanagari conjuncts, joiners inside
        // words (half forms), Vietnamese, Hangul, CJK.
        for ok in [
            "क्षत्रिय श्रीमान् हिन्दी संस्कृत",
            "क्\u{200d}ष",
            "Nguyễn ệ",
            "한국어 \u{1100}\u{1161}\u{11a8}",
            "中文 — “quotes”",
            "e\u{301}",
        ] {
            assert!(!needs_sanitizing(ok), "{}", ok.escape_unicode());
            assert_eq!(sanitize(ok), ok);
        }
        assert_eq!(columns("क्षत्रिय"), 6);
        assert_eq!(columns("👨👩👧"), 6);
        assert_eq!(columns("ab\u{301}"), 2);
        assert_eq!(
            cells("\u{301}क्षि中e\u{301}"),
            vec![
                ("\u{301}", 0),
                ("क्", 1),
                ("ष", 1),
                ("ि", 1),
                ("中", 2),
                ("e\u{301}", 1)
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn sanitized_text_is_as_wide_everywhere(
            s in "([a-z \u{300}-\u{36f}\u{200c}\u{200d}\u{fe0e}\u{fe0f}\u{1f1e6}-\u{1f1ff}\u{1f3fb}-\u{1f3ff}\u{1f300}-\u{1f64f}\u{2600}-\u{27bf}\u{900}-\u{97f}\u{1100}-\u{11ff}\u{ff61}-\u{ff9f}\u{e0020}-\u{e007f}\u{20e3}\u{644}\u{627}]|.){0,40}"
        ) {
            let out = sanitize(&s);
            proptest::prop_assert!(unambiguous(&out), "{}", out.escape_unicode());
            proptest::prop_assert!(!needs_sanitizing(&out), "{}", out.escape_unicode());
            proptest::prop_assert_eq!(
                columns(&out),
                out.chars().map(|c| c.width().unwrap_or(0)).sum::<usize>()
            );
            proptest::prop_assert_eq!(sanitize(&out), out.clone());
        }
    }

    #[test]
    fn controls_only_keeps_clusters() {
        let s = "a\x1b[2J\u{9b}b\u{202e}👨\u{200d}👩 🇺🇦 👍🏽\t";
        assert!(has_controls(s));
        assert_eq!(sanitize_controls(s), "a␛[2J\u{FFFD}b👨\u{200d}👩 🇺🇦 👍🏽 ");
        assert!(!has_controls("👨\u{200d}👩 🇺🇦"));
    }

    #[test]
    fn multiline_keeps_newlines_only() {
        assert_eq!(sanitize_multiline("a\r\nb\x1b"), "a␍\nb␛");
    }
}
