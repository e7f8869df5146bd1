//! Node-compatible value formatting (`util.inspect`): what `console.log`
//! and `console.dir` print and how a script's completion value (the REPL's
//! result) is shown. The rules follow Node 20's
//! `lib/internal/util/inspect.js` so output matches byte for byte:
//! `value.rs` renders each kind of value, `error.rs` prints errors
//! (`formatError`), `layout.rs` decides line breaks
//! (`reduceToSingleString`, `groupArrayElements`), `primitive.rs` quotes
//! strings, keys and numbers and adds colours, and `format.rs` is
//! `util.format` (the `%s %d …` substitutions of console methods).
//!
//! Inspecting never calls a getter of an own property and never runs a
//! Proxy trap (a proxy shows its target), as in Node. It does read
//! `name`, `message`, `stack`, `Symbol.toStringTag` and `constructor.name`
//! with ordinary gets, as Node does, and calls an object's
//! `[Symbol.for('nodejs.util.inspect.custom')]` method, so it may call into
//! JS and returns a `JsResult`; it holds no lock while it does (a Map's
//! entries are copied out under its lock first).
//!
//! weft's own objects: a Thread prints as `[Thread #3]`, a Lock as
//! `Lock { <unlocked> }` or `Lock { <held by Thread #0> }`; Condition and
//! ThreadLocal print as the class instances they are (`Condition {}`).

mod error;
mod format;
mod layout;
mod primitive;
mod value;

use crate::interpreter::{JsResult, Vm};
use crate::value::Value;

pub use format::{format_args, format_with_options};
pub use primitive::quote_string;

/// How `compact` groups output: Node's `compact: true` (the legacy
/// layout) or `compact: n` (up to `n` inner levels on one line; `false`
/// is 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compact {
    Legacy,
    Levels(u32),
}

/// Options of an inspection, with Node's defaults.
#[derive(Clone, Debug)]
pub struct InspectOptions {
    /// How many nested levels are shown (`f64::INFINITY` for all).
    pub depth: f64,
    /// ANSI colours with Node's default styles.
    pub colors: bool,
    /// Also show non-enumerable properties.
    pub show_hidden: bool,
    /// Show a Proxy as `Proxy [ target, handler ]`.
    pub show_proxy: bool,
    pub max_array_length: usize,
    pub max_string_length: usize,
    /// Line width (`usize::MAX` for Infinity).
    pub break_length: usize,
    pub compact: Compact,
    /// Sort the keys of objects, maps and sets.
    pub sorted: bool,
    /// Call an object's `[Symbol.for('nodejs.util.inspect.custom')]`
    /// method and print what it returns.
    pub custom_inspect: bool,
}

impl Default for InspectOptions {
    fn default() -> InspectOptions {
        InspectOptions {
            depth: 2.0,
            colors: false,
            show_hidden: false,
            show_proxy: false,
            max_array_length: 100,
            max_string_length: 10000,
            break_length: 80,
            compact: Compact::Levels(3),
            sorted: false,
            custom_inspect: true,
        }
    }
}

impl InspectOptions {
    /// Reads Node's option names from a JS options object (as
    /// `console.dir(value, options)` takes); missing ones keep `self`.
    pub fn read_from(mut self, vm: &mut Vm, options: Value) -> JsResult<InspectOptions> {
        let Some(o) = options.as_object() else {
            return Ok(self);
        };
        let get = |vm: &mut Vm, name: &str| -> JsResult<Option<Value>> {
            let v = vm.get(o, crate::object::PropertyKey::from_text(name))?;
            Ok((!v.is_undefined()).then_some(v))
        };
        let count = |v: Value| -> Option<usize> {
            let n = v.as_number()?;
            if n == f64::INFINITY {
                Some(usize::MAX)
            } else if n.is_nan() {
                None
            } else {
                Some(n.max(0.0) as usize)
            }
        };
        if let Some(v) = get(vm, "depth")? {
            self.depth = if v.is_null() {
                f64::INFINITY
            } else {
                v.as_number().unwrap_or(self.depth)
            };
        }
        if let Some(v) = get(vm, "colors")? {
            self.colors = vm.to_boolean(v);
        }
        if let Some(v) = get(vm, "showHidden")? {
            self.show_hidden = vm.to_boolean(v);
        }
        if let Some(v) = get(vm, "showProxy")? {
            self.show_proxy = vm.to_boolean(v);
        }
        if let Some(v) = get(vm, "maxArrayLength")? {
            self.max_array_length = if v.is_null() {
                usize::MAX
            } else {
                count(v).unwrap_or(self.max_array_length)
            };
        }
        if let Some(v) = get(vm, "maxStringLength")? {
            self.max_string_length = if v.is_null() {
                usize::MAX
            } else {
                count(v).unwrap_or(self.max_string_length)
            };
        }
        if let Some(v) = get(vm, "breakLength")? {
            self.break_length = count(v).unwrap_or(self.break_length);
        }
        if let Some(v) = get(vm, "compact")? {
            self.compact = match (v.as_bool(), v.as_number()) {
                (Some(true), _) => Compact::Legacy,
                (Some(false), _) => Compact::Levels(0),
                (_, Some(n)) if n >= 0.0 => Compact::Levels(n.min(1e6) as u32),
                _ => self.compact,
            };
        }
        if let Some(v) = get(vm, "sorted")? {
            self.sorted = vm.to_boolean(v);
        }
        if let Some(v) = get(vm, "customInspect")? {
            self.custom_inspect = vm.to_boolean(v);
        }
        Ok(self)
    }

