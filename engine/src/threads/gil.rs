//! The global lock of `locked` mode: one JS thread runs at a time.
//!
//! A thread holds it while it runs JS, hands it over at safepoints every
//! `SLICE` polls when others wait (fairly: the longest waiter gets it), and
//! drops it while it blocks. A thread never waits for it with heap access
//! (it parks first), so a collection never waits on a thread that waits on
//! the lock.

use parking_lot::RawMutex;
use parking_lot::lock_api::{RawMutex as _, RawMutexFair as _};

/// Safepoint polls between offers to hand the lock over.
pub const SLICE: u32 = 1024;

pub struct Gil {
    raw: RawMutex,
}

impl Default for Gil {
    fn default() -> Self {
        Gil::new()
    }
}

impl Gil {
    pub fn new() -> Gil {
        Gil {
            raw: RawMutex::INIT,
        }
    }

    /// Blocks until the calling thread holds the lock.
    pub fn acquire(&self) {
        self.raw.lock();
    }

    /// # Safety
    /// The calling thread must hold the lock.
    pub unsafe fn release(&self) {
        // SAFETY: the caller holds the lock (this function's contract).
        unsafe { self.raw.unlock_fair() };
    }

    /// Lets a waiting thread run, if any, then takes the lock back.
    ///
    /// # Safety
    /// The calling thread must hold the lock.
    pub unsafe fn yield_to_waiter(&self) {
        // SAFETY: the caller holds the lock (this function's contract).
        unsafe { self.raw.bump() };
    }
}
