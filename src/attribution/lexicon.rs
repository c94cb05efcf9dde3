//! Lookups over the compiled word lists the attribution rules use.

use std::sync::OnceLock;

use crate::lexicon::{entries, WordMap, WordSet};
use crate::report::SourceType;

/// What kind of cue a verb form is, which decides where its content lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// Speech and writing: content before or after.
    Speech,
    /// Beliefs and perceptions: content after.
    Belief,
    /// Wishes, plans and decisions: content after.
    Intention,
    /// A document or study shows: content after.
    Evidence,
    /// The content is the verb's object.
    Object,
}

struct Lexicons {
    cues: WordMap<&'static str, CueClass>,
    /// Forms of the `stance` class ("supported", "backs").
    stances: WordSet<&'static str>,
    sources: Vec<(SourceType, Vec<&'static str>)>,
    /// Every source phrase with its type (the first listed wins).
    source_phrases: WordMap<&'static str, SourceType>,
    titles: WordSet<&'static str>,
    /// A title's role noun: "sen" → "senator".
    title_roles: WordMap<&'static str, &'static str>,
    manner_nouns: WordSet<&'static str>,
    pronouns: WordMap<&'static str, crate::speakers::Pronoun>,
}

fn lexicons() -> &'static Lexicons {
    static L: OnceLock<Lexicons> = OnceLock::new();
    L.get_or_init(|| {
        let mut cues = WordMap::default();
        let mut stances = WordSet::default();
        for line in entries(include_str!("../lexicon/cues.txt")) {
            let Some((class, forms)) = line.split_once(':') else { continue };
            let class = match class.trim() {
                "belief" => CueClass::Belief,
                "intention" => CueClass::Intention,
                "evidence" => CueClass::Evidence,
                "object" => CueClass::Object,
                // A position held: found like an object cue, reported as a belief (`category`).
                "stance" => {
                    stances.extend(forms.split_whitespace());
                    CueClass::Object
                }
                "speech" => CueClass::Speech,
                other => panic!("cues.txt: unknown class {other} (tests/lexicon.rs checks the file)"),
            };
            for form in forms.split_whitespace() {
                // The first class listed for a form wins (speech before evidence).
                cues.entry(form).or_insert(class);
            }
        }
        let order = [
            SourceType::Anonymous,
            SourceType::Vague,
            SourceType::Outlet,
            SourceType::Document,
            SourceType::Organization,
        ];
        let mut sources: Vec<(SourceType, Vec<&'static str>)> = order.iter().map(|t| (*t, Vec::new())).collect();
        for line in entries(include_str!("../lexicon/sources.txt")) {
            let Some((class, phrase)) = line.split_once(':') else { continue };
            let t = match class.trim() {
                "anonymous" => SourceType::Anonymous,
                "vague" => SourceType::Vague,
                "outlet" => SourceType::Outlet,
                "document" => SourceType::Document,
                "organization" => SourceType::Organization,
                other => panic!("sources.txt: unknown class {other} (tests/lexicon.rs checks the file)"),
            };
            if let Some(slot) = sources.iter_mut().find(|(k, _)| *k == t) {
                slot.1.push(phrase.trim());
            }
        }
        let title_lines =
            || entries(include_str!("../lexicon/titles.txt")).map(|l| l.split_once(' ').unwrap_or((l, "")));
        let titles = title_lines().map(|(t, _)| t).collect();
        let title_roles = title_lines().filter(|(_, r)| !r.is_empty()).map(|(t, r)| (t, r.trim())).collect();
        let mut source_phrases = WordMap::default();
        for (t, phrases) in &sources {
            for p in phrases {
                source_phrases.entry(*p).or_insert(*t);
            }
        }
        let manner_nouns = entries(include_str!("../lexicon/manner_nouns.txt")).collect();
        let pronouns = entries(include_str!("../lexicon/pronouns.txt"))
            .map(|line| {
                use crate::speakers::{Gender, Pronoun};
                let (word, class) = line.split_once(char::is_whitespace).expect("pronouns.txt: 'word class' lines");
                let kind = match class.trim() {
                    "person-male" => Pronoun::Person(Gender::Male),
                    "person-female" => Pronoun::Person(Gender::Female),
                    "plural" => Pronoun::Plural,
                    "thing" => Pronoun::Thing,
                    "speaker" => Pronoun::Speaker,
                    other => panic!("pronouns.txt: unknown class {other} (tests/lexicon.rs checks the file)"),
                };
                (word, kind)
            })
            .collect();
        Lexicons { cues, stances, sources, source_phrases, titles, title_roles, manner_nouns, pronouns }
    })
}

/// The cue class of a lower-cased word form, if it is a cue verb.
pub fn cue_class(lower: &str) -> Option<CueClass> {
    lexicons().cues.get(lower).copied()
}

/// True for a noun that "according to" takes as a manner ("according to
/// plan"), not a source (`lexicon/manner_nouns.txt`).
pub fn is_manner_noun(lower: &str) -> bool {
    lexicons().manner_nouns.contains(lower)
}

/// The kind of antecedent a bare pronoun source takes (`lexicon/pronouns.txt`).
pub fn pronoun(lower: &str) -> Option<crate::speakers::Pronoun> {
    lexicons().pronouns.get(lower).copied()
}

/// True for titles and role words that may precede a name.
pub fn is_title(lower: &str) -> bool {
    lexicons().titles.contains(lower.trim_end_matches('.'))
}

/// The role noun a title abbreviation stands for ("sen" → "senator").
pub fn title_role(lower: &str) -> Option<&'static str> {
    lexicons().title_roles.get(lower.trim_end_matches('.')).copied()
}

