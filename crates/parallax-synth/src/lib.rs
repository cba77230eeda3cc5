//! Deterministic synthetic news text, for benchmarks and tests.
//!
//! Nothing here reads the sample corpus: the vocabulary (a few hundred English news words:
//! function words, common nouns, verbs, adjectives, time phrases, and pools of first names,
//! surnames, cities, countries and organisations) is embedded in the module, and the random
//! numbers come from a small SplitMix64 generator, so a seed always gives the same text on
//! every platform and every run.
//!
//! # Text
//!
//! [`article`] writes a title line, then paragraphs separated by blank lines, each paragraph
//! one line of 1–5 sentences (1–3 most often), each sentence 8–30 words. Sentences follow a
//! handful of news patterns ("X said that …", "On Monday, X announced …", a quote followed by
//! its attribution, "… , while …"), start with a capital letter and end with a full stop, and
//! hold commas, the occasional number ("3,400 people", "12 percent", "in 2019") and quote.
//! Within each word class, word frequencies follow a Zipf-like law (weight ∝ 1/(rank + q)),
//! and function words (articles, prepositions) come with every noun phrase, so they dominate
//! as in real text. Each article draws its own cast (five people with titles, places,
//! countries, organisations) and its own ranking of nouns and adjectives, so two articles of
//! different seeds read like two stories on different topics.
//!
//! [`edited_copy`] derives a "lightly edited repost": about `edit_rate` of the body's words
//! are substituted, deleted or have a word inserted next to them (punctuation kept), and per
//! ~30 paragraphs one or two paragraphs are dropped, two or three moved elsewhere and two or
//! three new ones inserted. The title is kept. [`pair`] is an article and its edited copy at
//! 5%.
//!
//! Sizes: [`article`] stops at the sentence that brings the text closest to `target_bytes`,
//! so it is within half a sentence (at most ~120 bytes) of the target once the target is
//! larger than a title; ±10% holds from about 1.5 KB up.
//!
//! ```
//! let (a, b) = parallax_synth::pair(42, 20_000);
//! assert_eq!(a, parallax_synth::article(42, 20_000));
//! assert_ne!(a, b);
//! ```
//!
//! # Modules
//!
//! - this file: the text generator ([`article`], [`article_on`], [`edited_copy`],
//!   [`reworded_copy`], [`pair`]);
//! - [`corpus`]: a corpus with planted near-duplicates, containments and quotes, and the
//!   truth, for the corpus scan;
//! - [`pan`]: labelled text-reuse pairs in the style of the PAN text-alignment corpora (nine
//!   kinds of reuse and same-story negatives, with the exact byte ranges reused), [`measure`]:
//!   PAN's character-level precision, recall, granularity and plagdet, ROC AUC and a confusion
//!   matrix, and [`baseline`]: a word 3-gram containment detector to measure against;
//! - [`fixtures`]: the seed articles of `articles/` and helpers to load them.
//!
//! This crate is for tests, benchmarks and examples: the library users link
//! (`parallax-core`) never depends on it.

pub mod baseline;
pub mod corpus;
pub mod fixtures;
pub mod growth;
pub mod measure;
pub mod pages;
pub mod pan;
pub mod provenance;

/// SplitMix64: tiny, fast, and good enough for generating text.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Independent streams from one seed, for different purposes.
fn stream(seed: u64, purpose: u64) -> Rng {
    let mut r = Rng::new(seed ^ purpose.wrapping_mul(0xD1B5_4A32_D192_ED03));
    r.next_u64();
    r
}

/// A word class sampled with Zipf-like weights 1/(rank + q) over a given ranking.
#[derive(Debug, Clone)]
struct Zipf {
    words: Vec<&'static str>,
    cum: Vec<f64>,
}

impl Zipf {
    fn new(words: Vec<&'static str>, q: f64) -> Zipf {
        let mut total = 0.0;
        let cum = (0..words.len())
            .map(|r| {
                total += 1.0 / (r as f64 + q);
                total
            })
            .collect();
        Zipf { words, cum }
    }

