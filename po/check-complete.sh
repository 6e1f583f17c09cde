#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fails if a translation in po/LINGUAS is incomplete: untranslated or fuzzy
# messages, or format errors, against a freshly generated template.
#
# Usage: po/check-complete.sh BUILD_DIR
#
# Regenerates po/shopdesk.pot (the shopdesk-pot target writes into the source
# tree), merges each LANG.po with it into a temporary copy and runs
# msgfmt --check --statistics on that copy. The .po files are not modified.

set -eu

if [ $# -ne 1 ]; then
  echo "Usage: $0 BUILD_DIR" >&2
  exit 2
fi

build_dir=$1
po_dir=$(cd "$(dirname "$0")" && pwd)
pot="$po_dir/shopdesk.pot"

if [ ! -d "$build_dir" ]; then
  echo "$0: build directory '$build_dir' does not exist (run meson setup first)" >&2
  exit 2
fi

ninja -C "$build_dir" shopdesk-pot >/dev/null || {
  echo "$0: could not generate $pot (ninja -C $build_dir shopdesk-pot failed)" >&2
  exit 1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Statistics are parsed in English.
LC_ALL=C
LANGUAGE=
export LC_ALL LANGUAGE

status=0

# Every source file with a translatable string must be in POTFILES.in, or its strings
# never reach the template and stay English on every desktop.
top=$(cd "$po_dir/.." && pwd)
missing=$(cd "$top" && grep -rlE '\b(_|N_|C_|NC_) *\(|g_dngettext|translatable="yes"' src ui \
            --include='*.c' --include='*.ui' | sort | while read -r f; do
            grep -qxF "$f" "$po_dir/POTFILES.in" || echo "$f"
          done)
if [ -n "$missing" ]; then
  echo "po/POTFILES.in lacks files with translatable strings:" >&2
  printf '  %s\n' $missing >&2
  status=1
fi

languages=$(sed -e 's/#.*//' "$po_dir/LINGUAS")
for lang in $languages; do
  po="$po_dir/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$lang: $po is missing" >&2
    status=1
    continue
  fi
  cp "$po" "$tmp/$lang.po"
  if ! msgmerge --quiet --update --backup=none "$tmp/$lang.po" "$pot"; then
    echo "$lang: msgmerge failed" >&2
    status=1
    continue
  fi
  if ! stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1); then
    printf '%s\n' "$stats" | sed "s|$tmp/|po/|g" >&2
    echo "$lang: msgfmt --check failed" >&2
    status=1
    continue
  fi
  summary=$(printf '%s\n' "$stats" | grep -E 'translated message|untranslated message|fuzzy translation' | tail -n 1)
  echo "$lang: $summary"
  case $summary in
    *fuzzy*|*untranslated*)
      echo "$lang: incomplete translation; run msgmerge and translate the new strings:" >&2
      # List what is missing, with source references.
      msgattrib --only-fuzzy "$tmp/$lang.po" 2>/dev/null | sed "1,/^$/d" | grep -E '^(#:|msgid)' | sed 's/^/  fuzzy: /' >&2 || true
      msgattrib --untranslated --no-fuzzy "$tmp/$lang.po" 2>/dev/null | sed "1,/^$/d" | grep -E '^(#:|msgid)' | sed 's/^/  untranslated: /' >&2 || true
      status=1
      ;;
  esac
done

exit $status
