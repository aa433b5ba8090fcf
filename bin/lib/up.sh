# bin/streamer up [--no-generator] [--no-build]: the whole stack on this machine, waited for part by part.
source "$STREAMER_ROOT/bin/lib/stack.sh"

stack_build() {
  local missing=()
  [[ -f "$(quarkus_app edge-api)" ]] || missing+=(edge-api)
  [[ -f "$(quarkus_app live-push)" ]] || missing+=(live-push)
  [[ -n "$(module_jar flink-job)" ]] || missing+=(flink-job)
  [[ -n "$(module_jar generator)" ]] || missing+=(generator)
  if ((${#missing[@]})) || newer_than "$(quarkus_app edge-api)" "$STREAMER_ROOT/contract" "$STREAMER_ROOT/edge-api/src" \
      "$STREAMER_ROOT/ui/src" "$STREAMER_ROOT/live-push/src" "$STREAMER_ROOT/flink-job/src" "$STREAMER_ROOT/models/src"; then
    info "building the stack (mvn install -DskipTests; log: $STREAMER_LOGS/build.log)"
    (cd "$STREAMER_ROOT" && "${MVN[@]}" install -DskipTests) >"$STREAMER_LOGS/build.log" 2>&1 \
      || die "the build failed; see $STREAMER_LOGS/build.log"
  fi
}

start_service() {
  local name="$1" module="$2" heap="$3" health="$4" jar log
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
  wait_for "$STACK_TIMEOUT" "$name to be ready at $health" "$name" "$log" healthy "$health"
}

running_job_id() {
  curl -sf --max-time 5 "$FLINK_URL/jobs/overview" \
    | grep -oE "\"jid\":\"[0-9a-f]+\",\"name\":\"$JOB_NAME\",[^}]*\"state\":\"(RUNNING|CREATED|INITIALIZING|RESTARTING)\"" \
    | head -n 1 | cut -d'"' -f4 || true
}

# job_running JOB_ID: the job and every one of its tasks are RUNNING.
job_running() {
  local details
  details="$(curl -sf --max-time 5 "$FLINK_URL/jobs/$1")" || return 1
  grep -q '"state":"RUNNING"' <<<"$details" && ! grep -qE '"status":"(CREATED|SCHEDULED|DEPLOYING|INITIALIZING)"' <<<"$details"
}

submit_job() {
  local job_id jar
  job_id="$(running_job_id)"
  if [[ -n "$job_id" ]]; then
    info "flink job '$JOB_NAME' already running ($job_id)"
  else
    jar="$(module_jar flink-job)"
    job_id="$(flink_submit "$jar" \
      --job-name "$JOB_NAME" \
      --bootstrap "$KAFKA_BOOTSTRAP" \
      --jdbc-url "$(db_url)" --jdbc-user "$(db_user)" --jdbc-password "$(db_password)" \
      --checkpoint-dir "file://$FLINK_DIR/checkpoints" --djl-cache-dir "$STREAMER_HOME/djl-cache" | tail -n 1)"
  fi
  wait_for "$STACK_TIMEOUT" "flink job $job_id to be RUNNING" flink-jobmanager "$STREAMER_LOGS/flink-jobmanager.log" job_running "$job_id"
  echo "$job_id" > "$STREAMER_RUN/flink-job.id"
}

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

main() {
  local generator=1 build=1 started=$SECONDS
  for arg in "$@"; do
    case "$arg" in
      --no-generator) generator=0 ;;
      --no-build) build=0 ;;
      *) die "usage: bin/streamer up [--no-generator] [--no-build]" ;;
    esac
  done
  ((build)) && stack_build
  local ready_from=$SECONDS
  ensure_jwt_keys
  kafka_start
  db_start
  flink_start
  submit_job
  start_service edge-api edge-api "$EDGE_HEAP" "http://127.0.0.1:$EDGE_MANAGEMENT_PORT/q/health/ready"
  start_service live-push live-push "$PUSH_HEAP" "http://127.0.0.1:$PUSH_MANAGEMENT_PORT/q/health/ready"
  ((generator)) && start_generator
  info "stack ready in $((SECONDS - ready_from)) s (total $((SECONDS - started)) s with the build)"
  echo
  echo "  Dashboard:   http://127.0.0.1:$EDGE_PORT/"
  echo "  Swagger UI:  http://127.0.0.1:$EDGE_MANAGEMENT_PORT/q/swagger-ui"
  echo "  Flink UI:    $FLINK_URL/"
  echo "  Live push:   ws://127.0.0.1:$PUSH_PORT/ws/communities/{id}"
  echo
  echo "  bin/streamer status | bin/streamer logs PART | bin/streamer down"
  if [[ -z "${CI:-}" && -n "${DISPLAY:-}" ]] && command -v xdg-open >/dev/null; then
    xdg-open "http://127.0.0.1:$EDGE_PORT/" >/dev/null 2>&1 || true
  fi
}
