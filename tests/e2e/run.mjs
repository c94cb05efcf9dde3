// End-to-end tests of the browser extension, in headless Chromium and Firefox.
//
//   node tests/e2e/run.mjs                 test the extension with extension/pkg
//   node tests/e2e/run.mjs --pkg DIR       use another wasm-bindgen pkg (e.g. a stub)
//   node tests/e2e/run.mjs --only NAME     run the tests whose name contains NAME
//   BIG_WORDS=N node tests/e2e/run.mjs     size of the large-page test (default 200,000 words)
//   TRACE=1 / DEBUG_CONSOLE=1              large-page trace in target/e2e/, pages' console printed
//
// Needs: extension/pkg and target/release/sourcecheck (./build.sh makes
// both), Chromium, Firefox ESR and geckodriver (./build.sh test installs them).
//
// Serves tests/e2e/pages/ itself on 127.0.0.1 and loads the packaged
// extension (tools/package_extension.py). Chromium (puppeteer-core 24):
// headless Chromium has no toolbar to click, but DevTools' Extensions.
// triggerAction runs the action as a click does (a user gesture: activeTab
// is granted and chrome.sidePanel.open() opens the real side panel, a page
// target beside the tab, which the tests read and click). Firefox is driven
// through geckodriver, triggering the toolbar action from the browser's side.
// Screenshots go to target/e2e/. Prints one line per test and
// "N passed, N failed"; exits 1 on any failure.

import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { launch as launchChromium, prepareExtension as packageForTest, waitFor as poll } from "../support/chromium.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PAGES = path.join(ROOT, "tests/e2e/pages");
const FIXTURES = path.join(ROOT, "tests/fixtures/pages");
// The extraction dev set's pages, kept outside the repository (tools/extraction_eval/README.md).
const DEVSET = path.join(process.env.EXTRACTION_DATA ?? "/work/data/extraction", "pages");
const SHOTS = path.join(ROOT, "target/e2e");
const CLI = path.join(ROOT, "target/release/sourcecheck");
const STRICT_CSP = "default-src 'none'; style-src 'self'";
const TIMEOUT = 15000;
// 200k words runs in CI in a few seconds; 1M words (issue 6) still shows a few
// 50-150 ms long tasks from garbage collection: run it with BIG_WORDS=1000000.
const BIG_WORDS = Number(process.env.BIG_WORDS ?? 200000);

// ---------------------------------------------------------------------------
// arguments

const args = process.argv.slice(2);
function option(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
const PKG = path.resolve(option("--pkg") ?? path.join(ROOT, "extension/pkg"));
const ONLY = option("--only");

// ---------------------------------------------------------------------------
// the extension under test


const prepareExtension = (pkg = PKG) => packageForTest(pkg, { hostPermission: false });
const launch = (extDir, options) => launchChromium(extDir, TIMEOUT, options);
const waitFor = (fn, what, timeout = TIMEOUT) => poll(fn, what, timeout);

// ---------------------------------------------------------------------------
// the test server

const SITE_CSS = `
body { font: 17px/1.6 Georgia, serif; margin: 0; color: #222; background: #fdfcf9; }
.masthead, .site-footer { background: #1d3557; color: #fff; padding: 8px 24px; }
.masthead a, .site-footer a { color: #fff; }
.primary-nav ul { display: flex; gap: 16px; list-style: none; padding: 0; margin: 0; }
.layout { display: flex; gap: 32px; padding: 16px 24px; max-width: 1100px; }
main { flex: 3; } .sidebar { flex: 1; font-size: 14px; }
.comments { border-top: 1px solid #ccc; font-size: 14px; color: #555; }
/* Page CSS that would break a careless overlay. */
button { display: none; } * { letter-spacing: 0.01em; }
`;

// A long article of about `words` words, made of news-like paragraphs with
// quotes, vague sources and figures, for the large-page test.
const longPages = new Map();
function longPage(words) {
  if (longPages.has(words)) return longPages.get(words);
  const sentences = [
    "“This barrier will protect forty thousand homes for the next century,” Jane Doe said.",
    "Council member Omar Reyes said the engineering reports had been rushed.",
    "The environment ministry said that the design meets national safety standards.",
    "Prices rose 12 percent last year, and repairs cost about $2.4 million.",
    "Experts say ageing pumps are a common weak point in plants built in the 1970s.",
    "Residents gathered outside the hall on a cold morning while the debate went on for hours.",
    "An official who asked not to be named said the vote had been delayed twice.",
  ];
  const parts = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A very long article</title></head><body><main><article><h1>A very long article</h1>"];
  let n = 0;
  for (let i = 0; n < words; i++) {
    const p = [0, 1, 2, 3].map((k) => sentences[(i * 3 + k * 5) % sentences.length]).join(" ");
    n += p.split(" ").length;
    parts.push(`<p>${p}</p>`);
  }
  parts.push("</article></main></body></html>");
  const html = parts.join("\n");
  longPages.set(words, html);
  return html;
}

function startServer() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", ...headers });
      res.end(body);
    };
    const [, area, ...rest] = url.pathname.split("/");
    const name = rest.join("/");
    if ((area === "pages" || area === "strict") && name === "site.css") return send(200, "text/css", SITE_CSS);
    const long = area === "pages" && /^long-(\d+)\.html$/.exec(name);
    if (long) return send(200, "text/html; charset=utf-8", longPage(Number(long[1])));
    if ((area === "fixtures" || area === "devset") && /^[\w-]+\.html$/.test(name)) {
      const file = path.join(area === "fixtures" ? FIXTURES : DEVSET, name);
      if (!fs.existsSync(file)) return send(404, "text/plain", "not found");
      return send(200, "text/html; charset=utf-8", fs.readFileSync(file));
    }
    if ((area === "pages" || area === "strict") && /^[\w-]+\.html$/.test(name)) {
      const file = path.join(PAGES, name);
      if (!fs.existsSync(file)) return send(404, "text/plain", "not found");
      const headers = area === "strict" ? { "Content-Security-Policy": STRICT_CSP } : {};
      return send(200, "text/html; charset=utf-8", fs.readFileSync(file), headers);
    }
    // The www demo, with its build-time copies taken from their sources.
    if (area === "www" && name === "content/messages.js") {
      // What build.sh writes into www/content/: the extension's UI strings.
      const messages = fs.readFileSync(path.join(ROOT, "extension/_locales/en/messages.json"), "utf8");
      return send(200, "text/javascript", `globalThis.sourcecheckMessages = ${messages};\n`);
    }
    if (area === "www") {
      const roots = { content: path.join(ROOT, "extension/content"), pkg: PKG };
      const sub = roots[rest[0]] ? path.join(roots[rest[0]], ...rest.slice(1)) : path.join(ROOT, "www", ...rest);
      const file = path.resolve(sub || path.join(ROOT, "www/index.html"));
      const target = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, "index.html") : file;
      if (!fs.existsSync(target)) return send(404, "text/plain", "not found");
      const types = {
        ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm",
        ".json": "application/json", ".txt": "text/plain; charset=utf-8",
      };
      return send(200, types[path.extname(target)] ?? "application/octet-stream", fs.readFileSync(target));
    }
    send(404, "text/plain", "not found");
  });
  // Tracked so a test can cut the server off completely (the offline demo).
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.shutdown = () => new Promise((resolve) => {
    server.close(() => resolve());
    for (const socket of sockets) socket.destroy();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ---------------------------------------------------------------------------
// browser helpers



const norm = (s) => String(s).replace(/\s+/g, " ").trim();

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function assertIncludes(list, needle, what) {
  assert(list.some((s) => norm(s).includes(needle)), `${what}: expected one containing ${JSON.stringify(needle)}, got ${JSON.stringify(list)}`);
}


// A click on the toolbar button, on `page`'s tab (Extensions.triggerAction:
// the browser runs action.onClicked as for a real click, with its gesture).
// The tab must be the window's active one by then: activeTab goes to the
// active tab, and a trigger racing bringToFront() was seen to grant nothing.
async function toggle(extension, page) {
  await page.bringToFront();
  await waitFor(() => page.evaluate(() => document.visibilityState === "visible" && document.hasFocus()), "the tab to be in front");
  await page.triggerExtensionAction(extension);
}

// The browser's side panel page, when one is open: a page target of its own.
const sidePages = new Map();
async function sidePanelPage(browser) {
  const target = browser.targets().find((t) => t.type() === "page" && t.url().endsWith("/sidepanel/sidepanel.html"));
  if (!target) return null;
  if (!sidePages.has(target)) {
    const p = await target.asPage();
    p.setDefaultTimeout(TIMEOUT);
    p.on("pageerror", (err) => console.log(`    side panel error: ${err.message}`));
    if (process.env.DEBUG_CONSOLE) p.on("console", (m) => console.log(`    side panel console: ${m.text()}`));
    sidePages.set(target, p);
  }
  return sidePages.get(target);
}

// Runs fn(shadowRoot, ...args) on the overlay's closed shadow root, through
// the DevTools protocol (page scripts cannot reach a closed root; CDP can).
async function inShadow(page, fn, ...fnArgs) {
  const client = await page.createCDPSession();
  try {
    const { root } = await client.send("DOM.getDocument", { depth: -1, pierce: true });
    const hosts = [];
    const collect = (node) => {
      if (node.localName === "sourcecheck-overlay") hosts.push(node);
      for (const child of node.children ?? []) collect(child);
    };
    collect(root);
    if (!hosts.length) return { missing: true };
    const host = hosts[0];
    const shadow = host.shadowRoots && host.shadowRoots[0];
    if (!shadow) return { missing: true, reason: "no shadow root" };
    const { object } = await client.send("DOM.resolveNode", { backendNodeId: shadow.backendNodeId });
    const { result, exceptionDetails } = await client.send("Runtime.callFunctionOn", {
      objectId: object.objectId,
      functionDeclaration: `function (...args) { return (${fn.toString()})(this, ...args); }`,
      arguments: fnArgs.map((value) => ({ value })),
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`in shadow root: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
    return { hosts: hosts.length, value: result.value };
  } finally {
    await client.detach();
  }
}

// What the panel shows, as plain data: `root` is the overlay's shadow root
// (the in-page panel, and the card) or the side panel's document.
function readPanel(root) {
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : null);
  const panel = root.querySelector(".panel");
  const box = panel.getBoundingClientRect();
  const content = root.querySelector(".content");
  const active = root.activeElement;
  const launcher = root.querySelector(".launcher") ?? { hidden: true };
  const card = root.querySelector(".card") ?? { hidden: true, className: "" };
  const current = root.querySelector('.item[aria-current="true"]');
  return {
    invite: text(root.querySelector(".invite")),
    selected: current ? text(current) : null,
    width: root.defaultView ? root.defaultView.innerWidth : null,
    loading: !!root.querySelector(".state.loading"),
    progress: text(root.querySelector(".state.loading")),
    empty: text(root.querySelector(".state.empty")),
    error: text(root.querySelector(".state.error")),
    summary: text(root.querySelector(".summary")),
    panelHidden: panel.hidden,
    launcher: launcher.hidden ? null : text(launcher),
    visible: !panel.hidden && box.width > 100 && box.height > 100 && getComputedStyle(panel).visibility !== "hidden",
    overflow: !!content && content.scrollWidth > content.clientWidth + 1,
    speakers: [...root.querySelectorAll(".speaker")].map((s) => ({
      name: text(s.querySelector("h3")),
      shown: s.offsetParent !== null,
      statements: [...s.querySelectorAll(".statement")].map(text),
    })),
    claims: [...root.querySelectorAll(".claim")].filter((c) => c.offsetParent !== null).map(text),
    links: [...root.querySelectorAll(".linkgroup")].map(text),
    legend: [...root.querySelectorAll(".filter[data-status]")].map((b) => ({ status: b.dataset.status, pressed: b.getAttribute("aria-pressed"), text: text(b) })),
    kinds: [...root.querySelectorAll(".filter[data-category]")].map((b) => ({ category: b.dataset.category, pressed: b.getAttribute("aria-pressed"), text: text(b) })),
    uncertainItems: [...root.querySelectorAll(".item.uncertain")].filter((b) => b.offsetParent !== null).map(text),
    headings: [...root.querySelectorAll("h2")].map(text),
    position: text(root.querySelector(".nav .pos")),
    active: active ? { cls: active.className, text: text(active), label: active.getAttribute("aria-label") } : null,
    card: card.hidden ? null : text(card),
    cardClass: card.className,
    exportStatus: text(root.querySelector(".tools .done")),
    announced: text(root.querySelector('p.sr[role="status"]')),
  };
}

// The overlay in `page` (null when closed) with what its panel shows: the
// side panel's when one is open, else the in-page panel's. The card is
// always the page's.
async function panelState(page, { side: withSide = true } = {}) {
  const r = await inShadow(page, readPanel);
  if (r.missing) return null;
  const inPage = { ...r.value, hosts: r.hosts, side: false };
  const side = withSide ? await sidePanelPage(page.browser()) : null;
  if (!side) return inPage;
  const s = await side.evaluate(`(${readPanel.toString()})(document)`);
  // The side panel may draw a short page's report a few milliseconds before
  // the page has painted it: pageReady says the page is done too.
  const pageReady = /^Analysis done/.test(inPage.announced ?? "");
  return { ...s, card: inPage.card, cardClass: inPage.cardClass, hosts: inPage.hosts, side: true, pageReady, pageWidth: await page.evaluate(() => innerWidth) };
}

const finished = (s) => s && !s.loading && ((s.summary !== null && (!s.side || s.pageReady)) || s.error || s.empty);

async function waitForResult(page, timeout = TIMEOUT, options = {}) {
  let last = null;
  try {
    return await waitFor(async () => {
      const s = await panelState(page, options);
      last = s;
      return finished(s) ? s : null;
    }, "the analysis result in the panel", timeout);
  } catch (err) {
    const seen = last && { side: last.side, loading: last.loading, progress: last.progress, summary: last.summary, error: last.error, empty: last.empty, invite: last.invite, pageReady: last.pageReady, announced: last.announced };
    throw new Error(`${err.message}; the panel showed ${JSON.stringify(seen)}`);
  }
}

// Where the panel's buttons are: the side panel page, or `page` itself.
async function panelPage(page) {
  return (await sidePanelPage(page.browser())) ?? page;
}

// Clicks a panel element the way a reader does (a real mouse event), in
// the side panel when one is open, else in the overlay's shadow root.
async function panelClick(page, selector, nth = 0) { // nth of the visible matches, as shadowClick
  const side = await sidePanelPage(page.browser());
  if (!side) return shadowClick(page, selector, nth);
  const point = await side.evaluate((selector, nth) => {
    const el = [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length)[nth];
    if (!el) return null;
    el.scrollIntoView({ block: "nearest" });
    const b = el.getBoundingClientRect();
    return { x: b.left + Math.min(b.width / 2, 40), y: b.top + b.height / 2 };
  }, selector, nth);
  assert(point, `no ${selector} (#${nth}) in the side panel`);
  await side.mouse.click(point.x, point.y);
}

// Clicks an element of the overlay's shadow root the way a reader does (a
// real mouse event, so it counts as a user gesture). `nth`: which of the
// matches a reader can see (a filtered-out item is not clickable).
async function shadowClick(page, selector, nth = 0) {
  const r = await inShadow(page, (root, selector, nth) => {
    const el = [...root.querySelectorAll(selector)].filter((e) => e.getClientRects().length)[nth];
    if (!el) return null;
    el.scrollIntoView({ block: "nearest" });
    const b = el.getBoundingClientRect();
    return { x: b.left + Math.min(b.width / 2, 40), y: b.top + b.height / 2 };
  }, selector, nth);
  assert(r.value, `no ${selector} (#${nth}) in the overlay`);
  await page.mouse.click(r.value.x, r.value.y);
}

// Every sourcecheck highlight as {name: [range text]} in the page's world.
function highlights(page) {
  return page.evaluate(() => {
    const out = {};
    if (!window.CSS || !CSS.highlights) return out;
    for (const [name, h] of CSS.highlights) {
      if (name.startsWith("sourcecheck-")) out[name] = [...h].map((r) => r.toString());
    }
    return out;
  });
}

// The viewport point at the middle of the first line of a highlighted range.
// `atStart`: only a range that starts with the needle (nested passages).
function pointOfHighlight(page, name, needle, atStart = false) {
  return page.evaluate((name, needle, atStart) => {
    const h = CSS.highlights.get(name);
    for (const r of h ?? []) {
      const t = r.toString().replace(/\s+/g, " ");
      if (atStart ? !t.startsWith(needle) : !t.includes(needle)) continue;
      r.startContainer.parentElement.scrollIntoView({ block: "center" });
      const rect = r.getClientRects()[0];
      return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 };
    }
    return null;
  }, name, needle, atStart);
}

function snapshot(page) {
  return page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    sheets: document.adoptedStyleSheets.length,
    highlights: window.CSS && CSS.highlights ? [...CSS.highlights.keys()].filter((k) => k.startsWith("sourcecheck-")).length : 0,
  }));
}

async function assertRestored(page, before, how) {
  await waitFor(async () => (await panelState(page)) === null, `the overlay to close (${how})`);
  const after = await snapshot(page);
  assert(after.sheets === before.sheets, `${how}: adoptedStyleSheets ${before.sheets} before, ${after.sheets} after`);
  assert(after.highlights === 0, `${how}: ${after.highlights} sourcecheck highlights left behind`);
  assert(after.html === before.html, `${how}: document.documentElement.outerHTML differs after closing`);
}

async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

// Records every request the page and the extension's service worker make
// (DevTools protocol Network events), until stop().
async function recordNetwork(page, worker) {
  const requests = [];
  const sessions = [await page.createCDPSession()];
  assert(worker && worker.client, "no DevTools session for the service worker");
  sessions.push(worker.client);
  for (const [i, session] of sessions.entries()) {
    session.on("Network.requestWillBeSent", (e) => requests.push({ from: i ? "service worker" : "page", url: e.request.url }));
    await session.send("Network.enable");
  }
  return {
    requests,
    // What left the machine or went to a server: anything but the
    // extension's own files and in-memory data. The tab's favicon is fetched
    // by the browser itself, at a moment of its choosing, for any page.
    network: () =>
      requests.filter((r) => !/^(chrome-extension|blob|data):/.test(r.url) && !(r.from === "page" && new URL(r.url).pathname === "/favicon.ico")),
    async stop() {
      await sessions[0].detach().catch(() => {});
    },
  };
}

// Lets the browser save downloads into a fresh directory; resolves the next file.
async function downloads(browser) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-dl-"));
  const session = await browser.target().createCDPSession();
  await session.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir, eventsEnabled: true });
  // Chromium reserves a download's final name with an empty file before the
  // bytes arrive, so a file in the folder is not a finished download: wait
  // for the browser's own "completed" event, then read it.
  let completed = 0;
  let taken = 0;
  session.on("Browser.downloadProgress", (e) => {
    if (e.state === "completed") completed += 1;
  });
  return {
    dir,
    async next(what) {
      const file = await waitFor(() => {
        if (completed <= taken) return null;
        const files = fs.readdirSync(dir).filter((f) => !f.endsWith(".crdownload"));
        return files.length ? path.join(dir, files[0]) : null;
      }, what);
      taken += 1;
      const text = fs.readFileSync(file, "utf8");
      fs.rmSync(file);
      return { name: path.basename(file), text };
    },
    async close() {
      await session.detach().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// The CLI and the wasm must come from the same source for their reports to
// match: say so when one is older than the other.
function staleHint() {
  const wasm = path.join(PKG, "sourcecheck_bg.wasm");
  if (!fs.existsSync(CLI) || !fs.existsSync(wasm)) return "";
  const gap = Math.abs(fs.statSync(CLI).mtimeMs - fs.statSync(wasm).mtimeMs) / 1000;
  return gap > 120 ? ` (note: ${path.relative(ROOT, CLI)} and ${path.relative(ROOT, wasm)} were built ${Math.round(gap / 60)} min apart: run ./build.sh so both come from the same source)` : "";
}

function cliReport(file, extra = []) {
  return JSON.parse(execFileSync(CLI, ["analyze", file, ...extra], { encoding: "utf8", maxBuffer: 1 << 28 }));
}

// The first place two JSON values differ, for a readable failure.
function jsonDifference(a, b, where = "report") {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = jsonDifference(a[k], b[k], `${where}.${k}`);
      if (d) return d;
    }
  }
  return `${where}: ${JSON.stringify(a)?.slice(0, 200)} != ${JSON.stringify(b)?.slice(0, 200)}`;
}

