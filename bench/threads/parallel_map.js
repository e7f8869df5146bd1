// Parallel map of 100,000 objects into one shared results array, on
// THREADS threads taking chunks from an Atomics.add counter. The runner
// evaluates this file, then times `parallelMap(threads)`.
const N = 100_000;
const CHUNK = 500;
const items = [];
for (let i = 0; i < N; i++) items.push({ id: i, x: (i % 1000) / 10, y: (i * 7 % 1000) / 10 });
const results = new Array(N).fill(0);

function score(p) {
  // A little numeric work per object.
  let acc = 0;
  for (let k = 1; k <= 20; k++) acc += Math.sqrt(p.x * k + p.y) / k;
  return acc;
}

function parallelMap(threads) {
  const work = { next: 0 };
  const worker = () => {
    for (;;) {
      const start = Atomics.add(work, "next", CHUNK);
      if (start >= N) return;
      const end = Math.min(start + CHUNK, N);
      for (let i = start; i < end; i++) results[i] = score(items[i]);
    }
  };
  const ts = [];
  for (let t = 0; t < threads; t++) ts.push(new Thread(worker));
  ts.forEach(t => t.join());
  let sum = 0;
  for (let i = 0; i < N; i++) sum += results[i];
  return Math.round(sum);
}
