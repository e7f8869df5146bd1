//! Event, CustomEvent and EventTarget (the DOM standard's event model
//! without a tree):
//! `addEventListener` with `capture`, `once`, `passive` and `signal`,
//! function or `{ handleEvent }` listeners, duplicate suppression,
//! `removeEventListener`, and `dispatchEvent` at the target itself (capture
//! listeners first, then the others, both in the AT_TARGET phase).
//! A listener's exception is reported (`report_error`) and dispatch goes on.
//!
//! A target's listener list is behind a mutex in its state, since several
//! threads may add and remove listeners at once; dispatch snapshots it
//! before calling any listener, and a listener removed meanwhile is
//! skipped through its shared `removed` flag. An event's flags are atomics.
//! AbortSignal is an EventTarget whose state also carries the signal's
//! (`abort.rs`), so both share this one state type.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use parking_lot::Mutex;

use super::abort::SignalData;
use super::dom_exception::throw_dom;
use super::{require_args, this_with};
use crate::builtins::{arg, define_constant, define_tag};
use crate::function::NativeFn;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::{AtomicValue, Value};

// ---------------------------------------------------------------------------
// Event.

const NONE: u8 = 0;
const AT_TARGET: u8 = 2;

/// Event flags (bits of `EventState::flags`).
const STOP_PROPAGATION: u8 = 1;
const STOP_IMMEDIATE: u8 = 2;
const CANCELED: u8 = 4;
const IN_PASSIVE_LISTENER: u8 = 8;
const DISPATCH: u8 = 16;

pub(crate) struct EventState {
    event_type: Vec<u16>,
    bubbles: bool,
    cancelable: bool,
    composed: bool,
    is_trusted: bool,
    time_stamp: f64,
    flags: AtomicU8,
    phase: AtomicU8,
    target: AtomicValue,
    current_target: AtomicValue,
    /// A CustomEvent's `detail` (None for other events).
    detail: Option<AtomicValue>,
}

impl Trace for EventState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.target.load());
        tracer.mark_value(self.current_target.load());
        if let Some(d) = &self.detail {
            tracer.mark_value(d.load());
        }
    }
}

impl BuiltinState for EventState {
    fn class_name(&self) -> &'static str {
        "Event"
    }
    fn inspect_keys(&self) -> &'static [&'static str] {
        &["type", "defaultPrevented", "cancelable", "timeStamp"]
    }
}

impl EventState {
    fn has(&self, flag: u8) -> bool {
        self.flags.load(Ordering::Acquire) & flag != 0
    }
    fn set(&self, flag: u8, on: bool) {
        if on {
            self.flags.fetch_or(flag, Ordering::AcqRel);
        } else {
            self.flags.fetch_and(!flag, Ordering::AcqRel);
        }
    }
    /// Sets the canceled flag unless the event cannot be canceled now.
    fn cancel(&self) {
        if self.cancelable && !self.has(IN_PASSIVE_LISTENER) {
            self.set(CANCELED, true);
        }
    }
}

// ---------------------------------------------------------------------------
// EventTarget.

/// One registered listener. `removed` is shared with the snapshots
/// dispatch takes and with a signal's abort steps.
#[derive(Clone)]
pub(crate) struct Listener {
    event_type: Vec<u16>,
    /// A function, an object with `handleEvent`, or (for an event handler
    /// attribute such as `onabort`) undefined: the handler is read from
    /// the target's state when the listener runs.
    callback: Value,
    capture: bool,
    passive: bool,
    once: bool,
    pub(crate) removed: Arc<AtomicBool>,
}

/// The state of an EventTarget (and of an AbortSignal, which is one).
pub(crate) struct EventTargetState {
    listeners: Mutex<Vec<Listener>>,
    pub(crate) signal: Option<SignalData>,
}

impl Trace for EventTargetState {
    fn trace(&self, tracer: &mut Tracer) {
        for l in self.listeners.lock().iter() {
            tracer.mark_value(l.callback);
        }
        if let Some(s) = &self.signal {
            s.trace(tracer);
        }
    }
}

impl BuiltinState for EventTargetState {
    fn class_name(&self) -> &'static str {
        if self.signal.is_some() {
            "AbortSignal"
        } else {
            "EventTarget"
        }
    }
    fn inspect_keys(&self) -> &'static [&'static str] {
        if self.signal.is_some() {
            &["aborted"]
        } else {
            &[]
        }
    }
}

impl EventTargetState {
    pub(crate) fn new(signal: Option<SignalData>) -> EventTargetState {
        EventTargetState {
            listeners: Mutex::new(Vec::new()),
            signal,
        }
    }

