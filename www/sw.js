// Keeps the demo usable offline once it has been opened: every file it loads
// is fetched from the network when there is one (so an update shows at once)
// and kept in a cache that answers when there is not. Nothing else is fetched.
const CACHE = "sourcecheck-demo-v1";
const FILES = [
  "./",
  "index.html",
  "demo.css",
  "demo.js",
  "content/messages.js",
  "content/settings.js",
  "content/dom.js",
  "content/page-rules.js",
  "content/page-reader.js",
  "content/model.js",
  "content/styles.js",
  "content/highlights.js",
  "content/card.js",
  "content/export.js",
  "content/panel.js",
  "content/paint.js",
  "content/navigate.js",
  "content/overlay.js",
  "pkg/sourcecheck.js",
  "pkg/sourcecheck_bg.wasm",
  "samples/index.json",
  "samples/wire-chain.txt",
  "samples/night-trains.txt",
  "samples/clinic-waits.txt",
  "samples/bakery-closures.txt",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      // Offline: the cached copy; the fragment (#text=…) is never part of a request.
      .catch(() => caches.match(event.request, { ignoreSearch: true })),
  );
});
