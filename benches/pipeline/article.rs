//! Generated news articles of any length for the benchmarks.
//!
//! Real-shaped rather than real: a local-news story told in sections, with a
//! cast of people (named, then referred to by surname or pronoun), offices
//! and outlets, direct and indirect quotes in every common shape, vague and
//! anonymous sources, figures, dates, causes, colour, questions and links,
//! all from hand-written templates filled from word lists by a seeded
//! generator. Every sentence is checked against the ones already written and
//! redrawn on a repeat, so no sentence occurs twice (the count of repeats
//! left, if any, is returned). The text is original; nothing comes from the
//! evaluation data.

use std::collections::HashSet;
use std::fmt::Write;

/// A small deterministic generator (splitmix64): the same seed gives the same article.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WOMEN: &[&str] = &[
    "Ana",
    "Maria",
    "Priya",
    "Chloe",
    "Fatima",
    "Ingrid",
    "Grace",
    "Leila",
    "Hannah",
    "Sofia",
    "Mei",
    "Olga",
    "Aisha",
    "Rosa",
    "Nadia",
    "Claire",
    "Yuki",
    "Zainab",
    "Beatrice",
    "Helen",
    "Joanna",
    "Keisha",
    "Lucia",
    "Niamh",
    "Tamsin",
    "Agnieszka",
    "Imani",
    "Marta",
    "Ruth",
    "Selin",
];
const MEN: &[&str] = &[
    "Omar", "Daniel", "Tomasz", "Kwame", "Luis", "Hiroshi", "Peter", "Samuel", "Rafael", "Ahmed", "Graham", "Ivan",
    "Jonas", "Marcus", "Nikhil", "Owen", "Pedro", "Ravi", "Stefan", "Tariq", "Victor", "Wei", "Callum", "Dmitri",
    "Emeka", "Henrik", "Mateo", "Kofi", "Arjun", "Bernard",
];
const SURNAMES: &[&str] = &[
    "Reyes",
    "Lindqvist",
    "Okafor",
    "Brennan",
    "Castillo",
    "Nakamura",
    "Haddad",
    "Kowalski",
    "Achebe",
    "Moreau",
    "Fischer",
    "Patel",
    "O'Donnell",
    "Santos",
    "Varga",
    "Whitfield",
    "Mensah",
    "Larsen",
    "Rossi",
    "Duarte",
    "Abara",
    "Petrov",
    "Holloway",
    "Qureshi",
    "Sandoval",
    "Thorne",
    "Yilmaz",
    "Zhou",
    "Albrecht",
    "Ndlovu",
    "Carvalho",
    "Eriksen",
    "Farrow",
    "Gallagher",
    "Ibarra",
    "Jansen",
    "Kaur",
    "Lombardi",
    "Marsh",
    "Novak",
    "Osei",
    "Pryce",
    "Quinlan",
    "Romero",
    "Strand",
    "Tanaka",
    "Underwood",
    "Vos",
    "Wainwright",
    "Xu",
];
/// Titles written before a name.
const TITLES: &[&str] = &[
    "Council member",
    "Dr.",
    "Professor",
    "Mayor",
    "Inspector",
    "Deputy Mayor",
    "Councillor",
    "Judge",
    "Chief Superintendent",
    "Senator",
];
/// What a person is, written after the name.
const ROLES: &[&str] = &[
    "the city's finance director",
    "a hydrologist at Northgate University",
    "who leads the residents' association",
    "the council's transport lead",
    "the chief executive of Harlow Water",
    "an economist at the Meridian Institute",
    "the union's regional secretary",
    "a senior nurse at St Columba's Hospital",
    "the opposition's housing spokesperson",
    "a retired civil engineer",
    "who runs a bakery on Quay Street",
    "the head teacher of Eastbrook Primary School",
    "a professor of public health at Kingsford University",
    "the chair of the planning committee",
    "a lawyer representing the tenants",
    "the ministry's chief scientist",
    "who farms sheep near Ashby",
    "a bus driver for twenty years",
    "the harbour master",
    "a structural engineer who reviewed the plans",
    "the director of the Greyhaven food bank",
    "a data analyst at the statistics office",
    "the fire service's area commander",
    "a councillor for the Millbay ward",
];
const ORGS: &[&str] = &[
    "the environment ministry",
    "the regional water authority",
    "Harlow Water",
    "the port authority",
    "the Meridian Institute",
    "the national statistics office",
    "the transport department",
    "Northgate University",
    "the hospital trust",
    "the teachers' union",
    "the chamber of commerce",
    "the Fair Rents Coalition",
    "the coastguard",
    "the energy regulator",
    "Brightline Rail",
    "the fire service",
    "the county council",
    "the audit office",
    "the health ministry",
    "the Greyhaven food bank",
];
const OUTLETS: &[&str] =
    &["The Harbour Gazette", "the Northern Ledger", "Radio Westmarch", "the Evening Courier", "Channel 9 News"];
