#!/usr/bin/env bash
# Starts (or stops) a throw-away PostgreSQL server for the tests, from Debian's packages, bound to
# 127.0.0.1 only. Prints the connection string on start. Usage: .ci/postgres.sh start|stop|restart|down|up
# restart (pg_ctl restart -m immediate), down (stop -m immediate) and up (start again) are for the fault
# tests, which run a private server (TWOFACTOR_PG_PORT, TWOFACTOR_PG_ROOT) so that CI's stays untouched.
set -euo pipefail
PGPORT="${TWOFACTOR_PG_PORT:-55432}"
PGROOT="${TWOFACTOR_PG_ROOT:-/tmp/twofactor-pg}"
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "${1:-start}" in
  start)
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
      export DEBIAN_FRONTEND=noninteractive
      (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) 1>&2
    fi
    BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    if [ -f "$PGROOT/data/postmaster.pid" ]; then as_postgres "$BIN/pg_ctl -D $PGROOT/data -m fast stop" >/dev/null 2>&1 || true; fi
    rm -rf "$PGROOT"; mkdir -p "$PGROOT/sock"
    if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PGROOT"; fi
    as_postgres "$BIN/initdb -D $PGROOT/data -A trust -U postgres" >/dev/null
    as_postgres "$BIN/pg_ctl -D $PGROOT/data -l $PGROOT/log -w -o \"-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT/sock -c fsync=off\" start" >/dev/null
    as_postgres "$BIN/psql -h 127.0.0.1 -p $PGPORT -U postgres -c \"CREATE DATABASE twofactor\"" >/dev/null
    echo "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=twofactor"
    ;;
  stop)
    BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    as_postgres "$BIN/pg_ctl -D $PGROOT/data -m fast stop" >/dev/null 2>&1 || true
    ;;
  restart)
    BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    as_postgres "$BIN/pg_ctl -D $PGROOT/data -l $PGROOT/log -w -m immediate restart" >/dev/null
    ;;
  down)
    BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    as_postgres "$BIN/pg_ctl -D $PGROOT/data -w -m immediate stop" >/dev/null
    ;;
  up)
    BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    as_postgres "$BIN/pg_ctl -D $PGROOT/data -l $PGROOT/log -w -o \"-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT/sock -c fsync=off\" start" >/dev/null
    ;;
esac
