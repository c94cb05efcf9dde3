// The side panel's content for one report: the sourcing summary, the legend
// (which doubles as the status filters), the hint navigator, the speakers
// with their statements, the claims lacking a source, the links by kind,
// export buttons and notes. overlay.js wires each entry to its passage.
//
// Long lists render their first entries and a "Show all" button, so a huge
// page does not build thousands of buttons at once. Text only (textContent).
(() => {
  "use strict";
  if (globalThis.sourcecheckPanel) return; // injected again: keep the first

  const FIRST = { statements: 12, claims: 40, links: 30, speakers: 60 };
  const BATCH = 150;
  const SLICE_MS = 8; // as the overlay's drawing: well under a long task

  function el(doc, tag, className, text) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const plural = (n, one, many) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

  /**
   * Renders `view` (sourcecheckModel.build) into nodes for the panel.
   * hooks: {wire(button, entry), onFilter(status, shown), onPrev(), onNext(),
   *         onCopy(button), onDownload(button), shown: {status: bool}}
   * Resolves to {nodes, setPosition(text)}; yields to the page as it goes.
   */
  async function render(doc, view, hooks) {
    // The first items of each list are made now, in slices: on a huge report
    // a thousand wired buttons at once would be a long task on the page.
    let deadline = performance.now() + SLICE_MS;
    const pause = async () => {
      if (performance.now() < deadline) return;
      await globalThis.sourcecheckPageReader.yieldToPage();
      deadline = performance.now() + SLICE_MS;
    };
    const M = globalThis.sourcecheckModel;
    const { STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL, quoted } = M;
    const statuses = globalThis.sourcecheckSettings.STATUSES;
    const nodes = [];

    // ---- summary --------------------------------------------------------
    const s = view.summary || {};
    const nStatements = view.statements.length;
    const nSources = view.speakers.length;
    const lacking = view.claims.filter((c) => c.status === "unsourced").length;
    const weak = view.claims.filter((c) => c.status === "vague" || c.status === "anonymous").length;
    const summary = el(doc, "p", "summary");
    summary.append(
      el(doc, "strong", "", plural(nStatements, "statement", "statements")), doc.createTextNode(" from "),
      el(doc, "strong", "", plural(nSources, "source", "sources")), doc.createTextNode(" \u00b7 "),
      el(doc, "strong", "", plural(lacking, "claim", "claims")), doc.createTextNode(" without a source"),
    );
    nodes.push(summary);
    const detail = [];
    if (typeof s.named_attributions === "number" && nStatements) detail.push(`${s.named_attributions} of ${nStatements} statements name their source`);
    if (weak) detail.push(`${plural(weak, "claim rests", "claims rest")} on a vague or unnamed source`);
    if (typeof s.claims === "number") detail.push(`${plural(s.claims, "checkable claim", "checkable claims")} in all`);
    if (view.linkCount) detail.push(plural(view.linkCount, "link", "links"));
    if (detail.length) nodes.push(el(doc, "p", "summary-detail", `${detail.join("; ")}.`));

    // ---- legend and filters -----------------------------------------------
    const legendHead = el(doc, "h2", "", "Highlights");
    legendHead.id = "legend-head";
    const legend = el(doc, "ul", "legend");
    legend.setAttribute("aria-labelledby", "legend-head");
    for (const status of statuses) {
      const li = el(doc, "li");
      const b = el(doc, "button", `filter ${status}`);
      b.type = "button";
      b.dataset.status = status;
      const shown = hooks.shown[status] !== false;
      b.setAttribute("aria-pressed", String(shown));
      b.title = `Show or hide ${STATUS_LABEL[status].toLowerCase()} passages`;
      b.append(el(doc, "span", `swatch ${status}`), el(doc, "span", "", STATUS_LABEL[status]), el(doc, "span", "n", view.counts[status]));
      b.setAttribute("aria-label", `${STATUS_LABEL[status]}: ${view.counts[status]}`);
      b.addEventListener("click", () => {
        const on = b.getAttribute("aria-pressed") !== "true";
        b.setAttribute("aria-pressed", String(on));
        hooks.onFilter(status, on);
      });
      li.append(b);
      legend.append(li);
    }
    nodes.push(legendHead, legend);

    // ---- hint navigator ---------------------------------------------------
    const nav = el(doc, "div", "nav");
    const prev = el(doc, "button", "tool prev", "\u2190 Previous");
    const next = el(doc, "button", "tool next", "Next \u2192");
    prev.type = next.type = "button";
    prev.setAttribute("aria-label", "Previous highlighted passage");
    next.setAttribute("aria-label", "Next highlighted passage");
    const pos = el(doc, "span", "pos", "Step through the highlighted passages");
    pos.setAttribute("aria-live", "polite");
    prev.addEventListener("click", () => hooks.onPrev());
    next.addEventListener("click", () => hooks.onNext());
    nav.append(pos, prev, next);
    nodes.push(nav);

    // ---- lists ------------------------------------------------------------
    // Renders items[0..first) now and the rest on demand, in batches.
    async function limited(ul, items, first, renderOne, what) {
      const shownNow = Math.min(items.length, first);
      for (let i = 0; i < shownNow; i++) {
        ul.append(await renderOne(items[i]));
        await pause();
      }
      if (items.length <= first) return null;
      const more = el(doc, "button", "tool more", `Show all ${plural(items.length, what, what)}`);
      more.type = "button";
      more.addEventListener("click", async () => {
        more.disabled = true;
        more.textContent = "Loading\u2026";
        const firstNew = shownNow;
        for (let i = shownNow; i < items.length; i += BATCH) {
          const frag = doc.createDocumentFragment();
          for (const item of items.slice(i, i + BATCH)) frag.append(await renderOne(item));
          ul.append(frag);
          await globalThis.sourcecheckPageReader.yieldToPage();
        }
        const target = ul.children[firstNew] && ul.children[firstNew].querySelector("button");
        more.remove();
        if (target) target.focus();
      });
      return more;
    }

    function entryButton(type, data, className, label, extra) {
      const li = el(doc, "li");
      const b = el(doc, "button", `item ${className}`);
      b.type = "button";
      b.append(...extra);
      hooks.wire(b, { type, data, label });
      li.append(b);
      return li;
    }

    if (view.speakers.length) {
      nodes.push(el(doc, "h2", "", `Who said what (${plural(view.speakers.length, "source", "sources")})`));
      const wrap = el(doc, "div", "speakers");
      const renderSpeaker = async (sp) => {
        const section = el(doc, "section", `speaker ${sp.statements[0] ? sp.statements[0].status : "attributed"}`);
        const h = el(doc, "h3", "", sp.name);
        // The spaces keep the heading's text readable as words (screen readers, copy).
        h.append(" ", el(doc, "span", "tag", TYPE_LABEL[sp.type] || sp.type || "source"));
        if (sp.role) h.append(" ", el(doc, "span", "role", sp.role));
        const ul = el(doc, "ul");
        ul.setAttribute("aria-label", `Statements by ${sp.name}`);
        const more = await limited(ul, sp.statements, FIRST.statements, (st) => {
          const how = [QUOTE_LABEL[st.kind], st.cue ? `\u201c${st.cue}\u201d` : null].filter(Boolean).join(" \u00b7 ");
          const via = st.chain.length > 1 ? ` \u00b7 via ${st.chain.slice(0, -1).join(" \u2192 ")}` : "";
          return entryButton("statement", st, `statement ${st.status}`, null, [
            el(doc, "span", "how", how + via),
            doc.createTextNode(quoted(st.text, st.kind)),
          ]);
        }, "statements");
        section.append(h, ul);
        if (more) section.append(more);
        return section;
      };
      const more = await limited(wrap, view.speakers, FIRST.speakers, renderSpeaker, "sources");
      nodes.push(wrap);
      if (more) nodes.push(more);
    }

    if (view.lacking.length) {
      nodes.push(el(doc, "h2", "", "Claims lacking a named source"));
      // Unsourced first, then anonymous, then vague, each in reading order (a
      // partition: sorting tens of thousands of claims would hold the page up).
      const sorted = ["unsourced", "anonymous", "vague"].flatMap((status) => view.lacking.filter((c) => c.status === status));
      const ul = el(doc, "ul", "claims");
      const more = await limited(ul, sorted, FIRST.claims, (c) => {
        const extra = [el(doc, "span", "how", STATUS_LABEL[c.status] + (c.source ? `: \u201c${c.source}\u201d` : "")), doc.createTextNode(c.text)];
        if (c.reason) extra.push(el(doc, "span", "reason", c.reason));
        return entryButton("claim", c, `claim ${c.status}`, null, extra);
      }, "claims");
      nodes.push(ul);
      if (more) nodes.push(more);
    }

    if (view.links.length) {
      nodes.push(el(doc, "h2", "", `Links (${view.linkCount})`));
      for (const g of view.links) {
        const group = el(doc, "section", "linkgroup");
        group.append(el(doc, "h3", "", `${g.label} (${g.links.length})`));
        const ul = el(doc, "ul");
        const more = await limited(ul, g.links, FIRST.links, (l) =>
          entryButton("link", l, "link linked", null, [doc.createTextNode(l.text), el(doc, "span", "host", l.host + (l.link.same_site ? " \u00b7 this site" : ""))]), "links");
        group.append(ul);
        if (more) group.append(more);
        nodes.push(group);
      }
    }

    if (!view.speakers.length && !view.lacking.length) {
      nodes.push(el(doc, "p", "state", "No quotes or checkable claims found in the article."));
    }

    // ---- export and notes -------------------------------------------------
    const tools = el(doc, "div", "tools");
    const copy = el(doc, "button", "tool copy-md", "Copy as Markdown");
    const download = el(doc, "button", "tool download-json", "Download JSON report");
    copy.type = download.type = "button";
    const done = el(doc, "span", "done");
    done.setAttribute("role", "status");
    copy.addEventListener("click", () => hooks.onCopy(done));
    download.addEventListener("click", () => hooks.onDownload(done));
    tools.append(copy, download, done);
    nodes.push(tools);

    const notes = el(doc, "div", "notes");
    for (const note of view.notes) notes.append(el(doc, "p", "", note));
    notes.append(el(doc, "p", "", "An automatic reading of the article: check what matters against the text."));
    nodes.push(notes);

    return {
      nodes,
      setPosition(text) {
        pos.textContent = text;
      },
    };
  }

  globalThis.sourcecheckPanel = Object.freeze({ render });
})();
