//! Typed arrays: %TypedArray%, its prototype methods and statics, the
//! eleven-plus-one concrete constructors, and the integer-indexed exotic
//! object behaviour (the hooks the object layer calls).
//!
//! A typed array's state (element type, buffer, offset, fixed length or
//! length-tracking) never changes after creation; its elements live in the
//! buffer's shared byte storage (see `array_buffer`).

use std::cmp::Ordering;

use num_bigint::{BigInt, Sign};

use super::array_buffer::{self, BufferState, buffer_of, buffer_state, new_array_buffer};
use super::iterator::{IterKind, create_array_iterator};
use super::{arg, bigint};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm, same_value_zero, strict_equals};
use crate::object::kind::BuiltinState;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyDescriptor, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::string::atom::{names, symbols};
use crate::value::Value;
use crate::value::number::{number_to_string, string_to_number, to_uint32};

/// An element type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Elem {
    I8,
    U8,
    U8C,
    I16,
    U16,
    I32,
    U32,
    F16,
    F32,
    F64,
    BI64,
    BU64,
}

pub const ALL: [Elem; 12] = [
    Elem::I8,
    Elem::U8,
    Elem::U8C,
    Elem::I16,
    Elem::U16,
    Elem::I32,
    Elem::U32,
    Elem::F16,
    Elem::F32,
    Elem::F64,
    Elem::BI64,
    Elem::BU64,
];

impl Elem {
    pub fn size(self) -> usize {
        match self {
            Elem::I8 | Elem::U8 | Elem::U8C => 1,
            Elem::I16 | Elem::U16 | Elem::F16 => 2,
            Elem::I32 | Elem::U32 | Elem::F32 => 4,
            Elem::F64 | Elem::BI64 | Elem::BU64 => 8,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Elem::I8 => "Int8Array",
            Elem::U8 => "Uint8Array",
            Elem::U8C => "Uint8ClampedArray",
            Elem::I16 => "Int16Array",
            Elem::U16 => "Uint16Array",
            Elem::I32 => "Int32Array",
            Elem::U32 => "Uint32Array",
            Elem::F16 => "Float16Array",
            Elem::F32 => "Float32Array",
            Elem::F64 => "Float64Array",
            Elem::BI64 => "BigInt64Array",
            Elem::BU64 => "BigUint64Array",
        }
    }
    pub fn is_bigint(self) -> bool {
        matches!(self, Elem::BI64 | Elem::BU64)
    }
    pub fn proto(self) -> Intrinsic {
        match self {
            Elem::I8 => Intrinsic::Int8ArrayPrototype,
            Elem::U8 => Intrinsic::Uint8ArrayPrototype,
            Elem::U8C => Intrinsic::Uint8ClampedArrayPrototype,
            Elem::I16 => Intrinsic::Int16ArrayPrototype,
            Elem::U16 => Intrinsic::Uint16ArrayPrototype,
            Elem::I32 => Intrinsic::Int32ArrayPrototype,
            Elem::U32 => Intrinsic::Uint32ArrayPrototype,
            Elem::F16 => Intrinsic::Float16ArrayPrototype,
            Elem::F32 => Intrinsic::Float32ArrayPrototype,
            Elem::F64 => Intrinsic::Float64ArrayPrototype,
            Elem::BI64 => Intrinsic::BigInt64ArrayPrototype,
            Elem::BU64 => Intrinsic::BigUint64ArrayPrototype,
        }
    }
    fn ctor(self) -> Intrinsic {
        match self {
            Elem::I8 => Intrinsic::Int8ArrayConstructor,
            Elem::U8 => Intrinsic::Uint8ArrayConstructor,
            Elem::U8C => Intrinsic::Uint8ClampedArrayConstructor,
            Elem::I16 => Intrinsic::Int16ArrayConstructor,
            Elem::U16 => Intrinsic::Uint16ArrayConstructor,
            Elem::I32 => Intrinsic::Int32ArrayConstructor,
            Elem::U32 => Intrinsic::Uint32ArrayConstructor,
            Elem::F16 => Intrinsic::Float16ArrayConstructor,
            Elem::F32 => Intrinsic::Float32ArrayConstructor,
            Elem::F64 => Intrinsic::Float64ArrayConstructor,
            Elem::BI64 => Intrinsic::BigInt64ArrayConstructor,
            Elem::BU64 => Intrinsic::BigUint64ArrayConstructor,
        }
    }
}

// ----- element conversions -----

/// f64 → IEEE binary16 bits, rounding to nearest, ties to even.
pub fn f64_to_f16(x: f64) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    if x.is_nan() {
        return 0x7e00;
    }
    let a = x.abs();
    if a >= 65520.0 {
        return sign | 0x7c00;
    }
    if a < 6.103515625e-05 {
        // Subnormal (or zero): units of 2^-24.
        let m = (a * 16777216.0).round_ties_even() as u16;
        return sign | m;
    }
    let e = ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mant = bits & ((1u64 << 52) - 1);
    let mut m = mant >> 42;
    let rem = mant & ((1u64 << 42) - 1);
    let half = 1u64 << 41;
    if rem > half || (rem == half && m & 1 == 1) {
        m += 1;
    }
    sign | ((((e + 15) as u64) << 10) + m) as u16
}

/// IEEE binary16 bits → f64.
pub fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let m = (h & 0x3ff) as f64;
    let mag = match exp {
        0 => m * 2f64.powi(-24),
        31 => {
            if m == 0.0 {
                f64::INFINITY
            } else {
                return f64::NAN;
            }
        }
        _ => (1.0 + m / 1024.0) * 2f64.powi(exp - 15),
    };
    sign * mag
}

fn clamp_u8(n: f64) -> u8 {
    if n.is_nan() || n <= 0.0 {
        return 0;
    }
    if n >= 255.0 {
        return 255;
    }
    n.round_ties_even() as u8
}

/// The raw bits of Number `n` stored as `e` (not a BigInt type).
pub fn number_to_raw(e: Elem, n: f64) -> u64 {
    match e {
        Elem::U8C => clamp_u8(n) as u64,
        Elem::F16 => f64_to_f16(n) as u64,
        Elem::F32 => (n as f32).to_bits() as u64,
        Elem::F64 => n.to_bits(),
        _ => to_uint32(n) as u64,
    }
}

/// The low 64 bits of `b` in two's complement.
pub fn bigint_to_raw(b: &BigInt) -> u64 {
    let (sign, digits) = b.to_u64_digits();
    let low = digits.first().copied().unwrap_or(0);
    if sign == Sign::Minus {
        low.wrapping_neg()
    } else {
        low
    }
}

