#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds ShopDesk and runs every test; the last line counts the test cases:
#   N passed, N failed[, N skipped]
#
# Usage: tools/test.sh [BUILD_DIR [MESON_SETUP_OPTION…]] [-- MESON_TEST_ARGUMENT…]
#   tools/test.sh                                   # _build, every test
#   tools/test.sh _build -- test-csv                # one test program
#   tools/test.sh _build -- --suite core            # one suite
#   CC=clang tools/test.sh _build-asan -Db_sanitize=address,undefined -Db_lundef=false
# Set-up options only count the first time a build directory is configured.
#
# Without a display (no $DISPLAY) the tests run inside Xvfb and a private D-Bus session,
# as the GUI tests need; tests that need what is not there skip (exit 77).
set -euo pipefail

# shellcheck source=tools/common.sh
source "$(dirname "$0")/common.sh"
cd "$SD_TOP"

build_dir=_build
setup_args=()
test_args=()
if [ $# -gt 0 ] && [ "$1" != "--" ]; then
  build_dir=$1
  shift
fi
while [ $# -gt 0 ]; do
  if [ "$1" = "--" ]; then
    shift
    test_args=("$@")
    break
  fi
  setup_args+=("$1")
  shift
done

tools/deps.sh
sd_build "$build_dir" "${setup_args[@]}"

# The log count-tap.py reads must be this run's, not a previous one's.
rm -f "$build_dir/meson-logs/testlog.json"

run=(meson test -C "$build_dir" --print-errorlogs "${test_args[@]}")
if [ -z "${DISPLAY:-}" ] && command -v xvfb-run >/dev/null 2>&1; then
  run=(xvfb-run -a -s '-screen 0 1280x1024x24' dbus-run-session -- "${run[@]}")
fi

# Team mode's tests share one PostgreSQL server on loopback for the run (stopped after it);
# without one here, each test program would start its own.
if [ -z "${SHOPDESK_TEST_PG:-}" ]; then
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/shopdesk-pg-XXXXXX")
  if pg_url=$(tools/pg-test-server.sh start "$pg_dir"); then
    export SHOPDESK_TEST_PG=$pg_url
    trap 'tools/pg-test-server.sh stop "$pg_dir"' EXIT
  else
    rm -rf "$pg_dir"
  fi
fi

test_status=0
"${run[@]}" </dev/null || test_status=$?

count_status=0
tools/count-tap.py "$build_dir" || count_status=$?

[ $test_status -eq 0 ] && [ $count_status -eq 0 ]
