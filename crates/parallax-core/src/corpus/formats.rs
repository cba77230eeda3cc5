//! Importers: from a file's bytes to documents (text plus the metadata the format states).
//!
//! Each format gives one or more [`Doc`]s; [`crate::corpus`] turns each into an
//! [`crate::Article`] (segmentation and text metadata), and metadata the format states
//! (front matter, HTML meta tags and JSON-LD, JSON fields) wins over what the text suggests.
//!
//! | format | extensions | documents |
//! | --- | --- | --- |
//! | text, Markdown | `.txt`, `.text`, `.md`, `.markdown` | one; optional front matter (YAML `---`, TOML `+++`) |
//! | HTML | `.html`, `.htm` | one: the main text (dom_smoothie), paragraphs kept; markup nested deeper than [`MAX_HTML_DEPTH`] is dropped, its text kept |
//! | JSON | `.json` | one object, or an array of objects |
//! | JSON Lines | `.jsonl`, `.ndjson` | one object per non-blank line; a bad line is skipped alone |

use serde_json::Value;

/// Metadata a format states about a document. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
}

/// One document read from a file, before segmentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// For files holding several documents: the part of the id after the file's id
    /// (`3` for the third line of a JSONL file, the array position from 1 for a JSON array).
    pub item: Option<String>,
    /// The text paragraphs are cut from. For text files this is the decoded file with its
    /// front matter blanked (same length, so offsets stay offsets into the file).
    pub text: String,
    pub fields: Fields,
}

/// A document of a multi-document file that could not be read: its item and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadItem {
    pub item: String,
    pub reason: String,
}

