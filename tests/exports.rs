//! Exports that their real clients accept (issue #19): CSV read with `,`, `;` or a tab as
//! the separator never starts a formula; the W3C export meets every MUST of the Web Annotation
//! Data Model; the Markdown report renders notes and titles as literal text in CommonMark,
//! GitHub-flavoured Markdown (comrak with the GFM extensions) and pandoc (`@` citations);
//! free-text values may begin with `-`.

mod common;
use common::{ok, temp_corpus};
use serde_json::Value;
use std::path::Path;
use std::process::Output;

fn parallax(args: &[&str], cwd: &Path) -> Output {
    common::run_as("tester", args, cwd)
}

/// Notes that would become links, HTML, headings, emphasis, code, tables or citations if
/// a renderer read them as Markdown.
const MD_NOTES: &[&str] = &[
    "<https://evil.example>",
    "\\<https://evil.example\\>",
    "see https://evil.example/x?y=1 now",
    "www.evil.example",
    "mail a@b.example please",
    "# head",
    "*x* _y_ **z**",
    "[a](b) ![i](https://evil.example/i.png) [ref]",
    "<b>x</b> &amp; &#64;",
    "@A1 and [@A2; -@A3]",
    "|table| cell |",
    "`code` and ``more``",
    "~~gone~~ $x^2$ H~2~O",
    "line one\n# heading two\n- item\n> quote\n1. first",
    "xmpp:evil@evil.example mailto:a@b.example",
];

/// Notes that would start a formula in a spreadsheet splitting on `,`, `;` or a tab.
const CSV_NOTES: &[&str] = &[
    "x;=cmd|' /C calc'!A0;y",
    ";=1+1",
    "\r=1+1",
    "\r\n=2",
    "a,=1",
    "a, =1",
    "a\t=1",
    "a;\t=1",
    "a,\t@x",
    "a;\r+1",
    "\"=1\"",
    " \u{a0}-1",
    "＝1+1",
    "x\n\u{200b}@SUM(A1)",
];

/// A corpus of the DW seed and an article whose title and text are hostile (emoji and Arabic
/// before the marked text); returns (dir, corpus path).
fn hostile_corpus() -> (tempfile::TempDir, String) {
    let (dir, _) = temp_corpus(&["004"]);
    let title = "https://evil.example www.evil.example a@b.example *x* @A1 <b>x</b> [a](b) `c`";
    let mut text = format!("{title}\n\n");
    for i in 0..40 {
        text.push_str(&format!(
            "🙂👍🏽 مرحبا paragraph {i} of the hostile article, with words enough to be a paragraph of its own.\n\n"
        ));
    }
    std::fs::write(dir.path().join("hostile.txt"), text).unwrap();
    let c = dir.path().to_str().unwrap().to_string();
    (dir, c)
}

/// Mark paragraph i of 004 against paragraph i of the hostile article with each note.
fn mark_with_notes(dir: &Path, c: &str, notes: &[&str]) {
    for (i, n) in notes.iter().enumerate() {
        let para = format!("{i}:{i}");
        ok(&parallax(
            &[
                "mark", "004", "hostile", "--para", &para, "--label", "distinct", "--note", n,
                "--corpus", c,
            ],
            dir,
        ));
    }
}

// ---------------------------------------------------------------------------------------
// Free text beginning with '-'

