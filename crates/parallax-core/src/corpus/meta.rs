//! Metadata extraction: title, outlet, credits, byline and date from the text itself.
//!
//! Everything here is best effort over plain text: no markup survives copy and paste, so the
//! rules below look for the shapes that news sites, agencies and forums leave in the text.
//! Every paragraph is examined whatever its role (most metadata lines are so short that the
//! segmenter has already called them chrome); only the title skips chrome and repeats.
//!
//! **Metadata lines.** [`extract`] names the paragraphs that are metadata rather than article
//! text, so that the caller can flag them chrome:
//! - outlet lines: a known outlet alone or followed by a place, "Deutsche Welle, Germany";
//! - sign-offs: "mm/wd (AFP, Reuters)" (initials, a slash, initials, then agencies in
//!   parentheses), or a paragraph that is only a credit, "(Reporting by Reuters; editing by …)";
//! - date lines: a paragraph that starts with a date and has little else, "27 March 2022 19:16
//!   (UTC+04:00)", "Mar 27, 2022 – 4 hours ago – 1 minute read – Join the conversation";
//! - labelled dates, "Publishing date:", "Published: …", "Updated …", and the date line after a
//!   bare label;
//! - bylines: "By Vafa Ismayilova", "Written by …", "Author: …", "Author of the article:" and the
//!   name line after a bare label;
//! - credit lines: "Credits: archive", "Photo: …", "Source: …";
//! - notes and disclaimers: "* Stories are edited and translated by Info3 *", "… do not
//!   necessarily reflect the views of …".
//!
//! A long body paragraph that merely contains a credit ("… said in a statement. (Reporting by
//! Reuters; editing by Guy Faulconbridge)") is never a metadata line, but its credit is used.
//!
//! **Fields.**
//! - `title`: the first paragraph that is neither chrome, nor a repeat, nor a metadata line,
//!   cut to [`MAX_TITLE_CHARS`] characters ([`bound_title`]).
//! - `credits`: the agencies and outlets the text credits, deduplicated in order of first
//!   appearance: sign-offs ("mm/wd (AFP, Reuters, dpa)" gives AFP, Reuters, dpa), reporting
//!   credits in parentheses ("(Reporting by Reuters; …)" gives Reuters; people are ignored),
//!   wire datelines ("MOSCOW (AP) — …"), "By AFP", "Source: Reuters", outlet lines below the
//!   top, republication notes ("This article was first published by Eurasianet."), mentions of
//!   a known outlet ("as reported by Deutsche Welle", "according to Reuters", "via DW",
//!   "courtesy of …") and links to a known outlet's site. Photo credits are not credits. Names
//!   are given in the gazetteer's spelling ("DW" gives "Deutsche Welle").
//! - `credit_items`: each credit with the paragraph that carries it, its kind and its words,
//!   so that a sign-off ending a reposted block of a compound page credits that block.
//! - `source`: the **publisher** only, the first of: an outlet line among the first
//!   [`TOP_SOURCE`] paragraphs (then not a credit); an outlet named as the title's prefix
//!   ("Asbarez: Moscow, Baku …") or suffix ("… | Reuters"); a publisher note ("* Stories are
//!   edited and translated by Info3 *"). A credit is never the publisher: a forum thread that
//!   reposts a DW article signed "(AFP, Reuters)" has none. The file's own fields (front
//!   matter, JSON fields, HTML meta tags such as og:site_name) win over all of these.
//! - `byline`: the name from the first byline line. Names are two to five capitalised words
//!   (particles such as "de", "van" or "and" allowed inside); "Author: X" also takes one word. A
//!   poster's name in forum chrome is not a byline unless introduced by "By" or "Author". A
//!   byline run on into the body ("By Vafa Ismayilova The liberation of …") gives its name, but
//!   the paragraph stays body.
//! - `date`: a date labelled as the publication date ("Publishing date:", "Published on", …,
//!   on the label's line or on the next paragraph), else one labelled as an update ("Updated:",
//!   "Last edited:"), else the first date line among the first [`TOP_DATE`] paragraphs, else the
//!   first date written anywhere in them. Recognised forms: "Mar 27, 2022", "March 27, 2022",
//!   "27 March 2022", "27 Mar 2022", "27th March, 2022", "2022-03-27", "2022/03/27",
//!   "27.03.2022", with anything (time, zone) after. English month names only; years 1900–2100;
//!   impossible dates ("31 February 2022") are rejected. Written as ISO `YYYY-MM-DD`.
//!
//! All matching is plain string code, linear in the text's length (bounded lookups on short
//! lines only), and slices only at character boundaries, so no input can panic or blow up.

use crate::corpus::article::{Credit, CreditKind, Meta, Paragraph};

/// Titles longer than this many characters are cut ([`bound_title`]): a title is a line of a
/// listing, never a whole article that happens to be one line.
pub const MAX_TITLE_CHARS: usize = 200;

