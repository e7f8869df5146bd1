#!/usr/bin/env bash
# Checks that the repository stands alone: nothing it ships points outside
# it, the README names no issue numbers, and a clone with no ../shared
# beside it gets test262 at the pinned commit from fetch-test262.sh (fed
# here, offline, a tarball of part of the suite this machine has) and runs
# it.
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "check-standalone: $*" >&2; exit 1; }

# 1. No pointers outside the repository (the suite's default location in
#    the fetch script and the runner are the only mentions of ../shared).
refs=$(git grep -n -e 'DESIGN\.md' -e '\.\./shared' -- . \
  ':!scripts/fetch-test262.sh' ':!scripts/check-standalone.sh' ':!conformance/src/main.rs' || true)
[[ -z $refs ]] || fail "these lines point outside the repository:"$'\n'"$refs"
if grep -nE '[Ii]ssues? #?[0-9]+' README.md; then fail "the README names issue numbers"; fi

# 2. A clone without ../shared fetches test262 and runs it.
suite=$(scripts/fetch-test262.sh)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src/test262-pinned/test/language"
cp -r "$suite/harness" "$suite/LICENSE" "$work/src/test262-pinned/"
cp -r "$suite/test/built-ins" "$work/src/test262-pinned/test/"
cp -r "$suite/test/language/eval-code" "$work/src/test262-pinned/test/language/"
tar -czf "$work/suite.tar.gz" -C "$work/src" test262-pinned
git clone -q . "$work/alone/weft"
[[ ! -e $work/alone/shared ]] || fail "the clone has a ../shared"
fetched=$(cd "$work/alone/weft" && WEFT_TEST262_URL="file://$work/suite.tar.gz" scripts/fetch-test262.sh 2>/dev/null)
[[ $fetched == "$work/alone/weft/target/test262" ]] || fail "fetched into '$fetched'"
[[ -f $fetched/harness/assert.js && -d $fetched/test/built-ins/JSON ]] || fail "the fetched suite is incomplete"
# A second call finds it and fetches nothing (the URL is now unusable).
again=$(cd "$work/alone/weft" && WEFT_TEST262_URL="file:///nonexistent" scripts/fetch-test262.sh)
[[ $again == "$fetched" ]] || fail "a second call fetched again"
# The runner runs the fetched suite (as the test command points it there).
summary=$(WEFT_TEST262=$fetched target/release/weft-test262 test/built-ins/JSON/stringify | tail -1)
[[ $summary =~ ^test262:\ ([1-9][0-9]*)\ passed ]] || fail "the fetched suite did not run: $summary"
echo "$summary"
echo "check-standalone: ok (fetched suite in a clone without ../shared)"
