//! Who each source is: pronouns, role nouns and possessive descriptions
//! resolved to the person or body the article introduced, name variants
//! merged into one entity.
//!
//! Entities are built in reading order from two kinds of mention: the
//! source words of attributions, and person names anywhere in the text (so a
//! "she" can point to a woman named before she speaks). Each entity keeps what
//! a reader keeps: its fullest name, its role, its gender when a first name,
//! a title or a pronoun gives it, and how salient it is (when it was last
//! mentioned, whether as a subject or a speaker, whether only inside a
//! quote). A pronoun goes to the best-scored compatible entity of the last
//! few sentences ([`Resolver::resolve_pronoun`]).

use std::collections::HashMap;

use super::lexicon::{first_name, gender_word, is_issuer_noun, FirstName, Gender};
use super::parts::{analyse, is_group_name, pronoun, Pronoun, SourceParts};
use crate::report::SourceType;

/// How many sentences back a pronoun looks for its antecedent.
const WINDOW: usize = 6;

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
    /// Its gender, when the text gives it.
    pub gender: Option<Gender>,
    /// Built from a name ("Kim Yong-hyun"), not a description ("the label").
    pub named: bool,
    /// The people of a group named together ("Anna Berg and Tomas Lind"),
    /// whom a later "they" means; empty for one person or body.
    pub members: Vec<usize>,
    /// Normalised name tokens, for matching variants.
    key: Vec<String>,
    /// Normalised role tokens, for "the minister".
    role_key: Vec<String>,
}

/// Where and how an entity was last mentioned: what a pronoun weighs.
#[derive(Debug, Clone, Copy, Default)]
struct Salience {
    /// Article-wide sentence index of the latest mention.
    sentence: usize,
    /// The latest mention was the sentence's subject.
    subject: bool,
    /// The latest mention was inside quotation marks (the speaker's words).
    quoted: bool,
    /// Clock of the latest mention (orders mentions within a sentence).
    at: u64,
    /// Clock of the latest time it was a source, if ever.
    spoke_at: Option<u64>,
}

/// The resolution of one source mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// Index into the entity list, when resolved to one entity.
    pub entity: Option<usize>,
    /// The resolved name.
    pub name: String,
    /// The source type.
    pub kind: SourceType,
    /// Every speaker of a coordinated source ("Vindman and Williams"), in order.
    pub group: Vec<usize>,
    /// The writer's own "I" or "we": not a source at all.
    pub writer: bool,
}

impl Default for Resolution {
    /// Nobody named.
    fn default() -> Self {
        Resolution::unresolved("", SourceType::Anonymous)
    }
}

impl Resolution {
    fn unresolved(name: &str, kind: SourceType) -> Resolution {
        Resolution { entity: None, name: name.to_string(), kind, group: vec![], writer: false }
    }
}

/// What the resolver knows about the place of a source mention.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context {
    /// Article-wide sentence index.
    pub sentence: usize,
    /// The mention lies inside quotation marks.
    pub in_quote: bool,
    /// The entity whose words contain the mention ("I" in a quote is its
    /// speaker), when known.
    pub quote_speaker: Option<usize>,
    /// The cue follows the direct quote it reports: “…,” he said.
    pub after_quote: bool,
    /// The cue continues a speaker: "he added", "she went on".
    pub continues: bool,
}

/// Resolves source mentions in reading order, building the entity list.
#[derive(Debug, Default)]
pub struct Resolver {
    /// Entities so far, in order of first mention.
    pub entities: Vec<EntityDraft>,
    salience: Vec<Salience>,
    /// Entities by the tokens of their names and roles: lookups touch only
    /// the entities that share a word, so long articles stay linear.
    by_token: HashMap<String, Vec<usize>>,
    /// Entities by lower-cased description ("media reports").
    by_description: HashMap<String, usize>,
    /// Entities mentioned in the last [`WINDOW`] sentences, latest last:
    /// the pronoun candidates (bounded, so a pronoun costs O(1)).
    recent: Vec<usize>,
    /// The latest entity that was a source, and when.
    last_speaker: Option<usize>,
    clock: u64,
    /// [`analyse`] of the source texts seen so far: the same names and
    /// descriptions recur all through an article, and taking one apart costs
    /// far more than a lookup. Keyed by page text, so the standard seeded hash.
    analysed: HashMap<String, SourceParts>,
    /// Entities typed a body only because their one-word name is no known
    /// first name ("Okafor said" before the article names Ada Okafor): a
    /// later full name of a person takes them over ([`Resolver::adopted`]).
    guessed_bodies: Vec<usize>,
    /// Guessed bodies a person's full name took over: their earlier
    /// resolutions are retyped at the end ([`Resolver::person_after_all`]).
    adopted: Vec<usize>,
}

