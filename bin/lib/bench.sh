# bin/streamer bench [--stages freshness,ingest,job,emotion] [OPTIONS]: Streamer measured side by side in one run
# (bench/README.md). Starts the stack when none runs and stops it after; report under .streamer/bench/.
source "$STREAMER_ROOT/bin/lib/stack.sh"

# job_bench_classpath: flink-job's test classes (JobBenchmark) with their test-scope dependencies, compiled when missing.
job_bench_classpath() {
  local dir="$STREAMER_ROOT/flink-job" out="$STREAMER_ROOT/flink-job/target/test-classpath.txt"
  ensure_built flink-job
  if [[ ! -f "$dir/target/test-classes/dev/streamer/flink/bench/JobBenchmark.class" ]] || newer_than "$out" "$dir/src/test"; then
    info "compiling flink-job's benchmark (log: $STREAMER_LOGS/build-flink-job-tests.log)" >&2
    (cd "$STREAMER_ROOT" && "${MVN[@]}" -pl flink-job test-compile) >"$STREAMER_LOGS/build-flink-job-tests.log" 2>&1 \
      || die "compiling flink-job's tests failed; see $STREAMER_LOGS/build-flink-job-tests.log"
  fi
  if newer_than "$out" "$dir/pom.xml" "$STREAMER_ROOT/pom.xml"; then
    (cd "$dir" && "${MVN[@]}" dependency:build-classpath -Dmdep.outputFile="$out" -Dmdep.includeScope=test) \
      >"$STREAMER_LOGS/classpath-flink-job-tests.log" 2>&1 \
      || die "could not resolve flink-job's test classpath; see $STREAMER_LOGS/classpath-flink-job-tests.log"
  fi
  echo "$dir/target/test-classes:$dir/target/classes:$(cat "$out")"
}

# wants_stage STAGE ARGS...: STAGE is among --stages (or --stages is not given: every stage runs).
wants_stage() {
  local stage="$1" prev="" arg
  shift
  for arg in "$@"; do
    case "$arg" in
      --stages=*) [[ ",${arg#--stages=}," == *",$stage,"* ]]; return ;;
    esac
    if [[ "$prev" == --stages ]]; then
      [[ ",$arg," == *",$stage,"* ]]
      return
    fi
    prev="$arg"
  done
  return 0
}

main() {
  local cp job_cp=""
  cp="$(module_classpath bench)"
  ensure_built generator
  # flink-job's test classes are compiled only for the job stage
  if wants_stage job "$@"; then job_cp="$(job_bench_classpath)"; fi
  # Java's HTTP client hands every sendAsync response to CompletableFuture's default pool: ForkJoinPool's common pool,
  # or a new thread per task when that pool's parallelism is 1 (CPUs - 1 on a 2-CPU machine). The ingest stage's
  # client then started a thread per request and was the bottleneck (about 3,000 requests/s instead of 8,000-9,000).
  local pool=$(( $(nproc) > 3 ? $(nproc) - 1 : 2 ))
  exec "$JAVA" -Xmx"${STREAMER_BENCH_HEAP:-768m}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Djava.util.concurrent.ForkJoinPool.common.parallelism="$pool" \
    -cp "$cp" dev.streamer.bench.BenchCli \
    --edge-url "http://127.0.0.1:$EDGE_PORT" --edge-health "http://127.0.0.1:$EDGE_MANAGEMENT_PORT/q/health/ready" \
    --push-url "ws://127.0.0.1:$PUSH_PORT" --push-health "http://127.0.0.1:$PUSH_MANAGEMENT_PORT/q/health/ready" \
    --flink-url "$FLINK_URL" --jdbc-url "$(db_url)" --jdbc-user "$(db_user)" --jdbc-password "$(db_password)" \
    --bootstrap "$KAFKA_BOOTSTRAP" --job-name "$JOB_NAME" --root "$STREAMER_ROOT" --home "$STREAMER_HOME" \
    --edge-jar "$(quarkus_app edge-api)" --jwt-private-key "$JWT_PRIVATE_KEY" --jwt-public-key "$JWT_PUBLIC_KEY" \
    --job-classpath "$job_cp" "$@"
}
