// Name bindings that functions and classes create for themselves. The
// test (names.rs) runs these statements at every nesting level: script
// and module top level, inside a function (sloppy and strict), a block,
// direct and indirect eval, and a thread. `check` and `checkThrows` come
// from the wrapper.
const strictCode = (function () { return this === undefined; })();

// A named function expression sees itself by its own name.
const fact = function f(n) { return n ? n * f(n - 1) : 1; };
check(fact(5), 120, "recursion through a function expression's own name");
check((function g() { return typeof g; })(), "function", "own name is bound");
check(typeof f, "undefined", "own name is not visible outside");
const gen = function* walk(n) { if (n > 0) { yield n; yield* walk(n - 1); } };
check([...gen(3)].join(), "3,2,1", "generator expression's own name");

// The own name is immutable: ignored in sloppy code, a TypeError in strict.
if (strictCode) {
  checkThrows(TypeError, function h() { h = 1; }, "assigning the own name (strict)");
} else {
  check((function h() { h = 1; return typeof h; })(), "function", "assigning the own name (sloppy)");
}
// ... and shadowable by parameters, var, let and inner functions.
check((function s(s) { return s; })(7), 7, "a parameter shadows the own name");
check((function s() { var s = 8; return s; })(), 8, "var shadows the own name");
check((function s() { let s = 9; return s; })(), 9, "let shadows the own name");
check((function s() { function s() { return 10; } return s(); })(), 10, "an inner declaration shadows");
check((function s() { return (() => s)(); })() !== undefined, true, "an arrow sees the own name");
// (Naming a function `arguments` is a SyntaxError in strict code.)
if (!strictCode) check(eval("(function arguments() { return typeof arguments; })()"), "object", "arguments shadows a function named arguments");
check((function a() { return arguments.length; })(1, 2), 2, "arguments beside an own name");
const obj = { m: function mm() { return typeof mm; } };
check(obj.m(), "function", "own name of a method's function expression");
{ const inBlock = function b() { return b; }; check(inBlock(), inBlock, "own name inside a block"); }

// A class sees itself by name from static fields, static blocks, methods and
// computed keys; the binding is initialized before static fields run.
class Strength {
  static table = new Map();
  static weakest = Strength.of(0);
  static { Strength.table.set("weakest", Strength.weakest); }
  static of(n) { return n + 1; }
  static self() { return Strength; }
}
check(Strength.weakest, 1, "a static field calls a static method through the class name");
check(Strength.table.get("weakest"), 1, "a static block uses the class name");
const StrengthRef = Strength;
check(Strength.self(), StrengthRef, "a method refers to its class");
checkThrows(TypeError, () => { class Fixed { static x = (Fixed = 1); } }, "the inner class name is immutable");
const Expr = class Inner { static me = Inner; who() { return Inner; } };
check(Expr.me, Expr, "a class expression's name inside its static field");
check(new Expr().who(), Expr, "... and inside its methods");
check(typeof Inner, "undefined", "a class expression's name is not visible outside");
let escaped;
class Outer { static grab = () => Outer; }
escaped = Outer.grab;
check(escaped(), Outer, "an arrow in a static field keeps the inner binding");
check((() => { try { class T { static x = T.y.z; } } catch (e) { return e.constructor; } })(), TypeError,
  "reading a missing static through the name is an ordinary TypeError, not a TDZ error");
checkThrows(ReferenceError, () => { class Early extends Early {} }, "the heritage is evaluated in the name's TDZ");
checkThrows(ReferenceError, () => { class Key { static [Key.name] = 1; } }, "computed keys run in the name's TDZ");
