// Map and Set: inserting, looking up, deleting and iterating keys of
// mixed kinds (strings, numbers, objects).
function run() {
  const byName = new Map();
  const seen = new Set();
  const objects = [];
  for (let i = 0; i < 20000; i++) {
    const o = { id: i };
    objects.push(o);
    byName.set("key" + i, o);
    seen.add(i * 7 % 10007);
  }
  let hits = 0;
  for (let i = 0; i < 40000; i++) if (byName.has("key" + (i % 25000))) hits++;
  const owners = new Map(objects.map((o) => [o, o.id % 13]));
  let sum = 0;
  for (const [o, v] of owners) sum += v + (o.id & 1);
  for (let i = 0; i < 20000; i += 2) byName.delete("key" + i);
  let left = 0;
  for (const k of byName.keys()) if (k.length > 5) left++;
  return hits + seen.size + sum + byName.size + left;
}
let total = 0;
for (let round = 0; round < 1; round++) total += run();
if (total !== 194936) throw new Error("collections: " + total);
