// uuid: name-based v3 (MD5) and v5 (SHA-1) UUIDs, and time-based v1, v6
// and v7 from fixed times and fixed random bytes; parse, stringify,
// validate, version, and v1<->v6 conversion.
import { v1, v3, v5, v6, v7, v1ToV6, v6ToV1, parse, stringify, validate, version, NIL, MAX } from 'uuid';

const names = ['', 'hello', 'www.example.com', 'é😀', 'x'.repeat(300)];
for (const n of names) {
  console.log(`${JSON.stringify(n.slice(0, 16))}: v3 dns ${v3(n, v3.DNS)} url ${v3(n, v3.URL)} v5 dns ${v5(n, v5.DNS)} url ${v5(n, v5.URL)}`);
}
const random = Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 255);
const times = [0, 1709210096789, 4102444800000];
for (const msecs of times) {
  const a = v1({ msecs, nsecs: 1234, clockseq: 0x1abc, node: Uint8Array.of(1, 2, 3, 4, 5, 6), random });
  const b = v6({ msecs, nsecs: 5678, clockseq: 0x0123, node: Uint8Array.of(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff), random });
  const c = v7({ msecs, random, seq: 42 });
  console.log(`${msecs}: v1 ${a} v6 ${b} v7 ${c} v1->v6 ${v1ToV6(a)} back ${v6ToV1(v1ToV6(a)) === a}`);
}
const ns = v5('my-namespace', v5.URL);
const bytes = parse(ns);
console.log(`parse: ${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')} stringify ${stringify(bytes) === ns} custom ns ${v5('child', ns)} ${v3('child', bytes)}`);
const buf = new Uint8Array(20);
v5('into buffer', v5.DNS, buf, 2);
console.log(`buffer: ${Array.from(buf).join(',')}`);
for (const u of [NIL, MAX, ns, 'not-a-uuid', '6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', '00000000-0000-0000-0000-00000000000g']) {
  console.log(`${u}: valid ${validate(u)} version ${validate(u) ? version(u) : '-'}`);
}
try {
  parse('nope');
} catch (e) {
  console.log(`parse error: ${e instanceof TypeError}`);
}
