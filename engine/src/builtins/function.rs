//! Function: the constructor (dynamic functions), Function.prototype
//! (call, apply, bind, toString, @@hasInstance).

use super::arg;
use crate::bytecode::Source;
use crate::function::BoundFunction;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::string::atom::{names, symbols};
use crate::value::Value;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let proto = realm.intrinsic(Intrinsic::FunctionPrototype);
    let ctor = vm.define_constructor(global, "Function", 1, function_constructor, proto);
    realm.set_intrinsic(Intrinsic::FunctionConstructor, ctor);
    vm.define_builtin(proto, "call", 1, call);
    vm.define_builtin(proto, "apply", 2, apply);
    vm.define_builtin(proto, "bind", 1, bind);
    vm.define_builtin(proto, "toString", 0, to_string);
    let has_instance = vm.new_native(
        Atom::intern_str("[Symbol.hasInstance]"),
        1,
        has_instance,
        false,
        &[],
    );
    proto.define_own(
        PropertyKey::Atom(symbols::HAS_INSTANCE),
        Value::object(has_instance),
        Attributes::FROZEN,
    );
    let thrower = vm.new_native(names::EMPTY, 0, throw_type_error, false, &[]);
    thrower.define_own(
        PropertyKey::Atom(names::LENGTH),
        Value::int(0),
        Attributes::FROZEN,
    );
    thrower.define_own(
        PropertyKey::Atom(names::NAME),
        vm.atom_value(names::EMPTY),
        Attributes::FROZEN,
    );
    thrower.prevent_extensions();
    realm.set_intrinsic(Intrinsic::ThrowTypeError, thrower);
    for name in [names::CALLER, names::ARGUMENTS] {
        vm.define_value(
            proto,
            PropertyKey::Atom(name),
            Value::UNDEFINED,
            Attributes::DEFAULT,
        );
        let _ = vm.define_own_property(
            proto,
            PropertyKey::Atom(name),
            crate::object::PropertyDescriptor::accessor(
                Value::object(thrower),
                Value::object(thrower),
                Attributes::accessor(false, true),
            ),
        );
    }
}

/// %Function.prototype% called: returns undefined.
pub fn function_prototype_call(_: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::UNDEFINED)
}

fn throw_type_error(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    vm.throw(ErrorKind::Type, "'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them")
}

/// The kind of function a dynamic-function constructor makes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DynamicKind {
    Normal,
    Generator,
    Async,
    AsyncGenerator,
}

/// CreateDynamicFunction.
pub fn create_dynamic_function(
    vm: &mut Vm,
    args: &[Value],
    kind: DynamicKind,
    new_target: Value,
) -> JsResult<Value> {
    let mut params = Vec::new();
    for &a in args.iter().take(args.len().saturating_sub(1)) {
        params.push(vm.to_rust_string(a)?);
    }
    let body = match args.last() {
        Some(&b) => vm.to_rust_string(b)?,
        None => String::new(),
    };
    let prefix = match kind {
        DynamicKind::Normal => "function",
        DynamicKind::Generator => "function*",
        DynamicKind::Async => "async function",
        DynamicKind::AsyncGenerator => "async function*",
    };
    let params = params.join(",");
    let text = format!("({prefix} anonymous({params}\n) {{\n{body}\n}})");
    if let Err(message) = crate::compiler::check_single_function(&text, prefix, &params, &body) {
        return vm.throw(ErrorKind::Syntax, &message);
    }
    let source = Source::new("anonymous", text);
    let realm = vm.current_realm();
    let f = vm.eval_script_in(source, realm)?;
    if let Some(fo) = f.as_object() {
        let fallback = match kind {
            DynamicKind::Normal => Intrinsic::FunctionPrototype,
            DynamicKind::Generator => Intrinsic::GeneratorFunctionPrototype,
            DynamicKind::Async => Intrinsic::AsyncFunctionPrototype,
            DynamicKind::AsyncGenerator => Intrinsic::AsyncGeneratorFunctionPrototype,
        };
        if !new_target.is_undefined() {
            let proto = vm.prototype_from_constructor(new_target, fallback)?;
            fo.set_proto(Value::object(proto));
        }
    }
    Ok(f)
}

