//! Sentence splitting tuned for news: abbreviations ("Mr.", "Sept.",
//! "U.S."), initials ("J. Smith") and quotes that close after the full stop.

use crate::lexicon::WordSet;
use std::ops::Range;
use std::sync::OnceLock;

fn abbreviations() -> &'static WordSet<&'static str> {
    static SET: OnceLock<WordSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| crate::lexicon::entries(include_str!("../lexicon/abbreviations.txt")).collect())
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '–' | '-')
}

/// Splits a block's text into sentence byte ranges, trimmed of spaces.
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // Take the whole run of terminators and closing quotes.
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if matches!(d, '.' | '!' | '?' | '…') || is_closer(d) {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        // A boundary needs whitespace, then a sentence start.
        let rest = &text[end..];
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() || trimmed.is_empty() {
            continue;
        }
        let next = trimmed.chars().next().unwrap_or(' ');
        if !(next.is_uppercase() || next.is_numeric() || is_opener(next)) {
            continue;
        }
        if c == '.' && is_abbreviation(&text[start..i]) {
            continue;
        }
        push_trimmed(text, start..end, &mut out);
        start = end;
    }
    push_trimmed(text, start..bytes.len(), &mut out);
    out
}

/// True when `word` (without its period) is an abbreviation or an initial:
/// its period does not end a sentence.
pub fn is_abbreviation_word(word: &str) -> bool {
    let mut cs = word.chars();
    if let (Some(first), None) = (cs.next(), cs.next()) {
        return first.is_uppercase();
    }
    // Dotted initials: "U.S", "G.K", "N.C".
    (word.contains('.')
        && word
            .split(|c: char| !c.is_alphanumeric())
            .all(|p| (1..=2).contains(&p.chars().count()) && p.chars().all(char::is_alphabetic)))
        || abbreviations().contains(&*super::lower(word))
}

/// True when the word before a period is an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '“' || c == '"').next().unwrap_or("");
    !word.is_empty() && is_abbreviation_word(word)
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(t: &str) -> Vec<&str> {
        split_sentences(t).into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            split("Mr. Smith met Gov. J. R. Brown in the U.S. capital on Sept. 4. They talked."),
            ["Mr. Smith met Gov. J. R. Brown in the U.S. capital on Sept. 4.", "They talked."]
        );
    }

    #[test]
    fn splits_after_closing_quote() {
        assert_eq!(split("“We are ready.” The crowd cheered."), ["“We are ready.”", "The crowd cheered."]);
        assert_eq!(split("“Are we ready?” she asked."), ["“Are we ready?” she asked."]);
    }
}
