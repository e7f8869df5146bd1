//! `engine.explore`: a systematic search over a program's schedules
//! (`weft::explore`), run on a pool worker so the controller stays free to
//! poll its progress and to stop it.

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value as Json, json};
use wasm_bindgen::prelude::*;
use weft::engine::{EngineConfig, Mode};
use weft::explore::{ExploreControl, ExploreOptions, ExploreReport};
use weft::heap::HeapConfig;
use weft_vocabulary::explore::ExploreProgress;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[derive(Default)]
struct Shared {
    /// (schedules, distinct outcomes) so far.
    progress: Mutex<(u64, usize)>,
    report: Mutex<Option<ExploreReport>>,
}

/// A search in progress (or finished).
#[wasm_bindgen]
pub struct Exploration {
    control: Arc<ExploreControl>,
    shared: Arc<Shared>,
}

#[wasm_bindgen]
impl Exploration {
    /// Starts exploring `source` (named `filename`). `options` is JSON:
    /// `{maxSchedules, preemptions (null: unbounded), maxSteps}`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        source: String,
        filename: String,
        options: &str,
        max_heap: f64,
    ) -> Result<Exploration, JsError> {
        let json: Json = if options.is_empty() {
            Json::Null
        } else {
            serde_json::from_str(options).map_err(|e| JsError::new(&e.to_string()))?
        };
        let mut bounds = ExploreOptions::default();
        if let Some(n) = json.get("maxSchedules").and_then(Json::as_f64) {
            bounds.max_schedules = n as u64;
        }
        match json.get("preemptions") {
            Some(Json::Null) => bounds.preemptions = None,
            Some(v) => bounds.preemptions = v.as_f64().map(|n| n as u32),
            None => {}
        }
        let mut config = EngineConfig {
            mode: Mode::Scheduled,
            heap: HeapConfig {
                max_heap: max_heap as usize,
                ..HeapConfig::default()
            },
            ..EngineConfig::default()
        };
        config.schedule.max_steps = Some(
            json.get("maxSteps")
                .and_then(Json::as_f64)
                .map_or(1_000_000, |n| n as u64),
        );
        let control = Arc::new(ExploreControl::default());
        let shared = Arc::new(Shared::default());
        let job = {
            let (control, shared) = (control.clone(), shared.clone());
            move || {
                let report = weft::explore::explore(
                    &filename,
                    &source,
                    &config,
                    &bounds,
                    &control,
                    &mut |r| {
                        *lock(&shared.progress) = (r.schedules, r.outcomes.len());
                    },
                );
                *lock(&shared.report) = Some(report);
            }
        };
        weft::threads::pool::spawn(Box::new(job)).map_err(|e| JsError::new(&e))?;
        Ok(Exploration { control, shared })
    }

    /// `{"progress": {schedules, outcomes}, "done": null | report}` as JSON.
    pub fn poll(&self) -> String {
        let done = lock(&self.shared.report).clone();
        let (schedules, outcomes) = *lock(&self.shared.progress);
        json!({
            "progress": ExploreProgress { schedules, outcomes },
            "done": done,
        })
        .to_string()
    }

    /// Stops the search and the run in progress; the report says so.
    pub fn stop(&self) {
        self.control.stop();
    }
}
