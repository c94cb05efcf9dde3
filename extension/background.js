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

// Classic scripts injected in this order, one feature each; content.js,
// last, toggles the overlay. The www demo loads the same files (content.js
// aside), and the side panel page those it shares (sidepanel/sidepanel.html).
const CONTENT_SCRIPTS = [
  "content/settings.js",
  "content/dom.js",
  "content/page-rules.js",
  "content/page-reader.js",
  "content/model.js",
  "content/styles.js",
  "content/highlights.js",
  "content/card.js",
  "content/export.js",
  "content/panel.js",
  "content/paint.js",
  "content/navigate.js",
  "content/overlay.js",
  "content/content.js",
];

// A long page travels in parts: content.js alone decides when (one
// threshold, its PART_CHARS); its blocks arrive in several messages, and the
// report leaves in slices of its long arrays, so neither side serializes
// megabytes on the page's main thread at once.
const PART_SIZE = { blocks: 100, entities: 500, attributions: 300, claims: 300, links: 500 };
const sessions = new Map(); // id -> {tab, page, report, at}
// Messages of each kind received, so the e2e tests can tell a page really
// travelled in parts (read through the worker; nothing else uses them).
const stats = { analyze: 0, begin: 0, blocks: 0, run: 0, part: 0 };

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
  console.error("sourcecheck: the analysis engine trapped; the next page gets a fresh instance", err);
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

/**
 * Analyses one page model; resolves to {ok, json} with the report as a JSON
 * string, or {ok: false, error}. A string because the engine writes one
 * faster than it builds JavaScript objects, and a string crosses to the page
 * more cheaply than an object tree (see src/wasm.rs).
 */
async function analyzeJson(page) {
  try {
    await ensureReady();
  } catch (err) {
    return { ok: false, error: `could not load the analysis engine: ${errorText(err)}` };
  }
  try {
    return { ok: true, json: sourcecheck.analyze_page_json(page) };
  } catch (err) {
    recoverFromTrap(err);
    return { ok: false, error: errorText(err) };
  }
}

/** Analyses one page model; resolves to {ok, report} or {ok: false, error}. */
async function analyze(page) {
  const reply = await analyzeJson(page);
  return reply.ok ? { ok: true, report: JSON.parse(reply.json) } : reply;
}

// The browser's side panel: Chrome's sidePanel (the "sidePanel"
// permission), Firefox's sidebar (sidebar_action), or none (then the panel
// docks in the page). Asked at each click, not once.
function sidePanelKind() {
  if (api.sidePanel && typeof api.sidePanel.open === "function") return "chrome";
  if (api.sidebarAction && typeof api.sidebarAction.open === "function") return "firefox";
  return null;
}

const panels = new Map(); // window id -> the port of the side panel open in it
const shownTabs = new Map(); // tab id -> window id, where the overlay is up
const reports = new Map(); // tab id -> {json} or {report}: what its side panel shows
// Panels the toolbar button is closing: it closes its own tab's overlay, and
// the other tabs keep theirs (their next click brings the panel back); only
// a panel the reader closes takes sourcecheck away from the whole window. So
// a click that reopens the panel while the old one is still going never has
// its new overlay closed by the old panel's leaving.
const closing = new WeakSet();

// Both browsers let the side panel open only from a user gesture, and count
// one only while the click's handler runs: so these are called first, before
// anything is awaited (Firefox: sidebarAction.open() from a user-input
// handler; Chrome: sidePanel.open() "in response to a user action").
function openPanel(kind, tab) {
  const failed = (err) => console.warn(`sourcecheck: the side panel did not open: ${errorText(err)}`);
  try {
    const opened = kind === "chrome" ? api.sidePanel.open({ windowId: tab.windowId }) : api.sidebarAction.open();
    Promise.resolve(opened).catch(failed);
  } catch (err) {
    failed(err); // some versions throw at once rather than reject
  }
}

