//! Real-shaped HTML news pages with their expected body, for the extraction benchmark
//! (`cargo run -p parallax-core --example extract_bench`) and the page tests.
//!
//! [`pages`]`(seed, n)` writes `n` pages from eight site layouts (a WordPress-style blog, a
//! newspaper `<article>`, a broadcaster's `story-body`, an agency wire page, a magazine with
//! a hero figure, a table-based old site, a live/AMP-like page, a regional paper with
//! `itemprop=articleBody`), each page drawing its own mix of chrome: navigation, figures with
//! captions and photo credits ("Photo: …, AP"), galleries ("Image 1 of 8" under each slide,
//! often with the same caption repeated), related-article lists, author bios, share-button
//! rows, newsletter boxes, tag lists, comment notices, "Advertisement" labels, cookie banners
//! and footers. Some pages embed tweets (`blockquote.twitter-tweet`) or quoted posts
//! (Instagram, Bluesky, Mastodon, a plain pull-quote), whose text belongs to the body. About
//! one page in nine is a listing page (a home or section page of teasers), which is not an
//! article at all. The text comes from [`crate::article`] (one story per page), the headlines
//! are sometimes two or three words; the `<title>` carries a site suffix in one of several
//! styles; dates are late-evening times with their time zone, and some pages declare a
//! placeholder date as well.
//!
//! The expected body of an article page is its paragraphs (and subheadings, and the text of
//! embedded posts) in order, one per line; nothing of the chrome. Deterministic for a seed.

use crate::Rng;

/// What a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Article,
    /// A home or section page of teasers: not one article.
    Listing,
}

/// One generated page and what an extractor should get from it.
#[derive(Debug, Clone)]
pub struct Page {
    /// A file name (`017_broadcaster.html`).
    pub name: String,
    pub html: String,
    pub kind: Kind,
    /// The body paragraphs, in order (empty for a listing page).
    pub body: Vec<String>,
    /// The headline (without the site's name).
    pub title: String,
    /// The publication date as the page's own calendar day (`YYYY-MM-DD`).
    pub date: Option<String>,
    pub site: String,
}

const LAYOUTS: &[&str] = &[
    "blog",
    "newspaper",
    "broadcaster",
    "wire",
    "magazine",
    "oldsite",
    "live",
    "regional",
];

const SITES: &[&str] = &[
    "TheHill",
    "BBC News",
    "The Daily Courier",
    "Riverside Gazette",
    "Northern Echo Online",
    "Global Wire",
    "Metro Ledger",
    "The Evening Standard Post",
    "Coastline Times",
    "Capital Report",
];

const SHORT_HEADLINES: &[&str] = &[
    "Ceasefire collapses",
    "Markets rally",
    "Strike ends",
    "Talks stall again",
    "Floods recede",
    "Minister resigns",
    "Vote delayed",
    "Bridge reopens",
];

const FIRST: &[&str] = &[
    "Maria", "John", "Aisha", "Pedro", "Yuki", "Olga", "Samuel", "Fatima", "Lars", "Chen",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Haddad",
    "Kowalski",
    "Tanaka",
    "Brennan",
    "Silva",
    "Novak",
    "Petrov",
];
const AGENCIES: &[&str] = &["AP", "Reuters", "AFP", "Getty Images", "EPA", "Bloomberg"];
const PLACES: &[&str] = &[
    "the harbour",
    "the city hall",
    "a polling station",
    "the border crossing",
    "the parliament building",
    "a hospital ward",
    "the main square",
    "the river bank",
];
const SCENES: &[&str] = &[
    "Residents gather outside",
    "Police officers stand guard near",
    "Volunteers hand out water at",
    "Protesters march past",
    "Workers clear debris from",
    "Officials speak to reporters at",
];
const TOPICS: &[&str] = &[
    "Politics",
    "Economy",
    "World",
    "Climate",
    "Health",
    "Elections",
    "Energy",
    "Transport",
];
const TEASER_WORDS: &[&str] = &[
    "council", "budget", "report", "election", "storm", "court", "plan", "talks", "rally",
    "prices", "school", "strike", "deal", "review", "river", "airport",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn name(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST), r.pick(LAST))
}

