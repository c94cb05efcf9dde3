//! `sourcecheck-train`: trains the syntax models from UD English EWT and
//! writes them where the crate embeds them (`./build.sh train` runs it).
//!
//!   sourcecheck-train syntax EWT_DIR OUT_DIR
//!   sourcecheck-train score FILE.conllu...   (the embedded models, gold tokens)
//!   sourcecheck-train attribution POLNEAR_TRAIN.jsonl OUT_DIR
//!   sourcecheck-train claims POLNEAR_DIR OUT_DIR LABELS.jsonl...   (tuning articles only)
//!
//! EWT_DIR holds `train.conllu`, `dev.conllu` and `test.conllu` (build.sh
//! assembles them from the treebank's per-document sources). OUT_DIR gets
//! `tagger.bin`, `parser.bin`, `labeler.bin`, `verb_lemmas.tsv` and
//! `scores.json` (the shipped models' figures on dev and test).
#![cfg_attr(target_arch = "wasm32", no_main)]
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;
use std::process::ExitCode;

use sourcecheck::syntax::{conllu, labeler::Labeler, model::Weights, parser::Parser, tagger::Tagger, train, Models};

fn read(dir: &Path, name: &str) -> Result<Vec<conllu::Sentence>, String> {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    conllu::read(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn leak(bytes: Vec<u8>) -> Result<Weights, String> {
    Weights::from_bytes(Box::leak(bytes.into_boxed_slice()))
}

fn run(ewt: &Path, out: &Path) -> Result<(), String> {
    let (tr, dev, test) = (read(ewt, "train.conllu")?, read(ewt, "dev.conllu")?, read(ewt, "test.conllu")?);
    let sizes = train::Sizes {
        tagger: env_log2("TAGGER_LOG2", 16),
        parser: env_log2("PARSER_LOG2", 18),
        labeler: env_log2("LABELER_LOG2", 14),
    };
    let t = train::train(&tr, &dev, sizes)?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut json = String::from("{\n  \"treebank\": \"UD English EWT (CC BY-SA 4.0)\",\n");
    let files = [
        ("tagger.bin", t.tagger.to_bytes()),
        ("parser.bin", t.parser.to_bytes()),
        ("labeler.bin", t.labeler.to_bytes()),
    ];
    for (name, bytes) in &files {
        std::fs::write(out.join(name), bytes).map_err(|e| format!("{name}: {e}"))?;
        json.push_str(&format!("  \"{name}\": {{\"bytes\": {}}},\n", bytes.len()));
    }
    std::fs::write(out.join("verb_lemmas.tsv"), &t.lemmas).map_err(|e| format!("verb_lemmas.tsv: {e}"))?;
    // Score the models as shipped: read back from their bytes.
    let models: &'static Models = Box::leak(Box::new(Models {
        tagger: Tagger::new(leak(files[0].1.clone())?),
        parser: Parser::new(leak(files[1].1.clone())?),
        labeler: Labeler::new(leak(files[2].1.clone())?),
    }));
    for (name, set) in [("dev", &dev), ("test", &test)] {
        let s = train::score(models, set);
        eprintln!(
            "    {name} (gold tokens, {} words): UPOS {:.4}  UAS {:.4}  LAS {:.4} (with subtypes {:.4})",
            s.words, s.upos, s.uas, s.las, s.las_full
        );
        json.push_str(&format!(
            "  \"{name}_gold_tokens\": {{\"words\": {}, \"upos\": {:.4}, \"uas\": {:.4}, \"las\": {:.4}, \"las_subtypes\": {:.4}}},\n",
            s.words, s.upos, s.uas, s.las, s.las_full
        ));
    }
    // The heads the engine relies on, on hand-written news sentences.
    let fixtures = std::env::var("NEWS_FIXTURES").unwrap_or_else(|_| "tests/fixtures/syntax/news.json".into());
    let text = std::fs::read_to_string(&fixtures).map_err(|e| format!("{fixtures}: {e}"))?;
    let failures = train::news_failures(models, &text)?;
    eprintln!("    news fixtures ({fixtures}): {} failures", failures.len());
    for f in &failures {
        eprintln!("      {f}");
    }
    json.push_str(&format!("  \"news_fixture_failures\": {},\n", failures.len()));
    json.push_str(&format!(
        "  \"sizes_log2\": {{\"tagger\": {}, \"parser\": {}, \"labeler\": {}}}\n}}\n",
        sizes.tagger, sizes.parser, sizes.labeler
    ));
    std::fs::write(out.join("scores.json"), json).map_err(|e| format!("scores.json: {e}"))?;
    Ok(())
}

