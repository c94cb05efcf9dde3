//! Speaker stage: who each source is, across the whole article.
//!
//! Runs after the attribution stage has found every source phrase. It
//! reads the article in order, sentence by sentence, and feeds the
//! [`Resolver`] two kinds of mention: person names anywhere in the text
//! ([`mentions`], with whether each is the sentence's subject and whether
//! it lies inside a quote), and the source phrases, each with its place
//! ([`Context`]: after a quote, "he added", inside a quote). The "I" and
//! "we" of a quote go to the quote's speaker once every other source is
//! resolved; outside any quote they are the writer's, and such an
//! attribution is dropped. Only entities that are some attribution's source
//! reach the report.

mod entities;
pub mod lexicon;
mod mentions;
pub mod parts;

pub use entities::{Context, EntityDraft, Resolution, Resolver};
pub use lexicon::Gender;
pub use parts::{analyse, pronoun, Pronoun};

use crate::attribution::{sentence_words, Located};
use crate::report::{QuoteKind, SourceType};
use crate::text::{lower_aligned, Article};

/// Cue words that carry on the last speaker's words.
const CONTINUING: &[&str] = &["added", "adds", "continued", "continues", "went", "goes", "concluded", "reiterated"];

/// Resolves every attribution's source; drops the writer's own; returns the
/// entities the report lists, in order of first mention.
pub fn resolve(article: &Article, found: &mut Vec<Located>) -> Vec<EntityDraft> {
    let mut r = Resolver::default();
    let mut speaker_pronouns = Vec::new();
    let mut next = 0;
    for (b, block) in article.blocks.iter().enumerate() {
        let low = lower_aligned(&block.text);
        let in_quote = |at: usize| block.quotes.iter().any(|q| q.start < at && at < q.end);
        for s in 0..block.sentences.len() {
            let sentence = block.first_sentence + s;
            let end = next + found[next..].iter().take_while(|a| a.block == b && a.sentence == sentence).count();
            let mut order: Vec<usize> = (next..end).collect();
            order.sort_by_key(|&i| found[i].source.start);
            next = end;
            let toks = sentence_words(block, &low, s);
            let names = mentions::person_mentions(&toks, block.parse(s), &block.quotes, &mut r);
            let mut m = 0;
            let mut prev = None;
            for i in order {
                let a = &found[i];
                while m < names.len() && names[m].range.start < a.source.start {
                    mention(&mut r, &block.text, &names[m], sentence, &mut prev);
                    m += 1;
                }
                if a.source.is_empty() {
                    // "When asked whether …": nobody is named. The model's sourceless
                    // attributions are agentless ("is said to", "it is believed"): vague.
                    let kind = if a.pattern == "model" { SourceType::Vague } else { SourceType::Anonymous };
                    found[i].resolved =
                        Resolution { entity: None, name: String::new(), kind, group: vec![], writer: false };
                    continue;
                }
                // "the Competition Bureau, which said", "Rahul Dev, head of the
                // cooperative, who told": a relative pronoun is the name just
                // before it (through its apposition).
                let relative = matches!(&*crate::text::lower(block.text[a.source.clone()].trim()), "who" | "which");
                if relative {
                    let from = a.antecedent.as_ref().map_or(a.source.start, |x| x.start);
                    // Only the nearest name ending before it can be its antecedent.
                    let named = names[..m]
                        .iter()
                        .rev()
                        .find(|n| n.range.end <= from)
                        .filter(|n| block.text.get(n.range.end..from).is_some_and(|g| g.trim() == ","));
                    if let Some(n) = named {
                        let name = &block.text[n.range.clone()];
                        found[i].resolved = match &a.antecedent {
                            Some(x) => r.resolve_with_apposition(
                                name,
                                &block.text[x.clone()],
                                Context { sentence, ..Context::default() },
                            ),
                            None => r.resolve(name, Context { sentence, ..Context::default() }),
                        };
                        continue;
                    }
                }
                let src = &block.text[a.antecedent.clone().unwrap_or(a.source.clone())];
                if pronoun(src.trim()) == Some(Pronoun::Speaker) {
                    speaker_pronouns.push(i);
                    continue;
                }
                let cue = crate::text::lower(block.text[a.cue.clone()].split_whitespace().next().unwrap_or(""));
                let cx = Context {
                    sentence,
                    in_quote: in_quote(a.source.start),
                    quote_speaker: None,
                    after_quote: a.kind != QuoteKind::Indirect
                        && a.content_block == b
                        && a.content.first().is_some_and(|c| c.end <= a.cue.start),
                    continues: CONTINUING.contains(&&*cue),
                };
                found[i].resolved = resolve_source(&mut r, src, cx);
            }
            for n in &names[m..] {
                mention(&mut r, &block.text, n, sentence, &mut prev);
            }
        }
    }
    // "I" and "we": the speaker of the words they stand in.
    for &i in &speaker_pronouns {
        let a = &found[i];
        let block = &article.blocks[a.block];
        // Only the attributions of this block (or the one before, whose colon cue
        // introduces it) can hold it; found is in block order.
        let from = found.partition_point(|o| o.block + 1 < a.block);
        let to = found.partition_point(|o| o.block <= a.block);
        let speaker = a.parent.map(|p| &found[p]).or_else(|| {
            found[from..to].iter().find(|o| {
                o.content_block == a.block
                    && o.source.start != a.source.start
                    && o.content.iter().any(|c| c.start <= a.source.start && a.source.end <= c.end)
            })
        });
        let cx = Context {
            sentence: a.sentence,
            in_quote: block.quotes.iter().any(|q| q.start < a.source.start && a.source.start < q.end),
            quote_speaker: speaker.and_then(|o| o.resolved.entity),
            ..Context::default()
        };
        let src = block.text[a.source.clone()].to_string();
        found[i].resolved = r.resolve(&src, cx);
    }
    // "Okafor" guessed a body, then named in full as a person.
    for a in found.iter_mut() {
        r.person_after_all(&mut a.resolved);
    }
    // The writer's own "I think" is no attribution.
    crate::attribution::retain_renumbering(found, |a| !a.resolved.writer);
    reported_entities(r.entities, found)
}

