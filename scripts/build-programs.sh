#!/usr/bin/env bash
# Bundles every tests/programs/<name>.js driver (a real npm package at work)
# into one self-contained script, target/programs/<name>.js, that weft can run:
# weft has no require and does not resolve bare specifiers, so esbuild inlines
# the package and its data files (imported `with { type: 'text' }`).
# --platform=neutral keeps Node built-ins out; --main-fields lets CommonJS-only
# packages resolve; process.env.NODE_ENV (which some packages read to pick
# their production build) is "production", as weft has no process; the Node
# built-ins util, stream and crypto, which object-inspect (under qs),
# papaparse and crypto-js require on paths these programs never take, are a
# stub (tests/programs/stubs/node-builtin.cjs). The
# bundles are scripts, not modules (target/programs/package.json says
# commonjs), so Node runs them as weft does: sloppy-mode scripts. Needs the
# npm packages (scripts/install.sh installs them).
# With names as arguments, builds only those programs.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/programs
echo '{ "type": "commonjs" }' >target/programs/package.json
if (($#)); then names=("$@"); else
  names=()
  for expected in tests/programs/*.expected; do names+=("$(basename "$expected" .expected)"); done
fi
for name in "${names[@]}"; do
  node_modules/.bin/esbuild "tests/programs/$name.js" --bundle --format=iife \
    --platform=neutral --main-fields=main,module \
    --define:process.env.NODE_ENV='"production"' \
    --alias:util=./tests/programs/stubs/node-builtin.cjs --alias:stream=./tests/programs/stubs/node-builtin.cjs --alias:crypto=./tests/programs/stubs/node-builtin.cjs \
    --log-level=warning --outfile="target/programs/$name.js"
done
