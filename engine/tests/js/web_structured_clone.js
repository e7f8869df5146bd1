// structuredClone: what is copied, what is shared, what is refused, and
// transfer.
var finished = false;

// --- Plain data, cycles and shared references.
{
  const shared = { s: 1 };
  const o = { n: 1.5, s: "x", b: true, nul: null, u: undefined, big: 2n ** 70n, a: shared, b2: shared };
  o.self = o;
  const c = structuredClone(o);
  assertEq(c === o, false, "a new object");
  assertEq(c.self, c, "cycle kept");
  assertEq(c.a === c.b2, true, "shared reference kept");
  assertEq(c.a === shared, false, "nested object copied");
  assertEq(c.big, 2n ** 70n);
  assertEq("u" in c, true, "undefined-valued property kept");
  assertEq(structuredClone(-0), -0);
  assertEq(Number.isNaN(structuredClone(NaN)), true);
  assertEq(structuredClone("str"), "str");
}

// --- Arrays keep holes, length and extra properties; symbols keys are dropped.
{
  const a = [1, , 3];
  a.length = 5;
  a.extra = "e";
  a[Symbol("k")] = 1;
  const c = structuredClone(a);
  assertEq(Array.isArray(c), true);
  assertEq(c.length, 5);
  assertEq(1 in c, false, "hole kept");
  assertEq(c.extra, "e");
  assertEq(Object.getOwnPropertySymbols(c).length, 0);
}

// --- Class instances become plain objects; getters are invoked once;
// non-enumerable properties are skipped.
{
  class Point { constructor() { this.x = 1; } get y() { return 2; } }
  const p = structuredClone(new Point());
  assertEq(Object.getPrototypeOf(p), Object.prototype);
  assertEq(p.x, 1);
  assertEq(p.y, undefined, "prototype getter not copied");
  let calls = 0;
  const g = structuredClone({ get v() { calls++; return "got"; } });
  assertEq(calls, 1);
  assertEq(Object.getOwnPropertyDescriptor(g, "v").value, "got", "getter became data");
  const hidden = {};
  Object.defineProperty(hidden, "h", { value: 1, enumerable: false });
  assertEq("h" in structuredClone(hidden), false);
  // A getter that deletes a later property: the deleted one is skipped.
  const del = { get a() { delete this.b; return 1; }, b: 2 };
  assertEq("b" in structuredClone(del), false);
}

// --- Built-in value types.
{
  const d = structuredClone(new Date(86400000));
  assertEq(d instanceof Date, true);
  assertEq(d.getTime(), 86400000);
  const re = /a+b/giu;
  re.lastIndex = 4;
  const r = structuredClone(re);
  assertEq(r instanceof RegExp, true);
  assertEq(r.source, "a+b");
  assertEq(r.flags, "giu");
  assertEq(r.lastIndex, 0, "lastIndex reset");
  assertEq(structuredClone(new Boolean(false)) instanceof Boolean, true);
  assertEq(structuredClone(new Number(4)).valueOf(), 4);
  assertEq(structuredClone(new String("ab")).valueOf(), "ab");
  assertEq(structuredClone(Object(5n)).valueOf(), 5n);
  const key = { k: 1 };
  const m = structuredClone(new Map([[key, key], ["s", [1]]]));
  const [k2, v2] = [...m][0];
  assertEq(k2 === v2, true, "Map key and value share one copy");
  assertEq(k2 === key, false);
  assertEq(m.get("s")[0], 1);
  const s = structuredClone(new Set([1, "a", key]));
  assertEq(s.size, 3);
  assertEq(s.has("a"), true);
}

// --- Errors: name, message, cause, stack; unknown names become Error.
{
  const e = structuredClone(new TypeError("bad", { cause: { why: 1 } }));
  assertEq(e instanceof TypeError, true);
  assertEq(e.message, "bad");
  assertEq(e.cause.why, 1);
  assertEq(Object.getOwnPropertyDescriptor(e, "cause").enumerable, false);
  assertEq(typeof e.stack, "string");
  const custom = new Error("m");
  custom.name = "CustomError";
  assertEq(structuredClone(custom).name, "Error");
  assertEq(Object.getPrototypeOf(structuredClone(new AggregateError([], "x"))), Error.prototype);
  const dom = structuredClone(new DOMException("gone", "NotFoundError"));
  assertEq(dom instanceof DOMException, true);
  assertEq(dom.name, "NotFoundError");
  assertEq(dom.code, 8);
}