/// A title cut to at most [`MAX_TITLE_CHARS`] characters, `…` included: at the last word
/// boundary in its second half, else at a grapheme boundary. Shorter titles are unchanged.
/// Looks at no more than the first few hundred characters, however long the text.
pub fn bound_title(title: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    // Fast path: few enough bytes for few enough characters.
    if title.len() <= MAX_TITLE_CHARS || title.chars().nth(MAX_TITLE_CHARS).is_none() {
        return title.to_string();
    }
    let room = MAX_TITLE_CHARS - 1; // for the `…`
    let mut end = 0;
    let mut chars = 0;
    for (i, g) in title.grapheme_indices(true) {
        let n = g.chars().count();
        if chars + n > room {
            break;
        }
        chars += n;
        end = i + g.len();
    }
    let head = &title[..end];
    let cut = head
        .char_indices()
        .filter(|&(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .next_back()
        .filter(|&i| head[..i].chars().count() >= room / 2)
        .unwrap_or(end);
    format!("{}…", head[..cut].trim_end())
}

/// Outlet lines count as the source only among this many leading paragraphs.
pub const TOP_SOURCE: usize = 8;
/// Unlabelled dates are looked for only among this many leading paragraphs.
pub const TOP_DATE: usize = 12;

/// Known outlets and agencies: the name as reported, then lowercase spellings that name it
/// (with any leading "the " removed).
const OUTLETS: &[(&str, &[&str])] = &[
    (
        "Deutsche Welle",
        &["deutsche welle", "dw", "dw news", "dw.com"],
    ),
    ("Reuters", &["reuters", "thomson reuters"]),
    (
        "AFP",
        &[
            "afp",
            "agence france-presse",
            "agence france presse",
            "france-presse",
        ],
    ),
    ("AP", &["ap", "associated press", "ap news"]),
    ("BBC", &["bbc", "bbc news", "bbc world service"]),
    ("CNN", &["cnn"]),
    ("TASS", &["tass", "itar-tass", "tass news agency"]),
    ("RIA Novosti", &["ria novosti", "ria"]),
    ("Interfax", &["interfax"]),
    (
        "Anadolu",
        &[
            "anadolu",
            "anadolu agency",
            "anadolu ajansı",
            "anadolu ajansi",
            "aa.com.tr",
        ],
    ),
    ("TRT World", &["trt world", "trt"]),
    ("Azernews", &["azernews", "azer news", "azernews.az"]),
    ("APA", &["apa", "apa.az"]),
    ("Trend", &["trend", "trend news agency", "trend.az"]),
    ("AZERTAC", &["azertac"]),
    ("Armenpress", &["armenpress"]),
    ("news.am", &["news.am"]),
    ("Asbarez", &["asbarez"]),
    (
        "Al Jazeera",
        &["al jazeera", "aljazeera", "al jazeera english"],
    ),
    ("The Guardian", &["guardian"]),
    ("The New York Times", &["new york times", "nyt"]),
    ("The Washington Post", &["washington post"]),
    ("Info3", &["info3"]),
    (
        "RFE/RL",
        &[
            "rfe/rl",
            "radio free europe/radio liberty",
            "radio free europe",
            "radio liberty",
        ],
    ),
    ("Eurasianet", &["eurasianet"]),
    ("OC Media", &["oc media", "oc-media"]),
    ("JAMnews", &["jamnews", "jam news"]),
    ("Daily Sabah", &["daily sabah"]),
    (
        "Hurriyet",
        &[
            "hurriyet",
            "hürriyet",
            "hurriyet daily news",
            "hürriyet daily news",
        ],
    ),
    ("EurActiv", &["euractiv"]),
    ("Politico", &["politico", "politico europe"]),
    ("dpa", &["dpa", "deutsche presse-agentur"]),
    ("KNA", &["kna"]),
    ("epd", &["epd"]),
    ("EFE", &["efe"]),
    ("ANSA", &["ansa"]),
    ("Xinhua", &["xinhua"]),
    ("Kyodo", &["kyodo"]),
    ("Yonhap", &["yonhap"]),
    ("UPI", &["upi"]),
    ("Bloomberg", &["bloomberg"]),
    ("Sputnik", &["sputnik"]),
];

/// Labels of a publication date, lowercase, longest first where one begins another.
const PUBLISH_LABELS: &[&str] = &[
    "publishing date",
    "publication date",
    "date published",
    "first published",
    "published on",
    "published at",
    "published",
    "posted on",
    "posted at",
    "date",
];
/// Labels of an update date.
const UPDATE_LABELS: &[&str] = &[
    "last updated",
    "updated on",
    "updated at",
    "updated",
    "last modified",
    "last edited",
];
/// Prefixes, inside a credit, that introduce who reported.
const REPORTING_PREFIXES: &[&str] = &[
    "with additional reporting by",
    "additional reporting by",
    "with reporting by",
    "reporting by",
    "reported by",
    "writing by",
    "compiled by",
    "with input from",
    "with material from",
    "sources:",
    "source:",
];
/// Labels of credit lines; those marked `true` credit the outlets they name.
const CREDIT_LABELS: &[(&str, bool)] = &[
    ("photo credits", false),
    ("photo credit", false),
    ("image credit", false),
    ("photo source", false),
    ("credits", false),
    ("credit", false),
    ("photo", false),
    ("image", false),
    ("picture", false),
    ("sources", true),
    ("source", true),
];
/// How a publisher note may begin (lowercase, after any leading "*").
const NOTE_STARTS: &[&str] = &[
    "this article",
    "this story",
    "this report",
    "this content",
    "this piece",
    "the article",
    "stories",
    "story",
    "articles",
    "article",
    "content",
    "originally",
    "first published",
    "republished",
    "translated",
    "edited",
    "published",
    "provided",
    "distributed",
    "syndicated",
    "produced",
];
/// Verbs of a publisher note, the word before "by".
const NOTE_VERBS: &[&str] = &[
    "edited",
    "translated",
    "published",
    "republished",
    "provided",
    "distributed",
    "syndicated",
    "produced",
    "supplied",
];
/// Phrases of an opinion disclaimer.
const DISCLAIMERS: &[&str] = &[
    "necessarily reflect",
    "reflect solely the opinion",
    "solely reflect the opinion",
    "views expressed in this",
    "opinions expressed in this",
    "do not reflect the views",
    "does not reflect the views",
];
/// Lowercase words allowed inside a name.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du", "bin", "ibn",
    "al", "el", "and", "y",
];
/// Lowercase words allowed after a byline's name ("By X, Reuters staff writer").
const BYLINE_TAIL_WORDS: &[&str] = &[
    "in",
    "for",
    "and",
    "of",
    "at",
    "the",
    "on",
    "ago",
    "hour",
    "hours",
    "minute",
    "minutes",
    "min",
    "read",
    "updated",
    "published",
    "staff",
    "writer",
    "correspondent",
    "reporter",
    "editor",
    "contributor",
];
/// Words that start a sentence, used to cut a byline off body text joined to it.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "As",
    "At",
    "It",
    "This",
    "That",
    "These",
    "Those",
    "Following",
    "After",
    "Before",
    "While",
    "When",
    "Despite",
    "According",
    "Since",
    "For",
    "With",
    "Some",
    "Many",
];
const MONTHS: &[&[&str]] = &[
    &["jan", "january"],
    &["feb", "february"],
    &["mar", "march"],
    &["apr", "april"],
    &["may"],
    &["jun", "june"],
    &["jul", "july"],
    &["aug", "august"],
    &["sep", "sept", "september"],
    &["oct", "october"],
    &["nov", "november"],
    &["dec", "december"],
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// Extract metadata from an article's paragraphs, and name the paragraphs that are
/// metadata lines (bylines, date lines, outlet lines) so that segmentation can flag them chrome.
///
/// The names are [`Paragraph::index`] values, ascending and without duplicates.
/// Paragraphs longer than twice this many bytes are read through their first and last `EDGE`
/// bytes only: metadata lines are short, and a long paragraph carries metadata only at its
/// edges (a byline running into the text, a dateline, a closing credit). This bounds the work
/// on a 50 MB one-line file to its edges instead of every detector reading all of it.
pub const EDGE: usize = 1024;

pub fn extract(paragraphs: &[Paragraph]) -> (Meta, Vec<usize>) {
    let n = paragraphs.len();
    let mut is_meta = vec![false; n];
    let mut credits = Credits::default();
    let mut top_outlet: Option<&'static str> = None;
    let mut note_source: Option<String> = None;
    let mut byline: Option<String> = None;
    let mut published: Option<Date> = None;
    let mut updated: Option<Date> = None;
    let mut first_date_line: Option<Date> = None;
    let mut first_date: Option<Date> = None;

    let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.trim()).collect();
    // The position of the next non-empty paragraph after each one.
    let next_of = |i: usize| (i + 1..n).find(|&j| !texts[j].is_empty());

    for (i, &text) in texts.iter().enumerate() {
        if text.is_empty() {
            continue;
        }

        if text.len() > 2 * EDGE {
            // A long paragraph is body text, never a metadata line: only its edges can carry a
            // byline running into the text, a dateline, a date or a closing credit.
            let head = &text[..text.floor_char_boundary(EDGE)];
            let tail = &text[text.ceil_char_boundary(text.len() - EDGE)..];
            if let Some((items, _)) = sign_off(tail) {
                for item in items {
                    credits.add(item, i, CreditKind::SignOff, tail);
                }
            }
            for edge in [head, tail] {
                for (o, kind) in group_credits(edge, words_at_most(edge, 30)).0 {
                    credits.add(o, i, kind, edge);
                }
                for (o, kind) in mentions(edge) {
                    credits.add(o, i, kind, edge);
                }
            }
            match parse_byline(head) {
                Byline::Line(name) | Byline::InBody(name) => {
                    byline.get_or_insert(name);
                }
                Byline::Outlet(o) => credits.add(o, i, CreditKind::Byline, head),
                Byline::NextLine | Byline::None => {}
            }
            if let Some((Label::Dated(date, _), publish)) = date_label(head) {
                let slot = if publish {
                    &mut published
                } else {
                    &mut updated
                };
                slot.get_or_insert(date);
            }
            if i < TOP_DATE && first_date.is_none() {
                first_date = find_date(head);
            }
            continue;
        }

        if let Some(o) = outlet_line(text) {
            is_meta[i] = true;
            // The outlet line at the top names the publisher; further down it credits.
            if i < TOP_SOURCE && top_outlet.is_none() {
                top_outlet = Some(o);
            } else if top_outlet != Some(o) {
                credits.add(o, i, CreditKind::OutletLine, text);
            }
        }

        if let Some((items, whole)) = sign_off(text) {
            is_meta[i] |= whole;
            for item in items {
                credits.add(item, i, CreditKind::SignOff, text);
            }
        }

        // The paragraph's words, counted once for the rules that only read short paragraphs
        // (at most 60 words; above that, some number above 60).
        let words = words_up_to(text, 60);
        let (group_credits, whole) = group_credits(text, words <= 30);
        is_meta[i] |= whole;
        for (o, kind) in group_credits {
            credits.add(o, i, kind, text);
        }
        for (o, kind) in mentions(text) {
            credits.add(o, i, kind, text);
        }

        if let Some((list, credited)) = credit_line(text, words) {
            is_meta[i] = true;
            if credited {
                for o in reporting_outlets(list) {
                    credits.add(o, i, CreditKind::SourceLine, text);
                }
            }
        }

        match parse_byline(text) {
            Byline::Line(name) => {
                is_meta[i] = true;
                byline.get_or_insert(name);
            }
            Byline::InBody(name) => {
                byline.get_or_insert(name);
            }
            Byline::Outlet(o) => {
                is_meta[i] = true;
                credits.add(o, i, CreditKind::Byline, text);
            }
            Byline::NextLine => {
                is_meta[i] = true;
                if let Some(j) = next_of(i) {
                    if name_like(texts[j], 2, 5) {
                        is_meta[j] = true;
                        byline.get_or_insert_with(|| texts[j].to_string());
                    }
                }
            }
            Byline::None => {}
        }

        if let Some(source) = note_source_of(text, words) {
            is_meta[i] = true;
            if republication_note(text) {
                // "This article was first published by X": X is the original, credited; the
                // page republishing it is someone else.
                credits.add(&source, i, CreditKind::Mention, text);
            } else {
                note_source.get_or_insert(source);
            }
        }
        if is_disclaimer(text, words) {
            is_meta[i] = true;
        }

        if let Some((label, publish)) = date_label(text) {
            let date = match label {
                Label::Dated(date, line) => {
                    is_meta[i] |= line;
                    Some(date)
                }
                Label::Bare => {
                    is_meta[i] = true;
                    next_of(i).and_then(|j| {
                        let date = date_line(texts[j]);
                        is_meta[j] |= date.is_some();
                        date
                    })
                }
            };
            if let Some(date) = date {
                let slot = if publish {
                    &mut published
                } else {
                    &mut updated
                };
                slot.get_or_insert(date);
            }
        }

        if let Some(date) = date_line(text) {
            is_meta[i] = true;
            if i < TOP_DATE {
                first_date_line.get_or_insert(date);
            }
        }
        if i < TOP_DATE && first_date.is_none() {
            first_date = find_date(text);
        }
    }

    let title = short_headline(paragraphs)
        .filter(|&i| !is_meta[i])
        .map(|i| bound_title(texts[i]))
        .or_else(|| {
            paragraphs
                .iter()
                .zip(&texts)
                .zip(&is_meta)
                .find(|((p, t), &meta)| !p.role.discounted() && !meta && !t.is_empty())
                .map(|((_, t), _)| bound_title(t))
        })
        .unwrap_or_default();

    // The publisher only: an agency credited in the text is never the publisher (a forum
    // reposting a DW article signed "(AFP, Reuters)" is not AFP).
    let source = top_outlet
        .or_else(|| title_outlet(&title))
        .map(str::to_string)
        .or(note_source);

    let date = published
        .or(updated)
        .or(first_date_line)
        .or(first_date)
        .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"));

    let mut lines: Vec<usize> = paragraphs
        .iter()
        .zip(&is_meta)
        .filter(|(_, &meta)| meta)
        .map(|(p, _)| p.index)
        .collect();
    lines.sort_unstable();
    lines.dedup();

    (
        Meta {
            title,
            source,
            credits: credits.names,
            credit_items: credits.items,
            byline,
            date,
            url: None,
        },
        lines,
    )
}

/// Credits found so far: names in order of first appearance, and every credit where it stands.
#[derive(Default)]
struct Credits {
    names: Vec<String>,
    items: Vec<Credit>,
}

impl Credits {
    /// Credit `name` at paragraph `i`; `words` is where it was found (cut to a short quote: the
    /// end of a closing credit, the start of any other).
    fn add(&mut self, name: &str, i: usize, kind: CreditKind, words: &str) {
        if !self.names.iter().any(|c| c == name) {
            self.names.push(name.to_string());
        }
        if self
            .items
            .iter()
            .any(|c| c.paragraph == i && c.name == name && c.kind == kind)
        {
            return;
        }
        self.items.push(Credit {
            name: name.to_string(),
            paragraph: i,
            kind,
            text: credit_quote(words, kind.closes() || kind == CreditKind::SourceLine),
        });
    }
}

/// At most [`CREDIT_QUOTE`] bytes of `words` (its end when `tail`, else its start), cut at a
/// space where there is one.
fn credit_quote(words: &str, tail: bool) -> String {
    let w = words.trim();
    if w.len() <= CREDIT_QUOTE {
        return w.to_string();
    }
    if tail {
        let from = w.ceil_char_boundary(w.len() - CREDIT_QUOTE);
        let cut = w[from..].find(' ').map_or(from, |k| from + k + 1);
        format!("…{}", &w[cut..])
    } else {
        let to = w.floor_char_boundary(CREDIT_QUOTE);
        let cut = w[..to].rfind(' ').unwrap_or(to);
        format!("{}…", &w[..cut])
    }
}

/// Longest quote of a credit's words, in bytes.
const CREDIT_QUOTE: usize = 120;

/// Phrases that credit the outlet named right after them (lowercase).
const MENTION_PHRASES: &[&str] = &[
    "as reported by ",
    "as first reported by ",
    "originally published by ",
    "originally published on ",
    "originally published in ",
    "first published by ",
    "first published on ",
    "first published in ",
    "republished from ",
    "reprinted from ",
    "courtesy of ",
    "according to ",
    "reported by ",
    "via ",
];

