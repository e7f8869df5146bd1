//! The programs in examples/ run with `weft run` in every mode (parallel, locked, scheduled) and print
//! what examples/manifest.json says; the deadlock example is named as a deadlock; and
//! `--trace` writes a Chrome trace-event file with a track per thread.

#![cfg(feature = "threads")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

fn weft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weft"))
        .args(args)
        .output()
        .expect("weft runs")
}

fn run(name: &str, mode: &str) -> (Option<i32>, String, String) {
    let path = example(name);
    let out = weft(&["run", path.to_str().expect("utf-8 path"), "--mode", mode]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Whether `line` is what the manifest's `expected` line allows.
fn line_matches(line: &str, expected: &serde_json::Value) -> bool {
    match expected {
        serde_json::Value::String(s) => line == s,
        other => {
            if let Some(pattern) = other["matches"].as_str() {
                let regex = regress::Regex::new(pattern).expect("a valid pattern");
                return regex.find(line).is_some();
            }
            other["oneOf"]
                .as_array()
                .is_some_and(|options| options.iter().any(|o| o.as_str() == Some(line)))
        }
    }
}

/// Every example in examples/manifest.json, in both modes, prints its
/// lines, and ends with success or with the error the manifest names.
#[test]
fn every_example_prints_what_the_manifest_says() {
    let text = std::fs::read_to_string(example("manifest.json")).expect("manifest");
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let examples = manifest["examples"].as_array().expect("examples");
    assert!(examples.len() >= 10, "{examples:?}");
    for entry in examples {
        let name = entry["file"].as_str().expect("file");
        let expected = entry["output"].as_array().expect("output");
        for mode in ["parallel", "locked", "scheduled"] {
            let (code, stdout, stderr) = run(name, mode);
            // An example that only *may* fail (`"sometimes": true`, as a
            // deadlock that needs an unlucky interleaving) is judged by how
            // this run ended.
            let error = entry
                .get("error")
                .filter(|e| code != Some(0) || e["sometimes"] != true);
            if error.is_some_and(|e| e["sometimes"] == true) {
                assert_eq!(code, Some(1), "{name} ({mode}):\n{stderr}");
                for part in error.expect("checked")["contains"]
                    .as_array()
                    .expect("contains")
                {
                    let part = part.as_str().expect("string");
                    assert!(
                        stderr.contains(part),
                        "{name} ({mode}): no {part:?} in {stderr}"
                    );
                }
                continue;
            }
            let lines: Vec<&str> = stdout.lines().collect();
            assert_eq!(
                lines.len(),
                expected.len(),
                "{name} ({mode}):\n{stdout}\n{stderr}"
            );
            for (line, want) in lines.iter().zip(expected) {
                assert!(
                    line_matches(line, want),
                    "{name} ({mode}): {line:?} is not {want}"
                );
            }
            match error {
                None => assert_eq!(code, Some(0), "{name} ({mode}) failed:\n{stderr}"),
                Some(error) => {
                    assert_eq!(code, Some(1), "{name} ({mode}) should fail");
                    for part in error["contains"].as_array().expect("contains") {
                        let part = part.as_str().expect("string");
                        assert!(
                            stderr.contains(part),
                            "{name} ({mode}): no {part:?} in {stderr}"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn the_deadlock_is_named_with_its_threads_and_locks() {
    for mode in ["parallel", "locked", "scheduled"] {
        let (code, stdout, stderr) = run("deadlock.js", mode);
        assert_eq!(code, Some(1), "deadlock ({mode}) should fail");
        assert!(!stdout.contains("never printed"), "{stdout}");
        assert!(
            stderr.contains("thread 1 waits for Lock #") && stderr.contains("held by thread 2"),
            "{stderr}"
        );
        // The cycle may be found before or after main starts its join;
        // either way main is listed with what it does.
        assert!(
            stderr.contains("thread 0 (main) waits to join thread 1")
                || stderr.contains("thread 0 (main) is running"),
            "{stderr}"
        );
    }
}

#[test]
fn every_thread_blocked_on_a_condition_is_a_deadlock() {
    let out = weft(&[
        "-e",
        "const l = new Lock(), c = new Condition(); \
         const t = new Thread(() => l.hold(() => c.wait(l))); t.join();",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("every thread is blocked"), "{err}");
    assert!(err.contains("waits on Condition #"), "{err}");
    assert!(
        err.contains("thread 0 (main) waits to join thread 1"),
        "{err}"
    );
}

#[test]
fn an_uncaught_exception_in_an_unjoined_thread_fails_the_program() {
    let out = weft(&[
        "-e",
        "new Thread(function boom() { throw new TypeError('in a thread'); });",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Uncaught TypeError: in a thread"), "{err}");
    assert!(err.contains("at boom ("), "{err}");
    assert!(err.contains("in thread 1, which no thread joined"), "{err}");
}

#[test]
fn trace_writes_chrome_trace_events_for_every_thread() {
    let out_file = std::env::temp_dir().join(format!("weft-trace-{}.json", std::process::id()));
    let path = example("producer_consumer.js");
    let out = weft(&[
        "run",
        path.to_str().expect("utf-8"),
        "--trace",
        out_file.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&out_file).expect("trace written");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let events = json["traceEvents"].as_array().expect("traceEvents");
    let names: Vec<&str> = events.iter().filter_map(|e| e["name"].as_str()).collect();
    let has = |n: &str| names.iter().any(|x| x.starts_with(n));
    assert!(has("thread_name"), "thread tracks are named");
    assert!(has("running"), "running slices");
    assert!(
        has("acquire Lock #") && has("release Lock #"),
        "lock events"
    );
    assert!(has("notify Condition #"), "notify events");
    assert!(has("console"), "console output");
    assert!(has("create thread 1"), "thread creation");
    let tids: std::collections::BTreeSet<i64> =
        events.iter().filter_map(|e| e["tid"].as_i64()).collect();
    assert!(tids.contains(&0) && tids.contains(&1), "{tids:?}");
    for e in events {
        assert!(e["ph"].is_string() && e["pid"].is_number(), "{e}");
    }
    let _ = std::fs::remove_file(out_file);
}