fn caption(r: &mut Rng) -> String {
    format!(
        "{} {} on {}.",
        r.pick(SCENES),
        r.pick(PLACES),
        r.pick(&["Monday", "Tuesday", "Friday", "Sunday", "Saturday"])
    )
}

fn credit(r: &mut Rng) -> String {
    let n = name(r);
    match r.below(4) {
        0 => format!("Photo: {n}, {}", r.pick(AGENCIES)),
        1 => format!("Photograph: {n}/{}", r.pick(AGENCIES)),
        2 => format!("Image: {}", r.pick(AGENCIES)),
        _ => format!("{n} / {}", r.pick(AGENCIES)),
    }
}

fn headline_words(r: &mut Rng, n: usize) -> String {
    let mut w: Vec<String> = (0..n).map(|_| r.pick(TEASER_WORDS).to_string()).collect();
    if let Some(f) = w.first_mut() {
        let mut c = f.chars();
        if let Some(h) = c.next() {
            *f = h.to_uppercase().collect::<String>() + c.as_str();
        }
    }
    w.join(" ")
}

fn figure(r: &mut Rng) -> String {
    let cap = caption(r);
    let cr = credit(r);
    match r.below(5) {
        0 => format!(
            "<figure class=\"wp-block-image\"><img src=\"/img/{}.jpg\" alt=\"\"><figcaption>{} {}</figcaption></figure>\n",
            r.below(9999),
            esc(&cap),
            esc(&cr)
        ),
        1 => format!(
            "<figure><picture><img src=\"/p/{}.webp\"></picture><figcaption><span class=\"caption-text\">{}</span> <span class=\"credit\">{}</span></figcaption></figure>\n",
            r.below(9999),
            esc(&cap),
            esc(&cr)
        ),
        2 => format!(
            "<div class=\"image-container\"><img src=\"/i/{}.jpg\"><p class=\"image-caption\">{}</p><p class=\"photo-credit\">{}</p></div>\n",
            r.below(9999),
            esc(&cap),
            esc(&cr)
        ),
        3 => format!(
            "<div class=\"media\"><img src=\"/m/{}.png\"><div id=\"caption-{}\" class=\"media__caption\"><p>{} {}</p></div></div>\n",
            r.below(9999),
            r.below(99),
            esc(&cap),
            esc(&cr)
        ),
        // No class names: an image and its caption in plain markup, the agency in brackets.
        _ => format!(
            "<div><img src=\"/u/{}.jpg\"><br><em>{} ({})</em></div>\n",
            r.below(9999),
            esc(&cap),
            r.pick(AGENCIES)
        ),
    }
}

fn gallery(r: &mut Rng) -> String {
    let n = r.range(3, 10);
    let same = r.chance(0.6);
    let shared = caption(r);
    let cr = credit(r);
    let plain = r.chance(0.4);
    let mut s = String::from(if plain {
        "<div class=\"media-strip\">\n"
    } else {
        "<div class=\"gallery\">\n"
    });
    for i in 1..=n {
        let cap = if same { shared.clone() } else { caption(r) };
        if plain {
            s += &format!(
                "<div><img src=\"/s/{i}.jpg\"><span>{i}/{n}</span><p>{} {}</p></div>\n",
                esc(&cap),
                esc(&cr)
            );
        } else if r.chance(0.5) {
            s += &format!(
                "<div class=\"slide\"><img src=\"/g/{i}.jpg\"><p class=\"counter\">Image {i} of {n}</p><p>{} {}</p></div>\n",
                esc(&cap),
                esc(&cr)
            );
        } else {
            s += &format!(
                "<figure class=\"gallery-item\"><img src=\"/g/{i}.jpg\"><figcaption>Image {i} of {n}: {} {}</figcaption></figure>\n",
                esc(&cap),
                esc(&cr)
            );
        }
    }
    s + "</div>\n"
}

