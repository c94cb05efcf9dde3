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
//   panel -> background: a port saying which window it is in (closing the
//     panel closes sourcecheck in that window), get-report (its copy of the
//     tab's report, the JSON the engine wrote)
//
// Page text is hostile here too: text only, through textContent.
"use strict";

(() => {
  const api = globalThis.browser ?? globalThis.chrome;
  const { t, el, adopt } = globalThis.sourcecheckDom;
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
  let current = null; // {report, url, panelView}

  const toTab = (message) => api.tabs.sendMessage(tabId, message).catch(() => null);

  function show(...nodes) {
    current = null;
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

  async function ready(state) {
    const gen = ++generation;
    let reply = await api.runtime.sendMessage({ type: "sourcecheck:get-report", tabId }).catch(() => null);
    if (!reply || !reply.ok) reply = await toTab({ type: "sourcecheck:report" }); // a restarted worker
    if (gen !== generation) return;
    if (!reply || !reply.ok) return invite();
    const report = JSON.parse(reply.json);
    const view = await globalThis.sourcecheckModel.buildAsync(report);
    if (gen !== generation) return;
    const filters = state.filters ?? globalThis.sourcecheckSettings.normalize(null);
    const url = state.url ?? null;
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
    current = { report, url, panelView };
    document.body.dataset.state = "ready";
    performance.mark("sourcecheck-ready"); // when the report is in the panel (the timing tests read it)
    announcer.textContent = t("analysisDone", state.detail || "");
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
    if (state.status === "analysing") return loading(state.detail);
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
      if (message.status === "ready") toTab({ type: "sourcecheck:state" }).then((s) => s && s.status === "ready" && ready(s));
      else onStatus({ open: message.status !== "closed", status: message.status, detail: message.detail });
    } else if (message.type === "sourcecheck:selected") {
      selected(message);
    }
    return false;
  });

  api.tabs.onActivated.addListener((info) => {
    if (info.windowId === windowId) showTab(info.tabId);
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

  // The background learns which window this panel is in; a restarted
  // worker drops the port, so it is made again.
  function connect() {
    const port = api.runtime.connect({ name: "sourcecheck-panel" });
    port.postMessage({ windowId });
    port.onDisconnect.addListener(() => setTimeout(connect, 200));
  }

  (async () => {
    const win = await api.windows.getCurrent();
    windowId = win.id;
    connect();
    const [tab] = await api.tabs.query({ active: true, windowId });
    if (tab) await showTab(tab.id);
    else invite();
    document.body.dataset.loaded = "yes";
  })();
})();
