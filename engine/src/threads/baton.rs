//! How a JS thread takes part in `scheduled` mode: its scheduling points,
//! waiting for the baton, blocking and ending (the choices themselves are
//! `scheduler.rs`).
//!
//! A thread waits for the baton without heap access, like a blocked thread
//! (a collection started by the running thread never waits for it), and
//! wakes when the baton is handed to it, when the engine ends the program
//! (then every thread runs freely to its end, unwinding), or spuriously.

use super::scheduler::SchedError;
use super::{Termination, WaitFor};
use crate::interpreter::{JsResult, Vm};
use crate::value::Value;

/// Polls of the baton before a waiting thread parks.
const SPIN_POLLS: u32 = 4096;

impl Vm {
    /// A scheduling point (a shared access, a synchronization operation, a
    /// task's start): in `scheduled` mode the scheduler may run another
    /// thread first. One predictable branch in the other modes.
    #[inline]
    pub fn sched_point(&mut self) -> JsResult<()> {
        if self.scheduled {
            if self.records_steps() {
                let next = self.step_here(weft_vocabulary::Action::Continue);
                self.scheduler().announce(next, false);
            }
            self.sched_point_slow(false)
        } else {
            Ok(())
        }
    }

    /// The scheduling point before a native call, with the step log on:
    /// a call into a synchronization built-in is a visible step.
    #[cold]
    pub(crate) fn sched_call_point(
        &mut self,
        callee: crate::heap::Gc<crate::object::JsObject>,
        this: Value,
    ) -> JsResult<()> {
        use weft_vocabulary::Action;
        let action = self.describe_call(callee, this);
        let visible = action.is_some();
        let step = self.step_here(action.unwrap_or(Action::Continue));
        self.scheduler().announce(step.clone(), visible);
        self.sched_point_slow(false)?;
        // A Lock's acquisition is logged when it happens (it may block).
        if visible
            && !matches!(step.action, Action::Acquire { .. })
            && let Some(log) = &self.engine.threads.steps
        {
            log.push(&self.engine, step);
        }
        Ok(())
    }

    #[cold]
    fn sched_point_slow(&mut self, write: bool) -> JsResult<()> {
        if self.engine.is_interrupted() {
            return Err(Value::TERMINATE);
        }
        let decided = self.scheduler().point(self.thread.id, write);
        // The lanes show a thread that lost the baton as waiting its turn.
        let switched = matches!(decided, Ok(Some(_)));
        if switched {
            self.trace_event(crate::trace::EventKind::TurnEnded);
        }
        self.follow(decided)?;
        if switched {
            self.trace_event(crate::trace::EventKind::TurnStarted);
        }
        if self.engine.is_interrupted() {
            return Err(Value::TERMINATE);
        }
        Ok(())
    }

    fn scheduler(&self) -> &super::scheduler::Scheduler {
        self.engine
            .threads
            .scheduler
            .as_ref()
            .expect("scheduled mode has a scheduler")
    }

    /// Acts on a scheduler decision: hands the baton over and waits for it
    /// to come back, or ends the program when the scheduler cannot go on.
    fn follow(
        &mut self,
        decided: Result<Option<std::sync::Arc<super::ThreadRecord>>, SchedError>,
    ) -> JsResult<()> {
        match decided {
            Ok(None) => Ok(()),
            Ok(Some(next)) => {
                next.wake();
                self.wait_for_baton();
                Ok(())
            }
            Err(e) => {
                self.end_for_scheduler(e);
                Err(Value::TERMINATE)
            }
        }
    }

    /// Ends the program because the scheduler cannot go on.
    fn end_for_scheduler(&self, e: SchedError) {
        let engine = &self.engine;
        let why = match e {
            SchedError::Deadlock => Termination::Deadlock(engine.threads.deadlock_report()),
            SchedError::Diverged(message) => Termination::Schedule(message),
            SchedError::Paused => Termination::Paused,
            SchedError::StepLimit(n) => Termination::Schedule(format!(
                "the run was stopped after {n} scheduling points (its bound)"
            )),
        };
        engine.terminate(why);
    }

    /// Parks (without heap access) until this thread holds the baton or
    /// the program is ended.
    pub(crate) fn wait_for_baton(&mut self) {
        let engine = self.engine.clone();
        let me = self.thread.id;
        let sched = engine.threads.scheduler.as_ref().expect("scheduled mode");
        if sched.may_run(me) {
            return;
        }
        let heap = engine.heap.clone();
        heap.park(self.heap_access().state());
        // The baton usually comes back within microseconds (another
        // thread's few steps): poll a while before sleeping, since a
        // wake-up from sleep costs more than the steps themselves. A
        // fiber has nobody to poll for: it switches at once.
        let spin = if super::fiber::active() {
            0
        } else {
            SPIN_POLLS
        };
        for poll in 0..spin {
            if sched.may_run_hint(me) || engine.is_interrupted() {
                break;
            }
            if poll % 64 == 63 {
                std::thread::yield_now();
            } else {
                std::hint::spin_loop();
            }
        }
        while !sched.may_run(me) && !engine.is_interrupted() {
            super::pool::park_host(None);
        }
        heap.unpark(self.heap_access().state());
    }