fn related(r: &mut Rng) -> String {
    let label = r.pick(&[
        "Related",
        "Read more",
        "More on this story",
        "You may also like",
    ]);
    let mut s = format!("<aside class=\"related\"><h3>{label}</h3><ul>");
    for _ in 0..r.range(3, 6) {
        let n = r.range(5, 9);
        s += &format!(
            "<li><a href=\"/news/{}\">{}</a></li>",
            r.below(99999),
            headline_words(r, n)
        );
    }
    s + "</ul></aside>\n"
}

/// A related list that sits in the body as plain paragraphs of links (no aside).
fn inline_related(r: &mut Rng) -> String {
    let n = r.range(6, 10);
    format!(
        "<p><strong>Read more:</strong> <a href=\"/news/{}\">{}</a></p>\n",
        r.below(99999),
        headline_words(r, n)
    )
}

fn bio(r: &mut Rng, author: &str) -> String {
    if r.chance(0.4) {
        // No class: a rule and an italic line, as many blogs end a post.
        return format!(
            "<hr><p><em>{author} is a freelance writer based in {}. Her last book was about {}.</em></p>\n",
            r.pick(&["Lisbon", "Nairobi", "Montreal", "Krakow"]),
            r.pick(TOPICS).to_lowercase()
        );
    }
    format!(
        "<div class=\"author-bio\"><img src=\"/a.jpg\"><p><strong>{author}</strong> is a {} correspondent for the site, covering {} and {}. Follow on X at @{}.</p></div>\n",
        r.pick(&["senior", "political", "foreign", "business"]),
        r.pick(TOPICS).to_lowercase(),
        r.pick(TOPICS).to_lowercase(),
        author.replace(' ', "").to_lowercase()
    )
}

fn share(r: &mut Rng) -> String {
    match r.below(3) {
        0 => "<div class=\"share-buttons\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Share on Twitter</a> <a href=\"#\">Share via Email</a> <a href=\"#\">Copy link</a></div>\n".into(),
        1 => "<ul class=\"social-share\"><li><a>Facebook</a></li><li><a>X</a></li><li><a>WhatsApp</a></li><li><a>LinkedIn</a></li><li><a>Email</a></li></ul>\n".into(),
        _ => "<div id=\"share-tools\"><span>Share this article</span> <button>Facebook</button> <button>Twitter</button> <button>Print</button></div>\n".into(),
    }
}

fn newsletter(r: &mut Rng) -> String {
    format!(
        "<div class=\"newsletter-signup\"><h4>{}</h4><p>Get the day's top stories delivered to your inbox every morning.</p><form><input type=\"email\" placeholder=\"Your email\"><button>Subscribe</button></form></div>\n",
        r.pick(&["Sign up for our newsletter", "Morning Briefing", "Never miss a story"])
    )
}

fn tags(r: &mut Rng) -> String {
    if r.chance(0.4) {
        let mut s = String::from("<p>Topics: ");
        let n = r.range(2, 5);
        for k in 0..n {
            if k > 0 {
                s += ", ";
            }
            s += &format!("<a href=\"/topic/{k}\">{}</a>", r.pick(TOPICS));
        }
        return s + "</p>\n";
    }
    let mut s = String::from("<div class=\"tags\"><span>Tags:</span><ul>");
    for _ in 0..r.range(3, 7) {
        s += &format!("<li><a href=\"/tag/x\">{}</a></li>", r.pick(TOPICS));
    }
    s + "</ul></div>\n"
}

