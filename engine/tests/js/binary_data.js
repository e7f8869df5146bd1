// ArrayBuffer, SharedArrayBuffer, typed arrays, DataView and Atomics.

// --- ArrayBuffer ---
{
  const b = new ArrayBuffer(8);
  assertEq(b.byteLength, 8);
  assertEq(b.resizable, false);
  assertEq(b.maxByteLength, 8);
  assertEq(ArrayBuffer.isView(b), false);
  assertEq(ArrayBuffer.isView(new Uint8Array(b)), true);
  assertEq(ArrayBuffer.isView(new DataView(b)), true);
  assertThrows(RangeError, () => new ArrayBuffer(-1));
  assertThrows(RangeError, () => new ArrayBuffer(2 ** 53), "huge length");
  assertThrows(RangeError, () => new ArrayBuffer(0, { maxByteLength: 2 ** 52 }), "huge max");
  assertThrows(TypeError, () => ArrayBuffer(1));

  const u = new Uint8Array(b);
  u.set([1, 2, 3, 4, 5, 6, 7, 8]);
  const s = b.slice(2, -2);
  assertArray([...new Uint8Array(s)], [3, 4, 5, 6], "slice");

  const t = b.transfer();
  assertEq(b.detached, true);
  assertEq(b.byteLength, 0);
  assertEq(u.length, 0, "view of detached buffer");
  assertEq(u[0], undefined);
  assertEq(t.byteLength, 8);
  assertArray([...new Uint8Array(t)], [1, 2, 3, 4, 5, 6, 7, 8], "transfer");
  assertThrows(TypeError, () => b.slice(0));
  assertThrows(TypeError, () => u.fill(0));
}

// --- resizable ArrayBuffer and length-tracking views ---
{
  const rab = new ArrayBuffer(4, { maxByteLength: 16 });
  assertEq(rab.resizable, true);
  assertEq(rab.maxByteLength, 16);
  const tracking = new Uint16Array(rab);
  const fixed = new Uint16Array(rab, 0, 2);
  assertEq(tracking.length, 2);
  rab.resize(10);
  assertEq(tracking.length, 5);
  assertEq(fixed.length, 2);
  tracking[4] = 0xffff;
  rab.resize(2);
  assertEq(tracking.length, 1);
  assertEq(fixed.length, 0, "out of bounds view reads as length 0");
  assertThrows(TypeError, () => fixed.at(0));
  rab.resize(10);
  assertEq(tracking[4], 0, "bytes are zeroed when the buffer grows again");
  assertThrows(RangeError, () => rab.resize(17));
  assertEq(Object.isExtensible(tracking), true);
  assertEq(Reflect.preventExtensions(tracking), false);
  const ft = rab.transferToFixedLength();
  assertEq(ft.resizable, false);
  assertEq(ft.byteLength, 10);
}

// --- SharedArrayBuffer ---
{
  const sab = new SharedArrayBuffer(4, { maxByteLength: 8 });
  assertEq(sab.growable, true);
  const view = new Int32Array(sab);
  assertEq(view.length, 1);
  sab.grow(8);
  assertEq(sab.byteLength, 8);
  assertEq(view.length, 2);
  assertThrows(RangeError, () => sab.grow(4), "cannot shrink");
  assertEq(Object.prototype.toString.call(sab), "[object SharedArrayBuffer]");
  assertEq(sab.slice(4).byteLength, 4);
}

