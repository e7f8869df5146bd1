//! The step log of a scheduled run: what each thread did that another
//! thread could see, in the order it happened (`weft_vocabulary::Step`).
//!
//! Recorded only when asked for (`ScheduleConfig::steps`, and always in
//! step mode), on the cold path of a scheduling point: the thread holds the
//! baton when it records, so the log's order is the run's. A step is
//! *visible* when it touches what threads share: a write, a read of an
//! enumerable own data property (not a method on a prototype, not a
//! built-in global), a read of a non-const captured or global variable,
//! and every synchronization event (lock, block, wake, notify, a thread's
//! start and end, a print). Only visible steps are logged, and step mode
//! asks the learner only before them.

use std::hash::{Hash, Hasher};

use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::Mutex;
use weft_vocabulary::{Action, Step};

use super::baton::Touch;
use crate::heap::Gc;
use crate::interpreter::Vm;
use crate::object::{JsObject, PropertyKey};
use crate::string::atom::names;
use crate::trace::EventKind;
use crate::value::Value;

/// Steps a run records. Past them the log stops, and (outside step mode)
/// so does describing steps, which costs far more than running them: a
/// person reads a few thousand steps, not a loop's millions.
pub const STEP_LIMIT: usize = 10_000;

/// The steps of one run (`Threads::steps`).
#[derive(Default)]
pub struct StepLog {
    steps: Mutex<Vec<Step>>,
    /// The log reached `STEP_LIMIT`.
    full: AtomicBool,
    /// Step mode needs every step described (it stops before the visible
    /// ones), full or not.
    step_mode: bool,
    /// Set when the engine ends the run (`Engine::terminate`): what the
    /// threads do while unwinding is not part of it.
    closed: AtomicBool,
    /// Each location's number, in the order first touched (so a replay
    /// numbers them alike): keyed by the object's address and the key.
    locations: Mutex<std::collections::HashMap<(Value, u64), u64>>,
}

impl StepLog {
    /// Appends `step` (by the baton's holder). Nothing is logged once the
    /// run has ended for the scheduler (stopped, paused, deadlocked): the
    /// threads then unwind in an order host timing decides.
    pub(crate) fn push(&self, engine: &crate::engine::Engine, step: Step) {
        // The scheduler releases the baton (under its lock) before the
        // engine records why it ended the run.
        let released = engine
            .threads
            .scheduler
            .as_ref()
            .is_some_and(|s| s.is_released());
        if released || self.closed.load(Ordering::Acquire) {
            return;
        }
        let mut steps = self.steps.lock();
        if steps.len() < STEP_LIMIT {
            steps.push(step);
        } else {
            self.full.store(true, Ordering::Relaxed);
        }
    }

    /// A log for a run in step mode or not.
    pub fn new(step_mode: bool) -> StepLog {
        StepLog {
            step_mode,
            ..StepLog::default()
        }
    }

    /// Whether steps are still described.
    fn describing(&self) -> bool {
        self.step_mode || !self.full.load(Ordering::Relaxed)
    }

    /// The run has ended: nothing more is logged.
    pub(crate) fn close(&self) {
        self.closed.store(true, Ordering::Release);
    }

    /// The number of the location `key` of `object`.
    fn location(&self, object: Value, key: u64) -> u64 {
        let mut ids = self.locations.lock();
        let next = ids.len() as u64 + 1;
        *ids.entry((object, key)).or_insert(next)
    }

    /// The steps so far, and whether the log stopped at its limit.
    pub fn snapshot(&self) -> (Vec<Step>, bool) {
        (self.steps.lock().clone(), self.full.load(Ordering::Relaxed))
    }
}

impl Vm {
    /// Whether this run records (and describes) its steps.
    pub(crate) fn records_steps(&self) -> bool {
        self.engine
            .threads
            .steps
            .as_ref()
            .is_some_and(StepLog::describing)
    }

    /// The running instruction's line and column (0, 0 outside JS code).
    fn step_position(&self) -> (u32, u32) {
        let Some(frame) = self.frames.last() else {
            return (0, 0);
        };
        let code = &frame.code;
        code.position(frame.pc.saturating_sub(1))
            .map_or((0, 0), |o| code.source.line_col(o))
    }

