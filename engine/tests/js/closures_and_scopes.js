// Closures capture variables, not values; loops get fresh bindings.
function counter() { let n = 0; return { inc: () => ++n, get: () => n }; }
const c = counter(); c.inc(); c.inc();
assertEq(c.get(), 2, "closure state");
const fns = [];
for (let i = 0; i < 5; i++) fns.push(() => i * i);
assertArray(fns.map(f => f()), [0, 1, 4, 9, 16], "per-iteration let");
var vfns = [];
for (var j = 0; j < 3; j++) vfns.push(() => j);
assertArray(vfns.map(f => f()), [3, 3, 3], "shared var");
assertThrows(ReferenceError, () => { tdz; let tdz = 1; }, "TDZ");
const k = 1;
assertThrows(TypeError, () => { k = 2; }, "const assignment");
function outer() { var x = "outer"; function inner() { return x; } var x = "reassigned"; return inner(); }
assertEq(outer(), "reassigned", "hoisting");
{ function blockFn() { return 7; } assertEq(blockFn(), 7, "block function"); }
label: { break label; }
assertEq(typeof undeclaredThing, "undefined", "typeof undeclared");
