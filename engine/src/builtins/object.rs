//! Object: the constructor, its static methods and Object.prototype.

use super::arg;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyDescriptor, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::{names, symbols};
use crate::value::Value;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let ctor = vm.define_constructor(global, "Object", 1, object_constructor, proto);
    realm.set_intrinsic(Intrinsic::ObjectConstructor, ctor);
    vm.define_builtin(ctor, "getPrototypeOf", 1, get_prototype_of);
    vm.define_builtin(ctor, "setPrototypeOf", 2, set_prototype_of);
    vm.define_builtin(ctor, "create", 2, create);
    vm.define_builtin(ctor, "keys", 1, keys);
    vm.define_builtin(ctor, "values", 1, values);
    vm.define_builtin(ctor, "entries", 1, entries);
    vm.define_builtin(ctor, "assign", 2, assign);
    vm.define_builtin(ctor, "defineProperty", 3, define_property);
    vm.define_builtin(ctor, "defineProperties", 2, define_properties);
    vm.define_builtin(ctor, "getOwnPropertyNames", 1, get_own_property_names);
    vm.define_builtin(ctor, "getOwnPropertySymbols", 1, get_own_property_symbols);
    vm.define_builtin(
        ctor,
        "getOwnPropertyDescriptor",
        2,
        get_own_property_descriptor,
    );
    vm.define_builtin(
        ctor,
        "getOwnPropertyDescriptors",
        1,
        get_own_property_descriptors,
    );
    vm.define_builtin(ctor, "freeze", 1, freeze);
    vm.define_builtin(ctor, "seal", 1, seal);
    vm.define_builtin(ctor, "preventExtensions", 1, prevent_extensions);
    vm.define_builtin(ctor, "isFrozen", 1, is_frozen);
    vm.define_builtin(ctor, "isSealed", 1, is_sealed);
    vm.define_builtin(ctor, "isExtensible", 1, is_extensible);
    vm.define_builtin(ctor, "is", 2, is);
    vm.define_builtin(ctor, "fromEntries", 1, from_entries);
    vm.define_builtin(ctor, "hasOwn", 2, has_own);
    vm.define_builtin(ctor, "groupBy", 2, group_by);

    vm.define_builtin(proto, "hasOwnProperty", 1, has_own_property);
    vm.define_builtin(proto, "isPrototypeOf", 1, is_prototype_of);
    vm.define_builtin(proto, "propertyIsEnumerable", 1, property_is_enumerable);
    vm.define_builtin(proto, "toString", 0, to_string);
    vm.define_builtin(proto, "toLocaleString", 0, to_locale_string);
    vm.define_builtin(proto, "valueOf", 0, value_of);
    vm.define_builtin(proto, "__defineGetter__", 2, define_getter);
    vm.define_builtin(proto, "__defineSetter__", 2, define_setter);
    vm.define_builtin(proto, "__lookupGetter__", 1, lookup_getter);
    vm.define_builtin(proto, "__lookupSetter__", 1, lookup_setter);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::Atom(names::PROTO),
        Some(proto_getter),
        Some(proto_setter),
        false,
    );
}

fn object_constructor(
    vm: &mut Vm,
    _this: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    let active = vm.active_native();
    if !new_target.is_undefined() && new_target != active {
        let proto = vm.prototype_from_constructor(new_target, Intrinsic::ObjectPrototype)?;
        return Ok(Value::object(
            vm.alloc_object(Value::object(proto), ObjectKind::Ordinary),
        ));
    }
    let v = arg(args, 0);
    if v.is_nullish() {
        return Ok(Value::object(vm.new_object()));
    }
    Ok(Value::object(vm.to_object(v)?))
}

fn get_prototype_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    vm.get_prototype_of(o)
}

fn set_prototype_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, proto) = (arg(args, 0), arg(args, 1));
    if o.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            "Object.setPrototypeOf called on null or undefined",
        );
    }
    if !proto.is_object() && !proto.is_null() {
        let what = vm.value_label(proto);
        return vm.throw(
            ErrorKind::Type,
            &format!("Object prototype may only be an Object or null: {what}"),
        );
    }
    let Some(obj) = o.as_object() else {
        return Ok(o);
    };
    if !vm.set_prototype_of(obj, proto)? {
        let what = vm.object_label(obj);
        let message = if obj.is_extensible() {
            format!("Cyclic __proto__ value or immutable prototype of {what}")
        } else {
            format!("{what} is not extensible")
        };
        return vm.throw(ErrorKind::Type, &message);
    }
    Ok(o)
}

