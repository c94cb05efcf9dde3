//! Claims and links: one test per claim status and per link kind, the
//! self-sourcing note, and the hand-labelled sets in `tests/fixtures/claims/`
//! scored the way `../shared/eval/score.py` scores them (word-F1 >= 0.5,
//! one to one, optional sentences neither count for nor against).

use serde_json::Value;

fn report_text(text: &str) -> Value {
    serde_json::to_value(sourcecheck::analyze_text(text)).unwrap()
}

fn report_html(html: &str) -> Value {
    serde_json::to_value(sourcecheck::analyze_html(html, Some("https://news.example/story"))).unwrap()
}

/// The claim whose text contains `needle`.
fn claim<'a>(r: &'a Value, needle: &str) -> &'a Value {
    r["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["text"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no claim containing {needle:?} in {:#}", r["claims"]))
}

fn status(r: &Value, needle: &str) -> String {
    claim(r, needle)["status"].as_str().unwrap().to_string()
}

#[test]
fn attributed_claim_names_its_source() {
    let r = report_text("Storm damage\n\nThe storm destroyed 40 homes, the fire service said on Monday.\n");
    assert_eq!(status(&r, "40 homes"), "attributed");
    assert!(claim(&r, "40 homes")["reason"].as_str().unwrap().contains("fire service"));
}

#[test]
fn linked_claim_through_a_link_and_through_a_reference() {
    let r = report_html(
        r##"<article><h1>Ice</h1>
        <p>The glacier lost 12 percent of its mass since 2000, <a href="https://doi.org/10.1/x">a study</a> shows.</p>
        <p>Summer melt doubled over the same period [1].</p>
        <h2>References</h2><ol><li><a href="https://www.noaa.gov/report">NOAA Arctic Report Card</a></li></ol>
        </article>"##,
    );
    let via_ref = claim(&r, "Summer melt doubled");
    assert_eq!(via_ref["status"], "linked");
    assert!(via_ref["reason"].as_str().unwrap().contains("[1]"));
    let link = r["links"].as_array().unwrap().iter().find(|l| l["site"] == "noaa.gov").unwrap();
    assert_eq!(link["claim"], via_ref["id"]);
}

#[test]
fn footnote_link_resolves_to_its_entry() {
    let r = report_html(
        r##"<article><h1>Sleep</h1>
        <p>Pupils who sleep under seven hours scored 8 percent lower on memory tests<sup><a href="#n1">1</a></sup>.</p>
        <h2>Notes</h2><ol><li id="n1"><a href="https://arxiv.org/abs/2401.00001">Lee, 2024</a></li></ol></article>"##,
    );
    assert_eq!(status(&r, "memory tests"), "linked");
    assert_eq!(r["links"][0]["kind"], "academic");
    assert_eq!(r["links"][0]["claim"], claim(&r, "memory tests")["id"]);
}

#[test]
fn vague_claim_shows_the_vague_words() {
    let r = report_text("Villages\n\nMilitants reportedly seized 12 villages along the highway on Sunday.\n");
    let c = claim(&r, "12 villages");
    assert_eq!(c["status"], "vague");
    assert_eq!(c["source"], "reportedly");
}

#[test]
fn anonymous_claim_rests_on_an_unnamed_source() {
    let r = report_text(
        "Pensions\n\nThe government will raise the retirement age to 68, according to people familiar with the plans.\n",
    );
    assert_eq!(status(&r, "retirement age"), "anonymous");
}

#[test]
fn unsourced_claim_says_why() {
    let r = report_text("Bridge\n\nAround 40,000 vehicles cross the bridge each day.\n");
    let c = claim(&r, "40,000");
    assert_eq!(c["status"], "unsourced");
    assert!(c["reason"].as_str().unwrap().contains("figure"));
}

#[test]
fn opinion_questions_and_calls_to_action_are_not_claims() {
    let r = report_text(
        "Buses\n\nThe council must restore the money. Should commuters accept this? \
         Sign up for our newsletter to get the latest updates. Here is what we know so far.\n",
    );
    assert_eq!(r["claims"].as_array().unwrap().len(), 0, "{:#}", r["claims"]);
}

#[test]
fn a_link_to_the_own_site_is_not_a_source() {
    let r = report_html(
        r#"<article><h1>Fares</h1><p>Fares rose by 40 percent since 2010, as <a href="/rail/fares">we reported</a>.</p></article>"#,
    );
    assert_eq!(status(&r, "40 percent"), "unsourced");
    assert_eq!(r["links"][0]["kind"], "same-site");
}

