//! The interpreter (tier 0): one `Vm` per JS thread runs bytecode.
//!
//! JS-to-JS calls do not recurse on the Rust stack: frames live in
//! `Vm::frames` and registers in one register stack that never moves.
//! Native functions that call back into JS enter `run` again (re-entry is
//! bounded by `MAX_NATIVE_DEPTH`). Every value a frame holds is in its
//! registers or its `Frame`, both roots of the collector; safepoints are
//! function entry and loop back-edges.
//!
//! Files: `mod.rs` the Vm and the dispatch loop; `call.rs` calls,
//! construction and frames; `ops.rs` operators and conversions; `env.rs`
//! environments and global names; `error.rs` error objects and stack
//! traces; `create.rs` allocation helpers; `suspend.rs` generators and
//! async functions; `iterate.rs` the iterator protocol.

mod call;
mod create;
mod env;
mod error;
mod iterate;
mod ops;
mod property;
pub mod suspend;

pub use call::CallTarget;
pub use error::ErrorKind;
pub use ops::{
    Hint, Numeric, js_pow, same_value, same_value_zero, strict_equals, string_to_bigint,
};
pub use suspend::SuspendedFrame;

use std::collections::VecDeque;
use std::sync::Arc;

use crate::builtins::disposable_stack;
use crate::bytecode::{Code, Insn, Reg};
use crate::engine::Engine;
use crate::heap::{Gc, HeapAccess, RootSet, Tracer};
use crate::object::JsObject;
use crate::realm::Realm;
use crate::threads::ThreadRecord;
use crate::threads::baton::Touch;
use crate::trace::{EventKind, TraceBuffer};
use crate::value::Value;

pub type JsResult<T> = Result<T, Value>;

/// Re-entries of the interpreter from native code before a RangeError.
const MAX_NATIVE_DEPTH: u32 = 400;
/// Default limit on JS frames per thread.
const DEFAULT_MAX_FRAMES: usize = 10_000;
/// Registers per thread (fixed: the register stack never reallocates).
const STACK_REGISTERS: usize = 1 << 20;

/// Frame flags.
pub mod frame_flags {
    /// Returning from this frame returns from `run` to Rust.
    pub const ENTRY: u8 = 1;
    /// A `new` call: the result is `this` unless an object is returned.
    pub const CONSTRUCT: u8 = 2;
    /// A generator or async body: `Yield`/`Await` suspend it.
    pub const RESUMABLE: u8 = 4;
}

/// A frame's code block, without touching a shared reference count on
/// every call: a closure's frame borrows the code its callee's closure owns
/// (the frame roots the callee, and a closure's code never changes), and
/// only script, module and eval frames own theirs. Two threads calling the
/// same function then share no written cache line.
pub struct CodePtr {
    ptr: std::ptr::NonNull<Code>,
    /// Keeps owned code alive (never read: `ptr` points into it).
    _owner: Option<Arc<Code>>,
}

// SAFETY: `Code` is immutable and `Sync`; the pointer is valid for the
// CodePtr's life (see `borrowed`), on any thread.
unsafe impl Send for CodePtr {}
// SAFETY: as above.
unsafe impl Sync for CodePtr {}

impl CodePtr {
    pub fn owned(code: Arc<Code>) -> CodePtr {
        CodePtr {
            ptr: std::ptr::NonNull::from(&*code),
            _owner: Some(code),
        }
    }

    /// # Safety
    /// `code` must outlive the returned pointer: it is owned by the closure
    /// of a function object that stays rooted at least as long (a frame's
    /// callee), or by a frame that stays on the stack while it is used.
    pub unsafe fn borrowed(code: &Code) -> CodePtr {
        CodePtr {
            ptr: std::ptr::NonNull::from(code),
            _owner: None,
        }
    }
}

impl std::ops::Deref for CodePtr {
    type Target = Code;
    #[inline]
    fn deref(&self) -> &Code {
        // SAFETY: valid for the CodePtr's life (see `borrowed` and `owned`).
        unsafe { self.ptr.as_ref() }
    }
}

/// One activation of a code block.
pub struct Frame {
    pub code: CodePtr,
    pub pc: usize,
    /// Index of register 0 in the register stack.
    pub base: usize,
    /// The current environment (an `Env` cell) or undefined.
    pub env: Value,
    pub callee: Value,
    pub this: Value,
    pub new_target: Value,
    /// Arguments actually passed.
    pub argc: u32,
    /// Arguments beyond the declared parameters.
    pub extra_args: Option<Box<[Value]>>,
    /// The caller's register that receives the result.
    pub ret: Reg,
    pub flags: u8,
    pub realm: Gc<Realm>,
    /// The generator or async state object this frame belongs to.
    pub owner: Value,
}

/// How `run` ended.
pub enum Completion {
    Return(Value),
    /// A generator yielded or an async function awaited: the frame was
    /// saved in its owner and popped.
    Suspend(Value),
}

/// Something queued to run when the JS stack is empty (promise jobs).
pub struct Job {
    pub func: Value,
    pub args: Vec<Value>,
}

/// Writes what programs print (console.log, print).
pub trait Host: Send + Sync {
    fn print(&self, text: &str);
    fn print_error(&self, text: &str) {
        self.print(text);
    }
    /// A console line from JS thread `thread` (hosts that show output
    /// per thread override this).
    fn print_from(&self, thread: u32, text: &str, error: bool) {
        let _ = thread;
        if error {
            self.print_error(text)
        } else {
            self.print(text)
        }
    }
}

/// A host that drops what programs print (benchmarks).
pub struct NullHost;

impl Host for NullHost {
    fn print(&self, _: &str) {}
}

