//! Atomics on plain object properties (docs/threads.md): every Atomics
//! function that takes `(typedArray, index, ...)` also takes
//! `(object, key, ...)`, as one sequentially consistent step on that own
//! data property (`JsObject::update_own_atomically`). With the `threads`
//! feature; `atomics.rs` dispatches here when the target is an object that
//! is not a typed array.
//!
//! Also the wait/notify machinery both kinds of target share: waiters are
//! queued by address in the engine's `WaitList` and block through
//! `Vm::block_until` (so a stopped program or a deadlock wakes them).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{arg, promise};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm, same_value_zero};
use crate::object::{AtomicUpdateError, JsObject, ObjectKind, PropertyKey};
use crate::threads::sync::{WaitAddress, Waiter};
use crate::threads::{PendingOp, WaitFor};
use crate::value::Value;
use crate::value::number::to_int32;

/// The operations that read, write or combine one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PropertyOp {
    Load,
    Store,
    Add,
    Sub,
    And,
    Or,
    Xor,
    Exchange,
    CompareExchange,
}

impl PropertyOp {
    fn name(self) -> &'static str {
        match self {
            PropertyOp::Load => "load",
            PropertyOp::Store => "store",
            PropertyOp::Add => "add",
            PropertyOp::Sub => "sub",
            PropertyOp::And => "and",
            PropertyOp::Or => "or",
            PropertyOp::Xor => "xor",
            PropertyOp::Exchange => "exchange",
            PropertyOp::CompareExchange => "compareExchange",
        }
    }
}

/// The object of `(object, key)` Atomics: any object but a typed array.
pub fn property_target(v: Value) -> Option<Gc<JsObject>> {
    let o = v.as_object()?;
    if super::typed_array::is_typed_array(o) {
        return None;
    }
    Some(o)
}

/// The key, after checking that the object can hold atomic properties.
fn target_key(vm: &mut Vm, o: Gc<JsObject>, key: Value, op: &str) -> JsResult<PropertyKey> {
    let key = vm.to_property_key(key)?;
    if super::proxy::is_proxy(o) || matches!(o.kind, ObjectKind::String(_)) {
        return vm.throw(
            ErrorKind::Type,
            &format!("Atomics.{op}: the object must be an ordinary object or an array"),
        );
    }
    vm.check_owner(o, Some(key), "access")?;
    Ok(key)
}

fn update_error(vm: &mut Vm, e: AtomicUpdateError, op: &str, key: PropertyKey) -> Value {
    let k = key.to_rust_string();
    let message = match e {
        AtomicUpdateError::Missing => format!("Atomics.{op}: the object has no own property '{k}'"),
        AtomicUpdateError::Accessor => {
            format!("Atomics.{op}: property '{k}' is an accessor, not a data property")
        }
        AtomicUpdateError::ReadOnly => format!("Atomics.{op}: property '{k}' is read-only"),
    };
    vm.make_error(ErrorKind::Type, &message)
}

