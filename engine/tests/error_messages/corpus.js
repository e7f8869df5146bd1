// Error messages a learner meets, run unchanged by Node and by weft: each
// case prints "code |=> Name: message". The expected output is Node's:
//   node engine/tests/error_messages/corpus.js > engine/tests/error_messages/expected.txt
// (recorded with Node v20). engine/tests/error_messages.rs checks weft's
// output against it line for line, natively; wasm-host/tests/ on the wasm
// build. Only runtime errors are here: syntax errors come from a
// different parser and keep its wording (with line and column).
var setup = "var o = { n: 1, nested: {}, x: { y: {} }, get g() { return 1; } }, o2 = {}, x = 5, y, arr = [{}]," +
  " k = 'kk', s = 'ss', sym = Symbol('s'), i = 0, null_ = null, f = () => undefined, cond = true, a = 1, b = 2;" +
  " const c = 1; var frozen = Object.freeze({ p: 1 }); var sealed = Object.preventExtensions({});" +
  " class Base {} class Derived extends Base { constructor() { this.x = 1; } }" +
  " class Point { #x = 1; static has(o) { return o.#x; } }";
var cases = [
  // Calling what is not a function names the callee as written.
  "o.bar()", "x()", "arr[0].f()", "o['a b']()", "o[k]()", "a.b.c()", "o?.bar()", "o.nested?.bar()",
  "f()()", "f(1)(2)", "o.g().h()", "this.nope()", "(1, 2)()", "(x)()", "[].nope()", "[1,2].nope()",
  "({}).nope()", "'abc'.nope()", "(5).nope()", "null_()", "undefined()", "o.n()", "o[s]()", "o[sym]()",
  "`t`.nope()", "o.bar`x`", "o.bar(...[1])", "new Date().nope()", "o[0]()", "o[\"q\"]()", "o[true]()",
  "o[null]()", "o.x.y.z()", "(o.bar)()", "(0, o.bar)()", "x.y()", "arr[i]()", "arr[i + 1]()",
  "(o || o2).bar()", "(cond ? o : o2).bar()", "Math.nope()", "JSON.parse('{}').x()", "o.n.call()",
  "(async () => {})().nope()", "o[-1]()", "o[1.5]()", "o[`k`]()", "o?.[k]()", "(void 0)()", "(!o)()",
  "(-x)()", "(o = 1)()", "[1, 2, 3].mapp(v => v)", "'text'.toUppercase()", "Object.keyss({})",
  "arr.forEach(5)", "[1].map()", "Promise.resolve().thenn()",
  // new on what is not a constructor.
  "new o.n()", "new x()", "new (f())()", "new arr[0]()", "new o.bar", "new o.bar(...[1])",
  "new new Date()()", "new f()", "new Math.max()", "new Symbol()", "new (async function () {})()",
  // Reading and writing properties of null and undefined.
  "y.foo", "null_.foo", "y[0]", "y[k]", "o.nope.deeper", "arr[5].x", "y.foo = 1", "null_[k] = 2",
  "undefined.x", "null_.x.y", "y()",
  // Bindings.
  "nope", "nope = 1; 'use strict'", "c = 2", "(() => { 'use strict'; undeclared = 1; })()",
  "(() => { z; let z = 1; })()", "(() => { class Q extends Q {} })()", "typeof_undeclared.x",
  // Classes.
  "Base()", "new Derived()", "Point.has({})", "class E extends 5 {}", "(class { constructor() { return 1; } }, new (class extends Base { constructor() { return 1; } })())",
  // Objects.
  "Object.defineProperty(1, 'x', {})", "Object.defineProperty(frozen, 'p', { value: 2 })",
  "(() => { 'use strict'; frozen.p = 2; })()", "(() => { 'use strict'; sealed.q = 1; })()",
  "(() => { 'use strict'; delete frozen.p; })()", "Object.setPrototypeOf(frozen, {})",
  "Object.create(5)", "Object.keys(null)", "({}) instanceof 5", "'a' in 'abc'",
  "Object.prototype.__proto__ = {}", "({ __proto__: null }) + ''",
  // Iteration and destructuring.
  "for (const v of 5) {}", "for (const v of o) {}", "[...undefined]", "[...null_]", "new Map(5)",
  "const [p] = {};", "const { q } = null;", "const { q } = undefined;", "(({ a }) => a)()",
  "Array.from({ [Symbol.iterator]: 1 })", "new Set(o)", "Promise.all(5).catch(() => {}); throw 0",
  // Numbers, strings, BigInt, arrays.
  "1n + 1", "BigInt(1.5)", "Number(1n) + Math.max(1n)", "(1.5).toFixed(101)", "(10).toString(1)",
  "'x'.repeat(-1)", "new Array(-1)", "[].reduce((a, b) => a)", "[].length = -1", "new ArrayBuffer(-1)",
  "BigInt('x')", "1n / 0n", "Symbol() + ''", "`${Symbol()}`", "+Symbol()", "1n ** -1n",
  "'abc'.normalize('x')", "String.fromCodePoint(-1)", "new Date(NaN).toISOString()",
  // JSON and RegExp.
  "JSON.parse(\"{\")", "JSON.parse(\"{\\\"a\\\": }\")", "JSON.parse(\"[1,]\")", "JSON.parse(\"\")", "JSON.parse(\"{\\\"a\\\" 1}\")", "JSON.parse(\"{\\\"a\\\":1 \\\"b\\\":2}\")", "JSON.parse(\"[1 2]\")", "JSON.parse(\"{a:1}\")", "JSON.parse(\"{\\\"a\\\":1,}\")", "JSON.parse(\"{'a':1}\")", "JSON.parse(\"\\\"abc\")", "JSON.parse(\"\\\"a\\u0001\\\"\")", "JSON.parse(\"\\\"\\\\x\\\"\")", "JSON.parse(\"\\\"\\\\u12\\\"\")", "JSON.parse(\"1e\")", "JSON.parse(\"1.\")", "JSON.parse(\"-\")", "JSON.parse(\"01\")", "JSON.parse(\"1 2\")", "JSON.parse(\"tru\")", "JSON.parse(\"[\")", "JSON.parse(\"{\\\"a\\\":1\")", "JSON.parse(\"x\")", "JSON.parse(\"{\\\"a\\\":\\\"this is a long string value here\\\", \\\"b\\\": ?}\")", "JSON.parse(\"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,x]\")", "JSON.parse(\"[1,,2]\")",
  "(() => { const a = {}; a.a = a; JSON.stringify(a); })()",
  "(() => { const a = { x: { y: [1, {}] } }; a.x.y[1].back = a; JSON.stringify(a); })()",
  "(() => { const d = {}; d.k = { k: { k: { k: { k: { back: d } } } } }; JSON.stringify(d); })()",
  "(() => { class P {} const p = new P(); p.self = p; JSON.stringify([p]); })()", "JSON.stringify(1n)", "new RegExp('(')",
  "new RegExp('a', 'gg')", "'x'.replaceAll(/x/, 'y')", "'x'.matchAll(/x/)",
  // Stack overflow and misc.
  "(function r() { r(); })()", "Reflect.ownKeys(1)", "new Proxy({}, null)",
  "(() => { const p = Proxy.revocable({}, {}); p.revoke(); p.proxy.x; })()", "structuredClone(() => 1)",
  "Function.prototype.call.call(1)", "Symbol.keyFor('x')", "new WeakMap().set(1, 1)", "new WeakSet().add(1)",
];
for (var caseIndex = 0; caseIndex < cases.length; caseIndex++) {
  var line;
  try {
    (0, eval)(setup + "\n" + cases[caseIndex]);
    line = "(no error)";
  } catch (e) {
    line = e && e.name !== undefined ? e.name + ": " + e.message : "thrown: " + String(e);
  }
  console.log(cases[caseIndex] + " |=> " + line);
}
