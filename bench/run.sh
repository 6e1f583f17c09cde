#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/run.sh [--quick] [-- BENCH-CUSTOMERS OPTIONS…]
#
# Builds the benchmarks (release, in _build-bench) and runs the customer-database benchmark
# at two scales, so that the growth of every cost shows:
#   full:    100,000 customers / 500,000 orders, then 1,000,000 / 5,000,000
#   --quick: 10,000 / 50,000, then 100,000 / 500,000
# Input files and shops go to a temporary directory (under $TMPDIR, default /tmp) that is
# deleted afterwards; the full run needs about 6 GB there. Needs the sqlite3 shell and iconv
# (tools/deps.sh installs them). Where a PostgreSQL server is installed, the same figures
# are measured on a server the benchmark starts (tools/pg-test-server.sh; or the one
# $SHOPDESK_TEST_PG names) and printed beside SQLite's, up to 100,000 customers (`-- --no-pg`
# leaves that out, `-- --pg-up-to N` moves the limit).
set -euo pipefail

cd "$(dirname "$0")/.."
build=_build-bench
scales=(--scale 100000:500000 --scale 1000000:5000000)

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) scales=(--scale 10000:50000 --scale 100000:500000); shift ;;
    --) shift; break ;;
    -h|--help) sed -n '3,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

for tool in sqlite3 iconv meson ninja; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench/run.sh: $tool is missing; run tools/deps.sh" >&2
    exit 1
  fi
done

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --buildtype=release --wrap-mode=nodownload >/dev/null
fi
ninja -C "$build" bench/bench-customers bench/bench-gen >/dev/null

# UTF-8 output for the queries the benchmark may name in warnings.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  *UTF-8*|*utf8*) ;;
  *) export LC_ALL=C.UTF-8 ;;
esac

echo "ShopDesk customer-database benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), \
$(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo); sqlite3 shell $(sqlite3 --version | cut -d' ' -f1)"

start=$(date +%s)
"$build/bench/bench-customers" "${scales[@]}" "$@"
echo "Total: $(( $(date +%s) - start )) s"
