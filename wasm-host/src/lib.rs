//! wasm-bindgen glue for weft.
//!
//! Owns what only exists in a JavaScript host: the exports that the host
//! module (`js/host.mjs`) and its workers (`js/worker.mjs`) call. All the
//! engine's substance lives in `weft-engine`; this crate only adapts it.

use wasm_bindgen::prelude::*;

/// Whether this module was built with wasm threads (atomics and shared
/// memory) and the engine's thread API.
#[wasm_bindgen(js_name = threadsEnabled)]
pub fn threads_enabled() -> bool {
    cfg!(target_feature = "atomics") && weft::THREADS_ENABLED
}

/// The module's memory, so the host can hand the same (shared) memory to
/// every worker it starts.
#[wasm_bindgen(js_name = sharedMemory)]
pub fn shared_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Resets the shared-memory probe counter.
#[wasm_bindgen(js_name = probeReset)]
pub fn probe_reset() {
    weft::probe::reset();
}

/// Adds one to the probe counter `times` times, from the calling thread.
#[wasm_bindgen(js_name = probeIncrement)]
pub fn probe_increment(times: u32) {
    weft::probe::increment(times);
}

/// The probe counter, as a JS number (exact below 2^53).
#[wasm_bindgen(js_name = probeValue)]
pub fn probe_value() -> f64 {
    weft::probe::value() as f64
}
