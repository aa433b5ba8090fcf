package dev.streamer.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.streamer.contract.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The ground-truth report a run writes on exit (format documented in generator/README.md).
 *
 * @param unfinishedRequests requests still without an answer when the run was stopped: their events may or may not
 *                           have been accepted, so the truth is exact only when this is 0
 * @param exact              no unfinished requests, no uncertain attempts and sign-in/out windows certain: MySQL must
 *                           equal this report
 */
public record Report(
        String mode,
        String baseUrl,
        long seed,
        long startedAt,
        long finishedAt,
        long windowMillis,
        long unfinishedRequests,
        boolean exact,
        RequestSummary requests,
        Truth truth,
        Attempts attempts) {

    /**
     * Every attempt of every request of the run (set-up included), answered or not: per second of wall-clock time
     * the attempts answered 2xx ({@code ok}) and the others ({@code failed}), and the failed ones one by one (the
     * first {@value AttemptRecord#MAX_FAILURES}; {@code failuresNotListed} counts the rest).
     */
    public record Attempts(List<AttemptSecond> perSecond, List<FailedAttempt> failures, long failuresNotListed) {}

    /** Attempts answered in one second ({@code second}: epoch seconds). */
    public record AttemptSecond(long second, long ok, long failed) {}

    /**
     * One attempt that did not get a 2xx: its status ({@code "io"} when no answer came) and the request, ids replaced
     * by {@code {id}}, e.g. {@code POST /api/posts/{id}/like}.
     */
    public record FailedAttempt(long sentAt, long receivedAt, String status, String request) {}

    /**
     * What edge-api accepted and what it implies.
     *
     * @param uncertainAttempts attempts answered 5xx or not at all: each may have put a record on the activity topic that
     *                          is not counted here (with an Idempotency-Key, a repeat of an accepted event's id)
     * @param uncertainEvents   events that may exist beyond this truth: requests with an Idempotency-Key that ended
     *                          without a 2xx, and failed attempts of requests without one (sign-in/out); the truth is
     *                          exact only when this is 0
     */
    public record Truth(
            long acceptedEvents,
            Map<String, Long> acceptedByType,
            long uncertainAttempts,
            long uncertainEvents,
            SignEventTiming signEventTiming,
            List<WindowCounts> windows,
            List<PostCounts> posts) {}

    /** How certain the windows of sign-in/out events are (see {@link GroundTruth}). */
    public record SignEventTiming(String method, long approximateEvents, long clockViolations, boolean exact) {}

    /**
     * Accepted events of one community (or "all") in one window [windowStart, windowEnd). {@code likes} counts
     * POST_LIKED events; {@code unlikes} is tracked but not part of the agreed window semantics.
     */
    public record WindowCounts(
            String communityId,
            long windowStart,
            long windowEnd,
            long activeUsers,
            long posts,
            long likes,
            long unlikes,
            long comments,
            long shares,
            long signIns,
            long signOuts,
            long approximateSignEvents,
            long signedIn) {

        /** Counts without the signed-in gauge (0): no sign-in of the run named its session. */
        public WindowCounts(
                String communityId,
                long windowStart,
                long windowEnd,
                long activeUsers,
                long posts,
                long likes,
                long unlikes,
                long comments,
                long shares,
                long signIns,
                long signOuts,
                long approximateSignEvents) {
            this(
                    communityId,
                    windowStart,
                    windowEnd,
                    activeUsers,
                    posts,
                    likes,
                    unlikes,
                    comments,
                    shares,
                    signIns,
                    signOuts,
                    approximateSignEvents,
                    0);
        }
    }

    /**
     * A post this generator created, with its final counts after every accepted event: {@code likedBy} the users who
     * like it in the end (sorted), {@code commentIds} its comments in {@code occurredAt} order.
     */
    public record PostCounts(
            String postId,
            String communityId,
            String authorId,
            long createdAt,
            long likes,
            long comments,
            long shares,
            List<String> likedBy,
            List<String> commentIds) {}

    /** Request outcomes of the main phase (after set-up). */
    public record RequestSummary(
            long requests,
            long accepted,
            Map<String, Long> byStatus,
            long retries,
            double seconds,
            double achievedRate,
            double targetRate,
            double p50Millis,
            double p99Millis,
            double maxMillis,
            long skipped) {}

    public void write(Path file) {
        ObjectMapper mapper = Json.mapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            mapper.writeValue(tmp.toFile(), this);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    public static Report read(Path file) {
        try {
            return Json.mapper().readValue(file.toFile(), Report.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report " + file + ": " + e.getMessage(), e);
        }
    }
}
