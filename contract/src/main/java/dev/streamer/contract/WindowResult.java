package dev.streamer.contract;

/**
 * Analytics of one community (or {@link Limits#ALL_COMMUNITIES}) for one 30-second event-time window, on
 * {@link Topics#ANALYTICS}, keyed by {@link #key()}. A window is emitted first when the watermark passes its end, then
 * again for every event it counts after that. {@code revision} is the number of events the window has counted so far
 * (for the all-communities row: the sum of its communities' revisions): it grows with the content, and the last
 * result of a window is the same (revision and counts) however often the producing job failed, restored or was
 * rescaled. A consumer keeps, per key, the highest revision.
 *
 * <p>Whether an event is late is decided by when its Kafka record was written, not by when it was processed: an event
 * written after the window's end + the out-of-orderness bound is late (applied and counted in {@code lateEvents});
 * one written after that + the allowed lateness is too late (counted in {@code lateEvents} only).
 *
 * @param windowStart  inclusive, epoch millis
 * @param windowEnd    exclusive, epoch millis
 * @param activeUsers  distinct users with any activity in the window (too-late events excluded)
 * @param signedIn     the signed-in gauge as of the window's end: distinct users with a session open at
 *                     {@code windowEnd} in event time, from the sign-ins/outs applied (too-late ones excluded) with
 *                     {@code occurredAt < windowEnd}. A session is one token: it opens at its USER_SIGNED_IN (one per
 *                     membership at sign-in) and ends at the USER_SIGNED_OUT naming the same token or at the token's
 *                     expiry, whichever is first; a user with two tokens is signed in while either is open. Sign-ins
 *                     and sign-outs without a session payload (written before it existed) are not in the gauge
 * @param emotions     emotion labels of the window's new posts
 * @param lateEvents   late events, both those applied and those too late to be applied
 * @param revision     the number of events counted (applied or counted as late only), plus the sign-ins/outs of
 *                     earlier windows written at or after this window's start (they may change its {@code signedIn}
 *                     after it was first emitted; counting them keeps the revision growing with the content)
 * @param update       the result counts late events, so it revises what on-time data alone showed
 */
public record WindowResult(
        String communityId,
        long windowStart,
        long windowEnd,
        long activeUsers,
        long signedIn,
        long posts,
        long likes,
        long comments,
        long shares,
        EmotionCounts emotions,
        long lateEvents,
        int revision,
        boolean update) {

    /** A result without the signed-in gauge (0), as written before it existed. */
    public WindowResult(
            String communityId,
            long windowStart,
            long windowEnd,
            long activeUsers,
            long posts,
            long likes,
            long comments,
            long shares,
            EmotionCounts emotions,
            long lateEvents,
            int revision,
            boolean update) {
        this(
                communityId,
                windowStart,
                windowEnd,
                activeUsers,
                0,
                posts,
                likes,
                comments,
                shares,
                emotions,
                lateEvents,
                revision,
                update);
    }

    public String key() {
        return key(communityId, windowStart);
    }

    public static String key(String communityId, long windowStart) {
        return communityId + "@" + windowStart;
    }
}
