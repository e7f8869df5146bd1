//! Proxy: the constructor, Proxy.revocable, and every internal method trap
//! with the spec's invariant checks. The object layer calls the hooks
//! here first; each returns None for objects that are not proxies.

use super::arg;
use super::object::{from_property_descriptor, to_property_descriptor};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm, same_value};
use crate::object::kind::BuiltinState;
use crate::object::ops::is_compatible;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyDescriptor, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::string::atom::names;
use crate::value::{AtomicValue, Value};

/// A proxy's target and handler (both null once revoked).
pub struct ProxyState {
    target: AtomicValue,
    handler: AtomicValue,
    callable: bool,
    constructor: bool,
}

impl Trace for ProxyState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.target.load());
        tracer.mark_value(self.handler.load());
    }
}

impl BuiltinState for ProxyState {
    fn class_name(&self) -> &'static str {
        "Proxy"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let ctor = vm.new_native(Atom::intern_str("Proxy"), 2, constructor, true, &[]);
    global.define_own(
        PropertyKey::from_text("Proxy"),
        Value::object(ctor),
        Attributes::HIDDEN,
    );
    realm.set_intrinsic(Intrinsic::ProxyConstructor, ctor);
    vm.define_builtin(ctor, "revocable", 2, revocable);
}

/// A snapshot of a proxy's slots: (target, handler, callable, constructor).
struct Slots {
    target: Value,
    handler: Value,
    callable: bool,
    constructor: bool,
}

fn state(o: Gc<JsObject>) -> Option<Slots> {
    o.kind.builtin::<ProxyState>().map(|s| Slots {
        target: s.target.load(),
        handler: s.handler.load(),
        callable: s.callable,
        constructor: s.constructor,
    })
}

pub fn is_proxy(o: Gc<JsObject>) -> bool {
    o.kind.builtin::<ProxyState>().is_some()
}

/// The proxy's target: Some(Ok) for a live proxy, Some(Err) if revoked,
/// None if `o` is not a proxy.
pub fn proxy_target(o: Gc<JsObject>) -> Option<Result<Value, ()>> {
    let s = state(o)?;
    Some(if s.target.is_null() {
        Err(())
    } else {
        Ok(s.target)
    })
}

/// The proxy's handler (null once revoked or for a non-proxy).
pub fn proxy_handler(o: Gc<JsObject>) -> Value {
    state(o).map_or(Value::NULL, |s| s.handler)
}

pub fn proxy_is_callable(o: Gc<JsObject>) -> bool {
    state(o).is_some_and(|s| s.callable)
}

pub fn proxy_is_constructor(o: Gc<JsObject>) -> bool {
    state(o).is_some_and(|s| s.constructor)
}

fn create(vm: &mut Vm, target: Value, handler: Value) -> JsResult<Gc<JsObject>> {
    let (Some(t), Some(_)) = (target.as_object(), handler.as_object()) else {
        return vm.throw(
            ErrorKind::Type,
            "Cannot create proxy with a non-object as target or handler",
        );
    };
    let callable = vm.is_callable(target);
    let constructor = vm.is_constructor(target);
    let _ = t;
    let state = ProxyState {
        target: AtomicValue::new(target),
        handler: AtomicValue::new(handler),
        callable,
        constructor,
    };
    Ok(vm.alloc_object(Value::NULL, ObjectKind::Builtin(Box::new(state))))
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor Proxy requires 'new'");
    }
    Ok(Value::object(create(vm, arg(args, 0), arg(args, 1))?))
}

fn revocable(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let p = create(vm, arg(args, 0), arg(args, 1))?;
    let revoke = vm.new_native(names::EMPTY, 0, revoke, false, &[Value::object(p)]);
    let o = vm.new_object();
    o.define_own(
        PropertyKey::from_text("proxy"),
        Value::object(p),
        Attributes::DEFAULT,
    );
    o.define_own(
        PropertyKey::from_text("revoke"),
        Value::object(revoke),
        Attributes::DEFAULT,
    );
    Ok(Value::object(o))
}

fn revoke(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let p = vm.native_data(0);
    if let Some(o) = p.as_object()
        && let Some(s) = o.kind.builtin::<ProxyState>()
    {
        s.target.store(Value::NULL);
        s.handler.store(Value::NULL);
    }
    vm.set_native_data(0, Value::NULL);
    Ok(Value::UNDEFINED)
}

/// The live target and handler, and the named trap (None: forward).
fn trap(
    vm: &mut Vm,
    o: Gc<JsObject>,
    name: &str,
) -> JsResult<(Gc<JsObject>, Value, Option<Value>)> {
    let s = state(o).expect("a proxy");
    let (target, handler) = (s.target, s.handler);
    if handler.is_null() {
        return vm.throw(
            ErrorKind::Type,
            &format!("Cannot perform '{name}' on a proxy that has been revoked"),
        );
    }
    let t = target.as_object().expect("proxy target is an object");
    let f = vm.get_method(handler, PropertyKey::from_text(name))?;
    Ok((t, handler, f))
}