/// A non-BigInt element's raw bits as a Number.
pub fn raw_to_f64(e: Elem, raw: u64) -> f64 {
    match e {
        Elem::I8 => raw as u8 as i8 as f64,
        Elem::U8 | Elem::U8C => raw as u8 as f64,
        Elem::I16 => raw as u16 as i16 as f64,
        Elem::U16 => raw as u16 as f64,
        Elem::I32 => raw as u32 as i32 as f64,
        Elem::U32 => raw as u32 as f64,
        Elem::F16 => f16_to_f64(raw as u16),
        Elem::F32 => f32::from_bits(raw as u32) as f64,
        Elem::F64 => f64::from_bits(raw),
        Elem::BI64 => raw as i64 as f64,
        Elem::BU64 => raw as f64,
    }
}

/// RawBytesToNumeric.
pub fn raw_to_value(vm: &mut Vm, e: Elem, raw: u64) -> Value {
    match e {
        Elem::BI64 => vm.bigint_value(BigInt::from(raw as i64)),
        Elem::BU64 => vm.bigint_value(BigInt::from(raw)),
        Elem::I8 | Elem::U8 | Elem::U8C | Elem::I16 | Elem::U16 | Elem::I32 => {
            Value::int(raw_to_f64(e, raw) as i32)
        }
        _ => Value::number(raw_to_f64(e, raw)),
    }
}

/// ToBigInt / ToNumber and conversion to the raw bits of `e`.
pub fn to_raw(vm: &mut Vm, e: Elem, v: Value) -> JsResult<u64> {
    if e.is_bigint() {
        let b = bigint::to_bigint(vm, v)?;
        Ok(bigint_to_raw(&b))
    } else {
        let n = vm.to_number(v)?;
        Ok(number_to_raw(e, n))
    }
}

// ----- state -----

/// A typed array's internal slots.
#[derive(Clone, Copy)]
pub struct TypedArrayState {
    pub elem: Elem,
    pub buffer: Gc<JsObject>,
    pub offset: usize,
    /// None: length-tracking (a view of a resizable buffer's tail).
    pub length: Option<usize>,
}

impl Trace for TypedArrayState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.buffer);
    }
}

impl BuiltinState for TypedArrayState {
    fn class_name(&self) -> &'static str {
        self.elem.name()
    }
}

impl TypedArrayState {
    pub fn buf(&self) -> &'static BufferState {
        buffer_of(self.buffer).expect("typed array buffer")
    }
    /// The length, or None when out of bounds or detached.
    pub fn len(&self) -> Option<usize> {
        let b = self.buf();
        if b.is_detached() {
            return None;
        }
        let blen = b.len();
        if self.offset > blen {
            return None;
        }
        let size = self.elem.size();
        match self.length {
            Some(l) => {
                if self.offset.checked_add(l.checked_mul(size)?)? > blen {
                    None
                } else {
                    Some(l)
                }
            }
            None => Some((blen - self.offset) / size),
        }
    }
    /// Whether it has no elements now (out of bounds counts as empty).
    pub fn is_empty(&self) -> bool {
        self.len().unwrap_or(0) == 0
    }
    fn byte_index(&self, i: usize) -> usize {
        self.offset + i * self.elem.size()
    }
    /// The raw bits of element `i` (caller checked `i < len`).
    pub fn read(&self, i: usize) -> u64 {
        self.buf().bytes.load(self.byte_index(i), self.elem.size())
    }
    pub fn write(&self, i: usize, raw: u64) {
        self.buf()
            .bytes
            .store(self.byte_index(i), self.elem.size(), raw)
    }
    fn valid(&self, i: usize) -> bool {
        self.len().is_some_and(|l| i < l)
    }
    /// IsTypedArrayFixedLength.
    fn is_fixed_length(&self) -> bool {
        if self.length.is_none() {
            return false;
        }
        let b = self.buf();
        b.is_fixed_length() || b.shared
    }
}

pub fn is_typed_array_state(state: &dyn std::any::Any) -> bool {
    state.is::<TypedArrayState>()
}

pub fn is_typed_array(o: Gc<JsObject>) -> bool {
    o.kind.builtin::<TypedArrayState>().is_some()
}

pub fn state_of(o: Gc<JsObject>) -> Option<TypedArrayState> {
    o.kind.builtin::<TypedArrayState>().copied()
}

fn value_state(v: Value) -> Option<TypedArrayState> {
    v.as_object().and_then(state_of)
}

/// The length of a typed array, or None if `o` is not one.
pub fn typed_array_length(vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<usize>> {
    let st = state_of(o)?;
    Some(match st.len() {
        Some(l) => Ok(l),
        None => vm.throw(ErrorKind::Type, "typed array is detached or out of bounds"),
    })
}

// ----- integer-indexed exotic object -----

/// CanonicalNumericIndexString: None if `key` is not numeric; Some(None)
/// if numeric but never a valid integer index; Some(Some(i)) otherwise.
fn numeric_key(key: PropertyKey) -> Option<Option<usize>> {
    match key {
        PropertyKey::Index(i) => Some(Some(i as usize)),
        PropertyKey::Atom(a) => {
            if a.is_symbol() {
                return None;
            }
            let t = a.text();
            let first = *t.first()?;
            if !(first == b'-' as u16
                || first == b'I' as u16
                || first == b'N' as u16
                || (b'0' as u16..=b'9' as u16).contains(&first))
            {
                return None;
            }
            if t == [b'-' as u16, b'0' as u16] {
                return Some(None);
            }
            let n = string_to_number(t);
            let s = number_to_string(n);
            if !s.encode_utf16().eq(t.iter().copied()) {
                return None;
            }
            if n.fract() == 0.0 && (0.0..9.0e15).contains(&n) {
                Some(Some(n as usize))
            } else {
                Some(None)
            }
        }
    }
}

fn element_value(vm: &mut Vm, st: &TypedArrayState, i: usize) -> Value {
    if !st.valid(i) {
        return Value::UNDEFINED;
    }
    let raw = st.read(i);
    raw_to_value(vm, st.elem, raw)
}

/// TypedArraySetElement.
fn set_element(vm: &mut Vm, st: &TypedArrayState, i: Option<usize>, v: Value) -> JsResult<()> {
    let raw = to_raw(vm, st.elem, v)?;
    if let Some(i) = i
        && st.valid(i)
    {
        st.write(i, raw);
    }
    Ok(())
}

pub fn get_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
) -> Option<JsResult<Option<PropertyDescriptor>>> {
    let st = state_of(o)?;
    let idx = numeric_key(key)?;
    Some(Ok(match idx {
        Some(i) if st.valid(i) => {
            let v = element_value(vm, &st, i);
            Some(PropertyDescriptor::data(v, Attributes::DEFAULT))
        }
        _ => None,
    }))
}

