//! The pool of host threads that run JS threads, so that `new Thread`
//! costs a hand-off to a parked host thread, not a thread start.
//!
//! Process-wide (a pool holds no engine state between jobs). Each idle
//! worker waits on its own slot, so every job gets a worker of its own at
//! once: a JS thread may block for as long as it likes without delaying
//! another.
//!
//! Natively a new host thread is a `std::thread`, and workers idle for
//! `IDLE_EXIT` end. A host without `std::thread` (wasm, where a thread is
//! a Web Worker the JavaScript side starts) installs a *starter* with
//! `set_host_starter`: the pool queues the new worker's slot and calls the
//! starter, and the host's new thread enters `run_started_worker`. Since
//! a worker takes a while to start there, the pool keeps one spare: when
//! a job takes the last idle worker it asks for another at once, so the
//! next `new Thread` finds one waiting. Such workers never end.
//!
//! A host with no second thread at all runs each job as a fiber
//! (`fiber.rs`), and `park_host` is how a JS thread waits on any host.

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

impl Slot {
    fn new(job: Option<Job>) -> Arc<Slot> {
        Arc::new(Slot {
            job: Mutex::new(job),
            ready: Condvar::new(),
        })
    }

    /// Hands `job` to this slot's (idle or starting) worker.
    fn give(&self, job: Job) {
        *lock(&self.job) = Some(job);
        self.ready.notify_one();
    }
}

#[derive(Default)]
struct Pool {
    idle: Mutex<Vec<Arc<Slot>>>,
    /// Slots whose host thread was asked for but has not started yet (FIFO).
    starting: Mutex<std::collections::VecDeque<Arc<Slot>>>,
    /// The host's way to start a thread, if it is not `std::thread`.
    starter: OnceLock<fn()>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Makes the pool start host threads by calling `start` (once per new
/// thread) instead of `std::thread`. Each call must lead to one host
/// thread calling `run_started_worker`. Only the first call counts.
pub fn set_host_starter(start: fn()) {
    let _ = pool().starter.set(start);
}

/// The body of a host thread started by the host starter: runs jobs until
/// the process ends. Returns at once if no start was asked for.
pub fn run_started_worker() {
    let slot = lock(&pool().starting).pop_front();
    if let Some(slot) = slot {
        worker(slot, None);
    }
}

/// With a host starter: makes sure `n` idle workers exist or are starting,
/// so that the first threads of a program need not wait for one. Without
/// one it does nothing (a native thread starts in microseconds).
pub fn reserve(n: usize) {
    let Some(&start) = pool().starter.get() else {
        return;
    };
    loop {
        let spare = {
            let mut idle = lock(&pool().idle);
            if idle.len() >= n {
                return;
            }
            // The spare waits in the idle list while its thread starts.
            let spare = Slot::new(None);
            idle.push(spare.clone());
            spare
        };
        host_start(start, spare);
    }
}

/// Starts a host thread for `slot` with the host's starter.
fn host_start(start: fn(), slot: Arc<Slot>) {
    lock(&pool().starting).push_back(slot);
    start();
}

fn pool() -> &'static Pool {
    static POOL: OnceLock<Pool> = OnceLock::new();
    POOL.get_or_init(Pool::default)
}

/// Runs `job` on a pool thread. Fails only if a new host thread is needed
/// and the system refuses to create one.
pub fn spawn(job: Job) -> Result<(), String> {
    if super::fiber::active() {
        super::fiber::spawn(job);
        return Ok(());
    }
    let slot = lock(&pool().idle).pop();
    if let Some(slot) = slot {
        slot.give(job);
    } else if let Some(&start) = pool().starter.get() {
        host_start(start, Slot::new(Some(job)));
    } else {
        let slot = Slot::new(Some(job));
        return std::thread::Builder::new()
            .name("weft-thread".into())
            .stack_size(THREAD_STACK)
            .spawn(move || worker(slot, Some(IDLE_EXIT)))
            .map(|_| ())
            .map_err(|e| format!("cannot start a host thread: {e}"));
    }
    // With a host starter, keep a spare starting so that the next job need
    // not wait for a worker to boot (natively this does nothing).
    reserve(1);
    Ok(())
}

/// Idle host threads right now (for tests and benchmarks).
pub fn idle_count() -> usize {
    lock(&pool().idle).len()
}

/// A host thread's loop: runs its slot's jobs; without a job for
/// `idle_exit` (if any), leaves the pool and returns.
fn worker(slot: Arc<Slot>, idle_exit: Option<Duration>) {
    loop {
        let job = {
            let mut guard = lock(&slot.job);
            loop {
                if let Some(job) = guard.take() {
                    break job;
                }
                let Some(idle_exit) = idle_exit else {
                    guard = slot.ready.wait(guard).unwrap_or_else(|p| p.into_inner());
                    continue;
                };
                let (g, timeout) = slot
                    .ready
                    .wait_timeout(guard, idle_exit)
                    .unwrap_or_else(|p| p.into_inner());
                guard = g;
                if timeout.timed_out() && guard.is_none() {
                    // Leave the idle list, unless a job was just assigned.
                    let mut idle = lock(&pool().idle);
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
        lock(&pool().idle).push(slot.clone());
    }
}

/// Blocks the calling host thread until it is unparked or `timeout`
/// passes (or spuriously): a fiber switch when JS threads are fibers.
/// Callers loop on what they wait for.
pub fn park_host(timeout: Option<Duration>) {
    if super::fiber::active() {
        super::fiber::park();
        return;
    }
    match timeout {
        Some(t) => std::thread::park_timeout(t),
        None => std::thread::park(),
    }
}

/// Lets other host threads run before the caller goes on polling: a fiber
/// switch (the caller queued to run again) when JS threads are fibers.
pub fn yield_host() {
    if super::fiber::active() {
        super::fiber::yield_now();
    } else {
        std::thread::yield_now();
    }
}
