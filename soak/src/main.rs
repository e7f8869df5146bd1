//! weft-soak: the long soak. Runs the thread suite, the examples and the
//! concurrency fuzzer's programs round and round for `--minutes`, in
//! `parallel` and `locked` mode, each on a fresh engine, and the fuzzer's
//! programs a second time on two long-lived engines (one per mode) that
//! run program after program in one realm. Every `--sample-seconds` it logs
//! the process's resident memory and the long-lived engines' live heap
//! (after a full collection) as a CSV line; it fails on any failed run and
//! on memory that keeps growing (`growth.rs`). `scripts/soak.sh` runs it
//! beside the wasm build's soak (`wasm-host/soak.mjs`).
//!
//! ```text
//! weft-soak --fuzz-dir DIR [--root REPO] [--minutes M] [--sample-seconds S] [--log FILE]
//! ```

mod growth;
mod jobs;

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use weft::engine::Mode;
use weft::interpreter::Vm;

use jobs::{Console, Expect, Job};

/// Collect at every 50th allocation in the stressed runs (as the fuzzer).
const GC_STRESS_EVERY: u32 = 50;
const MIB: u64 = 1 << 20;

struct Args {
    root: PathBuf,
    fuzz_dir: PathBuf,
    minutes: f64,
    sample_seconds: f64,
    log: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        root: PathBuf::from("."),
        fuzz_dir: PathBuf::new(),
        minutes: 60.0,
        sample_seconds: 60.0,
        log: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--root" => args.root = value()?.into(),
            "--fuzz-dir" => args.fuzz_dir = value()?.into(),
            "--log" => args.log = Some(value()?.into()),
            "--minutes" => {
                args.minutes = value()?.parse().map_err(|e| format!("--minutes: {e}"))?
            }
            "--sample-seconds" => {
                args.sample_seconds = value()?
                    .parse()
                    .map_err(|e| format!("--sample-seconds: {e}"))?
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.fuzz_dir.as_os_str().is_empty() {
        return Err("--fuzz-dir DIR is required (weft-fuzz-threads --emit DIR writes it)".into());
    }
    Ok(args)
}

/// What the soak has done so far; the sampler reads it.
#[derive(Default)]
struct Progress {
    runs: AtomicU64,
    threads: AtomicU64,
    collections: AtomicU64,
    /// The long-lived engines' live bytes after their last full collection.
    heap: [AtomicU64; 2],
    failed: AtomicBool,
    stop: AtomicBool,
    /// Every job has run in every mode (warm-up is over).
    warm: AtomicBool,
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("weft-soak: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let jobs = match jobs::load(&args.root, &args.fuzz_dir) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("weft-soak: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let mut log = args
        .log
        .as_ref()
        .map(|p| std::fs::File::create(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())));
    let header = "minute,rss_mib,heap_mib,runs,threads,collections";
    println!(
        "weft-soak: {} jobs, {} minutes\n{header}",
        jobs.len(),
        args.minutes
    );
    if let Some(f) = log.as_mut() {
        let _ = writeln!(f, "{header}");
    }

    let progress = Arc::new(Progress::default());
    let soaker = {
        let progress = progress.clone();
        let failure_dir = args
            .log
            .as_ref()
            .and_then(|p| p.parent().map(PathBuf::from));
        std::thread::Builder::new()
            .name("soak".into())
            .stack_size(64 << 20)
            .spawn(move || soak(&jobs, &progress, failure_dir))
            .expect("a thread for the soak")
    };

    let started = Instant::now();
    let deadline = Duration::from_secs_f64(args.minutes * 60.0);
    let (mut rss_samples, mut heap_samples) = (Vec::new(), Vec::new());
    let mut warm_from = None;
    while started.elapsed() < deadline && !progress.failed.load(Ordering::Relaxed) {
        let next = Duration::from_secs_f64(args.sample_seconds * (rss_samples.len() + 1) as f64);
        while started.elapsed() < next.min(deadline) && !progress.failed.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
        }
        let rss = resident_bytes();
        let heap: u64 = progress
            .heap
            .iter()
            .map(|h| h.load(Ordering::Relaxed))
            .sum();
        if progress.warm.load(Ordering::Relaxed) {
            warm_from.get_or_insert(rss_samples.len());
        }
        rss_samples.push(rss);
        heap_samples.push(heap);
        let line = format!(
            "{:.1},{:.1},{:.1},{},{},{}",
            started.elapsed().as_secs_f64() / 60.0,
            rss as f64 / MIB as f64,
            heap as f64 / MIB as f64,
            progress.runs.load(Ordering::Relaxed),
            progress.threads.load(Ordering::Relaxed),
            progress.collections.load(Ordering::Relaxed),
        );
        println!("{line}");
        if let Some(f) = log.as_mut() {
            let _ = writeln!(f, "{line}");
        }
    }
    progress.stop.store(true, Ordering::Relaxed);
    let _ = soaker.join();

