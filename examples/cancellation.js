// Cancellation and progress: workers check a {stop} flag and count their
// progress in a {done, total} object; the main thread watches the
// progress and stops them halfway.
const control = { stop: false };
const progress = { done: 0, total: 4 * 1_000_000 };

function worker() {
  let i = 0;
  while (i < 1_000_000 && !control.stop) {
    i++;
    if (i % 1000 === 0) Atomics.add(progress, "done", 1000);
  }
  return i;
}

const threads = [1, 2, 3, 4].map(() => new Thread(worker));
// Watch the progress counter until half the work is done.
while (Atomics.load(progress, "done") < progress.total / 2) {}
control.stop = true;
const counts = threads.map(t => t.join());
const done = counts.reduce((a, b) => a + b, 0);
print("stopped early:", done < progress.total);
print("progress was seen past half:", Atomics.load(progress, "done") >= progress.total / 2);
