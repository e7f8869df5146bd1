import { a, fromA } from './a.mjs';
export let b = 'b';
export function fromB() { return 'hoisted b'; }
export function readA() { return a; }
// b runs first: a's function exists already, its let is in the TDZ.
print('b runs:', fromA());
try {
  print(a);
} catch (e) {
  print('TDZ:', e.constructor.name);
}
