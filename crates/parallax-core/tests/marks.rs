//! Marks through the library: the store, history and undo, re-anchoring after edits, bad
//! stores, import, and every export format with hostile content.

mod common;
use common::{articles_dir, load, seed, temp_corpus, HOSTILE};
use parallax_core::corpus::Corpus;
use parallax_core::marks::export::{self, Format};
use parallax_core::marks::store::{Store, StoreError};
use parallax_core::marks::{AnchorStatus, CopySource, Mark, PairLabel, ParaLabel, Target};
use serde_json::Value;
use std::path::Path;

fn paras(left: &[usize], right: &[usize], label: ParaLabel) -> Target {
    Target::Paragraphs {
        left: left.to_vec(),
        right: right.to_vec(),
        label,
    }
}

fn export_string(store: &Store, corpus: &Corpus, format: Format) -> String {
    let mut buf = Vec::new();
    export::write(store, corpus, format, &mut buf).expect("export");
    String::from_utf8(buf).expect("UTF-8 export")
}

fn export_json(store: &Store, corpus: &Corpus) -> Value {
    serde_json::from_str(&export_string(store, corpus, Format::Json)).expect("valid JSON")
}

fn raw(store_path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(store_path).expect("raw connection")
}

#[test]
fn marks_are_stored_listed_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let path = Store::default_path(dir.path());
    assert!(path.ends_with(".parallax/parallax.db"));
    let mut store = Store::open(&path).expect("creates the store and its folder");
    let (dw, forum, other) = (seed("004"), seed("002"), seed("003"));

    let pair = store
        .add(
            &dw,
            &forum,
            Target::Pair(PairLabel::Copy(CopySource::Left)),
            Some("DW reposted"),
            "alice",
        )
        .unwrap();
    assert_eq!(pair.id, 1);
    assert_eq!(
        (pair.left_id.as_str(), pair.right_id.as_str()),
        (dw.id.as_str(), forum.id.as_str())
    );
    assert_eq!(pair.anchor_status, AnchorStatus::Ok);
    assert_eq!(pair.left.hash, dw.hash);
    assert!(parallax_core::marks::is_rfc3339(&pair.created_at));
    assert!(pair.created_at.ends_with('Z'));
    assert_eq!(pair.uid.len(), 36);

    let p = store
        .add(
            &dw,
            &forum,
            paras(&[2], &[5], ParaLabel::NearDuplicate),
            None,
            "alice",
        )
        .unwrap();
    let q = &p.left.paragraphs[0].quote;
    assert!(q.exact.starts_with("Moscow says soldiers"));
    assert!(q.prefix.ends_with("Deutsche Welle, Germany\n\n"));
    assert!(q.suffix.contains("Russian peacekeepers"));
    assert_eq!(p.right.paragraphs[0].quote.exact, forum.paragraphs[5].text);
    store
        .add(&other, &dw, Target::Pair(PairLabel::Unrelated), None, "bob")
        .unwrap();

    let current = store.current().unwrap();
    assert_eq!(current.iter().map(|m| m.id).collect::<Vec<_>>(), [1, 2, 3]);
    // Either order finds the pair, and each mark keeps its own orientation.
    let fp = store.for_pair(&forum.id, &dw.id).unwrap();
    assert_eq!(fp.len(), 2);
    assert!(fp.iter().all(|m| m.left_id == dw.id));
    assert_eq!(store.for_articles(&dw, &other).unwrap().len(), 1);
    let counts = store.counts_by_article().unwrap();
    assert_eq!(counts[&dw.id], 3);
    assert_eq!(counts[&forum.id], 2);
    assert_eq!(counts[&other.id], 1);
    // Pair verdicts only (not the paragraph mark), oldest first, as stored.
    assert_eq!(
        store.pair_labels().unwrap(),
        [
            (dw.id.clone(), forum.id.clone(), "copy".to_string()),
            (other.id.clone(), dw.id.clone(), "unrelated".to_string())
        ]
    );
    store.delete(3, "bob").unwrap();
    assert_eq!(store.pair_labels().unwrap().len(), 1);
    store.undo_by("bob").unwrap();
    assert_eq!(store.pair_labels().unwrap().len(), 2);

    // A new connection (another process) sees the same.
    drop(store);
    let again = Store::open(&path).unwrap();
    assert_eq!(again.current().unwrap(), current);
    assert_eq!(again.integrity_check().unwrap(), "ok");
    let mode: String = raw(&path)
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn bad_paragraphs_and_authors_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    let (dw, forum) = (seed("004"), seed("002"));
    let err = store
        .add(
            &dw,
            &forum,
            paras(&[99], &[1], ParaLabel::Distinct),
            None,
            "a",
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "paragraph 99 is out of range: 004_930046805f83b52a has 21 paragraphs (¶0-¶20)"
    );
    assert!(store
        .add(
            &dw,
            &forum,
            paras(&[1], &[96], ParaLabel::Distinct),
            None,
            "a"
        )
        .unwrap_err()
        .to_string()
        .contains("002_74ca31117742919c has 96 paragraphs"));
    assert!(store
        .add(&dw, &forum, Target::Pair(PairLabel::Duplicate), None, "  ")
        .is_err());
    assert!(store.current().unwrap().is_empty());
}