    /// Removes the listener whose flag is `removed` (a signal's abort
    /// step, or `once`).
    pub(crate) fn remove_listener(&self, removed: &Arc<AtomicBool>) {
        removed.store(true, Ordering::Release);
        self.listeners
            .lock()
            .retain(|l| !Arc::ptr_eq(&l.removed, removed));
    }

    /// Adds the listener of an event handler attribute (`onabort`) for
    /// `event_type`, once.
    pub(crate) fn add_handler_listener(&self, event_type: &str) {
        let t: Vec<u16> = event_type.encode_utf16().collect();
        let mut list = self.listeners.lock();
        if !list
            .iter()
            .any(|l| l.callback.is_undefined() && l.event_type == t)
        {
            list.push(Listener {
                event_type: t,
                callback: Value::UNDEFINED,
                capture: false,
                passive: false,
                once: false,
                removed: Arc::new(AtomicBool::new(false)),
            });
        }
    }
}

/// The EventTarget state of `o`, if it has one.
pub(crate) fn target_state(o: &Gc<JsObject>) -> Option<&EventTargetState> {
    o.kind.builtin::<EventTargetState>()
}

pub(crate) fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);

    let event_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::EventPrototype, event_proto);
    let event_ctor = vm.define_constructor(global, "Event", 1, event_constructor, event_proto);
    let getters: [(&str, NativeFn); 11] = [
        ("type", event_type),
        ("target", event_target),
        ("currentTarget", event_current_target),
        ("eventPhase", event_phase),
        ("bubbles", event_bubbles),
        ("cancelable", event_cancelable),
        ("defaultPrevented", event_default_prevented),
        ("composed", event_composed),
        ("isTrusted", event_is_trusted),
        ("timeStamp", event_time_stamp),
        ("srcElement", event_target),
    ];
    for (name, getter) in getters {
        vm.define_builtin_accessor(
            event_proto,
            PropertyKey::from_text(name),
            Some(getter),
            None,
            true,
        );
    }
    vm.define_builtin_accessor(
        event_proto,
        PropertyKey::from_text("cancelBubble"),
        Some(event_cancel_bubble),
        Some(event_set_cancel_bubble),
        true,
    );
    vm.define_builtin_accessor(
        event_proto,
        PropertyKey::from_text("returnValue"),
        Some(event_return_value),
        Some(event_set_return_value),
        true,
    );
    vm.define_builtin(event_proto, "composedPath", 0, event_composed_path);
    vm.define_builtin(event_proto, "stopPropagation", 0, event_stop_propagation);
    vm.define_builtin(
        event_proto,
        "stopImmediatePropagation",
        0,
        event_stop_immediate_propagation,
    );
    vm.define_builtin(event_proto, "preventDefault", 0, event_prevent_default);
    for (i, name) in ["NONE", "CAPTURING_PHASE", "AT_TARGET", "BUBBLING_PHASE"]
        .iter()
        .enumerate()
    {
        define_constant(event_ctor, name, Value::int(i as i32));
        define_constant(event_proto, name, Value::int(i as i32));
    }
    define_tag(vm, event_proto, "Event");

    let custom_proto = vm.alloc_object(Value::object(event_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::CustomEventPrototype, custom_proto);
    let custom_ctor = vm.define_constructor(
        global,
        "CustomEvent",
        1,
        custom_event_constructor,
        custom_proto,
    );
    custom_ctor.set_proto(Value::object(event_ctor));
    vm.define_builtin_accessor(
        custom_proto,
        PropertyKey::from_text("detail"),
        Some(custom_event_detail),
        None,
        true,
    );
    define_tag(vm, custom_proto, "CustomEvent");

    let target_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::EventTargetPrototype, target_proto);
    vm.define_constructor(global, "EventTarget", 0, target_constructor, target_proto);
    vm.define_builtin(target_proto, "addEventListener", 2, add_event_listener);
    vm.define_builtin(
        target_proto,
        "removeEventListener",
        2,
        remove_event_listener,
    );
    vm.define_builtin(target_proto, "dispatchEvent", 1, dispatch_event);
    define_tag(vm, target_proto, "EventTarget");
}

