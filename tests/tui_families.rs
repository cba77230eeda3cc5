//! The reader's families screen (issue #17): groups of articles copied from one another, each
//! with its likely original and its members in likely order, driven through the pure `update`
//! with the scan and the families worker run here as the reader's threads run them.

mod common;
use common::{articles_dir, drive, scan_into, tui_app};
use parallax::tui::action::Action;
use parallax::tui::families;
use parallax::tui::state::*;
use parallax::tui::update::Effect;
use std::path::Path;

fn screen(app: &App) -> Vec<String> {
    common::screen_lines(app)
}

/// Apply actions; work out the families the reader's worker would (synchronously) and feed
/// them back; return the other effects.
fn run(app: &mut App, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
    let mut rest = Vec::new();
    for e in drive(app, actions) {
        match e {
            Effect::Families {
                generation,
                links,
                dates,
            } => {
                let fams = families::work_out(&links, &dates);
                rest.extend(run(
                    app,
                    [Action::Families {
                        generation,
                        families: fams,
                    }],
                ));
            }
            e => rest.push(e),
        }
    }
    rest
}

/// The pairs' provenance, as the scan worker sends it after the pairs.
fn provenance(app: &App, corpus: &Path) -> Action {
    let c = parallax_core::corpus::Corpus::open(corpus).unwrap();
    let ids: Vec<(String, String)> = app
        .scan
        .pairs
        .iter()
        .map(|p| (p.left.clone(), p.right.clone()))
        .collect();
    let refs: Vec<(&str, &str)> = ids.iter().map(|(l, r)| (l.as_str(), r.as_str())).collect();
    let found = parallax_core::provenance::for_pairs(&c, &refs, &[]);
    Action::PairsProvenance(
        ids.into_iter()
            .zip(found)
            .map(|((l, r), p)| (l, r, p))
            .collect(),
    )
}

/// A reader on `corpus` (the seeds unless given) with the scan and its provenance in.
fn ready(w: u16, h: u16) -> App {
    let mut app = tui_app(w, h);
    scan_into(&mut app, &articles_dir());
    let p = provenance(&app, &articles_dir());
    run(&mut app, [p]);
    app
}

fn id_of(app: &App, prefix: &str) -> String {
    app.picker
        .entries
        .iter()
        .map(|e| e.article.id.clone())
        .find(|id| id.starts_with(prefix))
        .expect("seed")
}

#[test]
fn f_opens_families_from_the_picker_and_the_pairs_screen_and_back_returns() {
    let mut app = ready(160, 45);
    run(&mut app, [Action::OpenFamilies]);
    assert_eq!(app.screen, Screen::Families);
    run(&mut app, [Action::Back]);
    assert_eq!(app.screen, Screen::Picker);
    run(&mut app, [Action::OpenPairs, Action::OpenFamilies]);
    assert_eq!(app.screen, Screen::Families);
    run(&mut app, [Action::Quit]);
    assert_eq!(app.screen, Screen::Pairs);
    run(&mut app, [Action::Quit]);
    assert_eq!(app.screen, Screen::Picker);
    // The key is in the one keymap: `f` in both screens, the screen's own keys in the help.
    use parallax::tui::keymap::{help_lines, Context};
    let help = help_lines("", Context::Families);
    for (ctx, keys) in [
        (Context::Picker, "f"),
        (Context::Pairs, "f"),
        (Context::Families, "Enter"),
        (Context::Families, "q Esc"),
        (Context::Families, "j ↓"),
    ] {
        assert!(
            help.iter().any(|(c, k, _)| *c == ctx && *k == keys),
            "{ctx:?} {keys}"
        );
    }
}

