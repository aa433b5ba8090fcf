package dev.streamer.contract;

import java.time.Duration;
import java.util.regex.Pattern;

/** Limits every producer enforces and every consumer may rely on (documented in contract/README.md). */
public final class Limits {
    /** Longest post text, in UTF-16 chars (what Java and JavaScript count). */
    public static final int POST_TEXT_MAX = 5_000;
    /** Longest comment text, in UTF-16 chars. */
    public static final int COMMENT_TEXT_MAX = 2_000;
    /** Community ids are short lower-case slugs; "all" is reserved for the all-communities aggregate. */
    public static final Pattern COMMUNITY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** Usernames: 3..32 of letters, digits, '_', '.', '-'. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");
    /** Ids minted by edge-api: canonical lower-case UUIDs. */
    public static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Schema versions this code reads. */
    public static final int SCHEMA_VERSION = 1;
    /** Community id of the all-communities analytics row and dashboard. */
    public static final String ALL_COMMUNITIES = "all";
    /**
     * The one de-duplication horizon of the product: edge-api answers a retry with the same {@code Idempotency-Key}
     * with the first attempt's event (same {@code eventId}) for this long after the key was first used, and never
     * after; the Flink job remembers every {@code eventId} for at least this long (plus {@link #DEDUP_MARGIN}) of
     * event time after its {@code occurredAt}, so no retry edge-api republishes can count twice.
     */
    public static final Duration DEDUP_HORIZON = Duration.ofHours(1);
    /** What the job keeps event ids beyond {@link #DEDUP_HORIZON}: a retry's own latency and the watermark's bound. */
    public static final Duration DEDUP_MARGIN = Duration.ofMinutes(10);

    private Limits() {}

    /** {@link #UUID} without a regex engine: the stream decoder checks several ids per event. */
    public static boolean isUuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23)
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@link #COMMUNITY_ID} without a regex engine. */
    public static boolean isCommunityId(String s) {
        if (s == null || s.isEmpty() || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
