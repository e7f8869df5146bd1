//! Global functions and values: parseInt, parseFloat, isNaN, isFinite,
//! eval (indirect), globalThis, NaN, Infinity, undefined, and the URI
//! functions.

use super::arg;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::names;
use crate::value::Value;
use crate::value::number::{parse_float_prefix, trim_js};

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    global.define_own(
        PropertyKey::Atom(names::GLOBAL_THIS),
        Value::object(global),
        Attributes::HIDDEN,
    );
    global.define_own(
        PropertyKey::Atom(names::NAN),
        Value::NAN,
        Attributes::FROZEN,
    );
    global.define_own(
        PropertyKey::Atom(names::INFINITY),
        Value::number(f64::INFINITY),
        Attributes::FROZEN,
    );
    global.define_own(
        PropertyKey::Atom(names::UNDEFINED),
        Value::UNDEFINED,
        Attributes::FROZEN,
    );
    vm.define_builtin(global, "parseInt", 2, parse_int);
    vm.define_builtin(global, "parseFloat", 1, parse_float);
    vm.define_builtin(global, "isNaN", 1, is_nan);
    vm.define_builtin(global, "isFinite", 1, is_finite);
    let eval = vm.define_builtin(global, "eval", 1, indirect_eval);
    realm.set_intrinsic(Intrinsic::Eval, eval);
    vm.define_builtin(global, "encodeURI", 1, encode_uri);
    vm.define_builtin(global, "encodeURIComponent", 1, encode_uri_component);
    vm.define_builtin(global, "decodeURI", 1, decode_uri);
    vm.define_builtin(global, "decodeURIComponent", 1, decode_uri_component);
    if let Some((ctor, _)) = global.get_own(PropertyKey::from_text("Number"))
        && let Some(ctor) = ctor.as_object()
    {
        super::number::link_parse_functions(global, ctor);
    }
}

pub(crate) fn parse_int(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    let mut radix = vm.to_int32(arg(args, 1))?;
    let units = trim_js(s.units());
    let (neg, mut rest) = match units.first() {
        Some(&c) if c == b'-' as u16 => (true, &units[1..]),
        Some(&c) if c == b'+' as u16 => (false, &units[1..]),
        _ => (false, units),
    };
    let mut strip_prefix = true;
    if radix != 0 {
        if !(2..=36).contains(&radix) {
            return Ok(Value::NAN);
        }
        if radix != 16 {
            strip_prefix = false;
        }
    } else {
        radix = 10;
    }
    if strip_prefix
        && rest.len() >= 2
        && rest[0] == b'0' as u16
        && (rest[1] == b'x' as u16 || rest[1] == b'X' as u16)
    {
        rest = &rest[2..];
        radix = 16;
    }
    let digits: Vec<u32> = rest
        .iter()
        .map_while(|&c| char::from_u32(c as u32).and_then(|ch| ch.to_digit(radix as u32)))
        .collect();
    if digits.is_empty() {
        return Ok(Value::NAN);
    }
    let mut v = 0f64;
    if radix == 10 && digits.len() > 15 {
        // Parse as a decimal literal for correct rounding.
        let text: String = digits
            .iter()
            .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
            .collect();
        v = text.parse::<f64>().unwrap_or(f64::NAN);
    } else {
        for d in digits {
            v = v * radix as f64 + d as f64;
        }
    }
    Ok(Value::number(if neg { -v } else { v }))
}

pub(crate) fn parse_float(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    Ok(Value::number(parse_float_prefix(s.units())))
}

fn is_nan(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.to_number(arg(args, 0))?.is_nan()))
}

fn is_finite(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.to_number(arg(args, 0))?.is_finite()))
}

/// Indirect eval: global scope, sloppy unless the code says otherwise.
fn indirect_eval(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = arg(args, 0);
    let Some(s) = x.as_string() else { return Ok(x) };
    let source = crate::bytecode::Source::new("eval", s.to_rust_string());
    let kind = crate::compiler::UnitKind::Eval {
        strict: false,
        direct: false,
        in_function: false,
        in_method: false,
        in_class_field: false,
        in_parameters: false,
    };
    let code = crate::compiler::compile(source, kind)
        .map_err(|e| vm.make_error(ErrorKind::Syntax, &e.message))?;
    let realm = vm.current_realm();
    let global = Value::object(realm.global());
    vm.run_code_in(code, global, realm)
}

