//! The `scan` and `coverage` commands as a user runs them: JSON on the seeds, empty and
//! one-article corpora, `--min-share`, `--min-run`, errors.

mod common;
use std::process::Command;

fn short(id: &str) -> &str {
    &id[..3]
}

fn parallax(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn cli_scan_json_on_seeds_empty_and_single_article_corpora() {
    let root = common::articles_dir();
    let o = parallax(&["scan", "--corpus", root.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stderr.is_empty(), "no progress bar in a pipe");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema_version"], 2);
    assert_eq!(v["pairs"][0]["verdict"], "left_contained_in_right");
    for k in [
        "left",
        "right",
        "left_in_right",
        "right_in_left",
        "shared_words",
        "longest_run",
    ] {
        assert!(!v["pairs"][0][k].is_null(), "{k}");
    }
    assert!(!v["repeats"].as_array().unwrap().is_empty());

    let empty = tempfile::tempdir().unwrap();
    let o = parallax(&["scan", "--corpus", empty.path().to_str().unwrap()]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("no pairs share text (0 articles)"));

    let one = tempfile::tempdir().unwrap();
    std::fs::write(one.path().join("a.txt"), common::seed_text("004")).unwrap();
    std::fs::write(one.path().join("bin.txt"), b"\0\x01binary").unwrap();
    let o = parallax(&["scan", "--corpus", one.path().to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["pairs"].as_array().unwrap().len(), 0);
    assert_eq!(v["skipped"].as_array().unwrap().len(), 1);

    let o = parallax(&["scan", "--corpus", "/nonexistent/corpus"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot open corpus folder"));
    let o = parallax(&["scan", "--min-share", "2"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn cli_min_share_filters_and_coverage_reports_sources() {
    let root = common::articles_dir();
    let r = root.to_str().unwrap();
    let o = parallax(&["scan", "--corpus", r, "--json", "--min-share", "0.5"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["pairs"].as_array().unwrap().len(), 1);
    let o = parallax(&["coverage", "002", "--corpus", r, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["sources"][0]["id"].as_str().unwrap().starts_with("004"));
    let o = parallax(&["coverage", "zzz", "--corpus", r]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no article 'zzz'"));
}

#[test]
fn cli_min_run_finds_shared_quotes_the_default_leaves_out() {
    let root = common::articles_dir();
    let pairs = |extra: &[&str]| -> Vec<(String, String, u64)> {
        let mut args = vec!["scan", "--corpus", root.to_str().unwrap(), "--json"];
        args.extend_from_slice(extra);
        let o = parallax(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    short(p["left"].as_str().unwrap()).to_string(),
                    short(p["right"].as_str().unwrap()).to_string(),
                    p["longest_run"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let default = pairs(&[]);
    // 001 retells the story and shares quotes of under 12 words: not a copy by default.
    assert!(
        default.iter().all(|p| p.0 != "001" && p.1 != "001"),
        "{default:?}"
    );
    assert!(default.iter().all(|p| p.2 >= 12));
    let fine = pairs(&["--min-run", "7"]);
    assert!(
        fine.iter()
            .any(|p| (p.0 == "001" && p.1 == "004") || (p.0 == "004" && p.1 == "001")),
        "the 7-word quote 001 shares with 004: {fine:?}"
    );
    assert!(fine.iter().all(|p| p.2 >= 7));
    assert_eq!(fine[0].0, "004", "the copy still ranks first");
    // Out of range: refused with a usage error.
    let o = parallax(&["scan", "--min-run", "3"]);
    assert_eq!(o.status.code(), Some(2));
}