#[test]
fn the_seeds_family_has_the_dw_article_as_original() {
    let mut app = ready(160, 45);
    run(&mut app, [Action::OpenFamilies]);
    let fams = app.families.families.clone().expect("worked out");
    assert_eq!(fams.len(), 1, "{fams:?}");
    let f = &fams[0];
    let (dw, thread) = (id_of(&app, "004"), id_of(&app, "002"));
    assert_eq!(f.original.as_deref(), Some(dw.as_str()));
    let order: Vec<&str> = f.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(order, [dw.as_str(), thread.as_str()]);
    let s = screen(&app);
    let block = s
        .iter()
        .position(|l| l.contains(&f.id))
        .expect("family line");
    assert!(s[block].contains(&format!("original {dw}")), "{}", s[block]);
    assert!(s[block].contains("Nagorno-Karabakh"), "{}", s[block]);
    assert!(s[block + 1].contains(&dw) && s[block + 1].contains("original"));
    // The share of the thread's text found in the DW article (the thread is mostly other
    // text), as the scan measured it, in per cent.
    let share = f.members[1].share_from_original.expect("a share");
    let pair = app
        .scan
        .pairs
        .iter()
        .find(|p| p.left == dw && p.right == thread)
        .expect("the pair");
    assert!(
        (share - pair.right_in_left).abs() < 1e-9,
        "{share} vs {pair:?}"
    );
    assert!(share < 0.5, "{share}");
    assert!(
        s[block + 2].contains(&thread)
            && s[block + 2].contains(&parallax::report::styled::pct(share)),
        "{}",
        s[block + 2]
    );
    assert!(
        !s[block + 2].starts_with('✎'),
        "inferred, not a person's: {}",
        s[block + 2]
    );
}

#[test]
fn j_k_move_over_members_and_enter_compares_with_the_original() {
    let mut app = ready(80, 24);
    run(&mut app, [Action::OpenPairs, Action::OpenFamilies]);
    assert_eq!(app.families.cursor, 0);
    run(&mut app, [Action::Up]);
    assert_eq!(app.families.cursor, 0, "no member above the first");
    run(&mut app, [Action::Down]);
    assert_eq!(app.families.cursor, 1);
    run(&mut app, [Action::Down]);
    assert_eq!(app.families.cursor, 1, "no member below the last");
    run(&mut app, [Action::Up, Action::Bottom]);
    assert_eq!(app.families.cursor, 1);
    // The cursor's row is the highlighted one.
    let (dw, thread) = (id_of(&app, "004"), id_of(&app, "002"));
    // Enter on the thread: the comparison with its original, the original on the left.
    run(&mut app, [Action::Pick]);
    assert_eq!(app.screen, Screen::Compare);
    let cv = app.compare.as_ref().expect("a comparison");
    assert_eq!(
        (cv.left.id.as_str(), cv.right.id.as_str()),
        (dw.as_str(), thread.as_str())
    );
    // q: back to the families, where the cursor was; q again: where they were opened from.
    run(&mut app, [Action::Quit]);
    assert_eq!(app.screen, Screen::Families);
    assert_eq!(app.families.cursor, 1);
    run(&mut app, [Action::Quit]);
    assert_eq!(app.screen, Screen::Pairs);
    // Enter on the original itself says so and opens nothing.
    run(&mut app, [Action::OpenFamilies, Action::Top]);
    app.compare = None;
    run(&mut app, [Action::Pick]);
    assert_eq!(app.screen, Screen::Families);
    assert!(app.compare.is_none());
    let st = app.status.clone().expect("a message");
    assert!(st.text.contains("original"), "{st:?}");
}

