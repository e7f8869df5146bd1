// Timers and microtasks on one thread: order, arguments, clearing,
// intervals, the HTML nesting clamp, conversions and errors.
var finished = false;
var asyncFinished = false;
const events = [];
const t0 = performance.now();

// performance: monotonic, sub-millisecond, near Date.now().
{
  let prev = performance.now(), fractional = false;
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    if (t < prev) throw new Error("performance.now went backwards");
    if (t !== Math.floor(t)) fractional = true;
    prev = t;
  }
  assertEq(fractional, true, "performance.now has sub-millisecond resolution");
  assertEq(typeof performance.timeOrigin, "number", "timeOrigin");
  assertEq(Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 100, true, "timeOrigin + now is the wall clock");
  assertEq(performance.toJSON().timeOrigin, performance.timeOrigin, "toJSON");
}

// Bad callbacks are TypeErrors naming the API; ids are positive integers.
assertThrows(TypeError, () => setTimeout(), "setTimeout()");
assertThrows(TypeError, () => setInterval({}), "setInterval({})");
assertThrows(TypeError, () => queueMicrotask("x"), "queueMicrotask('x')");
const e = assertThrows(TypeError, () => setTimeout(42));
assertEq(e.message.startsWith("setTimeout:"), true, "message names the API");
clearTimeout(undefined);
clearTimeout("nonsense");
clearInterval(-5);
clearTimeout(123456789);

// Order: by deadline, then by the order they were set; microtasks first.
setTimeout(() => events.push("t60"), 60);
setTimeout(() => events.push("t20"), 20);
setTimeout(() => events.push("t0a"));
setTimeout(() => events.push("t0b"), 0);
setTimeout(() => events.push("negative"), -100);
setTimeout(() => events.push("nan"), NaN);
setTimeout((a, b) => events.push("args " + a + " " + b), 40, "x", 7);
const cancelled = setTimeout(() => events.push("cancelled"), 1);
clearTimeout(cancelled);
const cancelledByInterval = setTimeout(() => events.push("cancelled2"), 1);
clearInterval(cancelledByInterval); // the two clear functions are one
queueMicrotask(() => events.push("micro1"));
Promise.resolve().then(() => events.push("promise"));
queueMicrotask(() => events.push("micro2"));
// A string handler runs as a global script.
var fromString = 0;
setTimeout("fromString = 1 + 1", 5);
// WebIDL long: 2**32 + 1 wraps to 1.
let wrappedFired = false;
setTimeout(() => (wrappedFired = true), 2 ** 32 + 1);
events.push("sync");

// Microtasks run after each timer task, before the next timer.
setTimeout(() => {
  events.push("task1");
  queueMicrotask(() => events.push("task1-micro"));
}, 80);
setTimeout(() => events.push("task2"), 80);

// An interval repeats until cleared (also from inside its callback);
// `this` is undefined in a strict callback.
let ticks = 0;
const iv = setInterval(function () {
  "use strict";
  assertEq(this, undefined, "timer callback this");
  ticks++;
  if (ticks === 4) clearInterval(iv);
}, 2);

// A timer cleared by an earlier timer does not run.
let victim;
setTimeout(() => clearTimeout(victim), 85);
victim = setTimeout(() => events.push("victim"), 86);

// HTML nesting clamp: from the 6th nested level on, 0 ms becomes >= 4 ms.
const gaps = [];
let last = 0, depth = 0;
function nest() {
  const now = performance.now();
  if (depth > 0) gaps.push(now - last);
  last = now;
  if (++depth < 12) setTimeout(nest, 0);
}
setTimeout(nest, 90);

setTimeout(() => {
  assertArray(events, [
    "sync", "micro1", "promise", "micro2",
    "t0a", "t0b", "negative", "nan",
    "t20", "args x 7", "t60", "task1", "task1-micro", "task2",
  ], "events");
  assertEq(fromString, 2, "string handler");
  assertEq(wrappedFired, true, "a timeout of 2**32 + 1 wraps to 1 ms");
  assertEq(ticks, 4, "interval cleared after 4 ticks");
  assertEq(gaps.length, 11, "nested timers ran");
  assertEq(gaps.slice(5).every((g) => g >= 3.9), true, "clamped from nesting level 6: " + gaps.map((g) => g.toFixed(2)));
  assertEq(performance.now() - t0 >= 90, true, "time passed");
  asyncFinished = true;
  console.log("async part finished");
}, 250);

finished = true;
console.log("finished");
