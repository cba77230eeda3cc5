//! Marks: an analyst's judgements on a pair of articles or a pair of paragraphs.
//!
//! A mark names two articles (left and right, in the order the analyst gave them) and a
//! [`Target`]: a verdict on the whole pair ([`PairLabel`]) or a label on paragraphs of each
//! ([`ParaLabel`]). It carries an optional note, its author and its times, and for each article
//! an [`ArticleAnchor`]: the article's id, path, title and content hash when it was marked,
//! and for each marked paragraph its index, a hash of its normalised words and a quote (the
//! exact text with some context on either side, as a W3C `TextQuoteSelector`).
//!
//! Files change after they are marked. [`resolve`] finds each marked paragraph again in the
//! current text — at its index when the paragraph there still holds the same words, else a
//! paragraph holding the same words, else the marked words inside a paragraph (merged), else a
//! paragraph between the marked context that keeps most of the marked words (edited lightly);
//! a quote of fewer than [`MIN_QUOTE_WORDS`] words must also have its context around it, and a
//! tie between places is no answer — and sets the mark's [`AnchorStatus`]: `Ok`, `Reanchored`
//! (found again, indices updated) or `Orphaned` (not found, or found in places its context
//! cannot tell apart; the target keeps the recorded indices, which must not be trusted). The
//! search is linear in the article's size.
//!
//! Storage is [`store`] (crash-safe SQLite); exports and imports are [`export`].
//!
//! This layer may use every layer below it (text, corpus, engine); nothing but the front ends
//! uses it.

pub mod export;
pub mod store;

use crate::corpus::article::{Article, Paragraph};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Code points of context kept on each side of a quote (about five words).
pub const QUOTE_CONTEXT: usize = 32;

/// In a `copy` mark: which article is the original (the other reposts it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CopySource {
    Left,
    Right,
    Unknown,
}

impl CopySource {
    pub fn as_str(self) -> &'static str {
        match self {
            CopySource::Left => "left",
            CopySource::Right => "right",
            CopySource::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<CopySource> {
        match s {
            "left" => Some(CopySource::Left),
            "right" => Some(CopySource::Right),
            "unknown" => Some(CopySource::Unknown),
            _ => None,
        }
    }

    /// The same source seen with left and right swapped.
    pub fn mirrored(self) -> CopySource {
        match self {
            CopySource::Left => CopySource::Right,
            CopySource::Right => CopySource::Left,
            CopySource::Unknown => CopySource::Unknown,
        }
    }
}

/// A verdict on a pair of articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PairLabel {
    /// The same text.
    Duplicate,
    /// One reposts the other; the source says which is the original.
    Copy(CopySource),
    /// Independent reports of the same event.
    SameStory,
    Unrelated,
}

impl PairLabel {
    pub const NAMES: [&'static str; 4] = ["duplicate", "copy", "same-story", "unrelated"];

    pub fn as_str(self) -> &'static str {
        match self {
            PairLabel::Duplicate => "duplicate",
            PairLabel::Copy(_) => "copy",
            PairLabel::SameStory => "same-story",
            PairLabel::Unrelated => "unrelated",
        }
    }

    /// A label from its name; `source` applies to `copy` only (default: unknown).
    pub fn parse(name: &str, source: Option<CopySource>) -> Result<PairLabel, String> {
        let label = match name {
            "duplicate" => PairLabel::Duplicate,
            "copy" => PairLabel::Copy(source.unwrap_or(CopySource::Unknown)),
            "same-story" => PairLabel::SameStory,
            "unrelated" => PairLabel::Unrelated,
            _ => {
                return Err(format!(
                    "'{name}' is not an article-pair label ({})",
                    PairLabel::NAMES.join(", ")
                ))
            }
        };
        if source.is_some() && !matches!(label, PairLabel::Copy(_)) {
            return Err(format!(
                "a source (who copied whom) applies to 'copy' marks, not to '{name}'"
            ));
        }
        Ok(label)
    }

    pub fn source(self) -> Option<CopySource> {
        match self {
            PairLabel::Copy(s) => Some(s),
            _ => None,
        }
    }

    pub fn mirrored(self) -> PairLabel {
        match self {
            PairLabel::Copy(s) => PairLabel::Copy(s.mirrored()),
            l => l,
        }
    }
}

/// A label on a pair of paragraphs (or paragraph ranges).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParaLabel {
    Duplicate,
    NearDuplicate,
    Paraphrase,
    Distinct,
}

impl ParaLabel {
    pub const NAMES: [&'static str; 4] = ["duplicate", "near-duplicate", "paraphrase", "distinct"];

    pub fn as_str(self) -> &'static str {
        match self {
            ParaLabel::Duplicate => "duplicate",
            ParaLabel::NearDuplicate => "near-duplicate",
            ParaLabel::Paraphrase => "paraphrase",
            ParaLabel::Distinct => "distinct",
        }
    }

    pub fn parse(name: &str) -> Result<ParaLabel, String> {
        match name {
            "duplicate" => Ok(ParaLabel::Duplicate),
            "near-duplicate" => Ok(ParaLabel::NearDuplicate),
            "paraphrase" => Ok(ParaLabel::Paraphrase),
            "distinct" => Ok(ParaLabel::Distinct),
            _ => Err(format!(
                "'{name}' is not a paragraph label ({})",
                ParaLabel::NAMES.join(", ")
            )),
        }
    }
}