    /// The options object a custom inspect method receives (Node's
    /// `getUserOptions`), with its `stylize` function.
    pub(crate) fn to_object(&self, vm: &mut Vm) -> Value {
        use crate::object::{Attributes, PropertyKey};
        let o = vm.new_object();
        let stylize = vm.new_native(
            crate::string::Atom::intern_str("stylize"),
            2,
            stylize_native,
            false,
            &[Value::bool(self.colors)],
        );
        let count = |n: usize| {
            if n == usize::MAX {
                Value::number(f64::INFINITY)
            } else {
                Value::number(n as f64)
            }
        };
        let fields = [
            ("stylize", Value::object(stylize)),
            ("showHidden", Value::bool(self.show_hidden)),
            (
                "depth",
                if self.depth.is_infinite() {
                    Value::NULL
                } else {
                    Value::number(self.depth)
                },
            ),
            ("colors", Value::bool(self.colors)),
            ("customInspect", Value::bool(self.custom_inspect)),
            ("showProxy", Value::bool(self.show_proxy)),
            ("maxArrayLength", count(self.max_array_length)),
            ("maxStringLength", count(self.max_string_length)),
            ("breakLength", count(self.break_length)),
            (
                "compact",
                match self.compact {
                    Compact::Legacy => Value::TRUE,
                    Compact::Levels(n) => Value::number(n as f64),
                },
            ),
            ("sorted", Value::bool(self.sorted)),
            ("getters", Value::FALSE),
            ("numericSeparator", Value::FALSE),
        ];
        for (name, v) in fields {
            o.define_own(PropertyKey::from_text(name), v, Attributes::DEFAULT);
        }
        Value::object(o)
    }
}

/// `inspect(value, options)` as handed to custom inspect methods.
pub(crate) fn inspect_native(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let options = InspectOptions::default().read_from(vm, crate::builtins::arg(args, 1))?;
    let text = inspect(vm, crate::builtins::arg(args, 0), &options)?;
    Ok(vm.string_value(&text))
}

/// `options.stylize(text, styleName)`: colours `text` when the
/// inspection has colours on.
fn stylize_native(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let text = crate::builtins::arg(args, 0);
    let text = vm.to_rust_string(text)?;
    let colors = vm.native_data(0) == Value::TRUE;
    let name = crate::builtins::arg(args, 1);
    let name = if name.is_string() {
        vm.to_rust_string(name)?
    } else {
        String::new()
    };
    let codes = match name.as_str() {
        "special" => Some((36, 39)),
        "number" | "bigint" | "boolean" => Some((33, 39)),
        "undefined" => Some((90, 39)),
        "null" => Some((1, 22)),
        "string" | "symbol" => Some((32, 39)),
        "date" => Some((35, 39)),
        "regexp" => Some((31, 39)),
        "module" => Some((4, 24)),
        _ => None,
    };
    let out = match codes {
        Some((open, close)) if colors => format!("\u{1b}[{open}m{text}\u{1b}[{close}m"),
        _ => text,
    };
    Ok(vm.string_value(&out))
}

/// What kind of text a piece of output is, for colouring.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Special,
    Number,
    BigInt,
    Boolean,
    Undefined,
    Null,
    String,
    Symbol,
    Date,
    RegExp,
}

impl Style {
    /// Node's default `inspect.styles`, as (open, close) SGR codes.
    fn codes(self) -> (u8, u8) {
        match self {
            Style::Special => (36, 39),
            Style::Number | Style::BigInt | Style::Boolean => (33, 39),
            Style::Undefined => (90, 39),
            Style::Null => (1, 22),
            Style::String | Style::Symbol => (32, 39),
            Style::Date => (35, 39),
            Style::RegExp => (31, 39),
        }
    }
}

/// Formats `value` as Node's `util.inspect(value, options)` does.
pub fn inspect(vm: &mut Vm, value: Value, options: &InspectOptions) -> JsResult<String> {
    let mut ctx = value::Ctx::new(options.clone());
    let mark = vm.handles.len();
    let result = ctx.format_value(vm, value, 0, false);
    // Only the values this inspection rooted are dropped: the result is text.
    vm.handles.truncate(mark);
    result
}

/// The text width of `s` as Node counts it for line breaking: UTF-16
/// units outside ANSI colour sequences.
pub(crate) fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        n += c.len_utf16();
    }
    n
}

/// Display width as Node's `getStringWidth` counts it (code points, wide
/// East Asian characters as two, combining marks as none), colours
/// removed.
pub fn string_width(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        let cp = c as u32;
        if cp < 0x20
            || (0x7f..0xa0).contains(&cp)
            || (0x300..0x370).contains(&cp)
            || (0x200b..0x2010).contains(&cp)
            || (0xfe00..0xfe10).contains(&cp)
            || (0xe0100..0xe01f0).contains(&cp)
        {
            continue;
        }
        n += if is_full_width(cp) { 2 } else { 1 };
    }
    n
}

/// Node's `isFullWidthCodePoint`.
fn is_full_width(code: u32) -> bool {
    code >= 0x1100
        && (code <= 0x115f
            || code == 0x2329
            || code == 0x232a
            || (0x2e80..=0x3247).contains(&code) && code != 0x303f
            || (0x3250..=0x4dbf).contains(&code)
            || (0x4e00..=0xa4c6).contains(&code)
            || (0xa960..=0xa97c).contains(&code)
            || (0xac00..=0xd7a3).contains(&code)
            || (0xf900..=0xfaff).contains(&code)
            || (0xfe10..=0xfe19).contains(&code)
            || (0xfe30..=0xfe6b).contains(&code)
            || (0xff01..=0xff60).contains(&code)
            || (0xffe0..=0xffe6).contains(&code)
            || (0x1b000..=0x1b001).contains(&code)
            || (0x1f200..=0x1f251).contains(&code)
            || (0x1f300..=0x1f64f).contains(&code)
            || (0x20000..=0x3fffd).contains(&code))
}
