//! ES modules: the programs in tests/modules/ run with `weft run` (from
//! that directory, so module keys are the relative paths) and in-process
//! through `Vm::run_module`, normally and under GC stress; and the errors
//! a module graph can fail with, as the command reports them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use weft::engine::{Engine, EngineConfig};
use weft::heap::HeapConfig;
use weft::interpreter::{Host, Vm};
use weft::module::FsLoader;

fn modules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/modules")
}

fn weft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weft"))
        .args(args)
        .current_dir(modules_dir())
        .output()
        .expect("weft runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Entry points and what they print.
const PROGRAMS: &[(&str, &str)] = &[
    ("basic/main.mjs", "basic ok\n"),
    (
        "live/main.mjs",
        "0 2 2 0 assigned after import\nclosure 1\n",
    ),
    (
        "cycle/main.mjs",
        "b runs: hoisted a\nTDZ: ReferenceError\na runs: b = b / hoisted b / a\nmain runs: a b\n",
    ),
    (
        "dynamic/main.mjs",
        "main starts\nimport() returned true\ntarget evaluated\ndynamic value target default\nsame namespace true\nmissing: TypeError\n",
    ),
    (
        "tla/main.mjs",
        "slow starts\nfast runs\nslow ends\nafter runs, sees slow done\nmain runs\nawaited in main\n",
    ),
];

#[test]
fn module_programs_run_with_weft_run() {
    for (entry, expected) in PROGRAMS {
        let out = weft(&["run", entry]);
        assert_eq!(text(&out.stderr), "", "{entry}");
        assert!(out.status.success(), "{entry}");
        assert_eq!(text(&out.stdout), *expected, "{entry}");
    }
}

#[derive(Default)]
struct Capture(Mutex<String>);

impl Host for Capture {
    fn print(&self, text: &str) {
        let mut out = self.0.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str(text);
        out.push('\n');
    }
}

/// Runs `entry` in a fresh engine; returns what it printed.
fn run_in_process(entry: &str, stress_every: Option<u32>) -> Result<String, String> {
    let entry = entry.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let config = EngineConfig {
                heap: HeapConfig {
                    stress_every,
                    ..HeapConfig::default()
                },
                ..EngineConfig::default()
            };
            let engine = Engine::new(config);
            engine.set_module_loader(Arc::new(FsLoader::new(modules_dir())));
            let host = Arc::new(Capture::default());
            let mut vm = Vm::new(engine.clone(), host.clone());
            let promise = vm.run_module(&entry).map_err(|e| e.message())?;
            vm.run_jobs().map_err(|e| vm.describe_exception(e))?;
            match weft::builtins::promise::settled(promise) {
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(vm.describe_exception(e)),
                None => return Err("the module never finished".into()),
            }
            if stress_every.is_some() && engine.heap.stats().collections == 0 {
                return Err("the stress mode never collected".into());
            }
            let out = host.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
            Ok(out)
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "the test thread panicked".to_string())?
}

#[test]
fn module_programs_run_in_process() {
    for (entry, expected) in PROGRAMS {
        assert_eq!(
            run_in_process(entry, None).as_deref(),
            Ok(*expected),
            "{entry}"
        );
    }
}

#[test]
fn module_programs_run_under_gc_stress() {
    for (entry, expected) in PROGRAMS {
        assert_eq!(
            run_in_process(entry, Some(7)).as_deref(),
            Ok(*expected),
            "{entry}"
        );
    }
}

#[test]
fn a_script_can_import_a_module_dynamically() {
    let out = weft(&["run", "dynamic/script.js"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "target evaluated\nfrom a script: dynamic value\n"
    );
}

#[test]
fn a_file_with_import_syntax_runs_as_a_module() {
    let out = weft(&["run", "errors/detected.js"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "function\n");
}

#[test]
fn a_missing_module_names_the_specifier_and_the_importer() {
    let out = weft(&["run", "errors/missing.mjs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("Cannot load module './nope.mjs' imported from errors/missing.mjs"),
        "{err}"
    );
}

#[test]
fn a_syntax_error_in_an_imported_file_shows_its_file_line_and_column() {
    let out = weft(&["run", "errors/imports-bad-syntax.mjs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("errors/bad-syntax.mjs:3:16: SyntaxError"),
        "{err}"
    );
    assert!(err.contains("  return fine +;\n               ^"), "{err}");
}

#[test]
fn an_import_of_a_missing_export_is_a_syntax_error_at_link_time() {
    let out = weft(&["run", "errors/no-such-export.mjs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("SyntaxError: errors/no-such-export.mjs:1:10: the module './thrower.mjs' does not provide an export named 'nothing'"),
        "{err}"
    );
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn an_error_thrown_in_an_imported_module_has_its_file_in_the_stack() {
    let out = weft(&["run", "errors/calls-thrower.mjs"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("Uncaught RangeError: thrown in an imported module"),
        "{err}"
    );
    assert!(err.contains("at fail (errors/thrower.mjs:2:9)"), "{err}");
    assert!(err.contains("at errors/calls-thrower.mjs:2:1"), "{err}");
}

#[test]
fn weft_e_runs_module_code_too() {
    let out = weft(&[
        "-e",
        "import { answer } from './basic/lib.mjs'; print(answer, await 1)",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "42 1\n");
}
