//! %IteratorPrototype%, %AsyncIteratorPrototype%, the array and string
//! iterators, and the iterator helpers (the Iterator constructor,
//! Iterator.from/concat, Iterator.prototype.map/filter/…).

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
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
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

    install_helpers(vm, realm, global, iter_proto);
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

// ---------------------------------------------------------------------------
// Iterator helpers (ES2025): the Iterator constructor, Iterator.from,
// Iterator.concat, the Iterator.prototype methods, %WrapForValidIteratorPrototype%
// and %IteratorHelperPrototype%.
//
// A helper is a small state machine (what the spec writes as an abstract
// closure run as a generator): its state sits behind a mutex that is never
// held while JS runs; a helper being advanced is `Running`, and a
// re-entrant next/return throws a TypeError like a running generator.

/// What an iterator helper does with the underlying iterator.
pub(super) enum HelperKind {
    Map(Value),
    Filter(Value),
    Take(f64),
    Drop(f64),
    FlatMap(Value),
    /// Iterator.concat: (open method, iterable) pairs and the next one.
    Concat(Vec<(Value, Value)>, usize),
    /// chunks(size): the chunk being filled.
    Chunks(u32, Vec<Value>),
    /// windows(size, allow partial): the current window.
    Windows(u32, bool, Vec<Value>),
    /// Iterator.zip / Iterator.zipKeyed.
    Zip(Box<super::iterator_zip::ZipState>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HelperStatus {
    Start,
    Suspended,
    Running,
    Done,
}

struct HelperState {
    kind: HelperKind,
    status: HelperStatus,
    /// The underlying iterator and its next method (for concat: the
    /// current inner iterator, or undefined).
    iter: Value,
    next: Value,
    /// flatMap's current inner iterator and next method (undefined if none).
    inner: (Value, Value),
    counter: f64,
}

/// An iterator helper object's state.
pub struct IteratorHelper {
    state: parking_lot::Mutex<HelperState>,
}

impl Trace for IteratorHelper {
    fn trace(&self, tracer: &mut Tracer) {
        let s = self.state.lock();
        tracer.mark_value(s.iter);
        tracer.mark_value(s.next);
        tracer.mark_value(s.inner.0);
        tracer.mark_value(s.inner.1);
        match &s.kind {
            HelperKind::Map(f) | HelperKind::Filter(f) | HelperKind::FlatMap(f) => {
                tracer.mark_value(*f)
            }
            HelperKind::Concat(items, _) => {
                for (m, it) in items {
                    tracer.mark_value(*m);
                    tracer.mark_value(*it);
                }
            }
            HelperKind::Chunks(_, buffer) | HelperKind::Windows(_, _, buffer) => {
                for v in buffer {
                    tracer.mark_value(*v);
                }
            }
            HelperKind::Zip(z) => z.trace(tracer),
            HelperKind::Take(_) | HelperKind::Drop(_) => {}
        }
    }
}

impl BuiltinState for IteratorHelper {
    fn class_name(&self) -> &'static str {
        "Iterator Helper"
    }
}

/// The [[Iterated]] record of an Iterator.from wrapper.
pub struct WrappedIterator {
    iter: Value,
    next: Value,
}

impl Trace for WrappedIterator {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.iter);
        tracer.mark_value(self.next);
    }
}

impl BuiltinState for WrappedIterator {
    fn class_name(&self) -> &'static str {
        "Object"
    }
}