    /// The list ranked as given (global frequency order).
    fn ranked(words: &[&'static str], q: f64) -> Zipf {
        Zipf::new(words.to_vec(), q)
    }

    /// The list in an order drawn by `rng` (a topic of its own).
    fn shuffled(words: &[&'static str], q: f64, rng: &mut Rng) -> Zipf {
        let mut w = words.to_vec();
        rng.shuffle(&mut w);
        Zipf::new(w, q)
    }

    fn sample(&self, rng: &mut Rng) -> &'static str {
        let total = *self.cum.last().expect("non-empty word class");
        let x = rng.unit() * total;
        let i = self.cum.partition_point(|&c| c <= x);
        self.words[i.min(self.words.len() - 1)]
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary. Lists are in rough frequency order where the order is global.

const DET_SG: &[&str] = &[
    "the", "a", "its", "their", "this", "another", "his", "her", "every",
];
const DET_PL: &[&str] = &[
    "the", "", "their", "its", "many", "several", "some", "other", "these", "more", "two", "three",
    "few",
];
const PREP: &[&str] = &[
    "of",
    "in",
    "for",
    "on",
    "with",
    "at",
    "from",
    "by",
    "after",
    "over",
    "against",
    "during",
    "between",
    "under",
    "before",
    "since",
    "amid",
    "across",
    "near",
    "into",
    "about",
    "without",
    "through",
    "despite",
    "following",
    "ahead of",
    "along",
];
const CONJ: &[&str] = &[
    "and", "but", "while", "as", "although", "because", "after", "before",
];
const ADV: &[&str] = &[
    "also",
    "still",
    "now",
    "already",
    "again",
    "later",
    "only",
    "even",
    "recently",
    "reportedly",
    "nearly",
    "repeatedly",
    "immediately",
    "officially",
    "publicly",
    "quickly",
    "finally",
    "formally",
    "largely",
    "previously",
];
const NOUN_SG: &[&str] = &[
    "government",
    "minister",
    "president",
    "country",
    "year",
    "week",
    "month",
    "war",
    "peace",
    "deal",
    "agreement",
    "election",
    "party",
    "leader",
    "army",
    "border",
    "region",
    "city",
    "capital",
    "state",
    "security",
    "ministry",
    "spokesman",
    "spokeswoman",
    "statement",
    "report",
    "parliament",
    "court",
    "judge",
    "law",
    "case",
    "investigation",
    "crisis",
    "conflict",
    "attack",
    "strike",
    "protest",
    "economy",
    "inflation",
    "energy",
    "market",
    "company",
    "union",
    "bank",
    "budget",
    "plan",
    "policy",
    "decision",
    "opposition",
    "campaign",
    "coalition",
    "official",
    "hospital",
    "vaccine",
    "school",
    "climate",
    "water",
    "village",
    "town",
    "area",
    "ceasefire",
    "meeting",
    "summit",
    "visit",
    "delegation",
    "embassy",
    "ambassador",
    "council",
    "committee",
    "commission",
    "agency",
    "service",
    "system",
    "bridge",
    "airport",
    "camp",
    "convoy",
    "base",
    "territory",
    "zone",
    "line",
    "resolution",
    "proposal",
    "bill",
    "reform",
    "survey",
    "poll",
    "message",
    "letter",
    "interview",
    "speech",
    "conference",
    "question",
    "trial",
    "prison",
    "sentence",
    "fine",
    "damage",
    "industry",
    "trade",
    "crossing",
    "corridor",
    "mission",
    "operation",
    "district",
    "province",
    "headquarters",
    "station",
    "factory",
    "harbour",
    "pipeline",
    "network",
    "programme",
    "strategy",
    "document",
    "treaty",
    "process",
    "dispute",
    "threat",
    "warning",
    "response",
    "offer",
    "request",
    "demand",
    "ruling",
    "verdict",
    "appeal",
    "shortage",
    "outbreak",
    "flood",
    "earthquake",
    "fire",
    "storm",
    "drought",
    "debate",
    "referendum",
    "constitution",
    "majority",
    "minority",
    "scandal",
    "probe",
    "raid",
    "incident",
    "clash",
    "offensive",
    "withdrawal",
    "blockade",
    "recovery",
    "slowdown",
    "recession",
    "surplus",
    "deficit",
    "loan",
    "contract",
    "partnership",
    "alliance",
    "sanction",
    "tariff",
];
const NOUN_PL: &[&str] = &[
    "people",
    "officials",
    "forces",
    "troops",
    "soldiers",
    "talks",
    "leaders",
    "authorities",
    "police",
    "residents",
    "families",
    "children",
    "women",
    "men",
    "victims",
    "workers",
    "prices",
    "measures",
    "sanctions",
    "reports",
    "journalists",
    "reporters",
    "protesters",
    "voters",
    "candidates",
    "companies",
    "markets",
    "funds",
    "taxes",
    "states",
    "strikes",
    "attacks",
    "negotiations",
    "refugees",
    "migrants",
    "weapons",
    "drones",
    "missiles",
    "rockets",
    "tanks",
    "positions",
    "borders",
    "roads",
    "flights",
    "students",
    "teachers",
    "doctors",
    "patients",
    "farmers",
    "investors",
    "analysts",
    "experts",
    "observers",
    "critics",
    "supporters",
    "sources",
    "witnesses",
    "images",
    "allegations",
    "charges",
    "losses",
    "costs",
    "jobs",
    "exports",
    "imports",
    "figures",
    "results",
    "plans",
    "rules",
    "villages",
    "areas",
    "lawmakers",
    "diplomats",
    "ministers",
    "activists",
    "volunteers",
    "peacekeepers",
    "rebels",
    "militants",
    "civilians",
    "prisoners",
    "hostages",
    "settlers",
    "shipments",
    "supplies",
    "reserves",
    "elections",
    "protests",
    "cuts",
    "wages",
    "loans",
];
const ADJ: &[&str] = &[
    "new",
    "former",
    "local",
    "national",
    "international",
    "foreign",
    "military",
    "political",
    "economic",
    "senior",
    "top",
    "key",
    "major",
    "recent",
    "public",
    "official",
    "independent",
    "regional",
    "federal",
    "civil",
    "humanitarian",
    "armed",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "early",
    "long",
    "large",
    "small",
    "strong",
    "serious",
    "fresh",
    "possible",
    "current",
    "previous",
    "second",
    "final",
    "joint",
    "direct",
    "open",
    "disputed",
    "separatist",
    "opposition",
    "ruling",
    "border",
    "emergency",
    "temporary",
    "permanent",
    "violent",
    "peaceful",
    "urgent",
    "critical",
    "unprecedented",
    "controversial",
    "ongoing",
    "planned",
    "proposed",
    "fragile",
    "heavy",
    "sharp",
    "modest",
    "rival",
    "allied",
    "neighbouring",
    "coastal",
    "rural",
    "industrial",
    "financial",
    "legal",
    "diplomatic",
];
/// Past forms that are also past participles ("was approved by …").
const VERB_TR: &[&str] = &[
    "announced",
    "rejected",
    "signed",
    "approved",
    "launched",
    "criticised",
    "welcomed",
    "ordered",
    "blamed",
    "reached",
    "ended",
    "suspended",
    "resumed",
    "deployed",
    "opened",
    "closed",
    "raised",
    "cut",
    "won",
    "held",
    "visited",
    "received",
    "published",
    "released",
    "arrested",
    "charged",
    "led",
    "joined",
    "backed",
    "questioned",
    "proposed",
    "extended",
    "delayed",
    "confirmed",
    "denied",
    "condemned",
    "accused",
    "discussed",
    "reviewed",
    "expanded",
    "blocked",
    "targeted",
    "destroyed",
    "captured",
    "controlled",
    "funded",
    "planned",
    "introduced",
    "cancelled",
    "supported",
    "tightened",
    "eased",
    "investigated",
    "reported",
    "shelled",
    "evacuated",
    "restored",
    "secured",
    "postponed",
    "endorsed",
];
/// Verbs that introduce reported speech.
const VERB_SAY: &[&str] = &[
    "said",
    "told reporters",
    "added",
    "warned",
    "claimed",
    "stressed",
    "insisted",
    "argued",
    "noted",
    "announced",
    "confirmed",
    "explained",
    "acknowledged",
    "suggested",
    "wrote",
];
const TIME: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "last week",
    "last month",
    "this year",
    "earlier this month",
    "in January",
    "in February",
    "in March",
    "in April",
    "in May",
    "in June",
    "in July",
    "in August",
    "in September",
    "in October",
    "in November",
    "in December",
    "overnight",
    "late on Tuesday",
    "early on Friday",
    "last year",
    "in recent weeks",
    "in recent months",
    "on Thursday evening",
    "at the weekend",
    "earlier in the day",
];
const TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Defence Minister",
    "Interior Minister",
    "Finance Minister",
    "General",
    "Senator",
    "Mayor",
    "Governor",
    "spokesperson",
    "opposition leader",
    "ambassador",
    "Health Minister",
    "party leader",
    "Colonel",
];
const FIRST: &[&str] = &[
    "Maria", "John", "Ahmed", "Elena", "David", "Olga", "Pierre", "Fatima", "Carlos", "Anna",
    "Mehmet", "Yuki", "James", "Sara", "Ivan", "Nadia", "Peter", "Leila", "Thomas", "Amina",
    "Daniel", "Irina", "Omar", "Laura", "Viktor", "Hannah", "Ali", "Sophie", "Michael", "Noor",
    "Lucas", "Ingrid", "Tariq", "Marta", "Kenji", "Rosa", "Samuel", "Zeynep", "Pavel", "Grace",
];
const LAST: &[&str] = &[
    "Petrov",
    "Johnson",
    "Haddad",
    "Schneider",
    "Kovacs",
    "Rahman",
    "Moreau",
    "Silva",
    "Novak",
    "Tanaka",
    "Okafor",
    "Larsen",
    "Costa",
    "Weber",
    "Aliyev",
    "Nowak",
    "Fischer",
    "Rossi",
    "Mendes",
    "Ivanova",
    "Kim",
    "Brennan",
    "Duarte",
    "Sato",
    "Karimi",
    "Lindqvist",
    "Hughes",
    "Volkov",
    "Demir",
    "Bauer",
    "Horvat",
    "Nakamura",
    "Osei",
    "Jansen",
    "Moretti",
    "Castillo",
    "Hamid",
    "Popescu",
    "Eriksen",
    "Varga",
];
const CITIES: &[&str] = &[
    "Berlin",
    "Paris",
    "Moscow",
    "Kyiv",
    "Ankara",
    "Cairo",
    "Tehran",
    "Baku",
    "Yerevan",
    "Tbilisi",
    "Warsaw",
    "Brussels",
    "Geneva",
    "Vienna",
    "Madrid",
    "Rome",
    "Athens",
    "Beirut",
    "Baghdad",
    "Nairobi",
    "Lagos",
    "Delhi",
    "Tokyo",
    "Seoul",
    "Beijing",
    "Washington",
    "London",
    "Ottawa",
    "Lima",
    "Bogota",
    "Kabul",
    "Minsk",
    "Riga",
    "Dakar",
    "Manila",
    "Jakarta",
    "Hanoi",
    "Khartoum",
    "Tripoli",
    "Tunis",
];
const COUNTRIES: &[&str] = &[
    "Germany",
    "France",
    "Russia",
    "Ukraine",
    "Turkey",
    "Egypt",
    "Iran",
    "Azerbaijan",
    "Armenia",
    "Georgia",
    "Poland",
    "Belgium",
    "Switzerland",
    "Austria",
    "Spain",
    "Italy",
    "Greece",
    "Lebanon",
    "Iraq",
    "Kenya",
    "Nigeria",
    "India",
    "Japan",
    "Korea",
    "China",
    "Brazil",
    "Peru",
    "Colombia",
    "Venezuela",
    "Afghanistan",
    "Belarus",
    "Latvia",
    "Canada",
    "Mexico",
    "Sudan",
    "Senegal",
    "Indonesia",
    "Vietnam",
    "Libya",
    "Tunisia",
];
const ORGS: &[&str] = &[
    "the United Nations",
    "NATO",
    "the European Union",
    "the World Bank",
    "the Red Cross",
    "the IMF",
    "the Security Council",
    "the African Union",
    "the World Health Organization",
    "the Council of Europe",
    "the OSCE",
    "the Arab League",
    "the G20",
    "Amnesty International",
    "Human Rights Watch",
    "the central bank",
    "the supreme court",
    "the election commission",
];

/// Zipf offsets: function words steep, content words flatter.
const Q_FUNCTION: f64 = 1.0;
const Q_CONTENT: f64 = 6.0;

struct Person {
    title: &'static str,
    first: &'static str,
    last: &'static str,
    mentioned: bool,
}

/// One article's generator: its cast, its topic ranking, its random stream.
struct Gen {
    rng: Rng,
    det_sg: Zipf,
    det_pl: Zipf,
    prep: Zipf,
    adv: Zipf,
    time: Zipf,
    verb_tr: Zipf,
    verb_say: Zipf,
    noun_sg: Zipf,
    noun_pl: Zipf,
    adj: Zipf,
    people: Vec<Person>,
    cities: Vec<&'static str>,
    countries: Vec<&'static str>,
    orgs: Vec<&'static str>,
}

fn draw<T: Copy>(rng: &mut Rng, pool: &[T], n: usize) -> Vec<T> {
    let mut v = pool.to_vec();
    rng.shuffle(&mut v);
    v.truncate(n);
    v
}

impl Gen {
    fn new(mut rng: Rng) -> Gen {
        let firsts = draw(&mut rng, FIRST, 5);
        let lasts = draw(&mut rng, LAST, 5);
        let titles = draw(&mut rng, TITLES, 5);
        let people = (0..5)
            .map(|i| Person {
                title: titles[i],
                first: firsts[i],
                last: lasts[i],
                mentioned: false,
            })
            .collect();
        let cities = draw(&mut rng, CITIES, 4);
        let countries = draw(&mut rng, COUNTRIES, 4);
        let orgs = draw(&mut rng, ORGS, 3);
        Gen {
            det_sg: Zipf::ranked(DET_SG, Q_FUNCTION),
            det_pl: Zipf::ranked(DET_PL, Q_FUNCTION),
            prep: Zipf::ranked(PREP, Q_FUNCTION),
            adv: Zipf::ranked(ADV, Q_FUNCTION),
            time: Zipf::ranked(TIME, Q_CONTENT),
            verb_tr: Zipf::shuffled(VERB_TR, Q_CONTENT, &mut rng),
            verb_say: Zipf::ranked(VERB_SAY, Q_FUNCTION),
            noun_sg: Zipf::shuffled(NOUN_SG, Q_CONTENT, &mut rng),
            noun_pl: Zipf::shuffled(NOUN_PL, Q_CONTENT, &mut rng),
            adj: Zipf::shuffled(ADJ, Q_CONTENT, &mut rng),
            people,
            cities,
            countries,
            orgs,
            rng,
        }
    }