#[test]
fn families_say_they_are_being_worked_out_and_keys_still_work() {
    let mut app = tui_app(80, 24);
    run(&mut app, [Action::OpenFamilies]);
    let s = screen(&app).join("\n");
    assert!(s.contains("Working out families"), "{s}");
    assert!(s.contains("scan is still running"), "{s}");
    run(&mut app, [Action::Down, Action::Pick]);
    assert_eq!(app.screen, Screen::Families);
    scan_into(&mut app, &articles_dir());
    let s = screen(&app).join("\n");
    assert!(s.contains("Working out families…"), "{s}");
    assert!(!s.contains("still running"), "{s}");
    // The provenance arrives: a request for the worker, not families worked out on the UI
    // thread.
    let p = provenance(&app, &articles_dir());
    let effects = drive(&mut app, [p]);
    assert!(app.families.families.is_none());
    let Some(Effect::Families {
        generation, links, ..
    }) = effects
        .into_iter()
        .find(|e| matches!(e, Effect::Families { .. }))
    else {
        panic!("no request for families");
    };
    // An answer to an older request is dropped.
    run(
        &mut app,
        [Action::Families {
            generation: generation - 1,
            families: Vec::new(),
        }],
    );
    assert!(app.families.families.is_none());
    let fams = families::work_out(&links, &Default::default());
    run(
        &mut app,
        [Action::Families {
            generation,
            families: fams,
        }],
    );
    assert_eq!(app.families.families.as_ref().map(Vec::len), Some(1));
    assert!(!screen(&app).join("\n").contains("Working out"));
}

#[test]
fn no_families_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // Two unrelated articles: a scan with no pairs.
    std::fs::write(
        dir.path().join("a.txt"),
        "Harbour fees rise\n\nThe port authority raised harbour fees for the third time this year, citing dredging costs and a shortage of pilots.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "Orchard frost\n\nA late frost damaged the apple blossom across the valley; growers expect a smaller harvest and higher prices in autumn.\n",
    )
    .unwrap();
    let mut app = common::tui_app_on(dir.path(), "tmp", 80, 24);
    scan_into(&mut app, dir.path());
    assert!(app.scan.pairs.is_empty());
    let p = provenance(&app, dir.path());
    run(&mut app, [p, Action::OpenFamilies]);
    assert_eq!(app.families.families.as_ref().map(Vec::len), Some(0));
    let s = screen(&app).join("\n");
    assert!(s.contains("No families"), "{s}");
    // Keys on an empty list do nothing and do not panic.
    run(&mut app, [Action::Down, Action::Bottom, Action::Pick]);
    assert_eq!(app.screen, Screen::Families);
    assert!(app.compare.is_none());
}

#[test]
fn a_direction_a_person_set_shows_the_marker() {
    let mut app = ready(160, 45);
    let (dw, thread) = (id_of(&app, "004"), id_of(&app, "002"));
    // A person marks the thread as the original (against the evidence).
    run(
        &mut app,
        [
            Action::PairLabels(vec![(dw.clone(), thread.clone(), copy_label(&thread))]),
            Action::OpenFamilies,
        ],
    );
    let fams = app.families.families.clone().expect("worked out again");
    let f = &fams[0];
    assert_eq!(f.original.as_deref(), Some(thread.as_str()));
    assert!(families::set_by_person(f, &dw));
    assert!(!families::set_by_person(f, &thread));
    let s = screen(&app);
    let row = s
        .iter()
        .find(|l| l.contains(&dw) && !l.contains(&f.id))
        .expect("the DW row");
    assert!(row.starts_with('✎'), "{row}");
    let orig = s
        .iter()
        .find(|l| l.contains(&thread) && !l.contains(&f.id))
        .expect("the thread's row");
    assert!(!orig.starts_with('✎'), "{orig}");
    assert!(s[1].contains("✎ direction set by a person"), "{}", s[1]);
    // Enter on the DW article compares it with the thread, now the original.
    run(&mut app, [Action::Bottom, Action::Pick]);
    let cv = app.compare.as_ref().expect("a comparison");
    assert_eq!(cv.left.id, thread);
    assert_eq!(cv.right.id, dw);
}

