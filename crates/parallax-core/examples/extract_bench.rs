//! The HTML extraction benchmark: real-shaped generated pages ([`parallax_synth::pages`]), each
//! imported as `parallax` imports an `.html` file, scored by word 4-gram F1 of the imported
//! body against the expected body. Prints one line per page and the means; with a folder,
//! also writes each page (`NAME.html`) and its expected body (`NAME.expected.txt`) there, for
//! `scripts/bench_extract_trafilatura.py`.
//!
//! ```sh
//! cargo run -p parallax-core --example extract_bench -- [--dir DIR] [--seed 15] [--n 60] [--show PAGE]
//! ```

use parallax_core::corpus::{parse_docs, Format};
use parallax_synth::pages::{f1_4gram, pages, Kind};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = None;
    let mut show: Option<String> = None;
    let (mut seed, mut n) = (15u64, 60usize);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let v = it.next();
        match (a.as_str(), v) {
            ("--dir", Some(v)) => dir = Some(std::path::PathBuf::from(v)),
            ("--seed", Some(v)) => seed = v.parse().expect("--seed N"),
            ("--n", Some(v)) => n = v.parse().expect("--n N"),
            ("--show", Some(v)) => show = Some(v.clone()),
            _ => {
                eprintln!("usage: extract_bench [--dir DIR] [--seed N] [--n N] [--show PAGE]");
                std::process::exit(2);
            }
        }
    }
    let pages = pages(seed, n);
    if let Some(d) = &dir {
        std::fs::create_dir_all(d).expect("create the folder");
    }
    let (mut sum_f, mut sum_p, mut sum_r, mut articles) = (0.0, 0.0, 0.0, 0usize);
    let (mut titles_ok, mut dates_ok) = (0usize, 0usize);
    let (mut listings, mut listings_ok) = (0usize, 0usize);
    println!("page\tP\tR\tF1\ttitle\tdate");
    for p in &pages {
        if let Some(d) = &dir {
            std::fs::write(d.join(&p.name), &p.html).expect("write a page");
            let stem = p.name.trim_end_matches(".html");
            let expected = match p.kind {
                Kind::Article => p.body.join("\n") + "\n",
                Kind::Listing => String::new(),
            };
            std::fs::write(d.join(format!("{stem}.expected.txt")), expected).expect("write a body");
        }
        let got = parse_docs(p.html.as_bytes(), Format::Html);
        if show.as_deref().is_some_and(|s| p.name.starts_with(s)) {
            match &got {
                Ok(f) => println!("--- imported:\n{}--- end", f.docs[0].text),
                Err(e) => println!("--- error: {e}"),
            }
        }
        match p.kind {
            Kind::Listing => {
                listings += 1;
                let ok = got.is_err();
                listings_ok += usize::from(ok);
                let what = match &got {
                    Err(e) => format!("skipped: {e}"),
                    Ok(_) => "IMPORTED AS AN ARTICLE".into(),
                };
                println!("{}\t-\t-\t-\t{what}", p.name);
            }
            Kind::Article => {
                articles += 1;
                let (text, title, date) = match &got {
                    Ok(f) => {
                        let a = f.build("x", &f.docs[0]);
                        (f.docs[0].text.clone(), a.meta.title, a.meta.date)
                    }
                    Err(e) => (String::new(), format!("ERROR: {e}"), None),
                };
                let (pr, rc, f) = f1_4gram(&text, &p.body.join("\n"));
                sum_f += f;
                sum_p += pr;
                sum_r += rc;
                let t_ok = title == p.title;
                let d_ok = date == p.date;
                titles_ok += usize::from(t_ok);
                dates_ok += usize::from(d_ok);
                println!(
                    "{}\t{pr:.3}\t{rc:.3}\t{f:.3}\t{}\t{}",
                    p.name,
                    if t_ok {
                        "ok".into()
                    } else {
                        format!("{title:?}")
                    },
                    if d_ok {
                        "ok".into()
                    } else {
                        format!("{date:?}")
                    },
                );
            }
        }
    }
    let m = |x: f64| x / articles.max(1) as f64;
    println!(
        "\n{articles} article pages: mean precision {:.3}, recall {:.3}, F1 {:.3}; titles {titles_ok}/{articles}, dates {dates_ok}/{articles}",
        m(sum_p),
        m(sum_r),
        m(sum_f)
    );
    println!("{listings} listing pages: {listings_ok} skipped as listings");
}