/// What a mark says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A verdict on the two articles as a whole.
    Pair(PairLabel),
    /// A label on paragraphs `left` of the left article and `right` of the right one.
    Paragraphs {
        left: Vec<usize>,
        right: Vec<usize>,
        label: ParaLabel,
    },
}

impl Target {
    /// `pair` or `paragraphs`.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Pair(_) => "pair",
            Target::Paragraphs { .. } => "paragraphs",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Target::Pair(l) => l.as_str(),
            Target::Paragraphs { label, .. } => label.as_str(),
        }
    }

    pub fn source(&self) -> Option<CopySource> {
        match self {
            Target::Pair(l) => l.source(),
            Target::Paragraphs { .. } => None,
        }
    }

    /// The paragraph indices of each side (empty for a pair mark).
    pub fn paragraphs(&self) -> (&[usize], &[usize]) {
        match self {
            Target::Pair(_) => (&[], &[]),
            Target::Paragraphs { left, right, .. } => (left, right),
        }
    }

    /// A target from its stored parts (kind, label, source, indices); `Err` names what is wrong.
    pub fn from_parts(
        kind: &str,
        label: &str,
        source: Option<&str>,
        left: Vec<usize>,
        right: Vec<usize>,
    ) -> Result<Target, String> {
        let source = match source {
            None => None,
            Some(s) => Some(
                CopySource::parse(s)
                    .ok_or_else(|| format!("'{s}' is not a copy source (left, right, unknown)"))?,
            ),
        };
        match kind {
            "pair" => Ok(Target::Pair(PairLabel::parse(label, source)?)),
            "paragraphs" => {
                if source.is_some() {
                    return Err("a paragraph mark has no copy source".into());
                }
                if left.is_empty() || right.is_empty() {
                    return Err("a paragraph mark needs paragraphs on both sides".into());
                }
                Ok(Target::Paragraphs {
                    left,
                    right,
                    label: ParaLabel::parse(label)?,
                })
            }
            _ => Err(format!("'{kind}' is not a mark kind (pair, paragraphs)")),
        }
    }

    /// A short human description: `copy (left is the original)`, `near-duplicate ¶3-4 : ¶5`.
    pub fn describe(&self) -> String {
        match self {
            Target::Pair(PairLabel::Copy(CopySource::Left)) => "copy (left is the original)".into(),
            Target::Pair(PairLabel::Copy(CopySource::Right)) => {
                "copy (right is the original)".into()
            }
            Target::Pair(PairLabel::Copy(CopySource::Unknown)) => "copy (original unknown)".into(),
            Target::Pair(l) => l.as_str().into(),
            Target::Paragraphs { left, right, label } => format!(
                "{} {} : {}",
                label.as_str(),
                para_list(left),
                para_list(right)
            ),
        }
    }
}

/// `¶3`, `¶3-5`, `¶3, ¶7` — paragraph indices as the reports number them.
pub fn para_list(indices: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < indices.len() {
        let mut j = i;
        while j + 1 < indices.len() && indices[j + 1] == indices[j] + 1 {
            j += 1;
        }
        out.push(if j > i {
            format!("¶{}-{}", indices[i], indices[j])
        } else {
            format!("¶{}", indices[i])
        });
        i = j + 1;
    }
    out.join(", ")
}

/// Whether a mark's anchors still hold in the current files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorStatus {
    /// The files hold the marked text where it was marked.
    Ok,
    /// A file changed since it was marked; every marked paragraph was found again (the target
    /// holds the current indices). A pair mark on a changed file is `Reanchored` too.
    Reanchored,
    /// An article or a marked paragraph could not be found again.
    Orphaned,
}

impl AnchorStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AnchorStatus::Ok => "ok",
            AnchorStatus::Reanchored => "reanchored",
            AnchorStatus::Orphaned => "orphaned",
        }
    }

    pub fn parse(s: &str) -> Option<AnchorStatus> {
        match s {
            "ok" => Some(AnchorStatus::Ok),
            "reanchored" => Some(AnchorStatus::Reanchored),
            "orphaned" => Some(AnchorStatus::Orphaned),
            _ => None,
        }
    }
}

/// A quote with context: W3C `TextQuoteSelector` (`exact`, `prefix`, `suffix`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Quote {
    /// The marked text exactly as in the file (line breaks kept).
    pub exact: String,
    /// Up to [`QUOTE_CONTEXT`] code points just before it.
    pub prefix: String,
    /// Up to [`QUOTE_CONTEXT`] code points just after it.
    pub suffix: String,
}

/// One marked paragraph, as it was when marked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ParaAnchor {
    /// Paragraph index in the article.
    pub index: usize,
    /// [`para_hash`] of the paragraph.
    pub hash: String,
    pub quote: Quote,
    /// Code-point offsets of `quote.exact` in the article's text (W3C `TextPositionSelector`).
    pub start: usize,
    pub end: usize,
}

