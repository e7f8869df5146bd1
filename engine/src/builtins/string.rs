//! String: the constructor, String.fromCharCode/fromCodePoint/raw, and
//! String.prototype (UTF-16 semantics throughout).

use super::arg;
use super::iterator::create_string_iterator;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::JsString;
use crate::string::atom::{names, symbols};
use crate::value::Value;
use crate::value::number::is_whitespace_unit;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(
        Value::object(object_proto),
        ObjectKind::String(names::EMPTY.js_string()),
    );
    realm.set_intrinsic(Intrinsic::StringPrototype, proto);
    let ctor = vm.define_constructor(global, "String", 1, constructor, proto);
    vm.define_builtin(ctor, "fromCharCode", 1, from_char_code);
    vm.define_builtin(ctor, "fromCodePoint", 1, from_code_point);
    vm.define_builtin(ctor, "raw", 1, raw);
    let methods: &[(&str, u32, crate::function::NativeFn)] = &[
        ("at", 1, at),
        ("charAt", 1, char_at),
        ("charCodeAt", 1, char_code_at),
        ("codePointAt", 1, code_point_at),
        ("concat", 1, concat),
        ("endsWith", 1, ends_with),
        ("includes", 1, includes),
        ("indexOf", 1, index_of),
        ("isWellFormed", 0, is_well_formed),
        ("lastIndexOf", 1, last_index_of),
        ("localeCompare", 1, locale_compare),
        ("match", 1, match_),
        ("matchAll", 1, match_all),
        ("normalize", 0, normalize),
        ("padEnd", 1, pad_end),
        ("padStart", 1, pad_start),
        ("repeat", 1, repeat),
        ("replace", 2, replace),
        ("replaceAll", 2, replace_all),
        ("search", 1, search),
        ("slice", 2, slice),
        ("split", 2, split),
        ("startsWith", 1, starts_with),
        ("substr", 2, substr),
        ("substring", 2, substring),
        ("toLocaleLowerCase", 0, to_lower_case),
        ("toLocaleUpperCase", 0, to_upper_case),
        ("toLowerCase", 0, to_lower_case),
        ("toString", 0, to_string),
        ("toUpperCase", 0, to_upper_case),
        ("toWellFormed", 0, to_well_formed),
        ("trim", 0, trim),
        ("trimEnd", 0, trim_end),
        ("trimStart", 0, trim_start),
        ("valueOf", 0, to_string),
    ];
    for &(name, len, f) in methods {
        vm.define_builtin(proto, name, len, f);
    }
    // Annex B aliases share the function objects.
    for (alias, of) in [("trimLeft", "trimStart"), ("trimRight", "trimEnd")] {
        if let Some((f, _)) = proto.get_own(PropertyKey::from_text(of)) {
            proto.define_own(PropertyKey::from_text(alias), f, Attributes::HIDDEN);
        }
    }
    vm.define_builtin_symbol(proto, symbols::ITERATOR, "[Symbol.iterator]", 0, iterator);
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    let s = if args.is_empty() {
        names::EMPTY.js_string()
    } else if new_target.is_undefined() && args[0].is_symbol() {
        let a = args[0].as_symbol().expect("symbol");
        vm.alloc_string(super::symbol::descriptive_string(a))
    } else {
        vm.to_string(args[0])?
    };
    if new_target.is_undefined() {
        return Ok(Value::string(s));
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::StringPrototype)?;
    Ok(Value::object(
        vm.alloc_object(Value::object(proto), ObjectKind::String(s)),
    ))
}

fn from_char_code(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let mut units = Vec::with_capacity(args.len());
    for &a in args {
        units.push(vm.to_uint32(a)? as u16);
    }
    Ok(Value::string(vm.alloc_string(units)))
}

fn from_code_point(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let mut units = Vec::with_capacity(args.len());
    for &a in args {
        let n = vm.to_number(a)?;
        if n.trunc() != n || !(0.0..=1114111.0).contains(&n) {
            let d = vm.describe_for_error(a);
            return vm.throw(ErrorKind::Range, &format!("Invalid code point {d}"));
        }
        push_code_point(&mut units, n as u32);
    }
    Ok(Value::string(vm.alloc_string(units)))
}

