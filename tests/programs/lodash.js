// lodash: a workout of many functions; every result printed as JSON.
import _ from 'lodash';

const show = (label, value) => console.log(`${label}: ${JSON.stringify(value)}`);

const people = [
  { name: 'Ada', age: 36, team: 'core', tags: ['rust', 'js'] },
  { name: 'Brendan', age: 61, team: 'lang', tags: ['js'] },
  { name: 'Grace', age: 85, team: 'core', tags: ['cobol'] },
  { name: 'Linus', age: 54, team: 'kernel', tags: ['c', 'git'] },
  { name: 'Barbara', age: 84, team: 'lang', tags: ['clu'] },
  { name: 'Ken', age: 81, team: 'kernel', tags: ['c', 'go'] },
];

show('chunk', _.chunk(_.range(11), 3));
show('groupBy', _.mapValues(_.groupBy(people, 'team'), (g) => _.map(g, 'name')));
show('sortBy', _.map(_.sortBy(people, ['team', 'age']), 'name'));
show('orderBy', _.map(_.orderBy(people, ['age'], ['desc']), (p) => `${p.name}:${p.age}`));
show('countBy', _.countBy(people, (p) => Math.floor(p.age / 10) * 10));
show('keyBy', _.mapValues(_.keyBy(people, 'name'), 'age'));
show('partition', _.partition(_.range(10), (n) => n % 3 === 0));
show('flatMap tags', _.uniq(_.flatMap(people, 'tags')).sort());
show('sumBy/meanBy', [_.sumBy(people, 'age'), _.meanBy(people, 'age'), _.maxBy(people, 'age').name, _.minBy(people, 'age').name]);
show('zip/unzip', [_.zip(['a', 'b', 'c'], [1, 2, 3], [true]), _.unzip([['a', 1], ['b', 2]])]);
show('set ops', [_.union([3, 1], [2, 3]), _.intersection([1, 2, 3, 4], [2, 4, 6]), _.difference([1, 2, 3, 4], [2, 4]), _.xor([1, 2], [2, 3])]);
show('uniqBy', _.uniqBy([2.1, 1.2, 2.3, 3.4, 1.9], Math.floor));
show('pick/omit', [_.pick(people[0], ['name', 'team']), _.omit(people[1], ['tags', 'age'])]);
show('get/set/has', (() => {
  const o = {};
  _.set(o, 'a[0].b.c', 4);
  _.set(o, ['x', 'y'], 'z');
  return [o, _.get(o, 'a[0].b.c'), _.get(o, 'a.1.b', 'dflt'), _.has(o, 'x.y'), _.hasIn(o, 'toString')];
})());
const deep = { a: [1, { b: new Date(Date.UTC(2020, 1, 29)), c: /x+/gi }], m: new Map([[1, 'one']]), s: new Set([1, 2]) };
const cloned = _.cloneDeep(deep);
show('cloneDeep', [cloned !== deep, cloned.a[1] !== deep.a[1], cloned.a[1].b.toISOString(), String(cloned.a[1].c), cloned.m.get(1), [...cloned.s], _.isEqual(cloned, deep)]);
show('merge', _.merge({ a: [{ b: 2 }, { d: 4 }], k: { x: 1 } }, { a: [{ c: 3 }, { e: 5 }], k: { y: 2 } }));
show('defaultsDeep', _.defaultsDeep({ a: { b: 2 } }, { a: { b: 1, c: 3 }, d: 4 }));
show('isEqual', [_.isEqual({ a: [1, 2, { b: NaN }] }, { a: [1, 2, { b: NaN }] }), _.isEqual([1, 2], [2, 1]), _.isEqual(new Set([1, 2]), new Set([2, 1]))]);
show('strings', [
  _.camelCase('Foo Bar-baz_qux'), _.kebabCase('fooBarBaz HTTPServer'), _.snakeCase('XMLHttpRequest2'),
  _.startCase('--foo-bar--'), _.capitalize('hELLO'), _.upperFirst('élan'), _.deburr('déjà vu Ångström'),
  _.escape('<a href="x">&\'</a>'), _.unescape('&lt;b&gt; &amp;amp; &#39;'), _.escapeRegExp('[lodash](https://lodash.com/)'),
  _.pad('abc', 8, '_-'), _.padStart('42', 6, '0'), _.truncate('hi-diddly-ho there, neighborino', { length: 24, separator: /,? +/ }),
  _.words('fred, barney, & pebbles'), _.words('camelCaseHTMLWord42x'), _.repeat('ab', 3), _.trim('  -_-abc-_-  ', ' _-'),
]);
const compiled = _.template('<% _.forEach(users, function(u) { %><li><%- u.name %> (<%= u.age %>)</li><% }); %> ${ total }');
show('template', compiled({ users: people.slice(0, 3), total: 3 }));
show('template escape', _.template('<b><%- value %></b>')({ value: '<script>&' }));
const fib = _.memoize((n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)));
show('memoize', [fib(80), fib.cache.size]);
const add3 = _.curry((a, b, c) => a + b + c);
show('curry', [add3(1)(2)(3), add3(1, 2)(3), add3(_, 2)(1, 3)]);
show('flow', _.flow([_.add, (n) => n * n, String])(2, 3));
show('partial', _.partial((a, b, c) => [a, b, c], 'x', _, 'z')('y'));
show('chain', _.chain(people).filter((p) => p.age > 60).map((p) => p.name.toUpperCase()).sortBy().join('+').value());
show('range', [_.range(0, 20, 5), _.range(5, 0, -2), _.rangeRight(4)]);
show('numbers', [_.clamp(-10, -5, 5), _.inRange(3, 2, 4), _.round(4.006, 2), _.floor(0.046, 2), _.ceil(6040, -2), _.sum([4, 2, 8, 6]), _.mean([4, 2, 8, 6])]);
show('types', [_.isPlainObject(Object.create(null)), _.isArrayLike('abc'), _.isTypedArray(new Uint8Array(2)), _.isArguments((function () { return arguments; })()), _.isNative(Array.prototype.push), _.isError(new TypeError('x')), _.isSymbol(Symbol.iterator)]);
show('toPairs/fromPairs', [_.toPairs({ a: 1, b: 2 }), _.fromPairs([['x', 1], ['y', [2]]])]);
show('invert/invertBy', [_.invert({ a: 1, b: 2, c: 1 }), _.invertBy({ a: 1, b: 2, c: 1 })]);
show('transform', _.transform([2, 3, 4], (acc, n) => { acc.push(n * n); return n < 3; }, []));
show('times/constant', [_.times(4, String), _.times(2, _.constant('k'))]);
show('sortedIndex', [_.sortedIndex([30, 50], 40), _.sortedIndexBy([{ x: 4 }, { x: 5 }], { x: 4 }, 'x'), _.sortedUniq([1, 1, 2, 3, 3])]);
show('flattenDeep', [_.flattenDeep([1, [2, [3, [4]], 5]]), _.flattenDepth([1, [2, [3, [4]], 5]], 2)]);
show('take/drop', [_.takeWhile([1, 2, 3, 4, 1], (n) => n < 3), _.dropRightWhile([1, 2, 3, 4], (n) => n > 2), _.take([1, 2, 3], 2)]);
show('mapKeys', _.mapKeys({ a: 1, b: 2 }, (v, k) => k + v));
show('size/sample-free', [_.size({ a: 1, b: 2 }), _.size('pebbles'), _.size(new Map([[1, 2]]))]);
show('lazy seq', _(_.range(1, 1000)).map((n) => n * 3).filter((n) => n % 7 === 0).take(5).value());
show('toPath/toString', [_.toPath('a[0].b["c.d"]'), _.toString([1, [2, null], -0]), _.toNumber('0b101'), _.toInteger('3.9'), _.toSafeInteger(Infinity)]);
show('VERSION', _.VERSION);
