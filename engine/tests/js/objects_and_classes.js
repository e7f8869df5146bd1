class Point {
  #secret = 42;
  static count = 0;
  constructor(x, y) { this.x = x; this.y = y; Point.count++; }
  get length() { return Math.hypot(this.x, this.y); }
  peek() { return this.#secret; }
  static #hidden() { return "hidden"; }
  static reveal() { return Point.#hidden(); }
}
class Point3 extends Point {
  constructor(x, y, z) { super(x, y); this.z = z; }
  get length() { return Math.hypot(super.length, this.z); }
}
const p = new Point3(2, 3, 6);
assertEq(p.length, 7, "super getter");
assertEq(p.peek(), 42, "private field through inheritance");
assertEq(Point.count, 1, "static field");
assertEq(Point.reveal(), "hidden", "static private method");
assertThrows(TypeError, () => Point(), "class call without new");
const o = { a: 1, ["b" + 1]: 2, get c() { return this.a + 1; }, ...{ d: 4 } };
assertArray(Object.keys(o), ["a", "b1", "c", "d"], "literal key order");
assertEq(o.c, 2, "getter");
const frozen = Object.freeze({ v: 1 });
assertThrows(TypeError, () => { "use strict"; frozen.v = 2; }, "frozen write in strict code");
const { a, ...rest } = o;
assertEq(a, 1, "destructuring");
assertArray(Object.keys(rest), ["b1", "c", "d"], "object rest");
const arr = [5, 1, 4];
arr.sort((x, y) => x - y);
assertArray(arr, [1, 4, 5], "sort");
assertEq([1, [2, [3, [4]]]].flat(Infinity).join(), "1,2,3,4", "flat");
const proxy = new Proxy({}, { get: (t, k) => k === "answer" ? 42 : undefined });
assertEq(proxy.answer, 42, "proxy get trap");
assertEq(Reflect.ownKeys({ z: 1, 1: 2, y: 3 }).join(), "1,z,y", "own keys order");

// A property turned from data into an accessor and back (it moves to a new
// slot each time) keeps its place in the key order and its new value, and
// an inline cache warmed on the data property sees the accessor.
{
  const o = { a: 1, b: 2, c: 3 };
  const readB = (x) => x.b;
  for (let i = 0; i < 20; i++) readB(o);
  Object.defineProperty(o, "b", { get() { return 20; }, configurable: true, enumerable: true });
  assertEq(readB(o), 20, "cached read after data -> accessor");
  assertEq(JSON.stringify(o), '{"a":1,"b":20,"c":3}', "accessor in place");
  Object.defineProperty(o, "b", { value: 200, writable: true, configurable: true, enumerable: true });
  assertEq(readB(o), 200, "read after accessor -> data");
  assertEq(Object.keys(o).join(), "a,b,c", "key order kept");
}
