// The thread benchmarks of the wasm build under Node (issue 5): parallel
// map of 100,000 objects (bench/threads/parallel_map.js) on 1 and 2 JS
// threads, and the new Thread(f).join() round trip, each timed inside the
// program, in the same run, as the median of `--runs N` (default 5); the
// size of both wasm builds, raw and gzipped; and what the single build's
// fibers cost.
// Run: node bench/threads/wasm.mjs [--runs N]  (after scripts/build-wasm.sh)

import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('../../', import.meta.url);
const pkg = new URL('target/engine-pkg/', root);
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log('## wasm size\n');
console.log('| build | raw | gzip -9 |\n|---|---:|---:|');
for (const variant of ['threads', 'single']) {
  const bytes = readFileSync(new URL(`${variant}/weft_bg.wasm`, pkg));
  const mib = (n) => `${(n / 1048576).toFixed(2)} MiB`;
  console.log(`| ${variant} | ${mib(bytes.length)} | ${mib(gzipSync(bytes, { level: 9 }).length)} |`);
}

const { createEngine } = await import(new URL('threads/engine.mjs', pkg));
const engine = await createEngine({ mode: 'parallel', reserveThreads: 4 });

/// Runs `source` and returns what it printed last, parsed as JSON.
async function measure(source) {
  let last = null;
  const result = await engine.run(source, { onConsole: (line) => (last = line.text) }).done;
  if (result.status !== 'ok') throw new Error(`${result.error?.name}: ${result.error?.message}`);
  return JSON.parse(last);
}

const map = readFileSync(new URL('bench/threads/parallel_map.js', root), 'utf8');
const mapRun = `${map}
parallelMap(2); // warm-up: the pool's workers are started
const times = {};
let checksum = null;
for (const threads of [1, 2]) {
  const t0 = Date.now();
  const sum = parallelMap(threads);
  times[threads] = Date.now() - t0;
  if (checksum !== null && sum !== checksum) throw new Error("checksums differ");
  checksum = sum;
}
console.log(JSON.stringify(times));`;
const one = [];
const two = [];
for (let i = 0; i < RUNS; i++) {
  const t = await measure(mapRun);
  one.push(t[1]);
  two.push(t[2]);
}
console.log(`\n## Parallel map: 100,000 objects into one shared array (wasm under Node, median of ${RUNS})\n`);
console.log('| threads | time | speedup |\n|---|---:|---:|');
console.log(`| 1 | ${median(one).toFixed(1)} ms | 1.00x |`);
console.log(`| 2 | ${median(two).toFixed(1)} ms | ${(median(one) / median(two)).toFixed(2)}x |`);

const N = 2000;
const spawnRun = `for (let i = 0; i < 200; i++) new Thread(() => i).join();
const t0 = Date.now();
for (let i = 0; i < ${N}; i++) new Thread(() => i).join();
console.log(JSON.stringify((Date.now() - t0) * 1000 / ${N}));`;
const spawn = [];
for (let i = 0; i < RUNS; i++) spawn.push(await measure(spawnRun));
console.log(`\n## Spawn + join round trip (wasm under Node)\n`);
console.log(`new Thread(f).join(): ${median(spawn).toFixed(1)} µs per round trip (median of ${RUNS} runs of ${N})`);
engine.close();

// The single build pays for its fibers on every program (Asyncify's
// instrumentation, scheduled mode's scheduling points): the same programs,
// timed from outside (start-up included), on the threaded build in
// scheduled mode and on the single build.
const single = await (await import(new URL('single/engine.mjs', pkg))).createEngine();
const scheduled = await createEngine({ mode: 'scheduled' });
const programs = {
  'richards (one thread)': readFileSync(new URL('bench/richards.js', root), 'utf8'),
  'deltablue (one thread)': readFileSync(new URL('bench/deltablue.js', root), 'utf8'),
  'racy counter, 2 threads × 100,000': readFileSync(new URL('examples/racy_counter.js', root), 'utf8'),
};
async function timed(e, source) {
  const t0 = performance.now();
  const result = await e.run(source).done;
  if (result.status !== 'ok') throw new Error(`${result.error?.name}: ${result.error?.message}`);
  return performance.now() - t0;
}
console.log(`\n## The single build (threads as fibers) against the threaded build in scheduled mode (median of ${RUNS})\n`);
console.log('| program | threaded, scheduled | single | ratio |\n|---|---:|---:|---:|');
for (const [name, source] of Object.entries(programs)) {
  const [a, b] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    a.push(await timed(scheduled, source));
    b.push(await timed(single, source));
  }
  console.log(`| ${name} | ${median(a).toFixed(0)} ms | ${median(b).toFixed(0)} ms | ${(median(b) / median(a)).toFixed(2)}x |`);
}
single.close();
scheduled.close();
