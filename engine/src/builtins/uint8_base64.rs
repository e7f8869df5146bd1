//! Uint8Array base64 and hex: `Uint8Array.fromBase64`, `fromHex` and
//! `Uint8Array.prototype.toBase64`, `toHex`, `setFromBase64`, `setFromHex`.

use super::arg;
use super::typed_array::{Elem, TypedArrayState, state_of};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{JsObject, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;

pub fn install(vm: &mut Vm, realm: Gc<Realm>) {
    let ctor = realm.intrinsic(Intrinsic::Uint8ArrayConstructor);
    let proto = realm.intrinsic(Intrinsic::Uint8ArrayPrototype);
    vm.define_builtin(ctor, "fromBase64", 1, from_base64);
    vm.define_builtin(ctor, "fromHex", 1, from_hex);
    vm.define_builtin(proto, "toBase64", 0, to_base64);
    vm.define_builtin(proto, "toHex", 0, to_hex);
    vm.define_builtin(proto, "setFromBase64", 1, set_from_base64);
    vm.define_builtin(proto, "setFromHex", 1, set_from_hex);
}

/// ValidateUint8Array.
fn validate_uint8(vm: &mut Vm, v: Value) -> JsResult<TypedArrayState> {
    match v.as_object().and_then(state_of) {
        Some(st) if st.elem == Elem::U8 => Ok(st),
        _ => vm.throw(ErrorKind::Type, "this is not a Uint8Array"),
    }
}

fn current_len(vm: &mut Vm, st: &TypedArrayState) -> JsResult<usize> {
    match st.len() {
        Some(l) => Ok(l),
        None => vm.throw(ErrorKind::Type, "typed array is detached or out of bounds"),
    }
}

/// GetOptionsObject.
fn options_object(vm: &mut Vm, v: Value) -> JsResult<Option<Gc<JsObject>>> {
    if v.is_undefined() {
        return Ok(None);
    }
    match v.as_object() {
        Some(o) => Ok(Some(o)),
        None => vm.throw(ErrorKind::Type, "options must be an object"),
    }
}

fn string_option(
    vm: &mut Vm,
    opts: Option<Gc<JsObject>>,
    name: &str,
    allowed: &[&str],
) -> JsResult<usize> {
    let Some(o) = opts else { return Ok(0) };
    let v = vm.get(o, PropertyKey::from_text(name))?;
    if v.is_undefined() {
        return Ok(0);
    }
    let Some(s) = v.as_string() else {
        return vm.throw(ErrorKind::Type, &format!("{name} must be a string"));
    };
    let text = s.to_rust_string();
    match allowed.iter().position(|a| *a == text) {
        Some(i) => Ok(i),
        None => vm.throw(ErrorKind::Type, &format!("invalid {name} option")),
    }
}

/// Whether to use the base64url alphabet.
fn alphabet(vm: &mut Vm, opts: Option<Gc<JsObject>>) -> JsResult<bool> {
    Ok(string_option(vm, opts, "alphabet", &["base64", "base64url"])? == 1)
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum LastChunk {
    Loose,
    Strict,
    StopBeforePartial,
}

fn last_chunk(vm: &mut Vm, opts: Option<Gc<JsObject>>) -> JsResult<LastChunk> {
    Ok(
        match string_option(
            vm,
            opts,
            "lastChunkHandling",
            &["loose", "strict", "stop-before-partial"],
        )? {
            0 => LastChunk::Loose,
            1 => LastChunk::Strict,
            _ => LastChunk::StopBeforePartial,
        },
    )
}

fn bytes_of(st: &TypedArrayState, len: usize) -> Vec<u8> {
    (0..len).map(|i| st.read(i) as u8).collect()
}

fn to_base64(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = validate_uint8(vm, this)?;
    let opts = options_object(vm, arg(args, 0))?;
    let url = alphabet(vm, opts)?;
    let omit_padding = match opts {
        Some(o) => {
            let v = vm.get(o, PropertyKey::from_text("omitPadding"))?;
            vm.to_boolean(v)
        }
        None => false,
    };
    let len = current_len(vm, &st)?;
    let bytes = bytes_of(&st, len);
    let table: &[u8; 64] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out: Vec<u16> = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = ((b[0] as u32) << 16) | ((b[1] as u32) << 8) | b[2] as u32;
        let chars = [
            table[(n >> 18) as usize & 63],
            table[(n >> 12) as usize & 63],
            table[(n >> 6) as usize & 63],
            table[n as usize & 63],
        ];
        let keep = chunk.len() + 1;
        for (k, &c) in chars.iter().enumerate() {
            if k < keep {
                out.push(c as u16);
            } else if !omit_padding {
                out.push(b'=' as u16);
            }
        }
    }
    Ok(Value::string(vm.alloc_string(out)))
}

fn to_hex(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let st = validate_uint8(vm, this)?;
    let len = current_len(vm, &st)?;
    let digits = b"0123456789abcdef";
    let mut out: Vec<u16> = Vec::with_capacity(len * 2);
    for b in bytes_of(&st, len) {
        out.push(digits[(b >> 4) as usize] as u16);
        out.push(digits[(b & 15) as usize] as u16);
    }
    Ok(Value::string(vm.alloc_string(out)))
}

/// The result of decoding: characters read, bytes, and whether a syntax
/// error stopped it.
pub(crate) struct Decoded {
    pub(crate) read: usize,
    pub(crate) bytes: Vec<u8>,
    pub(crate) error: bool,
}

fn is_ascii_whitespace(c: u16) -> bool {
    matches!(c, 0x09 | 0x0a | 0x0c | 0x0d | 0x20)
}

fn skip_ws(s: &[u16], mut i: usize) -> usize {
    while i < s.len() && is_ascii_whitespace(s[i]) {
        i += 1;
    }
    i
}

fn b64_value(c: u16) -> Option<u32> {
    let c = u8::try_from(c).ok()?;
    Some(match c {
        b'A'..=b'Z' => (c - b'A') as u32,
        b'a'..=b'z' => (c - b'a') as u32 + 26,
        b'0'..=b'9' => (c - b'0') as u32 + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

/// DecodeBase64Chunk: None when extra bits are set and that is an error.
fn decode_chunk(chunk: &[u32], throw_on_extra_bits: bool) -> Option<Vec<u8>> {
    let mut n = 0u32;
    for k in 0..4 {
        n = (n << 6) | chunk.get(k).copied().unwrap_or(0);
    }
    let b = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    match chunk.len() {
        2 => {
            if throw_on_extra_bits && b[1] != 0 {
                return None;
            }
            Some(vec![b[0]])
        }
        3 => {
            if throw_on_extra_bits && b[2] != 0 {
                return None;
            }
            Some(vec![b[0], b[1]])
        }
        _ => Some(b.to_vec()),
    }
}

/// FromBase64.
pub(crate) fn decode_base64(s: &[u16], url: bool, last: LastChunk, max_length: usize) -> Decoded {
    let mut d = Decoded {
        read: 0,
        bytes: Vec::new(),
        error: false,
    };
    if max_length == 0 {
        return d;
    }
    let mut chunk: Vec<u32> = Vec::with_capacity(4);
    let mut index = 0;
    let length = s.len();
    loop {
        index = skip_ws(s, index);
        if index == length {
            if !chunk.is_empty() {
                match last {
                    LastChunk::StopBeforePartial => return d,
                    LastChunk::Loose => {
                        if chunk.len() == 1 {
                            d.error = true;
                            return d;
                        }
                        d.bytes
                            .extend(decode_chunk(&chunk, false).unwrap_or_default());
                    }
                    LastChunk::Strict => {
                        d.error = true;
                        return d;
                    }
                }
            }
            d.read = length;
            return d;
        }
        let mut c = s[index];
        index += 1;
        if c == b'=' as u16 {
            if chunk.len() < 2 {
                d.error = true;
                return d;
            }
            index = skip_ws(s, index);
            if chunk.len() == 2 {
                if index == length {
                    if last != LastChunk::StopBeforePartial {
                        d.error = true;
                    }
                    return d;
                }
                if s[index] == b'=' as u16 {
                    index = skip_ws(s, index + 1);
                }
            }
            if index < length {
                d.error = true;
                return d;
            }
            match decode_chunk(&chunk, last == LastChunk::Strict) {
                Some(b) => d.bytes.extend(b),
                None => {
                    d.error = true;
                    return d;
                }
            }
            d.read = length;
            return d;
        }
        if url {
            if c == b'+' as u16 || c == b'/' as u16 {
                d.error = true;
                return d;
            } else if c == b'-' as u16 {
                c = b'+' as u16;
            } else if c == b'_' as u16 {
                c = b'/' as u16;
            }
        }
        let Some(v) = b64_value(c) else {
            d.error = true;
            return d;
        };
        let remaining = max_length - d.bytes.len();
        if (remaining == 1 && chunk.len() == 2) || (remaining == 2 && chunk.len() == 3) {
            return d;
        }
        chunk.push(v);
        if chunk.len() == 4 {
            d.bytes
                .extend(decode_chunk(&chunk, false).unwrap_or_default());
            chunk.clear();
            d.read = index;
            if d.bytes.len() == max_length {
                return d;
            }
        }
    }
}

fn hex_value(c: u16) -> Option<u8> {
    let c = u8::try_from(c).ok()?;
    (c as char).to_digit(16).map(|d| d as u8)
}

/// FromHex.
fn decode_hex(s: &[u16], max_length: usize) -> Decoded {
    let mut d = Decoded {
        read: 0,
        bytes: Vec::new(),
        error: false,
    };
    if !s.len().is_multiple_of(2) {
        d.error = true;
        return d;
    }
    while d.read < s.len() && d.bytes.len() < max_length {
        let (Some(hi), Some(lo)) = (hex_value(s[d.read]), hex_value(s[d.read + 1])) else {
            d.error = true;
            return d;
        };
        d.read += 2;
        d.bytes.push((hi << 4) | lo);
    }
    d
}

fn string_arg(vm: &mut Vm, v: Value) -> JsResult<Gc<crate::string::JsString>> {
    match v.as_string() {
        Some(s) => Ok(s),
        None => vm.throw(ErrorKind::Type, "argument must be a string"),
    }
}

fn new_uint8_array(vm: &mut Vm, bytes: &[u8]) -> JsResult<Value> {
    let ctor = vm
        .current_realm()
        .intrinsic_value(Intrinsic::Uint8ArrayConstructor);
    let a = vm.construct(ctor, &[Value::number(bytes.len() as f64)], None)?;
    if let Some(st) = value_state(a) {
        for (i, &b) in bytes.iter().enumerate() {
            st.write(i, b as u64);
        }
    }
    Ok(a)
}

fn value_state(v: Value) -> Option<TypedArrayState> {
    v.as_object().and_then(state_of)
}

fn from_base64(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = string_arg(vm, arg(args, 0))?;
    let opts = options_object(vm, arg(args, 1))?;
    let url = alphabet(vm, opts)?;
    let last = last_chunk(vm, opts)?;
    let d = decode_base64(s.units(), url, last, usize::MAX);
    if d.error {
        return vm.throw(ErrorKind::Syntax, "invalid base64 string");
    }
    new_uint8_array(vm, &d.bytes)
}

fn from_hex(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = string_arg(vm, arg(args, 0))?;
    let d = decode_hex(s.units(), usize::MAX);
    if d.error {
        return vm.throw(ErrorKind::Syntax, "invalid hex string");
    }
    new_uint8_array(vm, &d.bytes)
}

fn write_result(vm: &mut Vm, st: &TypedArrayState, d: &Decoded) -> JsResult<Value> {
    for (i, &b) in d.bytes.iter().enumerate() {
        if st.len().is_some_and(|l| i < l) {
            st.write(i, b as u64);
        }
    }
    if d.error {
        return vm.throw(ErrorKind::Syntax, "invalid encoded string");
    }
    let o = vm.new_object();
    o.define_own(
        PropertyKey::from_text("read"),
        Value::number(d.read as f64),
        crate::object::Attributes::DEFAULT,
    );
    o.define_own(
        PropertyKey::from_text("written"),
        Value::number(d.bytes.len() as f64),
        crate::object::Attributes::DEFAULT,
    );
    Ok(Value::object(o))
}

fn set_from_base64(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = validate_uint8(vm, this)?;
    let s = string_arg(vm, arg(args, 0))?;
    let opts = options_object(vm, arg(args, 1))?;
    let url = alphabet(vm, opts)?;
    let last = last_chunk(vm, opts)?;
    let len = current_len(vm, &st)?;
    let d = decode_base64(s.units(), url, last, len);
    write_result(vm, &st, &d)
}

fn set_from_hex(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let st = validate_uint8(vm, this)?;
    let s = string_arg(vm, arg(args, 0))?;
    let len = current_len(vm, &st)?;
    let d = decode_hex(s.units(), len);
    write_result(vm, &st, &d)
}
