//! Thread, ThreadLocal and Thread.restrict (docs/threads.md), with the
//! `threads` feature.
//!
//! `new Thread(fn, ...args)` registers a JS thread with the engine
//! (`threads/`), hands its start to a pooled host thread, and returns the
//! Thread object; the new thread runs `fn(...args)` in the creator's realm,
//! then its event loop (so an async `fn` settles before the thread ends),
//! and stores the outcome in the Thread object for `join`.

use std::sync::Arc;

use super::{arg, define_tag, promise};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, Host, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::threads::{PendingOp, ThreadRecord, WaitFor, pool};
use crate::trace::EventKind;
use crate::value::{AtomicValue, Value};

/// A Thread object's state.
pub struct ThreadState {
    pub record: Arc<ThreadRecord>,
    func: Value,
    args: Box<[Value]>,
    /// The return value, or the thrown value once `record` has failed.
    outcome: AtomicValue,
}

impl Trace for ThreadState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.func);
        self.args.trace(tracer);
        tracer.mark_value(self.outcome.load());
    }
}

impl BuiltinState for ThreadState {
    fn class_name(&self) -> &'static str {
        "Thread"
    }
}

/// A ThreadLocal's identity.
struct ThreadLocalState {
    id: u64,
}

impl Trace for ThreadLocalState {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for ThreadLocalState {
    fn class_name(&self) -> &'static str {
        "ThreadLocal"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);

    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::ThreadPrototype, proto);
    let ctor = vm.define_constructor(global, "Thread", 1, thread_constructor, proto);
    vm.define_builtin(proto, "join", 0, thread_join);
    vm.define_builtin(proto, "asyncJoin", 0, thread_async_join);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::from_text("id"),
        Some(thread_id),
        None,
        false,
    );
    define_tag(vm, proto, "Thread");
    vm.define_builtin_accessor(
        ctor,
        PropertyKey::from_text("current"),
        Some(thread_current),
        None,
        false,
    );
    vm.define_builtin(ctor, "restrict", 1, thread_restrict);

    let tl_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::ThreadLocalPrototype, tl_proto);
    vm.define_constructor(global, "ThreadLocal", 0, thread_local_constructor, tl_proto);
    vm.define_builtin_accessor(
        tl_proto,
        PropertyKey::from_text("value"),
        Some(thread_local_get),
        Some(thread_local_set),
        false,
    );
    define_tag(vm, tl_proto, "ThreadLocal");
}

fn require_new(vm: &mut Vm, new_target: Value, name: &str) -> JsResult<()> {
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            &format!("Constructor {name} requires 'new'"),
        );
    }
    Ok(())
}

fn thread_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    require_new(vm, new_target, "Thread")?;
    let func = arg(args, 0);
    if !vm.is_callable(func) {
        return vm.throw(
            ErrorKind::Type,
            "new Thread(fn, ...args): fn must be a function",
        );
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::ThreadPrototype)?;
    let engine = vm.engine.clone();
    let limit = engine
        .config
        .max_threads
        .unwrap_or(crate::engine::MAX_LIVE_THREADS);
    let Some(record) = engine.threads.try_register(limit) else {
        return vm.throw(
            ErrorKind::Range,
            &format!(
                "new Thread: too many live threads (the limit is {limit}, the main thread included); \
                 join or end some first"
            ),
        );
    };
    let obj = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(ThreadState {
            record: record.clone(),
            func,
            args: args.iter().skip(1).copied().collect(),
            outcome: AtomicValue::new(Value::UNDEFINED),
        })),
    );
    engine.threads.set_object(record.id, Value::object(obj));
    vm.trace_event(EventKind::ThreadCreated { child: record.id });
    let host = vm.host.clone();
    let realm = vm.current_realm();
    let started = record.clone();
    vm.sched_add_thread(&record);
    if let Some(r) = &vm.engine.threads.races {
        r.fork(vm.thread.id, record.id);
    }
    let spawned = pool::spawn(Box::new(move || run_thread(engine, host, realm, started)));
    if let Err(message) = spawned {
        if let Some(s) = &vm.engine.threads.scheduler {
            s.remove(record.id);
        }
        vm.engine.threads.finish(&record, Value::UNDEFINED, false);
        record
            .observed
            .store(true, std::sync::atomic::Ordering::Relaxed);
        return vm.throw(ErrorKind::Range, &format!("new Thread: {message}"));
    }
    Ok(Value::object(obj))
}

