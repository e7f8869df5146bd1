// The racy counter, fixed with Atomics.add on the plain property: the read,
// the add and the write are one indivisible step. No lock, no lost update:
// every run prints 200000.
const N = 100_000;
const counter = { n: 0 };
const threads = [1, 2].map(() => new Thread(() => {
  for (let i = 0; i < N; i++) Atomics.add(counter, "n", 1);
}));
threads.forEach((t) => t.join());
print("counter:", counter.n);
