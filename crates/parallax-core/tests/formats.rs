//! Importers on fixtures written for this project (tests/fixtures/formats), and hostile files:
//! each bad file is one clear per-file message, the rest of the corpus loads.

use parallax_core::corpus::{self, Corpus, Format};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

fn load(id: &str) -> parallax_core::Article {
    let c = Corpus::open(&fixtures()).unwrap();
    let e = c.resolve(id).unwrap();
    c.load(e).unwrap()
}

/// Title, source, byline and date of an article.
fn assert_meta(a: &parallax_core::Article, want: [&str; 4]) {
    let m = &a.meta;
    let got = [
        m.title.as_str(),
        m.source.as_deref().unwrap_or("-"),
        m.byline.as_deref().unwrap_or("-"),
        m.date.as_deref().unwrap_or("-"),
    ];
    assert_eq!(got, want, "{}", a.id);
}

#[test]
fn html_page_gives_the_article_text_only() {
    let a = load("harbour");
    assert_meta(
        &a,
        [
            "Harbour crane collapse halts night shipping",
            "Coastline Courier",
            "Mira Tallent",
            "2023-05-14",
        ],
    );
    let body: Vec<&str> = a
        .paragraphs
        .iter()
        .filter(|p| !p.role.discounted())
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(body.len(), 4, "{body:#?}");
    assert!(body[0].starts_with("A container crane at the northern quay"));
    assert!(body[3].ends_with("several weeks before the collapse."));
    for junk in [
        "SCRIPT_TEXT",
        "STYLE_TEXT",
        "ADVERT",
        "COMMENT",
        "Subscribe",
        "Privacy",
        "Sport",
    ] {
        assert!(!a.text.contains(junk), "{junk} leaked into {:?}", a.text);
    }
}

#[test]
fn jsonl_gives_one_article_per_line_with_mapped_fields() {
    let c = Corpus::open(&fixtures()).unwrap();
    let ids: Vec<&str> = c
        .entries
        .iter()
        .filter(|e| e.format == Format::Jsonl)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(ids, ["wire#1", "wire#2", "wire#3"]);
    let a = load("wire#2");
    assert_meta(
        &a,
        [
            "Rail strike called off after late offer",
            "Metro Daily",
            "Lena Voss, Tom Hale",
            "2023-06-02",
        ],
    );
    assert_eq!(
        a.meta.url.as_deref(),
        Some("https://example.test/news/rail-strike")
    );
    assert_eq!(a.paragraphs.len(), 2);
    let c3 = load("wire#3");
    assert_eq!(c3.meta.source.as_deref(), Some("citynews.example.test"));
    assert_eq!(c3.meta.date.as_deref(), Some("2023-06-03"));
    assert_ne!(load("wire#1").hash, c3.hash, "each line has its own hash");
}

#[test]
fn latin1_with_crlf_is_decoded_right() {
    let a = load("latin1");
    assert_eq!(a.encoding, "windows-1252");
    assert_eq!(
        a.paragraphs[0].text,
        "Café prices in the harbour district rose by £2 this year, owners said."
    );
    assert_eq!(
        a.paragraphs[1].text,
        "The élégant terrace of the Marée café stays open until late."
    );
}

#[test]
fn front_matter_sets_metadata_and_keeps_offsets_into_the_file() {
    let a = load("front");
    assert_meta(
        &a,
        [
            "Ferry timetable changes for summer",
            "Island Gazette",
            "Ana Ruiz",
            "2023-04-20",
        ],
    );
    assert_eq!(a.paragraphs.len(), 2);
    let raw = std::fs::read_to_string(fixtures().join("front.md")).unwrap();
    let p = &a.paragraphs[0];
    assert_eq!(&raw[p.start..p.end], p.text);
    assert!(p.text.starts_with("The summer ferry timetable"));
}

#[test]
fn encodings_utf16_and_bom() {
    let mut le = vec![0xFF, 0xFE];
    for u in "Zoë wrote this.\r\n".encode_utf16() {
        le.extend(u.to_le_bytes());
    }
    let a = corpus::parse("x", Path::new("x.txt"), &le, Format::Text).unwrap();
    assert_eq!(a.encoding, "UTF-16LE");
    assert_eq!(a.paragraphs[0].text, "Zoë wrote this.");
    let b = corpus::parse(
        "x",
        Path::new("x.txt"),
        b"\xEF\xBB\xBFna\xC3\xAFve\n",
        Format::Text,
    )
    .unwrap();
    assert_eq!((b.encoding.as_str(), b.text.as_str()), ("UTF-8", "naïve\n"));
    // Truncated UTF-16 is an error, not replacement characters.
    assert!(corpus::parse("x", Path::new("x.txt"), &le[..le.len() - 1], Format::Text).is_err());
}

