// One-way constraint propagation in the spirit of DeltaBlue: a chain of
// variables linked by equality and scale constraints, re-planned and
// re-solved as inputs change. Object graphs, dynamic dispatch, arrays.
class Variable { constructor(name, value) { this.name = name; this.value = value; this.constraints = []; this.determinedBy = null; this.stay = true; } }
class Constraint { constructor(strength) { this.strength = strength; } }
class Equal extends Constraint { constructor(a, b, s) { super(s); this.a = a; this.b = b; a.constraints.push(this); b.constraints.push(this); }
  execute() { this.b.value = this.a.value; } inputs() { return [this.a]; } output() { return this.b; } }
class Scale extends Constraint { constructor(src, scale, offset, dest, s) { super(s); this.src = src; this.scale = scale; this.offset = offset; this.dest = dest; src.constraints.push(this); dest.constraints.push(this); }
  execute() { this.dest.value = this.src.value * this.scale.value + this.offset.value; } inputs() { return [this.src, this.scale, this.offset]; } output() { return this.dest; } }
function plan(sources) {
  const order = []; const seen = new Set(); const todo = [...sources];
  while (todo.length) { const v = todo.shift(); for (const c of v.constraints) { if (c.inputs().includes(v) && !seen.has(c)) { seen.add(c); order.push(c); todo.push(c.output()); } } }
  return order;
}
function chainTest(n) {
  const vars = []; for (let i = 0; i <= n; i++) vars.push(new Variable("v" + i, 0));
  for (let i = 0; i < n; i++) new Equal(vars[i], vars[i + 1], 1);
  const p = plan([vars[0]]);
  for (let i = 0; i < 100; i++) { vars[0].value = i; for (const c of p) c.execute(); if (vars[n].value !== i) throw new Error("deltablue: chain failed"); }
}
function projectionTest(n) {
  const scale = new Variable("scale", 10), offset = new Variable("offset", 1000);
  const src = [], dst = [];
  for (let i = 0; i < n; i++) { src.push(new Variable("src" + i, i)); dst.push(new Variable("dst" + i, i)); new Scale(src[i], scale, offset, dst[i], 2); }
  const p = plan([...src, scale, offset]);
  for (let k = 0; k < 10; k++) { scale.value = k; for (const c of p) c.execute(); for (let i = 0; i < n; i++) if (dst[i].value !== i * k + 1000) throw new Error("deltablue: projection failed"); }
}
for (let i = 0; i < 3; i++) { chainTest(300); projectionTest(300); }