/// One side of a mark, as it was when marked.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ArticleAnchor {
    pub id: String,
    /// The article's file (absolute when it could be resolved).
    pub path: String,
    pub title: String,
    /// Content hash of the file ([`crate::corpus::content_hash`]).
    pub hash: String,
    /// The marked paragraphs, in order (empty for a pair mark).
    pub paragraphs: Vec<ParaAnchor>,
}

/// A mark as the store holds it, resolved against the current files.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Local to the store (`#3`); [`Mark::uid`] is the same in every store the mark reaches.
    pub id: i64,
    /// A UUID (v4), kept through export and import.
    pub uid: String,
    pub left_id: String,
    pub right_id: String,
    /// For a paragraph mark: the current indices when the mark is `Ok` or `Reanchored`; the
    /// recorded ones when it is `Orphaned`.
    pub target: Target,
    pub note: Option<String>,
    pub author: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC: the last change (label, note, deletion).
    pub updated_at: String,
    pub anchor_status: AnchorStatus,
    /// What moved or went missing, for a mark that is not `Ok`.
    pub anchor_detail: Option<String>,
    pub left: ArticleAnchor,
    pub right: ArticleAnchor,
}

/// Hash of a paragraph's normalised words (xxh3-64 of the normalised words joined by single
/// spaces, 16 hex digits): punctuation, case, quotes and line breaks do not change it.
pub fn para_hash(p: &Paragraph) -> String {
    let mut s = String::new();
    for (i, w) in p.word_tokens().iter().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        w.push_norm(&p.text, &mut s);
    }
    crate::corpus::content_hash(s.as_bytes())
}

/// Check that `indices` name paragraphs of `article`.
pub fn check_paragraphs(article: &Article, indices: &[usize]) -> Result<(), String> {
    if indices.is_empty() {
        return Err(format!("no paragraph of {} given", article.id));
    }
    let n = article.paragraphs.len();
    for &i in indices {
        if i >= n {
            return Err(match n {
                0 => format!(
                    "paragraph {i} is out of range: {} has no paragraphs",
                    article.id
                ),
                _ => format!(
                    "paragraph {i} is out of range: {} has {n} paragraphs (¶0-¶{})",
                    article.id,
                    n - 1
                ),
            });
        }
    }
    Ok(())
}

/// Record where `indices` are in `article`. The indices must be valid ([`check_paragraphs`]).
pub fn anchor(article: &Article, indices: &[usize]) -> ArticleAnchor {
    let path = std::fs::canonicalize(&article.path).unwrap_or_else(|_| article.path.clone());
    ArticleAnchor {
        id: article.id.clone(),
        path: path.to_string_lossy().into_owned(),
        title: article.meta.title.clone(),
        hash: article.hash.clone(),
        paragraphs: indices
            .iter()
            .map(|&i| {
                let p = &article.paragraphs[i];
                ParaAnchor {
                    index: i,
                    hash: para_hash(p),
                    quote: quote(&article.text, p.start, p.end),
                    start: code_points(&article.text[..p.start]),
                    end: code_points(&article.text[..p.end]),
                }
            })
            .collect(),
    }
}

