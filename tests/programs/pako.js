// pako: deflate/inflate round trips of generated data (seeded PRNG), at
// several levels and in the zlib, raw and gzip formats; sizes and checksums.
import * as pako from 'pako';

let seed = 0x2545f491;
function random() {
  // xorshift32
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
}

function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; i++) {
    a = (a + bytes[i]) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
const hex = (n) => n.toString(16).padStart(8, '0');

const words = 'the quick brown fox jumps over lazy dog weft engine thread lock heap shape inline cache bytecode'.split(' ');
function text(n) {
  let s = '';
  while (s.length < n) s += words[Math.floor(random() * words.length)] + (random() < 0.1 ? '.\n' : ' ');
  return Uint8Array.from(s.slice(0, n), (c) => c.charCodeAt(0));
}
function noise(n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
  return out;
}
function runs(n) {
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const len = 1 + Math.floor(random() * 300);
    out.fill(Math.floor(random() * 4), i, i + len);
    i += len;
  }
  return out;
}

const inputs = [
  ['empty', new Uint8Array(0)],
  ['text 32k', text(32768)],
  ['noise 8k', noise(8192)],
  ['runs 50k', runs(50000)],
  ['ramp 20k', Uint8Array.from({ length: 20000 }, (_, i) => (i * 7) & 255)],
];

for (const [name, data] of inputs) {
  const parts = [];
  for (const level of [0, 1, 6, 9]) {
    const z = pako.deflate(data, { level });
    const back = pako.inflate(z);
    const ok = back.length === data.length && back.every((b, i) => b === data[i]);
    parts.push(`L${level}=${z.length}/${hex(adler32(z))}${ok ? '' : ' MISMATCH'}`);
  }
  const raw = pako.deflateRaw(data, { level: 6, memLevel: 9, strategy: 0 });
  const gz = pako.gzip(data, { level: 6, header: { name: 'data.bin', mtime: 1700000000, os: 3 } });
  const huff = pako.deflate(data, { strategy: 2 });
  const rle = pako.deflate(data, { strategy: 3, windowBits: 10 });
  const rawOk = pako.inflateRaw(raw).length === data.length;
  const gzBack = pako.ungzip(gz);
  console.log(`${name}: adler ${hex(adler32(data))} ${parts.join(' ')} raw=${raw.length}${rawOk ? '' : '!'} gzip=${gz.length}/${hex(adler32(gz))}${gzBack.length === data.length ? '' : '!'} huffman=${huff.length} rle=${rle.length}/${hex(adler32(rle))}`);
}

// Streaming: feed the text in uneven chunks to a Deflate, then inflate in chunks.
const big = text(100000);
const deflator = new pako.Deflate({ level: 7 });
for (let i = 0; i < big.length; i += 7777) deflator.push(big.subarray(i, i + 7777), i + 7777 >= big.length);
const streamed = deflator.result;
const inflator = new pako.Inflate({ chunkSize: 4096 });
let chunks = 0;
inflator.onData = function (chunk) {
  chunks++;
  this.chunks.push(chunk);
};
for (let i = 0; i < streamed.length; i += 1000) inflator.push(streamed.subarray(i, i + 1000), i + 1000 >= streamed.length);
console.log(`streamed: ${big.length} -> ${streamed.length} (${hex(adler32(streamed))}), inflated in ${chunks} chunks to ${inflator.result.length}, adler ${hex(adler32(inflator.result))} vs ${hex(adler32(big))}, err ${inflator.err}`);

// A dictionary, and a corrupt stream (its error is pako's own message).
const dict = Uint8Array.from('the quick brown fox jumps over', (c) => c.charCodeAt(0));
const withDict = pako.deflate(big.subarray(0, 5000), { dictionary: dict });
console.log(`dictionary: ${withDict.length} bytes, back ${pako.inflate(withDict, { dictionary: dict }).length}`);
const corrupt = pako.deflate(big.subarray(0, 5000));
corrupt[20] ^= 0xff;
try {
  pako.inflate(corrupt);
  console.log('corrupt: inflated?');
} catch (e) {
  console.log(`corrupt: ${e}`);
}
