// The toggle, run each time the toolbar button (or its shortcut) is used:
// background.js injects page-reader.js, overlay.js and this file, in order.
// Shown: close it. Hidden: read the page, ask the background for the
// analysis (the wasm cannot run here under a strict page CSP), draw it.
//
// The files are injected anew on every click, into the same isolated world,
// so the state lives on a global rather than in this closure.
(() => {
  "use strict";
  const api = globalThis.browser ?? globalThis.chrome;
  const state = (globalThis.__sourcecheckState ??= { overlay: null });

  if (state.overlay) {
    state.overlay.close(); // onClose clears state.overlay
    return;
  }

  const before = document.activeElement;
  const overlay = globalThis.sourcecheckOverlay.open(document, {
    onClose() {
      if (state.overlay === overlay) state.overlay = null;
      // Give the focus back to where the reader was.
      if (before && before.isConnected && typeof before.focus === "function") before.focus({ preventScroll: true });
    },
  });
  state.overlay = overlay;

  let reading;
  try {
    reading = globalThis.sourcecheckPageReader.readPage(document, location.href, { skip: overlay.host });
  } catch (err) {
    overlay.showError(`Could not read this page: ${err && err.message ? err.message : err}`);
    return;
  }

  api.runtime
    .sendMessage({ type: "sourcecheck:analyze", page: reading.page })
    .then((reply) => {
      if (overlay.closed) return; // closed while we waited
      if (reply && reply.ok) overlay.showReport(reply.report, reading.map);
      else overlay.showError((reply && reply.error) || "No answer from the analysis.");
    })
    .catch((err) => {
      if (!overlay.closed) overlay.showError(String(err && err.message ? err.message : err));
    });
})();
