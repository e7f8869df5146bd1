// What differs between a page (Web Workers) and Node (worker_threads),
// behind one small interface, so the rest of the host is written once.

export const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

const nodeThreads = IS_NODE ? await import('node:worker_threads') : null;

/// Starts a module worker running `url`; resolves to
/// `{ post(msg), onMessage(fn), onError(fn), terminate(), keepAlive(on) }`.
/// `keepAlive(false)` lets Node exit while the worker idles (a page has
/// no such notion).
export function startWorker(url) {
  if (IS_NODE) {
    const worker = new nodeThreads.Worker(url);
    return {
      keepAlive: (on) => (on ? worker.ref() : worker.unref()),
      post: (msg) => worker.postMessage(msg),
      onMessage: (fn) => worker.on('message', fn),
      onError: (fn) => {
        worker.on('error', (err) => fn(String(err?.stack ?? err)));
        worker.on('exit', (code) => code !== 0 && fn(`the worker exited with code ${code}`));
      },
      terminate: () => worker.terminate(),
    };
  }
  const worker = new Worker(url, { type: 'module' });
  return {
    keepAlive: () => {},
    post: (msg) => worker.postMessage(msg),
    onMessage: (fn) => worker.addEventListener('message', (event) => fn(event.data)),
    onError: (fn) => worker.addEventListener('error', (event) => {
      event.preventDefault();
      fn(event.message || 'the worker failed');
    }),
    terminate: () => worker.terminate(),
  };
}

/// Inside a worker: `{ post(msg), onMessage(fn) }` to the thread that started it.
export const parent = IS_NODE
  ? nodeThreads.parentPort && {
      post: (msg) => nodeThreads.parentPort.postMessage(msg),
      onMessage: (fn) => nodeThreads.parentPort.on('message', fn),
    }
  : typeof WorkerGlobalScope === 'function' && {
      post: (msg) => self.postMessage(msg),
      onMessage: (fn) => self.addEventListener('message', (event) => fn(event.data)),
    };

/// The clock every worker shares: one time origin, sub-millisecond.
export const now = () => performance.timeOrigin + performance.now();

/// Reads a file next to this module (Node) or fetches it (page) and compiles it.
export async function compileWasm(url) {
  if (IS_NODE) {
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  return WebAssembly.compileStreaming(fetch(url));
}
