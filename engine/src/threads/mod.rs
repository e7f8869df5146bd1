//! The threads of one engine (docs/threads.md).
//!
//! Owns what JS threads share about each other: the registry of live
//! threads (`Threads`: their Thread objects, inboxes and pending async
//! operations are GC roots), how a thread blocks and how deadlocks are named
//! (`blocking.rs`), the Rust side of Lock and Condition (`sync.rs`), the
//! global lock of `locked` mode (`gil.rs`), the scheduler of `scheduled`
//! mode (`scheduler.rs`, with the `Vm` side in `baton.rs` and the race
//! detector in `race.rs`) and the pool of host threads that runs JS
//! threads (`pool.rs`).
//!
//! The JS-facing constructors (Thread, Lock, Condition, ThreadLocal) live in
//! `builtins/thread.rs` and `builtins/lock.rs`; they are installed only with
//! the `threads` feature, but this module exists in every build: the main
//! thread is a thread too (its inbox, its event loop).
//!
//! Lock order: `Threads::registry` may be taken while holding nothing, and a
//! sync core's mutex (`sync.rs`) may be taken while holding the registry,
//! never the other way round.

pub mod baton;
pub mod blocking;
pub mod event_loop;
pub mod fiber;
pub mod gil;
pub mod pool;
pub mod race;
pub mod scheduler;
pub mod steps;
pub mod sync;

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use parking_lot::Mutex;

use crate::heap::Tracer;
use crate::value::Value;
pub use blocking::WaitFor;

/// A message for a thread, delivered by another thread: settle one of its
/// pending async operations (asyncJoin, asyncHold, asyncWait, waitAsync).
pub struct InboxItem {
    pub op: u32,
    /// The thread whose end this message reports (asyncJoin), for the
    /// race detector.
    pub ended: Option<u32>,
    pub value: Value,
    pub ok: bool,
}

/// An async operation a thread waits for: what to call when it completes.
/// `on_ok`/`on_err` are JS functions called with the delivered value.
pub struct PendingOp {
    pub on_ok: Value,
    pub on_err: Value,
    /// When the operation times out (Atomics.waitAsync with a timeout), in
    /// ms on `clock::monotonic_ms`.
    pub deadline: Option<f64>,
    /// Withdraws the operation at its deadline; returns false if it was
    /// completed first (its settle message is then on the way).
    pub cancel: Option<Box<dyn FnOnce() -> bool + Send>>,
    /// The value `on_ok` gets when the deadline passes.
    pub timeout_value: Value,
}

/// What runs a JS thread: a host thread, or a fiber on a host without
/// threads (`fiber.rs`).
enum HostThread {
    Os(std::thread::Thread),
    Fiber(u32),
}

/// One JS thread, as the other threads see it. Holds no heap values once
/// the thread has ended (its inbox and pending operations are empty).
pub struct ThreadRecord {
    pub id: u32,
    /// The host thread running it (set when it starts), to wake it.
    host: OnceLock<HostThread>,
    finished: AtomicBool,
    failed: AtomicBool,
    /// Set when some thread joined (or asyncJoined) it: a failure nobody
    /// observed is reported when the program ends.
    pub observed: AtomicBool,
    /// The uncaught exception of a failed thread, described.
    pub failure: Mutex<Option<String>>,
    inbox: Mutex<VecDeque<InboxItem>>,
    pending: Mutex<BTreeMap<u32, PendingOp>>,
    next_op: AtomicU32,
    /// Threads waiting on `asyncJoin` of this one: (waiter, its op).
    async_joiners: Mutex<Vec<(Arc<ThreadRecord>, u32)>>,
}

