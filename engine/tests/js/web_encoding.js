// TextEncoder and TextDecoder: UTF-8 both ways, UTF-16LE, labels, BOMs,
// fatal errors, replacement characters and streaming.
var finished = false;
const bytes = (...b) => new Uint8Array(b);
const units = (s) => Array.from(s, (c) => c.codePointAt(0).toString(16)).join(" ");

// --- TextEncoder.
{
  const enc = new TextEncoder();
  assertEq(enc.encoding, "utf-8");
  const out = enc.encode("a\u00e9\u20ac\ud83d\ude00");
  assertEq(out instanceof Uint8Array, true);
  assertArray(Array.from(out), [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
  assertEq(enc.encode().length, 0);
  assertArray(Array.from(enc.encode("\ud800x")), [0xef, 0xbf, 0xbd, 0x78], "lone surrogate becomes U+FFFD");
  const dest = new Uint8Array(5);
  const r = enc.encodeInto("ab\u20acc", dest);
  assertEq(r.read, 3, "stops before a character that does not fit... read");
  assertEq(r.written, 5);
  assertArray(Array.from(dest), [0x61, 0x62, 0xe2, 0x82, 0xac]);
  const small = new Uint8Array(3);
  const r2 = enc.encodeInto("a\ud83d\ude00", small);
  assertEq(r2.read, 1, "a surrogate pair is all or nothing");
  assertEq(r2.written, 1);
  const r3 = enc.encodeInto("\ud83d\ude00", new Uint8Array(4));
  assertEq(r3.read, 2);
  assertEq(r3.written, 4);
  assertThrows(TypeError, () => enc.encodeInto("x", new Uint16Array(2)), "destination must be a Uint8Array");
  assertThrows(TypeError, () => TextEncoder.prototype.encode.call({}, "x"));
}

// --- TextDecoder: UTF-8.
{
  const dec = new TextDecoder();
  assertEq(dec.encoding, "utf-8");
  assertEq(dec.fatal, false);
  assertEq(dec.ignoreBOM, false);
  assertEq(dec.decode(bytes(0x61, 0xc3, 0xa9)), "a\u00e9");
  assertEq(dec.decode(), "");
  assertEq(dec.decode(bytes(0xef, 0xbb, 0xbf, 0x41)), "A", "BOM removed");
  assertEq(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes(0xef, 0xbb, 0xbf, 0x41)), "\ufeffA");
  // Replacement per the Encoding standard: maximal subparts.
  assertEq(units(dec.decode(bytes(0xf0, 0x9f, 0x41))), "fffd 41", "truncated sequence is one U+FFFD");
  assertEq(units(dec.decode(bytes(0xc0, 0x80))), "fffd fffd", "overlong: one per byte");
  assertEq(units(dec.decode(bytes(0xed, 0xa0, 0x80))), "fffd fffd fffd", "encoded surrogate");
  assertEq(units(dec.decode(bytes(0xff, 0x61, 0xe2, 0x82))), "fffd 61 fffd");
  // Input kinds: ArrayBuffer, views with offsets, DataView, SharedArrayBuffer.
  const buf = new Uint8Array([0x78, 0x61, 0x62, 0x79]).buffer;
  assertEq(dec.decode(buf), "xaby");
  assertEq(dec.decode(new Uint8Array(buf, 1, 2)), "ab");
  assertEq(dec.decode(new DataView(buf, 2)), "by");
  const sab = new SharedArrayBuffer(2);
  new Uint8Array(sab).set([0x68, 0x69]);
  assertEq(dec.decode(sab), "hi");
  assertThrows(TypeError, () => dec.decode("text"), "strings are not buffers");
}

// --- Fatal mode.
{
  const fatal = new TextDecoder("utf-8", { fatal: true });
  assertEq(fatal.fatal, true);
  assertThrows(TypeError, () => fatal.decode(bytes(0xff)));
  assertThrows(TypeError, () => fatal.decode(bytes(0xe2, 0x82)), "incomplete at the end");
  assertEq(fatal.decode(bytes(0xe2, 0x82), { stream: true }), "", "incomplete is fine while streaming");
  assertEq(fatal.decode(bytes(0xac)), "\u20ac");
  assertThrows(TypeError, () => fatal.decode(bytes(0xe2), { stream: true }) + fatal.decode(bytes(0x41)));
  assertEq(fatal.decode(bytes(0x41)), "A", "a fresh stream after an error");
}

// --- Streaming keeps partial sequences between calls.
{
  const dec = new TextDecoder();
  const all = new TextEncoder().encode("h\u00e9\u20ac\ud83d\ude00!");
  let text = "";
  for (const b of all) text += dec.decode(bytes(b), { stream: true });
  text += dec.decode();
  assertEq(text, "h\u00e9\u20ac\ud83d\ude00!");
  assertEq(dec.decode(bytes(0xf0, 0x9f), { stream: true }), "");
  assertEq(units(dec.decode()), "fffd", "flushing an incomplete sequence");
  const bom = new TextDecoder();
  assertEq(bom.decode(bytes(0xef, 0xbb), { stream: true }) + bom.decode(bytes(0xbf, 0x42)), "B", "BOM split across calls");
}

// --- UTF-16 and other labels.
{
  const le = new TextDecoder("utf-16le");
  assertEq(le.encoding, "utf-16le");
  assertEq(le.decode(bytes(0x41, 0x00, 0x3d, 0xd8, 0x00, 0xde)), "A\ud83d\ude00");
  assertEq(le.decode(bytes(0xff, 0xfe, 0x42, 0x00)), "B", "UTF-16LE BOM removed");
  assertEq(units(le.decode(bytes(0x41))), "fffd", "odd byte count");
  assertEq(units(le.decode(bytes(0x00, 0xd8, 0x41, 0x00))), "fffd 41", "lone lead surrogate");
  assertEq(le.decode(bytes(0x41), { stream: true }) + le.decode(bytes(0x00)), "A");
  assertEq(new TextDecoder("utf-16").encoding, "utf-16le");
  assertEq(new TextDecoder("utf-16be").decode(bytes(0x00, 0x41)), "A");
  assertEq(new TextDecoder(" UTF8 ").encoding, "utf-8", "labels are trimmed and case-insensitive");
  assertEq(new TextDecoder("unicode-1-1-utf-8").encoding, "utf-8");
  assertEq(new TextDecoder("latin1").encoding, "windows-1252");
  assertEq(new TextDecoder("latin1").decode(bytes(0x80, 0xe9)), "\u20ac\u00e9");
  assertEq(new TextDecoder("shift_jis").decode(bytes(0x82, 0xa0)), "\u3042");
  assertThrows(RangeError, () => new TextDecoder("no-such-encoding"));
  assertThrows(RangeError, () => new TextDecoder("replacement"), "the replacement encoding is not exposed");
  assertThrows(TypeError, () => new TextDecoder("utf-8", 5), "options must be an object");
  assertEq(Object.prototype.toString.call(new TextDecoder()), "[object TextDecoder]");
}

finished = true;
console.log("finished");
