// The options page: which kinds of passages the overlay highlights, which
// kinds of statement it shows, whether it hides passages the engine is
// unsure of, and whether the in-page panel opens by default. Saved on every
// change (storage.sync). Its words come from _locales/ (data-i18n keys).
"use strict";

const form = document.getElementById("options");
const saved = document.getElementById("saved");
const { STATUSES, CATEGORIES, load, save } = globalThis.sourcecheckSettings;
const { t } = globalThis.sourcecheckDom;

for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
document.title = t("optionsTitle");

function read() {
  const show = {};
  for (const s of STATUSES) show[s] = form.elements[s].checked;
  const categories = {};
  for (const c of CATEGORIES) categories[c] = form.elements[`cat-${c}`].checked;
  return { show, categories, hideUncertain: form.elements.hideUncertain.checked, panelOpen: form.elements.panelOpen.checked };
}

async function init() {
  const settings = await load();
  for (const s of STATUSES) form.elements[s].checked = settings.show[s];
  for (const c of CATEGORIES) form.elements[`cat-${c}`].checked = settings.categories[c];
  form.elements.hideUncertain.checked = settings.hideUncertain;
  form.elements.panelOpen.checked = settings.panelOpen;
  form.addEventListener("change", async () => {
    try {
      await save(read());
      saved.textContent = t("optionsSaved");
    } catch (err) {
      saved.textContent = t("optionsSaveFailed", err && err.message ? err.message : err);
    }
  });
  document.body.dataset.ready = "yes";
}

init();
