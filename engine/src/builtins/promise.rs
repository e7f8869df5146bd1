//! Promise, its job queue hooks, and the await machinery of async
//! functions (plus %AsyncFromSyncIteratorPrototype%).

use parking_lot::Mutex;

use super::{arg, define_tag};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::suspend::ResumeMode;
use crate::interpreter::{ErrorKind, Job, JsResult, Vm};
use crate::object::kind::{BuiltinState, ValueCell};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::string::atom::{names, symbols};
use crate::value::{AtomicValue, Value};

#[derive(Clone, Copy, PartialEq, Eq)]
enum ReactionKind {
    Fulfill,
    Reject,
}

#[derive(Clone, Copy)]
struct Reaction {
    /// The derived promise's capability (undefined for await).
    promise: Value,
    resolve: Value,
    reject: Value,
    handler: Value,
    kind: ReactionKind,
}

enum State {
    Pending(Vec<Reaction>),
    Fulfilled(Value),
    Rejected(Value),
}

/// A promise's internal slots.
pub struct PromiseState {
    state: Mutex<State>,
}

impl Trace for PromiseState {
    fn trace(&self, tracer: &mut Tracer) {
        match &*self.state.lock() {
            State::Pending(reactions) => {
                for r in reactions {
                    tracer.mark_value(r.promise);
                    tracer.mark_value(r.resolve);
                    tracer.mark_value(r.reject);
                    tracer.mark_value(r.handler);
                }
            }
            State::Fulfilled(v) | State::Rejected(v) => tracer.mark_value(*v),
        }
    }
}

impl BuiltinState for PromiseState {
    fn class_name(&self) -> &'static str {
        "Promise"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::PromisePrototype, proto);
    let ctor = vm.define_constructor(global, "Promise", 1, constructor, proto);
    realm.set_intrinsic(Intrinsic::PromiseConstructor, ctor);
    vm.define_builtin(ctor, "resolve", 1, promise_resolve_static);
    vm.define_builtin(ctor, "reject", 1, promise_reject_static);
    vm.define_builtin(ctor, "all", 1, all);
    vm.define_builtin(ctor, "allSettled", 1, all_settled);
    vm.define_builtin(ctor, "any", 1, any);
    vm.define_builtin(ctor, "race", 1, race);
    vm.define_builtin(ctor, "withResolvers", 0, with_resolvers);
    vm.define_builtin(ctor, "try", 1, promise_try);
    vm.define_builtin_accessor(
        ctor,
        PropertyKey::Atom(symbols::SPECIES),
        Some(species),
        None,
        false,
    );
    vm.define_builtin(proto, "then", 2, then);
    vm.define_builtin(proto, "catch", 1, catch);
    vm.define_builtin(proto, "finally", 1, finally);
    define_tag(vm, proto, "Promise");

    let async_iter = realm.intrinsic(Intrinsic::AsyncIteratorPrototype);
    let from_sync = vm.alloc_object(Value::object(async_iter), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::AsyncFromSyncIteratorPrototype, from_sync);
    vm.define_builtin(from_sync, "next", 1, from_sync_next);
    vm.define_builtin(from_sync, "return", 1, from_sync_return);
    vm.define_builtin(from_sync, "throw", 1, from_sync_throw);
}

fn species(_: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(this)
}

fn state_of(v: Value) -> Option<Gc<JsObject>> {
    v.as_object()
        .filter(|o| o.kind.builtin::<PromiseState>().is_some())
}

pub fn is_promise(v: Value) -> bool {
    state_of(v).is_some()
}

fn new_promise_object(vm: &mut Vm, proto: Gc<JsObject>) -> Gc<JsObject> {
    let state = PromiseState {
        state: Mutex::new(State::Pending(Vec::new())),
    };
    vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)))
}

// ----- resolving functions -----

/// CreateResolvingFunctions: (resolve, reject) sharing one
/// "already resolved" flag.
fn create_resolving_functions(vm: &mut Vm, promise: Gc<JsObject>) -> (Value, Value) {
    let flag = vm.alloc_object(
        Value::NULL,
        ObjectKind::Builtin(Box::new(Flag(ValueCell(AtomicValue::new(Value::FALSE))))),
    );
    let data = [Value::object(promise), Value::object(flag)];
    let resolve = vm.new_native(names::EMPTY, 1, resolve_function, false, &data);
    let reject = vm.new_native(names::EMPTY, 1, reject_function, false, &data);
    (Value::object(resolve), Value::object(reject))
}

