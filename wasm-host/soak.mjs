// The wasm half of the soak (scripts/soak.sh): the thread suite, the
// examples and the concurrency fuzzer's programs round and round on the
// threaded wasm build under Node, in `parallel` and `locked` mode, on two
// long-lived engines (each run builds a fresh engine inside the one wasm
// instance, so whatever a run leaves behind accumulates in its memory).
// Every --sample-seconds it logs Node's resident memory and the bytes
// allocated in wasm memory (its size is reserved up front) as a CSV line; it fails on any failed run and on memory
// that keeps growing (the same rule as the native soak, soak/src/growth.rs).
//
//   node wasm-host/soak.mjs --fuzz-dir DIR [--minutes M] [--sample-seconds S] [--log FILE]

import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadsBuild, read, list, runToEnd, explain, lineMatches } from './tests/support.mjs';

const MiB = 1 << 20;
const args = { minutes: 60, sampleSeconds: 60, fuzzDir: null, log: null };
for (let i = 2; i < process.argv.length; i += 2) {
  const [flag, value] = [process.argv[i], process.argv[i + 1]];
  if (value === undefined) usage(`${flag} needs a value`);
  if (flag === '--minutes') args.minutes = Number(value);
  else if (flag === '--sample-seconds') args.sampleSeconds = Number(value);
  else if (flag === '--fuzz-dir') args.fuzzDir = value;
  else if (flag === '--log') args.log = value;
  else usage(`unknown argument ${flag}`);
}
if (!args.fuzzDir) usage('--fuzz-dir DIR is required (weft-fuzz-threads --emit DIR writes it)');

function usage(why) {
  console.error(`wasm-host/soak.mjs: ${why}`);
  process.exit(2);
}

// The jobs, with the criteria of wasm-host/tests/suites.test.mjs and fuzz.test.mjs.
const prelude = read('engine/tests/js/prelude.js');
const jobs = [];
for (const file of list('engine/tests/threads/')) {
  const source = `${prelude}\n${read(`engine/tests/threads/${file}`)}`;
  const want = source.includes('asyncFinished') ? ['finished', 'async part finished'] : ['finished'];
  jobs.push({
    label: `thread suite ${file}`,
    source,
    judge: (out) => (out.result.status === 'ok' && JSON.stringify(out.console) === JSON.stringify(want) ? null : `expected ${JSON.stringify(want)}`),
  });
}
for (const example of JSON.parse(read('examples/manifest.json')).examples) {
  jobs.push({
    label: `example ${example.file}`,
    source: read(`examples/${example.file}`),
    judge: (out) => {
      // `sometimes`: a failure that needs an unlucky interleaving.
      if (example.error?.sometimes && out.result.status === 'error') {
        const ok = out.result.error.name === example.error.name && example.error.contains.every((p) => out.result.error.message.includes(p));
        return ok ? null : `expected ${JSON.stringify(example.error)}`;
      }
      if (example.error?.sometimes) return out.result.status === 'ok' && out.console.length === example.output.length && out.console.every((l, k) => lineMatches(l, example.output[k])) ? null : `expected ${JSON.stringify(example.output)}`;
      if (out.console.length !== example.output.length || !out.console.every((l, k) => lineMatches(l, example.output[k]))) {
        return `expected ${JSON.stringify(example.output)}`;
      }
      if (!example.error) return out.result.status === 'ok' ? null : 'failed';
      const ok = out.result.status === 'error' && out.result.error.name === example.error.name && example.error.contains.every((p) => out.result.error.message.includes(p));
      return ok ? null : `expected ${JSON.stringify(example.error)}`;
    },
  });
}
for (const file of readdirSync(args.fuzzDir).filter((f) => f.endsWith('.js')).sort()) {
  jobs.push({
    label: `fuzz program ${file}`,
    source: readFileSync(join(args.fuzzDir, file), 'utf8'),
    judge: (out) => {
      const failure = out.console.find((l) => l.startsWith('FUZZ FAIL'));
      if (failure) return failure;
      return out.result.status === 'ok' && out.console.includes('fuzz ok') ? null : 'ended without its checks';
    },
  });
}