fn comments(r: &mut Rng) -> String {
    match r.below(4) {
        3 => "<p><strong>Comments are closed.</strong></p>\n".into(),
        0 => "<div class=\"comments\"><p>Comments are closed for this article.</p></div>\n".into(),
        1 => "<section id=\"comments\"><h3>Join the conversation</h3><p>Please log in to leave a comment. Read our community guidelines.</p></section>\n".into(),
        _ => "<div class=\"comment-notice\">Comments on this story are moderated and may take some time to appear.</div>\n".into(),
    }
}

fn nav() -> String {
    let mut s = String::from("<nav class=\"main-nav\"><ul>");
    for t in TOPICS {
        s += &format!("<li><a href=\"/{}\">{t}</a></li>", t.to_lowercase());
    }
    s + "</ul></nav>\n"
}

fn footer(site: &str) -> String {
    format!(
        "<footer><p>© 2024 {site}. All rights reserved.</p><ul><li><a>About us</a></li><li><a>Contact</a></li><li><a>Privacy policy</a></li><li><a>Terms of use</a></li></ul></footer>\n"
    )
}

/// An embedded post; returns the markup and the paragraphs it adds to the body.
fn embed(r: &mut Rng) -> (String, Vec<String>) {
    let who = name(r);
    let handle = who.replace(' ', "_").to_lowercase();
    let n = r.range(12, 30);
    let mut words: Vec<&str> = (0..n).map(|_| *r.pick(TEASER_WORDS)).collect();
    words[0] = "Today";
    let text = format!(
        "{} in {} {} and {} tonight.",
        words.join(" "),
        r.pick(PLACES),
        r.pick(&["is calm", "remains tense", "looks different"]),
        r.pick(&[
            "we will keep watching",
            "more updates follow",
            "thanks to everyone"
        ])
    );
    let date = format!(
        "{} {}, 2024",
        r.pick(&["March", "June", "October"]),
        r.range(1, 28)
    );
    match r.below(4) {
        0 => {
            let attr = format!("— {who} (@{handle}) {date}");
            (
                format!(
                    "<blockquote class=\"twitter-tweet\" data-lang=\"en\"><p lang=\"en\" dir=\"ltr\">{}</p>&mdash; {} (@{}) <a href=\"https://twitter.com/{}/status/{}\">{}</a></blockquote>\n<script async src=\"https://platform.twitter.com/widgets.js\" charset=\"utf-8\"></script>\n",
                    esc(&text),
                    esc(&who),
                    handle,
                    handle,
                    r.next_u64() % 1_000_000_000,
                    date
                ),
                vec![text, attr],
            )
        }
        1 => (
            format!(
                "<blockquote class=\"instagram-media\" data-instgrm-permalink=\"https://www.instagram.com/p/x/\"><div><p>{}</p></div></blockquote>\n",
                esc(&text)
            ),
            vec![text],
        ),
        2 => (
            format!(
                "<blockquote class=\"bluesky-embed\" data-bluesky-uri=\"at://did:plc:x/app.bsky.feed.post/y\"><p lang=\"en\">{}</p></blockquote>\n",
                esc(&text)
            ),
            vec![text],
        ),
        _ => (
            format!("<blockquote><p>{}</p></blockquote>\n", esc(&text)),
            vec![text],
        ),
    }
}

fn date_of(r: &mut Rng) -> (String, String, String) {
    let y = r.range(2015, 2024);
    let m = r.range(1, 12);
    let d = r.range(1, 28);
    let h = r.range(20, 23);
    let min = r.below(60);
    let (off, off_txt) = *r.pick(&[
        (-5, "-05:00"),
        (-8, "-08:00"),
        (-4, "-04:00"),
        (-6, "-06:00"),
    ]);
    let _ = off;
    let day = format!("{y:04}-{m:02}-{d:02}");
    let full = format!("{day}T{h:02}:{min:02}:00{off_txt}");
    let human = format!(
        "{d} {} {y}",
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December"
        ][m - 1]
    );
    (day, full, human)
}

fn title_tag(r: &mut Rng, headline: &str, site: &str) -> String {
    match r.below(4) {
        0 => format!("{headline} | {site}"),
        1 => format!("{headline} - {site}"),
        2 => format!("{headline} – {site}"),
        _ => format!("{headline} :: {site}"),
    }
}

