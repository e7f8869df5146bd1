//! The `weft` command: run a file, evaluate a string, dump bytecode, or
//! start a REPL.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig, Mode};
use weft::explore::ExploreOptions;
use weft::interpreter::{StdioHost, Vm};
use weft::module::FsLoader;
use weft::program::{self, ErrorKind, Outcome, ProgramKind};
use weft::threads::scheduler::{Schedule, Strategy};

const USAGE: &str = "\
usage: weft run FILE [--module] [--mode parallel|locked|scheduled] [--max-heap SIZE] [--trace OUT.json]
                      [--seed N] [--strategy pct|random] [--schedule S] [--races] [--steps] [--max-steps N]
       weft explore FILE [--max-schedules N] [--preemptions N] [--max-steps N]
       weft -e CODE
       weft --dump-bytecode FILE
       weft                      (interactive REPL)

FILE runs as an ES module when it ends in .mjs, with --module, or when it
only parses as a module (import/export, top-level await); else as a script.
Modules import files by paths relative to the importing file.

Scheduled mode runs one thread at a time and picks which at every shared
access: --seed picks a random schedule (--strategy pct, the default, or
random), --schedule replays the one a run reported, --races reports data
races, --steps lists every read, write, lock and wait of every thread in
the order they happened, with the lost updates they show. `weft explore` runs every schedule of a small program (up to
--preemptions preemptions each) and lists the outcomes.";

/// The main JS thread's stack: generous, so deep (but finite) recursion
/// in the parser and compiler never hits the guard page first.
const MAIN_STACK: usize = 256 << 20;

enum Command {
    Run {
        file: String,
        module: bool,
        trace: Option<String>,
    },
    Eval {
        code: String,
    },
    Dump {
        file: String,
    },
    Explore {
        file: String,
        options: ExploreOptions,
    },
    Repl,
}

fn parse_args(args: &[String]) -> Result<(Command, EngineConfig), String> {
    let mut config = EngineConfig::default();
    let mut explore = ExploreOptions::default();
    let mut rest = Vec::new();
    let mut module = false;
    let mut trace = None;
    let mut mode_given = false;
    let mut wants_scheduled = None;
    let mut i = 0;
    // The value after flag `args[i]`.
    let value = |i: usize, what: &str| -> Result<String, String> {
        args.get(i + 1)
            .cloned()
            .ok_or_else(|| format!("{} needs {what}", args[i]))
    };
    while i < args.len() {
        match args[i].as_str() {
            "--mode" => {
                let m = args.get(i + 1).ok_or("--mode needs a value")?;
                config.mode = m.parse::<Mode>()?;
                mode_given = true;
                i += 1;
            }
            other if other.starts_with("--mode=") => {
                config.mode = other["--mode=".len()..].parse::<Mode>()?;
                mode_given = true;
            }
            "--seed" => {
                let v = value(i, "a number")?;
                config.schedule.seed = v
                    .parse()
                    .map_err(|_| format!("--seed: '{v}' is not a number"))?;
                wants_scheduled = Some("--seed");
                i += 1;
            }
            "--strategy" => {
                config.schedule.strategy = Strategy::parse(&value(i, "pct or random")?)?;
                wants_scheduled = Some("--strategy");
                i += 1;
            }
            "--schedule" => {
                let v = value(i, "a schedule, as a run reported it")?;
                let schedule: Schedule = v.parse()?;
                config.schedule.strategy = Strategy::Replay(schedule.0);
                wants_scheduled = Some("--schedule");
                i += 1;
            }
            "--races" => {
                config.schedule.races = true;
                wants_scheduled = Some("--races");
            }
            "--steps" => {
                config.schedule.steps = true;
                wants_scheduled = Some("--steps");
            }
            "--max-steps" => {
                let v = value(i, "a number")?;
                config.schedule.max_steps = Some(
                    v.parse()
                        .map_err(|_| format!("--max-steps: '{v}' is not a number"))?,
                );
                i += 1;
            }
            "--max-schedules" | "--preemptions" => {
                let v = value(i, "a number")?;
                let n: u64 = v
                    .parse()
                    .map_err(|_| format!("{}: '{v}' is not a number", args[i]))?;
                if args[i] == "--max-schedules" {
                    explore.max_schedules = n;
                } else {
                    explore.preemptions = Some(n as u32);
                }
                i += 1;
            }
            "--max-heap" => {
                let v = args
                    .get(i + 1)
                    .ok_or("--max-heap needs a size such as 512m or 2g")?;
                config.heap.max_heap = parse_size(v)?;
                i += 1;
            }
            "--module" => module = true,
            "--trace" => {
                let out = args
                    .get(i + 1)
                    .ok_or("--trace needs an output file, such as trace.json")?;
                trace = Some(out.clone());
                config.trace = true;
                i += 1;
            }
            _ => rest.push(args[i].clone()),
        }
        i += 1;
    }
    if let Some(flag) = wants_scheduled {
        if mode_given && config.mode != Mode::Scheduled {
            return Err(format!("weft: {flag} needs --mode scheduled"));
        }
        config.mode = Mode::Scheduled;
    }
    let command = match rest.as_slice() {
        [] => Command::Repl,
        [run, file] if run == "run" => Command::Run {
            file: file.clone(),
            module,
            trace,
        },
        [e, file] if e == "explore" => {
            config.mode = Mode::Scheduled;
            Command::Explore {
                file: file.clone(),
                options: explore,
            }
        }
        [e, code] if e == "-e" => Command::Eval { code: code.clone() },
        [d, file] if d == "--dump-bytecode" => Command::Dump { file: file.clone() },
        [h] if h == "--help" || h == "-h" => return Err(USAGE.into()),
        _ => return Err(format!("weft: unrecognized arguments\n{USAGE}")),
    };
    Ok((command, config))
}

