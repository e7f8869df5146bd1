// The parallel map job in Node: worker_threads and postMessage (objects
// are copied to the workers and results copied back), for comparison
// with weft's shared heap. Prints the time of each thread count in ms.
import { Worker, isMainThread, parentPort } from "node:worker_threads";

function score(p) {
  let acc = 0;
  for (let k = 1; k <= 20; k++) acc += Math.sqrt(p.x * k + p.y) / k;
  return acc;
}

if (isMainThread) {
  const N = 100_000;
  const items = [];
  for (let i = 0; i < N; i++) items.push({ id: i, x: (i % 1000) / 10, y: (i * 7 % 1000) / 10 });
  const results = new Array(N).fill(0);
  const counts = process.argv.slice(2).map(Number);
  for (const threads of counts.length ? counts : [1, 2]) {
    const workers = [];
    for (let t = 0; t < threads; t++) workers.push(new Worker(new URL(import.meta.url)));
    await Promise.all(workers.map(w => new Promise(r => w.once("online", r))));
    const start = performance.now();
    const per = Math.ceil(N / threads);
    await Promise.all(workers.map((w, t) => new Promise(resolve => {
      w.once("message", ({ from, values }) => {
        for (let i = 0; i < values.length; i++) results[from + i] = values[i];
        resolve();
      });
      w.postMessage({ from: t * per, items: items.slice(t * per, (t + 1) * per) });
    })));
    const ms = performance.now() - start;
    let sum = 0;
    for (let i = 0; i < N; i++) sum += results[i];
    console.log(`threads=${threads} ms=${ms.toFixed(1)} checksum=${Math.round(sum)}`);
    await Promise.all(workers.map(w => w.terminate()));
  }
} else {
  parentPort.on("message", ({ from, items }) => {
    parentPort.postMessage({ from, values: items.map(score) });
  });
}
