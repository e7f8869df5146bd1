// Explicit resource management: using, await using, DisposableStack,
// AsyncDisposableStack, SuppressedError.
const log = [];
function resource(name, fail) {
  return {
    name,
    [Symbol.dispose]() {
      log.push("dispose " + name);
      if (fail) throw new Error(name + " failed");
    },
  };
}

// Block scope: reverse order, null and undefined skipped.
{
  using a = resource("a"), b = resource("b");
  using nothing = null, alsoNothing = undefined;
  log.push("body");
}
assertArray(log, ["body", "dispose b", "dispose a"], "block disposal order");

// Exits through return, break and continue dispose too.
log.length = 0;
function early(n) {
  using r = resource("fn");
  for (let i = 0; i < 3; i++) {
    using inner = resource("loop" + i);
    if (i === 0) continue;
    if (i === n) break;
    if (i === 2) return "returned";
  }
  return "after loop";
}
assertEq(early(1), "after loop", "break result");
assertArray(log, ["dispose loop0", "dispose loop1", "dispose fn"], "break and continue");
log.length = 0;
assertEq(early(5), "returned", "return result");
assertArray(log, ["dispose loop0", "dispose loop1", "dispose loop2", "dispose fn"], "return");

// for (using x of …) disposes each value at the end of its iteration,
// before the iterator is closed.
log.length = 0;
function* values() {
  try {
    yield resource("first");
    yield resource("second");
  } finally {
    log.push("iterator closed");
  }
}
for (using v of values()) {
  log.push("use " + v.name);
  if (v.name === "second") break;
}
assertArray(log, ["use first", "dispose first", "use second", "dispose second", "iterator closed"], "for-of");

// for (using x = …; …) disposes once, when the loop ends.
log.length = 0;
for (using r = resource("head"), i = null; log.length < 2; ) log.push("iteration");
assertArray(log, ["iteration", "iteration", "dispose head"], "for head");

// Errors: one error passes through as is; more are chained.
log.length = 0;
let err = assertThrows(Error, () => {
  using a = resource("a", true);
}, "one failing dispose");
assertEq(err.message, "a failed", "thrown as is");
err = assertThrows(SuppressedError, () => {
  using a = resource("a", true);
  using b = resource("b", true);
  throw new Error("body failed");
}, "body and disposals failing");
assertEq(err.error.message, "a failed", "last error on top");
assertEq(err.suppressed.error.message, "b failed", "then the earlier one");
assertEq(err.suppressed.suppressed.message, "body failed", "the body's error innermost");
assertArray(log, ["dispose a", "dispose b", "dispose a"], "every resource disposed");

// Bad values are TypeErrors when declared; earlier resources are disposed.
log.length = 0;
assertThrows(TypeError, () => { using x = 1; }, "primitive");
assertThrows(TypeError, () => { using x = {}; }, "no Symbol.dispose");
assertThrows(TypeError, () => {
  using ok = resource("ok");
  using bad = { [Symbol.dispose]: 42 };
}, "non-callable Symbol.dispose");
assertArray(log, ["dispose ok"], "earlier resource disposed after TypeError");

// A generator's return() leaves the block through its disposal.
log.length = 0;
function* gen() {
  using r = resource("gen");
  yield 1;
  yield 2;
}
const g = gen();
g.next();
g.return(7);
assertArray(log, ["dispose gen"], "generator return");

// SuppressedError.
const se = new SuppressedError("e", "s", "msg");
assertEq(se.error, "e", "SuppressedError error");
assertEq(se.suppressed, "s", "SuppressedError suppressed");
assertEq(se.message, "msg", "SuppressedError message");
assertEq(se instanceof Error, true, "SuppressedError is an Error");
assertEq(Object.getPrototypeOf(SuppressedError), Error, "SuppressedError's prototype");

