# bin/streamer supervisor start|stop|status — restarts every part of the stack that died, as Kubernetes replaces a
# pod: once a second it looks at every part whose PID file exists (a part stopped on purpose has none) and whose
# process is gone, and starts it again with the command that started it; when the JobManager came back, or the
# Flink job is gone while run/flink-job.id says it should run, it resumes the job from its newest state. A part that
# keeps dying is restarted after 2, 4, 8 … 60 s. `up` starts it last, `down` stops it first.
# Log: .streamer/logs/supervisor.log; restarts per part: .streamer/run/supervisor/PART.restarts.
source "$STREAMER_ROOT/bin/lib/stack.sh"

SUPERVISOR_LOG="$STREAMER_LOGS/supervisor.log"
SUPERVISOR_STATE="$STREAMER_RUN/supervisor"
SUPERVISED_PARTS=(kafka db flink-jobmanager flink-taskmanager edge-api live-push generator)
# a part that dies again within this many seconds of its restart is restarted after a growing pause
SUPERVISOR_CALM_SECONDS="${STREAMER_SUPERVISOR_CALM_SECONDS:-60}"
SUPERVISOR_MAX_BACKOFF="${STREAMER_SUPERVISOR_MAX_BACKOFF:-60}"

supervisor_start() {
  if is_running supervisor; then
    info "supervisor already running (pid $(part_pid supervisor))"
    return 0
  fi
  rm -rf "$SUPERVISOR_STATE"
  mkdir -p "$SUPERVISOR_STATE"
  info "starting the supervisor (log: $SUPERVISOR_LOG)"
  start_part supervisor "$SUPERVISOR_LOG" "streamer.part=supervisor" \
    "$STREAMER_ROOT/bin/streamer" supervisor run streamer.part=supervisor
  sleep 0.3
  is_running supervisor || { tail -n 20 "$SUPERVISOR_LOG" >&2; die "the supervisor exited; see $SUPERVISOR_LOG"; }
}

supervisor_stop() { stop_part supervisor 15; }

# supervisor_restarts PART: how often the running supervisor restarted PART (flink-job: resubmissions of the job).
supervisor_restarts() { cat "$SUPERVISOR_STATE/$1.restarts" 2>/dev/null || echo 0; }

supervisor_status() {
  local part
  if ! is_running supervisor; then
    echo "supervisor: down"
    return 3
  fi
  echo "supervisor: up (pid $(part_pid supervisor)) log=$SUPERVISOR_LOG"
  for part in "${SUPERVISED_PARTS[@]}" flink-job; do
    echo "  $part restarts=$(supervisor_restarts "$part")"
  done
}

# ---- the loop (bin/streamer supervisor run, started by supervisor_start) ------------------------------------------

stamp() { local line; while IFS= read -r line; do echo "$(date '+%F %T') [$1] $line"; done; }
say() { echo "$(date '+%F %T') $*"; }

# the two Flink JVMs and the job are restarted as one unit: a TaskManager and a JobManager restart must not race
part_group() {
  case "$1" in
    flink-jobmanager|flink-taskmanager|flink-job) echo flink ;;
    *) echo "$1" ;;
  esac
}

count_restart() {
  local f="$SUPERVISOR_STATE/$1.restarts"
  echo $(($(cat "$f" 2>/dev/null || echo 0) + 1)) > "$f"
}

# restart_group GROUP PARTS...: runs in a subshell of its own; the start functions wait for readiness and die on failure.
restart_group() {
  local group="$1"; shift
  set -e
  case "$group" in
    kafka) kafka_start ;;
    db) db_start ;;
    edge-api) start_edge_api ;;
    live-push) start_live_push ;;
    generator) start_generator ;;
    flink)
      if [[ " $* " == *" flink-jobmanager "* ]] && is_running flink-taskmanager; then
        # without HA services the job died with its JobManager, and the job cannot run again in the old
        # TaskManager (job_fresh_taskmanager); a fresh one starts alongside the new JobManager
        info "restarting the TaskManager with the JobManager"
        kill_part flink-taskmanager
      fi
      flink_start
      if [[ -f "$JOB_ID_FILE" ]]; then
        job_ensure "$(cat "$JOB_PARALLELISM_FILE" 2>/dev/null || echo "$FLINK_PARALLELISM")" 0
      fi
      ;;
    *) die "no way to restart $group" ;;
  esac
}

