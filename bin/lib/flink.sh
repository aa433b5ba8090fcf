# bin/streamer flink start|stop|status|submit|savepoint|resume — a local Flink 2.0 session cluster (one JobManager and
# one TaskManager JVM) assembled from Flink's own Maven jars (infra/flink-cluster/pom.xml; flink-dist is not served
# here), with the web UI and REST API on :8081; and the life cycle of the Streamer job on it, through the REST API only:
# `submit` uploads any job jar (/jars/upload, /jars/{id}/run); `savepoint` and `resume` (and up/down, the supervisor)
# stop, savepoint and resume the Streamer job so that its state survives every stop and start.
source "$STREAMER_ROOT/bin/lib/kafka.sh"
source "$STREAMER_ROOT/bin/lib/db.sh"

FLINK_PORT="${STREAMER_FLINK_PORT:-8081}"
FLINK_RPC_PORT="${STREAMER_FLINK_RPC_PORT:-6123}"
FLINK_SLOTS="${STREAMER_FLINK_SLOTS:-2}"
FLINK_PARALLELISM="${STREAMER_FLINK_PARALLELISM:-2}"
# JVM process sizes; Flink divides them (flink_write_config). TaskManager 1280m: a 704 MB heap (the job holds about
# 130 MB live under the benchmark's load), what the 2048m process with 635m of managed memory gave before managed
# memory went to 0 — which grew the heap to 1.4 GB and the TaskManager's RSS under load with it (1,440 MB,
# 2026-11-30). The benchmark once ran a 640m JobManager and a 1024m TaskManager; the chaos test's recoveries were
# slower with those (2026-11-30), so they stay the benchmark's.
# TaskManager: no managed memory (the hashmap state backend keeps state on the heap; managed memory serves RocksDB and
# batch operators only), 64m of network buffers (allocated, hence resident, at start; the job's shuffles need a few
# hundred of the 2048 32-KB buffers).
FLINK_JM_MEMORY="${STREAMER_FLINK_JM_MEMORY:-768m}"
FLINK_TM_MEMORY="${STREAMER_FLINK_TM_MEMORY:-1280m}"
FLINK_TM_MANAGED="${STREAMER_FLINK_TM_MANAGED:-0m}"
FLINK_TM_NETWORK="${STREAMER_FLINK_TM_NETWORK:-64m}"
# Latency of the job (bench/README.md, "Post → socket by hop"): the shuffles' buffer timeout, and how long the feed
# holds a post's versions to send only the latest (--feed-interval). Flink's and the job's defaults; 10ms/100ms halved
# the job hop's p50 in the benchmark, unproven under the chaos test, so set them through the environment.
FLINK_BUFFER_TIMEOUT="${STREAMER_FLINK_BUFFER_TIMEOUT:-100ms}"
FLINK_FEED_INTERVAL="${STREAMER_FLINK_FEED_INTERVAL:-200ms}"
FLINK_DIR="$STREAMER_HOME/flink"
FLINK_CONF="$FLINK_DIR/conf"
FLINK_URL="http://127.0.0.1:$FLINK_PORT"

# The Streamer job: its checkpoints and savepoints live in folders of their own, so that every state found there is
# one of this job's (other jobs on the cluster use the cluster's folders).
JOB_NAME="${STREAMER_JOB_NAME:-streamer}"
JOB_TIMEOUT="${STREAMER_STACK_TIMEOUT:-120}"
# how long a job that is still restoring its state (tasks INITIALIZING) is waited for beyond JOB_TIMEOUT: cancelling it
# would only start the same restore over again
JOB_RESTORE_TIMEOUT="${STREAMER_JOB_RESTORE_TIMEOUT:-900}"
FLINK_CHECKPOINTS="$FLINK_DIR/checkpoints/$JOB_NAME"
FLINK_SAVEPOINTS="$FLINK_DIR/savepoints/$JOB_NAME"
FLINK_LAST_SAVEPOINT="$FLINK_DIR/last-savepoint"
FLINK_KEEP_SAVEPOINTS="${STREAMER_FLINK_KEEP_SAVEPOINTS:-3}"
FLINK_SAVEPOINT_TIMEOUT="${STREAMER_FLINK_SAVEPOINT_TIMEOUT:-60}"
# Desired state: the job that should run and its parallelism. Written when the job is ready, removed by a stop on
# purpose (down, flink stop); the supervisor resumes the job while the file exists and the job does not run.
JOB_ID_FILE="$STREAMER_RUN/flink-job.id"
JOB_PARALLELISM_FILE="$STREAMER_RUN/flink-job.parallelism"
JOB_LOCK="$STREAMER_RUN/flink-job.lock"

# The module opens Flink needs on Java 17 (Flink's distribution sets the same through env.java.default-opts.all).
FLINK_JAVA_OPENS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

