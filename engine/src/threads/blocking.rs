//! How a JS thread blocks, and how deadlocks are named instead of hung.
//!
//! Every blocking call (join, a contended `hold`, `Condition.wait`,
//! `Atomics.wait`, an idle event loop, the main thread waiting for the
//! others) goes through `Vm::block_until`: it records what the thread waits
//! for in the registry, gives up heap access (and the global lock in
//! `locked` mode), parks the host thread until woken and the wait is over,
//! then takes both back.
//!
//! Deadlock detection runs whenever a thread starts waiting or ends, under
//! the registry lock, on the live state of every wait (a wait that is
//! already satisfied but whose thread has not woken yet does not count):
//! - a cycle of waits through joins and lock owners is a deadlock even if
//!   other threads still run;
//! - every live thread waiting with no timeout is a deadlock (conditions
//!   and Atomics waits with no one left to notify them).
//!
//! The engine then ends the program (`Termination::Deadlock`) with a report
//! that names each thread and what it waits for.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::sync::{CondCore, LockCore};
use super::{Registry, Termination, ThreadRecord, Threads};
use crate::interpreter::{JsResult, Vm};
use crate::trace::{BlockReason, EventKind};
use crate::value::Value;
use weft_vocabulary::{Deadlock, Waiter, Waiting};

/// What a blocked thread waits for.
#[derive(Clone)]
pub enum WaitFor {
    Join(Arc<ThreadRecord>),
    Lock(Arc<LockCore>),
    Condition {
        cond: Arc<CondCore>,
        lock: u64,
        ticket: Arc<AtomicBool>,
    },
    Atomics {
        ticket: Arc<AtomicBool>,
        timed: bool,
    },
    /// Its event loop, idle until a pending async operation completes.
    EventLoop {
        timed: bool,
    },
    /// The main thread at the end of the program, for the others to end.
    OtherThreads,
}

impl WaitFor {
    /// For the trace: why, and the id of what (thread, lock, condition).
    pub fn reason(&self) -> (BlockReason, u64) {
        match self {
            WaitFor::Join(t) => (BlockReason::Join, t.id as u64),
            WaitFor::Lock(l) => (BlockReason::Lock, l.id),
            WaitFor::Condition { cond, .. } => (BlockReason::Condition, cond.id),
            WaitFor::Atomics { .. } => (BlockReason::AtomicsWait, 0),
            WaitFor::EventLoop { .. } => (BlockReason::EventLoop, 0),
            WaitFor::OtherThreads => (BlockReason::Threads, 0),
        }
    }

    fn timed(&self) -> bool {
        matches!(
            self,
            WaitFor::Atomics { timed: true, .. } | WaitFor::EventLoop { timed: true }
        )
    }

    /// Whether the wait of thread `me` can still end only by someone else's
    /// action (not once it is satisfied, nor when it has a timeout): then
    /// `Some(edge)`, the thread it depends on if one (a join target, a lock
    /// owner), the edges of the wait-for graph. Each lock owner is read
    /// once, so the answer is one consistent observation.
    fn blocked_on(&self, me: &ThreadRecord, reg: &Registry) -> Option<Option<u32>> {
        if self.timed() {
            return None;
        }
        match self {
            WaitFor::Join(t) => (!t.is_finished()).then_some(Some(t.id)),
            WaitFor::Lock(l) => match l.owner() {
                Some(o) if o != me.id => Some(Some(o)),
                _ => None,
            },
            WaitFor::Condition { ticket, .. } | WaitFor::Atomics { ticket, .. } => {
                (!ticket.load(Ordering::Acquire)).then_some(None)
            }
            WaitFor::EventLoop { .. } => (!me.has_messages()).then_some(None),
            WaitFor::OtherThreads => (reg.live.len() > 1).then_some(None),
        }
    }

    /// What the wait is for, as a deadlock report names it.
    fn waiting(&self) -> Waiting {
        match self {
            WaitFor::Join(t) => Waiting::Join { thread: t.id },
            WaitFor::Lock(l) => Waiting::Lock {
                lock: l.id,
                holder: l.owner(),
            },
            WaitFor::Condition { cond, lock, .. } => Waiting::Condition {
                condition: cond.id,
                lock: *lock,
            },
            WaitFor::Atomics { .. } => Waiting::Atomics,
            WaitFor::EventLoop { .. } => Waiting::AsyncOperation,
            WaitFor::OtherThreads => Waiting::OtherThreads,
        }
    }
}

pub use weft_vocabulary::thread_name;

impl Threads {
    /// Records that thread `me` waits for `wait`. Returns the deadlock
    /// report if this wait closes a cycle or leaves every thread blocked.
    fn begin_wait(&self, me: &Arc<ThreadRecord>, wait: WaitFor) -> Option<Deadlock> {
        let mut reg = self.registry.lock();
        if let Some(l) = reg.live.get_mut(&me.id) {
            l.waiting = Some(wait);
        }
        let report = find_cycle(&reg, me.id).or_else(|| all_blocked(&reg));
        drop(reg);
        if let Some(r) = &report {
            self.declare_deadlock(r.clone());
        }
        report
    }

