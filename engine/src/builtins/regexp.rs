//! RegExp, on the `regress` engine (ECMAScript regular expressions over
//! UTF-16): the constructor, exec/test, flag accessors, and the
//! Symbol.match/matchAll/replace/search/split protocol.

use std::sync::Arc;

use super::{arg, define_tag};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::JsString;
use crate::string::atom::{names, symbols};
use crate::value::Value;

/// A compiled regular expression and its source.
pub struct RegExpState {
    pub source: Gc<JsString>,
    pub flags: String,
    regex: Arc<regress::Regex>,
}

impl Trace for RegExpState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.source);
    }
}

impl BuiltinState for RegExpState {
    fn class_name(&self) -> &'static str {
        "RegExp"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::RegExpPrototype, proto);
    let ctor = vm.define_constructor(global, "RegExp", 2, constructor, proto);
    vm.define_builtin_accessor(
        ctor,
        PropertyKey::Atom(symbols::SPECIES),
        Some(species),
        None,
        false,
    );
    vm.define_builtin(ctor, "escape", 1, regexp_escape);
    vm.define_builtin(proto, "exec", 1, exec);
    vm.define_builtin(proto, "test", 1, test);
    vm.define_builtin(proto, "toString", 0, to_string);
    vm.define_builtin(proto, "compile", 2, compile);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::Atom(names::FLAGS),
        Some(flags_getter),
        None,
        false,
    );
    vm.define_builtin_accessor(
        proto,
        PropertyKey::Atom(names::SOURCE),
        Some(source_getter),
        None,
        false,
    );
    for (name, getter) in [
        ("global", global_getter as crate::function::NativeFn),
        ("ignoreCase", ignore_case_getter),
        ("multiline", multiline_getter),
        ("dotAll", dot_all_getter),
        ("unicode", unicode_getter),
        ("unicodeSets", unicode_sets_getter),
        ("sticky", sticky_getter),
        ("hasIndices", has_indices_getter),
    ] {
        vm.define_builtin_accessor(
            proto,
            PropertyKey::from_text(name),
            Some(getter),
            None,
            false,
        );
    }
    vm.define_builtin_symbol(proto, symbols::MATCH, "[Symbol.match]", 1, symbol_match);
    vm.define_builtin_symbol(
        proto,
        symbols::MATCH_ALL,
        "[Symbol.matchAll]",
        1,
        symbol_match_all,
    );
    vm.define_builtin_symbol(
        proto,
        symbols::REPLACE,
        "[Symbol.replace]",
        2,
        symbol_replace,
    );
    vm.define_builtin_symbol(proto, symbols::SEARCH, "[Symbol.search]", 1, symbol_search);
    vm.define_builtin_symbol(proto, symbols::SPLIT, "[Symbol.split]", 2, symbol_split);

    let iter_proto = realm.intrinsic(Intrinsic::IteratorPrototype);
    let rsi = vm.alloc_object(Value::object(iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::RegExpStringIteratorPrototype, rsi);
    vm.define_builtin(rsi, "next", 0, string_iterator_next);
    define_tag(vm, rsi, "RegExp String Iterator");
}

fn species(_: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(this)
}

fn state_of(v: Value) -> Option<Gc<JsObject>> {
    v.as_object()
        .filter(|o| o.kind.builtin::<RegExpState>().is_some())
}

/// IsRegExp.
pub fn is_regexp(vm: &mut Vm, v: Value) -> JsResult<bool> {
    let Some(o) = v.as_object() else {
        return Ok(false);
    };
    let m = vm.get(o, PropertyKey::Atom(symbols::MATCH))?;
    if !m.is_undefined() {
        return Ok(vm.to_boolean(m));
    }
    Ok(state_of(v).is_some())
}

