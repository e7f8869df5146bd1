//! Generator objects (%GeneratorPrototype%), %GeneratorFunction% and
//! %AsyncFunction%.

use super::{arg, define_tag};
use crate::heap::Gc;
use crate::interpreter::suspend::ResumeMode;
use crate::interpreter::{JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::names;
use crate::value::Value;

use super::function::{DynamicKind, create_dynamic_function};

pub fn install(vm: &mut Vm, realm: Gc<Realm>, _global: Gc<JsObject>) {
    let function_proto = realm.intrinsic(Intrinsic::FunctionPrototype);
    let function_ctor = realm.intrinsic(Intrinsic::FunctionConstructor);
    let iter_proto = realm.intrinsic(Intrinsic::IteratorPrototype);

    // %GeneratorFunction.prototype% and %GeneratorPrototype%.
    let gen_fn_proto = vm.alloc_object(Value::object(function_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::GeneratorFunctionPrototype, gen_fn_proto);
    let gen_proto = vm.alloc_object(Value::object(iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::GeneratorPrototype, gen_proto);
    gen_fn_proto.define_own(
        PropertyKey::Atom(names::PROTOTYPE),
        Value::object(gen_proto),
        Attributes::CONFIGURABLE_ONLY,
    );
    gen_proto.define_own(
        PropertyKey::Atom(names::CONSTRUCTOR),
        Value::object(gen_fn_proto),
        Attributes::CONFIGURABLE_ONLY,
    );
    define_tag(vm, gen_fn_proto, "GeneratorFunction");
    define_tag(vm, gen_proto, "Generator");
    vm.define_builtin(gen_proto, "next", 1, next);
    vm.define_builtin(gen_proto, "return", 1, return_);
    vm.define_builtin(gen_proto, "throw", 1, throw);
    let gen_ctor = vm.new_native(
        crate::string::Atom::intern_str("GeneratorFunction"),
        1,
        generator_function,
        true,
        &[],
    );
    gen_ctor.set_proto(Value::object(function_ctor));
    gen_ctor.define_own(
        PropertyKey::Atom(names::PROTOTYPE),
        Value::object(gen_fn_proto),
        Attributes::FROZEN,
    );
    gen_fn_proto.define_own(
        PropertyKey::Atom(names::CONSTRUCTOR),
        Value::object(gen_ctor),
        Attributes::CONFIGURABLE_ONLY,
    );

    // %AsyncFunction.prototype%.
    let async_fn_proto = vm.alloc_object(Value::object(function_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::AsyncFunctionPrototype, async_fn_proto);
    define_tag(vm, async_fn_proto, "AsyncFunction");
    let async_ctor = vm.new_native(
        crate::string::Atom::intern_str("AsyncFunction"),
        1,
        async_function,
        true,
        &[],
    );
    async_ctor.set_proto(Value::object(function_ctor));
    async_ctor.define_own(
        PropertyKey::Atom(names::PROTOTYPE),
        Value::object(async_fn_proto),
        Attributes::FROZEN,
    );
    async_fn_proto.define_own(
        PropertyKey::Atom(names::CONSTRUCTOR),
        Value::object(async_ctor),
        Attributes::CONFIGURABLE_ONLY,
    );
}

fn generator_function(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    create_dynamic_function(vm, args, DynamicKind::Generator, new_target)
}

fn async_function(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    create_dynamic_function(vm, args, DynamicKind::Async, new_target)
}

fn next(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    vm.generator_resume(this, ResumeMode::Next, arg(args, 0))
}

fn return_(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    vm.generator_resume(this, ResumeMode::Return, arg(args, 0))
}

fn throw(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    vm.generator_resume(this, ResumeMode::Throw, arg(args, 0))
}
