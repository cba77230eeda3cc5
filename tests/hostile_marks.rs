//! Marks under hostile edits and hostile use (issue #13): re-anchoring never moves a mark onto
//! another paragraph, resolution stays near-linear on huge articles, undo is per author (and
//! per reader session), and imported times from the future do not win every merge.

use parallax::tui::store_marks::StoreMarks;
use parallax::tui::Marks;
use parallax_core::corpus::Corpus;
use parallax_core::marks::export;
use parallax_core::marks::store::Store;
use parallax_core::marks::{AnchorStatus, CopySource, Mark, PairLabel, ParaLabel, Target};
use parallax_core::Article;
use parallax_synth::fixtures::article;
use std::path::Path;
mod common;
use common::ok;
use std::process::Output;

// ---------------------------------------------------------------------------------------------
// Helpers

/// Filler paragraphs: generated news prose, `n` paragraphs of it (seeded).
fn filler(seed: u64, n: usize) -> Vec<String> {
    let text = parallax_synth::article(seed, 400 * n + 400);
    let mut paras: Vec<String> = text
        .split("\n\n")
        .skip(1) // the title line
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    assert!(
        paras.len() >= n,
        "the generator gave {} paragraphs",
        paras.len()
    );
    paras.truncate(n);
    paras
}

fn join(paras: &[String]) -> String {
    let mut t = String::from("A headline for the test\n\n");
    t.push_str(&paras.join("\n\n"));
    t.push('\n');
    t
}

/// The index of the paragraph whose text is `text`.
fn index_of(a: &Article, text: &str) -> usize {
    let found: Vec<usize> = a
        .paragraphs
        .iter()
        .filter(|p| p.text == text)
        .map(|p| p.index)
        .collect();
    assert_eq!(found.len(), 1, "{text:?} is one paragraph: {found:?}");
    found[0]
}

fn para_mark(left: usize) -> Target {
    Target::Paragraphs {
        left: vec![left],
        right: vec![0],
        label: ParaLabel::Duplicate,
    }
}

/// Mark paragraph `marked` of the left article built from `before`, then resolve the mark
/// against the left article built from `after`: its status, its left indices, its detail.
fn remark(
    before: &str,
    marked: &str,
    after: &str,
) -> (AnchorStatus, Vec<usize>, Option<String>, Article) {
    let right = article(
        "right",
        "Something else entirely, a paragraph on the right.\n",
    );
    let old = article("left", before);
    let mut store = Store::in_memory().unwrap();
    let i = index_of(&old, marked);
    store
        .add(&old, &right, para_mark(i), None, "tester")
        .unwrap();
    let new = article("left", after);
    let got = store.for_articles(&new, &right).unwrap();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    (
        m.anchor_status,
        m.target.paragraphs().0.to_vec(),
        m.anchor_detail.clone(),
        new,
    )
}

// ---------------------------------------------------------------------------------------------
// 1. Re-anchoring: orphaned, never wrong

