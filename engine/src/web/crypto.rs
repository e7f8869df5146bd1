//! The `crypto` global (Web Crypto, without `crypto.subtle`, which is out
//! of scope and left undefined): `getRandomValues` fills an integer typed
//! array from the OS random source (`getrandom`) and `randomUUID` makes a
//! version 4 UUID from it. `crypto` is a plain object whose methods check
//! nothing about `this` (the Crypto interface is not exposed).

use super::dom_exception::throw_dom;
use super::{buffer_source, require_args};
use crate::builtins::typed_array::{self, Elem};
use crate::builtins::{arg, define_tag};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, PropertyKey};
use crate::realm::Realm;
use crate::value::Value;

/// The most bytes one getRandomValues call may fill.
const QUOTA: usize = 65_536;

pub(crate) fn install(vm: &mut Vm, _realm: Gc<Realm>, global: Gc<JsObject>) {
    let crypto = vm.new_object();
    vm.define_builtin(crypto, "getRandomValues", 1, get_random_values);
    vm.define_builtin(crypto, "randomUUID", 0, random_uuid);
    define_tag(vm, crypto, "Crypto");
    global.define_own(
        PropertyKey::from_text("crypto"),
        Value::object(crypto),
        Attributes::HIDDEN,
    );
}

/// Random bytes from the OS, or an error naming `api`.
fn random_bytes(vm: &mut Vm, n: usize, api: &str) -> JsResult<Vec<u8>> {
    let mut bytes = vec![0u8; n];
    // Drawn from the schedule's seed in scheduled mode, for exact replay.
    if let Some(s) = &vm.engine.threads.scheduler {
        for chunk in bytes.chunks_mut(8) {
            let r = s.random_u64().to_le_bytes();
            chunk.copy_from_slice(&r[..chunk.len()]);
        }
        return Ok(bytes);
    }
    if let Err(e) = getrandom::getrandom(&mut bytes) {
        return throw_dom(
            vm,
            "OperationError",
            &format!("{api}: no random source is available ({e})"),
        );
    }
    Ok(bytes)
}

fn get_random_values(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "crypto.getRandomValues")?;
    let array = arg(args, 0);
    let Some(st) = array.as_object().and_then(typed_array::state_of) else {
        return vm.throw(
            ErrorKind::Type,
            "crypto.getRandomValues: the argument is not a typed array",
        );
    };
    if matches!(st.elem, Elem::F16 | Elem::F32 | Elem::F64) {
        return throw_dom(
            vm,
            "TypeMismatchError",
            "crypto.getRandomValues: the array is a floating-point typed array",
        );
    }
    let view = buffer_source(array).expect("typed array");
    if view.len > QUOTA {
        return throw_dom(
            vm,
            "QuotaExceededError",
            &format!(
                "crypto.getRandomValues: the array's byte length ({}) exceeds the number of bytes of entropy available via this API ({QUOTA})",
                view.len
            ),
        );
    }
    let bytes = random_bytes(vm, view.len, "crypto.getRandomValues")?;
    view.write(&bytes);
    Ok(array)
}

fn random_uuid(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let mut b = random_bytes(vm, 16, "crypto.randomUUID")?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
    let text = format!(
        "{}-{}-{}-{}-{}",
        hex[0..4].concat(),
        hex[4..6].concat(),
        hex[6..8].concat(),
        hex[8..10].concat(),
        hex[10..16].concat()
    );
    Ok(vm.string_value(&text))
}
