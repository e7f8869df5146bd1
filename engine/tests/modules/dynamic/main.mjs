print('main starts');
const p = import('./target.mjs');
print('import() returned', p instanceof Promise);
const ns = await p;
print(ns.value, ns.default);
const again = await import('./target.mjs');
print('same namespace', again === ns);
try {
  await import('./does-not-exist.mjs');
} catch (e) {
  print('missing:', e.constructor.name);
}