/// The case: a one-word paragraph ("Reuters") deleted from the file must not follow the
/// word into "A spokesman told Reuters on Monday…".
#[test]
fn a_deleted_one_word_paragraph_is_orphaned_not_moved_into_another() {
    let f = filler(1, 6);
    let spokesman = "A spokesman told Reuters on Monday that the talks would resume.".to_string();
    let mut paras = vec![f[0].clone(), f[1].clone(), "Reuters".into(), f[2].clone()];
    paras.extend([spokesman.clone(), f[3].clone(), f[4].clone()]);
    let before = join(&paras);
    let after = before.replacen("Reuters\n\n", "", 1);
    assert!(after.contains(&spokesman));
    let (s, idx, d, _) = remark(&before, "Reuters", &after);
    assert_eq!(s, AnchorStatus::Orphaned, "moved to {idx:?}: {d:?}");
    assert!(d.unwrap().contains("not found"));

    // The next paragraph begins with the same word: still not the marked paragraph.
    let mut paras = vec![f[0].clone(), "Reuters".into()];
    paras.extend(["Reuters said the ministry denied it.".into(), f[1].clone()]);
    let before = join(&paras);
    let after = before.replacen("Reuters\n\nReuters said", "Reuters said", 1);
    let (s, idx, d, _) = remark(&before, "Reuters", &after);
    assert_eq!(s, AnchorStatus::Orphaned, "moved to {idx:?}: {d:?}");

    // A separator without words (`***`) deleted while other separators remain.
    let paras = [
        f[0].clone(),
        "***".into(),
        f[1].clone(),
        f[2].clone(),
        "***".into(),
        f[3].clone(),
    ];
    let before = join(&paras);
    let old = article("left", &before);
    let first_sep = old.paragraphs.iter().find(|p| p.text == "***").unwrap();
    let marked_index = first_sep.index;
    let after = format!(
        "{}{}",
        &before[..first_sep.start],
        &before[first_sep.end + 2..]
    );
    let right = article("right", "Something else entirely.\n");
    let mut store = Store::in_memory().unwrap();
    store
        .add(&old, &right, para_mark(marked_index), None, "t")
        .unwrap();
    let m = &store
        .for_articles(&article("left", &after), &right)
        .unwrap()[0];
    assert_eq!(
        m.anchor_status,
        AnchorStatus::Orphaned,
        "{:?}",
        m.anchor_detail
    );
}

/// A short paragraph merged with its neighbour (the blank line removed) is still there with all
/// its context: found inside the merge.
#[test]
fn a_short_paragraph_merged_into_its_neighbour_is_found_by_its_context() {
    let f = filler(2, 5);
    let paras = [
        f[0].clone(),
        f[1].clone(),
        "Reuters".into(),
        f[2].clone(),
        f[3].clone(),
    ];
    let before = join(&paras);
    let after = before.replacen("Reuters\n\n", "Reuters ", 1);
    let (s, idx, d, new) = remark(&before, "Reuters", &after);
    assert_eq!(s, AnchorStatus::Reanchored, "{d:?}");
    assert!(
        new.paragraphs[idx[0]].text.starts_with("Reuters "),
        "{:?}",
        new.paragraphs[idx[0]].text
    );
}

/// A paragraph edited lightly (a word changed) at a shifted index re-anchors; rewritten, it is
/// orphaned; a short one edited between unchanged neighbours re-anchors when it keeps most of
/// its words.
#[test]
fn light_edits_reanchor_rewrites_do_not() {
    let f = filler(3, 6);
    let target = f[3].clone();
    let before = join(&f);
    let words: Vec<&str> = target.split(' ').collect();
    assert!(words.len() > 12);
    let mut edited_words = words.clone();
    edited_words[words.len() / 2] = "zanzibarian";
    let edited = edited_words.join(" ");
    let after = before.replacen(&target, &edited, 1).replacen(
        &f[0],
        &format!("An editor's note on top.\n\n{}", f[0]),
        1,
    );
    let old = article("left", &before);
    let (s, idx, d, new) = remark(&before, &target, &after);
    assert_eq!(s, AnchorStatus::Reanchored, "{d:?}");
    assert_eq!(idx, [index_of(&old, &target) + 1]);
    assert_eq!(new.paragraphs[idx[0]].text, edited);

    // Rewritten: another text at the same place.
    let after = before.replacen(&target, &f[5], 1);
    let (s, _, _, _) = remark(&before, &target, &after);
    assert_eq!(s, AnchorStatus::Orphaned);

    // A short byline edited (one word of four) between unchanged neighbours.
    let mut paras = f.clone();
    paras.insert(2, "Reporting by Jane Doe".into());
    let before = join(&paras);
    let after = before.replacen("Jane Doe", "Janet Doe", 1);
    let (s, idx, d, new) = remark(&before, "Reporting by Jane Doe", &after);
    assert_eq!(s, AnchorStatus::Reanchored, "{d:?}");
    assert_eq!(new.paragraphs[idx[0]].text, "Reporting by Janet Doe");
    // Rewritten entirely: orphaned.
    let after = before.replacen("Reporting by Jane Doe", "Photo: AFP", 1);
    let (s, _, _, _) = remark(&before, "Reporting by Jane Doe", &after);
    assert_eq!(s, AnchorStatus::Orphaned);
}