pub fn push_code_point(units: &mut Vec<u16>, cp: u32) {
    if cp < 0x10000 {
        units.push(cp as u16);
    } else {
        let c = cp - 0x10000;
        units.push(0xD800 + (c >> 10) as u16);
        units.push(0xDC00 + (c & 0x3FF) as u16);
    }
}

fn raw(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let cooked = vm.to_object(arg(args, 0))?;
    let raw = vm.get(cooked, PropertyKey::Atom(names::RAW))?;
    let raw = vm.to_object(raw)?;
    let len = vm.length_of_array_like(raw)?;
    let mut out = Vec::new();
    for i in 0..len {
        let seg = vm.get(raw, Vm::index_key(i))?;
        out.extend_from_slice(vm.to_string(seg)?.units());
        if i + 1 < len
            && let Some(&sub) = args.get(i as usize + 1)
        {
            out.extend_from_slice(vm.to_string(sub)?.units());
        }
    }
    Ok(Value::string(vm.alloc_string(out)))
}

/// RequireObjectCoercible(this) then ToString.
pub fn this_string(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsString>> {
    if this.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            &format!("String.prototype.{method} called on null or undefined"),
        );
    }
    vm.to_string(this)
}

fn at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "at")?;
    let len = s.len() as f64;
    let rel = vm.to_integer_or_infinity(arg(args, 0))?;
    let k = if rel >= 0.0 { rel } else { len + rel };
    if k < 0.0 || k >= len {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::string(vm.alloc_string(vec![s.units()[k as usize]])))
}

fn char_at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "charAt")?;
    let pos = vm.to_integer_or_infinity(arg(args, 0))?;
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(vm.atom_value(names::EMPTY));
    }
    Ok(Value::string(
        vm.alloc_string(vec![s.units()[pos as usize]]),
    ))
}

fn char_code_at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "charCodeAt")?;
    let pos = vm.to_integer_or_infinity(arg(args, 0))?;
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(Value::NAN);
    }
    Ok(Value::int(s.units()[pos as usize] as i32))
}

/// The code point at `i` and how many units it takes.
pub fn code_point_at_index(units: &[u16], i: usize) -> (u32, usize) {
    let first = units[i];
    if (0xD800..0xDC00).contains(&first)
        && let Some(&second) = units.get(i + 1)
        && (0xDC00..0xE000).contains(&second)
    {
        return (
            0x10000 + ((first as u32 - 0xD800) << 10) + (second as u32 - 0xDC00),
            2,
        );
    }
    (first as u32, 1)
}

fn code_point_at(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "codePointAt")?;
    let pos = vm.to_integer_or_infinity(arg(args, 0))?;
    if pos < 0.0 || pos >= s.len() as f64 {
        return Ok(Value::UNDEFINED);
    }
    Ok(Value::int(
        code_point_at_index(s.units(), pos as usize).0 as i32,
    ))
}

fn concat(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "concat")?;
    let mut out = s.units().to_vec();
    for &a in args {
        out.extend_from_slice(vm.to_string(a)?.units());
    }
    Ok(Value::string(vm.alloc_string(out)))
}

/// Throws if `v` is a RegExp (IsRegExp), for startsWith/endsWith/includes.
fn reject_regexp(vm: &mut Vm, v: Value, method: &str) -> JsResult<()> {
    if super::regexp::is_regexp(vm, v)? {
        return vm.throw(
            ErrorKind::Type,
            &format!(
                "First argument to String.prototype.{method} must not be a regular expression"
            ),
        );
    }
    Ok(())
}

fn find(haystack: &[u16], needle: &[u16], from: usize) -> Option<usize> {
    if needle.is_empty() {
        return (from <= haystack.len()).then_some(from);
    }
    if needle.len() > haystack.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| &haystack[i..i + needle.len()] == needle)
}

fn ends_with(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "endsWith")?;
    reject_regexp(vm, arg(args, 0), "endsWith")?;
    let search = vm.to_string(arg(args, 0))?;
    let len = s.len();
    let end = if arg(args, 1).is_undefined() {
        len
    } else {
        vm.to_integer_or_infinity(arg(args, 1))?
            .clamp(0.0, len as f64) as usize
    };
    let n = search.len();
    if n > end {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(&s.units()[end - n..end] == search.units()))
}

