// Assertions for weft's own JS tests (prepended to each file).
function assertEq(actual, expected, what) {
  if (!Object.is(actual, expected)) {
    throw new Error((what || "assertEq") + ": expected " + String(expected) + ", got " + String(actual));
  }
}
function assertThrows(ctor, fn, what) {
  try { fn(); } catch (e) {
    if (!(e instanceof ctor)) throw new Error((what || "assertThrows") + ": wrong error " + e);
    return e;
  }
  throw new Error((what || "assertThrows") + ": nothing was thrown");
}
function assertArray(actual, expected, what) {
  assertEq(actual.length, expected.length, (what || "array") + " length");
  for (let i = 0; i < expected.length; i++) assertEq(actual[i], expected[i], (what || "array") + "[" + i + "]");
}
