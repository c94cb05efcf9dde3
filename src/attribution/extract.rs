//! Finding attributions in a sentence: a cue, the source around it, and the
//! content it introduces.
//!
//! The rules work on word tokens, looking outward from each cue:
//! - source before the cue, content after ("Kim said (that) X", "Kim said: “X”");
//! - source before, content before ("X, Kim said", "“X” – he said");
//! - source after, content before ("“X,” said Kim");
//! - "according to Kim, X" / "X, according to Kim";
//! - a participle continuing the subject's speech ("…, adding that X");
//! - a heading or lead-in colon ("Defense Ministry: X").
//!
//! Every scan is bounded (a few tokens each way, a capped number of cues per
//! sentence), so a 100 KB sentence costs linear time.

use std::ops::Range;

use super::lexicon::{cue_class, CueClass};
use super::quotes::quote_at;
use crate::report::QuoteKind;
use crate::text::{is_capitalized, Word};

/// An attribution found in a block, in byte offsets into the block text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Source words (empty range when the source is implicit).
    pub source: Range<usize>,
    /// Cue words.
    pub cue: Range<usize>,
    /// Content pieces (one, or two around a mid-sentence cue).
    pub content: Vec<Range<usize>>,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// For a relative pronoun source ("who"), the phrase it stands for.
    pub antecedent: Option<Range<usize>>,
    /// "The Times reports:" ends its paragraph: the content is the next block.
    pub content_in_next_block: bool,
}

const MAX_CUES_PER_SENTENCE: usize = 16;
const MAX_SOURCE_WORDS: usize = 9;

/// Words between a source and its verb that belong to neither ("has also said").
#[rustfmt::skip]
const AUX: &[&str] = &[
    "must", "should", "can", "cannot", "might",
    "has", "have", "had", "also", "later", "then", "again", "previously", "recently", "repeatedly", "would", "will",
    "could", "may", "might", "once", "publicly", "privately", "initially", "first", "further", "earlier", "often",
    "frequently", "did", "does", "do", "not", "never", "still", "already", "even", "just", "only", "long", "is",
    "are", "was", "were", "been", "be", "has", "clearly", "simply", "flatly", "openly", "quickly", "subsequently",
    "separately", "likewise", "similarly", "however", "reportedly", "allegedly",
];

/// Words that end a source phrase when walking back from the cue.
const CLAUSE_BREAK: &[&str] = &[
    "that", "which", "who", "whom", "whose", "and", "but", "or", "when", "because", "while", "if", "as", "although",
    "though", "since", "where", "so", "than", "what", "how", "why", "to", "whether", "said", "says", "say", "not",
    "nor", "yet", "before", "after", "until", "unless", "whereas", "is", "are", "was", "were", "will", "would",
];

/// Verbs that are cues only with their particle, and the particles.
const PARTICLES: &[(&str, &[&str])] = &[
    ("point", &["out"]),
    ("speak", &["about", "of"]),
    ("spoke", &["about", "of"]),
    ("talk", &["about"]),
    ("refer", &["to"]),
];

/// The particle a phrasal cue needs, if `lower` is one: `Some(None)` when the
/// particle is missing (then it is no cue), `Some(Some(k))` with its token.
fn phrasal(words: &[Word], i: usize) -> Option<Option<usize>> {
    let lower = words[i].text.to_lowercase();
    let (_, particles) = PARTICLES.iter().find(|(stem, _)| lower.starts_with(stem))?;
    Some(words.get(i + 1).filter(|w| lower_in(w, particles)).map(|_| i + 1))
}

/// Words that open a fronted scene-setting phrase ("Under federal law, …").
#[rustfmt::skip]
const FRONTED: &[&str] = &[
    "for", "in", "under", "among", "after", "before", "soon", "on", "at", "with", "during", "since", "by", "from",
    "last", "earlier", "later", "when", "while", "once", "despite", "amid", "as",
];

/// Words that open a lower-case source description.
#[rustfmt::skip]
const DESCRIPTION_START: &[&str] = &[
    "the", "a", "an", "some", "many", "most", "several", "two", "three", "both", "other", "another", "one", "few",
    "his", "her", "their", "its", "our", "my", "your", "critics", "experts", "officials", "sources", "analysts", "observers",
    "reports", "media", "police", "prosecutors", "investigators", "polls", "people", "researchers", "scientists",
    "studies", "witnesses", "residents", "democrats", "republicans", "supporters", "opponents", "aides",
    "lawmakers", "insiders", "diplomats",
];

/// Words that cannot open a reported clause right after its cue.
const NOT_CONTENT_START: &[&str] =
    &["would", "will", "could", "should", "can", "may", "might", "must", "and", "or", "but", "nor"];

/// Sentence openers that are not part of a source ("Meanwhile Trump said").
#[rustfmt::skip]
const SENTENCE_ADVERBS: &[&str] = &[
    "meanwhile", "however", "rather", "now", "then", "still", "yet", "also", "instead", "indeed", "later",
    "earlier", "today", "yesterday", "here", "there", "so", "thus", "moreover", "furthermore", "again", "finally",
    "separately", "similarly", "likewise", "nevertheless", "nonetheless", "but", "and", "or",
];

/// Words that show a cue form is a noun here ("the report", "media reports").
const NOUN_MARKERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "his", "her", "their", "its", "our", "my", "your", "such", "new",
    "media", "recent", "some", "many", "of", "no", "any", "first", "latest", "previous", "news", "without", "open",
    "big", "key", "same", "in", "for", "against", "amid", "despite", "with",
];

/// Words after a speech verb that start an adjunct, not the content ("said on Tuesday that").
#[rustfmt::skip]
const ADJUNCT_START: &[&str] = &[
    "of", "about", "in", "on", "at", "during", "to", "with", "via", "through", "from", "after", "before", "last",
    "this", "earlier", "later", "yesterday", "today", "tonight", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "recently", "previously", "publicly", "privately", "again", "repeatedly",
    "also", "late", "early", "afterward", "afterwards", "separately", "then", "once", "flatly", "bluntly", "simply",
    "emphatically",
];

