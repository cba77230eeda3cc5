//! Print one case of the text-alignment benchmark (`parallax_synth::pan`): both texts and
//! each reused passage on both sides, to inspect what `pan_bench` measures.
//!
//! ```text
//! cargo run --release -p parallax-synth --example pan_case -- KIND INDEX [SEED=1]
//! ```
//!
//! KIND is a kind's name (`verbatim`, `obfuscation_low`, …, `negative`); INDEX counts from 0;
//! SEED is the seed given to `pan_bench`.

use parallax_synth::pan::{cases, Kind};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    let usage = format!(
        "usage: pan_case KIND INDEX [SEED=1]\nKIND: {}",
        names.join(", ")
    );
    let kind = args
        .first()
        .and_then(|a| Kind::ALL.into_iter().find(|k| k.name() == a));
    let index = args.get(1).and_then(|a| a.parse::<usize>().ok());
    let seed = args.get(2).map_or(Some(1), |a| a.parse::<u64>().ok());
    let (Some(kind), Some(index), Some(seed)) = (kind, index, seed) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let c = cases(kind, index + 1, seed).pop().expect("one case");
    println!("# {} (seed {seed})\n", c.id);
    println!("## source ({} bytes)\n\n{}", c.source.len(), c.source);
    println!(
        "## suspicious ({} bytes)\n\n{}",
        c.suspicious.len(),
        c.suspicious
    );
    for (k, t) in c.truth.iter().enumerate() {
        println!(
            "## passage {k}: source {:?}, suspicious {:?}\n",
            t.source, t.suspicious
        );
        println!("### in the source\n\n{}\n", &c.source[t.source.clone()]);
        println!(
            "### in the suspicious document\n\n{}\n",
            &c.suspicious[t.suspicious.clone()]
        );
    }
    ExitCode::SUCCESS
}
