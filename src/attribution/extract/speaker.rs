//! Finding the source of a cue: the noun phrase before it (with appositions,
//! party tags and relative clauses), after it ("said Kim"), or the sentence's
//! subject for participles and coordinated verbs.

#[allow(unused_imports)]
use super::*;

/// The source of the sentence's latest attribution that no other one reports:
/// in "Clinton said she believes X, saying Y", Clinton, not "she".
pub(super) fn main_speaker(earlier: &[Found]) -> Option<Range<usize>> {
    let nested =
        |f: &Found| earlier.iter().any(|o| o.content.iter().any(|c| c.start <= f.cue.start && f.cue.end <= c.end));
    earlier.iter().rev().find(|f| !nested(f)).map(|f| f.source.clone())
}

/// The source phrase ending just before token `end`, as a token range.
pub(super) fn source_before(words: &[Word], floor: usize, end: usize) -> Option<Range<usize>> {
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
    let first = words[start].lower;
    if matches!(first, "in" | "on" | "at" | "by" | "for" | "with" | "from" | "of" | "about" | "into" | "over") {
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
pub(super) fn source_with_relative_clause(words: &[Word], floor: usize, end: usize) -> Option<Range<usize>> {
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
pub(super) fn source_before_apposition(words: &[Word], floor: usize, comma: usize) -> Option<Range<usize>> {
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
        let next = words.get(open + 1)?.lower;
        let head = source_before(words, floor, open)?;
        // The head must be a name ("Kim Yong-hyun, head of …, said"), or the apposition
        // must open like one ("…, who …", "…, a professor …").
        let appositive = matches!(next, "who" | "which" | "whose" | "a" | "an" | "the" | "his" | "her" | "its")
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
pub(super) fn plausible_source(ws: &[Word]) -> bool {
    // "Thursday said …": a date is not a source.
    if ws.iter().all(|w| !w.is_word() || lower_in(w, TIME_WORDS)) {
        return false;
    }
    // "In the", "the": a source needs a word beyond function words.
    if ws.iter().all(|w| !w.is_word() || lower_in(w, &["the", "a", "an", "in", "on", "at", "of", "for", "and", "to"])) {
        return false;
    }
    let last = ws[ws.len() - 1].text;
    let ll = crate::text::lower(last);
    if crate::speakers::pronoun(last).is_some() {
        return ws.len() == 1;
    }
    if matches!(&*ll, "it" | "there" | "this" | "which" | "him" | "her" | "them" | "me" | "us") {
        return false;
    }
    if ws.iter().any(|w| is_capitalized(w.text)) {
        return true;
    }
    // A lower-case description needs a determiner, a number or a plural head
    // ("officials", "the company", "63 percent", "high school administrators").
    let first = ws[0].lower;
    let plural_head = ll.len() > 3 && ll.ends_with('s') && !ll.ends_with("ss") && ws.len() <= 4;
    DESCRIPTION_START.contains(&first) || first.starts_with(|c: char| c.is_ascii_digit()) || plural_head
}

/// The source phrase starting at token `start` ("said Kim Yong-hyun, the minister").
pub(super) fn source_after(words: &[Word], start: usize, with_apposition: bool) -> Option<Range<usize>> {
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
pub(super) fn subject(words: &[Word], floor: usize, limit: usize) -> Option<Range<usize>> {
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
        if words.get(start).is_some_and(|w| crate::speakers::pronoun(w.text).is_some()) {
            let w = &words[start];
            return Some(w.start..w.end);
        }
        return None;
    }
    Some(words[start].start..words[end - 1].end)
}
