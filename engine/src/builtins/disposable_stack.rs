//! Explicit resource management at run time: DisposableStack,
//! AsyncDisposableStack, and the disposal machinery (the spec's
//! DisposeCapability: AddDisposableResource and DisposeResources) that
//! `using` and `await using` declarations share with them.
//!
//! A `DisposeState` is a stack of resources (value, dispose method, hint).
//! A block with `using` declarations keeps one in a register (see
//! `compiler/using.rs`); the interpreter's `Dispose*` instructions call
//! `add_resource`, `begin`, `step`, `record_error` and `finish`. Disposal
//! is a loop of `step`s, each of which calls dispose methods until one
//! needs an `await` (an `await using` resource, or the one `Await(undefined)`
//! the spec asks for after `await using x = null`); the caller awaits the
//! value (a bytecode `Await`, or a promise reaction for `disposeAsync`)
//! and steps again. Errors are aggregated into the state as they happen
//! (`SuppressedError` chains), so `finish` has the final completion.
//!
//! The state is behind a mutex that is never held while JS runs.

use parking_lot::Mutex;

use super::{arg, define_tag, promise};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::string::atom::{names, symbols};
use crate::value::Value;

/// How a resource is disposed of.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hint {
    /// `using`, DisposableStack: call, ignore the result.
    Sync,
    /// `await using`, AsyncDisposableStack: call, await the result.
    Async,
    /// An async resource with only `[Symbol.dispose]`: call, ignore the
    /// result, await undefined (a throw is awaited as a rejection).
    AsyncFromSync,
}

#[derive(Clone, Copy)]
struct Resource {
    this: Value,
    /// Undefined: nothing to call (`await using x = null`).
    method: Value,
    /// `adopt`: the method is called with `this` undefined and this value.
    arg: Option<Value>,
    hint: Hint,
}

/// Which object holds the state (brand checks of the built-ins).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// A block's `using` declarations (never visible to JS).
    Scope,
    Sync,
    Async,
}

struct Inner {
    resources: Vec<Resource>,
    disposed: bool,
    /// While disposing: the throw completion so far.
    error: Option<Value>,
    needs_await: bool,
    has_awaited: bool,
}

/// A DisposeCapability with its [[DisposableState]].
pub struct DisposeState {
    owner: Owner,
    inner: Mutex<Inner>,
}

impl Trace for DisposeState {
    fn trace(&self, tracer: &mut Tracer) {
        let inner = self.inner.lock();
        for r in &inner.resources {
            tracer.mark_value(r.this);
            tracer.mark_value(r.method);
            if let Some(a) = r.arg {
                tracer.mark_value(a);
            }
        }
        if let Some(e) = inner.error {
            tracer.mark_value(e);
        }
    }
}

impl BuiltinState for DisposeState {
    fn class_name(&self) -> &'static str {
        match self.owner {
            Owner::Scope => "DisposeScope",
            Owner::Sync => "DisposableStack",
            Owner::Async => "AsyncDisposableStack",
        }
    }
}

fn new_state(owner: Owner) -> DisposeState {
    DisposeState {
        owner,
        inner: Mutex::new(Inner {
            resources: Vec::new(),
            disposed: false,
            error: None,
            needs_await: false,
            has_awaited: false,
        }),
    }
}

/// The stack object `v`, if it holds a `DisposeState`.
fn state_of(v: Value) -> Option<Gc<JsObject>> {
    v.as_object()
        .filter(|o| o.kind.builtin::<DisposeState>().is_some())
}

fn st(o: &Gc<JsObject>) -> &DisposeState {
    o.kind
        .builtin::<DisposeState>()
        .expect("checked by state_of")
}

// ----- the language's side -----

/// A fresh disposal scope for a block with `using` declarations.
pub fn new_scope(vm: &mut Vm) -> Value {
    let proto = vm
        .current_realm()
        .intrinsic_value(Intrinsic::ObjectPrototype);
    let o = vm.alloc_object(
        proto,
        ObjectKind::Builtin(Box::new(new_state(Owner::Scope))),
    );
    Value::object(o)
}

/// AddDisposableResource(scope, value, hint) for a `using` (`is_async`
/// false) or `await using` declaration.
pub fn add_resource(vm: &mut Vm, scope: Value, value: Value, is_async: bool) -> JsResult<()> {
    let Some(o) = state_of(scope) else {
        return vm.throw(ErrorKind::Type, "not a disposal scope");
    };
    add_value(vm, o, value, is_async)
}

