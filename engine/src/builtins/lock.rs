//! Lock and Condition (docs/threads.md), with the `threads` feature.
//!
//! The objects wrap the Rust-side cores of `threads/sync.rs`; blocking goes
//! through `Vm::block_until`, so waits are visible to the trace and to
//! deadlock detection. Async variants (`asyncHold`, `asyncWait`) register a
//! pending operation on the calling thread, which the lock grants by a
//! message to that thread's event loop.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{arg, define_tag, promise};
use crate::engine::Mode;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::string::atom::names;
use crate::threads::sync::{Acquire, CondCore, LockCore, Waiter};
use crate::threads::{PendingOp, WaitFor};
use crate::trace::EventKind;
use crate::value::Value;

struct LockState {
    core: Arc<LockCore>,
}

impl Trace for LockState {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for LockState {
    fn class_name(&self) -> &'static str {
        "Lock"
    }
}

struct ConditionState {
    core: Arc<CondCore>,
}

impl Trace for ConditionState {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for ConditionState {
    fn class_name(&self) -> &'static str {
        "Condition"
    }
}

/// A Lock's or a Condition's id, with which it is ("Lock", "Condition").
pub fn sync_id(o: &JsObject) -> Option<(&'static str, u64)> {
    if let Some(l) = o.kind.builtin::<LockState>() {
        return Some(("Lock", l.core.id));
    }
    o.kind
        .builtin::<ConditionState>()
        .map(|c| ("Condition", c.core.id))
}

/// A Lock's state for inspection: `Some(None)` unlocked, `Some(Some(id))`
/// held by thread `id`; None for an object that is not a Lock.
pub fn lock_owner(o: &JsObject) -> Option<Option<u32>> {
    o.kind.builtin::<LockState>().map(|s| s.core.owner())
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);

    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::LockPrototype, proto);
    vm.define_constructor(global, "Lock", 0, lock_constructor, proto);
    vm.define_builtin(proto, "hold", 1, lock_hold);
    vm.define_builtin(proto, "asyncHold", 0, lock_async_hold);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::from_text("locked"),
        Some(lock_locked),
        None,
        false,
    );
    define_tag(vm, proto, "Lock");

    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::ConditionPrototype, proto);
    vm.define_constructor(global, "Condition", 0, condition_constructor, proto);
    vm.define_builtin(proto, "wait", 1, condition_wait);
    vm.define_builtin(proto, "asyncWait", 1, condition_async_wait);
    vm.define_builtin(proto, "notify", 0, condition_notify);
    vm.define_builtin(proto, "notifyAll", 0, condition_notify_all);
    define_tag(vm, proto, "Condition");
}

fn lock_constructor(vm: &mut Vm, _: Value, _: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor Lock requires 'new'");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::LockPrototype)?;
    let id = vm.engine.threads.next_sync_id();
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(LockState {
            core: Arc::new(LockCore::new(id)),
        })),
    );
    Ok(Value::object(o))
}

fn lock_core(v: Value) -> Option<Arc<LockCore>> {
    v.as_object()?
        .kind
        .builtin::<LockState>()
        .map(|s| s.core.clone())
}

fn this_lock(vm: &mut Vm, this: Value, method: &str) -> JsResult<Arc<LockCore>> {
    match lock_core(this) {
        Some(c) => Ok(c),
        None => vm.throw(
            ErrorKind::Type,
            &format!("Lock.prototype.{method} called on an incompatible receiver"),
        ),
    }
}

/// Takes `core` for the calling thread, blocking while another holds it;
/// returns the number of the hold.
fn acquire(vm: &mut Vm, core: &Arc<LockCore>, method: &str) -> JsResult<u64> {
    let first_try = if vm.engine.mode() == Mode::Parallel {
        core.acquire_spinning(&vm.thread)
    } else {
        core.acquire(&vm.thread)
    };
    match first_try {
        Acquire::Acquired => {}
        Acquire::Recursive => {
            return vm.throw(
                ErrorKind::Error,
                &format!("{method}: Lock is not recursive, and this thread already holds it"),
            );
        }
        Acquire::Queued(ticket) => {
            let handed = ticket.clone();
            let waited = vm.block_until(WaitFor::Lock(core.clone()), None, || {
                handed.load(Ordering::Acquire).then_some(())
            });
            if let Err(e) = waited {
                core.cancel(vm.thread.id);
                return Err(e);
            }
        }
    }
    vm.trace_event(EventKind::LockAcquired { lock: core.id });
    if let Some(r) = &vm.engine.threads.races {
        r.acquire(vm.thread.id, core.id);
    }
    Ok(core.hold_of(vm.thread.id).expect("the lock was just taken"))
}

/// Ends hold `hold` of `core` if it is still the current one (a wait that
/// was terminated, or an asyncWait, may have given it up). Returns whether
/// it did.
fn release(vm: &mut Vm, core: &LockCore, hold: u64) -> bool {
    // Recorded first: once released, the next owner's acquire may be
    // recorded at once, and the hand-off must read in order.
    let current = core.hold_of(vm.thread.id) == Some(hold);
    if current {
        vm.trace_event(EventKind::LockReleased { lock: core.id });
        if let Some(r) = &vm.engine.threads.races {
            r.release(vm.thread.id, core.id);
        }
    }
    current && core.release_hold(hold)
}

