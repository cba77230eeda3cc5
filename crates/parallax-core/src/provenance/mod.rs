//! Provenance: for two articles that share text, which is the original, how sure, why, and
//! whether the copy credits it; and the families that copies form ([`families`]).
//!
//! The rules (documented in `docs/provenance.md`) weigh evidence items; each favours one side
//! as the source and has a weight:
//! - **credit** (6): one text names the other's publisher (its outlet, a known spelling of it,
//!   a link to its site or address) and not the other way round: the naming text is the copy;
//! - **containment** (4): most of one text ([`CONTAINED`]) is inside the other, and the other
//!   is mostly text of its own (at most [`COMPOUND`] of it shared, and at most half the
//!   contained share: a compound page, a forum thread, a digest): the contained text is the
//!   source of that block. A copy that trimmed its source keeps most of it, so the source is
//!   not "mostly other text" and this rule stays silent;
//! - **sign-off** (2): a closing credit ("mm/wd (AFP, Reuters)", "(Reporting by …)") ends one
//!   text and closes a shared block in the middle of the other: the block was copied from the
//!   text it ends;
//! - **date** (2): both texts are dated, on different days, and neither date is a placeholder:
//!   a copy cannot predate its source. Dates alone never give a confident direction
//!   (confidence at most [`DATE_ONLY_CONFIDENCE`]).
//!
//! The direction is the side with the larger total; equal totals (or no evidence) give
//! `unknown`. An analyst's `copy --source` mark overrides all of it ([`Provenance::marked`]).
//!
//! Everything is computed from the two articles and their comparison: no clock, no corpus.

pub mod families;

use crate::corpus::article::{Article, Credit};
use crate::engine::compare::Comparison;
use crate::engine::passage::PassageKind;
use serde::Serialize;

/// Which of two articles is the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    LeftIsSource,
    RightIsSource,
    Unknown,
}

impl Direction {
    pub fn mirrored(self) -> Direction {
        match self {
            Direction::LeftIsSource => Direction::RightIsSource,
            Direction::RightIsSource => Direction::LeftIsSource,
            Direction::Unknown => Direction::Unknown,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::LeftIsSource => "left_is_source",
            Direction::RightIsSource => "right_is_source",
            Direction::Unknown => "unknown",
        }
    }
}

/// What an evidence item rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Credit,
    Containment,
    SignOff,
    Date,
    /// An analyst's `copy --source` mark.
    Mark,
}

/// One reason for (or against) a direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub kind: EvidenceKind,
    /// The side it makes the source (`unknown`: noted, but no direction: a placeholder date).
    pub favours: Direction,
    pub weight: u32,
    /// The evidence in words, with the article ids and the text quoted (sanitise to print).
    pub text: String,
}

/// Whether the copy credits its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Credited {
    /// It names the source's publisher or links to it.
    Yes,
    /// It credits an agency the source credits, but not the outlet it copied from.
    Partial,
    No,
}

impl Credited {
    pub fn as_str(self) -> &'static str {
        match self {
            Credited::Yes => "yes",
            Credited::Partial => "partial",
            Credited::No => "no",
        }
    }
}

/// Who set the direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetBy {
    Inferred,
    /// An analyst's mark.
    Person,
}

/// Provenance of a pair, oriented as the pair (left, right).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Provenance {
    pub direction: Direction,
    /// 0 for `unknown`, else 0.5 (a guess) to 1 (a person said so).
    pub confidence: f64,
    pub set_by: SetBy,
    pub evidence: Vec<Evidence>,
    /// Whether the copy credits the source (`None` when the direction is unknown).
    pub credited: Option<Credited>,
    /// The copy's words that credit (for `yes` and `partial`).
    pub credited_words: Option<String>,
    /// The copy's paragraph holding them.
    pub credited_paragraph: Option<usize>,
}

/// The confidence that dates alone can give.
pub const DATE_ONLY_CONFIDENCE: f64 = 0.6;
/// Directions at or above this confidence are called confident.
pub const CONFIDENT: f64 = 0.7;

const W_CREDIT: u32 = 6;
const W_CONTAINMENT: u32 = 4;
const W_SIGN_OFF: u32 = 2;
const W_DATE: u32 = 2;

/// A text counts as contained when at least this share of it is in the other…
pub const CONTAINED: f64 = 0.5;
/// …and the container as compound when at most this share of it is in the contained one
/// (and at most half the contained share).
pub const COMPOUND: f64 = 0.5;