/// Bound on [`Resolver::analysed`]: a page of millions of distinct names
/// starts the memo over rather than growing it without end.
const MAX_ANALYSED: usize = 4096;
/// Bound on [`Resolver::guessed_bodies`] (a page of a million capitalised
/// words stays linear).
const MAX_GUESSED: usize = 64;
/// Bound on each list of [`Resolver::by_token`].
const MAX_SHARING: usize = 32;
/// Bound on [`Resolver::recent`].
const MAX_RECENT: usize = 48;

/// A name's words, lower case, for matching variants. Initials become
/// their letters ("J.D. Vance" and "J. D. Vance" are "j d vance").
fn name_key(name: &str) -> Vec<String> {
    let mut key = Vec::new();
    // "The Pentagon" and "the Pentagon" are one name.
    let name = name.strip_prefix("The ").or_else(|| name.strip_prefix("the ")).unwrap_or(name);
    for w in name.split(|c: char| c.is_whitespace() || c == '-' || c == '‐') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.').trim_end_matches('.');
        let letters = || w.split('.').filter(|p| !p.is_empty());
        if w.contains('.') && letters().all(|p| p.chars().count() == 1) {
            key.extend(letters().map(str::to_lowercase));
        } else {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if !w.is_empty() {
                key.push(w.to_lowercase());
            }
        }
    }
    key
}

fn keys_match(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() == long.len() {
        return short == long || short.len() > 1 && short.last() == long.last() && same_initial(short, long);
    }
    // "Clinton" for "Hillary Clinton", "Vance" for "J. D. Vance"; "Kim" for
    // "Kim Yong-hyun", where the surname leads (not "Google" for "Google Stadia").
    long.ends_with(short)
        || long.starts_with(short) && short.len() == 1 && first_name(&short[0]) == Some(FirstName::SurnameFirst)
}

/// "H. Clinton" and "Hillary Clinton": the same surname and first initials.
fn same_initial(a: &[String], b: &[String]) -> bool {
    a.iter().zip(b).all(|(x, y)| {
        x == y
            || x.chars().count() == 1 && y.starts_with(x.as_str())
            || y.chars().count() == 1 && x.starts_with(y.as_str())
    })
}

/// The gender a person's name and role give.
fn gender_of(parts: &SourceParts) -> Option<Gender> {
    let role = parts.role.as_deref().unwrap_or("");
    let from_role = role.split_whitespace().find_map(|w| gender_word(&crate::text::lower(w)));
    let first = parts.name.split_whitespace().next().map(|w| crate::text::lower(w).into_owned());
    let from_name = first.and_then(|f| match first_name(&f) {
        Some(FirstName::Gendered(g)) => Some(g),
        _ => None,
    });
    from_role.or(from_name)
}

