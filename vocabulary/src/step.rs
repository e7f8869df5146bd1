//! The steps of a scheduled run: which thread did what, at which line, in
//! the order they happened (one thread runs at a time, so the order is
//! total). The interleaving view lists them, the shared-memory panel is
//! `memory_at`, and `lost_updates` finds the interleavings that lose an
//! increment.

use serde::{Deserialize, Serialize};

use crate::trace::BlockReason;

/// One thing a thread did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub thread: u32,
    /// 1-based line and column in the program (0 when not in its code).
    pub line: u32,
    pub column: u32,
    #[serde(flatten)]
    pub action: Action,
}

/// What a step did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "kebab-case")]
pub enum Action {
    /// Read `place` (`counter.n`, `items[3]`, `total`) and got `value`.
    /// `at` names the location (the same for every name of it).
    Read {
        place: String,
        value: String,
        at: u64,
    },
    /// Wrote `value` to `place`.
    Write {
        place: String,
        value: String,
        at: u64,
    },
    Acquire {
        lock: u64,
    },
    Release {
        lock: u64,
    },
    /// Started waiting.
    Block {
        reason: BlockReason,
        target: u64,
    },
    /// Its wait ended.
    Wake,
    /// Created thread `child`.
    Spawn {
        child: u32,
    },
    Start,
    End,
    /// Ended with an uncaught exception.
    Fail,
    Notify {
        condition: u64,
        woken: u32,
    },
    Print {
        text: String,
    },
    /// A call into a synchronization built-in: `Atomics.add(…)`,
    /// `join thread 2`, `Condition #1.wait(…)`.
    Call {
        call: String,
    },
    /// A thread's next step when it is not one of the above (a call into
    /// a built-in, a task's start).
    Continue,
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::Read { place, value, .. } => write!(f, "read {place} → {value}"),
            Action::Write { place, value, .. } => write!(f, "write {place} ← {value}"),
            Action::Acquire { lock } => write!(f, "acquire Lock #{lock}"),
            Action::Release { lock } => write!(f, "release Lock #{lock}"),
            Action::Block { reason, target } => write!(f, "wait for {}", reason.describe(*target)),
            Action::Wake => f.write_str("wake up"),
            Action::Spawn { child } => write!(f, "start thread {child}"),
            Action::Start => f.write_str("begin"),
            Action::End => f.write_str("end"),
            Action::Fail => f.write_str("end with an uncaught exception"),
            Action::Notify { condition, woken } => {
                write!(f, "notify Condition #{condition} (woke {woken})")
            }
            Action::Print { text } => write!(f, "print {text:?}"),
            Action::Call { call } => f.write_str(call),
            Action::Continue => f.write_str("go on"),
        }
    }
}

impl Action {
    /// What a thread is about to do, as step mode's buttons say it: a
    /// read without its value (another thread may write first).
    pub fn intent(&self) -> String {
        match self {
            Action::Read { place, .. } => format!("read {place}"),
            other => other.to_string(),
        }
    }
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "thread {}", self.thread)?;
        if self.line > 0 {
            write!(f, ", line {}", self.line)?;
        }
        write!(f, ": {}", self.action)
    }
}

impl Step {
    /// The location and place name a read or write touched.
    pub fn location(&self) -> Option<(u64, &str)> {
        match &self.action {
            Action::Read { place, at, .. } | Action::Write { place, at, .. } => {
                Some((*at, place.as_str()))
            }
            _ => None,
        }
    }
}

/// Where step mode stopped: the threads that could take the next step,
/// each with that step (its line and what it will do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub next: Vec<Step>,
}

/// One shared location as it stands after some step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The name it was first touched by.
    pub place: String,
    pub value: String,
    /// The step that last read or wrote it, and whether it wrote.
    pub step: usize,
    pub written: bool,
}

/// The shared locations touched in `steps[..=upto]`, in the order first
/// touched, each with the last value seen (read or written).
pub fn memory_at(steps: &[Step], upto: usize) -> Vec<Cell> {
    let mut cells: Vec<(u64, Cell)> = Vec::new();
    for (i, step) in steps.iter().enumerate().take(upto.saturating_add(1)) {
        let (at, place, value, written) = match &step.action {
            Action::Read { place, value, at } => (*at, place, value, false),
            Action::Write { place, value, at } => (*at, place, value, true),
            _ => continue,
        };
        match cells.iter_mut().find(|(a, _)| *a == at) {
            Some((_, cell)) => {
                cell.value.clone_from(value);
                cell.step = i;
                cell.written = written;
            }
            None => cells.push((
                at,
                Cell {
                    place: place.clone(),
                    value: value.clone(),
                    step: i,
                    written,
                },
            )),
        }
    }
    cells.into_iter().map(|(_, c)| c).collect()
}