const URI_UNESCAPED_EXTRA: &str = "-_.!~*'()";

fn encode(vm: &mut Vm, v: Value, keep: &str) -> JsResult<Value> {
    let s = vm.to_string(v)?;
    let units = s.units();
    let mut out = String::new();
    let mut i = 0;
    while i < units.len() {
        let c = units[i];
        if c < 128
            && ((c as u8).is_ascii_alphanumeric()
                || URI_UNESCAPED_EXTRA.contains(c as u8 as char)
                || keep.contains(c as u8 as char))
        {
            out.push(c as u8 as char);
            i += 1;
            continue;
        }
        let cp = if (0xD800..0xDC00).contains(&c) {
            match units.get(i + 1) {
                Some(&d) if (0xDC00..0xE000).contains(&d) => {
                    i += 1;
                    0x10000 + ((c as u32 - 0xD800) << 10) + (d as u32 - 0xDC00)
                }
                _ => return vm.throw(ErrorKind::Uri, "URI malformed"),
            }
        } else if (0xDC00..0xE000).contains(&c) {
            return vm.throw(ErrorKind::Uri, "URI malformed");
        } else {
            c as u32
        };
        let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
        let mut buf = [0u8; 4];
        for b in ch.encode_utf8(&mut buf).bytes() {
            out.push_str(&format!("%{b:02X}"));
        }
        i += 1;
    }
    Ok(vm.string_value(&out))
}

fn decode(vm: &mut Vm, v: Value, reserved: &str) -> JsResult<Value> {
    let s = vm.to_string(v)?;
    let units = s.units();
    let mut out: Vec<u16> = Vec::with_capacity(units.len());
    let mut i = 0;
    let hex = |u: u16| char::from_u32(u as u32).and_then(|c| c.to_digit(16));
    let byte_at = |i: usize| -> Option<u8> {
        if units.get(i) != Some(&(b'%' as u16)) {
            return None;
        }
        Some((hex(*units.get(i + 1)?)? * 16 + hex(*units.get(i + 2)?)?) as u8)
    };
    while i < units.len() {
        if units[i] != b'%' as u16 {
            out.push(units[i]);
            i += 1;
            continue;
        }
        let Some(b) = byte_at(i) else {
            return vm.throw(ErrorKind::Uri, "URI malformed");
        };
        if b < 0x80 {
            if reserved.contains(b as char) || b == b'#' && reserved.contains('#') {
                out.extend_from_slice(&units[i..i + 3]);
            } else {
                out.push(b as u16);
            }
            i += 3;
            continue;
        }
        let n = if b & 0xE0 == 0xC0 {
            2
        } else if b & 0xF0 == 0xE0 {
            3
        } else if b & 0xF8 == 0xF0 {
            4
        } else {
            0
        };
        if n == 0 {
            return vm.throw(ErrorKind::Uri, "URI malformed");
        }
        let mut bytes = vec![b];
        for k in 1..n {
            match byte_at(i + 3 * k) {
                Some(c) if c & 0xC0 == 0x80 => bytes.push(c),
                _ => return vm.throw(ErrorKind::Uri, "URI malformed"),
            }
        }
        match std::str::from_utf8(&bytes) {
            Ok(text) => out.extend(text.encode_utf16()),
            Err(_) => return vm.throw(ErrorKind::Uri, "URI malformed"),
        }
        i += 3 * n;
    }
    Ok(Value::string(vm.alloc_string(out)))
}

fn encode_uri(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    encode(vm, arg(args, 0), ";/?:@&=+$,#")
}

fn encode_uri_component(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    encode(vm, arg(args, 0), "")
}

fn decode_uri(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    decode(vm, arg(args, 0), ";/?:@&=+$,#")
}

fn decode_uri_component(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    decode(vm, arg(args, 0), "")
}
