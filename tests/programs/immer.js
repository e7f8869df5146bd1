// immer: immutable updates through Proxy drafts (objects, arrays, Map,
// Set), structural sharing, patches, freezing, curried producers.
import { produce, enableMapSet, enablePatches, applyPatches, produceWithPatches, current, original, isDraft, freeze, createDraft, finishDraft, nothing } from 'immer';

enableMapSet();
enablePatches();

const base = {
  user: { name: 'Ada', roles: ['admin'], prefs: { theme: 'dark', fontSize: 14 } },
  todos: Array.from({ length: 5 }, (_, i) => ({ id: i, title: `task ${i}`, done: i % 2 === 0 })),
  index: new Map([['a', { n: 1 }], ['b', { n: 2 }]]),
  seen: new Set(['x', 'y']),
};

const next = produce(base, (draft) => {
  draft.user.prefs.fontSize += 2;
  draft.user.roles.push('editor');
  draft.todos[1].done = true;
  draft.todos.splice(3, 1);
  draft.todos.push({ id: 99, title: 'new', done: false });
  draft.index.get('a').n = 10;
  draft.index.set('c', { n: 3 });
  draft.seen.add('z');
  draft.seen.delete('x');
});
const show = (s) => JSON.stringify(s, (k, v) => (v instanceof Map ? { map: [...v] } : v instanceof Set ? { set: [...v] } : v));
console.log(`base unchanged: ${show(base)}`);
console.log(`next: ${show(next)}`);
console.log(`sharing: user ${next.user === base.user} prefs ${next.user.prefs === base.user.prefs} todo0 ${next.todos[0] === base.todos[0]} todo1 ${next.todos[1] === base.todos[1]} b ${next.index.get('b') === base.index.get('b')}`);
console.log(`frozen: ${Object.isFrozen(next)} ${Object.isFrozen(next.todos)} ${Object.isFrozen(next.todos[4])} ${Object.isFrozen(base)}`);
console.log(`no-op returns base: ${produce(base, (d) => { d.user.name = 'Ada'; }) === base}`);

const [state, patches, inverse] = produceWithPatches({ list: [1, 2, 3], obj: { a: 1 } }, (d) => {
  d.list.reverse();
  d.list.push(4);
  delete d.obj.a;
  d.obj.b = { c: [1] };
});
console.log(`patches: ${JSON.stringify(patches)}`);
console.log(`inverse: ${JSON.stringify(inverse)}`);
console.log(`apply inverse: ${JSON.stringify(applyPatches(state, inverse))}`);

const toggle = produce((draft, id) => {
  const t = draft.find((x) => x.id === id);
  t.done = !t.done;
});
console.log(`curried: ${JSON.stringify(toggle(base.todos, 2).map((t) => t.done))}`);

produce(base, (draft) => {
  draft.user.name = 'Grace';
  console.log(`inside: isDraft ${isDraft(draft)} ${isDraft(base)} current ${current(draft.user).name} original ${original(draft.user).name} keys ${Object.keys(draft.user).join(',')} in ${'prefs' in draft.user} json ${JSON.stringify(draft.user.prefs)}`);
});
console.log(`replace: ${JSON.stringify(produce({ a: 1 }, () => ({ b: 2 })))} nothing: ${produce({ a: 1 }, () => nothing)}`);
const draft = createDraft({ deep: { n: 1 } });
draft.deep.n++;
console.log(`manual draft: ${JSON.stringify(finishDraft(draft))}`);
try {
  produce(base, (d) => {
    d.user.name = 'x';
    return { other: true };
  });
} catch (e) {
  console.log(`error thrown: ${e instanceof Error}`);
}
const frozen = freeze({ a: { b: 1 } }, true);
try {
  'use strict';
  frozen.a.b = 2;
} catch (e) {
  /* sloppy or strict: checked below */
}
console.log(`deep freeze: ${frozen.a.b} ${Object.isFrozen(frozen.a)}`);
let big = { items: Array.from({ length: 2000 }, (_, i) => ({ i })) };
for (let round = 0; round < 20; round++) big = produce(big, (d) => { d.items[round * 7].i = -round; d.items.push({ i: round }); });
console.log(`many rounds: ${big.items.length} ${big.items.reduce((s, x) => s + x.i, 0)}`);