/// An update lost to a race: `thread` read `place` at step `read`,
/// another thread wrote it at step `overwritten`, and `thread` then wrote
/// at step `write` a value computed from what it had read, so the other
/// write is gone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostUpdate {
    pub place: String,
    pub thread: u32,
    pub read: usize,
    pub overwritten: usize,
    pub write: usize,
}

impl LostUpdate {
    /// The story, with the values, from the steps it names.
    pub fn describe(&self, steps: &[Step]) -> String {
        let value = |i: usize| match &steps[i].action {
            Action::Read { value, .. } | Action::Write { value, .. } => value.clone(),
            _ => String::new(),
        };
        let other = steps[self.overwritten].thread;
        format!(
            "lost update on {}: thread {} read {} (step {}), thread {other} wrote {} (step {}), \
             then thread {} wrote {} over it (step {})",
            self.place,
            self.thread,
            value(self.read),
            self.read + 1,
            value(self.overwritten),
            self.overwritten + 1,
            self.thread,
            value(self.write),
            self.write + 1
        )
    }
}

/// Every read-then-write by one thread with another thread's write to the
/// same location in between that changed what the read had seen (a write
/// of the value it read loses nothing: the read is still current).
pub fn lost_updates(steps: &[Step]) -> Vec<LostUpdate> {
    let mut found = Vec::new();
    // Per (thread, location): the thread's last read of it not yet
    // followed by its own write.
    let mut open: Vec<((u32, u64), usize)> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        match &step.action {
            Action::Read { at, .. } => {
                let key = (step.thread, *at);
                open.retain(|(k, _)| *k != key);
                open.push((key, i));
            }
            Action::Write { at, place, .. } => {
                let key = (step.thread, *at);
                if let Some(pos) = open.iter().position(|(k, _)| *k == key) {
                    let (_, read) = open.remove(pos);
                    let seen = match &steps[read].action {
                        Action::Read { value, .. } => value,
                        _ => unreachable!("a read opened it"),
                    };
                    let overwritten = steps[read + 1..i]
                        .iter()
                        .rposition(|s| matches!(&s.action, Action::Write { at: a, .. } if a == at));
                    let lost = overwritten.filter(|&o| {
                        let s = &steps[read + 1 + o];
                        s.thread != step.thread
                            && matches!(&s.action, Action::Write { value, .. } if value != seen)
                    });
                    if let Some(o) = lost {
                        found.push(LostUpdate {
                            place: place.clone(),
                            thread: step.thread,
                            read,
                            overwritten: read + 1 + o,
                            write: i,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(thread: u32, value: &str) -> Step {
        Step {
            thread,
            line: 3,
            column: 5,
            action: Action::Read {
                place: "counter.n".into(),
                value: value.into(),
                at: 7,
            },
        }
    }

    fn write(thread: u32, value: &str) -> Step {
        Step {
            thread,
            line: 3,
            column: 5,
            action: Action::Write {
                place: "counter.n".into(),
                value: value.into(),
                at: 7,
            },
        }
    }

    #[test]
    fn two_reads_before_two_writes_lose_an_update() {
        let steps = [read(1, "0"), read(2, "0"), write(1, "1"), write(2, "1")];
        let lost = lost_updates(&steps);
        assert_eq!(lost.len(), 1);
        assert_eq!(
            lost[0].describe(&steps),
            "lost update on counter.n: thread 2 read 0 (step 2), thread 1 wrote 1 (step 3), \
             then thread 2 wrote 1 over it (step 4)"
        );
        assert_eq!(memory_at(&steps, 1)[0].value, "0");
        assert_eq!(memory_at(&steps, 3)[0].value, "1");
        assert!(memory_at(&steps, 3)[0].written);
    }

    #[test]
    fn a_write_of_the_value_already_read_loses_nothing() {
        // Thread 2 read 2 (its own write), thread 1 wrote 2 (its stale
        // increment), thread 2 wrote 3: only thread 1's update is lost, and
        // it was lost when thread 1 wrote over thread 2's 2.
        let steps = [
            read(1, "1"),
            read(2, "1"),
            write(2, "2"),
            read(2, "2"),
            write(1, "2"),
            write(2, "3"),
        ];
        let lost = lost_updates(&steps);
        assert_eq!(lost.len(), 1, "{lost:?}");
        assert_eq!((lost[0].thread, lost[0].write), (1, 4));
    }

    #[test]
    fn increments_one_after_the_other_lose_nothing() {
        let steps = [read(1, "0"), write(1, "1"), read(2, "1"), write(2, "2")];
        assert!(lost_updates(&steps).is_empty());
    }

    #[test]
    fn steps_are_flat_json_and_read_as_sentences() {
        let s = write(2, "42");
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"thread":2,"line":3,"column":5,"what":"write","place":"counter.n","value":"42","at":7}"#
        );
        assert_eq!(serde_json::from_str::<Step>(&json).unwrap(), s);
        assert_eq!(s.to_string(), "thread 2, line 3: write counter.n ← 42");
        assert_eq!(Action::Acquire { lock: 1 }.to_string(), "acquire Lock #1");
    }
}