/// The link schemes whose host [`mentions`] reads.
const LINK_SCHEMES: [&str; 2] = ["https://", "http://"];

/// A searcher for each of [`MENTION_PHRASES`], then of [`LINK_SCHEMES`], in ASCII-lowercased
/// text. One vector search a phrase skips ahead to the rare places a phrase can start: on
/// ordinary paragraphs a quarter of the cost of one automaton over every byte (which, asked
/// for overlapping matches, cannot skip).
static MENTION_SEARCH: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
    std::sync::LazyLock::new(|| {
        MENTION_PHRASES
            .iter()
            .chain(&LINK_SCHEMES)
            .map(|p| memchr::memmem::Finder::new(p.as_bytes()))
            .collect()
    });

/// Outlets credited by a mention ("as reported by Deutsche Welle", "via DW") or a link to a
/// known outlet's site ("https://www.dw.com/en/…"). Only gazetteer outlets count: "according
/// to the ministry" credits nobody.
fn mentions(text: &str) -> Vec<(&'static str, CreditKind)> {
    let mut found = Vec::new();
    // Every phrase and link scheme found, ASCII case ignored (ASCII lowercasing keeps byte
    // offsets), phrase by phrase, each left to right (no phrase overlaps itself: each ends
    // with a space it does not start with, and neither scheme does).
    let lower = text.to_ascii_lowercase();
    let mut hits: Vec<(usize, usize)> = Vec::new();
    for (pattern, finder) in MENTION_SEARCH.iter().enumerate() {
        hits.extend(finder.find_iter(lower.as_bytes()).map(|at| (pattern, at)));
    }
    if hits.is_empty() {
        return found;
    }
    let bytes = text.as_bytes();
    for &(pattern, at) in &hits {
        let Some(phrase) = MENTION_PHRASES.get(pattern) else {
            continue;
        };
        let from = at + phrase.len();
        // A whole-word phrase: not "trivia ".
        if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
            continue;
        }
        let words: Vec<&str> = text[from..].split_whitespace().take(4).collect();
        let hit = (1..=words.len()).rev().find_map(|n| {
            let name = words[..n].join(" ");
            outlet(name.trim_end_matches(|c: char| !c.is_alphanumeric()))
        });
        if let Some(o) = hit {
            if !found.iter().any(|&(f, _)| f == o) {
                found.push((o, CreditKind::Mention));
            }
        }
    }
    for &(pattern, start) in &hits {
        let Some(scheme) = pattern
            .checked_sub(MENTION_PHRASES.len())
            .and_then(|k| LINK_SCHEMES.get(k))
        else {
            continue;
        };
        let at = start + scheme.len();
        let host: String = text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if let Some(o) = link_outlet(&host) {
            if !found.iter().any(|&(f, _)| f == o) {
                found.push((o, CreditKind::Link));
            }
        }
    }
    found
}

/// The known outlet whose site `host` is: "www.dw.com" (an alias), "www.reuters.com" (its
/// name before the top-level domain).
pub fn link_outlet(host: &str) -> Option<&'static str> {
    let host = host.trim_end_matches('.');
    let host = host.strip_prefix("www.").unwrap_or(host);
    if host.len() > 80 || !host.contains('.') {
        return None;
    }
    outlet(host).or_else(|| {
        let mut labels = host.rsplit('.');
        labels.next();
        labels.next().and_then(outlet)
    })
}

// ---------------------------------------------------------------------------------------------
// Small string helpers. Needles are ASCII, so every match starts and ends on a char boundary.

/// `s` without the ASCII prefix `p`, compared case-insensitively.
fn strip_prefix_ci<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let head = s.get(..p.len())?;
    head.eq_ignore_ascii_case(p).then(|| &s[p.len()..])
}

/// Whether `hay` contains any of the lowercase ASCII `needles`, ignoring ASCII case.
fn contains_any_ci(hay: &str, needles: &[&str]) -> bool {
    // ASCII lowercasing keeps every byte offset, and the search runs at `str::contains` speed.
    let lower = hay.to_ascii_lowercase();
    needles.iter().any(|n| lower.contains(n))
}

/// Whether `s` has at most `max` words (stops counting early on long text).
fn words_at_most(s: &str, max: usize) -> bool {
    words_up_to(s, max) <= max
}

/// The number of words of `s` (as `split_whitespace` counts them), or a number above `cap`
/// when there are more (counting stops early on long text).
fn words_up_to(s: &str, cap: usize) -> usize {
    // On bytes, 64 at a time, while the text is ASCII (where `char::is_whitespace` is tab to
    // carriage return and space); by characters from the start at the first block holding
    // another byte. A block is written as loops over byte arrays, which the compiler turns
    // into vector compares: a word starts at a byte that is not a space after one that is.
    let mut words = 0;
    let mut after_space = 1u8;
    for block in s.as_bytes().chunks(64) {
        if !block.is_ascii() {
            return s.split_whitespace().take(cap + 1).count();
        }
        let mut space = [1u8; 65];
        space[0] = after_space;
        for (i, &b) in block.iter().enumerate() {
            space[i + 1] = u8::from(matches!(b, b'\t'..=b'\r' | b' '));
        }
        let n = block.len();
        let starts: u32 = (0..n)
            .map(|i| u32::from(space[i] & !space[i + 1] & 1))
            .sum();
        after_space = space[n];
        words += starts as usize;
        if words > cap {
            return words;
        }
    }
    words
}

/// `s` after a label `p` that is a whole word (not followed by a letter or digit).
fn strip_label<'a>(s: &'a str, p: &str) -> Option<&'a str> {
    let rest = strip_prefix_ci(s, p)?;
    match rest.chars().next() {
        Some(c) if c.is_alphanumeric() => None,
        _ => Some(rest),
    }
}

// ---------------------------------------------------------------------------------------------
// Outlets and credits.

/// The spellings that name an outlet: the gazetteer's aliases of `name` (lowercase) when it
/// is a known outlet (by any of its names), else none.
pub fn outlet_aliases(name: &str) -> &'static [&'static str] {
    outlet(name)
        .and_then(|o| OUTLETS.iter().find(|(n, _)| *n == o))
        .map_or(&[], |(_, aliases)| aliases)
}

/// The gazetteer name of the outlet that `s` names, if any.
pub fn outlet(s: &str) -> Option<&'static str> {
    if s.len() > 80 {
        return None;
    }
    let trimmed = s.trim_matches(|c: char| !c.is_alphanumeric());
    let mut key = String::with_capacity(trimmed.len());
    for w in trimmed.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(w);
    }
    let key = if key.is_ascii() {
        key.make_ascii_lowercase();
        key
    } else {
        key.to_lowercase()
    };
    let key = key.strip_prefix("the ").unwrap_or(&key);
    OUTLET_OF_ALIAS.get(key).copied()
}

/// Every alias of [`OUTLETS`] to its outlet's name (the first outlet that lists it).
static OUTLET_OF_ALIAS: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
    std::sync::LazyLock::new(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for &(name, aliases) in OUTLETS {
            for &alias in aliases {
                map.entry(alias).or_insert(name);
            }
        }
        map
    });

/// "Outlet" or "Outlet, Place" where Outlet is known.
fn outlet_line(text: &str) -> Option<&'static str> {
    if text.len() > 80 {
        return None;
    }
    if let Some(o) = outlet(text) {
        return Some(o);
    }
    let (name, place) = text.split_once(',')?;
    let place = place.trim().trim_end_matches('.');
    let place_ok = !place.is_empty()
        && words_at_most(place, 4)
        && place.split_whitespace().all(|w| {
            let w = w.trim_end_matches(',');
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
        });
    if place_ok {
        outlet(name)
    } else {
        None
    }
}

/// The outlet named as a title's prefix ("Asbarez: …") or suffix ("… | Reuters").
fn title_outlet(title: &str) -> Option<&'static str> {
    if let Some((prefix, _)) = title.split_once(':') {
        if let Some(o) = outlet(prefix) {
            return Some(o);
        }
    }
    [" | ", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| title.rsplit_once(sep))
        .find_map(|(_, suffix)| outlet(suffix))
}

/// Whether `item` could name an agency in a sign-off although it is not in the gazetteer.
fn agency_like(item: &str) -> bool {
    !item.is_empty()
        && item.len() <= 30
        && words_at_most(item, 3)
        && item.chars().any(char::is_alphabetic)
        && item
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '.')
}

/// A DW-style sign-off, "mm/wd (AFP, Reuters)": the agencies, and whether the sign-off is the
/// whole paragraph (rather than the end of a body paragraph).
fn sign_off(text: &str) -> Option<(Vec<&str>, bool)> {
    let t = text.trim_end_matches('.').trim_end();
    let t = t.strip_suffix(')')?;
    let open = t.rfind('(')?;
    let inner = &t[open + 1..];
    if inner.len() > 120 || inner.contains(')') {
        return None;
    }
    let before = t[..open].trim_end();
    let initials = before.rsplit(char::is_whitespace).next()?;
    let parts: Vec<&str> = initials.split('/').collect();
    let initials_ok = parts.len() >= 2
        && parts
            .iter()
            .all(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    if !initials_ok {
        return None;
    }
    let head = before[..before.len() - initials.len()].trim_end();
    let whole = head.is_empty();
    if !whole && !head.ends_with(['.', '!', '?', '"', '”', '’', '\'', ')']) {
        return None;
    }
    let mut items = Vec::new();
    for item in inner.split([',', ';']).map(str::trim) {
        match outlet(item) {
            Some(o) => items.push(o),
            None if agency_like(item) => items.push(item),
            None => return None,
        }
    }
    Some((items, whole))
}

/// The known outlets listed in a reporting credit's body, "Reuters", "AFP and AP in Moscow".
fn reporting_outlets(list: &str) -> Vec<&'static str> {
    list.split([',', '&', '/'])
        .flat_map(|s| s.split(" and "))
        .filter_map(|item| outlet(item.split(" in ").next().unwrap_or(item)))
        .collect()
}

/// The outlets credited in one credit group, "Reporting by Reuters; editing by …".
fn reporting_credit(inner: &str) -> Option<Vec<&'static str>> {
    let mut found = None;
    for part in inner.split(';') {
        let part = part.trim();
        if let Some(rest) = REPORTING_PREFIXES
            .iter()
            .find_map(|p| strip_prefix_ci(part, p))
        {
            found
                .get_or_insert_with(Vec::new)
                .extend(reporting_outlets(rest));
        }
    }
    found
}

