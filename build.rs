//! Build steps:
//! 1. Refuse to build with a missing or corrupt model: the product never
//!    runs on a silent fallback. The checks are the loader's own
//!    (`src/syntax/model.rs`).
//! 2. The page rules from `src/page/rules.json` become Rust statics
//!    (`src/page/rules_build.rs`).

#[path = "src/syntax/model.rs"]
#[allow(dead_code)]
mod model;

#[path = "src/page/rules_build.rs"]
mod page_rules;

fn main() {
    check_models();
    page_rules::generate();
}

fn check_models() {
    let untrained_ok = std::env::var_os("SOURCECHECK_UNTRAINED").is_some();
    println!("cargo:rerun-if-env-changed=SOURCECHECK_UNTRAINED");
    for name in ["tagger", "parser", "labeler"] {
        let path = format!("src/syntax/models/{name}.bin");
        println!("cargo:rerun-if-changed={path}");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (run ./build.sh train)"));
        if let Err(e) = model::Weights::check(&bytes) {
            if untrained_ok {
                println!("cargo:warning={path}: {e}: building the trainer only (SOURCECHECK_UNTRAINED)");
                continue;
            }
            panic!("{path}: {e}");
        }
    }
    println!("cargo:rerun-if-changed=src/syntax/model.rs");
}
