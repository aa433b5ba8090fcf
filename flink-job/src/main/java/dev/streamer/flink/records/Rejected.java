package dev.streamer.flink.records;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An activity record that did not decode or validate, bound for the DLQ topic, reduced to a bounded size whatever the
 * original was (up to the broker's 1 MB limit): what was wrong, where the record was, how big it was, a SHA-256 of
 * its value and the first {@value #PAYLOAD_HEAD_BYTES} bytes of it. The original is still in the activity topic
 * (until its retention) at {@code topic}/{@code partition}/{@code offset}; the hash tells whether a copy found there
 * or elsewhere is the same record.
 *
 * @param key         the original key if at most {@value #KEY_MAX_BYTES} bytes, else the lower-case hex SHA-256 of it
 *                    (UTF-8); null if the record had none
 * @param keySize     the original key's size in bytes, -1 for none (as Kafka's {@code serializedKeySize})
 * @param keyHashed   whether {@code key} is the hash of the original key
 * @param reason      {@code ContractViolation.Reason} name
 * @param field       the JSON field at fault, null when the whole record is
 * @param detail      human-readable explanation, at most {@value #DETAIL_MAX_CHARS} chars
 * @param valueSize   the original value's size in bytes, -1 for a null value
 * @param valueSha256 lower-case hex SHA-256 of the original value, null for a null value
 * @param payloadHead the first {@value #PAYLOAD_HEAD_BYTES} bytes of the original value (all of it if shorter), null
 *                    for a null value
 */
public record Rejected(
        byte[] key,
        int keySize,
        boolean keyHashed,
        String reason,
        String field,
        String detail,
        String topic,
        int partition,
        long offset,
        long timestamp,
        int valueSize,
        String valueSha256,
        byte[] payloadHead) {

    public static final int PAYLOAD_HEAD_BYTES = 4096;
    public static final int KEY_MAX_BYTES = 256;
    public static final int DETAIL_MAX_CHARS = 500;

    /** The bounded form of a record with this {@code key} and {@code value} that broke the contract. */
    public static Rejected of(
            byte[] key,
            byte[] value,
            String reason,
            String field,
            String detail,
            String topic,
            int partition,
            long offset,
            long timestamp) {
        boolean hashKey = key != null && key.length > KEY_MAX_BYTES;
        byte[] dlqKey = hashKey ? sha256(key).getBytes(StandardCharsets.UTF_8) : key;
        return new Rejected(
                dlqKey,
                key == null ? -1 : key.length,
                hashKey,
                reason,
                field,
                truncate(detail),
                topic,
                partition,
                offset,
                timestamp,
                value == null ? -1 : value.length,
                value == null ? null : sha256(value),
                value == null ? null : Arrays.copyOf(value, Math.min(value.length, PAYLOAD_HEAD_BYTES)));
    }

    public boolean payloadTruncated() {
        return payloadHead != null && payloadHead.length < valueSize;
    }

    static String truncate(String detail) {
        if (detail == null || detail.length() <= DETAIL_MAX_CHARS) {
            return detail;
        }
        int end = DETAIL_MAX_CHARS - 1;
        if (Character.isHighSurrogate(detail.charAt(end - 1))) {
            end--; // never split a surrogate pair
        }
        return detail.substring(0, end) + "…";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
