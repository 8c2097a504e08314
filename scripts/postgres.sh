#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `postgres.sh start` creates a cluster in a temp folder,
# listening on 127.0.0.1 only, and prints "URL FOLDER"; `postgres.sh stop FOLDER` stops it and
# removes the folder; `halt FOLDER` stops it and keeps it, `resume FOLDER` starts it again on the
# same port (the outage test restarts the database under a running server). Trust
# authentication: it is reachable from this machine's loopback only.
set -euo pipefail
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "PostgreSQL is not installed (run scripts/setup.sh)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

pg_start() {
  local dir=$1 port
  port=$(cat "$dir/port")
  as_owner "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 30 -o \"-p $port -c listen_addresses=127.0.0.1 -k '$dir' -c fsync=on\" start" > /dev/null
}

case "${1:-}" in
start)
  port=${VENDOR_READINESS_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  dir=$(mktemp -d /tmp/vendor-readiness-pg.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres --no-sync" > "$dir/initdb.log"
  echo "$port" > "$dir/port"
  pg_start "$dir"
  echo "postgres://postgres@127.0.0.1:$port/postgres $dir"
  ;;
halt)
  dir=${2:?usage: postgres.sh halt FOLDER}
  as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" > /dev/null
  ;;
resume)
  pg_start "${2:?usage: postgres.sh resume FOLDER}"
  ;;
stop)
  dir=${2:?usage: postgres.sh stop FOLDER}
  as_owner "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop" > /dev/null || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: postgres.sh start | stop FOLDER | halt FOLDER | resume FOLDER" >&2
  exit 2
  ;;
esac
