//! How a JS thread takes part in `scheduled` mode: its scheduling points,
//! waiting for the baton, blocking and ending (the choices themselves are
//! `scheduler.rs`).
//!
//! A thread waits for the baton without heap access, like a blocked thread
//! (a collection started by the running thread never waits for it), and
//! wakes when the baton is handed to it, when the engine ends the program
//! (then every thread runs freely to its end, unwinding), or spuriously.

use super::scheduler::SchedError;
use super::{Termination, WaitFor};
use crate::interpreter::{JsResult, Vm};
use crate::value::Value;

impl Vm {
    /// A scheduling point (a shared access, a synchronization operation, a
    /// task's start): in `scheduled` mode the scheduler may run another
    /// thread first. One predictable branch in the other modes.
    #[inline]
    pub fn sched_point(&mut self) -> JsResult<()> {
        if self.scheduled {
            self.sched_point_slow()
        } else {
            Ok(())
        }
    }

    #[cold]
    fn sched_point_slow(&mut self) -> JsResult<()> {
        if self.engine.is_interrupted() {
            return Err(Value::TERMINATE);
        }
        let decided = self.scheduler().point(self.thread.id);
        self.follow(decided)?;
        if self.engine.is_interrupted() {
            return Err(Value::TERMINATE);
        }
        Ok(())
    }

    fn scheduler(&self) -> &super::scheduler::Scheduler {
        self.engine
            .threads
            .scheduler
            .as_ref()
            .expect("scheduled mode has a scheduler")
    }

    /// Acts on a scheduler decision: hands the baton over and waits for it
    /// to come back, or ends the program when the scheduler cannot go on.
    fn follow(
        &mut self,
        decided: Result<Option<std::sync::Arc<super::ThreadRecord>>, SchedError>,
    ) -> JsResult<()> {
        match decided {
            Ok(None) => Ok(()),
            Ok(Some(next)) => {
                next.wake();
                self.wait_for_baton();
                Ok(())
            }
            Err(e) => {
                self.end_for_scheduler(e);
                Err(Value::TERMINATE)
            }
        }
    }

    /// Ends the program because the scheduler cannot go on.
    fn end_for_scheduler(&self, e: SchedError) {
        let engine = &self.engine;
        let why = match e {
            SchedError::Deadlock => Termination::Deadlock(engine.threads.deadlock_report()),
            SchedError::Diverged(message) => Termination::Schedule(message),
            SchedError::StepLimit(n) => Termination::Schedule(format!(
                "the run was stopped after {n} scheduling points (its bound)"
            )),
        };
        engine.terminate(why);
    }

    /// Parks (without heap access) until this thread holds the baton or
    /// the program is ended.
    pub(crate) fn wait_for_baton(&mut self) {
        let engine = self.engine.clone();
        let me = self.thread.id;
        let sched = engine.threads.scheduler.as_ref().expect("scheduled mode");
        if sched.may_run(me) {
            return;
        }
        let heap = engine.heap.clone();
        heap.park(self.heap_access().state());
        while !sched.may_run(me) && !engine.is_interrupted() {
            std::thread::park();
        }
        heap.unpark(self.heap_access().state());
    }

    /// `block_until` in `scheduled` mode: the thread stops being runnable
    /// until the scheduler finds its wait over (or its deadline, on the
    /// virtual clock, passed) and hands it the baton.
    pub(crate) fn block_until_scheduled<R>(
        &mut self,
        wait: WaitFor,
        deadline_ms: Option<f64>,
        ready: &mut dyn FnMut() -> Option<R>,
    ) -> JsResult<Option<R>> {
        let engine = self.engine.clone();
        loop {
            let decided = self
                .scheduler()
                .block(self.thread.id, wait.clone(), deadline_ms);
            self.follow(decided)?;
            if engine.is_interrupted() {
                return Err(Value::TERMINATE);
            }
            if let Some(r) = ready() {
                return Ok(Some(r));
            }
            if deadline_ms.is_some_and(|d| engine.monotonic_ms() >= d) {
                return Ok(None);
            }
        }
    }

    /// A new thread this thread created: runnable from now on.
    pub(crate) fn sched_add_thread(&self, record: &std::sync::Arc<super::ThreadRecord>) {
        if let Some(s) = &self.engine.threads.scheduler {
            s.add(record);
        }
    }

    /// This thread has ended (its `Vm` is going): the baton goes on.
    pub(crate) fn sched_exit(&mut self) {
        let Some(s) = &self.engine.threads.scheduler else {
            return;
        };
        match s.exit(self.thread.id) {
            Ok(Some(next)) => next.wake(),
            Ok(None) => {}
            Err(e) => self.end_for_scheduler(e),
        }
    }
}
