//! Finding what was said: the clause after a cue (past listeners and
//! settings, up to the next clause of its own) or the text set off before
//! the source, possibly a quote that began in an earlier sentence.

#[allow(unused_imports)]
use super::*;

/// The content after a cue, to the end of the sentence or of a quote that starts there.
pub(super) fn content_after(
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
    let lw = words[i].lower;
    // "who asked not to be named": the anonymity formula, not a statement.
    if LISTENER_VERBS.contains(&lw) && words.get(k).is_some_and(|w| w.text.eq_ignore_ascii_case("not")) {
        return None;
    }
    if LISTENER_VERBS.contains(&lw) {
        // Skip the listener: "told reporters", "told the Associated Press".
        let stop = (k + 6).min(words.len());
        while k < stop {
            let t = words[k].lower;
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
        // "…; they only learned on Friday …": a semicolon starts another clause.
        if p[0].text == ";" {
            return true;
        }
        let comma_then = p[0].text == ","
            && (is_participle_cue(&p[1]) || p[1].text.eq_ignore_ascii_case("according") && p.len() > 2);
        // "said it was opposed and warned X to …", "— and he noted that …": the
        // subject's next verb is its own attribution.
        let speech = |w: &Word| {
            w.text.chars().next().is_some_and(char::is_lowercase)
                && cue_class(w.lower).is_some_and(|c| c == CueClass::Speech)
                && !w.lower.ends_with("ing")
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
                        && cue_class(w.lower) == Some(CueClass::Speech)
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
    // "… continue” ― Beck": a closing mark cannot open what was said.
    let closing_mark =
        is_quote_mark(words[k].text) && quote_at(quotes, words[k].start).is_none_or(|q| q.start != words[k].start);
    if closing_mark {
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
pub(super) fn content_before(
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
            .then(|| quotes[..quotes.partition_point(|q| q.end <= sentence_start)].last())
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

pub(super) fn content_before_plain(text: &str, words: &[Word], floor: usize, end: usize) -> Option<Range<usize>> {
    let mut e = end;
    while e > floor && is_punct(&words[e - 1]) {
        e -= 1;
    }
    if e <= floor || words[floor..e].iter().filter(|w| w.is_word()).count() < 2 {
        return None;
    }
    Some(trim(text, words[floor].start..words[e - 1].end))
}

/// True when the cue is followed by a colon and nothing else in the sentence.
pub(super) fn ends_with_colon(words: &[Word], i: usize) -> bool {
    let rest = &words[i + 1..];
    rest.first().is_some_and(|w| w.text == ":") && rest[1..].iter().all(|w| !w.is_word())
}

pub(super) fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start_matches(|c: char| c.is_whitespace() || c == ',').len();
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':'));
    r.start + lead..r.start + t.len().max(lead)
}
