package dev.streamer.flink.functions;

import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.CommunityWindowPart;
import dev.streamer.flink.records.WindowAcc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.internal.InternalMapState;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Everything the job counts passes here first, keyed by community (all events of a community are in one Kafka
 * partition, so they arrive in log order in every run): one de-duplication of event ids, then the community's
 * tumbling event-time windows. First occurrences of post events go on to the feed ({@link #POST_EVENTS}), so the
 * windows and the feed count the same events.
 *
 * <p><b>De-duplication.</b> An event id is remembered for {@code dedupTtl} of event time after its window's end
 * ({@code occurredAt} + {@code dedupTtl} at least; edge-api republishes an event, same id and {@code occurredAt},
 * for at most the contract's {@code DEDUP_HORIZON}). A record written more than {@code dedupTtl} after its
 * {@code occurredAt} is dropped whether or not its id is still remembered: only a republication can be that old, and
 * deciding by the record keeps a replay's answer the same as the first run's.
 *
 * <p><b>Windows</b> ({@link WindowTimes}): whether an event is on time, late (applied), too late (counted only) or
 * past the retention (not counted) is decided by the record's {@code writtenAt}. A window's {@code revision} is the
 * number of events it has counted, so it grows with the content and the last result of any run, restored or not, has
 * the same revision and content. The watermark decides only when the first result is emitted (when it passes the
 * window's end); after that every counted event re-emits the window. An event that is on time by its record but
 * arrives after the window fired (a replay whose watermark ran ahead) is applied without being late. Every result
 * also goes to {@link #PARTS} with the users it added, for {@link AllCommunitiesWindows}, and so does every sign-in/out
 * applied that names its session.
 *
 * <p><b>Signed-in gauge</b> ({@link SignedInSessions}): each result carries the number of users with a session open at
 * the window's end, from the sign-ins/outs applied with an earlier {@code occurredAt}. A sign-in/out applied after a
 * later window fired changes that window's gauge: it is emitted again (with a revision more when the event was written
 * in or after it, see {@link WindowAcc#revision}).
 *
 * <p>State is per window: its counts, its distinct users and its event ids are keyed state in the window's
 * namespace (as in Flink's own window operator), each dropped as a whole by an event-time timer: counts and users
 * when the watermark passes the retention, ids when it passes the de-duplication horizon. A custom operator rather
 * than a process function, because only an operator has namespaced state; Flink's window operator itself drops
 * too-late events without a trace and cannot count them.
 */
public final class CommunityWindows extends PerWindowOperator<Activity> {

    private static final long serialVersionUID = 1L;

    /** First occurrences of the events that name a post, in log order. */
    public static final OutputTag<Activity> POST_EVENTS = new OutputTag<>("post-events") {};

    public static final OutputTag<CommunityWindowPart> PARTS = new OutputTag<>("community-window-parts") {};

    private static final String[] NO_USERS = {};

    private final long dedupMillis;

    private transient InternalMapState<String, Long, String, Boolean> eventIds;
    private transient Counter duplicates;
    private transient Counter beyondHorizon;
    private transient Counter lateApplied;
    private transient Counter lateCounted;
    private transient Counter droppedTooLate;

    public CommunityWindows(
            Duration size, Duration outOfOrderness, Duration allowedLateness, Duration retention, Duration dedupTtl) {
        super("community-windows", size, outOfOrderness, allowedLateness, retention);
        this.dedupMillis = dedupTtl.toMillis();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        super.open();
        eventIds = (InternalMapState<String, Long, String, Boolean>)
                perWindow(new MapStateDescriptor<>("event-ids", Types.STRING, Types.BOOLEAN));
        var metrics = getMetricGroup();
        duplicates = metrics.counter("duplicateEvents");
        beyondHorizon = metrics.counter("eventsBeyondDedupHorizon");
        lateApplied = metrics.counter("lateEventsApplied");
        lateCounted = metrics.counter("lateEventsCountedOnly");
        droppedTooLate = metrics.counter("eventsDroppedTooLate");
    }

    @Override
    public void processElement(StreamRecord<Activity> element) throws Exception {
        Activity a = element.getValue();
        long start = times.startOf(a.occurredAt());
        if (a.writtenAt() - a.occurredAt() > dedupMillis) {
            beyondHorizon.inc();
            return;
        }
        eventIds.setCurrentNamespace(start);
        if (eventIds.contains(a.eventId())) {
            duplicates.inc();
            return;
        }
        eventIds.put(a.eventId(), Boolean.TRUE);
        if (a.postId() != null) {
            output.collect(POST_EVENTS, new StreamRecord<>(a, element.getTimestamp()));
        }
        count(a, start);
    }

    private void count(Activity a, long start) throws Exception {
        if (a.writtenAt() > times.retainedUntil(start)) {
            droppedTooLate.inc();
            timers.registerEventTimeTimer(start, forgetIdsAt(start)); // its id is kept all the same
            return;
        }
        long watermark = timers.currentWatermark();
        windows.setCurrentNamespace(start);
        WindowAcc acc = windows.value();
        if (acc == null) {
            timers.registerEventTimeTimer(start, forgetIdsAt(start));
            if (watermark >= times.retainedUntil(start)) {
                // the window's state is gone already: the record was read long after it was written (not expected)
                droppedTooLate.inc();
                return;
            }
            acc = newWindow(start);
        }
        acc.revision++;
        String newUser = null;
        if (a.writtenAt() > times.appliedUntil(start)) {
            acc.lateEvents++;
            lateCounted.inc();
        } else {
            if (a.writtenAt() > times.onTimeUntil(start)) {
                acc.lateEvents++;
                lateApplied.inc();
            }
            newUser = apply(acc, a, start);
            if (SignedInSessions.counts(a)) {
                applySession(a, acc);
                output.collect(PARTS, new StreamRecord<>(CommunityWindowPart.session(a), a.occurredAt()));
            }
        }
        // the window's time has passed but this community had no event in it yet: its first result now
        boolean firstResult = !acc.fired && watermark >= times.lastMs(start);
        if (firstResult) {
            fire(acc);
        }
        windows.update(acc);
        if (firstResult) {
            emit(acc, usersOf(start));
        } else if (acc.fired) {
            emit(acc, newUser == null ? NO_USERS : new String[] {newUser});
        }
    }

    /** Counts {@code a} in {@code acc}; returns its user if new in the window, else null. */
    private String apply(WindowAcc acc, Activity a, long start) throws Exception {
        users.setCurrentNamespace(start);
        String user = null;
        if (!users.contains(a.userId())) {
            users.put(a.userId(), Boolean.TRUE);
            acc.activeUsers++;
            user = a.userId();
        }
        switch (a.type()) {
            case POST_CREATED -> {
                acc.posts++;
                if (a.emotion() != null) {
                    acc.emotions[a.emotion().ordinal()]++;
                }
            }
            case POST_LIKED -> acc.likes++;
            case COMMENT_ADDED -> acc.comments++;
            case POST_SHARED -> acc.shares++;
            default -> {
                // sign-ins, sign-outs and unlikes only count as activity of their user
            }
        }
        return user;
    }

    @Override
    void emitAgain(WindowAcc acc) throws Exception {
        emit(acc, NO_USERS);
    }

    private void emit(WindowAcc acc, String[] newUsers) throws Exception {
        WindowResult result = emit(acc);
        output.collect(
                PARTS, new StreamRecord<>(new CommunityWindowPart(result, newUsers), times.lastMs(acc.windowStart)));
    }

    private long forgetIdsAt(long start) {
        long end = times.end(start);
        return end > Long.MAX_VALUE - dedupMillis ? Long.MAX_VALUE : end + dedupMillis;
    }

    @Override
    public void onEventTime(InternalTimer<String, Long> timer) throws Exception {
        long start = timer.getNamespace();
        long time = timer.getTimestamp();
        if (time == times.lastMs(start)) {
            windows.setCurrentNamespace(start);
            WindowAcc acc = windows.value();
            if (acc != null && !acc.fired) {
                fire(acc);
                windows.update(acc);
                emit(acc, usersOf(start));
            }
        }
        if (time == times.retainedUntil(start)) {
            dropWindow(start);
        }
        if (time == forgetIdsAt(start)) {
            eventIds.setCurrentNamespace(start);
            eventIds.clear();
        }
    }

    private String[] usersOf(long start) throws Exception {
        users.setCurrentNamespace(start);
        List<String> all = new ArrayList<>();
        for (String user : users.keys()) {
            all.add(user);
        }
        return all.toArray(NO_USERS);
    }
}
