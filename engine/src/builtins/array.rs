//! Array: the constructor and every Array.prototype method, generic over
//! array-likes as the spec requires.

use super::arg;
use super::iterator::{IterKind, create_array_iterator};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm, same_value_zero, strict_equals};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::{names, symbols};
use crate::value::Value;

const MAX_SAFE: f64 = 9007199254740991.0;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Array);
    realm.set_intrinsic(Intrinsic::ArrayPrototype, proto);
    let ctor = vm.define_constructor(global, "Array", 1, array_constructor, proto);
    realm.set_intrinsic(Intrinsic::ArrayConstructor, ctor);
    vm.define_builtin(ctor, "isArray", 1, is_array_fn);
    vm.define_builtin(ctor, "of", 0, of);
    vm.define_builtin(ctor, "from", 1, from);
    vm.define_builtin(ctor, "fromAsync", 1, super::array_from_async::from_async);
    vm.define_builtin_accessor(
        ctor,
        PropertyKey::Atom(symbols::SPECIES),
        Some(species_getter),
        None,
        false,
    );

    let methods: &[(&str, u32, crate::function::NativeFn)] = &[
        ("at", 1, at),
        ("concat", 1, concat),
        ("copyWithin", 2, copy_within),
        ("entries", 0, entries),
        ("every", 1, every),
        ("fill", 1, fill),
        ("filter", 1, filter),
        ("find", 1, find),
        ("findIndex", 1, find_index),
        ("findLast", 1, find_last),
        ("findLastIndex", 1, find_last_index),
        ("flat", 0, flat),
        ("flatMap", 1, flat_map),
        ("forEach", 1, for_each),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("join", 1, join),
        ("keys", 0, keys),
        ("lastIndexOf", 1, last_index_of),
        ("map", 1, map),
        ("pop", 0, pop),
        ("push", 1, push),
        ("reduce", 1, reduce),
        ("reduceRight", 1, reduce_right),
        ("reverse", 0, reverse),
        ("shift", 0, shift),
        ("slice", 2, slice),
        ("some", 1, some),
        ("sort", 1, sort),
        ("splice", 2, splice),
        ("toLocaleString", 0, to_locale_string),
        ("toReversed", 0, to_reversed),
        ("toSorted", 1, to_sorted),
        ("toSpliced", 2, to_spliced),
        ("toString", 0, to_string),
        ("unshift", 1, unshift),
        ("with", 2, with),
    ];
    for &(name, len, f) in methods {
        vm.define_builtin(proto, name, len, f);
    }
    let values_fn = vm.define_builtin(proto, "values", 0, values);
    proto.define_own(
        PropertyKey::Atom(symbols::ITERATOR),
        Value::object(values_fn),
        Attributes::HIDDEN,
    );
    realm.set_intrinsic(Intrinsic::ArrayPrototypeValues, values_fn);
    let unscopables = vm.alloc_object(Value::NULL, ObjectKind::Ordinary);
    for name in [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ] {
        unscopables.define_own(
            PropertyKey::from_text(name),
            Value::TRUE,
            Attributes::DEFAULT,
        );
    }
    proto.define_own(
        PropertyKey::Atom(symbols::UNSCOPABLES),
        Value::object(unscopables),
        Attributes::CONFIGURABLE_ONLY,
    );
}

fn species_getter(_: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(this)
}

/// IsArray (sees through proxies).
pub fn is_array(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    if matches!(o.kind, ObjectKind::Array) {
        return Ok(true);
    }
    match crate::builtins::proxy::proxy_target(o) {
        Some(Ok(target)) => is_array(vm, target),
        Some(Err(())) => vm.throw(
            ErrorKind::Type,
            "Cannot perform 'IsArray' on a proxy that has been revoked",
        ),
        None => Ok(false),
    }
}

fn is_array_fn(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(is_array(vm, arg(args, 0))?))
}

/// ArrayCreate(len, proto).
pub fn array_create(vm: &mut Vm, len: f64, proto: Option<Gc<JsObject>>) -> JsResult<Gc<JsObject>> {
    if len > 4294967295.0 {
        return vm.throw(ErrorKind::Range, "Invalid array length");
    }
    let proto = proto.unwrap_or_else(|| vm.current_realm().intrinsic(Intrinsic::ArrayPrototype));
    let a = vm.alloc_object(Value::object(proto), ObjectKind::Array);
    if len > 0.0 {
        a.init_length(len as u32);
    }
    Ok(a)
}

fn array_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    let nt = if new_target.is_undefined() {
        vm.active_native()
    } else {
        new_target
    };
    let proto = vm.prototype_from_constructor(nt, Intrinsic::ArrayPrototype)?;
    if args.len() == 1 {
        let len = args[0];
        if let Some(n) = len.as_number() {
            let int = crate::value::number::to_uint32(n);
            if int as f64 != n {
                return vm.throw(ErrorKind::Range, "Invalid array length");
            }
            return Ok(Value::object(array_create(vm, n, Some(proto))?));
        }
        let a = array_create(vm, 0.0, Some(proto))?;
        a.push_element(len);
        return Ok(Value::object(a));
    }
    let a = array_create(vm, 0.0, Some(proto))?;
    for &v in args {
        a.push_element(v);
    }
    Ok(Value::object(a))
}