/// The default host: stdout and stderr.
pub struct StdioHost;

impl Host for StdioHost {
    fn print(&self, text: &str) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
    }
    fn print_error(&self, text: &str) {
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "{text}");
    }
}

/// One JS thread's interpreter state.
pub struct Vm {
    pub engine: Arc<Engine>,
    access: HeapAccess,
    stack: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    /// Values held by Rust code across safepoints (see `root`).
    pub handles: Vec<Value>,
    pub realm: Gc<Realm>,
    pub jobs: VecDeque<Job>,
    /// The value being thrown, while a handler takes it.
    exception: Value,
    native_depth: u32,
    max_frames: usize,
    pub host: Arc<dyn Host>,
    /// The native functions being run, innermost last (their captured
    /// data and realm).
    native_callees: Vec<Value>,
    /// Arrays being joined (cycle detection in join/toString).
    pub(crate) join_stack: Vec<Gc<JsObject>>,
    /// This JS thread, as other threads see it (id, inbox, pending async
    /// operations).
    pub thread: Arc<ThreadRecord>,
    /// Its Thread object (`Thread.current`), or undefined until made.
    pub thread_object: Value,
    /// ThreadLocal values of this thread, by ThreadLocal id.
    pub thread_locals: rustc_hash::FxHashMap<u64, Value>,
    /// Whether this thread holds the global lock (`locked` mode).
    gil_held: bool,
    /// Whether this thread is a fiber (`threads/fiber.rs`) and so gives
    /// the host's driver a turn when its slice is over.
    yields_to_host: bool,
    /// Safepoint polls left before offering the global lock to others, or
    /// (a fiber) before checking whether the host's slice is over.
    slice_countdown: u32,
    /// Whether the engine runs in `scheduled` mode (`threads/baton.rs`).
    pub(crate) scheduled: bool,
    /// This thread's trace buffer, when tracing.
    trace: Option<Arc<TraceBuffer>>,
    /// This thread's timers (`setTimeout`, `setInterval`).
    pub(crate) timers: crate::web::timers::TimerQueue,
}

impl RootSet for Vm {
    fn trace_roots(&self, tracer: &mut Tracer) {
        let top = self
            .frames
            .last()
            .map_or(0, |f| f.base + f.code.register_count as usize);
        for v in &self.stack[..top.min(self.stack.len())] {
            tracer.mark_value(*v);
        }
        for f in &self.frames {
            tracer.mark_value(f.env);
            tracer.mark_value(f.callee);
            tracer.mark_value(f.this);
            tracer.mark_value(f.new_target);
            tracer.mark_value(f.owner);
            tracer.mark(f.realm);
            if let Some(extra) = &f.extra_args {
                for v in extra.iter() {
                    tracer.mark_value(*v);
                }
            }
        }
        for v in self.handles.iter().chain(&self.native_callees) {
            tracer.mark_value(*v);
        }
        for o in &self.join_stack {
            tracer.mark(*o);
        }
        for job in &self.jobs {
            tracer.mark_value(job.func);
            for v in &job.args {
                tracer.mark_value(*v);
            }
        }
        tracer.mark_value(self.exception);
        tracer.mark(self.realm);
        tracer.mark_value(self.thread_object);
        for v in self.thread_locals.values() {
            tracer.mark_value(*v);
        }
        self.timers.trace(tracer);
    }
}

impl Vm {
    /// The first (main) thread of a program: a new JS thread with a fresh
    /// realm (its built-ins installed).
    pub fn new(engine: Arc<Engine>, host: Arc<dyn Host>) -> Box<Vm> {
        let record = engine.threads.register();
        if let Some(s) = &engine.threads.scheduler {
            s.add(&record);
        }
        let mut vm = Vm::for_thread(engine, host, None, record);
        let realm = vm.realm;
        crate::builtins::install(&mut vm, realm);
        vm.trace_event(EventKind::ThreadStarted);
        vm
    }

    /// The main thread of a new engine, running in `realm`, a realm whose
    /// built-ins are already installed (one put back as installed by
    /// `Realm::restore_pristine`, on the engine's heap).
    pub fn with_realm(engine: Arc<Engine>, host: Arc<dyn Host>, realm: Gc<Realm>) -> Box<Vm> {
        let record = engine.threads.register();
        if let Some(s) = &engine.threads.scheduler {
            s.add(&record);
        }
        engine.register_realm(realm);
        let vm = Vm::for_thread(engine, host, Some(realm), record);
        vm.trace_event(EventKind::ThreadStarted);
        vm
    }

    /// The thread's own part of the heap (its allocation list and counts).
    pub(crate) fn mutator(&self) -> &crate::heap::MutatorState {
        self.access.state()
    }

    /// The state of JS thread `record` (registered with the engine's
    /// threads) running in `realm`, or in a fresh, empty realm. Called on
    /// the host thread that will run it.
    pub fn for_thread(
        engine: Arc<Engine>,
        host: Arc<dyn Host>,
        realm: Option<Gc<Realm>>,
        record: Arc<ThreadRecord>,
    ) -> Box<Vm> {
        record.bind_host_thread();
        let access = engine.heap.attach();
        let realm = realm.unwrap_or_else(|| {
            let realm = engine.heap.alloc(access.state(), Realm::empty());
            engine.register_realm(realm);
            realm
        });
        let trace = engine.trace.as_ref().map(|t| t.new_buffer());
        let scheduled = engine.threads.scheduler.is_some();
        let mut vm = Box::new(Vm {
            max_frames: engine.config.max_frames.unwrap_or(DEFAULT_MAX_FRAMES),
            engine,
            access,
            stack: Vec::with_capacity(STACK_REGISTERS),
            frames: Vec::new(),
            handles: Vec::new(),
            realm,
            jobs: VecDeque::new(),
            exception: Value::UNDEFINED,
            native_depth: 0,
            host,
            native_callees: Vec::new(),
            join_stack: Vec::new(),
            thread: record,
            thread_object: Value::UNDEFINED,
            thread_locals: Default::default(),
            gil_held: false,
            yields_to_host: crate::threads::fiber::active(),
            slice_countdown: crate::threads::gil::SLICE,
            scheduled,
            trace,
            timers: Default::default(),
        });
        let roots: *const dyn RootSet = &*vm as &dyn RootSet;
        // SAFETY: the Vm is boxed (it never moves) and unregisters its roots
        // in Drop before it is freed.
        unsafe { vm.access.state().set_roots(Some(roots)) };
        vm.acquire_gil();
        vm
    }

