//! The page model: what any front end (the browser's DOM reader, the native
//! HTML parser, the plain-text reader) hands to the analysis.
//!
//! It is deliberately flat: a list of text blocks in reading order, each with
//! the structural hints the article finder needs. Offsets are UTF-16 code
//! units into the block's `text`, because that is what DOM Ranges count.

use serde::{Deserialize, Serialize};

/// A page reduced to its text blocks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageModel {
    /// The page's address, when known; used to tell same-site links from outside ones.
    pub url: Option<String>,
    /// The document title (`<title>` or the first heading).
    pub title: Option<String>,
    /// Every text block of the page in reading order, boilerplate included:
    /// the core decides which blocks are the article.
    pub blocks: Vec<Block>,
    /// Read from plain text, where a heading is only a guess (a short first
    /// paragraph): its words are still read for attributions, as a page's
    /// marked-up headings never are. Left out of the JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub plain_text: bool,
}

/// One block of text: a heading, paragraph, quote, list item or caption.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Block {
    /// What the block is, from its element.
    pub kind: BlockKind,
    /// The element's tag name, lower case (`p`, `h2`, `li`, `blockquote`, `td`…).
    pub tag: String,
    /// The block's text with whitespace collapsed as a browser renders it.
    pub text: String,
    /// Hyperlinks inside the block.
    pub links: Vec<BlockLink>,
    /// The closest landmark around the block (`main`, `article`, `nav`,
    /// `aside`, `header`, `footer`, `form`), if any.
    pub landmark: Option<String>,
    /// Class names and ids of the block and its ancestors, space separated,
    /// innermost first: the hints reader modes use ("comment", "sidebar", "story-body").
    pub hints: String,
}

/// The kind of a text block.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// `h1`–`h6`.
    Heading,
    /// `p`, or loose text in a container.
    #[default]
    Paragraph,
    /// `blockquote`.
    Quote,
    /// `li`, `dd`, `dt`.
    ListItem,
    /// `figcaption`, `caption`.
    Caption,
}

impl BlockKind {
    /// Whether the analysis reads the block for claims and attributions.
    /// Headings (the headline, subheads, labels like "Column:") and captions
    /// are page structure: the report keeps them so the overlay can show the
    /// article whole, but no sentence of theirs is a claim, and no word of
    /// theirs a source or a cue.
    pub fn is_analysed(self) -> bool {
        !matches!(self, BlockKind::Heading | BlockKind::Caption)
    }
}

/// A hyperlink inside a block, with the UTF-16 span of its anchor text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BlockLink {
    /// The link target as written in the page (resolved against `PageModel::url` later).
    pub href: String,
    /// The anchor text.
    pub text: String,
    /// Start of the anchor text in the block, UTF-16 code units.
    pub start: usize,
    /// End of the anchor text in the block, UTF-16 code units.
    pub end: usize,
}
