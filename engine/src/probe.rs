//! A shared-memory probe: one process-wide atomic counter.
//!
//! Hosts use it to prove that every host thread (a `std::thread` natively, a
//! Web Worker over one shared `WebAssembly.Memory` in the browser or Node)
//! really shares this crate's memory: N threads each add M, and the total
//! must be exactly N × M. It owns nothing but the counter.

use std::sync::atomic::{AtomicU64, Ordering};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Sets the counter back to zero.
pub fn reset() {
    COUNTER.store(0, Ordering::SeqCst);
}

/// Adds one to the counter `times` times, each a separate atomic step, so
/// that concurrent callers really contend on the same cache line.
pub fn increment(times: u32) {
    for _ in 0..times {
        COUNTER.fetch_add(1, Ordering::Relaxed);
    }
}

/// The counter's current value.
pub fn value() -> u64 {
    COUNTER.load(Ordering::SeqCst)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_share_the_counter_and_lose_no_increment() {
        reset();
        let threads: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| increment(250_000)))
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(value(), 1_000_000);
    }
}
