# The whole local stack: what `bin/streamer up|down|status|logs|supervisor` share. Sourced by their files.

source "$STREAMER_ROOT/bin/lib/flink.sh"   # and kafka.sh, db.sh

EDGE_PORT="${STREAMER_EDGE_PORT:-8080}"
PUSH_PORT="${STREAMER_PUSH_PORT:-8090}"
# /q/health, /q/metrics, /q/openapi, /q/swagger-ui: each service's management interface, not its public port
EDGE_MANAGEMENT_PORT="${STREAMER_EDGE_MANAGEMENT_PORT:-9000}"
PUSH_MANAGEMENT_PORT="${STREAMER_PUSH_MANAGEMENT_PORT:-9001}"
EDGE_HEAP="${STREAMER_EDGE_HEAP:-384m}"
PUSH_HEAP="${STREAMER_PUSH_HEAP:-256m}"
GENERATOR_HEAP="${STREAMER_GENERATOR_HEAP:-192m}"
STACK_TIMEOUT="${STREAMER_STACK_TIMEOUT:-120}"

# Parts in start order; `down` stops them in reverse. The supervisor restarts any of them that dies.
STACK_PARTS=(kafka db flink-jobmanager flink-taskmanager edge-api live-push generator supervisor)

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
  # edge-api's pipeline health view reads Flink's REST API and live-push's Prometheus endpoint
  echo "STREAMER_HEALTH_FLINK_URL=$FLINK_URL"
  echo "STREAMER_HEALTH_LIVE_PUSH_METRICS_URL=http://127.0.0.1:$PUSH_MANAGEMENT_PORT/q/metrics"
}

quarkus_app() { echo "$STREAMER_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

healthy() { curl -sf --max-time 3 "$1" >/dev/null; }

# launch_service NAME MODULE HEAP: starts a Quarkus service unless it runs; wait_service NAME HEALTH_URL waits for it.
launch_service() {
  local name="$1" module="$2" heap="$3" jar log
  jar="$(quarkus_app "$module")"
  log="$(part_log "$name")"
  if is_running "$name"; then
    info "$name already running (pid $(part_pid "$name"))"
  else
    require_free_port "$(part_port "$name")" "$name"
    info "starting $name (log: $log)"
    start_part "$name" "$log" "streamer.part=$name" \
      env $(service_env) "$JAVA" -Dstreamer.part="$name" -Xms64m -Xmx"$heap" -XX:+UseSerialGC -jar "$jar"
  fi
}

wait_service() {
  wait_for "$STACK_TIMEOUT" "$1 to be ready at $2" "$1" "$(part_log "$1")" healthy "$2"
}

launch_edge_api() { launch_service edge-api edge-api "$EDGE_HEAP"; }
wait_edge_api() { wait_service edge-api "http://127.0.0.1:$EDGE_MANAGEMENT_PORT/q/health/ready"; }
launch_live_push() { launch_service live-push live-push "$PUSH_HEAP"; }
wait_live_push() { wait_service live-push "http://127.0.0.1:$PUSH_MANAGEMENT_PORT/q/health/ready"; }
start_edge_api() { launch_edge_api; wait_edge_api; }
start_live_push() { launch_live_push; wait_live_push; }

start_generator() {
  local log
  log="$(part_log generator)"
  if is_running generator; then
    info "generator already running (pid $(part_pid generator))"
    return
  fi
  info "starting the generator in demo mode (log: $log, report: $STREAMER_HOME/generator-report.json)"
  start_part generator "$log" "streamer.part=generator" \
    "$JAVA" -Dstreamer.part=generator -Xmx"$GENERATOR_HEAP" -cp "$(module_classpath generator)" \
    dev.streamer.generator.GeneratorCli demo --base-url "http://127.0.0.1:$EDGE_PORT" \
    --report "$STREAMER_HOME/generator-report.json"
  sleep 2
  is_running generator || { tail -n 20 "$log" >&2; die "the generator exited; see $log"; }
}
