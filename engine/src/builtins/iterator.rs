//! %IteratorPrototype%, %AsyncIteratorPrototype% and the array and string
//! iterators.

use std::sync::atomic::{AtomicU64, Ordering};

use super::define_tag;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::symbols;
use crate::value::{AtomicValue, Value};

/// What an array iterator yields.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IterKind {
    Keys,
    Values,
    Entries,
}

/// An array (or typed array, or array-like) iterator.
pub struct ArrayIterator {
    /// The object iterated; undefined once exhausted.
    target: AtomicValue,
    index: AtomicU64,
    kind: IterKind,
}

impl Trace for ArrayIterator {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.target.load());
    }
}

impl BuiltinState for ArrayIterator {
    fn class_name(&self) -> &'static str {
        "Array Iterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A string iterator (by code points).
pub struct StringIterator {
    target: AtomicValue,
    position: AtomicU64,
}

impl Trace for StringIterator {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.target.load());
    }
}

impl BuiltinState for StringIterator {
    fn class_name(&self) -> &'static str {
        "String Iterator"
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, _global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let iter_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::IteratorPrototype, iter_proto);
    vm.define_builtin_symbol(
        iter_proto,
        symbols::ITERATOR,
        "[Symbol.iterator]",
        0,
        return_this,
    );
    let async_iter_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::AsyncIteratorPrototype, async_iter_proto);
    vm.define_builtin_symbol(
        async_iter_proto,
        symbols::ASYNC_ITERATOR,
        "[Symbol.asyncIterator]",
        0,
        return_this,
    );

    let array_iter_proto = vm.alloc_object(Value::object(iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::ArrayIteratorPrototype, array_iter_proto);
    vm.define_builtin(array_iter_proto, "next", 0, array_iterator_next);
    define_tag(vm, array_iter_proto, "Array Iterator");

    let string_iter_proto = vm.alloc_object(Value::object(iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::StringIteratorPrototype, string_iter_proto);
    vm.define_builtin(string_iter_proto, "next", 0, string_iterator_next);
    define_tag(vm, string_iter_proto, "String Iterator");
}

fn return_this(_: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(this)
}

/// CreateArrayIterator.
pub fn create_array_iterator(vm: &mut Vm, target: Value, kind: IterKind) -> Value {
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::ArrayIteratorPrototype);
    let state = ArrayIterator {
        target: AtomicValue::new(target),
        index: AtomicU64::new(0),
        kind,
    };
    Value::object(vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state))))
}

fn array_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(it) = this
        .as_object()
        .filter(|o| o.kind.builtin::<ArrayIterator>().is_some())
    else {
        return vm.throw(
            ErrorKind::Type,
            "next called on an object that is not an Array Iterator",
        );
    };
    let state = it.kind.builtin::<ArrayIterator>().expect("checked");
    let target = state.target.load();
    let Some(obj) = target.as_object() else {
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    };
    let index = state.index.load(Ordering::Relaxed);
    let len = match crate::builtins::typed_array::typed_array_length(vm, obj) {
        Some(len) => len? as u64,
        None => vm.length_of_array_like(obj)?,
    };
    if index >= len {
        state.target.store(Value::UNDEFINED);
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    }
    state.index.store(index + 1, Ordering::Relaxed);
    let result = match state.kind {
        IterKind::Keys => Value::number(index as f64),
        IterKind::Values => vm.get(obj, Vm::index_key(index))?,
        IterKind::Entries => {
            let v = vm.get(obj, Vm::index_key(index))?;
            Value::object(vm.new_array_from(&[Value::number(index as f64), v]))
        }
    };
    Ok(Value::object(vm.iter_result(result, false)))
}

/// CreateStringIterator.
pub fn create_string_iterator(vm: &mut Vm, s: Value) -> Value {
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::StringIteratorPrototype);
    let state = StringIterator {
        target: AtomicValue::new(s),
        position: AtomicU64::new(0),
    };
    Value::object(vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state))))
}

fn string_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(it) = this
        .as_object()
        .filter(|o| o.kind.builtin::<StringIterator>().is_some())
    else {
        return vm.throw(
            ErrorKind::Type,
            "next called on an object that is not a String Iterator",
        );
    };
    let state = it.kind.builtin::<StringIterator>().expect("checked");
    let Some(s) = state.target.load().as_string() else {
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    };
    let pos = state.position.load(Ordering::Relaxed) as usize;
    let units = s.units();
    if pos >= units.len() {
        state.target.store(Value::UNDEFINED);
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    }
    let first = units[pos];
    let len = if (0xD800..0xDC00).contains(&first)
        && units
            .get(pos + 1)
            .is_some_and(|&c| (0xDC00..0xE000).contains(&c))
    {
        2
    } else {
        1
    };
    state.position.store((pos + len) as u64, Ordering::Relaxed);
    let piece = Value::string(vm.alloc_string(units[pos..pos + len].to_vec()));
    Ok(Value::object(vm.iter_result(piece, false)))
}

/// Whether `v` is an array iterator (used by fast paths).
pub fn is_array_iterator(v: Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.kind.builtin::<ArrayIterator>().is_some())
}

/// Builds an iterator result for Rust callers.
pub fn key_of(i: u64) -> PropertyKey {
    Vm::index_key(i)
}
