//! What a web page holds besides its article, removed before extraction ([`strip_chrome`]),
//! listing pages told from articles ([`listing_headlines`]), and the site's name cut from a
//! page title ([`title_without_site`]). Used by the HTML importer ([`super::formats::html`]).
//!
//! Removed before the extractor sees the page:
//! - figures (`<figure>` with what it holds; a figure that wraps an embedded post keeps the
//!   post and loses only its `<figcaption>`), `<figcaption>`s;
//! - elements whose class or id names a caption, a photo credit, a gallery or slideshow, a
//!   share-button row, a newsletter box, a tag list, related or most-read links, comments,
//!   an author bio, an advertisement or a cookie notice — when they are small next to the
//!   page (at most a third of its words, no paragraph over 80 words) and hold no embedded post,
//!   and only when all such elements together hold at most half the page's words;
//! - short blocks that are a photo counter ("Image 1 of 8", "Photo 3/12"), a credit line
//!   ("Photo: …, AP", "Photograph: …/Reuters", "Credit: …"), an advertisement label or a
//!   "Share this article", and "Read more: <link>" paragraphs.
//!
//! Embedded posts (`blockquote.twitter-tweet`, Instagram, Bluesky, Mastodon, TikTok,
//! Threads, any `<blockquote>`) are left in place and so kept as text.

use dom_query::{Document, NodeRef};

/// Class or id fragments naming page chrome (matched inside each class token and the id,
/// lower-cased).
const CHROME_NAMES: &[&str] = &[
    "caption",
    "credit",
    "gallery",
    "slideshow",
    "carousel",
    "lightbox",
    "author-bio",
    "authorbio",
    "author-info",
    "about-author",
    "author-box",
    "newsletter",
    "subscribe",
    "signup",
    "sign-up",
    "share",
    "sharing",
    "social",
    "tag-list",
    "taglist",
    "related",
    "most-read",
    "mostread",
    "most-popular",
    "comment",
    "advert",
    "ad-slot",
    "adslot",
    "cookie",
    "consent",
    "promo",
    "recirc",
    "read-more",
    "readmore",
];

/// Class or id tokens naming chrome only as a whole token (`tags`, not `hashtags-in-text`).
const CHROME_TOKENS: &[&str] = &[
    "tags",
    "tag",
    "bio",
    "ad",
    "ads",
    "pagination",
    "breadcrumbs",
];

/// Lines that start a photo credit.
const CREDIT_PREFIXES: &[&str] = &[
    "photo:",
    "photos:",
    "photograph:",
    "photographs:",
    "image:",
    "images:",
    "picture:",
    "pictures:",
    "credit:",
    "credits:",
    "image credit:",
    "photo credit:",
    "foto:",
    "fotos:",
    "source image:",
];

/// Words a photo counter starts with ("Image 1 of 8").
const COUNTER_WORDS: &[&str] = &[
    "image",
    "photo",
    "picture",
    "slide",
    "foto",
    "bild",
    "imagen",
    "gallery",
    "photograph",
];

/// Whole-block texts that are chrome.
const CHROME_TEXTS: &[&str] = &[
    "advertisement",
    "skip advertisement",
    "story continues below advertisement",
    "article continues below advertisement",
    "share this article",
    "share this story",
    "share",
    "sponsored",
];

/// Paragraph openings of an inline related link ("Read more: …").
const READ_MORE: &[&str] = &[
    "read more:",
    "read also:",
    "related:",
    "see also:",
    "more:",
    "also read:",
    "read next:",
    "watch:",
];

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn class_and_id(n: &NodeRef) -> String {
    let mut s = n.attr("class").map(|c| c.to_string()).unwrap_or_default();
    if let Some(id) = n.attr("id") {
        s.push(' ');
        s.push_str(&id);
    }
    s.to_ascii_lowercase()
}

fn names_chrome(ci: &str) -> bool {
    ci.split_ascii_whitespace()
        .any(|t| CHROME_TOKENS.contains(&t) || CHROME_NAMES.iter().any(|n| t.contains(n)))
}

/// An embedded post: a blockquote (tweet, Instagram, Bluesky, Mastodon, TikTok, a pull quote).
fn holds_post(n: &NodeRef) -> bool {
    n.is("blockquote") || n.descendants_it().any(|d| d.is("blockquote"))
}