const PLACES: &[&str] = &[
    "Westmarch",
    "Ashby",
    "Kingsford",
    "Eastbrook",
    "Harlow",
    "Millbay",
    "Dunmore",
    "Carrow Bridge",
    "Saltcote",
    "Upper Fenwick",
    "Greyhaven",
    "Rookmoor",
    "Tollcross",
    "Bramley Vale",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const EVENTS: &[&str] = &[
    "a packed public meeting",
    "the council's budget hearing",
    "a press conference outside the town hall",
    "a rally in the market square",
    "the annual shareholders' meeting",
    "a committee hearing",
    "a briefing for reporters",
    "the union's conference",
];

/// One subject the story moves through: (the thing, things of its kind, what it is for).
const TOPICS: &[(&str, &str, &str)] = &[
    ("the flood barrier", "sea walls", "flood protection"),
    ("the tram extension", "tram stops", "public transport"),
    ("the Quayside housing scheme", "affordable flats", "housing"),
    ("the new maternity wing", "hospital beds", "health care"),
    ("the school meals programme", "free lunches", "school funding"),
    ("the offshore wind farm", "turbines", "energy prices"),
    ("the reservoir upgrade", "water mains", "water supply"),
    ("the neighbourhood policing plan", "foot patrols", "street crime"),
    ("the bus network review", "bus routes", "rural transport"),
    ("the library closures", "branch libraries", "public services"),
    ("the Carrow Bridge repairs", "road bridges", "road safety"),
    ("the recycling contract", "collection rounds", "waste"),
    ("the airport expansion", "night flights", "noise"),
    ("the heat pump grants", "heat pumps", "home heating"),
    ("the cycle lane network", "protected cycle lanes", "cycling"),
    ("the rent cap", "private lets", "rents"),
    ("the ferry timetable", "ferry crossings", "island links"),
    ("the harbour dredging", "berths", "shipping"),
];

/// Direct quotes; `{T}` the thing, `{S}` its kind, `{A}` the area, `{P}` a
/// place, `{N}` a count, `{Y}` a year, `{M}` a month, `{X}` a percentage, `{$}` money.
const QUOTES: &[&str] = &[
    "We have waited long enough for {T}",
    "Nobody told us the cost of {T} would rise by {X}",
    "This is the biggest change to {P} in a generation",
    "{T} will protect {N} homes for the next century",
    "I have lived in {P} since {Y} and I have never seen anything like it",
    "The numbers simply do not add up",
    "We are spending money we do not have on {T}",
    "Our members are exhausted, and they will not accept another delay",
    "If the work stops now, {P} will pay for it twice",
    "There is no evidence that more {S} make anyone safer",
    "We asked for the report in {M} and we are still waiting",
    "People deserve a straight answer about {A}",
    "It was a mistake, and we have said so publicly",
    "The design meets every safety standard we have",
    "My shop lost a third of its customers while the road was closed",
    "We will publish the full figures before the end of {M}",
    "Frankly, the way {T} has been handled is a scandal",
    "Families in {P} should not have to choose between heating and eating",
    "The ground under {P} is moving faster than anyone expected",
    "I would rather see {$} spent on {S} than on consultants",
    "Every winter we patch it up and every spring it breaks again",
    "We listened to {N} residents before we drew up the plan",
    "Nobody in this building wants to close {S}",
    "The contract was signed before anyone had read the small print",
    "You cannot run {A} on goodwill alone",
    "We are confident the work will be finished by {Y}",
    "The old system was never designed for a town this size",
    "I am not going to pretend this is easy",
    "If we had acted in {Y}, none of this would be necessary",
    "These are real people, not lines on a spreadsheet",
    "The evidence from other cities is very clear",
    "We got the timing wrong, but not the direction",
    "There is still time to change course on {T}",
    "Half my class walks past {S} that are boarded up",
    "It took {N} signatures before anyone at the council picked up the phone",
    "What worries me most is the cost of {A} in ten years",
    "We have done everything the inspectors asked",
    "Nobody voted for {T} to cost {$}",
    "Without {S}, older people here are simply cut off",
    "I've been doing this job for {D} years and this is the worst I've seen",
];

/// Reported content for "said that …"; same slots as [`QUOTES`].
const CLAUSES: &[&str] = &[
    "the engineering reports had been rushed",
    "{T} would cost about {$} more than planned",
    "the vote on {T} had been delayed twice",
    "{N} residents had signed a petition against {T}",
    "the design met national safety standards",
    "the council had ignored its own advisers on {A}",
    "most {S} in {P} were built before {Y}",
    "the contract for {T} had gone to the lowest bidder",
    "waiting times had fallen by {X} since {Y}",
    "the budget for {A} would be frozen until {Y}",
    "{T} was running {D} months behind schedule",
    "an independent review of {T} would be published in {M}",
    "spending on {A} had not kept pace with inflation",
    "the plans for {T} had been changed at the last minute",
    "the number of {S} in {P} had fallen by {X}",
    "no decision on {T} would be taken before {M}",
    "the figures on {A} had been checked by outside auditors",
    "{P} had been left out of the consultation on {T}",
    "the money for {T} would come from reserves",
    "complaints about {A} had risen sharply since {M}",
    "the company had met every target in its contract",
    "the inspectors had found {N} faults in {S}",
    "the government would cover {X} of the cost of {T}",
    "nobody had been consulted about the closure of {S}",
    "the scheme would create about {N} jobs",
    "the original estimate of {$} had been far too low",
    "the decision on {T} was final",
    "the town could not afford to wait for {Y}",
    "demand for {S} had doubled in {D} years",
    "staff shortages, not money, were the main problem in {A}",
];

/// Opening phrases for a story section heading.
const HEADINGS: &[&str] = &[
    "What the plan for {T} means for {P}",
    "Who pays for {A}",
    "A long road to {T}",
    "The view from {P}",
    "How the numbers on {A} changed since {Y}",
    "{P} counts the cost of {T}",
    "Inside the {M} vote on {T}",
    "Why {S} matter in {P}",
    "What happens next with {T}",
    "Voices from {P}",
    "The debate over {S}",
];

/// Slot values for one sentence.
struct Topic {
    thing: &'static str,
    kind: &'static str,
    area: &'static str,
}

fn fill(rng: &mut Rng, template: &str, topic: &Topic) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("closed slot");
        match &rest[open + 1..close] {
            "T" => out.push_str(topic.thing),
            "S" => out.push_str(topic.kind),
            "A" => out.push_str(topic.area),
            "P" => out.push_str(rng.pick(PLACES)),
            "M" => out.push_str(rng.pick(MONTHS)),
            "Y" => drop(write!(out, "{}", rng.range(1962, 2031))),
            "D" => drop(write!(out, "{}", rng.range(2, 40))),
            "N" => out.push_str(&count(rng)),
            "X" => out.push_str(&percent(rng)),
            "$" => out.push_str(&money(rng)),
            other => panic!("unknown slot {other}"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn count(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => rng.range(12, 990).to_string(),
        1 => {
            let n = rng.range(1, 99);
            let m = rng.range(0, 999);
            format!("{n},{m:03}")
        }
        2 => format!("{} {}", rng.pick(&["about", "nearly", "more than", "fewer than", "some"]), rng.range(20, 900)),
        _ => rng.pick(&["forty thousand", "two hundred", "several hundred", "a dozen", "thousands of"]).to_string(),
    }
}

fn percent(rng: &mut Rng) -> String {
    if rng.chance(30) {
        format!("{}.{} percent", rng.range(1, 60), rng.range(1, 9))
    } else {
        format!("{}%", rng.range(2, 95))
    }
}

fn money(rng: &mut Rng) -> String {
    let currency = rng.pick(&["$", "£", "€"]);
    match rng.below(3) {
        0 => format!("{currency}{}.{} million", rng.range(1, 900), rng.range(1, 9)),
        1 => format!("{currency}{} billion", rng.range(1, 40)),
        _ => format!("{currency}{},{:03}", rng.range(10, 990), rng.range(0, 999)),
    }
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// A person in the story.
struct Person {
    first: &'static str,
    last: &'static str,
    title: Option<&'static str>,
    role: &'static str,
    she: bool,
    introduced: bool,
}

impl Person {
    fn new(rng: &mut Rng) -> Self {
        let she = rng.chance(50);
        Person {
            first: if she { rng.pick(WOMEN) } else { rng.pick(MEN) },
            last: rng.pick(SURNAMES),
            title: rng.chance(35).then(|| rng.pick(TITLES)),
            role: rng.pick(ROLES),
            she,
            introduced: false,
        }
    }

    /// The full name with title on first mention, then the surname.
    fn name(&mut self) -> String {
        if self.introduced {
            return self.last.to_string();
        }
        self.introduced = true;
        match self.title {
            Some(t) => format!("{t} {} {}", self.first, self.last),
            None => format!("{} {}", self.first, self.last),
        }
    }

    fn pronoun(&self) -> &'static str {
        if self.she {
            "she"
        } else {
            "he"
        }
    }
}

/// A stretch of paragraph text: plain, or a link.
pub enum Piece {
    Text(String),
    Link { text: String, href: String },
}

/// One block of the article.
pub enum Para {
    Heading(String),
    Paragraph(Vec<Piece>),
    Quote(String),
}

/// A generated article.
pub struct Article {
    pub title: String,
    pub paras: Vec<Para>,
    /// Words (whitespace-separated) in the story text.
    pub words: usize,
    /// Sentences written, and how many of them repeat an earlier one.
    pub sentences: usize,
    pub repeats: usize,
}

struct Writer<'a> {
    rng: &'a mut Rng,
    seen: HashSet<String>,
    sentences: usize,
    repeats: usize,
}

impl Writer<'_> {
    /// Draws a sentence until it is new (a few tries), then keeps it.
    fn unique(&mut self, mut draw: impl FnMut(&mut Rng) -> String) -> String {
        let mut s = draw(self.rng);
        for _ in 0..20 {
            if !self.seen.contains(&s) {
                break;
            }
            s = draw(self.rng);
        }
        self.sentences += 1;
        if !self.seen.insert(s.clone()) {
            self.repeats += 1;
            if std::env::var_os("SHOW_REPEATS").is_some() {
                eprintln!("repeat: {s}");
            }
        }
        s
    }
}

