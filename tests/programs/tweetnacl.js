// tweetnacl: Ed25519 signatures, X25519 boxes, XSalsa20-Poly1305
// secretboxes and SHA-512, all from fixed seeds, keys and nonces.
import nacl from 'tweetnacl';

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const bytes = (n, f) => Uint8Array.from({ length: n }, (_, i) => f(i) & 255);
const utf8 = (s) => Uint8Array.from(unescapeFree(s));
function unescapeFree(s) {
  const out = [];
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

const seed = bytes(32, (i) => i * 7 + 1);
const signer = nacl.sign.keyPair.fromSeed(seed);
console.log(`sign public ${hex(signer.publicKey)}`);
for (const msg of ['', 'hello', 'é😀 unicode', 'x'.repeat(500)]) {
  const m = utf8(msg);
  const sig = nacl.sign.detached(m, signer.secretKey);
  const tampered = m.length ? Uint8Array.from(m, (b, i) => (i === 0 ? b ^ 1 : b)) : Uint8Array.of(1);
  console.log(`${JSON.stringify(msg.slice(0, 12))}: sig ${hex(sig).slice(0, 64)}… verify ${nacl.sign.detached.verify(m, sig, signer.publicKey)} tampered ${nacl.sign.detached.verify(tampered, sig, signer.publicKey)} sha512 ${hex(nacl.hash(m)).slice(0, 32)}`);
}
const signed = nacl.sign(utf8('attached'), signer.secretKey);
console.log(`attached: ${signed.length} bytes, open ${String.fromCharCode(...nacl.sign.open(signed, signer.publicKey))}`);

const alice = nacl.box.keyPair.fromSecretKey(bytes(32, (i) => i + 100));
const bob = nacl.box.keyPair.fromSecretKey(bytes(32, (i) => 255 - i * 3));
const nonce = bytes(24, (i) => i * 11);
const box = nacl.box(utf8('secret message for bob'), nonce, bob.publicKey, alice.secretKey);
const opened = nacl.box.open(box, nonce, alice.publicKey, bob.secretKey);
console.log(`box: alice ${hex(alice.publicKey).slice(0, 32)} bob ${hex(bob.publicKey).slice(0, 32)} cipher ${hex(box)} opened ${opened && String.fromCharCode(...opened)}`);
const shared1 = nacl.box.before(bob.publicKey, alice.secretKey);
const shared2 = nacl.box.before(alice.publicKey, bob.secretKey);
console.log(`shared keys equal: ${hex(shared1) === hex(shared2)} ${hex(shared1).slice(0, 32)} scalarMult ${hex(nacl.scalarMult(alice.secretKey, bob.publicKey)).slice(0, 32)}`);
const key = bytes(32, (i) => i ^ 0x5a);
const sbox = nacl.secretbox(bytes(1000, (i) => i * 31), nonce, key);
const sopen = nacl.secretbox.open(sbox, nonce, key);
const bad = Uint8Array.from(sbox);
bad[50] ^= 1;
console.log(`secretbox: ${sbox.length} bytes ${hex(sbox.subarray(0, 24))} tag ok ${sopen !== null && sopen.every((b, i) => b === ((i * 31) & 255))} tampered ${nacl.secretbox.open(bad, nonce, key)}`);
console.log(`verify: ${nacl.verify(bytes(16, (i) => i), bytes(16, (i) => i))} ${nacl.verify(bytes(16, (i) => i), bytes(16, (i) => i + 1))} lowlevel sha512 of 1MiB-ish: ${hex(nacl.hash(bytes(100000, (i) => i * i))).slice(0, 32)}`);
try {
  nacl.randomBytes(8);
  console.log('randomBytes: available');
} catch (e) {
  console.log('randomBytes: no PRNG');
}
