//! Atomics on integer typed arrays: sequentially consistent
//! read-modify-writes on the shared bytes, and wait/notify on the engine's
//! wait list keyed by (storage address, byte index).
//!
//! With the `threads` feature, every entry point also takes
//! `(object, key, ...)`: an object that is not a typed array goes to
//! `atomics_property.rs`.

use num_bigint::BigInt;

use super::array_buffer::RmwOp;
use super::atomics_property::PropertyOp;
use super::typed_array::{
    Elem, TypedArrayState, bigint_to_raw, number_to_raw, raw_to_value, state_of,
};
use super::{arg, bigint, define_tag};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{JsObject, ObjectKind};
use crate::realm::{Intrinsic, Realm};
use crate::threads::sync::WaitAddress;
use crate::value::Value;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let atomics = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    let methods: &[(&str, u32, crate::function::NativeFn)] = &[
        ("add", 3, add),
        ("and", 3, and),
        ("compareExchange", 4, compare_exchange),
        ("exchange", 3, exchange),
        ("isLockFree", 1, is_lock_free),
        ("load", 2, load),
        ("notify", 3, notify),
        ("or", 3, or),
        ("pause", 0, pause),
        ("store", 3, store),
        ("sub", 3, sub),
        ("wait", 4, wait),
        ("waitAsync", 4, wait_async),
        ("xor", 3, xor),
    ];
    for &(name, len, f) in methods {
        vm.define_builtin(atomics, name, len, f);
    }
    define_tag(vm, atomics, "Atomics");
    vm.define_value(
        global,
        crate::object::PropertyKey::from_text("Atomics"),
        Value::object(atomics),
        crate::object::Attributes::HIDDEN,
    );
}

/// ValidateIntegerTypedArray.
/// An Atomics operation orders the caller's accesses for the race
/// detector (`threads/race.rs`).
fn synchronizes(vm: &Vm) {
    if let Some(r) = &vm.engine.threads.races {
        r.atomic(vm.thread.id);
    }
}

fn validate_integer(vm: &mut Vm, v: Value, waitable: bool) -> JsResult<(TypedArrayState, usize)> {
    let Some(st) = v.as_object().and_then(state_of) else {
        return vm.throw(ErrorKind::Type, "Atomics operation on a non-typed-array");
    };
    let Some(len) = st.len() else {
        return vm.throw(ErrorKind::Type, "typed array is detached or out of bounds");
    };
    let ok = if waitable {
        matches!(st.elem, Elem::I32 | Elem::BI64)
    } else {
        !matches!(st.elem, Elem::U8C | Elem::F16 | Elem::F32 | Elem::F64)
    };
    if !ok {
        return vm.throw(
            ErrorKind::Type,
            "Atomics operation on an invalid typed array type",
        );
    }
    Ok((st, len))
}

/// ValidateAtomicAccess against the length taken at validation: the
/// element index.
fn validate_access(
    vm: &mut Vm,
    (_, len): &(TypedArrayState, usize),
    index: Value,
) -> JsResult<usize> {
    let len = *len;
    let i = vm.to_index(index)?;
    if i >= len {
        return vm.throw(ErrorKind::Range, "Atomics access index out of range");
    }
    Ok(i)
}

fn revalidate(vm: &mut Vm, st: &TypedArrayState, i: usize) -> JsResult<()> {
    match st.len() {
        None => vm.throw(ErrorKind::Type, "typed array is detached or out of bounds"),
        Some(l) if i >= l => vm.throw(ErrorKind::Range, "Atomics access index out of range"),
        _ => Ok(()),
    }
}

/// The operand converted for the element type: (raw bits, the value as
/// converted, for `store`'s result).
fn operand(vm: &mut Vm, e: Elem, v: Value) -> JsResult<(u64, Value)> {
    if e.is_bigint() {
        let b = bigint::to_bigint(vm, v)?;
        let raw = bigint_to_raw(&b);
        let val = vm.bigint_value(b);
        Ok((raw, val))
    } else {
        let n = vm.to_integer_or_infinity(v)?;
        Ok((number_to_raw(e, n), Value::number(n + 0.0)))
    }
}

/// With the `threads` feature, the object of `(object, key, ...)` Atomics.
fn property_target(v: Value) -> Option<Gc<JsObject>> {
    if cfg!(feature = "threads") {
        super::atomics_property::property_target(v)
    } else {
        None
    }
}

fn rmw(
    vm: &mut Vm,
    args: &[Value],
    make: fn(u64) -> RmwOp,
    on_property: super::atomics_property::PropertyOp,
) -> JsResult<Value> {
    synchronizes(vm);
    if let Some(o) = property_target(arg(args, 0)) {
        return super::atomics_property::property_rmw(vm, o, args, on_property);
    }
    let rec = validate_integer(vm, arg(args, 0), false)?;
    let i = validate_access(vm, &rec, arg(args, 1))?;
    let st = rec.0;
    let (raw, _) = operand(vm, st.elem, arg(args, 2))?;
    revalidate(vm, &st, i)?;
    let size = st.elem.size();
    let old = st.buf().bytes.rmw(st.offset + i * size, size, make(raw));
    Ok(raw_to_value(vm, st.elem, old))
}

fn add(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Add, PropertyOp::Add)
}
fn sub(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Sub, PropertyOp::Sub)
}
fn and(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::And, PropertyOp::And)
}
fn or(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Or, PropertyOp::Or)
}
fn xor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Xor, PropertyOp::Xor)
}
fn exchange(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Exchange, PropertyOp::Exchange)
}

