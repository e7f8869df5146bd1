//! The soak binary itself: a short soak over the real thread suite and
//! examples passes and logs its samples; a program that breaks an
//! invariant fails it, named, with its source kept.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("weft-soak-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("programs")).expect("a scratch directory");
    dir
}

fn soak(dir: &Path, minutes: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_weft-soak"))
        .arg("--root")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .arg("--fuzz-dir")
        .arg(dir.join("programs"))
        .args(["--minutes", minutes, "--sample-seconds", "1"])
        .arg("--log")
        .arg(dir.join("native.csv"))
        .output()
        .expect("weft-soak runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn a_short_soak_passes_and_logs_memory() {
    let dir = scratch("pass");
    std::fs::write(
        dir.join("programs/p.js"),
        "const o = { n: 0 }; new Thread(() => { o.n = 1; }).join(); if (o.n === 1) print('fuzz ok');",
    )
    .unwrap();
    let (ok, out) = soak(&dir, "0.3");
    assert!(ok, "{out}");
    assert!(out.contains("weft-soak: ok"), "{out}");
    let log = std::fs::read_to_string(dir.join("native.csv")).expect("a log");
    let mut lines = log.lines();
    assert_eq!(
        lines.next(),
        Some("minute,rss_mib,heap_mib,runs,threads,collections")
    );
    let samples: Vec<Vec<f64>> = lines
        .map(|l| l.split(',').map(|f| f.parse().expect("a number")).collect())
        .collect();
    assert!(samples.len() >= 3, "{log}");
    let last = samples.last().unwrap();
    assert!(last[1] > 1.0 && last[3] > 0.0 && last[4] > 0.0, "{log}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_broken_invariant_fails_the_soak_and_keeps_the_program() {
    let dir = scratch("fail");
    let program = "print('FUZZ FAIL: counter 1, expected 2');";
    std::fs::write(dir.join("programs/broken.js"), program).unwrap();
    let (ok, out) = soak(&dir, "0.5");
    assert!(!ok, "{out}");
    assert!(
        out.contains("FAIL fuzz program broken.js") && out.contains("counter 1, expected 2"),
        "{out}"
    );
    let kept = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("soak-failure-"))
        .expect("the failing program is kept");
    assert_eq!(std::fs::read_to_string(kept.path()).unwrap(), program);
    let _ = std::fs::remove_dir_all(&dir);
}
