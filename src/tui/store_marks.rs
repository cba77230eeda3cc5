//! The reader's marks, kept in the crash-safe store ([`parallax_core::marks::store::Store`]): the
//! [`super::Marks`] the runtime calls, in the terms of the sides on screen.

use super::state::{ExportFormat, ListedMark, RowLabel, ShownMark, Verdict};
use super::Marks;
use crate::report::styled::para_list;
use anyhow::Result;
use parallax_core::corpus::Corpus;
use parallax_core::marks::export::{self, Format};
use parallax_core::marks::store::Store;
use parallax_core::marks::{CopySource, Mark, PairLabel, ParaLabel, Target};
use parallax_core::Article;
use std::path::Path;
use std::sync::Arc;

/// The author [`parallax_core::marks::default_author`] falls back to when none is known.
const UNKNOWN: &str = "unknown";

pub struct StoreMarks {
    pub store: Store,
    /// The corpus listing, shared with the store and the reader (not a copy); `None` until the
    /// reader's loader has walked the folder ([`super::Marks::listed`]).
    pub corpus: Option<Arc<Corpus>>,
    pub author: String,
    /// The changes this reader made, oldest first ([`Store::last_change`]): `u` undoes these
    /// only, never a change made meanwhile by another process or before the reader started.
    pub session: Vec<i64>,
    /// The undos `u` made, newest last, that `Ctrl-r` can redo; a new change clears them.
    pub redo: Vec<i64>,
    /// False when the author is the fallback `unknown` (nothing configured): the reader then
    /// asks for a name before the first mark.
    pub author_known: bool,
}

impl StoreMarks {
    /// Open the store at `path` for the corpus (the store is created on first use).
    pub fn open(path: &Path, corpus: impl Into<Arc<Corpus>>, author: String) -> Result<StoreMarks> {
        let mut m = StoreMarks::unlisted(path, author)?;
        m.listed(corpus.into());
        Ok(m)
    }

    /// Open the store at `path` before the corpus folder is listed (the reader's first frame
    /// does not wait for the walk): [`super::Marks::listed`] gives the listing when it comes;
    /// until then what needs it (the marks list, notes, exports) says so rather than guess.
    pub fn unlisted(path: &Path, author: String) -> Result<StoreMarks> {
        Ok(StoreMarks::over(Store::open(path)?, author))
    }

    /// The reader's marks over an open store, as `author`.
    fn over(store: Store, author: String) -> StoreMarks {
        StoreMarks {
            author_known: author != UNKNOWN,
            store,
            corpus: None,
            author,
            session: Vec::new(),
            redo: Vec::new(),
        }
    }

    /// The listing, or why what needs it cannot be done yet.
    fn listing(&self) -> Result<&Corpus> {
        self.corpus.as_deref().ok_or_else(|| {
            anyhow::anyhow!("the corpus folder is still being listed; try again in a moment")
        })
    }

    /// Keep the change the last call made, if it made one; whether it did.
    fn made_change(&mut self, before: Option<i64>) -> bool {
        match self.store.last_change() {
            Some(seq) if Some(seq) != before => {
                self.session.push(seq);
                self.redo.clear();
                true
            }
            _ => false,
        }
    }
}

impl StoreMarks {
    /// What `u` would undo now, in a few words (`the note on #4`, `marking #4`), if anything.
    fn next_undo(&self) -> Option<String> {
        let what = self.store.undo_preview_among(&self.session).ok()??;
        let id = what
            .rsplit_once("(#")
            .and_then(|(_, t)| t.split(')').next())
            .map(|n| format!("#{n}"))
            .unwrap_or_default();
        Some(if what.starts_with("the note on") {
            format!("the note on {id}")
        } else if what.starts_with("marked") {
            format!("marking {id}")
        } else if what.starts_with("deleted") {
            format!("deleting {id}")
        } else {
            short_ids(&what)
        })
    }

    /// `text`, then what `u` would undo now: `… · u undoes: the note on #4`.
    fn with_undo_hint(&self, text: String) -> String {
        match self.next_undo() {
            Some(what) => format!("{text} · u undoes: {what}"),
            None => text,
        }
    }

    /// Open an existing store at `path` read-only (a read-only or full disk): its marks are
    /// shown, and marking says why it cannot save. `None` when there is no store. Unlisted, as
    /// [`StoreMarks::unlisted`].
    pub fn open_read_only(path: &Path, author: String) -> Result<Option<StoreMarks>> {
        Ok(Store::open_read_only(path)?.map(|store| StoreMarks::over(store, author)))
    }
}

