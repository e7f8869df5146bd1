//! Async generators: the request queue and its driver
//! (%AsyncGeneratorPrototype%, %AsyncGeneratorFunction%).

use std::collections::VecDeque;

use parking_lot::Mutex;

use super::function::{DynamicKind, create_dynamic_function};
use super::{arg, define_tag};
use crate::bytecode::Insn;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::suspend::ResumeMode;
use crate::interpreter::{Completion, ErrorKind, JsResult, SuspendedFrame, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::names;
use crate::value::Value;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    SuspendedStart,
    SuspendedYield,
    Executing,
    /// Waiting on an `await` inside the body.
    Awaiting,
    /// Awaiting the value of a `return` request after completion.
    AwaitingReturn,
    Completed,
}

struct Request {
    mode: ResumeMode,
    value: Value,
    resolve: Value,
    reject: Value,
}

pub struct AsyncGenerator {
    state: Mutex<State>,
    frame: Mutex<Option<SuspendedFrame>>,
    queue: Mutex<VecDeque<Request>>,
}

impl Trace for AsyncGenerator {
    fn trace(&self, tracer: &mut Tracer) {
        if let Some(f) = &*self.frame.lock() {
            f.trace(tracer);
        }
        for r in self.queue.lock().iter() {
            tracer.mark_value(r.value);
            tracer.mark_value(r.resolve);
            tracer.mark_value(r.reject);
        }
    }
}

impl BuiltinState for AsyncGenerator {
    fn class_name(&self) -> &'static str {
        "AsyncGenerator"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, _global: Gc<JsObject>) {
    let function_proto = realm.intrinsic(Intrinsic::FunctionPrototype);
    let function_ctor = realm.intrinsic(Intrinsic::FunctionConstructor);
    let async_iter_proto = realm.intrinsic(Intrinsic::AsyncIteratorPrototype);
    let fn_proto = vm.alloc_object(Value::object(function_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::AsyncGeneratorFunctionPrototype, fn_proto);
    let proto = vm.alloc_object(Value::object(async_iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::AsyncGeneratorPrototype, proto);
    fn_proto.define_own(
        PropertyKey::Atom(names::PROTOTYPE),
        Value::object(proto),
        Attributes::CONFIGURABLE_ONLY,
    );
    proto.define_own(
        PropertyKey::Atom(names::CONSTRUCTOR),
        Value::object(fn_proto),
        Attributes::CONFIGURABLE_ONLY,
    );
    define_tag(vm, fn_proto, "AsyncGeneratorFunction");
    define_tag(vm, proto, "AsyncGenerator");
    vm.define_builtin(proto, "next", 1, next);
    vm.define_builtin(proto, "return", 1, return_);
    vm.define_builtin(proto, "throw", 1, throw);
    let ctor = vm.new_native(
        crate::string::Atom::intern_str("AsyncGeneratorFunction"),
        1,
        constructor,
        true,
        &[],
    );
    ctor.set_proto(Value::object(function_ctor));
    ctor.define_own(
        PropertyKey::Atom(names::PROTOTYPE),
        Value::object(fn_proto),
        Attributes::FROZEN,
    );
    fn_proto.define_own(
        PropertyKey::Atom(names::CONSTRUCTOR),
        Value::object(ctor),
        Attributes::CONFIGURABLE_ONLY,
    );
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    create_dynamic_function(vm, args, DynamicKind::AsyncGenerator, new_target)
}

/// Creates the generator object at `GeneratorStart`.
pub fn create(vm: &mut Vm, proto: Gc<JsObject>, frame: SuspendedFrame) -> Gc<JsObject> {
    let state = AsyncGenerator {
        state: Mutex::new(State::SuspendedStart),
        frame: Mutex::new(Some(frame)),
        queue: Mutex::new(VecDeque::new()),
    };
    vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)))
}

/// Stores a suspended frame (called by the interpreter on suspension).
pub fn store_frame(owner: Gc<JsObject>, frame: SuspendedFrame) -> bool {
    match owner.kind.builtin::<AsyncGenerator>() {
        Some(g) => {
            *g.frame.lock() = Some(frame);
            true
        }
        None => false,
    }
}

fn enqueue(vm: &mut Vm, this: Value, mode: ResumeMode, value: Value) -> JsResult<Value> {
    let (promise, resolve, reject) = super::promise::new_intrinsic_capability(vm);
    let Some(generator) = this
        .as_object()
        .filter(|o| o.kind.builtin::<AsyncGenerator>().is_some())
    else {
        let e = vm.make_error(
            ErrorKind::Type,
            "AsyncGenerator method called on incompatible receiver",
        );
        vm.call(reject, Value::UNDEFINED, &[e])?;
        return Ok(promise);
    };
    let g = generator.kind.builtin::<AsyncGenerator>().expect("checked");
    g.queue.lock().push_back(Request {
        mode,
        value,
        resolve,
        reject,
    });
    let idle = !matches!(
        *g.state.lock(),
        State::Executing | State::Awaiting | State::AwaitingReturn
    );
    if idle {
        vm.root(promise);
        drain(vm, generator)?;
    }
    Ok(promise)
}

fn next(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    enqueue(vm, this, ResumeMode::Next, arg(args, 0))
}

fn return_(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    enqueue(vm, this, ResumeMode::Return, arg(args, 0))
}

