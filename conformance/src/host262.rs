//! The `$262` host object test262 expects (INTERPRETING.md): createRealm,
//! evalScript, detachArrayBuffer, gc, global, and console output capture.

use std::sync::{Arc, Mutex};

use weft::bytecode::Source;
use weft::heap::Gc;
use weft::interpreter::{ErrorKind, Host, JsResult, Vm};
use weft::object::{Attributes, PropertyKey};
use weft::realm::Realm;
use weft::string::Atom;
use weft::value::Value;

/// Collects what a test prints (async tests report through print).
#[derive(Default)]
pub struct CaptureHost {
    pub lines: Mutex<Vec<String>>,
}

impl Host for CaptureHost {
    fn print(&self, text: &str) {
        if let Ok(mut lines) = self.lines.lock() {
            lines.push(text.to_string());
        }
    }
}

impl CaptureHost {
    pub fn new() -> Arc<CaptureHost> {
        Arc::new(CaptureHost::default())
    }
}

/// Installs `$262` into `realm` and returns it.
pub fn install(vm: &mut Vm, realm: Gc<Realm>) -> Value {
    let global = realm.global();
    let o = vm.alloc_object(
        realm.intrinsic_value(weft::realm::Intrinsic::ObjectPrototype),
        weft::object::ObjectKind::Ordinary,
    );
    let define = |vm: &mut Vm, name: &str, len: u32, f: weft::function::NativeFn| {
        let func = vm.new_native_in(
            realm,
            Atom::intern_str(name),
            len,
            f,
            false,
            &[Value::object(global)],
        );
        o.define_own(
            PropertyKey::from_text(name),
            Value::object(func),
            Attributes::HIDDEN,
        );
    };
    define(vm, "createRealm", 0, create_realm);
    define(vm, "evalScript", 1, eval_script);
    define(vm, "detachArrayBuffer", 1, detach_array_buffer);
    define(vm, "gc", 0, gc);
    o.define_own(
        PropertyKey::from_text("global"),
        Value::object(global),
        Attributes::HIDDEN,
    );
    global.define_own(
        PropertyKey::from_text("$262"),
        Value::object(o),
        Attributes::HIDDEN,
    );
    Value::object(o)
}

fn create_realm(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let realm = vm.create_realm();
    Ok(install(vm, realm))
}

fn eval_script(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let src = args.first().copied().unwrap_or(Value::UNDEFINED);
    let text = vm.to_rust_string(src)?;
    let realm = vm.current_realm();
    vm.eval_script_in(Source::new("evalScript", text), realm)
}

fn detach_array_buffer(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let buffer = args.first().copied().unwrap_or(Value::UNDEFINED);
    if weft::builtins::typed_array::detach(vm, buffer)? {
        return Ok(Value::NULL);
    }
    vm.throw(ErrorKind::Type, "detachArrayBuffer: not an ArrayBuffer")
}

fn gc(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    vm.collect_garbage();
    Ok(Value::UNDEFINED)
}