fn add_value(vm: &mut Vm, o: Gc<JsObject>, value: Value, is_async: bool) -> JsResult<()> {
    let resource = if value.is_nullish() {
        if !is_async {
            return Ok(());
        }
        Resource {
            this: Value::UNDEFINED,
            method: Value::UNDEFINED,
            arg: None,
            hint: Hint::Async,
        }
    } else {
        if !value.is_object() {
            return vm.throw(
                ErrorKind::Type,
                "a disposable resource must be an object, null or undefined",
            );
        }
        let (method, hint) = if is_async {
            match vm.get_method(value, PropertyKey::Atom(symbols::ASYNC_DISPOSE))? {
                Some(m) => (Some(m), Hint::Async),
                None => (
                    vm.get_method(value, PropertyKey::Atom(symbols::DISPOSE))?,
                    Hint::AsyncFromSync,
                ),
            }
        } else {
            (
                vm.get_method(value, PropertyKey::Atom(symbols::DISPOSE))?,
                Hint::Sync,
            )
        };
        let Some(method) = method else {
            return vm.throw(
                ErrorKind::Type,
                if is_async {
                    "the resource has no [Symbol.asyncDispose] or [Symbol.dispose] method"
                } else {
                    "the resource has no [Symbol.dispose] method"
                },
            );
        };
        Resource {
            this: value,
            method,
            arg: None,
            hint,
        }
    };
    st(&o).inner.lock().resources.push(resource);
    Ok(())
}

/// Starts disposing a scope left with a throw completion of `error`
/// (`None`: a normal, return or break completion).
pub fn begin(scope: Value, error: Option<Value>) {
    if let Some(o) = state_of(scope) {
        st(&o).inner.lock().error = error;
    }
}

/// One step of DisposeResources: calls dispose methods, newest first,
/// until one needs an await. `Ok(Some(v))`: await `v`, report a rejection
/// with `record_error`, and step again; `Ok(None)`: every resource is
/// disposed (`finish` gives the completion). `Err` only for termination.
pub fn step(vm: &mut Vm, scope: Value) -> JsResult<Option<Value>> {
    let Some(o) = state_of(scope) else {
        return Ok(None);
    };
    let st = st(&o);
    loop {
        let resource = {
            let mut inner = st.inner.lock();
            let waiting = inner.needs_await && !inner.has_awaited;
            match inner.resources.last().copied() {
                None => {
                    inner.needs_await = false;
                    return Ok(waiting.then_some(Value::UNDEFINED));
                }
                Some(r) if r.hint == Hint::Sync && waiting => {
                    inner.needs_await = false;
                    return Ok(Some(Value::UNDEFINED));
                }
                Some(r) => {
                    inner.resources.pop();
                    r
                }
            }
        };
        if resource.method.is_undefined() {
            st.inner.lock().needs_await = true;
            continue;
        }
        // Popped, the resource is no longer traced through the stack.
        let mark = vm.root(resource.this);
        vm.root(resource.method);
        let result = match resource.arg {
            Some(a) => {
                vm.root(a);
                vm.call(resource.method, Value::UNDEFINED, &[a])
            }
            None => vm.call(resource.method, resource.this, &[]),
        };
        vm.unroot_to(mark);
        match (result, resource.hint) {
            (Ok(_), Hint::Sync) => {}
            (Ok(v), Hint::Async) => {
                vm.root(v);
                st.inner.lock().has_awaited = true;
                return Ok(Some(v));
            }
            (Ok(_), Hint::AsyncFromSync) => {
                st.inner.lock().has_awaited = true;
                return Ok(Some(Value::UNDEFINED));
            }
            (Err(e), _) if e == Value::TERMINATE => return Err(e),
            (Err(e), Hint::AsyncFromSync) => {
                // The wrapper's promise rejects; awaiting it throws.
                record_error(vm, scope, e);
                st.inner.lock().has_awaited = true;
                return Ok(Some(Value::UNDEFINED));
            }
            (Err(e), _) => record_error(vm, scope, e),
        }
    }
}

/// A dispose method threw `e` (or its awaited promise rejected with it):
/// it becomes the completion, suppressing any earlier error.
pub fn record_error(vm: &mut Vm, scope: Value, e: Value) {
    let Some(o) = state_of(scope) else { return };
    let st = st(&o);
    let previous = st.inner.lock().error;
    let error = match previous {
        Some(suppressed) => super::error::new_suppressed_error(vm, e, suppressed),
        None => e,
    };
    st.inner.lock().error = Some(error);
}

