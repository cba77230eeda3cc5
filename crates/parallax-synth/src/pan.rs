//! Labelled text-reuse pairs in the style of the PAN text-alignment corpora (Potthast et al.,
//! "An Evaluation Framework for Plagiarism Detection", COLING 2010; "Overview of the 5th
//! International Competition on Plagiarism Detection", PAN 2013): a source document, a
//! suspicious document that reuses passages of it (transformed in one of eight ways), and the
//! exact byte ranges reused on both sides — or a negative pair on the same story that reuses
//! nothing. Deterministic for a seed, on every platform.
//!
//! # A case
//!
//! Every document is news-like text from the crate's generator: a title line, a blank line,
//! then paragraphs of one line each separated by blank lines ([`crate::article_on`]). In the
//! planted kinds (all but [`Kind::NewsRewrite`] and [`Kind::Negative`]) the source (2–6 KB)
//! and the suspicious host (2–6 KB) come from different text seeds, so they are independent
//! texts; in half of the cases the host is written on the source's story (the same cast of
//! people, places and organisations and the same topic words, [`crate::article_on`]), in the
//! other half on another story. One to three passages of the source (each 1–6 consecutive
//! sentences, 20–150 words, never adjacent to each other in the source) are transformed per
//! kind and inserted into the host: as new paragraphs between two of its paragraphs (half of
//! the passages), in place of one of its paragraphs (a quarter), or at the start of one of its
//! paragraphs (a quarter). [`Truth`] gives, per passage, the byte range of the original
//! sentences in `source` and of the transformed text in `suspicious`, computed on the final
//! texts. Truths are sorted by their start in `suspicious`.
//!
//! # Kinds
//!
//! | kind | the reused text in `suspicious` |
//! | --- | --- |
//! | [`Verbatim`](Kind::Verbatim) | the sentences unchanged; paragraph breaks inside the passage kept (half of the passages) or joined into one paragraph |
//! | [`ObfuscationLow`](Kind::ObfuscationLow) / [`ObfuscationHigh`](Kind::ObfuscationHigh) | PAN's random obfuscation: each word, with probability 0.15 / 0.35, gets an operation — replaced by another word of its class in the generator's vocabulary (40%), a word inserted next to it (20%), deleted (20%), or the words of a window of 2–4 shuffled (20%, punctuation stays in place, capitals follow the sentence start) |
//! | [`Reordered`](Kind::Reordered) | 3–6 sentences (over 2–4 source paragraphs where the source allows) in another order, regrouped into 1–3 paragraphs, ~5% of the words edited |
//! | [`Merged`](Kind::Merged) | sentences from 2–3 consecutive source paragraphs merged into one paragraph (70%) or from one paragraph; one sentence split in two at ", and"/", but"/… ("X, and y." → "X. Y.") or two joined ("X. Y." → "X, while y."), always in the one-paragraph case and half of the time otherwise; ~5% of the words edited |
//! | [`LineBroken`](Kind::LineBroken) | the sentences verbatim (half) or ~5% edited; the whole suspicious document, title included, hard-broken into lines of 5–12 words mid-sentence, a paragraph starting on a new line, no blank lines (text copied out of a PDF or a narrow column) |
//! | [`Summary`](Kind::Summary) | 3–6 sentences compressed into 1–2 sentences of their key words: names, numbers, nouns, verbs (4–9 per source sentence, in order, an adjective or a determiner now and then), joined with ", ", " and ", "; " |
//! | [`NewsRewrite`](Kind::NewsRewrite) | see below |
//! | [`Negative`](Kind::Negative) | nothing: see below |
//!
//! **NewsRewrite.** The source is a whole wire story of 2–4 KB with at least three to five
//! direct quotes (quoted statements are added where the generator wrote fewer, in one
//! document-wide style: straight or curly quotes, the attribution before or after). The
//! suspicious document is another outlet's rewrite of it: a new title; the lead paragraph
//! rewritten (60% of the words other than names and numbers replaced by words of the same
//! class: new words, same names); of the other paragraphs 20–40% cut, the rest kept in order,
//! consecutive kept paragraphs merged into one (at least one merge), ~10% of the words edited
//! but never inside quotation marks; and 2–4 new sentences on the same story (same cast),
//! each as a new paragraph or at the end of a kept paragraph (outside its truth range). One
//! [`Truth`] per reused stretch: the lead (source lead → rewritten lead) and each kept
//! paragraph or group of merged paragraphs (source paragraphs → the rewritten paragraph).
//!
//! **Negative.** Two independent documents (2–6 KB each) on the same story: the same cast,
//! places, organisations and topic words ([`crate::article_on`] with one topic and two text
//! seeds), so they share names, titles and frequent phrases; and 0–2 short statements (6–10
//! words) that both reporters quote verbatim inside quotation marks, each with its own
//! attribution ("“…,” Weber said." in one, "Foreign Minister Anna Weber told reporters:
//! "…."" in the other). `truth` is empty: quoting the same statement is not reuse of the
//! other document.
//!
//! ```
//! use parallax_synth::pan::{cases, Kind};
//! let c = &cases(Kind::Verbatim, 1, 7)[0];
//! let t = &c.truth[0];
//! assert_eq!(
//!     c.source[t.source.clone()].split_whitespace().collect::<Vec<_>>(),
//!     c.suspicious[t.suspicious.clone()].split_whitespace().collect::<Vec<_>>(),
//! );
//! ```

use crate::{capitalise, edit_word, split_token, stream, write_article, Gen, Rng};
use crate::{ADJ, ADV, CITIES, CONJ, COUNTRIES, DET_PL, DET_SG, FIRST, LAST, NOUN_PL, NOUN_SG};
use crate::{PREP, VERB_TR};
use std::ops::Range;

/// How the suspicious document reuses the source (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Verbatim,
    ObfuscationLow,
    ObfuscationHigh,
    Reordered,
    Merged,
    LineBroken,
    Summary,
    NewsRewrite,
    Negative,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Verbatim,
        Kind::ObfuscationLow,
        Kind::ObfuscationHigh,
        Kind::Reordered,
        Kind::Merged,
        Kind::LineBroken,
        Kind::Summary,
        Kind::NewsRewrite,
        Kind::Negative,
    ];

    /// A snake_case name: `verbatim`, `obfuscation_low`, … `negative`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Verbatim => "verbatim",
            Kind::ObfuscationLow => "obfuscation_low",
            Kind::ObfuscationHigh => "obfuscation_high",
            Kind::Reordered => "reordered",
            Kind::Merged => "merged",
            Kind::LineBroken => "line_broken",
            Kind::Summary => "summary",
            Kind::NewsRewrite => "news_rewrite",
            Kind::Negative => "negative",
        }
    }

    /// Whether the suspicious document reuses the source: false only for [`Kind::Negative`].
    pub fn derived(self) -> bool {
        self != Kind::Negative
    }

    fn salt(self) -> u64 {
        self as u64 + 1
    }
}

