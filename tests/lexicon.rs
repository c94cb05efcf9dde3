//! The word lists in `src/lexicon/` are data with a strict form: every file
//! is loaded by some module, every class is one the loader knows, and no
//! entry is listed twice (a duplicate hides which class wins).

use std::collections::{HashMap, HashSet};
use std::path::Path;

fn entries(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

fn sources_text() -> String {
    let mut all = String::new();
    let mut stack = vec![Path::new("src").to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                all.push_str(&std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    all
}

#[test]
fn every_list_file_is_loaded() {
    let code = sources_text();
    for e in std::fs::read_dir("src/lexicon").unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".txt") {
            assert!(code.contains(&format!("lexicon/{name}\")")), "src/lexicon/{name}: no module loads it");
        }
    }
}

/// `class: forms…` files: the classes the loaders match, no form twice.
#[test]
fn classed_lists_have_known_classes_and_no_duplicates() {
    let known: HashMap<&str, &[&str]> = HashMap::from([
        ("cues.txt", &["speech", "belief", "intention", "evidence", "object", "stance"][..]),
        ("sources.txt", &["anonymous", "vague", "outlet", "document", "organization"][..]),
    ]);
    for (file, classes) in known {
        let text = std::fs::read_to_string(format!("src/lexicon/{file}")).unwrap();
        let mut seen = HashSet::new();
        for line in entries(&text) {
            let (class, rest) = line.split_once(':').unwrap_or_else(|| panic!("{file}: '{line}' has no class"));
            assert!(classes.contains(&class.trim()), "{file}: unknown class '{}' in '{line}'", class.trim());
            let items: Vec<String> = if file == "cues.txt" {
                rest.split_whitespace().map(str::to_string).collect()
            } else {
                vec![rest.trim().to_string()]
            };
            for item in items {
                assert!(seen.insert(item.clone()), "{file}: '{item}' is listed twice");
            }
        }
    }
}

#[test]
fn pronouns_have_known_classes() {
    let text = std::fs::read_to_string("src/lexicon/pronouns.txt").unwrap();
    let known = ["person-male", "person-female", "plural", "thing", "speaker"];
    for line in entries(&text) {
        let (_, class) = line.split_once(char::is_whitespace).unwrap_or_else(|| panic!("pronouns.txt: '{line}'"));
        assert!(known.contains(&class.trim()), "pronouns.txt: unknown class in '{line}'");
    }
}

#[test]
fn plain_lists_have_no_duplicates() {
    for e in std::fs::read_dir("src/lexicon").unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".txt") || name == "cues.txt" || name == "sources.txt" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut seen = HashSet::new();
        for line in entries(&text) {
            assert!(seen.insert(line), "{name}: '{line}' is listed twice");
        }
    }
}

/// `word class` files of the speaker stage: only the classes its loader knows.
#[test]
fn speaker_lists_have_known_classes() {
    for (file, known) in [
        ("first_names.txt", &["male", "female", "either", "surname-first"][..]),
        ("gender_words.txt", &["male", "female"][..]),
    ] {
        let text = std::fs::read_to_string(format!("src/lexicon/{file}")).unwrap();
        let mut seen = HashSet::new();
        for line in entries(&text) {
            let (word, class) = line.rsplit_once(char::is_whitespace).unwrap_or_else(|| panic!("{file}: '{line}'"));
            assert!(known.contains(&class.trim()), "{file}: unknown class in '{line}'");
            assert!(seen.insert(word.trim().to_string()), "{file}: '{word}' is listed twice");
        }
    }
}
