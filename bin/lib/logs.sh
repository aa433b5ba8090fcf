# bin/streamer logs PART [-n LINES]: follows a part's log (PART: kafka db flink-jobmanager flink-taskmanager
# edge-api live-push generator).
source "$STREAMER_ROOT/bin/lib/stack.sh"

main() {
  local part="${1:-}" lines=100
  [[ -n "$part" ]] || die "usage: bin/streamer logs PART  (one of: ${STACK_PARTS[*]})"
  [[ "$part" == flink ]] && part=flink-jobmanager
  [[ " ${STACK_PARTS[*]} " == *" $part "* ]] || die "unknown part '$part' (one of: ${STACK_PARTS[*]})"
  [[ "${2:-}" == "-n" && -n "${3:-}" ]] && lines="$3"
  local log
  log="$(part_log "$part")"
  [[ -f "$log" ]] || die "no log yet for $part ($log)"
  if [[ -t 1 ]]; then exec tail -n "$lines" -F "$log"; else exec tail -n "$lines" "$log"; fi
}