impl ThreadRecord {
    fn new(id: u32) -> Arc<ThreadRecord> {
        Arc::new(ThreadRecord {
            id,
            host: OnceLock::new(),
            finished: AtomicBool::new(false),
            failed: AtomicBool::new(false),
            observed: AtomicBool::new(false),
            failure: Mutex::new(None),
            inbox: Mutex::new(VecDeque::new()),
            pending: Mutex::new(BTreeMap::new()),
            next_op: AtomicU32::new(1),
            async_joiners: Mutex::new(Vec::new()),
        })
    }

    /// Records the calling host thread as the one running this JS thread.
    pub fn bind_host_thread(&self) {
        let _ = self.host.set(match fiber::current() {
            Some(id) => HostThread::Fiber(id),
            None => HostThread::Os(std::thread::current()),
        });
    }

    /// Wakes the thread if it is blocked (it rechecks what it waits for).
    pub fn wake(&self) {
        match self.host.get() {
            Some(HostThread::Os(t)) => t.unpark(),
            Some(HostThread::Fiber(id)) => fiber::wake(*id),
            None => {}
        }
    }

    pub fn is_finished(&self) -> bool {
        self.finished.load(Ordering::Acquire)
    }

    pub fn has_failed(&self) -> bool {
        self.failed.load(Ordering::Acquire)
    }

    /// Registers an async operation; returns its id for `post`.
    pub fn add_pending(&self, op: PendingOp) -> u32 {
        let id = self.next_op.fetch_add(1, Ordering::Relaxed);
        self.pending.lock().insert(id, op);
        id
    }

    /// Sets how pending operation `op` is withdrawn at its deadline.
    pub fn set_cancel(&self, op: u32, cancel: Box<dyn FnOnce() -> bool + Send>) {
        if let Some(p) = self.pending.lock().get_mut(&op) {
            p.cancel = Some(cancel);
        }
    }

    pub fn pending_count(&self) -> usize {
        self.pending.lock().len()
    }

    /// Takes the pending operation `op` (to run its callbacks).
    pub fn take_pending(&self, op: u32) -> Option<PendingOp> {
        self.pending.lock().remove(&op)
    }

    /// The earliest deadline among pending operations.
    pub fn next_deadline(&self) -> Option<f64> {
        self.pending
            .lock()
            .values()
            .filter_map(|p| p.deadline)
            .min_by(f64::total_cmp)
    }

    /// Pending operations whose deadline has passed and that could still be
    /// withdrawn: removed and returned.
    pub fn take_expired(&self, now: f64) -> Vec<PendingOp> {
        let mut pending = self.pending.lock();
        let due: Vec<u32> = pending
            .iter()
            .filter(|(_, p)| p.deadline.is_some_and(|d| d <= now))
            .map(|(k, _)| *k)
            .collect();
        let mut out = Vec::new();
        for k in due {
            let p = pending.get_mut(&k).expect("listed");
            let withdrawn = p.cancel.take().is_none_or(|c| c());
            if withdrawn {
                out.push(pending.remove(&k).expect("listed"));
            } else {
                // Completed first: its message settles it.
                p.deadline = None;
            }
        }
        out
    }

    /// Delivers a message to this thread and wakes it. Dropped if the
    /// thread has ended (it was terminated).
    pub fn post(&self, item: InboxItem) {
        if self.is_finished() {
            return;
        }
        self.inbox.lock().push_back(item);
        self.wake();
    }

    pub fn take_message(&self) -> Option<InboxItem> {
        self.inbox.lock().pop_front()
    }

    pub fn has_messages(&self) -> bool {
        !self.inbox.lock().is_empty()
    }

    /// Registers an asyncJoin; returns false if the thread already ended
    /// (the caller settles at once).
    pub fn add_async_joiner(&self, waiter: Arc<ThreadRecord>, op: u32) -> bool {
        let mut joiners = self.async_joiners.lock();
        if self.is_finished() {
            return false;
        }
        joiners.push((waiter, op));
        true
    }

    fn trace(&self, tracer: &mut Tracer) {
        for m in self.inbox.lock().iter() {
            tracer.mark_value(m.value);
        }
        for p in self.pending.lock().values() {
            tracer.mark_value(p.on_ok);
            tracer.mark_value(p.on_err);
            tracer.mark_value(p.timeout_value);
        }
    }
}