    /// A step of this thread at the running instruction.
    pub(crate) fn step_here(&self, action: Action) -> Step {
        let (line, column) = self.step_position();
        Step {
            thread: self.thread.id,
            line,
            column,
            action,
        }
    }

    /// The step a shared access is about to take, and whether it is
    /// visible; `written` is the value a write stores.
    pub(crate) fn describe_touch(&mut self, touch: &Touch, written: Option<Value>) -> (Step, bool) {
        let described = self.touched(touch);
        let Some((at, place, now)) = described else {
            return (self.step_here(Action::Continue), false);
        };
        let action = match written {
            Some(v) => Action::Write {
                place,
                value: brief(v),
                at,
            },
            None => match now {
                // Reading a method is not what threads share.
                Some(v) if !self.is_callable(v) => Action::Read {
                    place,
                    value: brief(v),
                    at,
                },
                _ => return (self.step_here(Action::Continue), false),
            },
        };
        (self.step_here(action), true)
    }

    /// What `touch` names: its location, its place's name, and its value
    /// now if a read of it is visible (see the module's doc); None when no
    /// access to it is a step.
    fn touched(&mut self, touch: &Touch) -> Option<(u64, String, Option<Value>)> {
        match *touch {
            Touch::Named { object, name } => {
                let key = self.constant_key(&self.frames.last()?.code, name);
                self.touched_property(object, key)
            }
            Touch::Element { object, key } => {
                let key = super::baton::plain_key(key)?;
                self.touched_property(object, key)
            }
            Touch::Variable { depth, slot } => {
                let (env, name, constant) = self.env_at(depth, slot);
                // A const, or a binding nobody assigns after initializing
                // it, cannot race: neither its initialization nor reading
                // it is a step.
                let assigned = self
                    .env_at_depth(depth)
                    .scope
                    .as_ref()
                    .is_none_or(|s| s.assigned.get(slot as usize).copied().unwrap_or(true));
                if constant || !assigned {
                    return None;
                }
                Some((
                    self.location(env, slot as u64),
                    name.unwrap_or_else(|| "a variable".into()),
                    Some(self.env_slot(depth, slot).load()),
                ))
            }
            Touch::Global(name) => {
                let atom = self.constant_atom(&self.frames.last()?.code, name);
                let realm = self.current_realm();
                let place = String::from_utf16_lossy(atom.text());
                let global = realm.global();
                let at = self.location(Value::object(global), atom_hash(atom));
                if let Some(cell) = realm.lexical(atom) {
                    return (!cell.constant).then(|| (at, place, Some(cell.value.load())));
                }
                let value = self
                    .ordinary_get_own_property(global, PropertyKey::Atom(atom))
                    .filter(|d| d.enumerable == Some(true))
                    .and_then(|d| d.value);
                Some((at, place, value))
            }
        }
    }

    fn touched_property(
        &mut self,
        object: Value,
        key: PropertyKey,
    ) -> Option<(u64, String, Option<Value>)> {
        let o = object.as_object()?;
        if crate::builtins::proxy::is_proxy(o) {
            return None;
        }
        // The source names the place (`counter.n`, `items[i]`); an
        // element is named by the index it is (`items[3]`), so the shared
        // memory panel tells `items[0]` from `items[1]`.
        let place = match (key, self.place_name(key)) {
            (PropertyKey::Index(i), name) => match name.split_once('[') {
                Some((base, _)) if !base.is_empty() => format!("{base}[{i}]"),
                _ => name,
            },
            (_, name) => name,
        };
        let at = self.location(
            object,
            match key {
                PropertyKey::Index(i) => u64::from(i) << 1,
                PropertyKey::Atom(a) => atom_hash(a) | 1,
            },
        );
        let own = match crate::builtins::typed_array::get_own_property(self, o, key) {
            Some(r) => r.ok().flatten(),
            None => self.ordinary_get_own_property(o, key),
        };
        let value = own
            .filter(|d| d.enumerable == Some(true))
            .and_then(|d| d.value);
        Some((at, place, value))
    }

