package dev.streamer.flink.records;

/**
 * An activity record that did not decode or validate, bound for the DLQ topic.
 *
 * @param key       the original record key (may be null)
 * @param value     the original record value, unchanged (may be null)
 * @param reason    {@code ContractViolation.Reason} name
 * @param field     the JSON field at fault, null when the whole record is
 * @param detail    human-readable explanation
 */
public record Rejected(
        byte[] key,
        byte[] value,
        String reason,
        String field,
        String detail,
        String topic,
        int partition,
        long offset,
        long timestamp) {
}