    /// A few indices into the cast, favouring the first (the story's protagonists).
    fn cast_index(&mut self, n: usize) -> usize {
        let a = self.rng.below(n);
        let b = self.rng.below(n);
        a.min(b)
    }

    fn person(&mut self, out: &mut Vec<String>) {
        let i = self.cast_index(self.people.len());
        let p = &mut self.people[i];
        if p.mentioned {
            out.push(p.last.to_string());
        } else {
            p.mentioned = true;
            out.extend(p.title.split(' ').map(str::to_string));
            out.push(p.first.to_string());
            out.push(p.last.to_string());
        }
    }

    /// A count: "12", "340", "3,400".
    fn number(&mut self) -> String {
        match self.rng.below(3) {
            0 => self.rng.range(2, 20).to_string(),
            1 => self.rng.range(20, 999).to_string(),
            _ => {
                let n = self.rng.range(1, 99);
                let m = self.rng.below(10) * 100;
                format!("{n},{m:03}")
            }
        }
    }

    /// A noun phrase: a person, a place, an organisation, or determiner + adjective + noun.
    fn np(&mut self, out: &mut Vec<String>, proper_ok: bool) {
        let r = self.rng.unit();
        if proper_ok && r < 0.12 {
            return self.person(out);
        }
        if proper_ok && r < 0.18 {
            let i = self.cast_index(self.countries.len());
            out.push(self.countries[i].to_string());
            return;
        }
        if proper_ok && r < 0.22 {
            let i = self.cast_index(self.cities.len());
            out.push(self.cities[i].to_string());
            return;
        }
        if proper_ok && r < 0.26 {
            let i = self.cast_index(self.orgs.len());
            out.extend(self.orgs[i].split(' ').map(str::to_string));
            return;
        }
        if r < 0.31 {
            // A number: "3,400 people", "12 percent".
            if self.rng.chance(0.2) {
                out.push(self.rng.range(2, 95).to_string());
                out.push("percent".into());
            } else {
                let n = self.number();
                out.push(n);
                let w = self.noun_pl.sample(&mut self.rng);
                out.push(w.into());
            }
            return;
        }
        let plural = self.rng.chance(0.4);
        let det = if plural {
            self.det_pl.sample(&mut self.rng)
        } else {
            self.det_sg.sample(&mut self.rng)
        };
        let adj = self
            .rng
            .chance(0.35)
            .then(|| self.adj.sample(&mut self.rng));
        let noun = if plural {
            self.noun_pl.sample(&mut self.rng)
        } else {
            self.noun_sg.sample(&mut self.rng)
        };
        if !det.is_empty() {
            let next = adj.unwrap_or(noun);
            let det = if det == "a" && next.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                det
            };
            out.push(det.into());
        }
        if let Some(a) = adj {
            out.push(a.into());
        }
        out.push(noun.into());
        if self.rng.chance(0.15) {
            // "of the region", "of Armenia"
            out.push("of".into());
            self.np(out, true);
        }
    }

