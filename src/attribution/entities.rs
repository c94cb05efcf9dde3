//! Who each source is: pronouns and role nouns resolved to the person or
//! body the article introduced, and name variants merged into one entity.

use std::collections::HashMap;

use super::source::{analyse, pronoun, Pronoun, SourceParts};
use crate::report::SourceType;

/// How many recently mentioned entities a pronoun may point back to.
const RECENT: usize = 32;

/// A source entity under construction.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityDraft {
    /// The fullest name seen.
    pub name: String,
    /// Its type.
    pub kind: SourceType,
    /// Other ways it was named.
    pub aliases: Vec<String>,
    /// Its role, if given.
    pub role: Option<String>,
    /// Normalised name tokens, for matching variants.
    key: Vec<String>,
    /// Normalised role tokens, for "the minister".
    role_key: Vec<String>,
}

/// The resolution of one source mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// Index into the entity list, when resolved.
    pub entity: Option<usize>,
    /// The resolved name.
    pub name: String,
    /// The source type.
    pub kind: SourceType,
}

/// Resolves source mentions in reading order, building the entity list.
#[derive(Debug, Default)]
pub struct Resolver {
    /// Entities so far, in order of first mention.
    pub entities: Vec<EntityDraft>,
    /// The most recently mentioned entities, latest last (at most [`RECENT`]).
    recent: Vec<usize>,
    /// Entities by the tokens of their names and roles: lookups touch only
    /// the entities that share a word, so long articles stay linear.
    by_token: HashMap<String, Vec<usize>>,
    /// Entities by lower-cased description ("media reports").
    by_description: HashMap<String, usize>,
    /// When each entity was last referred to, on `clock`.
    touched_at: Vec<u64>,
    /// The latest person named in the text (not necessarily as a source) and when.
    person_mention: Option<(String, u64)>,
    clock: u64,
    /// [`analyse`] of the source texts seen so far: the same names and
    /// descriptions recur all through an article, and taking one apart costs
    /// far more than a lookup. Keyed by page text, so the standard seeded hash.
    analysed: HashMap<String, SourceParts>,
}

/// Bound on [`Resolver::analysed`]: a page of millions of distinct names
/// starts the memo over rather than growing it without end.
const MAX_ANALYSED: usize = 4096;

fn name_key(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || c == '-' || c == '‐')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn keys_match(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() == long.len() {
        return short == long;
    }
    // "Kim" for "Kim Yong-hyun", "Clinton" for "Hillary Clinton".
    long.ends_with(short) || long.starts_with(short) && short.len() == 1
}

impl Resolver {
    /// [`analyse`], remembered.
    pub fn analyse(&mut self, text: &str) -> SourceParts {
        if let Some(p) = self.analysed.get(text) {
            return p.clone();
        }
        let p = analyse(text);
        if self.analysed.len() >= MAX_ANALYSED {
            self.analysed.clear();
        }
        self.analysed.insert(text.to_string(), p.clone());
        p
    }

    /// Records a person named in the text, so a later "she" can point to
    /// her even before she is quoted.
    pub fn mention_person(&mut self, name: &str) {
        self.clock += 1;
        self.person_mention = Some((name.to_string(), self.clock));
    }

    /// Resolves a source given with an apposition: "Daniel Reyes, the plant's
    /// manager" or "the environment minister, Tomas Varga": the name is the
    /// entity and the description its role.
    pub fn resolve_with_apposition(&mut self, head: &str, apposition: &str) -> Resolution {
        let head_is_name = !self.analyse(head).name.is_empty();
        let app = self.analyse(apposition);
        let (name, role) = match (head_is_name, app.name.is_empty()) {
            (true, _) => (head, apposition),
            (false, false) => (apposition, head),
            (false, true) => return self.resolve(head),
        };
        let r = self.resolve(name);
        if let Some(e) = r.entity {
            let ent = &mut self.entities[e];
            if ent.kind == SourceType::Person && ent.role.is_none() && pronoun(role.trim()).is_none() {
                ent.role = Some(role.trim().to_string());
                self.set_role_key(e);
            }
        }
        r
    }

    /// Resolves the source words of one attribution.
    pub fn resolve(&mut self, text: &str) -> Resolution {
        let text = text.trim();
        if !text.chars().any(char::is_alphanumeric) {
            return Resolution { entity: None, name: String::new(), kind: SourceType::Anonymous };
        }
        if let Some(p) = pronoun(text) {
            return self.resolve_pronoun(text, p);
        }
        let parts = self.analyse(text);
        if parts.name.is_empty() {
            return self.resolve_description(text, parts.kind);
        }
        let key = name_key(&parts.name);
        let found = self.latest_sharing(&key, |ent| keys_match(&ent.key, &key));
        let idx = match found {
            Some(e) => {
                let ent = &mut self.entities[e];
                if key.len() > ent.key.len() {
                    let old = std::mem::replace(&mut ent.name, parts.name.clone());
                    ent.key = key;
                    push_alias(&mut ent.aliases, &old, &ent.name);
                    self.index(e, true);
                } else {
                    push_alias(&mut ent.aliases, &parts.name, &ent.name);
                }
                if self.entities[e].role.is_none() && parts.role.is_some() {
                    self.entities[e].role = parts.role.clone();
                    self.set_role_key(e);
                }
                e
            }
            None => self.add(EntityDraft {
                name: parts.name.clone(),
                kind: parts.kind,
                aliases: vec![],
                role: parts.role,
                key,
                role_key: vec![],
            }),
        };
        self.touch(idx)
    }

