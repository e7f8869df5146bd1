// Shared by the wasm build's Node tests: where the built packages and the
// repository's JS files are, and running a program to its end.
// Needs scripts/build-wasm.sh to have run (scripts/test.sh does).

import { readFileSync, readdirSync } from 'node:fs';

export const root = new URL('../../', import.meta.url);
const pkg = new URL('target/engine-pkg/', root);

/// The embedding API of the threaded and the single build.
export const threadsBuild = await import(new URL('threads/engine.mjs', pkg));
export const singleBuild = await import(new URL('single/engine.mjs', pkg));
export const picker = await import(new URL('index.mjs', pkg));

/// How many times the suites repeat (`WEFT_WASM_REPEAT`, default 1).
export const REPEAT = Number(process.env.WEFT_WASM_REPEAT ?? 1);

export const read = (path) => readFileSync(new URL(path, root), 'utf8');
export const list = (dir, ext = '.js') =>
  readdirSync(new URL(dir, root)).filter((f) => f.endsWith(ext)).sort();

/// Runs `source` to its end; resolves to `{ result, console, events, batches }`
/// (`console`: the lines' text; `events`: every trace event; `batches`:
/// how many event batches arrived before `done`).
export async function runToEnd(engine, source, options = {}) {
  const console = [];
  // The lines printed to stdout (console.log), without console.error's.
  const stdout = [];
  const events = [];
  let batches = 0;
  const run = engine.run(source, {
    ...options,
    onConsole: (line) => {
      console.push(line.text);
      if (!line.error) stdout.push(line.text);
      options.onConsole?.(line);
    },
    onEvent: (batch) => {
      batches++;
      events.push(...batch);
    },
  });
  const result = await run.done;
  return { result, console, stdout, events, batches };
}

/// Whether a printed line is what examples/manifest.json allows: the line
/// itself, `{ oneOf: [...] }` or `{ matches: "regex" }`.
export const lineMatches = (line, want) =>
  typeof want === 'string' ? line === want : want.matches ? new RegExp(want.matches).test(line) : want.oneOf.includes(line);

/// A readable description of a failed run, for assertion messages.
export function explain({ result, console }) {
  return `${JSON.stringify(result, null, 1)}\nconsole:\n${console.join('\n')}`;
}
