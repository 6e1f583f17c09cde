# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Sourced by .ci/run and tools/screenshots.sh, inside an X server (xvfb-run): waiting for
# the ShopDesk window to appear, and for its contents to stop changing. Needs xwininfo
# (x11-utils) and, for sd_wait_drawn, import (imagemagick).

# sd_mapped_window: prints the id of the largest viewable top-level window whose WM_CLASS
# is shopdesk's; status 1 when there is none. Without a window manager (Xvfb) the
# application's windows are children of the root window; GTK also creates unmapped helper
# windows, which the map state leaves out.
sd_mapped_window ()
{
  local id best='' best_area=0 info w h
  for id in $(xwininfo -root -children 2>/dev/null \
                | grep -i '("shopdesk"' | grep -o '^ *0x[0-9a-f]*'); do
    info=$(xwininfo -id "$id" 2>/dev/null) || continue
    grep -q 'Map State: IsViewable' <<<"$info" || continue
    w=$(sed -n 's/^ *Width: *//p' <<<"$info")
    h=$(sed -n 's/^ *Height: *//p' <<<"$info")
    if [ $((w * h)) -gt "$best_area" ]; then
      best=$id
      best_area=$((w * h))
    fi
  done
  [ -n "$best" ] || return 1
  echo "$best"
}

# sd_wait_window PID SECONDS: waits until the program PID has mapped its window and prints
# the window's id. Status 1 when PID exits first (a crash or an early exit), 2 when no
# window was mapped in time.
sd_wait_window ()
{
  local pid=$1 limit=$2 start=$SECONDS
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the program exited before its window was mapped" >&2
      return 1
    fi
    if sd_mapped_window; then
      return 0
    fi
    sleep 0.2
  done
  echo "no window was mapped within $limit s" >&2
  return 2
}

# sd_wait_drawn SECONDS: waits until something is on the screen and it has looked the same
# for a second (the window has drawn its first page and nothing moves any more), at most
# SECONDS. An empty Xvfb screen is all black: that does not count as drawn.
sd_wait_drawn ()
{
  local limit=$1 start=$SECONDS last='' now same=0 grab
  grab=$(mktemp)
  while [ $((SECONDS - start)) -lt "$limit" ]; do
    import -window root -depth 8 rgb:"$grab" 2>/dev/null || true
    if [ "$(tr -d '\000' <"$grab" | head -c 1 | wc -c)" -eq 0 ]; then
      now=black
    else
      now=$(md5sum <"$grab")
    fi
    if [ "$now" != black ] && [ "$now" = "$last" ]; then
      same=$((same + 1))
      if [ "$same" -ge 4 ]; then
        rm -f "$grab"
        return 0
      fi
    else
      same=0
      last=$now
    fi
    sleep 0.25
  done
  rm -f "$grab"
  echo "the screen was still blank or changing after $limit s" >&2
  return 1
}