/// Verbs whose object is a listener, skipped before the content ("told reporters that").
const LISTENER_VERBS: &[&str] = &[
    "told", "tell", "tells", "telling", "assured", "assures", "informed", "informs", "reminded", "reminds", "warned",
    "warns", "urged", "urges", "asked", "asks", "briefed",
];

/// Time words that may open a sentence before the real source ("On Tuesday the minister said").
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "week",
    "month", "year", "morning", "afternoon", "evening", "night", "weekend", "january", "february", "march", "april",
    "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "aug", "sept",
    "oct", "nov", "dec",
];

fn is_punct(w: &Word) -> bool {
    !w.is_word()
}

fn is_quote_mark(s: &str) -> bool {
    // A lone straight apostrophe is half of a '' quote: inner apostrophes stay inside words.
    matches!(s, "“" | "”" | "\"" | "«" | "»" | "„" | "'")
}

fn is_dash(s: &str) -> bool {
    matches!(s, "—" | "–" | "-" | "―" | "--")
}

fn lower_in(w: &Word, list: &[&str]) -> bool {
    let l = w.text.to_lowercase();
    list.contains(&l.as_str())
}

/// Finds the attributions of one sentence. `words` are the sentence's tokens
/// (offsets into the block text), `quotes` the block's quotation spans,
/// `sentence` the sentence's byte range.
pub fn find_in_sentence(
    text: &str,
    words: &[Word],
    sentence: Range<usize>,
    quotes: &[Range<usize>],
    heading: bool,
) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // Where the next "content before" may start: after the previous attribution.
    let mut floor = 0usize;
    // "Sanders: Brexit could draw support", "TAPPER: Do you think …": a lead-in
    // colon comes first; cues in its content are nested in it.
    if let Some(f) = colon_lead(text, words, sentence.clone(), heading, quotes) {
        floor = token_after(words, &f);
        out.push(f);
    }
    let mut cues_seen = 0;
    let mut i = 0;
    while i < words.len() && cues_seen < MAX_CUES_PER_SENTENCE {
        let w = &words[i];
        let lw = w.text.to_lowercase();
        if lw == "according" && words.get(i + 1).is_some_and(|n| n.text.eq_ignore_ascii_case("to")) {
            cues_seen += 1;
            if let Some(f) = according_to(text, words, i, floor, quotes) {
                floor = token_after(words, &f);
                out.push(f);
            }
            i += 2;
            continue;
        }
        if is_dash(w.text) && i > 0 && is_quote_mark(words[i - 1].text) {
            if let Some(f) = dash_after_quote(text, words, i, quotes) {
                floor = token_after(words, &f);
                out.push(f);
                i += 1;
                continue;
            }
        }
        // "When asked whether …", "Asked if …": a question with no stated asker.
        if lw == "asked" && (i == 0 || lower_in(&words[i - 1], &["when", "if", "after", "once", "while"])) {
            if let Some(f) = implicit_question(text, words, i, quotes) {
                floor = token_after(words, &f);
                out.push(f);
                i += 1;
                continue;
            }
        }
        let Some(class) = cue_class(&lw) else {
            i += 1;
            continue;
        };
        // "Citing a poll, Trump said …": an opening participle belongs to the main subject.
        if i == 0 && lw.ends_with("ing") {
            if let Some(f) = opening_participle(text, words, quotes) {
                // The subject after the comma may start the next attribution ("…, Trump told Fox").
                let content_end = f.content.iter().map(|c| c.end).max().unwrap_or(0);
                floor = words.iter().position(|w| w.start >= content_end).unwrap_or(words.len());
                out.push(f);
            }
            i += 1;
            continue;
        }
        // Cues inside a direct quote are the speaker's own words, not attributions.
        // A quote left open to the block's end may be a stray mark: only closed quotes hide cues.
        let in_closed_quote = quote_at(quotes, w.start)
            .is_some_and(|q| q.start < w.start && text[..q.end].ends_with(['”', '"', '»', '\'']));
        if in_closed_quote {
            i += 1;
            continue;
        }
        // Cue verbs are lower case: "United States", "Clean Power Plan" are names.
        // Headlines capitalise every word: "…, Lindsey Graham Says."
        let lower_case_form = w.text.chars().next().is_some_and(char::is_lowercase) || heading && i > 0;
        if !lower_case_form || is_noun_use(words, i) || is_passive(words, i) {
            i += 1;
            continue;
        }
        cues_seen += 1;
        if let Some(f) = verb_cue(text, words, i, class, floor, quotes, &out) {
            floor = token_after(words, &f);
            out.push(f);
        }
        i += 1;
    }
    out
}

/// Index of the first token after an attribution's cue and source: later
/// cues may lie inside its content (a chain) but never reuse its source.
fn token_after(words: &[Word], f: &Found) -> usize {
    let end = f.cue.end.max(f.source.end);
    words.iter().position(|w| w.start >= end).unwrap_or(words.len())
}

/// "Claiming the criticism is unfair, Trump told Fox …": the content runs to
/// the first comma, the source is the subject after it.
fn opening_participle(text: &str, words: &[Word], quotes: &[Range<usize>]) -> Option<Found> {
    let comma = words.iter().take(30).position(|w| w.text == ",")?;
    if words[1..comma].iter().filter(|w| w.is_word()).count() < 1 {
        return None;
    }
    let src = subject(words, comma + 1, words.len())?;
    // "Writing for a panel, X noted …" sets a scene; a participle's content is its object.
    if lower_in(&words[1], &["for", "in", "on", "at", "from", "with", "to", "about"]) {
        return None;
    }
    let content = trim(text, words[1].start..words[comma - 1].end);
    let cue = words[0].start..words[0].end;
    Some(make(text, src, cue, vec![content], quotes))
}