pub fn get_prototype_of(vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<Value>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "getPrototypeOf")?;
        let Some(f) = f else {
            return vm.get_prototype_of(t);
        };
        let proto = vm.call(f, h, &[Value::object(t)])?;
        if !proto.is_object() && !proto.is_null() {
            return vm.throw(
                ErrorKind::Type,
                "'getPrototypeOf' on proxy: trap returned neither object nor null",
            );
        }
        if vm.is_extensible(t)? {
            return Ok(proto);
        }
        let target_proto = vm.get_prototype_of(t)?;
        if !same_value(proto, target_proto) {
            return vm.throw(ErrorKind::Type, "'getPrototypeOf' on proxy: proxy target is non-extensible but the trap did not return its actual prototype");
        }
        Ok(proto)
    })())
}

pub fn set_prototype_of(vm: &mut Vm, o: Gc<JsObject>, v: Value) -> Option<JsResult<bool>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "setPrototypeOf")?;
        let Some(f) = f else {
            return vm.set_prototype_of(t, v);
        };
        let r = vm.call(f, h, &[Value::object(t), v])?;
        if !vm.to_boolean(r) {
            return Ok(false);
        }
        if vm.is_extensible(t)? {
            return Ok(true);
        }
        let target_proto = vm.get_prototype_of(t)?;
        if !same_value(v, target_proto) {
            return vm.throw(ErrorKind::Type, "'setPrototypeOf' on proxy: trap returned truish for setting a new prototype on the non-extensible proxy target");
        }
        Ok(true)
    })())
}

pub fn is_extensible(vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "isExtensible")?;
        let Some(f) = f else {
            return vm.is_extensible(t);
        };
        let r = vm.call(f, h, &[Value::object(t)])?;
        let r = vm.to_boolean(r);
        if r != vm.is_extensible(t)? {
            return vm.throw(ErrorKind::Type, "'isExtensible' on proxy: trap result does not reflect extensibility of proxy target");
        }
        Ok(r)
    })())
}

pub fn prevent_extensions(vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "preventExtensions")?;
        let Some(f) = f else {
            return vm.prevent_extensions(t);
        };
        let r = vm.call(f, h, &[Value::object(t)])?;
        let r = vm.to_boolean(r);
        if r && vm.is_extensible(t)? {
            return vm.throw(ErrorKind::Type, "'preventExtensions' on proxy: trap returned truish but the proxy target is extensible");
        }
        Ok(r)
    })())
}

pub fn get_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> Option<JsResult<Option<PropertyDescriptor>>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "getOwnPropertyDescriptor")?;
        let Some(f) = f else {
            return vm.get_own_property(t, key);
        };
        let k = vm.key_to_value(key);
        let r = vm.call(f, h, &[Value::object(t), k])?;
        if !r.is_object() && !r.is_undefined() {
            return vm.throw(
                ErrorKind::Type,
                "'getOwnPropertyDescriptor' on proxy: trap returned neither object nor undefined",
            );
        }
        let target_desc = vm.get_own_property(t, key)?;
        if r.is_undefined() {
            let Some(td) = target_desc else {
                return Ok(None);
            };
            if td.configurable == Some(false) {
                return vm.throw(ErrorKind::Type, "'getOwnPropertyDescriptor' on proxy: trap returned undefined for a non-configurable property");
            }
            if !vm.is_extensible(t)? {
                return vm.throw(ErrorKind::Type, "'getOwnPropertyDescriptor' on proxy: trap returned undefined for a property of a non-extensible target");
            }
            return Ok(None);
        }
        let extensible = vm.is_extensible(t)?;
        let mut d = to_property_descriptor(vm, r)?;
        // CompletePropertyDescriptor.
        if !d.is_accessor_descriptor() {
            d.value.get_or_insert(Value::UNDEFINED);
            d.writable.get_or_insert(false);
        } else {
            d.get.get_or_insert(Value::UNDEFINED);
            d.set.get_or_insert(Value::UNDEFINED);
        }
        d.enumerable.get_or_insert(false);
        d.configurable.get_or_insert(false);
        if !is_compatible(extensible, &d, target_desc.as_ref()) {
            return vm.throw(ErrorKind::Type, "'getOwnPropertyDescriptor' on proxy: trap returned a descriptor incompatible with the target property");
        }
        if d.configurable == Some(false) {
            match target_desc {
                None => return vm.throw(ErrorKind::Type, "'getOwnPropertyDescriptor' on proxy: trap reported non-configurability for a missing property"),
                Some(td) if td.configurable == Some(true) => {
                    return vm.throw(ErrorKind::Type, "'getOwnPropertyDescriptor' on proxy: trap reported non-configurability for a configurable property");
                }
                Some(td) => {
                    if d.writable == Some(false) && td.writable == Some(true) {
                        return vm.throw(ErrorKind::Type, "'getOwnPropertyDescriptor' on proxy: trap reported non-writable for a writable property");
                    }
                }
            }
        }
        Ok(Some(d))
    })())
}