    /// Takes the global lock (`locked` mode), without heap access while
    /// waiting for it.
    pub(crate) fn acquire_gil(&mut self) {
        if self.scheduled {
            self.wait_for_baton();
            return;
        }
        if self.gil_held {
            return;
        }
        if let Some(gil) = &self.engine.threads.gil {
            let heap = &self.engine.heap;
            heap.park(self.access.state());
            gil.acquire();
            heap.unpark(self.access.state());
            self.gil_held = true;
        }
    }

    /// Gives the global lock up (before blocking).
    pub(crate) fn release_gil(&mut self) {
        if self.scheduled && self.thread.is_finished() {
            self.sched_exit();
        }
        if self.gil_held
            && let Some(gil) = &self.engine.threads.gil
        {
            self.gil_held = false;
            // SAFETY: `gil_held` says this thread holds it.
            unsafe { gil.release() };
        }
    }

    /// Lets another thread run if one waits for the global lock, or (a
    /// fiber) lets the host's driver have its turn.
    #[cold]
    fn end_slice(&mut self) {
        self.slice_countdown = crate::threads::gil::SLICE;
        if self.yields_to_host {
            if crate::threads::fiber::slice_over() {
                self.yield_to_host();
            }
            return;
        }
        if let Some(gil) = &self.engine.threads.gil {
            let heap = &self.engine.heap;
            heap.park(self.access.state());
            // SAFETY: only called while `gil_held`.
            unsafe { gil.yield_to_waiter() };
            heap.unpark(self.access.state());
        }
    }

    /// Records a trace event for this thread (one branch when not tracing).
    #[inline]
    pub fn trace_event(&self, kind: EventKind) {
        if self.scheduled {
            self.record_event_step(&kind);
        }
        if let Some(t) = &self.trace {
            t.push(crate::trace::TraceEvent {
                time: self.engine.monotonic_ms(),
                thread: self.thread.id,
                kind,
            });
        }
    }

    /// A fresh realm in this thread's engine (for `$262.createRealm`).
    pub fn create_realm(&mut self) -> Gc<Realm> {
        let realm = self.engine.heap.alloc(self.access.state(), Realm::empty());
        self.engine.register_realm(realm);
        let saved = self.realm;
        self.realm = realm;
        crate::builtins::install(self, realm);
        self.realm = saved;
        realm
    }

    #[inline]
    pub fn heap_access(&self) -> &HeapAccess {
        &self.access
    }

    /// A safepoint: takes part in a pending collection, and turns a pending
    /// out-of-memory condition into a RangeError.
    #[inline]
    pub fn safepoint(&mut self) -> JsResult<()> {
        if self.engine.is_interrupted() {
            return Err(Value::TERMINATE);
        }
        if self.gil_held | self.yields_to_host {
            self.slice_countdown -= 1;
            if self.slice_countdown == 0 {
                self.end_slice();
            }
        }
        // No Arc clone on the fast path: a shared reference count bumped at
        // every back-edge would bounce one cache line between all threads.
        if self.engine.heap.collection_requested() {
            self.collect_at_safepoint()?;
        }
        Ok(())
    }

    #[cold]
    fn collect_at_safepoint(&mut self) -> JsResult<()> {
        let heap = self.engine.heap.clone();
        {
            let engine = self.engine.clone();
            let before = self.trace.is_some().then(|| heap.stats().collections);
            let started = self.engine.monotonic_ms();
            heap.safepoint(self.access.state(), &*engine);
            if let Some(before) = before {
                let stats = heap.stats();
                if stats.collections > before {
                    if let Some(t) = &self.trace {
                        t.push(crate::trace::TraceEvent {
                            time: started,
                            thread: self.thread.id,
                            kind: EventKind::GcStart,
                        });
                    }
                    self.trace_event(EventKind::GcEnd {
                        live_bytes: stats.live_bytes as u64,
                    });
                }
            }
            crate::builtins::weak_ref::queue_cleanup_jobs(self);
            if heap.take_out_of_memory() {
                return Err(self.make_error(ErrorKind::Range, "out of memory"));
            }
        }
        Ok(())
    }

    /// Runs a full collection now (from JS: `$262.gc()`).
    pub fn collect_garbage(&mut self) {
        self.engine.heap.request_collection();
        let heap = self.engine.heap.clone();
        let engine = self.engine.clone();
        heap.safepoint(self.access.state(), &*engine);
        crate::builtins::weak_ref::queue_cleanup_jobs(self);
    }

    /// Keeps `v` alive until `unroot_to(mark)` (or, inside a native
    /// function, until it returns); returns the mark to pass.
    #[inline]
    pub fn root(&mut self, v: Value) -> usize {
        self.handles.push(v);
        self.handles.len() - 1
    }

