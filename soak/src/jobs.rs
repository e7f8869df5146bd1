//! What the soak runs and how it judges each run: the thread suite
//! (`engine/tests/threads/*.js` after `engine/tests/js/prelude.js`), the
//! examples (`examples/manifest.json` says what each prints), and the
//! concurrency fuzzer's programs (a directory `weft-fuzz-threads --emit`
//! wrote). The criteria are the ones the native and wasm test suites use.

use std::path::Path;
use std::sync::{Arc, Mutex};

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig, Mode};
use weft::heap::HeapConfig;
use weft::interpreter::{Host, Vm};

/// What a run must show to pass.
#[derive(Clone, Debug)]
pub enum Expect {
    /// A thread-suite file: its console is exactly these lines.
    Lines(Vec<String>),
    /// An example: its lines match the manifest's, and it ends with the
    /// named error (whose text contains the parts) or with success.
    Example {
        output: Vec<serde_json::Value>,
        error: Option<Vec<String>>,
        /// The error needs an unlucky interleaving: a run may also succeed
        /// with `output`.
        sometimes: bool,
    },
    /// A fuzzer program: it prints `fuzz ok` and no `FUZZ FAIL`.
    FuzzOk,
}

/// One program to run, and what it must show.
#[derive(Clone, Debug)]
pub struct Job {
    pub label: String,
    pub source: String,
    pub expect: Expect,
}

/// Every job under `root` (the repository) and `fuzz_dir`.
pub fn load(root: &Path, fuzz_dir: &Path) -> Result<Vec<Job>, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let mut jobs = Vec::new();
    let prelude = read(&root.join("engine/tests/js/prelude.js"))?;
    for path in sorted_js(&root.join("engine/tests/threads"))? {
        let body = read(&path)?;
        let mut lines = vec!["finished".to_string()];
        if body.contains("asyncFinished") {
            lines.push("async part finished".into());
        }
        jobs.push(Job {
            label: format!("thread suite {}", file_name(&path)),
            source: format!("{prelude}\n{body}"),
            expect: Expect::Lines(lines),
        });
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&read(&root.join("examples/manifest.json"))?)
            .map_err(|e| format!("examples/manifest.json: {e}"))?;
    for entry in manifest["examples"].as_array().into_iter().flatten() {
        let file = entry["file"].as_str().ok_or("an example without a file")?;
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        };
        jobs.push(Job {
            label: format!("example {file}"),
            source: read(&root.join("examples").join(file))?,
            expect: Expect::Example {
                output: entry["output"].as_array().cloned().unwrap_or_default(),
                error: entry.get("error").map(|e| strings(&e["contains"])),
                sometimes: entry["error"]["sometimes"] == true,
            },
        });
    }
    for path in sorted_js(fuzz_dir)? {
        jobs.push(Job {
            label: format!("fuzz program {}", file_name(&path)),
            source: read(&path)?,
            expect: Expect::FuzzOk,
        });
    }
    Ok(jobs)
}

fn sorted_js(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "js"))
        .collect();
    files.sort();
    Ok(files)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Keeps what a program prints.
#[derive(Default)]
pub struct Console(Mutex<Vec<String>>);

impl Console {
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Host for Console {
    fn print(&self, text: &str) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(text.to_string());
    }
}

/// How a run ended: its console, and the uncaught error's text if any.
pub struct Outcome {
    pub lines: Vec<String>,
    pub error: Option<String>,
}

/// A fresh engine in `mode` (collecting every `stress_every`th allocation
/// if set).
pub fn engine(mode: Mode, stress_every: Option<u32>) -> Arc<Engine> {
    Engine::new(EngineConfig {
        mode,
        heap: HeapConfig {
            stress_every,
            ..HeapConfig::default()
        },
        ..EngineConfig::default()
    })
}

/// Runs `source` as a script on `vm` to its end: the script, its event
/// loop, and every thread it started.
pub fn run(vm: &mut Vm, console: &Console, label: &str, source: &str) -> Outcome {
    let result = vm
        .eval_script(Source::new(label.to_string(), source.to_string()))
        .and_then(|_| vm.run_event_loop())
        .and_then(|_| vm.wait_for_threads());
    let mut error = match result {
        Ok(()) => None,
        Err(e) => Some(match vm.engine.termination() {
            Some(t) => t.to_string(),
            None => vm.describe_exception(e),
        }),
    };
    if error.is_some() {
        vm.stop_other_threads();
    }
    let failures = vm.engine.threads.take_unobserved_failures();
    if error.is_none() && !failures.is_empty() {
        error = Some(format!("threads failed: {failures:?}"));
    }
    Outcome {
        lines: console.take(),
        error,
    }
}

/// Why `outcome` is not what `expect` asks for, or `None` if it is.
pub fn judge(expect: &Expect, outcome: &Outcome) -> Option<String> {
    let lines = &outcome.lines;
    let shown = || format!("console {lines:?}, error {:?}", outcome.error);
    match expect {
        Expect::Lines(want) => (outcome.error.is_some() || lines != want)
            .then(|| format!("expected {want:?}: {}", shown())),
        Expect::FuzzOk => {
            let ok = outcome.error.is_none()
                && lines.iter().any(|l| l == "fuzz ok")
                && !lines.iter().any(|l| l.starts_with("FUZZ FAIL"));
            (!ok).then(shown)
        }
        Expect::Example {
            output,
            error,
            sometimes,
        } => {
            let error = error
                .as_ref()
                .filter(|_| !sometimes || outcome.error.is_some());
            if *sometimes && let (Some(parts), Some(text)) = (error, &outcome.error) {
                let ok = parts.iter().all(|p| text.contains(p.as_str()));
                return (!ok).then(|| format!("expected an error with {parts:?}: {}", shown()));
            }
            if lines.len() != output.len()
                || !lines.iter().zip(output).all(|(l, w)| line_matches(l, w))
            {
                return Some(format!("expected {output:?}: {}", shown()));
            }
            match (error, &outcome.error) {
                (None, None) => None,
                (Some(parts), Some(text)) if parts.iter().all(|p| text.contains(p.as_str())) => {
                    None
                }
                (Some(parts), _) => Some(format!("expected an error with {parts:?}: {}", shown())),
                (None, Some(_)) => Some(shown()),
            }
        }
    }
}

/// Whether `line` is what the manifest's `want` allows: the line itself,
/// `{"oneOf": [...]}` or `{"matches": "regex"}`.
fn line_matches(line: &str, want: &serde_json::Value) -> bool {
    match want {
        serde_json::Value::String(s) => line == s,
        other => match other["matches"].as_str() {
            Some(pattern) => regress::Regex::new(pattern).is_ok_and(|r| r.find(line).is_some()),
            None => other["oneOf"]
                .as_array()
                .is_some_and(|options| options.iter().any(|o| o.as_str() == Some(line))),
        },
    }
}
