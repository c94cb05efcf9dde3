//! The native HTML reader: html5ever (through `scraper`) builds the DOM the
//! way a browser would, then the walk follows `docs/page-model.md` so the
//! CLI sees the same blocks as the content script.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node};

use super::collect::Run;
use super::{BlockKind, PageModel};

/// Elements whose whole subtree carries no article text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "button",
    "select", "textarea", "input", "video", "audio", "head",
];

/// Elements that start their own text run.
const BLOCK_LEVEL: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dd",
    "dt",
    "blockquote",
    "figcaption",
    "caption",
    "td",
    "th",
    "pre",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "ul",
    "ol",
    "dl",
    "table",
    "tr",
    "tbody",
    "thead",
    "tfoot",
    "figure",
    "form",
    "address",
    "details",
    "summary",
    "body",
];

const MAX_HINTS: usize = 32;

/// What every open element (block or inline) passes down: landmarks and
/// class/id hints come from all ancestors, as `docs/page-model.md` says.
#[derive(Clone, Default)]
struct Ancestry {
    landmark: Option<String>,
    hints: String,
    in_quote: bool,
}

/// One open block-level element and what its runs inherit.
struct Context {
    tag: String,
    kind: BlockKind,
    landmark: Option<String>,
    hints: String,
    run: Run,
}

/// Reads an HTML document into a page model.
pub fn read_html(html: &str, url: Option<&str>) -> PageModel {
    let doc = Html::parse_document(html);
    let title = doc
        .tree
        .root()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")
        .map(|e| {
            let mut run = Run::default();
            for t in e.text() {
                run.push_text(t);
            }
            run.finish(BlockKind::Heading, "title", None, "").map(|b| b.text)
        })
        .unwrap_or(None);
    let body = doc.tree.root().descendants().filter_map(ElementRef::wrap).find(|e| e.value().name() == "body");
    let mut blocks = Vec::new();
    if let Some(body) = body {
        let mut stack: Vec<Context> = Vec::new();
        let mut elements: Vec<Ancestry> = Vec::new();
        let mut skipping: Option<ego_tree::NodeId> = None;
        // Anchors seen so far; a link's key is its position here plus one.
        let mut anchors: Vec<ego_tree::NodeId> = Vec::new();
        for edge in body.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skipping.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Text(t) => {
                            if let Some(top) = stack.last_mut() {
                                top.run.push_text(t);
                            }
                        }
                        Node::Element(el) => {
                            let name = el.name();
                            let hidden = el.attr("hidden").is_some()
                                || el.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"));
                            if SKIPPED.contains(&name) || hidden {
                                skipping = Some(node.id());
                                continue;
                            }
                            let ancestry = ancestry_of(el, elements.last());
                            elements.push(ancestry.clone());
                            if BLOCK_LEVEL.contains(&name) {
                                if let Some(top) = stack.last_mut() {
                                    blocks.extend(top.run.finish(
                                        top.kind,
                                        &top.tag,
                                        top.landmark.as_deref(),
                                        &top.hints,
                                    ));
                                }
                                stack.push(open_context(el, ancestry));
                            } else if let Some(top) = stack.last_mut() {
                                match name {
                                    "br" | "hr" => top.run.push_space(),
                                    "a" => {
                                        if let Some(href) = el.attr("href") {
                                            anchors.push(node.id());
                                            top.run.open_link(anchors.len(), href);
                                        }
                                    }
                                    _ => {}
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(id) = skipping {
                        if id == node.id() {
                            skipping = None;
                        }
                        continue;
                    }
                    if let Node::Element(el) = node.value() {
                        elements.pop();
                        let name = el.name();
                        if BLOCK_LEVEL.contains(&name) {
                            if let Some(mut top) = stack.pop() {
                                blocks.extend(top.run.finish(top.kind, &top.tag, top.landmark.as_deref(), &top.hints));
                            }
                        } else if name == "a" {
                            if let Some(key) = anchors.iter().rposition(|&a| a == node.id()) {
                                if let Some(top) = stack.last_mut() {
                                    top.run.close_link(key + 1);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    PageModel { url: url.map(str::to_string), title, blocks }
}

fn open_context(el: &scraper::node::Element, ancestry: Ancestry) -> Context {
    let tag = el.name().to_string();
    let kind = match tag.as_str() {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
        "li" | "dd" | "dt" => BlockKind::ListItem,
        "figcaption" | "caption" => BlockKind::Caption,
        _ if ancestry.in_quote => BlockKind::Quote,
        _ => BlockKind::Paragraph,
    };
    Context { tag, kind, landmark: ancestry.landmark, hints: ancestry.hints, run: Run::default() }
}

fn ancestry_of(el: &scraper::node::Element, parent: Option<&Ancestry>) -> Ancestry {
    let tag = el.name();
    let in_quote = tag == "blockquote" || parent.is_some_and(|p| p.in_quote);
    let own_landmark = match tag {
        "main" | "article" | "nav" | "aside" | "header" | "footer" | "form" => Some(tag.to_string()),
        _ => match el.attr("role").map(|r| r.to_ascii_lowercase()).as_deref() {
            Some("main") => Some("main".into()),
            Some("article") => Some("article".into()),
            Some("navigation") => Some("nav".into()),
            Some("complementary") => Some("aside".into()),
            Some("banner") => Some("header".into()),
            Some("contentinfo") => Some("footer".into()),
            _ => None,
        },
    };
    let landmark = own_landmark.or_else(|| parent.and_then(|p| p.landmark.clone()));
    let mut tokens: Vec<&str> = Vec::new();
    if let Some(id) = el.attr("id") {
        tokens.extend(id.split_ascii_whitespace());
    }
    if let Some(class) = el.attr("class") {
        tokens.extend(class.split_ascii_whitespace());
    }
    if let Some(p) = parent {
        tokens.extend(p.hints.split(' ').filter(|t| !t.is_empty()));
    }
    tokens.truncate(MAX_HINTS);
    Ancestry { landmark, hints: tokens.join(" "), in_quote }
}