fn compile_regex(vm: &mut Vm, pattern: &[u16], flags: &str) -> JsResult<regress::Regex> {
    for (i, c) in flags.char_indices() {
        if !"dgimsuvy".contains(c)
            || flags[i + 1..].contains(c)
            || (c == 'u' && flags.contains('v'))
        {
            return vm.throw(
                ErrorKind::Syntax,
                &format!("Invalid flags supplied to RegExp constructor '{flags}'"),
            );
        }
    }
    let engine_flags: String = flags.chars().filter(|c| "imsuv".contains(*c)).collect();
    // Without u or v a pattern is code units: an astral character in it is
    // its two surrogates, matched one unit at a time.
    let unicode = flags.contains('u') || flags.contains('v');
    let cps: Vec<u32> = if unicode {
        char::decode_utf16(pattern.iter().copied())
            .map(|r| {
                r.map(|c| c as u32)
                    .unwrap_or_else(|e| e.unpaired_surrogate() as u32)
            })
            .collect()
    } else {
        code_units_outside_group_names(pattern)
    };
    match regress::Regex::from_unicode(cps.into_iter(), engine_flags.as_str()) {
        Ok(r) => Ok(r),
        Err(e) => vm.throw(
            ErrorKind::Syntax,
            &format!(
                "Invalid regular expression: /{}/{flags}: {e}",
                String::from_utf16_lossy(pattern)
            ),
        ),
    }
}

/// A non-unicode pattern as code points for the engine: each code unit on
/// its own, except in group names (`(?<name>`, `\k<name>`), which are
/// identifiers of code points in every mode.
fn code_units_outside_group_names(pattern: &[u16]) -> Vec<u32> {
    let at = |i: usize| pattern.get(i).copied();
    let mut out = Vec::with_capacity(pattern.len());
    let mut i = 0;
    while i < pattern.len() {
        let c = pattern[i];
        let name_start = if c == u16::from(b'\\') && at(i + 1) == Some(u16::from(b'k')) {
            (at(i + 2) == Some(u16::from(b'<'))).then_some(i + 3)
        } else if c == u16::from(b'(') && at(i + 1) == Some(u16::from(b'?')) {
            (at(i + 2) == Some(u16::from(b'<')) && !matches!(at(i + 3), Some(0x3D | 0x21)))
                .then_some(i + 3)
        } else {
            None
        };
        if let Some(start) = name_start {
            out.extend(pattern[i..start].iter().map(|&u| u as u32));
            let end = pattern[start..]
                .iter()
                .position(|&u| u == u16::from(b'>'))
                .map_or(pattern.len(), |p| start + p);
            out.extend(
                char::decode_utf16(pattern[start..end].iter().copied()).map(|r| {
                    r.map(|c| c as u32)
                        .unwrap_or_else(|e| e.unpaired_surrogate() as u32)
                }),
            );
            i = end;
            continue;
        }
        if c == u16::from(b'\\') && i + 1 < pattern.len() {
            out.push(c as u32);
            out.push(pattern[i + 1] as u32);
            i += 2;
            continue;
        }
        out.push(c as u32);
        i += 1;
    }
    out
}

/// RegExpCreate / RegExpInitialize on a fresh object.
pub fn regexp_create(vm: &mut Vm, pattern: Value, flags: Value) -> JsResult<Value> {
    let proto = vm.current_realm().intrinsic(Intrinsic::RegExpPrototype);
    initialize(vm, proto, pattern, flags)
}

fn initialize(vm: &mut Vm, proto: Gc<JsObject>, pattern: Value, flags: Value) -> JsResult<Value> {
    let p = if pattern.is_undefined() {
        names::EMPTY.js_string()
    } else {
        vm.to_string(pattern)?
    };
    let f = if flags.is_undefined() {
        String::new()
    } else {
        vm.to_rust_string(flags)?
    };
    let regex = compile_regex(vm, p.units(), &f)?;
    let state = RegExpState {
        source: p,
        flags: f,
        regex: Arc::new(regex),
    };
    let o = vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)));
    o.define_own(
        PropertyKey::Atom(names::LAST_INDEX),
        Value::ZERO,
        Attributes::new(true, false, false),
    );
    Ok(Value::object(o))
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    let (pattern, flags) = (arg(args, 0), arg(args, 1));
    let pattern_is_regexp = is_regexp(vm, pattern)?;
    let nt = if new_target.is_undefined() {
        let active = vm.active_native();
        if pattern_is_regexp && flags.is_undefined() {
            let c = vm.get_value(pattern, PropertyKey::Atom(names::CONSTRUCTOR))?;
            if c == active {
                return Ok(pattern);
            }
        }
        active
    } else {
        new_target
    };
    let (p, f) = if let Some(r) = state_of(pattern) {
        let st = r.kind.builtin::<RegExpState>().expect("regexp");
        let f = if flags.is_undefined() {
            vm.string_value(&st.flags.clone())
        } else {
            flags
        };
        (Value::string(st.source), f)
    } else if pattern_is_regexp {
        let src = vm.get_value(pattern, PropertyKey::Atom(names::SOURCE))?;
        let f = if flags.is_undefined() {
            vm.get_value(pattern, PropertyKey::Atom(names::FLAGS))?
        } else {
            flags
        };
        (src, f)
    } else {
        (pattern, flags)
    };
    let proto = vm.prototype_from_constructor(nt, Intrinsic::RegExpPrototype)?;
    initialize(vm, proto, p, f)
}

