//! JSON: `JSON.parse` (a hand-written parser over UTF-16 code units, with
//! the reviver walk) and `JSON.stringify` (replacer function or property
//! list, gap, toJSON, cycle detection, well-formed output).

use super::{arg, define_tag};
use crate::builtins::array::is_array;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::Realm;
use crate::string::atom::names;
use crate::value::Value;
use crate::value::number::number_to_string;

/// Nesting beyond this is reported as a RangeError rather than risking the
/// Rust stack.
const MAX_DEPTH: usize = 1500;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let _ = realm;
    let json = vm.new_object();
    vm.define_builtin(json, "parse", 2, parse);
    vm.define_builtin(json, "stringify", 3, stringify);
    vm.define_builtin(json, "rawJSON", 1, raw_json);
    vm.define_builtin(json, "isRawJSON", 1, is_raw_json);
    define_tag(vm, json, "JSON");
    global.define_own(
        PropertyKey::from_text("JSON"),
        Value::object(json),
        crate::object::Attributes::HIDDEN,
    );
}

// ----- JSON.parse -----

struct Parser<'a> {
    src: &'a [u16],
    pos: usize,
    depth: usize,
    /// Whether to build parse nodes (for a reviver's `context.source`).
    track: bool,
    /// The node of the value parsed last (when tracking).
    last: Option<ParseNode>,
}

/// A JSON Parse Record: a parsed value with its source text (primitives)
/// or the records of its elements or entries.
struct ParseNode {
    value: Value,
    source: Option<(usize, usize)>,
    elements: Vec<ParseNode>,
    entries: Vec<(PropertyKey, ParseNode)>,
}

impl Default for ParseNode {
    fn default() -> ParseNode {
        ParseNode {
            value: Value::UNDEFINED,
            source: None,
            elements: Vec::new(),
            entries: Vec::new(),
        }
    }
}

enum ParseError {
    Syntax(String),
    TooDeep,
}

