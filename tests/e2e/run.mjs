// End-to-end tests of the browser extension, in headless Chromium and Firefox.
//
//   node tests/e2e/run.mjs                 test the extension with extension/pkg
//   node tests/e2e/run.mjs --pkg DIR       use another wasm-bindgen pkg (e.g. a stub)
//   node tests/e2e/run.mjs --only NAME     run the tests whose name contains NAME
//
// Needs: extension/pkg and target/release/sourcecheck (./build.sh makes
// both), Chromium, Firefox ESR and geckodriver (./build.sh test installs them).
//
// Serves tests/e2e/pages/ itself on 127.0.0.1 and loads the packaged
// extension (tools/package_extension.py). Chromium (puppeteer-core 24) is
// driven through the service worker: headless Chromium has no toolbar, so
// the tests call the very function the toolbar click calls
// (globalThis.sourcecheckToggle(tab)). Firefox is driven through
// geckodriver, triggering the toolbar action from the browser's side.
// Screenshots go to target/e2e/. Prints one line per test and
// "N passed, N failed"; exits 1 on any failure.

import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import puppeteer from "puppeteer-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PAGES = path.join(ROOT, "tests/e2e/pages");
const SHOTS = path.join(ROOT, "target/e2e");
const CLI = path.join(ROOT, "target/release/sourcecheck");
const STRICT_CSP = "default-src 'none'; style-src 'self'";
const TIMEOUT = 15000;

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