#[test]
fn changes_keep_history_and_undo_walks_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let mut store = Store::open(&path).unwrap();
    let (dw, forum) = (seed("004"), seed("002"));

    let m = store
        .add(
            &dw,
            &forum,
            Target::Pair(PairLabel::SameStory),
            Some("first"),
            "alice",
        )
        .unwrap();
    // The same author marking the same pair again (in the other order) changes that mark.
    let changed = store
        .add(
            &forum,
            &dw,
            Target::Pair(PairLabel::Copy(CopySource::Right)),
            None,
            "alice",
        )
        .unwrap();
    assert_eq!(changed.id, m.id);
    assert_eq!(changed.uid, m.uid);
    assert_eq!(changed.note.as_deref(), Some("first"), "note kept");
    assert_eq!(changed.left_id, forum.id);
    // Another author's verdict on the same pair is a mark of its own.
    let bob = store
        .add(&dw, &forum, Target::Pair(PairLabel::Duplicate), None, "bob")
        .unwrap();
    assert_ne!(bob.id, m.id);
    store.set_note(m.id, Some("second"), "alice").unwrap();
    store.delete(bob.id, "bob").unwrap();
    assert_eq!(store.current().unwrap().len(), 1);
    // The deleted mark is still in the file, flagged.
    let flagged: i64 = raw(&path)
        .query_row("SELECT deleted FROM marks WHERE id = ?1", [bob.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(flagged, 1);
    assert!(matches!(
        store.set_note(bob.id, Some("x"), "bob"),
        Err(StoreError::Deleted(_))
    ));
    assert!(matches!(
        store.delete(999, "bob"),
        Err(StoreError::NoMark(999))
    ));

    let ops: Vec<String> = store
        .history(m.id)
        .unwrap()
        .into_iter()
        .map(|c| c.op)
        .collect();
    assert_eq!(ops, ["add", "relabel", "note"]);

    // Each author undoes their own changes, newest first.
    let undone = store.undo_by("bob").unwrap().unwrap();
    assert!(undone.contains("deleted"), "{undone}");
    assert_eq!(store.current().unwrap().len(), 2);
    let undone = store.undo_by("alice").unwrap().unwrap();
    assert!(undone.contains("note"), "{undone}");
    assert_eq!(
        store.for_pair(&dw.id, &forum.id).unwrap()[0]
            .note
            .as_deref(),
        Some("first")
    );
    store.undo_by("bob").unwrap().unwrap(); // bob's mark
    assert_eq!(store.undo_by("bob").unwrap(), None, "bob has nothing left");
    let undone = store.undo_by("alice").unwrap().unwrap();
    assert!(undone.contains("same-story"), "{undone}");
    let back = store.get(m.id).unwrap().unwrap().0;
    assert_eq!(back.target, Target::Pair(PairLabel::SameStory));
    assert_eq!(back.left_id, dw.id);
    store.undo_by("alice").unwrap().unwrap();
    assert!(store.current().unwrap().is_empty());
    assert_eq!(
        store.undo_by("alice").unwrap(),
        None,
        "nothing left to undo"
    );
    let h = store.history(m.id).unwrap();
    assert_eq!(h.iter().filter(|c| c.op == "undo").count(), 3);
    assert!(h.iter().filter(|c| c.op != "undo").all(|c| c.undone));
}

/// A copy of 004 and 002 with paragraphs marked, then 004 edited in the ways a file changes.
#[test]
fn marks_follow_edited_files_or_say_they_are_orphaned() {
    let (dir, files) = temp_corpus(&["004", "002"]);
    let corpus = dir.path();
    let mut store = Store::open(&Store::default_path(corpus)).unwrap();
    let (dw, forum) = (load(corpus, "004"), load(corpus, "002"));
    let original = dw.text.clone();
    let p10 = dw.paragraphs[10].text.clone();
    assert!(p10.starts_with("Azerbaijan's Defence Ministry refuted"));
    let mut mark = |target: Target| store.add(&dw, &forum, target, None, "a").unwrap();
    let m10 = mark(paras(&[10], &[15], ParaLabel::NearDuplicate));
    let m2 = mark(paras(&[2], &[5], ParaLabel::NearDuplicate));
    let pair = mark(Target::Pair(PairLabel::Copy(CopySource::Left)));
    let status = |store: &Store, id: i64| {
        let m = store
            .current()
            .unwrap()
            .into_iter()
            .find(|m| m.id == id)
            .unwrap();
        (m.anchor_status, m.target.clone(), m.anchor_detail.clone())
    };
    assert_eq!(status(&store, m10.id).0, AnchorStatus::Ok);

    // A paragraph inserted at the top: every index shifts by one, found by hash.
    let edited = original.replacen(
        "Deutsche Welle, Germany",
        "Editor's note: this report was updated.\n\nDeutsche Welle, Germany",
        1,
    );
    std::fs::write(&files[0], &edited).unwrap();
    let (s, t, d) = status(&store, m10.id);
    assert_eq!(s, AnchorStatus::Reanchored);
    assert_eq!(t, paras(&[11], &[15], ParaLabel::NearDuplicate));
    assert!(d.unwrap().contains("¶10→¶11"));
    assert_eq!(
        status(&store, pair.id).0,
        AnchorStatus::Reanchored,
        "pair on a changed file"
    );

    // Punctuation and case changed in the marked paragraph: same normalised words.
    let edited2 = edited.replacen("refuted Moscow's", "REFUTED Moscow’s", 1);
    assert_ne!(edited2, edited);
    std::fs::write(&files[0], &edited2).unwrap();
    assert_eq!(
        status(&store, m10.id).1,
        paras(&[11], &[15], ParaLabel::NearDuplicate)
    );

    // A word changed in the marked paragraph: hash and exact quote fail, the context holds.
    let edited3 = edited.replacen("refuted Moscow's version", "rejected Moscow's version", 1);
    assert_ne!(edited3, edited);
    std::fs::write(&files[0], &edited3).unwrap();
    let (s, t, _) = status(&store, m10.id);
    assert_eq!(s, AnchorStatus::Reanchored);
    assert_eq!(t, paras(&[11], &[15], ParaLabel::NearDuplicate));

    // The marked paragraph replaced by other text: not attached to the replacement.
    let edited4 = original.replacen(
        &p10,
        "A wholly different paragraph about the weather in Baku today.",
        1,
    );
    std::fs::write(&files[0], &edited4).unwrap();
    let (s, t, d) = status(&store, m10.id);
    assert_eq!(s, AnchorStatus::Orphaned);
    assert_eq!(
        t,
        paras(&[10], &[15], ParaLabel::NearDuplicate),
        "recorded indices kept"
    );
    assert!(d.unwrap().contains("left ¶10 not found"));
    assert_eq!(
        status(&store, m2.id).0,
        AnchorStatus::Reanchored,
        "the other mark holds"
    );

    // The marked paragraph deleted outright.
    let edited5 = original.replacen(&p10, "", 1);
    std::fs::write(&files[0], &edited5).unwrap();
    assert_eq!(status(&store, m10.id).0, AnchorStatus::Orphaned);

    // Two paragraphs merged (the blank line between them removed): found inside the merge.
    let p2 = &dw.paragraphs[2];
    let p1 = &dw.paragraphs[1];
    let merged = format!(
        "{}{} {}",
        &original[..p1.start],
        &original[p1.start..p1.end],
        &original[p2.start..]
    );
    std::fs::write(&files[0], &merged).unwrap();
    let merged_article = load(corpus, "004");
    assert_eq!(merged_article.paragraphs.len(), dw.paragraphs.len() - 1);
    let (s, t, _) = status(&store, m2.id);
    assert_eq!(s, AnchorStatus::Reanchored);
    assert_eq!(t, paras(&[1], &[5], ParaLabel::NearDuplicate));

    // Back to the original: everything is Ok again.
    std::fs::write(&files[0], &original).unwrap();
    for m in store.current().unwrap() {
        assert_eq!(m.anchor_status, AnchorStatus::Ok, "#{}", m.id);
    }

    // The file gone: orphaned, and the exports say so.
    std::fs::remove_file(&files[0]).unwrap();
    let c = Corpus::open(corpus).unwrap();
    let v = export_json(&store, &c);
    for m in v["marks"].as_array().unwrap() {
        assert_eq!(m["anchor_status"], "orphaned");
        assert!(m["anchor_detail"].as_str().unwrap().contains("not found"));
        assert!(m["scores"].is_null());
        assert!(m["left"]["current_hash"].is_null());
    }
    let md = export_string(&store, &c, Format::Md);
    assert!(md.contains("anchors orphaned"));
    assert!(md.contains("unavailable"));
    let csv = export_string(&store, &c, Format::Csv);
    assert!(csv.contains(",orphaned,"));
}

#[test]
fn a_foreign_or_damaged_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let check = |name: &str, bytes: &[u8], want: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = Store::open(&path).unwrap_err().to_string();
        assert!(want.split('|').any(|w| err.contains(w)), "{name}: {err}");
        assert_eq!(err.lines().count(), 1);
        assert!(
            err.contains("left untouched") || err.contains("newer"),
            "{name}: {err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "{name} was changed");
    };
    check(
        "text.db",
        b"hello, I am a shopping list\n",
        "not a parallax store",
    );
    check("random.db", &[0x5a; 4096], "not a parallax store");
    let mut lying = b"SQLite format 3\0".to_vec();
    lying.extend([0xff; 4080]);
    check("lying.db", &lying, "not a parallax store|damaged");

    // Another application's SQLite database.
    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
    }
    let bytes = std::fs::read(&other).unwrap();
    let err = Store::open(&other).unwrap_err().to_string();
    assert!(err.contains("another application"), "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), bytes);

    // A real store, damaged: pages overwritten.
    let damaged = dir.path().join("damaged.db");
    {
        let mut s = Store::open(&damaged).unwrap();
        let (dw, forum) = (seed("004"), seed("002"));
        for i in 0..20 {
            s.add(
                &dw,
                &forum,
                paras(&[i], &[i], ParaLabel::Distinct),
                Some(&"n".repeat(500)),
                "a",
            )
            .unwrap();
        }
    }
    let mut bytes = std::fs::read(&damaged).unwrap();
    assert!(bytes.len() > 4096 * 3, "several pages");
    for b in &mut bytes[4096 + 100..4096 * 3] {
        *b = 0xA5;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let err = Store::open(&damaged).unwrap_err().to_string();
    assert!(
        err.contains("damaged") || err.contains("not a parallax store"),
        "{err}"
    );
    assert_eq!(std::fs::read(&damaged).unwrap(), bytes);

    // A store from a newer parallax.
    let newer = dir.path().join("newer.db");
    drop(Store::open(&newer).unwrap());
    raw(&newer)
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let bytes = std::fs::read(&newer).unwrap();
    let err = Store::open(&newer).unwrap_err().to_string();
    assert!(err.contains("newer"), "{err}");
    assert_eq!(std::fs::read(&newer).unwrap(), bytes);

    // A folder where the file should be; an empty file is a new store.
    assert!(Store::open(dir.path())
        .unwrap_err()
        .to_string()
        .contains("folder"));
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let s = Store::open(&empty).unwrap();
    assert!(s.current().unwrap().is_empty());
}

#[test]
fn migrations_bring_an_empty_file_to_the_current_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    drop(Store::open(&path).unwrap());
    let c = raw(&path);
    let v: i32 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let app: i32 = c
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, parallax_core::marks::store::schema_version());
    assert_eq!(v as usize, parallax_core::marks::store::MIGRATIONS.len());
    assert_eq!(app, parallax_core::marks::store::APPLICATION_ID);
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(tables.contains(&"marks".to_string()) && tables.contains(&"changes".to_string()));
    drop(c);
    // Opening again changes nothing.
    drop(Store::open(&path).unwrap());
    let v2: i32 = raw(&path)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v2, v);
}

