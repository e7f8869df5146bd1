#!/usr/bin/env bash
# The main job: install what is missing, build the playground, and serve it
# cross-origin isolated on http://127.0.0.1:8080 (PORT overrides).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
scripts/build-playground.sh
exec node scripts/serve.mjs dist "${PORT:-8080}"
