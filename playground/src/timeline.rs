//! What the threads of one run did over time, rebuilt from the engine's
//! trace events (`engine.run(…, { trace: true, onEvent })`): one lane per
//! thread made of state segments, the arrows between lanes (thread start,
//! lock hand-off, join, notify), and the locks and conditions as they stand
//! now. Pure data, fed event by event while the program runs; the views
//! (threads_view, locks_view) only draw it. Times are milliseconds since
//! the run's first event.

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use weft_vocabulary::trace::{BlockReason, EventKind, TraceEvent};

/// What a thread waits for while blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    Lock(u64),
    Join(u32),
    Condition(u64),
    Atomics,
    /// An idle event loop waiting for async operations to settle.
    EventLoop,
    /// The main thread waiting for the program's other threads to end.
    Threads,
}

impl Wait {
    fn from_event(reason: BlockReason, target: u64) -> Wait {
        match reason {
            BlockReason::Lock => Wait::Lock(target),
            BlockReason::Join => Wait::Join(target as u32),
            BlockReason::Condition => Wait::Condition(target),
            BlockReason::AtomicsWait => Wait::Atomics,
            BlockReason::Threads => Wait::Threads,
            BlockReason::EventLoop => Wait::EventLoop,
        }
    }

    /// "Lock #2", "thread 3 to finish", …: what the wait is for.
    pub fn describe(self) -> String {
        match self {
            Wait::Lock(id) => format!("Lock #{id}"),
            Wait::Join(t) => format!("{} to finish (join)", thread_name(t)),
            Wait::Condition(id) => format!("a notify on Condition #{id}"),
            Wait::Atomics => "an Atomics.notify (Atomics.wait)".to_string(),
            Wait::EventLoop => "async operations to settle".to_string(),
            Wait::Threads => "the other threads to end".to_string(),
        }
    }
}

/// A thread's state over one stretch of time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum State {
    /// Created; not yet running on a worker.
    Starting,
    Running,
    /// Step by step: it could run, but another thread holds the baton.
    Turn,
    Blocked(Wait),
    /// Past the point where the trace was thinned: no details recorded.
    Untraced,
}

impl State {
    /// The CSS class of the state (lane colours follow profilers' thread
    /// views: green running, yellow/orange waiting, red blocked on a lock).
    pub fn class(self) -> &'static str {
        match self {
            State::Starting => "starting",
            State::Running => "running",
            State::Turn => "turn",
            State::Blocked(Wait::Lock(_)) => "blocked-lock",
            State::Blocked(Wait::Join(_)) => "blocked-join",
            State::Blocked(Wait::Condition(_)) => "blocked-condition",
            State::Blocked(Wait::Atomics) => "blocked-atomics",
            State::Blocked(Wait::EventLoop | Wait::Threads) => "waiting",
            State::Untraced => "untraced",
        }
    }

    /// How a segment in this state reads in a tooltip.
    pub fn describe(self) -> String {
        match self {
            State::Starting => "starting (waiting for a worker)".to_string(),
            State::Running => "running".to_string(),
            State::Turn => "waiting its turn (another thread runs)".to_string(),
            State::Blocked(wait) => format!("blocked on {}", wait.describe()),
            State::Untraced => "running (trace thinned: details not recorded)".to_string(),
        }
    }
}

/// One stretch of a lane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub start: f64,
    pub end: f64,
    pub state: State,
}

/// How a thread ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Finished,
    Failed,
    /// Still going when the run ended (it was stopped, or a deadlock ended
    /// the program).
    Cut,
}

/// One thread's lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub thread: u32,
    pub parent: Option<u32>,
    pub segments: Vec<Segment>,
    /// The state it is in now and since when; None once it has ended.
    pub current: Option<(State, f64)>,
    pub ended: Option<(Ending, f64)>,
}

impl Lane {
    fn new(thread: u32, parent: Option<u32>, state: State, time: f64) -> Lane {
        Lane {
            thread,
            parent,
            segments: Vec::new(),
            current: Some((state, time)),
            ended: None,
        }
    }

    /// Closes the current segment at `time` and enters `next`.
    fn enter(&mut self, next: Option<State>, time: f64) {
        if let Some((state, start)) = self.current.take()
            && time > start
        {
            self.segments.push(Segment {
                start,
                end: time,
                state,
            });
        }
        self.current = next.map(|s| (s, time));
    }

