//! Realm snapshots: the state of every built-in object of a freshly
//! installed realm, saved so that the realm can be put back exactly as it
//! was installed and run another program, instead of installing the
//! built-ins again (`explore` runs one program per schedule this way).
//!
//! `take` walks every cell reachable from the realm right after
//! `builtins::install`, before any program runs, and saves each object's
//! storage (`object/image.rs`), each native function's captured data and
//! the list of built-in states that need a reset. `restore` compares
//! every saved object with its image and puts back the ones that differ,
//! resets those states, and clears what a run adds to the realm (global
//! lexical bindings, template objects, modules). A realm holding a cell or
//! a built-in state the snapshot does not know to be restorable cannot be
//! snapshotted (`take` says which), so a realm is never reused on a guess.
//!
//! The snapshot lives in its realm (`Realm::snapshot`) and is traced with
//! it: a saved value (an original method the program replaced, a built-in
//! the program deleted) stays alive for the realm's life.

use crate::function::NativeFunction;
use crate::heap::{Gc, Tracer};
use crate::object::image::ObjectImage;
use crate::object::kind::Pristine;
use crate::object::{AccessorPair, JsObject, ObjectKind};
use crate::string::JsString;
use crate::value::Value;

use super::Realm;

/// The built-in objects of a realm as installed.
pub struct RealmSnapshot {
    /// The realm's intrinsics table and global object.
    intrinsics: Box<[Value]>,
    global: Value,
    objects: Vec<(Gc<JsObject>, ObjectImage)>,
    /// Native functions' captured data (which `set_native_data` may
    /// change).
    native_data: Vec<(Gc<JsObject>, Box<[Value]>)>,
    /// Objects whose built-in state `reset_pristine` puts back.
    resettable: Vec<Gc<JsObject>>,
}

impl RealmSnapshot {
    /// Saves every built-in object reachable from `realm`. The caller has
    /// heap access, reaches no safepoint meanwhile, and no other thread
    /// runs in the realm. Fails, naming it, on a cell or state that could
    /// not be put back.
    pub fn take(realm: Gc<Realm>) -> Result<RealmSnapshot, String> {
        let mut snapshot = RealmSnapshot {
            intrinsics: realm.intrinsics.iter().map(|v| v.load()).collect(),
            global: realm.global.load(),
            objects: Vec::new(),
            native_data: Vec::new(),
            resettable: Vec::new(),
        };
        let mut unknown = Vec::new();
        for cell in crate::heap::reachable_cells(&realm) {
            if let Some(obj) = cell.downcast::<JsObject>() {
                match &obj.kind {
                    ObjectKind::Native(n) => {
                        let NativeFunction { data, .. } = &**n;
                        if !data.is_empty() {
                            snapshot
                                .native_data
                                .push((obj, data.iter().map(|d| d.load()).collect()));
                        }
                    }
                    ObjectKind::Builtin(state) => match state.pristine() {
                        Pristine::Immutable => {}
                        Pristine::Resettable => snapshot.resettable.push(obj),
                        Pristine::Unknown => unknown.push(state.class_name().to_string()),
                    },
                    ObjectKind::Function(_) | ObjectKind::Bound(_) | ObjectKind::Arguments => {
                        unknown.push(format!("{:?}", obj.kind))
                    }
                    ObjectKind::Ordinary
                    | ObjectKind::Array
                    | ObjectKind::Error
                    | ObjectKind::Boolean(_)
                    | ObjectKind::Number(_)
                    | ObjectKind::String(_)
                    | ObjectKind::Symbol(_)
                    | ObjectKind::BigInt(_) => {}
                }
                snapshot.objects.push((obj, obj.image()));
            } else if cell.downcast::<JsString>().is_some()
                || cell.downcast::<AccessorPair>().is_some()
                || cell.downcast::<Realm>().is_some()
            {
                // Strings never change; an accessor pair is replaced, never
                // changed in place; the realm is reset by `Realm::restore`.
            } else {
                unknown.push(cell.type_name().to_string());
            }
        }
        if unknown.is_empty() {
            Ok(snapshot)
        } else {
            unknown.sort();
            unknown.dedup();
            Err(format!(
                "the realm holds state a snapshot cannot restore: {}",
                unknown.join(", ")
            ))
        }
    }

    /// Puts `realm`'s intrinsics and every saved object back as they were
    /// installed; returns how many objects had changed. No JS thread may
    /// run in the realm.
    pub fn restore(&self, realm: &Realm) -> usize {
        for (slot, v) in realm.intrinsics.iter().zip(self.intrinsics.iter()) {
            slot.store(*v);
        }
        realm.global.store(self.global);
        let mut changed = 0;
        for (obj, image) in &self.objects {
            if !obj.matches_image(image) {
                obj.restore_image(image);
                changed += 1;
            }
        }
        for (obj, saved) in &self.native_data {
            if let ObjectKind::Native(n) = &obj.kind {
                for (d, v) in n.data.iter().zip(saved.iter()) {
                    d.store(*v);
                }
            }
        }
        for obj in &self.resettable {
            if let ObjectKind::Builtin(state) = &obj.kind {
                state.reset_pristine();
            }
        }
        changed
    }

    pub fn trace(&self, tracer: &mut Tracer) {
        for v in self.intrinsics.iter() {
            tracer.mark_value(*v);
        }
        tracer.mark_value(self.global);
        for (obj, image) in &self.objects {
            tracer.mark(*obj);
            image.trace(tracer);
        }
        for (_, saved) in &self.native_data {
            for v in saved.iter() {
                tracer.mark_value(*v);
            }
        }
    }
}
