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
 * that the codec cannot even read) becomes a bounded {@link Rejected} for the DLQ, whatever its size and bytes.
 */
public final class ActivityDeserializer implements KafkaRecordDeserializationSchema<Incoming> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Incoming> out) {
        // collect() runs the chained operators: their failures must fail the task, not send a record to the DLQ
        out.collect(decode(record));
    }

    /** The record decoded, or rejected; never throws for any key and value. */
    public static Incoming decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return Incoming.accepted(Activity.of(EventCodec.decode(record.value()), record.timestamp()));
        } catch (ContractViolation e) {
            return Incoming.rejected(rejected(record, e.reason().name(), e.field(), e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // The codec promises ContractViolation (Jackson's read limits on nesting, number and string length
            // included); anything else is still bad data, never a reason to fail the job. A stack overflow is
            // thrown by input too (a parser that recurses on nesting) and leaves the task intact once unwound.
            return Incoming.rejected(
                    rejected(record, ContractViolation.Reason.MALFORMED_JSON.name(), null, "undecodable record: " + e));
        }
    }

    private static Rejected rejected(ConsumerRecord<byte[], byte[]> r, String reason, String field, String detail) {
        return Rejected.of(
                r.key(), r.value(), reason, field, detail, r.topic(), r.partition(), r.offset(), r.timestamp());
    }

    @Override
    public TypeInformation<Incoming> getProducedType() {
        return TypeInformation.of(Incoming.class);
    }
}
