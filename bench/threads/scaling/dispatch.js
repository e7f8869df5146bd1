// Richards-like object-oriented dispatch: a scheduler runs tasks of four
// classes through polymorphic method calls.
class Task {
  constructor(id) { this.id = id; this.count = 0; }
  run(packet) { this.count++; return packet; }
}
class Idle extends Task { run(p) { this.count++; return p + 1; } }
class Worker extends Task { run(p) { this.count += 2; return (p * 3) & 0xffff; } }
class Handler extends Task { run(p) { this.count++; return p ^ this.id; } }
class Device extends Task { run(p) { this.count--; return p >> 1; } }

function work(units) {
  const tasks = [];
  for (let i = 0; i < 40; i++) {
    const C = [Idle, Worker, Handler, Device][i % 4];
    tasks.push(new C(i));
  }
  let packet = 1;
  for (let u = 0; u < units; u++) {
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < tasks.length; i++) packet = tasks[i].run(packet) | 0;
    }
  }
  let sum = 0;
  for (const t of tasks) sum += t.count;
  return sum + packet;
}
