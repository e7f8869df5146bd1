//! `performance`: `now()` in milliseconds since the engine started
//! (monotonic, sub-millisecond, the same origin on every thread),
//! `timeOrigin` (the wall-clock time of that start) and `toJSON()`.
//! User timing (`mark`, `measure`) is not provided.

use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::{Attributes, JsObject, PropertyKey};
use crate::realm::Realm;
use crate::value::Value;

pub(crate) fn install(vm: &mut Vm, _realm: Gc<Realm>, global: Gc<JsObject>) {
    let performance = vm.new_object();
    vm.define_builtin(performance, "now", 0, now);
    vm.define_builtin(performance, "toJSON", 0, to_json);
    let origin = vm.engine.time_origin;
    vm.define_value(
        performance,
        PropertyKey::from_text("timeOrigin"),
        Value::number(origin),
        Attributes::new(false, true, true),
    );
    vm.define_value(
        global,
        PropertyKey::from_text("performance"),
        Value::object(performance),
        Attributes::HIDDEN,
    );
}

/// Milliseconds since the engine started, from the monotonic clock.
pub fn now_ms(vm: &Vm) -> f64 {
    (vm.engine.monotonic_ms() - vm.engine.started_monotonic).max(0.0)
}

fn now(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::number(now_ms(vm)))
}

fn to_json(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.new_object();
    let origin = vm.engine.time_origin;
    vm.define_value(
        o,
        PropertyKey::from_text("timeOrigin"),
        Value::number(origin),
        Attributes::DEFAULT,
    );
    Ok(Value::object(o))
}
