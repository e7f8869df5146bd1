#!/usr/bin/env bash
# Installs whatever weft's build and tests need and is missing, at pinned
# versions: Debian packages (the wasm-threads toolchain, Chromium), cargo
# tools, and npm packages from package-lock.json. Idempotent and quick when
# everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian 12: rustc-web 1.96 with its std source (for -Z build-std), rust-lld
# from lld, headless Chromium for the browser tests.
APT_PACKAGES=(rustc-web cargo-web rust-web-src lld-22 chromium)
# Node and npm for the JS tests: the machine's own when present (a nodejs
# from another source conflicts with Debian's npm package).
command -v node >/dev/null && command -v npm >/dev/null || APT_PACKAGES+=(nodejs npm)
WASM_BINDGEN_VERSION=0.2.130 # = the wasm-bindgen crate in Cargo.toml
TRUNK_VERSION=0.21.14        # 0.22 needs rustc >= 1.96.1; this one builds on 1.95

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "install: apt packages: ${missing[*]}"
  SUDO=$([[ $(id -u) == 0 ]] || echo sudo)
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "install: cargo (rustup) is required on PATH" >&2
  exit 1
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
installed_version() { "$CARGO_BIN/$1" --version 2>/dev/null | awk '{print $2}'; }
if [[ $(installed_version wasm-bindgen) != "$WASM_BINDGEN_VERSION" ]]; then
  echo "install: wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file pins a webpki-roots release the registry no
  # longer serves; the CLI's own version is what must match, and it does.
  cargo install --quiet wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if [[ $(installed_version trunk) != "$TRUNK_VERSION" ]]; then
  echo "install: trunk $TRUNK_VERSION"
  cargo install --quiet --locked trunk --version "$TRUNK_VERSION"
fi

# npm packages, exactly as locked; reinstalled only when the lock changed.
if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.weft-lock; then
  echo "install: npm ci"
  npm ci --silent --no-audit --no-fund
  cp package-lock.json node_modules/.weft-lock
fi
