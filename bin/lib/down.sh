# bin/streamer down: stops every part `up` started and nothing else: the supervisor first (so nothing is restarted),
# the Flink job with a savepoint (recorded in .streamer/flink/last-savepoint; on failure it is cancelled and its
# retained checkpoint stays), then the other parts in reverse start order.
source "$STREAMER_ROOT/bin/lib/stack.sh"
source "$STREAMER_ROOT/bin/lib/supervisor.sh"

main() {
  local started=$SECONDS
  supervisor_stop
  stop_part generator 20
  if is_running flink-jobmanager && flink_overview >/dev/null 2>&1; then
    require_jq
    job_lock
    job_stop
    job_unlock
  fi
  stop_part live-push 30
  stop_part edge-api 30
  flink_stop
  db_stop
  stop_part kafka 30
  info "stack down in $((SECONDS - started)) s"
}