pub fn define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> Option<JsResult<bool>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "defineProperty")?;
        let Some(f) = f else {
            return vm.define_own_property(t, key, desc);
        };
        let k = vm.key_to_value(key);
        let dv = from_property_descriptor(vm, Some(desc));
        let r = vm.call(f, h, &[Value::object(t), k, dv])?;
        if !vm.to_boolean(r) {
            return Ok(false);
        }
        let target_desc = vm.get_own_property(t, key)?;
        let extensible = vm.is_extensible(t)?;
        let setting_non_config = desc.configurable == Some(false);
        match target_desc {
            None => {
                if !extensible {
                    return vm.throw(ErrorKind::Type, "'defineProperty' on proxy: trap returned truish for adding a property to a non-extensible target");
                }
                if setting_non_config {
                    return vm.throw(ErrorKind::Type, "'defineProperty' on proxy: trap returned truish for defining a non-configurable property that does not exist on the target");
                }
            }
            Some(td) => {
                if !is_compatible(extensible, &desc, Some(&td)) {
                    return vm.throw(ErrorKind::Type, "'defineProperty' on proxy: trap returned truish for a descriptor incompatible with the target property");
                }
                if setting_non_config && td.configurable == Some(true) {
                    return vm.throw(ErrorKind::Type, "'defineProperty' on proxy: trap returned truish for defining non-configurable on a configurable property");
                }
                if td.is_data_descriptor()
                    && td.configurable == Some(false)
                    && td.writable == Some(true)
                    && desc.writable == Some(false)
                {
                    return vm.throw(ErrorKind::Type, "'defineProperty' on proxy: trap returned truish for making a non-configurable writable property non-writable");
                }
            }
        }
        Ok(true)
    })())
}

pub fn has_property(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<JsResult<bool>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "has")?;
        let Some(f) = f else {
            return vm.has_property(t, key);
        };
        let k = vm.key_to_value(key);
        let r = vm.call(f, h, &[Value::object(t), k])?;
        let r = vm.to_boolean(r);
        if !r && let Some(td) = vm.get_own_property(t, key)? {
            if td.configurable == Some(false) {
                return vm.throw(
                    ErrorKind::Type,
                    "'has' on proxy: trap returned falsish for a non-configurable property",
                );
            }
            if !vm.is_extensible(t)? {
                return vm.throw(ErrorKind::Type, "'has' on proxy: trap returned falsish for a property of a non-extensible target");
            }
        }
        Ok(r)
    })())
}

pub fn get(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    receiver: Value,
) -> Option<JsResult<Value>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "get")?;
        let Some(f) = f else {
            return vm.get_with_receiver(t, key, receiver);
        };
        let k = vm.key_to_value(key);
        let v = vm.call(f, h, &[Value::object(t), k, receiver])?;
        if let Some(td) = vm.get_own_property(t, key)?
            && td.configurable == Some(false)
        {
            if td.is_data_descriptor()
                && td.writable == Some(false)
                && !same_value(v, td.value.unwrap_or(Value::UNDEFINED))
            {
                return vm.throw(ErrorKind::Type, "'get' on proxy: the value reported for a non-writable, non-configurable property differs");
            }
            if td.is_accessor_descriptor()
                && td.get.unwrap_or(Value::UNDEFINED).is_undefined()
                && !v.is_undefined()
            {
                return vm.throw(ErrorKind::Type, "'get' on proxy: a non-configurable accessor without getter must report undefined");
            }
        }
        Ok(v)
    })())
}

pub fn set(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    v: Value,
    receiver: Value,
) -> Option<JsResult<bool>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "set")?;
        let Some(f) = f else {
            return vm.set(t, key, v, receiver);
        };
        let k = vm.key_to_value(key);
        let r = vm.call(f, h, &[Value::object(t), k, v, receiver])?;
        if !vm.to_boolean(r) {
            return Ok(false);
        }
        if let Some(td) = vm.get_own_property(t, key)?
            && td.configurable == Some(false)
        {
            if td.is_data_descriptor()
                && td.writable == Some(false)
                && !same_value(v, td.value.unwrap_or(Value::UNDEFINED))
            {
                return vm.throw(ErrorKind::Type, "'set' on proxy: trap returned truish for a non-writable, non-configurable property with a different value");
            }
            if td.is_accessor_descriptor() && td.set.unwrap_or(Value::UNDEFINED).is_undefined() {
                return vm.throw(ErrorKind::Type, "'set' on proxy: trap returned truish for a non-configurable accessor without setter");
            }
        }
        Ok(true)
    })())
}

