//! The Rust side of Lock, Condition and Atomics wait/notify: who owns a
//! lock, who waits for it (FIFO), who waits on a condition or an address.
//!
//! These cores hold no heap values (waiters are thread records and op ids),
//! so a blocked thread may read them without heap access, and a deadlock
//! check may read them from the registry. A waiter is either synchronous (a
//! blocked thread, woken by `ThreadRecord::wake` and its ticket) or
//! asynchronous (an op id in a thread's pending operations, settled by a
//! message to that thread).

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::{Mutex, MutexGuard};

use super::{InboxItem, ThreadRecord};
use crate::object::PropertyKey;
use crate::value::Value;

/// Someone waiting for a lock, a condition or an address.
pub enum Waiter {
    /// A blocked thread; the ticket is set when it is woken on purpose.
    Sync {
        thread: Arc<ThreadRecord>,
        ticket: Arc<AtomicBool>,
    },
    /// A pending async operation of a thread.
    Async { thread: Arc<ThreadRecord>, op: u32 },
}

impl Waiter {
    fn thread_id(&self) -> u32 {
        match self {
            Waiter::Sync { thread, .. } | Waiter::Async { thread, .. } => thread.id,
        }
    }
}

/// The outcome of trying to take a lock without waiting.
#[derive(Debug)]
pub enum Acquire {
    Acquired,
    /// The caller holds it already (locks are not recursive).
    Recursive,
    /// Someone else holds it: the caller is queued and will be handed the
    /// lock (its ticket set) when its turn comes.
    Queued(Arc<AtomicBool>),
}

struct LockInner {
    owner: Option<u32>,
    /// Numbers each time the lock is taken, so that a release names the
    /// hold it ends (a release function outliving its hold does nothing).
    hold: u64,
    queue: VecDeque<Waiter>,
}

impl LockInner {
    /// Makes `thread` the owner: a new hold.
    fn grant(&mut self, held: &AtomicBool, thread: u32) {
        self.owner = Some(thread);
        self.hold += 1;
        held.store(true, Ordering::Relaxed);
    }
}

/// A Lock: an owner and a FIFO of waiters. Release hands the lock directly
/// to the first waiter, so waiting threads are served in order.
///
/// A thread that finds the lock held first spins for a while
/// (`acquire_spinning`) before it queues: a strict hand-off to a sleeping
/// waiter costs a wake-up per hold, so two threads taking turns on a short
/// critical section would run at the pace of the OS scheduler (a lock
/// convoy). `held` mirrors `owner.is_some()` so spinners read it without
/// taking the mutex.
pub struct LockCore {
    pub id: u64,
    inner: Mutex<LockInner>,
    held: AtomicBool,
}

/// How long a thread polls a held lock before it queues: about what a
/// wake-up from sleep costs. Timed on the engine's clock rather than
/// counted, since a poll costs nanoseconds natively and less in wasm
/// (where `spin_loop` is a no-op).
const SPIN_BUDGET_MS: f64 = 0.05;
/// Polls between two reads of the clock (a host call in wasm).
const POLLS_PER_CLOCK_READ: u32 = 64;
/// A bound on the polls, for a host whose clock does not move.
const SPIN_POLLS_MAX: u32 = 100_000;

impl LockCore {
    pub fn new(id: u64) -> LockCore {
        LockCore {
            id,
            inner: Mutex::new(LockInner {
                owner: None,
                hold: 0,
                queue: VecDeque::new(),
            }),
            held: AtomicBool::new(false),
        }
    }

    pub fn owner(&self) -> Option<u32> {
        self.inner.lock().owner
    }

    pub fn is_owned_by(&self, thread: u32) -> bool {
        self.owner() == Some(thread)
    }

    /// The hold `thread` has, if it owns the lock.
    pub fn hold_of(&self, thread: u32) -> Option<u64> {
        let inner = self.inner.lock();
        (inner.owner == Some(thread)).then_some(inner.hold)
    }

    /// Numbers the current hold of `thread` as `hold`: a Condition.wait
    /// that retook the lock continues the hold it gave up, so whatever
    /// will end that hold (`Lock.hold`'s release) still can.
    pub fn continue_hold(&self, thread: u32, hold: u64) {
        let mut inner = self.inner.lock();
        if inner.owner == Some(thread) {
            inner.hold = hold;
        }
    }