/// What two articles share, as provenance reads it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shared {
    pub left_in_right: f64,
    pub right_in_left: f64,
    /// Paragraph ranges (first, last; inclusive) of the reused passages on each side.
    pub left: Vec<(usize, usize)>,
    pub right: Vec<(usize, usize)>,
}

impl Shared {
    /// From a comparison of `a` (left) and `b` (right): shares and passages (shared quotes
    /// left out, as the shares leave them out).
    pub fn of(a: &Article, b: &Article, c: &Comparison) -> Shared {
        let mut s = Shared {
            left_in_right: c.scores.left_in_right,
            right_in_left: c.scores.right_in_left,
            ..Shared::default()
        };
        for p in c.passages.iter().filter(|p| p.kind != PassageKind::Quote) {
            s.left.push(para_range(a, p.left.start, p.left.end));
            s.right.push(para_range(b, p.right.start, p.right.end));
        }
        s
    }

    /// What `a` and `b` share, found as [`crate::engine::compare::compare`] finds it (the same
    /// passages and shares, in the same canonical orientation) but without the alignment and
    /// word diff that only a display needs: for the scan's many pairs.
    pub fn find(a: &Article, b: &Article) -> Shared {
        use crate::engine::stream::Stream;
        Shared::find_in(a, &Stream::of_text(&a.text), b, &Stream::of_text(&b.text))
    }

    /// [`Shared::find`] with the articles' streams already made ([`crate::engine::stream::Stream::of_text`]
    /// of their texts): for an article in many pairs, tokenised once.
    pub fn find_in(
        a: &Article,
        sa: &crate::engine::stream::Stream,
        b: &Article,
        sb: &crate::engine::stream::Stream,
    ) -> Shared {
        use crate::engine::passage;
        use crate::engine::score::Scores;
        use crate::engine::stream::Stream;
        fn oriented(a: &Article, sa: &Stream, b: &Article, sb: &Stream) -> Shared {
            let reuse = passage::find(sa, sb);
            let scores = Scores::of_reuse(sa, sb, &reuse);
            let bytes = |s: &Stream, (i, j): (usize, usize)| {
                if i >= j || j > s.spans.len() {
                    return None;
                }
                Some((s.spans[i].0 as usize, s.spans[j - 1].1 as usize))
            };
            let mut out = Shared {
                left_in_right: scores.left_in_right,
                right_in_left: scores.right_in_left,
                ..Shared::default()
            };
            for f in reuse
                .passages
                .iter()
                .filter(|f| f.kind != PassageKind::Quote)
            {
                if let (Some(l), Some(r)) = (bytes(sa, f.a), bytes(sb, f.b)) {
                    out.left.push(para_range(a, l.0, l.1));
                    out.right.push(para_range(b, r.0, r.1));
                }
            }
            out
        }
        if (&a.hash, &a.text) <= (&b.hash, &b.text) {
            oriented(a, sa, b, sb)
        } else {
            oriented(b, sb, a, sa).mirrored()
        }
    }

    pub fn mirrored(&self) -> Shared {
        Shared {
            left_in_right: self.right_in_left,
            right_in_left: self.left_in_right,
            left: self.right.clone(),
            right: self.left.clone(),
        }
    }
}

/// The paragraphs (first, last) that bytes `start..end` of `a`'s text fall in.
fn para_range(a: &Article, start: usize, end: usize) -> (usize, usize) {
    let at = |off: usize| {
        let k = a.paragraphs.partition_point(|p| p.start <= off);
        a.paragraphs.get(k.saturating_sub(1)).map_or(0, |p| p.index)
    };
    let first = at(start);
    (first, at(end.saturating_sub(1)).max(first))
}

/// The provenance of `a` (left) and `b` (right) from their comparison.
pub fn infer(a: &Article, b: &Article, c: &Comparison) -> Provenance {
    infer_shared(a, b, &Shared::of(a, b, c))
}

/// The provenance of `a` (left) and `b` (right) from what they share.
pub fn infer_shared(a: &Article, b: &Article, s: &Shared) -> Provenance {
    let mut ev = Vec::new();
    credit_evidence(a, b, &mut ev);
    containment_evidence(a, b, s, &mut ev);
    sign_off_evidence(a, b, s, Direction::LeftIsSource, &mut ev);
    sign_off_evidence(b, a, &s.mirrored(), Direction::RightIsSource, &mut ev);
    date_evidence(a, b, &mut ev);
    let (direction, confidence) = weigh(&ev);
    let mut p = Provenance {
        direction,
        confidence,
        set_by: SetBy::Inferred,
        evidence: ev,
        credited: None,
        credited_words: None,
        credited_paragraph: None,
    };
    p.set_credited(a, b, s);
    p
}

