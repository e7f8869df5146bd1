// Real npm packages at work, whose output weft must match byte for byte
// against Node. Each tests/programs/<name>.js drives one package (pinned in
// package.json) and prints what it computed; tests/programs/<name>.expected
// is Node's output, recorded from the bundle:
//
//   scripts/build-programs.sh NAME && node target/programs/NAME.js > tests/programs/NAME.expected
//
// weft resolves no bare specifiers and has no require, so the drivers run as
// esbuild bundles (target/programs/<name>.js). This file builds them itself
// (scripts/build-programs.sh, a few seconds) and then, for each program:
//   - Node's output of the bundle still equals the recording;
//   - the native engine, target/release/weft (made by `cargo build --release
//     -p weft-engine --bin weft`, as scripts/test.sh does), prints exactly
//     the recording and exits with 0;
//   - the wasm build under Node, through the embedding API, prints exactly
//     the recording and ends with status "ok". It needs scripts/build-wasm.sh
//     to have run; WEFT_PROGRAMS_NATIVE_ONLY=1 skips it, for local runs only.
//
//   node --test tests/programs/

import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const here = fileURLToPath(new URL('./', import.meta.url));
const weft = `${root}target/release/weft`;
const nativeOnly = process.env.WEFT_PROGRAMS_NATIVE_ONLY === '1';

const names = readdirSync(here)
  .filter((f) => f.endsWith('.expected'))
  .map((f) => f.slice(0, -'.expected'.length))
  .sort();

execFileSync(`${root}scripts/build-programs.sh`, names, { cwd: root, stdio: 'inherit' });

const bundle = (name) => `target/programs/${name}.js`;
const expected = (name) => readFileSync(`${here}${name}.expected`, 'utf8');

// Runs a program to its end; a long time limit, since weft interprets.
function run(command, args) {
  const out = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000 });
  if (out.error) throw out.error;
  return out;
}
const describe = (out) => `exit ${out.status} (signal ${out.signal})\nstderr:\n${out.stderr}`;

// The wasm build is loaded only when it is tested (its packages exist only
// after scripts/build-wasm.sh).
let engine = null;
if (!nativeOnly) {
  const { threadsBuild, runToEnd, explain } = await import('../../wasm-host/tests/support.mjs');
  engine = { instance: await threadsBuild.createEngine(), runToEnd, explain };
  test.after(() => engine.instance.close());
}

test('there are programs', () => assert.ok(names.length >= 8, names.join(' ')));

for (const name of names) {
  test(`${name}: Node's output of the bundle equals the recording`, () => {
    const out = run(process.execPath, [bundle(name)]);
    assert.equal(out.status, 0, describe(out));
    assert.equal(out.stdout, expected(name));
  });

  test(`${name}: native weft prints the recording`, () => {
    const out = run(weft, ['run', bundle(name)]);
    assert.equal(out.stdout, expected(name), describe(out));
    assert.equal(out.status, 0, describe(out));
  });

  test(`${name}: the wasm build prints the recording`, { skip: nativeOnly && 'WEFT_PROGRAMS_NATIVE_ONLY=1' }, async () => {
    const source = readFileSync(`${root}${bundle(name)}`, 'utf8');
    const out = await engine.runToEnd(engine.instance, source, { filename: `${name}.js` });
    assert.equal(out.console.join('\n') + '\n', expected(name), engine.explain(out));
    assert.equal(out.result.status, 'ok', engine.explain(out));
  });
}