    fn end_wait(&self, me: u32) {
        if let Some(l) = self.registry.lock().live.get_mut(&me) {
            l.waiting = None;
        }
    }

    /// Called when a thread ends: the threads left may all be blocked now.
    pub(super) fn check_all_blocked(&self) {
        let report = all_blocked(&self.registry.lock());
        if let Some(r) = report {
            self.declare_deadlock(r);
        }
    }

    /// The report for a deadlock the scheduler found (no thread can run):
    /// the cycle or the blocked threads, as the registry sees them.
    pub fn deadlock_report(&self) -> Deadlock {
        let reg = self.registry.lock();
        let cycle = reg.live.keys().find_map(|&id| find_cycle(&reg, id));
        cycle.or_else(|| all_blocked(&reg)).unwrap_or_default()
    }

    fn declare_deadlock(&self, report: Deadlock) {
        let mut d = self.deadlock.lock();
        if d.is_none() {
            *d = Some(report);
        }
    }
}

/// A cycle of waits through thread `start`, with the other threads.
fn find_cycle(reg: &Registry, start: u32) -> Option<Deadlock> {
    let mut path = vec![start];
    let mut current = start;
    loop {
        let live = reg.live.get(&current)?;
        let wait = live.waiting.as_ref()?;
        let next = wait.blocked_on(&live.record, reg)??;
        if next == start {
            break;
        }
        if path.contains(&next) {
            return None; // a cycle not through `start` was reported before
        }
        path.push(next);
        current = next;
    }
    // Named from its lowest thread, so one cycle reads the same whichever
    // thread closed it (`explore` counts it as one outcome).
    let lowest = path
        .iter()
        .enumerate()
        .min_by_key(|&(_, id)| *id)
        .map_or(0, |(i, _)| i);
    path.rotate_left(lowest);
    let waiter = |id: u32| Waiter {
        thread: id,
        waiting: reg.live[&id].waiting.as_ref().map(WaitFor::waiting),
    };
    Some(Deadlock {
        cycle: path.iter().map(|&id| waiter(id)).collect(),
        others: reg
            .live
            .keys()
            .filter(|id| !path.contains(id))
            .map(|&id| waiter(id))
            .collect(),
    })
}

/// Every live thread blocked with no timeout.
fn all_blocked(reg: &Registry) -> Option<Deadlock> {
    if reg.live.is_empty() {
        return None;
    }
    let mut others = Vec::new();
    for (id, live) in &reg.live {
        let wait = live.waiting.as_ref()?;
        wait.blocked_on(&live.record, reg)?;
        others.push(Waiter {
            thread: *id,
            waiting: Some(wait.waiting()),
        });
    }
    Some(Deadlock {
        cycle: Vec::new(),
        others,
    })
}

impl Vm {
    /// Blocks the thread until `ready` returns `Some` (checked before
    /// blocking and after every wake-up), or until `deadline_ms` on the
    /// `clock::monotonic_ms` clock (then `Ok(None)`).
    ///
    /// Without heap access while blocked: `ready` must touch no heap cell
    /// (it reads the Rust-side cores of `sync.rs`), and the values the
    /// caller needs afterwards must be rooted. Fails with the uncaught
    /// termination when the program is stopped or deadlocked.
    pub fn block_until<R>(
        &mut self,
        wait: WaitFor,
        deadline_ms: Option<f64>,
        mut ready: impl FnMut() -> Option<R>,
    ) -> JsResult<Option<R>> {
        if let Some(r) = ready() {
            return Ok(Some(r));
        }
        let engine = self.engine.clone();
        if engine.is_interrupted() {
            return Err(Value::TERMINATE);
        }
        let (reason, target) = wait.reason();
        let me = self.thread.clone();
        let wait_copy = wait.clone();
        if engine.threads.begin_wait(&me, wait).is_some() {
            engine.threads.end_wait(me.id);
            engine.terminate(Termination::Deadlock(
                engine.threads.deadlock().unwrap_or_default(),
            ));
            return Err(Value::TERMINATE);
        }
        self.trace_event(EventKind::Blocked { reason, target });
        if self.scheduled {
            let outcome = self.block_until_scheduled(wait_copy, deadline_ms, &mut ready);
            engine.threads.end_wait(me.id);
            self.trace_event(EventKind::Unblocked);
            return outcome;
        }
        let heap = engine.heap.clone();
        heap.park(self.heap_access().state());
        self.release_gil();
        let outcome = loop {
            if let Some(r) = ready() {
                break Ok(Some(r));
            }
            if engine.is_interrupted() {
                break Err(Value::TERMINATE);
            }
            match deadline_ms {
                Some(d) => {
                    let now = engine.monotonic_ms();
                    if now >= d {
                        break Ok(None);
                    }
                    super::pool::park_host(Some(std::time::Duration::from_secs_f64(
                        ((d - now) / 1000.0).min(1e6),
                    )));
                }
                None => super::pool::park_host(None),
            }
        };
        self.acquire_gil();
        heap.unpark(self.heap_access().state());
        engine.threads.end_wait(me.id);
        self.trace_event(EventKind::Unblocked);
        outcome
    }
}
