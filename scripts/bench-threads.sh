#!/usr/bin/env bash
# The thread benchmarks (issue 4): builds the release engine with and
# without the `threads` feature, then runs weft-bench-threads, which prints
# every table with ratios measured in the same run. Extra arguments go to
# weft-bench-threads (for example `--runs 3 map scaling`).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p weft-engine --bin weft-bench --bin weft-bench-threads
CARGO_TARGET_DIR=target/bench-nothreads \
  cargo build --release --quiet -p weft-engine --no-default-features --bin weft-bench
exec target/release/weft-bench-threads \
  --baseline target/bench-nothreads/release/weft-bench "$@"
