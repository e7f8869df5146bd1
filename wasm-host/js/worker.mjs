// A pool worker: one host thread of the engine's thread pool. Instantiates
// the engine's module over the controller's shared memory, then enters the
// pool, where it runs JS threads (blocking in memory.atomic.wait between
// them) until it is terminated. It asks its parent, the controller, for
// more workers when the pool needs them.

import { initSync, installHost, runPoolWorker } from './weft.js';
import { parent, now } from './platform.mjs';

parent.onMessage((msg) => {
  if (msg.kind !== 'init') return;
  globalThis.weftHost = {
    now,
    startWorker: () => parent.post({ kind: 'start-worker' }),
    console: () => {},
    panicked: (message) => parent.post({ kind: 'panicked', message }),
    runFinished: () => parent.post({ kind: 'run-finished' }),
  };
  try {
    initSync({ module: msg.module, memory: msg.memory, thread_stack_size: msg.stackSize });
  } catch (err) {
    // V8 tells a new instance about shared memory that another worker
    // has just grown lazily; the new thread's first writes (its TLS, in
    // memory that growth made) can then trap. Nothing of the engine ran
    // here yet: the controller starts another worker in this one's place.
    if (!(err instanceof WebAssembly.RuntimeError)) throw err;
    parent.post({ kind: 'init-failed', message: String(err?.stack ?? err) });
    return;
  }
  installHost();
  parent.post({ kind: 'ready' });
  // Never returns while the pool keeps this worker.
  runPoolWorker();
});
