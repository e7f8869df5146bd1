//! A program run as the embedding API reports it: console lines, and how
//! it ended (with what a scheduled run adds: its schedule, its data races,
//! its steps, where step mode paused).

use serde::{Deserialize, Serialize};

use crate::{Deadlock, Pause, Race, Schedule, Step};

/// One line a program printed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsoleLine {
    pub thread: u32,
    pub text: String,
    #[serde(default)]
    pub error: bool,
    /// On the engine's clock (virtual in scheduled mode).
    #[serde(default)]
    pub time: f64,
}

/// Why a run failed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunError {
    pub name: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub stack: String,
    /// "syntax", "uncaught", "deadlock", "load", "never-settled", "schedule".
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub line: Option<u32>,
    #[serde(default)]
    pub column: Option<u32>,
    /// What the `weft` command prints for it.
    #[serde(default)]
    pub report: String,
    /// A deadlock's threads and waits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadlock: Option<Deadlock>,
}

/// How a run ended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunResult {
    /// "ok", "error", "stopped" or "paused" (step mode, at its last choice).
    pub status: String,
    /// A script's completion value, inspected.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<RunError>,
    /// Scheduled mode: the schedule the run took (it replays the run) and
    /// how many decisions it made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decisions: Option<u32>,
    /// Data races, when the detector was on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub races: Option<Vec<Race>>,
    /// The run's steps, when asked for (`steps: true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<Step>>,
    /// The steps stop at the engine's limit: later ones were not recorded.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub steps_truncated: bool,
    /// Step mode: who could take the next step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pause: Option<Pause>,
}

impl RunResult {
    /// Whether the run ended in a deadlock.
    pub fn deadlocked(&self) -> bool {
        self.error.as_ref().and_then(|e| e.kind.as_deref()) == Some("deadlock")
    }
}