// --- Buffers and views.
{
  const buf = new ArrayBuffer(8);
  const u8 = new Uint8Array(buf);
  u8.set([1, 2, 3, 4, 5, 6, 7, 8]);
  const i16 = new Int16Array(buf, 2, 2);
  const dv = new DataView(buf, 1, 3);
  const c = structuredClone({ u8, i16, dv, buf });
  assertEq(c.u8.buffer, c.buf, "views share one copied buffer");
  assertEq(c.i16.buffer, c.buf);
  assertEq(c.dv.buffer, c.buf);
  assertEq(c.i16.byteOffset, 2);
  assertEq(c.i16.length, 2);
  assertEq(c.dv.byteOffset, 1);
  assertEq(c.dv.byteLength, 3);
  c.u8[0] = 99;
  assertEq(u8[0], 1, "bytes copied, not shared");
  const rab = new ArrayBuffer(2, { maxByteLength: 16 });
  const rc = structuredClone(rab);
  assertEq(rc.resizable, true);
  assertEq(rc.maxByteLength, 16);
  const sab = new SharedArrayBuffer(4);
  const sc = structuredClone(sab);
  new Uint8Array(sc)[0] = 42;
  assertEq(new Uint8Array(sab)[0], 42, "SharedArrayBuffer memory is shared");
}

// --- Transfer detaches the source.
{
  const buf = new ArrayBuffer(4);
  new Uint8Array(buf)[3] = 9;
  const view = new Uint8Array(buf);
  const out = structuredClone({ view }, { transfer: [buf] });
  assertEq(buf.byteLength, 0, "source detached");
  assertEq(buf.detached, true);
  assertEq(out.view[3], 9);
  assertEq(out.view.buffer.byteLength, 4);
  const e1 = assertThrows(DOMException, () => structuredClone(buf), "detached buffer");
  assertEq(e1.name, "DataCloneError");
  const b2 = new ArrayBuffer(1);
  assertEq(assertThrows(DOMException, () => structuredClone(0, { transfer: [b2, b2] })).name, "DataCloneError");
  assertEq(b2.detached, false, "nothing detached when the clone fails");
  assertEq(assertThrows(DOMException, () => structuredClone(0, { transfer: [new SharedArrayBuffer(1)] })).name, "DataCloneError");
  assertEq(assertThrows(DOMException, () => structuredClone(0, { transfer: [{}] })).name, "DataCloneError");
  assertThrows(TypeError, () => structuredClone(0, { transfer: [1] }));
  const b3 = new ArrayBuffer(1);
  assertThrows(DOMException, () => structuredClone({ b3, f() {} }, { transfer: [b3] }));
  assertEq(b3.detached, false, "a failed clone detaches nothing");
}

// --- What cannot be cloned.
{
  for (const bad of [function () {}, () => 1, Symbol("s"), { f() {} }, new WeakMap(), new WeakSet(),
                     Promise.resolve(), new Proxy({}, {}), new WeakRef({}), [Symbol.iterator], new EventTarget()]) {
    const e = assertThrows(DOMException, () => structuredClone(bad), "DataCloneError for " + String(typeof bad));
    assertEq(e.name, "DataCloneError");
    assertEq(e.code, 25);
    assertEq(e.code, DOMException.DATA_CLONE_ERR);
  }
  assertThrows(TypeError, () => structuredClone(), "one argument required");
  assertThrows(TypeError, () => structuredClone(1, 5), "options must be an object");
}

// --- Deep structures cost no native stack.
{
  let head = {};
  let node = head;
  for (let i = 0; i < 20000; i++) { node.next = {}; node = node.next; }
  let c = structuredClone(head), depth = 0;
  while (c.next) { c = c.next; depth++; }
  assertEq(depth, 20000);
}

finished = true;
console.log("finished");
