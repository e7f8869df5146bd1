#!/usr/bin/env bash
# Makes the test262 suite available at the commit weft is measured against
# and prints its directory. A checkout beside the repository
# (../shared/test262) is used when present; otherwise the suite is fetched
# once into target/test262 (only harness/, test/language/ and
# test/built-ins/, which the runner uses). WEFT_TEST262_URL overrides where
# the tarball comes from (any URL curl reads, file:// included).
set -euo pipefail
cd "$(dirname "$0")/.."

TEST262_COMMIT=be13516fb6441b950ba8a3df97eb34062c186972
BESIDE=../shared/test262
FETCHED=target/test262

if [[ -d $BESIDE/test && -d $BESIDE/harness ]]; then
  (cd "$BESIDE" && pwd)
  exit 0
fi
if [[ $(cat "$FETCHED/.commit" 2>/dev/null) == "$TEST262_COMMIT" ]]; then
  (cd "$FETCHED" && pwd)
  exit 0
fi

url=${WEFT_TEST262_URL:-https://codeload.github.com/tc39/test262/tar.gz/$TEST262_COMMIT}
echo "fetch-test262: $url" >&2
command -v curl >/dev/null || {
  SUDO=$([[ $(id -u) == 0 ]] || echo sudo)
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq curl >/dev/null
}
rm -rf "$FETCHED.partial" && mkdir -p "$FETCHED.partial"
# The archive's top folder is test262-<commit>; keep only what the runner reads.
curl -fsSL --retry 3 "$url" |
  tar -xz -C "$FETCHED.partial" --strip-components=1 --wildcards \
    '*/harness/*' '*/test/language/*' '*/test/built-ins/*' '*/LICENSE'
[[ -d $FETCHED.partial/harness && -d $FETCHED.partial/test/built-ins ]] || {
  echo "fetch-test262: the archive has no harness/ or test/built-ins/" >&2
  exit 1
}
echo "$TEST262_COMMIT" >"$FETCHED.partial/.commit"
rm -rf "$FETCHED" && mv "$FETCHED.partial" "$FETCHED"
(cd "$FETCHED" && pwd)
