// Scheduled mode through the embedding API, on the threaded build and on
// the single build (whose threads are fibers of one worker): a run reports
// its schedule and replays from it, races come back as data, and
// `engine.explore` lists a program's outcomes with progress and a stop.

import test from 'node:test';
import assert from 'node:assert/strict';
import { threadsBuild, singleBuild, read, runToEnd, explain } from './support.mjs';

const builds = [
  ['threaded', await threadsBuild.createEngine({ mode: 'scheduled' })],
  ['single', await singleBuild.createEngine()],
];
test.after(() => builds.forEach(([, e]) => e.close()));

const COUNTER = `
const counter = { n: 0 };
const t1 = new Thread(() => { counter.n++; counter.n++; });
const t2 = new Thread(() => { counter.n++; counter.n++; });
t1.join(); t2.join();
print('counter: ' + counter.n);`;

test('a schedule recorded on one build replays on the other to the same output', async () => {
  const [[, threaded], [, single]] = builds;
  for (const seed of [1, 2, 3]) {
    const first = await runToEnd(threaded, read('examples/racy_counter.js'), { seed });
    const other = await runToEnd(single, read('examples/racy_counter.js'), { schedule: first.result.schedule });
    assert.deepEqual(other.console, first.console, explain(other));
    assert.equal(other.result.schedule, first.result.schedule);
  }
});

// A thread that cannot end before the main thread calls `release()`, which
// then joins it: the join blocks, so a switch happens right there, inside
// whatever built-in called the code that released it.
const FORCED_SWITCH = `const flag = { go: 0 };
const t = new Thread(() => { while (Atomics.load(flag, 'go') === 0) Atomics.wait(flag, 'go', 0); return 'joined'; });
const release = () => { Atomics.store(flag, 'go', 1); Atomics.notify(flag, 'go'); return t.join(); };
`;
const SWITCH_SITES = {
  'an Array.prototype.map callback': `print([1].map(release)[0]);`,
  'an Array.prototype.sort comparison': `let got; [3, 1, 2].sort((x, y) => { got ??= release(); return x - y; }); print(got);`,
  'a TypedArray sort comparison': `let got; new Int8Array([3, 1, 2]).sort((x, y) => { got ??= release(); return x - y; }); print(got);`,
  'a getter JSON.stringify calls': `print(JSON.parse(JSON.stringify({ get v() { return release(); } })).v);`,
  'a Proxy trap': `print(new Proxy({}, { get: () => release() }).anything);`,
  'toString called by String()': `print(String({ toString: release }));`,
  'lock.hold(fn)': `const l = new Lock(); print(l.hold(release));`,
  'a promise job': `Promise.resolve().then(() => print(release()));`,
  'a String.prototype.replace callback': `print('x'.replace(/x/, release));`,
  'a JSON.parse reviver': `print(JSON.parse('[1]', (k, v) => (k === '0' ? release() : v))[0]);`,
  'Function.prototype.call': `print(release.call(null));`,
  'a Map.prototype.forEach callback': `let got; new Map([[1, 1]]).forEach(() => { got = release(); }); print(got);`,
  'an iterator Array.from drives': `print(Array.from({ *[Symbol.iterator]() { yield release(); } })[0]);`,
  'a timer callback': `setTimeout(() => print(release()), 10);`,
};

test('a thread switches inside every kind of built-in that calls back into JS, on both builds', async () => {
  for (const [build, engine] of builds) {
    for (const [site, body] of Object.entries(SWITCH_SITES)) {
      const out = await runToEnd(engine, FORCED_SWITCH + body, { seed: 1 });
      assert.equal(out.result.status, 'ok', `${build}, ${site}: ${explain(out)}`);
      assert.deepEqual(out.console, ['joined'], `${build}, ${site}`);
    }
  }
});

