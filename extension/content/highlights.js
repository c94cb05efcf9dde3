// Highlights in the page's text without touching its DOM: the CSS Custom
// Highlight API (CSS.highlights + ::highlight() rules in a constructed page
// stylesheet). Closing deletes every highlight and the stylesheet, so the
// page is exactly as it was.
//
// Drawing is chunked: ranges are made and added in slices of a few
// milliseconds, so a page with tens of thousands of hints never blocks its
// main thread for long.
(() => {
  "use strict";
  if (globalThis.sourcecheckHighlights) return; // injected again: keep the first

  const PREFIX = "sourcecheck-";
  // Main kinds, then decorations drawn over them, then the focus on top.
  const PRIORITY = { source: 1, cue: 1, focus: 10, flash: 11 };

  // Stylesheets are added and removed by dom.js's helpers (loaded before this file).
  const { adopt, unadopt } = globalThis.sourcecheckDom;

  /**
   * The highlight layer of `doc`. Returns
   *   {supported, add(name, range), delete(name, range), show(name, bool), replace(name, ranges),
   *    focus(range), flash(range, still), clear(), remove()}
   */
  function create(doc, css) {
    const win = doc.defaultView ?? globalThis;
    const registry = win.CSS && win.CSS.highlights;
    const supported = !!registry && typeof win.Highlight === "function";
    const sheet = new win.CSSStyleSheet();
    sheet.replaceSync(css);
    adopt(doc, sheet);

    const layers = new Map(); // name -> {highlight, shown}
    let flashTimer = 0;

    function layer(name) {
      let l = layers.get(name);
      if (!l) {
        const highlight = new win.Highlight();
        highlight.priority = PRIORITY[name] ?? 0;
        l = { highlight, shown: true };
        layers.set(name, l);
        registry.set(PREFIX + name, highlight);
      }
      return l;
    }

    return {
      supported,
      add(name, range) {
        if (supported && range) layer(name).highlight.add(range);
      },
      delete(name, range) {
        const l = layers.get(name);
        if (l && range) l.highlight.delete(range);
      },
      // Shows or hides a whole kind (the panel's filters); the ranges are kept.
      show(name, shown) {
        if (!supported) return;
        const l = layer(name);
        if (l.shown === shown) return;
        l.shown = shown;
        if (shown) registry.set(PREFIX + name, l.highlight);
        else registry.delete(PREFIX + name);
      },
      replace(name, ranges) {
        if (!supported) return;
        const l = layer(name);
        l.highlight.clear();
        for (const r of ranges) if (r) l.highlight.add(r);
      },
      focus(range) {
        if (!supported) return;
        const l = layer("focus");
        l.highlight.clear();
        if (range) l.highlight.add(range);
      },
      // Jumped-to passages blink twice, then stay marked; steady if motion is reduced.
      flash(range, still) {
        if (!supported) return;
        this.focus(range);
        const f = layer("flash").highlight;
        win.clearTimeout(flashTimer);
        f.clear();
        if (!range || still) return;
        let n = 0;
        const tick = () => {
          if (n % 2 === 0) f.add(range);
          else f.clear();
          if (++n < 4) flashTimer = win.setTimeout(tick, 220);
        };
        tick();
      },
      // Removes every highlight but keeps the stylesheet (a new report follows).
      clear() {
        win.clearTimeout(flashTimer);
        if (supported) for (const name of layers.keys()) registry.delete(PREFIX + name);
        layers.clear();
      },
      // Leaves the page as it was.
      remove() {
        this.clear();
        unadopt(doc, sheet);
      },
    };
  }

  globalThis.sourcecheckHighlights = Object.freeze({ create, PREFIX });
})();
