//! `explore`: systematic search over the schedules of a small program in
//! `scheduled` mode, collecting its distinct outcomes.
//!
//! The search is *preemption-bounded* (as in CHESS): a depth-first walk of
//! the tree of scheduling decisions, re-running the program from the start
//! for each schedule (stateless: a run is cheap, a snapshot of a heap with
//! threads is not), where a *preemption* is switching away from a thread
//! that could have gone on. Schedules with more than `preemptions`
//! preemptions are not run. Most concurrency bugs need very few
//! preemptions, the number of schedules within a bound grows polynomially
//! with the program's length rather than exponentially, and the bound is a
//! plain statement of what was covered. Dynamic partial-order reduction
//! would prune schedules that only reorder independent accesses, but it
//! needs every access's footprint to be exact, including inside built-ins;
//! a missed dependency there silently loses outcomes, which a teaching tool
//! must not do.
//!
//! Each run is a fresh engine with the `Prefix` strategy: the choices of
//! the schedule being tried, then no preemption. Its decisions (with the
//! threads that could have run at each) extend the tree.
//!
//! Installing the built-ins would cost most of a run, so a search installs
//! them once: the first run's realm is snapshotted (`realm/snapshot.rs`)
//! and every later run gets a new engine on the same heap, with that realm
//! put back as installed (`Pristine`). A run therefore sees exactly what a
//! freshly installed realm shows, and collects at the same allocations.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::bytecode::{Code, Source};
use crate::engine::{Engine, EngineConfig, Mode};
use crate::heap::{Gc, Heap, HeapAccounting};
use crate::interpreter::{Host, Vm};
use crate::program::{self, Outcome, ProgramKind};
use crate::realm::Realm;
use crate::threads::scheduler::{Decision, Schedule, Strategy};

/// Bounds of a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExploreOptions {
    /// Stop after this many schedules.
    pub max_schedules: u64,
    /// Run only schedules with at most this many preemptions (`None`: all).
    pub preemptions: Option<u32>,
}

impl Default for ExploreOptions {
    fn default() -> ExploreOptions {
        ExploreOptions {
            max_schedules: 100_000,
            preemptions: Some(2),
        }
    }
}

/// A distinct outcome, and what a search found (with the bounds it ran
/// with): the page's types, sent as they are.
pub use weft_vocabulary::explore::{ExploreReport, ExploredOutcome};

/// Lets another thread stop a search, including the run in progress.
#[derive(Default)]
pub struct ExploreControl {
    stop: AtomicBool,
    current: std::sync::Mutex<Option<Arc<Engine>>>,
}

impl ExploreControl {
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Release);
        if let Some(e) = self
            .current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            e.interrupt();
        }
    }
    pub fn is_stopped(&self) -> bool {
        self.stop.load(Ordering::Acquire)
    }
    /// The engine of the run in progress; interrupted at once when the
    /// search was stopped before it started.
    fn set_current(&self, engine: Option<Arc<Engine>>) {
        let mut current = self.current.lock().unwrap_or_else(|p| p.into_inner());
        *current = engine;
        if self.is_stopped()
            && let Some(e) = current.as_ref()
        {
            e.interrupt();
        }
    }
}

/// Collects a run's console output.
#[derive(Default)]
struct Capture(std::sync::Mutex<String>);

impl Host for Capture {
    fn print(&self, text: &str) {
        let mut out = self.0.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str(text);
        out.push('\n');
    }
}

/// One decision on the path being explored.
struct Branch {
    chosen: u32,
    /// Choices at this decision not tried yet.
    untried: Vec<u32>,
    /// The thread that was running, if it could go on.
    running: Option<u32>,
    /// Preemptions on the path before this decision.
    preemptions_before: u32,
}

impl Branch {
    fn preempts(&self, choice: u32) -> bool {
        self.running.is_some_and(|r| r != choice)
    }
}

/// Runs the program `text` (named `name`) under every schedule within the
/// bounds, calling `progress` after each run with the report so far.
/// `config` gives the engine options (its mode and strategy are set here).
pub fn explore(
    name: &str,
    text: &str,
    config: &EngineConfig,
    options: &ExploreOptions,
    control: &ExploreControl,
    progress: &mut dyn FnMut(&ExploreReport),
) -> ExploreReport {
    search(name, text, config, options, control, progress, true)
}

/// `explore` with every run on a freshly made engine and realm, the
/// built-ins installed anew each time: what reusing one realm must be
/// indistinguishable from (tests and the benchmark compare the two).
pub fn explore_on_fresh_engines(
    name: &str,
    text: &str,
    config: &EngineConfig,
    options: &ExploreOptions,
    control: &ExploreControl,
    progress: &mut dyn FnMut(&ExploreReport),
) -> ExploreReport {
    search(name, text, config, options, control, progress, false)
}