fn of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let len = Value::number(args.len() as f64);
    let a = if vm.is_constructor(this) {
        vm.construct(this, &[len], None)?
    } else {
        Value::object(array_create(vm, args.len() as f64, None)?)
    };
    let o = a.as_object().expect("constructor returned an object");
    vm.root(a);
    for (i, &v) in args.iter().enumerate() {
        vm.create_data_property_or_throw(a, PropertyKey::from(i as u32), v)?;
    }
    vm.put(o, PropertyKey::Atom(names::LENGTH), len, true)?;
    Ok(a)
}

fn from(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (items, mapfn, this_arg) = (arg(args, 0), arg(args, 1), arg(args, 2));
    let mapping = !mapfn.is_undefined();
    if mapping && !vm.is_callable(mapfn) {
        return vm.throw(ErrorKind::Type, "Array.from: mapper is not a function");
    }
    let using_iterator = vm.get_method(items, PropertyKey::Atom(symbols::ITERATOR))?;
    if let Some(iter_fn) = using_iterator {
        let a = if vm.is_constructor(this) {
            vm.construct(this, &[], None)?
        } else {
            Value::object(array_create(vm, 0.0, None)?)
        };
        vm.root(a);
        let it = vm.call(iter_fn, items, &[])?;
        if !it.is_object() {
            return vm.throw(
                ErrorKind::Type,
                "Result of the Symbol.iterator method is not an object",
            );
        }
        let next = vm.get_value(it, PropertyKey::Atom(names::NEXT))?;
        let record = vm.make_iterator_record(it, next);
        vm.root(record);
        let mut k: u64 = 0;
        while let Some(v) = vm.iterator_step_value(record)? {
            let step = (|| -> JsResult<()> {
                let v = if mapping {
                    vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
                } else {
                    v
                };
                vm.create_data_property_or_throw(a, Vm::index_key(k), v)
            })();
            if let Err(e) = step {
                vm.iterator_close_value(record, true)?;
                return Err(e);
            }
            k += 1;
        }
        vm.put(
            a.as_object().expect("object"),
            PropertyKey::Atom(names::LENGTH),
            Value::number(k as f64),
            true,
        )?;
        return Ok(a);
    }
    let array_like = vm.to_object(items)?;
    vm.root(Value::object(array_like));
    let len = vm.length_of_array_like(array_like)?;
    let a = if vm.is_constructor(this) {
        vm.construct(this, &[Value::number(len as f64)], None)?
    } else {
        Value::object(array_create(vm, len as f64, None)?)
    };
    vm.root(a);
    for k in 0..len {
        let v = vm.get(array_like, Vm::index_key(k))?;
        let v = if mapping {
            vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
        } else {
            v
        };
        vm.create_data_property_or_throw(a, Vm::index_key(k), v)?;
    }
    vm.put(
        a.as_object().expect("object"),
        PropertyKey::Atom(names::LENGTH),
        Value::number(len as f64),
        true,
    )?;
    Ok(a)
}

/// ArraySpeciesCreate.
pub fn array_species_create(vm: &mut Vm, original: Gc<JsObject>, len: f64) -> JsResult<Value> {
    if !is_array(vm, Value::object(original))? {
        return Ok(Value::object(array_create(vm, len, None)?));
    }
    let mut c = vm.get(original, PropertyKey::Atom(names::CONSTRUCTOR))?;
    if vm.is_constructor(c) {
        let this_realm = vm.current_realm();
        let c_realm = vm.function_realm(c)?;
        if this_realm != c_realm && c == c_realm.intrinsic_value(Intrinsic::ArrayConstructor) {
            c = Value::UNDEFINED;
        }
    }
    if let Some(co) = c.as_object() {
        c = vm.get(co, PropertyKey::Atom(symbols::SPECIES))?;
        if c.is_null() {
            c = Value::UNDEFINED;
        }
    }
    if c.is_undefined() {
        return Ok(Value::object(array_create(vm, len, None)?));
    }
    if !vm.is_constructor(c) {
        return vm.throw(
            ErrorKind::Type,
            "object.constructor[Symbol.species] is not a constructor",
        );
    }
    vm.construct(c, &[Value::number(len)], None)
}

/// `this` as an object and its length.
fn this_and_len(vm: &mut Vm, this: Value) -> JsResult<(Gc<JsObject>, u64)> {
    let o = vm.to_object(this)?;
    let len = vm.length_of_array_like(o)?;
    Ok((o, len))
}