/// `Atomics.<op>(object, key, ...operands)`: returns the old value (the
/// stored value for `store`).
pub fn property_rmw(
    vm: &mut Vm,
    o: Gc<JsObject>,
    args: &[Value],
    op: PropertyOp,
) -> JsResult<Value> {
    let name = op.name();
    let key = target_key(vm, o, arg(args, 1), name)?;
    let v = arg(args, 2);
    // Operands are converted before the atomic step (conversions may run
    // JS); the step itself runs no JS.
    let number = match op {
        PropertyOp::Add | PropertyOp::Sub => vm.to_number(v)?,
        _ => 0.0,
    };
    let bits = match op {
        PropertyOp::And | PropertyOp::Or | PropertyOp::Xor => vm.to_int32(v)?,
        _ => 0,
    };
    let replacement = arg(args, 3);
    let mut not_a_number = false;
    let mut step = |old: Value| -> Option<Value> {
        let old_number = || {
            if old.is_undefined() {
                Some(f64::NAN)
            } else {
                old.as_number()
            }
        };
        match op {
            PropertyOp::Load => None,
            PropertyOp::Store | PropertyOp::Exchange => Some(v),
            PropertyOp::CompareExchange => same_value_zero(old, v).then_some(replacement),
            PropertyOp::Add | PropertyOp::Sub => match old_number() {
                Some(x) => Some(Value::number(if op == PropertyOp::Add {
                    x + number
                } else {
                    x - number
                })),
                None => {
                    not_a_number = true;
                    None
                }
            },
            PropertyOp::And | PropertyOp::Or | PropertyOp::Xor => match old_number() {
                Some(x) => {
                    let x = to_int32(x);
                    Some(Value::int(match op {
                        PropertyOp::And => x & bits,
                        PropertyOp::Or => x | bits,
                        _ => x ^ bits,
                    }))
                }
                None => {
                    not_a_number = true;
                    None
                }
            },
        }
    };
    let writes = op != PropertyOp::Load;
    match o.update_own_atomically(key, writes, &mut step) {
        Ok(_) if not_a_number => vm.throw(
            ErrorKind::Type,
            &format!(
                "Atomics.{name}: property '{}' does not hold a number",
                key.to_rust_string()
            ),
        ),
        Ok(_) if op == PropertyOp::Store => Ok(v),
        Ok(old) => Ok(old),
        Err(AtomicUpdateError::Missing) if op == PropertyOp::Store => {
            // `store` creates the property (under the object's lock).
            if !vm.create_data_property(o, key, v)? {
                return vm.throw(
                    ErrorKind::Type,
                    &format!(
                        "Atomics.store: cannot add property '{}': the object is not extensible",
                        key.to_rust_string()
                    ),
                );
            }
            Ok(v)
        }
        Err(e) => Err(update_error(vm, e, name, key)),
    }
}

/// The current value of own data property `key` (for wait's comparison).
fn read_property(o: Gc<JsObject>, key: PropertyKey) -> Result<Value, AtomicUpdateError> {
    o.update_own_atomically(key, false, &mut |_| None)
}

/// `Atomics.wait(object, key, expected, timeout)` or `waitAsync`.
pub fn property_wait(
    vm: &mut Vm,
    o: Gc<JsObject>,
    args: &[Value],
    is_async: bool,
) -> JsResult<Value> {
    let name = if is_async { "waitAsync" } else { "wait" };
    let key = target_key(vm, o, arg(args, 1), name)?;
    let expected = arg(args, 2);
    if let Err(e) = read_property(o, key) {
        return Err(update_error(vm, e, name, key));
    }
    let timeout = timeout_ms(vm, arg(args, 3))?;
    let address = WaitAddress::Property(o.addr() as usize, key);
    let equal = move || read_property(o, key).is_ok_and(|v| same_value_zero(v, expected));
    if is_async {
        wait_async(vm, address, equal, timeout)
    } else {
        wait_sync(vm, address, equal, timeout)
    }
}

/// `Atomics.notify(object, key, count)`.
pub fn property_notify(vm: &mut Vm, o: Gc<JsObject>, args: &[Value]) -> JsResult<Value> {
    let key = target_key(vm, o, arg(args, 1), "notify")?;
    let count = notify_count(vm, arg(args, 2))?;
    let woken = notify(vm, WaitAddress::Property(o.addr() as usize, key), count);
    Ok(Value::number(woken as f64))
}

// ----- shared by typed arrays and properties -----

/// The timeout argument in ms: NaN (or undefined) waits forever.
pub fn timeout_ms(vm: &mut Vm, v: Value) -> JsResult<f64> {
    let q = vm.to_number(v)?;
    Ok(if q.is_nan() {
        f64::INFINITY
    } else {
        q.max(0.0)
    })
}

/// The count argument of notify: undefined wakes everyone.
pub fn notify_count(vm: &mut Vm, v: Value) -> JsResult<usize> {
    if v.is_undefined() {
        return Ok(usize::MAX);
    }
    let n = vm.to_integer_or_infinity(v)?.max(0.0);
    Ok(if n.is_finite() {
        n as usize
    } else {
        usize::MAX
    })
}

fn deadline(vm: &Vm, timeout: f64) -> Option<f64> {
    timeout
        .is_finite()
        .then(|| vm.engine.monotonic_ms() + timeout)
}