fn function_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    create_dynamic_function(vm, args, DynamicKind::Normal, new_target)
}

fn call(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return vm.throw(
            ErrorKind::Type,
            "Function.prototype.call called on a non-function",
        );
    }
    let rest = if args.is_empty() { &[][..] } else { &args[1..] };
    vm.call(this, arg(args, 0), rest)
}

fn apply(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.is_callable(this) {
        return vm.throw(
            ErrorKind::Type,
            "Function.prototype.apply called on a non-function",
        );
    }
    let list = arg(args, 1);
    if list.is_nullish() {
        return vm.call(this, arg(args, 0), &[]);
    }
    let list = vm.list_from_array_like(list)?;
    vm.call(this, arg(args, 0), &list)
}

fn bind(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(target) = this.as_object().filter(|_| vm.is_callable(this)) else {
        return vm.throw(ErrorKind::Type, "Bind must be called on a function");
    };
    let bound_args: Box<[Value]> = args.iter().skip(1).copied().collect();
    let nargs = bound_args.len() as f64;
    let proto = vm.get_prototype_of(target)?;
    let bound = BoundFunction {
        target: this,
        this: arg(args, 0),
        args: bound_args,
    };
    let f = vm.alloc_object(proto, ObjectKind::Bound(Box::new(bound)));
    vm.root(Value::object(f));
    let mut length = 0.0;
    if vm.has_own_property(target, PropertyKey::Atom(names::LENGTH))? {
        let l = vm.get(target, PropertyKey::Atom(names::LENGTH))?;
        if let Some(n) = l.as_number() {
            if n == f64::INFINITY {
                length = f64::INFINITY;
            } else if n.is_finite() {
                length = (n.trunc() - nargs).max(0.0);
            }
        }
    }
    f.define_own(
        PropertyKey::Atom(names::LENGTH),
        Value::number(length),
        Attributes::CONFIGURABLE_ONLY,
    );
    let name = vm.get(target, PropertyKey::Atom(names::NAME))?;
    let mut units: Vec<u16> = "bound ".encode_utf16().collect();
    if let Some(s) = name.as_string() {
        units.extend_from_slice(s.units());
    }
    let name = Value::string(vm.alloc_string(units));
    f.define_own(
        PropertyKey::Atom(names::NAME),
        name,
        Attributes::CONFIGURABLE_ONLY,
    );
    Ok(Value::object(f))
}

/// The source text `Function.prototype.toString` gives for function `f`.
pub(crate) fn source_text(vm: &mut Vm, f: Value) -> JsResult<String> {
    let text = to_string(vm, f, &[], Value::UNDEFINED)?;
    vm.to_rust_string(text)
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "Function.prototype.toString requires that 'this' be a Function",
        );
    };
    match &o.kind {
        ObjectKind::Function(c) => {
            let text = c.code.source_text().to_string();
            Ok(vm.string_value(&text))
        }
        ObjectKind::Native(_) | ObjectKind::Bound(_) => {
            let name = o
                .get_own(PropertyKey::Atom(names::NAME))
                .and_then(|(v, _)| v.as_string())
                .map(|s| s.to_rust_string())
                .unwrap_or_default();
            Ok(vm.string_value(&format!("function {name}() {{ [native code] }}")))
        }
        _ if vm.is_callable(this) => Ok(vm.string_value("function () { [native code] }")),
        _ => vm.throw(
            ErrorKind::Type,
            "Function.prototype.toString requires that 'this' be a Function",
        ),
    }
}

fn has_instance(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(vm.ordinary_has_instance(this, arg(args, 0))?))
}
