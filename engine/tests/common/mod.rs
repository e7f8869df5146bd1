//! What the engine's integration tests share: a console that keeps what a
//! program prints (and keeps the test output quiet), and running a script
//! on a thread with a big stack, as the `weft` command does.

// Each test file uses part of it.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use weft::engine::Engine;
use weft::interpreter::{Host, Vm};
use weft::program::{self, Outcome, ProgramKind};

/// Keeps what a program prints.
#[derive(Default)]
pub struct Console(Mutex<Vec<String>>);

impl Console {
    /// The lines printed so far.
    pub fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl Host for Console {
    fn print(&self, text: &str) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(text.to_string());
    }
}

/// Runs `text` as the script `test.js` on `engine` (its main thread on a
/// 64 MiB stack): how it ended and what it printed.
pub fn run_script(engine: Arc<Engine>, text: &str) -> (Outcome, Vec<String>) {
    let text = text.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let console = Arc::new(Console::default());
            let mut vm = Vm::new(engine, console.clone());
            let outcome = program::run(&mut vm, "test.js", &text, ProgramKind::Script);
            drop(vm);
            (outcome, console.lines())
        })
        .expect("spawn")
        .join()
        .expect("no panic")
}