fn search(
    name: &str,
    text: &str,
    config: &EngineConfig,
    options: &ExploreOptions,
    control: &ExploreControl,
    progress: &mut dyn FnMut(&ExploreReport),
    reuse_realm: bool,
) -> ExploreReport {
    let mut report = ExploreReport {
        preemptions: options.preemptions,
        max_schedules: options.max_schedules,
        ..ExploreReport::default()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut path: Vec<Branch> = Vec::new();
    let kind = if program::is_module(name, text, ProgramKind::Detect) {
        ProgramKind::Module
    } else {
        ProgramKind::Script
    };
    let mut pristine = Pristine {
        reused: None,
        refused: !reuse_realm,
    };
    // A script is compiled once (a syntax error is left to the first run
    // to report, as any run would); fresh engines compile it every time.
    let compiled = match kind {
        ProgramKind::Script if reuse_realm => {
            let source = Source::new(name, text);
            crate::compiler::compile_script(source.clone())
                .ok()
                .map(|code| (source, code))
        }
        _ => None,
    };
    let program = Program {
        name,
        text,
        kind,
        compiled,
    };
    loop {
        if control.is_stopped() {
            report.stopped = true;
            break;
        }
        if report.schedules >= options.max_schedules {
            break;
        }
        let prefix: Vec<u32> = path.iter().map(|b| b.chosen).collect();
        let (outcome, decisions) = run_once(&program, config, prefix, control, &mut pristine);
        if control.is_stopped() {
            report.stopped = true;
            break;
        }
        report.schedules += 1;
        let (output, failed) = match outcome {
            RunEnd::Done { output, failed } => (output, failed),
            RunEnd::Unrunnable(e) => {
                report.error = Some(e);
                break;
            }
        };
        let schedule = Schedule(decisions.iter().map(|d| d.chosen).collect());
        match seen.get(&output) {
            Some(&i) => report.outcomes[i].count += 1,
            None => {
                seen.insert(output.clone(), report.outcomes.len());
                report.outcomes.push(ExploredOutcome {
                    output,
                    failed,
                    count: 1,
                    schedule,
                });
            }
        }
        extend(&mut path, &decisions, options, &mut report);
        // Backtrack to the deepest decision with a choice left.
        while path.last().is_some_and(|b| b.untried.is_empty()) {
            path.pop();
        }
        let Some(last) = path.last_mut() else {
            report.complete = true;
            progress(&report);
            break;
        };
        last.chosen = last.untried.remove(0);
        progress(&report);
    }
    report
}

/// Adds the decisions a run made past the explored path, with the choices
/// the preemption bound leaves.
fn extend(
    path: &mut Vec<Branch>,
    decisions: &[Decision],
    options: &ExploreOptions,
    report: &mut ExploreReport,
) {
    for d in decisions.iter().skip(path.len()) {
        let preemptions_before = path.last().map_or(0, |b| {
            b.preemptions_before + u32::from(b.preempts(b.chosen))
        });
        let mut branch = Branch {
            chosen: d.chosen,
            untried: Vec::new(),
            running: d.running,
            preemptions_before,
        };
        for &t in &d.enabled {
            if t == d.chosen {
                continue;
            }
            let within = options
                .preemptions
                .is_none_or(|bound| preemptions_before + u32::from(branch.preempts(t)) <= bound);
            if within {
                branch.untried.push(t);
            } else {
                report.bounded = true;
            }
        }
        path.push(branch);
    }
}

enum RunEnd {
    Done {
        output: String,
        failed: bool,
    },
    /// The program cannot run at all (a syntax error, a module that does
    /// not load): no schedule will differ.
    Unrunnable(String),
}

/// A realm installed once and put back as installed before each run, on
/// the heap it lives in.
struct Reused {
    heap: Arc<Heap>,
    realm: Gc<Realm>,
    /// The collection trigger right after the built-ins were installed.
    accounting: HeapAccounting,
    /// Bytes the runs since the last collection allocated (the garbage
    /// they left, at most).
    garbage: usize,
    /// `Heap::allocated_total` when the run in progress started.
    total_at_start: usize,
    /// Collections so far (a run may collect by itself).
    collections: u64,
}

/// Collect the garbage runs leave behind once they allocated this much.
const GARBAGE_LIMIT: usize = 8 << 20;

/// The realm the runs of one search share, if they can.
struct Pristine {
    reused: Option<Reused>,
    /// The realm could not be snapshotted (or the caller asked for fresh
    /// engines): every run installs its own.
    refused: bool,
}

impl Pristine {
    /// A new engine for one run, and its main thread: on the reused realm
    /// put back as installed, or freshly installed (then snapshotted for
    /// the next runs).
    fn start(&mut self, config: EngineConfig, host: Arc<dyn Host>) -> (Arc<Engine>, Box<Vm>) {
        if let Some(r) = &mut self.reused {
            // SAFETY: the last run's engine is gone and none of its threads
            // runs (`finish` saw the only reference to it), and no engine
            // uses the heap now.
            unsafe { r.realm.restore_pristine() };
            let engine = Engine::on_heap(config, r.heap.clone());
            let mut vm = Vm::with_realm(engine.clone(), host, r.realm);
            if r.garbage >= GARBAGE_LIMIT {
                vm.collect_garbage();
                r.garbage = 0;
            }
            r.heap.restore_accounting(vm.mutator(), &r.accounting);
            r.total_at_start = r.heap.allocated_total();
            r.collections = r.heap.stats().collections;
            return (engine, vm);
        }
        let engine = Engine::new(config);
        let vm = Vm::new(engine.clone(), host);
        if !self.refused {
            match Realm::take_snapshot(vm.realm) {
                Ok(()) => {
                    self.reused = Some(Reused {
                        heap: engine.heap.clone(),
                        realm: vm.realm,
                        accounting: engine.heap.accounting(vm.mutator()),
                        garbage: 0,
                        total_at_start: engine.heap.allocated_total(),
                        collections: engine.heap.stats().collections,
                    })
                }
                Err(_) => self.refused = true,
            }
        }
        (engine, vm)
    }

    /// Called with the run's engine once its main thread is dropped: the
    /// realm is reused only if nothing else holds the engine (every
    /// thread's `Vm` has let go of it, so none runs JS or touches a cell
    /// any more; one may still be detaching its heap access, which the
    /// heap's world lock orders with the next run's).
    fn finish(&mut self, engine: Arc<Engine>) {
        let Some(r) = &mut self.reused else {
            return;
        };
        // Threads let go of the engine as they end, just after the run
        // saw them finish: wait for them briefly.
        let deadline = crate::clock::monotonic_ms() + 1000.0;
        while Arc::strong_count(&engine) > 1 && crate::clock::monotonic_ms() < deadline {
            crate::threads::pool::yield_host();
        }
        if Arc::strong_count(&engine) > 1 {
            // A thread still runs: the next run installs a realm of its own.
            self.reused = None;
            return;
        }
        if engine.heap.stats().collections != r.collections {
            // The run collected: what earlier runs left is gone.
            r.garbage = 0;
        }
        // The main thread started with the install's unflushed bytes,
        // which it flushed when it detached.
        let allocated = engine.heap.allocated_total() - r.total_at_start;
        r.garbage += allocated.saturating_sub(r.accounting.unflushed());
    }
}

/// The program a search runs.
struct Program<'a> {
    name: &'a str,
    text: &'a str,
    kind: ProgramKind,
    /// The script, compiled once for every run.
    compiled: Option<(Arc<Source>, Arc<Code>)>,
}

