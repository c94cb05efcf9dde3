// Browser benchmarks in headless Chromium: the wasm analysis against the JS
// NLP libraries an extension would otherwise ship, click-to-overlay time,
// and long tasks on a 1M-word page.
//
//   node tests/bench/browser.mjs [--articles DIR] [--runs N] [--skip-large | --large-only]
//
// --articles: where `cargo bench --bench pipeline -- --out DIR` wrote the
// generated articles (default target/bench; ./build.sh bench makes them).
// Needs extension/pkg and the npm devDependencies (./build.sh installs
// them) and the system Chromium; nothing downloads a browser.
//
// 1. One page load, one page: the wasm `analyze_text_json` (extension/pkg:
//    the analysis and the report as the JSON string the service worker
//    gets), on the 10k-word article, against wink-nlp (readDoc + sentences + entities, with
//    wink-eng-lite-web-model) and compromise (nlp + sentences + quotations),
//    run in turns after a warm-up; medians and ratios. Also shown: the
//    page's JSON.parse of that report, and `analyze_text` building the
//    report as JavaScript objects instead.
// 2. Click to overlay: the packaged extension, driven as tests/e2e/run.mjs
//    does (globalThis.sourcecheckToggle(tab) in the service worker: the very
//    function the toolbar click calls), on generated article pages. Time from
//    the call to the frame after the panel shows the report.
// 3. Long tasks (>= 50 ms) on the page's main thread while the overlay reads
//    a 1M-word page, waits for the analysis and draws the report.

import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { launch as launchChromium, prepareExtension as packageForTest, waitFor as poll } from "../support/chromium.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const ARTICLES = path.resolve(ROOT, option("--articles", "target/bench"));
const RUNS = Number(option("--runs", 20));
const WARMUP = 5;
const CLICKS = 10;
const SKIP_LARGE = args.includes("--skip-large");
const LARGE_ONLY = args.includes("--large-only");
// --profile FILE: a CPU profile of the page's main thread during the
// long-task run (open it in DevTools), and what ran in each long task.
const PROFILE = option("--profile", null);
const PKG = path.join(ROOT, "extension/pkg");
const TIMEOUT = 15000;