/// Queues `waiter` on `address` if the value there is still the expected
/// one (`equal`, run with the wait list locked, so a notify after the
/// value changed cannot be missed) and the timeout is not zero; otherwise
/// the immediate outcome, "not-equal" or "timed-out".
fn enqueue(
    engine: &crate::engine::Engine,
    address: WaitAddress,
    equal: impl FnOnce() -> bool,
    timeout: f64,
    waiter: impl FnOnce() -> Waiter,
) -> Result<(), &'static str> {
    let mut not_equal = false;
    let queued = engine.threads.waits.enqueue_if(
        address,
        || {
            not_equal = !equal();
            !not_equal && timeout > 0.0
        },
        waiter,
    );
    match (queued, not_equal) {
        (true, _) => Ok(()),
        (false, true) => Err("not-equal"),
        (false, false) => Err("timed-out"),
    }
}

/// Blocks until notified, or the timeout: "ok", "not-equal" or
/// "timed-out". `equal` runs with the wait list locked, so a notify after
/// the value changed cannot be missed.
pub fn wait_sync(
    vm: &mut Vm,
    address: WaitAddress,
    equal: impl FnOnce() -> bool,
    timeout: f64,
) -> JsResult<Value> {
    let engine = vm.engine.clone();
    let ticket = Arc::new(AtomicBool::new(false));
    let thread = vm.thread.clone();
    let waiter = || Waiter::Sync {
        thread,
        ticket: ticket.clone(),
    };
    if let Err(outcome) = enqueue(&engine, address, equal, timeout, waiter) {
        return Ok(vm.string_value(outcome));
    }
    let deadline = deadline(vm, timeout);
    let woken = ticket.clone();
    let waited = vm.block_until(
        WaitFor::Atomics {
            ticket: ticket.clone(),
            timed: deadline.is_some(),
        },
        deadline,
        || woken.load(Ordering::Acquire).then_some(()),
    );
    let outcome = match waited {
        Ok(Some(())) => "ok",
        Ok(None) => {
            if engine.threads.waits.remove_sync(address, &ticket) {
                "timed-out"
            } else {
                "ok"
            }
        }
        Err(e) => {
            engine.threads.waits.remove_sync(address, &ticket);
            return Err(e);
        }
    };
    Ok(vm.string_value(outcome))
}

/// `waitAsync`: `{ async: false, value: "not-equal" | "timed-out" }`, or
/// `{ async: true, value: promise }` settled with "ok" or "timed-out" by
/// the thread's event loop.
pub fn wait_async(
    vm: &mut Vm,
    address: WaitAddress,
    equal: impl FnOnce() -> bool,
    timeout: f64,
) -> JsResult<Value> {
    let engine = vm.engine.clone();
    let (p, resolve, reject) = promise::new_intrinsic_capability(vm);
    let timed_out = vm.string_value("timed-out");
    let thread = vm.thread.clone();
    let op = thread.add_pending(PendingOp {
        on_ok: resolve,
        on_err: reject,
        deadline: deadline(vm, timeout),
        cancel: None,
        timeout_value: timed_out,
    });
    let waiter = || Waiter::Async {
        thread: thread.clone(),
        op,
    };
    let queued = enqueue(&engine, address, equal, timeout, waiter);
    let result = vm.new_object();
    let (is_async, value) = if queued.is_ok() {
        let weak = Arc::downgrade(&engine);
        let me = thread.id;
        thread.set_cancel(
            op,
            Box::new(move || {
                weak.upgrade()
                    .is_some_and(|e| e.threads.waits.remove_async(address, me, op))
            }),
        );
        (true, p)
    } else {
        thread.take_pending(op);
        let v = match queued {
            Err("not-equal") => vm.string_value("not-equal"),
            _ => timed_out,
        };
        (false, v)
    };
    vm.create_data_property(
        result,
        PropertyKey::from_text("async"),
        Value::bool(is_async),
    )?;
    vm.create_data_property(result, PropertyKey::from_text("value"), value)?;
    Ok(Value::object(result))
}

/// Wakes up to `count` waiters on `address`; returns how many.
pub fn notify(vm: &mut Vm, address: WaitAddress, count: usize) -> usize {
    let ok = vm.string_value("ok");
    vm.engine.threads.waits.notify(address, count, ok)
}
