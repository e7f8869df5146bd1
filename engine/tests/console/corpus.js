// What console.log and friends print, byte for byte as Node prints it.
// engine/tests/console.rs runs this file in weft and compares its output
// (stdout and stderr in order) with corpus.expected.txt, which Node wrote:
//
//   node engine/tests/console/corpus.js > engine/tests/console/corpus.expected.txt 2>&1
//
// Generated with Node v20.20.2; Node runs it as an ES module (the
// repository's package.json says "type": "module"), so its functions are
// strict and `%o` shows no `arguments`/`caller` on them, as weft never
// does. Keep this file free of Node-only and weft-only APIs (it also runs
// on the wasm build), and of anything whose text differs between engines
// (stack traces: errors here have their `stack` replaced or deleted;
// timings; process warnings, which Node prefixes with its pid).

function section(name) {
  console.log(`--- ${name}`);
}
function noStack(e) {
  delete e.stack;
  return e;
}
function fakeStack(e, text) {
  e.stack = text;
  return e;
}

section('primitives');
console.log(1, -1, 0, -0, 1.5, 1e21, 1e-7, NaN, Infinity, -Infinity);
console.log(123n, -5n, 0n);
console.log(true, false, null, undefined);
console.log([1, -0, 0.1, 2n, true, null, undefined]);
console.log(Symbol('desc'), Symbol(), Symbol.iterator, Symbol.for('reg'));
console.log([Symbol('in array'), Symbol('with \'quote')]);
console.log('plain string at top level is raw');
console.log(['single', "it's", 'say "hi"', `both ' and "`, 'all \' " ` three']);
console.log(['tab\there', 'nl\nthere', 'cr\r', 'back\\slash', 'nul\0', 'bell\x07', '\x7f\x9f']);
console.log(['emoji 😀', 'accent é', 'cjk 漢字', 'lone \ud800 surrogate', 'lone \udc00 low']);
console.log(['${template}', 'a ` backtick', '\' and ${x} and "']);
console.log('');
console.log(['']);
console.log(' leading and trailing spaces ');

section('strings long');
console.log(['x'.repeat(100)]);
console.log({ text: 'a'.repeat(75) });
console.log({ text: 'line one\nline two\nline three, which is long enough to need breaking somewhere' });
console.log(['short\nlines']);
console.log([
  'first line of a string that is definitely longer than the break length of eighty\nsecond',
]);
console.log({ nested: { deeper: { s: 'multi\nline string inside a nested object that is long' } } });

section('numbers in arrays');
console.log([1, 2, 3]);
console.log([1.5, -2.25, 1e100, -0]);
console.log(Array.from({ length: 10 }, (_, i) => i));
console.log(Array.from({ length: 26 }, (_, i) => i * i));
console.log(Array.from({ length: 150 }, (_, i) => i));
console.log(Array.from({ length: 101 }, (_, i) => i));
console.log(Array.from({ length: 7 }, (_, i) => 10 ** i));
console.log(Array.from({ length: 40 }, (_, i) => BigInt(i) * 1000n));
console.log(Array.from({ length: 30 }, (_, i) => (i % 2 ? -i : i / 4)));

section('strings in arrays');
console.log(Array.from({ length: 30 }, (_, i) => 'item' + i));
console.log(Array.from({ length: 12 }, (_, i) => 'x'.repeat(i)));
console.log(['apple', 'banana', 'cherry', 'date', 'elderberry', 'fig', 'grape']);
console.log(Array.from({ length: 8 }, (_, i) => ({ i })));
console.log(Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? 'str' + i : i)));
console.log([true, false, true, false, true, false, true, false]);
console.log(Array.from({ length: 120 }, (_, i) => String.fromCharCode(65 + (i % 26))));

section('sparse arrays');
console.log([1, , 3]);
console.log([, , 1]);
console.log(new Array(5));
console.log([1, 2, 3, , , ]);
const sparse = [];
sparse[3] = 'three';
sparse[10] = 'ten';
console.log(sparse);
const sparse2 = [1, 2];
sparse2[200] = 'far';
console.log(sparse2);
console.log(new Array(1));

