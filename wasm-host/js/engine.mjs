// weft's embedding API: one ES module for pages and Node.
//
//   import { createEngine } from '.../engine.mjs';
//   const engine = await createEngine({ mode: 'parallel' });
//   const run = engine.run(source, { filename, trace, onConsole, onEvent });
//   const { status, value, error } = await run.done;   // "ok" | "error" | "stopped"
//   run.stop();                                          // ends even `while (true) {}`
//
// The engine lives in a controller worker (js/controller.mjs) whose pool
// workers run the program's JS threads over one shared memory, so nothing
// here ever blocks the calling thread (in a page, the UI thread). Runs
// execute one at a time, in the order `run` was called. If the engine's
// wasm traps or a stop does not land, the controller is replaced and the
// next run starts on a fresh one.

import { compileWasm, startWorker } from './platform.mjs';

/// Pool worker stacks (the engine's recursion limits are sized for it).
const THREAD_STACK = 8 << 20;
/// The heap limit: past it allocation throws a RangeError. Well under the
/// 4 GiB wasm32 memory, which also holds stacks, code and malloc's slack.
const DEFAULT_MAX_HEAP = 1 << 30;
/// After `stop()`, how long the engine may take before it is replaced.
const STOP_GRACE_MS = 1000;

let compiled = null;
const compile = () => (compiled ??= compileWasm(new URL('./weft_bg.wasm', import.meta.url)));

function internalError(message) {
  return { status: 'error', value: null, error: { name: 'InternalError', message, stack: '' } };
}

/// One controller worker and what it is doing.
class Controller {
  static async start(reserve, maxHeap) {
    const module = await compile();
    const worker = startWorker(new URL('./controller.mjs', import.meta.url));
    const controller = new Controller(worker);
    const ready = await controller.awaiting(
      new Promise((resolve, reject) => {
        controller.onReady = resolve;
        controller.onCrash = (message) => reject(new Error(`weft: the engine failed to start: ${message}`));
        worker.post({ kind: 'init', module, stackSize: THREAD_STACK, reserve, maxHeap });
      }),
    );
    controller.threads = ready.threads === 'none' ? false : ready.threads;
    return controller;
  }

  constructor(worker) {
    this.worker = worker;
    this.runs = new Map(); // id → { onBatch, onProgress, onDone }
    this.dead = false;
    this.onCrash = null;
    this.waiters = 0;
    worker.onMessage((msg) => this.#receive(msg));
    worker.onError((message) => this.#crash(message));
  }

  /// Keeps Node alive until `promise` settles (a run, a request): an idle
  /// engine must not keep a script from exiting, a pending one must.
  async awaiting(promise) {
    if (this.waiters++ === 0) this.worker.keepAlive(true);
    try {
      return await promise;
    } finally {
      if (--this.waiters === 0) this.worker.keepAlive(false);
    }
  }

  #receive(msg) {
    switch (msg.kind) {
      case 'ready':
        this.onReady?.(msg);
        break;
      case 'batch':
        this.runs.get(msg.id)?.onBatch(msg);
        break;
      case 'progress':
        this.runs.get(msg.id)?.onProgress(msg.progress);
        break;
      case 'done':
        this.runs.get(msg.id)?.onDone(msg.result);
        break;
      case 'stats':
        this.onStats?.(msg);
        break;
      case 'crash':
        this.#crash(msg.message);
        break;
    }
  }

  #crash(message) {
    if (this.dead) return;
    this.kill();
    this.onCrash?.(message);
    for (const run of [...this.runs.values()]) run.onDone(internalError(`the engine failed: ${message}`));
  }

  kill() {
    this.dead = true;
    this.worker.terminate();
  }
}

/// A program started by `Engine.run`.
class Run {
  constructor() {
    this.done = new Promise((resolve) => (this.settle = resolve));
    this.stopRequested = false;
    // Until the run starts, a stop is only remembered.
    this.stop = () => {
      this.stopRequested = true;
    };
  }
}

const MODES = ['parallel', 'locked', 'scheduled'];

function checkMode(mode) {
  if (!MODES.includes(mode)) {
    throw new TypeError(`unknown mode ${JSON.stringify(mode)} (expected "parallel", "locked" or "scheduled")`);
  }
}

class Engine {
  constructor(options) {
    this.mode = options.mode ?? 'parallel';
    this.maxHeap = options.maxHeap ?? DEFAULT_MAX_HEAP;
    this.reserve = options.reserveThreads ?? 2;
    this.controller = null;
    this.threads = false;
    this.nextId = 1;
    this.queue = Promise.resolve();
    this.closed = false;
  }

