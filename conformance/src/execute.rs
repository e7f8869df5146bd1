//! Runs one test262 test in a fresh engine, in-process.

use std::path::Path;
use std::sync::Arc;

use weft::bytecode::Source;
use weft::compiler::{self, UnitKind};
use weft::engine::{Engine, EngineConfig};
use weft::interpreter::{JsResult, Vm};
use weft::module::{FsLoader, ModuleError};
use weft::object::PropertyKey;
use weft::string::atom::names;

use crate::host262::{self, CaptureHost};
use crate::metadata::Metadata;

/// How one run of a test ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail(String),
}

/// Loads a harness file.
fn harness(root: &Path, name: &str) -> Result<String, String> {
    std::fs::read_to_string(root.join("harness").join(name))
        .map_err(|e| format!("missing harness file {name}: {e}"))
}

/// The constructor name of a thrown value (for negative tests).
fn error_name(vm: &mut Vm, exc: weft::value::Value) -> String {
    let Some(obj) = exc.as_object() else {
        return String::new();
    };
    let ctor = vm
        .get(obj, PropertyKey::Atom(names::CONSTRUCTOR))
        .ok()
        .and_then(|c| c.as_object());
    ctor.and_then(|c| vm.get(c, PropertyKey::Atom(names::NAME)).ok())
        .and_then(|n| n.as_string())
        .map(|s| s.to_rust_string())
        .unwrap_or_default()
}

/// Runs `source` (the test file's text) once, strict or not.
pub fn run(root: &Path, rel_path: &str, source: &str, meta: &Metadata, strict: bool) -> Outcome {
    let raw = meta.has_flag("raw");
    let module = meta.has_flag("module");
    let is_async = meta.has_flag("async");
    let mut text = String::new();
    if strict && !module {
        text.push_str("\"use strict\";\n");
    }
    if !raw {
        let mut includes = vec!["assert.js".to_string(), "sta.js".to_string()];
        if is_async {
            includes.push("doneprintHandle.js".to_string());
        }
        includes.extend(meta.includes.iter().cloned());
        for inc in includes {
            match harness(root, &inc) {
                Ok(h) => {
                    text.push_str(&h);
                    text.push('\n');
                }
                Err(e) => return Outcome::Fail(e),
            }
        }
    }

    let host = CaptureHost::new();
    let engine = Engine::new(EngineConfig::default());
    engine.set_module_loader(Arc::new(FsLoader::new(root)));
    let mut vm = Vm::new(engine, host.clone());
    let realm = vm.realm;
    host262::install(&mut vm, realm);
    let negative = meta.negative.clone();

    let result = if module {
        // The harness runs as a script; the test file is the entry module,
        // loaded by its path so that its imports (and imports of itself)
        // resolve against its directory.
        if !text.is_empty()
            && let Err(exc) = vm
                .eval_script(Source::new("harness", text))
                .and_then(|_| vm.run_jobs())
        {
            return Outcome::Fail(format!("harness: {}", vm.describe_exception(exc)));
        }
        match run_module(&mut vm, rel_path, &negative) {
            Ok(r) => r,
            Err(outcome) => return outcome,
        }
    } else {
        text.push_str(source);
        let src = Source::new(rel_path.to_string(), text);
        let code = compiler::compile(src, UnitKind::Script);
        let code = match (code, &negative) {
            (Err(_), Some((phase, ty)))
                if (phase == "parse" || phase == "early") && ty == "SyntaxError" =>
            {
                return Outcome::Pass;
            }
            (Err(e), _) => return Outcome::Fail(format!("SyntaxError: {}", e.message)),
            (Ok(_), Some((phase, ty))) if phase == "parse" || phase == "early" => {
                return Outcome::Fail(format!(
                    "expected a {ty} at parse time, but the test compiled"
                ));
            }
            (Ok(c), _) => c,
        };
        vm.run_script_code(code)
            .and_then(|_| vm.run_jobs())
            .map(|_| ())
    };
    match (result, negative) {
        (Err(exc), Some((phase, ty))) if phase == "runtime" || phase == "resolution" => {
            let name = error_name(&mut vm, exc);
            if name == ty {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("expected {ty}, got {}", vm.describe_exception(exc)))
            }
        }
        (Ok(()), Some((_, ty))) => Outcome::Fail(format!("expected {ty} to be thrown")),
        (Err(exc), _) => Outcome::Fail(vm.describe_exception(exc)),
        (Ok(()), None) => {
            if is_async {
                let lines = host.lines.lock().map(|l| l.clone()).unwrap_or_default();
                if lines.iter().any(|l| l == "Test262:AsyncTestComplete") {
                    Outcome::Pass
                } else if let Some(fail) = lines
                    .iter()
                    .find(|l| l.starts_with("Test262:AsyncTestFailure"))
                {
                    Outcome::Fail(fail.clone())
                } else {
                    Outcome::Fail("async test did not complete".into())
                }
            } else {
                Outcome::Pass
            }
        }
    }
}

/// Loads, links and evaluates the test file as a module and runs the
/// jobs. Ok(result) is how evaluation ended; Err(outcome) decides the test
/// earlier (a parse or load error).
fn run_module(
    vm: &mut Vm,
    rel_path: &str,
    negative: &Option<(String, String)>,
) -> Result<JsResult<()>, Outcome> {
    let parse_negative = matches!(negative, Some((phase, ty))
        if (phase == "parse" || phase == "early" || phase == "resolution") && ty == "SyntaxError");
    let m = match vm.load_module(rel_path) {
        Ok(m) => m,
        Err(ModuleError::Syntax { source, error }) => {
            return Err(if parse_negative {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("SyntaxError: {} ({})", error.message, source.name))
            });
        }
        Err(ModuleError::Thrown(exc)) => return Ok(Err(exc)),
        Err(e) => return Err(Outcome::Fail(e.message())),
    };
    if let Some((phase, ty)) = negative
        && (phase == "parse" || phase == "early")
    {
        return Err(Outcome::Fail(format!(
            "expected a {ty} at parse time, but the test compiled"
        )));
    }
    if let Err(exc) = vm.link_module(m) {
        return Ok(Err(exc));
    }
    let promise = vm.evaluate_module(m);
    if let Err(exc) = vm.run_jobs() {
        return Ok(Err(exc));
    }
    Ok(match weft::builtins::promise::settled(promise) {
        Some(Err(exc)) => Err(exc),
        _ => Ok(()),
    })
}
