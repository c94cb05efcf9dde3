//! Huge and odd pages: each one gives a valid report (see `support::check`)
//! without a panic, in time that grows linearly with the page.
//!
//! Linear time is checked by comparing a page of size n with one of size 4n:
//! linear work takes about 4 times as long, quadratic work 16 times. The
//! bound (`MAX_RATIO`) sits between the two, and each size is timed twice
//! (the faster run counts), so a busy machine does not make the test flaky
//! the way a wall-clock limit would. Sizes are chosen so that the debug build
//! of `cargo test` stays fast; the 5 MB page runs once, with no timing.
//!
//! Also here: determinism (the same page twice gives the same report).

// Native only: proptest, the HTML reader and the CLI are not in the wasm build.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::sync::Mutex;
use std::time::{Duration, Instant};

use sourcecheck::report::Report;
use sourcecheck::{analyze_html, analyze_page, analyze_text, Block, BlockLink, PageModel};

/// Linear work gives 4 (plus noise); quadratic work gives 16.
const MAX_RATIO: f64 = 9.0;
/// Below this, timer and allocator noise dominate: such runs pass as linear.
const NOISE: Duration = Duration::from_millis(15);

/// Timed runs take turns, so parallel tests do not skew each other's ratios.
static TIMING: Mutex<()> = Mutex::new(());

/// Sizes below are for a release build; the debug build of `cargo test`
/// (about 5 times slower) uses a quarter.
fn size(release: usize) -> usize {
    if cfg!(debug_assertions) {
        release / 4
    } else {
        release
    }
}

/// Sentences that exercise every stage: quotes, cues, vague and anonymous
/// sources, figures, a link-worthy claim.
const NEWS: &[&str] = &[
    "“This barrier will protect forty thousand homes for the next century,” Jane Doe said.",
    "Council member Omar Reyes said the engineering reports had been rushed.",
    "The environment ministry said that the design meets national safety standards.",
    "Prices rose 12 percent last year, and repairs cost about $2.4 million.",
    "Experts say ageing pumps are a common weak point in plants built in the 1970s.",
    "Residents gathered outside the hall on a cold morning while the debate went on for hours.",
    "An official who asked not to be named said the vote had been delayed twice.",
    "“We are not done yet,” she said. “The river is still rising.”",
];

/// Plain text of about `bytes` bytes: paragraphs of four news sentences.
fn news_text(bytes: usize) -> String {
    let mut out = String::from("Flood defences in Millbrook\n\n");
    let mut i = 0;
    while out.len() < bytes {
        for k in 0..4 {
            out.push_str(NEWS[(i * 3 + k * 5) % NEWS.len()]);
            out.push(' ');
        }
        out.push_str("\n\n");
        i += 1;
    }
    out
}

/// Times `run(make(n))` and `run(make(4n))`, checks both reports, and fails
/// when the larger input takes more than [`MAX_RATIO`] times as long (after
/// one retry of both, for a machine that was busy the first time).
fn assert_linear<T>(name: &str, n: usize, make: impl Fn(usize) -> T, run: impl Fn(&T) -> Report) -> Report {
    let (small_input, large_input) = (make(n), make(4 * n));
    let _turn = TIMING.lock().unwrap_or_else(|e| e.into_inner());
    let time = |input: &T| {
        let start = Instant::now();
        let report = run(input);
        (start.elapsed(), report)
    };
    let (mut small, report) = time(&small_input);
    support::assert_valid(&report);
    let (mut large, mut report) = time(&large_input);
    support::assert_valid(&report);
    let linear =
        |small: Duration, large: Duration| large < NOISE || large.as_secs_f64() < MAX_RATIO * small.as_secs_f64();
    if !linear(small, large) {
        small = small.min(time(&small_input).0);
        let again;
        (again, report) = time(&large_input);
        large = large.min(again);
    }
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    eprintln!("{name}: n = {n}: {small:.2?}, 4n: {large:.2?} (x{ratio:.1})");
    assert!(
        linear(small, large),
        "{name}: 4 times the input took {ratio:.1} times as long ({small:?} → {large:?}): not linear"
    );
    report
}

