// Painting: turns a view's statements, claims and links into ranges of the
// page and highlights them (highlights.js), keeps the hit-test index (which
// passages lie in which page block), and on huge pages paints only the
// window near the viewport, following the reader as they scroll.
//
// A classic script: it only defines globalThis.sourcecheckPaint. Which
// passages are visible (status, kind of statement, confidence) is the
// navigator's decision (navigate.js); the painter asks `filters`.
(() => {
  "use strict";
  if (globalThis.sourcecheckPaint) return; // injected again: keep the first

  const { matches, caretAt, rectsContain, yieldToPage } = globalThis.sourcecheckDom;
  const SLICE_MS = 8; // work per slice while drawing, well under the 50 ms of a long task
  const WINDOW_ABOVE = 1500; // passages: above this, highlights only near the viewport

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
   * The painter of `doc`. hl: the highlight layer; filters: {shown: {status},
   * passes(entry)} (navigate.js); held(entry): not to be taken away (the
   * passage with the card). Returns {paint, entryOf, resolve, entryAt,
   * refresh, refreshMarks, setProgress, stop}.
   */
  function create(doc, hl, filters, held, setProgress = () => {}) {
    const win = doc.defaultView ?? globalThis;
    let generation = 0;
    let view = null;
    let map = null;
    let index = new Map(); // page block -> entries drawn in it (hit-testing)
    const drawnEntries = new Set(); // entries whose highlights are in the page now
    let all = []; // every entry with a passage, in reading order
    let windowed = null; // huge pages: {observer, targets, byBlock, near}

    const layerOf = (entry) => (entry.data.uncertain ? `${entry.status}-uncertain` : entry.status);

    function rangeOf(blockIndex, start, end, expected) {
      const block = view && view.blocks[blockIndex];
      if (!block || typeof start !== "number" || typeof end !== "number") return null;
      const range = map.rangeFor(block.input, start, end);
      return range && matches(range.toString(), expected) ? range : null;
    }

    // The entry for a statement, claim or link; its range is found on first
    // use (`lazy`: not yet, for the windowed drawing of huge pages). Kept on
    // the view's own object (model.js leaves it null): no map of a hundred
    // thousand entries to grow and rehash on a huge page, where the garbage
    // collector's pauses are what makes long tasks.
    function entryOf(type, data, lazy = false) {
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
      if (entry.drawn || !filters.passes(entry) || !resolve(entry)) return;
      entry.drawn = true;
      const data = entry.data;
      hl.add(layerOf(entry), entry.range);
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
        if (filters.shown[entry.status]) {
          hl.add("source", entry.marks[0]);
          hl.add("cue", entry.marks[1]);
        }
      }
      drawnEntries.add(entry);
    }

    function undraw(entry) {
      if (!entry.drawn) return;
      entry.drawn = false;
      hl.delete(layerOf(entry), entry.range);
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

    // Draws the entries of the blocks near the viewport, and takes away those
    // that scrolled far off, as the reader moves through a huge page. The
    // block elements are observed a slice at a time: tens of thousands at
    // once would be a long task.
    async function watchViewport(byBlock, gen) {
      const blocksOf = new Map(); // element -> page blocks it shows
      const near = new Set(); // page blocks near the viewport now
      const observer = new win.IntersectionObserver((changes) => {
        if (gen !== generation) return;
        for (const change of changes) {
          for (const b of blocksOf.get(change.target) ?? []) {
            if (change.isIntersecting) near.add(b);
            else near.delete(b);
            for (const entry of byBlock.get(b) ?? []) {
              if (change.isIntersecting) draw(entry);
              else if (!held(entry)) undraw(entry);
            }
          }
        }
      }, { rootMargin: "150% 0px" });
      const watching = { observer, targets: [], byBlock, near };
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

    function stop() {
      generation++;
      if (windowed) unwatch(windowed);
      windowed = null;
    }

    /**
     * Paints `newView` (model.js) over the page `newMap` (page-reader.js)
     * describes; resolves to the highlighted entries in reading order, or
     * null when a newer paint or stop() overtook it.
     */
    async function paint(newView, newMap) {
      stop();
      const gen = generation;
      view = newView;
      map = newMap;
      index = new Map();
      drawnEntries.clear();
      all = [];
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
      const isWindowed = passages > WINDOW_ABOVE && typeof map.elementOf === "function" && typeof win.IntersectionObserver === "function";
      const byBlock = new Map(); // page block -> its entries (windowed)
      let deadline = performance.now() + SLICE_MS;
      for (let i = 0; i < jobCount; i++) {
        if ((i & 31) === 0 && performance.now() > deadline) {
          setProgress(Math.round((100 * i) / jobCount));
          await yieldToPage();
          if (gen !== generation) return null;
          deadline = performance.now() + SLICE_MS;
        }
        const type = i < nStatements ? "statement" : "claim";
        const data = i < nStatements ? view.statements[i] : view.claims[i - nStatements];
        if (type === "claim" && data.status === "attributed") continue;
        const block = view.blocks[data.block];
        if (!block || typeof data.start !== "number") continue;
        const entry = entryOf(type, data, isWindowed);
        entry.order = block.input * 1e7 + data.start;
        if (isWindowed) {
          if (!byBlock.has(block.input)) byBlock.set(block.input, []);
          byBlock.get(block.input).push(entry);
          drawn[type].push(entry);
        } else if (entry.range) {
          draw(entry);
          drawn[type].push(entry);
        }
      }
      if (isWindowed) {
        windowed = await watchViewport(byBlock, gen);
        if (gen !== generation) return null;
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
      if (gen !== generation) return null;
      // Reading order, for the navigator: statements and claims each come in
      // reading order already, so a merge does (a sort would be a long task
      // on a huge page).
      all = await mergeInOrder(drawn.statement, drawn.claim);
      return gen === generation ? all : null;
    }

    // After a change of kinds or of the uncertain setting: passages that no
    // longer pass are taken out, those that pass again are put back (on a
    // huge page, those near the viewport; the rest as the reader scrolls).
    function refresh() {
      for (const e of [...drawnEntries]) if (!filters.passes(e)) undraw(e);
      if (windowed) {
        for (const b of windowed.near) for (const e of windowed.byBlock.get(b) ?? []) draw(e);
      } else {
        for (const e of all) draw(e);
      }
      refreshMarks();
    }

    // Speaker names and cues belong to their statement's status.
    function refreshMarks() {
      const marks = [[], []];
      for (const e of drawnEntries) {
        if (e.marks && filters.shown[e.status]) {
          marks[0].push(e.marks[0]);
          marks[1].push(e.marks[1]);
        }
      }
      hl.replace("source", marks[0]);
      hl.replace("cue", marks[1]);
    }

    // The highlighted entry under the pointer, the smallest if they nest.
    function entryAt(x, y) {
      const caret = caretAt(doc, x, y);
      if (!caret || !map || !map.blockOf) return null;
      const candidates = index.get(map.blockOf(caret.node));
      if (!candidates) return null;
      let best = null;
      for (const entry of candidates) {
        if (!filters.shown[entry.status]) continue;
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

    return { paint, entryOf, resolve, entryAt, refresh, refreshMarks, stop };
  }

  globalThis.sourcecheckPaint = Object.freeze({ create, SLICE_MS });
})();
