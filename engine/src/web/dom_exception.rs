//! DOMException (WebIDL): a name, a message and the legacy code derived
//! from the name, with the legacy `*_ERR` constants on the constructor and
//! the prototype. The prototype inherits from Error.prototype, as in
//! browsers, so `instanceof Error` holds and `Error.prototype.toString`
//! gives "Name: message". The state is immutable; `stack` is an own
//! property like an Error's.

use super::this_with;
use crate::builtins::{arg, define_constant, define_tag};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;

/// A DOMException's name and message (UTF-16, as given).
pub(crate) struct DomException {
    pub(crate) name: Vec<u16>,
    pub(crate) message: Vec<u16>,
}

impl Trace for DomException {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for DomException {
    fn class_name(&self) -> &'static str {
        "DOMException"
    }
}

/// The legacy codes of the names that have one (WebIDL's error names table).
const NAME_CODES: [(&str, u16); 22] = [
    ("IndexSizeError", 1),
    ("HierarchyRequestError", 3),
    ("WrongDocumentError", 4),
    ("InvalidCharacterError", 5),
    ("NoModificationAllowedError", 7),
    ("NotFoundError", 8),
    ("NotSupportedError", 9),
    ("InUseAttributeError", 10),
    ("InvalidStateError", 11),
    ("SyntaxError", 12),
    ("InvalidModificationError", 13),
    ("NamespaceError", 14),
    ("InvalidAccessError", 15),
    ("TypeMismatchError", 17),
    ("SecurityError", 18),
    ("NetworkError", 19),
    ("AbortError", 20),
    ("URLMismatchError", 21),
    ("QuotaExceededError", 22),
    ("TimeoutError", 23),
    ("InvalidNodeTypeError", 24),
    ("DataCloneError", 25),
];

/// The legacy constants, codes 1 to 25.
const CONSTANTS: [&str; 25] = [
    "INDEX_SIZE_ERR",
    "DOMSTRING_SIZE_ERR",
    "HIERARCHY_REQUEST_ERR",
    "WRONG_DOCUMENT_ERR",
    "INVALID_CHARACTER_ERR",
    "NO_DATA_ALLOWED_ERR",
    "NO_MODIFICATION_ALLOWED_ERR",
    "NOT_FOUND_ERR",
    "NOT_SUPPORTED_ERR",
    "INUSE_ATTRIBUTE_ERR",
    "INVALID_STATE_ERR",
    "SYNTAX_ERR",
    "INVALID_MODIFICATION_ERR",
    "NAMESPACE_ERR",
    "INVALID_ACCESS_ERR",
    "VALIDATION_ERR",
    "TYPE_MISMATCH_ERR",
    "SECURITY_ERR",
    "NETWORK_ERR",
    "ABORT_ERR",
    "URL_MISMATCH_ERR",
    "QUOTA_EXCEEDED_ERR",
    "TIMEOUT_ERR",
    "INVALID_NODE_TYPE_ERR",
    "DATA_CLONE_ERR",
];

fn code_of(name: &[u16]) -> u16 {
    let name = String::from_utf16_lossy(name);
    NAME_CODES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(0, |&(_, c)| c)
}

pub(crate) fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let error_proto = realm.intrinsic(Intrinsic::ErrorPrototype);
    let proto = vm.alloc_object(Value::object(error_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::DomExceptionPrototype, proto);
    let ctor = vm.define_constructor(global, "DOMException", 0, constructor, proto);
    for (key, getter) in [
        ("name", name_getter as crate::function::NativeFn),
        ("message", message_getter),
        ("code", code_getter),
    ] {
        vm.define_builtin_accessor(proto, PropertyKey::from_text(key), Some(getter), None, true);
    }
    for (i, name) in CONSTANTS.iter().enumerate() {
        let code = Value::int(i as i32 + 1);
        define_constant(ctor, name, code);
        define_constant(proto, name, code);
    }
    define_tag(vm, proto, "DOMException");
}

/// A new DOMException of the current realm, with its stack.
pub(crate) fn new_dom_exception(vm: &mut Vm, name: &str, message: &str) -> Value {
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::DomExceptionPrototype);
    let state = DomException {
        name: name.encode_utf16().collect(),
        message: message.encode_utf16().collect(),
    };
    let obj = vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)));
    vm.attach_stack(obj, name, message);
    Value::object(obj)
}

/// Throws a new DOMException.
pub(crate) fn throw_dom<T>(vm: &mut Vm, name: &str, message: &str) -> JsResult<T> {
    Err(new_dom_exception(vm, name, message))
}

/// A DOMException with given UTF-16 name and message and prototype.
pub(crate) fn dom_exception_from(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    name: Vec<u16>,
    message: Vec<u16>,
) -> Gc<JsObject> {
    let (n, m) = (
        String::from_utf16_lossy(&name),
        String::from_utf16_lossy(&message),
    );
    let obj = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(DomException { name, message })),
    );
    vm.attach_stack(obj, &n, &m);
    obj
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(
            crate::interpreter::ErrorKind::Type,
            "DOMException: constructor requires 'new'",
        );
    }
    let message = match arg(args, 0) {
        v if v.is_undefined() => Vec::new(),
        v => super::string_units(vm, v)?,
    };
    let name = match arg(args, 1) {
        v if v.is_undefined() => "Error".encode_utf16().collect(),
        v => super::string_units(vm, v)?,
    };
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::DomExceptionPrototype)?;
    Ok(Value::object(dom_exception_from(vm, proto, name, message)))
}

fn state(vm: &mut Vm, this: Value, what: &str) -> JsResult<(Vec<u16>, Vec<u16>)> {
    let o = this_with::<DomException>(vm, this, what)?;
    let st = o
        .kind
        .builtin::<DomException>()
        .expect("checked DOMException");
    Ok((st.name.clone(), st.message.clone()))
}

fn name_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (name, _) = state(vm, this, "DOMException.prototype.name")?;
    Ok(Value::string(vm.alloc_string(name)))
}

fn message_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (_, message) = state(vm, this, "DOMException.prototype.message")?;
    Ok(Value::string(vm.alloc_string(message)))
}

fn code_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (name, _) = state(vm, this, "DOMException.prototype.code")?;
    Ok(Value::int(code_of(&name) as i32))
}
