//! Rendering of each kind of value (Node's `formatValue`/`formatRaw`):
//! objects and class instances, arrays with holes, functions and
//! classes, errors, Map/Set, typed arrays and buffers, promises, boxed
//! primitives, proxies (shown as their target), cycles and the depth
//! limit.

use std::sync::atomic::AtomicUsize;

use super::layout::{Extras, Layout};
use super::primitive::{
    escape_unquoted, is_identifier_key, number_text, string_text, stylize, symbol_text,
};
use super::{InspectOptions, Style, string_width};
use crate::builtins::array_buffer::buffer_of;
use crate::builtins::collection::{Collection, WeakCollection};
use crate::builtins::data_view::DataViewState;
use crate::builtins::typed_array::{self, Elem};
use crate::bytecode::FunctionKind;
use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::Intrinsic;
use crate::string::atom::{names, symbols};
use crate::value::Value;

/// How a property is printed (Node's `kObjectType`, `kArrayType`,
/// `kArrayExtrasType`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum PropKind {
    Object,
    ArrayItem,
    ArrayExtra,
}

/// What fills the braces before the own properties.
enum Entries {
    None,
    Array,
    Set(Vec<Value>),
    Map(Vec<(Value, Value)>),
    TypedArray(Elem, usize),
    ArrayBuffer,
    Promise,
    /// A WeakMap's or WeakSet's entries: none shown (`<items unknown>`)
    /// unless `showHidden`, then (key, value) pairs (the value undefined
    /// for a WeakSet) and whether it is a set.
    Weak(Option<(Vec<(Value, Value)>, bool)>),
    Namespace(Vec<PropertyKey>),
    /// A note on internal state, such as a Lock's `<unlocked>`.
    Note(String),
    /// What a Map or Set iterator has left: values, or key-value pairs.
    Iterator(Vec<Value>, bool),
}

/// The state of one inspection (Node's `ctx`).
pub(crate) struct Ctx {
    pub(super) opts: InspectOptions,
    /// The objects being formatted, outermost first (cycle detection).
    pub(super) seen: Vec<Value>,
    /// Objects found to be circular; `<ref *n>` is index + 1.
    pub(super) circular: Vec<Value>,
    pub(super) indentation: usize,
    pub(super) current_depth: usize,
    /// Objects being formatted right now (bounds the Rust recursion).
    pub(super) nesting: usize,
}

/// How deeply objects may nest in one inspection before it stops with
/// Node's "Inspection interrupted prematurely" (deep enough for any
/// readable output, shallow enough for an 8 MiB wasm worker stack).
const MAX_NESTING: usize = 500;

pub(super) fn key_of(name: &str) -> PropertyKey {
    PropertyKey::from_text(name)
}

impl Ctx {
    pub(crate) fn new(opts: InspectOptions) -> Ctx {
        Ctx {
            opts,
            seen: Vec::new(),
            circular: Vec::new(),
            indentation: 0,
            current_depth: 0,
            nesting: 0,
        }
    }

    pub(super) fn style(&self, text: &str, style: Style) -> String {
        stylize(&self.opts, text, style)
    }

    fn beyond_depth(&self, recurse_times: usize) -> bool {
        recurse_times as f64 > self.opts.depth
    }