fn compile(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if state_of(this).is_none() {
        return vm.throw(
            ErrorKind::Type,
            "RegExp.prototype.compile called on incompatible receiver",
        );
    }
    Ok(this)
}

/// RegExpBuiltinExec: the match array or null.
fn builtin_exec(vm: &mut Vm, r: Gc<JsObject>, s: Gc<JsString>) -> JsResult<Value> {
    let st = r.kind.builtin::<RegExpState>().expect("regexp");
    let (regex, flags) = (st.regex.clone(), st.flags.clone());
    let li = vm.get(r, PropertyKey::Atom(names::LAST_INDEX))?;
    let last_index = vm.to_length(li)? as usize;
    let global = flags.contains('g');
    let sticky = flags.contains('y');
    let full_unicode = flags.contains('u') || flags.contains('v');
    let start = if global || sticky { last_index } else { 0 };
    let units = s.units().to_vec();
    if start > units.len() {
        if global || sticky {
            vm.put(r, PropertyKey::Atom(names::LAST_INDEX), Value::ZERO, true)?;
        }
        return Ok(Value::NULL);
    }
    let found = if full_unicode {
        regex.find_from_utf16(&units, start).next()
    } else {
        regex.find_from_ucs2(&units, start).next()
    };
    let m = match found {
        Some(m) if !sticky || m.start() == start => m,
        _ => {
            if global || sticky {
                vm.put(r, PropertyKey::Atom(names::LAST_INDEX), Value::ZERO, true)?;
            }
            return Ok(Value::NULL);
        }
    };
    if global || sticky {
        vm.put(
            r,
            PropertyKey::Atom(names::LAST_INDEX),
            Value::number(m.end() as f64),
            true,
        )?;
    }
    let a = vm.new_array_from(&[]);
    vm.root(Value::object(a));
    a.define_own(
        PropertyKey::Atom(names::INDEX),
        Value::number(m.start() as f64),
        Attributes::DEFAULT,
    );
    a.define_own(
        PropertyKey::Atom(names::INPUT),
        Value::string(s),
        Attributes::DEFAULT,
    );
    let whole = Value::string(vm.alloc_string(units[m.range()].to_vec()));
    a.push_element(whole);
    for g in m.groups().skip(1) {
        let v = match g {
            Some(range) => Value::string(vm.alloc_string(units[range].to_vec())),
            None => Value::UNDEFINED,
        };
        a.push_element(v);
    }
    // Each name once, in order; of duplicate names (in alternatives) the
    // one that participated.
    let mut named: Vec<(String, Option<std::ops::Range<usize>>)> = Vec::new();
    for (n, r) in m.named_groups() {
        match named.iter_mut().find(|(name, _)| name == n) {
            Some(entry) => {
                if r.is_some() {
                    entry.1 = r;
                }
            }
            None => named.push((n.to_string(), r)),
        }
    }
    let groups = if named.is_empty() {
        Value::UNDEFINED
    } else {
        let g = vm.alloc_object(Value::NULL, ObjectKind::Ordinary);
        for (name, range) in &named {
            let v = match range {
                Some(range) => Value::string(vm.alloc_string(units[range.clone()].to_vec())),
                None => Value::UNDEFINED,
            };
            g.define_own(PropertyKey::from_text(name), v, Attributes::DEFAULT);
        }
        Value::object(g)
    };
    a.define_own(
        PropertyKey::Atom(names::GROUPS),
        groups,
        Attributes::DEFAULT,
    );
    if flags.contains('d') {
        let indices = vm.new_array_from(&[]);
        for g in m.groups() {
            let v = match g {
                Some(range) => Value::object(vm.new_array_from(&[
                    Value::number(range.start as f64),
                    Value::number(range.end as f64),
                ])),
                None => Value::UNDEFINED,
            };
            indices.push_element(v);
        }
        let index_groups = if named.is_empty() {
            Value::UNDEFINED
        } else {
            let g = vm.alloc_object(Value::NULL, ObjectKind::Ordinary);
            for (name, range) in &named {
                let v = match range {
                    Some(range) => Value::object(vm.new_array_from(&[
                        Value::number(range.start as f64),
                        Value::number(range.end as f64),
                    ])),
                    None => Value::UNDEFINED,
                };
                g.define_own(PropertyKey::from_text(name), v, Attributes::DEFAULT);
            }
            Value::object(g)
        };
        indices.define_own(
            PropertyKey::Atom(names::GROUPS),
            index_groups,
            Attributes::DEFAULT,
        );
        a.define_own(
            PropertyKey::Atom(names::INDICES),
            Value::object(indices),
            Attributes::DEFAULT,
        );
    }
    Ok(Value::object(a))
}

