package dev.streamer.chaos;

import dev.streamer.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The faults of the chaos test. Every part is stopped or killed the way an operator or a crash would. */
final class Faults {

    private Faults() {}

    /** {@code kill -9} of one Flink JVM; bin/streamer's supervisor must replace it and the job must resume. */
    record KillFlink(String part, String label) implements Fault {
        @Override
        public String name() {
            return "kill -9 " + label;
        }

        @Override
        public boolean disruptsApi() {
            return false;
        }

        @Override
        public Outcome inject(FaultContext ctx) throws InterruptedException {
            long at = System.currentTimeMillis();
            long pid = ctx.stack.kill9(part);
            ctx.say("killed %s (pid %d) with SIGKILL", label, pid);
            long recovered = ctx.awaitTrue(() -> ctx.stack.process(part).isPresent() && ctx.pipelineHealthySince(at));
            String note = ctx.stack
                            .process(part)
                            .map(p -> "replaced by pid " + p.pid())
                            .orElse("not replaced")
                    + ctx.flink
                            .job()
                            .map(j -> ", job " + j.jobId().substring(0, 8) + " " + j.state())
                            .orElse("");
            return new Outcome(name(), disruptsApi(), at, at, recovered, note);
        }
    }

    /** {@code kill -9} of edge-api and live-push together; the supervisor restarts them. */
    record KillServices() implements Fault {
        @Override
        public String name() {
            return "kill -9 edge-api + live-push";
        }

        @Override
        public boolean disruptsApi() {
            return true;
        }

        @Override
        public Outcome inject(FaultContext ctx) throws InterruptedException {
            long at = System.currentTimeMillis();
            long edge = ctx.stack.kill9("edge-api");
            long push = ctx.stack.kill9("live-push");
            ctx.say("killed edge-api (pid %d) and live-push (pid %d) with SIGKILL", edge, push);
            long recovered = ctx.awaitTrue(() -> ctx.stack.servicesHealthy());
            String note = "restarted as pids "
                    + ctx.stack
                            .process("edge-api")
                            .map(p -> String.valueOf(p.pid()))
                            .orElse("-") + ", "
                    + ctx.stack
                            .process("live-push")
                            .map(p -> String.valueOf(p.pid()))
                            .orElse("-");
            return new Outcome(name(), disruptsApi(), at, at, recovered, note);
        }
    }

    /** {@code bin/streamer PART stop}, a pause, {@code bin/streamer PART start}: an outage of the broker or database. */
    record StopFor(String part, String label, Duration hold) implements Fault {
        @Override
        public String name() {
            return label + " stopped " + hold.toSeconds() + " s";
        }

        @Override
        public boolean disruptsApi() {
            return true;
        }

        @Override
        public Outcome inject(FaultContext ctx) throws InterruptedException {
            long at = System.currentTimeMillis();
            Stack.Result stop = ctx.stack.streamer(Duration.ofMinutes(2), part, "stop");
            ctx.say(
                    "bin/streamer %s stop: exit %d after %.1f s; holding %d s",
                    part, stop.exit(), stop.took().toMillis() / 1000.0, hold.toSeconds());
            long until = at + hold.toMillis();
            while (System.currentTimeMillis() < until) {
                Thread.sleep(Math.min(500, Math.max(1, until - System.currentTimeMillis())));
            }
            long restart = System.currentTimeMillis();
            Stack.Result start = ctx.stack.streamer(Duration.ofMinutes(3), part, "start");
            ctx.say(
                    "bin/streamer %s start: exit %d after %.1f s",
                    part, start.exit(), start.took().toMillis() / 1000.0);
            long recovered = start.ok() ? ctx.awaitTrue(() -> ctx.pipelineHealthySince(restart)) : -1;
            String note = start.ok()
                    ? "started again after " + Math.round((restart - at) / 1000.0) + " s"
                    : "start failed: " + start.tail();
            return new Outcome(name(), disruptsApi(), at, restart, recovered, note);
        }
    }

    /** {@code bin/streamer down} then {@code up} at {@code parallelism}: the job stops with a savepoint and resumes. */
    record DownUp(int parallelism) implements Fault {
        @Override
        public String name() {
            return "down + up, parallelism " + parallelism;
        }

        @Override
        public boolean disruptsApi() {
            return true;
        }

        @Override
        public Outcome inject(FaultContext ctx) throws InterruptedException {
            long at = System.currentTimeMillis();
            Stack.Result down = ctx.stack.streamer(Duration.ofMinutes(4), "down");
            ctx.say(
                    "bin/streamer down: exit %d after %.1f s",
                    down.exit(), down.took().toMillis() / 1000.0);
            Stack.Result up = ctx.stack.streamer(
                    Duration.ofMinutes(6),
                    "up",
                    "--no-generator",
                    "--no-build",
                    "--parallelism",
                    String.valueOf(parallelism));
            ctx.say(
                    "bin/streamer up --parallelism %d: exit %d after %.1f s",
                    parallelism, up.exit(), up.took().toMillis() / 1000.0);
            long upDone = System.currentTimeMillis();
            long recovered = down.ok() && up.ok() ? ctx.awaitTrue(() -> ctx.pipelineHealthySince(at)) : -1;
            String note = !down.ok()
                    ? "down failed: " + down.tail()
                    : !up.ok()
                            ? "up failed: " + up.tail()
                            : String.format(
                                    "down %.0f s, up %.0f s%s",
                                    down.took().toMillis() / 1000.0,
                                    up.took().toMillis() / 1000.0,
                                    resumedFrom(up.tail()));
            return new Outcome(name(), disruptsApi(), at, at, recovered >= 0 ? Math.max(recovered, upDone) : -1, note);
        }

