//! `scheduled` mode: litmus tests and the racy counter under `explore`
//! give exactly the outcomes sequential consistency allows, every outcome
//! comes with a schedule that replays to it, replays are exact, the race
//! detector names racy accesses and stays silent on race-free programs,
//! bad schedules, stops and bounds end runs clearly, and a search that
//! reuses one realm finds exactly what fresh engines find, with no
//! schedule seeing what another changed.

#![cfg(feature = "threads")]

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use weft::engine::{Engine, EngineConfig, Mode};
use weft::explore::{
    ExploreControl, ExploreOptions, ExploreReport, explore, explore_on_fresh_engines,
};
use weft::program::Outcome;
use weft::threads::race::Race;
use weft::threads::scheduler::{Schedule, ScheduleConfig, Strategy};

/// How one scheduled run went.
struct Run {
    outcome: Outcome,
    lines: Vec<String>,
    schedule: Schedule,
    races: Vec<Race>,
}

fn config(schedule: ScheduleConfig) -> EngineConfig {
    EngineConfig {
        mode: Mode::Scheduled,
        schedule,
        ..EngineConfig::default()
    }
}

/// Runs `text` in scheduled mode on a thread with a big stack.
fn run(text: &str, schedule: ScheduleConfig) -> Run {
    run_on(config(schedule), text, |_| {})
}

/// Runs `text` on an engine made from `config`; `started` gets the engine
/// first (to stop it from another thread).
fn run_on(config: EngineConfig, text: &str, started: impl FnOnce(Arc<Engine>)) -> Run {
    let engine = Engine::new(config);
    started(engine.clone());
    let (outcome, lines) = common::run_script(engine.clone(), text);
    let schedule = engine
        .threads
        .scheduler
        .as_ref()
        .expect("scheduled")
        .schedule();
    let races = engine
        .threads
        .races
        .as_ref()
        .map(|r| r.races())
        .unwrap_or_default();
    Run {
        outcome,
        lines,
        schedule,
        races,
    }
}

fn explore_all(text: &str, options: ExploreOptions) -> ExploreReport {
    let text = text.to_string();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let control = ExploreControl::default();
            explore(
                "test.js",
                &text,
                &config(ScheduleConfig::default()),
                &options,
                &control,
                &mut |_| {},
            )
        })
        .expect("spawn")
        .join()
        .expect("no panic")
}

/// `explore` and `explore_on_fresh_engines` on `text`: both reports.
fn explore_both(name: &str, text: &str, options: ExploreOptions) -> (ExploreReport, ExploreReport) {
    let (name, text) = (name.to_string(), text.to_string());
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let config = config(ScheduleConfig::default());
            let control = ExploreControl::default();
            let reused = explore(&name, &text, &config, &options, &control, &mut |_| {});
            let fresh =
                explore_on_fresh_engines(&name, &text, &config, &options, &control, &mut |_| {});
            (reused, fresh)
        })
        .expect("spawn")
        .join()
        .expect("no panic")
}

/// Asserts that two searches found the same outcomes, each as often and
/// first by the same schedule, and covered the same.
fn assert_same_search(reused: &ExploreReport, fresh: &ExploreReport) {
    assert_eq!(reused.error, fresh.error);
    assert_eq!(
        (reused.schedules, reused.complete, reused.bounded),
        (fresh.schedules, fresh.complete, fresh.bounded)
    );
    assert_eq!(reused.outcomes, fresh.outcomes);
}