function closePanel(kind, windowId) {
  const failed = (err) => console.warn(`sourcecheck: the side panel did not close: ${errorText(err)}`);
  try {
    let closed = null;
    if (kind === "chrome" && typeof api.sidePanel.close === "function") closed = api.sidePanel.close({ windowId });
    else if (kind === "firefox" && typeof api.sidebarAction.close === "function") closed = api.sidebarAction.close();
    Promise.resolve(closed).catch(failed);
  } catch (err) {
    failed(err);
  }
}

/**
 * What a click on the toolbar button (or its shortcut) does. Not shown in
 * this tab, or its side panel closed: open the side panel and show the tab's
 * report (analysing it first). Shown with its panel: close both. Without a
 * side panel, the overlay in the page toggles.
 */
function toggle(tab) {
  if (!tab || tab.id === undefined) return Promise.resolve();
  const kind = sidePanelKind();
  let action = "toggle";
  if (kind) {
    if (shownTabs.has(tab.id) && panels.has(tab.windowId)) {
      // The tab is forgotten at once, so a quick next click opens again.
      closing.add(panels.get(tab.windowId));
      forget(tab.id);
      closePanel(kind, tab.windowId);
      // "close", not "toggle": the closing panel may close the overlay first
      // (see onConnect), and a toggle arriving after it would open it again.
      action = "close";
    } else {
      openPanel(kind, tab);
      action = "open";
    }
  }
  ensureReady().catch(() => {}); // load the wasm while the page is being read
  return inject(tab, kind ? "side" : "page", action);
}

// One injection at a time per tab: the request global set by the first
// call must be the one content.js of the same click reads.
const injecting = new Map(); // tab id -> the last injection's promise
function inject(tab, mode, action) {
  const next = (injecting.get(tab.id) ?? Promise.resolve()).then(() => injectNow(tab, mode, action));
  injecting.set(tab.id, next);
  next.then(() => {
    if (injecting.get(tab.id) === next) injecting.delete(tab.id);
  });
  return next;
}

async function injectNow(tab, mode, action) {
  try {
    await api.scripting.executeScript({
      target: { tabId: tab.id },
      func: (request) => {
        globalThis.__sourcecheckRequest = request;
      },
      args: [{ mode, action }],
    });
    await api.scripting.executeScript({ target: { tabId: tab.id }, files: CONTENT_SCRIPTS });
  } catch (err) {
    // Pages the extension may not script: the browser's own pages, the web store.
    console.warn(`sourcecheck: cannot run on this page: ${errorText(err)}`);
  }
}

api.action.onClicked.addListener(toggle);

// The side panel says which window it is in, on a port: when the reader
// closes it, sourcecheck closes in that window's tabs too, so a page is not
// left highlighted without its panel.
api.runtime.onConnect.addListener((port) => {
  if (port.name !== "sourcecheck-panel" || (port.sender && port.sender.id !== api.runtime.id)) return;
  let windowId = null;
  port.onMessage.addListener((message) => {
    if (message && typeof message.windowId === "number") {
      windowId = message.windowId;
      panels.set(windowId, port);
    }
  });
  port.onDisconnect.addListener(() => {
    if (windowId === null || panels.get(windowId) !== port) return;
    panels.delete(windowId);
    if (closing.has(port)) return;
    for (const [tabId, w] of shownTabs) {
      if (w === windowId) api.tabs.sendMessage(tabId, { type: "sourcecheck:close" }).catch(() => {});
    }
  });
});

function forget(tabId) {
  shownTabs.delete(tabId);
  reports.delete(tabId);
}
api.tabs.onRemoved.addListener(forget);
// A new page in the tab: its content scripts, and so its overlay, are gone.
api.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === "loading") forget(tabId);
});

// The engine is compiled as soon as the worker starts, not on the first
// click (a click wakes a stopped worker, and the compilation then overlaps
// the injection and the page reading), and runs one short analysis: V8
// runs wasm from its quick baseline compiler first and optimises what has
// run, so the reader's first click gets warm code. A few milliseconds of
// the worker's time.
const WARM_UP = "“We will rebuild,” Mayor Ana Ruiz said on Tuesday.\n\nThe storm destroyed 40 homes, officials said.";
ensureReady()
  .then(() => sourcecheck.analyze_text_json(WARM_UP))
  .catch((err) => {
    recoverFromTrap(err);
    console.warn(`sourcecheck: the analysis engine did not load yet: ${errorText(err)}`);
  });