/// A relative index argument resolved against `len`.
fn relative(vm: &mut Vm, v: Value, len: u64, default: u64) -> JsResult<u64> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = vm.to_integer_or_infinity(v)?;
    Ok(if n < 0.0 {
        (len as f64 + n).max(0.0) as u64
    } else {
        n.min(len as f64) as u64
    })
}

fn callback(vm: &mut Vm, f: Value) -> JsResult<Value> {
    if !vm.is_callable(f) {
        let d = vm.value_label(f);
        return vm.throw(ErrorKind::Type, &format!("{d} is not a function"));
    }
    Ok(f)
}

fn at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    vm.get(o, Vm::index_key(k as u64))
}

fn is_concat_spreadable(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    let s = vm.get(o, PropertyKey::Atom(symbols::IS_CONCAT_SPREADABLE))?;
    if !s.is_undefined() {
        return Ok(vm.to_boolean(s));
    }
    is_array(vm, v)
}

fn concat(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let a = array_species_create(vm, o, 0.0)?;
    vm.root(a);
    let mut n: u64 = 0;
    let items: Vec<Value> = std::iter::once(Value::object(o))
        .chain(args.iter().copied())
        .collect();
    for e in items {
        if is_concat_spreadable(vm, e)? {
            let eo = e.as_object().expect("spreadable is an object");
            let len = vm.length_of_array_like(eo)?;
            if n as f64 + len as f64 > MAX_SAFE {
                return vm.throw(ErrorKind::Type, "Array too long");
            }
            for k in 0..len {
                let key = Vm::index_key(k);
                if vm.has_property(eo, key)? {
                    let v = vm.get(eo, key)?;
                    vm.create_data_property_or_throw(a, Vm::index_key(n), v)?;
                }
                n += 1;
            }
        } else {
            if n as f64 >= MAX_SAFE {
                return vm.throw(ErrorKind::Type, "Array too long");
            }
            vm.create_data_property_or_throw(a, Vm::index_key(n), e)?;
            n += 1;
        }
    }
    vm.put(
        a.as_object().expect("object"),
        PropertyKey::Atom(names::LENGTH),
        Value::number(n as f64),
        true,
    )?;
    Ok(a)
}

fn copy_within(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let to = relative(vm, arg(args, 0), len, 0)?;
    let from = relative(vm, arg(args, 1), len, 0)?;
    let end = relative(vm, arg(args, 2), len, len)?;
    let count = end.saturating_sub(from).min(len - to);
    let (mut from, mut to, dir): (i64, i64, i64) = if from < to && to < from + count {
        ((from + count - 1) as i64, (to + count - 1) as i64, -1)
    } else {
        (from as i64, to as i64, 1)
    };
    for _ in 0..count {
        let (fk, tk) = (Vm::index_key(from as u64), Vm::index_key(to as u64));
        if vm.has_property(o, fk)? {
            let v = vm.get(o, fk)?;
            vm.put(o, tk, v, true)?;
        } else if !vm.delete_property(o, tk)? {
            return vm.throw(ErrorKind::Type, "Cannot delete property");
        }
        from += dir;
        to += dir;
    }
    Ok(Value::object(o))
}

fn entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(create_array_iterator(
        vm,
        Value::object(o),
        IterKind::Entries,
    ))
}

fn keys(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(create_array_iterator(vm, Value::object(o), IterKind::Keys))
}

fn values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    Ok(create_array_iterator(
        vm,
        Value::object(o),
        IterKind::Values,
    ))
}

/// The shared loop of every/some/forEach/find*: calls `f` on each present
/// (or every, for find) element; `stop` decides from the callback result.
fn each(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    skip_holes: bool,
    reverse: bool,
    mut visit: impl FnMut(&mut Vm, Value, u64, Value) -> JsResult<Option<Value>>,
) -> JsResult<Option<Value>> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, arg(args, 0))?;
    let this_arg = arg(args, 1);
    for i in 0..len {
        let k = if reverse { len - 1 - i } else { i };
        let key = Vm::index_key(k);
        if skip_holes && !vm.has_property(o, key)? {
            continue;
        }
        let v = vm.get(o, key)?;
        let r = vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])?;
        if let Some(result) = visit(vm, v, k, r)? {
            return Ok(Some(result));
        }
    }
    Ok(None)
}

fn every(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = each(vm, this, args, true, false, |vm, _, _, r| {
        Ok(if !vm.to_boolean(r) {
            Some(Value::FALSE)
        } else {
            None
        })
    })?;
    Ok(r.unwrap_or(Value::TRUE))
}

fn some(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = each(vm, this, args, true, false, |vm, _, _, r| {
        Ok(if vm.to_boolean(r) {
            Some(Value::TRUE)
        } else {
            None
        })
    })?;
    Ok(r.unwrap_or(Value::FALSE))
}

