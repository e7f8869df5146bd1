//! The programs in examples/ run with `weft run` in both modes and print
//! what they promise; the deadlock example is named as a deadlock; and
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

fn expect_output(name: &str, expected: &str) {
    for mode in ["parallel", "locked"] {
        let (code, stdout, stderr) = run(name, mode);
        assert_eq!(code, Some(0), "{name} ({mode}) failed:\n{stderr}");
        assert_eq!(stdout, expected, "{name} ({mode})");
    }
}

#[test]
fn parallel_map_fills_one_shared_array() {
    expect_output(
        "parallel_map.js",
        "items done: 100000\nthreads: 8\nchecksum: 75737035\n",
    );
}

#[test]
fn shared_cache_computes_each_key_once() {
    expect_output(
        "shared_cache.js",
        "sums agree: true 328350\ncache size: 100\ncomputed once per key: true\n",
    );
}

#[test]
fn cancellation_stops_workers_and_progress_is_visible() {
    expect_output(
        "cancellation.js",
        "stopped early: true\nprogress was seen past half: true\n",
    );
}

#[test]
fn producer_consumer_passes_every_item() {
    expect_output("producer_consumer.js", "consumed total: 5050\n");
}

#[test]
fn the_racy_counter_may_lose_updates_and_its_fixes_do_not() {
    for mode in ["parallel", "locked"] {
        let (code, stdout, stderr) = run("racy_counter.js", mode);
        assert_eq!(code, Some(0), "racy_counter ({mode}) failed:\n{stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{stdout}");
        assert!(
            lines[0] == "racy: at most 400000 (updates were lost)"
                || lines[0] == "racy: at most 400000 (no update lost this time)",
            "{stdout}"
        );
        assert_eq!(lines[1], "with Lock: 400000");
        assert_eq!(lines[2], "with Atomics.add: 400000");
    }
}

#[test]
fn the_deadlock_is_named_with_its_threads_and_locks() {
    for mode in ["parallel", "locked"] {
        let (code, stdout, stderr) = run("deadlock.js", mode);
        assert_eq!(code, Some(1), "deadlock ({mode}) should fail");
        assert!(!stdout.contains("never printed"), "{stdout}");
        assert!(stderr.contains("deadlock"), "{stderr}");
        assert!(
            stderr.contains("thread 1 waits for Lock #") && stderr.contains("held by thread 2"),
            "{stderr}"
        );
        assert!(
            stderr.contains("thread 2 waits for Lock #") && stderr.contains("held by thread 1"),
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
