//! `util.format`: the `%s %d %i %f %j %o %O %c %%` substitutions console
//! methods apply to their first argument, then the other arguments
//! inspected and joined by spaces (Node's `formatWithOptionsInternal`).

use super::primitive::{number_text, symbol_text};
use super::{Compact, InspectOptions, inspect};
use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::{JsObject, PropertyKey};
use crate::string::atom::{names, symbols};
use crate::value::Value;

/// `util.format(...args)` with default options.
pub fn format_args(vm: &mut Vm, args: &[Value]) -> JsResult<String> {
    format_with_options(vm, &InspectOptions::default(), args)
}

/// `util.formatWithOptions(options, ...args)`.
pub fn format_with_options(vm: &mut Vm, opts: &InspectOptions, args: &[Value]) -> JsResult<String> {
    let mut out = String::new();
    let mut a = 0usize;
    let mut join = "";
    if let Some(first) = args.first().and_then(|v| v.as_string()) {
        if args.len() == 1 {
            return Ok(first.to_rust_string());
        }
        let units = first.units().to_vec();
        let text = |from: usize, to: usize| String::from_utf16_lossy(&units[from..to]);
        let mut last_pos = 0usize;
        let mut i = 0usize;
        while i + 1 < units.len() {
            if units[i] == b'%' as u16 {
                i += 1;
                let next = units[i];
                if a + 1 != args.len() {
                    let piece = match next as u8 {
                        b's' if next < 128 => {
                            a += 1;
                            Some(format_s(vm, opts, args[a])?)
                        }
                        b'j' if next < 128 => {
                            a += 1;
                            Some(format_j(vm, args[a])?)
                        }
                        b'd' if next < 128 => {
                            a += 1;
                            let v = args[a];
                            Some(if let Some(b) = v.as_bigint() {
                                format!("{b}n")
                            } else if v.is_symbol() {
                                "NaN".into()
                            } else {
                                let n = vm.to_number(v)?;
                                number_text(n)
                            })
                        }
                        b'O' if next < 128 => {
                            a += 1;
                            Some(inspect(vm, args[a], opts)?)
                        }
                        b'o' if next < 128 => {
                            a += 1;
                            let o = InspectOptions {
                                show_hidden: true,
                                show_proxy: true,
                                depth: 4.0,
                                ..opts.clone()
                            };
                            Some(inspect(vm, args[a], &o)?)
                        }
                        b'i' if next < 128 => {
                            a += 1;
                            let v = args[a];
                            Some(if let Some(b) = v.as_bigint() {
                                format!("{b}n")
                            } else if v.is_symbol() {
                                "NaN".into()
                            } else {
                                let n = crate::builtins::global::parse_int(
                                    vm,
                                    Value::UNDEFINED,
                                    &[v],
                                    Value::UNDEFINED,
                                )?;
                                number_text(n.as_number().unwrap_or(f64::NAN))
                            })
                        }
                        b'f' if next < 128 => {
                            a += 1;
                            let v = args[a];
                            Some(if v.is_symbol() {
                                "NaN".into()
                            } else {
                                let n = crate::builtins::global::parse_float(
                                    vm,
                                    Value::UNDEFINED,
                                    &[v],
                                    Value::UNDEFINED,
                                )?;
                                number_text(n.as_number().unwrap_or(f64::NAN))
                            })
                        }
                        b'c' if next < 128 => {
                            a += 1;
                            Some(String::new())
                        }
                        b'%' if next < 128 => {
                            out.push_str(&text(last_pos, i));
                            last_pos = i + 1;
                            None
                        }
                        _ => None,
                    };
                    if let Some(piece) = piece {
                        if last_pos != i - 1 {
                            out.push_str(&text(last_pos, i - 1));
                        }
                        out.push_str(&piece);
                        last_pos = i + 1;
                    }
                } else if next == b'%' as u16 {
                    out.push_str(&text(last_pos, i));
                    last_pos = i + 1;
                }
            }
            i += 1;
        }
        if last_pos != 0 {
            a += 1;
            join = " ";
            if last_pos < units.len() {
                out.push_str(&text(last_pos, units.len()));
            }
        }
    }
    while a < args.len() {
        let v = args[a];
        out.push_str(join);
        match v.as_string() {
            Some(s) => out.push_str(&s.to_rust_string()),
            None => out.push_str(&inspect(vm, v, opts)?),
        }
        join = " ";
        a += 1;
    }
    Ok(out)
}

