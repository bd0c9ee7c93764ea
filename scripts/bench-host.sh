#!/usr/bin/env bash
# Token endpoint of the example host (examples/authorization-server): throughput with the library present and
# no execution set, against the same server started with executions.enabled=false (no engine, no hooks), then
# the latency one local call target (preaccesstoken) adds, against that target's own latency.
# Settings: THREADS closed-loop clients, WARMUP s, MEASURE s per run, ROUNDS alternating A/B runs.
# Needs the built jar: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS=${THREADS:-4}; WARMUP=${WARMUP:-10}; MEASURE=${MEASURE:-20}; ROUNDS=${ROUNDS:-2}; PORT=${PORT:-9077}
JAR=examples/authorization-server/target/authorization-server.jar
AS=http://127.0.0.1:$PORT
BENCH="java scripts/host-bench/TokenBench.java"
start() {
  java -Xmx512m -jar $JAR --server.port=$PORT "$@" > /tmp/bench-host-$PORT.log 2>&1 &
  PID=$!
  until curl -sf $AS/actuator/health > /dev/null 2>&1 || curl -s -o /dev/null -w '%{http_code}' $AS/login 2>/dev/null | grep -q 200; do sleep 0.5; done
}
stop() { kill $PID; wait $PID 2>/dev/null || true; }
token() { $BENCH $AS/oauth2/token "grant_type=client_credentials&scope=api.read" demo-client:demo-secret $THREADS $WARMUP $MEASURE; }
for round in $(seq 1 $ROUNDS); do
  start --executions.enabled=false; echo "round $round without executions: $(token)"; stop
  start; echo "round $round with executions, none set: $(token)"; stop
done
start
ADMIN=$(curl -s -u admin-client:admin-secret -d grant_type=client_credentials -d 'scope=action.target.write action.execution.write' $AS/oauth2/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
T=$(curl -s -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -X POST $AS/v2beta/actions/targets \
  -d '{"name":"claims","restCall":{},"endpoint":"'$AS'/demo/hooks/claims","timeout":"5s"}' | sed -E 's/.*"id":"([^"]+)".*/\1/')
curl -s -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -X PUT $AS/v2beta/actions/executions \
  -d '{"condition":{"function":{"name":"preaccesstoken"}},"targets":[{"target":"'$T'"}]}' > /dev/null
echo "one local call target on preaccesstoken: $(token)"
echo "that target alone (POST /demo/hooks/claims): $($BENCH $AS/demo/hooks/claims '{}' '' $THREADS $WARMUP $MEASURE)"
stop
