// The reader's settings (the options page edits them): which claim statuses
// and which kinds of statement the overlay shows, whether passages the
// engine is unsure of are shown, and whether the in-page panel (used where
// the browser has no side panel) opens with the highlights.
// Stored with storage.sync so they follow the reader's browser profile.
//
// A classic script shared by the content scripts, the options page and the
// www demo (which has no extension storage and uses the defaults).
(() => {
  "use strict";
  if (globalThis.sourcecheckSettings) return; // injected again: keep the first

  // The five kinds every hint and claim falls into, in the legend's order.
  const STATUSES = ["attributed", "linked", "vague", "anonymous", "unsourced"];

  // The attribution engine's kinds of statement; plain statements by default.
  const CATEGORIES = ["statement", "belief", "intention", "evidence"];

  const DEFAULTS = Object.freeze({
    show: Object.freeze({ attributed: true, linked: true, vague: true, anonymous: true, unsourced: true }),
    categories: Object.freeze({ statement: true, belief: false, intention: false, evidence: false }),
    hideUncertain: false,
    panelOpen: true,
  });

  const flags = (stored, keys, defaults) => {
    const given = stored && typeof stored === "object" ? stored : {};
    const out = {};
    for (const k of keys) out[k] = typeof given[k] === "boolean" ? given[k] : defaults[k];
    return out;
  };

  // Anything stored is checked: a value of the wrong type falls back to the default.
  function normalize(stored) {
    const s = stored && typeof stored === "object" ? stored : {};
    return {
      show: flags(s.show, STATUSES, DEFAULTS.show),
      categories: flags(s.categories, CATEGORIES, DEFAULTS.categories),
      hideUncertain: typeof s.hideUncertain === "boolean" ? s.hideUncertain : DEFAULTS.hideUncertain,
      panelOpen: typeof s.panelOpen === "boolean" ? s.panelOpen : DEFAULTS.panelOpen,
    };
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
      const got = await area.get({ ...DEFAULTS });
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

  globalThis.sourcecheckSettings = Object.freeze({ STATUSES, CATEGORIES, DEFAULTS, normalize, load, save });
})();
