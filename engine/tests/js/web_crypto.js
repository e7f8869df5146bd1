// crypto.getRandomValues and crypto.randomUUID.
var finished = false;

assertEq(typeof crypto, "object");
assertEq(crypto.subtle, undefined, "crypto.subtle is not provided");
assertEq(Object.prototype.toString.call(crypto), "[object Crypto]");

{
  const a = new Uint8Array(64);
  const r = crypto.getRandomValues(a);
  assertEq(r, a, "returns its argument");
  assertEq(a.some((b) => b !== 0), true, "64 random bytes are not all zero");
  const b = crypto.getRandomValues(new Uint8Array(64));
  assertEq(a.every((x, i) => x === b[i]), false, "two draws differ");
  for (const T of [Int8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, BigInt64Array, BigUint64Array]) {
    const t = new T(16);
    crypto.getRandomValues(t);
    assertEq(t.some((x) => x != 0), true, T.name + " filled");
  }
  // A view fills only its own bytes.
  const buf = new Uint8Array(8);
  crypto.getRandomValues(new Uint8Array(buf.buffer, 2, 4));
  assertEq(buf[0] === 0 && buf[1] === 0 && buf[6] === 0 && buf[7] === 0, true, "outside the view untouched");
  // Shared memory works too.
  const shared = new Uint32Array(new SharedArrayBuffer(64));
  crypto.getRandomValues(shared);
  assertEq(shared.some((x) => x !== 0), true);
  // Uniformity, roughly: every byte value appears in 64 KiB.
  const big = crypto.getRandomValues(new Uint8Array(65536));
  const seen = new Set(big);
  assertEq(seen.size, 256, "all byte values seen");
  assertEq(crypto.getRandomValues(new Uint8Array(0)).length, 0);
}

{
  const q = assertThrows(DOMException, () => crypto.getRandomValues(new Uint8Array(65537)));
  assertEq(q.name, "QuotaExceededError");
  assertEq(q.code, 22);
  assertThrows(DOMException, () => crypto.getRandomValues(new Uint32Array(16385)), "limit is in bytes");
  for (const F of [Float32Array, Float64Array]) {
    const e = assertThrows(DOMException, () => crypto.getRandomValues(new F(1)), F.name);
    assertEq(e.name, "TypeMismatchError");
    assertEq(e.code, 17);
  }
  assertThrows(TypeError, () => crypto.getRandomValues([1, 2]), "arrays are not typed arrays");
  assertThrows(TypeError, () => crypto.getRandomValues(new ArrayBuffer(4)));
  assertThrows(TypeError, () => crypto.getRandomValues(new DataView(new ArrayBuffer(4))));
  assertThrows(TypeError, () => crypto.getRandomValues());
}

{
  const ids = new Set();
  const form = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  for (let i = 0; i < 200; i++) {
    const id = crypto.randomUUID();
    assertEq(form.test(id), true, "version 4, variant 10: " + id);
    ids.add(id);
  }
  assertEq(ids.size, 200, "no repeats");
}

finished = true;
console.log("finished");
