//! Finding the article: which blocks a reader mode would keep.
//!
//! Pages mix the story with navigation, related links, footers, cookie
//! banners and comments. Like reader modes we combine several signals:
//! landmarks (`nav`, `aside`, `footer`… are never the story; `article` and
//! `main` weigh in its favour), class/id hints read from the block outwards
//! ("comment" before "article-body" means a comment), link density, and
//! text density. Each block gets a weight (long prose counts for, furniture
//! against) and the story is the heaviest run of consecutive blocks
//! (as in body-text extraction), grown over sibling paragraphs at its edges,
//! with the headline before it and a reference list after it. Furniture
//! inside the run (an inline ad, a share bar) is dropped.
//!
//! A page with no structure at all (plain text) keeps every block.

use std::collections::HashSet;

use super::{rules, ArticleRules, Block, BlockKind, PageModel};

/// Blocks shorter than this (in characters) weigh against the run they are in.
const PROSE_MIN: i64 = 40;
/// What a furniture block costs beyond its length: enough that a related-story
/// card (headline link + teaser) never joins the story.
const FURNITURE_COST: i64 = 100;
/// What landmarks `article` and `main` add to a prose block.
const LANDMARK_BONUS: i64 = 30;

fn lists() -> &'static ArticleRules<'static> {
    &rules().article
}

/// True for a heading that opens a list of references ("References", "Sources").
pub fn is_reference_heading(text: &str) -> bool {
    let t = text.trim().trim_end_matches(':').to_lowercase();
    lists().references.contains(t.as_str())
}