/// Changes built-ins and the global object from both threads, in racing
/// order, after printing what it found: every schedule must start from
/// the built-ins as installed.
const MUTATES_BUILTINS: &str = "
const found = [
    typeof leaked, typeof later, Object.getOwnPropertyNames(globalThis).length,
    Object.getOwnPropertyNames(globalThis).slice(-3).join(),
    [].push.name, typeof Math.max, typeof Math.min, Object.isFrozen(JSON), Object.isExtensible(Atomics),
    Object.getPrototypeOf(Reflect) === Object.prototype, Array.prototype.length,
    Object.keys(Array.prototype).length, 'extra' in Map.prototype, Symbol.iterator in Set.prototype,
    Object.getOwnPropertyDescriptor(Number.prototype, 'toFixed').enumerable,
    Reflect.ownKeys(String.prototype).length, (x => x)`site` === (x => x)`site`,
];
print(found.join(' '));
console.count('runs');
const t = new Thread(() => {
    globalThis.leaked = 1;
    Array.prototype.push = function hijacked() {};
    delete Math.max;
    Object.freeze(JSON);
    Object.preventExtensions(Atomics);
    Object.setPrototypeOf(Reflect, null);
    Array.prototype[3] = 'element';
    Object.defineProperty(Number.prototype, 'toFixed', { enumerable: true });
    String.prototype.shout = function () { return this.toUpperCase(); };
    return typeof Math.min;
});
let declared = 1;
Math.min = null;
Map.prototype.extra = 1;
globalThis.later = 2;
delete Set.prototype[Symbol.iterator];
print(t.join(), typeof leaked, typeof Math.max, Array.prototype.length);";

const PRISTINE_FINDINGS: &str = "undefined undefined";

#[test]
fn a_search_reusing_one_realm_finds_what_fresh_engines_find() {
    for (name, text) in [
        ("sb.js", STORE_BUFFERING.to_string()),
        ("mp.js", MESSAGE_PASSING.to_string()),
        ("counter.js", COUNTER.to_string()),
        ("mutates.js", MUTATES_BUILTINS.to_string()),
        (
            "module.mjs",
            "import { x } from './nowhere-but-self.mjs';".to_string(),
        ),
        (
            "module.mjs",
            format!("export const e = 1;\n{MUTATES_BUILTINS}"),
        ),
        ("syntax.js", "const = ;".to_string()),
        // A deadlock ends the run mid-way: the scheduler decides nothing
        // after it, so the search is as deterministic as any other (its
        // first 1,000 schedules are compared: the whole search is 4,206,
        // slow in a debug build).
        ("deadlock.js", example("deadlock.js")),
    ] {
        let mut options = ExploreOptions::default();
        if name == "deadlock.js" {
            options.max_schedules = 1_000;
        }
        let (reused, fresh) = explore_both(name, &text, options);
        assert!(reused.schedules > 0, "{name}");
        assert_same_search(&reused, &fresh);
    }
}

#[test]
fn no_schedule_sees_what_another_changed() {
    let (reused, fresh) = explore_both("mutates.js", MUTATES_BUILTINS, ExploreOptions::default());
    assert_same_search(&reused, &fresh);
    assert!(reused.complete && reused.outcomes.len() > 1, "{reused:?}");
    let first_lines: BTreeSet<&str> = reused
        .outcomes
        .iter()
        .map(|o| o.output.lines().next().unwrap_or(""))
        .collect();
    // Every schedule found the built-ins as installed, and `console.count`
    // started from zero.
    assert_eq!(first_lines.len(), 1, "{first_lines:?}");
    let first = first_lines.into_iter().next().unwrap_or("");
    assert!(first.starts_with(PRISTINE_FINDINGS), "{first}");
    assert!(
        reused
            .outcomes
            .iter()
            .all(|o| o.output.lines().nth(1) == Some("runs: 1")),
        "{:?}",
        reused.outcomes
    );
}

