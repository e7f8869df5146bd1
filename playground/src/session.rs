//! The run in progress and what it has shown: its console lines, its
//! timeline, how it ended, and the tally of a "run N times". Shared by the
//! full playground and the embed widget through the `use_session` hook; the
//! state lives in one `RefCell` (batches of events fold into it in place)
//! and every change re-renders the component that holds the handle.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Interval;
use yew::prelude::*;

use crate::engine_host::{self, ConsoleLine, RunResult, Scheduling};
use crate::outcomes::{self, Outcomes};
use crate::timeline::Timeline;

/// The console keeps this many lines of a run (the rest are counted).
const CONSOLE_LIMIT: usize = 5_000;

/// Where the session is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Status {
    #[default]
    Idle,
    Running,
    Finished,
}

/// Everything the views draw.
#[derive(Default)]
pub struct Session {
    pub status: Status,
    /// Counts runs, so that a late batch of an old run is dropped (and
    /// tests can tell one run's end from the next's).
    pub run_id: u32,
    /// Page-clock times (ms) of the run's start and end.
    pub started_at: f64,
    pub finished_at: Option<f64>,
    pub console: Vec<ConsoleLine>,
    pub console_dropped: usize,
    pub timeline: Timeline,
    pub result: Option<RunResult>,
    /// The engine could not run at all (it failed to load).
    pub failure: Option<String>,
    pub outcomes: Option<Outcomes>,
    stop_requested: bool,
    /// The trace's times are the scheduler's virtual clock (scheduled
    /// mode), not the page's: the timeline then ends at its last event.
    virtual_clock: bool,
}

impl Session {
    /// "3-running", "3-finished": the page shows it as `data-run` on its root.
    pub fn marker(&self) -> String {
        let status = match self.status {
            Status::Idle => "idle",
            Status::Running => "running",
            Status::Finished => "finished",
        };
        format!("{}-{status}", self.run_id)
    }

    fn begin(&mut self) -> u32 {
        self.run_id += 1;
        self.status = Status::Running;
        self.started_at = now();
        self.finished_at = None;
        self.console.clear();
        self.console_dropped = 0;
        self.timeline = Timeline::default();
        self.result = None;
        self.failure = None;
        self.stop_requested = false;
        self.run_id
    }

    fn end(&mut self) {
        self.status = Status::Finished;
        self.finished_at = Some(now());
    }

    fn add_console(&mut self, lines: Vec<ConsoleLine>) {
        for line in lines {
            if self.console.len() < CONSOLE_LIMIT {
                self.console.push(line);
            } else {
                self.console_dropped += 1;
            }
        }
    }

    /// How long the run has taken (so far), in ms.
    pub fn elapsed(&self) -> f64 {
        self.end_or_now() - self.started_at
    }

    /// The run's end (or now) on the engine's clock.
    fn end_or_now(&self) -> f64 {
        self.finished_at.unwrap_or_else(now)
    }

    /// The timeline's "now": the latest moment to draw, on its own time axis.
    pub fn timeline_now(&self) -> f64 {
        self.timeline
            .relative(self.timeline_end())
            .max(self.timeline.last)
    }

    /// The run's end (or now) on the trace's clock.
    fn timeline_end(&self) -> f64 {
        if self.virtual_clock {
            self.timeline.latest_absolute()
        } else {
            self.end_or_now()
        }
    }
}

/// The page's clock, the one the engine's trace and console times use.
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.time_origin() + p.now())
}

/// The session and the means to run programs in it.
#[derive(Clone)]
pub struct SessionHandle {
    state: Rc<RefCell<Session>>,
    redraw: Callback<()>,
}

impl PartialEq for SessionHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state)
    }
}

/// The component's session (one per component, for its life).
#[hook]
pub fn use_session() -> SessionHandle {
    let state = use_mut_ref(Session::default);
    let update = use_force_update();
    SessionHandle {
        state,
        redraw: Callback::from(move |()| update.force_update()),
    }
}