// ---------------------------------------------------------------------------
// the tests

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// The article page, shown, checked and hidden again; also run under a strict CSP.
async function articleScenario(ctx, area, shotName, media) {
  const page = await ctx.newPage(`/${area}/article.html`, { media });
  const before = await snapshot(page);
  const windowWidth = await page.evaluate(() => innerWidth);
  const net = await recordNetwork(page, ctx.worker);
  await toggle(ctx.extension, page);
  let state = await waitForResult(page);
  assert(!state.error, `the panel shows an error: ${state.error}`);
  // The side panel's report may be drawn a frame before its window is laid
  // out at its width (box under 100 px): wait for the layout, then assert.
  if (!state.visible) {
    state = await waitFor(async () => { const s = await panelState(page); return s?.visible ? s : null; }, "the panel to be laid out", 3000).catch(() => state);
  }
  assert(state.visible, "the panel is not visible");
  assert(state.hosts === 1, `expected one overlay host, found ${state.hosts}`);
  // The browser's side panel, beside the page: the page is narrowed, not covered.
  assert(state.side, "the report is not in the browser's side panel");
  state = await reflowed(page, windowWidth);
  assert(state.width >= 300, `the side panel is ${state.width} px wide`);
  assert(state.pageWidth + state.width <= windowWidth, `the page (${state.pageWidth} px) and the side panel (${state.width} px) overlap in a ${windowWidth} px window`);

  const names = state.speakers.map((s) => s.name);
  for (const who of ["Jane Doe", "Omar Reyes", "Ana Lima", "ministry", "water authority"]) assertIncludes(names, who, "speakers");
  assert(!names.some((n) => /Harbourfan77/.test(n)), `a commenter is listed as a speaker: ${names}`);
  const said = (who) => state.speakers.find((s) => s.name.includes(who))?.statements ?? [];
  assertIncludes(said("Jane Doe"), "This barrier will protect forty thousand homes for the next century", "Jane Doe's statements");
  assertIncludes(said("Omar Reyes"), "We are spending money we do not have", "Omar Reyes's statements");
  // "he said" after the named speaker resolves to him.
  assertIncludes(said("Omar Reyes"), "The engineering reports were rushed", "Omar Reyes's statements (pronoun)");
  assertIncludes(said("Ana Lima"), "We have waited long enough", "Ana Lima's statements");
  assertIncludes(said("ministry"), "the design meets national safety standards", "the ministry's statements");
  assertIncludes(state.headings, "Claims lacking a named source", "panel sections");
  assertIncludes(state.claims, "Prices rose 12 percent last year", "claims without a source");
  assert(/7 statements from 5 sources/.test(state.summary), `summary: ${state.summary}`);
  // The council only voted (an intention): its group is listed, and hidden
  // while intentions are (the default), so no source shows with nothing under it.
  const council = state.speakers.find((s) => s.name.includes("city council"));
  assert(council && !council.shown, `the council's vote: ${JSON.stringify(council)}`);
  assert(state.speakers.filter((s) => s.shown).every((s) => s.statements.length), "a shown source with no statement");
  // The legend: one chip per kind, all shown by default.
  assert(isDeepStrictEqual(state.legend.map((l) => l.status), ["attributed", "linked", "vague", "anonymous", "unsourced"]),
    `legend: ${JSON.stringify(state.legend)}`);
  assert(state.legend.every((l) => l.pressed === "true"), "a legend filter starts switched off");
  // The kinds of statement: plain statements shown by default, the others not.
  assert(isDeepStrictEqual(state.kinds.map((k) => [k.category, k.pressed]), [["statement", "true"], ["belief", "false"], ["intention", "false"], ["evidence", "false"]]),
    `kinds: ${JSON.stringify(state.kinds)}`);

  const hl = await highlights(page);
  const all = Object.values(hl).flat().map(norm);
  assertIncludes(hl["sourcecheck-attributed"] ?? [], "This barrier will protect forty thousand homes for the next century", "attributed highlights");
  // After an astral character (two UTF-16 units): the range must start exactly at the quote.
  assert((hl["sourcecheck-attributed"] ?? []).some((t) => /^[“"]?We have waited long enough/.test(t)),
    `no attributed highlight starts at "We have waited": ${JSON.stringify(hl["sourcecheck-attributed"])}`);
  assertIncludes(hl["sourcecheck-attributed"] ?? [], "the design meets national safety standards", "attributed (indirect) highlights");
  assertIncludes(hl["sourcecheck-unsourced"] ?? [], "Prices rose 12 percent last year", "unsourced-claim highlights");
  assertIncludes(hl["sourcecheck-source"] ?? [], "Jane Doe", "source-name highlights");
  assert(!all.some((t) => t.includes("Harbourfan77") || t.includes("mayor never listens")), "a comment is highlighted");

  // Hover over a highlighted quote: the card names the speaker, type, cue and
  // quote, and the panel's selection moves to its statement (page -> panel).
  const point = await pointOfHighlight(page, "sourcecheck-attributed", "forty thousand homes");
  assert(point, "cannot locate the highlighted quote on screen");
  await page.mouse.move(point.x, point.y);
  const hover = await waitFor(async () => (await panelState(page)).card, "the hover card");
  for (const part of ["Jane Doe", "person", "said", "direct quote", "forty thousand homes"]) {
    assert(hover.includes(part), `hover card lacks ${JSON.stringify(part)}: ${hover}`);
  }
  await waitFor(async () => ((await panelState(page)).selected ?? "").includes("forty thousand homes"), "the panel's selection to follow the page");
  await screenshot(page, `${shotName}-hover`);
  // A passage further down: the selection moves with the reader.
  const later = await pointOfHighlight(page, "sourcecheck-attributed", "We have waited long enough");
  await page.mouse.move(later.x, later.y);
  await waitFor(async () => ((await panelState(page)).selected ?? "").includes("We have waited long enough"), "the panel's selection to move to the next passage");
  // A pronoun source: the card shows the words as written and whom they mean.
  const pronoun = await pointOfHighlight(page, "sourcecheck-attributed", "engineering reports were rushed");
  assert(pronoun, "cannot locate the pronoun-sourced quote on screen");
  await page.mouse.move(pronoun.x, pronoun.y);
  const pronounCard = await waitFor(async () => {
    const c = (await panelState(page)).card;
    return c && c.includes("engineering reports") ? c : null;
  }, "the pronoun-sourced quote's card");
  assert(pronounCard.includes("\u201che\u201d \u2192") && pronounCard.includes("Omar Reyes"),
    `the card does not show "he" resolved to Omar Reyes: ${pronounCard}`);
  await screenshot(page, `${shotName}-pronoun`);
  await page.mouse.move(5, 5);
  await waitFor(async () => (await panelState(page)).card === null, "the hover card to go away");

  // Keyboard only, in the side panel: Tab walks to the first statement.
  const side = await panelPage(page);
  await side.evaluate(() => document.activeElement && document.activeElement.blur());
  let focused = null;
  for (let i = 0; i < 30 && !(focused && /\bstatement\b/.test(focused.cls)); i++) {
    await side.keyboard.press("Tab");
    focused = (await panelState(page)).active;
  }
  assert(focused && /\bstatement\b/.test(focused.cls), `Tab never reached a statement (last: ${JSON.stringify(focused)})`);
  // Its speaker: the panel's group that holds it (beliefs and intentions,
  // hidden by default, may put another group first).
  const owner = state.speakers.find((s) => s.statements.includes(focused.text));
  assert(owner, `the focused statement is in no speaker's group: ${JSON.stringify(focused)}`);
  assert(focused.label && focused.label.includes(owner.name.split(" ").slice(0, 2).join(" ")),
    `the focused statement has no screen-reader label naming its speaker: ${JSON.stringify(focused)}`);
  const focusCard = await waitFor(async () => {
    const c = (await panelState(page)).card;
    return c && c.includes("Jane Doe") ? c : null;
  }, "the card on keyboard focus");
  assert(focusCard.includes("Jane Doe"), `focus card "${focusCard}" does not name the first speaker`);
  const focusHl = await highlights(page);
  assert((focusHl["sourcecheck-focus"] ?? []).length === 1, "the focused statement is not marked in the page");
  // Arrow down: the next statement (Omar Reyes's), its card and its passage.
  await side.keyboard.press("ArrowDown");
  const down = await waitFor(async () => {
    const s = await panelState(page);
    return s.card && s.card.includes("Omar Reyes") ? s : null;
  }, "ArrowDown to move to the next statement");
  assert(/\bstatement\b/.test(down.active.cls), "ArrowDown left the statements");
  assertIncludes((await highlights(page))["sourcecheck-focus"] ?? [], "We are spending money", "the focus mark after ArrowDown");
  // Panel -> page: a click on a statement scrolls the page to it and marks it.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const target = (await inSide(page, () => [...document.querySelectorAll(".item.statement")].filter((b) => b.getClientRects().length).findIndex((b) => b.textContent.includes("We are spending money"))));
  await panelClick(page, ".item.statement", target);
  await waitFor(async () => {
    const focus = (await highlights(page))["sourcecheck-focus"] ?? [];
    if (!focus.some((t) => t.includes("We are spending money"))) return false;
    return page.evaluate(() => {
      const r = [...CSS.highlights.get("sourcecheck-focus")][0].getBoundingClientRect();
      return r.top >= 0 && r.bottom <= innerHeight;
    });
  }, "the clicked statement to be scrolled into view and marked in the page");

  await screenshot(page, shotName);
  await screenshot(side, `${shotName}-side-panel`);

  // The hint navigator walks the passages in reading order; the panel follows.
  await panelClick(page, ".nav .next");
  const nav = await waitFor(async () => {
    const s = await panelState(page);
    return s.position && /^\d+ of \d+/.test(s.position) && s.selected ? s : null;
  }, "the navigator's position");
  assert(nav.card, "no card for the navigator's passage");

  // Esc closes, from the panel; the page is exactly as before, and the
  // side panel invites to analyse the page again.
  await side.keyboard.press("Escape");
  await assertRestored(page, before, "Esc");
  await waitFor(() => side.evaluate(() => document.body.dataset.state === "invite"), "the side panel's invitation after closing");
  // The toolbar button: shows again, then closes the overlay and the side panel.
  await toggle(ctx.extension, page);
  const again = await waitForResult(page);
  assert(again.hosts === 1 && again.speakers.length === state.speakers.length, "the second opening differs from the first");
  await toggle(ctx.extension, page);
  await assertRestored(page, before, "the toolbar button");
  await waitFor(async () => !(await sidePanelPage(ctx.browser)), "the side panel to close with the toolbar button");
  assert((await page.evaluate(() => innerWidth)) === windowWidth, "the page did not get its width back");
  // A third time (scripts injected again into the same world), closed by the browser's own close of the side panel.
  await toggle(ctx.extension, page);
  await waitForResult(page);
  await ctx.worker.evaluate(async () => {
    const [win] = await chrome.windows.getAll();
    await chrome.sidePanel.close({ windowId: win.id });
  });
  await assertRestored(page, before, "closing the side panel");

  // Privacy: nothing but the extension's own files was fetched meanwhile.
  await new Promise((r) => setTimeout(r, 100));
  const sent = net.network();
  assert(sent.length === 0, `network requests while the overlay ran: ${JSON.stringify(sent)}`);
  // The control: the recorder does see a request when there is one.
  // (A stylesheet, which even the strict CSP allows from the page's own origin.)
  await page.evaluate(() => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "site.css?control";
    document.head.append(link);
  });
  await waitFor(() => net.network().some((r) => r.url.endsWith("site.css?control")), "the control request in the network log");
  await net.stop();
  await page.close();
}

// Sets the size of the browser window `page` is in (the real window, not an
// emulated viewport: the side panel and the page share it).
async function resizeWindow(page, width, height) {
  const session = await page.createCDPSession();
  try {
    const { windowId } = await session.send("Browser.getWindowForTarget");
    await session.send("Browser.setWindowBounds", { windowId, bounds: { width, height } });
  } finally {
    await session.detach().catch(() => {});
  }
  await waitFor(() => page.evaluate((w) => innerWidth === w, width), `the window to be ${width} px wide`);
}

// The panel's state once the page has reflowed beside the side panel (the
// side panel's page may report before the tab is resized).
function reflowed(page, windowWidth) {
  return waitFor(async () => {
    const s = await panelState(page);
    return s && s.side && s.pageWidth < windowWidth ? s : null;
  }, "the page to reflow beside the side panel");
}

// Runs fn() in the open side panel's page.
async function inSide(page, fn, ...fnArgs) {
  const side = await sidePanelPage(page.browser());
  assert(side, "no side panel open");
  return side.evaluate(fn, ...fnArgs);
}

test("article: speakers, quotes, claims, highlights, hover, keyboard, clean close, no network", (ctx) =>
  articleScenario(ctx, "pages", "article"));

test("article under a strict CSP (default-src 'none'), dark: same result", async (ctx) => {
  const probe = await ctx.newPage("/strict/article.html");
  // Make sure the policy is in force: the page may not compile wasm nor use style="".
  const blocked = await probe.evaluate(async () => {
    let wasmBlocked = false;
    try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); } catch { wasmBlocked = true; }
    const probe = document.createElement("span");
    probe.setAttribute("style", "color: rgb(1, 2, 3)");
    document.body.append(probe);
    const styleBlocked = getComputedStyle(probe).color !== "rgb(1, 2, 3)";
    probe.remove();
    return { wasmBlocked, styleBlocked };
  });
  assert(blocked.wasmBlocked && blocked.styleBlocked, `the strict CSP is not in force: ${JSON.stringify(blocked)}`);
  await probe.close();
  // In dark mode, for the screenshot of the dark theme.
  await articleScenario(ctx, "strict", "article-strict-csp-dark", [{ name: "prefers-color-scheme", value: "dark" }]);
});

