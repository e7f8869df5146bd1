//! The scheduler of `scheduled` mode: exactly one JS thread runs at a time,
//! and a deterministic choice decides which at every *scheduling point*.
//!
//! Each JS thread keeps its own host thread (as in `locked` mode); the
//! scheduler hands one baton between them. A thread runs only while it
//! holds the baton; at a scheduling point (`Vm::sched_point`: a property,
//! element or captured-variable access, an Atomics, Lock or Condition
//! operation, a thread's start, join or end, a blocking call, a task's
//! start) it asks the scheduler who runs next, passes the baton if that is
//! someone else, and parks until the baton comes back. Built-ins need no
//! change: a thread inside `lock.hold(fn)` or an `Array.prototype.map`
//! callback simply parks on its own host thread's stack.
//!
//! Everything else a program can observe is made deterministic here too:
//! a virtual clock (one microsecond per scheduling point, and a jump to the
//! next deadline when every thread waits) behind `Date.now`,
//! `performance.now` and timers, and the random numbers behind
//! `Math.random` and `crypto`, drawn from the seed.
//!
//! A *decision* is a scheduling point where more than one thread could
//! run; the list of threads chosen at each decision is the run's schedule
//! (`Schedule`), which replays it exactly. Strategies: PCT (probabilistic
//! concurrency testing: random thread priorities and `depth - 1` random
//! points where the running thread's priority drops), uniform random, an
//! exact replay, and a prefix followed by running without preemption
//! (what `explore` drives).
//!
//! Lock order: the scheduler's mutex may be taken with nothing held, and a
//! sync core's mutex (`LockCore::owner`) may be taken under it; the
//! registry is never taken while holding it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use parking_lot::Mutex;

use weft_vocabulary::{Action, Pause, Step};

use super::{ThreadRecord, WaitFor};

/// Virtual milliseconds per scheduling point.
pub const STEP_MS: f64 = 0.001;
/// What `Date.now()` says at the start of a scheduled run (2026-01-01, UTC):
/// a constant, so that output that prints a date replays exactly.
pub const EPOCH_MS: f64 = 1_767_225_600_000.0;
/// Decisions in a row, with no write by the running thread, after which a
/// thread that keeps being chosen while others could run goes to the back
/// (a spin loop, under PCT or without preemption): otherwise a thread
/// spinning on a flag would starve the thread that sets it.
pub const SPIN_LIMIT: u32 = 4096;
/// The same bound for `explore`, whose runs are many: a spinning thread
/// that writes nothing changes nothing by spinning longer, so the switch
/// comes soon, and is not a branch of the search.
pub const EXPLORE_SPIN_LIMIT: u32 = 32;

/// How the scheduler chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Probabilistic concurrency testing with a depth bound: each thread
    /// gets a random priority, the highest-priority thread that can run
    /// runs, and at `depth - 1` random decisions (uniform among the first
    /// `steps`; with `steps` 0, log-uniform up to 2^24, so that short and
    /// long programs alike get their priority changes) the running
    /// thread's priority drops below all others.
    Pct { depth: u32, steps: u32 },
    /// A uniformly random choice at every decision.
    Random,
    /// Exactly these choices; a program that needs a different choice, or
    /// more or fewer of them, is a divergence error.
    Replay(Vec<u32>),
    /// These choices first, then the running thread keeps running while it
    /// can (no preemption); `explore` extends prefixes.
    Prefix(Vec<u32>),
    /// Step mode: the learner's choices, one per *visible* step
    /// (`threads/steps.rs`). The running thread goes on by itself until
    /// its next visible step; there, or when it blocks or ends, the next
    /// choice picks who goes on. When the choices run out the run pauses
    /// (`Scheduler::pause` says who could go next, and with what step).
    Step(Vec<u32>),
}

impl Default for Strategy {
    fn default() -> Strategy {
        Strategy::Pct { depth: 3, steps: 0 }
    }
}

