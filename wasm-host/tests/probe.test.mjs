// The wasm build under Node: worker_threads over one shared
// WebAssembly.Memory, exactly as Web Workers use it in a page.
// Needs scripts/build-wasm.sh to have run (scripts/test.sh does).

import test from 'node:test';
import assert from 'node:assert/strict';

const pkg = new URL('../../target/engine-pkg/', import.meta.url);
const threads = await import(new URL('threads/host.mjs', pkg));
const single = await import(new URL('single/host.mjs', pkg));

test('two workers over one shared memory count to exactly 2,000,000', async () => {
  assert.equal(await threads.runProbe({ workers: 2, iterations: 1_000_000 }), 2_000_000);
});

test('eight workers contending on one atomic lose no increment', async () => {
  assert.equal(await threads.runProbe({ workers: 8, iterations: 250_000 }), 2_000_000);
});

test('the probe can run again on the same memory', async () => {
  for (let i = 0; i < 3; i++) {
    assert.equal(await threads.runProbe({ workers: 3, iterations: 10_000 }), 30_000);
  }
});

test('the threaded build reports threads and a shared memory', async () => {
  const host = await threads.loadHost();
  assert.equal(host.threads, true);
  assert.ok(host.memory.buffer instanceof SharedArrayBuffer);
});

test('the threads-disabled build loads without shared memory and refuses workers clearly', async () => {
  const host = await single.loadHost();
  assert.equal(host.threads, false);
  assert.equal(host.memory, null);
  await assert.rejects(single.runProbe(), /built without shared memory/);
});
