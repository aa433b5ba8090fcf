# bin/streamer chaos [--minutes N] [--seed S] [--rate R] [--users U]: the chaos test (chaos/README.md). The generator's
# load runs against the stack while faults are injected one after another; then MySQL, a WebSocket client and every
# answer are checked against the generator's ground truth. Exit code 0 only when everything is exact.
source "$STREAMER_ROOT/bin/lib/stack.sh"

main() {
  local cp
  cp="$(module_classpath chaos)"
  ensure_built generator
  exec "$JAVA" -Xmx"${STREAMER_CHAOS_HEAP:-512m}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp" dev.streamer.chaos.ChaosCli \
    --edge-url "http://127.0.0.1:$EDGE_PORT" --edge-health "http://127.0.0.1:$EDGE_MANAGEMENT_PORT/q/health/ready" \
    --push-url "ws://127.0.0.1:$PUSH_PORT" --push-health "http://127.0.0.1:$PUSH_MANAGEMENT_PORT/q/health/ready" \
    --flink-url "$FLINK_URL" --jdbc-url "$(db_url)" --jdbc-user "$(db_user)" --jdbc-password "$(db_password)" \
    --bootstrap "$KAFKA_BOOTSTRAP" --job-name "$JOB_NAME" --root "$STREAMER_ROOT" --home "$STREAMER_HOME" "$@"
}
