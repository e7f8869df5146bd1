//! The spec's object internal methods ([[Get]], [[Set]], [[DefineOwnProperty]],
//! …) and the abstract operations built on them, for every kind of object:
//! ordinary objects go through the storage layer in `object/mod.rs`;
//! arrays, string objects and proxies add their exotic behaviour here;
//! typed arrays and module namespaces theirs through hooks in their own
//! files (`builtins/typed_array.rs`, `module/namespace.rs`).
//!
//! These need the interpreter (getters, setters and proxy traps are JS
//! calls), so they are methods of `Vm`.

use super::{
    AccessorPair, Attributes, JsObject, ObjectKind, OwnWrite, PropertyDescriptor, PropertyKey,
    flags,
};
use crate::builtins::proxy;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::module::namespace;
use crate::string::atom::names;
use crate::value::{AtomicValue, Value};

/// Reads an accessor pair out of a raw slot value.
fn accessor_pair(raw: Value) -> Option<Gc<AccessorPair>> {
    // SAFETY: slots flagged ACCESSOR only ever hold AccessorPair cells.
    unsafe { raw.as_internal::<AccessorPair>() }
}

/// A property descriptor from a storage-level (raw, attributes) pair.
pub fn descriptor_from_raw(raw: Value, attrs: Attributes) -> PropertyDescriptor {
    if attrs.is_accessor() {
        let pair = accessor_pair(raw).expect("accessor slot holds a pair");
        PropertyDescriptor::accessor(pair.getter.load(), pair.setter.load(), attrs)
    } else {
        PropertyDescriptor::data(raw, attrs)
    }
}

/// Whether an object needs the general (non-ordinary) path for own
/// property access.
fn is_exotic(o: &JsObject) -> bool {
    !matches!(
        o.kind,
        ObjectKind::Ordinary
            | ObjectKind::Function(_)
            | ObjectKind::Native(_)
            | ObjectKind::Error
            | ObjectKind::Arguments
            | ObjectKind::Boolean(_)
            | ObjectKind::Number(_)
            | ObjectKind::Symbol(_)
            | ObjectKind::BigInt(_)
            | ObjectKind::Bound(_)
    ) && !matches!(&o.kind, ObjectKind::Builtin(b) if !b.as_any().is::<proxy::ProxyState>() && !crate::builtins::typed_array::is_typed_array_state(b.as_any()) && !b.as_any().is::<namespace::NamespaceState>())
}

impl Vm {
    // ----- [[GetPrototypeOf]] / [[SetPrototypeOf]] -----

    pub fn get_prototype_of(&mut self, o: Gc<JsObject>) -> JsResult<Value> {
        if let Some(r) = proxy::get_prototype_of(self, o) {
            return r;
        }
        Ok(o.proto())
    }

    pub fn set_prototype_of(&mut self, o: Gc<JsObject>, v: Value) -> JsResult<bool> {
        if let Some(r) = proxy::set_prototype_of(self, o, v) {
            return r;
        }
        let current = o.proto();
        if current == v {
            return Ok(true);
        }
        if !o.is_extensible() {
            return Ok(false);
        }
        if o.has_flag(flags::IMMUTABLE_PROTO) {
            return Ok(false);
        }
        // Refuse cycles (stopping at proxies, as the spec does).
        let mut p = v;
        while let Some(po) = p.as_object() {
            if po == o {
                return Ok(false);
            }
            if proxy::is_proxy(po) {
                break;
            }
            p = po.proto();
        }
        o.set_proto(v);
        Ok(true)
    }

    pub fn is_extensible(&mut self, o: Gc<JsObject>) -> JsResult<bool> {
        if let Some(r) = proxy::is_extensible(self, o) {
            return r;
        }
        Ok(o.is_extensible())
    }