#[test]
fn notes_and_other_free_text_may_begin_with_a_hyphen() {
    let (dir, c) = hostile_corpus();
    let d = dir.path();
    let mark = |para: &str, note: &[&str]| {
        let mut args = vec![
            "mark", "004", "hostile", "--para", para, "--label", "distinct", "--corpus", &c,
        ];
        args.extend_from_slice(note);
        parallax(&args, d)
    };
    ok(&mark("0:0", &["--note", "-1"]));
    ok(&mark("1:1", &["--note=-1"]));
    ok(&mark("2:2", &["--note", "-x", "--author", "-bob"]));
    ok(&mark("3:3", &["--note", "--", "--author", "carol"]));
    ok(&parallax(&["note", "1", "-5", "--corpus", &c], d));
    ok(&parallax(&["note", "2", "--corpus", &c, "-1 -2"], d));
    let v: Value =
        serde_json::from_str(&ok(&parallax(&["marks", "--json", "--corpus", &c], d))).unwrap();
    let marks = v["marks"].as_array().unwrap();
    let note = |i: usize| marks[i]["note"].as_str().unwrap_or_default().to_string();
    assert_eq!(note(0), "-5");
    assert_eq!(note(1), "-1 -2");
    assert_eq!(note(2), "-x");
    assert_eq!(marks[2]["author"], "-bob");
    assert_eq!(note(3), "--");
    assert_eq!(marks[3]["author"], "carol");
    // A query may begin with '-' too (and flags after it still count).
    ok(&parallax(
        &["search", "-paragraph", "--corpus", &c, "--json"],
        d,
    ));
    // Options that take no value are still options.
    let o = parallax(&["note", "1", "--corpus", &c], d);
    assert!(ok(&o).contains("no note"));
}

// ---------------------------------------------------------------------------------------
// CSV

/// Whether a spreadsheet would read a cell as a formula: it starts with a tab or CR, or,
/// past white space, quotes and zero-width characters, with `=` `+` `-` `@` (or full width).
fn formula_start(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r']) {
        return true;
    }
    let rest = cell.trim_start_matches(|c: char| {
        (c.is_whitespace() && !matches!(c, '\t' | '\r' | '\n'))
            || matches!(c, '"' | '\u{200b}' | '\u{feff}' | '“' | '”')
    });
    rest.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠'])
}

#[test]
fn csv_read_with_any_separator_never_starts_a_formula() {
    let (dir, c) = hostile_corpus();
    let d = dir.path();
    mark_with_notes(d, &c, CSV_NOTES);
    for (sep_name, sep) in [("comma", b','), ("semicolon", b';'), ("tab", b'\t')] {
        for bom in [false, true] {
            let mut args = vec![
                "export",
                "--format",
                "csv",
                "--corpus",
                &c,
                "--csv-separator",
                sep_name,
            ];
            if bom {
                args.push("--csv-bom");
            }
            let o = parallax(&args, d);
            let bytes = o.stdout.clone();
            ok(&o);
            assert_eq!(
                bytes.starts_with("\u{feff}".as_bytes()),
                bom,
                "{sep_name}: a BOM only with --csv-bom"
            );
            let text = String::from_utf8(bytes).unwrap();
            let body = text.trim_start_matches('\u{feff}');
            assert!(
                body.starts_with(&format!("id{}uid{}kind", sep as char, sep as char)),
                "{sep_name}: {}",
                &body[..40]
            );
            // Read with the file's own separator: every note comes back, changed only by the
            // apostrophes that neutralise formula starts.
            let mut r = csv::ReaderBuilder::new()
                .delimiter(sep)
                .from_reader(body.as_bytes());
            let header = r.headers().unwrap().clone();
            assert_eq!(header.len(), 22, "{sep_name}");
            let col = header.iter().position(|h| h == "note").unwrap();
            let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
            assert_eq!(rows.len(), CSV_NOTES.len());
            let got: Vec<String> = rows.iter().map(|r| r[col].replace('\'', "")).collect();
            for n in CSV_NOTES {
                assert!(
                    got.contains(&n.replace('\'', "")),
                    "{sep_name}: note {n:?} not in {got:?}"
                );
            }
            // Read as a spreadsheet set to any separator would: no field starts a formula.
            for (reader_name, delim) in [("','", b','), ("';'", b';'), ("tab", b'\t')] {
                let mut r = csv::ReaderBuilder::new()
                    .delimiter(delim)
                    .flexible(true)
                    .has_headers(false)
                    .from_reader(body.as_bytes());
                for rec in r.records() {
                    for cell in rec.unwrap().iter() {
                        assert!(
                            !formula_start(cell),
                            "file with {sep_name}, read with {reader_name}: formula cell {cell:?}"
                        );
                    }
                }
            }
        }
    }
    let o = parallax(
        &[
            "export",
            "--format",
            "csv",
            "--corpus",
            &c,
            "--csv-separator",
            "|",
        ],
        d,
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unknown separator is a usage error"
    );
}

