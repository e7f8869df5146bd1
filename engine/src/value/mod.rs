//! JavaScript values: 64 bits, NaN-boxed.
//!
//! A `Value` is one `u64`, so it is read and written with single untearable
//! atomic accesses wherever it is shared (object slots, elements,
//! environments): invariant "no torn values" rests on this type being
//! exactly one word. This module owns the encoding and nothing else.
//!
//! Encoding (the top 16 bits tag the non-double values; every NaN a program
//! computes is canonicalized to `0x7FF8_0000_0000_0000` first, so no double
//! ever collides with a tag):
//!
//! | top 16 bits | payload (low 48 bits) |
//! |---|---|
//! | `0xFFF1` | int32 (a number that is an integer in i32 range and not -0) |
//! | `0xFFF9` | 0 undefined, 1 null, 2 false, 3 true, 4 hole, 5 uninitialized (TDZ) |
//! | `0xFFFA` | symbol: its atom id |
//! | `0xFFFB` | pointer to an object cell |
//! | `0xFFFC` | pointer to a string cell |
//! | `0xFFFD` | pointer to a bigint cell |
//! | `0xFFFE` | pointer to an internal cell (environments, accessor pairs, …) |
//! | otherwise | an f64 |
//!
//! Numbers have one canonical form: int32-tagged exactly when integral, in
//! range and not -0, so bitwise equality is number equality except for NaN.

pub mod number;

use crate::heap::{Gc, GcHeader};
use crate::object::JsObject;
use crate::string::{Atom, JsString};
use crate::value::number::JsBigInt;

const TAG_SHIFT: u32 = 48;
const PAYLOAD_MASK: u64 = (1 << TAG_SHIFT) - 1;
const TAG_INT: u64 = 0xFFF1;
const TAG_SPECIAL: u64 = 0xFFF9;
const TAG_SYMBOL: u64 = 0xFFFA;
const TAG_OBJECT: u64 = 0xFFFB;
const TAG_STRING: u64 = 0xFFFC;
const TAG_BIGINT: u64 = 0xFFFD;
const TAG_INTERNAL: u64 = 0xFFFE;
const CANONICAL_NAN: u64 = 0x7FF8_0000_0000_0000;

/// A JavaScript value (or one of two internal markers: hole, uninitialized).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Value(u64);

/// The type of a value, as the engine distinguishes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Symbol,
    BigInt,
    Object,
    /// Hole, uninitialized or an internal cell: never visible to JS.
    Internal,
}

const fn tagged(tag: u64, payload: u64) -> Value {
    Value((tag << TAG_SHIFT) | payload)
}

impl Value {
    pub const UNDEFINED: Value = tagged(TAG_SPECIAL, 0);
    pub const NULL: Value = tagged(TAG_SPECIAL, 1);
    pub const FALSE: Value = tagged(TAG_SPECIAL, 2);
    pub const TRUE: Value = tagged(TAG_SPECIAL, 3);
    /// An array hole or an absent slot; never visible to JS.
    pub const HOLE: Value = tagged(TAG_SPECIAL, 4);
    /// A lexical binding in its temporal dead zone; never visible to JS.
    pub const UNINITIALIZED: Value = tagged(TAG_SPECIAL, 5);
    /// Thrown when the host stops a run: no handler catches it.
    pub const TERMINATE: Value = tagged(TAG_SPECIAL, 6);
    pub const NAN: Value = Value(CANONICAL_NAN);
    pub const ZERO: Value = tagged(TAG_INT, 0);

    #[inline]
    pub const fn from_bits(bits: u64) -> Value {
        Value(bits)
    }
    #[inline]
    pub const fn to_bits(self) -> u64 {
        self.0
    }
    #[inline]
    const fn tag(self) -> u64 {
        self.0 >> TAG_SHIFT
    }