section('arrays with extras');
const withProps = [1, 2, 3];
withProps.extra = 'yes';
withProps[Symbol('sym')] = 1;
console.log(withProps);
const emptyWithProp = [];
emptyWithProp.k = 1;
console.log(emptyWithProp);
console.log([[]], [{}], [[], []]);
const longWithProp = Array.from({ length: 10 }, (_, i) => i);
longWithProp.label = 'ten';
console.log(longWithProp);

section('plain objects');
console.log({});
console.log({ a: 1 });
console.log({ a: 1, b: 'two', c: [3], d: { e: 4 } });
console.log({ 'a-b': 1, 'with space': 2, '1': 3, '01': 4, _ok: 5, $dollar: 6, é: 7, '': 8 });
console.log({ [Symbol('k')]: 'symbol key', [Symbol()]: 'anonymous', [Symbol.iterator]: 0 });
console.log({ __proto__: null, x: 1 });
console.log({ ['__proto__']: 1 });
console.log({ "it's": 1, 'a"b': 2, 'new\nline': 3 });
console.log({ undef: undefined, nul: null, nan: NaN, neg: -0 });
console.log({ f() {}, g: function () {}, h: () => {}, async i() {}, *j() {} });
console.log({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10, k: 11, l: 12, m: 13, n: 14 });
console.log({ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dddddddddd' });
console.log({ alpha: 'aaaaaaaaaa', beta: 'bbbbbbbbbb', gamma: 'cccccccccc', delta: 'dddddd' });
console.log({ x: { y: { z: 1 } }, list: [1, 2, { three: 3 }] });
const nonEnum = { visible: 1 };
Object.defineProperty(nonEnum, 'hidden', { value: 2, enumerable: false });
console.log(nonEnum);
console.log(Object.create({ inherited: 1 }));
const protoChild = Object.create({ inherited: 1 });
protoChild.own = 2;
console.log(protoChild);

section('nesting and depth');
console.log({ a: { b: { c: { d: { e: 1 } } } } });
console.log({ a: { b: { c: {} } } });
console.log({ a: { b: { c: [] } } });
console.log({ a: { b: { c: [1] } } });
console.log([[[[1, 2]]]]);
console.log([[[[]]]]);
console.log({ a: { b: { c: new Map([[1, 2]]) } } });
console.log({ a: { b: { c: new Set([1]) } } });
console.log({ level1: { level2: { level3: { level4: 'deep' } }, sibling: [1, [2, [3, [4]]]] } });
class Deep {
  constructor() {
    this.inner = { more: { evenMore: { x: 1 } } };
  }
}
console.log(new Deep());
console.log({ a: { b: { c: Object.create(null) } } });
console.log({ a: { b: { c: function named() {} } } });
console.log({ a: { b: { c: /re/g } } });

section('line breaking');
console.log({ key1: 'value one', key2: 'value two', key3: 'value three', key4: 'v4' });
console.log({ key1: 'value one', key2: 'value two', key3: 'value three', key4: 'value four' });
console.log([{ a: 1, b: 2 }, { a: 3, b: 4 }]);
console.log([{ name: 'Alice', age: 30, city: 'Paris' }, { name: 'Bob', age: 25, city: 'Berlin' }]);
console.log({ matrix: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] });
console.log({ users: [{ id: 1, tags: ['a', 'b'] }, { id: 2, tags: [] }], total: 2, page: { n: 1, of: 5 } });
console.log([['a', 1], ['b', 2], ['c', 3], ['d', 4], ['e', 5], ['f', 6], ['g', 7]]);
console.log({ fn: function withAVeryLongFunctionNameThatTakesSpace() {}, other: 'some string value' });

section('class instances');
class Point {
  constructor(x, y) {
    this.x = x;
    this.y = y;
  }
}
console.log(new Point(1, 2));
console.log([new Point(0, 0), new Point(3, 4)]);
class Empty {}
console.log(new Empty());
class Point3 extends Point {
  constructor() {
    super(1, 2);
    this.z = 3;
  }
}
console.log(new Point3());
class WithAccessor {
  constructor() {
    this.v = 1;
  }
  get doubled() {
    return this.v * 2;
  }
}
console.log(new WithAccessor());
class Tagged {
  get [Symbol.toStringTag]() {
    return 'TagName';
  }
}
console.log(new Tagged());
console.log({ [Symbol.toStringTag]: 'OwnTag', v: 1 });
const tagged = { v: 1 };
Object.defineProperty(tagged, Symbol.toStringTag, { value: 'Hidden', enumerable: false });
console.log(tagged);
function OldStyle() {
  this.a = 1;
}
console.log(new OldStyle());
const anonInstance = new (class {})();
console.log(anonInstance);
class MyArray extends Array {}
console.log(MyArray.from([1, 2]));
class MyMap extends Map {}
console.log(new MyMap([['k', 'v']]));
class MySet extends Set {}
console.log(new MySet());
const nullProtoWithProps = Object.create(null);
nullProtoWithProps.a = 1;
console.log(nullProtoWithProps);
const arrNullProto = [1, 2];
Object.setPrototypeOf(arrNullProto, null);
console.log(arrNullProto);

section('functions and classes');
function named() {}
console.log(named, function () {}, () => {}, (() => () => {})());
async function asyncFn() {}
function* gen() {}
async function* asyncGen() {}
console.log(asyncFn, gen, asyncGen, async () => {});
console.log(Math.max, Array.prototype.push, Object, Function.prototype);
console.log(named.bind(null), (() => {}).bind(null));
class A {}
class B extends A {}
class C extends B {
  static s = 1;
}
console.log(A, B, C);
console.log(class {}, class extends A {});
const fnWithProps = function withProps() {};
fnWithProps.a = 1;
fnWithProps.b = 'two';
console.log(fnWithProps);
console.log({ method() {} }.method);
console.log([named, A]);
const obj = { arrow: () => 1 };
console.log(obj);
Object.defineProperty(named, 'name', { value: 'renamed' });
console.log(named);
const noName = function () {};
Object.defineProperty(noName, 'name', { value: '' });
console.log(noName);

section('getters and setters');
console.log({
  get g() {
    throw new Error('getters are never called');
  },
  set s(v) {},
  get gs() {
    return 1;
  },
  set gs(v) {},
});
const accessorArr = [1];
Object.defineProperty(accessorArr, 0, { get() { return 1; } });
console.log(accessorArr);

section('maps and sets');
console.log(new Map());
console.log(new Set());
console.log(new Map([[1, 2]]));
console.log(new Map([['a', { x: 1 }], [{ k: 1 }, ['v']]]));
console.log(new Set([1, 'two', { three: 3 }, [4]]));
console.log(new Map(Array.from({ length: 5 }, (_, i) => [i, 'value ' + i])));
console.log(new Map(Array.from({ length: 120 }, (_, i) => [i, i])));
console.log(new Set(Array.from({ length: 101 }, (_, i) => i)));
const mapWithProp = new Map([[1, 1]]);
mapWithProp.extra = true;
console.log(mapWithProp);
console.log(new Map([[new Map([[1, new Map([[2, new Map()]])]]), 'nested']]));
console.log(new WeakMap(), new WeakSet());
console.log([new WeakMap([[{}, 1]])]);

section('errors');
console.log(noStack(new Error('plain message')));
console.log(noStack(new TypeError('type error')));
console.log(noStack(new RangeError('')));
console.log(noStack(new Error('with props')), Object.assign(noStack(new Error('x')), { code: 'E_CODE' }));
console.log(Object.assign(noStack(new Error('x')), { code: 'E_CODE', errno: 5 }));
console.log(fakeStack(new Error('faked'), 'Error: faked\n    at someFunction (file.js:10:5)\n    at other (file.js:20:3)'));
console.log({ err: fakeStack(new Error('in object'), 'Error: in object\n    at f (f.js:1:1)') });
console.log([fakeStack(new TypeError('in array'), 'TypeError: in array\n    at g (g.js:2:2)')]);
console.log(Object.assign(fakeStack(new Error('m'), 'Error: m\n    at h (h.js:3:3)'), { extra: 1 }));
class CustomError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CustomError';
  }
}
console.log(noStack(new CustomError('custom')));
class NoRename extends Error {}
console.log(noStack(new NoRename('not renamed')));
console.log(fakeStack(new NoRename('stack says Error'), 'Error: stack says Error\n    at x (x.js:1:1)'));
const namedErr = noStack(new Error('named'));
namedErr.name = 'SpecialError';
console.log(namedErr);
console.log(noStack(new Error('with cause', { cause: 'the cause' })));
console.log(noStack(new Error('error cause', { cause: noStack(new Error('inner')) })));
const agg = noStack(new AggregateError([noStack(new Error('one')), 2], 'many'));
console.log(agg);
console.log(noStack(new Error('multi\nline message')));
const emptyErr = noStack(new Error());
console.log(emptyErr);
const stackless = new Error('stack is not a string');
stackless.stack = 42;
console.log(stackless);
console.log(Object.create(Error.prototype));
console.log({ nested: { deeper: noStack(new SyntaxError('deep')) } });
const causeErr = fakeStack(new Error('inner'), 'Error: inner\n    at a (x.js:1:1)\n    at b (x.js:2:1)\n    at c (x.js:3:1)\n    at d (x.js:4:1)\n    at e (x.js:5:1)');
const outerErr = fakeStack(new Error('outer', { cause: causeErr }), 'Error: outer\n    at z (x.js:9:1)\n    at b (x.js:2:1)\n    at c (x.js:3:1)\n    at d (x.js:4:1)\n    at e (x.js:5:1)');
console.log(outerErr);
console.log({ outerErr });

