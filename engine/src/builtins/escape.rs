//! The global `escape` and `unescape` of Annex B: percent-encoding of
//! UTF-16 code units (`%XX` below 256, `%uXXXX` above), which older
//! libraries (qs, crypto-js, uuid) still use for UTF-8 conversion.

use super::arg;
use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::JsObject;
use crate::value::Value;

pub(crate) fn install(vm: &mut Vm, global: Gc<JsObject>) {
    vm.define_builtin(global, "escape", 1, escape);
    vm.define_builtin(global, "unescape", 1, unescape);
}

/// Characters `escape` leaves as they are.
fn unescaped(c: u16) -> bool {
    c < 128 && ((c as u8).is_ascii_alphanumeric() || b"@*_+-./".contains(&(c as u8)))
}

fn escape(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    let mut out = String::with_capacity(s.units().len());
    for &c in s.units() {
        match c {
            c if unescaped(c) => out.push(c as u8 as char),
            c if c < 256 => out.push_str(&format!("%{c:02X}")),
            c => out.push_str(&format!("%u{c:04X}")),
        }
    }
    Ok(vm.string_value(&out))
}

fn unescape(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_string(arg(args, 0))?;
    let units = s.units();
    let hex = |range: &[u16]| -> Option<u16> {
        range.iter().try_fold(0u16, |acc, &u| {
            char::from_u32(u as u32)?
                .to_digit(16)
                .map(|d| acc * 16 + d as u16)
        })
    };
    let mut out: Vec<u16> = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let c = units[i];
        if c == b'%' as u16 {
            if units.get(i + 1) == Some(&(b'u' as u16))
                && let Some(v) = units.get(i + 2..i + 6).and_then(hex)
            {
                out.push(v);
                i += 6;
                continue;
            }
            if let Some(v) = units.get(i + 1..i + 3).and_then(hex) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    Ok(Value::string(vm.alloc_string(out)))
}