/// A new event of the current realm (for events the runtime fires, which
/// are trusted).
pub(crate) fn new_event(vm: &mut Vm, event_type: &str, trusted: bool) -> Gc<JsObject> {
    let proto = vm.current_realm().intrinsic(Intrinsic::EventPrototype);
    let state = EventState {
        event_type: event_type.encode_utf16().collect(),
        bubbles: false,
        cancelable: false,
        composed: false,
        is_trusted: trusted,
        time_stamp: super::performance::now_ms(vm),
        flags: AtomicU8::new(0),
        phase: AtomicU8::new(NONE),
        target: AtomicValue::new(Value::NULL),
        current_target: AtomicValue::new(Value::NULL),
        detail: None,
    };
    vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)))
}

fn event_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    construct_event(vm, args, new_target, false)
}

fn custom_event_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    construct_event(vm, args, new_target, true)
}

/// The Event and CustomEvent constructors: the init dictionary's members
/// are read in WebIDL order (inherited ones first, each level sorted).
fn construct_event(
    vm: &mut Vm,
    args: &[Value],
    new_target: Value,
    custom: bool,
) -> JsResult<Value> {
    let api = if custom { "CustomEvent" } else { "Event" };
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            &format!("{api}: constructor requires 'new'"),
        );
    }
    require_args(vm, args, 1, api)?;
    let event_type = super::string_units(vm, arg(args, 0))?;
    let init = arg(args, 1);
    let bubbles = super::bool_member(vm, init, "bubbles", api)?;
    let cancelable = super::bool_member(vm, init, "cancelable", api)?;
    let composed = super::bool_member(vm, init, "composed", api)?;
    let detail = if custom {
        let d = super::dictionary_member(vm, init, "detail", api)?;
        Some(AtomicValue::new(if d.is_undefined() {
            Value::NULL
        } else {
            d
        }))
    } else {
        None
    };
    let fallback = if custom {
        Intrinsic::CustomEventPrototype
    } else {
        Intrinsic::EventPrototype
    };
    let proto = vm.prototype_from_constructor(new_target, fallback)?;
    let state = EventState {
        event_type,
        bubbles,
        cancelable,
        composed,
        is_trusted: false,
        time_stamp: super::performance::now_ms(vm),
        flags: AtomicU8::new(0),
        phase: AtomicU8::new(NONE),
        target: AtomicValue::new(Value::NULL),
        current_target: AtomicValue::new(Value::NULL),
        detail,
    };
    let o = vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)));
    Ok(Value::object(o))
}

fn custom_event_detail(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let detail = with_event(vm, this, "CustomEvent.detail", |e| {
        e.detail.as_ref().map(|d| d.load())
    })?;
    match detail {
        Some(d) => Ok(d),
        None => vm.throw(
            ErrorKind::Type,
            "CustomEvent.detail: called on an event that is not a CustomEvent",
        ),
    }
}

fn event_state(o: &Gc<JsObject>) -> &EventState {
    o.kind.builtin::<EventState>().expect("checked Event")
}

/// The state of `this` as an Event, read by `f`.
fn with_event<R>(
    vm: &mut Vm,
    this: Value,
    api: &str,
    f: impl FnOnce(&EventState) -> R,
) -> JsResult<R> {
    let o = this_with::<EventState>(vm, this, api)?;
    Ok(f(event_state(&o)))
}

fn event_type(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = with_event(vm, this, "Event.type", |e| e.event_type.clone())?;
    Ok(Value::string(vm.alloc_string(t)))
}

fn event_target(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.target", |e| e.target.load())
}

fn event_current_target(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.currentTarget", |e| e.current_target.load())
}

fn event_phase(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.eventPhase", |e| {
        Value::int(e.phase.load(Ordering::Acquire) as i32)
    })
}

fn event_bubbles(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.bubbles", |e| Value::bool(e.bubbles))
}

fn event_cancelable(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.cancelable", |e| Value::bool(e.cancelable))
}

fn event_default_prevented(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.defaultPrevented", |e| {
        Value::bool(e.has(CANCELED))
    })
}

fn event_composed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.composed", |e| Value::bool(e.composed))
}

fn event_is_trusted(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.isTrusted", |e| Value::bool(e.is_trusted))
}

fn event_time_stamp(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.timeStamp", |e| Value::number(e.time_stamp))
}

fn event_cancel_bubble(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.cancelBubble", |e| {
        Value::bool(e.has(STOP_PROPAGATION))
    })
}

fn event_set_cancel_bubble(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let on = vm.to_boolean(arg(args, 0));
    with_event(vm, this, "Event.cancelBubble", |e| {
        if on {
            e.set(STOP_PROPAGATION, true);
        }
    })?;
    Ok(Value::UNDEFINED)
}

fn event_return_value(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.returnValue", |e| {
        Value::bool(!e.has(CANCELED))
    })
}

