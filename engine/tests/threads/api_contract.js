// The JS API contract of docs/threads.md: identities, errors, results.

// join returns the identical object and rethrows the identical value.
const obj = { tag: "result" };
const t = new Thread(() => obj);
assertEq(t.join(), obj, "join returns the identical object");
assertEq(t.join(), obj, "every join agrees");
const thrown = new RangeError("from the thread");
const failing = new Thread(() => { throw thrown; });
for (let i = 0; i < 2; i++) {
  const e = assertThrows(RangeError, () => failing.join(), "join rethrows");
  assertEq(e, thrown, "join rethrows the identical value");
  assertEq(typeof e.stack, "string", "its stack is intact");
}
// Other threads agree about the same outcome.
assertEq(new Thread(() => t.join()).join(), obj, "join from another thread");

// Arguments and closures.
let captured = 40;
assertEq(new Thread((a, b) => a + b + captured, 1, 1).join(), 42, "args and closure");
class Point { constructor(x) { this.x = x; } norm() { return Math.abs(this.x); } }
assertEq(new Thread(() => new Point(-3).norm()).join(), 3, "classes defined anywhere");
assertEq(new Thread(function () { "use strict"; return this; }).join(), undefined, "this is undefined");

// ids and Thread.current.
assertEq(Thread.current.id, 0, "the main thread is 0");
assertEq(Thread.current, Thread.current, "Thread.current is stable");
const self = new Thread(() => Thread.current);
assertEq(self.join(), self, "Thread.current is what new Thread returned");
const ids = [new Thread(() => 0), new Thread(() => 0), new Thread(() => 0)].map(x => (x.join(), x.id));
assertEq(new Set(ids).size, 3, "ids are unique");
assertEq(typeof ids[0], "number", "ids are numbers");

// Errors.
assertThrows(TypeError, () => new Thread(42), "fn must be callable");
assertThrows(TypeError, () => Thread(() => 0), "Thread without new");
assertThrows(TypeError, () => Lock(), "Lock without new");
assertThrows(TypeError, () => Condition(), "Condition without new");
assertThrows(TypeError, () => ThreadLocal(), "ThreadLocal without new");
assertThrows(Error, () => Thread.current.join(), "self-join");
const selfJoin = new Thread(() => { try { Thread.current.join(); } catch (e) { return e.message; } });
assertEq(selfJoin.join(), "Thread.prototype.join: a thread cannot join itself", "self-join on another thread");
const lock = new Lock();
const e1 = assertThrows(Error, () => lock.hold(() => lock.hold(() => 0)), "recursive hold");
assertEq(e1.message.startsWith("Lock.prototype.hold: Lock is not recursive"), true, "recursive hold message names the API");
assertEq(lock.locked, false, "a throwing hold releases the lock");
assertThrows(TypeError, () => lock.hold(5), "hold needs a function");
const cond = new Condition();
assertThrows(TypeError, () => cond.wait(lock), "wait without holding the lock");
assertThrows(TypeError, () => cond.wait({}), "wait on a non-lock");
assertEq(cond.notify(), 0, "notify with no waiters");
assertEq(cond.notifyAll(), 0, "notifyAll with no waiters");
assertEq(lock.hold(() => lock.locked), true, "locked while held");
// Errors name the API that failed.
for (const [what, f, text] of [
  ["new Thread", () => new Thread(1), "new Thread(fn, ...args): fn must be a function"],
  ["hold", () => lock.hold(1), "Lock.prototype.hold: fn must be a function"],
  ["asyncHold", () => lock.asyncHold(1), "Lock.prototype.asyncHold: fn must be a function or omitted"],
  ["wait", () => cond.wait(lock), "Condition.prototype.wait: the calling thread must hold the lock"],
  ["asyncWait", () => cond.asyncWait(lock), "Condition.prototype.asyncWait: the calling thread must hold the lock"],
  ["asyncWait on a non-lock", () => cond.asyncWait({}), "Condition.prototype.asyncWait: the argument must be a Lock"],
  ["restrict", () => Thread.restrict(1), "Thread.restrict: the argument must be an object"],
  ["Atomics.add", () => Atomics.add({}, "n", 1), "Atomics.add"],
]) {
  let message;
  try { f(); } catch (e) { message = e.message; }
  assertEq(typeof message === "string" && message.startsWith(text), true, `${what} names the API: ${message}`);
}
// A stack overflow inside a thread is a RangeError at join.
const deep = new Thread(function recurse(n) { return recurse(n + 1) + 1; }, 0);
assertThrows(RangeError, () => deep.join(), "stack overflow in a thread");

