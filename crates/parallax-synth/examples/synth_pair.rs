//! Write a synthetic article and its lightly edited copy (see `parallax_synth`) to two files.
//!
//! ```text
//! cargo run --release --example synth_pair -- DIR [SEED] [BYTES]
//! ```
//!
//! Writes `DIR/synth_SEED_a.txt` (the article) and `DIR/synth_SEED_b.txt` (its edited copy at
//! 5%), and prints their paths. SEED defaults to 42 and BYTES to 1048576 (1 MiB).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: synth_pair DIR [SEED] [BYTES]";
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let num = |i: usize, default: u64| -> Result<u64, String> {
        args.get(i).map_or(Ok(default), |s| {
            s.parse().map_err(|e| format!("'{s}': {e}"))
        })
    };
    let (seed, bytes) = match (num(1, 42), num(2, 1 << 20)) {
        (Ok(s), Ok(b)) => (s, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}\n{usage}");
            return ExitCode::from(2);
        }
    };
    let (a, b) = parallax_synth::pair(seed, bytes as usize);
    let pa = dir.join(format!("synth_{seed}_a.txt"));
    let pb = dir.join(format!("synth_{seed}_b.txt"));
    for (p, text) in [(&pa, &a), (&pb, &b)] {
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(p, text)) {
            eprintln!("cannot write {}: {e}", p.display());
            return ExitCode::FAILURE;
        }
    }
    println!("{}", pa.display());
    println!("{}", pb.display());
    ExitCode::SUCCESS
}
