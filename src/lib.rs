//! sourcecheck: who said what in a news article, and which claims have no source.
//!
//! The analysis takes a [`PageModel`] (a page reduced to text blocks, built by
//! the browser's content script, by [`page::read_html`] natively, or by
//! [`page::read_text`]) and returns a [`Report`]: the article's blocks, the
//! sources as entities, every attribution (source, cue, content, chain), the
//! factual claims with how each is supported, and the outbound links.
//! Entry points: [`analyze_page`], [`analyze_text`] and, natively, [`analyze_html`].
//!
//! The core knows nothing about JavaScript: only `src/wasm.rs` does.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod attribution;
pub mod claims;
pub mod lexicon;
pub mod links;
pub mod page;
mod pipeline;
pub mod report;
pub mod syntax;
pub mod text;
#[cfg(target_arch = "wasm32")]
pub mod wasm; // pub so tests/web.rs can call the exports as JavaScript does

pub use page::{Block, BlockKind, BlockLink, PageModel};
pub use report::Report;

/// Analyses a page model (from the browser's DOM reader or the HTML parser).
pub fn analyze_page(page: &PageModel) -> Report {
    pipeline::analyze_page(page)
}

/// Benchmarks only: [`analyze_page`] calling `lap(stage)` as each stage ends
/// (`extract`, `sentences`, `links`, `attributions`, `claims`, `report`).
#[doc(hidden)]
pub fn analyze_page_laps(page: &PageModel, lap: &mut dyn FnMut(&'static str)) -> Report {
    pipeline::analyze_page_laps(page, lap)
}

/// Analyses plain text: paragraphs are separated by blank lines.
pub fn analyze_text(text: &str) -> Report {
    pipeline::analyze_page(&page::read_text(text))
}

/// Analyses an HTML document; `url` is the page's address, if known.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_html(html: &str, url: Option<&str>) -> Report {
    pipeline::analyze_page(&page::read_html(html, url))
}
