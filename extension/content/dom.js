// DOM helpers shared by the card, the panel (in the page and in the
// browser's side panel) and the overlay's modules: elements made with text
// only (page text is hostile: it never reaches the DOM as HTML), the UI's
// strings through the i18n API, and the geometry of ranges.
//
// A classic script: it only defines globalThis.sourcecheckDom. The extension's
// side panel page and the www demo load it too.
(() => {
  "use strict";
  if (globalThis.sourcecheckDom) return; // injected again: keep the first

  const api = globalThis.browser ?? globalThis.chrome;

  /**
   * The UI string `key` of _locales/en/messages.json (the browser's own
   * language when the extension carries it), with $1…$9 replaced by `subs`.
   * The www demo has no extension API: it loads the same file as
   * content/messages.js (build.sh writes it), read here the same way.
   */
  function t(key, ...subs) {
    const list = subs.map((s) => String(s));
    let text = "";
    try {
      if (api && api.i18n && typeof api.i18n.getMessage === "function") text = api.i18n.getMessage(key, list);
    } catch {
      text = "";
    }
    if (!text) {
      const m = globalThis.sourcecheckMessages && globalThis.sourcecheckMessages[key];
      text = m ? m.message.replace(/\$(\d)/g, (_, d) => list[d - 1] ?? "").replace(/\$\$/g, "$") : key;
    }
    return text;
  }

  const number = (n) => Number(n).toLocaleString("en");

  /** "1 statement", "3 statements": the keys name the message for one and for many ($1). */
  function count(n, one, many) {
    return n === 1 ? t(one, number(n)) : t(many, number(n));
  }

  /** An element of `doc` with a class and text (textContent, never HTML). */
  function el(doc, tag, className, text) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

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

  /** Adds a constructed stylesheet; push() because some content-script sandboxes refuse a new array. */
  function adopt(target, ...sheets) {
    try {
      target.adoptedStyleSheets.push(...sheets);
    } catch {
      target.adoptedStyleSheets = [...target.adoptedStyleSheets, ...sheets];
    }
  }

  function unadopt(target, sheet) {
    const sheets = target.adoptedStyleSheets;
    const i = sheets.indexOf(sheet);
    if (i < 0) return;
    try {
      sheets.splice(i, 1);
    } catch {
      target.adoptedStyleSheets = [...sheets].filter((s) => s !== sheet);
    }
  }

  const yieldToPage = () => {
    const reader = globalThis.sourcecheckPageReader;
    return reader ? reader.yieldToPage() : new Promise((r) => setTimeout(r, 0));
  };

  globalThis.sourcecheckDom = Object.freeze({ t, count, number, el, squash, matches, caretAt, rectsContain, adopt, unadopt, yieldToPage });
})();
