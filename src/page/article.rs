//! Finding the article: which blocks a reader-mode would keep.
//!
//! Pages mix the story with navigation, related links, footers, cookie
//! banners and comments. Like reader modes, we trust semantic landmarks
//! first (`article`, `main`), then drop blocks whose landmark or class/id
//! hints say boilerplate, and blocks that are mostly link text.

use super::{Block, BlockKind, PageModel};

/// Class/id fragments that mark boilerplate containers.
const BOILERPLATE_HINTS: &[&str] = &[
    "comment",
    "sidebar",
    "related",
    "footer",
    "navbar",
    "nav-",
    "menu",
    "share",
    "social",
    "cookie",
    "consent",
    "banner",
    "promo",
    "newsletter",
    "advert",
    "ad-slot",
    "sponsor",
    "breadcrumb",
    "subscribe",
    "signup",
    "recommend",
    "trending",
    "popular",
    "most-read",
    "outbrain",
    "taboola",
    "masthead",
    "site-header",
    "toolbar",
    "pagination",
    "tags",
    "author-bio",
    "disqus",
    "widget",
];

/// Landmarks whose content is never the story.
const BOILERPLATE_LANDMARKS: &[&str] = &["nav", "aside", "footer", "header", "form"];

/// Returns the indices of the page-model blocks that form the article, in order.
pub fn article_blocks(page: &PageModel) -> Vec<usize> {
    let blocks = &page.blocks;
    // Prefer the story container when the page marks one and it holds real text.
    let region = ["article", "main"].into_iter().find(|lm| {
        blocks.iter().filter(|b| b.landmark.as_deref() == Some(*lm)).map(|b| b.text.len()).sum::<usize>() >= 200
    });
    (0..blocks.len())
        .filter(|&i| {
            let b = &blocks[i];
            if let Some(lm) = region {
                if b.landmark.as_deref() != Some(lm) {
                    return false;
                }
            } else if b.landmark.as_deref().is_some_and(|l| BOILERPLATE_LANDMARKS.contains(&l)) {
                return false;
            }
            !is_boilerplate(b)
        })
        .collect()
}

fn is_boilerplate(b: &Block) -> bool {
    let hints = b.hints.to_ascii_lowercase();
    if hints.split(' ').any(|t| BOILERPLATE_HINTS.iter().any(|h| t.contains(h))) {
        return true;
    }
    let chars = b.text.chars().count().max(1);
    let link_chars: usize = b.links.iter().map(|l| l.text.chars().count()).sum();
    // Lists of links (menus, "read more") are not prose.
    if link_chars * 2 > chars && b.kind != BlockKind::Heading {
        return true;
    }
    // Short runs of words with no sentence punctuation in lists are navigation-like.
    b.kind == BlockKind::ListItem && chars < 40 && !b.text.contains(['.', '!', '?'])
}