/// "When asked whether he would run, Kim said …": the question is the content
/// of an attribution with no stated source; it runs to the comma.
fn implicit_question(text: &str, words: &[Word], i: usize, quotes: &[Range<usize>]) -> Option<Found> {
    let mut k = i + 1;
    // "asked by reporters during a debate why …": skip to the question word.
    let q = (k..words.len().min(k + 8)).find(|&m| {
        lower_in(&words[m], &["whether", "if", "why", "how", "what", "which", "whom", "who", "when", "about"])
    })?;
    if words[k..q].iter().any(|w| w.text == ",") {
        return None;
    }
    k = q;
    let end = (k..words.len()).find(|&m| words[m].text == ",").unwrap_or(words.len());
    if end <= k + 1 {
        return None;
    }
    let content = trim(text, words[k].start..words[end - 1].end);
    let at = words[i].start;
    Some(make(text, at..at, words[i].start..words[i].end, vec![content], quotes))
}

/// True when the cue is followed by a colon and nothing else in the sentence.
fn ends_with_colon(words: &[Word], i: usize) -> bool {
    let rest = &words[i + 1..];
    rest.first().is_some_and(|w| w.text == ":") && rest[1..].iter().all(|w| !w.is_word())
}

/// "In 2015 the ministry said": a year opens a time phrase ("19 percent" does not).
fn is_year(w: &str) -> bool {
    w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1900..2100).contains(&y))
}

fn is_subject_pronoun(w: &Word) -> bool {
    lower_in(w, &["he", "she", "they", "we", "i"])
}

fn is_participle_cue(w: &Word) -> bool {
    let l = w.text.to_lowercase();
    l.ends_with("ing") && cue_class(&l).is_some()
}

fn is_noun_use(words: &[Word], i: usize) -> bool {
    // "the report", "Trump’s comments", "Editor’s note": determiners and possessives mark nouns.
    let prev_marks = i > 0
        && (lower_in(&words[i - 1], NOUN_MARKERS)
            || words[i - 1].text.ends_with("’s")
            || words[i - 1].text.ends_with("'s"));
    // "called a strike", "calls an election": an event is called, nobody is quoted.
    // "showing up", "found out": a particle makes another verb.
    let particle =
        phrasal(words, i).is_none() && words.get(i + 1).is_some_and(|n| lower_in(n, &["up", "off", "down", "away"]));
    if particle {
        return true;
    }
    let calls_event = words[i].text.to_lowercase().starts_with("call")
        && words.get(i + 1).is_some_and(|n| n.text.eq_ignore_ascii_case("a") || n.text.eq_ignore_ascii_case("an"));
    if calls_event {
        return true;
    }
    // "reports of", "reporting by": a noun with its complement.
    let next_of = words.get(i + 1).is_some_and(|n| {
        n.text.eq_ignore_ascii_case("of") || n.text.eq_ignore_ascii_case("by") && words[i].text.ends_with("ing")
    });
    let to_infinitive = i > 0 && words[i - 1].text.eq_ignore_ascii_case("to");
    // "plan" is a cue only as "plans to …".
    let l = words[i].text.to_lowercase();
    let bare_plan = l.starts_with("plan") && !words.get(i + 1).is_some_and(|n| n.text.eq_ignore_ascii_case("to"));
    prev_marks || next_of || to_infinitive || bare_plan
}

fn is_passive(words: &[Word], i: usize) -> bool {
    let w = words[i].text.to_lowercase();
    // "is expected", "was found": the grammatical subject is not the source.
    i > 0 && w.ends_with("ed") && lower_in(&words[i - 1], &["is", "are", "was", "were", "be", "been", "being"])
        || (w == "found" || w == "shown" || w == "told" || w == "asked")
            && i > 0
            && lower_in(&words[i - 1], &["is", "are", "was", "were", "be", "been", "being"])
}

