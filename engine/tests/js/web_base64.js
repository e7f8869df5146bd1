// atob and btoa: forgiving-base64 and Latin-1 strings.
var finished = false;

assertEq(btoa(""), "");
assertEq(btoa("f"), "Zg==");
assertEq(btoa("fo"), "Zm8=");
assertEq(btoa("foo"), "Zm9v");
assertEq(btoa("\x00\xff\x80"), "AP+A");
assertEq(btoa(12), "MTI=", "argument converted to a string");
assertEq(atob("Zm9v"), "foo");
assertEq(atob("Zg"), "f", "padding optional");
assertEq(atob("Zg=="), "f");
assertEq(atob(" Z g\n=\t= "), "f", "ASCII whitespace ignored");
assertEq(atob("AP+A"), "\x00\xff\x80");
assertEq(atob(""), "");
assertEq(atob("YR"), "a", "non-zero trailing bits are discarded");
assertEq(atob(null), "\x9e\xe9e", "null is the string 'null'");
for (let i = 0; i < 256; i++) {
  const s = String.fromCharCode(i, 255 - i, i ^ 85);
  assertEq(atob(btoa(s)), s, "round trip " + i);
}
for (const bad of ["Z", "Zg=", "Zm9v=", "Z===", "Zg==Zg==", "Zm9v\u00e9", "Zm-v", "Zm_v", "=Zm9", "Zg=a"]) {
  const e = assertThrows(DOMException, () => atob(bad), "atob(" + JSON.stringify(bad) + ")");
  assertEq(e.name, "InvalidCharacterError");
  assertEq(e.code, 5);
}
const e = assertThrows(DOMException, () => btoa("\u0100"), "btoa outside Latin-1");
assertEq(e.name, "InvalidCharacterError");
assertThrows(DOMException, () => btoa("\ud83d\ude00"));
assertThrows(TypeError, () => atob(), "one argument required");
assertThrows(TypeError, () => btoa(), "one argument required");
assertThrows(TypeError, () => atob(Symbol()), "symbols do not convert");

finished = true;
console.log("finished");