impl Provenance {
    /// The same provenance with left and right swapped.
    pub fn mirrored(&self) -> Provenance {
        Provenance {
            direction: self.direction.mirrored(),
            evidence: self
                .evidence
                .iter()
                .map(|e| Evidence {
                    favours: e.favours.mirrored(),
                    ..e.clone()
                })
                .collect(),
            ..self.clone()
        }
    }

    /// The provenance with an analyst's mark applied: `source` is the original as the person
    /// said (`LeftIsSource` or `RightIsSource`), `who` their name. The inferred evidence stays
    /// listed after the mark; `credited` is worked out again for the marked direction.
    pub fn marked(
        mut self,
        a: &Article,
        b: &Article,
        s: &Shared,
        source: Direction,
        who: &str,
    ) -> Provenance {
        if source == Direction::Unknown {
            return self;
        }
        let (orig, copy) = match source {
            Direction::LeftIsSource => (&a.id, &b.id),
            _ => (&b.id, &a.id),
        };
        let agrees = self.direction == source;
        self.evidence.insert(
            0,
            Evidence {
                kind: EvidenceKind::Mark,
                favours: source,
                weight: 0,
                text: format!(
                    "marked by {who}: {orig} is the original of {copy}{}",
                    if agrees || self.direction == Direction::Unknown {
                        String::new()
                    } else {
                        " (the evidence pointed the other way)".to_string()
                    }
                ),
            },
        );
        self.direction = source;
        self.confidence = 1.0;
        self.set_by = SetBy::Person;
        self.set_credited(a, b, s);
        self
    }

    /// One line: who copied whom and why, e.g. "002 copied 004 (containment, sign-off;
    /// confidence 94%); credited: partial — “mm/wd (AFP, Reuters)”".
    pub fn summary(&self, left: &str, right: &str) -> String {
        let (orig, copy) = match self.direction {
            Direction::LeftIsSource => (left, right),
            Direction::RightIsSource => (right, left),
            Direction::Unknown => {
                let noted: Vec<&str> = self.kinds();
                return if noted.is_empty() {
                    "cannot tell who copied whom: no dates, credits or containment to go by"
                        .to_string()
                } else {
                    format!(
                        "cannot tell who copied whom: the evidence ({}) is even",
                        noted.join(", ")
                    )
                };
            }
        };
        let why = if self.set_by == SetBy::Person {
            "marked by a person".to_string()
        } else {
            format!(
                "{}; confidence {:.0}%",
                self.kinds().join(", "),
                self.confidence * 100.0
            )
        };
        let mut line = format!("{copy} copied {orig} ({why})");
        if let Some(c) = self.credited {
            line.push_str(&format!("; credited: {}", c.as_str()));
            if let Some(w) = &self.credited_words {
                line.push_str(&format!(" — “{w}”"));
            }
        }
        line
    }

