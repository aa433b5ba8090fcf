package dev.streamer.flink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Byte sequences a producer can put on the activity topic that are not events, up to the broker's record limit. */
public final class PoisonRecords {

    /** What a producer can send at the broker's default {@code message.max.bytes} (1 MiB + 12), minus headroom. */
    public static final int RECORD_LIMIT = 1_048_000;

    /** One poison record and the {@code ContractViolation.Reason} it must be rejected with. */
    public record Poison(String what, byte[] key, byte[] value, String reason) {
        @Override
        public String toString() {
            return what;
        }
    }

    private PoisonRecords() {}

    public static List<Poison> all() {
        byte[] random = new byte[RECORD_LIMIT];
        new Random(13).nextBytes(random);
        byte[] control = new byte[300_000];
        for (int i = 0; i < control.length; i++) {
            control[i] = (byte) (i % 0x20);
        }
        byte[] invalidUtf8 = concat(
                utf8("{\"eventId\":\""),
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
                utf8("\",\"type\":\"USER_SIGNED_IN\"}"));
        byte[] nesting = new byte[300_000];
        Arrays.fill(nesting, (byte) '[');
        byte[] hugeNumber = utf8("{\"schemaVersion\":1,\"occurredAt\":" + "9".repeat(RECORD_LIMIT - 40) + "}");
        String envelope = "{\"schemaVersion\":1,\"eventId\":\"00000000-0000-0000-0000-000000000001\","
                + "\"type\":\"POST_CREATED\",\"communityId\":\"facebook\","
                + "\"userId\":\"00000000-0000-0000-0000-000000000002\",\"postId\":\"00000000-0000-0000-0000-000000000003\","
                + "\"occurredAt\":1764130000000,\"post\":{\"text\":\"%s\"}}";
        byte[] hugeText = utf8(envelope.formatted("x".repeat(RECORD_LIMIT - envelope.length())));
        return List.of(
                new Poison("1 MB of random bytes", null, random, "MALFORMED_JSON"),
                new Poison("300 KB of control bytes", utf8("facebook"), control, "MALFORMED_JSON"),
                new Poison("invalid UTF-8", null, invalidUtf8, "MALFORMED_JSON"),
                new Poison("300 KB of [", null, nesting, "MALFORMED_JSON"),
                new Poison(
                        "deep nesting inside an event",
                        null,
                        utf8("{\"post\":" + "[".repeat(300_000)),
                        "MALFORMED_JSON"),
                new Poison("a 1 MB number", null, hugeNumber, "MALFORMED_JSON"),
                new Poison("a valid envelope with a 1 MB text", null, hugeText, "TEXT_TOO_LONG"),
                new Poison("a null value", utf8("facebook"), null, "MALFORMED_JSON"),
                new Poison("an empty value", null, new byte[0], "MALFORMED_JSON"),
                new Poison("a 500 KB key", utf8("k".repeat(500_000)), utf8("not json"), "MALFORMED_JSON"));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
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