fn outputs(report: &ExploreReport) -> BTreeSet<String> {
    report
        .outcomes
        .iter()
        .map(|o| o.output.trim_end().to_string())
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

const STORE_BUFFERING: &str = "
const x = { v: 0 }, y = { v: 0 };
const t1 = new Thread(() => { x.v = 1; return y.v; });
const t2 = new Thread(() => { y.v = 1; return x.v; });
print(`r1=${t1.join()} r2=${t2.join()}`);";

const MESSAGE_PASSING: &str = "
const data = { v: 0 }, flag = { v: 0 };
const writer = new Thread(() => { data.v = 1; flag.v = 1; });
const reader = new Thread(() => { const f = flag.v; const d = data.v; return `flag=${f} data=${d}`; });
writer.join();
print(reader.join());";

const COUNTER: &str = "
const counter = { n: 0 };
const t1 = new Thread(() => { counter.n++; counter.n++; });
const t2 = new Thread(() => { counter.n++; counter.n++; });
t1.join(); t2.join();
print('counter: ' + counter.n);";

#[test]
fn store_buffering_has_exactly_the_sequentially_consistent_outcomes() {
    let report = explore_all(STORE_BUFFERING, ExploreOptions::default());
    assert!(report.complete, "{report:?}");
    assert_eq!(
        outputs(&report),
        set(&["r1=0 r2=1", "r1=1 r2=0", "r1=1 r2=1"]),
        "r1=0 r2=0 needs a store buffer; scheduled mode is sequentially consistent"
    );
}

#[test]
fn message_passing_has_exactly_the_sequentially_consistent_outcomes() {
    let report = explore_all(MESSAGE_PASSING, ExploreOptions::default());
    assert!(report.complete, "{report:?}");
    assert_eq!(
        outputs(&report),
        set(&["flag=0 data=0", "flag=0 data=1", "flag=1 data=1"])
    );
}

#[test]
fn two_threads_incrementing_twice_reach_exactly_two_three_and_four() {
    let report = explore_all(COUNTER, ExploreOptions::default());
    assert!(report.complete, "{report:?}");
    assert_eq!(
        outputs(&report),
        set(&["counter: 2", "counter: 3", "counter: 4"])
    );
    // Each outcome's schedule replays to it.
    for o in &report.outcomes {
        let replay = run(
            COUNTER,
            ScheduleConfig {
                strategy: Strategy::Replay(o.schedule.0.clone()),
                ..ScheduleConfig::default()
            },
        );
        assert!(
            matches!(replay.outcome, Outcome::Ok(_)),
            "{:?}",
            replay.outcome
        );
        assert_eq!(replay.lines.join("\n"), o.output.trim_end());
        assert_eq!(replay.schedule, o.schedule);
    }
}

#[test]
fn the_preemption_bound_is_reported_and_decides_what_is_reached() {
    let report = explore_all(
        COUNTER,
        ExploreOptions {
            max_schedules: 1_000_000,
            preemptions: Some(1),
        },
    );
    assert!(report.complete && report.bounded, "{report:?}");
    // One preemption, between a read and its write, loses the other
    // thread's two increments; losing exactly one needs a switch away and
    // a switch back.
    assert_eq!(outputs(&report), set(&["counter: 2", "counter: 4"]));
    let two = explore_all(COUNTER, ExploreOptions::default());
    assert!(report.schedules < two.schedules);
    assert!(outputs(&two).contains("counter: 3"));
}

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name);
    std::fs::read_to_string(path).expect("example")
}

#[test]
fn the_deadlock_example_is_found_as_an_outcome() {
    let report = explore_all(&example("deadlock.js"), ExploreOptions::default());
    let deadlock = report
        .outcomes
        .iter()
        .find(|o| {
            o.output
                .contains("deadlock: these threads wait for each other")
        })
        .unwrap_or_else(|| panic!("no deadlock among {:?}", outputs(&report)));
    assert!(deadlock.failed);
    // Its schedule replays to the same deadlock.
    let replay = run(
        &example("deadlock.js"),
        ScheduleConfig {
            strategy: Strategy::Replay(deadlock.schedule.0.clone()),
            ..ScheduleConfig::default()
        },
    );
    match replay.outcome {
        Outcome::Error(e) => assert_eq!(e.name, "DeadlockError", "{}", e.report),
        other => panic!("expected the deadlock, got {other:?}"),
    }
}

