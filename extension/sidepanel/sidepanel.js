// The browser's side panel (Chrome's side panel, Firefox's sidebar): the
// summary, the legend and filters, the navigator, who said what, the claims
// lacking a source, the links, the export. It shows the report of the active
// tab of its window, or an invitation to analyse it; the highlights and the
// card stay in the page (content scripts), and the two talk by messages:
//
//   panel -> tab (tabs.sendMessage, content.js): state, report, reveal,
//     preview, unpreview, step, filter, category, uncertain, close
//   tab -> panel (runtime.sendMessage): status (analysing, ready, error,
//     empty, closed), selected (the page moved to a passage)
//   panel -> background: a port saying which window and tab it shows
//     (closing the panel closes sourcecheck in that window), get-report (its
//     copy of the tab's report, the JSON the engine wrote)
//   background -> panel, on the port: report (a tab's report the moment the
//     analysis is done, with the filters and address the page draws it
//     with), so the panel draws while the page paints
//
// Page text is hostile here too: text only, through textContent.
"use strict";

(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { t, count, el, adopt } = globalThis.sourcecheckDom;
  const styles = globalThis.sourcecheckStyles;

  const sheet = new CSSStyleSheet();
  sheet.replaceSync(styles.PANEL_CSS.replace(/:host\s*\{[^}]*\}/, "") + styles.SIDE_CSS);
  adopt(document, sheet);

  const wrap = el(document, "div", "root");
  const panel = el(document, "main", "panel");
  panel.setAttribute("aria-label", t("panelLabel"));
  const bar = el(document, "div", "bar");
  bar.append(el(document, "h1", "", "sourcecheck"));
  const content = el(document, "div", "content");
  const announcer = el(document, "p", "sr");
  announcer.setAttribute("role", "status");
  panel.append(bar, content);
  wrap.append(panel, announcer);
  document.body.append(wrap);

  let windowId = null;
  let tabId = null; // the tab shown
  let generation = 0; // bumps when what is shown changes
  let current = null; // {tabId, report, url, panelView}
  let drawing = null; // {tabId, json, gen} of the report being drawn

  const toTab = (message) => api.tabs.sendMessage(tabId, message).catch(() => null);

  function show(...nodes) {
    current = null;
    drawing = null;
    content.replaceChildren(...nodes);
  }

  function invite() {
    generation++;
    const p = el(document, "p", "invite");
    p.append(el(document, "strong", "", t("inviteHead")), el(document, "br"), document.createTextNode(t("inviteBody")));
    show(p);
    document.body.dataset.state = "invite";
  }

  function loading(detail) {
    const p = el(document, "p", "state loading");
    p.setAttribute("role", "status");
    p.append(el(document, "span", "spinner"), document.createTextNode(t("analysing")), el(document, "span", "progress", detail || ""));
    const old = content.querySelector(".state.loading");
    if (old) old.replaceWith(p);
    else show(p);
    document.body.dataset.state = "analysing";
  }

  function failed(detail) {
    generation++;
    const p = el(document, "p", "state error", t("analysisFailed"));
    p.setAttribute("role", "alert");
    p.append(el(document, "span", "detail", detail || t("unknownError")));
    show(p);
    document.body.dataset.state = "error";
  }

  function empty(detail) {
    generation++;
    const p = el(document, "p", "state empty", t("noArticle"));
    p.setAttribute("role", "status");
    show(p, el(document, "div", "notes", detail));
    document.body.dataset.state = "empty";
  }

  // The buttons of the report, wired to the page by messages.
  function wire(button, e) {
    const entry = { type: e.type, data: e.data };
    button.setAttribute("aria-label", globalThis.sourcecheckCard.describe(entry));
    const ask = (type, extra = {}) => toTab({ type, kind: e.type, id: e.data.id, ...extra });
    button.addEventListener("focus", () => ask("sourcecheck:reveal", { flash: false }));
    button.addEventListener("blur", () => toTab({ type: "sourcecheck:unpreview" }));
    button.addEventListener("mouseenter", () => ask("sourcecheck:preview"));
    button.addEventListener("mouseleave", () => {
      if (document.activeElement !== button) toTab({ type: "sourcecheck:unpreview" });
    });
    button.addEventListener("click", async () => {
      const r = await ask("sourcecheck:reveal", { flash: true });
      if (r && r.ok === false) button.title = t("passageMissing");
    });
  }

  // The tab's report is already shown (or on its way): the background
  // pushed it when the analysis was done.
  const showing = () => (current && current.tabId === tabId) || (drawing && drawing.tabId === tabId && drawing.gen === generation);

  // The tab says it is ready: draw its report unless it is already here.
  async function ready(state) {
    if (showing()) {
      announcer.textContent = t("analysisDone", state.detail || "");
      return;
    }
    const gen = ++generation;
    const id = tabId;
    let reply = await api.runtime.sendMessage({ type: "sourcecheck:get-report", tabId: id }).catch(() => null);
    if (!reply || !reply.ok) reply = await toTab({ type: "sourcecheck:report" }); // a restarted worker
    if (gen !== generation) return;
    if (!reply || !reply.ok) return invite();
    await draw(gen, id, reply.json, { filters: state.filters ?? (reply.panel && reply.panel.filters), url: state.url ?? (reply.panel && reply.panel.url), detail: state.detail });
  }

  // The background's push: the report of a tab, just analysed.
  function pushed(message) {
    if (message.tabId !== tabId || typeof message.json !== "string") return;
    if (drawing && drawing.json === message.json) return;
    const view = message.panel && typeof message.panel === "object" ? message.panel : {};
    draw(++generation, tabId, message.json, { filters: view.filters, url: typeof view.url === "string" ? view.url : null, detail: "" }).catch((err) => {
      // Not drawn: the tab's "ready" takes the longer way (get-report).
      console.error("sourcecheck: the pushed report could not be drawn", err);
      drawing = null;
    });
  }

  // The page's filters ({shown, categories, hideUncertain}, navigate.js),
  // or the settings' defaults when none came.
  function filtersOf(given) {
    if (given && typeof given === "object" && given.shown && given.categories) return given;
    const d = globalThis.sourcecheckSettings.normalize(null);
    return { shown: d.show, categories: d.categories, hideUncertain: d.hideUncertain };
  }

  async function draw(gen, id, json, { filters: given, url: givenUrl, detail }) {
    drawing = { tabId: id, json, gen };
    const report = JSON.parse(json);
    const view = await globalThis.sourcecheckModel.buildAsync(report);
    if (gen !== generation) return;
    if (!view.blocks.length) return empty(view.notes.join(" ")); // as the page says
    const filters = filtersOf(given);
    const url = givenUrl ?? null;
    const done = (text) => (node) => {
      node.textContent = text;
    };
    const panelView = await globalThis.sourcecheckPanel.render(document, view, {
      wire,
      shown: filters.shown,
      categories: filters.categories,
      hideUncertain: filters.hideUncertain,
      onFilter: (status, on) => toTab({ type: "sourcecheck:filter", status, on }),
      onCategory: (category, on) => toTab({ type: "sourcecheck:category", category, on }),
      onUncertain: (hide) => toTab({ type: "sourcecheck:uncertain", hide }),
      onPrev: () => step(-1),
      onNext: () => step(1),
      async onCopy(node) {
        const ok = await globalThis.sourcecheckExport.copyText(globalThis.sourcecheckExport.markdown(report, url), wrap);
        done(ok ? t("copied") : t("copyFailed"))(node);
      },
      async onDownload(node) {
        try {
          done(t("saved", await globalThis.sourcecheckExport.downloadJson(report, wrap, url)))(node);
        } catch (err) {
          done(t("saveFailed", err && err.message ? err.message : err))(node);
        }
      },
    });
    if (gen !== generation) return;
    content.replaceChildren(...panelView.nodes);
    current = { tabId: id, report, url, panelView };
    drawing = null;
    document.body.dataset.state = "ready";
    // When the report is in the panel, and after the frame that shows it
    // (the timing tests read both).
    performance.clearMarks("sourcecheck-ready");
    performance.mark("sourcecheck-ready");
    requestAnimationFrame(() => setTimeout(() => {
      performance.clearMarks("sourcecheck-painted");
      if (gen === generation) performance.mark("sourcecheck-painted");
    }, 0));
    const lacking = view.claims.filter((c) => c.status === "unsourced").length;
    announcer.textContent = t("analysisDone", detail || t("saidSummary", count(view.said.statements, "oneStatement", "nStatements"), count(lacking, "oneClaim", "nClaims")));
  }

  async function step(dir) {
    const r = await toTab({ type: "sourcecheck:step", dir });
    if (r && r.selected) selected(r.selected);
  }

  function selected(s) {
    if (!current) return;
    if (s.position) current.panelView.setPosition(s.position);
    current.panelView.select(s.kind ?? s.type, s.id);
  }

  function onStatus(state) {
    if (!state || !state.open) return invite();
    // The page still paints a report the panel has: its progress is the page's.
    if (state.status === "analysing") return showing() ? undefined : loading(state.detail);
    if (state.status === "error") return failed(state.detail);
    if (state.status === "empty") return empty(state.detail);
    if (state.status === "ready") return ready(state);
    return invite();
  }

  // Shows the tab `id`: its report, its progress, or the invitation.
  async function showTab(id) {
    tabId = id;
    const gen = ++generation;
    const state = await toTab({ type: "sourcecheck:state" });
    if (gen !== generation || tabId !== id) return;
    onStatus(state);
  }

  api.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== api.runtime.id || !sender.tab || sender.tab.id !== tabId || !message) return false;
    if (message.type === "sourcecheck:status") {
      if (message.status === "ready") {
        if (showing()) ready(message);
        else toTab({ type: "sourcecheck:state" }).then((s) => s && s.status === "ready" && ready(s));
      } else onStatus({ open: message.status !== "closed", status: message.status, detail: message.detail });
    } else if (message.type === "sourcecheck:selected") {
      selected(message);
    }
    return false;
  });

  api.tabs.onActivated.addListener((info) => {
    if (info.windowId !== windowId) return;
    showTab(info.tabId);
    tellTab();
  });
  api.tabs.onUpdated.addListener((id, change) => {
    if (id === tabId && change.status === "loading") invite();
  });

  // Keyboard: arrows move between entries, Esc closes sourcecheck in the tab.
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      toTab({ type: "sourcecheck:close" });
      return;
    }
    const target = document.activeElement;
    if (!target || !target.classList) return;
    if (globalThis.sourcecheckPanel.arrowKeys(e, target, content)) return;
    if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && (target.classList.contains("prev") || target.classList.contains("next"))) {
      e.preventDefault();
      step(e.key === "ArrowRight" ? 1 : -1);
    }
  });

  // The background learns which window this panel is in and which tab it
  // shows, and pushes that tab's reports; a restarted worker drops the
  // port, so it is made again.
  let port = null;
  function connect() {
    port = api.runtime.connect({ name: "sourcecheck-panel" });
    port.onMessage.addListener((message) => {
      if (message && message.type === "sourcecheck:report") pushed(message);
    });
    port.postMessage({ windowId, tabId });
    port.onDisconnect.addListener(() => setTimeout(connect, 200));
  }
  const tellTab = () => {
    try {
      if (port) port.postMessage({ windowId, tabId });
    } catch {
      // A restarted worker dropped the port: connect() says it again.
    }
  };

  (async () => {
    // One call gives the window and its tab (no windows.getCurrent first).
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    windowId = tab ? tab.windowId : (await api.windows.getCurrent()).id;
    tabId = tab ? tab.id : null;
    connect();
    if (tab) await showTab(tab.id);
    else invite();
    document.body.dataset.loaded = "yes";
  })();
})();