// Chains, vague and unnamed sources, links by kind, filters, export.
async function chainScenario(ctx, media, shotName) {
  const page = await ctx.newPage("/pages/chain.html", { media });
  const before = await snapshot(page);
  const windowWidth = await page.evaluate(() => innerWidth);
  await toggle(ctx.extension, page);
  await waitForResult(page);
  // Positions are taken once the page has reflowed beside the side panel.
  const state = await reflowed(page, windowWidth);
  assert(!state.error, `the panel shows an error: ${state.error}`);
  const count = (status) => Number(state.legend.find((l) => l.status === status).text.replace(/\D+/g, ""));
  for (const status of ["attributed", "linked", "vague", "anonymous", "unsourced"]) {
    assert(count(status) >= 1, `legend: no ${status} passage counted: ${JSON.stringify(state.legend)}`);
  }
  const hl = await highlights(page);
  assertIncludes(hl["sourcecheck-vague"] ?? [], "the meadows store more carbon", "vague highlights");
  assertIncludes(hl["sourcecheck-anonymous"] ?? [], "the board was split", "anonymous highlights");
  assertIncludes(hl["sourcecheck-linked"] ?? [], "Container traffic through Halden grew", "linked highlights");
  assertIncludes(state.links, "survey", "links by kind");
  assertIncludes(state.links, "history of the quay", "links by kind (same site)");
  assertIncludes(state.links, "this site", "the same-site link marked as such");

  // The chain: the statement passed on by the Courier names both, outermost first.
  const point = await pointOfHighlight(page, "sourcecheck-attributed", "the board needed more time", true);
  await page.mouse.move(point.x, point.y);
  const card = await waitFor(async () => (await panelState(page)).card, "the chained statement's card");
  assert(card.includes("The Northern Courier \u2192 Piet Vossberg"), `no chain in the card: ${card}`);
  assert(card.includes("the authority's chairman"), `no role in the card: ${card}`);
  // A claim's card: status and reason.
  const claimPoint = await pointOfHighlight(page, "sourcecheck-unsourced", "postponed a vote");
  await page.mouse.move(claimPoint.x, claimPoint.y);
  const claimCard = await waitFor(async () => {
    const c = (await panelState(page)).card;
    return c && c.includes("No source") ? c : null;
  }, "the unsourced claim's card");
  assert(/figure/.test(claimCard), `no reason in the claim card: ${claimCard}`);
  await screenshot(page, `${shotName}-claim-card`);
  // Located again: showing the claim may have scrolled the page.
  const pointAgain = await pointOfHighlight(page, "sourcecheck-attributed", "the board needed more time", true);
  await page.mouse.move(pointAgain.x, pointAgain.y);
  await waitFor(async () => ((await panelState(page)).card ?? "").includes("Vossberg"), "the chain card again");
  await screenshot(page, shotName);
  await page.mouse.move(5, 5);

  // Filters: hiding "attributed" takes its highlights and entries away; showing brings them back.
  await panelClick(page, '.filter[data-status="attributed"]');
  const hidden = await waitFor(async () => {
    const h = await highlights(page);
    return h["sourcecheck-attributed"] ? null : h;
  }, "the attributed highlights to hide");
  assert(hidden["sourcecheck-vague"], "hiding attributed also hid the vague passages");
  const filtered = await panelState(page);
  assert(!filtered.speakers.find((s) => s.name.includes("Ingrid Halvorsen")).shown, "Halvorsen's statements still listed");
  assert(filtered.speakers.find((s) => s.name.startsWith("Experts")).shown, "the vague source was hidden too");
  await panelClick(page, '.filter[data-status="attributed"]');
  await waitFor(async () => (await highlights(page))["sourcecheck-attributed"], "the attributed highlights to come back");

  // A link entry jumps to the link's text and marks it.
  const linkIndex = await inSide(page, () => [...document.querySelectorAll(".item.link")].filter((b) => b.getClientRects().length).findIndex((b) => b.textContent.includes("survey")));
  await panelClick(page, ".item.link", linkIndex);
  await waitFor(async () => ((await highlights(page))["sourcecheck-focus"] ?? []).includes("survey"), "the link's text to be marked");

  if (!media) {
    // Export: Markdown on the clipboard, and the JSON report as a file equal to the CLI's.
    await ctx.browser.defaultBrowserContext().overridePermissions(ctx.base, ["clipboard-read", "clipboard-write", "clipboard-sanitized-write"]);
    await ctx.browser.defaultBrowserContext().overridePermissions(`chrome-extension://${ctx.extension.id}`, ["clipboard-read", "clipboard-write", "clipboard-sanitized-write"]);
    await panelClick(page, ".copy-md");
    await waitFor(async () => (await panelState(page)).exportStatus === "Copied.", "the copy to be confirmed");
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    for (const part of ["# Who said what: Port authority delays vote", "## Piet Vossberg (person, the authority's chairman)",
      "(via The Northern Courier)", "## Claims lacking a named source", "**Vague source**", "Documents: survey <https://www.environment.gov.example/survey.pdf>"]) {
      assert(markdown.includes(part), `the Markdown lacks ${JSON.stringify(part)}:\n${markdown}`);
    }
    const dl = await downloads(ctx.browser);
    try {
      await panelClick(page, ".download-json");
      const file = await dl.next("the JSON report download");
      assert(/^sourcecheck-127\.0\.0\.1-\d{4}-\d\d-\d\d\.json$/.test(file.name), `download name: ${file.name}`);
      const cli = cliReport(path.join(PAGES, "chain.html"), ["--url", page.url()]);
      const diff = jsonDifference(JSON.parse(file.text), cli);
      assert(!diff, `the downloaded report differs from \`sourcecheck analyze --url\`: ${diff}${staleHint()}`);
    } finally {
      await dl.close();
    }
  }
  await toggle(ctx.extension, page);
  await assertRestored(page, before, "the toolbar button");
  await page.close();
}

