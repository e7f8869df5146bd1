// Runs before the playground: on a static host that does not send the
// cross-origin isolation headers, installs sw.js (which adds them) and
// reloads once. A session flag guards against reload loops: if the page is
// still not isolated after that reload (an old browser, an embedding page
// that is not isolated itself), the playground runs the single build, whose
// threads take turns on one core, and says why.
(function () {
  const FLAG = 'weft-isolation-reload';
  if (window.crossOriginIsolated) {
    sessionStorage.removeItem(FLAG);
    return;
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return;
  if (sessionStorage.getItem(FLAG)) return; // tried once this session
  const reload = () => {
    sessionStorage.setItem(FLAG, '1');
    location.reload();
  };
  navigator.serviceWorker
    .register(new URL('sw.js', document.baseURI))
    .then((registration) => {
      if (navigator.serviceWorker.controller) return reload();
      const worker = registration.installing || registration.waiting || registration.active;
      navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
      if (worker && worker.state === 'activated' && !navigator.serviceWorker.controller) reload();
    })
    .catch((err) => console.warn('weft: the isolation service worker did not install:', err));
})();
