#!/usr/bin/env bash
# Smoke test of the shaded job jar on the local Flink session cluster: uploads it through the REST API
# (bin/streamer flink submit: POST /jars/upload, POST /jars/{id}/run), waits for RUNNING, sends three sign-ins and
# waits for the job to write their window to MySQL, then cancels the job. Exit 0 = passed.
#
#   flink-job/src/test/sh/submit-smoke.sh
#
# Uses (and starts if needed) bin/streamer kafka (localhost:9092) and bin/streamer flink (127.0.0.1:8081); a fresh
# database streamer_smoke_* on SMOKE_DB_HOST:SMOKE_DB_PORT (default 127.0.0.1:3306, root, empty password), dropped at
# the end. Kafka and Flink are stopped again if this script started them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
# shellcheck source=/dev/null
source "$ROOT/bin/lib/common.sh"
JAR="$ROOT/flink-job/target/streamer-flink-job-0.1.0-SNAPSHOT.jar"
DB_HOST="${SMOKE_DB_HOST:-127.0.0.1}"
DB_PORT="${SMOKE_DB_PORT:-3306}"
DB_NAME="streamer_smoke_$(date +%s)"
DB_URL="jdbc:mysql://$DB_HOST:$DB_PORT/$DB_NAME?sslMode=DISABLED&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
FLINK_URL="http://127.0.0.1:${STREAMER_FLINK_PORT:-8081}"
WORK="$(mktemp -d)"
started_flink=""
started_kafka=""
job_id=""

cleanup() {
  if [[ -n "$job_id" ]]; then curl -s -X PATCH "$FLINK_URL/jobs/$job_id?mode=cancel" >/dev/null || true; fi
  if [[ -n "$started_flink" ]]; then "$ROOT/bin/streamer" flink stop || true; fi
  if [[ -n "$started_kafka" ]]; then "$ROOT/bin/streamer" kafka stop || true; fi
  "$JAVA" -cp "$INFRA_CP" "$WORK/Smoke.java" drop "$DB_HOST" "$DB_PORT" "$DB_NAME" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -q -pl flink-job -am package -DskipTests)
INFRA_CP="$(module_classpath infra)"

# A Java single-file program on infra's classpath (kafka-clients, the contract, the MySQL driver): produce events,
# count rows, drop the database.
cat > "$WORK/Smoke.java" <<'JAVA'
import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Topics;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

public class Smoke {
    public static void main(String[] a) throws Exception {
        String url = a.length > 2 ? "jdbc:mysql://" + a[1] + ":" + a[2] + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true" : null;
        switch (a[0]) {
            case "send" -> {
                Properties p = new Properties();
                p.put("bootstrap.servers", a[1]);
                p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
                p.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
                    for (int i = 0; i < 3; i++) {
                        ActivityEvent e = ActivityEvent.signedIn(UUID.randomUUID().toString(), "twitter",
                                UUID.randomUUID().toString(), System.currentTimeMillis());
                        producer.send(new ProducerRecord<>(Topics.ACTIVITY, e.communityId(), EventCodec.encode(e))).get();
                    }
                }
            }
            case "rows" -> {
                try (var c = DriverManager.getConnection(url, "root", "");
                     var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + a[3]
                             + ".window_stats WHERE community_id = 'twitter' AND active_users >= 3")) {
                    rs.next();
                    System.out.println(rs.getLong(1));
                }
            }
            case "drop" -> {
                try (var c = DriverManager.getConnection(url, "root", "")) {
                    c.createStatement().execute("DROP DATABASE IF EXISTS " + a[3]);
                }
            }
            default -> throw new IllegalArgumentException(a[0]);
        }
    }
}
JAVA

is_running kafka || started_kafka=yes
"$ROOT/bin/streamer" kafka start
is_running flink-jobmanager || started_flink=yes
"$ROOT/bin/streamer" flink start
infra_cli db-migrate --create-database --url "$DB_URL" --user root --password "" >/dev/null

job_id="$("$ROOT/bin/streamer" flink submit "$JAR" --bootstrap localhost:9092 --jdbc-url "$DB_URL" --jdbc-user root \
  --jdbc-password "" --emotion off --parallelism 1 --starting-offsets latest --group-id "smoke-$DB_NAME" \
  --job-name streamer-smoke | tail -n 1)"
info "smoke: job $job_id submitted"
for _ in $(seq 1 120); do
  state="$(curl -sf "$FLINK_URL/jobs/$job_id" | grep -oE '"state":"[A-Z]+"' | head -n 1 | cut -d'"' -f4 || true)"
  [[ "$state" == RUNNING ]] && break
  [[ "$state" == FAILED || "$state" == CANCELED ]] && die "smoke: job $job_id is $state"
  sleep 0.5
done
[[ "${state:-}" == RUNNING ]] || die "smoke: job $job_id not RUNNING (state '${state:-}')"
info "smoke: job RUNNING"
sleep 5 # the source assigns its partitions at the latest offsets
"$JAVA" -cp "$INFRA_CP" "$WORK/Smoke.java" send localhost:9092
info "smoke: sent 3 sign-ins; waiting for their window (end of the 30 s window + 5 s out-of-orderness)"
for _ in $(seq 1 60); do
  rows="$("$JAVA" -cp "$INFRA_CP" "$WORK/Smoke.java" rows "$DB_HOST" "$DB_PORT" "$DB_NAME" 2>/dev/null || echo 0)"
  if [[ "$rows" -ge 1 ]]; then
    info "smoke: PASSED: job $job_id RUNNING on $FLINK_URL and wrote window_stats to $DB_NAME"
    exit 0
  fi
  sleep 1
done
die "smoke: FAILED: no window_stats row in $DB_NAME after 60 s"
