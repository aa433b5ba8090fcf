# bin/streamer status: one line per part of the stack (with the supervisor's restarts of it), then the Flink job:
# its state, Flink's restarts of it, its last completed checkpoint and the state it was resumed from.
# Exit status: 0 when the job and all its tasks are RUNNING; 3 when the stack is down (no job wanted); 4, with an
# error on stderr, when the job should run and does not (failing, restarting, gone).
source "$STREAMER_ROOT/bin/lib/stack.sh"
source "$STREAMER_ROOT/bin/lib/supervisor.sh"

main() {
  local part pid state restarts
  require_jq
  printf '%-18s %-5s %-8s %-6s %-8s %s\n' PART STATE PID PORT RESTARTS URL
  for part in "${STACK_PARTS[@]}"; do
    pid="$(part_pid "$part")"
    state=down
    if [[ -n "$pid" ]]; then
      state=up
    elif [[ -f "$(pid_file "$part")" ]]; then
      state=dead   # its PID file is there, its process is not: the supervisor restarts it
      pid="$(cut -d' ' -f1 "$(pid_file "$part")")"
    fi
    [[ "$part" == db && -n "${STREAMER_DB_URL:-}" ]] && state=extern
    restarts=-
    [[ "$part" != supervisor ]] && restarts="$(supervisor_restarts "$part")"
    printf '%-18s %-5s %-8s %-6s %-8s %s\n' "$part" "$state" "${pid:--}" "$(part_port "$part")" "$restarts" "$(part_url "$part")"
  done
  job_status_line
}

# job_status_line: prints the job's line; returns 0 (RUNNING), 3 (no job wanted and none running) or 4 (not RUNNING).
job_status_line() {
  local id="" details checkpoints state tasks restarts age last restored parallelism
  if flink_overview >/dev/null 2>&1; then
    id="$(job_active 2>/dev/null || true)"
  fi
  [[ -z "$id" && -f "$JOB_ID_FILE" ]] && id="$(cat "$JOB_ID_FILE")"
  if [[ -z "$id" ]]; then
    printf '%-18s %s\n' flink-job "state=NONE (no job wanted: bin/streamer up or bin/streamer flink resume)"
    echo "streamer: the Flink job is not running (the stack is down)" >&2
    return 3
  fi
  details="$(flink_get "/jobs/$id" 2>/dev/null || true)"
  state="$(jq -r '.state // empty' <<<"$details" 2>/dev/null)"
  if [[ -z "$state" ]]; then
    printf '%-18s state=UNKNOWN id=%s (%s)\n' flink-job "$id" "$(flink_overview >/dev/null 2>&1 && echo "not on the cluster" || echo "Flink unreachable")"
    echo "streamer: error: the Flink job is NOT RUNNING: job $id is $(flink_overview >/dev/null 2>&1 && echo "not on the cluster" || echo "unknown, Flink does not answer at $FLINK_URL")" >&2
    return 4
  fi
  tasks="$(jq -r '."status-counts" | to_entries | map(select(.value > 0) | "\(.value) \(.key)") | join(", ")' <<<"$details")"
  parallelism="$(jq -r '[.vertices[].parallelism] | max' <<<"$details")"
  restarts="$(flink_get "/jobs/$id/metrics?get=numRestarts" 2>/dev/null | jq -r '.[0].value // "?"' 2>/dev/null || echo '?')"
  checkpoints="$(flink_get "/jobs/$id/checkpoints" 2>/dev/null || echo '{}')"
  last="$(jq -r '.latest.completed.id // empty' <<<"$checkpoints" 2>/dev/null)"
  age=none
  [[ -n "$last" ]] && age="$(( ($(date +%s%3N) - $(jq -r '.latest.completed.latest_ack_timestamp' <<<"$checkpoints")) / 1000 ))s"
  restored="$(jq -r '.latest.restored.external_path // "none"' <<<"$checkpoints" 2>/dev/null | sed -E 's#^file:(//)?##')"
  printf '%-18s state=%s id=%s parallelism=%s tasks=[%s] restarts=%s last-checkpoint=%s%s restored-from=%s\n' \
    flink-job "$state" "$id" "$parallelism" "$tasks" "$restarts" "$age" "${last:+ (#$last)}" "${restored:-none}"
  # one reading of the job: its state and its tasks' states from the same answer
  if ! jq -e '.state == "RUNNING" and ([.vertices[].status] | all(. == "RUNNING"))' <<<"$details" >/dev/null; then
    echo "streamer: error: the Flink job is NOT RUNNING: $state, tasks: $tasks; last failure: $(job_root_cause "$id")" >&2
    return 4
  fi
  return 0
}