fn verb_cue(
    text: &str,
    words: &[Word],
    i: usize,
    class: CueClass,
    floor: usize,
    quotes: &[Range<usize>],
    earlier: &[Found],
) -> Option<Found> {
    let mut cue = words[i].start..words[i].end;
    match phrasal(words, i) {
        Some(None) => return None,
        Some(Some(p)) => cue.end = words[p].end,
        None => {}
    }
    let lw = words[i].text.to_lowercase();
    // "…, adding that X", "by saying X", "before asking her X".
    let participle = lw.ends_with("ing")
        && i > 0
        && (words[i - 1].text == "," || lower_in(&words[i - 1], &["by", "before", "after", "while", "when"]));
    if participle {
        // "…, adding that X": the speaker is the subject of the sentence.
        let src = main_speaker(earlier).or_else(|| subject(words, floor, i))?;
        let after = content_after(text, words, i, class, quotes)?;
        return Some(make(text, src, cue, vec![after], quotes));
    }
    let mut j = i;
    while j > floor && (lower_in(&words[j - 1], AUX) || words[j - 1].text.to_lowercase().ends_with("ly")) {
        j -= 1;
    }
    let source = source_before(words, floor, j).or_else(|| source_with_relative_clause(words, floor, j));
    if source.is_none() && j > floor && lower_in(&words[j - 1], &["and", "but"]) {
        // "Schultz backed Democrats and said he did not support Trump": the subject speaks.
        let src = main_speaker(earlier).or_else(|| subject(words, floor, j));
        if let (Some(src), Some(after)) = (src, content_after(text, words, i, class, quotes)) {
            return Some(make(text, src, cue, vec![after], quotes));
        }
    }
    let after = content_after(text, words, i, class, quotes);
    if let Some(src) = source {
        let src_range = words[src.start].start..words[src.end - 1].end;
        let antecedent = (src.len() == 1 && words[src.start].text.eq_ignore_ascii_case("who"))
            .then(|| {
                let mut k = src.start;
                while k > 0 && words[k - 1].text == "," {
                    k -= 1;
                }
                source_before(words, 0, k)
            })
            .flatten()
            .map(|a| words[a.start].start..words[a.end - 1].end);
        let with_antecedent = |mut f: Found| {
            f.antecedent = antecedent.clone();
            f
        };
        // "Shipping companies complained that X, industry sources said.": an earlier
        // attribution whose content stops at our comma is inside our content.
        let comma_at = src.start.checked_sub(1).filter(|&c| words[c].text == ",").map(|c| words[c].start);
        let reports_earlier =
            comma_at.is_some_and(|at| earlier.iter().any(|e| e.content.iter().any(|c| c.end <= at && at <= c.end + 2)));
        let before = content_before(text, words, if reports_earlier { 0 } else { floor }, src.start, quotes);
        let mid = words[i + 1..].first().is_some_and(|n| n.text == ",")
            && !words.get(i + 2).is_some_and(is_participle_cue)
            && before.is_some();
        // "“X,” she said several months later": after a quote, what follows the cue
        // is the setting, unless it opens a quote or a "that" clause of its own.
        let quoted_before = before.as_ref().is_some_and(|b| text[b.clone()].ends_with(['”', '"', '»', '\'']));
        let after_is_speech = words
            .get(i + 1)
            .is_some_and(|n| matches!(n.text, ":" | "," | "“" | "\"") || n.text.eq_ignore_ascii_case("that"));
        let after = if quoted_before && !after_is_speech { None } else { after };
        return match (before, after) {
            // "X, the minister said, Y": both halves are the content.
            (Some(b), Some(a)) if mid && class == CueClass::Speech => {
                Some(make(text, src_range, cue, vec![b, a], quotes))
            }
            (_, Some(a)) => Some(make(text, src_range, cue, vec![a], quotes)),
            (Some(b), None) if class == CueClass::Speech => Some(make(text, src_range, cue, vec![b], quotes)),
            // "The New York Times reports:" closing its paragraph: the quote follows as a block.
            (None, None) if ends_with_colon(words, i) && class == CueClass::Speech => {
                let mut f = make(text, src_range, cue, vec![], quotes);
                f.content_in_next_block = true;
                f.kind = QuoteKind::Direct;
                Some(f)
            }
            _ => None,
        }
        .map(with_antecedent);
    }
    // No source before: "“X,” said Kim" puts it after.
    if class != CueClass::Speech {
        return None;
    }
    let before_ok =
        j > floor && (words[j - 1].text == "," || is_quote_mark(words[j - 1].text) || is_dash(words[j - 1].text));
    if !before_ok {
        return None;
    }
    let src = source_after(words, i + 1, true)?;
    let src_range = words[src.start].start..words[src.end - 1].end;
    let before = content_before(text, words, floor, j, quotes)?;
    Some(make(text, src_range, cue, vec![before], quotes))
}

/// The source of the sentence's latest attribution that no other one reports:
/// in "Clinton said she believes X, saying Y", Clinton, not "she".
fn main_speaker(earlier: &[Found]) -> Option<Range<usize>> {
    let nested =
        |f: &Found| earlier.iter().any(|o| o.content.iter().any(|c| c.start <= f.cue.start && f.cue.end <= c.end));
    earlier.iter().rev().find(|f| !nested(f)).map(|f| f.source.clone())
}

/// The source phrase ending just before token `end`, as a token range.
fn source_before(words: &[Word], floor: usize, end: usize) -> Option<Range<usize>> {
    if end == 0 || end <= floor {
        return None;
    }
    // "… network RT he blasted": a subject pronoun right before the cue is the whole source.
    // So is "who" in "Democrats, who have argued that …" (resolved to its antecedent later).
    if is_subject_pronoun(&words[end - 1]) || words[end - 1].text.eq_ignore_ascii_case("who") {
        return Some(end - 1..end);
    }
    let mut start = end;
    // A party tag or aside before the cue belongs to the source: "Sen. Kim (D-N.Y.) said".
    if words[end - 1].text == ")" {
        let open = (floor..end - 1).rev().take(8).find(|&k| words[k].text == "(")?;
        start = open;
        if start == floor {
            return None;
        }
    }
    while start > floor && end - start < MAX_SOURCE_WORDS + 8 {
        let w = &words[start - 1];
        if is_punct(w) {
            // Inner periods of initials and possessive marks are tokens of their own only when odd; stop on any other mark.
            break;
        }
        if lower_in(w, CLAUSE_BREAK) {
            break;
        }
        start -= 1;
    }
    if start == end || start == end - 1 && words[start].text == "(" {
        // "Kim, who visited the site, said": skip back over a relative clause or apposition.
        if words[end - 1].text == "," || is_dash(words[end - 1].text) {
            return source_before_apposition(words, floor, end - 1);
        }
        return None;
    }
    // Drop a leading time phrase: "On Tuesday the minister said".
    if let Some(k) = (start..end).rev().find(|&k| lower_in(&words[k], TIME_WORDS) || is_year(words[k].text)) {
        if k + 1 < end {
            start = k + 1;
        }
    }
    while start < end && lower_in(&words[start], SENTENCE_ADVERBS) {
        start += 1;
    }
    // "Fiorina a month later announced": a trailing time phrase is not part of the name.
    let mut end = end;
    if end > start + 1 && lower_in(&words[end - 1], TIME_WORDS) {
        let mut k = end - 1;
        while k > start
            && (lower_in(&words[k - 1], &["a", "an", "one", "last", "this", "that", "next", "the"])
                || words[k - 1].text.chars().all(|c| c.is_ascii_digit()))
        {
            k -= 1;
        }
        if k > start {
            end = k;
        }
    }
    if start >= end {
        return None;
    }
    let first = words[start].text.to_lowercase();
    if matches!(first.as_str(), "in" | "on" | "at" | "by" | "for" | "with" | "from" | "of" | "about" | "into" | "over")
    {
        start += 1;
        if start >= end {
            return None;
        }
    }
    if !plausible_source(&words[start..end]) {
        return None;
    }
    Some(start..end)
}