fn for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    each(vm, this, args, true, false, |_, _, _, _| Ok(None))?;
    Ok(Value::UNDEFINED)
}

fn find(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(each(vm, this, args, false, false, |vm, v, _, r| {
        Ok(vm.to_boolean(r).then_some(v))
    })?
    .unwrap_or(Value::UNDEFINED))
}

fn find_index(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(each(vm, this, args, false, false, |vm, _, k, r| {
        Ok(vm.to_boolean(r).then_some(Value::number(k as f64)))
    })?
    .unwrap_or(Value::int(-1)))
}

fn find_last(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(each(vm, this, args, false, true, |vm, v, _, r| {
        Ok(vm.to_boolean(r).then_some(v))
    })?
    .unwrap_or(Value::UNDEFINED))
}

fn find_last_index(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(each(vm, this, args, false, true, |vm, _, k, r| {
        Ok(vm.to_boolean(r).then_some(Value::number(k as f64)))
    })?
    .unwrap_or(Value::int(-1)))
}

fn fill(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let v = arg(args, 0);
    let start = relative(vm, arg(args, 1), len, 0)?;
    let end = relative(vm, arg(args, 2), len, len)?;
    for k in start..end {
        vm.put(o, Vm::index_key(k), v, true)?;
    }
    Ok(Value::object(o))
}

fn filter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, arg(args, 0))?;
    let a = array_species_create(vm, o, 0.0)?;
    vm.root(a);
    let mut to = 0u64;
    for k in 0..len {
        let key = Vm::index_key(k);
        if !vm.has_property(o, key)? {
            continue;
        }
        let v = vm.get(o, key)?;
        let r = vm.call(
            f,
            arg(args, 1),
            &[v, Value::number(k as f64), Value::object(o)],
        )?;
        if vm.to_boolean(r) {
            vm.create_data_property_or_throw(a, Vm::index_key(to), v)?;
            to += 1;
        }
    }
    Ok(a)
}

fn flatten_into(
    vm: &mut Vm,
    target: Value,
    source: Gc<JsObject>,
    source_len: u64,
    start: u64,
    depth: f64,
    mapper: Option<(Value, Value)>,
) -> JsResult<u64> {
    let mut target_index = start;
    for k in 0..source_len {
        let key = Vm::index_key(k);
        if !vm.has_property(source, key)? {
            continue;
        }
        let mut element = vm.get(source, key)?;
        if let Some((f, this_arg)) = mapper {
            element = vm.call(
                f,
                this_arg,
                &[element, Value::number(k as f64), Value::object(source)],
            )?;
        }
        if depth > 0.0 && is_array(vm, element)? {
            let eo = element.as_object().expect("array");
            let elen = vm.length_of_array_like(eo)?;
            target_index = flatten_into(vm, target, eo, elen, target_index, depth - 1.0, None)?;
        } else {
            if target_index as f64 >= MAX_SAFE {
                return vm.throw(ErrorKind::Type, "Array too long");
            }
            vm.create_data_property_or_throw(target, Vm::index_key(target_index), element)?;
            target_index += 1;
        }
    }
    Ok(target_index)
}

fn flat(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let depth = if arg(args, 0).is_undefined() {
        1.0
    } else {
        vm.to_integer_or_infinity(arg(args, 0))?.max(0.0)
    };
    let a = array_species_create(vm, o, 0.0)?;
    vm.root(a);
    flatten_into(vm, a, o, len, 0, depth, None)?;
    Ok(a)
}

fn flat_map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, arg(args, 0))?;
    let a = array_species_create(vm, o, 0.0)?;
    vm.root(a);
    flatten_into(vm, a, o, len, 0, 1.0, Some((f, arg(args, 1))))?;
    Ok(a)
}

fn includes(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let n = vm.to_integer_or_infinity(arg(args, 1))?;
    if n == f64::INFINITY {
        return Ok(Value::FALSE);
    }
    let start = if n >= 0.0 {
        n as u64
    } else {
        (len as f64 + n).max(0.0) as u64
    };
    let target = arg(args, 0);
    for k in start..len {
        let v = vm.get(o, Vm::index_key(k))?;
        if same_value_zero(v, target) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = vm.to_integer_or_infinity(arg(args, 1))?;
    if n == f64::INFINITY {
        return Ok(Value::int(-1));
    }
    let start = if n >= 0.0 {
        n as u64
    } else {
        (len as f64 + n).max(0.0) as u64
    };
    let target = arg(args, 0);
    for k in start..len {
        let key = Vm::index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get(o, key)?;
            if strict_equals(v, target) {
                return Ok(Value::number(k as f64));
            }
        }
    }
    Ok(Value::int(-1))
}

