//! The step log of scheduled runs and step mode: the steps name the reads
//! and writes of shared places with their values and lines, a lost update
//! can be reached by choosing threads step by step, the pause says who
//! could go next, and a run's schedule replays the same steps.

#![cfg(feature = "threads")]

mod common;

use weft::engine::{Engine, EngineConfig, Mode};
use weft::program::Outcome;
use weft::threads::scheduler::{Schedule, ScheduleConfig, Strategy};
use weft_vocabulary::step::lost_updates;
use weft_vocabulary::{Action, Pause, Step};

/// How a run went, as step mode sees it.
struct Run {
    outcome: Outcome,
    lines: Vec<String>,
    steps: Vec<Step>,
    truncated: bool,
    schedule: Schedule,
    pause: Option<Pause>,
}

fn run(text: &str, strategy: Strategy) -> Run {
    let engine = Engine::new(EngineConfig {
        mode: Mode::Scheduled,
        schedule: ScheduleConfig {
            strategy,
            steps: true,
            ..ScheduleConfig::default()
        },
        ..EngineConfig::default()
    });
    let (outcome, lines) = common::run_script(engine.clone(), text);
    let sched = engine.threads.scheduler.as_ref().expect("scheduled");
    let (steps, truncated) = engine.threads.steps.as_ref().expect("steps").snapshot();
    Run {
        outcome,
        lines,
        steps,
        truncated,
        schedule: sched.schedule(),
        pause: sched.pause(),
    }
}

const COUNTER: &str = "const counter = { n: 0 };
const threads = [1, 2].map(() => new Thread(() => {
  for (let i = 0; i < 2; i++) counter.n++;
}));
threads.forEach((t) => t.join());
console.log('counter:', counter.n);";

/// Step mode driven by `pick` (given the pause) until the run ends.
fn step_through(text: &str, mut pick: impl FnMut(usize, &Pause) -> u32) -> (Run, Vec<u32>) {
    let mut choices = Vec::new();
    for round in 0..200 {
        let r = run(text, Strategy::Step(choices.clone()));
        match &r.pause {
            Some(p) => choices.push(pick(round, p)),
            None => return (r, choices),
        }
    }
    panic!("step mode did not end in 200 choices");
}

/// Alternates between threads 1 and 2 while both can go on.
fn alternate(round: usize, p: &Pause) -> u32 {
    let want = if round.is_multiple_of(2) { 1 } else { 2 };
    p.next
        .iter()
        .find(|s| s.thread == want)
        .unwrap_or(&p.next[0])
        .thread
}

#[test]
fn a_pause_says_who_can_go_next_and_what_they_will_do() {
    let first = run(COUNTER, Strategy::Step(vec![]));
    assert!(matches!(first.outcome, Outcome::Stopped));
    let pause = first.pause.expect("paused");
    let who: Vec<u32> = pause.next.iter().map(|s| s.thread).collect();
    assert_eq!(who, [0, 1, 2]);
    assert_eq!(pause.next[0].action.intent(), "join thread 1");
    let after = run(COUNTER, Strategy::Step(vec![1])).pause.expect("paused");
    let one = after.next.iter().find(|s| s.thread == 1).expect("thread 1");
    assert_eq!(one.line, 3);
    assert_eq!(one.action.intent(), "read counter.n");
    // Nothing past the pause is logged: the threads unwound unscheduled.
    let steps = run(COUNTER, Strategy::Step(vec![1, 1])).steps;
    assert!(!steps.iter().any(|s| s.action == Action::Fail), "{steps:?}");
}

#[test]
fn choosing_threads_in_turn_loses_an_update_and_the_steps_show_how() {
    let (r, choices) = step_through(COUNTER, alternate);
    assert_eq!(r.lines, ["counter: 2"]);
    let text: Vec<String> = r.steps.iter().map(ToString::to_string).collect();
    let reads_then_writes = [
        "thread 1, line 3: read counter.n → 0",
        "thread 2, line 3: read counter.n → 0",
        "thread 1, line 3: write counter.n ← 1",
        "thread 2, line 3: write counter.n ← 1",
    ];
    let at = text
        .iter()
        .position(|t| t == reads_then_writes[0])
        .unwrap_or_else(|| panic!("{text:#?}"));
    assert_eq!(text[at..at + 4], reads_then_writes, "{text:#?}");
    let lost = lost_updates(&r.steps);
    assert_eq!(lost.len(), 2, "{text:#?}");
    assert_eq!(lost[0].place, "counter.n");
    // The same choices give the same run, and its schedule replays it.
    let again = run(COUNTER, Strategy::Step(choices));
    assert_eq!(again.steps, r.steps);
    let replay = run(COUNTER, Strategy::Replay(r.schedule.0.clone()));
    assert_eq!(replay.steps, r.steps);
    assert_eq!(replay.lines, r.lines);
}

