//! stub
use crate::heap::Gc;
use crate::interpreter::Vm;
use crate::object::JsObject;
use crate::realm::Realm;
pub(crate) fn install(_vm: &mut Vm, _realm: Gc<Realm>, _global: Gc<JsObject>) {}
