// The www demo: the extension's page reader and overlay, with the wasm
// called directly (a web page may compile wasm when its own CSP allows it).
//
// Pasted text becomes paragraphs in <article>, then the live document is
// read exactly as the extension reads a news page. A saved .html page is
// parsed with DOMParser (inert: no scripts, no loads), read the same way,
// and its article blocks are drawn here as plain text.
import init, { analyze_page, version } from "./pkg/sourcecheck.js";

const reader = globalThis.sourcecheckPageReader;
const overlays = globalThis.sourcecheckOverlay;

const form = document.getElementById("input");
const textarea = document.getElementById("text");
const analyse = document.getElementById("analyse");
const fileInput = document.getElementById("file");
const status = document.getElementById("status");
const article = document.getElementById("article");

const SAMPLE = `Council member Omar Reyes said: “We are spending money we do not have on a wall we may never need.”

“This barrier will protect forty thousand homes for the next century,” Jane Doe said.

The environment ministry said that the design meets national safety standards.

Prices rose 12 percent last year.`;

let overlay = null;

function setStatus(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function closeOverlay() {
  if (overlay) overlay.close();
  overlay = null;
}

// Analyses a page model and draws the report with `map` (block -> Range).
function show(page, map) {
  const current = overlays.open(document, {
    onClose() {
      if (overlay === current) overlay = null;
    },
  });
  overlay = current;
  try {
    current.showReport(analyze_page(page), map);
    setStatus("");
  } catch (err) {
    current.showError(String(err && err.message ? err.message : err));
  }
}

function analyseText() {
  closeOverlay();
  const paragraphs = textarea.value.split(/\n[\t\f\r ]*\n/).map((p) => p.trim()).filter(Boolean);
  article.replaceChildren(...paragraphs.map((text) => {
    const p = document.createElement("p");
    p.textContent = text;
    return p;
  }));
  if (!paragraphs.length) {
    setStatus("Paste some text first.");
    return;
  }
  const { page, map } = reader.readPage(document, location.href);
  show(page, map);
}

// The blocks of a saved page are redrawn as text, one element per report
// block, so the overlay's map is a single text node per block.
async function analyseFile(file) {
  closeOverlay();
  const html = await file.text();
  const parsed = new DOMParser().parseFromString(html, "text/html");
  const { page } = reader.readPage(parsed, null);
  let report;
  try {
    report = analyze_page(page);
  } catch (err) {
    setStatus(`Analysis failed: ${err && err.message ? err.message : err}`, true);
    return;
  }
  const nodes = new Map();
  const elements = [];
  if (page.title) {
    const h = document.createElement("h2");
    h.textContent = page.title;
    elements.push(h);
  }
  for (const block of report.blocks) {
    const tag = { heading: "h3", quote: "blockquote" }[block.kind] ?? "p";
    const el = document.createElement(tag);
    if (block.kind === "caption") el.className = "caption";
    const text = document.createTextNode(block.text);
    el.append(text);
    nodes.set(block.input, text);
    elements.push(el);
  }
  article.replaceChildren(...elements);
  const map = {
    rangeFor(input, start, end) {
      const node = nodes.get(input);
      if (!node || start < 0 || end > node.length || start >= end) return null;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, end);
      return range;
    },
  };
  overlay = overlays.open(document, {
    onClose() {
      overlay = null;
    },
  });
  overlay.showReport(report, map);
  setStatus(`${file.name}: ${report.blocks.length} article blocks`);
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  analyseText();
});
fileInput.addEventListener("change", () => {
  const file = fileInput.files && fileInput.files[0];
  if (file) analyseFile(file).catch((err) => setStatus(String(err), true));
});

try {
  await init({ module_or_path: new URL("./pkg/sourcecheck_bg.wasm", import.meta.url) });
  textarea.value = SAMPLE;
  analyse.disabled = false;
  fileInput.disabled = false;
  setStatus(`Ready (sourcecheck ${version()}).`);
  document.body.dataset.ready = "yes";
} catch (err) {
  setStatus(`Could not load the analysis engine: ${err && err.message ? err.message : err}`, true);
}