/// One sentence about `topic`, spoken by or about the cast. `last` is whoever
/// was named most recently (the one a pronoun refers to).
fn sentence(rng: &mut Rng, topic: &Topic, cast: &mut [Person], last: &mut usize) -> String {
    let who = if rng.chance(60) { *last } else { rng.below(cast.len()) };
    let q = |rng: &mut Rng| {
        let t = rng_pick(rng, QUOTES);
        fill(rng, t, topic)
    };
    let c = |rng: &mut Rng| {
        let t = rng_pick(rng, CLAUSES);
        fill(rng, t, topic)
    };
    let org = |rng: &mut Rng| rng.pick(ORGS);
    let s = match rng.below(46) {
        0 => format!("“{},” {} said.", q(rng), cast[who].name()),
        1 => {
            let p = &mut cast[who];
            let (name, role) = (p.name(), p.role);
            format!("“{},” said {name}, {role}.", q(rng))
        }
        2 => format!("{} said: “{}.”", cast[who].name(), q(rng)),
        3 => format!("{} said that {}.", cast[who].name(), c(rng)),
        4 => format!("{} said {} on {}.", cast[who].name(), c(rng), rng.pick(DAYS)),
        5 => format!("According to {}, {}.", org(rng), c(rng)),
        6 => format!("{} said in a statement that {}.", capitalize(org(rng)), c(rng)),
        7 => format!("“{}” – {} said, adding that {}.", q(rng), cast[*last].pronoun(), c(rng)),
        8 => format!("“{},” {} added.", q(rng), cast[*last].pronoun()),
        9 => format!("{} told {} that {}.", capitalize(cast[*last].pronoun()), rng.pick(OUTLETS), c(rng)),
        10 => format!("An official who asked not to be named said {}.", c(rng)),
        11 => format!("Experts say {}.", c(rng)),
        12 => format!("Critics argue that {}.", c(rng)),
        13 => format!("Some residents claim {}.", c(rng)),
        14 => format!("A spokeswoman for {} declined to comment on {}.", org(rng), topic.thing),
        15 => {
            let p = &mut cast[who];
            let (name, role) = (p.name(), p.role);
            format!("{name}, {role}, warned that {}.", c(rng))
        }
        16 => format!("In a report published in {}, {} found that {}.", rng.pick(MONTHS), org(rng), c(rng)),
        17 => format!("{} reported that {}.", capitalize(rng.pick(OUTLETS)), c(rng)),
        18 => format!("“{},” {} said. “{}.”", q(rng), cast[who].name(), q(rng)),
        19 => format!("Asked whether {}, {} said: “{}.”", c(rng), cast[who].name(), q(rng)),
        20 => format!("{} insisted {}.", cast[who].name(), c(rng)),
        21 => format!("“Why did nobody tell us about {}?” asked {}.", topic.thing, cast[who].name()),
        22 => format!("Speaking at {}, {} said {}.", rng.pick(EVENTS), cast[who].name(), c(rng)),
        23 => format!("{} denied that {}.", cast[who].name(), c(rng)),
        24 => format!("Data from {} show that {}.", org(rng), c(rng)),
        25 => format!("{} wrote on social media that {}.", cast[who].name(), c(rng)),
        26 => format!("Prices for {} rose {} last year.", topic.area, percent(rng)),
        27 => format!("{} is expected to cost {}.", capitalize(topic.thing), money(rng)),
        28 => {
            format!("About {} people live within {} kilometres of {}.", count(rng), rng.range(1, 30), rng.pick(PLACES))
        }
        29 => format!(
            "The budget for {} fell from {} in {} to {} this year.",
            topic.area,
            money(rng),
            rng.range(1998, 2022),
            money(rng)
        ),
        30 => format!(
            "Since {}, the number of {} in {} has more than doubled.",
            rng.range(1970, 2020),
            topic.kind,
            rng.pick(PLACES)
        ),
        31 => format!(
            "Residents gathered outside the hall in {} on a {} morning while the debate went on for {} hours.",
            rng.pick(PLACES),
            rng.pick(&["cold", "wet", "bright", "grey", "windy"]),
            rng.range(2, 9)
        ),
        32 => format!(
            "Rain had fallen on {} for {} days straight by the time the work on {} began.",
            rng.pick(PLACES),
            rng.range(3, 20),
            topic.thing
        ),
        33 => format!("What happens to {} after {} is far from clear.", topic.thing, rng.range(2025, 2040)),
        34 => format!("Will {} be ready before the winter of {}?", topic.thing, rng.range(2025, 2035)),
        35 => format!(
            "The delay to {} was caused by a shortage of {}.",
            topic.thing,
            rng.pick(&["steel", "engineers", "drivers", "concrete", "nurses", "permits", "funding"])
        ),
        36 => format!(
            "Because of the {} strike, {} {} were cancelled in {}.",
            rng.pick(&["rail", "bus", "ferry", "refuse", "teachers'"]),
            rng.range(12, 480),
            rng.pick(&["services", "journeys", "lessons", "collections"]),
            rng.pick(MONTHS)
        ),
        37 => format!("Many people believe {}.", c(rng)),
        38 => format!("It is widely thought that {}.", c(rng)),
        39 => format!(
            "{} has more {} per head than any other town in the region, with {} for every {} residents.",
            rng.pick(PLACES),
            topic.kind,
            rng.range(2, 40),
            count(rng)
        ),
        40 => format!(
            "The {} vote on {} passed by {} to {} after a {}-hour session.",
            rng.pick(&["first", "second", "final", "council's", "committee's"]),
            topic.thing,
            rng.range(5, 30),
            rng.range(1, 9),
            rng.range(2, 11)
        ),
        41 => format!(
            "{} {} first proposed {} in {}, when it was expected to cost {}.",
            capitalize(rng.pick(&["the", "a former"])),
            rng.pick(&["mayor", "council leader", "transport minister", "planning officer"]),
            topic.thing,
            rng.range(1988, 2019),
            money(rng)
        ),
        42 => format!(
            "Readers who want to follow {} can sign up for our {} newsletter.",
            topic.area,
            rng.pick(&["weekly", "morning", "local", "politics"])
        ),
        43 => format!(
            "Mr. {} and Ms. {} met at the {} office on {} {}.",
            rng.pick(SURNAMES),
            rng.pick(SURNAMES),
            rng.pick(PLACES),
            rng.pick(MONTHS),
            rng.range(1, 28)
        ),
        44 => format!(
            "{}, whose {} has been in the family since {}, says {}.",
            cast[who].name(),
            rng.pick(&["shop", "farm", "boatyard", "café", "garage", "flat"]),
            rng.range(1931, 2005),
            c(rng)
        ),
        _ => format!("Officials at {} say {}, though they have not published the data.", org(rng), c(rng)),
    };
    if s.contains(cast[who].last) {
        *last = who;
    }
    s
}