/// Ends disposal: the error to throw, if the completion is a throw.
pub fn finish(scope: Value) -> Option<Value> {
    let o = state_of(scope)?;
    let mut inner = st(&o).inner.lock();
    inner.resources.clear();
    inner.needs_await = false;
    inner.has_awaited = false;
    inner.error.take()
}

// ----- DisposableStack and AsyncDisposableStack -----

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);

    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::DisposableStackPrototype, proto);
    vm.define_constructor(global, "DisposableStack", 0, sync_constructor, proto);
    vm.define_builtin(proto, "adopt", 2, sync_adopt);
    vm.define_builtin(proto, "defer", 1, sync_defer);
    let dispose = vm.define_builtin(proto, "dispose", 0, sync_dispose);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::from_text("disposed"),
        Some(sync_disposed),
        None,
        false,
    );
    vm.define_builtin(proto, "move", 0, sync_move);
    vm.define_builtin(proto, "use", 1, sync_use);
    proto.define_own(
        PropertyKey::Atom(symbols::DISPOSE),
        Value::object(dispose),
        Attributes::HIDDEN,
    );
    define_tag(vm, proto, "DisposableStack");

    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::AsyncDisposableStackPrototype, proto);
    vm.define_constructor(global, "AsyncDisposableStack", 0, async_constructor, proto);
    vm.define_builtin(proto, "adopt", 2, async_adopt);
    vm.define_builtin(proto, "defer", 1, async_defer);
    let dispose = vm.define_builtin(proto, "disposeAsync", 0, async_dispose);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::from_text("disposed"),
        Some(async_disposed),
        None,
        false,
    );
    vm.define_builtin(proto, "move", 0, async_move);
    vm.define_builtin(proto, "use", 1, async_use);
    proto.define_own(
        PropertyKey::Atom(symbols::ASYNC_DISPOSE),
        Value::object(dispose),
        Attributes::HIDDEN,
    );
    define_tag(vm, proto, "AsyncDisposableStack");
}

fn class_name(owner: Owner) -> &'static str {
    if owner == Owner::Async {
        "AsyncDisposableStack"
    } else {
        "DisposableStack"
    }
}

fn construct(vm: &mut Vm, new_target: Value, owner: Owner) -> JsResult<Value> {
    let name = class_name(owner);
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            &format!("Constructor {name} requires 'new'"),
        );
    }
    let fallback = if owner == Owner::Async {
        Intrinsic::AsyncDisposableStackPrototype
    } else {
        Intrinsic::DisposableStackPrototype
    };
    let proto = vm.prototype_from_constructor(new_target, fallback)?;
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(new_state(owner))),
    );
    Ok(Value::object(o))
}

/// `this` as a stack of `owner`'s kind, or a TypeError.
fn this_stack(vm: &mut Vm, this: Value, owner: Owner, method: &str) -> JsResult<Gc<JsObject>> {
    match state_of(this) {
        Some(o) if st(&o).owner == owner => Ok(o),
        _ => vm.throw(
            ErrorKind::Type,
            &format!(
                "{}.prototype.{method} called on an incompatible receiver",
                class_name(owner)
            ),
        ),
    }
}

/// `this` as a stack that is not yet disposed.
fn pending_stack(vm: &mut Vm, this: Value, owner: Owner, method: &str) -> JsResult<Gc<JsObject>> {
    let o = this_stack(vm, this, owner, method)?;
    if st(&o).inner.lock().disposed {
        return vm.throw(
            ErrorKind::Reference,
            &format!("{} already disposed", class_name(owner)),
        );
    }
    Ok(o)
}

fn use_(vm: &mut Vm, this: Value, args: &[Value], owner: Owner) -> JsResult<Value> {
    let o = pending_stack(vm, this, owner, "use")?;
    let value = arg(args, 0);
    add_value(vm, o, value, owner == Owner::Async)?;
    Ok(value)
}

fn adopt(vm: &mut Vm, this: Value, args: &[Value], owner: Owner) -> JsResult<Value> {
    let o = pending_stack(vm, this, owner, "adopt")?;
    let (value, on_dispose) = (arg(args, 0), arg(args, 1));
    if !vm.is_callable(on_dispose) {
        return vm.throw(ErrorKind::Type, "onDispose is not a function");
    }
    st(&o).inner.lock().resources.push(Resource {
        this: Value::UNDEFINED,
        method: on_dispose,
        arg: Some(value),
        hint: resource_hint(owner),
    });
    Ok(value)
}