// --- typed arrays: conversions and exotic behaviour ---
{
  const i8 = new Int8Array([127, 128, -129, 1.9]);
  assertArray([...i8], [127, -128, 127, 1]);
  const c = new Uint8ClampedArray([300, -5, 1.5, 2.5, NaN]);
  assertArray([...c], [255, 0, 2, 2, 0], "clamped rounds half to even");
  const u32 = Uint32Array.of(-1);
  assertEq(u32[0], 4294967295);
  const f32 = new Float32Array([0.1]);
  assertEq(f32[0], Math.fround(0.1));
  const f16 = new Float16Array([1 / 3, 65504, 65520, 5.960464477539063e-8, 2 ** -25, -0]);
  assertEq(f16[0], 0.333251953125, "f16 rounding");
  assertEq(f16[1], 65504);
  assertEq(f16[2], Infinity, "f16 overflow");
  assertEq(f16[3], 5.960464477539063e-8, "f16 smallest subnormal");
  assertEq(f16[4], 0, "f16 tie rounds to even (zero)");
  assertEq(f16[5], -0);
  const big = new BigInt64Array([-1n, 2n ** 63n]);
  assertEq(big[0], -1n);
  assertEq(big[1], -(2n ** 63n));
  const ubig = new BigUint64Array([-1n]);
  assertEq(ubig[0], 2n ** 64n - 1n);
  assertThrows(TypeError, () => new BigInt64Array([1]));
  assertThrows(TypeError, () => new Int8Array(new BigInt64Array(1)));

  const a = new Int16Array(3);
  a["1"] = 7;
  a[5] = 9;
  a["-0"] = 3;
  a["1.5"] = 3;
  assertEq(a[1], 7);
  assertEq(a[5], undefined);
  assertEq("5" in a, false);
  assertEq("-0" in a, false);
  assertEq(Object.keys(a).join(), "0,1,2");
  assertEq(delete a[0], false);
  assertEq(delete a[7], true);
  assertEq(Object.getOwnPropertyDescriptor(a, "1").writable, true);
  assertThrows(TypeError, () => Object.defineProperty(a, "0", { value: 1, configurable: false }));
  a.foo = "bar";
  assertEq(a.foo, "bar");
  assertEq(Object.getPrototypeOf(Int16Array.prototype), Object.getPrototypeOf(Int8Array.prototype));
  assertEq(Int16Array.BYTES_PER_ELEMENT, 2);
  assertEq(a[Symbol.toStringTag], "Int16Array");
}

// --- prototype methods ---
{
  const a = new Int32Array([5, 1, 4, 2, 3]);
  assertEq(a.at(-1), 3);
  assertArray([...a.toSorted()], [1, 2, 3, 4, 5]);
  assertArray([...a], [5, 1, 4, 2, 3], "toSorted copies");
  assertArray([...a.toReversed()], [3, 2, 4, 1, 5]);
  assertArray([...a.with(0, 9)], [9, 1, 4, 2, 3]);
  assertArray([...a.map((x) => x * 2)], [10, 2, 8, 4, 6]);
  assertArray([...a.filter((x) => x > 2)], [5, 4, 3]);
  assertEq(a.reduce((s, x) => s + x, 0), 15);
  assertEq(a.reduceRight((s, x) => s + "" + x, ""), "32415");
  assertEq(a.indexOf(4), 2);
  assertEq(a.lastIndexOf(5), 0);
  assertEq(a.includes(2), true);
  assertEq(a.join("-"), "5-1-4-2-3");
  assertEq(a.toString(), "5,1,4,2,3");
  assertEq(a.find((x) => x < 3), 1);
  assertEq(a.findLastIndex((x) => x > 3), 2);
  const sub = a.subarray(1, 3);
  sub[0] = 100;
  assertEq(a[1], 100, "subarray shares the buffer");
  assertEq(sub.byteOffset, 4);
  a.copyWithin(0, 3);
  assertArray([...a], [2, 3, 4, 2, 3]);
  a.fill(7, 1, 3);
  assertArray([...a], [2, 7, 7, 2, 3]);
  a.reverse();
  assertArray([...a], [3, 2, 7, 7, 2]);
  a.sort((x, y) => y - x);
  assertArray([...a], [7, 7, 3, 2, 2]);
  const f = new Float64Array([NaN, -0, 0, -Infinity, 1]);
  f.sort();
  assertEq(Object.is(f[1], -0), true);
  assertEq(Object.is(f[4], NaN), true);
  const dst = new Uint8Array(6);
  dst.set([1, 2], 1);
  dst.set(new Float32Array([3.7, 300]), 3);
  assertArray([...dst], [0, 1, 2, 3, 44, 0]);
  assertThrows(RangeError, () => dst.set([1, 2], 5));
  assertArray([...a.slice(1, 3)], [7, 3]);
  assertArray([...a.entries()][1], [1, 7]);
  assertArray([...Uint8Array.from({ length: 2, 0: 4, 1: 5 }, (x) => x + 1)], [5, 6]);
  class MyArray extends Uint8Array {}
  const m = new MyArray(4).map((x) => x);
  assertEq(m instanceof MyArray, true);
}

