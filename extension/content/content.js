// The toggle, run each time the toolbar button (or its shortcut) is used:
// background.js injects the content scripts, this file last, after setting
// globalThis.__sourcecheckRequest = {mode, action}: mode "side" when the
// browser's side panel shows the report (Chrome's side panel, Firefox's
// sidebar), "page" for the panel in the page; action "open" (show, or keep
// showing), "close" (close if shown) or "toggle" (close when shown, else
// open: the in-page panel's button). Not shown yet: read the page,
// hand it to the background for the analysis (the wasm cannot run here
// under a strict page CSP), draw the report.
//
// Everything big moves in slices: the page is read a few milliseconds at a
// time, sent in parts, and the report comes back in parts, so even a
// million-word page never blocks the page's main thread for long.
//
// The files are injected on the first click in a tab, into the extension's
// isolated world; each later click only calls globalThis.__sourcecheckRun
// (background.js, one executeScript and no files), so a warm click does not
// read, compile and run fourteen files again. The state lives on a global
// rather than in this closure, and so does the one listener for the side
// panel's requests (reveal a passage, filters, the navigator), which
// content.js relays to the overlay.
(() => {
  "use strict";
  const api = globalThis.browser ?? globalThis.chrome;
  const state = (globalThis.__sourcecheckState ??= { overlay: null, opening: false, listening: false, status: null });

  // Tells the side panel (and the background) how this tab is doing; no
  // listener (no side panel) is fine.
  const tell = (message) => {
    try {
      const sent = api.runtime.sendMessage(message);
      if (sent && typeof sent.catch === "function") sent.catch(() => {});
    } catch {
      // The extension was reloaded under us: nothing to tell.
    }
  };
  // Progress changes every few milliseconds on a long page: the panel hears
  // of it at most every 150 ms; every other change at once.
  let toldAt = 0;
  const tellStatus = (status, detail) => {
    const same = state.status && state.status.status === status;
    state.status = { status, detail: detail ?? "" };
    const now = Date.now();
    if (status === "analysing" && same && now - toldAt < 150) return;
    toldAt = now;
    tell({ type: "sourcecheck:status", status, detail: detail ?? "" });
  };

  if (!state.listening) {
    state.listening = true;
    api.runtime.onMessage.addListener((message, sender, sendResponse) => {
      // Only the extension's own pages (the side panel) ask; never the page.
      if (sender.id !== api.runtime.id || sender.tab || !message || typeof message.type !== "string") return false;
      const overlay = state.overlay;
      const reply = (value) => {
        sendResponse(value);
        return false;
      };
      switch (message.type) {
        case "sourcecheck:state":
          return reply({ open: !!overlay && !overlay.closed, url: location.href, ...(state.status ?? { status: "closed", detail: "" }), filters: overlay ? overlay.filterState() : null });
        case "sourcecheck:report":
          // Only when the background lost its copy (a restarted worker).
          return reply(overlay && overlay.report ? { ok: true, json: JSON.stringify(overlay.report) } : { ok: false });
        default:
          break;
      }
      if (!overlay || overlay.closed) return reply({ ok: false, error: "closed" });
      switch (message.type) {
        case "sourcecheck:reveal":
          return reply({ ok: overlay.reveal(message.kind, message.id, message.flash !== false) });
        case "sourcecheck:preview":
          return reply({ ok: overlay.preview(message.kind, message.id) });
        case "sourcecheck:unpreview":
          overlay.unpreview();
          return reply({ ok: true });
        case "sourcecheck:step":
          return reply({ ok: true, selected: overlay.step(message.dir < 0 ? -1 : 1) });
        case "sourcecheck:filter":
          overlay.setStatus(String(message.status), !!message.on);
          return reply({ ok: true });
        case "sourcecheck:category":
          overlay.setCategory(String(message.category), !!message.on);
          return reply({ ok: true });
        case "sourcecheck:uncertain":
          overlay.setHideUncertain(!!message.hide);
          return reply({ ok: true });
        case "sourcecheck:close":
          overlay.close();
          return reply({ ok: true });
        default:
          return false;
      }
    });
  }

  // When the report is drawn in the page: a mark after the next frame, which
  // the timing tests read (the page's performance timeline; removed on close).
  const PAINTED = "sourcecheck-painted";
  const markPainted = () => {
    requestAnimationFrame(() => setTimeout(() => {
      performance.clearMarks(PAINTED);
      if (state.overlay && !state.overlay.closed) performance.mark(PAINTED);
    }, 0));
  };

  function toggle(request) {
    if (state.overlay) {
      if (request.action === "open") {
        // Already shown: the side panel (re)opened; say how we are.
        if (state.status) tellStatus(state.status.status, state.status.detail);
        return;
      }
      state.overlay.close(); // onClose clears state.overlay
      return;
    }
    if (request.action === "close") return;
    if (state.opening) return; // a second click while the settings load
    state.opening = true;
    run(request).catch((err) => {
      state.opening = false;
      console.error("sourcecheck:", err);
    });
  }

  // The one threshold of the parts protocol: a page with less text than
  // this goes in one message (and its report comes back in one); more, and
  // both travel in parts. background.js follows whatever this side sends.
  const PART_CHARS = 256 * 1024; // page text per message
  const send = (message) => api.runtime.sendMessage(message);
  const errorText = (err) => (err && err.message ? err.message : String(err));
  const t = globalThis.sourcecheckDom.t;
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
    const report = reply.head;
    const total = Object.values(reply.sizes).reduce((a, b) => a + b, 0) || 1;
    let done = 0;
    for (const [field, size] of Object.entries(reply.sizes)) {
      const items = [];
      while (items.length < size) {
        const part = await send({ type: "sourcecheck:part", id, field, start: items.length });
        if (!part || !part.ok) throw new Error((part && part.error) || t("analysisGone"));
        if (!part.items.length) break;
        for (const item of part.items) items.push(item);
        done += part.items.length;
        overlay.setProgress(t("progressReceiving", Math.round((100 * done) / total)));
        await yieldToPage();
        if (overlay.closed) return null;
      }
      report[field] = items;
    }
    return report;
  }

  async function run(request) {
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
      mode: request.mode,
      onState: tellStatus,
      onSelect(entry, position) {
        tell({ type: "sourcecheck:selected", kind: entry.type, id: entry.data.id, position });
      },
      onClose() {
        if (state.overlay === overlay) state.overlay = null;
        state.status = null;
        performance.clearMarks(PAINTED);
        // Give the focus back to where the reader was.
        if (before && before.isConnected && typeof before.focus === "function") before.focus({ preventScroll: true });
      },
    });
    state.overlay = overlay;

    let reading;
    try {
      reading = await globalThis.sourcecheckPageReader.readPageAsync(document, location.href, {
        skip: overlay.host,
        onProgress: (n) => overlay.setProgress(t("progressReading", n.toLocaleString("en"))),
      });
    } catch (err) {
      overlay.showError(t("readFailed", errorText(err)));
      return;
    }
    if (overlay.closed) return;

    const chars = reading.page.blocks.reduce((n, b) => n + b.text.length, 0);
    if (chars < PART_CHARS) {
      // A short page goes in one message and its report comes back in one:
      // one round trip to the background instead of four.
      try {
        const reply = await send({ type: "sourcecheck:analyze", page: reading.page, panel: panelView(overlay) });
        if (overlay.closed) return;
        if (!reply || !reply.ok) {
          overlay.showError((reply && reply.error) || t("noAnswer"));
          return;
        }
        await overlay.showReport(JSON.parse(reply.json), reading.map);
        markPainted();
      } catch (err) {
        if (!overlay.closed) overlay.showError(errorText(err));
      }
      return;
    }
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
    try {
      overlay.setProgress(t("progressLong", Math.round(chars / 6).toLocaleString("en")));
      await sendPage(id, reading.page);
      reading.page = null; // the background has it now: less heap, shorter GC pauses
      const reply = await send({ type: "sourcecheck:run", id, panel: panelView(overlay) });
      if (overlay.closed) return;
      if (!reply || !reply.ok) {
        overlay.showError((reply && reply.error) || t("noAnswer"));
        return;
      }
      const report = await receiveReport(id, reply, overlay);
      if (!report || overlay.closed) return;
      await overlay.showReport(report, reading.map);
      markPainted();
    } catch (err) {
      if (!overlay.closed) overlay.showError(errorText(err));
    } finally {
      send({ type: "sourcecheck:end", id }).catch(() => {});
    }
  }

  // What the side panel needs beside the report to draw it as the page will:
  // the background hands both to the panel as soon as the analysis is done,
  // so the panel draws while the page paints (no round trips after "ready").
  function panelView(overlay) {
    return { filters: overlay.filterState(), url: location.href };
  }

  // Later clicks call this; false when this copy was orphaned (the extension
  // reloaded under it), so background.js injects the files again.
  globalThis.__sourcecheckRun = (request) => {
    if (!api.runtime || !api.runtime.id) return false;
    toggle(request);
    return true;
  };
  const request = globalThis.__sourcecheckRequest ?? { mode: "page", action: "toggle" };
  globalThis.__sourcecheckRequest = undefined;
  toggle(request);
})();
