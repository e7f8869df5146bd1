//! The engine: what every thread of one JavaScript world shares.
//!
//! Owns the heap, the realms (as GC roots), the configuration (mode, GC
//! stress, tracing), the registry of weak containers, the host's module
//! loader, the registry of JS threads (`threads/`), the trace log
//! (`trace/`) and why the program was ended, if the engine ended it.
//! Per-thread state lives in the
//! interpreter's `Vm`; everything here is `Sync`.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::builtins::weak_ref::WeakRegistry;
use crate::heap::{Gc, Heap, HeapConfig, RootSet, Tracer};
use crate::module::ModuleLoader;
use crate::realm::Realm;
use crate::threads::scheduler::{EPOCH_MS, ScheduleConfig};
use crate::threads::{Termination, Threads};
use crate::trace::TraceLog;

/// How JS threads share the engine (docs/threads.md, "Modes").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// No global lock: threads run JS at the same time.
    #[default]
    Parallel,
    /// One global lock handed between threads at safepoints and blocking
    /// calls.
    Locked,
    /// One thread at a time, and a deterministic scheduler picks which at
    /// every shared access (`threads/scheduler.rs`).
    Scheduled,
}

impl std::str::FromStr for Mode {
    type Err = String;
    fn from_str(s: &str) -> Result<Mode, String> {
        match s {
            "parallel" => Ok(Mode::Parallel),
            "locked" => Ok(Mode::Locked),
            "scheduled" => Ok(Mode::Scheduled),
            other => Err(format!(
                "unknown mode '{other}' (expected parallel, locked or scheduled)"
            )),
        }
    }
}

/// Engine options.
#[derive(Clone, Debug, Default)]
pub struct EngineConfig {
    pub mode: Mode,
    pub heap: HeapConfig,
    /// Frames a thread's JS stack may hold before a RangeError.
    pub max_frames: Option<usize>,
    /// Record the trace event stream (`Engine::trace`).
    pub trace: bool,
    /// Threads that may be alive at once, the main thread included
    /// (`MAX_LIVE_THREADS` when not set); one more `new Thread` is a
    /// RangeError.
    pub max_threads: Option<usize>,
    /// How `scheduled` mode chooses (ignored in the other modes).
    pub schedule: ScheduleConfig,
}

/// The default bound on live threads: far more than any program needs
/// cores for, few enough that a runaway spawning loop fails fast instead
/// of exhausting the host's threads or memory.
pub const MAX_LIVE_THREADS: usize = 4096;

pub struct Engine {
    pub heap: Arc<Heap>,
    pub config: EngineConfig,
    realms: Mutex<Vec<Gc<Realm>>>,
    /// Set by the host to stop every thread at its next safepoint.
    interrupted: AtomicBool,
    /// Weak containers (WeakMap, WeakSet, WeakRef, FinalizationRegistry)
    /// and pending finalization work.
    pub weak: WeakRegistry,
    /// The JS threads: registry, deadlock detection, the global lock.
    pub threads: Threads,
    /// Why the engine ended the program, while `interrupted` is set.
    termination: Mutex<Option<Termination>>,
    /// The trace event stream, when `config.trace` is on.
    pub trace: Option<TraceLog>,
    /// How `import` finds modules (none: importing throws).
    module_loader: RwLock<Option<Arc<dyn ModuleLoader>>>,
    /// The wall-clock time the engine started (`performance.timeOrigin`).
    pub time_origin: f64,
    /// The monotonic clock when the engine started (`performance.now()`'s
    /// zero).
    pub started_monotonic: f64,
    /// The next timer id (`setTimeout`): ids are unique in the engine, so
    /// one thread's id never names another thread's timer.
    pub(crate) next_timer_id: AtomicU32,
}

impl Engine {
    /// A new engine. Where JS threads are fibers (`threads/fiber.rs`) it
    /// runs in `scheduled` mode whatever `config` asks: on one host thread,
    /// only the scheduler can interleave threads.
    pub fn new(config: EngineConfig) -> Arc<Engine> {
        let heap = Heap::new(config.heap.clone());
        Engine::on_heap(config, heap)
    }