/// Credits from parenthesised groups: reporting credits anywhere, and wire datelines at the
/// start ("MOSCOW (AP) — …"). Also whether the paragraph is nothing but a reporting credit.
/// `short`: whether `text` has at most 30 words.
fn group_credits(text: &str, short: bool) -> (Vec<(&'static str, CreditKind)>, bool) {
    let mut credits = Vec::new();
    let mut whole = false;
    let mut open: Option<usize> = None;
    // The brackets are ASCII: their byte offsets are their char offsets, and text without a
    // closing one has no group.
    let bytes = if text.contains(')') {
        text.as_bytes()
    } else {
        &[]
    };
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'(' => open = Some(i),
            b')' => {
                let Some(o) = open.take() else { continue };
                let inner = &text[o + 1..i];
                if let Some(found) = reporting_credit(inner) {
                    credits.extend(found.into_iter().map(|o| (o, CreditKind::Reporting)));
                    whole |= o == 0
                        && text[i + 1..]
                            .trim_matches(|c: char| c == '.' || c.is_whitespace())
                            .is_empty();
                } else if let Some(found) = dateline(&text[..o], inner, &text[i + 1..]) {
                    credits.extend(found.into_iter().map(|o| (o, CreditKind::Dateline)));
                }
            }
            _ => {}
        }
    }
    if !whole && short && !text.starts_with('(') {
        if let Some(found) = reporting_credit(text.trim_end_matches('.')) {
            credits.extend(found.into_iter().map(|o| (o, CreditKind::Reporting)));
            whole = true;
        }
    }
    (credits, whole)
}

/// Agencies of a wire dateline, "MOSCOW (AP) — …": capitals before, known agencies inside,
/// a dash after.
fn dateline(before: &str, inner: &str, after: &str) -> Option<Vec<&'static str>> {
    let before = before.trim();
    let caps_ok = (2..=40).contains(&before.len())
        && before.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && before
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == ',' || c == '.' || c == '-' || c == '\'');
    let dash_ok = after.trim_start().starts_with(['—', '–', '-']);
    if !caps_ok || !dash_ok || inner.len() > 60 {
        return None;
    }
    inner
        .split([',', '/'])
        .map(outlet)
        .collect::<Option<Vec<_>>>()
        .filter(|v| !v.is_empty())
}

/// "Credits: archive", "Photo: …", "Source: Reuters": the text after the label, and whether the
/// outlets it names are credited. `words`: the words of `text` as [`words_up_to`] counts them.
fn credit_line(text: &str, words: usize) -> Option<(&str, bool)> {
    if words > 12 {
        return None;
    }
    CREDIT_LABELS.iter().find_map(|&(label, credited)| {
        let rest = strip_label(text, label)?.trim_start();
        rest.strip_prefix(':').map(|r| (r.trim(), credited))
    })
}

/// Whether a note names the original of a republished text ("first published by",
/// "originally published by", "republished from", "syndicated", "provided by", "supplied by",
/// "distributed by") rather than the page's publisher ("edited and translated by").
fn republication_note(text: &str) -> bool {
    contains_any_ci(
        text,
        &[
            "first published",
            "originally published",
            "republished",
            "syndicated",
            "provided by",
            "supplied by",
            "distributed by",
        ],
    )
}

/// The publisher named by a note, "* Stories are edited and translated by Info3 *". `words`: the
/// words of `text` as [`words_up_to`] counts them.
fn note_source_of(text: &str, words: usize) -> Option<String> {
    if words > 40 {
        return None;
    }
    let body = text.trim_start_matches(|c: char| matches!(c, '*' | '[' | '(') || c.is_whitespace());
    if !text.starts_with('*') && !NOTE_STARTS.iter().any(|m| strip_label(body, m).is_some()) {
        return None;
    }
    let pos = body.rfind(" by ")?;
    let verb = body[..pos].rsplit(char::is_whitespace).next()?;
    if !NOTE_VERBS.iter().any(|v| v.eq_ignore_ascii_case(verb)) {
        return None;
    }
    // A starred note may run on into a disclaimer: the name ends at the closing star.
    let name = body[pos + 4..].split('*').next().unwrap_or_default();
    let name = name
        .trim_end_matches(|c: char| matches!(c, '*' | '.' | ']' | ')' | '!') || c.is_whitespace())
        .trim();
    if let Some(o) = outlet(name) {
        return Some(o.to_string());
    }
    let plain = !name.is_empty()
        && name.len() <= 40
        && words_at_most(name, 3)
        && !name.contains([',', ';', '(', ')', ':'])
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    plain.then(|| name.to_string())
}

/// A short paragraph of legal or editorial boilerplate. `words`: the words of `text` as
/// [`words_up_to`] counts them.
fn is_disclaimer(text: &str, words: usize) -> bool {
    words <= 60 && contains_any_ci(text, DISCLAIMERS)
}

// ---------------------------------------------------------------------------------------------
// Bylines.

enum Byline {
    /// A byline line, "By Vafa Ismayilova".
    Line(String),
    /// A byline at the start of a paragraph that runs on into body text.
    InBody(String),
    /// "By AFP": an agency, not a person.
    Outlet(&'static str),
    /// A bare label, "Author of the article:": the name may be on the next line.
    NextLine,
    None,
}

fn name_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// Whether `s` is a name of `min..=max` words: capitalised words, particles inside.
fn name_like(s: &str, min: usize, max: usize) -> bool {
    if s.len() > 80 {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return false;
    };
    (min..=max).contains(&words.len())
        && name_word(first)
        && name_word(last)
        && words
            .iter()
            .all(|w| name_word(w) || NAME_PARTICLES.contains(w))
}

fn parse_byline(text: &str) -> Byline {
    for label in ["author of the article", "authors", "author"] {
        let Some(rest) = strip_label(text, label) else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim();
        if rest.is_empty() {
            return Byline::NextLine;
        }
        if let Some(o) = outlet(rest) {
            return Byline::Outlet(o);
        }
        if name_like(rest, 1, 5) {
            return Byline::Line(rest.to_string());
        }
        return Byline::None;
    }
    let rest = ["written by", "by"]
        .iter()
        .find_map(|p| strip_label(text, p))
        .filter(|r| r.starts_with(char::is_whitespace));
    let Some(rest) = rest.map(str::trim) else {
        return Byline::None;
    };
    if let Some(o) = outlet(rest) {
        return Byline::Outlet(o);
    }
    // The name runs up to a separator; what follows must be short, an outlet or role or date.
    let cut = rest
        .find([',', '|', '–', '—', '(', '/', ';'])
        .or_else(|| rest.find(" - "))
        .unwrap_or(rest.len());
    let (name, tail) = (rest[..cut].trim(), &rest[cut..]);
    if name_like(name, 2, 5) {
        let tail_ok = words_at_most(tail, 8)
            && !tail.trim_end().ends_with(['.', '!', '?'])
            && tail.split_whitespace().all(|w| {
                !w.starts_with(char::is_lowercase)
                    || BYLINE_TAIL_WORDS.contains(&w.trim_end_matches([',', '.']))
            });
        if tail_ok {
            return Byline::Line(name.to_string());
        }
        return Byline::None;
    }
    // "By Vafa Ismayilova The liberation of …": a byline joined to the body text after it.
    let words: Vec<&str> = rest.split_whitespace().take(7).collect();
    let caps = words.iter().take_while(|w| name_word(w)).count();
    if (3..words.len()).contains(&caps) && SENTENCE_STARTERS.contains(&words[caps - 1]) {
        let name = words[..caps - 1].join(" ");
        if name_like(&name, 2, 5) {
            return Byline::InBody(name);
        }
    }
    Byline::None
}

// ---------------------------------------------------------------------------------------------
// Dates.

/// (year, month, day), validated.
type Date = (u32, u32, u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Digits,
    Letters,
}

/// A run of ASCII digits or of letters, by byte offsets into the text.
#[derive(Clone, Copy)]
struct Tok<'a> {
    s: &'a str,
    start: usize,
    end: usize,
    kind: Kind,
}

/// Runs of ASCII digits and runs of letters, in order (everything else separates them).
fn tokenize(text: &str) -> Vec<Tok<'_>> {
    if text.is_ascii() {
        tokenize_ascii(text)
    } else {
        tokenize_chars(text)
    }
}

/// [`tokenize`] character by character.
fn tokenize_chars(text: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut cur: Option<(usize, Kind)> = None;
    let kind_of = |c: char| {
        if c.is_ascii_digit() {
            Some(Kind::Digits)
        } else if c.is_alphabetic() {
            Some(Kind::Letters)
        } else {
            None
        }
    };
    for (i, c) in text.char_indices() {
        let k = kind_of(c);
        match cur {
            Some((_, ck)) if Some(ck) == k => {}
            Some((s, ck)) => {
                toks.push(Tok {
                    s: &text[s..i],
                    start: s,
                    end: i,
                    kind: ck,
                });
                cur = k.map(|k| (i, k));
            }
            None => cur = k.map(|k| (i, k)),
        }
    }
    if let Some((s, k)) = cur {
        toks.push(Tok {
            s: &text[s..],
            start: s,
            end: text.len(),
            kind: k,
        });
    }
    toks
}

/// [`tokenize`] on ASCII text, byte by byte (an ASCII letter is the only ASCII alphabetic).
fn tokenize_ascii(text: &str) -> Vec<Tok<'_>> {
    let kind_of = |b: u8| {
        if b.is_ascii_digit() {
            Some(Kind::Digits)
        } else if b.is_ascii_alphabetic() {
            Some(Kind::Letters)
        } else {
            None
        }
    };
    let mut toks = Vec::with_capacity(text.len() / 4);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let Some(kind) = kind_of(bytes[i]) else {
            i += 1;
            continue;
        };
        let start = i;
        while i < bytes.len() && kind_of(bytes[i]) == Some(kind) {
            i += 1;
        }
        toks.push(Tok {
            s: &text[start..i],
            start,
            end: i,
            kind,
        });
    }
    toks
}

fn month_of(word: &str) -> Option<u32> {
    // Every name is 3 to 9 ASCII letters: most words are answered by their length and first
    // letter, and none is lower-cased into a new string.
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    let first = word.as_bytes()[0].to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|names| {
            names
                .iter()
                .any(|n| n.as_bytes()[0] == first && n.eq_ignore_ascii_case(word))
        })
        .and_then(|m| u32::try_from(m + 1).ok())
}

fn is_weekday(word: &str) -> bool {
    word.len() <= 9 && WEEKDAYS.contains(&word.to_ascii_lowercase().as_str())
}

