//! Attribution stage: who said what.
//!
//! For each sentence, `extract` finds cue–source–content triples; chains are
//! linked by containment (an attribution whose cue lies in another's content
//! is reported by it). The speaker stage (`crate::speakers`) then resolves
//! every source to an entity.

mod extract;
pub mod learn;
pub(crate) mod lexicon;

use std::ops::Range;

pub use crate::text::quote_spans;
pub use extract::{Found, RULES};

use crate::page::BlockKind;
use crate::report::QuoteKind;
use crate::syntax::Upos;
use crate::text::{lower_aligned, words, Article, TextBlock};

/// An attribution located in the article, before it becomes report data.
#[derive(Debug, Clone)]
pub struct Located {
    /// Article block index.
    pub block: usize,
    /// Article-wide sentence index.
    pub sentence: usize,
    /// Byte range of the source words.
    pub source: Range<usize>,
    /// Byte range of the cue.
    pub cue: Range<usize>,
    /// Byte ranges of the content, in block `content_block`.
    pub content: Vec<Range<usize>>,
    /// The block the content lies in: the attribution's own, or the next one
    /// when a cue ends its paragraph with a colon.
    pub content_block: usize,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// Index of the attribution reporting this one.
    pub parent: Option<usize>,
    /// The noun a relative "who" source stands for ("Democrats, who have argued").
    pub antecedent: Option<Range<usize>>,
    /// Who the source is (filled by the speaker stage).
    pub resolved: crate::speakers::Resolution,
    /// How sure the cue model is that this is an attribution (0..1).
    pub confidence: f32,
    /// The cue is negated ("did not reveal"): nothing was asserted.
    pub negated: bool,
    /// Statement, belief, intention or evidence.
    pub category: crate::report::Category,
    /// The id of the rule or model that proposed it.
    pub pattern: &'static str,
}

/// The word tokens of sentence `s` of a block, offsets into the block text.
pub(crate) fn sentence_words<'a>(block: &'a TextBlock, low: &'a str, s: usize) -> Vec<crate::text::Word<'a>> {
    let range = block.sentences[s].clone();
    words(&block.text[range.clone()], &low[range.clone()])
        .into_iter()
        .map(|mut w| {
            w.start += range.start;
            w.end += range.start;
            w
        })
        .collect()
}

/// What the rules find in sentence `s` of a block. Content with no word in
/// it ("Sanders: ,,,") says nothing: such a piece is dropped, and an
/// attribution left with none (its content is not yet to come from the next
/// block) with it.
pub(crate) fn rules_in_sentence(block: &TextBlock, toks: &[crate::text::Word], s: usize) -> Vec<Found> {
    let heading = block.kind == BlockKind::Heading;
    let range = block.sentences[s].clone();
    let mut found = extract::find_in_sentence(&block.text, toks, range, &block.quotes, heading, block.parse(s));
    let says = |r: &Range<usize>| block.text[r.clone()].chars().any(char::is_alphanumeric);
    for f in &mut found {
        f.content.retain(says);
    }
    found.retain(|f| f.content_in_next_block || !f.content.is_empty());
    if let Some(p) = block.parse(s) {
        for f in &mut found {
            widen_to_subject(p, f);
            narrow_to_noun_phrase(p, f);
        }
    }
    found
}

/// A source the word windows cut at either end ("Lee Park" of "Ana Ruiz, Tom
/// Bell and Lee Park suggested", "its three districts" of "The spokeswoman for
/// the authority and its three districts insisted", "the Ulsan" of "the Ulsan
/// Daily reported", where "daily" is also an outlet word) is widened to the
/// cue verb's subject in the parse, when that subject holds it, ends before
/// the cue and is a plain noun phrase (no verb of its own: widening over a
/// relative clause was measured to take in the parser's mistakes).
fn widen_to_subject(p: &crate::syntax::Parse, f: &mut Found) {
    if f.source.is_empty() || f.source.end > f.cue.start || f.antecedent.is_some() {
        return;
    }
    let Some(v) = p.token_at(f.cue.start) else { return };
    let Some(subj) = p.child_with(v, &["nsubj"]) else { return };
    let tokens = p.span(subj);
    let span = p.bytes(tokens.clone());
    let wider = span.start <= f.source.start && f.source.end <= span.end && span != f.source;
    let nominal = matches!(p.upos[subj], Upos::NOUN | Upos::PROPN | Upos::PRON)
        && tokens.clone().all(|t| !matches!(p.upos[t], Upos::VERB | Upos::AUX));
    if nominal && wider && span.end <= f.cue.start {
        f.source = span;
    }
}