for (const [build, engine] of builds) {
  test(`${build}: a seeded run reports its schedule, and the schedule replays it`, async () => {
    const first = await runToEnd(engine, read('examples/racy_counter.js'), { seed: 3, strategy: 'random' });
    assert.equal(first.result.status, 'ok', explain(first));
    assert.match(first.result.schedule, /^\d+(x\d+)?(\.\d+(x\d+)?)*$/);
    for (let i = 0; i < 3; i++) {
      const again = await runToEnd(engine, read('examples/racy_counter.js'), { schedule: first.result.schedule });
      assert.deepEqual(again.console, first.console);
      assert.equal(again.result.schedule, first.result.schedule);
    }
  });

  test(`${build}: a schedule that does not fit is a ScheduleError naming the decision`, async () => {
    const out = await runToEnd(engine, COUNTER, { schedule: '0x2.7' });
    assert.equal(out.result.status, 'error', explain(out));
    assert.equal(out.result.error.name, 'ScheduleError');
    assert.equal(out.result.error.kind, 'schedule');
    assert.match(out.result.error.message, /at decision 3 it picks thread 7/);
  });

  test(`${build}: step mode pauses with who can go next, and its steps show a lost update`, async () => {
    const paused = await runToEnd(engine, COUNTER, { strategy: 'step:' });
    assert.equal(paused.result.status, 'paused', explain(paused));
    assert.deepEqual(paused.result.pause.next.map((s) => s.thread), [0, 1, 2]);
    // Threads 1 and 2 in turn: both read 0 before either writes.
    let choices = [];
    let out = paused;
    for (let round = 0; out.result.status === 'paused' && round < 100; round++) {
      const want = round % 2 === 0 ? 1 : 2;
      const next = out.result.pause.next;
      choices.push((next.find((s) => s.thread === want) ?? next[0]).thread);
      out = await runToEnd(engine, COUNTER, { strategy: `step:${choices.join('.')}` });
    }
    assert.equal(out.result.status, 'ok', explain(out));
    assert.deepEqual(out.console, ['counter: 2']);
    const said = out.result.steps.map((s) => `${s.thread} ${s.what} ${s.place ?? ''} ${s.value ?? ''}`.trim());
    const at = said.indexOf('1 read counter.n 0');
    assert.deepEqual(said.slice(at, at + 4), ['1 read counter.n 0', '2 read counter.n 0', '1 write counter.n 1', '2 write counter.n 1']);
    assert.ok(out.result.steps.every((s) => s.line >= 0 && typeof s.what === 'string'));
    // Its schedule replays the same steps.
    const replay = await runToEnd(engine, COUNTER, { schedule: out.result.schedule, steps: true });
    assert.deepEqual(replay.result.steps, out.result.steps);
  });

  test(`${build}: races come back as data naming both accesses`, async () => {
    const out = await runToEnd(engine, COUNTER, { races: true, seed: 1 });
    assert.equal(out.result.status, 'ok', explain(out));
    assert.ok(out.result.races.length > 0);
    for (const race of out.result.races) {
      assert.equal(race.place, 'counter.n');
      assert.notEqual(race.first.thread, race.second.thread);
      assert.match(race.first.position, /^main\.js:[34]:\d+$/);
      assert.match(race.second.stack, /^at .*main\.js:[34]:\d+/);
    }
    const fixed = await runToEnd(engine, read('examples/counter_with_lock.js'), { races: true });
    assert.deepEqual(fixed.result.races, []);
  });

  test(`${build}: explore lists every outcome with a schedule that reaches it, and reports progress`, async () => {
    const progress = [];
    const search = engine.explore(COUNTER, { onProgress: (p) => progress.push(p) });
    const report = await search.done;
    assert.equal(report.complete, true, JSON.stringify(report));
    assert.deepEqual(report.outcomes.map((o) => o.output.trim()).sort(), ['counter: 2', 'counter: 3', 'counter: 4']);
    assert.equal(report.outcomes.reduce((n, o) => n + o.count, 0), report.schedules);
    assert.ok(progress.length > 0 && progress.at(-1).schedules <= report.schedules);
    const three = report.outcomes.find((o) => o.output.trim() === 'counter: 3');
    const replay = await runToEnd(engine, COUNTER, { schedule: three.schedule });
    assert.deepEqual(replay.console, ['counter: 3']);
  });

  test(`${build}: stop ends an explore at once, with what it covered`, async () => {
    const forever = `
      const flag = { stop: false };
      const ts = [1, 2].map(() => new Thread(() => { let n = 0; while (!flag.stop) n++; return n; }));
      ts.forEach((t) => t.join());`;
    const search = engine.explore(forever, { maxSteps: 1e9 });
    setTimeout(() => search.stop(), 300);
    const started = Date.now();
    const report = await search.done;
    assert.equal(report.stopped, true, JSON.stringify(report));
    assert.equal(report.complete, false);
    assert.ok(Date.now() - started < 5000);
  });
}
