// The racy counter and its two fixes. `o.n++` is a read, an add and a
// write: two threads can read the same value and one update is lost.
const THREADS = 4, N = 100_000;

function run(increment) {
  const o = { n: 0 };
  const threads = [];
  for (let t = 0; t < THREADS; t++) threads.push(new Thread(() => { for (let i = 0; i < N; i++) increment(o); }));
  threads.forEach(t => t.join());
  return o.n;
}

const racy = run(o => { o.n++; });
print("racy:", racy <= THREADS * N ? "at most " + THREADS * N : "impossible", racy === THREADS * N ? "(no update lost this time)" : "(updates were lost)");

const lock = new Lock();
print("with Lock:", run(o => lock.hold(() => { o.n++; })));
print("with Atomics.add:", run(o => Atomics.add(o, "n", 1)));