pub fn define_own_property(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    desc: PropertyDescriptor,
) -> Option<JsResult<bool>> {
    let st = state_of(o)?;
    let idx = numeric_key(key)?;
    let Some(i) = idx.filter(|&i| st.valid(i)) else {
        return Some(Ok(false));
    };
    if desc.configurable == Some(false)
        || desc.enumerable == Some(false)
        || desc.is_accessor_descriptor()
        || desc.writable == Some(false)
    {
        return Some(Ok(false));
    }
    if let Some(v) = desc.value
        && let Err(e) = set_element(vm, &st, Some(i), v)
    {
        return Some(Err(e));
    }
    Some(Ok(true))
}

pub fn has_property(_vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<JsResult<bool>> {
    let st = state_of(o)?;
    let idx = numeric_key(key)?;
    Some(Ok(idx.is_some_and(|i| st.valid(i))))
}

pub fn get(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    _receiver: Value,
) -> Option<JsResult<Value>> {
    let st = state_of(o)?;
    let idx = numeric_key(key)?;
    Some(Ok(match idx {
        Some(i) => element_value(vm, &st, i),
        None => Value::UNDEFINED,
    }))
}

pub fn set(
    vm: &mut Vm,
    o: Gc<JsObject>,
    key: PropertyKey,
    v: Value,
    receiver: Value,
) -> Option<JsResult<bool>> {
    let st = state_of(o)?;
    let idx = numeric_key(key)?;
    if receiver == Value::object(o) {
        return Some(set_element(vm, &st, idx, v).map(|_| true));
    }
    let Some(i) = idx.filter(|&i| st.valid(i)) else {
        return Some(Ok(true));
    };
    let _ = i;
    // OrdinarySetWithOwnDescriptor with a writable data descriptor.
    Some((|| {
        let Some(r) = receiver.as_object() else {
            return Ok(false);
        };
        match vm.get_own_property(r, key)? {
            Some(d) => {
                if d.is_accessor_descriptor() || d.writable == Some(false) {
                    return Ok(false);
                }
                vm.define_own_property(
                    r,
                    key,
                    PropertyDescriptor {
                        value: Some(v),
                        ..Default::default()
                    },
                )
            }
            None => vm.create_data_property(r, key, v),
        }
    })())
}

pub fn delete_property(_vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> Option<JsResult<bool>> {
    let st = state_of(o)?;
    let idx = numeric_key(key)?;
    Some(Ok(!idx.is_some_and(|i| st.valid(i))))
}

pub fn own_property_keys(o: Gc<JsObject>) -> Option<Vec<PropertyKey>> {
    let st = state_of(o)?;
    let len = st.len().unwrap_or(0);
    let mut keys: Vec<PropertyKey> = (0..len as u64).map(Vm::index_key).collect();
    keys.extend(o.own_keys());
    Some(keys)
}

pub fn prevent_extensions(_vm: &mut Vm, o: Gc<JsObject>) -> Option<JsResult<bool>> {
    let st = state_of(o)?;
    if !st.is_fixed_length() {
        return Some(Ok(false));
    }
    None
}

/// DetachArrayBuffer (for `$262.detachArrayBuffer`): false if `v` is not
/// an ArrayBuffer.
pub fn detach(_vm: &mut Vm, v: Value) -> JsResult<bool> {
    Ok(array_buffer::detach(v))
}

// ----- creation -----

fn make_typed_array(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    elem: Elem,
    buffer: Gc<JsObject>,
    offset: usize,
    length: Option<usize>,
) -> Gc<JsObject> {
    let st = TypedArrayState {
        elem,
        buffer,
        offset,
        length,
    };
    vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(st)))
}

/// AllocateTypedArray with a length (a fresh buffer).
fn allocate_with_length(
    vm: &mut Vm,
    elem: Elem,
    proto: Gc<JsObject>,
    len: usize,
) -> JsResult<Gc<JsObject>> {
    let Some(bytes) = len.checked_mul(elem.size()) else {
        return vm.throw(ErrorKind::Range, "Invalid typed array length");
    };
    let buffer = new_array_buffer(vm, bytes, None)?;
    Ok(make_typed_array(vm, proto, elem, buffer, 0, Some(len)))
}

macro_rules! ctors {
    ($($f:ident => $e:expr,)*) => {
        $(fn $f(vm: &mut Vm, _: Value, args: &[Value], nt: Value) -> JsResult<Value> {
            construct(vm, $e, args, nt)
        })*
    };
}

ctors! {
    ctor_i8 => Elem::I8,
    ctor_u8 => Elem::U8,
    ctor_u8c => Elem::U8C,
    ctor_i16 => Elem::I16,
    ctor_u16 => Elem::U16,
    ctor_i32 => Elem::I32,
    ctor_u32 => Elem::U32,
    ctor_f16 => Elem::F16,
    ctor_f32 => Elem::F32,
    ctor_f64 => Elem::F64,
    ctor_bi64 => Elem::BI64,
    ctor_bu64 => Elem::BU64,
}

fn ctor_fn(e: Elem) -> crate::function::NativeFn {
    match e {
        Elem::I8 => ctor_i8,
        Elem::U8 => ctor_u8,
        Elem::U8C => ctor_u8c,
        Elem::I16 => ctor_i16,
        Elem::U16 => ctor_u16,
        Elem::I32 => ctor_i32,
        Elem::U32 => ctor_u32,
        Elem::F16 => ctor_f16,
        Elem::F32 => ctor_f32,
        Elem::F64 => ctor_f64,
        Elem::BI64 => ctor_bi64,
        Elem::BU64 => ctor_bu64,
    }
}