/// What a class or id says, reading its parts ("related-stories" → related):
/// `Some(true)` furniture, `Some(false)` story, `None` nothing. A multi-part
/// hint ("most-read") is matched on the whole token.
fn hint_says(token: &str) -> Option<bool> {
    // camelCase and snake_case become hyphenated parts: "relatedLinks" → "related-links".
    let mut norm = String::with_capacity(token.len() + 4);
    let mut prev_lower = false;
    for c in token.chars() {
        if c.is_uppercase() && prev_lower {
            norm.push('-');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        norm.push(if c == '_' { '-' } else { c.to_ascii_lowercase() });
    }
    let l = lists();
    let parts: Vec<&str> = norm.split('-').filter(|p| !p.is_empty()).collect();
    let pairs = parts.windows(2).map(|w| format!("{}-{}", w[0], w[1]));
    if l.hints.contains(norm.as_str())
        || parts.iter().any(|p| l.hints.contains(p))
        || pairs.clone().any(|p| l.hints.contains(p.as_str()))
    {
        return Some(true);
    }
    parts.iter().any(|p| l.story.contains(p)).then_some(false)
}

/// The block's hints read from the block outwards: the first word that says
/// anything decides, so "comments-open" on `body` does not sink the story
/// inside `div.article-body`.
fn hints_say_furniture(hints: &str) -> bool {
    hints.split(' ').filter(|t| !t.is_empty()).find_map(hint_says).unwrap_or(false)
}

/// Furniture by itself: a landmark, a hint, link density, a furniture opener,
/// or a short unpunctuated list item (a menu entry).
fn is_furniture(b: &Block, in_references: bool) -> bool {
    // An article's own `header` holds its headline: only that heading is spared.
    let headline = b.kind == BlockKind::Heading && b.landmark.as_deref() == Some("header");
    if b.landmark.as_deref().is_some_and(|l| lists().furniture_landmarks.contains(&l)) && !headline {
        return true;
    }
    if hints_say_furniture(&b.hints) {
        return true;
    }
    let chars = b.text.chars().count().max(1);
    if in_references {
        return false;
    }
    let link_chars: usize = b.links.iter().map(|l| l.text.chars().count()).sum();
    if link_chars * 2 > chars {
        return true;
    }
    // "Headline-link + teaser" list items of related-story lists.
    if b.kind == BlockKind::ListItem && b.links.first().is_some_and(|l| l.start == 0) && link_chars * 3 >= chars {
        return true;
    }
    let lower: String = b.text.trim_start().chars().take(48).collect::<String>().to_lowercase();
    if chars < 200 && lists().openers.iter().any(|o| lower.starts_with(o)) {
        return true;
    }
    b.kind == BlockKind::ListItem && chars < 40 && !b.text.contains(['.', '!', '?'])
}

/// Returns the indices of the page-model blocks that form the article, in order.
pub fn article_blocks(page: &PageModel) -> Vec<usize> {
    let blocks = &page.blocks;
    let structured = blocks.iter().any(|b| b.landmark.is_some() || !b.hints.is_empty());
    if !structured {
        // Plain text: nothing to tell furniture by but link density.
        return (0..blocks.len()).filter(|&i| !is_link_list(&blocks[i])).collect();
    }
    let mut in_refs = vec![false; blocks.len()];
    let mut refs_open = false;
    for (i, b) in blocks.iter().enumerate() {
        if b.kind == BlockKind::Heading {
            refs_open = is_reference_heading(&b.text);
        } else {
            in_refs[i] = refs_open;
        }
    }
    let furniture: Vec<bool> = blocks.iter().enumerate().map(|(i, b)| is_furniture(b, in_refs[i])).collect();
    let weight = |i: usize| -> i64 {
        let b = &blocks[i];
        let len = b.text.chars().count() as i64;
        if furniture[i] {
            -len - FURNITURE_COST
        } else if b.kind == BlockKind::Heading {
            -10
        } else {
            let in_story_landmark = matches!(b.landmark.as_deref(), Some("article" | "main"));
            let bonus = if in_story_landmark && len >= PROSE_MIN { LANDMARK_BONUS } else { 0 };
            len - PROSE_MIN + bonus
        }
    };
    // The heaviest run of consecutive blocks (Kadane).
    let (mut best, mut best_run) = (i64::MIN, 0..0);
    let (mut sum, mut start) = (0i64, 0usize);
    for i in 0..blocks.len() {
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += weight(i);
        if sum > best {
            best = sum;
            best_run = start..i + 1;
        }
    }
    if best <= 0 {
        return Vec::new();
    }
    // Grow the run over the story's own paragraphs at its edges: blocks that
    // share landmark and hints with one inside it (siblings), skipping furniture.
    let signature = |i: usize| (blocks[i].landmark.as_deref(), blocks[i].hints.as_str());
    let kin: HashSet<_> = best_run.clone().filter(|&i| !furniture[i]).map(signature).collect();
    let (mut lo, mut hi) = (best_run.start, best_run.end);
    while let Some(k) = (hi..blocks.len()).find(|&k| !furniture[k]) {
        if !kin.contains(&signature(k)) {
            break;
        }
        hi = k + 1;
    }
    while let Some(k) = (0..lo).rev().find(|&k| !furniture[k]) {
        if !kin.contains(&signature(k)) {
            break;
        }
        lo = k;
    }
    let mut keep: Vec<usize> = (lo..hi).filter(|&i| !furniture[i]).collect();
    // The headline: the last h1 before the run, unless it is furniture by hint.
    if let Some(h) = (0..lo).rev().find(|&i| blocks[i].tag == "h1") {
        let b = &blocks[h];
        let landmark_ok = !matches!(b.landmark.as_deref(), Some("nav" | "aside" | "footer" | "form"));
        if landmark_ok && !hints_say_furniture(&b.hints) && !keep.contains(&h) {
            keep.insert(0, h);
        }
    }
    // A reference list at the end of the story belongs to it, links and all.
    let next = (hi..blocks.len()).find(|&k| !furniture[k]);
    if let Some(h) = next.filter(|&h| blocks[h].kind == BlockKind::Heading && is_reference_heading(&blocks[h].text)) {
        keep.push(h);
    }
    if let Some(&h) =
        keep.iter().rev().find(|&&h| blocks[h].kind == BlockKind::Heading && is_reference_heading(&blocks[h].text))
    {
        keep.extend((h + 1..blocks.len()).take_while(|&k| in_refs[k]).filter(|&k| !furniture[k]));
        keep.sort_unstable();
        keep.dedup();
    }
    keep
}

/// A block that is mostly link text.
fn is_link_list(b: &Block) -> bool {
    let chars = b.text.chars().count().max(1);
    let link_chars: usize = b.links.iter().map(|l| l.text.chars().count()).sum();
    link_chars * 2 > chars && b.kind != BlockKind::Heading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hints_part_by_part() {
        assert_eq!(hint_says("comment-list"), Some(true));
        assert_eq!(hint_says("relatedLinks"), Some(true));
        assert_eq!(hint_says("most-read"), Some(true));
        assert_eq!(hint_says("commentary"), None);
        assert_eq!(hint_says("article-body"), Some(false));
        assert!(!hints_say_furniture("story-body main comments-open"));
        assert!(hints_say_furniture("comment-body comments story"));
        assert!(is_reference_heading("References"));
    }
}