    /// Like `acquire`, but while another thread holds the lock, polls it
    /// for a few tens of microseconds before queueing. For parallel mode
    /// only: in locked mode the holder cannot run while the caller spins.
    pub fn acquire_spinning(&self, thread: &Arc<ThreadRecord>) -> Acquire {
        if let Some(taken_or_recursive) = self.try_acquire(thread.id) {
            return taken_or_recursive;
        }
        let deadline = crate::clock::monotonic_ms() + SPIN_BUDGET_MS;
        for poll in 1..=SPIN_POLLS_MAX {
            std::hint::spin_loop();
            if !self.held.load(Ordering::Relaxed)
                && let Some(taken) = self.try_acquire(thread.id)
            {
                return taken;
            }
            if poll % POLLS_PER_CLOCK_READ == 0 && crate::clock::monotonic_ms() >= deadline {
                break;
            }
        }
        self.acquire(thread)
    }

    /// Takes the lock for `thread` if it is free (`Acquired`) or reports
    /// that `thread` holds it (`Recursive`); `None` while another holds it.
    fn try_acquire(&self, thread: u32) -> Option<Acquire> {
        let mut inner = self.inner.lock();
        Self::take_if_free(&mut inner, &self.held, thread)
    }

    fn take_if_free(inner: &mut LockInner, held: &AtomicBool, thread: u32) -> Option<Acquire> {
        match inner.owner {
            Some(o) if o == thread => Some(Acquire::Recursive),
            None => {
                inner.grant(held, thread);
                Some(Acquire::Acquired)
            }
            Some(_) => None,
        }
    }

    /// Takes the lock for `thread` if it is free, else queues it.
    pub fn acquire(&self, thread: &Arc<ThreadRecord>) -> Acquire {
        let mut inner = self.inner.lock();
        match Self::take_if_free(&mut inner, &self.held, thread.id) {
            Some(taken_or_recursive) => taken_or_recursive,
            None => {
                let ticket = Arc::new(AtomicBool::new(false));
                inner.queue.push_back(Waiter::Sync {
                    thread: thread.clone(),
                    ticket: ticket.clone(),
                });
                Acquire::Queued(ticket)
            }
        }
    }

    /// Grants the lock to async op `op` of `thread` now or when its turn
    /// comes; the grant is a message (value undefined) to that thread.
    pub fn acquire_async(&self, thread: Arc<ThreadRecord>, op: u32) {
        let mut inner = self.inner.lock();
        if inner.owner.is_none() {
            inner.grant(&self.held, thread.id);
            drop(inner);
            thread.post(InboxItem {
                op,
                ended: None,
                value: Value::UNDEFINED,
                ok: true,
            });
        } else {
            inner.queue.push_back(Waiter::Async { thread, op });
        }
    }

    /// Ends hold `hold` if it is the current one, handing the lock to the
    /// next waiter. Returns whether it released.
    pub fn release_hold(&self, hold: u64) -> bool {
        let inner = self.inner.lock();
        if inner.owner.is_none() || inner.hold != hold {
            return false;
        }
        self.hand_on(inner);
        true
    }

    /// Releases the lock, handing it to the next waiter. Returns the
    /// thread it was handed to.
    pub fn release(&self) -> Option<u32> {
        self.hand_on(self.inner.lock())
    }

    fn hand_on(&self, mut inner: MutexGuard<'_, LockInner>) -> Option<u32> {
        let next = inner.queue.pop_front();
        match &next {
            Some(w) => inner.grant(&self.held, w.thread_id()),
            None => {
                inner.owner = None;
                self.held.store(false, Ordering::Relaxed);
            }
        }
        drop(inner);
        let id = next.as_ref().map(Waiter::thread_id);
        match next {
            Some(Waiter::Sync { thread, ticket }) => {
                ticket.store(true, Ordering::Release);
                thread.wake();
            }
            Some(Waiter::Async { thread, op }) => thread.post(InboxItem {
                op,
                ended: None,
                value: Value::UNDEFINED,
                ok: true,
            }),
            None => {}
        }
        id
    }

    /// Withdraws `thread`'s queued wait (it was terminated); if the lock
    /// was handed to it meanwhile, passes it on.
    pub fn cancel(&self, thread: u32) {
        let mut inner = self.inner.lock();
        inner.queue.retain(|w| w.thread_id() != thread);
        let handed = inner.owner == Some(thread);
        drop(inner);
        if handed {
            self.release();
        }
    }
}

/// A Condition: a FIFO of waiters and the lock each will retake.
pub struct CondCore {
    pub id: u64,
    waiters: Mutex<VecDeque<(Waiter, Arc<LockCore>)>>,
}

