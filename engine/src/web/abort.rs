//! AbortController and AbortSignal (the DOM standard): `abort(reason)`
//! with an `AbortError` DOMException by default, `aborted`, `reason`,
//! `throwIfAborted`, `onabort` and the `abort` event, `AbortSignal.abort`,
//! `AbortSignal.any` (dependent signals) and `AbortSignal.timeout` (a
//! `TimeoutError` DOMException, through the calling thread's timers).
//!
//! An AbortSignal is an EventTarget (`event::EventTargetState`) whose state
//! carries `SignalData`: the reason, the abort steps (removing listeners
//! added with `signal`), and the source and dependent signals, behind a
//! mutex that is released before any listener runs. Source and dependent
//! signals are held strongly (the standard holds them weakly), so a
//! dependent signal lives as long as its sources.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use parking_lot::Mutex;

use super::dom_exception::new_dom_exception;
use super::event::{EventTargetState, dispatch, new_event, target_state};
use super::{require_args, this_with};
use crate::builtins::{arg, define_tag};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::value::{AtomicValue, Value};

/// What aborting a signal does besides firing `abort`.
enum AbortStep {
    /// Remove the listener with this flag from `target`.
    RemoveListener {
        target: Value,
        removed: Arc<AtomicBool>,
    },
}

#[derive(Default)]
struct SignalInner {
    /// The abort reason; None while not aborted.
    reason: Option<Value>,
    steps: Vec<AbortStep>,
    dependent: bool,
    sources: Vec<Value>,
    dependents: Vec<Value>,
}

/// The AbortSignal part of an EventTarget's state.
pub(crate) struct SignalData {
    inner: Mutex<SignalInner>,
    onabort: AtomicValue,
}

impl SignalData {
    fn new() -> SignalData {
        SignalData {
            inner: Mutex::new(SignalInner::default()),
            onabort: AtomicValue::new(Value::NULL),
        }
    }

    pub(crate) fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.onabort.load());
        let inner = self.inner.lock();
        if let Some(r) = inner.reason {
            tracer.mark_value(r);
        }
        for AbortStep::RemoveListener { target, .. } in &inner.steps {
            tracer.mark_value(*target);
        }
        for &v in inner.sources.iter().chain(&inner.dependents) {
            tracer.mark_value(v);
        }
    }
}

/// An AbortController: its signal.
pub(crate) struct Controller {
    signal: Value,
}

impl Trace for Controller {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.signal);
    }
}

impl BuiltinState for Controller {
    fn class_name(&self) -> &'static str {
        "AbortController"
    }
    fn inspect_keys(&self) -> &'static [&'static str] {
        &["signal"]
    }
}

fn signal_data(o: &Gc<JsObject>) -> Option<&SignalData> {
    target_state(o).and_then(|t| t.signal.as_ref())
}

/// Whether `signal` (an AbortSignal) is aborted.
pub(crate) fn is_aborted(signal: &Gc<JsObject>) -> bool {
    signal_data(signal).is_some_and(|s| s.inner.lock().reason.is_some())
}

/// Makes aborting `signal` remove the listener flagged `removed` from
/// `target`.
pub(crate) fn add_remove_listener_step(
    signal: &Gc<JsObject>,
    target: Value,
    removed: Arc<AtomicBool>,
) {
    if let Some(s) = signal_data(signal) {
        s.inner
            .lock()
            .steps
            .push(AbortStep::RemoveListener { target, removed });
    }
}

/// The `onabort` handler of `target` (undefined if it is not a signal).
pub(crate) fn event_handler(target: &Gc<JsObject>) -> Value {
    signal_data(target).map_or(Value::UNDEFINED, |s| s.onabort.load())
}

