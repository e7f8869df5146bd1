// decimal.js: arbitrary-precision arithmetic; pi, e, roots, logs, powers,
// rounding modes, conversions, and a big factorial.
import Decimal from 'decimal.js';

Decimal.set({ precision: 120, rounding: Decimal.ROUND_HALF_EVEN });

// Machin's formula: pi = 16 atan(1/5) - 4 atan(1/239).
function atanInv(n) {
  const x = new Decimal(1).div(n);
  const x2 = x.times(x);
  let term = x;
  let sum = x;
  for (let k = 1; ; k++) {
    term = term.times(x2).neg();
    const next = sum.plus(term.div(2 * k + 1));
    if (next.eq(sum)) break;
    sum = next;
  }
  return sum;
}
const pi = atanInv(5).times(16).minus(atanInv(239).times(4));
console.log(`pi (Machin) ${pi.toSignificantDigits(100).toString()}`);
console.log(`pi (acos)   ${Decimal.acos(-1).toSignificantDigits(100).toString()}`);
console.log(`e           ${Decimal.exp(1).toSignificantDigits(100).toString()}`);
console.log(`sqrt 2      ${new Decimal(2).sqrt().toSignificantDigits(80).toString()}`);
console.log(`cbrt 10     ${new Decimal(10).cbrt().toSignificantDigits(60).toString()}`);
console.log(`ln 10       ${new Decimal(10).ln().toSignificantDigits(60).toString()}`);
console.log(`log2 1e100  ${Decimal.log2('1e100').toSignificantDigits(50).toString()}`);
console.log(`2^0.5^3     ${new Decimal(2).pow('0.125').toSignificantDigits(50).toString()}`);
console.log(`sin 1       ${Decimal.sin(1).toSignificantDigits(50).toString()}`);
console.log(`tanh 0.5    ${Decimal.tanh('0.5').toSignificantDigits(50).toString()}`);

Decimal.set({ precision: 40 });
let f = new Decimal(1);
for (let i = 2; i <= 60; i++) f = f.times(i);
console.log(`60! = ${f.toString()} (${f.toFixed()}) precision ${f.precision(true)}`);
console.log(`0.1 + 0.2 = ${new Decimal('0.1').plus('0.2')} vs ${0.1 + 0.2}`);
console.log(`1/3 = ${new Decimal(1).div(3)} ; 2/3 toFixed(5) ${new Decimal(2).div(3).toFixed(5)}`);
console.log(`big: ${new Decimal('123456789012345678901234567890').times('987654321098765432109876543210')}`);
console.log(`tiny: ${new Decimal('1e-500').times('3e-400')} ; huge ${new Decimal('9.99e9000000000000000').plus(1).toExponential(3)}`);

const modes = ['ROUND_UP', 'ROUND_DOWN', 'ROUND_CEIL', 'ROUND_FLOOR', 'ROUND_HALF_UP', 'ROUND_HALF_DOWN', 'ROUND_HALF_EVEN', 'ROUND_HALF_CEIL', 'ROUND_HALF_FLOOR'];
for (const m of modes) {
  const vals = [['2.5', 0], ['-2.5', 0], ['1.55', 1], ['-1.45', 1], ['0.125', 2], ['-0.0001', 3]].map(([v, dp]) => new Decimal(v).toDecimalPlaces(dp, Decimal[m]).toString());
  console.log(`${m.padEnd(16)} ${vals.join(' ')}`);
}

const x = new Decimal('-1234.5678');
console.log(`formats: ${x.toExponential(2)} ${x.toFixed(2)} ${x.toPrecision(6)} ${x.toHexadecimal()} ${x.toBinary(10)} ${x.toOctal()} ${x.abs().floor()} ${x.ceil()} ${x.round()} ${x.trunc()}`);
console.log(`fractions: ${new Decimal('0.125').toFraction()} ${Decimal.acos(-1).toFraction(1000)} ${new Decimal('3.14159').toNearest('0.05')}`);
console.log(`parse: ${['0x1F', '0b1010.1', '0o17', '1e+3', '-0', 'Infinity', 'NaN', '.5'].map((s) => new Decimal(s).toString()).join(' ')}`);
console.log(`compare: ${new Decimal('1.10').eq('1.1')} ${new Decimal(-0).isNeg()} ${Decimal.max('1', '3.5', '-2')} ${Decimal.sum(1, 2, '3.5')} ${new Decimal(7).mod(-3)} ${Decimal.hypot(3, 4)}`);
console.log(`toNumber: ${new Decimal('0.1').toNumber()} ${new Decimal('1e400').toNumber()} ${new Decimal(1).div(7).toNumber()} ${JSON.stringify(new Decimal('5.00'))}`);
const D5 = Decimal.clone({ precision: 5, rounding: 4 });
console.log(`clone: ${new D5(1).div(7)} ${new D5('123456.7').plus(0)} ${D5.precision}`);
