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
    let files = ["syntax/models/tagger", "syntax/models/parser", "syntax/models/labeler"].into_iter().chain([
        "attribution/models/cue",
        "attribution/models/source",
        "attribution/models/content",
        "claims/models/claim",
    ]);
    for name in files {
        let path = format!("src/{name}.bin");
        println!("cargo:rerun-if-changed={path}");
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e} (run ./build.sh train)"));
        // The cue model carries its decision line and calibration in its class names.
        let settings_missing = name.ends_with("/cue")
            && !(bytes.windows(7).any(|w| w == b"add_at=") && bytes.windows(6).any(|w| w == b"platt="))
            // The claim model carries its decision line in its class name.
            || name.ends_with("/claim") && !bytes.windows(9).any(|w| w == b"claim at=");
        let checked = model::Weights::check(&bytes).and_then(|()| {
            if settings_missing {
                Err("no decision settings in the class names (add_at/platt, or at=)".to_string())
            } else {
                Ok(())
            }
        });
        if let Err(e) = checked {
            if untrained_ok {
                println!("cargo:warning={path}: {e}: building the trainer only (SOURCECHECK_UNTRAINED)");
                continue;
            }
            panic!("{path}: {e}");
        }
    }
    println!("cargo:rerun-if-changed=src/syntax/model.rs");
}