/// Installs %Iterator% and the helper prototypes (called from `install`).
fn install_helpers(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>, iter_proto: Gc<JsObject>) {
    use crate::object::Attributes;
    use crate::string::Atom;
    use crate::string::atom::names;
    let name = Atom::intern_str("Iterator");
    let ctor = vm.new_native(name, 0, iterator_constructor, true, &[]);
    realm.set_intrinsic(Intrinsic::IteratorConstructor, ctor);
    ctor.define_own(
        PropertyKey::Atom(names::PROTOTYPE),
        Value::object(iter_proto),
        Attributes::FROZEN,
    );
    global.define_own(
        PropertyKey::Atom(name),
        Value::object(ctor),
        Attributes::HIDDEN,
    );
    vm.define_builtin(ctor, "from", 1, iterator_from);
    vm.define_builtin(ctor, "concat", 0, iterator_concat);
    vm.define_builtin(ctor, "zip", 1, super::iterator_zip::zip);
    vm.define_builtin(ctor, "zipKeyed", 1, super::iterator_zip::zip_keyed);
    vm.define_builtin_accessor(
        iter_proto,
        PropertyKey::Atom(symbols::TO_STRING_TAG),
        Some(proto_tag_get),
        Some(proto_tag_set),
        false,
    );
    vm.define_builtin_accessor(
        iter_proto,
        PropertyKey::Atom(names::CONSTRUCTOR),
        Some(proto_ctor_get),
        Some(proto_ctor_set),
        false,
    );
    vm.define_builtin(iter_proto, "map", 1, proto_map);
    vm.define_builtin(iter_proto, "filter", 1, proto_filter);
    vm.define_builtin(iter_proto, "take", 1, proto_take);
    vm.define_builtin(iter_proto, "drop", 1, proto_drop);
    vm.define_builtin(iter_proto, "flatMap", 1, proto_flat_map);
    vm.define_builtin(iter_proto, "reduce", 1, proto_reduce);
    vm.define_builtin(iter_proto, "toArray", 0, proto_to_array);
    vm.define_builtin(iter_proto, "forEach", 1, proto_for_each);
    vm.define_builtin(iter_proto, "some", 1, proto_some);
    vm.define_builtin(iter_proto, "every", 1, proto_every);
    vm.define_builtin(iter_proto, "find", 1, proto_find);
    vm.define_builtin(iter_proto, "includes", 1, proto_includes);
    vm.define_builtin(iter_proto, "chunks", 1, proto_chunks);
    vm.define_builtin(iter_proto, "windows", 1, proto_windows);

    let helper_proto = vm.alloc_object(Value::object(iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::IteratorHelperPrototype, helper_proto);
    vm.define_builtin(helper_proto, "next", 0, helper_next);
    vm.define_builtin(helper_proto, "return", 0, helper_return);
    define_tag(vm, helper_proto, "Iterator Helper");

    let wrap_proto = vm.alloc_object(Value::object(iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::WrapForValidIteratorPrototype, wrap_proto);
    vm.define_builtin(wrap_proto, "next", 0, wrap_next);
    vm.define_builtin(wrap_proto, "return", 0, wrap_return);
}

fn iterator_constructor(vm: &mut Vm, _: Value, _: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() || new_target == vm.active_native() {
        return vm.throw(
            ErrorKind::Type,
            "Iterator is an abstract class: construct a subclass",
        );
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::IteratorPrototype)?;
    Ok(Value::object(
        vm.alloc_object(Value::object(proto), ObjectKind::Ordinary),
    ))
}

/// SetterThatIgnoresPrototypeProperties.
fn setter_ignoring_proto(vm: &mut Vm, this: Value, key: PropertyKey, v: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw(ErrorKind::Type, "setter called on a non-object");
    };
    let home = vm.current_realm().intrinsic(Intrinsic::IteratorPrototype);
    if o == home {
        return vm.throw(
            ErrorKind::Type,
            "Cannot assign to a read-only property of Iterator.prototype",
        );
    }
    if vm.get_own_property(o, key)?.is_none() {
        vm.create_data_property_or_throw(this, key, v)?;
    } else {
        let ok = vm.set(o, key, v, this)?;
        if !ok {
            return vm.throw(ErrorKind::Type, "Cannot assign to a read-only property");
        }
    }
    Ok(Value::UNDEFINED)
}

fn proto_tag_get(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(vm.string_value("Iterator"))
}

fn proto_tag_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    setter_ignoring_proto(
        vm,
        this,
        PropertyKey::Atom(symbols::TO_STRING_TAG),
        super::arg(args, 0),
    )
}

