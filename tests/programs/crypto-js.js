// crypto-js: MD5, SHA-1, SHA-2, SHA-3, RIPEMD-160, HMAC, PBKDF2, and AES /
// TripleDES / Rabbit with fixed keys and IVs (no randomness); encodings.
import CryptoJS from 'crypto-js';

const messages = ['', 'abc', 'The quick brown fox jumps over the lazy dog', 'é😀€ unicode', 'x'.repeat(1000)];
for (const m of messages) {
  console.log(`${JSON.stringify(m.slice(0, 20))}: md5 ${CryptoJS.MD5(m)} sha1 ${CryptoJS.SHA1(m)} sha256 ${CryptoJS.SHA256(m)}`);
  console.log(`  sha512 ${CryptoJS.SHA512(m)} sha3-256 ${CryptoJS.SHA3(m, { outputLength: 256 })} ripemd ${CryptoJS.RIPEMD160(m)} sha224 ${CryptoJS.SHA224(m)} sha384 ${CryptoJS.SHA384(m).toString().slice(0, 32)}`);
}
console.log(`hmac: ${CryptoJS.HmacSHA256('message', 'secret')} ${CryptoJS.HmacMD5('message', 'secret')} ${CryptoJS.HmacSHA512('', '').toString(CryptoJS.enc.Base64)}`);
console.log(`pbkdf2: ${CryptoJS.PBKDF2('password', 'salt', { keySize: 256 / 32, iterations: 100, hasher: CryptoJS.algo.SHA256 })}`);
const key = CryptoJS.enc.Hex.parse('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
const iv = CryptoJS.enc.Hex.parse('0f0e0d0c0b0a09080706050403020100');
const plain = 'Attack at dawn! '.repeat(5) + 'ünïcödé';
for (const [mode, padding] of [['CBC', 'Pkcs7'], ['CFB', 'Pkcs7'], ['CTR', 'NoPadding'], ['OFB', 'NoPadding'], ['ECB', 'Iso10126'.replace('Iso10126', 'ZeroPadding')]]) {
  const enc = CryptoJS.AES.encrypt(plain, key, { iv, mode: CryptoJS.mode[mode], padding: CryptoJS.pad[padding] });
  const dec = CryptoJS.AES.decrypt(enc, key, { iv, mode: CryptoJS.mode[mode], padding: CryptoJS.pad[padding] }).toString(CryptoJS.enc.Utf8);
  console.log(`AES-${mode}/${padding}: ${enc.ciphertext.toString().slice(0, 64)}… ${enc.ciphertext.sigBytes} bytes, round trip ${dec.replace(/\0+$/, '') === plain}`);
}
const des = CryptoJS.TripleDES.encrypt('triple des text', CryptoJS.enc.Hex.parse('0123456789abcdeffedcba987654321089abcdef01234567'), { iv: CryptoJS.enc.Hex.parse('0001020304050607') });
console.log(`3DES: ${des.ciphertext} ${des.toString()}`);
const rabbit = CryptoJS.Rabbit.encrypt('rabbit stream', CryptoJS.enc.Hex.parse('00112233445566778899aabbccddeeff'), { iv: CryptoJS.enc.Hex.parse('0011223344556677') });
console.log(`Rabbit: ${rabbit.ciphertext} RC4: ${CryptoJS.RC4.encrypt('rc4 text', CryptoJS.enc.Utf8.parse('Key')).ciphertext}`);
const words = CryptoJS.enc.Utf8.parse('Hello, 世界');
console.log(`encodings: ${words.toString(CryptoJS.enc.Base64)} ${words.toString(CryptoJS.enc.Base64url)} ${words.toString(CryptoJS.enc.Latin1).length} ${CryptoJS.enc.Utf16.stringify(CryptoJS.enc.Utf16.parse('hi'))} ${JSON.stringify(CryptoJS.enc.Hex.parse('deadbeef').words)}`);
const inc = CryptoJS.algo.SHA256.create();
for (let i = 0; i < 100; i++) inc.update(`chunk ${i};`);
console.log(`incremental sha256: ${inc.finalize()} sha3-512 of 10k: ${CryptoJS.SHA3('a'.repeat(10000)).toString().slice(0, 32)}`);
