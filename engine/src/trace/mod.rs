//! The event stream of what threads do: threads
//! created, started, finished or failed; blocked and unblocked with the
//! reason and target; locks acquired and released; notifies; console
//! output; collections.
//!
//! Recording is off unless the engine was created with `trace: true`; off,
//! it costs one predictable branch per event site (`Vm::trace_event`). On,
//! each thread appends to its own buffer (a mutex only its owner and the
//! draining host take, so it is uncontended while the program runs);
//! `TraceLog::drain` takes everything recorded so far, in time order, so a
//! host can stream batches while the program runs. `chrome_json` writes the
//! Chrome trace-event format that Perfetto and chrome://tracing open.

use std::fmt::Write as _;
use std::sync::Arc;

use parking_lot::Mutex;

/// The events, and one event: when (ms on `clock::monotonic_ms`, virtual
/// in `scheduled` mode), which thread, what. They are the page's types
/// (`weft_vocabulary::trace`): the wasm host sends them as they are.
pub use weft_vocabulary::trace::{BlockReason, EventKind, TraceEvent};

/// One thread's buffer.
#[derive(Default)]
pub struct TraceBuffer {
    events: Mutex<Vec<TraceEvent>>,
}

impl TraceBuffer {
    pub fn push(&self, event: TraceEvent) {
        self.events.lock().push(event);
    }
}

/// Every thread's buffer, for draining.
#[derive(Default)]
pub struct TraceLog {
    buffers: Mutex<Vec<Arc<TraceBuffer>>>,
}

impl TraceLog {
    /// A buffer for a new thread.
    pub fn new_buffer(&self) -> Arc<TraceBuffer> {
        let b = Arc::new(TraceBuffer::default());
        self.buffers.lock().push(b.clone());
        b
    }

