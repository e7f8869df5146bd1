// json5: parse JSON5 text (comments, trailing commas, unquoted keys,
// single quotes, hex, Infinity/NaN, multi-line strings) and stringify
// values back with several options; report json5's own syntax errors.
import JSON5 from 'json5';

const text = `// a JSON5 config
{
  unquoted: 'and you can quote me on that',
  singleQuotes: 'I can use "double quotes" here',
  lineBreaks: "Look, Mom! \\
No \\\\n's!",
  hexadecimal: 0xdecaf,
  leadingDecimalPoint: .8675309, andTrailing: 8675309.,
  positiveSign: +1,
  trailingComma: 'in objects', andIn: ['arrays',],
  "backwardsCompatible": "with JSON",
  infinities: [Infinity, -Infinity], nan: NaN,
  escapes: '\\x41\\u0042\\t\\0\\v\\'',
  nested: { deep: { deeper: [1, [2, [3, {}]]] } },
  /* block comment */ $dollar_key: 1, _under: 2, ünïcödé: 3,
  'quoted-key': null,
  sep: 'line\\u2028sep',
}`;

const value = JSON5.parse(text);
console.log(JSON.stringify(value, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `<${v}>` : v), 2));
console.log(JSON5.stringify(value));
console.log(JSON5.stringify(value, null, 2));
console.log(JSON5.stringify({ a: "it's", b: 'say "hi"', c: [1, undefined, () => 1], d: new Date(Date.UTC(2024, 0, 1)), 'e-f': -0, g: 1e21, h: '\u2028\u0007' }, { quote: "'", space: '\t' }));
console.log(JSON5.stringify({ b: 2, a: { y: 1, x: 2 }, c: [3] }, ['a', 'x', 'c']));
console.log(JSON5.stringify({ n: 1, s: 's' }, (k, v) => (typeof v === 'number' ? v * 100 : v)));
const reviver = JSON5.parse('{a: 1, b: [1, 2], c: {d: 3}}', (k, v) => (typeof v === 'number' ? v + 0.5 : v));
console.log(JSON.stringify(reviver));
for (const bad of ['{a: 1,,}', "{'a: 1}", '[1, 2', '{a b}', '01', '"\\u12"', '{a: 1} x', '\u00a0{}']) {
  try {
    console.log(`parsed ${JSON.stringify(bad)}: ${JSON.stringify(JSON5.parse(bad))}`);
  } catch (e) {
    console.log(`${JSON.stringify(bad)}: ${e.name} line ${e.lineNumber} column ${e.columnNumber}: ${e.message}`);
  }
}