section('dates and regexps');
console.log(new Date(0));
console.log(new Date(Date.UTC(2024, 1, 29, 12, 30, 45, 123)));
console.log(new Date(NaN));
console.log([new Date(86400000)], { when: new Date(0) });
const dateWithProp = new Date(0);
dateWithProp.note = 'x';
console.log(dateWithProp);
console.log(/abc/, /a\/b/gi, /[\n]/msuy, new RegExp(''), new RegExp('a/b'));
const reWithProp = /x/;
reWithProp.prop = 1;
console.log(reWithProp);

section('boxed primitives');
console.log(new Number(3), new Number(-0), new String('ab'), new Boolean(true));
console.log(Object(1n), Object(Symbol('boxed')));
const boxedWithProp = new String('hi');
boxedWithProp.extra = 1;
console.log(boxedWithProp);
console.log([new Number(1), new String("it's")]);

section('typed arrays and buffers');
console.log(new Uint8Array([1, 2, 3]));
console.log(new Uint8Array(0), new Float32Array(0));
console.log(new Int16Array([-1, 2, -3]));
console.log(new Float64Array([0.5, -0, NaN, Infinity]));
console.log(new BigInt64Array([1n, -2n]), new BigUint64Array(1));
console.log(new Uint8ClampedArray([300, -5]));
console.log(new Uint8Array(150));
console.log(new Uint32Array(Array.from({ length: 20 }, (_, i) => i * 1000)));
console.log(new ArrayBuffer(0));
console.log(new ArrayBuffer(4));
console.log(new Uint8Array([1, 2, 255]).buffer);
console.log(new ArrayBuffer(120));
console.log(new DataView(new ArrayBuffer(3), 1));
console.log(new SharedArrayBuffer(2));
console.log({ bytes: new Uint8Array([9, 8]) });
const taWithProp = new Uint8Array(2);
taWithProp.extra = 'x';
console.log(taWithProp);