    /// Takes every event recorded so far, in time order.
    pub fn drain(&self) -> Vec<TraceEvent> {
        let mut out = Vec::new();
        let mut buffers = self.buffers.lock();
        for b in buffers.iter() {
            out.append(&mut b.events.lock());
        }
        // Buffers of ended threads (only the log holds them) are done, once
        // emptied again: a thread may have written its last events (its
        // end) between the loop above and dropping its buffer.
        buffers.retain(|b| {
            let live = Arc::strong_count(b) > 1;
            if !live {
                out.append(&mut b.events.lock());
            }
            live
        });
        drop(buffers);
        out.sort_by(|a, b| a.time.total_cmp(&b.time));
        out
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The events in the Chrome trace-event JSON format: one track per thread
/// with "running" and "blocked on …" slices, instant events for locks,
/// notifies, console lines and collections, and flow arrows from a lock's
/// release to the acquire that follows it on another thread.
pub fn chrome_json(events: &[TraceEvent]) -> String {
    let mut items: Vec<String> = Vec::new();
    let us = |t: f64| t * 1000.0;
    let mut threads: Vec<u32> = events.iter().map(|e| e.thread).collect();
    threads.sort_unstable();
    threads.dedup();
    for t in &threads {
        items.push(format!(
            r#"{{"name":"thread_name","ph":"M","pid":1,"tid":{t},"args":{{"name":{}}}}}"#,
            json_string(&crate::threads::blocking::thread_name(*t))
        ));
    }
    // The last release of each lock, for flow arrows to the next acquire.
    let mut last_release: std::collections::HashMap<u64, (u32, f64)> = Default::default();
    let mut flow_id = 0u64;
    let mut open: std::collections::HashMap<u32, bool> = Default::default();
    let slice = |ph: &str, name: &str, tid: u32, ts: f64, args: &str| -> String {
        format!(
            r#"{{"name":{},"cat":"thread","ph":"{ph}","pid":1,"tid":{tid},"ts":{:.3}{args}}}"#,
            json_string(name),
            us(ts)
        )
    };
    for e in events {
        let tid = e.thread;
        let ts = e.time;
        match &e.kind {
            EventKind::ThreadStarted => {
                items.push(slice("B", "running", tid, ts, ""));
                open.insert(tid, true);
            }
            EventKind::ThreadFinished | EventKind::ThreadFailed => {
                if open.remove(&tid).is_some() {
                    items.push(slice("E", "running", tid, ts, ""));
                }
                items.push(slice("i", e.kind.name(), tid, ts, r#","s":"t""#));
            }
            EventKind::Blocked { reason, target } => {
                if open.contains_key(&tid) {
                    items.push(slice("E", "running", tid, ts, ""));
                }
                let name = match reason {
                    BlockReason::Join => {
                        format!(
                            "blocked: join {}",
                            crate::threads::blocking::thread_name(*target as u32)
                        )
                    }
                    BlockReason::Lock => format!("blocked: Lock #{target}"),
                    BlockReason::Condition => format!("blocked: Condition #{target}"),
                    BlockReason::AtomicsWait => "blocked: Atomics.wait".into(),
                    BlockReason::EventLoop => "idle: event loop".into(),
                    BlockReason::Threads => "waiting for threads to end".into(),
                };
                items.push(slice("B", &name, tid, ts, ""));
                open.insert(tid, false);
            }
            EventKind::Unblocked | EventKind::TurnStarted => {
                items.push(slice("E", "", tid, ts, ""));
                items.push(slice("B", "running", tid, ts, ""));
                open.insert(tid, true);
            }
            EventKind::TurnEnded => {
                if open.contains_key(&tid) {
                    items.push(slice("E", "", tid, ts, ""));
                }
                items.push(slice("B", "waiting its turn", tid, ts, ""));
                open.insert(tid, false);
            }
            EventKind::LockAcquired { lock } => {
                items.push(slice(
                    "i",
                    &format!("acquire Lock #{lock}"),
                    tid,
                    ts,
                    r#","s":"t""#,
                ));
                if let Some((from, at)) = last_release.remove(lock)
                    && from != tid
                {
                    flow_id += 1;
                    items.push(format!(
                        r#"{{"name":"hand-off","cat":"lock","ph":"s","id":{flow_id},"pid":1,"tid":{from},"ts":{:.3}}}"#,
                        us(at)
                    ));
                    items.push(format!(
                        r#"{{"name":"hand-off","cat":"lock","ph":"f","bp":"e","id":{flow_id},"pid":1,"tid":{tid},"ts":{:.3}}}"#,
                        us(ts)
                    ));
                }
            }
            EventKind::LockReleased { lock } => {
                last_release.insert(*lock, (tid, ts));
                items.push(slice(
                    "i",
                    &format!("release Lock #{lock}"),
                    tid,
                    ts,
                    r#","s":"t""#,
                ));
            }
            EventKind::Notify {
                condition: cond,
                woken,
            } => items.push(slice(
                "i",
                &format!("notify Condition #{cond}"),
                tid,
                ts,
                &format!(r#","s":"t","args":{{"woken":{woken}}}"#),
            )),
            EventKind::Console { text, error } => items.push(slice(
                "i",
                "console",
                tid,
                ts,
                &format!(
                    r#","s":"t","args":{{"text":{},"stream":"{}"}}"#,
                    json_string(text),
                    if *error { "stderr" } else { "stdout" }
                ),
            )),
            EventKind::DataRace { text, .. } => items.push(slice(
                "i",
                "data race",
                tid,
                ts,
                &format!(r#","s":"t","args":{{"text":{}}}"#, json_string(text)),
            )),
            EventKind::ThreadCreated { child } => items.push(slice(
                "i",
                &format!("create thread {child}"),
                tid,
                ts,
                r#","s":"t""#,
            )),
            EventKind::GcStart => items.push(slice("B", "collect garbage", tid, ts, "")),
            // Only the page's side makes these.
            EventKind::TraceThinned | EventKind::Unknown => {}
            EventKind::GcEnd { live_bytes } => items.push(slice(
                "E",
                "collect garbage",
                tid,
                ts,
                &format!(r#","args":{{"live_bytes":{live_bytes}}}"#),
            )),
        }
    }
    // Close slices still open at the end.
    let end = events.last().map_or(0.0, |e| e.time);
    for (tid, _) in open {
        items.push(slice("E", "", tid, end, ""));
    }
    format!(
        "{{\"traceEvents\":[\n{}\n],\"displayTimeUnit\":\"ms\"}}\n",
        items.join(",\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Threads that write their last event and end while the host drains
    /// lose nothing: every event comes out of some drain.
    #[test]
    fn events_written_just_before_a_thread_ends_are_drained() {
        const THREADS: u32 = 4;
        // Miri interprets every step: fewer rounds there.
        const ROUNDS: u32 = if cfg!(miri) { 200 } else { 20_000 };
        let log = Arc::new(TraceLog::default());
        let writers: Vec<_> = (0..THREADS)
            .map(|thread| {
                let log = log.clone();
                std::thread::spawn(move || {
                    for _ in 0..ROUNDS {
                        let buffer = log.new_buffer();
                        buffer.push(TraceEvent {
                            time: 0.0,
                            thread,
                            kind: EventKind::ThreadFinished,
                        });
                        drop(buffer);
                    }
                })
            })
            .collect();
        let mut seen = 0usize;
        while writers.iter().any(|w| !w.is_finished()) {
            seen += log.drain().len();
        }
        for w in writers {
            w.join().expect("writer");
        }
        seen += log.drain().len();
        assert_eq!(seen, (THREADS * ROUNDS) as usize);
    }
}
