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
//!
//! This module walks the cues and picks the pattern; [`speaker`] finds
//! sources, [`content`] what was said, [`patterns`] the forms without a verb
//! cue, and [`lists`] holds the word lists they share.

use std::ops::Range;

use super::lexicon::{cue_class, CueClass};
use crate::report::QuoteKind;
use crate::syntax::{Parse, Upos};
use crate::text::quote_at;
use crate::text::{is_capitalized, Word};

mod content;
mod lists;
mod patterns;
mod speaker;

use content::*;
use lists::*;
use patterns::*;
use speaker::*;

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
    /// The id of the rule that found it (one of [`RULES`]), or `model`.
    pub pattern: &'static str,
}

/// Every rule's id, as the report's `pattern` carries it; each has its
/// positive and negative cases in `tests/fixtures/attribution_patterns.json`.
pub const RULES: &[&str] = &[
    "colon-lead",
    "according-to",
    "dash-after-quote",
    "opening-participle",
    "implicit-question",
    "participle-cue",
    "conjoined-speaker",
    "verb-after",
    "verb-before",
    "verb-mid",
    "verb-inverted",
    "verb-colon-block",
    "syntax-cue",
];

const MAX_CUES_PER_SENTENCE: usize = 16;

/// When the word rules find no source or content for a cue verb, the parse
/// may: its subject before it and its clausal complement (ccomp) after it,
/// across whatever clause the word windows could not cross ("The official,
/// who spoke to reporters in the capital on Monday, insisted that …").
fn syntax_cue(text: &str, parse: Option<&Parse>, cue: Range<usize>, quotes: &[Range<usize>]) -> Option<Found> {
    let p = parse?;
    let v = p.token_at(cue.start)?;
    // A verb inside a relative or adverbial clause ("an official who asked
    // not to be named") is the rules' business: they know its antecedent.
    if p.upos[v] != Upos::VERB || p.rels[v].starts_with("acl") || p.rels[v].starts_with("advcl") {
        return None;
    }
    let subject = p.subject_of(v)?;
    // A passive cue's subject is what is spoken of or to, never the speaker
    // ("the levy is said to have risen", "he was told that …").
    if p.rels[subject].ends_with(":pass") || p.child_with(v, &["aux:pass"]).is_some() {
        return None;
    }
    let complement = p.child_with(v, &["ccomp"])?;
    // A source is a noun phrase: no verb inside, not a relative pronoun.
    let source_tokens = p.span(subject);
    let nominal = matches!(p.upos[subject], Upos::NOUN | Upos::PROPN | Upos::PRON)
        && !matches!(p.forms[subject].to_lowercase().as_str(), "who" | "which" | "that" | "what")
        && source_tokens.clone().all(|t| p.upos[t] != Upos::VERB && p.upos[t] != Upos::AUX);
    if !nominal {
        return None;
    }
    let source = p.bytes(source_tokens);
    let mut content = p.bytes(p.span(complement));
    if source.end > cue.start || content.start < cue.end || source.is_empty() {
        return None;
    }
    // The complementiser is not what was said.
    if let Some(first) = p.token_at(content.start) {
        if p.rels[first] == "mark" && first + 1 < p.len() {
            content.start = p.tokens[first + 1].start;
        }
    }
    Some(make("syntax-cue", text, source, cue, vec![content], quotes))
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
    parse: Option<&Parse>,
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
        let lw = w.lower;
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
        let Some(class) = cue_class(lw) else {
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
        let found = verb_cue(text, words, i, class, floor, quotes, &out).or_else(|| {
            syntax_cue(text, parse, w.start..w.end, quotes)
                .filter(|f| f.source.start >= words[floor.min(words.len() - 1)].start)
        });
        if let Some(f) = found {
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

fn is_noun_use(words: &[Word], i: usize) -> bool {
    // "the report", "Trump’s comments", "Editor’s note": determiners and possessives mark nouns.
    let prev_marks = i > 0
        && (lower_in(&words[i - 1], NOUN_MARKERS)
            || words[i - 1].text.ends_with("’s")
            || words[i - 1].text.ends_with("'s"));
    // Verbs that attribute only with their complement: "declined to comment"
    // (not "sales declined 3 percent"), "charged that" (not "charged fees").
    let l = words[i].lower;
    let next = words.get(i + 1).map(|n| n.lower).unwrap_or_default();
    let needs = |stem: &str, complement: &[&str]| l.starts_with(stem) && !complement.contains(&&*next);
    if needs("declin", &["to"]) || needs("refus", &["to"]) || needs("charg", &["that"]) {
        return true;
    }
    // "called a strike", "calls an election": an event is called, nobody is quoted.
    // "showing up", "found out": a particle makes another verb.
    let particle =
        phrasal(words, i).is_none() && words.get(i + 1).is_some_and(|n| lower_in(n, &["up", "off", "down", "away"]));
    if particle {
        return true;
    }
    let calls_event = words[i].lower.starts_with("call")
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
    let l = words[i].lower;
    let bare_plan = l.starts_with("plan") && !words.get(i + 1).is_some_and(|n| n.text.eq_ignore_ascii_case("to"));
    prev_marks || next_of || to_infinitive || bare_plan
}

fn is_passive(words: &[Word], i: usize) -> bool {
    let w = words[i].lower;
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
    let lw = words[i].lower;
    // "…, adding that X", "by saying X", "before asking her X".
    let participle = lw.ends_with("ing")
        && i > 0
        && (words[i - 1].text == "," || lower_in(&words[i - 1], &["by", "before", "after", "while", "when"]));
    if participle {
        // "…, adding that X": the speaker is the subject of the sentence.
        let src = main_speaker(earlier).or_else(|| subject(words, floor, i))?;
        let after = content_after(text, words, i, class, quotes)?;
        return Some(make("participle-cue", text, src, cue, vec![after], quotes));
    }
    let mut j = i;
    while j > floor && (lower_in(&words[j - 1], AUX) || words[j - 1].lower.ends_with("ly")) {
        j -= 1;
    }
    let source = source_before(words, floor, j).or_else(|| source_with_relative_clause(words, floor, j));
    if source.is_none() && j > floor && lower_in(&words[j - 1], &["and", "but"]) {
        // "Schultz backed Democrats and said he did not support Trump": the subject speaks.
        let src = main_speaker(earlier).or_else(|| subject(words, floor, j));
        if let (Some(src), Some(after)) = (src, content_after(text, words, i, class, quotes)) {
            return Some(make("conjoined-speaker", text, src, cue, vec![after], quotes));
        }
    }
    let after = content_after(text, words, i, class, quotes);
    if let Some(src) = source {
        let src_range = words[src.start].start..words[src.end - 1].end;
        let antecedent = (src.len() == 1 && matches!(words[src.start].lower, "who" | "which"))
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
        // But "“X.” He said Y": a quote closed by its own full stop, then a
        // capitalised source, is the last sentence; the cue starts a new one.
        let new_sentence = before.as_ref().is_some_and(|b| {
            let t = text[b.clone()].trim_end_matches(['”', '"', '»', '\'']);
            t.ends_with(['.', '!', '?'])
        }) && words[src.start].text.starts_with(char::is_uppercase);
        let after = if quoted_before && !after_is_speech && !new_sentence { None } else { after };
        return match (before, after) {
            // "X, the minister said, Y": both halves are the content.
            (Some(b), Some(a)) if mid && class == CueClass::Speech => {
                Some(make("verb-mid", text, src_range, cue, vec![b, a], quotes))
            }
            (_, Some(a)) => Some(make("verb-after", text, src_range, cue, vec![a], quotes)),
            (Some(b), None) if class == CueClass::Speech => {
                Some(make("verb-before", text, src_range, cue, vec![b], quotes))
            }
            // "The New York Times reports:" closing its paragraph: the quote follows as a block.
            (None, None) if ends_with_colon(words, i) && class == CueClass::Speech => {
                let mut f = make("verb-colon-block", text, src_range, cue, vec![], quotes);
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
    Some(make("verb-inverted", text, src_range, cue, vec![before], quotes))
}

/// A found attribution with its quote kind worked out; `pattern` is the
/// rule's id (the learned stage builds its own through this too, as `model`).
pub(crate) fn make(
    pattern: &'static str,
    text: &str,
    source: Range<usize>,
    cue: Range<usize>,
    content: Vec<Range<usize>>,
    quotes: &[Range<usize>],
) -> Found {
    let kind = quote_kind(text, &content, quotes);
    Found { source, cue, content, kind, antecedent: None, content_in_next_block: false, pattern }
}

fn quote_kind(text: &str, content: &[Range<usize>], quotes: &[Range<usize>]) -> QuoteKind {
    let total: usize = content.iter().map(|r| r.len()).sum();
    let quoted: usize = content
        .iter()
        .map(|r| {
            let first = quotes.partition_point(|q| q.end <= r.start);
            quotes[first..]
                .iter()
                .take_while(|q| q.start < r.end)
                .map(|q| q.end.min(r.end).saturating_sub(q.start.max(r.start)))
                .sum::<usize>()
        })
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
