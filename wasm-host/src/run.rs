//! One program run, as the embedding API's `engine.run` sees it: a fresh
//! `Engine` per run (so runs never see each other's globals), its console
//! lines and trace events collected for `poll` to hand out in batches, and
//! its `Outcome` once the main JS thread has finished.
//!
//! In the threaded build the main JS thread runs on a pool worker and
//! `Run::new` returns at once, so the controller worker stays free to poll
//! and to stop the run. In the builds without shared memory there are no
//! other workers: the program runs inside `Run::new` (no thread API) or in
//! the controller's fiber driver right after it (interleaved), and its
//! console lines go out as they are printed (`weftHost.console`).

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value as Json, json};
use wasm_bindgen::prelude::*;
use weft::engine::{Engine, EngineConfig, Mode};
use weft::heap::HeapConfig;
use weft::interpreter::{Host, Vm};
use weft::program::{self, ErrorKind, Outcome, ProgramKind};
use weft::threads::scheduler::{Schedule, ScheduleConfig, Strategy};
use weft::trace::{EventKind, TraceEvent};
use weft_vocabulary::run::{ConsoleLine, RunError, RunResult};

#[wasm_bindgen]
extern "C" {
    /// The console of the builds without shared memory: one line as soon
    /// as printed.
    #[wasm_bindgen(js_namespace = weftHost, js_name = console)]
    fn post_console_line(line: &str);
    /// Tells the controller the run has ended, so it polls at once.
    #[wasm_bindgen(js_namespace = weftHost, js_name = runFinished)]
    fn run_finished();
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What the run's threads write and the controller reads.
#[derive(Default)]
struct Shared {
    console: Mutex<Vec<ConsoleLine>>,
    outcome: Mutex<Option<Outcome>>,
}

/// The engine's `Host` for a run: console lines into `Shared` (or straight
/// to JavaScript when nobody can poll).
struct RunHost {
    shared: Arc<Shared>,
    post_at_once: bool,
    /// For the lines' times, on the clock the trace uses (virtual in
    /// scheduled mode).
    engine: Arc<Engine>,
}

impl Host for RunHost {
    fn print(&self, text: &str) {
        self.print_from(0, text, false);
    }
    fn print_error(&self, text: &str) {
        self.print_from(0, text, true);
    }
    fn print_from(&self, thread: u32, text: &str, error: bool) {
        let line = ConsoleLine {
            thread,
            text: text.to_string(),
            error,
            time: self.engine.monotonic_ms(),
        };
        if self.post_at_once {
            post_console_line(&serde_json::to_string(&line).unwrap_or_default());
        } else {
            lock(&self.shared.console).push(line);
        }
    }
}

/// How many trace events a run hands out in full. Past it only thread
/// lifecycle events go out (after one `trace-thinned` marker), so a program
/// that takes a lock a million times neither floods the page with messages
/// nor hides when its threads ended.
const TRACE_EVENT_LIMIT: usize = 20_000;

/// A running (or finished) program.
#[wasm_bindgen]
pub struct Run {
    engine: Arc<Engine>,
    shared: Arc<Shared>,
    /// Trace events handed out so far.
    traced: std::cell::Cell<usize>,
}

#[wasm_bindgen]
impl Run {
    /// Starts `source` (named `filename`; a module when it ends in `.mjs`
    /// or only parses as one) in `mode` ("parallel", "locked" or
    /// "scheduled"), recording the trace when `trace` is set. The heap is
    /// limited to `max_heap` bytes so that running out of memory is a
    /// RangeError, not a trap. `schedule` is JSON for scheduled mode:
    /// `{seed, strategy, schedule, races, maxSteps}`, each optional.
    #[wasm_bindgen(constructor)]
    pub fn new(
        source: String,
        filename: String,
        mode: &str,
        trace: bool,
        max_heap: f64,
        schedule: &str,
    ) -> Result<Run, JsError> {
        let mode: Mode = mode.parse().map_err(|e: String| JsError::new(&e))?;
        let engine = Engine::new(EngineConfig {
            mode,
            heap: HeapConfig {
                max_heap: max_heap as usize,
                ..HeapConfig::default()
            },
            trace,
            schedule: schedule_config(schedule).map_err(|e| JsError::new(&e))?,
            ..EngineConfig::default()
        });
        let shared = Arc::new(Shared::default());
        let threaded = crate::threads_enabled();
        let host = Arc::new(RunHost {
            shared: shared.clone(),
            post_at_once: !threaded,
            engine: engine.clone(),
        });
        let main = {
            let (engine, shared) = (engine.clone(), shared.clone());
            move || {
                let mut vm = Vm::new(engine, host);
                let outcome = program::run(&mut vm, &filename, &source, ProgramKind::Detect);
                drop(vm);
                *lock(&shared.outcome) = Some(outcome);
                run_finished();
            }
        };
        // With fibers, the main JS thread is one too: the controller's
        // driver runs it (and every other) after this returns.
        if threaded || weft::threads::fiber::active() {
            weft::threads::pool::spawn(Box::new(main)).map_err(|e| JsError::new(&e))?;
        } else {
            main();
        }
        Ok(Run {
            engine,
            shared,
            traced: std::cell::Cell::new(0),
        })
    }

    /// Everything new since the last poll, as JSON:
    /// `{"console": [...], "events": [...], "done": null | outcome}`.
    /// `done` is set once the main JS thread has finished; the console and
    /// events of that poll are the run's last.
    pub fn poll(&self) -> String {
        // Read the outcome first: lines and events written before the end
        // are then certainly in this batch.
        let done = lock(&self.shared.outcome)
            .as_ref()
            .map(|o| with_schedule(run_result(o), &self.engine));
        let console = std::mem::take(&mut *lock(&self.shared.console));
        let events = self
            .engine
            .trace
            .as_ref()
            .map(|log| self.thin(log.drain()))
            .unwrap_or_default();
        json!({ "console": console, "events": events, "done": done }).to_string()
    }

    /// Stops every thread of the run at its next safepoint (or wake-up, if
    /// blocked); the run then ends with status "stopped".
    pub fn stop(&self) {
        self.engine.interrupt();
    }
}

impl Run {
    /// `events` as JSON, within `TRACE_EVENT_LIMIT`.
    fn thin(&self, events: Vec<TraceEvent>) -> Vec<Json> {
        let mut out = Vec::new();
        let mut traced = self.traced.get();
        for e in &events {
            let lifecycle = matches!(
                e.kind,
                EventKind::ThreadCreated { .. }
                    | EventKind::ThreadStarted
                    | EventKind::ThreadFinished
                    | EventKind::ThreadFailed
            );
            if traced == TRACE_EVENT_LIMIT {
                out.push(wire_json(&TraceEvent {
                    time: e.time,
                    thread: e.thread,
                    kind: EventKind::TraceThinned,
                }));
                traced += 1;
            }
            if traced < TRACE_EVENT_LIMIT || lifecycle {
                out.push(wire_json(e));
                traced += usize::from(traced < TRACE_EVENT_LIMIT);
            }
        }
        self.traced.set(traced);
        out
    }
}

/// Scheduled mode's options from the embedding API's JSON.
pub(crate) fn schedule_config(text: &str) -> Result<ScheduleConfig, String> {
    let mut config = ScheduleConfig::default();
    if text.is_empty() {
        return Ok(config);
    }
    let json: Json = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if let Some(seed) = json.get("seed").and_then(Json::as_f64) {
        config.seed = seed as u64;
    }
    if let Some(s) = json.get("strategy").and_then(Json::as_str) {
        config.strategy = Strategy::parse(s)?;
    }
    if let Some(s) = json.get("schedule").and_then(Json::as_str) {
        config.strategy = Strategy::Replay(s.parse::<Schedule>()?.0);
    }
    config.races = json.get("races").and_then(Json::as_bool).unwrap_or(false);
    config.steps = json.get("steps").and_then(Json::as_bool).unwrap_or(false);
    config.max_steps = json
        .get("maxSteps")
        .and_then(Json::as_f64)
        .map(|n| n as u64);
    Ok(config)
}

/// Adds what a scheduled run reports to its result: the schedule it took
/// (`--schedule` replays it), its data races when asked for, its steps
/// when asked for, and where step mode paused.
fn with_schedule(mut result: RunResult, engine: &Engine) -> Json {
    if let Some(s) = &engine.threads.scheduler {
        let schedule = s.schedule();
        result.decisions = Some(schedule.0.len() as u32);
        result.schedule = Some(schedule);
        if let Some(pause) = s.pause() {
            result.status = "paused".into();
            result.pause = Some(pause);
        }
    }
    if let Some(r) = &engine.threads.races {
        result.races = Some(r.races());
    }
    if let Some(log) = &engine.threads.steps {
        let (steps, truncated) = log.snapshot();
        result.steps = Some(steps);
        result.steps_truncated = truncated;
    }
    wire_json(&result)
}

/// Any of the vocabulary's values as JSON.
pub(crate) fn wire_json(value: &impl serde::Serialize) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// How a program ended, as the page reads it.
pub(crate) fn run_result(outcome: &Outcome) -> RunResult {
    match outcome {
        Outcome::Ok(value) => RunResult {
            status: "ok".into(),
            value: value.clone(),
            ..RunResult::default()
        },
        Outcome::Stopped => RunResult {
            status: "stopped".into(),
            ..RunResult::default()
        },
        Outcome::Error(e) => RunResult {
            status: "error".into(),
            error: Some(RunError {
                name: e.name.clone(),
                message: e.message.clone(),
                stack: e.stack.clone(),
                kind: Some(
                    match e.kind {
                        ErrorKind::Syntax => "syntax",
                        ErrorKind::Uncaught => "uncaught",
                        ErrorKind::Deadlock => "deadlock",
                        ErrorKind::Load => "load",
                        ErrorKind::NeverSettled => "never-settled",
                        ErrorKind::Schedule => "schedule",
                    }
                    .into(),
                ),
                line: e.position.map(|p| p.0),
                column: e.position.map(|p| p.1),
                report: e.report.clone(),
                deadlock: e.deadlock.clone(),
            }),
            ..RunResult::default()
        },
    }
}
