#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests and print its URL on stdout (the last line).
#   SITROOM_TEST_PG=$(bash .ci/postgres.sh) .venv/bin/pytest -m postgres
# Idempotent: a second call finds the running server and prints the same URL.
# Stop it with:  bash .ci/postgres.sh stop
# The server listens on 127.0.0.1 only, trusts local connections and keeps its data under
# $SITROOM_PG_DIR (default /tmp/sitroom-ci-pg); it is for tests, never for real data.
set -euo pipefail
DIR=${SITROOM_PG_DIR:-/tmp/sitroom-ci-pg}
DATA="$DIR/data"

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$d" ] && command -v initdb >/dev/null; then d=$(dirname "$(command -v initdb)"); fi
  echo "$d"
}

# Run as the server's owner: PostgreSQL refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

BIN=$(bindir)
if [ -z "$BIN" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    BIN=$(bindir)
  fi
  [ -n "$BIN" ] || { echo "postgres.sh: no PostgreSQL binaries (install postgresql)" >&2; exit 1; }
fi

if [ "${1:-}" = stop ]; then
  [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2 || true
  exit 0
fi

USER_NAME=$( [ "$(id -u)" = 0 ] && echo postgres || id -un )
mkdir -p "$DIR"
[ "$(id -u)" = 0 ] && chown postgres "$DIR"
if [ ! -f "$DATA/PG_VERSION" ]; then
  # C locale: text sorts by code point, as SQLite does, so both backends list rows in one order.
  as_owner "$BIN/initdb" -D "$DATA" -U "$USER_NAME" --auth=trust --locale=C -E UTF8 >&2
fi
if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "$PORT" > "$DIR/port"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off" start >&2
  as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U "$USER_NAME" sitroom_test >&2 || true
fi
echo "postgresql://$USER_NAME@127.0.0.1:$(cat "$DIR/port")/sitroom_test"