fn proto_ctor_get(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(vm
        .current_realm()
        .intrinsic_value(Intrinsic::IteratorConstructor))
}

fn proto_ctor_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    setter_ignoring_proto(
        vm,
        this,
        PropertyKey::Atom(crate::string::atom::names::CONSTRUCTOR),
        super::arg(args, 0),
    )
}

/// GetIteratorDirect: (iterator, next method).
fn get_iterator_direct(vm: &mut Vm, o: Value) -> JsResult<(Value, Value)> {
    let next = vm.get_value(o, PropertyKey::Atom(crate::string::atom::names::NEXT))?;
    Ok((o, next))
}

/// GetIteratorFlattenable.
pub(super) fn get_iterator_flattenable(
    vm: &mut Vm,
    v: Value,
    allow_strings: bool,
) -> JsResult<(Value, Value)> {
    if !(v.is_object() || allow_strings && v.is_string()) {
        return vm.throw(ErrorKind::Type, "value is not an iterable object");
    }
    let iter = match vm.get_method(v, PropertyKey::Atom(symbols::ITERATOR))? {
        None => v,
        Some(m) => vm.call(m, v, &[])?,
    };
    if !iter.is_object() {
        return vm.throw(ErrorKind::Type, "iterator is not an object");
    }
    get_iterator_direct(vm, iter)
}

/// IteratorStepValue on (iter, next).
pub(super) fn step_value(vm: &mut Vm, iter: Value, next: Value) -> JsResult<Option<Value>> {
    let r = vm.call(next, iter, &[])?;
    if !r.is_object() {
        return vm.throw(ErrorKind::Type, "Iterator result is not an object");
    }
    let (done, v) = vm.iterator_unpack(r, crate::bytecode::UnpackValue::WhileNotDone)?;
    Ok((!done).then_some(v))
}

/// IteratorClose of `iter`; `quiet` when a throw completion is propagating.
pub(super) fn close(vm: &mut Vm, iter: Value, quiet: bool) -> JsResult<()> {
    let record = vm.make_iterator_record(iter, Value::UNDEFINED);
    vm.iterator_close_value(record, quiet)
}

/// Closes `iter` (quietly) and returns `err`.
fn close_with<T>(vm: &mut Vm, iter: Value, err: Value) -> JsResult<T> {
    vm.root(err);
    close(vm, iter, true)?;
    Err(err)
}

fn require_object(vm: &mut Vm, this: Value, method: &str) -> JsResult<()> {
    if this.is_object() {
        Ok(())
    } else {
        vm.throw(
            ErrorKind::Type,
            &format!("Iterator.prototype.{method} called on a non-object"),
        )
    }
}

/// Checks that `f` is callable, closing `this` with a TypeError otherwise.
fn require_callable(vm: &mut Vm, this: Value, f: Value, method: &str) -> JsResult<()> {
    if vm.is_callable(f) {
        return Ok(());
    }
    let err = vm.make_error(
        ErrorKind::Type,
        &format!("Iterator.prototype.{method}: argument is not a function"),
    );
    close_with(vm, this, err)
}

fn iterator_from(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (iter, next) = get_iterator_flattenable(vm, super::arg(args, 0), true)?;
    let ctor = vm
        .current_realm()
        .intrinsic_value(Intrinsic::IteratorConstructor);
    if vm.ordinary_has_instance(ctor, iter)? {
        return Ok(iter);
    }
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::WrapForValidIteratorPrototype);
    let w = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(WrappedIterator { iter, next })),
    );
    Ok(Value::object(w))
}

fn wrapped(vm: &mut Vm, this: Value) -> JsResult<(Value, Value)> {
    match this
        .as_object()
        .as_ref()
        .and_then(|o| o.kind.builtin::<WrappedIterator>())
    {
        Some(w) => Ok((w.iter, w.next)),
        None => vm.throw(ErrorKind::Type, "not a wrapped iterator"),
    }
}

