//! What a source is: a pronoun, a name with its role, or a described group,
//! and which type of source that makes it.

use super::lexicon::{first_name, gender_word, is_place, Gender};
use crate::attribution::lexicon::{is_title, source_types_in};
use crate::report::SourceType;
use crate::text::is_capitalized;

/// A pronoun that can stand for a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// he, she.
    Person(Gender),
    /// they, we.
    Plural,
    /// it.
    Thing,
    /// I, we, you: the speaker of the quote they stand in, or the writer.
    Speaker,
}

/// Recognises a source that is a bare pronoun.
pub fn pronoun(text: &str) -> Option<Pronoun> {
    crate::attribution::lexicon::pronoun(&crate::text::lower(text))
}

/// A source phrase taken apart.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceParts {
    /// The name, without titles ("Kim Yong-hyun"); empty for descriptions.
    pub name: String,
    /// The role or title given with it ("Defense Minister").
    pub role: Option<String>,
    /// Its type.
    pub kind: SourceType,
}

/// Splits "Defense Minister Kim Yong-hyun" into role and name and types the source.
pub fn analyse(text: &str) -> SourceParts {
    let mut parts = analyse_words(text);
    retype(text, &mut parts);
    parts
}

/// Types the lexicons get wrong on their own. A place that speaks is its
/// government ("Seoul believes"). A description whose head is a person
/// ("an agency spokesman") is a person, though a word in it names a body. A
/// group named by a plural ("residents", "Palestinians") is vague, not a
/// person.
fn retype(text: &str, parts: &mut SourceParts) {
    let words: Vec<&str> = text.split_whitespace().map(clean).filter(|w| !w.is_empty()).collect();
    // The head: the last word before a preposition ("Executives across the world").
    let before_preposition = words.iter().position(|w| {
        matches!(
            &*crate::text::lower(w),
            "of" | "at" | "in" | "across" | "from" | "on" | "with" | "for" | "near" | "inside" | "around"
        )
    });
    let Some(head) = words[..before_preposition.unwrap_or(words.len())].last() else { return };
    let head_lower = crate::text::lower(head);
    let unprefixed: Vec<&str> = words.iter().copied().skip_while(|w| w.eq_ignore_ascii_case("the")).collect();
    let place = !unprefixed.is_empty() && is_place(&unprefixed.join(" ").to_lowercase());
    if place && parts.kind == SourceType::Person {
        parts.kind = SourceType::Organization;
        parts.name = unprefixed.join(" ");
        parts.role = None;
        return;
    }
    let person_head = is_title(&head_lower) || gender_word(&head_lower).is_some();
    if parts.name.is_empty()
        && person_head
        && matches!(parts.kind, SourceType::Organization | SourceType::Outlet | SourceType::Document)
    {
        parts.kind = SourceType::Person;
        return;
    }
    let plural = head_lower.len() > 3
        && head_lower.ends_with('s')
        && !head_lower.ends_with("ss")
        && !head_lower.ends_with("us")
        && !head_lower.ends_with("is")
        && !head_lower.ends_with("'s")
        && !head_lower.ends_with("’s");
    if parts.kind == SourceType::Person && plural && parts.name.is_empty() {
        parts.kind = SourceType::Vague;
    }
    // "Big Machine", "Home Depot": no first name opens it and a common noun
    // ends it, so a body, not a person ("Tim Cook" opens with a first name).
    let name_words: Vec<&str> = parts.name.split_whitespace().collect();
    if parts.kind == SourceType::Person && parts.role.is_none() && name_words.len() >= 2 {
        let first = crate::text::lower(clean(name_words[0]));
        let last = crate::text::lower(clean(name_words[name_words.len() - 1]));
        if first_name(&first).is_none() && super::lexicon::is_common_noun(&last) {
            parts.kind = SourceType::Organization;
        }
    }
}

/// A capitalised plural that names a people or a movement ("Palestinians",
/// "Islamists"), when it is a source on its own: a group, not a person.
/// The resolver asks only after no entity of that name is known (so "Evans"
/// after "Mike Evans" is still him).
pub fn is_group_name(word: &str) -> bool {
    let lower = crate::text::lower(word);
    is_capitalized(word)
        && ["ans", "ese", "ists", "ites"].iter().any(|s| lower.ends_with(s))
        && super::lexicon::first_name(&lower).is_none()
}

