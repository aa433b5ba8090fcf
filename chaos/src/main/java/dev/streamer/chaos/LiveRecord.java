package dev.streamer.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.Emotion;
import java.util.ArrayList;
import java.util.List;

/** One analytics record in a form that a WebSocket message and a {@code window_stats} row can be compared in. */
final class LiveRecord {

    private LiveRecord() {}

    static String describe(JsonNode w) {
        List<Long> emotions = new ArrayList<>();
        for (Emotion e : Emotion.ALL) {
            emotions.add(w.path("emotions").path(e.label()).asLong());
        }
        return describe(
                w.path("windowStart").asLong(),
                w.path("activeUsers").asLong(),
                w.path("signedIn").asLong(),
                w.path("posts").asLong(),
                w.path("likes").asLong(),
                w.path("comments").asLong(),
                w.path("shares").asLong(),
                emotions,
                w.path("lateEvents").asLong(),
                w.path("revision").asLong());
    }

    static String describe(StoredState.Window w) {
        return describe(
                w.windowStart(),
                w.activeUsers(),
                w.signedIn(),
                w.posts(),
                w.likes(),
                w.comments(),
                w.shares(),
                w.emotions(),
                w.lateEvents(),
                w.revision());
    }

    private static String describe(
            long start,
            long activeUsers,
            long signedIn,
            long posts,
            long likes,
            long comments,
            long shares,
            List<Long> emotions,
            long lateEvents,
            long revision) {
        return String.format(
                "{window %d: users %d, signed in %d, posts %d, likes %d, comments %d, shares %d, emotions %s,"
                        + " late %d, rev %d}",
                start, activeUsers, signedIn, posts, likes, comments, shares, emotions, lateEvents, revision);
    }
}
