//! Word lists and token tests the attribution rules share.

#[allow(unused_imports)]
use super::*;

pub(super) const MAX_SOURCE_WORDS: usize = 9;

/// Words between a source and its verb that belong to neither ("has also said").
#[rustfmt::skip]
pub(super) const AUX: &[&str] = &[
    "must", "should", "can", "cannot", "might", "sometimes", "usually", "always", "also", "now",
    "didn't", "didn’t", "don't", "don’t", "doesn't", "doesn’t", "won't", "won’t", "wouldn't", "wouldn’t",
    "can't", "can’t", "hasn't", "hasn’t", "haven't", "haven’t", "isn't", "isn’t", "wasn't", "wasn’t",
    "has", "have", "had", "also", "later", "then", "again", "previously", "recently", "repeatedly", "would", "will",
    "could", "may", "might", "once", "publicly", "privately", "initially", "first", "further", "earlier", "often",
    "frequently", "did", "does", "do", "not", "never", "still", "already", "even", "just", "only", "long", "is",
    "are", "was", "were", "been", "be", "has", "clearly", "simply", "flatly", "openly", "quickly", "subsequently",
    "separately", "likewise", "similarly", "however", "reportedly", "allegedly",
];

/// Words that end a source phrase when walking back from the cue.
pub(super) const CLAUSE_BREAK: &[&str] = &[
    "that", "which", "who", "whom", "whose", "and", "but", "or", "when", "because", "while", "if", "as", "although",
    "though", "since", "where", "so", "than", "what", "how", "why", "to", "whether", "said", "says", "say", "not",
    "nor", "yet", "before", "after", "until", "unless", "whereas", "is", "are", "was", "were", "will", "would",
];

/// Verbs that are cues only with their particle, and the particles.
pub(super) const PARTICLES: &[(&str, &[&str])] = &[
    ("point", &["out"]),
    ("speak", &["about", "of"]),
    ("spoke", &["about", "of"]),
    ("talk", &["about"]),
    ("refer", &["to"]),
];

/// The particle a phrasal cue needs, if `lower` is one: `Some(None)` when the
/// particle is missing (then it is no cue), `Some(Some(k))` with its token.
pub(super) fn phrasal(words: &[Word], i: usize) -> Option<Option<usize>> {
    let low = words[i].lower;
    let (_, particles) = PARTICLES.iter().find(|(stem, _)| low.starts_with(stem))?;
    Some(words.get(i + 1).filter(|w| lower_in(w, particles)).map(|_| i + 1))
}

/// Words that open a fronted scene-setting phrase ("Under federal law, …").
#[rustfmt::skip]
pub(super) const FRONTED: &[&str] = &[
    "for", "in", "under", "among", "after", "before", "soon", "on", "at", "with", "during", "since", "by", "from",
    "last", "earlier", "later", "when", "while", "once", "despite", "amid", "as",
];

/// Words that open a lower-case source description.
#[rustfmt::skip]
pub(super) const DESCRIPTION_START: &[&str] = &[
    "the", "a", "an", "some", "many", "most", "several", "two", "three", "both", "other", "another", "one", "few",
    "his", "her", "their", "its", "our", "my", "your", "critics", "experts", "officials", "sources", "analysts", "observers",
    "reports", "media", "police", "prosecutors", "investigators", "polls", "people", "researchers", "scientists",
    "studies", "witnesses", "residents", "democrats", "republicans", "supporters", "opponents", "aides",
    "lawmakers", "insiders", "diplomats",
];

/// Words that cannot open a reported clause right after its cue.
pub(super) const NOT_CONTENT_START: &[&str] =
    &["would", "will", "could", "should", "can", "may", "might", "must", "and", "or", "but", "nor"];

/// Sentence openers that are not part of a source ("Meanwhile Trump said").
#[rustfmt::skip]
pub(super) const SENTENCE_ADVERBS: &[&str] = &[
    "meanwhile", "however", "rather", "now", "then", "still", "yet", "also", "instead", "indeed", "later",
    "earlier", "today", "yesterday", "here", "there", "so", "thus", "moreover", "furthermore", "again", "finally",
    "separately", "similarly", "likewise", "nevertheless", "nonetheless", "but", "and", "or",
];

/// Words that show a cue form is a noun here ("the report", "media reports").
pub(super) const NOUN_MARKERS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "such",
    "new",
    "media",
    "recent",
    "some",
    "many",
    "of",
    "no",
    "any",
    "first",
    "latest",
    "previous",
    "news",
    "without",
    "open",
    "big",
    "key",
    "same",
    "in",
    "for",
    "against",
    "amid",
    "despite",
    "with",
    "strong",
    "broad",
    "deep",
    "public",
    "popular",
    "widespread",
    "bipartisan",
    "financial",
    "military",
    "growing",
];

/// Words after a speech verb that start an adjunct, not the content ("said on Tuesday that").
#[rustfmt::skip]
pub(super) const ADJUNCT_START: &[&str] = &[
    "of", "about", "in", "on", "at", "during", "to", "with", "via", "through", "from", "after", "before", "last",
    "this", "earlier", "later", "yesterday", "today", "tonight", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "recently", "previously", "publicly", "privately", "again", "repeatedly",
    "also", "late", "early", "afterward", "afterwards", "separately", "then", "once", "flatly", "bluntly", "simply",
    "emphatically",
];

/// Verbs whose object is a listener, skipped before the content ("told reporters that").
pub(super) const LISTENER_VERBS: &[&str] = &[
    "told", "tell", "tells", "telling", "assured", "assures", "informed", "informs", "reminded", "reminds", "warned",
    "warns", "urged", "urges", "asked", "asks", "briefed",
];

/// Time words that may open a sentence before the real source ("On Tuesday the minister said").
#[rustfmt::skip]
pub(super) const TIME_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "week",
    "month", "year", "morning", "afternoon", "evening", "night", "weekend", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "aug", "sept",
    "oct", "nov", "dec",
];

pub(super) fn is_punct(w: &Word) -> bool {
    !w.is_word()
}

pub(super) fn is_quote_mark(s: &str) -> bool {
    // A lone straight apostrophe is half of a '' quote: inner apostrophes stay inside words.
    matches!(s, "“" | "”" | "\"" | "«" | "»" | "„" | "'")
}

pub(super) fn is_dash(s: &str) -> bool {
    matches!(s, "—" | "–" | "-" | "―" | "--")
}

pub(super) fn lower_in(w: &Word, list: &[&str]) -> bool {
    // The lists are lower-case, and so is the token's `lower`.
    list.contains(&w.lower)
}

/// "In 2015 the ministry said": a year opens a time phrase ("19 percent" does not).
pub(super) fn is_year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..2100).contains(&y))
}

pub(super) fn is_subject_pronoun(w: &Word) -> bool {
    lower_in(w, &["he", "she", "they", "we", "i"])
}

pub(super) fn is_participle_cue(w: &Word) -> bool {
    let l = w.lower;
    l.ends_with("ing") && cue_class(l).is_some()
}
