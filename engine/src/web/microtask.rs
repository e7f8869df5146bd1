//! `queueMicrotask(callback)`: a job on the calling thread's job queue,
//! run after the current script, job or task like a promise reaction.
//! A callback that throws ends the thread's event loop with that error,
//! as an uncaught exception does (Node's and Deno's behaviour; a browser
//! would report it and go on).

use crate::builtins::arg;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, Job, JsResult, Vm};
use crate::object::JsObject;
use crate::value::Value;

pub(crate) fn install(vm: &mut Vm, global: Gc<JsObject>) {
    vm.define_builtin(global, "queueMicrotask", 1, queue_microtask);
}

fn queue_microtask(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let callback = arg(args, 0);
    if !vm.is_callable(callback) {
        return vm.throw(
            ErrorKind::Type,
            "queueMicrotask: the callback must be a function",
        );
    }
    vm.jobs.push_back(Job {
        func: callback,
        args: Vec::new(),
    });
    Ok(Value::UNDEFINED)
}
