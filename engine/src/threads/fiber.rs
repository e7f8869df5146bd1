//! Fibers: JS threads as coroutines on one host thread, for a host that
//! has no second thread to give (the wasm build for pages without shared
//! memory). Only `scheduled` mode runs there, so exactly one JS thread runs
//! at a time anyway; a fiber switch replaces parking a host thread.
//!
//! The engine does not switch stacks itself. The host installs a
//! `FiberHost` whose `switch` suspends the calling fiber and returns when
//! the host resumes it (the wasm host does this with Binaryen's Asyncify,
//! each fiber on its own shadow stack). The host's driver loop asks `next`
//! which fiber to run, enters a new one with `enter` and resumes a
//! suspended one where it switched.
//!
//! Owns: the table of fibers (jobs not started yet), the queue of fibers
//! woken since they suspended, and which fiber is running. May touch
//! nothing of an engine: a fiber's job is what runs a JS thread.
//!
//! Invariant (*Fibers switch only where a host thread would park*): a
//! fiber suspends only in `park`, which the engine calls where a host
//! thread would block (waiting for the baton, for other threads to end),
//! with heap access given up and no Rust lock held. So the engine's locks
//! are never contended and its condition variables never wait.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

/// What a host that runs fibers provides.
#[derive(Clone, Copy)]
pub struct FiberHost {
    /// Suspends the running fiber; returns when the host resumes it.
    pub switch: fn(),
}

#[derive(Default)]
struct Table {
    /// The jobs of fibers not started yet, by fiber id (ids are not
    /// reused).
    jobs: HashMap<u32, Job>,
    next_id: u32,
    /// Started fibers that have not ended.
    suspended_or_running: Vec<u32>,
    /// Fibers to run next, oldest first: new ones, and suspended ones
    /// woken since they suspended.
    ready: VecDeque<u32>,
    /// The fiber running now (between `enter`/resume and its suspension).
    current: Option<u32>,
}

static HOST: OnceLock<FiberHost> = OnceLock::new();

fn table() -> MutexGuard<'static, Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// Makes the pool run JS threads as fibers of `host`. Only the first call
/// counts; call it before any engine starts a thread.
pub fn install(host: FiberHost) {
    let _ = HOST.set(host);
}

/// Whether JS threads are fibers here.
pub fn active() -> bool {
    HOST.get().is_some()
}

/// Adds a fiber that will run `job`; the host's driver enters it.
pub fn spawn(job: Job) -> u32 {
    let mut t = table();
    let id = t.next_id;
    t.next_id += 1;
    t.jobs.insert(id, job);
    t.ready.push_back(id);
    id
}

/// The fiber running now, if any.
pub fn current() -> Option<u32> {
    table().current
}

/// Marks fiber `id` ready to run (it rechecks what it waits for).
pub fn wake(id: u32) {
    let mut t = table();
    if !t.ready.contains(&id) {
        t.ready.push_back(id);
    }
}

/// Suspends the running fiber until the host resumes it. A fiber may be
/// resumed without being woken (as a host thread may wake spuriously), so
/// callers loop on what they wait for. Never inlined: the host's build
/// names this function as the one whose indirect call (the switch)
/// suspends, and every caller of it as one that may be suspended.
#[inline(never)]
pub fn park() {
    let host = HOST.get().expect("fibers are installed");
    (host.switch)();
}

/// Suspends the running fiber and queues it to run again: it lets the
/// host's driver return to its own event loop between slices. Outside a
/// fiber it does nothing.
pub fn yield_now() {
    let Some(id) = current() else {
        return;
    };
    wake(id);
    park();
}

/// Until when (ms on `clock::monotonic_ms`) the driver's slice runs.
static SLICE_END: Mutex<f64> = Mutex::new(f64::INFINITY);

/// Sets the end of the driver's current slice.
pub fn set_slice_end(ms: f64) {
    *SLICE_END.lock().unwrap_or_else(|p| p.into_inner()) = ms;
}

/// Whether the driver's slice is over (a running JS thread then yields).
pub fn slice_over() -> bool {
    crate::clock::monotonic_ms() >= *SLICE_END.lock().unwrap_or_else(|p| p.into_inner())
}

/// What the host's driver should do next.
pub enum Next {
    /// Enter this new fiber (`enter`).
    Start(u32),
    /// Resume this suspended fiber where it switched.
    Resume(u32),
    /// No fiber is left.
    Idle,
}

/// Picks the fiber to run next: the oldest ready one, else (every live
/// fiber waits, and none was woken) each suspended fiber in turn, to
/// recheck what it waits for.
pub fn next() -> Next {
    let mut t = table();
    let id = match t.ready.pop_front() {
        Some(id) => id,
        None => match t.suspended_or_running.first() {
            Some(&id) => {
                // Rotate, so every suspended fiber gets its recheck.
                t.suspended_or_running.rotate_left(1);
                id
            }
            None => return Next::Idle,
        },
    };
    t.current = Some(id);
    if t.jobs.contains_key(&id) {
        Next::Start(id)
    } else {
        Next::Resume(id)
    }
}

/// Runs new fiber `id` to its end (the host calls this on the fiber's own
/// stack; it returns early, by the host's unwinding, when the fiber first
/// suspends). Never inlined: its indirect call (the job) may suspend, and
/// the host's build names it.
#[inline(never)]
pub fn enter(id: u32) {
    let job = {
        let mut t = table();
        let job = t.jobs.remove(&id);
        if job.is_some() {
            t.suspended_or_running.push(id);
        }
        job
    };
    if let Some(job) = job {
        job();
    }
    let mut t = table();
    t.suspended_or_running.retain(|&f| f != id);
    t.ready.retain(|&f| f != id);
    t.current = None;
}
