//! Search snippets that fit a terminal line: the part of a paragraph around a match, cut to
//! a width with the match in the middle, so the matched words are on screen however deep in
//! the paragraph they are.
//!
//! The full-text index marks matches with [`MATCH_START`] and [`MATCH_END`] (private-use
//! characters, so that quotation marks in the article text, such as French « », are never
//! taken for matches). [`centre`] cuts the marked text to a width, centred on the first match,
//! with `…` where text was cut, the matches between `«` and `»`, whitespace runs as one space,
//! and control characters made visible ([`crate::text::sanitize`]).

use unicode_width::UnicodeWidthChar;

/// Marks the start of a matched run in text from the full-text index.
pub const MATCH_START: char = '\u{E000}';
/// Marks the end of a matched run.
pub const MATCH_END: char = '\u{E001}';

/// How wide `parallax search` and its JSON make snippets: an 80-column line less the
/// 4-space indent the terminal output puts before them.
pub const SNIPPET_COLS: usize = 76;

/// At most one column in this many (and at most 12) is given up to start or end the
/// snippet at a word boundary.
const WORD_SNAP_SHARE: usize = 8;

#[derive(Clone, Copy)]
struct Unit {
    c: char,
    w: usize,
    hit: bool,
}

/// `marked` (text with matches between [`MATCH_START`] and [`MATCH_END`]) cut to at most
/// `cols` display columns around its first match; see the module documentation. Text
/// without a match is cut at the end.
pub fn centre(marked: &str, cols: usize) -> String {
    let units = window_units(marked, cols);
    let n = units.len();
    let Some(ms) = units.iter().position(|u| u.hit) else {
        return render(&units, 0, fit_right(&units, 0, cols));
    };
    let me = ms + units[ms..].iter().take_while(|u| u.hit).count();
    // The match alone, with its markers and the ellipses it needs.
    let (mut a, mut b) = (ms, ms);
    let mut w = 2; // « and »
    while b < me && w + units[b].w + ellipses(a, b + 1, n) <= cols {
        w += units[b].w;
        b += 1;
    }
    if b < me {
        // The match is wider than the line: show its start.
        return render(&units, a, b);
    }
    // Grow the window one character at a time on the side with less context.
    let (mut left, mut right) = (0usize, 0usize);
    loop {
        let grow_left = a > 0 && {
            let add = units[a - 1].w + new_run(&units, a - 1, a, b);
            w + add + ellipses(a - 1, b, n) <= cols
        };
        let grow_right = b < n && {
            let add = units[b].w + new_run(&units, b, a, b);
            w + add + ellipses(a, b + 1, n) <= cols
        };
        let go_left = match (grow_left, grow_right) {
            (false, false) => break,
            (true, true) => left <= right,
            (go_left, _) => go_left,
        };
        if go_left {
            w += units[a - 1].w + new_run(&units, a - 1, a, b);
            left += units[a - 1].w;
            a -= 1;
        } else {
            w += units[b].w + new_run(&units, b, a, b);
            right += units[b].w;
            b += 1;
        }
    }
    // Start and end at word boundaries where that costs little.
    let snap = (cols / WORD_SNAP_SHARE).min(12);
    if a > 0 && !units[a - 1].c.is_whitespace() {
        let skip = units[a..ms]
            .iter()
            .position(|u| u.c.is_whitespace())
            .filter(|&k| units[a..a + k].iter().map(|u| u.w).sum::<usize>() <= snap);
        if let Some(k) = skip {
            a += k;
        }
    }
    while a < ms && units[a].c.is_whitespace() {
        a += 1;
    }
    if b < n && !units[b].c.is_whitespace() {
        let back = units[me..b]
            .iter()
            .rposition(|u| u.c.is_whitespace())
            .map(|k| me + k)
            .filter(|&k| units[k..b].iter().map(|u| u.w).sum::<usize>() <= snap);
        if let Some(k) = back {
            b = k;
        }
    }
    while b > me && units[b - 1].c.is_whitespace() {
        b -= 1;
    }
    render(&units, a, b)
}