/// A participle's source window that ran over the clause it hangs from
/// ("The US welcomed the exchange" of "The US welcomed the exchange, saying
/// …") is narrowed to that clause's subject; a subordinator or conjunction
/// at a source's start ("Before", "Since", "But") is dropped. The parse
/// decides: the clause's verb is the nearest verb above the cue, and its
/// subject lies inside the window and is a noun phrase.
fn narrow_to_noun_phrase(p: &crate::syntax::Parse, f: &mut Found) {
    if f.source.is_empty() || f.antecedent.is_some() {
        return;
    }
    let inside = p.tokens_within(&f.source);
    let governor = (f.pattern == "participle-cue").then(|| verb_above(p, f.cue.start)).flatten();
    if let Some(v) = governor.filter(|v| inside.contains(v)) {
        if let Some(subj) = p.child_with(v, &["nsubj"]).filter(|s| inside.contains(s)) {
            let span = p.bytes(p.span(subj));
            if noun_phrase(p, subj) && f.source.start <= span.start && span.end <= f.source.end {
                f.source = span;
            }
        }
        return;
    }
    let Some(first) = inside.clone().next() else { return };
    // The parse may read "Before the examiner concluded" as a phrase "before the examiner".
    let leads = matches!(p.rels[first], "mark" | "cc" | "case");
    if leads && first + 1 < inside.end {
        f.source.start = p.tokens[first + 1].start;
    }
}

/// The nearest verb above the token at `byte`: the clause a participle
/// hangs from (the parse may hang ", saying" from the object noun before it).
fn verb_above(p: &crate::syntax::Parse, byte: usize) -> Option<usize> {
    let mut up = p.token_at(byte).and_then(|c| p.heads[c]);
    // Bounded depth, as in `Parse::span`.
    for _ in 0..64 {
        match up {
            Some(g) if p.upos[g] != Upos::VERB => up = p.heads[g],
            _ => break,
        }
    }
    up
}

/// Is token `t` inside a modifier (a relative clause, an adnominal or
/// appositive phrase) of a word of `inside`, rather than a clause of its own?
fn under_modifier(p: &crate::syntax::Parse, mut t: usize, inside: &Range<usize>) -> bool {
    // Bounded depth, as in `Parse::span`.
    for _ in 0..64 {
        if p.rels[t].starts_with("acl") || p.rels[t] == "appos" || p.rels[t] == "amod" {
            return true;
        }
        match p.heads[t] {
            Some(h) if inside.contains(&h) => t = h,
            _ => return false,
        }
    }
    false
}

/// A noun phrase: a nominal head, and any verb in it sits in a modifier
/// ("economists who have done the calculations").
fn noun_phrase(p: &crate::syntax::Parse, head: usize) -> bool {
    let tokens = p.span(head);
    matches!(p.upos[head], Upos::NOUN | Upos::PROPN | Upos::PRON)
        && tokens.clone().all(|t| !matches!(p.upos[t], Upos::VERB | Upos::AUX) || under_modifier(p, t, &tokens))
}