#[test]
fn every_link_kind() {
    let cases = [
        ("/other-story", "same-site"),
        ("https://www.reuters.com/world/x", "news"),
        ("https://www.cdc.gov/data", "government"),
        ("https://doi.org/10.1000/182", "academic"),
        ("https://twitter.com/someone/status/1", "social"),
        ("https://www.youtube.com/watch?v=1", "video"),
        ("https://web.archive.org/web/2020/https://example.org/", "archive"),
        ("https://ministry.example.org/report.pdf", "document"),
        ("https://blog.example.org/post", "other"),
    ];
    for (href, kind) in cases {
        let html = format!(
            r#"<article><h1>T</h1><p>The dam released 300 tonnes of water on Monday (<a href="{href}">anchor words</a>).</p></article>"#
        );
        let r = report_html(&html);
        let l = &r["links"][0];
        assert_eq!(l["kind"], kind, "{href}");
        assert_eq!(l["text"], "anchor words");
        assert_eq!(l["same_site"], kind == "same-site");
        let expect_claim = if kind == "same-site" { Value::Null } else { claim(&r, "300 tonnes")["id"].clone() };
        assert_eq!(l["claim"], expect_claim, "{href}");
    }
}

#[test]
fn a_page_sourced_only_to_itself_is_reported() {
    let r = report_html(
        r#"<div class="post"><h1>Deal</h1><p>Ardent bought Lumio for $3.4 billion on Monday, the largest deal this year.</p>
        <p><a href="https://news.example/story">Source link</a></p></div>"#,
    );
    assert_eq!(r["summary"]["self_source_only"], true);
    assert!(r["notes"].as_array().unwrap().iter().any(|n| n.as_str().unwrap().contains("Source link")));
}

#[test]
fn summary_gives_its_parts() {
    let r = report_text(
        "Flood\n\nThe river flooded 200 homes on Sunday, the council said. Experts say 30 more streets are at risk. \
         Crews evacuated 600 residents overnight.\n",
    );
    let s = &r["summary"];
    assert_eq!(s["claims"], 3);
    assert_eq!(s["by_status"]["attributed"], 1);
    assert_eq!(s["by_status"]["unsourced"], 1);
    assert_eq!(s["attributions"].as_u64().unwrap(), s["named_attributions"].as_u64().unwrap() + 1);
    assert!(s["named_share"].as_f64().unwrap() > 0.0);
}

// ---- the hand-labelled sets, scored like score.py ----

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn f1(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut pool = b.clone();
    let common = a.iter().filter(|w| pool.iter().position(|p| p == *w).map(|i| pool.swap_remove(i)).is_some()).count();
    if common == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / a.len() as f64, common as f64 / b.len() as f64);
    2.0 * p * r / (p + r)
}

