//! The thread API and the memory model, in every mode: runs each
//! tests/threads/*.js file (prefixed by tests/js/prelude.js) in `parallel`,
//! `locked` and `scheduled` mode, `WEFT_THREAD_REPEAT` times (default 1), and
//! gc_sharing.js under the GC stress mode with eight threads. A file
//! passes when it ends without an uncaught exception on any thread, with
//! every thread ended, with `finished` (and `asyncFinished`, if it sets
//! it) true, and with its console showing "finished" (and "async part
//! finished"). The wasm build runs the same files (wasm-host/tests/) and
//! checks the console lines.

#![cfg(feature = "threads")]

mod common;

use std::path::Path;
use std::sync::Arc;

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig, Mode};
use weft::heap::HeapConfig;
use weft::interpreter::Vm;
use weft::object::PropertyKey;
use weft::value::Value;

use common::Console;

fn run_file(name: &str, mode: Mode, stress_every: Option<u32>) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let prelude = std::fs::read_to_string(root.join("js/prelude.js")).map_err(|e| e.to_string())?;
    let body =
        std::fs::read_to_string(root.join("threads").join(name)).map_err(|e| e.to_string())?;
    let config = EngineConfig {
        mode,
        heap: HeapConfig {
            stress_every,
            ..HeapConfig::default()
        },
        ..EngineConfig::default()
    };
    let label = format!(
        "{name} ({mode:?}{})",
        if stress_every.is_some() {
            ", GC stress"
        } else {
            ""
        }
    );
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let engine = Engine::new(config);
            let console = Arc::new(Console::default());
            let mut vm = Vm::new(engine.clone(), console.clone());
            let source = Source::new(label.clone(), format!("{prelude}\n{body}"));
            let result = vm
                .eval_script(source)
                .and_then(|_| vm.run_event_loop())
                .and_then(|_| vm.wait_for_threads());
            if let Err(e) = result {
                let why = match engine.termination() {
                    Some(t) => format!("{t:?}"),
                    None => vm.describe_exception(e),
                };
                vm.stop_other_threads();
                return Err(format!("{label}: {why}"));
            }
            let failures = engine.threads.take_unobserved_failures();
            if !failures.is_empty() {
                return Err(format!("{label}: threads failed: {failures:?}"));
            }
            let global = vm.realm.global();
            for flag in ["finished", "asyncFinished"] {
                if let Some((v, _)) = global.get_own(PropertyKey::from_text(flag))
                    && v != Value::TRUE
                {
                    return Err(format!("{label}: {flag} is not true"));
                }
            }
            if global.get_own(PropertyKey::from_text("finished")).is_none() {
                return Err(format!("{label}: did not finish"));
            }
            let lines = console.lines();
            let async_part = global
                .get_own(PropertyKey::from_text("asyncFinished"))
                .is_some();
            let expected: &[&str] = if async_part {
                &["finished", "async part finished"]
            } else {
                &["finished"]
            };
            if lines != expected {
                return Err(format!("{label}: printed {lines:?}, expected {expected:?}"));
            }
            if stress_every.is_some() && engine.heap.stats().collections == 0 {
                return Err(format!("{label}: the stress mode never collected"));
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "test thread panicked".to_string())?
}

