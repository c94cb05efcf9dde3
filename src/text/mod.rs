//! Text stage: article blocks split into sentences, with offsets kept.
//!
//! Everything downstream works on byte ranges into block text; conversion
//! to the UTF-16 offsets the DOM needs happens once, in the report.

mod quotes;
mod sentences;
mod words;

pub use quotes::{quote_at, quote_spans};
pub use sentences::{is_abbreviation_word, split_sentences};
pub use words::{is_capitalized, lower, lower_aligned, word_count, word_count_up_to, words, Word};

use std::ops::Range;

/// One article block ready for analysis.
#[derive(Debug, Clone)]
pub struct TextBlock {
    /// Index of the block in the page model.
    pub input: usize,
    /// Kind of block.
    pub kind: crate::page::BlockKind,
    /// The block text.
    pub text: String,
    /// Sentence byte ranges into `text`.
    pub sentences: Vec<Range<usize>>,
    /// Quotation spans (byte ranges, marks included), in order: the attribution
    /// and claim stages both need them.
    pub quotes: Vec<Range<usize>>,
    /// Index of this block's first sentence in the article.
    pub first_sentence: usize,
    /// The syntax of each sentence (same order as `sentences`), once
    /// [`Article::add_syntax`] has run; token offsets index `text`.
    pub parses: Vec<crate::syntax::Parse>,
}

impl TextBlock {
    /// The parse of sentence `i` of this block, if syntax has run.
    pub fn parse(&self, i: usize) -> Option<&crate::syntax::Parse> {
        self.parses.get(i)
    }

    /// The sentence holding byte `at` and its parse. The sentences are in
    /// order and never overlap: a binary search, so a stage may ask once per
    /// claim or attribution and stay linear in a block of many sentences.
    pub fn parse_at(&self, at: usize) -> Option<(usize, &crate::syntax::Parse)> {
        let i = self.sentences.partition_point(|r| r.end <= at);
        let r = self.sentences.get(i)?;
        if r.start > at {
            return None;
        }
        Some((i, self.parses.get(i)?))
    }
}

/// The article as blocks of sentences.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Article blocks in reading order.
    pub blocks: Vec<TextBlock>,
    /// From plain text: its headline is a guess ([`crate::page::PageModel::plain_text`]).
    pub plain_text: bool,
}

impl Article {
    /// Builds the article from the page's kept blocks.
    pub fn new(page: &crate::page::PageModel, kept: &[usize]) -> Self {
        let mut first_sentence = 0;
        let blocks = kept
            .iter()
            .map(|&i| {
                let b = &page.blocks[i];
                let sentences = split_sentences(&b.text);
                let quotes = quote_spans(&b.text);
                let tb = TextBlock {
                    input: i,
                    kind: b.kind,
                    text: b.text.clone(),
                    sentences,
                    quotes,
                    first_sentence,
                    parses: Vec::new(),
                };
                first_sentence += tb.sentences.len();
                tb
            })
            .collect();
        Article { blocks, plain_text: page.plain_text }
    }

    /// Parses every sentence of every block (the syntax stage).
    pub fn add_syntax(&mut self) {
        for b in &mut self.blocks {
            b.parses = b.sentences.iter().map(|r| crate::syntax::parse_sentence(&b.text, r.clone())).collect();
        }
    }

    /// Total sentences.
    pub fn sentence_count(&self) -> usize {
        self.blocks.iter().map(|b| b.sentences.len()).sum()
    }
}
