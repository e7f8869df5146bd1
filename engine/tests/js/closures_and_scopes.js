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
// A `with` object shadows the function's own variables, and a compound
// assignment writes where its read resolved, even if the read changed that.
function withShadows() { var x = 0; with ({ x: 1 }) { return x; } }
assertEq(withShadows(), 1, "with shadows a local var");
function resolvedOnce() {
  var x = 0;
  var scope = { get x() { delete this.x; return 2; } };
  with (scope) { x ^= 3; }
  return [x, scope.x];
}
assertArray(resolvedOnce(), [0, 1], "compound assignment writes to the with object it read from");
function evalInRhs() { var x = 3; var inner = (function () { x *= (eval("var x = 2;"), 4); return x; })(); return [inner, x]; }
assertArray(evalInRhs(), [2, 12], "an eval-declared var does not capture the write");
function letInsideWith() { with ({}) { let y = 1; y++; return y; } }
assertEq(letInsideWith(), 2, "bindings declared inside the with body stay static");
