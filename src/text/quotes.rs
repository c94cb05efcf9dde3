//! Quotation spans in a block: curly, straight and guillemet double quotes.
//!
//! Single quotes are left out on purpose: the same mark is an apostrophe.
//! An opening mark with no closing one runs to the end of the block, which
//! is how news prints a quote that goes on into the next paragraph.

use std::ops::Range;

/// Byte ranges of quotations in `text`, marks included, in order.
///
/// Scans bytes, not chars: every quotation mark starts with `"`, `'`, 0xC2
/// («, ») or 0xE2 (“, ”, „), and the rest of the text is skipped unread.
pub fn quote_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = match bytes[i] {
            b'"' => '"',
            b'\'' => '\'',
            0xC2 | 0xE2 => match text[i..].chars().next() {
                Some(c @ ('“' | '”' | '„' | '«' | '»')) => c,
                _ => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        let prev = text[..i].chars().next_back().unwrap_or(' ');
        // Two apostrophes stand for a double quote in some archives: ''like this''.
        if c == '\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                if let Some(s) = open.take() {
                    out.push(s..i + 2);
                } else if prev.is_whitespace() || i == 0 {
                    open = Some(i);
                }
                i += 2;
            } else {
                i += 1;
            }
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
        i += c.len_utf8();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        quote_spans(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_every_kind_of_double_quote() {
        assert_eq!(quoted("“Curly,” she said. «Guillemets» and „low“"), ["“Curly,”", "«Guillemets»", "„low“"]);
        assert_eq!(quoted(r#"He said "straight" (and "more")."#), [r#""straight""#, r#""more""#]);
        assert_eq!(quoted("Archive style: ''like this'' it's fine"), ["''like this''"]);
        // An apostrophe is no quote; a straight mark after a letter does not open one.
        assert_eq!(quoted("It's 5\" long"), Vec::<&str>::new());
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_end() {
        assert_eq!(quoted("“We will go on, and on"), ["“We will go on, and on"]);
        assert_eq!(quote_at(&quote_spans("a “b” c"), 4), Some(2..9));
    }
}
