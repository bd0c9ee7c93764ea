#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on loopback, then stops and deletes the cluster.
#   scripts/with-postgres.sh mvn -q -pl execution-runtime -am test
# Installs PostgreSQL from Debian's packages when it is missing (needs root), starts the cluster as the
# unprivileged 'postgres' user on 127.0.0.1:${EXECUTIONS_PG_PORT:-55433}, exports EXECUTIONS_PG_URL,
# EXECUTIONS_PG_USER and EXECUTIONS_PG_PASSWORD, runs the command and exits with its status.
#
# Durability: by default the throwaway cluster runs with fsync, synchronous_commit and full_page_writes
# OFF, which is fine for functional tests and wrong for any published figure. EXECUTIONS_PG_DURABLE=1
# keeps PostgreSQL's durable defaults (fsync, synchronous_commit and full_page_writes on): every benchmark
# figure for PostgreSQL is measured in that mode. The mode is exported as EXECUTIONS_PG_DURABILITY
# (durable|fast) so a benchmark can record it next to its figures.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

port="${EXECUTIONS_PG_PORT:-55433}"

find_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

bindir="$(find_bindir || true)"
if [ -z "$bindir" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL is not installed and this is not root: install the 'postgresql' package" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
  bindir="$(find_bindir)"
fi

# The server refuses to run as root: run it as 'postgres' (created by the Debian package) or, when the
# caller is not root, as the caller.
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  run_as() { su postgres -s /bin/bash -c "$*"; }
  owner=postgres
else
  run_as() { bash -c "$*"; }
  owner="$(id -un)"
fi

workdir="$(mktemp -d /tmp/with-postgres.XXXXXX)"
chmod 755 "$workdir"
datadir="$workdir/data"
mkdir -p "$datadir" "$workdir/socket"
chown -R "$owner" "$workdir"
password="pw-$RANDOM$RANDOM"
echo "$password" > "$workdir/pwfile"
chown "$owner" "$workdir/pwfile"
chmod 600 "$workdir/pwfile"

cleanup() {
  run_as "'$bindir/pg_ctl' -D '$datadir' -m immediate -w stop" >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

run_as "'$bindir/initdb' -D '$datadir' -U postgres --pwfile='$workdir/pwfile' -A scram-sha-256 -E UTF8 --locale=C.UTF-8" >/dev/null
cat >> "$datadir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$workdir/socket'
max_connections = 200
CONF
if [ "${EXECUTIONS_PG_DURABLE:-0}" = 1 ]; then
  cat >> "$datadir/postgresql.conf" <<CONF
fsync = on
synchronous_commit = on
full_page_writes = on
CONF
  durability=durable
else
  cat >> "$datadir/postgresql.conf" <<CONF
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  durability=fast
fi
run_as "'$bindir/pg_ctl' -D '$datadir' -l '$workdir/server.log' -w -t 60 start" >/dev/null

export EXECUTIONS_PG_URL="jdbc:postgresql://127.0.0.1:$port/postgres"
export EXECUTIONS_PG_USER=postgres
export EXECUTIONS_PG_PASSWORD="$password"
export EXECUTIONS_PG_DURABILITY="$durability"
echo "with-postgres.sh: PostgreSQL on 127.0.0.1:$port, durability $durability" \
  "($(run_as "'$bindir/postgres' --version"))" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