fn create(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let proto = arg(args, 0);
    if !proto.is_object() && !proto.is_null() {
        let what = vm.value_label(proto);
        return vm.throw(
            ErrorKind::Type,
            &format!("Object prototype may only be an Object or null: {what}"),
        );
    }
    let o = vm.alloc_object(proto, ObjectKind::Ordinary);
    let props = arg(args, 1);
    if !props.is_undefined() {
        object_define_properties(vm, o, props)?;
    }
    Ok(Value::object(o))
}

/// Which parts of own enumerable string-keyed properties to list.
#[derive(Clone, Copy, PartialEq)]
enum EnumKind {
    Keys,
    Values,
    Entries,
}

fn enumerable_own(vm: &mut Vm, o: Gc<JsObject>, kind: EnumKind) -> JsResult<Vec<Value>> {
    let keys = vm.own_property_keys(o)?;
    let mut out = Vec::new();
    vm.root(Value::object(o));
    for key in keys {
        if key.is_symbol() {
            continue;
        }
        let Some(desc) = vm.get_own_property(o, key)? else {
            continue;
        };
        if desc.enumerable != Some(true) {
            continue;
        }
        let k = vm.key_to_value(key);
        match kind {
            EnumKind::Keys => out.push(k),
            EnumKind::Values => {
                let v = vm.get(o, key)?;
                out.push(v);
            }
            EnumKind::Entries => {
                let v = vm.get(o, key)?;
                let pair = vm.new_array_from(&[k, v]);
                out.push(Value::object(pair));
            }
        }
        vm.root(*out.last().expect("pushed"));
    }
    Ok(out)
}

fn keys(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let list = enumerable_own(vm, o, EnumKind::Keys)?;
    Ok(Value::object(vm.new_array_from(&list)))
}

fn values(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let list = enumerable_own(vm, o, EnumKind::Values)?;
    Ok(Value::object(vm.new_array_from(&list)))
}

fn entries(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let list = enumerable_own(vm, o, EnumKind::Entries)?;
    Ok(Value::object(vm.new_array_from(&list)))
}

fn assign(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let target = vm.to_object(arg(args, 0))?;
    for &src in args.iter().skip(1) {
        if src.is_nullish() {
            continue;
        }
        let from = vm.to_object(src)?;
        vm.root(Value::object(from));
        for key in vm.own_property_keys(from)? {
            if let Some(desc) = vm.get_own_property(from, key)?
                && desc.enumerable == Some(true)
            {
                let v = vm.get(from, key)?;
                vm.put(target, key, v, true)?;
            }
        }
    }
    Ok(Value::object(target))
}

/// ToPropertyDescriptor.
pub fn to_property_descriptor(vm: &mut Vm, v: Value) -> JsResult<PropertyDescriptor> {
    let Some(o) = v.as_object() else {
        return vm.throw(ErrorKind::Type, "Property description must be an object");
    };
    let mut d = PropertyDescriptor::default();
    let field = |vm: &mut Vm, name| -> JsResult<Option<Value>> {
        let key = PropertyKey::Atom(name);
        if vm.has_property(o, key)? {
            Ok(Some(vm.get(o, key)?))
        } else {
            Ok(None)
        }
    };
    if let Some(e) = field(vm, names::ENUMERABLE)? {
        d.enumerable = Some(vm.to_boolean(e));
    }
    if let Some(c) = field(vm, names::CONFIGURABLE)? {
        d.configurable = Some(vm.to_boolean(c));
    }
    if let Some(v) = field(vm, names::VALUE)? {
        d.value = Some(v);
    }
    if let Some(w) = field(vm, names::WRITABLE)? {
        d.writable = Some(vm.to_boolean(w));
    }
    if let Some(g) = field(vm, names::GET)? {
        if !g.is_undefined() && !vm.is_callable(g) {
            return vm.throw(ErrorKind::Type, "Getter must be a function");
        }
        d.get = Some(g);
    }
    if let Some(s) = field(vm, names::SET)? {
        if !s.is_undefined() && !vm.is_callable(s) {
            return vm.throw(ErrorKind::Type, "Setter must be a function");
        }
        d.set = Some(s);
    }
    if (d.get.is_some() || d.set.is_some()) && (d.value.is_some() || d.writable.is_some()) {
        return vm.throw(ErrorKind::Type, "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute");
    }
    Ok(d)
}