/// The quote of `text[start..end]` (byte offsets) with its context.
pub fn quote(text: &str, start: usize, end: usize) -> Quote {
    let before = &text[..start];
    let prefix_start = before
        .char_indices()
        .rev()
        .nth(QUOTE_CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[end..];
    let suffix_end = after
        .char_indices()
        .nth(QUOTE_CONTEXT)
        .map_or(after.len(), |(i, _)| i);
    Quote {
        exact: text[start..end].to_string(),
        prefix: before[prefix_start..].to_string(),
        suffix: after[..suffix_end].to_string(),
    }
}

/// Number of Unicode code points in `s`.
pub fn code_points(s: &str) -> usize {
    s.chars().count()
}

/// Resolve a mark's anchors against the current articles (`None`: the article could not be
/// found or read): set its target indices, status and detail.
pub fn resolve(mark: &mut Mark, left: Option<&Article>, right: Option<&Article>) {
    resolve_in(mark, left, right, &mut Anchoring::default());
}

/// What re-anchoring needs of each article (its words, its paragraphs' hashes), computed once
/// per article for all the marks resolved through it ([`resolve_in`]). Articles are told
/// apart by id and content hash.
#[derive(Default)]
pub struct Anchoring {
    seen: std::collections::HashMap<(String, String), std::rc::Rc<Prepared>>,
}

#[derive(Default)]
struct Prepared {
    words: std::cell::OnceCell<Words>,
    hashes: std::cell::OnceCell<Vec<String>>,
}

impl Anchoring {
    fn prepared(&mut self, a: &Article) -> std::rc::Rc<Prepared> {
        self.seen
            .entry((a.id.clone(), a.hash.clone()))
            .or_default()
            .clone()
    }
}

/// [`resolve`], reusing what `anchoring` already computed of these articles.
pub fn resolve_in(
    mark: &mut Mark,
    left: Option<&Article>,
    right: Option<&Article>,
    anchoring: &mut Anchoring,
) {
    let (l, ldetail) = resolve_side("left", &mark.left, left, anchoring);
    let (r, rdetail) = resolve_side("right", &mark.right, right, anchoring);
    mark.anchor_status = worse(l.status, r.status);
    let details: Vec<String> = ldetail.into_iter().chain(rdetail).collect();
    mark.anchor_detail = (!details.is_empty()).then(|| details.join("; "));
    if let Target::Paragraphs {
        left: tl,
        right: tr,
        ..
    } = &mut mark.target
    {
        if mark.anchor_status != AnchorStatus::Orphaned {
            *tl = l.indices;
            *tr = r.indices;
        } else {
            *tl = mark.left.paragraphs.iter().map(|p| p.index).collect();
            *tr = mark.right.paragraphs.iter().map(|p| p.index).collect();
        }
    }
}

fn worse(a: AnchorStatus, b: AnchorStatus) -> AnchorStatus {
    let rank = |s| match s {
        AnchorStatus::Ok => 0,
        AnchorStatus::Reanchored => 1,
        AnchorStatus::Orphaned => 2,
    };
    if rank(a) >= rank(b) {
        a
    } else {
        b
    }
}

struct Side {
    status: AnchorStatus,
    indices: Vec<usize>,
}

/// Quotes of fewer words than this are found again only where their context matches too
/// (a short text such as "Reuters" or "***" occurs in many places).
pub const MIN_QUOTE_WORDS: usize = 10;

fn resolve_side(
    name: &str,
    anchor: &ArticleAnchor,
    article: Option<&Article>,
    anchoring: &mut Anchoring,
) -> (Side, Option<String>) {
    let Some(article) = article else {
        return (
            Side {
                status: AnchorStatus::Orphaned,
                indices: Vec::new(),
            },
            Some(format!("{name} article {} not found", anchor.id)),
        );
    };
    let changed = article.hash != anchor.hash;
    let finder = Finder {
        article,
        prep: anchoring.prepared(article),
    };
    let mut indices = Vec::with_capacity(anchor.paragraphs.len());
    let mut lost = Vec::new();
    let mut ambiguous = Vec::new();
    let mut moved = Vec::new();
    for p in &anchor.paragraphs {
        match finder.find(p, changed) {
            Found::At(i) => {
                if i != p.index {
                    moved.push(format!("¶{}→¶{i}", p.index));
                }
                indices.push(i);
            }
            Found::Lost => lost.push(p.index),
            Found::Ambiguous(at) => ambiguous.push(format!(
                "{name} ¶{} is ambiguous in the changed file (found at {})",
                p.index,
                para_list(&at)
            )),
        }
    }
    let status = if !lost.is_empty() || !ambiguous.is_empty() {
        AnchorStatus::Orphaned
    } else if changed || !moved.is_empty() {
        AnchorStatus::Reanchored
    } else {
        AnchorStatus::Ok
    };
    let detail = match status {
        AnchorStatus::Ok => None,
        AnchorStatus::Reanchored if moved.is_empty() => {
            Some(format!("{name} file changed since marked"))
        }
        AnchorStatus::Reanchored => Some(format!(
            "{name} file changed since marked: {}",
            moved.join(", ")
        )),
        AnchorStatus::Orphaned => {
            let mut parts = Vec::new();
            if !lost.is_empty() {
                parts.push(format!(
                    "{name} {} not found in the changed file",
                    para_list(&lost)
                ));
            }
            parts.extend(ambiguous);
            Some(parts.join("; "))
        }
    };
    (Side { status, indices }, detail)
}

/// Where a marked paragraph is in the current article.
#[derive(Debug, PartialEq)]
enum Found {
    At(usize),
    Lost,
    /// Found in several places that its context cannot tell apart.
    Ambiguous(Vec<usize>),
}

/// Finds marked paragraphs in one article. What it needs of the article (its words, its
/// paragraphs' hashes) is computed once, when first needed, in time linear in its size.
struct Finder<'a> {
    article: &'a Article,
    prep: std::rc::Rc<Prepared>,
}

/// The words of an article's text, in order: the hash of each one's normalised form, and the
/// paragraph it lies in; and each paragraph's range of words.
struct Words {
    hash: Vec<u64>,
    para: Vec<Option<usize>>,
    /// Per paragraph: its words are `range[i].0..range[i].1` (an empty range at the place of
    /// a paragraph without words).
    range: Vec<(usize, usize)>,
}

/// Hashes of the normalised words of `text`.
fn word_hashes(text: &str) -> Vec<u64> {
    crate::text::tokens::word_spans(text)
        .into_iter()
        .map(|(s, e)| word_key(&text[s..e]))
        .collect()
}

fn word_key(w: &str) -> u64 {
    crate::text::tokens::norm_hash_at(w, 0, w.len())
}