fn construct(vm: &mut Vm, elem: Elem, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            &format!("Constructor {} requires 'new'", elem.name()),
        );
    }
    let first = arg(args, 0);
    let Some(first_obj) = first.as_object() else {
        let len = vm.to_index(first)?;
        let proto = vm.prototype_from_constructor(new_target, elem.proto())?;
        return Ok(Value::object(allocate_with_length(vm, elem, proto, len)?));
    };
    let proto = vm.prototype_from_constructor(new_target, elem.proto())?;
    vm.root(Value::object(proto));
    if let Some(src) = state_of(first_obj) {
        // InitializeTypedArrayFromTypedArray.
        let Some(len) = src.len() else {
            return vm.throw(
                ErrorKind::Type,
                "source typed array is detached or out of bounds",
            );
        };
        let o = allocate_with_length(vm, elem, proto, len)?;
        if src.elem.is_bigint() != elem.is_bigint() {
            return vm.throw(ErrorKind::Type, "Cannot mix BigInt and other types");
        }
        let dst = state_of(o).expect("typed array");
        copy_elements(&src, 0, &dst, 0, len);
        return Ok(Value::object(o));
    }
    if let Some(buf) = buffer_state(first) {
        // InitializeTypedArrayFromArrayBuffer.
        let size = elem.size();
        let offset = vm.to_index(arg(args, 1))?;
        if offset % size != 0 {
            return vm.throw(
                ErrorKind::Range,
                &format!(
                    "start offset of {} should be a multiple of {size}",
                    elem.name()
                ),
            );
        }
        let length_arg = arg(args, 2);
        let new_length = if length_arg.is_undefined() {
            None
        } else {
            Some(vm.to_index(length_arg)?)
        };
        if buf.is_detached() {
            return vm.throw(ErrorKind::Type, "ArrayBuffer is detached");
        }
        let blen = buf.len();
        let length = match new_length {
            None if !buf.is_fixed_length() => {
                if offset > blen {
                    return vm.throw(
                        ErrorKind::Range,
                        "Start offset is outside the bounds of the buffer",
                    );
                }
                None
            }
            None => {
                if blen % size != 0 {
                    return vm.throw(
                        ErrorKind::Range,
                        &format!(
                            "byte length of {} should be a multiple of {size}",
                            elem.name()
                        ),
                    );
                }
                if offset > blen {
                    return vm.throw(
                        ErrorKind::Range,
                        "Start offset is outside the bounds of the buffer",
                    );
                }
                Some((blen - offset) / size)
            }
            Some(n) => {
                if (offset as u128) + (n as u128) * (size as u128) > blen as u128 {
                    return vm.throw(ErrorKind::Range, "Invalid typed array length");
                }
                Some(n)
            }
        };
        let o = make_typed_array(vm, proto, elem, first_obj, offset, length);
        return Ok(Value::object(o));
    }
    let using_iterator = vm.get_method(first, PropertyKey::Atom(symbols::ITERATOR))?;
    let values = if let Some(f) = using_iterator {
        iterate_with_method(vm, first, f)?
    } else {
        let len = vm.length_of_array_like(first_obj)?;
        let o = allocate_with_length(vm, elem, proto, len as usize)?;
        let st = state_of(o).expect("typed array");
        for k in 0..len {
            let v = vm.get(first_obj, Vm::index_key(k))?;
            set_element(vm, &st, Some(k as usize), v)?;
        }
        return Ok(Value::object(o));
    };
    let o = allocate_with_length(vm, elem, proto, values.len())?;
    let st = state_of(o).expect("typed array");
    for (k, &v) in values.iter().enumerate() {
        set_element(vm, &st, Some(k), v)?;
    }
    Ok(Value::object(o))
}

/// IteratorToList(GetIteratorFromMethod(items, method)); the values stay
/// rooted until the current native returns.
fn iterate_with_method(vm: &mut Vm, items: Value, method: Value) -> JsResult<Vec<Value>> {
    let it = vm.call(method, items, &[])?;
    if !it.is_object() {
        return vm.throw(
            ErrorKind::Type,
            "Result of the Symbol.iterator method is not an object",
        );
    }
    let next = vm.get_value(it, PropertyKey::Atom(names::NEXT))?;
    let record = vm.make_iterator_record(it, next);
    vm.root(record);
    let mut out = Vec::new();
    while let Some(v) = vm.iterator_step_value(record)? {
        vm.root(v);
        out.push(v);
    }
    Ok(out)
}

/// Copies `count` elements between typed arrays of the same content type
/// (converting element types as needed), bounds-checked against both.
fn copy_elements(
    src: &TypedArrayState,
    src_start: usize,
    dst: &TypedArrayState,
    dst_start: usize,
    count: usize,
) {
    let raws: Vec<u64> = (0..count)
        .map(|k| {
            if src.valid(src_start + k) {
                src.read(src_start + k)
            } else {
                0
            }
        })
        .collect();
    for (k, raw) in raws.into_iter().enumerate() {
        let i = dst_start + k;
        if !dst.valid(i) {
            continue;
        }
        let out = if src.elem == dst.elem || (src.elem.is_bigint() && dst.elem.is_bigint()) {
            raw
        } else {
            number_to_raw(dst.elem, raw_to_f64(src.elem, raw))
        };
        dst.write(i, out);
    }
}

/// ValidateTypedArray: the typed array and its current length.
fn validate(
    vm: &mut Vm,
    this: Value,
    method: &str,
) -> JsResult<(Gc<JsObject>, TypedArrayState, usize)> {
    let Some((o, st)) = this.as_object().and_then(|o| state_of(o).map(|s| (o, s))) else {
        return vm.throw(
            ErrorKind::Type,
            &format!("{method}: this is not a typed array"),
        );
    };
    match st.len() {
        Some(len) => Ok((o, st, len)),
        None => vm.throw(
            ErrorKind::Type,
            &format!("{method}: typed array is detached or out of bounds"),
        ),
    }
}

/// TypedArrayCreateFromConstructor.
fn create_from_constructor(
    vm: &mut Vm,
    c: Value,
    args: &[Value],
) -> JsResult<(Gc<JsObject>, TypedArrayState)> {
    let new = vm.construct(c, args, None)?;
    let Some((o, st)) = new.as_object().and_then(|o| state_of(o).map(|s| (o, s))) else {
        return vm.throw(ErrorKind::Type, "constructor did not return a typed array");
    };
    let Some(len) = st.len() else {
        return vm.throw(ErrorKind::Type, "typed array is detached or out of bounds");
    };
    if args.len() == 1
        && let Some(n) = args[0].as_number()
        && (len as f64) < n
    {
        return vm.throw(ErrorKind::Type, "constructed typed array is too small");
    }
    Ok((o, st))
}

/// TypedArraySpeciesCreate.
fn species_create(
    vm: &mut Vm,
    exemplar: Gc<JsObject>,
    st: &TypedArrayState,
    args: &[Value],
) -> JsResult<(Gc<JsObject>, TypedArrayState)> {
    let default = vm.current_realm().intrinsic_value(st.elem.ctor());
    let c = super::promise::species_constructor(vm, exemplar, default)?;
    let (o, nst) = create_from_constructor(vm, c, args)?;
    if nst.elem.is_bigint() != st.elem.is_bigint() {
        return vm.throw(ErrorKind::Type, "Cannot mix BigInt and other types");
    }
    Ok((o, nst))
}

/// TypedArrayCreateSameType.
fn create_same_type(
    vm: &mut Vm,
    st: &TypedArrayState,
    len: usize,
) -> JsResult<(Gc<JsObject>, TypedArrayState)> {
    let proto = vm.current_realm().intrinsic(st.elem.proto());
    let o = allocate_with_length(vm, st.elem, proto, len)?;
    Ok((o, state_of(o).expect("typed array")))
}

