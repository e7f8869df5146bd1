//! Error, the native errors (TypeError, …), AggregateError and
//! SuppressedError.

use super::arg;
use crate::function::NativeFn;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::names;
use crate::value::Value;

const NATIVE: [ErrorKind; 6] = [
    ErrorKind::Type,
    ErrorKind::Range,
    ErrorKind::Reference,
    ErrorKind::Syntax,
    ErrorKind::Eval,
    ErrorKind::Uri,
];

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let error_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::ErrorPrototype, error_proto);
    let error_ctor = vm.define_constructor(global, "Error", 1, error_constructor, error_proto);
    vm.define_builtin(error_proto, "toString", 0, error_to_string);
    vm.define_builtin(error_ctor, "isError", 1, error_is_error);
    let name = vm.string_value("Error");
    vm.define_value(
        error_proto,
        PropertyKey::Atom(names::NAME),
        name,
        Attributes::HIDDEN,
    );
    let empty = vm.atom_value(names::EMPTY);
    vm.define_value(
        error_proto,
        PropertyKey::Atom(names::MESSAGE),
        empty,
        Attributes::HIDDEN,
    );
    let kinds: &[ErrorKind] = if cfg!(feature = "threads") {
        &[
            ErrorKind::Type,
            ErrorKind::Range,
            ErrorKind::Reference,
            ErrorKind::Syntax,
            ErrorKind::Eval,
            ErrorKind::Uri,
            ErrorKind::ConcurrentAccess,
        ]
    } else {
        &NATIVE
    };
    // Each subclass: a prototype inheriting from Error.prototype with its
    // own name and an empty message, a constructor inheriting from Error.
    let subclass = |vm: &mut Vm, intrinsic: Intrinsic, name: &str, length: u32, f: NativeFn| {
        let proto = vm.alloc_object(Value::object(error_proto), ObjectKind::Ordinary);
        realm.set_intrinsic(intrinsic, proto);
        let ctor = vm.define_constructor(global, name, length, f, proto);
        ctor.set_proto(Value::object(error_ctor));
        let name = vm.string_value(name);
        vm.define_value(
            proto,
            PropertyKey::Atom(names::NAME),
            name,
            Attributes::HIDDEN,
        );
        vm.define_value(
            proto,
            PropertyKey::Atom(names::MESSAGE),
            empty,
            Attributes::HIDDEN,
        );
    };
    for &kind in kinds {
        subclass(
            vm,
            kind.prototype(),
            kind.name(),
            1,
            native_error_constructor,
        );
    }
    subclass(
        vm,
        Intrinsic::AggregateErrorPrototype,
        "AggregateError",
        2,
        aggregate_error_constructor,
    );
    subclass(
        vm,
        Intrinsic::SuppressedErrorPrototype,
        "SuppressedError",
        3,
        suppressed_error_constructor,
    );
}

/// The error kind a constructor makes, from its `name`.
fn kind_of_constructor(vm: &mut Vm) -> ErrorKind {
    let f = vm.active_native();
    let name = f
        .as_object()
        .and_then(|o| o.get_own(PropertyKey::Atom(names::NAME)))
        .and_then(|(v, _)| v.as_string())
        .map(|s| s.to_rust_string());
    match name.as_deref() {
        Some("TypeError") => ErrorKind::Type,
        Some("RangeError") => ErrorKind::Range,
        Some("ReferenceError") => ErrorKind::Reference,
        Some("SyntaxError") => ErrorKind::Syntax,
        Some("EvalError") => ErrorKind::Eval,
        Some("URIError") => ErrorKind::Uri,
        Some("AggregateError") => ErrorKind::Aggregate,
        Some("SuppressedError") => ErrorKind::Suppressed,
        Some("ConcurrentAccessError") => ErrorKind::ConcurrentAccess,
        _ => ErrorKind::Error,
    }
}

/// The shared body of every error constructor.
fn construct_error(
    vm: &mut Vm,
    kind: ErrorKind,
    message: Value,
    options: Value,
    new_target: Value,
) -> JsResult<Gc<JsObject>> {
    construct_error_with(vm, kind, message, options, new_target, None)
}

