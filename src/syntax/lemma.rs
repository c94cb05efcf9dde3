//! Verb lemmas: English suffix rules, and a table of the forms they get
//! wrong ("said" → "say", "was" → "be"), made from the treebank's lemmas by
//! `./build.sh train` (`models/verb_lemmas.tsv`).

use std::sync::OnceLock;

use crate::lexicon::WordMap;

static TABLE: &str = include_str!("models/verb_lemmas.tsv");

fn table() -> &'static WordMap<&'static str, &'static str> {
    static MAP: OnceLock<WordMap<&'static str, &'static str>> = OnceLock::new();
    MAP.get_or_init(|| crate::lexicon::entries(TABLE).filter_map(|l| l.split_once('\t')).collect())
}

/// The lemma of a verb, from its normalised form ([`super::features::normalize`],
/// which the syntax stage has already computed for every token).
pub fn verb_lemma(norm: &str) -> String {
    if let Some(l) = table().get(norm) {
        return (*l).to_string();
    }
    rule(norm)
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The suffix rules alone (training keeps the forms they get wrong).
pub fn rule(low: &str) -> String {
    let b = low.as_bytes();
    let n = b.len();
    let undouble = |stem: &str| -> String {
        let s = stem.as_bytes();
        let k = s.len();
        if k >= 3 && s[k - 1] == s[k - 2] && !is_vowel(s[k - 1]) && !matches!(s[k - 1], b'l' | b's' | b'z' | b'f') {
            stem[..k - 1].to_string()
        } else if k >= 2 && matches!(s[k - 1], b'v' | b'c' | b'z' | b'u') {
            format!("{stem}e")
        } else {
            stem.to_string()
        }
    };
    if !low.is_ascii() || n < 4 {
        return low.to_string();
    }
    if low.ends_with("ies") || low.ends_with("ied") {
        return format!("{}y", &low[..n - 3]);
    }
    if low.ends_with("ing") && n > 5 {
        return undouble(&low[..n - 3]);
    }
    if low.ends_with("ed") && n > 4 {
        return undouble(&low[..n - 2]);
    }
    if low.ends_with("sses")
        || low.ends_with("shes")
        || low.ends_with("ches")
        || low.ends_with("xes")
        || low.ends_with("zes")
    {
        return low[..n - 2].to_string();
    }
    if low.ends_with('s') && !low.ends_with("ss") && !low.ends_with("us") {
        return low[..n - 1].to_string();
    }
    low.to_string()
}

#[cfg(test)]
mod tests {
    use super::rule;

    #[test]
    fn rules() {
        assert_eq!(rule("stopping"), "stop");
        assert_eq!(rule("tries"), "try");
        assert_eq!(rule("wanted"), "want");
        assert_eq!(rule("pushes"), "push");
        assert_eq!(rule("says"), "say");
    }
}