    #[inline]
    pub fn unroot_to(&mut self, mark: usize) {
        self.handles.truncate(mark);
    }

    /// The innermost frame's realm (the current realm).
    pub fn current_realm(&self) -> Gc<Realm> {
        self.frames.last().map_or(self.realm, |f| f.realm)
    }

    /// Runs queued jobs until none remain.
    pub fn run_jobs(&mut self) -> JsResult<()> {
        // The current job (a script, or the previous job) has ended.
        self.engine.weak.clear_kept();
        while !self.jobs.is_empty() {
            // A task's start is a scheduling point (the queued job is a
            // root of this Vm while it waits).
            self.sched_point()?;
            let Some(job) = self.jobs.pop_front() else {
                break;
            };
            let mark = self.root(job.func);
            for &a in &job.args {
                self.root(a);
            }
            let result = self.call(job.func, Value::UNDEFINED, &job.args);
            self.unroot_to(mark);
            self.engine.weak.clear_kept();
            result?;
        }
        Ok(())
    }

    /// Executes frames from the top until the frame at index `entry`
    /// returns (or suspends). The caller pushed that frame with ENTRY.
    pub(crate) fn run(&mut self, entry: usize) -> JsResult<Completion> {
        // Handles made while an instruction runs live until it ends: by
        // then every value it keeps is in a register.
        let handles = self.handles.len();
        loop {
            match self.run_inner(entry, handles) {
                Ok(c) => return Ok(c),
                // Unwind to a handler in frames above `entry` (or return the
                // error when the entry frame has none).
                Err(exc) => self.unwind(exc, entry)?,
            }
        }
    }

    /// Finds a handler for `exc`, popping frames down to `entry`. Returns
    /// Ok when execution can resume, Err(exc) when the entry frame itself
    /// has no handler (it is popped). Termination (stop, deadlock) has no
    /// handler: it unwinds through every `catch` and `finally` unrun.
    pub(crate) fn unwind(&mut self, exc: Value, entry: usize) -> JsResult<()> {
        let catchable = exc != Value::TERMINATE;
        loop {
            let frame = self.frames.last_mut().expect("unwinding within run");
            let pc = frame.pc.saturating_sub(1) as u32;
            if let Some(h) = frame
                .code
                .handlers
                .iter()
                .find(|h| catchable && h.start <= pc && pc < h.end)
            {
                frame.pc = h.target as usize;
                self.exception = exc;
                return Ok(());
            }
            let done = self.frames.len() - 1 == entry;
            self.pop_frame_abrupt();
            if done {
                return Err(exc);
            }
        }
    }

