//! The word lists speaker resolution reads: first names and gendered words
//! (which person a "she" can be), places that speak as governments, and the
//! documents that speak for whoever issued them. The files live with the
//! other lists in `src/lexicon/`.

use std::sync::OnceLock;

use crate::lexicon::{entries, WordMap, WordSet};

/// A person's gender as a reader infers it from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// he, Mr., spokesman, a man's first name.
    Male,
    /// she, Ms., spokeswoman, a woman's first name.
    Female,
}

/// What a first name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstName {
    /// A first name a reader reads as a man's or a woman's.
    Gendered(Gender),
    /// A first name of either gender ("Taylor", "Leslie").
    Either,
    /// A surname that leads an East Asian name ("Kim Yong-hyun"): no gender.
    SurnameFirst,
}

struct Lists {
    first_names: WordMap<&'static str, FirstName>,
    gender_words: WordMap<&'static str, Gender>,
    places: WordSet<&'static str>,
    issuers: WordSet<&'static str>,
    bodies: WordSet<&'static str>,
    nouns: WordSet<&'static str>,
    not_person: WordSet<&'static str>,
}

fn gender(class: &str, file: &str) -> Gender {
    match class {
        "male" => Gender::Male,
        "female" => Gender::Female,
        other => panic!("{file}: unknown class {other} (tests/lexicon.rs checks the file)"),
    }
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let pairs = |data: &'static str, file: &'static str| {
            entries(data).map(move |line| {
                line.rsplit_once(char::is_whitespace).unwrap_or_else(|| panic!("{file}: '{line}' has no class"))
            })
        };
        let first_names = pairs(include_str!("../lexicon/first_names.txt"), "first_names.txt")
            .map(|(name, class)| {
                let v = match class {
                    "surname-first" => FirstName::SurnameFirst,
                    "either" => FirstName::Either,
                    other => FirstName::Gendered(gender(other, "first_names.txt")),
                };
                (name.trim(), v)
            })
            .collect();
        let gender_words = pairs(include_str!("../lexicon/gender_words.txt"), "gender_words.txt")
            .map(|(w, class)| (w.trim(), gender(class, "gender_words.txt")))
            .collect();
        let places = entries(include_str!("../lexicon/places.txt")).collect();
        let issuers = entries(include_str!("../lexicon/issuer_nouns.txt")).collect();
        let bodies = entries(include_str!("../lexicon/body_nouns.txt")).collect();
        let nouns = entries(include_str!("../lexicon/common_nouns.txt")).collect();
        let not_person = entries(include_str!("../lexicon/not_person.txt")).collect();
        Lists { first_names, gender_words, places, issuers, bodies, nouns, not_person }
    })
}

/// What the first word of a name says about the person (lower case).
/// Accents are folded when the list lacks the written form ("Tomás" is
/// "tomas", "José" is "jose").
pub fn first_name(lower: &str) -> Option<FirstName> {
    let names = &lists().first_names;
    names.get(lower).copied().or_else(|| {
        let folded: String = lower.chars().map(fold).collect();
        (folded != lower).then(|| names.get(folded.as_str()).copied()).flatten()
    })
}

/// A Latin letter without its accent (the common ones of European names).
fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// The gender an honorific, role noun or kin term gives ("mr", "spokeswoman").
pub fn gender_word(lower: &str) -> Option<Gender> {
    lists().gender_words.get(lower.trim_end_matches('.')).copied()
}

/// A country, capital or state, which as a source is its government
/// (lower-cased words joined by single spaces).
pub fn is_place(lower: &str) -> bool {
    lists().places.contains(lower)
}

/// A document that speaks for whoever issued it ("the statement").
pub fn is_issuer_noun(lower: &str) -> bool {
    lists().issuers.contains(lower)
}

/// An English common noun ("machine", "label"), lower case.
pub fn is_common_noun(lower: &str) -> bool {
    lists().nouns.contains(lower)
}

/// A capitalised word no name runs through ("The", "Street", "Monday"), as written.
pub fn is_not_person(word: &str) -> bool {
    lists().not_person.contains(word)
}

/// A generic noun for a body ("the firm"), which means the body in focus.
pub fn is_body_noun(lower: &str) -> bool {
    lists().bodies.contains(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_answer() {
        assert_eq!(first_name("angela"), Some(FirstName::Gendered(Gender::Female)));
        assert_eq!(first_name("donald"), Some(FirstName::Gendered(Gender::Male)));
        assert_eq!(first_name("kim"), Some(FirstName::SurnameFirst));
        assert_eq!(first_name("leslie"), Some(FirstName::Either), "a name both genders carry: a person, no gender");
        assert_eq!(gender_word("Ms."), None, "callers lower-case");
        assert_eq!(gender_word("ms."), Some(Gender::Female));
        assert!(is_place("seoul") && is_place("south korea") && !is_place("smith"));
        assert!(is_issuer_noun("statement") && !is_issuer_noun("report"));
    }
}
