//! `Array.fromAsync(items, mapper, thisArg)`. The spec's async closure is
//! a state machine here: a `FromAsync` object holds where the closure is
//! suspended, and each `Await` subscribes two native reactions (fulfilled,
//! rejected) that carry the state object and run the next stretch of the
//! closure, until it settles the returned promise.

use super::arg;
use super::array::array_create;
use super::promise::{new_intrinsic_capability, promise_resolve, then_native};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::Intrinsic;
use crate::string::atom::{names, symbols};
use crate::value::Value;

/// Where the closure waits.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Iterating: the awaited result of `next()`.
    NextResult,
    /// Array-like: the awaited element `k`.
    Element,
    /// The awaited result of the mapper for element `k`.
    Mapped,
    /// The awaited result of the iterator's `return()` after `error`; then
    /// the promise is rejected with `error`.
    Closing,
}

struct Inner {
    phase: Phase,
    /// The returned promise's resolve and reject functions.
    resolve: Value,
    reject: Value,
    mapper: Value,
    this_arg: Value,
    /// The array being filled.
    target: Value,
    /// The (async) iterator and its next method; undefined for array-likes.
    iter: Value,
    next: Value,
    /// The array-like source and its length.
    array_like: Value,
    len: u64,
    k: u64,
    /// The error to reject with once `return()` settles (Closing).
    error: Value,
}

/// The suspended closure of one Array.fromAsync call.
pub struct FromAsync {
    inner: parking_lot::Mutex<Inner>,
}

impl Trace for FromAsync {
    fn trace(&self, tracer: &mut Tracer) {
        let s = self.inner.lock();
        for v in [
            s.resolve,
            s.reject,
            s.mapper,
            s.this_arg,
            s.target,
            s.iter,
            s.next,
            s.array_like,
            s.error,
        ] {
            tracer.mark_value(v);
        }
    }
}

impl BuiltinState for FromAsync {
    fn class_name(&self) -> &'static str {
        "Array.fromAsync"
    }
}

fn state_of(o: &Gc<JsObject>) -> &FromAsync {
    o.kind.builtin::<FromAsync>().expect("FromAsync state")
}

/// Array.fromAsync(asyncItems, mapper, thisArg).
pub fn from_async(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (promise, resolve, reject) = new_intrinsic_capability(vm);
    vm.root(promise);
    let inner = Inner {
        phase: Phase::NextResult,
        resolve,
        reject,
        mapper: arg(args, 1),
        this_arg: arg(args, 2),
        target: Value::UNDEFINED,
        iter: Value::UNDEFINED,
        next: Value::UNDEFINED,
        array_like: Value::UNDEFINED,
        len: 0,
        k: 0,
        error: Value::UNDEFINED,
    };
    let state = vm.alloc_object(
        Value::NULL,
        ObjectKind::Builtin(Box::new(FromAsync {
            inner: parking_lot::Mutex::new(inner),
        })),
    );
    vm.root(Value::object(state));
    if let Err(e) = start(vm, state, this, arg(args, 0)) {
        settle(vm, state, Err(e))?;
    }
    Ok(promise)
}

/// The closure up to its first await.
fn start(vm: &mut Vm, state: Gc<JsObject>, c: Value, items: Value) -> JsResult<()> {
    let mapper = state_of(&state).inner.lock().mapper;
    if !mapper.is_undefined() && !vm.is_callable(mapper) {
        return vm.throw(ErrorKind::Type, "Array.fromAsync: mapper is not a function");
    }
    let async_method = vm.get_method(items, PropertyKey::Atom(symbols::ASYNC_ITERATOR))?;
    let sync_method = match async_method {
        Some(_) => None,
        None => vm.get_method(items, PropertyKey::Atom(symbols::ITERATOR))?,
    };
    let record = match (async_method, sync_method) {
        (Some(m), _) => Some(open_iterator(vm, m, items)?),
        (None, Some(m)) => {
            let sync = open_iterator(vm, m, items)?;
            Some(super::promise::async_from_sync_iterator(vm, sync)?)
        }
        (None, None) => None,
    };
    if let Some(record) = record {
        let (iter, next) = vm.record_parts(record)?;
        let target = if vm.is_constructor(c) {
            vm.construct(c, &[], None)?
        } else {
            Value::object(array_create(vm, 0.0, None)?)
        };
        {
            let mut s = state_of(&state).inner.lock();
            s.iter = iter;
            s.next = next;
            s.target = target;
        }
        return request_next(vm, state);
    }
    let array_like = vm.to_object(items)?;
    vm.root(Value::object(array_like));
    let len = vm.length_of_array_like(array_like)?;
    let target = if vm.is_constructor(c) {
        vm.construct(c, &[Value::number(len as f64)], None)?
    } else {
        Value::object(array_create(vm, len as f64, None)?)
    };
    {
        let mut s = state_of(&state).inner.lock();
        s.array_like = Value::object(array_like);
        s.len = len;
        s.target = target;
    }
    next_element(vm, state)
}

