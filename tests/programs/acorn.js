// acorn: parse lodash's own source (546 kB of ES5) and a snippet of modern
// syntax; print node counts by type and FNV-1a hashes of the JSON ASTs.
import * as acorn from 'acorn';
import lodashSource from 'lodash/lodash.js' with { type: 'text' };

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function countTypes(node, counts) {
  if (Array.isArray(node)) {
    for (const child of node) countTypes(child, counts);
  } else if (node && typeof node === 'object') {
    if (typeof node.type === 'string') counts[node.type] = (counts[node.type] || 0) + 1;
    for (const key of Object.keys(node)) {
      if (key !== 'loc') countTypes(node[key], counts);
    }
  }
  return counts;
}

function report(name, ast) {
  const counts = countTypes(ast, {});
  const types = Object.keys(counts).sort();
  const total = types.reduce((sum, t) => sum + counts[t], 0);
  console.log(`${name}: ${total} nodes of ${types.length} types, AST hash ${fnv1a(JSON.stringify(ast, (k, v) => (typeof v === 'bigint' ? `${v}n` : v)))}`);
  for (const t of types) console.log(`  ${t} ${counts[t]}`);
}

const comments = [];
const big = acorn.parse(lodashSource, { ecmaVersion: 5, sourceType: 'script', locations: true, onComment: comments });
report('lodash.js', big);
console.log(`lodash.js: ${lodashSource.length} chars, body ${big.body.length} statements, ends at line ${big.loc.end.line}`);

let tokens = 0;
let longestName = '';
for (const tok of acorn.tokenizer(lodashSource, { ecmaVersion: 5 })) {
  tokens++;
  if (tok.type.label === 'name' && tok.value.length > longestName.length) longestName = tok.value;
}
console.log(`lodash.js: ${tokens} tokens, longest identifier ${longestName}`);

console.log(`lodash.js: ${comments.length} comments, ${comments.filter((c) => c.type === 'Block').length} block`);

const modern = `
export default class Queue extends Base {
  static #count = 0;
  #items = [];
  static { Queue.#count = 1; }
  get size() { return this.#items.length; }
  async *drain(limit = 10, ...rest) {
    for await (const item of this.#items) yield item?.value ?? rest[0];
  }
}
export const tag = (s, ...v) => s.raw.join('|') + v;
const { a, b: [c = 1, , ...d], ...e } = obj ?? {};
label: for (let i = 0n; i < 10n; i++) { if (i % 2n) continue label; x **= 2; y ||= z &&= w ??= 3; }
const re = /(?<year>\\d{4})-(?<month>\\d{2})/dgu;
import.meta.url; await import('./x.js');
`;
const modernAst = acorn.parse(modern, { ecmaVersion: 'latest', sourceType: 'module' });
report('modern', modernAst);

for (const bad of ['let let = 1', 'a => { "use strict"; with (a) {} }', 'class { }', 'x = 08n']) {
  try {
    acorn.parse(bad, { ecmaVersion: 'latest' });
    console.log(`parsed: ${bad}`);
  } catch (e) {
    console.log(`${e.constructor.name} at ${e.pos}: ${e.message}`);
  }
}