/// Records a name; two people joined by "and" ("Anna Berg and Tomas Lind")
/// are also recorded as the group a later "they" means. `prev` is the
/// sentence's previous person mention (entity, end byte).
fn mention(r: &mut Resolver, text: &str, n: &mentions::Mention, sentence: usize, prev: &mut Option<(usize, usize)>) {
    let Some(e) =
        r.mention(&text[n.range.clone()], n.role.clone().map(|x| &text[x]), n.body, sentence, n.subject, n.quoted)
    else {
        return;
    };
    // Two people, or two bodies ("Washington and the Taliban").
    let person = |r: &Resolver, e: usize| r.entities[e].kind == SourceType::Person;
    if let Some((p, end)) = *prev {
        let joined = text.get(end..n.range.start).is_some_and(|g| matches!(g.trim(), "and" | "and the"));
        if person(r, p) == person(r, e) && p != e && joined {
            r.mention_group(&[p, e], sentence, n.subject, n.quoted);
        }
    }
    *prev = Some((e, n.range.end));
}

/// Resolves a source phrase: an apposition gives its role, a party tag is dropped.
fn resolve_source(r: &mut Resolver, src: &str, cx: Context) -> Resolution {
    // "While China …": a conjunction the source phrase caught is no part of it.
    let src = match src.split_once(' ') {
        Some((first, rest))
            if !rest.trim().is_empty()
                && matches!(
                    &*crate::text::lower(first),
                    "while"
                        | "since"
                        | "as"
                        | "because"
                        | "although"
                        | "though"
                        | "after"
                        | "when"
                        | "if"
                        | "but"
                        | "and"
                        | "so"
                ) =>
        {
            rest
        }
        _ => src,
    };
    // "Big Machine have twice": auxiliaries and adverbs the source phrase
    // caught from the verb group are no part of the name.
    let mut src = src.trim_end();
    while let Some((rest, last)) = src.rsplit_once(' ') {
        let trailing = matches!(
            &*crate::text::lower(last),
            "have"
                | "has"
                | "had"
                | "also"
                | "twice"
                | "again"
                | "repeatedly"
                | "previously"
                | "later"
                | "then"
                | "now"
                | "already"
                | "never"
                | "still"
                | "once"
                | "did"
                | "does"
                | "do"
                | "would"
                | "will"
                | "could"
                | "can"
                | "may"
                | "might"
                | "should"
                | "must"
                | "is"
                | "was"
                | "were"
                | "are"
        );
        if !trailing || rest.trim().is_empty() {
            break;
        }
        src = rest.trim_end();
    }
    let mut parts = src
        .split([',', '—', '–', '―'])
        .flat_map(|p| p.split(" -"))
        .map(|p| p.split('(').next().unwrap_or(p).trim().trim_matches('-').trim());
    let head = parts.next().filter(|h| !h.is_empty()).unwrap_or_else(|| {
        // "(Ana)": nothing before the bracket; take the words themselves.
        src.trim_matches(|c: char| !c.is_alphanumeric())
    });
    // "Ana Ruiz, Tom Bell and Lee Park": a list, not a name and its apposition.
    let listed = src.contains(" and ") && !src.contains('(');
    if listed {
        if let Some(res) = r.resolve_coordinated(src, cx) {
            return res;
        }
    }
    match parts.next().filter(|a| !a.is_empty()) {
        // "WASHINGTON — NASA announced": a dateline's place, then the source.
        Some(app) if is_dateline(head) => r.resolve(app, cx),
        // "runs the AMAs, Dick Clark Productions": a head that opens with a
        // lower-case word other than a determiner is a fragment of the clause.
        Some(app) if is_fragment(head) => r.resolve(app, cx),
        Some(app) => r.resolve_with_apposition(head, app, cx),
        None => r.resolve(head, cx),
    }
}

