function f(x) {
  try {
    if (x) return "try";
    throw new Error("boom");
  } catch (e) {
    return "catch:" + e.message;
  } finally {
    log.push("finally" + x);
  }
}
var log = [];
assertEq(f(true), "try", "return through finally");
assertEq(f(false), "catch:boom", "catch");
assertArray(log, ["finallytrue", "finallyfalse"], "finally ran");
function* gen() { const x = yield 1; try { yield x * 2; } finally { log.push("gen cleanup"); } }
const g = gen();
assertEq(g.next().value, 1, "first yield");
assertEq(g.next(21).value, 42, "value sent in");
assertEq(g.return(7).value, 7, "return");
assertEq(log[log.length - 1], "gen cleanup", "generator finally on return");
const seen = [];
outer: for (const i of [1, 2, 3]) { for (const j of [1, 2, 3]) { if (j === 2) continue outer; if (i === 3) break outer; seen.push(i * 10 + j); } }
assertArray(seen, [11, 21], "labelled continue/break");
let sw = "";
switch (2) { case 1: sw += "a"; case 2: sw += "b"; case 3: sw += "c"; break; default: sw += "d"; }
assertEq(sw, "bc", "switch fallthrough");
const e = assertThrows(RangeError, () => { function r() { r(); } r(); }, "stack overflow is catchable");
assertEq(e.message.includes("call stack"), true, "stack overflow message");
assertEq(eval("var evalVar = 3; evalVar * 2"), 6, "direct eval");
assertEq(evalVar, 3, "eval var leaks to the global scope");
assertEq((0, eval)("typeof assertEq"), "function", "indirect eval");
// yield* evaluates to the inner iterator's final value, and return() passes
// through it.
function* inner() { yield 1; return 42; }
function* outer() { const v = yield* inner(); yield v; }
assertArray([...outer()], [1, 42], "yield* gives the final value");
function* forwards() { yield* inner(); }
const fwd = forwards(); fwd.next();
assertEq(fwd.return(9).value, 9, "return() forwarded through yield*");
assertEq(escape("a b+ü€"), "a%20b+%FC%u20AC", "escape");
assertEq(unescape("a%20b+%FC%u20AC%zz"), "a b+ü€%zz", "unescape");
