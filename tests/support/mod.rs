//! What every report must satisfy, whatever the page: shared by
//! `tests/robustness.rs`, `tests/properties.rs` and the fuzz targets
//! (`fuzz/fuzz_targets/`), which include this file by path.
//!
//! The overlay turns the report's offsets into DOM ranges, so they must lie
//! inside their block's text and on UTF-16 boundaries (never inside a
//! surrogate pair), and every id a report mentions must exist.
#![allow(dead_code)] // each test binary uses a part

use std::collections::HashSet;

use sourcecheck::report::{Report, SCHEMA};

/// Checks the report's invariants; the error names the first one broken.
pub fn check(r: &Report) -> Result<(), String> {
    if r.schema != SCHEMA {
        return Err(format!("schema {:?}", r.schema));
    }
    if r.stats.blocks != r.blocks.len() {
        return Err(format!("stats.blocks {} for {} blocks", r.stats.blocks, r.blocks.len()));
    }
    let units: Vec<Vec<u16>> = r.blocks.iter().map(|b| b.text.encode_utf16().collect()).collect();
    // Sentence indices are counted over the article: block i owns first[i]..first[i + 1].
    let mut first = vec![0usize];
    for (i, b) in r.blocks.iter().enumerate() {
        if b.id != i {
            return Err(format!("block {i} has id {}", b.id));
        }
        let mut previous_end = 0;
        for s in &b.sentences {
            span(&units[i], s.start, s.end).map_err(|e| format!("block {i} sentence: {e}"))?;
            if s.start < previous_end || s.start == s.end {
                return Err(format!("block {i}: sentences overlap or are empty: {:?}", b.sentences));
            }
            previous_end = s.end;
        }
        first.push(first[i] + b.sentences.len());
    }
    if r.stats.sentences != first[r.blocks.len()] {
        return Err(format!("stats.sentences {} for {} sentences", r.stats.sentences, first[r.blocks.len()]));
    }
    let in_block = |block: usize, sentence: usize| first[block] <= sentence && sentence < first[block + 1];

    ids("e", r.entities.iter().map(|e| e.id.as_str()))?;
    ids("a", r.attributions.iter().map(|a| a.id.as_str()))?;
    ids("c", r.claims.iter().map(|c| c.id.as_str()))?;
    ids("l", r.links.iter().map(|l| l.id.as_str()))?;
    let entity_ids: HashSet<&str> = r.entities.iter().map(|e| e.id.as_str()).collect();
    let attribution_ids: HashSet<&str> = r.attributions.iter().map(|a| a.id.as_str()).collect();
    let claim_ids: HashSet<&str> = r.claims.iter().map(|c| c.id.as_str()).collect();
    let link_ids: HashSet<&str> = r.links.iter().map(|l| l.id.as_str()).collect();
    for e in &r.entities {
        if e.name.trim().is_empty() {
            return Err(format!("{}: empty name", e.id));
        }
    }

    for a in &r.attributions {
        let at = |what: &str, e: String| format!("{} {what}: {e}", a.id);
        let text = units.get(a.block).ok_or_else(|| at("block", format!("{} of {}", a.block, r.blocks.len())))?;
        if !in_block(a.block, a.sentence) {
            return Err(at("sentence", format!("{} is not in block {}", a.sentence, a.block)));
        }
        match (a.source.start, a.source.end) {
            (Some(s), Some(e)) => {
                let words = span(text, s, e).map_err(|e| at("source", e))?;
                if words != a.source.text {
                    return Err(at("source", format!("{words:?} at its offsets, text {:?}", a.source.text)));
                }
            }
            (None, None) => {}
            other => return Err(at("source", format!("half a span {other:?}"))),
        }
        let cue = span(text, a.cue.start, a.cue.end).map_err(|e| at("cue", e))?;
        if cue != a.cue.text {
            return Err(at("cue", format!("{cue:?} at its offsets, text {:?}", a.cue.text)));
        }
        let content_block = a.content.block.unwrap_or(a.block);
        let content_text = units.get(content_block).ok_or_else(|| at("content block", format!("{content_block}")))?;
        let content = span(content_text, a.content.start, a.content.end).map_err(|e| at("content", e))?;
        // Content in several pieces is joined with " … "; one piece is the text at its offsets.
        if a.content.text.is_empty() {
            return Err(at("content", "empty".to_string()));
        }
        if content != a.content.text && !a.content.text.contains(" … ") {
            return Err(at("content", format!("{content:?} at its offsets, text {:?}", a.content.text)));
        }
        if let Some(p) = &a.parent {
            if !attribution_ids.contains(p.as_str()) || p == &a.id {
                return Err(at("parent", p.clone()));
            }
        }
        if let Some(e) = &a.source.entity {
            if !entity_ids.contains(e.as_str()) {
                return Err(at("entity", e.clone()));
            }
        }
    }

    for c in &r.claims {
        let at = |what: &str, e: String| format!("{} {what}: {e}", c.id);
        let text = units.get(c.block).ok_or_else(|| at("block", format!("{}", c.block)))?;
        let words = span(text, c.start, c.end).map_err(|e| at("span", e))?;
        if words != c.text {
            return Err(at("text", format!("{words:?} at its offsets, text {:?}", c.text)));
        }
        if !in_block(c.block, c.sentence) {
            return Err(at("sentence", format!("{} is not in block {}", c.sentence, c.block)));
        }
        if let Some(s) = &c.support {
            if !attribution_ids.contains(s.as_str()) && !link_ids.contains(s.as_str()) {
                return Err(at("support", s.clone()));
            }
        }
        // A reason quotes words a reader can find, never nothing ("rests on a vague source: “”").
        if c.reason.contains("“”") || c.reason.contains("\"\"") {
            return Err(at("reason", c.reason.clone()));
        }
    }

    for l in &r.links {
        let at = |what: &str, e: String| format!("{} {what}: {e}", l.id);
        let text = units.get(l.block).ok_or_else(|| at("block", format!("{}", l.block)))?;
        span(text, l.start, l.end).map_err(|e| at("span", e))?;
        if let Some(c) = &l.claim {
            if !claim_ids.contains(c.as_str()) {
                return Err(at("claim", c.clone()));
            }
        }
    }

    let s = &r.summary;
    let by_status: usize = s.by_status.values().sum();
    let by_kind: usize = s.links_by_kind.values().sum();
    if s.claims != r.claims.len() || by_status != r.claims.len() {
        return Err(format!("summary: {} claims, {by_status} by status, for {}", s.claims, r.claims.len()));
    }
    if s.attributions != r.attributions.len() || s.sources != r.entities.len() || by_kind != r.links.len() {
        return Err(format!("summary counts {s:?}"));
    }
    if s.named_sources + s.unnamed_sources != r.entities.len()
        || s.outside_links + s.same_site_links != r.links.len()
        || !(0.0..=1.0).contains(&s.named_share)
    {
        return Err(format!("summary parts {s:?}"));
    }
    Ok(())
}