fn html_page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>Test page</title></head><body>{body}</body></html>")
}

#[test]
fn megabytes_of_text_are_linear() {
    let report = assert_linear("news text (bytes)", size(256 * 1024), news_text, |t| analyze_text(t));
    assert!(report.attributions.len() > 200 && report.claims.len() > 200, "{:?}", report.summary);
    assert!(report.attributions.iter().any(|a| a.source.name == "Jane Doe"));
}

#[test]
fn five_megabytes_of_text() {
    let text = news_text(5 * 1024 * 1024);
    let start = Instant::now();
    let report = analyze_text(&text);
    eprintln!("5 MB of text: {:.2?}, {} words", start.elapsed(), report.stats.words);
    support::assert_valid(&report);
    assert!(report.stats.words > 800_000, "{:?}", report.stats);
    assert!(report.attributions.len() > 20_000, "{:?}", report.summary);
}

#[test]
fn an_html_article_of_a_megabyte_is_linear() {
    let make = |bytes: usize| {
        let paragraphs: Vec<String> = news_text(bytes)
            .split("\n\n")
            .skip(1)
            .map(|p| format!("<p>{p} <a href=\"https://example.org/r\">report</a></p>"))
            .collect();
        html_page(&format!(
            "<nav><a href=\"/\">Home</a></nav><main><article><h1>Flood</h1>{}</article></main>",
            paragraphs.join("\n")
        ))
    };
    let report = assert_linear("html article (bytes)", size(256 * 1024), make, |h| {
        analyze_html(h, Some("https://news.example.com/a"))
    });
    assert!(report.attributions.len() > 200, "{:?}", report.summary);
}

#[test]
fn a_hundred_thousand_nested_elements() {
    // Block-level, inline, formatting (html5ever's list of active formatting
    // elements), quote and anchor nesting, each around one attribution.
    let said = "“We will rebuild,” Mayor Ana Ruiz said.";
    for (open, close) in [
        ("<div>", "</div>"),
        ("<span>", "</span>"),
        ("<b>", "</b>"),
        ("<blockquote>", "</blockquote>"),
        ("<a href=\"https://example.org/\">", "</a>"),
        ("<div class=\"story\"><p>Flood waters rose. ", "</p></div>"),
    ] {
        let make = |n: usize| html_page(&format!("{}<p>{said}</p>{}", open.repeat(n), close.repeat(n)));
        let report =
            assert_linear(&format!("{open} nesting (elements)"), size(25_000), make, |h| analyze_html(h, None));
        let found = report.attributions.iter().any(|a| a.source.name == "Ana Ruiz");
        assert!(found || open.starts_with("<a"), "{open}: the nested attribution is lost: {:?}", report.attributions);
    }
    // The full 100,000 at once, and as many unclosed elements.
    for page in [
        format!("{}<p>“We will rebuild,” Mayor Ana Ruiz said.</p>", "<div>".repeat(100_000)),
        "<div><p>Flood waters rose. <i>".repeat(100_000),
    ] {
        let report = analyze_html(&html_page(&page), None);
        support::assert_valid(&report);
        assert!(report.stats.words >= 7, "{:?}", report.stats);
    }
}

#[test]
fn a_single_sentence_of_100_kb() {
    let cases: [(&str, &str); 5] = [
        ("plain words", "the water kept rising along the river and "),
        ("cue words and names", "Ana Ruiz said Omar Reyes told officials who said "),
        ("open quotes", "“we will said Ana Ruiz according to "),
        ("one long word", "xq"),
        ("initials and abbreviations", "Mr. J. R. Ruiz of the U.S. Gov. dept. said "),
    ];
    for (name, unit) in cases {
        let make = |bytes: usize| {
            let mut s = unit.repeat(bytes / unit.len());
            s.push('.');
            s
        };
        let report = assert_linear(&format!("one sentence, {name} (bytes)"), 25 * 1024, make, |t| analyze_text(t));
        assert_eq!(report.blocks.len(), 1, "{name}");
    }
}