fn last_index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = if args.len() > 1 {
        vm.to_integer_or_infinity(args[1])?
    } else {
        len as f64 - 1.0
    };
    if n == f64::NEG_INFINITY {
        return Ok(Value::int(-1));
    }
    let start = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    if start < 0.0 {
        return Ok(Value::int(-1));
    }
    let target = arg(args, 0);
    let mut k = start as i64;
    while k >= 0 {
        let key = Vm::index_key(k as u64);
        if vm.has_property(o, key)? {
            let v = vm.get(o, key)?;
            if strict_equals(v, target) {
                return Ok(Value::number(k as f64));
            }
        }
        k -= 1;
    }
    Ok(Value::int(-1))
}

fn join(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let sep: Vec<u16> = if arg(args, 0).is_undefined() {
        vec![b',' as u16]
    } else {
        vm.to_string(arg(args, 0))?.units().to_vec()
    };
    if !vm.enter_join(o) {
        return Ok(vm.atom_value(names::EMPTY));
    }
    let result = (|| {
        let mut out: Vec<u16> = Vec::new();
        for k in 0..len {
            if k > 0 {
                out.extend_from_slice(&sep);
            }
            let v = vm.get(o, Vm::index_key(k))?;
            if !v.is_nullish() {
                out.extend_from_slice(vm.to_string(v)?.units());
            }
            if out.len() > crate::string::MAX_LENGTH {
                return vm.throw(ErrorKind::Range, "Invalid string length");
            }
        }
        Ok(Value::string(vm.alloc_string(out)))
    })();
    vm.leave_join(o);
    result
}

fn map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, arg(args, 0))?;
    let a = array_species_create(vm, o, len as f64)?;
    vm.root(a);
    for k in 0..len {
        let key = Vm::index_key(k);
        if !vm.has_property(o, key)? {
            continue;
        }
        let v = vm.get(o, key)?;
        let r = vm.call(
            f,
            arg(args, 1),
            &[v, Value::number(k as f64), Value::object(o)],
        )?;
        vm.create_data_property_or_throw(a, key, r)?;
    }
    Ok(a)
}

fn pop(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        vm.put(o, PropertyKey::Atom(names::LENGTH), Value::ZERO, true)?;
        return Ok(Value::UNDEFINED);
    }
    let key = Vm::index_key(len - 1);
    let v = vm.get(o, key)?;
    if !vm.delete_property(o, key)? {
        return vm.throw(ErrorKind::Type, "Cannot delete property");
    }
    vm.put(
        o,
        PropertyKey::Atom(names::LENGTH),
        Value::number((len - 1) as f64),
        true,
    )?;
    Ok(v)
}

/// Whether no object on `o`'s prototype chain has an element (so an index
/// write cannot reach a setter or a read-only element there).
fn prototypes_have_no_elements(o: Gc<JsObject>) -> bool {
    let mut current = o.proto();
    for _ in 0..16 {
        let Some(p) = current.as_object() else {
            return true;
        };
        if !matches!(p.kind, ObjectKind::Ordinary | ObjectKind::Array) || !p.has_no_elements() {
            return false;
        }
        current = p.proto();
    }
    false
}

fn push(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if let Some(o) = this.as_object()
        && matches!(o.kind, ObjectKind::Array)
        && !o.has_flag(crate::object::flags::LENGTH_READONLY)
        && o.is_extensible()
        && args.len() == 1
        && (o.length() as u64) < u32::MAX as u64 - 1
        && prototypes_have_no_elements(o)
    {
        // One indivisible step per call: racing pushes keep every element.
        return Ok(Value::number(o.push_element(args[0]) as f64));
    }
    let (o, len) = this_and_len(vm, this)?;
    if len as f64 + args.len() as f64 > MAX_SAFE {
        return vm.throw(ErrorKind::Type, "Pushing elements past 2^53-1");
    }
    let mut n = len;
    for &v in args {
        vm.put(o, Vm::index_key(n), v, true)?;
        n += 1;
    }
    vm.put(
        o,
        PropertyKey::Atom(names::LENGTH),
        Value::number(n as f64),
        true,
    )?;
    Ok(Value::number(n as f64))
}

fn reduce_impl(vm: &mut Vm, this: Value, args: &[Value], right: bool) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let f = callback(vm, arg(args, 0))?;
    let order: Box<dyn Iterator<Item = u64>> = if right {
        Box::new((0..len).rev())
    } else {
        Box::new(0..len)
    };
    let mut order = order.peekable();
    let mut acc = if args.len() >= 2 {
        args[1]
    } else {
        loop {
            let Some(k) = order.next() else {
                return vm.throw(
                    ErrorKind::Type,
                    "Reduce of empty array with no initial value",
                );
            };
            let key = Vm::index_key(k);
            if vm.has_property(o, key)? {
                break vm.get(o, key)?;
            }
        }
    };
    let mark = vm.root(acc);
    for k in order {
        let key = Vm::index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get(o, key)?;
            acc = vm.call(
                f,
                Value::UNDEFINED,
                &[acc, v, Value::number(k as f64), Value::object(o)],
            )?;
            vm.handles[mark] = acc;
        }
    }
    Ok(acc)
}

