//! The native HTML reader: html5ever (through `scraper`) builds the DOM the
//! way a browser would, then the walk follows `docs/page-model.md` so the
//! CLI sees the same blocks as the content script.
//!
//! One guard on top: html5ever's tree builder looks through the whole stack
//! of open elements for most start tags ("close a `p` element in button
//! scope"), so a page nesting 100,000 `<div>`s took quadratic time (18 s).
//! [`DepthGuard`] drops start tags nested deeper than [`MAX_DEPTH`] (their
//! text is kept), as browsers also cap the tree's depth.

use std::cell::{Cell, RefCell};

use ego_tree::iter::Edge;
use ego_tree::NodeId;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::LocalName;
use scraper::{ElementRef, Html, HtmlTreeSink, Node};

use super::collect::Run;
use super::{rules, BlockKind, PageModel};

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
    let doc = parse(html);
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
    let rules = rules().reader;
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
                                || el.attr("aria-hidden").is_some_and(|v| v.eq_ignore_ascii_case("true"))
                                || el.attr("style").is_some_and(|v| rules.style_hides(v));
                            if rules.is_skipped(name) || hidden {
                                skipping = Some(node.id());
                                continue;
                            }
                            let ancestry = ancestry_of(el, elements.last());
                            elements.push(ancestry.clone());
                            if rules.is_block(name) {
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
                                if rules.is_space(name) {
                                    top.run.push_space();
                                } else if name == "a" {
                                    if let Some(href) = el.attr("href") {
                                        anchors.push(node.id());
                                        top.run.open_link(anchors.len(), href);
                                    }
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
                        if rules.is_block(name) {
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
    PageModel { url: url.map(str::to_string), title, blocks, ..PageModel::default() }
}

fn open_context(el: &scraper::node::Element, ancestry: Ancestry) -> Context {
    let tag = el.name().to_string();
    let kind = rules().reader.kind_of(&tag, ancestry.in_quote);
    Context { tag, kind, landmark: ancestry.landmark, hints: ancestry.hints, run: Run::default() }
}

fn ancestry_of(el: &scraper::node::Element, parent: Option<&Ancestry>) -> Ancestry {
    let tag = el.name();
    let rules = rules().reader;
    let in_quote = rules.is_quote(tag) || parent.is_some_and(|p| p.in_quote);
    let own_landmark = rules.landmark_of(tag, el.attr("role")).map(str::to_string);
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
    tokens.truncate(rules.max_hints);
    Ancestry { landmark, hints: tokens.join(" "), in_quote }
}

/// Nesting deeper than this is flattened (Chromium's parser caps the DOM at 512).
const MAX_DEPTH: usize = 512;

/// `Html::parse_document` with the tokens going through [`DepthGuard`].
fn parse(html: &str) -> Html {
    let builder = TreeBuilder::new(HtmlTreeSink::new(Html::new_document()), TreeBuilderOpts::default());
    let tokenizer = Tokenizer::new(DepthGuard::new(builder), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The tokenizer pauses after each `</script>` (for a script to run): go on.
    loop {
        let _ = tokenizer.feed(&input);
        if input.is_empty() {
            break;
        }
    }
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

type Builder = TreeBuilder<NodeId, HtmlTreeSink>;

/// Sits between the tokenizer and the tree builder and drops the start tags
/// (and later their end tags) of elements that would lie deeper than
/// [`MAX_DEPTH`] in the tree, which keeps the tree builder's scans of its
/// stack bounded; their text is still read.
///
/// A cheap count of open tags says when to look; the depth that decides is
/// the real one, of the node the tree builder inserted last, so an ordinary
/// page (with `<p>`s and `<span>`s left open) never loses a tag. Tags whose
/// content the tokenizer reads differently (`<script>`, `<textarea>`…) always pass.
struct DepthGuard {
    inner: Builder,
    /// Start tags minus end tags, corrected to the tree's real depth at each look.
    count: Cell<usize>,
    /// Names of the start tags dropped and not yet closed.
    dropped: RefCell<Vec<LocalName>>,
}

impl DepthGuard {
    fn new(inner: Builder) -> Self {
        DepthGuard { inner, count: Cell::new(0), dropped: RefCell::new(Vec::new()) }
    }

    fn counts(tag: &Tag) -> bool {
        !tag.self_closing
            && !matches!(
                &*tag.name,
                "area"
                    | "base"
                    | "br"
                    | "col"
                    | "embed"
                    | "hr"
                    | "img"
                    | "input"
                    | "link"
                    | "meta"
                    | "param"
                    | "source"
                    | "track"
                    | "wbr"
                    | "frame"
                    | "keygen"
                    | "script"
                    | "style"
                    | "textarea"
                    | "title"
                    | "xmp"
                    | "iframe"
                    | "noembed"
                    | "noframes"
                    | "noscript"
                    | "plaintext"
                    | "template"
            )
    }

    /// Depth of the last node inserted: the current node is there or above it.
    fn tree_depth(&self) -> usize {
        let html = self.inner.sink.0.borrow();
        html.tree.nodes().next_back().map_or(0, |n| n.ancestors().count())
    }
}

impl TokenSink for DepthGuard {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<NodeId> {
        if let Token::TagToken(tag) = &token {
            if Self::counts(tag) {
                match tag.kind {
                    TagKind::StartTag => {
                        if self.count.get() >= MAX_DEPTH {
                            let depth = self.tree_depth();
                            if depth >= MAX_DEPTH {
                                self.dropped.borrow_mut().push(tag.name.clone());
                                return TokenSinkResult::Continue;
                            }
                            self.count.set(depth);
                        }
                        self.count.set(self.count.get() + 1);
                    }
                    TagKind::EndTag => {
                        let mut dropped = self.dropped.borrow_mut();
                        // Dropped tags close innermost first; a stray end tag looks back a little only.
                        let from = dropped.len().saturating_sub(8);
                        if let Some(i) = dropped[from..].iter().rposition(|n| *n == tag.name) {
                            dropped.remove(from + i);
                            return TokenSinkResult::Continue;
                        }
                        self.count.set(self.count.get().saturating_sub(1));
                    }
                }
            }
        }
        self.inner.process_token(token, line_number)
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner.adjusted_current_node_present_but_not_in_html_namespace()
    }
}
