//! Weak semantics of WeakMap, WeakSet, WeakRef and FinalizationRegistry
//! across real collections (the JS suite has no way to force one).

use std::sync::Arc;

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::interpreter::{JsResult, StdioHost, Vm};
use weft::value::Value;

fn gc(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    vm.collect_garbage();
    Ok(Value::UNDEFINED)
}

/// Runs each script as its own job (so WeakRef targets kept alive by one
/// are released before the next), then the queued jobs.
fn run(scripts: &[&str]) -> Result<(), String> {
    let scripts: Vec<String> = scripts.iter().map(|s| s.to_string()).collect();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let engine = Engine::new(EngineConfig::default());
            let mut vm = Vm::new(engine, Arc::new(StdioHost));
            let global = vm.realm.global();
            vm.define_builtin(global, "gc", 0, gc);
            for (i, s) in scripts.iter().enumerate() {
                let source = Source::new(format!("weak{i}.js"), s.clone());
                let result = vm.eval_script(source).and_then(|_| vm.run_jobs());
                if let Err(e) = result {
                    return Err(format!("script {i}: {}", vm.describe_exception(e)));
                }
            }
            Ok(())
        })
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "test thread panicked".to_string())?
}

const ASSERT: &str = "function check(c, what) { if (!c) throw new Error(what); }";

#[test]
fn weak_ref_target_is_cleared_after_collection() {
    run(&[
        "var wr = new WeakRef({ big: 1 }); var kept = {}; var wr2 = new WeakRef(kept);",
        &format!(
            "{ASSERT} gc(); check(wr.deref() === undefined, 'dead target cleared'); \
             check(wr2.deref() === kept, 'live target kept');"
        ),
    ])
    .unwrap();
}

#[test]
fn weak_map_values_are_ephemerons() {
    run(&[
        "var wm = new WeakMap(); var ws = new WeakSet(); var root = {};
         (function () {
           var a = {}, b = {}, c = {};
           wm.set(root, a); wm.set(a, b); wm.set(b, c);   // chain from a live key
           var deadKey = {}; var deadValue = { v: 1 };
           wm.set(deadKey, deadValue); ws.add(deadKey);
           globalThis.wrChain = new WeakRef(c);
           globalThis.wrDeadValue = new WeakRef(deadValue);
           globalThis.wrDeadKey = new WeakRef(deadKey);
           var cycleKey = {}; wm.set(cycleKey, { back: cycleKey });
           globalThis.wrCycle = new WeakRef(cycleKey);
         })();",
        &format!(
            "{ASSERT} gc();
             check(wrChain.deref() !== undefined, 'values reachable through live keys survive');
             check(wm.get(wm.get(wm.get(root))) === wrChain.deref(), 'chain intact');
             check(wrDeadValue.deref() === undefined, 'value of a dead key is collected');
             check(wrDeadKey.deref() === undefined, 'WeakMap/WeakSet keys are weak');
             check(wrCycle.deref() === undefined, 'a value pointing back at its key does not keep it');"
        ),
    ])
    .unwrap();
}

#[test]
fn finalization_callbacks_run_as_jobs() {
    run(&[
        "var calls = []; var fr = new FinalizationRegistry((h) => calls.push(h));
         (function () {
           fr.register({}, 'first');
           var tok = {};
           fr.register({}, 'unregistered', tok);
           fr.unregister(tok);
         })();
         var alive = {}; fr.register(alive, 'alive');",
        "gc();",
        &format!(
            "{ASSERT} check(calls.length === 1 && calls[0] === 'first', 'callbacks: ' + calls);"
        ),
    ])
    .unwrap();
}