struct Flag(ValueCell);

impl Trace for Flag {
    fn trace(&self, tracer: &mut Tracer) {
        self.0.trace(tracer);
    }
}

impl BuiltinState for Flag {
    fn class_name(&self) -> &'static str {
        "Flag"
    }
}

/// Sets the shared "already resolved" flag; false if it was set.
fn claim(flag: Value) -> bool {
    let flag = flag.as_object().expect("flag");
    let cell = &flag.kind.builtin::<Flag>().expect("flag").0.0;
    cell.swap(Value::TRUE) == Value::FALSE
}

fn resolve_function(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let promise = vm.native_data(0).as_object().expect("promise");
    if !claim(vm.native_data(1)) {
        return Ok(Value::UNDEFINED);
    }
    resolve_promise(vm, promise, arg(args, 0))?;
    Ok(Value::UNDEFINED)
}

fn reject_function(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let promise = vm.native_data(0).as_object().expect("promise");
    if !claim(vm.native_data(1)) {
        return Ok(Value::UNDEFINED);
    }
    settle(vm, promise, arg(args, 0), ReactionKind::Reject);
    Ok(Value::UNDEFINED)
}

/// The body of a promise resolve function (after the already-resolved
/// check).
fn resolve_promise(vm: &mut Vm, promise: Gc<JsObject>, resolution: Value) -> JsResult<()> {
    if resolution == Value::object(promise) {
        let e = vm.make_error(ErrorKind::Type, "Chaining cycle detected for promise");
        settle(vm, promise, e, ReactionKind::Reject);
        return Ok(());
    }
    let Some(r) = resolution.as_object() else {
        settle(vm, promise, resolution, ReactionKind::Fulfill);
        return Ok(());
    };
    let then = match vm.get(r, PropertyKey::Atom(names::THEN)) {
        Ok(t) => t,
        Err(e) => {
            settle(vm, promise, e, ReactionKind::Reject);
            return Ok(());
        }
    };
    if !vm.is_callable(then) {
        settle(vm, promise, resolution, ReactionKind::Fulfill);
        return Ok(());
    }
    let job = vm.new_native(
        names::EMPTY,
        0,
        resolve_thenable_job,
        false,
        &[Value::object(promise), resolution, then],
    );
    vm.jobs.push_back(Job {
        func: Value::object(job),
        args: Vec::new(),
    });
    Ok(())
}

fn resolve_thenable_job(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let promise = vm.native_data(0).as_object().expect("promise");
    let (thenable, then) = (vm.native_data(1), vm.native_data(2));
    let (resolve, reject) = create_resolving_functions(vm, promise);
    vm.root(resolve);
    vm.root(reject);
    if let Err(e) = vm.call(then, thenable, &[resolve, reject]) {
        vm.call(reject, Value::UNDEFINED, &[e])?;
    }
    Ok(Value::UNDEFINED)
}

/// FulfillPromise / RejectPromise: sets the state and queues reactions.
fn settle(vm: &mut Vm, promise: Gc<JsObject>, value: Value, kind: ReactionKind) {
    let st = promise.kind.builtin::<PromiseState>().expect("promise");
    let reactions = {
        let mut state = st.state.lock();
        let State::Pending(reactions) = std::mem::replace(
            &mut *state,
            if kind == ReactionKind::Fulfill {
                State::Fulfilled(value)
            } else {
                State::Rejected(value)
            },
        ) else {
            unreachable!("settling a settled promise")
        };
        reactions
    };
    for r in reactions.into_iter().filter(|r| r.kind == kind) {
        enqueue_reaction(vm, r, value);
    }
}

fn enqueue_reaction(vm: &mut Vm, r: Reaction, argument: Value) {
    let kind = Value::bool(r.kind == ReactionKind::Fulfill);
    let job = vm.new_native(
        names::EMPTY,
        1,
        reaction_job,
        false,
        &[r.handler, kind, r.promise, r.resolve, r.reject],
    );
    vm.jobs.push_back(Job {
        func: Value::object(job),
        args: vec![argument],
    });
}