section('promises');
console.log(Promise.resolve(1));
console.log(Promise.resolve({ a: [1, 2] }));
console.log(new Promise(() => {}));
const rejected = Promise.reject(noStack(new Error('nope')));
rejected.catch(() => {});
console.log(rejected);
const rejectedValue = Promise.reject(42);
rejectedValue.catch(() => {});
console.log(rejectedValue);
console.log([Promise.resolve('in array')]);
console.log(Promise.resolve(Promise.resolve(2)));
const promiseWithProp = Promise.resolve(0);
promiseWithProp.tag = 1;
console.log(promiseWithProp);

section('proxies');
console.log(new Proxy({ a: 1 }, {}));
console.log(new Proxy([1, 2, 3], { get() { throw new Error('traps are not called'); } }));
console.log(new Proxy(function target() {}, {}));
const revocable = Proxy.revocable({}, {});
revocable.revoke();
console.log(revocable.proxy);
console.log({ p: new Proxy(new Map([[1, 2]]), {}) });

section('cycles');
const cyc = { name: 'root' };
cyc.self = cyc;
console.log(cyc);
const cycArr = [1];
cycArr.push(cycArr);
console.log(cycArr);
const a1 = { name: 'a' };
const b1 = { name: 'b', a: a1 };
a1.b = b1;
console.log(a1, [a1]);
const two = { x: {} };
two.x.parent = two;
two.y = { x: two.x };
two.y.y = two.y;
console.log(two);
const cycMap = new Map();
cycMap.set('me', cycMap);
console.log(cycMap);
const shared = { s: 1 };
console.log({ first: shared, second: shared });

