// The wasm soak (wasm-host/soak.mjs) itself: a short run over the real
// thread suite and examples passes and logs memory samples; a program
// that breaks an invariant fails it, named.

import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../soak.mjs', import.meta.url));

function soak(program, minutes) {
  const dir = mkdtempSync(join(tmpdir(), 'weft-wasm-soak-'));
  mkdirSync(join(dir, 'programs'));
  writeFileSync(join(dir, 'programs', 'p.js'), program);
  const run = spawnSync(process.execPath, [script, '--fuzz-dir', join(dir, 'programs'), '--minutes', minutes, '--sample-seconds', '1', '--log', join(dir, 'wasm.csv')], { encoding: 'utf8' });
  const log = readFileSync(join(dir, 'wasm.csv'), 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return { status: run.status, out: run.stdout + run.stderr, log };
}

test('a short wasm soak passes and logs memory', () => {
  const { status, out, log } = soak("const o = { n: 0 }; new Thread(() => { o.n = 1; }).join(); if (o.n === 1) print('fuzz ok');", '0.3');
  assert.equal(status, 0, out);
  assert.match(out, /wasm soak: ok/);
  const [header, ...samples] = log.trim().split('\n');
  assert.equal(header, 'minute,rss_mib,wasm_allocated_mib,runs');
  assert.ok(samples.length >= 2, log);
  const [, rss, allocated, runs] = samples.at(-1).split(',').map(Number);
  assert.ok(rss > 1 && allocated > 0 && runs > 0, log);
});

test('a broken invariant fails the wasm soak, naming the program', () => {
  const { status, out } = soak("print('FUZZ FAIL: counter 1, expected 2');", '0.5');
  assert.equal(status, 1, out);
  assert.match(out, /fuzz program p\.js \(parallel\): FUZZ FAIL: counter 1, expected 2/);
});
