//! Typed arrays, ArrayBuffer, SharedArrayBuffer and DataView.
//!
//! Not built yet: this module provides the hooks the object layer calls
//! for integer-indexed exotic objects; each returns None (no typed array
//! exists until the constructors are installed).

use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::{JsObject, PropertyDescriptor, PropertyKey};
use crate::realm::Realm;
use crate::value::Value;

pub fn install(_vm: &mut Vm, _realm: Gc<Realm>, _global: Gc<JsObject>) {}

pub fn is_typed_array_state(_state: &dyn std::any::Any) -> bool {
    false
}

pub fn is_typed_array(_o: Gc<JsObject>) -> bool {
    false
}

/// The length of a typed array, or None if `o` is not one.
pub fn typed_array_length(_vm: &mut Vm, _o: Gc<JsObject>) -> Option<JsResult<usize>> {
    None
}

pub fn get_own_property(
    _vm: &mut Vm,
    _o: Gc<JsObject>,
    _key: PropertyKey,
) -> Option<JsResult<Option<PropertyDescriptor>>> {
    None
}

pub fn define_own_property(
    _vm: &mut Vm,
    _o: Gc<JsObject>,
    _key: PropertyKey,
    _desc: PropertyDescriptor,
) -> Option<JsResult<bool>> {
    None
}

pub fn has_property(_vm: &mut Vm, _o: Gc<JsObject>, _key: PropertyKey) -> Option<JsResult<bool>> {
    None
}

pub fn get(
    _vm: &mut Vm,
    _o: Gc<JsObject>,
    _key: PropertyKey,
    _receiver: Value,
) -> Option<JsResult<Value>> {
    None
}

pub fn set(
    _vm: &mut Vm,
    _o: Gc<JsObject>,
    _key: PropertyKey,
    _v: Value,
    _receiver: Value,
) -> Option<JsResult<bool>> {
    None
}

pub fn delete_property(
    _vm: &mut Vm,
    _o: Gc<JsObject>,
    _key: PropertyKey,
) -> Option<JsResult<bool>> {
    None
}

pub fn own_property_keys(_o: Gc<JsObject>) -> Option<Vec<PropertyKey>> {
    None
}

pub fn prevent_extensions(_vm: &mut Vm, _o: Gc<JsObject>) -> Option<JsResult<bool>> {
    None
}

/// DetachArrayBuffer (for `$262.detachArrayBuffer`): false if `v` is not
/// an ArrayBuffer.
pub fn detach(_vm: &mut Vm, _v: Value) -> JsResult<bool> {
    Ok(false)
}
