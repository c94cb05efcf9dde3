//! Attribution patterns without a plain verb cue: "according to X", a
//! lead-in colon, a quote signed with a dash, an opening participle, and a
//! question with no stated asker.

#[allow(unused_imports)]
use super::*;

/// "Claiming the criticism is unfair, Trump told Fox …": the content runs to
/// the first comma, the source is the subject after it.
pub(super) fn opening_participle(text: &str, words: &[Word], quotes: &[Range<usize>]) -> Option<Found> {
    let comma = words.iter().take(30).position(|w| w.text == ",")?;
    if words[1..comma].iter().filter(|w| w.is_word()).count() < 1 {
        return None;
    }
    let mut src = subject(words, comma + 1, words.len())?;
    // The subject stops before its verb: "…, the mayor told reporters" is the mayor.
    if let Some(k) = (comma + 2..words.len())
        .take_while(|&k| words[k].end <= src.end)
        .find(|&k| words[k].start > src.start && cue_class(words[k].lower).is_some())
    {
        src.end = words[k - 1].end;
    }
    // "Writing for a panel, X noted …" sets a scene; a participle's content is its object.
    if lower_in(&words[1], &["for", "in", "on", "at", "from", "with", "to", "about"]) {
        return None;
    }
    let content = trim(text, words[1].start..words[comma - 1].end);
    let cue = words[0].start..words[0].end;
    Some(make("opening-participle", text, src, cue, vec![content], quotes))
}

/// "When asked whether he would run, Kim said …": the question is the content
/// of an attribution with no stated source; it runs to the comma.
pub(super) fn implicit_question(text: &str, words: &[Word], i: usize, quotes: &[Range<usize>]) -> Option<Found> {
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
    Some(make("implicit-question", text, at..at, words[i].start..words[i].end, vec![content], quotes))
}

pub(super) fn according_to(
    text: &str,
    words: &[Word],
    i: usize,
    floor: usize,
    quotes: &[Range<usize>],
) -> Option<Found> {
    let cue = words[i].start..words[i + 1].end;
    // "according to schedule": a manner, not a source.
    if words.get(i + 2).is_some_and(|w| super::super::lexicon::is_manner_noun(w.lower)) {
        return None;
    }
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
    Some(make("according-to", text, src_range, cue, content, quotes))
}

/// "“…” ― Sonya Herridge": a quote signed with a dash and a name, no verb.
pub(super) fn dash_after_quote(text: &str, words: &[Word], dash: usize, quotes: &[Range<usize>]) -> Option<Found> {
    let src = source_after(words, dash + 1, true)?;
    // Only a name (or a name and its apposition) may follow: nothing else in the sentence.
    if words[src.end..].iter().any(|w| w.is_word()) || !is_capitalized(words[src.start].text) {
        return None;
    }
    let close = words[dash - 1].start;
    let q = quote_at(quotes, close)?;
    let src_range = words[src.start].start..words[src.end - 1].end;
    let cue = words[dash].start..words[dash].end;
    Some(make("dash-after-quote", text, src_range, cue, vec![q], quotes))
}

/// "Defense Ministry: North Korea may …" and "Kim: “…”".
pub(super) fn colon_lead(
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
    if src.iter().any(|w| w.text.starts_with(char::is_lowercase) && cue_class(w.lower).is_some()) {
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
    Some(make("colon-lead", text, src_range, cue, vec![content], quotes))
}
