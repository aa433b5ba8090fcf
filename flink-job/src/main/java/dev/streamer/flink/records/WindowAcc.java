package dev.streamer.flink.records;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.WindowResult;

/**
 * Keyed state of one window of one community, or of the all-communities row (mutable POJO: it is updated for every
 * event). The distinct users (and the community's seen event ids) live beside it in map states of the same window.
 */
public class WindowAcc {
    public long windowStart;
    public long activeUsers;
    /** The signed-in gauge at the window's end; taken when it fires, then kept up to date by later sign-ins/outs. */
    public long signedIn;

    public long posts;
    public long likes;
    public long comments;
    public long shares;
    public long[] emotions = new long[Emotion.ALL.size()];
    public long lateEvents;
    /**
     * The number of events the window has counted (applied or counted as late only), plus the sign-ins/outs of earlier
     * windows written in or after it: grows with its content, gauge included.
     */
    public int revision;
    /** A result was emitted: the watermark passed the window's end. */
    public boolean fired;

    public WindowAcc() {}

    public WindowAcc(long windowStart) {
        this.windowStart = windowStart;
    }

    /** The window as a result; {@code update} says that it counts late events. */
    public WindowResult toResult(String communityId, long size) {
        EmotionCounts counts = new EmotionCounts(
                emotions[0], emotions[1], emotions[2], emotions[3], emotions[4], emotions[5], emotions[6]);
        return new WindowResult(
                communityId,
                windowStart,
                windowStart + size,
                activeUsers,
                signedIn,
                posts,
                likes,
                comments,
                shares,
                counts,
                lateEvents,
                revision,
                lateEvents > 0);
    }
}
