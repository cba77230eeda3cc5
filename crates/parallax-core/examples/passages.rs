//! Print the passages two files share, with their offsets: parallax-core as a text-alignment
//! engine.
//!
//! ```sh
//! cargo run --release -p parallax-core --example passages -- A.txt B.txt
//! ```

use parallax_core::engine::passage;
use parallax_core::engine::stream::Stream;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [a, b] = args.as_slice() else {
        eprintln!("usage: passages A B");
        std::process::exit(2);
    };
    let load = |p: &str| match parallax_core::corpus::load_file(std::path::Path::new(p)) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let (a, b) = (load(a), load(b));
    let (sa, sb) = (Stream::of_text(&a.text), Stream::of_text(&b.text));
    let r = passage::find(&sa, &sb);
    let clip = |t: &str| {
        let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let n = t.chars().count();
        if n <= 150 {
            t
        } else {
            let head: String = t.chars().take(70).collect();
            let tail: String = t.chars().skip(n - 70).collect();
            format!("{head} … {tail}")
        }
    };
    let text = |s: &Stream, t: &str, (x, y): (usize, usize)| {
        parallax_core::text::sanitize::sanitize(&clip(
            &t[s.spans[x].0 as usize..s.spans[y - 1].1 as usize],
        ))
    };
    println!(
        "longest run {} words; {} passages, {} quotes",
        r.longest_run(),
        r.passages.len(),
        r.quotes.len()
    );
    for (what, list) in [("passage", &r.passages), ("quote", &r.quotes)] {
        for p in list {
            println!(
                "{what} {:?} words {}..{} / {}..{}  matched {}  similarity {:.2}",
                p.kind,
                p.a.0,
                p.a.1,
                p.b.0,
                p.b.1,
                p.pairs.len(),
                p.similarity()
            );
            println!("  < {}", text(&sa, &a.text, p.a));
            println!("  > {}", text(&sb, &b.text, p.b));
        }
    }
}