    /// The kinds of evidence for the direction, in order, each once.
    fn kinds(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for e in &self.evidence {
            if self.direction != Direction::Unknown && e.favours != self.direction {
                continue;
            }
            let k = match e.kind {
                EvidenceKind::Credit => "credit",
                EvidenceKind::Containment => "containment",
                EvidenceKind::SignOff => "sign-off",
                EvidenceKind::Date => "dates",
                EvidenceKind::Mark => "mark",
            };
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out
    }

    fn set_credited(&mut self, a: &Article, b: &Article, s: &Shared) {
        let (src, copy, copied) = match self.direction {
            Direction::LeftIsSource => (a, b, &s.right),
            Direction::RightIsSource => (b, a, &s.left),
            Direction::Unknown => {
                self.credited = None;
                self.credited_words = None;
                self.credited_paragraph = None;
                return;
            }
        };
        let (c, found) = credited(src, copy, copied);
        self.credited = Some(c);
        self.credited_paragraph = found.as_ref().map(|f| f.0);
        self.credited_words = found.map(|f| f.1);
    }
}

/// Whether `copy` credits `src`, and the words (paragraph, quote) that do: the source's
/// publisher named or its address linked (`yes`); else one of the source's own credits
/// (`partial` when the source has a publisher it does not name, `yes` when the source has
/// none to name). Credits near the copied passage `copied` are preferred.
pub fn credited(
    src: &Article,
    copy: &Article,
    copied: &[(usize, usize)],
) -> (Credited, Option<(usize, String)>) {
    if let Some(found) = names_publisher(copy, src) {
        return (Credited::Yes, Some(found));
    }
    let theirs: Vec<&str> = src.meta.credits.iter().map(String::as_str).collect();
    let mut best: Option<&Credit> = None;
    for c in &copy.meta.credit_items {
        if !theirs.iter().any(|t| t.eq_ignore_ascii_case(&c.name)) {
            continue;
        }
        let near = near_block(c.paragraph, copied);
        if best.is_none() || (near && !best.is_some_and(|b| near_block(b.paragraph, copied))) {
            best = Some(c);
        }
    }
    match best {
        Some(c) => {
            let kind = if src.meta.source.is_some() {
                Credited::Partial
            } else {
                Credited::Yes
            };
            (kind, Some((c.paragraph, c.text.clone())))
        }
        None => (Credited::No, None),
    }
}

/// Whether paragraph `p` is inside one of the blocks or closes it (up to two paragraphs after).
fn near_block(p: usize, blocks: &[(usize, usize)]) -> bool {
    blocks.iter().any(|&(s, e)| p >= s && p <= e + 2)
}

/// Where `copy` names `src`'s publisher (any known spelling, whole words) or links to its
/// address: the paragraph and the words around.
fn names_publisher(copy: &Article, src: &Article) -> Option<(usize, String)> {
    if let Some(url) = src
        .meta
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| u.len() > 8)
    {
        let bare = url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/');
        for p in &copy.paragraphs {
            if let Some(k) = p.text.find(bare) {
                return Some((p.index, around(&p.text, k, bare.len())));
            }
        }
    }
    let publisher = src.meta.source.as_deref()?;
    if copy
        .meta
        .source
        .as_deref()
        .is_some_and(|s| s.eq_ignore_ascii_case(publisher))
    {
        // The same outlet publishing twice: naming itself credits nobody.
        return None;
    }
    for c in &copy.meta.credit_items {
        if c.name.eq_ignore_ascii_case(publisher) {
            return Some((c.paragraph, c.text.clone()));
        }
    }
    let mut names: Vec<String> = vec![publisher.to_string()];
    for a in crate::corpus::meta::outlet_aliases(publisher) {
        if !a.contains('.') && !names.iter().any(|n| n.eq_ignore_ascii_case(a)) {
            names.push(a.to_string());
        }
    }
    for p in &copy.paragraphs {
        for n in &names {
            if let Some(k) = find_name(&p.text, n) {
                return Some((p.index, around(&p.text, k, n.len())));
            }
        }
    }
    None
}