test("chain page: chain and claim cards, all five kinds, links by kind, filters, export", (ctx) =>
  chainScenario(ctx, null, "chain"));

test("chain page, dark", (ctx) => chainScenario(ctx, [{ name: "prefers-color-scheme", value: "dark" }], "chain-dark"));

test("options page: statuses, kinds, uncertain passages and the in-page panel's default, stored with storage.sync", async (ctx) => {
  const options = await ctx.browser.newPage();
  await options.goto(`chrome-extension://${ctx.extension.id}/options/options.html`);
  await options.waitForFunction(() => document.body.dataset.ready === "yes");
  const labels = await options.$$eval("[data-i18n]", (nodes) => nodes.filter((n) => !n.textContent.trim() || /^options[A-Z]/.test(n.textContent)).length);
  assert(labels === 0, `${labels} options labels without their text from _locales`);
  await options.click('input[name="unsourced"]');
  await options.click('input[name="cat-belief"]');
  await options.click('input[name="hideUncertain"]');
  await options.waitForFunction(() => document.getElementById("saved").textContent === "Saved.");
  await screenshot(options, "options");
  const stored = await ctx.worker.evaluate(() => chrome.storage.sync.get(null));
  assert(stored.show && stored.show.unsourced === false && stored.show.vague === true && stored.categories.belief === true && stored.hideUncertain === true,
    `storage.sync holds ${JSON.stringify(stored)}`);
  await options.close();
  try {
    const page = await ctx.newPage("/pages/article.html");
    const before = await snapshot(page);
    await toggle(ctx.extension, page);
    const state = await waitForResult(page);
    const hl = await highlights(page);
    assert(!hl["sourcecheck-unsourced"], "unsourced passages highlighted although switched off");
    assert(hl["sourcecheck-attributed"], "attributed passages not highlighted");
    assert(state.legend.find((l) => l.status === "unsourced").pressed === "false", "the unsourced filter is not off");
    assert(state.kinds.find((k) => k.category === "belief").pressed === "true", "the beliefs filter is not on");
    await toggle(ctx.extension, page);
    await assertRestored(page, before, "the toolbar button");
    await page.close();
  } finally {
    await ctx.worker.evaluate(() => chrome.storage.sync.clear());
  }
});

// Where the browser has no side panel (here: the package without the
// sidePanel permission, so chrome.sidePanel is not there), the panel docks
// in the page: the page is narrowed by its width, so no line of the article
// lies under it.
test("no side panel: the in-page panel docks beside the article at 1280 and 1920 px (no text under it), and overlays at 200% zoom", async (rootCtx) => {
  // With the test server's host permission: after the window is resized,
  // Extensions.triggerAction no longer grants activeTab in headless Chromium
  // 156 (seen at 1920 px), which this test is not about.
  const ext = packageForTest(PKG, { hostPermission: true, sidePanel: false });
  const { browser, worker, extension } = await launch(ext.dir);
  const ctx = { ...rootCtx, browser, worker, extension, newPage: (p, o) => rootCtx.newPage(p, o, browser) };
  if (process.env.DEBUG_CONSOLE) worker.on("console", (m) => console.log(`    worker: ${m.text()}`));
  try {
    assert(await worker.evaluate(() => !(globalThis.browser ?? globalThis.chrome).sidePanel), "chrome.sidePanel is there without its permission");
    for (const [width, height] of [[1280, 900], [1920, 1080]]) {
      const page = await ctx.newPage("/pages/article.html");
      await resizeWindow(page, width, height);
      const before = await snapshot(page);
      await toggle(ctx.extension, page);
      const state = await waitForResult(page);
      assert(!state.side && state.visible, `the in-page panel is not shown: ${JSON.stringify({ side: state.side, visible: state.visible })}`);
      const panelBox = (await inShadow(page, (root) => {
        const b = root.querySelector(".panel").getBoundingClientRect();
        return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      })).value;
      // Every line box of the article's text (each text node's client rects,
      // all the way down the page) against the panel's left edge.
      const lines = await page.evaluate((left) => {
        const out = [];
        const walker = document.createTreeWalker(document.querySelector("main") ?? document.body, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let n = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent.trim()) continue;
          range.selectNodeContents(node);
          for (const r of range.getClientRects()) {
            if (!r.width) continue;
            n++;
            if (r.right > left) out.push({ text: node.textContent.trim().slice(0, 40), right: Math.round(r.right) });
          }
        }
        return { n, out };
      }, panelBox.left);
      assert(panelBox.right >= width - 1 && panelBox.left > width / 2, `the panel is not docked at the right: ${JSON.stringify(panelBox)}`);
      assert(lines.n > 20, `only ${lines.n} article lines measured`);
      assert(lines.out.length === 0, `at ${width} px, ${lines.out.length} article lines run under the panel (left edge ${panelBox.left}): ${JSON.stringify(lines.out.slice(0, 3))}`);
      console.log(`     ${width} px: ${lines.n} article line boxes, none under the panel (its left edge at ${Math.round(panelBox.left)} px)`);
      await screenshot(page, `article-docked-${width}`);
      await toggle(ctx.extension, page);
      await assertRestored(page, before, `the toolbar button (${width} px)`);
      await page.close();
    }
    // 200% zoom of a 1280x900 window: a 640 px wide CSS viewport (the window
    // made that wide; an emulated viewport would cost the tab its activeTab
    // grant); no room to dock, the panel lies over the page, readable.
    const page = await ctx.newPage("/pages/article.html");
    await resizeWindow(page, 640, 540);
    await toggle(ctx.extension, page);
    const state = await waitForResult(page);
    assert(state.visible, "the panel is not visible at 200%");
    assert(!state.overflow, "the panel scrolls sideways at 200%");
    await screenshot(page, "article-zoom200");
    await toggle(ctx.extension, page);
    await resizeWindow(page, 1280, 900);
    await page.close();
  } finally {
    await browser.close();
    ext.cleanup();
  }
});

// The side panel shows the active tab's report, or an invitation to analyse it.
test("tab switch: the side panel shows each tab's own report, or the invitation", async (ctx) => {
  const a = await ctx.newPage("/pages/article.html");
  await toggle(ctx.extension, a);
  const first = await waitForResult(a);
  assertIncludes(first.speakers.map((s) => s.name), "Jane Doe", "tab A's speakers");
  const side = await sidePanelPage(ctx.browser);
  const b = await ctx.newPage("/pages/chain.html");
  await b.bringToFront();
  await waitFor(() => side.evaluate(() => document.body.dataset.state === "invite"), "the invitation for the tab not analysed");
  const invite = await side.evaluate(() => document.querySelector(".invite").textContent);
  assert(/Alt\+Shift\+S/.test(invite), `invitation: ${invite}`);
  await screenshot(side, "side-panel-invite");
  await toggle(ctx.extension, b);
  const second = await waitFor(async () => {
    const s = await panelState(b);
    return finished(s) && s.speakers.some((sp) => sp.name.includes("Vossberg")) ? s : null;
  }, "tab B's report");
  assert(!second.speakers.some((s) => s.name.includes("Jane Doe")), "tab A's report shown for tab B");
  await a.bringToFront();
  const back = await waitFor(async () => {
    const s = await panelState(a);
    return finished(s) && s.speakers.some((sp) => sp.name.includes("Jane Doe")) ? s : null;
  }, "tab A's report after switching back");
  assert(!back.speakers.some((s) => s.name.includes("Vossberg")), "tab B's report shown for tab A");
  // Tab A's passages still answer the panel.
  await panelClick(a, ".item.statement", 0);
  await waitFor(async () => ((await highlights(a))["sourcecheck-focus"] ?? []).length === 1, "tab A's passage marked from the panel");
  // The button closes tab A's overlay and the panel; tab B keeps its
  // highlights, and its next click brings the panel back with its report.
  await toggle(ctx.extension, a);
  await waitFor(async () => (await panelState(a)) === null && !(await sidePanelPage(ctx.browser)), "tab A and the side panel closed by the button");
  assert((await panelState(b)) !== null, "tab B's overlay closed with tab A's");
  await toggle(ctx.extension, b);
  await waitFor(async () => {
    const s = await panelState(b);
    return finished(s) && s.speakers.some((sp) => sp.name.includes("Vossberg"));
  }, "tab B's report in the reopened side panel");
  // Closing the side panel itself (the browser's close) takes sourcecheck away from the window.
  await ctx.worker.evaluate(async () => {
    const [win] = await chrome.windows.getAll();
    await chrome.sidePanel.close({ windowId: win.id });
  });
  await waitFor(async () => (await panelState(b)) === null, "tab B closed with the side panel");
  await a.close();
  await b.close();
});

// The side panel beside the page in a 1280 and a 1920 px window: the page
// is narrowed (it reflows), and every line of the article fits in what is
// left. The screenshot puts the page and the side panel side by side, as the
// window shows them (headless Chromium draws no browser frame).
test("side panel beside the page at 1280 and 1920 px: no article line covered or cut (screenshots)", async (rootCtx) => {
  for (const [width, height] of [[1280, 900], [1920, 1080]]) {
    const ext = prepareExtension();
    const { browser, extension } = await launch(ext.dir, { width, height });
    try {
      const page = await rootCtx.newPage("/pages/article.html", {}, browser);
      const windowWidth = await page.evaluate(() => innerWidth);
      await toggle(extension, page);
      await waitForResult(page);
      const state = await reflowed(page, windowWidth);
      assert(state.side, "no side panel");
      const lines = await page.evaluate(() => {
        const out = [];
        const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let n = 0;
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (!node.textContent.trim()) continue;
          range.selectNodeContents(node);
          for (const r of range.getClientRects()) {
            if (!r.width) continue;
            n++;
            if (r.right > document.documentElement.clientWidth || r.left < 0) out.push(node.textContent.trim().slice(0, 40));
          }
        }
        return { n, out, scrollX: document.documentElement.scrollWidth > document.documentElement.clientWidth };
      });
      assert(state.pageWidth + state.width <= windowWidth, `${width} px: page ${state.pageWidth} + side panel ${state.width} > window ${windowWidth}`);
      assert(state.pageWidth < windowWidth, `${width} px: the page was not narrowed (${state.pageWidth} px)`);
      assert(lines.n > 20 && lines.out.length === 0 && !lines.scrollX, `${width} px: ${lines.out.length} of ${lines.n} article lines cut: ${JSON.stringify(lines.out.slice(0, 3))}`);
      console.log(`     ${width} px window: page ${state.pageWidth} px + side panel ${state.width} px; ${lines.n} article line boxes, none covered`);
      const side = await sidePanelPage(browser);
      const shots = [await page.screenshot({ encoding: "base64" }), await side.screenshot({ encoding: "base64" })];
      const sheet = await browser.newPage();
      await sheet.setViewport({ width: state.pageWidth + state.width + 2, height: await page.evaluate(() => innerHeight) });
      await sheet.setContent(`<body style="margin:0;display:flex;align-items:flex-start;gap:2px;background:#9aa"><img style="flex:none" src="data:image/png;base64,${shots[0]}"><img style="flex:none" src="data:image/png;base64,${shots[1]}"></body>`);
      const size = await sheet.evaluate(async () => {
        await Promise.all([...document.images].map((i) => i.decode()));
        const [a, b] = document.images;
        return { width: a.naturalWidth + b.naturalWidth + 2, height: Math.max(a.naturalHeight, b.naturalHeight) };
      });
      await sheet.setViewport(size);
      await screenshot(sheet, `side-panel-${width}`);
      await sheet.close();
      await page.close();
    } finally {
      await browser.close();
      ext.cleanup();
    }
  }
});

// Click to a painted report, with the side panel: from the toolbar action
// (the worker's "sourcecheck-click" mark, set as action.onClicked starts) to
// the frame after the report is drawn, in the page (its highlights:
// content.js's "sourcecheck-painted") and in the side panel (sidepanel.js's
// "sourcecheck-painted"), whichever comes last. Marks, not polling: the
// figures are the browser's own clocks (epoch milliseconds from each
// context's timeOrigin). Issue 17's targets on a 1k-word page: warm < 50 ms,
// first click < 120 ms.
const markAt = (name) => {
  const m = performance.getEntriesByName(name).at(-1);
  return m ? performance.timeOrigin + m.startTime : 0;
};