    fn pp(&mut self, out: &mut Vec<String>) {
        let p = self.prep.sample(&mut self.rng);
        out.extend(p.split(' ').map(str::to_string));
        self.np(out, true);
    }

    fn time(&mut self, out: &mut Vec<String>) {
        if self.rng.chance(0.1) {
            out.push("in".into());
            out.push(self.rng.range(1990, 2024).to_string());
            return;
        }
        let t = self.time.sample(&mut self.rng);
        out.extend(t.split(' ').map(str::to_string));
    }

    /// Subject verb object, possibly passive.
    fn clause(&mut self, out: &mut Vec<String>) {
        if self.rng.chance(0.15) {
            self.np(out, false);
            out.push(if self.rng.chance(0.5) { "was" } else { "were" }.into());
            let v = self.verb_tr.sample(&mut self.rng);
            out.push(v.into());
            out.push("by".into());
            self.np(out, true);
            return;
        }
        self.np(out, true);
        if self.rng.chance(0.12) {
            out.push(self.adv.sample(&mut self.rng).into());
        }
        let v = self.verb_tr.sample(&mut self.rng);
        out.push(v.into());
        self.np(out, true);
    }

    fn say(&mut self, out: &mut Vec<String>) {
        let v = self.verb_say.sample(&mut self.rng);
        out.extend(v.split(' ').map(str::to_string));
    }