flink_write_config() {
  mkdir -p "$FLINK_CONF" "$FLINK_CHECKPOINTS" "$FLINK_SAVEPOINTS" "$FLINK_DIR/uploads" "$FLINK_DIR/tmp"
  cat >"$FLINK_CONF/config.yaml" <<YAML
# written by bin/streamer flink start; change it through the STREAMER_FLINK_* environment variables
jobmanager:
  rpc:
    address: 127.0.0.1
    port: $FLINK_RPC_PORT
  bind-host: 127.0.0.1
  memory:
    process:
      size: $FLINK_JM_MEMORY
    jvm-metaspace:
      size: 160m
  execution:
    failover-strategy: region
taskmanager:
  bind-host: 127.0.0.1
  host: 127.0.0.1
  numberOfTaskSlots: $FLINK_SLOTS
  memory:
    process:
      size: $FLINK_TM_MEMORY
    managed:
      size: $FLINK_TM_MANAGED
    network:
      min: $FLINK_TM_NETWORK
      max: $FLINK_TM_NETWORK
    jvm-metaspace:
      size: 192m
parallelism:
  default: $FLINK_PARALLELISM
# a killed JVM is noticed within seconds: its heartbeat RPCs fail at once (2 failures), a hung one times out
heartbeat:
  interval: 1000
  timeout: 10000
  rpc-failure-threshold: 2
cluster:
  registration:
    # a TaskManager whose JobManager went away tries again every second, not every 10 s
    error-delay: 1000
rest:
  address: 127.0.0.1
  bind-address: 127.0.0.1
  port: $FLINK_PORT
  # job jars with the emotion model's natives exceed Flink's default 100 MB upload limit
  server:
    max-content-length: 1073741824
  client:
    max-content-length: 1073741824
web:
  upload:
    dir: $FLINK_DIR/uploads
  submit:
    enable: true
io:
  tmp:
    dirs: $FLINK_DIR/tmp
state:
  backend:
    type: hashmap
execution:
  # output buffers of a shuffle are sent when full or after this long: Flink's 100 ms default, paid at each of the
  # job's two shuffles before the feed, was most of a post's time in the job at the dashboard's rates
  buffer-timeout:
    interval: $FLINK_BUFFER_TIMEOUT
  checkpointing:
    dir: file://$FLINK_DIR/checkpoints
    savepoint-dir: file://$FLINK_DIR/savepoints
    # kept when a job is cancelled or its cluster dies: up and the supervisor resume from the newest one
    externalized-checkpoint-retention: RETAIN_ON_CANCELLATION
    num-retained: 2
# the default of jobs that set none (the Streamer job sets its own): no lifetime cap, back-off reset after calm
restart-strategy:
  type: exponential-delay
  exponential-delay:
    initial-backoff: 1 s
    max-backoff: 30 s
    backoff-multiplier: 2.0
    reset-backoff-threshold: 5 min
    jitter-factor: 0.1
YAML
  cat >"$FLINK_CONF/log4j.properties" <<'PROPS'
monitorInterval = 30
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.akka.name = org.apache.pekko
logger.akka.level = WARN
logger.kafka.name = org.apache.kafka
logger.kafka.level = WARN
logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline
logger.netty.level = OFF
# each sink's Writer and Committer both register 'pendingCommittables' in one metric group: a warning per sink and
# deployment that says nothing and filled the log's tail (which CI prints on a failure)
logger.metricgroup.name = org.apache.flink.metrics.MetricGroup
logger.metricgroup.level = ERROR
appender.main.name = MainAppender
appender.main.type = RollingFile
appender.main.append = true
appender.main.fileName = ${sys:log.file}
appender.main.filePattern = ${sys:log.file}.%i
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5level %-60c %x - %m%n
appender.main.policies.type = Policies
appender.main.policies.size.type = SizeBasedTriggeringPolicy
appender.main.policies.size.size = 50MB
appender.main.strategy.type = DefaultRolloverStrategy
appender.main.strategy.max = 3
PROPS
}

# flink_resource_params GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS CP: Flink's own memory calculation, as its
# scripts do it; prints two lines: the JVM flags, then the dynamic -D configuration.
# Cached per config (a JVM less when the supervisor replaces a TaskManager).
flink_resource_params() {
  local out cache
  cache="$FLINK_CONF/$1.$(md5sum "$FLINK_CONF/config.yaml" | cut -c1-12)"
  if [[ -s "$cache" ]]; then
    cat "$cache"
    return 0
  fi
  out="$("$JAVA" -Xmx128m -cp "$2" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$FLINK_CONF" 2>&1)" \
    || die "Flink could not compute memory settings ($1): $(echo "$out" | tail -n 5)"
  rm -f "$FLINK_CONF/$1".*
  echo "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -n 2 | tee "$cache"
}

