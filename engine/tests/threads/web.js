// The web platform APIs shared between threads: one EventTarget's
// listener list, one URLSearchParams and one AbortController used by
// several threads at once; structuredClone, TextDecoder and crypto on
// every thread.
var finished = false;
const N = 6;

// Listeners added from many threads at once are all kept (the list is
// behind the target's lock), and one dispatch calls each once.
{
  const target = new EventTarget();
  const hits = new Int32Array(new SharedArrayBuffer(4 * N));
  const threads = [];
  for (let i = 0; i < N; i++) {
    threads.push(new Thread(() => {
      for (let k = 0; k < 50; k++) {
        target.addEventListener("e", () => Atomics.add(hits, i, 1));
      }
      const dup = () => Atomics.add(hits, i, 1000);
      target.addEventListener("e", dup);
      target.addEventListener("e", dup);
      target.removeEventListener("e", dup);
    }));
  }
  threads.forEach((t) => t.join());
  target.dispatchEvent(new Event("e"));
  for (let i = 0; i < N; i++) assertEq(hits[i], 50, "thread " + i + "'s listeners ran once each");
}

// Dispatching on several threads while others add and remove listeners.
{
  const target = new EventTarget();
  const count = new Int32Array(new SharedArrayBuffer(4));
  target.addEventListener("tick", () => Atomics.add(count, 0, 1));
  const threads = [];
  for (let i = 0; i < N; i++) {
    threads.push(new Thread(() => {
      const own = () => {};
      for (let k = 0; k < 100; k++) {
        target.addEventListener("tick", own);
        assertEq(target.dispatchEvent(new Event("tick")), true);
        target.removeEventListener("tick", own);
      }
    }));
  }
  threads.forEach((t) => t.join());
  assertEq(count[0], N * 100, "every dispatch reached the shared listener");
}

// One URLSearchParams appended to from every thread keeps every pair.
{
  const url = new URL("http://h/");
  const params = url.searchParams;
  const threads = [];
  for (let i = 0; i < N; i++) {
    threads.push(new Thread(() => {
      for (let k = 0; k < 20; k++) params.append("t" + i, String(k));
    }));
  }
  threads.forEach((t) => t.join());
  assertEq(params.size, N * 20);
  for (let i = 0; i < N; i++) assertEq(params.getAll("t" + i).join(), Array.from({ length: 20 }, (_, k) => k).join(), "order kept per thread");
  assertEq(new URL(url.href).searchParams.size, N * 20, "the query followed every append");
}

// A change to the list and the URL's query it writes are one step, as are
// a new query and the list read from it: appends racing with
// `url.search = …` leave the two agreeing. (The soak found a build where
// a racing append wrote the query from a list another thread had already
// changed.)
for (let round = 0; round < 5; round++) {
  const url = new URL("http://h/?a=1");
  const params = url.searchParams;
  const threads = [];
  for (let i = 0; i < N; i++) {
    threads.push(new Thread(() => {
      for (let k = 0; k < 40; k++) {
        if (k % 8 === 7) url.search = "?reset=" + i;
        else params.append("t" + i, String(k));
      }
    }));
  }
  threads.forEach((t) => t.join());
  assertEq(url.search.slice(1), params.toString(), "the URL's query and its searchParams agree");
}

// An AbortController aborted on one thread aborts a signal others listen to.
{
  const ac = new AbortController();
  const fired = new Int32Array(new SharedArrayBuffer(4));
  const listeners = [];
  for (let i = 0; i < N; i++) {
    listeners.push(new Thread(() => ac.signal.addEventListener("abort", () => Atomics.add(fired, 0, 1))));
  }
  listeners.forEach((t) => t.join());
  new Thread(() => ac.abort("from a thread")).join();
  assertEq(ac.signal.aborted, true);
  assertEq(ac.signal.reason, "from a thread");
  assertEq(fired[0], N, "each listener ran once");
}

// Every thread has the globals; clones, decoders and random values work there.
{
  const shared = { list: [1, { deep: "x" }], when: new Date(7) };
  const results = [];
  for (let i = 0; i < N; i++) {
    results.push(new Thread(() => {
      const c = structuredClone(shared);
      const text = new TextDecoder().decode(new TextEncoder().encode("é" + i));
      const id = crypto.randomUUID();
      return [c !== shared && c.list[1].deep === "x" && c.when.getTime() === 7, text, id.length, atob(btoa("t" + i))];
    }));
  }
  const ids = new Set();
  results.forEach((t, i) => {
    const [cloned, text, len, b] = t.join();
    assertEq(cloned, true, "structuredClone on thread " + i);
    assertEq(text, "é" + i);
    assertEq(len, 36);
    assertEq(b, "t" + i);
  });
}

finished = true;
console.log("finished");
