// @babel/parser and @babel/generator: parse modern JavaScript (with JSX and
// TypeScript plugins) into Babel's AST, count its node types, regenerate
// code in several styles, and report parse errors' positions.
import { parse } from '@babel/parser';
import { generate } from '@babel/generator';

const source = `
import React, { useState } from 'react';
export type Props = { title: string; items?: readonly number[] };
enum Color { Red = 1, Green, Blue = "blue" }
/** docs */
export default function List<T extends object>({ title, items = [] }: Props): JSX.Element {
  const [open, setOpen] = useState<boolean>(false);
  const total = items.reduce((a, b) => a + b, 0) satisfies number;
  return (
    <section className="list" data-open={open}>
      <h2 onClick={() => setOpen(o => !o)}>{title} ({total})</h2>
      {open && <ul>{items.map(i => <li key={i}>{i ** 2}</li>)}</ul>}
      <>fragment &amp; text</>
    </section>
  );
}
class Store<S> { #state!: S; static readonly version = 2; declare meta: unknown;
  constructor(private readonly name: string, public initial?: S) { this.#state = initial as S; }
  @logged get state(): S { return this.#state; }
  async *watch(): AsyncGenerator<S> { while (true) yield await Promise.resolve(this.#state); } }
const bigint = 10n ** 20n, sep = 1_000_000, re = /(?<y>\\d{4})/v;
label: for (const [k, v] of Object.entries(obj ?? {})) { if (v?.[k]) continue label; x ||= y &&= z ??= 1; }
using res = getResource();
`;

const ast = parse(source, { sourceType: 'module', plugins: ['jsx', 'typescript', ['decorators', { decoratorsBeforeExport: true }], 'explicitResourceManagement'], tokens: true });
const counts = {};
(function walk(node) {
  if (Array.isArray(node)) return node.forEach(walk);
  if (!node || typeof node !== 'object') return;
  if (typeof node.type === 'string') counts[node.type] = (counts[node.type] || 0) + 1;
  for (const key of Object.keys(node)) if (key !== 'loc' && key !== 'tokens' && key !== 'extra' && key !== 'leadingComments' && key !== 'trailingComments' && key !== 'innerComments') walk(node[key]);
})(ast.program);
console.log(`tokens ${ast.tokens.length}, comments ${ast.comments.length}, body ${ast.program.body.length}`);
console.log(Object.keys(counts).sort().map((k) => `${k}:${counts[k]}`).join(' '));
console.log(generate(ast).code);
console.log('--- compact, minified');
console.log(generate(ast, { compact: true, comments: false }).code);
console.log(generate(ast, { minified: true, jsescOption: { minimal: false } }).code.length);
const withMap = generate(parse('const a = 1;\nfunction f(x) { return x + a; }'), { sourceMaps: true, sourceFileName: 'in.js' }, 'const a = 1;\nfunction f(x) { return x + a; }');
console.log(`source map: ${withMap.map.mappings} ${JSON.stringify(withMap.map.sources)}`);
for (const bad of ['let x = ;', 'class { }', 'a => { yield 1 }; function* g() { yield = 1 }', '<div></span>', 'x = 08n']) {
  try {
    parse(bad, { plugins: ['jsx'] });
    console.log(`parsed: ${bad}`);
  } catch (e) {
    console.log(`${bad} => ${e.name} ${e.code} at ${e.loc.line}:${e.loc.column}`);
  }
}
const recovered = parse('let a = 1; let a = 2; return 5;', { errorRecovery: true, allowReturnOutsideFunction: false });
console.log(`recovered errors: ${recovered.errors.map((e) => `${e.code}@${e.loc.line}:${e.loc.column}`).join(' ')}`);
