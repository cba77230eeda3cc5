//! Write a synthetic corpus with planted reuse (see `parallax_synth`), and score a scan of
//! it against the truth.
//!
//! ```text
//! cargo run --release --example gen_corpus -- DIR N [SEED]
//! cargo run --release --example gen_corpus -- eval DIR/truth.tsv SCAN.json
//! ```
//!
//! Writes `DIR/a0000000.txt` … and `DIR/truth.tsv` (`kind<TAB>left<TAB>right`, one planted
//! pair per line; for a containment `left` is the embedded article). What is planted: see
//! `parallax_synth::corpus`.
//!
//! Every pair of articles that hold a common planted text is in the truth file (a copy of an
//! article that carries a quote shares the quote too). `eval` prints recall per kind and
//! precision of a `parallax scan --json` document.

use parallax_synth::corpus as synth_corpus;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn write(dir: &Path, n: usize, seed: u64) -> Result<(), String> {
    let g = synth_corpus::corpus(n, seed);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (i, text) in g.texts.iter().enumerate() {
        let p = dir.join(format!("{}.txt", synth_corpus::id(i)));
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    let mut t = String::new();
    for (kind, a, b) in g.truth {
        let _ = writeln!(
            t,
            "{kind}\t{}\t{}",
            synth_corpus::id(a),
            synth_corpus::id(b)
        );
    }
    let p = dir.join("truth.tsv");
    std::fs::write(&p, t).map_err(|e| format!("{}: {e}", p.display()))
}

fn eval(truth: &Path, scan: &Path) -> Result<String, String> {
    let t = std::fs::read_to_string(truth).map_err(|e| format!("{}: {e}", truth.display()))?;
    let s = std::fs::read_to_string(scan).map_err(|e| format!("{}: {e}", scan.display()))?;
    let json: serde_json::Value = serde_json::from_str(&s).map_err(|e| e.to_string())?;
    let mut planted: BTreeMap<(String, String), String> = BTreeMap::new();
    for line in t.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if let [k, a, b] = f[..] {
            planted.insert((a.to_string(), b.to_string()), k.to_string());
        }
    }
    let mut found: BTreeMap<(String, String), (String, String, String)> = BTreeMap::new();
    for p in json["pairs"].as_array().ok_or("no pairs in the scan")? {
        let l = p["left"].as_str().unwrap_or_default().to_string();
        let r = p["right"].as_str().unwrap_or_default().to_string();
        let v = p["verdict"].as_str().unwrap_or_default().to_string();
        let key = if l < r {
            (l.clone(), r.clone())
        } else {
            (r.clone(), l.clone())
        };
        found.insert(key, (l, r, v));
    }
    let norm = |a: &str, b: &str| {
        if a < b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    let mut out = String::new();
    for kind in ["near", "contained", "near2", "quote", "quote_edited"] {
        let all: Vec<_> = planted.iter().filter(|(_, k)| *k == kind).collect();
        let hit = all
            .iter()
            .filter(|((a, b), _)| match found.get(&norm(a, b)) {
                None => false,
                Some((l, _, v)) => match kind {
                    "near" | "near2" => v == "duplicate" || v.contains("contained"),
                    "contained" => v == "left_contained_in_right" && l == a,
                    _ => true,
                },
            })
            .count();
        let _ = writeln!(
            out,
            "recall {kind:9} {hit}/{} = {:.4}",
            all.len(),
            ratio(hit, all.len())
        );
    }
    let planted_keys: BTreeSet<(String, String)> =
        planted.keys().map(|(a, b)| norm(a, b)).collect();
    let ok = found.keys().filter(|k| planted_keys.contains(*k)).count();
    let _ = writeln!(
        out,
        "precision {ok}/{} = {:.4}",
        found.len(),
        ratio(ok, found.len())
    );
    for k in found.keys().filter(|k| !planted_keys.contains(*k)).take(5) {
        let _ = writeln!(out, "  unplanted: {} {} {}", k.0, k.1, found[k].2);
    }
    Ok(out)
}

/// `k / n`, 1 when there is nothing to find.
fn ratio(k: usize, n: usize) -> f64 {
    if n == 0 {
        1.0
    } else {
        k as f64 / n as f64
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus DIR N [SEED] | gen_corpus eval TRUTH.tsv SCAN.json";
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["eval", truth, scan] => eval(Path::new(truth), Path::new(scan)).map(|s| print!("{s}")),
        [dir, n] | [dir, n, _] => {
            let seed = args.get(2).map_or(Ok(42), |s| s.parse::<u64>());
            match (n.parse::<usize>(), seed) {
                (Ok(n), Ok(seed)) => write(&PathBuf::from(dir), n, seed),
                _ => Err(usage.to_string()),
            }
        }
        _ => Err(usage.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