fn starts_with(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "startsWith")?;
    reject_regexp(vm, arg(args, 0), "startsWith")?;
    let search = vm.to_string(arg(args, 0))?;
    let start = vm
        .to_integer_or_infinity(arg(args, 1))?
        .clamp(0.0, s.len() as f64) as usize;
    let n = search.len();
    if start + n > s.len() {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(&s.units()[start..start + n] == search.units()))
}

fn includes(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "includes")?;
    reject_regexp(vm, arg(args, 0), "includes")?;
    let search = vm.to_string(arg(args, 0))?;
    let start = vm
        .to_integer_or_infinity(arg(args, 1))?
        .clamp(0.0, s.len() as f64) as usize;
    Ok(Value::bool(
        find(s.units(), search.units(), start).is_some(),
    ))
}

fn index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "indexOf")?;
    let search = vm.to_string(arg(args, 0))?;
    let start = vm
        .to_integer_or_infinity(arg(args, 1))?
        .clamp(0.0, s.len() as f64) as usize;
    Ok(Value::number(
        find(s.units(), search.units(), start).map_or(-1.0, |i| i as f64),
    ))
}

fn last_index_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "lastIndexOf")?;
    let search = vm.to_string(arg(args, 0))?;
    let n = vm.to_number(arg(args, 1))?;
    let pos = if n.is_nan() { f64::INFINITY } else { n.trunc() };
    let len = s.len();
    let start = pos.clamp(0.0, len as f64) as usize;
    let (h, nd) = (s.units(), search.units());
    if nd.len() > len {
        return Ok(Value::int(-1));
    }
    let mut i = start.min(len - nd.len()) as i64;
    while i >= 0 {
        let u = i as usize;
        if &h[u..u + nd.len()] == nd {
            return Ok(Value::number(u as f64));
        }
        i -= 1;
    }
    Ok(Value::int(-1))
}

fn is_well_formed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "isWellFormed")?;
    Ok(Value::bool(String::from_utf16(s.units()).is_ok()))
}

fn to_well_formed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "toWellFormed")?;
    let units: Vec<u16> = char::decode_utf16(s.units().iter().copied())
        .flat_map(|r| {
            let mut buf = [0u16; 2];
            r.unwrap_or('\u{FFFD}').encode_utf16(&mut buf).to_vec()
        })
        .collect();
    Ok(Value::string(vm.alloc_string(units)))
}

fn locale_compare(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "localeCompare")?;
    let that = vm.to_string(arg(args, 0))?;
    #[cfg(feature = "intl")]
    {
        let (a, b) = (s.units().to_vec(), that.units().to_vec());
        super::intl::collator::locale_compare(vm, &a, &b, arg(args, 1), arg(args, 2))
    }
    #[cfg(not(feature = "intl"))]
    {
        // Canonically equivalent strings compare equal: compare their NFC forms.
        use unicode_normalization::UnicodeNormalization;
        let a: String = s.to_rust_string().nfc().collect();
        let b: String = that.to_rust_string().nfc().collect();
        Ok(Value::int(match a.cmp(&b) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }))
    }
}

/// Calls `regexp[symbol](this, ...)` when the argument provides it.
fn delegate(
    vm: &mut Vm,
    this: Value,
    target: Value,
    symbol: crate::string::Atom,
    extra: &[Value],
) -> JsResult<Option<Value>> {
    if !target.is_object() {
        return Ok(None);
    }
    match vm.get_method(target, PropertyKey::Atom(symbol))? {
        Some(m) => {
            let mut args = vec![this];
            args.extend_from_slice(extra);
            Ok(Some(vm.call(m, target, &args)?))
        }
        None => Ok(None),
    }
}

fn match_(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            "String.prototype.match called on null or undefined",
        );
    }
    if let Some(r) = delegate(vm, this, arg(args, 0), symbols::MATCH, &[])? {
        return Ok(r);
    }
    let s = vm.to_string(this)?;
    let rx = super::regexp::regexp_create(vm, arg(args, 0), Value::UNDEFINED)?;
    let m = vm
        .get_method(rx, PropertyKey::Atom(symbols::MATCH))?
        .unwrap_or(Value::UNDEFINED);
    vm.call(m, rx, &[Value::string(s)])
}

