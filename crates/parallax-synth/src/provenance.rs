//! A corpus with planted provenance: sources, their copies (with and without credit), dates
//! (some missing, some placeholders, some wrong) and the families they form; for testing and
//! measuring [`parallax_core::provenance`]. Deterministic for a seed.
//!
//! Per family, drawn from the seed:
//! - a **source**: an article ([`synth::article`]) with front matter naming its publisher
//!   (an invented outlet, or now and then a known one) and, mostly, its date; half of the
//!   sources end with an agency sign-off ("ab/cd (AFP, Reuters)");
//! - one to three **copies**, each either a *compound page* (a forum thread or digest: text
//!   of its own, the source's whole text lightly edited, more text of its own; ~60%) or a
//!   *full copy* (the source's text with 3% of the words edited, a paragraph dropped or added
//!   now and then; ~40%). A copy has a
//!   publisher of its own or none (a forum); its credit is `yes` (a line naming the source's
//!   publisher: "This report was first published by Harbor Gazette."), `partial` (only the
//!   source's agency sign-off, carried over with the copied text) or `no` (the sign-off
//!   stripped, nothing named);
//! - copies are dated 0–3 days after their source, or undated (20%), or dated *before* the
//!   source (a wrong date, 8%); sources are undated 10% of the time and carry the placeholder
//!   1970-01-01 5% of the time.
//!
//! Unrelated articles (a third as many as families) are mixed in. Files are Markdown with
//! front matter, named `NNN.md` in a shuffled order, so ids say nothing about the truth.

use crate as synth;
use crate::Rng;

/// How a planted copy credits its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    Yes,
    Partial,
    No,
}

/// A planted copy: indices into [`Planted::files`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub source: usize,
    pub copy: usize,
    pub credit: Credit,
    /// A compound page (the source inside text of its own) rather than a full copy.
    pub compound: bool,
}

/// The generated corpus and its truth.
#[derive(Debug, Clone)]
pub struct Planted {
    /// `(file name, contents)`.
    pub files: Vec<(String, String)>,
    pub copies: Vec<Copy>,
    /// Each family's members (indices into `files`), its source first.
    pub families: Vec<Vec<usize>>,
}

impl Planted {
    /// The article id of file `i` (its name without the extension).
    pub fn id(&self, i: usize) -> String {
        self.files[i].0.trim_end_matches(".md").to_string()
    }

    /// Write the files into `dir`.
    pub fn write(&self, dir: &std::path::Path) -> std::io::Result<()> {
        for (name, text) in &self.files {
            std::fs::write(dir.join(name), text)?;
        }
        Ok(())
    }
}

const OUTLETS: &[&str] = &[
    "Harbor Gazette",
    "Northern Ledger",
    "Valley Courier",
    "Eastern Tribune",
    "Coastal Herald",
    "Midland Observer",
    "Capital Dispatch",
    "Riverside Chronicle",
    "Deutsche Welle",
    "Al Jazeera",
];

const COPIERS: &[&str] = &[
    "Metro Digest",
    "Daily Roundup",
    "Newsline Aggregator",
    "Regional Wire Review",
];

const AGENCIES: &[&str] = &["AFP, Reuters", "AP", "Reuters", "AFP, dpa"];

/// A seed for text `(a, b, c)`: distinct inputs give unrelated texts.
fn mix(a: u64, b: u64, c: u64) -> u64 {
    let mut h = a ^ 0x9e37_79b9_7f4a_7c15;
    for x in [b, c] {
        h = (h ^ x).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h ^= h >> 31;
    }
    h
}

/// A date `days` after 2022-01-01 (non-leap arithmetic on a 28-day month is enough here).
fn date(days: usize) -> String {
    let m = 1 + (days / 28) % 12;
    let d = 1 + days % 28;
    format!("2022-{m:02}-{d:02}")
}

fn front(title: &str, publisher: Option<&str>, date: Option<&str>) -> String {
    let mut s = String::from("---\n");
    s.push_str(&format!("title: {title}\n"));
    if let Some(p) = publisher {
        s.push_str(&format!("source: {p}\n"));
    }
    if let Some(d) = date {
        s.push_str(&format!("date: {d}\n"));
    }
    s.push_str("---\n");
    s
}

/// The title line of a generated article, and its body after the title.
fn split_title(text: &str) -> (&str, &str) {
    let (t, b) = text.split_once('\n').unwrap_or((text, ""));
    (t.trim(), b.trim_start_matches('\n'))
}

