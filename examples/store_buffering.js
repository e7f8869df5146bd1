// Litmus test "store buffering" (SB). Each thread writes its own variable,
// then reads the other's. Run one at a time, in any interleaving, at least
// one thread must see the other's write: "r1=0 r2=0" is impossible under
// sequential consistency. A CPU with store buffers (x86, ARM) can still
// show it, when both reads pass both writes still waiting in the buffers.
const x = { v: 0 }, y = { v: 0 };
const gate = { ready: 0 };
function startTogether() {
  Atomics.add(gate, "ready", 1);
  while (Atomics.load(gate, "ready") < 2) {} // both threads leave this spin at once
}
const t1 = new Thread(() => { startTogether(); x.v = 1; return y.v; });
const t2 = new Thread(() => { startTogether(); y.v = 1; return x.v; });
print(`r1=${t1.join()} r2=${t2.join()}`);