fn defer(vm: &mut Vm, this: Value, args: &[Value], owner: Owner) -> JsResult<Value> {
    let o = pending_stack(vm, this, owner, "defer")?;
    let on_dispose = arg(args, 0);
    if !vm.is_callable(on_dispose) {
        return vm.throw(ErrorKind::Type, "onDispose is not a function");
    }
    st(&o).inner.lock().resources.push(Resource {
        this: Value::UNDEFINED,
        method: on_dispose,
        arg: None,
        hint: resource_hint(owner),
    });
    Ok(Value::UNDEFINED)
}

fn resource_hint(owner: Owner) -> Hint {
    if owner == Owner::Async {
        Hint::Async
    } else {
        Hint::Sync
    }
}

fn move_(vm: &mut Vm, this: Value, owner: Owner) -> JsResult<Value> {
    let o = pending_stack(vm, this, owner, "move")?;
    let ctor = if owner == Owner::Async {
        Intrinsic::AsyncDisposableStackPrototype
    } else {
        Intrinsic::DisposableStackPrototype
    };
    let proto = vm.current_realm().intrinsic(ctor);
    let moved = {
        let mut inner = st(&o).inner.lock();
        inner.disposed = true;
        std::mem::take(&mut inner.resources)
    };
    let state = new_state(owner);
    state.inner.lock().resources = moved;
    let o = vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)));
    Ok(Value::object(o))
}

fn disposed(vm: &mut Vm, this: Value, owner: Owner) -> JsResult<Value> {
    let o = this_stack(vm, this, owner, "disposed")?;
    Ok(Value::bool(st(&o).inner.lock().disposed))
}

fn sync_constructor(vm: &mut Vm, _: Value, _: &[Value], nt: Value) -> JsResult<Value> {
    construct(vm, nt, Owner::Sync)
}
fn sync_use(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    use_(vm, this, args, Owner::Sync)
}
fn sync_adopt(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    adopt(vm, this, args, Owner::Sync)
}
fn sync_defer(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    defer(vm, this, args, Owner::Sync)
}
fn sync_move(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    move_(vm, this, Owner::Sync)
}
fn sync_disposed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    disposed(vm, this, Owner::Sync)
}

fn sync_dispose(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_stack(vm, this, Owner::Sync, "dispose")?;
    {
        let mut inner = st(&o).inner.lock();
        if inner.disposed {
            return Ok(Value::UNDEFINED);
        }
        inner.disposed = true;
        inner.error = None;
    }
    // Every resource of a DisposableStack is synchronous: one step
    // disposes them all.
    while step(vm, this)?.is_some() {}
    match finish(this) {
        Some(e) => Err(e),
        None => Ok(Value::UNDEFINED),
    }
}

fn async_constructor(vm: &mut Vm, _: Value, _: &[Value], nt: Value) -> JsResult<Value> {
    construct(vm, nt, Owner::Async)
}
fn async_use(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    use_(vm, this, args, Owner::Async)
}
fn async_adopt(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    adopt(vm, this, args, Owner::Async)
}
fn async_defer(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    defer(vm, this, args, Owner::Async)
}
fn async_move(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    move_(vm, this, Owner::Async)
}
fn async_disposed(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    disposed(vm, this, Owner::Async)
}

/// AsyncDisposableStack.prototype.disposeAsync: a promise for the
/// disposal, driven by promise reactions (`drive`).
fn async_dispose(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (promise, resolve, reject) = promise::new_intrinsic_capability(vm);
    vm.root(promise);
    vm.root(resolve);
    vm.root(reject);
    let o = match state_of(this) {
        Some(o) if st(&o).owner == Owner::Async => o,
        _ => {
            let e = vm.make_error(
                ErrorKind::Type,
                "AsyncDisposableStack.prototype.disposeAsync called on an incompatible receiver",
            );
            vm.call(reject, Value::UNDEFINED, &[e])?;
            return Ok(promise);
        }
    };
    let already = {
        let mut inner = st(&o).inner.lock();
        let already = inner.disposed;
        if !already {
            inner.disposed = true;
            inner.error = None;
        }
        already
    };
    if already {
        vm.call(resolve, Value::UNDEFINED, &[Value::UNDEFINED])?;
    } else {
        drive(vm, this, resolve, reject)?;
    }
    Ok(promise)
}

