//! `reportError(e)` (HTML): reports an exception as if it were uncaught
//! and goes on. weft has no global `error` event, so reporting is printing:
//! the error console gets `Uncaught <name>: <message>` and the error's
//! stack frames, the same text an uncaught exception ends a program with
//! (`Vm::describe_exception`), and the trace records it as a console line.
//! Nothing is dispatched and nothing is thrown.

use super::require_args;
use crate::builtins::arg;
use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::JsObject;
use crate::value::Value;

pub(crate) fn install(vm: &mut Vm, global: Gc<JsObject>) {
    vm.define_builtin(global, "reportError", 1, report_error);
}

fn report_error(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "reportError")?;
    report(vm, arg(args, 0));
    Ok(Value::UNDEFINED)
}

/// Reports `exception` on the error console (also used for exceptions
/// thrown by event listeners).
pub(crate) fn report(vm: &mut Vm, exception: Value) {
    let text = vm.describe_exception(exception);
    vm.host.clone().print_from(vm.thread.id, &text, true);
    vm.trace_event(crate::trace::EventKind::Console { text, error: true });
}
