#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for tests under $1 (default var/pg) on port $2 (55432),
# creates role/database "percorsi", and prints the URL. Re-running reuses a running cluster.
set -euo pipefail
dir=$(realpath -m "${1:-var/pg}"); port=${2:-55432}
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$dir"
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd -r -m postgres
  chown postgres "$dir"; chmod 700 "$dir"
  # the parent directories must be traversable by the postgres user
  p="$dir"; while [ "$p" != "/" ]; do p=$(dirname "$p"); chmod o+x "$p" 2>/dev/null || true; done
fi
if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
fi
if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null
fi
psql="$bin/psql -h 127.0.0.1 -p $port -U postgres -v ON_ERROR_STOP=1 -q"
$psql -tc "SELECT 1 FROM pg_roles WHERE rolname='percorsi'" | grep -q 1 || \
  $psql -c "CREATE ROLE percorsi LOGIN SUPERUSER PASSWORD 'percorsi'"
$psql -tc "SELECT 1 FROM pg_database WHERE datname='percorsi'" | grep -q 1 || \
  $psql -c "CREATE DATABASE percorsi OWNER percorsi"
echo "postgresql://percorsi:percorsi@127.0.0.1:$port/percorsi"
