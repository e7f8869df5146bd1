//! What kind of object an object is: the internal slots beyond properties.
//!
//! Ordinary objects carry nothing; exotic and built-in objects carry their
//! internal state here. State that changes after creation is behind a lock
//! or in atomics, since any thread may hold the object.

use crate::function::{BoundFunction, Closure, NativeFunction};
use crate::heap::{Gc, Trace, Tracer};
use crate::string::{Atom, JsString};
use crate::value::AtomicValue;
use crate::value::number::JsBigInt;

pub enum ObjectKind {
    Ordinary,
    Array,
    /// A JS function.
    Function(Box<Closure>),
    /// A built-in or runtime-made Rust function.
    Native(Box<NativeFunction>),
    Bound(Box<BoundFunction>),
    /// Error instances (for `Object.prototype.toString` and stack).
    Error,
    Boolean(bool),
    Number(f64),
    String(Gc<JsString>),
    Symbol(Atom),
    BigInt(Gc<JsBigInt>),
    /// An unmapped arguments object.
    Arguments,
    /// Internal state of built-in objects implemented elsewhere (iterators,
    /// collections, promises, generators, …), behind a lock.
    Builtin(Box<dyn BuiltinState>),
}

/// State of a built-in object kind defined outside this module.
pub trait BuiltinState: Trace + std::any::Any {
    /// The class name (`Object.prototype.toString` fallback, debugging).
    fn class_name(&self) -> &'static str;
    /// The accessor properties `console.log` shows for this kind, as
    /// Node's own inspectors do for its web objects (`URL { href: … }`).
    fn inspect_keys(&self) -> &'static [&'static str] {
        &[]
    }
    /// How a realm snapshot (`realm/snapshot.rs`) treats this state when a
    /// built-in object of the pristine realm holds it. The default,
    /// `Unknown`, keeps such a realm from ever being reused: a state is
    /// declared only once someone has checked what it holds.
    fn pristine(&self) -> Pristine {
        Pristine::Unknown
    }
    /// Puts the state back as the built-ins installed it (only for
    /// `Pristine::Resettable`; called while no JS thread runs).
    fn reset_pristine(&self) {}
}

/// Whether a built-in state can be put back as it was installed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pristine {
    /// Not reviewed: a realm holding it is not reused.
    Unknown,
    /// Nothing in it changes after creation.
    Immutable,
    /// It changes, and `reset_pristine` puts it back.
    Resettable,
}

impl dyn BuiltinState {
    /// The state as `Any`, to downcast to its concrete type.
    pub fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl ObjectKind {
    pub fn is_array(&self) -> bool {
        matches!(self, ObjectKind::Array)
    }
    pub fn is_callable(&self) -> bool {
        matches!(
            self,
            ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_)
        )
    }
    /// The built-in state as a `T`, if it is one.
    pub fn builtin<T: 'static>(&self) -> Option<&T> {
        match self {
            ObjectKind::Builtin(b) => b.as_any().downcast_ref::<T>(),
            _ => None,
        }
    }
}

impl Trace for ObjectKind {
    fn trace(&self, tracer: &mut Tracer) {
        match self {
            ObjectKind::Function(c) => c.trace(tracer),
            ObjectKind::Native(n) => n.trace(tracer),
            ObjectKind::Bound(b) => b.trace(tracer),
            ObjectKind::String(s) => tracer.mark(*s),
            ObjectKind::BigInt(b) => tracer.mark(*b),
            ObjectKind::Builtin(b) => b.trace(tracer),
            _ => {}
        }
    }
}

/// A cell holding one value: used for shared mutable state of built-ins.
pub struct ValueCell(pub AtomicValue);

impl Trace for ValueCell {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.0.load());
    }
}

impl std::fmt::Debug for ObjectKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            ObjectKind::Ordinary => "Ordinary",
            ObjectKind::Array => "Array",
            ObjectKind::Function(_) => "Function",
            ObjectKind::Native(_) => "Native",
            ObjectKind::Bound(_) => "Bound",
            ObjectKind::Error => "Error",
            ObjectKind::Boolean(_) => "Boolean",
            ObjectKind::Number(_) => "Number",
            ObjectKind::String(_) => "String",
            ObjectKind::Symbol(_) => "Symbol",
            ObjectKind::BigInt(_) => "BigInt",
            ObjectKind::Arguments => "Arguments",
            ObjectKind::Builtin(b) => b.class_name(),
        };
        f.write_str(name)
    }
}
