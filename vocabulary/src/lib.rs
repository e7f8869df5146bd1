//! weft's vocabulary: what the engine says about a run, as data.
//!
//! The engine produces these values (data races, deadlock reports, the
//! steps of a scheduled run, schedules), the wasm host sends them to the
//! page as JSON, and the playground reads them back with the same types:
//! nobody parses English. Each type renders itself to text here
//! (`Display`), so the CLI's report, the console and the playground say
//! the same words.
//!
//! Plain data and `serde` only: the crate builds for the engine (native
//! and threaded wasm) and for the playground (wasm without atomics).

pub mod deadlock;
pub mod explore;
pub mod race;
pub mod run;
pub mod schedule;
pub mod step;
pub mod trace;

pub use deadlock::{Deadlock, Waiter, Waiting};
pub use race::{Access, Race};
pub use schedule::Schedule;
pub use step::{Action, Pause, Step};

/// "thread 0 (main)" or "thread 3": how every report names a thread.
pub fn thread_name(id: u32) -> String {
    if id == 0 {
        "thread 0 (main)".into()
    } else {
        format!("thread {id}")
    }
}