    /// The state now (None after the thread ended).
    pub fn state(&self) -> Option<State> {
        self.current.map(|(s, _)| s)
    }
}

/// Why an arrow joins two lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowKind {
    /// A parent started a thread.
    Spawn,
    /// A lock released by one thread was taken by a thread waiting for it.
    HandOff(u64),
    /// A thread finished and its joiner went on.
    Join,
    /// A notify woke a thread waiting on a condition.
    Notify(u64),
    /// Two accesses that race (the race detector's pair): nothing orders
    /// them, so the arrow is a link, not happens-before.
    Race,
}

impl ArrowKind {
    pub fn class(self) -> &'static str {
        match self {
            ArrowKind::Spawn => "spawn",
            ArrowKind::HandOff(_) => "handoff",
            ArrowKind::Join => "join",
            ArrowKind::Notify(_) => "notify",
            ArrowKind::Race => "race",
        }
    }
}

/// An arrow from one lane at one time to another lane at a later time
/// (happens-before, as Perfetto draws flows).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub kind: ArrowKind,
    pub from: (u32, f64),
    pub to: (u32, f64),
}

/// A Lock as the trace shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LockInfo {
    pub owner: Option<u32>,
    pub waiters: BTreeSet<u32>,
    pub acquisitions: u64,
    /// Acquisitions that had to wait for another thread.
    pub contended: u64,
    last_release: Option<(u32, f64)>,
}

/// A Condition as the trace shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConditionInfo {
    pub waiters: BTreeSet<u32>,
    pub notifies: u64,
    pub woken: u64,
    last_notify: Option<(u32, f64)>,
}

/// The arrows kept for drawing: beyond this many, hand-offs are only counted.
const MAX_ARROWS: usize = 2_000;

/// Everything the trace of one run has shown so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    origin: Option<f64>,
    /// The latest event time.
    pub last: f64,
    pub lanes: BTreeMap<u32, Lane>,
    pub arrows: Vec<Arrow>,
    /// Arrows not kept because there were too many to draw.
    pub arrows_dropped: usize,
    pub locks: BTreeMap<u64, LockInfo>,
    pub conditions: BTreeMap<u64, ConditionInfo>,
    /// Collections: (start, end); end is None while one runs.
    pub collections: Vec<(f64, Option<f64>)>,
    /// When the engine began thinning the trace (only lifecycle events after).
    pub thinned_at: Option<f64>,
    /// Thread creations not yet matched with the child's start: child → (parent, time).
    created: HashMap<u32, (u32, f64)>,
    ended_at: HashMap<u32, f64>,
}

/// "main" for thread 0, "thread N" otherwise.
pub fn thread_name(thread: u32) -> String {
    if thread == 0 {
        "main".to_string()
    } else {
        format!("thread {thread}")
    }
}

impl Timeline {
    /// A time on the engine's clock as milliseconds since the first event.
    pub fn relative(&self, absolute: f64) -> f64 {
        self.origin.map_or(0.0, |o| (absolute - o).max(0.0))
    }

    /// The latest event's time on the engine's clock.
    pub fn latest_absolute(&self) -> f64 {
        self.origin.unwrap_or(0.0) + self.last
    }

    /// Folds `events` (in time order) into the timeline.
    pub fn apply_all(&mut self, events: &[TraceEvent]) {
        for e in events {
            self.apply(e);
        }
    }

    fn lane(&mut self, thread: u32, time: f64) -> &mut Lane {
        self.lanes
            .entry(thread)
            .or_insert_with(|| Lane::new(thread, None, State::Running, time))
    }

    fn arrow(&mut self, kind: ArrowKind, from: (u32, f64), to: (u32, f64)) {
        if self.arrows.len() < MAX_ARROWS {
            self.arrows.push(Arrow { kind, from, to });
        } else {
            self.arrows_dropped += 1;
        }
    }

