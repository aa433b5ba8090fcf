package dev.streamer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.PostPayload;
import dev.streamer.contract.Topics;
import dev.streamer.infra.testing.TestKafka;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class KafkaRoundTripIT {

    @Test
    void anEnvelopeGoesThroughTheRealBrokerAndComesBackIntact() throws Exception {
        TestKafka kafka = TestKafka.shared();
        try (KafkaTopics topics = new KafkaTopics(kafka.bootstrapServers(), Duration.ofSeconds(10))) {
            assertThat(topics.list()).containsAll(Topics.ALL);
            assertThat(topics.partitions(Topics.ALL).values()).containsOnly(TestKafka.PARTITIONS);
        }
        ActivityEvent sent = ActivityEvent.postCreated(
                UUID.randomUUID().toString(),
                "instagram",
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                System.currentTimeMillis(),
                new PostPayload("a sunny day at the lake ☀️", null, "alice"));
        try (var producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(Topics.ACTIVITY, sent.communityId(), EventCodec.encode(sent)))
                    .get();
        }
        var received = kafka.read(
                Topics.ACTIVITY,
                r -> sent.communityId().equals(r.key())
                        && EventCodec.decode(r.value()).eventId().equals(sent.eventId()),
                1,
                Duration.ofSeconds(30));
        assertThat(received).hasSize(1);
        assertThat(EventCodec.decode(received.get(0).value())).isEqualTo(sent);
    }
}
