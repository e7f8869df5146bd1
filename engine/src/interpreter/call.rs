//! Calls, construction, frames, closures and classes.

use std::sync::Arc;

use smallvec::SmallVec;

use super::{Completion, ErrorKind, Frame, JsResult, Vm, frame_flags};
use crate::bytecode::{Code, ConstIdx, Constant, FunctionKind, Insn, Reg};
use crate::compiler::{self, UnitKind};
use crate::function::{Closure, NativeFn};
use crate::heap::Gc;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey, flags};
use crate::realm::Intrinsic;
use crate::string::atom::names;
use crate::value::{AtomicValue, Value};

/// What `prepare_call` did.
pub enum CallTarget {
    /// A JS frame was pushed; the loop continues in it.
    Pushed,
    /// The call completed (a native, or a slow-path call).
    Done(Value),
}

/// Arguments copied out of registers for a native call.
type ArgVec = SmallVec<[Value; 8]>;

impl Vm {
    /// A call from the dispatch loop: JS closures get a frame without Rust
    /// recursion; everything else completes here.
    pub(crate) fn prepare_call(
        &mut self,
        f: Value,
        this: Value,
        args_at: usize,
        argc: usize,
        dst: Reg,
        new_target: Value,
    ) -> JsResult<CallTarget> {
        let Some(obj) = f.as_object() else {
            return Err(self.callee_error(f, false));
        };
        if let ObjectKind::Function(closure) = &obj.kind {
            let code = &closure.code;
            if !code.flags.generator && !code.flags.is_async && !is_class_constructor(code.kind) {
                let args: ArgVec = self.stack[args_at..args_at + argc]
                    .iter()
                    .copied()
                    .collect();
                self.push_frame(obj, this, &args, new_target, dst, 0)?;
                return Ok(CallTarget::Pushed);
            }
        }
        if !matches!(obj.kind, ObjectKind::Native(_) | ObjectKind::Bound(_)) && !self.is_callable(f)
        {
            return Err(self.callee_error(f, false));
        }
        let args: ArgVec = self.stack[args_at..args_at + argc]
            .iter()
            .copied()
            .collect();
        Ok(CallTarget::Done(self.call(f, this, &args)?))
    }

    /// Pushes a frame for closure `func`. `flags` is a set of `frame_flags`.
    pub(crate) fn push_frame(
        &mut self,
        func: Gc<JsObject>,
        this: Value,
        args: &[Value],
        new_target: Value,
        ret: Reg,
        flags: u8,
    ) -> JsResult<()> {
        let ObjectKind::Function(closure) = &func.kind else {
            unreachable!("push_frame on a closure")
        };
        // SAFETY: the frame's callee is `func`, rooted by the frame, whose
        // closure owns this code for the object's life.
        let code = unsafe { super::CodePtr::borrowed(&closure.code) };
        if self.frames.len() >= self.max_frames {
            return Err(self.make_error(ErrorKind::Range, "Maximum call stack size exceeded"));
        }
        let base = self.stack.len();
        let needed = code.register_count as usize;
        if base + needed > self.stack.capacity() {
            return Err(self.make_error(ErrorKind::Range, "Maximum call stack size exceeded"));
        }
        self.stack.resize(base + needed, Value::UNDEFINED);
        let params = code.param_count as usize;
        for (i, &a) in args.iter().take(params).enumerate() {
            self.stack[base + i] = a;
        }
        let extra_args = (args.len() > params).then(|| args[params..].into());
        let (this, new_target, callee) = if code.kind == FunctionKind::Arrow {
            (closure.this_value, closure.new_target, Value::object(func))
        } else {
            let this = if code.flags.strict || this.is_uninitialized() {
                this
            } else if this.is_nullish() {
                Value::object(closure.realm.global())
            } else if this.is_object() {
                this
            } else {
                Value::object(self.to_object(this)?)
            };
            (this, new_target, Value::object(func))
        };
        self.frames.push(Frame {
            code,
            pc: 0,
            base,
            env: closure.env,
            callee,
            this,
            new_target,
            argc: args.len() as u32,
            extra_args,
            ret,
            flags,
            realm: closure.realm,
            owner: Value::UNDEFINED,
        });
        if let Err(e) = self.safepoint() {
            self.pop_frame();
            return Err(e);
        }
        Ok(())
    }