fn rng_pick(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    items[rng.below(items.len())]
}

/// A closing sentence with a link in it: (before, anchor, after, href).
fn link_sentence(rng: &mut Rng, topic: &Topic) -> (String, String, String, String) {
    const ANCHORS: &[&str] = &[
        "a report",
        "the data",
        "a statement",
        "the council minutes",
        "a petition",
        "an audit",
        "the survey",
        "the consultation",
        "a letter",
        "the inspection",
    ];
    let anchor = rng.pick(ANCHORS).to_string();
    let href = match rng.below(4) {
        0 => format!("/news/{}-{}", topic.area.replace(' ', "-"), rng.range(1000, 99999)),
        1 => format!("https://stats.example.gov/{}/{}.pdf", rng.range(2010, 2025), rng.range(100, 999)),
        2 => format!("https://www.example.org/{}", topic.kind.replace(' ', "-")),
        _ => format!("https://council.example.org/minutes/{}", rng.range(1, 5000)),
    };
    let (before, after) = match rng.below(4) {
        0 => (
            "The figures are in ".to_string(),
            format!(" published in {} {}.", rng.pick(MONTHS), rng.range(2009, 2025)),
        ),
        1 => (
            format!("{} set out its case on {} in ", capitalize(rng.pick(ORGS)), topic.area),
            format!(" dated {} {}.", rng.range(1, 28), rng.pick(MONTHS)),
        ),
        2 => ("Details of ".to_string() + topic.thing + " appear in ", format!(" from {}.", rng.range(1995, 2025))),
        _ => (
            format!("The {} version of ", rng.pick(&["full", "original", "revised", "leaked", "final"])),
            format!(" runs to {} pages.", rng.range(4, 480)),
        ),
    };
    (before, anchor, after, href)
}