/// GetIteratorFromMethod: an iterator record.
fn open_iterator(vm: &mut Vm, method: Value, items: Value) -> JsResult<Value> {
    let it = vm.call(method, items, &[])?;
    if !it.is_object() {
        return vm.throw(
            ErrorKind::Type,
            "Result of the iterator method is not an object",
        );
    }
    let next = vm.get_value(it, PropertyKey::Atom(names::NEXT))?;
    Ok(vm.make_iterator_record(it, next))
}

/// Resolves (Ok) or rejects (Err) the returned promise.
fn settle(vm: &mut Vm, state: Gc<JsObject>, outcome: Result<Value, Value>) -> JsResult<()> {
    let (resolve, reject) = {
        let s = state_of(&state).inner.lock();
        (s.resolve, s.reject)
    };
    match outcome {
        Ok(v) => vm.call(resolve, Value::UNDEFINED, &[v])?,
        Err(e) => vm.call(reject, Value::UNDEFINED, &[e])?,
    };
    Ok(())
}

/// Await(v): continues in `phase` when `v` settles. A throw from
/// PromiseResolve is returned (the closure throws at the await).
fn await_in(vm: &mut Vm, state: Gc<JsObject>, phase: Phase, v: Value) -> JsResult<()> {
    state_of(&state).inner.lock().phase = phase;
    let c = vm
        .current_realm()
        .intrinsic_value(Intrinsic::PromiseConstructor);
    let promise = promise_resolve(vm, c, v)?;
    let s = Value::object(state);
    let on_fulfilled = vm.new_native(names::EMPTY, 1, on_fulfilled, false, &[s]);
    let on_rejected = vm.new_native(names::EMPTY, 1, on_rejected, false, &[s]);
    then_native(
        vm,
        promise,
        Value::object(on_fulfilled),
        Value::object(on_rejected),
    );
    Ok(())
}

fn on_fulfilled(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    resume(vm, Ok(arg(args, 0)))
}

fn on_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    resume(vm, Err(arg(args, 0)))
}

/// Runs the closure from its await with the awaited outcome.
fn resume(vm: &mut Vm, outcome: Result<Value, Value>) -> JsResult<Value> {
    let Some(state) = vm
        .native_data(0)
        .as_object()
        .filter(|o| o.kind.builtin::<FromAsync>().is_some())
    else {
        return Ok(Value::UNDEFINED);
    };
    let phase = state_of(&state).inner.lock().phase;
    let is_iterator = !state_of(&state).inner.lock().iter.is_undefined();
    let result = match (phase, outcome) {
        (Phase::Closing, _) => {
            let error = state_of(&state).inner.lock().error;
            Err(error)
        }
        (_, Err(e)) if phase == Phase::Mapped && is_iterator => close_and_reject(vm, state, e),
        (_, Err(e)) => Err(e),
        (Phase::NextResult, Ok(result)) => next_result(vm, state, result),
        (Phase::Element, Ok(v)) => element(vm, state, v),
        (Phase::Mapped, Ok(v)) => store(vm, state, v),
    };
    if let Err(e) = result {
        settle(vm, state, Err(e))?;
    }
    Ok(Value::UNDEFINED)
}

/// Calls `next()` and awaits its result.
fn request_next(vm: &mut Vm, state: Gc<JsObject>) -> JsResult<()> {
    let (iter, next, k) = {
        let s = state_of(&state).inner.lock();
        (s.iter, s.next, s.k)
    };
    if k >= (1u64 << 53) - 1 {
        let err = vm.make_error(ErrorKind::Type, "Array.fromAsync: too many elements");
        return close_and_reject(vm, state, err);
    }
    let result = vm.call(next, iter, &[])?;
    await_in(vm, state, Phase::NextResult, result)
}

