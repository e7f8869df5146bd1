// Eight threads allocate and share objects while the collector runs
// (the runner sets a GC stress mode for this file).
const THREADS = 8;
const shared = { lists: [] };
const lock = new Lock();
const ts = [];
for (let t = 0; t < THREADS; t++) ts.push(new Thread(() => {
  let keep = null;
  for (let i = 0; i < 200; i++) {
    const node = { t, i, next: keep, text: "n" + i, arr: [i, i + 1] };
    if (i % 10 === 0) lock.hold(() => shared.lists.push(node));
    keep = i % 50 === 0 ? null : node;
  }
  return keep;
}));
const tails = ts.map(x => x.join());
for (let t = 0; t < THREADS; t++) {
  let n = tails[t], len = 0;
  while (n) { assertEq(n.t, t, "node owner"); assertEq(n.text, "n" + n.i, "node text"); n = n.next; len++; }
  assertEq(len, 49, "chain of thread " + t);
}
assertEq(shared.lists.length, THREADS * 20, "shared nodes");
for (const node of shared.lists) assertEq(node.arr[1], node.i + 1, "shared node intact");
finished = true;
console.log("finished");