fn event_set_return_value(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let on = vm.to_boolean(arg(args, 0));
    with_event(vm, this, "Event.returnValue", |e| {
        if !on {
            e.cancel();
        }
    })?;
    Ok(Value::UNDEFINED)
}

fn event_composed_path(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let current = with_event(vm, this, "Event.composedPath", |e| e.current_target.load())?;
    let items: Vec<Value> = if current.is_object() {
        vec![current]
    } else {
        Vec::new()
    };
    Ok(Value::object(vm.new_array_from(&items)))
}

fn event_stop_propagation(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.stopPropagation", |e| {
        e.set(STOP_PROPAGATION, true)
    })?;
    Ok(Value::UNDEFINED)
}

fn event_stop_immediate_propagation(
    vm: &mut Vm,
    this: Value,
    _: &[Value],
    _: Value,
) -> JsResult<Value> {
    with_event(vm, this, "Event.stopImmediatePropagation", |e| {
        e.set(STOP_PROPAGATION | STOP_IMMEDIATE, true)
    })?;
    Ok(Value::UNDEFINED)
}

fn event_prevent_default(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_event(vm, this, "Event.preventDefault", |e| e.cancel())?;
    Ok(Value::UNDEFINED)
}

// ---------------------------------------------------------------------------
// EventTarget methods.

fn target_constructor(vm: &mut Vm, _: Value, _: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "EventTarget: constructor requires 'new'");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::EventTargetPrototype)?;
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(EventTargetState::new(None))),
    );
    Ok(Value::object(o))
}

fn this_target(vm: &mut Vm, this: Value, api: &str) -> JsResult<Gc<JsObject>> {
    // `this` undefined means the global object in browsers; weft's global
    // object is not an EventTarget.
    this_with::<EventTargetState>(vm, this, api)
}

/// The listener callback argument: null/undefined (None), or an object.
fn callback_arg(vm: &mut Vm, v: Value, api: &str) -> JsResult<Option<Value>> {
    if v.is_nullish() {
        return Ok(None);
    }
    if !v.is_object() {
        return vm.throw(
            ErrorKind::Type,
            &format!("{api}: the listener is not an object or a function"),
        );
    }
    Ok(Some(v))
}

/// The `capture` of an options argument (a boolean or a dictionary).
fn capture_of(vm: &mut Vm, options: Value, api: &str) -> JsResult<bool> {
    if options.is_object() {
        super::bool_member(vm, options, "capture", api)
    } else {
        Ok(vm.to_boolean(options))
    }
}

fn add_event_listener(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    const API: &str = "EventTarget.addEventListener";
    let o = this_target(vm, this, API)?;
    require_args(vm, args, 2, API)?;
    let event_type = super::string_units(vm, arg(args, 0))?;
    let callback = callback_arg(vm, arg(args, 1), API)?;
    let options = arg(args, 2);
    let capture = capture_of(vm, options, API)?;
    let (mut once, mut passive, mut signal) = (false, false, None);
    if options.is_object() {
        once = super::bool_member(vm, options, "once", API)?;
        passive = super::bool_member(vm, options, "passive", API)?;
        let s = super::dictionary_member(vm, options, "signal", API)?;
        if !s.is_undefined() {
            match s.as_object() {
                Some(so) if target_state(&so).is_some_and(|t| t.signal.is_some()) => {
                    signal = Some(so)
                }
                _ => {
                    return vm.throw(
                        ErrorKind::Type,
                        &format!("{API}: the signal option is not an AbortSignal"),
                    );
                }
            }
        }
    }
    let Some(callback) = callback else {
        return Ok(Value::UNDEFINED);
    };
    if let Some(so) = signal
        && super::abort::is_aborted(&so)
    {
        return Ok(Value::UNDEFINED);
    }
    let removed = Arc::new(AtomicBool::new(false));
    {
        let st = target_state(&o).expect("checked EventTarget");
        let mut list = st.listeners.lock();
        if list
            .iter()
            .any(|l| l.event_type == event_type && l.callback == callback && l.capture == capture)
        {
            return Ok(Value::UNDEFINED);
        }
        list.push(Listener {
            event_type,
            callback,
            capture,
            passive,
            once,
            removed: removed.clone(),
        });
    }
    if let Some(so) = signal {
        super::abort::add_remove_listener_step(&so, Value::object(o), removed);
    }
    Ok(Value::UNDEFINED)
}