impl Strategy {
    /// "pct" (with optional ":depth" and ":steps") or "random".
    pub fn parse(s: &str) -> Result<Strategy, String> {
        let mut parts = s.split(':');
        match parts.next() {
            Some("pct") => {
                let mut n = |default: u32| -> Result<u32, String> {
                    match parts.next() {
                        None => Ok(default),
                        Some(t) => t
                            .parse::<u32>()
                            .ok()
                            .filter(|&v| v > 0)
                            .ok_or_else(|| format!("pct: '{t}' is not a positive number")),
                    }
                };
                let depth = n(3)?;
                let steps = match parts.next() {
                    None => 0,
                    Some(t) => t
                        .parse::<u32>()
                        .map_err(|_| format!("pct: '{t}' is not a number of steps"))?,
                };
                Ok(Strategy::Pct { depth, steps })
            }
            Some("random") if parts.next().is_none() => Ok(Strategy::Random),
            Some("step") => {
                let choices = match parts.next() {
                    None | Some("") | Some("-") => Vec::new(),
                    Some(list) => list.parse::<Schedule>()?.0,
                };
                Ok(Strategy::Step(choices))
            }
            _ => Err(format!(
                "unknown strategy '{s}' (expected pct, pct:DEPTH, pct:DEPTH:STEPS, random or step:CHOICES)"
            )),
        }
    }

    /// A short name, for reports.
    pub fn describe(&self) -> String {
        match self {
            Strategy::Pct { depth, steps: 0 } => format!("pct:{depth}"),
            Strategy::Pct { depth, steps } => format!("pct:{depth}:{steps}"),
            Strategy::Random => "random".into(),
            Strategy::Replay(_) => "replay".into(),
            Strategy::Prefix(_) => "prefix".into(),
            Strategy::Step(list) => format!("step:{}", Schedule(list.clone())),
        }
    }
}

/// What a scheduled engine is told.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScheduleConfig {
    pub seed: u64,
    pub strategy: Strategy,
    /// Report data races (`threads/race.rs`).
    pub races: bool,
    /// Scheduling points after which the run is ended (`explore`'s bound on
    /// a schedule that never ends).
    pub max_steps: Option<u64>,
    /// Record the run's visible steps (`threads/steps.rs`); step mode
    /// always does.
    pub steps: bool,
}

impl ScheduleConfig {
    /// Whether runs with this configuration record their steps.
    pub fn records_steps(&self) -> bool {
        self.steps || matches!(self.strategy, Strategy::Step(_))
    }
}

pub use weft_vocabulary::Schedule;

/// One decision, as `explore` reads it back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The threads that could run, by id.
    pub enabled: Vec<u32>,
    pub chosen: u32,
    /// The thread that was running, if it could go on: choosing another is
    /// a preemption.
    pub running: Option<u32>,
}

/// A thread as the scheduler sees it.
struct Entry {
    record: Arc<ThreadRecord>,
    /// Why it waits, while it is blocked.
    blocked: Option<Blocked>,
    /// PCT priority: the highest that can run runs.
    priority: i64,
}

struct Blocked {
    wait: WaitFor,
    /// On the virtual clock.
    deadline: Option<f64>,
}

struct State {
    /// Who holds the baton.
    current: Option<u32>,
    threads: BTreeMap<u32, Entry>,
    rng: SplitMix64,
    /// The thread chosen at each decision.
    chosen: Vec<u32>,
    /// Each decision with its alternatives, kept only for `explore`
    /// (the `Prefix` strategy).
    decisions: Vec<Decision>,
    /// The threads that can run, recomputed at each point (kept to reuse
    /// its allocation).
    enabled: Vec<u32>,
    /// Scheduling points passed: the virtual clock's ticks.
    steps: u64,
    /// Virtual time added by jumps to the next deadline.
    jumped_ms: f64,
    /// PCT: the decision numbers where the running thread's priority drops.
    change_points: Vec<u64>,
    /// The lowest priority handed out so far (drops go below it).
    lowest: i64,
    /// Decisions in a row that chose the thread already running while
    /// another could run, and in which it wrote nothing.
    streak: u32,
    /// The run is over for the scheduler (stopped, diverged, deadlocked):
    /// every thread runs freely to its end.
    released: bool,
    /// Step mode: each thread's next step, and whether it is visible.
    next_steps: BTreeMap<u32, (Step, bool)>,
    /// Step mode: the learner's choices used so far.
    choices_used: usize,
    /// Step mode: where the run paused.
    pause: Option<Pause>,
}

