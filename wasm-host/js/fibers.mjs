// The interleaved build's fiber driver: runs every JS thread of a run as a
// fiber of the controller's one wasm thread (src/fiber.rs says why and how).
//
// A fiber runs on its own shadow stack (a block of linear memory the
// driver points `__stack_pointer` at) and suspends through the
// `weftHost.fiberSwitch` import, which Asyncify turns into an unwind of
// its wasm frames into the fiber's save area. The driver resumes it by
// rewinding: calling `fiberEnter(id)` again, which Asyncify replays down
// to the switch, where the import returns. Asyncify skips prologues and
// epilogues while unwinding and rewinding, so the stack pointer is saved
// after an unwind and restored before a rewind; between fibers it is the
// main stack's, for the glue's own calls.

/// A fiber's shadow stack. The engine's recursion limits are sized for the
/// pool workers' stacks, which are this big.
const STACK_BYTES = 8 << 20;
/// A fiber's Asyncify save area: its header ([next, end]) and the locals
/// of every instrumented frame on its stack at a switch. Asyncify does not
/// bound-check while unwinding, so it is generous, and checked after.
const SAVE_BYTES = 1 << 20;

// asyncify_get_state()
const UNWINDING = 1;
const REWINDING = 2;

export class FiberDriver {
  /// `exports` are the module's raw exports (initSync's result).
  constructor(exports, stackBytes = STACK_BYTES) {
    this.wasm = exports;
    this.stackBytes = Math.max(stackBytes, 1 << 20);
    this.mainSp = exports.__stack_pointer.value;
    this.fibers = new Map(); // id → { stack, save, sp }
    this.spare = []; // blocks of ended fibers: { stack, save }
    this.running = null;
  }

  /// The `weftHost.fiberSwitch` import: suspend the running fiber, or
  /// (while it is being rewound) go on where it suspended.
  switch() {
    const { wasm } = this;
    if (wasm.asyncify_get_state() === REWINDING) {
      wasm.asyncify_stop_rewind();
      return;
    }
    const save = this.running.save;
    const header = new Uint32Array(wasm.memory.buffer, save, 2);
    header[0] = save + 8;
    header[1] = save + SAVE_BYTES;
    wasm.asyncify_start_unwind(save);
  }

  /// Runs fibers until none is left or `sliceMs` has passed (a running JS
  /// thread yields at its next safepoint once the slice is over). Returns
  /// whether fibers are left.
  drive(sliceMs) {
    const { wasm } = this;
    const end = performance.now() + sliceMs;
    wasm.fiberSlice(performance.timeOrigin + end);
    for (;;) {
      const next = wasm.fiberNext();
      if (next < 0) return false;
      this.#step(next >> 1, (next & 1) === 1);
      if (performance.now() >= end) return true;
    }
  }

  #step(id, start) {
    const { wasm } = this;
    const sp = wasm.__stack_pointer;
    let fiber = this.fibers.get(id);
    if (start) {
      fiber = { ...this.#blocks(), sp: 0 };
      this.fibers.set(id, fiber);
      sp.value = fiber.stack + this.stackBytes;
    } else {
      sp.value = fiber.sp;
      wasm.asyncify_start_rewind(fiber.save);
    }
    this.running = fiber;
    try {
      wasm.fiberEnter(id);
      if (wasm.asyncify_get_state() === UNWINDING) {
        wasm.asyncify_stop_unwind();
        fiber.sp = sp.value >>> 0;
        const header = new Uint32Array(wasm.memory.buffer, fiber.save, 2);
        if (header[0] > header[1]) throw new Error(`weft: fiber ${id} outgrew its ${SAVE_BYTES}-byte save area`);
      } else {
        this.fibers.delete(id);
        this.spare.push({ stack: fiber.stack, save: fiber.save });
      }
    } finally {
      this.running = null;
      sp.value = this.mainSp;
    }
  }

  #blocks() {
    const reused = this.spare.pop();
    if (reused) return reused;
    const stack = this.wasm.fiberAlloc(this.stackBytes) >>> 0;
    const save = this.wasm.fiberAlloc(SAVE_BYTES) >>> 0;
    if (!stack || !save) throw new RangeError('weft: out of memory for a new thread');
    return { stack, save };
  }
}