/// The races of `text`, an example whose loops are cut short (the races,
/// or their absence, show in the first rounds; the full loops take a
/// minute in a debug build).
fn races_of(text: &str) -> Vec<Race> {
    run(
        &text
            .replace("const N = 100_000;", "const N = 1_000;")
            .replace("1_000_000", "20_000"),
        ScheduleConfig {
            races: true,
            ..ScheduleConfig::default()
        },
    )
    .races
}

#[test]
fn the_race_detector_names_both_accesses_of_the_racy_counter() {
    let races = races_of(COUNTER);
    assert!(!races.is_empty());
    for r in &races {
        assert_eq!(r.place, "counter.n", "{r}");
        assert_ne!(r.first.thread, r.second.thread, "{r}");
        assert!(r.first.write || r.second.write, "{r}");
        for a in [&r.first, &r.second] {
            assert!(
                a.position == "test.js:3:31"
                    || a.position == "test.js:3:44"
                    || a.position == "test.js:4:31"
                    || a.position == "test.js:4:44",
                "{r}"
            );
            assert!(a.stack.contains("at <anonymous> (test.js:"), "{r}");
        }
    }
    // Both threads' lines are named.
    let lines: BTreeSet<&str> = races
        .iter()
        .flat_map(|r| [&r.first.position, &r.second.position])
        .map(|p| &p[..9])
        .collect();
    assert_eq!(lines, ["test.js:3", "test.js:4"].into_iter().collect());
    // Once per pair of places.
    let pairs: BTreeSet<(String, String)> = races
        .iter()
        .map(|r| (r.first.position.clone(), r.second.position.clone()))
        .collect();
    assert_eq!(pairs.len(), races.len());
    let text = races[0].to_string();
    assert!(text.starts_with("data race on counter.n: a "), "{text}");
}

#[test]
fn the_race_detector_is_silent_on_race_free_programs() {
    for name in [
        "counter_with_lock.js",
        "counter_with_atomics.js",
        "parallel_map.js",
        "producer_consumer.js",
        "shared_cache.js",
    ] {
        let races = races_of(&example(name));
        assert!(
            races.is_empty(),
            "{name}: {}",
            races.iter().map(|r| r.to_string()).collect::<String>()
        );
    }
    // Ordered by start and join, and by asyncJoin.
    let ordered = "
        const box = { v: 1 };
        const t = new Thread(() => { box.v = box.v + 1; });
        t.join();
        box.v++;
        const u = new Thread(() => { box.v *= 2; });
        await u.asyncJoin();
        box.v++;
        print(box.v);";
    let r = run(
        &format!("(async () => {{ {ordered} }})()"),
        ScheduleConfig {
            races: true,
            ..ScheduleConfig::default()
        },
    );
    assert_eq!(r.lines, ["7"]);
    assert!(r.races.is_empty(), "{:?}", r.races);
}

#[test]
fn the_race_detector_flags_the_racy_examples() {
    for (name, place) in [
        ("racy_counter.js", "counter.n"),
        ("cancellation.js", "control.stop"),
        ("message_passing.js", "flag.v"),
    ] {
        let races = races_of(&example(name));
        assert!(
            races.iter().any(|r| r.place == place),
            "{name}: expected a race on {place}, got {races:?}"
        );
    }
}

const RANDOM_RACE: &str = "
const o = { n: 0, log: [] };
const ts = [1, 2, 3].map((k) => new Thread(() => {
  for (let i = 0; i < 20; i++) { o.n++; if (i % 7 == 0) o.log.push(k); }
  return Math.random();
}));
const rs = ts.map((t) => t.join());
print(o.n, o.log.join(''), rs.every((r) => r >= 0 && r < 1), Date.now(), performance.now() > 0);";