/// The body of a JS thread, on its pooled host thread.
fn run_thread(
    engine: Arc<crate::engine::Engine>,
    host: Arc<dyn Host>,
    realm: Gc<Realm>,
    record: Arc<ThreadRecord>,
) {
    let mut vm = Vm::for_thread(engine.clone(), host, Some(realm), record.clone());
    // The registry roots the Thread object until `finish`.
    let object = engine.threads.object_of(record.id);
    vm.thread_object = object;
    vm.trace_event(EventKind::ThreadStarted);
    let thread = thread_object(object).expect("a Thread object");
    let (func, args) = {
        let st = state(&thread);
        (st.func, st.args.to_vec())
    };
    let result = vm
        .safepoint()
        .and_then(|_| vm.call(func, Value::UNDEFINED, &args))
        .and_then(|v| settle_result(&mut vm, v));
    let (value, ok) = match result {
        Ok(v) => (v, true),
        Err(e) => (e, false),
    };
    if !ok && value != Value::TERMINATE {
        let text = vm.describe_exception(value);
        *record.failure.lock() = Some(text);
    }
    state(&thread).outcome.store(value);
    if let Some(r) = &engine.threads.races {
        r.end(record.id);
    }
    vm.trace_event(if ok {
        EventKind::ThreadFinished
    } else {
        EventKind::ThreadFailed
    });
    engine.threads.finish(&record, value, ok);
}

/// Runs the thread's event loop; an async `fn`'s promise gives the
/// thread's outcome once it settles.
fn settle_result(vm: &mut Vm, v: Value) -> JsResult<Value> {
    vm.root(v);
    vm.run_event_loop_until(|_| promise::settled(v).is_some())?;
    let outcome = match promise::settled(v) {
        Some(Ok(x)) => Ok(x),
        Some(Err(e)) => Err(e),
        None => Ok(v),
    };
    vm.run_event_loop()?;
    outcome
}

/// `v` if it is a Thread object.
fn thread_object(v: Value) -> Option<Gc<JsObject>> {
    v.as_object()
        .filter(|o| o.kind.builtin::<ThreadState>().is_some())
}

/// The state of a Thread object (checked by `thread_object`).
fn state(thread: &Gc<JsObject>) -> &ThreadState {
    thread
        .kind
        .builtin::<ThreadState>()
        .expect("a Thread object")
}

fn this_thread(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    match thread_object(this) {
        Some(t) => Ok(t),
        None => vm.throw(
            ErrorKind::Type,
            &format!("Thread.prototype.{method} called on an incompatible receiver"),
        ),
    }
}

fn thread_join(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let thread = this_thread(vm, this, "join")?;
    let record = state(&thread).record.clone();
    if record.id == vm.thread.id {
        return vm.throw(
            ErrorKind::Error,
            "Thread.prototype.join: a thread cannot join itself",
        );
    }
    record
        .observed
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let target = record.clone();
    vm.block_until(WaitFor::Join(record.clone()), None, || {
        target.is_finished().then_some(())
    })?;
    if let Some(r) = &vm.engine.threads.races {
        r.join(vm.thread.id, record.id);
    }
    let v = state(&thread).outcome.load();
    if record.has_failed() { Err(v) } else { Ok(v) }
}

