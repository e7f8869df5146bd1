// A service worker that makes the playground cross-origin isolated on a
// static host that cannot send headers: it adds COOP and COEP to every
// response it serves, so wasm threads (shared memory) work after one
// reload. Registered by isolation.js; the dev server sends the headers
// itself, and then this worker is never installed.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  // A request the worker may not forward (Chrome DevTools does this).
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0) return response; // opaque: headers are not ours to change
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      headers.set('Document-Isolation-Policy', 'isolate-and-require-corp');
      headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    }),
  );
});