flink_start_jvm() {
  local part="$1" class="$2" cmd="$3" cp="$4" params jvm dynamic log
  log="$STREAMER_LOGS/flink-$part.log"
  params="$(flink_resource_params "$cmd" "$cp")"
  # first and last line without a pipe (under pipefail, a reader that stops early can end the script with SIGPIPE)
  jvm="${params%%$'\n'*}"
  dynamic="${params##*$'\n'}"
  # shellcheck disable=SC2086 # the flags Flink computed are whitespace-separated by design
  start_part "flink-$part" "$log" "streamer.part=flink-$part" \
    "$JAVA" -Dstreamer.part="flink-$part" $jvm "${FLINK_JAVA_OPENS[@]}" -XX:+UseG1GC \
    -Dlog.file="$log" -Dlog4j.configurationFile="file:$FLINK_CONF/log4j.properties" \
    -Djava.io.tmpdir="$FLINK_DIR/tmp" -cp "$cp" "$class" --configDir "$FLINK_CONF" $dynamic
}

flink_overview() { curl -sf --max-time 5 "$FLINK_URL/overview"; }

# the TaskManager we started registered: the cluster's count alone still includes a dead one until its heartbeat fails
flink_has_taskmanager() {
  [[ "$(flink_overview)" == *'"taskmanagers":'[1-9]* ]] \
    && grep -q 'Successful registration at resource manager' "$STREAMER_LOGS/flink-taskmanager.log" 2>/dev/null
}

# flink_clean_tmp: what killed JVMs left in io.tmp.dirs (a JVM cleans up only when it stops gracefully): blob caches
# with the job jar (60 MB each), the model's native libraries, Flink's RPC jar (21 MB per JVM start).
flink_clean_tmp() {
  local tmp="$FLINK_DIR/tmp" open="" pid f
  is_running flink-taskmanager || rm -rf "$tmp"/tm_* "$tmp"/onnxruntime-java*
  is_running flink-jobmanager || rm -rf "$tmp"/jm_* "$tmp"/executionGraphStore-*
  is_running flink-jobmanager || is_running flink-taskmanager || rm -f "$tmp"/jaas-*.conf
  for pid in $(part_pid flink-jobmanager) $(part_pid flink-taskmanager); do
    open+="$(ls -l "/proc/$pid/fd" 2>/dev/null)"
  done
  for f in "$tmp"/flink-rpc-akka*.jar; do
    [[ -e "$f" && "$open" != *"$f"* ]] && rm -f "$f"
  done
  return 0
}

flink_start() {
  local cp
  if is_running flink-jobmanager && is_running flink-taskmanager; then
    info "flink already running: $FLINK_URL"
  else
    cp="$(pom_classpath infra/flink-cluster)"
    flink_write_config
    flink_clean_tmp
    if ! is_running flink-jobmanager; then
      require_free_port "$FLINK_PORT" "Flink REST/web UI"
      require_free_port "$FLINK_RPC_PORT" "Flink RPC"
      info "starting Flink JobManager (log: $STREAMER_LOGS/flink-jobmanager.log)"
      flink_start_jvm jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
        GET_JM_RESOURCE_PARAMS "$cp"
    fi
    # the TaskManager starts alongside: it registers as soon as the JobManager's resource manager answers
    if ! is_running flink-taskmanager; then
      info "starting Flink TaskManager (log: $STREAMER_LOGS/flink-taskmanager.log)"
      flink_start_jvm taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS "$cp"
    fi
    wait_for "${STREAMER_FLINK_TIMEOUT:-90}" "Flink REST on $FLINK_URL" flink-jobmanager \
      "$STREAMER_LOGS/flink-jobmanager.log" flink_overview
  fi
  wait_for "${STREAMER_FLINK_TIMEOUT:-90}" "a TaskManager to register" flink-taskmanager \
    "$STREAMER_LOGS/flink-taskmanager.log" flink_has_taskmanager
  info "flink ready: $FLINK_URL $(flink_overview)"
}

# flink_stop: the Streamer job first (stop with a savepoint, see job_stop), then both JVMs.
flink_stop() {
  if is_running flink-jobmanager && flink_overview >/dev/null 2>&1; then
    job_lock
    job_stop
    job_unlock
  fi
  rm -f "$JOB_ID_FILE" "$JOB_PARALLELISM_FILE"
  stop_part flink-taskmanager 30
  stop_part flink-jobmanager 30
}

flink_status() {
  local jm tm
  jm="$(part_pid flink-jobmanager)"
  tm="$(part_pid flink-taskmanager)"
  if [[ -z "$jm" && -z "$tm" ]]; then
    echo "flink: down"
    return 3
  fi
  echo "flink: jobmanager pid=${jm:-down} taskmanager pid=${tm:-down} url=$FLINK_URL"
  echo "  overview: $(flink_overview || echo unreachable)"
  echo "  jobs: $(flink_get /jobs/overview | jq -r '[.jobs[] | "\(.jid) \(.name) \(.state)"] | join(";")' 2>/dev/null || true)"
}

