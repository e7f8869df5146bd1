//! Property operations as bytecode performs them: inline-cached named
//! access, element access, super, private names, and literal definitions.

use super::{ErrorKind, JsResult, Vm};
use crate::bytecode::{Code, ConstIdx};
use crate::heap::Gc;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyDescriptor, PropertyKey};
use crate::string::Atom;
use crate::string::atom::names;
use crate::value::Value;

impl Vm {
    /// GetProp's slow path: full [[Get]], then cache an own data property.
    pub(crate) fn get_prop_ic(
        &mut self,
        code: &Code,
        o: Value,
        name: ConstIdx,
        ic: u32,
    ) -> JsResult<Value> {
        let key = self.constant_key(code, name);
        let Some(obj) = o.as_object() else {
            if o.is_nullish() {
                return Err(self.make_error(
                    ErrorKind::Type,
                    &format!(
                        "Cannot read properties of {} (reading '{}')",
                        if o.is_null() { "null" } else { "undefined" },
                        key.to_rust_string()
                    ),
                ));
            }
            return self.get_value(o, key);
        };
        if matches!(
            obj.kind,
            ObjectKind::Ordinary
                | ObjectKind::Function(_)
                | ObjectKind::Native(_)
                | ObjectKind::Error
        ) && let PropertyKey::Atom(_) = key
        {
            let shape = obj.shape();
            if let Some(info) = shape.lookup(key)
                && !info.attrs.is_accessor()
            {
                code.ic[ic as usize].set(shape.0, info.slot);
            }
        }
        self.get(obj, key)
    }

    /// SetProp's slow path.
    pub(crate) fn set_prop_ic(
        &mut self,
        code: &Code,
        o: Value,
        name: ConstIdx,
        ic: u32,
        v: Value,
    ) -> JsResult<()> {
        let key = self.constant_key(code, name);
        let Some(obj) = o.as_object() else {
            return self.set_on_primitive(o, key, v, code.flags.strict);
        };
        let ok = self.set(obj, key, v, o)?;
        if !ok {
            if code.flags.strict {
                return Err(self.read_only_error(obj, key));
            }
            return Ok(());
        }
        if matches!(
            obj.kind,
            ObjectKind::Ordinary | ObjectKind::Function(_) | ObjectKind::Error
        ) && let PropertyKey::Atom(_) = key
        {
            let shape = obj.shape();
            if let Some(info) = shape.lookup(key)
                && !info.attrs.is_accessor()
                && info.attrs.writable()
            {
                code.ic[ic as usize].set(shape.0, info.slot);
            }
        }
        Ok(())
    }

