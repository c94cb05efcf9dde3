// Draws a report over the page: highlights in the text (CSS Custom Highlight
// API, so the page's own nodes are never rewritten), a hover/focus card, and
// a side panel in a closed Shadow DOM so page CSS and scripts cannot reach it.
//
// A classic script: it only defines globalThis.sourcecheckOverlay.
// Page text is hostile: it only ever reaches the DOM through textContent.
// Styles go through constructed stylesheets (adoptedStyleSheets), which a
// strict page CSP does not block, unlike <style> elements or style="".
(() => {
  "use strict";
  if (globalThis.sourcecheckOverlay) return; // injected again: keep the first

  const PREFIX = "sourcecheck-";
  const HOST_TAG = "sourcecheck-overlay";

  // Highlights live in the page's scope: ::highlight() rules must be page
  // styles. Colours are translucent so they read on light and dark pages.
  const PAGE_CSS = `
::highlight(sourcecheck-direct) { background-color: rgba(59, 130, 246, 0.24); }
::highlight(sourcecheck-indirect) { background-color: rgba(20, 184, 166, 0.24); }
::highlight(sourcecheck-mixed) { background-color: rgba(139, 92, 246, 0.24); }
::highlight(sourcecheck-source) {
  text-decoration-line: underline; text-decoration-thickness: 2px;
  text-decoration-color: rgb(37, 99, 235);
}
::highlight(sourcecheck-cue) {
  text-decoration-line: underline; text-decoration-style: dotted;
  text-decoration-color: rgb(100, 116, 139);
}
::highlight(sourcecheck-unsourced) {
  background-color: rgba(249, 115, 22, 0.28);
  text-decoration-line: underline; text-decoration-style: wavy;
  text-decoration-color: rgb(234, 88, 12);
}
::highlight(sourcecheck-vague) { background-color: rgba(234, 179, 8, 0.3); }
::highlight(sourcecheck-anonymous) { background-color: rgba(236, 72, 153, 0.22); }
::highlight(sourcecheck-linked) {
  text-decoration-line: underline; text-decoration-style: dotted;
  text-decoration-color: rgb(22, 163, 74);
}
::highlight(sourcecheck-focus) { background-color: rgba(250, 204, 21, 0.6); color: black; }
@media (prefers-color-scheme: dark) {
  ::highlight(sourcecheck-direct) { background-color: rgba(96, 165, 250, 0.3); }
  ::highlight(sourcecheck-indirect) { background-color: rgba(45, 212, 191, 0.28); }
  ::highlight(sourcecheck-mixed) { background-color: rgba(167, 139, 250, 0.3); }
  ::highlight(sourcecheck-source) { text-decoration-color: rgb(96, 165, 250); }
  ::highlight(sourcecheck-unsourced) { background-color: rgba(251, 146, 60, 0.32); }
}
`;

  const PANEL_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important;
  z-index: 2147483647 !important;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.panel {
  position: fixed; top: 0; right: 0; bottom: 0;
  width: min(380px, 100vw);
  display: flex; flex-direction: column;
  background: #ffffff; color: #1f2937;
  border-left: 1px solid #d1d5db;
  box-shadow: -4px 0 16px rgba(0, 0, 0, 0.12);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  text-align: left;
  animation: slide-in 160ms ease-out;
}
.panel:focus { outline: none; }
@keyframes slide-in { from { transform: translateX(24px); opacity: 0; } }
.bar {
  display: flex; align-items: center; gap: 8px;
  padding: 10px 12px; border-bottom: 1px solid #e5e7eb;
}
.bar h1 { flex: 1; margin: 0; font-size: 15px; font-weight: 650; }
button { font: inherit; color: inherit; }
.close {
  border: 0; background: transparent; cursor: pointer;
  font-size: 20px; line-height: 1; padding: 2px 8px; border-radius: 6px;
}
.close:hover, .close:focus-visible { background: #f3f4f6; }
.content { flex: 1; overflow: auto; padding: 4px 12px 16px; }
.summary { margin: 10px 0; color: #4b5563; }
.state { margin: 24px 0; text-align: center; color: #4b5563; }
.state.error { color: #b91c1c; }
.state .detail { display: block; margin-top: 6px; color: #6b7280; font-size: 12px; word-break: break-word; }
.spinner {
  display: inline-block; width: 12px; height: 12px; margin-right: 8px;
  border: 2px solid #9ca3af; border-top-color: transparent; border-radius: 50%;
  vertical-align: -1px;
  animation: spin 0.8s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
h2 {
  margin: 16px 0 6px; font-size: 12px; font-weight: 650;
  text-transform: uppercase; letter-spacing: 0.04em; color: #6b7280;
}
.speaker { margin: 8px 0 12px; }
.speaker h3 { margin: 0 0 4px; font-size: 14px; font-weight: 650; }
.type, .badge {
  display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 9px;
  font-size: 11px; font-weight: 500; background: #f3f4f6; color: #4b5563; vertical-align: 1px;
}
.badge { margin: 0 6px 0 0; }
ul { list-style: none; margin: 0; padding: 0; }
li { margin: 0 0 4px; }
.item {
  display: block; width: 100%; text-align: left; cursor: pointer;
  padding: 6px 8px 6px 10px; border: 1px solid transparent; border-left: 4px solid #9ca3af;
  border-radius: 6px; background: #f9fafb;
}
.item:hover, .item:focus-visible { border-color: #9ca3af; background: #f3f4f6; outline: none; }
.item .reason { display: block; margin-top: 2px; font-size: 12px; color: #6b7280; }
.direct { border-left-color: #3b82f6; }
.indirect { border-left-color: #14b8a6; }
.mixed { border-left-color: #8b5cf6; }
.unsourced { border-left-color: #f97316; }
.vague { border-left-color: #eab308; }
.anonymous { border-left-color: #ec4899; }
.notes { margin-top: 16px; font-size: 12px; color: #6b7280; }
.notes p { margin: 4px 0; }
.card {
  position: fixed; max-width: 320px; padding: 8px 10px;
  background: #111827; color: #f9fafb; border-radius: 8px;
  box-shadow: 0 4px 14px rgba(0, 0, 0, 0.25);
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  pointer-events: none;
}
.card .who { font-weight: 650; }
.card .meta { color: #d1d5db; }
.card .what { display: block; margin-top: 4px; }
@media (prefers-color-scheme: dark) {
  .panel { background: #111827; color: #e5e7eb; border-left-color: #374151; }
  .bar { border-bottom-color: #374151; }
  .close:hover, .close:focus-visible { background: #1f2937; }
  .summary, .state, h2 { color: #9ca3af; }
  .state.error { color: #fca5a5; }
  .type, .badge { background: #1f2937; color: #d1d5db; }
  .item { background: #1f2937; }
  .item:hover, .item:focus-visible { background: #273244; border-color: #4b5563; }
  .item .reason, .notes, .state .detail { color: #9ca3af; }
  .card { background: #f9fafb; color: #111827; }
  .card .meta { color: #4b5563; }
}
@media (prefers-reduced-motion: reduce) {
  .panel { animation: none; }
  .spinner { animation: none; border-top-color: #9ca3af; }
}
`;

  const STATUS_LABEL = {
    unsourced: "No source",
    vague: "Vague source",
    anonymous: "Unnamed source",
    linked: "Linked source",
    attributed: "Attributed",
  };

  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const squash = (s) => String(s ?? "").replace(/[\t\n\f\r ]+/g, "");

  // Does the page text under a range still say what the report says? The
  // page may have changed since it was read. Whitespace is ignored (a <br>
  // counts as a space in the model), and an ellipsis in the report's text
  // stands for words it left out ("“…” … adding that …").
  function matches(actual, expected) {
    const text = squash(actual);
    const parts = squash(expected).split("\u2026").filter(Boolean);
    if (!parts.length) return false;
    if (parts.length === 1) return text === parts[0];
    if (!text.startsWith(parts[0]) || !text.endsWith(parts[parts.length - 1])) return false;
    let at = 0;
    for (const part of parts) {
      at = text.indexOf(part, at);
      if (at < 0) return false;
      at += part.length;
    }
    return true;
  }

  // Direct quotes usually carry their own quotation marks; add them when not.
  function quoted(text, kind) {
    if (kind !== "direct" || /^[\u201c"\u00ab\u201e\u2018']/.test(text)) return text;
    return `\u201c${text}\u201d`;
  }

  // Both are needed: Chrome had only caretRangeFromPoint before version 128.
  function caretAt(doc, x, y) {
    if (doc.caretPositionFromPoint) {
      const p = doc.caretPositionFromPoint(x, y);
      return p && p.offsetNode ? { node: p.offsetNode, offset: p.offset } : null;
    }
    if (doc.caretRangeFromPoint) {
      const r = doc.caretRangeFromPoint(x, y);
      return r ? { node: r.startContainer, offset: r.startOffset } : null;
    }
    return null;
  }

  function rectsContain(range, x, y) {
    for (const r of range.getClientRects()) {
      if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return true;
    }
    return false;
  }

  // Adds to an ObservableArray of stylesheets; push() avoids rebuilding the
  // array, which some content-script sandboxes refuse.
  function adoptSheet(target, sheet) {
    try {
      target.adoptedStyleSheets.push(sheet);
    } catch {
      target.adoptedStyleSheets = [...target.adoptedStyleSheets, sheet];
    }
  }

  function dropSheet(target, sheet) {
    const sheets = target.adoptedStyleSheets;
    const i = sheets.indexOf(sheet);
    if (i < 0) return;
    try {
      sheets.splice(i, 1);
    } catch {
      target.adoptedStyleSheets = [...sheets].filter((s) => s !== sheet);
    }
  }

  function el(doc, tag, className, text) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /**
   * Opens the overlay in `doc`, showing "Analysing…". Returns
   * {host, showReport(report, map), showError(message), close()}.
   * map.rangeFor(pageBlockIndex, start, end) turns offsets into Ranges.
   * options.onClose runs once when the overlay closes (button or close()).
   */
  function open(doc, options = {}) {
    const win = doc.defaultView ?? globalThis;
    const listeners = new AbortController();
    const signal = listeners.signal;
    const highlightNames = new Set();
    let items = []; // {range, card, button}
    let hovered = null;
    let closed = false;

    const pageSheet = new win.CSSStyleSheet();
    pageSheet.replaceSync(PAGE_CSS);
    adoptSheet(doc, pageSheet);

    const host = doc.createElement(HOST_TAG);
    const root = host.attachShadow({ mode: "closed" });
    const panelSheet = new win.CSSStyleSheet();
    panelSheet.replaceSync(PANEL_CSS);
    // The card's position changes on every hover: a rule we edit through the
    // CSSOM, since style="" attributes fall foul of strict page CSPs.
    const cardSheet = new win.CSSStyleSheet();
    cardSheet.replaceSync(".card { left: 0px; top: 0px; }");
    const cardRule = cardSheet.cssRules[0];
    adoptSheet(root, panelSheet);
    adoptSheet(root, cardSheet);

    const panel = el(doc, "div", "panel");
    panel.setAttribute("role", "complementary");
    panel.setAttribute("aria-label", "sourcecheck: who said what");
    panel.tabIndex = -1;
    const bar = el(doc, "div", "bar");
    bar.append(el(doc, "h1", "", "sourcecheck"));
    const closeButton = el(doc, "button", "close", "\u00d7");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", "Close sourcecheck");
    closeButton.title = "Close (Esc)";
    bar.append(closeButton);
    const content = el(doc, "div", "content");
    panel.append(bar, content);
    const card = el(doc, "div", "card");
    card.id = "card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    root.append(panel, card);
    doc.documentElement.append(host);

    closeButton.addEventListener("click", () => close(), { signal });
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        if (!card.hidden) hideCard();
        else close();
      }
    }, { signal });

    function setContent(...nodes) {
      content.replaceChildren(...nodes);
    }

    function showLoading() {
      const p = el(doc, "p", "state loading");
      p.setAttribute("role", "status");
      p.append(el(doc, "span", "spinner"), doc.createTextNode("Analysing\u2026"));
      setContent(p);
    }

    function showError(message) {
      if (closed) return;
      clearHighlights();
      const p = el(doc, "p", "state error", "Analysis failed.");
      p.setAttribute("role", "alert");
      p.append(el(doc, "span", "detail", message || "Unknown error"));
      setContent(p);
    }

    // ---- highlights and the card ------------------------------------------

    function clearHighlights() {
      const registry = win.CSS && win.CSS.highlights;
      if (registry) for (const name of highlightNames) registry.delete(name);
      highlightNames.clear();
      items = [];
      hideCard();
    }

    function paint(groups) {
      const registry = win.CSS && win.CSS.highlights;
      if (!registry || typeof win.Highlight !== "function") return; // too old a browser: panel only
      for (const [name, ranges] of groups) {
        if (!ranges.length) continue;
        const h = new win.Highlight(...ranges);
        if (name === "focus") h.priority = 10;
        else if (name === "source" || name === "cue") h.priority = 1;
        registry.set(PREFIX + name, h);
        highlightNames.add(PREFIX + name);
      }
    }

    function setFocus(range) {
      const registry = win.CSS && win.CSS.highlights;
      if (!registry || typeof win.Highlight !== "function") return;
      if (range) {
        const h = new win.Highlight(range);
        h.priority = 10;
        registry.set(PREFIX + "focus", h);
        highlightNames.add(PREFIX + "focus");
      } else {
        registry.delete(PREFIX + "focus");
      }
    }

    function showCard(cardParts, x, y) {
      card.replaceChildren(...cardParts());
      card.hidden = false;
      const vw = doc.documentElement.clientWidth || win.innerWidth;
      const vh = doc.documentElement.clientHeight || win.innerHeight;
      const box = card.getBoundingClientRect();
      let left = Math.min(x + 12, vw - box.width - 8);
      let top = y + 18;
      if (top + box.height > vh - 8) top = Math.max(8, y - box.height - 12);
      cardRule.style.setProperty("left", `${Math.max(8, left)}px`);
      cardRule.style.setProperty("top", `${top}px`);
    }

    function hideCard() {
      card.hidden = true;
      hovered = null;
    }

    // The highlighted item under the pointer, the smallest if they nest.
    function itemAt(x, y) {
      const caret = caretAt(doc, x, y);
      if (!caret) return null;
      let best = null;
      for (const item of items) {
        if (!item.range) continue;
        let inside = false;
        try {
          inside = item.range.isPointInRange(caret.node, caret.offset);
        } catch {
          inside = false; // a node from elsewhere (our own shadow tree)
        }
        if (!inside || !rectsContain(item.range, x, y)) continue;
        if (!best || item.size < best.size) best = item;
      }
      return best;
    }

    let pending = null;
    function onPointerMove(e) {
      if (e.target === host) return; // over the panel
      const first = pending === null;
      pending = { x: e.clientX, y: e.clientY };
      if (!first) return;
      // At most one hit test per frame.
      win.requestAnimationFrame(() => {
        if (closed || !pending) return;
        const { x, y } = pending;
        pending = null;
        const item = itemAt(x, y);
        if (!item) {
          if (hovered && hovered.fromPointer) hideCard();
          return;
        }
        hovered = { item, fromPointer: true };
        showCard(item.card, x, y);
      });
    }

    doc.addEventListener("mousemove", onPointerMove, { passive: true, signal });
    doc.addEventListener("scroll", () => {
      if (hovered && hovered.fromPointer) hideCard();
    }, { passive: true, capture: true, signal });

    // A panel entry: hovering or focusing it shows the card by its text in the page.
    function entryFor(button, item) {
      button.type = "button";
      button.setAttribute("aria-describedby", "card");
      const show = () => {
        if (!item.range) return;
        setFocus(item.range);
        const r = item.range.getBoundingClientRect();
        hovered = { item, fromPointer: false };
        showCard(item.card, r.left, r.bottom - 12);
      };
      const hide = () => {
        setFocus(null);
        if (hovered && !hovered.fromPointer) hideCard();
      };
      button.addEventListener("focus", show, { signal });
      button.addEventListener("blur", hide, { signal });
      button.addEventListener("mouseenter", show, { signal });
      button.addEventListener("mouseleave", hide, { signal });
      button.addEventListener("click", () => {
        if (!item.range) return;
        const target = item.range.startContainer.parentElement;
        const still = win.matchMedia && win.matchMedia("(prefers-reduced-motion: reduce)").matches;
        if (target) target.scrollIntoView({ block: "center", behavior: still ? "auto" : "smooth" });
        show();
      }, { signal });
      if (!item.range) button.disabled = true;
    }

    // ---- the report -------------------------------------------------------

    function showReport(report, map) {
      if (closed) return;
      clearHighlights();
      const blocks = (report && report.blocks) || [];
      if (!blocks.length) {
        const p = el(doc, "p", "state empty", "No article text found on this page.");
        p.setAttribute("role", "status");
        setContent(p, notesOf(report));
        return;
      }

      // Report block index -> a Range in the page, checked against the
      // expected text in case the page changed since it was read.
      const rangeOf = (blockIndex, start, end, expected) => {
        const block = blocks[blockIndex];
        if (!block || start === null || start === undefined || end === null || end === undefined) return null;
        const range = map.rangeFor(block.input, start, end);
        return range && matches(range.toString(), expected) ? range : null;
      };
      const groups = new Map(
        ["direct", "indirect", "mixed", "source", "cue", "unsourced", "vague", "anonymous", "linked"]
          .map((name) => [name, []]),
      );
      const add = (name, range, cardParts) => {
        if (!range) return null;
        (groups.get(name) ?? groups.set(name, []).get(name)).push(range);
        const item = { range, card: cardParts, size: range.toString().length };
        items.push(item);
        return item;
      };

      const entities = new Map((report.entities || []).map((e) => [e.id, e]));
      const speakers = new Map(); // key -> {name, type, statements}
      for (const a of report.attributions || []) {
        const src = a.source || {};
        const entity = src.entity ? entities.get(src.entity) : null;
        const key = src.entity || `name:${src.name}`;
        if (!speakers.has(key)) {
          speakers.set(key, { name: entity ? entity.name : src.name, type: entity ? entity.type : src.type, list: [] });
        }
        const speaker = speakers.get(key);
        const kind = ["direct", "indirect", "mixed"].includes(a.kind) ? a.kind : "indirect";
        const cardParts = () => attributionCard(speaker.name, speaker.type, a);
        const contentBlock = a.content && a.content.block !== undefined && a.content.block !== null ? a.content.block : a.block;
        const contentItem = a.content
          ? add(kind, rangeOf(contentBlock, a.content.start, a.content.end, a.content.text), cardParts)
          : null;
        add("source", rangeOf(a.block, src.start, src.end, src.text), cardParts);
        if (a.cue) add("cue", rangeOf(a.block, a.cue.start, a.cue.end, a.cue.text), cardParts);
        speaker.list.push({ a, kind, item: contentItem ?? { range: null, card: cardParts } });
      }

      const unsourced = [];
      const weak = [];
      for (const c of report.claims || []) {
        const cardParts = () => claimCard(c);
        let item = null;
        if (c.status !== "attributed") item = add(c.status, rangeOf(c.block, c.start, c.end, c.text), cardParts);
        const entry = { c, item: item ?? { range: null, card: cardParts } };
        if (c.status === "unsourced") unsourced.push(entry);
        else if (c.status === "vague" || c.status === "anonymous") weak.push(entry);
      }
      paint(groups);

      const nodes = [summaryOf(report, speakers.size, unsourced.length)];
      if (speakers.size) {
        nodes.push(el(doc, "h2", "", "Who said what"));
        for (const s of speakers.values()) nodes.push(speakerSection(s));
      }
      if (unsourced.length) {
        nodes.push(el(doc, "h2", "", "Claims without a source"));
        nodes.push(claimList(unsourced));
      }
      if (weak.length) {
        nodes.push(el(doc, "h2", "", "Claims resting on vague or unnamed sources"));
        nodes.push(claimList(weak));
      }
      if (!speakers.size && !unsourced.length && !weak.length) {
        nodes.push(el(doc, "p", "state", "No quotes or checkable claims found in the article."));
      }
      nodes.push(notesOf(report));
      setContent(...nodes);
    }

    function summaryOf(report, sources, unsourcedCount) {
      const n = (report.attributions || []).length;
      const text = `${plural(n, "statement", "statements")} from ${plural(sources, "source", "sources")} \u00b7 ` +
        `${plural(unsourcedCount, "claim", "claims")} without a source`;
      return el(doc, "p", "summary", text);
    }

    function speakerSection(s) {
      const section = el(doc, "section", "speaker");
      const h = el(doc, "h3", "", s.name || "Unknown source");
      if (s.type) h.append(el(doc, "span", "type", s.type));
      const ul = el(doc, "ul");
      for (const { a, kind, item } of s.list) {
        const li = el(doc, "li");
        const b = el(doc, "button", `item statement ${kind}`);
        const text = a.content ? a.content.text : "";
        b.append(el(doc, "span", "badge", kind), doc.createTextNode(quoted(text, kind)));
        entryFor(b, item);
        li.append(b);
        ul.append(li);
      }
      section.append(h, ul);
      return section;
    }

    function claimList(entries) {
      const ul = el(doc, "ul");
      for (const { c, item } of entries) {
        const li = el(doc, "li");
        const b = el(doc, "button", `item claim ${c.status}`);
        b.append(el(doc, "span", "badge", STATUS_LABEL[c.status] || c.status), doc.createTextNode(c.text));
        if (c.reason) b.append(el(doc, "span", "reason", c.reason));
        entryFor(b, item);
        li.append(b);
        ul.append(li);
      }
      return ul;
    }

    function notesOf(report) {
      const div = el(doc, "div", "notes");
      for (const note of (report && report.notes) || []) div.append(el(doc, "p", "", note));
      return div;
    }

    // "SOURCE (type) — cue — content"
    function attributionCard(name, type, a) {
      const first = el(doc, "div");
      first.append(el(doc, "span", "who", name || "Unknown source"));
      if (type) first.append(el(doc, "span", "meta", ` (${type})`));
      if (a.cue && a.cue.text) first.append(el(doc, "span", "meta", ` \u2014 ${a.cue.text} \u2014`));
      const text = a.content ? a.content.text : "";
      return [first, el(doc, "span", "what", quoted(text, a.kind))];
    }

    function claimCard(c) {
      const first = el(doc, "div");
      first.append(el(doc, "span", "who", STATUS_LABEL[c.status] || c.status));
      if (c.reason) first.append(el(doc, "span", "meta", ` \u2014 ${c.reason}`));
      return c.source ? [first, el(doc, "span", "what", `Source: ${c.source}`)] : [first];
    }

    // ---- closing ----------------------------------------------------------

    function close() {
      if (closed) return;
      closed = true;
      clearHighlights();
      setFocus(null);
      listeners.abort(); // every listener above was added with this signal
      host.remove();
      dropSheet(doc, pageSheet);
      if (typeof options.onClose === "function") options.onClose();
    }

    showLoading();
    // The reader asked for the panel: put the keyboard there, so Tab walks its entries.
    panel.focus({ preventScroll: true });
    return {
      host,
      showReport,
      showError,
      close,
      get closed() {
        return closed;
      },
    };
  }

  globalThis.sourcecheckOverlay = Object.freeze({ open, HOST_TAG });
})();