/// FromPropertyDescriptor.
pub fn from_property_descriptor(vm: &mut Vm, d: Option<PropertyDescriptor>) -> Value {
    let Some(d) = d else { return Value::UNDEFINED };
    let o = vm.new_object();
    if let Some(v) = d.value {
        o.define_own(PropertyKey::Atom(names::VALUE), v, Attributes::DEFAULT);
    }
    if let Some(w) = d.writable {
        o.define_own(
            PropertyKey::Atom(names::WRITABLE),
            Value::bool(w),
            Attributes::DEFAULT,
        );
    }
    if let Some(g) = d.get {
        o.define_own(PropertyKey::Atom(names::GET), g, Attributes::DEFAULT);
    }
    if let Some(s) = d.set {
        o.define_own(PropertyKey::Atom(names::SET), s, Attributes::DEFAULT);
    }
    if let Some(e) = d.enumerable {
        o.define_own(
            PropertyKey::Atom(names::ENUMERABLE),
            Value::bool(e),
            Attributes::DEFAULT,
        );
    }
    if let Some(c) = d.configurable {
        o.define_own(
            PropertyKey::Atom(names::CONFIGURABLE),
            Value::bool(c),
            Attributes::DEFAULT,
        );
    }
    Value::object(o)
}

fn define_property(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "Object.defineProperty called on non-object",
        );
    };
    let key = vm.to_property_key(arg(args, 1))?;
    let desc = to_property_descriptor(vm, arg(args, 2))?;
    vm.define_property_or_throw(o, key, desc)?;
    Ok(Value::object(o))
}

fn object_define_properties(vm: &mut Vm, o: Gc<JsObject>, props: Value) -> JsResult<()> {
    let props = vm.to_object(props)?;
    vm.root(Value::object(props));
    let mut descs = Vec::new();
    for key in vm.own_property_keys(props)? {
        if let Some(pd) = vm.get_own_property(props, key)?
            && pd.enumerable == Some(true)
        {
            let dv = vm.get(props, key)?;
            vm.root(dv);
            let d = to_property_descriptor(vm, dv)?;
            descs.push((key, d));
        }
    }
    for (key, d) in descs {
        vm.define_property_or_throw(o, key, d)?;
    }
    Ok(())
}

fn define_properties(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "Object.defineProperties called on non-object",
        );
    };
    object_define_properties(vm, o, arg(args, 1))?;
    Ok(Value::object(o))
}

fn own_keys_of(vm: &mut Vm, v: Value, symbols: bool) -> JsResult<Value> {
    let o = vm.to_object(v)?;
    let keys = vm.own_property_keys(o)?;
    let list: Vec<Value> = keys
        .into_iter()
        .filter(|k| k.is_symbol() == symbols)
        .map(|k| vm.key_to_value(k))
        .collect();
    Ok(Value::object(vm.new_array_from(&list)))
}

fn get_own_property_names(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    own_keys_of(vm, arg(args, 0), false)
}

fn get_own_property_symbols(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    own_keys_of(vm, arg(args, 0), true)
}

fn get_own_property_descriptor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let key = vm.to_property_key(arg(args, 1))?;
    let d = vm.get_own_property(o, key)?;
    Ok(from_property_descriptor(vm, d))
}

fn get_own_property_descriptors(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    _: Value,
) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let result = vm.new_object();
    vm.root(Value::object(result));
    for key in vm.own_property_keys(o)? {
        let d = vm.get_own_property(o, key)?;
        let dv = from_property_descriptor(vm, d);
        if !dv.is_undefined() {
            vm.create_data_property(result, key, dv)?;
        }
    }
    Ok(Value::object(result))
}

/// SetIntegrityLevel (frozen or sealed).
pub fn set_integrity_level(vm: &mut Vm, o: Gc<JsObject>, frozen: bool) -> JsResult<bool> {
    if !vm.prevent_extensions(o)? {
        return Ok(false);
    }
    for key in vm.own_property_keys(o)? {
        let desc = if frozen {
            match vm.get_own_property(o, key)? {
                Some(cur) if cur.is_accessor_descriptor() => PropertyDescriptor {
                    configurable: Some(false),
                    ..Default::default()
                },
                Some(_) => PropertyDescriptor {
                    configurable: Some(false),
                    writable: Some(false),
                    ..Default::default()
                },
                None => continue,
            }
        } else {
            PropertyDescriptor {
                configurable: Some(false),
                ..Default::default()
            }
        };
        vm.define_property_or_throw(o, key, desc)?;
    }
    Ok(true)
}

