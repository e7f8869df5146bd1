//! Global name lookups are served by inline caches (the global object is
//! a versioned dictionary, global lexicals are cached by index). These
//! tests change the global bindings under warm caches, across scripts, and
//! check that every read and write sees the binding the spec names.

use std::sync::Arc;

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::interpreter::{StdioHost, Vm};

/// Runs the scripts in order in one realm; each must not throw. Returns
/// the completion value of the last, as a string.
fn run_scripts(scripts: &[&str]) -> String {
    let engine = Engine::new(EngineConfig::default());
    let mut vm = Vm::new(engine, Arc::new(StdioHost));
    let mut last = String::new();
    for (i, text) in scripts.iter().enumerate() {
        let source = Source::new(format!("script{i}.js"), text.to_string());
        match vm.eval_script(source) {
            Ok(v) => last = vm.to_rust_string(v).expect("a printable completion"),
            Err(e) => panic!("script {i} threw: {}", vm.describe_exception(e)),
        }
    }
    last
}

/// A function that reads and one that writes global `name`, warmed up so
/// their caches are filled.
const WARM: &str = "
  function read() { return g; }
  function write(v) { g = v; }
  for (let i = 0; i < 100; i++) { read(); }
";

#[test]
fn a_later_let_shadows_a_cached_global_property() {
    let out = run_scripts(&[
        "globalThis.g = 'property';",
        WARM,
        "let g = 'lexical';",
        "[read(), (write('written'), g), globalThis.g].join()",
    ]);
    assert_eq!(out, "lexical,written,property");
}

#[test]
fn deleting_and_redefining_a_cached_global_property_is_seen() {
    let out = run_scripts(&[
        "globalThis.g = 1;",
        WARM,
        "
        const seen = [read()];
        delete globalThis.g;
        try { read(); seen.push('no error'); } catch (e) { seen.push(e.name); }
        globalThis.g = 2;
        seen.push(read());
        Object.defineProperty(globalThis, 'g', { get() { return 'getter'; }, configurable: true });
        seen.push(read());
        Object.defineProperty(globalThis, 'g', { value: 3, writable: false, configurable: true });
        seen.push(read());
        write(4);
        seen.push(read());
        seen.join()
        ",
    ]);
    assert_eq!(out, "1,ReferenceError,2,getter,3,3");
}

#[test]
fn cached_global_lexicals_keep_tdz_and_const() {
    let out = run_scripts(&[
        "
        function readL() { return l; }
        function writeC() { c = 2; }
        const seen = [];
        try { readL(); } catch (e) { seen.push(e.name); }
        ",
        "let l = 'l'; const c = 1;",
        "
        for (let i = 0; i < 50; i++) readL();
        seen.push(readL());
        for (let i = 0; i < 3; i++) {
          try { writeC(); } catch (e) { seen.push(e.name); }
        }
        seen.push(c);
        seen.join()
        ",
    ]);
    assert_eq!(out, "ReferenceError,l,TypeError,TypeError,TypeError,1");
}

#[test]
fn writes_through_a_warm_cache_reach_the_global_object() {
    let out = run_scripts(&[
        "var counter = 0; function bump() { counter = counter + 1; }",
        "for (let i = 0; i < 1000; i++) bump(); globalThis.counter",
    ]);
    assert_eq!(out, "1000");
}
