//! Error objects and JS stack traces.

use super::{JsResult, Vm};
use crate::bytecode::{Code, ConstIdx, FunctionKind, ThrowKind};
use crate::heap::Gc;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::Intrinsic;
use crate::string::atom::names;
use crate::syntax::SyntaxError;
use crate::value::{Value, ValueType};

/// The native error types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Error,
    Type,
    Range,
    Reference,
    Syntax,
    Eval,
    Uri,
    Aggregate,
    Suppressed,
    /// `Thread.restrict` violated (the `threads` feature).
    ConcurrentAccess,
}

impl ErrorKind {
    pub fn prototype(self) -> Intrinsic {
        match self {
            ErrorKind::Error => Intrinsic::ErrorPrototype,
            ErrorKind::Type => Intrinsic::TypeErrorPrototype,
            ErrorKind::Range => Intrinsic::RangeErrorPrototype,
            ErrorKind::Reference => Intrinsic::ReferenceErrorPrototype,
            ErrorKind::Syntax => Intrinsic::SyntaxErrorPrototype,
            ErrorKind::Eval => Intrinsic::EvalErrorPrototype,
            ErrorKind::Uri => Intrinsic::UriErrorPrototype,
            ErrorKind::Aggregate => Intrinsic::AggregateErrorPrototype,
            ErrorKind::Suppressed => Intrinsic::SuppressedErrorPrototype,
            ErrorKind::ConcurrentAccess => Intrinsic::ConcurrentAccessErrorPrototype,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Error => "Error",
            ErrorKind::Type => "TypeError",
            ErrorKind::Range => "RangeError",
            ErrorKind::Reference => "ReferenceError",
            ErrorKind::Syntax => "SyntaxError",
            ErrorKind::Eval => "EvalError",
            ErrorKind::Uri => "URIError",
            ErrorKind::Aggregate => "AggregateError",
            ErrorKind::Suppressed => "SuppressedError",
            ErrorKind::ConcurrentAccess => "ConcurrentAccessError",
        }
    }
}

/// One line of a JS stack trace.
#[derive(Clone, Debug)]
pub struct StackFrame {
    pub function: String,
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for StackFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.function.is_empty() {
            write!(f, "at {}:{}:{}", self.file, self.line, self.column)
        } else {
            write!(
                f,
                "at {} ({}:{}:{})",
                self.function, self.file, self.line, self.column
            )
        }
    }
}

impl Vm {
    /// A new error object of `kind` with `message` and the current stack.
    pub fn make_error(&mut self, kind: ErrorKind, message: &str) -> Value {
        let realm = self.current_realm();
        let proto = realm.intrinsic(kind.prototype());
        let obj = self.alloc_object(Value::object(proto), ObjectKind::Error);
        let msg = Value::string(self.alloc_string_str(message));
        obj.define_own(PropertyKey::Atom(names::MESSAGE), msg, Attributes::HIDDEN);
        self.attach_stack(obj, kind.name(), message);
        Value::object(obj)
    }

    /// Throws: `Err(error)` of `kind`.
    pub fn throw<T>(&mut self, kind: ErrorKind, message: &str) -> JsResult<T> {
        Err(self.make_error(kind, message))
    }

    /// Sets `stack` on a new error object: "Name: message" then one line
    /// per JS frame.
    pub fn attach_stack(&mut self, obj: Gc<JsObject>, name: &str, message: &str) {
        let mut text = if message.is_empty() {
            name.to_string()
        } else {
            format!("{name}: {message}")
        };
        for frame in self.stack_trace() {
            text.push_str("\n    ");
            text.push_str(&frame.to_string());
        }
        let v = Value::string(self.alloc_string_str(&text));
        obj.define_own(PropertyKey::Atom(names::STACK), v, Attributes::HIDDEN);
    }

    /// The current JS stack, innermost first.
    pub fn stack_trace(&self) -> Vec<StackFrame> {
        let mut out = Vec::new();
        for frame in self.frames.iter().rev() {
            let code = &frame.code;
            let pc = frame.pc.saturating_sub(1);
            let (line, column) = code
                .position(pc)
                .map_or((0, 0), |o| code.source.line_col(o));
            let function = match code.kind {
                FunctionKind::Script | FunctionKind::Module => String::new(),
                FunctionKind::Eval => "eval".into(),
                _ => {
                    let n = code.name_string();
                    if n.is_empty() {
                        "<anonymous>".into()
                    } else {
                        n
                    }
                }
            };
            out.push(StackFrame {
                function,
                file: code.source.name.clone(),
                line,
                column,
            });
            if out.len() >= 50 {
                break;
            }
        }
        out
    }

    /// A SyntaxError object for a compile error (the message carries the
    /// position).
    pub fn syntax_error_at(&mut self, e: &SyntaxError) -> Value {
        self.make_error(ErrorKind::Syntax, &e.message)
    }

