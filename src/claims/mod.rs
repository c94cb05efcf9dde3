//! Claims stage: which sentences assert checkable facts, and what supports each.
//!
//! `detect` decides whether a sentence is a claim (a figure, a date, an
//! event, a cause, a comparison, a change, a generalisation; not opinion,
//! advice, a question, a transition or a call to action). `support` then
//! decides how it is supported: the attribution it is the content of, an
//! outside link in it or a reference marker that resolves to one
//! (`references`), vague or anonymous wording, or nothing.

mod detect;
pub mod learn;
mod lexicon;
mod references;
mod support;

use std::ops::Range;

use crate::attribution::Located;
use crate::page::PageModel;
use crate::report::ClaimStatus;
use crate::text::{word_count_up_to, Article};

pub use detect::{has_figure, RULES, VETOES};
pub use references::References;

/// A claim located in the article.
#[derive(Debug, Clone)]
pub struct ClaimDraft {
    /// Article block index.
    pub block: usize,
    /// Article-wide sentence index.
    pub sentence: usize,
    /// Byte range in the block.
    pub range: Range<usize>,
    /// How it is supported.
    pub status: ClaimStatus,
    /// Why, in plain words.
    pub reason: String,
    /// The vague or anonymous source words.
    pub source: Option<String>,
    /// Index of the supporting attribution.
    pub attribution: Option<usize>,
    /// Index of the supporting link (into the report's links).
    pub link: Option<usize>,
    /// Every outside link that backs the claim (in the sentence or through a
    /// reference marker), report indices.
    pub links: Vec<usize>,
    /// The id of the claim rule that names it (`detect::RULES`), `model`
    /// when the model takes a sentence no rule does.
    pub rule: &'static str,
    /// The model's probability that the sentence is a claim.
    pub confidence: f32,
}

/// A link of the article, for support.
#[derive(Debug, Clone)]
pub struct LinkSpot {
    /// Article block index.
    pub block: usize,
    /// Byte range of the anchor text in the block.
    pub range: Range<usize>,
    /// True for a link to another site.
    pub outside: bool,
    /// Its index in the report's links; `None` for a link within the page ("#fn1").
    pub report: Option<usize>,
    /// The target id of a link within the page.
    pub fragment: Option<String>,
    /// The host it points to, without "www." (for reasons).
    pub site: String,
}

/// Finds the claims of the article and decides how each is supported.
pub fn find(article: &Article, page: &PageModel, attributions: &[Located], links: &[LinkSpot]) -> Vec<ClaimDraft> {
    let m = learn::model();
    let mut buf = Vec::new();
    scan(article, page, attributions, links, &mut |x| {
        learn::features(x, m.off, &mut buf);
        let p = m.probability(&buf);
        (p >= m.at).then_some(p)
    })
}

/// What the claim rules alone say of one sentence, before the model: the id
/// of the rule that names it a claim (`RULES`), or the veto that rules it
/// out (`VETOES`). Rules the stage adds from support or from the model
/// (`weak-source`, `model`) are never this answer.
pub fn rule_for(sentence: &str) -> Result<&'static str, &'static str> {
    let tokens = detect::Tokens::new(sentence, 0..sentence.len(), &[]);
    let features = detect::features(sentence, &tokens);
    match detect::verdict(sentence, &features, word_count_up_to(sentence, 3)) {
        detect::Verdict::Claim(r) => Ok(RULES[r].0),
        detect::Verdict::Not(v) => Err(VETOES[v]),
    }
}

/// Every sentence the claims stage looks at, taken as a claim, with the
/// model's features (template id, feature): the trainer's examples.
#[cfg(not(target_arch = "wasm32"))]
pub fn candidates(
    article: &Article,
    page: &PageModel,
    attributions: &[Located],
    links: &[LinkSpot],
) -> Vec<(ClaimDraft, Vec<(u64, u64)>)> {
    let mut feats = Vec::new();
    let drafts = scan(article, page, attributions, links, &mut |x| {
        let mut f = Vec::new();
        learn::each_feature(x, 0, &mut |t, h| f.push((t, h)));
        feats.push(f);
        Some(1.0)
    });
    drafts.into_iter().zip(feats).collect()
}