/// Where `name` stands in `text` as whole words: case-insensitively for names of four
/// letters or more, in capitals for shorter ones ("DW", not "dw" inside a word or "Dw").
fn find_name(text: &str, name: &str) -> Option<usize> {
    let name = name.trim();
    if name.is_empty() || !name.is_ascii() {
        return text.find(name).filter(|_| !name.is_empty());
    }
    let short = name.len() < 4;
    let (hay, needle) = if short {
        (text.to_string(), name.to_ascii_uppercase())
    } else {
        (text.to_ascii_lowercase(), name.to_ascii_lowercase())
    };
    let bytes = hay.as_bytes();
    let mut from = 0;
    while let Some(k) = hay[from..].find(&needle) {
        let at = from + k;
        let end = at + needle.len();
        let before = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
        let after = end >= bytes.len() || !bytes[end].is_ascii_alphanumeric();
        if before && after {
            return Some(at);
        }
        from = at + 1;
        while !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// About 50 bytes either side of `text[at..at + len]`, cut at character boundaries.
fn around(text: &str, at: usize, len: usize) -> String {
    let s = text.floor_char_boundary(at.saturating_sub(50));
    let e = text.ceil_char_boundary((at + len + 50).min(text.len()));
    let mut q = text[s..e].trim().to_string();
    if s > 0 {
        q.insert(0, '…');
    }
    if e < text.len() {
        q.push('…');
    }
    q
}

fn side(left: bool) -> Direction {
    if left {
        Direction::LeftIsSource
    } else {
        Direction::RightIsSource
    }
}

fn credit_evidence(a: &Article, b: &Article, ev: &mut Vec<Evidence>) {
    let a_names_b = names_publisher(a, b);
    let b_names_a = names_publisher(b, a);
    match (a_names_b, b_names_a) {
        (Some((p, words)), None) => ev.push(Evidence {
            kind: EvidenceKind::Credit,
            favours: Direction::RightIsSource,
            weight: W_CREDIT,
            text: format!(
                "{} names {}'s publisher {} (¶{p}: “{words}”)",
                a.id,
                b.id,
                b.meta.source.as_deref().unwrap_or("(its address)")
            ),
        }),
        (None, Some((p, words))) => ev.push(Evidence {
            kind: EvidenceKind::Credit,
            favours: Direction::LeftIsSource,
            weight: W_CREDIT,
            text: format!(
                "{} names {}'s publisher {} (¶{p}: “{words}”)",
                b.id,
                a.id,
                a.meta.source.as_deref().unwrap_or("(its address)")
            ),
        }),
        _ => {}
    }
}

fn containment_evidence(a: &Article, b: &Article, s: &Shared, ev: &mut Vec<Evidence>) {
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    for (left, inner, outer, in_share, out_share) in [
        (true, a, b, s.left_in_right, s.right_in_left),
        (false, b, a, s.right_in_left, s.left_in_right),
    ] {
        if in_share >= CONTAINED && out_share <= COMPOUND && out_share * 2.0 <= in_share {
            ev.push(Evidence {
                kind: EvidenceKind::Containment,
                favours: side(left),
                weight: W_CONTAINMENT,
                text: format!(
                    "{} of {} sits inside {}, which is mostly other text ({} of it shared): {} is the source of that block",
                    pct(in_share),
                    inner.id,
                    outer.id,
                    pct(out_share),
                    inner.id
                ),
            });
        }
    }
}

/// Index of the last paragraph of `a` with words that scores count (or any words).
fn last_text_paragraph(a: &Article) -> Option<usize> {
    a.paragraphs
        .iter()
        .rev()
        .find(|p| p.words > 0 && !p.role.discounted())
        .map(|p| p.index)
}

/// Words of `a` after paragraph `p` that scores count.
fn words_after(a: &Article, p: usize) -> usize {
    a.paragraphs
        .iter()
        .filter(|q| q.index > p && !q.role.discounted())
        .map(|q| q.words)
        .sum()
}

/// A closing credit that ends `x` and closes a shared block in the middle of `y`: `x` (the
/// left side of `s`) is the source, `favours` in the caller's orientation.
fn sign_off_evidence(
    x: &Article,
    y: &Article,
    s: &Shared,
    favours: Direction,
    ev: &mut Vec<Evidence>,
) {
    let Some(last) = last_text_paragraph(x) else {
        return;
    };
    for c in x.meta.credit_items.iter().filter(|c| c.kind.closes()) {
        // It ends x: nothing x counts comes after it (it is the last paragraph, or after it).
        if c.paragraph < last || words_after(x, c.paragraph) > 0 {
            continue;
        }
        let in_y = y.meta.credit_items.iter().find(|d| {
            d.kind.closes()
                && d.name == c.name
                && near_block(d.paragraph, &s.right)
                && words_after(y, d.paragraph) >= 30.max(y.words / 10)
        });
        if let Some(d) = in_y {
            ev.push(Evidence {
                kind: EvidenceKind::SignOff,
                favours,
                weight: W_SIGN_OFF,
                text: format!(
                    "the sign-off “{}” ends {} and closes a copied block in the middle of {} (¶{}): the block was copied from {}",
                    c.text, x.id, y.id, d.paragraph, x.id
                ),
            });
            return;
        }
    }
}

/// A date as (year, month, day) when it is ISO and not a placeholder.
fn real_date(d: Option<&str>) -> Result<Option<(u32, u32, u32)>, String> {
    let Some(d) = d else { return Ok(None) };
    let mut it = d.splitn(3, '-').map(|x| x.parse::<u32>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(day))) = (it.next(), it.next(), it.next()) else {
        return Ok(None);
    };
    // Dates that CMSs and exports fill in for "no date": the Unix epoch, the year 2000's first
    // day, 1900, and anything before the web.
    if y < 1991 || (m == 1 && day == 1 && (y == 1970 || y == 2000)) {
        return Err(d.to_string());
    }
    Ok(Some((y, m, day)))
}

fn date_evidence(a: &Article, b: &Article, ev: &mut Vec<Evidence>) {
    let da = real_date(a.meta.date.as_deref());
    let db = real_date(b.meta.date.as_deref());
    for (x, d) in [(a, &da), (b, &db)] {
        if let Err(bad) = d {
            ev.push(Evidence {
                kind: EvidenceKind::Date,
                favours: Direction::Unknown,
                weight: 0,
                text: format!("{}'s date {bad} looks like a placeholder: not used", x.id),
            });
        }
    }
    if let (Ok(Some(x)), Ok(Some(y))) = (da, db) {
        if x != y {
            let (Some(ad), Some(bd)) = (a.meta.date.as_deref(), b.meta.date.as_deref()) else {
                return;
            };
            let left = x < y;
            let (early, late) = if left { (a, b) } else { (b, a) };
            let (ed, ld) = if left { (ad, bd) } else { (bd, ad) };
            ev.push(Evidence {
                kind: EvidenceKind::Date,
                favours: side(left),
                weight: W_DATE,
                text: format!(
                    "{} is dated {ed}, {} {ld}: a copy cannot predate its source",
                    early.id, late.id
                ),
            });
        }
    }
}

/// The direction and confidence from the evidence's weights.
fn weigh(ev: &[Evidence]) -> (Direction, f64) {
    let total =
        |d: Direction| -> u32 { ev.iter().filter(|e| e.favours == d).map(|e| e.weight).sum() };
    let (l, r) = (
        total(Direction::LeftIsSource),
        total(Direction::RightIsSource),
    );
    if l == r {
        return (Direction::Unknown, 0.0);
    }
    let d = if l > r {
        Direction::LeftIsSource
    } else {
        Direction::RightIsSource
    };
    let net = l.abs_diff(r) as f64;
    let all = (l + r) as f64;
    let mut conf = 0.5 + 0.5 * (net / all) * (1.0 - 0.5f64.powf(net / 2.0));
    let only_dates = ev
        .iter()
        .filter(|e| e.favours == d)
        .all(|e| e.kind == EvidenceKind::Date);
    if only_dates {
        conf = conf.min(DATE_ONLY_CONFIDENCE);
    }
    (d, (conf * 100.0).round() / 100.0)
}

/// An analyst's `copy` mark naming the original, as the marks store holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyMark {
    pub left: String,
    pub right: String,
    /// `LeftIsSource` or `RightIsSource`, for the mark's own left and right.
    pub source: Direction,
    pub author: String,
}

