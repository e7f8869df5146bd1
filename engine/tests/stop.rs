//! `Engine::interrupt` (a host's stop button) ends a program whose
//! threads spin in `while (true) {}` or block, on every thread, in both
//! modes; `program::run` then reports it as stopped.

#![cfg(feature = "threads")]

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use weft::engine::{Engine, EngineConfig, Mode};
use weft::interpreter::{Host, Vm};
use weft::program::{self, Outcome, ProgramKind};

/// Records console lines and signals the first (the program is running).
struct Started {
    first: Mutex<Option<mpsc::Sender<()>>>,
    lines: Mutex<Vec<String>>,
}

impl Host for Started {
    fn print(&self, line: &str) {
        self.lines
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(line.to_string());
        if let Some(tx) = self.first.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = tx.send(());
        }
    }
}

/// Runs `source` until it prints, stops it, and checks it ended as
/// stopped. Returns how long the stop took and every line printed; the
/// engine and Vm live on (resumed) for `after`, which runs next.
fn stop_after_start_then(
    source: &'static str,
    mode: Mode,
    after: Option<&'static str>,
) -> (Duration, Vec<String>) {
    let engine = Engine::new(EngineConfig {
        mode,
        ..EngineConfig::default()
    });
    let (started_tx, started) = mpsc::channel();
    let (done_tx, done) = mpsc::channel();
    let main_engine = engine.clone();
    let host = Arc::new(Started {
        first: Mutex::new(Some(started_tx)),
        lines: Mutex::new(Vec::new()),
    });
    let main_host = host.clone();
    let (resumed_tx, resumed) = mpsc::channel::<()>();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let mut vm = Vm::new(main_engine, main_host);
            let outcome = program::run(&mut vm, "main.js", source, ProgramKind::Script);
            let _ = done_tx.send(matches!(outcome, Outcome::Stopped));
            if let Some(after) = after
                && resumed.recv().is_ok()
            {
                let outcome = program::run(&mut vm, "after.js", after, ProgramKind::Script);
                let _ = done_tx.send(matches!(outcome, Outcome::Ok(_)));
            }
        })
        .expect("main thread starts");
    started
        .recv_timeout(Duration::from_secs(10))
        .expect("the program starts");
    std::thread::sleep(Duration::from_millis(50));
    let t0 = Instant::now();
    engine.interrupt();
    let stopped = done
        .recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("{source} ({mode:?}) did not stop"));
    let took = t0.elapsed();
    assert!(stopped, "{source} ({mode:?}) ended, but not as stopped");
    if after.is_some() {
        engine.resume();
        resumed_tx.send(()).expect("main thread waits");
        let ok = done
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("{after:?} after {source} ({mode:?}) did not end"));
        assert!(ok, "{after:?} after {source} ({mode:?}) failed");
    }
    let lines = host.lines.lock().unwrap_or_else(|p| p.into_inner()).clone();
    (took, lines)
}

fn stop_after_start(source: &'static str, mode: Mode) -> Duration {
    stop_after_start_then(source, mode, None).0
}

#[test]
fn interrupt_stops_spinning_and_blocked_threads_in_both_modes() {
    let programs = [
        "console.log('go'); while (true) {}",
        "new Thread(() => { while (true) {} }); console.log('go'); while (true) {}",
        "for (let i = 0; i < 3; i++) new Thread(() => { while (true) {} }); console.log('go'); while (true) {}",
        "const l = new Lock(); new Thread(() => l.hold(() => { while (true) {} })); \
         new Thread(() => l.hold(() => {})); console.log('go'); while (true) {}",
        "const t = new Thread(() => { while (true) {} }); console.log('go'); t.join();",
        // The main thread is done and waits for the others.
        "new Thread(() => { console.log('go'); while (true) {} });",
        // Timers: an interval keeps a thread alive until cleared or
        // stopped; a long timeout is abandoned, never fired.
        "setInterval(() => {}, 1); console.log('go');",
        "setTimeout(() => console.log('fired'), 60000); console.log('go');",
        "new Thread(() => setInterval(() => {}, 5)); console.log('go');",
        "setTimeout(() => { console.log('go'); while (true) {} }, 1);",
    ];
    for mode in [Mode::Parallel, Mode::Locked] {
        for source in programs {
            stop_after_start(source, mode);
        }
    }
}