  async #controller() {
    if (!this.controller || this.controller.dead) {
      this.controller = await Controller.start(this.reserve, this.maxHeap);
      this.threads = this.controller.threads;
      // One worker can only interleave threads: the scheduler decides.
      if (this.threads === 'interleaved') this.mode = 'scheduled';
    }
    return this.controller;
  }

  /// Starts `source`; see the module comment. Options: `filename`
  /// ("main.js"; a name ending in .mjs runs as a module), `mode` (this
  /// engine's by default), `trace` (record trace events), `onConsole(line)`
  /// with `{thread, text, error, time}`, `onEvent(events)` with a batch of
  /// trace events while the program runs. In scheduled mode: `seed` and
  /// `strategy` ("pct" or "random") pick a schedule, `schedule` replays
  /// one a run reported (its result's `schedule`), `races` asks for the
  /// data races (its result's `races`), `steps` for the steps each thread
  /// took (its result's `steps`), `maxSteps` bounds the run. Step mode is
  /// `strategy: 'step:1.2.1'`: the threads chosen, one per visible step;
  /// the run then ends with status "paused" and its `pause.next` lists
  /// who could take the next step.
  run(source, options = {}) {
    const id = this.nextId++;
    const mode = options.mode ?? this.mode;
    checkMode(mode);
    const schedule = {};
    for (const key of ['seed', 'strategy', 'schedule', 'races', 'steps', 'maxSteps']) {
      if (options[key] !== undefined) schedule[key] = options[key];
    }
    return this.#start({
      kind: 'run',
      id,
      source: String(source),
      filename: options.filename ?? 'main.js',
      mode,
      trace: Boolean(options.trace),
      maxHeap: this.maxHeap,
      schedule: JSON.stringify(schedule),
    }, options);
  }

  /// Runs `source` under every schedule within the bounds (scheduled
  /// mode) and resolves `done` to `{schedules, complete, bounded, stopped,
  /// outcomes: [{output, failed, count, schedule}]}`. Options: `filename`,
  /// `maxSchedules` (100000), `preemptions` (2; null for no bound),
  /// `maxSteps` (per schedule), `onProgress({schedules, outcomes})`.
  /// `stop()` ends the search at once, with what it found so far.
  explore(source, options = {}) {
    const id = this.nextId++;
    return this.#start({
      kind: 'explore',
      id,
      source: String(source),
      filename: options.filename ?? 'main.js',
      maxHeap: this.maxHeap,
      options: {
        maxSchedules: options.maxSchedules,
        preemptions: options.preemptions === undefined ? 2 : options.preemptions,
        maxSteps: options.maxSteps,
      },
    }, options);
  }

  #start(request, options) {
    const run = new Run();
    const id = request.id;
    const start = async () => {
      if (this.closed) return run.settle(internalError('the engine was closed'));
      if (run.stopRequested) return run.settle({ status: 'stopped', value: null });
      let controller;
      try {
        controller = await this.#controller();
      } catch (err) {
        return run.settle(internalError(String(err?.message ?? err)));
      }
      let settled = false;
      let finish;
      const finished = new Promise((resolve) => {
        finish = (result) => {
          if (settled) return;
          settled = true;
          controller.runs.delete(id);
          run.settle(result);
          resolve();
        };
      });
      controller.runs.set(id, {
        onBatch: (msg) => {
          for (const line of msg.console) options.onConsole?.(line);
          if (msg.events.length) options.onEvent?.(msg.events);
        },
        onProgress: (progress) => options.onProgress?.(progress),
        onDone: finish,
      });
      run.stop = () => {
        if (settled) return;
        controller.worker.post({ kind: 'stop', id });
        setTimeout(() => {
          // The stop did not land (a trap, or native code that never
          // reaches a safepoint): replace the controller.
          if (settled) return;
          controller.kill();
          finish({ status: 'stopped', value: null });
        }, STOP_GRACE_MS);
      };
      if (run.stopRequested) run.stop();
      controller.worker.post(request);
      await controller.awaiting(finished);
    };
    this.queue = this.queue.then(start);
    return run;
  }

  /// `{ workers, memoryBytes, allocatedBytes }`: pool workers started, the
  /// size of linear memory (reserved up front), and the bytes allocated in
  /// it and not freed (for tests and tools that look for leaks).
  async stats() {
    const controller = await this.#controller();
    return controller.awaiting(
      new Promise((resolve) => {
        controller.onStats = resolve;
        controller.worker.post({ kind: 'stats' });
      }),
    );
  }

  /// Ends the engine's workers; later runs fail.
  close() {
    this.closed = true;
    this.controller?.kill();
  }
}

/// Resolves to an engine whose workers are started and ready to run.
/// Options: `mode` ("parallel", "locked" or "scheduled"), `maxHeap`
/// (bytes), and `reserveThreads` (pool workers kept ready; default 2).
/// The engine's `threads` says how JS threads run: "parallel" (a worker
/// each), "interleaved" (fibers of one worker; every run is then in
/// scheduled mode, whatever `mode` asks) or false (no thread API).
export async function createEngine(options = {}) {
  if (options.mode !== undefined) checkMode(options.mode);
  const engine = new Engine(options);
  await engine.stats();
  return engine;
}
