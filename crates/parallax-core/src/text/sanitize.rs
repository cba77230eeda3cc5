//! Make text from files safe to write to a terminal.
//!
//! Article text, titles and even file names can hold control characters and escape sequences
//! (`ESC [ 2 J`, OSC 8 hyperlinks, bidi overrides). Nothing from a file may reach the terminal
//! raw: C0 controls become their visible Unicode "control picture" (`ESC` → `␛`), DEL → `␡`,
//! C1 controls → `�`, bidirectional overrides and isolates are dropped, tabs become a space.

/// Return `s` with every control or escape character made visible or dropped.
pub fn sanitize(s: &str) -> String {
    if !needs_sanitizing(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_safe(&mut out, c);
    }
    out
}

/// Like [`sanitize`], but keeps line breaks (`\n`) so multi-line text stays multi-line.
pub fn sanitize_multiline(s: &str) -> String {
    s.split('\n').map(sanitize).collect::<Vec<_>>().join("\n")
}

/// Whether [`sanitize`] would change `s`.
pub fn needs_sanitizing(s: &str) -> bool {
    s.chars().any(needs_care)
}

fn needs_care(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Bidirectional formatting characters: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069), and the left-to-right, right-to-left and Arabic letter marks.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn push_safe(out: &mut String, c: char) {
    match c {
        '\t' => out.push(' '),
        '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
        '\u{7F}' => out.push('\u{2421}'),
        '\u{80}'..='\u{9F}' => out.push('\u{FFFD}'),
        c if is_bidi_control(c) => {}
        c => out.push(c),
    }
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

    #[test]
    fn multiline_keeps_newlines_only() {
        assert_eq!(sanitize_multiline("a\r\nb\x1b"), "a␍\nb␛");
    }
}
