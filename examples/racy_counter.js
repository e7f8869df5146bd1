// The racy counter: two threads each add 1 to one shared counter 100,000
// times with `o.n++`. That is a read, an add and a write, so both threads
// can read the same value and one update is lost. Run it many times: the
// total is rarely 200000, and rarely the same twice.
const N = 100_000;
const counter = { n: 0 };
const threads = [1, 2].map(() => new Thread(() => {
  for (let i = 0; i < N; i++) counter.n++;
}));
threads.forEach((t) => t.join());
print("counter:", counter.n);
