//! What a source is: a pronoun, a name with its role, or a described group,
//! and which type of source that makes it.

use super::lexicon::{is_title, source_types_in};
use crate::report::SourceType;
use crate::text::is_capitalized;

/// A pronoun that can stand for a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pronoun {
    /// he, she.
    Person,
    /// they, we.
    Plural,
    /// it.
    Thing,
    /// I, you: the speaker of a quote.
    Speaker,
}

/// Recognises a source that is a bare pronoun.
pub fn pronoun(text: &str) -> Option<Pronoun> {
    super::lexicon::pronoun(&crate::text::lower(text))
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
        if is_title(&lw) || !is_capitalized(clean(w)) {
            split = i + 1;
        }
    }
    if split >= words.len() {
        split = 0;
    }
    // "the FBI", "the U.N.": an acronym ends the name (initials like "G.K." precede a surname).
    let acronym = words.last().is_some_and(|w| {
        let c = clean(w);
        c.chars().count() >= 2 && c.chars().all(|ch| ch.is_uppercase() || ch == '.')
    });
    // Organisations and outlets keep their whole name ("the Defense Ministry" → "Defense Ministry").
    let name_lower =
        format!(" {} ", words[split..].iter().map(|w| clean(w).to_lowercase()).collect::<Vec<_>>().join(" "));
    let institution = source_types_in(&name_lower).find(|t| matches!(t, SourceType::Outlet | SourceType::Organization));
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
