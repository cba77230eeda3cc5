//! Provenance (issue #17): publisher apart from credits, who copied whom, whether the copy
//! credits its source, and families; on the seeds and on generated corpora with planted
//! sources, copies and families.

use parallax_core::engine::compare::compare;
use parallax_core::provenance::{self, Credited, Direction, EvidenceKind, SetBy};
use parallax_synth::fixtures::seed;

#[test]
fn forum_thread_publisher_is_not_the_agency_it_quotes() {
    let thread = seed("002");
    assert_eq!(thread.meta.source, None, "002 is a forum thread, not AFP");
    assert_eq!(thread.meta.credits, ["AFP", "Reuters"]);
    // The DW sign-off credits the reposted block it ends, Reuters' credit its own block.
    let signoff = thread
        .meta
        .credit_items
        .iter()
        .find(|c| c.name == "AFP")
        .expect("AFP credited");
    assert_eq!(
        thread.paragraphs[signoff.paragraph].text,
        "mm/wd (AFP, Reuters)"
    );
    assert_eq!(seed("004").meta.source.as_deref(), Some("Deutsche Welle"));
}

#[test]
fn dw_article_is_the_source_of_the_forum_thread_with_partial_credit() {
    let (dw, thread) = (seed("004"), seed("002"));
    let c = compare(&dw, &thread);
    let p = provenance::infer(&dw, &thread, &c);
    assert_eq!(p.direction, Direction::LeftIsSource, "{p:#?}");
    assert!(p.confidence >= provenance::CONFIDENT, "{p:#?}");
    let kinds: Vec<EvidenceKind> = p.evidence.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&EvidenceKind::Containment), "{kinds:?}");
    assert!(kinds.contains(&EvidenceKind::SignOff), "{kinds:?}");
    assert!(p
        .evidence
        .iter()
        .all(|e| e.favours != Direction::RightIsSource));
    assert_eq!(p.credited, Some(Credited::Partial), "{p:#?}");
    assert_eq!(p.credited_words.as_deref(), Some("mm/wd (AFP, Reuters)"));
    // The same pair asked the other way round.
    let q = provenance::infer(&thread, &dw, &compare(&thread, &dw));
    assert_eq!(q, p.mirrored());
    let line = p.summary("004", "002");
    assert!(line.starts_with("002 copied 004 (containment, sign-off"), "{line}");
    assert!(line.contains("credited: partial"), "{line}");
}

#[test]
fn unrelated_seeds_have_no_direction() {
    let (a, b) = (seed("000"), seed("003"));
    let p = provenance::infer(&a, &b, &compare(&a, &b));
    assert_eq!(p.direction, Direction::Unknown);
    assert_eq!(p.credited, None);
}

#[test]
fn a_mark_overrides_the_inferred_direction() {
    let (dw, thread) = (seed("004"), seed("002"));
    let c = compare(&dw, &thread);
    let marks = [provenance::CopyMark {
        left: thread.id.clone(),
        right: dw.id.clone(),
        source: Direction::LeftIsSource,
        author: "ana".into(),
    }];
    let p = provenance::of_pair(&dw, &thread, &c, &marks);
    assert_eq!(p.direction, Direction::RightIsSource);
    assert_eq!(p.set_by, SetBy::Person);
    assert_eq!(p.evidence[0].kind, EvidenceKind::Mark);
    assert!(p.evidence[0].text.contains("ana"), "{:?}", p.evidence[0]);
}
