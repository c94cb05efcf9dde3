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
  requested = true;
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
const reports = new Map(); // tab id -> {json, panel}: what its side panel shows (panel: filters, url)
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
  // Where the click-to-painted timings start (the e2e timing tests read it).
  performance.clearMarks("sourcecheck-click");
  performance.mark("sourcecheck-click");
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
// call must be the one content.js of the same click reads. It starts a
// microtask after the click's handler, after the panel's open: started in
// the handler itself, before the open, Chromium 156 was seen to refuse it
// now and then ("Cannot access contents of the page": the activeTab grant
// had not reached the page yet).
const injecting = new Map(); // tab id -> the last injection's promise
function inject(tab, mode, action) {
  const next = (injecting.get(tab.id) ?? Promise.resolve()).then(() => injectNow(tab, mode, action));
  injecting.set(tab.id, next);
  next.then(() => {
    if (injecting.get(tab.id) === next) injecting.delete(tab.id);
  });
  return next;
}

// The files go in once per page: a later click only calls the entry
// content.js left (one round trip, nothing read or compiled again).
async function injectNow(tab, mode, action, attempt = 0) {
  try {
    const [ran] = await api.scripting.executeScript({
      target: { tabId: tab.id },
      func: (request) => {
        const run = globalThis.__sourcecheckRun;
        if (typeof run === "function" && run(request)) return true;
        globalThis.__sourcecheckRequest = request; // for the content.js injected next
        return false;
      },
      args: [{ mode, action }],
    });
    if (ran && ran.result === true) return;
    await api.scripting.executeScript({ target: { tabId: tab.id }, files: CONTENT_SCRIPTS });
  } catch (err) {
    // The click's activeTab grant can reach a freshly opened tab a moment
    // after the click (Chromium: "Cannot access contents of the page"): try
    // again, twice at most, before giving up.
    if (attempt < 2 && /Cannot access contents/i.test(errorText(err))) {
      await new Promise((resolve) => setTimeout(resolve, 80));
      return injectNow(tab, mode, action, attempt + 1);
    }
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
      // A panel opening on a tab whose report is ready gets it at once.
      if (typeof message.tabId === "number") pushReport(message.tabId, windowId);
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

// The side panel gets a short page's report the moment the analysis is
// done, with what it needs to draw it as the page does (the filters, the
// address): it draws while the page paints (a few milliseconds), instead of
// asking for the report once the page says it is ready (two more round
// trips, one through the page). A long page's report waits for the page's
// "ready": the page paints it in slices for seconds, and an entry clicked in
// the panel before its passage is drawn would find nothing.
function pushReport(tabId, windowId) {
  const port = panels.get(windowId);
  const r = reports.get(tabId);
  if (!port || !r || !r.pushable) return;
  try {
    port.postMessage({ type: "sourcecheck:report", tabId, json: r.json, panel: r.panel ?? null });
  } catch {
    // The panel is going away; it asks again when it comes back.
  }
}

function keepReport(sender, json, panel, pushable) {
  if (!sender.tab) return;
  reports.set(sender.tab.id, { json, panel: panel && typeof panel === "object" ? panel : null, pushable });
  pushReport(sender.tab.id, sender.tab.windowId);
}

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
// the injection and the page reading), and runs a few short analyses of a
// page like a news story: V8 compiles wasm functions lazily, on their first
// call, runs them from its quick baseline compiler and optimises what has
// run, so the reader's first click gets compiled, warm code for the paths a
// story takes (quotes, named and vague sources, figures, a link) instead of
// compiling them while the reader waits (measured on a 1k-word page right
// after the worker started: 90-130 ms for the first click's analysis with
// one two-sentence warm-up, 5-15 ms with this one). Each run is its own
// task, and a real request stops the rest: 100-150 ms of the worker's time
// at start on 2 busy cores, about what compiling the module takes.
const WARM_UP_TEXT = [
  "“We will rebuild,” Mayor Ana Ruiz said on Tuesday, standing outside the flooded hall.",
  "The storm destroyed 40 homes and cut power to 12,000 people, officials said.",
  "Council member Omar Reyes said the repairs would cost about $2.4 million, according to a report by the city engineer.",
  "Experts say ageing pumps are a common weak point; an official who asked not to be named said a pump had failed an inspection.",
  "Prices rose 12 percent last year. The ministry announced that it would review the plan, and residents believe it is too late.",
  "“This barrier will protect forty thousand homes,” said Jane Doe, the project's director, who added that work would start in May.",
];
const WARM_UP_PAGE = {
  url: "https://news.invalid/story",
  title: "Storm damage",
  // Twelve paragraphs of four of those sentences, about 900 words.
  blocks: Array.from({ length: 12 }, (_, i) => [0, 1, 2, 3].map((k) => WARM_UP_TEXT[(i + k * 5) % WARM_UP_TEXT.length]).join(" ")).map((text) => ({
    kind: "paragraph",
    tag: "p",
    text,
    links: text.includes("a report") ? [{ href: "https://city.invalid/report.pdf", text: "a report", start: text.indexOf("a report"), end: text.indexOf("a report") + 8 }] : [],
    landmark: "main",
    hints: "article-body",
  })),
};
const WARM_UP_RUNS = 3;
let requested = false; // a page asked: no more warming up

function warmUp(left) {
  if (left <= 0 || requested) return;
  try {
    sourcecheck.analyze_page_json(WARM_UP_PAGE);
  } catch (err) {
    recoverFromTrap(err);
    console.warn(`sourcecheck: the warm-up analysis failed: ${errorText(err)}`);
    return;
  }
  setTimeout(() => warmUp(left - 1), 0);
}
ensureReady()
  .then(() => warmUp(WARM_UP_RUNS))
  .catch((err) => {
    console.warn(`sourcecheck: the analysis engine did not load yet: ${errorText(err)}`);
  });

// Sessions nobody finished (a tab closed mid-way) are dropped after a while.
function sweep() {
  const old = Date.now() - 5 * 60 * 1000;
  for (const [id, s] of sessions) if (s.at < old) sessions.delete(id);
}

/** One message of the parts protocol; resolves to the reply. */
async function session(message, tab, sender) {
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
    keepReport(sender, reply.json, message.panel, false); // a long page: pushed once it is drawn
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
      sendResponse(reply); // the page first: its highlights are the report's main view
      if (reply.ok) keepReport(sender, reply.json, message.panel, true);
    });
    return true; // the reply comes asynchronously
  }
  if (message.type === "sourcecheck:status") {
    // A tab's overlay opened, finished or closed (content.js): for the side panel and the toggle.
    if (tab === null) return false;
    if (message.status === "closed") forget(tab);
    else shownTabs.set(tab, sender.tab.windowId);
    // Drawn in the page: a panel opening later gets it pushed (the open one pulls it now).
    if (message.status === "ready" && reports.has(tab)) reports.get(tab).pushable = true;
    return false;
  }
  if (message.type === "sourcecheck:get-report") {
    // The side panel asks for the report of the tab it shows.
    const r = reports.get(message.tabId);
    sendResponse(r ? { ok: true, json: r.json, panel: r.panel ?? null } : { ok: false });
    return false;
  }
  if (message.type === "sourcecheck:selected") return false; // for the side panel
  if (!message.type.startsWith("sourcecheck:")) return false;
  session(message, tab, sender).then(sendResponse, (err) => sendResponse({ ok: false, error: errorText(err) }));
  return true;
});

// The e2e tests drive exactly these through the worker target (a headless
// browser has no toolbar to click).
globalThis.sourcecheckToggle = toggle;
globalThis.sourcecheckAnalyze = analyze;
globalThis.sourcecheckStats = stats;
globalThis.sourcecheckShown = { panels, shownTabs }; // for debugging the toggle, like the stats
