//! Suspending and resuming frames: generators and async functions.
//!
//! A resumable frame is always an entry frame (generators and async
//! functions are entered from Rust). Suspending copies the frame and its
//! registers into its owner object (the generator, or the async
//! function's state) and pops it; resuming pushes the copy back and runs.

use parking_lot::Mutex;

use super::{Completion, ErrorKind, Frame, JsResult, Vm, frame_flags};
use crate::bytecode::Insn;
use crate::heap::{Gc, Trace, Tracer};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;

/// A frame at rest.
pub struct SuspendedFrame {
    /// Owned, or borrowed from `callee`'s closure (which this frame traces).
    code: super::CodePtr,
    pc: usize,
    env: Value,
    callee: Value,
    this: Value,
    new_target: Value,
    argc: u32,
    extra_args: Option<Box<[Value]>>,
    realm: Gc<Realm>,
    registers: Box<[Value]>,
}

impl Trace for SuspendedFrame {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.env);
        tracer.mark_value(self.callee);
        tracer.mark_value(self.this);
        tracer.mark_value(self.new_target);
        tracer.mark(self.realm);
        if let Some(extra) = &self.extra_args {
            for v in extra.iter() {
                tracer.mark_value(*v);
            }
        }
        for v in self.registers.iter() {
            tracer.mark_value(*v);
        }
    }
}

impl SuspendedFrame {
    /// The instruction the frame suspended at.
    fn suspended_at(&self) -> Insn {
        self.code.insns[self.pc - 1]
    }

    /// The instruction the frame suspended at (for drivers).
    pub fn suspended_instruction(&self) -> Insn {
        self.suspended_at()
    }
}

/// How a suspended frame is resumed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ResumeMode {
    Next = 0,
    Throw = 1,
    Return = 2,
}

/// Where a generator is in its life.
pub enum GeneratorState {
    SuspendedStart(SuspendedFrame),
    SuspendedYield(SuspendedFrame),
    Executing,
    Completed,
}

/// A generator object's internal state.
pub struct Generator {
    pub state: Mutex<GeneratorState>,
}

impl Trace for Generator {
    fn trace(&self, tracer: &mut Tracer) {
        match &*self.state.lock() {
            GeneratorState::SuspendedStart(f) | GeneratorState::SuspendedYield(f) => {
                f.trace(tracer)
            }
            _ => {}
        }
    }
}

impl BuiltinState for Generator {
    fn class_name(&self) -> &'static str {
        "Generator"
    }
}

/// A suspended async function (or async generator) frame and its driver
/// data.
pub struct AsyncState {
    pub frame: Mutex<Option<SuspendedFrame>>,
    /// The promise the async function returned, and its resolvers.
    pub promise: Value,
    pub resolve: Value,
    pub reject: Value,
}

impl Trace for AsyncState {
    fn trace(&self, tracer: &mut Tracer) {
        if let Some(f) = &*self.frame.lock() {
            f.trace(tracer);
        }
        tracer.mark_value(self.promise);
        tracer.mark_value(self.resolve);
        tracer.mark_value(self.reject);
    }
}

impl BuiltinState for AsyncState {
    fn class_name(&self) -> &'static str {
        "AsyncFunctionState"
    }
}

impl Vm {
    /// Pops the top frame into a `SuspendedFrame`.
    fn take_frame(&mut self) -> SuspendedFrame {
        let frame = self.frames.last().expect("frame");
        let registers: Box<[Value]> =
            self.stack[frame.base..frame.base + frame.code.register_count as usize].into();
        let f = self.pop_frame();
        SuspendedFrame {
            code: f.code,
            pc: f.pc,
            env: f.env,
            callee: f.callee,
            this: f.this,
            new_target: f.new_target,
            argc: f.argc,
            extra_args: f.extra_args,
            realm: f.realm,
            registers,
        }
    }

    /// Suspends the top frame into its owner; returns `value`.
    pub(crate) fn suspend_frame(&mut self, value: Value) -> Value {
        let owner = self.frames.last().expect("frame").owner;
        let saved = self.take_frame();
        if let Some(o) = owner.as_object() {
            if let Some(g) = o.kind.builtin::<Generator>() {
                *g.state.lock() = GeneratorState::SuspendedYield(saved);
            } else if let Some(a) = o.kind.builtin::<AsyncState>() {
                *a.frame.lock() = Some(saved);
            } else {
                crate::builtins::async_generator::store_frame(o, saved);
            }
        }
        value
    }