    /// The words of one sentence of `len` words or a little more, as tokens with their
    /// punctuation attached; the quote form needs the text assembled by the caller.
    fn sentence_words(&mut self, target: usize) -> Vec<String> {
        let mut w: Vec<String> = Vec::new();
        let form = self.rng.below(10);
        match form {
            0 | 1 => {
                // Time first: "On Monday, …"
                self.time(&mut w);
                push_comma(&mut w);
                self.clause(&mut w);
            }
            2 | 3 => {
                // "X said (that) …"
                self.np(&mut w, true);
                self.say(&mut w);
                if self.rng.chance(0.6) {
                    w.push("that".into());
                }
                self.clause(&mut w);
            }
            4 => {
                // "According to X, …"
                w.push("according".into());
                w.push("to".into());
                self.np(&mut w, true);
                push_comma(&mut w);
                self.clause(&mut w);
            }
            _ => self.clause(&mut w),
        }
        while w.len() < target {
            match self.rng.below(6) {
                0 => self.time(&mut w),
                1 if w.len() + 6 < target => {
                    push_comma(&mut w);
                    let c = *self.rng.pick(CONJ);
                    w.push(c.into());
                    self.clause(&mut w);
                }
                _ => self.pp(&mut w),
            }
        }
        w
    }

    /// One sentence of 8–30 words, capitalised, with its closing punctuation.
    fn sentence(&mut self) -> String {
        // Lengths from 8 to 30, centred near 18 (sum of two uniforms).
        let target = self.rng.range(4, 15) + self.rng.range(4, 15);
        let quote = self.rng.chance(0.1);
        loop {
            let mut w = self.sentence_words(if quote { target - 3 } else { target });
            if quote {
                // "…," said Foreign Minister Anna Weber.
                let mut tail = Vec::new();
                tail.push(self.verb_say.words[0].to_string());
                self.person(&mut tail);
                let n = w.len() + tail.len();
                if !(8..=30).contains(&n) || w[0].starts_with(|c: char| c.is_ascii_digit()) {
                    continue;
                }
                capitalise(&mut w[0]);
                let mut s = String::from("\"");
                s.push_str(&w.join(" "));
                s.push_str(",\" ");
                s.push_str(&tail.join(" "));
                s.push('.');
                return s;
            }
            if w.len() > 30 || w[0].starts_with(|c: char| c.is_ascii_digit()) {
                continue;
            }
            capitalise(&mut w[0]);
            let mut s = w.join(" ");
            s.push('.');
            return s;
        }
    }