/// Panics with the broken invariant (and the report's size) when `r` breaks one.
pub fn assert_valid(r: &Report) {
    if let Err(e) = check(r) {
        panic!(
            "invalid report ({} blocks, {} attributions, {} claims, {} links): {e}",
            r.blocks.len(),
            r.attributions.len(),
            r.claims.len(),
            r.links.len()
        );
    }
}

/// The text of a UTF-16 span, if it lies in `text` and on code point boundaries.
fn span(text: &[u16], start: usize, end: usize) -> Result<String, String> {
    if start > end || end > text.len() {
        return Err(format!("{start}..{end} outside 0..{}", text.len()));
    }
    // Rust strings hold no lone surrogates: a low surrogate always ends a pair.
    let inside_pair = |k: usize| text.get(k).is_some_and(|u| (0xDC00..=0xDFFF).contains(u));
    if inside_pair(start) || inside_pair(end) {
        return Err(format!("{start}..{end} splits a surrogate pair"));
    }
    String::from_utf16(&text[start..end]).map_err(|e| e.to_string())
}

fn ids<'a>(prefix: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
    for (i, id) in ids.enumerate() {
        if id != format!("{prefix}{}", i + 1) {
            return Err(format!("id {id:?} at position {i}, expected {prefix}{}", i + 1));
        }
    }
    Ok(())
}

/// What a rule table's fixtures miss: an id without a positive or a negative
/// case, or a case naming no id of the engine (`what` names the ids).
pub fn case_coverage(ids: &[&str], positive: &[String], negative: &[String], what: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for id in ids {
        if !positive.iter().any(|p| p == id) {
            problems.push(format!("{id}: no positive case"));
        }
        if !negative.iter().any(|p| p == id) {
            problems.push(format!("{id}: no negative case"));
        }
    }
    for p in positive.iter().chain(negative) {
        if !ids.contains(&p.as_str()) {
            problems.push(format!("{p}: not a {what}"));
        }
    }
    problems
}
