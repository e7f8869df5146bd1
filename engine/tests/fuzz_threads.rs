//! The concurrency fuzzer in the test command: `weft-fuzz-threads` runs
//! random racing programs with the `weft` command, in both modes and under
//! GC stress, for `WEFT_FUZZ_THREADS_SECONDS` (60 by default). Any crash,
//! panic, hang or broken invariant fails this test, with the reduced
//! program in its output (also saved under `target/fuzz-threads-failures/`;
//! move it to `tests/threads/regressions/` once fixed).

#![cfg(feature = "threads")]

use std::process::Command;

#[test]
fn random_racing_programs_keep_the_memory_model() {
    let seconds = std::env::var("WEFT_FUZZ_THREADS_SECONDS").unwrap_or_else(|_| "60".into());
    let save = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../target/fuzz-threads-failures"
    );
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_weft-fuzz-threads"));
    cmd.args([
        "--seconds",
        &seconds,
        "--weft",
        env!("CARGO_BIN_EXE_weft"),
        "--save",
        save,
    ]);
    if let Ok(seed) = std::env::var("WEFT_FUZZ_SEED") {
        cmd.args(["--seed", &seed]);
    }
    let out = cmd.output().expect("weft-fuzz-threads runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the fuzzer found failures:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // It ran programs, spawned threads and collected: not an empty loop.
    let totals = stdout.lines().last().unwrap_or_default();
    let number = |word: &str| -> u64 {
        let words: Vec<&str> = totals.split_whitespace().collect();
        words
            .iter()
            .position(|w| w.trim_end_matches(',') == word)
            .and_then(|i| words.get(i.wrapping_sub(1)))
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert!(
        number("programs") > 0 && number("threads") > number("programs"),
        "{totals}"
    );
    assert!(
        number("collections") > 0,
        "no collection happened: {totals}"
    );
}