    pub(crate) fn compile_time_error(
        &mut self,
        code: &Code,
        kind: ThrowKind,
        message: ConstIdx,
    ) -> Value {
        let text = self.constant_atom(code, message).to_rust_string();
        let kind = match kind {
            ThrowKind::ConstAssign | ThrowKind::TypeError => ErrorKind::Type,
            ThrowKind::ReferenceError => ErrorKind::Reference,
            ThrowKind::SyntaxError => ErrorKind::Syntax,
        };
        self.make_error(kind, &text)
    }

    /// A short description of a value for error messages.
    /// How V8's messages name an object: `#<Point>` after its
    /// constructor (found without running any getter), `#<Object>` when
    /// none is found.
    pub fn object_label(&self, o: Gc<JsObject>) -> String {
        let mut current = Some(o);
        let mut depth = 0;
        while let Some(obj) = current
            && depth < 64
        {
            if let Some((ctor, attrs)) = obj.get_own(PropertyKey::from_text("constructor"))
                && !attrs.is_accessor()
                && let Some(f) = ctor.as_object()
                && let Some((name, name_attrs)) = f.get_own(PropertyKey::Atom(names::NAME))
                && !name_attrs.is_accessor()
                && let Some(name) = name.as_string()
                && !name.is_empty()
            {
                return format!("#<{}>", name.to_rust_string());
            }
            current = obj.proto().as_object();
            depth += 1;
        }
        "#<Object>".into()
    }

    /// A value in a message as V8 shows it: primitives as their string
    /// (strings unquoted), objects as `object_label`.
    pub fn value_label(&mut self, v: Value) -> String {
        match v.as_object() {
            Some(o) => self.object_label(o),
            None if v.is_string() => v
                .as_string()
                .map(|s| s.to_rust_string())
                .unwrap_or_default(),
            None if v.is_symbol() => self.describe_for_error(v),
            None => self.to_rust_string(v).unwrap_or_default(),
        }
    }

    pub fn describe_for_error(&mut self, v: Value) -> String {
        match v.value_type() {
            ValueType::String => format!(
                "\"{}\"",
                v.as_string()
                    .map(|s| s.to_rust_string())
                    .unwrap_or_default()
            ),
            ValueType::Object => {
                if self.is_callable(v) {
                    "function".into()
                } else {
                    let o = v.as_object().expect("object");
                    match o.kind {
                        ObjectKind::Array => "array".into(),
                        _ => "object".into(),
                    }
                }
            }
            ValueType::Symbol => format!(
                "Symbol({})",
                v.as_symbol()
                    .map(|a| a.to_rust_string())
                    .unwrap_or_default()
            ),
            _ => {
                let mut vm_free = String::new();
                if let Some(n) = v.as_number() {
                    vm_free = crate::value::number::number_to_string(n);
                } else if v.is_undefined() {
                    vm_free = "undefined".into();
                } else if v.is_null() {
                    vm_free = "null".into();
                } else if let Some(b) = v.as_bool() {
                    vm_free = b.to_string();
                } else if let Some(b) = v.as_bigint() {
                    vm_free = format!("{b}n");
                }
                vm_free
            }
        }
    }

    /// The text a host shows for an uncaught exception: its `stack` when
    /// it is an error with one, else "Uncaught <value>".
    pub fn describe_exception(&mut self, exc: Value) -> String {
        if exc == Value::TERMINATE {
            return "Terminated: the program was stopped".into();
        }
        if let Some(obj) = exc.as_object() {
            let stack = obj.get_own(PropertyKey::Atom(names::STACK)).map(|(v, _)| v);
            let name = self
                .get(obj, PropertyKey::Atom(names::NAME))
                .ok()
                .and_then(|v| v.as_string())
                .map(|s| s.to_rust_string());
            let message = self
                .get(obj, PropertyKey::Atom(names::MESSAGE))
                .ok()
                .and_then(|v| v.as_string())
                .map(|s| s.to_rust_string());
            if let (Some(name), Some(message)) = (&name, &message) {
                let head = if message.is_empty() {
                    name.clone()
                } else {
                    format!("{name}: {message}")
                };
                let frames = stack
                    .and_then(|s| s.as_string())
                    .map(|s| s.to_rust_string())
                    .map(|s| {
                        s.lines()
                            .skip_while(|l| !l.trim_start().starts_with("at "))
                            .map(|l| format!("\n{l}"))
                            .collect::<String>()
                    })
                    .unwrap_or_default();
                return format!("Uncaught {head}{frames}");
            }
        }
        let text = match self.to_string(exc) {
            Ok(s) => s.to_rust_string(),
            Err(_) => self.describe_for_error(exc),
        };
        format!("Uncaught {text}")
    }
}
