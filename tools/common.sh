# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# Sourced by tools/run.sh and tools/test.sh: the shared set-up steps.

# The source root, whatever the caller's working directory.
SD_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# sd_configure DIR [MESON_SETUP_OPTION…]
# Configures DIR once (the options only count then).
# Builds stay offline: meson never downloads a subproject.
sd_configure ()
{
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    if [ -f "$dir/meson-private/coredata.dat" ]; then
      # A set-up that stopped half-way: start that directory over.
      meson setup --wipe --wrap-mode=nodownload "$@" "$dir" "$SD_TOP"
    else
      meson setup --wrap-mode=nodownload "$@" "$dir" "$SD_TOP"
    fi
  fi
}

# sd_build DIR [MESON_SETUP_OPTION…]
# sd_configure, then builds all of DIR.
sd_build ()
{
  sd_configure "$@"
  ninja -C "$1"
}