// ----- install -----

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::TypedArrayPrototype, proto);
    let ta_ctor = vm.new_native(Atom::intern_str("TypedArray"), 0, abstract_ctor, true, &[]);
    realm.set_intrinsic(Intrinsic::TypedArrayConstructor, ta_ctor);
    ta_ctor.define_own(
        PropertyKey::Atom(names::PROTOTYPE),
        Value::object(proto),
        Attributes::FROZEN,
    );
    proto.define_own(
        PropertyKey::Atom(names::CONSTRUCTOR),
        Value::object(ta_ctor),
        Attributes::HIDDEN,
    );
    vm.define_builtin(ta_ctor, "from", 1, from);
    vm.define_builtin(ta_ctor, "of", 0, of);
    vm.define_builtin_accessor(
        ta_ctor,
        PropertyKey::Atom(symbols::SPECIES),
        Some(species_getter),
        None,
        false,
    );
    for (name, getter) in [
        ("buffer", get_buffer as crate::function::NativeFn),
        ("byteLength", get_byte_length),
        ("byteOffset", get_byte_offset),
        ("length", get_length),
    ] {
        vm.define_builtin_accessor(
            proto,
            PropertyKey::from_text(name),
            Some(getter),
            None,
            false,
        );
    }
    vm.define_builtin_accessor(
        proto,
        PropertyKey::Atom(symbols::TO_STRING_TAG),
        Some(get_tag),
        None,
        false,
    );
    let methods: &[(&str, u32, crate::function::NativeFn)] = &[
        ("at", 1, at),
        ("copyWithin", 2, copy_within),
        ("entries", 0, entries),
        ("every", 1, every),
        ("fill", 1, fill),
        ("filter", 1, filter),
        ("find", 1, find),
        ("findIndex", 1, find_index),
        ("findLast", 1, find_last),
        ("findLastIndex", 1, find_last_index),
        ("forEach", 1, for_each),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("join", 1, join),
        ("keys", 0, keys),
        ("lastIndexOf", 1, last_index_of),
        ("map", 1, map),
        ("reduce", 1, reduce),
        ("reduceRight", 1, reduce_right),
        ("reverse", 0, reverse),
        ("set", 1, set_method),
        ("slice", 2, slice),
        ("some", 1, some),
        ("sort", 1, sort),
        ("subarray", 2, subarray),
        ("toLocaleString", 0, to_locale_string),
        ("toReversed", 0, to_reversed),
        ("toSorted", 1, to_sorted),
        ("with", 2, with),
    ];
    for &(name, len, f) in methods {
        vm.define_builtin(proto, name, len, f);
    }
    let values_fn = vm.define_builtin(proto, "values", 0, values);
    proto.define_own(
        PropertyKey::Atom(symbols::ITERATOR),
        Value::object(values_fn),
        Attributes::HIDDEN,
    );
    let array_proto = realm.intrinsic(Intrinsic::ArrayPrototype);
    if let Some((to_string, _)) = array_proto.get_own(PropertyKey::from_text("toString")) {
        proto.define_own(
            PropertyKey::from_text("toString"),
            to_string,
            Attributes::HIDDEN,
        );
    }

    for e in ALL {
        let p = vm.alloc_object(Value::object(proto), ObjectKind::Ordinary);
        realm.set_intrinsic(e.proto(), p);
        let c = vm.define_constructor(global, e.name(), 3, ctor_fn(e), p);
        c.set_proto(Value::object(ta_ctor));
        realm.set_intrinsic(e.ctor(), c);
        let bpe = Value::int(e.size() as i32);
        super::define_constant(c, "BYTES_PER_ELEMENT", bpe);
        super::define_constant(p, "BYTES_PER_ELEMENT", bpe);
    }
    super::uint8_base64::install(vm, realm);
}

fn abstract_ctor(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    vm.throw(
        ErrorKind::Type,
        "Abstract class TypedArray not directly constructable",
    )
}

fn species_getter(_: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(this)
}

fn from(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (source, mapfn, this_arg) = (arg(args, 0), arg(args, 1), arg(args, 2));
    if !vm.is_constructor(this) {
        return vm.throw(
            ErrorKind::Type,
            "TypedArray.from: this is not a constructor",
        );
    }
    let mapping = !mapfn.is_undefined();
    if mapping && !vm.is_callable(mapfn) {
        return vm.throw(ErrorKind::Type, "TypedArray.from: mapper is not a function");
    }
    let using_iterator = vm.get_method(source, PropertyKey::Atom(symbols::ITERATOR))?;
    if let Some(f) = using_iterator {
        let values = iterate_with_method(vm, source, f)?;
        let (target, _) = create_from_constructor(vm, this, &[Value::number(values.len() as f64)])?;
        for (k, &v) in values.iter().enumerate() {
            let v = if mapping {
                vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
            } else {
                v
            };
            vm.put(target, Vm::index_key(k as u64), v, true)?;
        }
        return Ok(Value::object(target));
    }
    let array_like = vm.to_object(source)?;
    vm.root(Value::object(array_like));
    let len = vm.length_of_array_like(array_like)?;
    let (target, _) = create_from_constructor(vm, this, &[Value::number(len as f64)])?;
    for k in 0..len {
        let v = vm.get(array_like, Vm::index_key(k))?;
        let v = if mapping {
            vm.call(mapfn, this_arg, &[v, Value::number(k as f64)])?
        } else {
            v
        };
        vm.put(target, Vm::index_key(k), v, true)?;
    }
    Ok(Value::object(target))
}

fn of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_constructor(this) {
        return vm.throw(ErrorKind::Type, "TypedArray.of: this is not a constructor");
    }
    let (target, _) = create_from_constructor(vm, this, &[Value::number(args.len() as f64)])?;
    for (k, &v) in args.iter().enumerate() {
        vm.put(target, Vm::index_key(k as u64), v, true)?;
    }
    Ok(Value::object(target))
}

fn require_ta(vm: &mut Vm, this: Value, what: &str) -> JsResult<TypedArrayState> {
    match value_state(this) {
        Some(st) => Ok(st),
        None => vm.throw(
            ErrorKind::Type,
            &format!("{what}: this is not a typed array"),
        ),
    }
}

fn get_buffer(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = require_ta(vm, this, "get TypedArray.prototype.buffer")?;
    Ok(Value::object(st.buffer))
}

fn get_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = require_ta(vm, this, "get TypedArray.prototype.byteLength")?;
    Ok(Value::number(
        st.len().map_or(0, |l| l * st.elem.size()) as f64
    ))
}

fn get_byte_offset(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = require_ta(vm, this, "get TypedArray.prototype.byteOffset")?;
    Ok(Value::number(st.len().map_or(0, |_| st.offset) as f64))
}

fn get_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = require_ta(vm, this, "get TypedArray.prototype.length")?;
    Ok(Value::number(st.len().unwrap_or(0) as f64))
}

fn get_tag(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    match value_state(this) {
        Some(st) => Ok(vm.string_value(st.elem.name())),
        None => Ok(Value::UNDEFINED),
    }
}

