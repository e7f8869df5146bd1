// The entry point of the engine package: picks the build this environment
// can run. Real threads need shared memory, which a page only has when it
// is cross-origin isolated; elsewhere the threads-disabled build runs, and
// `engine.threadsUnavailable` says why.

/// Why real threads cannot run here, or null when they can.
export function threadsUnavailableReason() {
  // A page that is not isolated has no SharedArrayBuffer either: name the
  // cause the page's author can fix.
  if (globalThis.crossOriginIsolated === false) {
    return 'the page is not cross-origin isolated (it needs the COOP and COEP headers), so it cannot share memory between workers';
  }
  if (typeof SharedArrayBuffer !== 'function') {
    return 'this environment has no SharedArrayBuffer, so threads cannot share memory';
  }
  return null;
}

/// `createEngine` of the threaded build where it can run, else of the
/// threads-disabled build; the engine has `threads` and `threadsUnavailable`.
export async function createEngine(options = {}) {
  const reason = options.threads === false ? 'threads were turned off' : threadsUnavailableReason();
  const build = await import(reason ? './single/engine.mjs' : './threads/engine.mjs');
  const engine = await build.createEngine(options);
  engine.threadsUnavailable = reason;
  return engine;
}