// One click on `page`'s tab; resolves to {page, panel, both}: ms from the
// click to the report painted in the page, in the side panel, in both.
async function clickToPainted(ctx, page) {
  const before = Date.now() - 1;
  await toggle(ctx.extension, page);
  const click = await waitFor(async () => {
    const t = await ctx.worker.evaluate(markAt, "sourcecheck-click");
    return t > before ? t : 0;
  }, "the click's mark in the worker");
  const inPage = await waitFor(async () => {
    const t = await page.evaluate(markAt, "sourcecheck-painted");
    return t > click ? t : 0;
  }, "the report painted in the page");
  const inPanel = await waitFor(async () => {
    const side = await sidePanelPage(ctx.browser);
    const t = side ? await side.evaluate(markAt, "sourcecheck-painted").catch(() => 0) : 0;
    return t > click ? t : 0;
  }, "the report painted in the side panel");
  return { page: inPage - click, panel: inPanel - click, both: Math.max(inPage, inPanel) - click };
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const ms = (v) => v.map((x) => x.toFixed(0)).join(", ");

// The issue's targets, with room for a loaded 2-core CI machine: measured
// with other builds running (load average 3-6), the warm median was 35-83
// ms and the new page's 60-92 ms (README).
const WARM_LIMIT = 100; // target 50 ms
const FIRST_LIMIT = 180; // target 120 ms

test("click to painted report on a 1,000-word page, page and side panel (marks; issue 17's targets with a margin)", async (ctx) => {
  const page = await ctx.newPage("/pages/long-1000.html");
  const side = async () => sidePanelPage(ctx.browser);
  const closedByPanel = async () => {
    // The side panel's Esc: sourcecheck closes in the tab, the panel stays (its invitation).
    await (await side()).keyboard.press("Escape");
    await waitFor(async () => (await panelState(page)) === null && (await (await side()).evaluate(() => document.body.dataset.state)) === "invite", "the overlay closed, the panel inviting");
  };
  // 1. The side panel left open, as a reader going from article to article:
  // the first click on this page, then warm clicks.
  const first = await clickToPainted(ctx, page);
  const open = [];
  for (let i = 0; i < 7; i++) {
    await closedByPanel();
    open.push(await clickToPainted(ctx, page));
  }
  // A new page in the same tab (the panel stays open): the scripts go in again.
  const fresh = [];
  for (let i = 0; i < 3; i++) {
    await closedByPanel();
    await page.goto(`${ctx.base}/pages/long-1000.html?next=${i}`, { waitUntil: "load" });
    await waitFor(async () => (await (await side()).evaluate(() => document.body.dataset.state)) === "invite", "the panel inviting on the new page");
    fresh.push(await clickToPainted(ctx, page));
  }
  // 2. The side panel closed and opened again by the button at each click:
  // the browser makes the panel's document anew every time.
  const reopened = [];
  for (let i = 0; i < 5; i++) {
    await toggle(ctx.extension, page);
    await waitFor(async () => (await panelState(page)) === null && !(await side()), "the overlay and the side panel to close");
    reopened.push(await clickToPainted(ctx, page));
  }
  await toggle(ctx.extension, page);
  await waitFor(async () => (await panelState(page)) === null && !(await side()), "the overlay and the side panel to close");
  await page.close();
  const warm = median(open.map((r) => r.both));
  const newPage = median(fresh.map((r) => r.both));
  const again = median(reopened.map((r) => r.both));
  console.log(`     side panel left open: warm median ${warm.toFixed(0)} ms (page ${ms(open.map((r) => r.page))}; panel ${ms(open.map((r) => r.panel))})`);
  console.log(`     first click on a new page, panel open: median ${newPage.toFixed(0)} ms (page ${ms(fresh.map((r) => r.page))}; panel ${ms(fresh.map((r) => r.panel))}); this test's first click ${first.both.toFixed(0)} ms (page ${first.page.toFixed(0)}, panel ${first.panel.toFixed(0)})`);
  console.log(`     side panel reopened at each click: median ${again.toFixed(0)} ms (page ${ms(reopened.map((r) => r.page))}; panel ${ms(reopened.map((r) => r.panel))})`);
  assert(warm < WARM_LIMIT, `warm click to painted report, side panel open: median ${warm.toFixed(0)} ms (limit ${WARM_LIMIT} ms; target 50)`);
  assert(newPage < FIRST_LIMIT, `first click on a new page to painted report, side panel open: median ${newPage.toFixed(0)} ms (limit ${FIRST_LIMIT} ms; target 120)`);
  // The panel's own document is made anew at each opening (about 60-150 ms
  // here before its first script runs, measured with an empty page): no
  // target can hold for it; this guards against regressions.
  assert(again < 600, `click to painted report, side panel reopened: median ${again.toFixed(0)} ms (guard 600 ms)`);
});

// Reports from the engine with confidence and kinds (additive fields): the
// shipped wasm's glue, made to add them for a test page, as the engine will.
test("confidence and kinds: uncertain passages lighter and said so, hidden by the setting; beliefs filterable, statements by default", async (rootCtx) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-confidence-pkg-"));
  const glue = fs.readFileSync(path.join(PKG, "sourcecheck.js"), "utf8");
  const patched = glue.replace(/export function analyze_page_json\(page\) \{/, `export function analyze_page_json(page) { return __withConfidence(__analyze_page_json(page)); }
function __withConfidence(json) {
  const r = JSON.parse(json);
  for (const a of r.attributions) {
    const t = (a.content && a.content.text) || "";
    if (/spending money/.test(t)) { a.confidence = 0.3; a.pattern = "test-low"; }
    else if (/engineering reports/.test(t)) a.category = "belief";
    else a.confidence = 0.9;
  }
  for (const c of r.claims) if (/Prices rose/.test(c.text)) c.confidence = 0.2;
  return JSON.stringify(r);
}
function __analyze_page_json(page) {`);
  assert(patched !== glue, "analyze_page_json not found in the glue");
  fs.writeFileSync(path.join(dir, "sourcecheck.js"), patched);
  fs.copyFileSync(path.join(PKG, "sourcecheck_bg.wasm"), path.join(dir, "sourcecheck_bg.wasm"));
  const ext = prepareExtension(dir);
  const { browser, worker, extension } = await launch(ext.dir);
  if (process.env.DEBUG_CONSOLE) worker.on("console", (m) => console.log(`    worker: ${m.text()}`));
  try {
    const page = await rootCtx.newPage("/pages/article.html", {}, browser);
    await toggle(extension, page);
    const state = await waitForResult(page);
    const hl = await highlights(page);
    assertIncludes(hl["sourcecheck-attributed-uncertain"] ?? [], "We are spending money", "the uncertain highlight layer");
    assert(!(hl["sourcecheck-attributed"] ?? []).some((t) => t.includes("spending money")), "the uncertain statement is also drawn at full strength");
    assertIncludes(hl["sourcecheck-unsourced-uncertain"] ?? [], "Prices rose 12 percent", "the uncertain claim layer");
    assert(!Object.values(hl).flat().some((t) => t.includes("The engineering reports were rushed")), "a belief is highlighted although beliefs are off by default");
    assertIncludes(state.uncertainItems, "We are spending money", "uncertain entries in the panel");
    assert(!state.speakers.flatMap((s) => s.statements).some((t) => t.includes("engineering reports")) ||
      !(await inSide(page, () => [...document.querySelectorAll(".item.cat-belief")].some((b) => b.offsetParent !== null))), "the belief is listed although beliefs are off");
    // The card says so.
    const point = await pointOfHighlight(page, "sourcecheck-attributed-uncertain", "spending money");
    await page.mouse.move(point.x, point.y);
    const card = await waitFor(async () => (await panelState(page)).card, "the uncertain statement's card");
    assert(/uncertain: the engine is 30% sure/.test(card) && /test-low/.test(card), `card: ${card}`);
    await screenshot(page, "uncertain-card");
    await page.mouse.move(5, 5);
    // Beliefs on: the belief appears in the page and the panel.
    await panelClick(page, '.filter[data-category="belief"]');
    await waitFor(async () => ((await highlights(page))["sourcecheck-attributed"] ?? []).some((t) => t.includes("The engineering reports were rushed")), "the belief highlighted once beliefs are on");
    assert(await inSide(page, () => [...document.querySelectorAll(".item.cat-belief")].some((b) => b.offsetParent !== null)), "the belief not listed once beliefs are on");
    // Uncertain off: gone from page and panel.
    await panelClick(page, ".uncertain-switch");
    await waitFor(async () => !(await highlights(page))["sourcecheck-attributed-uncertain"]?.length, "the uncertain passages to go");
    assert(!(await panelState(page)).uncertainItems.length, "uncertain entries still listed");
    await screenshot(await sidePanelPage(browser), "side-panel-kinds");
    await toggle(extension, page);
    // The setting hides them from the start.
    await waitFor(async () => (await panelState(page)) === null, "the overlay to close");
    await worker.evaluate(() => chrome.storage.sync.set({ hideUncertain: true }));
    await toggle(extension, page);
    await waitForResult(page);
    assert(!(await highlights(page))["sourcecheck-attributed-uncertain"]?.length, "uncertain passages drawn although the setting hides them");
    await page.close();
  } finally {
    await browser.close();
    ext.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("hostile page: markup in quotes stays text, tripwire unset", async (ctx) => {
  const page = await ctx.newPage("/pages/hostile.html");
  const before = await snapshot(page);
  await toggle(ctx.extension, page);
  const state = await waitForResult(page);
  assert(!state.error, `the panel shows an error: ${state.error}`);
  assert(state.visible, "the panel is hidden by the page's CSS");
  const statements = state.speakers.flatMap((s) => s.statements);
  assertIncludes(statements, "<img src=x onerror=window.__pwned=1> is not a name", "statements");
  assertIncludes(statements, "<script>window.__pwned=2</script> should be read as text", "statements");
  const hl = Object.values(await highlights(page)).flat();
  assertIncludes(hl, "<img src=x onerror=window.__pwned=1>", "highlights");
  // Hover every highlight so the card renders each of them.
  for (const name of ["sourcecheck-attributed", "sourcecheck-unsourced"]) {
    for (const needle of ["<img", "<script>", "<b onmouseover", "<svg"]) {
      const point = await pointOfHighlight(page, name, needle);
      if (point) await page.mouse.move(point.x, point.y);
      await new Promise((r) => setTimeout(r, 60));
    }
  }
  const card = (await panelState(page)).card;
  assert(card === null || !/^\s*$/.test(card), "empty hover card");
  await screenshot(page, "hostile");
  await new Promise((r) => setTimeout(r, 300)); // give any injected handler time to fire
  const pwned = await page.evaluate(() => window.__pwned);
  assert(pwned === undefined, `window.__pwned was set to ${JSON.stringify(pwned)}`);
  await toggle(ctx.extension, page);
  await assertRestored(page, before, "the toolbar button");
  assert((await page.evaluate(() => window.__pwned)) === undefined, "tripwire set after closing");
  await page.close();
});

test("page without article text: 'no article text found'", async (ctx) => {
  const page = await ctx.newPage("/pages/empty.html");
  const before = await snapshot(page);
  await toggle(ctx.extension, page);
  const state = await waitForResult(page);
  assert(state.empty && /no article text found/i.test(state.empty), `expected the empty state, got ${JSON.stringify(state)}`);
  await screenshot(page, "empty");
  await toggle(ctx.extension, page);
  await assertRestored(page, before, "the toolbar button");
  await page.close();
});

test("single-page app: the next click analyses the article that replaced the first; a frame is left alone", async (ctx) => {
  const page = await ctx.newPage("/pages/spa.html");
  const names = (state) => state.speakers.map((s) => s.name);
  await toggle(ctx.extension, page);
  const first = await waitForResult(page);
  assertIncludes(names(first), "Ana Ruiz", "speakers before the swap");
  await toggle(ctx.extension, page);
  await waitFor(async () => (await panelState(page)) === null, "the overlay to close");
  await page.evaluate(() => window.swapArticle());
  const before = await snapshot(page);
  await toggle(ctx.extension, page);
  const second = await waitForResult(page);
  assertIncludes(names(second), "Tom Becker", "speakers after the swap");
  assert(!names(second).some((n) => n.includes("Ruiz")), `the old article is gone, got ${JSON.stringify(names(second))}`);
  assert(!JSON.stringify(second).includes("Sunny all week"), "the frame's text is not analysed");
  await toggle(ctx.extension, page);
  await assertRestored(page, before, "the toolbar button");
  await page.close();
});

test("background: bad input is an error reply, and the next page still works", async (ctx) => {
  const replies = await ctx.worker.evaluate(async () => {
    const bad = await globalThis.sourcecheckAnalyze({ blocks: "not a list" });
    const good = await globalThis.sourcecheckAnalyze({
      url: null, title: "T",
      blocks: [{ kind: "paragraph", tag: "p", text: "“We will win,” Jane Doe said.", links: [], landmark: "article", hints: "" }],
    });
    return { bad, good: { ok: good.ok, schema: good.report?.schema, error: good.error } };
  });
  assert(replies.bad.ok === false && typeof replies.bad.error === "string" && replies.bad.error.length > 0,
    `bad input: ${JSON.stringify(replies.bad)}`);
  assert(replies.good.ok === true && replies.good.schema === "sourcecheck.report/1", `good input after bad: ${JSON.stringify(replies.good)}`);
});

// A page long enough for the parts protocol (its text over content.js's one
// threshold: blocks sent in several messages, the report back in slices):
// the worker's counters say it really went that way, and the reassembled
// report must equal the CLI's on the same HTML.
test("long page (60,000 words): sent and received in parts, and equal to the CLI's report", async (ctx) => {
  const page = await ctx.newPage("/pages/long-60000.html");
  const dl = await downloads(ctx.browser);
  try {
    const before = await ctx.worker.evaluate(() => ({ ...globalThis.sourcecheckStats }));
    await toggle(ctx.extension, page);
    const state = await waitForResult(page, 60000);
    assert(!state.error && state.speakers.length > 3, `long page: ${JSON.stringify(state).slice(0, 300)}`);
    const after = await ctx.worker.evaluate(() => ({ ...globalThis.sourcecheckStats }));
    const d = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
    assert(d.analyze === 0 && d.begin === 1 && d.blocks >= 2 && d.run === 1 && d.part >= 5, `not sent in parts: ${JSON.stringify(d)}`);
    console.log(`     messages: ${JSON.stringify(d)}`);
    await panelClick(page, ".download-json");
    const file = await dl.next("the long page's report");
    const html = path.join(os.tmpdir(), `sourcecheck-long-${process.pid}.html`);
    fs.writeFileSync(html, await (await fetch(`${ctx.base}/pages/long-60000.html`)).text());
    try {
      const diff = jsonDifference(JSON.parse(file.text), cliReport(html, ["--url", page.url()]));
      assert(!diff, `the long page's report differs from the CLI's: ${diff}${staleHint()}`);
    } finally {
      fs.rmSync(html, { force: true });
    }
    await toggle(ctx.extension, page);
  } finally {
    await dl.close();
    await page.close();
  }
});

// The page's main thread must never be blocked for 50 ms or more while the
// overlay reads the page, waits, receives the report and draws it.
test(`large page (${BIG_WORDS.toLocaleString("en")} words): no long task, a visible "analysing" state`, async (ctx) => {
  const page = await ctx.newPage(`/pages/long-${BIG_WORDS}.html`);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
    }).observe({ type: "longtask" });
  });
  await new Promise((r) => setTimeout(r, 300));
  await page.evaluate(() => window.__longTasks.splice(0)); // page load itself
  const start = Date.now();
  if (process.env.TRACE) await page.tracing.start({ path: path.join(SHOTS, "large-page-trace.json"), categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink"] });
  await toggle(ctx.extension, page);
  const busy = await waitFor(async () => {
    const s = await panelState(page);
    return s && s.loading ? s : null;
  }, "the analysing state");
  assert(/Analysing/.test(busy.progress), `no "Analysing" text: ${busy.progress}`);
  await screenshot(page, "large-page-analysing");
  const state = await waitForResult(page, 600000);
  assert(!state.error && state.speakers.length > 3, `large page: ${JSON.stringify(state).slice(0, 300)}`);
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  // Highlights are drawn near the viewport, and follow the reader down the page.
  const top = await highlights(page);
  assert((top["sourcecheck-attributed"] ?? []).length > 0, "no highlights at the top of the large page");
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
  const middle = await waitFor(async () => {
    const h = await highlights(page);
    const here = await page.evaluate(() => {
      const out = [];
      for (const r of CSS.highlights.get("sourcecheck-attributed") ?? []) {
        const b = r.getBoundingClientRect();
        if (b.bottom > 0 && b.top < innerHeight) out.push(r.toString());
      }
      return out.length;
    });
    return here > 0 ? h : null;
  }, "highlights in the middle of the large page");
  await screenshot(page, "large-page-middle");
  await new Promise((r) => setTimeout(r, 500));
  const during = await page.evaluate(() => window.__longTasks.splice(0));
  if (process.env.TRACE) await page.tracing.stop();
  await toggle(ctx.extension, page);
  await waitFor(async () => (await panelState(page)) === null, "the overlay to close");
  await new Promise((r) => setTimeout(r, 300));
  const closing = await page.evaluate(() => window.__longTasks.splice(0));
  console.log(`    large page: ${seconds} s to the result; long tasks while open: ${JSON.stringify(during)}, while closing: ${JSON.stringify(closing)}`);
  assert(during.length === 0, `long tasks on the page while the overlay worked: ${JSON.stringify(during)} ms`);
  await page.close();
});

// The page reader's scripts, as the extension injects them: the page rules
// (generated from src/page/rules.json by build.sh) first.
function readerScripts() {
  const rules = path.join(ROOT, "extension/content/page-rules.js");
  if (!fs.existsSync(rules)) throw new Error(`${rules} is missing: run ./build.sh (tools/page_rules_js.py writes it)`);
  return [rules, path.join(ROOT, "extension/content/page-reader.js")].map((f) => fs.readFileSync(f, "utf8")).join("\n");
}

// Opens `pathname` with the page's own scripts off (they must not change the
// DOM) and nothing fetched from outside the test server.
async function staticPage(ctx, pathname) {
  const page = await ctx.browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on("request", (r) => (r.url().startsWith(ctx.base) || r.url().startsWith("data:") ? r.continue() : r.abort()));
  await page.goto(`${ctx.base}${pathname}`, { waitUntil: "load" });
  return page;
}

// The page reader in the browser against the CLI's HTML reader, on the same files.
test("page reader (live DOM and DOMParser) equals `sourcecheck page`", async (ctx) => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run cargo build --release (./build.sh does)`);
  const reader = readerScripts();
  const failures = [];
  const files = [
    ...fs.readdirSync(PAGES).filter((f) => f.endsWith(".html")).sort().map((f) => ["pages", f]),
    ...fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".html")).sort().map((f) => ["fixtures", f]),
  ];
  for (const [area, name] of files) {
    const file = path.join(area === "pages" ? PAGES : FIXTURES, name);
    const expected = JSON.parse(execFileSync(CLI, ["page", file], { encoding: "utf8" }));
    delete expected.url;
    const page = await staticPage(ctx, `/${area}/${name}`);
    const got = await page.evaluate(async (reader, url) => {
      (0, eval)(reader);
      const live = globalThis.sourcecheckPageReader.readPage(document, null).page;
      // The sliced reader, with tiny slices, must read exactly the same.
      const sliced = (await globalThis.sourcecheckPageReader.readPageAsync(document, null, { sliceMs: 0 })).page;
      const html = await (await fetch(url)).text();
      const parsed = new DOMParser().parseFromString(html, "text/html");
      const fromParser = globalThis.sourcecheckPageReader.readPage(parsed, null).page;
      return { live, sliced, fromParser };
    }, reader, `/${area}/${name}`);
    await page.close();
    for (const [how, model] of Object.entries(got)) {
      delete model.url;
      if (!isDeepStrictEqual(model, expected)) failures.push(`${area}/${name} (${how}): ${firstDifference(model, expected)}`);
    }
  }
  assert(!failures.length, `the readers differ:\n    ${failures.join("\n    ")}`);
});

// The article the extension analyses (live-DOM page model -> the core's
// article finder) against the CLI's (HTML -> the same finder), on every
// fixture page and every page of the extraction dev set (when its pages are
// on this machine: tools/extraction_eval/README.md).
test("the extension and the CLI keep the same article text on every fixture and dev-set page", async (ctx) => {
  const reader = readerScripts();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-article-"));
  const files = [
    ...fs.readdirSync(PAGES).filter((f) => f.endsWith(".html")).sort().map((f) => ["pages", f, path.join(PAGES, f)]),
    ...fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".html")).sort().map((f) => ["fixtures", f, path.join(FIXTURES, f)]),
  ];
  const dev = devSetPages();
  files.push(...dev.map((p) => ["devset", `${p.id}.html`, path.join(DEVSET, `${p.id}.html`)]));
  if (!dev.length) console.log(`     (dev set not found in ${DEVSET}: fixture and e2e pages only)`);
  const failures = [];
  let sameModel = 0;
  try {
    for (const [area, name, file] of files) {
      const cli = execFileSync(CLI, ["article", "--text", file], { encoding: "utf8", maxBuffer: 1 << 28 });
      let model;
      try {
        const page = await staticPage(ctx, `/${area}/${name}`);
        model = await page.evaluate((reader) => {
          (0, eval)(reader);
          return globalThis.sourcecheckPageReader.readPage(document, null).page;
        }, reader);
        await page.close();
      } catch (err) {
        failures.push(`${area}/${name}: cannot read in the browser: ${err.message}`);
        continue;
      }
      const modelFile = path.join(tmp, "model.json");
      fs.writeFileSync(modelFile, JSON.stringify(model));
      const browser = execFileSync(CLI, ["article", "--text", "--model", modelFile], { encoding: "utf8", maxBuffer: 1 << 28 });
      const fromHtml = JSON.parse(execFileSync(CLI, ["page", file], { encoding: "utf8", maxBuffer: 1 << 28 }));
      delete fromHtml.url;
      delete model.url;
      if (isDeepStrictEqual(model, fromHtml)) sameModel++;
      if (browser !== cli) {
        const a = browser.split("\n\n");
        const b = cli.split("\n\n");
        const i = a.findIndex((x, k) => x !== b[k]);
        failures.push(`${area}/${name}: block ${i}: browser ${JSON.stringify((a[i] ?? "").slice(0, 160))}\n      CLI     ${JSON.stringify((b[i] ?? "").slice(0, 160))}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`     ${files.length} pages (${dev.length} from the dev set): same article on ${files.length - failures.length}, same page model on ${sameModel}`);
  assert(!failures.length, `the article differs on ${failures.length} pages:\n    ${failures.join("\n    ")}`);
});

