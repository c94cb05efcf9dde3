//! Page model (JSON, as the extension's content script sends it) → report:
//! any blocks, kinds, landmarks and link offsets the reader could send, then
//! the report's invariants (`tests/support/mod.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/mod.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    let Ok(page) = serde_json::from_slice::<sourcecheck::PageModel>(data) else { return };
    let report = sourcecheck::analyze_page(&page);
    support::assert_valid(&report);
});
