#!/usr/bin/env bash
# The soak: for HOURS (default 1; fractions work), the thread suite, the
# examples and the concurrency fuzzer's programs run round and round, in
# parallel and locked mode, natively (soak/, the weft-soak binary) and on
# the threaded wasm build under Node (wasm-host/soak.mjs) at the same time.
# Each logs resident memory and its heap (native: the long-lived engines'
# live heap; wasm: the bytes allocated in linear memory) every minute to
# target/soak/{native,wasm}.csv, and fails on any failed run or on memory
# that keeps growing. WEFT_FUZZ_SEED picks the fuzzer's programs (else a
# new seed, printed); WEFT_SOAK_PROGRAMS how many (300).
set -euo pipefail
cd "$(dirname "$0")/.."
hours=${1:-1}
minutes=$(awk -v h="$hours" 'BEGIN { printf "%.2f", h * 60 }')
seed=${WEFT_FUZZ_SEED:-$(( $(date +%s) % 1000000000 ))}
out=target/soak
mkdir -p "$out"
rm -rf "$out/programs" "$out"/*.csv "$out"/*failure*.js
cargo build --release --quiet -p weft-engine --bin weft-fuzz-threads
cargo build --release --quiet -p weft-soak
bash scripts/build-wasm.sh
target/release/weft-fuzz-threads --emit "$out/programs" --count "${WEFT_SOAK_PROGRAMS:-300}" --seed "$seed"
echo "soak: $minutes minutes, fuzzer seed $seed, logs in $out/"

target/release/weft-soak --fuzz-dir "$out/programs" --minutes "$minutes" --log "$out/native.csv" \
  > "$out/native.txt" 2>&1 &
native=$!
node wasm-host/soak.mjs --fuzz-dir "$out/programs" --minutes "$minutes" --log "$out/wasm.csv" \
  > "$out/wasm.txt" 2>&1 &
wasm=$!
status=0
wait $native || status=1
wait $wasm || status=1
echo "--- native (weft-soak)"; tail -n 4 "$out/native.txt"
echo "--- wasm (wasm-host/soak.mjs)"; tail -n 4 "$out/wasm.txt"
if [ $status -ne 0 ]; then echo "soak: FAILED (see $out/)"; exit 1; fi
echo "soak: ok"
