//! WeakRef, FinalizationRegistry, and the engine's registry of weak
//! containers that gives them (and WeakMap/WeakSet) weak semantics in the
//! collector.
//!
//! Every weak container (WeakMap, WeakSet, WeakRef, FinalizationRegistry)
//! is recorded, unmarked, in the engine's `WeakRegistry` when created. The
//! collector (through `Engine`'s `RootSet` hooks) then:
//! 1. after ordinary marking, repeatedly runs `mark_ephemerons`: each live
//!    WeakMap marks the values of entries whose keys are marked, until no
//!    new cell is marked (a fixpoint);
//! 2. in `after_marking`, forgets dead containers, drops WeakMap/WeakSet
//!    entries with dead keys, clears dead WeakRef targets, and moves
//!    FinalizationRegistry cells with dead targets to a "dead" state,
//!    queueing their registry for a cleanup job.
//!
//! The thread that ran the collection moves the queued registries into its
//! job queue (`take_cleanup_jobs`); the job calls the registry's cleanup
//! callback once per dead cell.
//!
//! Symbols are never freed (atoms are permanent), so a symbol key or target
//! is always live. WeakRef targets are also kept alive until the end of the
//! current job (`kept`, the spec's [[KeptAlive]] list), engine-wide:
//! cleared after each job any thread runs, which can only keep targets
//! longer, never shorter.

use parking_lot::Mutex;

use super::arg;
use super::collection::{WeakCollection, can_be_held_weakly};
use crate::heap::{Gc, Trace, Tracer, value_is_marked};
use crate::interpreter::{ErrorKind, JsResult, Vm, same_value};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind};
use crate::realm::{Intrinsic, Realm};
use crate::value::{AtomicValue, Value};

/// The engine's weak containers and pending finalization work.
#[derive(Default)]
pub struct WeakRegistry {
    /// Weak containers; not traced (a dead one is forgotten).
    containers: Mutex<Vec<Gc<JsObject>>>,
    /// FinalizationRegistries with dead cells awaiting a cleanup job.
    pending: Mutex<Vec<Gc<JsObject>>>,
    /// WeakRef targets kept alive until the end of the current job.
    kept: Mutex<Vec<Value>>,
}

impl WeakRegistry {
    pub fn register(&self, container: Gc<JsObject>) {
        self.containers.lock().push(container);
    }

    /// AddToKeptObjects.
    pub fn keep(&self, v: Value) {
        self.kept.lock().push(v);
    }

    /// ClearKeptObjects.
    pub fn clear_kept(&self) {
        let mut kept = self.kept.lock();
        if !kept.is_empty() {
            kept.clear();
        }
    }

    /// Roots: the kept objects and registries awaiting cleanup.
    pub fn trace_roots(&self, tracer: &mut Tracer) {
        for v in self.kept.lock().iter() {
            tracer.mark_value(*v);
        }
        for r in self.pending.lock().iter() {
            tracer.mark(*r);
        }
    }

    /// One round of ephemeron marking: marks the values of live WeakMaps'
    /// entries whose keys are marked. Returns whether it marked anything.
    pub fn mark_ephemerons(&self, tracer: &mut Tracer) -> bool {
        let mut changed = false;
        for c in self.containers.lock().iter() {
            if !c.header().is_marked() {
                continue;
            }
            let Some(w) = c.kind.builtin::<WeakCollection>() else {
                continue;
            };
            if w.is_set {
                continue;
            }
            for (k, v) in w.entries.lock().iter() {
                if value_is_marked(*k) && !value_is_marked(*v) {
                    tracer.mark_value(*v);
                    changed = true;
                }
            }
        }
        changed
    }

