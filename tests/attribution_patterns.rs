//! Each attribution pattern the engine promises, checked on hand-written
//! sentences in `tests/fixtures/attribution_patterns.json` (a new case is a
//! new entry there, not new code).

mod support;
use serde_json::Value;

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// True when every word of `want` occurs in `got`, in order.
fn contains_words(got: &str, want: &str) -> bool {
    let got = words(got);
    let mut it = got.iter();
    words(want).iter().all(|w| it.any(|g| g == w))
}

#[test]
fn every_pattern_is_found() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("fixtures/attribution_patterns.json")).unwrap();
    let mut failures = Vec::new();
    for case in &cases {
        let before = failures.len();
        let pattern = case["pattern"].as_str().unwrap();
        let report = serde_json::to_value(sourcecheck::analyze_text(case["text"].as_str().unwrap())).unwrap();
        let all = report["attributions"].as_array().unwrap();
        // A case the learned engine is known to get wrong (`model_wrong`, with
        // a note why) is checked on the rules' attributions, and must still be
        // wrong with the model's: a fixed case has to lose the flag.
        let model_wrong = case.get("model_wrong").is_some();
        let kept: Vec<Value> = all.iter().filter(|a| !model_wrong || a["pattern"] != "model").cloned().collect();
        if model_wrong && kept.len() == all.len() {
            failures.push(format!("{pattern}: marked model_wrong, but the model adds nothing now: remove the mark"));
        }
        let got = &kept;
        let expect = case["expect"].as_array().unwrap();
        if expect.is_empty() && !got.is_empty() {
            failures.push(format!("{pattern}: expected nothing, got {got:?}"));
        }
        for (n, e) in expect.iter().enumerate() {
            let ok = got.iter().any(|a| {
                let field = |k: &str| e.get(k).and_then(Value::as_str);
                field("name").is_none_or(|v| a["source"]["name"] == v)
                    && field("source").is_none_or(|v| a["source"]["text"] == v)
                    && field("type").is_none_or(|v| a["source"]["type"] == v)
                    && field("cue").is_none_or(|v| a["cue"]["text"] == v)
                    && field("kind").is_none_or(|v| a["kind"] == v)
                    && field("pattern").is_none_or(|v| a["pattern"] == v)
                    && field("content").is_none_or(|v| contains_words(a["content"]["text"].as_str().unwrap(), v))
                    && e.get("parent")
                        .and_then(Value::as_u64)
                        .is_none_or(|p| a["parent"].as_str() == got.get(p as usize).and_then(|x| x["id"].as_str()))
            });
            if !ok {
                failures.push(format!(
                    "{pattern}: expectation {n} {e} not met; got {}",
                    serde_json::to_string(got).unwrap()
                ));
            }
        }
        // A negative case for these ids: none of them may fire, model or not.
        for id in case.get("against").and_then(Value::as_array).into_iter().flatten() {
            if let Some(a) = all.iter().find(|a| a["pattern"] == *id) {
                failures.push(format!("{pattern}: rule {id} must not fire, got {a}"));
            }
        }
        if let Some(n) = case.get("entities").and_then(Value::as_u64) {
            let ents = report["entities"].as_array().unwrap().len() as u64;
            if ents != n {
                failures.push(format!("{pattern}: expected {n} entities, got {ents}"));
            }
        }
        // A case the engine is known to get wrong (`known_wrong`, with why)
        // must still fail: when it passes, the mark goes.
        if case.get("known_wrong").is_some() {
            if failures.len() == before {
                failures.push(format!("{pattern}: marked known_wrong, but it passes now: remove the mark"));
            } else {
                failures.truncate(before);
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} patterns failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Every rule id (and the model's) has a positive case (an expectation that
/// names it) and a negative one (a case `against` it); fixtures name no id
/// the engine does not have.
#[test]
fn every_rule_has_its_cases() {
    let cases: Vec<Value> = serde_json::from_str(include_str!("fixtures/attribution_patterns.json")).unwrap();
    let ids: Vec<&str> = sourcecheck::attribution::RULES.iter().copied().chain(["model"]).collect();
    let named = |key: &str| -> Vec<String> {
        cases
            .iter()
            .flat_map(|c| match key {
                "against" => c["against"].as_array().cloned().unwrap_or_default(),
                _ => c["expect"].as_array().unwrap().iter().filter_map(|e| e.get("pattern").cloned()).collect(),
            })
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    };
    let (positive, negative) = (named("pattern"), named("against"));
    let problems = support::case_coverage(&ids, &positive, &negative, "rule id of the engine");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