/// Generate `n` pages from `seed` (see the module doc).
pub fn pages(seed: u64, n: usize) -> Vec<Page> {
    let mut r = Rng::new(seed ^ 0x5eed_9a6e);
    (0..n).map(|i| page(&mut r, seed, i)).collect()
}

fn page(r: &mut Rng, seed: u64, i: usize) -> Page {
    let layout = LAYOUTS[i % LAYOUTS.len()];
    let site = r.pick(SITES).to_string();
    if i % 9 == 8 {
        return listing(r, i, layout, &site);
    }
    let bytes = r.range(1800, 6000);
    let text = crate::article(seed.wrapping_mul(1000) + i as u64, bytes);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let gen_title = lines.next().unwrap_or("Untitled").trim().to_string();
    let paras: Vec<String> = lines.map(|l| l.trim().to_string()).collect();
    let headline = if r.chance(0.25) {
        r.pick(SHORT_HEADLINES).to_string()
    } else {
        gen_title
    };
    let author = name(r);
    let (day, full, human) = date_of(r);
    let placeholder = r.chance(0.5);
    let mut head = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>{}</title>\n<meta property=\"og:site_name\" content=\"{}\">\n<meta property=\"og:url\" content=\"https://news.example/{}/{}\">\n",
        esc(&title_tag(r, &headline, &site)),
        esc(&site),
        layout,
        i
    );
    if r.chance(0.5) {
        head += &format!(
            "<meta property=\"og:title\" content=\"{}\">\n",
            esc(&headline)
        );
    }
    let mut page_date = Some(day.clone());
    match r.below(3) {
        0 => head += &format!("<meta property=\"article:published_time\" content=\"{full}\">\n"),
        1 => head += &format!(
            "<script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"{}\",\"datePublished\":\"{full}\"}}</script>\n",
            esc(&headline)
        ),
        _ if placeholder => {
            // Only a placeholder: no date is known, but for the wire layout's dateline.
            head += "<meta property=\"article:published_time\" content=\"0001-01-01T00:00:00Z\">\n";
            if layout != "wire" {
                page_date = None;
            }
        }
        _ => head += &format!("<meta property=\"article:published_time\" content=\"{full}\">\n"),
    }
    head += &format!("<meta name=\"author\" content=\"{}\">\n", esc(&author));
    head += "<style>.x{color:red}</style><script>window.dataLayer=[];</script></head>\n<body>\n";

    // The body: paragraphs with chrome in between; `body` collects what should be kept.
    let mut body: Vec<String> = Vec::new();
    let mut inner = String::new();
    let sub_every = r.range(4, 9);
    let embed_at = if r.chance(0.4) {
        Some(r.range(1, paras.len().max(2)))
    } else {
        None
    };
    let fig_at = if r.chance(0.6) {
        Some(r.range(1, paras.len().max(2)))
    } else {
        None
    };
    let gallery_at = if r.chance(0.3) {
        Some(r.range(0, paras.len().max(1)))
    } else {
        None
    };
    let related_at = if r.chance(0.35) {
        Some(r.range(2, paras.len().max(3)))
    } else {
        None
    };
    let inline_related_at = if r.chance(0.3) {
        Some(r.range(1, paras.len().max(2)))
    } else {
        None
    };
    let ad_at = if r.chance(0.4) {
        Some(r.range(1, paras.len().max(2)))
    } else {
        None
    };
    let p_class = match layout {
        "broadcaster" => " class=\"ssrcss-paragraph\"",
        "magazine" => " class=\"body-text\"",
        _ => "",
    };
    for (k, p) in paras.iter().enumerate() {
        if Some(k) == gallery_at {
            inner += &gallery(r);
        }
        if Some(k) == fig_at {
            inner += &figure(r);
        }
        if Some(k) == related_at {
            inner += &related(r);
        }
        if Some(k) == inline_related_at {
            inner += &inline_related(r);
        }
        if Some(k) == ad_at {
            inner += "<div class=\"ad-slot\"><span>Advertisement</span></div>\n";
        }
        if Some(k) == embed_at {
            let (m, kept) = embed(r);
            inner += &m;
            body.extend(kept);
        }
        if k > 0 && k % sub_every == 0 && r.chance(0.5) {
            let n = r.range(3, 7);
            let h = headline_words(r, n);
            inner += &format!("<h2>{}</h2>\n", esc(&h));
            body.push(h);
        }
        inner += &format!("<p{p_class}>{}</p>\n", esc(p));
        body.push(p.clone());
    }
    let mut after = String::new();
    if r.chance(0.5) {
        after += &tags(r);
    }
    if r.chance(0.5) {
        after += &share(r);
    }
    if r.chance(0.5) {
        after += &bio(r, &author);
    }
    if r.chance(0.4) {
        after += &newsletter(r);
    }
    if r.chance(0.5) {
        after += &comments(r);
    }
    if r.chance(0.3) {
        after += &related(r);
    }
    let byline = format!(
        "<div class=\"byline\">By <a rel=\"author\" href=\"/author/x\">{}</a> <time datetime=\"{full}\">{human}</time></div>\n",
        esc(&author)
    );
    let hero = if layout == "magazine" || r.chance(0.3) {
        figure(r)
    } else {
        String::new()
    };
    let share_top = if r.chance(0.4) {
        share(r)
    } else {
        String::new()
    };
    let h1 = format!("<h1>{}</h1>\n", esc(&headline));
    let page_body = match layout {
        "blog" => format!(
            "<div id=\"page\">{}<div id=\"content\" class=\"site-content\"><article class=\"post type-post\"><header class=\"entry-header\">{h1}{byline}</header>{hero}{share_top}<div class=\"entry-content\">\n{inner}</div><footer class=\"entry-footer\">{after}</footer></article><aside id=\"secondary\" class=\"widget-area\">{}</aside></div>{}</div>",
            nav(),
            related(r),
            footer(&site)
        ),
        "newspaper" => format!(
            "<header class=\"masthead\"><a href=\"/\">{}</a>{}</header><main><article>{h1}{byline}{hero}{share_top}<div class=\"article-body\">\n{inner}</div>{after}</article></main>{}",
            esc(&site),
            nav(),
            footer(&site)
        ),
        "broadcaster" => format!(
            "{}<div id=\"main-content\"><div class=\"story-body\">{h1}{byline}{hero}<div class=\"story-body__inner\" property=\"articleBody\">\n{inner}</div></div>{after}<div class=\"most-read\"><h2>Most read</h2><ol><li>{}</li><li>{}</li><li>{}</li></ol></div></div>{}",
            nav(),
            headline_words(r, 6),
            headline_words(r, 7),
            headline_words(r, 5),
            footer(&site)
        ),
        "wire" => format!(
            "<div class=\"wire-header\">{}</div><div class=\"container\"><div class=\"col-main\">{h1}<p class=\"dateline\">{human}</p>{byline}{share_top}\n{inner}{after}</div><div class=\"col-side\">{}</div></div>{}",
            nav(),
            related(r),
            footer(&site)
        ),
        "magazine" => format!(
            "{}<div class=\"cookie-banner\"><p>We use cookies to improve your experience. By continuing you accept our cookie policy.</p><button>Accept</button></div><main class=\"feature\">{hero}<div class=\"feature-head\">{h1}{byline}</div><section class=\"feature-body\">\n{inner}</section>{after}</main>{}",
            nav(),
            footer(&site)
        ),
        "oldsite" => format!(
            "<table width=\"100%\"><tr><td class=\"left\">{}</td><td class=\"main\"><font size=\"5\">{}</font><br>{byline}{hero}\n<div class=\"text\">{inner}</div>{after}</td><td class=\"right\">{}</td></tr></table>{}",
            nav(),
            esc(&headline),
            related(r),
            footer(&site)
        ),
        "live" => format!(
            "{}<div class=\"amp-wrapper\"><article class=\"story\">{h1}{byline}{share_top}<div class=\"story-content\">\n{inner}</div>{after}</article></div>{}",
            nav(),
            footer(&site)
        ),
        _ => format!(
            "{}<div class=\"wrapper\"><div itemscope itemtype=\"https://schema.org/NewsArticle\">{h1}{byline}{hero}<section itemprop=\"articleBody\">\n{inner}</section>{after}</div></div>{}",
            nav(),
            footer(&site)
        ),
    };
    let html = format!("{head}{page_body}\n</body></html>\n");
    Page {
        name: format!("{i:03}_{layout}.html"),
        html,
        kind: Kind::Article,
        body,
        title: headline,
        date: page_date,
        site,
    }
}

