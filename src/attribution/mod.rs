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
                let resolved = resolver.resolve(&block.text[f.source.clone()]);
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
    }
    (out, resolver.entities)
}
