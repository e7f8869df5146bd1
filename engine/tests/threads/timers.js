// Timers on threads: a thread's timers fire on that thread, `join` waits
// for them (a thread ends when its function returned and its event loop
// is empty), an interval keeps its thread alive until cleared, and ids
// are unique in the engine, so another thread's id clears nothing.
var finished = false;
var asyncFinished = false;

// A thread's timers fire on it, after its function returned; join waits.
{
  const seen = [];
  const t = new Thread(() => {
    const me = Thread.current.id;
    setTimeout(() => seen.push(["timeout", Thread.current.id === me]), 5);
    let n = 0;
    const iv = setInterval(() => {
      seen.push(["tick", Thread.current.id === me]);
      if (++n === 3) clearInterval(iv);
    }, 1);
    queueMicrotask(() => seen.push(["micro", Thread.current.id === me]));
    return "returned";
  });
  assertEq(t.join(), "returned", "join gives the function's result");
  assertEq(seen.length, 5, "join waited for every timer: " + JSON.stringify(seen));
  assertEq(seen.every(([, here]) => here), true, "every callback ran on its own thread");
  assertEq(seen.filter(([k]) => k === "tick").length, 3, "three ticks");
}

// Many threads, each with timers, each result exact.
{
  const threads = [];
  for (let i = 0; i < 8; i++) {
    threads.push(new Thread(() => new Promise((resolve) => {
      let sum = 0, k = 0;
      const iv = setInterval(() => {
        sum += i;
        if (++k === 5) { clearInterval(iv); setTimeout(() => resolve(sum), 1); }
      }, 0);
    })));
  }
  threads.forEach((t, i) => assertEq(t.join(), 5 * i, "thread " + i));
}

// A timer id belongs to the thread that set it.
{
  const shared = { fired: false };
  const ids = new Thread(() => {
    const id = setTimeout(() => { shared.fired = true; }, 20);
    return id;
  });
  const id = ids.join(); // the thread's timeout already fired: join waited
  assertEq(shared.fired, true, "the other thread's timeout fired before join returned");
  const mine = setTimeout(() => {}, 1);
  assertEq(mine !== id, true, "ids are unique across threads");
  clearTimeout(mine);

  const box = { id: 0, fired: false };
  const lock = new Lock();
  const cond = new Condition();
  const setter = new Thread(() => {
    lock.hold(() => { box.id = setTimeout(() => { box.fired = true; }, 30); cond.notifyAll(); });
  });
  lock.hold(() => { while (box.id === 0) cond.wait(lock); });
  clearTimeout(box.id); // not this thread's: nothing happens
  setter.join();
  assertEq(box.fired, true, "clearTimeout on another thread's id does not cancel it");
}

// An error thrown by a timer callback fails its thread; join rethrows it.
{
  const t = new Thread(() => { setTimeout(() => { throw new RangeError("from a timer"); }, 1); });
  const err = assertThrows(RangeError, () => t.join(), "join rethrows the timer's error");
  assertEq(err.message, "from a timer");
}

// The main thread's own timers and a thread's asyncJoin mix.
(async () => {
  const t = new Thread(() => { let v = 0; setTimeout(() => { v = 42; }, 10); return () => v; });
  const read = await t.asyncJoin();
  assertEq(read(), 42, "asyncJoin settles after the thread's timers ran");
  await new Promise((r) => setTimeout(r, 5));
  asyncFinished = true;
  console.log("async part finished");
})().catch(e => print("async part failed: " + e + "\n" + e.stack));
finished = true;
console.log("finished");
