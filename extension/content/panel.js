// The panel's content for one report: the sourcing summary, the legend
// (which doubles as the status filters), the kinds of statement and the
// uncertain-passages switch, the hint navigator, the speakers with their
// statements, the claims lacking a source, the links by kind, export buttons
// and notes. The same code renders it in the browser's side panel
// (sidepanel/sidepanel.js) and in the page (overlay.js); each wires the
// entries to their passages its own way (hooks.wire).
//
// Long lists render their first entries and a "Show all" button, so a huge
// page does not build thousands of buttons at once. Text only (textContent).
(() => {
  "use strict";
  if (globalThis.sourcecheckPanel) return; // injected again: keep the first

  const FIRST = { statements: 12, claims: 40, links: 30, speakers: 60 };
  const BATCH = 150;
  const SLICE_MS = 8; // as the overlay's drawing: well under a long task
  const { t, count, el, yieldToPage } = globalThis.sourcecheckDom;

  // Arrow keys, Home and End move between the entries of `content`; true when handled.
  function arrowKeys(e, target, content) {
    if (!(e.key === "ArrowDown" || e.key === "ArrowUp" || e.key === "Home" || e.key === "End") || !target.classList.contains("item")) return false;
    const all = [...content.querySelectorAll(".item")].filter((b) => b.offsetParent !== null);
    const i = all.indexOf(target);
    const j = e.key === "Home" ? 0 : e.key === "End" ? all.length - 1 : i + (e.key === "ArrowDown" ? 1 : -1);
    if (all[j]) {
      e.preventDefault();
      all[j].focus();
    }
    return true;
  }

  /**
   * Renders `view` (sourcecheckModel.build) into nodes for the panel.
   * hooks: {wire(button, entry), onFilter(status, shown), onCategory(category, shown),
   *         onUncertain(hide), onPrev(), onNext(), onCopy(button), onDownload(button),
   *         shown: {status: bool}, categories: {category: bool}, hideUncertain}
   * Resolves to {nodes, setPosition(text), select(type, id)}; yields as it goes.
   */
  async function render(doc, view, hooks) {
    // The first items of each list are made now, in slices: on a huge report
    // a thousand wired buttons at once would be a long task on the page.
    let deadline = performance.now() + SLICE_MS;
    const pause = async () => {
      if (performance.now() < deadline) return;
      await yieldToPage();
      deadline = performance.now() + SLICE_MS;
    };
    const M = globalThis.sourcecheckModel;
    const { STATUS_LABEL, TYPE_LABEL, QUOTE_LABEL, CATEGORY_LABEL, CATEGORIES, quoted } = M;
    const statuses = globalThis.sourcecheckSettings.STATUSES;
    const nodes = [];
    const byKey = new Map(); // "type:id" -> its button, for select()

    // ---- summary --------------------------------------------------------
    const s = view.summary || {};
    const nStatements = view.said.statements;
    const nSources = view.said.sources;
    const lacking = view.claims.filter((c) => c.status === "unsourced").length;
    const weak = view.claims.filter((c) => c.status === "vague" || c.status === "anonymous").length;
    const summary = el(doc, "p", "summary");
    summary.append(
      el(doc, "strong", "", count(nStatements, "oneStatement", "nStatements")), doc.createTextNode(t("summaryFrom")),
      el(doc, "strong", "", count(nSources, "oneSource", "nSources")), doc.createTextNode(" \u00b7 "),
      el(doc, "strong", "", count(lacking, "oneClaim", "nClaims")), doc.createTextNode(t("summaryWithout")),
    );
    nodes.push(summary);
    const detail = [];
    if (nStatements) detail.push(t("summaryNamed", view.said.named, nStatements));
    if (weak) detail.push(count(weak, "summaryWeakOne", "summaryWeakMany"));
    if (typeof s.claims === "number") detail.push(count(s.claims, "summaryCheckableOne", "summaryCheckableMany"));
    if (view.linkCount) detail.push(count(view.linkCount, "oneLink", "nLinks"));
    if (view.uncertain) detail.push(count(view.uncertain, "summaryUncertainOne", "summaryUncertainMany"));
    if (detail.length) nodes.push(el(doc, "p", "summary-detail", `${detail.join("; ")}.`));

    // ---- legend and filters -----------------------------------------------
    const legendHead = el(doc, "h2", "", t("legendHead"));
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
      b.title = t("filterTitle", STATUS_LABEL[status]);
      b.append(el(doc, "span", `swatch ${status}`), el(doc, "span", "", STATUS_LABEL[status]), el(doc, "span", "n", view.counts[status]));
      b.setAttribute("aria-label", `${STATUS_LABEL[status]}: ${view.counts[status]}`);
      b.addEventListener("click", () => {
        const on = b.getAttribute("aria-pressed") !== "true";
        b.setAttribute("aria-pressed", String(on));
        panelRoot.classList.toggle(`hide-${status}`, !on);
        hooks.onFilter(status, on);
      });
      li.append(b);
      legend.append(li);
    }
    nodes.push(legendHead, legend);

    // ---- kinds of statement and confidence ------------------------------------
    const kindsHead = el(doc, "h2", "", t("kindsHead"));
    kindsHead.id = "kinds-head";
    const kinds = el(doc, "ul", "legend kinds");
    kinds.setAttribute("aria-labelledby", "kinds-head");
    const categories = hooks.categories ?? { statement: true };
    for (const category of CATEGORIES) {
      const li = el(doc, "li");
      const b = el(doc, "button", "filter kind");
      b.type = "button";
      b.dataset.category = category;
      b.setAttribute("aria-pressed", String(categories[category] !== false));
      const n = view.categoryCounts ? view.categoryCounts[category] : 0;
      b.append(el(doc, "span", "", CATEGORY_LABEL[category]), el(doc, "span", "n", n));
      b.setAttribute("aria-label", `${CATEGORY_LABEL[category]}: ${n}`);
      b.title = t("kindTitle", CATEGORY_LABEL[category]);
      b.addEventListener("click", () => {
        const on = b.getAttribute("aria-pressed") !== "true";
        b.setAttribute("aria-pressed", String(on));
        panelRoot.classList.toggle(`hide-cat-${category}`, !on);
        if (hooks.onCategory) hooks.onCategory(category, on);
      });
      li.append(b);
      kinds.append(li);
    }
    const unsure = el(doc, "button", "filter uncertain-switch");
    unsure.type = "button";
    unsure.setAttribute("aria-pressed", String(!hooks.hideUncertain));
    unsure.append(el(doc, "span", "", t("uncertainFilter")), el(doc, "span", "n", view.uncertain ?? 0));
    unsure.setAttribute("aria-label", t("uncertainFilterLabel", view.uncertain ?? 0));
    unsure.addEventListener("click", () => {
      const show = unsure.getAttribute("aria-pressed") !== "true";
      unsure.setAttribute("aria-pressed", String(show));
      panelRoot.classList.toggle("hide-uncertain", !show);
      if (hooks.onUncertain) hooks.onUncertain(!show);
    });
    const li = el(doc, "li");
    li.append(unsure);
    kinds.append(li);
    nodes.push(kindsHead, kinds);

    // ---- hint navigator ---------------------------------------------------
    const nav = el(doc, "div", "nav");
    const prev = el(doc, "button", "tool prev", t("navPrev"));
    const next = el(doc, "button", "tool next", t("navNext"));
    prev.type = next.type = "button";
    prev.setAttribute("aria-label", t("navPrevLabel"));
    next.setAttribute("aria-label", t("navNextLabel"));
    const pos = el(doc, "span", "pos", t("navIntro"));
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
      const more = el(doc, "button", "tool more", t(what, items.length.toLocaleString("en")));
      more.type = "button";
      more.addEventListener("click", async () => {
        more.disabled = true;
        more.textContent = t("loading");
        const firstNew = shownNow;
        for (let i = shownNow; i < items.length; i += BATCH) {
          const frag = doc.createDocumentFragment();
          for (const item of items.slice(i, i + BATCH)) frag.append(await renderOne(item));
          ul.append(frag);
          await yieldToPage();
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
      if (data.uncertain) b.classList.add("uncertain");
      if (type === "statement" && data.category) b.classList.add(`cat-${data.category}`);
      b.dataset.kind = type;
      b.dataset.id = data.id;
      b.append(...extra);
      byKey.set(`${type}:${data.id}`, b);
      hooks.wire(b, { type, data, label });
      li.append(b);
      return li;
    }

    if (view.speakers.length) {
      nodes.push(el(doc, "h2", "", t("whoHead", count(view.speakers.length, "oneSource", "nSources"))));
      const wrap = el(doc, "div", "speakers");
      const renderSpeaker = async (sp) => {
        // Its kinds, sorted: styles.js hides the group when all are filtered out.
        const kinds = [...new Set(sp.statements.map((st) => st.category || "statement"))].sort().join("-");
        const section = el(doc, "section", `speaker ${sp.statements[0] ? sp.statements[0].status : "attributed"} kinds-${kinds}`);
        const h = el(doc, "h3", "", sp.name);
        // The spaces keep the heading's text readable as words (screen readers, copy).
        h.append(" ", el(doc, "span", "tag", TYPE_LABEL[sp.type] || sp.type || t("typeSource")));
        if (sp.role) h.append(" ", el(doc, "span", "role", sp.role));
        const ul = el(doc, "ul");
        ul.setAttribute("aria-label", t("statementsBy", sp.name));
        const more = await limited(ul, sp.statements, FIRST.statements, (st) => {
          const how = [st.uncertain ? t("uncertainTag") : null, st.category !== "statement" ? CATEGORY_LABEL[st.category] : null, QUOTE_LABEL[st.kind], st.surface ? t("asWritten", st.surface) : null, st.cue ? `\u201c${st.cue}\u201d` : null].filter(Boolean).join(" \u00b7 ");
          const via = st.chain.length > 1 ? ` \u00b7 ${t("viaChain", st.chain.slice(0, -1).join(" \u2192 "))}` : "";
          return entryButton("statement", st, `statement ${st.status}`, null, [
            el(doc, "span", "how", how + via),
            doc.createTextNode(quoted(st.text, st.kind)),
          ]);
        }, "showAllStatements");
        section.append(h, ul);
        if (more) section.append(more);
        return section;
      };
      const more = await limited(wrap, view.speakers, FIRST.speakers, renderSpeaker, "showAllSources");
      nodes.push(wrap);
      if (more) nodes.push(more);
    }

    if (view.lacking.length) {
      nodes.push(el(doc, "h2", "", t("lackingHead")));
      // Unsourced first, then anonymous, then vague, each in reading order (a
      // partition: sorting tens of thousands of claims would hold the page up).
      const sorted = ["unsourced", "anonymous", "vague"].flatMap((status) => view.lacking.filter((c) => c.status === status));
      const ul = el(doc, "ul", "claims");
      const more = await limited(ul, sorted, FIRST.claims, (c) => {
        const how = (c.uncertain ? `${t("uncertainTag")} \u00b7 ` : "") + STATUS_LABEL[c.status] + (c.source ? `: \u201c${c.source}\u201d` : "");
        const extra = [el(doc, "span", "how", how), doc.createTextNode(c.text)];
        if (c.reason) extra.push(el(doc, "span", "reason", c.reason));
        return entryButton("claim", c, `claim ${c.status}`, null, extra);
      }, "showAllClaims");
      nodes.push(ul);
      if (more) nodes.push(more);
    }

    if (view.links.length) {
      nodes.push(el(doc, "h2", "", t("linksHead", view.linkCount)));
      for (const g of view.links) {
        const group = el(doc, "section", "linkgroup");
        group.append(el(doc, "h3", "", `${g.label} (${g.links.length})`));
        const ul = el(doc, "ul");
        const more = await limited(ul, g.links, FIRST.links, (l) =>
          entryButton("link", l, "link linked", null, [doc.createTextNode(l.text), el(doc, "span", "host", l.link.same_site ? t("hostThisSite", l.host) : l.host)]), "showAllLinks");
        group.append(ul);
        if (more) group.append(more);
        nodes.push(group);
      }
    }

    if (!view.speakers.length && !view.lacking.length) {
      nodes.push(el(doc, "p", "state", t("nothingFound")));
    }

    // ---- export and notes -------------------------------------------------
    const tools = el(doc, "div", "tools");
    const copy = el(doc, "button", "tool copy-md", t("copyMarkdown"));
    const download = el(doc, "button", "tool download-json", t("downloadJson"));
    copy.type = download.type = "button";
    const done = el(doc, "span", "done");
    done.setAttribute("role", "status");
    copy.addEventListener("click", () => hooks.onCopy(done));
    download.addEventListener("click", () => hooks.onDownload(done));
    tools.append(copy, download, done);
    nodes.push(tools);

    const notes = el(doc, "div", "notes");
    for (const note of view.notes) notes.append(el(doc, "p", "", note));
    notes.append(el(doc, "p", "", t("automaticNote")));
    nodes.push(notes);

    const panelRoot = el(doc, "div", "report");
    for (const category of CATEGORIES) panelRoot.classList.toggle(`hide-cat-${category}`, categories[category] === false);
    panelRoot.classList.toggle("hide-uncertain", !!hooks.hideUncertain);
    for (const status of statuses) panelRoot.classList.toggle(`hide-${status}`, hooks.shown[status] === false);
    panelRoot.append(...nodes);
    let selected = null;

    return {
      nodes: [panelRoot],
      setPosition(text) {
        pos.textContent = text;
      },
      // The page moved to a passage: mark its entry and bring it into view.
      select(type, id) {
        const b = byKey.get(`${type}:${id}`);
        if (selected && selected !== b) selected.removeAttribute("aria-current");
        selected = b ?? null;
        if (!b) return false;
        b.setAttribute("aria-current", "true");
        if (b.ownerDocument.activeElement !== b && b.getRootNode().activeElement !== b) b.scrollIntoView({ block: "nearest" });
        return true;
      },
    };
  }

  globalThis.sourcecheckPanel = Object.freeze({ render, arrowKeys });
})();