/// The last mark of the pair (`a`, `b`) in either order, its source oriented to (a, b).
pub fn mark_for<'m>(marks: &'m [CopyMark], a: &str, b: &str) -> Option<(Direction, &'m str)> {
    marks.iter().rev().find_map(|m| {
        if m.left == a && m.right == b {
            Some((m.source, m.author.as_str()))
        } else if m.left == b && m.right == a {
            Some((m.source.mirrored(), m.author.as_str()))
        } else {
            None
        }
    })
}

/// Provenance of `a` and `b` from their comparison, a person's mark (if any) applied.
pub fn of_pair(a: &Article, b: &Article, c: &Comparison, marks: &[CopyMark]) -> Provenance {
    let s = Shared::of(a, b, c);
    let p = infer_shared(a, b, &s);
    match mark_for(marks, &a.id, &b.id) {
        Some((d, who)) => p.marked(a, b, &s, d, who),
        None => p,
    }
}

/// At most this many articles are held at once by [`for_pairs`] (a batch of pairs and the
/// articles they name; a pair always fits).
pub const BATCH_ARTICLES: usize = 2048;

/// Provenance of each pair of article ids of a corpus (the scan's pairs): each article loaded
/// and tokenised once per batch ([`for_pairs_of`]), each pair's passages found
/// ([`Shared::find`]: no alignment or word diff), in parallel. The pairs are taken in batches
/// of connected articles ([`batches`]) so that memory stays bounded by [`BATCH_ARTICLES`], not
/// by the number of pairs. `None` for a pair whose article cannot be read.
pub fn for_pairs(
    corpus: &crate::corpus::Corpus,
    pairs: &[(&str, &str)],
    marks: &[CopyMark],
) -> Vec<Option<Provenance>> {
    for_pairs_batched(corpus, pairs, marks, BATCH_ARTICLES)
}

/// [`for_pairs`] with batches of at most `batch` articles (at least 2).
pub fn for_pairs_batched(
    corpus: &crate::corpus::Corpus,
    pairs: &[(&str, &str)],
    marks: &[CopyMark],
    batch: usize,
) -> Vec<Option<Provenance>> {
    use rayon::prelude::*;
    for_pairs_read(pairs, marks, batch, |ids| {
        ids.par_iter()
            .filter_map(|&id| {
                let e = corpus.resolve(id).ok()?;
                let a = corpus.load(e).ok()?;
                Some((id, a))
            })
            .collect()
    })
}