// The dev set's pages (tools/extraction_eval/manifest.json) that lie in DEVSET.
function devSetPages() {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "tools/extraction_eval/manifest.json"), "utf8"));
  const pages = manifest.pages.filter((p) => p.check !== "dropped");
  return pages.every((p) => fs.existsSync(path.join(DEVSET, `${p.id}.html`))) ? pages : [];
}

function firstDifference(got, want) {
  if (got.title !== want.title) return `title ${JSON.stringify(got.title)} != ${JSON.stringify(want.title)}`;
  const n = Math.max(got.blocks.length, want.blocks.length);
  for (let i = 0; i < n; i++) {
    if (!isDeepStrictEqual(got.blocks[i], want.blocks[i])) {
      return `block ${i}: browser ${JSON.stringify(got.blocks[i])}\n      CLI     ${JSON.stringify(want.blocks[i])}`;
    }
  }
  return "differs";
}

test("manifest permissions; www and the extension load the same overlay files, in the same order", async () => {
  const bg = fs.readFileSync(path.join(ROOT, "extension/background.js"), "utf8");
  const list = JSON.parse(bg.match(/CONTENT_SCRIPTS = (\[[^\]]*\])/)[1].replace(/,\s*\]/, "]"));
  const html = fs.readFileSync(path.join(ROOT, "www/index.html"), "utf8");
  const www = [...html.matchAll(/<script src="(content\/[\w-]+\.js)"/g)].map((m) => m[1]).filter((f) => f !== "content/messages.js");
  assert(isDeepStrictEqual(www, list.filter((f) => f !== "content/content.js")), `www/index.html loads ${JSON.stringify(www)}, background.js injects ${JSON.stringify(list)}`);
  for (const f of list) assert(fs.existsSync(path.join(ROOT, "extension", f)), `${f} is missing`);
  // The permissions are part of the privacy promise: exactly these three,
  // plus sidePanel in Chrome's package (Firefox's sidebar needs none).
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "extension/manifest.json"), "utf8"));
  assert(isDeepStrictEqual(manifest.permissions, ["activeTab", "scripting", "storage", "sidePanel"]), `permissions: ${JSON.stringify(manifest.permissions)}`);
  assert(!manifest.host_permissions && !manifest.optional_permissions && !manifest.content_scripts, "the manifest asks for more than activeTab");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-manifests-"));
  try {
    execFileSync("python3", [path.join(ROOT, "tools/package_extension.py"), "--pkg", PKG, "--out", out], { stdio: "ignore" });
    for (const [name, want] of [["chrome", ["activeTab", "scripting", "storage", "sidePanel"]], ["firefox", ["activeTab", "scripting", "storage"]]]) {
      const m = JSON.parse(execFileSync("unzip", ["-p", path.join(out, `sourcecheck-${name}.zip`), "manifest.json"], { encoding: "utf8" }));
      assert(isDeepStrictEqual(m.permissions, want), `${name} package permissions: ${JSON.stringify(m.permissions)}`);
      assert(name === "chrome" ? m.side_panel && !m.sidebar_action : m.sidebar_action && !m.side_panel, `${name} package: side_panel ${!!m.side_panel}, sidebar_action ${!!m.sidebar_action}`);
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  // The side panel page loads the panel's files from content/, as the page does.
  const side = fs.readFileSync(path.join(ROOT, "extension/sidepanel/sidepanel.html"), "utf8");
  for (const [, f] of side.matchAll(/<script src="\.\.\/(content\/[\w-]+\.js)"/g)) assert(list.includes(f), `sidepanel.html loads ${f}, which the content scripts do not`);
  const sw = fs.readFileSync(path.join(ROOT, "www/sw.js"), "utf8");
  for (const f of www) assert(sw.includes(`"${f}"`), `www/sw.js does not keep ${f} for offline use`);
});

