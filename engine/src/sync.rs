//! The synchronization primitives of the engine's own lock-free
//! protocols: the slot spine (`object/slots.rs`), shape publication (the
//! shape word of `object::JsObject`), inline-cache words
//! (`bytecode::InlineCache`) and the heap-access hand-off
//! (`heap/collector.rs`).
//!
//! They are std's, or loom's when the crate is built with `--cfg loom`, so
//! that `engine/tests/loom.rs` model-checks those protocols over every
//! interleaving and every memory ordering the C11 model allows. Only those
//! protocols use this module: the rest of the engine is not meant to run
//! under loom (a loom primitive used outside `loom::model` panics).

#[cfg(not(loom))]
pub use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64};
#[cfg(not(loom))]
pub use std::sync::{Condvar, Mutex, MutexGuard};

#[cfg(loom)]
pub use loom::sync::atomic::{AtomicBool, AtomicPtr, AtomicU32, AtomicU64};
#[cfg(loom)]
pub use loom::sync::{Condvar, Mutex, MutexGuard};
