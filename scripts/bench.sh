#!/usr/bin/env bash
# Builds the project and runs every benchmark of execution-benchmarks with its same-run baseline,
# then writes the tables of BENCHMARKS.md to $OUT/summary.md.
#
#   scripts/bench.sh                       # everything, about 45 minutes on 2 cores
#   QUICK=1 scripts/bench.sh               # a short pass to check that all runs (numbers not for quoting)
#   SUITES="resolution writes" scripts/bench.sh
#
# Settings (environment):
#   SUITES         resolution after-write writes checks replay memory (default: all)
#   JMH_OPTS       default "-f 1 -wi 3 -i 5 -w 1s -r 1s" (replay uses REPLAY_OPTS)
#   REPLAY_OPTS    default "-f 1 -wi 1 -i 3"; REPLAY_EVENTS default 1000000
#   EXECUTIONS_PG_URL / _USER / _PASSWORD   adds store=postgresql to the write benchmark
#   BENCH_PG=1     starts a private PostgreSQL 15 cluster for that (port BENCH_PG_PORT, default 54339, under
#                  a temporary folder), sets the three variables, and stops it at exit
#   PEER=<dir>     a results/run-* folder of shared/bench/zitadel-sql, for the ratio against ZITADEL's SQL
#   OUT            default bench-results/run-<UTC time>
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SUITES="${SUITES:-resolution after-write writes checks replay memory}"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 3 -i 5 -w 1s -r 1s}"
REPLAY_OPTS="${REPLAY_OPTS:--f 1 -wi 1 -i 3}"
REPLAY_EVENTS="${REPLAY_EVENTS:-1000000}"
OUT="${OUT:-bench-results/run-$(date -u +%Y%m%dT%H%M%SZ)}"
RESOLUTION_PARAMS=()
if [ "${QUICK:-0}" = 1 ]; then
  JMH_OPTS="-f 1 -wi 1 -i 1 -w 300ms -r 300ms"
  REPLAY_OPTS="-f 1 -wi 0 -i 1"
  REPLAY_EVENTS=50000
  RESOLUTION_PARAMS=(-p shape=1x1000,1x100000 -p category=METHOD,MISS)
fi
mkdir -p "$OUT"
log() { printf '[bench.sh] %s\n' "$*" >&2; }

PG_STARTED=""
cleanup() {
  if [ -n "$PG_STARTED" ]; then
    log "stopping the PostgreSQL cluster this script started"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_STARTED/data" -m fast -w stop >/dev/null || true
    rm -rf "$PG_STARTED"
  fi
}
trap cleanup EXIT
if [ "${BENCH_PG:-0}" = 1 ] && [ -z "${EXECUTIONS_PG_URL:-}" ]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PG_PORT="${BENCH_PG_PORT:-54339}"
  PG_DIR="$(mktemp -d /tmp/executions-bench-pg.XXXXXX)"
  chown postgres "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PG_DIR" start >/dev/null
  PG_STARTED="$PG_DIR"
  export EXECUTIONS_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres" EXECUTIONS_PG_USER=postgres EXECUTIONS_PG_PASSWORD=""
  log "started PostgreSQL on 127.0.0.1:$PG_PORT"
fi
STORES="memory,h2"
[ -n "${EXECUTIONS_PG_URL:-}" ] && STORES="$STORES,postgresql"

log "building (mvn install, tests skipped)"
mvn -q -o install -DskipTests 2>/dev/null || mvn -q install -DskipTests
JAR="$ROOT/execution-benchmarks/target/benchmarks.jar"

{
  echo "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), nproc $(nproc)"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "jdk:    $(java -version 2>&1 | head -1)"
  echo "jmh:    $JMH_OPTS; replay $REPLAY_OPTS, $REPLAY_EVENTS events; stores $STORES"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

jmh() { # name, regex, options...
  local name="$1" regex="$2"; shift 2
  log "$name"
  java -jar "$JAR" "$regex" "$@" -rf json -rff "$OUT/$name.json" > "$OUT/$name.log" 2>&1 \
    || { log "$name failed, see $OUT/$name.log"; tail -20 "$OUT/$name.log" >&2; return 1; }
}
for suite in $SUITES; do
  case "$suite" in
    resolution)  jmh resolution '\.ResolutionBenchmark\.' $JMH_OPTS "${RESOLUTION_PARAMS[@]}" ;;
    after-write) jmh after-write '\.ResolutionAfterWriteBenchmark\.' $JMH_OPTS "${RESOLUTION_PARAMS[@]}" ;;
    writes)      jmh writes '\.WriteBenchmark\.' $JMH_OPTS -p store="$STORES" ;;
    checks)      jmh checks '\.CheckCostBenchmark\.' $JMH_OPTS ;;
    replay)      export BENCH_CACHE="${BENCH_CACHE:-$ROOT/execution-benchmarks/target/bench-cache}"
                 jmh replay-memory '\.ReplayBenchmark\.' $REPLAY_OPTS -p store=memory -p events="$REPLAY_EVENTS"
                 # the comparison of verifyAgainstReplay is store-independent: measured on memory only
                 jmh replay-h2 '\.ReplayBenchmark\.(rebuildReadModels|readAndDeserialize)' $REPLAY_OPTS \
                     -p store=h2 -p events="$REPLAY_EVENTS" ;;
    memory)      log memory
                 java -Xms4g -Xmx4g -cp "$JAR" io.executions.benchmarks.MemoryFootprint 100000 > "$OUT/memory.json" ;;
    *) log "unknown suite $suite"; exit 2 ;;
  esac
done

java -cp "$JAR" io.executions.benchmarks.Report "$OUT" ${PEER:+"$PEER"} > "$OUT/summary.md"
log "results in $OUT (summary.md)"
cat "$OUT/summary.md"
