//! Provenance on the command line (issue #17): publisher and credits in `list`/`show`/
//! `compare` JSON, direction and credit in `compare` and `scan --json`, families in `scan
//! --clusters` (text, JSON, CSV, edge list, GraphML), and an analyst's mark winning, on copies
//! of the seeds and on a generated corpus with planted families.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn parallax(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .current_dir(cwd)
        .env("PARALLAX_AUTHOR", "ana")
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .expect("runs")
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}: {}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&ok(o)).expect("valid JSON")
}

/// A copy of the seed articles in a temp dir (marks write a store into the corpus).
fn seeds() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("articles");
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), dir.path().join(e.file_name())).unwrap();
        }
    }
    dir
}

#[test]
fn publisher_and_credits_are_separate_fields() {
    let dir = seeds();
    let list = json(&parallax(&["list", "--corpus", ".", "--json"], dir.path()));
    let thread = list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"].as_str().unwrap().starts_with("002"))
        .unwrap()
        .clone();
    assert_eq!(thread["source"], Value::Null, "002 is not AFP: {thread:#}");
    assert_eq!(thread["credits"], serde_json::json!(["AFP", "Reuters"]));
    let text = ok(&parallax(&["list", "--corpus", "."], dir.path()));
    let line = text.lines().find(|l| l.starts_with("002")).unwrap();
    assert!(!line.contains("AFP"), "{line}");
    let show = json(&parallax(
        &["show", "002", "--corpus", ".", "--json"],
        dir.path(),
    ));
    assert_eq!(show["meta"]["source"], Value::Null);
    let items = show["meta"]["credit_items"].as_array().unwrap();
    let p = items[0]["paragraph"].as_u64().unwrap() as usize;
    assert_eq!(show["paragraphs"][p]["text"], "mm/wd (AFP, Reuters)");
    assert_eq!(items[0]["kind"], "sign_off");
}

#[test]
fn compare_says_who_copied_whom_and_the_credit() {
    let dir = seeds();
    let c = json(&parallax(
        &["compare", "004", "002", "--corpus", ".", "--json"],
        dir.path(),
    ));
    let p = &c["provenance"];
    assert_eq!(p["direction"], "left_is_source", "{p:#}");
    assert_eq!(p["set_by"], "inferred");
    assert_eq!(p["credited"], "partial");
    assert_eq!(p["credited_words"], "mm/wd (AFP, Reuters)");
    let kinds: Vec<&str> = p["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"containment") && kinds.contains(&"sign_off"),
        "{kinds:?}"
    );
    assert_eq!(c["left"]["source"], "Deutsche Welle");
    assert_eq!(c["right"]["source"], Value::Null);
    assert_eq!(c["right"]["credits"], serde_json::json!(["AFP", "Reuters"]));
    // Asked the other way round.
    let back = json(&parallax(
        &["compare", "002", "004", "--corpus", ".", "--json"],
        dir.path(),
    ));
    assert_eq!(back["provenance"]["direction"], "right_is_source");
    // The text report says it in one line.
    let text = ok(&parallax(
        &[
            "compare", "004", "002", "--corpus", ".", "--width", "200", "--color", "never",
        ],
        dir.path(),
    ));
    let origin = text.lines().find(|l| l.starts_with("origin")).unwrap();
    assert!(
        origin.contains("002_74ca31117742919c copied 004_930046805f83b52a (containment, sign-off"),
        "{origin}"
    );
    assert!(origin.contains("credited: partial"), "{origin}");
}

#[test]
fn a_copy_mark_overrides_the_inferred_direction_everywhere() {
    let dir = seeds();
    ok(&parallax(
        &[
            "mark", "002", "004", "--corpus", ".", "--label", "copy", "--source", "left",
        ],
        dir.path(),
    ));
    let c = json(&parallax(
        &["compare", "004", "002", "--corpus", ".", "--json"],
        dir.path(),
    ));
    assert_eq!(c["provenance"]["direction"], "right_is_source");
    assert_eq!(c["provenance"]["set_by"], "person");
    assert_eq!(c["provenance"]["evidence"][0]["kind"], "mark");
    let scan = json(&parallax(&["scan", "--corpus", ".", "--json"], dir.path()));
    let pair = &scan["pairs"][0];
    assert_eq!(pair["provenance"]["set_by"], "person", "{pair:#}");
    let edges = ok(&parallax(
        &["scan", "--corpus", ".", "--clusters", "--edges"],
        dir.path(),
    ));
    let row = edges.lines().nth(1).unwrap();
    assert!(
        row.contains(",002_74ca31117742919c,004_930046805f83b52a,"),
        "{row}"
    );
    assert!(row.contains(",person,"), "{row}");
    let text = ok(&parallax(
        &["scan", "--corpus", ".", "--clusters"],
        dir.path(),
    ));
    assert!(text.contains("set by a person"), "{text}");
}