/// RegExpExec: a user `exec` if present, else the built-in.
fn regexp_exec(vm: &mut Vm, r: Gc<JsObject>, s: Gc<JsString>) -> JsResult<Value> {
    let exec = vm.get(r, PropertyKey::from_text("exec"))?;
    if vm.is_callable(exec) {
        let result = vm.call(exec, Value::object(r), &[Value::string(s)])?;
        if !result.is_object() && !result.is_null() {
            return vm.throw(ErrorKind::Type, "exec result must be an object or null");
        }
        return Ok(result);
    }
    if state_of(Value::object(r)).is_none() {
        return vm.throw(
            ErrorKind::Type,
            "RegExp exec called on incompatible receiver",
        );
    }
    builtin_exec(vm, r, s)
}

fn this_regexp(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match state_of(this) {
        Some(r) => Ok(r),
        None => vm.throw(
            ErrorKind::Type,
            &format!("RegExp.prototype.{method} requires that 'this' be a RegExp object"),
        ),
    }
}

fn exec(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_regexp(vm, this, "exec")?;
    let s = vm.to_string(arg(args, 0))?;
    builtin_exec(vm, r, s)
}

fn this_object(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) => Ok(o),
        None => vm.throw(
            ErrorKind::Type,
            &format!("RegExp.prototype.{method} called on non-object"),
        ),
    }
}

fn test(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_object(vm, this, "test")?;
    let s = vm.to_string(arg(args, 0))?;
    Ok(Value::bool(!regexp_exec(vm, r, s)?.is_null()))
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let r = this_object(vm, this, "toString")?;
    let src = vm.get(r, PropertyKey::Atom(names::SOURCE))?;
    let src = vm.to_rust_string(src)?;
    let flags = vm.get(r, PropertyKey::Atom(names::FLAGS))?;
    let flags = vm.to_rust_string(flags)?;
    Ok(vm.string_value(&format!("/{src}/{flags}")))
}

fn flags_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let r = this_object(vm, this, "flags")?;
    let mut out = String::new();
    for (c, name) in [
        ('d', "hasIndices"),
        ('g', "global"),
        ('i', "ignoreCase"),
        ('m', "multiline"),
        ('s', "dotAll"),
        ('u', "unicode"),
        ('v', "unicodeSets"),
        ('y', "sticky"),
    ] {
        let v = vm.get(r, PropertyKey::from_text(name))?;
        if vm.to_boolean(v) {
            out.push(c);
        }
    }
    Ok(vm.string_value(&out))
}