    pub fn prevent_extensions(&mut self, o: Gc<JsObject>) -> JsResult<bool> {
        if let Some(r) = proxy::prevent_extensions(self, o) {
            return r;
        }
        if let Some(r) = crate::builtins::typed_array::prevent_extensions(self, o) {
            return r;
        }
        o.prevent_extensions();
        Ok(true)
    }

    /// `Thread.restrict`: only the owning thread may touch a restricted
    /// object's properties; others get a ConcurrentAccessError.
    #[inline]
    pub fn check_owner(
        &mut self,
        o: Gc<JsObject>,
        key: Option<PropertyKey>,
        action: &str,
    ) -> JsResult<()> {
        if !o.has_flag(flags::RESTRICTED) {
            return Ok(());
        }
        self.check_owner_slow(o, key, action)
    }

    #[cold]
    fn check_owner_slow(
        &mut self,
        o: Gc<JsObject>,
        key: Option<PropertyKey>,
        action: &str,
    ) -> JsResult<()> {
        let Some(owner) = o.restricted_owner() else {
            return Ok(());
        };
        if owner == self.thread.id {
            return Ok(());
        }
        let what = match key {
            Some(k) => format!("{action} property '{}' of", k.to_rust_string()),
            None => format!("{action} the properties of"),
        };
        let message = format!(
            "{} may not {what} an object restricted to {}",
            crate::threads::blocking::thread_name(self.thread.id),
            crate::threads::blocking::thread_name(owner)
        );
        Err(self.make_error(crate::interpreter::ErrorKind::ConcurrentAccess, &message))
    }

    // ----- [[GetOwnProperty]] -----

    pub fn get_own_property(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
    ) -> JsResult<Option<PropertyDescriptor>> {
        self.check_owner(o, Some(key), "read")?;
        if let Some(r) = proxy::get_own_property(self, o, key) {
            return r;
        }
        if let Some(r) = crate::builtins::typed_array::get_own_property(self, o, key) {
            return r;
        }
        if let Some(r) = namespace::get_own_property(self, o, key) {
            return r;
        }
        Ok(self.ordinary_get_own_property(o, key))
    }

    /// [[GetOwnProperty]] of non-proxy objects (arrays and string objects
    /// included).
    pub fn ordinary_get_own_property(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
    ) -> Option<PropertyDescriptor> {
        match (&o.kind, key) {
            (ObjectKind::Array, PropertyKey::Atom(names::LENGTH)) => {
                let writable = !o.has_flag(flags::LENGTH_READONLY);
                return Some(PropertyDescriptor::data(
                    Value::number(o.length() as f64),
                    Attributes::new(writable, false, false),
                ));
            }
            (ObjectKind::String(s), PropertyKey::Atom(names::LENGTH)) => {
                return Some(PropertyDescriptor::data(
                    Value::int(s.len() as i32),
                    Attributes::FROZEN,
                ));
            }
            (ObjectKind::String(s), PropertyKey::Index(i)) if (i as usize) < s.len() => {
                let unit = s.units()[i as usize];
                let v = Value::string(self.alloc_string(vec![unit]));
                return Some(PropertyDescriptor::data(
                    v,
                    Attributes::new(false, true, false),
                ));
            }
            _ => {}
        }
        o.get_own(key)
            .map(|(raw, attrs)| descriptor_from_raw(raw, attrs))
    }

    // ----- [[DefineOwnProperty]] -----