/// A byte size such as 64m, 2g or 1048576.
fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim().to_ascii_lowercase();
    let (digits, unit) = match t.chars().last() {
        Some('k') => (&t[..t.len() - 1], 1usize << 10),
        Some('m') => (&t[..t.len() - 1], 1 << 20),
        Some('g') => (&t[..t.len() - 1], 1 << 30),
        _ => (&t[..], 1),
    };
    digits
        .parse::<usize>()
        .map(|n| n.saturating_mul(unit))
        .map_err(|_| format!("bad size '{text}' (use e.g. 512m or 2g)"))
}

/// Prints how a program ended; returns its exit code. `print_value`
/// prints a script's completion value (the REPL).
fn report(outcome: Outcome, print_value: bool) -> ExitCode {
    match outcome {
        Outcome::Ok(value) => {
            if let (true, Some(v)) = (print_value, value) {
                println!("{v}");
            }
            ExitCode::SUCCESS
        }
        Outcome::Error(e) => {
            eprintln!("{}", e.report);
            match e.kind {
                ErrorKind::NeverSettled => ExitCode::from(13),
                _ => ExitCode::FAILURE,
            }
        }
        Outcome::Stopped => {
            eprintln!("weft: the program was stopped");
            ExitCode::FAILURE
        }
    }
}

/// `weft explore FILE`: every schedule within the bounds, and the
/// distinct outcomes.
fn explore(file: &str, options: &ExploreOptions, mut config: EngineConfig) -> ExitCode {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("weft: cannot read {file}: {e}");
            return ExitCode::FAILURE;
        }
    };
    if config.schedule.max_steps.is_none() {
        config.schedule.max_steps = Some(1_000_000);
    }
    let control = weft::explore::ExploreControl::default();
    let started = std::time::Instant::now();
    let mut last = started;
    let report = weft::explore::explore(file, &text, &config, options, &control, &mut |r| {
        if last.elapsed().as_secs() >= 2 {
            last = std::time::Instant::now();
            eprintln!(
                "weft: explored {} schedules, {} outcomes so far",
                r.schedules,
                r.outcomes.len()
            );
        }
    });
    if let Some(e) = report.error {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let seconds = started.elapsed().as_secs_f64();
    let coverage = match (report.complete, report.bounded, options.preemptions) {
        (true, false, _) => "complete: every schedule".to_string(),
        (true, true, Some(p)) => format!("complete within {p} preemptions (--preemptions)"),
        (true, true, None) => "complete".to_string(),
        (false, _, _) if report.stopped => "stopped".to_string(),
        (false, _, _) => format!(
            "incomplete: stopped at {} schedules (--max-schedules)",
            options.max_schedules
        ),
    };
    println!(
        "explored {} schedules of {file} in {seconds:.2} s: {} distinct outcomes, {coverage}",
        report.schedules,
        report.outcomes.len()
    );
    for (i, o) in report.outcomes.iter().enumerate() {
        let share = 100.0 * o.count as f64 / report.schedules.max(1) as f64;
        println!(
            "\noutcome {} — {} schedules ({share:.1}%){}",
            i + 1,
            o.count,
            if o.failed { ", failed" } else { "" }
        );
        for line in o.output.lines() {
            println!("  | {line}");
        }
        println!("  schedule: {}", o.schedule);
    }
    ExitCode::SUCCESS
}

