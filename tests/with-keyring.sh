#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a test program with a Secret Service of its own: a private D-Bus session with
# gnome-keyring unlocked in it, HOME and XDG_RUNTIME_DIR in a temporary directory, so that
# the test never touches the keyring of whoever runs it.
#   tests/with-keyring.sh PROGRAM [ARGUMENT…]
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_RUNTIME_DIR="$tmp/run" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- sh -c '
  printf "keyring password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  gnome-keyring-daemon --start --components=secrets >/dev/null
  exec "$@"' sh "$@"