// ---------------------------------------------------------------------------------------
// W3C Web Annotation Data Model

/// An absolute IRI (RFC 3987): a scheme, ':', and no white space, controls or `<>"{}|\^``.
fn is_iri(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

/// `xsd:dateTime` with the UTC timezone written `Z`.
fn is_utc_datetime(v: &Value) -> bool {
    let Some(s) = v.as_str() else { return false };
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && s.ends_with('Z')
        && (s.len() == 20 || (b[19] == b'.' && digits(20..s.len() - 1) && s.len() > 21))
}

/// Values of a property that may be one value or an array.
fn values(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        Value::Null => vec![],
        x => vec![x],
    }
}

fn types(v: &Value) -> Vec<&str> {
    values(&v["type"])
        .iter()
        .filter_map(|t| t.as_str())
        .collect()
}

/// The @context MUSTs: 1 or more values, the W3C context among them, a string when only one.
fn check_context(v: &Value, what: &str) {
    let ctx = &v["@context"];
    assert!(
        values(ctx)
            .iter()
            .any(|c| c.as_str() == Some("http://www.w3.org/ns/anno.jsonld")),
        "{what}: the W3C context: {ctx}"
    );
    if let Value::Array(a) = ctx {
        assert!(a.len() > 1, "{what}: a single @context MUST be a string");
    }
}

const MOTIVATIONS: &[&str] = &[
    "assessing",
    "bookmarking",
    "classifying",
    "commenting",
    "describing",
    "editing",
    "highlighting",
    "identifying",
    "linking",
    "moderating",
    "questioning",
    "replying",
    "tagging",
];

/// The keys of the model (its index of JSON keys, the ones a parallax export may use): a key
/// outside the W3C context would be dropped by a JSON-LD processor.
const MODEL_KEYS: &[&str] = &[
    "@context",
    "id",
    "type",
    "body",
    "target",
    "motivation",
    "purpose",
    "creator",
    "created",
    "modified",
    "generator",
    "generated",
    "label",
    "total",
    "first",
    "last",
    "partOf",
    "items",
    "startIndex",
    "next",
    "prev",
    "source",
    "selector",
    "exact",
    "prefix",
    "suffix",
    "start",
    "end",
    "value",
    "format",
    "language",
    "name",
    "nickname",
    "homepage",
];

fn check_keys(v: &Value, path: &str) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                assert!(
                    MODEL_KEYS.contains(&k.as_str()),
                    "{path}: key {k} is not in the model"
                );
                check_keys(x, &format!("{path}.{k}"));
            }
        }
        Value::Array(a) => a.iter().for_each(|x| check_keys(x, path)),
        _ => {}
    }
}