// The demo: a sample pasted in, its table, highlights and JSON, compared with the CLI.
async function demoScenario(ctx, media, shotName) {
  const page = await ctx.newPage("/www/", { media });
  await page.waitForFunction(() => document.body.dataset.ready === "yes", { timeout: TIMEOUT });
  const samples = await page.$$eval("#samples button", (bs) => bs.map((b) => b.dataset.file));
  assert(samples.length >= 4, `samples: ${JSON.stringify(samples)}`);
  // Paste the sample's text, as a reader would.
  const text = fs.readFileSync(path.join(ROOT, "www/samples/wire-chain.txt"), "utf8");
  await page.$eval("#text", (t, text) => { t.value = text; }, text);
  await page.click("#analyse");
  await page.waitForFunction(() => document.body.dataset.analysed === "1");
  // The demo's panel is in the page, whatever side panel another test left.
  const state = await waitForResult(page, TIMEOUT, { side: false });
  assertIncludes(state.speakers.map((s) => s.name), "Piet Vossberg", "demo speakers");
  const table = await page.$$eval("#who-table tbody tr", (rows) => rows.map((r) => r.textContent.replace(/\s+/g, " ").trim()));
  assertIncludes(table, "Piet Vossberg", "who-said-what table");
  assertIncludes(table, "The Northern Courier", "who-said-what table (chain)");
  assertIncludes(table, "We were told for two years that there was nothing to worry about", "who-said-what table");
  const claims = await page.$$eval("#claims-table tbody tr", (rows) => rows.map((r) => r.textContent.replace(/\s+/g, " ").trim()));
  assertIncludes(claims, "Container traffic through Halden grew by 11 percent", "claims table");
  const hl = await highlights(page);
  assertIncludes(hl["sourcecheck-attributed"] ?? [], "We were told for two years", "demo highlights");
  assertIncludes(hl["sourcecheck-unsourced"] ?? [], "Container traffic through Halden grew by 11 percent", "demo highlights");
  const point = await pointOfHighlight(page, "sourcecheck-attributed", "the board needed more time", true);
  await page.mouse.move(point.x, point.y);
  await waitFor(async () => ((await panelState(page)).card ?? "").includes("The Northern Courier \u2192 Piet Vossberg"), "the demo's chain card");
  await screenshot(page, `${shotName}-article`);
  await page.evaluate(() => document.getElementById("who-table").scrollIntoView({ block: "start" }));
  await page.mouse.move(5, 5);
  await screenshot(page, `${shotName}-table`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, shotName);
  return { page, text };
}

test("www demo: a pasted sample gives the table, the highlights and the CLI's exact JSON; permalink", async (ctx) => {
  if (!fs.existsSync(path.join(ROOT, "www/index.html"))) throw new Error("www/index.html is missing");
  const { page, text } = await demoScenario(ctx, null, "www-demo");
  // Download the JSON and compare it with the CLI on the same text: the
  // demo calls analyze_text, the CLI read_text + analyze_page, so nothing
  // may differ.
  const dl = await downloads(ctx.browser);
  try {
    await page.click("#download-json");
    const file = await dl.next("the demo's JSON download");
    const txt = path.join(os.tmpdir(), `sourcecheck-demo-${process.pid}.txt`);
    fs.writeFileSync(txt, text);
    try {
      const diff = jsonDifference(JSON.parse(file.text), cliReport(txt));
      assert(!diff, `the demo's report differs from \`sourcecheck analyze\` on the same text: ${diff}${staleHint()}`);
    } finally {
      fs.rmSync(txt, { force: true });
    }
  } finally {
    await dl.close();
  }
  // The permalink: the text travels in the fragment; a fresh page rebuilds the same analysis.
  const link = page.url();
  assert(/#text=[\w-]+$/.test(link), `no permalink in the address: ${link}`);
  const shared = await ctx.newPage(new URL(link).pathname + new URL(link).hash);
  await shared.waitForFunction(() => document.body.dataset.analysed === "1", { timeout: TIMEOUT });
  assert((await shared.$eval("#text", (t) => t.value)) === text, "the permalink did not restore the text");
  const sharedTable = await shared.$$eval("#who-table tbody tr", (rows) => rows.length);
  const table = await page.$$eval("#who-table tbody tr", (rows) => rows.length);
  assert(sharedTable === table, `the permalink's table has ${sharedTable} rows, the original ${table}`);
  await shared.close();

  // A saved page through the file picker: parsed inert, its article redrawn as text.
  const picker = await page.$("#file");
  await picker.uploadFile(path.join(PAGES, "hostile.html"));
  const fromFile = await waitFor(async () => {
    const s = await panelState(page);
    return s && !s.loading && s.speakers.some((sp) => sp.name.includes("Jane Doe")) ? s : null;
  }, "the saved page's analysis");
  assertIncludes(fromFile.speakers.flatMap((s) => s.statements), "<img src=x onerror=window.__pwned=1> is not a name", "demo statements from the file");
  const articleText = await page.$eval("#article", (a) => a.textContent);
  assert(articleText.includes("<script>window.__pwned=2</script>"), "the saved page's text is not shown as text");
  assert((await page.$$eval("#article img, #article script, #article svg, #who-table img", (n) => n.length)) === 0, "markup from the file reached the demo page");
  await new Promise((r) => setTimeout(r, 200));
  assert((await page.evaluate(() => window.__pwned)) === undefined, "tripwire set in the demo");
  assert(!page.url().includes("#text="), "a saved page left the pasted text's permalink in place");
  await screenshot(page, "www-demo-file");
  await page.close();
});

test("www demo, dark", async (ctx) => {
  const { page } = await demoScenario(ctx, [{ name: "prefers-color-scheme", value: "dark" }], "www-demo-dark");
  await page.close();
});

test("www demo works offline once loaded", async (ctx) => {
  // Its own server, so it can be shut down completely.
  const server = await startServer();
  const base = `http://127.0.0.1:${server.address().port}`;
  const page = await ctx.browser.newPage();
  try {
    await page.goto(`${base}/www/`);
    await page.waitForFunction(() => document.body.dataset.ready === "yes", { timeout: TIMEOUT });
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.waitForFunction(() => !!navigator.serviceWorker.controller && document.body.dataset.ready === "yes", { timeout: TIMEOUT });
    // Make sure the cache is filled before going offline.
    await page.waitForFunction(async () => (await (await caches.open("sourcecheck-demo-v1")).keys()).length >= 15, { timeout: TIMEOUT });
    await server.shutdown();
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.ready === "yes", { timeout: TIMEOUT });
    await page.click('#samples button[data-file="clinic-waits.txt"]');
    await page.waitForFunction(() => document.querySelectorAll("#who-table tbody tr").length > 3, { timeout: TIMEOUT });
  } finally {
    await page.close();
    await server.shutdown().catch(() => {});
  }
});

test("broken engine: the panel shows the error, and the page is restored", async (ctx) => {
  // A pkg whose wasm cannot compile: init fails, every request must say so.
  const broken = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-broken-pkg-"));
  fs.copyFileSync(path.join(PKG, "sourcecheck.js"), path.join(broken, "sourcecheck.js"));
  fs.writeFileSync(path.join(broken, "sourcecheck_bg.wasm"), "not wasm");
  const ext = prepareExtension(broken);
  const { browser, worker, extension } = await launch(ext.dir);
  try {
    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
    await page.goto(`${ctx.base}/pages/article.html`);
    const before = await snapshot(page);
    await toggle(extension, page);
    const state = await waitForResult(page);
    assert(state.error && /analysis failed/i.test(state.error) && /could not load the analysis engine/i.test(state.error),
      `expected the error state, got ${JSON.stringify(state)}`);
    assert(state.speakers.length === 0, "speakers listed despite the error");
    await screenshot(page, "error");
    await toggle(extension, page);
    await assertRestored(page, before, "after an error");
  } finally {
    await browser.close();
    ext.cleanup();
    fs.rmSync(broken, { recursive: true, force: true });
  }
});

