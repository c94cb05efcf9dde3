//! The syntax stage on hand-written news sentences (`tests/fixtures/syntax/`),
//! the shipped models' figures on UD English EWT when the treebank is here,
//! and the model loader's refusal of corrupt files.

use sourcecheck::syntax::{self, model::Weights, Parse};

#[test]
fn news_sentences_have_the_heads_the_engine_relies_on() {
    let json = include_str!("fixtures/syntax/news.json");
    let cases = serde_json::from_str::<serde_json::Value>(json).unwrap()["cases"].as_array().unwrap().len();
    assert!(cases >= 15);
    let failures = syntax::train::news_failures(syntax::models(), json).unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn subject_and_complement_api() {
    let s = "The agency said the plan would cost more, and added that it would fail.";
    let p = syntax::parse_sentence(s, 0..s.len());
    let said = p.forms.iter().position(|f| f == "said").unwrap();
    let subj = p.subject_of(said).expect("a subject");
    assert_eq!(p.forms[subj], "agency");
    assert_eq!(&s[p.bytes(p.span(subj))], "The agency");
    let comp = p.complement_of(said).expect("a complement");
    assert_eq!(p.forms[comp], "cost");
}

/// The API's rules on a tree written by hand, so they are tested apart from
/// what the parser gets right: "He said X and added that Y".
#[test]
fn a_conjunct_verb_takes_its_governors_subject() {
    let forms = ["He", "said", "it", "rose", "and", "added", "that", "it", "fell"];
    let heads = [Some(1), None, Some(3), Some(1), Some(5), Some(1), Some(8), Some(8), Some(5)];
    let rels = ["nsubj", "root", "nsubj", "ccomp", "cc", "conj", "mark", "nsubj", "ccomp"];
    let p = Parse {
        tokens: (0..forms.len()).map(|i| i..i + 1).collect(),
        forms: forms.iter().map(|f| f.to_string()).collect(),
        upos: vec![syntax::Upos::VERB; forms.len()],
        heads: heads.to_vec(),
        rels: rels.to_vec(),
        lemmas: vec![String::new(); forms.len()],
        clitic: vec![false; forms.len()],
    };
    assert_eq!(p.subject_of(5), Some(0), "added: the subject of said");
    assert_eq!(p.subject_of(8), Some(7), "fell has its own");
    assert_eq!(p.complement_of(5), Some(8));
    assert_eq!(p.span(8), 6..9);
    assert_eq!(p.token_at(5), Some(5));
}

#[test]
fn every_token_has_one_head_and_the_parse_is_a_tree() {
    let long = "The council voted, the mayor said; ".repeat(60);
    for s in ["", "Yes.", "“Quote” — he said…", long.as_str(), "a b c d e f g h i j k l m n o p"] {
        let p = syntax::parse_sentence(s, 0..s.len());
        assert_eq!(p.heads.len(), p.len());
        assert!(p.is_empty() || p.heads.iter().filter(|h| h.is_none()).count() == 1, "{s}");
        for i in 0..p.len() {
            // Every token reaches the root without a cycle.
            let (mut h, mut steps) = (Some(i), 0);
            while let Some(x) = h {
                h = p.heads[x];
                steps += 1;
                assert!(steps <= p.len() + 1, "cycle in {s}");
            }
            assert_eq!(&s[p.tokens[i].clone()], p.forms[i]);
        }
    }
}

#[test]
fn a_corrupt_model_is_refused() {
    let good = std::fs::read("src/syntax/models/parser.bin").unwrap();
    assert!(Weights::check(&good).is_ok());
    let mut bad = good.clone();
    let k = bad.len() / 2;
    bad[k] ^= 0x40;
    assert!(Weights::check(&bad).unwrap_err().contains("checksum"));
    assert!(Weights::check(&good[..good.len() - 1]).is_err());
    assert!(Weights::check(b"").is_err());
}

/// The shipped models on EWT test (gold tokens) must not fall below the
/// figures in README. Runs where `./build.sh train` has assembled the
/// treebank (target/data/ewt); says so when it is absent.
#[test]
fn shipped_models_score_on_ewt_test() {
    let path = std::path::Path::new("target/data/ewt/test.conllu");
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("EWT test split not at {}: run ./build.sh train to score the models", path.display());
        return;
    };
    let sents = syntax::conllu::read(&text).unwrap();
    let m = syntax::models();
    let s = syntax::train::score(m, &sents);
    eprintln!("EWT test: UPOS {:.4} UAS {:.4} LAS {:.4}", s.upos, s.uas, s.las);
    // README: UPOS 0.943, UAS 0.821, LAS 0.783 (gold tokens).
    assert!(s.upos >= 0.943 - 0.005 && s.uas >= 0.821 - 0.005 && s.las >= 0.783 - 0.005, "{s:?}");
}
