//! Page stage: turning a page into text blocks and deciding which are the article.

mod model;
pub use model::{Block, BlockKind, BlockLink, PageModel};