type PResult<T> = Result<T, ParseError>;

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u16> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// An unexpected character (or the end), in V8's words: the token and
    /// the text around it (`Unexpected token '}', "{"a": }" is not valid
    /// JSON`).
    fn error<T>(&self) -> PResult<T> {
        let Some(c) = self.peek() else {
            return Err(ParseError::Syntax("Unexpected end of JSON input".into()));
        };
        let ch = char::from_u32(c as u32).unwrap_or('\u{fffd}');
        // V8 shows a short text whole, a longer one 10 units either side.
        const CONTEXT: usize = 10;
        let len = self.src.len();
        let (start, end) = if len <= 2 * CONTEXT + 1 {
            (0, len)
        } else {
            (
                self.pos.saturating_sub(CONTEXT),
                (self.pos + CONTEXT).min(len),
            )
        };
        let text = String::from_utf16_lossy(&self.src[start..end]);
        let before = if start > 0 { "..." } else { "" };
        let after = if end < len { "..." } else { "" };
        Err(ParseError::Syntax(format!(
            "Unexpected token '{ch}', {before}\"{text}\"{after} is not valid JSON"
        )))
    }

    /// A syntax error that V8 words by what was expected at the position.
    fn error_at<T>(&self, what: &str) -> PResult<T> {
        Err(ParseError::Syntax(format!(
            "{what} in JSON at position {}",
            self.pos
        )))
    }

    fn expect_word(&mut self, word: &str) -> PResult<()> {
        for b in word.bytes() {
            if self.peek() != Some(b as u16) {
                return self.error();
            }
            self.pos += 1;
        }
        Ok(())
    }

    fn value(&mut self, vm: &mut Vm) -> PResult<Value> {
        self.skip_ws();
        let start = self.pos;
        let v = self.primitive(vm)?;
        if self.track && self.src.get(start).is_some_and(|&c| c != 0x7b && c != 0x5b) {
            vm.root(v);
            self.last = Some(ParseNode {
                value: v,
                source: Some((start, self.pos)),
                ..ParseNode::default()
            });
        }
        Ok(v)
    }

    /// A value (objects and arrays record their own nodes).
    fn primitive(&mut self, vm: &mut Vm) -> PResult<Value> {
        match self.peek() {
            Some(0x7b) => self.object(vm),
            Some(0x5b) => self.array(vm),
            Some(0x22) => {
                let units = self.string()?;
                Ok(Value::string(vm.alloc_string(units)))
            }
            Some(0x74) => {
                self.expect_word("true")?;
                Ok(Value::TRUE)
            }
            Some(0x66) => {
                self.expect_word("false")?;
                Ok(Value::FALSE)
            }
            Some(0x6e) => {
                self.expect_word("null")?;
                Ok(Value::NULL)
            }
            Some(c) if c == b'-' as u16 || (0x30..=0x39).contains(&c) => self.number(),
            _ => self.error(),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if (0x30..=0x39).contains(&c)) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> PResult<Value> {
        let start = self.pos;
        if self.peek() == Some(b'-' as u16) {
            self.pos += 1;
        }
        match self.peek() {
            Some(0x30) => {
                self.pos += 1;
                if matches!(self.peek(), Some(0x30..=0x39)) {
                    return self.error_at("Unexpected number");
                }
            }
            Some(c) if (0x31..=0x39).contains(&c) => {
                self.digits();
            }
            _ => return self.error_at("No number after minus sign"),
        }
        if self.peek() == Some(b'.' as u16) {
            self.pos += 1;
            if self.digits() == 0 {
                return self.error_at("Unterminated fractional number");
            }
        }
        if matches!(self.peek(), Some(0x65) | Some(0x45)) {
            self.pos += 1;
            if matches!(self.peek(), Some(0x2b) | Some(0x2d)) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return self.error_at("Exponent part is missing a number");
            }
        }
        let text: String = self.src[start..self.pos]
            .iter()
            .map(|&c| c as u8 as char)
            .collect();
        let n: f64 = text.parse().unwrap_or(f64::NAN);
        Ok(Value::number(n))
    }

    /// A string literal (at its opening quote): its code units.
    fn string(&mut self) -> PResult<Vec<u16>> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return self.error_at("Unterminated string");
            };
            match c {
                0x22 => {
                    self.pos += 1;
                    return Ok(out);
                }
                0x5c => {
                    self.pos += 1;
                    let Some(e) = self.peek() else {
                        return self.error_at("Unterminated string");
                    };
                    let unit = match e {
                        0x22 => 0x22,
                        0x5c => 0x5c,
                        0x2f => 0x2f,
                        0x62 => 0x08,
                        0x66 => 0x0c,
                        0x6e => 0x0a,
                        0x72 => 0x0d,
                        0x74 => 0x09,
                        0x75 => {
                            let mut v: u16 = 0;
                            for _ in 0..4 {
                                self.pos += 1;
                                let d = match self.peek() {
                                    Some(d @ 0x30..=0x39) => d - 0x30,
                                    Some(d @ 0x61..=0x66) => d - 0x61 + 10,
                                    Some(d @ 0x41..=0x46) => d - 0x41 + 10,
                                    _ => return self.error_at("Bad Unicode escape"),
                                };
                                v = v * 16 + d;
                            }
                            v
                        }
                        _ => return self.error_at("Bad escaped character"),
                    };
                    self.pos += 1;
                    out.push(unit);
                }
                c if c < 0x20 => return self.error_at("Bad control character in string literal"),
                c => {
                    self.pos += 1;
                    out.push(c);
                }
            }
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ParseError::TooDeep);
        }
        Ok(())
    }

    fn array(&mut self, vm: &mut Vm) -> PResult<Value> {
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        let mut nodes = Vec::new();
        self.skip_ws();
        if self.peek() == Some(0x5d) {
            self.pos += 1;
        } else {
            loop {
                items.push(self.value(vm)?);
                if self.track {
                    nodes.push(self.last.take().unwrap_or_default());
                }
                self.skip_ws();
                match self.peek() {
                    Some(0x2c) => self.pos += 1,
                    Some(0x5d) => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.error_at("Expected ',' or ']' after array element"),
                }
            }
        }
        self.depth -= 1;
        let a = Value::object(vm.new_array_from(&items));
        if self.track {
            vm.root(a);
            self.last = Some(ParseNode {
                value: a,
                elements: nodes,
                ..ParseNode::default()
            });
        }
        Ok(a)
    }

    fn object(&mut self, vm: &mut Vm) -> PResult<Value> {
        self.enter()?;
        self.pos += 1;
        let obj = vm.new_object();
        let mut entries = Vec::new();
        self.skip_ws();
        if self.peek() == Some(0x7d) {
            self.pos += 1;
        } else {
            let mut first = true;
            loop {
                self.skip_ws();
                if self.peek() != Some(0x22) {
                    return self.error_at(if first {
                        "Expected property name or '}'"
                    } else {
                        "Expected double-quoted property name"
                    });
                }
                first = false;
                let key = self.string()?;
                self.skip_ws();
                if self.peek() != Some(0x3a) {
                    return self.error_at("Expected ':' after property name");
                }
                self.pos += 1;
                let v = self.value(vm)?;
                let key = PropertyKey::from_units(&key);
                if self.track {
                    entries.push((key, self.last.take().unwrap_or_default()));
                }
                // A fresh ordinary object: defining cannot fail or run JS.
                let _ = vm.create_data_property(obj, key, v);
                self.skip_ws();
                match self.peek() {
                    Some(0x2c) => self.pos += 1,
                    Some(0x7d) => {
                        self.pos += 1;
                        break;
                    }
                    _ => return self.error_at("Expected ',' or '}' after property value"),
                }
            }
        }
        self.depth -= 1;
        if self.track {
            vm.root(Value::object(obj));
            self.last = Some(ParseNode {
                value: Value::object(obj),
                entries,
                ..ParseNode::default()
            });
        }
        Ok(Value::object(obj))
    }
}