    /// A paragraph of 1–5 sentences.
    fn paragraph(&mut self) -> String {
        let n = match self.rng.below(20) {
            0..=4 => 1,
            5..=11 => 2,
            12..=16 => 3,
            17..=18 => 4,
            _ => 5,
        };
        let mut p = String::new();
        for _ in 0..n {
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&self.sentence());
        }
        p
    }

    /// A headline: a short clause, no full stop, sometimes "Place: …".
    fn title(&mut self) -> String {
        loop {
            let mut w = Vec::new();
            if self.rng.chance(0.3) {
                let c = self.countries[0];
                w.push(format!("{c}:"));
            }
            self.clause(&mut w);
            if (5..=14).contains(&w.len()) {
                capitalise(&mut w[0]);
                return w.join(" ");
            }
        }
    }
}

fn push_comma(w: &mut [String]) {
    if let Some(last) = w.last_mut() {
        last.push(',');
    }
}

fn capitalise(w: &mut String) {
    if let Some(c) = w.chars().next() {
        let up: String = c.to_uppercase().collect();
        w.replace_range(..c.len_utf8(), &up);
    }
}

/// A synthetic article of about `target_bytes` bytes: a title line, a blank line, then
/// paragraphs (one line each) separated by blank lines, ending with a newline.
pub fn article(seed: u64, target_bytes: usize) -> String {
    write_article(&mut Gen::new(stream(seed, 1)), target_bytes)
}

/// An article on the story `topic`: the cast (people with their titles, places, countries,
/// organisations) and the ranking of nouns, adjectives and verbs come from `topic`, the
/// sentences from `seed`. Two calls with one topic and two seeds read like two reporters'
/// stories on the same event: the same names, different text. Same shape and size rule as
/// [`article`] (which this does not change: `article_on(s, s, n)` is another text than
/// `article(s, n)`).
pub fn article_on(topic: u64, seed: u64, target_bytes: usize) -> String {
    write_article(&mut Gen::on(topic, seed), target_bytes)
}

impl Gen {
    /// The generator of [`article_on`]: cast and topic from `topic`, text stream from `seed`.
    fn on(topic: u64, seed: u64) -> Gen {
        let mut g = Gen::new(stream(topic, 1));
        g.rng = stream(seed, 3);
        g
    }
}

fn write_article(g: &mut Gen, target_bytes: usize) -> String {
    let mut text = g.title();
    text.push('\n');
    'outer: while text.len() < target_bytes {
        let sentences = match g.rng.below(20) {
            0..=4 => 1,
            5..=11 => 2,
            12..=16 => 3,
            17..=18 => 4,
            _ => 5,
        };
        for k in 0..sentences {
            let s = g.sentence();
            // "\n" + sentence + "\n" for a new paragraph, " " + sentence inside one.
            let after = text.len() + s.len() + 1;
            if after > target_bytes && after - target_bytes > target_bytes - text.len() {
                break 'outer;
            }
            if k == 0 {
                text.push('\n');
            } else {
                text.pop();
                text.push(' ');
            }
            text.push_str(&s);
            text.push('\n');
            if text.len() >= target_bytes {
                break 'outer;
            }
        }
    }
    text
}

/// Split a token into (leading punctuation, word, trailing punctuation).
fn split_token(t: &str) -> (&str, &str, &str) {
    let start = t.find(|c: char| c.is_alphanumeric()).unwrap_or(t.len());
    let end = t.rfind(|c: char| c.is_alphanumeric()).map_or(start, |i| {
        i + t[i..].chars().next().map_or(1, char::len_utf8)
    });
    let end = end.max(start);
    (&t[..start], &t[start..end], &t[end..])
}

/// A word to substitute or insert: any content or function word, Zipf-ranked.
fn edit_word(g: &mut Gen) -> &'static str {
    match g.rng.below(6) {
        0 => g.noun_sg.sample(&mut g.rng),
        1 => g.noun_pl.sample(&mut g.rng),
        2 => g.adj.sample(&mut g.rng),
        3 => g.verb_tr.sample(&mut g.rng),
        4 => g.adv.sample(&mut g.rng),
        _ => g.prep.sample(&mut g.rng),
    }
}

