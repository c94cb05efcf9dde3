//! Page stage: turning a page into text blocks and deciding which are the article.
//!
//! Readers (`read_html` natively, the content script in the browser,
//! `read_text`) all produce a [`PageModel`]; [`article_blocks`] picks the story.

mod article;
mod collect;
#[cfg(not(target_arch = "wasm32"))]
mod html;
mod model;
mod rules;
mod text;

pub use article::{article_blocks, is_reference_heading};
#[cfg(not(target_arch = "wasm32"))]
pub use html::read_html;
pub use model::{Block, BlockKind, BlockLink, PageModel};
pub use rules::{rules, ArticleRules, ReaderRules, Rules};
pub use text::read_text;
