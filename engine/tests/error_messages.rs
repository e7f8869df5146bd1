//! The error messages a learner meets, against Node's: `corpus.js` runs
//! unchanged under Node and under weft and prints one "code |=> Name:
//! message" line per case; `expected.txt` is Node's output, committed.
//! Every line must match, except the cases listed in
//! `known_differences.txt` (which must still differ, so the list stays
//! true).

use std::path::Path;
use std::sync::{Arc, Mutex};

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::interpreter::{Host, Vm};

#[derive(Default)]
struct Capture(Mutex<Vec<String>>);

impl Host for Capture {
    fn print(&self, text: &str) {
        self.0.lock().unwrap().push(text.to_string());
    }
}

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/error_messages")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn error_messages_match_nodes() {
    let corpus = read("corpus.js");
    let expected = read("expected.txt");
    let known: Vec<String> = read("known_differences.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let lines = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let engine = Engine::new(EngineConfig::default());
            let capture = Arc::new(Capture::default());
            let mut vm = Vm::new(engine, capture.clone());
            if let Err(e) = vm
                .eval_script(Source::new("corpus.js", corpus))
                .and_then(|_| vm.run_event_loop())
            {
                panic!("the corpus itself failed: {}", vm.describe_exception(e));
            }
            capture.0.lock().unwrap().clone()
        })
        .unwrap()
        .join()
        .unwrap();
    // Node prints some messages over several lines; compare per case.
    let split = |text: &str| -> Vec<(String, String)> {
        let mut cases: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            match line.split_once(" |=> ") {
                Some((code, message)) if !line.starts_with(' ') => {
                    cases.push((code.to_string(), message.to_string()))
                }
                _ => {
                    let last = cases.last_mut().expect("a case line first");
                    last.1.push('\n');
                    last.1.push_str(line);
                }
            }
        }
        cases
    };
    let want = split(&expected);
    let got = split(&lines.join("\n"));
    assert_eq!(want.len(), got.len(), "one line per case");
    let mut problems = Vec::new();
    for ((code, node), (code2, weft)) in want.iter().zip(&got) {
        assert_eq!(code, code2);
        let listed = known.contains(code);
        if node != weft && !listed {
            problems.push(format!("{code}\n    node: {node}\n    weft: {weft}"));
        } else if node == weft && listed {
            problems.push(format!(
                "{code}: now matches Node; remove it from known_differences.txt"
            ));
        }
    }
    for k in &known {
        assert!(
            want.iter().any(|(c, _)| c == k),
            "known difference {k} is not in the corpus"
        );
    }
    assert!(
        problems.is_empty(),
        "{} messages differ from Node's:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
