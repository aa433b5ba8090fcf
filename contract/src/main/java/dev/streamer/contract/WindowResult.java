package dev.streamer.contract;

/**
 * Analytics of one community (or {@link Limits#ALL_COMMUNITIES}) for one 30-second event-time window, on
 * {@link Topics#ANALYTICS}, keyed by {@link #key()}. The first result of a window has {@code revision} 0 and
 * {@code update} false; each late event within the allowed lateness re-emits the whole window with the next revision
 * and {@code update} true. A consumer keeps, per key, the highest revision.
 *
 * @param windowStart  inclusive, epoch millis
 * @param windowEnd    exclusive, epoch millis
 * @param activeUsers  distinct users with any activity in the window
 * @param emotions     emotion labels of the window's new posts
 * @param lateEvents   events that arrived after the window had fired (both those applied within the allowed lateness
 *                     and those dropped as too late)
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
