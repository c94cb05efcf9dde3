//! The JavaScript boundary: the only module that knows about wasm-bindgen and
//! `JsValue`.
//!
//! Why it exists: the analysis is plain Rust that builds and tests natively
//! (the CLI, `cargo test`), and the browser extension needs the very same code
//! compiled to wasm. Keeping every JavaScript type in this one thin adapter
//! means the core never depends on a browser, and the contract with the
//! extension is exactly the serde shape of [`PageModel`](crate::PageModel) in
//! and [`Report`](crate::Report) out, as documented in `src/page/model.rs` and
//! `src/report.rs`.
//!
//! Reports are serialized with
//! [`Serializer::json_compatible`](serde_wasm_bindgen::Serializer::json_compatible),
//! so maps arrive as plain objects and `None` as `null`: the extension gets
//! the same JSON the CLI prints.
//!
//! The `wasm` build profile aborts on panic; a panic hook installed when the
//! module is instantiated prints the message to the console before the abort,
//! so a bug shows up as a readable error in the service worker's log.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{PageModel, Report};

/// Analyse a page model read from the DOM by the content script.
///
/// `page` must have the shape of [`PageModel`](crate::PageModel) (`url`,
/// `title`, `blocks`; missing fields take their defaults). Returns the report
/// as a plain JavaScript object, or an error message string when `page` is not
/// a page model.
#[wasm_bindgen]
pub fn analyze_page(page: JsValue) -> Result<JsValue, JsValue> {
    let page: PageModel = serde_wasm_bindgen::from_value(page).map_err(|e| {
        JsValue::from_str(&format!(
            "sourcecheck: the argument is not a page model ({{url, title, blocks: [{{kind, tag, text, links, landmark, hints}}]}}): {e}"
        ))
    })?;
    to_js(&crate::analyze_page(&page))
}

/// Analyse plain text; paragraphs are separated by blank lines.
///
/// Returns the report as a plain JavaScript object.
#[wasm_bindgen]
pub fn analyze_text(text: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::analyze_text(text))
}

/// Experiment: the report as a JSON string.
#[wasm_bindgen]
pub fn analyze_text_json(text: &str) -> String {
    serde_json::to_string(&crate::analyze_text(text)).unwrap_or_default()
}

/// Experiment: analysis only, no conversion.
#[wasm_bindgen]
pub fn analyze_text_only(text: &str) -> usize {
    crate::analyze_text(text).attributions.len()
}

/// The crate version, for the extension's about box and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn to_js(report: &Report) -> Result<JsValue, JsValue> {
    report
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&format!("sourcecheck: could not serialize the report: {e}")))
}

/// With `panic = "abort"` the module dies on a panic: print why first.
///
/// A start function, so it runs once when the extension instantiates the
/// module. wasm-bindgen-test-runner skips start functions, which keeps the
/// test harness's own panic reporting intact.
#[wasm_bindgen(start)]
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&format!("sourcecheck panicked: {info}")));
    }));
}