    pub fn define_own_property(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        desc: PropertyDescriptor,
    ) -> JsResult<bool> {
        self.check_owner(o, Some(key), "define")?;
        if let Some(r) = proxy::define_own_property(self, o, key, desc) {
            return r;
        }
        if let Some(r) = crate::builtins::typed_array::define_own_property(self, o, key, desc) {
            return r;
        }
        if let Some(r) = namespace::define_own_property(self, o, key, desc) {
            return r;
        }
        match (&o.kind, key) {
            (ObjectKind::Array, PropertyKey::Atom(names::LENGTH)) => {
                return self.array_set_length(o, desc);
            }
            (ObjectKind::Array, PropertyKey::Index(i))
                if i >= o.length() && o.has_flag(flags::LENGTH_READONLY) =>
            {
                return Ok(false);
            }
            (ObjectKind::String(s), PropertyKey::Index(i)) if (i as usize) < s.len() => {
                let current = self.ordinary_get_own_property(o, key);
                return Ok(is_compatible(o.is_extensible(), &desc, current.as_ref()));
            }
            (ObjectKind::String(_), PropertyKey::Atom(names::LENGTH)) => {
                let current = self.ordinary_get_own_property(o, key);
                return Ok(is_compatible(false, &desc, current.as_ref()));
            }
            _ => {}
        }
        let current = self.ordinary_get_own_property(o, key);
        Ok(self.validate_and_apply(o, key, o.is_extensible(), desc, current))
    }

    /// ValidateAndApplyPropertyDescriptor on storage.
    fn validate_and_apply(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        extensible: bool,
        desc: PropertyDescriptor,
        current: Option<PropertyDescriptor>,
    ) -> bool {
        let Some(current) = current else {
            if !extensible {
                return false;
            }
            if desc.is_accessor_descriptor() {
                let pair = self.new_accessor_pair(
                    desc.get.unwrap_or(Value::UNDEFINED),
                    desc.set.unwrap_or(Value::UNDEFINED),
                );
                o.define_own(
                    key,
                    pair,
                    Attributes::accessor(
                        desc.enumerable == Some(true),
                        desc.configurable == Some(true),
                    ),
                );
            } else {
                let attrs = Attributes::new(
                    desc.writable == Some(true),
                    desc.enumerable == Some(true),
                    desc.configurable == Some(true),
                );
                o.define_own(key, desc.value.unwrap_or(Value::UNDEFINED), attrs);
            }
            return true;
        };
        if !is_compatible(extensible, &desc, Some(&current)) {
            return false;
        }
        let enumerable = desc.enumerable.or(current.enumerable).unwrap_or(false);
        let configurable = desc.configurable.or(current.configurable).unwrap_or(false);
        if desc.is_accessor_descriptor()
            || (current.is_accessor_descriptor() && !desc.is_data_descriptor())
        {
            let (get, set) = if current.is_accessor_descriptor() {
                (
                    desc.get.or(current.get).unwrap_or(Value::UNDEFINED),
                    desc.set.or(current.set).unwrap_or(Value::UNDEFINED),
                )
            } else {
                (
                    desc.get.unwrap_or(Value::UNDEFINED),
                    desc.set.unwrap_or(Value::UNDEFINED),
                )
            };
            let pair = self.new_accessor_pair(get, set);
            o.define_own(key, pair, Attributes::accessor(enumerable, configurable));
        } else {
            let (value, writable) = if current.is_data_descriptor() {
                (
                    desc.value.or(current.value).unwrap_or(Value::UNDEFINED),
                    desc.writable.or(current.writable).unwrap_or(false),
                )
            } else {
                (
                    desc.value.unwrap_or(Value::UNDEFINED),
                    desc.writable.unwrap_or(false),
                )
            };
            o.define_own(
                key,
                value,
                Attributes::new(writable, enumerable, configurable),
            );
        }
        true
    }

    fn new_accessor_pair(&mut self, get: Value, set: Value) -> Value {
        let pair = AccessorPair {
            getter: AtomicValue::new(get),
            setter: AtomicValue::new(set),
        };
        Value::internal(self.alloc_cell(pair))
    }