/// Nouns after a possessive that are people ("his spokesman"), not bodies ("his office").
fn is_person_noun(lower: &str) -> bool {
    crate::attribution::lexicon::is_title(lower)
        || gender_word(lower).is_some()
        || matches!(
            lower,
            "aide" | "lawyer" | "lawyers" | "attorney" | "attorneys" | "adviser" | "advisor" | "friend" | "colleague"
        )
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

    /// Records a person or body named in the text (not as a source), so a
    /// later "she" or "the company" can point to it before it speaks.
    /// `role` is an apposition after the name ("45", "chairman of Tanager").
    /// `body`: a lone capitalised word the mention finder took for a body
    /// ("reports received by Amnesty").
    pub fn mention(
        &mut self,
        name: &str,
        role: Option<&str>,
        body: bool,
        sentence: usize,
        subject: bool,
        quoted: bool,
    ) -> Option<usize> {
        let mut parts = self.analyse(name);
        let mut guess = false;
        if body && parts.kind == SourceType::Person && parts.role.is_none() {
            let key = name_key(&parts.name);
            let person = self.latest_sharing(&key, |e| e.kind == SourceType::Person && keys_match(&e.key, &key));
            if person.is_none() {
                parts.kind = SourceType::Organization;
                guess = true;
            }
        }
        if parts.name.is_empty()
            || !matches!(parts.kind, SourceType::Person | SourceType::Organization | SourceType::Outlet)
        {
            return None;
        }
        let e = self.entity_for_name(&parts);
        if guess {
            self.guessed(e);
        }
        if let Some(role) = role.filter(|_| self.entities[e].role.is_none()) {
            // An age is a role too: "the 45-year-old".
            let role =
                if role.chars().all(|c| c.is_ascii_digit()) { format!("{role}-year-old") } else { role.to_string() };
            if self.entities[e].gender.is_none() {
                self.entities[e].gender = role.split_whitespace().find_map(|w| gender_word(&crate::text::lower(w)));
            }
            self.entities[e].role = Some(role);
            self.set_role_key(e);
        }
        self.touch(e, sentence, subject, quoted);
        Some(e)
    }

    /// Records people named together ("Anna Berg and Tomas Lind"): the group a
    /// later "they" means.
    pub fn mention_group(&mut self, members: &[usize], sentence: usize, subject: bool, quoted: bool) -> usize {
        let names: Vec<&str> = members.iter().map(|&m| self.entities[m].name.as_str()).collect();
        let name = names.join(" and ");
        let kind = self.entities[members[0]].kind;
        let lower = format!("group: {}", name.to_lowercase());
        let e = self.described(lower, || EntityDraft {
            name,
            kind,
            aliases: vec![],
            role: None,
            members: members.to_vec(),
            named: false,
            gender: None,
            key: vec![],
            role_key: vec![],
        });
        self.touch(e, sentence, subject, quoted);
        e
    }

    /// Resolves a source given with an apposition: "Daniel Reyes, the plant's
    /// manager" or "the environment minister, Tomas Varga": the name is the
    /// entity and the description its role.
    pub fn resolve_with_apposition(&mut self, head: &str, apposition: &str, cx: Context) -> Resolution {
        let head_is_name = !self.analyse(head).name.is_empty();
        let app = self.analyse(apposition);
        let (name, role) = match (head_is_name, app.name.is_empty()) {
            (true, _) => (head, apposition),
            (false, false) => (apposition, head),
            (false, true) => return self.resolve(head, cx),
        };
        let r = self.resolve(name, cx);
        if let Some(e) = r.entity {
            let role = role.trim();
            if self.entities[e].role.is_none() && pronoun(role).is_none() {
                self.entities[e].role = Some(role.to_string());
                self.set_role_key(e);
                if self.entities[e].gender.is_none() {
                    self.entities[e].gender = role.split_whitespace().find_map(|w| gender_word(&crate::text::lower(w)));
                }
            }
        }
        r
    }

    /// Resolves the source words of one attribution.
    pub fn resolve(&mut self, text: &str, cx: Context) -> Resolution {
        let text = text.trim();
        if !text.chars().any(char::is_alphanumeric) {
            return Resolution::unresolved("", SourceType::Anonymous);
        }
        if let Some(p) = pronoun(text) {
            return self.resolve_pronoun(text, p, cx);
        }
        if let Some(r) = self.resolve_coordinated(text, cx) {
            return r;
        }
        // "Both men", "the two leaders": the group named together just before.
        let lower = text.to_lowercase();
        if lower.starts_with("both ") || lower.starts_with("the two ") || lower == "the pair" {
            if let Some(e) = self.pick(|ent| !ent.members.is_empty(), false, cx) {
                let r = self.speak(e, cx);
                return Resolution { entity: None, group: self.entities[e].members.clone(), ..r };
            }
        }
        if let Some(r) = self.resolve_possessive(text, cx) {
            return r;
        }
        let parts = self.analyse(text);
        if parts.name.is_empty() {
            return self.resolve_description(text, parts.kind, cx);
        }
        let key = name_key(&parts.name);
        let known = self.latest_sharing(&key, |ent| keys_match(&ent.key, &key)).is_some();
        if !known && parts.role.is_none() && key.len() == 1 && is_group_name(&parts.name) {
            return self.resolve_description(text, SourceType::Vague, cx);
        }
        let mut parts = parts;
        // "Paris" after "Valeska Paris": the person, though the word names a place.
        if key.len() == 1 && parts.kind != SourceType::Person {
            let person =
                self.latest_sharing(&key, |e| e.kind == SourceType::Person && e.named && keys_match(&e.key, &key));
            if person.is_some() {
                parts.kind = SourceType::Person;
            }
        }
        // A single unknown word that no first name, title or earlier full name
        // makes a person ("Twitter", "Google") is a body: news names a person
        // in full before it shortens the name.
        let first = key.first().is_some_and(|k| first_name(k).is_some());
        let determiner_only =
            parts.role.as_deref().is_none_or(|r| matches!(&*crate::text::lower(r.trim()), "the" | "a" | "an"));
        let guess = !known && parts.kind == SourceType::Person && determiner_only && key.len() == 1 && !first;
        if guess {
            parts.kind = SourceType::Organization;
        }
        let e = self.entity_for_name(&parts);
        if guess {
            self.guessed(e);
        }
        self.speak(e, cx)
    }

    /// Records that entity `e` is a body only by the one-word guess.
    fn guessed(&mut self, e: usize) {
        let one_word = self.entities[e].key.len() == 1 && self.entities[e].kind == SourceType::Organization;
        if one_word && !self.guessed_bodies.contains(&e) && self.guessed_bodies.len() < MAX_GUESSED {
            self.guessed_bodies.push(e);
        }
    }

    /// The resolution of an entity that a person's full name took over after
    /// it was resolved as a body: now that person.
    pub fn person_after_all(&self, r: &mut Resolution) {
        if let Some(e) = r.entity.filter(|e| self.adopted.contains(e)) {
            if r.kind == SourceType::Organization {
                r.kind = SourceType::Person;
                r.name = self.entities[e].name.clone();
            }
        }
    }

    /// The entity a name belongs to: a known one whose name it varies, or a new one.
    fn entity_for_name(&mut self, parts: &SourceParts) -> usize {
        let key = name_key(&parts.name);
        let kind = parts.kind;
        // People's names vary ("Clinton" for "Hillary Clinton"); a body's name
        // is one ("the White House" is not "the House").
        let person = kind == SourceType::Person;
        let mut found = self.latest_sharing(&key, |ent| {
            compatible_kinds(ent.kind, kind) && if person { keys_match(&ent.key, &key) } else { ent.key == key }
        });
        // "Okafor said" first, "said Ada Okafor, a former official" later: a
        // name that opens with a first name ("Under NASA's plan" does not).
        let full_name = key.len() >= 2 && first_name(&key[0]).is_some();
        if found.is_none() && person && full_name && self.adopted.len() < MAX_GUESSED {
            let guessed = self.latest_sharing_ix(&key, |e| {
                self.guessed_bodies.contains(&e) && keys_match(&self.entities[e].key, &key)
            });
            if let Some(e) = guessed {
                self.entities[e].kind = SourceType::Person;
                self.guessed_bodies.retain(|&g| g != e);
                self.adopted.push(e);
                found = Some(e);
            }
        }
        match found {
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
                if self.entities[e].gender.is_none() {
                    self.entities[e].gender = gender_of(parts);
                }
                e
            }
            None => self.add(EntityDraft {
                name: parts.name.clone(),
                kind: parts.kind,
                aliases: vec![],
                role: parts.role.clone(),
                members: vec![],
                named: true,
                gender: if parts.kind == SourceType::Person { gender_of(parts) } else { None },
                key,
                role_key: vec![],
            }),
        }
    }

    /// "Vindman and Williams", "Ana Ruiz, Tom Bell and Lee Park": one
    /// attribution, every speaker resolved. Only when every part is a
    /// person's name or a pronoun, or every part a place: "Procter and
    /// Gamble" or "Health and Human Services" stay one name.
    pub fn resolve_coordinated(&mut self, text: &str, cx: Context) -> Option<Resolution> {
        if !text.contains(" and ") && !text.contains(" & ") {
            return None;
        }
        let pieces: Vec<&str> = text
            .split(" and ")
            .flat_map(|p| p.split(" & "))
            .flat_map(|p| p.split(", "))
            .map(|p| p.trim().trim_end_matches(','))
            .filter(|p| !p.is_empty())
            .collect();
        if pieces.len() < 2 || pieces.len() > 6 {
            return None;
        }
        // A person: a pronoun, a name of two words or more, or a known person's surname.
        let person = |r: &mut Resolver, p: &str| {
            if matches!(pronoun(p), Some(Pronoun::Person(_))) {
                return true;
            }
            let parts = r.analyse(p);
            let key = name_key(&parts.name);
            parts.kind == SourceType::Person
                && !key.is_empty()
                && (key.len() > 1
                    || r.latest_sharing(&key, |e| e.kind == SourceType::Person && keys_match(&e.key, &key)).is_some())
        };
        let place = |r: &mut Resolver, p: &str| r.analyse(p).kind == SourceType::Organization;
        let all_people = pieces.iter().all(|p| person(self, p));
        let all_places =
            !all_people && pieces.iter().all(|p| place(self, p) && super::lexicon::is_place(&p.to_lowercase()));
        if !all_people && !all_places {
            return None;
        }
        let group: Vec<Resolution> = pieces.iter().map(|p| self.resolve(p, cx)).collect();
        let names: Vec<&str> = group.iter().map(|r| r.name.as_str()).collect();
        let name = match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {}", rest.join(", "), last),
            _ => names.join(""),
        };
        let kind = group[0].kind;
        Some(Resolution {
            entity: None,
            name,
            kind,
            group: group.iter().filter_map(|r| r.entity).collect(),
            writer: false,
        })
    }

    /// "His office", "her spokesman", "the company's lawyer", "Trump's
    /// campaign": the owner resolved, and the thing owned named after it
    /// ("Gavin Newsom's office").
    fn resolve_possessive(&mut self, text: &str, cx: Context) -> Option<Resolution> {
        let (owner, rest) = match text.split_once(char::is_whitespace) {
            Some((p, rest)) if matches!(&*crate::text::lower(p), "his" | "her" | "its" | "their") => {
                let as_pronoun = match &*crate::text::lower(p) {
                    "his" => "he",
                    "her" => "she",
                    "its" => "it",
                    _ => "they",
                };
                (as_pronoun.to_string(), rest.trim())
            }
            _ => {
                let at = text.find("'s ").or_else(|| text.find("’s "))?;
                let apostrophe = if text[at..].starts_with('\'') { 3 } else { "’s ".len() };
                (text[..at].to_string(), text[at + apostrophe..].trim())
            }
        };
        if rest.is_empty() || owner.trim().is_empty() {
            return None;
        }
        // "New Zealand's Prime Minister John Key", "His father Mohamed": a
        // person named after the possessive, who is the source himself.
        let named = self.analyse(rest);
        if named.kind == SourceType::Person && !named.name.is_empty() {
            return None;
        }
        let head = crate::text::lower(rest.split_whitespace().last()?).into_owned();
        let kind = if is_person_noun(&head) {
            SourceType::Person
        } else {
            match self.analyse(rest).kind {
                SourceType::Person => SourceType::Organization,
                k => k,
            }
        };
        // The owner is looked up without counting as a source itself.
        let owner_r = match pronoun(&owner) {
            Some(p) => self.pick_pronoun(p, cx).map(|e| (e, self.entities[e].name.clone())),
            None => {
                let r = self.resolve(&owner, cx);
                r.entity.map(|e| (e, r.name))
            }
        };
        let (_, owner_name) = owner_r?;
        let name = format!("{owner_name}’s {rest}");
        let lower = name.to_lowercase();
        let e = self.described(lower, || EntityDraft {
            name: name.clone(),
            kind,
            aliases: vec![],
            role: None,
            members: vec![],
            named: false,
            gender: None,
            key: name_key(&name),
            role_key: vec![],
        });
        push_alias(&mut self.entities[e].aliases, text, &name);
        Some(self.speak(e, cx))
    }

    /// The best antecedent for a pronoun, without recording anything.
    ///
    /// Candidates are the entities of the last [`WINDOW`] sentences whose
    /// type, number and gender fit. The score prefers, in this order of
    /// weight: a gender the text gave (not merely not contradicted); the
    /// speaker just quoted when the cue follows a quote or continues a
    /// speaker ("he added"); a subject or a source over a name in passing;
    /// a name outside quotes over one the speaker merely mentioned; and the
    /// nearer sentence.
    fn pick_pronoun(&self, p: Pronoun, cx: Context) -> Option<usize> {
        let fits = |ent: &EntityDraft| match p {
            Pronoun::Person(g) => {
                ent.kind == SourceType::Person
                    && ent.members.is_empty()
                    && ent.gender.is_none_or(|x| x == g)
                    && (ent.named || ent.key.last().is_some_and(|h| is_person_noun(h)))
            }
            // A country is "it"; "they" is a group, a body's people, or the vague many.
            Pronoun::Plural => {
                !ent.members.is_empty()
                    || !matches!(ent.kind, SourceType::Person | SourceType::Document)
                        && !super::lexicon::is_place(&ent.name.to_lowercase())
            }
            Pronoun::Thing => matches!(ent.kind, SourceType::Organization | SourceType::Outlet | SourceType::Document),
            Pronoun::Speaker => false,
        };
        self.pick(fits, matches!(p, Pronoun::Person(_)), cx)
    }

    /// The best-scored entity of the last [`WINDOW`] sentences that `fits`
    /// (see [`Resolver::pick_pronoun`]); `gendered` gives a known gender weight.
    fn pick(&self, fits: impl Fn(&EntityDraft) -> bool, gendered: bool, cx: Context) -> Option<usize> {
        let score = |e: usize| {
            let s = self.salience[e];
            let ent = &self.entities[e];
            let distance = cx.sentence.saturating_sub(s.sentence) as f32;
            let mut v = -distance;
            if gendered && ent.gender.is_some() {
                v += 1.5;
            } else if gendered && ent.named && ent.role.is_none() {
                // No first name, title, role or pronoun has said this is a person ("Big Machine").
                v -= 1.0;
            }
            // News goes on with the one who just spoke ("X said … He urged").
            if self.last_speaker == Some(e) {
                v += 0.5;
            }
            if self.last_speaker == Some(e) && (cx.after_quote || cx.continues) {
                v += 2.5;
            }
            if s.subject || s.spoke_at.is_some_and(|t| t + 4 >= s.at) {
                v += 1.0;
            }
            if s.quoted {
                v -= 1.5;
            }
            v
        };
        self.recent
            .iter()
            .rev()
            .copied()
            .filter(|&e| fits(&self.entities[e]) && cx.sentence.saturating_sub(self.salience[e].sentence) <= WINDOW)
            // Latest first, and a later candidate must score higher: the nearer wins a tie.
            .fold(None::<(usize, f32)>, |best, e| {
                let v = score(e);
                match best {
                    Some((_, b)) if b >= v => best,
                    _ => Some((e, v)),
                }
            })
            .map(|(e, _)| e)
    }

    /// Resolves "he", "she", "they", "it" and the speaker's "I"/"we".
    fn resolve_pronoun(&mut self, text: &str, p: Pronoun, cx: Context) -> Resolution {
        if p == Pronoun::Speaker {
            return match cx.quote_speaker {
                Some(e) => {
                    push_alias(&mut self.entities[e].aliases, &text.to_lowercase(), "");
                    self.speak(e, cx)
                }
                None if cx.in_quote => Resolution::unresolved(text, SourceType::Person),
                None => Resolution { writer: true, ..Resolution::unresolved(text, SourceType::Person) },
            };
        }
        match self.pick_pronoun(p, cx) {
            Some(e) if !self.entities[e].members.is_empty() => {
                let r = self.speak(e, cx);
                Resolution { entity: None, group: self.entities[e].members.clone(), ..r }
            }
            Some(e) => {
                let lower = text.to_lowercase();
                let ent = &mut self.entities[e];
                if !ent.aliases.iter().any(|a| a.eq_ignore_ascii_case(&lower)) {
                    ent.aliases.push(lower);
                }
                if let Pronoun::Person(g) = p {
                    ent.gender.get_or_insert(g);
                }
                self.speak(e, cx)
            }
            None => Resolution::unresolved(
                text,
                match p {
                    Pronoun::Person(_) | Pronoun::Speaker => SourceType::Person,
                    Pronoun::Plural => SourceType::Vague,
                    Pronoun::Thing => SourceType::Organization,
                },
            ),
        }
    }

    /// "the minister", "the company", "the statement", "a senior official",
    /// "media reports".
    fn resolve_description(&mut self, text: &str, kind: SourceType, cx: Context) -> Resolution {
        let lower = text.to_lowercase();
        let definite = lower.starts_with("the ");
        let key = name_key(text);
        let head = key.last().cloned().unwrap_or_default();
        // "The statement said": the body that issued it, the latest that spoke.
        let issued = lower.strip_prefix("the ").is_some_and(is_issuer_noun);
        if definite && issued {
            if let Some(e) = self.last_speaker.filter(|&e| {
                matches!(self.entities[e].kind, SourceType::Organization | SourceType::Person | SourceType::Outlet)
            }) {
                let name = self.entities[e].name.clone();
                push_alias(&mut self.entities[e].aliases, text, &name);
                return self.speak(e, cx);
            }
        }
        if definite && matches!(kind, SourceType::Person | SourceType::Organization) && !head.is_empty() {
            // A role noun points back to the entity introduced with that role or
            // name; of several, the one whose role shares most words ("the
            // defence minister" among ministers), then the latest.
            // How well the description fits a role: shared words count, words of
            // the role it leaves out count against ("the president" is President
            // Trump, not the president of the Federal Reserve Bank).
            let overlap = |ent: &EntityDraft| {
                let shared = key.iter().filter(|k| ent.role_key.contains(k) || ent.key.contains(k)).count() as i64;
                let role_words =
                    ent.role_key.iter().filter(|w| crate::attribution::lexicon::title_role(w).is_none()).count() as i64;
                2 * shared - (role_words - shared).max(0)
            };
            let found = self
                .by_token
                .get(&head)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&e| {
                    let ent = &self.entities[e];
                    ent.kind == SourceType::Person && ent.role_key.contains(&head)
                        || ent.kind != SourceType::Person && ent.key.contains(&head)
                })
                .max_by_key(|&e| (overlap(&self.entities[e]), self.salience[e].at));
            // No entity has that role: a reader takes "the Wikileaks founder" or
            // "the firm" for the person or body in focus whose role the article
            // has not given, and learns the role.
            let role_noun = is_person_noun(&head);
            let found = found.or_else(|| match kind {
                SourceType::Person if role_noun => {
                    let g = gender_word(&head);
                    // Only someone named: "the minister" is not "the doctor" of
                    // an earlier sentence, a description the article never named.
                    let fits = |ent: &EntityDraft| {
                        ent.kind == SourceType::Person
                            && ent.named
                            && ent.members.is_empty()
                            && ent.role.is_none()
                            && !ent.key.is_empty()
                            && g.is_none_or(|g| ent.gender.is_none_or(|x| x == g))
                    };
                    self.pick(fits, false, cx)
                }
                SourceType::Organization if super::lexicon::is_body_noun(&head) => {
                    let fits = |ent: &EntityDraft| {
                        ent.kind == SourceType::Organization
                            && !ent.key.is_empty()
                            && !ent.name.contains('’')
                            && !super::lexicon::is_place(&ent.name.to_lowercase())
                    };
                    self.pick(fits, false, cx)
                }
                _ => None,
            });
            if let Some(e) = found {
                let name = self.entities[e].name.clone();
                push_alias(&mut self.entities[e].aliases, text, &name);
                if self.entities[e].role.is_none() && self.entities[e].kind == SourceType::Person {
                    let role = text.split_once(' ').map_or(text, |(_, r)| r).trim();
                    self.entities[e].role = Some(role.to_string());
                    self.set_role_key(e);
                }
                return self.speak(e, cx);
            }
        }
        let e = self.described(lower, || EntityDraft {
            name: text.to_string(),
            kind,
            aliases: vec![],
            role: None,
            members: vec![],
            named: false,
            gender: if kind == SourceType::Person {
                text.split_whitespace().find_map(|w| gender_word(&crate::text::lower(w)))
            } else {
                None
            },
            key,
            role_key: vec![],
        });
        self.speak(e, cx)
    }

    /// The entity a description names ("media reports", "Gavin Newsom’s
    /// office", a group): one per lower-cased description, made by `draft`
    /// the first time.
    fn described(&mut self, lower: String, draft: impl FnOnce() -> EntityDraft) -> usize {
        if let Some(&e) = self.by_description.get(&lower) {
            return e;
        }
        let e = self.add(draft());
        self.by_description.insert(lower, e);
        e
    }

    /// The most recently mentioned entity that shares a token with `tokens` and passes `ok`.
    fn latest_sharing(&self, tokens: &[String], ok: impl Fn(&EntityDraft) -> bool) -> Option<usize> {
        self.latest_sharing_ix(tokens, |e| ok(&self.entities[e]))
    }

    /// [`Resolver::latest_sharing`] with the test given the entity's index.
    fn latest_sharing_ix(&self, tokens: &[String], ok: impl Fn(usize) -> bool) -> Option<usize> {
        tokens
            .iter()
            .filter_map(|t| self.by_token.get(t))
            .flatten()
            .copied()
            .filter(|&e| ok(e))
            .max_by_key(|&e| self.salience[e].at)
    }

    fn add(&mut self, e: EntityDraft) -> usize {
        self.entities.push(e);
        self.salience.push(Salience::default());
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
                // A word shared by very many entities ("minister" in a long
                // page's roles) keeps only the latest: lookups stay O(1).
                if list.len() > MAX_SHARING {
                    list.remove(0);
                }
            }
        }
    }

    /// The role's words, with a title's role noun ("Sen." gives "senator").
    fn set_role_key(&mut self, e: usize) {
        let mut key = self.entities[e].role.as_deref().map(name_key).unwrap_or_default();
        let nouns: Vec<String> =
            key.iter().filter_map(|w| crate::attribution::lexicon::title_role(w)).map(str::to_string).collect();
        key.extend(nouns);
        self.entities[e].role_key = key;
        self.index(e, false);
    }

    /// Records a mention of entity `e` at the current sentence.
    fn touch(&mut self, e: usize, sentence: usize, subject: bool, quoted: bool) {
        self.clock += 1;
        let s = &mut self.salience[e];
        // A later mention inside a quote does not undo a plain one in the same sentence.
        let quoted = quoted && !(s.sentence == sentence && !s.quoted && s.at > 0);
        *s = Salience { sentence, subject, quoted, at: self.clock, spoke_at: s.spoke_at };
        self.recent.retain(|&x| x != e);
        self.recent.push(e);
        if self.recent.len() > MAX_RECENT {
            self.recent.remove(0);
        }
    }

    /// Records that entity `e` is a source here and returns its resolution.
    fn speak(&mut self, e: usize, cx: Context) -> Resolution {
        self.touch(e, cx.sentence, true, cx.in_quote);
        self.salience[e].spoke_at = Some(self.clock);
        self.last_speaker = Some(e);
        let ent = &self.entities[e];
        Resolution { entity: Some(e), name: ent.name.clone(), kind: ent.kind, group: vec![], writer: false }
    }
}