/// Generate `families` families (and a third as many unrelated articles) from `seed`.
pub fn corpus(families: usize, seed: u64) -> Planted {
    let mut rng = Rng::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    // (contents, family index or None) before shuffling.
    let mut files: Vec<String> = Vec::new();
    let mut copies: Vec<Copy> = Vec::new();
    let mut fams: Vec<Vec<usize>> = Vec::new();
    for f in 0..families {
        let base = mix(seed, f as u64, 0);
        let text = synth::article(base, rng.range(1800, 3200));
        let (title, body) = split_title(&text);
        let publisher = *rng.pick(OUTLETS);
        let day = rng.range(0, 300);
        let src_date = if rng.chance(0.10) {
            None
        } else if rng.chance(0.05) {
            Some("1970-01-01".to_string())
        } else {
            Some(date(day))
        };
        let sign_off = rng.chance(0.5).then(|| {
            format!(
                "{}{}/{}{} ({})",
                (b'a' + rng.below(26) as u8) as char,
                (b'a' + rng.below(26) as u8) as char,
                (b'a' + rng.below(26) as u8) as char,
                (b'a' + rng.below(26) as u8) as char,
                rng.pick(AGENCIES)
            )
        });
        let src_body = match &sign_off {
            Some(s) => format!("{body}\n{s}\n"),
            None => body.to_string(),
        };
        let src = files.len();
        files.push(format!(
            "{}{title}\n\n{src_body}",
            front(title, Some(publisher), src_date.as_deref())
        ));
        let mut members = vec![src];
        for k in 0..rng.range(1, 4) {
            let cseed = mix(seed, f as u64, 1 + k as u64);
            let compound = rng.chance(0.6);
            let credit = match rng.below(3) {
                0 => Credit::Yes,
                1 if sign_off.is_some() => Credit::Partial,
                _ => Credit::No,
            };
            // The copied text, edited (a compound page reposts all of it, a few paragraphs
            // moved; a full copy may drop or add a paragraph); the source's sign-off carried
            // over unedited unless the copy credits nobody.
            let whole = format!("{title}\n\n{body}");
            let mut copied = if compound {
                synth::reworded_copy(cseed, &whole, 0.01)
            } else {
                synth::edited_copy(cseed, &whole, 0.03)
            };
            if let (Some(s), Credit::Yes | Credit::Partial) = (&sign_off, credit) {
                copied = format!("{}\n\n{s}\n", copied.trim_end());
            }
            let mut page = String::new();
            if compound {
                let own = synth::article(mix(cseed, 1, 7), rng.range(2500, 5000));
                let more = synth::article(mix(cseed, 2, 7), rng.range(2500, 5000));
                let (own_title, own_body) = split_title(&own);
                page.push_str(&format!("{own_title}\n\n{own_body}\n\n"));
                page.push_str(&copied);
                page.push_str("\n\n");
                page.push_str(split_title(&more).1);
            } else {
                page.push_str(&copied);
            }
            if credit == Credit::Yes {
                page.push_str(&format!(
                    "\n\nThis report was first published by {publisher}.\n"
                ));
            }
            let copy_publisher = if compound && rng.chance(0.5) {
                None
            } else {
                Some(*rng.pick(COPIERS))
            };
            let copy_date = match &src_date {
                _ if rng.chance(0.2) => None,
                Some(d) if d != "1970-01-01" => {
                    if rng.chance(0.08) {
                        Some(date(day.saturating_sub(rng.range(1, 20))))
                    } else {
                        Some(date(day + rng.range(0, 4)))
                    }
                }
                _ => Some(date(day + rng.range(0, 4))),
            };
            let (ptitle, _) = split_title(&page);
            let i = files.len();
            files.push(format!(
                "{}{page}",
                front(ptitle, copy_publisher, copy_date.as_deref())
            ));
            copies.push(Copy {
                source: src,
                copy: i,
                credit,
                compound,
            });
            members.push(i);
        }
        fams.push(members);
    }
    for u in 0..families.div_ceil(3) {
        let text = synth::article(mix(seed, u as u64, 99), 2500);
        let (title, _) = split_title(&text);
        let d = date(rng.range(0, 300));
        files.push(format!(
            "{}{text}",
            front(title, Some(*rng.pick(OUTLETS)), Some(&d))
        ));
    }
    // Shuffled names.
    let mut order: Vec<usize> = (0..files.len()).collect();
    rng.shuffle(&mut order);
    let mut slot = vec![0; files.len()];
    for (pos, &i) in order.iter().enumerate() {
        slot[i] = pos;
    }
    let mut named: Vec<(String, String)> = vec![(String::new(), String::new()); files.len()];
    for (i, text) in files.into_iter().enumerate() {
        named[slot[i]] = (format!("{:03}.md", slot[i]), text);
    }
    Planted {
        files: named,
        copies: copies
            .into_iter()
            .map(|c| Copy {
                source: slot[c.source],
                copy: slot[c.copy],
                ..c
            })
            .collect(),
        families: fams
            .into_iter()
            .map(|m| m.into_iter().map(|i| slot[i]).collect())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_consistent() {
        let a = corpus(12, 7);
        let b = corpus(12, 7);
        assert_eq!(a.files, b.files);
        assert_eq!(a.families.len(), 12);
        for c in &a.copies {
            assert!(a
                .families
                .iter()
                .any(|f| f[0] == c.source && f.contains(&c.copy)));
        }
        let yes = a.copies.iter().filter(|c| c.credit == Credit::Yes).count();
        assert!(yes > 0 && yes < a.copies.len());
    }
}
