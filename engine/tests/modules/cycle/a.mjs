import { b, fromB, readA } from './b.mjs';
export let a = 'a';
export function fromA() { return 'hoisted a'; }
print('a runs: b =', b, '/', fromB(), '/', readA());