fn wrap_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (iter, next) = wrapped(vm, this)?;
    vm.call(next, iter, &[])
}

fn wrap_return(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (iter, _) = wrapped(vm, this)?;
    match vm.get_method(iter, PropertyKey::Atom(crate::string::atom::names::RETURN))? {
        None => Ok(Value::object(vm.iter_result(Value::UNDEFINED, true))),
        Some(m) => vm.call(m, iter, &[]),
    }
}

fn iterator_concat(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let mut items = Vec::with_capacity(args.len());
    for &item in args {
        if !item.is_object() {
            return vm.throw(
                ErrorKind::Type,
                "Iterator.concat: argument is not an object",
            );
        }
        let Some(m) = vm.get_method(item, PropertyKey::Atom(symbols::ITERATOR))? else {
            return vm.throw(ErrorKind::Type, "Iterator.concat: argument is not iterable");
        };
        items.push((m, item));
    }
    Ok(new_helper(
        vm,
        HelperKind::Concat(items, 0),
        Value::UNDEFINED,
        Value::UNDEFINED,
    ))
}

pub(super) fn new_helper(vm: &mut Vm, kind: HelperKind, iter: Value, next: Value) -> Value {
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::IteratorHelperPrototype);
    let state = HelperState {
        kind,
        status: HelperStatus::Start,
        iter,
        next,
        inner: (Value::UNDEFINED, Value::UNDEFINED),
        counter: 0.0,
    };
    Value::object(vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(IteratorHelper {
            state: parking_lot::Mutex::new(state),
        })),
    ))
}

fn helper_with_fn(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    method: &str,
    make: fn(Value) -> HelperKind,
) -> JsResult<Value> {
    require_object(vm, this, method)?;
    let f = super::arg(args, 0);
    require_callable(vm, this, f, method)?;
    let (iter, next) = get_iterator_direct(vm, this)?;
    Ok(new_helper(vm, make(f), iter, next))
}

fn proto_map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    helper_with_fn(vm, this, args, "map", HelperKind::Map)
}

fn proto_filter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    helper_with_fn(vm, this, args, "filter", HelperKind::Filter)
}

fn proto_flat_map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    helper_with_fn(vm, this, args, "flatMap", HelperKind::FlatMap)
}

fn limit_arg(vm: &mut Vm, this: Value, v: Value) -> JsResult<f64> {
    let n = match vm.to_number(v) {
        Ok(n) => n,
        Err(e) => return close_with(vm, this, e),
    };
    if n.is_nan() {
        let err = vm.make_error(ErrorKind::Range, "limit must be a number");
        return close_with(vm, this, err);
    }
    let n = if n.is_infinite() { n } else { n.trunc() + 0.0 };
    if n < 0.0 || (n.is_finite() && n > 9007199254740991.0) {
        let err = vm.make_error(ErrorKind::Range, "limit is out of range");
        return close_with(vm, this, err);
    }
    Ok(n)
}

fn proto_take(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "take")?;
    let n = limit_arg(vm, this, super::arg(args, 0))?;
    let (iter, next) = get_iterator_direct(vm, this)?;
    Ok(new_helper(vm, HelperKind::Take(n), iter, next))
}

fn proto_drop(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "drop")?;
    let n = limit_arg(vm, this, super::arg(args, 0))?;
    let (iter, next) = get_iterator_direct(vm, this)?;
    Ok(new_helper(vm, HelperKind::Drop(n), iter, next))
}

/// Validates a chunks/windows size: an integral Number in 1..=2^32-1
/// (no coercion); closes `this` on failure.
fn size_arg(vm: &mut Vm, this: Value, v: Value, what: &str) -> JsResult<u32> {
    let n = v.as_number().filter(|n| n.is_finite() && n.trunc() == *n);
    let Some(n) = n else {
        let err = vm.make_error(
            ErrorKind::Type,
            &format!("{what} must be an integral Number"),
        );
        return close_with(vm, this, err);
    };
    if !(1.0..=4294967295.0).contains(&n) {
        let err = vm.make_error(ErrorKind::Range, &format!("{what} is out of range"));
        return close_with(vm, this, err);
    }
    Ok(n as u32)
}