section('other objects');
console.log(new WeakRef({}));
console.log((function () { return arguments; })(1, 'two'));
console.log((function () { return arguments; })());
console.log(Math);
console.log(JSON);
console.log(Reflect.ownKeys({ b: 1, a: 2, 1: 3 }));
console.log([undefined, null], [null]);
console.log(Object.assign(Object.create(null), { [Symbol.toStringTag]: 'NullTagged' }));
const gObj = (function* () {})();
console.log(typeof gObj);

section('format substitutions');
console.log('%s', 'str');
console.log('%s and %s', 'one', 'two');
console.log('%s', 42, 'extra', 7);
console.log('%s %s %s %s', -0, 5n, null, undefined);
console.log('%s', { a: { b: { c: 1 } } });
console.log('%s', [1, [2, [3]]]);
console.log('%s', Symbol('s'));
console.log('%s', { toString() { return 'custom toString'; } });
class WithToString {
  toString() {
    return 'class toString';
  }
}
console.log('%s', new WithToString());
console.log('%s', noStack(new Error('err in %s')));
console.log('%s', function fn() {});
console.log('%d', 42.5, '%d', '42');
console.log('%d %d %d %d', '0x10', '', null, {});
console.log('%d', 10n, '%i', 3n);
console.log('%i %i %i', 42.9, '-7.5px', 'abc');
console.log('%f %f %f', '3.25xyz', 1e3, 'no');
console.log('%j', { a: [1, 'two'], b: null });
console.log('%j', 'str', '%j');
const circ = {};
circ.c = circ;
console.log('%j', circ);
console.log('%j', undefined);
console.log('%o', { a: 1, b: 'x' });
console.log('%o', [1, 2]);
console.log('%O', { a: { b: { c: { d: 1 } } } });
console.log('%c styled %c', 'color: red', 'font-weight: bold');
console.log('100%% sure', 'and more');
console.log('%%s is literal', 1);
console.log('%x unknown %s', 'a');
console.log('trailing %');
console.log('%s');
console.log('%s %s', 'only one');
console.log('no substitutions', 'second', 3, { four: 4 });
console.log(5, '%s', 'first arg not a string');
console.log('%s', 'a\nb');
console.log('%o', 'str');

section('multiple arguments');
console.log('label:', { a: 1 }, [1, 2], 'tail');
console.log({ a: 1 }, { b: 2 });
console.log(null, undefined, 'x', 1);
console.log();

section('error stream');
console.error('to stderr', { a: 1 });
console.warn('warn %s', 'formatted');
console.info('info goes to stdout');
console.debug('debug goes to stdout');

section('console.dir');
console.dir({ a: { b: { c: { d: 1 } } } });
console.dir({ a: { b: { c: { d: 1 } } } }, { depth: 0 });
console.dir({ a: { b: { c: { d: { e: 1 } } } } }, { depth: null });
console.dir('a string is inspected');
console.dir([1, 2, 3], { maxArrayLength: 2 });
console.dir('abcdefghij', { maxStringLength: 4 });
console.dir({ z: 1, a: 2, m: 3 }, { sorted: true });
console.dir({ a: [1, 2, 3], b: 'long string value here' }, { breakLength: 20 });
console.dir({ a: { b: 1 } }, { compact: false });
console.dir({ a: [1, 2, { b: 1 }] }, { compact: true });
console.dir([1, 2], { showHidden: true });

