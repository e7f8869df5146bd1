#!/usr/bin/env bash
# Builds the playground into dist/: the engine's wasm packages first
# (scripts/build-wasm.sh), then the Yew app with Trunk, offline, with
# Debian's rustc-web rebuilding std for plain wasm32.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh
source scripts/wasm-env.sh
CARGO_TARGET_DIR=target/wasm-playground CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  trunk --quiet build --release --offline
echo "build-playground: dist/ ready"