# flink_get PATH: GET on the REST API (fails when Flink does not answer 2xx within 5 s).
flink_get() { curl -sf --max-time 5 "$FLINK_URL$1"; }

# flink_send METHOD PATH [JSON]: a REST call with a JSON body; prints the answer, fails with it on a non-2xx.
flink_send() {
  local out code
  out="$(curl -sS --max-time "${FLINK_SEND_TIMEOUT:-30}" -X "$1" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} -w '\n%{http_code}' "$FLINK_URL$2")" || return 1
  code="${out##*$'\n'}"
  out="${out%$'\n'*}"
  echo "$out"
  [[ "$code" == 2* ]]
}

# flink_upload JAR: uploads the jar (POST /jars/upload) and prints its id on the cluster.
flink_upload() {
  local jar="$1" upload jar_id
  info >&2 "uploading $(basename "$jar") ($(du -h "$jar" | cut -f1)) to $FLINK_URL/jars/upload"
  upload="$(curl -sS --max-time 300 -X POST -H "Expect:" -F "jarfile=@$jar;type=application/java-archive" "$FLINK_URL/jars/upload")" \
    || die "upload failed"
  jar_id="$(jq -r '.filename // empty' <<<"$upload" 2>/dev/null | sed -E 's#.*/##')"
  [[ -n "$jar_id" ]] || die "upload was refused: $upload"
  echo "$jar_id"
}

# flink_run JAR_ID BODY: POST /jars/{id}/run; prints the job id, or fails printing Flink's answer to stderr.
flink_run() {
  local run job_id
  run="$(FLINK_SEND_TIMEOUT=300 flink_send POST "/jars/$1/run" "$2")" || { echo "$run" >&2; return 1; }
  job_id="$(jq -r '.jobid // empty' <<<"$run" 2>/dev/null)"
  [[ -n "$job_id" ]] || { echo "$run" >&2; return 1; }
  echo "$job_id"
}

# json_array ARGS...: the arguments as a JSON array of strings. One jq call per argument: jq 1.6 drops the trailing
# empty string of split() (so a NUL-joined list loses its last argument) and parses "--x" after --args as its own option.
json_array() {
  local arg items=()
  for arg in "$@"; do items+=("$(jq -n --arg a "$arg" '$a')"); done
  local IFS=,
  echo "[${items[*]}]"
}

# flink_submit JAR [--entry-class C] [ARGS...]: upload through REST and run; prints the job id on the last line.
# The uploaded jar is deleted once the job runs (the cluster keeps its own copy): uploads do not pile up.
flink_submit() {
  local jar="${1:-}" jar_id body job_id entry=""
  [[ -n "$jar" && -f "$jar" ]] || die "usage: bin/streamer flink submit JAR [--entry-class CLASS] [ARGS...]  (jar '$jar' not found)"
  shift
  if [[ "${1:-}" == "--entry-class" ]]; then entry="$2"; shift 2; fi
  require_jq
  flink_overview >/dev/null || die "Flink is not running at $FLINK_URL (bin/streamer flink start)"
  jar_id="$(flink_upload "$jar")"
  body="$(jq -n --argjson args "$(json_array "$@")" --arg entry "$entry" \
    '{programArgsList: $args} + (if $entry == "" then {} else {entryClass: $entry} end)')"
  info >&2 "running $jar_id"
  job_id="$(flink_run "$jar_id" "$body")" || { flink_send DELETE "/jars/$jar_id" >/dev/null || true; die "the job did not start"; }
  flink_send DELETE "/jars/$jar_id" >/dev/null || true
  info >&2 "submitted job $job_id ($FLINK_URL/#/job/running/$job_id/overview)"
  echo "$job_id"
}

# ---- the Streamer job's life cycle --------------------------------------------------------------------------------

# job_lock / job_unlock: one life-cycle operation at a time (up, down, resume, savepoint, the supervisor).
job_lock() {
  exec 9>"$JOB_LOCK"
  flock -w "${1:-600}" 9 || die "another bin/streamer command is starting or stopping the Flink job (lock $JOB_LOCK)"
}
job_unlock() { exec 9>&-; }

# job_active: the id of the Streamer job the cluster runs or is (re)starting, newest first; nothing if none.
job_active() {
  flink_get /jobs/overview | jq -r --arg n "$JOB_NAME" '[.jobs[] | select(.name == $n
    and (.state | IN("FINISHED", "CANCELED", "FAILED", "SUSPENDED") | not))] | sort_by(-."start-time") | .[0].jid // empty'
}

job_state() { flink_get "/jobs/$1" | jq -r '.state // empty'; }

# job_parallelism JOB_ID: the highest parallelism of its operators (the job's parallelism).
job_parallelism() { flink_get "/jobs/$1" | jq -r '[.vertices[].parallelism] | max // empty'; }

