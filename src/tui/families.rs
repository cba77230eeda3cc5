//! The families screen (`f` from the article list or the pairs screen): groups of articles
//! linked by copy or containment (`parallax scan --clusters`, docs/provenance.md), each with
//! its likely original and its members in likely order. Families are worked out off the UI
//! thread ([`Effect::Families`]) from the pairs screen's data once the pairs' provenance has
//! arrived, and again when a pair verdict changes (a person's copy mark sets a direction).

use super::action::Action;
use super::state::{copy_label_original, App, Screen, Status};
use super::update::{open_compare, Effect};
use parallax_core::provenance::families::{self, Family, Link, LINK_SHARE};
use parallax_core::provenance::{Direction, Provenance, SetBy};
use std::collections::HashMap;

/// A pair as the families worker needs it: ids, shares and its direction, if any
/// (direction, confidence, who set it).
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyLink {
    pub left: String,
    pub right: String,
    pub left_in_right: f64,
    pub right_in_left: f64,
    pub direction: Option<(Direction, f64, SetBy)>,
}

/// The families screen's state.
#[derive(Debug, Clone, PartialEq)]
pub struct FamiliesView {
    /// The families, best known; `None` while they are being worked out the first time.
    pub families: Option<Vec<Family>>,
    /// The pairs' provenance has arrived: families can be worked out.
    pub ready: bool,
    /// Of the latest request; older answers are dropped.
    pub generation: u64,
    /// Position among all members of all families, in screen order.
    pub cursor: usize,
    /// First screen line of the list.
    pub top: usize,
    /// Where `q`/Esc go back to.
    pub back: Screen,
    /// The screen's lines for `families` (worked out once, when they arrive).
    pub rows: Vec<Row>,
    /// The line of each member, by its position among all members.
    pub member_lines: Vec<usize>,
}

impl Default for FamiliesView {
    fn default() -> FamiliesView {
        FamiliesView {
            families: None,
            ready: false,
            generation: 0,
            cursor: 0,
            top: 0,
            back: Screen::Picker,
            rows: Vec::new(),
            member_lines: Vec::new(),
        }
    }
}

/// One line of the families screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A family's first line (index into the families).
    Family(usize),
    /// A member: family, member, its position among all members (the cursor's unit).
    Member(usize, usize, usize),
    /// Between two families.
    Gap,
}

/// The screen's lines, in order.
pub fn rows(fams: &[Family]) -> Vec<Row> {
    let mut out = Vec::new();
    let mut n = 0;
    for (f, fam) in fams.iter().enumerate() {
        if f > 0 {
            out.push(Row::Gap);
        }
        out.push(Row::Family(f));
        for m in 0..fam.members.len() {
            out.push(Row::Member(f, m, n));
            n += 1;
        }
    }
    out
}

/// Whether the direction to this member was set by a person's copy mark (`copy --source`).
pub fn set_by_person(fam: &Family, id: &str) -> bool {
    fam.edges
        .iter()
        .any(|e| e.set_by == SetBy::Person && e.copy == id)
}

/// The member a member is compared with: the family's original, else (no link has a
/// direction) its first member.
pub fn reference(fam: &Family) -> Option<&str> {
    fam.original
        .as_deref()
        .or_else(|| fam.members.first().map(|m| m.id.as_str()))
}

/// The families of these pairs (what `scan --clusters` works out), on a worker thread.
pub fn work_out(links: &[FamilyLink], dates: &HashMap<String, String>) -> Vec<Family> {
    let provs: Vec<Option<Provenance>> = links
        .iter()
        .map(|l| {
            l.direction
                .map(|(direction, confidence, set_by)| Provenance {
                    direction,
                    confidence,
                    set_by,
                    evidence: Vec::new(),
                    credited: None,
                    credited_words: None,
                    credited_paragraph: None,
                })
        })
        .collect();
    let links: Vec<Link> = links
        .iter()
        .zip(&provs)
        .map(|(l, p)| Link {
            left: &l.left,
            right: &l.right,
            left_in_right: l.left_in_right,
            right_in_left: l.right_in_left,
            provenance: p.as_ref(),
        })
        .collect();
    families::families(&links, dates)
}

/// Ask for the families of the scan's pairs as they stand (their provenance, a person's copy
/// mark winning), if the provenance has arrived. Only pairs that can link are sent.
pub fn request(app: &mut App) -> Vec<Effect> {
    if !app.families.ready {
        return Vec::new();
    }
    app.families.generation += 1;
    let s = &app.scan;
    let mut links = Vec::new();
    let mut dates = HashMap::new();
    for p in &s.pairs {
        let marked = s
            .label(&p.left, &p.right)
            .and_then(copy_label_original)
            .and_then(|o| {
                if o == p.left {
                    Some(Direction::LeftIsSource)
                } else if o == p.right {
                    Some(Direction::RightIsSource)
                } else {
                    None
                }
            });
        if marked.is_none() && p.left_in_right.max(p.right_in_left) < LINK_SHARE {
            continue;
        }
        let direction = match marked {
            Some(d) => Some((d, 1.0, SetBy::Person)),
            None => p
                .provenance
                .as_ref()
                .map(|v| (v.direction, v.confidence, v.set_by)),
        };
        for id in [&p.left, &p.right] {
            if dates.contains_key(id) {
                continue;
            }
            if let Some(d) = s
                .entry_of
                .get(id)
                .and_then(|&i| app.picker.entries.get(i))
                .and_then(|e| e.article.meta.date.clone())
            {
                dates.insert(id.clone(), d);
            }
        }
        links.push(FamilyLink {
            left: p.left.clone(),
            right: p.right.clone(),
            left_in_right: p.left_in_right,
            right_in_left: p.right_in_left,
            direction,
        });
    }
    vec![Effect::Families {
        generation: app.families.generation,
        links,
        dates,
    }]
}

