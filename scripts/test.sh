#!/usr/bin/env bash
# Every test: install what is missing, then formatting, lints, the native
# tests, the wasm builds, the Node tests of the wasm build, the npm-package
# programs (tests/programs/), and the browser tests of the playground. Stops
# at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s (%s)\n' "$*" "$(date +%T)"; }

step install
scripts/install.sh
scripts/fetch-test262.sh >/dev/null
step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings
step "native tests (including the JS suite under GC stress, the thread suite and the examples in every mode, scheduled mode and explore)"
cargo test --workspace --quiet
step "the engine without the threads feature: lints and its own tests"
cargo clippy -p weft-engine --no-default-features --all-targets --quiet -- -D warnings
cargo test -p weft-engine --no-default-features --quiet
step "loom model checks of the lock-free protocols (IC words, spine growth, shape publication, heap access hand-off)"
RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom cargo test -p weft-engine --test loom --quiet
step "test262 conformance (fails on any regression against conformance/known-failures.txt)"
cargo build --release --quiet -p weft-conformance
WEFT_TEST262=$(scripts/fetch-test262.sh) target/release/weft-test262 --known-failures conformance/known-failures.txt
step "the repository stands alone (no pointers outside it; a clone with no test262 beside it fetches one)"
scripts/check-standalone.sh
step "wasm build + playground build"
scripts/build-playground.sh
step "the wasm builds under Node: the thread suite, the examples and the concurrency fuzzer's programs in every mode and on the single build (fibers), the language suite on the single build, the embedding API and explore on both"
cargo build --release --quiet -p weft-engine --bin weft --bin weft-fuzz-threads
node --test wasm-host/tests/
step "real npm packages (tests/programs/): Node's recorded output, matched byte for byte natively and on the wasm build"
node --test tests/programs/
step "browser tests (headless Chromium)"
node --test tests/browser/
step "done"