/// After `await next()`: the end, or the value (mapped or stored).
fn next_result(vm: &mut Vm, state: Gc<JsObject>, result: Value) -> JsResult<()> {
    let Some(r) = result.as_object() else {
        return vm.throw(ErrorKind::Type, "Iterator result is not an object");
    };
    let done = vm.get(r, PropertyKey::Atom(names::DONE))?;
    if vm.to_boolean(done) {
        let (target, k) = {
            let s = state_of(&state).inner.lock();
            (s.target, s.k)
        };
        set_length(vm, target, k)?;
        return settle(vm, state, Ok(target));
    }
    let value = vm.get(r, PropertyKey::Atom(names::VALUE))?;
    map_or_store(vm, state, value)
}

/// Array-like: reads element `k` and awaits it, or finishes.
fn next_element(vm: &mut Vm, state: Gc<JsObject>) -> JsResult<()> {
    let (array_like, len, k, target) = {
        let s = state_of(&state).inner.lock();
        (s.array_like, s.len, s.k, s.target)
    };
    if k >= len {
        set_length(vm, target, len)?;
        return settle(vm, state, Ok(target));
    }
    let Some(o) = array_like.as_object() else {
        return Ok(());
    };
    let v = vm.get(o, Vm::index_key(k))?;
    await_in(vm, state, Phase::Element, v)
}

/// After `await element`: maps it or stores it.
fn element(vm: &mut Vm, state: Gc<JsObject>, v: Value) -> JsResult<()> {
    map_or_store(vm, state, v)
}

/// Calls the mapper on element `k` and awaits it, or stores `v` as is.
fn map_or_store(vm: &mut Vm, state: Gc<JsObject>, v: Value) -> JsResult<()> {
    let (mapper, this_arg, k, is_iterator) = {
        let s = state_of(&state).inner.lock();
        (s.mapper, s.this_arg, s.k, !s.iter.is_undefined())
    };
    if mapper.is_undefined() {
        return store(vm, state, v);
    }
    let mapped = match vm.call(mapper, this_arg, &[v, Value::number(k as f64)]) {
        Ok(m) => m,
        Err(e) if is_iterator => return close_and_reject(vm, state, e),
        Err(e) => return Err(e),
    };
    match await_in(vm, state, Phase::Mapped, mapped) {
        Err(e) if is_iterator => close_and_reject(vm, state, e),
        r => r,
    }
}

/// Stores `v` at index `k`, then goes on to the next element.
fn store(vm: &mut Vm, state: Gc<JsObject>, v: Value) -> JsResult<()> {
    let (target, k, is_iterator) = {
        let s = state_of(&state).inner.lock();
        (s.target, s.k, !s.iter.is_undefined())
    };
    if let Err(e) = vm.create_data_property_or_throw(target, Vm::index_key(k), v) {
        if is_iterator {
            return close_and_reject(vm, state, e);
        }
        return Err(e);
    }
    state_of(&state).inner.lock().k = k + 1;
    if is_iterator {
        request_next(vm, state)
    } else {
        next_element(vm, state)
    }
}

fn set_length(vm: &mut Vm, target: Value, len: u64) -> JsResult<()> {
    let Some(o) = target.as_object() else {
        return vm.throw(ErrorKind::Type, "Array.fromAsync: target is not an object");
    };
    vm.put(
        o,
        PropertyKey::Atom(names::LENGTH),
        Value::number(len as f64),
        true,
    )?;
    Ok(())
}

/// AsyncIteratorClose(iterator, throw `error`): calls `return()` and
/// awaits its result, then rejects with `error` (whatever `return` did).
fn close_and_reject(vm: &mut Vm, state: Gc<JsObject>, error: Value) -> JsResult<()> {
    vm.root(error);
    let iter = {
        let mut s = state_of(&state).inner.lock();
        s.error = error;
        s.iter
    };
    let ret = match vm.get_method(iter, PropertyKey::Atom(names::RETURN)) {
        Ok(Some(m)) => m,
        Ok(None) | Err(_) => return Err(error),
    };
    let result = match vm.call(ret, iter, &[]) {
        Ok(r) => r,
        Err(_) => return Err(error),
    };
    match await_in(vm, state, Phase::Closing, result) {
        Ok(()) => Ok(()),
        Err(_) => Err(error),
    }
}
