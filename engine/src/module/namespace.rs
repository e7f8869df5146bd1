//! Module namespace objects (`import * as ns`): exotic objects whose
//! string-keyed properties are the module's exports, in code-unit order,
//! each read live from the exporting module's binding.
//!
//! A namespace has a null prototype, is not extensible, and has one
//! ordinary property, @@toStringTag "Module". Its internal methods are the
//! spec's (10.4.6); `object/ops.rs` calls the functions here for objects
//! whose kind is `NamespaceState`.

use super::{Binding, ModuleRecord};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm, same_value};
use crate::object::kind::BuiltinState;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyDescriptor, PropertyKey};
use crate::string::Atom;
use crate::string::atom::symbols;
use crate::value::Value;

/// One export of a namespace.
struct Export {
    key: PropertyKey,
    name: Atom,
    module: Gc<ModuleRecord>,
    binding: Binding,
}

/// A namespace object's internal slots: its exports, sorted.
pub struct NamespaceState {
    /// [[Module]].
    pub module: Gc<ModuleRecord>,
    exports: Vec<Export>,
}

impl Trace for NamespaceState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.module);
        for e in &self.exports {
            tracer.mark(e.module);
        }
    }
}

impl BuiltinState for NamespaceState {
    fn class_name(&self) -> &'static str {
        "Module"
    }
}

/// ModuleNamespaceCreate.
pub(super) fn create(
    vm: &mut Vm,
    module: Gc<ModuleRecord>,
    exports: Vec<(Atom, Gc<ModuleRecord>, Binding)>,
) -> Value {
    let mut exports: Vec<Export> = exports
        .into_iter()
        .map(|(name, module, binding)| Export {
            key: PropertyKey::from_units(name.text()),
            name,
            module,
            binding,
        })
        .collect();
    exports.sort_by(|a, b| a.name.text().cmp(b.name.text()));
    let ns = vm.alloc_object(
        Value::NULL,
        ObjectKind::Builtin(Box::new(NamespaceState { module, exports })),
    );
    let tag = vm.string_value("Module");
    ns.define_own(
        PropertyKey::Atom(symbols::TO_STRING_TAG),
        tag,
        Attributes::FROZEN,
    );
    ns.prevent_extensions();
    Value::object(ns)
}

/// The namespace state of `o`, if it is a namespace object.
pub fn state(o: &JsObject) -> Option<&NamespaceState> {
    o.kind.builtin::<NamespaceState>()
}

pub fn is_namespace(o: &JsObject) -> bool {
    state(o).is_some()
}

impl NamespaceState {
    fn export(&self, key: PropertyKey) -> Option<&Export> {
        if key.is_symbol() {
            return None;
        }
        self.exports.iter().find(|e| e.key == key)
    }

    /// The export names, in order (for inspection).
    pub fn names(&self) -> impl Iterator<Item = Atom> + '_ {
        self.exports.iter().map(|e| e.name)
    }
}

/// The current value of an export, or the ReferenceError of its TDZ.
fn read(vm: &mut Vm, e: &Export) -> JsResult<Value> {
    match e.binding {
        Binding::Namespace => vm.module_namespace(e.module),
        Binding::Slot(slot) => {
            let v = e.module.env.slots[slot as usize].load();
            if v.is_uninitialized() {
                return vm.throw(
                    ErrorKind::Reference,
                    &format!(
                        "Cannot access '{}' before initialization",
                        e.name.to_rust_string()
                    ),
                );
            }
            Ok(v)
        }
    }
}

/// [[GetOwnProperty]] (None: not a namespace, or a symbol key, which is
/// ordinary).
pub fn get_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> Option<JsResult<Option<PropertyDescriptor>>> {
    let ns = state(&o)?;
    if key.is_symbol() {
        return None;
    }
    let Some(e) = ns.export(key) else {
        return Some(Ok(None));
    };
    Some(read(vm, e).map(|v| {
        Some(PropertyDescriptor::data(
            v,
            Attributes::new(true, true, false),
        ))
    }))
}

/// [[DefineOwnProperty]].
pub fn define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> Option<JsResult<bool>> {
    state(&o)?;
    if key.is_symbol() {
        return None;
    }
    let current = match get_own_property(vm, o, key)? {
        Ok(Some(c)) => c,
        Ok(None) => return Some(Ok(false)),
        Err(e) => return Some(Err(e)),
    };
    if desc.configurable == Some(true)
        || desc.enumerable == Some(false)
        || desc.is_accessor_descriptor()
        || desc.writable == Some(false)
    {
        return Some(Ok(false));
    }
    if let Some(v) = desc.value {
        return Some(Ok(same_value(v, current.value.unwrap_or(Value::UNDEFINED))));
    }
    Some(Ok(true))
}

/// [[HasProperty]].
pub fn has_property(o: Gc<JsObject>, key: PropertyKey) -> Option<bool> {
    let ns = state(&o)?;
    if key.is_symbol() {
        return None;
    }
    Some(ns.export(key).is_some())
}

/// [[Get]].
pub fn get(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<JsResult<Value>> {
    let ns = state(&o)?;
    if key.is_symbol() {
        return None;
    }
    Some(match ns.export(key) {
        Some(e) => read(vm, e),
        None => Ok(Value::UNDEFINED),
    })
}

/// [[Set]]: always fails.
pub fn set(o: Gc<JsObject>) -> Option<bool> {
    state(&o).map(|_| false)
}

/// [[Delete]].
pub fn delete_property(o: Gc<JsObject>, key: PropertyKey) -> Option<bool> {
    let ns = state(&o)?;
    if key.is_symbol() {
        return None;
    }
    Some(ns.export(key).is_none())
}

/// [[OwnPropertyKeys]]: the exports, then the symbol keys.
pub fn own_property_keys(o: Gc<JsObject>) -> Option<Vec<PropertyKey>> {
    let ns = state(&o)?;
    let mut keys: Vec<PropertyKey> = ns.exports.iter().map(|e| e.key).collect();
    keys.extend(o.own_keys().into_iter().filter(|k| k.is_symbol()));
    Some(keys)
}
