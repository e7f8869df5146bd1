//! weft-test262: runs test262 against weft and reports pass rates.
//!
//!   weft-test262 [--test262 DIR] [--jobs N] [--timeout SECS]
//!                [--known-failures FILE] [--update] [--table] [PATHS…]
//!
//! PATHS are directories or files relative to the test262 root (default
//! test/language and test/built-ins). Tests run in worker processes (the
//! same binary with --worker), so a hang or a crash costs one test, not the
//! run. With --known-failures, any test that fails and is not listed is a
//! regression and the exit status is 1; --update rewrites the list.

mod execute;
mod host262;
mod metadata;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use execute::Outcome;

/// Features that are out of scope: stage-3 proposals, Temporal, Intl.
const SKIP_FEATURES_FILE: &str = include_str!("../skip-features.txt");

fn skip_features() -> BTreeSet<String> {
    SKIP_FEATURES_FILE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

struct Options {
    root: PathBuf,
    jobs: usize,
    timeout: Duration,
    known_failures: Option<PathBuf>,
    update: bool,
    table: bool,
    paths: Vec<String>,
}

/// Where the suite is unless `--test262` says: `$WEFT_TEST262`, else a
/// checkout beside the repository, else the copy `scripts/fetch-test262.sh`
/// fetched into target/test262.
fn default_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("WEFT_TEST262") {
        return PathBuf::from(dir);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let beside = repo.join("../shared/test262");
    if beside.join("harness").is_dir() {
        beside
    } else {
        repo.join("target/test262")
    }
}

fn parse_options() -> Result<Options, String> {
    let mut o = Options {
        root: default_root(),
        jobs: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2),
        timeout: Duration::from_secs(10),
        known_failures: None,
        update: false,
        table: false,
        paths: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--test262" => o.root = PathBuf::from(value("--test262")?),
            "--jobs" => {
                o.jobs = value("--jobs")?
                    .parse()
                    .map_err(|_| "--jobs takes a number")?
            }
            "--timeout" => {
                o.timeout = Duration::from_secs(
                    value("--timeout")?
                        .parse()
                        .map_err(|_| "--timeout takes seconds")?,
                )
            }
            "--known-failures" => {
                o.known_failures = Some(PathBuf::from(value("--known-failures")?))
            }
            "--update" => o.update = true,
            "--table" => o.table = true,
            other if other.starts_with("--") => return Err(format!("unknown option {other}")),
            other => o.paths.push(other.to_string()),
        }
    }
    if o.paths.is_empty() {
        o.paths = vec!["test/language".into(), "test/built-ins".into()];
    }
    Ok(o)
}

fn collect(root: &Path, rel: &str, out: &mut Vec<String>) {
    let full = root.join(rel);
    if full.is_file() {
        out.push(rel.to_string());
        return;
    }
    let Ok(entries) = std::fs::read_dir(&full) else {
        return;
    };
    let mut names: Vec<_> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let child = format!("{rel}/{name}");
        if root.join(&child).is_dir() {
            collect(root, &child, out);
        } else if name.ends_with(".js") && !name.contains("_FIXTURE") {
            out.push(child);
        }
    }
}

/// The result of one test file (all its modes).
#[derive(Clone, Debug)]
enum Status {
    Pass,
    Fail(String),
    Skip,
}

/// Runs one test file in this process: every mode it needs.
fn run_file(root: &Path, rel: &str, skips: &BTreeSet<String>) -> Status {
    let source = match std::fs::read_to_string(root.join(rel)) {
        Ok(s) => s,
        Err(e) => return Status::Fail(format!("cannot read: {e}")),
    };
    let meta = metadata::parse(&source);
    if meta.features.iter().any(|f| skips.contains(f)) || meta.has_flag("CanBlockIsTrue") {
        return Status::Skip;
    }
    let modes: &[bool] = if meta.has_flag("onlyStrict") {
        &[true]
    } else if meta.has_flag("noStrict") || meta.has_flag("raw") || meta.has_flag("module") {
        &[false]
    } else {
        &[false, true]
    };
    for &strict in modes {
        if let Outcome::Fail(msg) = execute::run(root, rel, &source, &meta, strict) {
            let mode = if strict { "strict" } else { "sloppy" };
            return Status::Fail(format!("[{mode}] {}", msg.lines().next().unwrap_or("")));
        }
    }
    Status::Pass
}

