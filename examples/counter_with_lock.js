// The racy counter, fixed with a Lock: only the thread holding the lock
// reads and writes the counter, so no update is lost. Every run prints
// 200000.
const N = 100_000;
const counter = { n: 0 };
const lock = new Lock();
const threads = [1, 2].map(() => new Thread(() => {
  for (let i = 0; i < N; i++) lock.hold(() => { counter.n++; });
}));
threads.forEach((t) => t.join());
print("counter:", counter.n);
