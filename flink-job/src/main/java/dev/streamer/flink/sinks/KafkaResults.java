package dev.streamer.flink.sinks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka sinks of the results, at least once (consumers replace by key, DESIGN §6): the feed keyed by post id, the
 * analytics keyed by {@link WindowResult#key()}, and the DLQ keyed like the original record.
 */
public final class KafkaResults {

    private KafkaResults() {}

    public static KafkaSink<FeedPost> feed(String bootstrap, String topic) {
        return sink(bootstrap, (KafkaRecordSerializationSchema<FeedPost>)
                (post, ctx, ts) -> new ProducerRecord<>(topic, null, null, utf8(post.key()), ResultCodec.encode(post)));
    }

    public static KafkaSink<WindowResult> analytics(String bootstrap, String topic) {
        return sink(bootstrap, (KafkaRecordSerializationSchema<WindowResult>) (result, ctx, ts) ->
                new ProducerRecord<>(topic, null, null, utf8(result.key()), ResultCodec.encode(result)));
    }

    /**
     * DLQ records, bounded whatever the original was: the original key (or its hash when large, see
     * {@link Rejected#key()}), a JSON value {@code {reason, field, detail, topic, partition, offset, timestamp, keySize,
     * keySha256, valueSize, valueSha256, payloadBase64, payloadTruncated}} (payloadBase64: the first 4 KiB of the
     * original value, base64) and the reason and detail as headers.
     */
    public static KafkaSink<Rejected> dlq(String bootstrap, String topic) {
        return sink(bootstrap, (KafkaRecordSerializationSchema<Rejected>) (r, ctx, ts) -> dlqRecord(topic, r));
    }

    static ProducerRecord<byte[], byte[]> dlqRecord(String topic, Rejected r) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, null, r.key(), dlqValue(r));
        record.headers().add(Topics.DLQ_REASON_HEADER, utf8(r.reason()));
        record.headers().add(Topics.DLQ_DETAIL_HEADER, utf8(r.detail() == null ? "" : r.detail()));
        return record;
    }

    static byte[] dlqValue(Rejected r) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("reason", r.reason());
        if (r.field() != null) {
            node.put("field", r.field());
        }
        node.put("detail", r.detail());
        node.put("topic", r.topic());
        node.put("partition", r.partition());
        node.put("offset", r.offset());
        node.put("timestamp", r.timestamp());
        node.put("keySize", r.keySize());
        if (r.keyHashed()) {
            node.put("keySha256", new String(r.key(), StandardCharsets.UTF_8));
        }
        node.put("valueSize", r.valueSize());
        if (r.payloadHead() != null) {
            node.put("valueSha256", r.valueSha256());
            node.put("payloadBase64", Base64.getEncoder().encodeToString(r.payloadHead()));
            node.put("payloadTruncated", r.payloadTruncated());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> KafkaSink<T> sink(String bootstrap, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = new Properties();
        producer.setProperty("linger.ms", "5");
        producer.setProperty("compression.type", "lz4");
        return KafkaSink.<T>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