/// Finds every attribution in the article (sources not yet resolved).
pub fn find(article: &Article) -> Vec<Located> {
    let mut out: Vec<Located> = Vec::new();
    for (b, block) in article.blocks.iter().enumerate() {
        // A page's headings and captions are page structure (BlockKind::is_analysed):
        // "Assange: …" over a story is a label, not a speaker. A plain text's
        // headline is only guessed from its length, and still read.
        if !block.kind.is_analysed() && !article.plain_text {
            continue;
        }
        // "The Times reports:" at the end of the previous paragraph introduces this
        // one, if it says anything (a blank block leaves the cue with nothing, dropped below).
        let says_something = block.text.chars().any(char::is_alphanumeric);
        for prev in
            out.iter_mut().rev().take_while(|a| a.block + 1 == b).filter(|a| a.content.is_empty() && says_something)
        {
            prev.content = std::iter::once(0..block.text.len()).collect();
            prev.content_block = b;
        }
        let quotes = &block.quotes;
        let low = lower_aligned(&block.text);
        let block_first = out.len();
        let heading = block.kind == BlockKind::Heading;
        for s in 0..block.sentences.len() {
            let toks = sentence_words(block, &low, s);
            let mut found = rules_in_sentence(block, &toks, s);
            let mut scores = Vec::with_capacity(found.len());
            let parse = block.parse(s).filter(|_| !heading);
            if let Some(parse) = parse {
                learn::extend(&block.text, parse, quotes, &mut found, &mut scores);
            } else {
                scores.extend(found.iter().map(|_| learn::Scored { confidence: 1.0, learned: false, negated: false }));
            }
            let first = out.len();
            // A chain: an attribution whose cue lies in another's content is reported
            // by it ("Yonhap reports that the minister said …"), whichever came first.
            let size = |f: &Found| f.content.iter().map(|c| c.len()).sum::<usize>();
            let parents: Vec<Option<usize>> = found
                .iter()
                .map(|f| {
                    (0..found.len())
                        .filter(|&p| size(&found[p]) > size(f))
                        .filter(|&p| found[p].content.iter().any(|c| c.start <= f.cue.start && f.cue.end <= c.end))
                        .min_by_key(|&p| size(&found[p]))
                        .map(|p| first + p)
                })
                .collect();
            for ((f, parent), score) in found.into_iter().zip(parents).zip(scores) {
                let category = learn::cue_category(&block.text, parse, &f.cue);
                out.push(Located {
                    block: b,
                    sentence: block.first_sentence + s,
                    source: f.source,
                    cue: f.cue,
                    content: f.content,
                    content_block: b,
                    kind: f.kind,
                    parent,
                    antecedent: f.antecedent,
                    resolved: crate::speakers::Resolution::default(),
                    confidence: score.confidence,
                    negated: score.negated,
                    category,
                    pattern: f.pattern,
                });
            }
        }
        attach_continued_quotes(&block.text, quotes, &mut out[block_first..]);
    }
    // A colon cue with no paragraph after it introduces nothing.
    retain_renumbering(&mut out, |a| !a.content.is_empty());
    out
}

/// Keeps the attributions `keep` accepts and renumbers the parents that
/// pointed past the dropped ones (a dropped parent leaves its child on top).
pub(crate) fn retain_renumbering(out: &mut Vec<Located>, keep: impl Fn(&Located) -> bool) {
    if out.iter().all(&keep) {
        return;
    }
    let mut new_index = Vec::with_capacity(out.len());
    let mut kept = 0;
    for a in out.iter() {
        new_index.push(keep(a).then_some(kept));
        kept += usize::from(keep(a));
    }
    out.retain(&keep);
    for a in out.iter_mut() {
        a.parent = a.parent.and_then(|p| new_index[p]);
    }
}

/// Quotes that continue a speaker's words: in “A,” he said. “B.” the second
/// quote is still his. A quote joins the attribution just before it when
/// nothing but punctuation separates them.
fn attach_continued_quotes(text: &str, quotes: &[Range<usize>], block_atts: &mut [Located]) {
    // What the attributions already cover, sorted, with the running furthest end,
    // so "does anything cover this quote?" is a binary search.
    let mut covered: Vec<(usize, usize)> = block_atts
        .iter()
        .flat_map(|a| a.content.iter().map(|c| (c.start, c.end)).chain([(a.cue.start, a.cue.end)]))
        .collect();
    covered.sort_unstable();
    let mut furthest = Vec::with_capacity(covered.len());
    let mut far = 0;
    for &(_, end) in &covered {
        far = far.max(end);
        furthest.push(far);
    }
    let last_end = |a: &Located| a.content.iter().map(|c| c.end).chain([a.cue.end, a.source.end]).max().unwrap_or(0);
    // Candidates in order of where they end; `best` is the latest one ending before the quote.
    let mut order: Vec<usize> = (0..block_atts.len())
        .filter(|&i| block_atts[i].parent.is_none() && block_atts[i].kind != QuoteKind::Indirect)
        .collect();
    order.sort_by_key(|&i| last_end(&block_atts[i]));
    let (mut next, mut best) = (0, None::<usize>);
    for q in quotes {
        let n = covered.partition_point(|&(start, _)| start < q.end);
        if n > 0 && furthest[n - 1] > q.start {
            continue;
        }
        while next < order.len() && last_end(&block_atts[order[next]]) <= q.start {
            best = Some(order[next]);
            next += 1;
        }
        let Some(prev) = best.map(|i| &mut block_atts[i]) else { continue };
        let last = last_end(prev);
        // Punctuation only, or a short setting: "he added on Twitter. “…”".
        let gap = text[last..q.start].trim();
        let short_setting = gap.split_whitespace().count() <= 15 && gap.ends_with(['.', ',', ':']);
        if gap.chars().all(|c| !c.is_alphanumeric()) && gap.chars().count() <= 4 || short_setting {
            prev.content.push(q.clone());
        }
    }
}
