# The whole local stack: what `bin/streamer up|down|status|logs` share. Sourced by up.sh, down.sh, status.sh, logs.sh.

source "$STREAMER_ROOT/bin/lib/kafka.sh"; kafka_main() { main "$@"; }
source "$STREAMER_ROOT/bin/lib/db.sh"; db_main() { main "$@"; }
source "$STREAMER_ROOT/bin/lib/flink.sh"; flink_main() { main "$@"; }
unset -f main

EDGE_PORT="${STREAMER_EDGE_PORT:-8080}"
PUSH_PORT="${STREAMER_PUSH_PORT:-8090}"
# /q/health, /q/metrics, /q/openapi, /q/swagger-ui: each service's management interface, not its public port
EDGE_MANAGEMENT_PORT="${STREAMER_EDGE_MANAGEMENT_PORT:-9000}"
PUSH_MANAGEMENT_PORT="${STREAMER_PUSH_MANAGEMENT_PORT:-9001}"
EDGE_HEAP="${STREAMER_EDGE_HEAP:-384m}"
PUSH_HEAP="${STREAMER_PUSH_HEAP:-256m}"
GENERATOR_HEAP="${STREAMER_GENERATOR_HEAP:-192m}"
JOB_NAME="${STREAMER_JOB_NAME:-streamer}"
STACK_TIMEOUT="${STREAMER_STACK_TIMEOUT:-120}"

# Parts in start order; `down` stops them in reverse.
STACK_PARTS=(kafka db flink-jobmanager flink-taskmanager edge-api live-push generator)

part_log() {
  case "$1" in
    db) echo "$STREAMER_LOGS/mariadb.log" ;;
    *) echo "$STREAMER_LOGS/$1.log" ;;
  esac
}

part_port() {
  case "$1" in
    kafka) echo "$KAFKA_PORT" ;;
    db) [[ -n "${STREAMER_DB_URL:-}" ]] && echo "-" || echo "$DB_PORT" ;;
    flink-jobmanager) echo "$FLINK_PORT" ;;
    edge-api) echo "$EDGE_PORT" ;;
    live-push) echo "$PUSH_PORT" ;;
    *) echo "-" ;;
  esac
}

part_url() {
  case "$1" in
    kafka) echo "$KAFKA_BOOTSTRAP" ;;
    db) db_url | sed 's/?.*//' ;;
    flink-jobmanager) echo "$FLINK_URL" ;;
    edge-api) echo "http://127.0.0.1:$EDGE_PORT/" ;;
    live-push) echo "ws://127.0.0.1:$PUSH_PORT/ws/communities/{id}" ;;
    *) echo "-" ;;
  esac
}

# Environment every Streamer service reads (see each module's README).
service_env() {
  echo "STREAMER_KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP"
  echo "STREAMER_DB_URL=$(db_url)"
  echo "STREAMER_DB_USER=$(db_user)"
  echo "STREAMER_DB_PASSWORD=$(db_password)"
  echo "STREAMER_JWT_PRIVATE_KEY=$JWT_PRIVATE_KEY"
  echo "STREAMER_JWT_PUBLIC_KEY=$JWT_PUBLIC_KEY"
  echo "STREAMER_EDGE_PORT=$EDGE_PORT"
  echo "STREAMER_PUSH_PORT=$PUSH_PORT"
  echo "STREAMER_EDGE_MANAGEMENT_PORT=$EDGE_MANAGEMENT_PORT"
  echo "STREAMER_PUSH_MANAGEMENT_PORT=$PUSH_MANAGEMENT_PORT"
}

quarkus_app() { echo "$STREAMER_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

healthy() { curl -sf --max-time 3 "$1" >/dev/null; }