    fn set_on_primitive(
        &mut self,
        o: Value,
        key: PropertyKey,
        v: Value,
        strict: bool,
    ) -> JsResult<()> {
        if o.is_nullish() {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot set properties of {} (setting '{}')",
                    if o.is_null() { "null" } else { "undefined" },
                    key.to_rust_string()
                ),
            ));
        }
        let proto = self.primitive_prototype(o)?;
        let ok = self.set(proto, key, v, o)?;
        if !ok && strict {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot create property '{}' on primitive",
                    key.to_rust_string()
                ),
            ));
        }
        Ok(())
    }

    /// `o[k]`.
    pub(crate) fn get_elem(&mut self, o: Value, k: Value) -> JsResult<Value> {
        if let (Some(obj), Some(i)) = (o.as_object(), k.as_int())
            && i >= 0
            && matches!(obj.kind, ObjectKind::Array)
            && !obj.has_flag(crate::object::flags::RESTRICTED)
            && let Some((v, attrs)) = obj.get_element(i as u32)
            && !attrs.is_accessor()
        {
            return Ok(v);
        }
        if o.is_nullish() {
            return Err(self.nullish_base_error(o, k, "read properties", "reading"));
        }
        let key = self.to_property_key(k)?;
        self.get_value(o, key)
    }

    /// The TypeError of `o[k]` or `o[k] = v` on null or undefined. The base
    /// is checked before the key is converted (the spec's order), so the
    /// message shows a key that is an object without calling into it.
    /// A failed strict-mode assignment, in V8's words: a read-only
    /// property, or a new one on an object that is not extensible.
    pub(crate) fn read_only_error(&mut self, obj: Gc<JsObject>, key: PropertyKey) -> Value {
        let label = self.object_label(obj);
        let name = key.to_rust_string();
        // (A proxy or a setter-less accessor on the chain reads as read-only.)
        let message = if obj.get_own(key).is_none() && !obj.is_extensible() {
            format!("Cannot add property {name}, object is not extensible")
        } else {
            format!("Cannot assign to read only property '{name}' of object '{label}'")
        };
        self.make_error(ErrorKind::Type, &message)
    }

    fn nullish_base_error(&mut self, o: Value, k: Value, what: &str, doing: &str) -> Value {
        let base = if o.is_null() { "null" } else { "undefined" };
        let key = if k.is_object() {
            "<object>".to_string()
        } else if let Some(s) = k.as_string() {
            s.to_rust_string()
        } else {
            self.describe_for_error(k)
        };
        self.make_error(
            ErrorKind::Type,
            &format!("Cannot {what} of {base} ({doing} '{key}')"),
        )
    }

    /// `o[k] = v`.
    pub(crate) fn set_elem(&mut self, o: Value, k: Value, v: Value, strict: bool) -> JsResult<()> {
        if let (Some(obj), Some(i)) = (o.as_object(), k.as_int())
            && i >= 0
            && matches!(obj.kind, ObjectKind::Array)
            && !obj.has_flag(crate::object::flags::RESTRICTED)
            && obj.write_element(i as u32, v) == crate::object::OwnWrite::Written
        {
            return Ok(());
        }
        if o.is_nullish() {
            return Err(self.nullish_base_error(o, k, "set properties", "setting"));
        }
        let key = self.to_property_key(k)?;
        let Some(obj) = o.as_object() else {
            return self.set_on_primitive(o, key, v, strict);
        };
        let ok = self.set(obj, key, v, o)?;
        if !ok && strict {
            return Err(self.read_only_error(obj, key));
        }
        Ok(())
    }

    /// `delete o[key]`.
    pub(crate) fn delete_value_property(
        &mut self,
        o: Value,
        key: PropertyKey,
        strict: bool,
    ) -> JsResult<Value> {
        let obj = self.to_object(o)?;
        let ok = self.delete_property(obj, key)?;
        if !ok && strict {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot delete property '{}' of {}",
                    key.to_rust_string(),
                    self.object_label(obj)
                ),
            ));
        }
        Ok(Value::bool(ok))
    }

    /// The home object of the running method (through arrows).
    fn home_object(&self) -> Value {
        let frame = self.frames.last().expect("frame");
        match frame.callee.as_object() {
            Some(c) => match &c.kind {
                ObjectKind::Function(f) => f.home_object.load(),
                _ => Value::UNDEFINED,
            },
            None => Value::UNDEFINED,
        }
    }

    fn super_base(&mut self) -> JsResult<Gc<JsObject>> {
        let home = self.home_object();
        let Some(home) = home.as_object() else {
            return Err(self.make_error(ErrorKind::Syntax, "'super' keyword unexpected here"));
        };
        let proto = self.get_prototype_of(home)?;
        match proto.as_object() {
            Some(p) => Ok(p),
            None => Err(self.make_error(ErrorKind::Type, "Cannot read properties of null (super)")),
        }
    }

    fn current_this(&mut self) -> JsResult<Value> {
        let this = self.frames.last().expect("frame").this;
        if this.is_uninitialized() {
            return Err(self.make_error(
                ErrorKind::Reference,
                "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
            ));
        }
        Ok(this)
    }

    pub(crate) fn get_super(&mut self, key: Value) -> JsResult<Value> {
        let this = self.current_this()?;
        let base = self.super_base()?;
        let key = self.to_property_key(key)?;
        self.get_with_receiver(base, key, this)
    }

    pub(crate) fn set_super(&mut self, key: Value, v: Value) -> JsResult<()> {
        let this = self.current_this()?;
        let base = self.super_base()?;
        let key = self.to_property_key(key)?;
        let ok = self.set(base, key, v, this)?;
        if !ok {
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

    // ----- private names -----

    fn private_key(&mut self, name: Value) -> PropertyKey {
        PropertyKey::Atom(name.as_symbol().expect("private names are private symbols"))
    }

    fn private_target(&mut self, o: Value, name: Value) -> JsResult<(Gc<JsObject>, PropertyKey)> {
        let key = self.private_key(name);
        match o.as_object() {
            Some(obj) => Ok((obj, key)),
            None => Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot read private member #{} from a non-object",
                    key.to_rust_string()
                ),
            )),
        }
    }

    pub(crate) fn get_private(&mut self, o: Value, name: Value) -> JsResult<Value> {
        let (obj, key) = self.private_target(o, name)?;
        match obj.get_own(key) {
            None => Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot read private member #{} from an object whose class did not declare it",
                    key.to_rust_string()
                ),
            )),
            Some((raw, attrs)) if attrs.is_accessor() => {
                let desc = crate::object::ops::descriptor_from_raw(raw, attrs);
                let getter = desc.get.unwrap_or(Value::UNDEFINED);
                if getter.is_undefined() {
                    return Err(self.make_error(
                        ErrorKind::Type,
                        &format!("'#{}' was defined without a getter", key.to_rust_string()),
                    ));
                }
                self.call(getter, o, &[])
            }
            Some((v, _)) => Ok(v),
        }
    }

    pub(crate) fn set_private(&mut self, o: Value, name: Value, v: Value) -> JsResult<()> {
        let (obj, key) = self.private_target(o, name)?;
        match obj.get_own(key) {
            None => Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot write private member #{} to an object whose class did not declare it",
                    key.to_rust_string()
                ),
            )),
            Some((raw, attrs)) if attrs.is_accessor() => {
                let desc = crate::object::ops::descriptor_from_raw(raw, attrs);
                let setter = desc.set.unwrap_or(Value::UNDEFINED);
                if setter.is_undefined() {
                    return Err(self.make_error(
                        ErrorKind::Type,
                        &format!("'#{}' was defined without a setter", key.to_rust_string()),
                    ));
                }
                self.call(setter, o, &[v])?;
                Ok(())
            }
            Some((_, attrs)) if !attrs.writable() => Err(self.make_error(
                ErrorKind::Type,
                &format!("Private method #{} is not writable", key.to_rust_string()),
            )),
            Some(_) => {
                obj.write_own(key, v);
                Ok(())
            }
        }
    }

    pub(crate) fn define_private(&mut self, o: Value, name: Value, v: Value) -> JsResult<()> {
        let (obj, key) = self.private_target(o, name)?;
        if obj.get_own(key).is_some() {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot initialize #{} twice on the same object",
                    key.to_rust_string()
                ),
            ));
        }
        obj.define_own(key, v, Attributes::new(true, false, false));
        Ok(())
    }

    pub(crate) fn define_private_method(
        &mut self,
        o: Value,
        name: Value,
        getter: Value,
        setter: Value,
    ) -> JsResult<()> {
        let (obj, key) = self.private_target(o, name)?;
        if obj.get_own(key).is_some() {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot initialize #{} twice on the same object",
                    key.to_rust_string()
                ),
            ));
        }
        let is_method = setter.is_undefined() && getter.as_object().is_some_and(|f| {
            matches!(&f.kind, ObjectKind::Function(c) if c.code.kind == crate::bytecode::FunctionKind::Method)
        });
        if is_method {
            obj.define_own(key, getter, Attributes::new(false, false, false));
        } else {
            let desc =
                PropertyDescriptor::accessor(getter, setter, Attributes::accessor(false, false));
            // Storage-level define: private entries bypass extensibility.
            let pair = crate::object::AccessorPair {
                getter: crate::value::AtomicValue::new(desc.get.unwrap_or(Value::UNDEFINED)),
                setter: crate::value::AtomicValue::new(desc.set.unwrap_or(Value::UNDEFINED)),
            };
            let cell = self.alloc_cell(pair);
            obj.define_own(
                key,
                Value::internal(cell),
                Attributes::accessor(false, false),
            );
        }
        Ok(())
    }

    pub(crate) fn has_private(&mut self, o: Value, name: Value) -> JsResult<Value> {
        let Some(obj) = o.as_object() else {
            return Err(self.make_error(
                ErrorKind::Type,
                "Cannot use 'in' operator to search for a private field in a non-object",
            ));
        };
        let key = self.private_key(name);
        Ok(Value::bool(obj.get_own(key).is_some()))
    }

    // ----- literals and classes -----

    /// Defines one half of an accessor (keeping the other half).
    pub(crate) fn define_accessor_half(
        &mut self,
        o: Value,
        key: Value,
        f: Value,
        is_getter: bool,
        enumerable: bool,
    ) -> JsResult<()> {
        let Some(obj) = o.as_object() else {
            return Ok(());
        };
        let key = self.to_property_key(key)?;
        self.set_home_object(f, o);
        let mut desc = PropertyDescriptor {
            enumerable: Some(enumerable),
            configurable: Some(true),
            ..Default::default()
        };
        if is_getter {
            desc.get = Some(f);
        } else {
            desc.set = Some(f);
        }
        self.define_property_or_throw(obj, key, desc)
    }

    pub(crate) fn define_method_value(
        &mut self,
        o: Value,
        key: Value,
        f: Value,
        enumerable: bool,
    ) -> JsResult<()> {
        let Some(obj) = o.as_object() else {
            return Ok(());
        };
        let key = self.to_property_key(key)?;
        self.set_home_object(f, o);
        self.define_property_or_throw(
            obj,
            key,
            PropertyDescriptor::data(f, Attributes::new(true, enumerable, true)),
        )
    }

    /// SetFunctionName from a property key, with an optional "get "/"set "
    /// prefix (1 and 2).
    pub(crate) fn set_function_name_from_key(
        &mut self,
        f: Value,
        key: Value,
        prefix: u8,
    ) -> JsResult<()> {
        let Some(func) = f.as_object() else {
            return Ok(());
        };
        let key = self.to_property_key(key)?;
        let mut units: Vec<u16> = match prefix {
            1 => "get ".encode_utf16().collect(),
            2 => "set ".encode_utf16().collect(),
            _ => Vec::new(),
        };
        match key {
            PropertyKey::Atom(a) if a.is_symbol() => {
                if let Some(d) = a.description() {
                    units.push(b'[' as u16);
                    units.extend_from_slice(d);
                    units.push(b']' as u16);
                }
            }
            other => units.extend(other.to_units()),
        }
        let name = Value::string(self.alloc_string(units));
        func.define_own(
            PropertyKey::Atom(names::NAME),
            name,
            Attributes::CONFIGURABLE_ONLY,
        );
        Ok(())
    }

    /// CopyDataProperties(dst, src, excluded keys array).
    pub(crate) fn copy_data_properties(
        &mut self,
        dst: Value,
        src: Value,
        excluded: Value,
    ) -> JsResult<()> {
        if src.is_nullish() {
            return Ok(());
        }
        let Some(target) = dst.as_object() else {
            return Ok(());
        };
        let from = self.to_object(src)?;
        let excluded_keys: Vec<PropertyKey> = match excluded.as_object() {
            Some(a) => {
                let mut out = Vec::new();
                for i in 0..a.length() {
                    if let Some((v, _)) = a.get_element(i) {
                        out.push(self.to_property_key(v)?);
                    }
                }
                out
            }
            None => Vec::new(),
        };
        self.root(Value::object(from));
        let keys = self.own_property_keys(from)?;
        for key in keys {
            if excluded_keys.contains(&key) {
                continue;
            }
            if let Some(desc) = self.get_own_property(from, key)?
                && desc.enumerable == Some(true)
            {
                let v = self.get(from, key)?;
                self.create_data_property(target, key, v)?;
            }
        }
        Ok(())
    }

    /// `[...iterable]` into an array under construction.
    pub(crate) fn spread_into_array(&mut self, array: Value, iterable: Value) -> JsResult<()> {
        let Some(a) = array.as_object() else {
            return Ok(());
        };
        let values = self.iterate_to_vec(iterable)?;
        for v in values {
            a.push_element(v);
        }
        Ok(())
    }

    pub(crate) fn new_regexp_from_constants(
        &mut self,
        code: &Code,
        pattern: ConstIdx,
        flags: ConstIdx,
    ) -> JsResult<Value> {
        let p = self.constant_atom(code, pattern);
        let f = self.constant_atom(code, flags);
        let pv = self.atom_value(p);
        let fv = self.atom_value(f);
        crate::builtins::regexp::regexp_create(self, pv, fv)
    }

    /// An atom's key as a property key.
    pub fn atom_key(atom: Atom) -> PropertyKey {
        PropertyKey::Atom(atom)
    }
}