#[test]
fn unbalanced_and_mismatched_quotes() {
    let cases = [
        ("never closed", "“We will rebuild, Mayor Ana Ruiz said. The river rose. "),
        ("never opened", "We will rebuild,” Mayor Ana Ruiz said. The river rose.” "),
        ("mismatched", "“We will rebuild,' Ana Ruiz said. «The river rose,\" she said. ‘No.” "),
        ("straight quotes only", "\"We will rebuild,\" Ana Ruiz said. \"The river \"rose\" again, "),
        ("nested", "“She said ‘they said “we said ‘yes’ ” ’ ” Ana Ruiz said. "),
    ];
    for (name, unit) in cases {
        // Each line a paragraph (one long paragraph of quotes: see the known issue below).
        let many = |bytes: usize| format!("{unit}\n\n").repeat(bytes / unit.len());
        assert_linear(&format!("quotes {name}, paragraphs (bytes)"), size(64 * 1024), many, |t| analyze_text(t));
    }
}

#[test]
fn thousands_of_links() {
    // In one paragraph, and one per paragraph with reference markers pointing
    // to a reference list at the end (claims × links must not be quadratic).
    let inline = |n: usize| {
        let links: String = (0..n)
            .map(|i| {
                format!("Prices rose {i} percent, <a href=\"https://site{i}.example.org/report\">the report</a> says. ")
            })
            .collect();
        html_page(&format!("<article><h1>Prices</h1><p>{links}</p></article>"))
    };
    let report = assert_linear("links in one paragraph (links)", size(1000), inline, |h| {
        analyze_html(h, Some("https://news.example.com/"))
    });
    assert_eq!(report.links.len(), 4 * size(1000));

    let referenced = |n: usize| {
        let mut body = String::from("<article><h1>Prices</h1>");
        for i in 0..n {
            body.push_str(&format!(
                "<p>Prices rose {i} percent last year in the region, officials said.<a href=\"#r{i}\">[{i}]</a></p>"
            ));
        }
        body.push_str("<h2>References</h2><ol>");
        for i in 0..n {
            body.push_str(&format!("<li id=\"r{i}\"><a href=\"https://stats{i}.example.gov/t{i}\">Table {i}</a></li>"));
        }
        body.push_str("</ol></article>");
        html_page(&body)
    };
    let report = assert_linear("reference markers (links)", size(500), referenced, |h| {
        analyze_html(h, Some("https://news.example.com/"))
    });
    assert_eq!(report.links.len(), 4 * size(500));
    let linked = report.claims.iter().filter(|c| c.status == sourcecheck::report::ClaimStatus::Linked).count();
    assert!(linked >= 4 * size(500), "{linked} claims backed by their reference");

    let list = |n: usize| {
        let items: String = (0..n).map(|i| format!("<li><a href=\"/story/{i}\">Story number {i}</a></li>")).collect();
        html_page(&format!(
            "<nav><ul>{items}</ul></nav><p>“We will rebuild,” Mayor Ana Ruiz said on Tuesday in the town hall.</p>"
        ))
    };
    assert_linear("link list (links)", size(2500), list, |h| analyze_html(h, Some("https://news.example.com/")));
}

