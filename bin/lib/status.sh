# bin/streamer status: one line per part of the stack.
source "$STREAMER_ROOT/bin/lib/stack.sh"

main() {
  local part pid state
  printf '%-18s %-5s %-8s %-6s %s\n' PART STATE PID PORT URL
  for part in "${STACK_PARTS[@]}"; do
    pid="$(part_pid "$part")"
    state=down
    [[ -n "$pid" ]] && state=up
    [[ "$part" == db && -n "${STREAMER_DB_URL:-}" ]] && state=extern
    printf '%-18s %-5s %-8s %-6s %s\n' "$part" "$state" "${pid:--}" "$(part_port "$part")" "$(part_url "$part")"
  done
  if [[ -f "$STREAMER_RUN/flink-job.id" ]]; then
    local id
    id="$(cat "$STREAMER_RUN/flink-job.id")"
    printf '%-18s %s\n' "flink-job" "$id $(curl -sf --max-time 3 "$FLINK_URL/jobs/$id" | grep -oE '"state":"[A-Z]+"' | head -n 1 || echo unreachable)"
  fi
}