/// One reused passage: byte offsets into [`Case::source`] and [`Case::suspicious`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Truth {
    pub source: Range<usize>,
    pub suspicious: Range<usize>,
}

/// A labelled document pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    pub kind: Kind,
    /// `kind-NNN`, unique within one [`all`].
    pub id: String,
    pub source: String,
    pub suspicious: String,
    /// The reused passages, by start in `suspicious`; empty for [`Kind::Negative`].
    pub truth: Vec<Truth>,
}

/// `n` cases of one kind. Case `i` depends only on `(kind, i, seed)`, so a larger `n` extends
/// a smaller one.
pub fn cases(kind: Kind, n: usize, seed: u64) -> Vec<Case> {
    (0..n).map(|i| case(kind, i, seed)).collect()
}

/// `n_per_kind` cases of every kind, in the order of [`Kind::ALL`].
pub fn all(n_per_kind: usize, seed: u64) -> Vec<Case> {
    Kind::ALL
        .iter()
        .flat_map(|&k| cases(k, n_per_kind, seed))
        .collect()
}

fn case(kind: Kind, i: usize, seed: u64) -> Case {
    let base = stream(
        seed ^ (i as u64 + 1).wrapping_mul(0xA076_1D64_78BD_642F),
        0x5041_4E00 + kind.salt(),
    )
    .next_u64();
    let mut attempt = 0;
    loop {
        let mut rng = stream(base, 16 + attempt);
        let made = match kind {
            Kind::NewsRewrite => news_rewrite(&mut rng),
            Kind::Negative => Some(negative(&mut rng)),
            _ => planted(kind, &mut rng),
        };
        if let Some((source, suspicious, mut truth)) = made {
            truth.sort_by_key(|t| (t.suspicious.start, t.suspicious.end));
            return Case {
                kind,
                id: format!("{}-{i:03}", kind.name()),
                source,
                suspicious,
                truth,
            };
        }
        attempt += 1;
    }
}

// ---------------------------------------------------------------------------------------------
// Documents: a title and paragraphs, the pieces of the suspicious document tagged by passage.

/// A stretch of a paragraph; `tag` is the passage it belongs to.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    tag: Option<usize>,
}

/// A document as the generator writes it: title, blank line, paragraphs (pieces joined by
/// single spaces) separated by blank lines.
#[derive(Debug, Clone)]
struct Doc {
    title: String,
    blocks: Vec<Vec<Piece>>,
}

impl Doc {
    fn parse(text: &str) -> Doc {
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let title = lines.next().unwrap_or_default().to_string();
        let blocks = lines
            .map(|l| {
                vec![Piece {
                    text: l.to_string(),
                    tag: None,
                }]
            })
            .collect();
        Doc { title, blocks }
    }

    /// Blocks holding no passage.
    fn free(&self) -> Vec<usize> {
        (0..self.blocks.len())
            .filter(|&j| self.blocks[j].iter().all(|p| p.tag.is_none()))
            .collect()
    }

    /// Positions between blocks (0..=len) that do not split a passage.
    fn gaps(&self) -> Vec<usize> {
        (0..=self.blocks.len())
            .filter(|&j| {
                if j == 0 || j == self.blocks.len() {
                    return true;
                }
                let before = self.blocks[j - 1].last().and_then(|p| p.tag);
                let after = self.blocks[j].first().and_then(|p| p.tag);
                before.is_none() || before != after
            })
            .collect()
    }

    /// Insert passage `tag` (one or more paragraphs): between paragraphs (1/2), in place of a
    /// host paragraph (1/4) or at the start of one (1/4).
    fn insert(&mut self, rng: &mut Rng, tag: usize, paras: Vec<String>) {
        let free = self.free();
        let mode = if free.is_empty() { 0 } else { rng.below(4) };
        let mut new: Vec<Vec<Piece>> = paras
            .into_iter()
            .map(|text| {
                vec![Piece {
                    text,
                    tag: Some(tag),
                }]
            })
            .collect();
        match mode {
            0 | 1 => {
                let gaps = self.gaps();
                let j = *rng.pick(&gaps);
                self.blocks.splice(j..j, new);
            }
            2 => {
                let j = *rng.pick(&free);
                self.blocks.splice(j..j + 1, new);
            }
            _ => {
                let j = *rng.pick(&free);
                let mut last = new.pop().expect("a passage has a paragraph");
                last.append(&mut self.blocks[j]);
                self.blocks[j] = last;
                self.blocks.splice(j..j, new);
            }
        }
    }

    /// A new untagged paragraph at a gap, or a sentence at the end of an untagged-ending
    /// paragraph.
    fn place(&mut self, rng: &mut Rng, sentence: String, as_paragraph: bool, from: usize) {
        let piece = Piece {
            text: sentence,
            tag: None,
        };
        let gaps: Vec<usize> = self.gaps().into_iter().filter(|&j| j >= from).collect();
        if as_paragraph || self.blocks.len() <= from {
            let j = *rng.pick(&gaps);
            self.blocks.insert(j, vec![piece]);
        } else {
            let j = rng.range(from, self.blocks.len() - 1);
            self.blocks[j].push(piece);
        }
    }

    /// The text, and per tag the byte range from its first piece's start to its last piece's
    /// end.
    fn render(&self, tags: usize) -> (String, Vec<Range<usize>>) {
        let mut out = String::with_capacity(
            self.title.len()
                + self
                    .blocks
                    .iter()
                    .flatten()
                    .map(|p| p.text.len() + 2)
                    .sum::<usize>(),
        );
        let mut ranges: Vec<Option<Range<usize>>> = vec![None; tags];
        out.push_str(&self.title);
        out.push('\n');
        for b in &self.blocks {
            out.push('\n');
            for (k, p) in b.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                let start = out.len();
                out.push_str(&p.text);
                if let Some(t) = p.tag {
                    let r = ranges[t].get_or_insert(start..out.len());
                    r.start = r.start.min(start);
                    r.end = r.end.max(out.len());
                }
            }
            out.push('\n');
        }
        let ranges = ranges
            .into_iter()
            .map(|r| r.expect("every passage was inserted"))
            .collect();
        (out, ranges)
    }
}

/// A sentence of a source text: its body paragraph and byte range.
#[derive(Debug, Clone)]
struct Sent {
    para: usize,
    range: Range<usize>,
}

/// Byte ranges of the body paragraphs (every non-blank line after the title line).
fn body_lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut title = true;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if !body.trim().is_empty() {
            if title {
                title = false;
            } else {
                out.push(pos..pos + body.len());
            }
        }
        pos += line.len();
    }
    out
}