/// `construct_error`, with SuppressedError's `error` and `suppressed`
/// defined right after `message`.
fn construct_error_with(
    vm: &mut Vm,
    kind: ErrorKind,
    message: Value,
    options: Value,
    new_target: Value,
    suppressed: Option<(Value, Value)>,
) -> JsResult<Gc<JsObject>> {
    let nt = if new_target.is_undefined() {
        vm.active_native()
    } else {
        new_target
    };
    let proto = vm.prototype_from_constructor(nt, kind.prototype())?;
    let o = vm.alloc_object(Value::object(proto), ObjectKind::Error);
    vm.root(Value::object(o));
    let mut text = String::new();
    if !message.is_undefined() {
        let s = vm.to_string(message)?;
        text = s.to_rust_string();
        o.define_own(
            PropertyKey::Atom(names::MESSAGE),
            Value::string(s),
            Attributes::HIDDEN,
        );
    }
    if let Some(opts) = options.as_object()
        && vm.has_property(opts, PropertyKey::Atom(names::CAUSE))?
    {
        let cause = vm.get(opts, PropertyKey::Atom(names::CAUSE))?;
        o.define_own(PropertyKey::Atom(names::CAUSE), cause, Attributes::HIDDEN);
    }
    if let Some((error, suppressed)) = suppressed {
        set_suppressed_fields(o, error, suppressed);
    }
    vm.attach_stack(o, kind.name(), &text);
    Ok(o)
}

fn error_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    Ok(Value::object(construct_error(
        vm,
        ErrorKind::Error,
        arg(args, 0),
        arg(args, 1),
        new_target,
    )?))
}

fn native_error_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    let kind = kind_of_constructor(vm);
    Ok(Value::object(construct_error(
        vm,
        kind,
        arg(args, 0),
        arg(args, 1),
        new_target,
    )?))
}

fn aggregate_error_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    let o = construct_error(
        vm,
        ErrorKind::Aggregate,
        arg(args, 1),
        arg(args, 2),
        new_target,
    )?;
    vm.root(Value::object(o));
    let errors = vm.iterate_to_vec(arg(args, 0))?;
    let list = vm.new_array_from(&errors);
    o.define_own(
        PropertyKey::Atom(names::ERRORS),
        Value::object(list),
        Attributes::HIDDEN,
    );
    Ok(Value::object(o))
}

fn suppressed_error_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    let o = construct_error_with(
        vm,
        ErrorKind::Suppressed,
        arg(args, 2),
        Value::UNDEFINED,
        new_target,
        Some((arg(args, 0), arg(args, 1))),
    )?;
    Ok(Value::object(o))
}

fn set_suppressed_fields(o: Gc<JsObject>, error: Value, suppressed: Value) {
    o.define_own(PropertyKey::from_text("error"), error, Attributes::HIDDEN);
    o.define_own(
        PropertyKey::from_text("suppressed"),
        suppressed,
        Attributes::HIDDEN,
    );
}

/// A new SuppressedError (no message) saying that `error` was thrown
/// while `suppressed` was already propagating (DisposeResources).
pub fn new_suppressed_error(vm: &mut Vm, error: Value, suppressed: Value) -> Value {
    let realm = vm.current_realm();
    let proto = realm.intrinsic(Intrinsic::SuppressedErrorPrototype);
    let o = vm.alloc_object(Value::object(proto), ObjectKind::Error);
    set_suppressed_fields(o, error, suppressed);
    vm.attach_stack(o, "SuppressedError", "");
    Value::object(o)
}

fn error_to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "Error.prototype.toString called on non-object",
        );
    };
    let name = vm.get(o, PropertyKey::Atom(names::NAME))?;
    let name = if name.is_undefined() {
        "Error".to_string()
    } else {
        vm.to_rust_string(name)?
    };
    let msg = vm.get(o, PropertyKey::Atom(names::MESSAGE))?;
    let msg = if msg.is_undefined() {
        String::new()
    } else {
        vm.to_rust_string(msg)?
    };
    let text = match (name.is_empty(), msg.is_empty()) {
        (true, _) => msg,
        (_, true) => name,
        _ => format!("{name}: {msg}"),
    };
    Ok(vm.string_value(&text))
}

/// Error.isError: whether the argument has an [[ErrorData]] slot.
fn error_is_error(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let is_error = arg(args, 0)
        .as_object()
        .is_some_and(|o| matches!(o.kind, ObjectKind::Error));
    Ok(Value::bool(is_error))
}
