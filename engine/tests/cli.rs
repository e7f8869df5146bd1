//! The `weft` command as a user runs it: exit codes, where output goes,
//! and the shape of syntax errors and uncaught exceptions.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn weft(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_weft"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("weft runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("weft finishes")
}

fn script(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("weft-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write script");
    path.to_string_lossy().into_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn print_and_console_log_write_to_stdout() {
    let out = weft(&["-e", "print('a', 1); console.log({x: [1, 'b']})"], "");
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "a 1\n{ x: [ 1, 'b' ] }\n");
}

#[test]
fn a_syntax_error_shows_file_line_column_and_a_caret() {
    let path = script(
        "syntax.js",
        "let ok = 1;\nfunction f() {\n  return ok +;\n}\n",
    );
    let out = weft(&["run", &path], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("syntax.js:3:14: SyntaxError"), "{err}");
    assert!(err.contains("  return ok +;\n             ^"), "{err}");
}

#[test]
fn an_uncaught_exception_prints_name_message_and_js_stack() {
    let path = script(
        "throw.js",
        "function inner() { throw new TypeError('bad thing'); }\nfunction outer() { inner(); }\nouter();\n",
    );
    let out = weft(&["run", &path], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("Uncaught TypeError: bad thing\n"), "{err}");
    assert!(
        err.contains("at inner (") && err.contains("throw.js:1:26)"),
        "{err}"
    );
    assert!(
        err.contains("at outer (") && err.contains("throw.js:2:20)"),
        "{err}"
    );
}

#[test]
fn infinite_recursion_is_a_catchable_range_error() {
    let out = weft(
        &[
            "-e",
            "function r() { return r(); } try { r(); } catch (e) { print(e instanceof RangeError, e.message); }",
        ],
        "",
    );
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "true Maximum call stack size exceeded\n");
}

#[test]
fn running_out_of_memory_is_a_catchable_error_not_an_abort() {
    let program = "const keep = []; try { for (;;) keep.push('x'.repeat(50000) + keep.length); } catch (e) { print(e.name, e.message); } keep.length = 0; print('still alive');";
    let out = weft(&["-e", program, "--max-heap", "32m"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "RangeError out of memory\nstill alive\n");
}

#[test]
fn strings_past_the_maximum_length_are_a_range_error() {
    let out = weft(
        &[
            "-e",
            "try { 'ab'.repeat(2 ** 29); } catch (e) { print(e.name); }",
        ],
        "",
    );
    assert_eq!(text(&out.stdout), "RangeError\n");
}

#[test]
fn dump_bytecode_lists_functions_and_instructions() {
    let path = script(
        "dump.js",
        "function add(a, b) { return a + b; }\nadd(1, 2);\n",
    );
    let out = weft(&["--dump-bytecode", &path], "");
    assert!(out.status.success());
    let listing = text(&out.stdout);
    assert!(
        listing.contains("function add (Normal, params 2"),
        "{listing}"
    );
    assert!(listing.contains("Binary { op: Add"), "{listing}");
    assert!(listing.contains("Return"), "{listing}");
}

#[test]
fn the_repl_evaluates_lines_and_keeps_state() {
    let out = weft(&[], "let x = 20;\nx + 22\nundefinedThing\n'still here'\n");
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.contains("> 42\n"), "{stdout}");
    assert!(stdout.contains("'still here'"), "{stdout}");
    assert!(text(&out.stderr).contains("Uncaught ReferenceError: undefinedThing is not defined"));
}

#[test]
fn bad_arguments_explain_usage() {
    let out = weft(&["frobnicate", "x", "y"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("usage: weft run FILE"));
}

#[cfg(feature = "threads")]
const COUNTER2: &str = "const counter = { n: 0 };
const add2 = () => { counter.n++; counter.n++; };
const t1 = new Thread(add2), t2 = new Thread(add2);
t1.join(); t2.join();
print('counter:', counter.n);
";

/// The schedule a scheduled run reported on stderr.
#[cfg(feature = "threads")]
fn reported_schedule(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("weft: schedule "))
        .unwrap_or_else(|| panic!("no schedule in {stderr}"));
    line["weft: schedule ".len()..]
        .split(' ')
        .next()
        .expect("a schedule")
        .to_string()
}

