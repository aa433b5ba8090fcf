# bin/streamer down: stops every part `up` started, in reverse order, and nothing else.
source "$STREAMER_ROOT/bin/lib/stack.sh"

main() {
  stop_part generator 20
  stop_part live-push 30
  stop_part edge-api 30
  flink_stop
  rm -f "$STREAMER_RUN/flink-job.id"
  db_stop
  stop_part kafka 30
}