/// An article of about `words` words (at least that many).
pub fn generate(words: usize, seed: u64) -> Article {
    let mut rng = Rng::new(seed);
    let mut w = Writer { rng: &mut rng, seen: HashSet::new(), sentences: 0, repeats: 0 };
    let first_topic = TOPICS[w.rng.below(TOPICS.len())];
    let title =
        format!("{} approves {} after long debate", w.rng.pick(PLACES), first_topic.0.trim_start_matches("the "));
    let mut paras = Vec::new();
    let mut count = 0;
    while count < words {
        // A section: one topic, a cast of a few people, 4 to 14 paragraphs.
        let (thing, kind, area) = TOPICS[w.rng.below(TOPICS.len())];
        let topic = Topic { thing, kind, area };
        if !paras.is_empty() {
            // Dated and timed, as in a live page that runs this long.
            let h = w.unique(|rng| {
                let t = rng_pick(rng, HEADINGS);
                let (day, month) = (rng.range(1, 28), rng.pick(MONTHS));
                let (hour, minute) = (rng.range(6, 23), rng.range(0, 59));
                format!("{day} {month}, {hour:02}:{minute:02}: {}", fill(rng, t, &topic))
            });
            count += h.split_whitespace().count();
            paras.push(Para::Heading(h));
        }
        let mut cast: Vec<Person> = (0..w.rng.range(2, 6)).map(|_| Person::new(w.rng)).collect();
        let mut last = 0;
        for _ in 0..w.rng.range(4, 14) {
            let n = w.rng.range(1, 4);
            let mut text = String::new();
            for _ in 0..n {
                let s = w.unique(|rng| sentence(rng, &topic, &mut cast, &mut last));
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&s);
            }
            count += text.split_whitespace().count();
            if w.rng.chance(3) {
                paras.push(Para::Quote(text));
            } else if w.rng.chance(30) {
                // Now and then a paragraph ends on a link.
                let mut link = None;
                let whole = w.unique(|rng| {
                    let (before, anchor, after, href) = link_sentence(rng, &topic);
                    let whole = format!("{before}{anchor}{after}");
                    link = Some((before, anchor, after, href));
                    whole
                });
                count += whole.split_whitespace().count();
                let (before, text_of_link, after, href) = link.expect("drawn");
                paras.push(Para::Paragraph(vec![
                    Piece::Text(format!("{text} {before}")),
                    Piece::Link { text: text_of_link, href },
                    Piece::Text(after),
                ]));
            } else {
                paras.push(Para::Paragraph(vec![Piece::Text(text)]));
            }
            if count >= words {
                break;
            }
        }
    }
    let (sentences, repeats) = (w.sentences, w.repeats);
    Article { title, paras, words: count, sentences, repeats }
}