/// Everything but what is recomputed on each export (`generated_at`) or local to a store (`id`).
fn portable(v: &Value) -> Vec<Value> {
    v["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let mut m = m.clone();
            m.as_object_mut().unwrap().remove("id");
            m
        })
        .collect()
}

fn fill(store: &mut Store, note: &str) -> Vec<Mark> {
    let (dw, forum, a0, a1) = (seed("004"), seed("002"), seed("000"), seed("001"));
    let mut add = |l: &parallax_core::Article, r: &parallax_core::Article, t, n, who| {
        store.add(l, r, t, n, who).unwrap()
    };
    vec![
        add(
            &dw,
            &forum,
            Target::Pair(PairLabel::Copy(CopySource::Left)),
            Some(note),
            "alice",
        ),
        add(
            &dw,
            &forum,
            paras(&[2], &[5], ParaLabel::NearDuplicate),
            Some("¶2"),
            "alice",
        ),
        add(
            &dw,
            &forum,
            paras(&[3, 4], &[6, 7], ParaLabel::Paraphrase),
            None,
            "bob",
        ),
        add(
            &a0,
            &a1,
            Target::Pair(PairLabel::SameStory),
            Some(note),
            "bob",
        ),
    ]
}

#[test]
fn json_round_trip_and_idempotent_import() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::open(&articles_dir()).unwrap();
    let mut first = Store::open(&dir.path().join("first.db")).unwrap();
    let made = fill(&mut first, HOSTILE);
    // A gap in the ids: a deleted mark is not exported.
    first.delete(made[2].id, "bob").unwrap();
    let exported = export_string(&first, &corpus, Format::Json);
    let v1: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(v1["schema_version"], 1);
    assert_eq!(v1["marks"].as_array().unwrap().len(), 3);

    let second_path = dir.path().join("second.db");
    let mut second = Store::open(&second_path).unwrap();
    let marks = export::read_json(&exported).unwrap();
    let r = second.import(&marks, "carol").unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (3, 0, 0));
    let v2 = export_json(&second, &corpus);
    assert_eq!(
        portable(&v1),
        portable(&v2),
        "export → import → export gives the same marks"
    );
    assert_eq!(v2["marks"][0]["note"], HOSTILE);

    // Importing the same file again changes nothing, not even the history.
    let changes = |p: &Path| -> i64 {
        raw(p)
            .query_row("SELECT count(*) FROM changes", [], |r| r.get(0))
            .unwrap()
    };
    let before = changes(&second_path);
    let r = second.import(&marks, "carol").unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 0, 3));
    assert_eq!(changes(&second_path), before);
    assert_eq!(portable(&export_json(&second, &corpus)), portable(&v2));

    // Undo takes the whole import back; importing again brings it back.
    assert!(second
        .undo_by("carol")
        .unwrap()
        .unwrap()
        .contains("import of 3 marks"));
    assert!(second.current().unwrap().is_empty());
    let r = second.import(&marks, "carol").unwrap();
    assert_eq!(r.added, 3);
    assert_eq!(portable(&export_json(&second, &corpus)), portable(&v2));

    // A later change made elsewhere wins; an older one does not overwrite.
    let alice_note = first
        .set_note(made[0].id, Some("revised"), "alice")
        .unwrap();
    let newer = export::read_json(&export_string(&first, &corpus, Format::Json)).unwrap();
    let r = second.import(&newer, "carol").unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 1, 2));
    let got = second.current().unwrap();
    let m = got.iter().find(|m| m.uid == alice_note.uid).unwrap();
    assert_eq!(m.note.as_deref(), Some("revised"));
    let r = second.import(&marks, "carol").unwrap();
    assert_eq!(
        (r.added, r.updated),
        (0, 0),
        "the older export does not win"
    );
}