impl CondCore {
    pub fn new(id: u64) -> CondCore {
        CondCore {
            id,
            waiters: Mutex::new(VecDeque::new()),
        }
    }

    pub fn enqueue(&self, waiter: Waiter, lock: Arc<LockCore>) {
        self.waiters.lock().push_back((waiter, lock));
    }

    /// Wakes up to `count` waiters in order; returns how many. A sync
    /// waiter retakes its lock itself; an async one is queued on the lock.
    /// `announce(n)` runs once the `n` waiters are chosen and before any is
    /// woken, so that what it records (the trace's notify) comes before
    /// what the woken threads record.
    pub fn notify(&self, count: usize, announce: impl FnOnce(usize)) -> usize {
        let woken: Vec<(Waiter, Arc<LockCore>)> = {
            let mut w = self.waiters.lock();
            let n = count.min(w.len());
            w.drain(..n).collect()
        };
        let n = woken.len();
        announce(n);
        for (waiter, lock) in woken {
            match waiter {
                Waiter::Sync { thread, ticket } => {
                    ticket.store(true, Ordering::Release);
                    thread.wake();
                }
                Waiter::Async { thread, op } => lock.acquire_async(thread, op),
            }
        }
        n
    }

    /// Withdraws a sync waiter by its ticket (it was terminated).
    pub fn cancel(&self, ticket: &Arc<AtomicBool>) {
        self.waiters.lock().retain(|(w, _)| match w {
            Waiter::Sync { ticket: t, .. } => !Arc::ptr_eq(t, ticket),
            Waiter::Async { .. } => true,
        });
    }
}

/// What an Atomics.wait waits on: a byte of a shared buffer, or an own
/// property of an object (by the cell's address, which never changes; the
/// waiter keeps the object alive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WaitAddress {
    Bytes(usize, usize),
    Property(usize, PropertyKey),
}

/// The waiters of Atomics.wait / waitAsync, by address.
#[derive(Default)]
pub struct WaitList {
    map: Mutex<HashMap<WaitAddress, VecDeque<Waiter>>>,
}

impl WaitList {
    /// Runs `check` with the list locked (so no notify slips in between);
    /// if it returns true, queues `waiter`. Returns what `check` returned.
    pub fn enqueue_if(
        &self,
        address: WaitAddress,
        check: impl FnOnce() -> bool,
        waiter: impl FnOnce() -> Waiter,
    ) -> bool {
        let mut map = self.map.lock();
        if !check() {
            return false;
        }
        map.entry(address).or_default().push_back(waiter());
        true
    }

    /// Wakes up to `count` waiters on `address`; `ok` is the value an
    /// async waiter's promise gets ("ok"). Returns how many were woken.
    pub fn notify(&self, address: WaitAddress, count: usize, ok: Value) -> usize {
        let woken: Vec<Waiter> = {
            let mut map = self.map.lock();
            let Some(q) = map.get_mut(&address) else {
                return 0;
            };
            let n = count.min(q.len());
            let w: Vec<Waiter> = q.drain(..n).collect();
            if q.is_empty() {
                map.remove(&address);
            }
            w
        };
        let n = woken.len();
        for w in woken {
            match w {
                Waiter::Sync { thread, ticket } => {
                    ticket.store(true, Ordering::Release);
                    thread.wake();
                }
                Waiter::Async { thread, op } => thread.post(InboxItem {
                    op,
                    ended: None,
                    value: ok,
                    ok: true,
                }),
            }
        }
        n
    }

    /// Removes a sync waiter (timed out or terminated). Returns false if a
    /// notify took it first.
    pub fn remove_sync(&self, address: WaitAddress, ticket: &Arc<AtomicBool>) -> bool {
        self.remove(
            address,
            |w| matches!(w, Waiter::Sync { ticket: t, .. } if Arc::ptr_eq(t, ticket)),
        )
    }

    /// Removes async op `op` of thread `thread` (timed out). Returns false
    /// if a notify took it first.
    pub fn remove_async(&self, address: WaitAddress, thread: u32, op: u32) -> bool {
        self.remove(
            address,
            |w| matches!(w, Waiter::Async { thread: t, op: o } if t.id == thread && *o == op),
        )
    }

    fn remove(&self, address: WaitAddress, is_it: impl Fn(&Waiter) -> bool) -> bool {
        let mut map = self.map.lock();
        let Some(q) = map.get_mut(&address) else {
            return false;
        };
        let before = q.len();
        q.retain(|w| !is_it(w));
        let removed = q.len() != before;
        if q.is_empty() {
            map.remove(&address);
        }
        removed
    }
}