/// A phrase that opens with a lower-case word no noun phrase opens with.
fn is_fragment(head: &str) -> bool {
    head.split_whitespace().next().is_some_and(|w| {
        // Titles and typed words ("former", "officials") open noun phrases.
        let typed = crate::attribution::lexicon::source_types_in(&format!(" {w} ")).next().is_some();
        w.chars().next().is_some_and(char::is_lowercase)
            && !crate::attribution::lexicon::is_title(w)
            && !typed
            && !matches!(
                w,
                "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "our"
                    | "my"
                    | "this"
                    | "that"
                    | "these"
                    | "those"
                    | "some"
                    | "many"
                    | "several"
                    | "two"
                    | "three"
                    | "both"
                    | "one"
                    | "other"
                    | "another"
            )
    })
}

/// A dateline's place: "WASHINGTON", "SEOUL (Reuters)".
/// Capitals alone do not make one ("NASA", "UNICEF"): a known place, or a
/// name too long or spaced for an acronym.
fn is_dateline(head: &str) -> bool {
    let mut letters = head.chars().filter(|c| c.is_alphabetic()).peekable();
    let caps = letters.peek().is_some() && letters.all(char::is_uppercase);
    caps && (lexicon::is_place(&head.to_lowercase()) || head.contains(' ') || head.chars().count() >= 7)
}

/// The entities some attribution names, renumbered in order of first mention.
fn reported_entities(all: Vec<EntityDraft>, found: &mut [Located]) -> Vec<EntityDraft> {
    let mut used = vec![false; all.len()];
    for a in found.iter() {
        for &e in a.resolved.entity.iter().chain(&a.resolved.group) {
            used[e] = true;
        }
    }
    let mut new_index = vec![usize::MAX; all.len()];
    let mut out = Vec::new();
    for (i, e) in all.into_iter().enumerate() {
        if used[i] {
            new_index[i] = out.len();
            out.push(e);
        }
    }
    for a in found.iter_mut() {
        a.resolved.entity = a.resolved.entity.map(|e| new_index[e]);
        for e in &mut a.resolved.group {
            *e = new_index[*e];
        }
    }
    out
}