/// "An official who asked not to be named said": the source runs back over
/// a relative clause to its head noun phrase.
fn source_with_relative_clause(words: &[Word], floor: usize, end: usize) -> Option<Range<usize>> {
    let lo = floor.max(end.saturating_sub(14));
    let rel = (lo..end)
        .rev()
        .take_while(|&k| !is_punct(&words[k]))
        .find(|&k| lower_in(&words[k], &["who", "familiar", "speaking", "close"]))?;
    // The clause must hold something: in "An official who asked", "asked" is its verb, not a cue.
    if rel + 1 >= end {
        return None;
    }
    let head = source_before(words, floor, rel)?;
    Some(head.start..end)
}

/// "Kim Yong-hyun, the defense minister, said" / "Kim, who …, said".
fn source_before_apposition(words: &[Word], floor: usize, comma: usize) -> Option<Range<usize>> {
    let lo = floor.max(comma.saturating_sub(30));
    // The apposition opens with the same mark that closes it: a comma or a dash.
    let dash = is_dash(words[comma].text);
    // "--" arrives as two dash tokens: step over the whole closing mark first.
    let mut close = comma;
    while dash && close > lo && is_dash(words[close - 1].text) {
        close -= 1;
    }
    let mut open = (lo..close).rev().find(|&k| if dash { is_dash(words[k].text) } else { words[k].text == "," })?;
    while dash && open > floor && is_dash(words[open - 1].text) {
        open -= 1;
    }
    let is_name = |r: &Range<usize>| {
        words[r.clone()].iter().all(|w| {
            is_capitalized(w.text) || !w.is_word() || lower_in(w, &["the", "a", "an", "of", "de", "van", "von", "al"])
        })
    };
    // "Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said":
    // appositions may stack; walk back over up to three of them to the name.
    for _ in 0..3 {
        let next = words.get(open + 1)?.text.to_lowercase();
        let head = source_before(words, floor, open)?;
        // The head must be a name ("Kim Yong-hyun, head of …, said"), or the apposition
        // must open like one ("…, who …", "…, a professor …").
        let appositive =
            matches!(next.as_str(), "who" | "which" | "whose" | "a" | "an" | "the" | "his" | "her" | "its")
                || is_capitalized(words.get(open + 1)?.text)
                || is_name(&head);
        if appositive && (is_name(&head) || head.start == floor || words[head.start - 1].text != ",") {
            // The source spans the name and its apposition; the name alone is resolved.
            return Some(head.start..close);
        }
        if head.start == floor || words[head.start - 1].text != "," || dash {
            return appositive.then_some(head.start..close);
        }
        open = head.start - 1;
    }
    None
}

/// Whether tokens can name a source: a pronoun, a name, or a noun phrase
/// that ends in a noun-like word, not a clause.
fn plausible_source(ws: &[Word]) -> bool {
    // "Thursday said …": a date is not a source.
    if ws.iter().all(|w| !w.is_word() || lower_in(w, TIME_WORDS)) {
        return false;
    }
    // "In the", "the": a source needs a word beyond function words.
    if ws.iter().all(|w| !w.is_word() || lower_in(w, &["the", "a", "an", "in", "on", "at", "of", "for", "and", "to"])) {
        return false;
    }
    let last = ws[ws.len() - 1].text;
    let ll = last.to_lowercase();
    if super::source::pronoun(last).is_some() {
        return ws.len() == 1;
    }
    if matches!(ll.as_str(), "it" | "there" | "this" | "which" | "him" | "her" | "them" | "me" | "us") {
        return false;
    }
    if ws.iter().any(|w| is_capitalized(w.text)) {
        return true;
    }
    // A lower-case description needs a determiner, a number or a plural head
    // ("officials", "the company", "63 percent", "high school administrators").
    let first = ws[0].text.to_lowercase();
    let plural_head = ll.len() > 3 && ll.ends_with('s') && !ll.ends_with("ss") && ws.len() <= 4;
    DESCRIPTION_START.contains(&first.as_str()) || first.starts_with(|c: char| c.is_ascii_digit()) || plural_head
}

/// The source phrase starting at token `start` ("said Kim Yong-hyun, the minister").
fn source_after(words: &[Word], start: usize, with_apposition: bool) -> Option<Range<usize>> {
    let mut end = start;
    while end < words.len() && end - start < MAX_SOURCE_WORDS {
        let w = &words[end];
        let aux = [
            "has", "have", "had", "would", "will", "could", "did", "does", "do", "can", "may", "might", "should",
            "must",
        ];
        // "according to a report … published on Monday": a participle ends the name.
        let participle = end > start + 1 && w.text.ends_with("ed") && w.text.starts_with(char::is_lowercase);
        if is_punct(w)
            || lower_in(w, CLAUSE_BREAK)
            || lower_in(w, &["in", "on", "at", "during", "yesterday", "today"])
            || lower_in(w, &aux)
            || participle
        {
            break;
        }
        end += 1;
    }
    if end == start || !plausible_source(&words[start..end]) {
        return None;
    }
    if !with_apposition {
        return Some(start..end);
    }
    // "said Rep. Ana Ruiz (D-Ore.), a professor at the university, who …": with the
    // content before the cue, the rest of the sentence describes the source.
    let mut tail = end;
    if words.get(tail).is_some_and(|w| w.text == "(") {
        if let Some(close) = (tail..words.len().min(tail + 10)).find(|&k| words[k].text == ")") {
            tail = close + 1;
        }
    }
    if words.get(tail).is_some_and(|w| w.text == ",") {
        let stop = (tail + 1..words.len())
            .find(|&k| {
                is_quote_mark(words[k].text) || words[k].text == "," && words.get(k + 1).is_some_and(is_participle_cue)
            })
            .unwrap_or(words.len());
        tail = (tail..stop).rev().find(|&k| words[k].is_word() || words[k].text == ")").map_or(tail, |k| k + 1);
    }
    Some(start..tail.max(end))
}