/// The source types whose phrases occur in `padded_lower` (lower-cased words
/// joined by single spaces, padded with a space on each side), in priority
/// order. Every run of up to four words is looked up once (a plural "s"
/// allowed), so the cost is linear in the phrase, not in the lexicon.
pub fn source_types_in(padded_lower: &str) -> impl Iterator<Item = SourceType> + '_ {
    let lex = lexicons();
    // Byte spans of the words, so a run of words is one slice of the input.
    let mut spans = Vec::new();
    let mut pos = 0;
    for w in padded_lower.split(' ') {
        if !w.is_empty() {
            spans.push((pos, pos + w.len()));
        }
        pos += w.len() + 1;
    }
    let mut found = [false; 5];
    for i in 0..spans.len() {
        for j in i + 1..=(i + MAX_PHRASE_WORDS).min(spans.len()) {
            let phrase = &padded_lower[spans[i].0..spans[j - 1].1];
            let singular = phrase.strip_suffix('s');
            for p in [Some(phrase), singular].into_iter().flatten() {
                if let Some(&t) = lex.source_phrases.get(p) {
                    found[priority(t)] = true;
                }
            }
        }
    }
    lex.sources.iter().map(|(t, _)| *t).filter(move |t| found[priority(*t)])
}

const MAX_PHRASE_WORDS: usize = 4;

fn priority(t: SourceType) -> usize {
    match t {
        SourceType::Anonymous => 0,
        SourceType::Vague => 1,
        SourceType::Outlet => 2,
        SourceType::Document => 3,
        _ => 4,
    }
}

/// The kinds of meaning of a verb's first senses, most frequent first, from
/// WordNet (`lexicon/verb_senses.txt`): `c` communication, `g` cognition,
/// `p` perception, `e` emotion, `s` social, `o` other; "" for a verb with
/// none of these (or not a verb WordNet knows). Why: the cue lists cannot
/// name every verb of saying, and the model meets verbs on real pages it
/// never saw in training; what kind of verb it is carries over.
pub fn verb_senses(lemma: &str) -> &'static str {
    static SENSES: OnceLock<WordMap<&'static str, &'static str>> = OnceLock::new();
    let map = SENSES.get_or_init(|| {
        entries(include_str!("../lexicon/verb_senses.txt")).filter_map(|l| l.split_once(' ')).collect()
    });
    map.get(lemma).copied().unwrap_or("")
}

