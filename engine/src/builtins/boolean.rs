//! Boolean.

use super::arg;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{JsObject, ObjectKind};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::names;
use crate::value::Value;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Boolean(false));
    realm.set_intrinsic(Intrinsic::BooleanPrototype, proto);
    vm.define_constructor(global, "Boolean", 1, constructor, proto);
    vm.define_builtin(proto, "toString", 0, to_string);
    vm.define_builtin(proto, "valueOf", 0, value_of);
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    let b = vm.to_boolean(arg(args, 0));
    if new_target.is_undefined() {
        return Ok(Value::bool(b));
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::BooleanPrototype)?;
    Ok(Value::object(vm.alloc_object(
        Value::object(proto),
        ObjectKind::Boolean(b),
    )))
}

fn this_boolean(vm: &mut Vm, this: Value) -> JsResult<bool> {
    if let Some(b) = this.as_bool() {
        return Ok(b);
    }
    if let Some(o) = this.as_object()
        && let ObjectKind::Boolean(b) = &o.kind
    {
        return Ok(*b);
    }
    vm.throw(
        ErrorKind::Type,
        "Boolean.prototype method called on incompatible receiver",
    )
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_boolean(vm, this)?;
    Ok(vm.atom_value(if b { names::TRUE } else { names::FALSE }))
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(this_boolean(vm, this)?))
}