/// A paragraph moved elsewhere re-anchors (its whole text is there, once); a short one moved
/// away from its neighbours does not (too little text to be sure).
#[test]
fn a_moved_paragraph_reanchors_a_short_one_away_from_its_context_does_not() {
    let f = filler(4, 7);
    let target = f[2].clone();
    let before = join(&f);
    let mut moved: Vec<String> = f.iter().filter(|p| **p != target).cloned().collect();
    moved.push(target.clone());
    let after = join(&moved);
    let (s, idx, d, new) = remark(&before, &target, &after);
    assert_eq!(s, AnchorStatus::Reanchored, "{d:?}");
    assert_eq!(new.paragraphs[idx[0]].text, target);

    let mut paras = f.clone();
    paras.insert(2, "Reuters".into());
    let before = join(&paras);
    let mut moved: Vec<String> = paras.iter().filter(|p| *p != "Reuters").cloned().collect();
    moved.insert(5, "Reuters".into());
    let after = join(&moved);
    let (s, idx, d, _) = remark(&before, "Reuters", &after);
    assert_eq!(s, AnchorStatus::Orphaned, "moved to {idx:?}: {d:?}");
}

/// A duplicated paragraph: the copy whose surroundings match the marked context is the one;
/// when both copies sit in the same context the mark cannot tell them apart and is orphaned
/// (never attached to a guess).
#[test]
fn a_duplicated_paragraph_follows_its_context_or_is_orphaned_when_ambiguous() {
    let f = filler(5, 6);
    let target = f[2].clone();
    let before = join(&f);
    let old = article("left", &before);
    let at = index_of(&old, &target);
    // A paragraph inserted on top and the marked one copied to the end.
    let mut paras = vec!["An editor's note on top.".to_string()];
    paras.extend(f.iter().cloned());
    paras.push(target.clone());
    let (s, idx, d, _) = remark(&before, &target, &join(&paras));
    assert_eq!(s, AnchorStatus::Reanchored, "{d:?}");
    assert_eq!(idx, [at + 1]);

    // The whole article twice under a new top paragraph: two copies, same context.
    let body = f.join("\n\n");
    let after = format!("A headline for the test\n\nAn editor's note.\n\n{body}\n\n{body}\n");
    let (s, idx, d, _) = remark(&before, &target, &after);
    assert_eq!(s, AnchorStatus::Orphaned, "chose {idx:?}");
    assert!(d.unwrap().contains("ambiguous"));
}

// ---------------------------------------------------------------------------------------------
// 2. Resolution is near-linear in the article's size

/// An article of about `bytes` bytes full of the word "a", with a one-character paragraph
/// marked, then deleted (every search step runs).
fn one_char_case(bytes: usize) -> (Mark, Article, Article) {
    let mut paras = Vec::new();
    let mut size = 0;
    let mut seed = 10;
    while size < bytes {
        for p in filler(seed, 20) {
            let p = p.replace(" the ", " a ");
            size += p.len() + 2;
            paras.push(p);
        }
        seed += 1;
    }
    paras.insert(paras.len() / 2, "a".into());
    let before = join(&paras);
    let after = before.replacen("\n\na\n\n", "\n\n", 1);
    let old = article("left", &before);
    let right = article("right", "Something else entirely.\n");
    let mut store = Store::in_memory().unwrap();
    let i = index_of(&old, "a");
    let m = store.add(&old, &right, para_mark(i), None, "t").unwrap();
    (m, article("left", &after), right)
}

