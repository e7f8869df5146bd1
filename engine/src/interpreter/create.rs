//! Allocation helpers: objects, arrays, strings, functions.

use super::{JsResult, Vm};
use crate::function::{NativeFn, NativeFunction};
use crate::heap::Gc;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyDescriptor, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::names;
use crate::string::{Atom, JsString};
use crate::value::{AtomicValue, Value, ValueType};

impl Vm {
    /// Allocates a cell and keeps it rooted until the current instruction
    /// or native function ends (see `handles`), so that Rust code holding
    /// it across a call into JS never sees it collected.
    pub fn alloc_cell<T: crate::heap::Trace>(&mut self, value: T) -> Gc<T> {
        let cell = self.engine.heap.alloc(self.heap_access().state(), value);
        self.handles.push(Value::internal(cell));
        cell
    }

    pub fn alloc_object(&mut self, proto: Value, kind: ObjectKind) -> Gc<JsObject> {
        self.alloc_cell(JsObject::new(proto, kind))
    }

    /// A new ordinary object inheriting from %Object.prototype%.
    pub fn new_object(&mut self) -> Gc<JsObject> {
        let proto = self.current_realm().intrinsic(Intrinsic::ObjectPrototype);
        self.alloc_object(Value::object(proto), ObjectKind::Ordinary)
    }

    /// A new array holding `values`.
    pub fn new_array_from(&mut self, values: &[Value]) -> Gc<JsObject> {
        let proto = self.current_realm().intrinsic(Intrinsic::ArrayPrototype);
        let a = self.alloc_object(Value::object(proto), ObjectKind::Array);
        for &v in values {
            a.push_element(v);
        }
        a
    }

    pub fn alloc_string(&mut self, units: Vec<u16>) -> Gc<JsString> {
        if units.is_empty() {
            return names::EMPTY.js_string();
        }
        self.engine
            .heap
            .account_external(self.heap_access().state(), units.len() * 2);
        self.alloc_cell(JsString::from_units(units))
    }

    pub fn alloc_string_str(&mut self, s: &str) -> Gc<JsString> {
        self.alloc_string(s.encode_utf16().collect())
    }

    /// A string value.
    pub fn string_value(&mut self, s: &str) -> Value {
        Value::string(self.alloc_string_str(s))
    }

    /// The string value of an atom (no allocation after the first use).
    pub fn atom_value(&self, atom: Atom) -> Value {
        Value::string(atom.js_string())
    }

    /// A wrapper object for a primitive (ToObject).
    pub fn wrap_primitive(&mut self, v: Value) -> Gc<JsObject> {
        let realm = self.current_realm();
        let (proto, kind) = match v.value_type() {
            ValueType::Boolean => (
                Intrinsic::BooleanPrototype,
                ObjectKind::Boolean(v == Value::TRUE),
            ),
            ValueType::Number => (
                Intrinsic::NumberPrototype,
                ObjectKind::Number(v.as_number().expect("number")),
            ),
            ValueType::String => (
                Intrinsic::StringPrototype,
                ObjectKind::String(v.as_string().expect("string")),
            ),
            ValueType::Symbol => (
                Intrinsic::SymbolPrototype,
                ObjectKind::Symbol(v.as_symbol().expect("symbol")),
            ),
            ValueType::BigInt => (
                Intrinsic::BigIntPrototype,
                ObjectKind::BigInt(v.as_bigint().expect("bigint")),
            ),
            _ => (Intrinsic::ObjectPrototype, ObjectKind::Ordinary),
        };
        self.alloc_object(Value::object(realm.intrinsic(proto)), kind)
    }

    /// A native function object.
    pub fn new_native(
        &mut self,
        name: Atom,
        length: u32,
        func: NativeFn,
        constructor: bool,
        data: &[Value],
    ) -> Gc<JsObject> {
        let realm = self.current_realm();
        self.new_native_in(realm, name, length, func, constructor, data)
    }

    pub fn new_native_in(
        &mut self,
        realm: Gc<Realm>,
        name: Atom,
        length: u32,
        func: NativeFn,
        constructor: bool,
        data: &[Value],
    ) -> Gc<JsObject> {
        let proto = realm.intrinsic_value(Intrinsic::FunctionPrototype);
        let native = NativeFunction {
            func,
            realm,
            constructor,
            data: data.iter().map(|&v| AtomicValue::new(v)).collect(),
        };
        let f = self.alloc_object(proto, ObjectKind::Native(Box::new(native)));
        f.define_own(
            PropertyKey::Atom(names::LENGTH),
            Value::int(length as i32),
            Attributes::CONFIGURABLE_ONLY,
        );
        let n = self.atom_value(name);
        f.define_own(
            PropertyKey::Atom(names::NAME),
            n,
            Attributes::CONFIGURABLE_ONLY,
        );
        f
    }

    /// The data captured by the running native function.
    pub fn native_data(&self, i: usize) -> Value {
        let callee = self.native_callees.last().and_then(|v| v.as_object());
        match callee.as_ref().map(|c| &c.kind) {
            Some(ObjectKind::Native(n)) => n.data.get(i).map_or(Value::UNDEFINED, |d| d.load()),
            _ => Value::UNDEFINED,
        }
    }

    /// Replaces captured datum `i` of the running native function.
    pub fn set_native_data(&self, i: usize, v: Value) {
        let callee = self.native_callees.last().and_then(|v| v.as_object());
        if let Some(ObjectKind::Native(n)) = callee.as_ref().map(|c| &c.kind)
            && let Some(d) = n.data.get(i)
        {
            d.store(v);
        }
    }

