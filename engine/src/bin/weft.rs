//! The `weft` command: run a file, evaluate a string, dump bytecode, or
//! start a REPL.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig, Mode};
use weft::interpreter::{StdioHost, Vm};
use weft::module::FsLoader;
use weft::program::{self, ErrorKind, Outcome, ProgramKind};

const USAGE: &str = "\
usage: weft run FILE [--module] [--mode parallel|locked] [--max-heap SIZE] [--trace OUT.json]
       weft -e CODE
       weft --dump-bytecode FILE
       weft                      (interactive REPL)

FILE runs as an ES module when it ends in .mjs, with --module, or when it
only parses as a module (import/export, top-level await); else as a script.
Modules import files by paths relative to the importing file.";

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
    Repl,
}

fn parse_args(args: &[String]) -> Result<(Command, EngineConfig), String> {
    let mut config = EngineConfig::default();
    let mut rest = Vec::new();
    let mut module = false;
    let mut trace = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--mode" => {
                let m = args.get(i + 1).ok_or("--mode needs a value")?;
                config.mode = m.parse::<Mode>()?;
                i += 1;
            }
            other if other.starts_with("--mode=") => {
                config.mode = other["--mode=".len()..].parse::<Mode>()?
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
    let command = match rest.as_slice() {
        [] => Command::Repl,
        [run, file] if run == "run" => Command::Run {
            file: file.clone(),
            module,
            trace,
        },
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
