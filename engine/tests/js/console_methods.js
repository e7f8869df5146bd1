// The console object itself: its methods, that they work detached, and
// that printing a value never calls its getters or a proxy's traps
// (the output text is checked byte for byte by tests/console.rs).
var finished = false;

const names = ["log", "info", "debug", "error", "warn", "trace", "dir", "dirxml", "table", "time",
  "timeLog", "timeEnd", "count", "countReset", "group", "groupCollapsed", "groupEnd", "assert", "clear"];
for (const name of names) {
  assertEq(typeof console[name], "function", "console." + name);
  assertEq(Object.getOwnPropertyDescriptor(console, name).enumerable, true, name + " is enumerable");
}
assertEq(Object.prototype.toString.call(console), "[object console]", "console's tag");
assertEq(typeof print, "function", "the print global");

// Methods work without `console` as `this`, and return undefined.
const { log, count, group, groupEnd } = console;
assertEq(log("detached log"), undefined, "log returns undefined");
count("detached");
group();
groupEnd();
assertEq(console.info.call(null, "info with a null this"), undefined, "info with null this");

// Inspection reads no own getter and runs no proxy trap.
let getterCalls = 0;
const withGetter = { get g() { getterCalls++; return 1; }, set s(v) { getterCalls++; } };
console.log(withGetter, [withGetter], new Map([[withGetter, withGetter]]));
console.dir(withGetter, { depth: 5, showHidden: true });
console.log("%o %O %s %j", withGetter, withGetter, withGetter, {});
assertEq(getterCalls, 0, "getters are not called");

let trapCalls = 0;
const traps = {};
for (const t of ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "apply"]) {
  traps[t] = () => { trapCalls++; throw new Error("trap " + t); };
}
const proxy = new Proxy({ a: 1 }, traps);
console.log(proxy, [proxy], { p: proxy });
console.log("%o", proxy);
console.log(new Proxy(function f() {}, traps));
assertEq(trapCalls, 0, "proxy traps are not called");

// A getter on Symbol.toStringTag is read (as Node does) and may throw.
const throwingTag = { get [Symbol.toStringTag]() { throw new RangeError("tag"); } };
assertThrows(RangeError, () => console.log(throwingTag), "a throwing tag getter propagates");

// Big and cyclic values print without trouble (also under GC stress).
const big = [];
for (let i = 0; i < 2000; i++) big.push({ i, s: "v" + i, nested: [i, { deep: i }] });
big.push(big);
console.log(big);
const m = new Map();
for (let i = 0; i < 300; i++) m.set({ k: i }, new Set([i, String(i)]));
console.log(m, "%s", m);
console.table(big.slice(0, 5));

// Bad arguments are TypeErrors that name the method.
assertThrows(TypeError, () => console.count(Symbol("s")), "count with a symbol label");
assertThrows(TypeError, () => console.table([], "x"), "table with bad properties");

finished = true;
console.log("finished");
