// Lints both packages in dist/ as their browsers take them; exits 1 on any
// finding not listed below.
//
//   node tests/lint/packages.mjs               dist/sourcecheck-{firefox,chrome}.zip
//   node tests/lint/packages.mjs --dist DIR    the zips in DIR
//   node tests/lint/packages.mjs --self-test   also lints broken copies, which must fail
//
// - Firefox package: `web-ext lint` (Mozilla's addons-linter: the manifest
//   against Firefox's schema, and the code: innerHTML, eval, remote
//   scripts, locales, file references). 0 errors, 0 warnings, 0 notices.
// - Chrome package: `web-ext lint` as well, for its code (the same files as
//   the Firefox package's, checked below); its manifest findings are
//   Firefox's own rules, and four of them can never hold for a Chrome
//   package (FIREFOX_ONLY): each is allowed by code and text, anything else
//   fails, and so does a listed one that no longer occurs, so the list
//   cannot outlive its reason. Then Chromium's own manifest check (what
//   chrome://extensions lists under Errors): the unpacked package loaded in
//   headless Chromium, developer mode on, its manifest errors and install
//   warnings read with chrome.developerPrivate. 0 of either.
//
// Why the Chrome package cannot satisfy Firefox's linter (measured with
// web-ext 10.7 and Chromium 156): Firefox wants background.scripts beside
// the service worker, and Chromium warns "'background.scripts' requires
// manifest version of 2 or lower"; Firefox does not know the sidePanel
// permission, which Chrome's side panel API needs.

import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";
import { findChromium, waitFor } from "../support/chromium.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WEB_EXT = path.join(ROOT, "node_modules/.bin/web-ext");
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const DIST = path.resolve(option("--dist") ?? path.join(ROOT, "dist"));
const SELF_TEST = args.includes("--self-test");

// Firefox's requirements that a Chrome package cannot meet (see above).
const FIREFOX_ONLY = [
  { code: "BACKGROUND_SERVICE_WORKER_NOFALLBACK", why: "Chrome's background is the service worker only (background.scripts draws a Chromium warning)" },
  { code: "ADDON_ID_REQUIRED", why: "the add-on id is Firefox's (browser_specific_settings.gecko)" },
  { code: "MISSING_DATA_COLLECTION_PERMISSIONS", why: "Firefox's data-collection declaration (browser_specific_settings.gecko)" },
  { code: "MANIFEST_PERMISSIONS", text: /"sidePanel"/, why: "Chrome's side panel needs the sidePanel permission; Firefox's sidebar needs none" },
];

function unzip(zip) {
  if (!fs.existsSync(zip)) throw new Error(`${zip} is missing: run ./build.sh first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-lint-"));
  execFileSync("python3", ["-m", "zipfile", "-e", zip, dir]);
  return dir;
}

/** web-ext lint on an unpacked package: [{kind, code, message, file}]. */
function webExtLint(dir) {
  const run = spawnSync(WEB_EXT, ["lint", "--source-dir", dir, "--output", "json", "--no-config-discovery", "--boring"], { encoding: "utf8" });
  let result;
  try {
    result = JSON.parse(run.stdout);
  } catch {
    throw new Error(`web-ext lint gave no JSON (exit ${run.status}): ${run.stdout.slice(0, 300)} ${run.stderr.slice(0, 300)}`);
  }
  const findings = [];
  for (const kind of ["errors", "warnings", "notices"]) {
    for (const m of result[kind] ?? []) findings.push({ kind: kind.slice(0, -1), code: m.code, message: String(m.message), file: m.file ?? "" });
  }
  return findings;
}

const show = (f) => `${f.kind} ${f.code}: ${f.message}${f.file ? ` (${f.file})` : ""}`;

/** Problems with the Firefox package: every finding is one. */
function lintFirefox(dir) {
  return webExtLint(dir).map(show);
}

/** Problems with the Chrome package under web-ext lint: findings off the list, and listed ones gone. */
function lintChromeWebExt(dir) {
  const findings = webExtLint(dir);
  const problems = [];
  const seen = new Set();
  for (const f of findings) {
    const allowed = FIREFOX_ONLY.find((a) => a.code === f.code && (!a.text || a.text.test(f.message)));
    if (allowed) seen.add(allowed);
    else problems.push(show(f));
  }
  for (const a of FIREFOX_ONLY) {
    if (!seen.has(a)) problems.push(`${a.code} is allowed for the Chrome package but no longer reported: take it off FIREFOX_ONLY (${a.why})`);
  }
  return { problems, findings };
}

/** Chromium's manifest errors and install warnings for the unpacked package. */
async function chromiumManifestCheck(dir) {
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    enableExtensions: true,
    ignoreDefaultArgs: ["--disable-extensions"],
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-component-update",
      `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    const page = await browser.newPage();
    await page.goto("chrome://extensions");
    const call = (fn, ...a) => page.evaluate(fn, ...a);
    const find = () => call(() => new Promise((r) => chrome.developerPrivate.getExtensionsInfo({ includeDisabled: true, includeTerminated: true }, r)))
      .then((list) => list.find((e) => e.location === "UNPACKED")); // the only one: --disable-extensions-except
    const ext = await waitFor(find, "the unpacked package in chrome://extensions", 15000);
    // Chromium keeps manifest errors only in developer mode, from the next load on.
    await call(() => new Promise((r) => chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true }, r)));
    const reload = await call((id) => new Promise((r) => chrome.developerPrivate.reload(id, { failQuietly: true, populateErrorForUnpacked: true }, (e) => r(e ?? null))), ext.id);
    if (reload) return [`Chromium could not load the package: ${JSON.stringify(reload)}`];
    await new Promise((r) => setTimeout(r, 1000)); // the errors are collected as the load finishes
    const info = await waitFor(async () => (await find()) ?? null, "the reloaded package", 15000);
    return [
      ...(info.manifestErrors ?? []).map((e) => `Chromium manifest ${e.type === "MANIFEST" ? "warning" : e.type}: ${e.message}`),
      ...(info.installWarnings ?? []).map((w) => `Chromium install warning: ${w}`),
    ];
  } finally {
    await browser.close();
  }
}

