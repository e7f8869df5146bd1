// Map-heavy work: a thread-private Map with numeric and string keys,
// set, get, has and delete.
function work(units) {
  const m = new Map();
  let sum = 0;
  for (let u = 0; u < units; u++) {
    for (let i = 0; i < 100; i++) {
      const k = (u * 31 + i) % 1000;
      m.set(k, (m.get(k) || 0) + i);
      m.set("s" + (k % 50), i);
      if (m.has(k - 7)) sum += m.get(k - 7);
      if (i % 10 === 0) m.delete(k - 3);
    }
  }
  return sum + m.size;
}
