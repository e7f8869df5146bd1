//! weft: a JavaScript engine whose threads share one heap.
//!
//! This crate is platform-neutral: it builds natively (the `weft` command)
//! and for wasm32 (driven by `wasm-host`), and never depends on
//! wasm-bindgen. See `ARCHITECTURE.md` at the repository root for the map.

pub mod builtins;
pub mod bytecode;
pub mod clock;
pub mod compiler;
pub mod engine;
pub mod explore;
pub mod function;
pub mod heap;
pub mod inspect;
pub mod interpreter;
pub mod module;
pub mod object;
pub mod program;
pub mod realm;
pub(crate) mod segmented;
pub mod string;
pub(crate) mod sync;
pub(crate) mod syntax;
pub mod threads;
pub mod trace;
pub mod value;
pub mod web;

/// Whether this build has the shared-heap thread API (the `threads` feature).
pub const THREADS_ENABLED: bool = cfg!(feature = "threads");
