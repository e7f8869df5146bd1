// Parallel map over 100,000 objects: 8 threads take chunks of work from a
// shared counter (Atomics.add on a plain property) and write results
// straight into one shared array. No copying, no messages.
const N = 100_000;
const THREADS = 8;
const CHUNK = 1_000;

const points = [];
for (let i = 0; i < N; i++) points.push({ x: i % 1000, y: (i * 7) % 1000 });
const results = new Array(N).fill(0);
const work = { next: 0 };

function worker() {
  let done = 0;
  for (;;) {
    const start = Atomics.add(work, "next", CHUNK);
    if (start >= N) return done;
    const end = Math.min(start + CHUNK, N);
    for (let i = start; i < end; i++) {
      const p = points[i];
      results[i] = Math.sqrt(p.x * p.x + p.y * p.y);
    }
    done += end - start;
  }
}

const threads = [];
for (let t = 0; t < THREADS; t++) threads.push(new Thread(worker));
const perThread = threads.map(t => t.join());

let sum = 0;
for (let i = 0; i < N; i++) sum += results[i];
print("items done:", perThread.reduce((a, b) => a + b, 0));
print("threads:", perThread.length);
print("checksum:", Math.round(sum));