fn compare_exchange(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    synchronizes(vm);
    if let Some(o) = property_target(arg(args, 0)) {
        return super::atomics_property::property_rmw(vm, o, args, PropertyOp::CompareExchange);
    }
    let rec = validate_integer(vm, arg(args, 0), false)?;
    let i = validate_access(vm, &rec, arg(args, 1))?;
    let st = rec.0;
    let (expected, _) = operand(vm, st.elem, arg(args, 2))?;
    let (replacement, _) = operand(vm, st.elem, arg(args, 3))?;
    revalidate(vm, &st, i)?;
    let size = st.elem.size();
    let mask = if size == 8 {
        u64::MAX
    } else {
        (1u64 << (size * 8)) - 1
    };
    let old = st.buf().bytes.rmw(
        st.offset + i * size,
        size,
        RmwOp::CompareExchange(expected & mask, replacement & mask),
    );
    Ok(raw_to_value(vm, st.elem, old))
}

fn load(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    synchronizes(vm);
    if let Some(o) = property_target(arg(args, 0)) {
        return super::atomics_property::property_rmw(vm, o, args, PropertyOp::Load);
    }
    let rec = validate_integer(vm, arg(args, 0), false)?;
    let i = validate_access(vm, &rec, arg(args, 1))?;
    let st = rec.0;
    revalidate(vm, &st, i)?;
    let size = st.elem.size();
    let old = st.buf().bytes.rmw(st.offset + i * size, size, RmwOp::Load);
    Ok(raw_to_value(vm, st.elem, old))
}

fn store(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    synchronizes(vm);
    if let Some(o) = property_target(arg(args, 0)) {
        return super::atomics_property::property_rmw(vm, o, args, PropertyOp::Store);
    }
    let rec = validate_integer(vm, arg(args, 0), false)?;
    let i = validate_access(vm, &rec, arg(args, 1))?;
    let st = rec.0;
    let (raw, v) = operand(vm, st.elem, arg(args, 2))?;
    revalidate(vm, &st, i)?;
    let size = st.elem.size();
    st.buf()
        .bytes
        .rmw(st.offset + i * size, size, RmwOp::Store(raw));
    Ok(v)
}

fn is_lock_free(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let n = vm.to_integer_or_infinity(arg(args, 0))?;
    Ok(Value::bool(n == 1.0 || n == 2.0 || n == 4.0 || n == 8.0))
}

fn pause(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let n = arg(args, 0);
    if !n.is_undefined() {
        match n.as_number() {
            Some(x) if x.is_finite() && x.fract() == 0.0 => {}
            _ => {
                return vm.throw(
                    ErrorKind::Type,
                    "Atomics.pause: argument must be an integral Number",
                );
            }
        }
    }
    std::hint::spin_loop();
    Ok(Value::UNDEFINED)
}

// ----- wait / notify -----

/// The shared-buffer address, the index and the expected raw bits of
/// `Atomics.wait(typedArray, index, value, timeout)` / `waitAsync`.
fn wait_target(
    vm: &mut Vm,
    args: &[Value],
    method: &str,
) -> JsResult<(TypedArrayState, usize, u64, f64)> {
    let rec = validate_integer(vm, arg(args, 0), true)?;
    let st = rec.0;
    if !st.buf().shared {
        return vm.throw(
            ErrorKind::Type,
            &format!("Atomics.{method} requires a shared typed array"),
        );
    }
    let i = validate_access(vm, &rec, arg(args, 1))?;
    let expected = if st.elem.is_bigint() {
        let b: BigInt = bigint::to_bigint(vm, arg(args, 2))?;
        bigint_to_raw(&b)
    } else {
        let n = vm.to_int32(arg(args, 2))?;
        n as u32 as u64
    };
    let timeout = super::atomics_property::timeout_ms(vm, arg(args, 3))?;
    let size = st.elem.size();
    let byte_index = st.offset + i * size;
    let mask = if size == 8 { u64::MAX } else { 0xffff_ffff };
    Ok((st, byte_index, expected & mask, timeout))
}

fn wait_common(vm: &mut Vm, args: &[Value], is_async: bool) -> JsResult<Value> {
    synchronizes(vm);
    use super::atomics_property as common;
    let method = if is_async { "waitAsync" } else { "wait" };
    if let Some(o) = property_target(arg(args, 0)) {
        return common::property_wait(vm, o, args, is_async);
    }
    let (st, byte_index, expected, timeout) = wait_target(vm, args, method)?;
    let size = st.elem.size();
    let address = WaitAddress::Bytes(st.buf().bytes.address(), byte_index);
    // The typed array (and so its buffer) is an argument of this native
    // call, hence rooted while the thread waits.
    let equal = move || st.buf().bytes.rmw(byte_index, size, RmwOp::Load) == expected;
    if is_async {
        common::wait_async(vm, address, equal, timeout)
    } else {
        common::wait_sync(vm, address, equal, timeout)
    }
}

fn wait(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    wait_common(vm, args, false)
}

fn wait_async(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    wait_common(vm, args, true)
}

fn notify(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    synchronizes(vm);
    use super::atomics_property as common;
    if let Some(o) = property_target(arg(args, 0)) {
        return common::property_notify(vm, o, args);
    }
    let rec = validate_integer(vm, arg(args, 0), true)?;
    let st = rec.0;
    let i = validate_access(vm, &rec, arg(args, 1))?;
    let count = common::notify_count(vm, arg(args, 2))?;
    if !st.buf().shared {
        return Ok(Value::ZERO);
    }
    let size = st.elem.size();
    let address = WaitAddress::Bytes(st.buf().bytes.address(), st.offset + i * size);
    let woken = common::notify(vm, address, count);
    Ok(Value::number(woken as f64))
}
