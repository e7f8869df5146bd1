//! Function objects' internal state: JS closures, native (Rust) functions
//! and bound functions, and the environments closures capture.

use std::sync::Arc;

use crate::bytecode::{Code, ScopeInfo};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::Vm;
use crate::realm::Realm;
use crate::string::Atom;
use crate::value::{AtomicValue, Value};

/// A Rust function callable from JS: `(vm, this, args, new_target)`.
/// `new_target` is undefined for a plain call.
pub type NativeFn = fn(&mut Vm, Value, &[Value], Value) -> Result<Value, Value>;

/// A JS function: code plus the environment it closed over.
pub struct Closure {
    pub code: Arc<Code>,
    /// The environment at creation (an `Env` cell) or undefined.
    pub env: Value,
    pub realm: Gc<Realm>,
    /// For `super` lookups: the object the method was defined on.
    pub home_object: AtomicValue,
    /// Arrows: the `this`, `new.target` and active function they inherit.
    pub this_value: Value,
    pub new_target: Value,
    pub outer_callee: Value,
    /// Class constructors: the instance field initializer.
    pub fields: AtomicValue,
}

impl Trace for Closure {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.env);
        tracer.mark(self.realm);
        tracer.mark_value(self.home_object.load());
        tracer.mark_value(self.this_value);
        tracer.mark_value(self.new_target);
        tracer.mark_value(self.outer_callee);
        tracer.mark_value(self.fields.load());
    }
}

/// A native function and the data it closes over (for functions made at
/// run time, such as promise resolvers).
pub struct NativeFunction {
    pub func: NativeFn,
    pub realm: Gc<Realm>,
    /// Constructors can be called with `new`.
    pub constructor: bool,
    /// Captured values, read by `func` through `Vm::native_data`.
    pub data: Box<[AtomicValue]>,
}

impl Trace for NativeFunction {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.realm);
        for v in self.data.iter() {
            tracer.mark_value(v.load());
        }
    }
}

pub struct BoundFunction {
    pub target: Value,
    pub this: Value,
    pub args: Box<[Value]>,
}

impl Trace for BoundFunction {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.target);
        tracer.mark_value(self.this);
        for v in self.args.iter() {
            tracer.mark_value(*v);
        }
    }
}

/// A runtime environment: the captured bindings of one scope.
pub struct Env {
    pub parent: Value,
    pub scope: Option<Arc<ScopeInfo>>,
    pub slots: Box<[AtomicValue]>,
    /// A `with` statement's object (undefined otherwise).
    pub with_object: Value,
    /// Variables added by sloppy direct eval (function scopes only).
    pub dynamic: Option<parking_lot::Mutex<Vec<(Atom, Value)>>>,
}

impl Trace for Env {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.parent);
        for s in self.slots.iter() {
            tracer.mark_value(s.load());
        }
        tracer.mark_value(self.with_object);
        if let Some(d) = &self.dynamic {
            for (_, v) in d.lock().iter() {
                tracer.mark_value(*v);
            }
        }
    }

    fn external_bytes(&self) -> usize {
        self.slot_bytes()
    }
}

impl Env {
    /// Bytes of slots owned outside the cell.
    fn slot_bytes(&self) -> usize {
        self.slots.len() * 8
    }

    /// The parent environment, if any.
    pub fn parent_env(&self) -> Option<Gc<Env>> {
        // SAFETY: env parents only ever hold Env cells.
        unsafe { self.parent.as_internal::<Env>() }
    }

    /// Looks `name` up among this environment's own bindings: the slot's
    /// value (which may be the TDZ marker), or None.
    pub fn lookup_own(&self, name: Atom) -> Option<EnvBinding<'_>> {
        if let Some(scope) = &self.scope
            && let Some(i) = scope.names.iter().rposition(|&n| n == name)
        {
            return Some(EnvBinding::Slot(
                &self.slots[i],
                scope.constant.get(i).copied().unwrap_or(false),
            ));
        }
        if let Some(d) = &self.dynamic
            && d.lock().iter().any(|(n, _)| *n == name)
        {
            return Some(EnvBinding::Dynamic);
        }
        None
    }
}

/// Where `Env::lookup_own` found a name.
pub enum EnvBinding<'a> {
    Slot(&'a AtomicValue, bool),
    Dynamic,
}