    /// The step a call to a synchronization built-in is (taking a Lock,
    /// waiting on or notifying a Condition, joining a Thread, an Atomics
    /// operation): visible, so step mode stops before it. None for other
    /// calls.
    pub(crate) fn describe_call(&mut self, callee: Gc<JsObject>, this: Value) -> Option<Action> {
        let name = match self.ordinary_get_own_property(callee, PropertyKey::Atom(names::NAME)) {
            Some(d) => d.value.and_then(|v| v.as_string())?,
            None => return None,
        };
        let name = String::from_utf16_lossy(name.units());
        #[cfg(feature = "threads")]
        if let Some(target) = this.as_object() {
            if let Some((kind, id)) = crate::builtins::lock::sync_id(&target) {
                if kind == "Lock" && matches!(name.as_str(), "hold" | "asyncHold") {
                    return Some(Action::Acquire { lock: id });
                }
                return Some(Action::Call {
                    call: format!("{kind} #{id}.{name}(…)"),
                });
            }
            if let Some(t) = target
                .kind
                .builtin::<crate::builtins::thread::ThreadState>()
            {
                return Some(Action::Call {
                    call: format!("{name} thread {}", t.record.id),
                });
            }
        }
        let atomics = self
            .ordinary_get_own_property(
                self.current_realm().global(),
                PropertyKey::from_text("Atomics"),
            )
            .and_then(|d| d.value);
        (atomics == Some(this)).then(|| Action::Call {
            call: format!("Atomics.{name}(…)"),
        })
    }

    /// Location number of `key` of `object` in this run's log.
    fn location(&self, object: Value, key: u64) -> u64 {
        self.engine
            .threads
            .steps
            .as_ref()
            .map_or(0, |log| log.location(object, key))
    }

    /// Logs a synchronization event as a step (with the step log on).
    pub(crate) fn record_event_step(&self, kind: &EventKind) {
        let Some(log) = &self.engine.threads.steps else {
            return;
        };
        let action = match kind {
            EventKind::ThreadCreated { child } => Action::Spawn { child: *child },
            EventKind::ThreadStarted => Action::Start,
            EventKind::ThreadFinished => Action::End,
            EventKind::ThreadFailed => Action::Fail,
            EventKind::Blocked { reason, target } => Action::Block {
                reason: *reason,
                target: *target,
            },
            EventKind::Unblocked => Action::Wake,
            EventKind::LockAcquired { lock } => Action::Acquire { lock: *lock },
            EventKind::LockReleased { lock } => Action::Release { lock: *lock },
            EventKind::Notify { condition, woken } => Action::Notify {
                condition: *condition,
                woken: *woken,
            },
            EventKind::Console { text, .. } => Action::Print {
                text: text.to_string(),
            },
            EventKind::GcStart
            | EventKind::GcEnd { .. }
            | EventKind::DataRace { .. }
            | EventKind::TurnEnded
            | EventKind::TurnStarted
            | EventKind::TraceThinned
            | EventKind::Unknown => return,
        };
        log.push(&self.engine, self.step_here(action));
    }
}

fn atom_hash(a: crate::string::atom::Atom) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    a.hash(&mut h);
    h.finish()
}

/// A value as a step shows it: short, and without running any JS.
pub fn brief(v: Value) -> String {
    if let Some(n) = v.as_number() {
        return crate::value::number::number_to_string(n);
    }
    if let Some(b) = v.as_bool() {
        return b.to_string();
    }
    if v.is_undefined() {
        return "undefined".into();
    }
    if v.is_null() {
        return "null".into();
    }
    if let Some(s) = v.as_string() {
        let text = String::from_utf16_lossy(s.units());
        let mut short: String = text.chars().take(24).collect();
        if short.len() < text.len() {
            short.push('…');
        }
        return format!("{short:?}");
    }
    if let Some(b) = v.as_bigint() {
        return format!("{}n", &*b);
    }
    if let Some(a) = v.as_symbol() {
        return format!("Symbol({})", String::from_utf16_lossy(a.text()));
    }
    #[cfg(feature = "threads")]
    if let Some(o) = v.as_object() {
        if let Some((kind, id)) = crate::builtins::lock::sync_id(&o) {
            return format!("{kind} #{id}");
        }
        if let Some(t) = o.kind.builtin::<crate::builtins::thread::ThreadState>() {
            return format!("Thread {}", t.record.id);
        }
    }
    match v.as_object() {
        Some(o) if o.kind.is_callable() => "ƒ".into(),
        Some(o) if o.kind.is_array() => format!("Array({})", o.length()),
        Some(_) => "{…}".into(),
        None => "?".into(),
    }
}