#[test]
fn rtl_cjk_and_mixed_scripts() {
    let cases = [
        ("arabic", "«سنعيد البناء»، قال رئيس البلدية أحمد علي. ارتفعت الأسعار 12 في المئة. "),
        ("hebrew", "\"נבנה מחדש\", אמר ראש העיר. המחירים עלו ב-12 אחוז. "),
        ("chinese", "市长李明说：“我们会重建。”据官员称，价格上涨了百分之十二。"),
        ("japanese", "「再建します」と市長は述べた。専門家によると、物価は12%上昇した。"),
        ("korean", "\"재건하겠다\"고 시장은 말했다. 관계자에 따르면 물가는 12% 올랐다. "),
        ("bidi controls, zero-width, emoji", "“We\u{200b} will \u{202e}rebuild\u{202c},” 👩‍🔬 Ana\u{200d} Ruiz said. 🏳️‍🌈 \u{2067}Prices\u{2069} rose 12 percent. "),
        ("combining marks, astral letters", "“Ŵ̸e̷ will,” 𝐀𝐧𝐚 Rúiz said. Prices rose 𝟏𝟐 percent, experts say. "),
        ("mixed", "“We will rebuild,” Ana Ruiz said. 市长说：“重建。” «نعم»، قال. "),
    ];
    for (name, unit) in cases {
        let paragraphs = |bytes: usize| format!("{unit}\n\n").repeat(bytes / unit.len());
        assert_linear(&format!("{name}, paragraphs (bytes)"), size(64 * 1024), paragraphs, |t| analyze_text(t));
        // Scripts without spaces make one long sentence of one long word
        // (with spaces, one paragraph of quotes: see the known issue below).
        if !unit.contains(' ') {
            let one = |bytes: usize| unit.repeat(bytes / unit.len());
            assert_linear(&format!("{name}, one paragraph (bytes)"), 100 * 1024, one, |t| analyze_text(t));
        }
    }
}

#[test]
fn page_models_with_bad_link_offsets_give_offsets_inside_the_text() {
    // The browser's reader sends UTF-16 offsets; a buggy or hostile page
    // model must still give a report whose offsets the overlay can use.
    let text = "Prices rose 12 percent 😀 last year, a report says.";
    let len = text.encode_utf16().count();
    let links = [(0, 6), (6, 0), (len - 2, len + 50), (1000, 2000), (24, 25), (23, 25), (usize::MAX, usize::MAX)];
    let page = PageModel {
        url: Some("https://news.example.com/a".into()),
        title: None,
        blocks: vec![Block {
            text: text.into(),
            links: links
                .iter()
                .map(|&(start, end)| BlockLink { href: "https://example.org/r".into(), text: "x".into(), start, end })
                .collect(),
            ..Block::default()
        }],
        ..PageModel::default()
    };
    let report = analyze_page(&page);
    support::assert_valid(&report);
    assert_eq!(report.links.len(), links.len());
}

#[test]
fn a_colon_cue_before_a_blank_block_introduces_nothing() {
    // Found by the `page` fuzz target: a paragraph ending "…, said:" followed
    // by a block with no words gave an attribution whose content was empty.
    for blank in ["", "   ", "—"] {
        let json = format!(
            r#"{{"blocks": [
                {{"kind": "heading", "tag": "h1", "text": "Prices rise", "landmark": "article"}},
                {{"kind": "paragraph", "tag": "p", "text": "Prices rose 12 percent last year, a report says.", "landmark": "article"}},
                {{"kind": "paragraph", "tag": "p", "landmark": "main",
                  "text": "Mayor Ana Ruiz, who met residents and engineers at city hall for hours on Tuesday evening, said:"}},
                {{"kind": "paragraph", "tag": "p", "text": "{blank}", "landmark": "main"}},
                {{"kind": "list-item", "tag": "li", "text": "Table 2", "hints": "references fn1"}}
            ]}}"#
        );
        let page: PageModel = serde_json::from_str(&json).unwrap();
        let report = analyze_page(&page);
        support::assert_valid(&report);
        assert!(report.blocks.len() >= 3, "the cue's paragraph is no longer in the article: the test tests nothing");
        assert!(report.attributions.iter().all(|a| !a.content.text.trim().is_empty()), "{:?}", report.attributions);
    }
}