#[test]
fn a_paused_run_logs_exactly_the_steps_before_its_pause() {
    // The threads unwind after a pause without the baton, in an order host
    // timing decides, and the main thread ends: none of it is a step. So
    // every pause along the way shows a prefix of the finished run.
    let (done, choices) = step_through(COUNTER, alternate);
    for k in 0..choices.len() {
        let paused = run(COUNTER, Strategy::Step(choices[..k].to_vec()));
        assert!(paused.pause.is_some());
        assert!(
            done.steps.starts_with(&paused.steps),
            "after {k} choices: {:#?}",
            paused.steps
        );
        assert!(paused.steps.len() < done.steps.len());
    }
}

#[test]
fn one_thread_at_a_time_loses_nothing() {
    let (r, _) = step_through(COUNTER, |_, p| {
        p.next
            .iter()
            .map(|s| s.thread)
            .find(|&t| t == 1)
            .unwrap_or(p.next[0].thread)
    });
    assert_eq!(r.lines, ["counter: 4"]);
    assert!(lost_updates(&r.steps).is_empty());
}

const PHILOSOPHERS: &str = "const a = new Lock(), b = new Lock();
const t1 = new Thread(() => a.hold(() => b.hold(() => 1)));
const t2 = new Thread(() => b.hold(() => a.hold(() => 2)));
console.log(t1.join() + t2.join());";

#[test]
fn taking_locks_is_a_step_and_a_deadlock_can_be_reached_by_hand() {
    let (r, _) = step_through(PHILOSOPHERS, alternate);
    let Outcome::Error(e) = &r.outcome else {
        panic!("{:?}", r.outcome)
    };
    let deadlock = e.deadlock.as_ref().expect("a deadlock");
    let mut cycle: Vec<u32> = deadlock.cycle.iter().map(|w| w.thread).collect();
    cycle.sort();
    assert_eq!(cycle, [1, 2]);
    assert!(
        e.message
            .starts_with("deadlock: these threads wait for each other in a cycle")
    );
    let text: Vec<String> = r.steps.iter().map(ToString::to_string).collect();
    assert!(
        text.contains(&"thread 1, line 2: acquire Lock #1".to_string()),
        "{text:#?}"
    );
    assert!(
        text.contains(&"thread 2, line 3: acquire Lock #2".to_string()),
        "{text:#?}"
    );
    // Taking them one thread at a time finishes.
    let (fine, _) = step_through(PHILOSOPHERS, |_, p| p.next[0].thread);
    assert_eq!(fine.lines, ["3"]);
}

#[test]
fn an_element_is_named_by_its_index_and_a_lock_as_itself() {
    let forks = "const forks = [new Lock(), new Lock()];
const t = new Thread(() => forks[(0 + 1) % 2].hold(() => 1));
t.join();";
    let (r, _) = step_through(forks, |_, p| p.next.last().expect("a thread").thread);
    let said: Vec<String> = r.steps.iter().map(|s| s.action.to_string()).collect();
    assert!(
        said.contains(&"read forks[1] → Lock #2".to_string()),
        "{said:#?}"
    );
}

#[test]
fn atomics_and_joins_are_steps_too() {
    let text = "const flag = new Int32Array(new SharedArrayBuffer(4));
const t = new Thread(() => Atomics.store(flag, 0, 1));
t.join();
console.log(Atomics.load(flag, 0));";
    let r = run(text, Strategy::Step(vec![]));
    let next: Vec<String> = r
        .pause
        .expect("paused")
        .next
        .iter()
        .map(|s| s.action.intent())
        .collect();
    assert!(next.contains(&"join thread 1".to_string()), "{next:?}");
    let (done, _) = step_through(text, |_, p| p.next.last().unwrap().thread);
    let steps: Vec<String> = done.steps.iter().map(|s| s.action.to_string()).collect();
    assert!(steps.contains(&"Atomics.store(…)".to_string()), "{steps:?}");
    assert_eq!(done.lines, ["1"]);
}

#[test]
fn a_long_run_keeps_its_first_steps_and_says_the_log_stops() {
    let text = "const c = { n: 0 };
const t = new Thread(() => { for (let i = 0; i < 20000; i++) c.n++; });
t.join();
console.log(c.n);";
    let r = run(text, Strategy::default());
    assert_eq!(r.lines, ["20000"]);
    assert!(r.truncated);
    assert_eq!(r.steps.len(), weft::threads::steps::STEP_LIMIT);
    assert_eq!(r.steps[5].to_string(), "thread 1, line 2: read c.n → 1");
    let short = run(COUNTER, Strategy::default());
    assert!(!short.truncated);
}