    let mut verdicts = Vec::new();
    if progress.failed.load(Ordering::Relaxed) {
        verdicts.push("a run failed (above)".to_string());
    }
    let warm_from = warm_from.unwrap_or(rss_samples.len());
    verdicts.extend(growth::keeps_growing(
        "resident memory",
        &rss_samples,
        8 * MIB,
        warm_from,
    ));
    verdicts.extend(growth::keeps_growing(
        "the long-lived engines' heap",
        &heap_samples,
        2 * MIB,
        warm_from,
    ));
    let first_last = |s: &[u64]| {
        format!(
            "{} → {} MiB",
            s.first().copied().unwrap_or(0) >> 20,
            s.last().copied().unwrap_or(0) >> 20
        )
    };
    println!(
        "weft-soak: {} runs, {} threads, {} collections in {:.1} min; resident {}, heap {}",
        progress.runs.load(Ordering::Relaxed),
        progress.threads.load(Ordering::Relaxed),
        progress.collections.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64() / 60.0,
        first_last(&rss_samples),
        first_last(&heap_samples),
    );
    if verdicts.is_empty() {
        println!("weft-soak: ok");
        std::process::ExitCode::SUCCESS
    } else {
        for v in verdicts {
            println!("weft-soak: FAIL: {v}");
        }
        std::process::ExitCode::FAILURE
    }
}

/// The process's resident set size, from /proc/self/statm (0 where there
/// is none).
fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// Runs the jobs round and round until told to stop or a run fails.
fn soak(jobs: &[Job], progress: &Progress, failure_dir: Option<PathBuf>) {
    let modes = [Mode::Parallel, Mode::Locked];
    // One long-lived engine per mode, running every fuzz program again in
    // one realm, so what a run leaves behind accumulates if it leaks.
    let mut long_lived: Vec<(Box<Vm>, Arc<Console>)> = modes
        .iter()
        .map(|&mode| {
            let console = Arc::new(Console::default());
            (Vm::new(jobs::engine(mode, None), console.clone()), console)
        })
        .collect();
    for round in 0.. {
        let mode_index = round % 2;
        if round == modes.len() {
            progress.warm.store(true, Ordering::Relaxed);
        }
        for (n, job) in jobs.iter().enumerate() {
            if progress.stop.load(Ordering::Relaxed) {
                return;
            }
            let fuzz = matches!(job.expect, Expect::FuzzOk);
            let stress = (fuzz && (n + round) % 3 == 0).then_some(GC_STRESS_EVERY);
            let engine = jobs::engine(modes[mode_index], stress);
            let console = Arc::new(Console::default());
            let mut vm = Vm::new(engine.clone(), console.clone());
            let outcome = jobs::run(&mut vm, &console, &job.label, &job.source);
            drop(vm);
            progress.runs.fetch_add(1, Ordering::Relaxed);
            progress
                .threads
                .fetch_add(u64::from(engine.threads.created()), Ordering::Relaxed);
            progress
                .collections
                .fetch_add(engine.heap.stats().collections, Ordering::Relaxed);
            let mut verdict = jobs::judge(&job.expect, &outcome).map(|why| {
                let how = format!(
                    "{:?}{}",
                    modes[mode_index],
                    if stress.is_some() { ", GC stress" } else { "" }
                );
                (how, why)
            });
            if fuzz && verdict.is_none() {
                // The same program again on the long-lived engine, inside a
                // function so its declarations do not collide with the last.
                let (vm, console) = &mut long_lived[mode_index];
                let wrapped = format!("(function () {{\n{}\n}})();", job.source);
                let outcome = jobs::run(vm, console, &job.label, &wrapped);
                vm.collect_garbage();
                let stats = vm.engine.heap.stats();
                progress.heap[mode_index].store(stats.live_bytes as u64, Ordering::Relaxed);
                progress.runs.fetch_add(1, Ordering::Relaxed);
                verdict = jobs::judge(&job.expect, &outcome)
                    .map(|why| (format!("{:?}, long-lived engine", modes[mode_index]), why));
            }
            if let Some((how, why)) = verdict {
                println!("weft-soak: FAIL {} ({how}): {why}", job.label);
                if let Some(dir) = &failure_dir {
                    let path = dir.join(format!("soak-failure-{n}.js"));
                    if std::fs::write(&path, &job.source).is_ok() {
                        println!("weft-soak: the program is in {}", path.display());
                    }
                }
                progress.failed.store(true, Ordering::Relaxed);
                return;
            }
        }
    }
}
