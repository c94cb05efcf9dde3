// The overlay's styles, as text for constructed stylesheets (adoptedStyleSheets):
// a strict page CSP blocks <style> elements and style="" but not these.
//
// PAGE_CSS goes into the page's own scope, because ::highlight() rules must be
// page styles; it holds nothing else. PANEL_CSS lives inside the shadow root.
// One colour per kind, the same in the page, the legend, the panel and the
// card; each kind also has its own line style so colour is not the only cue.
(() => {
  "use strict";
  if (globalThis.sourcecheckStyles) return; // injected again: keep the first

  // Translucent backgrounds read on light and dark pages alike.
  const PAGE_CSS = `
::highlight(sourcecheck-attributed) { background-color: rgba(37, 99, 235, 0.16); }
::highlight(sourcecheck-linked) {
  background-color: rgba(22, 163, 74, 0.16);
  text-decoration: underline dotted rgb(22, 163, 74) 2px;
}
::highlight(sourcecheck-vague) {
  background-color: rgba(234, 179, 8, 0.3);
  text-decoration: underline dashed rgb(161, 98, 7) 1px;
}
::highlight(sourcecheck-anonymous) {
  background-color: rgba(168, 85, 247, 0.2);
  text-decoration: underline dashed rgb(126, 34, 206) 1px;
}
::highlight(sourcecheck-unsourced) {
  background-color: rgba(239, 68, 68, 0.16);
  text-decoration: underline wavy rgb(220, 38, 38) 1px;
}
/* Passages the engine is unsure of: lighter, and dotted whatever their kind. */
::highlight(sourcecheck-attributed-uncertain) { background-color: rgba(37, 99, 235, 0.07); text-decoration: underline dotted rgba(37, 99, 235, 0.6) 1px; }
::highlight(sourcecheck-linked-uncertain) { background-color: rgba(22, 163, 74, 0.07); text-decoration: underline dotted rgba(22, 163, 74, 0.6) 1px; }
::highlight(sourcecheck-vague-uncertain) { background-color: rgba(234, 179, 8, 0.12); text-decoration: underline dotted rgba(161, 98, 7, 0.6) 1px; }
::highlight(sourcecheck-anonymous-uncertain) { background-color: rgba(168, 85, 247, 0.08); text-decoration: underline dotted rgba(126, 34, 206, 0.6) 1px; }
::highlight(sourcecheck-unsourced-uncertain) { background-color: rgba(239, 68, 68, 0.07); text-decoration: underline dotted rgba(220, 38, 38, 0.6) 1px; }
::highlight(sourcecheck-source) { text-decoration: underline solid rgb(29, 78, 216) 2px; }
::highlight(sourcecheck-cue) { text-decoration: underline dotted rgb(100, 116, 139) 2px; }
::highlight(sourcecheck-focus) { background-color: rgba(250, 204, 21, 0.7); color: #000; }
::highlight(sourcecheck-flash) { background-color: rgb(251, 146, 60); color: #000; }
@media (prefers-color-scheme: dark) {
  ::highlight(sourcecheck-attributed) { background-color: rgba(96, 165, 250, 0.26); }
  ::highlight(sourcecheck-linked) { background-color: rgba(74, 222, 128, 0.2); text-decoration-color: rgb(74, 222, 128); }
  ::highlight(sourcecheck-vague) { background-color: rgba(250, 204, 21, 0.26); text-decoration-color: rgb(250, 204, 21); }
  ::highlight(sourcecheck-anonymous) { background-color: rgba(192, 132, 252, 0.28); text-decoration-color: rgb(216, 180, 254); }
  ::highlight(sourcecheck-unsourced) { background-color: rgba(248, 113, 113, 0.24); text-decoration-color: rgb(248, 113, 113); }
  ::highlight(sourcecheck-source) { text-decoration-color: rgb(147, 197, 253); }
  ::highlight(sourcecheck-cue) { text-decoration-color: rgb(148, 163, 184); }
}
`;

  // The in-page panel docked: the page is narrowed by the panel's width (the
  // same formula as .panel below), so it reflows beside the panel instead of
  // under it. Narrow windows (a phone, 200% zoom) keep the panel over the page:
  // there is no room for both.
  const DOCK_MIN = 800;
  const DOCK_CSS = `
@media (min-width: ${DOCK_MIN}px) {
  html { margin-right: min(400px, max(300px, 45vw)) !important; }
}
`;

  // A speaker's group goes when every kind it holds is filtered out (a
  // council that only voted is no "source" while intentions are hidden):
  // the group's class names its kinds, sorted ("kinds-belief-intention"),
  // and one rule per set of kinds hides it under those filters.
  const KINDS = ["belief", "evidence", "intention", "statement"];
  const KIND_GROUPS_CSS = Array.from({ length: (1 << KINDS.length) - 1 }, (_, m) =>
    KINDS.filter((_k, k) => (m + 1) & (1 << k)),
  )
    .map((set) => `.report${set.map((k) => `.hide-cat-${k}`).join("")} .speaker.kinds-${set.join("-")} { display: none; }`)
    .join("\n");

  const PANEL_CSS = `
:host {
  all: initial !important;
  display: block !important;
  position: fixed !important;
  top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important;
  z-index: 2147483647 !important;
  visibility: visible !important;
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root {
  --bg: #ffffff; --fg: #1f2937; --muted: #5b6472; --line: #e2e5ea; --soft: #f5f6f8; --hover: #eceef2;
  --accent: #115e59; --focus: #2563eb;
  --attributed: #2563eb; --linked: #16a34a; --vague: #ca8a04; --anonymous: #9333ea; --unsourced: #dc2626;
  --attributed-bg: rgba(37, 99, 235, 0.16); --linked-bg: rgba(22, 163, 74, 0.16); --vague-bg: rgba(234, 179, 8, 0.3);
  --anonymous-bg: rgba(168, 85, 247, 0.2); --unsourced-bg: rgba(239, 68, 68, 0.16);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); text-align: left; letter-spacing: normal; word-spacing: normal; text-transform: none;
}
.panel {
  position: fixed; top: 0; right: 0; bottom: 0;
  width: min(400px, max(300px, 45vw));
  display: flex; flex-direction: column;
  background: var(--bg); color: var(--fg);
  border-left: 1px solid var(--line);
  box-shadow: -6px 0 24px rgba(15, 23, 42, 0.14);
  animation: slide-in 160ms ease-out;
}
.panel:focus { outline: none; }
@keyframes slide-in { from { transform: translateX(24px); opacity: 0; } }
button { font: inherit; color: inherit; letter-spacing: inherit; }
button:focus-visible, a:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
.bar {
  display: flex; align-items: center; gap: 4px;
  padding: 8px 8px 8px 14px; border-bottom: 1px solid var(--line);
}
.bar h1 { flex: 1; margin: 0; font-size: 15px; font-weight: 700; color: var(--accent); }
.icon {
  border: 0; background: transparent; cursor: pointer; min-width: 32px; height: 32px;
  font-size: 18px; line-height: 1; padding: 0 8px; border-radius: 6px; color: var(--muted);
}
.icon:hover { background: var(--hover); color: var(--fg); }
.content { flex: 1; overflow: auto; padding: 2px 14px 20px; overscroll-behavior: contain; }
.summary { margin: 12px 0 4px; font-size: 15px; }
.summary strong { font-weight: 700; }
.summary-detail { margin: 0 0 8px; color: var(--muted); font-size: 13px; }
.state { margin: 28px 0; text-align: center; color: var(--muted); }
.state.error { color: var(--unsourced); }
.state .detail { display: block; margin-top: 6px; color: var(--muted); font-size: 12px; word-break: break-word; }
.progress { display: block; margin-top: 6px; font-size: 12px; }
.spinner {
  display: inline-block; width: 12px; height: 12px; margin-right: 8px;
  border: 2px solid var(--muted); border-top-color: transparent; border-radius: 50%;
  vertical-align: -1px;
  animation: spin 0.8s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
h2 {
  margin: 18px 0 6px; font-size: 12px; font-weight: 700;
  text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted);
}
h2 .count { font-weight: 500; }
.legend { display: flex; flex-wrap: wrap; gap: 6px; margin: 6px 0 2px; padding: 0; list-style: none; }
.legend li { margin: 0; }
.filter {
  display: inline-flex; align-items: center; gap: 6px; cursor: pointer;
  padding: 3px 9px 3px 6px; border: 1px solid var(--line); border-radius: 14px;
  background: var(--bg); font-size: 12.5px;
}
.filter:hover { background: var(--hover); }
.filter[aria-pressed="false"] { color: var(--muted); text-decoration: line-through; opacity: 0.75; }
.filter[aria-pressed="false"] .swatch { opacity: 0.35; }
.filter .n { color: var(--muted); font-variant-numeric: tabular-nums; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; border-bottom: 2px solid; }
.swatch.attributed { background: var(--attributed-bg); border-color: var(--attributed); }
.swatch.linked { background: var(--linked-bg); border-bottom-style: dotted; border-color: var(--linked); }
.swatch.vague { background: var(--vague-bg); border-bottom-style: dashed; border-color: var(--vague); }
.swatch.anonymous { background: var(--anonymous-bg); border-bottom-style: dashed; border-color: var(--anonymous); }
.swatch.unsourced { background: var(--unsourced-bg); border-color: var(--unsourced); }
.nav { display: flex; align-items: center; gap: 6px; margin: 10px 0 0; font-size: 12.5px; color: var(--muted); }
.nav .pos { flex: 1; }
.tool {
  cursor: pointer; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--soft); font-size: 12.5px;
}
.tool:hover { background: var(--hover); }
.tools { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 18px 0 0; }
.tools .done { color: var(--muted); font-size: 12px; }
.speaker { margin: 10px 0 14px; }
.speaker h3 { margin: 0 0 4px; font-size: 14.5px; font-weight: 700; }
.speaker .role { display: block; font-weight: 400; font-size: 12.5px; color: var(--muted); }
.tag {
  display: inline-block; margin-left: 6px; padding: 0 7px; border-radius: 9px;
  font-size: 11px; font-weight: 600; background: var(--soft); color: var(--muted); vertical-align: 1px;
  border: 1px solid var(--line);
}
ul { list-style: none; margin: 0; padding: 0; }
li { margin: 0 0 5px; }
.item {
  display: block; width: 100%; text-align: left; cursor: pointer;
  padding: 6px 9px 7px 10px; border: 1px solid transparent; border-left: 4px solid var(--muted);
  border-radius: 6px; background: var(--soft); line-height: 1.4;
}
.item:hover { border-color: var(--line); background: var(--hover); }
.item:focus-visible { outline: 2px solid var(--focus); outline-offset: 0; background: var(--hover); }
.item:disabled { cursor: default; opacity: 0.8; }
.item .how { display: block; margin-bottom: 2px; font-size: 11.5px; color: var(--muted); }
.item .reason { display: block; margin-top: 3px; font-size: 12px; color: var(--muted); }
.item.attributed { border-left-color: var(--attributed); }
.item.linked { border-left-color: var(--linked); }
.item.vague { border-left-color: var(--vague); }
.item.anonymous { border-left-color: var(--anonymous); }
.item.unsourced { border-left-color: var(--unsourced); }
.linkgroup h3 { margin: 8px 0 4px; font-size: 13px; font-weight: 650; }
.item .host { display: block; font-size: 12px; color: var(--muted); word-break: break-all; }
.more { margin: 4px 0 8px; }
.notes { margin-top: 16px; font-size: 12px; color: var(--muted); }
.notes p { margin: 4px 0; }
.launcher {
  position: fixed; right: 16px; bottom: 16px; display: flex; align-items: center; gap: 8px;
  padding: 8px 14px; border: 1px solid var(--line); border-radius: 20px; cursor: pointer;
  background: var(--bg); color: var(--fg); box-shadow: 0 4px 16px rgba(15, 23, 42, 0.2);
}
.launcher b { color: var(--accent); }
.card {
  position: fixed; max-width: min(360px, calc(100vw - 16px)); padding: 9px 12px 10px;
  background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-top: 4px solid var(--muted);
  border-radius: 8px; box-shadow: 0 8px 24px rgba(15, 23, 42, 0.22);
  font-size: 13px; line-height: 1.4; pointer-events: none;
}
.card.attributed { border-top-color: var(--attributed); }
.card.linked { border-top-color: var(--linked); }
.card.vague { border-top-color: var(--vague); }
.card.anonymous { border-top-color: var(--anonymous); }
.card.unsourced { border-top-color: var(--unsourced); }
.card .status { display: block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.card .surface { display: block; color: var(--muted); }
.card .who { display: block; font-weight: 700; font-size: 14px; }
.card .meta { display: block; color: var(--muted); }
.card .chain { display: block; margin-top: 2px; color: var(--muted); }
.card .chain b { color: var(--fg); font-weight: 600; }
.card .what { display: block; margin-top: 5px; }
.card .reason { display: block; margin-top: 4px; color: var(--muted); }
.card + .card { margin-top: 6px; }
.report.hide-attributed .attributed:is(.item, .speaker), .report.hide-linked .linked.claim,
.report.hide-vague .vague:is(.item, .speaker), .report.hide-anonymous .anonymous:is(.item, .speaker),
.report.hide-unsourced .unsourced.item,
.report.hide-cat-statement .item.cat-statement, .report.hide-cat-belief .item.cat-belief,
.report.hide-cat-intention .item.cat-intention, .report.hide-cat-evidence .item.cat-evidence,
.report.hide-uncertain .item.uncertain { display: none; }
${KIND_GROUPS_CSS}
.item.uncertain { border-left-style: dashed; opacity: 0.78; }
.item[aria-current="true"] { border-color: var(--accent); background: var(--hover); }
.card.uncertain { border-top-style: dashed; }
.card .uncertain { display: block; margin: 2px 0; font-size: 12px; font-style: italic; color: var(--muted); }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  .root {
    --bg: #15181e; --fg: #e6e8eb; --muted: #a0a8b4; --line: #2f3540; --soft: #1d2129; --hover: #262b35;
    --accent: #5eead4; --focus: #93c5fd;
    --attributed: #60a5fa; --linked: #4ade80; --vague: #facc15; --anonymous: #c084fc; --unsourced: #f87171;
    --attributed-bg: rgba(96, 165, 250, 0.26); --linked-bg: rgba(74, 222, 128, 0.2); --vague-bg: rgba(250, 204, 21, 0.26);
    --anonymous-bg: rgba(192, 132, 252, 0.28); --unsourced-bg: rgba(248, 113, 113, 0.24);
  }
  .panel, .card, .launcher { box-shadow: 0 8px 28px rgba(0, 0, 0, 0.55); }
}
@media (prefers-reduced-motion: reduce) {
  .panel { animation: none; }
  .spinner { animation: none; border-top-color: var(--muted); }
}
@media (max-width: 560px) {
  .panel { width: 100vw; border-left: 0; }
}
`;

  // The browser's side panel page: the same panel, filling its own window.
  const SIDE_CSS = `
html, body { margin: 0; height: 100%; }
body { background: #ffffff; }
@media (prefers-color-scheme: dark) { body { background: #15181e; } }
.root { height: 100%; }
.panel { position: static; width: auto; height: 100%; box-shadow: none; border-left: 0; animation: none; }
.invite { margin: 24px 4px; color: var(--muted); }
.invite strong { color: var(--fg); }
`;

  globalThis.sourcecheckStyles = Object.freeze({ PAGE_CSS, PANEL_CSS, DOCK_CSS, DOCK_MIN, SIDE_CSS });
})();
