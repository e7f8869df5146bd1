//! Runs one test262 test in a fresh engine, in-process.

use std::path::Path;

use weft::bytecode::Source;
use weft::compiler::{self, UnitKind};
use weft::engine::{Engine, EngineConfig};
use weft::interpreter::Vm;
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
    text.push_str(source);

    let host = CaptureHost::new();
    let engine = Engine::new(EngineConfig::default());
    let mut vm = Vm::new(engine, host.clone());
    let realm = vm.realm;
    host262::install(&mut vm, realm);

    let src = Source::new(rel_path.to_string(), text);
    let kind = if module {
        UnitKind::Module
    } else {
        UnitKind::Script
    };
    let code = compiler::compile(src, kind);
    let negative = meta.negative.clone();
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
    let result = vm.run_script_code(code).and_then(|_| vm.run_jobs());
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