#[test]
fn scan_json_pairs_carry_provenance() {
    let dir = seeds();
    let scan = json(&parallax(&["scan", "--corpus", ".", "--json"], dir.path()));
    let pair = &scan["pairs"][0];
    let left_is_dw = pair["left"].as_str().unwrap().starts_with("004");
    assert_eq!(
        pair["provenance"]["direction"],
        if left_is_dw {
            "left_is_source"
        } else {
            "right_is_source"
        }
    );
    assert_eq!(pair["provenance"]["credited"], "partial");
}

/// Member sets of families, from `scan --clusters --csv`.
fn csv_families(text: &str) -> BTreeSet<BTreeSet<String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let h = r.headers().unwrap().clone();
    assert_eq!(
        h.iter().collect::<Vec<_>>(),
        [
            "family_id",
            "size",
            "original",
            "rank",
            "id",
            "share_from_original"
        ]
    );
    let mut by: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    for rec in r.records() {
        let rec = rec.unwrap();
        by.entry(rec[0].to_string())
            .or_default()
            .insert(rec[4].to_string());
    }
    by.into_values().collect()
}

#[test]
fn clusters_equal_the_planted_families_in_every_format() {
    let planted = parallax_synth::provenance::corpus(14, 21);
    let dir = tempfile::tempdir().unwrap();
    planted.write(dir.path()).unwrap();
    let want: BTreeSet<BTreeSet<String>> = planted
        .families
        .iter()
        .map(|f| f.iter().map(|&i| planted.id(i)).collect())
        .collect();
    let run = |extra: &[&str]| {
        let mut args = vec!["scan", "--corpus", ".", "--clusters"];
        args.extend_from_slice(extra);
        ok(&parallax(&args, dir.path()))
    };
    // JSON.
    let j: Value = serde_json::from_str(&run(&["--json"])).unwrap();
    let fams = j["families"].as_array().unwrap();
    let got: BTreeSet<BTreeSet<String>> = fams
        .iter()
        .map(|f| {
            f["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(got, want);
    // Stable ids: the same run gives the same ids, and ids differ between families.
    let again: Value = serde_json::from_str(&run(&["--json"])).unwrap();
    assert_eq!(j["families"], again["families"]);
    let ids: BTreeSet<&str> = fams.iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), fams.len());
    // CSV.
    assert_eq!(csv_families(&run(&["--csv"])), want);
    // Edge list: every copy of a planted family links inside it.
    let edges = run(&["--edges"]);
    let mut r = csv::Reader::from_reader(edges.as_bytes());
    for rec in r.records() {
        let rec = rec.unwrap();
        assert!(
            want.iter()
                .any(|f| f.contains(&rec[1]) && f.contains(&rec[2])),
            "an edge across families: {rec:?}"
        );
    }
    // GraphML: a node per member, well-formed enough for a graph tool.
    let g = run(&["--graphml"]);
    assert!(g.starts_with("<?xml") && g.trim_end().ends_with("</graphml>"));
    let nodes = g.matches("<node ").count();
    assert_eq!(nodes, want.iter().map(BTreeSet::len).sum::<usize>());
    // The text report lists every family.
    let text = run(&[]);
    assert!(
        text.trim_end()
            .ends_with(&format!("{} families", want.len())),
        "{text}"
    );
}

#[test]
fn cluster_formats_need_clusters() {
    let dir = seeds();
    let o = parallax(&["scan", "--corpus", ".", "--csv"], dir.path());
    assert_eq!(o.status.code(), Some(2), "usage error");
}

#[test]
fn no_provenance_leaves_it_out() {
    let dir = seeds();
    let scan = json(&parallax(
        &["scan", "--corpus", ".", "--json", "--no-provenance"],
        dir.path(),
    ));
    assert!(scan["pairs"][0].get("provenance").is_none(), "{scan:#}");
    assert!(scan["pairs"][0]["verdict"].is_string());
}