/// Every MUST of the model for an Annotation, its bodies, targets and selectors; `texts`
/// gives each target file's text (by its file: IRI) to check that selectors select it.
fn check_annotation(a: &Value, texts: &dyn Fn(&str) -> Option<String>) {
    let id = a["id"].as_str().unwrap_or("?").to_string();
    // An Annotation MUST have @context (it stands alone), exactly 1 IRI, the Annotation type.
    check_context(a, &id);
    assert!(is_iri(&a["id"]), "{id}: exactly 1 IRI");
    assert!(types(a).contains(&"Annotation"), "{id}: type Annotation");
    for m in values(&a["motivation"]) {
        assert!(
            MOTIVATIONS.contains(&m.as_str().unwrap()),
            "{id}: motivation {m}"
        );
    }
    // created, modified, generated: at most 1, xsd:dateTime in UTC written Z.
    for k in ["created", "modified", "generated"] {
        if !a[k].is_null() {
            assert!(is_utc_datetime(&a[k]), "{id}: {k} {}", a[k]);
        }
    }
    for c in values(&a["creator"]) {
        if !c["id"].is_null() {
            assert!(is_iri(&c["id"]), "{id}: agent id");
        }
    }
    // Bodies: an embedded TextualBody MUST have exactly 1 value; an external one exactly 1 id.
    for b in values(&a["body"]) {
        if b.is_string() {
            assert!(is_iri(b), "{id}: a body IRI");
            continue;
        }
        if types(b).contains(&"TextualBody") {
            assert!(b["value"].is_string(), "{id}: a TextualBody's value: {b}");
        } else if types(b).contains(&"SpecificResource") {
            assert!(!b["source"].is_null(), "{id}: a SpecificResource's source");
        } else {
            assert!(is_iri(&b["id"]), "{id}: an external body's id: {b}");
        }
        for p in values(&b["purpose"]) {
            assert!(
                MOTIVATIONS.contains(&p.as_str().unwrap()),
                "{id}: purpose {p}"
            );
        }
    }
    // Targets: 1 or more; an external resource has exactly 1 id; a segment is a
    // SpecificResource with exactly 1 source and its selectors.
    let targets = values(&a["target"]);
    assert!(!targets.is_empty(), "{id}: 1 or more targets");
    for t in targets {
        if t.is_string() {
            assert!(is_iri(t), "{id}: a target IRI");
            continue;
        }
        if t["selector"].is_null() && t["source"].is_null() {
            assert!(is_iri(&t["id"]), "{id}: an external target's id: {t}");
            continue;
        }
        assert!(
            types(t).contains(&"SpecificResource"),
            "{id}: a target with a source and selectors is a SpecificResource: {t}"
        );
        let source = &t["source"];
        let src = if source.is_string() {
            source
        } else {
            &source["id"]
        };
        assert!(is_iri(src), "{id}: exactly 1 source: {t}");
        let text: Option<Vec<char>> = texts(src.as_str().unwrap()).map(|s| s.chars().collect());
        let mut selected = Vec::new();
        for s in values(&t["selector"]) {
            let ty: Vec<&str> = types(s);
            assert_eq!(ty.len(), 1, "{id}: a selector has exactly 1 type: {s}");
            match ty[0] {
                "TextQuoteSelector" => {
                    assert!(s["exact"].is_string(), "{id}: exactly 1 exact");
                    for k in ["prefix", "suffix"] {
                        assert!(s[k].is_null() || s[k].is_string(), "{id}: at most 1 {k}");
                    }
                    if let Some(text) = &text {
                        let whole: String = text.iter().collect();
                        let quote = format!(
                            "{}{}{}",
                            s["prefix"].as_str().unwrap_or(""),
                            s["exact"].as_str().unwrap(),
                            s["suffix"].as_str().unwrap_or("")
                        );
                        assert!(whole.contains(&quote), "{id}: the quote is in the text");
                    }
                    selected.push(s["exact"].as_str().unwrap().to_string());
                }
                "TextPositionSelector" => {
                    let (Some(start), Some(end)) = (s["start"].as_u64(), s["end"].as_u64()) else {
                        panic!("{id}: start and end MUST be non-negative integers: {s}");
                    };
                    assert!(start <= end, "{id}: {s}");
                    if let Some(text) = &text {
                        // In Unicode code points.
                        assert!(end as usize <= text.len(), "{id}: {s} past the end");
                        selected.push(text[start as usize..end as usize].iter().collect());
                    }
                }
                other => panic!("{id}: unexpected selector {other}"),
            }
        }
        if text.is_some() {
            selected.dedup();
            assert_eq!(
                selected.len(),
                1,
                "{id}: the selectors select the same text"
            );
        }
    }
}