    #[inline]
    pub const fn bool(b: bool) -> Value {
        if b { Value::TRUE } else { Value::FALSE }
    }
    #[inline]
    pub const fn int(i: i32) -> Value {
        tagged(TAG_INT, i as u32 as u64)
    }
    /// A number, in its canonical form.
    #[inline]
    pub fn number(n: f64) -> Value {
        let i = n as i32;
        if i as f64 == n && (i != 0 || n.to_bits() == 0) {
            return Value::int(i);
        }
        if n.is_nan() {
            return Value::NAN;
        }
        Value(n.to_bits())
    }
    #[inline]
    pub fn symbol(atom: Atom) -> Value {
        tagged(TAG_SYMBOL, atom.0 as u64)
    }
    #[inline]
    pub fn object(o: Gc<JsObject>) -> Value {
        tagged(TAG_OBJECT, o.addr() as u64)
    }
    #[inline]
    pub fn string(s: Gc<JsString>) -> Value {
        tagged(TAG_STRING, s.addr() as u64)
    }
    #[inline]
    pub fn bigint(b: Gc<JsBigInt>) -> Value {
        tagged(TAG_BIGINT, b.addr() as u64)
    }
    /// An internal cell (environment, accessor pair, …) stored in a slot.
    #[inline]
    pub fn internal<T: crate::heap::Trace>(cell: Gc<T>) -> Value {
        tagged(TAG_INTERNAL, cell.addr() as u64)
    }

    #[inline]
    pub fn is_undefined(self) -> bool {
        self == Value::UNDEFINED
    }
    #[inline]
    pub fn is_null(self) -> bool {
        self == Value::NULL
    }
    #[inline]
    pub fn is_nullish(self) -> bool {
        self == Value::UNDEFINED || self == Value::NULL
    }
    #[inline]
    pub fn is_bool(self) -> bool {
        self == Value::TRUE || self == Value::FALSE
    }
    #[inline]
    pub fn is_hole(self) -> bool {
        self == Value::HOLE
    }
    #[inline]
    pub fn is_uninitialized(self) -> bool {
        self == Value::UNINITIALIZED
    }
    #[inline]
    pub fn is_int(self) -> bool {
        self.tag() == TAG_INT
    }
    #[inline]
    pub fn is_number(self) -> bool {
        // Every tag at or above TAG_SPECIAL is a non-number; below it lie the
        // int32 tag and all doubles (NaNs are canonical, so none is tagged).
        self.tag() < TAG_SPECIAL
    }
    #[inline]
    pub fn is_object(self) -> bool {
        self.tag() == TAG_OBJECT
    }
    #[inline]
    pub fn is_string(self) -> bool {
        self.tag() == TAG_STRING
    }
    #[inline]
    pub fn is_symbol(self) -> bool {
        self.tag() == TAG_SYMBOL
    }
    #[inline]
    pub fn is_bigint(self) -> bool {
        self.tag() == TAG_BIGINT
    }
    #[inline]
    pub fn is_internal(self) -> bool {
        self.tag() == TAG_INTERNAL
    }
    /// Whether the value points into the heap (and so must be traced).
    #[inline]
    pub fn is_cell(self) -> bool {
        matches!(
            self.tag(),
            TAG_OBJECT | TAG_STRING | TAG_BIGINT | TAG_INTERNAL
        )
    }

    pub fn value_type(self) -> ValueType {
        match self.tag() {
            TAG_INT => ValueType::Number,
            TAG_SPECIAL => match self {
                Value::UNDEFINED => ValueType::Undefined,
                Value::NULL => ValueType::Null,
                Value::TRUE | Value::FALSE => ValueType::Boolean,
                _ => ValueType::Internal,
            },
            TAG_SYMBOL => ValueType::Symbol,
            TAG_OBJECT => ValueType::Object,
            TAG_STRING => ValueType::String,
            TAG_BIGINT => ValueType::BigInt,
            TAG_INTERNAL => ValueType::Internal,
            _ => ValueType::Number,
        }
    }

