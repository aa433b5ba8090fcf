package dev.streamer.flink.functions;

import dev.streamer.contract.ContractViolation;
import dev.streamer.contract.EventCodec;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.Incoming;
import dev.streamer.flink.records.Rejected;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes activity records with the contract codec. Never throws on bad data: a record that breaks the contract (or
 * that the codec cannot even read) becomes a {@link Rejected} for the DLQ.
 */
public final class ActivityDeserializer implements KafkaRecordDeserializationSchema<Incoming> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Incoming> out) {
        Incoming decoded;
        try {
            decoded = Incoming.accepted(Activity.of(EventCodec.decode(record.value())), record.timestamp());
        } catch (ContractViolation e) {
            decoded = Incoming.rejected(rejected(record, e.reason().name(), e.field(), e.getMessage()));
        } catch (RuntimeException e) {
            // the codec promises ContractViolation; anything else is still bad data, never a reason to fail the job
            decoded = Incoming.rejected(rejected(record, ContractViolation.Reason.MALFORMED_JSON.name(), null,
                    "undecodable record: " + e));
        }
        // outside the try: collect() runs the chained operators, whose failures must fail the task, not go to the DLQ
        out.collect(decoded);
    }

    private static Rejected rejected(ConsumerRecord<byte[], byte[]> r, String reason, String field, String detail) {
        return new Rejected(r.key(), r.value(), reason, field, detail, r.topic(), r.partition(), r.offset(), r.timestamp());
    }

    @Override
    public TypeInformation<Incoming> getProducedType() {
        return TypeInformation.of(Incoming.class);
    }
}
