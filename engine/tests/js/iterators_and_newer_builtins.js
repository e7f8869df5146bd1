// Iterator helpers (includes, chunks, windows, zip, zipKeyed), JSON.rawJSON
// and the reviver's source, Math.sumPrecise/f16round, RegExp.escape,
// Error.isError, Promise.try and Array.fromAsync, as a program uses them.

function* numbers(n) { for (let i = 1; i <= n; i++) yield i; }

// Iterator.prototype.includes, with skipped elements.
assertEq(numbers(5).includes(3), true, "includes");
assertEq(numbers(5).includes(3, 3), false, "includes after skipping 3");
assertEq([NaN].values().includes(NaN), true, "includes uses SameValueZero");
assertThrows(RangeError, () => numbers(1).includes(1, -1), "negative skip");
assertThrows(TypeError, () => numbers(1).includes(1, "1"), "skip is not coerced");

// chunks and windows.
const chunks = numbers(7).chunks(3).toArray();
assertEq(chunks.length, 3, "chunks count");
assertArray(chunks[2], [7], "last partial chunk");
const windows = numbers(4).windows(2).toArray();
assertEq(windows.length, 3, "windows count");
assertArray(windows[1], [2, 3], "second window");
assertEq(numbers(2).windows(5).toArray().length, 0, "only full windows by default");
assertArray(numbers(2).windows(5, "allow-partial").toArray()[0], [1, 2], "partial window");
assertThrows(RangeError, () => numbers(1).chunks(0), "chunk size 0");

// Iterator.zip and zipKeyed.
const pairs = Iterator.zip([[1, 2, 3], ["a", "b"]]).toArray();
assertEq(pairs.length, 2, "zip stops at the shortest");
assertArray(pairs[1], [2, "b"], "zip pair");
const longest = Iterator.zip([[1, 2], ["a"]], { mode: "longest", padding: [0, "-"] }).toArray();
assertArray(longest[1], [2, "-"], "zip pads in longest mode");
assertThrows(TypeError, () => Iterator.zip([[1], [1, 2]], { mode: "strict" }).toArray(), "strict lengths");
const records = Iterator.zipKeyed({ x: [1, 2], y: [3, 4] }).toArray();
assertEq(Object.getPrototypeOf(records[0]), null, "zipKeyed results have no prototype");
assertEq(records[1].x + records[1].y, 6, "zipKeyed record");
let closed = 0;
const closable = { next() { return { value: 1, done: false }; }, return() { closed++; return {}; } };
const zipped = Iterator.zip([closable, closable]);
zipped.next();
zipped.return();
assertEq(closed, 2, "return closes every zipped iterator");

// JSON.rawJSON and the reviver's context.
const big = JSON.rawJSON("12345678901234567890");
assertEq(JSON.isRawJSON(big), true, "isRawJSON");
assertEq(JSON.stringify({ n: big }), '{"n":12345678901234567890}', "raw JSON is emitted as is");
assertThrows(SyntaxError, () => JSON.rawJSON("{}"), "rawJSON rejects objects");
const sources = [];
JSON.parse('{"a": 1.50, "b": [true, "x"]}', (key, value, context) => {
  if (context.source !== undefined) sources.push(context.source);
  return value;
});
assertArray(sources, ["1.50", "true", '"x"'], "reviver sources");

// Math.sumPrecise and f16round.
assertEq(Math.sumPrecise([1e20, 0.1, -1e20]), 0.1, "sumPrecise is exact");
assertEq(Math.sumPrecise([0.1, 0.2]), 0.30000000000000004, "sumPrecise rounds once");
assertEq(Math.sumPrecise([]), -0, "empty sum is -0");
assertEq(Math.sumPrecise([1.7976931348623157e308, 1.7976931348623157e308]), Infinity, "overflow");
assertThrows(TypeError, () => Math.sumPrecise(["1"]), "sumPrecise takes Numbers only");
assertEq(Math.f16round(1.337), 1.3369140625, "f16round");
assertEq(Math.f16round(65520), Infinity, "f16round overflow");
assertEq(Math.round(0.49999999999999994), 0, "round near one half");

// RegExp.escape, Error.isError.
const pattern = "a.b*c(1)";
assertEq(new RegExp(RegExp.escape(pattern)).test("xa.b*c(1)y"), true, "escaped pattern matches literally");
assertEq(RegExp.escape("1+1"), "\\x31\\+1", "leading digit escaped");
assertEq(Error.isError(new TypeError("t")), true, "isError on an error");
assertEq(Error.isError({ __proto__: Error.prototype }), false, "isError on a fake");

// A break out of for-of closes the iterator.
let returned = 0;
const counting = { [Symbol.iterator]() { return { next() { return { value: 1, done: false }; }, return() { returned++; return {}; } }; } };
for (const _ of counting) break;
assertEq(returned, 1, "break closes the for-of iterator");

// Match indices with named groups; astral literals without the u flag.
const m = /(?<word>b+)/d.exec("abbc");
assertArray(m.indices.groups.word, [1, 3], "indices.groups");
assertEq("\u{20BB7}a".search(/\u{20BB7}/u), 0, "astral search with u");
assertEq("x\u{20BB7}".search(new RegExp("\u{20BB7}")), 1, "astral search without u");
assertEq("\u006f\u0308".localeCompare("\u00f6"), 0, "localeCompare is canonical");
assertEq((1e-21).toPrecision(16), "9.999999999999999e-22", "toPrecision picks the closest digits");

// Promise.try and Array.fromAsync.
(async () => {
  assertEq(await Promise.try((a, b) => a + b, 2, 3), 5, "Promise.try result");
  let caught;
  await Promise.try(() => { throw new RangeError("r"); }).catch((e) => { caught = e; });
  assertEq(caught instanceof RangeError, true, "Promise.try turns a throw into a rejection");

  async function* slow() { yield 1; await null; yield 2; }
  assertArray(await Array.fromAsync(slow()), [1, 2], "fromAsync over an async generator");
  assertArray(await Array.fromAsync([Promise.resolve(3), 4], (x) => x * 2), [6, 8], "fromAsync with a mapper");
  assertArray(await Array.fromAsync({ length: 2, 0: "a", 1: Promise.resolve("b") }), ["a", "b"], "fromAsync over an array-like");
  let rejected;
  await Array.fromAsync([1], () => { throw new Error("map failed"); }).catch((e) => { rejected = e.message; });
  assertEq(rejected, "map failed", "fromAsync rejects when the mapper throws");
  asyncFinished = true;
})();
var asyncFinished = false;
