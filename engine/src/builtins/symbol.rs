//! Symbol.

use super::{arg, define_tag};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, Hint, JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::string::atom::{AtomKind, symbols, well_known_symbols};
use crate::value::Value;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::SymbolPrototype, proto);
    let ctor = vm.define_constructor(global, "Symbol", 0, constructor, proto);
    for (name, atom) in well_known_symbols() {
        ctor.define_own(
            PropertyKey::from_text(name),
            Value::symbol(atom),
            Attributes::FROZEN,
        );
    }
    vm.define_builtin(ctor, "for", 1, symbol_for);
    vm.define_builtin(ctor, "keyFor", 1, key_for);
    vm.define_builtin(proto, "toString", 0, to_string);
    vm.define_builtin(proto, "valueOf", 0, value_of);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::from_text("description"),
        Some(description),
        None,
        false,
    );
    let to_prim = vm.new_native(
        Atom::intern_str("[Symbol.toPrimitive]"),
        1,
        value_of,
        false,
        &[],
    );
    proto.define_own(
        PropertyKey::Atom(symbols::TO_PRIMITIVE),
        Value::object(to_prim),
        Attributes::CONFIGURABLE_ONLY,
    );
    define_tag(vm, proto, "Symbol");
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if !new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Symbol is not a constructor");
    }
    let d = arg(args, 0);
    let atom = if d.is_undefined() {
        Atom::new_symbol(None)
    } else {
        let s = vm.to_string(d)?;
        Atom::new_symbol(Some(s.units()))
    };
    Ok(Value::symbol(atom))
}

fn symbol_for(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    Ok(Value::symbol(Atom::registered_symbol(s.units())))
}

fn key_for(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(a) = arg(args, 0).as_symbol() else {
        let what = vm.value_label(arg(args, 0));
        return vm.throw(ErrorKind::Type, &format!("{what} is not a symbol"));
    };
    match a.kind() {
        AtomKind::Symbol {
            registered: true, ..
        } => Ok(Value::string(vm.alloc_string(a.text().to_vec()))),
        _ => Ok(Value::UNDEFINED),
    }
}

fn this_symbol(vm: &mut Vm, this: Value) -> JsResult<Atom> {
    if let Some(a) = this.as_symbol() {
        return Ok(a);
    }
    if let Some(o) = this.as_object()
        && let ObjectKind::Symbol(a) = &o.kind
    {
        return Ok(*a);
    }
    vm.throw(
        ErrorKind::Type,
        "Symbol.prototype method called on incompatible receiver",
    )
}

/// SymbolDescriptiveString.
pub fn descriptive_string(a: Atom) -> Vec<u16> {
    let mut units: Vec<u16> = "Symbol(".encode_utf16().collect();
    units.extend_from_slice(a.description().unwrap_or(&[]));
    units.push(b')' as u16);
    units
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let a = this_symbol(vm, this)?;
    Ok(Value::string(vm.alloc_string(descriptive_string(a))))
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::symbol(this_symbol(vm, this)?))
}

fn description(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let a = this_symbol(vm, this)?;
    match a.description() {
        Some(d) => Ok(Value::string(vm.alloc_string(d.to_vec()))),
        None => Ok(Value::UNDEFINED),
    }
}

/// Unused hint marker to keep ToPrimitive's contract visible here.
pub const _HINT: Hint = Hint::Default;