fn listing(r: &mut Rng, i: usize, layout: &str, site: &str) -> Page {
    let section = r.pick(TOPICS).to_string();
    let mut s = format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{} | {}</title><meta property=\"og:site_name\" content=\"{}\"><meta property=\"og:type\" content=\"website\"></head><body>{}<main><h1>{}</h1>\n",
        esc(&section),
        esc(site),
        esc(site),
        nav(),
        esc(&section)
    );
    let teasers = r.range(6, 13);
    for t in 0..teasers {
        let n = r.range(6, 10);
        let h = headline_words(r, n);
        let text = crate::article(r.next_u64(), 500);
        let lead: String = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .nth(1)
            .unwrap_or("")
            .to_string();
        let (_, full, human) = date_of(r);
        s += &format!(
            "<article class=\"post-teaser\"><h2><a href=\"/{}/{t}\">{}</a></h2><div class=\"meta\">By {} <time datetime=\"{full}\">{human}</time></div><p class=\"excerpt\">{}</p><a class=\"more-link\" href=\"/{}/{t}\">Continue reading</a>{}</article>\n",
            section.to_lowercase(),
            esc(&h),
            esc(&name(r)),
            esc(&lead),
            section.to_lowercase(),
            share(r)
        );
    }
    s += "<div class=\"pagination\"><a>1</a> <a>2</a> <a>3</a> <a>Next page</a></div></main>";
    s += &footer(site);
    s += "</body></html>\n";
    Page {
        name: format!("{i:03}_{layout}_listing.html"),
        html: s,
        kind: Kind::Listing,
        body: Vec::new(),
        title: section,
        date: None,
        site: site.to_string(),
    }
}

