// terser: minify mustache's source and a hand-written module with several
// option sets; print the output sizes and hashes and the small outputs.
import { minify } from 'terser';
import mustacheSource from 'mustache/mustache.js' with { type: 'text' };

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const small = `
function computeTotal(items, taxRate) {
  const DEBUG = false;
  let total = 0;
  for (const item of items) {
    if (DEBUG) console.log('item', item);
    total += item.price * item.quantity;
  }
  const unused = total * 2;
  return Math.round(total * (1 + taxRate) * 100) / 100;
}
export class Cart {
  #items = [];
  add(item) { this.#items.push(item); return this; }
  get total() { return computeTotal(this.#items, 0.2); }
  static empty() { return new Cart(); }
}
export const greet = (name = 'world') => \`Hello, \${name}!\`;
if (typeof module !== 'undefined' && 1 + 1 === 3) { neverCalled(); }
`;

async function main() {
  const configs = [
    ['default', {}],
    ['module', { module: true, compress: { passes: 2 }, mangle: { properties: false } }],
    ['no mangle', { mangle: false, compress: { unsafe: true } }],
    ['beautify', { compress: false, mangle: false, format: { beautify: true, comments: 'all' } }],
  ];
  for (const [name, options] of configs) {
    const out = await minify(small, { ...options, module: true });
    console.log(`small/${name}: ${out.code.length} chars\n${out.code}`);
  }
  for (const [name, options] of [configs[0], configs[3]]) {
    const out = await minify(mustacheSource, { ...options, module: false });
    console.log(`mustache.js/${name}: ${mustacheSource.length} -> ${out.code.length} chars, hash ${fnv1a(out.code)}`);
  }
  const withMap = await minify({ 'a.js': 'function add(first, second) { return first + second }', 'b.js': 'console.log(add(1, 2))' }, { sourceMap: { filename: 'out.js', url: 'out.js.map' }, toplevel: true });
  console.log(`source map: ${withMap.code}\n${withMap.map}`);
  try {
    await minify('function (', {});
  } catch (e) {
    console.log(`error: ${e.name} at line ${e.line}, col ${e.col}: ${e.message}`);
  }
}
main().catch((e) => console.log(`failed: ${e && e.name}: ${e && e.message}`));
