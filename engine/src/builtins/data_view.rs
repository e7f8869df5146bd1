//! DataView: get/set of every element type at any byte offset, in either
//! byte order, over fixed, resizable and shared buffers.

use super::array_buffer::{BufferState, buffer_of, buffer_state};
use super::typed_array::{Elem, raw_to_value, to_raw};
use super::{arg, define_tag};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;

/// A DataView's internal slots (fixed after creation).
#[derive(Clone, Copy)]
pub struct DataViewState {
    pub buffer: Gc<JsObject>,
    pub offset: usize,
    /// None: tracks the length of a resizable buffer.
    pub length: Option<usize>,
}

impl Trace for DataViewState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.buffer);
    }
}

impl BuiltinState for DataViewState {
    fn class_name(&self) -> &'static str {
        "DataView"
    }
}

impl DataViewState {
    fn buf(&self) -> &'static BufferState {
        buffer_of(self.buffer).expect("data view buffer")
    }
    /// GetViewByteLength, or None when out of bounds or detached.
    fn len(&self) -> Option<usize> {
        let b = self.buf();
        if b.is_detached() {
            return None;
        }
        let blen = b.len();
        if self.offset > blen {
            return None;
        }
        match self.length {
            Some(l) if self.offset.checked_add(l)? > blen => None,
            Some(l) => Some(l),
            None => Some(blen - self.offset),
        }
    }
}

pub fn is_data_view(o: Gc<JsObject>) -> bool {
    o.kind.builtin::<DataViewState>().is_some()
}

fn state_of(v: Value) -> Option<DataViewState> {
    v.as_object()
        .and_then(|o| o.kind.builtin::<DataViewState>().copied())
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::DataViewPrototype, proto);
    vm.define_constructor(global, "DataView", 1, constructor, proto);
    for (name, getter) in [
        ("buffer", get_buffer as crate::function::NativeFn),
        ("byteLength", get_byte_length),
        ("byteOffset", get_byte_offset),
    ] {
        vm.define_builtin_accessor(
            proto,
            PropertyKey::from_text(name),
            Some(getter),
            None,
            false,
        );
    }
    let methods: &[(&str, u32, crate::function::NativeFn)] = &[
        ("getInt8", 1, get_i8),
        ("getUint8", 1, get_u8),
        ("getInt16", 1, get_i16),
        ("getUint16", 1, get_u16),
        ("getInt32", 1, get_i32),
        ("getUint32", 1, get_u32),
        ("getFloat16", 1, get_f16),
        ("getFloat32", 1, get_f32),
        ("getFloat64", 1, get_f64),
        ("getBigInt64", 1, get_bi64),
        ("getBigUint64", 1, get_bu64),
        ("setInt8", 2, set_i8),
        ("setUint8", 2, set_u8),
        ("setInt16", 2, set_i16),
        ("setUint16", 2, set_u16),
        ("setInt32", 2, set_i32),
        ("setUint32", 2, set_u32),
        ("setFloat16", 2, set_f16),
        ("setFloat32", 2, set_f32),
        ("setFloat64", 2, set_f64),
        ("setBigInt64", 2, set_bi64),
        ("setBigUint64", 2, set_bu64),
    ];
    for &(name, len, f) in methods {
        vm.define_builtin(proto, name, len, f);
    }
    define_tag(vm, proto, "DataView");
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor DataView requires 'new'");
    }
    let buffer = arg(args, 0);
    let Some(b) = buffer_state(buffer) else {
        return vm.throw(
            ErrorKind::Type,
            "First argument to DataView constructor must be an ArrayBuffer",
        );
    };
    let buffer_obj = buffer.as_object().expect("buffer");
    let offset = vm.to_index(arg(args, 1))?;
    if b.is_detached() {
        return vm.throw(ErrorKind::Type, "ArrayBuffer is detached");
    }
    let blen = b.len();
    if offset > blen {
        return vm.throw(
            ErrorKind::Range,
            "Start offset is outside the bounds of the buffer",
        );
    }
    let len_arg = arg(args, 2);
    let length = if len_arg.is_undefined() {
        if b.is_fixed_length() {
            Some(blen - offset)
        } else {
            None
        }
    } else {
        let l = vm.to_index(len_arg)?;
        if offset as u128 + l as u128 > blen as u128 {
            return vm.throw(ErrorKind::Range, "Invalid DataView length");
        }
        Some(l)
    };
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::DataViewPrototype)?;
    if b.is_detached() {
        return vm.throw(ErrorKind::Type, "ArrayBuffer is detached");
    }
    let blen = b.len();
    if offset > blen {
        return vm.throw(
            ErrorKind::Range,
            "Start offset is outside the bounds of the buffer",
        );
    }
    if let Some(l) = length
        && !len_arg.is_undefined()
        && offset + l > blen
    {
        return vm.throw(ErrorKind::Range, "Invalid DataView length");
    }
    let st = DataViewState {
        buffer: buffer_obj,
        offset,
        length,
    };
    let o = vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(st)));
    Ok(Value::object(o))
}

