# bin/streamer kafka start|stop|status — a real Apache Kafka broker (KRaft combined mode) as a child JVM, run from
# the classpath Maven resolves for infra/ (kafka_2.13). Data under .streamer/kafka, log in .streamer/logs/kafka.log.

KAFKA_PORT="${STREAMER_KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${STREAMER_KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_PARTITIONS="${STREAMER_KAFKA_PARTITIONS:-3}"
# One broker, a dozen partitions, a few thousand records/s at most (bench's ingest flood): about 70 MB live besides
# the log cleaner's buffer (below); G1 would grow a larger cap into resident memory for nothing. Pause target and IHOP as Kafka's own scripts set.
KAFKA_HEAP="${STREAMER_KAFKA_HEAP:-512m}"
KAFKA_GC=(-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35)
KAFKA_DIR="$STREAMER_HOME/kafka"
KAFKA_LOG="$STREAMER_LOGS/kafka.log"
KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"

kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data"
  cat >"$KAFKA_DIR/server.properties" <<PROPS
# written by bin/streamer kafka start
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DIR/data
num.partitions=$KAFKA_PARTITIONS
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
# the log cleaner (compacted topics: consumer offsets, the cluster metadata) keeps its dedupe buffer on the heap for
# good: Kafka's 128 MB default was half of this broker's heap, 32 MB still maps over a million keys per pass
log.cleaner.dedupe.buffer.size=33554432
PROPS
  cat >"$KAFKA_DIR/log4j2.properties" <<'PROPS'
status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
logger.server.name = kafka.server.KafkaRaftServer
logger.server.level = INFO
PROPS
}

kafka_java() {
  local cp="$1"; shift
  "$JAVA" -Xms128m -Xmx"$KAFKA_HEAP" "${KAFKA_GC[@]}" -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$cp" "$@"
}


kafka_start() {
  local cp
  if is_running kafka; then
    info "kafka already running (pid $(part_pid kafka)) on $KAFKA_BOOTSTRAP"
  else
    require_free_port "$KAFKA_PORT" "Kafka"
    require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka controller"
    cp="$(module_classpath infra)"
    kafka_write_config
    if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
      local cluster_id
      # base64url of 16 random bytes, not starting with '-' (the storage tool would read it as an option)
      cluster_id=-
      while [[ "$cluster_id" == -* ]]; do
        cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
      done
      info "formatting Kafka storage (cluster $cluster_id) in $KAFKA_DIR/data"
      kafka_java "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
        >>"$STREAMER_LOGS/kafka-format.log" 2>&1 || die "formatting Kafka storage failed; see $STREAMER_LOGS/kafka-format.log"
    fi
    info "starting kafka on $KAFKA_BOOTSTRAP (log: $KAFKA_LOG)"
    start_part kafka "$KAFKA_LOG" "streamer.part=kafka" \
      "$JAVA" -Dstreamer.part=kafka -Xms128m -Xmx"$KAFKA_HEAP" "${KAFKA_GC[@]}" -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties"
    wait_for "${STREAMER_KAFKA_TIMEOUT:-90}" "Kafka to listen on $KAFKA_BOOTSTRAP" kafka "$KAFKA_LOG" port_open 127.0.0.1 "$KAFKA_PORT"
  fi
  infra_cli topics-create --bootstrap "$KAFKA_BOOTSTRAP" --partitions "$KAFKA_PARTITIONS" --timeout-seconds 60 \
    | sed 's/^/streamer:   /' || die "could not create the contract topics; see $KAFKA_LOG"
  info "kafka ready on $KAFKA_BOOTSTRAP"
}

kafka_status() {
  if is_running kafka; then
    echo "kafka: up (pid $(part_pid kafka)) bootstrap=$KAFKA_BOOTSTRAP"
    infra_cli topics-list --bootstrap "$KAFKA_BOOTSTRAP" | sed 's/^/  /'
  else
    echo "kafka: down"
    return 3
  fi
}

kafka_main() {
  case "${1:-}" in
    start) kafka_start ;;
    stop) stop_part kafka 30 ;;
    status) kafka_status ;;
    *) die "usage: bin/streamer kafka start|stop|status" ;;
  esac
}