pub(crate) fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let target_proto = realm.intrinsic(Intrinsic::EventTargetPrototype);

    let signal_proto = vm.alloc_object(Value::object(target_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::AbortSignalPrototype, signal_proto);
    let signal_ctor =
        vm.define_constructor(global, "AbortSignal", 0, signal_constructor, signal_proto);
    if let Some(et) = global
        .get_own(PropertyKey::from_text("EventTarget"))
        .map(|(v, _)| v)
    {
        signal_ctor.set_proto(et);
    }
    vm.define_builtin(signal_ctor, "abort", 0, signal_abort_static);
    vm.define_builtin(signal_ctor, "any", 1, signal_any);
    vm.define_builtin(signal_ctor, "timeout", 1, signal_timeout);
    vm.define_builtin_accessor(
        signal_proto,
        PropertyKey::from_text("aborted"),
        Some(signal_aborted),
        None,
        true,
    );
    vm.define_builtin_accessor(
        signal_proto,
        PropertyKey::from_text("reason"),
        Some(signal_reason),
        None,
        true,
    );
    vm.define_builtin(signal_proto, "throwIfAborted", 0, signal_throw_if_aborted);
    vm.define_builtin_accessor(
        signal_proto,
        PropertyKey::from_text("onabort"),
        Some(signal_onabort),
        Some(signal_set_onabort),
        true,
    );
    define_tag(vm, signal_proto, "AbortSignal");

    let controller_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::AbortControllerPrototype, controller_proto);
    vm.define_constructor(
        global,
        "AbortController",
        0,
        controller_constructor,
        controller_proto,
    );
    vm.define_builtin_accessor(
        controller_proto,
        PropertyKey::from_text("signal"),
        Some(controller_signal),
        None,
        true,
    );
    vm.define_builtin(controller_proto, "abort", 0, controller_abort);
    define_tag(vm, controller_proto, "AbortController");
}

/// A new AbortSignal of the current realm.
fn new_signal(vm: &mut Vm) -> Gc<JsObject> {
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::AbortSignalPrototype);
    vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(EventTargetState::new(Some(SignalData::new())))),
    )
}

fn default_reason(vm: &mut Vm) -> Value {
    new_dom_exception(vm, "AbortError", "signal is aborted without reason")
}

/// Signal abort: sets the reason of `signal` and of its dependents not
/// yet aborted, then runs their abort steps (firing `abort`).
pub(crate) fn signal_abort(vm: &mut Vm, signal: Gc<JsObject>, reason: Value) -> JsResult<()> {
    let reason = if reason.is_undefined() {
        default_reason(vm)
    } else {
        reason
    };
    let data = signal_data(&signal).expect("an AbortSignal");
    let dependents = {
        let mut inner = data.inner.lock();
        if inner.reason.is_some() {
            return Ok(());
        }
        inner.reason = Some(reason);
        inner.dependents.clone()
    };
    let mut to_abort = Vec::new();
    for d in dependents {
        let Some(dep) = d.as_object() else { continue };
        vm.root(d);
        let mut inner = signal_data(&dep).expect("an AbortSignal").inner.lock();
        if inner.reason.is_none() {
            inner.reason = Some(reason);
            to_abort.push(dep);
        }
    }
    run_abort_steps(vm, signal)?;
    for dep in to_abort {
        run_abort_steps(vm, dep)?;
    }
    Ok(())
}

/// Runs (and empties) the signal's abort steps, then fires `abort` at it.
fn run_abort_steps(vm: &mut Vm, signal: Gc<JsObject>) -> JsResult<()> {
    let steps = std::mem::take(
        &mut signal_data(&signal)
            .expect("an AbortSignal")
            .inner
            .lock()
            .steps,
    );
    for step in steps {
        let AbortStep::RemoveListener { target, removed } = step;
        if let Some(t) = target.as_object()
            && let Some(ts) = target_state(&t)
        {
            ts.remove_listener(&removed);
        }
    }
    let event = new_event(vm, "abort", true);
    dispatch(vm, signal, event)?;
    Ok(())
}

fn signal_constructor(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    vm.throw(ErrorKind::Type, "AbortSignal: Illegal constructor")
}

fn this_signal(vm: &mut Vm, this: Value, api: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if signal_data(&o).is_some() => Ok(o),
        _ => vm.throw(
            ErrorKind::Type,
            &format!("{api}: called on an object that is not an AbortSignal"),
        ),
    }
}

fn signal_aborted(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_signal(vm, this, "AbortSignal.aborted")?;
    Ok(Value::bool(is_aborted(&o)))
}

fn reason_of(o: &Gc<JsObject>) -> Option<Value> {
    signal_data(o).and_then(|s| s.inner.lock().reason)
}

fn signal_reason(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_signal(vm, this, "AbortSignal.reason")?;
    Ok(reason_of(&o).unwrap_or(Value::UNDEFINED))
}

fn signal_throw_if_aborted(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_signal(vm, this, "AbortSignal.throwIfAborted")?;
    match reason_of(&o) {
        Some(r) => Err(r),
        None => Ok(Value::UNDEFINED),
    }
}

fn signal_onabort(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_signal(vm, this, "AbortSignal.onabort")?;
    Ok(event_handler(&o))
}

