#!/usr/bin/env bash
# Builds the engine for wasm32 in its two variants, each into
# target/engine-pkg/<variant>/ as an ES module package (engine.mjs, the
# embedding API; controller.mjs and worker.mjs, its workers; platform.mjs;
# weft.js and weft_bg.wasm from wasm-bindgen), and index.mjs at the top,
# which picks the variant the environment can run:
#   threads  atomics + shared imported memory: real threads as workers
#   single   plain wasm32, no SharedArrayBuffer: runs in any page; its JS
#            threads are fibers of one worker, interleaved by scheduled
#            mode (Asyncify makes the fiber switch)
# WEFT_WASM_NOTHREADS=1 also builds `nothreads`: plain wasm32 without the
# thread API, for embedders who want none (index.mjs never picks it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh

# The main stack (the whole program's in the threads-disabled build; pool
# workers get theirs from js/worker.mjs) is generous for the same reason as
# the native command's: the parser and compiler recurse.
STACK="-C link-arg=-zstack-size=16777216"
THREADS_RUSTFLAGS="$STACK -C target-feature=+atomics,+bulk-memory,+mutable-globals \
 -C link-arg=--shared-memory -C link-arg=--max-memory=4294967296 -C link-arg=--import-memory \
 -C link-arg=--export=__wasm_init_tls -C link-arg=--export=__tls_size \
 -C link-arg=--export=__tls_align -C link-arg=--export=__tls_base"

build_variant() {
  local variant=$1 rustflags=$2
  shift 2
  local target_dir=target/wasm-$variant out=target/engine-pkg/$variant
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$rustflags" \
    cargo build --quiet -p weft-wasm --lib --release --target wasm32-unknown-unknown \
    -Z build-std=std,panic_abort --target-dir "$target_dir" "$@"
  rm -rf "$out"
  wasm-bindgen --target web --no-typescript --out-name weft --out-dir "$out" \
    "$target_dir/wasm32-unknown-unknown/release/weft_wasm.wasm"
  cp wasm-host/js/{engine,controller,worker,platform,fibers}.mjs "$out/"
  echo "build-wasm: $out/weft_bg.wasm $(stat -c %s "$out/weft_bg.wasm") bytes"
}

# Asyncify: only the functions that can be on a fiber's stack when it
# switches learn to unwind and rewind their frames, so everything else
# (most leaf code, the collector, the parser) runs at full speed. Asyncify
# follows direct calls itself; indirect calls it is told to ignore, except
# in the functions listed here, each #[inline(never)], whose indirect call
# may lead to a switch (`asyncify-propagate-addlist` then instruments
# their callers too):
#   fiber::park       calls the host's switch (a fn pointer)
#   fiber::enter      runs the fiber's job (a boxed closure)
#   Vm::call_native   runs a built-in (a fn pointer), which may call JS
#   merge_sort        calls its comparison (a dyn FnMut), which may call JS
# Any other indirect call must not lead to a switch: ARCHITECTURE.md,
# "Fibers switch only where a host thread would park".
# `asyncify-asserts` turns a missed one into a trap (an InternalError, and
# a fresh worker) instead of corruption; it costs about 10%.
# wasm-bindgen's `externref shim`s are left out: Asyncify cannot save
# reference-typed locals. Binaryen from npm (package-lock.json): Debian's
# 108 breaks wasm-bindgen's table exports.
ASYNCIFY_SWITCHING="weft*::threads::fiber::park,weft*::threads::fiber::enter,\
<weft*::interpreter::Vm>::call_native,weft*::builtins::array::merge_sort"
asyncify() {
  local wasm=$1
  node_modules/.bin/wasm-opt "$wasm" --asyncify \
    '--pass-arg=asyncify-imports@./weft_bg.js.__wbg_fiberSwitch_*' \
    --pass-arg=asyncify-ignore-indirect \
    "--pass-arg=asyncify-addlist@$ASYNCIFY_SWITCHING" --pass-arg=asyncify-propagate-addlist \
    --pass-arg=asyncify-asserts \
    '--pass-arg=asyncify-removelist@*externref shim' -O -o "$wasm.asyncify"
  mv "$wasm.asyncify" "$wasm"
  echo "build-wasm: $wasm $(stat -c %s "$wasm") bytes after Asyncify"
}

# wasm-opt runs on one core: the threaded build compiles beside it.
build_variant single "$STACK -C link-arg=--export=__stack_pointer"
asyncify target/engine-pkg/single/weft_bg.wasm &
asyncifying=$!
build_variant threads "$THREADS_RUSTFLAGS"
wait "$asyncifying"
if [[ ${WEFT_WASM_NOTHREADS:-} == 1 ]]; then
  build_variant nothreads "$STACK" --no-default-features --features intl
fi
cp wasm-host/js/index.mjs target/engine-pkg/index.mjs