impl Words {
    fn of(article: &Article) -> Words {
        let text = &article.text;
        let spans = crate::text::tokens::word_spans(text);
        let mut order: Vec<(usize, usize, usize)> = article
            .paragraphs
            .iter()
            .map(|p| (p.start, p.end, p.index))
            .collect();
        order.sort_unstable();
        let mut range: Vec<Option<(usize, usize)>> = vec![None; article.paragraphs.len()];
        let mut hash = Vec::with_capacity(spans.len());
        let mut para = Vec::with_capacity(spans.len());
        let mut k = 0;
        for &(s, e) in &spans {
            while k < order.len() && order[k].1 <= s {
                k += 1;
            }
            let inside = order
                .get(k)
                .filter(|&&(ps, pe, _)| ps <= s && e <= pe)
                .map(|&(_, _, i)| i);
            if let Some(i) = inside {
                let r = range[i].get_or_insert((hash.len(), hash.len()));
                r.1 = hash.len() + 1;
            }
            hash.push(word_key(&text[s..e]));
            para.push(inside);
        }
        // A paragraph without words: an empty range where it stands.
        let range = range
            .into_iter()
            .zip(&article.paragraphs)
            .map(|(r, p)| {
                r.unwrap_or_else(|| {
                    let at = spans.partition_point(|&(s, _)| s < p.start);
                    (at, at)
                })
            })
            .collect();
        Words { hash, para, range }
    }
}

/// The context of a quote, as words: the complete words of its prefix and suffix (a word cut
/// by the 32-code-point limit is left out), and whether the prefix (suffix) reaches the start
/// (end) of the text, so that no words before (after) it is the context.
struct Context {
    before: Vec<u64>,
    at_start: bool,
    after: Vec<u64>,
    at_end: bool,
}

impl Context {
    fn of(q: &Quote) -> Context {
        let spans = |s: &str| crate::text::tokens::word_spans(s);
        let cut_before = code_points(&q.prefix) >= QUOTE_CONTEXT;
        let mut before: Vec<(usize, usize)> = spans(&q.prefix);
        if cut_before && before.first().is_some_and(|&(s, _)| s == 0) {
            before.remove(0);
        }
        let cut_after = code_points(&q.suffix) >= QUOTE_CONTEXT;
        let mut after: Vec<(usize, usize)> = spans(&q.suffix);
        if cut_after && after.last().is_some_and(|&(_, e)| e == q.suffix.len()) {
            after.pop();
        }
        Context {
            before: before
                .into_iter()
                .map(|(s, e)| word_key(&q.prefix[s..e]))
                .collect(),
            at_start: !cut_before,
            after: after
                .into_iter()
                .map(|(s, e)| word_key(&q.suffix[s..e]))
                .collect(),
            at_end: !cut_after,
        }
    }

    /// Whether the words before word `a` are the quote's context before it.
    fn before_ok(&self, w: &Words, a: usize) -> bool {
        match self.before.len() {
            0 => self.at_start && a == 0,
            n => a >= n && w.hash[a - n..a] == self.before[..],
        }
    }

    /// Whether the words from word `b` on are the quote's context after it.
    fn after_ok(&self, w: &Words, b: usize) -> bool {
        match self.after.len() {
            0 => self.at_end && b == w.hash.len(),
            n => b + n <= w.hash.len() && w.hash[b..b + n] == self.after[..],
        }
    }