    /// Folds one event into the timeline.
    pub fn apply(&mut self, e: &TraceEvent) {
        let origin = *self.origin.get_or_insert(e.time);
        let t = (e.time - origin).max(0.0);
        self.last = self.last.max(t);
        let thread = e.thread;
        match &e.kind {
            &EventKind::ThreadCreated { child } => {
                self.created.insert(child, (thread, t));
                self.lanes
                    .entry(child)
                    .or_insert_with(|| Lane::new(child, Some(thread), State::Starting, t));
            }
            EventKind::ThreadStarted => {
                let untraced = self.thinned_at.is_some();
                let lane = self.lane(thread, t);
                lane.enter(
                    Some(if untraced {
                        State::Untraced
                    } else {
                        State::Running
                    }),
                    t,
                );
                if let Some((parent, at)) = self.created.remove(&thread) {
                    self.arrow(ArrowKind::Spawn, (parent, at), (thread, t));
                }
            }
            &EventKind::Blocked { reason, target } => {
                let wait = Wait::from_event(reason, target);
                match wait {
                    Wait::Lock(id) => {
                        self.locks.entry(id).or_default().waiters.insert(thread);
                    }
                    Wait::Condition(id) => {
                        self.conditions
                            .entry(id)
                            .or_default()
                            .waiters
                            .insert(thread);
                    }
                    _ => {}
                }
                self.lane(thread, t).enter(Some(State::Blocked(wait)), t);
            }
            EventKind::TurnEnded => self.lane(thread, t).enter(Some(State::Turn), t),
            EventKind::TurnStarted => self.lane(thread, t).enter(Some(State::Running), t),
            EventKind::Unblocked => {
                let previous = self.lane(thread, t).state();
                match previous {
                    Some(State::Blocked(Wait::Lock(id))) => {
                        let lock = self.locks.entry(id).or_default();
                        lock.waiters.remove(&thread);
                        lock.contended += 1;
                        if let Some(from) = lock.last_release {
                            self.arrow(ArrowKind::HandOff(id), from, (thread, t));
                        }
                    }
                    Some(State::Blocked(Wait::Join(target))) => {
                        if let Some(&end) = self.ended_at.get(&target) {
                            self.arrow(ArrowKind::Join, (target, end), (thread, t));
                        }
                    }
                    Some(State::Blocked(Wait::Condition(id))) => {
                        let condition = self.conditions.entry(id).or_default();
                        condition.waiters.remove(&thread);
                        if let Some(from) = condition.last_notify {
                            self.arrow(ArrowKind::Notify(id), from, (thread, t));
                        }
                    }
                    _ => {}
                }
                self.lane(thread, t).enter(Some(State::Running), t);
            }
            &EventKind::LockAcquired { lock: id } => {
                let lock = self.locks.entry(id).or_default();
                lock.owner = Some(thread);
                lock.acquisitions += 1;
            }
            &EventKind::LockReleased { lock: id } => {
                let lock = self.locks.entry(id).or_default();
                if lock.owner == Some(thread) {
                    lock.owner = None;
                }
                lock.last_release = Some((thread, t));
            }
            &EventKind::Notify {
                condition: id,
                woken,
            } => {
                let condition = self.conditions.entry(id).or_default();
                condition.notifies += 1;
                condition.woken += u64::from(woken);
                condition.last_notify = Some((thread, t));
            }
            EventKind::ThreadFinished | EventKind::ThreadFailed => {
                let ending = if e.kind == EventKind::ThreadFailed {
                    Ending::Failed
                } else {
                    Ending::Finished
                };
                let lane = self.lane(thread, t);
                lane.enter(None, t);
                lane.ended = Some((ending, t));
                self.ended_at.insert(thread, t);
                // A thread that ends holds nothing and waits for nothing.
                for lock in self.locks.values_mut() {
                    lock.waiters.remove(&thread);
                }
                for condition in self.conditions.values_mut() {
                    condition.waiters.remove(&thread);
                }
            }
            &EventKind::DataRace {
                first_thread,
                first_time,
                ..
            } => {
                let from = (first_time - origin).max(0.0);
                self.arrow(ArrowKind::Race, (first_thread, from), (thread, t));
            }
            EventKind::GcStart => self.collections.push((t, None)),
            EventKind::GcEnd { .. } => {
                if let Some(last) = self.collections.last_mut() {
                    last.1.get_or_insert(t);
                }
            }
            EventKind::TraceThinned => {
                self.thinned_at = Some(t);
                for lane in self.lanes.values_mut() {
                    if lane.current.is_some() {
                        lane.enter(Some(State::Untraced), t);
                    }
                }
                for lock in self.locks.values_mut() {
                    lock.owner = None;
                    lock.waiters.clear();
                }
            }
            _ => {}
        }
    }

