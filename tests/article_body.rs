//! Article-body extraction on real-world-shaped pages: every page in
//! `tests/fixtures/pages/NAME.html` has a sidecar `NAME.expected.txt` listing
//! the story's paragraphs, one a line. The report must keep every listed
//! paragraph and nothing else (no navigation, banners, related lists,
//! comments, footers). Lines starting with `? ` may be kept or left out
//! (headline, byline); `#` lines are comments. A new case is a new file pair.
//! Every claim and attribution must come from a listed (not `? `) paragraph:
//! a headline or caption kept as page structure is never read for either.

use std::collections::HashSet;
use std::fs;
use std::path::Path;

#[test]
fn keeps_every_article_paragraph_and_no_boilerplate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pages");
    let mut pages: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 20, "expected at least 20 pages, found {}", pages.len());
    let mut failures = Vec::new();
    for page in &pages {
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        let expected = fs::read_to_string(dir.join(format!("{name}.expected.txt")))
            .unwrap_or_else(|_| panic!("{name}: missing {name}.expected.txt"));
        let (mut required, mut optional) = (Vec::new(), HashSet::new());
        for line in expected.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            match line.strip_prefix("? ") {
                Some(o) => drop(optional.insert(o.to_string())),
                None => required.push(line.to_string()),
            }
        }
        let html = fs::read_to_string(page).unwrap();
        let url = format!("https://news.example/{name}");
        let report = sourcecheck::analyze_html(&html, Some(&url));
        let kept: HashSet<&str> = report.blocks.iter().map(|b| b.text.as_str()).collect();
        for r in &required {
            if !kept.contains(r.as_str()) {
                failures.push(format!("{name}: missed article paragraph: {r}"));
            }
        }
        for b in &report.blocks {
            if !required.contains(&b.text) && !optional.contains(&b.text) {
                failures.push(format!("{name}: kept boilerplate: {}", b.text));
            }
        }
        // Claims and attributions come from the story's own paragraphs only:
        // never from furniture, and never from a headline, caption, byline,
        // timestamp or address (the `? ` lines are page structure at most).
        let from_story = |block: usize| required.contains(&report.blocks[block].text);
        for c in report.claims.iter().filter(|c| !from_story(c.block)) {
            failures.push(format!("{name}: claim outside the story: {}", c.text));
        }
        // A headline or caption is page structure (BlockKind::is_analysed):
        // never a source, cue or content, even where it reads like one
        // ("Amber heat warning issued…", "Assange: …").
        let outside = |a: &&sourcecheck::report::Attribution| {
            !from_story(a.block) || !from_story(a.content.block.unwrap_or(a.block))
        };
        for a in report.attributions.iter().filter(outside) {
            failures.push(format!("{name}: attribution outside the story: {} / {}", a.source.text, a.content.text));
        }
    }
    assert!(failures.is_empty(), "{} problems over {} pages:\n{}", failures.len(), pages.len(), failures.join("\n"));
}

/// A page's marked-up headline is never a speaker; a plain text's first short
/// paragraph is a headline only by guess, and is still read (PolNeAR labels
/// "Pence: …" headlines as attributions).
#[test]
fn headline_labels_are_read_in_plain_text_only() {
    let headline = "Pence: Flowers will not be at the debate";
    let body = "The debate starts at nine in the evening and lasts ninety minutes, the organisers said.";
    let page = sourcecheck::analyze_html(&format!("<main><h1>{headline}</h1><p>{body}</p></main>"), None);
    assert_eq!(page.blocks[0].text, headline);
    assert!(page.attributions.iter().all(|a| a.block != 0), "a page's headline read as an attribution");
    assert!(page.attributions.iter().any(|a| a.block == 1), "the story's attribution is lost");
    let text = sourcecheck::analyze_text(&format!("{headline}\n\n{body}\n"));
    assert!(
        text.attributions.iter().any(|a| a.block == 0 && a.source.text == "Pence"),
        "plain text: {:?}",
        text.attributions
    );
}