    /// ArraySetLength.
    fn array_set_length(&mut self, a: Gc<JsObject>, desc: PropertyDescriptor) -> JsResult<bool> {
        let Some(value) = desc.value else {
            if desc.is_accessor_descriptor()
                || desc.configurable == Some(true)
                || desc.enumerable == Some(true)
            {
                return Ok(false);
            }
            if desc.writable == Some(true) && a.has_flag(flags::LENGTH_READONLY) {
                return Ok(false);
            }
            if desc.writable == Some(false) {
                a.set_flag(flags::LENGTH_READONLY, true);
            }
            return Ok(true);
        };
        let new_len = self.to_uint32(value)?;
        let number_len = self.to_number(value)?;
        if new_len as f64 != number_len {
            return Err(self.make_error(ErrorKind::Range, "Invalid array length"));
        }
        if desc.is_accessor_descriptor()
            || desc.configurable == Some(true)
            || desc.enumerable == Some(true)
        {
            return Ok(false);
        }
        let readonly = a.has_flag(flags::LENGTH_READONLY);
        if readonly && desc.writable == Some(true) {
            return Ok(false);
        }
        if readonly {
            return Ok(new_len == a.length());
        }
        let reached = a.set_array_length(new_len);
        if desc.writable == Some(false) {
            a.set_flag(flags::LENGTH_READONLY, true);
        }
        Ok(reached == new_len)
    }

    // ----- [[HasProperty]] -----

    pub fn has_property(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
        let mut current = o;
        loop {
            self.check_owner(current, Some(key), "read")?;
            if let Some(r) = proxy::has_property(self, current, key) {
                return r;
            }
            if let Some(r) = crate::builtins::typed_array::has_property(self, current, key) {
                return r;
            }
            if let Some(r) = namespace::has_property(current, key) {
                return Ok(r);
            }
            if self.has_own_fast(current, key) {
                return Ok(true);
            }
            match current.proto().as_object() {
                Some(p) => current = p,
                None => return Ok(false),
            }
        }
    }

    /// Own-property existence without building a descriptor.
    fn has_own_fast(&mut self, o: Gc<JsObject>, key: PropertyKey) -> bool {
        match (&o.kind, key) {
            (ObjectKind::Array, PropertyKey::Atom(names::LENGTH)) => true,
            (ObjectKind::String(_), PropertyKey::Atom(names::LENGTH)) => true,
            (ObjectKind::String(s), PropertyKey::Index(i)) if (i as usize) < s.len() => true,
            _ => o.get_own(key).is_some(),
        }
    }

    pub fn has_own_property(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
        if proxy::is_proxy(o)
            || crate::builtins::typed_array::is_typed_array(o)
            || namespace::is_namespace(&o)
        {
            return Ok(self.get_own_property(o, key)?.is_some());
        }
        Ok(self.has_own_fast(o, key))
    }

    // ----- [[Get]] -----

