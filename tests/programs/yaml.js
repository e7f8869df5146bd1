// yaml (eemeli/yaml): parse documents to JS and to a Document AST, edit the
// AST (comments survive), stringify with options, YAML 1.1 and custom tags,
// and the library's own errors and warnings.
import YAML, { parseDocument, parseAllDocuments, stringify, parse, isMap, isSeq, isScalar, visit, Scalar, YAMLMap } from 'yaml';
import source from './js-yaml.yaml' with { type: 'text' };

const docs = parseAllDocuments(source);
console.log(`documents: ${docs.length} errors ${docs.map((d) => d.errors.length).join(',')} warnings ${docs.map((d) => d.warnings.map((w) => w.code).join('+')).join(',')}`);
const replacer = (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `<${v}>` : v);
console.log(JSON.stringify(docs.map((d) => d.toJS({ maxAliasCount: 100 })), replacer));

const doc = parseDocument(`# Settings
server:
  host: localhost # inline
  port: 8080
  tags: [a, b]
# trailing comment
`);
doc.setIn(['server', 'port'], 9090);
doc.addIn(['server', 'tags'], 'c');
doc.setIn(['server', 'tls'], doc.createNode({ cert: '/etc/cert.pem', enabled: true }));
doc.deleteIn(['server', 'host']);
doc.commentBefore = ' edited';
console.log(doc.toString().trimEnd());
let scalars = 0;
visit(doc, { Scalar(key, node) { scalars++; if (node.value === true) return new Scalar('yes-bool'); } });
console.log(`visited ${scalars} scalars; after visit: ${JSON.stringify(doc.toJS())}`);
console.log(`types: ${isMap(doc.contents)} ${isSeq(doc.getIn(['server', 'tags']))} ${isScalar(doc.getIn(['server', 'port'], true))} ${doc.contents instanceof YAMLMap}`);

const data = { str: 'multi\nline\ntext', num: 1e21, neg: -0, date: new Date(Date.UTC(2024, 1, 29)), list: [1, [2, [3]], { a: null }], set: new Set(['x', 'y']), map: new Map([[1, 'one'], [[2], 'two']]), long: 'word '.repeat(30).trim(), quote: "it's \"q\"", special: ': - # { } [ ] , & * ! | > % @ `', empty: '', t: 'true', n: '012' };
console.log(stringify(data).trimEnd());
console.log('--- options');
console.log(stringify(data, { indent: 4, lineWidth: 40, minContentWidth: 10, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', collectionStyle: 'flow', sortMapEntries: true }).trimEnd());
console.log(`yaml 1.1: ${JSON.stringify(parse('a: yes\nb: 0o17\nc: 017\nd: 1:30\ne: ~\nf: !!binary aGVsbG8=\n', { version: '1.1' }), (k, v) => (v instanceof Uint8Array ? Array.from(v) : v))}`);
const tagged = parse('p: !point [1, 2]\nq: !!set {a, b}', { customTags: [{ tag: '!point', collection: 'seq', resolve: (seq) => ({ x: seq.items[0].value, y: seq.items[1].value }) }], version: '1.1' });
console.log(`custom tag: ${JSON.stringify(tagged, (k, v) => (v instanceof Set ? [...v] : v))}`);
for (const bad of ['a: b: c', 'key: [unclosed', '- a\n b: c', 'a: 1\na: 2', 'x: *missing', '\tkey: tab']) {
  const d = parseDocument(bad);
  console.log(`${JSON.stringify(bad)}: ${d.errors.map((e) => `${e.code}@${e.linePos && e.linePos[0].line}:${e.linePos && e.linePos[0].col}`).join(' ') || 'ok'}`);
}
console.log(`default export: ${typeof YAML.parse} ${YAML.stringify({ round: YAML.parse('[1, {a: b}]') }).trim()}`);
