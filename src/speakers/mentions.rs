//! Names anywhere in a sentence, not only as sources: the candidates a
//! later "he", "she", "it" or "the company" may point to.

use std::ops::Range;

use super::Resolver;
use crate::report::SourceType;
use crate::syntax::Parse;
use crate::text::Word;

/// A person named in a sentence.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Byte range in the block.
    pub range: Range<usize>,
    /// The name is the subject of its clause (nsubj in the parse).
    pub subject: bool,
    /// The name lies inside quotation marks.
    pub quoted: bool,
    /// An apposition after the name: its age ("45") or role.
    pub role: Option<Range<usize>>,
    /// A lone capitalised word inside the sentence that is no first name or
    /// common noun ("Amnesty"): a body, unless a person of that name is known.
    pub body: bool,
}

/// Names in a sentence: runs of capitalised words, initials ("J.D.") and
/// name particles, with the titles and role words before them ("Wikileaks
/// founder Julian Assange", "Sen."), that the source typing reads as a
/// person or a body. A name followed by an apposition (", 45,", ", chairman
/// of Tanager,") carries it as its role.
pub fn person_mentions(
    toks: &[Word],
    parse: Option<&Parse>,
    quotes: &[Range<usize>],
    r: &mut Resolver,
) -> Vec<Mention> {
    let mut out = Vec::new();
    let is_initials = |w: &Word| {
        let letters: Vec<&str> = w.text.split('.').filter(|p| !p.is_empty()).collect();
        !letters.is_empty() && letters.iter().all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
    };
    // "NATO", "FIRST": a body's acronym (the typing decides it is one).
    let is_acronym = |w: &Word| w.text.chars().count() >= 2 && w.text.chars().all(|c| c.is_ascii_uppercase());
    let is_name_word = |w: &Word| {
        w.is_word()
            && crate::text::is_capitalized(w.text)
            && (w.text.chars().skip(1).any(|c| c.is_lowercase()) || is_initials(w) || is_acronym(w))
            && !super::lexicon::is_not_person(w.text)
    };
    let title = |w: &Word| crate::attribution::lexicon::is_title(w.lower);
    let mut i = 0;
    while i < toks.len() {
        if !is_name_word(&toks[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < toks.len() && j - i < 9 {
            let w = &toks[j];
            let glued = toks[j - 1].end == w.start;
            let period = w.text == "." && glued && (title(&toks[j - 1]) || is_initials(&toks[j - 1]));
            // "van den Berg": particles, then a name word.
            let particle = super::parts::is_particle(w.lower)
                && toks[j + 1..].iter().find(|t| !super::parts::is_particle(t.lower)).is_some_and(&is_name_word);
            if !(is_name_word(w) || period || particle) {
                break;
            }
            j += 1;
        }
        // Role words before the name ("Wikileaks founder Julian Assange"): the
        // titles, then the capitalised words that qualify them.
        let mut start = i;
        while start > 0 && title(&toks[start - 1]) {
            start -= 1;
        }
        while start > 0 && start < i && is_name_word(&toks[start - 1]) {
            start -= 1;
        }
        let words = toks[start..j].iter().filter(|w| w.is_word()).count();
        let range = toks[start].start..toks[j - 1].end;
        let name: Vec<&str> = toks[start..j].iter().map(|w| w.text).collect();
        let parts = r.analyse(&name.concat_spaced());
        // "in Long Beach", "near Ensenada": a place, whatever its words.
        let located = start > 0
            && matches!(
                toks[start - 1].lower,
                "in" | "at" | "near" | "from" | "outside" | "across" | "into" | "to" | "toward" | "towards"
            );
        let person = parts.kind == SourceType::Person && !parts.name.is_empty() && (words > 1 || start < i) && !located;
        let body = matches!(parts.kind, SourceType::Organization | SourceType::Outlet) && !parts.name.is_empty();
        let lone = words == 1 && start == i && i > 0 && !located && {
            let lower = crate::text::lower(toks[i].text);
            super::lexicon::first_name(&lower).is_none()
                && !super::lexicon::is_common_noun(&lower)
                && !super::parts::is_group_name(toks[i].text)
                && parts.kind == SourceType::Person
        };
        if person || body || lone {
            let subject = parse.is_some_and(|p| is_subject(p, &range));
            let quoted = quotes.iter().any(|q| q.start < range.start && range.end <= q.end);
            let role = person.then(|| apposition(toks, j)).flatten();
            out.push(Mention { range, subject, quoted, role, body: lone || body });
        }
        i = j;
    }
    out
}

/// ", 45," or ", chairman of the board," after a name: its age or role.
fn apposition(toks: &[Word], after: usize) -> Option<Range<usize>> {
    if toks.get(after)?.text != "," {
        return None;
    }
    let first = toks.get(after + 1)?;
    let end = (after + 1..toks.len().min(after + 12)).find(|&k| toks[k].text == "," || toks[k].text == ".")?;
    if end == after + 1 {
        return None;
    }
    let age = end == after + 2 && first.text.chars().all(|c| c.is_ascii_digit());
    let role = (after + 1..end).take(3).any(|k| crate::attribution::lexicon::is_title(toks[k].lower))
        && !crate::text::is_capitalized(first.text);
    (age || role).then(|| first.start..toks[end - 1].end)
}

/// Joins tokens the way the text spells a name: a period sticks to its word.
trait ConcatSpaced {
    fn concat_spaced(&self) -> String;
}

impl ConcatSpaced for Vec<&str> {
    fn concat_spaced(&self) -> String {
        let mut s = String::new();
        for w in self {
            if !s.is_empty() && *w != "." {
                s.push(' ');
            }
            s.push_str(w);
        }
        s
    }
}

/// The name's head (its one token whose head lies outside it) is a subject.
fn is_subject(p: &Parse, range: &Range<usize>) -> bool {
    // By binary search: the work is the name's length, not the sentence's
    // (a hostile page may hold one sentence of a million names).
    p.heads_within(range)
        .next()
        // "Herrera and Bello clashed": a conjunct of the subject is one too.
        .is_some_and(|t| {
            p.rels[t].starts_with("nsubj")
                || p.rels[t] == "conj" && p.heads[t].is_some_and(|h| p.rels[h].starts_with("nsubj"))
        })
}
