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

/// More distinct numeric results than this are plotted as ranges.
const MAX_DISTINCT: usize = 12;

/// The smallest 1, 2 or 5 × 10^k at least `raw` (range widths read well).
fn round_width(raw: u64) -> u64 {
    let mut magnitude = 1;
    loop {
        for m in [1, 2, 5] {
            if m * magnitude >= raw {
                return m * magnitude;
            }
        }
        magnitude *= 10;
    }
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

    /// The rows to plot: `by_frequency`, or, when more than `MAX_DISTINCT`
    /// results are one text around different whole numbers (a racy
    /// counter's totals), ranges of those numbers in order, with the range
    /// width. Every run has its own total there; the spread is what shows.
    pub fn plotted(&self) -> (Vec<OutcomeRow>, Option<u64>) {
        let exact = || self.by_frequency().into_iter().cloned().collect();
        if self.rows.len() <= MAX_DISTINCT {
            return (exact(), None);
        }
        let split = |r: &OutcomeRow| {
            let digits = r.result.len()
                - r.result
                    .trim_end_matches(|c: char| c.is_ascii_digit())
                    .len();
            let (prefix, number) = r.result.split_at(r.result.len() - digits);
            number.parse::<u64>().ok().map(|n| (prefix.to_string(), n))
        };
        let Some(parsed) = self.rows.iter().map(split).collect::<Option<Vec<_>>>() else {
            return (exact(), None);
        };
        let prefix = &parsed[0].0;
        if parsed.iter().any(|(p, _)| p != prefix) {
            return (exact(), None);
        }
        let min = parsed.iter().map(|p| p.1).min().unwrap_or(0);
        let max = parsed.iter().map(|p| p.1).max().unwrap_or(0);
        let width = round_width((max - min + 1).div_ceil(MAX_DISTINCT as u64));
        let mut bins: Vec<OutcomeRow> = Vec::new();
        let mut order: Vec<(u64, usize)> = parsed
            .iter()
            .enumerate()
            .map(|(i, (_, n))| (n / width * width, i))
            .collect();
        order.sort_unstable();
        for (low, i) in order {
            let row = &self.rows[i];
            let label = format!("{prefix}{low}–{}", low + width - 1);
            match bins.last_mut() {
                Some(bin) if bin.result == label => {
                    bin.samples += row.samples;
                    if row.first_run < bin.first_run {
                        bin.first_run = row.first_run;
                        bin.console = row.console.clone();
                    }
                }
                _ => bins.push(OutcomeRow {
                    result: label,
                    ..row.clone()
                }),
            }
        }
        (bins, Some(width))
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
    use weft_vocabulary::run::RunError;

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
            ..RunResult::default()
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
            ..RunResult::default()
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
        assert_eq!(
            tally.plotted().1,
            None,
            "few results are plotted one by one"
        );
        tally.record("r1=1 r2=1".into(), vec![]);
        assert!(!tally.running());
        assert_eq!(tally.max_samples(), 2);
    }

    #[test]
    fn many_counter_totals_are_plotted_as_ranges() {
        let mut tally = Outcomes::new("", 40);
        for i in 0..40u32 {
            tally.record(
                format!("counter: {}", 120_000 + i * 1_777),
                vec![line(&i.to_string())],
            );
        }
        let (bins, width) = tally.plotted();
        assert_eq!(width, Some(10_000));
        assert_eq!(bins[0].result, "counter: 120000–129999");
        assert_eq!(bins.iter().map(|b| b.samples).sum::<u32>(), 40);
        assert!(bins.len() > 1 && bins.len() <= 12, "{} bins", bins.len());
        assert_eq!(bins[0].first_run, 1);
        assert_eq!(round_width(3), 5);
        assert_eq!(round_width(1_001), 2_000);
    }
}
