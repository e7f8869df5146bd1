// peggy: generate a parser for an arithmetic-and-JSON-ish grammar (peggy
// emits JavaScript source and builds it with new Function), run it on inputs,
// report its syntax errors, and print a digest of the generated source.
import peggy from 'peggy';

const grammar = `
{{
  const ops = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b, '^': (a, b) => a ** b };
}}
Program = _ stmts:(Statement|.., _ ";" _|) _ ";"? _ { return stmts; }
Statement = name:Ident _ "=" _ value:Expr { return { assign: name, value }; }
          / value:Expr { return { value }; }
Expr = head:Term tail:(_ @("+" / "-") _ @Term)* { return tail.reduce((acc, [op, v]) => ops[op](acc, v), head); }
Term = head:Power tail:(_ @("*" / "/") _ @Power)* { return tail.reduce((acc, [op, v]) => ops[op](acc, v), head); }
Power = base:Unary _ "^" _ exp:Power { return base ** exp; } / Unary
Unary = "-" _ v:Unary { return -v; } / Primary
Primary = Number / List / "(" _ @Expr _ ")" / name:Ident { return options.vars[name] ?? error(\`unknown variable \${name}\`); }
List = "[" _ items:(Expr|.., _ "," _|) _ "]" { return items.reduce((a, b) => a + b, 0); }
Number "number" = digits:$([0-9]+ ("." [0-9]+)?) { return parseFloat(digits); }
Ident "identifier" = $([a-z_]i [a-z0-9_]i*)
_ "whitespace" = [ \\t\\n]*
`;

const parser = peggy.generate(grammar);
const inputs = ['1 + 2 * 3', '(1 + 2) * 3; x = 2 ^ 3 ^ 2; -4 - -2', '[1, 2, 3 * 4] / 2', 'pi * r ^ 2; tau', '1 +', '2 * (3', 'nope + 1', '1 ; ; 2'];
for (const input of inputs) {
  try {
    console.log(`${JSON.stringify(input)} => ${JSON.stringify(parser.parse(input, { vars: { pi: 3.14159, r: 2, tau: 6.28318 } }))}`);
  } catch (e) {
    console.log(`${JSON.stringify(input)} => ${e.name} at ${e.location.start.line}:${e.location.start.column}: ${e.message}`);
  }
}

const source = peggy.generate(grammar, { output: 'source', format: 'globals', exportVar: 'Calc' });
let h = 0x811c9dc5;
for (let i = 0; i < source.length; i++) h = Math.imul(h ^ source.charCodeAt(i), 0x01000193);
console.log(`generated source: ${source.length} chars, ${source.split('\n').length} lines, hash ${(h >>> 0).toString(16)}`);

const traced = [];
const tracer = peggy.generate('start = a:"a"+ b:"b"? { return a.length + (b ? 1 : 0); }', { trace: true });
console.log(`traced: ${tracer.parse('aaab', { tracer: { trace: (e) => traced.push(`${e.type}:${e.rule}`) } })} ${traced.join(' ')}`);
try {
  peggy.generate('start = missing');
} catch (e) {
  console.log(`grammar error: ${e.name}: ${e.message}`);
}
try {
  peggy.generate('start = "a" / ');
} catch (e) {
  console.log(`grammar syntax error: ${e.name} at ${e.location && e.location.start.line}:${e.location && e.location.start.column}`);
}