/// The kinds of thing a noun's first senses name, most frequent first, from
/// WordNet (`lexicon/noun_senses.txt`): `h` person, `g` group, `c`
/// communication, `a` act or event, `k` abstraction, `t` physical thing,
/// `l` location, `q` quantity or time, `o` other; "" for a noun not listed.
/// A plural is read as its singular by WordNet's own suffix rules. Why: a
/// speech verb acting on a message ("denied the allegations") reports
/// speech, the same verb acting on people or things ("admitted refugees")
/// does not, and real pages bring nouns the training data never had.
pub fn noun_senses(lower: &str) -> &'static str {
    static SENSES: OnceLock<WordMap<&'static str, &'static str>> = OnceLock::new();
    let map = SENSES.get_or_init(|| {
        entries(include_str!("../lexicon/noun_senses.txt")).filter_map(|l| l.split_once(' ')).collect()
    });
    if let Some(s) = map.get(lower) {
        return s;
    }
    // WordNet's morphy rules for nouns, in its order.
    const RULES: [(&str, &str); 8] = [
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
        ("s", ""),
    ];
    let mut base = String::new();
    for (suffix, with) in RULES {
        if let Some(stem) = lower.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            base.clear();
            base.push_str(stem);
            base.push_str(with);
            if let Some(s) = map.get(base.as_str()) {
                return s;
            }
        }
    }
    ""
}

/// The kind of act a cue reports. The cue lexicon's class of its first
/// known word decides; a cue the lexicon does not know (as the model finds
/// them) goes by its head word `head` (lemma and tag, from the parse): an
/// adjective ("adamant that") is a belief, a verb by its most frequent
/// WordNet sense (saying: a statement; thinking, perceiving, feeling: a
/// belief; doing: an intention, "voted to", "balked at"), a noun a
/// statement ("in remarks to reporters").
pub fn category(cue: &str, head: Option<(&str, crate::syntax::Upos)>) -> crate::report::Category {
    use crate::report::Category;
    use crate::syntax::Upos;
    let known = cue.split_whitespace().map(crate::text::lower).find_map(|w| cue_class(&w).map(|c| (w, c)));
    if known.as_ref().is_some_and(|(w, _)| lexicons().stances.contains(w.as_ref())) {
        return Category::Belief;
    }
    match known.map(|(_, c)| c) {
        Some(CueClass::Belief) => return Category::Belief,
        Some(CueClass::Intention) => return Category::Intention,
        Some(CueClass::Evidence) => return Category::Evidence,
        Some(CueClass::Speech | CueClass::Object) => return Category::Statement,
        None => {}
    }
    match head {
        // "according to X" reports what X says.
        Some(("according" | "accord", _)) => Category::Statement,
        Some((_, Upos::ADJ)) => Category::Belief,
        Some((lemma, Upos::VERB)) => {
            let senses = verb_senses(lemma);
            match senses.chars().next() {
                Some('c') => Category::Statement,
                Some('g' | 'p' | 'e') => Category::Belief,
                _ if senses.contains('c') => Category::Statement,
                _ => Category::Intention,
            }
        }
        _ => Category::Statement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Category;
    use crate::syntax::Upos;

    #[test]
    fn a_cue_the_lexicon_knows_keeps_its_class() {
        assert_eq!(category("said", Some(("say", Upos::VERB))), Category::Statement);
        assert_eq!(category("believes", Some(("believe", Upos::VERB))), Category::Belief);
        assert_eq!(category("according to", Some(("accord", Upos::VERB))), Category::Statement);
        // A position held is a belief; a speech act on an object stays a statement.
        assert_eq!(category("backed", Some(("back", Upos::VERB))), Category::Belief);
        assert_eq!(category("accused", Some(("accuse", Upos::VERB))), Category::Statement);
    }

    #[test]
    fn an_unknown_cue_goes_by_its_head_word() {
        assert_eq!(verb_senses("grumble"), "ccc");
        assert_eq!(noun_senses("allegations"), "cc");
        assert_eq!(noun_senses("refugees"), "h");
        assert_eq!(noun_senses("policemen"), noun_senses("policeman"));
        assert_eq!(noun_senses("xyzzy"), "");
        assert_eq!(category("echoed", Some(("echo", Upos::VERB))), Category::Statement);
        assert_eq!(category("assume", Some(("assume", Upos::VERB))), Category::Belief);
        assert_eq!(category("balked", Some(("balk", Upos::VERB))), Category::Intention);
        assert_eq!(category("adamant", Some(("adamant", Upos::ADJ))), Category::Belief);
        assert_eq!(category("remarks", Some(("remarks", Upos::NOUN))), Category::Statement);
        assert_eq!(category("remarks", None), Category::Statement);
    }
}