    /// [[Get]]. The result stays rooted until the current instruction or
    /// native function ends (a later getter could otherwise make it
    /// unreachable while Rust code holds it).
    pub fn get(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<Value> {
        let v = self.get_with_receiver(o, key, Value::object(o))?;
        self.handles.push(v);
        Ok(v)
    }

    pub fn get_with_receiver(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        receiver: Value,
    ) -> JsResult<Value> {
        let mut current = o;
        loop {
            self.check_owner(current, Some(key), "read")?;
            if is_exotic(&current) {
                if let Some(r) = proxy::get(self, current, key, receiver) {
                    return r;
                }
                if let Some(r) = crate::builtins::typed_array::get(self, current, key, receiver) {
                    return r;
                }
                if let Some(r) = namespace::get(self, current, key) {
                    return r;
                }
                if let Some(desc) = self.ordinary_get_own_property(current, key) {
                    return self.descriptor_value(desc, receiver);
                }
            } else if let Some((raw, attrs)) = current.get_own(key) {
                if !attrs.is_accessor() {
                    return Ok(raw);
                }
                let getter = accessor_pair(raw).expect("accessor pair").getter.load();
                if getter.is_undefined() {
                    return Ok(Value::UNDEFINED);
                }
                return self.call(getter, receiver, &[]);
            }
            match current.proto().as_object() {
                Some(p) => current = p,
                None => return Ok(Value::UNDEFINED),
            }
        }
    }

    fn descriptor_value(&mut self, desc: PropertyDescriptor, receiver: Value) -> JsResult<Value> {
        if desc.is_accessor_descriptor() {
            let getter = desc.get.unwrap_or(Value::UNDEFINED);
            if getter.is_undefined() {
                return Ok(Value::UNDEFINED);
            }
            return self.call(getter, receiver, &[]);
        }
        Ok(desc.value.unwrap_or(Value::UNDEFINED))
    }

    /// GetV: property lookup on any value (primitives use their prototype).
    pub fn get_value(&mut self, v: Value, key: PropertyKey) -> JsResult<Value> {
        if let Some(o) = v.as_object() {
            return self.get(o, key);
        }
        if let Some(s) = v.as_string() {
            match key {
                PropertyKey::Atom(names::LENGTH) => return Ok(Value::int(s.len() as i32)),
                PropertyKey::Index(i) if (i as usize) < s.len() => {
                    let unit = s.units()[i as usize];
                    return Ok(Value::string(self.alloc_string(vec![unit])));
                }
                _ => {}
            }
        }
        let proto = self.primitive_prototype(v)?;
        self.get_with_receiver(proto, key, v)
    }

    /// The prototype a primitive's properties come from.
    pub fn primitive_prototype(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        use crate::realm::Intrinsic::*;
        use crate::value::ValueType;
        let realm = self.current_realm();
        Ok(match v.value_type() {
            ValueType::String => realm.intrinsic(StringPrototype),
            ValueType::Number => realm.intrinsic(NumberPrototype),
            ValueType::Boolean => realm.intrinsic(BooleanPrototype),
            ValueType::Symbol => realm.intrinsic(SymbolPrototype),
            ValueType::BigInt => realm.intrinsic(BigIntPrototype),
            _ => {
                let what = if v.is_null() { "null" } else { "undefined" };
                return Err(self.make_error(
                    ErrorKind::Type,
                    &format!("Cannot read properties of {what}"),
                ));
            }
        })
    }

    // ----- [[Set]] -----

    /// [[Set]]: returns whether the assignment succeeded.
    pub fn set(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        v: Value,
        receiver: Value,
    ) -> JsResult<bool> {
        self.check_owner(o, Some(key), "write")?;
        let receiver_is_o = receiver == Value::object(o);
        if receiver_is_o && !is_exotic(&o) {
            match o.write_own(key, v) {
                OwnWrite::Written => return Ok(true),
                OwnWrite::ReadOnly => return Ok(false),
                OwnWrite::Accessor(raw) => {
                    let setter = accessor_pair(raw).map_or(Value::UNDEFINED, |p| p.setter.load());
                    if setter.is_undefined() {
                        return Ok(false);
                    }
                    self.call(setter, receiver, &[v])?;
                    return Ok(true);
                }
                OwnWrite::Absent => {}
            }
        } else if let Some(r) = proxy::set(self, o, key, v, receiver) {
            return r;
        } else if let Some(r) = crate::builtins::typed_array::set(self, o, key, v, receiver) {
            return r;
        } else if let Some(r) = namespace::set(o) {
            return Ok(r);
        }
        // Find the property along the prototype chain.
        let mut current = o;
        let own = loop {
            if is_exotic(&current)
                && current != o
                && (proxy::is_proxy(current)
                    || crate::builtins::typed_array::is_typed_array(current)
                    || namespace::is_namespace(&current))
            {
                return self.set(current, key, v, receiver);
            }
            if let Some(desc) = self.ordinary_get_own_property(current, key) {
                break Some(desc);
            }
            match current.proto().as_object() {
                Some(p) => current = p,
                None => break None,
            }
        };
        match own {
            Some(desc) if desc.is_accessor_descriptor() => {
                let setter = desc.set.unwrap_or(Value::UNDEFINED);
                if setter.is_undefined() {
                    return Ok(false);
                }
                self.call(setter, receiver, &[v])?;
                Ok(true)
            }
            Some(desc) if desc.writable == Some(false) => Ok(false),
            _ => {
                let Some(r) = receiver.as_object() else {
                    return Ok(false);
                };
                match self.get_own_property(r, key)? {
                    Some(existing) => {
                        if existing.is_accessor_descriptor() || existing.writable == Some(false) {
                            return Ok(false);
                        }
                        self.define_own_property(
                            r,
                            key,
                            PropertyDescriptor {
                                value: Some(v),
                                ..Default::default()
                            },
                        )
                    }
                    None => self.create_data_property(r, key, v),
                }
            }
        }
    }

    /// Set(O, P, V, Throw) with O as receiver.
    pub fn put(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        v: Value,
        throw: bool,
    ) -> JsResult<()> {
        let ok = self.set(o, key, v, Value::object(o))?;
        if !ok && throw {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot assign to read only property '{}'",
                    key.to_rust_string()
                ),
            ));
        }
        Ok(())
    }

    /// CreateDataProperty.
    pub fn create_data_property(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        v: Value,
    ) -> JsResult<bool> {
        if !is_exotic(&o) && !matches!(o.kind, ObjectKind::Array) {
            if let Some((_, attrs)) = o.get_own(key) {
                if !attrs.configurable() {
                    return Ok(false);
                }
            } else if !o.is_extensible() {
                return Ok(false);
            }
            o.define_own(key, v, Attributes::DEFAULT);
            return Ok(true);
        }
        self.define_own_property(o, key, PropertyDescriptor::data(v, Attributes::DEFAULT))
    }

    pub fn create_data_property_or_throw(
        &mut self,
        o: Value,
        key: PropertyKey,
        v: Value,
    ) -> JsResult<()> {
        let Some(obj) = o.as_object() else {
            return Ok(());
        };
        if !self.create_data_property(obj, key, v)? {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!("Cannot define property '{}'", key.to_rust_string()),
            ));
        }
        Ok(())
    }

    pub fn define_property_or_throw(
        &mut self,
        o: Gc<JsObject>,
        key: PropertyKey,
        desc: PropertyDescriptor,
    ) -> JsResult<()> {
        if !self.define_own_property(o, key, desc)? {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!("Cannot redefine property: {}", key.to_rust_string()),
            ));
        }
        Ok(())
    }

    // ----- [[Delete]] -----

    pub fn delete_property(&mut self, o: Gc<JsObject>, key: PropertyKey) -> JsResult<bool> {
        self.check_owner(o, Some(key), "delete")?;
        if let Some(r) = proxy::delete_property(self, o, key) {
            return r;
        }
        if let Some(r) = crate::builtins::typed_array::delete_property(self, o, key) {
            return r;
        }
        if let Some(r) = namespace::delete_property(o, key) {
            return Ok(r);
        }
        match self.ordinary_get_own_property(o, key) {
            None => Ok(true),
            Some(d) if d.configurable == Some(true) => {
                o.delete_own(key);
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }

    // ----- [[OwnPropertyKeys]] -----

    pub fn own_property_keys(&mut self, o: Gc<JsObject>) -> JsResult<Vec<PropertyKey>> {
        self.check_owner(o, None, "list")?;
        if let Some(r) = proxy::own_property_keys(self, o) {
            return r;
        }
        if let Some(keys) = crate::builtins::typed_array::own_property_keys(o) {
            return Ok(keys);
        }
        if let Some(keys) = namespace::own_property_keys(o) {
            return Ok(keys);
        }
        Ok(self.ordinary_own_keys(o))
    }

    fn ordinary_own_keys(&self, o: Gc<JsObject>) -> Vec<PropertyKey> {
        match &o.kind {
            ObjectKind::String(s) => {
                let mut keys: Vec<PropertyKey> =
                    (0..s.len() as u32).map(PropertyKey::Index).collect();
                let rest = o.own_keys();
                keys.extend(
                    rest.iter()
                        .copied()
                        .filter(|k| matches!(k, PropertyKey::Index(_))),
                );
                keys.sort_by_key(|k| k.as_index().unwrap_or(u32::MAX));
                keys.dedup();
                keys.push(PropertyKey::Atom(names::LENGTH));
                keys.extend(
                    rest.into_iter()
                        .filter(|k| !matches!(k, PropertyKey::Index(_))),
                );
                keys
            }
            ObjectKind::Array => {
                let mut keys = o.own_keys();
                let first_named = keys
                    .iter()
                    .position(|k| !matches!(k, PropertyKey::Index(_)))
                    .unwrap_or(keys.len());
                keys.insert(first_named, PropertyKey::Atom(names::LENGTH));
                keys
            }
            _ => o.own_keys(),
        }
    }

    // ----- helpers -----

    /// GetMethod: undefined/null → None; non-callable → TypeError.
    pub fn get_method(&mut self, v: Value, key: PropertyKey) -> JsResult<Option<Value>> {
        let f = self.get_value(v, key)?;
        if f.is_nullish() {
            return Ok(None);
        }
        if !self.is_callable(f) {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!("{} is not a function", key.to_rust_string()),
            ));
        }
        Ok(Some(f))
    }

    /// LengthOfArrayLike.
    pub fn length_of_array_like(&mut self, o: Gc<JsObject>) -> JsResult<u64> {
        if matches!(o.kind, ObjectKind::Array) {
            return Ok(o.length() as u64);
        }
        let len = self.get(o, PropertyKey::Atom(names::LENGTH))?;
        Ok(self.to_length(len)? as u64)
    }

    /// CreateListFromArrayLike.
    pub fn list_from_array_like(&mut self, v: Value) -> JsResult<Vec<Value>> {
        let Some(o) = v.as_object() else {
            return Err(self.make_error(
                ErrorKind::Type,
                "CreateListFromArrayLike called on non-object",
            ));
        };
        let len = self.length_of_array_like(o)?;
        if len > 10_000_000 {
            return Err(self.make_error(ErrorKind::Range, "Too many arguments"));
        }
        let mut out = Vec::with_capacity(len as usize);
        for i in 0..len {
            out.push(self.get(o, PropertyKey::from(i as u32))?);
        }
        Ok(out)
    }

    /// The key for an array index that may exceed u32 (for generic array
    /// methods on array-likes).
    pub fn index_key(i: u64) -> PropertyKey {
        if i < u32::MAX as u64 {
            PropertyKey::Index(i as u32)
        } else {
            PropertyKey::from_f64(i as f64)
        }
    }
}

