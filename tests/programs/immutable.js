// immutable: persistent List, Map, OrderedMap, Set, Record, Seq; hash
// tries large enough to have several levels; equality and hashing.
import { List, Map, OrderedMap, Set, Record, Seq, Range, Repeat, fromJS, is, hash } from 'immutable';

let list = List();
for (let i = 0; i < 5000; i++) list = list.push(i * 3);
list = list.set(1234, -1).delete(10).insert(0, 'head').unshift('first');
console.log(`list: size ${list.size} first ${list.first()} last ${list.last()} get(1235) ${list.get(1235)} sum ${list.filter((x) => typeof x === 'number').reduce((a, b) => a + b, 0)}`);
console.log(`slice: ${list.slice(2, 8).toJS()} | ${list.skip(4990).toArray()} | ${list.takeLast(3).join('-')}`);

let map = Map();
for (let i = 0; i < 3000; i++) map = map.set(`key${i}`, i);
map = map.delete('key7').update('key8', (v) => v * 100).merge({ extra: 'yes', key9: 'nine' });
console.log(`map: size ${map.size} key8 ${map.get('key8')} key7 ${map.has('key7')} key9 ${map.get('key9')} extra ${map.get('extra')} total ${map.filter((v) => typeof v === 'number').reduce((a, b) => a + b, 0)}`);
const ordered = OrderedMap([['z', 1], ['a', 2], ['m', 3]]).set('b', 4).delete('a');
console.log(`ordered: ${JSON.stringify(ordered)} sorted ${JSON.stringify(ordered.sortBy((v, k) => k))}`);

const nested = fromJS({ a: { b: [1, 2, { c: 3 }] }, d: new Date(0).toISOString() });
const nested2 = nested.setIn(['a', 'b', 2, 'c'], 30).updateIn(['a', 'b'], (l) => l.push(4)).deleteIn(['d']);
console.log(`nested: ${JSON.stringify(nested2)} old ${nested.getIn(['a', 'b', 2, 'c'])} new ${nested2.getIn(['a', 'b', 2, 'c'])}`);
console.log(`equality: ${is(fromJS({ a: [1, 2] }), fromJS({ a: [1, 2] }))} ${is(Map({ a: 1 }), Map({ a: 2 }))} ${nested.equals(nested)} ${is(List([1, NaN]), List([1, NaN]))} ${is(0, -0)}`);
console.log(`hashes: ${[hash('hello'), hash(12345), hash(-1.5), hash(true), hash(null), hash(List([1, 2]).hashCode()), Map({ x: 1 }).hashCode(), Set(['a', 'b']).hashCode()].join(' ')}`);

const s1 = Set([1, 2, 3, 4]);
const s2 = Set([3, 4, 5]);
console.log(`sets: union ${s1.union(s2).toArray()} intersect ${s1.intersect(s2).toArray()} subtract ${s1.subtract(s2).toArray()} superset ${s1.isSuperset([1, 2])}`);

const Point = Record({ x: 0, y: 0, label: 'origin' }, 'Point');
const p = Point({ x: 3 }).set('y', 4);
console.log(`record: ${p.x},${p.y} ${p.label} ${JSON.stringify(p)} ${p.equals(Point({ x: 3, y: 4 }))} ${Record.getDescriptiveName(p)} ${p.toSeq().keySeq().toArray()}`);

const primes = Range(2, Infinity).filter((n) => Range(2, n).takeWhile((d) => d * d <= n).every((d) => n % d !== 0)).take(15);
console.log(`lazy primes: ${primes.toArray()}`);
console.log(`seq: ${Seq({ a: 1, b: 2, c: 3 }).map((v) => v * v).filter((v) => v > 1).toObject() && JSON.stringify(Seq({ a: 1, b: 2, c: 3 }).map((v) => v * v).filter((v) => v > 1))} ${Repeat('ab', 3).join('')} ${Range(0, 20, 4).toArray()}`);
console.log(`groupBy: ${JSON.stringify(List([1, 2, 3, 4, 5, 6]).groupBy((x) => (x % 3 === 0 ? 'three' : 'other')))}`);
console.log(`zip/flatten: ${JSON.stringify(List([1, 2, 3]).zip(List(['a', 'b'])))} ${JSON.stringify(fromJS([[1, [2]], [3]]).flatten())} ${JSON.stringify(fromJS([[1, [2]], [3]]).flatten(true))}`);
console.log(`toString: ${List([1, 'two', Map({ k: 'v' })]).toString()} ${Set([1]).toString()} ${p.toString()}`);
const iter = List(['x', 'y'])[Symbol.iterator]();
console.log(`iterators: ${JSON.stringify([...iter])} ${JSON.stringify([...Map({ a: 1 }).entries()])} ${[...Map({ a: 1, b: 2 }).keys()].join()}`);
const withMutations = List().withMutations((l) => { for (let i = 0; i < 100; i++) l.push(i); });
console.log(`withMutations: ${withMutations.size} ${withMutations.reduce((a, b) => a + b)}`);