/// Why a thread could not be scheduled on: the engine ends the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchedError {
    /// The replayed schedule does not fit the program.
    Diverged(String),
    /// `max_steps` scheduling points passed.
    StepLimit(u64),
    /// No thread can run and none waits with a deadline.
    Deadlock,
    /// Step mode used every choice it was given.
    Paused,
}

pub struct Scheduler {
    pub config: ScheduleConfig,
    state: Mutex<State>,
    /// A copy of who holds the baton (`OPEN` when everyone may run), for
    /// waiters to poll before they park without taking the mutex.
    turn: AtomicU32,
}

/// `turn` when no thread holds the baton.
const NOBODY: u32 = u32::MAX;
/// `turn` when the run is over for the scheduler.
const OPEN: u32 = u32::MAX - 1;

/// A small, fast, seedable generator (the scheduler's and the program's
/// random numbers in scheduled mode).
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
}

impl Scheduler {
    pub fn new(config: ScheduleConfig) -> Scheduler {
        let mut rng = SplitMix64::new(config.seed);
        let mut change_points = Vec::new();
        if let Strategy::Pct { depth, steps } = config.strategy {
            for _ in 1..depth {
                let point = match steps {
                    // Log-uniform in [1, 2^24].
                    0 => {
                        let exponent = rng.below(24 << 16) as f64 / 65536.0;
                        exponent.exp2() as u64
                    }
                    n => 1 + rng.below(n as u64),
                };
                change_points.push(point.max(1));
            }
            change_points.sort_unstable();
        }
        Scheduler {
            config,
            state: Mutex::new(State {
                current: None,
                threads: BTreeMap::new(),
                rng,
                chosen: Vec::new(),
                decisions: Vec::new(),
                enabled: Vec::new(),
                steps: 0,
                jumped_ms: 0.0,
                change_points,
                lowest: 0,
                streak: 0,
                released: false,
                next_steps: BTreeMap::new(),
                choices_used: 0,
                pause: None,
            }),
            turn: AtomicU32::new(NOBODY),
        }
    }

    /// The virtual clock, in ms since the run started.
    pub fn now_ms(&self) -> f64 {
        let st = self.state.lock();
        st.steps as f64 * STEP_MS + st.jumped_ms
    }

    /// A random number for the program (`Math.random`, `crypto`), drawn
    /// from the seed: deterministic because only the baton holder draws.
    pub fn random_u64(&self) -> u64 {
        self.state.lock().rng.next_u64()
    }

    /// The choices made so far.
    pub fn schedule(&self) -> Schedule {
        Schedule(self.state.lock().chosen.clone())
    }

    /// For an exact replay that ended with choices left over: the error
    /// (the program took fewer decisions than the schedule has).
    pub fn leftover(&self) -> Option<String> {
        let Strategy::Replay(list) = &self.config.strategy else {
            return None;
        };
        let made = self.state.lock().chosen.len();
        (made < list.len()).then(|| {
            format!(
                "the schedule does not fit this program: the program ended after {made} decisions, \
                 but the schedule has {}",
                list.len()
            )
        })
    }

    /// The decisions made so far, with their alternatives (for `explore`).
    pub fn decisions(&self) -> Vec<Decision> {
        self.state.lock().decisions.clone()
    }

    /// Step mode: where the run paused, if it did.
    pub fn pause(&self) -> Option<Pause> {
        self.state.lock().pause.clone()
    }

    /// The step the running thread `step.thread` is about to take at its
    /// next scheduling point, and whether it is visible (step mode goes on
    /// by itself past the invisible ones).
    pub fn announce(&self, step: Step, visible: bool) {
        let mut st = self.state.lock();
        st.next_steps.insert(step.thread, (step, visible));
    }

    /// Scheduling points passed so far.
    pub fn steps(&self) -> u64 {
        self.state.lock().steps
    }

    /// A new thread, made runnable (by the thread that creates it, under
    /// the baton, or by the first thread of the engine, which takes the
    /// baton). Returns whether the caller now holds the baton.
    pub fn add(&self, record: &Arc<ThreadRecord>) -> bool {
        let mut st = self.state.lock();
        let priority = 1_000_000 + st.rng.below(1 << 40) as i64;
        st.threads.insert(
            record.id,
            Entry {
                record: record.clone(),
                blocked: None,
                priority,
            },
        );
        if st.current.is_none() {
            st.current = Some(record.id);
            self.publish(&st);
            return true;
        }
        false
    }