/// A photo counter: "Image 1 of 8", "Photo 3/12", "1 of 8" (then anything, e.g. a caption).
fn is_counter(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let mut w = lower.split_whitespace();
    let Some(mut first) = w.next() else {
        return false;
    };
    if COUNTER_WORDS.contains(&first) {
        match w.next() {
            Some(x) => first = x,
            None => return false,
        }
    }
    let num = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let trim = |s: &'_ str| -> String {
        s.trim_end_matches([':', '.', ',', ')'])
            .trim_start_matches('(')
            .to_string()
    };
    let first = trim(first);
    if let Some((a, b)) = first.split_once('/') {
        return num(a) && num(b);
    }
    num(&first) && w.next() == Some("of") && w.next().is_some_and(|n| num(&trim(n)))
}

fn is_credit(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    CREDIT_PREFIXES.iter().any(|p| lower.starts_with(p))
}

/// Class or id fragments for which the extractor drops an element as unlikely to be content
/// (Readability's list, in part): an embedded post inside such a wrapper would be lost.
const UNLIKELY_NAMES: &[&str] = &[
    "social",
    "share",
    "embed",
    "community",
    "comment",
    "remark",
    "replies",
    "sidebar",
    "sponsor",
    "extra",
    "related",
    "banner",
    "popup",
    "widget",
];

/// Keep embedded posts: the class and id of a post and of the wrappers around it that name
/// chrome are dropped, so neither this module nor the extractor removes the post with them.
fn shield_posts(doc: &Document) {
    for q in doc.select("body blockquote").nodes() {
        let mut n = Some(*q);
        while let Some(e) = n {
            if e.is("body") {
                break;
            }
            let ci = class_and_id(&e);
            if names_chrome(&ci) || UNLIKELY_NAMES.iter().any(|u| ci.contains(u)) {
                e.remove_attrs(&["class", "id"]);
            }
            n = e.parent();
        }
    }
}

/// Remove figures, captions, credits and other chrome from a parsed page (see the module doc).
pub fn strip_chrome(doc: &Document) {
    let total = words(&doc.select("body").text()).max(1);
    shield_posts(doc);
    // Figures: the whole figure, or only its caption when it holds an embedded post.
    for f in doc.select("figure").nodes().iter().rev() {
        if holds_post(f) {
            for c in f.descendants() {
                if c.is("figcaption") {
                    c.remove_from_parent();
                }
            }
        } else {
            f.remove_from_parent();
        }
    }
    doc.select("figcaption").remove();
    // Elements named as chrome, when small next to the page and holding no post.
    let named: Vec<NodeRef> = doc
        .select("body [class], body [id]")
        .nodes()
        .iter()
        .filter(|n| !n.is("body") && !n.is("html") && !n.is("main") && !n.is("article"))
        .filter(|n| names_chrome(&class_and_id(n)))
        .copied()
        .collect();
    // Chosen outermost first (document order); all or none: when they would take more than
    // half the page's words, the names are not chrome here (a site that wraps every
    // paragraph in a `share-row`) and nothing is removed.
    let mut chosen: Vec<NodeRef> = Vec::new();
    let mut ids = std::collections::HashSet::new();
    let mut chosen_words = 0;
    for n in named {
        if n.ancestors_it(None).any(|a| ids.contains(&a.id)) {
            continue;
        }
        let w = words(&n.text());
        let long_para = n
            .descendants_it()
            .any(|d| d.is("p") && words(&d.text()) > 80);
        if w * 3 <= total && !long_para && !holds_post(&n) {
            ids.insert(n.id);
            chosen_words += w;
            chosen.push(n);
        }
    }
    if chosen_words * 2 <= total {
        for n in chosen {
            n.remove_from_parent();
        }
    }
    // Short blocks: counters, credits, labels, "Read more:" links.
    let blocks: Vec<NodeRef> = doc
        .select("body p, body div, body span, body li, body small, body em, body h4, body h5, body h6, body dd, body td")
        .nodes()
        .to_vec();
    for b in blocks {
        if b.parent().is_none() || holds_post(&b) {
            continue;
        }
        let t = b.text();
        let n = words(&t);
        if n == 0 || n > 60 {
            continue;
        }
        let lower = t.trim().to_lowercase();
        let chrome = is_counter(&t)
            || (n <= 30 && is_credit(&t))
            || CHROME_TEXTS.contains(&lower.as_str())
            || (READ_MORE.iter().any(|p| lower.starts_with(p)) && mostly_links(&b, &t));
        if chrome {
            b.remove_from_parent();
        }
    }
}

