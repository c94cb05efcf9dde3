// Navigation and filters: which passages are visible (the status filters of
// the legend, the kinds of statement, the uncertain-passages setting), the
// navigator that steps through them in reading order, and jumping to one
// (scroll, mark, card). Every move tells `onSelect`, so the panel, in the
// page or in the browser's side panel, follows the page.
//
// A classic script: it only defines globalThis.sourcecheckNavigate.
(() => {
  "use strict";
  if (globalThis.sourcecheckNavigate) return; // injected again: keep the first

  /**
   * doc: the page; hl: its highlight layer; card: the card view (card.js);
   * settings: normalized (settings.js); onSelect(entry, position): a passage
   * became the current one; announce(text): for screen readers.
   */
  function create(doc, hl, card, settings, { onSelect = () => {}, announce = () => {} } = {}) {
    const win = doc.defaultView ?? globalThis;
    const { t } = globalThis.sourcecheckDom;
    const still = () => !!(win.matchMedia && win.matchMedia("(prefers-reduced-motion: reduce)").matches);
    // The filters, for this page only (the settings give their start).
    const shown = { ...settings.show };
    const categories = { ...settings.categories };
    let hideUncertain = settings.hideUncertain;
    let painter = null;
    let hints = []; // highlighted entries in reading order
    let hintAt = -1; // the hint the navigator is on

    const filters = {
      shown,
      // Kinds and confidence decide whether a passage is drawn at all; the
      // status only whether its highlight layer is shown (a cheap switch).
      passes(entry) {
        const d = entry.data;
        if (hideUncertain && d.uncertain) return false;
        return entry.type !== "statement" || categories[d.category] !== false;
      },
    };
    const visible = (entry) => shown[entry.status] && filters.passes(entry);

    function inView(rect) {
      const vh = doc.documentElement.clientHeight || win.innerHeight;
      return rect.bottom > 0 && rect.top < vh && (rect.width || rect.height);
    }

    function scrollTo(range) {
      const target = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      if (!target) return;
      const r = range.getBoundingClientRect();
      if (!inView(r) || r.top < 40 || r.bottom > (win.innerHeight || 0) - 40) target.scrollIntoView({ block: "center", behavior: "auto" });
    }

    function position(entry) {
      const list = hints.filter(visible);
      const n = list.indexOf(entry);
      if (n < 0) return null;
      const { STATUS_LABEL } = globalThis.sourcecheckModel;
      const who = entry.type === "statement" ? entry.data.speaker.name : STATUS_LABEL[entry.status];
      return t("navPosition", n + 1, list.length, who);
    }

    function select(entry) {
      const i = hints.indexOf(entry);
      if (i >= 0) hintAt = i;
      onSelect(entry, position(entry));
    }

    // Jumps to a passage: scrolls it into view, marks it, shows its card.
    function activate(entry, flash) {
      if (!painter || !painter.resolve(entry)) {
        card.hide();
        hl.focus(null);
        return false;
      }
      scrollTo(entry.range);
      if (flash) hl.flash(entry.range, still());
      else hl.focus(entry.range);
      card.show(entry, entry.range.getBoundingClientRect());
      select(entry);
      return true;
    }

    function preview(entry) {
      if (!painter || !painter.resolve(entry)) return;
      hl.focus(entry.range);
      const r = entry.range.getBoundingClientRect();
      if (inView(r)) card.show(entry, r);
    }

    function unpreview() {
      hl.focus(null);
      const h = card.hovered();
      if (h && !h.fromPointer) card.hide();
    }

    function step(dir) {
      if (!hints.length) return null;
      for (let k = 1; k <= hints.length; k++) {
        const i = (((hintAt < 0 && dir < 0 ? 0 : hintAt) + dir * k) % hints.length + hints.length) % hints.length;
        if (visible(hints[i])) {
          hintAt = i;
          activate(hints[i], true);
          return hints[i];
        }
      }
      return null;
    }

    function dropHidden() {
      const h = card.hovered();
      if (h && !visible(h.entry)) {
        card.hide();
        hl.focus(null);
      }
    }

    function setStatus(status, on) {
      shown[status] = on;
      hl.show(status, on);
      hl.show(`${status}-uncertain`, on);
      if (painter) painter.refreshMarks();
      dropHidden();
      announce(on ? t("filterShown", globalThis.sourcecheckModel.STATUS_LABEL[status]) : t("filterHidden", globalThis.sourcecheckModel.STATUS_LABEL[status]));
    }

    function setCategory(category, on) {
      categories[category] = on;
      if (painter) painter.refresh();
      dropHidden();
      const label = globalThis.sourcecheckModel.CATEGORY_LABEL[category];
      announce(on ? t("filterShown", label) : t("filterHidden", label));
    }

    function setHideUncertain(on) {
      hideUncertain = on;
      if (painter) painter.refresh();
      dropHidden();
      announce(on ? t("uncertainHidden") : t("uncertainShown"));
    }

    return {
      filters,
      visible,
      attach(newPainter, newHints) {
        painter = newPainter;
        hints = newHints ?? [];
        hintAt = -1;
        for (const s of globalThis.sourcecheckSettings.STATUSES) {
          hl.show(s, shown[s]);
          hl.show(`${s}-uncertain`, shown[s]);
        }
      },
      activate,
      preview,
      unpreview,
      step,
      select,
      position,
      setStatus,
      setCategory,
      setHideUncertain,
      state: () => ({ shown: { ...shown }, categories: { ...categories }, hideUncertain }),
    };
  }

  globalThis.sourcecheckNavigate = Object.freeze({ create });
})();