/// The sentences of the body: a sentence ends at a full stop, optionally followed by a closing
/// quotation mark, before a space or the end of the line (the generator writes no other full
/// stops).
fn sentences(text: &str) -> Vec<Sent> {
    let mut out = Vec::new();
    for (para, line) in body_lines(text).into_iter().enumerate() {
        let s = &text[line.clone()];
        let mut start = 0;
        let mut iter = s.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c != '.' {
                continue;
            }
            let mut end = i + 1;
            if let Some(&(j, q)) = iter.peek() {
                if q == '"' || q == '\u{201D}' {
                    end = j + q.len_utf8();
                    iter.next();
                }
            }
            if end == s.len() || s[end..].starts_with(' ') {
                out.push(Sent {
                    para,
                    range: line.start + start..line.start + end,
                });
                start = (end + 1).min(s.len());
            }
        }
        if start < s.len() && !s[start..].trim().is_empty() {
            out.push(Sent {
                para,
                range: line.start + start..line.end,
            });
        }
    }
    out
}

/// How passages are chosen: sentences, paragraphs spanned and words, each `(min, max)`.
struct Spec {
    sents: (usize, usize),
    paras: (usize, usize),
    words: (usize, usize),
}

/// Up to `count` passages as ranges of sentence indices, at least one sentence apart.
fn pick(rng: &mut Rng, text: &str, sents: &[Sent], count: usize, spec: &Spec) -> Vec<Range<usize>> {
    let mut chosen: Vec<Range<usize>> = Vec::new();
    for _ in 0..count {
        for _ in 0..300 {
            let k = rng.range(spec.sents.0, spec.sents.1);
            if k == 0 || k > sents.len() {
                continue;
            }
            let start = rng.below(sents.len() - k + 1);
            let r = start..start + k;
            let paras = sents[r.end - 1].para - sents[start].para + 1;
            if paras < spec.paras.0 || paras > spec.paras.1 {
                continue;
            }
            let words = text[sents[start].range.start..sents[r.end - 1].range.end]
                .split_whitespace()
                .count();
            if words < spec.words.0 || words > spec.words.1 {
                continue;
            }
            if chosen.iter().any(|c| r.start <= c.end && c.start <= r.end) {
                continue;
            }
            chosen.push(r);
            break;
        }
    }
    chosen
}

