#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster on loopback for tests and trials (never for real data: by default fsync is off).
#   deploy/postgres/throwaway-cluster.sh start DIR [PORT] [durable]   -> prints the connection string
#   deploy/postgres/throwaway-cluster.sh stop DIR
# "durable" keeps PostgreSQL's own defaults (fsync, synchronous_commit and full_page_writes on), for benchmarks whose
# figures must include each commit's flush, as production's do.
# Needs Debian's postgresql package. As root the server runs as the 'postgres' user (initdb refuses root).
set -euo pipefail
action=${1:?start|stop}; dir=${2:?directory}; port=${3:-55432}; mode=${4:-fast}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "$mode" = durable ] && durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
    as_owner "$bin/pg_ctl" -w -D "$dir" -l "$dir/server.log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=300" start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -w -D "$dir" -m fast stop >/dev/null
    ;;
  *) echo "unknown action $action" >&2; exit 2 ;;
esac
