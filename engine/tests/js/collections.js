// Map, Set, WeakMap, WeakSet, WeakRef, FinalizationRegistry and the
// iterator helpers.

// --- Map: SameValueZero keys, insertion order, live iteration.
{
  const m = new Map([[1, "a"], ["1", "b"], [NaN, "n"], [-0, "z"]]);
  assertEq(m.size, 4);
  assertEq(m.get(1), "a");
  assertEq(m.get("1"), "b");
  assertEq(m.get(NaN), "n");
  assertEq(m.get(0), "z");
  assertEq(m.get(+0), "z");
  assertEq(Object.is([...m.keys()][3], 0), true, "-0 key stored as +0");
  const s1 = "ab" + "c", s2 = "a" + "bc";
  m.set(s1, 1);
  assertEq(m.get(s2), 1, "strings compare by content");
  assertEq(m.has(10n), false);
  m.set(10n, "big");
  assertEq(m.get(BigInt(10)), "big", "BigInts compare by value");
  const k = {};
  m.set(k, "obj");
  assertEq(m.get({}), undefined);
  assertEq(m.get(k), "obj");
  assertEq(m.delete(k), true);
  assertEq(m.delete(k), false);
  assertEq(m.set(k, 2), m, "set returns the map");
  assertArray([...m.keys()].slice(0, 3), [1, "1", NaN]);

  // Iterators see entries added during iteration and skip deleted ones.
  const live = new Map([[1, 1], [2, 2], [3, 3]]);
  const seen = [];
  for (const [key] of live) {
    seen.push(key);
    if (key === 1) { live.delete(2); live.set(4, 4); }
  }
  assertArray(seen, [1, 3, 4]);

  // Deleting many entries during iteration (compaction) keeps iterators right.
  const big = new Map();
  for (let i = 0; i < 100; i++) big.set(i, i);
  const it = big.keys();
  assertEq(it.next().value, 0);
  assertEq(it.next().value, 1);
  for (let i = 0; i < 90; i++) big.delete(i);
  assertEq(it.next().value, 90);
  big.clear();
  big.set("x", 1);
  assertEq(it.next().value, "x", "iterator continues after clear");
  assertEq(it.next().done, true);
  big.set("y", 2);
  assertEq(it.next().done, true, "exhausted iterators stay done");

  // forEach re-reads the table at each step.
  const fe = new Map([["a", 1]]);
  const order = [];
  fe.forEach((v, key, map) => {
    order.push(key);
    assertEq(map, fe);
    if (key === "a") fe.set("b", 2);
  });
  assertArray(order, ["a", "b"]);

  assertEq(Object.prototype.toString.call(new Map()), "[object Map]");
  assertEq(Map[Symbol.species], Map);
  assertEq(Map.prototype[Symbol.iterator], Map.prototype.entries);
  assertThrows(TypeError, () => Map());
  assertThrows(TypeError, () => Map.prototype.get.call(new Set(), 1));
  assertThrows(TypeError, () => new Map([1]));

  // getOrInsert / getOrInsertComputed.
  const g = new Map();
  assertEq(g.getOrInsert("a", 1), 1);
  assertEq(g.getOrInsert("a", 2), 1);
  assertEq(g.getOrInsertComputed("b", (key) => key + "!"), "b!");
  assertEq(g.getOrInsertComputed("b", () => { throw new Error("not called"); }), "b!");
  assertThrows(TypeError, () => g.getOrInsertComputed("c", 1));
  assertEq(g.getOrInsertComputed(-0, (key) => Object.is(key, 0)), true);

  // Map.groupBy.
  const groups = Map.groupBy([1, 2, 3, 4, 5], (x) => (x % 2 ? "odd" : "even"));
  assertArray([...groups.keys()], ["odd", "even"]);
  assertArray(groups.get("odd"), [1, 3, 5]);
  assertArray(groups.get("even"), [2, 4]);

  class MyMap extends Map {}
  const mm = new MyMap([[1, 2]]);
  assertEq(mm instanceof MyMap, true);
  assertEq(mm.get(1), 2);
}

// --- Set and the Set methods.
{
  const s = new Set([1, 2, 2, NaN, NaN, -0]);
  assertEq(s.size, 4);
  assertEq(s.has(0), true);
  assertEq(s.add(5), s);
  assertArray([...s], [1, 2, NaN, 0, 5]);
  assertArray([...s.entries()][0], [1, 1]);
  assertEq(Set.prototype.keys, Set.prototype.values);
  assertEq(Set.prototype[Symbol.iterator], Set.prototype.values);
  const sorted = (set) => [...set].sort();
  const a = new Set([1, 2, 3]), b = new Set([2, 3, 4]);
  assertArray(sorted(a.union(b)), [1, 2, 3, 4]);
  assertArray(sorted(a.intersection(b)), [2, 3]);
  assertArray(sorted(a.difference(b)), [1]);
  assertArray(sorted(a.symmetricDifference(b)), [1, 4]);
  assertEq(new Set([2]).isSubsetOf(a), true);
  assertEq(a.isSubsetOf(b), false);
  assertEq(a.isSupersetOf(new Set([1, 3])), true);
  assertEq(a.isDisjointFrom(new Set([7])), true);
  assertEq(a.isDisjointFrom(b), false);
  // Set-like arguments use size/has/keys.
  const setLike = {
    size: 2,
    has: (x) => x === 1 || x === 9,
    keys: () => [1, 9][Symbol.iterator](),
  };
  assertArray(sorted(a.union(setLike)), [1, 2, 3, 9]);
  assertArray(sorted(a.intersection(setLike)), [1]);
  assertArray(sorted(a.difference(setLike)), [2, 3]);
  assertThrows(TypeError, () => a.union([1, 2]), "arrays are not set-like");
  assertThrows(RangeError, () => a.union({ size: -1, has() {}, keys() {} }));
  assertThrows(TypeError, () => a.union({ size: NaN, has() {}, keys() {} }));
  assertEq(Object.prototype.toString.call(new Set().values()), "[object Set Iterator]");
  assertThrows(TypeError, () => Set.prototype.add.call(new Map(), 1));
}