fn proto_chunks(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "chunks")?;
    let size = size_arg(vm, this, super::arg(args, 0), "chunkSize")?;
    let (iter, next) = get_iterator_direct(vm, this)?;
    Ok(new_helper(
        vm,
        HelperKind::Chunks(size, Vec::new()),
        iter,
        next,
    ))
}

fn proto_windows(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "windows")?;
    let size = size_arg(vm, this, super::arg(args, 0), "windowSize")?;
    let undersized = super::arg(args, 1);
    let allow_partial = if undersized.is_undefined() {
        false
    } else {
        match undersized
            .as_string()
            .map(|s| s.to_rust_string())
            .as_deref()
        {
            Some("only-full") => false,
            Some("allow-partial") => true,
            _ => {
                let err = vm.make_error(
                    ErrorKind::Type,
                    "undersized must be \"only-full\" or \"allow-partial\"",
                );
                return close_with(vm, this, err);
            }
        }
    };
    let (iter, next) = get_iterator_direct(vm, this)?;
    Ok(new_helper(
        vm,
        HelperKind::Windows(size, allow_partial, Vec::new()),
        iter,
        next,
    ))
}

/// One step of chunks/windows: the next array, or None when done. After
/// the underlying iterator is exhausted `iter` is cleared, so a last
/// partial chunk is followed by the end and `return` closes nothing.
fn chunk_step(vm: &mut Vm, h: &Gc<JsObject>, iter: Value, next: Value) -> JsResult<Option<Value>> {
    if iter.is_undefined() {
        return Ok(None);
    }
    loop {
        let v = step_value(vm, iter, next)?;
        let mut s = helper_state(h).state.lock();
        let Some(v) = v else {
            s.iter = Value::UNDEFINED;
            s.next = Value::UNDEFINED;
            let last = match &mut s.kind {
                HelperKind::Chunks(_, buffer) => std::mem::take(buffer),
                HelperKind::Windows(size, true, buffer) if buffer.len() < *size as usize => {
                    std::mem::take(buffer)
                }
                _ => Vec::new(),
            };
            drop(s);
            if last.is_empty() {
                return Ok(None);
            }
            return Ok(Some(Value::object(vm.new_array_from(&last))));
        };
        let full = match &mut s.kind {
            HelperKind::Chunks(size, buffer) => {
                buffer.push(v);
                (buffer.len() == *size as usize).then(|| std::mem::take(buffer))
            }
            HelperKind::Windows(size, _, buffer) => {
                if buffer.len() == *size as usize {
                    buffer.remove(0);
                }
                buffer.push(v);
                (buffer.len() == *size as usize).then(|| buffer.clone())
            }
            _ => None,
        };
        drop(s);
        if let Some(items) = full {
            return Ok(Some(Value::object(vm.new_array_from(&items))));
        }
    }
}

fn this_helper(vm: &mut Vm, this: Value) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.kind.builtin::<IteratorHelper>().is_some() => Ok(o),
        _ => vm.throw(ErrorKind::Type, "not an Iterator Helper object"),
    }
}

fn helper_state(o: &Gc<JsObject>) -> &IteratorHelper {
    o.kind.builtin::<IteratorHelper>().expect("checked helper")
}

/// Marks the helper running; errors if it already is. Returns the status
/// it had.
fn begin(vm: &mut Vm, h: &Gc<JsObject>) -> JsResult<HelperStatus> {
    let mut s = helper_state(h).state.lock();
    let status = s.status;
    if status == HelperStatus::Running {
        drop(s);
        return vm.throw(ErrorKind::Type, "Iterator Helper is already running");
    }
    if status != HelperStatus::Done {
        s.status = HelperStatus::Running;
    }
    Ok(status)
}