    fn layout(&self) -> Layout<'_> {
        Layout {
            opts: &self.opts,
            indentation: self.indentation,
            current_depth: self.current_depth,
        }
    }

    /// A primitive value (Node's `formatPrimitive`).
    pub(crate) fn format_primitive(&self, v: Value) -> String {
        if let Some(s) = v.as_string() {
            return string_text(&self.opts, s.units(), self.indentation);
        }
        if let Some(n) = v.as_number() {
            return self.style(&number_text(n), Style::Number);
        }
        if let Some(b) = v.as_bigint() {
            return self.style(&format!("{b}n"), Style::BigInt);
        }
        if let Some(b) = v.as_bool() {
            return self.style(if b { "true" } else { "false" }, Style::Boolean);
        }
        if let Some(a) = v.as_symbol() {
            return self.style(&symbol_text(a), Style::Symbol);
        }
        if v.is_null() {
            return self.style("null", Style::Null);
        }
        self.style("undefined", Style::Undefined)
    }

    /// Node's `formatValue`.
    pub(crate) fn format_value(
        &mut self,
        vm: &mut Vm,
        value: Value,
        recurse_times: usize,
        typed_array: bool,
    ) -> JsResult<String> {
        let Some(mut o) = value.as_object() else {
            return Ok(self.format_primitive(value));
        };
        vm.root(value);
        if let Some(target) = crate::builtins::proxy::proxy_target(o) {
            let Ok(target) = target else {
                return Ok(self.style("<Revoked Proxy>", Style::Special));
            };
            if self.opts.show_proxy {
                return self.format_proxy(vm, o, recurse_times);
            }
            // A proxy of a proxy shows the innermost live target.
            let mut t = target;
            while let Some(inner) = t.as_object().and_then(crate::builtins::proxy::proxy_target) {
                match inner {
                    Ok(next) => t = next,
                    Err(()) => return Ok(self.style("<Revoked Proxy>", Style::Special)),
                }
            }
            match t.as_object() {
                Some(target) => o = target,
                None => return Ok(self.format_primitive(t)),
            }
        }
        if self.opts.custom_inspect
            && let Some(text) = self.custom_inspect(vm, o, value, recurse_times)?
        {
            return Ok(text);
        }
        let value = Value::object(o);
        if self.seen.contains(&value) {
            let index = match self.circular.iter().position(|&c| c == value) {
                Some(i) => i + 1,
                None => {
                    self.circular.push(value);
                    self.circular.len()
                }
            };
            return Ok(self.style(&format!("[Circular *{index}]"), Style::Special));
        }
        if self.nesting >= MAX_NESTING {
            let name = internal_name(vm, o);
            return Ok(self.style(
                &format!("[{name}: Inspection interrupted prematurely. Maximum call stack size exceeded.]"),
                Style::Special,
            ));
        }
        self.nesting += 1;
        let result = self.format_raw(vm, o, recurse_times, typed_array);
        self.nesting -= 1;
        result
    }

    /// Node's custom inspection: an object's
    /// `[Symbol.for('nodejs.util.inspect.custom')](depth, options, inspect)`
    /// decides its text (a string is used as is, indented; anything else
    /// is inspected in its place). None when it has no such method or the
    /// method returned the object itself.
    fn custom_inspect(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        context: Value,
        recurse_times: usize,
    ) -> JsResult<Option<String>> {
        let key = PropertyKey::Atom(crate::string::Atom::registered_symbol(
            &"nodejs.util.inspect.custom"
                .encode_utf16()
                .collect::<Vec<_>>(),
        ));
        let method = vm.get(o, key)?;
        if !vm.is_callable(method) {
            return Ok(None);
        }
        vm.root(method);
        // Prototype objects (`C.prototype`) print as objects.
        let ctor = vm.get(o, PropertyKey::Atom(names::CONSTRUCTOR))?;
        if let Some(c) = ctor.as_object()
            && vm.to_boolean(ctor)
        {
            let proto = vm.get(c, PropertyKey::Atom(names::PROTOTYPE))?;
            if proto == Value::object(o) {
                return Ok(None);
            }
        }
        let depth = if self.opts.depth.is_infinite() {
            Value::NULL
        } else {
            Value::number(self.opts.depth - recurse_times as f64)
        };
        let options = self.opts.to_object(vm);
        let inspect = vm.new_native(
            crate::string::Atom::intern_str("inspect"),
            2,
            super::inspect_native,
            false,
            &[],
        );
        let ret = vm.call(method, context, &[depth, options, Value::object(inspect)])?;
        if ret == context {
            return Ok(None);
        }
        if let Some(s) = ret.as_string() {
            let indentation = format!("\n{}", " ".repeat(self.indentation));
            return Ok(Some(s.to_rust_string().replace('\n', &indentation)));
        }
        vm.root(ret);
        self.format_value(vm, ret, recurse_times, false).map(Some)
    }

    /// `Proxy [ target, handler ]` (the `showProxy` option).
    fn format_proxy(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        recurse_times: usize,
    ) -> JsResult<String> {
        if self.beyond_depth(recurse_times) {
            return Ok(self.style("Proxy [Array]", Style::Special));
        }
        let target = match crate::builtins::proxy::proxy_target(o) {
            Some(Ok(t)) => t,
            _ => Value::NULL,
        };
        let handler = crate::builtins::proxy::proxy_handler(o);
        self.indentation += 2;
        let a = self.format_value(vm, target, recurse_times + 1, false);
        let b = self.format_value(vm, handler, recurse_times + 1, false);
        self.indentation -= 2;
        let out = vec![a?, b?];
        Ok(self.layout().reduce_to_single_string(
            out,
            "",
            ("Proxy [", "]"),
            Extras::Array,
            recurse_times + 1,
            false,
        ))
    }

    /// Node's `formatRaw`: everything about an object but cycles.
    fn format_raw(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        recurse_times: usize,
        typed_array: bool,
    ) -> JsResult<String> {
        let value = Value::object(o);
        let constructor = self.constructor_name(vm, o, recurse_times)?;
        let ctor = constructor.as_deref();
        let tag = self.string_tag(vm, o)?;
        let mut base = String::new();
        let mut open = "{".to_string();
        let mut entries = Entries::None;
        let mut extras = Extras::Object;
        let mut numeric = false;
        let keys: Vec<PropertyKey>;
        let mut extra_keys: Vec<&str> = Vec::new();

        if let ObjectKind::Array = o.kind {
            let len = o.length();
            let prefix = if ctor != Some("Array") || !tag.is_empty() {
                prefix_of(ctor, &tag, "Array", &format!("({len})"))
            } else {
                String::new()
            };
            keys = self.keys(vm, o, true)?;
            open = format!("{prefix}[");
            if len == 0 && keys.is_empty() {
                return Ok(format!("{open}]"));
            }
            extras = Extras::Array;
            entries = Entries::Array;
        } else if let Some(col) = o.kind.builtin::<Collection>() {
            let mut items = Vec::new();
            {
                let table = col.table.lock();
                let cursor = AtomicUsize::new(0);
                while let Some(e) = table.step(&cursor) {
                    items.push(e);
                }
            }
            for &(k, v) in &items {
                vm.root(k);
                vm.root(v);
            }
            let (kind, size) = (if col.is_set { "Set" } else { "Map" }, items.len());
            let prefix = prefix_of(ctor, &tag, kind, &format!("({size})"));
            keys = self.keys(vm, o, false)?;
            if size == 0 && keys.is_empty() {
                return Ok(format!("{prefix}{{}}"));
            }
            open = format!("{prefix}{{");
            entries = if col.is_set {
                Entries::Set(items.into_iter().map(|(k, _)| k).collect())
            } else {
                Entries::Map(items)
            };
        } else if let Some(state) = typed_array::state_of(o) {
            keys = self.keys(vm, o, true)?;
            let fallback = if ctor.is_none() {
                state.elem.name()
            } else {
                ""
            };
            let size = state.len().unwrap_or(0);
            let prefix = prefix_of(ctor, &tag, fallback, &format!("({size})"));
            open = format!("{prefix}[");
            if size == 0 && keys.is_empty() && !self.opts.show_hidden {
                return Ok(format!("{open}]"));
            }
            entries = Entries::TypedArray(state.elem, size);
            extras = Extras::Array;
            numeric = true;
        } else if let Some((items, pairs, is_set)) =
            crate::builtins::collection::iterator_preview(&o)
        {
            for &v in &items {
                vm.root(v);
            }
            keys = self.keys(vm, o, false)?;
            let kind = if is_set { "Set" } else { "Map" };
            let mut t = tag.clone();
            if t != format!("{kind} Iterator") {
                if !t.is_empty() {
                    t.push_str("] [");
                }
                t.push_str(kind);
                t.push_str(" Iterator");
            }
            if pairs {
                t = format!("{} Entries", t.strip_suffix(" Iterator").unwrap_or(&t));
            }
            open = format!("[{t}] {{");
            entries = Entries::Iterator(items, pairs);
        } else {
            let mut k = self.keys(vm, o, false)?;
            if vm.is_callable(value) {
                base = self.function_base(vm, o, ctor, &tag)?;
                if k.is_empty() {
                    return Ok(self.style(&base, Style::Special));
                }
            } else if ctor == Some("Object") {
                if matches!(o.kind, ObjectKind::Arguments) {
                    open = "[Arguments] {".into();
                } else if !tag.is_empty() {
                    open = format!("{}{{", prefix_of(ctor, &tag, "Object", ""));
                }
                if k.is_empty() {
                    return Ok(format!("{open}}}"));
                }
            } else if let Some(re) = o.kind.builtin::<crate::builtins::regexp::RegExpState>() {
                base = if ctor.is_some() {
                    let source = vm.get(o, key_of("source"))?;
                    let flags = vm.get(o, key_of("flags"))?;
                    let source = vm.to_rust_string(source)?;
                    let flags = vm.to_rust_string(flags)?;
                    format!("/{source}/{flags}")
                } else {
                    // Node rebuilds it with `new RegExp(value)`.
                    let source = re.source.to_rust_string();
                    let source = if source.is_empty() {
                        "(?:)".to_string()
                    } else {
                        source
                    };
                    let mut flags: Vec<char> = re.flags.chars().collect();
                    flags.sort_by_key(|c| "dgimsuvy".find(*c));
                    format!("/{source}/{}", flags.into_iter().collect::<String>())
                };
                let prefix = prefix_of(ctor, &tag, "RegExp", "");
                if prefix != "RegExp " {
                    base = format!("{prefix}{base}");
                }
                if k.is_empty() || self.beyond_depth(recurse_times) {
                    return Ok(self.style(&base, Style::RegExp));
                }
            } else if o
                .kind
                .builtin::<crate::builtins::date::DateState>()
                .is_some()
            {
                base = match crate::builtins::date::to_iso_string(vm, value, &[], Value::UNDEFINED)
                {
                    Ok(s) => vm.to_rust_string(s)?,
                    Err(_) => "Invalid Date".into(),
                };
                let prefix = prefix_of(ctor, &tag, "Date", "");
                if prefix != "Date " {
                    base = format!("{prefix}{base}");
                }
                if k.is_empty() {
                    return Ok(self.style(&base, Style::Date));
                }
            } else if is_error(vm, o) {
                base = self.format_error(vm, o, ctor, &tag, &mut k)?;
                if k.is_empty() {
                    return Ok(base);
                }
            } else if let Some(buf) = buffer_of(o) {
                let kind = if buf.shared {
                    "SharedArrayBuffer"
                } else {
                    "ArrayBuffer"
                };
                let prefix = prefix_of(ctor, &tag, kind, "");
                if !typed_array {
                    entries = Entries::ArrayBuffer;
                } else if k.is_empty() {
                    return Ok(format!(
                        "{prefix}{{ byteLength: {} }}",
                        self.style(&buf.len().to_string(), Style::Number)
                    ));
                }
                open = format!("{prefix}{{");
                extra_keys.push("byteLength");
            } else if o.kind.builtin::<DataViewState>().is_some() {
                open = format!("{}{{", prefix_of(ctor, &tag, "DataView", ""));
                extra_keys.extend(["byteLength", "byteOffset", "buffer"]);
            } else if crate::builtins::promise::is_promise(value) {
                open = format!("{}{{", prefix_of(ctor, &tag, "Promise", ""));
                entries = Entries::Promise;
            } else if let Some(w) = o.kind.builtin::<WeakCollection>() {
                let kind = if w.is_set { "WeakSet" } else { "WeakMap" };
                open = format!("{}{{", prefix_of(ctor, &tag, kind, ""));
                entries = Entries::Weak(if self.opts.show_hidden {
                    let pairs: Vec<(Value, Value)> =
                        w.entries.lock().iter().map(|(&k, &v)| (k, v)).collect();
                    for &(k, v) in &pairs {
                        vm.root(k);
                        vm.root(v);
                    }
                    Some((pairs, w.is_set))
                } else {
                    None
                });
            } else if crate::module::namespace::state(&o).is_some() {
                open = format!("{}{{", prefix_of(ctor, &tag, "Module", ""));
                entries = Entries::Namespace(std::mem::take(&mut k));
            } else if let Some(params) = o.kind.builtin::<crate::web::url::SearchParams>() {
                // As Node shows it: its pairs, like a Map's.
                let mut items = Vec::new();
                for (name, value) in params.pairs() {
                    let (name, value) = (vm.string_value(&name), vm.string_value(&value));
                    items.push((name, value));
                }
                open = format!("{}{{", prefix_of(ctor, &tag, "URLSearchParams", ""));
                if items.is_empty() && k.is_empty() {
                    return Ok(format!("{open}}}"));
                }
                entries = Entries::Map(items);
            } else if let ObjectKind::Builtin(b) = &o.kind
                && !b.inspect_keys().is_empty()
            {
                open = format!("{}{{", prefix_of(ctor, &tag, b.class_name(), ""));
                extra_keys.extend(b.inspect_keys());
            } else if let Some(b) = self.boxed_base(o, ctor, &tag, &k)? {
                base = b;
                if k.is_empty() {
                    return Ok(base);
                }
            } else if let Some(owner) = lock_owner(o) {
                open = format!("{}{{", ctx_style(vm, o, ctor, &tag));
                entries = Entries::Note(match owner {
                    None => "<unlocked>".into(),
                    Some(id) => format!("<held by Thread #{id}>"),
                });
            } else if let Some(id) = thread_id(o) {
                base = self.style(&format!("[Thread #{id}]"), Style::Special);
                if k.is_empty() {
                    return Ok(base);
                }
            } else {
                let style = ctx_style(vm, o, ctor, &tag);
                if k.is_empty() {
                    return Ok(format!("{style}{{}}"));
                }
                open = format!("{style}{{");
            }
            keys = k;
        }

        if self.beyond_depth(recurse_times) {
            let style = ctx_style(vm, o, ctor, &tag);
            let mut name = style[..style.len() - 1].to_string();
            if ctor.is_some() {
                name = format!("[{name}]");
            }
            return Ok(self.style(&name, Style::Special));
        }
        let recurse_times = recurse_times + 1;
        self.seen.push(value);
        self.current_depth = recurse_times;
        let result = self.format_entries(vm, o, entries, recurse_times);
        let mut output = match result {
            Ok(out) => out,
            Err(e) => {
                self.seen.pop();
                return Err(e);
            }
        };
        let mut key_outputs = Vec::new();
        for name in extra_keys {
            match self.format_property(vm, o, key_of(name), PropKind::Object, recurse_times) {
                Ok(s) => key_outputs.push(s),
                Err(e) => {
                    self.seen.pop();
                    return Err(e);
                }
            }
        }
        let kind = if extras == Extras::Array {
            PropKind::ArrayExtra
        } else {
            PropKind::Object
        };
        for &k in &keys {
            match self.format_property(vm, o, k, kind, recurse_times) {
                Ok(s) => key_outputs.push(s),
                Err(e) => {
                    self.seen.pop();
                    return Err(e);
                }
            }
        }
        let key_count = key_outputs.len();
        output.extend(key_outputs);
        if let Some(i) = self.circular.iter().position(|&c| c == value) {
            let reference = self.style(&format!("<ref *{}>", i + 1), Style::Special);
            if self.opts.compact != super::Compact::Legacy {
                base = if base.is_empty() {
                    reference
                } else {
                    format!("{reference} {base}")
                };
            } else {
                open = format!("{reference} {open}");
            }
        }
        self.seen.pop();
        if self.opts.sorted {
            if extras == Extras::Object {
                output.sort();
            } else if key_count > 1 {
                let at = output.len() - key_count;
                output[at..].sort();
            }
        }
        if extras == Extras::Array && !numeric {
            numeric = array_is_numeric(o, output.len());
        }
        let close = if open.ends_with('[') { "]" } else { "}" };
        Ok(self.layout().reduce_to_single_string(
            output,
            &base,
            (&open, close),
            extras,
            recurse_times,
            numeric,
        ))
    }

    /// The entries shown before the own properties.
    fn format_entries(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        entries: Entries,
        recurse_times: usize,
    ) -> JsResult<Vec<String>> {
        let mut output = Vec::new();
        match entries {
            Entries::None => {}
            Entries::Array => self.format_array(vm, o, recurse_times, &mut output)?,
            Entries::Set(values) => {
                let max = self.opts.max_array_length.min(values.len());
                self.indentation += 2;
                for &v in &values[..max] {
                    match self.format_value(vm, v, recurse_times, false) {
                        Ok(s) => output.push(s),
                        Err(e) => {
                            self.indentation -= 2;
                            return Err(e);
                        }
                    }
                }
                if values.len() > max {
                    output.push(remaining_text(values.len() - max));
                }
                self.indentation -= 2;
            }
            Entries::Map(pairs) => {
                let max = self.opts.max_array_length.min(pairs.len());
                self.indentation += 2;
                for &(k, v) in &pairs[..max] {
                    let pair = self
                        .format_value(vm, k, recurse_times, false)
                        .and_then(|k| Ok((k, self.format_value(vm, v, recurse_times, false)?)));
                    match pair {
                        Ok((k, v)) => output.push(format!("{k} => {v}")),
                        Err(e) => {
                            self.indentation -= 2;
                            return Err(e);
                        }
                    }
                }
                if pairs.len() > max {
                    output.push(remaining_text(pairs.len() - max));
                }
                self.indentation -= 2;
            }
            Entries::TypedArray(elem, length) => {
                let state = typed_array::state_of(o);
                let max = self.opts.max_array_length.min(length);
                if let Some(state) = state {
                    let live = state.len().unwrap_or(0);
                    for i in 0..max.min(live) {
                        let raw = state.read(i);
                        if elem.is_bigint() {
                            let v = typed_array::raw_to_value(vm, elem, raw);
                            output.push(self.format_primitive(v));
                        } else {
                            let n = typed_array::raw_to_f64(elem, raw);
                            output.push(self.style(&number_text(n), Style::Number));
                        }
                    }
                }
                if length > max {
                    output.push(remaining_text(length - max));
                }
                if self.opts.show_hidden {
                    self.indentation += 2;
                    for name in [
                        "BYTES_PER_ELEMENT",
                        "length",
                        "byteLength",
                        "byteOffset",
                        "buffer",
                    ] {
                        let v = vm.get(o, key_of(name))?;
                        let s = self.format_value(vm, v, recurse_times, true)?;
                        output.push(format!("[{name}]: {s}"));
                    }
                    self.indentation -= 2;
                }
            }
            Entries::ArrayBuffer => {
                let Some(buf) = buffer_of(o).filter(|b| !b.is_detached()) else {
                    return Ok(vec![self.style("(detached)", Style::Special)]);
                };
                let len = buf.len();
                let shown = len.min(self.opts.max_array_length);
                let hex: Vec<String> = (0..shown)
                    .map(|i| format!("{:02x}", buf.bytes.load_byte(i)))
                    .collect();
                let mut text = hex.join(" ");
                if len > shown {
                    let more = len - shown;
                    text.push_str(&format!(
                        " ... {more} more byte{}",
                        if more > 1 { "s" } else { "" }
                    ));
                }
                output.push(format!(
                    "{}: <{text}>",
                    self.style("[Uint8Contents]", Style::Special)
                ));
            }
            Entries::Promise => match crate::builtins::promise::settled(Value::object(o)) {
                None => output.push(self.style("<pending>", Style::Special)),
                Some(result) => {
                    let (v, rejected) = match result {
                        Ok(v) => (v, false),
                        Err(v) => (v, true),
                    };
                    vm.root(v);
                    self.indentation += 2;
                    let s = self.format_value(vm, v, recurse_times, false);
                    self.indentation -= 2;
                    let s = s?;
                    output.push(if rejected {
                        format!("{} {s}", self.style("<rejected>", Style::Special))
                    } else {
                        s
                    });
                }
            },
            Entries::Iterator(items, pairs) => {
                let count = if pairs { items.len() / 2 } else { items.len() };
                let max = self.opts.max_array_length.min(count);
                self.indentation += 2;
                let mut result = Ok(());
                for i in 0..max {
                    let entry = if pairs {
                        self.format_value(vm, items[2 * i], recurse_times, false)
                            .and_then(|k| {
                                let v =
                                    self.format_value(vm, items[2 * i + 1], recurse_times, false)?;
                                Ok(self.layout().reduce_to_single_string(
                                    vec![k, v],
                                    "",
                                    ("[", "]"),
                                    Extras::Array,
                                    recurse_times,
                                    false,
                                ))
                            })
                    } else {
                        self.format_value(vm, items[i], recurse_times, false)
                    };
                    match entry {
                        Ok(s) => output.push(s),
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
                self.indentation -= 2;
                result?;
                if count > max {
                    output.push(remaining_text(count - max));
                }
            }
            Entries::Note(text) => output.push(self.style(&text, Style::Special)),
            Entries::Weak(None) => output.push(self.style("<items unknown>", Style::Special)),
            Entries::Weak(Some((pairs, is_set))) => {
                // Node sorts them for a halfway stable order.
                let max = self.opts.max_array_length.min(pairs.len());
                self.indentation += 2;
                let mut result = Ok(());
                for &(k, v) in &pairs[..max] {
                    let entry = if is_set {
                        self.format_value(vm, k, recurse_times, false)
                    } else {
                        self.format_value(vm, k, recurse_times, false)
                            .and_then(|k| {
                                let v = self.format_value(vm, v, recurse_times, false)?;
                                Ok(format!("{k} => {v}"))
                            })
                    };
                    match entry {
                        Ok(s) => output.push(s),
                        Err(e) => {
                            result = Err(e);
                            break;
                        }
                    }
                }
                self.indentation -= 2;
                result?;
                if !self.opts.sorted {
                    output.sort();
                }
                if pairs.len() > max {
                    output.push(remaining_text(pairs.len() - max));
                }
            }
            Entries::Namespace(keys) => {
                for k in keys {
                    match self.format_property(vm, o, k, PropKind::Object, recurse_times) {
                        Ok(s) => output.push(s),
                        Err(e) => {
                            let is_reference_error =
                                e.as_object().is_some_and(|eo| is_error(vm, eo));
                            if !is_reference_error {
                                return Err(e);
                            }
                            let name = self.key_name(k, true);
                            output.push(format!(
                                "{name}: {}",
                                self.style("<uninitialized>", Style::Special)
                            ));
                        }
                    }
                }
            }
        }
        Ok(output)
    }

    /// Node's `formatArray` and `formatSpecialArray` (holes).
    fn format_array(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        recurse_times: usize,
        output: &mut Vec<String>,
    ) -> JsResult<()> {
        let len = o.length() as usize;
        let max = self.opts.max_array_length.min(len);
        let mut index = 0usize;
        // Present indices below `len`, ascending.
        let present: Vec<u32> = {
            let mut idx = o.element_indices();
            idx.sort_unstable();
            idx
        };
        let mut dense = present.len() >= max
            && present
                .iter()
                .take(max)
                .enumerate()
                .all(|(i, &p)| p as usize == i);
        if dense {
            for i in 0..max {
                output.push(self.format_property(
                    vm,
                    o,
                    PropertyKey::Index(i as u32),
                    PropKind::ArrayItem,
                    recurse_times,
                )?);
            }
            index = max;
        } else {
            dense = false;
            for &p in &present {
                if output.len() >= max {
                    break;
                }
                let p = p as usize;
                if p != index {
                    let empty = p - index;
                    output.push(self.style(
                        &format!("<{empty} empty item{}>", if empty > 1 { "s" } else { "" }),
                        Style::Undefined,
                    ));
                    index = p;
                    if output.len() == max {
                        break;
                    }
                }
                output.push(self.format_property(
                    vm,
                    o,
                    PropertyKey::Index(p as u32),
                    PropKind::ArrayItem,
                    recurse_times,
                )?);
                index += 1;
            }
        }
        let remaining = len - index;
        if dense || output.len() == max {
            if remaining > 0 {
                output.push(remaining_text(remaining));
            }
        } else if remaining > 0 {
            output.push(self.style(
                &format!(
                    "<{remaining} empty item{}>",
                    if remaining > 1 { "s" } else { "" }
                ),
                Style::Undefined,
            ));
        }
        Ok(())
    }

    /// Node's `formatProperty`.
    fn format_property(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        key: PropertyKey,
        kind: PropKind,
        recurse_times: usize,
    ) -> JsResult<String> {
        let desc = vm.get_own_property(o, key)?;
        let (value, getter, setter, enumerable) = match desc {
            Some(d) => (
                d.value,
                d.get.filter(|g| !g.is_undefined()),
                d.set.filter(|s| !s.is_undefined()),
                d.enumerable.unwrap_or(false),
            ),
            None => (Some(vm.get(o, key)?), None, None, true),
        };
        let mut extra = " ".to_string();
        let text = match value {
            Some(v) if !v.is_undefined() => {
                vm.root(v);
                let diff =
                    if self.opts.compact != super::Compact::Legacy || kind != PropKind::Object {
                        2
                    } else {
                        3
                    };
                self.indentation += diff;
                let s = self.format_value(vm, v, recurse_times, false);
                if let Ok(s) = &s
                    && diff == 3
                    && self.opts.break_length < string_width(s)
                {
                    extra = format!("\n{}", " ".repeat(self.indentation));
                }
                self.indentation -= diff;
                s?
            }
            Some(_) => self.style("undefined", Style::Undefined),
            None => match (getter, setter) {
                (Some(_), Some(_)) => self.style("[Getter/Setter]", Style::Special),
                (Some(_), None) => self.style("[Getter]", Style::Special),
                (None, Some(_)) => self.style("[Setter]", Style::Special),
                (None, None) => self.style("undefined", Style::Undefined),
            },
        };
        if kind == PropKind::ArrayItem {
            return Ok(text);
        }
        let name = self.key_name(key, enumerable);
        Ok(format!("{name}:{extra}{text}"))
    }

    /// How a property key is written before its value.
    fn key_name(&self, key: PropertyKey, enumerable: bool) -> String {
        if let PropertyKey::Atom(a) = key
            && a.is_symbol()
        {
            let text = escape_unquoted(&crate::builtins::symbol::descriptive_string(a));
            return format!("[{}]", self.style(&text, Style::Symbol));
        }
        let units = key.to_units();
        if units == "__proto__".encode_utf16().collect::<Vec<_>>() {
            return "['__proto__']".into();
        }
        if !enumerable {
            return format!("[{}]", escape_unquoted(&units));
        }
        if is_identifier_key(&units) {
            return String::from_utf16_lossy(&units);
        }
        self.style(&super::quote_string(&units), Style::String)
    }

    /// The keys shown in braces: own enumerable keys (all own keys with
    /// `showHidden`), strings then symbols; without array indices when
    /// `non_index`.
    fn keys(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        non_index: bool,
    ) -> JsResult<Vec<PropertyKey>> {
        let all = vm.own_property_keys(o)?;
        let mut out = Vec::with_capacity(all.len());
        let mut symbols_out = Vec::new();
        let string_len = match &o.kind {
            ObjectKind::String(s) => s.len(),
            _ => 0,
        };
        for k in all {
            if let PropertyKey::Index(i) = k
                && (non_index || (i as usize) < string_len)
            {
                continue;
            }
            if let PropertyKey::Atom(a) = k
                && a.is_private()
            {
                continue;
            }
            if !self.opts.show_hidden {
                let enumerable = match vm.get_own_property(o, k) {
                    Ok(Some(d)) => d.enumerable.unwrap_or(false),
                    Ok(None) => false,
                    // An uninitialized module binding is still listed.
                    Err(_) => true,
                };
                if !enumerable {
                    continue;
                }
            }
            if k.is_symbol() {
                symbols_out.push(k);
            } else {
                out.push(k);
            }
        }
        out.extend(symbols_out);
        Ok(out)
    }

    /// `value[Symbol.toStringTag]` when it is a non-empty string that is
    /// not an own enumerable property (own at all, with `showHidden`).
    fn string_tag(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<String> {
        let key = PropertyKey::Atom(symbols::TO_STRING_TAG);
        let tag = vm.get(o, key)?;
        let Some(s) = tag.as_string() else {
            return Ok(String::new());
        };
        if s.is_empty() {
            return Ok(String::new());
        }
        let own = vm.get_own_property(o, key)?;
        let hide = match own {
            Some(d) => self.opts.show_hidden || d.enumerable.unwrap_or(false),
            None => false,
        };
        Ok(if hide {
            String::new()
        } else {
            s.to_rust_string()
        })
    }

    /// Node's `getConstructorName`: the name of the first constructor on
    /// the prototype chain that the object is an instance of; None for a
    /// chain that ends without one (null prototype).
    fn constructor_name(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        recurse_times: usize,
    ) -> JsResult<Option<String>> {
        let mut obj = Some(o);
        let mut first_proto: Option<Value> = None;
        let mut steps = 0;
        while let Some(cur) = obj {
            steps += 1;
            if steps > 10_000 {
                break;
            }
            if let Some(desc) = own_data(vm, cur, PropertyKey::Atom(names::CONSTRUCTOR))?
                && vm.is_callable(desc)
                && let Some(ctor) = desc.as_object()
            {
                let name = vm.get(ctor, PropertyKey::Atom(names::NAME))?;
                if let Some(n) = name.as_string()
                    && !n.is_empty()
                    && is_instance_of(o, ctor)
                {
                    return Ok(Some(n.to_rust_string()));
                }
            }
            let proto = vm.get_prototype_of(cur)?;
            if first_proto.is_none() {
                first_proto = Some(proto);
            }
            obj = proto.as_object();
        }
        match first_proto {
            Some(p) if p.is_null() => Ok(None),
            None => Ok(None),
            Some(p) => {
                let res = internal_name(vm, o);
                if self.beyond_depth(recurse_times) {
                    return Ok(Some(format!("{res} <Complex prototype>")));
                }
                let inner = match p.as_object() {
                    Some(po) => self.constructor_name(vm, po, recurse_times + 1)?,
                    None => None,
                };
                Ok(Some(match inner {
                    Some(n) => format!("{res} <{n}>"),
                    None => format!("{res} <[Object: null prototype] {{}}>"),
                }))
            }
        }
    }

    /// Node's `getFunctionBase` and `getClassBase`.
    fn function_base(
        &mut self,
        vm: &mut Vm,
        o: Gc<JsObject>,
        ctor: Option<&str>,
        tag: &str,
    ) -> JsResult<String> {
        let (is_class, generator, is_async) = match &o.kind {
            ObjectKind::Function(c) => (
                matches!(
                    c.code.kind,
                    FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor
                ),
                c.code.flags.generator,
                c.code.flags.is_async,
            ),
            _ => (false, false, false),
        };
        if is_class {
            let has_name = vm
                .get_own_property(o, PropertyKey::Atom(names::NAME))?
                .is_some();
            let mut name = "(anonymous)".to_string();
            if has_name {
                let n = vm.get(o, PropertyKey::Atom(names::NAME))?;
                if vm.to_boolean(n) {
                    name = vm.to_rust_string(n)?;
                }
            }
            let mut base = format!("class {name}");
            if let Some(c) = ctor
                && c != "Function"
            {
                base.push_str(&format!(" [{c}]"));
            }
            if !tag.is_empty() && ctor != Some(tag) {
                base.push_str(&format!(" [{tag}]"));
            }
            if ctor.is_some() {
                let proto = vm.get_prototype_of(o)?;
                if let Some(p) = proto.as_object() {
                    let super_name = vm.get(p, PropertyKey::Atom(names::NAME))?;
                    if vm.to_boolean(super_name) {
                        let s = vm.to_rust_string(super_name)?;
                        base.push_str(&format!(" extends {s}"));
                    }
                }
            } else {
                base.push_str(" extends [null prototype]");
            }
            return Ok(format!("[{base}]"));
        }
        let mut kind = "Function".to_string();
        if generator {
            kind = format!("Generator{kind}");
        }
        if is_async {
            kind = format!("Async{kind}");
        }
        let mut base = format!("[{kind}");
        if ctor.is_none() {
            base.push_str(" (null prototype)");
        }
        let name = vm.get(o, PropertyKey::Atom(names::NAME))?;
        if name.as_string().is_some_and(|s| s.is_empty()) {
            base.push_str(" (anonymous)");
        } else {
            let n = if name.is_symbol() {
                name.as_symbol().map(symbol_text).unwrap_or_default()
            } else {
                vm.to_rust_string(name)?
            };
            base.push_str(&format!(": {n}"));
        }
        base.push(']');
        if let Some(c) = ctor
            && c != kind
        {
            base.push_str(&format!(" {c}"));
        }
        if !tag.is_empty() && ctor != Some(tag) {
            base.push_str(&format!(" [{tag}]"));
        }
        Ok(base)
    }

    /// Node's `getBoxedBase`: `[Number: 3]`, `[String: 'ab']`, …; None for
    /// objects that box nothing.
    fn boxed_base(
        &mut self,
        o: Gc<JsObject>,
        ctor: Option<&str>,
        tag: &str,
        keys: &[PropertyKey],
    ) -> JsResult<Option<String>> {
        let plain = InspectOptions {
            colors: false,
            ..self.opts.clone()
        };
        let (kind, text, style) = match &o.kind {
            ObjectKind::Number(n) => ("Number", number_text(*n), Style::Number),
            ObjectKind::String(s) => (
                "String",
                string_text(&plain, s.units(), self.indentation),
                Style::String,
            ),
            ObjectKind::Boolean(b) => ("Boolean", b.to_string(), Style::Boolean),
            ObjectKind::BigInt(b) => ("BigInt", format!("{}n", **b), Style::BigInt),
            ObjectKind::Symbol(a) => ("Symbol", symbol_text(*a), Style::Symbol),
            _ => return Ok(None),
        };
        let mut base = format!("[{kind}");
        if ctor != Some(kind) {
            match ctor {
                None => base.push_str(" (null prototype)"),
                Some(c) => base.push_str(&format!(" ({c})")),
            }
        }
        base.push_str(&format!(": {text}]"));
        if !tag.is_empty() && ctor != Some(tag) {
            base.push_str(&format!(" [{tag}]"));
        }
        if !keys.is_empty() || !self.opts.colors {
            return Ok(Some(base));
        }
        Ok(Some(self.style(&base, style)))
    }
}

/// Node's `getPrefix`.
pub(super) fn prefix_of(ctor: Option<&str>, tag: &str, fallback: &str, size: &str) -> String {
    match ctor {
        None => {
            if !tag.is_empty() && fallback != tag {
                format!("[{fallback}{size}: null prototype] [{tag}] ")
            } else {
                format!("[{fallback}{size}: null prototype] ")
            }
        }
        Some(c) => {
            if !tag.is_empty() && c != tag {
                format!("{c}{size} [{tag}] ")
            } else {
                format!("{c}{size} ")
            }
        }
    }
}

/// Node's `getCtxStyle`.
fn ctx_style(vm: &Vm, o: Gc<JsObject>, ctor: Option<&str>, tag: &str) -> String {
    let mut fallback = String::new();
    if ctor.is_none() {
        fallback = internal_name(vm, o);
        if fallback == tag {
            fallback = "Object".into();
        }
    }
    prefix_of(ctor, tag, &fallback, "")
}

/// V8's internal class name of an object (`Object` for plain ones).
fn internal_name(vm: &Vm, o: Gc<JsObject>) -> String {
    match &o.kind {
        ObjectKind::Array => "Array".into(),
        k if k.is_callable() || vm.is_callable(Value::object(o)) => "Function".into(),
        ObjectKind::Error => "Error".into(),
        ObjectKind::Boolean(_) => "Boolean".into(),
        ObjectKind::Number(_) => "Number".into(),
        ObjectKind::String(_) => "String".into(),
        ObjectKind::Symbol(_) => "Symbol".into(),
        ObjectKind::BigInt(_) => "BigInt".into(),
        ObjectKind::Builtin(b) => {
            let n = b.class_name();
            if n == "Module" || n.contains(' ') {
                "Object".into()
            } else {
                n.into()
            }
        }
        _ => tag_data(o).unwrap_or_else(|| "Object".into()),
    }
}

/// An own data property's value (no getter is called; proxies are not
/// expected here).
fn own_data(vm: &mut Vm, o: Gc<JsObject>, key: PropertyKey) -> JsResult<Option<Value>> {
    if crate::builtins::proxy::is_proxy(o) {
        return Ok(None);
    }
    Ok(vm.get_own_property(o, key)?.and_then(|d| d.value))
}

/// A `Symbol.toStringTag` data property on the object or its prototypes
/// (V8 names plain objects by it), without calling getters.
fn tag_data(o: Gc<JsObject>) -> Option<String> {
    let key = PropertyKey::Atom(symbols::TO_STRING_TAG);
    let mut cur = Some(o);
    let mut steps = 0;
    while let Some(c) = cur {
        if let Some((v, attrs)) = c.get_own(key) {
            if attrs.is_accessor() {
                return None;
            }
            return v
                .as_string()
                .filter(|s| !s.is_empty())
                .map(|s| s.to_rust_string());
        }
        steps += 1;
        if steps > 10_000 || crate::builtins::proxy::is_proxy(c) {
            return None;
        }
        cur = c.proto().as_object();
    }
    None
}

/// Whether `ctor.prototype` is on `o`'s prototype chain (no
/// `Symbol.hasInstance`, no proxy traps).
fn is_instance_of(o: Gc<JsObject>, ctor: Gc<JsObject>) -> bool {
    let Some((proto, attrs)) = ctor.get_own(PropertyKey::Atom(names::PROTOTYPE)) else {
        return false;
    };
    if attrs.is_accessor() {
        return false;
    }
    let Some(proto) = proto.as_object() else {
        return false;
    };
    inherits_from(o, proto)
}

/// Whether `proto` is on `o`'s prototype chain (read without running
/// proxy traps; a chain past 10,000 links counts as not).
fn inherits_from(o: Gc<JsObject>, proto: Gc<JsObject>) -> bool {
    let mut cur = o.proto();
    let mut steps = 0;
    while let Some(c) = cur.as_object() {
        if c == proto {
            return true;
        }
        steps += 1;
        if steps > 10_000 {
            break;
        }
        cur = c.proto();
    }
    false
}

/// Whether `o` is an error: an Error instance or an object inheriting
/// from `Error.prototype`.
pub(super) fn is_error(vm: &Vm, o: Gc<JsObject>) -> bool {
    if matches!(o.kind, ObjectKind::Error) {
        return true;
    }
    let error_proto = vm.current_realm().intrinsic(Intrinsic::ErrorPrototype);
    inherits_from(o, error_proto)
}

/// A weft Thread object's id.
fn thread_id(o: Gc<JsObject>) -> Option<u32> {
    #[cfg(feature = "threads")]
    {
        o.kind
            .builtin::<crate::builtins::thread::ThreadState>()
            .map(|t| t.record.id)
    }
    #[cfg(not(feature = "threads"))]
    {
        let _ = o;
        None
    }
}

/// A weft Lock's owner (`Some(None)`: unlocked).
fn lock_owner(o: Gc<JsObject>) -> Option<Option<u32>> {
    #[cfg(feature = "threads")]
    {
        crate::builtins::lock::lock_owner(&o)
    }
    #[cfg(not(feature = "threads"))]
    {
        let _ = o;
        None
    }
}

/// Whether the first `n` elements of an array are all numbers or bigints
/// (grouped arrays of them align right).
fn array_is_numeric(o: Gc<JsObject>, n: usize) -> bool {
    if !matches!(o.kind, ObjectKind::Array) {
        return false;
    }
    (0..n).all(|i| {
        o.get_element(i as u32)
            .is_some_and(|(v, a)| !a.is_accessor() && (v.is_number() || v.is_bigint()))
    })
}

fn remaining_text(n: usize) -> String {
    format!("... {n} more item{}", if n > 1 { "s" } else { "" })
}