function article(words, ext) {
  const file = path.join(ARTICLES, `article-${words}.${ext}`);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing: run cargo bench --bench pipeline -- --out ${path.relative(ROOT, ARTICLES)} (./build.sh bench does)`);
  }
  return fs.readFileSync(file);
}

// ---------------------------------------------------------------------------
// wink-nlp and its model are CommonJS only: a tiny bundler makes one script
// of them (every require() in them is a string literal; node resolves them).

function bundleCommonJs(entries) {
  const ids = new Map(); // file -> index
  const sources = [];
  const add = (file) => {
    if (ids.has(file)) return ids.get(file);
    const id = sources.length;
    ids.set(file, id);
    sources.push(null);
    const text = fs.readFileSync(file, "utf8");
    if (file.endsWith(".json")) {
      sources[id] = { body: `module.exports = ${text};`, deps: {} };
      return id;
    }
    const require = createRequire(file);
    const deps = {};
    for (const m of text.matchAll(/require\s*\(\s*(['"])([^'"]+)\1\s*\)/g)) {
      try {
        deps[m[2]] = add(require.resolve(m[2]));
      } catch {
        // In a comment or an optional branch: left to fail at run time if reached.
      }
    }
    sources[id] = { body: text, deps };
    return id;
  };
  const roots = Object.fromEntries(Object.entries(entries).map(([name, spec]) => [name, add(createRequire(path.join(ROOT, "package.json")).resolve(spec))]));
  const modules = sources.map((s) => `[function (module, exports, require) {\n${s.body}\n}, ${JSON.stringify(s.deps)}]`);
  return `(() => {
  const modules = [${modules.join(",\n")}];
  const cache = [];
  const load = (id) => {
    if (cache[id]) return cache[id].exports;
    const module = (cache[id] = { exports: {} });
    const [fn, deps] = modules[id];
    fn.call(module.exports, module, module.exports, (name) => {
      if (!(name in deps)) throw new Error("bundle: cannot require " + name);
      return load(deps[name]);
    });
    return module.exports;
  };
${Object.entries(roots).map(([name, id]) => `  globalThis.${name} = load(${id});`).join("\n")}
})();\n`;
}

// ---------------------------------------------------------------------------
// the server: the comparison page and the generated article pages

const COMPARE_PAGE = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>bench</title>
<script src="/vendor/wink.js"></script>
<script src="/vendor/compromise.js"></script>
</head><body><p>sourcecheck benchmark</p>
<script type="module">
import init, { analyze_text, analyze_text_json } from "/pkg/sourcecheck.js";
globalThis.benchReady = (async () => {
  const wasm = await init({ module_or_path: "/pkg/sourcecheck_bg.wasm" });
  const text = await (await fetch("/text/10000")).text();
  const wink = winkNLP(winkModel);
  let json = "";
  const passes = {
    "sourcecheck wasm analyze_text_json": () => {
      json = analyze_text_json(text); // the report, as the service worker gets it
      return \`report: \${(json.length / 1024).toFixed(0)} KiB of JSON\`;
    },
    "(then in the page: JSON.parse of the report)": () => {
      const r = JSON.parse(json);
      return \`\${r.stats.words} words, \${r.stats.sentences} sentences, \${r.attributions.length} attributions, \${r.claims.length} claims\`;
    },
    "(analyze_text, report as JS objects)": () => \`\${analyze_text(text).claims.length} claims\`,
    "wink-nlp readDoc + sentences + entities": () => {
      const doc = wink.readDoc(text);
      const s = doc.sentences().out();
      const e = doc.entities().out();
      return \`\${doc.tokens().length()} tokens, \${s.length} sentences, \${e.length} entities\`;
    },
    "compromise nlp + sentences + quotations": () => {
      const doc = nlp(text);
      const s = doc.sentences().out("array");
      const q = doc.quotations().out("array");
      return \`\${doc.terms().length} terms, \${s.length} sentences, \${q.length} quotations\`;
    },
    "(floor: one regex pass for quotes)": () => {
      const m = text.match(/[“"][^”"]*[”"]/g) ?? [];
      return \`\${m.length} quotes\`;
    },
  };
  globalThis.runBench = (runs, warmup) => {
    const names = Object.keys(passes);
    const times = Object.fromEntries(names.map((n) => [n, []]));
    const found = {};
    for (let i = 0; i < warmup + runs; i++) {
      for (const n of names) { // in turns, so all share the same conditions
        const t = performance.now();
        found[n] = passes[n]();
        const d = performance.now() - t;
        if (i >= warmup) times[n].push(d);
      }
    }
    const memory = wasm.memory.buffer.byteLength; // wasm memory only grows: its high-water mark
    return { times, found, memory, textBytes: new TextEncoder().encode(text).length, words: text.split(/\\s+/).filter(Boolean).length };
  };
})();
</script></body></html>`;

function startServer(wink) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const send = (status, type, body) => {
      res.writeHead(status, {
        "Content-Type": type,
        "Cache-Control": "no-store",
        // Cross-origin isolation: performance.now() at 5 µs rather than 100 µs.
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
      });
      res.end(body);
    };
    const p = url.pathname;
    try {
      if (p === "/compare.html") return send(200, "text/html; charset=utf-8", COMPARE_PAGE);
      if (p === "/vendor/wink.js") return send(200, "text/javascript", wink);
      if (p === "/vendor/compromise.js") return send(200, "text/javascript", fs.readFileSync(path.join(ROOT, "node_modules/compromise/builds/compromise.js")));
      if (p === "/pkg/sourcecheck.js") return send(200, "text/javascript", fs.readFileSync(path.join(PKG, "sourcecheck.js")));
      if (p === "/pkg/sourcecheck_bg.wasm") return send(200, "application/wasm", fs.readFileSync(path.join(PKG, "sourcecheck_bg.wasm")));
      let m = /^\/text\/(\d+)$/.exec(p);
      if (m) return send(200, "text/plain; charset=utf-8", article(m[1], "txt"));
      m = /^\/pages\/article-(\d+)\.html$/.exec(p);
      if (m) return send(200, "text/html; charset=utf-8", article(m[1], "html"));
      send(404, "text/plain", "not found");
    } catch (err) {
      send(500, "text/plain", String(err.message));
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ---------------------------------------------------------------------------
// the browser, as in tests/e2e/run.mjs (tests/support/chromium.mjs)

const prepareExtension = () => packageForTest(PKG);
const launch = (extDir) => launchChromium(extDir, TIMEOUT, { viewport: { width: 1280, height: 900 } });
const waitFor = (fn, what, timeout = TIMEOUT) => poll(fn, what, timeout, 20);





// The toolbar click's code path, on the tab showing `url`; resolves to the
// time (ms since the epoch, high resolution) just before the call.
async function toggle(worker, page) {
  await page.bringToFront();
  const r = await worker.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    const tab = tabs.find((t) => t.url === url);
    if (!tab) return { error: `the active tab is not ${url}` };
    const at = performance.timeOrigin + performance.now();
    await globalThis.sourcecheckToggle(tab);
    return { at };
  }, page.url());
  if (r.error) throw new Error(r.error);
  return r.at;
}