#[test]
fn titles_and_ids_are_sanitised() {
    let dir = tempfile::tempdir().unwrap();
    let dw = std::fs::read_to_string(articles_dir().join("004_930046805f83b52a.txt")).unwrap();
    std::fs::write(dir.path().join("004.txt"), &dw).unwrap();
    // A copy whose title and name carry terminal escapes and a bidi override.
    let hostile = dw.replacen(
        "Nagorno-Karabakh: Russia",
        "Evil\u{1b}[2J\u{1b}]0;pwned\u{7}\u{202e}Title Russia",
        1,
    );
    std::fs::write(dir.path().join("x\u{1b}[31m.txt"), hostile).unwrap();
    let mut app = common::tui_app_on(dir.path(), "tmp", 160, 45);
    scan_into(&mut app, dir.path());
    let p = provenance(&app, dir.path());
    run(&mut app, [p, Action::OpenFamilies]);
    let fams = app.families.families.clone().expect("worked out");
    assert_eq!(fams.len(), 1, "{fams:?}");
    let s = screen(&app).join("\n");
    assert!(s.contains("Evil"), "{s}");
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!s.contains(bad), "{bad:?} reached the screen: {s}");
    }
}

/// The screen on the seeds, read as a person would: `tests/snapshots/tui_families__*.snap`.
#[test]
fn snapshots() {
    for (w, h) in [(80, 24), (160, 45)] {
        let mut app = ready(w, h);
        run(&mut app, [Action::OpenFamilies, Action::Down]);
        insta::assert_snapshot!(format!("families_{w}x{h}"), screen(&app).join("\n"));
        let mut app = tui_app(w, h);
        run(&mut app, [Action::OpenFamilies]);
        insta::assert_snapshot!(format!("families_waiting_{w}x{h}"), screen(&app).join("\n"));
    }
}

/// From 20x5 to 200x60: nothing panics, the cursor's member stays on screen as it moves, the
/// counter shows at the right end of the status bar.
#[test]
fn every_size() {
    for w in (20..=200u16).step_by(30) {
        for h in (5..=60u16).step_by(11) {
            let mut app = ready(w, h);
            run(&mut app, [Action::OpenFamilies]);
            for k in 0..2 {
                let s = screen(&app);
                assert_eq!(s.len(), h as usize);
                assert!(
                    s[h as usize - 1]
                        .trim_end()
                        .ends_with(&format!("{}/2", k + 1)),
                    "{w}x{h}: {s:?}"
                );
                let id = &app.families.families.as_ref().unwrap()[0].members[k].id;
                let prefix: String = id.chars().take(3).collect();
                assert!(
                    h < 6 || s.iter().skip(2).any(|l| l.contains(&prefix)),
                    "{w}x{h}: member {k} off screen: {s:?}"
                );
                run(&mut app, [Action::Down]);
            }
        }
    }
}

#[test]
fn the_cursor_stays_on_its_member_when_families_are_worked_out_again() {
    let mut app = ready(80, 24);
    run(
        &mut app,
        [Action::OpenPairs, Action::OpenFamilies, Action::Down],
    );
    let thread = id_of(&app, "002");
    let (fam, m) = families::current(&app.families).expect("a member");
    assert_eq!(fam.members[m].id, thread);
    // The same family, its members in the other order (as when a person marks the thread as
    // the source), and an earlier family of two articles the scan did not link before.
    let mut fams = app.families.families.clone().expect("families");
    fams[0].members.reverse();
    let mut other = fams[0].clone();
    other.id = "fam-000000000000".into();
    for (k, mem) in other.members.iter_mut().enumerate() {
        mem.id = format!("zz{k}");
    }
    fams.insert(0, other);
    let generation = app.families.generation;
    run(
        &mut app,
        [Action::Families {
            generation,
            families: fams,
        }],
    );
    let (fam, m) = families::current(&app.families).expect("a member");
    assert_eq!(fam.members[m].id, thread, "the cursor followed its member");
    assert_eq!(app.families.cursor, 2);
    // A member that is gone: the cursor stays where it was, within the list.
    let mut fams = app.families.families.clone().expect("families");
    fams.truncate(1);
    run(
        &mut app,
        [Action::Families {
            generation,
            families: fams,
        }],
    );
    assert_eq!(app.families.cursor, 1);
    assert!(families::current(&app.families).is_some());
}
