// Draws a report over the page: highlights in the text (highlights.js), a
// hover/focus card (card.js) and the side panel (panel.js) in a closed
// Shadow DOM, so page CSS and scripts cannot reach it. This file wires them
// together: hit-testing, keyboard, filters, export, opening and closing.
//
// A classic script: it only defines globalThis.sourcecheckOverlay. The www
// demo uses it unchanged. Page text is hostile: it only ever reaches the DOM
// through textContent. Styles are constructed stylesheets (adoptedStyleSheets),
// which a strict page CSP does not block, unlike <style> elements or style="".
(() => {
  "use strict";
  if (globalThis.sourcecheckOverlay) return; // injected again: keep the first

  const HOST_TAG = "sourcecheck-overlay";
  const SLICE_MS = 8; // work per slice while drawing, well under the 50 ms of a long task
  const WINDOW_ABOVE = 1500; // passages: above this, highlights only near the viewport

  const squash = (s) => String(s ?? "").replace(/[\t\n\f\r ]+/g, "");
  const plural = (n, one, many) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

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

  function el(doc, tag, className, text) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const yieldToPage = () => globalThis.sourcecheckPageReader.yieldToPage();

  const sortedByOrder = (list) => list.every((e, i) => i === 0 || list[i - 1].order <= e.order);

  // Merges two lists of entries by .order, pausing now and then.
  async function mergeInOrder(a, b) {
    if (!sortedByOrder(a)) a.sort((x, y) => x.order - y.order);
    if (!sortedByOrder(b)) b.sort((x, y) => x.order - y.order);
    const out = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (j >= b.length || (i < a.length && a[i].order <= b[j].order)) out.push(a[i++]);
      else out.push(b[j++]);
      if ((out.length & 16383) === 0) await yieldToPage();
    }
    return out;
  }

  /**
   * Opens the overlay in `doc`, showing "Analysing…". Returns
   * {host, showReport(report, map) -> Promise, showError(message),
   *  setProgress(text), close(), closed}.
   * map.rangeFor(pageBlockIndex, start, end) turns offsets into Ranges;
   * map.blockOf(textNode) gives the page block a text node belongs to.
   * options: {settings: {show, panelOpen}, url, onClose()}.
   */
  function open(doc, options = {}) {
    const win = doc.defaultView ?? globalThis;
    const settings = globalThis.sourcecheckSettings.normalize(options.settings);
    const shown = { ...settings.show }; // the filters, for this page only
    const listeners = new AbortController();
    const signal = listeners.signal;
    const still = () => !!(win.matchMedia && win.matchMedia("(prefers-reduced-motion: reduce)").matches);
    let closed = false;
    let generation = 0; // bumps when a drawing must stop (new report, close)
    let report = null;
    let view = null;
    let map = null;
    let hints = []; // highlighted entries in reading order
    let hintAt = -1; // the hint the navigator is on
    let index = new Map(); // page block -> entries drawn in it (hit-testing)
    const drawnEntries = new Set(); // entries whose highlights are in the page now
    let windowObserver = null; // huge pages: {observer, targets}, draws only what is near the viewport
    let hovered = null; // {entry, fromPointer}

    const hl = globalThis.sourcecheckHighlights.create(doc, globalThis.sourcecheckStyles.PAGE_CSS);

    const host = doc.createElement(HOST_TAG);
    const root = host.attachShadow({ mode: "closed" });
    const panelSheet = new win.CSSStyleSheet();
    panelSheet.replaceSync(globalThis.sourcecheckStyles.PANEL_CSS);
    // The card's position changes on every hover: a rule edited through the
    // CSSOM, since style="" attributes fall foul of strict page CSPs.
    const cardSheet = new win.CSSStyleSheet();
    cardSheet.replaceSync(".card { left: 0px; top: 0px; }");
    const cardRule = cardSheet.cssRules[0];
    // push() rather than assigning an array: Firefox's content-script
    // sandbox refuses arrays made in its own world here.
    try {
      root.adoptedStyleSheets.push(panelSheet, cardSheet);
    } catch {
      root.adoptedStyleSheets = [panelSheet, cardSheet];
    }

    const wrap = el(doc, "div", "root");
    const panel = el(doc, "div", "panel");
    panel.setAttribute("role", "complementary");
    panel.setAttribute("aria-label", "sourcecheck: who said what");
    panel.tabIndex = -1;
    const bar = el(doc, "div", "bar");
    const title = el(doc, "h1", "", "sourcecheck");
    const hideButton = el(doc, "button", "icon hide", "\u2013");
    hideButton.type = "button";
    hideButton.setAttribute("aria-label", "Hide the panel (the highlights stay)");
    hideButton.title = "Hide the panel";
    const closeButton = el(doc, "button", "icon close", "\u00d7");
    closeButton.type = "button";
    closeButton.setAttribute("aria-label", "Close sourcecheck");
    closeButton.title = "Close (Esc)";
    bar.append(title, hideButton, closeButton);
    const content = el(doc, "div", "content");
    const announcer = el(doc, "p", "sr");
    announcer.setAttribute("role", "status");
    panel.append(bar, content);
    const launcher = el(doc, "button", "launcher");
    launcher.type = "button";
    launcher.hidden = true;
    const card = el(doc, "div", "card");
    card.id = "card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    // The announcer stays outside the panel: it speaks when the panel is hidden too.
    wrap.append(panel, launcher, card, announcer);
    root.append(wrap);
    doc.documentElement.append(host);

    function setLauncher(text) {
      launcher.replaceChildren(el(doc, "b", "", "sourcecheck"), doc.createTextNode(text));
      launcher.setAttribute("aria-label", `sourcecheck: ${text}. Show the panel`);
    }
    setLauncher("Analysing\u2026");

    function setPanelOpen(open, focus = true) {
      panel.hidden = !open;
      launcher.hidden = open;
      hideCard();
      if (focus) (open ? panel : launcher).focus({ preventScroll: true });
    }

    // ---- states -------------------------------------------------------------

    let progress = null;
    function showLoading() {
      const p = el(doc, "p", "state loading");
      p.setAttribute("role", "status");
      progress = el(doc, "span", "progress");
      p.append(el(doc, "span", "spinner"), doc.createTextNode("Analysing\u2026"), progress);
      content.replaceChildren(p);
    }

    function setProgress(text) {
      if (progress && progress.isConnected) progress.textContent = text;
    }

    function showError(message) {
      if (closed) return;
      generation++;
      hl.clear();
      const p = el(doc, "p", "state error", "Analysis failed.");
      p.setAttribute("role", "alert");
      p.append(el(doc, "span", "detail", message || "Unknown error"));
      content.replaceChildren(p);
      setLauncher("analysis failed");
    }

    // ---- the card -------------------------------------------------------------

    function showCard(entry, rect) {
      globalThis.sourcecheckCard.fill(card, entry);
      card.hidden = false;
      const vw = doc.documentElement.clientWidth || win.innerWidth;
      const vh = doc.documentElement.clientHeight || win.innerHeight;
      const right = panel.hidden ? vw : Math.min(vw, panel.getBoundingClientRect().left || vw);
      const box = card.getBoundingClientRect();
      const left = Math.max(8, Math.min(rect.left, right - box.width - 8));
      let top = rect.bottom + 8;
      if (top + box.height > vh - 8) top = Math.max(8, rect.top - box.height - 8);
      cardRule.style.setProperty("left", `${left}px`);
      cardRule.style.setProperty("top", `${top}px`);
    }

    function hideCard() {
      card.hidden = true;
      hovered = null;
    }

    function inView(rect) {
      const vh = doc.documentElement.clientHeight || win.innerHeight;
      return rect.bottom > 0 && rect.top < vh && (rect.width || rect.height);
    }

    // ---- entries: a statement, claim or link and its passage ---------------------

    function rangeOf(blockIndex, start, end, expected) {
      const block = view && view.blocks[blockIndex];
      if (!block || typeof start !== "number" || typeof end !== "number") return null;
      const range = map.rangeFor(block.input, start, end);
      return range && matches(range.toString(), expected) ? range : null;
    }

    // The entry for a statement, claim or link; its range is found on first
    // use (`lazy`: not yet, for the windowed drawing of huge pages).
    function entryOf(type, data, lazy = false) {
      // Kept on the view's own object (model.js leaves it null): no map of
      // a hundred thousand entries to grow and rehash on a huge page, where
      // the garbage collector's pauses are what makes long tasks.
      let entry = data.entry;
      if (!entry) {
        entry = { type, data, status: type === "link" ? "linked" : data.status, range: undefined, drawn: false };
        data.entry = entry;
      }
      if (!lazy) resolve(entry);
      return entry;
    }

    function resolve(entry) {
      const data = entry.data;
      if (entry.range === undefined) entry.range = rangeOf(data.block, data.start, data.end, data.text);
      return entry.range;
    }

    // Puts an entry's highlight, its speaker and cue marks and its place in
    // the hit-test index in; undraw() takes them out again.
    function draw(entry) {
      if (entry.drawn || !resolve(entry)) return;
      entry.drawn = true;
      const data = entry.data;
      hl.add(entry.status, entry.range);
      const b0 = map.blockOf ? map.blockOf(entry.range.startContainer) : -1;
      const b1 = map.blockOf ? map.blockOf(entry.range.endContainer) : -1;
      const first = b0 >= 0 ? b0 : view.blocks[data.block].input;
      entry.blocks = [];
      for (let b = first; b <= (b1 >= first ? Math.min(b1, first + 64) : first); b++) {
        if (!index.has(b)) index.set(b, []);
        index.get(b).push(entry);
        entry.blocks.push(b);
      }
      if (entry.type === "statement") {
        const a = data.attribution;
        if (entry.marks === undefined) {
          entry.marks = [
            rangeOf(a.block, a.source.start, a.source.end, a.source.text),
            a.cue ? rangeOf(a.block, a.cue.start, a.cue.end, a.cue.text) : null,
          ];
        }
        if (shown[entry.status]) {
          hl.add("source", entry.marks[0]);
          hl.add("cue", entry.marks[1]);
        }
      }
      drawnEntries.add(entry);
    }

    function undraw(entry) {
      if (!entry.drawn) return;
      entry.drawn = false;
      hl.delete(entry.status, entry.range);
      for (const b of entry.blocks) {
        const list = index.get(b);
        const i = list ? list.indexOf(entry) : -1;
        if (i >= 0) list.splice(i, 1);
      }
      if (entry.marks) {
        hl.delete("source", entry.marks[0]);
        hl.delete("cue", entry.marks[1]);
      }
      drawnEntries.delete(entry);
    }

    function scrollTo(range) {
      const target = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      if (!target) return;
      const r = range.getBoundingClientRect();
      if (!inView(r) || r.top < 40 || r.bottom > (win.innerHeight || 0) - 40) target.scrollIntoView({ block: "center", behavior: "auto" });
    }

    // Jumps to a passage: scrolls it into view, marks it, shows its card.
    function activate(entry, flash) {
      if (!resolve(entry)) {
        hideCard();
        hl.focus(null);
        return;
      }
      scrollTo(entry.range);
      if (flash) hl.flash(entry.range, still());
      else hl.focus(entry.range);
      hovered = { entry, fromPointer: false };
      showCard(entry, entry.range.getBoundingClientRect());
      const i = hints.indexOf(entry);
      if (i >= 0) setHint(i, false);
    }

    function preview(entry) {
      if (!resolve(entry)) return;
      hl.focus(entry.range);
      const r = entry.range.getBoundingClientRect();
      if (inView(r)) {
        hovered = { entry, fromPointer: false };
        showCard(entry, r);
      }
    }

    function unpreview() {
      hl.focus(null);
      if (hovered && !hovered.fromPointer) hideCard();
    }

    function wire(button, e) {
      const entry = entryOf(e.type, e.data);
      button.setAttribute("aria-label", globalThis.sourcecheckCard.describe(entry));
      button.addEventListener("focus", () => activate(entry, false), { signal });
      button.addEventListener("blur", unpreview, { signal });
      button.addEventListener("mouseenter", () => preview(entry), { signal });
      button.addEventListener("mouseleave", () => {
        if (root.activeElement !== button) unpreview();
      }, { signal });
      button.addEventListener("click", () => activate(entry, true), { signal });
      if (!entry.range) {
        button.setAttribute("aria-disabled", "true");
        button.title = "This passage could not be found on the page (it may have changed).";
      }
    }

    // ---- the hint navigator ---------------------------------------------------

    let panelView = null;
    function visibleHints() {
      return hints.filter((h) => shown[h.status]);
    }

    function setHint(i, go) {
      hintAt = i;
      const visible = visibleHints();
      const n = visible.indexOf(hints[i]);
      if (panelView && n >= 0) {
        const h = hints[i];
        const who = h.type === "statement" ? h.data.speaker.name : globalThis.sourcecheckModel.STATUS_LABEL[h.status];
        panelView.setPosition(`${n + 1} of ${visible.length}: ${who}`);
      }
      if (go) activate(hints[i], true);
    }

    function step(dir) {
      if (!hints.length) return;
      for (let k = 1; k <= hints.length; k++) {
        const i = (((hintAt < 0 && dir < 0 ? 0 : hintAt) + dir * k) % hints.length + hints.length) % hints.length;
        if (shown[hints[i].status]) return setHint(i, true);
      }
    }

    // ---- filters ---------------------------------------------------------------

    function applyFilter(status, on) {
      shown[status] = on;
      hl.show(status, on);
      content.classList.toggle(`hide-${status}`, !on);
      // Speaker names and cues belong to their statement's status.
      const marks = [[], []];
      for (const e of drawnEntries) {
        if (e.marks && shown[e.status]) {
          marks[0].push(e.marks[0]);
          marks[1].push(e.marks[1]);
        }
      }
      hl.replace("source", marks[0]);
      hl.replace("cue", marks[1]);
      if (hovered && !shown[hovered.entry.status]) {
        hideCard();
        hl.focus(null);
      }
      announce(`${globalThis.sourcecheckModel.STATUS_LABEL[status]} passages ${on ? "shown" : "hidden"}.`);
    }

    function announce(text) {
      announcer.textContent = text;
    }

    // ---- export ---------------------------------------------------------------

    async function onCopy(done) {
      const ok = await globalThis.sourcecheckExport.copyText(globalThis.sourcecheckExport.markdown(report, options.url), wrap);
      done.textContent = ok ? "Copied." : "Could not copy (the browser refused).";
    }

    async function onDownload(done) {
      try {
        const name = await globalThis.sourcecheckExport.downloadJson(report, wrap, options.url);
        done.textContent = `Saved ${name}.`;
      } catch (err) {
        done.textContent = `Could not save: ${err && err.message ? err.message : err}`;
      }
    }

    // ---- the report -------------------------------------------------------------

    // Draws the entries of the blocks near the viewport, and takes away those
    // that scrolled far off, as the reader moves through a huge page. The
    // block elements are observed a slice at a time: tens of thousands at
    // once would be a long task. Resolves to {observer, targets}.
    async function watchViewport(byBlock, gen) {
      const blocksOf = new Map(); // element -> page blocks it shows
      const observer = new win.IntersectionObserver((changes) => {
        if (gen !== generation) return;
        for (const change of changes) {
          for (const b of blocksOf.get(change.target) ?? []) {
            for (const entry of byBlock.get(b) ?? []) {
              if (change.isIntersecting) {
                draw(entry);
              } else if (hovered === null || hovered.entry !== entry) {
                undraw(entry);
              }
            }
          }
        }
      }, { rootMargin: "150% 0px" });
      const watching = { observer, targets: [] };
      let deadline = performance.now() + SLICE_MS;
      let n = 0;
      for (const b of byBlock.keys()) {
        if ((++n & 255) === 0 && performance.now() > deadline) {
          await yieldToPage();
          if (gen !== generation) {
            unwatch(watching);
            return null;
          }
          deadline = performance.now() + SLICE_MS;
        }
        const element = map.elementOf(b);
        if (!element) continue;
        if (!blocksOf.has(element)) {
          blocksOf.set(element, []);
          observer.observe(element);
          watching.targets.push(element);
        }
        blocksOf.get(element).push(b);
      }
      return watching;
    }

    // Stops watching, a slice of elements at a time for the same reason; the
    // callback already ignores changes once the generation moved on.
    function unwatch({ observer, targets }) {
      const SLICE = 2048;
      if (targets.length <= SLICE) {
        observer.disconnect();
        return;
      }
      (async () => {
        for (let i = 0; i < targets.length; i += SLICE) {
          for (let k = i; k < Math.min(targets.length, i + SLICE); k++) observer.unobserve(targets[k]);
          await yieldToPage();
        }
        observer.disconnect();
      })().catch(() => observer.disconnect());
    }

    /** Draws a report; resolves once every highlight is in place. */
    async function showReport(newReport, newMap) {
      if (closed) return;
      const gen = ++generation;
      hl.clear();
      hideCard();
      report = newReport;
      map = newMap;
      view = await globalThis.sourcecheckModel.buildAsync(report, SLICE_MS);
      if (gen !== generation) return;
      hints = [];
      hintAt = -1;
      index = new Map();
      drawnEntries.clear();
      if (windowObserver) unwatch(windowObserver);
      windowObserver = null;
      for (const s of globalThis.sourcecheckSettings.STATUSES) {
        hl.show(s, shown[s]);
        content.classList.toggle(`hide-${s}`, !shown[s]);
      }

      if (!view.blocks.length) {
        const p = el(doc, "p", "state empty", "No article text found on this page.");
        p.setAttribute("role", "status");
        const notes = el(doc, "div", "notes");
        for (const note of view.notes) notes.append(el(doc, "p", "", note));
        content.replaceChildren(p, notes);
        setLauncher("no article text found");
        return;
      }

      // The passages, made into ranges and highlighted a slice at a time.
      // Statements, then the claims not attributed (those are statements
      // already), walked by index: no list of pairs to build all at once.
      const nStatements = view.statements.length;
      const jobCount = nStatements + view.claims.length;
      let passages = nStatements;
      for (const c of view.claims) if (c.status !== "attributed") passages++;
      const drawn = { statement: [], claim: [] }; // each in the report's (reading) order
      // A page with thousands of passages gets highlights only near the
      // viewport: the browser re-checks every highlighted range on each
      // change, which would freeze the page with tens of thousands.
      const windowed = passages > WINDOW_ABOVE && typeof map.elementOf === "function" && typeof win.IntersectionObserver === "function";
      const byBlock = new Map(); // page block -> its entries (windowed)
      let deadline = performance.now() + SLICE_MS;
      for (let i = 0; i < jobCount; i++) {
        if ((i & 31) === 0 && performance.now() > deadline) {
          setProgress(`Marking passages: ${Math.round((100 * i) / jobCount)}%`);
          await yieldToPage();
          if (gen !== generation) return;
          deadline = performance.now() + SLICE_MS;
        }
        const type = i < nStatements ? "statement" : "claim";
        const data = i < nStatements ? view.statements[i] : view.claims[i - nStatements];
        if (type === "claim" && data.status === "attributed") continue;
        const block = view.blocks[data.block];
        if (!block || typeof data.start !== "number") continue;
        const entry = entryOf(type, data, windowed);
        entry.order = block.input * 1e7 + data.start;
        if (windowed) {
          if (!byBlock.has(block.input)) byBlock.set(block.input, []);
          byBlock.get(block.input).push(entry);
          drawn[type].push(entry);
        } else if (entry.range) {
          draw(entry);
          drawn[type].push(entry);
        }
      }
      if (windowed) {
        windowObserver = await watchViewport(byBlock, gen);
        if (gen !== generation) return;
        // The observer reports what is in view at the next frame: wait two,
        // so "done" means the passages on screen are highlighted (a hidden
        // tab paints no frames: at most 200 ms).
        await new Promise((resolve) => {
          const timer = win.setTimeout(resolve, 200);
          win.requestAnimationFrame(() => win.requestAnimationFrame(() => {
            win.clearTimeout(timer);
            resolve();
          }));
        });
      }
      if (gen !== generation) return;
      // Reading order, for the navigator: statements and claims each come in
      // reading order already, so a merge does (a sort would be a long task
      // on a huge page).
      hints = await mergeInOrder(drawn.statement, drawn.claim);
      if (gen !== generation) return;

      setProgress("Listing the sources\u2026");
      await yieldToPage();
      if (gen !== generation) return;
      panelView = await globalThis.sourcecheckPanel.render(doc, view, {
        wire, shown, onFilter: applyFilter, onPrev: () => step(-1), onNext: () => step(1), onCopy, onDownload,
      });
      if (gen !== generation) return;
      content.replaceChildren(...panelView.nodes);
      const lacking = view.claims.filter((c) => c.status === "unsourced").length;
      const said = `${plural(view.statements.length, "statement", "statements")}, ${plural(lacking, "claim", "claims")} without a source`;
      setLauncher(said);
      announce(`Analysis done: ${said}.`);
    }

    // ---- pointer -----------------------------------------------------------------

    // The highlighted entry under the pointer, the smallest if they nest.
    function entryAt(x, y) {
      const caret = caretAt(doc, x, y);
      if (!caret || !map || !map.blockOf) return null;
      const candidates = index.get(map.blockOf(caret.node));
      if (!candidates) return null;
      let best = null;
      for (const entry of candidates) {
        if (!shown[entry.status]) continue;
        let inside = false;
        try {
          inside = entry.range.isPointInRange(caret.node, caret.offset);
        } catch {
          inside = false; // a node from elsewhere (our own shadow tree)
        }
        if (!inside || !rectsContain(entry.range, x, y)) continue;
        const size = entry.data.text.length;
        if (!best || size < best.data.text.length) best = entry;
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
        const entry = entryAt(x, y);
        if (!entry) {
          if (hovered && hovered.fromPointer) hideCard();
          return;
        }
        if (hovered && hovered.entry === entry && hovered.fromPointer) return;
        hovered = { entry, fromPointer: true };
        showCard(entry, { left: x, right: x, top: y - 10, bottom: y + 10 });
      });
    }

    // ---- events ------------------------------------------------------------------

    doc.addEventListener("mousemove", onPointerMove, { passive: true, signal });
    doc.addEventListener("scroll", () => {
      if (hovered && hovered.fromPointer) hideCard();
    }, { passive: true, capture: true, signal });
    closeButton.addEventListener("click", () => close(), { signal });
    hideButton.addEventListener("click", () => setPanelOpen(false), { signal });
    launcher.addEventListener("click", () => setPanelOpen(true), { signal });

    // Keys inside the panel: Esc closes; arrows move between entries.
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        close();
        return;
      }
      const t = root.activeElement;
      if (!t || !t.classList) return;
      if ((e.key === "ArrowDown" || e.key === "ArrowUp" || e.key === "Home" || e.key === "End") && t.classList.contains("item")) {
        const all = [...content.querySelectorAll(".item")].filter((b) => b.offsetParent !== null);
        const i = all.indexOf(t);
        const j = e.key === "Home" ? 0 : e.key === "End" ? all.length - 1 : i + (e.key === "ArrowDown" ? 1 : -1);
        if (all[j]) {
          e.preventDefault();
          all[j].focus();
        }
      } else if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && (t.classList.contains("prev") || t.classList.contains("next"))) {
        e.preventDefault();
        step(e.key === "ArrowRight" ? 1 : -1);
      }
    }, { signal });

    // Esc from the page closes too, unless the page used it (a menu, a field).
    win.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || e.defaultPrevented || e.target === host) return;
      const t = e.target;
      if (t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.localName || ""))) return;
      close();
    }, { signal });

    // ---- closing -------------------------------------------------------------------

    function close() {
      if (closed) return;
      closed = true;
      generation++;
      hl.remove();
      if (windowObserver) unwatch(windowObserver);
      listeners.abort(); // every listener above was added with this signal
      host.remove();
      if (typeof options.onClose === "function") options.onClose();
    }

    // Jumps to a statement, claim or link by id (the www demo's table uses it).
    function reveal(type, id) {
      if (!view) return false;
      const list = type === "statement" ? view.statements : type === "claim" ? view.claims : view.links.flatMap((g) => g.links);
      const data = list.find((d) => d.id === id);
      if (!data) return false;
      activate(entryOf(type, data), true);
      return true;
    }

    showLoading();
    setPanelOpen(settings.panelOpen, true);
    return {
      host,
      showReport,
      showError,
      setProgress,
      reveal,
      close,
      get closed() {
        return closed;
      },
    };
  }

  globalThis.sourcecheckOverlay = Object.freeze({ open, HOST_TAG, matches });
})();
