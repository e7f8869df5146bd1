// A shared cache: one Map guarded by one Lock. Each key is computed once,
// however many threads ask for it at the same time.
const cache = new Map();
const lock = new Lock();
const computed = { count: 0 };

function slowSquare(n) {
  Atomics.add(computed, "count", 1);
  let x = 0;
  for (let i = 0; i < 1000; i++) x += n;
  return x * n / 1000;
}

function cachedSquare(n) {
  return lock.hold(() => {
    if (!cache.has(n)) cache.set(n, slowSquare(n));
    return cache.get(n);
  });
}

const threads = [];
for (let t = 0; t < 4; t++) {
  threads.push(new Thread(() => {
    let sum = 0;
    for (let n = 0; n < 100; n++) sum += cachedSquare(n);
    return sum;
  }));
}
const sums = threads.map(t => t.join());
print("sums agree:", sums.every(s => s === sums[0]), sums[0]);
print("cache size:", cache.size);
print("computed once per key:", computed.count === 100);