fn match_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            "String.prototype.matchAll called on null or undefined",
        );
    }
    let re = arg(args, 0);
    if !re.is_nullish() {
        if super::regexp::is_regexp(vm, re)? {
            let flags = vm.get_value(re, PropertyKey::Atom(names::FLAGS))?;
            if flags.is_nullish() {
                return vm.throw(ErrorKind::Type, "matchAll flags are null or undefined");
            }
            let f = vm.to_string(flags)?;
            if !f.units().contains(&(b'g' as u16)) {
                return vm.throw(
                    ErrorKind::Type,
                    "String.prototype.matchAll called with a non-global RegExp argument",
                );
            }
        }
        if let Some(r) = delegate(vm, this, re, symbols::MATCH_ALL, &[])? {
            return Ok(r);
        }
    }
    let s = vm.to_string(this)?;
    let g = vm.string_value("g");
    let rx = super::regexp::regexp_create(vm, re, g)?;
    let m = vm
        .get_method(rx, PropertyKey::Atom(symbols::MATCH_ALL))?
        .unwrap_or(Value::UNDEFINED);
    vm.call(m, rx, &[Value::string(s)])
}

fn search(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            "String.prototype.search called on null or undefined",
        );
    }
    if let Some(r) = delegate(vm, this, arg(args, 0), symbols::SEARCH, &[])? {
        return Ok(r);
    }
    let s = vm.to_string(this)?;
    let rx = super::regexp::regexp_create(vm, arg(args, 0), Value::UNDEFINED)?;
    let m = vm
        .get_method(rx, PropertyKey::Atom(symbols::SEARCH))?
        .unwrap_or(Value::UNDEFINED);
    vm.call(m, rx, &[Value::string(s)])
}

fn normalize(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "normalize")?;
    let form = if arg(args, 0).is_undefined() {
        "NFC".to_string()
    } else {
        vm.to_rust_string(arg(args, 0))?
    };
    use unicode_normalization::UnicodeNormalization;
    let text = s.to_rust_string();
    let out: String = match form.as_str() {
        "NFC" => text.nfc().collect(),
        "NFD" => text.nfd().collect(),
        "NFKC" => text.nfkc().collect(),
        "NFKD" => text.nfkd().collect(),
        _ => {
            return vm.throw(
                ErrorKind::Range,
                "The normalization form should be one of NFC, NFD, NFKC, NFKD.",
            );
        }
    };
    if String::from_utf16(s.units()).is_err() {
        // Lone surrogates: leave the string as is.
        return Ok(Value::string(s));
    }
    Ok(vm.string_value(&out))
}

fn pad(vm: &mut Vm, this: Value, args: &[Value], at_start: bool) -> JsResult<Value> {
    let s = this_string(vm, this, if at_start { "padStart" } else { "padEnd" })?;
    let max = vm.to_length(arg(args, 0))?;
    let len = s.len() as f64;
    if max <= len {
        return Ok(Value::string(s));
    }
    let filler: Vec<u16> = if arg(args, 1).is_undefined() {
        vec![b' ' as u16]
    } else {
        vm.to_string(arg(args, 1))?.units().to_vec()
    };
    if filler.is_empty() {
        return Ok(Value::string(s));
    }
    if max > crate::string::MAX_LENGTH as f64 {
        return vm.throw(ErrorKind::Range, "Invalid string length");
    }
    let fill_len = (max - len) as usize;
    let fill: Vec<u16> = filler.iter().copied().cycle().take(fill_len).collect();
    let mut out = Vec::with_capacity(max as usize);
    if at_start {
        out.extend_from_slice(&fill);
        out.extend_from_slice(s.units());
    } else {
        out.extend_from_slice(s.units());
        out.extend_from_slice(&fill);
    }
    Ok(Value::string(vm.alloc_string(out)))
}

fn pad_start(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    pad(vm, this, args, true)
}

fn pad_end(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    pad(vm, this, args, false)
}

fn repeat(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "repeat")?;
    let n = vm.to_integer_or_infinity(arg(args, 0))?;
    if n < 0.0 || n == f64::INFINITY {
        let shown = crate::value::number::number_to_string(n);
        return vm.throw(ErrorKind::Range, &format!("Invalid count value: {shown}"));
    }
    if s.is_empty() || n == 0.0 {
        return Ok(vm.atom_value(names::EMPTY));
    }
    if n * s.len() as f64 > crate::string::MAX_LENGTH as f64 {
        return vm.throw(ErrorKind::Range, "Invalid string length");
    }
    Ok(Value::string(vm.alloc_string(s.units().repeat(n as usize))))
}