#[test]
fn a_recorded_schedule_replays_identically_a_hundred_times() {
    let first = run(
        RANDOM_RACE,
        ScheduleConfig {
            seed: 12345,
            strategy: Strategy::Random,
            ..ScheduleConfig::default()
        },
    );
    assert!(
        matches!(first.outcome, Outcome::Ok(_)),
        "{:?}",
        first.outcome
    );
    // The text form is what a user copies.
    let text = first.schedule.to_string();
    let parsed: Schedule = text.parse().expect("parses");
    for _ in 0..100 {
        let again = run(
            RANDOM_RACE,
            ScheduleConfig {
                seed: 12345,
                strategy: Strategy::Replay(parsed.0.clone()),
                ..ScheduleConfig::default()
            },
        );
        assert_eq!(again.lines, first.lines);
        assert_eq!(again.schedule, first.schedule);
    }
    // The same seed picks the same schedule; another seed usually not.
    let same = run(
        RANDOM_RACE,
        ScheduleConfig {
            seed: 12345,
            strategy: Strategy::Random,
            ..ScheduleConfig::default()
        },
    );
    assert_eq!(same.schedule, first.schedule);
    assert_eq!(same.lines, first.lines);
}

#[test]
fn pct_is_the_default_and_is_deterministic_per_seed() {
    let runs: Vec<Run> = (0..2)
        .map(|_| {
            run(
                RANDOM_RACE,
                ScheduleConfig {
                    seed: 7,
                    ..ScheduleConfig::default()
                },
            )
        })
        .collect();
    assert_eq!(runs[0].schedule, runs[1].schedule);
    assert_eq!(runs[0].lines, runs[1].lines);
    let distinct: BTreeSet<String> = (0..20)
        .map(|seed| {
            run(
                RANDOM_RACE,
                ScheduleConfig {
                    seed,
                    strategy: Strategy::Pct {
                        depth: 3,
                        steps: 100,
                    },
                    ..ScheduleConfig::default()
                },
            )
            .schedule
            .to_string()
        })
        .collect();
    assert!(distinct.len() > 5, "{distinct:?}");
}

fn schedule_error(run: &Run) -> String {
    match &run.outcome {
        Outcome::Error(e) if e.name == "ScheduleError" => e.message.clone(),
        other => panic!("expected a ScheduleError, got {other:?}"),
    }
}

#[test]
fn a_schedule_that_does_not_fit_names_the_decision() {
    let good = run(COUNTER, ScheduleConfig::default()).schedule.0;
    let replay = |choices: Vec<u32>| {
        run(
            COUNTER,
            ScheduleConfig {
                strategy: Strategy::Replay(choices),
                ..ScheduleConfig::default()
            },
        )
    };
    let mut wrong = good.clone();
    wrong[2] = 9;
    let e = schedule_error(&replay(wrong));
    assert!(e.contains("at decision 3 it picks thread 9"), "{e}");
    let short = good[..good.len() - 1].to_vec();
    let e = schedule_error(&replay(short));
    assert!(e.contains("but the program goes on"), "{e}");
    let mut long = good.clone();
    long.push(0);
    let e = schedule_error(&replay(long));
    assert!(e.contains("ended after"), "{e}");
    assert!("0x3.x".parse::<Schedule>().is_err());
}

const FOREVER: &str = "
const flag = { stop: false };
const ts = [1, 2].map(() => new Thread(() => { let n = 0; while (!flag.stop) n++; return n; }));
ts.forEach((t) => t.join());";

