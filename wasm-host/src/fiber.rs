//! The interleaved build's fibers (wasm without shared memory, with the
//! thread API): every JS thread is a fiber of the one wasm thread, and the
//! controller's driver loop (`js/controller.mjs`, `driveFibers`) runs them.
//!
//! A fiber suspends by calling the `weftHost.fiberSwitch` import. The build
//! runs Binaryen's Asyncify over the module with that import as the only
//! one that may unwind (`scripts/build-wasm.sh`), so the call unwinds the
//! fiber's wasm frames into its own save area and returns to the driver;
//! the driver later rewinds them, and the same call returns into the
//! fiber. Each fiber runs on its own shadow stack (the driver sets
//! `__stack_pointer`), since the frames Asyncify does not save — Rust's
//! locals in linear memory — stay where they are.
//!
//! Owns the exports the driver calls on the wasm's raw exports (never
//! through wasm-bindgen's glue, which would post-process a result that an
//! unwind left as garbage): `fiberNext`, `fiberEnter`, `fiberAlloc`,
//! `fiberSlice`.

use wasm_bindgen::prelude::*;
use weft::threads::fiber::{self, FiberHost, Next};

#[wasm_bindgen]
extern "C" {
    /// Suspends the running fiber (an Asyncify unwind) or, when the driver
    /// rewinds it, returns into it.
    #[wasm_bindgen(js_namespace = weftHost, js_name = fiberSwitch)]
    fn fiber_switch();
}

/// Makes the engine run JS threads as fibers of this wasm thread.
pub fn install() {
    fiber::install(FiberHost {
        switch: fiber_switch,
    });
}

/// What the driver runs next: `2 * id + 1` to enter new fiber `id`,
/// `2 * id` to resume it, -1 when no fiber is left.
#[wasm_bindgen(js_name = fiberNext)]
pub fn fiber_next() -> i32 {
    match fiber::next() {
        Next::Start(id) => (2 * id + 1) as i32,
        Next::Resume(id) => (2 * id) as i32,
        Next::Idle => -1,
    }
}

/// The bottom frame of fiber `id`: runs it to its end, or until it
/// suspends (then the driver rewinds it by calling this again).
#[wasm_bindgen(js_name = fiberEnter)]
pub fn fiber_enter(id: u32) {
    fiber::enter(id);
}

/// A 16-aligned block of `bytes` for a fiber's shadow stack or save area;
/// the driver keeps blocks for reuse and never frees them. 0 if memory is
/// exhausted.
#[wasm_bindgen(js_name = fiberAlloc)]
pub fn fiber_alloc(bytes: u32) -> u32 {
    let Ok(layout) = std::alloc::Layout::from_size_align(bytes as usize, 16) else {
        return 0;
    };
    if layout.size() == 0 {
        return 0;
    }
    // SAFETY: `layout` has a non-zero size. The block is handed to the
    // driver for good (never freed), so no layout needs remembering.
    unsafe { std::alloc::alloc(layout) as u32 }
}

/// Until when (on the host clock, ms) the driver's current slice runs: a
/// JS thread that runs past it yields to the driver, so the controller
/// can hand out console lines, progress and stops.
#[wasm_bindgen(js_name = fiberSlice)]
pub fn fiber_slice(until_ms: f64) {
    fiber::set_slice_end(until_ms);
}