/// GetSubstitution for replace with a string replacement.
pub fn get_substitution(
    matched: &[u16],
    s: &[u16],
    position: usize,
    captures: &[Value],
    groups: Option<Gc<JsObject>>,
    vm: &mut Vm,
    replacement: &[u16],
) -> JsResult<Vec<u16>> {
    let mut out = Vec::new();
    let mut i = 0;
    let m = captures.len();
    while i < replacement.len() {
        let c = replacement[i];
        if c != b'$' as u16 || i + 1 >= replacement.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let next = replacement[i + 1];
        match next {
            0x24 => {
                out.push(b'$' as u16);
                i += 2;
            }
            0x26 => {
                out.extend_from_slice(matched);
                i += 2;
            }
            0x60 => {
                out.extend_from_slice(&s[..position.min(s.len())]);
                i += 2;
            }
            0x27 => {
                let end = (position + matched.len()).min(s.len());
                out.extend_from_slice(&s[end..]);
                i += 2;
            }
            d if (b'0' as u16..=b'9' as u16).contains(&d) => {
                let d1 = (d - b'0' as u16) as usize;
                let two = replacement
                    .get(i + 2)
                    .filter(|&&e| (b'0' as u16..=b'9' as u16).contains(&e))
                    .map(|&e| d1 * 10 + (e - b'0' as u16) as usize);
                let (index, consumed) = match two {
                    Some(n) if n >= 1 && n <= m => (n, 3),
                    _ => (d1, 2),
                };
                if index >= 1 && index <= m {
                    let cap = captures[index - 1];
                    if !cap.is_undefined() {
                        out.extend_from_slice(vm.to_string(cap)?.units());
                    }
                    i += consumed;
                } else {
                    out.push(b'$' as u16);
                    i += 1;
                }
            }
            0x3C => {
                let close = replacement[i + 2..].iter().position(|&u| u == b'>' as u16);
                match (groups, close) {
                    (Some(g), Some(close)) => {
                        let name = &replacement[i + 2..i + 2 + close];
                        let key = PropertyKey::from_units(name);
                        let v = vm.get(g, key)?;
                        if !v.is_undefined() {
                            out.extend_from_slice(vm.to_string(v)?.units());
                        }
                        i += 3 + close;
                    }
                    _ => {
                        out.push(b'$' as u16);
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(b'$' as u16);
                i += 1;
            }
        }
    }
    Ok(out)
}

fn replace_impl(vm: &mut Vm, this: Value, args: &[Value], all: bool) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            "String.prototype.replace called on null or undefined",
        );
    }
    let (search, replace_value) = (arg(args, 0), arg(args, 1));
    if !search.is_nullish() {
        if all && super::regexp::is_regexp(vm, search)? {
            let flags = vm.get_value(search, PropertyKey::Atom(names::FLAGS))?;
            if flags.is_nullish() {
                return vm.throw(ErrorKind::Type, "replaceAll flags are null or undefined");
            }
            let f = vm.to_string(flags)?;
            if !f.units().contains(&(b'g' as u16)) {
                return vm.throw(
                    ErrorKind::Type,
                    "String.prototype.replaceAll called with a non-global RegExp argument",
                );
            }
        }
        if let Some(r) = delegate(vm, this, search, symbols::REPLACE, &[replace_value])? {
            return Ok(r);
        }
    }
    let s = vm.to_string(this)?;
    let search_s = vm.to_string(search)?;
    let functional = vm.is_callable(replace_value);
    let replacement = if functional {
        None
    } else {
        Some(vm.to_string(replace_value)?)
    };
    let (h, nd) = (s.units().to_vec(), search_s.units().to_vec());
    let mut positions = Vec::new();
    let advance = nd.len().max(1);
    let mut pos = find(&h, &nd, 0);
    while let Some(p) = pos {
        positions.push(p);
        if !all {
            break;
        }
        pos = find(&h, &nd, p + advance);
    }
    let mut out = Vec::new();
    let mut end = 0;
    for p in positions {
        out.extend_from_slice(&h[end..p]);
        let rep: Vec<u16> = if let Some(rs) = replacement {
            get_substitution(&nd, &h, p, &[], None, vm, rs.units())?
        } else {
            let r = vm.call(
                replace_value,
                Value::UNDEFINED,
                &[
                    Value::string(search_s),
                    Value::number(p as f64),
                    Value::string(s),
                ],
            )?;
            vm.to_string(r)?.units().to_vec()
        };
        out.extend_from_slice(&rep);
        end = p + nd.len();
    }
    out.extend_from_slice(&h[end..]);
    Ok(Value::string(vm.alloc_string(out)))
}