/// A store's description without the article ids (the pair is on screen), for the status
/// bar: `the note on duplicate 004_… ¶3 ↔ 002_… ¶5 (#4)` → `the note on duplicate ¶3 ↔ ¶5
/// (#4)`.
fn short_ids(text: &str) -> String {
    let is_id = |w: &str| {
        w.find('_')
            .is_some_and(|p| w.len() > p + 9 && w[p + 1..].chars().all(|c| c.is_ascii_hexdigit()))
    };
    let words: Vec<&str> = text.split(' ').filter(|w| !is_id(w)).collect();
    // A `↔` left between no paragraphs (a pair mark) goes too.
    let mut out: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if *w == "↔" && !words.get(i + 1).is_some_and(|n| n.starts_with('¶')) {
            continue;
        }
        out.push(w);
    }
    out.join(" ")
}

fn para_label(l: RowLabel) -> ParaLabel {
    match l {
        RowLabel::Duplicate => ParaLabel::Duplicate,
        RowLabel::NearDuplicate => ParaLabel::NearDuplicate,
        RowLabel::Paraphrase => ParaLabel::Paraphrase,
        RowLabel::Distinct => ParaLabel::Distinct,
    }
}

fn pair_label(v: Verdict) -> PairLabel {
    match v {
        Verdict::CopyLeftIsSource => PairLabel::Copy(CopySource::Left),
        Verdict::CopyRightIsSource => PairLabel::Copy(CopySource::Right),
        Verdict::CopyUnknown => PairLabel::Copy(CopySource::Unknown),
        Verdict::Duplicate => PairLabel::Duplicate,
        Verdict::SameStory => PairLabel::SameStory,
        Verdict::Unrelated => PairLabel::Unrelated,
    }
}

fn format(f: ExportFormat) -> Format {
    match f {
        ExportFormat::Json => Format::Json,
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Md => Format::Md,
        ExportFormat::W3c => Format::W3c,
    }
}

/// A pair label as the reader writes it (`ShownMark::mirrored` flips the copy direction).
fn pair_text(l: PairLabel) -> String {
    match l {
        PairLabel::Copy(CopySource::Left) => "copy (left is the source)".into(),
        PairLabel::Copy(CopySource::Right) => "copy (right is the source)".into(),
        PairLabel::Copy(CopySource::Unknown) => "copy (direction unknown)".into(),
        l => l.as_str().into(),
    }
}

/// A stored mark as shown, oriented so that `left_id` is on the left.
pub fn shown(m: &Mark, left_id: &str) -> ShownMark {
    let s = match &m.target {
        Target::Pair(l) => ShownMark {
            id: m.id,
            pair: true,
            label: pair_text(*l),
            left: Vec::new(),
            right: Vec::new(),
            note: m.note.clone(),
            anchor: m.anchor_status.as_str().into(),
        },
        Target::Paragraphs { left, right, label } => ShownMark {
            id: m.id,
            pair: false,
            label: label.as_str().into(),
            left: left.clone(),
            right: right.clone(),
            note: m.note.clone(),
            anchor: m.anchor_status.as_str().into(),
        },
    };
    if m.left_id == left_id {
        s
    } else {
        s.mirrored()
    }
}

impl Marks for StoreMarks {
    fn pair_marks(&self, left: &Article, right: &Article) -> Result<Vec<ShownMark>> {
        let marks = self.store.for_articles(left, right)?;
        Ok(marks.iter().map(|m| shown(m, &left.id)).collect())
    }

    fn counts(&self) -> Result<Vec<(String, usize)>> {
        let mut v: Vec<(String, usize)> = self.store.counts_by_article()?.into_iter().collect();
        v.sort();
        Ok(v)
    }

    fn pair_labels(&self) -> Result<Vec<(String, String, String)>> {
        let mut labels = self.store.pair_labels()?;
        // A copy mark that names the original says which, for the pairs screen's SRC column
        // (a person's direction wins over the inferred one): "copy: ID is the original".
        let sources = self.store.copy_sources()?;
        for (l, r, label) in labels.iter_mut() {
            if label != "copy" {
                continue;
            }
            let found = sources
                .iter()
                .rev()
                .find(|(a, b, _, _)| (a == l && b == r) || (a == r && b == l));
            if let Some((a, b, source, _)) = found {
                let original = if source == "left" { a } else { b };
                *label = crate::tui::state::copy_label(original);
            }
        }
        Ok(labels)
    }

    fn mark_row(
        &mut self,
        left: &Article,
        right: &Article,
        left_paras: &[usize],
        right_paras: &[usize],
        label: RowLabel,
    ) -> Result<String> {
        let target = Target::Paragraphs {
            left: left_paras.to_vec(),
            right: right_paras.to_vec(),
            label: para_label(label),
        };
        let before = self.store.last_change();
        let m = self.store.add(left, right, target, None, &self.author)?;
        let text = if self.made_change(before) {
            format!(
                "marked {} {} ↔ {} (#{}) · saved",
                label.name(),
                para_list(left_paras),
                para_list(right_paras),
                m.id
            )
        } else {
            // Nothing recorded: `u` still undoes the change made before.
            format!("already marked {} (#{})", label.name(), m.id)
        };
        Ok(self.with_undo_hint(text))
    }