    /// How many context words match around words `a..b`, from the quote outwards.
    fn score(&self, w: &Words, a: usize, b: usize) -> usize {
        let before = self
            .before
            .iter()
            .rev()
            .zip(w.hash[..a].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let after = self
            .after
            .iter()
            .zip(&w.hash[b..])
            .take_while(|(x, y)| x == y)
            .count();
        before + after
    }
}

/// Start positions of `needle` in `hay` (Knuth–Morris–Pratt: linear in both lengths).
fn occurrences(hay: &[u64], needle: &[u64]) -> Vec<usize> {
    if needle.is_empty() || needle.len() > hay.len() {
        return Vec::new();
    }
    let mut fail = vec![0usize; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = fail[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        fail[i] = k;
    }
    let mut out = Vec::new();
    k = 0;
    for (i, &h) in hay.iter().enumerate() {
        while k > 0 && h != needle[k] {
            k = fail[k - 1];
        }
        if h == needle[k] {
            k += 1;
        }
        if k == needle.len() {
            out.push(i + 1 - k);
            k = fail[k - 1];
        }
    }
    out
}

impl<'a> Finder<'a> {
    fn words(&self) -> &Words {
        self.prep.words.get_or_init(|| Words::of(self.article))
    }

    fn hashes(&self) -> &[String] {
        self.prep
            .hashes
            .get_or_init(|| self.article.paragraphs.iter().map(para_hash).collect())
    }

    /// Whether paragraph `i` holds the marked text as a whole: the same normalised words (for a
    /// paragraph without words, the same text).
    fn whole(&self, i: usize, p: &ParaAnchor, wordless: bool) -> bool {
        let q = &self.article.paragraphs[i];
        if wordless {
            q.words == 0 && self.article.text.get(q.start..q.end) == Some(p.quote.exact.as_str())
        } else if self.prep.hashes.get().is_none() && i == p.index {
            // The usual case, a mark still in place: no need to hash every paragraph.
            q.words > 0 && para_hash(q) == p.hash
        } else {
            q.words > 0 && self.hashes()[i] == p.hash
        }
    }

    /// Find a marked paragraph in the current article (see docs/marks.md, "Re-anchoring"):
    ///
    /// 1. at its recorded index, if the paragraph there holds the marked text as a whole (and,
    ///    for a short quote in a changed file, its context on one side at least);
    /// 2. else a paragraph holding the marked text as a whole (a short quote: with its context
    ///    on one side at least);
    /// 3. else the marked words inside one paragraph (a short quote: with its context on both
    ///    sides) — a paragraph merged with its neighbour;
    /// 4. else a paragraph between the marked context on both sides that shares at least half
    ///    of its distinct words with the marked text, and the marked text half of its own — a
    ///    paragraph edited lightly.
    ///
    /// Several candidates in one step: the one whose surroundings match the context best; a
    /// tie between paragraphs is [`Found::Ambiguous`].
    fn find(&self, p: &ParaAnchor, changed: bool) -> Found {
        let quote = word_hashes(&p.quote.exact);
        let wordless = quote.is_empty();
        let short = quote.len() < MIN_QUOTE_WORDS;
        let ctx = std::cell::OnceCell::new();
        let ctx = || ctx.get_or_init(|| Context::of(&p.quote));
        let one_side = |i: usize| {
            let (a, b) = self.words().range[i];
            ctx().before_ok(self.words(), a) || ctx().after_ok(self.words(), b)
        };
        let n = self.article.paragraphs.len();
        if p.index < n
            && self.whole(p.index, p, wordless)
            && (!changed || !short || one_side(p.index))
        {
            return Found::At(p.index);
        }
        // 2. The whole paragraph, elsewhere.
        let whole: Vec<(usize, usize, usize)> = (0..n)
            .filter(|&i| self.whole(i, p, wordless))
            .filter(|&i| !short || one_side(i))
            .map(|i| {
                let (a, b) = self.words().range[i];
                (i, a, b)
            })
            .collect();
        if !whole.is_empty() {
            return self.pick(&whole, ctx());
        }
        if wordless {
            return Found::Lost;
        }
        // 3. Inside a paragraph.
        let w = self.words();
        let inside: Vec<(usize, usize, usize)> = occurrences(&w.hash, &quote)
            .into_iter()
            .filter_map(|a| {
                let b = a + quote.len();
                let i = w.para[a]?;
                (w.para[b - 1] == Some(i)).then_some((i, a, b))
            })
            .filter(|&(_, a, b)| !short || (ctx().before_ok(w, a) && ctx().after_ok(w, b)))
            .collect();
        if !inside.is_empty() {
            return self.pick(&inside, ctx());
        }
        // 4. Between the context on both sides, edited lightly.
        self.between(&quote, ctx())
    }

    /// One of several places `(paragraph, first word, end word)`: the best context match.
    fn pick(&self, cands: &[(usize, usize, usize)], ctx: &Context) -> Found {
        if let [(i, _, _)] = cands {
            return Found::At(*i);
        }
        let w = self.words();
        let scored: Vec<(usize, usize)> = cands
            .iter()
            .map(|&(i, a, b)| (i, ctx.score(w, a, b)))
            .collect();
        let best = scored.iter().map(|&(_, s)| s).max().unwrap_or(0);
        let mut at: Vec<usize> = scored
            .iter()
            .filter(|&&(_, s)| s == best)
            .map(|&(i, _)| i)
            .collect();
        at.dedup();
        match at.as_slice() {
            [i] => Found::At(*i),
            _ => Found::Ambiguous(at),
        }
    }

    /// Step 4: a paragraph edited lightly between its unchanged context.
    fn between(&self, quote: &[u64], ctx: &Context) -> Found {
        let w = self.words();
        let n = w.hash.len();
        let checkable = |words: &[u64], edge: bool| !words.is_empty() || edge;
        if !checkable(&ctx.before, ctx.at_start) || !checkable(&ctx.after, ctx.at_end) {
            return Found::Lost;
        }
        // Where the context before ends, and where the context after starts.
        let ends: Vec<usize> = if ctx.before.is_empty() {
            vec![0]
        } else {
            occurrences(&w.hash, &ctx.before)
                .into_iter()
                .map(|s| s + ctx.before.len())
                .collect()
        };
        let starts: Vec<usize> = if ctx.after.is_empty() {
            vec![n]
        } else {
            occurrences(&w.hash, &ctx.after)
        };
        // Each end with the nearest start after it (gaps that do not overlap: linear in all).
        let mut gaps: Vec<(usize, usize)> = Vec::new();
        for &f in &starts {
            let k = ends.partition_point(|&e| e <= f);
            if k == 0 {
                continue;
            }
            let e = ends[k - 1];
            if gaps.last().is_some_and(|&(le, _)| le == e) {
                continue;
            }
            gaps.push((e, f));
        }
        let wanted: HashSet<u64> = quote.iter().copied().collect();
        let mut cands: Vec<(usize, usize)> = Vec::new();
        for (e, f) in gaps {
            if e >= f {
                continue; // nothing between: the paragraph was deleted
            }
            let Some(i) = w.para[e] else { continue };
            if w.para[f - 1] != Some(i) {
                continue;
            }
            let have: HashSet<u64> = w.hash[e..f].iter().copied().collect();
            let shared = have.intersection(&wanted).count();
            if shared * 2 >= wanted.len() && shared * 2 >= have.len() {
                cands.push((i, shared));
            }
        }
        let best = cands.iter().map(|&(_, s)| s).max();
        let mut at: Vec<usize> = cands
            .iter()
            .filter(|&&(_, s)| Some(s) == best)
            .map(|&(i, _)| i)
            .collect();
        at.dedup();
        match at.as_slice() {
            [] => Found::Lost,
            [i] => Found::At(*i),
            _ => Found::Ambiguous(at),
        }
    }
}

/// The current time, RFC 3339 in UTC with milliseconds: `2025-03-27T14:05:09.042Z`.
pub fn now_rfc3339() -> String {
    rfc3339(SystemTime::now())
}

/// A time as RFC 3339 in UTC with milliseconds.
pub fn rfc3339(t: SystemTime) -> String {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, day) = crate::corpus::meta::civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
        d.subsec_millis()
    )
}