/// Greedy one-to-one matching at word-F1 >= 0.5, best pairs first: the matched predictions.
fn matched(gold: &[String], pred: &[String]) -> Vec<usize> {
    let mut pairs = Vec::new();
    for (i, g) in gold.iter().enumerate() {
        for (j, p) in pred.iter().enumerate() {
            let s = f1(g, p);
            if s >= 0.5 {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.partial_cmp(a).unwrap());
    let (mut gi, mut pj) = (Vec::new(), Vec::new());
    for (_, i, j) in pairs {
        if !gi.contains(&i) && !pj.contains(&j) {
            gi.push(i);
            pj.push(j);
        }
    }
    pj
}

fn score(path: &str) -> (f64, f64) {
    let (mut tp, mut npred, mut ngold) = (0, 0, 0);
    for line in std::fs::read_to_string(path).unwrap().lines().filter(|l| !l.trim().is_empty()) {
        let doc: Value = serde_json::from_str(line).unwrap();
        let strings = |k: &str| -> Vec<String> {
            doc[k].as_array().map_or(Vec::new(), |a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        };
        let report = match doc["html"].as_str() {
            Some(html) => sourcecheck::analyze_html(html, None),
            None => sourcecheck::analyze_text(doc["text"].as_str().unwrap()),
        };
        let gold = strings("unsourced_claims");
        let optional = strings("optional");
        let pred: Vec<String> = report
            .claims
            .iter()
            .filter(|c| c.status == sourcecheck::report::ClaimStatus::Unsourced)
            .map(|c| c.text.clone())
            .collect();
        let hit = matched(&gold, &pred);
        // Unmatched predictions that match an optional sentence neither count for nor against.
        npred +=
            (0..pred.len()).filter(|j| hit.contains(j) || !optional.iter().any(|o| f1(&pred[*j], o) >= 0.5)).count();
        tp += hit.len();
        ngold += gold.len();
    }
    (tp as f64 / npred.max(1) as f64, tp as f64 / ngold.max(1) as f64)
}

/// These sets were written by the hands that wrote the rules, on sentences
/// made to show them (README): since the learned check-worthiness model
/// decides, they are a floor against regressions, not the measure (the
/// independent labels are, `tools/claims_labels/score.py`). The model takes
/// fewer of their invented one-line claims than the rules did.
#[test]
fn unsourced_claims_stay_above_the_floor_on_the_labelled_sets() {
    for set in ["gold", "holdout"] {
        let (p, r) = score(&format!("{}/tests/fixtures/claims/{set}.jsonl", env!("CARGO_MANIFEST_DIR")));
        assert!(p >= 0.85 && r >= 0.70, "{set}: unsourced precision {p:.3} recall {r:.3} (floors 0.85 / 0.70)");
    }
}

/// A claim that rests on an attribution with no source words says which
/// words it rests on, not an empty quotation.
#[test]
fn a_sourceless_attribution_names_its_words() {
    let r = report_text("Harbour\n\nA motion for a roll-call vote on the harbour levy has since been denied.\n");
    for c in r["claims"].as_array().unwrap() {
        let reason = c["reason"].as_str().unwrap();
        assert!(!reason.contains("“”"), "{reason}");
    }
    let a = r["attributions"].as_array().unwrap();
    assert!(a.iter().any(|a| a["source"]["text"] == ""), "this case needs a sourceless attribution: {a:?}");
    let c = claim(&r, "roll-call");
    assert_eq!(c["status"], "vague");
    assert!(c["reason"].as_str().unwrap().contains("“denied”"), "{c}");
}

/// A named person's belief or plan is the writer's claim about their mind:
/// it sources nothing. A vague group's belief is still vague sourcing.
#[test]
fn a_belief_or_a_plan_is_not_a_source() {
    for (text, category, want) in [
        ("Ms. Okafor believes the port handled 212,000 containers in March.", "belief", "unsourced"),
        ("Ms. Okafor plans to cut the harbour levy by 30 percent next year.", "intention", "unsourced"),
        ("Many analysts believe the port handled 212,000 containers in March.", "belief", "vague"),
    ] {
        let r = report_text(&format!("Harbour\n\n{text}\n"));
        let a = r["attributions"].as_array().unwrap();
        assert!(a.iter().any(|a| a["category"] == category), "this case needs a {category} attribution: {a:?}");
        let c = &r["claims"][0];
        assert_eq!(c["status"], want, "{text}: {c}");
    }
}

/// "X is said to …": the passive's subject is what is spoken of, not a
/// speaker; with no one named, the claim rests on a hedge.
#[test]
fn an_agentless_passive_is_a_hedge_not_a_speaker() {
    let r = report_text("Harbour\n\nThe harbour levy is said to have risen by 30 percent since 2019.\n");
    for a in r["attributions"].as_array().unwrap() {
        assert!(!a["source"]["text"].as_str().unwrap().contains("levy"), "the levy is not a speaker: {a}");
    }
    let c = claim(&r, "30 percent");
    assert_eq!(c["status"], "vague", "{c}");
}

/// "32 percent say …" reports a poll's answer, not a speaker: with no poll
/// named the claim is the writer's, and the reason says so. "Two officials
/// said" is a count of sources, not a share: it stays unnamed sourcing.
#[test]
fn a_poll_share_is_not_a_source() {
    for text in [
        "About 45 percent of voters say the harbour levy rose by 30 percent last year.",
        "Nearly nine out of 10 residents say the harbour levy rose by 30 percent last year.",
    ] {
        let r = report_text(&format!("Harbour\n\n{text}\n"));
        assert!(
            r["attributions"].as_array().unwrap().iter().any(|a| a["cue"]["text"] == "say"),
            "{text}: needs its attribution"
        );
        let c = claim(&r, "levy");
        assert_eq!(c["status"], "unsourced", "{text}: {c}");
        assert!(c["reason"].as_str().unwrap().contains("poll's answer"), "{c}");
    }
    let r = report_text("Harbour\n\nTwo officials said the harbour levy rose by 30 percent last year.\n");
    assert_eq!(status(&r, "levy"), "anonymous");
}

/// A named poll or report the sentence rests on, as its setting or its
/// subject, is its source; "in a survey" names nothing.
#[test]
fn a_named_document_in_the_sentence_sources_it() {
    let r = report_text(
        "Harbour\n\nIn the most recent Harbour Gazette survey, 71 percent of residents approved of the levy.\n",
    );
    let c = claim(&r, "71 percent");
    assert_eq!(c["status"], "attributed", "{c}");
    assert!(c["reason"].as_str().unwrap().contains("“the most recent Harbour Gazette survey”"), "{c}");
    let r = report_text("Harbour\n\nIn a survey last month, 71 percent of residents approved of the levy.\n");
    assert_eq!(status(&r, "71 percent"), "unsourced");
}
