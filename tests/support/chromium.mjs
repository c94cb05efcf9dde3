// Headless Chromium with the extension loaded, shared by the end-to-end
// tests (tests/e2e/run.mjs) and the browser benchmarks (tests/bench/browser.mjs).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The system Chromium (never a downloaded one). */
export function findChromium() {
  for (const p of [process.env.CHROMIUM, "/usr/lib/chromium/chromium", "/usr/bin/chromium"]) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error("Chromium not found: apt-get install chromium (or set CHROMIUM)");
}

/**
 * The Chrome package as tools/package_extension.py builds it (so the tests
 * load what ships), unpacked. `hostPermission` (the benchmarks): one
 * test-only change, a host permission for the test server, for callers that
 * run the toolbar's code through the worker, which is no user gesture (a
 * real click grants activeTab). The e2e tests click the action for real
 * (Extensions.triggerAction) and load the package unchanged.
 */
export function prepareExtension(pkg, { hostPermission = true, sidePanel = true } = {}) {
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
  // `sidePanel: false`: the package as a browser without the side panel API
  // sees it (no chrome.sidePanel), to test the panel docked in the page.
  if (hostPermission || !sidePanel) {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
    if (hostPermission) manifest.host_permissions = ["http://127.0.0.1/*"];
    if (!sidePanel) {
      manifest.permissions = manifest.permissions.filter((p) => p !== "sidePanel");
      delete manifest.side_panel;
    }
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  }
  return { dir, cleanup: () => fs.rmSync(out, { recursive: true, force: true }) };
}

/** Polls `fn` until it returns something truthy, or throws after `timeout` ms. */
export async function waitFor(fn, what, timeout, interval = 50) {
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
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Launches headless Chromium with the unpacked extension; resolves once its
 * service worker is ready, to {browser, worker, extension}. `extension`
 * clicks the toolbar button for real: page.triggerExtensionAction(extension)
 * (DevTools' Extensions.triggerAction, over the pipe with
 * --enable-unsafe-extension-debugging) runs action.onClicked as a user
 * gesture, which grants activeTab and lets chrome.sidePanel.open() open the
 * side panel, a page target of its own beside the tab. `viewport`: null
 * (the default) lays pages out in the real window, which the side panel
 * narrows; an object emulates a fixed viewport.
 */
export async function launch(extDir, timeout, { viewport = null, width = 1280, height = 900 } = {}) {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    enableExtensions: true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: [
      "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
      "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
      `--window-size=${width},${height}`,
      `--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`,
    ],
    defaultViewport: viewport,
  });
  const target = await browser.waitForTarget(
    (t) => t.type() === "service_worker" && t.url().endsWith("/background.js"),
    { timeout },
  );
  const worker = await target.worker();
  // The target appears before the module has finished loading.
  await waitFor(() => worker.evaluate(() => typeof globalThis.sourcecheckToggle === "function"), "background.js to load", timeout);
  const id = new URL(target.url()).host;
  const extension = (await browser.extensions()).get(id);
  return { browser, worker, extension };
}