fn finish(h: &Gc<JsObject>, status: HelperStatus) {
    helper_state(h).state.lock().status = status;
}

fn helper_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let h = this_helper(vm, this)?;
    if begin(vm, &h)? == HelperStatus::Done {
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    }
    match helper_step(vm, &h) {
        Ok(Some(v)) => {
            finish(&h, HelperStatus::Suspended);
            Ok(Value::object(vm.iter_result(v, false)))
        }
        Ok(None) => {
            finish(&h, HelperStatus::Done);
            Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)))
        }
        Err(e) => {
            finish(&h, HelperStatus::Done);
            Err(e)
        }
    }
}

/// Runs the helper to its next yield: Some(value), or None when done.
fn helper_step(vm: &mut Vm, h: &Gc<JsObject>) -> JsResult<Option<Value>> {
    let (iter, next, counter) = {
        let s = helper_state(h).state.lock();
        (s.iter, s.next, s.counter)
    };
    let set_counter = |c: f64| helper_state(h).state.lock().counter = c;
    let kind = {
        let s = helper_state(h).state.lock();
        match &s.kind {
            HelperKind::Map(f) => (0, *f, 0.0),
            HelperKind::Filter(f) => (1, *f, 0.0),
            HelperKind::Take(n) => (2, Value::UNDEFINED, *n),
            HelperKind::Drop(n) => (3, Value::UNDEFINED, *n),
            HelperKind::FlatMap(f) => (4, *f, 0.0),
            HelperKind::Concat(..) => (5, Value::UNDEFINED, 0.0),
            HelperKind::Chunks(..) | HelperKind::Windows(..) => (6, Value::UNDEFINED, 0.0),
            HelperKind::Zip(_) => (7, Value::UNDEFINED, 0.0),
        }
    };
    match kind {
        (0, f, _) => {
            let Some(v) = step_value(vm, iter, next)? else {
                return Ok(None);
            };
            match vm.call(f, Value::UNDEFINED, &[v, Value::number(counter)]) {
                Ok(m) => {
                    set_counter(counter + 1.0);
                    Ok(Some(m))
                }
                Err(e) => close_with(vm, iter, e),
            }
        }
        (1, f, _) => {
            let mut counter = counter;
            loop {
                let Some(v) = step_value(vm, iter, next)? else {
                    return Ok(None);
                };
                let keep = match vm.call(f, Value::UNDEFINED, &[v, Value::number(counter)]) {
                    Ok(r) => vm.to_boolean(r),
                    Err(e) => return close_with(vm, iter, e),
                };
                counter += 1.0;
                set_counter(counter);
                if keep {
                    return Ok(Some(v));
                }
            }
        }
        (2, _, remaining) => {
            if remaining == 0.0 {
                close(vm, iter, false)?;
                return Ok(None);
            }
            if remaining.is_finite()
                && let HelperKind::Take(n) = &mut helper_state(h).state.lock().kind
            {
                *n = remaining - 1.0;
            }
            step_value(vm, iter, next)
        }
        (3, _, remaining) => {
            let mut remaining = remaining;
            while remaining > 0.0 {
                if remaining.is_finite() {
                    remaining -= 1.0;
                    if let HelperKind::Drop(n) = &mut helper_state(h).state.lock().kind {
                        *n = remaining;
                    }
                }
                if step_value(vm, iter, next)?.is_none() {
                    return Ok(None);
                }
            }
            step_value(vm, iter, next)
        }
        (4, f, _) => {
            let mut counter = counter;
            loop {
                let (inner_iter, inner_next) = helper_state(h).state.lock().inner;
                if !inner_iter.is_undefined() {
                    match step_value(vm, inner_iter, inner_next) {
                        Ok(Some(v)) => return Ok(Some(v)),
                        Ok(None) => {
                            helper_state(h).state.lock().inner =
                                (Value::UNDEFINED, Value::UNDEFINED);
                            continue;
                        }
                        Err(e) => return close_with(vm, iter, e),
                    }
                }
                let Some(v) = step_value(vm, iter, next)? else {
                    return Ok(None);
                };
                let mapped = match vm.call(f, Value::UNDEFINED, &[v, Value::number(counter)]) {
                    Ok(m) => m,
                    Err(e) => return close_with(vm, iter, e),
                };
                let inner = match get_iterator_flattenable(vm, mapped, false) {
                    Ok(r) => r,
                    Err(e) => return close_with(vm, iter, e),
                };
                counter += 1.0;
                let mut s = helper_state(h).state.lock();
                s.counter = counter;
                s.inner = inner;
            }
        }
        (6, _, _) => chunk_step(vm, h, iter, next),
        (7, _, _) => {
            let view = match &helper_state(h).state.lock().kind {
                HelperKind::Zip(z) => Some(z.view()),
                _ => None,
            };
            let Some(mut view) = view else {
                return Ok(None);
            };
            let result = view.step(vm);
            if let HelperKind::Zip(z) = &mut helper_state(h).state.lock().kind {
                z.update(&view);
            }
            result
        }
        _ => loop {
            // Iterator.concat.
            if !iter_current(h).is_undefined() {
                let (it, nx) = {
                    let s = helper_state(h).state.lock();
                    (s.iter, s.next)
                };
                if let Some(v) = step_value(vm, it, nx)? {
                    return Ok(Some(v));
                }
                let mut s = helper_state(h).state.lock();
                s.iter = Value::UNDEFINED;
                s.next = Value::UNDEFINED;
            }
            let item = {
                let mut s = helper_state(h).state.lock();
                match &mut s.kind {
                    HelperKind::Concat(items, i) if *i < items.len() => {
                        *i += 1;
                        Some(items[*i - 1])
                    }
                    _ => None,
                }
            };
            let Some((method, iterable)) = item else {
                return Ok(None);
            };
            let it = vm.call(method, iterable, &[])?;
            if !it.is_object() {
                return vm.throw(
                    ErrorKind::Type,
                    "Iterator.concat: iterator is not an object",
                );
            }
            let (it, nx) = get_iterator_direct(vm, it)?;
            let mut s = helper_state(h).state.lock();
            s.iter = it;
            s.next = nx;
        },
    }
}