    /// Closes every lane still open when the run ended at `absolute` (the
    /// engine's clock): the main thread (whose end the trace does not
    /// record) as finished, or failed when the program failed; any other as
    /// cut off.
    pub fn end_run(&mut self, absolute: f64, failed: bool) {
        let t = self.relative(absolute).max(self.last);
        self.last = t;
        for lane in self.lanes.values_mut() {
            if lane.ended.is_some() {
                continue;
            }
            lane.enter(None, t);
            lane.ended = Some(match (lane.thread, failed) {
                (0, false) => (Ending::Finished, t),
                (0, true) => (Ending::Failed, t),
                _ => (Ending::Cut, t),
            });
        }
    }

    /// Threads in the order they appear in lanes.
    pub fn threads(&self) -> impl Iterator<Item = u32> + '_ {
        self.lanes.keys().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event from its JSON kind and fields, as the engine sends it.
    fn event_with(time: f64, thread: u32, kind: &str, fields: serde_json::Value) -> TraceEvent {
        let mut json = serde_json::json!({ "time": time, "thread": thread, "kind": kind });
        if let (Some(o), serde_json::Value::Object(f)) = (json.as_object_mut(), fields) {
            o.extend(f);
        }
        serde_json::from_value(json).expect("an engine event")
    }

    fn event(time: f64, thread: u32, kind: &str) -> TraceEvent {
        event_with(time, thread, kind, serde_json::Value::Null)
    }

    fn blocked(time: f64, thread: u32, reason: &str, target: u64) -> TraceEvent {
        let fields = serde_json::json!({ "reason": reason, "target": target });
        event_with(time, thread, "blocked", fields)
    }

    /// A lock event: `kind` "lock-acquired" or "lock-released".
    fn lock_event(time: f64, thread: u32, kind: &str, lock: u64) -> TraceEvent {
        event_with(time, thread, kind, serde_json::json!({ "lock": lock }))
    }

    /// main starts thread 1; both take Lock #1; thread 1 waits for it, gets
    /// it from main, finishes; main joins it.
    fn handoff_run() -> Timeline {
        let created = event_with(
            1000.0,
            0,
            "thread-created",
            serde_json::json!({ "child": 1 }),
        );
        let mut timeline = Timeline::default();
        timeline.apply_all(&[
            event(1000.0, 0, "thread-started"),
            created,
            lock_event(1001.0, 0, "lock-acquired", 1),
            event(1002.0, 1, "thread-started"),
            blocked(1002.5, 1, "lock", 1),
            lock_event(1004.0, 0, "lock-released", 1),
            event(1004.2, 1, "unblocked"),
            lock_event(1004.2, 1, "lock-acquired", 1),
            blocked(1004.5, 0, "join", 1),
            lock_event(1005.0, 1, "lock-released", 1),
            event(1006.0, 1, "thread-finished"),
            event(1006.3, 0, "unblocked"),
            event(1007.0, 0, "thread-finished"),
        ]);
        timeline
    }

    #[test]
    fn lanes_are_segments_of_running_and_blocked_with_what_was_waited_for() {
        let t = handoff_run();
        let worker = &t.lanes[&1];
        let states: Vec<_> = worker.segments.iter().map(|s| s.state).collect();
        assert_eq!(
            states,
            [
                State::Starting,
                State::Running,
                State::Blocked(Wait::Lock(1)),
                State::Running
            ]
        );
        let wait = worker.segments[2];
        assert!((wait.end - wait.start - 1.7).abs() < 1e-9, "{wait:?}");
        assert_eq!(worker.ended, Some((Ending::Finished, 6.0)));
        assert_eq!(t.lanes[&0].segments[1].state, State::Blocked(Wait::Join(1)));
        assert_eq!(t.last, 7.0);
        assert_eq!(t.lanes[&1].parent, Some(0));
    }

    #[test]
    fn hand_offs_joins_and_starts_are_arrows_between_lanes() {
        let t = handoff_run();
        let kinds: Vec<_> = t.arrows.iter().map(|a| a.kind).collect();
        assert_eq!(
            kinds,
            [ArrowKind::Spawn, ArrowKind::HandOff(1), ArrowKind::Join]
        );
        assert_eq!(t.arrows[1].from, (0, 4.0));
        assert!((t.arrows[1].to.1 - 4.2).abs() < 1e-9);
        assert_eq!(t.arrows[2].from, (1, 6.0));
        assert_eq!(t.arrows[2].to.0, 0);
    }

