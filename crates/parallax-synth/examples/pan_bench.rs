//! The text-alignment benchmark: PAN-style labelled pairs (`parallax_synth::pan`), the engine
//! and the word 3-gram baseline (`parallax_synth::baseline`) run on each, PAN's measures
//! (`parallax_synth::measure`) per kind.
//!
//! ```text
//! cargo run --release -p parallax-synth --example pan_bench -- [N_PER_KIND=50] [SEED=1] [--json FILE]
//! ```
//!
//! Prints markdown tables (deterministic but for the timings): per kind the engine's and the
//! baseline's precision, recall, granularity and plagdet; how many negative pairs got a
//! detection; the ROC AUC of `scores.left_in_right` (suspicious first) and of the baseline's
//! share, derived kinds against negatives; the engine's verdicts per kind; the time spent.
//! `--json FILE` also writes the figures as JSON.
//!
//! The engine is called as `compare(suspicious, source)`: a passage's `left` extent is in the
//! suspicious document, `right` in the source. Engine time counts building both articles
//! (`corpus::from_text`: segmentation, metadata) and `compare`; baseline time counts
//! tokenising and both `share` and `passages`.

use parallax_synth::baseline;
use parallax_synth::fixtures::article;
use parallax_synth::measure::{self, Confusion, Pair, Pan};
use parallax_synth::pan::{self, Case, Kind, Truth};
use serde_json::{json, Value};
use std::process::ExitCode;
use std::time::{Duration, Instant};

struct Run {
    engine: Vec<Truth>,
    base: Vec<Truth>,
    score: f64,
    share: f64,
    verdict: &'static str,
}

fn run(c: &Case, engine_time: &mut Duration, base_time: &mut Duration) -> Run {
    let t = Instant::now();
    let susp = article(&format!("{}/suspicious", c.id), &c.suspicious);
    let src = article(&format!("{}/source", c.id), &c.source);
    let cmp = parallax_core::compare(&susp, &src);
    *engine_time += t.elapsed();
    let engine = cmp
        .passages
        .iter()
        .map(|p| Truth {
            suspicious: p.left.start..p.left.end,
            source: p.right.start..p.right.end,
        })
        .collect();

    let t = Instant::now();
    let share = baseline::share(&c.suspicious, &c.source);
    let base = baseline::passages(&c.suspicious, &c.source)
        .into_iter()
        .map(|p| Truth {
            suspicious: p.left,
            source: p.right,
        })
        .collect();
    *base_time += t.elapsed();
    Run {
        engine,
        base,
        score: cmp.scores.left_in_right,
        share,
        verdict: cmp.verdict.as_str(),
    }
}

fn measure_of(cases: &[&Case], runs: &[&Run], engine: bool) -> Pan {
    let pairs: Vec<Pair> = cases
        .iter()
        .zip(runs)
        .map(|(c, r)| Pair {
            source: &c.source,
            suspicious: &c.suspicious,
            cases: &c.truth,
            detections: if engine { &r.engine } else { &r.base },
        })
        .collect();
    measure::pan(&pairs)
}

