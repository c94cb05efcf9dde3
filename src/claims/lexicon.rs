//! The claim word lists as one phrase matcher.
//!
//! Every list (`claim_markers.txt`, `opinion_markers.txt`, `vague_markers.txt`)
//! is `class: phrase`, like the attribution lists (`share_words.txt`, one
//! word per line, is a plain set). Phrases are indexed by their
//! first word, so matching a sentence costs one hash lookup per word plus the
//! few phrases that start with it: linear in the sentence, no allocation.

use std::sync::OnceLock;

use crate::lexicon::{entries, WordMap};

/// What a phrase says about a sentence. A phrase may carry several marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Mark {
    /// A number word or quantity.
    Figure = 1,
    /// A month or weekday (counts only when capitalised in the text).
    Calendar = 1 << 1,
    /// Another dated phrase ("last year").
    Time = 1 << 2,
    /// Causal wording.
    Cause = 1 << 3,
    /// Comparison, ranking, record.
    Compare = 1 << 4,
    /// A change in quantity.
    Change = 1 << 5,
    /// A generalisation ("in most cases", "linked to").
    General = 1 << 6,
    /// Harm to people.
    Casualty = 1 << 7,
    /// A reported action (irregular past forms, set phrases).
    Event = 1 << 8,
    /// A word ending in -ed that is not a reported action.
    NotEvent = 1 << 9,
    /// The writer's view or advice.
    Opinion = 1 << 10,
    /// A judgement.
    Evaluative = 1 << 11,
    /// Speculation.
    Hedge = 1 << 12,
    /// A sentence about the sourcing itself.
    Meta = 1 << 13,
    /// Opens a call to action or a transition (matched at the sentence start only).
    Start = 1 << 14,
    /// A vague source.
    Vague = 1 << 15,
    /// An unnamed source.
    Anonymous = 1 << 16,
}

impl Mark {
    fn from_class(class: &str) -> Option<Mark> {
        Some(match class {
            "figure" => Mark::Figure,
            "calendar" => Mark::Calendar,
            "time" => Mark::Time,
            "cause" => Mark::Cause,
            "compare" => Mark::Compare,
            "change" => Mark::Change,
            "general" => Mark::General,
            "casualty" => Mark::Casualty,
            "event" => Mark::Event,
            "not-event" => Mark::NotEvent,
            "opinion" => Mark::Opinion,
            "evaluative" => Mark::Evaluative,
            "hedge" => Mark::Hedge,
            "meta" => Mark::Meta,
            "start" => Mark::Start,
            "vague" => Mark::Vague,
            "anonymous" => Mark::Anonymous,
            _ => return None,
        })
    }
}

/// A set of marks, as bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks(u32);

impl Marks {
    /// True when `m` is in the set.
    pub fn has(self, m: Mark) -> bool {
        self.0 & m as u32 != 0
    }

    /// Adds every mark of `other`.
    pub fn add(&mut self, other: Marks) {
        self.0 |= other.0;
    }

    /// Adds one mark.
    pub fn insert(&mut self, m: Mark) {
        self.0 |= m as u32;
    }

    /// Removes one mark.
    pub fn remove(&mut self, m: Mark) {
        self.0 &= !(m as u32);
    }

    /// The marks as bits (`Mark as u32`).
    pub fn bits(self) -> u32 {
        self.0
    }

    /// The set holding only `m`.
    pub fn of(m: Mark) -> Marks {
        Marks(m as u32)
    }
}

/// One phrase: its words after the first, the marks, and its text for reasons.
#[derive(Debug)]
pub struct Phrase {
    /// The whole phrase, as listed.
    pub text: &'static str,
    rest: Vec<&'static str>,
    /// Its marks.
    pub marks: Marks,
}

/// All phrases, indexed by first word, longest first.
#[derive(Debug, Default)]
pub struct Phrases {
    by_first: WordMap<&'static str, Vec<Phrase>>,
}

impl Phrases {
    fn add(&mut self, class: &str, phrase: &'static str) {
        let Some(mark) = Mark::from_class(class) else { return };
        let mut words = phrase.split_whitespace();
        let Some(first) = words.next() else { return };
        let rest: Vec<&'static str> = words.collect();
        let list = self.by_first.entry(first).or_default();
        match list.iter_mut().find(|p| p.rest == rest) {
            Some(p) => p.marks.insert(mark),
            None => list.push(Phrase { text: phrase, rest, marks: Marks::of(mark) }),
        }
    }

    /// The longest phrase starting at `words[0]`, with its length in words.
    pub fn longest<'p, S: AsRef<str>>(&'p self, words: &[S]) -> Option<(&'p Phrase, usize)> {
        let first = words.first()?.as_ref();
        let list = self.by_first.get(first)?;
        list.iter()
            .filter(|p| p.rest.len() < words.len() && p.rest.iter().zip(&words[1..]).all(|(a, b)| *a == b.as_ref()))
            .max_by_key(|p| p.rest.len())
            .map(|p| (p, p.rest.len() + 1))
    }
}

/// The compiled claim lexicon.
pub fn phrases() -> &'static Phrases {
    static P: OnceLock<Phrases> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = Phrases::default();
        for data in [
            include_str!("../lexicon/claim_markers.txt"),
            include_str!("../lexicon/opinion_markers.txt"),
            include_str!("../lexicon/vague_markers.txt"),
        ] {
            for line in entries(data) {
                if let Some((class, phrase)) = line.split_once(':') {
                    p.add(class.trim(), phrase.trim());
                }
            }
        }
        p
    })
}

/// Every form of the attribution cue verbs ("said", "told", "expected"):
/// reporting that someone spoke is not itself the event a claim reports.
pub fn is_cue_form(word: &str) -> bool {
    static CUES: OnceLock<crate::lexicon::WordSet<&'static str>> = OnceLock::new();
    CUES.get_or_init(|| {
        entries(include_str!("../lexicon/cues.txt"))
            .filter_map(|l| l.split_once(':'))
            .flat_map(|(_, forms)| forms.split_whitespace())
            .collect()
    })
    .contains(word)
}

/// Head words of a source that is a share of people ("percent", "majority",
/// "most"): a poll's answer, not a speaker.
pub fn is_share_word(word: &str) -> bool {
    static WORDS: OnceLock<crate::lexicon::WordSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| entries(include_str!("../lexicon/share_words.txt")).collect()).contains(word)
}
