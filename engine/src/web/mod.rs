//! The web platform APIs a runtime provides beside the language: the
//! subset of the WinterTC *Minimum Common Web Platform API* that makes
//! sense without networking or files. Installed on every realm's global
//! object after the language's built-ins (`builtins::install`), so every
//! JS thread sees them.
//!
//! May touch the interpreter's public helpers and the engine's threads
//! (a thread's event loop runs its timers); the language's built-ins never
//! depend on this folder.

use crate::heap::Gc;
use crate::interpreter::Vm;
use crate::object::JsObject;
use crate::realm::Realm;

pub(crate) mod microtask;
pub(crate) mod performance;
pub mod timers;

/// Installs the web APIs on `global`.
pub(crate) fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    timers::install(vm, global);
    microtask::install(vm, global);
    performance::install(vm, realm, global);
}
