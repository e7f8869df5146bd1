//! Reflect.

use super::arg;
use super::object::{from_property_descriptor, to_property_descriptor};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, PropertyKey};
use crate::realm::Realm;
use crate::value::Value;

pub fn install(vm: &mut Vm, _realm: Gc<Realm>, global: Gc<JsObject>) {
    let reflect = vm.new_object();
    global.define_own(
        PropertyKey::from_text("Reflect"),
        Value::object(reflect),
        Attributes::HIDDEN,
    );
    super::define_tag(vm, reflect, "Reflect");
    vm.define_builtin(reflect, "apply", 3, apply);
    vm.define_builtin(reflect, "construct", 2, construct);
    vm.define_builtin(reflect, "defineProperty", 3, define_property);
    vm.define_builtin(reflect, "deleteProperty", 2, delete_property);
    vm.define_builtin(reflect, "get", 2, get);
    vm.define_builtin(
        reflect,
        "getOwnPropertyDescriptor",
        2,
        get_own_property_descriptor,
    );
    vm.define_builtin(reflect, "getPrototypeOf", 1, get_prototype_of);
    vm.define_builtin(reflect, "has", 2, has);
    vm.define_builtin(reflect, "isExtensible", 1, is_extensible);
    vm.define_builtin(reflect, "ownKeys", 1, own_keys);
    vm.define_builtin(reflect, "preventExtensions", 1, prevent_extensions);
    vm.define_builtin(reflect, "set", 3, set);
    vm.define_builtin(reflect, "setPrototypeOf", 2, set_prototype_of);
}

fn target(vm: &mut Vm, v: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match v.as_object() {
        Some(o) => Ok(o),
        None => vm.throw(
            ErrorKind::Type,
            &format!("Reflect.{method} called on non-object"),
        ),
    }
}

fn apply(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_callable(f) {
        return vm.throw(ErrorKind::Type, "Reflect.apply target is not callable");
    }
    let list = vm.list_from_array_like(arg(args, 2))?;
    vm.call(f, arg(args, 1), &list)
}

fn construct(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let f = arg(args, 0);
    if !vm.is_constructor(f) {
        return vm.throw(
            ErrorKind::Type,
            "Reflect.construct target is not a constructor",
        );
    }
    let nt = if args.len() > 2 { args[2] } else { f };
    if !vm.is_constructor(nt) {
        return vm.throw(
            ErrorKind::Type,
            "Reflect.construct newTarget is not a constructor",
        );
    }
    let list = vm.list_from_array_like(arg(args, 1))?;
    vm.construct(f, &list, Some(nt))
}

fn define_property(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "defineProperty")?;
    let key = vm.to_property_key(arg(args, 1))?;
    let d = to_property_descriptor(vm, arg(args, 2))?;
    Ok(Value::bool(vm.define_own_property(o, key, d)?))
}

fn delete_property(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "deleteProperty")?;
    let key = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(vm.delete_property(o, key)?))
}

fn get(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "get")?;
    let key = vm.to_property_key(arg(args, 1))?;
    let receiver = if args.len() > 2 {
        args[2]
    } else {
        Value::object(o)
    };
    vm.get_with_receiver(o, key, receiver)
}

fn get_own_property_descriptor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "getOwnPropertyDescriptor")?;
    let key = vm.to_property_key(arg(args, 1))?;
    let d = vm.get_own_property(o, key)?;
    Ok(from_property_descriptor(vm, d))
}

fn get_prototype_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "getPrototypeOf")?;
    vm.get_prototype_of(o)
}

fn has(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "has")?;
    let key = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(vm.has_property(o, key)?))
}

fn is_extensible(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "isExtensible")?;
    Ok(Value::bool(vm.is_extensible(o)?))
}

fn own_keys(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "ownKeys")?;
    let keys = vm.own_property_keys(o)?;
    let list: Vec<Value> = keys.into_iter().map(|k| vm.key_to_value(k)).collect();
    Ok(Value::object(vm.new_array_from(&list)))
}

fn prevent_extensions(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "preventExtensions")?;
    Ok(Value::bool(vm.prevent_extensions(o)?))
}

fn set(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "set")?;
    let key = vm.to_property_key(arg(args, 1))?;
    let receiver = if args.len() > 3 {
        args[3]
    } else {
        Value::object(o)
    };
    Ok(Value::bool(vm.set(o, key, arg(args, 2), receiver)?))
}

fn set_prototype_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = target(vm, arg(args, 0), "setPrototypeOf")?;
    let proto = arg(args, 1);
    if !proto.is_object() && !proto.is_null() {
        return vm.throw(
            ErrorKind::Type,
            "Object prototype may only be an Object or null",
        );
    }
    Ok(Value::bool(vm.set_prototype_of(o, proto)?))
}
