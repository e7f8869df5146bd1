//! The engine's host hooks in a JavaScript worker: the wall and monotonic
//! clock (`weftHost.now`: `performance.timeOrigin + performance.now()`, one
//! origin for every worker), and how the engine's thread pool starts a host thread
//! (it asks the worker's `globalThis.weftHost.startWorker`, which the
//! controller answers with a new pool worker); and a panic hook that
//! reports the message before the abort traps.

use wasm_bindgen::prelude::*;

// Defined by each worker before it calls `installHost` (js/worker.mjs,
// js/controller.mjs).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = weftHost, js_name = now)]
    fn now_ms() -> f64;
    #[wasm_bindgen(js_namespace = weftHost, js_name = startWorker)]
    fn start_worker();
    /// A Rust panic's message, sent before the panic aborts (traps), so the
    /// host can say what went wrong.
    #[wasm_bindgen(js_namespace = weftHost, js_name = panicked)]
    fn report_panic(message: &str);
}

/// The pool's starter: one new pool worker per call.
fn start_pool_thread() {
    start_worker();
}

pub fn install() {
    std::panic::set_hook(Box::new(|info| report_panic(&info.to_string())));
    weft::clock::set_clock(now_ms);
    weft::threads::pool::set_host_starter(start_pool_thread);
    #[cfg(all(feature = "threads", not(target_feature = "atomics")))]
    crate::fiber::install();
}
