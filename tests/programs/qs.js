// qs: query-string stringify and parse with nesting, arrays in every
// format, charsets, dots, depth limits and custom encoders.
import qs from 'qs';

const data = {
  a: 'b c',
  nested: { x: [1, 2, { y: 'z' }], deep: { er: { est: 'yes' } } },
  list: ['one', 'two & three', ''],
  empty: '',
  nul: null,
  unicode: 'é😀€',
  date: new Date(Date.UTC(2024, 1, 29, 12, 0, 0)),
  flag: true,
};
for (const arrayFormat of ['indices', 'brackets', 'repeat', 'comma']) {
  console.log(`${arrayFormat}: ${qs.stringify(data, { arrayFormat })}`);
}
console.log(`encodeValuesOnly: ${qs.stringify(data, { encodeValuesOnly: true })}`);
console.log(`allowDots, skipNulls: ${qs.stringify(data, { allowDots: true, skipNulls: true, encode: false })}`);
console.log(`iso-8859-1: ${qs.stringify({ a: 'æ ø å', b: '☺' }, { charset: 'iso-8859-1', charsetSentinel: true })}`);
console.log(`RFC1738: ${qs.stringify({ q: 'a b+c' }, { format: 'RFC1738' })} RFC3986: ${qs.stringify({ q: 'a b+c' })}`);
console.log(`sorted, filtered: ${qs.stringify({ c: 3, a: 1, b: 2, secret: 'x' }, { sort: (a, b) => a.localeCompare(b), filter: (k, v) => (k === 'secret' ? undefined : v) })}`);
console.log(`custom encoder: ${qs.stringify({ k: 'v', n: 5 }, { encoder: (s, enc, charset, type) => (type === 'key' ? s.toUpperCase() : `<${s}>`) })}`);

const queries = [
  'a=b&c=d&a=e',
  'a[b][c]=1&a[b][d]=2&a[e][]=3&a[e][]=4',
  'a[1]=b&a[0]=c&a[25]=z',
  'a.b.c=d&x[y]=z',
  '?lead=1&%E2%82%AC=euro&plus=a+b&pct=%25',
  'a[b][c][d][e][f][g][h]=deep',
  'utf8=%E2%9C%93&a=%F8',
  'utf8=%26%2310003%3B&a=%F8',
  'a=1,2,3&b[]=x',
  '__proto__[polluted]=1&constructor[prototype][bad]=2&hasOwnProperty=x',
  'a[]=1&a[]=2&a[]=3&a[]=4&a[]=5&a[]=6&a[]=7&a[]=8&a[]=9&a[]=10&a[]=11&a[]=12&a[]=13&a[]=14&a[]=15&a[]=16&a[]=17&a[]=18&a[]=19&a[]=20&a[]=21&a[]=22',
];
for (const q of queries) {
  console.log(`${q} => ${JSON.stringify(qs.parse(q, { ignoreQueryPrefix: true, allowDots: q.includes('.'), comma: q.includes(','), charsetSentinel: q.startsWith('utf8') }))}`);
}
console.log(`latin1: ${JSON.stringify(qs.parse('a=%F8&b=%E6', { charset: 'iso-8859-1' }))} interpretNumeric: ${JSON.stringify(qs.parse('a=%26%239786%3B', { charset: 'iso-8859-1', interpretNumericEntities: true }))}`);
console.log(`depth 1: ${JSON.stringify(qs.parse('a[b][c][d]=e', { depth: 1 }))} limit: ${JSON.stringify(qs.parse('a=1&b=2&c=3', { parameterLimit: 2 }))} delimiter: ${JSON.stringify(qs.parse('a=1;b=2|c=3', { delimiter: /[;|]/ }))}`);
console.log(`arrayLimit: ${JSON.stringify(qs.parse('a[100]=b'))} ${JSON.stringify(qs.parse('a[1]=b', { arrayLimit: 0 }))} parseArrays off: ${JSON.stringify(qs.parse('a[0]=b', { parseArrays: false }))}`);
console.log(`plainObjects: ${Object.getPrototypeOf(qs.parse('a=1', { plainObjects: true })) === null} allowPrototypes: ${JSON.stringify(qs.parse('toString=x', { allowPrototypes: true }))}`);
const round = qs.parse(qs.stringify(data));
console.log(`round trip: ${JSON.stringify(round)}`);
