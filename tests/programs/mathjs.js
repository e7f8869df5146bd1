// mathjs: expression parsing and evaluation, matrices, units, fractions,
// big numbers, complex numbers, symbolic derivatives and simplification.
import { create, all } from 'mathjs';

const math = create(all, { number: 'number', precision: 64 });
const fmt = (v) => math.format(v, { precision: 12 });

const exprs = ['sqrt(3^2 + 4^2)', '2 inch to cm', '5 km/h to m/s', 'det([1, 2; 3, 4])', 'inv([4, 7; 2, 6])', '[1, 2, 3] * [4; 5; 6]', 'cross([1, 0, 0], [0, 1, 0])', 'sin(pi / 6) + cos(0)', '(2 + 3i) * (1 - i)', 'sqrt(-4)', 'log(1000, 10)', 'factorial(20)', 'gcd(462, 1071)', 'lcm(4, 6, 8)', 'combinations(52, 5)', 'mean([1, 2, 3, 4, 10])', 'median([5, 1, 3, 2])', 'std([2, 4, 4, 4, 5, 5, 7, 9])', 'round(e, 5)', 'f(x) = x^2 + 1; f(3)', 'a = 5; b = a * 2; a + b', 'x = [1, 2, 3]; x[2]', 'size(zeros(2, 3))', 'transpose([[1, 2], [3, 4], [5, 6]])', '1 m + 20 cm', '12 degF to degC', 'isPrime(97)', '0.1 + 0.2 == 0.3', 'bitAnd(12, 10)', 'hypot(3, 4)', 'eigs([[2, 0], [0, 3]]).values', 'lusolve([[2, 1], [1, 3]], [3, 5])', 'kron([1, 2], [1, 1])', 'sum(1:100)', 'format(1/3, {notation: "fixed", precision: 4})'];
for (const e of exprs) {
  try {
    console.log(`${e} => ${fmt(math.evaluate(e))}`);
  } catch (err) {
    console.log(`${e} => error: ${err.constructor.name}`);
  }
}

const node = math.parse('3 * x^2 + 2 * x * y - sin(x) / 2');
console.log(`parsed: ${node.toString()} | tex: ${node.toTex()} | vars: ${node.filter((n) => n.isSymbolNode).map((n) => n.name).join(',')}`);
console.log(`compiled: ${fmt(node.compile().evaluate({ x: 2, y: 3 }))}`);
console.log(`derivative: ${math.derivative('x^3 + 2x^2 - sin(x) * exp(x)', 'x').toString()}`);
console.log(`simplify: ${math.simplify('2x + 3x - x * (4 - 3) + 0 * y').toString()} | ${math.simplify('(x^2 - 1) / (x - 1)').toString()} | ${math.rationalize('(x+1)^2 / (x-1)').toString()}`);

const bigMath = create(all, { number: 'BigNumber', precision: 50 });
console.log(`bignumber: ${bigMath.evaluate('1/3 + 2/3').toString()} ${bigMath.evaluate('sqrt(2)').toString()} ${bigMath.evaluate('2^100').toString()}`);
const fracMath = create(all, { number: 'Fraction' });
console.log(`fraction: ${fracMath.format(fracMath.evaluate('1/3 + 1/6 - 1/4'))} ${fracMath.format(fracMath.evaluate('0.125 * 8/3'), { fraction: 'ratio' })}`);

const m = math.matrix([[1, 2, 3], [4, 5, 6], [7, 8, 10]]);
console.log(`matrix: det ${fmt(math.det(m))} inv ${fmt(math.inv(m))} trace ${math.trace(m)} norm ${fmt(math.norm(m, 'fro'))}`);
const { L, U, p } = math.lup(m);
console.log(`lup: L ${fmt(L)} U ${fmt(U)} p ${p}`);
console.log(`qr R diag: ${fmt(math.diag(math.qr(m).R))} sparse: ${fmt(math.multiply(math.sparse([[1, 0], [0, 2]]), [[3], [4]]))}`);
console.log(`units: ${math.unit('9.81 m/s^2').multiply(math.unit('70 kg')).toString()} ${math.unit('26.2 mile').toNumber('km').toFixed(6)} ${math.unit('100 kPa').to('psi').format(6)}`);
console.log(`complex: ${math.complex('3+4i').abs()} ${fmt(math.exp(math.complex(0, Math.PI)))} ${fmt(math.pow(math.complex(0, 1), 2))} ${fmt(math.sqrt(math.complex(-1, 0)))}`);
const scope = new Map();
math.evaluate(['r = 2', 'area(r) = pi * r^2', 'v = area(r) * 3'], scope);
console.log(`scope: ${[...scope.keys()].join(',')} v=${fmt(scope.get('v'))}`);
try {
  math.evaluate('2 +* 3');
} catch (e) {
  console.log(`syntax error: ${e.constructor.name} at char ${e.char}`);
}
