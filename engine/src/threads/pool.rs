//! The pool of host threads that run JS threads, so that `new Thread`
//! costs a hand-off to a parked host thread, not a thread start.
//!
//! Process-wide (a pool holds no engine state between jobs). Each idle
//! worker waits on its own slot, so every job gets a worker of its own at
//! once: a JS thread may block for as long as it likes without delaying
//! another. Workers idle for `IDLE_EXIT` end.

use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send>;

/// Stack of a JS thread's host thread: virtual reservation; only the
/// pages a deep recursion touches are committed.
pub const THREAD_STACK: usize = 64 << 20;
const IDLE_EXIT: Duration = Duration::from_secs(30);

struct Slot {
    job: Mutex<Option<Job>>,
    ready: Condvar,
}

#[derive(Default)]
struct Pool {
    idle: Mutex<Vec<Arc<Slot>>>,
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(Pool::default)
}

/// Runs `job` on a pool thread. Fails only if a new host thread is needed
/// and the system refuses to create one.
pub fn spawn(job: Job) -> Result<(), String> {
    let slot = pool().idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
    if let Some(slot) = slot {
        *slot.job.lock().unwrap_or_else(|p| p.into_inner()) = Some(job);
        slot.ready.notify_one();
        return Ok(());
    }
    let slot = Arc::new(Slot {
        job: Mutex::new(Some(job)),
        ready: Condvar::new(),
    });
    std::thread::Builder::new()
        .name("weft-thread".into())
        .stack_size(THREAD_STACK)
        .spawn(move || worker(slot))
        .map(|_| ())
        .map_err(|e| format!("cannot start a host thread: {e}"))
}

/// Idle host threads right now (for tests and benchmarks).
pub fn idle_count() -> usize {
    pool().idle.lock().map(|v| v.len()).unwrap_or(0)
}

fn worker(slot: Arc<Slot>) {
    loop {
        let job = {
            let mut guard = slot.job.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                if let Some(job) = guard.take() {
                    break job;
                }
                let (g, timeout) = slot
                    .ready
                    .wait_timeout(guard, IDLE_EXIT)
                    .unwrap_or_else(|p| p.into_inner());
                guard = g;
                if timeout.timed_out() && guard.is_none() {
                    // Leave the idle list, unless a job was just assigned.
                    let mut idle = pool().idle.lock().unwrap_or_else(|p| p.into_inner());
                    if let Some(i) = idle.iter().position(|s| Arc::ptr_eq(s, &slot)) {
                        idle.swap_remove(i);
                        return;
                    }
                }
            }
        };
        // A panic in a job must not take the pool thread's siblings down;
        // the job itself reports failures to its JS thread's joiners.
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
        pool()
            .idle
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(slot.clone());
    }
}
