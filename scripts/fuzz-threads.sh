#!/usr/bin/env bash
# Runs the concurrency fuzzer (weft-fuzz-threads) for MINUTES (default 60)
# with release builds, saving each failure, reduced, under
# engine/tests/threads/regressions/. Prints the totals: programs, runs,
# threads spawned, collections, failures.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-60}
cargo build --release --quiet -p weft-engine --bin weft --bin weft-fuzz-threads
exec target/release/weft-fuzz-threads --seconds $((minutes * 60)) \
  --weft target/release/weft --save engine/tests/threads/regressions ${WEFT_FUZZ_SEED:+--seed "$WEFT_FUZZ_SEED"}