/// Every MUST of the model for an AnnotationCollection and its embedded AnnotationPage.
fn check_collection(doc: &Value, texts: &dyn Fn(&str) -> Option<String>) {
    check_context(doc, "collection");
    assert!(
        is_iri(&doc["id"]),
        "the collection has exactly 1 IRI: {}",
        doc["id"]
    );
    assert!(types(doc).contains(&"AnnotationCollection"));
    for l in values(&doc["label"]) {
        assert!(l.is_string(), "a label MUST be a string");
    }
    let total = doc["total"]
        .as_u64()
        .expect("total, a non-negative integer");
    if total == 0 {
        assert!(doc["first"].is_null(), "no page without annotations");
        return;
    }
    let page = &doc["first"];
    assert!(
        page.is_object(),
        "a collection with annotations has exactly 1 first page"
    );
    assert!(
        page["@context"].is_null(),
        "an embedded page SHOULD NOT have @context"
    );
    assert!(
        is_iri(&page["id"]),
        "the page has exactly 1 IRI: {}",
        page["id"]
    );
    assert_ne!(page["id"], doc["id"]);
    assert!(types(page).contains(&"AnnotationPage"));
    if !page["partOf"].is_null() {
        let p = &page["partOf"];
        assert_eq!(if p.is_string() { p } else { &p["id"] }, &doc["id"]);
    }
    assert!(
        page["startIndex"].is_u64(),
        "startIndex, a non-negative integer"
    );
    assert!(page["next"].is_null(), "a single page is the last");
    if !doc["last"].is_null() {
        assert_eq!(doc["last"], page["id"]);
    }
    let items = page["items"].as_array().expect("items, an array");
    assert!(!items.is_empty(), "a page holds 1 or more annotations");
    assert_eq!(items.len() as u64, total);
    for a in items {
        check_annotation(a, texts);
        // Split from the page, the annotation stands alone.
        let alone: Value = serde_json::from_str(&serde_json::to_string(a).unwrap()).unwrap();
        check_annotation(&alone, texts);
    }
    check_keys(doc, "$");
}

fn w3c_export(d: &Path, c: &str, extra: &[&str]) -> Value {
    let mut args = vec!["export", "--format", "w3c", "--corpus", c];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(&parallax(&args, d))).unwrap()
}

/// The text of a file: IRI of the corpus, as the selectors count it.
fn texts_of(corpus: &str) -> impl Fn(&str) -> Option<String> + '_ {
    move |iri: &str| {
        let c = parallax_core::corpus::Corpus::open(Path::new(corpus)).ok()?;
        c.entries
            .iter()
            .find(|e| parallax_core::marks::export::file_uri(&e.path.to_string_lossy()) == iri)
            .and_then(|e| c.load(e).ok())
            .map(|a| a.text)
    }
}

#[test]
fn w3c_export_meets_every_must_of_the_web_annotation_model() {
    let (dir, c) = hostile_corpus();
    let d = dir.path();
    let texts = texts_of(&c);

    // No marks: a collection with an IRI and no page (a page holds 1 or more annotations).
    let empty = w3c_export(d, &c, &[]);
    check_collection(&empty, &texts);
    assert_eq!(empty["total"], 0);

    mark_with_notes(d, &c, &MD_NOTES[..4]);
    ok(&parallax(
        &[
            "mark", "004", "hostile", "--label", "copy", "--source", "left", "--corpus", &c,
        ],
        d,
    ));
    let doc = w3c_export(d, &c, &[]);
    check_collection(&doc, &texts);
    assert_eq!(doc["total"], 5);
    let items = doc["first"]["items"].as_array().unwrap();
    // Paragraph marks and the pair mark select text: every target is a SpecificResource.
    for a in items {
        for t in values(&a["target"]) {
            assert_eq!(t["type"], "SpecificResource", "{t}");
        }
    }

    // Stable: the same marks give the same IRIs; a change gives another collection IRI.
    let again = w3c_export(d, &c, &[]);
    assert_eq!(again["id"], doc["id"]);
    assert_eq!(again["first"]["id"], doc["first"]["id"]);
    assert_ne!(empty["id"], doc["id"]);
    ok(&parallax(&["note", "1", "changed", "--corpus", &c], d));
    let changed = w3c_export(d, &c, &[]);
    assert_ne!(changed["id"], doc["id"]);

    // An IRI the user gives.
    let mine = w3c_export(d, &c, &["--w3c-id", "https://example.org/marks/2024"]);
    check_collection(&mine, &texts);
    assert_eq!(mine["id"], "https://example.org/marks/2024");
    assert_eq!(mine["first"]["id"], "https://example.org/marks/2024#page-1");
    for bad in [
        "not an iri",
        "https://x.example/a b",
        "marks",
        "https://x.example/#f",
        "",
    ] {
        let o = parallax(
            &["export", "--format", "w3c", "--corpus", &c, "--w3c-id", bad],
            d,
        );
        assert_eq!(o.status.code(), Some(1), "{bad:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--w3c-id"), "{err}");
    }

    // A mark imported with a uid that is not a UUID and times with an offset: still an IRI,
    // still UTC written Z.
    let mut json: Value = serde_json::from_str(&ok(&parallax(
        &["export", "--format", "json", "--corpus", &c],
        d,
    )))
    .unwrap();
    let m = &mut json["marks"][0];
    m["uid"] = "not a uuid <x>".into();
    m["created_at"] = "2022-03-27T16:05:09.042+02:00".into();
    m["updated_at"] = "2022-03-27t14:06:00z".into();
    let file = d.join("in.json");
    std::fs::write(&file, json.to_string()).unwrap();
    let store = d.join("other.db");
    let store = store.to_str().unwrap();
    ok(&parallax(
        &[
            "import",
            file.to_str().unwrap(),
            "--corpus",
            &c,
            "--store",
            store,
        ],
        d,
    ));
    let imported = w3c_export(d, &c, &["--store", store]);
    check_collection(&imported, &texts);
    let a = &imported["first"]["items"][0];
    assert_eq!(a["created"], "2022-03-27T14:05:09.042Z");
    assert_eq!(a["modified"], "2022-03-27T14:06:00.000Z");
}

