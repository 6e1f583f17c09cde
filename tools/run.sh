#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds ShopDesk (in _build) and launches the window, uninstalled: its settings schema and
# translations come from the build directory. Arguments go to `shopdesk` (e.g. --db PATH);
# without them it opens the last shop, or the welcome page the first time.
# Without a display the command-line tool gives a short tour on a demo shop, created the
# first time in ${XDG_DATA_HOME:-~/.local/share}/shopdesk/demo.db (2,000 customers, 8,000
# orders). Missing Debian packages are installed first when run as root.
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

if [ -x "$gui" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  export GSETTINGS_SCHEMA_DIR=$SD_TOP/$build_dir/data
  export SHOPDESK_LOCALEDIR=$SD_TOP/$build_dir/po
  # Without dconf, GSettings would forget the window size and the last shop at exit.
  if ! ls /usr/lib/*/gio/modules/libdconfsettings.so >/dev/null 2>&1; then
    export GSETTINGS_BACKEND=keyfile
  fi
  exec "$gui" "$@"
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
