//! Property keys, attributes and descriptors.

use crate::string::Atom;
use crate::value::Value;

/// A property key: an array index (0 ..= 2^32 - 2) or an atom (a string
/// that is not an array index, or a symbol).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum PropertyKey {
    Index(u32),
    Atom(Atom),
}

impl PropertyKey {
    /// The key for a string's text: an index when it is a canonical array
    /// index, else its atom.
    pub fn from_units(units: &[u16]) -> PropertyKey {
        match array_index(units) {
            Some(i) => PropertyKey::Index(i),
            None => PropertyKey::Atom(Atom::intern(units)),
        }
    }

    pub fn from_text(s: &str) -> PropertyKey {
        let units: Vec<u16> = s.encode_utf16().collect();
        PropertyKey::from_units(&units)
    }

    /// The key for a number that is an integer: an index when in range,
    /// else the atom of its string form.
    pub fn from_f64(n: f64) -> PropertyKey {
        if (0.0..4294967295.0).contains(&n) && n.fract() == 0.0 {
            PropertyKey::Index(n as u32)
        } else {
            PropertyKey::Atom(Atom::intern_str(&crate::value::number::number_to_string(n)))
        }
    }

    pub fn is_symbol(self) -> bool {
        matches!(self, PropertyKey::Atom(a) if a.is_symbol())
    }

    pub fn as_index(self) -> Option<u32> {
        match self {
            PropertyKey::Index(i) => Some(i),
            PropertyKey::Atom(_) => None,
        }
    }

    pub fn as_atom(self) -> Option<Atom> {
        match self {
            PropertyKey::Atom(a) => Some(a),
            PropertyKey::Index(_) => None,
        }
    }

    /// The key's text as UTF-16 (a symbol's description for symbols).
    pub fn to_units(self) -> Vec<u16> {
        match self {
            PropertyKey::Index(i) => i.to_string().encode_utf16().collect(),
            PropertyKey::Atom(a) => a.text().to_vec(),
        }
    }

    pub fn to_rust_string(self) -> String {
        match self {
            PropertyKey::Index(i) => i.to_string(),
            PropertyKey::Atom(a) => a.to_rust_string(),
        }
    }
}

impl From<Atom> for PropertyKey {
    fn from(a: Atom) -> PropertyKey {
        PropertyKey::Atom(a)
    }
}
impl From<u32> for PropertyKey {
    fn from(i: u32) -> PropertyKey {
        if i == u32::MAX {
            PropertyKey::from_f64(i as f64)
        } else {
            PropertyKey::Index(i)
        }
    }
}

/// The canonical array index a string denotes, if any.
pub fn array_index(units: &[u16]) -> Option<u32> {
    if units.is_empty() || units.len() > 10 {
        return None;
    }
    if units[0] == b'0' as u16 {
        return if units.len() == 1 { Some(0) } else { None };
    }
    let mut v: u64 = 0;
    for &u in units {
        if !(b'0' as u16..=b'9' as u16).contains(&u) {
            return None;
        }
        v = v * 10 + (u - b'0' as u16) as u64;
    }
    if v < u32::MAX as u64 {
        Some(v as u32)
    } else {
        None
    }
}

/// A property's attributes. `ACCESSOR` means the slot holds an
/// `AccessorPair` cell instead of a value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Attributes(pub u8);

impl Attributes {
    pub const WRITABLE: u8 = 1;
    pub const ENUMERABLE: u8 = 2;
    pub const CONFIGURABLE: u8 = 4;
    pub const ACCESSOR: u8 = 8;

    /// Writable, enumerable, configurable: what assignment creates.
    pub const DEFAULT: Attributes = Attributes(1 | 2 | 4);
    /// Writable, configurable, not enumerable: built-in methods.
    pub const HIDDEN: Attributes = Attributes(1 | 4);
    /// Nothing: non-writable, non-enumerable, non-configurable.
    pub const FROZEN: Attributes = Attributes(0);
    /// Configurable only (function `length` and `name`).
    pub const CONFIGURABLE_ONLY: Attributes = Attributes(4);

    pub const fn new(writable: bool, enumerable: bool, configurable: bool) -> Attributes {
        Attributes((writable as u8) | ((enumerable as u8) << 1) | ((configurable as u8) << 2))
    }
    pub const fn accessor(enumerable: bool, configurable: bool) -> Attributes {
        Attributes(Self::ACCESSOR | ((enumerable as u8) << 1) | ((configurable as u8) << 2))
    }
    #[inline]
    pub fn writable(self) -> bool {
        self.0 & Self::WRITABLE != 0
    }
    #[inline]
    pub fn enumerable(self) -> bool {
        self.0 & Self::ENUMERABLE != 0
    }
    #[inline]
    pub fn configurable(self) -> bool {
        self.0 & Self::CONFIGURABLE != 0
    }
    #[inline]
    pub fn is_accessor(self) -> bool {
        self.0 & Self::ACCESSOR != 0
    }
}

impl std::fmt::Debug for Attributes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let flag = |b: bool, c: char| if b { c } else { '-' };
        write!(
            f,
            "{}{}{}{}",
            flag(self.is_accessor(), 'a'),
            flag(self.writable(), 'w'),
            flag(self.enumerable(), 'e'),
            flag(self.configurable(), 'c')
        )
    }
}

/// A property descriptor as the spec's abstract operations use it: every
/// field optional.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PropertyDescriptor {
    pub value: Option<Value>,
    pub writable: Option<bool>,
    pub get: Option<Value>,
    pub set: Option<Value>,
    pub enumerable: Option<bool>,
    pub configurable: Option<bool>,
}

impl PropertyDescriptor {
    pub fn data(value: Value, attrs: Attributes) -> PropertyDescriptor {
        PropertyDescriptor {
            value: Some(value),
            writable: Some(attrs.writable()),
            enumerable: Some(attrs.enumerable()),
            configurable: Some(attrs.configurable()),
            ..Default::default()
        }
    }
    pub fn accessor(get: Value, set: Value, attrs: Attributes) -> PropertyDescriptor {
        PropertyDescriptor {
            get: Some(get),
            set: Some(set),
            enumerable: Some(attrs.enumerable()),
            configurable: Some(attrs.configurable()),
            ..Default::default()
        }
    }
    pub fn is_accessor_descriptor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }
    pub fn is_data_descriptor(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }
    pub fn is_generic_descriptor(&self) -> bool {
        !self.is_accessor_descriptor() && !self.is_data_descriptor()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_array_indices() {
        let u = |s: &str| s.encode_utf16().collect::<Vec<_>>();
        assert_eq!(array_index(&u("0")), Some(0));
        assert_eq!(array_index(&u("4294967294")), Some(4294967294));
        assert_eq!(array_index(&u("4294967295")), None);
        assert_eq!(array_index(&u("01")), None);
        assert_eq!(array_index(&u("-1")), None);
        assert_eq!(array_index(&u("1.5")), None);
        assert_eq!(array_index(&u("")), None);
    }
}
