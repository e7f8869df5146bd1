// Found by weft-fuzz-threads (parallel): FUZZ FAIL: asyncHold-protected counter 8, expected 9
// weft-fuzz-threads program, seed 90028: 6 threads.
"use strict";
function fail(what) { print("FUZZ FAIL: " + what); throw new Error("FUZZ FAIL: " + what); }
// Every value a program can write or build: small integers (and NaN),
// short lowercase strings, booleans, undefined, null, objects and
// functions. A torn or invented value would be none of these.
function legal(v) {
  switch (typeof v) {
    case "undefined": case "boolean": case "object": case "function": return true;
    // (NaN: Atomics.add on a property that held undefined or a string.)
    case "number": return Number.isNaN(v) || (Number.isInteger(v) && v >= -100000 && v <= 10000000);
    case "string": return v.length <= 4096 && /^[a-z0-9_,:{}\[\]"\-. ]*$/.test(v);
    default: return false;
  }
}
function int32(v, where) { if (!Number.isInteger(v) || v < -2147483648 || v > 4294967295) fail("illegal typed value " + String(v) + " read from " + where); return v; }
function chk(v, where) { if (!legal(v)) fail("illegal value " + String(v) + " read from " + where); return v; }
// Exceptions the operations may throw on purpose (frozen objects, cycles,
// misuse of Lock and Condition, a thread that throws): only Errors.
function expected(e) { if (!(e instanceof Error) || String(e.message).startsWith("FUZZ FAIL")) throw e; }
const P = {
  o: [], a: [], m: [], s: [], str: "s",
  ta: new Int32Array(new SharedArrayBuffer(64)),
  lock: new Lock(), cond: new Condition(),
  // Hand-offs: hlock is only ever held briefly and synchronously; alock is
  // only ever taken asynchronously, so no thread blocks on it.
  hlock: new Lock(), hcond: new Condition(),
  alock: new Lock(), acond: new Condition(), alocked: { n: 0 },
  // Never held: waiting on xcond with it is always a mistake.
  xlock: new Lock(), xcond: new Condition(),
  locked: { n: 0 }, atomic: { n: 0 }, pushes: [], adds: {}, map: new Map(),
  protos: [{ p: 1 }, { p: 2 }, Object.create(null)],
  fns: [],
};
for (let i = 0; i < 4; i++) {
  P.o.push({ a: i, b: "s" + i, n: 0 });
  P.a.push([i, i + 1, i + 2]);
  P.m.push(new Map([[i, "v" + i]]));
  P.s.push(new Set([i]));
  const k = i;
  P.fns.push(() => k + 1);
}
function check(locked, atomic, typed, pushes, mapSets, asyncLocked, added) {
  if (P.alocked.n !== asyncLocked) fail("asyncHold-protected counter " + P.alocked.n + ", expected " + asyncLocked);
  for (let k = 0; k < 15; k++) int32(Atomics.load(P.ta, k), "typed element " + k);
  if (P.locked.n !== locked) fail("Lock-protected counter " + P.locked.n + ", expected " + locked);
  if (P.atomic.n !== atomic) fail("Atomics.add counter " + P.atomic.n + ", expected " + atomic);
  if (Atomics.load(P.ta, 15) !== typed) fail("typed-array counter " + Atomics.load(P.ta, 15) + ", expected " + typed);
  if (P.pushes.length !== pushes) fail("pushes " + P.pushes.length + ", expected " + pushes);
  for (const v of P.pushes) if (typeof v !== "number") fail("pushed value " + String(v));
  if (P.map.size !== mapSets) fail("Map size " + P.map.size + ", expected " + mapSets);
  for (const k of added) if (P.adds[k] !== k) fail("added property " + k + " is " + String(P.adds[k]));
  if (Object.keys(P.adds).length !== added.length) fail("P.adds has " + Object.keys(P.adds).length + " keys, expected " + added.length);
  for (const group of [P.o, P.a, P.protos]) {
    for (const o of group) {
      for (const key of Reflect.ownKeys(o)) {
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (!d) continue;
        if ("value" in d) chk(d.value, "property " + String(key));
        else if ((d.get !== undefined && typeof d.get !== "function") || (d.set !== undefined && typeof d.set !== "function")) fail("accessor parts of " + String(key));
      }
    }
  }
  for (const a of P.a) {
    if (!Number.isInteger(a.length) || a.length < 0) fail("array length " + a.length);
    for (let i = 0; i < Math.min(a.length, 2000); i++) chk(a[i], "element " + i);
  }
  for (const m of P.m) { for (const [k, v] of m) { chk(k, "map key"); chk(v, "map value"); } }
  for (const s of P.s) { for (const v of s) chk(v, "set value"); }
  chk(P.str, "P.str");
  print("fuzz ok");
}
function body0(P) {
  const pending = [];
  try { delete P.o[2]["c"]; } catch (e) { expected(e); }
  try { chk(P.a[2].pop(), "pop"); } catch (e) { expected(e); }
  try { P.ta.set([74, 12], 10); int32(P.ta.slice(0, 15).sort()[8], "sorted copy"); } catch (e) { expected(e); }
  try { for (const [k, x] of P.m[3]) { chk(k, "map key"); chk(x, "map value"); } } catch (e) { expected(e); }
  try { P.ta.set([43, 94], 11); int32(P.ta.slice(0, 15).sort()[9], "sorted copy"); } catch (e) { expected(e); }
  try { P.adds["t0_0"] = "t0_0"; P.map.set("t0_0", 48); } catch (e) { expected(e); }
  try { P.adds["t0_1"] = "t0_1"; P.map.set("t0_1", undefined); } catch (e) { expected(e); }
  try { pending.push(P.xcond.asyncWait(P.xlock).then(() => fail("asyncWait without the lock resolved"), expected)); } catch (e) { expected(e); }
  try { { const h = new Int16Array(P.ta.buffer, 0, 30); h.fill(322, 2, 16); h.copyWithin(0, 10); int32(h.subarray(2, 9).reduce((x, y) => x + y, 0), "Int16 sum"); } } catch (e) { expected(e); }
  try { Object.setPrototypeOf(P.o[2], P.protos[2]); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[2], "1", { get() { return null; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { P.a[2].splice(0, 0, 78, P.o[1]); } catch (e) { expected(e); }
  try { P.a[2].length = 7; } catch (e) { expected(e); }
  try { Atomics.store(P.ta, 3, 74); } catch (e) { expected(e); }
  try { pending.push(P.alock.asyncHold().then((release) => { P.alocked.n++; release(); })); } catch (e) { expected(e); }
  try { chk(P.a[0].shift(), "shift"); } catch (e) { expected(e); }
  try { P.fns[0] = ((k) => () => k)(4); chk(P.fns[3](), "closure"); } catch (e) { expected(e); }
  try { Object.setPrototypeOf(P.o[2], P.protos[2]); } catch (e) { expected(e); }
  try { P.o[3].b = undefined; } catch (e) { expected(e); }
  try { Atomics.store(P.ta, 3, 48); } catch (e) { expected(e); }
  try { { const junk = []; for (let q = 0; q < 194; q++) junk.push({ q, s: "s" + q, a: [q] }); P.o[0].c = junk.length; } } catch (e) { expected(e); }
  try { chk(P.a[3].shift(), "shift"); } catch (e) { expected(e); }
  try { P.a[3].length = 1; } catch (e) { expected(e); }
  try { for (const x of P.s[3]) chk(x, "set value"); } catch (e) { expected(e); }
  try { P.lock.hold(() => { chk(P.o[0].a, "in hold"); }); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[2], "a", { get() { return P.o[1]; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { new Thread(() => { throw new RangeError("thrown on purpose"); }).join(); } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { P.ta.set([24, 87], 2); int32(P.ta.slice(0, 15).sort()[4], "sorted copy"); } catch (e) { expected(e); }
  try { for (const x of P.s[0]) chk(x, "set value"); } catch (e) { expected(e); }
  try { for (const x of P.s[1]) chk(x, "set value"); } catch (e) { expected(e); }
  try { P.cond.wait(P.lock); } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { pending.push(P.xcond.asyncWait(P.xlock).then(() => fail("asyncWait without the lock resolved"), expected)); } catch (e) { expected(e); }
  try { P.o[0].length2 = "s1"; } catch (e) { expected(e); }
  try { chk(P.a[1][4], "a[k]"); } catch (e) { expected(e); }
  try { P.a[1].splice(1, 1, null, P.a[2]); } catch (e) { expected(e); }
  try { pending.push(P.xcond.asyncWait(P.xlock).then(() => fail("asyncWait without the lock resolved"), expected)); } catch (e) { expected(e); }
  try { Atomics.add(P.o[1], "n", 1); } catch (e) { expected(e); }
  try { { const junk = []; for (let q = 0; q < 209; q++) junk.push({ q, s: "s" + q, a: [q] }); P.o[1].c = junk.length; } } catch (e) { expected(e); }
  try { P.fns[0] = ((k) => () => k)(undefined); chk(P.fns[3](), "closure"); } catch (e) { expected(e); }
  return Promise.all(pending);
}
function body1(P) {
  const pending = [];
  try { P.a[0].length = 0; } catch (e) { expected(e); }
  try { chk(JSON.parse(JSON.stringify(P.o[0])), "JSON"); } catch (e) { expected(e); }
  try { { const box = { v: undefined }; const h = new Thread(() => P.hlock.hold(() => { box.v = 14; P.hcond.notifyAll(); })); P.hlock.hold(() => { while (box.v === undefined) P.hcond.wait(P.hlock); }); h.join(); if (box.v !== 14) fail("hand-off got " + box.v); } } catch (e) { expected(e); }
  try { for (let q = 0; q < 1; q++) P.pushes.push(q); } catch (e) { expected(e); }
  try { for (const [k, x] of P.m[1]) { chk(k, "map key"); chk(x, "map value"); } } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[1], "n", { value: null, writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  try { for (let q = 0; q < 12; q++) P.lock.hold(() => { P.locked.n++; }); } catch (e) { expected(e); }
  try { chk(JSON.parse(JSON.stringify(P.o[3])), "JSON"); } catch (e) { expected(e); }
  try { P.a[0][25] = 42; } catch (e) { expected(e); }
  try { P.m[3].delete(5); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[0], "length2", { value: "s6", writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  try { chk(P.a[0][0], "a[k]"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 3; q++) P.pushes.push(q); } catch (e) { expected(e); }
  try { P.adds["t1_0"] = "t1_0"; P.map.set("t1_0", "s2"); } catch (e) { expected(e); }
  try { chk(JSON.parse(JSON.stringify(P.o[3])), "JSON"); } catch (e) { expected(e); }
  try { new Thread((o) => chk(o.a, "thread arg"), P.o[2]).join(); } catch (e) { expected(e); }
  try { pending.push(P.xcond.asyncWait(P.xlock).then(() => fail("asyncWait without the lock resolved"), expected)); } catch (e) { expected(e); }
  try { chk(Object.keys(P.o[3]).length, "keys"); chk("x0" in P.o[2], "in"); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[3], "b", { get() { return 17; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { { const box = { v: undefined }; pending.push(new Thread(() => { P.alock.asyncHold(() => { box.v = 21; P.acond.notifyAll(); }); }).asyncJoin()); pending.push(P.alock.asyncHold(async () => { while (box.v === undefined) await P.acond.asyncWait(P.alock); if (box.v !== 21) fail("async hand-off got " + box.v); P.alocked.n++; })); } } catch (e) { expected(e); }
  try { Atomics.store(P.ta, 7, 8); } catch (e) { expected(e); }
  try { delete P.o[3]["length2"]; } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { delete P.o[0]["c"]; } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { for (let q = 0; q < 6; q++) P.pushes.push(q); } catch (e) { expected(e); }
  try { chk(Object.keys(P.o[1]).length, "keys"); chk("1" in P.o[0], "in"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 19; q++) P.lock.hold(() => { P.locked.n++; }); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[2], "a", { get() { return "s6"; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { { const u8 = new Uint8Array(P.ta.buffer, 0, 60); u8[59] = 150; int32(u8[20], "u8 view"); } } catch (e) { expected(e); }
  try { for (const x of P.s[3]) chk(x, "set value"); } catch (e) { expected(e); }
  try { chk(P.o[1]["7"], "o.7"); } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { P.o[1].c = undefined; } catch (e) { expected(e); }
  try { Atomics.store(P.ta, 7, 8); } catch (e) { expected(e); }
  try { P.a[0][29] = 94; } catch (e) { expected(e); }
  try { P.a[0].push("s0"); } catch (e) { expected(e); }
  try { pending.push(P.xcond.asyncWait(P.xlock).then(() => fail("asyncWait without the lock resolved"), expected)); } catch (e) { expected(e); }
  try { { const box = { v: undefined }; pending.push(new Thread(() => { P.alock.asyncHold(() => { box.v = 96; P.acond.notifyAll(); }); }).asyncJoin()); pending.push(P.alock.asyncHold(async () => { while (box.v === undefined) await P.acond.asyncWait(P.alock); if (box.v !== 96) fail("async hand-off got " + box.v); P.alocked.n++; })); } } catch (e) { expected(e); }
  try { P.fns[2] = ((k) => () => k)(P.a[3]); chk(P.fns[3](), "closure"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 9; q++) Atomics.add(P.atomic, "n", 1); } catch (e) { expected(e); }
  try { { const box = { v: undefined }; const h = new Thread(() => P.hlock.hold(() => { box.v = 59; P.hcond.notifyAll(); })); P.hlock.hold(() => { while (box.v === undefined) P.hcond.wait(P.hlock); }); h.join(); if (box.v !== 59) fail("hand-off got " + box.v); } } catch (e) { expected(e); }
  return Promise.all(pending);
}
function body2(P) {
  const pending = [];
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { P.s[1].add(P.o[1]); P.s[2].delete(7); } catch (e) { expected(e); }
  try { { const box = { v: undefined }; const h = new Thread(() => P.hlock.hold(() => { box.v = 71; P.hcond.notifyAll(); })); P.hlock.hold(() => { while (box.v === undefined) P.hcond.wait(P.hlock); }); h.join(); if (box.v !== 71) fail("hand-off got " + box.v); } } catch (e) { expected(e); }
  try { { const box = { v: undefined }; const h = new Thread(() => P.hlock.hold(() => { box.v = 30; P.hcond.notifyAll(); })); P.hlock.hold(() => { while (box.v === undefined) P.hcond.wait(P.hlock); }); h.join(); if (box.v !== 30) fail("hand-off got " + box.v); } } catch (e) { expected(e); }
  try { Object.setPrototypeOf(P.o[0], P.protos[1]); } catch (e) { expected(e); }
  try { chk(Object.keys(P.o[2]).length, "keys"); chk("n" in P.o[2], "in"); } catch (e) { expected(e); }
  try { chk(P.a[0].shift(), "shift"); } catch (e) { expected(e); }
  try { P.a[2].sort((x, y) => String(x) < String(y) ? -1 : 1); } catch (e) { expected(e); }
  try { pending.push(P.xcond.asyncWait(P.xlock).then(() => fail("asyncWait without the lock resolved"), expected)); } catch (e) { expected(e); }
  try { Atomics.add(P.o[0], "n", 1); } catch (e) { expected(e); }
  try { chk(Object.keys(P.o[1]).length, "keys"); chk("c" in P.o[2], "in"); } catch (e) { expected(e); }
  try { pending.push(P.alock.asyncHold().then((release) => { P.alocked.n++; release(); })); } catch (e) { expected(e); }
  try { Object.setPrototypeOf(P.o[2], P.protos[2]); } catch (e) { expected(e); }
  try { { const junk = []; for (let q = 0; q < 282; q++) junk.push({ q, s: "s" + q, a: [q] }); P.o[0].c = junk.length; } } catch (e) { expected(e); }
  try { P.m[0].set(7, P.a[1]); } catch (e) { expected(e); }
  try { P.a[1].push(true); } catch (e) { expected(e); }
  try { Atomics.store(P.ta, 2, 26); } catch (e) { expected(e); }
  try { { const junk = []; for (let q = 0; q < 313; q++) junk.push({ q, s: "s" + q, a: [q] }); P.o[2].c = junk.length; } } catch (e) { expected(e); }
  try { chk(P.o[0]["0"], "o.0"); } catch (e) { expected(e); }
  try { P.ta.set([1, 16], 9); int32(P.ta.slice(0, 15).sort()[13], "sorted copy"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 4; q++) Atomics.add(P.ta, 15, 1); } catch (e) { expected(e); }
  try { P.o[1].x0 = true; } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[3], "a", { get() { return P.o[2]; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { { const junk = []; for (let q = 0; q < 92; q++) junk.push({ q, s: "s" + q, a: [q] }); P.o[2].c = junk.length; } } catch (e) { expected(e); }
  try { for (let q = 0; q < 6; q++) P.lock.hold(() => { P.locked.n++; }); } catch (e) { expected(e); }
  try { chk(P.o[0]["b"], "o.b"); } catch (e) { expected(e); }
  try { P.a[0].sort((x, y) => String(x) < String(y) ? -1 : 1); } catch (e) { expected(e); }
  try { P.lock.hold(() => { P.cond.notifyAll(); }); } catch (e) { expected(e); }
  try { P.a[1].length = 5; } catch (e) { expected(e); }
  try { Object.seal(P.a[1]); } catch (e) { expected(e); }
  try { P.adds["t2_0"] = "t2_0"; P.map.set("t2_0", true); } catch (e) { expected(e); }
  try { pending.push(P.alock.asyncHold().then((release) => { P.alocked.n++; release(); })); } catch (e) { expected(e); }
  try { chk(P.a[0][4], "a[k]"); } catch (e) { expected(e); }
  try { P.s[0].add(26); P.s[2].delete(2); } catch (e) { expected(e); }
  try { P.a[0][23] = 90; } catch (e) { expected(e); }
  try { new Thread((o) => chk(o.a, "thread arg"), P.o[0]).join(); } catch (e) { expected(e); }
  try { P.s[1].add("s6"); P.s[3].delete(0); } catch (e) { expected(e); }
  try { chk(JSON.parse(JSON.stringify(P.o[1])), "JSON"); } catch (e) { expected(e); }
  try { chk(P.a[0].shift(), "shift"); } catch (e) { expected(e); }
  return Promise.all(pending);
}
function body3(P) {
  const pending = [];
  try { P.lock.hold(() => { chk(P.o[0].a, "in hold"); }); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[2], "1", { value: P.o[1], writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[0], "c", { value: 77, writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  try { P.o[0]["1"] = null; } catch (e) { expected(e); }
  try { chk(P.a[2].pop(), "pop"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 3; q++) Atomics.add(P.atomic, "n", 1); } catch (e) { expected(e); }
  try { P.a[2].sort((x, y) => String(x) < String(y) ? -1 : 1); } catch (e) { expected(e); }
  try { new Thread(() => { throw new RangeError("thrown on purpose"); }).join(); } catch (e) { expected(e); }
  try { P.o[3]["0"] = null; } catch (e) { expected(e); }
  try { Object.preventExtensions(P.o[0]); } catch (e) { expected(e); }
  try { Atomics.add(P.o[1], "n", 1); } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { { const junk = []; for (let q = 0; q < 138; q++) junk.push({ q, s: "s" + q, a: [q] }); P.o[1].c = junk.length; } } catch (e) { expected(e); }
  try { chk(Object.keys(P.o[3]).length, "keys"); chk("1" in P.o[0], "in"); } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { P.o[3].length2 = true; } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[1], "n", { value: undefined, writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  try { for (let q = 0; q < 5; q++) Atomics.add(P.atomic, "n", 1); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[2], "0", { value: P.o[3], writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  try { chk(JSON.parse(JSON.stringify(P.o[3])), "JSON"); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[2], "1", { get() { return P.o[3]; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { Object.setPrototypeOf(P.o[3], null); } catch (e) { expected(e); }
  try { chk(P.a[3][4], "a[k]"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 1; q++) P.pushes.push(q); } catch (e) { expected(e); }
  try { chk(P.a[0].pop(), "pop"); } catch (e) { expected(e); }
  try { P.o[1].c = true; } catch (e) { expected(e); }
  try { { const box = { v: undefined }; pending.push(new Thread(() => { P.alock.asyncHold(() => { box.v = 31; P.acond.notifyAll(); }); }).asyncJoin()); pending.push(P.alock.asyncHold(async () => { while (box.v === undefined) await P.acond.asyncWait(P.alock); if (box.v !== 31) fail("async hand-off got " + box.v); P.alocked.n++; })); } } catch (e) { expected(e); }
  try { P.o[0].a = 69; } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[3], "b", { get() { return true; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { P.a[3].length = 1; } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[2], "length2", { get() { return 64; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { P.cond.wait(P.lock); } catch (e) { expected(e); }
  try { chk(P.o[0]["length2"], "o.length2"); } catch (e) { expected(e); }
  try { chk(P.a[0].pop(), "pop"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 20; q++) Atomics.add(P.atomic, "n", 1); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[1], "length2", { value: undefined, writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  return Promise.all(pending);
}
function body4(P) {
  const pending = [];
  try { new Thread((o) => chk(o.a, "thread arg"), P.o[0]).join(); } catch (e) { expected(e); }
  try { Atomics.add(P.o[0], "n", 1); } catch (e) { expected(e); }
  try { P.adds["t4_0"] = "t4_0"; P.map.set("t4_0", "s0"); } catch (e) { expected(e); }
  try { for (const [k, x] of P.m[0]) { chk(k, "map key"); chk(x, "map value"); } } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { delete P.o[0]["b"]; } catch (e) { expected(e); }
  try { Object.preventExtensions(P.o[2]); } catch (e) { expected(e); }
  try { Atomics.store(P.ta, 0, 6); } catch (e) { expected(e); }
  try { P.ta.set([8, 94], 3); int32(P.ta.slice(0, 15).sort()[12], "sorted copy"); } catch (e) { expected(e); }
  try { delete P.o[3]["1"]; } catch (e) { expected(e); }
  try { P.a[2].length = 3; } catch (e) { expected(e); }
  try { for (const x of P.s[2]) chk(x, "set value"); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[2], "c", { get() { return 81; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[3], "length2", { get() { return P.o[2]; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { P.cond.wait(P.lock); } catch (e) { expected(e); }
  try { chk(P.a[2].pop(), "pop"); } catch (e) { expected(e); }
  try { chk(P.a[3].pop(), "pop"); } catch (e) { expected(e); }
  try { chk(P.a[0].pop(), "pop"); } catch (e) { expected(e); }
  try { chk(P.a[1].pop(), "pop"); } catch (e) { expected(e); }
  try { chk(P.a[0].pop(), "pop"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 19; q++) P.lock.hold(() => { P.locked.n++; }); } catch (e) { expected(e); }
  try { P.a[2].splice(3, 2, 25, 82); } catch (e) { expected(e); }
  try { for (let q = 0; q < 5; q++) P.lock.hold(() => { P.locked.n++; }); } catch (e) { expected(e); }
  try { { const b = new BigInt64Array(P.ta.buffer, 0, 7); Atomics.add(b, 6, 1n); if (typeof Atomics.load(b, 1) !== "bigint") fail("BigInt64 view"); } } catch (e) { expected(e); }
  try { for (const x of P.s[1]) chk(x, "set value"); } catch (e) { expected(e); }
  try { for (let q = 0; q < 3; q++) P.pushes.push(q); } catch (e) { expected(e); }
  try { { const box = { v: undefined }; pending.push(new Thread(() => { P.alock.asyncHold(() => { box.v = 83; P.acond.notifyAll(); }); }).asyncJoin()); pending.push(P.alock.asyncHold(async () => { while (box.v === undefined) await P.acond.asyncWait(P.alock); if (box.v !== 83) fail("async hand-off got " + box.v); P.alocked.n++; })); } } catch (e) { expected(e); }
  try { P.a[3].length = 3; } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[0], "length2", { get() { return "s3"; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { P.a[2].splice(0, 1, "s2", true); } catch (e) { expected(e); }
  try { for (let q = 0; q < 7; q++) P.lock.hold(() => { P.locked.n++; }); } catch (e) { expected(e); }
  try { chk(P.o[3]["n"], "o.n"); } catch (e) { expected(e); }
  try { P.a[1].sort((x, y) => String(x) < String(y) ? -1 : 1); } catch (e) { expected(e); }
  try { { const box = { v: undefined }; const h = new Thread(() => P.hlock.hold(() => { box.v = 33; P.hcond.notifyAll(); })); P.hlock.hold(() => { while (box.v === undefined) P.hcond.wait(P.hlock); }); h.join(); if (box.v !== 33) fail("hand-off got " + box.v); } } catch (e) { expected(e); }
  try { pending.push(P.xcond.asyncWait(P.xlock).then(() => fail("asyncWait without the lock resolved"), expected)); } catch (e) { expected(e); }
  try { { const u8 = new Uint8Array(P.ta.buffer, 0, 60); u8[15] = 58; int32(u8[11], "u8 view"); } } catch (e) { expected(e); }
  return Promise.all(pending);
}
function body5(P) {
  const pending = [];
  try { P.o[0]["7"] = P.o[1]; } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[1], "0", { value: "s6", writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[1], "n", { get() { return P.a[2]; }, set(x) { chk(x, "setter"); }, configurable: true }); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[0], "0", { value: 64, writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  try { Object.seal(P.a[2]); } catch (e) { expected(e); }
  try { pending.push(P.alock.asyncHold().then((release) => { P.alocked.n++; release(); })); } catch (e) { expected(e); }
  try { P.str = P.str.length > 400 ? "s" : P.str + "_" + String(P.str.length); } catch (e) { expected(e); }
  try { chk(JSON.parse(JSON.stringify(P.o[2])), "JSON"); } catch (e) { expected(e); }
  try { { const dv = new DataView(P.ta.buffer, 0, 60); dv.setInt16(28, 287); int32(dv.getUint16(15, true), "DataView"); } } catch (e) { expected(e); }
  try { { const junk = []; for (let q = 0; q < 371; q++) junk.push({ q, s: "s" + q, a: [q] }); P.o[2].c = junk.length; } } catch (e) { expected(e); }
  try { pending.push(P.alock.asyncHold().then((release) => { P.alocked.n++; release(); })); } catch (e) { expected(e); }
  try { delete P.o[1]["n"]; } catch (e) { expected(e); }
  try { Object.freeze(P.o[3]); } catch (e) { expected(e); }
  try { P.a[3].length = 3; } catch (e) { expected(e); }
  try { for (let q = 0; q < 5; q++) P.lock.hold(() => { P.locked.n++; }); } catch (e) { expected(e); }
  try { Atomics.add(P.o[3], "n", 1); } catch (e) { expected(e); }
  try { chk(P.a[3].shift(), "shift"); } catch (e) { expected(e); }
  try { Object.freeze(P.o[0]); } catch (e) { expected(e); }
  try { Object.defineProperty(P.o[1], "1", { value: 99, writable: true, configurable: true, enumerable: true }); } catch (e) { expected(e); }
  return Promise.all(pending);
}
const threads = [new Thread(body1, P), new Thread(body2, P), new Thread(body3, P), new Thread(body4, P), new Thread(body5, P)];
const mainDone = body0(P);
Promise.all([mainDone, ...threads.map((t) => t.asyncJoin().catch(expected))]).then(() => check(73, 37, 4, 14, 5, 9, ['t0_0', 't0_1', 't1_0', 't2_0', 't4_0']));
