//! Errors as Node prints them (`formatError`): the stack when it has
//! frames, else `[Name: message]`; the first line naming the constructor
//! (`improveStack`); frames shared with the `cause` collapsed
//! (`getStackFrames`); `cause` and `errors` shown among the properties.

use super::Style;
use super::primitive::symbol_text;
use super::value::{Ctx, is_error, key_of, prefix_of};
use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::string::atom::names;
use crate::value::Value;

impl Ctx {
    /// Node's `formatError`: the stack (or `[Name: message]` when it has
    /// no frames), with the name fixed up to the constructor's, indented.
    pub(super) fn format_error(
        &mut self,
        vm: &mut Vm,
        err: Gc<JsObject>,
        ctor: Option<&str>,
        tag: &str,
        keys: &mut Vec<PropertyKey>,
    ) -> JsResult<String> {
        // A getter that refuses this object (DOMException.prototype's
        // `name`) reads as absent: printing never throws for that.
        let name_v = get_or_absent(vm, err, names::NAME)?;
        let name = if name_v.is_nullish() {
            "Error".to_string()
        } else {
            display_string(vm, name_v)?
        };
        let mut stack = stack_string(vm, err)?;
        // Hide name, message and stack when the stack already shows them.
        if !self.opts.show_hidden && !keys.is_empty() {
            for n in ["name", "message", "stack"] {
                let k = key_of(n);
                if let Some(i) = keys.iter().position(|&x| x == k) {
                    let v = vm.get(err, k)?;
                    let text = display_string(vm, v)?;
                    if stack.contains(&text) {
                        keys.remove(i);
                    }
                }
            }
        }
        let cause = PropertyKey::Atom(crate::string::Atom::intern_str("cause"));
        if vm.has_property(err, cause)? && !keys.contains(&cause) {
            keys.push(cause);
        }
        let errors_key = key_of("errors");
        let errors = vm.get(err, errors_key)?;
        if errors
            .as_object()
            .is_some_and(|e| matches!(e.kind, ObjectKind::Array))
            && !keys.contains(&errors_key)
        {
            keys.push(errors_key);
        }
        stack = improve_stack(stack, ctor, &name, tag);
        let message = get_or_absent(vm, err, names::MESSAGE)?;
        let mut pos: Option<usize> = None;
        if vm.to_boolean(message) {
            let m = display_string(vm, message)?;
            if let Some(p) = stack.find(&m)
                && p != 0
            {
                pos = Some(p + m.len());
            }
        }
        let from = pos.unwrap_or(0).min(stack.len());
        let from = (0..=from)
            .rev()
            .find(|&i| stack.is_char_boundary(i))
            .unwrap_or(0);
        match stack[from..].find("\n    at") {
            None => stack = format!("[{stack}]"),
            Some(at) => {
                let at = from + at;
                let frames: Vec<String> = stack[at + 1..].split('\n').map(str::to_string).collect();
                let frames = self.without_cause_frames(vm, err, frames);
                stack = format!("{}\n{}", &stack[..at], frames.join("\n"));
            }
        }
        if self.indentation != 0 {
            let indentation = " ".repeat(self.indentation);
            stack = stack.replace('\n', &format!("\n{indentation}"));
        }
        Ok(stack)
    }
}

impl Ctx {
    /// Node's `getStackFrames`: the frames an error shares with its
    /// `cause` collapse into `... n lines matching cause stack trace ...`.
    fn without_cause_frames(
        &self,
        vm: &mut Vm,
        err: Gc<JsObject>,
        mut frames: Vec<String>,
    ) -> Vec<String> {
        let cause_key = PropertyKey::Atom(crate::string::Atom::intern_str("cause"));
        let Ok(cause) = vm.get(err, cause_key) else {
            return frames;
        };
        let Some(cause) = cause.as_object().filter(|&c| is_error(vm, c)) else {
            return frames;
        };
        let Ok(cause_stack) = stack_string(vm, cause) else {
            return frames;
        };
        let Some(start) = cause_stack.find("\n    at") else {
            return frames;
        };
        let cause_frames: Vec<&str> = cause_stack[start + 1..].split('\n').collect();
        let (len, offset) = identical_sequence_range(&frames, &cause_frames);
        if len > 0 {
            let skipped = len - 2;
            let message = self.style(
                &format!("    ... {skipped} lines matching cause stack trace ..."),
                Style::Undefined,
            );
            frames.splice(offset + 1..offset + 1 + skipped, [message]);
        }
        frames
    }
}