fn reduce(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    reduce_impl(vm, this, args, false)
}

fn reduce_right(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    reduce_impl(vm, this, args, true)
}

fn reverse(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let mut lower = 0u64;
    while len > 0 && lower < len / 2 {
        let upper = len - 1 - lower;
        let (lk, uk) = (Vm::index_key(lower), Vm::index_key(upper));
        let lower_exists = vm.has_property(o, lk)?;
        let lv = if lower_exists {
            vm.get(o, lk)?
        } else {
            Value::UNDEFINED
        };
        let upper_exists = vm.has_property(o, uk)?;
        let uv = if upper_exists {
            vm.get(o, uk)?
        } else {
            Value::UNDEFINED
        };
        match (lower_exists, upper_exists) {
            (true, true) => {
                vm.put(o, lk, uv, true)?;
                vm.put(o, uk, lv, true)?;
            }
            (false, true) => {
                vm.put(o, lk, uv, true)?;
                if !vm.delete_property(o, uk)? {
                    return vm.throw(ErrorKind::Type, "Cannot delete property");
                }
            }
            (true, false) => {
                if !vm.delete_property(o, lk)? {
                    return vm.throw(ErrorKind::Type, "Cannot delete property");
                }
                vm.put(o, uk, lv, true)?;
            }
            (false, false) => {}
        }
        lower += 1;
    }
    Ok(Value::object(o))
}

fn shift(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    if len == 0 {
        vm.put(o, PropertyKey::Atom(names::LENGTH), Value::ZERO, true)?;
        return Ok(Value::UNDEFINED);
    }
    let first = vm.get(o, PropertyKey::Index(0))?;
    vm.root(first);
    for k in 1..len {
        let (from, to) = (Vm::index_key(k), Vm::index_key(k - 1));
        if vm.has_property(o, from)? {
            let v = vm.get(o, from)?;
            vm.put(o, to, v, true)?;
        } else if !vm.delete_property(o, to)? {
            return vm.throw(ErrorKind::Type, "Cannot delete property");
        }
    }
    if !vm.delete_property(o, Vm::index_key(len - 1))? {
        return vm.throw(ErrorKind::Type, "Cannot delete property");
    }
    vm.put(
        o,
        PropertyKey::Atom(names::LENGTH),
        Value::number((len - 1) as f64),
        true,
    )?;
    Ok(first)
}

fn unshift(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let n = args.len() as u64;
    if n > 0 {
        if len as f64 + n as f64 > MAX_SAFE {
            return vm.throw(ErrorKind::Type, "Array too long");
        }
        let mut k = len;
        while k > 0 {
            let (from, to) = (Vm::index_key(k - 1), Vm::index_key(k - 1 + n));
            if vm.has_property(o, from)? {
                let v = vm.get(o, from)?;
                vm.put(o, to, v, true)?;
            } else if !vm.delete_property(o, to)? {
                return vm.throw(ErrorKind::Type, "Cannot delete property");
            }
            k -= 1;
        }
        for (j, &v) in args.iter().enumerate() {
            vm.put(o, Vm::index_key(j as u64), v, true)?;
        }
    }
    vm.put(
        o,
        PropertyKey::Atom(names::LENGTH),
        Value::number((len + n) as f64),
        true,
    )?;
    Ok(Value::number((len + n) as f64))
}

fn slice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let start = relative(vm, arg(args, 0), len, 0)?;
    let end = relative(vm, arg(args, 1), len, len)?;
    let count = end.saturating_sub(start);
    let a = array_species_create(vm, o, count as f64)?;
    vm.root(a);
    let mut n = 0u64;
    for k in start..end {
        let key = Vm::index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get(o, key)?;
            vm.create_data_property_or_throw(a, Vm::index_key(n), v)?;
        }
        n += 1;
    }
    vm.put(
        a.as_object().expect("object"),
        PropertyKey::Atom(names::LENGTH),
        Value::number(n as f64),
        true,
    )?;
    Ok(a)
}

/// SortCompare with an optional comparator.
fn sort_compare(vm: &mut Vm, cmp: Value, x: Value, y: Value) -> JsResult<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    match (x.is_undefined(), y.is_undefined()) {
        (true, true) => return Ok(Equal),
        (true, false) => return Ok(Greater),
        (false, true) => return Ok(Less),
        _ => {}
    }
    if !cmp.is_undefined() {
        let r = vm.call(cmp, Value::UNDEFINED, &[x, y])?;
        let n = vm.to_number(r)?;
        return Ok(if n < 0.0 {
            Less
        } else if n > 0.0 {
            Greater
        } else {
            Equal
        });
    }
    let xs = vm.to_string(x)?;
    let ys = vm.to_string(y)?;
    Ok(xs.units().cmp(ys.units()))
}