// The Chrome package as tools/package_extension.py builds it (so the test
// loads what ships), unpacked, with one test-only change: a host permission
// for the test server. A real click grants activeTab; a call through the
// worker is no user gesture, so without it Chromium refuses to inject into
// the page. The code that runs is the same.
function prepareExtension(pkg = PKG) {
  for (const file of ["sourcecheck.js", "sourcecheck_bg.wasm"]) {
    if (!fs.existsSync(path.join(pkg, file))) {
      throw new Error(`${path.join(pkg, file)} is missing: run ./build.sh first (it builds extension/pkg)`);
    }
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-ext-"));
  execFileSync("python3", [path.join(ROOT, "tools/package_extension.py"), "--pkg", pkg, "--out", out], { stdio: "ignore" });
  const dir = path.join(out, "chrome");
  execFileSync("python3", ["-m", "zipfile", "-e", path.join(out, "sourcecheck-chrome.zip"), dir]);
  const manifestPath = path.join(dir, "manifest.json");
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
  manifest.host_permissions = ["http://127.0.0.1/*"];
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  return { dir, cleanup: () => fs.rmSync(out, { recursive: true, force: true }) };
}

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
    if ((area === "pages" || area === "strict") && /^[\w-]+\.html$/.test(name)) {
      const file = path.join(PAGES, name);
      if (!fs.existsSync(file)) return send(404, "text/plain", "not found");
      const headers = area === "strict" ? { "Content-Security-Policy": STRICT_CSP } : {};
      return send(200, "text/html; charset=utf-8", fs.readFileSync(file), headers);
    }
    // The www demo, with its build-time copies taken from their sources.
    if (area === "www") {
      const roots = { content: path.join(ROOT, "extension/content"), pkg: PKG };
      const sub = roots[rest[0]] ? path.join(roots[rest[0]], ...rest.slice(1)) : path.join(ROOT, "www", ...rest);
      const file = path.resolve(sub || path.join(ROOT, "www/index.html"));
      const target = fs.existsSync(file) && fs.statSync(file).isDirectory() ? path.join(file, "index.html") : file;
      if (!fs.existsSync(target)) return send(404, "text/plain", "not found");
      const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
      return send(200, types[path.extname(target)] ?? "application/octet-stream", fs.readFileSync(target));
    }
    send(404, "text/plain", "not found");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ---------------------------------------------------------------------------
// browser helpers

function findChromium() {
  for (const p of [process.env.CHROMIUM, "/usr/lib/chromium/chromium", "/usr/bin/chromium"]) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error("Chromium not found: apt-get install chromium (or set CHROMIUM)");
}

async function launch(extDir) {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`,
    ],
    defaultViewport: { width: 1280, height: 900 },
  });
  const target = await browser.waitForTarget(
    (t) => t.type() === "service_worker" && t.url().endsWith("/background.js"),
    { timeout: TIMEOUT },
  );
  const worker = await target.worker();
  // The target appears before the module has finished loading.
  await waitFor(() => worker.evaluate(() => typeof globalThis.sourcecheckToggle === "function"), "background.js to load");
  return { browser, worker };
}

const norm = (s) => String(s).replace(/\s+/g, " ").trim();

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function assertIncludes(list, needle, what) {
  assert(list.some((s) => norm(s).includes(needle)), `${what}: expected one containing ${JSON.stringify(needle)}, got ${JSON.stringify(list)}`);
}

async function waitFor(fn, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The toggle, exactly as the toolbar click runs it, on the active tab.
async function toggle(worker, page) {
  await page.bringToFront();
  const url = page.url();
  const result = await worker.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    const tab = tabs.find((t) => t.url === url) ?? tabs[0];
    if (!tab) return "no active tab";
    await globalThis.sourcecheckToggle(tab);
    return tab.url === url ? "ok" : `active tab is ${tab.url}`;
  }, url);
  assert(result === "ok", `toggle: ${result}`);
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

// What the panel shows, as plain data.
function readPanel(root) {
  const text = (el) => (el ? el.textContent.replace(/\s+/g, " ").trim() : null);
  const panel = root.querySelector(".panel");
  const box = panel.getBoundingClientRect();
  return {
    loading: !!root.querySelector(".state.loading"),
    empty: text(root.querySelector(".state.empty")),
    error: text(root.querySelector(".state.error")),
    summary: text(root.querySelector(".summary")),
    visible: box.width > 100 && box.height > 100 && getComputedStyle(panel).visibility !== "hidden",
    speakers: [...root.querySelectorAll(".speaker")].map((s) => ({
      name: text(s.querySelector("h3")),
      statements: [...s.querySelectorAll(".statement")].map(text),
    })),
    claims: [...root.querySelectorAll(".claim")].map(text),
    headings: [...root.querySelectorAll("h2")].map(text),
    card: root.querySelector(".card").hidden ? null : text(root.querySelector(".card")),
  };
}

async function panelState(page) {
  const r = await inShadow(page, readPanel);
  return r.missing ? null : { ...r.value, hosts: r.hosts };
}

async function waitForResult(page) {
  return waitFor(async () => {
    const s = await panelState(page);
    return s && !s.loading ? s : null;
  }, "the analysis result in the panel");
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
function pointOfHighlight(page, name, needle) {
  return page.evaluate((name, needle) => {
    const h = CSS.highlights.get(name);
    for (const r of h ?? []) {
      if (!r.toString().replace(/\s+/g, " ").includes(needle)) continue;
      r.startContainer.parentElement.scrollIntoView({ block: "center" });
      const rect = r.getClientRects()[0];
      return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 };
    }
    return null;
  }, name, needle);
}

function snapshot(page) {
  return page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    sheets: document.adoptedStyleSheets.length,
    highlights: window.CSS && CSS.highlights ? [...CSS.highlights.keys()].filter((k) => k.startsWith("sourcecheck-")).length : 0,
  }));
}

async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

// ---------------------------------------------------------------------------
// the tests

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// The article page, shown, checked and hidden again; also run under a strict CSP.
async function articleScenario(ctx, area, shotName, media) {
  const page = await ctx.newPage(`/${area}/article.html`, { media });
  const before = await snapshot(page);
  await toggle(ctx.worker, page);
  const state = await waitForResult(page);
  assert(!state.error, `the panel shows an error: ${state.error}`);
  assert(state.visible, "the panel is not visible");
  assert(state.hosts === 1, `expected one overlay host, found ${state.hosts}`);

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
  assertIncludes(state.headings, "Claims without a source", "panel sections");
  assertIncludes(state.claims, "Prices rose 12 percent last year", "claims without a source");

  const hl = await highlights(page);
  const all = Object.values(hl).flat().map(norm);
  assertIncludes(hl["sourcecheck-direct"] ?? [], "This barrier will protect forty thousand homes for the next century", "direct-quote highlights");
  // After an astral character (two UTF-16 units): the range must start exactly at the quote.
  assert((hl["sourcecheck-direct"] ?? []).some((t) => /^[“"]?We have waited long enough/.test(t)),
    `no direct-quote highlight starts at "We have waited": ${JSON.stringify(hl["sourcecheck-direct"])}`);
  assertIncludes(hl["sourcecheck-indirect"] ?? [], "the design meets national safety standards", "indirect highlights");
  assertIncludes(hl["sourcecheck-unsourced"] ?? [], "Prices rose 12 percent last year", "unsourced-claim highlights");
  assert(!all.some((t) => t.includes("Harbourfan77") || t.includes("mayor never listens")), "a comment is highlighted");

  // Hover over a highlighted quote: the card names the speaker, the cue and the quote.
  const point = await pointOfHighlight(page, "sourcecheck-direct", "forty thousand homes");
  assert(point, "cannot locate the highlighted quote on screen");
  await page.mouse.move(point.x, point.y);
  const hover = await waitFor(async () => (await panelState(page)).card, "the hover card");
  assert(hover.includes("Jane Doe") && hover.includes("forty thousand homes"), `hover card: ${hover}`);
  await screenshot(page, `${shotName}-hover`);
  await page.mouse.move(5, 5);
  await waitFor(async () => (await panelState(page)).card === null, "the hover card to go away");

  // Keyboard: the panel has the focus; Tab reaches the close button, then the first statement.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  const focusCard = await waitFor(async () => (await panelState(page)).card, "the card on keyboard focus");
  const firstSpeaker = state.speakers[0];
  assert(focusCard.includes(firstSpeaker.name.replace(/\s*(person|organization|outlet|document|vague|anonymous)$/, "")),
    `focus card "${focusCard}" does not name the first speaker "${firstSpeaker.name}"`);
  const focusHl = await highlights(page);
  assert((focusHl["sourcecheck-focus"] ?? []).length === 1, "the focused statement is not marked in the page");
  await screenshot(page, shotName);

  // Hide: the page is exactly as before.
  await toggle(ctx.worker, page);
  await waitFor(async () => (await panelState(page)) === null, "the overlay to close");
  const after = await snapshot(page);
  assert(after.sheets === before.sheets, `adoptedStyleSheets: ${before.sheets} before, ${after.sheets} after`);
  assert(after.highlights === 0, `${after.highlights} sourcecheck highlights left behind`);
  assert(after.html === before.html, "document.documentElement.outerHTML differs after closing");

  // And show again (the scripts are injected a second time into the same world).
  await toggle(ctx.worker, page);
  const again = await waitForResult(page);
  assert(again.hosts === 1 && again.speakers.length === state.speakers.length, "the second opening differs from the first");
  await toggle(ctx.worker, page);
  await waitFor(async () => (await panelState(page)) === null, "the overlay to close again");
  await page.close();
}

test("article: speakers, quotes, claims, highlights, hover, keyboard, clean close", (ctx) =>
  articleScenario(ctx, "pages", "article"));

test("article under a strict CSP (default-src 'none'): same result", async (ctx) => {
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

test("hostile page: markup in quotes stays text, tripwire unset", async (ctx) => {
  const page = await ctx.newPage("/pages/hostile.html");
  const before = await snapshot(page);
  await toggle(ctx.worker, page);
  const state = await waitForResult(page);
  assert(!state.error, `the panel shows an error: ${state.error}`);
  assert(state.visible, "the panel is hidden by the page's CSS");
  const statements = state.speakers.flatMap((s) => s.statements);
  assertIncludes(statements, "<img src=x onerror=window.__pwned=1> is not a name", "statements");
  assertIncludes(statements, "<script>window.__pwned=2</script> should be read as text", "statements");
  const hl = Object.values(await highlights(page)).flat();
  assertIncludes(hl, "<img src=x onerror=window.__pwned=1>", "highlights");
  // Hover every highlight so the card renders each of them.
  for (const name of ["sourcecheck-direct", "sourcecheck-unsourced"]) {
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
  await toggle(ctx.worker, page);
  await waitFor(async () => (await panelState(page)) === null, "the overlay to close");
  const after = await snapshot(page);
  assert(after.html === before.html && after.sheets === before.sheets, "the hostile page is not restored");
  assert((await page.evaluate(() => window.__pwned)) === undefined, "tripwire set after closing");
  await page.close();
});

test("page without article text: 'no article text found'", async (ctx) => {
  const page = await ctx.newPage("/pages/empty.html");
  const before = await snapshot(page);
  await toggle(ctx.worker, page);
  const state = await waitForResult(page);
  assert(state.empty && /no article text found/i.test(state.empty), `expected the empty state, got ${JSON.stringify(state)}`);
  await screenshot(page, "empty");
  await toggle(ctx.worker, page);
  await waitFor(async () => (await panelState(page)) === null, "the overlay to close");
  assert((await snapshot(page)).html === before.html, "the page is not restored");
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

// The page reader in the browser against the CLI's HTML reader, on the same files.
test("page reader (live DOM and DOMParser) equals `sourcecheck page`", async (ctx) => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run cargo build --release (./build.sh does)`);
  const reader = fs.readFileSync(path.join(ROOT, "extension/content/page-reader.js"), "utf8");
  const failures = [];
  for (const name of fs.readdirSync(PAGES).filter((f) => f.endsWith(".html")).sort()) {
    const expected = JSON.parse(execFileSync(CLI, ["page", path.join(PAGES, name)], { encoding: "utf8" }));
    delete expected.url;
    const page = await ctx.browser.newPage();
    await page.setJavaScriptEnabled(false); // the page's own scripts must not change the DOM
    await page.goto(`${ctx.base}/pages/${name}`, { waitUntil: "load" });
    const got = await page.evaluate(async (reader, name) => {
      (0, eval)(reader);
      const live = globalThis.sourcecheckPageReader.readPage(document, null).page;
      const html = await (await fetch(`/pages/${name}`)).text();
      const parsed = new DOMParser().parseFromString(html, "text/html");
      const fromParser = globalThis.sourcecheckPageReader.readPage(parsed, null).page;
      return { live, fromParser };
    }, reader, name);
    await page.close();
    for (const [how, model] of Object.entries(got)) {
      delete model.url;
      if (!isDeepStrictEqual(model, expected)) failures.push(`${name} (${how}): ${firstDifference(model, expected)}`);
    }
  }
  assert(!failures.length, `the readers differ:\n    ${failures.join("\n    ")}`);
});

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

