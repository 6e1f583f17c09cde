#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds and runs every libFuzzer target for SECONDS each, starting from the seed corpus in
# tests/fuzz/corpus. Exits non-zero when a target crashes, leaks, trips a sanitizer or
# an assertion, or times out on an input; the input is kept in BUILD_DIR/fuzz-artifacts.
#
#   CC=clang meson setup _build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined
#   tests/fuzz/run-fuzzers.sh _build-fuzz 20
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
artifacts="$build/fuzz-artifacts"
# New inputs the fuzzer finds go to a scratch directory: the committed seeds stay as
# they are.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$artifacts"

export G_SLICE=always-malloc
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

targets=(csv phone where top shopify sms-count sms-template)
# Only the targets: the rest of a fuzzing build is not needed here.
ninja -C "$build" "${targets[@]/#/tests/fuzz/fuzz-}"

status=0
for target in "${targets[@]}"; do
  exe="$build/tests/fuzz/fuzz-$target"
  if [ ! -x "$exe" ]; then
    echo "$exe is missing: configure with CC=clang and -Dfuzzing=true" >&2
    exit 2
  fi
  mkdir -p "$scratch/$target"
  echo "== fuzz-$target for ${seconds}s"
  if "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
       -print_final_stats=1 -artifact_prefix="$artifacts/$target-" \
       "$scratch/$target" "$here/corpus/$target" >"$scratch/$target.log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|Done)' "$scratch/$target.log" || true
  else
    echo "fuzz-$target FAILED; the input is in $artifacts:" >&2
    tail -n 60 "$scratch/$target.log" >&2
    status=1
  fi
done
exit $status