/// JSON.parse(text) with no reviver (JSON modules).
pub fn parse_text(vm: &mut Vm, text: Value) -> JsResult<Value> {
    parse(vm, Value::UNDEFINED, &[text], Value::UNDEFINED)
}

fn parse(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let text = vm.to_string(arg(args, 0))?;
    let reviver = arg(args, 1);
    let mut p = Parser {
        src: text.units(),
        pos: 0,
        depth: 0,
        track: vm.is_callable(reviver),
        last: None,
    };
    let result = p.value(vm).and_then(|v| {
        p.skip_ws();
        match p.peek() {
            None => Ok(v),
            Some(_) => Err(ParseError::Syntax(format!(
                "Unexpected non-whitespace character after JSON at position {}",
                p.pos
            ))),
        }
    });
    let value = match result {
        Ok(v) => v,
        Err(ParseError::Syntax(msg)) => return vm.throw(ErrorKind::Syntax, &msg),
        Err(ParseError::TooDeep) => {
            return vm.throw(ErrorKind::Range, "JSON nesting too deep");
        }
    };
    if !vm.is_callable(reviver) {
        return Ok(value);
    }
    let node = p.last.take();
    let root = vm.new_object();
    let empty = PropertyKey::Atom(names::EMPTY);
    let _ = vm.create_data_property(root, empty, value);
    let src = text.units();
    internalize(vm, root, empty, reviver, node.as_ref(), src, 0)
}

/// EnumerableOwnProperties(O, key).
fn enumerable_own_keys(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Vec<PropertyKey>> {
    let keys = vm.own_property_keys(o)?;
    let mut out = Vec::with_capacity(keys.len());
    for k in keys {
        if k.is_symbol() {
            continue;
        }
        if let Some(d) = vm.get_own_property(o, k)?
            && d.enumerable == Some(true)
        {
            out.push(k);
        }
    }
    Ok(out)
}

/// InternalizeJSONProperty.
/// `node` is the value's parse record while the value is still the parsed
/// one; `src` the parsed text (for `context.source`).
fn internalize(
    vm: &mut Vm,
    holder: Gc<JsObject>,
    name: PropertyKey,
    reviver: Value,
    node: Option<&ParseNode>,
    src: &[u16],
    depth: usize,
) -> JsResult<Value> {
    if depth > MAX_DEPTH {
        return vm.throw(ErrorKind::Range, "Maximum call stack size exceeded");
    }
    let val = vm.get(holder, name)?;
    let context = vm.new_object();
    let node = node.filter(|n| crate::interpreter::same_value(n.value, val));
    if let Some((start, end)) = node.and_then(|n| n.source)
        && !val.is_object()
    {
        let text = vm.alloc_string(src[start..end].to_vec());
        let _ = vm.create_data_property(
            context,
            PropertyKey::from_text("source"),
            Value::string(text),
        );
    }
    if let Some(o) = val.as_object() {
        if is_array(vm, val)? {
            let len = vm.length_of_array_like(o)?;
            for i in 0..len {
                let key = Vm::index_key(i);
                let child = node.and_then(|n| n.elements.get(i as usize));
                let element = internalize(vm, o, key, reviver, child, src, depth + 1)?;
                if element.is_undefined() {
                    vm.delete_property(o, key)?;
                } else {
                    vm.create_data_property(o, key, element)?;
                }
            }
        } else {
            let keys = enumerable_own_keys(vm, o)?;
            for key in keys {
                let child = node.and_then(|n| {
                    n.entries
                        .iter()
                        .rev()
                        .find(|(k, _)| *k == key)
                        .map(|(_, c)| c)
                });
                let element = internalize(vm, o, key, reviver, child, src, depth + 1)?;
                if element.is_undefined() {
                    vm.delete_property(o, key)?;
                } else {
                    vm.create_data_property(o, key, element)?;
                }
            }
        }
    }
    let name_value = vm.key_to_value(name);
    vm.call(
        reviver,
        Value::object(holder),
        &[name_value, val, Value::object(context)],
    )
}

/// The [[IsRawJSON]] slot of a JSON.rawJSON object.
pub struct RawJson;

impl crate::heap::Trace for RawJson {
    fn trace(&self, _: &mut crate::heap::Tracer) {}
}

impl crate::object::kind::BuiltinState for RawJson {
    fn class_name(&self) -> &'static str {
        "Object"
    }
}