// Run in the content scripts' isolated world (the only one that can open the
// overlay's closed shadow root, with chrome.dom): records when the panel
// first shows (the "analysing" state) and when the frame after the report
// is drawn in it has been produced ("Analysis done" is the panel's last step).
function watchPanel() {
  const marks = (globalThis.__benchMarks = {});
  const now = () => performance.timeOrigin + performance.now();
  const afterFrame = (name) => requestAnimationFrame(() => setTimeout(() => (marks[name] ??= now()), 0));
  const watch = (host) => {
    const root = chrome.dom.openOrClosedShadowRoot(host);
    const check = () => {
      // The overlay is up (the panel itself is in the browser's side panel,
      // which a call through the worker cannot open: no user gesture).
      if (!marks.shownSeen) {
        marks.shownSeen = true;
        afterFrame("shown");
      }
      const sr = root.querySelector('[role="status"].sr');
      if (sr && /^Analysis done/.test(sr.textContent) && !marks.doneSeen) {
        marks.doneSeen = true;
        afterFrame("painted");
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
    check();
  };
  const host = document.querySelector("sourcecheck-overlay");
  if (host) return watch(host);
  const outer = new MutationObserver(() => {
    const h = document.querySelector("sourcecheck-overlay");
    if (h) {
      outer.disconnect();
      watch(h);
    }
  });
  outer.observe(document.documentElement, { childList: true, subtree: true });
}

// The extension's isolated world in `page`, through the DevTools protocol.
async function isolatedWorld(page) {
  const client = await page.createCDPSession();
  const contexts = [];
  client.on("Runtime.executionContextCreated", ({ context }) => contexts.push(context));
  client.on("Runtime.executionContextsCleared", () => contexts.splice(0));
  await client.send("Runtime.enable");
  const find = () => contexts.find((c) => c.auxData?.type === "isolated" && /^chrome-extension:/.test(c.origin));
  return {
    client,
    find,
    async evaluate(fn) {
      const ctx = find();
      if (!ctx) throw new Error("no extension isolated world yet");
      const { result, exceptionDetails } = await client.send("Runtime.evaluate", {
        expression: `(${fn.toString()})()`, contextId: ctx.id, returnByValue: true, awaitPromise: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
  };
}

// One click to overlay: toggle, then the marks; closes the overlay again.
async function clickToOverlay(worker, page, world) {
  let installed = false;
  if (world.find()) {
    await world.evaluate(watchPanel);
    installed = true;
  }
  const started = toggle(worker, page);
  if (!installed) {
    // First click on this page: the world appears when the scripts are injected.
    await waitFor(() => world.find(), "the content scripts' world", TIMEOUT);
    await world.evaluate(watchPanel);
  }
  const at = await started;
  const marks = await waitFor(() => world.evaluate(() => (globalThis.__benchMarks?.painted ? globalThis.__benchMarks : null)), "the report in the panel", 600000);
  // Closed by the message a closing side panel sends: through the worker the
  // side panel cannot open (no user gesture), and the button's second click
  // brings a missing panel back rather than closing.
  const closing = performance.timeOrigin + performance.now();
  await worker.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    const tab = tabs.find((t) => t.url === url);
    await chrome.tabs.sendMessage(tab.id, { type: "sourcecheck:close" });
  }, page.url());
  await waitFor(() => page.evaluate(() => !document.querySelector("sourcecheck-overlay")), "the overlay to close");
  return { at, shown: marks.shown - at, painted: marks.painted - at, closing: closing - at };
}

// ---------------------------------------------------------------------------

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms < 1000 ? ms.toFixed(1) : ms.toFixed(0));
const verdict = (ok) => (ok ? "met" : "NOT met");

async function compare(browser, base) {
  const page = await browser.newPage();
  page.on("pageerror", (err) => console.log(`    page error: ${err.message}`));
  await page.goto(`${base}/compare.html`, { waitUntil: "load" });
  await page.evaluate(() => globalThis.benchReady);
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
  const { times, found, words, memory, textBytes } = await page.evaluate((runs, warmup) => globalThis.runBench(runs, warmup), RUNS, WARMUP);
  await page.close();
  const names = Object.keys(times);
  const med = Object.fromEntries(names.map((n) => [n, median(times[n])]));
  const ours = med[names[0]];
  console.log(`In-page comparison, one page load, ${words.toLocaleString("en")}-word article; median of ${RUNS} runs after ${WARMUP} warm-up runs, taken in turns${isolated ? "" : " (timer at 0.1 ms: page not cross-origin isolated)"}`);
  for (const n of names) {
    const ratio = n === names[0] ? "" : `  ${(med[n] / ours).toFixed(1)}x sourcecheck's time`;
    console.log(`  ${n.padEnd(42)} ${fmt(med[n]).padStart(8)} ms  (min ${fmt(Math.min(...times[n]))}, max ${fmt(Math.max(...times[n]))})${ratio}`);
    console.log(`  ${"".padEnd(42)} ${found[n]}`);
  }
  console.log(`  wasm linear memory after all the runs: ${(memory / 1048576).toFixed(1)} MiB (${(memory / textBytes).toFixed(1)}x the ${(textBytes / 1024).toFixed(0)} KiB text; includes the module's static data and allocator slack)`);
  const [wink, comp] = [med[names.find((n) => n.startsWith("wink"))], med[names.find((n) => n.startsWith("compromise"))]];
  console.log(`  targets: wasm < 3 ms: ${verdict(ours < 3)} (${fmt(ours)} ms); >= 4x faster than wink-nlp: ${verdict(wink / ours >= 4)} (${(wink / ours).toFixed(1)}x); >= 60x faster than compromise: ${verdict(comp / ours >= 60)} (${(comp / ours).toFixed(1)}x)`);
}

async function overlay(browser, worker, base) {
  console.log();
  console.log(`Click to overlay (toolbar code path in the service worker → frame after the report is drawn in the panel)`);
  for (const words of [1000, 10000]) {
    const page = await browser.newPage();
    await page.emulateMediaFeatures([{ name: "prefers-reduced-motion", value: "reduce" }]);
    await page.goto(`${base}/pages/article-${words}.html`, { waitUntil: "load" });
    const world = await isolatedWorld(page);
    const runs = [];
    for (let i = 0; i < CLICKS + 1; i++) runs.push(await clickToOverlay(worker, page, world));
    await world.client.detach().catch(() => {});
    await page.close();
    const [first, ...rest] = runs;
    const shown = median(rest.map((r) => r.shown));
    const painted = median(rest.map((r) => r.painted));
    const target = words === 1000 ? `  target < 50 ms: ${verdict(painted < 50)}` : "";
    console.log(`  ${`${words.toLocaleString("en")}-word article page`.padEnd(26)} first click ${fmt(first.painted)} ms (panel up at ${fmt(first.shown)} ms); next ${CLICKS}: median ${fmt(painted)} ms (panel up at ${fmt(shown)} ms)${target}`);
  }
}

async function longTasks(browser, worker, base) {
  const words = 1000000;
  console.log();
  const page = await browser.newPage();
  page.setDefaultTimeout(600000);
  await page.goto(`${base}/pages/article-${words}.html`, { waitUntil: "load", timeout: 600000 });
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: performance.timeOrigin + e.startTime, duration: Math.round(e.duration) });
    }).observe({ type: "longtask" });
  });
  await new Promise((r) => setTimeout(r, 500));
  await page.evaluate(() => window.__longTasks.splice(0)); // the page's own load
  const world = await isolatedWorld(page);
  let profileAnchor = null;
  if (PROFILE) {
    await world.client.send("Profiler.enable");
    await world.client.send("Profiler.setSamplingInterval", { interval: 200 });
    await world.client.send("Profiler.start");
    // The profile's clock (µs) against the page's: both read just after the start, a few ms apart at most.
    profileAnchor = await page.evaluate(() => ({ origin: performance.timeOrigin, now: performance.now() }));
  }
  const r = await clickToOverlay(worker, page, world);
  await new Promise((r) => setTimeout(r, 300));
  const tasks = await page.evaluate(() => window.__longTasks.splice(0));
  if (PROFILE) {
    const { profile } = await world.client.send("Profiler.stop");
    fs.writeFileSync(PROFILE, JSON.stringify(profile));
    const { origin, now } = profileAnchor;
    for (const t of tasks.filter((t) => t.duration > 50)) {
      const from = (profile.startTime + (t.start - origin - now) * 1000); // the task's start on the profile's clock
      console.log(`  in the ${t.duration} ms task at +${fmt(t.start - r.at)} ms: ${samplesIn(profile, from, from + t.duration * 1000)}`);
    }
  }
  await world.client.detach().catch(() => {});
  await page.close();
  const over = tasks.filter((t) => t.duration > 50);
  // Where each fell: between the click and the panel, while reading and analysing, drawing, or closing.
  const phase = (t) => {
    const from = t.start - r.at;
    const when = from < r.shown ? "opening" : from < r.painted ? "reading/analysing/drawing" : from < r.closing ? "after the report" : "closing";
    return `${t.duration} ms at +${fmt(from)} ms (${when})`;
  };
  console.log(`Long tasks on the page's main thread, ${words.toLocaleString("en")}-word page, from the click to the overlay closed again (target: none over 50 ms)`);
  console.log(`  report painted after ${(r.painted / 1000).toFixed(1)} s (panel up at ${fmt(r.shown)} ms; closed from ${(r.closing / 1000).toFixed(1)} s)`);
  console.log(`  long tasks: ${tasks.length ? tasks.map(phase).join("; ") : "none"}`);
  console.log(`  over 50 ms: ${over.length}: ${verdict(over.length === 0)}${over.length ? ` (longest ${Math.max(...over.map((t) => t.duration))} ms)` : ""}`);
}

