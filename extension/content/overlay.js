// Draws a report over the page and puts its parts together: the highlights
// (paint.js, highlights.js), the hover/focus card (card.js), navigation and
// filters (navigate.js), and, where the browser has no side panel (the www
// demo, or a browser without chrome.sidePanel or sidebar_action), the panel
// in the page (panel.js), docked beside the article: the page is narrowed
// by the panel's width, so no article line lies under it. With the browser's
// side panel the panel lives there (sidepanel/) and this file only answers
// its requests (content.js relays them).
//
// A classic script: it only defines globalThis.sourcecheckOverlay. Page text
// is hostile: it only ever reaches the DOM through textContent. The card and
// panel sit in a closed Shadow DOM; styles are constructed stylesheets
// (adoptedStyleSheets), which a strict page CSP does not block, unlike
// <style> elements or style="".
(() => {
  "use strict";
  if (globalThis.sourcecheckOverlay) return; // injected again: keep the first

  const HOST_TAG = "sourcecheck-overlay";
  const { t, count, el, matches, adopt, unadopt, yieldToPage } = globalThis.sourcecheckDom;

  /**
   * Opens the overlay in `doc`. options: {settings, url, mode: "page" (the
   * panel in the page) | "side" (the browser's side panel shows it),
   * onClose(), onSelect(entry, position), onState(state, detail)}.
   * Returns {host, showReport(report, map) -> Promise, showError(message),
   * setProgress(text), reveal(type, id, flash), preview(type, id),
   * unpreview(), step(dir), setStatus, setCategory, setHideUncertain,
   * report, close(), closed}.
   * map.rangeFor(pageBlockIndex, start, end) turns offsets into Ranges;
   * map.blockOf(textNode) gives the page block a text node belongs to.
   */
  function open(doc, options = {}) {
    const win = doc.defaultView ?? globalThis;
    const settings = globalThis.sourcecheckSettings.normalize(options.settings);
    const inPage = options.mode !== "side";
    const listeners = new AbortController();
    const signal = listeners.signal;
    let closed = false;
    let generation = 0; // bumps when a drawing must stop (new report, close)
    let report = null;
    let view = null;
    let panelView = null;
    const onState = typeof options.onState === "function" ? options.onState : () => {};

    const styles = globalThis.sourcecheckStyles;
    const hl = globalThis.sourcecheckHighlights.create(doc, styles.PAGE_CSS);

    const host = doc.createElement(HOST_TAG);
    const root = host.attachShadow({ mode: "closed" });
    const panelSheet = new win.CSSStyleSheet();
    panelSheet.replaceSync(styles.PANEL_CSS);
    // The card's position changes on every hover: a rule edited through the
    // CSSOM, since style="" attributes fall foul of strict page CSPs.
    const cardSheet = new win.CSSStyleSheet();
    cardSheet.replaceSync(".card { left: 0px; top: 0px; }");
    adopt(root, panelSheet, cardSheet);
    // The page narrowed to leave the docked panel its width (in-page mode).
    const dockSheet = new win.CSSStyleSheet();
    dockSheet.replaceSync(styles.DOCK_CSS);
    let docked = false;

    const wrap = el(doc, "div", "root");
    const panel = el(doc, "div", "panel");
    panel.setAttribute("role", "complementary");
    panel.setAttribute("aria-label", t("panelLabel"));
    panel.tabIndex = -1;
    panel.hidden = true;
    const content = el(doc, "div", "content");
    const launcher = el(doc, "button", "launcher");
    launcher.type = "button";
    launcher.hidden = true;
    const card = el(doc, "div", "card");
    card.id = "card";
    card.setAttribute("role", "tooltip");
    card.hidden = true;
    const announcer = el(doc, "p", "sr");
    announcer.setAttribute("role", "status");
    const announce = (text) => {
      announcer.textContent = text;
    };

    if (inPage) {
      const bar = el(doc, "div", "bar");
      const hideButton = el(doc, "button", "icon hide", "\u2013");
      hideButton.type = "button";
      hideButton.setAttribute("aria-label", t("hidePanelLabel"));
      hideButton.title = t("hidePanelTitle");
      const closeButton = el(doc, "button", "icon close", "\u00d7");
      closeButton.type = "button";
      closeButton.setAttribute("aria-label", t("closeLabel"));
      closeButton.title = t("closeTitle");
      bar.append(el(doc, "h1", "", "sourcecheck"), hideButton, closeButton);
      panel.append(bar, content);
      closeButton.addEventListener("click", () => close(), { signal });
      hideButton.addEventListener("click", () => setPanelOpen(false), { signal });
      launcher.addEventListener("click", () => setPanelOpen(true), { signal });
    }
    // The announcer stays outside the panel: it speaks when the panel is hidden too.
    wrap.append(panel, launcher, card, announcer);
    root.append(wrap);
    doc.documentElement.append(host);

    const cardView = globalThis.sourcecheckCard.view(card, cardSheet.cssRules[0], () => (panel.hidden ? 0 : panel.getBoundingClientRect().left));

    let painter = null;
    const nav = globalThis.sourcecheckNavigate.create(doc, hl, cardView, settings, {
      announce,
      onSelect(entry, position) {
        if (panelView) {
          if (position) panelView.setPosition(position);
          panelView.select(entry.type, entry.data.id);
        }
        if (typeof options.onSelect === "function") options.onSelect(entry, position);
      },
    });

    function setLauncher(text) {
      launcher.replaceChildren(el(doc, "b", "", "sourcecheck"), doc.createTextNode(text));
      launcher.setAttribute("aria-label", t("launcherLabel", text));
    }

    function setDocked(on) {
      if (on === docked) return;
      docked = on;
      if (on) adopt(doc, dockSheet);
      else unadopt(doc, dockSheet);
    }

    function setPanelOpen(open, focus = true) {
      if (!inPage) return;
      panel.hidden = !open;
      launcher.hidden = open;
      setDocked(open);
      cardView.hide();
      if (focus) (open ? panel : launcher).focus({ preventScroll: true });
    }

    // ---- states ---------------------------------------------------------------

    let progress = null;
    function showLoading() {
      setLauncher(t("analysing"));
      const p = el(doc, "p", "state loading");
      p.setAttribute("role", "status");
      progress = el(doc, "span", "progress");
      p.append(el(doc, "span", "spinner"), doc.createTextNode(t("analysing")), progress);
      content.replaceChildren(p);
      onState("analysing", "");
    }

    function setProgress(text) {
      if (progress && progress.isConnected) progress.textContent = text;
      onState("analysing", text);
    }

    function showError(message) {
      if (closed) return;
      generation++;
      if (painter) painter.stop();
      hl.clear();
      const p = el(doc, "p", "state error", t("analysisFailed"));
      p.setAttribute("role", "alert");
      p.append(el(doc, "span", "detail", message || t("unknownError")));
      content.replaceChildren(p);
      setLauncher(t("launcherFailed"));
      onState("error", message || t("unknownError"));
    }

    // ---- export (in-page panel) -----------------------------------------------------

    async function onCopy(done) {
      const ok = await globalThis.sourcecheckExport.copyText(globalThis.sourcecheckExport.markdown(report, options.url), wrap);
      done.textContent = ok ? t("copied") : t("copyFailed");
    }

    async function onDownload(done) {
      try {
        const name = await globalThis.sourcecheckExport.downloadJson(report, wrap, options.url);
        done.textContent = t("saved", name);
      } catch (err) {
        done.textContent = t("saveFailed", err && err.message ? err.message : err);
      }
    }

    // A panel button for a passage: focus and hover preview it, a click jumps.
    function wire(button, e) {
      const entry = painter.entryOf(e.type, e.data);
      button.setAttribute("aria-label", globalThis.sourcecheckCard.describe(entry));
      button.addEventListener("focus", () => nav.activate(entry, false), { signal });
      button.addEventListener("blur", () => nav.unpreview(), { signal });
      button.addEventListener("mouseenter", () => nav.preview(entry), { signal });
      button.addEventListener("mouseleave", () => {
        if (root.activeElement !== button) nav.unpreview();
      }, { signal });
      button.addEventListener("click", () => nav.activate(entry, true), { signal });
      if (!entry.range) {
        button.setAttribute("aria-disabled", "true");
        button.title = t("passageMissing");
      }
    }

    // ---- the report ---------------------------------------------------------------

    /** Draws a report; resolves once every highlight is in place. */
    async function showReport(newReport, map) {
      if (closed) return;
      const gen = ++generation;
      hl.clear();
      cardView.hide();
      report = newReport;
      view = await globalThis.sourcecheckModel.buildAsync(report, globalThis.sourcecheckPaint.SLICE_MS);
      if (gen !== generation) return;
      if (painter) painter.stop();
      painter = globalThis.sourcecheckPaint.create(doc, hl, nav.filters, (entry) => {
        const h = cardView.hovered();
        return !!h && h.entry === entry;
      }, (pct) => setProgress(t("progressMarking", pct)));
      nav.attach(painter, []);

      if (!view.blocks.length) {
        const p = el(doc, "p", "state empty", t("noArticle"));
        p.setAttribute("role", "status");
        const notes = el(doc, "div", "notes");
        for (const note of view.notes) notes.append(el(doc, "p", "", note));
        content.replaceChildren(p, notes);
        setLauncher(t("launcherNoArticle"));
        onState("empty", view.notes.join(" "));
        return;
      }
      const hints = await painter.paint(view, map);
      if (!hints || gen !== generation) return;
      nav.attach(painter, hints);

      if (inPage) {
        setProgress(t("progressListing"));
        await yieldToPage();
        if (gen !== generation) return;
        const state = nav.state();
        panelView = await globalThis.sourcecheckPanel.render(doc, view, {
          wire,
          shown: state.shown,
          categories: state.categories,
          hideUncertain: state.hideUncertain,
          onFilter: (status, on) => nav.setStatus(status, on),
          onCategory: (category, on) => nav.setCategory(category, on),
          onUncertain: (hide) => nav.setHideUncertain(hide),
          onPrev: () => nav.step(-1),
          onNext: () => nav.step(1),
          onCopy,
          onDownload,
        });
        if (gen !== generation) return;
        content.replaceChildren(...panelView.nodes);
      }
      const lacking = view.claims.filter((c) => c.status === "unsourced").length;
      const said = t("saidSummary", count(view.said.statements, "oneStatement", "nStatements"), count(lacking, "oneClaim", "nClaims"));
      setLauncher(said);
      announce(t("analysisDone", said));
      onState("ready", said);
    }

    // ---- requests by id (the side panel, the www demo's table) ---------------------

    function find(type, id) {
      if (!view || !painter) return null;
      const list = type === "statement" ? view.statements : type === "claim" ? view.claims : view.links.flatMap((g) => g.links);
      const data = list.find((d) => d.id === id);
      return data ? painter.entryOf(type, data) : null;
    }

    // Jumps to a statement, claim or link by id.
    function reveal(type, id, flash = true) {
      const entry = find(type, id);
      return entry ? nav.activate(entry, flash) : false;
    }

    function preview(type, id) {
      const entry = find(type, id);
      if (entry) nav.preview(entry);
      return !!entry;
    }

    // ---- pointer --------------------------------------------------------------------

    let pending = null;
    function onPointerMove(e) {
      if (e.target === host) return; // over the panel
      const first = pending === null;
      pending = { x: e.clientX, y: e.clientY };
      if (!first) return;
      // At most one hit test per frame.
      win.requestAnimationFrame(() => {
        if (closed || !pending) return;
        const { x, y } = pending;
        pending = null;
        const entry = painter ? painter.entryAt(x, y) : null;
        const hovered = cardView.hovered();
        if (!entry) {
          if (hovered && hovered.fromPointer) cardView.hide();
          return;
        }
        if (hovered && hovered.entry === entry && hovered.fromPointer) return;
        cardView.show(entry, { left: x, right: x, top: y - 10, bottom: y + 10 }, true);
        // Moving through the passages in the page moves the panel's selection.
        nav.select(entry);
      });
    }

    // ---- events ---------------------------------------------------------------------

    doc.addEventListener("mousemove", onPointerMove, { passive: true, signal });
    doc.addEventListener("scroll", () => {
      const h = cardView.hovered();
      if (h && h.fromPointer) cardView.hide();
    }, { passive: true, capture: true, signal });

    // Keys inside the panel: Esc closes; arrows move between entries.
    root.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        close();
        return;
      }
      const target = root.activeElement;
      if (!target || !target.classList) return;
      if (globalThis.sourcecheckPanel.arrowKeys(e, target, content)) return;
      if ((e.key === "ArrowRight" || e.key === "ArrowLeft") && (target.classList.contains("prev") || target.classList.contains("next"))) {
        e.preventDefault();
        nav.step(e.key === "ArrowRight" ? 1 : -1);
      }
    }, { signal });

    // Esc from the page closes too, unless the page used it (a menu, a field).
    win.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || e.defaultPrevented || e.target === host) return;
      const target = e.target;
      if (target && (target.isContentEditable || /^(input|textarea|select)$/i.test(target.localName || ""))) return;
      close();
    }, { signal });

    // ---- closing ----------------------------------------------------------------------

    function close() {
      if (closed) return;
      closed = true;
      generation++;
      if (painter) painter.stop();
      hl.remove();
      setDocked(false);
      listeners.abort(); // every listener above was added with this signal
      host.remove();
      onState("closed", "");
      if (typeof options.onClose === "function") options.onClose();
    }

    showLoading();
    setPanelOpen(inPage && settings.panelOpen, inPage);
    return {
      host,
      showReport,
      showError,
      setProgress,
      reveal,
      preview,
      unpreview: () => nav.unpreview(),
      step: (dir) => {
        const entry = nav.step(dir);
        return entry ? { type: entry.type, id: entry.data.id, position: nav.position(entry) } : null;
      },
      setStatus: (status, on) => nav.setStatus(status, on),
      setCategory: (category, on) => nav.setCategory(category, on),
      setHideUncertain: (hide) => nav.setHideUncertain(hide),
      filterState: () => nav.state(),
      get report() {
        return report;
      },
      close,
      get closed() {
        return closed;
      },
    };
  }

  globalThis.sourcecheckOverlay = Object.freeze({ open, HOST_TAG, matches });
})();