// Pool workers are started up front, as many as the busiest job runs at
// once and some: each worker's 8 MiB stack comes from wasm memory, so a
// pool that grew mid-soak (a job with more threads arriving late) would
// look like a leak to the rule below.
const POOL = 16;
const engines = {
  parallel: await threadsBuild.createEngine({ mode: 'parallel', reserveThreads: POOL }),
  locked: await threadsBuild.createEngine({ mode: 'locked', reserveThreads: POOL }),
};
const header = 'minute,rss_mib,wasm_allocated_mib,runs';
console.log(`wasm soak: ${jobs.length} jobs, ${args.minutes} minutes\n${header}`);
if (args.log) writeFileSync(args.log, `${header}\n`);

const started = Date.now();
const deadline = started + args.minutes * 60_000;
const rss = [];
const wasm = [];
let runs = 0;
let failure = null;
let nextSample = started + args.sampleSeconds * 1000;

async function sample() {
  const stats = await Promise.all(Object.values(engines).map((e) => e.stats()));
  const memory = stats.reduce((sum, s) => sum + s.allocatedBytes, 0);
  rss.push(process.memoryUsage().rss);
  wasm.push(memory);
  const line = `${((Date.now() - started) / 60_000).toFixed(1)},${(rss.at(-1) / MiB).toFixed(1)},${(memory / MiB).toFixed(1)},${runs}`;
  console.log(line);
  if (args.log) appendFileSync(args.log, `${line}\n`);
}

outer: for (let round = 0; ; round++) {
  for (const mode of ['parallel', 'locked']) {
    for (const job of jobs) {
      if (Date.now() >= deadline) break outer;
      const out = await runToEnd(engines[mode], job.source, { filename: job.label });
      runs++;
      const why = job.judge(out);
      if (why) {
        failure = `${job.label} (${mode}): ${why}\n${explain(out)}`;
        if (args.log) writeFileSync(join(args.log, '..', 'wasm-soak-failure.js'), job.source);
        break outer;
      }
      if (Date.now() >= nextSample) {
        await sample();
        nextSample += args.sampleSeconds * 1000;
      }
    }
  }
}
await sample();
for (const e of Object.values(engines)) e.close();

const verdicts = [];
if (failure) verdicts.push(`a run failed: ${failure}`);
for (const [what, samples, slack] of [['resident memory', rss, 8 * MiB], ['the bytes allocated in wasm memory', wasm, 2 * MiB]]) {
  const why = keepsGrowing(what, samples, slack);
  if (why) verdicts.push(why);
}
const firstLast = (s) => `${Math.round(s[0] / MiB)} → ${Math.round(s.at(-1) / MiB)} MiB`;
console.log(`wasm soak: ${runs} runs in ${((Date.now() - started) / 60_000).toFixed(1)} min; resident ${firstLast(rss)}, allocated in wasm memory ${firstLast(wasm)}`);
for (const v of verdicts) console.log(`wasm soak: FAIL: ${v}`);
if (!verdicts.length) console.log('wasm soak: ok');
process.exit(verdicts.length ? 1 : 0);

/// soak/src/growth.rs's rule: after a quarter of warm-up, the last third of
/// the samples must not sit wholly above the first third by more than 5 %
/// plus `slack`; fewer than eight samples say nothing.
function keepsGrowing(what, samples, slack) {
  if (samples.length < 8) return null;
  const settled = samples.slice(Math.floor(samples.length / 4));
  const third = Math.floor(settled.length / 3);
  const earlyMax = Math.max(...settled.slice(0, third));
  const lateMin = Math.min(...settled.slice(settled.length - third));
  return lateMin > earlyMax * 1.05 + slack ? `${what} keeps growing: at least ${Math.round(lateMin / MiB)} MiB in the last third, at most ${Math.round(earlyMax / MiB)} MiB in the first third after warm-up` : null;
}