fn pan_json(m: &Pan) -> Value {
    json!({
        "precision": m.precision,
        "recall": m.recall,
        "granularity": m.granularity,
        "plagdet": m.plagdet,
        "cases": m.cases,
        "detections": m.detections,
        "detected_cases": m.detected_cases,
    })
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

fn auc_str(a: Option<f64>) -> String {
    a.map_or("–".to_string(), f3)
}

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: pan_bench [N_PER_KIND=50] [SEED=1] [--json FILE]";
    let mut json_path = None;
    if let Some(i) = args.iter().position(|a| a == "--json") {
        if i + 1 >= args.len() {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
        json_path = Some(args.remove(i + 1));
        args.remove(i);
    }
    if args.len() > 2 || args.iter().any(|a| a.starts_with('-')) {
        eprintln!("{usage}");
        return ExitCode::from(2);
    }
    let num = |i: usize, default: u64| -> Result<u64, String> {
        args.get(i).map_or(Ok(default), |s| {
            s.parse().map_err(|e| format!("'{s}': {e}"))
        })
    };
    let (n, seed) = match (num(0, 50), num(1, 1)) {
        (Ok(n), Ok(s)) => (n as usize, s),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}\n{usage}");
            return ExitCode::from(2);
        }
    };

    let t = Instant::now();
    let cases = pan::all(n, seed);
    let gen_time = t.elapsed();
    let (mut engine_time, mut base_time) = (Duration::ZERO, Duration::ZERO);
    let runs: Vec<Run> = cases
        .iter()
        .map(|c| run(c, &mut engine_time, &mut base_time))
        .collect();

    println!(
        "pan_bench: {n} pairs per kind, seed {seed}, {} pairs, {} reused passages\n",
        cases.len(),
        cases.iter().map(|c| c.truth.len()).sum::<usize>()
    );

    // Per kind, and the whole collection.
    println!("### Passages: PAN character measures (engine | baseline)\n");
    println!(
        "| kind | pairs | cases | engine det. | prec | rec | gran | plagdet | baseline det. | prec | rec | gran | plagdet |"
    );
    println!("|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut kinds_json = Vec::new();
    let groups: Vec<(String, Vec<usize>)> = Kind::ALL
        .iter()
        .map(|&k| {
            let idx = (0..cases.len()).filter(|&i| cases[i].kind == k).collect();
            (k.name().to_string(), idx)
        })
        .chain([
            (
                "all derived".to_string(),
                (0..cases.len())
                    .filter(|&i| cases[i].kind.derived())
                    .collect(),
            ),
            ("all".to_string(), (0..cases.len()).collect()),
        ])
        .collect();
    for (name, idx) in &groups {
        let cs: Vec<&Case> = idx.iter().map(|&i| &cases[i]).collect();
        let rs: Vec<&Run> = idx.iter().map(|&i| &runs[i]).collect();
        let (e, b) = (measure_of(&cs, &rs, true), measure_of(&cs, &rs, false));
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            cs.len(),
            e.cases,
            e.detections,
            f3(e.precision),
            f3(e.recall),
            f3(e.granularity),
            f3(e.plagdet),
            b.detections,
            f3(b.precision),
            f3(b.recall),
            f3(b.granularity),
            f3(b.plagdet),
        );
        kinds_json.push(json!({
            "kind": name,
            "pairs": cs.len(),
            "engine": pan_json(&e),
            "baseline": pan_json(&b),
        }));
    }

    // Negatives with a detection.
    let neg: Vec<usize> = (0..cases.len())
        .filter(|&i| !cases[i].kind.derived())
        .collect();
    let with = |f: &dyn Fn(&Run) -> bool| neg.iter().filter(|&&i| f(&runs[i])).count();
    let (ne, nb) = (
        with(&|r| !r.engine.is_empty()),
        with(&|r| !r.base.is_empty()),
    );
    let pct = |k: usize| {
        if neg.is_empty() {
            0.0
        } else {
            100.0 * k as f64 / neg.len() as f64
        }
    };
    println!("\n### Negative pairs with at least one detection\n");
    println!("| | pairs | share |\n|:---|---:|---:|");
    println!("| engine | {ne} / {} | {:.1}% |", neg.len(), pct(ne));
    println!("| baseline | {nb} / {} | {:.1}% |", neg.len(), pct(nb));

    // ROC AUC, per derived kind and all derived, against the negatives.
    let neg_scores: Vec<f64> = neg.iter().map(|&i| runs[i].score).collect();
    let neg_shares: Vec<f64> = neg.iter().map(|&i| runs[i].share).collect();
    println!("\n### ROC AUC against the negatives\n");
    println!("| positives | engine `left_in_right` | baseline share |\n|:---|---:|---:|");
    let mut auc_json = serde_json::Map::new();
    let derived_groups = groups
        .iter()
        .filter(|(name, _)| name != "negative" && name != "all");
    for (name, idx) in derived_groups {
        let s: Vec<f64> = idx.iter().map(|&i| runs[i].score).collect();
        let b: Vec<f64> = idx.iter().map(|&i| runs[i].share).collect();
        let (ae, ab) = (
            measure::roc_auc(&s, &neg_scores),
            measure::roc_auc(&b, &neg_shares),
        );
        println!("| {name} | {} | {} |", auc_str(ae), auc_str(ab));
        auc_json.insert(name.clone(), json!({ "engine": ae, "baseline": ab }));
    }

    // Verdicts.
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let mut confusion = Confusion::with_rows(&names);
    for (c, r) in cases.iter().zip(&runs) {
        confusion.add(c.kind.name(), r.verdict);
    }
    println!("\n### Engine verdicts per kind\n");
    print!("{confusion}");
    let mut conf_json = serde_json::Map::new();
    for row in confusion.rows() {
        let cols: serde_json::Map<String, Value> = confusion
            .columns()
            .iter()
            .map(|col| (col.clone(), json!(confusion.get(row, col))))
            .collect();
        conf_json.insert(row.clone(), Value::Object(cols));
    }

    println!("\n### Time (wall, informative)\n");
    println!("| | total | per pair |\n|:---|---:|---:|");
    let per = |d: Duration| d.as_secs_f64() * 1e3 / cases.len().max(1) as f64;
    println!(
        "| generating the pairs | {:.2} s | {:.2} ms |",
        gen_time.as_secs_f64(),
        per(gen_time)
    );
    println!(
        "| engine (`from_text` ×2 + `compare`) | {:.2} s | {:.2} ms |",
        engine_time.as_secs_f64(),
        per(engine_time)
    );
    println!(
        "| baseline (`share` + `passages`) | {:.2} s | {:.2} ms |",
        base_time.as_secs_f64(),
        per(base_time)
    );

    if let Some(path) = json_path {
        let doc = json!({
            "n_per_kind": n,
            "seed": seed,
            "pairs": cases.len(),
            "kinds": kinds_json,
            "negatives_with_detection": {
                "pairs": neg.len(),
                "engine": ne,
                "baseline": nb,
            },
            "roc_auc": auc_json,
            "verdicts": conf_json,
            "seconds": {
                "generate": gen_time.as_secs_f64(),
                "engine": engine_time.as_secs_f64(),
                "baseline": base_time.as_secs_f64(),
            },
        });
        let text = serde_json::to_string_pretty(&doc).expect("JSON") + "\n";
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {path}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