#[test]
fn import_refuses_what_is_not_a_json_export() {
    let cases = [
        ("", "not JSON"),
        ("id,uid\n1,x\n", "not JSON"),
        ("[1, 2]", "no schema_version"),
        (
            r#"{"@context": "http://www.w3.org/ns/anno.jsonld"}"#,
            "W3C export",
        ),
        (r#"{"schema_version": 7, "marks": []}"#, "newer"),
        (r#"{"schema_version": 1}"#, "no marks list"),
        (
            r#"{"schema_version": 1, "marks": [{"uid": "x"}]}"#,
            "missing field",
        ),
    ];
    for (text, want) in cases {
        let err = format!("{:#}", export::read_json(text).unwrap_err());
        assert!(err.contains(want), "{text:?}: {err}");
    }
    // A well-formed mark with a bad label or time.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    fill(&mut store, "n");
    let good = export_string(
        &store,
        &Corpus::open(&articles_dir()).unwrap(),
        Format::Json,
    );
    for (from, to, want) in [
        (
            "\"label\": \"copy\"",
            "\"label\": \"stolen\"",
            "not an article-pair label",
        ),
        (
            "\"source\": \"left\"",
            "\"source\": \"sideways\"",
            "not a copy source",
        ),
        (
            "\"kind\": \"pair\"",
            "\"kind\": \"bundle\"",
            "not a mark kind",
        ),
    ] {
        assert!(good.contains(from), "{from}");
        let bad = good.replacen(from, to, 1);
        let err = format!("{:#}", export::read_json(&bad).unwrap_err());
        assert!(err.contains(want), "{err}");
    }
    let v: Value = serde_json::from_str(&good).unwrap();
    let mut bad = v.clone();
    bad["marks"][0]["created_at"] = "last Tuesday".into();
    let marks = export::read_json(&bad.to_string()).unwrap();
    let mut fresh = Store::open(&dir.path().join("fresh.db")).unwrap();
    let err = fresh.import(&marks, "c").unwrap_err().to_string();
    assert!(err.contains("not an RFC 3339 time"), "{err}");
    assert!(
        fresh.current().unwrap().is_empty(),
        "nothing imported from a bad file"
    );
}

/// Hostile text in notes and in the articles themselves survives each format, escaped as
/// the format requires.
#[test]
fn hostile_content_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = dir.path().join("c");
    std::fs::create_dir(&corpus_dir).unwrap();
    let body = "Title line 🙂\n\nمرحبا: first paragraph with \"quotes\", commas, and 👍🏽 emoji.\n\n\
                =HYPERLINK(\"http://evil\") starts this paragraph, \u{1b}[31mred\u{1b}[0m too.\n\n\
                -1+2 and @user and | pipes | in the last paragraph.\n";
    std::fs::write(corpus_dir.join("a.txt"), body).unwrap();
    std::fs::write(corpus_dir.join("b.txt"), body.replace("last", "final")).unwrap();
    let corpus = Corpus::open(&corpus_dir).unwrap();
    let (a, b) = (load(&corpus_dir, "a"), load(&corpus_dir, "b"));
    assert_eq!(a.paragraphs.len(), 4);
    let mut store = Store::open(&dir.path().join("m.db")).unwrap();
    store
        .add(
            &a,
            &b,
            Target::Pair(PairLabel::Duplicate),
            Some(HOSTILE),
            "ʿAlī \u{1b}[1m",
        )
        .unwrap();
    store
        .add(
            &a,
            &b,
            paras(&[2], &[2], ParaLabel::Duplicate),
            Some(HOSTILE),
            "x",
        )
        .unwrap();
    store
        .add(
            &a,
            &b,
            paras(&[3], &[3], ParaLabel::NearDuplicate),
            Some("-1"),
            "x",
        )
        .unwrap();

    // json and jsonl: exact.
    let v: Value = serde_json::from_str(&export_string(&store, &corpus, Format::Json)).unwrap();
    assert_eq!(v["marks"][0]["note"], HOSTILE);
    assert_eq!(v["marks"][0]["author"], "ʿAlī \u{1b}[1m");
    assert_eq!(
        v["marks"][1]["left"]["paragraphs"][0]["quote"]["exact"],
        a.paragraphs[2].text
    );
    let jsonl = export_string(&store, &corpus, Format::Jsonl);
    let lines: Vec<&str> = jsonl.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "one mark per line: newlines in notes are escaped"
    );
    for (i, line) in lines.iter().enumerate() {
        let m: Value = serde_json::from_str(line).unwrap();
        assert_eq!(m["uid"], v["marks"][i]["uid"]);
    }
    assert_eq!(
        serde_json::from_str::<Value>(lines[1]).unwrap()["note"],
        HOSTILE
    );

    // csv: RFC 4180, every cell back exactly, formula starts neutralised.
    let csv_text = export_string(&store, &corpus, Format::Csv);
    assert!(csv_text.starts_with("id,uid,kind,label,"));
    assert!(csv_text.contains("\r\n"));
    let mut r = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][col("note")], format!("'{HOSTILE}"));
    assert_eq!(&rows[0][col("author")], "ʿAlī \u{1b}[1m");
    assert_eq!(
        &rows[1][col("left_quote")],
        format!("'{}", a.paragraphs[2].text)
    );
    assert_eq!(
        &rows[2][col("left_quote")],
        format!("'{}", a.paragraphs[3].text)
    );
    assert_eq!(&rows[2][col("note")], "'-1");
    assert_eq!(&rows[1][col("left_paragraphs")], "2");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?}"
            );
        }
    }

    // md: readable, inert.
    let md = export_string(&store, &corpus, Format::Md);
    assert!(!md.contains('\u{1b}') && !md.contains('\u{7}') && !md.contains('\u{0}'));
    assert!(!md.contains('\u{202E}'), "bidi override dropped");
    assert!(!md.contains("<script>"));
    assert!(md.contains("مرحبا بالعالم") && md.contains("🙂👍🏽"));
    assert!(md.contains("\\=cmd\\|\\' /C calc\\'\\!A0"));
    assert!(md.contains("second line<br>third"));
    for line in md.lines().filter(|l| l.starts_with("| ")) {
        let unescaped = line
            .match_indices('|')
            .filter(|(i, _)| !line[..*i].ends_with('\\'))
            .count();
        assert_eq!(unescaped, 3, "a two-column row: {line}");
    }

    // w3c: exact, with positions in code points that select the quote.
    let w: Value = serde_json::from_str(&export_string(&store, &corpus, Format::W3c)).unwrap();
    assert_eq!(w["@context"], "http://www.w3.org/ns/anno.jsonld");
    let items = w["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(w["total"], 3);
    let comment = items[1]["body"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["purpose"] == "commenting")
        .unwrap();
    assert_eq!(comment["value"], HOSTILE);
    let chars: Vec<char> = a.text.chars().collect();
    for item in items {
        assert_eq!(item["type"], "Annotation");
        assert_eq!(item["body"][0]["purpose"], "classifying");
        let targets = item["target"].as_array().unwrap();
        assert_eq!(targets.len(), 2, "a target per article");
        for t in targets {
            assert!(t["source"].as_str().unwrap().starts_with("file:///"));
            let sel = t["selector"].as_array().unwrap();
            let q = sel
                .iter()
                .find(|s| s["type"] == "TextQuoteSelector")
                .unwrap();
            let p = sel
                .iter()
                .find(|s| s["type"] == "TextPositionSelector")
                .unwrap();
            let (s, e) = (
                p["start"].as_u64().unwrap() as usize,
                p["end"].as_u64().unwrap() as usize,
            );
            let text = if t["source"].as_str().unwrap().ends_with("a.txt") {
                chars.clone()
            } else {
                b.text.chars().collect()
            };
            let selected: String = text[s..e].iter().collect();
            assert_eq!(selected, q["exact"].as_str().unwrap());
            let before: String = text[..s].iter().collect();
            assert!(before.ends_with(q["prefix"].as_str().unwrap()));
        }
    }
    // Paragraph 2 starts after an emoji and Arabic: code points, not bytes or UTF-16 units.
    let t = &items[1]["target"][0]["selector"][1];
    let start = t["start"].as_u64().unwrap() as usize;
    let byte_start = a.paragraphs[2].start;
    assert_eq!(start, a.text[..byte_start].chars().count());
    assert_ne!(start, byte_start);
}