fn remove_event_listener(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    const API: &str = "EventTarget.removeEventListener";
    let o = this_target(vm, this, API)?;
    require_args(vm, args, 2, API)?;
    let event_type = super::string_units(vm, arg(args, 0))?;
    let callback = callback_arg(vm, arg(args, 1), API)?;
    let capture = capture_of(vm, arg(args, 2), API)?;
    let Some(callback) = callback else {
        return Ok(Value::UNDEFINED);
    };
    let st = target_state(&o).expect("checked EventTarget");
    st.listeners.lock().retain(|l| {
        let matches = l.event_type == event_type && l.callback == callback && l.capture == capture;
        if matches {
            l.removed.store(true, Ordering::Release);
        }
        !matches
    });
    Ok(Value::UNDEFINED)
}

fn dispatch_event(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    const API: &str = "EventTarget.dispatchEvent";
    let o = this_target(vm, this, API)?;
    require_args(vm, args, 1, API)?;
    let event = match arg(args, 0).as_object() {
        Some(e) if e.kind.builtin::<EventState>().is_some() => e,
        _ => {
            return vm.throw(
                ErrorKind::Type,
                &format!("{API}: the argument is not an Event"),
            );
        }
    };
    if event_state(&event).has(DISPATCH) {
        return throw_dom(
            vm,
            "InvalidStateError",
            &format!("{API}: the event is already being dispatched"),
        );
    }
    let not_canceled = dispatch(vm, o, event)?;
    Ok(Value::bool(not_canceled))
}

/// Dispatches `event` at `target`; whether it was not canceled.
pub(crate) fn dispatch(vm: &mut Vm, target: Gc<JsObject>, event: Gc<JsObject>) -> JsResult<bool> {
    let e = event_state(&event);
    e.set(DISPATCH, true);
    e.target.store(Value::object(target));
    e.current_target.store(Value::object(target));
    e.phase.store(AT_TARGET, Ordering::Release);
    let snapshot: Vec<Listener> = target_state(&target)
        .expect("an EventTarget")
        .listeners
        .lock()
        .clone();
    // Another thread may remove a listener (and drop its last reference)
    // while this one runs.
    for l in &snapshot {
        vm.root(l.callback);
    }
    let mut result = Ok(());
    for capturing in [true, false] {
        result = invoke(vm, target, event, &snapshot, capturing);
        if result.is_err() {
            break;
        }
    }
    e.phase.store(NONE, Ordering::Release);
    e.current_target.store(Value::NULL);
    e.set(DISPATCH | STOP_PROPAGATION | STOP_IMMEDIATE, false);
    result?;
    Ok(!e.has(CANCELED))
}

/// Inner invoke: the listeners of one phase, in order.
fn invoke(
    vm: &mut Vm,
    target: Gc<JsObject>,
    event: Gc<JsObject>,
    listeners: &[Listener],
    capturing: bool,
) -> JsResult<()> {
    let e = event_state(&event);
    for l in listeners {
        if e.has(STOP_IMMEDIATE) {
            break;
        }
        if l.removed.load(Ordering::Acquire)
            || l.capture != capturing
            || l.event_type != e.event_type
        {
            continue;
        }
        if l.once {
            target_state(&target)
                .expect("an EventTarget")
                .remove_listener(&l.removed);
        }
        if l.passive {
            e.set(IN_PASSIVE_LISTENER, true);
        }
        let outcome = call_listener(vm, target, event, l.callback);
        e.set(IN_PASSIVE_LISTENER, false);
        if let Err(exception) = outcome {
            if exception == Value::TERMINATE {
                return Err(exception);
            }
            super::report_error::report(vm, exception);
        }
    }
    Ok(())
}

fn call_listener(
    vm: &mut Vm,
    target: Gc<JsObject>,
    event: Gc<JsObject>,
    callback: Value,
) -> JsResult<()> {
    let this = Value::object(target);
    let args = [Value::object(event)];
    if callback.is_undefined() {
        // An event handler attribute: the current handler, if any.
        let handler = super::abort::event_handler(&target);
        if vm.is_callable(handler) {
            vm.call(handler, this, &args)?;
        }
        return Ok(());
    }
    if vm.is_callable(callback) {
        vm.call(callback, this, &args)?;
        return Ok(());
    }
    let listener = callback.as_object().expect("listener object");
    let handle = vm.get(listener, PropertyKey::from_text("handleEvent"))?;
    if !vm.is_callable(handle) {
        return vm.throw(
            ErrorKind::Type,
            "EventTarget: the listener's handleEvent is not a function",
        );
    }
    vm.call(handle, callback, &args)?;
    Ok(())
}