#[test]
fn resolving_a_one_character_quote_grows_linearly() {
    parallax_synth::growth::assert_near_linear_on_thread(
        "resolving a one-character quote",
        500_000,
        one_char_case,
        |(mark, new, right)| {
            let mut m = mark.clone();
            parallax_core::marks::resolve(&mut m, Some(new), Some(right));
        },
    );
    let (mut mark, new, right) = one_char_case(1_000_000);
    parallax_core::marks::resolve(&mut mark, Some(&new), Some(&right));
    assert_eq!(
        mark.anchor_status,
        AnchorStatus::Orphaned,
        "the deleted paragraph is not found"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Undo is per author, per reader session, and says what it undid

fn seeds() -> (Article, Article, Article) {
    use parallax_synth::fixtures::seed;
    (seed("004"), seed("002"), seed("003"))
}

#[test]
fn undo_takes_back_the_authors_own_last_change_only() {
    let (dw, forum, other) = seeds();
    let mut store = Store::in_memory().unwrap();
    let alice = store
        .add(&dw, &forum, para_mark_on(3, 5), None, "alice")
        .unwrap();
    let bob = store
        .add(&dw, &other, Target::Pair(PairLabel::SameStory), None, "bob")
        .unwrap();
    let said = store.undo_by("alice").unwrap().unwrap();
    assert!(said.starts_with("undid: "), "{said}");
    assert!(said.contains(&format!("(#{})", alice.id)), "{said}");
    assert!(said.contains("duplicate"), "{said}");
    let left: Vec<i64> = store.current().unwrap().iter().map(|m| m.id).collect();
    assert_eq!(left, [bob.id], "bob's mark stays");
    assert_eq!(store.undo_by("alice").unwrap(), None, "alice has no more");
    assert!(store
        .undo_by("bob")
        .unwrap()
        .unwrap()
        .contains(&format!("#{}", bob.id)));
    assert!(store.current().unwrap().is_empty());
}

fn para_mark_on(l: usize, r: usize) -> Target {
    Target::Paragraphs {
        left: vec![l],
        right: vec![r],
        label: ParaLabel::Duplicate,
    }
}

/// Undoing a change that another author has built on is refused (it would throw their change
/// away): the message says whose change is in the way, and nothing is changed.
#[test]
fn undo_refuses_to_throw_away_another_authors_later_change() {
    let (dw, forum, _) = seeds();
    let mut store = Store::in_memory().unwrap();
    let m = store
        .add(&dw, &forum, para_mark_on(3, 5), None, "alice")
        .unwrap();
    store.set_note(m.id, Some("bob checked it"), "bob").unwrap();
    let err = store.undo_by("alice").unwrap_err().to_string();
    assert!(err.contains("bob"), "{err}");
    assert!(err.contains(&format!("#{}", m.id)), "{err}");
    let now = store.current().unwrap();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].note.as_deref(), Some("bob checked it"));
    // Once bob's change is undone, alice's can be.
    assert!(store.undo_by("bob").unwrap().is_some());
    assert!(store.undo_by("alice").unwrap().is_some());
    assert!(store.current().unwrap().is_empty());
}

/// Marking again exactly what is already marked records nothing, so undo still takes back the
/// last real change.
#[test]
fn a_repeated_mark_records_no_change() {
    let (dw, forum, _) = seeds();
    let mut store = Store::in_memory().unwrap();
    let first = store
        .add(&dw, &forum, para_mark_on(3, 5), None, "alice")
        .unwrap();
    let second = store
        .add(&dw, &forum, para_mark_on(4, 6), None, "alice")
        .unwrap();
    let seq = store.last_change();
    let again = store
        .add(&dw, &forum, para_mark_on(3, 5), None, "alice")
        .unwrap();
    assert_eq!(again.id, first.id);
    assert_eq!(store.last_change(), seq, "nothing recorded");
    assert_eq!(store.history(first.id).unwrap().len(), 1);
    // The same judgement seen from the other side (the reader opened the pair the other way
    // round): still nothing to record.
    let mirrored = store
        .add(&forum, &dw, para_mark_on(5, 3), None, "alice")
        .unwrap();
    assert_eq!(mirrored.id, first.id);
    assert_eq!(mirrored.anchor_status, AnchorStatus::Ok);
    assert_eq!(mirrored.left_id, dw.id, "the mark keeps its orientation");
    assert_eq!(store.last_change(), seq, "nothing recorded");
    let pair = store
        .add(
            &dw,
            &forum,
            Target::Pair(PairLabel::Copy(CopySource::Left)),
            None,
            "alice",
        )
        .unwrap();
    let seq = store.last_change();
    store
        .add(
            &forum,
            &dw,
            Target::Pair(PairLabel::Copy(CopySource::Right)),
            None,
            "alice",
        )
        .unwrap();
    assert_eq!(store.last_change(), seq, "the same copy verdict, mirrored");
    assert_eq!(store.history(pair.id).unwrap().len(), 1);
    store.undo_by("alice").unwrap().unwrap(); // the pair mark
    let said = store.undo_by("alice").unwrap().unwrap();
    assert!(said.contains(&format!("(#{})", second.id)), "{said}");
}

