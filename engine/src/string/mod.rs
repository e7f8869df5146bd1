//! JavaScript strings: immutable sequences of UTF-16 code units in cells.
//!
//! A string's text never changes after it is made; the only mutable part is
//! a cache (its atom id), published with one atomic store, so any thread
//! reads either "not cached" or the right atom.

pub mod atom;

pub use atom::Atom;

use std::sync::atomic::{AtomicU32, Ordering};

use crate::heap::{Trace, Tracer};

/// The longest string, in code units (as V8: about 2^29). Longer results
/// are a RangeError, so a runaway string never exhausts memory.
pub const MAX_LENGTH: usize = (1 << 29) - 24;

pub struct JsString {
    units: Box<[u16]>,
    /// The atom for this text, plus one (0: not interned yet).
    atom_cache: AtomicU32,
}

impl Trace for JsString {
    fn trace(&self, _: &mut Tracer) {}
    fn external_bytes(&self) -> usize {
        self.units.len() * 2
    }
}

impl JsString {
    pub fn from_units(units: impl Into<Box<[u16]>>) -> JsString {
        JsString {
            units: units.into(),
            atom_cache: AtomicU32::new(0),
        }
    }

    /// A string cell's contents for an atom's text (the cache pre-filled).
    pub fn from_atom(atom: Atom) -> JsString {
        JsString {
            units: atom.text().into(),
            atom_cache: AtomicU32::new(atom.0 + 1),
        }
    }

    #[inline]
    pub fn units(&self) -> &[u16] {
        &self.units
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.units.len()
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The text as Rust UTF-8 (lone surrogates become U+FFFD).
    pub fn to_rust_string(&self) -> String {
        String::from_utf16_lossy(&self.units)
    }

    /// The atom with this text, interned on first use and then cached.
    pub fn atom(&self) -> Atom {
        let cached = self.atom_cache.load(Ordering::Relaxed);
        if cached != 0 {
            return Atom(cached - 1);
        }
        let atom = Atom::intern(&self.units);
        self.atom_cache.store(atom.0 + 1, Ordering::Relaxed);
        atom
    }
}

/// UTF-16 code units of a Rust string.
pub fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

impl std::fmt::Debug for JsString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.to_rust_string())
    }
}
