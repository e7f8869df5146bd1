//! Atomics on integer typed arrays: sequentially consistent
//! read-modify-writes on the shared bytes, and wait/notify on a wait list
//! keyed by (storage address, byte index).
//!
//! (Atomics on plain object properties is a separate, later addition: the
//! entry points below reject non-typed-array arguments with a TypeError,
//! which is where that dispatch would go.)

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use num_bigint::BigInt;

use super::array_buffer::RmwOp;
use super::typed_array::{
    Elem, TypedArrayState, bigint_to_raw, number_to_raw, raw_to_value, state_of,
};
use super::{arg, bigint, define_tag};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{JsObject, ObjectKind};
use crate::realm::{Intrinsic, Realm};
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

fn rmw(vm: &mut Vm, args: &[Value], make: fn(u64) -> RmwOp) -> JsResult<Value> {
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
    rmw(vm, args, RmwOp::Add)
}
fn sub(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Sub)
}
fn and(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::And)
}
fn or(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Or)
}
fn xor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Xor)
}
fn exchange(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    rmw(vm, args, RmwOp::Exchange)
}

fn compare_exchange(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
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
    let rec = validate_integer(vm, arg(args, 0), false)?;
    let i = validate_access(vm, &rec, arg(args, 1))?;
    let st = rec.0;
    revalidate(vm, &st, i)?;
    let size = st.elem.size();
    let old = st.buf().bytes.rmw(st.offset + i * size, size, RmwOp::Load);
    Ok(raw_to_value(vm, st.elem, old))
}

fn store(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
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

struct Waiter {
    notified: Mutex<bool>,
    cond: Condvar,
}

type WaitList = Mutex<HashMap<(usize, usize), Vec<Arc<Waiter>>>>;

fn wait_list() -> &'static WaitList {
    static LIST: OnceLock<WaitList> = OnceLock::new();
    LIST.get_or_init(|| Mutex::new(HashMap::new()))
}

enum WaitOutcome {
    Ok,
    TimedOut,
}

fn wait(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let rec = validate_integer(vm, arg(args, 0), true)?;
    let st = rec.0;
    if !st.buf().shared {
        return vm.throw(
            ErrorKind::Type,
            "Atomics.wait requires a shared typed array",
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
    let q = vm.to_number(arg(args, 3))?;
    let timeout = if q.is_nan() {
        f64::INFINITY
    } else {
        q.max(0.0)
    };
    let size = st.elem.size();
    let byte_index = st.offset + i * size;
    let key = (st.buf().bytes.address(), byte_index);
    let mask = if size == 8 { u64::MAX } else { 0xffff_ffff };
    let waiter = Arc::new(Waiter {
        notified: Mutex::new(false),
        cond: Condvar::new(),
    });
    {
        let mut list = wait_list().lock().unwrap_or_else(|e| e.into_inner());
        let current = st.buf().bytes.rmw(byte_index, size, RmwOp::Load);
        if current != expected & mask {
            drop(list);
            return Ok(vm.string_value("not-equal"));
        }
        if timeout == 0.0 {
            drop(list);
            return Ok(vm.string_value("timed-out"));
        }
        list.entry(key).or_default().push(waiter.clone());
    }
    // The typed array (and so the buffer) is an argument of this native
    // call, hence rooted; no other heap reference is held across the wait.
    let heap = vm.engine.heap.clone();
    let outcome = heap.blocking(vm.heap_access().state(), || {
        let deadline = if timeout.is_finite() {
            Instant::now().checked_add(Duration::from_secs_f64((timeout / 1000.0).min(1e9)))
        } else {
            None
        };
        let mut notified = waiter.notified.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if *notified {
                return WaitOutcome::Ok;
            }
            match deadline {
                None => {
                    notified = waiter
                        .cond
                        .wait(notified)
                        .unwrap_or_else(|e| e.into_inner());
                }
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        break;
                    }
                    notified = waiter
                        .cond
                        .wait_timeout(notified, d - now)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                }
            }
        }
        drop(notified);
        // Timed out: leave the list, unless a notify took us off first.
        let mut list = wait_list().lock().unwrap_or_else(|e| e.into_inner());
        let notified = *waiter.notified.lock().unwrap_or_else(|e| e.into_inner());
        if notified {
            return WaitOutcome::Ok;
        }
        if let Some(v) = list.get_mut(&key) {
            v.retain(|w| !Arc::ptr_eq(w, &waiter));
            if v.is_empty() {
                list.remove(&key);
            }
        }
        WaitOutcome::TimedOut
    });
    let s = match outcome {
        WaitOutcome::Ok => "ok",
        WaitOutcome::TimedOut => "timed-out",
    };
    Ok(vm.string_value(s))
}

fn notify(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let rec = validate_integer(vm, arg(args, 0), true)?;
    let st = rec.0;
    let i = validate_access(vm, &rec, arg(args, 1))?;
    let c = arg(args, 2);
    let count = if c.is_undefined() {
        f64::INFINITY
    } else {
        vm.to_integer_or_infinity(c)?.max(0.0)
    };
    if !st.buf().shared {
        return Ok(Value::ZERO);
    }
    let size = st.elem.size();
    let key = (st.buf().bytes.address(), st.offset + i * size);
    let mut woken = 0usize;
    let mut list = wait_list().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(v) = list.get_mut(&key) {
        let n = if count.is_finite() {
            (count as usize).min(v.len())
        } else {
            v.len()
        };
        for w in v.drain(..n) {
            *w.notified.lock().unwrap_or_else(|e| e.into_inner()) = true;
            w.cond.notify_all();
            woken += 1;
        }
        if v.is_empty() {
            list.remove(&key);
        }
    }
    Ok(Value::number(woken as f64))
}
