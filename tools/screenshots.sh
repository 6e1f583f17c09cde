#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the screenshots in data/screenshots/ (the README and the metainfo show them) from
# the INSTALLED application, so that its translations, icons and schema are the ones a
# user gets:
#   customers.png        a demo shop (2,000 customers, 10,000 orders, seed 7), in English
#   customers-zh_CN.png  the same in Chinese (LANGUAGE=zh_CN)
#   welcome.png          the first start: no shop yet
#
# Usage: tools/screenshots.sh [BUILD_DIR] [OUTPUT_DIR]
#   BUILD_DIR   default _build-screenshots; configured with --prefix=BUILD_DIR/install
#               and installed there (the program finds its .mo files under its prefix)
#   OUTPUT_DIR  default data/screenshots
#
# Each shot runs the app in its own Xvfb (1280×800) and D-Bus session with a fresh HOME,
# waits until the window is mapped and has stopped changing, then grabs the screen with
# `import -window root`. Needs the fonts GNOME uses (Cantarell, Noto CJK): as root,
# tools/deps.sh --screenshots installs them with the rest.
set -euo pipefail

# shellcheck source=tools/common.sh
source "$(dirname "$0")/common.sh"
cd "$SD_TOP"

build_dir=${1:-_build-screenshots}
out_dir=${2:-data/screenshots}
width=1280
height=800

tools/deps.sh --screenshots

prefix=$SD_TOP/$build_dir/install
case $build_dir in
  /*) prefix=$build_dir/install ;;
esac

# Configure with the prefix (the compiled-in LOCALEDIR comes from it), build, install.
if [ -f "$build_dir/build.ninja" ]; then
  current=$(meson introspect --buildoptions "$build_dir" \
              | python3 -c 'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
  [ "$current" = "$prefix" ] || meson configure "$build_dir" -Dprefix="$prefix"
fi
sd_build "$build_dir" --prefix="$prefix" -Dbuildtype=release
meson install -C "$build_dir" --quiet

for f in bin/shopdesk bin/shopdesk-cli share/glib-2.0/schemas/gschemas.compiled \
         share/locale/zh_CN/LC_MESSAGES/shopdesk.mo; do
  if [ ! -e "$prefix/$f" ]; then
    echo "screenshots.sh: $prefix/$f was not installed" >&2
    exit 1
  fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "Making the demo shop …"
"$prefix/bin/shopdesk-cli" --db "$tmp/demo.db" demo --customers 2000 --orders 10000 --seed 7 \
  </dev/null

mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

# shot NAME LANGUAGE [SHOPDESK_ARGUMENT…]: one screenshot in a fresh session.
shot ()
{
  local name=$1 language=$2 home
  shift 2
  home=$tmp/home-$name
  mkdir -p "$home/.config/glib-2.0/settings" "$home/.config/gtk-4.0" "$home/.local/share" \
    "$home/.cache" "$home/runtime"
  chmod 700 "$home/runtime"
  # The window fills the screen (no window manager under Xvfb to maximize it).
  cat >"$home/.config/glib-2.0/settings/keyfile" <<EOF
[io/github/shopdesk/ShopDesk]
window-width=$width
window-height=$height
EOF
  # What GNOME would give the application through its settings daemon.
  cat >"$home/.config/gtk-4.0/settings.ini" <<EOF
[Settings]
gtk-font-name=Cantarell 11
gtk-icon-theme-name=Adwaita
EOF

  echo "Taking $name.png …"
  # shellcheck disable=SC2016 # the inner script expands its own variables
  env -i PATH="$PATH" HOME="$home" \
    XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
    XDG_CACHE_HOME="$home/.cache" XDG_RUNTIME_DIR="$home/runtime" \
    XDG_DATA_DIRS="$prefix/share:/usr/local/share:/usr/share" \
    GSETTINGS_BACKEND=keyfile GTK_A11Y=none GIO_USE_PROXY_RESOLVER=dummy \
    LANG=C.UTF-8 LANGUAGE="$language" PANGO_LANGUAGE=zh-cn:en TZ=Asia/Shanghai \
    SD_TOP="$SD_TOP" SD_APP="$prefix/bin/shopdesk" SD_SHOT="$out_dir/$name.png" \
    SD_LOG="$tmp/$name.log" SD_HEIGHT=$height \
    xvfb-run -a -s "-screen 0 ${width}x${height}x24 -noreset" dbus-run-session -- \
    bash -euo pipefail -c '
      source "$SD_TOP/tools/xvfb-app.sh"
      # Xvfb puts the pointer in the middle of the screen, where it would raise a tooltip
      # (-noreset: otherwise the server resets, pointer included, when xdotool leaves).
      xdotool mousemove 100 $((SD_HEIGHT - 40))
      "$SD_APP" "$@" >"$SD_LOG" 2>&1 &
      app=$!
      status=0
      sd_wait_window "$app" 60 >/dev/null || status=$?
      if [ "$status" -eq 0 ]; then
        sd_wait_drawn 30 || status=$?
      fi
      if [ "$status" -eq 0 ]; then
        import -window root -strip "$SD_SHOT"
      fi
      kill "$app" 2>/dev/null || true
      wait "$app" 2>/dev/null || true
      exit "$status"
    ' shot "$@" </dev/null || {
      echo "screenshots.sh: $name failed; the application said:" >&2
      cat "$tmp/$name.log" >&2
      return 1
    }
}

# The user interface in Chinese needs its strings in po/zh_CN.po: say so when they are not.
translated=$(TEXTDOMAINDIR="$prefix/share/locale" LANGUAGE=zh_CN LANG=C.UTF-8 \
               gettext -d shopdesk "Customers")
if [ "$translated" = "Customers" ]; then
  echo "screenshots.sh: warning: the window's strings are not translated to zh_CN yet;" \
       "customers-zh_CN.png shows them in English." >&2
fi

shot customers en --db "$tmp/demo.db"
shot customers-zh_CN zh_CN --db "$tmp/demo.db"
shot welcome en

echo "Screenshots in $out_dir:"
ls -l "$out_dir"
