//! Running a whole program as a host does: a script or module, its jobs,
//! its event loop and its other threads, to one `Outcome`.
//!
//! Both hosts use it: the `weft` command (which prints the outcome) and
//! the wasm embedding API (which sends it to JavaScript as
//! `{status, value, error}`). What went wrong comes back as data: a
//! syntax error with its line and column, an uncaught exception with its
//! name, message and JS stack, a deadlock with its report, a thread that
//! failed with nobody joining it, or a stop requested by the host.

use std::sync::Arc;

use crate::bytecode::{Code, Source};
use crate::interpreter::{JsResult, Vm};
use crate::module::ModuleError;
use crate::syntax::SyntaxError;
use crate::threads::Termination;
use crate::threads::blocking::thread_name;
use crate::trace::EventKind;
use crate::value::Value;

/// How to run the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgramKind {
    Script,
    Module,
    /// A module when the name ends in `.mjs` or the text only parses as a
    /// module (import/export, top-level await); else a script.
    Detect,
}

/// What went wrong, as a host shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    /// An exception nobody caught (on the main thread, or on a thread
    /// nobody joined).
    Uncaught,
    Deadlock,
    /// A module could not be found or read.
    Load,
    /// The module's top-level await never finished.
    NeverSettled,
    /// `scheduled` mode could not go on: a replayed schedule that does not
    /// fit the program, or a run past its bound on scheduling points.
    Schedule,
}

/// A failed program.
#[derive(Clone, Debug)]
pub struct ProgramError {
    pub kind: ErrorKind,
    /// The error's `name` ("SyntaxError", "TypeError", "DeadlockError", …).
    pub name: String,
    pub message: String,
    /// The JS stack ("    at f (file:3:5)" lines), empty when there is none.
    pub stack: String,
    /// Where it happened in the program's own source: (line, column), both
    /// from 1. For an exception, its innermost frame in that source.
    pub position: Option<(u32, u32)>,
    /// Everything a command line prints about the failure (one or more
    /// lines; includes failures of threads nobody joined).
    pub report: String,
    /// A deadlock's threads and what each waits for.
    pub deadlock: Option<weft_vocabulary::Deadlock>,
}

impl ProgramError {
    /// An error with no JS stack or source position (a deadlock, a module
    /// that would not load, a top-level await that never finished).
    fn without_stack(kind: ErrorKind, name: &str, message: String, report: String) -> Self {
        ProgramError {
            kind,
            name: name.into(),
            message,
            stack: String::new(),
            position: None,
            report,
            deadlock: None,
        }
    }
}

/// How a program ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// The completion value of a script, inspected (`None` for a module).
    Ok(Option<String>),
    Error(ProgramError),
    /// The host stopped it (`Engine::interrupt`).
    Stopped,
}

/// Whether `text` (named `name`) should run as a module under `kind`.
pub fn is_module(name: &str, text: &str, kind: ProgramKind) -> bool {
    match kind {
        ProgramKind::Script => false,
        ProgramKind::Module => true,
        ProgramKind::Detect if name.ends_with(".mjs") => true,
        ProgramKind::Detect if name.ends_with(".cjs") => false,
        ProgramKind::Detect => {
            let source = Source::new(name, text);
            crate::compiler::compile_script(source.clone()).is_err()
                && crate::compiler::compile_module(source).is_ok()
        }
    }
}