// ---------------------------------------------------------------------------------------
// Markdown

/// The report rendered by comrak with GitHub's extensions (autolinks, tables, strikethrough,
/// task lists, footnotes), raw HTML let through so that any would show.
fn render_gfm(md: &str) -> String {
    let mut o = comrak::Options::default();
    o.extension.autolink = true;
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.render.r#unsafe = true;
    comrak::markdown_to_html(md, &o)
}

/// The HTML tags of a rendering (`a`, `h2`, `/p`, …).
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|t| {
            t.split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

/// Text of HTML: tags dropped, the entities comrak writes decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn markdown_renders_notes_and_titles_as_literal_text() {
    let (dir, c) = hostile_corpus();
    let d = dir.path();
    mark_with_notes(d, &c, MD_NOTES);
    ok(&parallax(
        &[
            "mark",
            "004",
            "hostile",
            "--label",
            "same-story",
            "--note",
            "@A1 www.evil.example",
            "--corpus",
            &c,
        ],
        d,
    ));
    let md = ok(&parallax(&["export", "--format", "md", "--corpus", &c], d));
    let html = render_gfm(&md);

    // Only the report's own structure: no link, image, code, emphasis, strike-through,
    // footnote, block quote or list of a note's making; raw HTML only the report's <br>.
    let allowed = [
        "h1", "h2", "h3", "p", "ul", "li", "strong", "table", "thead", "tbody", "tr", "th", "td",
        "br",
    ];
    for t in tags(&html) {
        let name = t.trim_start_matches('/');
        assert!(allowed.contains(&name), "<{t}> in the rendering:\n{html}");
    }
    assert_eq!(tags(&html).iter().filter(|t| *t == "h1").count(), 1);
    assert_eq!(
        tags(&html).iter().filter(|t| *t == "h2").count(),
        1,
        "one article pair"
    );
    for strong in html.split("<strong>").skip(1) {
        let s = strong.split("</strong>").next().unwrap();
        assert!(
            ["Left:", "Right:", "Shares now:", "Verdict:", "distinct"].contains(&s),
            "bold text {s:?} not of the report's making"
        );
    }

    // Each note and the title read back as written (line breaks as <br>).
    let text = html_text(&html.replace("<br>", "\n"));
    for n in MD_NOTES {
        assert!(
            text.contains(n),
            "note {n:?} not rendered literally:\n{text}"
        );
    }
    let title = "https://evil.example www.evil.example a@b.example *x* @A1 <b>x</b> [a](b) `c`";
    assert!(
        text.contains(title),
        "title not rendered literally:\n{text}"
    );

    // pandoc reads `@name` as a citation unless the `@` is escaped.
    for (i, _) in md.match_indices('@') {
        assert!(
            md[..i].ends_with('\\'),
            "an unescaped @ at {i}: {}",
            &md[i.saturating_sub(20)..i + 5]
        );
    }
}
