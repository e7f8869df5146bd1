//! The race detector of `scheduled` mode: happens-before with vector
//! clocks (the FastTrack family, with a full read vector per location).
//!
//! Two accesses to the same property, element or captured variable, at
//! least one a write, by different threads, neither ordered before the
//! other by thread start and join, a Lock's release and next acquire, or
//! Atomics operations, are a race. Each race is reported once per pair of
//! source locations, naming both accesses: thread, `file:line:column`, the
//! place (`counter.n`), read or write, and both stacks.
//!
//! Atomics operations all synchronize through one clock: that orders more
//! than the memory model does (two Atomics operations on different
//! locations), so it can miss a race but never invents one.
//!
//! Locations are keyed by the object's address; the detector keeps each
//! object it tracks alive (`trace`), so an address is never reused for
//! another object while the run lasts.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use parking_lot::Mutex;

use crate::heap::Tracer;
use crate::object::PropertyKey;
use crate::value::Value;

/// A vector clock, indexed by thread id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Clock(Vec<u32>);

impl Clock {
    fn get(&self, t: u32) -> u32 {
        self.0.get(t as usize).copied().unwrap_or(0)
    }
    fn tick(&mut self, t: u32) {
        let i = t as usize;
        if self.0.len() <= i {
            self.0.resize(i + 1, 0);
        }
        self.0[i] += 1;
    }
    fn join(&mut self, other: &Clock) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a = (*a).max(*b);
        }
    }
}

/// Where a shared access lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    Property(PropertyKey),
    /// A captured variable's slot in its environment.
    Variable(u32),
}

pub use weft_vocabulary::{Access, Race};

/// An access as remembered in a location's shadow.
#[derive(Clone)]
struct Seen {
    thread: u32,
    time: f64,
    clock: u32,
    position: Arc<str>,
    stack: Arc<str>,
}

#[derive(Default)]
struct Shadow {
    write: Option<Seen>,
    /// The last read of each thread since the last write.
    reads: Vec<Seen>,
}

#[derive(Default)]
struct State {
    threads: HashMap<u32, Clock>,
    locks: HashMap<u64, Clock>,
    atomics: Clock,
    /// Clocks of ended threads, for join.
    ended: HashMap<u32, Clock>,
    shadow: HashMap<(usize, Slot), Shadow>,
    /// Tracked objects, kept alive so their addresses stay theirs.
    keep: HashMap<usize, Value>,
    reported: HashSet<(Arc<str>, Arc<str>)>,
    races: Vec<Race>,
}

/// The detector of one engine (`Threads::races`).
#[derive(Default)]
pub struct RaceDetector {
    state: Mutex<State>,
}

/// An access the interpreter is about to make.
pub struct AccessAt<'a> {
    /// The object, or the environment of a captured variable.
    pub object: Value,
    pub slot: Slot,
    pub write: bool,
    /// When, on the engine's clock.
    pub time: f64,
    /// Names the place, only if a race is found.
    pub place: &'a dyn Fn() -> String,
    /// `file:line:column` and the stack, computed once per site.
    pub site: &'a dyn Fn() -> (Arc<str>, Arc<str>),
}

impl RaceDetector {
    fn clock_mut(st: &mut State, t: u32) -> &mut Clock {
        st.threads.entry(t).or_insert_with(|| {
            let mut c = Clock::default();
            c.tick(t);
            c
        })
    }

    /// `parent` starts `child`: everything the parent did so far happens
    /// before the child's first step.
    pub fn fork(&self, parent: u32, child: u32) {
        let mut st = self.state.lock();
        let mut c = Self::clock_mut(&mut st, parent).clone();
        c.tick(child);
        st.threads.insert(child, c);
        Self::clock_mut(&mut st, parent).tick(parent);
    }

    /// Thread `t` has ended: its clock waits for joiners.
    pub fn end(&self, t: u32) {
        let mut st = self.state.lock();
        let c = Self::clock_mut(&mut st, t).clone();
        st.ended.insert(t, c);
    }

