//! The analysis in a real browser: wasm-bindgen tests run headless in Chromium
//! and Firefox by `./build.sh test` (see `.cargo/config.toml` for the runner).
//!
//! They build a small news page in the test document with web-sys, read it
//! into a [`PageModel`] with a test-only DOM walker that follows
//! `docs/page-model.md`, and check the report; a second group goes through the
//! exported JavaScript functions in `src/wasm.rs` with a `JsValue` page, the
//! way the extension calls them.
#![cfg(target_arch = "wasm32")]

use sourcecheck::report::{QuoteKind, SCHEMA};
use sourcecheck::{Block, BlockKind, BlockLink, PageModel};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, Node};

wasm_bindgen_test_configure!(run_in_browser);

/// A small news page: boilerplate around a four-paragraph article.
const PAGE: &str = r#"
<header class="site-header"><a href="/">The Riverside Courier</a></header>
<nav class="menu"><ul><li><a href="/local">Local</a></li><li><a href="/weather">Weather</a></li></ul></nav>
<main>
  <article class="story" id="story">
    <h1>Flood waters recede in Millbrook after record rain</h1>
    <p class="byline">By Jo Tamsin</p>
    <p>Flood waters began to fall on Tuesday in Millbrook, where the river rose
       more than three metres over the weekend.</p>
    <p>“We will rebuild,” Mayor Ana Ruiz said. “Nobody here is giving up.”</p>
    <p>The regional water agency said that the levees held along most of the
       river, according to a <a href="https://water.example.org/report.pdf">preliminary report</a>.</p>
    <blockquote><p>“The next two days matter most,” said Ken Obi, a hydrologist.</p></blockquote>
  </article>
  <aside class="sidebar related"><h2>Related</h2><ul><li><a href="/storm">Storm season opens</a></li></ul></aside>
  <section class="comments" id="comments"><p class="comment">First! Great coverage.</p></section>
</main>
<footer>&copy; The Riverside Courier</footer>
"#;

const RUIZ: &str = "“We will rebuild,” Mayor Ana Ruiz said. “Nobody here is giving up.”";

/// Mounts `html` in a fresh container of the test document and returns the container.
fn mount(html: &str) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    root.set_id("sourcecheck-test-root");
    root.set_inner_html(html);
    document.body().unwrap().append_child(&root).unwrap();
    root
}

/// Mounts [`PAGE`], reads it into a page model and removes it again.
fn page_model() -> PageModel {
    let root = mount(PAGE);
    let page = read_page(&root, "Flood waters recede in Millbrook");
    root.remove();
    page
}

#[wasm_bindgen_test]
fn dom_walker_reads_every_block_with_its_landmark() {
    let page = page_model();
    let texts: Vec<&str> = page.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(texts.contains(&RUIZ), "{texts:#?}");

    let heading = page.blocks.iter().find(|b| b.tag == "h1").unwrap();
    assert_eq!(heading.kind, BlockKind::Heading);
    assert_eq!(heading.landmark.as_deref(), Some("article"));
    assert!(heading.hints.starts_with("story story"), "{}", heading.hints);

    let menu = page.blocks.iter().find(|b| b.text == "Local").unwrap();
    assert_eq!(menu.kind, BlockKind::ListItem);
    assert_eq!(menu.landmark.as_deref(), Some("nav"));
    assert_eq!(menu.links[0].href, "/local");

    let quote = page.blocks.iter().find(|b| b.text.contains("Ken Obi")).unwrap();
    assert_eq!(quote.kind, BlockKind::Quote);

    let agency = page.blocks.iter().find(|b| b.text.contains("water agency")).unwrap();
    let link = &agency.links[0];
    assert_eq!(link.text, "preliminary report");
    let units: Vec<u16> = agency.text.encode_utf16().collect();
    assert_eq!(String::from_utf16(&units[link.start..link.end]).unwrap(), link.text);
    assert!(agency.text.starts_with("The regional water agency said that the levees held along"));
}

#[wasm_bindgen_test]
fn report_has_the_schema() {
    let report = sourcecheck::analyze_page(&page_model());
    assert_eq!(report.schema, SCHEMA);
}

