//! The trace event stream as the host hands it to the page: what threads
//! do over time (lanes, locks, arrows).

use serde::{Deserialize, Serialize};

/// Why a thread blocked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockReason {
    Join,
    Lock,
    Condition,
    AtomicsWait,
    /// An idle event loop waiting for async operations.
    EventLoop,
    /// The main thread waiting for the other threads to end.
    Threads,
}

impl BlockReason {
    /// The reason's name in the trace ("atomics-wait").
    pub fn name(self) -> &'static str {
        match self {
            BlockReason::Join => "join",
            BlockReason::Lock => "lock",
            BlockReason::Condition => "condition",
            BlockReason::AtomicsWait => "atomics-wait",
            BlockReason::EventLoop => "event-loop",
            BlockReason::Threads => "threads",
        }
    }

    /// What a thread blocked for this reason on `target` waits for:
    /// "Lock #2", "thread 3 to finish (join)", …
    pub fn describe(self, target: u64) -> String {
        match self {
            BlockReason::Lock => format!("Lock #{target}"),
            BlockReason::Join => format!("{} to finish (join)", crate::thread_name(target as u32)),
            BlockReason::Condition => format!("a notify on Condition #{target}"),
            BlockReason::AtomicsWait => "an Atomics.notify (Atomics.wait)".into(),
            BlockReason::EventLoop => "async operations to settle".into(),
            BlockReason::Threads => "the other threads to end".into(),
        }
    }
}

/// One event: when (ms on the engine's clock, virtual in scheduled mode),
/// which thread, what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceEvent {
    pub time: f64,
    pub thread: u32,
    #[serde(flatten)]
    pub kind: EventKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventKind {
    ThreadCreated {
        child: u32,
    },
    ThreadStarted,
    ThreadFinished,
    ThreadFailed,
    /// `target`: the thread joined, the lock or condition id, 0 otherwise.
    Blocked {
        reason: BlockReason,
        target: u64,
    },
    Unblocked,
    /// Scheduled mode: the thread's turn ended (another took the baton).
    TurnEnded,
    /// Its turn came back.
    TurnStarted,
    LockAcquired {
        lock: u64,
    },
    LockReleased {
        lock: u64,
    },
    Notify {
        condition: u64,
        woken: u32,
    },
    Console {
        text: String,
        error: bool,
    },
    GcStart,
    GcEnd {
        #[serde(rename = "liveBytes")]
        live_bytes: u64,
    },
    /// A data race found at this access: the report's first line, and
    /// the earlier access it races with.
    DataRace {
        text: String,
        #[serde(rename = "firstThread")]
        first_thread: u32,
        #[serde(rename = "firstTime")]
        first_time: f64,
    },
    /// Past this event only thread lifecycle events were kept.
    TraceThinned,
    /// A kind this side does not know (a newer engine).
    #[serde(other)]
    Unknown,
}

impl EventKind {
    /// The event's `kind` in JSON ("lock-acquired").
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::ThreadCreated { .. } => "thread-created",
            EventKind::ThreadStarted => "thread-started",
            EventKind::ThreadFinished => "thread-finished",
            EventKind::ThreadFailed => "thread-failed",
            EventKind::Blocked { .. } => "blocked",
            EventKind::Unblocked => "unblocked",
            EventKind::TurnEnded => "turn-ended",
            EventKind::TurnStarted => "turn-started",
            EventKind::LockAcquired { .. } => "lock-acquired",
            EventKind::LockReleased { .. } => "lock-released",
            EventKind::Notify { .. } => "notify",
            EventKind::Console { .. } => "console",
            EventKind::GcStart => "gc-start",
            EventKind::GcEnd { .. } => "gc-end",
            EventKind::DataRace { .. } => "data-race",
            EventKind::TraceThinned => "trace-thinned",
            EventKind::Unknown => "unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_flat_json_with_a_kind() {
        let e = TraceEvent {
            time: 1.5,
            thread: 2,
            kind: EventKind::Blocked {
                reason: BlockReason::AtomicsWait,
                target: 0,
            },
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"time":1.5,"thread":2,"kind":"blocked","reason":"atomics-wait","target":0}"#
        );
        assert_eq!(serde_json::from_str::<TraceEvent>(&json).unwrap(), e);
        assert_eq!(e.kind.name(), "blocked");
        let later: TraceEvent =
            serde_json::from_str(r#"{"time":0,"thread":0,"kind":"from-the-future","x":1}"#)
                .unwrap();
        assert_eq!(later.kind, EventKind::Unknown);
    }
}