/// Milliseconds since 1970-01-01 UTC (before it too) as RFC 3339 in UTC with milliseconds.
pub fn rfc3339_of_millis(ms: i64) -> String {
    let (secs, millis) = (ms.div_euclid(1000), ms.rem_euclid(1000));
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, day) = crate::corpus::meta::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60,
    )
}

/// An RFC 3339 time ([`is_rfc3339`]) as milliseconds since 1970-01-01 UTC, its offset applied;
/// `None` when it is not one (or the date does not exist).
pub fn rfc3339_millis(s: &str) -> Option<i64> {
    if !is_rfc3339(s) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60
    {
        return None;
    }
    let mut i = 19;
    let mut millis = 0;
    if s.as_bytes()[i] == b'.' {
        let digits: String = s[i + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        i += 1 + digits.len();
        millis = format!("{digits:0<3}")[..3].parse::<i64>().ok()?;
    }
    let offset_min = match s.as_bytes()[i] {
        b'+' | b'-' => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            let sign = if s.as_bytes()[i] == b'-' { -1 } else { 1 };
            sign * (oh * 60 + om)
        }
        _ => 0,
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    let secs = days * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some(secs * 1000 + millis)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// (year, month, day) to days since 1970-01-01, proleptic Gregorian (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether `s` is an RFC 3339 date-time (`YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`).
pub fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && (at(10, b'T') || at(10, b't'))
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19))
    {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1..i + 3) && at(i + 3, b':') && digits(i + 4..i + 6) && i + 6 == b.len()
        }
        _ => false,
    }
}

/// The author to record: `PARALLAX_AUTHOR`, else `author` in the config file ([`config_path`]),
/// else the login name (`$USER`, `$LOGNAME`), else `unknown`. A config file that cannot be
/// read is passed over here; [`author_from_config`] reports it.
pub fn default_author() -> String {
    env_author()
        .or_else(|| author_from_config().ok().flatten())
        .or_else(login_name)
        .unwrap_or_else(|| "unknown".to_string())
}

/// Like [`default_author`], but a config file that exists and cannot be read or parsed is an
/// error (the command line reports it rather than record the wrong author).
pub fn author() -> anyhow::Result<String> {
    if let Some(a) = env_author() {
        return Ok(a);
    }
    Ok(author_from_config()?
        .or_else(login_name)
        .unwrap_or_else(|| "unknown".to_string()))
}

fn env_author() -> Option<String> {
    nonempty(std::env::var("PARALLAX_AUTHOR").ok())
}

fn login_name() -> Option<String> {
    nonempty(std::env::var("USER").ok()).or_else(|| nonempty(std::env::var("LOGNAME").ok()))
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// The config file: `$PARALLAX_CONFIG`, else `$XDG_CONFIG_HOME/parallax/config.toml`, else
/// `~/.config/parallax/config.toml`.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PARALLAX_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".config")))?;
    Some(base.join("parallax").join("config.toml"))
}