// What ran between two times of a CPU profile (µs, its own clock): the
// functions with the most samples (self time), and for each sample the
// innermost frame of our own content scripts (what called into the browser).
function samplesIn(profile, from, to) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (f) => `${f.functionName || "(anonymous)"}${f.url ? ` ${f.url.split("/").pop()}:${f.lineNumber + 1}` : ""}`;
  const ours = (id) => {
    for (let k = id; k !== undefined; k = parent.get(k)) {
      const f = byId.get(k).callFrame;
      if (/content\/[a-z-]+\.js$/.test(f.url)) return label(f);
    }
    return "(none of ours)";
  };
  const self = new Map();
  const inOurs = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i];
    if (at < from || at > to) return;
    const name = label(byId.get(id).callFrame);
    self.set(name, (self.get(name) ?? 0) + 1);
    const o = ours(id);
    inOurs.set(o, (inOurs.get(o) ?? 0) + 1);
  });
  const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([n, c]) => `${n} ×${c}`).join(", ");
  return `self: ${top(self)}; our frame: ${top(inOurs)}`;
}

async function main() {
  const wink = bundleCommonJs({ winkNLP: "wink-nlp", winkModel: "wink-eng-lite-web-model" });
  const server = await startServer(wink);
  const base = `http://127.0.0.1:${server.address().port}`;
  const ext = prepareExtension();
  let browser;
  try {
    const launched = await launch(ext.dir);
    browser = launched.browser;
    const version = await browser.version();
    console.log(`Headless ${version}, puppeteer-core, pages from ${base}`);
    console.log();
    if (!LARGE_ONLY) await compare(browser, base);
    if (!LARGE_ONLY) await overlay(browser, launched.worker, base);
    if (!SKIP_LARGE) await longTasks(browser, launched.worker, base);
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.close();
    ext.cleanup();
  }
}

main().catch((err) => {
  console.error(`browser bench failed: ${err && err.stack ? err.stack : err}`);
  process.exit(1);
});