fn edit_paragraph(g: &mut Gen, p: &str, rate: f64) -> String {
    let toks: Vec<&str> = p.split(' ').filter(|t| !t.is_empty()).collect();
    let mut out: Vec<String> = Vec::with_capacity(toks.len() + 4);
    let mut left = toks.len();
    for t in toks {
        left -= 1;
        if !g.rng.chance(rate) {
            out.push(t.to_string());
            continue;
        }
        let (pre, core, post) = split_token(t);
        let upper = core.chars().next().is_some_and(char::is_uppercase);
        match g.rng.below(10) {
            // Delete a bare word, as long as the paragraph keeps some words.
            0..=2 if pre.is_empty() && post.is_empty() && out.len() + left >= 4 => {}
            // Insert a word after a word without trailing punctuation.
            3..=5 if post.is_empty() => {
                out.push(t.to_string());
                out.push(edit_word(g).to_string());
            }
            // Substitute the word, keeping its punctuation and capital.
            _ => {
                if core.chars().any(|c| c.is_ascii_digit()) {
                    out.push(format!("{pre}{}{post}", g.rng.range(2, 999)));
                    continue;
                }
                let mut w = edit_word(g).to_string();
                if upper {
                    capitalise(&mut w);
                }
                out.push(format!("{pre}{w}{post}"));
            }
        }
    }
    out.join(" ")
}

/// A lightly edited version of `text` (as written by [`article`]): see the module doc.
/// `edit_rate` is the share of body words edited (0.05 for a light edit).
pub fn edited_copy(seed: u64, text: &str, edit_rate: f64) -> String {
    copy_with(seed, text, edit_rate, true)
}

/// Like [`edited_copy`], but paragraphs are only moved (two or three per ~30), none dropped
/// or added: a reworded repost with its paragraphs reordered.
pub fn reworded_copy(seed: u64, text: &str, edit_rate: f64) -> String {
    copy_with(seed, text, edit_rate, false)
}

fn copy_with(seed: u64, text: &str, edit_rate: f64, drop_and_add: bool) -> String {
    let mut g = Gen::new(stream(seed, 2));
    let mut paras: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paras.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(line);
        }
    }
    if !current.is_empty() {
        paras.push(current);
    }
    if paras.is_empty() {
        return String::new();
    }
    let title = paras.remove(0);
    let mut body: Vec<String> = paras
        .iter()
        .map(|p| edit_paragraph(&mut g, p, edit_rate))
        .collect();

    // Per ~30 paragraphs: 1–2 dropped, 2–3 moved, 2–3 new.
    let scale = (body.len() / 30).max(1);
    if drop_and_add && body.len() >= 4 {
        for _ in 0..g.rng.range(1, 2) * scale {
            let i = g.rng.below(body.len());
            body.remove(i);
        }
    }
    if body.len() >= 3 {
        for _ in 0..g.rng.range(2, 3) * scale {
            let i = g.rng.below(body.len());
            let p = body.remove(i);
            let j = g.rng.below(body.len() + 1);
            body.insert(j, p);
        }
    }
    for _ in 0..g.rng.range(2, 3) * scale * usize::from(drop_and_add) {
        let p = g.paragraph();
        let j = g.rng.below(body.len() + 1);
        body.insert(j, p);
    }

    let mut out = title;
    out.push('\n');
    for p in body {
        out.push('\n');
        out.push_str(&p);
        out.push('\n');
    }
    out
}