fn parallax(args: &[&str], cwd: &Path, author: &str) -> Output {
    common::run_as(author, args, cwd)
}

#[test]
fn cli_undo_is_per_author() {
    let (dir, _) = parallax_synth::fixtures::temp_corpus(&["004", "002", "003"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    ok(&parallax(
        &[
            "mark",
            "004",
            "002",
            "--para",
            "3:5",
            "--label",
            "duplicate",
            "--corpus",
            c,
        ],
        d,
        "alice",
    ));
    ok(&parallax(
        &["mark", "004", "003", "--label", "same-story", "--corpus", c],
        d,
        "bob",
    ));
    // alice's undo (from $PARALLAX_AUTHOR, or --author) takes back alice's mark, not bob's.
    let out = ok(&parallax(
        &["undo", "--author", "alice", "--corpus", c],
        d,
        "bob",
    ));
    assert!(out.starts_with("undid: marked duplicate"), "{out}");
    assert!(
        out.contains("¶3") && out.contains("¶5") && out.contains("(#1)"),
        "{out}"
    );
    let list = ok(&parallax(&["marks", "--corpus", c], d, "bob"));
    assert!(list.contains("#2 ") && !list.contains("#1 "), "{list}");
    assert_eq!(
        ok(&parallax(&["undo", "--corpus", c], d, "alice")),
        "nothing to undo for alice\n"
    );
    let out = ok(&parallax(&["undo", "--corpus", c], d, "bob"));
    assert!(out.contains("(#2)"), "{out}");
}

/// The reader's `u` takes back what this reader did, not a mark the command line made
/// meanwhile (same author, another pair), and says what it undid.
#[test]
fn the_reader_undoes_only_its_own_session() {
    let (dir, _) = parallax_synth::fixtures::temp_corpus(&["004", "002", "003"]);
    let corpus = Corpus::open(dir.path()).unwrap();
    let path = Store::default_path(dir.path());
    let load = |p: &str| corpus.load(corpus.resolve(p).unwrap()).unwrap();
    let (dw, forum, other) = (load("004"), load("002"), load("003"));

    // A mark from before the reader started.
    let mut cli = Store::open(&path).unwrap();
    cli.add(
        &dw,
        &other,
        Target::Pair(PairLabel::Unrelated),
        None,
        "tester",
    )
    .unwrap();

    let mut reader = StoreMarks::open(&path, corpus.clone(), "tester".into()).unwrap();
    let said = reader
        .mark_row(
            &dw,
            &forum,
            &[3],
            &[5],
            parallax::tui::state::RowLabel::Duplicate,
        )
        .unwrap();
    assert!(said.contains("#2"), "{said}");
    // Marking the same row again changes nothing and is not a change to undo.
    reader
        .mark_row(
            &dw,
            &forum,
            &[3],
            &[5],
            parallax::tui::state::RowLabel::Duplicate,
        )
        .unwrap();
    // The command line marks another pair meanwhile, as the same author.
    cli.add(
        &forum,
        &other,
        Target::Pair(PairLabel::SameStory),
        None,
        "tester",
    )
    .unwrap();

    let said = reader.undo().unwrap();
    assert!(said.starts_with("undid: marked duplicate"), "{said}");
    assert!(said.contains("(#2)"), "{said}");
    let ids: Vec<i64> = cli.current().unwrap().iter().map(|m| m.id).collect();
    assert_eq!(ids, [1, 3], "the command line's marks stay");
    let said = reader.undo().unwrap();
    assert!(said.contains("nothing"), "{said}");
    assert_eq!(cli.current().unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// 4. Imported times from the future

#[test]
fn imported_marks_from_the_future_are_skipped_and_said_so() {
    let (dw, forum, other) = seeds();
    let corpus = Corpus::open(&parallax_synth::fixtures::articles_dir()).unwrap();
    let mut theirs = Store::in_memory().unwrap();
    let a = theirs
        .add(
            &dw,
            &forum,
            Target::Pair(PairLabel::Duplicate),
            None,
            "mallory",
        )
        .unwrap();
    theirs
        .add(
            &dw,
            &other,
            Target::Pair(PairLabel::Unrelated),
            None,
            "mallory",
        )
        .unwrap();
    let mut buf = Vec::new();
    export::write(&theirs, &corpus, export::Format::Json, &mut buf).unwrap();
    let json = String::from_utf8(buf).unwrap();
    let future = json.replacen(&a.updated_at, "9999-12-31T23:59:59.999Z", 1);
    assert_ne!(future, json);
    let marks = export::read_json(&future).unwrap();

    let mut ours = Store::in_memory().unwrap();
    let r = ours.import(&marks, "me").unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (1, 0, 0));
    assert_eq!(r.skipped.len(), 1, "{:?}", r.skipped);
    assert!(r.skipped[0].contains("9999-12-31"), "{:?}", r.skipped);
    assert!(r.skipped[0].contains("future"), "{:?}", r.skipped);
    assert!(ours.current().unwrap().iter().all(|m| m.uid != a.uid));

    // A mark the store has, changed locally, is not overwritten by a copy from the future.
    let mut ours = Store::in_memory().unwrap();
    let honest = export::read_json(&json).unwrap();
    ours.import(&honest, "me").unwrap();
    let id = ours.current().unwrap()[0].id;
    ours.set_note(id, Some("my later work"), "me").unwrap();
    let r = ours.import(&marks, "me").unwrap();
    assert_eq!(r.updated, 0);
    assert_eq!(r.skipped.len(), 1);
    assert_eq!(
        ours.get(id).unwrap().unwrap().0.note.as_deref(),
        Some("my later work")
    );

    // An offset that puts a time only hours ahead (in UTC) is fine; two days ahead is not.
    let soon = parallax_core::marks::rfc3339(
        std::time::SystemTime::now() + std::time::Duration::from_secs(3600 * 5),
    );
    let later = parallax_core::marks::rfc3339(
        std::time::SystemTime::now() + std::time::Duration::from_secs(3600 * 48),
    );
    for (t, ok) in [(soon, true), (later, false)] {
        let m = export::read_json(&json.replacen(&a.updated_at, &t, 1)).unwrap();
        let r = Store::in_memory().unwrap().import(&m, "me").unwrap();
        assert_eq!(r.skipped.is_empty(), ok, "{t}: {:?}", r.skipped);
    }
}

#[test]
fn cli_import_summary_names_the_skipped_marks() {
    let (dir, _) = parallax_synth::fixtures::temp_corpus(&["004", "002"]);
    let d = dir.path();
    let c = d.to_str().unwrap();
    ok(&parallax(
        &["mark", "004", "002", "--label", "duplicate", "--corpus", c],
        d,
        "mallory",
    ));
    let json = ok(&parallax(&["export", "--corpus", c], d, "mallory"));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let t = v["marks"][0]["updated_at"].as_str().unwrap().to_string();
    let file = d.join("future.json");
    std::fs::write(&file, json.replace(&t, "9999-12-31T00:00:00Z")).unwrap();
    let other = tempfile::tempdir().unwrap();
    let store = other.path().join("s.db");
    let out = ok(&parallax(
        &[
            "import",
            file.to_str().unwrap(),
            "--corpus",
            c,
            "--store",
            store.to_str().unwrap(),
        ],
        d,
        "me",
    ));
    assert!(out.contains("0 added"), "{out}");
    assert!(out.contains("1 skipped"), "{out}");
    assert!(out.contains("future"), "{out}");
}