/// "file:line:col: SyntaxError: message", the line, and a caret.
pub fn format_syntax_error(source: &Source, e: &SyntaxError) -> String {
    let (line, col) = source.line_col(e.offset);
    let text = source.line_text(line);
    let caret_pad: String = text
        .chars()
        .take(col.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!(
        "{}:{line}:{col}: SyntaxError: {}\n{text}\n{caret_pad}^",
        source.name, e.message
    )
}

fn syntax_error(source: &Source, e: &SyntaxError) -> ProgramError {
    ProgramError {
        kind: ErrorKind::Syntax,
        name: "SyntaxError".into(),
        message: e.message.clone(),
        stack: String::new(),
        position: Some(source.line_col(e.offset)),
        report: format_syntax_error(source, e),
        deadlock: None,
    }
}

/// Runs `text` as a program on `vm` (the main JS thread), with `kind`
/// deciding script or module, through its event loop and until every
/// other thread has ended.
pub fn run(vm: &mut Vm, name: &str, text: &str, kind: ProgramKind) -> Outcome {
    if is_module(name, text, kind) {
        run_module(vm, name, Some(text))
    } else {
        run_script(vm, Source::new(name, text))
    }
}

/// Runs a script and its jobs; the completion value is inspected.
pub fn run_script(vm: &mut Vm, source: Arc<Source>) -> Outcome {
    let code = match crate::compiler::compile_script(source.clone()) {
        Ok(c) => c,
        Err(e) => return Outcome::Error(syntax_error(&source, &e)),
    };
    run_compiled_script(vm, &source, code)
}

/// Runs `code`, compiled from the script `source`, and its jobs, as
/// `run_script` does (a search compiles a script once and runs it per
/// schedule: compiled code holds no heap value, only inline caches keyed
/// on process-wide shape ids).
pub fn run_compiled_script(vm: &mut Vm, source: &Source, code: Arc<Code>) -> Outcome {
    let result = vm.run_script_code(code);
    finish(vm, &source.name, result, true)
}

/// Runs the module `name` (loaded through the engine's module loader, or
/// from `text` when given) and its jobs.
pub fn run_module(vm: &mut Vm, name: &str, text: Option<&str>) -> Outcome {
    let started = match text {
        Some(text) => vm.run_module_text(name, text),
        None => vm.run_module(name),
    };
    let promise = match started {
        Ok(p) => p,
        Err(ModuleError::Thrown(exc)) => return finish(vm, name, Err(exc), false),
        Err(ModuleError::Syntax { source, error }) => {
            return Outcome::Error(syntax_error(&source, &error));
        }
        Err(e) => {
            let message = e.message();
            let report = format!("weft: {message}");
            return Outcome::Error(ProgramError::without_stack(
                ErrorKind::Load,
                "Error",
                message,
                report,
            ));
        }
    };
    vm.root(promise);
    let body = vm
        .run_event_loop_until(|_| crate::builtins::promise::settled(promise).is_some())
        .and_then(|_| match crate::builtins::promise::settled(promise) {
            Some(Err(exc)) => Err(exc),
            _ => Ok(Value::UNDEFINED),
        });
    let outcome = finish(vm, name, body, false);
    if matches!(outcome, Outcome::Ok(_)) && crate::builtins::promise::settled(promise).is_none() {
        let message = format!("{name}: top-level await never finished (its promise never settled)");
        let report = format!("weft: {message}");
        return Outcome::Error(ProgramError::without_stack(
            ErrorKind::NeverSettled,
            "Error",
            message,
            report,
        ));
    }
    outcome
}

/// After the main script or module body: runs the main thread's event
/// loop, waits for every other thread, and collects what went wrong (an
/// uncaught exception, a deadlock, a stop, a failed thread nobody joined).
fn finish(vm: &mut Vm, name: &str, result: JsResult<Value>, inspect: bool) -> Outcome {
    let result = result
        .and_then(|v| vm.run_event_loop().map(|_| v))
        .and_then(|v| vm.wait_for_threads().map(|_| v));
    let mut outcome = match result {
        // The last other thread may end (stopped) just before the wait
        // for it would have seen the stop.
        Ok(_) if vm.engine.termination() == Some(Termination::Stopped) => {
            vm.engine.resume();
            Outcome::Stopped
        }
        Ok(v) => Outcome::Ok(inspect.then(|| {
            crate::inspect::inspect(vm, v, &crate::inspect::InspectOptions::default())
                .unwrap_or_default()
        })),
        Err(exc) => {
            let outcome = match vm.engine.termination() {
                Some(Termination::Deadlock(deadlock)) => Outcome::Error(ProgramError {
                    deadlock: Some(deadlock.clone()),
                    ..ProgramError::without_stack(
                        ErrorKind::Deadlock,
                        "DeadlockError",
                        deadlock.to_string(),
                        format!("weft: {deadlock}"),
                    )
                }),
                Some(Termination::Schedule(message)) => {
                    Outcome::Error(ProgramError::without_stack(
                        ErrorKind::Schedule,
                        "ScheduleError",
                        message.clone(),
                        format!("weft: {message}"),
                    ))
                }
                // Step mode's pause: the host asks the scheduler where.
                Some(Termination::Stopped | Termination::Paused) => Outcome::Stopped,
                None => Outcome::Error(uncaught(vm, exc, name)),
            };
            vm.stop_other_threads();
            outcome
        }
    };
    // A thread that failed with nobody joining it fails the program too.
    for (id, text) in vm.engine.threads.take_unobserved_failures() {
        let line = format!("{} (in {}, which no thread joined)", text, thread_name(id));
        match &mut outcome {
            Outcome::Error(e) => {
                e.report.push('\n');
                e.report.push_str(&line);
            }
            Outcome::Stopped => {}
            Outcome::Ok(_) => outcome = Outcome::Error(uncaught_text(&text, name, line)),
        }
    }
    // A replayed schedule must be used up, or it was not this program's.
    if let Some(message) = vm
        .engine
        .threads
        .scheduler
        .as_ref()
        .and_then(|s| s.leftover())
        && !matches!(&outcome, Outcome::Error(e) if e.kind == ErrorKind::Schedule)
    {
        let report = format!("weft: {message}");
        outcome = Outcome::Error(ProgramError::without_stack(
            ErrorKind::Schedule,
            "ScheduleError",
            message,
            report,
        ));
    }
    // The main thread's end, as every other thread's is recorded.
    vm.trace_event(match outcome {
        Outcome::Error(_) => EventKind::ThreadFailed,
        _ => EventKind::ThreadFinished,
    });
    outcome
}

/// An uncaught exception value as a `ProgramError`.
fn uncaught(vm: &mut Vm, exc: Value, name: &str) -> ProgramError {
    let text = vm.describe_exception(exc);
    uncaught_text(&text, name, text.clone())
}

/// Splits `describe_exception`'s text ("Uncaught Name: message" and "at"
/// lines) into a `ProgramError`.
fn uncaught_text(text: &str, program: &str, report: String) -> ProgramError {
    let head = text.lines().next().unwrap_or_default();
    let head = head.strip_prefix("Uncaught ").unwrap_or(head);
    let (name, message) = match head.split_once(": ") {
        Some((n, m)) if !n.is_empty() && !n.contains(' ') => (n.to_string(), m.to_string()),
        _ => ("Error".to_string(), head.to_string()),
    };
    let stack: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| l.trim_start().starts_with("at "))
        .collect();
    let position = stack.iter().find_map(|l| frame_position(l, program));
    ProgramError {
        kind: ErrorKind::Uncaught,
        name,
        message,
        stack: stack.join("\n"),
        position,
        report,
        deadlock: None,
    }
}