# job_missing: the JobManager answers, the job should run (run/flink-job.id), and no Streamer job is running or
# restarting there (the cluster lost it, or it ended FAILED/CANCELED).
job_missing() {
  local active
  [[ -f "$JOB_ID_FILE" ]] && is_running flink-jobmanager || return 1
  active="$(job_active 2>/dev/null)" || return 1
  [[ -z "$active" ]] || return 1
  # a life-cycle command (resume, savepoint, down) holds the lock while the job is briefly gone
  (exec 8>"$JOB_LOCK"; flock -n 8) || return 1
}

supervisor_run() {
  set +e
  require_jq
  mkdir -p "$SUPERVISOR_STATE"
  declare -A busy=() pending=() pending_parts=() started_at=() last=() streak=()
  local part group now pid delay tick=0 parts g rc
  # the parts run in sessions of their own (start_part); the process group holds only this loop and its restarts
  trap 'say "supervisor stopping"; trap - TERM INT; kill -TERM 0' TERM INT
  say "supervisor started (pid $$): watching ${SUPERVISED_PARTS[*]} and the Flink job"
  while true; do
    now=$SECONDS
    for g in "${!busy[@]}"; do
      if ! kill -0 "${busy[$g]}" 2>/dev/null; then
        rc="$(cat "$SUPERVISOR_STATE/$g.rc" 2>/dev/null || echo '?')"
        if [[ "$rc" == 0 ]]; then say "$g: restarted in $((now - started_at[$g])) s"; else say "$g: restart FAILED (exit $rc)"; fi
        unset "busy[$g]"
      fi
    done
    for part in "${SUPERVISED_PARTS[@]}"; do
      [[ -f "$(pid_file "$part")" ]] || continue
      is_running "$part" && continue
      group="$(part_group "$part")"
      [[ -n "${busy[$group]:-}" ]] && continue
      [[ " ${pending_parts[$group]:-} " == *" $part "* ]] && continue
      pending_parts[$group]="${pending_parts[$group]:-} $part"
      # back-off per part: a part that dies again within SUPERVISOR_CALM_SECONDS of its restart waits 2, 4 … s
      if [[ -n "${last[$part]:-}" ]] && ((now - last[$part] < SUPERVISOR_CALM_SECONDS)); then
        streak[$part]=$((${streak[$part]:-0} + 1))
      else
        streak[$part]=0
      fi
      delay=0
      ((streak[$part] > 0)) && delay=$((1 << streak[$part]))
      ((delay > SUPERVISOR_MAX_BACKOFF)) && delay=$SUPERVISOR_MAX_BACKOFF
      last[$part]=$((now + delay))
      ((${pending[$group]:-0} >= now + delay)) || pending[$group]=$((now + delay))
      if ((delay > 0)); then
        say "$part: process $(cut -d' ' -f1 "$(pid_file "$part")" 2>/dev/null) is gone again; restarting it in $delay s (crash ${streak[$part]} in a row)"
      else
        say "$part: process $(cut -d' ' -f1 "$(pid_file "$part")" 2>/dev/null) is gone; restarting it"
      fi
    done
    # the job: every 2 s, when nothing of the flink group is being restarted
    if ((tick % 2 == 0)) && [[ -z "${busy[flink]:-}" && -z "${pending[flink]:-}" ]] && job_missing; then
      pending[flink]=$now
      pending_parts[flink]=" flink-job"
      say "flink-job: no Streamer job runs on the cluster although $JOB_ID_FILE says it should; resuming it"
    fi
    for group in "${!pending[@]}"; do
      ((now >= pending[$group])) || continue
      parts="${pending_parts[$group]}"
      unset "pending[$group]" "pending_parts[$group]"
      started_at[$group]=$now
      for part in $parts; do count_restart "$part"; done
      rm -f "$SUPERVISOR_STATE/$group.rc"
      # shellcheck disable=SC2086 # the parts are words
      ( (restart_group "$group" $parts) 2>&1; echo "$?" > "$SUPERVISOR_STATE/$group.rc" ) 9>&- | stamp "$group" &
      busy[$group]=$!
    done
    tick=$((tick + 1))
    sleep 1
  done
}

supervisor_main() {
  case "${1:-}" in
    start) supervisor_start ;;
    stop) supervisor_stop ;;
    status) supervisor_status ;;
    run) supervisor_run ;;
    *) die "usage: bin/streamer supervisor start|stop|status" ;;
  esac
}
