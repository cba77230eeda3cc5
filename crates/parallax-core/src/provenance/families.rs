//! Families: connected groups of articles linked by copy or containment, with the likely
//! original, the members in likely order and what each took from the original.
//!
//! A pair links two articles when one of them has at least [`LINK_SHARE`] of its text in the
//! other, or when an analyst marked it a copy with its source. A family is a connected group
//! of two or more articles. Its original is the member that is most often a source and least
//! often a copy among the family's directed links (ties: the earliest date, then the smallest
//! id); members follow in order of their distance from the original along source → copy
//! links (members that no directed link reaches come last), ties by id. The family id is
//! `fam-` and 12 hex digits of the xxh3 hash of the sorted member ids, so it stays the same
//! as long as the members do.

use super::{Direction, Provenance, SetBy};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

/// The smallest share of one article found in the other that links a pair into a family.
pub const LINK_SHARE: f64 = 0.5;

/// A pair as families read it.
#[derive(Debug, Clone)]
pub struct Link<'a> {
    pub left: &'a str,
    pub right: &'a str,
    pub left_in_right: f64,
    pub right_in_left: f64,
    pub provenance: Option<&'a Provenance>,
}

impl Link<'_> {
    fn links(&self) -> bool {
        self.left_in_right.max(self.right_in_left) >= LINK_SHARE
            || self.provenance.is_some_and(|p| p.set_by == SetBy::Person)
    }
}

/// A member of a family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    pub id: String,
    /// Position in the likely order, from 0 (the original).
    pub rank: usize,
    /// Share of this member's text found in the original (`None` for the original, and for a
    /// member with no pair with it).
    pub share_from_original: Option<f64>,
}

/// A directed (or undirected) link inside a family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// The original of the two (the left article of the pair when the direction is unknown).
    pub source: String,
    pub copy: String,
    pub direction: Direction,
    pub confidence: f64,
    /// Who set the direction: inferred, or a person's mark.
    pub set_by: SetBy,
    /// Share of the copy's text found in the source.
    pub share: f64,
}

/// One family.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Family {
    pub id: String,
    /// The likely original (`None` when no link in the family has a direction).
    pub original: Option<String>,
    pub members: Vec<Member>,
    pub edges: Vec<Edge>,
}

/// `parallax scan --clusters --json` (docs/json.md).
#[derive(Serialize)]
pub struct FamiliesJson<'a> {
    pub schema_version: u32,
    pub corpus: &'a std::path::Path,
    pub families: &'a [Family],
    pub skipped: &'a [crate::corpus::Skipped],
}

/// A family id from its member ids (any order).
pub fn family_id<S: AsRef<str>>(ids: &[S]) -> String {
    let mut v: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
    v.sort_unstable();
    v.dedup();
    let h = xxhash_rust::xxh3::xxh3_64(v.join("\n").as_bytes());
    format!("fam-{:012x}", h >> 16)
}

