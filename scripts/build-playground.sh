#!/usr/bin/env bash
# Builds the playground into dist/: the engine's wasm packages first
# (scripts/build-wasm.sh), the editor bundle (esbuild), then the Yew app with Trunk, offline, with
# Debian's rustc-web rebuilding std for plain wasm32.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh
# The code editor: CodeMirror 6 from node_modules, bundled into one module.
npx --no-install esbuild playground/js/editor.mjs --bundle --format=esm --minify \
  --log-level=warning --outfile=target/playground-js/editor.js
source scripts/wasm-env.sh
CARGO_TARGET_DIR=target/wasm-playground CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  trunk --quiet build --release --offline
echo "build-playground: dist/ ready"