/// The subject of a clause: its first source-like phrase.
fn subject(words: &[Word], floor: usize, limit: usize) -> Option<Range<usize>> {
    let mut start = floor;
    // "On Thursday, however, Trump spoke …": skip openers set off by commas.
    while start < limit
        && (lower_in(&words[start], SENTENCE_ADVERBS)
            || lower_in(&words[start], &["on", "in", "at", "after", "before", "during", "last", "earlier", "later"]))
    {
        match (start..limit.min(start + 8)).find(|&k| words[k].text == ",") {
            Some(c) => start = c + 1,
            None => break,
        }
    }
    // The noun phrase: a determiner with up to three lower-case words ("A senior
    // reporter"), or a run of capitalised words ("Green Party candidate Jill Stein"),
    // then an optional "for/of/at …" phrase naming the body ("for USA Today").
    let take = |from: usize, pred: &dyn Fn(&Word) -> bool| {
        let mut k = from;
        while k < limit && k - from < MAX_SOURCE_WORDS && !is_punct(&words[k]) && pred(&words[k]) {
            k += 1;
        }
        k
    };
    let capitalized = |w: &Word| is_capitalized(w.text);
    let mut end = start;
    if words.get(start).is_some_and(|w| lower_in(w, &["the", "a", "an", "his", "her", "their", "its"])) {
        end += 1;
        let mut lower = 0;
        while end < limit && !is_punct(&words[end]) && lower < 3 {
            let w = &words[end];
            if is_capitalized(w.text) {
                end += 1;
                continue;
            }
            // A second lower-case word ending in -ed is the verb: "A reporter spotted".
            if lower > 0 && (w.text.ends_with("ed") || lower_in(w, CLAUSE_BREAK))
                || lower_in(w, &["for", "of", "at", "from"])
            {
                break;
            }
            lower += 1;
            end += 1;
        }
    } else {
        end = take(start, &capitalized);
    }
    if end > start
        && words.get(end).is_some_and(|w| lower_in(w, &["for", "of", "at", "from"]))
        && words.get(end + 1).is_some_and(|w| is_capitalized(w.text) || lower_in(w, &["the", "a", "an"]))
    {
        let body = end + 1 + usize::from(words[end + 1].text.starts_with(char::is_lowercase));
        let body_end = take(body, &capitalized);
        if body_end > body {
            end = body_end;
        }
    }
    if end == start {
        if words.get(start).is_some_and(|w| super::source::pronoun(w.text).is_some()) {
            let w = &words[start];
            return Some(w.start..w.end);
        }
        return None;
    }
    Some(words[start].start..words[end - 1].end)
}

