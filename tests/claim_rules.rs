//! Each claim rule id (`sourcecheck::claims::RULES`, the report's `rule`),
//! checked on hand-written sentences in `tests/fixtures/claim_rules.json`:
//! a positive case where the rule names the claim, a negative one where it
//! must not (a new case is a new entry there, not new code). The learned
//! check-worthiness model decides whether a sentence is a claim at all, so
//! these cases test the rules and the model together; a case the model is
//! known to get wrong says so (`model_wrong`) and is held to the rules alone.

mod support;
use serde_json::Value;

fn cases() -> Vec<Value> {
    serde_json::from_str(include_str!("fixtures/claim_rules.json")).unwrap()
}

fn claims(text: &str) -> Vec<Value> {
    // A headline first: a text's first short paragraph is its title, never a claim.
    let report = serde_json::to_value(sourcecheck::analyze_text(&format!("Headline\n\n{text}\n"))).unwrap();
    report["claims"].as_array().unwrap().clone()
}

#[test]
fn every_claim_rule_case_holds() {
    let ids: Vec<&str> = sourcecheck::claims::RULES.iter().map(|r| r.0).collect();
    let mut failures = Vec::new();
    for case in cases() {
        let name = case["rule"].as_str().unwrap();
        let got = claims(case["text"].as_str().unwrap());
        for c in &got {
            let conf = c["confidence"].as_f64().unwrap();
            if !ids.contains(&c["rule"].as_str().unwrap()) || !(0.0..=1.0).contains(&conf) {
                failures.push(format!("{name}: claim with an unknown rule or a confidence out of range: {c}"));
            }
        }
        let expect = case["expect"].as_array().unwrap();
        let against: Vec<&Value> = case.get("against").and_then(Value::as_array).into_iter().flatten().collect();
        // A case the learned model is known to get wrong (`model_wrong`, with
        // a note why) is checked on the rules alone, and must still be wrong
        // with the model: a fixed case has to lose the mark.
        if case.get("model_wrong").is_some() {
            let text = case["text"].as_str().unwrap();
            let rules = sourcecheck::claims::rule_for(text);
            for e in expect {
                if rules != Ok(e["rule"].as_str().unwrap()) {
                    failures.push(format!("{name}: the rules alone should name {e}, they say {rules:?}"));
                }
            }
            if let Some(id) = rules.ok().filter(|id| against.iter().any(|a| *a == id)) {
                failures.push(format!("{name}: the rules alone name {id} here"));
            }
            let found = expect.iter().all(|e| got.iter().any(|c| c["rule"] == e["rule"]));
            let wrongly = got.iter().any(|c| against.iter().any(|a| c["rule"] == **a));
            if found && !wrongly {
                failures.push(format!("{name}: marked model_wrong, but the model gets it right now: remove the mark"));
            }
            continue;
        }
        if expect.is_empty() && !got.is_empty() && case.get("against").is_none() {
            failures.push(format!("{name}: expected no claim, got {got:?}"));
        }
        for e in expect {
            let ok = got.iter().any(|c| c["rule"] == e["rule"] && e.get("status").is_none_or(|s| c["status"] == *s));
            if !ok {
                failures.push(format!("{name}: expected {e}, got {got:?}"));
            }
        }
        for id in &against {
            if let Some(c) = got.iter().find(|c| c["rule"] == **id) {
                failures.push(format!("{name}: rule {id} must not name a claim here, got {c}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every claim rule id has a positive case and a negative one, and the
/// fixtures name no id the engine does not have.
#[test]
fn every_claim_rule_has_its_cases() {
    let ids: Vec<&str> = sourcecheck::claims::RULES.iter().map(|r| r.0).collect();
    let cases = cases();
    let positive: Vec<String> = cases
        .iter()
        .flat_map(|c| c["expect"].as_array().unwrap().iter().map(|e| e["rule"].as_str().unwrap().to_string()))
        .collect();
    let negative: Vec<String> = cases
        .iter()
        .flat_map(|c| c["against"].as_array().cloned().unwrap_or_default())
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let problems = support::case_coverage(&ids, &positive, &negative, "claim rule id");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
