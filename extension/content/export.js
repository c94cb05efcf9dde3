// Export: the who-said-what as Markdown (for a note or a chat), and the
// report as a JSON file (the same document `sourcecheck analyze` prints).
//
// Page text goes into Markdown escaped, so a quote cannot turn into a link
// or markup where the reader pastes it.
(() => {
  "use strict";
  if (globalThis.sourcecheckExport) return; // injected again: keep the first

  const M = () => globalThis.sourcecheckModel;

  // Characters with a meaning in Markdown, escaped; line breaks collapse.
  function md(text) {
    return String(text ?? "")
      .replace(/[\t\n\f\r ]+/g, " ")
      .replace(/[\\`*_[\]<>|#~]/g, (c) => `\\${c}`)
      .replace(/^([-+=]|\d+[.)])(?=\s)/, "\\$1");
  }

  /** The who-said-what of a report as Markdown. `url`: the page, if any. */
  function markdown(report, url = null) {
    const { build, STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL, quoted } = M();
    const v = build(report);
    const out = [`# Who said what${v.title ? `: ${md(v.title)}` : ""}`, ""];
    if (url && /^https?:/i.test(url)) out.push(`Page: <${String(url).replace(/[<>\s]/g, encodeURIComponent)}>`, "");
    const s = v.summary;
    if (s) {
      const parts = Object.entries(s.by_status || {}).filter(([, n]) => n).map(([k, n]) => `${n} ${(STATUS_LABEL[k] || k).toLowerCase()}`);
      out.push(`${v.said.statements} statements from ${v.said.sources} sources (${v.said.named} named); ${s.claims} claims${parts.length ? ` (${parts.join(", ")})` : ""}.`, "");
    }
    for (const sp of v.speakers) {
      const meta = [TYPE_LABEL[sp.type] || sp.type, sp.role].filter(Boolean).map(md).join(", ");
      out.push(`## ${md(sp.name)}${meta ? ` (${meta})` : ""}`, "");
      for (const st of sp.statements) {
        const via = st.chain.length > 1 ? ` (via ${st.chain.slice(0, -1).map(md).join(" \u2192 ")})` : "";
        const as = st.surface ? ` (as \u201c${md(st.surface)}\u201d)` : "";
        out.push(`- ${md(st.cue || "said")}${as}, ${QUOTE_LABEL[st.kind]}${via}: ${md(quoted(st.text, st.kind))}`);
      }
      out.push("");
    }
    if (v.lacking.length) {
      out.push("## Claims lacking a named source", "");
      for (const c of v.lacking) {
        out.push(`- **${STATUS_LABEL[c.status]}**: ${md(c.text)}${c.reason ? ` \u2014 _${md(c.reason)}_` : ""}`);
      }
      out.push("");
    }
    if (v.links.length) {
      out.push("## Links", "");
      for (const g of v.links) {
        for (const l of g.links) out.push(`- ${g.label}: ${md(l.text)} <${String(l.link.href).replace(/[<>\s]/g, encodeURIComponent)}>`);
      }
      out.push("");
    }
    out.push("_Made with sourcecheck: an automatic analysis, to be checked against the article._");
    return `${out.join("\n")}\n`;
  }

  const pause = () => {
    const reader = globalThis.sourcecheckPageReader;
    return reader ? reader.yieldToPage() : Promise.resolve();
  };

  /**
   * The report as pretty-printed JSON, in parts: long arrays are serialized
   * a slice at a time with pauses in between, so a huge report does not
   * freeze the page. JSON.parse of the joined parts equals the report.
   */
  async function jsonParts(report) {
    const parts = ["{"];
    const keys = Object.keys(report);
    for (let k = 0; k < keys.length; k++) {
      const value = report[keys[k]];
      if (value === undefined) continue;
      parts.push(`${parts.length > 1 ? "," : ""}\n  ${JSON.stringify(keys[k])}: `);
      if (Array.isArray(value) && value.length > 100) {
        parts.push("[");
        for (let i = 0; i < value.length; i += 100) {
          const slice = value.slice(i, i + 100).map((item) => `\n    ${JSON.stringify(item, null, 2).replace(/\n/g, "\n    ")}`);
          parts.push((i ? "," : "") + slice.join(","));
          await pause();
        }
        parts.push("\n  ]");
      } else {
        parts.push(JSON.stringify(value, null, 2).replace(/\n/g, "\n  "));
      }
    }
    parts.push("\n}\n");
    return parts;
  }

  function fileName(report, url) {
    let host = "";
    try {
      host = url ? new URL(url).hostname.replace(/^www\./, "") : "";
    } catch {
      host = "";
    }
    const date = new Date().toISOString().slice(0, 10);
    return `sourcecheck-${(host || "article").replace(/[^\w.-]+/g, "_")}-${date}.json`;
  }

  /** Saves the report as a .json file (a download); `container` holds the link for a moment. */
  async function downloadJson(report, container, url = null) {
    const doc = container.ownerDocument ?? container;
    const win = doc.defaultView ?? globalThis;
    const blob = new win.Blob(await jsonParts(report), { type: "application/json" });
    const href = win.URL.createObjectURL(blob);
    const a = doc.createElement("a");
    a.href = href;
    a.download = fileName(report, url);
    a.hidden = true;
    container.append(a);
    a.click();
    a.remove();
    win.setTimeout(() => win.URL.revokeObjectURL(href), 10000);
    return a.download;
  }

  /** Copies text; resolves to true when it reached the clipboard. */
  async function copyText(text, container) {
    const doc = container.ownerDocument ?? container;
    const win = doc.defaultView ?? globalThis;
    try {
      if (win.navigator.clipboard && win.isSecureContext) {
        await win.navigator.clipboard.writeText(text);
        return true;
      }
    } catch {
      // Not allowed here (an insecure page, no focus): the old way below.
    }
    const area = doc.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "sr";
    container.append(area);
    area.select();
    let ok = false;
    try {
      ok = doc.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }

  globalThis.sourcecheckExport = Object.freeze({ markdown, jsonParts, downloadJson, copyText, fileName });
})();
