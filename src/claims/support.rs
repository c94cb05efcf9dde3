//! How a claim is supported, strongest first: a named source it is
//! attributed to; an outside link or a resolved reference; a vague or
//! unnamed source (an attribution, or wording like "reportedly"); the
//! speaker of the quote it sits in; otherwise nothing.

use std::ops::Range;

use super::detect::Features;
use super::{ClaimDraft, LinkSpot, References, Spans};
use crate::attribution::Located;
use crate::report::{ClaimStatus, SourceType};
use crate::text::{lower, Article};

/// What support is looked up in.
pub struct Context<'a> {
    pub article: &'a Article,
    pub attributions: &'a [Located],
    pub links: &'a [LinkSpot],
    pub refs: &'a References,
    /// Quotation spans of the current block.
    pub quotes: &'a [Range<usize>],
    /// Indices into `links`, per block.
    pub links_in: &'a [Vec<usize>],
    /// The current block's links by position.
    pub link_spans: &'a Spans,
    /// Each block's attributions by position (cue and content).
    pub att_spans: &'a [Spans],
}

impl<'a> Context<'a> {
    /// The attributions of block `b` over `r`.
    fn attributions_over(&self, b: usize, r: &Range<usize>) -> impl Iterator<Item = (usize, &'a Located)> + '_ {
        self.att_spans[b].over(r).map(|i| (i, &self.attributions[i]))
    }

    /// The current block's links over `r`.
    fn links_over(&self, r: &Range<usize>) -> impl Iterator<Item = &'a LinkSpot> + '_ {
        self.link_spans.over(r).map(|i| &self.links[i])
    }
}

/// The words naming an attribution's source, read in its own block (the
/// claim's block may be another: content after a lead-in colon, a quote
/// going on from the previous paragraph).
fn source_words<'a>(cx: &Context<'a>, a: &Located) -> &'a str {
    &cx.article.blocks[a.block].text[a.source.clone()]
}

/// True when a source phrase has a word in it (not only marks and spaces).
fn has_words(src: &str) -> bool {
    src.chars().any(char::is_alphanumeric)
}

fn is_weak(kind: SourceType) -> bool {
    matches!(kind, SourceType::Vague | SourceType::Anonymous)
}

/// True when the attribution reports this sentence: its cue lies in it, or
/// its content covers at least half of it.
fn reports(a: &Located, b: usize, range: &Range<usize>) -> bool {
    a.block == b && a.cue.start >= range.start && a.cue.end <= range.end
        || a.content_block == b
            && a.content.iter().any(|c| {
                let inter = c.end.min(range.end).saturating_sub(c.start.max(range.start));
                inter * 2 >= range.len()
            })
}

/// The outermost attribution reporting this sentence: it names who stands
/// behind it. "As we reported" cites the outlet itself, not a source; "did
/// not confirm that …" supports nothing, and neither does an attribution
/// the engine is unsure of (shown as uncertain).
pub fn reporting<'a>(cx: &Context<'a>, b: usize, range: &Range<usize>) -> Option<(usize, &'a Located)> {
    // The source lies in the attribution's own block, which is not this one
    // when a lead-in colon sends the content here; the quotes known here are
    // this block's, so a cue in another block counts as outside them.
    let own_voice = |a: &Located| {
        let src = lower(source_words(cx, a).trim());
        matches!(&*src, "we" | "i") && !(a.block == b && inside_quote(cx.quotes, &a.cue))
    };
    cx.attributions_over(b, range)
        .filter(|(_, a)| {
            reports(a, b, range)
                && !own_voice(a)
                && !a.negated
                && a.confidence >= 0.5
                && says(a)
                && names_or_hedges(cx, a)
                && !poll_share(cx, a)
        })
        .min_by_key(|(_, a)| a.parent.is_some())
}

/// True when the attribution can stand behind a claim: one that says or
/// shows something (a statement or evidence). A named person's belief or
/// plan ("Graham believes", "she plans to") is the writer's claim about
/// someone's mind, not a source for it; a vague group's belief ("many
/// analysts believe") is still vague sourcing.
fn says(a: &Located) -> bool {
    matches!(a.category, crate::report::Category::Statement | crate::report::Category::Evidence)
        || is_weak(a.resolved.kind)
}

/// True when the attribution has source words, or has none because its cue
/// is an agentless passive ("is said to", "was described as", "is widely
/// regarded as": the guideline's vague hedges). Any other sourceless
/// attribution is a cue with no one behind it ("appears to", a participle
/// whose subject the engine did not find), and stands behind nothing.
fn names_or_hedges(cx: &Context, a: &Located) -> bool {
    if has_words(source_words(cx, a)) {
        return true;
    }
    let Some((_, parse)) = cx.article.blocks[a.block].parse_at(a.cue.start) else { return false };
    // The passive auxiliary stands just before its verb ("is widely said"):
    // looked for there, so the check is bounded on a long sentence.
    parse
        .token_at(a.cue.start)
        .is_some_and(|t| (t.saturating_sub(4)..t).any(|k| parse.heads[k] == Some(t) && parse.rels[k] == "aux:pass"))
}

