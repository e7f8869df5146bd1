// What a racy program may observe (docs/threads.md), many threads × many
// iterations.
const THREADS = 8;
const N = 500;

// 3. Threads adding different properties to one object keep all of them.
{
  const o = {};
  const ts = [];
  for (let t = 0; t < THREADS; t++) ts.push(new Thread(() => { for (let i = 0; i < N / 5; i++) o["t" + t + "_" + i] = i; }));
  ts.forEach(x => x.join());
  assertEq(Object.keys(o).length, THREADS * (N / 5), "every added property is kept");
  for (let t = 0; t < THREADS; t++) for (let i = 0; i < N / 5; i++) assertEq(o["t" + t + "_" + i], i, "value of t" + t + "_" + i);
}

// 3. A write to an existing property is never lost to a racing shape
// transition.
{
  for (let round = 0; round < 5; round++) {
    const o = { x: -1 };
    const writer = new Thread(() => { for (let i = 0; i < N; i++) o.x = i; });
    const adder = new Thread(() => { for (let i = 0; i < 100; i++) o["p" + i] = i; });
    writer.join(); adder.join();
    assertEq(o.x, N - 1, "the last write of x survives the transitions");
    for (let i = 0; i < 100; i++) assertEq(o["p" + i], i, "added p" + i);
  }
}

// 4. Racing o.n++ may lose updates, but the result is a number between 1
// and the total.
{
  const c = { n: 0 };
  const ts = [];
  for (let t = 0; t < THREADS; t++) ts.push(new Thread(() => { for (let i = 0; i < N; i++) c.n++; }));
  ts.forEach(x => x.join());
  assertEq(typeof c.n, "number", "racy counter is a number");
  assertEq(Number.isInteger(c.n) && c.n >= 1 && c.n <= THREADS * N, true, "racy counter " + c.n + " in [1, total]");
}

// 5. Atomics.add and lock.hold counters are exact.
{
  const c = { n: 0, m: 0 };
  const lock = new Lock();
  const ts = [];
  for (let t = 0; t < THREADS; t++) ts.push(new Thread(() => {
    for (let i = 0; i < N; i++) { Atomics.add(c, "n", 1); lock.hold(() => { c.m++; }); }
  }));
  ts.forEach(x => x.join());
  assertEq(c.n, THREADS * N, "Atomics.add counter is exact");
  assertEq(c.m, THREADS * N, "lock.hold counter is exact");
}

// Racing push on one array keeps every element.
{
  const a = [];
  const ts = [];
  for (let t = 0; t < THREADS; t++) ts.push(new Thread(() => { for (let i = 0; i < N; i++) a.push(t * N + i); }));
  ts.forEach(x => x.join());
  assertEq(a.length, THREADS * N, "every pushed element is kept");
  const sorted = a.slice().sort((x, y) => x - y);
  for (let i = 0; i < sorted.length; i++) assertEq(sorted[i], i, "element " + i);
}

// Racing Map.set never corrupts the map.
{
  const m = new Map();
  const ts = [];
  for (let t = 0; t < THREADS; t++) ts.push(new Thread(() => {
    for (let i = 0; i < N; i++) { m.set("k" + t + "_" + i, i); if (i % 3 === 0) m.delete("k" + t + "_" + (i - 1)); }
  }));
  ts.forEach(x => x.join());
  let count = 0;
  for (const [k, v] of m) { count++; assertEq(typeof v, "number", "value of " + k); }
  assertEq(count, m.size, "iteration agrees with size");
  for (let t = 0; t < THREADS; t++) assertEq(m.get("k" + t + "_" + (N - 1)), N - 1, "last key of thread " + t);
}

// Data-race-free message passing through Atomics is sequentially
// consistent: the data written before the flag is seen after it.
{
  for (let round = 0; round < 20; round++) {
    const box = { data: 0, flag: 0 };
    const reader = new Thread(() => { while (Atomics.load(box, "flag") === 0) {} return box.data; });
    box.data = 42;
    Atomics.store(box, "flag", 1);
    assertEq(reader.join(), 42, "message passing");
  }
}

// Condition producer/consumer, several of each, with spurious-wakeup-safe
// loops: every item is consumed exactly once.
{
  const lock = new Lock(), notEmpty = new Condition(), notFull = new Condition();
  const queue = [];
  const CAP = 4, PRODUCERS = 3, CONSUMERS = 3, ITEMS = 100;
  const producers = [];
  for (let p = 0; p < PRODUCERS; p++) producers.push(new Thread(() => {
    for (let i = 0; i < ITEMS; i++) lock.hold(() => {
      while (queue.length >= CAP) notFull.wait(lock);
      queue.push(p * ITEMS + i);
      notEmpty.notify();
    });
  }));
  const consumers = [];
  for (let c = 0; c < CONSUMERS; c++) consumers.push(new Thread(() => {
    const got = [];
    for (;;) {
      const item = lock.hold(() => {
        while (queue.length === 0) notEmpty.wait(lock);
        const x = queue.shift();
        notFull.notify();
        return x;
      });
      if (item < 0) return got;
      got.push(item);
    }
  }));
  producers.forEach(x => x.join());
  for (let c = 0; c < CONSUMERS; c++) lock.hold(() => {
    while (queue.length >= CAP) notFull.wait(lock);
    queue.push(-1);
    notEmpty.notify();
  });
  const all = consumers.flatMap(x => x.join()).sort((a, b) => a - b);
  assertEq(all.length, PRODUCERS * ITEMS, "every item consumed once");
  for (let i = 0; i < all.length; i++) assertEq(all[i], i, "item " + i);
}

// Atomics.wait / notify on a property between threads.
{
  const s = { state: 0 };
  const waiters = [];
  for (let i = 0; i < 4; i++) waiters.push(new Thread(() => {
    while (Atomics.load(s, "state") === 0) Atomics.wait(s, "state", 0);
    return Atomics.load(s, "state");
  }));
  Atomics.store(s, "state", 1);
  Atomics.notify(s, "state");
  for (const w of waiters) assertEq(w.join(), 1, "woken waiter sees the store");
}
finished = true;
console.log("finished");
