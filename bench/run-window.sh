#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# bench/run-window.sh [--quick] [-- BENCH-WINDOW OPTIONS…]
#
# The customer window on large shops (bench/bench-window.c): opening, jumping and scrolling
# through the list, a re-sort and a search, and peak memory, against an empty shop measured
# in the same run. Runs under Xvfb at 1280×800 when there is no display. Shops are made
# once and kept in $TMPDIR/shopdesk-bench-window (1M customers: about 1 GB, a few minutes).
#   full:    100,000 and 1,000,000 customers
#   --quick: 10,000 and 100,000
set -euo pipefail

cd "$(dirname "$0")/.."
build=_build-bench
scales=(--scale 100000 --scale 1000000)

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) scales=(--scale 10000 --scale 100000); shift ;;
    --) shift; break ;;
    -h|--help) sed -n '3,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run-window.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" --buildtype=release --wrap-mode=nodownload >/dev/null
fi
ninja -C "$build" bench/bench-window data/gschemas.compiled >/dev/null

export GSETTINGS_SCHEMA_DIR=$PWD/$build/data GSETTINGS_BACKEND=memory GTK_A11Y=none
run=("$build/bench/bench-window" "${scales[@]}" "$@")
if [ -z "${DISPLAY:-}" ]; then
  run=(xvfb-run -a -s '-screen 0 1280x800x24' "${run[@]}")
fi
echo "ShopDesk window benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, \
$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
"${run[@]}"