/// A stable merge sort that calls the comparator (which may throw).
pub fn sort_values(vm: &mut Vm, items: &mut Vec<Value>, cmp: Value) -> JsResult<()> {
    merge_sort(vm, items, &mut |vm, x, y| sort_compare(vm, cmp, x, y))
}

/// A stable bottom-up merge sort whose comparison may call into JS (and
/// throw): Array.prototype.sort and %TypedArray%.prototype.sort share it.
/// Never inlined in wasm: its indirect call (the comparison) may switch
/// fibers, and the single build's Asyncify list names it.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn merge_sort(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    compare: &mut dyn FnMut(&mut Vm, Value, Value) -> JsResult<std::cmp::Ordering>,
) -> JsResult<()> {
    for &v in items.iter() {
        vm.root(v);
    }
    let mut buf = items.clone();
    let n = items.len();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let (mid, end) = ((i + width).min(n), (i + 2 * width).min(n));
            let (mut l, mut r, mut k) = (i, mid, i);
            while l < mid && r < end {
                if compare(vm, items[r], items[l])? == std::cmp::Ordering::Less {
                    buf[k] = items[r];
                    r += 1;
                } else {
                    buf[k] = items[l];
                    l += 1;
                }
                k += 1;
            }
            buf[k..k + mid - l].copy_from_slice(&items[l..mid]);
            k += mid - l;
            buf[k..k + end - r].copy_from_slice(&items[r..end]);
            i += 2 * width;
        }
        std::mem::swap(items, &mut buf);
        width *= 2;
    }
    Ok(())
}

/// Validates a sort comparator (undefined or callable).
pub fn comparator(vm: &mut Vm, v: Value) -> JsResult<Value> {
    if !v.is_undefined() && !vm.is_callable(v) {
        return vm.throw(
            ErrorKind::Type,
            "The comparison function must be either a function or undefined",
        );
    }
    Ok(v)
}

fn sort(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cmp = comparator(vm, arg(args, 0))?;
    let (o, len) = this_and_len(vm, this)?;
    let mut items = Vec::new();
    for k in 0..len {
        let key = Vm::index_key(k);
        if vm.has_property(o, key)? {
            let v = vm.get(o, key)?;
            vm.root(v);
            items.push(v);
        }
    }
    let count = items.len() as u64;
    sort_values(vm, &mut items, cmp)?;
    for (k, &v) in items.iter().enumerate() {
        vm.put(o, Vm::index_key(k as u64), v, true)?;
    }
    for k in count..len {
        let key = Vm::index_key(k);
        if vm.has_property(o, key)? && !vm.delete_property(o, key)? {
            return vm.throw(ErrorKind::Type, "Cannot delete property");
        }
    }
    Ok(Value::object(o))
}

fn splice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let start = relative(vm, arg(args, 0), len, 0)?;
    let delete_count = match args.len() {
        0 => 0,
        1 => len - start,
        _ => vm
            .to_integer_or_infinity(args[1])?
            .clamp(0.0, (len - start) as f64) as u64,
    };
    let items: Vec<Value> = args.iter().skip(2).copied().collect();
    if len as f64 + items.len() as f64 - delete_count as f64 > MAX_SAFE {
        return vm.throw(ErrorKind::Type, "Array too long");
    }
    let a = array_species_create(vm, o, delete_count as f64)?;
    vm.root(a);
    for k in 0..delete_count {
        let from = Vm::index_key(start + k);
        if vm.has_property(o, from)? {
            let v = vm.get(o, from)?;
            vm.create_data_property_or_throw(a, Vm::index_key(k), v)?;
        }
    }
    vm.put(
        a.as_object().expect("object"),
        PropertyKey::Atom(names::LENGTH),
        Value::number(delete_count as f64),
        true,
    )?;
    let item_count = items.len() as u64;
    if item_count < delete_count {
        for k in start..len - delete_count {
            let (from, to) = (
                Vm::index_key(k + delete_count),
                Vm::index_key(k + item_count),
            );
            if vm.has_property(o, from)? {
                let v = vm.get(o, from)?;
                vm.put(o, to, v, true)?;
            } else if !vm.delete_property(o, to)? {
                return vm.throw(ErrorKind::Type, "Cannot delete property");
            }
        }
        let mut k = len;
        while k > len - delete_count + item_count {
            if !vm.delete_property(o, Vm::index_key(k - 1))? {
                return vm.throw(ErrorKind::Type, "Cannot delete property");
            }
            k -= 1;
        }
    } else if item_count > delete_count {
        let mut k = len - delete_count;
        while k > start {
            let (from, to) = (
                Vm::index_key(k + delete_count - 1),
                Vm::index_key(k + item_count - 1),
            );
            if vm.has_property(o, from)? {
                let v = vm.get(o, from)?;
                vm.put(o, to, v, true)?;
            } else if !vm.delete_property(o, to)? {
                return vm.throw(ErrorKind::Type, "Cannot delete property");
            }
            k -= 1;
        }
    }
    for (j, &v) in items.iter().enumerate() {
        vm.put(o, Vm::index_key(start + j as u64), v, true)?;
    }
    vm.put(
        o,
        PropertyKey::Atom(names::LENGTH),
        Value::number((len - delete_count + item_count) as f64),
        true,
    )?;
    Ok(a)
}

