//! A thread's event loop: run its microtasks, then settle the async
//! operations other threads complete for it (messages in its inbox) and
//! the ones that time out, and run its timers (`web/timers.rs`), one task
//! at a time with the microtasks after each, until nothing is pending.

use super::{Termination, WaitFor};
use crate::interpreter::{JsResult, Vm};
use crate::value::Value;

impl Vm {
    /// Runs jobs and delivered messages until the thread has no pending
    /// async operation left. Blocks (idle) while operations are pending
    /// and nothing has arrived.
    pub fn run_event_loop(&mut self) -> JsResult<()> {
        self.run_event_loop_until(|_| false)
    }

    /// `run_event_loop`, returning early once `done` holds (checked after
    /// each round of jobs).
    pub fn run_event_loop_until(&mut self, mut done: impl FnMut(&mut Vm) -> bool) -> JsResult<()> {
        loop {
            self.run_jobs()?;
            if done(self) {
                return Ok(());
            }
            // The next task's start is a scheduling point.
            self.sched_point()?;
            let now = self.engine.monotonic_ms();
            let expired = self.thread.take_expired(now);
            if !expired.is_empty() {
                for op in expired {
                    let mark = self.root(op.on_ok);
                    self.root(op.timeout_value);
                    let r = self.call(op.on_ok, Value::UNDEFINED, &[op.timeout_value]);
                    self.unroot_to(mark);
                    r?;
                }
                continue;
            }
            if let Some(message) = self.thread.take_message() {
                if let (Some(r), Some(t)) = (&self.engine.threads.races, message.ended) {
                    r.join(self.thread.id, t);
                }
                let mark = self.root(message.value);
                if let Some(op) = self.thread.take_pending(message.op) {
                    let f = if message.ok { op.on_ok } else { op.on_err };
                    self.root(f);
                    let r = self.call(f, Value::UNDEFINED, &[message.value]);
                    self.unroot_to(mark);
                    r?;
                } else {
                    self.unroot_to(mark);
                }
                continue;
            }
            if self.run_due_timer()? {
                continue;
            }
            if self.thread.pending_count() == 0 && !self.has_timers() {
                return Ok(());
            }
            let deadline = match (self.thread.next_deadline(), self.timers.next_deadline()) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            let me = self.thread.clone();
            self.block_until(
                WaitFor::EventLoop {
                    timed: deadline.is_some(),
                },
                deadline,
                || me.has_messages().then_some(()),
            )?;
        }
    }

    /// At the end of a program: waits until every other thread has ended.
    /// Fails with the termination if the program is stopped or deadlocks.
    pub fn wait_for_threads(&mut self) -> JsResult<()> {
        let engine = self.engine.clone();
        self.block_until(WaitFor::OtherThreads, None, || {
            (engine.threads.live_count() <= 1).then_some(())
        })
        .map(|_| ())
    }

    /// Stops every other thread (after an uncaught exception on the main
    /// thread) and waits for them to end.
    pub fn stop_other_threads(&mut self) {
        let engine = self.engine.clone();
        if engine.threads.live_count() <= 1 {
            return;
        }
        engine.terminate(Termination::Stopped);
        // The other threads end at their next safepoint or wake-up; wait
        // without heap access so none of them waits on us for a collection.
        let heap = engine.heap.clone();
        heap.park(self.heap_access().state());
        self.release_gil();
        while engine.threads.live_count() > 1 {
            // Not `thread::sleep`: on wasm32 with atomics (rustc 1.96) it
            // never returns. A spurious unpark only polls again.
            super::pool::park_host(Some(std::time::Duration::from_millis(1)));
        }
        self.acquire_gil();
        heap.unpark(self.heap_access().state());
        engine.resume();
    }
}