    pub(crate) fn pop_frame(&mut self) -> Frame {
        let frame = self.frames.pop().expect("a frame to pop");
        self.stack.truncate(frame.base);
        frame
    }

    pub(crate) fn pop_frame_abrupt(&mut self) {
        self.pop_frame();
    }

    /// The value a returning frame produces (constructor rules).
    pub(crate) fn finish_return(&mut self, v: Value) -> JsResult<Value> {
        let frame = self.frames.last().expect("frame");
        if frame.flags & frame_flags::CONSTRUCT == 0 || v.is_object() {
            return Ok(v);
        }
        if frame.code.kind == FunctionKind::DerivedConstructor && !v.is_undefined() {
            return Err(self.make_error(
                ErrorKind::Type,
                "Derived constructors may only return object or undefined",
            ));
        }
        let this = frame.this;
        if this.is_uninitialized() {
            return Err(self.make_error(ErrorKind::Reference, "Must call super constructor in derived class before returning from derived constructor"));
        }
        Ok(this)
    }

    /// The arguments of the current frame from index `from` on.
    pub(crate) fn frame_arguments(&self, from: usize) -> Vec<Value> {
        let f = self.frames.last().expect("frame");
        let params = f.code.param_count as usize;
        let argc = f.argc as usize;
        let mut out = Vec::with_capacity(argc.saturating_sub(from));
        for i in from..argc {
            if i < params {
                out.push(self.stack[f.base + i]);
            } else if let Some(extra) = &f.extra_args {
                out.push(extra[i - params]);
            }
        }
        out
    }

    /// Elements of an internal argument array (spread calls).
    pub(crate) fn array_to_list(&self, array: Value) -> Vec<Value> {
        let Some(a) = array.as_object() else {
            return Vec::new();
        };
        (0..a.length())
            .map(|i| a.get_element(i).map_or(Value::UNDEFINED, |(v, _)| v))
            .collect()
    }

    /// Calls `f` with `this` and `args` from Rust.
    pub fn call(&mut self, f: Value, this: Value, args: &[Value]) -> JsResult<Value> {
        let Some(obj) = f.as_object() else {
            return Err(self.not_callable(f));
        };
        if self.native_depth >= super::MAX_NATIVE_DEPTH {
            return Err(self.make_error(ErrorKind::Range, "Maximum call stack size exceeded"));
        }
        self.native_depth += 1;
        let result = self.call_object(obj, this, args);
        self.native_depth -= 1;
        if let Ok(v) = result {
            self.handles.push(v);
        }
        result
    }

    fn call_object(&mut self, obj: Gc<JsObject>, this: Value, args: &[Value]) -> JsResult<Value> {
        match &obj.kind {
            ObjectKind::Function(closure) => {
                let code = &closure.code;
                if is_class_constructor(code.kind) {
                    return Err(self.make_error(
                        ErrorKind::Type,
                        &format!(
                            "Class constructor {} cannot be invoked without 'new'",
                            code.name_string()
                        ),
                    ));
                }
                if code.flags.generator || code.flags.is_async {
                    return self.start_resumable(obj, this, args);
                }
                self.push_frame(obj, this, args, Value::UNDEFINED, 0, frame_flags::ENTRY)?;
                let entry = self.frames.len() - 1;
                match self.run(entry)? {
                    Completion::Return(v) => Ok(v),
                    Completion::Suspend(_) => unreachable!("plain functions do not suspend"),
                }
            }
            ObjectKind::Native(n) => {
                let (func, realm) = (n.func, n.realm);
                self.call_native(obj, func, realm, this, args, Value::UNDEFINED)
            }
            ObjectKind::Bound(b) => {
                let mut all: Vec<Value> = b.args.to_vec();
                all.extend_from_slice(args);
                let (target, bound_this) = (b.target, b.this);
                self.call(target, bound_this, &all)
            }
            _ => match crate::builtins::proxy::proxy_call(self, obj, this, args) {
                Some(result) => result,
                None => Err(self.not_callable(Value::object(obj))),
            },
        }
    }