/// True when the source is a share or count of people rather than a
/// speaker ("32 percent say", "One in five say", "a majority of voters
/// expect"): the head of the source phrase is a number or a share word.
/// It reports a poll's answer, and the sentence names no poll; "Two
/// officials said" is headed by "officials" and is not one.
fn poll_share(cx: &Context, a: &Located) -> bool {
    if a.source.is_empty() {
        return false;
    }
    let Some((_, p)) = cx.article.blocks[a.block].parse_at(a.source.start) else { return false };
    // The source's one head (a phrase the parse does not see as one
    // subtree has no head to read).
    let mut heads = p.heads_within(&a.source);
    let (Some(head), None) = (heads.next(), heads.next()) else { return false };
    p.upos[head] == crate::syntax::Upos::NUM || super::lexicon::is_share_word(&p.forms[head].to_lowercase())
}

/// A named poll, survey or report the sentence rests on, as the setting of
/// its main clause or as its subject ("In the most recent YouGov/Economist
/// survey, 71 percent …", "Gallup's tracking poll puts …", "In recent polls
/// from Quinnipiac and Fox News, …"): the guideline's "a document named as
/// the one that shows it". Named: a proper noun inside the phrase; "in a
/// poll" or "studies show" name nothing. Returns the phrase's bytes.
fn named_document(cx: &Context, b: usize, range: &Range<usize>) -> Option<Range<usize>> {
    let (_, p) = cx.article.blocks[b].parse_at(range.start)?;
    let root = (0..p.len()).find(|&t| p.heads[t].is_none())?;
    // At most a few document words are looked at (each subtree walk scans
    // the sentence): bounded work however long the sentence.
    let mut looked = 0;
    (0..p.len()).find_map(|t| {
        if p.heads[t] != Some(root) || p.upos[t] != crate::syntax::Upos::NOUN {
            return None;
        }
        // The "In" of the setting sits a few words before its noun ("In the
        // most recent YouGov/Economist survey"): looked for there, not over
        // the sentence, so a long sentence of settings stays linear.
        let setting = p.rels[t] == "obl"
            && (t.saturating_sub(8)..t)
                .any(|c| p.heads[c] == Some(t) && p.rels[c] == "case" && p.forms[c].eq_ignore_ascii_case("in"));
        let subject = p.rels[t] == "nsubj" && p.upos[root] == crate::syntax::Upos::VERB;
        if !(setting || subject) {
            return None;
        }
        let word = format!(" {} ", p.forms[t].to_lowercase());
        if !crate::attribution::lexicon::source_types_in(&word).any(|k| k == SourceType::Document) {
            return None;
        }
        looked += 1;
        if looked > 4 {
            return None;
        }
        let mut span = p.span(t);
        let named = span.clone().any(|k| k != t && p.upos[k] == crate::syntax::Upos::PROPN);
        // The phrase's own words: not its "In", nor a comma after it.
        while span.start < t && matches!(p.rels[span.start], "case" | "punct") {
            span.start += 1;
        }
        while span.end > t + 1 && p.upos[span.end - 1] == crate::syntax::Upos::PUNCT {
            span.end -= 1;
        }
        let bytes = p.bytes(span);
        (named && bytes.start >= range.start && bytes.end <= range.end).then_some(bytes)
    })
}

/// True when the attribution's source is vague or unnamed.
pub fn weak(a: &Located) -> bool {
    is_weak(a.resolved.kind)
}

