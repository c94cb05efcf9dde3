//! Lookups over the compiled word lists the attribution rules use.

use std::collections::HashMap;
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::lexicon::entries;
use crate::report::SourceType;

/// What kind of cue a verb form is, which decides where its content lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueClass {
    /// Speech and writing: content before or after.
    Speech,
    /// Beliefs and intentions: content after.
    Belief,
    /// A document or study shows: content after.
    Evidence,
    /// The content is the verb's object.
    Object,
}

struct Lexicons {
    cues: HashMap<&'static str, CueClass>,
    sources: Vec<(SourceType, Vec<&'static str>)>,
    titles: HashSet<&'static str>,
}

fn lexicons() -> &'static Lexicons {
    static L: OnceLock<Lexicons> = OnceLock::new();
    L.get_or_init(|| {
        let mut cues = HashMap::new();
        for line in entries(include_str!("../lexicon/cues.txt")) {
            let Some((class, forms)) = line.split_once(':') else { continue };
            let class = match class.trim() {
                "belief" => CueClass::Belief,
                "evidence" => CueClass::Evidence,
                "object" => CueClass::Object,
                _ => CueClass::Speech,
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
                _ => SourceType::Organization,
            };
            if let Some(slot) = sources.iter_mut().find(|(k, _)| *k == t) {
                slot.1.push(phrase.trim());
            }
        }
        let titles = entries(include_str!("../lexicon/titles.txt")).collect();
        Lexicons { cues, sources, titles }
    })
}

/// The cue class of a lower-cased word form, if it is a cue verb.
pub fn cue_class(lower: &str) -> Option<CueClass> {
    lexicons().cues.get(lower).copied()
}

/// True for titles and role words that may precede a name.
pub fn is_title(lower: &str) -> bool {
    lexicons().titles.contains(lower.trim_end_matches('.'))
}

/// The source types whose phrases occur in `lower_words` (lower-cased words
/// joined by single spaces, padded with a space on each side), in priority order.
pub fn source_types_in(padded_lower: &str) -> impl Iterator<Item = SourceType> + '_ {
    lexicons().sources.iter().filter_map(move |(t, phrases)| {
        phrases
            .iter()
            .any(|p| {
                // Whole-word match: the phrase must sit between spaces (a plural "s" allowed).
                let mut from = 0;
                while let Some(pos) = padded_lower[from..].find(p) {
                    let at = from + pos;
                    let before = padded_lower[..at].ends_with(' ');
                    let rest = &padded_lower[at + p.len()..];
                    let after = rest.starts_with(' ') || rest.starts_with("s ");
                    if before && after {
                        return true;
                    }
                    from = at + p.len();
                }
                false
            })
            .then_some(*t)
    })
}
