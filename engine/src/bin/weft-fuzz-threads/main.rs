//! weft-fuzz-threads: the concurrency fuzzer. Generates random racing
//! programs (`generate.rs`), runs each with the `weft` command in a child
//! process (so a crash, an abort or a hang cannot take the fuzzer down),
//! in `parallel`, `locked` and `scheduled` mode, with and without GC
//! stress, under a watchdog; a failure (crash, panic, hang, broken invariant) is reduced
//! to a small reproducer (`reduce.rs`) and saved as a regression test.
//!
//! ```text
//! weft-fuzz-threads [--seconds N] [--seed S] [--weft PATH] [--save DIR]
//!                   [--emit DIR --count N]
//! ```
//!
//! `--emit` writes N programs (and nothing else) for the wasm build's
//! test to run under Node. Exit status 1 if any program failed.

mod generate;
mod reduce;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use generate::Program;

/// How long one program may run before it counts as hung.
const WATCHDOG: Duration = Duration::from_secs(60);

/// One way of running a program.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    /// `--mode`: parallel, locked or scheduled (with `--seed`).
    pub mode: &'static str,
    /// The schedule's seed in scheduled mode.
    pub seed: u64,
    /// `WEFT_GC_STRESS`: collect every Nth allocation.
    pub gc_stress: Option<u32>,
}

impl std::fmt::Display for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}", self.mode)?;
        if self.mode == "scheduled" {
            write!(f, " --seed {}", self.seed)?;
        }
        if let Some(n) = self.gc_stress {
            write!(f, ", WEFT_GC_STRESS={n}")?;
        }
        Ok(())
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Ok {
        collections: u64,
        threads: u64,
    },
    /// A broken invariant, a crash, a panic or a hang: what it was.
    Failed(String),
}

