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
 * @param emotions     emotion labels of the window's new posts
 * @param lateEvents   late events, both those applied and those too late to be applied
 * @param revision     the number of events counted (applied or counted as late only)
 * @param update       the result counts late events, so it revises what on-time data alone showed
 */
public record WindowResult(
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

    public String key() {
        return key(communityId, windowStart);
    }

    public static String key(String communityId, long windowStart) {
        return communityId + "@" + windowStart;
    }
}
