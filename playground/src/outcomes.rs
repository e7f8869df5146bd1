//! Race outcomes: "run N times" runs one program again and again and
//! tallies what each run ended with, as jcstress does: per distinct result
//! the samples, the frequency, and (for the gallery's examples) the
//! expectation and whether sequential consistency allows it. Each row keeps
//! the first run that produced it, so the table links to a real run.

use crate::engine_host::{ConsoleLine, RunResult};
use crate::gallery::{self, Outcome as Annotation};

/// One distinct result.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeRow {
    pub result: String,
    pub samples: u32,
    /// The number (1-based) of the first run that ended this way, and what
    /// that run printed.
    pub first_run: u32,
    pub console: Vec<ConsoleLine>,
}

/// The tally of a "run N times".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcomes {
    /// The gallery title of the program, when it is one of the examples.
    pub title: Option<&'static str>,
    pub annotations: &'static [Annotation],
    pub planned: u32,
    pub done: u32,
    /// Rows in the order their results first appeared.
    pub rows: Vec<OutcomeRow>,
    /// Set when the series was cut short (stopped, or a run failed to start).
    pub interrupted: Option<String>,
}

/// What a run "ended with": its last console line; its error's name when it
/// failed; "stopped" or "(no output)" otherwise.
pub fn outcome_of(result: &RunResult, console: &[ConsoleLine]) -> String {
    match result.status.as_str() {
        "error" => {
            let name = result.error.as_ref().map_or("Error", |e| e.name.as_str());
            format!("error: {name}")
        }
        "stopped" => "stopped".to_string(),
        _ => console
            .iter()
            .rev()
            .find(|l| !l.error)
            .map_or_else(|| "(no output)".to_string(), |l| l.text.clone()),
    }
}

impl Outcomes {
    /// A tally of `planned` runs of `source`.
    pub fn new(source: &str, planned: u32) -> Outcomes {
        let example = gallery::find_by_source(source);
        Outcomes {
            title: example.map(|e| e.title),
            annotations: example.map_or(&[], |e| e.outcomes),
            planned,
            ..Outcomes::default()
        }
    }

    /// Counts one finished run.
    pub fn record(&mut self, result: String, console: Vec<ConsoleLine>) {
        self.done += 1;
        match self.rows.iter_mut().find(|r| r.result == result) {
            Some(row) => row.samples += 1,
            None => self.rows.push(OutcomeRow {
                result,
                samples: 1,
                first_run: self.done,
                console,
            }),
        }
    }

    pub fn distinct(&self) -> usize {
        self.rows.len()
    }

    pub fn running(&self) -> bool {
        self.done < self.planned && self.interrupted.is_none()
    }

    /// Rows by samples, most frequent first (ties: first seen first).
    pub fn by_frequency(&self) -> Vec<&OutcomeRow> {
        let mut rows: Vec<&OutcomeRow> = self.rows.iter().collect();
        rows.sort_by(|a, b| {
            b.samples
                .cmp(&a.samples)
                .then(a.first_run.cmp(&b.first_run))
        });
        rows
    }

    /// The most samples any row has.
    pub fn max_samples(&self) -> u32 {
        self.rows.iter().map(|r| r.samples).max().unwrap_or(0)
    }

    /// The gallery's annotation of `result`, when there is one.
    pub fn annotation(&self, result: &str) -> Option<&'static Annotation> {
        gallery::annotation(self.annotations, result)
    }

    /// Results the gallery expects but no run produced yet (shown with zero
    /// samples, as jcstress lists every expected outcome).
    pub fn unseen(&self) -> Vec<&'static Annotation> {
        self.annotations
            .iter()
            .filter(|a| a.result != "*" && !self.rows.iter().any(|r| r.result == a.result))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine_host::RunError;

    fn line(text: &str) -> ConsoleLine {
        ConsoleLine {
            thread: 0,
            text: text.to_string(),
            error: false,
            time: 0.0,
        }
    }

    fn ok() -> RunResult {
        RunResult {
            status: "ok".into(),
            error: None,
        }
    }

    #[test]
    fn a_run_ends_with_its_last_line_or_its_error() {
        assert_eq!(
            outcome_of(&ok(), &[line("a"), line("counter: 5")]),
            "counter: 5"
        );
        assert_eq!(outcome_of(&ok(), &[]), "(no output)");
        let failed = RunResult {
            status: "error".into(),
            error: Some(RunError {
                name: "DeadlockError".into(),
                ..RunError::default()
            }),
        };
        assert_eq!(outcome_of(&failed, &[line("x")]), "error: DeadlockError");
    }

    #[test]
    fn the_tally_counts_distinct_results_and_keeps_the_first_run_of_each() {
        let sb = gallery::EXAMPLES
            .iter()
            .find(|e| e.file == "store_buffering.js")
            .expect("example");
        let mut tally = Outcomes::new(sb.source, 4);
        assert_eq!(tally.title, Some(sb.title));
        for r in ["r1=0 r2=1", "r1=1 r2=0", "r1=0 r2=1"] {
            tally.record(r.to_string(), vec![line(r)]);
        }
        assert!(tally.running());
        assert_eq!(tally.distinct(), 2);
        let rows = tally.by_frequency();
        assert_eq!(
            (rows[0].result.as_str(), rows[0].samples, rows[0].first_run),
            ("r1=0 r2=1", 2, 1)
        );
        assert_eq!(rows[1].first_run, 2);
        let unseen: Vec<&str> = tally.unseen().iter().map(|a| a.result).collect();
        assert_eq!(unseen, ["r1=1 r2=1", "r1=0 r2=0"]);
        tally.record("r1=1 r2=1".into(), vec![]);
        assert!(!tally.running());
        assert_eq!(tally.max_samples(), 2);
    }
}