/// The claims stage over every analysed sentence; `judge` says whether the
/// sentence is a claim, and how sure it is.
fn scan(
    article: &Article,
    page: &PageModel,
    attributions: &[Located],
    links: &[LinkSpot],
    judge: &mut dyn FnMut(&learn::Input) -> Option<f32>,
) -> Vec<ClaimDraft> {
    let refs = References::find(article, page, links);
    // Per-block indices, so each sentence looks only at what lies over it.
    let mut links_in = vec![Vec::new(); article.blocks.len()];
    let mut link_spans = vec![Vec::new(); article.blocks.len()];
    for (i, l) in links.iter().enumerate() {
        links_in[l.block].push(i);
        link_spans[l.block].push((l.range.start, l.range.end, i));
    }
    let mut att_spans = vec![Vec::new(); article.blocks.len()];
    for (i, a) in attributions.iter().enumerate() {
        let content_start = a.content.iter().map(|c| c.start).min();
        let content_end = a.content.iter().map(|c| c.end).max();
        if a.content_block == a.block {
            let start = content_start.unwrap_or(a.cue.start).min(a.cue.start);
            let end = content_end.unwrap_or(a.cue.end).max(a.cue.end);
            att_spans[a.block].push((start, end, i));
        } else {
            // "The Times reports:" ending a paragraph: the cue here, the content in the next block.
            att_spans[a.block].push((a.cue.start, a.cue.end, i));
            if let (Some(s), Some(e)) = (content_start, content_end) {
                att_spans[a.content_block].push((s, e, i));
            }
        }
    }
    let link_spans: Vec<Spans> = link_spans.into_iter().map(Spans::new).collect();
    let att_spans: Vec<Spans> = att_spans.into_iter().map(Spans::new).collect();
    let voice = learn::voice(article);
    let mut out = Vec::new();
    for (b, block) in article.blocks.iter().enumerate() {
        // Headings and captions are page structure, never claims (BlockKind::is_analysed).
        if !block.kind.is_analysed() || refs.is_entry(b) {
            continue;
        }
        let quotes = &block.quotes;
        let ctx = support::Context {
            article,
            attributions,
            links,
            refs: &refs,
            quotes,
            links_in: &links_in,
            link_spans: &link_spans[b],
            att_spans: &att_spans,
        };
        for (s, range) in block.sentences.iter().enumerate() {
            let text = &block.text[range.clone()];
            let tokens = detect::Tokens::new(&block.text, range.clone(), quotes);
            let features = detect::features(&block.text, &tokens);
            let verdict = detect::verdict(text, &features, word_count_up_to(text, 3));
            // What the guideline rules out whatever the wording (fragments,
            // questions, calls to action and transitions, notes on the
            // sourcing itself) never reaches the model.
            if verdict.is_final() {
                continue;
            }
            let att = support::reporting(&ctx, b, range);
            let q = quotes.partition_point(|q| q.end <= range.start);
            let continues_quote = quotes.get(q).is_some_and(|q| q.start < range.start);
            let share = support::quoted_share(quotes, &block.text, range);
            let input = learn::Input {
                text,
                tokens: &tokens,
                features: &features,
                verdict,
                parse: block.parse(s),
                quoted_share: share,
                continues_quote,
                // Only a sentence inside a quotation has a quote's speaker.
                quote_speaker: att.is_none() && share > 0 && support::quoted_speaker(&ctx, b, range).is_some(),
                attribution: att.map_or(0, |(_, a)| if support::weak(a) { 2 } else { 1 }),
                cue_here: att
                    .is_some_and(|(_, a)| a.block == b && range.start <= a.cue.start && a.cue.end <= range.end),
                block_sentence: s,
                voice,
            };
            let Some(confidence) = judge(&input) else { continue };
            let (rule, reason) = match verdict {
                detect::Verdict::Claim(r) => RULES[r],
                detect::Verdict::Not(_) if att.is_some_and(|(_, a)| support::weak(a)) => {
                    RULES[detect::rule("weak-source")]
                }
                detect::Verdict::Not(_) => RULES[detect::rule("model")],
            };
            let mut draft = support::decide(&ctx, b, block.first_sentence + s, range, reason, att, &features);
            draft.rule = rule;
            draft.confidence = confidence;
            out.push(draft);
        }
    }
    out
}

/// Items of one block (links, attributions) sorted by start, with the running
/// maximum of their ends, so the items over a sentence are found by a binary
/// search and a short walk back instead of a scan of the block.
#[derive(Debug, Default)]
pub(crate) struct Spans {
    items: Vec<(usize, usize, usize)>,
    max_end: Vec<usize>,
}

/// How far back the walk goes: a bound on the work per sentence, so a block
/// with one quotation left open to its end stays linear.
const WALK_BACK: usize = 64;

impl Spans {
    fn new(mut items: Vec<(usize, usize, usize)>) -> Self {
        items.sort_unstable();
        let mut max = 0;
        let max_end = items.iter().map(|it| {
            max = max.max(it.1);
            max
        });
        let max_end = max_end.collect();
        Spans { items, max_end }
    }

    /// Indices of the items overlapping `r` (or touching it when `r` is empty), nearest first.
    pub(crate) fn over(&self, r: &Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let start = r.start;
        let hi = self.items.partition_point(|it| it.0 < r.end.max(start + 1));
        (0..hi)
            .rev()
            .take(WALK_BACK)
            .take_while(move |&k| self.max_end[k] > start)
            .filter(move |&k| self.items[k].1 > start)
            .map(move |k| self.items[k].2)
    }

    /// Indices of the items that start before `at`, nearest first.
    pub(crate) fn before(&self, at: usize) -> impl Iterator<Item = usize> + '_ {
        let hi = self.items.partition_point(|it| it.0 < at);
        (0..hi).rev().take(WALK_BACK).map(move |k| self.items[k].2)
    }
}