/// In scheduled mode: the schedule the run took, to replay it.
fn report_schedule(vm: &Vm) {
    if let Some(s) = &vm.engine.threads.scheduler {
        let how = match &s.config.strategy {
            Strategy::Replay(_) => "replayed".to_string(),
            other => format!("seed {}, {}", s.config.seed, other.describe()),
        };
        eprintln!(
            "weft: schedule {} ({how}; replay with --schedule)",
            s.schedule()
        );
    }
    if let Some(detector) = &vm.engine.threads.races {
        let races = detector.races();
        match races.len() {
            0 => eprintln!("weft: no data races"),
            n => eprintln!("weft: {n} data race{}:", if n == 1 { "" } else { "s" }),
        }
        for race in races {
            eprint!("{race}");
        }
    }
    if let Some(log) = &vm.engine.threads.steps {
        let (steps, truncated) = log.snapshot();
        eprintln!("weft: {} steps:", steps.len());
        for (i, step) in steps.iter().enumerate() {
            eprintln!("  {:>4}  {step}", i + 1);
        }
        if truncated {
            eprintln!(
                "  … the log stops here, at its limit of {} steps",
                weft::threads::steps::STEP_LIMIT
            );
        }
        for lost in weft_vocabulary::step::lost_updates(&steps) {
            eprintln!("weft: {}", lost.describe(&steps));
        }
    }
}

/// Writes the trace recorded so far as Chrome trace-event JSON.
fn write_trace(vm: &Vm, out: &str) -> bool {
    let Some(log) = &vm.engine.trace else {
        return true;
    };
    let json = weft::trace::chrome_json(&log.drain());
    match std::fs::write(out, json) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("weft: cannot write the trace to {out}: {e}");
            false
        }
    }
}

fn repl(vm: &mut Vm) -> ExitCode {
    println!(
        "weft {} — JavaScript threads that share one heap. Ctrl+D exits.",
        env!("CARGO_PKG_VERSION")
    );
    let stdin = std::io::stdin();
    let mut n = 0;
    loop {
        print!("> ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => {
                println!();
                return ExitCode::SUCCESS;
            }
            Ok(_) => {}
        }
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        report(
            program::run_script(vm, Source::new(format!("repl:{n}"), line)),
            true,
        );
    }
}

fn main_thread(command: Command, config: EngineConfig) -> ExitCode {
    if let Command::Explore { file, options } = &command {
        return explore(file, options, config);
    }
    let engine = Engine::new(config);
    engine.set_module_loader(Arc::new(FsLoader::new(".")));
    let mut vm = Vm::new(engine, Arc::new(StdioHost));
    match command {
        Command::Run {
            file,
            module,
            trace,
        } => match std::fs::read_to_string(&file) {
            Ok(text) => {
                let kind = if module {
                    ProgramKind::Module
                } else {
                    ProgramKind::Detect
                };
                let outcome = if program::is_module(&file, &text, kind) {
                    program::run_module(&mut vm, &file, None)
                } else {
                    program::run_script(&mut vm, Source::new(file, text))
                };
                let code = report(outcome, false);
                report_schedule(&vm);
                // For the concurrency fuzzer's totals (weft-fuzz-threads).
                if std::env::var_os("WEFT_STATS").is_some() {
                    eprintln!(
                        "weft-stats: collections={} threads={}",
                        vm.engine.heap.stats().collections,
                        vm.engine.threads.created()
                    );
                }
                let traced = trace.is_none_or(|out| write_trace(&vm, &out));
                if traced { code } else { ExitCode::FAILURE }
            }
            Err(e) => {
                eprintln!("weft: cannot read {file}: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Eval { code } => report(
            program::run(&mut vm, "<eval>", &code, ProgramKind::Detect),
            false,
        ),
        Command::Dump { file } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("weft: cannot read {file}: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let module = program::is_module(&file, &text, ProgramKind::Detect);
            let source = Source::new(file, text);
            let compiled = if module {
                weft::compiler::compile_module(source.clone()).map(|m| m.body.clone())
            } else {
                weft::compiler::compile_script(source.clone())
            };
            match compiled {
                Ok(code) => {
                    print!("{}", weft::bytecode::disasm::disassemble(&code));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", program::format_syntax_error(&source, &e));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Repl => repl(&mut vm),
        Command::Explore { .. } => unreachable!("explore runs without a main Vm"),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (command, config) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let handle = std::thread::Builder::new()
        .name("weft-main".into())
        .stack_size(MAIN_STACK)
        .spawn(move || main_thread(command, config));
    match handle.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("weft: internal error");
            ExitCode::FAILURE
        }
    }
}