#[cfg(feature = "threads")]
#[test]
fn a_seeded_run_prints_its_schedule_and_the_schedule_replays_it() {
    let path = script("counter2.js", COUNTER2);
    let first = weft(&["run", "--seed", "5", "--strategy", "random", &path], "");
    assert!(first.status.success(), "{}", text(&first.stderr));
    let schedule = reported_schedule(&text(&first.stderr));
    for _ in 0..3 {
        let again = weft(&["run", "--schedule", &schedule, &path], "");
        assert!(again.status.success(), "{}", text(&again.stderr));
        assert_eq!(text(&again.stdout), text(&first.stdout));
        assert_eq!(reported_schedule(&text(&again.stderr)), schedule);
    }
    let bad = weft(&["run", "--schedule", "0x2.9", &path], "");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad.stderr).contains("at decision 3 it picks thread 9"),
        "{}",
        text(&bad.stderr)
    );
    let conflict = weft(&["run", "--seed", "1", "--mode", "locked", &path], "");
    assert_eq!(conflict.status.code(), Some(2));
    assert!(text(&conflict.stderr).contains("--seed needs --mode scheduled"));
}

#[cfg(feature = "threads")]
#[test]
fn steps_replay_the_interleaving_of_an_explored_outcome_and_name_the_lost_update() {
    let path = script("steps2.js", COUNTER2);
    let out = text(&weft(&["explore", &path], "").stdout);
    // The schedule printed after the outcome "counter: 3".
    let at = out.find("| counter: 3").unwrap_or_else(|| panic!("{out}"));
    let schedule = out[at..]
        .lines()
        .find_map(|l| l.trim().strip_prefix("schedule: "))
        .expect("a schedule")
        .to_string();
    let run = weft(&["run", "--steps", "--schedule", &schedule, &path], "");
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(text(&run.stdout), "counter: 3\n");
    let stderr = text(&run.stderr);
    let reads = stderr.matches(": read counter.n → ").count();
    let writes = stderr.matches(": write counter.n ← ").count();
    assert_eq!((reads, writes), (5, 4), "{stderr}");
    assert_eq!(
        stderr.matches("weft: lost update on counter.n").count(),
        1,
        "{stderr}"
    );
}

#[cfg(feature = "threads")]
#[test]
fn explore_lists_each_outcome_with_a_count_and_a_schedule() {
    let path = script("explore2.js", COUNTER2);
    let out = weft(&["explore", &path], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("3 distinct outcomes, complete within 2 preemptions"),
        "{stdout}"
    );
    for n in ["2", "3", "4"] {
        assert!(stdout.contains(&format!("  | counter: {n}\n")), "{stdout}");
    }
    // Each outcome's schedule replays to it.
    let blocks: Vec<&str> = stdout.split("\noutcome ").skip(1).collect();
    assert_eq!(blocks.len(), 3);
    for block in blocks {
        let printed = block
            .lines()
            .find_map(|l| l.strip_prefix("  | "))
            .expect("output");
        let schedule = block
            .lines()
            .find_map(|l| l.strip_prefix("  schedule: "))
            .expect("schedule");
        let replay = weft(&["run", "--schedule", schedule, &path], "");
        assert_eq!(text(&replay.stdout).trim_end(), printed);
    }
    let bounded = weft(&["explore", &path, "--max-schedules", "10"], "");
    assert!(
        text(&bounded.stdout).contains("incomplete: stopped at 10 schedules"),
        "{}",
        text(&bounded.stdout)
    );
}

#[cfg(feature = "threads")]
#[test]
fn races_names_the_place_both_positions_and_the_stacks() {
    let path = script("races2.js", COUNTER2);
    let out = weft(&["run", "--races", &path], "");
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("weft: 1 data race:"), "{err}");
    assert!(
        err.contains("data race on counter.n: a write by thread "),
        "{err}"
    );
    assert!(err.contains("races2.js:2:35"), "{err}");
    assert!(err.contains("    at add2 ("), "{err}");
    let fixed = script(
        "fixed2.js",
        &COUNTER2.replace("counter.n++;", "Atomics.add(counter, 'n', 1);"),
    );
    let out = weft(&["run", "--races", &fixed], "");
    assert!(text(&out.stderr).contains("weft: no data races"));
}