fn thread_async_join(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let thread = this_thread(vm, this, "asyncJoin")?;
    let (p, resolve, reject) = promise::new_intrinsic_capability(vm);
    let record = state(&thread).record.clone();
    if record.id == vm.thread.id {
        let e = vm.make_error(
            ErrorKind::Error,
            "Thread.prototype.asyncJoin: a thread cannot join itself",
        );
        vm.call(reject, Value::UNDEFINED, &[e])?;
        return Ok(p);
    }
    record
        .observed
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let op = vm.thread.add_pending(PendingOp {
        on_ok: resolve,
        on_err: reject,
        deadline: None,
        cancel: None,
        timeout_value: Value::UNDEFINED,
    });
    if !record.add_async_joiner(vm.thread.clone(), op) {
        vm.thread.take_pending(op);
        if let Some(r) = &vm.engine.threads.races {
            r.join(vm.thread.id, record.id);
        }
        let v = state(&thread).outcome.load();
        let f = if record.has_failed() { reject } else { resolve };
        vm.call(f, Value::UNDEFINED, &[v])?;
    }
    Ok(p)
}

fn thread_id(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let thread = this_thread(vm, this, "id")?;
    Ok(Value::number(state(&thread).record.id as f64))
}

/// The running thread's Thread object (made on first use for threads the
/// host started, such as the main thread).
pub fn current_thread_object(vm: &mut Vm) -> Value {
    if vm.thread_object.is_undefined() {
        let proto = vm.current_realm().intrinsic(Intrinsic::ThreadPrototype);
        let obj = vm.alloc_object(
            Value::object(proto),
            ObjectKind::Builtin(Box::new(ThreadState {
                record: vm.thread.clone(),
                func: Value::UNDEFINED,
                args: Box::new([]),
                outcome: AtomicValue::new(Value::UNDEFINED),
            })),
        );
        vm.thread_object = Value::object(obj);
        vm.engine.threads.set_object(vm.thread.id, vm.thread_object);
    }
    vm.thread_object
}

fn thread_current(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(current_thread_object(vm))
}

fn thread_restrict(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = arg(args, 0).as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "Thread.restrict: the argument must be an object",
        );
    };
    // What every thread needs cannot belong to one.
    let refusal = if vm.engine.realms().iter().any(|r| r.global() == o) {
        Some("the global object is shared by every thread")
    } else if vm.engine.realms().iter().any(|r| r.is_builtin(o)) {
        Some("built-in objects and prototypes are shared by every thread")
    } else if super::proxy::is_proxy(o) {
        Some("a proxy cannot be restricted (restrict its target)")
    } else {
        None
    };
    if let Some(why) = refusal {
        return vm.throw(ErrorKind::Type, &format!("Thread.restrict: {why}"));
    }
    if let Some(owner) = o.restricted_owner()
        && owner != vm.thread.id
    {
        vm.check_owner(o, None, "restrict")?;
    }
    o.restrict_to(vm.thread.id);
    Ok(Value::object(o))
}

fn thread_local_constructor(
    vm: &mut Vm,
    _: Value,
    _: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    require_new(vm, new_target, "ThreadLocal")?;
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::ThreadLocalPrototype)?;
    let id = vm.engine.threads.next_sync_id();
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(ThreadLocalState { id })),
    );
    Ok(Value::object(o))
}

fn this_thread_local(vm: &mut Vm, this: Value) -> JsResult<u64> {
    match this
        .as_object()
        .and_then(|o| o.kind.builtin::<ThreadLocalState>().map(|s| s.id))
    {
        Some(id) => Ok(id),
        None => vm.throw(
            ErrorKind::Type,
            "ThreadLocal.prototype.value used on an incompatible receiver",
        ),
    }
}

fn thread_local_get(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let id = this_thread_local(vm, this)?;
    Ok(vm
        .thread_locals
        .get(&id)
        .copied()
        .unwrap_or(Value::UNDEFINED))
}

fn thread_local_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let id = this_thread_local(vm, this)?;
    vm.thread_locals.insert(id, arg(args, 0));
    Ok(Value::UNDEFINED)
}