fn this_view(vm: &mut Vm, this: Value, what: &str) -> JsResult<DataViewState> {
    match state_of(this) {
        Some(s) => Ok(s),
        None => vm.throw(
            ErrorKind::Type,
            &format!("{what} called on incompatible receiver"),
        ),
    }
}

fn get_buffer(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = this_view(vm, this, "get DataView.prototype.buffer")?;
    Ok(Value::object(st.buffer))
}

fn get_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = this_view(vm, this, "get DataView.prototype.byteLength")?;
    match st.len() {
        Some(l) => Ok(Value::number(l as f64)),
        None => vm.throw(ErrorKind::Type, "DataView is detached or out of bounds"),
    }
}

fn get_byte_offset(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = this_view(vm, this, "get DataView.prototype.byteOffset")?;
    match st.len() {
        Some(_) => Ok(Value::number(st.offset as f64)),
        None => vm.throw(ErrorKind::Type, "DataView is detached or out of bounds"),
    }
}

/// The checked byte index of an access of `size` bytes at `index`.
fn view_index(vm: &mut Vm, st: &DataViewState, index: usize, size: usize) -> JsResult<usize> {
    let Some(len) = st.len() else {
        return vm.throw(ErrorKind::Type, "DataView is detached or out of bounds");
    };
    if index as u128 + size as u128 > len as u128 {
        return vm.throw(
            ErrorKind::Range,
            "Offset is outside the bounds of the DataView",
        );
    }
    Ok(st.offset + index)
}

fn get_view(vm: &mut Vm, this: Value, args: &[Value], e: Elem) -> JsResult<Value> {
    let st = this_view(vm, this, "DataView.prototype.get")?;
    let index = vm.to_index(arg(args, 0))?;
    let little = vm.to_boolean(arg(args, 1));
    let size = e.size();
    let at = view_index(vm, &st, index, size)?;
    let bytes = &st.buf().bytes;
    let mut b = [0u8; 8];
    for (k, slot) in b.iter_mut().enumerate().take(size) {
        *slot = bytes.load_byte(at + k);
    }
    if !little {
        b[..size].reverse();
    }
    let raw = u64::from_le_bytes(b);
    Ok(raw_to_value(vm, e, raw))
}

fn set_view(vm: &mut Vm, this: Value, args: &[Value], e: Elem) -> JsResult<Value> {
    let st = this_view(vm, this, "DataView.prototype.set")?;
    let index = vm.to_index(arg(args, 0))?;
    let raw = to_raw(vm, e, arg(args, 1))?;
    let little = vm.to_boolean(arg(args, 2));
    let size = e.size();
    let at = view_index(vm, &st, index, size)?;
    let mut b = raw.to_le_bytes();
    if !little {
        b[..size].reverse();
    }
    let bytes = &st.buf().bytes;
    for (k, &byte) in b.iter().enumerate().take(size) {
        bytes.store_byte(at + k, byte);
    }
    Ok(Value::UNDEFINED)
}

macro_rules! accessors {
    ($($get:ident, $set:ident => $e:expr;)*) => {
        $(
            fn $get(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
                get_view(vm, this, args, $e)
            }
            fn $set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
                set_view(vm, this, args, $e)
            }
        )*
    };
}

accessors! {
    get_i8, set_i8 => Elem::I8;
    get_u8, set_u8 => Elem::U8;
    get_i16, set_i16 => Elem::I16;
    get_u16, set_u16 => Elem::U16;
    get_i32, set_i32 => Elem::I32;
    get_u32, set_u32 => Elem::U32;
    get_f16, set_f16 => Elem::F16;
    get_f32, set_f32 => Elem::F32;
    get_f64, set_f64 => Elem::F64;
    get_bi64, set_bi64 => Elem::BI64;
    get_bu64, set_bu64 => Elem::BU64;
}
