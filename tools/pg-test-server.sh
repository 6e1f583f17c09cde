#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A throwaway PostgreSQL server on loopback, for the tests of team mode.
#
#   tools/pg-test-server.sh start DIR   # prints its URL: postgresql://shopdesk@127.0.0.1:PORT/shopdesk_test
#   tools/pg-test-server.sh stop DIR    # stops it and deletes DIR
#
# The cluster lives in DIR (made if missing): its superuser is `shopdesk`, trusted on
# 127.0.0.1 only, UTF-8, fsync off (a test server: nothing in it outlives the run). The
# port is a free one found by trying. PostgreSQL refuses to run as root: as root the server
# runs as the `postgres` user that Debian's package made, and DIR is handed to it.
# Exit status 77 (a test's "skipped") when no PostgreSQL server is installed.
set -euo pipefail

if [ $# -ne 2 ] || { [ "$1" != start ] && [ "$1" != stop ]; }; then
  echo "usage: tools/pg-test-server.sh start|stop DIR" >&2
  exit 2
fi
action=$1
dir=$2

bin=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "pg-test-server.sh: no PostgreSQL server here (apt-get install postgresql)" >&2
  exit 77
fi

as_owner ()
{
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case $action in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U shopdesk --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      port=$((20000 + RANDOM % 30000))
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U shopdesk shopdesk_test
        echo "postgresql://shopdesk@127.0.0.1:$port/shopdesk_test"
        exit 0
      fi
    done
    echo "pg-test-server.sh: the server did not start:" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
esac