fn repeat() -> usize {
    std::env::var("WEFT_THREAD_REPEAT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

fn run_both_modes(name: &str) {
    let mut failures = Vec::new();
    for _ in 0..repeat() {
        for mode in [Mode::Parallel, Mode::Locked, Mode::Scheduled] {
            if let Err(e) = run_file(name, mode, None) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_api_contract_holds() {
    run_both_modes("api_contract.js");
}

#[test]
fn the_memory_model_holds() {
    run_both_modes("memory_model.js");
}

#[test]
fn timers_fire_on_their_own_thread() {
    run_both_modes("timers.js");
}

#[test]
fn web_apis_are_shared_safely_between_threads() {
    run_both_modes("web.js");
}

/// Reduced programs the concurrency fuzzer once failed on
/// (`tests/threads/regressions/`, saved by `weft-fuzz-threads --save`):
/// each ends with its checks printing `fuzz ok`, in both modes.
#[test]
fn fuzz_regressions_stay_fixed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/threads/regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut failures = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "js") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        for mode in [Mode::Parallel, Mode::Locked, Mode::Scheduled] {
            let name = path.display().to_string();
            let text = text.clone();
            let printed = std::thread::Builder::new()
                .stack_size(64 << 20)
                .spawn(move || {
                    let engine = Engine::new(EngineConfig {
                        mode,
                        ..EngineConfig::default()
                    });
                    let console = Arc::new(Console::default());
                    let mut vm = Vm::new(engine, console.clone());
                    let outcome = weft::program::run_script(&mut vm, Source::new(name, text));
                    drop(vm);
                    let lines = console.lines();
                    (format!("{outcome:?}"), lines)
                })
                .expect("spawn")
                .join()
                .expect("no panic");
            if !printed.1.iter().any(|l| l == "fuzz ok") {
                failures.push(format!(
                    "{} ({mode:?}): {} {:?}",
                    path.display(),
                    printed.0,
                    printed.1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn eight_threads_share_objects_under_gc_stress() {
    let mut failures = Vec::new();
    for _ in 0..repeat() {
        for mode in [Mode::Parallel, Mode::Locked, Mode::Scheduled] {
            if let Err(e) = run_file("gc_sharing.js", mode, Some(25)) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Live threads are bounded (`EngineConfig::max_threads`, 4096 unless set):
/// one more `new Thread` is a RangeError that says so, spends no id and
/// leaves nothing behind, and spawning works again once threads end.
#[test]
fn live_threads_are_bounded() {
    for (mode, limit) in [
        (Mode::Parallel, 6),
        (Mode::Locked, 6),
        (Mode::Scheduled, 6),
        (Mode::Parallel, 64),
    ] {
        let engine = Engine::new(EngineConfig {
            mode,
            max_threads: Some(limit),
            ..EngineConfig::default()
        });
        let source = format!(
            "const limit = {limit};
             const gate = {{ open: 0 }};
             const live = [];
             for (let i = 1; i < limit; i++) live.push(new Thread(() => Atomics.wait(gate, 'open', 0)));
             let refused;
             try {{ new Thread(() => 0); }} catch (e) {{ refused = e; }}
             if (!(refused instanceof RangeError)) throw new Error('expected a RangeError, got ' + refused);
             if (!refused.message.includes('too many live threads (the limit is ' + limit))
               throw new Error('unclear message: ' + refused.message);
             Atomics.store(gate, 'open', 1);
             Atomics.notify(gate, 'open');
             live.forEach(t => t.join());
             // No id was spent on the refused thread, and spawning works again.
             const next = new Thread(() => Thread.current.id);
             if (next.join() !== live[live.length - 1].id + 1) throw new Error('an id was spent: ' + next.id);
             for (let round = 0; round < 3; round++) {{
               const batch = [];
               for (let i = 1; i < limit; i++) batch.push(new Thread(() => i));
               batch.forEach(t => t.join());
             }}
             'ok'"
        );
        let outcome = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn({
                let engine = engine.clone();
                move || {
                    let mut vm = Vm::new(engine, Arc::new(Console::default()));
                    weft::program::run(
                        &mut vm,
                        "bound.js",
                        &source,
                        weft::program::ProgramKind::Script,
                    )
                }
            })
            .expect("thread starts")
            .join()
            .expect("no panic");
        match outcome {
            weft::program::Outcome::Ok(v) => assert_eq!(v.as_deref(), Some("'ok'"), "{mode:?}"),
            other => panic!("{mode:?} limit {limit}: {other:?}"),
        }
        assert_eq!(
            engine.threads.live_count(),
            0,
            "no thread is left registered"
        );
    }
}