fn signal_set_onabort(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = this_signal(vm, this, "AbortSignal.onabort")?;
    // [LegacyTreatNonObjectAsNull]: anything but an object is null.
    let handler = match arg(args, 0) {
        v if v.is_object() => v,
        _ => Value::NULL,
    };
    let st = target_state(&o).expect("checked AbortSignal");
    st.signal
        .as_ref()
        .expect("checked AbortSignal")
        .onabort
        .store(handler);
    if handler.is_object() {
        st.add_handler_listener("abort");
    }
    Ok(Value::UNDEFINED)
}

fn signal_abort_static(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let signal = new_signal(vm);
    let reason = match arg(args, 0) {
        v if v.is_undefined() => default_reason(vm),
        v => v,
    };
    signal_data(&signal)
        .expect("new signal")
        .inner
        .lock()
        .reason = Some(reason);
    Ok(Value::object(signal))
}

fn signal_any(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "AbortSignal.any")?;
    let list = arg(args, 0);
    if !list.is_object() {
        return vm.throw(
            ErrorKind::Type,
            "AbortSignal.any: the argument is not a sequence of AbortSignals",
        );
    }
    let items = vm.iterate_to_vec(list)?;
    let mut signals = Vec::with_capacity(items.len());
    for v in items {
        match v.as_object() {
            Some(o) if signal_data(&o).is_some() => signals.push(o),
            _ => {
                return vm.throw(
                    ErrorKind::Type,
                    "AbortSignal.any: an item is not an AbortSignal",
                );
            }
        }
    }
    let result = new_signal(vm);
    let result_data = signal_data(&result).expect("new signal");
    for s in &signals {
        if let Some(r) = reason_of(s) {
            result_data.inner.lock().reason = Some(r);
            return Ok(Value::object(result));
        }
    }
    let mut sources: Vec<Value> = Vec::new();
    for s in &signals {
        let data = signal_data(s).expect("checked signal");
        let (dependent, their_sources) = {
            let inner = data.inner.lock();
            (inner.dependent, inner.sources.clone())
        };
        let direct = if dependent {
            their_sources
        } else {
            vec![Value::object(*s)]
        };
        for source in direct {
            if sources.contains(&source) {
                continue;
            }
            sources.push(source);
            if let Some(so) = source.as_object()
                && let Some(sd) = signal_data(&so)
            {
                sd.inner.lock().dependents.push(Value::object(result));
            }
        }
    }
    let mut inner = result_data.inner.lock();
    inner.dependent = true;
    inner.sources = sources;
    drop(inner);
    Ok(Value::object(result))
}

fn signal_timeout(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "AbortSignal.timeout")?;
    // [EnforceRange] unsigned long long.
    let n = vm.to_number(arg(args, 0))?;
    if !n.is_finite() || n.trunc() < 0.0 || n.trunc() > 9_007_199_254_740_991.0 {
        return vm.throw(
            ErrorKind::Type,
            "AbortSignal.timeout: the delay is outside the range of unsigned long long",
        );
    }
    let signal = new_signal(vm);
    let fire = vm.new_native(
        Atom::intern_str("timeout"),
        0,
        timeout_fired,
        false,
        &[Value::object(signal)],
    );
    let delay = n.trunc().min(i32::MAX as f64) as i32;
    super::timers::set_timer(vm, Value::object(fire), Box::new([]), delay, false);
    Ok(Value::object(signal))
}

fn timeout_fired(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if let Some(signal) = vm.native_data(0).as_object() {
        let reason = new_dom_exception(vm, "TimeoutError", "signal timed out");
        signal_abort(vm, signal, reason)?;
    }
    Ok(Value::UNDEFINED)
}

fn controller_constructor(
    vm: &mut Vm,
    _: Value,
    _: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            "AbortController: constructor requires 'new'",
        );
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::AbortControllerPrototype)?;
    let signal = new_signal(vm);
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(Controller {
            signal: Value::object(signal),
        })),
    );
    Ok(Value::object(o))
}

fn controller_signal(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<Controller>(vm, this, "AbortController.signal")?;
    Ok(o.kind.builtin::<Controller>().expect("checked").signal)
}

fn controller_abort(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<Controller>(vm, this, "AbortController.abort")?;
    let signal = o
        .kind
        .builtin::<Controller>()
        .expect("checked")
        .signal
        .as_object()
        .expect("a signal");
    signal_abort(vm, signal, arg(args, 0))?;
    Ok(Value::UNDEFINED)
}