/// The content after a cue, to the end of the sentence or of a quote that starts there.
fn content_after(
    text: &str,
    words: &[Word],
    i: usize,
    class: CueClass,
    quotes: &[Range<usize>],
) -> Option<Range<usize>> {
    let mut k = match phrasal(words, i) {
        Some(Some(p)) => p + 1,
        _ => i + 1,
    };
    let lw = words[i].text.to_lowercase();
    // "who asked not to be named": the anonymity formula, not a statement.
    if LISTENER_VERBS.contains(&lw.as_str()) && words.get(k).is_some_and(|w| w.text.eq_ignore_ascii_case("not")) {
        return None;
    }
    if LISTENER_VERBS.contains(&lw.as_str()) {
        // Skip the listener: "told reporters", "told the Associated Press".
        let stop = (k + 6).min(words.len());
        while k < stop {
            let t = words[k].text.to_lowercase();
            // "told African-Americans this weekend he would …": the clause starts at its subject.
            // "told local councils the subsidy would last": a new determiner opens the clause.
            let clause_opens = k > i + 1 && lower_in(&words[k], &["the", "a", "an"]);
            if t == "that"
                || clause_opens
                || is_punct(&words[k])
                || t == "to"
                || t == "about"
                || is_subject_pronoun(&words[k])
                || lower_in(&words[k], ADJUNCT_START)
            {
                break;
            }
            k += 1;
        }
    }
    let listener_then_to = k > i + 1 && words.get(k).is_some_and(|w| w.text.eq_ignore_ascii_case("to"));
    // "said about 4,000 people …": "about" before a number is part of the content.
    let approximate = lower_in(&words[k.min(words.len() - 1)], &["about", "around", "over", "under"])
        && words.get(k + 1).is_some_and(|w| w.text.starts_with(|c: char| c.is_ascii_digit()));
    if k < words.len()
        && lower_in(&words[k], ADJUNCT_START)
        && class == CueClass::Speech
        && !listener_then_to
        && !approximate
    {
        // "said on Tuesday that", "said in a statement:".
        let stop = (k + 10).min(words.len());
        let mut m = k;
        while m < stop {
            let t = &words[m];
            // "says at a stop in Toledo, Ohio, that …": a place name's commas stay in the setting.
            let place_comma = t.text == ","
                && words[m + 1..words.len().min(m + 5)].iter().any(|w| w.text.eq_ignore_ascii_case("that"));
            // "said this weekend he would …": the clause starts at its subject.
            if t.text.eq_ignore_ascii_case("that")
                || matches!(t.text, "," | ":") && !place_comma
                || is_quote_mark(t.text)
                || is_subject_pronoun(t) && m > k
            {
                break;
            }
            m += 1;
        }
        if m == stop || m >= words.len() {
            return None;
        }
        // "said Friday afternoon, as they …": after a setting, only a quote is content.
        if words[m].text == "," && !words.get(m + 1).is_some_and(|w| is_quote_mark(w.text)) {
            return None;
        }
        k = m;
    }
    while k < words.len() && (matches!(words[k].text, "," | ":") || words[k].text.eq_ignore_ascii_case("that")) {
        k += 1;
    }
    // "said, adding that …": the participle carries the content, not this cue.
    // "which Obama said would …", "said and …": the content is not after the cue.
    let right_after_cue = k == i + 1;
    // "…, Jordan said, and still “got to sit in …”": a conjunction may join a second quote.
    let conjunction = |w: &Word| {
        lower_in(w, &["and", "or", "but", "nor"])
            && !words[k + 1..words.len().min(k + 4)].iter().any(|n| is_quote_mark(n.text))
    };
    if words
        .get(k)
        .is_some_and(|w| is_participle_cue(w) || conjunction(w) || right_after_cue && lower_in(w, NOT_CONTENT_START))
    {
        return None;
    }
    let rest = &words[k..];
    // An object may be a single name ("attacked Trump"); a clause needs two words.
    let min_words = if class == CueClass::Object { 1 } else { 2 };
    // "backed out", "signed up": a particle is no object.
    if words.get(k).is_some_and(|w| lower_in(w, &["out", "up", "down", "off", "away", "back", "in"])) && min_words == 1
    {
        let rest_words = words[k..].iter().filter(|w| w.is_word()).count();
        if rest_words == 1 {
            return None;
        }
    }
    let content_words = rest.iter().filter(|w| w.is_word()).count();
    if content_words < min_words {
        return None;
    }
    // A participle cue ends this content and starts its own: "…, citing X", "…, adding that Y".
    let ends_content = |p: &[Word]| {
        let comma_then = p[0].text == ","
            && (is_participle_cue(&p[1]) || p[1].text.eq_ignore_ascii_case("according") && p.len() > 2);
        // "said it was opposed and warned X to …", "— and he noted that …": the
        // subject's next verb is its own attribution.
        let speech = |w: &Word| {
            w.text.chars().next().is_some_and(char::is_lowercase)
                && cue_class(&w.text.to_lowercase()).is_some_and(|c| c == CueClass::Speech)
                && !w.text.to_lowercase().ends_with("ing")
        };
        let and_cue = lower_in(&p[0], &["and", "but"]) && (speech(&p[1]) || is_subject_pronoun(&p[1]) && speech(&p[2]));
        // "…, contradicting the police": a participle clause comments on the content.
        let participle_clause = p[0].text == ","
            && p[1].text.len() > 5
            && p[1].text.ends_with("ing")
            && p[1].text.chars().all(|c| c.is_lowercase())
            && !lower_in(
                &p[1],
                &["including", "according", "during", "regarding", "concerning", "following", "excluding"],
            );
        // "…, but analysts agreed …", "…, although he refused …": a contrast starts a new clause.
        let contrast = (p[0].text == "," || matches!(p[0].text, "”" | "\"" | "'"))
            && lower_in(&p[1], &["but", "although", "though", "while", "whereas", "even", "yet"])
            && quote_at(quotes, p[1].start).is_none_or(|q| q.start >= p[1].start);
        comma_then || and_cue || participle_clause || contrast
    };
    // "… complained that X, industry sources said.": the trailing attribution is not content.
    let rest = match rest.iter().rposition(|w| w.text == ",") {
        Some(c)
            if rest.len() - c <= 10
                && rest[c + 1..].iter().any(|w| {
                    w.text.starts_with(char::is_lowercase)
                        && cue_class(&w.text.to_lowercase()) == Some(CueClass::Speech)
                        && !w.text.ends_with("ing")
                }) =>
        {
            &rest[..c]
        }
        _ => rest,
    };
    let rest = match rest.windows(3).position(ends_content) {
        Some(cut) => &rest[..cut],
        None => rest,
    };
    // An object's content ends at the clause's first comma ("attacked X as Y, with jabs …").
    let rest = match (class, rest.iter().position(|w| w.text == ",")) {
        (CueClass::Object, Some(c)) => &rest[..c],
        _ => rest,
    };
    if rest.iter().filter(|w| w.is_word()).count() < min_words {
        return None;
    }
    let start = words[k].start;
    let mut end = rest.iter().rev().find(|w| w.is_word() || is_quote_mark(w.text)).map(|w| w.end)?;
    // A quote that opens here runs to its close, across sentences if need be.
    if let Some(q) = quote_at(quotes, start) {
        if q.start == start && q.end > end {
            end = q.end;
        }
    }
    Some(trim(text, start..end))
}

/// The content before a source: from the floor to the mark before the source.
fn content_before(
    text: &str,
    words: &[Word],
    floor: usize,
    src_start: usize,
    quotes: &[Range<usize>],
) -> Option<Range<usize>> {
    let mut end_tok = src_start;
    // "…, as police have said": "as" joins the separator.
    if end_tok > floor + 1 && words[end_tok - 1].text.eq_ignore_ascii_case("as") && words[end_tok - 2].text == "," {
        end_tok -= 1;
    }
    let src_start = end_tok;
    // "For one thing, Mrs. Clinton proposed …", "Soon after, he said": a fronted
    // phrase sets the scene; it is not what was said.
    let fronted = lower_in(&words[floor], FRONTED)
        && words[floor..src_start].iter().filter(|w| w.is_word()).count() <= 8
        && !words[floor..src_start].iter().any(|w| is_quote_mark(w.text));
    if fronted {
        return None;
    }
    while end_tok > floor && is_punct(&words[end_tok - 1]) && !is_quote_mark(words[end_tok - 1].text) {
        end_tok -= 1;
    }
    if end_tok <= floor {
        // "“Why now?” Clinton said.": the splitter ended the sentence at the quote's
        // "?", so the content is the quote just before this sentence.
        let sentence_start = words.first()?.start;
        return (floor == 0 && src_start == 0)
            .then(|| quotes.iter().rev().find(|q| q.end <= sentence_start))
            .flatten()
            .filter(|q| text[q.end..sentence_start].trim().is_empty())
            .map(|q| trim(text, q.clone()));
    }
    let span = &words[floor..end_tok];
    if span.iter().filter(|w| w.is_word()).count() < 2 {
        return None;
    }
    // The content must be set off from the source by a comma, dash or quote.
    let sep = words[end_tok..src_start].iter().any(|w| w.text == "," || is_dash(w.text))
        || is_quote_mark(words[end_tok - 1].text);
    if !sep {
        return None;
    }
    let mut start = words[floor].start;
    let end = words[end_tok - 1].end;
    // A quote that closes here may have opened in an earlier sentence.
    if let Some(q) = quote_at(quotes, end.saturating_sub(1)) {
        if q.end == end && q.start < start {
            start = q.start;
        }
    }
    Some(trim(text, start..end))
}