/// [`for_pairs_batched`] with the articles of each batch read by `read`, which is given the
/// batch's ids (sorted, each once) and leaves out any it cannot read (the reader reads them
/// from the parse cache).
pub fn for_pairs_read<'p, R>(
    pairs: &[(&'p str, &'p str)],
    marks: &[CopyMark],
    batch: usize,
    mut read: R,
) -> Vec<Option<Provenance>>
where
    R: FnMut(&[&'p str]) -> std::collections::HashMap<&'p str, Article>,
{
    let mut out: Vec<Option<Provenance>> = (0..pairs.len()).map(|_| None).collect();
    for b in batches(pairs, batch) {
        let sub: Vec<(&str, &str)> = b.iter().map(|&i| pairs[i]).collect();
        let mut ids: Vec<&'p str> = sub.iter().flat_map(|&(a, b)| [a, b]).collect();
        ids.sort_unstable();
        ids.dedup();
        let loaded = read(&ids);
        let found = for_pairs_of(&sub, marks, |id| loaded.get(id));
        for (&i, f) in b.iter().zip(found) {
            out[i] = f;
        }
    }
    out
}

/// The pairs' indices in batches naming at most `max` distinct articles each (`max` is taken
/// as at least 2, so that any pair fits). Pairs that share articles, directly or through
/// others (a connected component), go in one batch when they fit, so that each article is
/// loaded once; a component larger than `max` is cut into batches in the pairs' order (its
/// articles then load once per batch they are in). Every index appears in exactly one batch;
/// the batches depend only on the pairs.
pub fn batches(pairs: &[(&str, &str)], max: usize) -> Vec<Vec<usize>> {
    let max = max.max(2);
    let mut ids: Vec<&str> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    ids.sort_unstable();
    ids.dedup();
    let index = |id: &str| {
        ids.binary_search(&id)
            .expect("every id of a pair is listed")
    };
    // Union-find over the articles.
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let ends: Vec<(usize, usize)> = pairs.iter().map(|&(a, b)| (index(a), index(b))).collect();
    for &(a, b) in &ends {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    // Components in the order of their first pair; each one's pairs in order.
    let mut slot = vec![usize::MAX; ids.len()];
    let mut comps: Vec<(Vec<usize>, usize)> = Vec::new(); // (pairs, articles)
    for (i, &(a, _)) in ends.iter().enumerate() {
        let r = root(&mut parent, a);
        if slot[r] == usize::MAX {
            slot[r] = comps.len();
            comps.push((Vec::new(), 0));
        }
        comps[slot[r]].0.push(i);
    }
    for r in 0..ids.len() {
        let r = root(&mut parent, r);
        comps[slot[r]].1 += 1;
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    let mut cur_articles = 0;
    for (comp, articles) in comps {
        if articles <= max {
            if cur_articles + articles > max {
                out.push(std::mem::take(&mut cur));
                cur_articles = 0;
            }
            cur.extend(comp);
            cur_articles += articles;
            continue;
        }
        // Too big for one batch: cut in the pairs' order.
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            cur_articles = 0;
        }
        let mut seen: std::collections::HashSet<usize> = std::collections::HashSet::new();
        for i in comp {
            let (a, b) = ends[i];
            let new = usize::from(!seen.contains(&a)) + usize::from(a != b && !seen.contains(&b));
            if seen.len() + new > max {
                out.push(std::mem::take(&mut cur));
                seen.clear();
            }
            seen.insert(a);
            seen.insert(b);
            cur.push(i);
        }
        out.push(std::mem::take(&mut cur));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// [`for_pairs`] with the articles already at hand (the reader holds them): `article` gives
/// the article of an id, `None` when it cannot be read. Each article's stream is made once
/// ([`Shared::find_in`]), not once per pair it is in.
pub fn for_pairs_of<'a, F>(
    pairs: &[(&str, &str)],
    marks: &[CopyMark],
    article: F,
) -> Vec<Option<Provenance>>
where
    F: Fn(&str) -> Option<&'a Article> + Sync,
{
    use rayon::prelude::*;
    // Each article's words once, however many pairs it is in.
    let mut ids: Vec<&str> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    ids.sort_unstable();
    ids.dedup();
    let streams: std::collections::HashMap<&str, crate::engine::stream::Stream> = ids
        .par_iter()
        .filter_map(|&id| {
            Some((
                id,
                crate::engine::stream::Stream::of_text(&article(id)?.text),
            ))
        })
        .collect();
    pairs
        .par_iter()
        .map(|&(a, b)| {
            let (sa, sb) = (streams.get(a)?, streams.get(b)?);
            let (a, b) = (article(a)?, article(b)?);
            let s = Shared::find_in(a, sa, b, sb);
            let p = infer_shared(a, b, &s);
            Some(match mark_for(marks, &a.id, &b.id) {
                Some((d, who)) => p.marked(a, b, &s, d, who),
                None => p,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(kind: EvidenceKind, favours: Direction, weight: u32) -> Evidence {
        Evidence {
            kind,
            favours,
            weight,
            text: String::new(),
        }
    }

    proptest::proptest! {
        #[test]
        fn batches_hold_every_pair_once_and_at_most_max_articles(
            raw in proptest::collection::vec((0u8..40, 0u8..40), 0..120),
            max in 0usize..12,
        ) {
            let names: Vec<String> = (0..40).map(|i| format!("a{i:02}")).collect();
            let pairs: Vec<(&str, &str)> = raw
                .iter()
                .map(|&(a, b)| (names[a as usize].as_str(), names[b as usize].as_str()))
                .collect();
            let cut = batches(&pairs, max);
            let mut seen: Vec<usize> = cut.iter().flatten().copied().collect();
            seen.sort_unstable();
            proptest::prop_assert_eq!(seen, (0..pairs.len()).collect::<Vec<_>>());
            let articles = |b: &[usize]| {
                let mut ids: Vec<&str> = b.iter().flat_map(|&i| [pairs[i].0, pairs[i].1]).collect();
                ids.sort_unstable();
                ids.dedup();
                ids
            };
            for b in &cut {
                proptest::prop_assert!(!b.is_empty());
                proptest::prop_assert!(articles(b).len() <= max.max(2), "{:?}", b);
            }
            // An article whose whole family fits in a batch is loaded once.
            let all = articles(&(0..pairs.len()).collect::<Vec<_>>());
            let batches_of = |id: &str| cut.iter().filter(|b| articles(b).contains(&id)).count();
            let family = |id: &str| {
                let mut fam = vec![id];
                let mut k = 0;
                while k < fam.len() {
                    for &(a, b) in &pairs {
                        for (x, y) in [(a, b), (b, a)] {
                            if x == fam[k] && !fam.contains(&y) {
                                fam.push(y);
                            }
                        }
                    }
                    k += 1;
                }
                fam.len()
            };
            for id in all {
                let n = batches_of(id);
                proptest::prop_assert!(n >= 1);
                if family(id) <= max.max(2) {
                    proptest::prop_assert_eq!(n, 1, "{}", id);
                }
            }
        }
    }

    #[test]
    fn a_family_that_fits_is_loaded_once() {
        // Two families of three and one of two; batches of four articles.
        let pairs = [("a", "b"), ("x", "y"), ("b", "c"), ("p", "q"), ("y", "z")];
        let cut = batches(&pairs, 4);
        let fam = |b: &Vec<usize>| b.iter().map(|&i| pairs[i]).collect::<Vec<_>>();
        let got: Vec<Vec<(&str, &str)>> = cut.iter().map(fam).collect();
        assert_eq!(
            got,
            vec![
                vec![("a", "b"), ("b", "c")],
                vec![("x", "y"), ("y", "z")],
                vec![("p", "q")],
            ]
        );
    }

    #[test]
    fn dates_alone_are_never_confident() {
        let (d, c) = weigh(&[ev(EvidenceKind::Date, Direction::LeftIsSource, W_DATE)]);
        assert_eq!(d, Direction::LeftIsSource);
        assert!(c <= DATE_ONLY_CONFIDENCE, "{c}");
        const { assert!(DATE_ONLY_CONFIDENCE < CONFIDENT) };
        let (d, c) = weigh(&[
            ev(EvidenceKind::Date, Direction::LeftIsSource, W_DATE),
            ev(
                EvidenceKind::Containment,
                Direction::RightIsSource,
                W_CONTAINMENT,
            ),
        ]);
        assert_eq!(d, Direction::RightIsSource);
        assert!(c < CONFIDENT, "conflicting evidence is not confident: {c}");
        assert_eq!(weigh(&[]), (Direction::Unknown, 0.0));
    }

    #[test]
    fn placeholder_and_bad_dates() {
        assert!(real_date(Some("1970-01-01")).is_err());
        assert!(real_date(Some("1900-05-05")).is_err());
        assert_eq!(real_date(Some("2022-03-27")), Ok(Some((2022, 3, 27))));
        assert_eq!(real_date(Some("garbage")), Ok(None));
        assert_eq!(real_date(Some("2022-03")), Ok(None));
        assert_eq!(real_date(None), Ok(None));
    }

    #[test]
    fn names_are_whole_words() {
        assert_eq!(find_name("as reported by DW.", "DW"), Some(15));
        assert_eq!(find_name("a dwelling", "DW"), None);
        assert_eq!(find_name("Dw said", "DW"), None);
        assert_eq!(
            find_name("from deutsche welle's site", "Deutsche Welle"),
            Some(5)
        );
        assert_eq!(find_name("Reutersville", "Reuters"), None);
    }
}
