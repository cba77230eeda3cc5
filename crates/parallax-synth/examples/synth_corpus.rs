//! Write a generated corpus of N articles (see `parallax_synth::article`) for the open-time
//! benchmark (`scripts/bench_open.sh`, docs/benchmarks.md).
//!
//! ```text
//! cargo run --release --example synth_corpus -- DIR [N] [BYTES]
//! ```
//!
//! Writes `DIR/NNNNN.txt` for N articles (default 10000) of about BYTES bytes each (default
//! 3000, the size of a typical news article), spread over 100 sub-folders.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("usage: synth_corpus DIR [N] [BYTES]");
        return ExitCode::from(2);
    };
    let num = |i: usize, d: usize| args.get(i).map_or(Ok(d), |s| s.parse::<usize>());
    let (Ok(n), Ok(bytes)) = (num(1, 10_000), num(2, 3_000)) else {
        eprintln!("usage: synth_corpus DIR [N] [BYTES]");
        return ExitCode::from(2);
    };
    for i in 0..n {
        let sub = dir.join(format!("{:02}", i % 100));
        let text = parallax_synth::article(i as u64, bytes);
        if let Err(e) = std::fs::create_dir_all(&sub)
            .and_then(|()| std::fs::write(sub.join(format!("{i:05}.txt")), text))
        {
            eprintln!("synth_corpus: {}: {e}", sub.display());
            return ExitCode::FAILURE;
        }
    }
    println!("{n} articles in {}", dir.display());
    ExitCode::SUCCESS
}