section('console.assert');
console.assert(true, 'not shown');
console.assert(1 === 1);
console.assert(false);
console.assert(0, 'zero is falsy');
console.assert(false, 'value: %s', 'formatted', { extra: 1 });
console.assert(false, { an: 'object' });

section('console.count');
console.count();
console.count();
console.count('apples');
console.count('apples');
console.count('default');
console.countReset('apples');
console.count('apples');
console.count(1);

section('console.group');
console.group('Group A');
console.log('inside A');
console.log({ multi: 'line', object: { with: 'many keys to break', over: 'several lines of output' } });
console.group();
console.log('nested');
console.error('nested error');
console.groupEnd();
console.groupCollapsed('collapsed');
console.log('in collapsed');
console.groupEnd();
console.groupEnd();
console.groupEnd();
console.log('back at top');

section('console.table');
console.table([{ a: 1, b: 'x' }, { a: 2, c: true }]);
console.table([[1, 2], [3, 4, 5]]);
console.table({ r1: { c: 1 }, r2: { c: 2 } });
console.table([1, 'two', { three: 3 }]);
console.table(new Map([['k1', 'v1'], ['k2', { nested: true }]]));
console.table(new Set(['s1', 's2']));
console.table([{ a: 1, b: 2 }, { a: 3, b: 4 }], ['a']);
console.table([{ name: 'Alice', tags: ['x', 'y', 'z', 'w'] }, { name: 'Bob', obj: { p: 1, q: 2, r: 3 } }]);
console.table([]);
console.table(5);
console.table('not tabular');
console.table([{ long: 'a much longer cell value' }, { long: 's' }]);
console.table([{ '漢字': '漢字' }]);

section('iterators');
console.log(new Map([[1, 2], [3, 4]]).keys(), new Map([[1, 2]]).values());
console.log(new Map([['a', { b: 1 }]]).entries(), new Set(['x']).entries());
console.log(new Set([1, 2, 3]).values());
const partlyUsed = new Set([1, 2, 3]).values();
partlyUsed.next();
console.log(partlyUsed);
console.log([new Map().keys()]);
console.log([1, 2][Symbol.iterator](), 'ab'[Symbol.iterator]());

section('null prototypes');
console.log(Object.setPrototypeOf(new Map([[1, 2]]), null));
console.log(Object.setPrototypeOf(new Set([1]), null));
console.log(Object.setPrototypeOf(function named() {}, null));
console.log(Object.setPrototypeOf(noStack(new Error('np')), null));
console.log(Object.setPrototypeOf(new Uint8Array(2), null));
console.log(Object.setPrototypeOf(new Date(0), null));
console.log(Object.setPrototypeOf(/re/g, null));
console.log(Object.setPrototypeOf(Promise.resolve(3), null));
console.log(Object.setPrototypeOf(new Number(3), null));
console.log(Object.setPrototypeOf(class K {}, null));

section('colors');
console.dir({ n: 1, s: 'str', b: true, u: undefined, nul: null, sym: Symbol('c'), big: 2n }, { colors: true });
console.dir([new Date(0), /re/, function f() {}, [1, , 2], new Map([[1, {}]])], { colors: true });
console.dir({ deep: { deeper: { deepest: {} } }, circ: null, err: noStack(new Error('c')) }, { colors: true });
console.dir([new Number(1), new String('s'), Object(Symbol('b'))], { colors: true });
console.dir(Array.from({ length: 12 }, (_, i) => i * 100), { colors: true });

section('show hidden');
console.dir([1, 2], { showHidden: true });
console.dir(Object.defineProperty({ v: 1 }, 'hidden', { value: 2 }), { showHidden: true });
console.dir(new Map([[1, 2]]), { showHidden: true });
console.dir(Object.defineProperty({}, 'acc', { get() { return 1; } }), { showHidden: true });
console.log('%o', { f: [1, { g: 2 }], s: 'x' });