// Thread.restrict refuses what every thread shares.
for (const [what, target] of [
  ["undefined", undefined], ["a number", 1], ["a string", "s"], ["a symbol", Symbol()],
  ["the global object", globalThis], ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype], ["RegExp.prototype", RegExp.prototype],
  ["Promise.prototype", Promise.prototype], ["Function.prototype", Function.prototype],
  ["Map.prototype", Map.prototype], ["Thread.prototype", Thread.prototype], ["Math", Math],
  ["JSON", JSON], ["Array", Array], ["%TypedArray%.prototype", Object.getPrototypeOf(Int8Array.prototype)],
  ["a proxy", new Proxy({}, {})], ["a revoked proxy", (() => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; })()],
]) {
  assertThrows(TypeError, () => Thread.restrict(target), `Thread.restrict(${what})`);
}
const ownArray = Thread.restrict([1, 2]);
assertEq(ownArray.length, 2, "a user's array can be restricted");
assertEq(new Thread(() => { try { Array.prototype.map.call([1], x => x + 1); return "ok"; } catch (e) { return String(e); } }).join(), "ok",
  "built-ins stay usable on other threads");

// Atomics on properties: errors.
assertThrows(TypeError, () => Atomics.add({}, "n", 1), "missing property");
assertThrows(TypeError, () => Atomics.load({ get n() { return 1; } }, "n"), "accessor property");
assertThrows(TypeError, () => Atomics.add(Object.freeze({ n: 1 }), "n", 1), "read-only property");
assertThrows(TypeError, () => Atomics.store(Object.preventExtensions({}), "n", 1), "store on a non-extensible object");
const o = { n: 5, s: "x" };
assertEq(Atomics.add(o, "n", 2), 5, "add returns the old value");
assertEq(Atomics.sub(o, "n", 1), 7, "sub returns the old value");
assertEq(Atomics.load(o, "n"), 6, "load");
assertEq(Atomics.and(o, "n", 3), 6, "and");
assertEq(Atomics.or(o, "n", 8), 2, "or");
assertEq(Atomics.xor(o, "n", 1), 10, "xor");
assertEq(o.n, 11, "after xor");
assertEq(Atomics.exchange(o, "n", "any"), 11, "exchange");
assertEq(Atomics.compareExchange(o, "n", "any", 1), "any", "compareExchange hit");
assertEq(Atomics.compareExchange(o, "n", 99, 2), 1, "compareExchange miss");
assertEq(o.n, 1, "compareExchange miss leaves the value");
o.nan = NaN;
assertEq(Atomics.compareExchange(o, "nan", NaN, 0), NaN, "SameValueZero: NaN matches");
assertEq(o.nan, 0, "NaN was replaced");
assertEq(Atomics.store(o, "fresh", 3), 3, "store creates");
assertEq(o.fresh, 3, "created property");
assertThrows(TypeError, () => Atomics.add(o, "s", 1), "add on a string value");
const arr = [1, 2, 3];
assertEq(Atomics.add(arr, 1, 10), 2, "Atomics on an array element");
assertEq(arr[1], 12, "array element updated");
assertEq(Atomics.wait(o, "n", 0), "not-equal", "wait not-equal");
assertEq(Atomics.wait(o, "n", 1, 5), "timed-out", "wait timed-out");
assertEq(Atomics.notify(o, "n"), 0, "notify nobody");
const wa = Atomics.waitAsync(o, "n", 0);
assertEq(wa.async, false, "waitAsync not-equal is sync");
assertEq(wa.value, "not-equal", "waitAsync not-equal");

// ThreadLocal isolation.
const tl = new ThreadLocal();
assertEq(tl.value, undefined, "initially undefined");
tl.value = "main";
const seen = new Thread(() => { const before = tl.value; tl.value = "worker"; return [before, tl.value]; }).join();
assertEq(seen[0], undefined, "a new thread sees undefined");
assertEq(seen[1], "worker", "its own value");
assertEq(tl.value, "main", "the main thread's value is untouched");

