//! `Engine::interrupt` (a host's stop button) ends a program whose
//! threads spin in `while (true) {}` or block, on every thread, in both
//! modes; `program::run` then reports it as stopped.

#![cfg(feature = "threads")]

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use weft::engine::{Engine, EngineConfig, Mode};
use weft::interpreter::{Host, Vm};
use weft::program::{self, Outcome, ProgramKind};

/// Signals the first console line (the program is running).
struct Started(std::sync::Mutex<Option<mpsc::Sender<()>>>);

impl Host for Started {
    fn print(&self, _: &str) {
        if let Some(tx) = self.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
            let _ = tx.send(());
        }
    }
}

fn stop_after_start(source: &'static str, mode: Mode) -> Duration {
    let engine = Engine::new(EngineConfig {
        mode,
        ..EngineConfig::default()
    });
    let (started_tx, started) = mpsc::channel();
    let (done_tx, done) = mpsc::channel();
    let main_engine = engine.clone();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let host = Arc::new(Started(std::sync::Mutex::new(Some(started_tx))));
            let mut vm = Vm::new(main_engine, host);
            let outcome = program::run(&mut vm, "main.js", source, ProgramKind::Script);
            let _ = done_tx.send(matches!(outcome, Outcome::Stopped));
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
    assert!(stopped, "{source} ({mode:?}) ended, but not as stopped");
    t0.elapsed()
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
    ];
    for mode in [Mode::Parallel, Mode::Locked] {
        for source in programs {
            stop_after_start(source, mode);
        }
    }
}
