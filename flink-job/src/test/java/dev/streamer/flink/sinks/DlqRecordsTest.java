package dev.streamer.flink.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Json;
import dev.streamer.contract.Topics;
import dev.streamer.flink.functions.ActivityDeserializer;
import dev.streamer.flink.records.Incoming;
import dev.streamer.flink.records.Rejected;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Any value up to the broker's record limit (1 MB) becomes a DLQ record of a few KiB: decoding never throws, and the
 * DLQ record carries the reason, the original size and hash and the first 4 KiB.
 */
class DlqRecordsTest {

    /** What a producer can send at the broker's default {@code message.max.bytes} (1 MiB + 12), minus headroom. */
    static final int RECORD_LIMIT = 1_048_000;
    /** The bound asserted on every DLQ record: key, value and headers. */
    static final int DLQ_RECORD_MAX = 16 * 1024;

    static Stream<Arguments> poison() {
        byte[] random = new byte[RECORD_LIMIT];
        new Random(13).nextBytes(random);
        byte[] control = new byte[300_000];
        for (int i = 0; i < control.length; i++) {
            control[i] = (byte) (i % 0x20);
        }
        byte[] invalidUtf8 = concat("{\"eventId\":\"".getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
                "\",\"type\":\"USER_SIGNED_IN\"}".getBytes(StandardCharsets.UTF_8));
        byte[] nesting = new byte[300_000];
        Arrays.fill(nesting, (byte) '[');
        byte[] nestedInAnEvent = ("{\"post\":" + "[".repeat(300_000)).getBytes(StandardCharsets.UTF_8);
        byte[] hugeNumber = ("{\"schemaVersion\":1,\"occurredAt\":" + "9".repeat(RECORD_LIMIT - 40) + "}")
                .getBytes(StandardCharsets.UTF_8);
        String envelope = "{\"schemaVersion\":1,\"eventId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"type\":\"POST_CREATED\",\"communityId\":\"facebook\","
                + "\"userId\":\"00000000-0000-0000-0000-000000000002\",\"postId\":\"00000000-0000-0000-0000-000000000003\","
                + "\"occurredAt\":1764130000000,\"post\":{\"text\":\"%s\"}}";
        byte[] hugeText = envelope.formatted("x".repeat(RECORD_LIMIT - envelope.length())).getBytes(StandardCharsets.UTF_8);
        byte[] hugeKey = new byte[500_000];
        Arrays.fill(hugeKey, (byte) 'k');
        return Stream.of(
                Arguments.of("1 MB of random bytes", null, random),
                Arguments.of("300 KB of control bytes", "facebook".getBytes(StandardCharsets.UTF_8), control),
                Arguments.of("invalid UTF-8", null, invalidUtf8),
                Arguments.of("300 KB of [", null, nesting),
                Arguments.of("deep nesting inside an event", null, nestedInAnEvent),
                Arguments.of("a 1 MB number", null, hugeNumber),
                Arguments.of("a valid envelope with a 1 MB text", null, hugeText),
                Arguments.of("a null value", "facebook".getBytes(StandardCharsets.UTF_8), null),
                Arguments.of("an empty value", null, new byte[0]),
                Arguments.of("a 500 KB key", hugeKey, "not json".getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poison")
    void everyPoisonRecordBecomesABoundedDlqRecord(String what, byte[] key, byte[] value) throws Exception {
        ConsumerRecord<byte[], byte[]> in = new ConsumerRecord<>("streamer.activity.v1", 2, 41L, key, value);
        Incoming decoded = ActivityDeserializer.decode(in);
        assertThat(decoded.activity()).as(what).isNull();
        Rejected r = decoded.rejected();

        ProducerRecord<byte[], byte[]> out = KafkaResults.dlqRecord("streamer.activity.dlq.v1", r);
        assertThat(size(out)).as("bytes of the DLQ record for " + what).isLessThanOrEqualTo(DLQ_RECORD_MAX);

        JsonNode v = Json.mapper().readTree(out.value());
        assertThat(v.get("reason").asText()).isEqualTo(r.reason()).isNotBlank();
        assertThat(header(out, Topics.DLQ_REASON_HEADER)).isEqualTo(r.reason());
        assertThat(header(out, Topics.DLQ_DETAIL_HEADER)).isNotBlank().hasSizeLessThanOrEqualTo(Rejected.DETAIL_MAX_CHARS);
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
            assertThat(new String(out.key(), StandardCharsets.UTF_8)).as("a large key is replaced by its hash")
                    .isEqualTo(sha256(key));
            assertThat(v.get("keySha256").asText()).isEqualTo(sha256(key));
            assertThat(v.get("keySize").asInt()).isEqualTo(key.length);
        }
    }

    @Test
    void reasonsNameWhatIsWrong() {
        assertThat(reason(null)).isEqualTo("MALFORMED_JSON");
        assertThat(reason("[[[[".getBytes(StandardCharsets.UTF_8))).isEqualTo("MALFORMED_JSON");
        byte[] text = (byte[]) poison().filter(a -> a.get()[0].toString().contains("1 MB text")).findFirst()
                .orElseThrow().get()[2];
        assertThat(reason(text)).isEqualTo("TEXT_TOO_LONG");
        Incoming deep = ActivityDeserializer.decode(new ConsumerRecord<>("t", 0, 0L, null,
                "[".repeat(300_000).getBytes(StandardCharsets.UTF_8)));
        assertThat(deep.rejected().detail()).as("Jackson's nesting limit, not a stack overflow").containsIgnoringCase("depth");
    }

    @Test
    void aValidEventIsAcceptedWithTheRecordsWriteTime() {
        byte[] event = EventCodec.encode(ActivityEvent.signedIn("00000000-0000-0000-0000-000000000001", "facebook",
                "00000000-0000-0000-0000-000000000002", 1_000L));
        ConsumerRecord<byte[], byte[]> in = new ConsumerRecord<>("t", 0, 0L, 5_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, event.length, null, event,
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
        Incoming decoded = ActivityDeserializer.decode(in);
        assertThat(decoded.rejected()).isNull();
        assertThat(decoded.activity().occurredAt()).isEqualTo(1_000L);
        assertThat(decoded.activity().writtenAt()).isEqualTo(5_000L);
        assertThat(decoded.writtenAt()).isEqualTo(5_000L);
    }

    private static String reason(byte[] value) {
        return ActivityDeserializer.decode(new ConsumerRecord<>("t", 0, 0L, null, value)).rejected().reason();
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

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