/// `%s`: numbers and bigints as inspect shows them, objects with a
/// built-in `toString` inspected one level deep, anything else `String(v)`.
fn format_s(vm: &mut Vm, opts: &InspectOptions, v: Value) -> JsResult<String> {
    if let Some(n) = v.as_number() {
        return Ok(number_text(n));
    }
    if let Some(b) = v.as_bigint() {
        return Ok(format!("{b}n"));
    }
    if let Some(o) = v.as_object()
        && !vm.is_callable(v)
        && has_built_in_to_string(vm, o)?
    {
        let o = InspectOptions {
            compact: Compact::Levels(3),
            colors: false,
            depth: 0.0,
            ..opts.clone()
        };
        return inspect(vm, v, &o);
    }
    if let Some(a) = v.as_symbol() {
        return Ok(symbol_text(a));
    }
    vm.to_rust_string(v)
}

/// `%j`: `JSON.stringify`, or `[Circular]` for a cyclic value.
fn format_j(vm: &mut Vm, v: Value) -> JsResult<String> {
    match crate::builtins::json::stringify(vm, Value::UNDEFINED, &[v], Value::UNDEFINED) {
        Ok(s) if s.is_undefined() => Ok("undefined".into()),
        Ok(s) => vm.to_rust_string(s),
        Err(e) => {
            let circular = e.as_object().is_some_and(|eo| {
                eo.get_own(PropertyKey::Atom(names::MESSAGE))
                    .and_then(|(m, _)| m.as_string())
                    .is_some_and(|m| m.to_rust_string().to_ascii_lowercase().contains("circular"))
            });
            if circular {
                Ok("[Circular]".into())
            } else {
                Err(e)
            }
        }
    }
}

/// Node's `hasBuiltInToString`: whether the `toString` (or
/// `Symbol.toPrimitive`) an object would use comes from a built-in
/// prototype, in which case `%s` inspects it instead of calling it.
fn has_built_in_to_string(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<bool> {
    let mut o = o;
    if let Some(t) = crate::builtins::proxy::proxy_target(o) {
        match t.ok().and_then(|t| t.as_object()) {
            Some(target) => o = target,
            None => return Ok(true),
        }
    }
    let to_string = PropertyKey::Atom(names::TO_STRING);
    let to_primitive = PropertyKey::Atom(symbols::TO_PRIMITIVE);
    let mut check_to_string = true;
    let mut check_to_primitive = true;
    let ts = vm.get(o, to_string)?;
    if !vm.is_callable(ts) {
        let tp = vm.get(o, to_primitive)?;
        if !vm.is_callable(tp) {
            return Ok(true);
        } else if o.get_own(to_primitive).is_some() {
            return Ok(false);
        }
        check_to_string = false;
    } else if o.get_own(to_string).is_some() {
        return Ok(false);
    } else {
        let tp = vm.get(o, to_primitive)?;
        if !vm.is_callable(tp) {
            check_to_primitive = false;
        } else if o.get_own(to_primitive).is_some() {
            return Ok(false);
        }
    }
    let mut pointer = o;
    loop {
        let Some(p) = vm.get_prototype_of(pointer)?.as_object() else {
            return Ok(true);
        };
        pointer = p;
        if (check_to_string && p.get_own(to_string).is_some())
            || (check_to_primitive && p.get_own(to_primitive).is_some())
        {
            break;
        }
    }
    let Some((ctor, attrs)) = pointer.get_own(PropertyKey::Atom(names::CONSTRUCTOR)) else {
        return Ok(false);
    };
    if attrs.is_accessor() || !vm.is_callable(ctor) {
        return Ok(false);
    }
    let Some(c) = ctor.as_object() else {
        return Ok(false);
    };
    let name = match c.get_own(PropertyKey::Atom(names::NAME)) {
        Some((n, a)) if !a.is_accessor() => n.as_string().map(|s| s.to_rust_string()),
        _ => None,
    };
    let Some(name) = name else {
        return Ok(false);
    };
    // Node's builtInObjects: globals named like /^[A-Z][a-zA-Z0-9]+$/.
    let bytes = name.as_bytes();
    let shaped = bytes.len() >= 2
        && bytes[0].is_ascii_uppercase()
        && bytes[1..].iter().all(|b| b.is_ascii_alphanumeric());
    let global = vm.current_realm().global();
    Ok(shaped && global.get_own(PropertyKey::from_text(&name)).is_some())
}