    fn run_inner(&mut self, entry: usize, handles: usize) -> JsResult<Completion> {
        // SAFETY: the frame owns or borrows its code for as long as it is on
        // the stack, and `reload!` re-reads it whenever the top frame changes.
        let mut code =
            unsafe { CodePtr::borrowed(&self.frames.last().expect("a frame to run").code) };
        let mut base = self.frames.last().expect("frame").base;
        macro_rules! r {
            ($r:expr) => {
                self.stack[base + $r as usize]
            };
        }
        macro_rules! reload {
            () => {{
                let f = self.frames.last().expect("frame");
                // SAFETY: as at the start of `run_inner`.
                code = unsafe { CodePtr::borrowed(&f.code) };
                base = f.base;
            }};
        }
        loop {
            if self.handles.len() > handles {
                self.handles.truncate(handles);
            }
            let frame = self.frames.last_mut().expect("frame");
            let pc = frame.pc;
            frame.pc = pc + 1;
            let insn = code.insns[pc];
            match insn {
                Insn::Nop | Insn::Debugger => {}
                Insn::Mov { dst, src } => r!(dst) = r!(src),
                Insn::LoadUndefined { dst } => r!(dst) = Value::UNDEFINED,
                Insn::LoadNull { dst } => r!(dst) = Value::NULL,
                Insn::LoadBool { dst, value } => r!(dst) = Value::bool(value),
                Insn::LoadInt { dst, value } => r!(dst) = Value::int(value),
                Insn::LoadConst { dst, index } => {
                    let v = self.load_constant(&code, index)?;
                    r!(dst) = v;
                }
                Insn::LoadUninitialized { dst } => r!(dst) = Value::UNINITIALIZED,
                Insn::LoadThis { dst } => {
                    let this = self.frames.last().expect("frame").this;
                    if this.is_uninitialized() {
                        return Err(self.make_error(
                            ErrorKind::Reference,
                            "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                        ));
                    }
                    r!(dst) = this;
                }
                Insn::CheckThisInitialized => {
                    if self.frames.last().expect("frame").this.is_uninitialized() {
                        return Err(self.make_error(
                            ErrorKind::Reference,
                            "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                        ));
                    }
                }
                Insn::LoadNewTarget { dst } => {
                    r!(dst) = self.frames.last().expect("frame").new_target
                }
                Insn::LoadCallee { dst } => r!(dst) = self.frames.last().expect("frame").callee,
                Insn::LoadImportMeta { dst } => {
                    let meta = self.import_meta()?;
                    r!(dst) = meta;
                }
                Insn::LoadRest { dst, from } => {
                    let args = self.frame_arguments(from as usize);
                    let arr = self.new_array_from(&args);
                    r!(dst) = Value::object(arr);
                }
                Insn::CreateArguments { dst, mapped } => {
                    let _ = mapped;
                    let args = self.frame_arguments(0);
                    let callee = self.frames.last().expect("frame").callee;
                    let strict = code.flags.strict || !code.flags.simple_params;
                    let obj = self.create_arguments_object(&args, callee, strict);
                    r!(dst) = Value::object(obj);
                }
                Insn::CheckTdz { src, name } => {
                    if r!(src).is_uninitialized() {
                        return Err(self.tdz_error(&code, name));
                    }
                }
                Insn::Binary { op, dst, lhs, rhs } => {
                    let (a, b) = (r!(lhs), r!(rhs));
                    let v = match (op, a.as_int(), b.as_int()) {
                        (crate::bytecode::BinOp::Add, Some(x), Some(y)) => match x.checked_add(y) {
                            Some(s) => Value::int(s),
                            None => Value::number(x as f64 + y as f64),
                        },
                        (crate::bytecode::BinOp::Sub, Some(x), Some(y)) => match x.checked_sub(y) {
                            Some(s) => Value::int(s),
                            None => Value::number(x as f64 - y as f64),
                        },
                        (crate::bytecode::BinOp::Lt, Some(x), Some(y)) => Value::bool(x < y),
                        (crate::bytecode::BinOp::StrictEq, Some(x), Some(y)) => Value::bool(x == y),
                        _ => self.binary_op(op, a, b)?,
                    };
                    r!(dst) = v;
                }
                Insn::Unary { op, dst, src } => {
                    let v = self.unary_op(op, r!(src))?;
                    r!(dst) = v;
                }
                Insn::Jump { target } => {
                    if (target as usize) <= pc {
                        self.safepoint()?;
                    }
                    self.frames.last_mut().expect("frame").pc = target as usize;
                }
                Insn::JumpIfTrue { cond, target } => {
                    if self.to_boolean(r!(cond)) {
                        if (target as usize) <= pc {
                            self.safepoint()?;
                        }
                        self.frames.last_mut().expect("frame").pc = target as usize;
                    }
                }
                Insn::JumpIfFalse { cond, target } => {
                    if !self.to_boolean(r!(cond)) {
                        self.frames.last_mut().expect("frame").pc = target as usize;
                    }
                }
                Insn::JumpIfNullish { src, target } => {
                    if r!(src).is_nullish() {
                        self.frames.last_mut().expect("frame").pc = target as usize;
                    }
                }
                Insn::JumpIfNotNullish { src, target } => {
                    if !r!(src).is_nullish() {
                        self.frames.last_mut().expect("frame").pc = target as usize;
                    }
                }
                Insn::JumpIfUndefined { src, target } => {
                    if r!(src).is_undefined() {
                        self.frames.last_mut().expect("frame").pc = target as usize;
                    }
                }
                Insn::JumpIfNotUndefined { src, target } => {
                    if !r!(src).is_undefined() {
                        self.frames.last_mut().expect("frame").pc = target as usize;
                    }
                }
                Insn::PushEnv { scope } => self.push_env(&code, scope),
                Insn::PopEnv => self.pop_env(),
                Insn::CopyEnv => self.copy_env(),
                Insn::SaveEnv { dst } => r!(dst) = self.frames.last().expect("frame").env,
                Insn::RestoreEnv { src } => {
                    let env = r!(src);
                    self.frames.last_mut().expect("frame").env = env;
                }
                Insn::GetEnv { dst, depth, slot } => {
                    self.sched_touch(Touch::Variable { depth, slot }, None)?;
                    r!(dst) = self.env_slot(depth, slot).load();
                }
                Insn::GetEnvChecked {
                    dst,
                    depth,
                    slot,
                    name,
                } => {
                    self.sched_touch(Touch::Variable { depth, slot }, None)?;
                    let v = self.env_slot(depth, slot).load();
                    if v.is_uninitialized() {
                        return Err(self.tdz_error(&code, name));
                    }
                    r!(dst) = v;
                }
                Insn::GetImport {
                    dst,
                    depth,
                    slot,
                    name,
                } => {
                    let v = crate::module::read_import_slot(self.env_slot(depth, slot).load());
                    if v.is_uninitialized() {
                        return Err(self.tdz_error(&code, name));
                    }
                    r!(dst) = v;
                }
                Insn::SetEnv { src, depth, slot } => {
                    self.sched_touch(Touch::Variable { depth, slot }, Some(r!(src)))?;
                    let v = r!(src);
                    self.env_slot(depth, slot).store(v);
                }
                Insn::SetEnvChecked {
                    src,
                    depth,
                    slot,
                    name,
                } => {
                    self.sched_touch(Touch::Variable { depth, slot }, Some(r!(src)))?;
                    let v = r!(src);
                    let s = self.env_slot(depth, slot);
                    if s.load().is_uninitialized() {
                        return Err(self.tdz_error(&code, name));
                    }
                    s.store(v);
                }
                Insn::GetGlobal { dst, name, ic } => {
                    self.sched_touch(Touch::Global(name), None)?;
                    let v = self.get_global(&code, name, ic)?;
                    r!(dst) = v;
                }
                Insn::TypeofGlobal { dst, name } => {
                    let v = self.typeof_global(&code, name)?;
                    r!(dst) = v;
                }
                Insn::SetGlobal { src, name, ic } => {
                    self.sched_touch(Touch::Global(name), Some(r!(src)))?;
                    let v = r!(src);
                    self.set_global(&code, name, ic, v)?;
                }
                Insn::InitGlobalLexical { src, name } => {
                    let v = r!(src);
                    self.init_global_lexical(&code, name, v);
                }
                Insn::DeleteGlobal { dst, name } => {
                    let v = self.delete_global(&code, name)?;
                    r!(dst) = v;
                }
                Insn::DeclareGlobals { index } => self.declare_globals(&code, index)?,
                Insn::GetName { dst, name } => {
                    let (v, _) = self.get_name(&code, name, false)?;
                    r!(dst) = v;
                }
                Insn::TypeofName { dst, name } => {
                    let v = self.typeof_name(&code, name)?;
                    r!(dst) = v;
                }
                Insn::SetName { src, name } => {
                    let v = r!(src);
                    self.set_name(&code, name, v)?;
                }
                Insn::ResolveName { dst, name } => {
                    let reference = self.resolve_name(&code, name)?;
                    r!(dst) = reference;
                }
                Insn::GetRef {
                    dst,
                    reference,
                    name,
                } => {
                    let v = self.get_ref(&code, r!(reference), name)?;
                    r!(dst) = v;
                }
                Insn::SetRef {
                    reference,
                    name,
                    src,
                } => {
                    let (reference, v) = (r!(reference), r!(src));
                    self.set_ref(&code, reference, name, v)?;
                }
                Insn::DeleteName { dst, name } => {
                    let v = self.delete_name(&code, name)?;
                    r!(dst) = v;
                }
                Insn::GetNameWithThis { dst, this, name } => {
                    let (v, t) = self.get_name(&code, name, true)?;
                    r!(dst) = v;
                    r!(this) = t;
                }
                Insn::PushWith { object } => {
                    let obj = self.to_object(r!(object))?;
                    self.push_with(obj);
                }
                Insn::GetProp { dst, obj, name, ic } => {
                    let o = r!(obj);
                    self.sched_touch(Touch::Named { object: o, name }, None)?;
                    let v = match o.as_object() {
                        Some(object) => match code.ic[ic as usize].get() {
                            Some((shape, slot)) if object.shape().0 == shape => {
                                object.slot(slot).map_or(Value::UNDEFINED, |s| s.load())
                            }
                            _ => self.get_prop_ic(&code, o, name, ic)?,
                        },
                        None => self.get_prop_ic(&code, o, name, ic)?,
                    };
                    r!(dst) = v;
                }
                Insn::SetProp { obj, name, src, ic } => {
                    let (o, v) = (r!(obj), r!(src));
                    self.sched_touch(Touch::Named { object: o, name }, Some(v))?;
                    if let Some(object) = o.as_object()
                        && let Some((shape, slot)) = code.ic[ic as usize].get()
                        && object.shape().0 == shape
                        && let Some(s) = object.slot(slot)
                    {
                        s.store(v);
                    } else {
                        self.set_prop_ic(&code, o, name, ic, v)?;
                    }
                }
                Insn::GetElem { dst, obj, key } => {
                    let (object, index) = (r!(obj), r!(key));
                    self.sched_touch(Touch::Element { object, key: index }, None)?;
                    let v = self.get_elem(r!(obj), r!(key))?;
                    r!(dst) = v;
                }
                Insn::SetElem { obj, key, src } => {
                    let (object, index) = (r!(obj), r!(key));
                    self.sched_touch(Touch::Element { object, key: index }, Some(r!(src)))?;
                    let (o, k, v) = (r!(obj), r!(key), r!(src));
                    self.set_elem(o, k, v, code.flags.strict)?;
                }
                Insn::DeleteProp { dst, obj, name } => {
                    let key = self.constant_key(&code, name);
                    let v = self.delete_value_property(r!(obj), key, code.flags.strict)?;
                    r!(dst) = v;
                }
                Insn::DeleteElem { dst, obj, key } => {
                    let o = r!(obj);
                    if o.is_nullish() {
                        return Err(self.make_error(
                            ErrorKind::Type,
                            "Cannot convert undefined or null to object",
                        ));
                    }
                    let key = self.to_property_key(r!(key))?;
                    let v = self.delete_value_property(o, key, code.flags.strict)?;
                    r!(dst) = v;
                }
                Insn::GetSuper { dst, key } => {
                    let v = self.get_super(r!(key))?;
                    r!(dst) = v;
                }
                Insn::SetSuper { key, src } => {
                    let (k, v) = (r!(key), r!(src));
                    self.set_super(k, v)?;
                }
                Insn::GetPrivate { dst, obj, name } => {
                    let v = self.get_private(r!(obj), r!(name))?;
                    r!(dst) = v;
                }
                Insn::SetPrivate { obj, name, src } => {
                    let (o, n, v) = (r!(obj), r!(name), r!(src));
                    self.set_private(o, n, v)?;
                }
                Insn::DefinePrivate { obj, name, src } => {
                    let (o, n, v) = (r!(obj), r!(name), r!(src));
                    self.define_private(o, n, v)?;
                }
                Insn::DefinePrivateMethod { obj, name, getter } => {
                    let (o, n, g, s) = (r!(obj), r!(name), r!(getter), r!(getter + 1));
                    self.define_private_method(o, n, g, s)?;
                }
                Insn::HasPrivate { dst, obj, name } => {
                    let v = self.has_private(r!(obj), r!(name))?;
                    r!(dst) = v;
                }
                Insn::DefineOwn { obj, key, src } => {
                    let (o, k, v) = (r!(obj), r!(key), r!(src));
                    let key = self.to_property_key(k)?;
                    self.create_data_property_or_throw(o, key, v)?;
                }
                Insn::DefineOwnNamed { obj, name, src } => {
                    let key = self.constant_key(&code, name);
                    let (o, v) = (r!(obj), r!(src));
                    self.create_data_property_or_throw(o, key, v)?;
                }
                Insn::DefineGetter {
                    obj,
                    key,
                    func,
                    enumerable,
                } => {
                    let (o, k, f) = (r!(obj), r!(key), r!(func));
                    self.define_accessor_half(o, k, f, true, enumerable)?;
                }
                Insn::DefineSetter {
                    obj,
                    key,
                    func,
                    enumerable,
                } => {
                    let (o, k, f) = (r!(obj), r!(key), r!(func));
                    self.define_accessor_half(o, k, f, false, enumerable)?;
                }
                Insn::DefineMethod {
                    obj,
                    key,
                    func,
                    enumerable,
                } => {
                    let (o, k, f) = (r!(obj), r!(key), r!(func));
                    self.define_method_value(o, k, f, enumerable)?;
                }
                Insn::SetHomeObject { func, home } => {
                    let (f, h) = (r!(func), r!(home));
                    self.set_home_object(f, h);
                }
                Insn::SetFunctionName { func, key, prefix } => {
                    let (f, k) = (r!(func), r!(key));
                    self.set_function_name_from_key(f, k, prefix)?;
                }
                Insn::CopyDataProperties { dst, src, excluded } => {
                    let (d, s, e) = (r!(dst), r!(src), r!(excluded));
                    self.copy_data_properties(d, s, e)?;
                }
                Insn::SetProtoLiteral { obj, src } => {
                    let (o, v) = (r!(obj), r!(src));
                    if (v.is_object() || v.is_null())
                        && let Some(o) = o.as_object()
                    {
                        o.set_proto(v);
                    }
                }
                Insn::NewObject { dst } => {
                    let o = self.new_object();
                    r!(dst) = Value::object(o);
                }
                Insn::NewArray { dst } => {
                    let a = self.new_array_from(&[]);
                    r!(dst) = Value::object(a);
                }
                Insn::ArrayPush { array, src } => {
                    let (a, v) = (r!(array), r!(src));
                    if let Some(a) = a.as_object() {
                        a.push_element(v);
                    }
                }
                Insn::ArrayPushHole { array } => {
                    if let Some(a) = r!(array).as_object() {
                        let len = a.length();
                        a.set_array_length(len + 1);
                    }
                }
                Insn::ArraySpread { array, iterable } => {
                    let (a, it) = (r!(array), r!(iterable));
                    self.spread_into_array(a, it)?;
                }
                Insn::NewRegExp {
                    dst,
                    pattern,
                    flags,
                } => {
                    let v = self.new_regexp_from_constants(&code, pattern, flags)?;
                    r!(dst) = v;
                }
                Insn::GetTemplateObject { dst, index } => {
                    let v = self.template_object(&code, index);
                    r!(dst) = v;
                }
                Insn::MakeClosure { dst, index } => {
                    let f = self.make_closure(&code, index)?;
                    r!(dst) = f;
                }
                Insn::MakeClass {
                    dst,
                    proto,
                    ctor,
                    parent,
                    has_parent,
                    name,
                } => {
                    let p = r!(parent);
                    let (c, pr) = self.make_class(&code, ctor, p, has_parent, name)?;
                    r!(dst) = c;
                    r!(proto) = pr;
                }
                Insn::NewPrivateName { dst, name } => {
                    let atom = self.constant_atom(&code, name);
                    let private = crate::string::Atom::new_private(atom.text());
                    r!(dst) = Value::symbol(private);
                }
                Insn::SetClassFields { ctor, init } => {
                    let (c, i) = (r!(ctor), r!(init));
                    if let Some(o) = c.as_object()
                        && let crate::object::ObjectKind::Function(closure) = &o.kind
                    {
                        closure.fields.store(i);
                    }
                }
                Insn::InitFields => self.init_fields()?,
                Insn::Call {
                    dst,
                    callee,
                    this,
                    args,
                    argc,
                } => {
                    let (f, t) = (r!(callee), r!(this));
                    match self.prepare_call(
                        f,
                        t,
                        base + args as usize,
                        argc as usize,
                        dst,
                        Value::UNDEFINED,
                    )? {
                        CallTarget::Pushed => reload!(),
                        CallTarget::Done(v) => r!(dst) = v,
                    }
                }
                Insn::CallArray {
                    dst,
                    callee,
                    this,
                    args,
                } => {
                    let (f, t) = (r!(callee), r!(this));
                    if !self.is_callable(f) {
                        return Err(self.callee_error(f, false));
                    }
                    let list = self.array_to_list(r!(args));
                    let v = self.call(f, t, &list)?;
                    r!(dst) = v;
                }
                Insn::CallEval {
                    dst,
                    callee,
                    args,
                    argc,
                    scope,
                } => {
                    let f = r!(callee);
                    let list: Vec<Value> = (0..argc).map(|i| r!(args + i)).collect();
                    let v = self.call_eval(&code, f, &list, scope)?;
                    r!(dst) = v;
                }
                Insn::New {
                    dst,
                    callee,
                    args,
                    argc,
                } => {
                    let f = r!(callee);
                    let list: Vec<Value> = (0..argc).map(|i| r!(args + i)).collect();
                    let v = self.construct_checked(f, &list, None)?;
                    r!(dst) = v;
                }
                Insn::NewWithArray { dst, callee, args } => {
                    let f = r!(callee);
                    let list = self.array_to_list(r!(args));
                    let v = self.construct_checked(f, &list, None)?;
                    r!(dst) = v;
                }
                Insn::SuperCall { dst, args, argc } => {
                    let list: Vec<Value> = (0..argc).map(|i| r!(args + i)).collect();
                    let v = self.super_call(&list)?;
                    r!(dst) = v;
                }
                Insn::SuperCallArray { dst, args } => {
                    let list = self.array_to_list(r!(args));
                    let v = self.super_call(&list)?;
                    r!(dst) = v;
                }
                Insn::ImportCall {
                    dst,
                    specifier,
                    options,
                } => {
                    let v = self.dynamic_import(r!(specifier), r!(options))?;
                    r!(dst) = v;
                }
                Insn::Return { src } => {
                    let v = r!(src);
                    let frame_index = self.frames.len() - 1;
                    let v = self.finish_return(v)?;
                    let frame = self.pop_frame();
                    if frame_index == entry || frame.flags & frame_flags::ENTRY != 0 {
                        return Ok(Completion::Return(v));
                    }
                    reload!();
                    r!(frame.ret) = v;
                }
                Insn::Throw { src } => return Err(r!(src)),
                Insn::ThrowError { kind, message } => {
                    return Err(self.compile_time_error(&code, kind, message));
                }
                Insn::GetIterator { dst, src, is_async } => {
                    let v = self.get_iterator_value(r!(src), is_async)?;
                    r!(dst) = v;
                }
                Insn::IteratorNext { dst, iter } => {
                    let v = self.iterator_next_result(r!(iter))?;
                    r!(dst) = v;
                }
                Insn::IteratorUnpack {
                    done,
                    value,
                    result,
                    read,
                } => {
                    let (d, v) = self.iterator_unpack(r!(result), read)?;
                    r!(done) = Value::bool(d);
                    r!(value) = v;
                }
                Insn::AsyncIteratorReturn { dst, called, iter } => {
                    match self.async_iterator_return(r!(iter))? {
                        Some(v) => {
                            r!(dst) = v;
                            r!(called) = Value::TRUE;
                        }
                        None => r!(called) = Value::FALSE,
                    }
                }
                Insn::IteratorResultCheck { src } => {
                    if !r!(src).is_object() {
                        return Err(
                            self.make_error(ErrorKind::Type, "Iterator result is not an object")
                        );
                    }
                }
                Insn::IteratorClose { iter, quiet } => {
                    self.iterator_close_value(r!(iter), quiet)?
                }
                Insn::IteratorStep { value, done, iter } => {
                    let step = self.iterator_step_value(r!(iter));
                    match step {
                        Ok(Some(v)) => r!(value) = v,
                        Ok(None) => {
                            r!(value) = Value::UNDEFINED;
                            r!(done) = Value::TRUE;
                        }
                        Err(e) => {
                            // An error from the iterator itself: do not close it.
                            r!(done) = Value::TRUE;
                            return Err(e);
                        }
                    }
                }
                Insn::RequireObjectCoercible { src } => {
                    let v = r!(src);
                    if v.is_nullish() {
                        let what = if v.is_null() { "null" } else { "undefined" };
                        let pc = self.frames.last().map_or(0, |f| f.pc.saturating_sub(1));
                        let message = match code.callee_source(pc) {
                            Some(name) => format!(
                                "Cannot destructure property '{name}' of '{what}' as it is {what}."
                            ),
                            None => format!("Cannot destructure '{what}' as it is {what}."),
                        };
                        return Err(self.make_error(ErrorKind::Type, &message));
                    }
                }
                Insn::ForInStart { dst, obj } => {
                    let v = self.for_in_start(r!(obj))?;
                    r!(dst) = v;
                }
                Insn::ForInNext { dst, iter, target } => match self.for_in_next(r!(iter))? {
                    Some(k) => r!(dst) = k,
                    None => self.frames.last_mut().expect("frame").pc = target as usize,
                },
                // Resumable frames are always entry frames (generators and
                // async functions are entered from Rust): suspending saves
                // the frame in its owner and returns to that Rust caller.
                Insn::GeneratorStart => return Ok(Completion::Suspend(self.generator_start()?)),
                Insn::Yield { src, .. }
                | Insn::AsyncGeneratorYield { src, .. }
                | Insn::Await { src, .. } => {
                    return Ok(Completion::Suspend(self.suspend_frame(r!(src))));
                }
                Insn::YieldStar {
                    dst,
                    iter,
                    received,
                    kind,
                } => {
                    let v = self.yield_star_step(r!(iter), r!(received), r!(kind))?;
                    r!(dst) = v;
                }
                Insn::Catch { dst } => {
                    r!(dst) = std::mem::replace(&mut self.exception, Value::UNDEFINED);
                }
                Insn::DisposeNew { dst } => {
                    let v = disposable_stack::new_scope(self);
                    r!(dst) = v;
                }
                Insn::DisposeAdd {
                    scope,
                    value,
                    is_async,
                } => disposable_stack::add_resource(self, r!(scope), r!(value), is_async)?,
                Insn::DisposeBegin { scope, kind, value } => {
                    let throwing = r!(kind) == Value::int(crate::compiler::COMPLETION_THROW);
                    disposable_stack::begin(r!(scope), throwing.then(|| r!(value)));
                }
                Insn::DisposeStep { dst, scope, target } => {
                    match disposable_stack::step(self, r!(scope))? {
                        Some(v) => r!(dst) = v,
                        None => self.frames.last_mut().expect("frame").pc = target as usize,
                    }
                }
                Insn::DisposeError { scope, error } => {
                    disposable_stack::record_error(self, r!(scope), r!(error));
                }
                Insn::DisposeEnd { scope } => {
                    if let Some(e) = disposable_stack::finish(r!(scope)) {
                        return Err(e);
                    }
                }
            }
        }
    }
}

impl Drop for Vm {
    fn drop(&mut self) {
        if !self.thread.is_finished() {
            self.engine
                .threads
                .finish(&self.thread, Value::UNDEFINED, true);
        }
        // SAFETY: called by the owner with heap access; the pointer set in
        // `new` is about to dangle.
        unsafe { self.access.state().set_roots(None) };
        self.release_gil();
    }
}