// Thread.restrict.
const mine = Thread.restrict({ secret: 1 });
assertEq(mine.secret, 1, "the owner reads");
mine.secret = 2;
const outcome = new Thread(() => {
  const r = [];
  for (const f of [() => mine.secret, () => { mine.secret = 3; }, () => { mine.other = 1; }, () => { delete mine.secret; }, () => Object.keys(mine)]) {
    try { f(); r.push("allowed"); } catch (e) { r.push(e instanceof ConcurrentAccessError ? "denied" : String(e)); }
  }
  return r.join();
}).join();
assertEq(outcome, "denied,denied,denied,denied,denied", "other threads may not touch it");
assertEq(mine.secret, 2, "the owner's value stands");
assertEq(new ConcurrentAccessError("m") instanceof Error, true, "ConcurrentAccessError is an Error");

// Async variants.
let asyncDone = false;
globalThis.asyncFinished = false;
(async () => {
  assertEq(await t.asyncJoin(), obj, "asyncJoin resolves with the identical object");
  let caught;
  try { await failing.asyncJoin(); } catch (e) { caught = e; }
  assertEq(caught, thrown, "asyncJoin rejects with the identical value");
  assertEq(await new Thread(async () => { await null; return 7; }).asyncJoin(), 7, "an async fn's result");
  const l2 = new Lock();
  assertEq(await l2.asyncHold(() => l2.locked), true, "asyncHold runs fn holding the lock");
  assertEq(l2.locked, false, "and releases it");
  const release = await l2.asyncHold();
  assertEq(l2.locked, true, "asyncHold() resolves to a release function, held");
  release();
  assertEq(l2.locked, false, "released");
  const twice = assertThrows(Error, () => release(), "a second release throws");
  assertEq(twice.message.startsWith("Lock release function: already called"), true, "and says why");
  // asyncWait without the lock: a TypeError, and the lock as it was.
  const busy = new Lock(), c4 = new Condition(), gate = { go: 0 };
  const holder = new Thread(() => busy.hold(() => { Atomics.store(gate, "go", 1); Atomics.wait(gate, "go", 1); }));
  while (Atomics.load(gate, "go") !== 1) {}
  assertThrows(TypeError, () => c4.asyncWait(busy), "asyncWait without holding the lock");
  assertEq(busy.locked, true, "the other thread still holds it");
  Atomics.store(gate, "go", 2); Atomics.notify(gate, "go");
  holder.join();
  assertEq(busy.locked, false, "and releases it as usual");
  // A release function's hold is given up while asyncWait waits: calling
  // it then throws (and releases nothing); once asyncWait has the lock
  // back, the same function releases it, once.
  const l3 = new Lock(), c3 = new Condition();
  const release3 = await l3.asyncHold();
  const waited = c3.asyncWait(l3);
  assertEq(l3.locked, false, "asyncWait gave the lock up");
  const during = assertThrows(Error, () => release3(), "release while asyncWait has given the lock up");
  assertEq(during.message.includes("asyncWait"), true, "and says why");
  const other = new Thread(() => l3.hold(() => "the other thread took it"));
  assertEq(other.join(), "the other thread took it", "the lock was free for others meanwhile");
  new Thread(() => { while (l3.hold(() => c3.notify()) === 0) {} });
  assertEq(await waited, undefined, "asyncWait resolves once it has the lock back");
  assertEq(l3.locked, true, "held again");
  release3();
  assertEq(l3.locked, false, "the asyncHold() release function ends the hold asyncWait continued");
  assertThrows(Error, () => release3(), "and only once");
  assertEq(await l2.asyncHold(async () => { await null; return l2.locked; }), true, "held across awaits in fn");
  const c2 = new Condition();
  const flag = { ready: false };
  const waiter = l2.asyncHold(async () => {
    while (!flag.ready) await c2.asyncWait(l2);
    return "woken";
  });
  new Thread(() => {
    for (;;) {
      const woke = l2.hold(() => { flag.ready = true; return c2.notifyAll(); });
      if (woke > 0) return;
    }
  });
  assertEq(await waiter, "woken", "asyncWait");
  const w = { v: 0 };
  const pending = Atomics.waitAsync(w, "v", 0);
  assertEq(pending.async, true, "waitAsync waits");
  new Thread(() => { while (Atomics.notify(w, "v", 1) === 0) {} });
  assertEq(await pending.value, "ok", "waitAsync woken");
  const timed = Atomics.waitAsync(w, "v", 0, 10);
  assertEq(await timed.value, "timed-out", "waitAsync times out");
  asyncFinished = true;
  console.log("async part finished");
})().catch(e => print("async part failed: " + e + "\n" + e.stack));
finished = true;
console.log("finished");