/// Decides the support of a sentence taken as a claim: `reason` says why it
/// is one, `att` is [`reporting`]'s answer for it.
pub fn decide(
    cx: &Context,
    b: usize,
    sentence: usize,
    range: &Range<usize>,
    reason: &str,
    att: Option<(usize, &Located)>,
    f: &Features,
) -> ClaimDraft {
    let weak = att.filter(|(_, a)| is_weak(a.resolved.kind));
    let mut d = ClaimDraft {
        block: b,
        sentence,
        range: range.clone(),
        status: ClaimStatus::Unsourced,
        reason: String::new(),
        source: None,
        attribution: None,
        link: None,
        links: Vec::new(),
        rule: "",
        confidence: 1.0,
    };
    // Links over the sentence, in reading order.
    let mut in_sentence: Vec<&LinkSpot> = cx.links_over(range).collect();
    in_sentence.reverse();
    let outside: Vec<&LinkSpot> = in_sentence.iter().copied().filter(|l| l.report.is_some() && l.outside).collect();
    let same_site = in_sentence.iter().any(|l| l.report.is_some() && !l.outside);
    let cited = cx.refs.cited(&cx.article.blocks[b].text, range, in_sentence.iter().copied(), cx.links, cx.links_in);
    d.links =
        outside.iter().filter_map(|l| l.report).chain(cited.iter().filter_map(|(_, i)| cx.links[*i].report)).collect();

    if let Some((i, a)) = att.filter(|(_, a)| !is_weak(a.resolved.kind)) {
        d.status = ClaimStatus::Attributed;
        d.attribution = Some(i);
        d.reason = format!("attributed to {}", a.resolved.name);
    } else if let Some(l) = outside.first() {
        d.status = ClaimStatus::Linked;
        d.link = l.report;
        d.reason = format!("a link in the sentence points to an outside source ({})", l.site);
    } else if let Some((marker, i)) = cited.first() {
        d.status = ClaimStatus::Linked;
        d.link = cx.links[*i].report;
        d.reason = format!("reference {marker} points to an outside source ({})", cx.links[*i].site);
    } else if let Some(doc) = named_document(cx, b, range) {
        let words = cx.article.blocks[b].text[doc].trim();
        d.status = ClaimStatus::Attributed;
        d.source = Some(words.to_string());
        d.reason = format!("rests on a document it names: “{words}”");
    } else if let Some((i, a)) = weak {
        let src = source_words(cx, a);
        d.attribution = Some(i);
        d.source = Some(src.to_string());
        if !has_words(src) {
            // No source words at all ("it is believed", or a cue the model
            // found with no subject): the cue's words are what a reader can check.
            let cue = &cx.article.blocks[a.block].text[a.cue.clone()];
            d.source = Some(cue.to_string());
            d.status = if a.resolved.kind == SourceType::Vague { ClaimStatus::Vague } else { ClaimStatus::Anonymous };
            d.reason = format!("rests on an attribution that names no source: “{cue}”");
        } else if a.resolved.kind == SourceType::Vague {
            d.status = ClaimStatus::Vague;
            d.reason = format!("rests on a vague source: “{src}”");
        } else {
            d.status = ClaimStatus::Anonymous;
            d.reason = format!("rests on an unnamed source: “{src}”");
        }
    } else if let Some(w) = f.wording {
        d.source = Some(w.to_string());
        if f.marks.has(super::lexicon::Mark::Anonymous) && !f.marks.has(super::lexicon::Mark::Vague) {
            d.status = ClaimStatus::Anonymous;
            d.reason = format!("rests on an unnamed source: “{w}”");
        } else {
            d.status = ClaimStatus::Vague;
            d.reason = format!("rests on vague wording: “{w}”");
        }
    } else if let Some((i, a)) = quoted_speaker(cx, b, range) {
        d.attribution = Some(i);
        if is_weak(a.resolved.kind) {
            d.status = ClaimStatus::Anonymous;
            d.source = Some(source_words(cx, a).to_string());
            d.reason = format!("part of a quote from an unnamed source: “{}”", source_words(cx, a).trim());
        } else {
            d.status = ClaimStatus::Attributed;
            d.reason = format!("part of a quote attributed to {}", a.resolved.name);
        }
    } else if mostly_quoted(cx.quotes, range) {
        d.status = ClaimStatus::Anonymous;
        d.reason = "a quotation whose speaker is not named".to_string();
    } else if let Some((i, a, next)) = speaks_beside(cx, b, sentence, range) {
        d.status = ClaimStatus::Attributed;
        d.attribution = Some(i);
        let side = if next { "next" } else { "previous" };
        d.reason = format!("{} speaks to it in the {side} sentence", a.resolved.name);
    } else if same_site {
        d.reason = format!("{reason}, but its only link points to the site's own pages");
    } else if let Some(a) =
        cx.attributions_over(b, range).map(|(_, a)| a).find(|a| reports(a, b, range) && poll_share(cx, a))
    {
        d.reason = format!("{reason}: “{}” is a poll's answer, and no poll is named", source_words(cx, a).trim());
    } else {
        d.reason = format!("{reason}, with no source named, linked or cited");
    }
    d
}