fn is_raw_json_object(v: Value) -> bool {
    v.as_object()
        .is_some_and(|o| o.kind.builtin::<RawJson>().is_some())
}

/// JSON.rawJSON(text): a frozen null-prototype object whose `rawJSON`
/// text JSON.stringify emits as is (a primitive JSON value only).
fn raw_json(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let text = vm.to_string(arg(args, 0))?;
    let units = text.units();
    let bad_edge = |c: Option<&u16>| matches!(c, None | Some(0x09 | 0x0a | 0x0d | 0x20));
    if bad_edge(units.first()) || bad_edge(units.last()) {
        return vm.throw(ErrorKind::Syntax, "JSON.rawJSON: invalid text");
    }
    if matches!(units.first(), Some(0x7b | 0x5b)) {
        return vm.throw(
            ErrorKind::Syntax,
            "JSON.rawJSON: text must be a primitive JSON value",
        );
    }
    let mut p = Parser {
        src: units,
        pos: 0,
        depth: 0,
        track: false,
        last: None,
    };
    let ok = p.value(vm).is_ok() && {
        p.skip_ws();
        p.pos == units.len()
    };
    if !ok {
        return vm.throw(ErrorKind::Syntax, "JSON.rawJSON: invalid JSON text");
    }
    let o = vm.alloc_object(Value::NULL, ObjectKind::Builtin(Box::new(RawJson)));
    o.define_own(
        PropertyKey::from_text("rawJSON"),
        Value::string(text),
        crate::object::Attributes::new(false, true, false),
    );
    o.prevent_extensions();
    Ok(Value::object(o))
}

fn is_raw_json(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(is_raw_json_object(arg(args, 0))))
}

// ----- JSON.stringify -----

struct Serializer {
    replacer: Option<Value>,
    property_list: Option<Vec<PropertyKey>>,
    gap: Vec<u16>,
    indent: Vec<u16>,
    stack: Vec<Gc<JsObject>>,
    /// The key each object of `stack` was reached by, then the key of the
    /// object being entered (for the circular-structure message).
    path: Vec<PropertyKey>,
    out: Vec<u16>,
}

fn push_str(out: &mut Vec<u16>, s: &str) {
    out.extend(s.encode_utf16());
}

/// QuoteJSONString, appended to `out`.
pub fn quote_json_string(out: &mut Vec<u16>, units: &[u16]) {
    out.push(0x22);
    let mut i = 0;
    while i < units.len() {
        let c = units[i];
        match c {
            0x08 => push_str(out, "\\b"),
            0x09 => push_str(out, "\\t"),
            0x0a => push_str(out, "\\n"),
            0x0c => push_str(out, "\\f"),
            0x0d => push_str(out, "\\r"),
            0x22 => push_str(out, "\\\""),
            0x5c => push_str(out, "\\\\"),
            0xd800..=0xdbff if i + 1 < units.len() && (0xdc00..=0xdfff).contains(&units[i + 1]) => {
                out.push(c);
                out.push(units[i + 1]);
                i += 1;
            }
            c if c < 0x20 || (0xd800..=0xdfff).contains(&c) => {
                push_str(out, &format!("\\u{c:04x}"));
            }
            c => out.push(c),
        }
        i += 1;
    }
    out.push(0x22);
}