/// A person's name never merges with a body's ("Jordan" the country and a
/// man called Jordan; "Washington" the government and a Mr. Washington).
fn compatible_kinds(a: SourceType, b: SourceType) -> bool {
    (a == SourceType::Person) == (b == SourceType::Person)
}

fn push_alias(aliases: &mut Vec<String>, alias: &str, name: &str) {
    if alias != name && !aliases.iter().any(|a| a == alias) {
        aliases.push(alias.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(sentence: usize) -> Context {
        Context { sentence, ..Context::default() }
    }

    #[test]
    fn merges_variants_and_resolves_pronouns_and_roles() {
        let mut r = Resolver::default();
        let a = r.resolve("Defense Minister Kim Yong-hyun", at(0));
        let b = r.resolve("Kim Yong Hyun", at(1));
        let c = r.resolve("he", at(2));
        let d = r.resolve("the minister", at(3));
        let e = r.resolve("Kim", at(4));
        assert_eq!(a.entity, Some(0));
        for x in [&b, &c, &d, &e] {
            assert_eq!(x.entity, Some(0), "{x:?}");
            assert_eq!(x.name, "Kim Yong-hyun");
        }
        assert_eq!(r.entities[0].role.as_deref(), Some("Defense Minister"));
        let v = r.resolve_with_apposition("the environment minister", "Tomas Varga", at(5));
        assert_eq!(v.name, "Tomas Varga");
        assert_eq!(r.resolve("the minister", at(6)).name, "Tomas Varga");
        r.mention("Priya Nandakumar", None, false, 7, true, false);
        assert_eq!(r.resolve("she", at(7)).name, "Priya Nandakumar");
        let y = r.resolve("Yonhap", at(8));
        assert_eq!(y.kind, SourceType::Outlet);
        assert_eq!(r.resolve("she", at(8)).name, "Priya Nandakumar");
    }

    #[test]
    fn a_guessed_body_named_in_full_later_is_that_person() {
        let mut r = Resolver::default();
        let mut first = r.resolve("Okafor", at(0));
        assert_eq!(first.kind, SourceType::Organization);
        let full = r.resolve("Ada Okafor", at(1));
        assert_eq!((full.kind, full.entity), (SourceType::Person, first.entity));
        r.person_after_all(&mut first);
        assert_eq!((first.kind, first.name.as_str()), (SourceType::Person, "Ada Okafor"));
        // A body stays one when no first name opens the longer name.
        let mut nasa = r.resolve("Acme", at(2));
        r.resolve("Under Acme", at(3));
        r.person_after_all(&mut nasa);
        assert_eq!(nasa.kind, SourceType::Organization);
    }

    #[test]
    fn pronouns_follow_gender_and_writer_is_no_source() {
        let mut r = Resolver::default();
        r.resolve("Angela Merkel", at(0));
        r.mention("Olaf Scholz", None, false, 1, false, false);
        assert_eq!(r.resolve("she", at(1)).name, "Angela Merkel");
        assert_eq!(r.resolve("he", at(2)).name, "Olaf Scholz");
        assert!(r.resolve("I", at(3)).writer);
        let quoted = Context { quote_speaker: Some(0), in_quote: true, ..at(3) };
        assert_eq!(r.resolve("I", quoted).name, "Angela Merkel");
    }

    #[test]
    fn coordinated_possessive_and_places() {
        let mut r = Resolver::default();
        let g = r.resolve("Alexander Vindman and Jennifer Williams", at(0));
        assert_eq!(g.name, "Alexander Vindman and Jennifer Williams");
        assert_eq!(g.group.len(), 2);
        assert_eq!(r.resolve("Procter and Gamble", at(1)).group.len(), 0);
        r.resolve("Gov. Gavin Newsom", at(2));
        let o = r.resolve("His office", at(3));
        assert_eq!(o.name, "Gavin Newsom’s office");
        assert_eq!(o.kind, SourceType::Organization);
        assert_eq!(r.resolve("the governor", at(4)).name, "Gavin Newsom");
        assert_eq!(r.resolve("Seoul", at(5)).kind, SourceType::Organization);
        assert_eq!(r.resolve("an agency spokesman", at(6)).kind, SourceType::Person);
        r.resolve("the ministry", at(7));
        assert_eq!(r.resolve("the statement", at(8)).name, "the ministry");
    }
}
