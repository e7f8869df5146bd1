// Event and EventTarget: listeners, options, dispatch order, cancelation,
// propagation flags, subclassing.
var finished = false;

// --- Event objects.
{
  const e = new Event("ping");
  assertEq(e.type, "ping");
  assertEq(e.bubbles, false);
  assertEq(e.cancelable, false);
  assertEq(e.composed, false);
  assertEq(e.defaultPrevented, false);
  assertEq(e.isTrusted, false);
  assertEq(e.eventPhase, Event.NONE);
  assertEq(e.target, null);
  assertEq(e.currentTarget, null);
  assertEq(typeof e.timeStamp, "number");
  assertEq(e.timeStamp >= 0 && e.timeStamp <= performance.now(), true, "timeStamp on performance's clock");
  e.preventDefault();
  assertEq(e.defaultPrevented, false, "not cancelable");
  const c = new Event("c", { cancelable: true, bubbles: true, composed: true });
  assertEq(c.bubbles && c.cancelable && c.composed, true);
  c.preventDefault();
  assertEq(c.defaultPrevented, true);
  assertEq(c.returnValue, false);
  assertEq(Event.AT_TARGET, 2);
  assertEq(e.BUBBLING_PHASE, 3);
  assertEq(String(new Event(5).type), "5");
  assertThrows(TypeError, () => new Event(), "type required");
  assertThrows(TypeError, () => Event("x"), "needs new");
  assertThrows(TypeError, () => new Event("x", 1), "init must be an object");
  assertEq(Object.prototype.toString.call(e), "[object Event]");
}

// --- Listeners: order, duplicates, capture identity, handleEvent, this.
{
  const t = new EventTarget();
  const log = [];
  const f = function (ev) { log.push("f" + (ev.eventPhase === Event.AT_TARGET) + (this === t) + (ev.currentTarget === t)); };
  t.addEventListener("x", f);
  t.addEventListener("x", f);
  t.addEventListener("x", f, { capture: false });
  t.addEventListener("x", f, true);
  const obj = { handleEvent(ev) { log.push("obj" + (this === obj)); } };
  t.addEventListener("x", obj);
  t.addEventListener("y", () => log.push("other type"));
  t.addEventListener("x", null);
  const ev = new Event("x");
  assertEq(t.dispatchEvent(ev), true);
  assertEq(log.join(), "ftruetruetrue,ftruetruetrue,objtrue", "capture listener first, duplicates dropped");
  assertEq(ev.target, t, "target stays after dispatch");
  assertEq(ev.currentTarget, null);
  assertEq(ev.eventPhase, Event.NONE);
  log.length = 0;
  t.removeEventListener("x", f);
  t.dispatchEvent(new Event("x"));
  assertEq(log.join(), "ftruetruetrue,objtrue", "only the non-capture f removed");
  t.removeEventListener("x", f, { capture: true });
  t.removeEventListener("x", obj);
  log.length = 0;
  t.dispatchEvent(new Event("x"));
  assertEq(log.length, 0);
  // handleEvent looked up at dispatch time.
  const late = {};
  t.addEventListener("late", late);
  late.handleEvent = () => log.push("late");
  t.dispatchEvent(new Event("late"));
  assertEq(log.join(), "late");
  assertThrows(TypeError, () => t.addEventListener("x", 5), "listener must be an object");
  assertThrows(TypeError, () => t.addEventListener("x"), "two arguments required");
}

// --- once, passive, preventDefault and the return value.
{
  const t = new EventTarget();
  let n = 0;
  t.addEventListener("o", () => n++, { once: true });
  t.dispatchEvent(new Event("o"));
  t.dispatchEvent(new Event("o"));
  assertEq(n, 1, "once");
  t.addEventListener("c", (e) => e.preventDefault());
  assertEq(t.dispatchEvent(new Event("c", { cancelable: true })), false, "canceled");
  assertEq(t.dispatchEvent(new Event("c")), true, "not cancelable");
  const p = new EventTarget();
  let inside;
  p.addEventListener("p", (e) => { e.preventDefault(); inside = e.defaultPrevented; }, { passive: true });
  const pe = new Event("p", { cancelable: true });
  assertEq(p.dispatchEvent(pe), true, "passive listeners cannot cancel");
  assertEq(inside, false);
}

