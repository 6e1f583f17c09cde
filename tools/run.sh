#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds ShopDesk (in _build) and launches it on a demo shop, which it creates the first
# time in ${XDG_DATA_HOME:-~/.local/share}/shopdesk/demo.db (2,000 customers, 8,000 orders).
# With the desktop application built and a display, that opens; otherwise the command-line
# tool gives a short tour. Missing Debian packages are installed first when run as root.
set -euo pipefail

# shellcheck source=tools/common.sh
source "$(dirname "$0")/common.sh"
cd "$SD_TOP"

build_dir=_build
cli=$build_dir/src/cli/shopdesk-cli
gui=$build_dir/src/gui/shopdesk
data_dir=${XDG_DATA_HOME:-$HOME/.local/share}/shopdesk
db=$data_dir/demo.db

tools/deps.sh
sd_build "$build_dir"

if [ ! -x "$cli" ]; then
  echo "run.sh: $cli was not built: the command-line tool is not part of this tree yet." >&2
  exit 1
fi

if [ ! -f "$db" ]; then
  mkdir -p "$data_dir"
  echo "Creating a demo shop in $db …"
  if ! "$cli" --db "$db" demo --customers 2000 --orders 8000 --seed 1 </dev/null; then
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    echo "run.sh: creating the demo shop failed." >&2
    exit 1
  fi
fi

if [ -x "$gui" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec "$gui" --db "$db" "$@"
fi
if [ -x "$gui" ]; then
  echo "(No display: showing the command-line tool instead of the window.)"
  echo
fi

"$cli" --help
echo
echo "\$ shopdesk-cli --db $db customers search 王 --limit 5"
"$cli" --db "$db" customers search 王 --limit 5
cat <<EOT

The demo shop is $db. To continue:
  $cli --db $db customers show 1
  $cli --db $db customers search 138 --limit 10 --json
  $cli --db $db export customers --format csv -o customers.csv
  $cli --db \$HOME/my-shop.db import customers customers.csv
Delete $db to start over with a fresh demo shop.
EOT