fn analyse_words(text: &str) -> SourceParts {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower = format!(" {} ", words.iter().map(|w| clean(w).to_lowercase()).collect::<Vec<_>>().join(" "));
    let last_cap = words.last().is_some_and(|w| is_capitalized(clean(w)));
    // "Experts", "Critics" open a sentence capitalised but are still descriptions.
    let only_first_cap = words.iter().skip(1).all(|w| !is_capitalized(clean(w)));
    // "Officials at Homeland Security", "experts on North Korea": the head noun types the source.
    let head_then_preposition = words.len() > 2
        && matches!(
            &*crate::text::lower(clean(words[1])),
            "at" | "of" | "for" | "from" | "in" | "on" | "with" | "close"
        )
        && source_types_in(&format!(" {} ", clean(words[0]).to_lowercase()))
            .next()
            .is_some_and(|t| matches!(t, SourceType::Vague | SourceType::Anonymous));
    if head_then_preposition {
        let kind =
            source_types_in(&format!(" {} ", clean(words[0]).to_lowercase())).next().unwrap_or(SourceType::Vague);
        return SourceParts { name: String::new(), role: Some(text.to_string()), kind };
    }
    let described = only_first_cap
        && source_types_in(&lower)
            .next()
            .is_some_and(|t| matches!(t, SourceType::Vague | SourceType::Anonymous | SourceType::Document));
    if !last_cap || described {
        // A description: "a senior official", "the ministry", "media reports".
        let kind = source_types_in(&lower).next().unwrap_or(SourceType::Person);
        return SourceParts { name: String::new(), role: Some(text.to_string()), kind };
    }
    // Leading titles, then the name: the capitalised tail that is not a title.
    let mut split = 0;
    for (i, w) in words.iter().enumerate() {
        let lw = crate::text::lower(clean(w));
        // "Pieter van den Berg": a particle before a capitalised word is part of the name.
        let particle = is_particle(&lw) && words.get(i + 1).is_some_and(|n| is_capitalized(clean(n))) && i > 0;
        if is_title(&lw) || !is_capitalized(clean(w)) && !particle {
            split = i + 1;
        }
    }
    if split >= words.len() {
        // "The South Korean Defense Minister": a role with no name after it.
        let kind = source_types_in(&lower).next().unwrap_or(SourceType::Person);
        return SourceParts { name: String::new(), role: Some(text.to_string()), kind };
    }
    // "the FBI", "the U.N.": an acronym ends the name (initials like "G.K." precede a surname).
    let acronym = words.last().is_some_and(|w| {
        let c = clean(w);
        c.chars().count() >= 2 && c.chars().all(|ch| ch.is_uppercase() || ch == '.')
    });
    // Organisations and outlets keep their whole name ("the Defense Ministry" → "Defense Ministry").
    let name_lower =
        format!(" {} ", words[split..].iter().map(|w| clean(w).to_lowercase()).collect::<Vec<_>>().join(" "));
    let body = |t: &SourceType| matches!(t, SourceType::Outlet | SourceType::Organization);
    // "the House Select Committee on Intelligence": one capitalised word after
    // the last lower-case one, and a body's word before it: the whole is the body.
    let whole_body = words.len() - split == 1 && split > 0 && source_types_in(&lower).any(|t| body(&t));
    let institution = source_types_in(&name_lower).find(body).or(whole_body.then_some(SourceType::Organization));
    // "CEO of the Refugee Council Enver Solomon": a body's name, then a
    // person's that opens with a first name; the person is the source.
    let person_after_body = institution.is_some() && {
        let tail = &words[split..];
        (1..tail.len().saturating_sub(1)).any(|k| {
            first_name(&crate::text::lower(clean(tail[k]))).is_some()
                && source_types_in(&format!(" {} ", clean(tail[k - 1]).to_lowercase())).any(|t| body(&t))
        })
    };
    if person_after_body {
        let tail = &words[split..];
        let k =
            (1..tail.len() - 1).rev().find(|&k| first_name(&crate::text::lower(clean(tail[k]))).is_some()).unwrap_or(1);
        let name = strip_possessive(&tail[k..].join(" ")).to_string();
        return SourceParts { name, role: Some(words[..split + k].join(" ")), kind: SourceType::Person };
    }
    if let Some(kind) = institution.or(acronym.then_some(SourceType::Organization)) {
        let start = words.iter().position(|w| is_capitalized(clean(w))).unwrap_or(0);
        let name = strip_possessive(&words[start..].join(" ")).to_string();
        return SourceParts { name, role: None, kind };
    }
    let name = words[split..].join(" ");
    let role = (split > 0).then(|| words[..split].join(" "));
    let kind = SourceType::Person;
    SourceParts { name: strip_possessive(&name).to_string(), role, kind }
}

/// Lower-case words inside names ("Pieter van den Berg", "Abu Bakr al-Baghdadi").
pub const PARTICLES: &[&str] =
    &["van", "den", "der", "de", "von", "da", "di", "du", "al", "bin", "la", "le", "del", "dos"];

/// A name particle ("van", "de", "bin").
pub fn is_particle(lower: &str) -> bool {
    PARTICLES.contains(&lower)
}

/// A word without surrounding punctuation.
pub fn clean(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

fn strip_possessive(s: &str) -> &str {
    s.strip_suffix("’s").or_else(|| s.strip_suffix("'s")).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_sources() {
        let k = |t: &str| analyse(t).kind;
        assert_eq!(k("Defense Minister Kim Yong-hyun"), SourceType::Person);
        assert_eq!(analyse("Defense Minister Kim Yong-hyun").name, "Kim Yong-hyun");
        assert_eq!(analyse("Defense Minister Kim Yong-hyun").role.as_deref(), Some("Defense Minister"));
        assert_eq!(k("Yonhap"), SourceType::Outlet);
        assert_eq!(k("The New York Times"), SourceType::Outlet);
        assert_eq!(k("media reports"), SourceType::Vague);
        assert_eq!(k("experts"), SourceType::Vague);
        assert_eq!(k("a senior official"), SourceType::Anonymous);
        assert_eq!(k("officials familiar with the matter"), SourceType::Anonymous);
        assert_eq!(k("the report"), SourceType::Document);
        assert_eq!(k("the ministry"), SourceType::Organization);
        assert_eq!(k("the FBI"), SourceType::Organization);
        assert_eq!(k("the Defense Ministry"), SourceType::Organization);
    }
}