#[wasm_bindgen_test]
fn report_keeps_the_article_and_drops_the_boilerplate() {
    let page = page_model();
    let report = sourcecheck::analyze_page(&page);
    assert_eq!(report.stats.blocks, report.blocks.len());
    let kept: Vec<&str> = report.blocks.iter().map(|b| b.text.as_str()).collect();
    for wanted in [RUIZ, "Flood waters began to fall on Tuesday"] {
        assert!(kept.iter().any(|t| t.starts_with(wanted)), "{wanted:?} missing from {kept:#?}");
    }
    for block in &report.blocks {
        let input = &page.blocks[block.input];
        assert_eq!(input.text, block.text);
        assert!(
            !matches!(input.landmark.as_deref(), Some("nav" | "footer" | "header" | "aside"))
                && !input.hints.contains("comment"),
            "boilerplate kept: {input:?}"
        );
    }
}

#[wasm_bindgen_test]
fn direct_quote_is_attributed_to_ana_ruiz() {
    let report = sourcecheck::analyze_page(&page_model());
    let found = report.attributions.iter().any(|a| {
        a.source.name == "Ana Ruiz"
            && a.kind == QuoteKind::Direct
            && a.content.text.contains("We will rebuild")
            && a.cue.text == "said"
    });
    assert!(found, "no attribution of “We will rebuild” to Ana Ruiz in {:#?}", report.attributions);
}

#[wasm_bindgen_test]
fn exported_analyze_page_takes_a_js_page() {
    let page = serde_wasm_bindgen::to_value(&page_model()).unwrap();
    let report = sourcecheck::wasm::analyze_page(page).unwrap();
    assert_eq!(get(&report, "schema").as_string().as_deref(), Some(SCHEMA));
    // json_compatible: maps are plain objects, not JS Maps, and the whole
    // report survives JSON.stringify as the CLI would print it.
    let by_status = get(&get(&report, "summary"), "by_status");
    assert!(by_status.is_object() && !by_status.is_instance_of::<js_sys::Map>());
    let json: String = js_sys::JSON::stringify(&report).unwrap().into();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema"], SCHEMA);
    assert!(value["attributions"].is_array());
}

#[wasm_bindgen_test]
fn exported_json_functions_give_the_same_report_as_the_object_ones() {
    // What the extension uses (analyze_page_json) must be the very report
    // analyze_page builds as objects, and analyze_text_json that of analyze_text.
    let page = serde_wasm_bindgen::to_value(&page_model()).unwrap();
    let as_object = sourcecheck::wasm::analyze_page(page.clone()).unwrap();
    let json = sourcecheck::wasm::analyze_page_json(page).unwrap();
    let from_object: serde_json::Value =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&as_object).unwrap())).unwrap();
    let from_json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(numbers_as_f64(from_json.clone()), numbers_as_f64(from_object));
    assert_eq!(from_json["schema"], SCHEMA);
    assert!(!from_json["attributions"].as_array().unwrap().is_empty());

    let text = "“We will rebuild,” Mayor Ana Ruiz said.\n\nThe rain stopped.";
    let json: serde_json::Value = serde_json::from_str(&sourcecheck::wasm::analyze_text_json(text).unwrap()).unwrap();
    let object = sourcecheck::wasm::analyze_text(text).unwrap();
    let object: serde_json::Value =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&object).unwrap())).unwrap();
    assert_eq!(numbers_as_f64(json), numbers_as_f64(object));
}

/// JSON.stringify prints the f64 1.0 as `1`, serde_json as `1.0`: the same number.
fn numbers_as_f64(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::Number(n) => n.as_f64().map_or(Value::Null, |f| serde_json::json!(f)),
        Value::Array(a) => Value::Array(a.into_iter().map(numbers_as_f64).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect()),
        other => other,
    }
}

#[wasm_bindgen_test]
fn report_json_is_ascii_and_parses_back_to_the_text() {
    // Non-ASCII leaves as \u escapes (surrogate pairs for astral chars), so
    // the string decodes on V8's one-byte path; the parsed text is unchanged.
    let text = "“The waves 🌊 took 40 homes,” said Zoë Ruiz.\n\nPrices rose 12 percent in Curaçao.";
    let json = sourcecheck::wasm::analyze_text_json(text).unwrap();
    assert!(json.is_ascii(), "non-ASCII in {json}");
    assert!(json.contains("\\ud83c\\udf0a"), "the wave is not a surrogate pair in {json}");
    let parsed = js_sys::JSON::parse(&json).unwrap();
    let blocks = get(&parsed, "blocks");
    let first = js_sys::Reflect::get(&blocks, &JsValue::from(0)).unwrap();
    assert_eq!(get(&first, "text").as_string().as_deref(), Some("“The waves 🌊 took 40 homes,” said Zoë Ruiz."));
}