/// NewPromiseReactionJob's body.
fn reaction_job(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (handler, fulfill) = (vm.native_data(0), vm.native_data(1) == Value::TRUE);
    let (promise, resolve, reject) = (vm.native_data(2), vm.native_data(3), vm.native_data(4));
    let argument = arg(args, 0);
    let result = if handler.is_undefined() {
        if fulfill { Ok(argument) } else { Err(argument) }
    } else {
        vm.call(handler, Value::UNDEFINED, &[argument])
    };
    if promise.is_undefined() && resolve.is_undefined() {
        return Ok(Value::UNDEFINED);
    }
    match result {
        Ok(v) => vm.call(resolve, Value::UNDEFINED, &[v])?,
        Err(e) => vm.call(reject, Value::UNDEFINED, &[e])?,
    };
    Ok(Value::UNDEFINED)
}

// ----- capabilities -----

/// NewPromiseCapability(%Promise%) without going through JS.
pub fn new_intrinsic_capability(vm: &mut Vm) -> (Value, Value, Value) {
    let proto = vm.current_realm().intrinsic(Intrinsic::PromisePrototype);
    let p = new_promise_object(vm, proto);
    let (resolve, reject) = create_resolving_functions(vm, p);
    (Value::object(p), resolve, reject)
}

/// NewPromiseCapability(C).
pub fn new_capability(vm: &mut Vm, c: Value) -> JsResult<(Value, Value, Value)> {
    if c == vm
        .current_realm()
        .intrinsic_value(Intrinsic::PromiseConstructor)
    {
        return Ok(new_intrinsic_capability(vm));
    }
    if !vm.is_constructor(c) {
        return vm.throw(
            ErrorKind::Type,
            "Promise capability constructor is not a constructor",
        );
    }
    let executor = vm.new_native(
        names::EMPTY,
        2,
        capability_executor,
        false,
        &[Value::UNDEFINED, Value::UNDEFINED],
    );
    vm.root(Value::object(executor));
    let promise = vm.construct(c, &[Value::object(executor)], None)?;
    let ObjectKind::Native(n) = &executor.kind else {
        unreachable!("native")
    };
    let (resolve, reject) = (n.data[0].load(), n.data[1].load());
    if !vm.is_callable(resolve) || !vm.is_callable(reject) {
        return vm.throw(
            ErrorKind::Type,
            "Promise resolve or reject function is not callable",
        );
    }
    Ok((promise, resolve, reject))
}

fn capability_executor(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !vm.native_data(0).is_undefined() || !vm.native_data(1).is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            "Promise executor has already been invoked with non-undefined arguments",
        );
    }
    vm.set_native_data(0, arg(args, 0));
    vm.set_native_data(1, arg(args, 1));
    Ok(Value::UNDEFINED)
}

/// PerformPromiseThen with an optional result capability.
fn perform_then(
    vm: &mut Vm,
    promise: Gc<JsObject>,
    on_fulfilled: Value,
    on_rejected: Value,
    cap: (Value, Value, Value),
) {
    let on_fulfilled = if vm.is_callable(on_fulfilled) {
        on_fulfilled
    } else {
        Value::UNDEFINED
    };
    let on_rejected = if vm.is_callable(on_rejected) {
        on_rejected
    } else {
        Value::UNDEFINED
    };
    let (p, resolve, reject) = cap;
    let fr = Reaction {
        promise: p,
        resolve,
        reject,
        handler: on_fulfilled,
        kind: ReactionKind::Fulfill,
    };
    let rr = Reaction {
        promise: p,
        resolve,
        reject,
        handler: on_rejected,
        kind: ReactionKind::Reject,
    };
    let st = promise.kind.builtin::<PromiseState>().expect("promise");
    let settled = {
        let mut state = st.state.lock();
        match &mut *state {
            State::Pending(reactions) => {
                reactions.push(fr);
                reactions.push(rr);
                None
            }
            State::Fulfilled(v) => Some((fr, *v)),
            State::Rejected(v) => Some((rr, *v)),
        }
    };
    if let Some((r, v)) = settled {
        enqueue_reaction(vm, r, v);
    }
}

/// PerformPromiseThen(promise, onFulfilled, onRejected) with no derived
/// promise (for host callbacks; `promise` must be a promise).
pub fn then_native(vm: &mut Vm, promise: Value, on_fulfilled: Value, on_rejected: Value) {
    if let Some(p) = state_of(promise) {
        perform_then(
            vm,
            p,
            on_fulfilled,
            on_rejected,
            (Value::UNDEFINED, Value::UNDEFINED, Value::UNDEFINED),
        );
    }
}

