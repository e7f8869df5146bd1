// The engine's own suites against the wasm build under Node: the thread
// suite (engine/tests/threads/) and the examples (examples/manifest.json)
// on the threaded build in all three modes and on the single build (its
// threads interleaved as fibers, in scheduled mode), and the language
// suite (engine/tests/js/) on the single build. The same files run
// natively in engine/tests/; `WEFT_WASM_REPEAT` repeats them.

import test from 'node:test';
import assert from 'node:assert/strict';
import { threadsBuild, singleBuild, REPEAT, read, list, runToEnd, explain, lineMatches } from './support.mjs';

const prelude = read('engine/tests/js/prelude.js');
const manifest = JSON.parse(read('examples/manifest.json'));
const MODES = ['parallel', 'locked', 'scheduled', 'interleaved'];

const engines = {};
for (const mode of MODES.slice(0, 3)) engines[mode] = await threadsBuild.createEngine({ mode });
const single = await singleBuild.createEngine();
engines.interleaved = single;
test.after(() => Object.values(engines).forEach((e) => e.close()));

for (const mode of MODES) {
  for (const file of list('engine/tests/threads/')) {
    test(`thread suite ${file} (${mode}, ${REPEAT}x)`, async () => {
      const source = `${prelude}\n${read(`engine/tests/threads/${file}`)}`;
      for (let i = 0; i < REPEAT; i++) {
        const out = await runToEnd(engines[mode], source, { filename: file });
        assert.equal(out.result.status, 'ok', explain(out));
        const expected = source.includes('asyncFinished') ? ['finished', 'async part finished'] : ['finished'];
        assert.deepEqual(out.console, expected, explain(out));
      }
    });
  }

  for (const example of manifest.examples) {
    test(`example ${example.file} (${mode}, ${REPEAT}x)`, async () => {
      const source = read(`examples/${example.file}`);
      for (let i = 0; i < REPEAT; i++) {
        const out = await runToEnd(engines[mode], source, { filename: example.file });
        // `sometimes`: a failure that needs an unlucky interleaving.
        const error = example.error?.sometimes && out.result.status === 'ok' ? null : example.error;
        if (!error?.sometimes) {
          assert.equal(out.console.length, example.output.length, explain(out));
          out.console.forEach((line, k) => assert.ok(lineMatches(line, example.output[k]), `${line} ≠ ${JSON.stringify(example.output[k])}`));
        }
        if (error) {
          assert.equal(out.result.status, 'error', explain(out));
          assert.equal(out.result.error.name, error.name);
          for (const part of error.contains) assert.ok(out.result.error.message.includes(part), `${part}: ${explain(out)}`);
        } else {
          assert.equal(out.result.status, 'ok', explain(out));
        }
      }
    });
  }
}

for (const file of list('engine/tests/js/').filter((f) => f !== 'prelude.js')) {
  test(`language suite ${file} on the single build`, async () => {
    const body = read(`engine/tests/js/${file}`);
    const out = await runToEnd(single, `${prelude}\n${body}`, { filename: file });
    assert.equal(out.result.status, 'ok', explain(out));
    const expected = [];
    if (body.includes('console.log("finished")')) expected.push('finished');
    if (body.includes('console.log("async part finished")')) expected.push('async part finished');
    // Only the completion lines are checked: console_methods.js prints on
    // purpose, and reportError's test to the error console.
    const marks = out.stdout.filter((l) => l === 'finished' || l === 'async part finished' || l.startsWith('async part failed'));
    assert.deepEqual(marks, expected, explain(out));
  });
}

// The console corpus (engine/tests/console/): everything printed, stdout
// and stderr in order, equals what Node printed, on both builds.
for (const [name, engine] of [['threaded', engines.parallel], ['single', single]]) {
  test(`console output matches Node's byte for byte on the ${name} build`, async () => {
    const out = await runToEnd(engine, read('engine/tests/console/corpus.js'), { filename: 'corpus.js' });
    assert.equal(out.result.status, 'ok', explain(out));
    const got = out.console.map((line) => `${line}\n`).join('');
    const want = read('engine/tests/console/corpus.expected.txt');
    if (got !== want) {
      const [g, w] = [got.split('\n'), want.split('\n')];
      const at = w.findIndex((line, i) => line !== g[i]);
      assert.fail(`line ${at + 1} differs:\n  node: ${JSON.stringify(w[at])}\n  weft: ${JSON.stringify(g[at])}`);
    }
  });
}

// The error-message corpus (engine/tests/error_messages/): each case's
// message equals Node's, except the listed known differences, on both
// builds.
for (const [name, engine] of [['threaded', engines.parallel], ['single', single]]) {
  test(`error messages match Node's on the ${name} build`, async () => {
    const dir = 'engine/tests/error_messages/';
    const known = read(`${dir}known_differences.txt`)
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    const cases = (text) => {
      const out = [];
      for (const line of text.split('\n')) {
        const at = line.indexOf(' |=> ');
        if (at >= 0 && !line.startsWith(' ')) out.push([line.slice(0, at), line.slice(at + 5)]);
        else if (out.length && line) out[out.length - 1][1] += `\n${line}`;
      }
      return out;
    };
    const out = await runToEnd(engine, read(`${dir}corpus.js`), { filename: 'corpus.js' });
    assert.equal(out.result.status, 'ok', explain(out));
    const want = cases(read(`${dir}expected.txt`));
    const got = cases(out.stdout.join('\n'));
    assert.equal(got.length, want.length, explain(out));
    const differ = want.filter(([code, message], i) => !known.includes(code) && got[i][1] !== message);
    assert.deepEqual(differ.map(([code]) => code), [], differ.map(([c, m]) => `${c}\n  node: ${m}`).join('\n'));
  });
}

test('the single build runs threads interleaved: every outcome of the racy counter replays exactly', async () => {
  assert.equal(single.threads, 'interleaved');
  assert.equal(single.mode, 'scheduled');
  const source = read('examples/racy_counter.js');
  const first = await runToEnd(single, source, { filename: 'racy_counter.js', seed: 7 });
  assert.equal(first.result.status, 'ok', explain(first));
  assert.match(first.result.schedule, /^\d+x\d+/);
  const again = await runToEnd(single, source, { filename: 'racy_counter.js', schedule: first.result.schedule });
  assert.deepEqual(again.console, first.console);
});