fn iter_current(h: &Gc<JsObject>) -> Value {
    helper_state(h).state.lock().iter
}

fn helper_return(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let h = this_helper(vm, this)?;
    let status = begin(vm, &h)?;
    let zip_open = match &mut helper_state(&h).state.lock().kind {
        HelperKind::Zip(z) if status != HelperStatus::Done => {
            let open = z.open_iterators();
            z.close_all_open();
            Some(open)
        }
        _ => None,
    };
    if let Some(open) = zip_open {
        // From suspended-start the helper is completed first; from a yield
        // it is executing while the iterators close.
        if status == HelperStatus::Start {
            finish(&h, HelperStatus::Done);
        }
        let closed = super::iterator_zip::close_all(vm, &open, None);
        finish(&h, HelperStatus::Done);
        closed?;
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    }
    let (iter, inner) = {
        let s = helper_state(&h).state.lock();
        (s.iter, s.inner.0)
    };
    let result = match status {
        HelperStatus::Done => Ok(()),
        HelperStatus::Start => {
            finish(&h, HelperStatus::Done);
            if iter.is_undefined() {
                Ok(())
            } else {
                close(vm, iter, false)
            }
        }
        _ => {
            let r = if !inner.is_undefined() {
                match close(vm, inner, false) {
                    Ok(()) => close(vm, iter, false),
                    Err(e) => close_with(vm, iter, e),
                }
            } else if iter.is_undefined() {
                Ok(())
            } else {
                close(vm, iter, false)
            };
            finish(&h, HelperStatus::Done);
            r
        }
    };
    result?;
    Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)))
}

