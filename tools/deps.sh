#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes sure the Debian 12 packages that build and test ShopDesk are installed.
# Nothing missing: returns at once, without network. Something missing: installs it when
# run as root (apt-get update once, then one non-interactive install), otherwise prints
# the command to run and exits 1. The list is the one in ENVIRONMENT.md; keep them in step.
#
# Usage: tools/deps.sh [--screenshots]
#   --screenshots  also what tools/screenshots.sh needs: the fonts GNOME uses (Cantarell,
#                  Noto CJK) and xdotool (moves the pointer out of the way)
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build gettext
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev libsqlite3-dev libepoxy-dev
  libsodium-dev libsecret-1-dev
  desktop-file-utils appstream appstream-util xvfb xauth dbus gnome-keyring libsecret-tools
  imagemagick x11-apps clang libclang-rt-14-dev
  sqlite3 time
  # SVG icons (the app icon, symbolic icons): GTK 4.8 loads them through gdk-pixbuf's
  # SVG loader, only a Recommends of GTK.
  librsvg2-common
  # xwininfo: .ci/run and tools/screenshots.sh wait until the window is mapped.
  x11-utils
  # .ci/run checks flatpak/io.github.shopdesk.ShopDesk.json with --show-manifest.
  flatpak flatpak-builder
  # Team mode: PostgreSQL's client library, and a server the tests start on loopback
  # (tools/pg-test-server.sh).
  libpq-dev postgresql
)

if [ "${1:-}" = "--screenshots" ]; then
  packages+=(fonts-cantarell fonts-noto-cjk xdotool)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "deps.sh: not a Debian system (no dpkg-query); install the equivalents of:" >&2
  echo "  ${packages[*]}" >&2
  exit 0
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "deps.sh: these Debian packages are missing: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get install --no-install-recommends ${missing[*]}"
  exit 1
fi

echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q </dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
