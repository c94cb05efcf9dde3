// Reads a DOM document into the page model (docs/page-model.md) and keeps,
// for every block, where each stretch of its text lives in the DOM, so the
// overlay can turn the report's UTF-16 offsets back into DOM Ranges.
//
// A classic script (content scripts cannot be modules): it only defines
// globalThis.sourcecheckPageReader. It never changes the document, and it
// works on any Document, including one made by DOMParser (the www demo).
//
// The CLI's HTML reader (src/page/html.rs) follows the same rules; the e2e
// test compares the two on the same pages, so change both together.
(() => {
  "use strict";
  if (globalThis.sourcecheckPageReader) return; // injected again: keep the first

  // Every table comes from the page rules (src/page/rules.json, which the
  // CLI's reader compiles in), loaded just before this script as page-rules.js.
  const RULES = globalThis.sourcecheckPageRules && globalThis.sourcecheckPageRules.reader;
  if (!RULES) throw new Error("sourcecheck: page-rules.js must be loaded before page-reader.js");
  const SKIPPED = new Set(RULES.skip); // rule 1
  const BLOCK_LEVEL = new Set(RULES.block); // rule 2
  const HIDDEN_STYLES = new Set(RULES.hidden_styles); // rule 1
  const SPACES = new Set(RULES.spaces); // rule 3
  const KIND_OF_TAG = new Map(); // rule 5
  for (const [kind, tags] of Object.entries(RULES.kinds)) for (const tag of tags) KIND_OF_TAG.set(tag, kind);
  const QUOTE_TAGS = new Set(RULES.quote);
  const LANDMARK_TAGS = new Set(RULES.landmark_tags); // rule 7
  const LANDMARK_ROLES = new Map(Object.entries(RULES.landmark_roles));
  const MAX_HINTS = RULES.max_hints; // rule 8
  const ELEMENT_NODE = 1;
  const TEXT_NODE = 3;

  // Rule 4: only ASCII whitespace collapses (U+00A0 is text).
  const isSpace = (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
  const splitSpace = (s) => s.split(/[\t\n\f\r ]+/).filter(Boolean);
  const tagOf = (el) => el.localName;

  // Text of one block being built. `segs` maps its text back to the DOM:
  // each segment says that block offsets [start, end) are the characters of
  // `node` from `offset` on (width 1), or, for a space made up by a <br>,
  // a zero-width position just before the next character (width 0).
  class Run {
    constructor(owner) {
      this.owner = owner;
      this.text = "";
      this.pending = false; // a collapsed space is due before the next character
      this.pendingNode = null; // the text node of the whitespace that set it (null: a <br>)
      this.pendingOffset = 0; // and its offset there
      this.links = [];
      this.link = null; // the open link: {href, start, end} once its text started
      this.segs = [];
    }

    space(node, offset) {
      if (this.text.length && !this.pending) {
        this.pending = true;
        this.pendingNode = node;
        this.pendingOffset = offset;
      }
    }

    // Appends a chunk taken from node at offset: words with single spaces
    // (U+0020) between them, no other whitespace.
    word(node, offset, chunk) {
      if (this.pending) {
        if (this.pendingNode) this.seg(this.pendingNode, this.pendingOffset, 1, 1);
        else this.seg(node, offset, 1, 0);
        this.text += " ";
        this.pending = false;
      }
      const link = this.link;
      if (link && link.start === null) link.start = this.text.length;
      this.seg(node, offset, chunk.length, 1);
      this.text += chunk;
      if (link) link.end = this.text.length;
    }

    seg(node, offset, length, width) {
      const start = this.text.length;
      const last = this.segs[this.segs.length - 1];
      if (width && last && last.width && last.node === node && last.end === start &&
          last.offset + (last.end - last.start) === offset) {
        last.end += length; // the same text node continues: grow the segment
        return;
      }
      this.segs.push({ start, end: start + length, node, offset, width });
    }

    // Rule 6: one open link per run, as in the CLI's reader; a new anchor
    // ends the previous one, and a link without text is dropped.
    openLink(anchor, href) {
      this.closeLink(this.link && this.link.anchor);
      this.link = { anchor, href, start: null, end: null };
    }

    closeLink(anchor) {
      const link = this.link;
      if (!link || link.anchor !== anchor) return;
      this.link = null;
      if (link.start !== null) {
        this.links.push({
          href: link.href,
          text: this.text.slice(link.start, link.end),
          start: link.start,
          end: link.end,
        });
      }
    }
  }

  // Rules 5, 7 and 8 for the element owning a run, from its ancestors.
  function describeOwner(owner) {
    const tag = tagOf(owner);
    let kind = KIND_OF_TAG.get(tag) ?? "paragraph";

    let landmark = null;
    let inQuote = false;
    const hints = [];
    // Up to and including body: the walk's root (rule 1).
    for (let el = owner; el && el.nodeType === ELEMENT_NODE; el = el.parentNode) {
      const name = tagOf(el);
      if (QUOTE_TAGS.has(name)) inQuote = true;
      if (landmark === null) {
        if (LANDMARK_TAGS.has(name)) landmark = name;
        else {
          const role = el.getAttribute("role");
          if (role !== null) landmark = LANDMARK_ROLES.get(role.toLowerCase()) ?? null;
        }
      }
      const id = el.getAttribute("id");
      if (id !== null) hints.push(...splitSpace(id));
      const cls = el.getAttribute("class");
      if (cls !== null) hints.push(...splitSpace(cls));
      if (el === el.ownerDocument.body) break;
    }
    if (kind === "paragraph" && inQuote) kind = "quote";
    return { kind, tag, landmark, hints: hints.slice(0, MAX_HINTS).join(" ") };
  }

  function isSkipped(el) {
    if (SKIPPED.has(tagOf(el))) return true;
    if (el.hasAttribute("hidden")) return true;
    const ariaHidden = el.getAttribute("aria-hidden");
    if (ariaHidden !== null && ariaHidden.toLowerCase() === "true") return true;
    const style = el.getAttribute("style");
    return style !== null && styleHides(style);
  }

  // Rule 1: the inline style attribute as written (never the computed style,
  // which the CLI cannot know): a declaration, lower case with ASCII
  // whitespace and "!important" left out, is one of RULES.hidden_styles.
  function styleHides(style) {
    for (const decl of style.split(";")) {
      let d = decl.replace(/[\t\n\f\r ]/g, "").replace(/[A-Z]/g, (c) => c.toLowerCase());
      if (d.endsWith("!important")) d = d.slice(0, -"!important".length);
      if (HIDDEN_STYLES.has(d)) return true;
    }
    return false;
  }

  function collapse(text) {
    return splitSpace(text).join(" ");
  }

  /**
   * Reads `doc` into {page, map}, all at once.
   *   page: {url, title, blocks: [{kind, tag, text, links, landmark, hints}]}
   *   map.rangeFor(blockIndex, start, end) -> Range | null, offsets in UTF-16
   *   units into page.blocks[blockIndex].text.
   *   map.blockOf(textNode) -> the index of the block holding its text, or -1.
   *   map.elementOf(blockIndex) -> an element showing the block's text.
   * options.skip: an element whose subtree is left out (the overlay's host).
   */
  function readPage(doc, url = null, options = {}) {
    const walk = startWalk(doc, url, options);
    while (!walk.step(Infinity));
    return walk.result();
  }

  /**
   * The same, in slices of at most `options.sliceMs` (default 8) so a huge
   * page never blocks its main thread for long: resolves to {page, map}.
   * options.onProgress(blocksSoFar) runs between slices.
   */
  async function readPageAsync(doc, url = null, options = {}) {
    const walk = startWalk(doc, url, options);
    const sliceMs = options.sliceMs ?? 8;
    for (;;) {
      const end = performance.now() + sliceMs;
      let done = false;
      // Checking the clock every 512 nodes keeps its cost negligible.
      while (!(done = walk.step(512)) && performance.now() < end);
      if (done) return walk.result();
      if (options.onProgress) options.onProgress(walk.blocks());
      await yieldToPage();
    }
  }

  // Lets the page handle input and paint between slices. A MessageChannel
  // task, unlike setTimeout, is not clamped to 4 ms when nested.
  function yieldToPage() {
    if (globalThis.scheduler && typeof globalThis.scheduler.yield === "function") return globalThis.scheduler.yield();
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }

  // The document walk as a resumable loop: step(n) visits up to n nodes and
  // returns true once the walk is over.
  function startWalk(doc, url, options) {
    const skip = options.skip ?? null;
    const titleEl = doc.getElementsByTagName("title")[0];
    const title = titleEl ? collapse(titleEl.textContent) || null : null;

    const blocks = [];
    const blockSegs = [];
    const blockOfNode = new Map(); // text node -> index of the block its text went to
    const described = new Map();
    const owners = []; // open block-level elements, innermost last
    let run = null;

    const flush = () => {
      if (!run) return;
      run.closeLink(run.link && run.link.anchor);
      if (run.text.length) {
        let d = described.get(run.owner);
        if (!d) described.set(run.owner, (d = describeOwner(run.owner)));
        for (const seg of run.segs) if (!blockOfNode.has(seg.node)) blockOfNode.set(seg.node, blocks.length);
        blocks.push({
          kind: d.kind, tag: d.tag, text: run.text, links: run.links,
          landmark: d.landmark, hints: d.hints,
        });
        blockSegs.push(run.segs);
      }
      run = null;
    };

    // Returns whether to walk into the element's children.
    const enter = (el) => {
      if (el === skip || isSkipped(el)) return false;
      const name = tagOf(el);
      if (BLOCK_LEVEL.has(name)) {
        flush();
        owners.push(el);
        run = new Run(el);
      } else if (run) {
        if (SPACES.has(name)) run.space(null, 0);
        else if (name === "a" && el.hasAttribute("href")) run.openLink(el, el.getAttribute("href"));
      }
      return true;
    };

    const leave = (el) => {
      const name = tagOf(el);
      if (BLOCK_LEVEL.has(name)) {
        flush();
        owners.pop();
        // Rule 3: after a nested block, the outer element starts a new run.
        if (owners.length) run = new Run(owners[owners.length - 1]);
      } else if (name === "a" && run) {
        run.closeLink(el);
      }
    };

    // A text node's words go in by stretches: a single U+0020 between two
    // words is kept as it is, so ordinary prose is one chunk per node rather
    // than a string and an object per word (on a huge page that garbage made
    // the collector's pauses into long tasks). Other whitespace collapses.
    const text = (node) => {
      if (!run) return;
      const s = node.data;
      let i = 0;
      while (i < s.length) {
        if (isSpace(s.charCodeAt(i))) {
          run.space(node, i);
          i++;
          continue;
        }
        let j = i + 1;
        for (; j < s.length; j++) {
          const c = s.charCodeAt(j);
          if (!isSpace(c)) continue;
          if (c === 0x20 && j + 1 < s.length && !isSpace(s.charCodeAt(j + 1))) continue;
          break;
        }
        run.word(node, i, s.slice(i, j));
        i = j;
      }
    };

    // Walk without recursion: hostile pages can nest deeper than the JS stack.
    const body = doc.body;
    let node = null;
    let finished = false;
    if (body && enter(body)) node = body.firstChild;
    else finished = true;

    const step = (limit) => {
      if (finished) return true;
      for (let n = 0; node && n < limit; n++) {
        let into = false;
        if (node.nodeType === TEXT_NODE) text(node);
        else if (node.nodeType === ELEMENT_NODE) into = enter(node);
        if (into && node.firstChild) {
          node = node.firstChild;
          continue;
        }
        if (into) leave(node);
        while (node !== body && !node.nextSibling) {
          node = node.parentNode;
          if (node !== body) leave(node);
        }
        node = node === body ? null : node.nextSibling;
      }
      if (node) return false;
      leave(body);
      finished = true;
      return true;
    };

    const result = () => {
      flush();
      const page = { url: url ?? null, title, blocks };
      const map = {
        segments: blockSegs,
        rangeFor: (index, start, end) => makeRange(doc, blockSegs[index], start, end),
        blockOf: (textNode) => blockOfNode.get(textNode) ?? -1,
        // An element showing the block's text (for visibility checks).
        elementOf: (index) => {
          const seg = blockSegs[index] && blockSegs[index][0];
          return seg ? seg.node.parentElement : null;
        },
      };
      return { page, map };
    };

    return { step, result, blocks: () => blocks.length };
  }

  // The DOM position of block offset `o`: `asEnd` picks the segment that
  // ends at o rather than the one that starts there.
  function position(segs, o, asEnd) {
    let lo = 0;
    let hi = segs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = segs[mid];
      if (asEnd ? o <= s.start : o < s.start) hi = mid - 1;
      else if (asEnd ? o > s.end : o >= s.end) lo = mid + 1;
      else return { node: s.node, offset: s.offset + (s.width ? o - s.start : 0) };
    }
    return null;
  }

  function makeRange(doc, segs, start, end) {
    if (!segs || !segs.length || !(start >= 0) || !(end > start)) return null;
    const a = position(segs, start, false);
    const b = position(segs, end, true);
    if (!a || !b) return null;
    // The page may have changed since it was read.
    if (!a.node.isConnected || !b.node.isConnected) return null;
    if (a.offset > a.node.length || b.offset > b.node.length) return null;
    try {
      const range = (a.node.ownerDocument ?? doc).createRange();
      range.setStart(a.node, a.offset);
      range.setEnd(b.node, b.offset);
      return range.collapsed ? null : range;
    } catch {
      return null;
    }
  }

  globalThis.sourcecheckPageReader = Object.freeze({ readPage, readPageAsync, makeRange, yieldToPage });
})();