// --- DataView ---
{
  const b = new ArrayBuffer(16);
  const dv = new DataView(b, 2);
  assertEq(dv.byteLength, 14);
  assertEq(dv.byteOffset, 2);
  dv.setUint16(0, 0x1234);
  assertEq(dv.getUint8(0), 0x12, "big endian by default");
  assertEq(dv.getUint16(0, true), 0x3412);
  dv.setFloat64(1, Math.PI, true);
  assertEq(dv.getFloat64(1, true), Math.PI, "unaligned float64");
  dv.setBigInt64(3, -5n);
  assertEq(dv.getBigInt64(3), -5n);
  assertEq(dv.getBigUint64(3), 2n ** 64n - 5n);
  dv.setFloat16(0, 1.5);
  assertEq(dv.getFloat16(0), 1.5);
  dv.setInt32(0, -2, true);
  assertEq(dv.getInt32(0, true), -2);
  assertThrows(RangeError, () => dv.getInt32(12));
  assertThrows(RangeError, () => new DataView(b, 17));
  const rab = new ArrayBuffer(4, { maxByteLength: 8 });
  const tracking = new DataView(rab);
  rab.resize(8);
  assertEq(tracking.byteLength, 8);
  b.transfer();
  assertThrows(TypeError, () => dv.getUint8(0));
  assertThrows(TypeError, () => dv.byteLength);
}

// --- Atomics ---
{
  const sab = new SharedArrayBuffer(16);
  const i32 = new Int32Array(sab);
  assertEq(Atomics.store(i32, 0, 5), 5);
  assertEq(Atomics.add(i32, 0, 2), 5);
  assertEq(Atomics.sub(i32, 0, 1), 7);
  assertEq(Atomics.and(i32, 0, 3), 6);
  assertEq(Atomics.or(i32, 0, 8), 2);
  assertEq(Atomics.xor(i32, 0, 1), 10);
  assertEq(Atomics.exchange(i32, 0, 42), 11);
  assertEq(Atomics.compareExchange(i32, 0, 1, 2), 42);
  assertEq(Atomics.compareExchange(i32, 0, 42, 2), 42);
  assertEq(Atomics.load(i32, 0), 2);
  assertEq(Atomics.isLockFree(4), true);
  const u8 = new Uint8Array(new SharedArrayBuffer(16));
  assertEq(Atomics.add(u8, 15, 300), 0);
  assertEq(u8[15], 44, "wraps to the element width");
  const big = new BigInt64Array(sab);
  assertEq(Atomics.add(big, 1, -1n), 0n);
  assertEq(Atomics.load(big, 1), -1n);
  assertThrows(RangeError, () => Atomics.load(i32, 4));
  assertThrows(TypeError, () => Atomics.add(new Float64Array(1), 0, 1));
  assertThrows(TypeError, () => Atomics.wait(new Int32Array(4), 0, 0, 0), "wait on non-shared");
  assertEq(Atomics.wait(i32, 1, 1, 0), "not-equal");
  assertEq(Atomics.wait(i32, 1, 0, 0), "timed-out");
  assertEq(Atomics.wait(i32, 1, 0, 5), "timed-out");
  assertEq(Atomics.notify(i32, 1), 0);
  assertEq(Atomics.notify(new Int32Array(4), 0), 0);
  assertEq(Atomics.pause(), undefined);
  assertThrows(TypeError, () => Atomics.pause(1.5));
  assertEq(String(Atomics), "[object Atomics]");
}

// --- Uint8Array base64 / hex ---
{
  const u = new Uint8Array([72, 101, 108, 108, 111, 255]);
  assertEq(u.toBase64(), "SGVsbG//");
  assertEq(u.toBase64({ alphabet: "base64url" }), "SGVsbG__");
  assertEq(new Uint8Array([1]).toBase64(), "AQ==");
  assertEq(new Uint8Array([1]).toBase64({ omitPadding: true }), "AQ");
  assertEq(u.toHex(), "48656c6c6fff");
  assertArray([...Uint8Array.fromBase64("SGVs bG8=")], [72, 101, 108, 108, 111]);
  assertArray([...Uint8Array.fromHex("00ff10")], [0, 255, 16]);
  assertThrows(SyntaxError, () => Uint8Array.fromHex("0"));
  assertThrows(SyntaxError, () => Uint8Array.fromBase64("A"));
  assertThrows(SyntaxError, () => Uint8Array.fromBase64("AQ", { lastChunkHandling: "strict" }));
  const into = new Uint8Array(4);
  const r = into.setFromHex("0102030405");
  assertEq(r.read, 8);
  assertEq(r.written, 4);
  const r2 = into.setFromBase64("AQID");
  assertEq(r2.written, 3);
  assertArray([...into], [1, 2, 3, 4]);
}
