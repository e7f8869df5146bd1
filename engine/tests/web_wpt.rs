//! Runs web-platform-tests data for the web platform APIs: the URL
//! parsing and setter cases (`tests/web/url_wpt.json`, vendored from the
//! WPT files the `url` crate ships, BSD-3-Clause) through the engine's URL
//! object (`tests/web/url_wpt.js`). Failures must be exactly those listed
//! in `tests/web/url_known_failures.txt`, so a regression and a fix both
//! show.

use std::path::Path;
use std::sync::Arc;

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::interpreter::{StdioHost, Vm};
use weft::object::PropertyKey;

#[test]
fn url_wpt_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/web");
    let data = std::fs::read_to_string(dir.join("url_wpt.json")).expect("url_wpt.json");
    let runner = std::fs::read_to_string(dir.join("url_wpt.js")).expect("url_wpt.js");
    let known = std::fs::read_to_string(dir.join("url_known_failures.txt")).unwrap_or_default();
    let (failures, passed) = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let engine = Engine::new(EngineConfig::default());
            let mut vm = Vm::new(engine, Arc::new(StdioHost));
            let source = Source::new("url_wpt.js", format!("var wpt = {data};\n{runner}"));
            if let Err(e) = vm.eval_script(source) {
                panic!("url_wpt.js: {}", vm.describe_exception(e));
            }
            let global = vm.realm.global();
            let read = |name: &str| global.get_own(PropertyKey::from_text(name)).map(|(v, _)| v);
            let failures = read("failures")
                .and_then(|v| v.as_string())
                .map(|s| s.to_rust_string())
                .unwrap_or_default();
            let passed = read("passed").and_then(|v| v.as_number()).unwrap_or(0.0);
            (failures, passed)
        })
        .expect("thread")
        .join()
        .expect("runner thread");
    let names = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split(": ").next().unwrap_or(l).to_string())
            .collect()
    };
    let failed = names(&failures);
    let expected = names(&known);
    let unexpected: Vec<&str> = failures
        .lines()
        .filter(|l| !expected.contains(&l.split(": ").next().unwrap_or(l).to_string()))
        .collect();
    let fixed: Vec<&String> = expected.iter().filter(|n| !failed.contains(n)).collect();
    assert!(
        unexpected.is_empty() && fixed.is_empty(),
        "{passed} passed\nunexpected failures:\n{}\nlisted as failing but passed:\n{}",
        unexpected.join("\n"),
        fixed
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(passed > 900.0, "only {passed} cases passed");
}