/// Node's `identicalSequenceRange`: the longest run (over three) of
/// frames of `a` that also appear in a row in `b`, as (length, start).
fn identical_sequence_range(a: &[String], b: &[&str]) -> (usize, usize) {
    for i in 0..a.len().saturating_sub(3) {
        if let Some(pos) = b.iter().position(|&x| x == a[i]) {
            let rest = b.len() - pos;
            if rest > 3 {
                let mut len = 1;
                let max_len = (a.len() - i).min(rest);
                while max_len > len && a[i + len] == b[pos + len] {
                    len += 1;
                }
                if len > 3 {
                    return (len, i);
                }
            }
        }
    }
    (0, 0)
}

/// `ToString` as a template literal does, but a symbol gives its
/// descriptive string instead of throwing.
fn display_string(vm: &mut Vm, v: Value) -> JsResult<String> {
    if let Some(a) = v.as_symbol() {
        return Ok(symbol_text(a));
    }
    vm.to_rust_string(v)
}

/// Node's `getStackString`: `err.stack` when truthy, else
/// `Error.prototype.toString` of the error.
/// `err[name]`, or undefined when its getter throws (DOMException.prototype's
/// `name` refuses the prototype itself): printing an error never throws
/// for that. A termination (stop) still ends the program.
fn get_or_absent(vm: &mut Vm, err: Gc<JsObject>, name: crate::string::Atom) -> JsResult<Value> {
    match vm.get(err, PropertyKey::Atom(name)) {
        Err(e) if e == Value::TERMINATE => Err(e),
        r => Ok(r.unwrap_or(Value::UNDEFINED)),
    }
}

fn stack_string(vm: &mut Vm, err: Gc<JsObject>) -> JsResult<String> {
    let stack = get_or_absent(vm, err, names::STACK)?;
    if vm.to_boolean(stack) {
        return display_string(vm, stack);
    }
    let name = get_or_absent(vm, err, names::NAME)?;
    let name = if name.is_undefined() {
        "Error".to_string()
    } else {
        display_string(vm, name)?
    };
    let msg = get_or_absent(vm, err, names::MESSAGE)?;
    let msg = if msg.is_undefined() {
        String::new()
    } else {
        display_string(vm, msg)?
    };
    Ok(if name.is_empty() {
        msg
    } else if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    })
}

/// Node's `improveStack`: makes the first line name the constructor when
/// the stack names only the error's `name`.
fn improve_stack(stack: String, ctor: Option<&str>, name: &str, tag: &str) -> String {
    let mut len = name.len();
    let regular = name.ends_with("Error")
        && stack.starts_with(name)
        && (stack.len() == len || matches!(stack.as_bytes()[len], b':' | b'\n'));
    if !(ctor.is_none() || regular) {
        return stack;
    }
    let mut fallback = "Error".to_string();
    if ctor.is_none() {
        let found = leading_error_name(&stack);
        len = found.len();
        fallback = if found.is_empty() {
            "Error".into()
        } else {
            found
        };
    }
    let prefix = prefix_of(ctor, tag, &fallback, "");
    let prefix = &prefix[..prefix.len() - 1];
    if name == prefix {
        return stack;
    }
    let rest = stack.get(len..).unwrap_or("");
    if prefix.contains(name) {
        if len == 0 {
            format!("{prefix}: {stack}")
        } else {
            format!("{prefix}{rest}")
        }
    } else {
        format!("{prefix} [{name}]{rest}")
    }
}

/// The error name a stack starts with (Node's two regular expressions
/// in `improveStack`), or "".
fn leading_error_name(stack: &str) -> String {
    let bytes = stack.as_bytes();
    if bytes.first().is_some_and(|b| b.is_ascii_uppercase()) {
        let run = bytes
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b"_ []()-".contains(&b))
            .count();
        if run >= 2 {
            let rest = &stack[run..];
            if rest.starts_with(':') || rest.starts_with("\n    at") {
                return stack[..run].to_string();
            }
        }
    }
    if stack.ends_with("Error")
        && stack
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return stack.to_string();
    }
    String::new()
}