impl Piece {
    fn text(&self) -> &str {
        match self {
            Piece::Text(t) => t,
            Piece::Link { text, .. } => text,
        }
    }
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

impl Article {
    /// The article as plain text: paragraphs separated by blank lines.
    pub fn text(&self) -> String {
        let mut out = self.title.clone();
        for p in &self.paras {
            out.push_str("\n\n");
            match p {
                Para::Heading(t) | Para::Quote(t) => out.push_str(t),
                Para::Paragraph(pieces) => pieces.iter().for_each(|x| out.push_str(x.text())),
            }
        }
        out.push('\n');
        out
    }

    /// The article inside a news site's page: masthead, navigation, byline,
    /// the story, a related-stories box, comments and a footer.
    pub fn html(&self) -> String {
        let mut o = String::with_capacity(self.words * 8 + 4096);
        o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        escape(&self.title, &mut o);
        o.push_str(" | The Harbour Gazette</title>\n</head>\n<body class=\"site\">\n");
        o.push_str("<header class=\"masthead\"><p class=\"brand\"><a href=\"/\">The Harbour Gazette</a></p>\n");
        o.push_str("<nav class=\"primary-nav\" aria-label=\"Sections\"><ul>");
        for s in ["City", "Politics", "Business", "Weather", "Sport", "Opinion"] {
            let _ = write!(o, "<li><a href=\"/{}\">{s}</a></li>", s.to_lowercase());
        }
        o.push_str("</ul></nav></header>\n<div class=\"layout\">\n<main id=\"content\">\n");
        o.push_str("<article class=\"story story-body\">\n<h1>");
        escape(&self.title, &mut o);
        o.push_str("</h1>\n<p class=\"byline\">By Sam Writer, city reporter</p>\n");
        for p in &self.paras {
            match p {
                Para::Heading(t) => {
                    o.push_str("<h2>");
                    escape(t, &mut o);
                    o.push_str("</h2>\n");
                }
                Para::Quote(t) => {
                    o.push_str("<blockquote><p>");
                    escape(t, &mut o);
                    o.push_str("</p></blockquote>\n");
                }
                Para::Paragraph(pieces) => {
                    o.push_str("<p>");
                    for x in pieces {
                        match x {
                            Piece::Text(t) => escape(t, &mut o),
                            Piece::Link { text, href } => {
                                o.push_str("<a href=\"");
                                escape(href, &mut o);
                                o.push_str("\">");
                                escape(text, &mut o);
                                o.push_str("</a>");
                            }
                        }
                    }
                    o.push_str("</p>\n");
                }
            }
        }
        o.push_str(
            "</article>\n<section id=\"comments\" class=\"comments\"><h2>Comments</h2><ol class=\"comment-list\">\n",
        );
        o.push_str("<li class=\"comment\"><p>“The mayor never listens,” said Harbourfan77. What a waste.</p></li>\n");
        o.push_str("<li class=\"comment\"><p>Finally some action, after all these years!</p></li>\n");
        o.push_str("</ol></section>\n</main>\n<aside class=\"sidebar\" id=\"most-read\"><h2>Most read</h2><ul>\n");
        for (i, t) in
            ["Ferry timetable changes from May", "New bakery opens on Quay Street", "Tide tables for the week"]
                .iter()
                .enumerate()
        {
            let _ = writeln!(o, "<li><a href=\"/most-read/{i}\">{t}</a></li>");
        }
        o.push_str("</ul></aside>\n</div>\n<footer class=\"site-footer\"><p>© The Harbour Gazette. ");
        o.push_str(
            "<a href=\"/privacy\">Privacy</a> · <a href=\"/contact\">Contact</a></p></footer>\n</body>\n</html>\n",
        );
        o
    }
}