/// The units of the part of `marked` a snippet `cols` wide can show: from `cols + 2` columns
/// before the first match to `cols + 2` columns after its start (from the start, without a
/// match). Where text is cut off, a unit too wide to ever fit stands for it, so the snippet
/// still gets its `…`. Work and memory are bounded by `cols`, not by the paragraph (search
/// snippets of an 8 MB paragraph).
fn window_units(marked: &str, cols: usize) -> Vec<Unit> {
    let need = cols + 2;
    // At most this many characters either way, however many of them are zero-width.
    let max_chars = 16 * need + 64;
    let at = marked.find(MATCH_START).unwrap_or(0);
    let start = walk(marked[..at].char_indices().rev(), need, max_chars).map_or(0, |(i, _)| i);
    let end = walk(marked[at..].char_indices(), need, max_chars)
        .map_or(marked.len(), |(i, c)| at + i + c.len_utf8());
    let mut units = Vec::new();
    let far = Unit {
        c: ' ',
        w: cols + 1,
        hit: false,
    };
    if start > 0 {
        units.push(far);
    }
    units.extend(self::units(&marked[start..end]));
    if end < marked.len() {
        units.push(far);
    }
    units
}

/// The character at which `need` columns have been passed (whitespace runs as one column,
/// markers as none, other characters by width, at least 1 but for zero-width ones), or after
/// `max_chars` characters; `None` when the text ends first.
fn walk(
    chars: impl Iterator<Item = (usize, char)>,
    need: usize,
    max_chars: usize,
) -> Option<(usize, char)> {
    let (mut cols, mut space) = (0usize, false);
    for (k, (i, c)) in chars.enumerate() {
        if cols >= need || k >= max_chars {
            return Some((i, c));
        }
        match c {
            MATCH_START | MATCH_END => {}
            c if c.is_whitespace() => {
                cols += usize::from(!space);
                space = true;
                continue;
            }
            c => cols += c.width().unwrap_or(1),
        }
        space = false;
    }
    None
}

