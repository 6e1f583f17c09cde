#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds ShopDesk (in _build) and launches the window, uninstalled: its settings schema and
# translations come from the build directory. Arguments go to `shopdesk` (e.g. --db PATH);
# without them it opens the last shop, or the welcome page the first time.
# Without a display the command-line tool gives a short tour on a demo shop, created the
# first time in ${XDG_DATA_HOME:-~/.local/share}/shopdesk/demo.db (2,000 customers, 8,000
# orders), whose owner account is "demo" with the password in $demo_password below: a demo
# shop's, known to everyone, not for a real one. Missing Debian packages are installed first
# when run as root.
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

# The demo shop's owner account. The CLI reads the password from the environment, so the
# tour asks for nothing.
demo_user=demo
demo_password=demo-shop-password
export SHOPDESK_USER=$demo_user SHOPDESK_PASSWORD=$demo_password
unset SHOPDESK_NEW_PASSWORD

if [ ! -f "$db" ]; then
  mkdir -p "$data_dir"
  echo "Creating a demo shop in $db …"
  if ! "$cli" --db "$db" init --shop "演示店" --owner "$demo_user" </dev/null >/dev/null ||
     ! "$cli" --db "$db" demo --customers 2000 --orders 8000 --seed 1 </dev/null; then
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    echo "run.sh: creating the demo shop failed." >&2
    exit 1
  fi
else
  # A demo shop made before accounts existed gets its owner; on one that has accounts this
  # changes nothing.
  "$cli" --db "$db" init --owner "$demo_user" </dev/null >/dev/null 2>&1 || true
fi

if [ -x "$gui" ]; then
  echo "(No display: showing the command-line tool instead of the window.)"
  echo
fi

"$cli" --help
echo
echo "\$ shopdesk-cli --db $db --user $demo_user customers search 王 --limit 5"
"$cli" --db "$db" customers search 王 --limit 5
echo
echo "\$ shopdesk-cli --db $db --user $demo_user audit list --limit 3"
"$cli" --db "$db" audit list --limit 3
cat <<EOT

The demo shop is $db; its owner account is "$demo_user" with the demo password
"$demo_password". To continue:
  export SHOPDESK_USER=$demo_user SHOPDESK_PASSWORD=$demo_password
  $cli --db $db customers show 1
  $cli --db $db customers search 138 --limit 10 --json
  $cli --db $db export customers --format csv -o customers.csv
  $cli --db $db staff add 小王 --role presales --department 售前
  $cli --db $db audit verify
  $cli --db \$HOME/my-shop.db init --shop NAME --owner NAME    (your own shop: asks a password)
Delete $db to start over with a fresh demo shop.
EOT
