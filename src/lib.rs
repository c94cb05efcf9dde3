//! sourcecheck: who said what in a news article, and which claims have no source.
//!
//! The analysis takes a [`PageModel`] (a page reduced to text blocks, built by
//! the browser's content script, by [`page::read_html`] natively, or by
//! [`page::read_text`]) and returns a [`Report`]: the article's blocks, the
//! sources as entities, every attribution (source, cue, content, chain), the
//! factual claims with how each is supported, and the outbound links.
//! Entry points: [`analyze_page`], [`analyze_text`] and, natively, [`analyze_html`];
//! [`analyze_html_json`] and [`analyze_text_json`] give the report as the JSON
//! string every front end prints, and [`batch`] runs many documents on all cores.
//!
//! The core knows nothing about JavaScript: only `src/wasm.rs` does.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod attribution;
#[cfg(not(target_arch = "wasm32"))]
pub mod batch;
pub mod claims;
pub mod lexicon;
pub mod links;
pub mod page;
mod pipeline;
pub mod report;
pub mod speakers;
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

/// The report of an HTML page as compact JSON, serialised here once: the
/// bytes of a `sourcecheck batch` line's report and of the Python package's
/// `analyze_html_json` (the CLI's `analyze` prints the same, indented).
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_html_json(html: &str, url: Option<&str>) -> String {
    report_json(&analyze_html(html, url))
}

/// The report of plain text as compact JSON (see [`analyze_html_json`]).
#[cfg(not(target_arch = "wasm32"))]
pub fn analyze_text_json(text: &str) -> String {
    report_json(&analyze_text(text))
}

/// A report as compact JSON.
#[cfg(not(target_arch = "wasm32"))]
pub fn report_json(report: &Report) -> String {
    // Plain data with string keys: serialising it cannot fail.
    serde_json::to_string(report).expect("a report serialises")
}