/// A sentence about what a named person or body holds or does ("Lind was
/// firm about the depot", "The union has pushed for a vote"), beside a
/// sentence where that same source speaks ("'We will not back down,' Lind
/// said"): the writer's summary of the words the reader is shown
/// next to it. The audit's rule (`real-page-audit.md`: a claim attributed
/// in an adjacent sentence deserves no flag) decides it, not the claims
/// guideline, whose labels call such a sentence unsourced; README gives
/// both figures. Returns the attribution, and whether it is in the next
/// sentence. Its subject's head word must be a word of the speaker's name
/// or source words; the speaker must be named (not vague or anonymous),
/// say or show something, and not be denied.
fn speaks_beside<'a>(
    cx: &Context<'a>,
    b: usize,
    sentence: usize,
    range: &Range<usize>,
) -> Option<(usize, &'a Located, bool)> {
    let (_, parse) = cx.article.blocks[b].parse_at(range.start)?;
    let root = parse.heads.iter().position(Option::is_none)?;
    let subj = parse.subject_of(root)?;
    if !matches!(parse.upos[subj], crate::syntax::Upos::PROPN | crate::syntax::Upos::NOUN) {
        return None;
    }
    let word = lower(&parse.forms[subj]);
    let names = |a: &Located| {
        let src = lower(source_words(cx, a));
        let name = lower(&a.resolved.name);
        let has = |t: &str| t.split(|c: char| !c.is_alphanumeric()).any(|w| w == word);
        has(&name) || has(&src)
    };
    // The attributions are in reading order: those of the two sentences
    // beside this one are found by a binary search.
    let from = cx.attributions.partition_point(|a| a.sentence + 1 < sentence);
    cx.attributions[from..]
        .iter()
        .enumerate()
        .take_while(|(_, a)| a.sentence <= sentence + 1)
        .filter(|(_, a)| a.sentence != sentence)
        .find(|(_, a)| !a.negated && a.confidence >= 0.5 && says(a) && !is_weak(a.resolved.kind) && names(a))
        .map(|(k, a)| (from + k, a, a.sentence > sentence))
}

/// More than half of the sentence lies inside quotation marks.
fn mostly_quoted(quotes: &[Range<usize>], range: &Range<usize>) -> bool {
    quoted_bytes(quotes, range) * 2 > range.len()
}

/// The bytes of `range` inside quotation marks.
///
/// Quotation spans are sorted and apart: only those from the first one ending
/// after the sentence starts are looked at, so a paragraph of a thousand
/// quotes is not read once per sentence.
fn quoted_bytes(quotes: &[Range<usize>], range: &Range<usize>) -> usize {
    let first = quotes.partition_point(|q| q.end <= range.start);
    quotes[first..]
        .iter()
        .take_while(|q| q.start < range.end)
        .map(|q| q.end.min(range.end).saturating_sub(q.start.max(range.start)))
        .sum()
}

/// How much of the sentence lies inside quotation marks: 0 nothing, 1 some,
/// 2 more than half, 3 all of its words.
pub fn quoted_share(quotes: &[Range<usize>], text: &str, range: &Range<usize>) -> u8 {
    let inside = quoted_bytes(quotes, range);
    if inside == 0 {
        0
    } else if inside * 2 <= range.len() {
        1
    } else {
        // All: nothing but punctuation and spaces outside the quotes.
        let s = &text[range.clone()];
        let outside = s.len() - inside.min(s.len());
        if outside <= 4 && !s.trim_end().ends_with(|c: char| c.is_alphanumeric()) {
            3
        } else {
            2
        }
    }
}

/// True when `span` lies inside one of the (sorted, disjoint) quotation spans.
fn inside_quote(quotes: &[Range<usize>], span: &Range<usize>) -> bool {
    let q = quotes.partition_point(|q| q.end < span.end);
    quotes.get(q).is_some_and(|q| q.start <= span.start && span.end <= q.end)
}

/// For a sentence inside a quotation with no attribution of its own: the
/// attribution of the same quotation, or the nearest one earlier in the block.
pub fn quoted_speaker<'a>(cx: &Context<'a>, b: usize, range: &Range<usize>) -> Option<(usize, &'a Located)> {
    let q = cx.quotes.partition_point(|q| q.end <= range.start);
    let quote = cx.quotes.get(q).filter(|q| q.start <= range.start && range.end <= q.end + 1)?;
    let same_quote = cx
        .attributions_over(b, quote)
        .find(|(_, a)| a.content_block == b && a.content.iter().any(|c| c.start < quote.end && quote.start < c.end));
    let earlier = || {
        cx.att_spans[b].before(range.start).map(|i| (i, &cx.attributions[i])).find(|(_, a)| a.cue.end <= range.start)
    };
    // A block that opens with the quote goes on from the previous block's speaker.
    let previous_block = || {
        (quote.start == 0 && b > 0)
            .then(|| cx.att_spans[b - 1].before(usize::MAX).next())
            .flatten()
            .map(|i| (i, &cx.attributions[i]))
    };
    same_quote.or_else(earlier).or_else(previous_block)
}
