//! Attribution stage: who said what.
//!
//! For each sentence, [`extract`] finds cue–source–content triples; chains are
//! linked by containment (an attribution whose cue lies in another's content
//! is reported by it); [`entities`] then resolves every source to an entity.

mod entities;
mod extract;
mod lexicon;
mod quotes;
pub mod source;

use std::ops::Range;

pub use entities::{EntityDraft, Resolution, Resolver};
pub use extract::Found;
pub use quotes::quote_spans;

use crate::page::BlockKind;
use crate::report::QuoteKind;
use crate::text::{words, Article};

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
    /// Byte ranges of the content.
    pub content: Vec<Range<usize>>,
    /// Direct, indirect or mixed.
    pub kind: QuoteKind,
    /// Index of the attribution reporting this one.
    pub parent: Option<usize>,
    /// Who the source is.
    pub resolved: Resolution,
}

/// Finds every attribution in the article and resolves the sources.
pub fn find(article: &Article) -> (Vec<Located>, Vec<EntityDraft>) {
    let mut out: Vec<Located> = Vec::new();
    let mut resolver = Resolver::default();
    for (b, block) in article.blocks.iter().enumerate() {
        let quotes = quote_spans(&block.text);
        let block_first = out.len();
        let heading = block.kind == BlockKind::Heading;
        for (s, range) in block.sentences.iter().enumerate() {
            let toks: Vec<_> = words(&block.text[range.clone()])
                .into_iter()
                .map(|mut w| {
                    w.start += range.start;
                    w.end += range.start;
                    w
                })
                .collect();
            let found = extract::find_in_sentence(&block.text, &toks, range.clone(), &quotes, heading);
            let first = out.len();
            for f in found {
                let parent = (first..out.len())
                    .filter(|&p| out[p].content.iter().any(|c| c.start <= f.cue.start && f.cue.end <= c.end))
                    .min_by_key(|&p| out[p].content.iter().map(|c| c.len()).sum::<usize>());
                // Resolve the name, not its apposition or party tag.
                let src = &block.text[f.source.clone()];
                let head = src.split([',', '(']).next().unwrap_or(src);
                let resolved = resolver.resolve(head);
                out.push(Located {
                    block: b,
                    sentence: block.first_sentence + s,
                    source: f.source,
                    cue: f.cue,
                    content: f.content,
                    kind: f.kind,
                    parent,
                    resolved,
                });
            }
        }
        attach_continued_quotes(&block.text, &quotes, &mut out[block_first..]);
    }
    (out, resolver.entities)
}

/// Quotes that continue a speaker's words: in “A,” he said. “B.” the second
/// quote is still his. A quote joins the attribution just before it when
/// nothing but punctuation separates them.
fn attach_continued_quotes(text: &str, quotes: &[Range<usize>], block_atts: &mut [Located]) {
    for q in quotes {
        let covered = block_atts.iter().any(|a| {
            a.content.iter().any(|c| c.start < q.end && q.start < c.end)
                || (a.cue.start >= q.start && a.cue.end <= q.end)
        });
        if covered {
            continue;
        }
        let Some(prev) = block_atts
            .iter_mut()
            .filter(|a| a.parent.is_none() && a.kind != QuoteKind::Indirect)
            .filter(|a| a.content.iter().map(|c| c.end).chain([a.cue.end, a.source.end]).max().unwrap_or(0) <= q.start)
            .max_by_key(|a| a.content.iter().map(|c| c.end).chain([a.cue.end, a.source.end]).max().unwrap_or(0))
        else {
            continue;
        };
        let last = prev.content.iter().map(|c| c.end).chain([prev.cue.end, prev.source.end]).max().unwrap_or(0);
        let gap = &text[last..q.start];
        if gap.chars().all(|c| !c.is_alphanumeric()) && gap.chars().count() <= 4 {
            prev.content.push(q.clone());
        }
    }
}
