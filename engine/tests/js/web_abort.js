// AbortController and AbortSignal: abort, reasons, events, onabort,
// listeners removed by a signal, AbortSignal.abort/any/timeout.
var finished = false;
var asyncFinished = false;

// --- Aborting.
{
  const ac = new AbortController();
  const s = ac.signal;
  assertEq(ac.signal, s, "the same signal each time");
  assertEq(s.aborted, false);
  assertEq(s.reason, undefined);
  assertEq(s.throwIfAborted(), undefined);
  assertEq(s instanceof EventTarget, true);
  assertEq(Object.getPrototypeOf(AbortSignal), EventTarget);
  const log = [];
  s.onabort = (e) => log.push("onabort " + e.type + " " + e.isTrusted + " " + (e.target === s));
  s.addEventListener("abort", () => log.push("listener"));
  ac.abort();
  assertEq(s.aborted, true);
  assertEq(s.reason instanceof DOMException, true);
  assertEq(s.reason.name, "AbortError");
  assertEq(s.reason.code, 20);
  assertEq(log.join(), "onabort abort true true,listener", "handler first: it was registered first");
  const thrown = assertThrows(DOMException, () => s.throwIfAborted());
  assertEq(thrown, s.reason, "throwIfAborted throws the reason itself");
  ac.abort("again");
  assertEq(log.length, 2, "aborting twice fires once");
  assertEq(s.reason.name, "AbortError", "the first reason stays");
  const ac2 = new AbortController();
  const why = { why: 1 };
  ac2.abort(why);
  assertEq(ac2.signal.reason, why, "any value is a reason");
  let caught;
  try { ac2.signal.throwIfAborted(); } catch (x) { caught = x; }
  assertEq(caught, why);
  const ac3 = new AbortController();
  ac3.signal.onabort = 5;
  assertEq(ac3.signal.onabort, null, "non-objects are null");
  let handler = 0;
  ac3.signal.onabort = () => handler++;
  ac3.signal.onabort = null;
  ac3.abort();
  assertEq(handler, 0, "a cleared handler does not run");
}

// --- A signal removes the listeners it was given to.
{
  const ac = new AbortController();
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("x", () => n++, { signal: ac.signal });
  t.dispatchEvent(new Event("x"));
  ac.abort();
  t.dispatchEvent(new Event("x"));
  assertEq(n, 1);
  t.addEventListener("x", () => n++, { signal: ac.signal });
  t.dispatchEvent(new Event("x"));
  assertEq(n, 1, "an aborted signal adds nothing");
  assertThrows(TypeError, () => t.addEventListener("x", () => {}, { signal: {} }), "signal must be an AbortSignal");
  assertThrows(TypeError, () => t.addEventListener("x", () => {}, { signal: null }));
}

// --- Static constructors.
{
  const a = AbortSignal.abort();
  assertEq(a.aborted, true);
  assertEq(a.reason.name, "AbortError");
  assertEq(AbortSignal.abort(0).reason, 0);
  assertThrows(TypeError, () => new AbortSignal(), "no constructor");
  const c1 = new AbortController(), c2 = new AbortController();
  const any = AbortSignal.any([c1.signal, c2.signal]);
  let fired = 0;
  any.addEventListener("abort", () => fired++);
  assertEq(any.aborted, false);
  c2.abort("second");
  assertEq(any.aborted, true);
  assertEq(any.reason, "second");
  c1.abort("first");
  assertEq(any.reason, "second");
  assertEq(fired, 1);
  assertEq(AbortSignal.any([AbortSignal.abort("pre")]).reason, "pre", "already aborted source");
  assertEq(AbortSignal.any([]).aborted, false);
  // A dependent of a dependent follows the original sources.
  const root = new AbortController();
  const mid = AbortSignal.any([root.signal]);
  const leaf = AbortSignal.any([mid]);
  const order = [];
  mid.onabort = () => order.push("mid");
  leaf.onabort = () => order.push("leaf");
  root.abort("r");
  assertEq(leaf.reason, "r");
  assertEq(order.join(), "mid,leaf");
  assertThrows(TypeError, () => AbortSignal.any([{}]));
  assertThrows(TypeError, () => AbortSignal.timeout(-1), "EnforceRange");
  assertThrows(TypeError, () => AbortSignal.timeout(NaN));
}

// --- AbortSignal.timeout.
{
  const t0 = performance.now();
  const s = AbortSignal.timeout(20);
  assertEq(s.aborted, false);
  s.addEventListener("abort", () => {
    assertEq(s.aborted, true);
    assertEq(s.reason instanceof DOMException, true);
    assertEq(s.reason.name, "TimeoutError");
    assertEq(s.reason.code, 23);
    assertEq(performance.now() - t0 >= 19, true, "not before its time");
    asyncFinished = true;
    console.log("async part finished");
  });
}

finished = true;
console.log("finished");
