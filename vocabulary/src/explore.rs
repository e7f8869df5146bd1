//! A search over a program's schedules (`explore`), as reported.

use serde::{Deserialize, Serialize};

use crate::Schedule;

/// A distinct outcome: what the program printed and how it ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExploredOutcome {
    /// The console output, then the ending when it failed.
    pub output: String,
    /// Whether the program failed (an uncaught error, a deadlock).
    pub failed: bool,
    /// Schedules that reached it.
    pub count: u64,
    /// The first schedule that reached it: replaying it shows how.
    pub schedule: Schedule,
}

/// What a search found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExploreReport {
    /// Distinct outcomes, in the order first reached.
    pub outcomes: Vec<ExploredOutcome>,
    pub schedules: u64,
    /// Every schedule within the preemption bound was run.
    pub complete: bool,
    /// The preemption bound left some schedules out (so even a complete
    /// search did not run every schedule).
    pub bounded: bool,
    /// Stopped by the user.
    pub stopped: bool,
    /// The bounds it ran with.
    pub preemptions: Option<u32>,
    pub max_schedules: u64,
    /// No schedule could run (a syntax error, a load failure).
    pub error: Option<String>,
}

/// A search in progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExploreProgress {
    pub schedules: u64,
    pub outcomes: usize,
}

impl std::fmt::Display for ExploreReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(e) = &self.error {
            return write!(f, "explore: {e}");
        }
        let how = if self.stopped {
            "stopped after"
        } else if self.complete {
            "all"
        } else {
            "the first"
        };
        write!(
            f,
            "{} distinct outcome{} in {how} {} schedule{}",
            self.outcomes.len(),
            if self.outcomes.len() == 1 { "" } else { "s" },
            self.schedules,
            if self.schedules == 1 { "" } else { "s" }
        )?;
        match self.preemptions {
            Some(p) if self.bounded => write!(f, " with at most {p} preemptions"),
            _ => Ok(()),
        }
    }
}
