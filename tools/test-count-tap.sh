#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Self-test of tools/count-tap.py on fabricated meson test logs. Run by .ci/run.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/a/meson-logs" "$tmp/b/meson-logs"

# Build a: every kind of entry.
#  tap-mixed: 2 passed, 1 failed, 1 skipped, 1 TODO (ignored)
#  tap-crash: 1 passed, then a crash without `not ok` -> +1 failed
#  tap-timeout: nothing printed but the plan -> 1 failed
#  tap-skipped: whole program skipped (exit 77) -> 1 skipped
#  plain-ok / plain-fail: non-TAP programs -> 1 passed / 1 failed
#  a subtest line (indented) is not counted
cat > "$tmp/a/meson-logs/testlog.json" <<'JSON'
{"name": "tap-mixed", "result": "FAIL", "stdout": "1..5\nok 1 /a\nok 2 /b\n    not ok 1 /sub\nnot ok 3 /c\nok 4 /d # SKIP no display\nnot ok 5 /e # TODO later\n"}
{"name": "tap-crash", "result": "ERROR", "stdout": "1..3\nok 1 /a\n"}
{"name": "tap-timeout", "result": "TIMEOUT", "stdout": "1..2\n"}
{"name": "tap-skipped", "result": "SKIP", "stdout": "1..0 # SKIP no display\n"}
{"name": "plain-ok", "result": "OK", "stdout": "hello\n"}
{"name": "plain-fail", "result": "FAIL", "stdout": ""}
JSON

# Build b: all good.
cat > "$tmp/b/meson-logs/testlog.json" <<'JSON'
{"name": "tap-ok", "result": "OK", "stdout": "# random seed: x\n1..2\nok 1 /a\nok 2 /b\n"}
JSON

fail=0
check ()   # check EXPECTED_LINE EXPECTED_STATUS BUILD_DIR…
{
  local want=$1 want_status=$2 got status=0
  shift 2
  got=$("$here/count-tap.py" "$@" 2>/dev/null | tail -n 1) || status=$?
  if [ "$got" != "$want" ] || [ "$status" != "$want_status" ]; then
    echo "not ok: count-tap.py $*: got '$got' (exit $status), want '$want' (exit $want_status)"
    fail=1
  else
    echo "ok: $want (exit $status)"
  fi
}

check "2 passed, 0 failed" 0 "$tmp/b"
check "4 passed, 4 failed, 2 skipped" 1 "$tmp/a"
check "6 passed, 4 failed, 2 skipped" 1 "$tmp/a" "$tmp/b"
check "2 passed, 1 failed" 1 "$tmp/b" "$tmp/missing"
exit $fail