fn relative_index(vm: &mut Vm, v: Value, len: usize, default: usize) -> JsResult<usize> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = vm.to_integer_or_infinity(v)?;
    Ok(if n < 0.0 {
        (len as f64 + n).max(0.0) as usize
    } else {
        n.min(len as f64) as usize
    })
}

fn callback(vm: &mut Vm, f: Value, what: &str) -> JsResult<Value> {
    if !vm.is_callable(f) {
        let d = vm.describe_for_error(f);
        return vm.throw(ErrorKind::Type, &format!("{d} is not a function ({what})"));
    }
    Ok(f)
}

fn at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.at")?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(element_value(vm, &st, k as usize))
}

fn copy_within(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, st, len) = validate(vm, this, "TypedArray.prototype.copyWithin")?;
    let to = relative_index(vm, arg(args, 0), len, 0)?;
    let from = relative_index(vm, arg(args, 1), len, 0)?;
    let fin = relative_index(vm, arg(args, 2), len, len)?;
    let count = fin.saturating_sub(from).min(len.saturating_sub(to));
    if count > 0 {
        let Some(len) = st.len() else {
            return vm.throw(ErrorKind::Type, "typed array is detached or out of bounds");
        };
        let size = st.elem.size();
        let limit = len * size + st.offset;
        let mut to_b = to * size + st.offset;
        let mut from_b = from * size + st.offset;
        let mut count_b = count * size;
        let bytes = &st.buf().bytes;
        if from_b < to_b && to_b < from_b + count_b {
            from_b += count_b - 1;
            to_b += count_b - 1;
            while count_b > 0 {
                if from_b < limit && to_b < limit {
                    bytes.store_byte(to_b, bytes.load_byte(from_b));
                }
                from_b = from_b.wrapping_sub(1);
                to_b = to_b.wrapping_sub(1);
                count_b -= 1;
            }
        } else {
            while count_b > 0 {
                if from_b < limit && to_b < limit {
                    bytes.store_byte(to_b, bytes.load_byte(from_b));
                }
                from_b += 1;
                to_b += 1;
                count_b -= 1;
            }
        }
    }
    Ok(Value::object(o))
}

fn entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, _) = validate(vm, this, "TypedArray.prototype.entries")?;
    Ok(create_array_iterator(
        vm,
        Value::object(o),
        IterKind::Entries,
    ))
}

fn keys(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, _) = validate(vm, this, "TypedArray.prototype.keys")?;
    Ok(create_array_iterator(vm, Value::object(o), IterKind::Keys))
}

fn values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, _, _) = validate(vm, this, "TypedArray.prototype.values")?;
    Ok(create_array_iterator(
        vm,
        Value::object(o),
        IterKind::Values,
    ))
}

#[derive(Clone, Copy, PartialEq)]
enum Each {
    Every,
    Some,
    Visit,
    Find,
    FindIndex,
    FindLast,
    FindLastIndex,
}

fn each(vm: &mut Vm, this: Value, args: &[Value], mode: Each, name: &str) -> JsResult<Value> {
    let (o, st, len) = validate(vm, this, name)?;
    let f = callback(vm, arg(args, 0), name)?;
    let this_arg = arg(args, 1);
    let reverse = matches!(mode, Each::FindLast | Each::FindLastIndex);
    for j in 0..len {
        let k = if reverse { len - 1 - j } else { j };
        let v = element_value(vm, &st, k);
        let kv = Value::number(k as f64);
        let r = vm.call(f, this_arg, &[v, kv, Value::object(o)])?;
        let t = vm.to_boolean(r);
        match mode {
            Each::Every if !t => return Ok(Value::FALSE),
            Each::Some if t => return Ok(Value::TRUE),
            Each::Find | Each::FindLast if t => return Ok(v),
            Each::FindIndex | Each::FindLastIndex if t => return Ok(kv),
            _ => {}
        }
    }
    Ok(match mode {
        Each::Every => Value::TRUE,
        Each::Some => Value::FALSE,
        Each::FindIndex | Each::FindLastIndex => Value::int(-1),
        _ => Value::UNDEFINED,
    })
}

fn every(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    each(vm, this, args, Each::Every, "TypedArray.prototype.every")
}
fn some(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    each(vm, this, args, Each::Some, "TypedArray.prototype.some")
}
fn for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    each(vm, this, args, Each::Visit, "TypedArray.prototype.forEach")
}
fn find(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    each(vm, this, args, Each::Find, "TypedArray.prototype.find")
}
fn find_index(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    each(
        vm,
        this,
        args,
        Each::FindIndex,
        "TypedArray.prototype.findIndex",
    )
}
fn find_last(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    each(
        vm,
        this,
        args,
        Each::FindLast,
        "TypedArray.prototype.findLast",
    )
}
fn find_last_index(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    each(
        vm,
        this,
        args,
        Each::FindLastIndex,
        "TypedArray.prototype.findLastIndex",
    )
}

fn fill(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, st, len) = validate(vm, this, "TypedArray.prototype.fill")?;
    let raw = to_raw(vm, st.elem, arg(args, 0))?;
    let start = relative_index(vm, arg(args, 1), len, 0)?;
    let end = relative_index(vm, arg(args, 2), len, len)?;
    let Some(len) = st.len() else {
        return vm.throw(ErrorKind::Type, "typed array is detached or out of bounds");
    };
    let end = end.min(len);
    for k in start..end {
        st.write(k, raw);
    }
    Ok(Value::object(o))
}

fn filter(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, st, len) = validate(vm, this, "TypedArray.prototype.filter")?;
    let f = callback(vm, arg(args, 0), "TypedArray.prototype.filter")?;
    let this_arg = arg(args, 1);
    let mut kept = Vec::new();
    for k in 0..len {
        let v = element_value(vm, &st, k);
        vm.root(v);
        let r = vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])?;
        if vm.to_boolean(r) {
            kept.push(v);
        }
    }
    let (a, _) = species_create(vm, o, &st, &[Value::number(kept.len() as f64)])?;
    for (n, &v) in kept.iter().enumerate() {
        vm.put(a, Vm::index_key(n as u64), v, true)?;
    }
    Ok(Value::object(a))
}