// --- WeakMap and WeakSet.
{
  const wm = new WeakMap();
  const k1 = {}, k2 = function () {};
  wm.set(k1, "one").set(k2, "two");
  assertEq(wm.get(k1), "one");
  assertEq(wm.has(k2), true);
  assertEq(wm.delete(k2), true);
  assertEq(wm.has(k2), false);
  assertThrows(TypeError, () => wm.set(1, 1));
  assertThrows(TypeError, () => wm.set(Symbol.for("registered"), 1));
  const sym = Symbol("weak");
  wm.set(sym, "sym");
  assertEq(wm.get(sym), "sym", "unregistered symbols are valid weak keys");
  assertEq(wm.get(1), undefined);
  assertEq(wm.getOrInsert(k2, 3), 3);
  assertEq(wm.getOrInsertComputed(k2, () => 4), 3);
  const ws = new WeakSet([k1]);
  assertEq(ws.has(k1), true);
  assertEq(ws.has({}), false);
  assertThrows(TypeError, () => ws.add("str"));
  // Many short-lived keys: entries for dead keys go away with their keys.
  const keep = [];
  for (let i = 0; i < 2000; i++) {
    const key = { i };
    wm.set(key, { value: i });
    if (i % 100 === 0) keep.push(key);
  }
  for (const key of keep) assertEq(wm.get(key).value, key.i);
}

// --- WeakRef and FinalizationRegistry.
{
  const target = { name: "t" };
  const wr = new WeakRef(target);
  assertEq(wr.deref(), target);
  assertEq(Object.prototype.toString.call(wr), "[object WeakRef]");
  assertThrows(TypeError, () => new WeakRef(1));
  const fr = new FinalizationRegistry(() => {});
  const token = {};
  assertEq(fr.register(target, "held", token), undefined);
  assertThrows(TypeError, () => fr.register(target, target));
  assertEq(fr.unregister(token), true);
  assertEq(fr.unregister(token), false);
  assertThrows(TypeError, () => new FinalizationRegistry(1));
}

// --- Iterator helpers.
{
  function* nat() { let i = 0; while (true) yield i++; }
  assertArray(nat().map((x) => x * 2).filter((x) => x % 3 === 0).take(3).toArray(), [0, 6, 12]);
  assertArray(nat().drop(5).take(2).toArray(), [5, 6]);
  assertArray([1, 2].values().flatMap((x) => [x, x * 10]).toArray(), [1, 10, 2, 20]);
  assertEq([1, 2, 3].values().reduce((a, b) => a + b), 6);
  assertEq([1, 2, 3].values().reduce((a, b) => a + b, 10), 16);
  assertEq(nat().some((x) => x > 3), true);
  assertEq([1, 2].values().every((x) => x > 1), false);
  assertEq(nat().find((x) => x * x > 50), 8);
  const each = [];
  [3, 4].values().forEach((x, i) => each.push(x + ":" + i));
  assertArray(each, ["3:0", "4:1"]);
  assertThrows(TypeError, () => new Iterator());
  class MyIter extends Iterator { next() { return { done: true }; } }
  assertEq(new MyIter() instanceof Iterator, true);
  const plain = { i: 0, next() { return { done: this.i >= 2, value: this.i++ }; } };
  const wrapped = Iterator.from(plain);
  assertEq(wrapped instanceof Iterator, true);
  assertArray(wrapped.toArray(), [0, 1]);
  assertArray(Iterator.from("ab").toArray(), ["a", "b"]);
  assertArray(Iterator.concat([1], new Set([2, 3])).toArray(), [1, 2, 3]);
  assertEq(Iterator.prototype[Symbol.toStringTag], "Iterator");
  assertEq(Iterator.prototype.constructor, Iterator);
  // return() closes the underlying iterator.
  let closed = 0;
  const closable = { next() { return { done: false, value: 1 }; }, return() { closed++; return {}; } };
  const helper = Iterator.prototype.map.call(closable, (x) => x);
  helper.next();
  helper.return();
  assertEq(closed, 1);
  assertEq(helper.next().done, true);
  assertThrows(RangeError, () => nat().take(-1));
  assertEq(Object.prototype.toString.call(nat().map((x) => x)), "[object Iterator Helper]");
}

var finished = true;
