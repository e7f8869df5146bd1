// A parser: a tokenizer (string scanning, charCodeAt) and a
// recursive-descent parser building an AST of small objects for arithmetic
// with variables and calls, then an evaluator walking it.
function tokenize(src) {
  const tokens = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charCodeAt(i);
    if (c === 32) { i++; continue; }
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < src.length && src.charCodeAt(j) >= 48 && src.charCodeAt(j) <= 57) j++;
      tokens.push({ kind: "num", value: Number(src.slice(i, j)) });
      i = j;
    } else if ((c >= 97 && c <= 122) || c === 95) {
      let j = i;
      while (j < src.length && /[a-z_0-9]/.test(src[j])) j++;
      tokens.push({ kind: "name", value: src.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: "op", value: src[i] });
      i++;
    }
  }
  return tokens;
}
function parse(tokens) {
  let pos = 0;
  const peek = () => tokens[pos];
  const expect = (v) => { if (tokens[pos++].value !== v) throw new Error("parser: expected " + v); };
  function primary() {
    const t = tokens[pos++];
    if (t.kind === "num") return { type: "num", value: t.value };
    if (t.kind === "name") {
      if (peek() && peek().value === "(") {
        pos++;
        const args = [expr()];
        while (peek().value === ",") { pos++; args.push(expr()); }
        expect(")");
        return { type: "call", name: t.value, args };
      }
      return { type: "var", name: t.value };
    }
    if (t.value === "(") { const e = expr(); expect(")"); return e; }
    if (t.value === "-") return { type: "neg", arg: primary() };
    throw new Error("parser: unexpected " + t.value);
  }
  function term() {
    let left = primary();
    while (peek() && (peek().value === "*" || peek().value === "/" || peek().value === "%")) {
      const op = tokens[pos++].value;
      left = { type: "bin", op, left, right: primary() };
    }
    return left;
  }
  function expr() {
    let left = term();
    while (peek() && (peek().value === "+" || peek().value === "-")) {
      const op = tokens[pos++].value;
      left = { type: "bin", op, left, right: term() };
    }
    return left;
  }
  const e = expr();
  if (pos !== tokens.length) throw new Error("parser: trailing input");
  return e;
}
const functions = { max: Math.max, min: Math.min, abs: Math.abs };
function evaluate(node, env) {
  switch (node.type) {
    case "num": return node.value;
    case "var": return env[node.name];
    case "neg": return -evaluate(node.arg, env);
    case "call": return functions[node.name](...node.args.map((a) => evaluate(a, env)));
    case "bin": {
      const a = evaluate(node.left, env), b = evaluate(node.right, env);
      switch (node.op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return Math.trunc(a / b);
        default: return a % b;
      }
    }
  }
}
const source = "max(x * 3 + y, (y - 7) * (x % 5 + 2)) - min(abs(x - y), 40) / 3 + (x_1 + 12) * -(2 - y % 3)";
let total = 0;
for (let i = 0; i < 1000; i++) {
  const ast = parse(tokenize(source));
  total += evaluate(ast, { x: i % 101, y: (i * 7) % 53, x_1: i % 17 });
}
if (total !== 155513) throw new Error("parser: " + total);