    /// Whether thread `me` holds the baton (or the run is over for the
    /// scheduler, and everyone runs).
    pub fn may_run(&self, me: u32) -> bool {
        let st = self.state.lock();
        st.released || st.current == Some(me) || !st.threads.contains_key(&me)
    }

    /// Ends scheduling for this run: every waiting thread may run (to its
    /// end, since the engine is terminating).
    pub fn release_all(&self) {
        let mut st = self.state.lock();
        st.released = true;
        self.publish(&st);
    }

    /// Copies who may run to `turn`.
    fn publish(&self, st: &State) {
        let turn = match (st.released, st.current) {
            (true, _) => OPEN,
            (false, Some(t)) => t,
            (false, None) => NOBODY,
        };
        self.turn.store(turn, Ordering::Release);
    }

    /// Whether thread `me` may run, by the copy in `turn` (a hint: a
    /// waiter polls it before it parks, then checks `may_run`).
    pub fn may_run_hint(&self, me: u32) -> bool {
        let t = self.turn.load(Ordering::Acquire);
        t == me || t == OPEN
    }

    /// Scheduling starts again after a stop or a deadlock (the engine runs
    /// another program): the lowest thread left holds the baton.
    pub fn resume(&self) {
        let mut st = self.state.lock();
        st.released = false;
        st.current = st.threads.keys().next().copied();
        for e in st.threads.values_mut() {
            e.blocked = None;
        }
        self.publish(&st);
    }

    /// Whether scheduling has ended for this run.
    pub fn is_released(&self) -> bool {
        self.state.lock().released
    }

    /// A scheduling point of the running thread `me`: one tick of the
    /// clock and, if others can run, a decision. Returns the thread to wake
    /// when the baton goes to another.
    /// `write` says whether the access it precedes is a write (which ends
    /// a spin).
    pub fn point(&self, me: u32, write: bool) -> Result<Option<Arc<ThreadRecord>>, SchedError> {
        let mut st = self.state.lock();
        if st.released {
            return Ok(None);
        }
        if write {
            st.streak = 0;
        }
        self.tick(&mut st)?;
        self.pass(&mut st, Some(me))
    }

    /// Thread `me` blocks on `wait` (until `deadline` on the virtual
    /// clock): it stops being runnable, and the baton goes to whoever is
    /// chosen (possibly `me` again, if its wait is already over).
    pub fn block(
        &self,
        me: u32,
        wait: WaitFor,
        deadline: Option<f64>,
    ) -> Result<Option<Arc<ThreadRecord>>, SchedError> {
        let mut st = self.state.lock();
        if st.released {
            return Ok(None);
        }
        self.tick(&mut st)?;
        if let Some(e) = st.threads.get_mut(&me) {
            e.blocked = Some(Blocked { wait, deadline });
        }
        if let Some((step, visible)) = st.next_steps.get_mut(&me) {
            step.action = Action::Wake;
            *visible = true;
        }
        self.pass(&mut st, None)
    }

    /// Thread `me` has ended: it leaves, and the baton goes on.
    pub fn exit(&self, me: u32) -> Result<Option<Arc<ThreadRecord>>, SchedError> {
        let mut st = self.state.lock();
        st.threads.remove(&me);
        st.next_steps.remove(&me);
        if st.released || st.current != Some(me) {
            return Ok(None);
        }
        if st.threads.is_empty() {
            st.current = None;
            self.publish(&st);
            return Ok(None);
        }
        self.pass(&mut st, None)
    }

    /// Withdraws a thread that was added but never started (the host
    /// refused a thread).
    pub fn remove(&self, id: u32) {
        self.state.lock().threads.remove(&id);
    }

    fn spin_limit(&self) -> u32 {
        match self.config.strategy {
            Strategy::Prefix(_) => EXPLORE_SPIN_LIMIT,
            _ => SPIN_LIMIT,
        }
    }

    fn tick(&self, st: &mut State) -> Result<(), SchedError> {
        st.steps += 1;
        if let Some(max) = self.config.max_steps
            && st.steps > max
        {
            st.released = true;
            self.publish(st);
            return Err(SchedError::StepLimit(max));
        }
        Ok(())
    }

