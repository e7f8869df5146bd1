//! `console` output equals Node's: `tests/console/corpus.js` runs in weft
//! and its output (stdout and stderr, in order) must equal
//! `corpus.expected.txt`, which Node wrote, byte for byte — normally and
//! under GC stress. The rest checks what the corpus cannot: timings,
//! stack traces, warnings, several threads logging at once, `globalThis`,
//! and the REPL's and uncaught exceptions' text.

use std::path::Path;
use std::sync::{Arc, Mutex};

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::heap::HeapConfig;
use weft::interpreter::{Host, Vm};
use weft::program::{self, Outcome};

/// One console write: the text and whether it went to stderr.
type Line = (String, bool);

/// A host that records what the program prints.
#[derive(Default)]
struct Capture(Mutex<Vec<Line>>);

impl Host for Capture {
    fn print(&self, text: &str) {
        self.push(text, false);
    }
    fn print_error(&self, text: &str) {
        self.push(text, true);
    }
}

impl Capture {
    fn push(&self, text: &str, error: bool) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((text.to_string(), error));
    }
}

/// Runs `text` as the script `name` as `weft run` does; returns what it
/// printed and how it ended.
fn run(name: &str, text: &str, stress_every: Option<u32>) -> (Vec<Line>, Outcome) {
    let name = name.to_string();
    let text = text.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let config = EngineConfig {
                heap: HeapConfig {
                    stress_every,
                    ..HeapConfig::default()
                },
                ..EngineConfig::default()
            };
            let engine = Engine::new(config);
            let host = Arc::new(Capture::default());
            let mut vm = Vm::new(engine, host.clone());
            let outcome = program::run_script(&mut vm, Source::new(name, text));
            drop(vm);
            let lines = host.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
            (lines, outcome)
        })
        .expect("spawn")
        .join()
        .expect("the engine thread panicked")
}

/// Everything printed, one line per line of text (stdout and stderr
/// interleaved, as `2>&1` shows them).
fn joined(lines: &[Line]) -> String {
    lines.iter().map(|(t, _)| format!("{t}\n")).collect()
}

fn stderr_text(lines: &[Line]) -> String {
    lines
        .iter()
        .filter(|(_, e)| *e)
        .map(|(t, _)| format!("{t}\n"))
        .collect()
}

fn stdout_text(lines: &[Line]) -> String {
    lines
        .iter()
        .filter(|(_, e)| !*e)
        .map(|(t, _)| format!("{t}\n"))
        .collect()
}

/// Fails with the first differing line and a few lines around it.
fn assert_same_text(actual: &str, expected: &str, what: &str) {
    if actual == expected {
        return;
    }
    let a: Vec<&str> = actual.split('\n').collect();
    let e: Vec<&str> = expected.split('\n').collect();
    let first = (0..a.len().max(e.len()))
        .find(|&i| a.get(i) != e.get(i))
        .unwrap_or(0);
    let from = first.saturating_sub(3);
    let mut report = format!("{what}: output differs from Node's at line {}\n", first + 1);
    for i in from..(first + 4).min(a.len().max(e.len())) {
        let mark = if i == first { ">" } else { " " };
        report.push_str(&format!(
            "{mark} {:>4} node: {}\n{mark} {:>4} weft: {}\n",
            i + 1,
            e.get(i).map_or("<end>".to_string(), |s| format!("{s:?}")),
            i + 1,
            a.get(i).map_or("<end>".to_string(), |s| format!("{s:?}")),
        ));
    }
    panic!("{report}");
}

fn corpus() -> (String, String) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/console");
    let source = std::fs::read_to_string(dir.join("corpus.js")).expect("corpus.js");
    let expected = std::fs::read_to_string(dir.join("corpus.expected.txt")).expect("expected");
    (source, expected)
}

#[test]
fn corpus_prints_what_node_prints() {
    let (source, expected) = corpus();
    let (lines, outcome) = run("corpus.js", &source, None);
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    assert_same_text(&joined(&lines), &expected, "corpus.js");
}

#[test]
fn corpus_prints_the_same_under_gc_stress() {
    let (source, expected) = corpus();
    let (lines, outcome) = run("corpus.js", &source, Some(25));
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    assert_same_text(&joined(&lines), &expected, "corpus.js under GC stress");
}