    /// An engine on `heap`, which a finished engine may have used: its
    /// cells stay (a realm put back as installed, `realm/snapshot.rs`, and
    /// garbage the next collection frees). No thread of the earlier engine
    /// may still be running. The heap keeps its own configuration.
    pub fn on_heap(mut config: EngineConfig, heap: Arc<Heap>) -> Arc<Engine> {
        crate::string::atom::init();
        if crate::threads::fiber::active() {
            config.mode = Mode::Scheduled;
        }
        let scheduled = config.mode == Mode::Scheduled;
        Arc::new(Engine {
            heap,
            threads: Threads::new(config.mode, &config.schedule),
            trace: config.trace.then(TraceLog::default),
            config,
            realms: Mutex::new(Vec::new()),
            interrupted: AtomicBool::new(false),
            weak: WeakRegistry::default(),
            termination: Mutex::new(None),
            module_loader: RwLock::new(None),
            // A scheduled run's clocks are virtual (`threads/scheduler.rs`).
            time_origin: if scheduled {
                EPOCH_MS
            } else {
                crate::clock::now_ms()
            },
            started_monotonic: if scheduled {
                0.0
            } else {
                crate::clock::monotonic_ms()
            },
            next_timer_id: AtomicU32::new(1),
        })
    }

    /// Installs the host's module loader (used by every thread).
    pub fn set_module_loader(&self, loader: Arc<dyn ModuleLoader>) {
        *self
            .module_loader
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Some(loader);
    }

    /// The host's module loader, if it installed one.
    pub fn module_loader(&self) -> Option<Arc<dyn ModuleLoader>> {
        self.module_loader
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Keeps `realm` alive for the engine's life.
    pub fn register_realm(&self, realm: Gc<Realm>) {
        self.realms
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(realm);
    }

    /// Every realm of the engine.
    pub fn realms(&self) -> Vec<Gc<Realm>> {
        self.realms
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn mode(&self) -> Mode {
        self.config.mode
    }

    /// The monotonic clock in ms (timers, deadlines, the trace): the
    /// scheduler's virtual clock in `scheduled` mode.
    pub fn monotonic_ms(&self) -> f64 {
        match &self.threads.scheduler {
            Some(s) => s.now_ms(),
            None => crate::clock::monotonic_ms(),
        }
    }

    /// The wall clock in ms since the Unix epoch (`Date.now`): virtual in
    /// `scheduled` mode, starting at `EPOCH_MS`.
    pub fn now_ms(&self) -> f64 {
        match &self.threads.scheduler {
            Some(s) => EPOCH_MS + s.now_ms(),
            None => crate::clock::now_ms(),
        }
    }

    /// Stops the running program: every thread throws an uncatchable
    /// termination at its next safepoint (loop back-edge or call), until
    /// `resume` is called. Safe to call from any thread.
    pub fn interrupt(&self) {
        self.terminate(Termination::Stopped);
    }

    /// Ends the program on every thread, recording why (the first reason
    /// given wins), and wakes blocked threads so they notice.
    pub fn terminate(&self, why: Termination) {
        {
            let mut t = self.termination.lock().unwrap_or_else(|p| p.into_inner());
            if t.is_none() {
                *t = Some(why);
            }
        }
        self.interrupted.store(true, Ordering::Release);
        if let Some(log) = &self.threads.steps {
            log.close();
        }
        // The scheduler decides nothing more: the threads unwind without
        // the baton, and their last steps (which depend on host timing)
        // are not part of the run's schedule.
        if let Some(s) = &self.threads.scheduler {
            s.release_all();
        }
        self.threads.wake_all();
    }

    /// Why the engine ended the program, if it did.
    pub fn termination(&self) -> Option<Termination> {
        self.termination
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Lets code run again after `interrupt` (or a deadlock).
    pub fn resume(&self) {
        *self.termination.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.threads.clear_deadlock();
        if let Some(s) = &self.threads.scheduler {
            s.resume();
        }
        self.interrupted.store(false, Ordering::Release);
    }

    #[inline]
    pub fn is_interrupted(&self) -> bool {
        self.interrupted.load(Ordering::Relaxed)
    }
}

impl RootSet for Engine {
    fn trace_roots(&self, tracer: &mut Tracer) {
        for realm in self.realms.lock().unwrap_or_else(|p| p.into_inner()).iter() {
            tracer.mark(*realm);
        }
        self.weak.trace_roots(tracer);
        self.threads.trace_roots(tracer);
    }

    fn mark_weak_round(&self, tracer: &mut Tracer) -> bool {
        self.weak.mark_ephemerons(tracer)
    }

    fn after_marking(&self) {
        self.weak.after_marking();
    }
}