test("engine trap: a real wasm trap shows the error, is logged, and the next analysis works", async (ctx) => {
  // The shipped wasm with a test-only trigger: for a page titled
  // "sourcecheck:trap", the glue asks the instance's allocator for an
  // impossible layout, which aborts inside Rust (the `unreachable` trap a
  // panic gives under panic = "abort").
  const trapping = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-trap-pkg-"));
  const glue = fs.readFileSync(path.join(PKG, "sourcecheck.js"), "utf8");
  const patched = glue.replace(/export function analyze_page_json\(page\) \{/,
    '$& if (page && page.title === "sourcecheck:trap") wasm.__wbindgen_malloc(8, 3);');
  assert(patched !== glue, "analyze_page_json (what background.js calls) not found in the glue");
  fs.writeFileSync(path.join(trapping, "sourcecheck.js"), patched);
  fs.copyFileSync(path.join(PKG, "sourcecheck_bg.wasm"), path.join(trapping, "sourcecheck_bg.wasm"));
  const ext = prepareExtension(trapping);
  const { browser, worker, extension } = await launch(ext.dir);
  try {
    await worker.evaluate(() => {
      globalThis.__errors = [];
      const error = console.error.bind(console);
      console.error = (...a) => { globalThis.__errors.push(a.map(String).join(" ")); error(...a); };
    });
    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
    await page.goto(`${ctx.base}/pages/article.html`);
    await page.evaluate(() => { document.title = "sourcecheck:trap"; });
    const before = await snapshot(page);
    await toggle(extension, page);
    const state = await waitForResult(page);
    assert(state.error && /unreachable/i.test(state.error), `expected the trap's error state, got ${JSON.stringify(state)}`);
    assert(state.speakers.length === 0, "speakers listed despite the trap");
    const logged = await worker.evaluate(() => globalThis.__errors);
    assert(logged.some((l) => /trapped/.test(l) && /unreachable/i.test(l)), `the trap was not logged: ${JSON.stringify(logged)}`);
    await toggle(extension, page);
    await assertRestored(page, before, "after a trap");
    // A fresh instance serves the next analysis.
    await page.evaluate(() => { document.title = "After the trap"; });
    await toggle(extension, page);
    const again = await waitForResult(page);
    assert(!again.error && again.speakers.length > 0, `no result after the trap: ${JSON.stringify(again).slice(0, 300)}`);
    await toggle(extension, page);
    await page.close();
  } finally {
    await browser.close();
    ext.cleanup();
    fs.rmSync(trapping, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------
// Firefox: the packaged Firefox zip, installed as a temporary add-on through
// geckodriver. The toolbar action is triggered from the browser's own
// (privileged) side, as a click on the button does, which also grants
// activeTab: the shipped manifest runs unchanged.

function findFirst(candidates, what) {
  for (const p of candidates) if (p && fs.existsSync(p)) return p;
  throw new Error(`${what} not found (looked in ${candidates.filter(Boolean).join(", ")})`);
}

function freePort() {
  return new Promise((resolve) => {
    const s = http.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function firefoxSession() {
  const geckodriver = findFirst([process.env.GECKODRIVER, path.join(os.homedir(), ".cargo/bin/geckodriver"), "/usr/local/bin/geckodriver", "/usr/bin/geckodriver"],
    "geckodriver (cargo install geckodriver)");
  const firefox = findFirst([process.env.FIREFOX, "/usr/bin/firefox-esr", "/usr/bin/firefox"], "Firefox (apt-get install firefox-esr)");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-ff-"));
  execFileSync("python3", [path.join(ROOT, "tools/package_extension.py"), "--pkg", PKG, "--out", out], { stdio: "ignore" });
  const addon = path.join(out, "firefox");
  execFileSync("python3", ["-m", "zipfile", "-e", path.join(out, "sourcecheck-firefox.zip"), addon]);
  const port = await freePort();
  const driver = spawn(geckodriver, ["--port", String(port), "--binary", firefox, "--allow-system-access"], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, route, body) => {
    const res = await fetch(base + route, {
      method, headers: { "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (json.value && json.value.error) throw new Error(`${route}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  await waitFor(() => fetch(`${base}/status`).then((r) => r.ok, () => false), "geckodriver to start");
  const { sessionId } = await call("POST", "/session", {
    capabilities: { alwaysMatch: {
      "moz:firefoxOptions": {
        args: ["-headless", "-width", "1280", "-height", "900"],
        // Still screenshots; the extension's pages in the parent process, so
        // the test can read the sidebar's document (firefoxSidebar).
        prefs: { "ui.prefersReducedMotion": 1, "extensions.webextensions.remote": false },
      },
    } },
  });
  const s = `/session/${sessionId}`;
  const addonId = await call("POST", `${s}/moz/addon/install`, { path: addon, temporary: true });
  const run = (script, ...scriptArgs) => call("POST", `${s}/execute/async`, {
    script: `const done = arguments[arguments.length - 1];
      Promise.resolve((${script})(...Array.from(arguments).slice(0, -1))).then(done, (e) => done({ error: String(e) }));`,
    args: scriptArgs,
  });
  return {
    addonId,
    goto: (url) => call("POST", `${s}/url`, { url }),
    run,
    async inChrome(script, ...scriptArgs) {
      await call("POST", `${s}/moz/context`, { context: "chrome" });
      try {
        return await run(script, ...scriptArgs);
      } finally {
        await call("POST", `${s}/moz/context`, { context: "content" });
      }
    },
    async screenshot(name) {
      fs.mkdirSync(SHOTS, { recursive: true });
      fs.writeFileSync(path.join(SHOTS, `${name}.png`), Buffer.from(await call("GET", `${s}/screenshot`), "base64"));
    },
    async close() {
      await call("DELETE", s).catch(() => {});
      driver.kill();
      fs.rmSync(out, { recursive: true, force: true });
    },
  };
}

// Firefox's sidebar, from the browser's side: open, showing our panel page,
// and what that page shows (with extensions.webextensions.remote off in the
// test profile, the sidebar's document is reachable from here).
function firefoxSidebar() {
  const win = Services.wm.getMostRecentWindow("navigator:browser");
  const sc = win.SidebarController;
  const out = { open: !!(sc && sc.isOpen), id: sc ? sc.currentID : null, width: 0, pageWidth: win.gBrowser.selectedBrowser.clientWidth, windowWidth: win.innerWidth };
  const outer = sc && sc.browser && sc.browser.contentDocument ? sc.browser.contentDocument.getElementById("webext-panels-browser") : null;
  if (!outer || !outer.contentDocument || !out.open) return { ...out, open: out.open && !!outer };
  try {
    const doc = outer.contentDocument;
    out.url = doc.location.href;
    out.width = outer.clientWidth;
    out.state = doc.body.dataset.state ?? null;
    out.summary = doc.querySelector(".summary") ? doc.querySelector(".summary").textContent.replace(/\s+/g, " ").trim() : null;
    out.speakers = [...doc.querySelectorAll(".speaker h3")].map((h) => h.textContent.replace(/\s+/g, " ").trim());
  } catch (err) {
    out.error = String(err);
  }
  return out;
}

// Clicks the sidebar's first statement, as a reader does.
function firefoxSidebarClick(selector) {
  const win = Services.wm.getMostRecentWindow("navigator:browser");
  const doc = win.SidebarController.browser.contentDocument.getElementById("webext-panels-browser").contentDocument;
  const el = doc.querySelector(selector);
  if (!el) return "missing";
  el.click();
  return "ok";
}

// A picture of the whole browser window: the page and the sidebar beside it.
async function firefoxWindowShot() {
  const win = Services.wm.getMostRecentWindow("navigator:browser");
  const bitmap = await win.browsingContext.currentWindowGlobal.drawSnapshot(null, 1, "white");
  const canvas = win.document.createElementNS("http://www.w3.org/1999/xhtml", "canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext("2d").drawImage(bitmap, 0, 0);
  return canvas.toDataURL("image/png");
}

// What clicking the toolbar button runs in Firefox (ext-browserAction.js).
function firefoxClick(addonId) {
  const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
  const win = Services.wm.getMostRecentWindow("navigator:browser");
  const extension = ExtensionParent.GlobalManager.getExtension(addonId);
  ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(win);
  return "ok";
}

function firefoxPageState() {
  const out = { host: document.querySelectorAll("sourcecheck-overlay").length, sheets: document.adoptedStyleSheets.length, html: document.documentElement.outerHTML, highlights: {} };
  for (const [name, h] of CSS.highlights) if (name.startsWith("sourcecheck-")) out.highlights[name] = [...h].map((r) => r.toString());
  return out;
}

test("Firefox: the toolbar button opens the sidebar beside the page with its report, highlights the article (also under a strict CSP), sidebar -> page, and closes cleanly", async (ctx) => {
  const ff = await firefoxSession();
  try {
    for (const area of ["pages", "strict"]) {
      await ff.goto(`${ctx.base}/${area}/article.html`);
      const before = await ff.run(firefoxPageState);
      assert((await ff.inChrome(firefoxClick, ff.addonId)) === "ok", "cannot trigger the toolbar action");
      const shown = await waitFor(async () => {
        const s = await ff.run(firefoxPageState);
        return s.highlights["sourcecheck-attributed"] ? s : null;
      }, `highlights in Firefox (${area})`);
      assert(shown.host === 1, `expected one overlay host, found ${shown.host}`);
      assertIncludes(shown.highlights["sourcecheck-attributed"], "This barrier will protect forty thousand homes", "Firefox attributed highlights");
      assert(shown.highlights["sourcecheck-attributed"].some((t) => /^[“"]?We have waited long enough/.test(t)), "Firefox: the quote after the astral character is misplaced");
      assertIncludes(shown.highlights["sourcecheck-unsourced"] ?? [], "Prices rose 12 percent last year", "Firefox unsourced highlights");
      await ff.screenshot(`firefox-${area}`);
      // The sidebar, beside the page: open on our panel, showing this page's report.
      const bar = await waitFor(async () => {
        const b = await ff.inChrome(firefoxSidebar);
        return b.summary ? b : null;
      }, `the report in Firefox's sidebar (${area})`);
      assert(bar.open && /sidepanel\.html$/.test(bar.url), `Firefox sidebar: ${JSON.stringify(bar)}`);
      assert(/7 statements from 5 sources/.test(bar.summary), `Firefox sidebar summary: ${bar.summary}`);
      assert(bar.speakers.some((n) => n.includes("Jane Doe")), `Firefox sidebar speakers: ${JSON.stringify(bar.speakers)}`);
      assert(bar.width >= 200 && bar.pageWidth + bar.width <= bar.windowWidth, `Firefox: the sidebar (${bar.width} px) and the page (${bar.pageWidth} px) overlap in ${bar.windowWidth} px`);
      // Panel -> page: a statement clicked in the sidebar is marked in the page.
      assert((await ff.inChrome(firefoxSidebarClick, ".item.statement")) === "ok", "no statement in Firefox's sidebar");
      await waitFor(async () => ((await ff.run(firefoxPageState)).highlights["sourcecheck-focus"] ?? []).length === 1, "the clicked statement marked in the page (Firefox)");
      if (area === "pages") {
        const png = await ff.inChrome(firefoxWindowShot);
        if (typeof png === "string" && png.startsWith("data:image/png;base64,")) {
          fs.mkdirSync(SHOTS, { recursive: true });
          fs.writeFileSync(path.join(SHOTS, "firefox-sidebar.png"), Buffer.from(png.slice(22), "base64"));
        } else {
          console.log(`     (no window picture: ${JSON.stringify(png).slice(0, 200)})`);
        }
      }
      await ff.inChrome(firefoxClick, ff.addonId);
      const after = await waitFor(async () => {
        const s = await ff.run(firefoxPageState);
        return s.host === 0 ? s : null;
      }, "the overlay to close in Firefox");
      assert(after.sheets === before.sheets && Object.keys(after.highlights).length === 0, "Firefox: sheets or highlights left behind");
      assert(after.html === before.html, "Firefox: outerHTML differs after closing");
      const closedBar = await waitFor(async () => {
        const b = await ff.inChrome(firefoxSidebar);
        return !b.open ? b : null;
      }, "Firefox's sidebar to close with the toolbar button");
      void closedBar;
    }
  } finally {
    await ff.close();
  }
});

// The same figures in Firefox ESR: from the toolbar action (taken in the
// browser's own process just before it runs the action, so the figure also
// holds the click's dispatch) to the report painted in the page and in the
// sidebar (their "sourcecheck-painted" marks).
function firefoxSidebarMark() {
  const win = Services.wm.getMostRecentWindow("navigator:browser");
  const sc = win.SidebarController;
  const outer = sc && sc.isOpen && sc.browser && sc.browser.contentDocument ? sc.browser.contentDocument.getElementById("webext-panels-browser") : null;
  const doc = outer && outer.contentDocument;
  if (!doc || !doc.defaultView) return { open: !!(sc && sc.isOpen), at: 0 };
  const perf = doc.defaultView.performance;
  const m = perf.getEntriesByName("sourcecheck-painted").at(-1);
  return { open: true, state: doc.body ? doc.body.dataset.state ?? null : null, at: m ? perf.timeOrigin + m.startTime : 0 };
}

// firefoxClick, with the time just before the action runs.
function firefoxTimedClick(addonId) {
  const { ExtensionParent } = ChromeUtils.importESModule("resource://gre/modules/ExtensionParent.sys.mjs");
  const win = Services.wm.getMostRecentWindow("navigator:browser");
  const extension = ExtensionParent.GlobalManager.getExtension(addonId);
  const at = performance.timeOrigin + performance.now();
  ExtensionParent.apiManager.global.browserActionFor(extension).triggerAction(win);
  return at;
}

function firefoxSidebarEscape() {
  const win = Services.wm.getMostRecentWindow("navigator:browser");
  const doc = win.SidebarController.browser.contentDocument.getElementById("webext-panels-browser").contentDocument;
  doc.dispatchEvent(new doc.defaultView.KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  return "ok";
}

test("Firefox: click to painted report on a 1,000-word page, page and sidebar (marks)", async (ctx) => {
  const ff = await firefoxSession();
  try {
    await ff.goto(`${ctx.base}/pages/long-1000.html`);
    const pageMark = () => ff.run(() => {
      const m = performance.getEntriesByName("sourcecheck-painted").at(-1);
      return m ? performance.timeOrigin + m.startTime : 0;
    });
    const click = async () => {
      const at = await ff.inChrome(firefoxTimedClick, ff.addonId);
      const inPage = await waitFor(async () => {
        const t = await pageMark();
        return t > at ? t : 0;
      }, "the report painted in the page (Firefox)");
      const inBar = await waitFor(async () => {
        const b = await ff.inChrome(firefoxSidebarMark);
        return b.at > at ? b.at : 0;
      }, "the report painted in the sidebar (Firefox)");
      return { page: inPage - at, panel: inBar - at, both: Math.max(inPage, inBar) - at };
    };
    const closedBySidebar = async () => {
      await ff.inChrome(firefoxSidebarEscape);
      await waitFor(async () => (await ff.run(firefoxPageState)).host === 0 && (await ff.inChrome(firefoxSidebarMark)).state === "invite", "the overlay closed, the sidebar inviting (Firefox)");
    };
    const first = await click();
    const open = [];
    for (let i = 0; i < 5; i++) {
      await closedBySidebar();
      open.push(await click());
    }
    const reopened = [];
    for (let i = 0; i < 3; i++) {
      await ff.inChrome(firefoxClick, ff.addonId); // closes the overlay and the sidebar
      await waitFor(async () => (await ff.run(firefoxPageState)).host === 0 && !(await ff.inChrome(firefoxSidebarMark)).open, "the overlay and the sidebar to close (Firefox)");
      reopened.push(await click());
    }
    const warm = median(open.map((r) => r.both));
    const again = median(reopened.map((r) => r.both));
    console.log(`     Firefox, sidebar left open: warm median ${warm.toFixed(0)} ms (page ${ms(open.map((r) => r.page))}; sidebar ${ms(open.map((r) => r.panel))}); first click ${first.both.toFixed(0)} ms (page ${first.page.toFixed(0)}, sidebar ${first.panel.toFixed(0)})`);
    console.log(`     Firefox, sidebar reopened at each click: median ${again.toFixed(0)} ms (page ${ms(reopened.map((r) => r.page))}; sidebar ${ms(reopened.map((r) => r.panel))})`);
    assert(warm < WARM_LIMIT, `Firefox: warm click to painted report, sidebar open: median ${warm.toFixed(0)} ms (limit ${WARM_LIMIT} ms; target 50)`);
    assert(again < 600, `Firefox: click to painted report, sidebar reopened: median ${again.toFixed(0)} ms (guard 600 ms)`);
  } finally {
    await ff.close();
  }
});

// ---------------------------------------------------------------------------

// What a test left open in the shared browser: tabs it opened and the side panel.
async function leftOpen(browser, initial) {
  const isSide = (p) => p.url().endsWith("/sidepanel/sidepanel.html");
  const tabs = (await browser.pages()).filter((p) => !initial.has(p) && !p.isClosed() && !isSide(p));
  const side = browser.targets().some((t) => t.type() === "page" && t.url().endsWith("/sidepanel/sidepanel.html"));
  return [...tabs.map((p) => `tab ${p.url()}`), ...(side ? ["the side panel"] : [])];
}

async function closeLeftOpen(browser, initial) {
  for (const p of await browser.pages()) {
    if (!initial.has(p) && !p.isClosed()) await p.close().catch(() => {});
  }
  for (const t of browser.targets()) {
    if (t.type() === "page" && t.url().endsWith("/sidepanel/sidepanel.html")) {
      const p = await t.asPage().catch(() => null);
      if (p) await p.close().catch(() => {});
    }
  }
  sidePages.clear();
}

async function main() {
  const selected = tests.filter((t) => !ONLY || ONLY.split("|").some((o) => t.name.includes(o)));
  let passed = 0;
  let failed = 0;
  let ext;
  let browser;
  let server;
  try {
    ext = prepareExtension();
    server = await startServer();
    const base = `http://127.0.0.1:${server.address().port}`;
    const launched = await launch(ext.dir);
    if (process.env.DEBUG_CONSOLE) launched.worker.on("console", (m) => console.log(`    worker: ${m.text()}`));
    browser = launched.browser;
    const ctx = {
      browser,
      worker: launched.worker,
      extension: launched.extension,
      base,
      async newPage(pathname, options = {}, inBrowser = browser) {
        const page = await inBrowser.newPage();
        page.setDefaultTimeout(TIMEOUT);
        page.on("pageerror", (err) => console.log(`    page error (${pathname}): ${err.message}`));
        if (process.env.DEBUG_CONSOLE) page.on("console", (m) => console.log(`    console: ${m.text()}`));
        // Still screenshots (the panel slides in otherwise); also exercises the reduced-motion CSS.
        await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }, ...(options.media ?? [])]);
        await page.goto(base + pathname, { waitUntil: "load" });
        return page;
      },
    };
    const initial = new Set(await browser.pages());
    for (const t of selected) {
      const start = Date.now();
      try {
        await t.fn(ctx);
        passed++;
        console.log(`ok   ${t.name} (${Date.now() - start} ms)`);
      } catch (err) {
        failed++;
        console.log(`FAIL ${t.name}\n     ${String(err && err.stack ? err.message : err).replace(/\n/g, "\n     ")}`);
      } finally {
        // Each test starts in the browser as the first found it: what one
        // left open (its tabs, the side panel) is closed, or the next starts
        // beside a stale side panel and fails for no fault of its own.
        const left = await leftOpen(browser, initial);
        if (left.length && process.env.DEBUG_CONSOLE) console.log(`    closing what the test left open: ${left.join(", ")}`);
        await closeLeftOpen(browser, initial);
      }
    }
  } catch (err) {
    failed += Math.max(1, selected.length - passed - failed);
    console.log(`FAIL setup: ${err && err.message ? err.message : err}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) server.close();
    if (ext) ext.cleanup();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