    #[inline]
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Value::TRUE => Some(true),
            Value::FALSE => Some(false),
            _ => None,
        }
    }
    #[inline]
    pub fn as_int(self) -> Option<i32> {
        if self.is_int() {
            Some(self.0 as u32 as i32)
        } else {
            None
        }
    }
    /// The value as an f64 if it is a number.
    #[inline]
    pub fn as_number(self) -> Option<f64> {
        if self.is_int() {
            Some(self.0 as u32 as i32 as f64)
        } else if self.is_number() {
            Some(f64::from_bits(self.0))
        } else {
            None
        }
    }
    #[inline]
    fn pointer(self) -> *mut u8 {
        (self.0 & PAYLOAD_MASK) as usize as *mut u8
    }
    #[inline]
    pub fn as_object(self) -> Option<Gc<JsObject>> {
        if self.is_object() {
            // SAFETY: object-tagged values are only made by `Value::object`
            // from a live `Gc<JsObject>`.
            Some(unsafe { Gc::from_addr(self.pointer()) })
        } else {
            None
        }
    }
    #[inline]
    pub fn as_string(self) -> Option<Gc<JsString>> {
        if self.is_string() {
            // SAFETY: string-tagged values are only made by `Value::string`.
            Some(unsafe { Gc::from_addr(self.pointer()) })
        } else {
            None
        }
    }
    #[inline]
    pub fn as_bigint(self) -> Option<Gc<JsBigInt>> {
        if self.is_bigint() {
            // SAFETY: bigint-tagged values are only made by `Value::bigint`.
            Some(unsafe { Gc::from_addr(self.pointer()) })
        } else {
            None
        }
    }
    #[inline]
    pub fn as_symbol(self) -> Option<Atom> {
        if self.is_symbol() {
            Some(Atom(self.0 as u32))
        } else {
            None
        }
    }
    /// The internal cell as a `T`.
    ///
    /// # Safety
    /// The caller must know that this slot only ever holds `Gc<T>` internal
    /// cells (each slot kind stores one cell type).
    #[inline]
    pub unsafe fn as_internal<T: crate::heap::Trace>(self) -> Option<Gc<T>> {
        if self.is_internal() {
            // SAFETY: the caller vouches for the cell type.
            Some(unsafe { Gc::from_addr(self.pointer()) })
        } else {
            None
        }
    }
    /// The heap cell this value points to, if any (for tracing).
    #[inline]
    pub fn as_cell_header(self) -> Option<*const GcHeader> {
        if self.is_cell() {
            Some(self.pointer() as *const GcHeader)
        } else {
            None
        }
    }

    /// ToBoolean for the primitive cases and objects (always true).
    pub fn truthy(self) -> bool {
        match self.tag() {
            TAG_INT => self.0 as u32 != 0,
            TAG_SPECIAL => self == Value::TRUE,
            TAG_SYMBOL | TAG_OBJECT => true,
            TAG_STRING => self.as_string().is_some_and(|s| !s.is_empty()),
            TAG_BIGINT => self.as_bigint().is_some_and(|b| !b.is_zero()),
            TAG_INTERNAL => true,
            _ => {
                let n = f64::from_bits(self.0);
                !(n == 0.0 || n.is_nan())
            }
        }
    }
}

/// A value in shared memory (an object slot, an element, an environment
/// slot): one 64-bit atomic, so readers see some written value, never a mix.
///
/// Stores are Release and loads Acquire: a thread that reads a pointer to a
/// freshly made cell also sees the cell's initialized contents.
#[repr(transparent)]
pub struct AtomicValue(std::sync::atomic::AtomicU64);