fn replace(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    replace_impl(vm, this, args, false)
}

fn replace_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    replace_impl(vm, this, args, true)
}

fn slice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "slice")?;
    let len = s.len() as f64;
    let rel = |vm: &mut Vm, v: Value, d: f64| -> JsResult<f64> {
        if v.is_undefined() {
            return Ok(d);
        }
        let n = vm.to_integer_or_infinity(v)?;
        Ok(if n < 0.0 {
            (len + n).max(0.0)
        } else {
            n.min(len)
        })
    };
    let from = rel(vm, arg(args, 0), 0.0)?;
    let to = rel(vm, arg(args, 1), len)?;
    if from >= to {
        return Ok(vm.atom_value(names::EMPTY));
    }
    Ok(Value::string(vm.alloc_string(
        s.units()[from as usize..to as usize].to_vec(),
    )))
}

fn split(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if this.is_nullish() {
        return vm.throw(
            ErrorKind::Type,
            "String.prototype.split called on null or undefined",
        );
    }
    let (sep, limit) = (arg(args, 0), arg(args, 1));
    if let Some(r) = delegate(vm, this, sep, symbols::SPLIT, &[limit])? {
        return Ok(r);
    }
    let s = vm.to_string(this)?;
    let lim = if limit.is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(limit)?
    };
    let r = vm.to_string(sep)?;
    if lim == 0 {
        return Ok(Value::object(vm.new_array_from(&[])));
    }
    if sep.is_undefined() {
        return Ok(Value::object(vm.new_array_from(&[Value::string(s)])));
    }
    let (h, nd) = (s.units().to_vec(), r.units().to_vec());
    let mut parts: Vec<Value> = Vec::new();
    if nd.is_empty() {
        for &u in h.iter().take(lim as usize) {
            parts.push(Value::string(vm.alloc_string(vec![u])));
        }
        return Ok(Value::object(vm.new_array_from(&parts)));
    }
    if h.is_empty() {
        return Ok(Value::object(vm.new_array_from(&[Value::string(s)])));
    }
    let mut start = 0;
    while let Some(p) = find(&h, &nd, start) {
        let piece = Value::string(vm.alloc_string(h[start..p].to_vec()));
        vm.root(piece);
        parts.push(piece);
        if parts.len() as u32 >= lim {
            return Ok(Value::object(vm.new_array_from(&parts)));
        }
        start = p + nd.len();
    }
    parts.push(Value::string(vm.alloc_string(h[start..].to_vec())));
    let a = vm.new_array_from(&parts);
    Ok(Value::object(a))
}

fn substr(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "substr")?;
    let len = s.len() as f64;
    let start = vm.to_integer_or_infinity(arg(args, 0))?;
    let start = if start < 0.0 {
        (len + start).max(0.0)
    } else {
        start.min(len)
    };
    let count = if arg(args, 1).is_undefined() {
        len
    } else {
        vm.to_integer_or_infinity(arg(args, 1))?
    };
    let end = (start + count).min(len);
    if start >= end {
        return Ok(vm.atom_value(names::EMPTY));
    }
    Ok(Value::string(vm.alloc_string(
        s.units()[start as usize..end as usize].to_vec(),
    )))
}

fn substring(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "substring")?;
    let len = s.len() as f64;
    let a = vm.to_integer_or_infinity(arg(args, 0))?.clamp(0.0, len);
    let b = if arg(args, 1).is_undefined() {
        len
    } else {
        vm.to_integer_or_infinity(arg(args, 1))?.clamp(0.0, len)
    };
    let (from, to) = if a < b { (a, b) } else { (b, a) };
    Ok(Value::string(vm.alloc_string(
        s.units()[from as usize..to as usize].to_vec(),
    )))
}

fn to_lower_case(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "toLowerCase")?;
    let out = map_case(s.units(), true);
    Ok(Value::string(vm.alloc_string(out)))
}

fn to_upper_case(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "toUpperCase")?;
    let out = map_case(s.units(), false);
    Ok(Value::string(vm.alloc_string(out)))
}