/// Runs disposal steps of `stack` until one awaits (then continues in a
/// reaction) or all are done (then settles the promise).
fn drive(vm: &mut Vm, stack: Value, resolve: Value, reject: Value) -> JsResult<()> {
    loop {
        let Some(v) = step(vm, stack)? else {
            match finish(stack) {
                Some(e) => vm.call(reject, Value::UNDEFINED, &[e])?,
                None => vm.call(resolve, Value::UNDEFINED, &[Value::UNDEFINED])?,
            };
            return Ok(());
        };
        let c = vm
            .current_realm()
            .intrinsic_value(Intrinsic::PromiseConstructor);
        let p = match promise::promise_resolve(vm, c, v) {
            Ok(p) => p,
            Err(e) if e == Value::TERMINATE => return Err(e),
            Err(e) => {
                record_error(vm, stack, e);
                continue;
            }
        };
        vm.root(p);
        let data = [stack, resolve, reject];
        let on_fulfilled = vm.new_native(names::EMPTY, 1, drive_fulfilled, false, &data);
        vm.root(Value::object(on_fulfilled));
        let on_rejected = vm.new_native(names::EMPTY, 1, drive_rejected, false, &data);
        vm.root(Value::object(on_rejected));
        promise::then_native(
            vm,
            p,
            Value::object(on_fulfilled),
            Value::object(on_rejected),
        );
        return Ok(());
    }
}

fn drive_fulfilled(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (stack, resolve, reject) = (vm.native_data(0), vm.native_data(1), vm.native_data(2));
    drive(vm, stack, resolve, reject)?;
    Ok(Value::UNDEFINED)
}

fn drive_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (stack, resolve, reject) = (vm.native_data(0), vm.native_data(1), vm.native_data(2));
    record_error(vm, stack, arg(args, 0));
    drive(vm, stack, resolve, reject)?;
    Ok(Value::UNDEFINED)
}

// ----- %IteratorPrototype%[@@dispose], %AsyncIteratorPrototype%[@@asyncDispose] -----

/// Installs `[Symbol.dispose]` on %IteratorPrototype% and
/// `[Symbol.asyncDispose]` on %AsyncIteratorPrototype%.
pub fn install_iterator_disposers(vm: &mut Vm, realm: Gc<Realm>) {
    let iter_proto = realm.intrinsic(Intrinsic::IteratorPrototype);
    vm.define_builtin_symbol(
        iter_proto,
        symbols::DISPOSE,
        "[Symbol.dispose]",
        0,
        iterator_dispose,
    );
    let async_iter_proto = realm.intrinsic(Intrinsic::AsyncIteratorPrototype);
    vm.define_builtin_symbol(
        async_iter_proto,
        symbols::ASYNC_DISPOSE,
        "[Symbol.asyncDispose]",
        0,
        async_iterator_dispose,
    );
}

fn iterator_dispose(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    if let Some(ret) = vm.get_method(this, PropertyKey::Atom(names::RETURN))? {
        vm.call(ret, this, &[])?;
    }
    Ok(Value::UNDEFINED)
}

fn async_iterator_dispose(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let (p, resolve, reject) = promise::new_intrinsic_capability(vm);
    vm.root(p);
    vm.root(resolve);
    vm.root(reject);
    let result = (|| -> JsResult<Option<Value>> {
        let Some(ret) = vm.get_method(this, PropertyKey::Atom(names::RETURN))? else {
            return Ok(None);
        };
        let result = vm.call(ret, this, &[])?;
        let c = vm
            .current_realm()
            .intrinsic_value(Intrinsic::PromiseConstructor);
        promise::promise_resolve(vm, c, result).map(Some)
    })();
    match result {
        Ok(None) => {
            vm.call(resolve, Value::UNDEFINED, &[Value::UNDEFINED])?;
        }
        Ok(Some(wrapper)) => {
            vm.root(wrapper);
            let unwrap = vm.new_native(Atom::intern_str(""), 1, return_undefined, false, &[]);
            vm.root(Value::object(unwrap));
            promise::then_with_capability(
                vm,
                wrapper,
                Value::object(unwrap),
                Value::UNDEFINED,
                (p, resolve, reject),
            );
        }
        Err(e) if e == Value::TERMINATE => return Err(e),
        Err(e) => {
            vm.call(reject, Value::UNDEFINED, &[e])?;
        }
    }
    Ok(p)
}

fn return_undefined(_: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::UNDEFINED)
}