    #[test]
    fn locks_know_their_owner_waiters_and_contention() {
        let mut t = Timeline::default();
        t.apply_all(&[
            lock_event(0.0, 1, "lock-acquired", 7),
            blocked(1.0, 2, "lock", 7),
        ]);
        let lock = &t.locks[&7];
        assert_eq!(lock.owner, Some(1));
        assert_eq!(lock.waiters.iter().copied().collect::<Vec<_>>(), [2]);
        t.apply_all(&[
            lock_event(2.0, 1, "lock-released", 7),
            event(2.1, 2, "unblocked"),
            lock_event(2.1, 2, "lock-acquired", 7),
        ]);
        let lock = &t.locks[&7];
        assert_eq!(lock.owner, Some(2));
        assert!(lock.waiters.is_empty());
        assert_eq!((lock.acquisitions, lock.contended), (2, 1));
    }

    #[test]
    fn a_thinned_trace_marks_lanes_untraced_but_still_ends_them() {
        let mut t = Timeline::default();
        t.apply_all(&[
            event(0.0, 0, "thread-started"),
            blocked(1.0, 0, "lock", 3),
            event(2.0, 0, "trace-thinned"),
            event(5.0, 0, "thread-finished"),
        ]);
        let lane = &t.lanes[&0];
        assert_eq!(lane.segments.last().map(|s| s.state), Some(State::Untraced));
        assert_eq!(lane.ended, Some((Ending::Finished, 5.0)));
        assert!(t.locks[&3].waiters.is_empty());
    }

    #[test]
    fn the_end_of_the_run_closes_main_and_cuts_the_rest() {
        let mut t = Timeline::default();
        t.apply_all(&[
            event(100.0, 0, "thread-started"),
            event(101.0, 1, "thread-started"),
            blocked(102.0, 2, "lock", 1),
        ]);
        t.end_run(110.0, true);
        assert_eq!(t.lanes[&0].ended, Some((Ending::Failed, 10.0)));
        assert_eq!(t.lanes[&1].ended, Some((Ending::Cut, 10.0)));
        assert_eq!(t.lanes[&2].segments.last().map(|s| s.end), Some(10.0));
        assert_eq!(t.last, 10.0);
    }

    #[test]
    fn events_parse_from_the_engines_json() {
        let json = r#"[{"kind":"blocked","reason":"join","target":1,"thread":0,"time":12.5},
                       {"child":2,"kind":"thread-created","thread":0,"time":13}]"#;
        let events: Vec<TraceEvent> = serde_json::from_str(json).expect("parses");
        let mut t = Timeline::default();
        t.apply_all(&events);
        assert_eq!(t.lanes[&0].state(), Some(State::Blocked(Wait::Join(1))));
        assert_eq!(t.lanes[&2].state(), Some(State::Starting));
    }

    #[test]
    fn a_data_race_links_both_accesses_on_the_lanes() {
        let race = event_with(
            105.0,
            2,
            "data-race",
            serde_json::json!({ "text": "data race on box.n", "firstThread": 1, "firstTime": 102.0 }),
        );
        let mut t = Timeline::default();
        t.apply_all(&[event(100.0, 0, "thread-started"), race]);
        assert_eq!(t.arrows.len(), 1);
        assert_eq!(t.arrows[0].kind, ArrowKind::Race);
        assert_eq!(t.arrows[0].from, (1, 2.0));
        assert_eq!(t.arrows[0].to, (2, 5.0));
    }

    #[test]
    fn a_thread_that_lost_the_baton_waits_its_turn() {
        let mut t = Timeline::default();
        t.apply_all(&[
            event(0.0, 1, "thread-started"),
            event(1.0, 1, "turn-ended"),
            event(3.0, 1, "turn-started"),
        ]);
        let states: Vec<(f64, f64, State)> = t.lanes[&1]
            .segments
            .iter()
            .map(|s| (s.start, s.end, s.state))
            .collect();
        assert_eq!(
            states,
            [(0.0, 1.0, State::Running), (1.0, 3.0, State::Turn)]
        );
        assert_eq!(t.lanes[&1].state(), Some(State::Running));
    }
}