/// EscapeRegExpPattern (the `source` getter).
fn source_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "RegExp.prototype.source getter called on non-object",
        );
    };
    let Some(st) = o.kind.builtin::<RegExpState>() else {
        if o == vm.current_realm().intrinsic(Intrinsic::RegExpPrototype) {
            return Ok(vm.string_value("(?:)"));
        }
        return vm.throw(
            ErrorKind::Type,
            "RegExp.prototype.source getter called on incompatible receiver",
        );
    };
    let src = st.source.to_rust_string();
    if src.is_empty() {
        return Ok(vm.string_value("(?:)"));
    }
    let mut out = String::new();
    let mut in_class = false;
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            '/' if !in_class => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    Ok(vm.string_value(&out))
}

fn flag_getter(vm: &mut Vm, this: Value, flag: char, name: &str) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw(
            ErrorKind::Type,
            &format!("RegExp.prototype.{name} getter called on non-object"),
        );
    };
    match o.kind.builtin::<RegExpState>() {
        Some(st) => Ok(Value::bool(st.flags.contains(flag))),
        None if o == vm.current_realm().intrinsic(Intrinsic::RegExpPrototype) => {
            Ok(Value::UNDEFINED)
        }
        None => vm.throw(
            ErrorKind::Type,
            &format!("RegExp.prototype.{name} getter called on incompatible receiver"),
        ),
    }
}

macro_rules! flag_getters {
    ($($fn:ident => $c:literal, $name:literal;)*) => {$(
        fn $fn(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
            flag_getter(vm, this, $c, $name)
        }
    )*};
}

flag_getters! {
    global_getter => 'g', "global";
    ignore_case_getter => 'i', "ignoreCase";
    multiline_getter => 'm', "multiline";
    dot_all_getter => 's', "dotAll";
    unicode_getter => 'u', "unicode";
    unicode_sets_getter => 'v', "unicodeSets";
    sticky_getter => 'y', "sticky";
    has_indices_getter => 'd', "hasIndices";
}

/// AdvanceStringIndex.
fn advance(s: &[u16], index: usize, unicode: bool) -> usize {
    if !unicode || index + 1 >= s.len() {
        return index + 1;
    }
    index + super::string::code_point_at_index(s, index).1
}

fn flags_of(vm: &mut Vm, r: Gc<JsObject>) -> JsResult<String> {
    let f = vm.get(r, PropertyKey::Atom(names::FLAGS))?;
    vm.to_rust_string(f)
}

fn symbol_match(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_object(vm, this, "[Symbol.match]")?;
    let s = vm.to_string(arg(args, 0))?;
    let flags = flags_of(vm, r)?;
    if !flags.contains('g') {
        return regexp_exec(vm, r, s);
    }
    let unicode = flags.contains('u') || flags.contains('v');
    vm.put(r, PropertyKey::Atom(names::LAST_INDEX), Value::ZERO, true)?;
    let a = vm.new_array_from(&[]);
    vm.root(Value::object(a));
    loop {
        let result = regexp_exec(vm, r, s)?;
        let Some(res) = result.as_object() else {
            return Ok(if a.length() == 0 {
                Value::NULL
            } else {
                Value::object(a)
            });
        };
        let m = vm.get(res, PropertyKey::Index(0))?;
        let ms = vm.to_string(m)?;
        a.push_element(Value::string(ms));
        if ms.is_empty() {
            let li = vm.get(r, PropertyKey::Atom(names::LAST_INDEX))?;
            let li = vm.to_length(li)? as usize;
            let next = advance(s.units(), li, unicode);
            vm.put(
                r,
                PropertyKey::Atom(names::LAST_INDEX),
                Value::number(next as f64),
                true,
            )?;
        }
    }
}

fn symbol_search(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_object(vm, this, "[Symbol.search]")?;
    let s = vm.to_string(arg(args, 0))?;
    let previous = vm.get(r, PropertyKey::Atom(names::LAST_INDEX))?;
    if !crate::interpreter::same_value(previous, Value::ZERO) {
        vm.put(r, PropertyKey::Atom(names::LAST_INDEX), Value::ZERO, true)?;
    }
    let result = regexp_exec(vm, r, s)?;
    let current = vm.get(r, PropertyKey::Atom(names::LAST_INDEX))?;
    if !crate::interpreter::same_value(current, previous) {
        vm.put(r, PropertyKey::Atom(names::LAST_INDEX), previous, true)?;
    }
    match result.as_object() {
        Some(res) => vm.get(res, PropertyKey::Atom(names::INDEX)),
        None => Ok(Value::int(-1)),
    }
}