fn includes(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.includes")?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let n = vm.to_integer_or_infinity(arg(args, 1))?;
    if n == f64::INFINITY {
        return Ok(Value::FALSE);
    }
    let start = if n >= 0.0 {
        n as usize
    } else {
        (len as f64 + n).max(0.0) as usize
    };
    let target = arg(args, 0);
    for k in start..len {
        let v = element_value(vm, &st, k);
        if same_value_zero(v, target) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

fn index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.indexOf")?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = vm.to_integer_or_infinity(arg(args, 1))?;
    if n == f64::INFINITY {
        return Ok(Value::int(-1));
    }
    let start = if n >= 0.0 {
        n as usize
    } else {
        (len as f64 + n).max(0.0) as usize
    };
    let target = arg(args, 0);
    for k in start..len {
        if !st.valid(k) {
            continue;
        }
        let v = element_value(vm, &st, k);
        if strict_equals(v, target) {
            return Ok(Value::number(k as f64));
        }
    }
    Ok(Value::int(-1))
}

fn last_index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.lastIndexOf")?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let n = if args.len() > 1 {
        vm.to_integer_or_infinity(args[1])?
    } else {
        len as f64 - 1.0
    };
    if n == f64::NEG_INFINITY {
        return Ok(Value::int(-1));
    }
    let k = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    if k < 0.0 {
        return Ok(Value::int(-1));
    }
    let target = arg(args, 0);
    let mut k = k as i64;
    while k >= 0 {
        let i = k as usize;
        if st.valid(i) {
            let v = element_value(vm, &st, i);
            if strict_equals(v, target) {
                return Ok(Value::number(i as f64));
            }
        }
        k -= 1;
    }
    Ok(Value::int(-1))
}

fn join(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.join")?;
    let sep_arg = arg(args, 0);
    let sep: Vec<u16> = if sep_arg.is_undefined() {
        vec![b',' as u16]
    } else {
        vm.to_string(sep_arg)?.units().to_vec()
    };
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        if k > 0 {
            out.extend_from_slice(&sep);
        }
        let v = element_value(vm, &st, k);
        if !v.is_undefined() {
            let s = vm.to_string(v)?;
            out.extend_from_slice(s.units());
        }
    }
    Ok(Value::string(vm.alloc_string(out)))
}

fn map(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, st, len) = validate(vm, this, "TypedArray.prototype.map")?;
    let f = callback(vm, arg(args, 0), "TypedArray.prototype.map")?;
    let this_arg = arg(args, 1);
    let (a, _) = species_create(vm, o, &st, &[Value::number(len as f64)])?;
    for k in 0..len {
        let v = element_value(vm, &st, k);
        let m = vm.call(f, this_arg, &[v, Value::number(k as f64), Value::object(o)])?;
        vm.put(a, Vm::index_key(k as u64), m, true)?;
    }
    Ok(Value::object(a))
}

fn reduce_impl(vm: &mut Vm, this: Value, args: &[Value], right: bool) -> JsResult<Value> {
    let name = if right {
        "TypedArray.prototype.reduceRight"
    } else {
        "TypedArray.prototype.reduce"
    };
    let (o, st, len) = validate(vm, this, name)?;
    let f = callback(vm, arg(args, 0), name)?;
    let mut order: Box<dyn Iterator<Item = usize>> = if right {
        Box::new((0..len).rev())
    } else {
        Box::new(0..len)
    };
    let mut acc = if args.len() > 1 {
        args[1]
    } else {
        match order.next() {
            Some(k) => element_value(vm, &st, k),
            None => {
                return vm.throw(
                    ErrorKind::Type,
                    "Reduce of empty array with no initial value",
                );
            }
        }
    };
    for k in order {
        vm.root(acc);
        let v = element_value(vm, &st, k);
        acc = vm.call(
            f,
            Value::UNDEFINED,
            &[acc, v, Value::number(k as f64), Value::object(o)],
        )?;
    }
    Ok(acc)
}

fn reduce(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    reduce_impl(vm, this, args, false)
}

fn reduce_right(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    reduce_impl(vm, this, args, true)
}

fn reverse(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (o, st, len) = validate(vm, this, "TypedArray.prototype.reverse")?;
    let (mut lo, mut hi) = (0usize, len);
    while lo + 1 < hi {
        hi -= 1;
        let (a, b) = (st.read(lo), st.read(hi));
        st.write(lo, b);
        st.write(hi, a);
        lo += 1;
    }
    Ok(Value::object(o))
}

fn set_method(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let target = require_ta(vm, this, "TypedArray.prototype.set")?;
    let source = arg(args, 0);
    let offset = vm.to_integer_or_infinity(arg(args, 1))?;
    if offset < 0.0 {
        return vm.throw(ErrorKind::Range, "offset is out of bounds");
    }
    let Some(target_len) = target.len() else {
        return vm.throw(ErrorKind::Type, "typed array is detached or out of bounds");
    };
    if let Some(src) = value_state(source) {
        let Some(src_len) = src.len() else {
            return vm.throw(
                ErrorKind::Type,
                "source typed array is detached or out of bounds",
            );
        };
        if src.elem.is_bigint() != target.elem.is_bigint() {
            return vm.throw(ErrorKind::Type, "Cannot mix BigInt and other types");
        }
        if offset == f64::INFINITY || src_len as f64 + offset > target_len as f64 {
            return vm.throw(ErrorKind::Range, "offset is out of bounds");
        }
        copy_elements(&src, 0, &target, offset as usize, src_len);
        return Ok(Value::UNDEFINED);
    }
    let src = vm.to_object(source)?;
    vm.root(Value::object(src));
    let src_len = vm.length_of_array_like(src)?;
    if offset == f64::INFINITY || src_len as f64 + offset > target_len as f64 {
        return vm.throw(ErrorKind::Range, "offset is out of bounds");
    }
    let offset = offset as usize;
    for k in 0..src_len as usize {
        let v = vm.get(src, Vm::index_key(k as u64))?;
        set_element(vm, &target, Some(offset + k), v)?;
    }
    Ok(Value::UNDEFINED)
}

fn slice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, st, len) = validate(vm, this, "TypedArray.prototype.slice")?;
    let start = relative_index(vm, arg(args, 0), len, 0)?;
    let end = relative_index(vm, arg(args, 1), len, len)?;
    let count = end.saturating_sub(start);
    let (a, ast) = species_create(vm, o, &st, &[Value::number(count as f64)])?;
    if count > 0 {
        let Some(len) = st.len() else {
            return vm.throw(ErrorKind::Type, "typed array is detached or out of bounds");
        };
        let end = end.min(len);
        let count = end.saturating_sub(start);
        if ast.elem == st.elem {
            let size = st.elem.size();
            let src = &st.buf().bytes;
            let dst = &ast.buf().bytes;
            let s = start * size + st.offset;
            let t = ast.offset;
            for k in 0..count * size {
                dst.store_byte(t + k, src.load_byte(s + k));
            }
        } else {
            for (n, k) in (start..end).enumerate() {
                let v = element_value(vm, &st, k);
                vm.put(a, Vm::index_key(n as u64), v, true)?;
            }
        }
    }
    Ok(Value::object(a))
}

