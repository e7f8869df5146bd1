// The weft host module: loads the engine's wasm once per thread over one
// shared WebAssembly.Memory, and starts the workers that run on it.
//
// Runs unchanged in a page (Web Workers) and in Node (worker_threads). The
// thread that imports it instantiates the module first and so owns the
// memory; every worker instantiates the same compiled module over that
// memory. In a page this thread is the UI thread, so nothing here may block.

import { initSync, sharedMemory, threadsEnabled, probeReset, probeValue } from './weft.js';

const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

async function compileModule(url) {
  if (IS_NODE) {
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  return WebAssembly.compileStreaming(fetch(url));
}

let loaded = null;

/// Instantiates the engine on this thread (once) and returns
/// `{ module, memory, threads }`; `memory` is null in the threads-disabled build.
export function loadHost() {
  loaded ??= (async () => {
    const module = await compileModule(new URL('./weft_bg.wasm', import.meta.url));
    initSync({ module });
    const threads = threadsEnabled();
    return { module, memory: threads ? sharedMemory() : null, threads };
  })();
  return loaded;
}

/// A worker running `worker.mjs`, with one request in flight at a time.
class HostWorker {
  static async start() {
    const url = new URL('./worker.mjs', import.meta.url);
    if (IS_NODE) {
      const { Worker } = await import('node:worker_threads');
      return new HostWorker(new Worker(url));
    }
    return new HostWorker(new Worker(url, { type: 'module' }));
  }

  constructor(worker) {
    this.worker = worker;
    this.pending = null;
    const settle = (ok, value) => {
      const pending = this.pending;
      this.pending = null;
      if (pending) (ok ? pending.resolve : pending.reject)(value);
    };
    const onMessage = (msg) =>
      msg.ok ? settle(true, msg.value) : settle(false, new Error(`weft worker: ${msg.error}`));
    const onError = (err) => settle(false, err instanceof Error ? err : new Error(String(err.message ?? err)));
    if (IS_NODE) {
      worker.on('message', onMessage);
      worker.on('error', onError);
    } else {
      worker.onmessage = (event) => onMessage(event.data);
      worker.onerror = (event) => onError(new Error(`weft worker failed: ${event.message}`));
    }
  }

  request(msg) {
    if (this.pending) throw new Error('weft worker: a request is already in flight');
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(msg);
    });
  }

  terminate() {
    this.worker.terminate();
  }
}

/// The shared-memory probe: starts `workers` workers over this thread's
/// memory; each adds one to one Rust atomic `iterations` times. Resolves to
/// the final count, which is `workers * iterations` exactly when the memory
/// is really shared and the increments really atomic.
export async function runProbe({ workers = 2, iterations = 1_000_000 } = {}) {
  const { module, memory, threads } = await loadHost();
  if (!threads) {
    throw new Error('this weft build has no threads: it was built without shared memory');
  }
  probeReset();
  const started = await Promise.all(Array.from({ length: workers }, () => HostWorker.start()));
  try {
    await Promise.all(started.map((w) => w.request({ kind: 'init', module, memory })));
    await Promise.all(started.map((w) => w.request({ kind: 'probe', iterations })));
  } finally {
    started.forEach((w) => w.terminate());
  }
  return probeValue();
}

export { threadsEnabled };
