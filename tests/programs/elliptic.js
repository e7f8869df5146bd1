// elliptic (with bn.js): secp256k1 and Ed25519 keys from fixed
// private keys, deterministic (RFC 6979) ECDSA signatures, ECDH, and
// signature verification; big-number arithmetic on the side.
import elliptic from 'elliptic';
import BN from 'bn.js';

const { ec: EC, eddsa: EdDSA } = elliptic;
const msgHash = (s) => {
  let h = new BN(0);
  for (const ch of s) h = h.muln(131).addn(ch.charCodeAt(0)).maskn(256);
  return h.toArray('be', 32);
};

for (const curve of ['secp256k1']) {
  const ec = new EC(curve);
  const key = ec.keyFromPrivate('0c28fca386c7a227600b2fe50b7cae11ec86d3bf1fbe471be89827e19d72aa1d', 'hex');
  const pub = key.getPublic();
  console.log(`${curve}: pub ${pub.encode('hex', true)} x ${pub.getX().toString(16).slice(0, 16)}… valid ${key.validate().result}`);
  for (const m of ['hello']) {
    const sig = key.sign(msgHash(m), { canonical: true });
    console.log(`  ${m}: r ${sig.r.toString(16)} s ${sig.s.toString(16)} recovery ${sig.recoveryParam} der ${sig.toDER('hex').length / 2} bytes verify ${key.verify(msgHash(m), sig)} wrong ${key.verify(msgHash(m + '!'), sig)}`);
  }
  const other = ec.keyFromPrivate('deadbeef'.repeat(6), 'hex');
  console.log(`  ecdh: ${key.derive(other.getPublic()).toString(16) === other.derive(key.getPublic()).toString(16)} ${key.derive(other.getPublic()).toString(16).slice(0, 24)}…`);
}
const ed = new EdDSA('ed25519');
const edKey = ed.keyFromSecret('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const edSig = edKey.sign('').toHex();
console.log(`ed25519: pub ${Buffer_free(edKey.getPublic())} sig ${edSig} verify ${edKey.verify('', edSig)}`);
function Buffer_free(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
const a = new BN('123456789abcdef0123456789abcdef', 16);
const b = new BN('fedcba9876543210', 16);
console.log(`bn: ${a.mul(b).toString(16)} ${a.div(b).toString(10)} ${a.mod(b).toString(10)} ${a.pow(new BN(5)).toString(36)} ${a.sqr().bitLength()} ${a.invm(new BN(1000003)).toString()} ${a.gcd(b).toString()} ${new BN(-12345).toTwos(32).toString(16)} ${a.shrn(37).toString(2)}`);
const red = BN.red('k256');
console.log(`red: ${a.toRed(red).redPow(new BN(65537)).fromRed().toString(16)} ${a.toRed(red).redInvm().redMul(a.toRed(red)).fromRed().toString()}`);
