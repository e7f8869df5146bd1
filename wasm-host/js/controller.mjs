// The controller worker: one per engine. It instantiates the engine's
// module (creating the shared memory in the threaded build), owns the
// pool workers, starts runs and polls them for console lines, trace
// events and their outcome, and stops them on request. It never runs
// JavaScript threads itself, so it always answers promptly; the program's
// main JS thread runs on a pool worker.
//
// The builds without shared memory have no pool. Without the thread API a
// run executes inside `new Run(...)` here; the interleaved build runs every
// JS thread as a fiber of this worker (js/fibers.mjs), in slices, polling
// and taking stop requests between them. Either way console lines are
// posted as they are printed.

import * as weft from './weft.js';
const { initSync, installHost, threadsEnabled, threadKind, sharedMemory, reserveMemory, reservePoolWorkers, memoryBytes, allocatedBytes, Run } = weft;
import { parent, now, startWorker } from './platform.mjs';
import { FiberDriver } from './fibers.mjs';

const POLL_MS = 16;
let module = null;
let memory = null;
let stackSize = 0;
const pool = [];
let current = null; // { id, run, timer }: a run or an exploration
let lastPanic = null; // a panic's message, reported before its trap
let fibers = null; // the interleaved build's FiberDriver
const firstLine = (text) => String(text).split('\n')[0];

function fail(message) {
  parent.post({ kind: 'crash', message });
}

function guarded(fn) {
  try {
    fn();
  } catch (err) {
    fail(String(err?.stack ?? err));
  }
}

/// Pool workers whose start trapped in a row (see worker.mjs); past
/// `MAX_START_RETRIES` the engine is reported failed.
let failedStarts = 0;
const MAX_START_RETRIES = 5;

function startPoolWorker() {
  const worker = startWorker(new URL('./worker.mjs', import.meta.url));
  worker.onMessage((msg) => {
    if (msg.kind === 'start-worker') startPoolWorker();
    if (msg.kind === 'run-finished' && current) guarded(poll);
    if (msg.kind === 'panicked') lastPanic = msg.message;
    if (msg.kind === 'ready') failedStarts = 0;
    if (msg.kind === 'init-failed') {
      worker.terminate();
      pool.splice(pool.indexOf(worker), 1);
      if (++failedStarts > MAX_START_RETRIES) return fail(`a pool worker failed to start: ${msg.message}`);
      startPoolWorker();
    }
  });
  worker.onError((message) => fail(lastPanic ? `${lastPanic}\n(${firstLine(message)})` : `a pool worker failed: ${message}`));
  worker.post({ kind: 'init', module, memory, stackSize });
  pool.push(worker);
}

function finish(result) {
  const { id, run, timer } = current;
  clearInterval(timer);
  current = null;
  run.free();
  parent.post({ kind: 'done', id, result });
}

function poll() {
  const batch = JSON.parse(current.run.poll());
  const { id } = current;
  if (batch.progress) {
    parent.post({ kind: 'progress', id, progress: batch.progress });
    if (batch.done) finish(batch.done);
    return;
  }
  if (batch.console.length || batch.events.length) {
    parent.post({ kind: 'batch', id, console: batch.console, events: batch.events });
  }
  if (batch.done) finish(batch.done);
}

function startRun(msg) {
  if (current) throw new Error('a run is already in progress');
  current = { id: msg.id, run: null, timer: null };
  try {
    current.run = new Run(msg.source, msg.filename, msg.mode, msg.trace, msg.maxHeap, msg.schedule ?? '');
  } catch (err) {
    current = null;
    // A trap leaves the instance unusable: the host starts a new engine.
    if (err instanceof WebAssembly.RuntimeError) throw lastPanic ? new Error(lastPanic) : err;
    parent.post({
      kind: 'done',
      id: msg.id,
      result: { status: 'error', value: null, error: { name: 'Error', message: String(err?.message ?? err), stack: '' } },
    });
    return;
  }
  if (threadsEnabled()) {
    current.timer = setInterval(() => guarded(poll), POLL_MS);
  } else if (fibers) {
    driveSlices();
  } else {
    poll();
  }
}

/// The interleaved build: runs the fibers a slice at a time, polling after
/// each, until the run (or exploration) is done.
function driveSlices() {
  guarded(() => {
    if (!current) return;
    fibers.drive(POLL_MS);
    poll();
    if (current) setTimeout(driveSlices, 0);
  });
}

/// A search over a program's schedules, on a pool worker (or as fibers of
/// this one, in the interleaved build).
function startExplore(msg) {
  if (current) throw new Error('a run is already in progress');
  if (!weft.Exploration) {
    const message = 'explore needs a build with the thread API';
    parent.post({ kind: 'done', id: msg.id, result: { error: message, outcomes: [], schedules: 0 } });
    return;
  }
  current = { id: msg.id, run: new weft.Exploration(msg.source, msg.filename, JSON.stringify(msg.options), msg.maxHeap), timer: null };
  if (fibers) driveSlices();
  else current.timer = setInterval(() => guarded(poll), POLL_MS * 4);
}

function handle(msg) {
  switch (msg.kind) {
    case 'init': {
      globalThis.weftHost = {
        now,
        startWorker: startPoolWorker,
        runFinished: () => {},
        panicked: (message) => (lastPanic = message),
        console: (line) => current && parent.post({ kind: 'batch', id: current.id, console: [JSON.parse(line)], events: [] }),
      };
      module = msg.module;
      stackSize = msg.stackSize;
      const exports = initSync({ module });
      if (threadKind() === 'interleaved') {
        fibers = new FiberDriver(exports, stackSize);
        globalThis.weftHost.fiberSwitch = () => fibers.switch();
      }
      installHost();
      const threads = threadsEnabled();
      if (threads) {
        memory = sharedMemory();
        // Grow memory now, before any pool worker exists (see
        // reserveMemory): the heap limit plus room for stacks and code,
        // or as much of it as the browser grants.
        const MiB = 1 << 20;
        [msg.maxHeap + 256 * MiB, 512 * MiB, 256 * MiB].find((bytes) => reserveMemory(bytes));
        reservePoolWorkers(msg.reserve);
      }
      parent.post({ kind: 'ready', threads: threadKind() });
      return;
    }
    case 'run':
      startRun(msg);
      return;
    case 'explore':
      startExplore(msg);
      return;
    case 'stop':
      if (current?.id === msg.id) current.run.stop();
      return;
    case 'stats':
      parent.post({ kind: 'stats', workers: pool.length, memoryBytes: memoryBytes(), allocatedBytes: allocatedBytes() });
      return;
    default:
      throw new Error(`unknown request ${JSON.stringify(msg.kind)}`);
  }
}

parent.onMessage((msg) => guarded(() => handle(msg)));