    fn mark_pair(&mut self, left: &Article, right: &Article, verdict: Verdict) -> Result<String> {
        let label = pair_label(verdict);
        let before = self.store.last_change();
        let m = self
            .store
            .add(left, right, Target::Pair(label), None, &self.author)?;
        let what = format!("the pair: {} (#{})", pair_text(label), m.id);
        let text = if self.made_change(before) {
            format!("marked {what} · saved")
        } else {
            format!("already marked {what}")
        };
        Ok(self.with_undo_hint(text))
    }

    fn set_note(&mut self, mark_id: i64, note: Option<&str>) -> Result<String> {
        self.listing()?;
        let before = self.store.last_change();
        self.store.set_note(mark_id, note, &self.author)?;
        let text = if !self.made_change(before) {
            format!("the note on #{mark_id} is unchanged")
        } else if note.is_some() {
            format!("note saved on #{mark_id}")
        } else {
            format!("note removed from #{mark_id}")
        };
        Ok(self.with_undo_hint(text))
    }

    /// Undo the last change this reader made (not one made elsewhere, even by the same
    /// author: `parallax undo` does that).
    fn undo(&mut self) -> Result<String> {
        let before = self.store.last_change();
        Ok(match self.store.undo_among(&self.session, &self.author)? {
            Some(what) => {
                if let Some(seq) = self.store.last_change().filter(|&s| Some(s) != before) {
                    self.redo.push(seq);
                }
                let what = format!("{} · Ctrl-r redoes it", short_ids(&what));
                match self.next_undo() {
                    Some(next) => format!("{what} · next u: {next}"),
                    None => what,
                }
            }
            None if self.session.is_empty() => {
                "nothing to undo: no change made in this reader (parallax undo undoes earlier ones)"
                    .into()
            }
            None => "nothing left to undo of this reader's changes".into(),
        })
    }

    fn list(&self) -> Result<Vec<ListedMark>> {
        self.listing()?;
        Ok(self
            .store
            .current()?
            .iter()
            .map(|m| {
                let (what, left_para) = match &m.target {
                    Target::Pair(l) => (pair_text(*l), None),
                    Target::Paragraphs { left, right, label } => (
                        format!(
                            "{} {} ↔ {}",
                            label.as_str(),
                            para_list(left),
                            para_list(right)
                        ),
                        left.first().copied(),
                    ),
                };
                ListedMark {
                    id: m.id,
                    left_id: m.left_id.clone(),
                    right_id: m.right_id.clone(),
                    what,
                    left_para,
                    note: m.note.clone(),
                    author: m.author.clone(),
                    anchor: m.anchor_status.as_str().into(),
                }
            })
            .collect())
    }

    fn delete(&mut self, mark_id: i64) -> Result<String> {
        let before = self.store.last_change();
        self.store.delete(mark_id, &self.author)?;
        self.made_change(before);
        Ok(self.with_undo_hint(format!("deleted mark #{mark_id}")))
    }

    fn listed(&mut self, corpus: Arc<Corpus>) {
        self.store.set_corpus(Arc::clone(&corpus));
        self.corpus = Some(corpus);
    }

    fn author_known(&self) -> bool {
        self.author_known
    }

    fn set_author(&mut self, name: String) {
        self.author = name;
        self.author_known = true;
    }

    /// Redo what `u` last undid in this reader.
    fn redo(&mut self) -> Result<String> {
        let Some(&undo) = self.redo.last() else {
            return Ok("nothing to redo: Ctrl-r redoes what u undid in this reader".into());
        };
        let before = self.store.last_change();
        let what = self.store.redo(undo, &self.author)?;
        self.redo.pop();
        if let Some(seq) = self.store.last_change().filter(|&s| Some(s) != before) {
            self.session.push(seq);
        }
        Ok(self.with_undo_hint(short_ids(&what)))
    }

    fn export(&self, f: ExportFormat, path: &str) -> Result<String> {
        let corpus = self.listing()?;
        let n = self.store.current()?.len();
        // The command line's rules: no article of the corpus is overwritten (the reader has
        // no --force), devices and FIFOs are written through, links followed.
        let dest = export::write_file(&self.store, corpus, format(f), Path::new(path), false)?;
        Ok(format!(
            "exported {} as {} to {}",
            crate::report::styled::count(n, "mark"),
            f.name(),
            dest.describe()
        ))
    }
}
