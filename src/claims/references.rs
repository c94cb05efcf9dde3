//! Reference markers ("[2]", a superscript footnote link) and the list of
//! references they point to, usually a "References" or "Sources" section at
//! the end of the article whose entries carry the links.

use std::collections::HashMap;
use std::ops::Range;

use super::LinkSpot;
use crate::page::{is_reference_heading, BlockKind, PageModel};
use crate::text::Article;

/// The article's reference list: which blocks are entries, and their numbers.
#[derive(Debug, Default)]
pub struct References {
    /// For each article block, its entry number when it is a reference entry.
    entry: Vec<Option<usize>>,
    /// Entry number → article block.
    by_number: HashMap<usize, usize>,
    /// Element id (from the block's hints) → the first article block that carries it.
    by_id: HashMap<String, usize>,
}

/// "[12] …", "12. …", "12) …", "^ …": the number an entry starts with.
fn leading_number(text: &str) -> Option<usize> {
    let t = text.trim_start_matches(['[', '^', ' ']);
    let digits: &str = &t[..t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len())];
    let after = t[digits.len()..].chars().next();
    (!digits.is_empty() && digits.len() <= 3 && matches!(after, Some(']' | '.' | ')' | ' ')))
        .then(|| digits.parse().ok())
        .flatten()
}

impl References {
    /// Finds the reference entries: the blocks under a references heading
    /// (numbered by their own "\[n\]" or by position), and anywhere a block that
    /// opens with "\[n\]" and holds a link.
    pub fn find(article: &Article, page: &PageModel, links: &[LinkSpot]) -> Self {
        let mut linked = vec![false; article.blocks.len()];
        for l in links {
            linked[l.block] = true;
        }
        let mut entry = vec![None; article.blocks.len()];
        let mut in_section = false;
        let mut position = 0;
        for (b, block) in article.blocks.iter().enumerate() {
            if block.kind == BlockKind::Heading {
                in_section = is_reference_heading(&block.text);
                position = 0;
                continue;
            }
            let own = leading_number(&block.text).filter(|_| block.text.trim_start().starts_with(['[', '^']));
            if in_section {
                position += 1;
                entry[b] = Some(leading_number(&block.text).unwrap_or(position));
            } else if own.is_some() && linked[b] {
                entry[b] = own;
            }
        }
        let mut by_number = HashMap::new();
        for (b, n) in entry.iter().enumerate() {
            if let Some(n) = n {
                by_number.entry(*n).or_insert(b);
            }
        }
        // Only fragment targets need ids; every block's hint words are at most 32.
        let wanted: Vec<&str> = links.iter().filter_map(|l| l.fragment.as_deref()).collect();
        let mut by_id = HashMap::new();
        if !wanted.is_empty() {
            for (b, tb) in article.blocks.iter().enumerate() {
                for h in page.blocks[tb.input].hints.split(' ').filter(|h| wanted.contains(h)) {
                    by_id.entry(h.to_string()).or_insert(b);
                }
            }
        }
        References { entry, by_number, by_id }
    }

    /// True when article block `b` is a reference entry (never a claim itself).
    pub fn is_entry(&self, b: usize) -> bool {
        self.entry.get(b).is_some_and(Option::is_some)
    }

    fn block_of(&self, n: usize) -> Option<usize> {
        self.by_number.get(&n).copied()
    }

    /// The outside links a sentence cites through reference markers, with the
    /// marker as written: "\[2\]" in the text, or a link to a footnote.
    pub fn cited<'a>(
        &self,
        text: &str,
        range: &Range<usize>,
        in_block: impl Iterator<Item = &'a LinkSpot>,
        links: &[LinkSpot],
        links_in: &[Vec<usize>],
    ) -> Vec<(String, usize)> {
        let mut targets: Vec<(String, usize)> = Vec::new();
        for (marker, n) in text_markers(&text[range.clone()]) {
            if let Some(t) = self.block_of(n) {
                targets.push((marker, t));
            }
        }
        for l in in_block.filter(|l| l.range.start >= range.start && l.range.end <= range.end) {
            let Some(id) = &l.fragment else { continue };
            let by_number =
                || text[l.range.clone()].trim_matches(['[', ']']).parse().ok().and_then(|n| self.block_of(n));
            if let Some(t) = self.by_id.get(id).copied().or_else(by_number) {
                targets.push((text[l.range.clone()].to_string(), t));
            }
        }
        let mut out = Vec::new();
        for (marker, t) in targets {
            let first_outside = links_in[t].iter().copied().find(|&i| links[i].outside && links[i].report.is_some());
            if let Some(i) = first_outside {
                if !out.iter().any(|(_, j)| *j == i) {
                    out.push((marker, i));
                }
            }
        }
        out
    }
}

/// "[2]", "[2, 5]", "[3–4]" markers in a sentence, each with its numbers.
fn text_markers(s: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        let inner = &after[..close];
        if !inner.is_empty()
            && inner.len() <= 20
            && inner.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | '–'))
        {
            let nums: Vec<usize> = inner.split(|c: char| !c.is_ascii_digit()).filter_map(|d| d.parse().ok()).collect();
            let range = if inner.contains(['-', '–']) && nums.len() == 2 && nums[0] < nums[1] && nums[1] - nums[0] < 20
            {
                (nums[0]..=nums[1]).collect()
            } else {
                nums
            };
            for n in range {
                out.push((format!("[{inner}]"), n));
            }
        }
        rest = &after[close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_markers_and_entry_numbers() {
        let m: Vec<usize> =
            text_markers("Rates fell [1] and rose [2, 4] then [6–8].").into_iter().map(|x| x.1).collect();
        assert_eq!(m, [1, 2, 4, 6, 7, 8]);
        assert!(text_markers("a [citation needed] b").is_empty());
        assert_eq!(leading_number("[3] Smith, 2020."), Some(3));
        assert_eq!(leading_number("12. Report"), Some(12));
        assert_eq!(leading_number("2024 was a year"), None);
    }
}