fn according_to(text: &str, words: &[Word], i: usize, floor: usize, quotes: &[Range<usize>]) -> Option<Found> {
    let cue = words[i].start..words[i + 1].end;
    let src = source_after(words, i + 2, false).or_else(|| {
        // "according to a report by …" may run long: take up to the comma.
        let end = (i + 2..words.len()).find(|&k| is_punct(&words[k]))?;
        (end > i + 2).then_some(i + 2..end)
    })?;
    let src_range = words[src.start].start..words[src.end - 1].end;
    let before = content_before_plain(text, words, floor, i);
    let after_start = (src.end..words.len()).find(|&k| words[k].is_word() || is_quote_mark(words[k].text));
    let after = after_start.and_then(|k| {
        let mut end = words.iter().rev().find(|w| w.is_word() || is_quote_mark(w.text))?.end;
        // "According to Limbaugh, “…. …”": a quote opening here runs to its close.
        if let Some(q) = quote_at(quotes, words[k].start).filter(|q| q.start == words[k].start) {
            end = end.max(q.end);
        }
        (words[k..].iter().filter(|w| w.is_word()).count() >= 2).then(|| trim(text, words[k].start..end))
    });
    let content: Vec<_> = before.into_iter().chain(after).collect();
    if content.is_empty() {
        return None;
    }
    Some(make(text, src_range, cue, content, quotes))
}

fn content_before_plain(text: &str, words: &[Word], floor: usize, end: usize) -> Option<Range<usize>> {
    let mut e = end;
    while e > floor && is_punct(&words[e - 1]) {
        e -= 1;
    }
    if e <= floor || words[floor..e].iter().filter(|w| w.is_word()).count() < 2 {
        return None;
    }
    Some(trim(text, words[floor].start..words[e - 1].end))
}

/// "“…” ― Sonya Herridge": a quote signed with a dash and a name, no verb.
fn dash_after_quote(text: &str, words: &[Word], dash: usize, quotes: &[Range<usize>]) -> Option<Found> {
    let src = source_after(words, dash + 1, true)?;
    // Only a name (or a name and its apposition) may follow: nothing else in the sentence.
    if words[src.end..].iter().any(|w| w.is_word()) || !is_capitalized(words[src.start].text) {
        return None;
    }
    let close = words[dash - 1].start;
    let q = quote_at(quotes, close)?;
    let src_range = words[src.start].start..words[src.end - 1].end;
    let cue = words[dash].start..words[dash].end;
    Some(make(text, src_range, cue, vec![q], quotes))
}

/// "Defense Ministry: North Korea may …" and "Kim: “…”".
fn colon_lead(
    text: &str,
    words: &[Word],
    sentence: Range<usize>,
    heading: bool,
    quotes: &[Range<usize>],
) -> Option<Found> {
    let colon = words.iter().take(8).position(|w| w.text == ":")?;
    // A transcript turn may sit inside a quoted block: "“PENCE: Well, look …".
    let first = usize::from(words.first().is_some_and(|w| is_quote_mark(w.text)));
    if colon <= first {
        return None;
    }
    let src = &words[first..colon];
    if !src.iter().all(|w| w.is_word()) || !is_capitalized(src[0].text) || !plausible_source(src) {
        return None;
    }
    // "Omar Reyes said: “…”" is a verb cue with a colon, not a lead-in.
    if src.iter().any(|w| w.text.starts_with(char::is_lowercase) && cue_class(&w.text.to_lowercase()).is_some()) {
        return None;
    }
    // "The Latest: …", "Stealth Over Health: …" are headline styles, not speakers.
    let title_case_function_word = src.iter().any(|w| {
        matches!(
            w.text,
            "The"
                | "A"
                | "An"
                | "Over"
                | "Of"
                | "In"
                | "On"
                | "For"
                | "And"
                | "To"
                | "With"
                | "At"
                | "By"
                | "Is"
                | "Why"
                | "How"
                | "What"
        )
    });
    if title_case_function_word {
        return None;
    }
    let after = &words[colon + 1..];
    let opens_quote = after.first().is_some_and(|w| is_quote_mark(w.text));
    // A transcript turn: "TAPPER: …" opening its paragraph; the turn runs to the paragraph's end.
    let transcript = sentence.start == 0
        && src.iter().all(|w| {
            w.text.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.text.chars().any(char::is_lowercase)
        });
    if !heading && !opens_quote && !transcript {
        return None;
    }
    if after.iter().filter(|w| w.is_word()).count() < 3 && !transcript {
        return None;
    }
    let src_range = src[0].start..src[src.len() - 1].end;
    let cue = words[colon].start..words[colon].end;
    let end = if transcript { text.len() } else { sentence.end };
    let content = trim(text, after.first()?.start..end);
    Some(make(text, src_range, cue, vec![content], quotes))
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches(|c: char| c.is_whitespace() || c == ',').len();
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':'));
    r.start + lead..r.start + t.len().max(lead)
}

fn make(
    text: &str,
    source: Range<usize>,
    cue: Range<usize>,
    content: Vec<Range<usize>>,
    quotes: &[Range<usize>],
) -> Found {
    let kind = quote_kind(text, &content, quotes);
    Found { source, cue, content, kind, antecedent: None, content_in_next_block: false }
}

fn quote_kind(text: &str, content: &[Range<usize>], quotes: &[Range<usize>]) -> QuoteKind {
    let total: usize = content.iter().map(|r| r.len()).sum();
    let quoted: usize = content
        .iter()
        .map(|r| quotes.iter().map(|q| q.end.min(r.end).saturating_sub(q.start.max(r.start))).sum::<usize>())
        .sum();
    let _ = text;
    if quoted == 0 {
        QuoteKind::Indirect
    } else if quoted + 4 >= total {
        QuoteKind::Direct
    } else {
        QuoteKind::Mixed
    }
}
