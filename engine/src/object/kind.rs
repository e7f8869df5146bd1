//! What kind of object an object is: the internal slots beyond properties.
//!
//! Ordinary objects carry nothing; exotic and built-in objects carry their
//! internal state here. State that changes after creation is behind a lock
//! or in atomics, since any thread may hold the object.

use crate::heap::{Trace, Tracer};

pub enum ObjectKind {
    Ordinary,
    Array,
}

impl ObjectKind {
    pub fn is_array(&self) -> bool {
        matches!(self, ObjectKind::Array)
    }
}

impl Trace for ObjectKind {
    fn trace(&self, _tracer: &mut Tracer) {}
}
