//! weft-bench: runs the JavaScript benchmark programs in `bench/` and
//! prints the time of each (min / median / max over runs, in ms).
//!
//!   weft-bench [--runs N] [--dir DIR] [NAME…]
//!
//! Every run uses a fresh engine, so the figures include start-up of the
//! realm (about a millisecond). A program signals a wrong result by
//! throwing; the bench then fails.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::interpreter::{StdioHost, Vm};

fn main() -> std::process::ExitCode {
    let mut runs = 5usize;
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bench");
    let mut names: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--dir" => dir = args.next().map(PathBuf::from).unwrap_or(dir),
            other => names.push(other.trim_end_matches(".js").to_string()),
        }
    }
    let mut programs: Vec<String> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".js"))
            .collect(),
        Err(e) => {
            eprintln!("weft-bench: cannot read {}: {e}", dir.display());
            return std::process::ExitCode::from(2);
        }
    };
    programs.sort();
    if !names.is_empty() {
        programs.retain(|p| names.iter().any(|n| p.trim_end_matches(".js") == n));
    }
    println!(
        "{:<12} {:>10} {:>10} {:>10}",
        "benchmark", "min ms", "median ms", "max ms"
    );
    let mut failed = false;
    for program in programs {
        let text = match std::fs::read_to_string(dir.join(&program)) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{program}: {e}");
                failed = true;
                continue;
            }
        };
        let mut times = Vec::with_capacity(runs);
        let mut error = None;
        for _ in 0..runs.max(1) {
            let text = text.clone();
            let name = program.clone();
            let result = std::thread::Builder::new()
                .stack_size(256 << 20)
                .spawn(move || {
                    let start = Instant::now();
                    let mut vm = Vm::new(Engine::new(EngineConfig::default()), Arc::new(StdioHost));
                    let r = vm
                        .eval_script(Source::new(name, text))
                        .and_then(|_| vm.run_jobs());
                    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
                    r.map(|_| elapsed).map_err(|e| vm.describe_exception(e))
                })
                .map_err(|e| e.to_string())
                .and_then(|h| h.join().map_err(|_| "panicked".to_string()))
                .and_then(|r| r);
            match result {
                Ok(ms) => times.push(ms),
                Err(e) => {
                    error = Some(e);
                    break;
                }
            }
        }
        let name = program.trim_end_matches(".js");
        if let Some(e) = error {
            println!("{name:<12} FAILED: {}", e.lines().next().unwrap_or(""));
            failed = true;
            continue;
        }
        times.sort_by(|a, b| a.total_cmp(b));
        let median = times[times.len() / 2];
        println!(
            "{name:<12} {:>10.1} {:>10.1} {:>10.1}",
            times[0],
            median,
            times[times.len() - 1]
        );
    }
    if failed {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
