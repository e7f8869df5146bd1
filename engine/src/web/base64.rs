//! `atob` and `btoa` (HTML): forgiving-base64 decode to a binary string,
//! and encode of a binary string (code units up to 0xFF), with an
//! `InvalidCharacterError` DOMException on bad input. Decoding reuses the
//! decoder of `Uint8Array.fromBase64` (`builtins::uint8_base64`) in its
//! loose mode, which accepts exactly what forgiving-base64 accepts.

use super::dom_exception::throw_dom;
use super::{require_args, string_units};
use crate::builtins::arg;
use crate::builtins::uint8_base64::{LastChunk, decode_base64};
use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::JsObject;
use crate::value::Value;

pub(crate) fn install(vm: &mut Vm, global: Gc<JsObject>) {
    vm.define_builtin(global, "atob", 1, atob);
    vm.define_builtin(global, "btoa", 1, btoa);
}

fn atob(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "atob")?;
    let data = string_units(vm, arg(args, 0))?;
    let decoded = decode_base64(&data, false, LastChunk::Loose, usize::MAX);
    if decoded.error {
        return throw_dom(
            vm,
            "InvalidCharacterError",
            "atob: the string to be decoded is not correctly encoded",
        );
    }
    let units = decoded.bytes.iter().map(|&b| b as u16).collect();
    Ok(Value::string(vm.alloc_string(units)))
}

fn btoa(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "btoa")?;
    let data = string_units(vm, arg(args, 0))?;
    let mut bytes = Vec::with_capacity(data.len());
    for u in data {
        match u8::try_from(u) {
            Ok(b) => bytes.push(b),
            Err(_) => {
                return throw_dom(
                    vm,
                    "InvalidCharacterError",
                    "btoa: the string to be encoded contains characters outside of the Latin1 range",
                );
            }
        }
    }
    let text = encode(&bytes);
    Ok(vm.string_value(&text))
}

/// Standard base64 with padding.
fn encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (chunk.get(1).copied().unwrap_or(0) as u32) << 8
            | chunk.get(2).copied().unwrap_or(0) as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