    /// Clears weak references to unmarked cells (the world is stopped,
    /// marking is complete).
    pub fn after_marking(&self) {
        let mut containers = self.containers.lock();
        let mut pending = self.pending.lock();
        containers.retain(|c| {
            if !c.header().is_marked() {
                return false;
            }
            if let Some(w) = c.kind.builtin::<WeakCollection>() {
                w.entries.lock().retain(|k, _| value_is_marked(*k));
            } else if let Some(r) = c.kind.builtin::<WeakRefState>() {
                if !value_is_marked(r.target.load()) {
                    r.target.store(Value::UNDEFINED);
                }
            } else if let Some(f) = c.kind.builtin::<FinalizationState>() {
                let mut cells = f.cells.lock();
                let mut any_dead = false;
                for cell in cells.iter_mut() {
                    if !cell.target.is_undefined() && !value_is_marked(cell.target) {
                        cell.target = Value::UNDEFINED;
                        any_dead = true;
                    }
                    if !cell.token.is_undefined() && !value_is_marked(cell.token) {
                        cell.token = Value::UNDEFINED;
                    }
                }
                if any_dead && !pending.iter().any(|p| p == c) {
                    pending.push(*c);
                }
            }
            true
        });
    }

    /// Registries that need a cleanup job (taken by the collecting thread).
    pub fn take_pending(&self) -> Vec<Gc<JsObject>> {
        std::mem::take(&mut *self.pending.lock())
    }
}

/// A WeakRef's state.
pub struct WeakRefState {
    target: AtomicValue,
}

impl Trace for WeakRefState {
    /// The target is weak: not marked.
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for WeakRefState {
    fn class_name(&self) -> &'static str {
        "WeakRef"
    }
}

/// One registration of a FinalizationRegistry.
struct FinalizationCell {
    /// Undefined once the target died (the cell awaits cleanup).
    target: Value,
    held: Value,
    /// Undefined when none (or once it died).
    token: Value,
}

/// A FinalizationRegistry's state.
pub struct FinalizationState {
    callback: Value,
    cells: Mutex<Vec<FinalizationCell>>,
}

impl Trace for FinalizationState {
    /// The callback and held values are strong; targets and tokens weak.
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.callback);
        for c in self.cells.lock().iter() {
            tracer.mark_value(c.held);
        }
    }
}

impl BuiltinState for FinalizationState {
    fn class_name(&self) -> &'static str {
        "FinalizationRegistry"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);

    let wr_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::WeakRefPrototype, wr_proto);
    vm.define_constructor(global, "WeakRef", 1, weak_ref_constructor, wr_proto);
    vm.define_builtin(wr_proto, "deref", 0, weak_ref_deref);
    super::define_tag(vm, wr_proto, "WeakRef");

    let fr_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::FinalizationRegistryPrototype, fr_proto);
    vm.define_constructor(
        global,
        "FinalizationRegistry",
        1,
        registry_constructor,
        fr_proto,
    );
    vm.define_builtin(fr_proto, "register", 2, registry_register);
    vm.define_builtin(fr_proto, "unregister", 1, registry_unregister);
    vm.define_builtin(fr_proto, "cleanupSome", 0, registry_cleanup_some);
    super::define_tag(vm, fr_proto, "FinalizationRegistry");

    let job = vm.new_native(
        crate::string::Atom::intern_str("cleanupFinalizationRegistry"),
        1,
        cleanup_job,
        false,
        &[],
    );
    realm.set_intrinsic(Intrinsic::FinalizationRegistryCleanupJob, job);
}

fn weak_ref_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor WeakRef requires 'new'");
    }
    let target = arg(args, 0);
    if !can_be_held_weakly(target) {
        return vm.throw(ErrorKind::Type, "WeakRef: invalid target");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::WeakRefPrototype)?;
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(WeakRefState {
            target: AtomicValue::new(target),
        })),
    );
    vm.engine.weak.keep(target);
    vm.engine.weak.register(o);
    Ok(Value::object(o))
}

fn weak_ref_deref(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this
        .as_object()
        .filter(|o| o.kind.builtin::<WeakRefState>().is_some())
    else {
        return vm.throw(
            ErrorKind::Type,
            "WeakRef.prototype.deref called on an incompatible receiver",
        );
    };
    let target = o
        .kind
        .builtin::<WeakRefState>()
        .expect("checked")
        .target
        .load();
    if !target.is_undefined() {
        vm.engine.weak.keep(target);
    }
    Ok(target)
}