// DisposableStack.
log.length = 0;
const stack = new DisposableStack();
assertEq(stack.use(resource("used")).name, "used", "use returns the value");
assertEq(stack.adopt(5, (v) => log.push("adopted " + v)), 5, "adopt returns the value");
stack.defer(() => log.push("deferred"));
const moved = stack.move();
assertEq(stack.disposed, true, "moved-from stack is disposed");
assertThrows(ReferenceError, () => stack.use(null), "use after dispose");
assertEq(moved.disposed, false, "moved-to stack is live");
moved[Symbol.dispose]();
moved.dispose();
assertArray(log, ["deferred", "adopted 5", "dispose used"], "DisposableStack order");
assertEq(Object.prototype.toString.call(moved), "[object DisposableStack]", "toStringTag");
assertThrows(TypeError, () => DisposableStack(), "call without new");

// Iterator.prototype[Symbol.dispose] calls return().
log.length = 0;
{
  using it = values();
  it.next();
}
assertArray(log, ["iterator closed"], "iterator disposal");

var finished = true;

// await using, AsyncDisposableStack, async iterators.
(async () => {
  const order = [];
  function asyncResource(name) {
    return { async [Symbol.asyncDispose]() { await null; order.push("async " + name); } };
  }
  {
    await using a = asyncResource("a");
    using s = { [Symbol.dispose]() { order.push("sync"); } };
    await using n = null;
    await using f = { [Symbol.dispose]() { order.push("sync fallback"); } };
    order.push("body");
  }
  assertArray(order, ["body", "sync fallback", "sync", "async a"], "await using order");

  // An await happens even when the only value is null.
  const ticks = [];
  Promise.resolve().then(() => ticks.push("tick"));
  {
    await using n = null;
  }
  ticks.push("after block");
  assertArray(ticks, ["tick", "after block"], "await for null");

  // A rejected asyncDispose is thrown after the block.
  try {
    await using bad = { [Symbol.asyncDispose]() { return Promise.reject(new RangeError("no")); } };
  } catch (e) {
    assertEq(e instanceof RangeError, true, "rejection thrown");
  }

  // for (await using x of …)
  order.length = 0;
  for (await using r of [asyncResource("x"), asyncResource("y")]) order.push("iteration");
  assertArray(order, ["iteration", "async x", "iteration", "async y"], "for await using");

  // for await with a break: the iteration's resource is disposed, then the
  // async iterator's return() is awaited.
  order.length = 0;
  async function* resources() {
    try {
      yield asyncResource("p");
      yield asyncResource("q");
    } finally {
      await null;
      order.push("generator closed");
    }
  }
  for await (await using r of resources()) {
    order.push("iteration");
    break;
  }
  order.push("after loop");
  assertArray(order, ["iteration", "async p", "generator closed", "after loop"], "for await break");

  // AsyncDisposableStack.
  order.length = 0;
  const stack = new AsyncDisposableStack();
  stack.use(asyncResource("used"));
  stack.defer(async () => order.push("deferred"));
  stack.adopt("v", async (v) => order.push("adopted " + v));
  await stack.disposeAsync();
  assertEq(stack.disposed, true, "disposed");
  assertArray(order, ["adopted v", "deferred", "async used"], "AsyncDisposableStack order");
  const failing = new AsyncDisposableStack();
  failing.defer(() => { throw new Error("one"); });
  failing.defer(async () => { throw new Error("two"); });
  try {
    await failing.disposeAsync();
    throw new Error("not rejected");
  } catch (e) {
    assertEq(e instanceof SuppressedError, true, "disposeAsync chains errors");
    assertEq(e.error.message, "one", "latest error");
    assertEq(e.suppressed.message, "two", "earlier error");
  }

  // %AsyncIteratorPrototype%[Symbol.asyncDispose] calls return().
  let returned = false;
  async function* agen() {
    try { yield 1; } finally { returned = true; }
  }
  {
    await using it = agen();
    await it.next();
  }
  assertEq(returned, true, "async iterator disposal");

  asyncFinished = true;
  console.log("async part finished");
})().catch((e) => console.log("async part failed: " + e + "\n" + e.stack));
var asyncFinished = false;