impl SessionHandle {
    pub fn get(&self) -> Ref<'_, Session> {
        self.state.borrow()
    }

    pub fn running(&self) -> bool {
        self.get().status == Status::Running
    }

    /// Runs `source` once with its trace, updating the views as it goes
    /// (and ticking the time axis every 100 ms while it runs). Does nothing
    /// while another run is in progress. `on_end` gets the result.
    pub fn run(
        &self,
        source: String,
        mode: String,
        scheduling: Scheduling,
        on_end: impl FnOnce(&RunResult) + 'static,
    ) {
        if self.running() {
            return;
        }
        let id = self.state.borrow_mut().begin();
        self.state.borrow_mut().outcomes = None;
        self.state.borrow_mut().virtual_clock = mode == "scheduled";
        self.redraw.emit(());
        let (state, redraw) = (self.state.clone(), self.redraw.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let tick = {
                let redraw = redraw.clone();
                Interval::new(100, move || redraw.emit(()))
            };
            let batch_state = state.clone();
            let batch_redraw = redraw.clone();
            let result =
                engine_host::run(&source, &mode, true, &scheduling, move |lines, events| {
                    let mut s = batch_state.borrow_mut();
                    if s.run_id != id {
                        return;
                    }
                    s.add_console(lines);
                    s.timeline.apply_all(&events);
                    drop(s);
                    batch_redraw.emit(());
                })
                .await;
            drop(tick);
            let mut s = state.borrow_mut();
            if s.run_id == id {
                s.end();
                match result {
                    Ok(result) => {
                        let end = s.timeline_end();
                        s.timeline.end_run(end, result.status == "error");
                        on_end(&result);
                        s.result = Some(result);
                    }
                    Err(message) => s.failure = Some(message),
                }
            }
            drop(s);
            redraw.emit(());
        });
    }

    /// Runs `source` `times` times without tracing and tallies how each
    /// run ended; the console shows the latest run's lines.
    pub fn run_many(&self, source: String, mode: String, times: u32) {
        if self.running() {
            return;
        }
        let id = self.state.borrow_mut().begin();
        self.state.borrow_mut().outcomes = Some(Outcomes::new(&source, times));
        self.redraw.emit(());
        let (state, redraw) = (self.state.clone(), self.redraw.clone());
        wasm_bindgen_futures::spawn_local(async move {
            // How many decisions the program takes, once a run has said.
            let mut steps = 0;
            for run in 0..times {
                if state.borrow().stop_requested {
                    break;
                }
                let lines = Rc::new(RefCell::new(Vec::new()));
                let collected = lines.clone();
                // Run k takes schedule seed k (scheduled mode).
                // PCT places its priority changes among the decisions a
                // previous run said the program takes.
                let scheduling = Scheduling {
                    seed: Some(run),
                    strategy: (steps > 0).then(|| format!("pct:3:{steps}")),
                    ..Scheduling::default()
                };
                let result =
                    engine_host::run(&source, &mode, false, &scheduling, move |batch, _| {
                        collected.borrow_mut().extend(batch);
                    })
                    .await;
                let mut s = state.borrow_mut();
                if s.run_id != id {
                    return;
                }
                let lines = lines.take();
                match result {
                    Ok(result) if result.status != "stopped" => {
                        steps = steps.max(result.decisions.unwrap_or(0));
                        let outcome = outcomes::outcome_of(&result, &lines);
                        if let Some(tally) = s.outcomes.as_mut() {
                            tally.record(outcome, lines.clone());
                        }
                        s.console = lines;
                        s.result = Some(result);
                    }
                    Ok(stopped) => {
                        s.result = Some(stopped);
                        break;
                    }
                    Err(message) => {
                        s.failure = Some(message);
                        break;
                    }
                }
                drop(s);
                redraw.emit(());
            }
            let mut s = state.borrow_mut();
            if s.run_id == id {
                s.end();
                let cut_short = s.outcomes.as_ref().is_some_and(|t| t.done < t.planned);
                if cut_short {
                    let reason = if s.stop_requested {
                        "stopped"
                    } else {
                        "a run failed"
                    };
                    if let Some(tally) = s.outcomes.as_mut() {
                        tally.interrupted = Some(format!("{reason} after {} runs", tally.done));
                    }
                }
            }
            drop(s);
            redraw.emit(());
        });
    }

    /// Stops the run in progress (and a "run N times" series).
    pub fn stop(&self) {
        if self.running() {
            self.state.borrow_mut().stop_requested = true;
            engine_host::stop();
        }
    }

    /// Shows the console of run number `run` of a "run N times" (one that
    /// was the first to end some way).
    pub fn show_outcome_run(&self, run: u32) {
        let mut s = self.state.borrow_mut();
        let lines = s
            .outcomes
            .as_ref()
            .and_then(|t| t.rows.iter().find(|r| r.first_run == run))
            .map(|r| r.console.clone());
        if let Some(lines) = lines {
            s.console = lines;
        }
        drop(s);
        self.redraw.emit(());
    }
}