/// The sentences of a passage grouped by source paragraph.
fn grouped(text: &str, sents: &[Sent]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut para = usize::MAX;
    for s in sents {
        if s.para != para {
            out.push(Vec::new());
            para = s.para;
        }
        out.last_mut()
            .expect("a group")
            .push(text[s.range.clone()].to_string());
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The planted kinds.

type Made = (String, String, Vec<Truth>);

fn planted(kind: Kind, rng: &mut Rng) -> Option<Made> {
    let topic = rng.next_u64();
    let host_topic = if rng.chance(0.5) {
        topic
    } else {
        rng.next_u64()
    };
    let (s1, n1) = (rng.next_u64(), rng.range(2_000, 6_000));
    let (s2, n2) = (rng.next_u64(), rng.range(2_000, 6_000));
    let source = crate::article_on(topic, s1, n1);
    let host = crate::article_on(host_topic, s2, n2);
    // Words for edits and the transforms' randomness: the host's story.
    let mut g = Gen::on(host_topic, rng.next_u64());

    let spec = match kind {
        Kind::Reordered => Spec {
            sents: (3, 6),
            paras: (2, 4),
            words: (20, 150),
        },
        Kind::Merged if rng.chance(0.7) => Spec {
            sents: (2, 6),
            paras: (2, 3),
            words: (20, 150),
        },
        Kind::Merged => Spec {
            sents: (2, 5),
            paras: (1, 1),
            words: (20, 150),
        },
        Kind::Summary => Spec {
            sents: (3, 6),
            paras: (1, 4),
            words: (30, 150),
        },
        _ => Spec {
            sents: (1, 6),
            paras: (1, 3),
            words: (20, 150),
        },
    };
    let sents = sentences(&source);
    let count = rng.range(1, 3);
    let picks = pick(rng, &source, &sents, count, &spec);
    if picks.is_empty() {
        return None;
    }

    let mut doc = Doc::parse(&host);
    let mut src = Vec::new();
    for (tag, p) in picks.iter().enumerate() {
        let groups = grouped(&source, &sents[p.clone()]);
        let paras = transform(kind, &mut g, groups);
        doc.insert(&mut g.rng, tag, paras);
        src.push(sents[p.start].range.start..sents[p.end - 1].range.end);
    }
    let (mut text, mut ranges) = doc.render(picks.len());
    if kind == Kind::LineBroken {
        (text, ranges) = break_lines(&mut g.rng, &text, &ranges);
    }
    let truth = src
        .into_iter()
        .zip(ranges)
        .map(|(source, suspicious)| Truth { source, suspicious })
        .collect();
    Some((source, text, truth))
}

/// The passage (sentences by source paragraph) as it appears in the suspicious document:
/// its paragraphs.
fn transform(kind: Kind, g: &mut Gen, groups: Vec<Vec<String>>) -> Vec<String> {
    match kind {
        Kind::Verbatim => {
            if groups.len() > 1 && g.rng.chance(0.5) {
                vec![groups.concat().join(" ")]
            } else {
                groups.iter().map(|s| s.join(" ")).collect()
            }
        }
        Kind::ObfuscationLow | Kind::ObfuscationHigh => {
            let d = if kind == Kind::ObfuscationLow {
                0.15
            } else {
                0.35
            };
            groups
                .iter()
                .map(|s| obfuscate(g, &s.join(" "), Ops::random(d)))
                .collect()
        }
        Kind::Reordered => reordered(g, groups.concat()),
        Kind::Merged => merged(g, groups),
        Kind::LineBroken => {
            let edit = g.rng.chance(0.5);
            groups
                .iter()
                .map(|s| {
                    let p = s.join(" ");
                    if edit {
                        obfuscate(g, &p, Ops::light(0.05))
                    } else {
                        p
                    }
                })
                .collect()
        }
        Kind::Summary => vec![summarise(g, &groups.concat())],
        Kind::NewsRewrite | Kind::Negative => unreachable!("not a planted kind"),
    }
}

fn reordered(g: &mut Gen, mut sents: Vec<String>) -> Vec<String> {
    let original = sents.clone();
    for _ in 0..20 {
        g.rng.shuffle(&mut sents);
        if sents != original {
            break;
        }
    }
    if sents == original {
        sents.rotate_left(1);
    }
    let sents: Vec<String> = sents
        .iter()
        .map(|s| obfuscate(g, s, Ops::light(0.05)))
        .collect();
    let k = sents.len();
    let m = g.rng.range(1, 3.min(k));
    let mut cuts: Vec<usize> = (1..k).collect();
    g.rng.shuffle(&mut cuts);
    cuts.truncate(m - 1);
    cuts.sort_unstable();
    cuts.push(k);
    let mut out = Vec::new();
    let mut start = 0;
    for c in cuts {
        out.push(sents[start..c].join(" "));
        start = c;
    }
    out
}

const SPLIT_CONJ: &[&str] = &["and", "but", "while", "although", "because", "as"];

/// "X, and y z." → ("X.", "Y z.") at a comma before a conjunction, outside quotations.
fn split_sentence(g: &mut Gen, s: &str) -> Option<(String, String)> {
    if s.contains(['"', '\u{201C}', '\u{201D}']) {
        return None;
    }
    let mut at = Vec::new();
    for c in SPLIT_CONJ {
        let pat = format!(", {c} ");
        let mut from = 0;
        while let Some(i) = s[from..].find(&pat) {
            let i = from + i;
            let left = s[..i].split_whitespace().count();
            let right = s[i + pat.len()..].split_whitespace().count();
            if left >= 4 && right >= 3 {
                at.push((i, pat.len()));
            }
            from = i + pat.len();
        }
    }
    if at.is_empty() {
        return None;
    }
    let (i, len) = *g.rng.pick(&at);
    let mut right = s[i + len..].to_string();
    capitalise(&mut right);
    Some((format!("{}.", &s[..i]), right))
}

/// "X. Y z." → "X, while y z." (the capital dropped unless a name).
fn join_sentences(g: &mut Gen, a: &str, b: &str) -> Option<String> {
    let head = a.strip_suffix('.')?;
    if head.ends_with(['"', '\u{201D}']) || b.starts_with(['"', '\u{201C}']) {
        return None;
    }
    let mut b = b.to_string();
    let first = b.split(' ').next().unwrap_or_default();
    if common(&first.to_lowercase()) {
        lowercase_first(&mut b);
    }
    let conj = *g.rng.pick(&[", while ", ", and ", ", as "]);
    Some(format!("{head}{conj}{b}"))
}

fn merged(g: &mut Gen, groups: Vec<Vec<String>>) -> Vec<String> {
    let across = groups.len() > 1;
    let mut sents = groups.concat();
    if !across || g.rng.chance(0.5) {
        let splits: Vec<usize> = (0..sents.len())
            .filter(|&i| {
                !sents[i].contains(['"', '\u{201C}', '\u{201D}']) && sents[i].contains(", ")
            })
            .collect();
        let prefer_split = g.rng.chance(0.5);
        let mut done = false;
        if prefer_split || sents.len() < 2 {
            for &i in &splits {
                if let Some((a, b)) = split_sentence(g, &sents[i]) {
                    sents.splice(i..=i, [a, b]);
                    done = true;
                    break;
                }
            }
        }
        if !done && sents.len() >= 2 {
            let mut pairs: Vec<usize> = (0..sents.len() - 1).collect();
            g.rng.shuffle(&mut pairs);
            for i in pairs {
                if let Some(j) = join_sentences(g, &sents[i], &sents[i + 1]) {
                    sents.splice(i..=i + 1, [j]);
                    done = true;
                    break;
                }
            }
        }
        if !done {
            for i in splits {
                if let Some((a, b)) = split_sentence(g, &sents[i]) {
                    sents.splice(i..=i, [a, b]);
                    break;
                }
            }
        }
    }
    let text = sents.join(" ");
    vec![obfuscate(g, &text, Ops::light(0.05))]
}

/// 3–6 sentences → 1–2 sentences of their key words.
fn summarise(g: &mut Gen, sents: &[String]) -> String {
    let mut frags: Vec<Vec<String>> = Vec::new();
    for s in sents {
        let toks = tokens(s);
        let mut kept: Vec<String> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if t.core.is_empty() {
                continue;
            }
            let class = class_of(&t.core);
            let proper = is_proper(&toks, i);
            let content = proper
                || t.core == "percent"
                || matches!(
                    class,
                    Class::NounSg | Class::NounPl | Class::Verb | Class::Number
                );
            let next_content = toks.get(i + 1).is_some_and(|n| {
                matches!(
                    class_of(&n.core),
                    Class::NounSg | Class::NounPl | Class::Adj
                )
            });
            let keep = content
                || (class == Class::Adj && g.rng.chance(0.3))
                || (class == Class::Det && next_content && g.rng.chance(0.3))
                || (t.core == "of" && !kept.is_empty() && next_content && g.rng.chance(0.5));
            if keep {
                let mut w = t.core.clone();
                if !proper {
                    lowercase_first(&mut w);
                }
                kept.push(w);
            }
        }
        let budget = g.rng.range(4, 9);
        kept.truncate(budget);
        if kept.len() >= 2 {
            frags.push(kept);
        }
    }
    if frags.is_empty() {
        // Nothing but function words: keep the first sentence's first words.
        frags.push(
            sents[0]
                .split_whitespace()
                .take(6)
                .map(|w| split_token(w).1.to_string())
                .collect(),
        );
    }
    let n_out = if frags.len() >= 4 && g.rng.chance(0.6) {
        2
    } else {
        1
    };
    let cut = frags.len().div_ceil(n_out);
    let mut out = Vec::new();
    for chunk in frags.chunks(cut) {
        let mut s = String::new();
        for (k, f) in chunk.iter().enumerate() {
            if k > 0 {
                let glue: &str = if k + 1 == chunk.len() {
                    " and "
                } else {
                    [", ", "; ", ", "][g.rng.below(3)]
                };
                s.push_str(glue);
            }
            s.push_str(&f.join(" "));
        }
        capitalise(&mut s);
        s.push('.');
        out.push(s);
    }
    out.join(" ")
}

/// Break a rendered document into lines of 5–12 words, a paragraph starting on a new line, no
/// blank lines; `ranges` mapped to the new text.
fn break_lines(rng: &mut Rng, text: &str, ranges: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(text.len());
    let mut map = vec![0usize; text.len() + 1];
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        if body.trim().is_empty() {
            map[pos..pos + line.len()].fill(out.len());
            pos += line.len();
            continue;
        }
        let mut width = rng.range(5, 12);
        let mut words = 0;
        let mut in_word = false;
        for (k, c) in body.char_indices() {
            for (b, m) in map[pos + k..pos + k + c.len_utf8()].iter_mut().enumerate() {
                *m = out.len() + b;
            }
            if c == ' ' {
                if in_word {
                    words += 1;
                }
                in_word = false;
                if words >= width {
                    out.push('\n');
                    words = 0;
                    width = rng.range(5, 12);
                } else {
                    out.push(' ');
                }
            } else {
                in_word = true;
                out.push(c);
            }
        }
        map[pos + body.len()] = out.len();
        if line.len() > body.len() {
            out.push('\n');
        }
        pos += line.len();
    }
    map[text.len()] = out.len();
    let ranges = ranges.iter().map(|r| map[r.start]..map[r.end]).collect();
    (out, ranges)
}

// ---------------------------------------------------------------------------------------------
// NewsRewrite and Negative.

/// Quotation marks of one document: straight or curly.
#[derive(Debug, Clone, Copy)]
struct Quotes {
    open: char,
    close: char,
}

impl Quotes {
    fn draw(rng: &mut Rng) -> Quotes {
        if rng.chance(0.5) {
            Quotes {
                open: '"',
                close: '"',
            }
        } else {
            Quotes {
                open: '\u{201C}',
                close: '\u{201D}',
            }
        }
    }
}