// --- Propagation flags and listener changes during dispatch.
{
  const t = new EventTarget();
  const log = [];
  t.addEventListener("s", (e) => { log.push(1); e.stopImmediatePropagation(); });
  t.addEventListener("s", () => log.push(2));
  t.dispatchEvent(new Event("s"));
  assertEq(log.join(), "1");
  const t2 = new EventTarget();
  log.length = 0;
  t2.addEventListener("s", (e) => { log.push(1); e.stopPropagation(); assertEq(e.cancelBubble, true); });
  t2.addEventListener("s", () => log.push(2));
  t2.dispatchEvent(new Event("s"));
  assertEq(log.join(), "1,2", "stopPropagation does not stop listeners on the same target");
  const t3 = new EventTarget();
  log.length = 0;
  const second = () => log.push("second");
  t3.addEventListener("m", () => { log.push("first"); t3.removeEventListener("m", second); t3.addEventListener("m", () => log.push("added")); });
  t3.addEventListener("m", second);
  t3.dispatchEvent(new Event("m"));
  assertEq(log.join(), "first", "removed listener skipped, added one not run in this dispatch");
  // Re-dispatching an event being dispatched fails.
  const t4 = new EventTarget();
  let err;
  t4.addEventListener("r", (e) => { try { t4.dispatchEvent(e); } catch (x) { err = x; } });
  t4.dispatchEvent(new Event("r"));
  assertEq(err instanceof DOMException, true);
  assertEq(err.name, "InvalidStateError");
  // An event can be dispatched again once done.
  const again = new Event("again");
  let count = 0;
  t4.addEventListener("again", () => count++);
  t4.dispatchEvent(again);
  t4.dispatchEvent(again);
  assertEq(count, 2);
  assertThrows(TypeError, () => t4.dispatchEvent({ type: "fake" }), "not an Event");
  assertThrows(TypeError, () => EventTarget.prototype.dispatchEvent.call({}, new Event("x")));
}

// --- A throwing listener does not stop the others (the error is reported).
{
  const t = new EventTarget();
  const log = [];
  t.addEventListener("e", () => { log.push(1); throw new Error("expected: reported by web_event.js"); });
  t.addEventListener("e", () => log.push(2));
  assertEq(t.dispatchEvent(new Event("e")), true);
  assertEq(log.join(), "1,2");
}

// --- CustomEvent carries a detail.
{
  const t = new EventTarget();
  let got;
  t.addEventListener("c", (e) => { got = e.detail; });
  const payload = { n: 1 };
  const ce = new CustomEvent("c", { detail: payload, cancelable: true });
  assertEq(ce instanceof Event, true);
  assertEq(ce.cancelable, true);
  t.dispatchEvent(ce);
  assertEq(got, payload);
  assertEq(new CustomEvent("c").detail, null, "detail defaults to null");
  assertEq(Object.getPrototypeOf(CustomEvent), Event);
  assertEq(Object.prototype.toString.call(ce), "[object CustomEvent]");
  const getter = Object.getOwnPropertyDescriptor(CustomEvent.prototype, "detail").get;
  assertThrows(TypeError, () => getter.call(new Event("x")), "a plain Event has no detail");
  assertThrows(TypeError, () => new CustomEvent(), "type required");
}

// --- Subclassing.
{
  class Emitter extends EventTarget {
    constructor() { super(); this.fired = 0; }
    fire(type) { return this.dispatchEvent(new CustomLike(type, 42)); }
  }
  class CustomLike extends Event {
    constructor(type, detail) { super(type, { cancelable: true }); this.detail = detail; }
  }
  const em = new Emitter();
  let detail;
  em.addEventListener("go", (e) => { detail = e.detail; em.fired++; assertEq(e instanceof CustomLike, true); });
  assertEq(em.fire("go"), true);
  assertEq(detail, 42);
  assertEq(em.fired, 1);
  assertEq(em instanceof EventTarget, true);
  assertEq(Object.prototype.toString.call(em), "[object EventTarget]");
}

finished = true;
console.log("finished");
