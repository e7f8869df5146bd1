// Litmus test "message passing" (MP). The writer stores the data, then
// raises a flag; the reader reads the flag, then the data. Seeing the flag
// but not the data ("flag=1 data=0") is impossible under sequential
// consistency and on x86, but plain properties promise no order: ARM and
// POWER may show it. Publish with Atomics.store / Atomics.load (or a Lock)
// to rule it out everywhere.
const data = { v: 0 }, flag = { v: 0 };
const gate = { ready: 0 };
function startTogether() {
  Atomics.add(gate, "ready", 1);
  while (Atomics.load(gate, "ready") < 2) {}
}
const writer = new Thread(() => { startTogether(); data.v = 42; flag.v = 1; });
const reader = new Thread(() => {
  startTogether();
  const f = flag.v;
  const d = data.v;
  return `flag=${f} data=${d === 42 ? 1 : 0}`;
});
writer.join();
print(reader.join());