/// A statement of `lo..=hi` words on the story of `g`, capitalised, without final punctuation.
fn statement(g: &mut Gen, lo: usize, hi: usize) -> String {
    loop {
        let target = g.rng.range(lo, hi);
        let mut w: Vec<String> = Vec::new();
        if g.rng.chance(0.3) {
            // "We have rejected …": the generator's verbs are past participles too.
            let (who, have) = *g
                .rng
                .pick(&[("We", "have"), ("They", "have"), ("This", "has")]);
            w.push(who.to_string());
            w.push(have.to_string());
            w.push(g.verb_tr.sample(&mut g.rng).to_string());
            g.np(&mut w, true);
        } else {
            g.clause(&mut w);
        }
        while w.len() < target {
            g.pp(&mut w);
        }
        if w.len() < lo || w.len() > hi || w[0].starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        // A clause may end with a comma from a time phrase: drop trailing punctuation.
        let mut s = w.join(" ");
        while s.ends_with([',', '.']) {
            s.pop();
        }
        capitalise(&mut s);
        return s;
    }
}

/// A person of the cast: "Foreign Minister Anna Weber" or "Weber".
fn speaker(g: &Gen, who: usize, full: bool) -> String {
    let p = &g.people[who];
    if full {
        format!("{} {} {}", p.title, p.first, p.last)
    } else {
        p.last.to_string()
    }
}

/// A sentence quoting `q` (no final punctuation), attributed to `name`, in `form` 0–3.
fn quote_sentence(q: &str, name: &str, form: usize, qm: Quotes) -> String {
    let (o, c) = (qm.open, qm.close);
    let mut s = match form {
        0 => format!("{o}{q},{c} {name} said."),
        1 => format!("{name} said: {o}{q}.{c}"),
        2 => format!("{o}{q},{c} said {name}."),
        _ => format!("{name} told reporters: {o}{q}.{c}"),
    };
    capitalise(&mut s);
    s
}

fn is_quote_sentence(s: &str) -> bool {
    s.contains(['"', '\u{201C}'])
}

fn news_rewrite(rng: &mut Rng) -> Option<Made> {
    let topic = rng.next_u64();
    let mut sg = Gen::on(topic, rng.next_u64());
    let size = rng.range(2_000, 4_000);
    let wire = write_article(&mut sg, size);
    let mut src = Doc::parse(&wire);
    if src.blocks.len() < 6 {
        return None;
    }
    // At least 3–5 direct quotes, in one style.
    let qm = Quotes::draw(rng);
    let want = rng.range(3, 5);
    let mut have = sentences(&wire)
        .iter()
        .filter(|s| is_quote_sentence(&wire[s.range.clone()]))
        .count();
    while have < want {
        let q = statement(&mut sg, 8, 20);
        let who = sg.cast_index(sg.people.len());
        let full = sg.rng.chance(0.3);
        let name = speaker(&sg, who, full);
        let form = sg.rng.below(4);
        let s = quote_sentence(&q, &name, form, qm);
        let as_paragraph = sg.rng.chance(0.4);
        src.place(&mut sg.rng, s, as_paragraph, 1);
        have += 1;
    }
    let (source, _) = src.render(0);
    let lines = body_lines(&source);
    let paras: Vec<&str> = lines.iter().map(|r| &source[r.clone()]).collect();

    // The rewrite: the same cast, another reporter's words.
    let mut rg = Gen::on(topic, rng.next_u64());
    let mut out = Doc {
        title: rg.title(),
        blocks: Vec::new(),
    };
    let mut truth_src: Vec<Range<usize>> = Vec::new();
    let lead = rewrite_lead(&mut rg, paras[0]);
    out.blocks.push(vec![Piece {
        text: lead,
        tag: Some(0),
    }]);
    truth_src.push(lines[0].clone());

    // Cut 20–40% of the other paragraphs.
    let rest = paras.len() - 1;
    let cut = ((rest as f64) * (0.2 + 0.2 * rng.unit())).round() as usize;
    let mut order: Vec<usize> = (1..paras.len()).collect();
    rng.shuffle(&mut order);
    let mut kept: Vec<usize> = order[cut.min(rest)..].to_vec();
    kept.sort_unstable();
    if kept.len() < 2 {
        return None;
    }
    // Group consecutive kept paragraphs (up to three), at least one group of two.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &i in &kept {
        match groups.last_mut() {
            Some(g) if g.last() == Some(&(i - 1)) && g.len() < 3 && rng.chance(0.35) => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    if groups.iter().all(|g| g.len() == 1) {
        let k = (0..groups.len() - 1).find(|&k| groups[k][0] + 1 == groups[k + 1][0])?;
        let next = groups.remove(k + 1);
        groups[k].extend(next);
    }
    for grp in &groups {
        let text = grp.iter().map(|&i| paras[i]).collect::<Vec<_>>().join(" ");
        let tag = truth_src.len();
        out.blocks.push(vec![Piece {
            text: obfuscate(&mut rg, &text, Ops::news(0.10)),
            tag: Some(tag),
        }]);
        truth_src.push(lines[grp[0]].start..lines[*grp.last().expect("a group")].end);
    }
    // 2–4 new sentences, as paragraphs or at the end of a paragraph (after the lead).
    for _ in 0..rng.range(2, 4) {
        let s = rg.sentence();
        let as_paragraph = rng.chance(0.5);
        out.place(rng, s, as_paragraph, 1);
    }
    let (suspicious, ranges) = out.render(truth_src.len());
    let truth = truth_src
        .into_iter()
        .zip(ranges)
        .map(|(source, suspicious)| Truth { source, suspicious })
        .collect();
    Some((source, suspicious, truth))
}

/// The lead's first one or two sentences with most words other than names and numbers
/// replaced.
fn rewrite_lead(g: &mut Gen, lead: &str) -> String {
    let text = format!("t\n\n{lead}\n");
    let sents = sentences(&text);
    let n = if sents.len() > 1 && g.rng.chance(0.5) {
        2
    } else {
        1
    };
    let kept: Vec<&str> = sents
        .iter()
        .take(n)
        .map(|s| &text[s.range.clone()])
        .collect();
    obfuscate(g, &kept.join(" "), Ops::lead())
}

fn negative(rng: &mut Rng) -> Made {
    let topic = rng.next_u64();
    let mut ga = Gen::on(topic, rng.next_u64());
    let mut gb = Gen::on(topic, rng.next_u64());
    let a = write_article(&mut ga, rng.range(2_000, 6_000));
    let b = write_article(&mut gb, rng.range(2_000, 6_000));
    let (mut da, mut db) = (Doc::parse(&a), Doc::parse(&b));
    let (qa, qb) = (Quotes::draw(rng), Quotes::draw(rng));
    let mut qg = Gen::on(topic, rng.next_u64());
    for _ in 0..rng.range(0, 2) {
        let q = statement(&mut qg, 6, 10);
        let who = qg.cast_index(qg.people.len());
        let fa = rng.below(4);
        let fb = (fa + rng.range(1, 3)) % 4;
        let sa = quote_sentence(&q, &speaker(&qg, who, rng.chance(0.5)), fa, qa);
        let sb = quote_sentence(&q, &speaker(&qg, who, rng.chance(0.5)), fb, qb);
        let (pa, pb) = (rng.chance(0.5), rng.chance(0.5));
        da.place(rng, sa, pa, 0);
        db.place(rng, sb, pb, 0);
    }
    (da.render(0).0, db.render(0).0, Vec::new())
}

// ---------------------------------------------------------------------------------------------
// Word edits.

/// Word classes of the generator's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Det,
    Prep,
    Conj,
    Adv,
    NounSg,
    NounPl,
    Adj,
    Verb,
    First,
    Last,
    City,
    Country,
    Number,
    Other,
}