fn to_locale_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let passed = [arg(args, 0), arg(args, 1)];
    let locale_args: &[Value] = if cfg!(feature = "intl") { &passed } else { &[] };
    if !vm.enter_join(o) {
        return Ok(vm.atom_value(names::EMPTY));
    }
    let result = (|| {
        let mut out: Vec<u16> = Vec::new();
        for k in 0..len {
            if k > 0 {
                out.push(b',' as u16);
            }
            let v = vm.get(o, Vm::index_key(k))?;
            if !v.is_nullish() {
                let f = vm.get_value(v, PropertyKey::from_text("toLocaleString"))?;
                // ECMA-402 passes locales and options on.
                let s = vm.call(f, v, locale_args)?;
                out.extend_from_slice(vm.to_string(s)?.units());
            }
        }
        Ok(Value::string(vm.alloc_string(out)))
    })();
    vm.leave_join(o);
    result
}

fn to_reversed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let a = array_create(vm, len as f64, None)?;
    vm.root(Value::object(a));
    for k in 0..len {
        let v = vm.get(o, Vm::index_key(len - 1 - k))?;
        vm.create_data_property_or_throw(Value::object(a), Vm::index_key(k), v)?;
    }
    Ok(Value::object(a))
}

fn to_sorted(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cmp = comparator(vm, arg(args, 0))?;
    let (o, len) = this_and_len(vm, this)?;
    if len > u32::MAX as u64 {
        return vm.throw(ErrorKind::Range, "Invalid array length");
    }
    let mut items = Vec::with_capacity(len as usize);
    for k in 0..len {
        let v = vm.get(o, Vm::index_key(k))?;
        vm.root(v);
        items.push(v);
    }
    sort_values(vm, &mut items, cmp)?;
    let a = vm.new_array_from(&items);
    Ok(Value::object(a))
}

fn to_spliced(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let start = relative(vm, arg(args, 0), len, 0)?;
    let skip = match args.len() {
        0 => 0,
        1 => len - start,
        _ => vm
            .to_integer_or_infinity(args[1])?
            .clamp(0.0, (len - start) as f64) as u64,
    };
    let items: Vec<Value> = args.iter().skip(2).copied().collect();
    let new_len = len + items.len() as u64 - skip;
    if new_len as f64 > MAX_SAFE {
        return vm.throw(ErrorKind::Type, "Array too long");
    }
    let a = array_create(vm, new_len as f64, None)?;
    vm.root(Value::object(a));
    let mut i = 0u64;
    for k in 0..start {
        let v = vm.get(o, Vm::index_key(k))?;
        vm.create_data_property_or_throw(Value::object(a), Vm::index_key(i), v)?;
        i += 1;
    }
    for &v in &items {
        vm.create_data_property_or_throw(Value::object(a), Vm::index_key(i), v)?;
        i += 1;
    }
    for k in start + skip..len {
        let v = vm.get(o, Vm::index_key(k))?;
        vm.create_data_property_or_throw(Value::object(a), Vm::index_key(i), v)?;
        i += 1;
    }
    Ok(Value::object(a))
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let f = vm.get(o, PropertyKey::Atom(names::JOIN))?;
    if vm.is_callable(f) {
        return vm.call(f, Value::object(o), &[]);
    }
    crate::builtins::object::to_string(vm, Value::object(o), &[], Value::UNDEFINED)
}

fn with(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, len) = this_and_len(vm, this)?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let index = if rel >= 0.0 { rel } else { len as f64 + rel };
    if index >= len as f64 || index < 0.0 {
        return vm.throw(ErrorKind::Range, "Invalid index");
    }
    let a = array_create(vm, len as f64, None)?;
    vm.root(Value::object(a));
    for k in 0..len {
        let v = if k == index as u64 {
            arg(args, 1)
        } else {
            vm.get(o, Vm::index_key(k))?
        };
        vm.create_data_property_or_throw(Value::object(a), Vm::index_key(k), v)?;
    }
    Ok(Value::object(a))
}

impl Vm {
    /// Cycle detection for join/toString of self-referencing arrays.
    pub(crate) fn enter_join(&mut self, o: Gc<JsObject>) -> bool {
        if self.join_stack.contains(&o) {
            return false;
        }
        self.join_stack.push(o);
        true
    }

    pub(crate) fn leave_join(&mut self, o: Gc<JsObject>) {
        if let Some(pos) = self.join_stack.iter().rposition(|&x| x == o) {
            self.join_stack.remove(pos);
        }
    }
}