/// Split off front matter: YAML between `---` lines or TOML between `+++` lines at the very
/// start. Returns the fields and the text with the front matter replaced by spaces (line
/// ends kept), so that byte offsets into the result are offsets into the input.
pub fn front_matter(text: &str) -> (Fields, String) {
    let fence = if text.starts_with("---") {
        "---"
    } else if text.starts_with("+++") {
        "+++"
    } else {
        return (Fields::default(), text.to_string());
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != fence {
        return (Fields::default(), text.to_string());
    }
    let mut end = first.len();
    let mut body_start = None;
    for line in lines {
        let start = end;
        end += line.len();
        if line.trim_end() == fence {
            body_start = Some((start, end));
            break;
        }
    }
    let Some((fm_end, body)) = body_start else {
        return (Fields::default(), text.to_string());
    };
    let inner = &text[first.len()..fm_end];
    let fields = if fence == "+++" {
        toml_fields(inner)
    } else {
        yaml_fields(inner)
    };
    let blank: String = text[..body]
        .chars()
        .map(|c| {
            if c == '\n' || c == '\r' {
                c.to_string()
            } else {
                " ".repeat(c.len_utf8())
            }
        })
        .collect();
    (fields, blank + &text[body..])
}

fn set_field(f: &mut Fields, key: &str, value: String) {
    let value = value.trim().to_string();
    if value.is_empty() {
        return;
    }
    let slot = match key.to_ascii_lowercase().as_str() {
        "title" | "headline" => &mut f.title,
        "source" | "sitename" | "site_name" | "publisher" | "hostname" => &mut f.source,
        "url" | "source_url" | "link" => &mut f.url,
        "date" | "date_publish" | "published" | "publish_date" | "pubdate" => &mut f.date,
        "author" | "authors" | "byline" => &mut f.author,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// The simple YAML front matter scrapers and static-site tools write: `key: value` lines,
/// values optionally quoted; a list (`authors: [a, b]` or `- a` lines) is joined by ", ".
fn yaml_fields(inner: &str) -> Fields {
    let mut f = Fields::default();
    let mut list_key: Option<String> = None;
    let mut list: Vec<String> = Vec::new();
    let unquote = |v: &str| -> String {
        let v = v.trim();
        let q = v.len() >= 2
            && ((v.starts_with('"') && v.ends_with('"'))
                || (v.starts_with('\'') && v.ends_with('\'')));
        if q {
            v[1..v.len() - 1].to_string()
        } else {
            v.to_string()
        }
    };
    for line in inner.lines() {
        let t = line.trim();
        if let (Some(k), Some(item)) = (&list_key, t.strip_prefix("- ")) {
            let _ = k;
            list.push(unquote(item));
            continue;
        }
        if let Some(k) = list_key.take() {
            set_field(&mut f, &k, list.join(", "));
            list.clear();
        }
        let Some((k, v)) = t.split_once(':') else {
            continue;
        };
        let v = v.trim();
        if v.is_empty() {
            list_key = Some(k.trim().to_string());
        } else if let Some(items) = v.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            let items: Vec<String> = items.split(',').map(unquote).collect();
            set_field(&mut f, k.trim(), items.join(", "));
        } else {
            set_field(&mut f, k.trim(), unquote(v));
        }
    }
    if let Some(k) = list_key {
        set_field(&mut f, &k, list.join(", "));
    }
    f
}

fn toml_fields(inner: &str) -> Fields {
    let mut f = Fields::default();
    if let Ok(table) = inner.parse::<toml::Table>() {
        for (k, v) in table {
            if let Some(s) = toml_text(&v) {
                set_field(&mut f, &k, s);
            }
        }
    }
    f
}

fn toml_text(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Array(a) => Some(
            a.iter()
                .filter_map(toml_text)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => None,
    }
}

/// Largest HTML document handed to the extractor, in elements.
const MAX_HTML_ELEMENTS: usize = 200_000;

/// Deepest element nesting handed to the extractor: tags nested deeper are dropped (their
/// text kept) by [`flatten_deep`]. The parser and the extractor take time quadratic in the
/// depth and recurse on it (a page of 8,000 nested `<div>`s overflowed the stack); real
/// pages nest a few dozen deep.
pub const MAX_HTML_DEPTH: usize = 128;

/// Elements that never hold others (no end tag).
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements the parser closes by itself when a sibling starts (`<p>`, `<li>`, table cells),
/// and the document's own: they do not nest by repetition, so they do not count as depth.
const SELF_CLOSING: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "rb", "rt", "rtc", "rp", "tr", "td", "th",
    "thead", "tbody", "tfoot", "colgroup", "caption", "html", "head", "body",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// `html` with every tag nested deeper than `max_depth` elements removed, text and shallower
/// markup kept as they are; unchanged (borrowed) when nothing is that deep. One pass, linear in
/// the length. Depth is counted as a parser would see it, approximately: void elements,
/// elements closed by their siblings (`<p>`, `<li>`, cells) and self-closed tags inside SVG
/// or MathML add none; comments, doctypes and the content of scripts and styles are skipped.
pub fn flatten_deep(html: &str, max_depth: usize) -> std::borrow::Cow<'_, str> {
    let b = html.as_bytes();
    let n = b.len();
    // Ranges of `html` to drop, in order.
    let mut drop: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut foreign = 0usize; // open <svg> and <math> elements
    let mut i = 0;
    let find = |from: usize, pat: &[u8]| {
        b.get(from..)
            .and_then(|rest| rest.windows(pat.len()).position(|w| w == pat))
            .map(|k| from + k)
    };
    while let Some(k) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + k;
        i = lt + 1;
        if b[i..].starts_with(b"!--") {
            i = find(i + 3, b"-->").map_or(n, |e| e + 3);
            continue;
        }
        if matches!(b.get(i), Some(b'!' | b'?')) {
            i = find(i, b">").map_or(n, |e| e + 1);
            continue;
        }
        let end_tag = b.get(i) == Some(&b'/');
        let name_at = i + usize::from(end_tag);
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            continue; // a `<` in text
        }
        let name_end = b[name_at..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            .map_or(n, |e| name_at + e);
        let name = html[name_at..name_end].to_ascii_lowercase();
        // The tag's `>`, outside quoted attribute values.
        let (mut j, mut quote, mut last) = (name_end, None, 0u8);
        let gt = loop {
            let Some(&c) = b.get(j) else { break None };
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'>' => break Some(j),
                None if (c == b'"' || c == b'\'') && last == b'=' => quote = Some(c),
                None => {}
            }
            if !c.is_ascii_whitespace() {
                last = c;
            }
            j += 1;
        };
        let Some(gt) = gt else { break };
        i = gt + 1;
        let self_closed = b[gt - 1] == b'/';
        if name == "svg" || name == "math" {
            if end_tag {
                foreign = foreign.saturating_sub(1);
            } else if !self_closed {
                foreign += 1;
            }
        }
        let no_depth = VOID.contains(&name.as_str())
            || SELF_CLOSING.contains(&name.as_str())
            || (self_closed && foreign > 0);
        if no_depth {
            continue;
        }
        if end_tag {
            if depth > max_depth {
                drop.push((lt, i));
            }
            depth = depth.saturating_sub(1);
            continue;
        }
        depth += 1;
        if depth > max_depth {
            drop.push((lt, i));
        }
        if RAW_TEXT.contains(&name.as_str()) {
            // Raw text: up to the end tag (`</script`, any case).
            let close = format!("</{name}");
            let mut from = i;
            i = loop {
                match find(from, b"</") {
                    Some(e)
                        if html
                            .get(e..e + close.len())
                            .is_some_and(|t| t.eq_ignore_ascii_case(&close)) =>
                    {
                        break e
                    }
                    Some(e) => from = e + 2,
                    None => break n,
                }
            };
            if depth > max_depth {
                // Dropped with its content: a script never becomes text.
                if let Some(last) = drop.last_mut() {
                    last.1 = i;
                }
            }
        }
    }
    if drop.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (s, e) in drop {
        out.push_str(&html[at..s]);
        at = e;
    }
    out.push_str(&html[at..]);
    std::borrow::Cow::Owned(out)
}

