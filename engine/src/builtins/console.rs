//! console.log and friends, and the `print` global: output goes to the
//! host (stdout natively, the page's console panel in the playground).

use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::JsObject;
use crate::realm::Realm;
use crate::value::Value;

pub fn install(vm: &mut Vm, _realm: Gc<Realm>, global: Gc<JsObject>) {
    let console = vm.new_object();
    vm.define_value(
        global,
        crate::object::PropertyKey::from_text("console"),
        Value::object(console),
        crate::object::Attributes::HIDDEN,
    );
    vm.define_builtin(console, "log", 0, log);
    vm.define_builtin(console, "info", 0, log);
    vm.define_builtin(console, "debug", 0, log);
    vm.define_builtin(console, "error", 0, error);
    vm.define_builtin(console, "warn", 0, error);
    vm.define_builtin(global, "print", 0, log);
}

/// The text console.log prints for its arguments.
pub fn format_args(vm: &mut Vm, args: &[Value]) -> JsResult<String> {
    let mut parts = Vec::with_capacity(args.len());
    for &a in args {
        parts.push(crate::builtins::console::display(vm, a)?);
    }
    Ok(parts.join(" "))
}

/// How a value is shown by console.log: strings raw, everything else via
/// an inspector close to Node's.
pub fn display(vm: &mut Vm, v: Value) -> JsResult<String> {
    if let Some(s) = v.as_string() {
        return Ok(s.to_rust_string());
    }
    crate::builtins::console::inspect(vm, v, 0)
}

/// A Node-like rendering of a value.
pub fn inspect(vm: &mut Vm, v: Value, depth: usize) -> JsResult<String> {
    use crate::object::{ObjectKind, PropertyKey};
    if let Some(s) = v.as_string() {
        return Ok(format!("'{}'", s.to_rust_string()));
    }
    if let Some(a) = v.as_symbol() {
        return Ok(String::from_utf16_lossy(
            &crate::builtins::symbol::descriptive_string(a),
        ));
    }
    if let Some(b) = v.as_bigint() {
        return Ok(format!("{b}n"));
    }
    let Some(o) = v.as_object() else {
        return vm.to_rust_string(v);
    };
    if vm.is_callable(v) {
        let name = o
            .get_own(PropertyKey::Atom(crate::string::atom::names::NAME))
            .and_then(|(n, _)| n.as_string())
            .map(|s| s.to_rust_string())
            .unwrap_or_default();
        return Ok(if name.is_empty() {
            "[Function (anonymous)]".into()
        } else {
            format!("[Function: {name}]")
        });
    }
    if matches!(o.kind, ObjectKind::Error) {
        let stack = o
            .get_own(PropertyKey::Atom(crate::string::atom::names::STACK))
            .and_then(|(s, _)| s.as_string());
        if let Some(s) = stack {
            return Ok(s.to_rust_string());
        }
    }
    if depth > 2 {
        return Ok(if matches!(o.kind, ObjectKind::Array) {
            "[Array]".into()
        } else {
            "[Object]".into()
        });
    }
    if matches!(o.kind, ObjectKind::Array) {
        let len = o.length();
        let mut items = Vec::new();
        for i in 0..len.min(100) {
            match o.get_element(i) {
                Some((e, _)) => items.push(inspect(vm, e, depth + 1)?),
                None => items.push("<empty>".into()),
            }
        }
        if len > 100 {
            items.push(format!("... {} more items", len - 100));
        }
        return Ok(if items.is_empty() {
            "[]".into()
        } else {
            format!("[ {} ]", items.join(", "))
        });
    }
    if let Some(ns) = crate::module::namespace::state(&o) {
        let names: Vec<_> = ns.names().collect();
        let mut items = Vec::new();
        for name in names {
            let v = vm.get(o, PropertyKey::from_units(name.text()));
            let text = match v {
                Ok(v) => inspect(vm, v, depth + 1)?,
                Err(_) => "<uninitialized>".to_string(),
            };
            items.push(format!("{}: {text}", name.to_rust_string()));
        }
        return Ok(format!(
            "[Module: null prototype] {{ {} }}",
            items.join(", ")
        ));
    }
    let keys = o.own_keys();
    let mut items = Vec::new();
    for k in keys.into_iter().take(50) {
        if let Some((raw, attrs)) = o.get_own(k)
            && attrs.enumerable()
        {
            let val = if attrs.is_accessor() {
                "[Getter/Setter]".to_string()
            } else {
                inspect(vm, raw, depth + 1)?
            };
            items.push(format!("{}: {val}", k.to_rust_string()));
        }
    }
    Ok(if items.is_empty() {
        "{}".into()
    } else {
        format!("{{ {} }}", items.join(", "))
    })
}

/// Writes a console line through the host, tagged with the thread, and
/// records it in the trace.
fn emit(vm: &mut Vm, text: String, error: bool) {
    vm.host.clone().print_from(vm.thread.id, &text, error);
    vm.trace_event(crate::trace::EventKind::Console {
        text: text.into(),
        error,
    });
}

fn log(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let text = format_args(vm, args)?;
    emit(vm, text, false);
    Ok(Value::UNDEFINED)
}

fn error(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let text = format_args(vm, args)?;
    emit(vm, text, true);
    Ok(Value::UNDEFINED)
}
