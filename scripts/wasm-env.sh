# Sourced by the wasm build scripts: selects Debian's rustc-web toolchain,
# which ships std's source so -Z build-std can rebuild std with atomics
# (rustup's stable toolchain here has no wasm32 target and no rust-src).
# The native build keeps using rustup's toolchain; the two never share a
# target directory, or each would invalidate the other's artifacts.
export RUSTC_BOOTSTRAP=1
export RUSTC=/usr/bin/rustc
export PATH="/usr/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
unset RUSTUP_TOOLCHAIN
