//! The names functions and classes bind for themselves (a named function
//! expression's own name, a class's inner name) at every nesting level:
//! `names/cases.js` runs at script and module top level, inside sloppy and
//! strict functions, in a block, through direct and indirect eval, and on
//! another thread. Each placement must finish without an uncaught error.

use std::sync::Arc;

use weft::engine::{Engine, EngineConfig};
use weft::interpreter::{StdioHost, Vm};
use weft::program::{self, Outcome, ProgramKind};

const CASES: &str = include_str!("names/cases.js");

const CHECKS: &str = r#"
function check(actual, expected, what) {
  if (!Object.is(actual, expected)) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}
function checkThrows(ctor, fn, what) {
  try { fn(); } catch (e) {
    if (e instanceof ctor) return;
    throw new Error(`${what}: expected ${ctor.name}, got ${e}`);
  }
  throw new Error(`${what}: nothing was thrown`);
}
"#;

fn run(placement: &str, text: String, kind: ProgramKind) {
    let text = format!("{CHECKS}\n{text}");
    let name = format!("{placement}.js");
    let outcome = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let engine = Engine::new(EngineConfig::default());
            let mut vm = Vm::new(engine, Arc::new(StdioHost));
            program::run(&mut vm, &name, &text, kind)
        })
        .expect("test thread starts")
        .join()
        .expect("no panic");
    match outcome {
        Outcome::Ok(_) => {}
        Outcome::Error(e) => panic!("{placement}: {}: {}\n{}", e.name, e.message, e.stack),
        Outcome::Stopped => panic!("stopped"),
    }
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string quotes")
}

#[test]
fn script_top_level() {
    run("script", CASES.into(), ProgramKind::Script);
}

#[test]
fn module_top_level() {
    run("module", CASES.into(), ProgramKind::Module);
}

#[test]
fn inside_functions() {
    run(
        "function",
        format!("(function () {{\n{CASES}\n}})();"),
        ProgramKind::Script,
    );
    run(
        "strict-function",
        format!("(function () {{ 'use strict';\n{CASES}\n}})();"),
        ProgramKind::Script,
    );
    run(
        "arrow",
        format!("(() => {{\n{CASES}\n}})();"),
        ProgramKind::Script,
    );
    run(
        "module-function",
        format!("(function () {{\n{CASES}\n}})();"),
        ProgramKind::Module,
    );
}

#[test]
fn inside_blocks() {
    run("block", format!("{{\n{CASES}\n}}"), ProgramKind::Script);
    run(
        "module-block",
        format!("{{\n{CASES}\n}}"),
        ProgramKind::Module,
    );
    run(
        "loop-body",
        format!("for (let round = 0; round < 2; round++) {{\n{CASES}\n}}"),
        ProgramKind::Script,
    );
}

#[test]
fn inside_eval() {
    let cases = quoted(CASES);
    run(
        "direct-eval",
        format!("eval({cases});"),
        ProgramKind::Script,
    );
    run(
        "direct-eval-in-function",
        format!("(function () {{ eval({cases}); }})();"),
        ProgramKind::Script,
    );
    run(
        "strict-direct-eval",
        format!("'use strict'; eval({cases});"),
        ProgramKind::Script,
    );
    run(
        "indirect-eval",
        format!("(0, eval)({cases});"),
        ProgramKind::Script,
    );
    run(
        "new-function",
        format!("new Function({cases})();"),
        ProgramKind::Script,
    );
}

#[cfg(feature = "threads")]
#[test]
fn inside_a_thread() {
    run(
        "thread",
        format!("new Thread(() => {{\n{CASES}\n}}).join();"),
        ProgramKind::Script,
    );
    // A stack overflow inside a thread is a RangeError at join, also when
    // the recursion goes through the function's own name.
    run(
        "thread-overflow",
        "let caught;\n\
         try { new Thread(function f() { return f() + 1; }).join(); } catch (e) { caught = e; }\n\
         check(caught instanceof RangeError, true, 'stack overflow in a thread is a RangeError at join');"
            .into(),
        ProgramKind::Script,
    );
}
