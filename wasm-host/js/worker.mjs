// A weft worker: instantiates the engine's module over the shared memory it
// is sent, then runs what the host asks, one request at a time. Runs as a
// module Web Worker in a page and as a worker_threads worker in Node.

import { initSync, probeIncrement } from './weft.js';

const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';
const port = IS_NODE ? (await import('node:worker_threads')).parentPort : self;

function handle(msg) {
  switch (msg.kind) {
    case 'init':
      initSync({ module: msg.module, memory: msg.memory });
      return undefined;
    case 'probe':
      probeIncrement(msg.iterations);
      return undefined;
    default:
      throw new Error(`unknown request ${JSON.stringify(msg.kind)}`);
  }
}

function onMessage(msg) {
  try {
    port.postMessage({ ok: true, value: handle(msg) });
  } catch (err) {
    port.postMessage({ ok: false, error: String(err?.stack ?? err) });
  }
}

if (IS_NODE) port.on('message', onMessage);
else self.onmessage = (event) => onMessage(event.data);