/// `text` with every run of the words of `phrase` (in order, consecutive) between
/// [`MATCH_START`] and [`MATCH_END`]. Words are runs of letters and digits, compared in lower
/// case without diacritics, as the full-text index compares them; one pass over the text.
pub fn mark_phrase(text: &str, phrase: &str) -> String {
    let fold = |w: &str| -> String {
        use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
        w.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let spans = |t: &str| -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in t.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, t.len()));
        }
        out
    };
    let want: Vec<String> = spans(phrase)
        .into_iter()
        .map(|(a, b)| fold(&phrase[a..b]))
        .collect();
    let k = want.len();
    let words = spans(text);
    let folded: Vec<String> = words.iter().map(|&(a, b)| fold(&text[a..b])).collect();
    let mut out = String::with_capacity(text.len() + 16);
    let (mut at, mut i) = (0, 0);
    while k > 0 && i + k <= words.len() {
        if folded[i..i + k] == want[..] {
            let (s, e) = (words[i].0, words[i + k - 1].1);
            out.push_str(&text[at..s]);
            out.push(MATCH_START);
            out.push_str(&text[s..e]);
            out.push(MATCH_END);
            at = e;
            i += k;
        } else {
            i += 1;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// The text as characters with their widths and whether they are in a match: whitespace
/// runs collapsed to one space, control characters made visible.
fn units(marked: &str) -> Vec<Unit> {
    let collapsed = marked.split_whitespace().collect::<Vec<_>>().join(" ");
    let safe = crate::text::sanitize::sanitize(&collapsed);
    let mut hit = false;
    let mut out = Vec::with_capacity(safe.len());
    for c in safe.chars() {
        match c {
            MATCH_START => hit = true,
            MATCH_END => hit = false,
            c => out.push(Unit {
                c,
                w: c.width().unwrap_or(0),
                hit,
            }),
        }
    }
    out
}

/// Columns the ellipses of the window `a..b` take.
fn ellipses(a: usize, b: usize, n: usize) -> usize {
    usize::from(a > 0) + usize::from(b < n)
}

/// Marker columns that adding unit `i` next to the window `a..b` costs: 2 when it starts a
/// new matched run in the window.
fn new_run(units: &[Unit], i: usize, a: usize, b: usize) -> usize {
    if !units[i].hit {
        return 0;
    }
    let neighbour = if i < a { a } else { b.wrapping_sub(1) };
    if a < b && units[neighbour].hit {
        0
    } else {
        2
    }
}

/// The end of the longest window from `a` that fits `cols` with its ellipsis (no match).
fn fit_right(units: &[Unit], a: usize, cols: usize) -> usize {
    let total: usize = units[a..].iter().map(|u| u.w).sum();
    if total <= cols {
        return units.len();
    }
    let mut w = 0;
    let mut b = a;
    while b < units.len() && w + units[b].w < cols {
        w += units[b].w;
        b += 1;
    }
    b
}

fn render(units: &[Unit], a: usize, b: usize) -> String {
    let mut out = String::new();
    if a > 0 {
        out.push('…');
    }
    let mut open = false;
    for u in &units[a..b] {
        if u.hit != open {
            out.push(if u.hit { '«' } else { '»' });
            open = u.hit;
        }
        out.push(u.c);
    }
    if open {
        out.push('»');
    }
    if b < units.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn mark(s: &str) -> String {
        s.replace('{', &MATCH_START.to_string())
            .replace('}', &MATCH_END.to_string())
    }

    #[test]
    fn short_text_is_whole() {
        assert_eq!(
            centre(&mark("a {peace deal} held"), 80),
            "a «peace deal» held"
        );
    }

    #[test]
    fn deep_match_is_centred_and_visible() {
        let before = "word ".repeat(200);
        let after = " more".repeat(200);
        let s = centre(&mark(&format!("{before}the {{peace deal}} was{after}")), 40);
        assert!(s.contains("«peace deal»"), "{s}");
        assert!(s.width() <= 40, "{s} is {} wide", s.width());
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        let at = s.find('«').unwrap();
        let col = s[..at].width();
        assert!((10..=18).contains(&col), "match at column {col}: {s}");
    }

    #[test]
    fn match_near_the_start_gets_the_room_on_the_right() {
        let s = centre(&mark(&format!("{{Moscow}} says{}", " word".repeat(50))), 30);
        assert!(s.starts_with("«Moscow» says"), "{s}");
        assert!(s.ends_with('…') && s.width() <= 30, "{s}");
    }

    #[test]
    fn match_near_the_end_gets_the_room_on_the_left() {
        let s = centre(&mark(&format!("{} the {{end}}", "word ".repeat(50))), 30);
        assert!(s.starts_with('…') && s.ends_with("the «end»"), "{s}");
        assert!(s.width() <= 30, "{s}");
    }

    #[test]
    fn match_wider_than_the_line_shows_its_start() {
        let s = centre(&mark(&format!("x {{{}}} y", "abc ".repeat(20))), 20);
        assert!(s.starts_with("…«abc abc"), "{s}");
        assert!(s.ends_with("»…") && s.width() <= 20, "{s}");
    }

    #[test]
    fn quotes_in_the_text_are_not_matches_and_controls_are_visible() {
        let s = centre(
            &mark(&format!(
                "{}« il a dit » \x1b[2J {{accord}}\n\tde paix",
                "mot ".repeat(40)
            )),
            40,
        );
        assert!(s.contains("« il a dit » ␛[2J «accord» de paix"), "{s}");
        assert!(!s.chars().any(|c| c.is_control()), "{s}");
    }

    #[test]
    fn no_match_is_cut_at_the_end() {
        assert_eq!(centre("abcdefghij", 5), "abcd…");
        assert_eq!(centre("abc", 5), "abc");
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let s = centre(
            &mark(&format!(
                "{}{{和平}}{}",
                "日本語".repeat(20),
                "日本語".repeat(20)
            )),
            21,
        );
        assert!(s.contains("«和平»") && s.width() <= 21, "{s}");
    }

    #[test]
    fn phrases_are_marked_like_the_index_matches() {
        assert_eq!(
            mark_phrase("The Peace-deal, a péace deal; peace, deals.", "peace deal"),
            mark("The {Peace-deal}, a {péace deal}; peace, deals.")
        );
        assert_eq!(mark_phrase("nothing here", "peace"), "nothing here");
        assert_eq!(mark_phrase("x", "***"), "x");
    }

    #[test]
    fn snippets_of_long_paragraphs_look_at_a_window_only() {
        let long = format!(
            "{}the {{end}} of it{}",
            "word ".repeat(100_000),
            " more".repeat(1000)
        );
        let s = centre(&mark(&long), 30);
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains("«end»"),
            "{s}"
        );
        assert!(s.width() <= 30, "{s}");
        // A long run of white space or zero-width marks before the match still shows `…`.
        for filler in [" ".repeat(100_000), "\u{301}".repeat(100_000)] {
            let s = centre(&mark(&format!("a{filler}b {{c}} d")), 30);
            assert!(
                s.starts_with('…') && s.contains("«c»") && s.width() <= 30,
                "{s}"
            );
        }
        let s = centre(&"abc ".repeat(100_000), 10);
        assert_eq!(s, "abc abc a…");
    }
}
