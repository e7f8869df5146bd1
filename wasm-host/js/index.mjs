// The entry point of the engine package: picks the build this environment
// can run. Threads in parallel need shared memory, which a page only has
// when it is cross-origin isolated; elsewhere the single build runs, whose
// JS threads are fibers of one worker interleaved by scheduled mode, and
// `engine.threadsUnavailable` says why threads are not parallel.

/// Why threads cannot run in parallel here, or null when they can.
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

const BUILDS = {
  parallel: './threads/engine.mjs',
  interleaved: './single/engine.mjs',
  // Built only with WEFT_WASM_NOTHREADS=1 (scripts/build-wasm.sh).
  none: './nothreads/engine.mjs',
};

/// `createEngine` of the threaded build where it can run, else of the
/// single build; the engine has `threads` ("parallel", "interleaved" or
/// false) and `threadsUnavailable`. Option `threads`: "interleaved" picks
/// the single build anywhere, false the build without a thread API.
export async function createEngine(options = {}) {
  let reason = threadsUnavailableReason();
  let kind = reason ? 'interleaved' : 'parallel';
  if (options.threads === 'interleaved') {
    [kind, reason] = ['interleaved', 'interleaved threads were asked for'];
  } else if (options.threads === false) {
    [kind, reason] = ['none', 'threads were turned off'];
  }
  let build;
  try {
    build = await import(BUILDS[kind]);
  } catch (err) {
    if (kind !== 'none') throw err;
    throw new Error('weft: this package has no build without threads (scripts/build-wasm.sh builds one with WEFT_WASM_NOTHREADS=1)');
  }
  const engine = await build.createEngine(options);
  engine.threadsUnavailable = reason;
  return engine;
}