fn registry_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            "Constructor FinalizationRegistry requires 'new'",
        );
    }
    let callback = arg(args, 0);
    if !vm.is_callable(callback) {
        return vm.throw(
            ErrorKind::Type,
            "FinalizationRegistry: cleanup callback is not a function",
        );
    }
    let proto =
        vm.prototype_from_constructor(new_target, Intrinsic::FinalizationRegistryPrototype)?;
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(FinalizationState {
            callback,
            cells: Mutex::new(Vec::new()),
        })),
    );
    vm.engine.weak.register(o);
    Ok(Value::object(o))
}

fn this_registry(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.kind.builtin::<FinalizationState>().is_some() => Ok(o),
        _ => vm.throw(
            ErrorKind::Type,
            &format!("FinalizationRegistry.prototype.{method} called on an incompatible receiver"),
        ),
    }
}

fn registry_state(o: &Gc<JsObject>) -> &FinalizationState {
    o.kind
        .builtin::<FinalizationState>()
        .expect("checked registry")
}

fn registry_register(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_registry(vm, this, "register")?;
    let (target, held, token) = (arg(args, 0), arg(args, 1), arg(args, 2));
    if !can_be_held_weakly(target) {
        return vm.throw(ErrorKind::Type, "register: invalid target");
    }
    if same_value(target, held) {
        return vm.throw(
            ErrorKind::Type,
            "register: target and held value must not be the same",
        );
    }
    if !can_be_held_weakly(token) && !token.is_undefined() {
        return vm.throw(ErrorKind::Type, "register: invalid unregister token");
    }
    registry_state(&r).cells.lock().push(FinalizationCell {
        target,
        held,
        token,
    });
    Ok(Value::UNDEFINED)
}

fn registry_unregister(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_registry(vm, this, "unregister")?;
    let token = arg(args, 0);
    if !can_be_held_weakly(token) {
        return vm.throw(ErrorKind::Type, "unregister: invalid unregister token");
    }
    let mut cells = registry_state(&r).cells.lock();
    let before = cells.len();
    cells.retain(|c| c.token != token || c.token.is_undefined());
    Ok(Value::bool(cells.len() != before))
}

/// CleanupFinalizationRegistry: calls `callback` (or the registry's) for
/// each cell whose target died, removing it first.
fn cleanup(vm: &mut Vm, r: Gc<JsObject>, callback: Option<Value>) -> JsResult<()> {
    let callback = callback.unwrap_or(registry_state(&r).callback);
    loop {
        let held = {
            let mut cells = registry_state(&r).cells.lock();
            match cells.iter().position(|c| c.target.is_undefined()) {
                Some(i) => cells.remove(i).held,
                None => break,
            }
        };
        vm.root(held);
        vm.call(callback, Value::UNDEFINED, &[held])?;
    }
    Ok(())
}

fn registry_cleanup_some(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_registry(vm, this, "cleanupSome")?;
    let callback = arg(args, 0);
    if !callback.is_undefined() && !vm.is_callable(callback) {
        return vm.throw(ErrorKind::Type, "cleanupSome: callback is not a function");
    }
    cleanup(vm, r, (!callback.is_undefined()).then_some(callback))?;
    Ok(Value::UNDEFINED)
}

/// The job queued after a collection found dead targets of a registry.
fn cleanup_job(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if let Some(r) = arg(args, 0)
        .as_object()
        .filter(|o| o.kind.builtin::<FinalizationState>().is_some())
    {
        cleanup(vm, r, None)?;
    }
    Ok(Value::UNDEFINED)
}

/// Moves registries awaiting cleanup into `vm`'s job queue (called by the
/// thread that just ran a collection).
pub fn queue_cleanup_jobs(vm: &mut Vm) {
    let pending = vm.engine.weak.take_pending();
    if pending.is_empty() {
        return;
    }
    let job = vm
        .current_realm()
        .intrinsic_value(Intrinsic::FinalizationRegistryCleanupJob);
    for r in pending {
        vm.jobs.push_back(crate::interpreter::Job {
            func: job,
            args: vec![Value::object(r)],
        });
    }
}