fn throw(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    enqueue(vm, this, ResumeMode::Throw, arg(args, 0))
}

/// Settles the front request and removes it.
fn complete_front(
    vm: &mut Vm,
    generator: Gc<JsObject>,
    result: Result<(Value, bool), Value>,
) -> JsResult<()> {
    let g = generator
        .kind
        .builtin::<AsyncGenerator>()
        .expect("async generator");
    let Some(req) = g.queue.lock().pop_front() else {
        return Ok(());
    };
    match result {
        Ok((v, done)) => {
            let r = vm.iter_result(v, done);
            vm.call(req.resolve, Value::UNDEFINED, &[Value::object(r)])?;
        }
        Err(e) => {
            vm.call(req.reject, Value::UNDEFINED, &[e])?;
        }
    }
    Ok(())
}

/// Runs queued requests while the generator is not busy.
fn drain(vm: &mut Vm, generator: Gc<JsObject>) -> JsResult<()> {
    loop {
        let g = generator
            .kind
            .builtin::<AsyncGenerator>()
            .expect("async generator");
        let Some((mode, value)) = g.queue.lock().front().map(|r| (r.mode, r.value)) else {
            return Ok(());
        };
        let state = *g.state.lock();
        match state {
            State::Executing | State::Awaiting | State::AwaitingReturn => return Ok(()),
            State::SuspendedStart if mode != ResumeMode::Next => {
                *g.state.lock() = State::Completed;
                continue;
            }
            State::Completed => match mode {
                ResumeMode::Next => complete_front(vm, generator, Ok((Value::UNDEFINED, true)))?,
                ResumeMode::Throw => complete_front(vm, generator, Err(value))?,
                ResumeMode::Return => {
                    *g.state.lock() = State::AwaitingReturn;
                    let c = vm
                        .current_realm()
                        .intrinsic_value(Intrinsic::PromiseConstructor);
                    match super::promise::promise_resolve(vm, c, value) {
                        Ok(p) => {
                            let on_f = vm.new_native(
                                names::EMPTY,
                                1,
                                return_fulfilled,
                                false,
                                &[Value::object(generator)],
                            );
                            let on_r = vm.new_native(
                                names::EMPTY,
                                1,
                                return_rejected,
                                false,
                                &[Value::object(generator)],
                            );
                            let then = vm.get_value(p, PropertyKey::Atom(names::THEN))?;
                            vm.call(then, p, &[Value::object(on_f), Value::object(on_r)])?;
                            return Ok(());
                        }
                        Err(e) => {
                            *g.state.lock() = State::Completed;
                            complete_front(vm, generator, Err(e))?;
                        }
                    }
                }
            },
            State::SuspendedStart | State::SuspendedYield => {
                *g.state.lock() = State::Executing;
                let frame = g.frame.lock().take().expect("suspended frame");
                let r = vm.resume_frame(frame, Value::object(generator), mode, value);
                after_run(vm, generator, r)?;
            }
        }
    }
}

fn return_fulfilled(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let generator = vm.native_data(0).as_object().expect("generator");
    *generator
        .kind
        .builtin::<AsyncGenerator>()
        .expect("async generator")
        .state
        .lock() = State::Completed;
    complete_front(vm, generator, Ok((arg(args, 0), true)))?;
    drain(vm, generator)?;
    Ok(Value::UNDEFINED)
}

fn return_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let generator = vm.native_data(0).as_object().expect("generator");
    *generator
        .kind
        .builtin::<AsyncGenerator>()
        .expect("async generator")
        .state
        .lock() = State::Completed;
    complete_front(vm, generator, Err(arg(args, 0)))?;
    drain(vm, generator)?;
    Ok(Value::UNDEFINED)
}

/// Handles how a run of the body ended.
fn after_run(vm: &mut Vm, generator: Gc<JsObject>, r: JsResult<Completion>) -> JsResult<()> {
    let g = generator
        .kind
        .builtin::<AsyncGenerator>()
        .expect("async generator");
    match r {
        Ok(Completion::Suspend(v)) => {
            let at_await = g
                .frame
                .lock()
                .as_ref()
                .is_some_and(|f| matches!(f.suspended_instruction(), Insn::Await { .. }));
            if at_await {
                *g.state.lock() = State::Awaiting;
                super::promise::await_value(vm, Value::object(generator), v)?;
            } else {
                *g.state.lock() = State::SuspendedYield;
                complete_front(vm, generator, Ok((v, false)))?;
            }
        }
        Ok(Completion::Return(v)) => {
            *g.state.lock() = State::Completed;
            complete_front(vm, generator, Ok((v, true)))?;
        }
        Err(e) => {
            *g.state.lock() = State::Completed;
            complete_front(vm, generator, Err(e))?;
        }
    }
    Ok(())
}

/// Resumes the body after an `await` settled.
pub fn resume_after_await(
    vm: &mut Vm,
    owner: Value,
    mode: ResumeMode,
    value: Value,
) -> JsResult<()> {
    let generator = owner.as_object().expect("async generator");
    let g = generator
        .kind
        .builtin::<AsyncGenerator>()
        .expect("async generator");
    let Some(frame) = g.frame.lock().take() else {
        return Ok(());
    };
    *g.state.lock() = State::Executing;
    let r = vm.resume_frame(frame, owner, mode, value);
    after_run(vm, generator, r)?;
    drain(vm, generator)
}