#[test]
fn stop_ends_a_scheduled_run_at_once() {
    let started = std::time::Instant::now();
    let run = run_on(config(ScheduleConfig::default()), FOREVER, |engine| {
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(200));
            engine.interrupt();
        });
    });
    assert!(matches!(run.outcome, Outcome::Stopped), "{:?}", run.outcome);
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn stop_ends_an_explore_at_once() {
    let control = Arc::new(ExploreControl::default());
    let stopper = control.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        stopper.stop();
    });
    let started = std::time::Instant::now();
    let report = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            explore(
                "test.js",
                FOREVER,
                &config(ScheduleConfig::default()),
                &ExploreOptions::default(),
                &control,
                &mut |_| {},
            )
        })
        .expect("spawn")
        .join()
        .expect("no panic");
    assert!(report.stopped && !report.complete, "{report:?}");
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn bounds_report_what_was_covered() {
    // A run past its step bound is an outcome that says so.
    let report = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let mut c = config(ScheduleConfig {
                max_steps: Some(5_000),
                ..ScheduleConfig::default()
            });
            c.schedule.max_steps = Some(5_000);
            explore(
                "test.js",
                FOREVER,
                &c,
                &ExploreOptions {
                    max_schedules: 25,
                    preemptions: Some(2),
                },
                &ExploreControl::default(),
                &mut |_| {},
            )
        })
        .expect("spawn")
        .join()
        .expect("no panic");
    assert_eq!(report.schedules, 25);
    assert!(!report.complete && !report.stopped);
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| o.output.contains("stopped after 5000 scheduling points")),
        "{:?}",
        report.outcomes
    );
}

#[test]
fn time_and_randomness_are_virtual_and_seeded() {
    let text = "
        const order = [];
        setTimeout(() => order.push('b'), 20);
        setTimeout(() => order.push('a'), 10);
        const t = new Thread(() => { const s = Date.now(); while (Date.now() < s + 5) {} return Date.now() - s; });
        setTimeout(() => print(order.join(''), t.join() >= 5, Date.now(), Math.random(),
                               crypto.getRandomValues(new Uint8Array(4)).join()), 30);";
    let a = run(
        text,
        ScheduleConfig {
            seed: 99,
            ..ScheduleConfig::default()
        },
    );
    let b = run(
        text,
        ScheduleConfig {
            seed: 99,
            ..ScheduleConfig::default()
        },
    );
    assert!(matches!(a.outcome, Outcome::Ok(_)), "{:?}", a.outcome);
    assert_eq!(a.lines, b.lines);
    assert!(
        a.lines[0].starts_with("ab true 17672256000"),
        "{:?}",
        a.lines
    );
    let c = run(
        text,
        ScheduleConfig {
            seed: 100,
            ..ScheduleConfig::default()
        },
    );
    assert_ne!(a.lines, c.lines, "another seed draws other random numbers");
}

#[test]
fn the_trace_carries_each_race() {
    let mut c = config(ScheduleConfig {
        races: true,
        ..ScheduleConfig::default()
    });
    c.trace = true;
    let engine_slot = Arc::new(std::sync::Mutex::new(None));
    let keep = engine_slot.clone();
    let run = run_on(c, COUNTER, move |engine| {
        *keep.lock().unwrap() = Some(engine);
    });
    let engine = engine_slot.lock().unwrap().take().expect("engine");
    let events = engine.trace.as_ref().expect("tracing").drain();
    let traced: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.kind {
            weft::trace::EventKind::DataRace { text, .. } => Some(text.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(traced.len(), run.races.len());
    // Each event names the earlier access, so the lanes can link the pair.
    let pairs: Vec<(u32, f64, u32, f64)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            weft::trace::EventKind::DataRace {
                first_thread,
                first_time,
                ..
            } => Some((*first_thread, *first_time, e.thread, e.time)),
            _ => None,
        })
        .collect();
    for (race, (first_thread, first_time, thread, time)) in run.races.iter().zip(&pairs) {
        assert_eq!(
            (race.first.thread, race.second.thread),
            (*first_thread, *thread)
        );
        assert!(*first_time <= *time, "{pairs:?}");
        assert_eq!(race.first.time, *first_time);
    }
    assert!(
        traced
            .iter()
            .all(|t| t.starts_with("data race on counter.n")),
        "{traced:?}"
    );
}