/// Stopping is not an exception a program can catch: no `catch` or
/// `finally` runs, on the main thread, on other threads, around a `join`,
/// inside `Lock.hold`, in async functions or promise handlers, and nothing
/// after them either.
#[test]
fn termination_runs_no_catch_or_finally_in_both_modes() {
    let programs = [
        "try { console.log('go'); while (true) {} } catch (e) { console.log('caught'); } \
         finally { console.log('finally'); } console.log('after');",
        "function spin() { while (true) {} } \
         try { console.log('go'); spin(); } catch { console.log('caught'); } console.log('after');",
        "new Thread(() => { try { console.log('go'); while (true) {} } catch (e) { console.log('caught'); } \
         finally { console.log('finally'); } console.log('thread after'); }).join();",
        "const t = new Thread(() => { while (true) {} }); console.log('go'); \
         try { t.join(); } catch (e) { console.log('caught'); } finally { console.log('finally'); } \
         console.log('after');",
        "const l = new Lock(); try { l.hold(() => { try { console.log('go'); while (true) {} } \
         finally { console.log('finally'); } }); } catch (e) { console.log('caught'); } console.log('after');",
        "async function f() { try { console.log('go'); while (true) {} } catch (e) { console.log('caught'); } } \
         f().catch(() => console.log('rejected')); console.log('after');",
        "function* g() { try { console.log('go'); while (true) {} } finally { console.log('finally'); } } \
         try { for (const x of g()) {} } finally { console.log('outer finally'); }",
        "new Thread(async () => { try { await null; console.log('go'); while (true) {} } \
         catch (e) { console.log('caught'); } }).asyncJoin().catch(() => console.log('rejected'));",
    ];
    for mode in [Mode::Parallel, Mode::Locked] {
        for source in programs {
            let (_, lines) = stop_after_start_then(source, mode, None);
            assert_eq!(lines, ["go"], "{source} ({mode:?}) ran code after the stop");
        }
    }
}

/// A Lock being held when the program is stopped is released (by
/// `Lock.hold` unwinding, or by a wait that gave it up and was stopped
/// before it took it back), so the engine is usable again.
#[test]
fn termination_leaves_no_lock_held_in_both_modes() {
    let programs = [
        // The holder spins; a second thread waits for the lock.
        "globalThis.lock = new Lock(); \
         new Thread(() => lock.hold(() => { console.log('go'); while (true) {} })); \
         new Thread(() => { while (!lock.locked) {} lock.hold(() => {}); });",
        // A condition waiter is stopped while it waits: it must not take
        // the lock back.
        "globalThis.lock = new Lock(); const cond = new Condition(); \
         new Thread(() => lock.hold(() => { console.log('go'); cond.wait(lock); })); while (true) {}",
        // Atomics.wait on a property, inside hold.
        "globalThis.lock = new Lock(); const cell = { v: 0 }; \
         lock.hold(() => { console.log('go'); Atomics.wait(cell, 'v', 0, 60000); });",
    ];
    for mode in [Mode::Parallel, Mode::Locked] {
        for source in programs {
            let after = "if (lock.locked) throw new Error('the lock is still held'); \
                         lock.hold(() => {}); new Thread(() => lock.hold(() => 1)).join();";
            let (_, lines) = stop_after_start_then(source, mode, Some(after));
            assert_eq!(lines, ["go"], "{source} ({mode:?})");
        }
    }
}

/// The same without any call in the handlers (a call would stop them
/// anyway): the handler blocks themselves do not run.
#[test]
fn termination_skips_handlers_that_make_no_calls() {
    let source = "globalThis.ran = ''; \
         try { try { console.log('go'); while (true) {} } catch (e) { ran += ' catch'; } \
         finally { ran += ' finally'; } } finally { ran += ' outer'; }";
    let after = "if (ran) throw new Error('ran:' + ran);";
    for mode in [Mode::Parallel, Mode::Locked] {
        stop_after_start_then(source, mode, Some(after));
    }
}
