// The options page: which kinds of passages the overlay highlights, and
// whether its panel opens by default. Saved on every change (storage.sync).
"use strict";

const form = document.getElementById("options");
const saved = document.getElementById("saved");
const { STATUSES, load, save } = globalThis.sourcecheckSettings;

function read() {
  const show = {};
  for (const s of STATUSES) show[s] = form.elements[s].checked;
  return { show, panelOpen: form.elements.panelOpen.checked };
}

async function init() {
  const settings = await load();
  for (const s of STATUSES) form.elements[s].checked = settings.show[s];
  form.elements.panelOpen.checked = settings.panelOpen;
  form.addEventListener("change", async () => {
    try {
      await save(read());
      saved.textContent = "Saved.";
    } catch (err) {
      saved.textContent = `Could not save: ${err && err.message ? err.message : err}`;
    }
  });
  document.body.dataset.ready = "yes";
}

init();