/// IsCompatiblePropertyDescriptor (ValidateAndApplyPropertyDescriptor's
/// checks).
pub fn is_compatible(
    extensible: bool,
    desc: &PropertyDescriptor,
    current: Option<&PropertyDescriptor>,
) -> bool {
    use crate::interpreter::same_value;
    let Some(current) = current else {
        return extensible;
    };
    if current.configurable == Some(false) {
        if desc.configurable == Some(true) {
            return false;
        }
        if let Some(e) = desc.enumerable
            && Some(e) != current.enumerable
        {
            return false;
        }
        if !desc.is_generic_descriptor()
            && desc.is_accessor_descriptor() != current.is_accessor_descriptor()
        {
            return false;
        }
        if current.is_accessor_descriptor() {
            if let Some(g) = desc.get
                && !same_value(g, current.get.unwrap_or(Value::UNDEFINED))
            {
                return false;
            }
            if let Some(s) = desc.set
                && !same_value(s, current.set.unwrap_or(Value::UNDEFINED))
            {
                return false;
            }
        } else if current.writable == Some(false) {
            if desc.writable == Some(true) {
                return false;
            }
            if let Some(v) = desc.value
                && !same_value(v, current.value.unwrap_or(Value::UNDEFINED))
            {
                return false;
            }
        }
    }
    true
}