// Sessions nobody finished (a tab closed mid-way) are dropped after a while.
function sweep() {
  const old = Date.now() - 5 * 60 * 1000;
  for (const [id, s] of sessions) if (s.at < old) sessions.delete(id);
}

/** One message of the parts protocol; resolves to the reply. */
async function session(message, tab) {
  const { id } = message;
  const kind = message.type.slice("sourcecheck:".length);
  if (kind in stats) stats[kind]++;
  if (typeof id !== "string") return { ok: false, error: "no session id" };
  if (message.type === "sourcecheck:begin") {
    sweep();
    sessions.set(id, { tab, page: { url: message.url ?? null, title: message.title ?? null, blocks: [] }, report: null, at: Date.now() });
    return { ok: true };
  }
  const s = sessions.get(id);
  if (message.type === "sourcecheck:end") {
    sessions.delete(id);
    return { ok: true };
  }
  if (!s || s.tab !== tab) return { ok: false, error: "the analysis session expired: try again" };
  if (message.type === "sourcecheck:blocks") {
    if (!Array.isArray(message.blocks)) return { ok: false, error: "blocks must be a list" };
    for (const b of message.blocks) s.page.blocks.push(b);
    return { ok: true };
  }
  if (message.type === "sourcecheck:run") {
    const reply = await analyzeJson(s.page);
    s.page = null;
    if (!reply.ok) return reply;
    const report = JSON.parse(reply.json);
    s.report = report;
    if (tab !== null) reports.set(tab, { json: reply.json });
    const head = {};
    const sizes = {};
    for (const [key, value] of Object.entries(report)) {
      if (PART_SIZE[key] && Array.isArray(value)) sizes[key] = value.length;
      else head[key] = value;
    }
    return { ok: true, head, sizes };
  }
  if (message.type === "sourcecheck:part") {
    const list = s.report && PART_SIZE[message.field] ? s.report[message.field] : null;
    if (!Array.isArray(list)) return { ok: false, error: "no such part" };
    const start = Math.max(0, Number(message.start) || 0);
    s.at = Date.now();
    return { ok: true, items: list.slice(start, start + PART_SIZE[message.field]) };
  }
  return { ok: false, error: `unknown message ${message.type}` };
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own content scripts and pages talk to us; nothing outside the extension can.
  if (sender.id !== api.runtime.id || !message || typeof message.type !== "string") return false;
  const tab = sender.tab ? sender.tab.id : null;
  if (message.type === "sourcecheck:analyze") {
    stats.analyze++;
    // A short page in one message, the report back as JSON (content.js).
    analyzeJson(message.page).then((reply) => {
      if (reply.ok && tab !== null) reports.set(tab, { json: reply.json });
      sendResponse(reply);
    });
    return true; // the reply comes asynchronously
  }
  if (message.type === "sourcecheck:status") {
    // A tab's overlay opened, finished or closed (content.js): for the side panel and the toggle.
    if (tab === null) return false;
    if (message.status === "closed") forget(tab);
    else shownTabs.set(tab, sender.tab.windowId);
    return false;
  }
  if (message.type === "sourcecheck:get-report") {
    // The side panel asks for the report of the tab it shows.
    const r = reports.get(message.tabId);
    sendResponse(r ? { ok: true, json: r.json } : { ok: false });
    return false;
  }
  if (message.type === "sourcecheck:selected") return false; // for the side panel
  if (!message.type.startsWith("sourcecheck:")) return false;
  session(message, tab).then(sendResponse, (err) => sendResponse({ ok: false, error: errorText(err) }));
  return true;
});

// The e2e tests drive exactly these through the worker target (a headless
// browser has no toolbar to click).
globalThis.sourcecheckToggle = toggle;
globalThis.sourcecheckAnalyze = analyze;
globalThis.sourcecheckStats = stats;
globalThis.sourcecheckShown = { panels, shownTabs }; // for debugging the toggle, like the stats