/// Marks on generated articles (an article and its edited copy), many at once.
#[test]
fn many_marks_on_generated_articles() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = dir.path().join("synth");
    std::fs::create_dir(&corpus_dir).unwrap();
    let (a, b) = parallax_synth::pair(7, 30_000);
    std::fs::write(corpus_dir.join("a.txt"), &a).unwrap();
    std::fs::write(corpus_dir.join("b.txt"), &b).unwrap();
    let (a, b) = (load(&corpus_dir, "a"), load(&corpus_dir, "b"));
    let corpus = Corpus::open(&corpus_dir).unwrap();
    let c = parallax_core::compare(&a, &b);
    let mut store = Store::open(&Store::default_path(&corpus_dir)).unwrap();
    let mut n = 0;
    for row in c
        .rows
        .iter()
        .filter(|r| !r.left.is_empty() && !r.right.is_empty())
    {
        store
            .add(
                &a,
                &b,
                paras(&row.left, &row.right, ParaLabel::NearDuplicate),
                None,
                "gen",
            )
            .unwrap();
        n += 1;
    }
    assert!(n > 20, "{n} aligned rows");
    let v = export_json(&store, &corpus);
    assert_eq!(v["marks"].as_array().unwrap().len(), n);
    let marks = export::read_json(&v.to_string()).unwrap();
    let mut other = Store::open(&dir.path().join("other.db")).unwrap();
    assert_eq!(other.import(&marks, "x").unwrap().added, n);
    assert_eq!(portable(&export_json(&other, &corpus)), portable(&v));
    for f in Format::ALL {
        let out = export_string(&store, &corpus, f);
        assert!(!out.is_empty(), "{f}");
    }
}