    fn resolve_pronoun(&mut self, text: &str, p: Pronoun) -> Resolution {
        let wanted = |k: SourceType| match p {
            Pronoun::Person | Pronoun::Speaker => k == SourceType::Person,
            Pronoun::Plural => k != SourceType::Person && k != SourceType::Document,
            Pronoun::Thing => matches!(k, SourceType::Organization | SourceType::Outlet | SourceType::Document),
        };
        let candidate = self.recent.iter().rev().copied().find(|&e| wanted(self.entities[e].kind));
        // A person named since the last quoted one is the likelier antecedent.
        if p == Pronoun::Person {
            if let Some((name, at)) = self.person_mention.clone() {
                if candidate.is_none_or(|e| self.touched_at[e] < at) {
                    let r = self.resolve(&name);
                    if let Some(e) = r.entity {
                        push_alias(&mut self.entities[e].aliases, &text.to_lowercase(), &name);
                    }
                    return r;
                }
            }
        }
        match candidate {
            Some(e) => {
                let ent = &mut self.entities[e];
                let lower = text.to_lowercase();
                if !ent.aliases.iter().any(|a| a.eq_ignore_ascii_case(&lower)) {
                    ent.aliases.push(lower);
                }
                self.touch(e)
            }
            None => Resolution {
                entity: None,
                name: text.to_string(),
                kind: match p {
                    Pronoun::Person | Pronoun::Speaker => SourceType::Person,
                    Pronoun::Plural => SourceType::Vague,
                    Pronoun::Thing => SourceType::Organization,
                },
            },
        }
    }

    /// "the minister", "the company", "a senior official", "media reports".
    fn resolve_description(&mut self, text: &str, kind: SourceType) -> Resolution {
        let lower = text.to_lowercase();
        let definite = lower.starts_with("the ");
        let head = name_key(text).pop().unwrap_or_default();
        if definite && matches!(kind, SourceType::Person | SourceType::Organization) && !head.is_empty() {
            // A role noun points back to the entity introduced with that role or name.
            let found = self.latest_sharing(std::slice::from_ref(&head), |ent| {
                let in_role = ent.role_key.contains(&head);
                let in_name = ent.kind != SourceType::Person && ent.key.contains(&head);
                in_role || in_name
            });
            if let Some(e) = found {
                let name = self.entities[e].name.clone();
                push_alias(&mut self.entities[e].aliases, text, &name);
                return self.touch(e);
            }
        }
        let key = name_key(text);
        let idx = match self.by_description.get(&lower) {
            Some(&e) => e,
            None => {
                let e = self.add(EntityDraft {
                    name: text.to_string(),
                    kind,
                    aliases: vec![],
                    role: None,
                    key,
                    role_key: vec![],
                });
                self.by_description.insert(lower, e);
                e
            }
        };
        self.touch(idx)
    }

    /// The most recently mentioned entity that shares a token with `tokens` and passes `ok`.
    fn latest_sharing(&self, tokens: &[String], ok: impl Fn(&EntityDraft) -> bool) -> Option<usize> {
        tokens
            .iter()
            .filter_map(|t| self.by_token.get(t))
            .flatten()
            .copied()
            .filter(|&e| ok(&self.entities[e]))
            .max_by_key(|&e| self.touched_at[e])
    }

    fn add(&mut self, e: EntityDraft) -> usize {
        self.entities.push(e);
        self.touched_at.push(0);
        let idx = self.entities.len() - 1;
        self.index(idx, true);
        self.set_role_key(idx);
        idx
    }

    /// Indexes an entity under its name tokens (or role tokens when `name` is false).
    fn index(&mut self, e: usize, name: bool) {
        let ent = &self.entities[e];
        let tokens = if name { &ent.key } else { &ent.role_key };
        for t in tokens.iter().filter(|t| t.len() > 2 && !matches!(t.as_str(), "the" | "and" | "for")) {
            let list = self.by_token.entry(t.clone()).or_default();
            if list.last() != Some(&e) {
                list.push(e);
            }
        }
    }

    fn set_role_key(&mut self, e: usize) {
        self.entities[e].role_key = self.entities[e].role.as_deref().map(name_key).unwrap_or_default();
        self.index(e, false);
    }

    fn touch(&mut self, e: usize) -> Resolution {
        self.clock += 1;
        self.touched_at[e] = self.clock;
        self.recent.retain(|&x| x != e);
        self.recent.push(e);
        if self.recent.len() > RECENT {
            self.recent.remove(0);
        }
        let ent = &self.entities[e];
        Resolution { entity: Some(e), name: ent.name.clone(), kind: ent.kind }
    }
}

fn push_alias(aliases: &mut Vec<String>, alias: &str, name: &str) {
    if alias != name && !aliases.iter().any(|a| a == alias) {
        aliases.push(alias.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_variants_and_resolves_pronouns_and_roles() {
        let mut r = Resolver::default();
        let a = r.resolve("Defense Minister Kim Yong-hyun");
        let b = r.resolve("Kim Yong Hyun");
        let c = r.resolve("he");
        let d = r.resolve("the minister");
        let e = r.resolve("Kim");
        assert_eq!(a.entity, Some(0));
        for x in [&b, &c, &d, &e] {
            assert_eq!(x.entity, Some(0), "{x:?}");
            assert_eq!(x.name, "Kim Yong-hyun");
        }
        assert_eq!(r.entities[0].role.as_deref(), Some("Defense Minister"));
        let v = r.resolve_with_apposition("the environment minister", "Tomas Varga");
        assert_eq!(v.name, "Tomas Varga");
        assert_eq!(r.resolve("the minister").name, "Tomas Varga");
        r.mention_person("Priya Nandakumar");
        assert_eq!(r.resolve("she").name, "Priya Nandakumar");
        let y = r.resolve("Yonhap");
        assert_eq!(y.kind, SourceType::Outlet);
        assert_eq!(r.resolve("she").name, "Priya Nandakumar");
    }
}