# job_tasks_running JOB_ID: the job and every one of its tasks are RUNNING.
job_tasks_running() {
  flink_get "/jobs/$1" | jq -e '.state == "RUNNING" and ([.vertices[].status] | all(. == "RUNNING"))' >/dev/null
}

# job_checkpoints JOB_ID: checkpoints this run of the job completed.
job_checkpoints() { flink_get "/jobs/$1/checkpoints" | jq -r '.counts.completed // 0'; }

# job_ready JOB_ID: all tasks RUNNING and at least one checkpoint completed since the job was submitted.
job_ready() { job_tasks_running "$1" && (($(job_checkpoints "$1") > 0)); }

# job_restoring JOB_ID: the job runs and some of its tasks are still being deployed or restoring their state.
job_restoring() {
  flink_get "/jobs/$1" | jq -e '.state == "RUNNING"
    and ([.vertices[].tasks | (.DEPLOYING // 0) + (.INITIALIZING // 0)] | add > 0)' >/dev/null
}

# job_wait_ready JOB_ID TIMEOUT: waits for job_ready; returns 2, with Flink's reason, when the job ends (a state that
# cannot be restored fails the job at once), 1 when the time is up. A job still restoring its state when the time is
# up gets more, up to JOB_RESTORE_TIMEOUT in all, and TIMEOUT again once its tasks run: a large state on a busy
# machine restores in minutes, and a caller that cancelled it would restore it again from the start.
job_wait_ready() {
  local id="$1" started=$SECONDS deadline=$((SECONDS + $2)) state extended=0
  until job_ready "$id" 2>/dev/null; do
    state="$(job_state "$id" 2>/dev/null || true)"
    case "$state" in
      FAILED|CANCELED|FINISHED|SUSPENDED)
        warn "flink job $id is $state: $(job_root_cause "$id")"
        return 2 ;;
    esac
    # once extended, the deadline moves with every look that finds the job still restoring
    if ((SECONDS >= deadline || extended)); then
      if ((SECONDS - started < JOB_RESTORE_TIMEOUT)) && job_restoring "$id" 2>/dev/null; then
        ((extended)) || info "flink job $id is still restoring its state after $((SECONDS - started)) s; waiting for it (at most ${JOB_RESTORE_TIMEOUT} s in all)"
        extended=1
        deadline=$((SECONDS + $2))
      elif ((SECONDS >= deadline)); then
        warn "flink job $id is not ready after $((SECONDS - started)) s (state ${state:-unknown}, completed checkpoints $(job_checkpoints "$id" 2>/dev/null || echo ?)): $(job_root_cause "$id")"
        return 1
      fi
    fi
    sleep 0.5
  done
}

job_root_cause() {
  flink_get "/jobs/$1/exceptions?maxExceptions=1" 2>/dev/null \
    | jq -r '(.exceptionHistory.entries[0].stacktrace // ."root-exception" // "no exception reported") | split("\n")[0]' 2>/dev/null \
    || echo "no exception reported"
}

# job_states: every state the job can resume from, newest first: "EPOCH PATH KIND" (KIND savepoint|checkpoint).
# A checkpoint counts only when complete (its _metadata written).
job_states() {
  {
    find "$FLINK_CHECKPOINTS" -mindepth 3 -maxdepth 3 -type f -path '*/chk-*/_metadata' -printf '%T@ %h checkpoint\n' 2>/dev/null
    find "$FLINK_SAVEPOINTS" -mindepth 2 -maxdepth 2 -type f -name _metadata -printf '%T@ %h savepoint\n' 2>/dev/null
    local recorded
    recorded="$(job_recorded_savepoint)"
    if [[ -n "$recorded" && "$recorded" != "$FLINK_SAVEPOINTS"/* && -f "$recorded/_metadata" ]]; then
      find "$recorded/_metadata" -printf '%T@ %h savepoint\n'
    fi
  } | sort -rn
}

# job_recorded_savepoint: the path of the last savepoint bin/streamer took or resumed from, as a local path.
job_recorded_savepoint() { [[ -s "$FLINK_LAST_SAVEPOINT" ]] && sed -E 's#^file:(//)?##' "$FLINK_LAST_SAVEPOINT" || true; }

job_record_savepoint() { echo "${1#file:}" > "$FLINK_LAST_SAVEPOINT"; }

# local_path URI: a file: URI as a local path.
local_path() { echo "$1" | sed -E 's#^file:(//)?##'; }

# job_wait_operation JOB_ID TRIGGER_ID TIMEOUT: polls /jobs/{id}/savepoints/{trigger}; prints the savepoint's path.
job_wait_operation() {
  local id="$1" trigger="$2" deadline=$((SECONDS + $3)) answer
  while ((SECONDS < deadline)); do
    answer="$(flink_get "/jobs/$id/savepoints/$trigger" 2>/dev/null || true)"
    case "$(jq -r '.status.id // empty' <<<"$answer" 2>/dev/null)" in
      COMPLETED)
        if jq -e '.operation.location' <<<"$answer" >/dev/null 2>&1; then
          local_path "$(jq -r '.operation.location' <<<"$answer")"
          return 0
        fi
        warn "the savepoint failed: $(jq -r '.operation."failure-cause"."stack-trace" // .operation | tostring' <<<"$answer" | head -n 1)"
        return 1 ;;
    esac
    sleep 0.5
  done
  warn "the savepoint did not complete within $3 s"
  return 1
}

# job_savepoint: a savepoint of the running job now (the job keeps running); prints its path.
job_savepoint() {
  local id trigger path started=$SECONDS
  id="$(job_active)"
  [[ -n "$id" ]] || die "no Streamer job is running on $FLINK_URL: nothing to savepoint"
  trigger="$(flink_send POST "/jobs/$id/savepoints" "$(jq -n --arg d "file://$FLINK_SAVEPOINTS" \
    '{"target-directory": $d, "cancel-job": false}')" | jq -r '."request-id" // empty')"
  [[ -n "$trigger" ]] || die "Flink refused the savepoint of job $id"
  path="$(job_wait_operation "$id" "$trigger" "$FLINK_SAVEPOINT_TIMEOUT")" || die "no savepoint of job $id"
  job_record_savepoint "$path"
  info "savepoint of job $id in $((SECONDS - started)) s: $path"
  echo "$path"
}

# job_stop: stops the running job with a savepoint (REST stop-with-savepoint) and records it; when that fails or
# times out, says so and cancels the job (its retained checkpoints stay for the next resume).
job_stop() {
  local id trigger path started=$SECONDS
  require_jq
  id="$(job_active)"
  if [[ -z "$id" ]]; then
    info "no Streamer job running on the cluster"
    return 0
  fi
  info "stopping flink job $id with a savepoint"
  trigger="$(flink_send POST "/jobs/$id/stop" "$(jq -n --arg d "file://$FLINK_SAVEPOINTS" \
    '{targetDirectory: $d, drain: false}')" | jq -r '."request-id" // empty')" || true
  if [[ -n "$trigger" ]] && path="$(job_wait_operation "$id" "$trigger" "$FLINK_SAVEPOINT_TIMEOUT")"; then
    job_record_savepoint "$path"
    info "stopped flink job $id with a savepoint in $((SECONDS - started)) s: $path"
    return 0
  fi
  warn "stop with a savepoint failed for job $id; cancelling it (the next start resumes from its newest retained checkpoint)"
  flink_send PATCH "/jobs/$id?mode=cancel" >/dev/null || true
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)) && [[ "$(job_state "$id" 2>/dev/null)" != CANCELED ]]; do sleep 0.5; done
  info "cancelled flink job $id ($(job_state "$id" 2>/dev/null || echo unknown))"
}

# job_jar_id: the Streamer job jar on the cluster, uploaded once per build (reused across resumes and JobManager
# restarts while the cluster still lists it); the previous upload is deleted.
job_jar_id() {
  local jar record stamp jar_id old_stamp
  jar="$(module_jar flink-job)"
  [[ -n "$jar" ]] || die "the job jar is not built (mvn -B -pl flink-job -am install -DskipTests)"
  record="$FLINK_DIR/uploaded-jar"
  stamp="$(stat -c '%s-%Y' "$jar")"
  if [[ -s "$record" ]]; then
    read -r jar_id old_stamp < "$record" || true
    if [[ "$old_stamp" == "$stamp" ]] && flink_get /jars | jq -e --arg id "$jar_id" '.files[] | select(.id == $id)' >/dev/null 2>&1; then
      echo "$jar_id"
      return 0
    fi
    [[ -n "$jar_id" ]] && flink_send DELETE "/jars/$jar_id" >/dev/null 2>&1 || true
  fi
  jar_id="$(flink_upload "$jar")"
  echo "$jar_id $stamp" > "$record"
  echo "$jar_id"
}

# job_run_from PARALLELISM [STATE_PATH]: submits the Streamer job (from STATE_PATH when given); prints its id.
job_run_from() {
  local parallelism="$1" from="${2:-}" body job_id jar_id
  jar_id="$(job_jar_id)"
  # earliest: without state the job replays the whole activity topic (Kafka is the system of record, upserts are
  # idempotent); with state, offsets come from the checkpoint and this only applies to partitions added later
  body="$(jq -n --argjson args "$(json_array --job-name "$JOB_NAME" --bootstrap "$KAFKA_BOOTSTRAP" \
      --jdbc-url "$(db_url)" --jdbc-user "$(db_user)" --jdbc-password "$(db_password)" --starting-offsets earliest \
      --checkpoint-dir "file://$FLINK_CHECKPOINTS" --feed-interval "$FLINK_FEED_INTERVAL")" \
    --argjson p "$parallelism" --arg from "$from" \
    '{programArgsList: $args, parallelism: $p, allowNonRestoredState: false}
     + (if $from == "" then {} else {savepointPath: $from} end)')"
  job_id="$(flink_run "$jar_id" "$body")" || return 1
  echo "$job_id"
}

# job_fresh_taskmanager: the TaskManager JVM must not have run the job before. The job's emotion model loads native
# libraries (DJL tokenizers, ONNX Runtime) in the job's class loader; a JVM loads a native library into one class
# loader only, so a second run of the job in the same TaskManager fails for ever ("already loaded in another
# classloader"). Restarts within one run reuse its class loader and are fine; a new submission gets a new JVM.
# Whether this TaskManager ran tasks is in its log, which starts empty with each JVM (start_part).
job_fresh_taskmanager() {
  local tm
  tm="$(part_pid flink-taskmanager)"
  if [[ -n "$tm" ]] && grep -q 'Received task' "$STREAMER_LOGS/flink-taskmanager.log" 2>/dev/null; then
    info "restarting the TaskManager (pid $tm): it ran the job before, and a new run cannot load the emotion model's native libraries in it again"
    kill_part flink-taskmanager
    flink_start
  fi
}

# job_describe_state PATH KIND: "savepoint .../savepoint-x (taken 2026-11-29 18:40:02)" or "checkpoint chk-12 of job J …".
job_describe_state() {
  local when
  when="$(date -d "@$(stat -c %Y "$1/_metadata")" '+%F %T')"
  if [[ "$2" == checkpoint ]]; then
    echo "retained checkpoint $(basename "$1") of job $(basename "$(dirname "$1")") ($1, completed $when)"
  else
    echo "savepoint $1 (taken $when)"
  fi
}

# job_fresh_notice: what a start without state does, said loudly.
job_fresh_notice() {
  local records posts
  records="$(infra_cli topic-describe --bootstrap "$KAFKA_BOOTSTRAP" --topic streamer.activity.v1 2>/dev/null | sed -n 's/.*records=\([0-9]*\).*/\1/p')"
  posts="$(infra_cli db-count --url "$(db_url)" --user "$(db_user)" --password "$(db_password)" --table posts 2>/dev/null || true)"
  if [[ "$records" == 0 && "$posts" == 0 ]]; then
    info "no state to resume from, no activity and no posts yet: starting a new job"
    return 0
  fi
  info "NO STATE to resume from (no savepoint or retained checkpoint of job '$JOB_NAME' under $FLINK_DIR):" \
    "starting the job from the EARLIEST offset of streamer.activity.v1 (${records:-?} records; MySQL holds ${posts:-?} posts)." \
    "It rebuilds its state by replaying the whole topic; its upserts are idempotent, so existing rows get the same values."
}

# job_start PARALLELISM [FROM]: runs the Streamer job from FROM, else from its newest state (a savepoint or a
# retained checkpoint, whichever is newer; when one cannot be restored, the next older one), else from the earliest
# offset; waits until it is ready (job_ready); records it in JOB_ID_FILE; prunes old state.
job_start() {
  local parallelism="$1" from="${2:-}" candidates=() line path kind id started=$SECONDS
  if [[ -n "$from" ]]; then
    from="$(local_path "$from")"
    from="${from%/_metadata}"
    [[ -f "$from/_metadata" ]] || die "no savepoint or checkpoint at $from (no _metadata file)"
    candidates=("0 $from $( [[ "$(basename "$from")" == chk-* ]] && echo checkpoint || echo savepoint)")
  else
    mapfile -t candidates < <(job_states | head -n 3)
  fi
  if ((${#candidates[@]} == 0)); then
    job_fresh_notice
    job_fresh_taskmanager
    id="$(job_run_from "$parallelism")" || die "the job did not start"
    info "submitted flink job $id at parallelism $parallelism, no state (from the earliest offset)"
    job_wait_ready "$id" "$JOB_TIMEOUT" || die "flink job $id did not become ready; see $STREAMER_LOGS/flink-jobmanager.log"
  else
    local rc
    for line in "${candidates[@]}"; do
      read -r _ path kind <<<"$line"
      info "resuming the job from the $(job_describe_state "$path" "$kind") at parallelism $parallelism"
      job_fresh_taskmanager
      id="$(job_run_from "$parallelism" "$path")" || die "Flink refused to run the job from $path"
      rc=0
      job_wait_ready "$id" "$JOB_TIMEOUT" || rc=$?
      ((rc == 0)) && break
      flink_send PATCH "/jobs/$id?mode=cancel" >/dev/null 2>&1 || true
      # only a job that failed outright (a state that cannot be restored) tries the next older state
      ((rc == 2)) || die "flink job $id did not become ready; see $STREAMER_LOGS/flink-jobmanager.log"
      warn "could not resume from $path; trying the next older state"
      id=""
    done
    [[ -n "$id" ]] || die "the job could not resume from any of its states; see $STREAMER_LOGS/flink-jobmanager.log (bin/streamer flink resume --from PATH)"
    [[ "$kind" == savepoint ]] && job_record_savepoint "$path"
    info "flink job $id RUNNING from $kind $path, first checkpoint completed, ready in $((SECONDS - started)) s"
  fi
  echo "$id" > "$JOB_ID_FILE"
  echo "$parallelism" > "$JOB_PARALLELISM_FILE"
  job_prune "$id"
}

# job_ensure PARALLELISM EXPLICIT [FROM]: the job runs at PARALLELISM when EXPLICIT=1 (a running job at another
# parallelism, or any running job when FROM is given, is stopped with a savepoint and resumed: a rescale), else as
# it runs; started (job_start) when none runs. Idempotent. The job's id is in JOB_ID_FILE afterwards.
job_ensure() {
  local parallelism="$1" explicit="$2" from="${3:-}" id current
  require_jq
  job_lock
  id="$(job_active)"
  if [[ -n "$id" ]]; then
    current="$(job_parallelism "$id")"
    if [[ -z "$from" ]] && { ((explicit == 0)) || [[ "$current" == "$parallelism" ]]; }; then
      info "flink job '$JOB_NAME' already running ($id, parallelism $current)"
      job_wait_ready "$id" "$JOB_TIMEOUT" || die "flink job $id is not ready; see $STREAMER_LOGS/flink-jobmanager.log"
      echo "$id" > "$JOB_ID_FILE"
      echo "$current" > "$JOB_PARALLELISM_FILE"
      job_prune "$id"
      job_unlock
      return 0
    fi
    info "flink job $id runs at parallelism $current; stopping it with a savepoint to resume it${from:+ from $from} at parallelism $parallelism"
    job_stop
  fi
  job_start "$parallelism" "$from"
  job_unlock
}

# job_prune JOB_ID: once JOB_ID completed a checkpoint, the checkpoint folders of earlier runs go (the one it was
# restored from is no longer needed then), and only the newest FLINK_KEEP_SAVEPOINTS savepoints stay.
job_prune() {
  local id="$1" dir
  (($(job_checkpoints "$id" 2>/dev/null || echo 0) > 0)) || return 0
  for dir in "$FLINK_CHECKPOINTS"/*/; do
    dir="${dir%/}"
    [[ -d "$dir" && "$(basename "$dir")" != "$id" ]] && rm -rf "$dir"
  done
  find "$FLINK_SAVEPOINTS" -mindepth 1 -maxdepth 1 -type d -name 'savepoint-*' -printf '%T@ %p\n' 2>/dev/null \
    | sort -rn | tail -n +"$((FLINK_KEEP_SAVEPOINTS + 1))" | cut -d' ' -f2- | while read -r dir; do rm -rf "$dir"; done
  return 0
}

# flink_resume [--from PATH] [--parallelism N]
flink_resume() {
  local from="" parallelism="" explicit=0
  while (($#)); do
    case "$1" in
      --from) (($# >= 2)) || die "--from needs a path"; from="$2"; shift 2 ;;
      --parallelism) (($# >= 2)) || die "--parallelism needs a number"; parallelism="$2"; explicit=1; shift 2 ;;
      *) die "usage: bin/streamer flink resume [--from PATH] [--parallelism N]" ;;
    esac
  done
  [[ -z "$parallelism" || "$parallelism" =~ ^[1-9][0-9]*$ ]] || die "--parallelism must be a positive number"
  [[ -n "$parallelism" ]] || parallelism="$(cat "$JOB_PARALLELISM_FILE" 2>/dev/null || echo "$FLINK_PARALLELISM")"
  flink_overview >/dev/null || die "Flink is not running at $FLINK_URL (bin/streamer flink start, or bin/streamer up)"
  job_ensure "$parallelism" "$explicit" "$from"
  info "flink job $(cat "$JOB_ID_FILE") running at parallelism $(cat "$JOB_PARALLELISM_FILE")"
}

flink_main() {
  case "${1:-}" in
    start) flink_start ;;
    stop) flink_stop ;;
    status) flink_status ;;
    submit) shift; flink_submit "$@" ;;
    savepoint) require_jq; flink_overview >/dev/null || die "Flink is not running at $FLINK_URL: nothing to savepoint"
      job_lock; job_savepoint ;;
    resume) shift; flink_resume "$@" ;;
    *) die "usage: bin/streamer flink start|stop|status|submit JAR [ARGS...]|savepoint|resume [--from PATH] [--parallelism N]" ;;
  esac
}