    /// Chooses who runs next among the threads that can, `running` being
    /// the thread that was running if it can go on. Advances the virtual
    /// clock to the next deadline when no thread can run.
    fn pass(
        &self,
        st: &mut State,
        running: Option<u32>,
    ) -> Result<Option<Arc<ThreadRecord>>, SchedError> {
        let mut enabled = std::mem::take(&mut st.enabled);
        enabled_at(st, st.steps as f64 * STEP_MS + st.jumped_ms, &mut enabled);
        let result = self.pass_among(st, running, &mut enabled);
        st.enabled = enabled;
        result
    }

    fn pass_among(
        &self,
        st: &mut State,
        running: Option<u32>,
        enabled: &mut Vec<u32>,
    ) -> Result<Option<Arc<ThreadRecord>>, SchedError> {
        if enabled.is_empty() {
            let next = st
                .threads
                .values()
                .filter_map(|e| e.blocked.as_ref().and_then(|b| b.deadline))
                .min_by(f64::total_cmp);
            match next {
                Some(d) => {
                    let now = st.steps as f64 * STEP_MS + st.jumped_ms;
                    if d > now {
                        st.jumped_ms += d - now;
                    }
                    enabled_at(st, d.max(now), enabled);
                }
                None => {
                    st.released = true;
                    self.publish(st);
                    return Err(SchedError::Deadlock);
                }
            }
            if enabled.is_empty() {
                st.released = true;
                self.publish(st);
                return Err(SchedError::Deadlock);
            }
        }
        let chosen = if enabled.len() == 1 {
            enabled[0]
        } else {
            let spinning = running.is_some() && st.streak >= self.spin_limit();
            let choice = self.choose(st, enabled, running)?;
            st.chosen.push(choice);
            if matches!(self.config.strategy, Strategy::Prefix(_)) {
                // A switch away from a spinning thread is not a branch.
                st.decisions.push(Decision {
                    enabled: if spinning {
                        vec![choice]
                    } else {
                        enabled.clone()
                    },
                    chosen: choice,
                    running: running.filter(|_| !spinning),
                });
            }
            choice
        };
        // A streak counts decisions only: a thread running alone starves
        // nobody.
        if enabled.len() > 1 && Some(chosen) == running {
            st.streak += 1;
        } else {
            st.streak = 0;
        }
        let entry = st.threads.get_mut(&chosen).expect("an enabled thread");
        entry.blocked = None;
        let record = entry.record.clone();
        let previous = st.current.replace(chosen);
        self.publish(st);
        Ok((previous != Some(chosen)).then_some(record))
    }

    fn choose(
        &self,
        st: &mut State,
        enabled: &[u32],
        running: Option<u32>,
    ) -> Result<u32, SchedError> {
        let index = st.chosen.len();
        // A spinning thread goes to the back (see `SPIN_LIMIT`).
        let spinning = running.filter(|_| st.streak >= self.spin_limit());
        match &self.config.strategy {
            Strategy::Replay(list) => match list.get(index) {
                Some(&t) if enabled.contains(&t) => Ok(t),
                Some(&t) => Err(SchedError::Diverged(format!(
                    "the schedule does not fit this program: at decision {} it picks thread {t}, \
                     but only {} can run",
                    index + 1,
                    list_threads(enabled)
                ))),
                None => Err(SchedError::Diverged(format!(
                    "the schedule does not fit this program: it ends after {} decisions, \
                     but the program goes on ({} could run)",
                    list.len(),
                    list_threads(enabled)
                ))),
            },
            Strategy::Prefix(list) => match list.get(index) {
                Some(&t) if enabled.contains(&t) => Ok(t),
                Some(&t) => Err(SchedError::Diverged(format!(
                    "the program took a different path at decision {}: thread {t} cannot run \
                     (only {} can); is it nondeterministic?",
                    index + 1,
                    list_threads(enabled)
                ))),
                None => Ok(match (running, spinning) {
                    (Some(r), None) => r,
                    (Some(r), Some(_)) => next_after(enabled, r),
                    (None, _) => enabled[0],
                }),
            },
            Strategy::Step(list) => {
                // The running thread goes on by itself to its next visible step.
                let goes_on = running.filter(|r| {
                    enabled.contains(r) && st.next_steps.get(r).is_some_and(|(_, v)| !v)
                });
                if let Some(r) = goes_on {
                    return Ok(r);
                }
                match list.get(st.choices_used) {
                    Some(&t) if enabled.contains(&t) => {
                        st.choices_used += 1;
                        Ok(t)
                    }
                    Some(&t) => Err(SchedError::Diverged(format!(
                        "step {} picks thread {t}, but only {} can go on",
                        st.choices_used + 1,
                        list_threads(enabled)
                    ))),
                    None => {
                        let next = enabled
                            .iter()
                            .map(|&t| match st.next_steps.get(&t) {
                                Some((step, _)) => step.clone(),
                                None => Step {
                                    thread: t,
                                    line: 0,
                                    column: 0,
                                    action: Action::Start,
                                },
                            })
                            .collect();
                        st.pause = Some(Pause { next });
                        st.released = true;
                        self.publish(st);
                        Err(SchedError::Paused)
                    }
                }
            }
            Strategy::Random => Ok(enabled[st.rng.below(enabled.len() as u64) as usize]),
            Strategy::Pct { .. } => {
                let decision = index as u64 + 1;
                let mut drop = None;
                while st.change_points.first().is_some_and(|&c| c <= decision) {
                    st.change_points.remove(0);
                    drop = running;
                }
                if let Some(s) = spinning {
                    drop = Some(s);
                }
                if let Some(t) = drop {
                    st.lowest -= 1;
                    let low = st.lowest;
                    if let Some(e) = st.threads.get_mut(&t) {
                        e.priority = low;
                    }
                }
                Ok(*enabled
                    .iter()
                    .max_by_key(|&&t| (st.threads[&t].priority, std::cmp::Reverse(t)))
                    .expect("at least two threads"))
            }
        }
    }
}

