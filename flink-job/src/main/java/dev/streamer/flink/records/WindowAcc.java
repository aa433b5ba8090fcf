package dev.streamer.flink.records;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.WindowResult;

/**
 * Keyed state of one window of one community (mutable POJO: it is updated for every event). The distinct users and
 * seen event ids live beside it in a MapState until the window closes.
 */
public class WindowAcc {
    public long windowStart;
    public long activeUsers;
    public long posts;
    public long likes;
    public long comments;
    public long shares;
    public long[] emotions = new long[Emotion.ALL.size()];
    public long lateEvents;
    public int revision;
    /** The first result was emitted (the watermark passed the end). */
    public boolean fired;
    /** The allowed lateness is over: the user and event sets are gone, only late events are still counted. */
    public boolean closed;

    public WindowAcc() {
    }

    public WindowAcc(long windowStart) {
        this.windowStart = windowStart;
    }

    public WindowResult toResult(String communityId, long size, boolean update) {
        EmotionCounts counts = new EmotionCounts(emotions[0], emotions[1], emotions[2], emotions[3], emotions[4],
                emotions[5], emotions[6]);
        return new WindowResult(communityId, windowStart, windowStart + size, activeUsers, posts, likes, comments, shares,
                counts, lateEvents, revision, update);
    }
}
