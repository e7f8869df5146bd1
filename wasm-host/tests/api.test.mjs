// The embedding API of the wasm build under Node: results, errors as data
// (syntax, uncaught, stack overflow, out of memory, deadlock), stop on
// every thread, trace batches while the program runs, and an engine that
// stays usable after each of them.

import test from 'node:test';
import assert from 'node:assert/strict';
import { threadsBuild, singleBuild, picker, runToEnd, explain } from './support.mjs';

const engine = await threadsBuild.createEngine({ mode: 'parallel' });
const single = await singleBuild.createEngine();
test.after(() => [engine, single].forEach((e) => e.close()));

/// The engine still runs programs (and threads) correctly.
async function assertUsable(e = engine) {
  const src = 'new Thread(() => 6 * 7).join()';
  const out = await runToEnd(e, src);
  assert.deepEqual([out.result.status, out.result.value], ['ok', '42'], explain(out));
}

test('a script returns its completion value; console lines name their thread', async () => {
  const out = await runToEnd(engine, 'console.log("main"); new Thread(() => console.log("child")).join(); 1 + 1');
  assert.deepEqual(out.result, { status: 'ok', value: '2' });
  assert.deepEqual(out.console, ['main', 'child']);
  const lines = [];
  await engine.run('console.log("a"); new Thread(() => console.error("b")).join()', { onConsole: (l) => lines.push(l) }).done;
  assert.deepEqual(lines.map((l) => [l.thread, l.text, l.error]), [[0, 'a', false], [1, 'b', true]]);
});

test('a syntax error comes back with its line and column', async () => {
  for (const e of [engine, single]) {
    const out = await runToEnd(e, 'let ok = 1;\nlet x = ;', { filename: 'bad.js' });
    assert.equal(out.result.status, 'error');
    assert.equal(out.result.error.name, 'SyntaxError');
    assert.deepEqual([out.result.error.line, out.result.error.column], [2, 9]);
    assert.match(out.result.error.report, /^bad\.js:2:9: SyntaxError/);
    await assertUsable(e);
  }
});

test('an uncaught exception comes back with name, message, JS stack and position', async () => {
  const out = await runToEnd(engine, 'function f() {\n  throw new TypeError("boom");\n}\nf();', { filename: 'throws.js' });
  assert.equal(out.result.status, 'error');
  const { name, message, stack, line, column } = out.result.error;
  assert.deepEqual([name, message, line, column], ['TypeError', 'boom', 2, 9]);
  assert.match(stack, /at f \(throws\.js:2:9\)\n\s+at throws\.js:4:1/);
  await assertUsable();
});

test('an exception in a thread nobody joined fails the run', async () => {
  const out = await runToEnd(engine, 'new Thread(function boom() { throw new RangeError("in a thread"); });');
  assert.equal(out.result.status, 'error', explain(out));
  assert.equal(out.result.error.name, 'RangeError');
  assert.match(out.result.error.report, /in thread 1, which no thread joined/);
  await assertUsable();
});

test('stack overflow is a RangeError, on the main thread and on another', async () => {
  for (const src of ['function r() { return r() + 1; } r();', 'new Thread(() => { const r = () => r() + 1; return r(); }).join();']) {
    const out = await runToEnd(engine, src);
    assert.equal(out.result.status, 'error', explain(out));
    assert.equal(out.result.error.name, 'RangeError');
    assert.match(out.result.error.message, /call stack/);
  }
  const out = await runToEnd(engine, `${'['.repeat(5000)}${']'.repeat(5000)}`);
  assert.equal(out.result.error.name, 'SyntaxError', explain(out));
  await assertUsable();
});

test('running out of memory is an error, and the next run works', async () => {
  const small = await threadsBuild.createEngine({ maxHeap: 64 << 20 });
  try {
    const out = await runToEnd(small, 'const keep = []; for (;;) keep.push({ a: 1, b: [1, 2, 3] });');
    assert.equal(out.result.status, 'error', explain(out));
    assert.equal(out.result.error.name, 'RangeError');
    assert.match(out.result.error.message, /memory|heap/i);
    await assertUsable(small);
  } finally {
    small.close();
  }
});

test('a deadlock is an error naming the cycle', async () => {
  const src = `const a = new Lock(), b = new Lock();
    const t = new Thread(() => b.hold(() => { while (!a.locked) {} a.hold(() => {}); }));
    a.hold(() => { while (!b.locked) {} b.hold(() => {}); });`;
  const out = await runToEnd(engine, src);
  assert.equal(out.result.status, 'error', explain(out));
  assert.equal(out.result.error.name, 'DeadlockError');
  assert.match(out.result.error.message, /deadlock/);
  await assertUsable();
});

test('stop() ends while(true) on every thread within 100 ms, in both modes', async () => {
  for (const mode of ['parallel', 'locked']) {
    const src = `for (let i = 0; i < 3; i++) new Thread(() => { while (true) {} });
      const l = new Lock(); new Thread(() => l.hold(() => { while (true) {} }));
      new Thread(() => l.hold(() => {}));
      console.log("spinning"); while (true) {}`;
    let spinning;
    const started = new Promise((resolve) => (spinning = resolve));
    const run = engine.run(src, { mode, onConsole: spinning });
    await started;
    await new Promise((r) => setTimeout(r, 100));
    const t0 = performance.now();
    run.stop();
    const result = await run.done;
    const ms = performance.now() - t0;
    assert.equal(result.status, 'stopped');
    assert.ok(ms < 100, `${mode}: stopped after ${ms.toFixed(1)} ms`);
    await assertUsable();
  }
});