/// `author = "…"` from the config file; `None` when there is no file or no author in it.
pub fn author_from_config() -> anyhow::Result<Option<String>> {
    #[derive(Deserialize)]
    struct Config {
        author: Option<String>,
    }
    let Some(path) = config_path() else {
        return Ok(None);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => anyhow::bail!("cannot read config file {}: {e}", path.display()),
    };
    let config: Config = toml::from_str(&text).map_err(|e| {
        let msg = e.message().to_string();
        anyhow::anyhow!("config file {}: {msg}", path.display())
    })?;
    Ok(nonempty(config.author))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn rfc3339_known_instants() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        // 2022-03-27T14:05:09.042Z
        let t = UNIX_EPOCH + Duration::from_millis(1_648_389_909_042);
        assert_eq!(rfc3339(t), "2022-03-27T14:05:09.042Z");
        for s in ["2022-03-27T16:05:09.042+02:00", "2022-03-27t14:05:09.042z"] {
            let ms = rfc3339_millis(s).unwrap();
            assert_eq!(rfc3339_of_millis(ms), "2022-03-27T14:05:09.042Z", "{s}");
        }
        assert_eq!(rfc3339_of_millis(-1), "1969-12-31T23:59:59.999Z");
        // A leap day.
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(rfc3339(t), "2000-02-29T00:00:00.000Z");
        assert!(is_rfc3339(&now_rfc3339()));
    }

    #[test]
    fn rfc3339_times_read_back() {
        let t = UNIX_EPOCH + Duration::from_millis(1_648_389_909_042);
        assert_eq!(rfc3339_millis(&rfc3339(t)), Some(1_648_389_909_042));
        assert_eq!(rfc3339_millis("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(rfc3339_millis("1970-01-01T02:00:00+02:00"), Some(0));
        assert_eq!(rfc3339_millis("1969-12-31T23:00:00.5-01:00"), Some(500));
        assert_eq!(
            rfc3339_millis("2000-02-29T00:00:00Z"),
            Some(951_782_400_000)
        );
        assert!(rfc3339_millis("9999-12-31T23:59:59.999Z").unwrap() > 253_402_300_000_000);
        for bad in [
            "2001-02-29T00:00:00Z",
            "2022-13-01T00:00:00Z",
            "2022-01-01T25:00:00Z",
            "x",
        ] {
            assert_eq!(rfc3339_millis(bad), None, "{bad}");
        }
    }

    #[test]
    fn rfc3339_checker() {
        for ok in [
            "2022-03-27T14:05:09Z",
            "2022-03-27T14:05:09.042Z",
            "2022-03-27T14:05:09+02:00",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "",
            "2022-03-27",
            "2022-03-27 14:05:09Z",
            "2022-03-27T14:05:09",
            "2022-03-27T14:05:09.Z",
            "2022-03-27T14:05:09Zjunk",
            "yesterday",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn quote_context_is_cut_on_characters() {
        let text = "ééééééééééééééééééééééééééééééééééé [mark] 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂";
        let s = text.find("[mark]").unwrap();
        let q = quote(text, s, s + 6);
        assert_eq!(q.exact, "[mark]");
        assert_eq!(code_points(&q.prefix), QUOTE_CONTEXT);
        assert!(q.prefix.ends_with("é "));
        assert_eq!(code_points(&q.suffix), QUOTE_CONTEXT);
        assert!(q.suffix.starts_with(" 🙂"));
        let q = quote("ab", 0, 1);
        assert_eq!((q.prefix.as_str(), q.suffix.as_str()), ("", "b"));
    }

    #[test]
    fn occurrences_match_a_naive_search() {
        let mut x: u64 = 7;
        for round in 0..200 {
            let mut next = || {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 33) % 3
            };
            let hay: Vec<u64> = (0..(round % 40)).map(|_| next()).collect();
            let needle: Vec<u64> = (0..(1 + round % 4)).map(|_| next()).collect();
            let naive: Vec<usize> = (0..hay.len().saturating_sub(needle.len() - 1))
                .filter(|&i| hay[i..].starts_with(&needle))
                .collect();
            assert_eq!(occurrences(&hay, &needle), naive, "{hay:?} {needle:?}");
        }
        assert!(occurrences(&[1, 2], &[]).is_empty());
    }

    #[test]
    fn context_leaves_out_words_cut_by_the_limit() {
        let text = "Alpha bravo charlie delta echo foxtrot golf.\n\nReuters\n\nHotel india juliet kilo lima mike november";
        let s = text.find("Reuters").unwrap();
        let q = quote(text, s, s + "Reuters".len());
        let c = Context::of(&q);
        // 32 code points before: "rlie delta echo foxtrot golf.\n\n" — "rlie" is cut.
        assert_eq!(c.before, word_hashes("delta echo foxtrot golf"));
        assert!(!c.at_start);
        assert_eq!(c.after, word_hashes("hotel india juliet kilo lima"));
        let q = quote("Reuters\n\nshort end", 0, 7);
        let c = Context::of(&q);
        assert!(c.at_start && c.at_end && c.before.is_empty());
        assert_eq!(c.after, word_hashes("short end"));
    }

    #[test]
    fn para_lists_fold_ranges() {
        assert_eq!(para_list(&[3]), "¶3");
        assert_eq!(para_list(&[3, 4, 5]), "¶3-5");
        assert_eq!(para_list(&[1, 3, 4]), "¶1, ¶3-4");
        assert_eq!(para_list(&[]), "");
    }

    #[test]
    fn labels_parse_and_refuse() {
        assert_eq!(
            PairLabel::parse("copy", Some(CopySource::Left)),
            Ok(PairLabel::Copy(CopySource::Left))
        );
        assert_eq!(
            PairLabel::parse("copy", None),
            Ok(PairLabel::Copy(CopySource::Unknown))
        );
        assert!(PairLabel::parse("same-story", Some(CopySource::Left))
            .unwrap_err()
            .contains("applies to 'copy'"));
        assert!(PairLabel::parse("near-duplicate", None).is_err());
        assert!(ParaLabel::parse("copy").is_err());
        assert_eq!(ParaLabel::parse("paraphrase"), Ok(ParaLabel::Paraphrase));
        for name in PairLabel::NAMES {
            assert_eq!(PairLabel::parse(name, None).unwrap().as_str(), name);
        }
        for name in ParaLabel::NAMES {
            assert_eq!(ParaLabel::parse(name).unwrap().as_str(), name);
        }
        assert!(Target::from_parts("paragraphs", "distinct", None, vec![], vec![1]).is_err());
        assert!(Target::from_parts("whatever", "distinct", None, vec![1], vec![1]).is_err());
    }
}
