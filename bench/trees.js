// Binary trees (after the Computer Language Benchmarks Game): allocation
// of many short-lived small objects and a long-lived tree beside them.
function bottomUp(depth) {
  return depth === 0 ? { left: null, right: null } : { left: bottomUp(depth - 1), right: bottomUp(depth - 1) };
}
function check(t) {
  return t.left === null ? 1 : 1 + check(t.left) + check(t.right);
}
const maxDepth = 12;
const longLived = bottomUp(maxDepth);
let total = 0;
for (let depth = 4; depth <= maxDepth; depth += 2) {
  const iterations = 1 << (maxDepth - depth + 4);
  for (let i = 0; i < iterations; i++) total += check(bottomUp(depth));
}
total += check(longLived);
if (total !== 658095) throw new Error("trees: " + total);