/// The families of a set of pairs; `dates` gives each article's date where known (for ties).
/// Families come in order of their first member id.
pub fn families(links: &[Link], dates: &HashMap<String, String>) -> Vec<Family> {
    let links: Vec<&Link> = links.iter().filter(|l| l.links()).collect();
    // Union-find over the ids.
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for l in &links {
        let n = ids.len();
        ids.entry(l.left).or_insert(n);
        let n = ids.len();
        ids.entry(l.right).or_insert(n);
    }
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for l in &links {
        let (a, b) = (
            find(&mut parent, ids[l.left]),
            find(&mut parent, ids[l.right]),
        );
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut groups: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for (&id, &k) in &ids {
        let root = find(&mut parent, k);
        groups.entry(root).or_default().insert(id);
    }
    let mut out: Vec<Family> = groups
        .into_values()
        .filter(|g| g.len() >= 2)
        .map(|g| family(&g, &links, dates))
        .collect();
    out.sort_by(|a, b| {
        a.members
            .iter()
            .map(|m| &m.id)
            .min()
            .cmp(&b.members.iter().map(|m| &m.id).min())
    });
    out
}

fn family(group: &BTreeSet<&str>, links: &[&Link], dates: &HashMap<String, String>) -> Family {
    let mine: Vec<&&Link> = links.iter().filter(|l| group.contains(l.left)).collect();
    let mut edges = Vec::new();
    let mut score: HashMap<&str, i64> = group.iter().map(|&id| (id, 0)).collect();
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for l in &mine {
        let p = l.provenance;
        let direction = p.map_or(Direction::Unknown, |p| p.direction);
        let (source, copy, share) = match direction {
            Direction::RightIsSource => (l.right, l.left, l.left_in_right),
            _ => (l.left, l.right, l.right_in_left),
        };
        if direction != Direction::Unknown {
            *score.entry(source).or_default() += 1;
            *score.entry(copy).or_default() -= 1;
            out.entry(source).or_default().push(copy);
        }
        edges.push(Edge {
            source: source.to_string(),
            copy: copy.to_string(),
            direction,
            confidence: p.map_or(0.0, |p| p.confidence),
            set_by: p.map_or(SetBy::Inferred, |p| p.set_by),
            share,
        });
    }
    let original = if out.is_empty() {
        None
    } else {
        group.iter().copied().min_by(|a, b| {
            score[b].cmp(&score[a]).then_with(|| {
                // Earliest date first; undated after dated.
                let da = dates.get(*a);
                let db = dates.get(*b);
                match (da, db) {
                    (Some(x), Some(y)) => x.cmp(y),
                    (Some(_), None) => std::cmp::Ordering::Less,
                    (None, Some(_)) => std::cmp::Ordering::Greater,
                    (None, None) => std::cmp::Ordering::Equal,
                }
                .then(a.cmp(b))
            })
        })
    };
    // Distance from the original along source → copy links.
    let mut depth: HashMap<&str, usize> = HashMap::new();
    if let Some(o) = original {
        depth.insert(o, 0);
        let mut q = VecDeque::from([o]);
        while let Some(x) = q.pop_front() {
            let d = depth[x];
            let mut next: Vec<&str> = out.get(x).cloned().unwrap_or_default();
            next.sort_unstable();
            for y in next {
                if !depth.contains_key(y) {
                    depth.insert(y, d + 1);
                    q.push_back(y);
                }
            }
        }
    }
    let mut order: Vec<&str> = group.iter().copied().collect();
    order.sort_by_key(|id| (depth.get(id).copied().unwrap_or(usize::MAX), *id));
    let share_from = |id: &str| -> Option<f64> {
        let o = original?;
        if id == o {
            return None;
        }
        mine.iter().find_map(|l| {
            if l.left == id && l.right == o {
                Some(l.left_in_right)
            } else if l.right == id && l.left == o {
                Some(l.right_in_left)
            } else {
                None
            }
        })
    };
    let members = order
        .iter()
        .enumerate()
        .map(|(rank, &id)| Member {
            id: id.to_string(),
            rank,
            share_from_original: share_from(id),
        })
        .collect();
    edges.sort_by(|a, b| (&a.source, &a.copy).cmp(&(&b.source, &b.copy)));
    Family {
        id: family_id(&order),
        original: original.map(str::to_string),
        members,
        edges,
    }
}

/// GraphML of the families: a node per member (family id, rank, original or not), an edge
/// per link from source to copy (direction, confidence, who set it, share).
pub fn graphml(fams: &[Family]) -> String {
    fn esc(s: &str) -> String {
        let mut o = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '&' => o.push_str("&amp;"),
                '<' => o.push_str("&lt;"),
                '>' => o.push_str("&gt;"),
                '"' => o.push_str("&quot;"),
                '\'' => o.push_str("&apos;"),
                c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
                c => o.push(c),
            }
        }
        o
    }
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n\
  <key id=\"family\" for=\"node\" attr.name=\"family\" attr.type=\"string\"/>\n\
  <key id=\"rank\" for=\"node\" attr.name=\"rank\" attr.type=\"int\"/>\n\
  <key id=\"original\" for=\"node\" attr.name=\"original\" attr.type=\"boolean\"/>\n\
  <key id=\"direction\" for=\"edge\" attr.name=\"direction\" attr.type=\"string\"/>\n\
  <key id=\"confidence\" for=\"edge\" attr.name=\"confidence\" attr.type=\"double\"/>\n\
  <key id=\"set_by\" for=\"edge\" attr.name=\"set_by\" attr.type=\"string\"/>\n\
  <key id=\"share\" for=\"edge\" attr.name=\"share\" attr.type=\"double\"/>\n\
  <graph id=\"families\" edgedefault=\"directed\">\n",
    );
    for f in fams {
        for m in &f.members {
            s.push_str(&format!(
                "    <node id=\"{}\"><data key=\"family\">{}</data><data key=\"rank\">{}</data><data key=\"original\">{}</data></node>\n",
                esc(&m.id),
                esc(&f.id),
                m.rank,
                f.original.as_deref() == Some(m.id.as_str())
            ));
        }
        for e in &f.edges {
            s.push_str(&format!(
                "    <edge source=\"{}\" target=\"{}\"><data key=\"direction\">{}</data><data key=\"confidence\">{}</data><data key=\"set_by\">{}</data><data key=\"share\">{:.3}</data></edge>\n",
                esc(&e.source),
                esc(&e.copy),
                e.direction.as_str(),
                e.confidence,
                match e.set_by {
                    SetBy::Person => "person",
                    SetBy::Inferred => "inferred",
                },
                e.share
            ));
        }
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prov(d: Direction, by: SetBy) -> Provenance {
        Provenance {
            direction: d,
            confidence: 0.9,
            set_by: by,
            evidence: vec![],
            credited: None,
            credited_words: None,
            credited_paragraph: None,
        }
    }

    #[test]
    fn chain_and_stable_id() {
        let p1 = prov(Direction::LeftIsSource, SetBy::Inferred);
        let p2 = prov(Direction::RightIsSource, SetBy::Person);
        let links = [
            Link {
                left: "a",
                right: "b",
                left_in_right: 1.0,
                right_in_left: 0.3,
                provenance: Some(&p1),
            },
            Link {
                left: "c",
                right: "b",
                left_in_right: 0.9,
                right_in_left: 0.2,
                provenance: Some(&p2),
            },
            Link {
                left: "x",
                right: "y",
                left_in_right: 0.1,
                right_in_left: 0.1,
                provenance: None,
            },
        ];
        let f = families(&links, &HashMap::new());
        assert_eq!(f.len(), 1, "x–y shares too little to link");
        let ids: Vec<&str> = f[0].members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(f[0].original.as_deref(), Some("a"));
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(f[0].members[1].share_from_original, Some(0.3));
        assert_eq!(f[0].members[2].share_from_original, None);
        assert_eq!(f[0].id, family_id(&["c", "b", "a"]));
        assert!(f[0]
            .edges
            .iter()
            .any(|e| e.source == "b" && e.copy == "c" && e.set_by == SetBy::Person));
        let g = graphml(&f);
        assert!(g.contains("<edge source=\"a\" target=\"b\">"), "{g}");
    }
}