/// A paragraph without words (a `***` separator) is the same paragraph only with the same text.
#[test]
fn a_wordless_paragraph_is_matched_by_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "A title\n\nFirst paragraph with words.\n\n***\n\nSecond paragraph with words.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    std::fs::write(dir.path().join("b.txt"), text).unwrap();
    let (a, b) = (load(dir.path(), "a"), load(dir.path(), "b"));
    assert_eq!(a.paragraphs[2].words, 0);
    let mut store = Store::open(&Store::default_path(dir.path())).unwrap();
    let m = store
        .add(&a, &b, paras(&[2], &[2], ParaLabel::Duplicate), None, "x")
        .unwrap();
    assert_eq!(m.anchor_status, AnchorStatus::Ok);
    std::fs::write(dir.path().join("a.txt"), text.replace("***", "~~~")).unwrap();
    let now = &store.current().unwrap()[0];
    assert_eq!(
        now.anchor_status,
        AnchorStatus::Orphaned,
        "not the ~~~ in its place"
    );
    std::fs::write(dir.path().join("a.txt"), format!("Note.\n\n{text}")).unwrap();
    let now = &store.current().unwrap()[0];
    assert_eq!(now.anchor_status, AnchorStatus::Reanchored);
    assert_eq!(now.target, paras(&[3], &[2], ParaLabel::Duplicate));
}