/// The main text of an HTML page (readability-style, by dom_smoothie), one paragraph per
/// block separated by blank lines; title, site name, byline and date from meta tags and
/// JSON-LD. Scripts and styles never become text.
pub fn html(text: &str) -> Result<Doc, String> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        max_elements_to_parse: MAX_HTML_ELEMENTS,
        ..Default::default()
    };
    let text = flatten_deep(text, MAX_HTML_DEPTH);
    let page = dom_query::Document::from(text.as_ref());
    super::page::strip_chrome(&page);
    let mut r = dom_smoothie::Readability::with_document(page, None, Some(cfg))
        .map_err(|e| format!("HTML: {e}"))?;
    let a = r
        .parse()
        .map_err(|e| format!("HTML: no article text found ({e})"))?;
    let body = drop_repeats(&paragraphs_text(&a.text_content));
    if body.trim().is_empty() {
        return Err("HTML: no article text found (only scripts, styles or markup)".into());
    }
    let headlines = super::page::listing_headlines(&a.content);
    if headlines >= LISTING_HEADLINES {
        return Err(format!(
            "HTML: a listing page ({headlines} linked headlines: a home or section page of teasers), not an article"
        ));
    }
    let nonempty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let site = nonempty(a.site_name);
    Ok(Doc {
        item: None,
        text: body,
        fields: Fields {
            title: nonempty(Some(super::page::title_without_site(
                &declared_title(&text).unwrap_or(a.title),
                site.as_deref(),
            ))),
            source: site,
            url: nonempty(a.url).or_else(|| declared_url(&text)),
            date: nonempty(a.published_time),
            author: nonempty(a.byline),
        },
    })
}

/// The page's head (up to `</head>`, at most 256 KiB), parsed.
fn head_of(html: &str) -> dom_query::Document {
    let limit = html.floor_char_boundary(256 * 1024);
    let lower = html[..limit].to_ascii_lowercase();
    let end = lower.find("</head>").map_or(limit, |i| i + "</head>".len());
    dom_query::Document::from(&html[..end])
}

/// The title a page declares: `og:title`, `twitter:title` or `dc.title` (meta `property` or
/// `name`), else the `<title>` element; the site's name is cut later
/// ([`super::page::title_without_site`]). The extractor's own title guess cuts at a colon
/// (`Canada: talks resume` became `talks resume`), so the declared one is preferred.
fn declared_title(html: &str) -> Option<String> {
    let head = head_of(html);
    let clean = |s: &str| {
        let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
        (!s.is_empty()).then_some(s)
    };
    for key in ["og:title", "twitter:title", "dc.title", "dcterms.title"] {
        let found = head.select("meta").iter().find_map(|m| {
            let named = ["property", "name"].iter().any(|k| {
                m.attr(k)
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case(key))
            });
            if named {
                m.attr("content").and_then(|c| clean(&c))
            } else {
                None
            }
        });
        if found.is_some() {
            return found;
        }
    }
    head.select("title")
        .iter()
        .next()
        .and_then(|t| clean(&t.text()))
}

