//! Timers: `setTimeout`, `setInterval`, `clearTimeout`, `clearInterval`,
//! as the HTML standard's timer initialization steps describe them, on
//! every JS thread.
//!
//! A timer belongs to the thread that set it and fires on that thread,
//! from its event loop (`threads/event_loop.rs`), one callback per task
//! with the thread's microtasks run after each. Pending timers keep the
//! thread alive: a thread (and so `join`, and the program) ends when its
//! function has returned and its event loop has nothing left, so an
//! interval runs until it is cleared. `stop()` ends every thread at its
//! next safepoint or wake-up; timers that had not fired never do.
//!
//! Ids come from one counter per engine, so clearing another thread's id
//! (or a stale one) does nothing instead of cancelling the wrong timer;
//! `clearTimeout` only cancels the calling thread's timers.
//!
//! The queue lives in the thread's `Vm` (no other thread reads it); its
//! callbacks and arguments are GC roots through `Vm::trace_roots`.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;

use rustc_hash::FxHashMap;

use crate::builtins::arg;
use crate::heap::{Gc, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::JsObject;
use crate::value::Value;

/// HTML: from this nesting level on, timeouts below `NESTED_MINIMUM_MS`
/// are raised to it.
const NESTING_CLAMP_LEVEL: u32 = 5;
const NESTED_MINIMUM_MS: f64 = 4.0;

/// One pending timer.
struct Timer {
    /// A function, or a string of code run as a global script.
    handler: Value,
    args: Box<[Value]>,
    /// The requested timeout, for an interval's next round.
    interval: Option<i32>,
    /// Its key in `TimerQueue::order` while it waits.
    due: (u64, u64),
    /// The HTML timer nesting level of its task.
    nesting: u32,
}

/// A thread's timers, in firing order.
#[derive(Default)]
pub struct TimerQueue {
    timers: FxHashMap<u32, Timer>,
    /// (deadline as ordered bits, sequence, id): earliest first, and in
    /// the order they were set among equal deadlines.
    order: BTreeSet<(u64, u64, u32)>,
    sequence: u64,
    /// The nesting level of the timer task running now (0 outside one).
    running_nesting: u32,
}

impl TimerQueue {
    /// Whether the thread has timers that may still fire.
    pub fn is_empty(&self) -> bool {
        self.timers.is_empty()
    }

    /// The earliest deadline, in `Engine::monotonic_ms` time.
    pub fn next_deadline(&self) -> Option<f64> {
        self.order.first().map(|&(bits, _, _)| f64::from_bits(bits))
    }

    /// Takes the id of the earliest timer due at `now`, if one is.
    fn take_due(&mut self, now: f64) -> Option<u32> {
        let &(bits, seq, id) = self.order.first()?;
        if f64::from_bits(bits) > now {
            return None;
        }
        self.order.remove(&(bits, seq, id));
        Some(id)
    }

    /// Adds or re-arms timer `id` to fire after `timeout` ms (the timer
    /// initialization steps, from "nesting level").
    fn arm(&mut self, id: u32, mut timer: Timer, timeout: i32, now: f64) {
        let nesting = self.running_nesting;
        let mut timeout = f64::from(timeout.max(0));
        if nesting > NESTING_CLAMP_LEVEL && timeout < NESTED_MINIMUM_MS {
            timeout = NESTED_MINIMUM_MS;
        }
        timer.nesting = nesting + 1;
        // Deadlines are non-negative, so their bits order as the numbers do.
        let deadline = now.max(0.0) + timeout;
        self.sequence += 1;
        timer.due = (deadline.to_bits(), self.sequence);
        self.order.insert((timer.due.0, timer.due.1, id));
        self.timers.insert(id, timer);
    }

    fn clear(&mut self, id: u32) {
        if let Some(t) = self.timers.remove(&id) {
            self.order.remove(&(t.due.0, t.due.1, id));
        }
    }

    pub(crate) fn trace(&self, tracer: &mut Tracer) {
        for t in self.timers.values() {
            tracer.mark_value(t.handler);
            for v in t.args.iter() {
                tracer.mark_value(*v);
            }
        }
    }
}

pub(crate) fn install(vm: &mut Vm, global: Gc<JsObject>) {
    vm.define_builtin(global, "setTimeout", 1, set_timeout);
    vm.define_builtin(global, "setInterval", 1, set_interval);
    vm.define_builtin(global, "clearTimeout", 0, clear_timer);
    vm.define_builtin(global, "clearInterval", 0, clear_timer);
}

/// Sets a timer on the calling thread: `handler` (a function, called with
/// `args`) after `timeout` ms, every `timeout` ms when `repeat`. Returns
/// its id. For the web APIs built on timers (`AbortSignal.timeout`).
pub fn set_timer(
    vm: &mut Vm,
    handler: Value,
    args: Box<[Value]>,
    timeout: i32,
    repeat: bool,
) -> u32 {
    let id = vm.engine.next_timer_id.fetch_add(1, Ordering::Relaxed);
    let timer = Timer {
        handler,
        args,
        interval: repeat.then_some(timeout),
        due: (0, 0),
        nesting: 0,
    };
    let now = vm.engine.monotonic_ms();
    vm.timers.arm(id, timer, timeout, now);
    id
}

/// Cancels the calling thread's timer `id` (nothing if there is none).
pub fn clear(vm: &mut Vm, id: u32) {
    vm.timers.clear(id);
}

fn set_timeout(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    start(vm, args, false, "setTimeout")
}

fn set_interval(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    start(vm, args, true, "setInterval")
}

fn start(vm: &mut Vm, args: &[Value], repeat: bool, api: &str) -> JsResult<Value> {
    let handler = arg(args, 0);
    if !vm.is_callable(handler) && !handler.is_string() {
        return vm.throw(
            ErrorKind::Type,
            &format!("{api}: the callback must be a function (or a string of code)"),
        );
    }
    // WebIDL `long`: NaN and ±Infinity are 0, larger values wrap.
    let timeout = vm.to_int32(arg(args, 1))?;
    let extra: Box<[Value]> = args.get(2..).unwrap_or_default().into();
    let id = set_timer(vm, handler, extra, timeout, repeat);
    Ok(Value::int(id as i32))
}

fn clear_timer(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let id = vm.to_int32(arg(args, 0))?;
    if id > 0 {
        clear(vm, id as u32);
    }
    Ok(Value::UNDEFINED)
}

impl Vm {
    /// Whether this thread has timers that may still fire.
    pub fn has_timers(&self) -> bool {
        !self.timers.is_empty()
    }

    /// Runs the earliest timer due now, if any (one task). Returns whether
    /// one ran.
    pub(crate) fn run_due_timer(&mut self) -> JsResult<bool> {
        let now = self.engine.monotonic_ms();
        let Some(id) = self.timers.take_due(now) else {
            return Ok(false);
        };
        let Some(timer) = self.timers.timers.get(&id) else {
            return Ok(false);
        };
        let (handler, args, nesting) = (timer.handler, timer.args.clone(), timer.nesting);
        let mark = self.root(handler);
        for &a in args.iter() {
            self.root(a);
        }
        let outer = std::mem::replace(&mut self.timers.running_nesting, nesting);
        let result = if let Some(code) = handler.as_string() {
            let source =
                crate::bytecode::Source::new(format!("<timer {id}>"), code.to_rust_string());
            self.eval_script(source)
        } else {
            self.call(handler, Value::UNDEFINED, &args)
        };
        // A timer cleared by its own callback is gone; an interval still
        // here is armed again (from its own task, so its nesting grows).
        if let Some(timer) = self.timers.timers.remove(&id)
            && let Some(timeout) = timer.interval
        {
            let now = self.engine.monotonic_ms();
            self.timers.arm(id, timer, timeout, now);
        }
        self.timers.running_nesting = outer;
        self.unroot_to(mark);
        result.map(|_| true)
    }
}