/// Worker mode: read test paths from stdin, answer one line each.
fn worker(root: &Path) {
    let skips = skip_features();
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let Ok(rel) = line else { break };
        let rel = rel.trim().to_string();
        let root = root.to_path_buf();
        let skips = skips.clone();
        // A big stack for the recursive parser; panics become failures.
        let handle = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || run_file(&root, &rel, &skips));
        let status = match handle.map(|h| h.join()) {
            Ok(Ok(s)) => s,
            _ => Status::Fail("engine panicked".into()),
        };
        let text = match status {
            Status::Pass => "PASS".to_string(),
            Status::Skip => "SKIP".to_string(),
            Status::Fail(m) => format!("FAIL {}", m.replace(['\n', '\r'], " ")),
        };
        if writeln!(stdout, "{text}")
            .and_then(|_| stdout.flush())
            .is_err()
        {
            break;
        }
    }
}

struct WorkerProcess {
    child: Child,
    stdin: ChildStdin,
    results: mpsc::Receiver<String>,
}

fn spawn_worker(root: &Path) -> std::io::Result<WorkerProcess> {
    let exe = std::env::current_exe()?;
    let mut child = Command::new(exe)
        .arg("--worker")
        .arg(root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdin = child.stdin.take().expect("piped stdin");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Ok(WorkerProcess {
        child,
        stdin,
        results: rx,
    })
}

/// Runs every test through `jobs` worker processes.
fn run_all(opts: &Options, tests: Vec<String>) -> BTreeMap<String, Status> {
    let queue = Arc::new(Mutex::new(tests.into_iter().collect::<VecDeque<_>>()));
    let results = Arc::new(Mutex::new(BTreeMap::new()));
    let total = queue.lock().map(|q| q.len()).unwrap_or(0);
    let done = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut managers = Vec::new();
    for _ in 0..opts.jobs.max(1) {
        let (queue, results, done) = (queue.clone(), results.clone(), done.clone());
        let root = opts.root.clone();
        let timeout = opts.timeout;
        managers.push(std::thread::spawn(move || {
            let mut worker: Option<WorkerProcess> = None;
            let mut served = 0;
            while let Some(test) = queue.lock().ok().and_then(|mut q| q.pop_front()) {
                // Recycle workers now and then to bound their memory.
                if served >= 1500 {
                    if let Some(mut w) = worker.take() {
                        let _ = w.child.kill();
                        let _ = w.child.wait();
                    }
                    served = 0;
                }
                if worker.is_none() {
                    worker = spawn_worker(&root).ok();
                }
                let Some(w) = worker.as_mut() else {
                    results
                        .lock()
                        .expect("results")
                        .insert(test, Status::Fail("could not start a worker".into()));
                    continue;
                };
                served += 1;
                let status = if writeln!(w.stdin, "{test}")
                    .and_then(|_| w.stdin.flush())
                    .is_err()
                {
                    None
                } else {
                    match w.results.recv_timeout(timeout) {
                        Ok(line) if line == "PASS" => Some(Status::Pass),
                        Ok(line) if line == "SKIP" => Some(Status::Skip),
                        Ok(line) => Some(Status::Fail(
                            line.strip_prefix("FAIL ").unwrap_or(&line).to_string(),
                        )),
                        Err(mpsc::RecvTimeoutError::Timeout) => Some(Status::Fail(format!(
                            "timed out after {}s",
                            timeout.as_secs()
                        ))),
                        Err(mpsc::RecvTimeoutError::Disconnected) => None,
                    }
                };
                let status = match status {
                    Some(Status::Fail(m)) if m.starts_with("timed out") => {
                        if let Some(mut w) = worker.take() {
                            let _ = w.child.kill();
                            let _ = w.child.wait();
                        }
                        Status::Fail(m)
                    }
                    Some(s) => s,
                    None => {
                        if let Some(mut w) = worker.take() {
                            let _ = w.child.kill();
                            let _ = w.child.wait();
                        }
                        Status::Fail("worker crashed".into())
                    }
                };
                results.lock().expect("results").insert(test, status);
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if n % 2000 == 0 {
                    eprintln!(
                        "test262: {n}/{total} ({:.0}s)",
                        started.elapsed().as_secs_f64()
                    );
                }
            }
            if let Some(mut w) = worker {
                drop(w.stdin);
                let _ = w.child.wait();
            }
        }));
    }
    for m in managers {
        let _ = m.join();
    }
    Arc::try_unwrap(results)
        .ok()
        .and_then(|m| m.into_inner().ok())
        .unwrap_or_default()
}

/// The table row a test belongs to: its first three path components.
fn group(test: &str) -> String {
    test.split('/').take(3).collect::<Vec<_>>().join("/")
}

fn print_table(results: &BTreeMap<String, Status>) {
    let mut groups: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for (test, status) in results {
        let e = groups.entry(group(test)).or_default();
        match status {
            Status::Pass => e.0 += 1,
            Status::Fail(_) => e.1 += 1,
            Status::Skip => e.2 += 1,
        }
    }
    println!("| directory | passed | failed | skipped | pass rate |");
    println!("|---|---:|---:|---:|---:|");
    let (mut p, mut f, mut s) = (0, 0, 0);
    for (g, (gp, gf, gs)) in &groups {
        let rate = if gp + gf == 0 {
            100.0
        } else {
            100.0 * *gp as f64 / (gp + gf) as f64
        };
        println!("| {g} | {gp} | {gf} | {gs} | {rate:.1}% |");
        p += gp;
        f += gf;
        s += gs;
    }
    let rate = if p + f == 0 {
        0.0
    } else {
        100.0 * p as f64 / (p + f) as f64
    };
    println!("| **total** | **{p}** | **{f}** | {s} | **{rate:.1}%** |");
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--worker") {
        let root = args.get(2).map(PathBuf::from).unwrap_or_else(default_root);
        worker(&root);
        return std::process::ExitCode::SUCCESS;
    }
    let opts = match parse_options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("weft-test262: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    if !opts.root.join("harness/assert.js").is_file() {
        eprintln!(
            "weft-test262: no test262 checkout at {} (run scripts/fetch-test262.sh, or use --test262 DIR)",
            opts.root.display()
        );
        return std::process::ExitCode::from(2);
    }
    let mut tests = Vec::new();
    for p in &opts.paths {
        collect(&opts.root, p, &mut tests);
    }
    let started = Instant::now();
    let results = run_all(&opts, tests);
    let elapsed = started.elapsed();
    if opts.table {
        print_table(&results);
    }
    let passed = results
        .values()
        .filter(|s| matches!(s, Status::Pass))
        .count();
    let failed: Vec<(&String, &String)> = results
        .iter()
        .filter_map(|(t, s)| {
            if let Status::Fail(m) = s {
                Some((t, m))
            } else {
                None
            }
        })
        .collect();
    let skipped = results
        .values()
        .filter(|s| matches!(s, Status::Skip))
        .count();
    let mut exit = std::process::ExitCode::SUCCESS;
    if let Some(path) = &opts.known_failures {
        if opts.update {
            let text: String = failed.iter().map(|(t, _)| format!("{t}\n")).collect();
            if let Err(e) = std::fs::write(path, text) {
                eprintln!("weft-test262: cannot write {}: {e}", path.display());
                return std::process::ExitCode::FAILURE;
            }
            println!(
                "wrote {} known failures to {}",
                failed.len(),
                path.display()
            );
        } else {
            let known: BTreeSet<String> = std::fs::read_to_string(path)
                .unwrap_or_default()
                .lines()
                .map(String::from)
                .collect();
            let regressions: Vec<_> = failed.iter().filter(|(t, _)| !known.contains(*t)).collect();
            let fixed = known
                .iter()
                .filter(|t| matches!(results.get(*t), Some(Status::Pass)))
                .count();
            for (t, m) in &regressions {
                println!("REGRESSION {t}: {m}");
            }
            if fixed > 0 {
                println!("{fixed} known failures now pass (run with --update to record them)");
            }
            if !regressions.is_empty() {
                exit = std::process::ExitCode::FAILURE;
            }
        }
    } else {
        for (t, m) in failed.iter().take(50) {
            println!("FAIL {t}: {m}");
        }
    }
    println!(
        "test262: {passed} passed, {} failed, {skipped} skipped ({:.1}% of run tests) in {:.0}s",
        failed.len(),
        if passed + failed.len() == 0 {
            0.0
        } else {
            100.0 * passed as f64 / (passed + failed.len()) as f64
        },
        elapsed.as_secs_f64()
    );
    exit
}