/// The address a page declares for itself: `<link rel="canonical">`, else `<meta
/// property="og:url">` (also `name=`), when it is an absolute http(s) URL. Only the page's
/// head is parsed again (up to `</head>`, at most 256 KiB).
fn declared_url(html: &str) -> Option<String> {
    let head = head_of(html);
    let absolute = |u: &str| {
        let u = u.trim();
        let scheme = u.get(..8).map(str::to_ascii_lowercase);
        (scheme
            .as_deref()
            .is_some_and(|s| s.starts_with("http://") || s == "https://")
            && u.len() > "https://".len()
            && !u.contains(char::is_whitespace))
        .then(|| u.to_string())
    };
    let canonical = head
        .select("link[rel]")
        .iter()
        .filter(|l| {
            l.attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|w| w.eq_ignore_ascii_case("canonical"))
            })
        })
        .find_map(|l| l.attr("href").and_then(|h| absolute(&h)));
    canonical.or_else(|| {
        head.select("meta")
            .iter()
            .filter(|m| {
                ["property", "name"].iter().any(|k| {
                    m.attr(k)
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("og:url"))
                })
            })
            .find_map(|m| m.attr("content").and_then(|c| absolute(&c)))
    })
}

/// Linked headlines in the extracted text from which a page is a listing (a home or section
/// page of teasers), not an article: see [`super::page::listing_headlines`].
pub const LISTING_HEADLINES: usize = 4;

/// Paragraphs of `body` (separated by blank lines) without the repeats of a short paragraph
/// (at most 60 words) that occurs three times or more: the same caption or credit under each
/// photo of a gallery is kept once.
fn drop_repeats(body: &str) -> String {
    let paras: Vec<&str> = body
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in &paras {
        *count.entry(p).or_default() += 1;
    }
    let mut seen = std::collections::HashSet::new();
    let kept: Vec<&str> = paras
        .into_iter()
        .filter(|p| count[p] < 3 || p.split_whitespace().count() > 60 || seen.insert(*p))
        .collect();
    if kept.is_empty() {
        return String::new();
    }
    kept.join("\n\n") + "\n"
}

/// Normalise extracted text to paragraphs separated by one blank line, lines trimmed.
fn paragraphs_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = true;
    for line in s.lines() {
        let t = line.trim();
        if t.is_empty() {
            if !blank {
                out.push('\n');
                blank = true;
            }
            continue;
        }
        out.push_str(t);
        out.push('\n');
        out.push('\n');
        blank = true;
    }
    out.trim_end().to_string() + "\n"
}

/// The article text field names, in order of preference.
pub const TEXT_FIELDS: &[&str] = &["text", "content", "body", "maintext", "article"];

/// One article from a JSON object, by the field names common scrapers write (trafilatura,
/// newspaper3k/4k, news-please): see docs/architecture.md for the table.
pub fn json_object(v: &Value) -> Result<(String, Fields), String> {
    let Value::Object(map) = v else {
        return Err(format!("not an article object (a JSON {})", kind(v)));
    };
    let text = TEXT_FIELDS
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_str))
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| {
            format!(
                "no article text (none of the fields {} holds text)",
                TEXT_FIELDS.join(", ")
            )
        })?;
    let mut f = Fields::default();
    let keys = [
        "title",
        "url",
        "source_url",
        "date",
        "date_publish",
        "published",
        "sitename",
        "source",
        "hostname",
        "author",
        "authors",
    ];
    for k in keys {
        if let Some(s) = map.get(k).and_then(json_text) {
            set_field(&mut f, k, s);
        }
    }
    Ok((paragraphs_of_json_text(text), f))
}

/// Scraper text keeps paragraphs as single line breaks (trafilatura) or blank lines: make
/// each line its own paragraph.
fn paragraphs_of_json_text(t: &str) -> String {
    if t.contains("\n\n") {
        t.to_string()
    } else {
        t.replace('\n', "\n\n")
    }
}

fn json_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(json_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(o) => o.get("name").and_then(json_text),
        _ => None,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A `.json` file: one article object, or an array of them (items numbered from 1).
pub fn json(text: &str) -> Result<(Vec<Doc>, Vec<BadItem>), String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    match v {
        Value::Array(items) => {
            let mut docs = Vec::new();
            let mut bad = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let n = (i + 1).to_string();
                match json_object(item) {
                    Ok((text, fields)) => docs.push(Doc {
                        item: Some(n),
                        text,
                        fields,
                    }),
                    Err(reason) => bad.push(BadItem { item: n, reason }),
                }
            }
            if docs.is_empty() && bad.is_empty() {
                return Err("empty JSON array: no articles".into());
            }
            Ok((docs, bad))
        }
        other => {
            let (text, fields) = json_object(&other)?;
            Ok((
                vec![Doc {
                    item: None,
                    text,
                    fields,
                }],
                vec![],
            ))
        }
    }
}

