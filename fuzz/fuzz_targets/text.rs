//! Plain text → report (the CLI's text reader, the demo's paste box), then
//! the report's invariants (`tests/support/mod.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/mod.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = sourcecheck::analyze_text(&text);
    support::assert_valid(&report);
});