    /// Runs a native function in a pseudo-frame so stack traces and the
    /// current realm see it. Never inlined in wasm: the single build's
    /// Asyncify list names this function as the one whose indirect call
    /// (the native) may switch fibers (`scripts/build-wasm.sh`).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn call_native(
        &mut self,
        obj: Gc<JsObject>,
        func: NativeFn,
        realm: Gc<crate::realm::Realm>,
        this: Value,
        args: &[Value],
        new_target: Value,
    ) -> JsResult<Value> {
        // A native call is a safepoint for termination: code that a
        // terminated callee's caller reaches without a JS call or a loop
        // (a promise rejection handled in Rust, then `print`) stops here.
        // It is a scheduling point too: built-ins read and write objects
        // (a Map's `set`, Atomics, Lock, Condition, `Date.now`).
        if self.scheduled {
            match self.records_steps() {
                true => self.sched_call_point(obj, this)?,
                false => self.sched_point()?,
            }
        } else if self.engine.is_interrupted() {
            return Err(Value::TERMINATE);
        }
        let saved = std::mem::replace(&mut self.realm, realm);
        self.native_callees.push(Value::object(obj));
        // Handles a native roots are released when it returns, so natives
        // may `root` temporaries without unrooting them.
        let handles = self.handles.len();
        let result = func(self, this, args, new_target);
        self.handles.truncate(handles);
        self.native_callees.pop();
        self.realm = saved;
        result
    }

    /// `new f(...args)` with `newTarget` (defaults to `f`).
    pub fn construct(
        &mut self,
        f: Value,
        args: &[Value],
        new_target: Option<Value>,
    ) -> JsResult<Value> {
        let new_target = new_target.unwrap_or(f);
        let Some(obj) = f.as_object() else {
            return Err(self.not_constructor(f));
        };
        if self.native_depth >= super::MAX_NATIVE_DEPTH {
            return Err(self.make_error(ErrorKind::Range, "Maximum call stack size exceeded"));
        }
        self.native_depth += 1;
        let result = self.construct_object(obj, args, new_target);
        self.native_depth -= 1;
        if let Ok(v) = result {
            self.handles.push(v);
        }
        result
    }

    /// `new` from bytecode: checks that `f` is a constructor first.
    pub(crate) fn construct_checked(
        &mut self,
        f: Value,
        args: &[Value],
        new_target: Option<Value>,
    ) -> JsResult<Value> {
        if !self.is_constructor(f) {
            return Err(self.callee_error(f, true));
        }
        self.construct(f, args, new_target)
    }

    fn construct_object(
        &mut self,
        obj: Gc<JsObject>,
        args: &[Value],
        new_target: Value,
    ) -> JsResult<Value> {
        match &obj.kind {
            ObjectKind::Function(closure) => {
                let code = &closure.code;
                let this = if code.kind == FunctionKind::DerivedConstructor {
                    Value::UNINITIALIZED
                } else {
                    let proto =
                        self.prototype_from_constructor(new_target, Intrinsic::ObjectPrototype)?;
                    Value::object(self.alloc_object(Value::object(proto), ObjectKind::Ordinary))
                };
                self.push_frame(
                    obj,
                    this,
                    args,
                    new_target,
                    0,
                    frame_flags::ENTRY | frame_flags::CONSTRUCT,
                )?;
                let entry = self.frames.len() - 1;
                match self.run(entry)? {
                    Completion::Return(v) => Ok(v),
                    Completion::Suspend(_) => unreachable!("constructors do not suspend"),
                }
            }
            ObjectKind::Native(n) if n.constructor => {
                let (func, realm) = (n.func, n.realm);
                self.call_native(obj, func, realm, Value::UNDEFINED, args, new_target)
            }
            ObjectKind::Bound(b) => {
                let mut all: Vec<Value> = b.args.to_vec();
                all.extend_from_slice(args);
                let target = b.target;
                let nt = if new_target == Value::object(obj) {
                    target
                } else {
                    new_target
                };
                self.construct(target, &all, Some(nt))
            }
            _ => match crate::builtins::proxy::proxy_construct(self, obj, args, new_target) {
                Some(result) => result,
                None => Err(self.not_constructor(Value::object(obj))),
            },
        }
    }

    /// GetPrototypeFromConstructor: `constructor.prototype` if an object,
    /// else the intrinsic (of the constructor's realm).
    pub fn prototype_from_constructor(
        &mut self,
        constructor: Value,
        fallback: Intrinsic,
    ) -> JsResult<Gc<JsObject>> {
        if let Some(c) = constructor.as_object() {
            let proto = self.get(c, PropertyKey::Atom(names::PROTOTYPE))?;
            if let Some(p) = proto.as_object() {
                return Ok(p);
            }
            let realm = self.function_realm(constructor)?;
            return Ok(realm.intrinsic(fallback));
        }
        Ok(self.current_realm().intrinsic(fallback))
    }

    /// GetFunctionRealm.
    pub fn function_realm(&mut self, f: Value) -> JsResult<Gc<crate::realm::Realm>> {
        let Some(obj) = f.as_object() else {
            return Ok(self.current_realm());
        };
        match &obj.kind {
            ObjectKind::Function(c) => Ok(c.realm),
            ObjectKind::Native(n) => Ok(n.realm),
            ObjectKind::Bound(b) => {
                let t = b.target;
                self.function_realm(t)
            }
            _ => match crate::builtins::proxy::proxy_target(obj) {
                Some(Ok(target)) => self.function_realm(target),
                Some(Err(())) => Err(self.make_error(
                    ErrorKind::Type,
                    "Cannot perform operation on a revoked proxy",
                )),
                None => Ok(self.current_realm()),
            },
        }
    }

    pub fn is_callable(&self, v: Value) -> bool {
        v.as_object()
            .is_some_and(|o| o.kind.is_callable() || crate::builtins::proxy::proxy_is_callable(o))
    }

    pub fn is_constructor(&self, v: Value) -> bool {
        let Some(o) = v.as_object() else { return false };
        match &o.kind {
            ObjectKind::Function(c) => {
                matches!(
                    c.code.kind,
                    FunctionKind::Normal
                        | FunctionKind::ClassConstructor
                        | FunctionKind::DerivedConstructor
                ) && !c.code.flags.generator
                    && !c.code.flags.is_async
            }
            ObjectKind::Native(n) => n.constructor,
            ObjectKind::Bound(b) => self.is_constructor(b.target),
            _ => crate::builtins::proxy::proxy_is_constructor(o),
        }
    }

    /// `super(...args)` in a derived constructor.
    pub(crate) fn super_call(&mut self, args: &[Value]) -> JsResult<Value> {
        let (callee, new_target) = {
            let f = self.home_frame();
            (f.callee, f.new_target)
        };
        let active = callee
            .as_object()
            .expect("derived constructor frame has a callee");
        let parent = active.proto();
        if !self.is_constructor(parent) {
            return Err(self.make_error(ErrorKind::Type, "Super constructor is not a constructor"));
        }
        let result = self.construct(parent, args, Some(new_target))?;
        let frame = self.home_frame_mut();
        if !frame.this.is_uninitialized() {
            return Err(self.make_error(
                ErrorKind::Reference,
                "Super constructor may only be called once",
            ));
        }
        frame.this = result;
        self.run_field_initializer(active, result)?;
        Ok(result)
    }

    /// The frame whose `this` and `new.target` arrows and eval share: the
    /// innermost non-arrow, non-eval frame.
    fn home_frame(&self) -> &Frame {
        let i = self.home_frame_index();
        &self.frames[i]
    }

    fn home_frame_mut(&mut self) -> &mut Frame {
        let i = self.home_frame_index();
        &mut self.frames[i]
    }

    fn home_frame_index(&self) -> usize {
        let mut i = self.frames.len() - 1;
        while i > 0
            && matches!(
                self.frames[i].code.kind,
                FunctionKind::Arrow | FunctionKind::Eval
            )
        {
            i -= 1;
        }
        i
    }

    /// Runs the instance field initializer of class constructor `ctor` on
    /// `this`.
    fn run_field_initializer(&mut self, ctor: Gc<JsObject>, this: Value) -> JsResult<()> {
        if let ObjectKind::Function(c) = &ctor.kind {
            let init = c.fields.load();
            if !init.is_undefined() {
                self.call(init, this, &[])?;
            }
        }
        Ok(())
    }

    /// `InitFields`: a base class constructor initializes its fields at
    /// entry.
    pub(crate) fn init_fields(&mut self) -> JsResult<()> {
        let (callee, this) = {
            let f = self.frames.last().expect("frame");
            (f.callee, f.this)
        };
        if let Some(ctor) = callee.as_object() {
            self.run_field_initializer(ctor, this)?;
        }
        Ok(())
    }

    // ----- closures -----

    pub(crate) fn make_closure(&mut self, code: &Code, index: ConstIdx) -> JsResult<Value> {
        let Some(Constant::Function(inner)) = code.constants.get(index as usize) else {
            unreachable!("MakeClosure names a function constant")
        };
        let frame = self.frames.last().expect("frame");
        let env = frame.env;
        let realm = frame.realm;
        let (this_value, new_target, outer_callee, home) = if inner.kind == FunctionKind::Arrow {
            let home = frame.callee.as_object().and_then(|c| match &c.kind {
                ObjectKind::Function(f) => Some(f.home_object.load()),
                _ => None,
            });
            (
                frame.this,
                frame.new_target,
                frame.callee,
                home.unwrap_or(Value::UNDEFINED),
            )
        } else {
            (
                Value::UNDEFINED,
                Value::UNDEFINED,
                Value::UNDEFINED,
                Value::UNDEFINED,
            )
        };
        let f = self.new_closure(
            inner.clone(),
            env,
            realm,
            this_value,
            new_target,
            outer_callee,
            home,
        );
        Ok(Value::object(f))
    }

    /// Creates a function object for `code` closing over `env`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new_closure(
        &mut self,
        code: Arc<Code>,
        env: Value,
        realm: Gc<crate::realm::Realm>,
        this_value: Value,
        new_target: Value,
        outer_callee: Value,
        home: Value,
    ) -> Gc<JsObject> {
        let proto = match (code.flags.generator, code.flags.is_async) {
            (true, true) => Intrinsic::AsyncGeneratorFunctionPrototype,
            (true, false) => Intrinsic::GeneratorFunctionPrototype,
            (false, true) => Intrinsic::AsyncFunctionPrototype,
            (false, false) => Intrinsic::FunctionPrototype,
        };
        let with_prototype = code.flags.generator
            || (code.kind == FunctionKind::Normal && !code.flags.is_async)
            || matches!(
                code.kind,
                FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor
            );
        let name = code.name;
        let length = code.length;
        let kind = code.kind;
        let generator = code.flags.generator;
        let is_async = code.flags.is_async;
        let closure = Closure {
            code,
            env,
            realm,
            home_object: AtomicValue::new(home),
            this_value,
            new_target,
            outer_callee,
            fields: AtomicValue::new(Value::UNDEFINED),
        };
        let f = self.alloc_object(
            Value::object(realm.intrinsic(proto)),
            ObjectKind::Function(Box::new(closure)),
        );
        f.define_own(
            PropertyKey::Atom(names::LENGTH),
            Value::int(length as i32),
            Attributes::CONFIGURABLE_ONLY,
        );
        let name_value = self.atom_value(name);
        f.define_own(
            PropertyKey::Atom(names::NAME),
            name_value,
            Attributes::CONFIGURABLE_ONLY,
        );
        if with_prototype
            && !matches!(
                kind,
                FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor
            )
        {
            let proto_obj = if generator {
                let p = if is_async {
                    Intrinsic::AsyncGeneratorPrototype
                } else {
                    Intrinsic::GeneratorPrototype
                };
                self.alloc_object(Value::object(realm.intrinsic(p)), ObjectKind::Ordinary)
            } else {
                let p = self.alloc_object(
                    Value::object(realm.intrinsic(Intrinsic::ObjectPrototype)),
                    ObjectKind::Ordinary,
                );
                p.define_own(
                    PropertyKey::Atom(names::CONSTRUCTOR),
                    Value::object(f),
                    Attributes::HIDDEN,
                );
                p
            };
            f.define_own(
                PropertyKey::Atom(names::PROTOTYPE),
                Value::object(proto_obj),
                Attributes::new(true, false, false),
            );
        }
        f
    }

    pub(crate) fn set_home_object(&mut self, f: Value, home: Value) {
        if let Some(o) = f.as_object()
            && let ObjectKind::Function(c) = &o.kind
        {
            c.home_object.store(home);
        }
    }

    // ----- classes -----

    pub(crate) fn make_class(
        &mut self,
        code: &Code,
        ctor: ConstIdx,
        parent: Value,
        has_parent: bool,
        name: ConstIdx,
    ) -> JsResult<(Value, Value)> {
        let realm = self.current_realm();
        let (proto_parent, ctor_parent) = if !has_parent {
            (
                Value::object(realm.intrinsic(Intrinsic::ObjectPrototype)),
                Value::object(realm.intrinsic(Intrinsic::FunctionPrototype)),
            )
        } else if parent.is_null() {
            (
                Value::NULL,
                Value::object(realm.intrinsic(Intrinsic::FunctionPrototype)),
            )
        } else {
            if !self.is_constructor(parent) {
                let what = self.value_label(parent);
                return Err(self.make_error(
                    ErrorKind::Type,
                    &format!("Class extends value {what} is not a constructor or null"),
                ));
            }
            let pp = self.get_value(parent, PropertyKey::Atom(names::PROTOTYPE))?;
            if !pp.is_object() && !pp.is_null() {
                return Err(self.make_error(
                    ErrorKind::Type,
                    "Class extends value does not have valid prototype property",
                ));
            }
            (pp, parent)
        };
        let proto = self.alloc_object(proto_parent, ObjectKind::Ordinary);
        let Some(Constant::Function(ctor_code)) = code.constants.get(ctor as usize) else {
            unreachable!("MakeClass names a function constant")
        };
        let env = self.frames.last().expect("frame").env;
        let f = self.new_closure(
            ctor_code.clone(),
            env,
            realm,
            Value::UNDEFINED,
            Value::UNDEFINED,
            Value::UNDEFINED,
            Value::object(proto),
        );
        f.set_proto(ctor_parent);
        f.set_flag(flags::CLASS_CONSTRUCTOR, true);
        let _ = name;
        f.define_own(
            PropertyKey::Atom(names::PROTOTYPE),
            Value::object(proto),
            Attributes::FROZEN,
        );
        proto.define_own(
            PropertyKey::Atom(names::CONSTRUCTOR),
            Value::object(f),
            Attributes::HIDDEN,
        );
        Ok((Value::object(f), Value::object(proto)))
    }

    // ----- eval -----

    /// A call that may be a direct eval.
    pub(crate) fn call_eval(
        &mut self,
        code: &Code,
        f: Value,
        args: &[Value],
        scope: ConstIdx,
    ) -> JsResult<Value> {
        let realm = self.current_realm();
        if f != realm.intrinsic_value(Intrinsic::Eval) {
            return self.call(f, Value::UNDEFINED, args);
        }
        let Some(&source) = args.first() else {
            return Ok(Value::UNDEFINED);
        };
        let Some(text) = source.as_string() else {
            return Ok(source);
        };
        let bits = match code.constants.get(scope as usize) {
            Some(Constant::Number(n)) => *n as u32,
            _ => 0,
        };
        use crate::compiler::eval_context::*;
        let kind = UnitKind::Eval {
            strict: bits & STRICT != 0,
            direct: true,
            in_function: bits & IN_FUNCTION != 0,
            in_method: bits & IN_METHOD != 0,
            in_class_field: bits & IN_CLASS_FIELD != 0,
            in_parameters: bits & IN_PARAMETERS != 0,
        };
        let source = crate::bytecode::Source::new("eval", text.to_rust_string());
        let eval_code = compiler::compile(source, kind)
            .map_err(|e| self.make_error(ErrorKind::Syntax, &e.message))?;
        let frame = self.frames.last().expect("frame");
        let (env, this, new_target, callee, realm) = (
            frame.env,
            frame.this,
            frame.new_target,
            frame.callee,
            frame.realm,
        );
        self.run_code(eval_code, env, this, new_target, callee, realm)
    }

    /// Runs a script, module body or eval code in a new entry frame.
    pub(crate) fn run_code(
        &mut self,
        code: Arc<Code>,
        env: Value,
        this: Value,
        new_target: Value,
        callee: Value,
        realm: Gc<crate::realm::Realm>,
    ) -> JsResult<Value> {
        let entry = self.push_code_frame(
            code,
            env,
            [this, new_target, callee],
            realm,
            frame_flags::ENTRY,
            Value::UNDEFINED,
        )?;
        self.native_depth += 1;
        let result = self.run(entry);
        self.native_depth -= 1;
        match result? {
            Completion::Return(v) => Ok(v),
            Completion::Suspend(v) => Ok(v),
        }
    }

    /// Pushes an entry frame for script, module or eval code (`tnc` is
    /// its this, new.target and callee); returns its index.
    pub(crate) fn push_code_frame(
        &mut self,
        code: Arc<Code>,
        env: Value,
        tnc: [Value; 3],
        realm: Gc<crate::realm::Realm>,
        flags: u8,
        owner: Value,
    ) -> JsResult<usize> {
        if self.frames.len() >= self.max_frames || self.native_depth >= super::MAX_NATIVE_DEPTH {
            return Err(self.make_error(ErrorKind::Range, "Maximum call stack size exceeded"));
        }
        let base = self.stack.len();
        let needed = code.register_count as usize;
        if base + needed > self.stack.capacity() {
            return Err(self.make_error(ErrorKind::Range, "Maximum call stack size exceeded"));
        }
        self.stack.resize(base + needed, Value::UNDEFINED);
        let [this, new_target, callee] = tnc;
        self.frames.push(Frame {
            code: super::CodePtr::owned(code),
            pc: 0,
            base,
            env,
            callee,
            this,
            new_target,
            argc: 0,
            extra_args: None,
            ret: 0,
            flags,
            realm,
            owner,
        });
        Ok(self.frames.len() - 1)
    }

    /// Runs a compiled script in this thread's realm.
    pub fn run_script_code(&mut self, code: Arc<Code>) -> JsResult<Value> {
        let realm = self.realm;
        let global = Value::object(realm.global());
        self.run_code(
            code,
            Value::UNDEFINED,
            global,
            Value::UNDEFINED,
            Value::UNDEFINED,
            realm,
        )
    }

    /// Compiles and runs a script in the current realm; returns its
    /// completion value.
    pub fn eval_script(&mut self, source: Arc<crate::bytecode::Source>) -> JsResult<Value> {
        let code = compiler::compile_script(source).map_err(|e| self.syntax_error_at(&e))?;
        let realm = self.realm;
        let global = Value::object(realm.global());
        self.run_code(
            code,
            Value::UNDEFINED,
            global,
            Value::UNDEFINED,
            Value::UNDEFINED,
            realm,
        )
    }

    /// Compiles and runs a script in `realm` (dynamic functions).
    pub fn eval_script_in(
        &mut self,
        source: Arc<crate::bytecode::Source>,
        realm: Gc<crate::realm::Realm>,
    ) -> JsResult<Value> {
        let code = compiler::compile_script(source).map_err(|e| self.syntax_error_at(&e))?;
        let global = Value::object(realm.global());
        self.run_code(
            code,
            Value::UNDEFINED,
            global,
            Value::UNDEFINED,
            Value::UNDEFINED,
            realm,
        )
    }

    /// Runs compiled global code (indirect eval) with `this`.
    pub fn run_code_in(
        &mut self,
        code: Arc<Code>,
        this: Value,
        realm: Gc<crate::realm::Realm>,
    ) -> JsResult<Value> {
        self.run_code(
            code,
            Value::UNDEFINED,
            this,
            Value::UNDEFINED,
            Value::UNDEFINED,
            realm,
        )
    }

    /// The TypeError of a call (or `new`) from bytecode whose callee is
    /// not callable (or not a constructor): it names the callee expression
    /// as written (`o.bar is not a function`), else the value.
    pub(crate) fn callee_error(&mut self, f: Value, construct: bool) -> Value {
        let site = self.current_site_text(|insn| {
            matches!(
                insn,
                Insn::Call { .. }
                    | Insn::CallArray { .. }
                    | Insn::New { .. }
                    | Insn::NewWithArray { .. }
            )
        });
        match site {
            Some(text) => {
                let what = if construct { "constructor" } else { "function" };
                self.make_error(ErrorKind::Type, &format!("{text} is not a {what}"))
            }
            None if construct => self.not_constructor(f),
            None => self.not_callable(f),
        }
    }

    /// The expression the current instruction names in its errors (its
    /// callee, or what it iterates), as V8 prints it, when `accept` takes
    /// the instruction and the compiler recorded the expression's span.
    pub(crate) fn current_site_text(&self, accept: impl Fn(&Insn) -> bool) -> Option<String> {
        let frame = self.frames.last()?;
        let pc = frame.pc.checked_sub(1)?;
        if !accept(frame.code.insns.get(pc)?) {
            return None;
        }
        crate::syntax::call_printer::callee_text(frame.code.callee_source(pc)?)
    }

    fn not_callable(&mut self, v: Value) -> Value {
        let what = self.describe_for_error(v);
        self.make_error(ErrorKind::Type, &format!("{what} is not a function"))
    }

    fn not_constructor(&mut self, v: Value) -> Value {
        let what = self.describe_for_error(v);
        self.make_error(ErrorKind::Type, &format!("{what} is not a constructor"))
    }
}

fn is_class_constructor(kind: FunctionKind) -> bool {
    matches!(
        kind,
        FunctionKind::ClassConstructor | FunctionKind::DerivedConstructor
    )
}
