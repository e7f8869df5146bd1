//! A deadlock report: which threads wait, for what, and the cycle.

use serde::{Deserialize, Serialize};

use crate::thread_name;

/// What a blocked thread waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "for", rename_all = "kebab-case")]
pub enum Waiting {
    /// To join `thread`.
    Join { thread: u32 },
    /// For `lock`, held by `holder` (if anyone holds it).
    Lock { lock: u64, holder: Option<u32> },
    /// On `condition` (waited with `lock`), with nobody left to notify it.
    Condition { condition: u64, lock: u64 },
    /// In `Atomics.wait`, with nobody left to notify it.
    Atomics,
    /// For an async operation (asyncJoin, asyncHold, asyncWait, waitAsync)
    /// nobody is left to complete.
    AsyncOperation,
    /// The main thread, for the other threads to end.
    OtherThreads,
}

impl Waiting {
    /// The thread whose action ends the wait, if one does (a join
    /// target, a lock's holder): the wait-for graph's edge.
    pub fn waits_for(&self) -> Option<u32> {
        match *self {
            Waiting::Join { thread } => Some(thread),
            Waiting::Lock { holder, .. } => holder,
            _ => None,
        }
    }

    /// A short label for the graph's edge: "Lock #2", "join", …
    pub fn label(&self) -> String {
        match self {
            Waiting::Join { .. } => "join".into(),
            Waiting::Lock { lock, .. } => format!("Lock #{lock}"),
            Waiting::Condition { condition, .. } => format!("Condition #{condition}"),
            Waiting::Atomics => "Atomics.wait".into(),
            Waiting::AsyncOperation => "async operation".into(),
            Waiting::OtherThreads => "other threads".into(),
        }
    }
}

impl std::fmt::Display for Waiting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Waiting::Join { thread } => write!(f, "waits to join {}", thread_name(*thread)),
            Waiting::Lock {
                lock,
                holder: Some(h),
            } => write!(f, "waits for Lock #{lock}, held by {}", thread_name(*h)),
            Waiting::Lock { lock, holder: None } => write!(f, "waits for Lock #{lock}"),
            Waiting::Condition { condition, lock } => write!(
                f,
                "waits on Condition #{condition} (with Lock #{lock}), and no thread is left to notify it"
            ),
            Waiting::Atomics => {
                f.write_str("waits in Atomics.wait, and no thread is left to notify it")
            }
            Waiting::AsyncOperation => f.write_str(
                "waits for an async operation (asyncJoin, asyncHold, asyncWait or waitAsync) that no thread is left to complete",
            ),
            Waiting::OtherThreads => f.write_str("waits for the other threads to end"),
        }
    }
}

/// One live thread at the moment of the deadlock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiter {
    pub thread: u32,
    /// What it waits for; `None` while it still runs.
    pub waiting: Option<Waiting>,
}

/// Why no thread can go on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlock {
    /// The threads that wait for each other in a cycle, in order (each
    /// waits for the next, the last for the first); empty when the
    /// deadlock is every thread blocked with nobody to wake it.
    pub cycle: Vec<Waiter>,
    /// The other live threads.
    pub others: Vec<Waiter>,
}

impl Deadlock {
    /// Every waiter, the cycle's first.
    pub fn waiters(&self) -> impl Iterator<Item = &Waiter> {
        self.cycle.iter().chain(&self.others)
    }
}

impl std::fmt::Display for Deadlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = |f: &mut std::fmt::Formatter<'_>, w: &Waiter| match &w.waiting {
            Some(wait) => write!(f, "\n  {} {wait}", thread_name(w.thread)),
            None => write!(f, "\n  {} is running", thread_name(w.thread)),
        };
        if self.cycle.is_empty() {
            if self.others.is_empty() {
                return f.write_str("deadlock: no thread can run");
            }
            f.write_str("deadlock: every thread is blocked:")?;
            return self.others.iter().try_for_each(|w| line(f, w));
        }
        f.write_str("deadlock: these threads wait for each other in a cycle:")?;
        self.cycle.iter().try_for_each(|w| line(f, w))?;
        if !self.others.is_empty() {
            f.write_str("\nother threads:")?;
            self.others.iter().try_for_each(|w| line(f, w))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn waiter(thread: u32, waiting: Waiting) -> Waiter {
        Waiter {
            thread,
            waiting: Some(waiting),
        }
    }

    #[test]
    fn a_cycle_reads_as_before() {
        let d = Deadlock {
            cycle: vec![
                waiter(
                    1,
                    Waiting::Lock {
                        lock: 2,
                        holder: Some(2),
                    },
                ),
                waiter(
                    2,
                    Waiting::Lock {
                        lock: 1,
                        holder: Some(1),
                    },
                ),
            ],
            others: vec![waiter(0, Waiting::Join { thread: 1 })],
        };
        assert_eq!(
            d.to_string(),
            "deadlock: these threads wait for each other in a cycle:
  thread 1 waits for Lock #2, held by thread 2
  thread 2 waits for Lock #1, held by thread 1
other threads:
  thread 0 (main) waits to join thread 1"
        );
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Deadlock>(&json).unwrap(), d);
    }

    #[test]
    fn every_thread_blocked_has_no_cycle() {
        let d = Deadlock {
            cycle: vec![],
            others: vec![
                waiter(0, Waiting::Join { thread: 1 }),
                waiter(
                    1,
                    Waiting::Condition {
                        condition: 4,
                        lock: 3,
                    },
                ),
            ],
        };
        assert!(
            d.to_string()
                .starts_with("deadlock: every thread is blocked:")
        );
        assert_eq!(
            d.others[1].waiting.as_ref().unwrap().label(),
            "Condition #4"
        );
        assert_eq!(
            Deadlock::default().to_string(),
            "deadlock: no thread can run"
        );
    }
}