/// A corpus folder moved elsewhere, its store with it: the recorded paths are stale, the
/// articles are found by id in the corpus the store sits in.
#[test]
fn a_moved_corpus_keeps_its_marks_anchored() {
    let (dir, _) = temp_corpus(&["004", "002"]);
    let root = tempfile::tempdir().unwrap();
    let before = root.path().join("before");
    std::fs::rename(dir.path(), &before).unwrap();
    {
        let mut store = Store::open(&Store::default_path(&before)).unwrap();
        let (dw, forum) = (load(&before, "004"), load(&before, "002"));
        store
            .add(
                &dw,
                &forum,
                paras(&[2], &[5], ParaLabel::NearDuplicate),
                None,
                "a",
            )
            .unwrap();
    }
    let after = root.path().join("after");
    std::fs::rename(&before, &after).unwrap();
    let store = Store::open(&Store::default_path(&after)).unwrap();
    let m = &store.current().unwrap()[0];
    assert!(m.left.path.contains("before"), "recorded where it was");
    assert_eq!(m.anchor_status, AnchorStatus::Ok);
    assert_eq!(
        store
            .for_pair("004_930046805f83b52a", "002_74ca31117742919c")
            .unwrap()[0]
            .anchor_status,
        AnchorStatus::Ok
    );
    // A store elsewhere knows no corpus: the stale paths orphan the mark until one is given.
    drop(store);
    let elsewhere = root.path().join("copy.db");
    std::fs::copy(Store::default_path(&after), &elsewhere).unwrap();
    let mut other = Store::open(&elsewhere).unwrap();
    assert_eq!(
        other.current().unwrap()[0].anchor_status,
        AnchorStatus::Orphaned
    );
    other.set_corpus(Corpus::open(&after).unwrap());
    assert_eq!(other.current().unwrap()[0].anchor_status, AnchorStatus::Ok);
}