/// PerformPromiseThen(promise, onFulfilled, onRejected, capability) for a
/// capability made by `new_intrinsic_capability` (`promise` must be a
/// promise).
pub fn then_with_capability(
    vm: &mut Vm,
    promise: Value,
    on_fulfilled: Value,
    on_rejected: Value,
    cap: (Value, Value, Value),
) {
    if let Some(p) = state_of(promise) {
        perform_then(vm, p, on_fulfilled, on_rejected, cap);
    }
}

/// How a promise settled: Some(Ok(value)) fulfilled, Some(Err(reason))
/// rejected, None pending (or not a promise).
pub fn settled(promise: Value) -> Option<Result<Value, Value>> {
    let p = state_of(promise)?;
    match &*p.kind.builtin::<PromiseState>()?.state.lock() {
        State::Pending(_) => None,
        State::Fulfilled(v) => Some(Ok(*v)),
        State::Rejected(v) => Some(Err(*v)),
    }
}

/// PromiseResolve(C, x).
pub fn promise_resolve(vm: &mut Vm, c: Value, x: Value) -> JsResult<Value> {
    if is_promise(x) {
        let ctor = vm.get_value(x, PropertyKey::Atom(names::CONSTRUCTOR))?;
        if ctor == c {
            return Ok(x);
        }
    }
    let (p, resolve, _) = new_capability(vm, c)?;
    vm.root(p);
    vm.call(resolve, Value::UNDEFINED, &[x])?;
    Ok(p)
}

/// A promise rejected with `error`.
pub fn rejected_promise(vm: &mut Vm, error: Value) -> JsResult<Value> {
    let (p, _, reject) = new_intrinsic_capability(vm);
    vm.call(reject, Value::UNDEFINED, &[error])?;
    Ok(p)
}

/// `await v` in async function `owner`: resumes it when v settles.
pub fn await_value(vm: &mut Vm, owner: Value, v: Value) -> JsResult<()> {
    let c = vm
        .current_realm()
        .intrinsic_value(Intrinsic::PromiseConstructor);
    let promise = match promise_resolve(vm, c, v) {
        Ok(p) => p,
        Err(e) => {
            // Resume with the throw right away (as a job, to keep order).
            let job = vm.new_native(names::EMPTY, 1, await_rejected, false, &[owner]);
            vm.jobs.push_back(Job {
                func: Value::object(job),
                args: vec![e],
            });
            return Ok(());
        }
    };
    let on_fulfilled = vm.new_native(names::EMPTY, 1, await_fulfilled, false, &[owner]);
    let on_rejected = vm.new_native(names::EMPTY, 1, await_rejected, false, &[owner]);
    let p = promise.as_object().expect("promise");
    perform_then(
        vm,
        p,
        Value::object(on_fulfilled),
        Value::object(on_rejected),
        (Value::UNDEFINED, Value::UNDEFINED, Value::UNDEFINED),
    );
    Ok(())
}

fn await_fulfilled(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let owner = vm.native_data(0);
    resume_owner(vm, owner, ResumeMode::Next, arg(args, 0))?;
    Ok(Value::UNDEFINED)
}

fn await_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let owner = vm.native_data(0);
    resume_owner(vm, owner, ResumeMode::Throw, arg(args, 0))?;
    Ok(Value::UNDEFINED)
}

fn resume_owner(vm: &mut Vm, owner: Value, mode: ResumeMode, v: Value) -> JsResult<()> {
    if let Some(o) = owner.as_object()
        && o.kind
            .builtin::<crate::interpreter::suspend::AsyncState>()
            .is_some()
    {
        return vm.resume_async(owner, mode, v);
    }
    super::async_generator::resume_after_await(vm, owner, mode, v)
}

// ----- the constructor and statics -----

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            "Promise constructor cannot be invoked without 'new'",
        );
    }
    let executor = arg(args, 0);
    if !vm.is_callable(executor) {
        return vm.throw(ErrorKind::Type, "Promise resolver is not a function");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::PromisePrototype)?;
    let p = new_promise_object(vm, proto);
    vm.root(Value::object(p));
    let (resolve, reject) = create_resolving_functions(vm, p);
    vm.root(resolve);
    vm.root(reject);
    if let Err(e) = vm.call(executor, Value::UNDEFINED, &[resolve, reject]) {
        vm.call(reject, Value::UNDEFINED, &[e])?;
    }
    Ok(Value::object(p))
}