/// A hold number as a value (kept in native functions' data).
fn hold_value(hold: u64) -> Value {
    Value::number(hold as f64)
}

fn hold_of_value(v: Value) -> u64 {
    v.as_number().unwrap_or(-1.0) as u64
}

fn lock_hold(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let core = this_lock(vm, this, "hold")?;
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        return vm.throw(
            ErrorKind::Type,
            "Lock.prototype.hold: fn must be a function",
        );
    }
    let hold = acquire(vm, &core, "Lock.prototype.hold")?;
    let result = vm.call(f, Value::UNDEFINED, &[]);
    release(vm, &core, hold);
    result
}

fn lock_async_hold(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let core = this_lock(vm, this, "asyncHold")?;
    let f = arg(args, 0);
    if !f.is_undefined() && !vm.is_callable(f) {
        return vm.throw(
            ErrorKind::Type,
            "Lock.prototype.asyncHold: fn must be a function or omitted",
        );
    }
    let (p, resolve, reject) = promise::new_intrinsic_capability(vm);
    let granted = vm.new_native(
        names::EMPTY,
        0,
        async_hold_granted,
        false,
        &[this, f, resolve, reject],
    );
    let op = vm.thread.add_pending(PendingOp {
        on_ok: Value::object(granted),
        on_err: reject,
        deadline: None,
        cancel: None,
        timeout_value: Value::UNDEFINED,
    });
    core.acquire_async(vm.thread.clone(), op);
    Ok(p)
}

/// Runs when an `asyncHold` is granted, on the thread that asked.
fn async_hold_granted(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (lock, f, resolve, reject) = (
        vm.native_data(0),
        vm.native_data(1),
        vm.native_data(2),
        vm.native_data(3),
    );
    let core = lock_core(lock).expect("a Lock");
    vm.trace_event(EventKind::LockAcquired { lock: core.id });
    if let Some(r) = &vm.engine.threads.races {
        r.acquire(vm.thread.id, core.id);
    }
    let Some(hold) = core.hold_of(vm.thread.id) else {
        // Granted, then given up (a terminated thread's lock passed on).
        return Ok(Value::UNDEFINED);
    };
    let owner = hold_value(hold);
    if f.is_undefined() {
        let release_fn = release_function(vm, lock, hold);
        vm.call(resolve, Value::UNDEFINED, &[release_fn])?;
        return Ok(Value::UNDEFINED);
    }
    let outcome = vm.call(f, Value::UNDEFINED, &[]).and_then(|v| {
        let then = match v.as_object() {
            Some(o) => vm.get(o, PropertyKey::from_text("then"))?,
            None => Value::UNDEFINED,
        };
        Ok((v, then))
    });
    match outcome {
        Ok((v, then)) if vm.is_callable(then) => {
            // Hold the lock until the returned promise settles.
            let on_ok = vm.new_native(
                names::EMPTY,
                1,
                release_then,
                false,
                &[lock, owner, resolve],
            );
            let on_err =
                vm.new_native(names::EMPTY, 1, release_then, false, &[lock, owner, reject]);
            if let Err(e) = vm.call(then, v, &[Value::object(on_ok), Value::object(on_err)]) {
                release(vm, &core, hold);
                vm.call(reject, Value::UNDEFINED, &[e])?;
            }
        }
        Ok((v, _)) => {
            release(vm, &core, hold);
            vm.call(resolve, Value::UNDEFINED, &[v])?;
        }
        Err(e) => {
            release(vm, &core, hold);
            vm.call(reject, Value::UNDEFINED, &[e])?;
        }
    }
    Ok(Value::UNDEFINED)
}

/// Releases the lock, then settles the asyncHold promise with the value.
fn release_then(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let core = lock_core(vm.native_data(0)).expect("a Lock");
    let hold = hold_of_value(vm.native_data(1));
    let settle = vm.native_data(2);
    release(vm, &core, hold);
    vm.call(settle, Value::UNDEFINED, &[arg(args, 0)])
}

/// A function that ends hold `hold` of `lock` when called, exactly once
/// (what `asyncHold()` resolves to).
fn release_function(vm: &mut Vm, lock: Value, hold: u64) -> Value {
    let f = vm.new_native(
        Atom::intern_str("release"),
        0,
        async_release,
        false,
        &[lock, hold_value(hold), Value::FALSE],
    );
    Value::object(f)
}

fn async_release(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if vm.native_data(2) == Value::TRUE {
        return vm.throw(
            ErrorKind::Error,
            "Lock release function: already called (it releases its hold once)",
        );
    }
    let core = lock_core(vm.native_data(0)).expect("a Lock");
    let hold = hold_of_value(vm.native_data(1));
    if !release(vm, &core, hold) {
        return vm.throw(
            ErrorKind::Error,
            "Lock release function: this thread does not hold the lock now \
             (a Condition.prototype.asyncWait gave it up and has not taken it back yet)",
        );
    }
    vm.set_native_data(2, Value::TRUE);
    Ok(Value::UNDEFINED)
}

