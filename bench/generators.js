// Generators and async functions: suspending and resuming frames,
// iterator protocol objects, promise jobs.
function* range(n) {
  for (let i = 0; i < n; i++) yield i;
}
function* evens(source) {
  for (const x of source) if (x % 2 === 0) yield x;
}
function* take(source, n) {
  for (const x of source) {
    if (n-- <= 0) return;
    yield x;
  }
}
let sum = 0;
for (let round = 0; round < 4; round++) {
  for (const x of take(evens(range(100000)), 20000)) sum += x;
}
async function step(x) {
  return x + 1;
}
async function chain(n) {
  let x = 0;
  for (let i = 0; i < n; i++) x = await step(x);
  return x;
}
chain(20000).then((x) => {
  const total = sum + x;
  if (total !== 1599940000) throw new Error("generators: " + total);
});