#[test]
fn content_without_a_word_is_no_content() {
    // Found by the `page` fuzz target: a lead-in colon followed by punctuation
    // only gave an attribution whose content was empty.
    for text in ["“WTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT:,,,.,", "Sanders: ,,,", "Sanders: …", "“,” she said."] {
        let report = analyze_text(text);
        support::assert_valid(&report);
        assert!(
            report.attributions.iter().all(|a| a.content.text.chars().any(char::is_alphanumeric)),
            "{text:?}: {:?}",
            report.attributions
        );
    }
}

#[test]
fn the_same_page_twice_gives_the_same_report() {
    let mut pages: Vec<(String, String)> = Vec::new();
    for dir in ["samples", "tests/fixtures/pages", "tests/e2e/pages"] {
        let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "html")) {
            pages.push((f.display().to_string(), std::fs::read_to_string(&f).unwrap()));
        }
    }
    pages.push(("news text".into(), news_text(64 * 1024)));
    assert!(pages.len() > 20);
    for (name, page) in &pages {
        let run = || {
            let report = if name.ends_with(".html") {
                analyze_html(page, Some("https://news.example.com/a"))
            } else {
                analyze_text(page)
            };
            support::assert_valid(&report);
            serde_json::to_string(&report).unwrap()
        };
        let first = run();
        // Some hash maps in between, so a second run gets other hash seeds.
        let _other = analyze_text(&news_text(4096));
        assert!(first == run(), "{name}: two runs differ");
    }
}

// ---------------------------------------------------------------------------
// Regressions found by this suite and the property tests in src/attribution/.

/// One paragraph holding thousands of quotations was quadratic (each sentence
/// looked through the whole block's quotes): 2 MB of "“We will rebuild,” Ana
/// Ruiz said. The river rose. " took 5 s in release.
#[test]
fn one_paragraph_of_quotes_is_linear() {
    let unit = "“We will rebuild,” Ana Ruiz said. The river rose. ";
    let one = |bytes: usize| unit.repeat(bytes / unit.len());
    assert_linear("quotes in one paragraph (bytes)", size(256 * 1024), one, |t| analyze_text(t));
}

/// The speaker stage looks at every name of a sentence: one sentence of
/// names and "who said" clauses, with no full stop, must cost what its
/// length does (the subject test and the relative pronoun's antecedent
/// looked through the whole sentence once per name).
#[test]
fn one_sentence_of_names_is_linear() {
    let unit = "Mr. Tomas Berg, who said Ana Ruiz and Sen. Lee Park told ";
    let one = |bytes: usize| unit.repeat(bytes / unit.len());
    assert_linear("names in one sentence (bytes)", size(128 * 1024), one, |t| analyze_text(t));
}

/// "who(Ana)said Ana said" gave an entity with an empty name; "Ana asked:.
/// “said said—asked Ana" an attribution with no content. Found by
/// tests/properties.rs.
#[test]
fn every_entity_has_a_name_and_every_attribution_content() {
    for text in ["who(Ana)said Ana said", "Ana asked:. “said said—asked Ana"] {
        let report = analyze_text(text);
        assert!(report.entities.iter().all(|e| !e.name.trim().is_empty()), "{text:?}: {:?}", report.entities);
        assert!(report.attributions.iter().all(|a| !a.content.text.is_empty()), "{text:?}: {:?}", report.attributions);
    }
}

// ---------------------------------------------------------------------------
// Regressions found by the property tests and fuzzing.

/// A lead-in colon sends its content to the next block; the claim there read
/// the source's offsets in the wrong block (slice out of bounds).
#[test]
fn a_source_is_read_in_its_own_block() {
    for text in [
        "saidsaidsaidsaidsaidsaidsaidsaid AnaU.S. report:\n\nsaidsaid",
        "officials said they they ministryasked saidsaidsaidsaidsaid\r\n\"- - to…named said",
    ] {
        support::assert_valid(&analyze_text(text));
    }
}