fn promise_resolve_static(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw(ErrorKind::Type, "Promise.resolve called on non-object");
    }
    promise_resolve(vm, this, arg(args, 0))
}

fn promise_reject_static(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (p, _, reject) = new_capability(vm, this)?;
    vm.root(p);
    vm.call(reject, Value::UNDEFINED, &[arg(args, 0)])?;
    Ok(p)
}

fn with_resolvers(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (p, resolve, reject) = new_capability(vm, this)?;
    let o = vm.new_object();
    o.define_own(PropertyKey::from_text("promise"), p, Attributes::DEFAULT);
    o.define_own(
        PropertyKey::Atom(names::RESOLVE),
        resolve,
        Attributes::DEFAULT,
    );
    o.define_own(
        PropertyKey::from_text("reject"),
        reject,
        Attributes::DEFAULT,
    );
    Ok(Value::object(o))
}

/// Promise.try(callback, ...args): a promise of `callback(...args)`'s
/// result or throw.
fn promise_try(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !this.is_object() {
        return vm.throw(ErrorKind::Type, "Promise.try called on a non-object");
    }
    let (p, resolve, reject) = new_capability(vm, this)?;
    vm.root(p);
    vm.root(resolve);
    vm.root(reject);
    let rest = args.get(1..).unwrap_or(&[]);
    match vm.call(arg(args, 0), Value::UNDEFINED, rest) {
        Ok(v) => vm.call(resolve, Value::UNDEFINED, &[v])?,
        Err(e) => vm.call(reject, Value::UNDEFINED, &[e])?,
    };
    Ok(p)
}

/// The species constructor of `o` (default `%Promise%`).
pub fn species_constructor(vm: &mut Vm, o: Gc<JsObject>, default: Value) -> JsResult<Value> {
    let c = vm.get(o, PropertyKey::Atom(names::CONSTRUCTOR))?;
    if c.is_undefined() {
        return Ok(default);
    }
    let Some(co) = c.as_object() else {
        return vm.throw(ErrorKind::Type, "object.constructor is not an object");
    };
    let s = vm.get(co, PropertyKey::Atom(symbols::SPECIES))?;
    if s.is_nullish() {
        return Ok(default);
    }
    if vm.is_constructor(s) {
        return Ok(s);
    }
    vm.throw(
        ErrorKind::Type,
        "object.constructor[Symbol.species] is not a constructor",
    )
}

fn then(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(p) = state_of(this) else {
        return vm.throw(
            ErrorKind::Type,
            "Promise.prototype.then called on incompatible receiver",
        );
    };
    let default = vm
        .current_realm()
        .intrinsic_value(Intrinsic::PromiseConstructor);
    let c = species_constructor(vm, p, default)?;
    let cap = new_capability(vm, c)?;
    perform_then(vm, p, arg(args, 0), arg(args, 1), cap);
    Ok(cap.0)
}

fn invoke_then(
    vm: &mut Vm,
    promise: Value,
    on_fulfilled: Value,
    on_rejected: Value,
) -> JsResult<Value> {
    let t = vm.get_value(promise, PropertyKey::Atom(names::THEN))?;
    vm.call(t, promise, &[on_fulfilled, on_rejected])
}

fn catch(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    invoke_then(vm, this, Value::UNDEFINED, arg(args, 0))
}

fn finally(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(p) = this.as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "Promise.prototype.finally called on non-object",
        );
    };
    let default = vm
        .current_realm()
        .intrinsic_value(Intrinsic::PromiseConstructor);
    let c = species_constructor(vm, p, default)?;
    let on_finally = arg(args, 0);
    if !vm.is_callable(on_finally) {
        return invoke_then(vm, this, on_finally, on_finally);
    }
    let then_finally = vm.new_native(names::EMPTY, 1, then_finally, false, &[on_finally, c]);
    let catch_finally = vm.new_native(names::EMPTY, 1, catch_finally, false, &[on_finally, c]);
    invoke_then(
        vm,
        this,
        Value::object(then_finally),
        Value::object(catch_finally),
    )
}