impl Serializer {
    /// SerializeJSONProperty: appends the serialization and returns true,
    /// or returns false (undefined) without appending.
    fn property(&mut self, vm: &mut Vm, key: PropertyKey, holder: Gc<JsObject>) -> JsResult<bool> {
        let mut value = vm.get(holder, key)?;
        if value.is_object() || value.is_bigint() {
            let to_json = vm.get_value(value, PropertyKey::Atom(names::TO_JSON))?;
            if vm.is_callable(to_json) {
                let k = vm.key_to_value(key);
                value = vm.call(to_json, value, &[k])?;
            }
        }
        if let Some(r) = self.replacer {
            let k = vm.key_to_value(key);
            value = vm.call(r, Value::object(holder), &[k, value])?;
        }
        if is_raw_json_object(value)
            && let Some(o) = value.as_object()
        {
            let raw = vm.get(o, PropertyKey::from_text("rawJSON"))?;
            let raw = vm.to_string(raw)?;
            self.out.extend_from_slice(raw.units());
            return Ok(true);
        }
        if let Some(o) = value.as_object() {
            match &o.kind {
                ObjectKind::Number(_) => value = Value::number(vm.to_number(value)?),
                ObjectKind::String(_) => value = Value::string(vm.to_string(value)?),
                ObjectKind::Boolean(b) => value = Value::bool(*b),
                ObjectKind::BigInt(b) => value = Value::bigint(*b),
                _ => {}
            }
        }
        if value.is_null() {
            push_str(&mut self.out, "null");
            return Ok(true);
        }
        if let Some(b) = value.as_bool() {
            push_str(&mut self.out, if b { "true" } else { "false" });
            return Ok(true);
        }
        if let Some(s) = value.as_string() {
            quote_json_string(&mut self.out, s.units());
            return Ok(true);
        }
        if let Some(n) = value.as_number() {
            if n.is_finite() {
                push_str(&mut self.out, &number_to_string(n));
            } else {
                push_str(&mut self.out, "null");
            }
            return Ok(true);
        }
        if value.is_bigint() {
            return vm.throw(ErrorKind::Type, "Do not know how to serialize a BigInt");
        }
        if let Some(o) = value.as_object()
            && !vm.is_callable(value)
        {
            self.path.push(key);
            let done = if is_array(vm, value)? {
                self.array(vm, o)
            } else {
                self.object(vm, o)
            };
            self.path.pop();
            done?;
            return Ok(true);
        }
        Ok(false)
    }