/// TestIntegrityLevel.
fn test_integrity_level(vm: &mut Vm, o: Gc<JsObject>, frozen: bool) -> JsResult<bool> {
    if vm.is_extensible(o)? {
        return Ok(false);
    }
    for key in vm.own_property_keys(o)? {
        if let Some(d) = vm.get_own_property(o, key)? {
            if d.configurable == Some(true) {
                return Ok(false);
            }
            if frozen && d.is_data_descriptor() && d.writable == Some(true) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

fn freeze(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = arg(args, 0);
    if let Some(o) = v.as_object()
        && !set_integrity_level(vm, o, true)?
    {
        return vm.throw(ErrorKind::Type, "Cannot freeze");
    }
    Ok(v)
}

fn seal(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = arg(args, 0);
    if let Some(o) = v.as_object()
        && !set_integrity_level(vm, o, false)?
    {
        return vm.throw(ErrorKind::Type, "Cannot seal");
    }
    Ok(v)
}

fn prevent_extensions(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = arg(args, 0);
    if let Some(o) = v.as_object()
        && !vm.prevent_extensions(o)?
    {
        return vm.throw(ErrorKind::Type, "Cannot prevent extensions");
    }
    Ok(v)
}

fn is_frozen(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    match arg(args, 0).as_object() {
        Some(o) => Ok(Value::bool(test_integrity_level(vm, o, true)?)),
        None => Ok(Value::TRUE),
    }
}

fn is_sealed(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    match arg(args, 0).as_object() {
        Some(o) => Ok(Value::bool(test_integrity_level(vm, o, false)?)),
        None => Ok(Value::TRUE),
    }
}

fn is_extensible(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    match arg(args, 0).as_object() {
        Some(o) => Ok(Value::bool(vm.is_extensible(o)?)),
        None => Ok(Value::FALSE),
    }
}

fn is(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(crate::interpreter::same_value(
        arg(args, 0),
        arg(args, 1),
    )))
}

fn from_entries(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return vm.throw(ErrorKind::Type, "Object.fromEntries requires an iterable");
    }
    let o = vm.new_object();
    vm.root(Value::object(o));
    let record = vm.get_iterator_value(iterable, false)?;
    vm.root(record);
    while let Some(entry) = vm.iterator_step_value(record)? {
        let result = (|| -> JsResult<()> {
            let Some(e) = entry.as_object() else {
                return vm.throw(ErrorKind::Type, "Iterator value is not an entry object");
            };
            let k = vm.get(e, PropertyKey::Index(0))?;
            let v = vm.get(e, PropertyKey::Index(1))?;
            let key = vm.to_property_key(k)?;
            vm.create_data_property(o, key, v)?;
            Ok(())
        })();
        if let Err(e) = result {
            vm.iterator_close_value(record, true)?;
            return Err(e);
        }
    }
    Ok(Value::object(o))
}

fn has_own(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(arg(args, 0))?;
    let key = vm.to_property_key(arg(args, 1))?;
    Ok(Value::bool(vm.has_own_property(o, key)?))
}

fn group_by(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (items, callback) = (arg(args, 0), arg(args, 1));
    if items.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            "Object.groupBy called on null or undefined",
        );
    }
    if !vm.is_callable(callback) {
        return vm.throw(ErrorKind::Type, "callback is not a function");
    }
    let values = vm.iterate_to_vec(items)?;
    let result = vm.alloc_object(Value::NULL, ObjectKind::Ordinary);
    vm.root(Value::object(result));
    for (i, v) in values.into_iter().enumerate() {
        let k = vm.call(callback, Value::UNDEFINED, &[v, Value::number(i as f64)])?;
        let key = vm.to_property_key(k)?;
        let group = match result.get_own(key) {
            Some((g, _)) => g.as_object().expect("group array"),
            None => {
                let g = vm.new_array_from(&[]);
                result.define_own(key, Value::object(g), Attributes::DEFAULT);
                g
            }
        };
        group.push_element(v);
    }
    Ok(Value::object(result))
}