/// A `.jsonl` file: one article object per line, items named by line number (from 1).
/// Blank lines are ignored; a bad line is reported alone and the others load.
pub fn jsonl(text: &str) -> (Vec<Doc>, Vec<BadItem>) {
    let mut docs = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = (i + 1).to_string();
        let parsed = serde_json::from_str::<Value>(line)
            .map_err(|e| format!("invalid JSON: {e}"))
            .and_then(|v| json_object(&v));
        match parsed {
            Ok((text, fields)) => docs.push(Doc {
                item: Some(n),
                text,
                fields,
            }),
            Err(reason) => bad.push(BadItem { item: n, reason }),
        }
    }
    (docs, bad)
}

/// A date as `YYYY-MM-DD` when the string starts with one (`2022-03-27T10:00:00Z`).
pub fn iso_date(s: &str) -> Option<String> {
    let b = s.trim().as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    (digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    .then(|| s.trim()[..10].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_is_read_and_blanked() {
        let t =
            "---\ntitle: \"Hello é\"\nauthors:\n  - Ann\n  - Bo\ndate: 2022-03-27\n---\nBody.\n";
        let (f, body) = front_matter(t);
        assert_eq!(f.title.as_deref(), Some("Hello é"));
        assert_eq!(f.author.as_deref(), Some("Ann, Bo"));
        assert_eq!(f.date.as_deref(), Some("2022-03-27"));
        assert_eq!(body.len(), t.len());
        assert!(body.trim_start().starts_with("Body."));
    }

    #[test]
    fn toml_front_matter_and_unclosed_fences() {
        let (f, _) = front_matter("+++\ntitle = \"T\"\nurl = \"https://x.test/a\"\n+++\nB\n");
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(f.url.as_deref(), Some("https://x.test/a"));
        let t = "---\ntitle: never closed\nBody\n";
        assert_eq!(front_matter(t), (Fields::default(), t.to_string()));
    }

    #[test]
    fn json_mapping_prefers_the_first_named_field() {
        let v: Value = serde_json::from_str(
            r#"{"maintext":"A\nB","title":"T","date_publish":"2022-03-27 10:00:00","authors":["X","Y"],"source_domain":"x","hostname":"h.test"}"#,
        )
        .unwrap();
        let (text, f) = json_object(&v).unwrap();
        assert_eq!(text, "A\n\nB");
        assert_eq!(f.author.as_deref(), Some("X, Y"));
        assert_eq!(f.source.as_deref(), Some("h.test"));
        assert_eq!(
            iso_date(f.date.as_deref().unwrap()).as_deref(),
            Some("2022-03-27")
        );
        assert!(json_object(&serde_json::json!({"title": "no text"})).is_err());
        assert!(json_object(&serde_json::json!([1])).is_err());
    }

    #[test]
    fn shallow_html_is_unchanged() {
        let page = "<!doctype html><html><body><div><p>A<p>B<br><img src=x>\
                    <svg><path d='m>0'/><path/></svg><!-- <div><div> --></div></body></html>";
        assert!(matches!(
            flatten_deep(page, 3),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deep_tags_are_dropped_and_their_text_kept() {
        let n = 10;
        let page = format!(
            "<body>{}<span class=\"a>b\">deep</span>{}<p>after</p></body>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let flat = flatten_deep(&page, 4);
        assert_eq!(
            flat,
            format!(
                "<body>{}deep{}<p>after</p></body>",
                "<div>".repeat(4),
                "</div>".repeat(4)
            )
        );
    }

    #[test]
    fn deep_scripts_are_dropped_with_their_content() {
        let page = format!(
            "{}<script>var s = '<div>';</SCRIPT>text{}",
            "<div>".repeat(3),
            "</div>".repeat(3)
        );
        let flat = flatten_deep(&page, 2);
        assert_eq!(flat, "<div><div>text</div></div>");
    }

    #[test]
    fn html_nested_beyond_the_cap_keeps_its_text() {
        let n = 20_000;
        let page = format!(
            "<html><body>{}<p>The text at the bottom of a very deep page.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        );
        let doc = html(&page).unwrap();
        assert_eq!(doc.text, "The text at the bottom of a very deep page.\n");
    }
}