fn is_ordinal(word: &str) -> bool {
    ["st", "nd", "rd", "th"]
        .iter()
        .any(|o| o.eq_ignore_ascii_case(word))
}

fn valid_date(y: u32, m: u32, d: u32) -> Option<Date> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    ((1900..=2100).contains(&y) && (1..=days).contains(&d)).then_some((y, m, d))
}

/// A date starting at token `j`: the date and the position just past its last token.
fn date_at(text: &str, t: &[Tok], j: usize) -> Option<(Date, usize)> {
    let tok = |k: usize| t.get(k).copied();
    let sep = |k: usize| -> &str {
        match (t.get(k), t.get(k + 1)) {
            (Some(a), Some(b)) => &text[a.end..b.start],
            _ => "",
        }
    };
    let digits = |k: usize, lens: std::ops::RangeInclusive<usize>| -> Option<u32> {
        let tk = tok(k)?;
        (tk.kind == Kind::Digits && lens.contains(&tk.s.len()))
            .then(|| tk.s.parse().ok())
            .flatten()
    };
    let word_sep = |s: &str| {
        !s.is_empty()
            && s.chars().count() <= 3
            && s.chars()
                .all(|c| matches!(c, ' ' | ',' | '.' | '-' | '\u{a0}'))
    };
    // Skip an ordinal suffix glued to the day ("27th") and give the day's last token.
    let after_day = |k: usize| -> usize {
        match tok(k + 1) {
            Some(s) if s.kind == Kind::Letters && is_ordinal(s.s) && sep(k).is_empty() => k + 1,
            _ => k,
        }
    };
    let first = tok(j)?;
    match first.kind {
        Kind::Letters => {
            // "Mar 27, 2022", "March 27th, 2022"
            let m = month_of(first.s)?;
            let d = digits(j + 1, 1..=2)?;
            let dl = after_day(j + 1);
            let y = digits(dl + 1, 4..=4)?;
            (word_sep(sep(j)) && word_sep(sep(dl)))
                .then(|| valid_date(y, m, d))
                .flatten()
                .map(|date| (date, dl + 2))
        }
        Kind::Digits if first.s.len() == 4 => {
            // "2022-03-27", "2022/03/27"
            let y = digits(j, 4..=4)?;
            let m = digits(j + 1, 1..=2)?;
            let d = digits(j + 2, 1..=2)?;
            let s = sep(j);
            ((s == "-" || s == "/") && sep(j + 1) == s)
                .then(|| valid_date(y, m, d))
                .flatten()
                .map(|date| (date, j + 3))
        }
        Kind::Digits => {
            let d = digits(j, 1..=2)?;
            if sep(j) == "." {
                // "27.03.2022"
                let m = digits(j + 1, 1..=2)?;
                let y = digits(j + 2, 4..=4)?;
                return (sep(j + 1) == ".")
                    .then(|| valid_date(y, m, d))
                    .flatten()
                    .map(|date| (date, j + 3));
            }
            // "27 March 2022", "27th Mar, 2022"
            let dl = after_day(j);
            let mt = tok(dl + 1)?;
            if mt.kind != Kind::Letters {
                return None;
            }
            let m = month_of(mt.s)?;
            let y = digits(dl + 2, 4..=4)?;
            (word_sep(sep(dl)) && word_sep(sep(dl + 1)))
                .then(|| valid_date(y, m, d))
                .flatten()
                .map(|date| (date, dl + 3))
        }
    }
}

/// The first date written anywhere in `text`.
fn find_date(text: &str) -> Option<Date> {
    // Every date has a year of exactly four digits, at most three tokens after its first:
    // text without such a run of digits has no date, and only the tokens just before a year
    // can start one.
    if !has_year_digits(text) {
        return None;
    }
    let t = tokenize(text);
    let year = |k: usize| {
        t.get(k)
            .is_some_and(|y| y.kind == Kind::Digits && y.s.len() == 4)
    };
    (0..t.len())
        .filter(|&j| (j..=j + 3).any(year))
        .find_map(|j| date_at(text, &t, j).map(|(d, _)| d))
}

/// Whether `text` has a run of exactly four ASCII digits (a year's place).
fn has_year_digits(text: &str) -> bool {
    // 64 bytes at a time: a block without a digit (the compiler turns the count into vector
    // compares) only ends the run it follows; a block with one is read byte by byte.
    let mut run = 0;
    for block in text.as_bytes().chunks(64) {
        let digits: u32 = block.iter().map(|b| u32::from(b.is_ascii_digit())).sum();
        if digits == 0 {
            if run == 4 {
                return true;
            }
            run = 0;
            continue;
        }
        for &b in block {
            if b.is_ascii_digit() {
                run += 1;
            } else {
                if run == 4 {
                    return true;
                }
                run = 0;
            }
        }
    }
    run == 4
}

/// A date at the start of `t[from..]`, allowing a weekday before it ("Sunday, 27 March 2022").
fn leading_date(text: &str, t: &[Tok], from: usize) -> Option<(Date, usize)> {
    date_at(text, t, from).or_else(|| {
        let w = t.get(from)?;
        (w.kind == Kind::Letters && is_weekday(w.s))
            .then(|| date_at(text, t, from + 1))
            .flatten()
    })
}

/// The date of a date line: a short paragraph that starts with a date, perhaps followed by a
/// time, zone or "– 4 hours ago – 1 minute read", but not by a sentence.
fn date_line(text: &str) -> Option<Date> {
    // Every date has a four-digit year (see `find_date`).
    if text.len() > 200 || !has_year_digits(text) {
        return None;
    }
    let t = tokenize(text);
    let first = t.first()?;
    if text[..first.start].chars().any(char::is_alphanumeric) {
        return None;
    }
    let (date, end) = leading_date(text, &t, 0)?;
    let rest = t.get(end - 1).map_or("", |last| &text[last.end..]);
    (words_at_most(rest, 12) && !rest.trim_end().ends_with(['.', '!', '?'])).then_some(date)
}

enum Label {
    /// A date on the label's line; and whether the line is only label and date.
    Dated(Date, bool),
    /// A label alone ("Publishing date:"): the date may be on the next line.
    Bare,
}

/// A date label at the start of `text`, and whether it labels publication (not an update).
fn date_label(text: &str) -> Option<(Label, bool)> {
    let labels = PUBLISH_LABELS
        .iter()
        .map(|l| (l, true))
        .chain(UPDATE_LABELS.iter().map(|l| (l, false)));
    for (label, publish) in labels {
        let Some(rest) = strip_label(text, label) else {
            continue;
        };
        let colon = rest.trim_start().starts_with(':');
        if *label == "date" && !colon {
            continue;
        }
        let body = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | ',')
        });
        if body.is_empty() {
            return Some((Label::Bare, publish));
        }
        let t = tokenize(body);
        // Allow "on", "at" or a weekday before the date.
        let from = usize::from(
            t.first()
                .is_some_and(|w| w.s.eq_ignore_ascii_case("on") || w.s.eq_ignore_ascii_case("at")),
        );
        if let Some((date, _)) = leading_date(body, &t, from) {
            return Some((Label::Dated(date, words_at_most(text, 20)), publish));
        }
        return None;
    }
    None
}

/// The first paragraph when it is a short headline (`Ceasefire collapses`): two or three
/// words starting with a capital, no sentence end, not a chrome phrase, a date or an outlet's
/// name, followed by a body paragraph. The segmenter calls any line of three words or fewer
/// chrome; at the top of a story such a line is its title.
pub fn short_headline(paragraphs: &[Paragraph]) -> Option<usize> {
    let i = paragraphs.iter().position(|p| !p.text.trim().is_empty())?;
    let p = &paragraphs[i];
    let t = p.text.trim();
    let next = paragraphs[i + 1..]
        .iter()
        .find(|q| !q.text.trim().is_empty())?;
    let shape = (2..=3).contains(&p.words)
        && t.chars().next().is_some_and(char::is_uppercase)
        && !t.ends_with(['.', '!', '?', ':', ';', ','])
        && t.chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || "'’-–".contains(c));
    (shape
        && p.role == crate::Role::Chrome
        && next.role == crate::Role::Body
        && !super::segment::chrome_phrase(t)
        && find_date(t).is_none()
        && outlet_line(t).is_none()
        && !t.to_lowercase().starts_with("by "))
    .then_some(i)
}

/// Earliest year taken as a publication date: anything older is a placeholder or a misread
/// number (`0001-01-01`, `1970-01-01`, a year from the text).
pub const MIN_PUBLICATION_YEAR: u32 = 1990;

/// A publication date (`YYYY-MM-DD`) when it is possible: a real calendar day from
/// [`MIN_PUBLICATION_YEAR`] on and not after `latest` (today plus a day: a page dated in its
/// own time zone may be a day ahead of UTC). `None` for placeholders and impossible values.
pub fn plausible_date(date: &str, latest: (u32, u32, u32)) -> Option<String> {
    let b = date.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = date.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let d = valid_date(num(0..4)?, num(5..7)?, num(8..10)?)?;
    (d.0 >= MIN_PUBLICATION_YEAR && d <= latest).then(|| date.to_string())
}

