// KaTeX: render TeX formulas to HTML and MathML strings; print the output
// of a few formulas in full and hashes of the rest, and KaTeX's own errors.
import katex from 'katex';

function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

console.log(katex.renderToString('x^2 + y_1 = \\frac{a}{b}', { output: 'mathml' }));
console.log(katex.renderToString('\\sqrt[3]{\\alpha}', { output: 'html' }));

const formulas = [
  'E = mc^2',
  '\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}',
  '\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}',
  '\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}^{-1} = \\frac{1}{ad-bc}\\begin{pmatrix} d & -b \\\\ -c & a \\end{pmatrix}',
  'f(x) = \\begin{cases} x^2 & x \\ge 0 \\\\ -x & \\text{otherwise} \\end{cases}',
  '\\mathbb{R}^n \\to \\mathcal{L}(\\mathfrak{g}), \\quad \\overbrace{a+b}^{\\text{sum}} \\underbrace{c}_{d}',
  '\\lim_{h \\to 0} \\frac{f(x+h)-f(x)}{h} \\approx \\nabla \\cdot \\vec{F} \\neq \\hat{x} \\tilde{y}',
  '\\color{red}{x} \\boxed{y} \\cancel{z} \\xrightarrow[under]{over} \\left( \\frac{1}{2} \\right]',
  '\\def\\RR{\\mathbb{R}} \\RR \\times \\RR \\ce{H2O}',
];
for (const tex of formulas) {
  for (const displayMode of [false, true]) {
    try {
      const html = katex.renderToString(tex, { displayMode, throwOnError: true, strict: 'ignore', trust: false });
      console.log(`${displayMode ? 'display' : 'inline'} ${tex.slice(0, 30)}: ${html.length} chars ${fnv1a(html)}`);
    } catch (e) {
      console.log(`${displayMode ? 'display' : 'inline'} ${tex.slice(0, 30)}: ${e.name}: ${e.message}`);
    }
  }
}
console.log(katex.renderToString('\\frac{1}{', { throwOnError: false }));
try {
  katex.renderToString('\\undefinedmacro{x}');
} catch (e) {
  console.log(`${e.name} at ${e.position}: ${e.rawMessage}`);
}
const tree = katex.__parse('a+\\frac{b}{c}');
console.log(`parse tree: ${tree.map((n) => n.type).join(',')}`);