    /// A fiber's turn is over (`threads/fiber.rs`): gives the host's driver
    /// control, without heap access, and goes on when it resumes this
    /// fiber. The baton stays with this thread: another fiber the driver
    /// runs meanwhile only rechecks what it waits for.
    pub(crate) fn yield_to_host(&mut self) {
        let heap = self.engine.heap.clone();
        heap.park(self.heap_access().state());
        super::fiber::yield_now();
        heap.unpark(self.heap_access().state());
    }

    /// `block_until` in `scheduled` mode: the thread stops being runnable
    /// until the scheduler finds its wait over (or its deadline, on the
    /// virtual clock, passed) and hands it the baton.
    pub(crate) fn block_until_scheduled<R>(
        &mut self,
        wait: WaitFor,
        deadline_ms: Option<f64>,
        ready: &mut dyn FnMut() -> Option<R>,
    ) -> JsResult<Option<R>> {
        let engine = self.engine.clone();
        loop {
            let decided = self
                .scheduler()
                .block(self.thread.id, wait.clone(), deadline_ms);
            self.follow(decided)?;
            if engine.is_interrupted() {
                return Err(Value::TERMINATE);
            }
            if let Some(r) = ready() {
                return Ok(Some(r));
            }
            if deadline_ms.is_some_and(|d| engine.monotonic_ms() >= d) {
                return Ok(None);
            }
        }
    }

    /// A new thread this thread created: runnable from now on.
    #[cfg(feature = "threads")]
    pub(crate) fn sched_add_thread(&self, record: &std::sync::Arc<super::ThreadRecord>) {
        if let Some(s) = &self.engine.threads.scheduler {
            s.add(record);
        }
    }

    /// This thread has ended (its `Vm` is going): the baton goes on.
    pub(crate) fn sched_exit(&mut self) {
        let Some(s) = &self.engine.threads.scheduler else {
            return;
        };
        match s.exit(self.thread.id) {
            Ok(Some(next)) => next.wake(),
            Ok(None) => {}
            Err(e) => self.end_for_scheduler(e),
        }
    }
}

/// What a shared access touches, for the race detector.
///
/// Keys stay as the instruction has them (a constant's index, a register's
/// value): only the race detector, on its cold path, turns them into
/// property keys.
pub(crate) enum Touch {
    /// Property `name` (a constant of the running code) of `object`.
    Named {
        object: Value,
        name: crate::bytecode::ConstIdx,
    },
    /// Element `key` of `object` (tracked when the key is an index, a
    /// string or a symbol: no conversion runs for it).
    Element { object: Value, key: Value },
    /// Slot `slot` of the environment `depth` levels up.
    Variable { depth: u16, slot: u16 },
    /// The global binding named by constant `name` of the running code.
    Global(crate::bytecode::ConstIdx),
}

impl Vm {
    /// A scheduling point before a shared access; with the race detector
    /// on, the access is checked once this thread runs it.
    /// `written` is the value a write stores (`None` for a read).
    #[inline]
    pub(crate) fn sched_touch(&mut self, touch: Touch, written: Option<Value>) -> JsResult<()> {
        if !self.scheduled {
            return Ok(());
        }
        self.sched_touch_slow(touch, written)
    }

    #[cold]
    fn sched_touch_slow(&mut self, touch: Touch, written: Option<Value>) -> JsResult<()> {
        let write = written.is_some();
        let step = if self.records_steps() {
            let (step, visible) = self.describe_touch(&touch, written);
            self.scheduler().announce(step.clone(), visible);
            visible.then_some(step)
        } else {
            None
        };
        self.sched_point_slow(write)?;
        if let Some(step) = step {
            // A read is described again now that this thread runs: it sees
            // what the threads that ran meanwhile wrote (a write stores
            // the value it was described with).
            let step = match written {
                Some(_) => step,
                None => self.describe_touch(&touch, None).0,
            };
            if let Some(log) = &self.engine.threads.steps {
                log.push(&self.engine, step);
            }
        }
        if self.engine.threads.races.is_some() {
            self.check_race(touch, write);
        }
        Ok(())
    }

