//! Tests of the web platform APIs that need more than a self-checking
//! script: what `reportError` and throwing event listeners print, and the
//! web-platform-tests data for URL: the URL
//! parsing and setter cases (`tests/web/url_wpt.json`, vendored from the
//! WPT files the `url` crate ships, BSD-3-Clause) through the engine's URL
//! object (`tests/web/url_wpt.js`). Failures must be exactly those listed
//! in `tests/web/url_known_failures.txt`, so a regression and a fix both
//! show.

use std::path::Path;
use std::sync::{Arc, Mutex};

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::interpreter::{Host, StdioHost, Vm};
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

/// A host that keeps what is printed: (text, on the error console).
#[derive(Default)]
struct Recorder(Mutex<Vec<(String, bool)>>);

impl Host for Recorder {
    fn print(&self, text: &str) {
        self.0
            .lock()
            .expect("lines")
            .push((text.to_string(), false));
    }
    fn print_error(&self, text: &str) {
        self.0.lock().expect("lines").push((text.to_string(), true));
    }
}

/// Runs `script` and returns the console lines it printed.
fn printed(script: &str) -> Vec<(String, bool)> {
    let script = script.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let recorder = Arc::new(Recorder::default());
            let mut vm = Vm::new(Engine::new(EngineConfig::default()), recorder.clone());
            let result = vm.eval_script(Source::new("report.js", script));
            if let Err(e) = result {
                panic!("report.js: {}", vm.describe_exception(e));
            }
            recorder.0.lock().expect("lines").clone()
        })
        .expect("thread")
        .join()
        .expect("script thread")
}

#[test]
fn report_error_prints_like_an_uncaught_exception_and_goes_on() {
    let lines = printed(
        "function f() { reportError(new TypeError('boom')); }\n\
         f();\n\
         reportError('plain');\n\
         console.log('after');",
    );
    assert_eq!(lines.len(), 3, "{lines:?}");
    let (first, error) = &lines[0];
    assert!(*error, "on the error console");
    assert!(first.starts_with("Uncaught TypeError: boom\n"), "{first}");
    assert!(
        first.contains("at f (report.js:1:28)"),
        "with the stack: {first}"
    );
    assert_eq!(lines[1], ("Uncaught plain".to_string(), true));
    assert_eq!(lines[2], ("after".to_string(), false));
}

#[test]
fn a_throwing_listener_is_reported_and_dispatch_goes_on() {
    let lines = printed(
        "const t = new EventTarget();\n\
         t.addEventListener('e', () => { throw new RangeError('in listener'); });\n\
         t.addEventListener('e', () => console.log('second listener ran'));\n\
         console.log('dispatch returned ' + t.dispatchEvent(new Event('e')));",
    );
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].1 && lines[0].0.starts_with("Uncaught RangeError: in listener"),
        "{lines:?}"
    );
    assert_eq!(lines[1].0, "second listener ran");
    assert_eq!(lines[2].0, "dispatch returned true");
}