/// A live thread in the registry.
struct Live {
    record: Arc<ThreadRecord>,
    /// Its Thread object (undefined until created, for the main thread):
    /// a root, so a thread nobody references still runs.
    object: Value,
    /// What it is blocked on, if it is.
    waiting: Option<WaitFor>,
}

#[derive(Default)]
struct Registry {
    live: BTreeMap<u32, Live>,
    /// Threads that ended with an exception, until observed or reported.
    failed: Vec<Arc<ThreadRecord>>,
}

/// Why a program was ended by the engine rather than by itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Termination {
    /// `Engine::interrupt` (the host's stop button).
    Stopped,
    /// Every thread blocked, or a cycle of waits: the report names them.
    Deadlock(weft_vocabulary::Deadlock),
    /// `scheduled` mode could not go on: the replayed schedule does not fit
    /// the program, or the run passed its bound on scheduling points.
    Schedule(String),
    /// Step mode used the choices it was given (`Scheduler::pause`).
    Paused,
}

impl std::fmt::Display for Termination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Termination::Stopped => f.write_str("stopped"),
            Termination::Deadlock(d) => write!(f, "{d}"),
            Termination::Schedule(message) => f.write_str(message),
            Termination::Paused => f.write_str("paused for the next step"),
        }
    }
}

/// The engine's threads (one per engine, in `Engine::threads`).
pub struct Threads {
    next_id: AtomicU32,
    next_sync_id: AtomicU64,
    registry: Mutex<Registry>,
    deadlock: Mutex<Option<weft_vocabulary::Deadlock>>,
    /// The global lock, in `locked` mode.
    pub gil: Option<gil::Gil>,
    /// The scheduler, in `scheduled` mode.
    pub scheduler: Option<scheduler::Scheduler>,
    /// The race detector, in `scheduled` mode when asked for.
    pub races: Option<race::RaceDetector>,
    /// The step log, in `scheduled` mode when asked for.
    pub steps: Option<steps::StepLog>,
    /// Atomics.wait / waitAsync waiters.
    pub waits: sync::WaitList,
}

impl Threads {
    pub fn new(mode: crate::engine::Mode, schedule: &scheduler::ScheduleConfig) -> Threads {
        use crate::engine::Mode;
        Threads {
            next_id: AtomicU32::new(0),
            next_sync_id: AtomicU64::new(1),
            registry: Mutex::new(Registry::default()),
            deadlock: Mutex::new(None),
            gil: (mode == Mode::Locked).then(gil::Gil::new),
            scheduler: (mode == Mode::Scheduled)
                .then(|| scheduler::Scheduler::new(schedule.clone())),
            races: (mode == Mode::Scheduled && schedule.races).then(race::RaceDetector::default),
            steps: (mode == Mode::Scheduled && schedule.records_steps()).then(|| {
                steps::StepLog::new(matches!(schedule.strategy, scheduler::Strategy::Step(_)))
            }),
            waits: sync::WaitList::default(),
        }
    }

    /// A new live thread, with the next id (the first is 0, the main
    /// thread).
    pub fn register(&self) -> Arc<ThreadRecord> {
        self.try_register(usize::MAX)
            .expect("no bound on live threads")
    }

    /// Like `register`, unless `limit` threads are alive already: then
    /// `None`, with no id spent and nothing recorded.
    pub fn try_register(&self, limit: usize) -> Option<Arc<ThreadRecord>> {
        let mut registry = self.registry.lock();
        if registry.live.len() >= limit {
            return None;
        }
        // Taken under the registry lock, so a refused spawn spends no id.
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let record = ThreadRecord::new(id);
        registry.live.insert(
            id,
            Live {
                record: record.clone(),
                object: Value::UNDEFINED,
                waiting: None,
            },
        );
        Some(record)
    }

