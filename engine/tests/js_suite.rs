//! Runs weft's own JavaScript tests (tests/js/*.js, each prefixed by
//! prelude.js), normally and under the GC stress mode, in which a
//! collection is requested at every Nth allocation. A test file passes
//! when it runs without an uncaught exception and every variable it sets
//! to report completion (`finished`, `asyncFinished`) ended up true.

use std::path::Path;
use std::sync::Arc;

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::heap::HeapConfig;
use weft::interpreter::{StdioHost, Vm};
use weft::object::PropertyKey;
use weft::value::Value;

fn run_file(name: &str, stress_every: Option<u32>) -> Result<(), String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let prelude = std::fs::read_to_string(dir.join("prelude.js")).map_err(|e| e.to_string())?;
    let body = std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string())?;
    let config = EngineConfig {
        heap: HeapConfig {
            stress_every,
            ..HeapConfig::default()
        },
        ..EngineConfig::default()
    };
    // The interpreter wants a big stack for deep recursion tests.
    let name = name.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let engine = Engine::new(config);
            let mut vm = Vm::new(engine.clone(), Arc::new(StdioHost));
            let source = Source::new(name.clone(), format!("{prelude}\n{body}"));
            let result = vm.eval_script(source).and_then(|_| vm.run_event_loop());
            if let Err(e) = result {
                return Err(format!("{name}: {}", vm.describe_exception(e)));
            }
            let global = vm.realm.global();
            for flag in ["finished", "asyncFinished"] {
                if let Some((v, _)) = global.get_own(PropertyKey::from_text(flag))
                    && v != Value::TRUE
                {
                    return Err(format!(
                        "{name}: {flag} is not true (async part did not complete)"
                    ));
                }
            }
            if stress_every.is_some() && engine.heap.stats().collections == 0 {
                return Err(format!("{name}: the stress mode never collected"));
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "test thread panicked".to_string())?
}

fn test_files() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("tests/js exists")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".js") && n != "prelude.js")
        .collect();
    names.sort();
    names
}

#[test]
fn js_tests_pass() {
    let failures: Vec<String> = test_files()
        .iter()
        .filter_map(|f| run_file(f, None).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn js_tests_pass_under_gc_stress() {
    let failures: Vec<String> = test_files()
        .iter()
        .filter_map(|f| run_file(f, Some(7)).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