/// `label: 1.234ms` (Node's `formatTime` below a second).
fn is_short_time(text: &str, label: &str) -> bool {
    let Some(rest) = text.strip_prefix(&format!("{label}: ")) else {
        return false;
    };
    let Some(number) = rest.strip_suffix("ms") else {
        return false;
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() <= 3
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[test]
fn timers_print_elapsed_time_like_node() {
    let (lines, outcome) = run(
        "time.js",
        "console.time(); console.timeEnd();\n\
         console.time('t'); console.timeLog('t', 'extra', { a: 1 }); console.timeEnd('t');\n\
         console.timeEnd('t'); console.timeLog('gone');\n\
         console.time('twice'); console.time('twice');\n\
         console.group('g'); console.time('in'); console.timeEnd('in'); console.groupEnd();",
        None,
    );
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    let out: Vec<&str> = lines
        .iter()
        .filter(|(_, e)| !e)
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(out.len(), 5, "{out:?}");
    assert!(is_short_time(out[0], "default"), "{:?}", out[0]);
    let (time, extra) = out[1].split_at(out[1].find(" extra").expect("extra data"));
    assert!(is_short_time(time, "t"), "{time:?}");
    assert_eq!(extra, " extra { a: 1 }");
    assert!(is_short_time(out[2], "t"), "{:?}", out[2]);
    assert_eq!(out[3], "g");
    assert!(
        is_short_time(out[4].strip_prefix("  ").unwrap_or(""), "in"),
        "{:?}",
        out[4]
    );
    assert_eq!(
        stderr_text(&lines),
        "Warning: No such label 't' for console.timeEnd()\n\
         Warning: No such label 'gone' for console.timeLog()\n\
         Warning: Label 'twice' already exists for console.time()\n"
    );
}

#[test]
fn trace_prints_the_message_and_the_js_stack_to_stderr() {
    let (lines, outcome) = run(
        "trace.js",
        "function inner() { console.trace('at %s', 'depth', 2); }\n\
         function outer() { inner(); }\n\
         outer();\n\
         console.trace();",
        None,
    );
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    assert_eq!(stdout_text(&lines), "");
    assert_eq!(
        stderr_text(&lines),
        "Trace: at depth 2\n    at inner (trace.js:1:20)\n    at outer (trace.js:2:20)\n    at trace.js:3:1\n\
         Trace\n    at trace.js:4:1\n"
    );
}

#[test]
fn count_reset_and_assert_write_warnings_to_stderr() {
    let (lines, _) = run(
        "count.js",
        "console.countReset('never'); console.count('x'); console.countReset('x'); console.count('x');\n\
         console.assert(false, '%d items', 3); console.assert(true, 'no');",
        None,
    );
    assert_eq!(stdout_text(&lines), "x: 1\nx: 1\n");
    assert_eq!(
        stderr_text(&lines),
        "Warning: Count for 'never' does not exist\nAssertion failed: 3 items\n"
    );
}

#[test]
fn groups_indent_every_line_of_every_stream() {
    let (lines, _) = run(
        "group.js",
        "console.group('outer'); console.group();\n\
         console.log('a\\nb'); console.error({ x: 'y'.repeat(40), z: 'w'.repeat(40) });\n\
         console.groupEnd(); console.groupEnd(); console.groupEnd(); console.log('top');",
        None,
    );
    assert_eq!(
        joined(&lines),
        "outer\n    a\n    b\n    {\n      x: 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy',\n      \
         z: 'wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww'\n    }\ntop\n"
    );
}

#[test]
fn bad_arguments_are_type_errors() {
    let (lines, outcome) = run(
        "bad.js",
        "for (const f of [() => console.count(Symbol()), () => console.table([], 'x'), () => console.time(Symbol('t'))]) {\n\
           try { f(); } catch (e) { console.log(e instanceof TypeError, e.message); }\n\
         }",
        None,
    );
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    assert_eq!(
        stdout_text(&lines),
        "true console.count: cannot convert a Symbol label to a string\n\
         true console.table: the \"properties\" argument must be an array\n\
         true console.time: cannot convert a Symbol label to a string\n"
    );
}

#[test]
fn global_this_and_console_itself_can_be_printed() {
    let (lines, outcome) = run(
        "global.js",
        "console.log(globalThis); console.dir(globalThis, { showHidden: true, depth: 1 });\n\
         console.log(console); console.log(Object.prototype.toString.call(console));",
        None,
    );
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    let out = stdout_text(&lines);
    assert!(
        out.contains("[Object: null prototype]") || out.contains("Object"),
        "{out}"
    );
    assert!(out.contains("log: [Function: log]"), "{out}");
    assert!(out.ends_with("[object console]\n"), "{out}");
}

#[test]
fn repl_values_and_uncaught_exceptions_use_the_inspector() {
    let (_, outcome) = run("value.js", "new Map([[1, { a: [1, 2] }]])", None);
    match outcome {
        Outcome::Ok(Some(text)) => assert_eq!(text, "Map(1) { 1 => { a: [ 1, 2 ] } }"),
        other => panic!("{other:?}"),
    }
    let (_, outcome) = run("value.js", "'str'", None);
    match outcome {
        Outcome::Ok(Some(text)) => assert_eq!(text, "'str'"),
        other => panic!("{other:?}"),
    }
    let (_, outcome) = run(
        "throw.js",
        "function f() { throw new TypeError('bad'); }\nf();",
        None,
    );
    match outcome {
        Outcome::Error(e) => assert!(
            e.report.contains("TypeError: bad") && e.report.contains("at f (throw.js:1:22)"),
            "{}",
            e.report
        ),
        other => panic!("{other:?}"),
    }
}

#[cfg(feature = "threads")]
#[test]
fn threads_share_the_console_and_log_whole_lines() {
    let (lines, outcome) = run(
        "threads.js",
        "const ts = [];\n\
         for (let i = 0; i < 4; i++) ts.push(new Thread(() => {\n\
           for (let j = 0; j < 50; j++) { console.count('c'); console.log({ thread: i, j, pad: 'x'.repeat(60) }); }\n\
         }));\n\
         for (const t of ts) t.join();\n\
         const l = new Lock(); console.log(l); l.hold(() => console.log([l]));\n\
         console.log(Thread.current, ts[0]);",
        None,
    );
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    let out: Vec<&str> = lines.iter().map(|(t, _)| t.as_str()).collect();
    let mut counts: Vec<u32> = out
        .iter()
        .filter_map(|l| l.strip_prefix("c: "))
        .map(|n| n.parse().expect("a count"))
        .collect();
    counts.sort_unstable();
    assert_eq!(counts, (1..=200).collect::<Vec<u32>>());
    let objects = out
        .iter()
        .filter(|l| l.starts_with("{\n  thread: "))
        .count();
    assert_eq!(objects, 200);
    let tail = &out[out.len() - 3..];
    assert_eq!(tail[0], "Lock { <unlocked> }");
    assert_eq!(tail[1], "[ Lock { <held by Thread #0> } ]");
    assert!(tail[2].starts_with("[Thread #0] [Thread #"), "{}", tail[2]);
}

#[test]
fn deep_nesting_stops_instead_of_overflowing_the_stack() {
    // A pool worker of the wasm build has an 8 MiB stack.
    let out = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(|| {
            let engine = Engine::new(EngineConfig::default());
            let host = Arc::new(Capture::default());
            let mut vm = Vm::new(engine, host.clone());
            let source = Source::new(
                "deep.js",
                "let o = {}; const root = o;\n\
                 for (let i = 0; i < 5000; i++) { o.next = i % 2 ? {} : [{}]; o = i % 2 ? o.next : o.next[0]; }\n\
                 console.dir(root, { depth: null, breakLength: Infinity });"
                    .to_string(),
            );
            let outcome = program::run_script(&mut vm, source);
            drop(vm);
            let lines = host.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
            (lines, outcome)
        })
        .expect("spawn")
        .join()
        .expect("no stack overflow");
    let (lines, outcome) = out;
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    let text = joined(&lines);
    assert!(
        text.contains(
            "[Object: Inspection interrupted prematurely. Maximum call stack size exceeded.]"
        ) || text.contains(
            "[Array: Inspection interrupted prematurely. Maximum call stack size exceeded.]"
        ),
        "{}",
        &text[..text.len().min(500)]
    );
}

/// The web objects print their state as Node's inspectors show it (not
/// `URL {}`); Node prints a TextEncoder without its class name, weft with.
#[test]
fn web_objects_print_their_state() {
    let source = r#"
console.log(new URL('https://example.org/a?b=2#h'));
console.log(new URLSearchParams('a=1&b=x y'), new URLSearchParams(''));
console.log(new AbortController());
console.log(new TextEncoder(), new TextDecoder());
const e = new Event('go', { cancelable: true });
console.log(e.type, Object.keys(e).length);
console.log(String(new Event('go')).length > 0);
"#;
    let (lines, outcome) = run("web.js", source, None);
    assert!(matches!(outcome, Outcome::Ok(_)), "{outcome:?}");
    let expected = "\
URL {
  href: 'https://example.org/a?b=2#h',
  origin: 'https://example.org',
  protocol: 'https:',
  username: '',
  password: '',
  host: 'example.org',
  hostname: 'example.org',
  port: '',
  pathname: '/a',
  search: '?b=2',
  searchParams: URLSearchParams { 'b' => '2' },
  hash: '#h'
}
URLSearchParams { 'a' => '1', 'b' => 'x y' } URLSearchParams {}
AbortController { signal: AbortSignal { aborted: false } }
TextEncoder { encoding: 'utf-8' } TextDecoder { encoding: 'utf-8', fatal: false, ignoreBOM: false }
go 0
true
";
    assert_same_text(&stdout_text(&lines), expected, "web objects");
}