/// The date a format's field states, as the page's own calendar day (`YYYY-MM-DD`): an ISO
/// date or date-time is read as written, its time zone kept (`2024-03-05T23:30:00-05:00` is
/// the 5th, not the 6th in UTC); other forms (`Tue, 05 Mar 2024 23:30:00 -0500`, `March 5,
/// 2024`) by the text's date reader. Placeholders and impossible dates
/// ([`plausible_date`], against today's date) give `None`.
pub fn field_date(s: &str) -> Option<String> {
    let iso = super::formats::iso_date(s)
        .or_else(|| find_date(s).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")))?;
    plausible_date(&iso, latest_date())
}

/// Today's date (UTC) plus one day: the latest plausible publication date.
pub fn latest_date() -> (u32, u32, u32) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days((secs / 86_400) as i64 + 1);
    (y as u32, m, d)
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod date_field_tests {
    use super::*;

    #[test]
    fn days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_787), (2024, 3, 5));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn placeholders_and_impossible_dates_are_refused() {
        let latest = (2026, 12, 3);
        assert_eq!(
            plausible_date("2024-03-05", latest).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            plausible_date("2026-12-03", latest).as_deref(),
            Some("2026-12-03")
        );
        for bad in [
            "0001-01-01",
            "1970-01-01",
            "1989-12-31",
            "2026-12-04",
            "2999-01-01",
            "2024-02-30",
            "2024-13-01",
            "2024-3-5",
        ] {
            assert_eq!(plausible_date(bad, latest), None, "{bad}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::article::Role;

    /// Paragraphs from lines with the given roles, offsets as if separated by blank lines.
    fn with_roles(lines: &[(Role, &str)]) -> Vec<Paragraph> {
        let mut start = 0;
        lines
            .iter()
            .enumerate()
            .map(|(index, &(role, text))| {
                let p = Paragraph {
                    index,
                    start,
                    end: start + text.len(),
                    text: text.to_string(),
                    words: text.split_whitespace().count(),
                    tokens: Vec::new(),
                    role,
                };
                start = p.end + 2;
                p
            })
            .collect()
    }

    /// Paragraphs with roles as the segmenter sets them: lines of at most three words are
    /// chrome, exact repeats are repeated, the rest body.
    fn auto(lines: &[&str]) -> Vec<Paragraph> {
        let with: Vec<(Role, &str)> = lines
            .iter()
            .enumerate()
            .map(|(i, &l)| {
                let role = if lines[..i].contains(&l) {
                    Role::Repeated
                } else if l.split_whitespace().count() <= 3 {
                    Role::Chrome
                } else {
                    Role::Body
                };
                (role, l)
            })
            .collect();
        with_roles(&with)
    }

    /// The texts of the metadata lines.
    fn meta_texts<'a>(ps: &'a [Paragraph], idx: &[usize]) -> Vec<&'a str> {
        idx.iter().map(|&i| ps[i].text.as_str()).collect()
    }

    const DW_TITLE: &str = "Nagorno-Karabakh: Russia says Azeri troops entered peacekeeping zone";
    const DW_LEAD: &str = "Moscow says soldiers from Azerbaijan have violated a peace deal with Armenia over the breakaway region of Nagorno-Karabakh. The two sides fought a two-month war over the former Soviet territory in late 2020.";
    const REUTERS_BODY: &str = "“The information about the withdrawal of units of the Azerbaijani Army from those positions does not reflect the truth. Our army is in full control of the operational situation,” Azerbaijan’s defense ministry said in a statement. (Reporting by Reuters; editing by Guy Faulconbridge, William Maclean)";

    #[test]
    fn article_004_deutsche_welle() {
        let ps = auto(&[
            DW_TITLE,
            "Deutsche Welle, Germany",
            DW_LEAD,
            "Russian peacekeepers set up positions in Nagorno-Karabakh as part of the 2020 cease-fire deal",
            "Russia on Saturday claimed that soldiers from Azerbaijan have entered a zone that is the responsibility of Moscow's peacekeepers in the disputed region of Nagorno-Karabakh.",
            "The Armenian government has warned of a possible \"humanitarian catastrophe\" in Karabakh after gas supplies to the disputed region were cut off following repair work.",
            "mm/wd (AFP, Reuters)",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.title, DW_TITLE);
        assert_eq!(meta.source.as_deref(), Some("Deutsche Welle"));
        // The outlet line at the top is the publisher, not a credit.
        assert_eq!(meta.credits, ["AFP", "Reuters"]);
        let at: Vec<(usize, CreditKind)> = meta
            .credit_items
            .iter()
            .map(|c| (c.paragraph, c.kind))
            .collect();
        assert_eq!(at, [(6, CreditKind::SignOff), (6, CreditKind::SignOff)]);
        assert_eq!(meta.credit_items[0].text, "mm/wd (AFP, Reuters)");
        assert_eq!(meta.byline, None);
        assert_eq!(meta.date, None);
        assert_eq!(lines, [1, 6]);
    }

    #[test]
    fn article_002_forum_thread() {
        let ps = auto(&[
            "What's new",
            DW_TITLE,
            "Abdul Rehman Majeed",
            "Dec 25, 2019",
            DW_TITLE,
            DW_LEAD,
            "The Armenian government has warned of a possible \"humanitarian catastrophe\" in Karabakh after gas supplies to the disputed region were cut off following repair work.",
            "mm/wd (AFP, Reuters)",
            "Russia and Azerbaijan trade barbs over Nagorno-Karabakh",
            "Author of the article:",
            "Publishing date:",
            "Mar 27, 2022 • 4 hours ago • 1 minute read • Join the conversation",
            "Russia and Azerbaijan on Sunday traded barbs over the movement of Azeri forces in Nagorno-Karabakh where a simmering dispute between Armenia and Azerbaijan flared into a six-week war in 2020.",
            REUTERS_BODY,
            "Last edited:",
            "Abdul Rehman Majeed",
            "Dec 25, 2019",
            "New chapter in Azerbaijan’s history of victories",
            "27 March 2022 19:16 (UTC+04:00)",
            "By Vafa Ismayilova",
            "The liberation of Azerbaijan's Farrukh village from illegal Armenian armed groups is another manifestation of President Ilham Aliyev's statement that we know better when and what to do.",
            "Users Who Are Viewing This Thread (Total: 1, Members: 0, Guests: 1)",
            "Top Bottom",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.title, DW_TITLE);
        assert_eq!(meta.date.as_deref(), Some("2022-03-27"));
        assert_eq!(meta.byline.as_deref(), Some("Vafa Ismayilova"));
        assert_eq!(meta.credits, ["AFP", "Reuters"]);
        // A forum thread is never the agency it quotes: no publisher on the page.
        assert_eq!(meta.source, None);
        // The sign-off credits the reposted block it ends (paragraph 7), Reuters' credit
        // its own paragraph (13).
        let at: Vec<(&str, usize)> = meta
            .credit_items
            .iter()
            .map(|c| (c.name.as_str(), c.paragraph))
            .collect();
        assert_eq!(at, [("AFP", 7), ("Reuters", 7), ("Reuters", 13)]);
        assert_eq!(
            meta_texts(&ps, &lines),
            [
                "Dec 25, 2019",
                "mm/wd (AFP, Reuters)",
                "Author of the article:",
                "Publishing date:",
                "Mar 27, 2022 • 4 hours ago • 1 minute read • Join the conversation",
                "Last edited:",
                "Dec 25, 2019",
                "27 March 2022 19:16 (UTC+04:00)",
                "By Vafa Ismayilova",
            ]
        );
        // The body paragraph holding the Reuters credit is not a metadata line.
        assert!(!lines.contains(&13));
    }

    #[test]
    fn a_long_one_line_article_keeps_the_metadata_at_its_edges() {
        // A whole article scraped onto one line: byline and date at the head, sign-off and
        // credit at the tail, megabytes of body between them.
        let body =
            "The talks resumed in the capital on Monday after a week of delays. ".repeat(20_000);
        let line = format!(
            "By Jane Doe The talks went on. Published: 27 March 2022. {body}(Reporting by Reuters; Editing by Tom Smith) mm/wd (AFP, dpa)"
        );
        assert!(line.len() > 2 * EDGE);
        let ps = auto(&["Talks resume in the capital", &line]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.title, "Talks resume in the capital");
        assert_eq!(meta.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(meta.date.as_deref(), Some("2022-03-27"));
        for credit in ["Reuters", "AFP", "dpa"] {
            assert!(
                meta.credits.iter().any(|c| c == credit),
                "{credit}: {:?}",
                meta.credits
            );
        }
        assert!(
            lines.is_empty(),
            "body text is never a metadata line: {lines:?}"
        );
        // A date in the middle of the body is not the article's date.
        let middle = format!("Talks {body}on 3 May 2021 {body}end.");
        let (meta, _) = extract(&auto(&["Title here", &middle]));
        assert_eq!(meta.date, None);
    }

    #[test]
    fn unlabelled_forum_date_is_the_fallback() {
        let ps = auto(&[
            "What's new",
            DW_TITLE,
            "Abdul Rehman Majeed",
            "Dec 25, 2019",
            DW_LEAD,
        ]);
        let (meta, _) = extract(&ps);
        assert_eq!(meta.date.as_deref(), Some("2019-12-25"));
        // A poster's name is not a byline.
        assert_eq!(meta.byline, None);
    }

    #[test]
    fn article_000_title_prefix_outlet() {
        let title = "Asbarez: Moscow, Baku Disagree on Artsakh’s Parukh Situation";
        let ps = auto(&[
            title,
            "The village of Parukh in Artsakh's Askeran region",
            "Russia’s Foreign Minister Sergei Lavrov, who is visiting Yerevan, told reporters Thursday that stabilizing the situation in Nagorno-Karabakh is among the priorities of the Russian peacekeepers stationed in Artsakh since the 2020 war.",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.title, title);
        assert_eq!(meta.source.as_deref(), Some("Asbarez"));
        assert!(meta.credits.is_empty());
        assert!(lines.is_empty());
    }

    #[test]
    fn article_001_info3_note() {
        let title = "Russia Tells Azerbaijan To Withdraw Troops From Garabagh Village";
        let ps = auto(&[
            title,
            "Credits: archive",
            title,
            "Russia has accused Azerbaijan of violating a Russian-brokered ceasefire that stopped the 2020 war in Nagorno-Karabakh and called for the withdrawal of Azerbaijani forces from an area in eastern Karabakh occupied by them this week.",
            "Azerbaijan’s Defense Ministry claimed, for its part, that Armenian forces tried to launch a sabotage attack on one of its frontline positions but were pushed back. The Karabakh army denied that.",
            "* Stories are edited and translated by Info3 *",
            "Non info3 articles reflect solely the opinion of the author or original source and do not necessarily reflect the views of Info3",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.title, title);
        assert_eq!(meta.source.as_deref(), Some("Info3"));
        assert!(meta.credits.is_empty());
        assert_eq!(lines, [1, 5, 6]);
    }

    #[test]
    fn article_003_photo_credit_is_not_a_source() {
        let title = "Armenia refusing to take part in talks with Azerbaijan: Russia";
        let caption = "Kremlin spokesman Dmitry Peskov on Thursday said \"Russian peacekeepers are doing everything possible to ensure order and calm in the territories where they are deployed.\"";
        let ps = auto(&[
            title,
            "Russian Foreign Minister Sergey Lavrov stresses the need for strict compliance of the deal between Yerevan and Baku that Moscow helped negotiate to avert more conflict.",
            caption,
            "Reuters Archive",
            caption,
            "READ MORE: Türkiye urges Armenia to take confidence-building measures, sign peace deal",
            "Loading...",
            "Since December 12, Azerbaijani ecologists representing NGOs have been protesting what it calls as Armenia’s illegal exploitation of natural resources in the Karabakh region.",
            "Route 6",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.title, title);
        assert_eq!(meta.source, None);
        assert!(meta.credits.is_empty());
        assert_eq!(meta.date, None);
        assert!(lines.is_empty());
    }

    #[test]
    fn credit_inside_body_paragraph() {
        let ps = auto(&[
            "Azerbaijan denies troops pullout from peacekeepers' zone",
            REUTERS_BODY,
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.credits, ["Reuters"]);
        assert_eq!(meta.source, None, "a credit is not the publisher");
        assert!(lines.is_empty());
    }

    #[test]
    fn standalone_reporting_credit_is_a_metadata_line() {
        let ps = auto(&[
            DW_TITLE,
            DW_LEAD,
            "(Reporting by Nailia Bagirova in Baku and Reuters; Writing by Jake Cordell; Editing by Alex Richardson)",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.credits, ["Reuters"]);
        assert_eq!(lines, [2]);
    }

    #[test]
    fn sign_off_joined_to_body_and_three_agencies() {
        let ps = auto(&[
            DW_TITLE,
            "The Armenian government has warned of a possible catastrophe. es/rs (AFP, Reuters, dpa)",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.credits, ["AFP", "Reuters", "dpa"]);
        assert!(lines.is_empty());
    }

    #[test]
    fn wire_dateline_credit() {
        let ps = auto(&[
            DW_TITLE,
            "MOSCOW (AP) — Russia said on Saturday that Azerbaijani troops had entered the zone.",
        ]);
        let (meta, _) = extract(&ps);
        assert_eq!(meta.credits, ["AP"]);
        // An acronym in a sentence is not a credit.
        let ps = auto(&[
            DW_TITLE,
            "He told the British Broadcasting Corporation (BBC) that talks would go on.",
        ]);
        assert!(extract(&ps).0.credits.is_empty());
    }

    #[test]
    fn outlet_line_only_near_top_gives_source() {
        let mut lines = vec!["Asbarez: Moscow and Baku disagree on Parukh"];
        lines.extend(std::iter::repeat_n(DW_LEAD, 9));
        lines.push("Reuters, London");
        let ps = auto(&lines);
        let (meta, idx) = extract(&ps);
        // Too far down to be the outlet line, but still a credit.
        assert_eq!(meta.credits, ["Reuters"]);
        assert_eq!(meta.source.as_deref(), Some("Asbarez"));
        assert_eq!(idx, [10]);
        // Near the top it beats the title's prefix.
        let ps = auto(&["Asbarez: Moscow and Baku disagree on Parukh", "DW", DW_LEAD]);
        assert_eq!(extract(&ps).0.source.as_deref(), Some("Deutsche Welle"));
    }

    #[test]
    fn title_suffix_outlet() {
        let ps = auto(&["Azerbaijan denies troops pullout | Reuters", DW_LEAD]);
        assert_eq!(extract(&ps).0.source.as_deref(), Some("Reuters"));
        let ps = auto(&["Nagorno-Karabakh: Russia says troops entered zone", DW_LEAD]);
        assert_eq!(extract(&ps).0.source, None);
    }

    #[test]
    fn note_with_unknown_publisher_and_note_priority() {
        let ps = auto(&[
            DW_TITLE,
            DW_LEAD,
            "This article was first published by Caucasus Watch.",
            "mm/wd (AFP, Reuters)",
        ]);
        let (meta, lines) = extract(&ps);
        // A republication note names the original: a credit, not this page's publisher.
        assert_eq!(meta.source, None);
        assert_eq!(meta.credits, ["Caucasus Watch", "AFP", "Reuters"]);
        assert_eq!(meta.credit_items[0].kind, CreditKind::Mention);
        assert_eq!(lines, [2, 3]);
        // A note that the page edited or translated names its publisher.
        let ps = auto(&[
            DW_TITLE,
            DW_LEAD,
            "This article was edited by Caucasus Watch.",
        ]);
        assert_eq!(extract(&ps).0.source.as_deref(), Some("Caucasus Watch"));
        // Nor is a long paragraph that happens to start like one.
        let long = format!(
            "Articles {} were published by Reuters.",
            "about the war ".repeat(12)
        );
        let ps = auto(&[DW_TITLE, &long]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.source, None);
        assert!(lines.is_empty());
        // A sentence that mentions a publisher is not a note.
        let ps = auto(&[
            DW_TITLE,
            "The figures come from an article published by Reuters.",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.source, None);
        assert!(lines.is_empty());
    }

    #[test]
    fn note_joined_to_disclaimer() {
        let ps = auto(&[
            "Russia Tells Azerbaijan To Withdraw Troops From Garabagh Village",
            DW_LEAD,
            "* Stories are edited and translated by Info3 * Non info3 articles reflect solely the opinion of the author or original source and do not necessarily reflect the views of Info3",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.source.as_deref(), Some("Info3"));
        assert_eq!(lines, [2]);
    }

    #[test]
    fn author_label_with_name_on_next_line() {
        let ps = auto(&[
            DW_TITLE,
            "Author of the article:",
            "Vafa Ismayilova",
            DW_LEAD,
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.byline.as_deref(), Some("Vafa Ismayilova"));
        assert_eq!(lines, [1, 2]);
        let ps = auto(&[DW_TITLE, "Author of the article: Anna de la Cruz", DW_LEAD]);
        assert_eq!(extract(&ps).0.byline.as_deref(), Some("Anna de la Cruz"));
    }

    #[test]
    fn byline_variants() {
        let byline = |line: &str| {
            let ps = auto(&[DW_TITLE, line, DW_LEAD]);
            extract(&ps).0.byline
        };
        assert_eq!(
            byline("By John Smith, Reuters staff writer").as_deref(),
            Some("John Smith")
        );
        assert_eq!(byline("Written by Jane Doe").as_deref(), Some("Jane Doe"));
        assert_eq!(byline("Author: Smith").as_deref(), Some("Smith"));
        assert_eq!(
            byline("By Sunday, the troops had withdrawn from the village."),
            None
        );
        assert_eq!(
            byline("By Sunday Morning, troops had left the village."),
            None
        );
        assert_eq!(byline("by the way this is not a byline"), None);
        // Joined to the body text after it: the name is taken, the paragraph stays body.
        let ps = auto(&[
            DW_TITLE,
            "By Vafa Ismayilova The liberation of Azerbaijan's Farrukh village is another victory.",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.byline.as_deref(), Some("Vafa Ismayilova"));
        assert!(lines.is_empty());
        // "By AFP" credits an agency.
        let ps = auto(&[DW_TITLE, "By AFP", DW_LEAD]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.byline, None);
        assert_eq!(meta.credits, ["AFP"]);
        assert_eq!(lines, [1]);
    }

    #[test]
    fn date_formats() {
        let cases = [
            ("Mar 27, 2022", "2022-03-27"),
            ("March 27, 2022 10:00 GMT", "2022-03-27"),
            ("27 March 2022", "2022-03-27"),
            ("27 Mar 2022 19:16 (UTC+04:00)", "2022-03-27"),
            ("27th March, 2022", "2022-03-27"),
            ("2022-03-27T19:16:00Z", "2022-03-27"),
            ("27.03.2022 19:16", "2022-03-27"),
            ("Sunday, 27 March 2022", "2022-03-27"),
            ("29 February 2024", "2024-02-29"),
            ("Sept. 5, 2021", "2021-09-05"),
        ];
        for (line, iso) in cases {
            let ps = auto(&[DW_TITLE, line, DW_LEAD]);
            let (meta, lines) = extract(&ps);
            assert_eq!(meta.date.as_deref(), Some(iso), "{line}");
            assert_eq!(lines, [1], "{line}");
        }
    }

    #[test]
    fn impossible_dates_rejected() {
        for line in [
            "31 February 2022",
            "29 February 2023",
            "30 February 2024",
            "29 February 1900",
            "2022-13-01",
            "32.01.2022",
            "April 31, 2022",
            "0 May 2022",
            "27 March 1066",
        ] {
            let ps = auto(&[DW_TITLE, line]);
            let (meta, lines) = extract(&ps);
            assert_eq!(meta.date, None, "{line}");
            assert!(lines.is_empty(), "{line}");
        }
    }

    #[test]
    fn labelled_dates() {
        // A publication label beats an earlier unlabelled date and an update label.
        let ps = auto(&[
            DW_TITLE,
            "Dec 25, 2019",
            "Updated: 28 March 2022",
            "Published on Sunday, March 27, 2022",
            DW_LEAD,
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.date.as_deref(), Some("2022-03-27"));
        assert_eq!(lines, [1, 2, 3]);
        let ps = auto(&[DW_TITLE, "Dec 25, 2019", "Last updated 28.03.2022", DW_LEAD]);
        assert_eq!(extract(&ps).0.date.as_deref(), Some("2022-03-28"));
        // Label and date joined on one line, as in the forum thread.
        let ps = auto(&[
            DW_TITLE,
            "Dec 25, 2019",
            "Publishing date: Mar 27, 2022 • 4 hours ago • 1 minute read • Join the conversation",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.date.as_deref(), Some("2022-03-27"));
        assert_eq!(lines, [1, 2]);
        // Body text starting with "Published" is no label.
        let ps = auto(&[
            DW_TITLE,
            "Published in 1990, the report found no trace of it.",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.date, None);
        assert!(lines.is_empty());
    }

    #[test]
    fn date_sentence_is_not_a_date_line() {
        let ps = auto(&[
            DW_TITLE,
            "March 27, 2022 was the day the troops entered the zone.",
            "The deal was signed on 10 November 2020 in Moscow.",
        ]);
        let (meta, lines) = extract(&ps);
        // Still the first date stated near the top.
        assert_eq!(meta.date.as_deref(), Some("2022-03-27"));
        assert!(lines.is_empty());
        // A date only far down is not the article's date.
        let mut far = vec![DW_TITLE];
        far.extend(std::iter::repeat_n(DW_LEAD, 12));
        far.push("The deal was signed on 10 November 2020 in Moscow.");
        assert_eq!(extract(&auto(&far)).0.date, None);
    }

    #[test]
    fn empty_and_chrome_only() {
        assert_eq!(extract(&[]), (Meta::default(), Vec::new()));
        let ps = with_roles(&[
            (Role::Chrome, "What's new"),
            (Role::Chrome, "Loading..."),
            (Role::Chrome, "Top Bottom"),
            (Role::Chrome, ""),
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta, Meta::default());
        assert!(lines.is_empty());
    }

    #[test]
    fn title_skips_metadata_lines() {
        let ps = with_roles(&[
            (Role::Heading, "By Vafa Ismayilova"),
            (Role::Heading, "27 March 2022 19:16 (UTC+04:00)"),
            (
                Role::Heading,
                "New chapter in Azerbaijan’s history of victories",
            ),
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(
            meta.title,
            "New chapter in Azerbaijan’s history of victories"
        );
        assert_eq!(lines, [0, 1]);
    }

    #[test]
    fn non_ascii_text() {
        let ps = auto(&[
            "Hürriyet: İlham Əliyev Qarabağda çıxış etdi",
            "Автор: Иван Петров",
            "27 März 2022",
            "İlham Əliyev bildirib ki, 27 March 2022 tarixində danışıqlar başlayıb.",
            "Ἀθῆναι ΣΣΣ İİİ ﬃ 27 Μαρτίου 2022",
            "By Ölüm Şahin İşçi",
        ]);
        let (meta, lines) = extract(&ps);
        assert_eq!(meta.title, "Hürriyet: İlham Əliyev Qarabağda çıxış etdi");
        assert_eq!(meta.source.as_deref(), Some("Hurriyet"));
        assert_eq!(meta.date.as_deref(), Some("2022-03-27"));
        assert_eq!(meta.byline.as_deref(), Some("Ölüm Şahin İşçi"));
        assert_eq!(lines, [5]);
    }

    /// Pathological 200 KB lines are handled (no panic, right answers); their speed is a
    /// benchmark matter, not a test's.
    #[test]
    fn very_long_lines_are_handled() {
        let long = |unit: &str| unit.repeat(200_000 / unit.len());
        let inputs = [
            long("( x "),
            long("(Reporting by "),
            long("(Reporting by Reuters) "),
            long("Mar 27, "),
            long("12."),
            long("By Vafa "),
            long("é"),
            long("a/b (AFP, "),
            long("a/b (AFP) "),
            long("Author: "),
            long("Published "),
            format!("{}{}", "(".repeat(100_000), ".".repeat(100_000)),
        ];
        let lines: Vec<&str> = inputs.iter().map(String::as_str).collect();
        let (meta, _) = extract(&auto(&lines));
        assert_eq!(meta.title, bound_title(inputs[0].trim()));
        assert!(meta.title.chars().count() <= MAX_TITLE_CHARS);
        assert_eq!(meta.date, None);
        assert_eq!(meta.credits, ["Reuters", "AFP"]);
    }

    #[test]
    fn control_characters_do_not_panic() {
        let nasty = [
            "\u{0}\u{1}\u{7f}By\u{0} Vafa\u{1b}[0m Ismayilova",
            "Publishing date:\u{0}",
            "\u{feff}Mar 27, 2022\u{200b}",
            "mm/wd (\u{0})",
            "(",
            ")",
            ")(",
            "x/y ()",
            "Author of the article:",
        ];
        let (meta, _) = extract(&auto(&nasty));
        assert_eq!(meta.date.as_deref(), Some("2022-03-27"));
        // Every suffix of every line, cut at each char boundary, runs without a panic.
        for line in nasty {
            for (i, _) in line.char_indices() {
                let _ = extract(&auto(&[&line[i..], &line[..i]]));
            }
        }
    }

    #[test]
    fn titles_are_bounded_at_a_word_or_a_grapheme() {
        let short = "Nagorno-Karabakh: Russia says Azeri troops entered peacekeeping zone";
        assert_eq!(bound_title(short), short);
        let exact = "x".repeat(MAX_TITLE_CHARS);
        assert_eq!(bound_title(&exact), exact);
        let words = "word ".repeat(1000);
        let t = bound_title(&words);
        assert!(
            t.chars().count() <= MAX_TITLE_CHARS && t.ends_with("word…"),
            "{t}"
        );
        // No space: cut between graphemes (a flag is two characters, never split).
        let flags = "🇦🇲".repeat(500);
        let t = bound_title(&flags);
        assert!(
            t.chars().count() <= MAX_TITLE_CHARS && t.ends_with("🇦🇲…"),
            "{t}"
        );
        let para = Paragraph {
            index: 0,
            start: 0,
            end: words.len(),
            text: words.clone(),
            words: 1000,
            tokens: Vec::new(),
            role: crate::corpus::article::Role::Body,
        };
        assert!(extract(&[para]).0.title.chars().count() <= MAX_TITLE_CHARS);
    }

    #[test]
    fn mentions_and_links_credit_known_outlets_only() {
        let ps = auto(&[
            DW_TITLE,
            "Russia said on Saturday that troops had entered the zone, as reported by Deutsche Welle.",
            "The ministry said so, according to the ministry's spokesman and trivia fans.",
            "Read the original at https://www.reuters.com/world/europe/story-2022-03-27/ today.",
        ]);
        let meta = extract(&ps).0;
        let got: Vec<(&str, usize, CreditKind)> = meta
            .credit_items
            .iter()
            .map(|c| (c.name.as_str(), c.paragraph, c.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("Deutsche Welle", 1, CreditKind::Mention),
                ("Reuters", 3, CreditKind::Link)
            ]
        );
        assert_eq!(meta.source, None);
        assert_eq!(link_outlet("www.dw.com"), Some("Deutsche Welle"));
        assert_eq!(link_outlet("example.test"), None);
    }

    #[test]
    fn credit_quotes_are_short() {
        let long = format!("{} mm/wd (AFP, Reuters)", "word ".repeat(400));
        let q = credit_quote(&long, true);
        assert!(q.len() <= CREDIT_QUOTE + 4, "{q}");
        assert!(q.ends_with("mm/wd (AFP, Reuters)"));
        let q = credit_quote(&format!("MOSCOW (AP) — {}", "ü ".repeat(300)), false);
        assert!(
            q.starts_with("MOSCOW (AP)") && q.len() <= CREDIT_QUOTE + 4,
            "{q}"
        );
    }

    /// `mentions` as it was: each phrase searched for on its own in the lower-cased text.
    fn mentions_by_phrase(text: &str) -> Vec<(&'static str, CreditKind)> {
        let mut found = Vec::new();
        let lower = text.to_ascii_lowercase();
        for phrase in MENTION_PHRASES {
            let mut from = 0;
            while let Some(k) = lower[from..].find(phrase) {
                let at = from + k;
                from = at + phrase.len();
                if at > 0 && lower.as_bytes()[at - 1].is_ascii_alphanumeric() {
                    continue;
                }
                let words: Vec<&str> = text[from..].split_whitespace().take(4).collect();
                let hit = (1..=words.len()).rev().find_map(|n| {
                    let name = words[..n].join(" ");
                    outlet(name.trim_end_matches(|c: char| !c.is_alphanumeric()))
                });
                if let Some(o) = hit {
                    if !found.iter().any(|&(f, _)| f == o) {
                        found.push((o, CreditKind::Mention));
                    }
                }
            }
        }
        for scheme in LINK_SCHEMES {
            let mut from = 0;
            while let Some(k) = lower[from..].find(scheme) {
                let at = from + k + scheme.len();
                from = at;
                let host: String = lower[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                    .collect();
                if let Some(o) = link_outlet(&host) {
                    if !found.iter().any(|&(f, _)| f == o) {
                        found.push((o, CreditKind::Link));
                    }
                }
            }
        }
        found
    }

    proptest::proptest! {
        /// One pass over every phrase finds what a search per phrase found, in its order.
        #[test]
        fn mentions_in_one_pass_as_phrase_by_phrase(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "as reported by ", "As Reported By ", "reported by ", "via ", "VIA ", "trivia ",
                "according to ", "first published by ", "courtesy of ", "https://", "HTTP://",
                "www.dw.com/en ", "Reuters", "reuters.com", "the BBC", "Deutsche Welle", "AFP",
                "DW", "Al Jazeera", " ", ", ", ".", "é", "Ünï ", "x", "via", "http:/", "(", "1",
                "Originally published on ", "reprinted from ", "xhttps://",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(mentions(&text), mentions_by_phrase(&text));
        }
    }

    /// `find_date` as it was: a date tried at every token.
    fn find_date_at_every_token(text: &str) -> Option<Date> {
        let t = tokenize(text);
        (0..t.len()).find_map(|j| date_at(text, &t, j).map(|(d, _)| d))
    }

    proptest::proptest! {
        /// Tokenising ASCII text byte by byte gives the tokens of the general loop.
        #[test]
        fn ascii_tokens_as_char_tokens(text in "[a-zA-Z0-9 ,./:-]{0,40}") {
            let key = |t: &[Tok]| t.iter().map(|t| (t.s.to_string(), t.start, t.end, t.kind)).collect::<Vec<_>>();
            proptest::prop_assert_eq!(key(&tokenize_ascii(&text)), key(&tokenize_chars(&text)));
        }

        /// Trying only the tokens just before a four-digit year finds the same first date.
        #[test]
        fn find_date_near_years_as_at_every_token(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "27", "3", "03", "2022", "20222", "1999", "022", "March", "mar", "Sept", "May",
                "Sunday", "th", "st", " ", ", ", "-", "/", ".", "x", "é", "\u{a0}", "\u{662}\u{660}",
            ]), 0..16)
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(find_date(&text), find_date_at_every_token(&text));
        }
    }

    /// [`has_year_digits`] by definition: some run of digits is four long.
    fn has_year_digits_by_runs(text: &str) -> bool {
        text.as_bytes()
            .split(|b| !b.is_ascii_digit())
            .any(|run| run.len() == 4)
    }

    proptest::proptest! {
        /// Reading 64-byte blocks finds a run of exactly four digits where there is one,
        /// also across block edges (runs placed anywhere in up to 300 bytes).
        #[test]
        fn year_digits_by_blocks_as_by_runs(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "2022", "20222", "1", "12", "123", "a", " ", "é", "abcdefghijklmnopqrstuvwxyz 0123456789",
                "                                                               ",
            ]), 0..24)
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(has_year_digits(&text), has_year_digits_by_runs(&text));
        }
    }

    proptest::proptest! {
        /// Counting words on bytes (and by characters past the first non-ASCII byte) says
        /// what `split_whitespace` says.
        #[test]
        fn words_at_most_as_split_whitespace(
            s in "[ab \t\n\u{b}\u{c}\r\u{a0}\u{85}\u{2003}é]{0,30}|[ab \t\n]{0,200}[ é]{0,2}",
            max in 0usize..80,
        ) {
            proptest::prop_assert_eq!(words_at_most(&s, max), s.split_whitespace().nth(max).is_none());
            let n = s.split_whitespace().count();
            let counted = words_up_to(&s, max);
            proptest::prop_assert_eq!(counted > max, n > max);
            if n <= max {
                proptest::prop_assert_eq!(counted, n);
            }
        }
    }

    #[test]
    fn mentions_of_several_phrases_and_links_keep_their_order() {
        let text =
            "Via DW, as reported by Reuters and https://www.bbc.co.uk/news, courtesy of AFP.";
        assert_eq!(mentions(text), mentions_by_phrase(text));
        assert!(mentions(text).len() >= 3, "{:?}", mentions(text));
    }
}
