//! Quotation spans in a block: curly, straight and guillemet double quotes.
//!
//! Single quotes are left out on purpose: the same mark is an apostrophe.
//! An opening mark with no closing one runs to the end of the block, which
//! is how news prints a quote that goes on into the next paragraph.

use std::ops::Range;

/// Byte ranges of quotations in `text`, marks included, in order.
pub fn quote_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut prev = ' ';
    let mut skip_next = false;
    for (i, c) in text.char_indices() {
        if skip_next {
            skip_next = false;
            prev = c;
            continue;
        }
        // Two apostrophes stand for a double quote in some archives: ''like this''.
        if c == '\'' && text[i + 1..].starts_with('\'') {
            skip_next = true;
            if let Some(s) = open.take() {
                out.push(s..i + 2);
            } else if prev.is_whitespace() || i == 0 {
                open = Some(i);
            }
            prev = c;
            continue;
        }
        let opens_here = match c {
            '“' | '«' | '„' => true,
            '"' => open.is_none() && (prev.is_whitespace() || matches!(prev, '(' | '[' | '—' | '–' | ':' | '-')),
            _ => false,
        };
        let closes_here = match c {
            '”' | '»' => true,
            '"' => open.is_some(),
            _ => false,
        };
        if opens_here && open.is_none() {
            open = Some(i);
        } else if closes_here {
            if let Some(s) = open.take() {
                out.push(s..i + c.len_utf8());
            }
        }
        prev = c;
    }
    if let Some(s) = open {
        out.push(s..text.len());
    }
    out
}

/// The quote span containing byte `at`, if any.
pub fn quote_at(spans: &[Range<usize>], at: usize) -> Option<Range<usize>> {
    // Spans are sorted and disjoint: binary search, so long paragraphs stay linear.
    let i = spans.partition_point(|q| q.end <= at);
    spans.get(i).filter(|q| q.start <= at).cloned()
}