/// The shared start of reduce/toArray/forEach/some/every/find.
fn consume_start(
    vm: &mut Vm,
    this: Value,
    f: Option<Value>,
    method: &str,
) -> JsResult<(Value, Value)> {
    require_object(vm, this, method)?;
    if let Some(f) = f {
        require_callable(vm, this, f, method)?;
    }
    get_iterator_direct(vm, this)
}

fn proto_reduce(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let f = super::arg(args, 0);
    let (iter, next) = consume_start(vm, this, Some(f), "reduce")?;
    let (mut acc, mut counter) = if args.len() < 2 {
        match step_value(vm, iter, next)? {
            Some(v) => (v, 1.0),
            None => {
                return vm.throw(
                    ErrorKind::Type,
                    "Reduce of empty iterator with no initial value",
                );
            }
        }
    } else {
        (args[1], 0.0)
    };
    while let Some(v) = step_value(vm, iter, next)? {
        acc = match vm.call(f, Value::UNDEFINED, &[acc, v, Value::number(counter)]) {
            Ok(r) => r,
            Err(e) => return close_with(vm, iter, e),
        };
        counter += 1.0;
    }
    Ok(acc)
}

fn proto_to_array(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (iter, next) = consume_start(vm, this, None, "toArray")?;
    let mut items = Vec::new();
    while let Some(v) = step_value(vm, iter, next)? {
        items.push(v);
    }
    Ok(Value::object(vm.new_array_from(&items)))
}

/// forEach (0), some (1), every (2), find (3).
fn consume_with(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    which: u8,
    method: &str,
) -> JsResult<Value> {
    let f = super::arg(args, 0);
    let (iter, next) = consume_start(vm, this, Some(f), method)?;
    let mut counter = 0.0;
    while let Some(v) = step_value(vm, iter, next)? {
        let r = match vm.call(f, Value::UNDEFINED, &[v, Value::number(counter)]) {
            Ok(r) => r,
            Err(e) => return close_with(vm, iter, e),
        };
        counter += 1.0;
        let truthy = vm.to_boolean(r);
        let early = match which {
            1 if truthy => Some(Value::TRUE),
            2 if !truthy => Some(Value::FALSE),
            3 if truthy => Some(v),
            _ => None,
        };
        if let Some(result) = early {
            close(vm, iter, false)?;
            return Ok(result);
        }
    }
    Ok(match which {
        1 => Value::FALSE,
        2 => Value::TRUE,
        _ => Value::UNDEFINED,
    })
}

fn proto_for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    consume_with(vm, this, args, 0, "forEach")
}

fn proto_some(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    consume_with(vm, this, args, 1, "some")
}

fn proto_every(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    consume_with(vm, this, args, 2, "every")
}

fn proto_find(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    consume_with(vm, this, args, 3, "find")
}

/// Iterator.prototype.includes(searchElement, skippedElements).
fn proto_includes(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_object(vm, this, "includes")?;
    let search = super::arg(args, 0);
    let skip_arg = super::arg(args, 1);
    let to_skip = if skip_arg.is_undefined() {
        0.0
    } else {
        match skip_arg.as_number() {
            Some(n) if n.is_infinite() || n.trunc() == n => n,
            _ => {
                let err = vm.make_error(
                    ErrorKind::Type,
                    "skippedElements must be an integral Number",
                );
                return close_with(vm, this, err);
            }
        }
    };
    if to_skip < 0.0 || (to_skip.is_finite() && to_skip > 9007199254740991.0) {
        let err = vm.make_error(ErrorKind::Range, "skippedElements is out of range");
        return close_with(vm, this, err);
    }
    let (iter, next) = get_iterator_direct(vm, this)?;
    let mut skipped = 0.0;
    while let Some(v) = step_value(vm, iter, next)? {
        if skipped < to_skip {
            skipped += 1.0;
        } else if crate::interpreter::same_value_zero(v, search) {
            close(vm, iter, false)?;
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}
