// The www demo: the extension's overlay (content/*.js, the same files) on a
// rendering of the article, plus a who-said-what table and the JSON report.
//
// Pasted text goes through analyze_text, exactly what `sourcecheck analyze`
// does with a text file, so the downloaded report equals the CLI's. A saved
// .html page is parsed with DOMParser (inert: no scripts, no loads), read by
// the extension's page reader, and analysed with analyze_page.
//
// The pasted text can live in the URL fragment (#text=…, compressed): a
// fragment is never sent to a server, so a shared link carries the article
// to the other reader's browser only.
import init, { analyze_page, analyze_text, version } from "./pkg/sourcecheck.js";

const { build, STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL, quoted } = globalThis.sourcecheckModel;
const reader = globalThis.sourcecheckPageReader;
const overlays = globalThis.sourcecheckOverlay;
const exporter = globalThis.sourcecheckExport;

const $ = (id) => document.getElementById(id);
const form = $("input");
const textarea = $("text");
const analyseButton = $("analyse");
const fileInput = $("file");
const permalinkButton = $("permalink");
const status = $("status");
const results = $("results");
const article = $("article");

let overlay = null;
let current = null; // {report, source: "text" | file name}

function setStatus(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

const errorText = (err) => (err && err.message ? err.message : String(err));

// ---- the permalink: #text=<base64url of deflate-raw(UTF-8)> -------------------

async function pipeBytes(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const s = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function encodeFragment(text) {
  const bytes = new TextEncoder().encode(text);
  if (typeof CompressionStream === "function") return `#text=${toBase64Url(await pipeBytes(bytes, new CompressionStream("deflate-raw")))}`;
  return `#plain=${encodeURIComponent(text)}`;
}

async function decodeFragment(hash) {
  if (hash.startsWith("#text=")) {
    const bytes = await pipeBytes(fromBase64Url(hash.slice(6)), new DecompressionStream("deflate-raw"));
    return new TextDecoder().decode(bytes);
  }
  if (hash.startsWith("#plain=")) return decodeURIComponent(hash.slice(7));
  return null;
}

// ---- drawing a report ---------------------------------------------------------

// The report's blocks as elements, one text node each, so a block offset is
// an offset into that node: the overlay's map back to the page.
function renderArticle(report) {
  const nodes = new Map(); // page block index -> text node
  const blockOfNode = new Map();
  const elements = [];
  let headline = true;
  for (const block of report.blocks) {
    let tag = "p";
    let className = "";
    if (block.kind === "heading") {
      tag = headline ? "h1" : "h3";
      headline = false;
    } else if (block.kind === "quote") tag = "blockquote";
    else if (block.kind === "caption") className = "caption";
    else if (block.kind === "list-item") className = "list-item";
    if (block.kind !== "heading") headline = false;
    const e = el(tag, className);
    const text = document.createTextNode(block.text);
    e.append(text);
    nodes.set(block.input, text);
    blockOfNode.set(text, block.input);
    elements.push(e);
  }
  article.replaceChildren(...elements);
  return {
    rangeFor(input, start, end) {
      const node = nodes.get(input);
      if (!node || !(start >= 0) || end > node.length || start >= end) return null;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      return range;
    },
    blockOf: (node) => blockOfNode.get(node) ?? -1,
  };
}

function renderTables(report) {
  const view = build(report);
  const whoBody = $("who-table").querySelector("tbody");
  const rows = [];
  for (const sp of view.speakers) {
    sp.statements.forEach((st, i) => {
      const tr = el("tr", `status-${st.status}`);
      if (i === 0) {
        const th = el("th", "source");
        th.scope = "rowgroup";
        th.rowSpan = sp.statements.length;
        th.append(el("span", "name", sp.name), el("span", "meta", [TYPE_LABEL[sp.type] || sp.type, sp.role].filter(Boolean).join(" \u00b7 ")));
        tr.append(th);
      }
      const said = el("td", "said");
      said.append(el("span", "cue", st.cue || "\u2014"), el("span", "meta", QUOTE_LABEL[st.kind]));
      const what = el("td", "what");
      const jump = el("button", "jump", quoted(st.text, st.kind));
      jump.type = "button";
      jump.title = "Show in the article";
      jump.addEventListener("click", () => overlay && overlay.reveal("statement", st.id));
      what.append(jump);
      const via = el("td", "via", st.chain.length > 1 ? st.chain.slice(0, -1).join(" \u2192 ") : "");
      tr.append(said, what, via);
      rows.push(tr);
    });
  }
  whoBody.replaceChildren(...rows);
  $("who-table").hidden = !rows.length;
  $("who-empty").hidden = !!rows.length;

  const claimsBody = $("claims-table").querySelector("tbody");
  const claimRows = view.lacking.map((c) => {
    const tr = el("tr", `status-${c.status}`);
    const st = el("td", "status-cell");
    st.append(el("span", `pill ${c.status}`, STATUS_LABEL[c.status]));
    const what = el("td", "what");
    const jump = el("button", "jump", c.text);
    jump.type = "button";
    jump.title = "Show in the article";
    jump.addEventListener("click", () => overlay && overlay.reveal("claim", c.id));
    what.append(jump);
    tr.append(st, what, el("td", "why", c.source ? `${c.reason} (\u201c${c.source}\u201d)` : c.reason));
    return tr;
  });
  claimsBody.replaceChildren(...claimRows);
  $("claims-table").hidden = !claimRows.length;
  $("claims-empty").hidden = !!claimRows.length;

  $("json").textContent = JSON.stringify(report, null, 2);
}

async function show(report, source, { reveal = true } = {}) {
  if (overlay) overlay.close();
  $("export-status").textContent = "";
  current = { report, source };
  results.hidden = false;
  const map = renderArticle(report);
  renderTables(report);
  const opened = overlays.open(document, {
    settings: globalThis.sourcecheckSettings.DEFAULTS,
    onClose() {
      if (overlay === opened) overlay = null;
    },
  });
  overlay = opened;
  await opened.showReport(report, map);
  const v = build(report);
  const lacking = v.lacking.length;
  setStatus(`${source === "text" ? "Analysed" : `${source}: analysed`}: ${v.said.statements} statements from ${v.said.sources} sources; ${lacking} ${lacking === 1 ? "claim lacks" : "claims lack"} a named source.`);
  // Bring the result into view, unless the page opened on it (a permalink).
  if (reveal) $("annotated-head").scrollIntoView({ block: "start", behavior: "auto" });
  document.body.dataset.analysed = String(Number(document.body.dataset.analysed || 0) + 1);
}

// ---- input ------------------------------------------------------------------------

async function analyseText({ updateLink = true } = {}) {
  const text = textarea.value;
  if (!text.trim()) {
    setStatus("Paste some text first.");
    return;
  }
  let report;
  try {
    report = analyze_text(text);
  } catch (err) {
    setStatus(`Analysis failed: ${errorText(err)}`, true);
    return;
  }
  if (updateLink) {
    // replaceState: no reload, no history entry per keystroke-sized change.
    history.replaceState(null, "", await encodeFragment(text));
  }
  permalinkButton.disabled = false;
  await show(report, "text", { reveal: updateLink });
}

async function analyseFile(file) {
  const html = await file.text();
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const { page } = reader.readPage(parsed, null);
  let report;
  try {
    report = analyze_page(page);
  } catch (err) {
    setStatus(`Analysis failed: ${errorText(err)}`, true);
    return;
  }
  // A saved page has no permalink: it may be long, and it is not what was pasted.
  history.replaceState(null, "", location.pathname + location.search);
  permalinkButton.disabled = true;
  await show(report, file.name);
}

async function loadSample(sample) {
  setStatus(`Loading \u201c${sample.title}\u201d\u2026`);
  const res = await fetch(new URL(`samples/${sample.file}`, location.href));
  if (!res.ok) throw new Error(`samples/${sample.file}: ${res.status}`);
  textarea.value = await res.text();
  await analyseText();
}

async function listSamples() {
  const list = $("samples");
  try {
    const res = await fetch(new URL("samples/index.json", location.href));
    const samples = await res.json();
    list.replaceChildren(...samples.map((sample) => {
      const li = el("li");
      const b = el("button", "sample", sample.title);
      b.type = "button";
      b.dataset.file = sample.file;
      b.title = sample.about;
      b.addEventListener("click", () => loadSample(sample).catch((err) => setStatus(errorText(err), true)));
      li.append(b);
      return li;
    }));
  } catch (err) {
    list.replaceChildren(el("li", "empty", `Samples unavailable (${errorText(err)})`));
  }
}

async function fromFragment() {
  const text = await decodeFragment(location.hash).catch(() => null);
  if (text === null) return false;
  textarea.value = text;
  await analyseText({ updateLink: false });
  return true;
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  analyseText().catch((err) => setStatus(errorText(err), true));
});
fileInput.addEventListener("change", () => {
  const file = fileInput.files && fileInput.files[0];
  if (file) analyseFile(file).catch((err) => setStatus(errorText(err), true));
  fileInput.value = ""; // the same file again is a new change
});
// A file dropped on the form: a saved page is read as a page, anything else as text.
form.addEventListener("dragover", (e) => {
  if (e.dataTransfer && [...e.dataTransfer.types].includes("Files")) {
    e.preventDefault();
    form.classList.add("dropping");
  }
});
form.addEventListener("dragleave", () => form.classList.remove("dropping"));
form.addEventListener("drop", (e) => {
  const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
  form.classList.remove("dropping");
  if (!file) return;
  e.preventDefault();
  const job = /\.x?html?$/i.test(file.name) || file.type === "text/html"
    ? analyseFile(file)
    : file.text().then((text) => {
      textarea.value = text;
      return analyseText();
    });
  job.catch((err) => setStatus(errorText(err), true));
});
permalinkButton.addEventListener("click", async () => {
  const ok = await exporter.copyText(location.href, document.body);
  setStatus(ok ? "Link copied: the text travels in the link itself, after the #, and is never sent to a server." : `Copy this link: ${location.href}`);
});
$("download-json").addEventListener("click", async () => {
  if (!current) return;
  const name = await exporter.downloadJson(current.report, document.body, null);
  $("export-status").textContent = `Saved ${name}.`;
});
$("copy-md").addEventListener("click", async () => {
  if (!current) return;
  const ok = await exporter.copyText(exporter.markdown(current.report), document.body);
  $("export-status").textContent = ok ? "Copied." : "Could not copy (the browser refused).";
});
window.addEventListener("hashchange", () => {
  fromFragment().catch((err) => setStatus(errorText(err), true));
});

// Offline: a service worker keeps a copy of the demo once it has loaded.
if ("serviceWorker" in navigator && location.protocol !== "file:") {
  navigator.serviceWorker.register("sw.js").catch(() => {});
}

try {
  await init({ module_or_path: new URL("./pkg/sourcecheck_bg.wasm", import.meta.url) });
  $("version").textContent = `v${version()}`;
  analyseButton.disabled = false;
  fileInput.disabled = false;
  setStatus("Ready. Paste an article, pick a sample, or open a saved page.");
  await listSamples();
  document.body.dataset.ready = "yes";
  await fromFragment();
} catch (err) {
  setStatus(`Could not load the analysis engine: ${errorText(err)}`, true);
}
