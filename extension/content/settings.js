// The reader's settings (the options page edits them): which claim statuses
// the overlay shows, and whether the panel opens with the highlights.
// Stored with storage.sync so they follow the reader's browser profile.
//
// A classic script shared by the content scripts, the options page and the
// www demo (which has no extension storage and uses the defaults).
(() => {
  "use strict";
  if (globalThis.sourcecheckSettings) return; // injected again: keep the first

  // The five kinds every hint and claim falls into, in the legend's order.
  const STATUSES = ["attributed", "linked", "vague", "anonymous", "unsourced"];

  const DEFAULTS = Object.freeze({
    show: Object.freeze({ attributed: true, linked: true, vague: true, anonymous: true, unsourced: true }),
    panelOpen: true,
  });

  // Anything stored is checked: a value of the wrong type falls back to the default.
  function normalize(stored) {
    const show = {};
    const given = stored && typeof stored.show === "object" && stored.show !== null ? stored.show : {};
    for (const s of STATUSES) show[s] = typeof given[s] === "boolean" ? given[s] : DEFAULTS.show[s];
    const panelOpen = stored && typeof stored.panelOpen === "boolean" ? stored.panelOpen : DEFAULTS.panelOpen;
    return { show, panelOpen };
  }

  function storageArea() {
    const api = globalThis.browser ?? globalThis.chrome;
    return api && api.storage && api.storage.sync ? api.storage.sync : null;
  }

  /** Resolves to the settings; the defaults when there is no storage or it fails. */
  async function load() {
    const area = storageArea();
    if (!area) return normalize(null);
    try {
      const got = await area.get({ show: DEFAULTS.show, panelOpen: DEFAULTS.panelOpen });
      return normalize(got);
    } catch {
      return normalize(null);
    }
  }

  /** Stores the settings (normalized first). */
  async function save(settings) {
    const area = storageArea();
    if (!area) throw new Error("no extension storage here");
    const clean = normalize(settings);
    await area.set(clean);
    return clean;
  }

  globalThis.sourcecheckSettings = Object.freeze({ STATUSES, DEFAULTS, normalize, load, save });
})();