/// Unicode default case mapping, leaving lone surrogates alone.
fn map_case(units: &[u16], lower: bool) -> Vec<u16> {
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let (cp, n) = code_point_at_index(units, i);
        match char::from_u32(cp) {
            Some(c) if !(0xD800..0xE000).contains(&cp) => {
                let mapped: String = if lower {
                    // Final sigma: Σ at the end of a word lowers to ς.
                    if c == 'Σ' && is_final_sigma(units, i) {
                        "ς".to_string()
                    } else {
                        c.to_lowercase().collect()
                    }
                } else {
                    c.to_uppercase().collect()
                };
                out.extend(mapped.encode_utf16());
            }
            _ => out.extend_from_slice(&units[i..i + n]),
        }
        i += n;
    }
    out
}

fn is_final_sigma(units: &[u16], i: usize) -> bool {
    // Unicode's Final_Sigma: skipping case-ignorable code points, a cased
    // letter comes before and none comes after.
    let mut j = i;
    let chars_before = std::iter::from_fn(|| {
        if j == 0 {
            return None;
        }
        let low = units[j - 1];
        if (0xDC00..0xE000).contains(&low) && j >= 2 && (0xD800..0xDC00).contains(&units[j - 2]) {
            j -= 2;
            let cp = 0x10000 + ((units[j] as u32 - 0xD800) << 10) + (low as u32 - 0xDC00);
            return Some(char::from_u32(cp));
        }
        j -= 1;
        Some(char::from_u32(low as u32).filter(|_| !(0xD800..0xE000).contains(&low)))
    });
    let before = first_uncaseignorable(chars_before).is_some_and(is_cased);
    let chars_after =
        char::decode_utf16(units.get(i + 1..).unwrap_or(&[]).iter().copied()).map(|c| c.ok());
    let after = first_uncaseignorable(chars_after).is_some_and(is_cased);
    before && !after
}

/// The first code point that is not case-ignorable (None at the end or
/// at a lone surrogate).
fn first_uncaseignorable(mut chars: impl Iterator<Item = Option<char>>) -> Option<char> {
    loop {
        let c = chars.next()??;
        if !is_case_ignorable(c) {
            return Some(c);
        }
    }
}

fn is_cased(c: char) -> bool {
    c.is_lowercase() || c.is_uppercase() || ('\u{1C5}'..='\u{1CB}').contains(&c)
}

/// Case_Ignorable, approximated: combining marks, format characters and
/// the word-internal punctuation (MidLetter, MidNumLet, Single_Quote).
fn is_case_ignorable(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
        || matches!(
            c,
            '\'' | '.' | ':' | '^' | '`' | '\u{A8}' | '\u{AD}' | '\u{AF}' | '\u{B4}'
                | '\u{B7}' | '\u{B8}' | '\u{2B0}'..='\u{36F}' | '\u{180E}'
                | '\u{200B}'..='\u{200F}' | '\u{2018}' | '\u{2019}' | '\u{2024}'
                | '\u{2027}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
                | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}'
        )
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if this.is_string() {
        return Ok(this);
    }
    if let Some(o) = this.as_object()
        && let ObjectKind::String(s) = &o.kind
    {
        return Ok(Value::string(*s));
    }
    vm.throw(
        ErrorKind::Type,
        "String.prototype.toString requires that 'this' be a String",
    )
}

fn trim_units(units: &[u16], start: bool, end: bool) -> &[u16] {
    let mut a = 0;
    let mut b = units.len();
    if start {
        while a < b && is_whitespace_unit(units[a]) {
            a += 1;
        }
    }
    if end {
        while b > a && is_whitespace_unit(units[b - 1]) {
            b -= 1;
        }
    }
    &units[a..b]
}

fn trim(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "trim")?;
    let t = trim_units(s.units(), true, true).to_vec();
    Ok(Value::string(vm.alloc_string(t)))
}

fn trim_start(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "trimStart")?;
    let t = trim_units(s.units(), true, false).to_vec();
    Ok(Value::string(vm.alloc_string(t)))
}

fn trim_end(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "trimEnd")?;
    let t = trim_units(s.units(), false, true).to_vec();
    Ok(Value::string(vm.alloc_string(t)))
}

fn iterator(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_string(vm, this, "[Symbol.iterator]")?;
    Ok(create_string_iterator(vm, Value::string(s)))
}
