// The extension's own context: Chrome's module service worker, Firefox's
// background page. The wasm analysis runs here, not in the content script,
// because a page's Content-Security-Policy can forbid compiling wasm inside
// it while the extension's own CSP allows it ('wasm-unsafe-eval').
//
// The service worker may only import statically. The namespace import lets
// us use the optional __wbg_reset_state (emitted by wasm-bindgen's
// --experimental-reset-state-function) without failing to load when absent.
import init, * as sourcecheck from "./pkg/sourcecheck.js";

const api = globalThis.browser ?? globalThis.chrome;

// Classic scripts injected in this order; content.js toggles the overlay.
const CONTENT_SCRIPTS = ["content/page-reader.js", "content/overlay.js", "content/content.js"];

let ready = null; // the pending or settled initialisation

function ensureReady() {
  ready ??= init({ module_or_path: api.runtime.getURL("pkg/sourcecheck_bg.wasm") }).catch((err) => {
    ready = null; // let the next request try again
    throw err;
  });
  return ready;
}

// A Rust panic aborts the wasm instance (panic = "abort" traps); its memory
// may be left half-updated, so it must not serve the next page.
function recoverFromTrap(err) {
  if (!(err instanceof WebAssembly.RuntimeError)) return;
  if (typeof sourcecheck.__wbg_reset_state === "function") {
    sourcecheck.__wbg_reset_state(); // a fresh instance of the same module
  } else {
    console.error("sourcecheck: the analysis trapped and this build cannot reset it", err);
  }
}

function errorText(err) {
  if (typeof err === "string") return err;
  if (err && typeof err.message === "string") return err.message;
  return String(err);
}

/** Analyses one page model; resolves to the message reply. */
async function analyze(page) {
  try {
    await ensureReady();
  } catch (err) {
    return { ok: false, error: `could not load the analysis engine: ${errorText(err)}` };
  }
  try {
    return { ok: true, report: sourcecheck.analyze_page(page) };
  } catch (err) {
    recoverFromTrap(err);
    return { ok: false, error: errorText(err) };
  }
}

/** What a click on the toolbar button (or its shortcut) does: toggle the overlay in the tab. */
async function toggle(tab) {
  if (!tab || tab.id === undefined) return;
  ensureReady().catch(() => {}); // load the wasm while the page is being read
  try {
    await api.scripting.executeScript({ target: { tabId: tab.id }, files: CONTENT_SCRIPTS });
  } catch (err) {
    // Pages the extension may not script: the browser's own pages, the web store.
    console.warn(`sourcecheck: cannot run on this page: ${errorText(err)}`);
  }
}

api.action.onClicked.addListener(toggle);

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own content scripts talk to us; nothing outside the extension can.
  if (sender.id !== api.runtime.id || !message || message.type !== "sourcecheck:analyze") return false;
  analyze(message.page).then(sendResponse);
  return true; // the reply comes asynchronously
});

// The e2e tests drive exactly these through the worker target (a headless
// browser has no toolbar to click).
globalThis.sourcecheckToggle = toggle;
globalThis.sourcecheckAnalyze = analyze;
