package dev.streamer.flink.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Json;
import dev.streamer.contract.Topics;
import dev.streamer.flink.PoisonRecords;
import dev.streamer.flink.functions.ActivityDeserializer;
import dev.streamer.flink.records.Incoming;
import dev.streamer.flink.records.Rejected;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any value up to the broker's record limit (1 MB) becomes a DLQ record of a few KiB: decoding never throws, and the
 * DLQ record carries the reason, the original size and hash and the first 4 KiB.
 */
class DlqRecordsTest {

    /** The bound asserted on every DLQ record: key, value and headers. */
    static final int DLQ_RECORD_MAX = 16 * 1024;

    static Stream<PoisonRecords.Poison> poison() {
        return PoisonRecords.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    void everyPoisonRecordBecomesABoundedDlqRecord(PoisonRecords.Poison poison) throws Exception {
        String what = poison.what();
        byte[] key = poison.key();
        byte[] value = poison.value();
        ConsumerRecord<byte[], byte[]> in = new ConsumerRecord<>("streamer.activity.v1", 2, 41L, key, value);
        Incoming decoded = ActivityDeserializer.decode(in);
        assertThat(decoded.activity()).as(what).isNull();
        Rejected r = decoded.rejected();

        ProducerRecord<byte[], byte[]> out = KafkaResults.dlqRecord("streamer.activity.dlq.v1", r);
        assertThat(size(out)).as("bytes of the DLQ record for " + what).isLessThanOrEqualTo(DLQ_RECORD_MAX);

        JsonNode v = Json.mapper().readTree(out.value());
        assertThat(v.get("reason").asText()).isEqualTo(r.reason()).isEqualTo(poison.reason());
        assertThat(header(out, Topics.DLQ_REASON_HEADER)).isEqualTo(r.reason());
        assertThat(header(out, Topics.DLQ_DETAIL_HEADER))
                .isNotBlank()
                .hasSizeLessThanOrEqualTo(Rejected.DETAIL_MAX_CHARS);
        assertThat(v.get("detail").asText()).hasSizeLessThanOrEqualTo(Rejected.DETAIL_MAX_CHARS);
        assertThat(v.get("topic").asText()).isEqualTo("streamer.activity.v1");
        assertThat(v.get("partition").asInt()).isEqualTo(2);
        assertThat(v.get("offset").asLong()).isEqualTo(41L);
        if (value == null) {
            assertThat(v.get("valueSize").asInt()).isEqualTo(-1);
            assertThat(v.has("valueSha256")).isFalse();
            assertThat(v.has("payloadBase64")).isFalse();
        } else {
            assertThat(v.get("valueSize").asInt()).isEqualTo(value.length);
            assertThat(v.get("valueSha256").asText()).isEqualTo(sha256(value));
            byte[] head = Base64.getDecoder().decode(v.get("payloadBase64").asText());
            assertThat(head).isEqualTo(Arrays.copyOf(value, Math.min(value.length, Rejected.PAYLOAD_HEAD_BYTES)));
            assertThat(v.get("payloadTruncated").asBoolean()).isEqualTo(value.length > Rejected.PAYLOAD_HEAD_BYTES);
        }
        if (key == null) {
            assertThat(out.key()).isNull();
            assertThat(v.get("keySize").asInt()).isEqualTo(-1);
        } else if (key.length <= Rejected.KEY_MAX_BYTES) {
            assertThat(out.key()).as("a small key is kept").isEqualTo(key);
            assertThat(v.has("keySha256")).isFalse();
        } else {
            assertThat(new String(out.key(), StandardCharsets.UTF_8))
                    .as("a large key is replaced by its hash")
                    .isEqualTo(sha256(key));
            assertThat(v.get("keySha256").asText()).isEqualTo(sha256(key));
            assertThat(v.get("keySize").asInt()).isEqualTo(key.length);
        }
    }

    @Test
    void deepNestingStopsAtJacksonsDepthLimitNotInAStackOverflow() {
        Incoming deep = ActivityDeserializer.decode(
                new ConsumerRecord<>("t", 0, 0L, null, "[".repeat(300_000).getBytes(StandardCharsets.UTF_8)));
        assertThat(deep.rejected().detail()).containsIgnoringCase("depth");
    }

    @Test
    void aValidEventIsAcceptedWithTheRecordsWriteTime() {
        byte[] event = EventCodec.encode(ActivityEvent.signedIn(
                "00000000-0000-0000-0000-000000000001", "facebook", "00000000-0000-0000-0000-000000000002", 1_000L));
        ConsumerRecord<byte[], byte[]> in = new ConsumerRecord<>(
                "t",
                0,
                0L,
                5_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                event.length,
                null,
                event,
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
        Incoming decoded = ActivityDeserializer.decode(in);
        assertThat(decoded.rejected()).isNull();
        assertThat(decoded.activity().occurredAt()).isEqualTo(1_000L);
        assertThat(decoded.activity().writtenAt()).isEqualTo(5_000L);
        assertThat(decoded.writtenAt()).isEqualTo(5_000L);
    }

    private static int size(ProducerRecord<byte[], byte[]> r) {
        int n = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        for (Header h : r.headers()) {
            n += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return n;
    }

    private static String header(ProducerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