/// Families worked out: shown if they answer the latest request.
pub fn arrived(app: &mut App, generation: u64, fams: Vec<Family>) {
    let v = &mut app.families;
    if generation != v.generation {
        return;
    }
    // The cursor stays on the member it was on (families and members reorder when a person
    // sets a direction, or a new scan links more articles), else on the same position.
    let under = current(v).map(|(f, m)| f.members[m].id.clone());
    let n: usize = fams.iter().map(|f| f.members.len()).sum();
    let again = under.and_then(|id| {
        fams.iter()
            .flat_map(|f| f.members.iter())
            .position(|m| m.id == id)
    });
    v.cursor = again.unwrap_or(v.cursor).min(n.saturating_sub(1));
    v.rows = rows(&fams);
    v.member_lines = (v.rows.iter().enumerate())
        .filter(|(_, r)| matches!(r, Row::Member(..)))
        .map(|(line, _)| line)
        .collect();
    v.families = Some(fams);
    let page = page(app.size.1);
    keep_in_view(&mut app.families, page);
}

/// A new scan: its families are worked out again when its provenance arrives.
pub fn reset(app: &mut App) {
    let back = app.families.back;
    app.families = FamiliesView {
        back,
        ..FamiliesView::default()
    };
}

/// Open the families screen from `from`.
pub fn open(app: &mut App, from: Screen) {
    app.families.back = from;
    app.screen = Screen::Families;
}

/// Lines of the list on a screen of `lines` lines (title, column heads and status bar off).
pub fn page(lines: u16) -> usize {
    (lines as usize).saturating_sub(3).max(1)
}

/// The screen line of the member under the cursor.
fn cursor_line(v: &FamiliesView) -> Option<usize> {
    v.families.as_ref()?;
    v.member_lines.get(v.cursor).copied()
}

/// Scroll so that the cursor's line shows (with its family's first line when it is the
/// first member).
fn keep_in_view(v: &mut FamiliesView, page: usize) {
    let Some(line) = cursor_line(v) else {
        v.top = 0;
        return;
    };
    let first = match line.checked_sub(1).map(|k| v.rows[k]) {
        Some(Row::Family(_)) => line - 1,
        _ => line,
    };
    if first < v.top {
        v.top = first;
    } else if line >= v.top + page {
        v.top = line + 1 - page;
    }
}

/// The family and member under the cursor.
pub fn current(v: &FamiliesView) -> Option<(&Family, usize)> {
    let fams = v.families.as_ref()?;
    match v.rows[*v.member_lines.get(v.cursor)?] {
        Row::Member(f, m, _) => Some((&fams[f], m)),
        _ => None,
    }
}

fn say(app: &mut App, text: &str, error: bool) {
    app.status = Some(Status {
        text: text.to_string(),
        error,
    });
}

/// Keys on the families screen.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let page = page(app.size.1);
    let v = &mut app.families;
    let n: usize = v
        .families
        .as_ref()
        .map_or(0, |f| f.iter().map(|f| f.members.len()).sum());
    let mv = |v: &mut FamiliesView, to: isize| {
        v.cursor = to.clamp(0, n.saturating_sub(1) as isize) as usize;
        keep_in_view(v, page);
    };
    if let Some(to) = crate::tui::update::list_target(&action, v.cursor, page) {
        mv(v, to);
        return Vec::new();
    }
    match action {
        Action::Back | Action::Quit => app.screen = v.back,
        Action::Pick => return compare_with_original(app),
        _ => {}
    }
    Vec::new()
}

/// Enter: the comparison of the member under the cursor with its family's original (left).
fn compare_with_original(app: &mut App) -> Vec<Effect> {
    let Some((fam, m)) = current(&app.families) else {
        return Vec::new();
    };
    let member = fam.members[m].id.clone();
    let Some(orig) = reference(fam).map(str::to_string) else {
        return Vec::new();
    };
    if orig == member {
        let what = if fam.original.is_some() {
            "this is the family's likely original: pick another member to compare it with"
        } else {
            "this is the family's first member: pick another member to compare it with"
        };
        say(app, what, false);
        return Vec::new();
    }
    use crate::tui::update::Whole;
    let found = match crate::tui::update::whole(app, &[&orig, &member], Action::Pick) {
        Whole::Held(v) => Some((v[0].clone(), v[1].clone())),
        Whole::Reading(e) => return e,
        Whole::Gone => None,
    };
    let Some((a, b)) = found else {
        say(
            app,
            "this family's articles are no longer in the list",
            true,
        );
        return Vec::new();
    };
    let effects = open_compare(app, a, b);
    if let Some(cv) = app.compare.as_mut() {
        cv.back = Screen::Families;
    }
    effects
}