    /// `GeneratorStart`: creates the generator object (its prototype read
    /// from the function, after the parameters ran) and suspends into it.
    pub(crate) fn generator_start(&mut self) -> JsResult<Value> {
        let (callee, is_async) = {
            let f = self.frames.last().expect("frame");
            (f.callee, f.code.flags.is_async)
        };
        let fallback = if is_async {
            Intrinsic::AsyncGeneratorPrototype
        } else {
            Intrinsic::GeneratorPrototype
        };
        let proto = self.prototype_from_constructor(callee, fallback)?;
        let saved = self.take_frame();
        if is_async {
            let g = crate::builtins::async_generator::create(self, proto, saved);
            return Ok(Value::object(g));
        }
        let state = Generator {
            state: Mutex::new(GeneratorState::SuspendedStart(saved)),
        };
        let g = self.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)));
        Ok(Value::object(g))
    }

    /// Pushes a saved frame back (as an entry frame owned by `owner`) and
    /// delivers the resumption; then runs it.
    pub fn resume_frame(
        &mut self,
        saved: SuspendedFrame,
        owner: Value,
        mode: ResumeMode,
        value: Value,
    ) -> JsResult<Completion> {
        let base = self.stack.len();
        let n = saved.registers.len();
        if base + n > self.stack.capacity() || self.frames.len() >= self.max_frames {
            return Err(self.make_error(ErrorKind::Range, "Maximum call stack size exceeded"));
        }
        let at = saved.suspended_at();
        self.stack.extend_from_slice(&saved.registers);
        self.frames.push(Frame {
            code: saved.code,
            pc: saved.pc,
            base,
            env: saved.env,
            callee: saved.callee,
            this: saved.this,
            new_target: saved.new_target,
            argc: saved.argc,
            extra_args: saved.extra_args,
            ret: 0,
            flags: frame_flags::ENTRY | frame_flags::RESUMABLE,
            realm: saved.realm,
            owner,
        });
        let entry = self.frames.len() - 1;
        match at {
            Insn::Yield { dst, kind, .. } | Insn::AsyncGeneratorYield { dst, kind, .. } => {
                self.stack[base + dst as usize] = value;
                self.stack[base + kind as usize] = Value::int(mode as i32);
            }
            Insn::Await { dst, .. } => {
                if mode == ResumeMode::Throw {
                    self.native_depth += 1;
                    let r = self.unwind_then_run(value, entry);
                    self.native_depth -= 1;
                    return r;
                }
                self.stack[base + dst as usize] = value;
            }
            _ => {}
        }
        self.native_depth += 1;
        let r = self.run(entry);
        self.native_depth -= 1;
        r
    }

    /// Delivers a throw at the suspension point (to a handler in the
    /// resumed frame, or out of it), then continues.
    fn unwind_then_run(&mut self, exc: Value, entry: usize) -> JsResult<Completion> {
        self.unwind(exc, entry)?;
        self.run(entry)
    }

    /// Calls a generator or async function (always from Rust).
    pub(crate) fn start_resumable(
        &mut self,
        func: Gc<JsObject>,
        this: Value,
        args: &[Value],
    ) -> JsResult<Value> {
        let ObjectKind::Function(closure) = &func.kind else {
            unreachable!("closure")
        };
        let (generator, is_async) = (closure.code.flags.generator, closure.code.flags.is_async);
        if generator {
            // Runs the parameters up to GeneratorStart, which suspends.
            self.push_frame(
                func,
                this,
                args,
                Value::UNDEFINED,
                0,
                frame_flags::ENTRY | frame_flags::RESUMABLE,
            )?;
            let entry = self.frames.len() - 1;
            self.native_depth += 1;
            let r = self.run(entry);
            self.native_depth -= 1;
            return match r? {
                Completion::Suspend(g) | Completion::Return(g) => Ok(g),
            };
        }
        debug_assert!(is_async);
        let (promise, resolve, reject) = crate::builtins::promise::new_intrinsic_capability(self);
        let state = AsyncState {
            frame: Mutex::new(None),
            promise,
            resolve,
            reject,
        };
        let owner =
            Value::object(self.alloc_object(Value::NULL, ObjectKind::Builtin(Box::new(state))));
        self.root(owner);
        self.push_frame(
            func,
            this,
            args,
            Value::UNDEFINED,
            0,
            frame_flags::ENTRY | frame_flags::RESUMABLE,
        )?;
        self.frames.last_mut().expect("frame").owner = owner;
        let entry = self.frames.len() - 1;
        self.native_depth += 1;
        let r = self.run(entry);
        self.native_depth -= 1;
        self.drive_async(owner, r)?;
        Ok(promise)
    }

    /// Starts a module body that awaits at top level, like an async
    /// function's body: `capability` (promise, resolve, reject) settles
    /// when it completes.
    pub(crate) fn start_async_code(
        &mut self,
        code: std::sync::Arc<crate::bytecode::Code>,
        env: Value,
        realm: Gc<Realm>,
        capability: [Value; 3],
    ) -> JsResult<()> {
        let [promise, resolve, reject] = capability;
        let state = AsyncState {
            frame: Mutex::new(None),
            promise,
            resolve,
            reject,
        };
        let owner =
            Value::object(self.alloc_object(Value::NULL, ObjectKind::Builtin(Box::new(state))));
        self.root(owner);
        let entry = self.push_code_frame(
            code,
            env,
            [Value::UNDEFINED; 3],
            realm,
            frame_flags::ENTRY | frame_flags::RESUMABLE,
            owner,
        )?;
        self.native_depth += 1;
        let r = self.run(entry);
        self.native_depth -= 1;
        self.drive_async(owner, r)
    }

    /// After an async function's frame ran: settle its promise on return
    /// or throw, or wait for the awaited value.
    pub(crate) fn drive_async(&mut self, owner: Value, r: JsResult<Completion>) -> JsResult<()> {
        let state = owner.as_object().expect("async owner");
        let st = state.kind.builtin::<AsyncState>().expect("async state");
        let (resolve, reject) = (st.resolve, st.reject);
        match r {
            Ok(Completion::Return(v)) => {
                self.call(resolve, Value::UNDEFINED, &[v])?;
            }
            Err(e) => {
                self.call(reject, Value::UNDEFINED, &[e])?;
            }
            Ok(Completion::Suspend(awaited)) => {
                crate::builtins::promise::await_value(self, owner, awaited)?;
            }
        }
        Ok(())
    }

    /// Resumes an async function after its awaited promise settled.
    pub fn resume_async(&mut self, owner: Value, mode: ResumeMode, value: Value) -> JsResult<()> {
        let state = owner.as_object().expect("async owner");
        let saved = state
            .kind
            .builtin::<AsyncState>()
            .expect("async state")
            .frame
            .lock()
            .take();
        let Some(saved) = saved else { return Ok(()) };
        let r = self.resume_frame(saved, owner, mode, value);
        self.drive_async(owner, r)
    }

    /// Generator.prototype.next/throw/return.
    pub fn generator_resume(
        &mut self,
        generator: Value,
        mode: ResumeMode,
        value: Value,
    ) -> JsResult<Value> {
        let Some(obj) = generator.as_object() else {
            return Err(self.make_error(ErrorKind::Type, "not a generator"));
        };
        let Some(g) = obj.kind.builtin::<Generator>() else {
            return Err(self.make_error(ErrorKind::Type, "not a generator"));
        };
        let state = std::mem::replace(&mut *g.state.lock(), GeneratorState::Executing);
        let saved = match state {
            GeneratorState::Executing => {
                *g.state.lock() = GeneratorState::Executing;
                return Err(self.make_error(ErrorKind::Type, "Generator is already running"));
            }
            GeneratorState::Completed => {
                *g.state.lock() = GeneratorState::Completed;
                return match mode {
                    ResumeMode::Throw => Err(value),
                    ResumeMode::Return => Ok(Value::object(self.iter_result(value, true))),
                    ResumeMode::Next => Ok(Value::object(self.iter_result(Value::UNDEFINED, true))),
                };
            }
            GeneratorState::SuspendedStart(f) => {
                if mode != ResumeMode::Next {
                    *g.state.lock() = GeneratorState::Completed;
                    return match mode {
                        ResumeMode::Throw => Err(value),
                        _ => Ok(Value::object(self.iter_result(value, true))),
                    };
                }
                f
            }
            GeneratorState::SuspendedYield(f) => f,
        };
        let r = self.resume_frame(saved, generator, mode, value);
        match r {
            Ok(Completion::Suspend(v)) => {
                // The frame is back in the generator (suspend_frame).
                let raw = matches!(&*g.state.lock(), GeneratorState::SuspendedYield(f) if matches!(f.suspended_at(), Insn::Yield { delegate: true, .. }));
                if raw {
                    Ok(v)
                } else {
                    Ok(Value::object(self.iter_result(v, false)))
                }
            }
            Ok(Completion::Return(v)) => {
                *g.state.lock() = GeneratorState::Completed;
                Ok(Value::object(self.iter_result(v, true)))
            }
            Err(e) => {
                *g.state.lock() = GeneratorState::Completed;
                Err(e)
            }
        }
    }
}
