// Cancellation and progress: workers check a {stop} flag and count their
// progress in a {done, total} object; the main thread reads the progress
// on an interval, reports each quarter, and stops them halfway.
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

let reported = 0;
const ticker = setInterval(() => {
  const percent = (100 * Atomics.load(progress, "done")) / progress.total;
  // Every quarter passed since the last tick, up to the half.
  while (reported < 50 && reported + 25 <= percent) {
    reported += 25;
    print(`progress: ${reported}%`);
  }
  if (reported < 50) return;
  clearInterval(ticker);
  control.stop = true;
  const done = threads.map((t) => t.join()).reduce((a, b) => a + b, 0);
  print("stopped early:", done < progress.total);
  print("progress was seen past half:", Atomics.load(progress, "done") >= progress.total / 2);
}, 2);