/// An article of about `target_bytes` and its [`edited_copy`] at 5%.
pub fn pair(seed: u64, target_bytes: usize) -> (String, String) {
    let a = article(seed, target_bytes);
    let b = edited_copy(seed, &a, 0.05);
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::corpus::from_text;
    use parallax_core::engine::score::Verdict;
    use std::path::Path;

    fn art(id: &str, text: &str) -> parallax_core::Article {
        let hash = parallax_core::corpus::content_hash(text.as_bytes());
        from_text(id, Path::new(id), text.to_string(), "UTF-8", hash)
    }

    #[test]
    fn same_seed_same_text() {
        assert_eq!(article(7, 5_000), article(7, 5_000));
        assert_eq!(pair(7, 5_000), pair(7, 5_000));
        let a = article(3, 5_000);
        assert_eq!(edited_copy(9, &a, 0.1), edited_copy(9, &a, 0.1));
    }

    #[test]
    fn different_seeds_differ() {
        assert_ne!(article(1, 5_000), article(2, 5_000));
        let a = article(1, 5_000);
        assert_ne!(edited_copy(1, &a, 0.05), edited_copy(2, &a, 0.05));
        assert_ne!(edited_copy(1, &a, 0.05), a);
        // Unrelated articles do not even share a title.
        let t = |s: &str| s.lines().next().unwrap().to_string();
        assert_ne!(t(&article(1, 5_000)), t(&article(2, 5_000)));
    }

    #[test]
    fn sizes_within_ten_percent() {
        for (seed, target) in [
            (1, 1_500),
            (2, 4_000),
            (3, 20_000),
            (4, 150_000),
            (5, 1 << 20),
        ] {
            let n = article(seed, target).len();
            let err = n.abs_diff(target) as f64 / target as f64;
            assert!(
                err <= 0.10,
                "seed {seed}: {n} bytes for a target of {target}"
            );
        }
        let (a, b) = pair(6, 20_000);
        let err = b.len().abs_diff(a.len()) as f64 / a.len() as f64;
        assert!(err <= 0.10, "edited copy {} bytes vs {}", b.len(), a.len());
    }

    #[test]
    fn structure() {
        let text = article(11, 30_000);
        assert!(text.ends_with('\n'));
        let mut blocks = text.split("\n\n");
        let title = blocks.next().unwrap();
        assert!(!title.contains('\n') && !title.ends_with('.'));
        let words = title.split(' ').count();
        assert!((5..=14).contains(&words), "title {title:?}");
        let mut counts = [0usize; 6];
        let mut quotes = 0;
        let mut numbers = 0;
        for p in blocks {
            let p = p.trim_end_matches('\n');
            assert!(!p.is_empty() && !p.contains('\n'));
            assert!(
                p.starts_with(|c: char| c.is_uppercase() || c == '"'),
                "{p:?}"
            );
            assert!(p.ends_with('.'), "{p:?}");
            // Sentences end with ". " followed by a capital or a quote.
            let mut sentences = Vec::new();
            let mut start = 0;
            let b = p.as_bytes();
            for i in 0..b.len() {
                let end = i + 1 == b.len()
                    || (b[i] == b'.' && b[i + 1] == b' ' && {
                        let c = b[i + 2];
                        c.is_ascii_uppercase() || c == b'"'
                    });
                if b[i] == b'.' && end {
                    sentences.push(&p[start..=i]);
                    start = (i + 2).min(p.len());
                }
            }
            assert!((1..=5).contains(&sentences.len()), "{p:?}");
            counts[sentences.len()] += 1;
            for s in sentences {
                let n = s.split(' ').count();
                assert!((8..=30).contains(&n), "{n} words: {s:?}");
                quotes += usize::from(s.starts_with('"'));
                numbers += usize::from(s.chars().any(|c| c.is_ascii_digit()));
            }
        }
        assert!(counts[1] > 0 && counts[2] > 0 && counts[3] > 0 && counts[5] > 0);
        assert!(quotes > 0 && numbers > 0 && text.contains(", "));
    }

    #[test]
    fn function_words_dominate() {
        let text = article(5, 50_000).to_lowercase();
        let mut freq: std::collections::HashMap<&str, usize> = Default::default();
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for w in &words {
            *freq.entry(w).or_default() += 1;
        }
        let mut top: Vec<(&str, usize)> = freq.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        assert_eq!(top[0].0, "the", "{:?}", &top[..10]);
        // Zipf-like: the most frequent word is several times as frequent as the tenth, and
        // a long tail of words is used.
        assert!(top[0].1 > 3 * top[9].1, "{:?}", &top[..10]);
        assert!(top.len() > 300, "{} distinct words", top.len());
        // No content word takes more than 2% of the text.
        let content = top
            .iter()
            .find(|(w, _)| !parallax_core::text::tokens::is_stopword(w))
            .unwrap();
        assert!(
            (content.1 as f64) < 0.02 * words.len() as f64,
            "{content:?} of {}",
            words.len()
        );
    }

    #[test]
    fn edited_copy_edits_about_the_rate() {
        let a = article(8, 40_000);
        let b = edited_copy(8, &a, 0.05);
        let wa: Vec<&str> = a.split_whitespace().collect();
        let wb: Vec<&str> = b.split_whitespace().collect();
        let (ca, cb): (std::collections::HashSet<_>, std::collections::HashSet<_>) =
            (a.split("\n\n").collect(), b.split("\n\n").collect());
        // Most paragraphs carry an edit; a few survive untouched.
        let kept = ca.intersection(&cb).count();
        assert!(
            kept > 0 && kept * 2 < ca.len(),
            "{kept} of {} kept",
            ca.len()
        );
        assert_eq!(a.lines().next(), b.lines().next());
        assert!(wa.len().abs_diff(wb.len()) * 10 < wa.len());
    }

    #[test]
    fn edited_copy_is_a_duplicate_and_another_seed_is_unrelated() {
        let (a, b) = pair(42, 20_000);
        let (a, b) = (art("a", &a), art("b", &b));
        let c = parallax_core::engine::compare::compare(&a, &b);
        assert!(
            c.scores.left_in_right >= 0.8 && c.scores.right_in_left >= 0.8,
            "{:?}",
            c.scores
        );
        assert_eq!(c.verdict, Verdict::Duplicate, "{:?}", c.scores);

        let other = art("o", &article(43, 20_000));
        let c = parallax_core::engine::compare::compare(&a, &other);
        // Formulaic text shares stock phrases by chance, never a passage.
        assert_eq!(c.scores.passages, 0, "{:?}", c.scores);
        assert!(
            matches!(c.verdict, Verdict::NoSharedText | Verdict::SharedQuotes),
            "{:?}",
            c.scores
        );
    }
}