fn reasons(dir: &Path) -> (Vec<String>, Vec<(String, String)>) {
    let c = Corpus::open(dir).unwrap();
    let (articles, skipped) = c.load_all();
    (
        articles.into_iter().map(|a| a.id).collect(),
        skipped
            .into_iter()
            .map(|s| {
                let name = s.path.file_name().unwrap().to_string_lossy().into_owned();
                (name, s.reason)
            })
            .collect(),
    )
}

#[test]
fn hostile_files_are_skipped_one_message_each() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("good.txt"),
        "A good article.\n\nWith two paragraphs.\n",
    )
    .unwrap();
    std::fs::write(d.join("binary.txt"), b"\x7fELF\x02\x01\x00\x00binary").unwrap();
    std::fs::write(d.join("empty.md"), "").unwrap();
    std::fs::write(
        d.join("broken.json"),
        r#"{"title": "cut off", "text": "abc"#,
    )
    .unwrap();
    std::fs::write(
        d.join("list.json"),
        r#"[{"text": "One."}, 3, {"text": "Two."}]"#,
    )
    .unwrap();
    std::fs::write(
        d.join("feed.jsonl"),
        "{\"text\": \"First line.\"}\n{not json\n\n{\"text\": \"Fourth line.\"}\n",
    )
    .unwrap();
    std::fs::write(
        d.join("scripts.html"),
        "<html><head><script>var a = 1;</script><style>p{}</style></head><body><script>alert(1)</script></body></html>",
    )
    .unwrap();
    // 100 MB, sparse: refused by size before any byte is read.
    let big = std::fs::File::create(d.join("huge.txt")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    drop(big);
    std::os::unix::fs::symlink(d, d.join("loop")).unwrap();

    let (ids, skipped) = reasons(d);
    assert_eq!(ids, ["feed#1", "feed#4", "good", "list#1", "list#3"]);
    let find = |name: &str| -> &str {
        let hits: Vec<&(String, String)> = skipped.iter().filter(|(n, _)| n == name).collect();
        assert_eq!(hits.len(), 1, "{name}: {skipped:#?}");
        &hits[0].1
    };
    assert!(find("binary.txt").contains("binary"));
    assert_eq!(find("empty.md"), "empty file (0 bytes)");
    assert!(
        find("broken.json").starts_with("invalid JSON: EOF"),
        "{skipped:?}"
    );
    assert!(find("list.json").starts_with("item 2: not an article object"));
    assert!(find("feed.jsonl").starts_with("line 2: invalid JSON"));
    assert!(find("scripts.html").contains("no article text"));
    assert!(find("huge.txt").starts_with("too large (100 MB"));
    assert!(find("loop").contains("link loop"));
    assert_eq!(skipped.len(), 8, "{skipped:#?}");
}

#[test]
fn unreadable_file_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("ok.txt"), "Fine.\n").unwrap();
    // A dangling link cannot be read by anyone, root included.
    std::os::unix::fs::symlink(d.join("gone.txt"), d.join("dangling.txt")).unwrap();
    let (ids, skipped) = reasons(d);
    assert_eq!(ids, ["ok"]);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(skipped[0].1.contains("No such file"), "{skipped:?}");
}

#[test]
fn a_page_gives_the_address_it_declares_for_itself() {
    let body =
        "<p>The talks resumed in the capital on Monday after a week of delays. </p>".repeat(8);
    let page = |head: &str| {
        format!("<html><head><title>Talks resume</title>{head}</head><body><article><h1>Talks resume</h1>{body}</article></body></html>")
    };
    let url = |head: &str| {
        let d = corpus::formats::html(&page(head)).expect("an article");
        d.fields.url
    };
    let canonical = r#"<link rel="canonical" href="https://news.example.com/a">"#;
    let og = r#"<meta property="og:url" content="https://news.example.com/b">"#;
    assert_eq!(
        url(canonical).as_deref(),
        Some("https://news.example.com/a")
    );
    assert_eq!(url(og).as_deref(), Some("https://news.example.com/b"));
    // The canonical link wins over og:url, wherever each stands in the head.
    assert_eq!(
        url(&format!("{og}{canonical}")).as_deref(),
        Some("https://news.example.com/a")
    );
    assert_eq!(
        url(r#"<LINK REL="alternate canonical" HREF="http://x.example/c">"#).as_deref(),
        Some("http://x.example/c")
    );
    assert_eq!(
        url(r#"<meta name="og:url" content=" https://news.example.com/d ">"#).as_deref(),
        Some("https://news.example.com/d")
    );
    // Not an address of the page: relative, another scheme, or nothing declared.
    for head in [
        r#"<link rel="canonical" href="/world/a">"#,
        r#"<meta property="og:url" content="javascript:alert(1)">"#,
        r#"<link rel="stylesheet" href="https://news.example.com/s.css">"#,
        "",
    ] {
        assert_eq!(url(head), None, "{head}");
    }
}