    /// The running native function object.
    pub fn active_native(&self) -> Value {
        self.native_callees
            .last()
            .copied()
            .unwrap_or(Value::UNDEFINED)
    }

    /// Defines a built-in method `name` on `obj` (writable, configurable,
    /// not enumerable).
    pub fn define_builtin(
        &mut self,
        obj: Gc<JsObject>,
        name: &str,
        length: u32,
        func: NativeFn,
    ) -> Gc<JsObject> {
        let atom = Atom::intern_str(name);
        let f = self.new_native(atom, length, func, false, &[]);
        obj.define_own(
            PropertyKey::Atom(atom),
            Value::object(f),
            Attributes::HIDDEN,
        );
        f
    }

    /// Defines a built-in method keyed by a symbol (`[Symbol.iterator]`).
    pub fn define_builtin_symbol(
        &mut self,
        obj: Gc<JsObject>,
        symbol: Atom,
        fname: &str,
        length: u32,
        func: NativeFn,
    ) -> Gc<JsObject> {
        let f = self.new_native(Atom::intern_str(fname), length, func, false, &[]);
        obj.define_own(
            PropertyKey::Atom(symbol),
            Value::object(f),
            Attributes::HIDDEN,
        );
        f
    }

    /// Defines a built-in accessor property.
    pub fn define_builtin_accessor(
        &mut self,
        obj: Gc<JsObject>,
        key: PropertyKey,
        getter: Option<NativeFn>,
        setter: Option<NativeFn>,
        enumerable: bool,
    ) {
        let name = match key {
            PropertyKey::Atom(a) if a.is_symbol() => {
                let mut t: Vec<u16> = "[".encode_utf16().collect();
                t.extend_from_slice(a.text());
                t.push(b']' as u16);
                Atom::intern(&t)
            }
            other => Atom::intern(&other.to_units()),
        };
        let prefixed = |p: &str| {
            let mut t: Vec<u16> = p.encode_utf16().collect();
            t.extend_from_slice(name.text());
            Atom::intern(&t)
        };
        let get = getter
            .map(|g| Value::object(self.new_native(prefixed("get "), 0, g, false, &[])))
            .unwrap_or(Value::UNDEFINED);
        let set = setter
            .map(|s| Value::object(self.new_native(prefixed("set "), 1, s, false, &[])))
            .unwrap_or(Value::UNDEFINED);
        let desc = PropertyDescriptor::accessor(get, set, Attributes::accessor(enumerable, true));
        let _ = self.define_own_property(obj, key, desc);
    }

    /// Defines a data property with attributes (no checks: for setting up
    /// built-ins).
    pub fn define_value(
        &mut self,
        obj: Gc<JsObject>,
        key: impl Into<PropertyKey>,
        v: Value,
        attrs: Attributes,
    ) {
        obj.define_own(key.into(), v, attrs);
    }

    /// A built-in constructor with its prototype object wired up.
    pub fn define_constructor(
        &mut self,
        global: Gc<JsObject>,
        name: &str,
        length: u32,
        func: NativeFn,
        proto: Gc<JsObject>,
    ) -> Gc<JsObject> {
        let atom = Atom::intern_str(name);
        let ctor = self.new_native(atom, length, func, true, &[]);
        ctor.define_own(
            PropertyKey::Atom(names::PROTOTYPE),
            Value::object(proto),
            Attributes::FROZEN,
        );
        proto.define_own(
            PropertyKey::Atom(names::CONSTRUCTOR),
            Value::object(ctor),
            Attributes::HIDDEN,
        );
        global.define_own(
            PropertyKey::Atom(atom),
            Value::object(ctor),
            Attributes::HIDDEN,
        );
        ctor
    }

    /// The arguments object of the running function (unmapped).
    pub(crate) fn create_arguments_object(
        &mut self,
        args: &[Value],
        callee: Value,
        strict: bool,
    ) -> Gc<JsObject> {
        let realm = self.current_realm();
        let obj = self.alloc_object(
            Value::object(realm.intrinsic(Intrinsic::ObjectPrototype)),
            ObjectKind::Arguments,
        );
        for (i, &a) in args.iter().enumerate() {
            obj.define_own(PropertyKey::Index(i as u32), a, Attributes::DEFAULT);
        }
        obj.define_own(
            PropertyKey::Atom(names::LENGTH),
            Value::int(args.len() as i32),
            Attributes::HIDDEN,
        );
        let values = realm.intrinsic_value(Intrinsic::ArrayPrototypeValues);
        obj.define_own(
            PropertyKey::Atom(crate::string::atom::symbols::ITERATOR),
            values,
            Attributes::HIDDEN,
        );
        if strict {
            let thrower = realm.intrinsic_value(Intrinsic::ThrowTypeError);
            let _ = self.define_own_property(
                obj,
                PropertyKey::Atom(names::CALLEE),
                PropertyDescriptor::accessor(thrower, thrower, Attributes::accessor(false, false)),
            );
        } else {
            obj.define_own(PropertyKey::Atom(names::CALLEE), callee, Attributes::HIDDEN);
        }
        obj
    }

    /// A JS array of strings.
    pub fn new_string_array(&mut self, items: &[String]) -> JsResult<Gc<JsObject>> {
        let values: Vec<Value> = items.iter().map(|s| self.string_value(s)).collect();
        Ok(self.new_array_from(&values))
    }
}