    #[cold]
    fn check_race(&mut self, touch: Touch, write: bool) {
        use super::race::{AccessAt, Slot};
        let code = &self.frames.last().expect("an access runs in a frame").code;
        let (object, slot, name) = match touch {
            Touch::Named { object, name } => {
                (object, Slot::Property(self.constant_key(code, name)), None)
            }
            Touch::Element { object, key } => {
                let Some(key) = plain_key(key) else { return };
                (object, Slot::Property(key), None)
            }
            Touch::Variable { depth, slot } => {
                let (env, name, constant) = self.env_at(depth, slot);
                if constant {
                    return; // a const binding is written once, before it is shared
                }
                (env, Slot::Variable(slot as u32), name)
            }
            Touch::Global(name) => {
                let atom = self.constant_atom(code, name);
                (
                    Value::object(self.realm.global()),
                    Slot::Property(crate::object::PropertyKey::Atom(atom)),
                    Some(atom_text(atom)),
                )
            }
        };
        let me = self.thread.id;
        let place = || match (&name, slot) {
            (Some(n), _) => n.clone(),
            (None, Slot::Property(key)) => self.place_name(key),
            (None, Slot::Variable(_)) => "a variable".into(),
        };
        let site = || self.access_site();
        let access = AccessAt {
            object,
            slot,
            write,
            time: self.engine.monotonic_ms(),
            place: &place,
            site: &site,
        };
        let detector = self.engine.threads.races.as_ref().expect("checked");
        for race in detector.access(me, &access) {
            self.trace_event(crate::trace::EventKind::DataRace {
                text: race.headline(),
                first_thread: race.first.thread,
                first_time: race.first.time,
            });
        }
    }

    /// The environment `depth` levels up, the name of its slot `slot`, and
    /// whether that binding is const.
    pub(super) fn env_at(&self, depth: u16, slot: u16) -> (Value, Option<String>, bool) {
        let env = self.env_at_depth(depth);
        let info = env.scope.clone();
        let name = info
            .as_ref()
            .and_then(|s| s.names.get(slot as usize))
            .map(|a| atom_text(*a));
        let constant = info
            .as_ref()
            .and_then(|s| s.constant.get(slot as usize).copied())
            .unwrap_or(false);
        (Value::internal(env), name, constant)
    }

    /// "file:line:column" of the running instruction, and the JS stack.
    fn access_site(&self) -> (std::sync::Arc<str>, std::sync::Arc<str>) {
        let frames = self.stack_trace();
        let position = frames
            .first()
            .map(|f| format!("{}:{}:{}", f.file, f.line, f.column))
            .unwrap_or_else(|| "<native>".into());
        let stack: Vec<String> = frames.iter().map(|f| f.to_string()).collect();
        (position.into(), stack.join("\n").into())
    }

    /// The source text of the running property access up to its key, as
    /// in `counter.n` or `items[i]`; else `<object>.key`.
    pub(super) fn place_name(&self, key: crate::object::PropertyKey) -> String {
        let key_text = match key {
            crate::object::PropertyKey::Index(i) => i.to_string(),
            crate::object::PropertyKey::Atom(a) => atom_text(a),
        };
        let fallback = || match key {
            crate::object::PropertyKey::Index(i) => format!("<object>[{i}]"),
            _ => format!("<object>.{key_text}"),
        };
        let Some(frame) = self.frames.last() else {
            return fallback();
        };
        let code = &frame.code;
        let Some(offset) = code.position(frame.pc.saturating_sub(1)) else {
            return fallback();
        };
        let text = code.source.text.as_str();
        let offset = offset as usize;
        if offset > text.len() || !text.is_char_boundary(offset) {
            return fallback();
        }
        // The access is on the position's line: the position is the
        // statement's, the expression's or the property name's.
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = &text[line_start..line_end];
        let at = offset - line_start;
        let path_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '$' | '.');
        let (start, end) = match key {
            crate::object::PropertyKey::Index(_) => {
                let Some(open) = line[at..]
                    .find('[')
                    .map(|i| at + i)
                    .or_else(|| line.rfind('['))
                else {
                    return fallback();
                };
                let close = line[open..].find(']').map_or(line.len(), |c| open + c + 1);
                (open, close)
            }
            _ => {
                let needle = format!(".{key_text}");
                // The occurrence nearest the position.
                let found = line
                    .match_indices(&needle)
                    .filter(|(i, _)| {
                        !line[i + needle.len()..]
                            .chars()
                            .next()
                            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
                    })
                    .min_by_key(|(i, _)| {
                        if *i + needle.len() < at {
                            at - i
                        } else {
                            i.saturating_sub(at)
                        }
                    });
                let Some((at, _)) = found else {
                    return fallback();
                };
                (at, at + needle.len())
            }
        };
        let head = &line[..start];
        let base_start = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| path_char(c))
            .last()
            .map_or(start, |(i, _)| i);
        if base_start == start {
            return fallback();
        }
        line[base_start..end].to_string()
    }
}

/// An element access's key when it is one without any conversion (an
/// index, a string or a symbol).
pub(super) fn plain_key(key: Value) -> Option<crate::object::PropertyKey> {
    use crate::object::PropertyKey;
    if let Some(i) = key.as_int() {
        return u32::try_from(i).ok().map(PropertyKey::Index);
    }
    if let Some(a) = key.as_symbol() {
        return Some(PropertyKey::Atom(a));
    }
    key.as_string().map(|s| PropertyKey::from_units(s.units()))
}

/// An atom's text (a symbol's description), for reports.
fn atom_text(a: crate::string::atom::Atom) -> String {
    String::from_utf16_lossy(a.text())
}