fn lock_locked(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let core = this_lock(vm, this, "locked")?;
    Ok(Value::bool(core.owner().is_some()))
}

// ----- Condition -----

fn condition_constructor(vm: &mut Vm, _: Value, _: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor Condition requires 'new'");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::ConditionPrototype)?;
    let id = vm.engine.threads.next_sync_id();
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(ConditionState {
            core: Arc::new(CondCore::new(id)),
        })),
    );
    Ok(Value::object(o))
}

fn this_condition(vm: &mut Vm, this: Value, method: &str) -> JsResult<Arc<CondCore>> {
    match this
        .as_object()
        .and_then(|o| o.kind.builtin::<ConditionState>().map(|s| s.core.clone()))
    {
        Some(c) => Ok(c),
        None => vm.throw(
            ErrorKind::Type,
            &format!("Condition.prototype.{method} called on an incompatible receiver"),
        ),
    }
}

/// The Lock argument of wait/asyncWait, which the caller must hold, and
/// the caller's hold.
fn held_lock(vm: &mut Vm, v: Value, method: &str) -> JsResult<(Arc<LockCore>, u64)> {
    let Some(lock) = lock_core(v) else {
        return vm.throw(
            ErrorKind::Type,
            &format!("Condition.prototype.{method}: the argument must be a Lock"),
        );
    };
    match lock.hold_of(vm.thread.id) {
        Some(hold) => Ok((lock, hold)),
        None => vm.throw(
            ErrorKind::Type,
            &format!("Condition.prototype.{method}: the calling thread must hold the lock"),
        ),
    }
}

fn condition_wait(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cond = this_condition(vm, this, "wait")?;
    let (lock, hold) = held_lock(vm, arg(args, 0), "wait")?;
    let ticket = Arc::new(AtomicBool::new(false));
    cond.enqueue(
        Waiter::Sync {
            thread: vm.thread.clone(),
            ticket: ticket.clone(),
        },
        lock.clone(),
    );
    release(vm, &lock, hold);
    let woken = ticket.clone();
    let waited = vm.block_until(
        WaitFor::Condition {
            cond: cond.clone(),
            lock: lock.id,
            ticket: ticket.clone(),
        },
        None,
        || woken.load(Ordering::Acquire).then_some(()),
    );
    if let Err(e) = waited {
        cond.cancel(&ticket);
        return Err(e);
    }
    acquire(vm, &lock, "Condition.prototype.wait")?;
    // The wait is part of the caller's hold: whatever ends that hold
    // (`Lock.prototype.hold` returning) still can.
    lock.continue_hold(vm.thread.id, hold);
    Ok(Value::UNDEFINED)
}

fn condition_async_wait(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cond = this_condition(vm, this, "asyncWait")?;
    let lock_value = arg(args, 0);
    let (lock, hold) = held_lock(vm, lock_value, "asyncWait")?;
    let (p, resolve, reject) = promise::new_intrinsic_capability(vm);
    let granted = vm.new_native(
        names::EMPTY,
        0,
        async_wait_granted,
        false,
        &[lock_value, resolve, hold_value(hold)],
    );
    let op = vm.thread.add_pending(PendingOp {
        on_ok: Value::object(granted),
        on_err: reject,
        deadline: None,
        cancel: None,
        timeout_value: Value::UNDEFINED,
    });
    cond.enqueue(
        Waiter::Async {
            thread: vm.thread.clone(),
            op,
        },
        lock.clone(),
    );
    release(vm, &lock, hold);
    Ok(p)
}

/// Runs when an asyncWait has the lock again, on the thread that waited:
/// the hold it gave up continues (as with `wait`), so the release function
/// or `asyncHold` callback that owns it ends it; then the promise resolves.
fn async_wait_granted(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (lock, resolve) = (vm.native_data(0), vm.native_data(1));
    let hold = hold_of_value(vm.native_data(2));
    let core = lock_core(lock).expect("a Lock");
    vm.trace_event(EventKind::LockAcquired { lock: core.id });
    if let Some(r) = &vm.engine.threads.races {
        r.acquire(vm.thread.id, core.id);
    }
    core.continue_hold(vm.thread.id, hold);
    vm.call(resolve, Value::UNDEFINED, &[])?;
    Ok(Value::UNDEFINED)
}

fn notify(vm: &mut Vm, this: Value, method: &str, count: usize) -> JsResult<Value> {
    let cond = this_condition(vm, this, method)?;
    let woken = cond.notify(count, |woken| {
        vm.trace_event(EventKind::Notify {
            condition: cond.id,
            woken: woken as u32,
        })
    });
    Ok(Value::number(woken as f64))
}

fn condition_notify(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    notify(vm, this, "notify", 1)
}

fn condition_notify_all(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    notify(vm, this, "notifyAll", usize::MAX)
}
