//! The built-in objects, one file per family, installed into a realm by
//! `install`. Each file owns its constructors, prototypes and internal
//! state types, and touches the engine only through `Vm`'s public helpers.

pub(crate) mod array;
pub(crate) mod array_buffer;
pub(crate) mod array_from_async;
pub(crate) mod async_generator;
pub(crate) mod atomics;
pub(crate) mod atomics_property;
pub(crate) mod bigint;
pub(crate) mod boolean;
pub(crate) mod collection;
pub mod console;
pub(crate) mod data_view;
pub(crate) mod date;
pub(crate) mod disposable_stack;
pub(crate) mod error;
pub(crate) mod escape;
pub(crate) mod function;
pub(crate) mod generator;
pub(crate) mod global;
#[cfg(feature = "intl")]
pub(crate) mod intl;
pub(crate) mod iterator;
pub(crate) mod iterator_zip;
pub(crate) mod json;
#[cfg(feature = "threads")]
pub(crate) mod lock;
pub(crate) mod math;
pub(crate) mod number;
pub(crate) mod object;
pub mod promise;
pub(crate) mod proxy;
pub(crate) mod reflect;
pub(crate) mod regexp;
pub(crate) mod string;
pub(crate) mod symbol;
#[cfg(feature = "threads")]
pub(crate) mod thread;
pub mod typed_array;
pub(crate) mod uint8_base64;
pub(crate) mod weak_ref;

use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey, flags};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::names;
use crate::value::Value;

/// Creates every intrinsic and global of `realm`.
pub fn install(vm: &mut Vm, realm: Gc<Realm>) {
    let saved = vm.realm;
    vm.realm = realm;
    let object_proto = vm.alloc_object(Value::NULL, ObjectKind::Ordinary);
    object_proto.set_flag(flags::IMMUTABLE_PROTO, true);
    realm.set_intrinsic(Intrinsic::ObjectPrototype, object_proto);
    // %Function.prototype% is itself a function that returns undefined.
    let function_proto = vm.alloc_object(
        Value::object(object_proto),
        ObjectKind::Native(Box::new(crate::function::NativeFunction {
            func: function::function_prototype_call,
            realm,
            constructor: false,
            data: Box::new([]),
        })),
    );
    realm.set_intrinsic(Intrinsic::FunctionPrototype, function_proto);
    function_proto.define_own(
        PropertyKey::Atom(names::LENGTH),
        Value::int(0),
        Attributes::CONFIGURABLE_ONLY,
    );
    function_proto.define_own(
        PropertyKey::Atom(names::NAME),
        vm.atom_value(names::EMPTY),
        Attributes::CONFIGURABLE_ONLY,
    );
    let global = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_global(global);

    object::install(vm, realm, global);
    function::install(vm, realm, global);
    error::install(vm, realm, global);
    iterator::install(vm, realm, global);
    array::install(vm, realm, global);
    string::install(vm, realm, global);
    number::install(vm, realm, global);
    boolean::install(vm, realm, global);
    bigint::install(vm, realm, global);
    symbol::install(vm, realm, global);
    math::install(vm, realm, global);
    global::install(vm, realm, global);
    escape::install(vm, global);
    console::install(vm, realm, global);
    generator::install(vm, realm, global);
    promise::install(vm, realm, global);
    async_generator::install(vm, realm, global);
    reflect::install(vm, realm, global);
    proxy::install(vm, realm, global);
    regexp::install(vm, realm, global);
    array_buffer::install(vm, realm, global);
    typed_array::install(vm, realm, global);
    data_view::install(vm, realm, global);
    atomics::install(vm, realm, global);
    collection::install(vm, realm, global);
    weak_ref::install(vm, realm, global);
    json::install(vm, realm, global);
    date::install(vm, realm, global);
    disposable_stack::install(vm, realm, global);
    disposable_stack::install_iterator_disposers(vm, realm);
    #[cfg(feature = "intl")]
    intl::install(vm, realm, global);
    #[cfg(feature = "threads")]
    {
        thread::install(vm, realm, global);
        lock::install(vm, realm, global);
    }
    crate::web::install(vm, realm, global);
    realm.record_builtins();
    vm.realm = saved;
}

/// Argument `i`, or undefined.
#[inline]
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}

/// `this` as an object, or a TypeError naming `method`.
pub fn this_object(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) => Ok(o),
        None => vm.throw(
            crate::interpreter::ErrorKind::Type,
            &format!("{method} called on non-object"),
        ),
    }
}

/// Defines a constant data property (not writable, enumerable or
/// configurable).
pub fn define_constant(obj: Gc<JsObject>, name: &str, v: Value) {
    obj.define_own(PropertyKey::from_text(name), v, Attributes::FROZEN);
}

/// Sets `obj[Symbol.toStringTag]`.
pub fn define_tag(vm: &mut Vm, obj: Gc<JsObject>, tag: &str) {
    let v = vm.string_value(tag);
    obj.define_own(
        PropertyKey::Atom(crate::string::atom::symbols::TO_STRING_TAG),
        v,
        Attributes::CONFIGURABLE_ONLY,
    );
}