pub fn delete_property(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<JsResult<bool>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "deleteProperty")?;
        let Some(f) = f else {
            return vm.delete_property(t, key);
        };
        let k = vm.key_to_value(key);
        let r = vm.call(f, h, &[Value::object(t), k])?;
        if !vm.to_boolean(r) {
            return Ok(false);
        }
        if let Some(td) = vm.get_own_property(t, key)? {
            if td.configurable == Some(false) {
                return vm.throw(ErrorKind::Type, "'deleteProperty' on proxy: trap returned truish for a non-configurable property");
            }
            if !vm.is_extensible(t)? {
                return vm.throw(ErrorKind::Type, "'deleteProperty' on proxy: trap returned truish for a property of a non-extensible target");
            }
        }
        Ok(true)
    })())
}

pub fn own_property_keys(vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<Vec<PropertyKey>>> {
    state(o)?;
    Some((|| {
        let (t, h, f) = trap(vm, o, "ownKeys")?;
        let Some(f) = f else {
            return vm.own_property_keys(t);
        };
        let r = vm.call(f, h, &[Value::object(t)])?;
        let Some(list) = r.as_object() else {
            return vm.throw(
                ErrorKind::Type,
                "'ownKeys' on proxy: trap returned a non-object",
            );
        };
        let len = vm.length_of_array_like(list)?;
        let mut keys = Vec::new();
        for i in 0..len {
            let k = vm.get(list, Vm::index_key(i))?;
            if !k.is_string() && !k.is_symbol() {
                return vm.throw(
                    ErrorKind::Type,
                    "'ownKeys' on proxy: trap result contains a non-key",
                );
            }
            let key = vm.to_property_key(k)?;
            if keys.contains(&key) {
                return vm.throw(
                    ErrorKind::Type,
                    "'ownKeys' on proxy: trap returned duplicate entries",
                );
            }
            keys.push(key);
        }
        let extensible = vm.is_extensible(t)?;
        let target_keys = vm.own_property_keys(t)?;
        let mut configurable = Vec::new();
        let mut non_configurable = Vec::new();
        for k in target_keys {
            match vm.get_own_property(t, k)? {
                Some(d) if d.configurable == Some(false) => non_configurable.push(k),
                _ => configurable.push(k),
            }
        }
        if extensible && non_configurable.is_empty() {
            return Ok(keys);
        }
        let mut unchecked = keys.clone();
        for k in &non_configurable {
            match unchecked.iter().position(|x| x == k) {
                Some(p) => {
                    unchecked.remove(p);
                }
                None => {
                    return vm.throw(
                        ErrorKind::Type,
                        "'ownKeys' on proxy: trap result did not include a non-configurable key",
                    );
                }
            }
        }
        if extensible {
            return Ok(keys);
        }
        for k in &configurable {
            match unchecked.iter().position(|x| x == k) {
                Some(p) => {
                    unchecked.remove(p);
                }
                None => return vm.throw(ErrorKind::Type, "'ownKeys' on proxy: trap result did not include a key of the non-extensible target"),
            }
        }
        if !unchecked.is_empty() {
            return vm.throw(
                ErrorKind::Type,
                "'ownKeys' on proxy: trap returned extra keys for a non-extensible target",
            );
        }
        Ok(keys)
    })())
}

pub fn proxy_call(
    vm: &mut Vm,
    o: Gc<JsObject>,
    this: Value,
    args: &[Value],
) -> Option<JsResult<Value>> {
    let s = state(o)?;
    if !s.callable {
        return None;
    }
    Some((|| {
        let (t, h, f) = trap(vm, o, "apply")?;
        let Some(f) = f else {
            return vm.call(Value::object(t), this, args);
        };
        let list = vm.new_array_from(args);
        vm.call(f, h, &[Value::object(t), this, Value::object(list)])
    })())
}

pub fn proxy_construct(
    vm: &mut Vm,
    o: Gc<JsObject>,
    args: &[Value],
    new_target: Value,
) -> Option<JsResult<Value>> {
    let s = state(o)?;
    if !s.constructor {
        return None;
    }
    Some((|| {
        let (t, h, f) = trap(vm, o, "construct")?;
        let Some(f) = f else {
            return vm.construct(Value::object(t), args, Some(new_target));
        };
        let list = vm.new_array_from(args);
        let r = vm.call(f, h, &[Value::object(t), Value::object(list), new_target])?;
        if !r.is_object() {
            return vm.throw(
                ErrorKind::Type,
                "'construct' on proxy: trap returned non-object",
            );
        }
        Ok(r)
    })())
}