#[wasm_bindgen_test]
fn exported_analyze_page_json_rejects_what_is_not_a_page() {
    let err = sourcecheck::wasm::analyze_page_json(JsValue::from_str("<html>")).unwrap_err();
    assert!(err.as_string().unwrap_or_default().contains("not a page model"));
}

#[wasm_bindgen_test]
fn exported_analyze_page_accepts_a_partial_page_written_in_js() {
    let page = js_sys::JSON::parse(r#"{"title": "T", "blocks": [{"tag": "p", "text": "Hello."}]}"#).unwrap();
    let report = sourcecheck::wasm::analyze_page(page).unwrap();
    assert_eq!(get(&report, "schema").as_string().as_deref(), Some(SCHEMA));
}

#[wasm_bindgen_test]
fn exported_analyze_page_rejects_what_is_not_a_page() {
    for bad in [JsValue::from_str("<html>"), js_sys::JSON::parse(r#"{"blocks": 3}"#).unwrap()] {
        let err = sourcecheck::wasm::analyze_page(bad).unwrap_err();
        let message = err.as_string().expect("the error is a message string");
        assert!(message.contains("not a page model"), "{message}");
    }
}

#[wasm_bindgen_test]
fn exported_analyze_text_and_version() {
    let report =
        sourcecheck::wasm::analyze_text("“We will rebuild,” Mayor Ana Ruiz said.\n\nThe rain stopped.").unwrap();
    assert_eq!(get(&report, "schema").as_string().as_deref(), Some(SCHEMA));
    assert_eq!(sourcecheck::wasm::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn lone_surrogates_from_javascript_keep_the_dom_offsets() {
    // A DOM string may hold lone surrogates; JSON.parse makes such strings.
    // They cross the boundary as U+FFFD (one UTF-16 unit too), so the
    // report's offsets still index the page's own string.
    let text = "\u{fffd} “We will rebuild,” Mayor Ana Ruiz said \u{fffd} on Tuesday, a report says.";
    let units: Vec<u16> = text.encode_utf16().collect();
    let anchor: Vec<u16> = "a report".encode_utf16().collect();
    let start = units.windows(anchor.len()).position(|w| w == anchor.as_slice()).unwrap();
    let json = format!(
        r#"{{"url": "https://news.example.com/a", "blocks": [{{"tag": "p", "text": "\ud800 “We will rebuild,” Mayor Ana Ruiz said \udc00 on Tuesday, a report says.", "links": [{{"href": "https://example.org/r", "text": "a report", "start": {start}, "end": {}}}]}}]}}"#,
        start + anchor.len()
    );
    let page = js_sys::JSON::parse(&json).unwrap();
    let dom_text: js_sys::JsString = get(&get(&get(&page, "blocks"), "0"), "text").into();
    assert_eq!(dom_text.length() as usize, units.len());
    assert!(!dom_text.is_valid_utf16(), "the test string should hold lone surrogates");

    let report = sourcecheck::wasm::analyze_page(page).unwrap();
    let value: serde_json::Value =
        serde_json::from_str(&String::from(js_sys::JSON::stringify(&report).unwrap())).unwrap();
    assert_eq!(value["blocks"][0]["text"], text);
    let slice = |start: &serde_json::Value, end: &serde_json::Value| -> String {
        dom_text.substring(start.as_u64().unwrap() as u32, end.as_u64().unwrap() as u32).into()
    };
    let a = &value["attributions"][0];
    assert_eq!(a["source"]["name"], "Ana Ruiz", "{a}");
    assert_eq!(slice(&a["cue"]["start"], &a["cue"]["end"]), "said");
    assert_eq!(slice(&a["content"]["start"], &a["content"]["end"]), a["content"]["text"].as_str().unwrap());
    let l = &value["links"][0];
    assert_eq!(slice(&l["start"], &l["end"]), "a report", "{l}");
}

fn get(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

// ---------------------------------------------------------------------------
// A test-only DOM reader following docs/page-model.md, with `root` standing in
// for `body`. The extension's own reader is JavaScript
// (extension/content/page-reader.js); this one exists so the wasm tests read a
// real DOM through web-sys.

// Its tables are the page rules every reader uses (src/page/rules.json).
use sourcecheck::page::rules;

fn read_page(root: &Element, title: &str) -> PageModel {
    let mut reader = Reader { root: root.clone(), blocks: Vec::new() };
    reader.block(root);
    PageModel { url: None, title: Some(title.to_string()), blocks: reader.blocks, ..PageModel::default() }
}

fn tag(element: &Element) -> String {
    element.tag_name().to_ascii_lowercase()
}

struct Reader {
    root: Element,
    blocks: Vec<Block>,
}

/// The text run of one block-level element being read.
struct Run {
    owner: Element,
    text: String,
    len16: usize,
    pending_space: bool,
    links: Vec<BlockLink>,
    /// The anchor open in this run: href, start and end of its text so far.
    anchor: Option<(String, Option<usize>, usize)>,
}

impl Run {
    fn new(owner: &Element) -> Run {
        Run {
            owner: owner.clone(),
            text: String::new(),
            len16: 0,
            pending_space: false,
            links: Vec::new(),
            anchor: None,
        }
    }

    fn push_text(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
                self.pending_space |= !self.text.is_empty();
                continue;
            }
            if std::mem::take(&mut self.pending_space) {
                self.text.push(' ');
                self.len16 += 1;
            }
            if let Some((_, start @ None, _)) = &mut self.anchor {
                *start = Some(self.len16);
            }
            self.text.push(c);
            self.len16 += c.len_utf16();
            if let Some((_, _, end)) = &mut self.anchor {
                *end = self.len16;
            }
        }
    }

    fn close_anchor(&mut self) {
        if let Some((href, Some(start), end)) = self.anchor.take() {
            let units: Vec<u16> = self.text.encode_utf16().collect();
            let text = String::from_utf16(&units[start..end]).unwrap();
            self.links.push(BlockLink { href, text, start, end });
        }
    }
}

impl Reader {
    /// Reads a block-level element: its own runs, and its block-level children as their own blocks.
    fn block(&mut self, element: &Element) {
        let mut run = Run::new(element);
        self.children(element, &mut run);
        self.finish(run);
    }

    fn children(&mut self, element: &Element, run: &mut Run) {
        let nodes = element.child_nodes();
        for i in 0..nodes.length() {
            let node = nodes.item(i).unwrap();
            match node.node_type() {
                Node::TEXT_NODE => run.push_text(&node.node_value().unwrap_or_default()),
                Node::ELEMENT_NODE => self.element(node.unchecked_ref::<Element>(), run),
                _ => {}
            }
        }
    }

    fn element(&mut self, element: &Element, run: &mut Run) {
        let name = tag(element);
        let rules = rules().reader;
        if rules.is_skipped(&name)
            || element.has_attribute("hidden")
            || element.get_attribute("aria-hidden").as_deref() == Some("true")
            || element.get_attribute("style").is_some_and(|s| rules.style_hides(&s))
        {
            return;
        }
        if rules.is_space(&name) {
            run.push_text(" ");
        } else if rules.is_block(&name) {
            let owner = run.owner.clone();
            self.finish(std::mem::replace(run, Run::new(&owner)));
            self.block(element);
        } else if name == "a" && element.has_attribute("href") && run.anchor.is_none() {
            run.anchor = Some((element.get_attribute("href").unwrap(), None, 0));
            self.children(element, run);
            // A block-level child interrupting the anchor closed it in the run
            // it started in (see `finish`); then this finds no anchor open.
            run.close_anchor();
        } else {
            self.children(element, run);
        }
    }

    fn finish(&mut self, mut run: Run) {
        run.close_anchor();
        if run.text.is_empty() {
            return;
        }
        let name = tag(&run.owner);
        let ancestors = self.ancestors(&run.owner);
        let rules = rules().reader;
        let kind = rules.kind_of(&name, ancestors.iter().any(|e| rules.is_quote(&tag(e))));
        let landmark = ancestors.iter().find_map(landmark);
        let mut hints: Vec<String> = Vec::new();
        for e in &ancestors {
            hints.extend(Some(e.id()).filter(|id| !id.is_empty()));
            hints.extend(e.get_attribute("class").unwrap_or_default().split_ascii_whitespace().map(str::to_string));
        }
        hints.truncate(rules.max_hints);
        self.blocks.push(Block { kind, tag: name, text: run.text, links: run.links, landmark, hints: hints.join(" ") });
    }

    /// The element and its ancestors up to and including the root, innermost first.
    fn ancestors(&self, element: &Element) -> Vec<Element> {
        let mut out = vec![element.clone()];
        while out.last() != Some(&self.root) {
            match out.last().unwrap().parent_element() {
                Some(parent) => out.push(parent),
                None => break,
            }
        }
        out
    }
}

fn landmark(element: &Element) -> Option<String> {
    rules().reader.landmark_of(&tag(element), element.get_attribute("role").as_deref()).map(str::to_string)
}