/// Word 4-gram F1 of an extracted body against the expected one: words are runs of letters and
/// digits, lower-cased; 4-grams are counted as a multiset. (1.0, 1.0, 1.0) when both are empty.
pub fn f1_4gram(extracted: &str, expected: &str) -> (f64, f64, f64) {
    use std::collections::HashMap;
    fn grams(s: &str) -> HashMap<Vec<String>, usize> {
        let words: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let mut m = HashMap::new();
        for w in words.windows(4) {
            *m.entry(w.to_vec()).or_insert(0) += 1;
        }
        m
    }
    let (a, b) = (grams(extracted), grams(expected));
    let na: usize = a.values().sum();
    let nb: usize = b.values().sum();
    if na == 0 && nb == 0 {
        return (1.0, 1.0, 1.0);
    }
    let common: usize = a
        .iter()
        .map(|(g, &c)| c.min(b.get(g).copied().unwrap_or(0)))
        .sum();
    let p = if na == 0 {
        0.0
    } else {
        common as f64 / na as f64
    };
    let rc = if nb == 0 {
        0.0
    } else {
        common as f64 / nb as f64
    };
    let f = if p + rc == 0.0 {
        0.0
    } else {
        2.0 * p * rc / (p + rc)
    };
    (p, rc, f)
}