/// Runs `text` with `weft` under `config`.
pub fn run(weft: &Path, text: &str, config: Config, scratch: &Path) -> Verdict {
    if let Err(e) = std::fs::write(scratch, text) {
        return Verdict::Failed(format!("cannot write {}: {e}", scratch.display()));
    }
    let mut cmd = Command::new(weft);
    cmd.arg("run").arg(scratch);
    cmd.args(["--mode", config.mode]);
    if config.mode == "scheduled" {
        cmd.args(["--seed", &config.seed.to_string()]);
    }
    cmd.env("WEFT_STATS", "1").env_remove("WEFT_GC_STRESS");
    if let Some(n) = config.gc_stress {
        cmd.env("WEFT_GC_STRESS", n.to_string());
    }
    let mut child = match cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn() {
        Ok(c) => c,
        Err(e) => return Verdict::Failed(format!("cannot start {}: {e}", weft.display())),
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > WATCHDOG => {
                let _ = child.kill();
                let _ = child.wait();
                return Verdict::Failed(format!("hung past the {}s watchdog", WATCHDOG.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Verdict::Failed(format!("wait failed: {e}")),
        }
    };
    let output = child.wait_with_output();
    let (stdout, stderr) = match output {
        Ok(o) => (
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => return Verdict::Failed(format!("no output: {e}")),
    };
    if let Some(line) = stdout.lines().find(|l| l.starts_with("FUZZ FAIL:")) {
        return Verdict::Failed(line.to_string());
    }
    if stderr.contains("panicked") {
        let line = stderr
            .lines()
            .find(|l| l.contains("panicked"))
            .unwrap_or("");
        return Verdict::Failed(format!("Rust panic: {line}"));
    }
    if !status.success() {
        let first = stderr.lines().next().unwrap_or("");
        return Verdict::Failed(match status.code() {
            Some(code) => format!("exit status {code}: {first}"),
            None => format!("killed by a signal ({status}): {first}"),
        });
    }
    if !stdout.lines().any(|l| l == "fuzz ok") {
        return Verdict::Failed("ended without its checks".into());
    }
    let stat = |name: &str| {
        stderr
            .split_whitespace()
            .find_map(|w| w.strip_prefix(&format!("{name}=")))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    Verdict::Ok {
        collections: stat("collections"),
        threads: stat("threads"),
    }
}

struct Args {
    seconds: u64,
    seed: u64,
    weft: PathBuf,
    save: Option<PathBuf>,
    emit: Option<(PathBuf, usize)>,
}

fn parse_args() -> Result<Args, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut args = Args {
        seconds: 60,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_secs()),
        weft: exe.with_file_name(format!("weft{}", std::env::consts::EXE_SUFFIX)),
        save: None,
        emit: None,
    };
    let mut count = 20;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--seconds" => {
                args.seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?
            }
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--weft" => args.weft = PathBuf::from(value()?),
            "--save" => args.save = Some(PathBuf::from(value()?)),
            "--emit" => args.emit = Some((PathBuf::from(value()?), count)),
            "--count" => {
                count = value()?.parse().map_err(|e| format!("--count: {e}"))?;
                if let Some((_, n)) = &mut args.emit {
                    *n = count;
                }
            }
            other => return Err(format!("weft-fuzz-threads: unknown argument {other}")),
        }
    }
    Ok(args)
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    if let Some((dir, count)) = &args.emit {
        return emit(dir, *count, args.seed);
    }
    let scratch_dir =
        std::env::temp_dir().join(format!("weft-fuzz-threads-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&scratch_dir) {
        eprintln!("weft-fuzz-threads: {e}");
        return std::process::ExitCode::FAILURE;
    }
    let scratch = scratch_dir.join("program.js");
    let started = Instant::now();
    let budget = Duration::from_secs(args.seconds);
    let (mut programs, mut runs, mut threads, mut collections, mut failures) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut seed = args.seed;
    println!(
        "weft-fuzz-threads: seed {seed}, {}s, {}",
        args.seconds,
        args.weft.display()
    );
    while started.elapsed() < budget {
        let program = Program::generate(seed);
        // Each program in every mode; every third under GC stress too.
        let mut configs: Vec<Config> = ["parallel", "locked", "scheduled"]
            .into_iter()
            .map(|mode| Config {
                mode,
                seed,
                gc_stress: None,
            })
            .collect();
        if seed % 3 == 0 {
            configs.push(Config {
                mode: ["parallel", "locked", "scheduled"][(seed / 3 % 3) as usize],
                seed,
                gc_stress: Some(50),
            });
        }
        for config in configs {
            runs += 1;
            match run(&args.weft, &program.render(), config, &scratch) {
                Verdict::Ok {
                    collections: c,
                    threads: t,
                } => {
                    collections += c;
                    threads += t;
                }
                Verdict::Failed(why) => {
                    failures += 1;
                    println!("FAIL seed {seed} ({config}): {why}");
                    let small = reduce::reduce(&program, &why, config, &args.weft, &scratch);
                    let text = small.render();
                    println!("reduced to {} statements:\n{text}", small.size());
                    if let Some(dir) = &args.save {
                        save(dir, seed, config, &why, &text);
                    }
                }
            }
        }
        programs += 1;
        seed = seed.wrapping_add(1);
    }
    let _ = std::fs::remove_dir_all(&scratch_dir);
    println!(
        "weft-fuzz-threads: {programs} programs, {runs} runs, {threads} threads, {collections} collections, {failures} failures in {:.0}s",
        started.elapsed().as_secs_f64()
    );
    if failures == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

/// Saves a reduced failure as `fuzz-<seed>.js` under `dir`, with how it
/// failed, for `engine/tests/threads.rs` to run from then on.
fn save(dir: &Path, seed: u64, config: Config, why: &str, text: &str) {
    let path = dir.join(format!("fuzz-{seed}.js"));
    let header = format!("// Found by weft-fuzz-threads ({config}): {why}\n");
    match std::fs::create_dir_all(dir).and_then(|_| std::fs::write(&path, header + text)) {
        Ok(()) => println!("saved {}", path.display()),
        Err(e) => println!("cannot save {}: {e}", path.display()),
    }
}

/// Writes `count` programs from `seed` on into `dir` (for the wasm test).
fn emit(dir: &Path, count: usize, seed: u64) -> std::process::ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("weft-fuzz-threads: {e}");
        return std::process::ExitCode::FAILURE;
    }
    for k in 0..count as u64 {
        let program = Program::generate(seed + k);
        let path = dir.join(format!("fuzz-{}.js", seed + k));
        if let Err(e) = std::fs::write(&path, program.render()) {
            eprintln!("weft-fuzz-threads: {}: {e}", path.display());
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}