/// At least half of the block's words are link text.
fn mostly_links(b: &NodeRef, text: &str) -> bool {
    let linked: usize = b
        .descendants_it()
        .filter(|d| d.is("a"))
        .map(|a| words(&a.text()))
        .sum();
    linked * 2 >= words(text)
}

/// The number of linked headlines (`<h1>`–`<h4>` whose text is mostly a link) in extracted
/// article HTML: a home or section page of teasers has many, an article has few.
pub fn listing_headlines(content_html: &str) -> usize {
    let doc = Document::from(content_html);
    doc.select("h1, h2, h3, h4")
        .nodes()
        .iter()
        .filter(|h| {
            let t = h.text();
            words(&t) > 0 && mostly_links(h, &t)
        })
        .count()
}

/// The separators a site's name follows in a page title.
const TITLE_SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " « ", " » ", " / ",
];

/// A page title without the site's name: `Ceasefire collapses | TheHill` → `Ceasefire
/// collapses` when `site` (og:site_name, or the publisher) is `TheHill`, or when the part
/// after the last separator is short (at most four words) and the part before is at least as
/// long — a two-word headline is kept whole, never cut to nothing. A prefix naming the site
/// (`BBC News - Talks resume`) is cut the same way when it equals `site`.
pub fn title_without_site(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    let norm = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    let site_n = site.map(norm).filter(|s| !s.is_empty());
    let is_site = |s: &str| {
        let n = norm(s);
        !n.is_empty()
            && site_n
                .as_deref()
                .is_some_and(|site| n == site || site.starts_with(&n) || n.starts_with(site))
    };
    // The separator nearest the end, then nearest the start.
    let last = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.rfind(sep).map(|i| (i, sep.len())))
        .max_by_key(|&(i, _)| i);
    if let Some((i, len)) = last {
        let (head, tail) = (title[..i].trim(), title[i + len..].trim());
        if !head.is_empty()
            && (is_site(tail)
                || (site_n.is_none()
                    && words(tail) <= 4
                    && words(head) >= words(tail)
                    && words(head) >= 2))
        {
            return head.to_string();
        }
    }
    let first = TITLE_SEPARATORS
        .iter()
        .filter_map(|sep| title.find(sep).map(|i| (i, sep.len())))
        .min_by_key(|&(i, _)| i);
    if let Some((i, len)) = first {
        let (head, tail) = (title[..i].trim(), title[i + len..].trim());
        if !tail.is_empty() && is_site(head) {
            return tail.to_string();
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_credits() {
        for t in [
            "Image 1 of 8",
            "Photo 3/12",
            "1 of 8",
            "Image 2 of 9: People wait.",
            "slide 4 of 10",
        ] {
            assert!(is_counter(t), "{t}");
        }
        for t in [
            "In 1 of 8 cases the court agreed",
            "Image of the day",
            "Photo: Jan Novak, AP",
        ] {
            assert!(!is_counter(t), "{t}");
        }
        assert!(is_credit("Photo: Jan Novak, AP"));
        assert!(!is_credit("The photo was taken by Jan Novak."));
    }

    #[test]
    fn site_suffixes() {
        assert_eq!(
            title_without_site("Ceasefire collapses | TheHill", Some("TheHill")),
            "Ceasefire collapses"
        );
        assert_eq!(
            title_without_site("Talks resume - BBC News", Some("BBC News")),
            "Talks resume"
        );
        assert_eq!(
            title_without_site("BBC News - Talks resume", Some("BBC News")),
            "Talks resume"
        );
        assert_eq!(
            title_without_site("Ceasefire collapses", Some("TheHill")),
            "Ceasefire collapses"
        );
        assert_eq!(
            title_without_site("Strike ends - Talks go on", Some("TheHill")),
            "Strike ends - Talks go on"
        );
        assert_eq!(
            title_without_site("Markets rally after the vote | Capital Report", None),
            "Markets rally after the vote"
        );
    }
}
