//! A synthetic corpus with planted reuse, for testing and measuring the corpus scan
//! ([`parallax_core::scan`]). Built on the crate's generator; deterministic for a seed.
//!
//! Per article slot, drawn from the seed:
//!
//! - ~8%: a near-duplicate of an earlier article ([`synth::reworded_copy`], 5% of the words
//!   edited, two or three paragraphs moved) — kind `near`;
//! - ~4%: a short article (300–900 bytes) and a page 3–10× longer that embeds it verbatim
//!   between its own paragraphs — kind `contained` (two slots);
//! - ~6%: an article holding one sentence from a pool of quotes, each quote used by two or
//!   three articles — kind `quote` (`quote_edited` for a copy whose edits fell inside the
//!   quote);
//! - independently, ~25%: one of four boilerplate blocks (sign-off, share buttons,
//!   newsletter, disclaimer) appended — never a pair by itself;
//! - the rest: an unrelated article of 2–4 KB.
//!
//! Every pair of articles that hold a common planted text is in the truth (a copy of an
//! article that carries a quote shares the quote too; two copies of one article are `near2`),
//! with the strongest kind. Boilerplate is appended after copying, so copies carry it
//! unedited.

use crate as synth;
use crate::Rng;
use std::collections::BTreeMap;

/// A generated corpus: article texts (named by [`id`]) and the planted pairs.
#[derive(Debug, Clone)]
pub struct Generated {
    pub texts: Vec<String>,
    /// `(kind, left, right)` by article index: kind `near` (an article and its copy),
    /// `near2` (two copies of one article: each 5% edited, so ~10% apart), `contained`
    /// (left is the embedded article), `quote` (both hold the quote verbatim) or
    /// `quote_edited` (a copy's edits fell inside the quote: only part of it is shared).
    pub truth: Vec<(&'static str, usize, usize)>,
}

/// Generate `n` articles from `seed`.
pub fn corpus(n: usize, seed: u64) -> Generated {
    let (docs, quotes) = generate(n, seed);
    let truth = truth(&docs, &quotes)
        .into_iter()
        .map(|((a, b), k)| (k, a, b))
        .collect();
    Generated {
        texts: docs
            .into_iter()
            .map(|d| match d.boilerplate {
                Some(k) => format!("{}{}\n", d.text, BOILERPLATE[k]),
                None => d.text,
            })
            .collect(),
        truth,
    }
}

const BOILERPLATE: [&str; 4] = [
    "Reporting by our correspondents in the region; additional reporting by the news desk. Editing by the evening team. Our standards: the Trust Principles apply to every story we publish.",
    "Share this story on social media. Follow us for the latest updates, breaking news alerts and analysis from our reporters around the world, every day of the week.",
    "Sign up for our daily newsletter to receive the most important stories of the day in your inbox every morning, with analysis and commentary from our editors.",
    "The views expressed in this article are those of the author and do not necessarily reflect the editorial policy of this publication or of any of its partners.",
];

#[derive(Debug, Clone, Default)]
struct Doc {
    /// The text without boilerplate (what copies are made from).
    text: String,
    /// The boilerplate block appended when the article is written.
    boilerplate: Option<usize>,
    /// Planted texts this article holds: (component, how: 0 original, 1 embedded, 2 page, 3 quote,
    /// 4 copy of an original).
    parts: Vec<(u64, u8)>,
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn join(paras: &[String]) -> String {
    let mut s = String::new();
    for p in paras {
        s.push_str(p);
        s.push_str("\n\n");
    }
    s
}

/// A quote: one sentence of a synthetic article, at least 12 words.
fn quote(seed: u64) -> String {
    let t = synth::article(seed, 1500);
    let body = paragraphs(&t)
        .into_iter()
        .skip(1)
        .collect::<Vec<_>>()
        .join(" ");
    let mut best = String::new();
    for s in body.split_inclusive(". ") {
        let s = s.trim();
        if s.split_whitespace().count() >= 12 {
            return s.to_string();
        }
        if s.len() > best.len() {
            best = s.to_string();
        }
    }
    best
}

/// The seed of slot `slot` for `purpose` (0 the article, 1 an embedded short article, 2 a
/// quote's source): SplitMix64 of the three, so no two (slot, purpose) meet.
fn mix(seed: u64, slot: u64, purpose: u64) -> u64 {
    let mut r = Rng::new(seed ^ slot.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let a = r.next_u64();
    Rng::new(a ^ purpose.wrapping_mul(0xD1B5_4A32_D192_ED03)).next_u64()
}

/// The docs, and the text of each quote by its component.
fn generate(n: usize, seed: u64) -> (Vec<Doc>, BTreeMap<u64, String>) {
    let mut rng = Rng::new(seed);
    let mut docs: Vec<Doc> = Vec::with_capacity(n);
    let mut bases: Vec<usize> = Vec::new();
    let mut quotes: Vec<(u64, String, usize)> = Vec::new();
    let mut comp = 1u64 << 40;
    while docs.len() < n {
        // Seeds of different slots and purposes must not meet: `article(x, …)` for a
        // shorter target is a prefix of `article(x, …)` for a longer one, so two slots that
        // drew the same seed would share text the truth does not know of. Mixed 64-bit seeds
        // (SplitMix64 of slot and purpose) make that as unlikely as a 64-bit collision.
        let s = mix(seed, docs.len() as u64, 0);
        let roll = rng.below(100);
        let mut d = Doc::default();
        if roll < 8 && !bases.is_empty() {
            let src = *rng.pick(&bases);
            d.text = synth::reworded_copy(s, &docs[src].text, 0.05);
            d.parts = docs[src].parts.clone();
            for p in &mut d.parts {
                if p.1 == 0 {
                    p.1 = 4;
                }
            }
        } else if roll < 12 && docs.len() + 2 <= n {
            let short = synth::article(mix(seed, docs.len() as u64, 1), rng.range(300, 900));
            let factor = rng.range(3, 10);
            let page = synth::article(s, short.len() * factor);
            let mut paras = paragraphs(&page);
            let at = rng.range(1, paras.len().max(1));
            let inner = paragraphs(&short);
            paras.splice(at..at, inner);
            comp += 1;
            docs.push(Doc {
                text: short,
                parts: vec![(comp, 1)],
                boilerplate: None,
            });
            d.text = join(&paras);
            d.parts = vec![(comp, 2)];
        } else {
            let bytes = rng.range(2000, 4000);
            d.text = synth::article(s, bytes);
            comp += 1;
            d.parts = vec![(comp, 0)];
            if (12..18).contains(&roll) {
                let reuse = quotes.iter().position(|q| q.2 < 3 && rng.chance(0.7));
                let k = match reuse {
                    Some(k) => k,
                    None => {
                        comp += 1;
                        quotes.push((comp, quote(mix(seed, docs.len() as u64, 2)), 0));
                        quotes.len() - 1
                    }
                };
                quotes[k].2 += 1;
                let mut paras = paragraphs(&d.text);
                let at = rng.range(1, paras.len().max(1));
                paras.insert(at, format!("\u{201c}{}\u{201d} he said.", quotes[k].1));
                d.text = join(&paras);
                d.parts.push((quotes[k].0, 3));
            }
            bases.push(docs.len());
        }
        if rng.chance(0.25) {
            d.boilerplate = Some(rng.below(BOILERPLATE.len()));
        }
        docs.push(d);
    }
    let quotes = quotes.into_iter().map(|(c, q, _)| (c, q)).collect();
    (docs, quotes)
}

/// The id (file stem) of the `i`-th article of a generated corpus.
pub fn id(i: usize) -> String {
    format!("a{i:07}")
}

/// Planted pairs: (kind, left, right); for `contained`, left is the embedded article.
fn truth(docs: &[Doc], quotes: &BTreeMap<u64, String>) -> BTreeMap<(usize, usize), &'static str> {
    let mut by: BTreeMap<u64, Vec<(usize, u8)>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        for &(c, how) in &d.parts {
            by.entry(c).or_default().push((i, how));
        }
    }
    let rank = |k: &str| match k {
        "near" => 0,
        "contained" => 1,
        "near2" => 2,
        "quote" => 3,
        _ => 4,
    };
    let mut out: BTreeMap<(usize, usize), &'static str> = BTreeMap::new();
    for (c, holders) in &by {
        // A copy's edits may fall inside the quote: then the pair shares only part of it.
        let verbatim = |i: usize| {
            quotes
                .get(c)
                .is_some_and(|q| docs[i].text.contains(q.as_str()))
        };
        for (x, &(a, ha)) in holders.iter().enumerate() {
            for &(b, hb) in &holders[x + 1..] {
                let (kind, key) = match (ha, hb) {
                    (1, 2) => ("contained", (a, b)),
                    (2, 1) => ("contained", (b, a)),
                    (3, 3) if verbatim(a) && verbatim(b) => ("quote", (a.min(b), a.max(b))),
                    (3, 3) => ("quote_edited", (a.min(b), a.max(b))),
                    (4, 4) => ("near2", (a.min(b), a.max(b))),
                    _ => ("near", (a.min(b), a.max(b))),
                };
                let rev = (key.1, key.0);
                let old = out.get(&key).or_else(|| out.get(&rev)).copied();
                if old.is_none_or(|o| rank(kind) < rank(o)) {
                    out.remove(&rev);
                    out.insert(key, kind);
                }
            }
        }
    }
    out
}