/// The class of a word (its core, without punctuation); proper names by exact spelling,
/// other words lower-cased; the first list holding it wins.
fn class_of(core: &str) -> Class {
    if core.starts_with(|c: char| c.is_ascii_digit()) {
        return Class::Number;
    }
    for (list, class) in [
        (FIRST, Class::First),
        (LAST, Class::Last),
        (CITIES, Class::City),
        (COUNTRIES, Class::Country),
    ] {
        if list.contains(&core) {
            return class;
        }
    }
    let lower = core.to_lowercase();
    let w = lower.as_str();
    for (list, class) in [
        (DET_SG, Class::Det),
        (DET_PL, Class::Det),
        (PREP, Class::Prep),
        (CONJ, Class::Conj),
        (ADV, Class::Adv),
        (NOUN_SG, Class::NounSg),
        (NOUN_PL, Class::NounPl),
        (ADJ, Class::Adj),
        (VERB_TR, Class::Verb),
    ] {
        if !w.is_empty() && list.contains(&w) {
            return class;
        }
    }
    Class::Other
}

/// Lower-case words that are not names (so a capital on them marks a sentence start).
fn common(lower: &str) -> bool {
    const EXTRA: &[&str] = &[
        "according",
        "to",
        "that",
        "was",
        "were",
        "percent",
        "said",
        "told",
        "reporters",
        "we",
        "they",
        "will",
        "cannot",
        "must",
        "have",
        "added",
        "warned",
        "claimed",
        "stressed",
        "insisted",
        "argued",
        "noted",
        "explained",
        "acknowledged",
        "suggested",
        "wrote",
        "last",
        "late",
        "early",
        "overnight",
        "earlier",
        "ahead",
        "recent",
        "an",
    ];
    !matches!(
        class_of(lower),
        Class::Other | Class::Number | Class::First | Class::Last | Class::City | Class::Country
    ) || EXTRA.contains(&lower)
}

fn lowercase_first(w: &mut String) {
    if let Some(c) = w.chars().next() {
        let low: String = c.to_lowercase().collect();
        w.replace_range(..c.len_utf8(), &low);
    }
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

#[derive(Debug, Clone)]
struct Tok {
    pre: String,
    core: String,
    post: String,
}

impl Tok {
    fn text(&self) -> String {
        format!("{}{}{}", self.pre, self.core, self.post)
    }
}

fn tokens(p: &str) -> Vec<Tok> {
    p.split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| {
            let (pre, core, post) = split_token(t);
            Tok {
                pre: pre.into(),
                core: core.into(),
                post: post.into(),
            }
        })
        .collect()
}

/// Whether token `i` starts a sentence (the first of the text, or after a full stop).
fn at_start(toks: &[Tok], i: usize) -> bool {
    i == 0
        || toks[i - 1]
            .post
            .trim_end_matches(['"', '\u{201D}'])
            .ends_with('.')
}

/// A name: capitalised where a common word would not be, or capitalised and not a common
/// word.
fn is_proper(toks: &[Tok], i: usize) -> bool {
    let t = &toks[i];
    capitalised(&t.core) && (!at_start(toks, i) || !common(&t.core.to_lowercase()))
}

/// Which tokens lie inside quotation marks.
fn quoted(toks: &[Tok]) -> Vec<bool> {
    let mut inside = false;
    toks.iter()
        .map(|t| {
            if t.pre.contains(['"', '\u{201C}']) {
                inside = true;
            }
            let here = inside;
            if t.post.contains(['"', '\u{201D}']) {
                inside = false;
            }
            here
        })
        .collect()
}

/// What [`obfuscate`] may do.
#[derive(Debug, Clone, Copy)]
struct Ops {
    /// Share of the words that get an operation.
    density: f64,
    insert_delete: bool,
    shuffle: bool,
    /// Leave names and numbers alone.
    keep_names: bool,
    /// Leave words inside quotation marks alone.
    keep_quotes: bool,
}

impl Ops {
    /// PAN's random obfuscation.
    fn random(density: f64) -> Ops {
        Ops {
            density,
            insert_delete: true,
            shuffle: true,
            keep_names: false,
            keep_quotes: false,
        }
    }

    /// A copy editor's light touch: words replaced, inserted or deleted; names and numbers
    /// kept.
    fn light(density: f64) -> Ops {
        Ops {
            density,
            insert_delete: true,
            shuffle: false,
            keep_names: true,
            keep_quotes: false,
        }
    }

    /// A light touch that never changes a quotation.
    fn news(density: f64) -> Ops {
        Ops {
            keep_quotes: true,
            ..Ops::light(density)
        }
    }

    /// A rewritten lead: most words replaced, names and numbers kept.
    fn lead() -> Ops {
        Ops {
            density: 0.6,
            insert_delete: false,
            shuffle: false,
            keep_names: true,
            keep_quotes: false,
        }
    }
}

/// Another word of the class of `core` (never `core` itself if the class has another).
fn replacement(g: &mut Gen, core: &str) -> String {
    let class = class_of(core);
    for _ in 0..8 {
        let w: String = match class {
            Class::Number => {
                let n = if core.contains(',') {
                    format!("{},{:03}", g.rng.range(1, 99), g.rng.below(10) * 100)
                } else if core.len() == 4 && core.starts_with(['1', '2']) {
                    g.rng.range(1990, 2024).to_string()
                } else {
                    g.rng.range(2, 999).to_string()
                };
                return n;
            }
            Class::Det => {
                let mut d = "";
                while d.is_empty() {
                    d = if g.rng.chance(0.5) {
                        g.det_sg.sample(&mut g.rng)
                    } else {
                        g.det_pl.sample(&mut g.rng)
                    };
                }
                d.into()
            }
            Class::Prep => {
                let p = g.prep.sample(&mut g.rng);
                p.split(' ').next().unwrap_or(p).into()
            }
            Class::Conj => (*g.rng.pick(CONJ)).into(),
            Class::Adv => g.adv.sample(&mut g.rng).into(),
            Class::NounSg => g.noun_sg.sample(&mut g.rng).into(),
            Class::NounPl => g.noun_pl.sample(&mut g.rng).into(),
            Class::Adj => g.adj.sample(&mut g.rng).into(),
            Class::Verb => g.verb_tr.sample(&mut g.rng).into(),
            Class::First => (*g.rng.pick(FIRST)).into(),
            Class::Last => (*g.rng.pick(LAST)).into(),
            Class::City => (*g.rng.pick(CITIES)).into(),
            Class::Country => (*g.rng.pick(COUNTRIES)).into(),
            Class::Other => edit_word(g).into(),
        };
        let mut w = w;
        if capitalised(core) {
            capitalise(&mut w);
        }
        if w != core {
            return w;
        }
    }
    edit_word(g).into()
}

