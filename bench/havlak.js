// Loop recognition on a control-flow graph in the spirit of Havlak:
// graph construction, DFS numbering, union-find, Maps and Sets.
class Block { constructor(id) { this.id = id; this.succ = []; this.pred = []; } }
function buildGraph(n) {
  const blocks = []; for (let i = 0; i < n; i++) blocks.push(new Block(i));
  const edge = (a, b) => { blocks[a].succ.push(blocks[b]); blocks[b].pred.push(blocks[a]); };
  for (let i = 0; i + 1 < n; i++) edge(i, i + 1);
  for (let i = 10; i < n; i += 10) { edge(i, i - 9); if (i % 30 === 0) edge(i, i - 25); }
  return blocks;
}
function findLoops(blocks) {
  const number = new Map(); const last = []; const nodes = [];
  (function dfs(start) {
    const stack = [[start, 0]]; number.set(start, 0); nodes.push(start);
    while (stack.length) { const top = stack[stack.length - 1]; const [b, i] = top;
      if (i < b.succ.length) { top[1]++; const s = b.succ[i]; if (!number.has(s)) { number.set(s, nodes.length); nodes.push(s); stack.push([s, 0]); } }
      else { last[number.get(b)] = nodes.length - 1; stack.pop(); } }
  })(blocks[0]);
  const parent = nodes.map((_, i) => i);
  const find = x => { while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; };
  const isAncestor = (w, v) => w <= v && v <= last[w];
  const loops = [];
  for (let w = nodes.length - 1; w >= 0; w--) {
    const body = new Set(); const work = [];
    for (const p of nodes[w].pred) { const v = number.get(p); if (isAncestor(w, v)) { if (v !== w) work.push(find(v)); } }
    while (work.length) { const x = work.pop(); if (body.has(x) || x === w) continue; body.add(x); for (const p of nodes[x].pred) { const y = find(number.get(p)); if (!isAncestor(w, y)) continue; if (!body.has(y) && y !== w) work.push(y); } }
    if (body.size) { loops.push(body.size); for (const x of body) parent[x] = w; }
  }
  return loops;
}
let found = 0;
for (let i = 0; i < 5; i++) found += findLoops(buildGraph(3000)).length;
if (found === 0) throw new Error("havlak: no loops found");