impl AtomicValue {
    pub const fn new(v: Value) -> AtomicValue {
        AtomicValue(std::sync::atomic::AtomicU64::new(v.0))
    }
    #[inline]
    pub fn load(&self) -> Value {
        Value(self.0.load(std::sync::atomic::Ordering::Acquire))
    }
    #[inline]
    pub fn store(&self, v: Value) {
        self.0.store(v.0, std::sync::atomic::Ordering::Release)
    }
    #[inline]
    pub fn swap(&self, v: Value) -> Value {
        Value(self.0.swap(v.0, std::sync::atomic::Ordering::AcqRel))
    }
    /// One sequentially consistent compare-and-swap of the bits.
    #[inline]
    pub fn compare_exchange(&self, current: Value, new: Value) -> Result<Value, Value> {
        use std::sync::atomic::Ordering::SeqCst;
        self.0
            .compare_exchange(current.0, new.0, SeqCst, SeqCst)
            .map(Value)
            .map_err(Value)
    }
    /// A sequentially consistent load (for Atomics.load on properties).
    #[inline]
    pub fn load_seq_cst(&self) -> Value {
        Value(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
    #[inline]
    pub fn store_seq_cst(&self, v: Value) {
        self.0.store(v.0, std::sync::atomic::Ordering::SeqCst)
    }
}

impl std::fmt::Debug for AtomicValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.load().fmt(f)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::bool(b)
    }
}
impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::int(i)
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::number(n)
    }
}
impl From<Gc<JsObject>> for Value {
    fn from(o: Gc<JsObject>) -> Value {
        Value::object(o)
    }
}
impl From<Gc<JsString>> for Value {
    fn from(s: Gc<JsString>) -> Value {
        Value::string(s)
    }
}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.value_type() {
            ValueType::Undefined => write!(f, "undefined"),
            ValueType::Null => write!(f, "null"),
            ValueType::Boolean => write!(f, "{}", *self == Value::TRUE),
            ValueType::Number => write!(f, "{}", self.as_number().unwrap_or(f64::NAN)),
            ValueType::String => write!(f, "{:?}", self.as_string().map(|s| s.to_rust_string())),
            ValueType::Symbol => write!(f, "Symbol(#{})", self.0 as u32),
            ValueType::BigInt => write!(
                f,
                "{}n",
                self.as_bigint().map(|b| b.to_string()).unwrap_or_default()
            ),
            ValueType::Object => write!(f, "[object @{:#x}]", self.0 & PAYLOAD_MASK),
            ValueType::Internal if self.is_hole() => write!(f, "<hole>"),
            ValueType::Internal if self.is_uninitialized() => write!(f, "<uninitialized>"),
            ValueType::Internal if *self == Value::TERMINATE => write!(f, "<terminate>"),
            ValueType::Internal => write!(f, "<internal @{:#x}>", self.0 & PAYLOAD_MASK),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_canonical_form() {
        assert!(Value::number(3.0).is_int());
        assert_eq!(Value::number(3.0), Value::int(3));
        assert!(!Value::number(-0.0).is_int());
        assert_eq!(
            Value::number(-0.0).as_number().unwrap().to_bits(),
            (-0.0f64).to_bits()
        );
        assert!(!Value::number(2147483648.0).is_int());
        assert_eq!(Value::number(-2147483648.0), Value::int(i32::MIN));
        assert_eq!(Value::number(0.5).as_number(), Some(0.5));
        let computed_nan = f64::from_bits(0xFFF8_0000_0000_0000);
        assert!(computed_nan.is_nan());
        assert_eq!(Value::number(computed_nan), Value::NAN);
        assert!(Value::NAN.is_number());
        assert!(Value::number(f64::NEG_INFINITY).is_number());
        assert_eq!(
            Value::number(f64::NEG_INFINITY).as_number(),
            Some(f64::NEG_INFINITY)
        );
    }

    #[test]
    fn tags_do_not_overlap() {
        for v in [
            Value::UNDEFINED,
            Value::NULL,
            Value::TRUE,
            Value::FALSE,
            Value::HOLE,
        ] {
            assert!(!v.is_number(), "{v:?}");
            assert!(!v.is_cell());
        }
        assert!(Value::int(-1).is_number());
        assert_eq!(Value::int(-1).as_int(), Some(-1));
        assert_eq!(Value::int(-7).as_number(), Some(-7.0));
        assert_eq!(Value::symbol(Atom(9)).as_symbol(), Some(Atom(9)));
        assert!(!Value::symbol(Atom(9)).is_number());
    }

    #[test]
    fn truthiness_of_primitives() {
        assert!(!Value::int(0).truthy());
        assert!(Value::int(-3).truthy());
        assert!(!Value::NAN.truthy());
        assert!(!Value::number(-0.0).truthy());
        assert!(Value::number(0.1).truthy());
        assert!(!Value::UNDEFINED.truthy() && !Value::NULL.truthy() && !Value::FALSE.truthy());
        assert!(Value::TRUE.truthy());
    }
}
