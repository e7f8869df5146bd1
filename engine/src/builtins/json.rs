//! Not built yet (see ARCHITECTURE.md): installs nothing.

use crate::heap::Gc;
use crate::interpreter::Vm;
use crate::object::JsObject;
use crate::realm::Realm;

pub fn install(_vm: &mut Vm, _realm: Gc<Realm>, _global: Gc<JsObject>) {}