fn symbol_replace(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_object(vm, this, "[Symbol.replace]")?;
    let s = vm.to_string(arg(args, 0))?;
    let mut replace_value = arg(args, 1);
    let functional = vm.is_callable(replace_value);
    if !functional {
        replace_value = Value::string(vm.to_string(replace_value)?);
    }
    let flags = flags_of(vm, r)?;
    let global = flags.contains('g');
    let unicode = flags.contains('u') || flags.contains('v');
    if global {
        vm.put(r, PropertyKey::Atom(names::LAST_INDEX), Value::ZERO, true)?;
    }
    let mut results = Vec::new();
    loop {
        let result = regexp_exec(vm, r, s)?;
        let Some(res) = result.as_object() else { break };
        vm.root(result);
        results.push(res);
        if !global {
            break;
        }
        let m = vm.get(res, PropertyKey::Index(0))?;
        let ms = vm.to_string(m)?;
        if ms.is_empty() {
            let li = vm.get(r, PropertyKey::Atom(names::LAST_INDEX))?;
            let li = vm.to_length(li)? as usize;
            let next = advance(s.units(), li, unicode);
            vm.put(
                r,
                PropertyKey::Atom(names::LAST_INDEX),
                Value::number(next as f64),
                true,
            )?;
        }
    }
    let units = s.units().to_vec();
    let mut out: Vec<u16> = Vec::new();
    let mut next_source = 0usize;
    for res in results {
        let n = vm.length_of_array_like(res)?.max(1);
        let m = vm.get(res, PropertyKey::Index(0))?;
        let matched = vm.to_string(m)?;
        let pos = vm.get(res, PropertyKey::Atom(names::INDEX))?;
        let position = (vm.to_integer_or_infinity(pos)?.max(0.0) as usize).min(units.len());
        let mut captures = Vec::new();
        for i in 1..n {
            let c = vm.get(res, Vm::index_key(i))?;
            let c = if c.is_undefined() {
                c
            } else {
                Value::string(vm.to_string(c)?)
            };
            vm.root(c);
            captures.push(c);
        }
        let groups = vm.get(res, PropertyKey::Atom(names::GROUPS))?;
        let replacement: Vec<u16> = if functional {
            let mut call_args = vec![Value::string(matched)];
            call_args.extend_from_slice(&captures);
            call_args.push(Value::number(position as f64));
            call_args.push(Value::string(s));
            if !groups.is_undefined() {
                call_args.push(groups);
            }
            let v = vm.call(replace_value, Value::UNDEFINED, &call_args)?;
            vm.to_string(v)?.units().to_vec()
        } else {
            let groups_obj = if groups.is_undefined() {
                None
            } else {
                Some(vm.to_object(groups)?)
            };
            let template = replace_value.as_string().expect("string replacement");
            super::string::get_substitution(
                matched.units(),
                &units,
                position,
                &captures,
                groups_obj,
                vm,
                template.units(),
            )?
        };
        if position >= next_source {
            out.extend_from_slice(&units[next_source..position]);
            out.extend_from_slice(&replacement);
            next_source = position + matched.len();
        }
    }
    if next_source < units.len() {
        out.extend_from_slice(&units[next_source..]);
    }
    Ok(Value::string(vm.alloc_string(out)))
}