section('more tables, substitutions and options');
console.table({ a: 1, b: 'two' });
console.table([{ x: 1 }, 'prim', { y: 2 }]);
console.table([[1, [2, 3, 4, 5]], { k: { a: 1, b: 2, c: 3 } }]);
console.table([{ a: 1 }, { a: 2 }], ['a', 'missing']);
console.table(new Map([[{ k: 1 }, [1, 2]]]));
console.table([new Date(0)]);
console.table([{ 1: 'one', b: 'bee', 0: 'zero' }]);
console.table([Symbol('s'), 1n, null, undefined]);
console.table(new Uint8Array([1, 2]));
console.table([{ a: 'x'.repeat(3) }], []);
console.log('%s', { [Symbol.toPrimitive]() { return 'prim'; } });
console.log('%s', Object.assign(Object.create({ toString() { return 'inherited'; } }), { a: 1 }));
console.log('%s %s', new Proxy({}, {}), [Symbol('in')]);
console.log('%d', '1e3', '%i', '1e3');
console.log('%f', '  42.5  ');
console.log('a', 'b', '%s', 'c');
console.log('%s:%s', 'a');
console.log('%', 1);
console.log('%%', 1);
console.log('%%%s', 1);
console.log('%-s', 1);
console.log('%5d', 1);
console.dir({ a: 'x'.repeat(20) }, { maxStringLength: 5 });
console.dir(Array.from({ length: 30 }, (_, i) => i), { maxArrayLength: 0 });
console.dir(new Map([[1, 2], [3, 4]]), { maxArrayLength: 1 });
console.dir({ a: 1, b: { c: 2 } }, { compact: 1 });
console.dir({ a: 1, b: { c: 2 } }, { compact: 0 });
console.dir([[1, 2], [3]], { breakLength: 3 });
console.dir({ a: [1, 2, 3], b: { c: { d: 1 } } }, { compact: true, breakLength: 10 });
console.dir({ b: 1, a: { d: 1, c: 2 }, arr: [3, 1, 2] }, { sorted: true });
console.dir(new Set([3, 1, 2]), { sorted: true });
console.dir(null, { depth: 0 });
console.dir([{}], { depth: -1 });

section('custom inspect');
{
const custom = Symbol.for('nodejs.util.inspect.custom');
class Money { constructor(v) { this.v = v; } [custom](depth, opts, inspect) { return `Money<${this.v}>`; } }
console.log(new Money(5), [new Money(1)], { m: new Money(2) });
class Multi { [custom]() { return 'line1\nline2'; } }
console.log({ a: { b: new Multi() } });
class Replaced { [custom]() { return { replaced: true }; } }
console.log(new Replaced());
class Self { constructor() { this.x = 1; } [custom]() { return this; } }
console.log(new Self());
class Opts { [custom](depth, opts, inspect) { return `depth=${depth} colors=${opts.colors} ${opts.stylize('s', 'string')} ${inspect({ a: [1] }, { compact: false })} keys=${Object.keys(opts).join(',')}`; } }
console.log(new Opts());
console.log({ x: { y: new Opts() } });
console.dir(new Money(3));
console.dir(new Money(3), { customInspect: true });
console.log(Money.prototype);
console.log('%o', new Money(4));
}

section('show hidden: weak collections, typed arrays, errors');
{
const k1 = { a: 1 }, k2 = { b: 2 };
const wm = new WeakMap([[k1, 'one'], [k2, [2]]]);
const ws = new WeakSet([k1, k2]);
console.dir(wm, { showHidden: true });
console.dir(ws, { showHidden: true });
console.log('%o', new WeakSet([k2]));
console.dir(new Uint8Array(2), { showHidden: true });
console.dir(Object.assign(noStack(new Error('hid')), {}), { showHidden: true });
console.dir([new Map([[1, 2]]), new Set([1])], { showHidden: true });
}

section('%o on functions and deep arrays');
console.log('%o', () => {});
console.log('%o', class A { m() {} });
console.log('%o', function strictFn(a) {});
console.log('%o', { f: (x, y) => x });
console.log('%o', [1, [2, [3, [4, [5, [6]]]]]]);
console.log('%O', [1, [2, [3, [4, [5, [6]]]]]]);

console.log('--- end');
