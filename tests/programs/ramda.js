// ramda: point-free pipelines with currying, lenses, transducers and the
// other functional combinators, over a small data set.
import * as R from 'ramda';

const people = [
  { name: 'Ada', age: 36, langs: ['en', 'fr'], address: { city: 'London' } },
  { name: 'Alan', age: 41, langs: ['en'], address: { city: 'Manchester' } },
  { name: 'Grace', age: 85, langs: ['en', 'es'], address: { city: 'Arlington' } },
  { name: 'Linus', age: 54, langs: ['fi', 'sv', 'en'], address: { city: 'Portland' } },
  { name: 'Barbara', age: 84, langs: ['en'], address: { city: 'Boston' } },
];
const show = (label, v) => console.log(`${label}: ${R.toString(v)}`);

show('pipe', R.pipe(R.filter(R.propSatisfies(R.gt(R.__, 50), 'age')), R.sortBy(R.prop('age')), R.map(R.prop('name')))(people));
show('groupBy', R.map(R.map(R.prop('name')), R.groupBy((p) => (p.age > 60 ? 'senior' : 'junior'), people)));
show('evolve', R.evolve({ age: R.inc, address: { city: R.toUpper } }, people[0]));
const cityLens = R.lensPath(['address', 'city']);
show('lens', [R.view(cityLens, people[1]), R.set(cityLens, 'Paris', people[1]).address, R.over(cityLens, R.concat('Greater '), people[1]).address.city]);
show('curry', [R.add(1)(2), R.subtract(R.__, 3)(10), R.curryN(3, (a, b, c) => a + b + c)(1)(2, 3), R.flip(R.divide)(2, 10)]);
show('transduce', R.transduce(R.compose(R.map(R.multiply(3)), R.filter((n) => n % 2 === 0), R.take(4)), R.flip(R.append), [], R.range(1, 100)));
show('into', R.into([], R.compose(R.pluck('langs'), R.map(R.length)), people));
show('uniq/chain', R.uniq(R.chain(R.prop('langs'), people)).sort());
show('countBy/indexBy', [R.countBy(R.length, R.chain(R.prop('langs'), people)), R.keys(R.indexBy(R.prop('name'), people))]);
show('zip/xprod', [R.zipObj(['a', 'b', 'c'], [1, 2, 3]), R.xprod([1, 2], ['x', 'y']), R.transpose([[1, 2, 3], ['a', 'b']])]);
show('cond', R.map(R.cond([[R.equals(0), R.always('zero')], [R.lt(R.__, 0), R.always('neg')], [R.T, (n) => `pos ${n}`]]), [0, -5, 7]));
show('memoize/once', (() => { let calls = 0; const f = R.memoizeWith(String, (n) => { calls++; return n * n; }); f(4); f(4); f(5); const g = R.once(() => ++calls); g(); g(); return [calls]; })());
show('path/assocPath', [R.path(['address', 'city'], people[2]), R.pathOr('none', ['x', 'y'], {}), R.assocPath(['a', 'b', 0], 'v', {}), R.dissocPath(['address'], people[0])]);
show('merge', [R.mergeDeepRight({ a: { b: 1, c: [1] } }, { a: { b: 2, d: 3 } }), R.mergeWith(R.concat, { x: [1] }, { x: [2], y: 1 })]);
show('strings', [R.split(',', 'a,b,,c'), R.join('-', R.splitEvery(3, 'abcdefgh')), R.match(/([a-z])(\d)/g, 'a1 b2 c3'), R.replace(/o/g, '0', 'foo boo'), R.test(/^x/, 'xyz'), R.trim('  pad  ')]);
show('math', [R.sum([1, 2, 3.5]), R.product([1, 2, 3, 4]), R.mean([2, 4, 9]), R.median([7, 1, 3, 9]), R.clamp(1, 10, 42), R.modulo(-7, 3), R.mathMod(-7, 3)]);
show('equals', [R.equals({ a: [1, { b: NaN }] }, { a: [1, { b: NaN }] }), R.equals(new Map([[1, 2]]), new Map([[1, 2]])), R.equals(0, -0), R.identical(NaN, NaN)]);
show('toString', [R.toString({ b: [1, 'two', null, undefined], a: new Date(0), s: new Set([1]), f: -0 })]);
show('aperture/scan', [R.aperture(2, [1, 2, 3, 4]), R.scan(R.multiply, 1, [1, 2, 3, 4]), R.unfold((n) => (n > 50 ? false : [n, n * 2]), 1)]);
show('applySpec/converge', [R.applySpec({ total: R.sum, count: R.length, avg: R.converge(R.divide, [R.sum, R.length]) })([2, 4, 6])]);
show('partition/splitWhen', [R.partition(R.is(Number), [1, 'a', 2, null]), R.splitWhen(R.equals(3), [1, 2, 3, 4]), R.dropRepeats([1, 1, 2, 2, 1])]);