    /// `me` joined `target` (after it ended).
    pub fn join(&self, me: u32, target: u32) {
        let mut st = self.state.lock();
        if let Some(c) = st.ended.get(&target).cloned() {
            Self::clock_mut(&mut st, me).join(&c);
        }
    }

    /// `me` took lock `lock`.
    pub fn acquire(&self, me: u32, lock: u64) {
        let mut st = self.state.lock();
        if let Some(c) = st.locks.get(&lock).cloned() {
            Self::clock_mut(&mut st, me).join(&c);
        }
    }

    /// `me` released lock `lock`.
    pub fn release(&self, me: u32, lock: u64) {
        let mut st = self.state.lock();
        let c = Self::clock_mut(&mut st, me).clone();
        st.locks.entry(lock).or_default().join(&c);
        Self::clock_mut(&mut st, me).tick(me);
    }

    /// `me` made an Atomics operation (acquire and release).
    pub fn atomic(&self, me: u32) {
        let mut st = self.state.lock();
        let shared = st.atomics.clone();
        let c = Self::clock_mut(&mut st, me);
        c.join(&shared);
        let mine = c.clone();
        c.tick(me);
        st.atomics.join(&mine);
    }

    /// Checks `access` by thread `me` against what happened before it,
    /// records it, and returns the races it completes (each reported once).
    pub fn access(&self, me: u32, access: &AccessAt<'_>) -> Vec<Race> {
        if !access.object.is_cell() {
            return Vec::new();
        }
        let address = access.object.to_bits() as usize;
        let mut st = self.state.lock();
        let clock = Self::clock_mut(&mut st, me).clone();
        let key = (address, access.slot);
        let shadow = st.shadow.entry(key).or_default();
        let unordered = |s: &Seen| s.thread != me && clock.get(s.thread) < s.clock;
        let mut conflicts: Vec<(Seen, bool)> = Vec::new();
        if let Some(w) = shadow.write.as_ref().filter(|w| unordered(w)) {
            conflicts.push((w.clone(), true));
        }
        if access.write {
            for r in shadow.reads.iter().filter(|r| unordered(r)) {
                conflicts.push((r.clone(), false));
            }
        }
        let (position, stack) = (access.site)();
        let seen = Seen {
            thread: me,
            time: access.time,
            clock: clock.get(me),
            position: position.clone(),
            stack: stack.clone(),
        };
        if access.write {
            shadow.write = Some(seen);
            shadow.reads.clear();
        } else {
            match shadow.reads.iter_mut().find(|r| r.thread == me) {
                Some(r) => *r = seen,
                None => shadow.reads.push(seen),
            }
        }
        st.keep.entry(address).or_insert(access.object);
        let mut found = Vec::new();
        for (earlier, earlier_write) in conflicts {
            let pair = if earlier.position <= position {
                (earlier.position.clone(), position.clone())
            } else {
                (position.clone(), earlier.position.clone())
            };
            if !st.reported.insert(pair) {
                continue;
            }
            found.push(Race {
                place: (access.place)(),
                first: Access {
                    thread: earlier.thread,
                    write: earlier_write,
                    position: earlier.position.to_string(),
                    stack: earlier.stack.to_string(),
                    time: earlier.time,
                },
                second: Access {
                    thread: me,
                    write: access.write,
                    position: position.to_string(),
                    stack: stack.to_string(),
                    time: access.time,
                },
            });
        }
        st.races.extend(found.iter().cloned());
        found
    }

    /// The races found so far.
    pub fn races(&self) -> Vec<Race> {
        self.state.lock().races.clone()
    }

    /// GC roots: the tracked objects.
    pub fn trace(&self, tracer: &mut Tracer) {
        for v in self.state.lock().keep.values() {
            tracer.mark_value(*v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_join_and_tick() {
        let mut a = Clock::default();
        a.tick(0);
        let mut b = Clock::default();
        b.tick(2);
        b.tick(2);
        a.join(&b);
        assert_eq!(a.0, vec![1, 0, 2]);
        assert_eq!(a.get(7), 0);
    }
}
