//! The playground's door to the engine: loads the engine package's entry
//! (`engine-pkg/index.mjs`, built by scripts/build-wasm.sh) at run time and
//! uses its embedding API (`createEngine`, `engine.run`, `run.stop`). The
//! engine lives in workers; nothing here blocks the page. Console lines and
//! trace events arrive in batches (at most every 100 ms, so a chatty
//! program does not re-render the page per line).

use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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
export async function start_run(source, mode, trace, seed, steps, on_batch) {
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
    // Scheduled mode: each run takes the schedule its seed picks.
    // PCT places its priority changes among `steps` decisions when a
    // previous run of the program said how many it takes.
    ...(mode === 'scheduled' ? { seed, ...(steps > 0 ? { strategy: `pct:3:${steps}` } : {}) } : {}),
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
        seed: f64,
        steps: f64,
        on_batch: &Closure<dyn FnMut(String, String)>,
    ) -> Result<js_sys::Promise, JsValue>;
    fn stop_run();
}

/// One line a program printed.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ConsoleLine {
    pub thread: u32,
    pub text: String,
    #[serde(default)]
    pub error: bool,
    #[serde(default)]
    pub time: f64,
}

/// Why a run failed, as the engine reports it.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct RunError {
    pub name: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub stack: String,
    /// "syntax", "uncaught", "deadlock", "load", "never-settled".
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub line: Option<u32>,
    #[serde(default)]
    pub column: Option<u32>,
}

/// How a run ended.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct RunResult {
    /// "ok", "error" or "stopped".
    pub status: String,
    /// The schedule a scheduled run took (replays it), and how many
    /// decisions it made.
    #[serde(default)]
    pub schedule: Option<String>,
    #[serde(default)]
    pub decisions: Option<u32>,
    #[serde(default)]
    pub error: Option<RunError>,
}

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

/// Runs `source` in `mode`, calling `on_batch` with console lines and
/// trace events (when `trace`) while it runs; resolves once it has ended.
/// `seed` picks the schedule in scheduled mode, with PCT's priority
/// changes among the first `steps` decisions (0: not known yet).
pub async fn run(
    source: &str,
    mode: &str,
    trace: bool,
    seed: u32,
    steps: u32,
    mut on_batch: impl FnMut(Vec<ConsoleLine>, Vec<TraceEvent>) + 'static,
) -> Result<RunResult, String> {
    let callback = Closure::new(move |lines: String, events: String| {
        let lines = serde_json::from_str(&lines).unwrap_or_default();
        let events = serde_json::from_str(&events).unwrap_or_default();
        on_batch(lines, events);
    });
    let text = json_of(start_run(
        source,
        mode,
        trace,
        f64::from(seed),
        f64::from(steps),
        &callback,
    ))
    .await?;
    // `start_run` has flushed its last batch: the callback may go.
    drop(callback);
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// Stops the run in progress (it then ends with status "stopped").
pub fn stop() {
    stop_run();
}