    fn enter(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Vec<u16>> {
        if let Some(start) = self.stack.iter().position(|&s| s == o) {
            let message = self.circle_message(vm, start);
            return vm.throw(ErrorKind::Type, &message);
        }
        if self.stack.len() >= MAX_DEPTH {
            return vm.throw(ErrorKind::Range, "Maximum call stack size exceeded");
        }
        self.stack.push(o);
        let stepback = self.indent.clone();
        self.indent.extend_from_slice(&self.gap);
        Ok(stepback)
    }

    /// V8's message for a cycle back to `stack[start]`: the path from it,
    /// the middle elided past three steps.
    fn circle_message(&self, vm: &Vm, start: usize) -> String {
        let ctor = |o: Gc<JsObject>| {
            let label = vm.object_label(o);
            let name = label
                .trim_start_matches("#<")
                .trim_end_matches('>')
                .to_string();
            format!("object with constructor '{name}'")
        };
        let step = |j: usize| {
            // The key that led from stack[j - 1] to the next object.
            let key = self.path[j];
            if matches!(self.stack[j - 1].kind, ObjectKind::Array) {
                format!("index {}", key.to_rust_string())
            } else {
                format!("property '{}'", key.to_rust_string())
            }
        };
        let mut lines = vec![
            "Converting circular structure to JSON".to_string(),
            format!("    --> starting at {}", ctor(self.stack[start])),
        ];
        let middle: Vec<usize> = (start + 1..self.stack.len()).collect();
        let shown: Vec<Option<usize>> = if middle.len() > 3 {
            vec![
                Some(middle[0]),
                Some(middle[1]),
                None,
                middle.last().copied(),
            ]
        } else {
            middle.iter().copied().map(Some).collect()
        };
        for j in shown {
            lines.push(match j {
                Some(j) => format!("    |     {} -> {}", step(j), ctor(self.stack[j])),
                None => "    |     ...".to_string(),
            });
        }
        lines.push(format!(
            "    --- {} closes the circle",
            step(self.stack.len())
        ));
        lines.join("\n")
    }

    fn separator(&mut self, first: bool) {
        if !first {
            self.out.push(b',' as u16);
        }
        if !self.gap.is_empty() {
            self.out.push(b'\n' as u16);
            self.out.extend_from_slice(&self.indent);
        }
    }

    fn close(&mut self, stepback: Vec<u16>, any: bool, closer: u8) {
        if any && !self.gap.is_empty() {
            self.out.push(b'\n' as u16);
            self.out.extend_from_slice(&stepback);
        }
        self.out.push(closer as u16);
        self.stack.pop();
        self.indent = stepback;
    }

    fn object(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
        let stepback = self.enter(vm, o)?;
        let keys = match &self.property_list {
            Some(list) => list.clone(),
            None => enumerable_own_keys(vm, o)?,
        };
        self.out.push(b'{' as u16);
        let mut any = false;
        for key in keys {
            let mark = self.out.len();
            self.separator(!any);
            quote_json_string(&mut self.out, &key.to_units());
            self.out.push(b':' as u16);
            if !self.gap.is_empty() {
                self.out.push(b' ' as u16);
            }
            if self.property(vm, key, o)? {
                any = true;
            } else {
                self.out.truncate(mark);
            }
        }
        self.close(stepback, any, b'}');
        Ok(())
    }

    fn array(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<()> {
        let stepback = self.enter(vm, o)?;
        let len = vm.length_of_array_like(o)?;
        self.out.push(b'[' as u16);
        for i in 0..len {
            self.separator(i == 0);
            if !self.property(vm, Vm::index_key(i), o)? {
                push_str(&mut self.out, "null");
            }
        }
        self.close(stepback, len > 0, b']');
        Ok(())
    }
}

pub(crate) fn stringify(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let value = arg(args, 0);
    let replacer = arg(args, 1);
    let mut space = arg(args, 2);
    let mut ser = Serializer {
        replacer: None,
        property_list: None,
        gap: Vec::new(),
        indent: Vec::new(),
        stack: Vec::new(),
        path: Vec::new(),
        out: Vec::new(),
    };
    if let Some(r) = replacer.as_object() {
        if vm.is_callable(replacer) {
            ser.replacer = Some(replacer);
        } else if is_array(vm, replacer)? {
            let len = vm.length_of_array_like(r)?;
            let mut list: Vec<PropertyKey> = Vec::new();
            for i in 0..len {
                let v = vm.get(r, Vm::index_key(i))?;
                let item = if v.is_string() || v.is_number() {
                    Some(vm.to_string(v)?)
                } else if let Some(o) = v.as_object() {
                    if matches!(o.kind, ObjectKind::String(_) | ObjectKind::Number(_)) {
                        Some(vm.to_string(v)?)
                    } else {
                        None
                    }
                } else {
                    None
                };
                if let Some(s) = item {
                    let key = PropertyKey::from_units(s.units());
                    if !list.contains(&key) {
                        list.push(key);
                    }
                }
            }
            ser.property_list = Some(list);
        }
    }
    if let Some(o) = space.as_object() {
        match &o.kind {
            ObjectKind::Number(_) => space = Value::number(vm.to_number(space)?),
            ObjectKind::String(_) => space = Value::string(vm.to_string(space)?),
            _ => {}
        }
    }
    if space.is_number() {
        let n = vm.to_integer_or_infinity(space)?.min(10.0);
        if n >= 1.0 {
            ser.gap = vec![b' ' as u16; n as usize];
        }
    } else if let Some(s) = space.as_string() {
        let u = s.units();
        ser.gap = u[..u.len().min(10)].to_vec();
    }
    let wrapper = vm.new_object();
    let empty = PropertyKey::Atom(names::EMPTY);
    let _ = vm.create_data_property(wrapper, empty, value);
    if ser.property(vm, empty, wrapper)? {
        let out = std::mem::take(&mut ser.out);
        Ok(Value::string(vm.alloc_string(out)))
    } else {
        Ok(Value::UNDEFINED)
    }
}
