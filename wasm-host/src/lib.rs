//! wasm-bindgen glue for weft.
//!
//! Owns what only exists in a JavaScript host: the exports that the
//! embedding module (`js/engine.mjs`), its controller worker
//! (`js/controller.mjs`) and its pool workers (`js/worker.mjs`) call. All
//! the engine's substance lives in `weft-engine`; this crate adapts it:
//! the clock and the way the engine's thread pool starts a host thread
//! (`host.rs`) or, in the build without shared memory, runs JS threads as
//! fibers (`fiber.rs`), a program run with its console and trace batches
//! (`run.rs`), a search over a program's schedules (`explore.rs`), and the
//! global allocator that counts bytes in use (`allocator.rs`).

mod allocator;
#[cfg(feature = "threads")]
mod explore;
#[cfg(all(feature = "threads", not(target_feature = "atomics")))]
mod fiber;
mod host;
mod run;

use wasm_bindgen::prelude::*;

#[cfg(feature = "threads")]
pub use explore::Exploration;
pub use run::Run;

#[global_allocator]
static ALLOCATOR: allocator::CountingAllocator = allocator::CountingAllocator;

/// Whether this module was built with wasm threads (atomics and shared
/// memory) and the engine's thread API.
#[wasm_bindgen(js_name = threadsEnabled)]
pub fn threads_enabled() -> bool {
    cfg!(target_feature = "atomics") && weft::THREADS_ENABLED
}

/// How this module runs JS threads: "parallel" (one worker each, over
/// shared memory), "interleaved" (fibers of one worker, in scheduled mode:
/// the build for pages without shared memory) or "none" (no thread API).
#[wasm_bindgen(js_name = threadKind)]
pub fn thread_kind() -> String {
    if !weft::THREADS_ENABLED {
        "none"
    } else if cfg!(target_feature = "atomics") {
        "parallel"
    } else {
        "interleaved"
    }
    .into()
}

/// The module's memory, so the controller can hand the same (shared)
/// memory to every worker it starts.
#[wasm_bindgen(js_name = sharedMemory)]
pub fn shared_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Sets up the engine's host hooks on this worker; call once per worker,
/// after instantiating the module.
#[wasm_bindgen(js_name = installHost)]
pub fn install_host() {
    host::install();
}

/// The body of a pool worker: runs JS threads handed to it until the
/// worker is terminated. Returns at once if the pool did not ask for it.
#[wasm_bindgen(js_name = runPoolWorker)]
pub fn run_pool_worker() {
    weft::threads::pool::run_started_worker();
}

/// Starts pool workers until `n` are idle or starting, so a program's
/// first threads need not wait for a worker to start.
#[wasm_bindgen(js_name = reservePoolWorkers)]
pub fn reserve_pool_workers(n: u32) {
    weft::threads::pool::reserve(n as usize);
}

/// Grows linear memory through the allocator by about `bytes` (an
/// allocation that is freed at once, so the allocator keeps the space for
/// later ones); true if it could. The controller calls it before any pool
/// worker starts: V8 tells other workers' instances about shared memory
/// growth lazily, so a worker touching memory another worker has just
/// grown can trap as out of bounds. Growing once, up front, keeps runs
/// from growing memory at all unless they outgrow this.
#[wasm_bindgen(js_name = reserveMemory)]
pub fn reserve_memory(bytes: f64) -> bool {
    let Ok(layout) = std::alloc::Layout::from_size_align(bytes as usize, 16) else {
        return false;
    };
    if layout.size() == 0 {
        return true;
    }
    // SAFETY: `layout` has a non-zero size; the block is freed with the
    // same layout and never read or written.
    unsafe {
        let block = std::alloc::alloc(layout);
        if block.is_null() {
            return false;
        }
        std::alloc::dealloc(std::hint::black_box(block), layout);
    }
    true
}

/// Bytes of linear memory (for tests that check runs do not leak).
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return (core::arch::wasm32::memory_size(0) * 65536) as f64;
    #[cfg(not(target_arch = "wasm32"))]
    0.0
}

/// Bytes the module has allocated and not freed (linear memory's size
/// only grows, so this is what shows a leak).
#[wasm_bindgen(js_name = allocatedBytes)]
pub fn allocated_bytes() -> f64 {
    allocator::bytes_in_use() as f64
}