fn compare_default(x: Value, y: Value) -> Ordering {
    if let (Some(a), Some(b)) = (x.as_bigint(), y.as_bigint()) {
        return a.0.cmp(&b.0);
    }
    let (a, b) = (x.as_number().unwrap_or(0.0), y.as_number().unwrap_or(0.0));
    match (a.is_nan(), b.is_nan()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    if a < b {
        Ordering::Less
    } else if a > b {
        Ordering::Greater
    } else if a == 0.0 && b == 0.0 {
        match (a.is_sign_negative(), b.is_sign_negative()) {
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            _ => Ordering::Equal,
        }
    } else {
        Ordering::Equal
    }
}

fn compare(vm: &mut Vm, cmp: Value, x: Value, y: Value) -> JsResult<Ordering> {
    if cmp.is_undefined() {
        return Ok(compare_default(x, y));
    }
    let r = vm.call(cmp, Value::UNDEFINED, &[x, y])?;
    let n = vm.to_number(r)?;
    Ok(if n < 0.0 {
        Ordering::Less
    } else if n > 0.0 {
        Ordering::Greater
    } else {
        Ordering::Equal
    })
}

/// Sorts with the typed-array comparison (numeric by default).
fn sort_values(vm: &mut Vm, items: &mut Vec<Value>, cmp: Value) -> JsResult<()> {
    super::array::merge_sort(vm, items, &mut |vm, x, y| compare(vm, cmp, x, y))
}

fn read_all(vm: &mut Vm, st: &TypedArrayState, len: usize) -> Vec<Value> {
    (0..len).map(|k| element_value(vm, st, k)).collect()
}

fn sort(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cmp = super::array::comparator(vm, arg(args, 0))?;
    let (o, st, len) = validate(vm, this, "TypedArray.prototype.sort")?;
    let mut items = read_all(vm, &st, len);
    sort_values(vm, &mut items, cmp)?;
    for (k, &v) in items.iter().enumerate() {
        set_element(vm, &st, Some(k), v)?;
    }
    Ok(Value::object(o))
}

fn to_sorted(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cmp = super::array::comparator(vm, arg(args, 0))?;
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.toSorted")?;
    let (a, ast) = create_same_type(vm, &st, len)?;
    let mut items = read_all(vm, &st, len);
    sort_values(vm, &mut items, cmp)?;
    for (k, &v) in items.iter().enumerate() {
        set_element(vm, &ast, Some(k), v)?;
    }
    Ok(Value::object(a))
}

fn to_reversed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.toReversed")?;
    let (a, ast) = create_same_type(vm, &st, len)?;
    for k in 0..len {
        ast.write(k, st.read(len - 1 - k));
    }
    Ok(Value::object(a))
}

fn with(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.with")?;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    let raw = to_raw(vm, st.elem, arg(args, 1))?;
    if actual < 0.0 || !st.valid_f64(actual) {
        return vm.throw(ErrorKind::Range, "Invalid typed array index");
    }
    let actual = actual as usize;
    let (a, ast) = create_same_type(vm, &st, len)?;
    for k in 0..len {
        let r = if k == actual {
            raw
        } else if st.valid(k) {
            st.read(k)
        } else {
            // Out of bounds now: Get gives undefined, which converts to NaN
            // (or throws for BigInt types).
            if st.elem.is_bigint() {
                return vm.throw(ErrorKind::Type, "Cannot convert undefined to a BigInt");
            }
            number_to_raw(st.elem, f64::NAN)
        };
        ast.write(k, r);
    }
    Ok(Value::object(a))
}

impl TypedArrayState {
    fn valid_f64(&self, i: f64) -> bool {
        i >= 0.0 && i.fract() == 0.0 && i < 9.0e15 && self.valid(i as usize)
    }
}

fn subarray(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = require_ta(vm, this, "TypedArray.prototype.subarray")?;
    let o = this.as_object().expect("typed array");
    let src_len = st.len().unwrap_or(0);
    let begin = relative_index(vm, arg(args, 0), src_len, 0)?;
    let size = st.elem.size();
    let begin_offset = st.offset + begin * size;
    let end_arg = arg(args, 1);
    let args_list: Vec<Value> = if st.length.is_none() && end_arg.is_undefined() {
        vec![Value::object(st.buffer), Value::number(begin_offset as f64)]
    } else {
        let end = relative_index(vm, end_arg, src_len, src_len)?;
        let new_len = end.saturating_sub(begin);
        vec![
            Value::object(st.buffer),
            Value::number(begin_offset as f64),
            Value::number(new_len as f64),
        ]
    };
    let default = vm.current_realm().intrinsic_value(st.elem.ctor());
    let c = super::promise::species_constructor(vm, o, default)?;
    let new = vm.construct(c, &args_list, None)?;
    let Some(nst) = value_state(new) else {
        return vm.throw(ErrorKind::Type, "constructor did not return a typed array");
    };
    if nst.len().is_none() {
        return vm.throw(ErrorKind::Type, "typed array is detached or out of bounds");
    }
    if nst.elem.is_bigint() != st.elem.is_bigint() {
        return vm.throw(ErrorKind::Type, "Cannot mix BigInt and other types");
    }
    Ok(new)
}

fn to_locale_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (_, st, len) = validate(vm, this, "TypedArray.prototype.toLocaleString")?;
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        if k > 0 {
            out.push(b',' as u16);
        }
        let v = element_value(vm, &st, k);
        if !v.is_nullish() {
            let f = vm.get_value(v, PropertyKey::from_text("toLocaleString"))?;
            let r = vm.call(f, v, &[])?;
            let s = vm.to_string(r)?;
            out.extend_from_slice(s.units());
        }
    }
    Ok(Value::string(vm.alloc_string(out)))
}

#[cfg(test)]
mod tests {
    use super::{f16_to_f64, f64_to_f16};

    #[test]
    fn float16_round_trip_and_rounding() {
        for h in 0u16..=0xffff {
            let x = f16_to_f64(h);
            if x.is_nan() {
                assert!(f64_to_f16(x) & 0x7c00 == 0x7c00);
                continue;
            }
            assert_eq!(f64_to_f16(x), h, "bits {h:#x}");
        }
        // Ties go to even; just above a tie rounds up.
        assert_eq!(f64_to_f16(1.0 + 2f64.powi(-11)), 0x3c00);
        assert_eq!(f64_to_f16(1.0 + 3.0 * 2f64.powi(-11)), 0x3c02);
        assert_eq!(f64_to_f16(1.0 + 2f64.powi(-11) + 2f64.powi(-40)), 0x3c01);
        assert_eq!(f64_to_f16(65519.99), 0x7bff);
        assert_eq!(f64_to_f16(65520.0), 0x7c00);
        assert_eq!(f64_to_f16(2f64.powi(-25)), 0);
        assert_eq!(f64_to_f16(2f64.powi(-25) * 1.5), 1);
        assert_eq!(f64_to_f16(-1e-300), 0x8000);
    }
}
