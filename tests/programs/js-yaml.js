// js-yaml: parse a multi-document YAML file, dump it back with several
// options, round-trip it, report js-yaml's own errors for bad input, and
// load under the YAML 1.1 and core schemas.
import * as yaml from 'js-yaml';
import source from './js-yaml.yaml' with { type: 'text' };

const docs = yaml.loadAll(source);
console.log(`documents: ${docs.length}`);
const replacer = (key, value) => {
  if (typeof value === 'number' && !Number.isFinite(value)) return `<${value}>`;
  if (value instanceof Date) return `<date ${value.toISOString()}>`;
  return value;
};
console.log(JSON.stringify(docs, replacer, 2));

const first = docs[0];
console.log(yaml.dump(first).trimEnd());
console.log('--- flow, sorted, no refs');
console.log(yaml.dump(first, { flowLevel: 1, sortKeys: true, noRefs: true, lineWidth: 40 }).trimEnd());
console.log('--- json schema dump of a shared object');
const shared = { x: 1 };
console.log(yaml.dump({ a: shared, b: shared, list: [shared], 'key: colon': 'yes', n: 'null', t: 'true', s: '012' }, { schema: yaml.JSON_SCHEMA }).trimEnd());

const again = yaml.load(yaml.dump(first));
console.log(`round trip equal: ${JSON.stringify(again, replacer) === JSON.stringify(first, replacer)}`);

for (const bad of ['a: b: c', 'key: [unclosed', '- a\n b: c', '? x\n? x\n', 'x: !!int nope', 'x: *missing']) {
  try {
    console.log(`loaded ${JSON.stringify(yaml.load(bad))}`);
  } catch (e) {
    console.log(`${e.name}: ${e.reason} at line ${e.mark && e.mark.line}, column ${e.mark && e.mark.column}`);
  }
}
const yaml11 = yaml.load('a: yes\nb: off\nc: 0x1F\nd: 010\ne: 1_000\nf: 2001-12-14t21:59:43.10-05:00\ng: <<\n', { schema: yaml.YAML11_SCHEMA });
console.log(`YAML 1.1 schema: ${JSON.stringify(yaml11, replacer)}`);
const core = yaml.load('a: yes\nb: off\nc: 0x1F\nd: 010\ne: 1_000\nf: 2001-12-14t21:59:43.10-05:00\n', { schema: yaml.CORE_SCHEMA });
console.log(`core schema: ${JSON.stringify(core, replacer)}`);
let events = 0;
const kinds = {};
for (const e of yaml.parseEvents(source)) {
  events++;
  kinds[e.type ?? e.kind ?? e[0]] = (kinds[e.type ?? e.kind ?? e[0]] || 0) + 1;
}
console.log(`events: ${events} ${JSON.stringify(kinds)}`);