fn then_finally(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (on_finally, c) = (vm.native_data(0), vm.native_data(1));
    let result = vm.call(on_finally, Value::UNDEFINED, &[])?;
    vm.root(result);
    let p = promise_resolve(vm, c, result)?;
    let value_thunk = vm.new_native(names::EMPTY, 0, return_data, false, &[arg(args, 0)]);
    invoke_then(vm, p, Value::object(value_thunk), Value::UNDEFINED)
}

fn catch_finally(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (on_finally, c) = (vm.native_data(0), vm.native_data(1));
    let result = vm.call(on_finally, Value::UNDEFINED, &[])?;
    vm.root(result);
    let p = promise_resolve(vm, c, result)?;
    let thrower = vm.new_native(names::EMPTY, 0, throw_data, false, &[arg(args, 0)]);
    invoke_then(vm, p, Value::object(thrower), Value::UNDEFINED)
}

fn return_data(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(vm.native_data(0))
}

fn throw_data(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Err(vm.native_data(0))
}

/// Which combinator Promise.all/allSettled/any/race is running.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Combinator {
    All,
    AllSettled,
    Any,
    Race,
}

fn combinator(vm: &mut Vm, this: Value, iterable: Value, which: Combinator) -> JsResult<Value> {
    let (p, resolve, reject) = new_capability(vm, this)?;
    vm.root(p);
    vm.root(resolve);
    vm.root(reject);
    match combinator_body(vm, this, iterable, which, (p, resolve, reject)) {
        Ok(v) => Ok(v),
        Err(e) => {
            vm.call(reject, Value::UNDEFINED, &[e])?;
            Ok(p)
        }
    }
}

fn combinator_body(
    vm: &mut Vm,
    c: Value,
    iterable: Value,
    which: Combinator,
    cap: (Value, Value, Value),
) -> JsResult<Value> {
    let (p, resolve, reject) = cap;
    let resolve_fn = vm.get_value(c, PropertyKey::Atom(names::RESOLVE))?;
    if !vm.is_callable(resolve_fn) {
        return vm.throw(ErrorKind::Type, "Promise resolve is not a function");
    }
    let record = vm.get_iterator_value(iterable, false)?;
    vm.root(record);
    let values = vm.new_array_from(&[]);
    vm.root(Value::object(values));
    // remaining starts at 1 and is decremented at the end.
    let remaining = vm.alloc_object(
        Value::NULL,
        ObjectKind::Builtin(Box::new(Flag(ValueCell(AtomicValue::new(Value::int(1)))))),
    );
    vm.root(Value::object(remaining));
    let mut index: u32 = 0;
    loop {
        let next = vm.iterator_step_value(record)?;
        let Some(next) = next else { break };
        let step = (|| -> JsResult<()> {
            if which != Combinator::Race {
                values.push_element(Value::UNDEFINED);
            }
            let next_promise = vm.call(resolve_fn, c, &[next])?;
            vm.root(next_promise);
            let data = [
                Value::object(values),
                Value::int(index as i32),
                Value::object(remaining),
                resolve,
                reject,
                Value::FALSE,
            ];
            let (on_f, on_r) = match which {
                Combinator::All => (
                    Value::object(vm.new_native(
                        names::EMPTY,
                        1,
                        all_resolve_element,
                        false,
                        &data,
                    )),
                    reject,
                ),
                Combinator::AllSettled => (
                    Value::object(vm.new_native(
                        names::EMPTY,
                        1,
                        settled_fulfilled_element,
                        false,
                        &data,
                    )),
                    Value::object(vm.new_native(
                        names::EMPTY,
                        1,
                        settled_rejected_element,
                        false,
                        &data,
                    )),
                ),
                Combinator::Any => (
                    resolve,
                    Value::object(vm.new_native(names::EMPTY, 1, any_reject_element, false, &data)),
                ),
                Combinator::Race => (resolve, reject),
            };
            if which != Combinator::Race {
                bump(remaining, 1);
            }
            invoke_then(vm, next_promise, on_f, on_r)?;
            Ok(())
        })();
        if let Err(e) = step {
            vm.iterator_close_value(record, true)?;
            return Err(e);
        }
        index += 1;
    }
    if which != Combinator::Race && bump(remaining, -1) == 0 {
        match which {
            Combinator::Any => {
                let e = aggregate_error(vm, values)?;
                vm.call(reject, Value::UNDEFINED, &[e])?;
            }
            _ => {
                vm.call(resolve, Value::UNDEFINED, &[Value::object(values)])?;
            }
        }
    }
    Ok(p)
}