test("www demo: pasted text is analysed and drawn with the same overlay", async (ctx) => {
  if (!fs.existsSync(path.join(ROOT, "www/index.html"))) throw new Error("www/index.html is missing");
  const page = await ctx.newPage("/www/");
  await page.waitForFunction(() => document.body.dataset.ready === "yes", { timeout: TIMEOUT });
  await page.$eval("textarea", (t) => {
    t.value = "Council member Omar Reyes said: “We are spending money we do not have.”\n\nPrices rose 12 percent last year.";
  });
  await page.click("#analyse");
  const state = await waitForResult(page);
  assertIncludes(state.speakers.map((s) => s.name), "Omar Reyes", "demo speakers");
  const hl = await highlights(page);
  assertIncludes(hl["sourcecheck-direct"] ?? [], "We are spending money we do not have", "demo highlights");
  assertIncludes(hl["sourcecheck-unsourced"] ?? [], "Prices rose 12 percent last year", "demo highlights");
  await screenshot(page, "www-demo");

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
  assert((await page.$$eval("#article img, #article script, #article svg", (n) => n.length)) === 0, "markup from the file reached the demo page");
  await new Promise((r) => setTimeout(r, 200));
  const pwned = await page.evaluate(() => window.__pwned);
  assert(pwned === undefined, "tripwire set in the demo");
  await screenshot(page, "www-demo-file");
  await page.close();
});

