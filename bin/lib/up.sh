# bin/streamer up [--no-generator] [--no-build] [--parallelism N]: the whole stack on this machine, waited for part by
# part; the Flink job resumes from its newest state; the supervisor starts last.
source "$STREAMER_ROOT/bin/lib/stack.sh"
source "$STREAMER_ROOT/bin/lib/supervisor.sh"

stack_build() {
  local missing=()
  [[ -f "$(quarkus_app edge-api)" ]] || missing+=(edge-api)
  [[ -f "$(quarkus_app live-push)" ]] || missing+=(live-push)
  [[ -n "$(module_jar flink-job)" ]] || missing+=(flink-job)
  [[ -n "$(module_jar generator)" ]] || missing+=(generator)
  if ((${#missing[@]})) || newer_than "$(quarkus_app edge-api)" "$STREAMER_ROOT/contract" "$STREAMER_ROOT/edge-api/src" \
      "$STREAMER_ROOT/ui/src" "$STREAMER_ROOT/live-push/src" "$STREAMER_ROOT/flink-job/src" "$STREAMER_ROOT/models/inference/src"; then
    info "building the stack (mvn install -DskipTests; log: $STREAMER_LOGS/build.log)"
    (cd "$STREAMER_ROOT" && "${MVN[@]}" install -DskipTests) >"$STREAMER_LOGS/build.log" 2>&1 \
      || die "the build failed; see $STREAMER_LOGS/build.log"
  fi
}

main() {
  local generator=1 build=1 started=$SECONDS parallelism="$FLINK_PARALLELISM" explicit=0
  while (($#)); do
    case "$1" in
      --no-generator) generator=0; shift ;;
      --no-build) build=0; shift ;;
      --parallelism) (($# >= 2)) || die "--parallelism needs a number"; parallelism="$2"; explicit=1; shift 2 ;;
      *) die "usage: bin/streamer up [--no-generator] [--no-build] [--parallelism N]" ;;
    esac
  done
  [[ "$parallelism" =~ ^[1-9][0-9]*$ ]] || die "--parallelism must be a positive number"
  require_jq
  ((build)) && stack_build
  local ready_from=$SECONDS
  ensure_jwt_keys
  kafka_start
  db_start
  # edge-api and live-push need Kafka and MySQL only: they start while Flink and the job do
  launch_edge_api
  launch_live_push
  flink_start
  job_ensure "$parallelism" "$explicit"
  wait_edge_api
  wait_live_push
  ((generator)) && start_generator
  supervisor_start
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