/// (line, column) of a stack line "at f (file:3:5)" or "at file:3:5"
/// when `file` is `program`.
fn frame_position(frame: &str, program: &str) -> Option<(u32, u32)> {
    let frame = frame.trim_start().strip_prefix("at ")?;
    let place = match frame.rfind(" (") {
        Some(i) if frame.ends_with(')') => &frame[i + 2..frame.len() - 1],
        _ => frame,
    };
    let (rest, col) = place.rsplit_once(':')?;
    let (file, line) = rest.rsplit_once(':')?;
    (file == program).then_some(())?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncaught_text_splits_name_message_stack_and_position() {
        let e = uncaught_text(
            "Uncaught TypeError: x is not a function\n    at f (main.js:3:5)\n    at main.js:7:1",
            "main.js",
            String::new(),
        );
        assert_eq!(e.name, "TypeError");
        assert_eq!(e.message, "x is not a function");
        assert_eq!(e.stack, "    at f (main.js:3:5)\n    at main.js:7:1");
        assert_eq!(e.position, Some((3, 5)));
    }

    #[test]
    fn a_thrown_non_error_is_named_error() {
        let e = uncaught_text("Uncaught 42", "main.js", String::new());
        assert_eq!((e.name.as_str(), e.message.as_str()), ("Error", "42"));
        assert_eq!(e.position, None);
    }

    #[test]
    fn frames_of_other_files_give_no_position() {
        assert_eq!(frame_position("    at g (lib.js:1:2)", "main.js"), None);
        assert_eq!(
            frame_position("    at g (main.js:10:20)", "main.js"),
            Some((10, 20))
        );
        assert_eq!(
            frame_position("    at main.js:1:9", "main.js"),
            Some((1, 9))
        );
    }
}
