// Class hierarchies: constructors calling super, virtual methods, getters,
// static members and instanceof over a three-level hierarchy.
class Shape {
  static count = 0;
  constructor(name) { this.name = name; Shape.count++; }
  area() { return 0; }
  describe() { return `${this.name}:${this.area().toFixed(1)}`; }
}
class Rect extends Shape {
  constructor(w, h) { super("rect"); this.w = w; this.h = h; }
  area() { return this.w * this.h; }
  get perimeter() { return 2 * (this.w + this.h); }
}
class Square extends Rect {
  constructor(s) { super(s, s); this.name = "square"; }
  get perimeter() { return 4 * this.w; }
}
class Circle extends Shape {
  #r;
  constructor(r) { super("circle"); this.#r = r; }
  area() { return Math.PI * this.#r * this.#r; }
  get perimeter() { return 2 * Math.PI * this.#r; }
}
let area = 0, perimeter = 0, squares = 0, length = 0;
for (let round = 0; round < 4; round++) {
  const shapes = [];
  for (let i = 0; i < 10000; i++) {
    shapes.push(i % 3 === 0 ? new Rect(i % 7 + 1, i % 5 + 1) : i % 3 === 1 ? new Square(i % 9 + 1) : new Circle(i % 4 + 1));
  }
  for (const s of shapes) {
    area += s.area();
    perimeter += s.perimeter;
    if (s instanceof Square) squares++;
    length += s.describe().length;
  }
}
const check = Math.round(area) + Math.round(perimeter) + squares + length + Shape.count;
if (check !== 2002634) throw new Error("classes: " + check);