fn run_once(
    program: &Program,
    config: &EngineConfig,
    prefix: Vec<u32>,
    control: &ExploreControl,
    pristine: &mut Pristine,
) -> (RunEnd, Vec<Decision>) {
    let mut config = config.clone();
    config.mode = Mode::Scheduled;
    config.schedule.strategy = Strategy::Prefix(prefix);
    let capture = Arc::new(Capture::default());
    let (engine, mut vm) = pristine.start(config, capture.clone());
    if let Some(loader) = module_loader() {
        engine.set_module_loader(loader);
    }
    control.set_current(Some(engine.clone()));
    let outcome = match &program.compiled {
        Some((source, code)) => program::run_compiled_script(&mut vm, source, code.clone()),
        None => program::run(&mut vm, program.name, program.text, program.kind),
    };
    let decisions = engine
        .threads
        .scheduler
        .as_ref()
        .map(|s| s.decisions())
        .unwrap_or_default();
    drop(vm);
    control.set_current(None);
    pristine.finish(engine);
    let mut output = std::mem::take(&mut *capture.0.lock().unwrap_or_else(|p| p.into_inner()));
    let end = match outcome {
        Outcome::Ok(_) => RunEnd::Done {
            output,
            failed: false,
        },
        Outcome::Stopped => RunEnd::Done {
            output: output + "(stopped)\n",
            failed: true,
        },
        Outcome::Error(e) => match e.kind {
            program::ErrorKind::Syntax | program::ErrorKind::Load => RunEnd::Unrunnable(e.report),
            _ => {
                output.push_str(&e.report);
                output.push('\n');
                RunEnd::Done {
                    output,
                    failed: true,
                }
            }
        },
    };
    (end, decisions)
}

/// Modules import files relative to the working directory natively; the
/// wasm host has no files.
fn module_loader() -> Option<Arc<dyn crate::module::ModuleLoader>> {
    #[cfg(not(target_family = "wasm"))]
    {
        Some(Arc::new(crate::module::FsLoader::new(".")))
    }
    #[cfg(target_family = "wasm")]
    {
        None
    }
}