/** The two packages hold the same files but the manifest, byte for byte. */
function sameFilesBut(a, b) {
  const list = (root) => {
    const out = new Map();
    const walk = (d) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else out.set(path.relative(root, p), fs.readFileSync(p));
      }
    };
    walk(root);
    out.delete("manifest.json");
    return out;
  };
  const [x, y] = [list(a), list(b)];
  const problems = [];
  for (const [name, bytes] of x) if (!y.has(name) || !y.get(name).equals(bytes)) problems.push(`${name} differs between the packages`);
  for (const name of y.keys()) if (!x.has(name)) problems.push(`${name} is only in the Chrome package`);
  return problems;
}

async function lintAll(firefoxDir, chromeDir) {
  const report = [];
  const firefox = lintFirefox(firefoxDir);
  report.push(["Firefox package, web-ext lint (0 errors, 0 warnings, 0 notices)", firefox]);
  const chrome = lintChromeWebExt(chromeDir);
  const allowed = chrome.findings.length - chrome.problems.filter((p) => !p.includes("no longer reported")).length;
  report.push([`Chrome package, web-ext lint (${allowed} Firefox-only manifest findings allowed: ${FIREFOX_ONLY.map((a) => a.code).join(", ")})`, chrome.problems]);
  report.push(["Chrome package, Chromium's manifest check (0 errors, 0 warnings)", await chromiumManifestCheck(chromeDir)]);
  report.push(["the packages differ only in manifest.json", sameFilesBut(firefoxDir, chromeDir)]);
  return report;
}

function print(report) {
  let failed = false;
  for (const [what, problems] of report) {
    console.log(`${problems.length ? "FAIL" : "ok  "} ${what}`);
    for (const p of problems) console.log(`       ${p}`);
    failed ||= problems.length > 0;
  }
  return failed;
}

// Broken copies the lint must reject: a test that cannot fail is no test.
async function selfTest(firefoxDir, chromeDir) {
  const made = [];
  const copy = (dir) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "sourcecheck-lint-broken-"));
    fs.cpSync(dir, out, { recursive: true });
    made.push(out);
    return out;
  };
  const editManifest = (dir, edit) => {
    const file = path.join(dir, "manifest.json");
    const m = JSON.parse(fs.readFileSync(file, "utf8"));
    edit(m);
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
  };
  const cases = [
    ["an innerHTML assignment in a content script (Firefox package)", () => {
      const d = copy(firefoxDir);
      fs.appendFileSync(path.join(d, "content/dom.js"), "\ndocument.body.innerHTML = location.hash;\n");
      return lintFirefox(d);
    }],
    ["eval in the background (Chrome package, web-ext lint)", () => {
      const d = copy(chromeDir);
      fs.appendFileSync(path.join(d, "background.js"), "\neval(String(globalThis.x));\n");
      return lintChromeWebExt(d).problems;
    }],
    ["an unknown manifest key (Chrome package, Chromium's check)", () => {
      const d = copy(chromeDir);
      editManifest(d, (m) => { m.sidebar_action = { default_panel: "sidepanel/sidepanel.html" }; });
      return chromiumManifestCheck(d);
    }],
    ["an unknown permission (Chrome package, web-ext lint)", () => {
      const d = copy(chromeDir);
      editManifest(d, (m) => { m.permissions.push("notAPermission"); });
      return lintChromeWebExt(d).problems;
    }],
  ];
  const report = [];
  try {
    for (const [what, run] of cases) {
      const problems = await run();
      report.push([`self-test: ${what} is caught${problems.length ? ` (${problems[0]})` : ""}`, problems.length ? [] : ["the lint found nothing"]]);
    }
  } finally {
    for (const d of made) fs.rmSync(d, { recursive: true, force: true });
  }
  return report;
}

const firefoxDir = unzip(path.join(DIST, "sourcecheck-firefox.zip"));
const chromeDir = unzip(path.join(DIST, "sourcecheck-chrome.zip"));
try {
  let failed = print(await lintAll(firefoxDir, chromeDir));
  if (SELF_TEST) failed = print(await selfTest(firefoxDir, chromeDir)) || failed;
  process.exitCode = failed ? 1 : 0;
} finally {
  fs.rmSync(firefoxDir, { recursive: true, force: true });
  fs.rmSync(chromeDir, { recursive: true, force: true });
}