        private static String resumedFrom(String upOutput) {
            for (String line : upOutput.split("\n")) {
                if (line.contains("savepoint") || line.contains("checkpoint")) {
                    return "; " + line.replaceFirst("^streamer: ", "").trim();
                }
            }
            return "";
        }
    }

    /**
     * Two records no client could send through edge-api, produced straight onto the activity topic: random bytes at
     * the topic's size limit and 300 KB of control bytes. Both must end on the DLQ (recognised by the SHA-256 of
     * their value) while the job keeps running without a restart.
     */
    record PoisonRecords(long seed) implements Fault {
        static final int CONTROL_BYTES = 300 * 1024;

        @Override
        public String name() {
            return "poison: 1 MB random + 300 KB control bytes";
        }

        @Override
        public boolean disruptsApi() {
            return false;
        }

        @Override
        public Outcome inject(FaultContext ctx) throws InterruptedException {
            String bootstrap = ctx.stack.endpoints().bootstrap();
            long restartsBefore =
                    ctx.flink.job().map(FlinkRest.JobView::restarts).orElse(-1L);
            int limit = topicSizeLimit(bootstrap);
            Random random = new Random(seed);
            byte[] noise = new byte[limit - 1024];
            random.nextBytes(noise);
            byte[] control = new byte[CONTROL_BYTES];
            for (int i = 0; i < control.length; i++) {
                control[i] = (byte) random.nextInt(0x20);
            }
            Set<String> expected = new HashSet<>(List.of(sha256(noise), sha256(control)));
            try (KafkaConsumer<byte[], byte[]> dlq = dlqConsumer(bootstrap)) {
                long at = System.currentTimeMillis();
                produce(bootstrap, limit, List.of(noise, control));
                ctx.say(
                        "produced %d B of random bytes and %d B of control bytes onto %s (topic limit %d B)",
                        noise.length, control.length, Topics.ACTIVITY, limit);
                Set<String> found = new HashSet<>();
                long deadline = at + ctx.recoveryTimeout.toMillis();
                int largest = 0;
                while (!found.containsAll(expected) && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : dlq.poll(Duration.ofMillis(500))) {
                        String text = (r.value() == null ? "" : new String(r.value(), StandardCharsets.ISO_8859_1))
                                + headersText(r);
                        for (String hash : expected) {
                            if (text.contains(hash)) {
                                found.add(hash);
                                largest = Math.max(largest, r.serializedValueSize());
                            }
                        }
                    }
                }
                long dlqAt = found.containsAll(expected) ? System.currentTimeMillis() : -1;
                long recovered = dlqAt < 0 ? -1 : ctx.awaitTrue(() -> ctx.flink.healthySince(dlqAt));
                long restartsAfter =
                        ctx.flink.job().map(FlinkRest.JobView::restarts).orElse(-1L);
                boolean noRestart = restartsBefore >= 0 && restartsAfter == restartsBefore;
                String note = (dlqAt < 0
                                ? "found " + found.size() + " of 2 on the DLQ"
                                : "both on the DLQ after " + Math.round((dlqAt - at) / 100.0) / 10.0
                                        + " s, largest DLQ record " + largest + " B")
                        + "; job restarts " + restartsBefore + " -> " + restartsAfter;
                return new Outcome(name(), disruptsApi(), at, at, noRestart ? recovered : -1, note);
            }
        }

        private static int topicSizeLimit(String bootstrap) throws InterruptedException {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (Admin admin = Admin.create(p)) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ACTIVITY);
                Map<ConfigResource, Config> configs =
                        admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                return Integer.parseInt(
                        configs.get(topic).get("max.message.bytes").value());
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("cannot read max.message.bytes of " + Topics.ACTIVITY + ": " + e, e);
            }
        }

        private static void produce(String bootstrap, int limit, List<byte[]> values) throws InterruptedException {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limit + 64 * 1024);
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * limit);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
                List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
                for (byte[] value : values) {
                    acks.add(producer.send(new ProducerRecord<>(Topics.ACTIVITY, null, value)));
                }
                for (var ack : acks) {
                    ack.get(60, TimeUnit.SECONDS);
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the broker refused the poison records: " + e, e);
            }
        }

        private static KafkaConsumer<byte[], byte[]> dlqConsumer(String bootstrap) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p);
            List<TopicPartition> partitions = c.partitionsFor(Topics.ACTIVITY_DLQ, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition()))
                    .toList();
            c.assign(partitions);
            c.seekToEnd(partitions);
            partitions.forEach(c::position); // fixes "the end" now, before the poison is produced
            return c;
        }

        private static String headersText(ConsumerRecord<byte[], byte[]> r) {
            StringBuilder b = new StringBuilder();
            for (Header h : r.headers()) {
                b.append(' ').append(h.key()).append('=').append(new String(h.value(), StandardCharsets.ISO_8859_1));
            }
            return b.toString();
        }

        static String sha256(byte[] bytes) {
            try {
                return HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