    /// An id for a Lock or Condition (for traces and deadlock reports).
    pub fn next_sync_id(&self) -> u64 {
        self.next_sync_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Records the Thread object of live thread `id` (a root while it runs).
    pub fn set_object(&self, id: u32, object: Value) {
        if let Some(l) = self.registry.lock().live.get_mut(&id) {
            l.object = object;
        }
    }

    /// The Thread object of live thread `id`.
    pub fn object_of(&self, id: u32) -> Value {
        self.registry
            .lock()
            .live
            .get(&id)
            .map_or(Value::UNDEFINED, |l| l.object)
    }

    /// Threads registered so far, the main thread included.
    pub fn created(&self) -> u32 {
        self.next_id.load(Ordering::Relaxed)
    }

    pub fn live_count(&self) -> usize {
        self.registry.lock().live.len()
    }

    /// Ends thread `record`: it leaves the registry, its joiners wake, its
    /// async joiners get `outcome` (`ok` false when it threw). Then checks
    /// whether the threads left are deadlocked.
    pub fn finish(&self, record: &Arc<ThreadRecord>, outcome: Value, ok: bool) {
        let waiting_joiners: Vec<Arc<ThreadRecord>>;
        {
            let mut reg = self.registry.lock();
            reg.live.remove(&record.id);
            record.failed.store(!ok, Ordering::Release);
            {
                let mut joiners = record.async_joiners.lock();
                record.finished.store(true, Ordering::Release);
                for (waiter, op) in joiners.drain(..) {
                    record.observed.store(true, Ordering::Relaxed);
                    waiter.post(InboxItem {
                        op,
                        ended: Some(record.id),
                        value: outcome,
                        ok,
                    });
                }
            }
            record.inbox.lock().clear();
            record.pending.lock().clear();
            if !ok && outcome != Value::TERMINATE && !record.observed.load(Ordering::Relaxed) {
                reg.failed.push(record.clone());
            }
            waiting_joiners = reg
                .live
                .values()
                .filter(|l| match &l.waiting {
                    Some(WaitFor::Join(t)) => t.id == record.id,
                    // The main thread waiting for the others to end.
                    Some(WaitFor::OtherThreads) => true,
                    _ => false,
                })
                .map(|l| l.record.clone())
                .collect();
        }
        for w in waiting_joiners {
            w.wake();
        }
        self.check_all_blocked();
    }

    /// Failures of threads that nobody joined: (id, description), taken.
    pub fn take_unobserved_failures(&self) -> Vec<(u32, String)> {
        let failed = std::mem::take(&mut self.registry.lock().failed);
        failed
            .into_iter()
            .filter(|r| !r.observed.load(Ordering::Relaxed))
            .map(|r| {
                let text = r.failure.lock().clone().unwrap_or_default();
                (r.id, text)
            })
            .collect()
    }

    /// Wakes every live thread (after an interrupt or a deadlock, so that
    /// blocked threads notice).
    pub fn wake_all(&self) {
        let records: Vec<Arc<ThreadRecord>> = self
            .registry
            .lock()
            .live
            .values()
            .map(|l| l.record.clone())
            .collect();
        for r in records {
            r.wake();
        }
    }

    /// The deadlock report, once one was found.
    pub fn deadlock(&self) -> Option<weft_vocabulary::Deadlock> {
        self.deadlock.lock().clone()
    }

    /// Forgets a past deadlock (the engine runs a new program).
    pub fn clear_deadlock(&self) {
        *self.deadlock.lock() = None;
    }

    /// GC roots: live Thread objects, inboxes and pending operations.
    pub fn trace_roots(&self, tracer: &mut Tracer) {
        for l in self.registry.lock().live.values() {
            tracer.mark_value(l.object);
            l.record.trace(tracer);
        }
        if let Some(r) = &self.races {
            r.trace(tracer);
        }
    }
}