fn has_own_property(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let key = vm.to_property_key(arg(args, 0))?;
    let o = vm.to_object(this)?;
    Ok(Value::bool(vm.has_own_property(o, key)?))
}

fn is_prototype_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(mut v) = arg(args, 0).as_object() else {
        return Ok(Value::FALSE);
    };
    let o = vm.to_object(this)?;
    loop {
        match vm.get_prototype_of(v)?.as_object() {
            None => return Ok(Value::FALSE),
            Some(p) if p == o => return Ok(Value::TRUE),
            Some(p) => v = p,
        }
    }
}

fn property_is_enumerable(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let key = vm.to_property_key(arg(args, 0))?;
    let o = vm.to_object(this)?;
    Ok(Value::bool(
        vm.get_own_property(o, key)?
            .is_some_and(|d| d.enumerable == Some(true)),
    ))
}

/// Object.prototype.toString.
pub fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if this.is_undefined() {
        return Ok(vm.string_value("[object Undefined]"));
    }
    if this.is_null() {
        return Ok(vm.string_value("[object Null]"));
    }
    let o = vm.to_object(this)?;
    let builtin_tag = if crate::builtins::array::is_array(vm, Value::object(o))? {
        "Array"
    } else {
        match &o.kind {
            ObjectKind::Arguments => "Arguments",
            ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) => "Function",
            ObjectKind::Error => "Error",
            ObjectKind::Boolean(_) => "Boolean",
            ObjectKind::Number(_) => "Number",
            ObjectKind::String(_) => "String",
            _ if vm.is_callable(Value::object(o)) => "Function",
            ObjectKind::Builtin(b) => match b.class_name() {
                "Date" => "Date",
                "RegExp" => "RegExp",
                _ => "Object",
            },
            _ => "Object",
        }
    };
    let tag = vm.get(o, PropertyKey::Atom(symbols::TO_STRING_TAG))?;
    let tag = match tag.as_string() {
        Some(s) => s.to_rust_string(),
        None => builtin_tag.to_string(),
    };
    Ok(vm.string_value(&format!("[object {tag}]")))
}

fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let f = vm.get_value(this, PropertyKey::Atom(names::TO_STRING))?;
    vm.call(f, this, &[])
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::object(vm.to_object(this)?))
}

fn define_accessor_legacy(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    getter: bool,
) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let f = arg(args, 1);
    if !vm.is_callable(f) {
        return vm.throw(ErrorKind::Type, "accessor must be a function");
    }
    let key = vm.to_property_key(arg(args, 0))?;
    let mut d = PropertyDescriptor {
        enumerable: Some(true),
        configurable: Some(true),
        ..Default::default()
    };
    if getter {
        d.get = Some(f);
    } else {
        d.set = Some(f);
    }
    vm.define_property_or_throw(o, key, d)?;
    Ok(Value::UNDEFINED)
}

fn define_getter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    define_accessor_legacy(vm, this, args, true)
}

fn define_setter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    define_accessor_legacy(vm, this, args, false)
}

fn lookup_accessor(vm: &mut Vm, this: Value, args: &[Value], getter: bool) -> JsResult<Value> {
    let mut o = vm.to_object(this)?;
    let key = vm.to_property_key(arg(args, 0))?;
    loop {
        if let Some(d) = vm.get_own_property(o, key)? {
            if d.is_accessor_descriptor() {
                return Ok(if getter { d.get } else { d.set }.unwrap_or(Value::UNDEFINED));
            }
            return Ok(Value::UNDEFINED);
        }
        match vm.get_prototype_of(o)?.as_object() {
            Some(p) => o = p,
            None => return Ok(Value::UNDEFINED),
        }
    }
}

fn lookup_getter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lookup_accessor(vm, this, args, true)
}

fn lookup_setter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    lookup_accessor(vm, this, args, false)
}

fn proto_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    vm.get_prototype_of(o)
}

fn proto_setter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            "Object.prototype.__proto__ called on null or undefined",
        );
    }
    let proto = arg(args, 0);
    if !proto.is_object() && !proto.is_null() {
        return Ok(Value::UNDEFINED);
    }
    let Some(o) = this.as_object() else {
        return Ok(Value::UNDEFINED);
    };
    if !vm.set_prototype_of(o, proto)? {
        return vm.throw(ErrorKind::Type, "Object.prototype.__proto__ setter failed");
    }
    Ok(Value::UNDEFINED)
}
