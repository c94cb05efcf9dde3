// The toggle, run each time the toolbar button (or its shortcut) is used:
// background.js injects the content scripts, this file last. Shown: close
// it. Hidden: read the page, hand it to the background for the analysis (the
// wasm cannot run here under a strict page CSP), draw the report.
//
// Everything big moves in slices: the page is read a few milliseconds at a
// time, sent in parts, and the report comes back in parts, so even a
// million-word page never blocks the page's main thread for long.
//
// The files are injected anew on every click, into the same isolated world,
// so the state lives on a global rather than in this closure.
(() => {
  "use strict";
  const api = globalThis.browser ?? globalThis.chrome;
  const state = (globalThis.__sourcecheckState ??= { overlay: null, opening: false });

  if (state.overlay) {
    state.overlay.close(); // onClose clears state.overlay
    return;
  }
  if (state.opening) return; // a second click while the settings load
  state.opening = true;

  const PART_CHARS = 256 * 1024; // page text per message
  const send = (message) => api.runtime.sendMessage(message);
  const errorText = (err) => (err && err.message ? err.message : String(err));
  const yieldToPage = () => globalThis.sourcecheckPageReader.yieldToPage();

  async function sendPage(id, page) {
    await send({ type: "sourcecheck:begin", id, url: page.url, title: page.title });
    let batch = [];
    let size = 0;
    for (const block of page.blocks) {
      batch.push(block);
      size += block.text.length + 64;
      if (size >= PART_CHARS) {
        await send({ type: "sourcecheck:blocks", id, blocks: batch });
        batch = [];
        size = 0;
      }
    }
    if (batch.length) await send({ type: "sourcecheck:blocks", id, blocks: batch });
  }

  // The report's long arrays arrive a part at a time and are put back together.
  async function receiveReport(id, reply, overlay) {
    if (typeof reply.json === "string") return JSON.parse(reply.json);
    const report = reply.head;
    const total = Object.values(reply.sizes).reduce((a, b) => a + b, 0) || 1;
    let done = 0;
    for (const [field, size] of Object.entries(reply.sizes)) {
      const items = [];
      while (items.length < size) {
        const part = await send({ type: "sourcecheck:part", id, field, start: items.length });
        if (!part || !part.ok) throw new Error((part && part.error) || "the analysis went away");
        if (!part.items.length) break;
        for (const item of part.items) items.push(item);
        done += part.items.length;
        overlay.setProgress(`Receiving the results: ${Math.round((100 * done) / total)}%`);
        await yieldToPage();
        if (overlay.closed) return null;
      }
      report[field] = items;
    }
    return report;
  }

  async function run() {
    let settings;
    try {
      settings = await globalThis.sourcecheckSettings.load();
    } finally {
      state.opening = false;
    }
    const before = document.activeElement;
    const overlay = globalThis.sourcecheckOverlay.open(document, {
      settings,
      url: location.href,
      onClose() {
        if (state.overlay === overlay) state.overlay = null;
        // Give the focus back to where the reader was.
        if (before && before.isConnected && typeof before.focus === "function") before.focus({ preventScroll: true });
      },
    });
    state.overlay = overlay;

    let reading;
    try {
      reading = await globalThis.sourcecheckPageReader.readPageAsync(document, location.href, {
        skip: overlay.host,
        onProgress: (n) => overlay.setProgress(`Reading the page: ${n.toLocaleString("en")} paragraphs`),
      });
    } catch (err) {
      overlay.showError(`Could not read this page: ${errorText(err)}`);
      return;
    }
    if (overlay.closed) return;

    const chars = reading.page.blocks.reduce((n, b) => n + b.text.length, 0);
    if (chars < PART_CHARS) {
      // A short page goes in one message and its report comes back in one:
      // one round trip to the background instead of four.
      try {
        const reply = await send({ type: "sourcecheck:analyze", page: reading.page });
        if (overlay.closed) return;
        if (!reply || !reply.ok) {
          overlay.showError((reply && reply.error) || "No answer from the analysis.");
          return;
        }
        await overlay.showReport(JSON.parse(reply.json), reading.map);
      } catch (err) {
        if (!overlay.closed) overlay.showError(errorText(err));
      }
      return;
    }
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    try {
      overlay.setProgress(chars > 200000 ? `Analysing a long page (${Math.round(chars / 6).toLocaleString("en")} words or so)` : "");
      await sendPage(id, reading.page);
      reading.page = null; // the background has it now: less heap, shorter GC pauses
      const reply = await send({ type: "sourcecheck:run", id });
      if (overlay.closed) return;
      if (!reply || !reply.ok) {
        overlay.showError((reply && reply.error) || "No answer from the analysis.");
        return;
      }
      const report = await receiveReport(id, reply, overlay);
      if (!report || overlay.closed) return;
      await overlay.showReport(report, reading.map);
    } catch (err) {
      if (!overlay.closed) overlay.showError(errorText(err));
    } finally {
      send({ type: "sourcecheck:end", id }).catch(() => {});
    }
  }

  run().catch((err) => {
    state.opening = false;
    console.error("sourcecheck:", err);
  });
})();