test('stop() cannot be caught: no catch or finally runs, on any thread, in both modes', async () => {
  const programs = [
    `try { console.log('go'); while (true) {} } catch (e) { console.log('caught'); } finally { console.log('finally'); } console.log('after');`,
    `new Thread(() => { try { console.log('go'); while (true) {} } catch (e) { console.log('caught'); } finally { console.log('finally'); } }).join();`,
    `const t = new Thread(() => { while (true) {} }); console.log('go');
     try { t.join(); } catch (e) { console.log('caught'); } finally { console.log('finally'); } console.log('after');`,
    `const l = new Lock(); try { l.hold(() => { try { console.log('go'); while (true) {} } finally { console.log('finally'); } }); }
     catch (e) { console.log('caught'); } console.log('after');`,
    `async function f() { try { console.log('go'); while (true) {} } catch (e) { console.log('caught'); } }
     f().catch(() => console.log('rejected')); console.log('after');`,
  ];
  for (const mode of ['parallel', 'locked']) {
    for (const src of programs) {
      const lines = [];
      let going;
      const started = new Promise((resolve) => (going = resolve));
      const run = engine.run(src, { mode, onConsole: (l) => { lines.push(l.text); going(); } });
      await started;
      await new Promise((r) => setTimeout(r, 20));
      run.stop();
      assert.equal((await run.done).status, 'stopped', `${mode}: ${src}`);
      assert.deepEqual(lines, ['go'], `${mode}: ${src}`);
    }
  }
  await assertUsable();
});

test('stop() on the single build lands between slices: the same worker goes on', async () => {
  const before = single.controller;
  for (const src of ['while (true) {}', 'new Thread(() => { while (true) {} }); while (true) {}', 'const o = { n: 0 }; new Thread(() => { for (;;) o.n++; }); for (;;) o.n--;']) {
    const lines = [];
    const run = single.run(`console.log("go"); ${src}`, { onConsole: (l) => lines.push(l.text) });
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(lines, ['go'], `console lines arrive while ${src} runs`);
    const t0 = performance.now();
    run.stop();
    assert.equal((await run.done).status, 'stopped', src);
    assert.ok(performance.now() - t0 < 500, `stopped in ${performance.now() - t0} ms`);
  }
  assert.equal(single.controller, before, 'the worker was not replaced');
  await assertUsable(single);
});

test('trace events arrive in batches while the program runs', async () => {
  const src = `const l = new Lock();
    const ts = [0, 1].map(() => new Thread(() => { for (let i = 0; i < 30; i++) { l.hold(() => {}); Atomics.wait({ v: 0 }, "v", 0, 5); } }));
    ts.forEach((t) => t.join());`;
  const out = await runToEnd(engine, src, { trace: true });
  assert.equal(out.result.status, 'ok', explain(out));
  // The run's last poll brings at most one batch: any other came while it ran.
  assert.ok(out.batches > 1, `${out.batches} batches`);
  const kinds = new Set(out.events.map((e) => e.kind));
  for (const k of ['thread-created', 'thread-started', 'thread-finished', 'lock-acquired', 'lock-released', 'blocked']) {
    assert.ok(kinds.has(k), `${k} in ${[...kinds]}`);
  }
  assert.ok(out.events.some((e) => e.kind === 'blocked' && e.reason === 'atomics-wait'));
  for (let i = 1; i < out.events.length; i++) assert.ok(out.events[i].time >= out.events[i - 1].time - 50);
});

test('modules run, with top-level await', async () => {
  const out = await runToEnd(engine, 'const v = await Promise.resolve(5);\nconsole.log("module", v);\nexport {};', { filename: 'main.mjs' });
  assert.deepEqual([out.result.status, out.console], ['ok', ['module 5']], explain(out));
});

test('runs queue in order and repeated runs do not grow memory without bound', async () => {
  const runs = Array.from({ length: 5 }, (_, i) => engine.run(`${i}`));
  assert.deepEqual((await Promise.all(runs.map((r) => r.done))).map((r) => r.value), ['0', '1', '2', '3', '4']);
  const src = 'const a = []; for (let i = 0; i < 20000; i++) a.push({ i }); new Thread(() => a.length).join()';
  for (let i = 0; i < 5; i++) await engine.run(src).done;
  // Linear memory is reserved up front, so count the bytes still allocated.
  const before = (await engine.stats()).allocatedBytes;
  for (let i = 0; i < 40; i++) assert.equal((await engine.run(src).done).value, '20000');
  const after = (await engine.stats()).allocatedBytes;
  assert.ok(after > 0 && after - before <= 1 << 20, `allocated bytes grew from ${before} to ${after}`);
});

test('createEngine refuses an unknown mode; the picker chooses the threaded build in Node', async () => {
  await assert.rejects(threadsBuild.createEngine({ mode: 'fast' }), /unknown mode/);
  const picked = await picker.createEngine();
  try {
    assert.equal(picked.threads, 'parallel');
    assert.equal(picked.threadsUnavailable, null);
  } finally {
    picked.close();
  }
  const interleaved = await picker.createEngine({ threads: 'interleaved', mode: 'parallel' });
  try {
    assert.equal(interleaved.threads, 'interleaved');
    assert.equal(interleaved.mode, 'scheduled');
    assert.match(interleaved.threadsUnavailable, /interleaved/);
    const out = await runToEnd(interleaved, 'const t = new Thread(() => Thread.current.id); t.join()');
    assert.deepEqual(out.result.value, '1', explain(out));
  } finally {
    interleaved.close();
  }
  await assert.rejects(picker.createEngine({ threads: false }), /no build without threads/);
});
