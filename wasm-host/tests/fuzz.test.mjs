// The concurrency fuzzer's programs (engine/src/bin/weft-fuzz-threads/) on
// the threaded wasm build under Node, in every mode, and on the single
// build (its threads are fibers): the wasm memory model and V8's memory
// growth differ from native, and the single build's fiber switches happen
// in whatever built-in a program's thread is in. `target/release/weft-fuzz-threads`
// writes the programs (scripts/test.sh builds it first); WEFT_FUZZ_SEED
// picks them (else a new seed each run, printed), WEFT_WASM_FUZZ_COUNT
// how many (40).

import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadsBuild, singleBuild, root, runToEnd, explain } from './support.mjs';

const fuzzer = fileURLToPath(new URL('target/release/weft-fuzz-threads', root));
const seed = process.env.WEFT_FUZZ_SEED ?? String(Date.now() % 1_000_000_000);
const count = process.env.WEFT_WASM_FUZZ_COUNT ?? '40';

test(`the fuzzer's programs keep the memory model on the wasm build (seed ${seed})`, async (t) => {
  assert.ok(existsSync(fuzzer), `${fuzzer} is missing: cargo build --release -p weft-engine --bin weft-fuzz-threads`);
  const dir = mkdtempSync(join(tmpdir(), 'weft-fuzz-wasm-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(fuzzer, ['--emit', dir, '--count', count, '--seed', seed]);
  const files = readdirSync(dir).sort();
  assert.equal(files.length, Number(count));
  for (const mode of ['parallel', 'locked', 'scheduled', 'single']) {
    const engine = await (mode === 'single' ? singleBuild.createEngine() : threadsBuild.createEngine({ mode }));
    try {
      for (const [k, file] of files.entries()) {
        // Scheduled runs each take another seed's schedule.
        const out = await runToEnd(engine, readFileSync(join(dir, file), 'utf8'), { filename: file, seed: k });
        const failure = out.console.find((l) => l.startsWith('FUZZ FAIL'));
        assert.equal(failure, undefined, `${file} (${mode}): ${failure}`);
        assert.equal(out.result.status, 'ok', `${file} (${mode}): ${explain(out)}`);
        assert.ok(out.console.includes('fuzz ok'), `${file} (${mode}) ended without its checks: ${explain(out)}`);
      }
    } finally {
      engine.close();
    }
  }
});
