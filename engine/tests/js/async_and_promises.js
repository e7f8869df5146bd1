const order = [];
async function a() { order.push("a1"); await null; order.push("a2"); return "done"; }
Promise.resolve().then(() => order.push("microtask"));
const p = a();
order.push("sync");
p.then(v => {
  order.push(v);
  assertArray(order, ["a1", "sync", "microtask", "a2", "done"], "job order");
  finished = true;
  console.log("finished");
});
var finished = false;
async function* counter() { for (let i = 0; i < 3; i++) { await null; yield i; } }
(async () => {
  const got = [];
  for await (const v of counter()) got.push(v);
  assertArray(got, [0, 1, 2], "for await over an async generator");
  const all = await Promise.all([1, Promise.resolve(2), new Promise(r => r(3))]);
  assertArray(all, [1, 2, 3], "Promise.all");
  try { await Promise.reject(new TypeError("nope")); } catch (e) { assertEq(e.message, "nope", "await rejection"); }
  asyncFinished = true;
  console.log("async part finished");
})();
var asyncFinished = false;
