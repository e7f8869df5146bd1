#!/usr/bin/env bash
# ThreadSanitizer over the native engine's thread suite (engine/tests/
# threads.rs: the API contract, the memory model, GC sharing under stress,
# timers, web objects — in parallel and locked mode) and its lock-free
# structures' unit tests. ARCHITECTURE.md ("Sanitizers") says why it is
# put together this way:
#   - the compiler is Debian's rustc (package rustc-web, 1.96, which
#     scripts/install.sh installs for the wasm build), whose standard
#     library source ships beside it (rust-web-src), so std is rebuilt
#     instrumented with -Zbuild-std (RUSTC_BOOTSTRAP=1 unlocks the
#     unstable flags on a stable compiler);
#   - Debian's rustc has no sanitizer runtimes, so the TSan runtime comes
#     from rustup's nightly toolchain (librustc-nightly_rt.tsan.a, installed
#     here if missing), linked whole with -Zexternal-clangrt.
# Prints TSan's reports and fails if there is any. Extra arguments go to
# the test binary (e.g. a test name). Builds into target/tsan.
set -euo pipefail
cd "$(dirname "$0")/.."
rustc=/usr/bin/rustc
if [ ! -x $rustc ] || [ ! -d /usr/lib/rustlib/src/rust/library ]; then
  bash scripts/install.sh   # rustc-web, cargo-web, rust-web-src
fi
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
nightly=$(rustup run nightly rustc --print sysroot)
runtime=$nightly/lib/rustlib/x86_64-unknown-linux-gnu/lib/librustc-nightly_rt.tsan.a
export RUSTC=$rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/tsan
export RUSTFLAGS="-Zsanitizer=thread -Zexternal-clangrt -Cdebug-assertions=off \
  -Clink-arg=-Wl,--whole-archive -Clink-arg=$runtime -Clink-arg=-Wl,--no-whole-archive \
  -Clink-arg=-lm -Clink-arg=-lc -Clink-arg=-ldl -Clink-arg=-lpthread -Clink-arg=-Wl,--warn-unresolved-symbols"
# The runtime was built against a newer glibc: three tmpnam-family symbols
# it intercepts are left unresolved (the engine never calls them).
export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 history_size=4 ${TSAN_OPTIONS:-}"
log=target/tsan/report.txt
mkdir -p target/tsan
/usr/bin/cargo test -Zbuild-std --target x86_64-unknown-linux-gnu --release \
  -p weft-engine --no-default-features --features threads \
  --test threads --lib -- --test-threads=1 "$@" 2>&1 | tee "$log"
races=$(grep -c "WARNING: ThreadSanitizer" "$log" || true)
echo "tsan.sh: $races ThreadSanitizer reports"
[ "$races" -eq 0 ]
