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
    to_js(&crate::analyze_page(&from_js(page)?))
}

fn from_js(page: JsValue) -> Result<PageModel, JsValue> {
    serde_wasm_bindgen::from_value(page).map_err(|e| {
        JsValue::from_str(&format!(
            "sourcecheck: the argument is not a page model ({{url, title, blocks: [{{kind, tag, text, links, landmark, hints}}]}}): {e}"
        ))
    })
}

/// Analyse plain text; paragraphs are separated by blank lines.
///
/// Returns the report as a plain JavaScript object.
#[wasm_bindgen]
pub fn analyze_text(text: &str) -> Result<JsValue, JsValue> {
    to_js(&crate::analyze_text(text))
}

/// [`analyze_page`], returning the report as a JSON string: what the
/// extension uses.
///
/// Why a string: building the report as JavaScript objects costs a boundary
/// call per field, about as much as the analysis itself on a long article,
/// while serde_json writes the string inside wasm and `JSON.parse` reads it
/// faster than anything else in the engine. The service worker also passes
/// a string to the page more cheaply than an object tree.
#[wasm_bindgen]
pub fn analyze_page_json(page: JsValue) -> Result<String, JsValue> {
    to_json(&crate::analyze_page(&from_js(page)?))
}

/// [`analyze_text`], returning the report as a JSON string (the very text
/// `sourcecheck analyze --json` prints, minus the pretty-printing).
#[wasm_bindgen]
pub fn analyze_text_json(text: &str) -> Result<String, JsValue> {
    to_json(&crate::analyze_text(text))
}

/// The crate version, for the extension's about box and bug reports.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

fn to_json(report: &Report) -> Result<String, JsValue> {
    // A report runs to about 7 bytes of JSON per byte of article text: one
    // allocation rather than a dozen doublings of a growing buffer.
    let text: usize = report.blocks.iter().map(|b| b.text.len()).sum();
    let mut out = Vec::with_capacity(text.saturating_mul(7).saturating_add(4096));
    report
        .serialize(&mut serde_json::Serializer::with_formatter(&mut out, AsciiJson))
        .map_err(|e| JsValue::from_str(&format!("sourcecheck: could not serialize the report: {e}")))?;
    // AsciiJson writes ASCII only.
    String::from_utf8(out).map_err(|e| JsValue::from_str(&format!("sourcecheck: the report is not UTF-8: {e}")))
}

/// Compact JSON with every non-ASCII char written as a `\uXXXX` escape.
///
/// Why: the string crosses into JavaScript through a UTF-8 decoder, and a
/// string with even one non-ASCII char (a curly quote, in any news article)
/// takes V8's slow path and becomes two bytes per char. All-ASCII JSON
/// decodes about 3x faster and `JSON.parse` reads it faster too; the
/// escapes add under 1 % to the size, and the value parsed is the same.
struct AsciiJson;

impl serde_json::ser::Formatter for AsciiJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let bytes = fragment.as_bytes();
        let mut from = 0;
        while let Some(k) = bytes[from..].iter().position(|b| !b.is_ascii()) {
            let at = from + k;
            w.write_all(&bytes[from..at])?;
            let c = fragment[at..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            let mut units = [0u16; 2];
            for &unit in c.encode_utf16(&mut units).iter() {
                let hex = |shift: u16| HEX[usize::from((unit >> shift) & 0xf)];
                w.write_all(&[b'\\', b'u', hex(12), hex(8), hex(4), hex(0)])?;
            }
            from = at + c.len_utf8();
        }
        w.write_all(&bytes[from..])
    }
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
