//! HTML → report: html5ever's DOM, the page-model walk, the article finder
//! and the analysis, then the report's invariants (`tests/support/mod.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/mod.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    // The CLI replaces invalid UTF-8 the same way.
    let html = String::from_utf8_lossy(data);
    let report = sourcecheck::analyze_html(&html, Some("https://news.example.com/2024/story"));
    support::assert_valid(&report);
});
