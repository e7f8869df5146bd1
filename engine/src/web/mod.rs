//! The web platform APIs a runtime provides beside the language: the
//! subset of the WinterTC *Minimum Common Web Platform API* that makes
//! sense without networking or files. Installed on every realm's global
//! object after the language's built-ins (`builtins::install`), so every
//! JS thread sees them. One file per family.
//!
//! May touch the interpreter's public helpers and the engine's threads
//! (a thread's event loop runs its timers); the language's built-ins never
//! depend on this folder. Each family keeps its state in Rust
//! (`BuiltinState`) behind the object's own lock or in immutable fields,
//! and never holds a Rust lock while it calls into JS.

pub(crate) mod abort;
pub(crate) mod base64;
pub(crate) mod crypto;
pub(crate) mod dom_exception;
pub(crate) mod encoding;
pub(crate) mod event;
pub(crate) mod microtask;
pub(crate) mod performance;
pub(crate) mod report_error;
pub(crate) mod structured_clone;
pub mod timers;
pub(crate) mod url;

use crate::builtins::array_buffer::{BufferState, buffer_of, new_array_buffer};
use crate::builtins::data_view::DataViewState;
use crate::builtins::typed_array::{self, Elem, TypedArrayState};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{JsObject, ObjectKind};
use crate::realm::Realm;
use crate::value::Value;

/// Installs the web APIs on `global`.
pub(crate) fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    timers::install(vm, global);
    microtask::install(vm, global);
    performance::install(vm, realm, global);
    dom_exception::install(vm, realm, global);
    base64::install(vm, global);
    report_error::install(vm, global);
    encoding::install(vm, realm, global);
    crypto::install(vm, realm, global);
    structured_clone::install(vm, realm, global);
    url::install(vm, realm, global);
    event::install(vm, realm, global);
    abort::install(vm, realm, global);
}

/// WebIDL's check that an operation got its required arguments: a
/// TypeError naming the API otherwise.
pub(crate) fn require_args(vm: &mut Vm, args: &[Value], n: usize, api: &str) -> JsResult<()> {
    if args.len() < n {
        let plural = if n == 1 { "" } else { "s" };
        return vm.throw(
            ErrorKind::Type,
            &format!(
                "{api}: {n} argument{plural} required, but only {} present",
                args.len()
            ),
        );
    }
    Ok(())
}

/// `this` if its internal state is a `T`, or a TypeError naming `api`
/// ("Illegal invocation" in browsers). Read the state with
/// `o.kind.builtin::<T>()`.
pub(crate) fn this_with<T: 'static>(vm: &mut Vm, this: Value, api: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.kind.builtin::<T>().is_some() => Ok(o),
        _ => vm.throw(
            ErrorKind::Type,
            &format!("{api}: called on an object that does not implement it"),
        ),
    }
}

/// A WebIDL DOMString argument (ToString), as UTF-16 units.
pub(crate) fn string_units(vm: &mut Vm, v: Value) -> JsResult<Vec<u16>> {
    Ok(vm.to_string(v)?.units().to_vec())
}

/// A WebIDL USVString argument: ToString, then lone surrogates become
/// U+FFFD.
pub(crate) fn usv_string(vm: &mut Vm, v: Value) -> JsResult<String> {
    let s = vm.to_string(v)?;
    Ok(String::from_utf16_lossy(s.units()))
}

/// The bytes a BufferSource (ArrayBuffer, SharedArrayBuffer, typed array
/// or DataView) views: `len` bytes of `buffer` from `offset` (0 bytes when
/// detached or out of bounds).
#[derive(Clone, Copy)]
pub(crate) struct ByteView {
    pub(crate) buffer: &'static BufferState,
    pub(crate) offset: usize,
    pub(crate) len: usize,
}

impl ByteView {
    /// A copy of the viewed bytes.
    pub(crate) fn to_vec(self) -> Vec<u8> {
        (0..self.len)
            .map(|i| self.buffer.bytes.load_byte(self.offset + i))
            .collect()
    }
    /// Writes `bytes` from the start of the view (as many as fit).
    pub(crate) fn write(self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().take(self.len).enumerate() {
            self.buffer.bytes.store_byte(self.offset + i, b);
        }
    }
}

/// The view of `v` if it is a BufferSource.
pub(crate) fn buffer_source(v: Value) -> Option<ByteView> {
    let o = v.as_object()?;
    if let Some(buffer) = buffer_of(o) {
        return Some(ByteView {
            buffer,
            offset: 0,
            len: buffer.len(),
        });
    }
    if let Some(st) = typed_array::state_of(o) {
        return Some(ByteView {
            buffer: st.buf(),
            offset: st.offset,
            len: st.len().unwrap_or(0) * st.elem.size(),
        });
    }
    let dv = o.kind.builtin::<DataViewState>()?;
    let buffer = buffer_of(dv.buffer)?;
    let blen = buffer.len();
    let len = match dv.length {
        _ if buffer.is_detached() || dv.offset > blen => 0,
        Some(l) if dv.offset.saturating_add(l) > blen => 0,
        Some(l) => l,
        None => blen - dv.offset,
    };
    Some(ByteView {
        buffer,
        offset: dv.offset,
        len,
    })
}

/// A typed array of the current realm over `buffer`.
pub(crate) fn new_typed_array(
    vm: &mut Vm,
    elem: Elem,
    buffer: Gc<JsObject>,
    offset: usize,
    length: Option<usize>,
) -> Gc<JsObject> {
    let proto = vm.current_realm().intrinsic(elem.proto());
    let st = TypedArrayState {
        elem,
        buffer,
        offset,
        length,
    };
    vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(st)))
}

/// A new Uint8Array holding `bytes`.
pub(crate) fn new_uint8_array(vm: &mut Vm, bytes: &[u8]) -> JsResult<Gc<JsObject>> {
    let buffer = new_array_buffer(vm, bytes.len(), None)?;
    if let Some(b) = buffer_of(buffer) {
        for (i, &byte) in bytes.iter().enumerate() {
            b.bytes.store_byte(i, byte);
        }
    }
    Ok(new_typed_array(vm, Elem::U8, buffer, 0, Some(bytes.len())))
}

/// Member `name` of a WebIDL dictionary argument (undefined when the
/// dictionary is undefined or null; a TypeError naming `api` when it is
/// not an object).
pub(crate) fn dictionary_member(
    vm: &mut Vm,
    dict: Value,
    name: &str,
    api: &str,
) -> JsResult<Value> {
    if dict.is_nullish() {
        return Ok(Value::UNDEFINED);
    }
    match dict.as_object() {
        Some(o) => vm.get(o, crate::object::PropertyKey::from_text(name)),
        None => vm.throw(
            ErrorKind::Type,
            &format!("{api}: the options argument is not an object"),
        ),
    }
}

/// A boolean dictionary member (false when absent).
pub(crate) fn bool_member(vm: &mut Vm, dict: Value, name: &str, api: &str) -> JsResult<bool> {
    let v = dictionary_member(vm, dict, name, api)?;
    Ok(vm.to_boolean(v))
}
