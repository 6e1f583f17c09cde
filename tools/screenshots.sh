#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Takes the screenshots in data/screenshots/ (the README and the metainfo show them) from
# the INSTALLED application, so that its translations, icons and schema are the ones a
# user gets:
#   customers.png        a demo shop (2,000 customers, 10,000 orders, seed 7), in English
#   customers-zh_CN.png  the same in Chinese (LANGUAGE=zh_CN)
#   welcome.png          the first start: no shop yet
#   login.png            the login page of the demo shop
#   tiers.png            the Tiers page: the membership ladder, its chart and custom tiers
#   rfm.png              the RFM page: the R × F grid and the groups
#   segments.png         the Segments page
#   staff.png            the Staff page: accounts by department
#   audit.png            the Audit Log page
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
# A throw-away shop's owner and password, typed into the login page below. Latin letters:
# xdotool cannot type Chinese into Xvfb.
owner=owner
password="screenshot password"
cli=("$prefix/bin/shopdesk-cli" --db "$tmp/demo.db")
export SHOPDESK_PASSWORD=$password
"${cli[@]}" init --shop 小米旗舰店 --owner "$owner" </dev/null >/dev/null
"${cli[@]}" --user "$owner" demo --customers 2000 --orders 10000 --seed 7 </dev/null
# Segments and a custom tier, so that their pages show what a shop keeps there.
"${cli[@]}" --user "$owner" segments create 高价值老客 \
  --where 'total_spent >= 1000 and days_since_last_order <= 180' </dev/null >/dev/null
"${cli[@]}" --user "$owner" segments create 流失风险 --where 'rfm_group = "at_risk"' </dev/null >/dev/null
"${cli[@]}" --user "$owner" segments create 江浙沪 \
  --where 'province = "浙江" or province = "江苏" or province = "上海"' </dev/null >/dev/null
"${cli[@]}" --user "$owner" tiers rules add 高价值流失 \
  --where 'total_spent >= 2000 and days_since_last_order > 180' </dev/null >/dev/null
for account in "xiaowang 王小二 售前 presales" "afang 李芳 售后 aftersales" \
               "azhi 陈志 售后 aftersales" "laoliu 刘强 仓储 manager"; do
  read -r login name department role <<<"$account"
  SHOPDESK_NEW_PASSWORD="$password $login" "${cli[@]}" --user "$owner" \
    staff add "$login" --name "$name" --department "$department" --role "$role" </dev/null >/dev/null
done
"${cli[@]}" --user "$owner" staff disable azhi </dev/null >/dev/null
# The shop's Taobao store: a local simulated one (its own test credentials, no secret),
# synced once, so that the Store page shows a connected shop and its last sync.
export SHOPDESK_TAOBAO_APP_SECRET=helloworld SHOPDESK_TAOBAO_SESSION=test-session
"$prefix/bin/shopdesk-sim" --port 0 --quiet --seed 7 --customers 1500 --orders 6000 >"$tmp/sim.out" &
sim=$!
for _ in $(seq 100); do
  grep -q 'listening on' "$tmp/sim.out" && break
  sleep 0.1
done
sim_url=$(sed -n 's/^shopdesk-sim listening on //p' "$tmp/sim.out")
"${cli[@]}" --user "$owner" store connect taobao --url "$sim_url/router/rest" --app-key 12345678 \
  </dev/null >/dev/null
"${cli[@]}" --user "$owner" sync --settle 0 </dev/null >/dev/null
kill "$sim"
unset SHOPDESK_PASSWORD

mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd)

# shot NAME LANGUAGE [SHOPDESK_ARGUMENT…]: one screenshot in a fresh session. With
# SD_LOGIN=1 it logs in as the owner first; SD_CLICK="X,Y" then clicks there (a sidebar row).
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
    SD_LOGIN="${SD_LOGIN:-}" SD_CLICK="${SD_CLICK:-}" SD_OWNER="$owner" SD_PASSWORD="$password" \
    SHOPDESK_TAOBAO_APP_SECRET="$SHOPDESK_TAOBAO_APP_SECRET" SHOPDESK_TAOBAO_SESSION="$SHOPDESK_TAOBAO_SESSION" \
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
      if [ "$status" -eq 0 ] && [ -n "$SD_LOGIN" ]; then
        # The login page has the account name focused; Argon2 takes a moment.
        xdotool type --delay 20 "$SD_OWNER"
        xdotool key Tab
        xdotool type --delay 20 "$SD_PASSWORD"
        xdotool key Return
        sleep 1
        xdotool mousemove 100 $((SD_HEIGHT - 40))
        sd_wait_drawn 30 || status=$?
      fi
      if [ "$status" -eq 0 ] && [ -n "$SD_CLICK" ]; then
        xdotool mousemove "${SD_CLICK%,*}" "${SD_CLICK#*,}" click 1
        xdotool mousemove 100 $((SD_HEIGHT - 40))
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

shot login en --db "$tmp/demo.db"
SD_LOGIN=1 shot customers en --db "$tmp/demo.db"
SD_LOGIN=1 shot customers-zh_CN zh_CN --db "$tmp/demo.db"
# The sidebar rows, 38 px apart: Customers, Tiers, RFM, Segments, Store, Staff, Audit Log.
SD_LOGIN=1 SD_CLICK=100,126 shot tiers en --db "$tmp/demo.db"
SD_LOGIN=1 SD_CLICK=100,164 shot rfm en --db "$tmp/demo.db"
SD_LOGIN=1 SD_CLICK=100,202 shot segments en --db "$tmp/demo.db"
SD_LOGIN=1 SD_CLICK=100,240 shot store en --db "$tmp/demo.db"
SD_LOGIN=1 SD_CLICK=100,278 shot staff en --db "$tmp/demo.db"
SD_LOGIN=1 SD_CLICK=100,316 shot audit en --db "$tmp/demo.db"
shot welcome en

echo "Screenshots in $out_dir:"
ls -l "$out_dir"