test("broken engine: the panel shows the error, and the page is restored", async (ctx) => {
  // A pkg whose wasm cannot compile: init fails, every request must say so.
  const broken = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-broken-pkg-"));
  fs.copyFileSync(path.join(PKG, "sourcecheck.js"), path.join(broken, "sourcecheck.js"));
  fs.writeFileSync(path.join(broken, "sourcecheck_bg.wasm"), "not wasm");
  const ext = prepareExtension(broken);
  const { browser, worker } = await launch(ext.dir);
  try {
    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
    await page.goto(`${ctx.base}/pages/article.html`);
    const before = await snapshot(page);
    await toggle(worker, page);
    const state = await waitForResult(page);
    assert(state.error && /analysis failed/i.test(state.error) && /could not load the analysis engine/i.test(state.error),
      `expected the error state, got ${JSON.stringify(state)}`);
    assert(state.speakers.length === 0, "speakers listed despite the error");
    await screenshot(page, "error");
    await toggle(worker, page);
    await waitFor(async () => (await panelState(page)) === null, "the overlay to close");
    const after = await snapshot(page);
    assert(after.html === before.html && after.sheets === before.sheets, "the page is not restored after an error");
  } finally {
    await browser.close();
    ext.cleanup();
    fs.rmSync(broken, { recursive: true, force: true });
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
        prefs: { "ui.prefersReducedMotion": 1 }, // still screenshots
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

test("Firefox: the packaged add-on highlights the article, also under a strict CSP, and closes cleanly", async (ctx) => {
  const ff = await firefoxSession();
  try {
    for (const area of ["pages", "strict"]) {
      await ff.goto(`${ctx.base}/${area}/article.html`);
      const before = await ff.run(firefoxPageState);
      assert((await ff.inChrome(firefoxClick, ff.addonId)) === "ok", "cannot trigger the toolbar action");
      const shown = await waitFor(async () => {
        const s = await ff.run(firefoxPageState);
        return s.highlights["sourcecheck-direct"] ? s : null;
      }, `highlights in Firefox (${area})`);
      assert(shown.host === 1, `expected one overlay host, found ${shown.host}`);
      assertIncludes(shown.highlights["sourcecheck-direct"], "This barrier will protect forty thousand homes", "Firefox direct-quote highlights");
      assert(shown.highlights["sourcecheck-direct"].some((t) => /^[“"]?We have waited long enough/.test(t)), "Firefox: the quote after the astral character is misplaced");
      assertIncludes(shown.highlights["sourcecheck-unsourced"] ?? [], "Prices rose 12 percent last year", "Firefox unsourced highlights");
      await ff.screenshot(`firefox-${area}`);
      await ff.inChrome(firefoxClick, ff.addonId);
      const after = await waitFor(async () => {
        const s = await ff.run(firefoxPageState);
        return s.host === 0 ? s : null;
      }, "the overlay to close in Firefox");
      assert(after.sheets === before.sheets && Object.keys(after.highlights).length === 0, "Firefox: sheets or highlights left behind");
      assert(after.html === before.html, "Firefox: outerHTML differs after closing");
    }
  } finally {
    await ff.close();
  }
});

// ---------------------------------------------------------------------------

async function main() {
  const selected = tests.filter((t) => !ONLY || t.name.includes(ONLY));
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
    browser = launched.browser;
    const ctx = {
      browser,
      worker: launched.worker,
      base,
      async newPage(pathname, options = {}) {
        const page = await browser.newPage();
        page.setDefaultTimeout(TIMEOUT);
        page.on("pageerror", (err) => console.log(`    page error (${pathname}): ${err.message}`));
        // Still screenshots (the panel slides in otherwise); also exercises the reduced-motion CSS.
        await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }, ...(options.media ?? [])]);
        await page.goto(base + pathname, { waitUntil: "load" });
        return page;
      },
    };
    for (const t of selected) {
      const start = Date.now();
      try {
        await t.fn(ctx);
        passed++;
        console.log(`ok   ${t.name} (${Date.now() - start} ms)`);
      } catch (err) {
        failed++;
        console.log(`FAIL ${t.name}\n     ${String(err && err.stack ? err.message : err).replace(/\n/g, "\n     ")}`);
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