fn bump(counter: Gc<JsObject>, delta: i32) -> i32 {
    let cell = &counter.kind.builtin::<Flag>().expect("counter").0.0;
    let v = cell.load().as_int().unwrap_or(0) + delta;
    cell.store(Value::int(v));
    v
}

fn aggregate_error(vm: &mut Vm, errors: Gc<JsObject>) -> JsResult<Value> {
    let e = vm.make_error(ErrorKind::Aggregate, "All promises were rejected");
    let o = e.as_object().expect("error");
    let list = vm.new_array_from(
        &(0..errors.length())
            .map(|i| errors.get_element(i).map_or(Value::UNDEFINED, |(v, _)| v))
            .collect::<Vec<_>>(),
    );
    o.define_own(
        PropertyKey::Atom(names::ERRORS),
        Value::object(list),
        Attributes::HIDDEN,
    );
    Ok(e)
}

/// Marks an element function as called; false if it already was.
fn element_once(vm: &mut Vm) -> bool {
    if vm.native_data(5) == Value::TRUE {
        return false;
    }
    vm.set_native_data(5, Value::TRUE);
    true
}

fn store_element(vm: &mut Vm, v: Value) -> JsResult<Option<Gc<JsObject>>> {
    let values = vm.native_data(0).as_object().expect("values");
    let index = vm.native_data(1).as_int().unwrap_or(0) as u32;
    values.define_own(PropertyKey::Index(index), v, Attributes::DEFAULT);
    let remaining = vm.native_data(2).as_object().expect("remaining");
    Ok((bump(remaining, -1) == 0).then_some(values))
}

fn all_resolve_element(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !element_once(vm) {
        return Ok(Value::UNDEFINED);
    }
    if let Some(values) = store_element(vm, arg(args, 0))? {
        let resolve = vm.native_data(3);
        vm.call(resolve, Value::UNDEFINED, &[Value::object(values)])?;
    }
    Ok(Value::UNDEFINED)
}

fn settled_element(vm: &mut Vm, v: Value, fulfilled: bool) -> JsResult<Value> {
    if !element_once(vm) {
        return Ok(Value::UNDEFINED);
    }
    let o = vm.new_object();
    let status = vm.string_value(if fulfilled { "fulfilled" } else { "rejected" });
    o.define_own(
        PropertyKey::Atom(names::STATUS),
        status,
        Attributes::DEFAULT,
    );
    o.define_own(
        PropertyKey::Atom(if fulfilled {
            names::VALUE
        } else {
            names::REASON
        }),
        v,
        Attributes::DEFAULT,
    );
    if let Some(values) = store_element(vm, Value::object(o))? {
        let resolve = vm.native_data(3);
        vm.call(resolve, Value::UNDEFINED, &[Value::object(values)])?;
    }
    Ok(Value::UNDEFINED)
}

fn settled_fulfilled_element(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    settled_element(vm, arg(args, 0), true)
}

fn settled_rejected_element(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    settled_element(vm, arg(args, 0), false)
}

fn any_reject_element(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    if !element_once(vm) {
        return Ok(Value::UNDEFINED);
    }
    if let Some(errors) = store_element(vm, arg(args, 0))? {
        let e = aggregate_error(vm, errors)?;
        let reject = vm.native_data(4);
        vm.call(reject, Value::UNDEFINED, &[e])?;
    }
    Ok(Value::UNDEFINED)
}

fn all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::All)
}

fn all_settled(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::AllSettled)
}

fn any(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::Any)
}

fn race(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    combinator(vm, this, arg(args, 0), Combinator::Race)
}

// ----- %AsyncFromSyncIteratorPrototype% -----

/// CreateAsyncFromSyncIterator: wraps a sync iterator record; returns an
/// (async) iterator record.
pub fn async_from_sync_iterator(vm: &mut Vm, sync_record: Value) -> JsResult<Value> {
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::AsyncFromSyncIteratorPrototype);
    let o = vm.alloc_object(Value::object(proto), ObjectKind::Ordinary);
    o.define_own(
        PropertyKey::Atom(Atom::intern_str("[[SyncIteratorRecord]]")),
        sync_record,
        Attributes::FROZEN,
    );
    let next = vm.get(o, PropertyKey::Atom(names::NEXT))?;
    Ok(vm.make_iterator_record(Value::object(o), next))
}

