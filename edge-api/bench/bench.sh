#!/usr/bin/env bash
# Benchmark: accepted POST /api/communities/{id}/posts per second vs. the no-op route of the same server, same wrk
# settings. Starts its own Kafka broker (bin/streamer kafka, free ports, state in a temporary folder), a fresh database on the local
# MariaDB (127.0.0.1:3306, root) and the built edge-api with STREAMER_BENCH=true; stops all of them at the end.
# Usage: [ROUNDS=1] edge-api/bench/bench.sh [connections=256] [seconds=20] [threads=2]
set -euo pipefail
CONNS="${1:-256}"; SECS="${2:-20}"; THREADS="${3:-2}"
HERE="$(cd "$(dirname "$0")" && pwd)"; ROOT="$(cd "$HERE/../.." && pwd)"
WORK="$(mktemp -d -t edge-bench.XXXXXX)"
JAVA="${JAVA:-java}"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
KPORT=$(free_port); CPORT=$(free_port); HPORT=$(free_port); MPORT=$(free_port)
DB="streamer_bench_$(date +%s)"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  "$ROOT/bin/streamer" kafka stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  mysql -h127.0.0.1 -P3306 -uroot -e "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true
}
trap cleanup EXIT

[[ -f "$ROOT/edge-api/target/quarkus-app/quarkus-run.jar" ]] || (cd "$ROOT/edge-api" && mvn -B -q package -DskipTests)
# the project's own broker (bin/streamer kafka), on free ports and in this run's folder; it creates the topics
export STREAMER_HOME="$WORK" STREAMER_KAFKA_PORT="$KPORT" STREAMER_KAFKA_CONTROLLER_PORT="$CPORT" STREAMER_KAFKA_HEAP=1g
"$ROOT/bin/streamer" kafka start >"$WORK/kafka-start.log" 2>&1
KAFKA_PID=$(awk '{print $1}' "$WORK/run/kafka.pid")

mkdir -p "$WORK/keys"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/jwt-private.pem" 2>/dev/null
openssl pkey -in "$WORK/keys/jwt-private.pem" -pubout -out "$WORK/keys/jwt-public.pem"
# one user sends everything: the per-user rate limits are lifted, as for any benchmark
STREAMER_BENCH=true STREAMER_RATE_LIMIT_ENABLED=false STREAMER_EDGE_PORT=$HPORT STREAMER_EDGE_MANAGEMENT_PORT=$MPORT \
STREAMER_EDGE_HOST=127.0.0.1 STREAMER_KAFKA_BOOTSTRAP="127.0.0.1:$KPORT" \
STREAMER_DB_URL="jdbc:mysql://127.0.0.1:3306/$DB?createDatabaseIfNotExist=true&sslMode=DISABLED&allowPublicKeyRetrieval=true" \
STREAMER_JWT_PRIVATE_KEY="$WORK/keys/jwt-private.pem" STREAMER_JWT_PUBLIC_KEY="$WORK/keys/jwt-public.pem" \
  "$JAVA" ${EDGE_JAVA_OPTS:--Xms512m -Xmx1g} -jar "$ROOT/edge-api/target/quarkus-app/quarkus-run.jar" >"$WORK/edge.log" 2>&1 & PIDS+=($!)
EDGE_PID=$!
BASE="http://127.0.0.1:$HPORT"
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$MPORT/q/health/ready" >/dev/null && break; sleep 0.5; done

curl -sf -XPOST "$BASE/api/auth/register" -H 'content-type: application/json' -d '{"username":"bench","password":"bench-password"}' >/dev/null
TOKEN=$(curl -sf -XPOST "$BASE/api/auth/login" -H 'content-type: application/json' -d '{"username":"bench","password":"bench-password"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -sf -XPOST "$BASE/api/communities/facebook/join" -H "Authorization: Bearer $TOKEN"
export TOKEN

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # name path
  TARGET="$2" wrk -t"$THREADS" -c"$CONNS" -d5s -s "$HERE/post.lua" "$BASE" >/dev/null   # warm-up
  echo "== $1 ($2): wrk -t$THREADS -c$CONNS -d${SECS}s"
  local e0 k0 e1 k1 hz
  hz=$(getconf CLK_TCK); e0=$(cpu_ticks "$EDGE_PID"); k0=$(cpu_ticks "$KAFKA_PID")
  TARGET="$2" wrk -t"$THREADS" -c"$CONNS" -d"${SECS}s" --latency -s "$HERE/post.lua" "$BASE" | tee "$WORK/$1.txt" | grep -E "RESULT|Non-2xx|Socket errors" || true
  e1=$(cpu_ticks "$EDGE_PID"); k1=$(cpu_ticks "$KAFKA_PID")
  python3 - "$WORK/$1.txt" $((e1 - e0)) $((k1 - k0)) "$hz" <<'PY'
import re, sys
req = int(re.search(r"RESULT requests=(\d+)", open(sys.argv[1]).read()).group(1))
edge, kafka, hz = int(sys.argv[2]) / int(sys.argv[4]), int(sys.argv[3]) / int(sys.argv[4]), 1
print(f"CPU during the run: edge-api {edge:.1f} s ({1000 * edge / req:.3f} ms/request), broker {kafka:.1f} s ({1000 * kafka / req:.3f} ms/request)")
PY
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
for round in $(seq 1 "${ROUNDS:-1}"); do
  run noop /api/bench/noop
  run posts /api/communities/facebook/posts
  python3 - "$WORK/noop.txt" "$WORK/posts.txt" "$round" <<'PY'
import re, sys
def rps(f):
    return int(re.search(r"RESULT requests=(\d+) duration_s=([\d.]+) ok_rps=(\d+)", open(f).read()).group(3))
noop, posts = rps(sys.argv[1]), rps(sys.argv[2])
print(f"round {sys.argv[3]}: ratio 2xx posts/s / 2xx no-op/s = {posts}/{noop} = {posts/noop:.2f}")
PY
done
ACKED=$(curl -sf "http://127.0.0.1:$MPORT/q/metrics" | awk '/^streamer_events_acknowledged_total/ {print $2}')
echo "events acknowledged by Kafka (incl. warm-ups): $ACKED"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
