//! Build steps: the page rules from `src/page/rules.json` become Rust
//! statics (`src/page/rules_build.rs`).

#[path = "src/page/rules_build.rs"]
mod page_rules;

fn main() {
    page_rules::generate();
}