fn symbol_split(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_object(vm, this, "[Symbol.split]")?;
    let s = vm.to_string(arg(args, 0))?;
    let default = vm
        .current_realm()
        .intrinsic_value(Intrinsic::ObjectConstructor);
    let _ = default;
    let regexp_ctor = vm
        .current_realm()
        .global()
        .get_own(PropertyKey::from_text("RegExp"))
        .map(|(v, _)| v)
        .unwrap_or(Value::UNDEFINED);
    let c = super::promise::species_constructor(vm, r, regexp_ctor)?;
    let flags = flags_of(vm, r)?;
    let unicode = flags.contains('u') || flags.contains('v');
    let new_flags = if flags.contains('y') {
        flags.clone()
    } else {
        format!("{flags}y")
    };
    let nf = vm.string_value(&new_flags);
    let splitter = vm.construct(c, &[Value::object(r), nf], None)?;
    let splitter = splitter.as_object().expect("constructor returns an object");
    vm.root(Value::object(splitter));
    let a = vm.new_array_from(&[]);
    vm.root(Value::object(a));
    let lim = if arg(args, 1).is_undefined() {
        u32::MAX
    } else {
        vm.to_uint32(arg(args, 1))?
    };
    if lim == 0 {
        return Ok(Value::object(a));
    }
    let units = s.units().to_vec();
    if units.is_empty() {
        let z = regexp_exec(vm, splitter, s)?;
        if z.is_null() {
            a.push_element(Value::string(s));
        }
        return Ok(Value::object(a));
    }
    let size = units.len();
    let (mut p, mut q) = (0usize, 0usize);
    while q < size {
        vm.put(
            splitter,
            PropertyKey::Atom(names::LAST_INDEX),
            Value::number(q as f64),
            true,
        )?;
        let z = regexp_exec(vm, splitter, s)?;
        let Some(zo) = z.as_object() else {
            q = advance(&units, q, unicode);
            continue;
        };
        let li = vm.get(splitter, PropertyKey::Atom(names::LAST_INDEX))?;
        let e = (vm.to_length(li)? as usize).min(size);
        if e == p {
            q = advance(&units, q, unicode);
            continue;
        }
        let piece = Value::string(vm.alloc_string(units[p..q].to_vec()));
        a.push_element(piece);
        if a.length() == lim {
            return Ok(Value::object(a));
        }
        p = e;
        let n = vm.length_of_array_like(zo)?;
        for i in 1..n.max(1) {
            let cap = vm.get(zo, Vm::index_key(i))?;
            a.push_element(cap);
            if a.length() == lim {
                return Ok(Value::object(a));
            }
        }
        q = p;
    }
    let tail = Value::string(vm.alloc_string(units[p..].to_vec()));
    a.push_element(tail);
    Ok(Value::object(a))
}

fn symbol_match_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let r = this_object(vm, this, "[Symbol.matchAll]")?;
    let s = vm.to_string(arg(args, 0))?;
    let regexp_ctor = vm
        .current_realm()
        .global()
        .get_own(PropertyKey::from_text("RegExp"))
        .map(|(v, _)| v)
        .unwrap_or(Value::UNDEFINED);
    let c = super::promise::species_constructor(vm, r, regexp_ctor)?;
    let flags = flags_of(vm, r)?;
    let fv = vm.string_value(&flags);
    let matcher = vm.construct(c, &[Value::object(r), fv], None)?;
    let m = matcher.as_object().expect("object");
    let li = vm.get(r, PropertyKey::Atom(names::LAST_INDEX))?;
    let li = vm.to_length(li)?;
    vm.put(
        m,
        PropertyKey::Atom(names::LAST_INDEX),
        Value::number(li),
        true,
    )?;
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::RegExpStringIteratorPrototype);
    let it = vm.alloc_object(Value::object(proto), ObjectKind::Ordinary);
    it.define_own(
        PropertyKey::from_text("[[matcher]]"),
        matcher,
        Attributes::HIDDEN,
    );
    it.define_own(
        PropertyKey::from_text("[[string]]"),
        Value::string(s),
        Attributes::HIDDEN,
    );
    it.define_own(
        PropertyKey::from_text("[[global]]"),
        Value::bool(flags.contains('g')),
        Attributes::HIDDEN,
    );
    it.define_own(
        PropertyKey::from_text("[[unicode]]"),
        Value::bool(flags.contains('u') || flags.contains('v')),
        Attributes::HIDDEN,
    );
    Ok(Value::object(it))
}