/// The thread after `t` in `enabled` (cyclically).
fn next_after(enabled: &[u32], t: u32) -> u32 {
    enabled
        .iter()
        .copied()
        .find(|&x| x > t)
        .unwrap_or(enabled[0])
}

/// "thread 0 and thread 2", for divergence messages.
fn list_threads(ids: &[u32]) -> String {
    let mut s = String::new();
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            s.push_str(if i + 1 == ids.len() { " and " } else { ", " });
        }
        let _ = write!(s, "thread {id}");
    }
    s
}

/// Fills `out` with the threads that can run at virtual time `now`.
fn enabled_at(st: &State, now: f64, out: &mut Vec<u32>) {
    out.clear();
    out.extend(
        st.threads
            .iter()
            .filter(|(id, e)| match &e.blocked {
                None => true,
                Some(b) => b.deadline.is_some_and(|d| d <= now) || satisfied(&b.wait, **id, st),
            })
            .map(|(id, _)| *id),
    );
}

/// Whether thread `me`'s wait is over (what its `ready` check will find).
fn satisfied(wait: &WaitFor, me: u32, st: &State) -> bool {
    match wait {
        WaitFor::Join(t) => t.is_finished(),
        WaitFor::Lock(core) => core.owner() == Some(me),
        WaitFor::Condition { ticket, .. } | WaitFor::Atomics { ticket, .. } => {
            ticket.load(Ordering::Acquire)
        }
        WaitFor::EventLoop { .. } => st.threads[&me].record.has_messages(),
        WaitFor::OtherThreads => st.threads.len() <= 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strategies_parse() {
        assert_eq!(
            Strategy::parse("pct").unwrap(),
            Strategy::Pct { depth: 3, steps: 0 }
        );
        assert_eq!(
            Strategy::parse("pct:2:50").unwrap(),
            Strategy::Pct {
                depth: 2,
                steps: 50
            }
        );
        assert_eq!(Strategy::parse("random").unwrap(), Strategy::Random);
        assert!(Strategy::parse("fifo").is_err());
        assert!(Strategy::parse("pct:0").is_err());
    }

    #[test]
    fn the_generator_is_a_function_of_its_seed() {
        let a: Vec<u64> = (0..4)
            .scan(SplitMix64::new(7), |g, _| Some(g.next_u64()))
            .collect();
        let b: Vec<u64> = (0..4)
            .scan(SplitMix64::new(7), |g, _| Some(g.next_u64()))
            .collect();
        assert_eq!(a, b);
        let mut g = SplitMix64::new(1);
        assert!((0..1000).all(|_| g.below(3) < 3));
    }
}