/// Scores the models embedded in this build on treebank files (gold tokens).
fn score(files: &[String]) -> Result<(), String> {
    let m = sourcecheck::syntax::models();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| format!("{f}: {e}"))?;
        let sents = conllu::read(&text).map_err(|e| format!("{f}: {e}"))?;
        let s = train::score(m, &sents);
        println!(
            "{f}: {} sentences, {} words: UPOS {:.4}  UAS {:.4}  LAS {:.4} (with subtypes {:.4})",
            sents.len(),
            s.words,
            s.upos,
            s.uas,
            s.las,
            s.las_full
        );
    }
    Ok(())
}

/// Trains the attribution models from PolNeAR train into OUT_DIR.
fn attribution(train_file: &str, out: &Path) -> Result<(), String> {
    let docs = sourcecheck::attribution::learn::train::read_jsonl(train_file)?;
    eprintln!("    {} articles from {train_file}", docs.len());
    let t = sourcecheck::attribution::learn::train::train(&docs, &|m| eprintln!("    {m}"))?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (name, bytes) in [("cue.bin", &t.cue), ("source.bin", &t.source), ("content.bin", &t.content)] {
        std::fs::write(out.join(name), bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    std::fs::write(out.join("training.json"), format!("{}\n", t.report)).map_err(|e| format!("training.json: {e}"))?;
    Ok(())
}

/// Trains the check-worthiness model on the tuning labels of every labels
/// file (one per labelling round) into OUT_DIR.
fn claims(polnear: &str, out: &Path, labels: &[String]) -> Result<(), String> {
    let mut files = Vec::new();
    for name in labels {
        files.push((name.as_str(), std::fs::read_to_string(name).map_err(|e| format!("{name}: {e}"))?));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let texts = sourcecheck::claims::learn::train::read_texts(polnear)?;
    let t = sourcecheck::claims::learn::train::train(&files, &texts, &|m| eprintln!("    {m}"))?;
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    std::fs::write(out.join("claim.bin"), &t.model).map_err(|e| format!("claim.bin: {e}"))?;
    std::fs::write(out.join("training.json"), format!("{}\n", t.report)).map_err(|e| format!("training.json: {e}"))?;
    Ok(())
}

fn env_log2(name: &str, default: u32) -> u32 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, ewt, out] if cmd == "syntax" => match run(Path::new(ewt), Path::new(out)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sourcecheck-train: {e}");
                ExitCode::FAILURE
            }
        },
        [cmd, data, out] if cmd == "attribution" => match attribution(data, Path::new(out)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sourcecheck-train: {e}");
                ExitCode::FAILURE
            }
        },
        [cmd, polnear, out, labels @ ..] if cmd == "claims" && !labels.is_empty() => {
            match claims(polnear, Path::new(out), labels) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("sourcecheck-train: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        [cmd, files @ ..] if cmd == "score" && !files.is_empty() => match score(files) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("sourcecheck-train: {e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: sourcecheck-train syntax EWT_DIR OUT_DIR | attribution POLNEAR_TRAIN.jsonl OUT_DIR | claims POLNEAR_DIR OUT_DIR LABELS.jsonl... | score FILE.conllu...");
            ExitCode::from(2)
        }
    }
}