fn string_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(it) = this.as_object() else {
        return vm.throw(ErrorKind::Type, "not a RegExp String Iterator");
    };
    let slot = |name: &str| it.get_own(PropertyKey::from_text(name)).map(|(v, _)| v);
    let (Some(matcher), Some(s)) = (slot("[[matcher]]"), slot("[[string]]")) else {
        return vm.throw(ErrorKind::Type, "not a RegExp String Iterator");
    };
    if matcher.is_undefined() {
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    }
    let global = slot("[[global]]") == Some(Value::TRUE);
    let unicode = slot("[[unicode]]") == Some(Value::TRUE);
    let r = matcher.as_object().expect("matcher");
    let s = s.as_string().expect("string");
    let result = regexp_exec(vm, r, s)?;
    let Some(res) = result.as_object() else {
        it.define_own(
            PropertyKey::from_text("[[matcher]]"),
            Value::UNDEFINED,
            Attributes::HIDDEN,
        );
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    };
    if !global {
        it.define_own(
            PropertyKey::from_text("[[matcher]]"),
            Value::UNDEFINED,
            Attributes::HIDDEN,
        );
        return Ok(Value::object(vm.iter_result(result, false)));
    }
    let m = vm.get(res, PropertyKey::Index(0))?;
    let ms = vm.to_string(m)?;
    if ms.is_empty() {
        let li = vm.get(r, PropertyKey::Atom(names::LAST_INDEX))?;
        let li = vm.to_length(li)? as usize;
        let next = advance(s.units(), li, unicode);
        vm.put(
            r,
            PropertyKey::Atom(names::LAST_INDEX),
            Value::number(next as f64),
            true,
        )?;
    }
    Ok(Value::object(vm.iter_result(result, false)))
}

/// RegExp.escape(string): `string` with every code point that could mean
/// something in a pattern escaped.
fn regexp_escape(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(s) = arg(args, 0).as_string() else {
        return vm.throw(ErrorKind::Type, "RegExp.escape: argument is not a string");
    };
    let mut out: Vec<u16> = Vec::with_capacity(s.len() * 2);
    let push_str = |out: &mut Vec<u16>, t: &str| out.extend(t.encode_utf16());
    for (i, c) in char::decode_utf16(s.units().iter().copied()).enumerate() {
        let cp = match c {
            Ok(c) => c as u32,
            Err(e) => e.unpaired_surrogate() as u32,
        };
        let ch = char::from_u32(cp);
        if i == 0 && ch.is_some_and(|c| c.is_ascii_alphanumeric()) {
            push_str(&mut out, &format!("\\x{cp:02x}"));
            continue;
        }
        if let Some(c) = ch.filter(|c| "^$\\.*+?()[]{}|/".contains(*c)) {
            out.push(u16::from(b'\\'));
            out.push(c as u16);
            continue;
        }
        let control = match cp {
            0x09 => Some('t'),
            0x0A => Some('n'),
            0x0B => Some('v'),
            0x0C => Some('f'),
            0x0D => Some('r'),
            _ => None,
        };
        if let Some(letter) = control {
            out.push(u16::from(b'\\'));
            out.push(letter as u16);
            continue;
        }
        let punctuator = ch.is_some_and(|c| ",-=<>#&!%:;@~'`\"".contains(c));
        let white = matches!(
            cp,
            0x20 | 0xA0 | 0x1680 | 0x2000
                ..=0x200A | 0x202F | 0x205F | 0x3000 | 0xFEFF | 0x2028 | 0x2029
        );
        let surrogate = (0xD800..=0xDFFF).contains(&cp);
        if punctuator || white || surrogate {
            if cp <= 0xFF {
                push_str(&mut out, &format!("\\x{cp:02x}"));
            } else {
                let mut buf = [0u16; 2];
                let units: &[u16] = match ch {
                    Some(c) => c.encode_utf16(&mut buf),
                    None => {
                        buf[0] = cp as u16;
                        &buf[..1]
                    }
                };
                for &u in units {
                    push_str(&mut out, &format!("\\u{u:04x}"));
                }
            }
            continue;
        }
        match ch {
            Some(c) => {
                let mut buf = [0u16; 2];
                out.extend_from_slice(c.encode_utf16(&mut buf));
            }
            None => out.push(cp as u16),
        }
    }
    let r = vm.alloc_string(out);
    Ok(Value::string(r))
}
