// A task scheduler simulation in the spirit of Richards: object-oriented
// dispatch, queues, polymorphic method calls.
class Packet { constructor(link, id, kind) { this.link = link; this.id = id; this.kind = kind; this.a1 = 0; this.a2 = new Array(4).fill(0); }
  addTo(queue) { this.link = null; if (queue === null) return this; let next = queue; while (next.link !== null) next = next.link; next.link = this; return queue; } }
class Task {
  constructor(scheduler, id, priority, queue) { this.scheduler = scheduler; this.id = id; this.priority = priority; this.queue = queue; this.held = false; this.waiting = queue !== null; this.link = null; }
  isHeldOrSuspended() { return this.held || (this.waiting && this.queue === null); }
  checkPriorityAdd(task, packet) { if (this.queue === null) { this.queue = packet; this.waiting = false; return task.priority < this.priority ? this : task; } this.queue = packet.addTo(this.queue); return task; }
}
class IdleTask extends Task { constructor(s, id, pri) { super(s, id, pri, null); this.v1 = 1; this.count = 10000; }
  run() { this.count--; if (this.count === 0) return this.scheduler.holdSelf(); if ((this.v1 & 1) === 0) { this.v1 >>= 1; return this.scheduler.release(4); } this.v1 = (this.v1 >> 1) ^ 0xD008; return this.scheduler.release(5); } }
class WorkerTask extends Task { constructor(s, id, pri, q) { super(s, id, pri, q); this.v1 = 2; this.v2 = 0; }
  run(packet) { if (packet === null) return this.scheduler.suspend(); this.v1 = this.v1 === 2 ? 3 : 2; packet.id = this.v1; packet.a1 = 0; for (let i = 0; i < 4; i++) { this.v2++; if (this.v2 > 26) this.v2 = 1; packet.a2[i] = this.v2; } return this.scheduler.queue(packet); } }
class HandlerTask extends Task { constructor(s, id, pri, q) { super(s, id, pri, q); this.work = null; this.devices = null; }
  run(packet) { if (packet !== null) { if (packet.kind === 1) this.work = packet.addTo(this.work); else this.devices = packet.addTo(this.devices); }
    if (this.work !== null) { const w = this.work; const count = w.a1; if (count < 4) { if (this.devices !== null) { const d = this.devices; this.devices = d.link; d.a1 = w.a2[count]; w.a1 = count + 1; return this.scheduler.queue(d); } } else { this.work = w.link; return this.scheduler.queue(w); } }
    return this.scheduler.wait(); } }
class DeviceTask extends Task { constructor(s, id, pri) { super(s, id, pri, null); this.pending = null; }
  run(packet) { if (packet === null) { if (this.pending === null) return this.scheduler.wait(); const v = this.pending; this.pending = null; return this.scheduler.queue(v); } this.pending = packet; return this.scheduler.holdSelf(); } }
class Scheduler {
  constructor() { this.tasks = []; this.list = null; this.current = null; this.queueCount = 0; this.holdCount = 0; }
  add(task) { this.tasks[task.id] = task; task.link = this.list; this.list = task; }
  schedule() { this.current = this.list; while (this.current !== null) { if (this.current.isHeldOrSuspended()) { this.current = this.current.link; } else { const t = this.current; const p = t.queue; if (p !== null) { t.queue = p.link; t.waiting = t.queue !== null; } this.current = t.run(p); } } }
  release(id) { const t = this.tasks[id]; t.held = false; return t.priority > this.current.priority ? t : this.current; }
  holdSelf() { this.holdCount++; this.current.held = true; return this.current.link; }
  suspend() { this.current.waiting = true; return this.current; }
  wait() { this.current.waiting = true; return this.current; }
  queue(packet) { const t = this.tasks[packet.id]; if (!t) return null; this.queueCount++; packet.link = null; packet.id = this.current.id; return t.checkPriorityAdd(this.current, packet); }
}
let total = 0;
for (let iter = 0; iter < 8; iter++) {
  const s = new Scheduler();
  s.add(new IdleTask(s, 0, 0));
  let q = new Packet(null, 1, 1); q = new Packet(q, 1, 1);
  s.add(new WorkerTask(s, 1, 1000, q));
  q = new Packet(null, 4, 0); q = new Packet(q, 4, 0); q = new Packet(q, 4, 0);
  s.add(new HandlerTask(s, 2, 2000, q));
  q = new Packet(null, 5, 0); q = new Packet(q, 5, 0); q = new Packet(q, 5, 0);
  s.add(new HandlerTask(s, 3, 3000, q));
  s.add(new DeviceTask(s, 4, 4000));
  s.add(new DeviceTask(s, 5, 5000));
  s.schedule();
  total += s.queueCount + s.holdCount;
}
if (total <= 0) throw new Error("richards: no work done");
