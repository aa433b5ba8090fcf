# bin/streamer flink start|stop|status|submit — a local Flink 2.0 session cluster (one JobManager and one TaskManager
# JVM) assembled from Flink's own Maven jars (infra/flink-cluster/pom.xml; flink-dist is not served here), with the web
# UI and REST API on :8081. `submit` uploads a job jar through the REST API (/jars/upload, /jars/{id}/run).

FLINK_PORT="${STREAMER_FLINK_PORT:-8081}"
FLINK_RPC_PORT="${STREAMER_FLINK_RPC_PORT:-6123}"
FLINK_SLOTS="${STREAMER_FLINK_SLOTS:-2}"
FLINK_JM_MEMORY="${STREAMER_FLINK_JM_MEMORY:-768m}"
FLINK_TM_MEMORY="${STREAMER_FLINK_TM_MEMORY:-2048m}"
FLINK_DIR="$STREAMER_HOME/flink"
FLINK_CONF="$FLINK_DIR/conf"
FLINK_URL="http://127.0.0.1:$FLINK_PORT"

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
  mkdir -p "$FLINK_CONF" "$FLINK_DIR/checkpoints" "$FLINK_DIR/savepoints" "$FLINK_DIR/uploads" "$FLINK_DIR/tmp"
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
  execution:
    failover-strategy: region
taskmanager:
  bind-host: 127.0.0.1
  host: 127.0.0.1
  numberOfTaskSlots: $FLINK_SLOTS
  memory:
    process:
      size: $FLINK_TM_MEMORY
parallelism:
  default: 1
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
  checkpointing:
    dir: file://$FLINK_DIR/checkpoints
    savepoint-dir: file://$FLINK_DIR/savepoints
restart-strategy:
  type: exponential-delay
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
flink_resource_params() {
  local out
  out="$("$JAVA" -Xmx128m -cp "$2" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$FLINK_CONF" 2>&1)" \
    || die "Flink could not compute memory settings ($1): $(echo "$out" | tail -n 5)"
  echo "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -n 2
}

flink_start_jvm() {
  local part="$1" class="$2" cmd="$3" cp="$4" params jvm dynamic log
  log="$STREAMER_LOGS/flink-$part.log"
  params="$(flink_resource_params "$cmd" "$cp")"
  jvm="$(echo "$params" | head -n 1)"
  dynamic="$(echo "$params" | tail -n 1)"
  # shellcheck disable=SC2086 # the flags Flink computed are whitespace-separated by design
  start_part "flink-$part" "$log" "streamer.part=flink-$part" \
    "$JAVA" -Dstreamer.part="flink-$part" $jvm "${FLINK_JAVA_OPENS[@]}" -XX:+UseG1GC \
    -Dlog.file="$log" -Dlog4j.configurationFile="file:$FLINK_CONF/log4j.properties" \
    -Djava.io.tmpdir="$FLINK_DIR/tmp" -cp "$cp" "$class" --configDir "$FLINK_CONF" $dynamic
}

flink_overview() { curl -sf --max-time 5 "$FLINK_URL/overview"; }

flink_has_taskmanager() { flink_overview | grep -q '"taskmanagers":[1-9]'; }

flink_start() {
  local cp
  if is_running flink-jobmanager && is_running flink-taskmanager; then
    info "flink already running: $FLINK_URL"
  else
    cp="$(pom_classpath infra/flink-cluster)"
    flink_write_config
    if ! is_running flink-jobmanager; then
      require_free_port "$FLINK_PORT" "Flink REST/web UI"
      require_free_port "$FLINK_RPC_PORT" "Flink RPC"
      info "starting Flink JobManager (log: $STREAMER_LOGS/flink-jobmanager.log)"
      flink_start_jvm jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
        GET_JM_RESOURCE_PARAMS "$cp"
    fi
    wait_for "${STREAMER_FLINK_TIMEOUT:-90}" "Flink REST on $FLINK_URL" flink-jobmanager \
      "$STREAMER_LOGS/flink-jobmanager.log" flink_overview
    if ! is_running flink-taskmanager; then
      info "starting Flink TaskManager (log: $STREAMER_LOGS/flink-taskmanager.log)"
      flink_start_jvm taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner GET_TM_RESOURCE_PARAMS "$cp"
    fi
  fi
  wait_for "${STREAMER_FLINK_TIMEOUT:-90}" "a TaskManager to register" flink-taskmanager \
    "$STREAMER_LOGS/flink-taskmanager.log" flink_has_taskmanager
  info "flink ready: $FLINK_URL $(flink_overview)"
}

flink_stop() {
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
  echo "  jobs: $(curl -sf --max-time 5 "$FLINK_URL/jobs/overview" | grep -oE '"jid":"[0-9a-f]+","name":"[^"]*","start-time":[0-9]+,"end-time":-?[0-9]+,"duration":[0-9]+,"state":"[A-Z]+"' \
    | sed -E 's/"jid":"([0-9a-f]+)","name":"([^"]*)".*"state":"([A-Z]+)"/\1 \2 \3/' | tr '\n' ';' || true)"
}

# flink_submit JAR [ARGS...]: upload through REST and run; prints the job id on the last line.
flink_submit() {
  local jar="${1:-}" upload jar_id body run job_id arg json_args="" entry=""
  [[ -n "$jar" && -f "$jar" ]] || die "usage: bin/streamer flink submit JAR [--entry-class CLASS] [ARGS...]  (jar '$jar' not found)"
  shift
  if [[ "${1:-}" == "--entry-class" ]]; then entry="$2"; shift 2; fi
  flink_overview >/dev/null || die "Flink is not running at $FLINK_URL (bin/streamer flink start)"
  info >&2 "uploading $(basename "$jar") ($(du -h "$jar" | cut -f1)) to $FLINK_URL/jars/upload"
  upload="$(curl -sS --max-time 300 -X POST -H "Expect:" -F "jarfile=@$jar;type=application/java-archive" "$FLINK_URL/jars/upload")" \
    || die "upload failed"
  jar_id="$(echo "$upload" | grep -oE '"filename":"[^"]+"' | sed -E 's#.*/([^/"]+)"$#\1#')"
  [[ -n "$jar_id" ]] || die "upload was refused: $upload"
  for arg in "$@"; do
    arg="${arg//\\/\\\\}"; arg="${arg//\"/\\\"}"
    json_args+="${json_args:+,}\"$arg\""
  done
  body="{\"programArgsList\":[${json_args}]${entry:+,\"entryClass\":\"$entry\"}}"
  info >&2 "running $jar_id"
  run="$(curl -sS --max-time 300 -X POST -H 'Content-Type: application/json' -d "$body" "$FLINK_URL/jars/$jar_id/run")" \
    || die "run request failed"
  job_id="$(echo "$run" | grep -oE '"jobid":"[0-9a-f]+"' | cut -d'"' -f4)"
  [[ -n "$job_id" ]] || die "the job did not start: $run"
  info >&2 "submitted job $job_id ($FLINK_URL/#/job/running/$job_id/overview)"
  echo "$job_id"
}

main() {
  case "${1:-}" in
    start) flink_start ;;
    stop) flink_stop ;;
    status) flink_status ;;
    submit) shift; flink_submit "$@" ;;
    *) die "usage: bin/streamer flink start|stop|status|submit JAR [ARGS...]" ;;
  esac
}