fn sync_record_of(this: Value) -> Option<Value> {
    this.as_object()?
        .get_own(PropertyKey::Atom(Atom::intern_str(
            "[[SyncIteratorRecord]]",
        )))
        .map(|(v, _)| v)
}

/// AsyncFromSyncIteratorContinuation.
fn continuation(
    vm: &mut Vm,
    result: Value,
    sync_record: Value,
    close_on_rejection: bool,
) -> JsResult<Value> {
    let (done, value) = vm.iterator_unpack(result, crate::bytecode::UnpackValue::WhileNotDone)?;
    let c = vm
        .current_realm()
        .intrinsic_value(Intrinsic::PromiseConstructor);
    let wrapped = match promise_resolve(vm, c, value) {
        Ok(w) => w,
        Err(e) => {
            if !done && close_on_rejection {
                vm.iterator_close_value(sync_record, true)?;
            }
            return Err(e);
        }
    };
    let unwrap = vm.new_native(
        names::EMPTY,
        1,
        unwrap_iter_result,
        false,
        &[Value::bool(done)],
    );
    let on_rejected = if done || !close_on_rejection {
        Value::UNDEFINED
    } else {
        Value::object(vm.new_native(names::EMPTY, 1, close_then_throw, false, &[sync_record]))
    };
    invoke_then(vm, wrapped, Value::object(unwrap), on_rejected)
}

fn unwrap_iter_result(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let done = vm.native_data(0) == Value::TRUE;
    Ok(Value::object(vm.iter_result(arg(args, 0), done)))
}

fn close_then_throw(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let record = vm.native_data(0);
    vm.iterator_close_value(record, true)?;
    Err(arg(args, 0))
}

fn with_capability(vm: &mut Vm, f: impl FnOnce(&mut Vm) -> JsResult<Value>) -> JsResult<Value> {
    let (p, resolve, reject) = new_intrinsic_capability(vm);
    vm.root(p);
    match f(vm) {
        Ok(v) => vm.call(resolve, Value::UNDEFINED, &[v])?,
        Err(e) => vm.call(reject, Value::UNDEFINED, &[e])?,
    };
    Ok(p)
}

fn from_sync_next(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let record = sync_record_of(this).unwrap_or(Value::UNDEFINED);
    let has_arg = !args.is_empty();
    let v = arg(args, 0);
    with_capability(vm, |vm| {
        let r = vm.record_parts(record)?;
        let result = if has_arg {
            vm.call(r.1, r.0, &[v])?
        } else {
            vm.call(r.1, r.0, &[])?
        };
        if !result.is_object() {
            return vm.throw(ErrorKind::Type, "Iterator result is not an object");
        }
        continuation(vm, result, record, true)
    })
}

fn from_sync_return(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let record = sync_record_of(this).unwrap_or(Value::UNDEFINED);
    let has_arg = !args.is_empty();
    let v = arg(args, 0);
    with_capability(vm, |vm| {
        let (it, _) = vm.record_parts(record)?;
        let Some(ret) = vm.get_method(it, PropertyKey::Atom(names::RETURN))? else {
            return Ok(Value::object(vm.iter_result(v, true)));
        };
        let result = if has_arg {
            vm.call(ret, it, &[v])?
        } else {
            vm.call(ret, it, &[])?
        };
        if !result.is_object() {
            return vm.throw(ErrorKind::Type, "Iterator result is not an object");
        }
        continuation(vm, result, record, false)
    })
}

fn from_sync_throw(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let record = sync_record_of(this).unwrap_or(Value::UNDEFINED);
    let v = arg(args, 0);
    with_capability(vm, |vm| {
        let (it, _) = vm.record_parts(record)?;
        let Some(throw) = vm.get_method(it, PropertyKey::Atom(names::THROW))? else {
            vm.iterator_close_value(record, false)?;
            return vm.throw(
                ErrorKind::Type,
                "The iterator does not provide a 'throw' method",
            );
        };
        let result = vm.call(throw, it, &[v])?;
        if !result.is_object() {
            return vm.throw(ErrorKind::Type, "Iterator result is not an object");
        }
        continuation(vm, result, record, true)
    })
}
