//! The playground's door to the engine: loads the engine package's entry
//! (`engine-pkg/index.mjs`, built by scripts/build-wasm.sh) at run time and
//! uses its embedding API (`createEngine`, `engine.run`, `run.stop`). The
//! engine lives in workers; nothing here blocks the page. Console lines and
//! trace events arrive in batches (at most every 100 ms, so a chatty
//! program does not re-render the page per line).

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
pub use weft_vocabulary::explore::{ExploreProgress, ExploreReport};

use crate::timeline::TraceEvent;

#[wasm_bindgen(inline_js = r#"
let engine = null;
let current = null;
function load() {
  // Workers kept ready: a new Thread then starts in microseconds, not the
  // tens of milliseconds a worker takes to boot (threads that never
  // overlap would hide every race the playground is for).
  const reserveThreads = Math.max(4, Math.min(8, navigator.hardwareConcurrency || 4));
  engine ??= import(new URL('engine-pkg/index.mjs', document.baseURI).href).then((m) => m.createEngine({ mode: 'parallel', reserveThreads }));
  return engine;
}
export async function engine_info() {
  const e = await load();
  return JSON.stringify({ threads: String(e.threads), unavailable: e.threadsUnavailable ?? null });
}
export async function start_run(source, mode, trace, scheduling, on_batch) {
  const e = await load();
  let lines = [];
  let events = [];
  let timer = null;
  const flush = () => {
    clearTimeout(timer);
    timer = null;
    if (lines.length || events.length) on_batch(JSON.stringify(lines), JSON.stringify(events));
    lines = [];
    events = [];
  };
  const soon = () => (timer ??= setTimeout(flush, 100));
  const run = e.run(source, {
    mode,
    trace,
    // Scheduled mode: the seed, strategy or schedule to take, and whether
    // to report steps and races.
    ...(mode === 'scheduled' ? JSON.parse(scheduling) : {}),
    filename: 'main.js',
    onConsole: (line) => (lines.push(line), soon()),
    onEvent: (batch) => (events.push(...batch), soon()),
  });
  current = run;
  const result = await run.done;
  flush();
  if (current === run) current = null;
  return JSON.stringify(result);
}
export async function start_explore(source, on_progress) {
  const e = await load();
  const search = e.explore(source, {
    filename: 'main.js',
    maxSchedules: 100000,
    onProgress: (p) => on_progress(JSON.stringify(p)),
  });
  current = search;
  const report = await search.done;
  if (current === search) current = null;
  return JSON.stringify(report);
}
export function stop_run() {
  current?.stop();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn engine_info() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn start_run(
        source: &str,
        mode: &str,
        trace: bool,
        scheduling: &str,
        on_batch: &Closure<dyn FnMut(String, String)>,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn start_explore(
        source: &str,
        on_progress: &Closure<dyn FnMut(String)>,
    ) -> Result<js_sys::Promise, JsValue>;
    fn stop_run();
}

pub use weft_vocabulary::run::{ConsoleLine, RunResult};

/// Which engine build the page got.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct EngineInfo {
    /// How JS threads run: "parallel", "interleaved" or "false".
    pub threads: String,
    /// Why real threads are off, when they are.
    pub unavailable: Option<String>,
}

fn describe(error: JsValue) -> String {
    js_sys::Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

async fn json_of(promise: Result<js_sys::Promise, JsValue>) -> Result<String, String> {
    let value = JsFuture::from(promise.map_err(describe)?)
        .await
        .map_err(describe)?;
    value
        .as_string()
        .ok_or_else(|| "the engine answered with something other than JSON".to_string())
}

impl EngineInfo {
    /// Whether JS threads take turns on one worker (the single build).
    pub fn interleaved(&self) -> bool {
        self.threads == "interleaved"
    }
}

/// Loads the engine (once) and says which build it is; an engine that
/// failed to load is one without threads, and the reason says so.
pub async fn info() -> EngineInfo {
    let loaded = async {
        let text = json_of(engine_info()).await?;
        serde_json::from_str(&text).map_err(|e| e.to_string())
    };
    loaded.await.unwrap_or_else(|message: String| EngineInfo {
        threads: "false".into(),
        unavailable: Some(format!("the engine failed to load ({message})")),
    })
}

/// How a scheduled run picks its schedule, and what it reports besides.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Scheduling {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u32>,
    /// "pct:3:N", or step mode's "step:1.2.1".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<String>,
    /// A schedule to replay exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    pub steps: bool,
    pub races: bool,
}

impl Scheduling {
    /// A schedule of its own (a fresh seed), reporting steps and races:
    /// what pressing Run does.
    pub fn fresh() -> Scheduling {
        Scheduling {
            seed: Some((js_sys::Math::random() * f64::from(u32::MAX)) as u32),
            steps: true,
            races: true,
            ..Scheduling::default()
        }
    }

    /// Exactly `schedule` again, with steps and races.
    pub fn replay(schedule: &str) -> Scheduling {
        Scheduling {
            schedule: Some(schedule.to_string()),
            steps: true,
            races: true,
            ..Scheduling::default()
        }
    }

    /// Step mode with the learner's `choices` so far.
    pub fn step(choices: &[u32]) -> Scheduling {
        let list: Vec<String> = choices.iter().map(u32::to_string).collect();
        Scheduling {
            strategy: Some(format!("step:{}", list.join("."))),
            steps: true,
            races: true,
            ..Scheduling::default()
        }
    }
}

/// Runs `source` in `mode`, calling `on_batch` with console lines and
/// trace events (when `trace`) while it runs; resolves once it has ended.
/// `scheduling` says how a scheduled run picks its schedule.
pub async fn run(
    source: &str,
    mode: &str,
    trace: bool,
    scheduling: &Scheduling,
    mut on_batch: impl FnMut(Vec<ConsoleLine>, Vec<TraceEvent>) + 'static,
) -> Result<RunResult, String> {
    let callback = Closure::new(move |lines: String, events: String| {
        let lines = serde_json::from_str(&lines).unwrap_or_default();
        let events = serde_json::from_str(&events).unwrap_or_default();
        on_batch(lines, events);
    });
    let scheduling = serde_json::to_string(scheduling).unwrap_or_default();
    let text = json_of(start_run(source, mode, trace, &scheduling, &callback)).await?;
    // `start_run` has flushed its last batch: the callback may go.
    drop(callback);
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// Searches `source`'s schedules (`engine.explore`), calling `on_progress`
/// as it goes; `stop()` ends it with what it found.
pub async fn explore(
    source: &str,
    mut on_progress: impl FnMut(ExploreProgress) + 'static,
) -> Result<ExploreReport, String> {
    let callback = Closure::new(move |text: String| {
        if let Ok(p) = serde_json::from_str(&text) {
            on_progress(p);
        }
    });
    let text = json_of(start_explore(source, &callback)).await?;
    drop(callback);
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// Stops the run in progress (it then ends with status "stopped").
pub fn stop() {
    stop_run();
}