/// Apply word operations to a paragraph (see [`Ops`] and the module doc).
fn obfuscate(g: &mut Gen, text: &str, ops: Ops) -> String {
    let toks = tokens(text);
    let inside = quoted(&toks);
    let fixed: Vec<bool> = (0..toks.len())
        .map(|i| {
            toks[i].core.is_empty()
                || (ops.keep_quotes && inside[i])
                || (ops.keep_names
                    && (is_proper(&toks, i) || class_of(&toks[i].core) == Class::Number))
        })
        .collect();
    let mut out: Vec<Tok> = Vec::with_capacity(toks.len() + 8);
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i].clone();
        if fixed[i] || !g.rng.chance(ops.density) {
            out.push(t);
            i += 1;
            continue;
        }
        let op = match (ops.insert_delete, ops.shuffle) {
            (true, true) => g.rng.below(5),
            (true, false) => g.rng.below(4),
            _ => 0,
        };
        let start = at_start(&toks, i);
        let bare = t.pre.is_empty() && t.post.is_empty();
        match op {
            // Insert a word after this one (or before it, when this one ends a clause).
            2 if t.post.is_empty() || (t.pre.is_empty() && !start) => {
                let w = Tok {
                    pre: String::new(),
                    core: edit_word(g).to_string(),
                    post: String::new(),
                };
                if t.post.is_empty() {
                    out.extend([t, w]);
                } else {
                    out.extend([w, t]);
                }
                i += 1;
            }
            // Delete a bare word that does not start a sentence.
            3 if bare && !start && toks.len() > 4 => {
                i += 1;
            }
            // Shuffle the words of a window of 2–4, punctuation in place.
            4 => {
                let k = g.rng.range(2, 4);
                let mut end = i;
                while end < toks.len() && end < i + k && !fixed[end] {
                    end += 1;
                }
                if end - i < 2 {
                    let mut t = t;
                    t.core = replacement(g, &t.core);
                    out.push(t);
                    i += 1;
                    continue;
                }
                let window = &toks[i..end];
                let proper: Vec<bool> = (i..end).map(|j| is_proper(&toks, j)).collect();
                let mut perm: Vec<usize> = (0..window.len()).collect();
                for _ in 0..8 {
                    g.rng.shuffle(&mut perm);
                    if perm
                        .iter()
                        .enumerate()
                        .any(|(a, &b)| window[a].core != window[b].core)
                    {
                        break;
                    }
                }
                for (pos, &from) in perm.iter().enumerate() {
                    let mut core = window[from].core.clone();
                    if !proper[from] {
                        if at_start(&toks, i + pos) && capitalised(&window[pos].core) {
                            capitalise(&mut core);
                        } else {
                            lowercase_first(&mut core);
                        }
                    }
                    out.push(Tok {
                        pre: window[pos].pre.clone(),
                        core,
                        post: window[pos].post.clone(),
                    });
                }
                i = end;
            }
            // Replace the word by another of its class.
            _ => {
                let mut t = t;
                t.core = replacement(g, &t.core);
                out.push(t);
                i += 1;
            }
        }
    }
    out.iter().map(Tok::text).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_valid(c: &Case) {
        for t in &c.truth {
            for (text, r) in [(&c.source, &t.source), (&c.suspicious, &t.suspicious)] {
                assert!(r.start < r.end && r.end <= text.len(), "{}: {r:?}", c.id);
                assert!(
                    text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                    "{}: {r:?}",
                    c.id
                );
                let s = &text[r.clone()];
                assert_eq!(s.trim(), s, "{}: truth has outer white space", c.id);
            }
        }
        // Truths do not overlap, on either side.
        let mut by_src: Vec<&Truth> = c.truth.iter().collect();
        by_src.sort_by_key(|t| t.source.start);
        for w in by_src.windows(2) {
            assert!(w[0].source.end <= w[1].source.start, "{}", c.id);
        }
        for w in c.truth.windows(2) {
            assert!(w[0].suspicious.end <= w[1].suspicious.start, "{}", c.id);
        }
    }

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    /// The sentences of a passage (paragraphs joined).
    fn sentence_texts(p: &str) -> Vec<String> {
        let text = format!("t\n\n{}\n", words(p).join(" "));
        sentences(&text)
            .into_iter()
            .map(|s| text[s.range].to_string())
            .collect()
    }

    #[test]
    fn deterministic_and_prefix_stable() {
        for kind in Kind::ALL {
            let a = cases(kind, 4, 11);
            assert_eq!(a, cases(kind, 4, 11), "{kind:?}");
            assert_eq!(a[..2], cases(kind, 2, 11)[..], "{kind:?}");
            assert_ne!(a, cases(kind, 4, 12), "{kind:?}");
            assert_ne!(a[0], a[1], "{kind:?}");
        }
        let everything = all(2, 5);
        assert_eq!(everything.len(), 18);
        let ids: std::collections::HashSet<&str> =
            everything.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), 18);
    }

    #[test]
    fn truths_valid_and_shaped() {
        for c in all(12, 3) {
            assert_valid(&c);
            assert_eq!(c.kind.derived(), !c.truth.is_empty(), "{}", c.id);
            assert_ne!(c.source, c.suspicious);
            for text in [&c.source, &c.suspicious] {
                assert!(
                    (800..12_000).contains(&text.len()),
                    "{}: {}",
                    c.id,
                    text.len()
                );
            }
            if c.kind.derived() && c.kind != Kind::NewsRewrite {
                assert!((1..=3).contains(&c.truth.len()), "{}", c.id);
                for t in &c.truth {
                    let n = words(&c.source[t.source.clone()]).len();
                    assert!((20..=150).contains(&n), "{}: {n} words", c.id);
                }
            }
        }
    }

    #[test]
    fn verbatim_slices_equal() {
        let mut exact = 0;
        for c in cases(Kind::Verbatim, 30, 1) {
            for t in &c.truth {
                let (a, b) = (
                    &c.source[t.source.clone()],
                    &c.suspicious[t.suspicious.clone()],
                );
                assert_eq!(words(a), words(b), "{}", c.id);
                // Byte-equal unless a paragraph break inside the passage was joined.
                if a.contains('\n') && !b.contains('\n') {
                    assert_eq!(a.split_whitespace().collect::<Vec<_>>().join(" "), b);
                } else {
                    assert_eq!(a, b, "{}", c.id);
                    exact += 1;
                }
            }
        }
        assert!(exact > 10);
    }

    #[test]
    fn negatives_share_the_cast_and_no_truth() {
        let mut quotes = 0;
        for c in cases(Kind::Negative, 20, 2) {
            assert!(c.truth.is_empty());
            // The same cast: at least one surname in both, and the two texts differ.
            let shared = LAST
                .iter()
                .filter(|n| c.source.contains(*n) && c.suspicious.contains(*n))
                .count();
            assert!(shared >= 1, "{}", c.id);
            // Shared quotes: a run of 6+ words inside quotation marks in both.
            for s in sentences(&c.source) {
                let s = &c.source[s.range];
                let inner: String = s
                    .split(['"', '\u{201C}', '\u{201D}'])
                    .nth(1)
                    .unwrap_or_default()
                    .trim_end_matches([',', '.'])
                    .to_string();
                if (6..=10).contains(&words(&inner).len()) && c.suspicious.contains(&inner) {
                    quotes += 1;
                }
            }
        }
        assert!(quotes >= 5, "{quotes} shared quotes");
    }

    #[test]
    fn obfuscation_changes_about_the_density() {
        let changed = |kind| {
            let (mut same, mut all) = (0usize, 0usize);
            for c in cases(kind, 20, 4) {
                for t in &c.truth {
                    let a = words(&c.source[t.source.clone()]);
                    let b: std::collections::HashSet<&str> =
                        words(&c.suspicious[t.suspicious.clone()])
                            .into_iter()
                            .collect();
                    same += a.iter().filter(|w| b.contains(*w)).count();
                    all += a.len();
                }
            }
            1.0 - same as f64 / all as f64
        };
        let (low, high) = (
            changed(Kind::ObfuscationLow),
            changed(Kind::ObfuscationHigh),
        );
        assert!(low > 0.05 && low < high && high < 0.5, "{low} {high}");
    }

    #[test]
    fn line_broken_has_short_lines_and_no_blank_lines() {
        for c in cases(Kind::LineBroken, 10, 5) {
            let lines: Vec<&str> = c.suspicious.lines().collect();
            assert!(lines.iter().all(|l| !l.trim().is_empty()), "{}", c.id);
            assert!(lines.iter().all(|l| words(l).len() <= 12), "{}", c.id);
            let short = lines.iter().filter(|l| words(l).len() <= 12).count();
            assert!(lines.len() >= 30 && short == lines.len(), "{}", c.id);
            for t in &c.truth {
                let s = &c.suspicious[t.suspicious.clone()];
                if words(s).len() > 12 {
                    assert!(s.contains('\n'), "{}", c.id);
                }
            }
            // Lines break mid-sentence: most lines do not end a sentence.
            let ends = lines.iter().filter(|l| l.ends_with('.')).count();
            assert!(ends * 2 < lines.len(), "{}", c.id);
        }
    }

    #[test]
    fn reordered_and_merged_change_the_structure() {
        for c in cases(Kind::Reordered, 10, 6) {
            for t in &c.truth {
                let a = &c.source[t.source.clone()];
                let b = &c.suspicious[t.suspicious.clone()];
                let n = sentences(&format!("t\n\n{a}\n")).len();
                assert!((3..=6).contains(&n), "{}", c.id);
                assert_ne!(words(a), words(b));
                // Each source sentence matched to the copy's sentence sharing most words: the
                // matches are not in the source order.
                let sa = sentence_texts(a);
                let sb = sentence_texts(b);
                assert_eq!(sa.len(), sb.len(), "{}", c.id);
                let at: Vec<usize> = sa
                    .iter()
                    .map(|x| {
                        let wx: std::collections::HashSet<&str> = words(x).into_iter().collect();
                        (0..sb.len())
                            .max_by_key(|&k| {
                                words(&sb[k]).iter().filter(|w| wx.contains(*w)).count()
                            })
                            .unwrap()
                    })
                    .collect();
                assert!(at.windows(2).any(|w| w[0] > w[1]), "{}: {at:?}", c.id);
            }
        }
        for c in cases(Kind::Merged, 10, 6) {
            for t in &c.truth {
                let b = &c.suspicious[t.suspicious.clone()];
                assert!(!b.contains('\n'), "{}: merged into one paragraph", c.id);
            }
        }
    }

    #[test]
    fn summaries_are_short_and_keep_content_words() {
        for c in cases(Kind::Summary, 15, 7) {
            for t in &c.truth {
                let a = words(&c.source[t.source.clone()]);
                let b = &c.suspicious[t.suspicious.clone()];
                let n = sentences(&format!("t\n\n{b}\n")).len();
                assert!((1..=2).contains(&n), "{}: {b}", c.id);
                let bw = words(b);
                assert!(
                    bw.len() * 2 < a.len(),
                    "{}: {} of {}",
                    c.id,
                    bw.len(),
                    a.len()
                );
                let src: std::collections::HashSet<String> =
                    a.iter().map(|w| split_token(w).1.to_lowercase()).collect();
                let from_source = bw
                    .iter()
                    .filter(|w| src.contains(&split_token(w).1.to_lowercase()))
                    .count();
                assert!(from_source * 10 >= bw.len() * 8, "{}: {b}", c.id);
            }
        }
    }

    #[test]
    fn news_rewrites_keep_quotes_and_cut_paragraphs() {
        for c in cases(Kind::NewsRewrite, 10, 8) {
            assert!((2_000..5_000).contains(&c.source.len()), "{}", c.id);
            let src_paras = body_lines(&c.source).len();
            let kept: usize = c
                .truth
                .iter()
                .map(|t| c.source[t.source.clone()].matches("\n\n").count() + 1)
                .sum();
            assert!(kept < src_paras, "{}: nothing cut", c.id);
            assert!(
                c.truth
                    .iter()
                    .any(|t| c.source[t.source.clone()].contains("\n\n")),
                "{}: nothing merged",
                c.id
            );
            // Every quotation of a kept paragraph is in the rewrite verbatim.
            let mut quotes = 0;
            for t in &c.truth[1..] {
                let a = &c.source[t.source.clone()];
                let b = &c.suspicious[t.suspicious.clone()];
                for (k, q) in a.split(['"', '\u{201C}', '\u{201D}']).enumerate() {
                    if k % 2 == 1 {
                        assert!(b.contains(q), "{}: quote {q:?} lost", c.id);
                        quotes += 1;
                    }
                }
            }
            let opening = c.source.matches(['"', '\u{201C}']).count();
            assert!(opening >= 3, "{}: {opening} quotation marks", c.id);
            assert!(quotes >= 1, "{}: no quote kept", c.id);
        }
    }

    #[test]
    fn article_on_shares_the_cast() {
        let a = crate::article_on(9, 1, 4_000);
        let b = crate::article_on(9, 2, 4_000);
        assert_ne!(a, b);
        assert_eq!(a, crate::article_on(9, 1, 4_000));
        let names = |t: &str| -> std::collections::BTreeSet<&str> {
            LAST.iter().copied().filter(|n| t.contains(n)).collect()
        };
        assert!(!names(&a).is_disjoint(&names(&b)));
        let other = crate::article_on(10, 1, 4_000);
        assert!(names(&a).intersection(&names(&other)).count() < names(&a).len());
    }
}
